/*
 * paging.h - list parameters every collection endpoint shares: ?limit=
 * (default 50, at most 500), ?cursor= (opaque: the sort key and id of the
 * last item of the previous page), ?sort= (one of the resource's allowed
 * keys, "-key" for descending). The response is
 * {"items":[...], "next_cursor": "…" | null}.
 */
#ifndef VO_HTTP_PAGING_H
#define VO_HTTP_PAGING_H

#include "http/http.h"

struct vo_page {
    int64_t limit;
    const char *sort; /* the key without "-"; the first allowed key by default */
    bool desc;
    bool has_cursor;
    const char *after_key; /* the cursor's sort value (text), NULL when none */
    int64_t after_id;      /* the cursor's id */
};

/* Reads ?limit= when given into *limit (left as it is when absent):
 * VO_EINVAL naming "limit" unless it is a number from 1 to max. */
vo_err vo_page_limit(struct vo_req *r, int64_t max, int64_t *limit);
/* Reads limit, sort (checked against allowed, NULL-terminated; the first is
 * the default) and cursor. VO_EINVAL naming the parameter. */
vo_err vo_page_parse(struct vo_req *r, const char *const *allowed, struct vo_page *p);
/* The cursor that continues after an item with sort value key (text) and
 * id; in the arena. */
const char *vo_page_cursor(struct vo_req *r, const char *key, int64_t id);
/* {"items": items, "next_cursor": next (may be NULL)} as the response. */
void vo_page_respond(struct vo_req *r, json_t *items, const char *next);

#endif
