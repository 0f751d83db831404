/*
 * import_match.c - the matching of deals.csv's stages and owners with the
 * org, for the report (docs/import.md, "Stages and users"): before the
 * first row the ids of the org's stages and users are taken; each deal row
 * then counts under its pipeline, stage and status and under its owner,
 * with the ids the import resolved them to. An id the org had before is a
 * match, an id it did not have was created by this import (pipelines.csv,
 * users.csv: a preset makes them from the export), no id is a problem of
 * those rows. The report says what the import does, dry run or not.
 */
#include "service/import_int.h"

const char *vo_import_match_key(enum vo_import_match m)
{
    static const char *const keys[] = {
        [VO_IMPORT_EXISTING] = "existing",
        [VO_IMPORT_CREATED] = "created",
        [VO_IMPORT_UNMATCHED] = "unmatched",
    };
    return keys[m];
}

vo_err imp_match_begin(struct imp *im, struct vo_error *e)
{
    struct vo_svc *svc = im->svc;
    im->old_users = g_hash_table_new(g_int64_hash, g_int64_equal);
    im->old_stages = g_hash_table_new(g_int64_hash, g_int64_equal);
    im->stage_keys = g_hash_table_new(g_str_hash, g_str_equal);
    im->user_keys = g_hash_table_new(g_str_hash, g_str_equal);
    im->match_stages = g_array_new(FALSE, FALSE, sizeof(struct vo_import_stage));
    im->match_users = g_array_new(FALSE, FALSE, sizeof(struct vo_import_user));
    struct vo_user *users = NULL;
    size_t nusers = 0;
    vo_err rc = vo_store_user_list(svc->st, svc->org.id, im->a, &users, &nusers, e);
    for (size_t i = 0; !rc && i < nusers; i++)
        g_hash_table_insert(im->old_users, &users[i].id, &users[i]);
    struct vo_pipeline *pipes = NULL;
    size_t npipes = 0;
    if (!rc)
        rc = vo_store_pipeline_list(svc->st, svc->org.id, im->a, &pipes, &npipes, e);
    for (size_t p = 0; !rc && p < npipes; p++) {
        struct vo_stage *st = NULL;
        size_t n = 0;
        rc = vo_store_stage_list(svc->st, svc->org.id, pipes[p].id, im->a, &st, &n, e);
        for (size_t i = 0; !rc && i < n; i++)
            g_hash_table_insert(im->old_stages, &st[i].id, &st[i]);
    }
    return rc;
}

/* The name of stage id of p (NULL when p does not have it). */
static const char *stage_name(const struct pipe *p, int64_t id)
{
    for (size_t i = 0; p && i < p->n; i++)
        if (p->stages[i].id == id)
            return p->stages[i].name;
    return NULL;
}

void imp_match_deal(struct row *rw, const char *pipeline, const struct pipe *p, const char *stage,
                    int64_t stage_id, enum vo_deal_status status, const char *owner,
                    int64_t owner_id)
{
    struct imp *im = rw->im;
    if (pipeline) {
        const char *st = vo_deal_status_name(status);
        /* the key on the heap for the look-up: the arena keeps only the
         * distinct ones (an import of a million deals has a few stages) */
        char *key = g_strdup_printf("%s\x1f%s\x1f%s", pipeline, stage ? stage : "", st);
        gpointer at = NULL;
        if (g_hash_table_lookup_extended(im->stage_keys, key, NULL, &at)) {
            g_array_index(im->match_stages, struct vo_import_stage, GPOINTER_TO_SIZE(at) - 1)
                .deals++;
        } else {
            const struct vo_stage *old =
                stage_id ? g_hash_table_lookup(im->old_stages, &stage_id) : NULL;
            struct vo_import_stage s = {
                .pipeline = vo_arena_strdup(im->a, pipeline),
                .stage = stage ? vo_arena_strdup(im->a, stage) : NULL,
                .status = st,
                .deals = 1,
                .match = old        ? VO_IMPORT_EXISTING
                         : stage_id ? VO_IMPORT_CREATED
                                    : VO_IMPORT_UNMATCHED,
                .stage_id = old ? old->id : 0,
                .stage_name = old ? old->name : stage_name(p, stage_id),
            };
            char *kept = vo_arena_strdup(im->a, key);
            if (kept && s.pipeline) {
                g_array_append_val(im->match_stages, s);
                g_hash_table_insert(im->stage_keys, kept, GSIZE_TO_POINTER(im->match_stages->len));
            }
        }
        g_free(key);
    }
    if (owner) {
        gpointer at = NULL;
        if (g_hash_table_lookup_extended(im->user_keys, owner, NULL, &at)) {
            g_array_index(im->match_users, struct vo_import_user, GPOINTER_TO_SIZE(at) - 1).deals++;
            return;
        }
        const struct vo_user *old = owner_id ? g_hash_table_lookup(im->old_users, &owner_id) : NULL;
        struct vo_import_user u = {
            .owner = vo_arena_strdup(im->a, owner),
            .deals = 1,
            .match = old        ? VO_IMPORT_EXISTING
                     : owner_id ? VO_IMPORT_CREATED
                                : VO_IMPORT_UNMATCHED,
            .user_id = old ? old->id : 0,
            .user_name = old ? old->name : NULL,
        };
        if (!u.owner)
            return;
        g_array_append_val(im->match_users, u);
        g_hash_table_insert(im->user_keys, (char *)u.owner, GSIZE_TO_POINTER(im->match_users->len));
    }
}

void imp_match_end(struct imp *im)
{
    struct vo_import_report *rep = im->rep;
    if (im->match_stages && im->match_stages->len &&
        (rep->stages = VO_ARENA_ARRAY(im->a, struct vo_import_stage, im->match_stages->len))) {
        memcpy(rep->stages, im->match_stages->data,
               im->match_stages->len * sizeof(struct vo_import_stage));
        rep->nstages = im->match_stages->len;
    }
    if (im->match_users && im->match_users->len &&
        (rep->users = VO_ARENA_ARRAY(im->a, struct vo_import_user, im->match_users->len))) {
        memcpy(rep->users, im->match_users->data,
               im->match_users->len * sizeof(struct vo_import_user));
        rep->nusers = im->match_users->len;
    }
    if (im->old_users)
        g_hash_table_destroy(im->old_users);
    if (im->old_stages)
        g_hash_table_destroy(im->old_stages);
    if (im->stage_keys)
        g_hash_table_destroy(im->stage_keys);
    if (im->user_keys)
        g_hash_table_destroy(im->user_keys);
    if (im->match_stages)
        g_array_free(im->match_stages, TRUE);
    if (im->match_users)
        g_array_free(im->match_users, TRUE);
}
