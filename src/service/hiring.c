/*
 * hiring.c - vacancies, candidates, scorecards, the hire and the summary
 * (hiring.h). Who may: vo_svc_may_read / vo_svc_may_write on
 * VO_OBJ_VACANCY and VO_OBJ_CANDIDATE, once per use case; one candidate
 * refused is "no candidate N" (candidate_check). Every write is one
 * transaction ended by vo_crm_finish (audit row, webhooks' outbox,
 * commit); the hire is a batch of three use cases (vo_svc_user_add, the
 * candidate's move, the onboarding plan's start), committed together or
 * not at all.
 */
#include "service/hiring.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/batch.h"
#include "service/crm.h"
#include "service/onboarding.h"

const char *const vo_hiring_stages[VO_HIRING_NSTAGES] = {
    "response", "screening", "interview", "final", "offer", "hired", "rejected"};

/* The index of stage in vo_hiring_stages, -1 when it is none. */
static int stage_index(const char *stage)
{
    for (int i = 0; stage && i < VO_HIRING_NSTAGES; i++)
        if (strcmp(stage, vo_hiring_stages[i]) == 0)
            return i;
    return -1;
}

static vo_err stage_check(const char *stage, struct vo_error *e)
{
    if (stage_index(stage) < 0)
        return vo_error_set(e, VO_EINVAL, "stage",
                            "stage is one of response, screening, interview, final, offer, "
                            "hired, rejected");
    return VO_OK;
}

/* A text of at most max characters (NULL passes). */
static vo_err text_max(const char *s, size_t max, const char *field, struct vo_error *e)
{
    if (!s)
        return VO_OK;
    if (!g_utf8_validate(s, -1, NULL))
        return vo_error_set(e, VO_EINVAL, field, "%s is not valid UTF-8 text", field);
    if ((size_t)g_utf8_strlen(s, -1) > max)
        return vo_error_set(e, VO_EINVAL, field, "%s is longer than %zu characters", field, max);
    return VO_OK;
}

/* s, or NULL when it is empty. */
static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* ---- vacancies ---- */

vo_err vo_svc_vacancy_list(struct vo_svc *svc, const char *status, struct vo_vacancy **out,
                           size_t *n, struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_VACANCY, e);
    if (rc)
        return rc;
    status = nonempty(status);
    if (status && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
        return vo_error_set(e, VO_EINVAL, "status", "status is open or closed");
    return vo_store_vacancy_list(svc->st, svc->org.id, status, svc->arena, out, n, e);
}

vo_err vo_svc_vacancy_get(struct vo_svc *svc, int64_t id, struct vo_vacancy *out,
                          struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_VACANCY, e);
    return rc ? rc : vo_store_vacancy_get(svc->st, svc->org.id, id, svc->arena, out, e);
}

/* Applies in's members named by in->set to x and checks them. */
static vo_err vacancy_apply(const struct vo_vacancy_input *in, struct vo_vacancy *x,
                            struct vo_error *e)
{
    vo_err rc;
    if (in->set & VO_VACANCY_SET_TITLE) {
        if ((rc = vo_text_required(VO_TEXT_NAME, in->title, "title", e)))
            return rc;
        x->title = in->title;
    }
    if (in->set & VO_VACANCY_SET_TEAM) {
        if ((rc = vo_text_check(VO_TEXT_NAME, in->team, "team", e)))
            return rc;
        x->team = nonempty(in->team);
    }
    if (in->set & VO_VACANCY_SET_OPENINGS) {
        if (in->openings < 1 || in->openings > VO_HIRING_OPENINGS_MAX)
            return vo_error_set(e, VO_EINVAL, "openings", "openings is 1..%d",
                                VO_HIRING_OPENINGS_MAX);
        x->openings = in->openings;
    }
    if (in->set & VO_VACANCY_SET_STATUS) {
        if (!in->status || (strcmp(in->status, "open") != 0 && strcmp(in->status, "closed") != 0))
            return vo_error_set(e, VO_EINVAL, "status", "status is open or closed");
        if (strcmp(in->status, x->status) != 0)
            x->closed_at = strcmp(in->status, "closed") == 0 ? vo_now() : VO_NULL;
        x->status = strcmp(in->status, "open") == 0 ? "open" : "closed";
    }
    if (in->set & VO_VACANCY_SET_DESCRIPTION) {
        if ((rc = vo_text_check(VO_TEXT_NOTE, in->description, "description", e)))
            return rc;
        x->description = in->description ? in->description : "";
    }
    return VO_OK;
}

vo_err vo_svc_vacancy_create(struct vo_svc *svc, const struct vo_vacancy_input *in, int64_t *id,
                             struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_VACANCY, e);
    if (rc)
        return rc;
    int64_t now = vo_now();
    struct vo_vacancy x = {.org_id = svc->org.id,
                           .openings = 1,
                           .status = "open",
                           .description = "",
                           .created_by = svc->actor_id,
                           .created_at = now,
                           .closed_at = VO_NULL,
                           .updated_at = now};
    struct vo_vacancy_input all = *in;
    all.set |= VO_VACANCY_SET_TITLE;
    if ((rc = vacancy_apply(&all, &x, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_vacancy_insert(svc->st, &x, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if ((rc = vo_crm_finish(svc, "vacancy.create", "vacancy", x.id, x.title, e)))
        return rc;
    *id = x.id;
    return VO_OK;
}

vo_err vo_svc_vacancy_update(struct vo_svc *svc, int64_t id, const struct vo_vacancy_input *in,
                             struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_VACANCY, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_vacancy x;
    if ((rc = vo_store_vacancy_get(svc->st, svc->org.id, id, svc->arena, &x, e)) ||
        (rc = vacancy_apply(in, &x, e)))
        goto fail;
    x.updated_at = vo_now();
    if ((rc = vo_store_vacancy_update(svc->st, &x, e)))
        goto fail;
    return vo_crm_finish(svc, "vacancy.update", "vacancy", id, x.title, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- candidates ---- */

/* The one check of a candidate: the admin and the head see every one;
 * anyone else none ("no candidate N", so that none leaks). */
static vo_err candidate_check(struct vo_svc *svc, int64_t id, bool write, struct vo_error *e)
{
    if (vo_svc_may_read(svc, VO_OBJ_CANDIDATE, NULL) ||
        (write && vo_svc_may_write(svc, VO_OBJ_CANDIDATE, NULL)))
        return vo_error_set(e, VO_ENOTFOUND, "id", "no %s %lld", "candidate", (long long)id);
    return VO_OK;
}

vo_err vo_svc_candidate_list(struct vo_svc *svc, const struct vo_candidate_filter *f,
                             struct vo_candidate **out, size_t *n, struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_CANDIDATE, e);
    if (rc)
        return rc;
    struct vo_candidate_filter g = *f;
    g.stage = nonempty(f->stage);
    g.source = nonempty(f->source);
    g.q = nonempty(f->q);
    if (g.stage && (rc = stage_check(g.stage, e)))
        return rc;
    if (g.q && (rc = vo_text_check(VO_TEXT_NAME, g.q, "q", e)))
        return rc;
    return vo_store_candidate_list(svc->st, svc->org.id, &g, svc->arena, out, n, e);
}

vo_err vo_svc_candidate_get(struct vo_svc *svc, int64_t id, struct vo_candidate *out,
                            struct vo_error *e)
{
    vo_err rc = candidate_check(svc, id, false, e);
    return rc ? rc : vo_store_candidate_get(svc->st, svc->org.id, id, svc->arena, out, e);
}

/* Applies in's members named by in->set to x and checks them (inside the
 * write's transaction: the vacancy is read in it). */
static vo_err candidate_apply(struct vo_svc *svc, const struct vo_candidate_input *in,
                              struct vo_candidate *x, struct vo_error *e)
{
    vo_err rc;
    if (in->set & VO_CANDIDATE_SET_VACANCY) {
        struct vo_vacancy v;
        struct vo_error tmp = {0};
        if (in->vacancy_id <= 0)
            return vo_error_set(e, VO_EINVAL, "vacancy_id", "%s is required", "vacancy_id");
        rc = vo_store_vacancy_get(svc->st, svc->org.id, in->vacancy_id, svc->arena, &v, &tmp);
        if (rc == VO_ENOTFOUND)
            return vo_error_set(e, VO_EINVAL, "vacancy_id", "no %s %lld", "vacancy",
                                (long long)in->vacancy_id);
        if (rc)
            return vo_error_pass(e, rc, &tmp);
        if (x->vacancy_id != v.id && strcmp(v.status, "open") != 0)
            return vo_error_set(e, VO_EINVAL, "vacancy_id", "vacancy %lld is closed",
                                (long long)v.id);
        x->vacancy_id = v.id;
        x->vacancy_title = v.title;
    }
    if (in->set & VO_CANDIDATE_SET_NAME) {
        if ((rc = vo_text_required(VO_TEXT_NAME, in->name, "name", e)))
            return rc;
        x->name = in->name;
    }
    if (in->set & VO_CANDIDATE_SET_EMAIL) {
        x->email = NULL;
        if (nonempty(in->email)) {
            char *email = vo_arena_strdup(svc->arena, in->email);
            if ((rc = vo_email_normalize(email, "email", e)))
                return rc;
            x->email = email;
        }
    }
    if (in->set & VO_CANDIDATE_SET_PHONE) {
        if ((rc = vo_text_check(VO_TEXT_PHONE, in->phone, "phone", e)))
            return rc;
        x->phone = nonempty(in->phone);
    }
    if (in->set & VO_CANDIDATE_SET_SOURCE) {
        if ((rc = text_max(in->source, VO_HIRING_SOURCE_MAX, "source", e)))
            return rc;
        x->source = nonempty(in->source);
    }
    if (in->set & VO_CANDIDATE_SET_NOTES) {
        if ((rc = vo_text_check(VO_TEXT_NOTE, in->notes, "notes", e)))
            return rc;
        x->notes = in->notes ? in->notes : "";
    }
    return VO_OK;
}

vo_err vo_svc_candidate_create(struct vo_svc *svc, const struct vo_candidate_input *in, int64_t *id,
                               struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_CANDIDATE, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    int64_t now = vo_now();
    struct vo_candidate x = {.org_id = svc->org.id,
                             .stage = "response",
                             .notes = "",
                             .stage_since = now,
                             .created_by = svc->actor_id,
                             .created_at = now,
                             .updated_at = now};
    struct vo_candidate_input all = *in;
    all.set |= VO_CANDIDATE_SET_VACANCY | VO_CANDIDATE_SET_NAME;
    if ((rc = candidate_apply(svc, &all, &x, e)) ||
        (rc = vo_store_candidate_insert(svc->st, &x, e)))
        goto fail;
    struct vo_candidate_move m = {x.id, NULL, "response", now, svc->actor_id};
    if ((rc = vo_store_candidate_move_add(svc->st, svc->org.id, &m, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "candidate.create", "candidate", x.id, x.name, e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* Begins a change of candidate id, read into *x (the transaction rolled
 * back on a failure). */
static vo_err begin_change(struct vo_svc *svc, int64_t id, struct vo_candidate *x,
                           struct vo_error *e)
{
    vo_err rc = candidate_check(svc, id, true, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_candidate_get(svc->st, svc->org.id, id, svc->arena, x, e)))
        vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_candidate_update(struct vo_svc *svc, int64_t id, const struct vo_candidate_input *in,
                               struct vo_error *e)
{
    struct vo_candidate x;
    vo_err rc = begin_change(svc, id, &x, e);
    if (rc)
        return rc;
    if ((rc = candidate_apply(svc, in, &x, e)))
        goto fail;
    x.updated_at = vo_now();
    if ((rc = vo_store_candidate_update(svc->st, &x, e)))
        goto fail;
    return vo_crm_finish(svc, "candidate.update", "candidate", id, x.name, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* Moves x (read in the open transaction) to stage at now, logging it. */
static vo_err move_to(struct vo_svc *svc, struct vo_candidate *x, const char *stage, int64_t now,
                      struct vo_error *e)
{
    struct vo_candidate_move m = {x->id, x->stage, stage, now, svc->actor_id};
    x->stage = stage;
    x->stage_since = now;
    x->updated_at = now;
    vo_err rc = vo_store_candidate_update(svc->st, x, e);
    return rc ? rc : vo_store_candidate_move_add(svc->st, svc->org.id, &m, e);
}

vo_err vo_svc_candidate_move(struct vo_svc *svc, int64_t id, const char *stage, const char *reason,
                             struct vo_error *e)
{
    vo_err rc;
    if (!nonempty(stage))
        return vo_error_set(e, VO_EINVAL, "stage", "%s is required", "stage");
    if ((rc = stage_check(stage, e)))
        return rc;
    bool reject = strcmp(stage, "rejected") == 0;
    if (reject && (rc = vo_text_required(VO_TEXT_TITLE, nonempty(reason), "reason", e)))
        return rc;
    if (!reject && nonempty(reason))
        return vo_error_set(e, VO_EINVAL, "reason", "a reason is given only to reject");
    if (strcmp(stage, "hired") == 0)
        return vo_error_set(e, VO_EINVAL, "stage",
                            "a candidate is hired by the hire (POST /api/v1/candidates/{id}/hire)");
    struct vo_candidate x;
    if ((rc = begin_change(svc, id, &x, e)))
        return rc;
    if (strcmp(x.stage, "hired") == 0) {
        rc = vo_error_set(e, VO_ECONFLICT, "stage", "candidate %lld is hired already",
                          (long long)id);
        goto fail;
    }
    if (strcmp(x.stage, stage) == 0 && !reject) {
        vo_store_rollback(svc->st); /* there already: nothing to do */
        return VO_OK;
    }
    x.reject_reason = reject ? reason : NULL;
    const char *st = vo_hiring_stages[stage_index(stage)];
    if ((rc = move_to(svc, &x, st, vo_now(), e)))
        goto fail;
    return vo_crm_finish(svc, "candidate.stage", "candidate", id,
                         vo_arena_printf(svc->arena, "%s: %s", x.name, st), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- the CV ---- */

/* The kinds of CV: the extension, the content type, and the first bytes
 * the file must start with ("" for text: any UTF-8 without NUL). */
static const struct {
    const char *ext, *type, *magic;
    size_t nmagic;
} cv_kinds[] = {
    {"pdf", "application/pdf", "%PDF-", 5},
    {"doc", "application/msword", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "PK\x03\x04", 4},
    {"rtf", "application/rtf", "{\\rtf", 5},
    {"txt", "text/plain; charset=utf-8", "", 0},
};

/* Whether data is text: UTF-8 without control characters but tab, line
 * and page breaks. */
static bool is_text(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)data[i];
        if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f') || ch == 0x7f)
            return false;
    }
    return g_utf8_validate(data, (gssize)len, NULL);
}

vo_err vo_svc_candidate_cv_put(struct vo_svc *svc, int64_t id, const char *name, const void *data,
                               size_t len, struct vo_error *e)
{
    vo_err rc;
    if ((rc = vo_text_required(VO_TEXT_NAME, nonempty(name), "filename", e)))
        return rc;
    if (strchr(name, '/') || strchr(name, '\\'))
        return vo_error_set(e, VO_EINVAL, "filename", "a file name has no folder in it");
    if (len == 0)
        return vo_error_set(e, VO_EINVAL, "cv", "the file is empty");
    if (len > VO_HIRING_CV_MAX)
        return vo_error_set(e, VO_ETOOBIG, "cv", "a CV is at most %zu bytes", VO_HIRING_CV_MAX);
    const char *dot = strrchr(name, '.');
    int kind = -1;
    for (size_t i = 0; dot && i < sizeof cv_kinds / sizeof cv_kinds[0]; i++)
        if (g_ascii_strcasecmp(dot + 1, cv_kinds[i].ext) == 0)
            kind = (int)i;
    if (kind < 0)
        return vo_error_set(e, VO_EINVAL, "filename", "a CV is a PDF, DOC, DOCX, RTF or TXT file");
    size_t nm = cv_kinds[kind].nmagic;
    bool ok = nm ? len >= nm && memcmp(data, cv_kinds[kind].magic, nm) == 0 : is_text(data, len);
    if (!ok)
        return vo_error_set(e, VO_EINVAL, "cv", "the file is not a %s file", cv_kinds[kind].ext);
    struct vo_candidate x;
    if ((rc = begin_change(svc, id, &x, e)))
        return rc;
    if ((rc = vo_store_candidate_cv_put(svc->st, svc->org.id, id, name, cv_kinds[kind].type, data,
                                        len, vo_now(), e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "candidate.cv", "candidate", id,
                         vo_arena_printf(svc->arena, "%s: %s", x.name, name), e);
}

vo_err vo_svc_candidate_cv_get(struct vo_svc *svc, int64_t id, struct vo_candidate *c,
                               const void **data, size_t *len, struct vo_error *e)
{
    vo_err rc = vo_svc_candidate_get(svc, id, c, e);
    if (rc || (rc = vo_store_candidate_cv_get(svc->st, svc->org.id, id, svc->arena, data, len, e)))
        return rc;
    if (!c->cv_name || !*data)
        return vo_error_set(e, VO_ENOTFOUND, "cv", "candidate %lld has no CV", (long long)id);
    return VO_OK;
}

/* ---- criteria ---- */

/* The org's criteria (the default set made when it has none). */
static vo_err criteria_read(struct vo_svc *svc, struct vo_hiring_criterion **out, size_t *n,
                            struct vo_error *e)
{
    vo_err rc = vo_store_hiring_criteria(svc->st, svc->org.id, svc->arena, out, n, e);
    if (rc || *n)
        return rc;
    bool tx = vo_store_begin(svc->st, NULL) == VO_OK; /* inside a write's, or its own */
    if ((rc = vo_store_hiring_criteria_defaults(svc->st, svc->org.id, NULL, e)) ||
        (tx && (rc = vo_store_commit(svc->st, e)))) {
        if (tx)
            vo_store_rollback(svc->st);
        return rc;
    }
    return vo_store_hiring_criteria(svc->st, svc->org.id, svc->arena, out, n, e);
}

vo_err vo_svc_hiring_criteria(struct vo_svc *svc, struct vo_hiring_criterion **out, size_t *n,
                              struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_CANDIDATE, e);
    return rc ? rc : criteria_read(svc, out, n, e);
}

vo_err vo_svc_hiring_criterion_get(struct vo_svc *svc, int64_t id, struct vo_hiring_criterion *out,
                                   struct vo_error *e)
{
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_CANDIDATE, e);
    return rc ? rc : vo_store_hiring_criterion_get(svc->st, svc->org.id, id, svc->arena, out, e);
}

/* A criterion's name taken by another is VO_ECONFLICT naming "name". */
static vo_err criterion_store(struct vo_svc *svc, struct vo_hiring_criterion *x, bool insert,
                              struct vo_error *e)
{
    struct vo_error tmp = {0};
    vo_err rc = insert ? vo_store_hiring_criterion_insert(svc->st, x, &tmp)
                       : vo_store_hiring_criterion_update(svc->st, x, &tmp);
    if (rc == VO_ECONFLICT)
        return vo_error_set(e, VO_ECONFLICT, "name", "the criterion \"%s\" exists already",
                            x->name);
    return rc ? vo_error_pass(e, rc, &tmp) : VO_OK;
}

vo_err vo_svc_hiring_criterion_create(struct vo_svc *svc, const char *name, int64_t *id,
                                      struct vo_error *e)
{
    struct vo_hiring_criterion *v = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_CANDIDATE, e);
    if (rc || (rc = vo_text_required(VO_TEXT_NAME, name, "name", e)) ||
        (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = criteria_read(svc, &v, &n, e)))
        goto fail;
    struct vo_hiring_criterion x = {.org_id = svc->org.id, .name = name};
    for (size_t i = 0; i < n; i++)
        x.position = v[i].position >= x.position ? v[i].position + 1 : x.position;
    if ((rc = criterion_store(svc, &x, true, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "hiring_criterion.create", "criterion", x.id, name, e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_hiring_criterion_update(struct vo_svc *svc, int64_t id, const char *name,
                                      const int64_t *position, const bool *archived,
                                      struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_CANDIDATE, e);
    if (rc || (name && (rc = vo_text_required(VO_TEXT_NAME, name, "name", e))))
        return rc;
    if (position && (*position < 0 || *position > 1000))
        return vo_error_set(e, VO_EINVAL, "position", "position is 0..%d", 1000);
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_hiring_criterion x;
    if ((rc = vo_store_hiring_criterion_get(svc->st, svc->org.id, id, svc->arena, &x, e)))
        goto fail;
    x.name = name ? name : x.name;
    x.position = position ? *position : x.position;
    x.archived = archived ? *archived : x.archived;
    if ((rc = criterion_store(svc, &x, false, e)))
        goto fail;
    return vo_crm_finish(svc, "hiring_criterion.update", "criterion", id, x.name, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- scores ---- */

vo_err vo_svc_candidate_score(struct vo_svc *svc, int64_t id, const char *kind,
                              const struct vo_score_item *v, size_t n, struct vo_error *e)
{
    vo_err rc;
    if (!nonempty(kind))
        kind = "interview";
    bool final = strcmp(kind, "final") == 0;
    if (!final && strcmp(kind, "interview") != 0)
        return vo_error_set(e, VO_EINVAL, "kind", "kind is interview or final");
    for (size_t i = 0; i < n; i++) {
        if (v[i].score < 1 || v[i].score > 5)
            return vo_error_set(e, VO_EINVAL, "score", "a score is 1..5 (scores[%zu])", i);
        if ((rc = text_max(v[i].comment, VO_HIRING_COMMENT_MAX, "comment", e)))
            return rc;
    }
    if ((rc = candidate_check(svc, id, true, e)))
        return rc;
    /* the final interview is the head's («финальное собеседование с РОП») */
    if (final && svc->actor_role != VO_ROLE_HEAD && svc->actor_role != VO_ROLE_ADMIN)
        return vo_error_set(e, VO_EPERM, "kind",
                            "only the head or an administrator scores the final interview");
    struct vo_candidate x;
    struct vo_hiring_criterion *c = NULL;
    size_t nc = 0;
    if ((rc = begin_change(svc, id, &x, e)))
        return rc;
    if ((rc = criteria_read(svc, &c, &nc, e)))
        goto fail;
    int64_t now = vo_now();
    size_t active = 0;
    for (size_t k = 0; k < nc; k++) {
        if (c[k].archived)
            continue;
        active++;
        size_t found = 0;
        const struct vo_score_item *it = NULL;
        for (size_t i = 0; i < n; i++)
            if (v[i].criterion_id == c[k].id) {
                found++;
                it = &v[i];
            }
        if (found != 1) {
            rc = vo_error_set(e, VO_EINVAL, "scores",
                              found ? "the criterion \"%s\" is scored twice"
                                    : "the criterion \"%s\" is not scored",
                              c[k].name);
            goto fail;
        }
        struct vo_candidate_score s = {.candidate_id = id,
                                       .user_id = svc->actor_id,
                                       .kind = final ? "final" : "interview",
                                       .criterion_id = c[k].id,
                                       .score = it->score,
                                       .comment = it->comment ? it->comment : "",
                                       .at = now};
        if ((rc = vo_store_candidate_score_put(svc->st, svc->org.id, &s, e)))
            goto fail;
    }
    if (n != active) {
        rc = vo_error_set(e, VO_EINVAL, "scores",
                          "scores are given for the active criteria only (%zu of them)", active);
        goto fail;
    }
    return vo_crm_finish(
        svc, "candidate.score", "candidate", id,
        vo_arena_printf(svc->arena, "%s: %s", x.name, final ? "final" : "interview"), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_candidate_scores(struct vo_svc *svc, int64_t id, struct vo_candidate_score **out,
                               size_t *n, struct vo_error *e)
{
    struct vo_candidate x;
    vo_err rc = vo_svc_candidate_get(svc, id, &x, e);
    return rc ? rc : vo_store_candidate_scores(svc->st, svc->org.id, id, svc->arena, out, n, e);
}

/* ---- the hire ---- */

/* The candidate's side of the hire, a use case of the hire's batch: the
 * candidate (still not hired) moved to hired with the user. */
static vo_err hire_candidate(struct vo_svc *svc, int64_t id, int64_t user, const char *start,
                             struct vo_error *e)
{
    struct vo_candidate x;
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_candidate_get(svc->st, svc->org.id, id, svc->arena, &x, e)))
        goto fail;
    if (strcmp(x.stage, "hired") == 0) {
        rc = vo_error_set(e, VO_ECONFLICT, "id", "candidate %lld is hired already", (long long)id);
        goto fail;
    }
    x.hired_user_id = user;
    x.start_date = start;
    x.reject_reason = NULL;
    if ((rc = move_to(svc, &x, "hired", vo_now(), e)))
        goto fail;
    return vo_crm_finish(svc, "candidate.hire", "candidate", id,
                         vo_arena_printf(svc->arena, "%s: user %lld", x.name, (long long)user), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_candidate_hire(struct vo_svc *svc, int64_t id, const struct vo_hire_input *in,
                             int64_t *user_id, const char **password, int64_t *onboarding_id,
                             struct vo_error *e)
{
    struct vo_candidate x;
    vo_err rc = candidate_check(svc, id, true, e);
    if (rc || (rc = vo_store_candidate_get(svc->st, svc->org.id, id, svc->arena, &x, e)))
        return rc;
    if (strcmp(x.stage, "hired") == 0)
        return vo_error_set(e, VO_ECONFLICT, "id", "candidate %lld is hired already",
                            (long long)id);
    if (strcmp(x.stage, "rejected") == 0)
        return vo_error_set(e, VO_ECONFLICT, "stage",
                            "candidate %lld is rejected: move them back to a stage first",
                            (long long)id);
    if (!nonempty(in->email))
        return vo_error_set(e, VO_EINVAL, "email", "an email is required");
    enum vo_role role = VO_ROLE_MANAGER;
    if (in->role && (rc = vo_role_parse(in->role, &role, "role", e)))
        return rc;
    /* a head hires into the department; only an administrator makes an
     * administrator or a viewer */
    if (svc->actor_role == VO_ROLE_HEAD && role != VO_ROLE_MANAGER && role != VO_ROLE_HEAD)
        return vo_error_set(e, VO_EPERM, "role", "a head hires a manager or a head");
    const char *start = nonempty(in->start_date);
    if (start) {
        struct vo_date d;
        if ((rc = vo_date_parse(start, &d, "start_date", e)))
            return rc;
    }
    struct vo_user_input u = {.name = nonempty(in->name) ? in->name : x.name,
                              .email = in->email,
                              .role = in->role,
                              .team = nonempty(in->team)};
    if ((rc = vo_text_required(VO_TEXT_NAME, u.name, "name", e)))
        return rc;
    struct vo_svc_batch b;
    if ((rc = vo_svc_batch_begin(svc, &b, e)))
        return rc;
    /* the users' use case, with its rules; the hire is the head's way to
     * add a user, so it acts with the administrator's right to it */
    enum vo_role actor = svc->actor_role;
    svc->actor_role = VO_ROLE_ADMIN;
    int64_t uid = 0;
    rc = vo_svc_user_add(svc, &u, &uid, password, e);
    svc->actor_role = actor;
    if (!rc)
        rc = hire_candidate(svc, id, uid, start, e);
    /* the newcomer's onboarding plan, the third use case of the batch */
    int64_t oid = 0;
    if (!rc && (role == VO_ROLE_MANAGER || role == VO_ROLE_HEAD)) {
        struct vo_onb_start os = {.user_id = uid, .mentor_id = in->mentor_id, .start_date = start};
        rc = vo_svc_onb_start(svc, &os, &oid, e);
    }
    struct vo_error tmp = {0};
    vo_err end = vo_svc_batch_end(svc, &b, rc == VO_OK, &tmp);
    if (rc)
        return rc;
    if (end)
        return vo_error_pass(e, end, &tmp);
    *user_id = uid;
    *onboarding_id = oid;
    return VO_OK;
}

/* ---- the summary ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median and average of v[0..n) (sorted here). */
static void tth_fill(struct vo_hiring_tth *t, double *v, size_t n)
{
    t->hires = n;
    t->median = t->average = 0;
    if (!n)
        return;
    qsort(v, n, sizeof *v, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    t->average = sum / (double)n;
    t->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int cmp_source(const void *a, const void *b)
{
    const struct vo_hiring_source_row *x = a, *y = b;
    if (x->candidates != y->candidates)
        return x->candidates > y->candidates ? -1 : 1;
    return strcmp(x->source, y->source);
}

vo_err vo_svc_hiring_summary(struct vo_svc *svc, int64_t from, int64_t to, int64_t vacancy_id,
                             struct vo_hiring_summary *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    out->from = from;
    out->to = to;
    out->vacancy_id = vacancy_id;
    vo_err rc = vo_svc_may_read(svc, VO_OBJ_CANDIDATE, e);
    if (rc)
        return rc;
    if (to <= from)
        return vo_error_set(e, VO_EINVAL, "to", "to must be after from");
    struct vo_candidate_filter f = {.vacancy_id = vacancy_id};
    struct vo_candidate *c = NULL;
    struct vo_candidate_move *m = NULL;
    struct vo_vacancy *vac = NULL;
    size_t nc = 0, nm = 0, nv = 0;
    if ((rc = vo_store_candidate_list(svc->st, svc->org.id, &f, svc->arena, &c, &nc, e)) ||
        (rc = vo_store_candidate_moves(svc->st, svc->org.id, svc->arena, &m, &nm, e)) ||
        (rc = vo_store_vacancy_list(svc->st, svc->org.id, NULL, svc->arena, &vac, &nv, e)))
        return rc;
    double *days = vo_arena_array(svc->arena, nc + 1, sizeof *days);
    int *furthest = vo_arena_array(svc->arena, nc + 1, sizeof *furthest);
    int64_t *hired_at = vo_arena_array(svc->arena, nc + 1, sizeof *hired_at);
    out->vacancies = vo_arena_array(svc->arena, nv + 1, sizeof *out->vacancies);
    out->sources = vo_arena_array(svc->arena, nc + 1, sizeof *out->sources);
    if (!days || !furthest || !hired_at || !out->vacancies || !out->sources)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    /* each candidate's furthest stage of the funnel and hire (the moves
     * come by candidate id; candidates by vacancy: a look-up each) */
    for (size_t i = 0; i < nc; i++) {
        furthest[i] = 0;
        hired_at[i] = VO_NULL;
        size_t lo = 0, hi = nm;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (m[mid].candidate_id < c[i].id)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; k < nm && m[k].candidate_id == c[i].id; k++) {
            int s = stage_index(m[k].to_stage);
            if (s >= 0 && s < VO_HIRING_NFUNNEL && s > furthest[i])
                furthest[i] = s;
            if (s == VO_HIRING_NFUNNEL - 1)
                hired_at[i] = m[k].at;
        }
    }
    /* time to hire: the hires of the period, per vacancy and in all */
    size_t nd = 0;
    for (size_t v = 0; v < nv; v++) {
        size_t k = 0;
        double *dv = days + nd;
        for (size_t i = 0; i < nc; i++)
            if (c[i].vacancy_id == vac[v].id && hired_at[i] != VO_NULL && hired_at[i] >= from &&
                hired_at[i] < to)
                dv[k++] = (double)(hired_at[i] - c[i].created_at) / 86400.0;
        if (!k)
            continue;
        struct vo_hiring_tth *t = &out->vacancies[out->nvacancies++];
        t->vacancy_id = vac[v].id;
        t->title = vac[v].title;
        double *copy = vo_arena_array(svc->arena, k, sizeof *copy);
        if (!copy)
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        memcpy(copy, dv, k * sizeof *copy);
        tth_fill(t, copy, k);
        nd += k;
    }
    out->all.title = "";
    tth_fill(&out->all, days, nd);
    /* conversion: the candidates created in the period */
    for (int s = 0; s < VO_HIRING_NFUNNEL; s++)
        out->stages[s].stage = vo_hiring_stages[s];
    for (size_t i = 0; i < nc; i++) {
        if (c[i].created_at < from || c[i].created_at >= to)
            continue;
        out->candidates++;
        bool rejected = strcmp(c[i].stage, "rejected") == 0;
        bool hired = furthest[i] == VO_HIRING_NFUNNEL - 1 && strcmp(c[i].stage, "hired") == 0;
        out->rejected += rejected;
        for (int s = 0; s <= furthest[i]; s++)
            out->stages[s].reached++;
        const char *src = c[i].source ? c[i].source : "";
        struct vo_hiring_source_row *r = NULL;
        for (size_t k = 0; k < out->nsources && !r; k++)
            if (strcmp(out->sources[k].source, src) == 0)
                r = &out->sources[k];
        if (!r) {
            r = &out->sources[out->nsources++];
            r->source = src;
        }
        r->candidates++;
        r->hired += hired;
        r->rejected += rejected;
    }
    for (int s = 0; s < VO_HIRING_NFUNNEL; s++) {
        size_t prev = s ? out->stages[s - 1].reached : 0;
        out->stages[s].share = s && prev ? (double)out->stages[s].reached / (double)prev : -1;
    }
    for (size_t k = 0; k < out->nsources; k++)
        out->sources[k].conversion =
            (double)out->sources[k].hired / (double)out->sources[k].candidates;
    qsort(out->sources, out->nsources, sizeof *out->sources, cmp_source);
    return VO_OK;
}
