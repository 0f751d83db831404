/*
 * paging.c - cursor paging. A cursor is base64url of "<sort value>\n<id>":
 * opaque to clients, stable under inserts (keyset paging, not offsets).
 */
#include "http/paging.h"

#include <stdlib.h>
#include <string.h>

vo_err vo_page_limit(struct vo_req *r, int64_t max, int64_t *limit)
{
    const char *lim = vo_req_query(r, "limit");
    if (!lim)
        return VO_OK;
    char *end = NULL;
    long long v = strtoll(lim, &end, 10);
    if (!*lim || *end || v < 1 || v > max)
        return vo_error_set(&r->err, VO_EINVAL, "limit", "limit is a number from 1 to %lld",
                            (long long)max);
    *limit = v;
    return VO_OK;
}

vo_err vo_page_parse(struct vo_req *r, const char *const *allowed, struct vo_page *p)
{
    memset(p, 0, sizeof *p);
    p->limit = 50;
    vo_err rc = vo_page_limit(r, 500, &p->limit);
    if (rc)
        return rc;
    const char *sort = vo_req_query(r, "sort");
    p->sort = allowed && allowed[0] ? allowed[0] : "id";
    if (sort && *sort) {
        p->desc = sort[0] == '-';
        const char *key = p->desc ? sort + 1 : sort;
        bool ok = false;
        for (const char *const *a = allowed; a && *a && !ok; a++)
            if (strcmp(*a, key) == 0) {
                ok = true;
                p->sort = *a;
            }
        if (!ok) {
            GString *list = g_string_new(NULL);
            for (const char *const *a = allowed; a && *a; a++)
                g_string_append_printf(list, "%s%s", a == allowed ? "" : ", ", *a);
            vo_error_set(&r->err, VO_EINVAL, "sort", "cannot sort by \"%s\" (one of: %s)", key,
                         list->str);
            g_string_free(list, TRUE);
            return VO_EINVAL;
        }
    }
    const char *cur = vo_req_query(r, "cursor");
    if (cur && *cur) {
        gsize n = 0;
        char *tmp = g_strdup(cur);
        for (char *q = tmp; *q; q++)
            *q = *q == '-' ? '+' : *q == '_' ? '/' : *q;
        GString *padded = g_string_new(tmp);
        while (padded->len % 4)
            g_string_append_c(padded, '=');
        guchar *raw = g_base64_decode(padded->str, &n);
        g_string_free(padded, TRUE);
        g_free(tmp);
        char *text = raw ? g_strndup((const char *)raw, n) : NULL;
        g_free(raw);
        char *nl = text ? strrchr(text, '\n') : NULL;
        char *end = NULL;
        long long id = nl ? strtoll(nl + 1, &end, 10) : 0;
        if (!nl || !end || *end || id <= 0) {
            g_free(text);
            return vo_error_set(&r->err, VO_EINVAL, "cursor", "not a cursor of this list");
        }
        *nl = '\0';
        p->has_cursor = true;
        p->after_key = vo_arena_strdup(&r->arena, text);
        p->after_id = id;
        g_free(text);
    }
    return VO_OK;
}

const char *vo_page_cursor(struct vo_req *r, const char *key, int64_t id)
{
    char *text = g_strdup_printf("%s\n%lld", key ? key : "", (long long)id);
    char *b64 = g_base64_encode((const guchar *)text, strlen(text));
    for (char *q = b64; *q; q++)
        *q = *q == '+' ? '-' : *q == '/' ? '_' : *q;
    char *eq = strchr(b64, '=');
    if (eq)
        *eq = '\0';
    const char *out = vo_arena_strdup(&r->arena, b64);
    g_free(text);
    g_free(b64);
    return out;
}

void vo_page_respond(struct vo_req *r, json_t *items, const char *next)
{
    vo_req_json(r, 200,
                json_pack("{s:o, s:o}", "items", items, "next_cursor",
                          next ? json_string(next) : json_null()));
}
