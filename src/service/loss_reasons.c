/*
 * loss_reasons.c - the loss-reason dictionary's use cases and the
 * resolution of a lost deal's reason (loss_reasons.h). Names compare
 * case-folded (GLib's Unicode folding), so "дорого" is "Дорого".
 */
#include "service/loss_reasons.h"

#include <glib.h>
#include <string.h>

#include "service/crm.h"

vo_err vo_svc_loss_reason_list(struct vo_svc *svc, struct vo_loss_reason **out, size_t *n,
                               struct vo_error *e)
{
    return vo_store_loss_reason_list(svc->st, svc->org.id, svc->arena, out, n, e);
}

vo_err vo_svc_loss_reason_get(struct vo_svc *svc, int64_t id, struct vo_loss_reason *out,
                              struct vo_error *e)
{
    return vo_store_loss_reason_get(svc->st, svc->org.id, id, svc->arena, out, e);
}

static bool same_name(const char *a, const char *b)
{
    gchar *fa = g_utf8_casefold(a, -1), *fb = g_utf8_casefold(b, -1);
    gchar *na = g_utf8_normalize(fa, -1, G_NORMALIZE_ALL),
          *nb = g_utf8_normalize(fb, -1, G_NORMALIZE_ALL);
    bool same = na && nb && strcmp(na, nb) == 0;
    g_free(fa);
    g_free(fb);
    g_free(na);
    g_free(nb);
    return same;
}

/* Checks name, position and the name's uniqueness (other than id). */
static vo_err check(struct vo_svc *svc, int64_t id, const char *name, const int64_t *position,
                    struct vo_loss_reason *all, size_t n, struct vo_error *e)
{
    vo_err rc;
    if (name && (rc = vo_text_required(VO_TEXT_NAME, name, "name", e)))
        return rc;
    if (position && (*position < 1 || *position > 1000))
        return vo_error_set(e, VO_EINVAL, "position", "position is 1..1000");
    for (size_t i = 0; name && i < n; i++)
        if (all[i].id != id && same_name(all[i].name, name))
            return vo_error_set(e, VO_ECONFLICT, "name", "the org has a loss reason \"%s\" already",
                                all[i].name);
    (void)svc;
    return VO_OK;
}

static vo_err lead_only(struct vo_svc *svc, struct vo_error *e)
{
    return vo_crm_is_lead(svc)
               ? VO_OK
               : vo_error_set(e, VO_EPERM, NULL, "only an admin or the head manages loss reasons");
}

/* The create (id 0; *out the new reason's id) or the update of reason id,
 * in one transaction: a new reason goes after the last one (at most at
 * 1000) unless position is given; the members given replace the stored
 * ones. */
static vo_err save(struct vo_svc *svc, int64_t id, const char *name, const int64_t *position,
                   const bool *active, int64_t *out, struct vo_error *e)
{
    vo_err rc = lead_only(svc, e);
    if (rc)
        return rc;
    if (!id && !name)
        return vo_error_set(e, VO_EINVAL, "name", "name is required");
    struct vo_loss_reason *all = NULL;
    struct vo_loss_reason r = {.org_id = svc->org.id, .name = name, .active = true, .position = 1};
    size_t n = 0;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((id && (rc = vo_store_loss_reason_get(svc->st, svc->org.id, id, svc->arena, &r, e))) ||
        (rc = vo_store_loss_reason_list(svc->st, svc->org.id, svc->arena, &all, &n, e)) ||
        (rc = check(svc, id, name, position, all, n, e)))
        goto fail;
    for (size_t i = 0; !id && i < n; i++)
        if (all[i].position >= r.position)
            r.position = all[i].position + 1;
    if (r.position > 1000 && !id)
        r.position = 1000;
    if (name)
        r.name = name;
    if (position)
        r.position = *position;
    if (active)
        r.active = *active;
    if ((rc = id ? vo_store_loss_reason_update(svc->st, &r, e)
                 : vo_store_loss_reason_insert(svc->st, &r, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, id ? "loss_reason.update" : "loss_reason.create", "loss_reason",
                            r.id, r.name, e)))
        return rc;
    if (out)
        *out = r.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_loss_reason_create(struct vo_svc *svc, const char *name, const int64_t *position,
                                 const bool *active, int64_t *id, struct vo_error *e)
{
    return save(svc, 0, name, position, active, id, e);
}

vo_err vo_svc_loss_reason_update(struct vo_svc *svc, int64_t id, const char *name,
                                 const int64_t *position, const bool *active, struct vo_error *e)
{
    return save(svc, id, name, position, active, NULL, e);
}

vo_err vo_loss_resolve(struct vo_svc *svc, int64_t reason_id, const char *reason,
                       const char *comment, int64_t *out_id, const char **name,
                       const char **out_comment, struct vo_error *e)
{
    struct vo_loss_reason *all = NULL;
    size_t n = 0;
    vo_err rc;
    if (comment && !*comment)
        comment = NULL;
    if (reason && !*reason)
        reason = NULL;
    if ((comment && (rc = vo_text_check(VO_TEXT_NOTE, comment, "comment", e))) ||
        (reason && (rc = vo_text_check(VO_TEXT_TITLE, reason, "reason", e))))
        return rc;
    if (reason_id <= 0 && !reason)
        return vo_error_set(e, VO_EINVAL, "reason",
                            "a lost deal needs a reason: reason_id (or a reason text)");
    if ((rc = vo_store_loss_reason_list(svc->st, svc->org.id, svc->arena, &all, &n, e)))
        return rc;
    const struct vo_loss_reason *found = NULL, *other = NULL;
    for (size_t i = 0; i < n; i++) {
        if (all[i].other && (!other || (!other->active && all[i].active)))
            other = &all[i];
        if (reason_id > 0 ? all[i].id == reason_id
                          : all[i].active && !found && same_name(all[i].name, reason))
            found = &all[i];
    }
    if (reason_id > 0 && (!found || !found->active))
        return vo_error_set(e, VO_EINVAL, "reason_id", "no active loss reason %lld",
                            (long long)reason_id);
    if (!found && other) {
        /* free text: "другое" with the text as the comment */
        found = other;
        comment = comment ? vo_arena_printf(svc->arena, "%s: %s", reason, comment) : reason;
    }
    if (!found) { /* an org without the other reason: the text alone */
        *out_id = 0;
        *name = reason;
        *out_comment = comment;
        return VO_OK;
    }
    if (found->other && !comment)
        return vo_error_set(e, VO_EINVAL, "comment", "the reason \"%s\" needs a comment",
                            found->name);
    *out_id = found->id;
    *name = found->name;
    *out_comment = comment;
    return VO_OK;
}
