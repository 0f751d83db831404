/*
 * sync_store.c - the org's sync sources (sync_store.h; migration 23).
 */
#include "store/sync_store.h"

#include "model/model.h"
#include "store/store.h"
#include "store/store_int.h"

#define SYNC_COLS                                                                                  \
    "id, org_id, name, kind, url, sealed, cursor, last_run_at, last_status, last_deals, "          \
    "created_by, created_at"

VO_ST_ROW_FN(sync_row, vo_sync_source, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(name),
             VO_C_TEXT(kind), VO_C_TEXT(url), VO_C_TEXT(sealed), VO_C_INT(cursor),
             VO_C_OPT(last_run_at), VO_C_TEXT(last_status), VO_C_INT(last_deals),
             VO_C_INT(created_by), VO_C_INT(created_at))

static const char SQL_SYNC_INSERT[] =
    "INSERT INTO sync_sources(org_id, name, kind, url, sealed, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

vo_err vo_store_sync_insert(struct vo_store *st, const struct vo_sync_source *s, int64_t *id,
                            struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(s->org_id),  VO_P_TEXT(s->name),     VO_P_TEXT(s->kind),     VO_P_TEXT(s->url),
        VO_P_TEXT(s->sealed), VO_P_ID(s->created_by), VO_P_I64(s->created_at)};
    return vo_st_insert(st, SQL_SYNC_INSERT, p, VO_ST_N(p), id, "sync source", e);
}

static const char SQL_SYNC_LIST[] =
    "SELECT " SYNC_COLS " FROM sync_sources WHERE org_id = ?1 ORDER BY id";

vo_err vo_store_sync_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                          struct vo_sync_source **out, size_t *n, struct vo_error *e)
{
    return vo_st_list_by(st, SQL_SYNC_LIST, org, a, sizeof **out, sync_row, out, n, "sync sources",
                         e);
}

static const char SQL_SYNC_GET[] =
    "SELECT " SYNC_COLS " FROM sync_sources WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_sync_get, struct vo_sync_source, SQL_SYNC_GET, sync_row, "sync source")

static const char SQL_SYNC_DELETE[] = "DELETE FROM sync_sources WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_sync_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_change_one(st, SQL_SYNC_DELETE, p, VO_ST_N(p), "sync source", "id", "sync source",
                            id, e);
}

static const char SQL_SYNC_RAN[] = "UPDATE sync_sources SET last_run_at = ?3, last_status = ?4, "
                                   "last_deals = CASE WHEN ?4 = 'ok' THEN ?5 ELSE last_deals END, "
                                   "cursor = CASE WHEN ?6 > cursor THEN ?6 ELSE cursor END "
                                   "WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_sync_ran(struct vo_store *st, int64_t org, int64_t id, int64_t at,
                         const char *status, int64_t deals, int64_t cursor, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org),     VO_P_I64(id),    VO_P_I64(at),
                                    VO_P_TEXT(status), VO_P_I64(deals), VO_P_I64(cursor)};
    return vo_st_change_one(st, SQL_SYNC_RAN, p, VO_ST_N(p), "sync source", "id", "sync source", id,
                            e);
}
