/*
 * merge.c - merging duplicate clients (issue 10, clients): an admin or
 * the head keeps one client and merges others into it. In one
 * transaction: each duplicate's deals, payments, activities, tasks,
 * contacts, notes and NPS answers move to the kept client, the duplicate
 * is deleted, and an audit row per duplicate ("client.merge" on the kept
 * client) says which it was and how many rows of each kind moved. The
 * figures keep their totals (no deal, payment or activity is lost or
 * doubled), but whatever a live dataset holds per client changes: it is
 * rebuilt from the store (VO_CHANGE_OTHER) after the commit.
 */
#include "service/crm.h"

#include <jansson.h>
#include <stdlib.h>

/* The audit detail of one merged client. */
static const char *merge_detail(struct vo_svc *svc, const struct vo_client *from,
                                const struct vo_merge_counts *c)
{
    json_t *o =
        json_pack("{s:I, s:s}", "from", (json_int_t)from->id, "name", from->name ? from->name : "");
    for (int i = 0; i < VO_MERGE_TABLES; i++)
        json_object_set_new(o, vo_merge_table_names[i], json_integer(c->moved[i]));
    char *t = json_dumps(o, JSON_COMPACT);
    const char *out = t ? vo_arena_strdup(svc->arena, t) : NULL;
    free(t);
    json_decref(o);
    return out;
}

vo_err vo_svc_client_merge(struct vo_svc *svc, int64_t keep, const int64_t *from, size_t n,
                           struct vo_merge_counts *total, struct vo_error *e)
{
    struct vo_client k, f;
    vo_err rc;
    *total = (struct vo_merge_counts){{0}};
    if (!vo_crm_is_lead(svc))
        return vo_error_set(e, VO_EPERM, NULL, "only an admin or the head merges clients");
    if (n == 0)
        return vo_error_set(e, VO_EINVAL, "from", "from: name the clients to merge (ids)");
    for (size_t i = 0; i < n; i++) {
        if (from[i] <= 0 || from[i] == keep)
            return vo_error_set(e, VO_EINVAL, "from",
                                "from: %lld is not another client to merge into %lld",
                                (long long)from[i], (long long)keep);
        for (size_t j = 0; j < i; j++)
            if (from[j] == from[i])
                return vo_error_set(e, VO_EINVAL, "from", "from: %lld is named twice",
                                    (long long)from[i]);
    }
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_client_get(svc->st, svc->org.id, keep, svc->arena, &k, e)))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        struct vo_merge_counts c;
        if (vo_store_client_get(svc->st, svc->org.id, from[i], svc->arena, &f, e)) {
            rc = vo_error_set(e, VO_EINVAL, "from", "from: no client %lld", (long long)from[i]);
            goto fail;
        }
        if ((rc = vo_store_client_merge(svc->st, svc->org.id, keep, from[i], &c, e)) ||
            (rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "client.merge", "client",
                                 keep, merge_detail(svc, &f, &c), e)))
            goto fail;
        for (int t = 0; t < VO_MERGE_TABLES; t++)
            total->moved[t] += c.moved[t];
    }
    if ((rc = vo_store_commit(svc->st, e)))
        goto fail;
    struct vo_change ch = {.kind = VO_CHANGE_OTHER};
    vo_svc_emit(svc, &ch);
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}
