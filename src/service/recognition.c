/*
 * recognition.c - recognitions (recognition.h): the badges' table and the
 * use cases, each write one transaction with its audit row.
 */
#include "service/recognition.h"

#include <glib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"
#include "service/notify.h"

const struct vo_badge vo_badges[] = {
    {"best_month", "Лучший месяц"},
    {"hard_deal", "Закрыл сложную сделку"},
    {"mentor", "Наставник"},
    {"thanks", "Спасибо"},
    {NULL, NULL},
};

const char *vo_badge_name(const char *code)
{
    for (const struct vo_badge *b = vo_badges; code && b->code; b++)
        if (strcmp(b->code, code) == 0)
            return b->name_ru;
    return NULL;
}

vo_err vo_svc_recognition_list(struct vo_svc *svc, int64_t user, int64_t from, int64_t to,
                               struct vo_recognition **out, size_t *n, struct vo_error *e)
{
    return vo_store_recognition_list(svc->st, svc->org.id, user, from, to, svc->arena, out, n, e);
}

vo_err vo_svc_recognition_get(struct vo_svc *svc, int64_t id, struct vo_recognition *out,
                              struct vo_error *e)
{
    return vo_store_recognition_get(svc->st, svc->org.id, id, svc->arena, out, e);
}

vo_err vo_svc_recognition_give(struct vo_svc *svc, int64_t user, const char *badge,
                               const char *comment, int64_t *id, struct vo_error *e)
{
    if (!vo_crm_is_lead(svc))
        return vo_error_set(e, VO_EPERM, NULL, "only an admin or the head gives recognitions");
    if (!vo_badge_name(badge))
        return vo_error_set(e, VO_EINVAL, "badge",
                            "badge is one of: best_month, hard_deal, mentor, thanks");
    if (comment && !*comment)
        comment = NULL;
    if (comment && g_utf8_strlen(comment, -1) > VO_RECOGNITION_COMMENT_MAX)
        return vo_error_set(e, VO_EINVAL, "comment", "comment is at most %d characters",
                            VO_RECOGNITION_COMMENT_MAX);
    if (comment && !g_utf8_validate(comment, -1, NULL))
        return vo_error_set(e, VO_EINVAL, "comment", "comment is UTF-8 text");
    if (!comment && strcmp(badge, "thanks") == 0)
        return vo_error_set(e, VO_EINVAL, "comment", "a thanks needs a comment");
    struct vo_user u;
    if (user <= 0 || vo_store_user_get(svc->st, svc->org.id, user, svc->arena, &u, NULL) ||
        !u.active)
        return vo_error_set(e, VO_EINVAL, "user_id", "no active user %lld", (long long)user);
    if (user == svc->actor_id)
        return vo_error_set(e, VO_EINVAL, "user_id", "a recognition is given to someone else");
    struct vo_recognition r = {.org_id = svc->org.id,
                               .user_id = user,
                               .author_id = svc->actor_id,
                               .badge = badge,
                               .comment = comment,
                               .created_at = vo_now()};
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_recognition_insert(svc->st, &r, e)) ||
        (rc = vo_svc_notify_recognition(svc, r.id, vo_badge_name(badge), user, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    const char *detail = vo_arena_printf(svc->arena, "%s: %s", u.name, vo_badge_name(badge));
    if ((rc = vo_crm_finish(svc, "recognition.create", "recognition", r.id, detail, e)))
        return rc;
    *id = r.id;
    return VO_OK;
}

vo_err vo_svc_recognition_delete(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    struct vo_recognition r;
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_recognition_get(svc->st, svc->org.id, id, svc->arena, &r, e)))
        goto fail;
    if (svc->actor_id && svc->actor_role != VO_ROLE_ADMIN && r.author_id != svc->actor_id) {
        rc = vo_error_set(e, VO_EPERM, NULL, "only its author or an admin deletes a recognition");
        goto fail;
    }
    if ((rc = vo_store_recognition_delete(svc->st, svc->org.id, id, e)))
        goto fail;
    return vo_crm_finish(svc, "recognition.delete", "recognition", id, r.badge, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

json_t *vo_recognition_json(struct vo_svc *svc, const struct vo_recognition *g)
{
    char at[64];
    return json_pack("{s:I, s:I, s:s, s:I, s:s?, s:s, s:s, s:s?, s:s}", "id", (json_int_t)g->id,
                     "user_id", (json_int_t)g->user_id, "user", g->user_name, "author_id",
                     (json_int_t)g->author_id, "author", g->author_name, "badge", g->badge,
                     "badge_name", vo_badge_name(g->badge), "comment", g->comment, "created_at",
                     vo_time_format(g->created_at, svc->tz, at, sizeof at));
}

vo_err vo_svc_recognitions_block(struct vo_svc *svc, int64_t from, int64_t to, json_t *root,
                                 struct vo_error *e)
{
    struct vo_recognition *v = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_recognition_list(svc, 0, from, to, &v, &n, e);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = n; i-- > 0;) /* the list is newest first */
        json_array_append_new(items, vo_recognition_json(svc, &v[i]));
    if (!items || json_object_set_new(root, "recognitions", items))
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    return VO_OK;
}
