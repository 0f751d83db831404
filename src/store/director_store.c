/*
 * director_store.c - the head's free text of the report to the director
 * (store.h, "the report to the director"; migration 12): one row per org,
 * period kind and period start, replaced whole by each save.
 */
#include "store/store_int.h"

#include <string.h>

VO_ST_ROW_FN(note_row, vo_director_note, VO_C_TEXT(text), VO_C_INT(updated_at),
             VO_C_INT(updated_by))

static const char SQL_DN_GET[] = "SELECT text, updated_at, updated_by FROM director_notes "
                                 "WHERE org_id = ?1 AND period = ?2 AND start = ?3";

vo_err vo_store_director_note_get(struct vo_store *st, int64_t org, const char *period,
                                  const char *start, struct vo_arena *a,
                                  struct vo_director_note *out, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(period), VO_P_TEXT(start)};
    memset(out, 0, sizeof *out);
    out->text = "";
    vo_err rc = vo_st_get(st, SQL_DN_GET, p, VO_ST_N(p), a, note_row, out, "director note", e);
    return rc == VO_ENOTFOUND ? VO_OK : rc;
}

static const char SQL_DN_PUT[] =
    "INSERT INTO director_notes(org_id, period, start, text, updated_at, updated_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (org_id, period, start) DO UPDATE SET "
    "text = excluded.text, updated_at = excluded.updated_at, updated_by = excluded.updated_by";

vo_err vo_store_director_note_put(struct vo_store *st, int64_t org, const char *period,
                                  const char *start, const struct vo_director_note *n,
                                  struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org),           VO_P_TEXT(period),
                                    VO_P_TEXT(start),        VO_P_TEXT(n->text),
                                    VO_P_I64(n->updated_at), VO_P_ID(n->updated_by)};
    return vo_st_run(st, SQL_DN_PUT, p, VO_ST_N(p), "director note", e);
}
