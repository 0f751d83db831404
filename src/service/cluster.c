/*
 * cluster.c - what a write told by another server means for this one's
 * copies (cluster.h; docs/SCALING.md, "Several servers").
 *
 * Every committed write is told on PostgreSQL's channel `voronka` by the
 * schema's triggers (store.h, "changes told between servers"): the org,
 * the table and the ids. For a write of another server (a note whose
 * writer is not one of the server's own connections, whose writes the
 * use cases told its copies already):
 *
 * - a deal, activity, task, payment, client, user or stage change is read
 *   back by its id and told as the use case tells a local write (the live
 *   dataset applies it in place; a row no newer than the dataset's is
 *   skipped by its revision, so a note told twice, or after a reload that
 *   read the row, changes nothing; a row is told as an edit, never as
 *   created, which a replay would skip by its id); a row gone (deleted)
 *   or a bulk write ("*", or more than BATCH_MAX ids) makes the org's
 *   dataset stale, as a local VO_CHANGE_OTHER does;
 * - teams, pipelines, stages, plans, holidays and the org's own row make
 *   it stale too (the dataset reads them whole);
 * - users, API tokens, sessions (a sign-out) and orgs void the cached
 *   credentials and orgs, so a session ended on one server is refused by
 *   the others at once;
 * - any note voids the cached report bodies.
 */
#include "service/cluster.h"

#include <stdlib.h>
#include <string.h>

/* More ids than this in one note: reload rather than read each. */
#define BATCH_MAX 200

struct vo_cluster_listener {
    struct vo_store_listener *listen;
    struct vo_store *st; /* reads the rows told */
    const struct vo_cluster_handler *h;
    unsigned notes;
};

bool vo_cluster_possible(const char *db)
{
    return vo_store_path_is_pg(db);
}

int vo_cluster_pid(struct vo_store *st)
{
    return vo_store_backend_pid(st);
}

vo_err vo_cluster_listen(const char *db, struct vo_cluster_listener **out, struct vo_error *e)
{
    *out = NULL;
    struct vo_cluster_listener *l = calloc(1, sizeof *l);
    if (!l)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    vo_err rc = vo_store_listen(db, &l->listen, e);
    if (!rc)
        rc = vo_store_open(db, VO_STORE_NO_MIGRATE, &l->st, e);
    if (rc) {
        vo_cluster_close(l);
        return rc;
    }
    *out = l;
    return VO_OK;
}

void vo_cluster_close(struct vo_cluster_listener *l)
{
    if (!l)
        return;
    vo_store_listen_close(l->listen);
    vo_store_close(l->st);
    free(l);
}

/* Reads the row of `table` with that id and tells it; false when it
 * cannot (gone, or a table not read by rows). */
static bool tell_row(struct vo_cluster_listener *l, int64_t org, const char *table, int64_t id)
{
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_error e = {0};
    struct vo_change ch = {0};
    struct vo_deal_row deal;
    struct vo_activity act;
    struct vo_task task;
    struct vo_payment pay;
    struct vo_client client;
    struct vo_user user;
    struct vo_stage_change sc;
    int64_t owner = 0;
    vo_err rc = VO_EINVAL;
    if (strcmp(table, "deals") == 0) {
        rc = vo_store_deal_get(l->st, org, id, &a, &deal, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_DEAL, .deal = &deal.d};
    } else if (strcmp(table, "activities") == 0) {
        rc = vo_store_activity_get(l->st, org, id, &a, &act, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_ACTIVITY, .activity = &act};
    } else if (strcmp(table, "tasks") == 0) {
        rc = vo_store_task_get(l->st, org, id, &a, &task, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_TASK, .task = &task};
    } else if (strcmp(table, "payments") == 0) {
        rc = vo_store_payment_get(l->st, org, id, &a, &pay, &owner, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_PAYMENT, .payment = &pay};
    } else if (strcmp(table, "clients") == 0) {
        rc = vo_store_client_get(l->st, org, id, &a, &client, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_CLIENT, .client = &client};
    } else if (strcmp(table, "users") == 0) {
        rc = vo_store_user_get(l->st, org, id, &a, &user, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_USER, .user = &user};
    } else if (strcmp(table, "stage_changes") == 0) {
        rc = vo_store_stage_change_get(l->st, org, id, &sc, &e);
        ch = (struct vo_change){.kind = VO_CHANGE_STAGE_CHANGE, .stage_change = &sc};
    }
    if (rc == VO_OK)
        l->h->change(l->h->ctx, org, &ch);
    vo_arena_cleanup(&a);
    return rc == VO_OK;
}

static bool in(const char *table, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(table, *set) == 0)
            return true;
    return false;
}

static const char *const ROW_TABLES[] = {"deals",   "activities", "tasks",         "payments",
                                         "clients", "users",      "stage_changes", NULL};
static const char *const RELOAD_TABLES[] = {"teams",    "pipelines", "stages", "plans",
                                            "holidays", "orgs",      NULL};
static const char *const META_TABLES[] = {"users", "api_tokens", "sessions", "orgs", NULL};

/* Tells each row of a note's ids, or makes the org stale. */
static void tell_rows(struct vo_cluster_listener *l, const struct vo_store_note *n)
{
    bool ok = strcmp(n->ids, "*") != 0;
    gchar **ids = ok ? g_strsplit(n->ids, ",", BATCH_MAX + 2) : NULL;
    ok = ok && g_strv_length(ids) <= BATCH_MAX;
    for (guint i = 0; ok && ids[i]; i++) {
        gint64 id = 0;
        ok = g_ascii_string_to_signed(ids[i], 10, 1, G_MAXINT64, &id, NULL) &&
             tell_row(l, n->org, n->table, id);
    }
    g_strfreev(ids);
    if (!ok)
        l->h->stale(l->h->ctx, n->org);
}

static void on_note(void *ctx, const struct vo_store_note *n)
{
    struct vo_cluster_listener *l = ctx;
    const struct vo_cluster_handler *h = l->h;
    if (h->own(h->ctx, n->pid))
        return;
    l->notes++;
    if (in(n->table, ROW_TABLES))
        tell_rows(l, n);
    else if (in(n->table, RELOAD_TABLES))
        h->stale(h->ctx, n->org);
    if (in(n->table, META_TABLES))
        h->meta(h->ctx);
    h->any(h->ctx);
}

vo_err vo_cluster_wait(struct vo_cluster_listener *l, int timeout_ms,
                       const struct vo_cluster_handler *h, unsigned *notes, struct vo_error *e)
{
    l->h = h;
    l->notes = 0;
    vo_err rc = vo_store_listen_wait(l->listen, timeout_ms, on_note, l, e);
    if (notes)
        *notes += l->notes;
    return rc;
}
