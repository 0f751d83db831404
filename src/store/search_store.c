/*
 * search_store.c - the global search over the FTS5 index of migration 8
 * (deal titles; client names, INN, phone digits, e-mail; contact names,
 * phones' digits, e-mails), best match first (FTS5's rank), narrowed to
 * one owner's objects for a manager (a contact's owner is its client's).
 * The query text is bound as a parameter: the service builds it as one
 * quoted FTS5 phrase with a prefix star, so nothing a user types becomes
 * FTS5 syntax.
 */
#include "store/store_int.h"

static const char SQL_SEARCH[] =
    "SELECT f.kind, f.obj_id, COALESCE(d.title, c.name, k.name, ''), "
    "CASE f.kind WHEN 'deal' THEN dc.name WHEN 'client' THEN COALESCE(c.inn, c.phone, c.email) "
    "ELSE kc.name || COALESCE(', ' || k.role, '') END "
    "FROM search_fts f "
    "LEFT JOIN deals d ON f.kind = 'deal' AND d.id = f.obj_id "
    "LEFT JOIN clients dc ON dc.id = d.client_id "
    "LEFT JOIN clients c ON f.kind = 'client' AND c.id = f.obj_id "
    "LEFT JOIN contacts k ON f.kind = 'contact' AND k.id = f.obj_id "
    "LEFT JOIN clients kc ON kc.id = k.client_id "
    "WHERE search_fts MATCH ?2 AND f.org_id = ?1 AND (?3 IS NULL OR d.owner_id = ?3 OR "
    "c.owner_id = ?3 OR kc.owner_id = ?3) ORDER BY f.rowid DESC LIMIT ?4";

/* The columns of the search's SELECT, in its order. */
VO_ST_ROW_FN(hit_row, vo_search_hit, VO_C_TEXT(kind), VO_C_INT(id), VO_C_TEXT(title),
             VO_C_TEXT(subtitle))

vo_err vo_store_search(struct vo_store *st, int64_t org, const char *match, int64_t owner,
                       int64_t limit, struct vo_arena *a, struct vo_search_hit **out, size_t *n,
                       struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(match), VO_P_ID(owner),
                                    VO_P_I64(limit)};
    return vo_st_list(st, SQL_SEARCH, p, VO_ST_N(p), a, sizeof **out, hit_row, out, n, "search", e);
}
