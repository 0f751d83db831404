/*
 * webhook_store.c - the outgoing webhooks and their outbox
 * (webhook_store.h; migration 20).
 */
#include "store/webhook_store.h"

#include "model/model.h"
#include "store/store.h"
#include "store/store_int.h"

#define WEBHOOK_COLS                                                                               \
    "id, org_id, url, secret, events, active, failures, disabled_at, created_by, created_at"

VO_ST_ROW_FN(webhook_row, vo_webhook, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(url),
             VO_C_TEXT(secret), VO_C_INT(events), VO_C_INT(active), VO_C_INT(failures),
             VO_C_OPT(disabled_at), VO_C_INT(created_by), VO_C_INT(created_at))

static const char SQL_WH_INSERT[] =
    "INSERT INTO webhooks(org_id, url, secret, events, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

vo_err vo_store_webhook_insert(struct vo_store *st, const struct vo_webhook *w, int64_t *id,
                               struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(w->org_id),    VO_P_TEXT(w->url),
                                    VO_P_TEXT(w->secret),   VO_P_I64(w->events),
                                    VO_P_ID(w->created_by), VO_P_I64(w->created_at)};
    return vo_st_insert(st, SQL_WH_INSERT, p, VO_ST_N(p), id, "webhook", e);
}

static const char SQL_WH_LIST[] =
    "SELECT " WEBHOOK_COLS " FROM webhooks WHERE org_id = ?1 ORDER BY id";

vo_err vo_store_webhook_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                             struct vo_webhook **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_WH_LIST, org, a, sizeof **out, webhook_row, out, n, "webhooks", e);
}

static const char SQL_WH_GET[] =
    "SELECT " WEBHOOK_COLS " FROM webhooks WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_webhook_get, struct vo_webhook, SQL_WH_GET, webhook_row, "webhook")

static const char SQL_WH_UPDATE[] =
    "UPDATE webhooks SET url = ?3, events = ?4, active = ?5, "
    "failures = CASE WHEN ?5 = 1 AND active = 0 THEN 0 ELSE failures END, "
    "disabled_at = CASE WHEN ?5 = 1 THEN NULL ELSE disabled_at END "
    "WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_webhook_update(struct vo_store *st, const struct vo_webhook *w, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(w->org_id), VO_P_I64(w->id), VO_P_TEXT(w->url),
                                    VO_P_I64(w->events), VO_P_I64(w->active ? 1 : 0)};
    return vo_st_change_one(st, SQL_WH_UPDATE, p, VO_ST_N(p), "webhook", "id", "webhook", w->id, e);
}

static const char SQL_WH_DELETE[] = "DELETE FROM webhooks WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_webhook_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_change_one(st, SQL_WH_DELETE, p, VO_ST_N(p), "webhook", "id", "webhook", id, e);
}

static const char SQL_WH_ENQUEUE[] =
    "INSERT INTO webhook_deliveries(org_id, webhook_id, event, payload, next_at, created_at) "
    "SELECT org_id, id, ?3, ?4, ?5, ?5 FROM webhooks "
    "WHERE org_id = ?1 AND active = 1 AND (events & ?2) != 0";

vo_err vo_store_webhook_enqueue(struct vo_store *st, int64_t org, int64_t bit, const char *event,
                                const char *payload, int64_t now, int64_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(bit), VO_P_TEXT(event),
                                    VO_P_TEXT(payload), VO_P_I64(now)};
    vo_err rc = vo_st_run(st, SQL_WH_ENQUEUE, p, VO_ST_N(p), "webhook deliveries", e);
    if (!rc && n)
        *n = vo_changes(st);
    return rc;
}

static const char SQL_WH_LOG[] =
    "INSERT INTO webhook_deliveries(org_id, webhook_id, event, payload, attempt, status, "
    "response_code, error, created_at, delivered_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

vo_err vo_store_webhook_log(struct vo_store *st, const struct vo_webhook_delivery *d, int64_t *id,
                            struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(d->org_id),        VO_P_I64(d->webhook_id),
                                    VO_P_TEXT(d->event),        VO_P_TEXT(d->payload),
                                    VO_P_I64(d->attempt),       VO_P_TEXT(d->status),
                                    VO_P_OPT(d->response_code), VO_P_TEXT(d->error),
                                    VO_P_I64(d->created_at),    VO_P_OPT(d->delivered_at)};
    return vo_st_insert(st, SQL_WH_LOG, p, VO_ST_N(p), id, "webhook delivery", e);
}

#define DELIVERY_COLS                                                                              \
    "d.id, d.org_id, d.webhook_id, d.event, d.payload, d.attempt, d.status, d.next_at, "           \
    "d.response_code, d.error, d.created_at, d.delivered_at"

VO_ST_ROW_FN(delivery_row, vo_webhook_delivery, VO_C_INT(id), VO_C_INT(org_id),
             VO_C_INT(webhook_id), VO_C_TEXT(event), VO_C_TEXT(payload), VO_C_INT(attempt),
             VO_C_TEXT(status), VO_C_OPT(next_at), VO_C_OPT(response_code), VO_C_TEXT(error),
             VO_C_INT(created_at), VO_C_OPT(delivered_at))

VO_ST_ROW_FN(due_row, vo_webhook_delivery, VO_C_INT(id), VO_C_INT(org_id), VO_C_INT(webhook_id),
             VO_C_TEXT(event), VO_C_TEXT(payload), VO_C_INT(attempt), VO_C_TEXT(status),
             VO_C_OPT(next_at), VO_C_OPT(response_code), VO_C_TEXT(error), VO_C_INT(created_at),
             VO_C_OPT(delivered_at), VO_C_TEXT(url), VO_C_TEXT(secret))

static const char SQL_WH_DELIVERIES[] =
    "SELECT " DELIVERY_COLS " FROM webhook_deliveries d "
    "WHERE d.org_id = ?1 AND d.webhook_id = ?2 ORDER BY d.id DESC LIMIT ?3";

vo_err vo_store_webhook_deliveries(struct vo_store *st, int64_t org, int64_t webhook, size_t limit,
                                   struct vo_arena *a, struct vo_webhook_delivery **out, size_t *n,
                                   struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(webhook), VO_P_I64((int64_t)limit)};
    return vo_st_list(st, SQL_WH_DELIVERIES, p, VO_ST_N(p), a, sizeof **out, delivery_row, out, n,
                      "webhook deliveries", e);
}

static const char SQL_WH_DUE[] =
    "SELECT " DELIVERY_COLS ", w.url, w.secret FROM webhook_deliveries d "
    "JOIN webhooks w ON w.id = d.webhook_id AND w.org_id = d.org_id "
    "WHERE d.status = 'pending' AND d.next_at <= ?1 AND w.active = 1 "
    "ORDER BY d.next_at, d.id LIMIT ?2";

vo_err vo_store_webhook_due(struct vo_store *st, int64_t now, size_t limit, struct vo_arena *a,
                            struct vo_webhook_delivery **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(now), VO_P_I64((int64_t)limit)};
    return vo_st_list(st, SQL_WH_DUE, p, VO_ST_N(p), a, sizeof **out, due_row, out, n,
                      "webhook deliveries", e);
}

static const char SQL_WH_PENDING[] =
    "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'";

vo_err vo_store_webhook_pending(struct vo_store *st, int64_t *n, struct vo_error *e)
{
    return vo_st_get(st, SQL_WH_PENDING, NULL, 0, NULL, vo_st_row_i64, n, "webhook deliveries", e);
}

/* The webhook's failures in a row after this attempt (?3: 1 ok, 0 not);
 * the webhook is disabled when they reach ?4. */
static const char SQL_WH_COUNT[] =
    "UPDATE webhooks SET failures = CASE WHEN ?3 = 1 THEN 0 ELSE failures + 1 END, "
    "active = CASE WHEN ?3 = 0 AND failures + 1 >= ?4 THEN 0 ELSE active END, "
    "disabled_at = CASE WHEN ?3 = 0 AND failures + 1 >= ?4 THEN ?5 ELSE disabled_at END "
    "WHERE org_id = ?1 AND id = ?2 RETURNING active";

static const char SQL_WH_RECORD[] =
    "UPDATE webhook_deliveries SET attempt = attempt + 1, status = ?3, next_at = ?4, "
    "response_code = ?5, error = ?6, delivered_at = ?7 WHERE org_id = ?1 AND id = ?2";

/* The webhook's settled deliveries but its newest ?3. */
static const char SQL_WH_PRUNE[] =
    "DELETE FROM webhook_deliveries WHERE org_id = ?3 AND webhook_id = ?1 AND status != 'pending' "
    "AND id <= (SELECT id FROM webhook_deliveries WHERE org_id = ?3 AND webhook_id = ?1 AND "
    "status != 'pending' ORDER BY id DESC LIMIT 1 OFFSET ?2)";

vo_err vo_store_webhook_attempt(struct vo_store *st, const struct vo_webhook_delivery *d,
                                const struct vo_webhook_attempt *x, bool *disabled,
                                struct vo_error *e)
{
    int64_t active = 1;
    const struct vo_st_param pc[] = {VO_P_I64(d->org_id), VO_P_I64(d->webhook_id),
                                     VO_P_I64(x->ok ? 1 : 0), VO_P_I64(x->disable_after),
                                     VO_P_I64(x->at)};
    vo_err rc =
        vo_st_get(st, SQL_WH_COUNT, pc, VO_ST_N(pc), NULL, vo_st_row_i64, &active, "webhook", e);
    if (rc)
        return rc;
    bool off = !x->ok && active == 0;
    const char *status = x->ok                             ? "delivered"
                         : (off || x->retry_at == VO_NULL) ? "failed"
                                                           : "pending";
    const struct vo_st_param pr[] = {VO_P_I64(d->org_id),
                                     VO_P_I64(d->id),
                                     VO_P_TEXT(status),
                                     VO_P_OPT(*status == 'p' ? x->retry_at : VO_NULL),
                                     VO_P_OPT(x->response_code),
                                     VO_P_TEXT(x->error),
                                     VO_P_OPT(x->ok ? x->at : VO_NULL)};
    if ((rc = vo_st_run(st, SQL_WH_RECORD, pr, VO_ST_N(pr), "webhook delivery", e)))
        return rc;
    const struct vo_st_param pp[] = {VO_P_I64(d->webhook_id), VO_P_I64((int64_t)x->keep),
                                     VO_P_I64(d->org_id)};
    if ((rc = vo_st_run(st, SQL_WH_PRUNE, pp, VO_ST_N(pp), "webhook deliveries", e)))
        return rc;
    if (disabled)
        *disabled = off;
    return VO_OK;
}

static const char SQL_WH_ANY[] = "SELECT count(*) FROM webhooks "
                                 "WHERE org_id = ?1 AND active = 1 AND (events & ?2) != 0";

vo_err vo_store_webhook_any(struct vo_store *st, int64_t org, int64_t bit, bool *any,
                            struct vo_error *e)
{
    int64_t n = 0;
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(bit)};
    vo_err rc = vo_st_get(st, SQL_WH_ANY, p, VO_ST_N(p), NULL, vo_st_row_i64, &n, "webhooks", e);
    *any = !rc && n > 0;
    return rc;
}

static const char SQL_WH_RESTORE[] =
    "UPDATE webhooks SET failures = ?3 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_webhook_restore_failures(struct vo_store *st, int64_t org, int64_t id,
                                         int64_t failures, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id), VO_P_I64(failures)};
    return vo_st_run(st, SQL_WH_RESTORE, p, VO_ST_N(p), "webhook", e);
}
