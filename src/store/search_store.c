/*
 * search_store.c - the global search (deal titles; client names, INN,
 * phone digits, e-mail; contact names, phones' digits, e-mails), newest
 * first, narrowed to one owner's objects for a manager (a contact's owner
 * is its client's).
 *
 * On SQLite the index is FTS5's (migration 8): the text is one quoted
 * phrase with a prefix star ("ром" finds "Ромашка"; quotes inside doubled,
 * so nothing typed is FTS5 syntax), and a manager's query also names
 * their owner token. On PostgreSQL it is a table with a trigram index of
 * the folded title and body (pg_schema.c): the text, folded and with its
 * LIKE wildcards escaped, is found anywhere in them. Both are bound as a
 * parameter.
 */
#include "store/store_int.h"

#include <glib.h>

#define SEARCH_COLS                                                                                \
    "SELECT f.kind, f.obj_id, COALESCE(d.title, c.name, k.name, ''), "                             \
    "CASE f.kind WHEN 'deal' THEN dc.name WHEN 'client' THEN COALESCE(c.inn, c.phone, c.email) "   \
    "ELSE kc.name || COALESCE(', ' || k.role, '') END "                                            \
    "FROM search_fts f "                                                                           \
    "LEFT JOIN deals d ON f.kind = 'deal' AND d.org_id = f.org_id AND d.id = f.obj_id "            \
    "LEFT JOIN clients dc ON dc.org_id = f.org_id AND dc.id = d.client_id "                        \
    "LEFT JOIN clients c ON f.kind = 'client' AND c.org_id = f.org_id AND c.id = f.obj_id "        \
    "LEFT JOIN contacts k ON f.kind = 'contact' AND k.org_id = f.org_id AND k.id = f.obj_id "      \
    "LEFT JOIN clients kc ON kc.org_id = f.org_id AND kc.id = k.client_id "
#define SEARCH_OWNER " AND (?3 IS NULL OR d.owner_id = ?3 OR c.owner_id = ?3 OR kc.owner_id = ?3) "

static const char SQL_SEARCH[] = SEARCH_COLS
    "WHERE search_fts MATCH ?2 AND f.org_id = ?1" SEARCH_OWNER "ORDER BY f.rowid DESC LIMIT ?4";
static const char SQL_SEARCH_PG[] = SEARCH_COLS
    "WHERE f.org_id = ?1 AND vo_fold(f.title || ' ' || f.body) LIKE ?2 ESCAPE '\\'" SEARCH_OWNER
    "ORDER BY f.id DESC LIMIT ?4";

/* The columns of the search's SELECT, in its order. */
VO_ST_ROW_FN(hit_row, vo_search_hit, VO_C_TEXT(kind), VO_C_INT(id), VO_C_TEXT(title),
             VO_C_TEXT(subtitle))

/* text as FTS5's one phrase with a prefix star, in the title and body,
 * and (a manager's) the owner's token. */
static const char *fts5_match(const char *text, int64_t owner, struct vo_arena *a)
{
    GString *m = g_string_new("{title body} : \"");
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            g_string_append_c(m, '"');
        g_string_append_c(m, *p);
    }
    g_string_append(m, "\"*");
    if (owner)
        g_string_append_printf(m, " AND owner : u%lld", (long long)owner);
    const char *out = vo_arena_strdup(a, m->str);
    g_string_free(m, TRUE);
    return out;
}

vo_err vo_store_search(struct vo_store *st, int64_t org, const char *text, int64_t owner,
                       int64_t limit, struct vo_arena *a, struct vo_search_hit **out, size_t *n,
                       struct vo_error *e)
{
    const char *match = st->pg ? vo_st_like(text, a) : fts5_match(text, owner, a);
    if (!match)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(match), VO_P_ID(owner),
                                    VO_P_I64(limit)};
    return vo_st_list(st, st->pg ? SQL_SEARCH_PG : SQL_SEARCH, p, VO_ST_N(p), a, sizeof **out,
                      hit_row, out, n, "search", e);
}
