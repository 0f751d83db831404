/*
 * merge_store.c - merging a duplicate client into the one kept (issue 10,
 * clients): every row that names the duplicate is moved to the kept
 * client by one fixed statement per table, then the duplicate is deleted.
 * The caller holds the transaction. An NPS answer of the duplicate at the
 * same instant as one of the kept client's (the key org, client, at) is a
 * copy of it: it stays out and is deleted with the duplicate.
 */
#include "store/store_int.h"

/* One row per table naming a client, in the order of struct
 * vo_merge_counts: ?1 org, ?2 the kept client, ?3 the duplicate. */
static const char *const SQL_MOVE[VO_MERGE_TABLES] = {
    "UPDATE deals SET client_id = ?2 WHERE org_id = ?1 AND client_id = ?3",
    "UPDATE payments SET client_id = ?2 WHERE org_id = ?1 AND client_id = ?3",
    "UPDATE activities SET client_id = ?2 WHERE org_id = ?1 AND client_id = ?3",
    "UPDATE tasks SET client_id = ?2 WHERE org_id = ?1 AND client_id = ?3",
    "UPDATE contacts SET client_id = ?2 WHERE org_id = ?1 AND client_id = ?3",
    "UPDATE notes SET client_id = ?2 WHERE org_id = ?1 AND client_id = ?3",
    "UPDATE nps_responses SET client_id = ?2 WHERE org_id = ?1 AND client_id = ?3 AND NOT EXISTS "
    "(SELECT 1 FROM nps_responses k WHERE k.org_id = ?1 AND k.client_id = ?2 AND k.at = "
    "nps_responses.at)",
};
static const char SQL_NPS_LEFT[] = "DELETE FROM nps_responses WHERE org_id = ?1 AND client_id = ?3";
/* The kept client changed too (it has the duplicate's rows now): a poll of
 * ?updated_since= finds it (migration 22). */
static const char SQL_KEEP_TOUCH[] =
    "UPDATE clients SET updated_at = vo_now() WHERE org_id = ?1 AND id = ?2";
static const char SQL_CLIENT_DELETE[] = "DELETE FROM clients WHERE org_id = ?1 AND id = ?3";

const char *const vo_merge_table_names[VO_MERGE_TABLES] = {
    "deals", "payments", "activities", "tasks", "contacts", "notes", "nps",
};

vo_err vo_store_client_merge(struct vo_store *st, int64_t org, int64_t keep, int64_t from,
                             struct vo_merge_counts *out, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(keep), VO_P_I64(from)};
    vo_err rc = VO_OK;
    for (int i = 0; i < VO_MERGE_TABLES && !rc; i++) {
        rc = vo_st_run(st, SQL_MOVE[i], p, VO_ST_N(p), "merge", e);
        out->moved[i] = rc ? 0 : (int64_t)vo_changes(st);
    }
    if (!rc)
        rc = vo_st_run(st, SQL_NPS_LEFT, p, VO_ST_N(p), "merge", e);
    if (!rc)
        rc = vo_st_run(st, SQL_KEEP_TOUCH, p, 2, "merge", e);
    if (!rc)
        rc = vo_st_change_one(st, SQL_CLIENT_DELETE, p, VO_ST_N(p), "merge", "from", "client", from,
                              e);
    return rc;
}
