/*
 * batch.c - many use cases in one transaction (batch.h). The changes the
 * use cases tell while the batch is open are copied (the change and the
 * object each points to; their strings are in svc->arena already, or
 * borrowed from the request, which outlives the batch) and told after the
 * commit, so the live dataset never holds what a rollback took back.
 */
#include "service/batch.h"

#include <string.h>

/* A copy of the n bytes at p in a (NULL for NULL or no memory). */
static const void *copy(struct vo_arena *a, const void *p, size_t n)
{
    void *v = p ? vo_arena_alloc(a, n) : NULL;
    if (v)
        memcpy(v, p, n);
    return v;
}

/* svc->on_change while a batch is open (ctx: the batch): holds c. A copy
 * that fails for memory is held as VO_CHANGE_OTHER (the dataset is then
 * rebuilt from the store). */
static void hold(void *ctx, int64_t org, const struct vo_change *c)
{
    (void)org;
    struct vo_svc_batch *b = ctx;
    struct vo_arena *a = b->arena;
    struct vo_change h = *c;
    bool ok = true;
#define HOLD(m)                                                                                    \
    if (c->m)                                                                                      \
        ok = ok && (h.m = copy(a, c->m, sizeof *c->m)) != NULL;
    HOLD(deal)
    HOLD(stage_change)
    HOLD(activity)
    HOLD(task)
    HOLD(payment)
    HOLD(plan)
    HOLD(client)
    HOLD(user)
#undef HOLD
    if (!ok)
        h = (struct vo_change){.kind = VO_CHANGE_OTHER};
    g_array_append_val(b->held, h);
}

vo_err vo_svc_batch_begin(struct vo_svc *svc, struct vo_svc_batch *b, struct vo_error *e)
{
    memset(b, 0, sizeof *b);
    vo_err rc = vo_store_batch_begin(svc->st, e);
    if (rc)
        return rc;
    b->on_change = svc->on_change;
    b->on_change_ctx = svc->on_change_ctx;
    b->arena = svc->arena;
    b->held = g_array_new(FALSE, FALSE, sizeof(struct vo_change));
    svc->on_change = hold;
    svc->on_change_ctx = b;
    return VO_OK;
}

vo_err vo_svc_batch_end(struct vo_svc *svc, struct vo_svc_batch *b, bool keep, struct vo_error *e)
{
    svc->on_change = b->on_change;
    svc->on_change_ctx = b->on_change_ctx;
    vo_err rc = vo_store_batch_end(svc->st, keep, e);
    for (guint i = 0; keep && !rc && b->held && i < b->held->len; i++)
        vo_svc_emit(svc, &g_array_index(b->held, struct vo_change, i));
    if (b->held)
        g_array_free(b->held, TRUE);
    b->held = NULL;
    return rc;
}
