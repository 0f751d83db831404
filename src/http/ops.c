/*
 * ops.c - the server's operations thread (docs/OPERATIONS.md): at start,
 * every org's dataset loaded once (opts.warm_up; GET /ready answers 200
 * when it is done), then the scheduled backups (opts.backup_dir), on a
 * ticker (ticker.h).
 *
 * Invariants:
 * - `warmed` is written once by the thread (atomic), read by GET /ready;
 * - a tick holds no lock of ours: it takes a store handle from the pool
 *   and gives it back; a backup opens its own connection (the online
 *   backup reads a snapshot while the request threads keep writing);
 * - a backup is due when the newest backup in the directory (by its name's
 *   time) is backup_every_s old or older, so a restart neither doubles one
 *   nor skips one.
 */
#include "http/http_int.h"
#include "http/metrics.h"

#include <stdio.h>
#include <time.h>

#include "http/ticker.h"
#include "service/admin_ops.h"

/* The ticker's period: a backup starts at most this late. */
#define OPS_PERIOD_S 60

struct vo_ops {
    struct vo_ticker tick;
    struct vo_server *s;
    gint warmed; /* 1 once the warm-up ended (atomic) */
    bool warm_tried;
};

static void warm_up(struct vo_ops *o)
{
    struct vo_server *s = o->s;
    struct vo_arena a;
    vo_arena_init(&a, (size_t)1024 * 1024);
    struct vo_error e = {0};
    struct vo_store *st = vo_server_store(s, &e);
    int64_t *ids = NULL;
    size_t n = 0;
    vo_err rc = st ? vo_svc_org_ids(st, &a, &ids, &n, &e) : VO_ESTORE;
    for (size_t i = 0; !rc && i < n; i++) {
        const struct vo_dataset *ds = NULL;
        if ((rc = vo_live_acquire(s, st, ids[i], &ds, &e)) == VO_OK)
            vo_live_release(s, ids[i]);
    }
    if (st)
        vo_server_store_put(s, st);
    if (rc)
        vo_log_event(s, "error", VO_MSG("warm-up failed"), "error",
                     e.msg[0] ? e.msg : "the store cannot be opened");
    else
        vo_log_event(s, "info", VO_MSG("datasets loaded"), NULL, NULL);
    g_atomic_int_set(&o->warmed, 1);
    vo_arena_cleanup(&a);
}

static void backup(struct vo_ops *o)
{
    struct vo_server *s = o->s;
    int64_t now = (int64_t)time(NULL);
    int64_t newest = vo_svc_backup_newest(s->opts.backup_dir);
    if (newest && now - newest < s->opts.backup_every_s)
        return;
    struct vo_error e = {0};
    char *file = NULL;
    vo_err rc = vo_svc_backup_to_dir(s->opts.db_path, s->opts.backup_dir, s->opts.backup_keep, now,
                                     &file, &e);
    vo_metrics_backup(s->metrics, rc == VO_OK);
    if (rc)
        vo_log_event(s, "error", VO_MSG("backup failed"), "error", vo_log_error_text(s, &e));
    else
        vo_log_event(s, "info", VO_MSG("backup written"), "file", file);
    g_free(file);
}

static void tick(void *arg)
{
    struct vo_ops *o = arg;
    if (!o->warm_tried) {
        o->warm_tried = true;
        if (o->s->opts.warm_up)
            warm_up(o);
    }
    if (o->s->opts.backup_dir)
        backup(o);
}

void vo_ops_start(struct vo_server *s)
{
    if (!s->opts.warm_up && !s->opts.backup_dir)
        return;
    struct vo_ops *o = g_new0(struct vo_ops, 1);
    vo_ticker_init(&o->tick);
    o->s = s;
    s->ops = o;
    gint64 period = s->opts.backup_every_s > 0 && s->opts.backup_every_s < OPS_PERIOD_S
                        ? s->opts.backup_every_s
                        : OPS_PERIOD_S;
    vo_ticker_start(&o->tick, "vo-ops", period * G_USEC_PER_SEC, tick, o);
}

bool vo_ops_warmed(struct vo_server *s)
{
    return !s->opts.warm_up || (s->ops && g_atomic_int_get(&s->ops->warmed));
}

void vo_ops_stop(struct vo_server *s)
{
    struct vo_ops *o = s->ops;
    if (!o)
        return;
    vo_ticker_stop(&o->tick, NULL, NULL);
    vo_ticker_clear(&o->tick);
    g_free(o);
    s->ops = NULL;
}
