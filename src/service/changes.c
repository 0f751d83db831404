/*
 * changes.c - what an update changed, for its audit row (and so for the
 * timelines' "changed" items): the editable fields of the object read
 * before and after the write in the write's transaction
 * (vo_store_snapshot), and the difference as JSON
 * {"field": {"old": v, "new": v}, ...}.
 */
#include "service/crm.h"

#include <jansson.h>
#include <stdlib.h>

const char *vo_svc_snapshot(struct vo_svc *svc, enum vo_snap_kind k, int64_t id)
{
    const char *s = NULL;
    struct vo_error ignored = {0};
    if (vo_store_snapshot(svc->st, k, svc->org.id, id, svc->arena, &s, &ignored))
        return NULL;
    return s;
}

const char *vo_svc_changes(struct vo_svc *svc, enum vo_snap_kind k, int64_t id, const char *before)
{
    const char *after = vo_svc_snapshot(svc, k, id);
    json_t *b = before ? json_loads(before, 0, NULL) : NULL;
    json_t *a = after ? json_loads(after, 0, NULL) : NULL;
    json_t *diff = json_object();
    const char *key;
    json_t *v;
    const char *out = NULL;
    if (json_is_object(a) && json_is_object(b)) {
        json_object_foreach(a, key, v)
        {
            json_t *old = json_object_get(b, key);
            if (old && json_equal(old, v))
                continue;
            json_object_set_new(diff, key,
                                json_pack("{s:O, s:O}", "old", old ? old : json_null(), "new", v));
        }
    }
    if (json_object_size(diff)) {
        char *t = json_dumps(diff, JSON_COMPACT | JSON_SORT_KEYS);
        if (t)
            out = vo_arena_strdup(svc->arena, t);
        free(t);
    }
    json_decref(diff);
    json_decref(a);
    json_decref(b);
    return out;
}
