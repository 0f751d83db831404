/*
 * documents.c - the scripts and standards library (documents.h): the
 * bounds of a document and its text, who writes, reads and acknowledges,
 * versions numbered in the write's transaction, and the diff between two.
 */
#include "service/documents.h"

#include <glib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"
#include "service/notify.h"

const char *const vo_document_kinds[] = {"script",   "objections", "regulation",
                                         "standard", "other",      NULL};

static bool writer(const struct vo_svc *svc)
{
    return svc->actor_id == 0 || svc->actor_role == VO_ROLE_ADMIN ||
           svc->actor_role == VO_ROLE_HEAD;
}

static vo_err may_write(const struct vo_svc *svc, struct vo_error *e)
{
    return writer(svc) ? VO_OK
                       : vo_error_set(e, VO_EPERM, NULL,
                                      "only an administrator or the head writes the library");
}

static vo_err check_kind(const char *kind, struct vo_error *e)
{
    if (!kind || !*kind)
        return vo_error_set(e, VO_EINVAL, "kind", "%s is required", "kind");
    for (size_t i = 0; vo_document_kinds[i]; i++)
        if (strcmp(kind, vo_document_kinds[i]) == 0)
            return VO_OK;
    return vo_error_set(e, VO_EINVAL, "kind",
                        "\"%s\" is not a kind of document (script, objections, regulation, "
                        "standard, other)",
                        kind);
}

/* The title: 1..VO_DOC_TITLE_MAX characters (a name's bound, model.h). */
static vo_err check_title(const char *title, struct vo_error *e)
{
    return vo_text_required(VO_TEXT_NAME, title, "title", e);
}

/* A version's text (bytes, not characters: the bound is the storage's)
 * and note (VO_DOC_NOTE_MAX characters: a title's bound, model.h). */
static vo_err check_text(const char *body, const char *note, struct vo_error *e)
{
    if (!body || !*body)
        return vo_error_set(e, VO_EINVAL, "body", "%s is required", "body");
    if (strlen(body) > VO_DOC_BODY_MAX)
        return vo_error_set(e, VO_EINVAL, "body", "the text is at most %d bytes (%zu given)",
                            VO_DOC_BODY_MAX, strlen(body));
    if (!g_utf8_validate(body, -1, NULL))
        return vo_error_set(e, VO_EINVAL, "body", "%s is not valid UTF-8 text", "body");
    return vo_text_check(VO_TEXT_TITLE, note, "note", e);
}

vo_err vo_svc_document_list(struct vo_svc *svc, struct vo_document_query *q,
                            struct vo_document **out, size_t *n, struct vo_error *e)
{
    if (q->kind && *q->kind) {
        vo_err rc = check_kind(q->kind, e);
        if (rc)
            return rc;
    } else
        q->kind = NULL;
    q->reader = svc->actor_id;
    return vo_store_document_list(svc->st, svc->org.id, q, svc->arena, out, n, e);
}

vo_err vo_svc_document_get(struct vo_svc *svc, int64_t id, struct vo_document *out,
                           struct vo_error *e)
{
    return vo_store_document_get(svc->st, svc->org.id, id, svc->actor_id, svc->arena, out, e);
}

/* Applies in's members named by in->set to x, checking each. */
static vo_err apply(const struct vo_document_input *in, struct vo_document *x, struct vo_error *e)
{
    vo_err rc;
    if (in->set & VO_DOC_SET_KIND) {
        if ((rc = check_kind(in->kind, e)))
            return rc;
        x->kind = in->kind;
    }
    if (in->set & VO_DOC_SET_TITLE) {
        if ((rc = check_title(in->title, e)))
            return rc;
        x->title = in->title;
    }
    if (in->set & VO_DOC_SET_REQUIRED)
        x->required = in->required;
    if (in->set & VO_DOC_SET_ARCHIVED)
        x->archived = in->archived;
    return VO_OK;
}

/* Inside a write's transaction: when x is required reading and not
 * archived, a document_version notification of its version `version` to
 * every active manager (the readers who acknowledge, docs/library.md),
 * once per version. */
static vo_err notify_readers(struct vo_svc *svc, const struct vo_document *x, int64_t version,
                             struct vo_error *e)
{
    if (!x->required || x->archived)
        return VO_OK;
    struct vo_user *u = NULL;
    size_t n = 0;
    vo_err rc = vo_store_user_list(svc->st, svc->org.id, svc->arena, &u, &n, e);
    for (size_t i = 0; !rc && i < n; i++) {
        if (!u[i].active || u[i].role != VO_ROLE_MANAGER)
            continue;
        struct vo_notify_to to = {
            .user_id = u[i].id,
            .kind = VO_NOTIFY_DOCUMENT_VERSION,
            .key = vo_arena_printf(svc->arena, "%lld:%lld", (long long)x->id, (long long)version),
            .object = "document",
            .object_id = x->id,
            .title = x->title,
            .at = VO_NULL,
            .payload = vo_arena_printf(svc->arena, "{\"document_id\": %lld, \"version\": %lld}",
                                       (long long)x->id, (long long)version),
        };
        rc = vo_svc_notify_user(svc, &to, e);
    }
    return rc;
}

vo_err vo_svc_document_create(struct vo_svc *svc, const struct vo_document_input *in, int64_t *id,
                              struct vo_error *e)
{
    struct vo_document x = {
        .org_id = svc->org.id, .created_by = svc->actor_id, .created_at = vo_now()};
    struct vo_document_input all = *in;
    all.set |= VO_DOC_SET_KIND | VO_DOC_SET_TITLE;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = apply(&all, &x, e)) || (rc = check_text(in->body, in->note, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_document_insert(svc->st, &x, e)))
        goto fail;
    struct vo_document_version v = {.org_id = svc->org.id,
                                    .document_id = x.id,
                                    .number = 1,
                                    .body = in->body,
                                    .note = in->note,
                                    .author_id = svc->actor_id,
                                    .created_at = x.created_at};
    if ((rc = vo_store_document_version_add(svc->st, &v, e)) ||
        (rc = notify_readers(svc, &x, 1, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "document.create", "document", x.id, x.title, e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_document_update(struct vo_svc *svc, int64_t id, const struct vo_document_input *in,
                              struct vo_error *e)
{
    struct vo_document x;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_document_get(svc->st, svc->org.id, id, svc->actor_id, svc->arena, &x, e)))
        goto fail;
    bool was_due = x.required && !x.archived; /* its readers were notified */
    if ((rc = apply(in, &x, e)))
        goto fail;
    x.updated_at = vo_now();
    if ((rc = vo_store_document_update(svc->st, &x, e)) ||
        (!was_due && (rc = notify_readers(svc, &x, x.version, e))))
        goto fail;
    return vo_crm_finish(svc, "document.update", "document", id, x.title, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_document_version_add(struct vo_svc *svc, int64_t id, const char *body,
                                   const char *note, int64_t *number, struct vo_error *e)
{
    struct vo_document x;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = check_text(body, note, e)) || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_document_get(svc->st, svc->org.id, id, svc->actor_id, svc->arena, &x, e)))
        goto fail;
    if (strcmp(x.body ? x.body : "", body) == 0) {
        rc = vo_error_set(e, VO_ECONFLICT, "body",
                          "the text is the same as the current version's (%lld): nothing to "
                          "publish",
                          (long long)x.version);
        goto fail;
    }
    struct vo_document_version v = {.org_id = svc->org.id,
                                    .document_id = id,
                                    .number = x.version + 1,
                                    .body = body,
                                    .note = note,
                                    .author_id = svc->actor_id,
                                    .created_at = vo_now()};
    if ((rc = vo_store_document_version_add(svc->st, &v, e)) ||
        (rc = notify_readers(svc, &x, v.number, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "document.version", "document", id,
                            vo_arena_printf(svc->arena, "%s: %lld", x.title, (long long)v.number),
                            e)))
        return rc;
    *number = v.number;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_document_versions(struct vo_svc *svc, int64_t id, struct vo_document_version **out,
                                size_t *n, struct vo_error *e)
{
    struct vo_document x;
    vo_err rc = vo_store_document_get(svc->st, svc->org.id, id, 0, svc->arena, &x, e);
    return rc ? rc : vo_store_document_versions(svc->st, svc->org.id, id, svc->arena, out, n, e);
}

/* Version number of document id, naming field when there is none. */
static vo_err version_of(struct vo_svc *svc, int64_t id, int64_t number, const char *field,
                         vo_err code, struct vo_document_version *out, struct vo_error *e)
{
    struct vo_error tmp = {0};
    vo_err rc =
        vo_store_document_version_get(svc->st, svc->org.id, id, number, svc->arena, out, &tmp);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, code, field, "document %lld has no version %lld", (long long)id,
                            (long long)number);
    return rc ? vo_error_pass(e, rc, &tmp) : VO_OK;
}

vo_err vo_svc_document_version_get(struct vo_svc *svc, int64_t id, int64_t number,
                                   struct vo_document_version *out, struct vo_error *e)
{
    struct vo_document x;
    vo_err rc = vo_store_document_get(svc->st, svc->org.id, id, 0, svc->arena, &x, e);
    return rc ? rc : version_of(svc, id, number, "n", VO_ENOTFOUND, out, e);
}

vo_err vo_svc_document_diff(struct vo_svc *svc, int64_t id, int64_t from, int64_t to,
                            struct vo_diff *out, struct vo_error *e)
{
    struct vo_document x;
    struct vo_document_version a, b;
    vo_err rc = vo_store_document_get(svc->st, svc->org.id, id, 0, svc->arena, &x, e);
    if (rc || (rc = version_of(svc, id, from, "from", VO_EINVAL, &a, e)) ||
        (rc = version_of(svc, id, to, "to", VO_EINVAL, &b, e)))
        return rc;
    return vo_linediff(a.body, b.body, svc->arena, out, e);
}

vo_err vo_svc_document_ack(struct vo_svc *svc, int64_t id, int64_t *version, struct vo_error *e)
{
    struct vo_document x;
    if (svc->actor_role != VO_ROLE_MANAGER || svc->actor_id <= 0)
        return vo_error_set(e, VO_EPERM, NULL, "only a manager acknowledges a document");
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_document_get(svc->st, svc->org.id, id, svc->actor_id, svc->arena, &x, e)))
        goto fail;
    if (x.archived) {
        rc = vo_error_set(e, VO_ECONFLICT, "id", "document %lld is archived", (long long)id);
        goto fail;
    }
    *version = x.version;
    if (x.acked_at != VO_NULL) { /* again: nothing to write */
        vo_store_rollback(svc->st);
        return VO_OK;
    }
    if ((rc = vo_store_document_ack(svc->st, svc->org.id, id, x.version, svc->actor_id, vo_now(),
                                    e)))
        goto fail;
    return vo_crm_finish(svc, "document.ack", "document", id,
                         vo_arena_printf(svc->arena, "%s: %lld", x.title, (long long)x.version), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_document_acks(struct vo_svc *svc, int64_t id, struct vo_document_acks *out,
                            struct vo_error *e)
{
    struct vo_document x;
    memset(out, 0, sizeof *out);
    if (svc->actor_role == VO_ROLE_MANAGER)
        return vo_error_set(e, VO_EPERM, NULL,
                            "the acknowledgements are read by the head, an administrator or a "
                            "viewer");
    vo_err rc = vo_store_document_get(svc->st, svc->org.id, id, 0, svc->arena, &x, e);
    if (rc || (rc = vo_store_document_acks(svc->st, svc->org.id, id, x.version, svc->arena,
                                           &out->users, &out->n, e)))
        return rc;
    out->version = x.version;
    for (size_t i = 0; i < out->n; i++)
        out->acknowledged += out->users[i].at != VO_NULL;
    return VO_OK;
}
