/*
 * attestations.c - attestation (attestations.h): who may read and write
 * tests, assignments and attempts, the bounds of a test and of an answer,
 * and the scoring of an attempt, worked out here from its questions and
 * answers (options and choices kept as JSON arrays' texts).
 */
#include "service/attestations.h"

#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"
#include "service/notify.h"

double vo_att_pct(int64_t num, int64_t den)
{
    if (den <= 0)
        return 0;
    return floor((double)num * 1000.0 / (double)den + 0.5 + 1e-9) / 10.0;
}

static bool is_lead(const struct vo_svc *svc)
{
    return svc->actor_id == 0 || svc->actor_role == VO_ROLE_ADMIN ||
           svc->actor_role == VO_ROLE_HEAD;
}

static bool is_manager(const struct vo_svc *svc)
{
    return svc->actor_id != 0 && svc->actor_role == VO_ROLE_MANAGER;
}

static vo_err may_write(struct vo_svc *svc, struct vo_error *e)
{
    if (is_lead(svc))
        return VO_OK;
    return vo_error_set(e, VO_EPERM, NULL, "attestations are managed by the head and an admin");
}

static vo_err oom(struct vo_error *e)
{
    return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
}

static vo_err text_up_to(const char *s, size_t max, const char *field, struct vo_error *e)
{
    vo_err rc = vo_text_check(VO_TEXT_NOTE, s, field, e);
    if (!rc && s && (size_t)g_utf8_strlen(s, -1) > max)
        rc = vo_error_set(e, VO_EINVAL, field, "%s is up to %d characters", field, (int)max);
    return rc;
}

const char *vo_att_today(struct vo_svc *svc, char *buf, size_t size)
{
    return vo_date_format(vo_date_of(svc->tz, vo_now()), buf, size);
}

/* ---- JSON arrays of the store ---- */

static const char *ints_json(struct vo_svc *svc, const int64_t *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer((json_int_t)v[i]));
    char *s = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    const char *out = s ? vo_arena_strdup(svc->arena, s) : "[]";
    free(s);
    return out;
}

static const char *strs_json(struct vo_svc *svc, const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    char *s = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    const char *out = s ? vo_arena_strdup(svc->arena, s) : "[]";
    free(s);
    return out;
}

/* The whole numbers of the JSON array text s into *v (sorted). */
static void ints_parse(struct vo_svc *svc, const char *s, int64_t **v, size_t *n)
{
    json_t *a = json_loads(s ? s : "[]", 0, NULL);
    size_t k = json_is_array(a) ? json_array_size(a) : 0;
    *v = vo_arena_array(svc->arena, k + 1, sizeof **v);
    *n = 0;
    for (size_t i = 0; *v && i < k; i++)
        if (json_is_integer(json_array_get(a, i)))
            (*v)[(*n)++] = (int64_t)json_integer_value(json_array_get(a, i));
    json_decref(a);
}

static void strs_parse(struct vo_svc *svc, const char *s, const char ***v, size_t *n)
{
    json_t *a = json_loads(s ? s : "[]", 0, NULL);
    size_t k = json_is_array(a) ? json_array_size(a) : 0;
    *v = vo_arena_array(svc->arena, k + 1, sizeof **v);
    *n = 0;
    for (size_t i = 0; *v && i < k; i++)
        if (json_is_string(json_array_get(a, i)))
            (*v)[(*n)++] = vo_arena_strdup(svc->arena, json_string_value(json_array_get(a, i)));
    json_decref(a);
}

static int int_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The stored questions v[0..n) as shown (correct hidden when hide). */
static vo_err questions_out(struct vo_svc *svc, const struct vo_att_question *v, size_t n,
                            bool hide, struct vo_att_q **out, struct vo_error *e)
{
    struct vo_att_q *q = vo_arena_array(svc->arena, n + 1, sizeof *q);
    if (!q)
        return oom(e);
    for (size_t i = 0; i < n; i++) {
        q[i] = (struct vo_att_q){.position = v[i].position,
                                 .topic = v[i].topic,
                                 .kind = v[i].kind,
                                 .text = v[i].text,
                                 .points = v[i].points};
        strs_parse(svc, v[i].options, &q[i].options, &q[i].noptions);
        if (!hide)
            ints_parse(svc, v[i].correct, &q[i].correct, &q[i].ncorrect);
    }
    *out = q;
    return VO_OK;
}

/* ---- tests ---- */

/* Whether user has an assignment of test att. */
static vo_err assigned(struct vo_svc *svc, int64_t att, int64_t user, bool *yes, struct vo_error *e)
{
    struct vo_att_assignment *v = NULL;
    size_t n = 0;
    vo_err rc = vo_store_att_assignments(svc->st, svc->org.id, att, user, svc->arena, &v, &n, e);
    *yes = !rc && n > 0;
    return rc;
}

static vo_err full_att(struct vo_svc *svc, struct vo_att_full *x, struct vo_error *e)
{
    struct vo_att_question *v = NULL;
    size_t n = 0;
    x->hidden = !is_lead(svc) && svc->actor_role != VO_ROLE_VIEWER;
    vo_err rc = vo_store_att_questions(svc->st, svc->org.id, x->t.id, svc->arena, &v, &n, e);
    if (rc || (rc = questions_out(svc, v, n, x->hidden, &x->q, e)))
        return rc;
    x->nq = n;
    return VO_OK;
}

vo_err vo_svc_att_list(struct vo_svc *svc, struct vo_att_full **out, size_t *n, struct vo_error *e)
{
    struct vo_att *v = NULL;
    size_t nv = 0;
    *out = NULL;
    *n = 0;
    vo_err rc = vo_store_att_list(svc->st, svc->org.id, svc->arena, &v, &nv, e);
    if (rc)
        return rc;
    struct vo_att_full *f = vo_arena_array(svc->arena, nv + 1, sizeof *f);
    if (!f)
        return oom(e);
    size_t k = 0;
    for (size_t i = 0; i < nv; i++) {
        bool yes = true;
        if (is_manager(svc) && (rc = assigned(svc, v[i].id, svc->actor_id, &yes, e)))
            return rc;
        if (!yes)
            continue;
        f[k].t = v[i];
        if ((rc = full_att(svc, &f[k], e)))
            return rc;
        k++;
    }
    *out = f;
    *n = k;
    return VO_OK;
}

vo_err vo_svc_att_get(struct vo_svc *svc, int64_t id, struct vo_att_full *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    bool yes = true;
    vo_err rc = vo_store_att_get(svc->st, svc->org.id, id, svc->arena, &out->t, e);
    if (!rc && is_manager(svc) && !(rc = assigned(svc, id, svc->actor_id, &yes, e)) && !yes)
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no attestation %lld", (long long)id);
    return rc ? rc : full_att(svc, out, e);
}

static const char *const TOPICS[] = {"product", "crm", "selling", "other"};
static const char *const KINDS[] = {"single", "multiple", "free"};

static bool one_of(const char *s, const char *const *v, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, v[i]) == 0)
            return true;
    return false;
}

/* One question in, checked, into the store's row q (field prefix
 * "questions[i]"). */
static vo_err question_check(struct vo_svc *svc, size_t i, const struct vo_att_q *in,
                             struct vo_att_question *q, struct vo_error *e)
{
    char f[48];
    vo_err rc;
    g_snprintf(f, sizeof f, "questions[%zu].topic", i);
    if (!one_of(in->topic, TOPICS, 4))
        return vo_error_set(e, VO_EINVAL, f, "%s is product, crm, selling or other", f);
    g_snprintf(f, sizeof f, "questions[%zu].kind", i);
    if (!one_of(in->kind, KINDS, 3))
        return vo_error_set(e, VO_EINVAL, f, "%s is single, multiple or free", f);
    g_snprintf(f, sizeof f, "questions[%zu].text", i);
    if ((rc = vo_text_required(VO_TEXT_NOTE, in->text, f, e)) ||
        (rc = text_up_to(in->text, VO_ATT_TEXT_MAX, f, e)))
        return rc;
    g_snprintf(f, sizeof f, "questions[%zu].points", i);
    if (in->points < 1 || in->points > VO_ATT_POINTS_MAX)
        return vo_error_set(e, VO_EINVAL, f, "%s is a whole number 1..%d", f, VO_ATT_POINTS_MAX);
    bool free_kind = strcmp(in->kind, "free") == 0;
    g_snprintf(f, sizeof f, "questions[%zu].options", i);
    if (free_kind && (in->noptions || in->ncorrect))
        return vo_error_set(e, VO_EINVAL, f, "a free question has no options");
    if (!free_kind && (in->noptions < VO_ATT_OPTIONS_MIN || in->noptions > VO_ATT_OPTIONS_MAX))
        return vo_error_set(e, VO_EINVAL, f, "a choice question has %d..%d options",
                            VO_ATT_OPTIONS_MIN, VO_ATT_OPTIONS_MAX);
    for (size_t k = 0; k < in->noptions; k++) {
        g_snprintf(f, sizeof f, "questions[%zu].options[%zu]", i, k);
        if ((rc = vo_text_required(VO_TEXT_TITLE, in->options[k], f, e)))
            return rc;
    }
    int64_t *c = vo_arena_array(svc->arena, in->ncorrect + 1, sizeof *c);
    if (!c)
        return oom(e);
    if (in->ncorrect)
        memcpy(c, in->correct, in->ncorrect * sizeof *c);
    qsort(c, in->ncorrect, sizeof *c, int_cmp);
    g_snprintf(f, sizeof f, "questions[%zu].correct", i);
    for (size_t k = 0; k < in->ncorrect; k++)
        if (c[k] < 0 || c[k] >= (int64_t)in->noptions || (k && c[k] == c[k - 1]))
            return vo_error_set(e, VO_EINVAL, f, "%s are different option numbers 0..%zu", f,
                                in->noptions - 1);
    if (strcmp(in->kind, "single") == 0 && in->ncorrect != 1)
        return vo_error_set(e, VO_EINVAL, f, "a single-choice question has one correct option");
    if (strcmp(in->kind, "multiple") == 0 && in->ncorrect < 1)
        return vo_error_set(e, VO_EINVAL, f, "a multiple-choice question has correct options");
    *q = (struct vo_att_question){.position = (int64_t)i + 1,
                                  .topic = in->topic,
                                  .kind = in->kind,
                                  .text = in->text,
                                  .options = strs_json(svc, in->options, in->noptions),
                                  .correct = ints_json(svc, c, in->ncorrect),
                                  .points = in->points};
    return VO_OK;
}

static vo_err att_apply(struct vo_svc *svc, const struct vo_att_input *in, struct vo_att *x,
                        struct vo_att_question **qs, struct vo_error *e)
{
    vo_err rc;
    if (in->set & VO_ATT_SET_TITLE) {
        if ((rc = vo_text_required(VO_TEXT_NAME, in->title, "title", e)))
            return rc;
        x->title = in->title;
    }
    if (in->set & VO_ATT_SET_DESCRIPTION) {
        if ((rc = text_up_to(in->description, VO_ATT_TEXT_MAX, "description", e)))
            return rc;
        x->description = in->description ? in->description : "";
    }
    if (in->set & VO_ATT_SET_PASS) {
        if (in->pass_pct < 1 || in->pass_pct > 100)
            return vo_error_set(e, VO_EINVAL, "pass_pct", "pass_pct is a percent 1..100");
        x->pass_pct = in->pass_pct;
    }
    if (in->set & VO_ATT_SET_ATTEMPTS) {
        if (in->max_attempts < 1 || in->max_attempts > 10)
            return vo_error_set(e, VO_EINVAL, "max_attempts", "max_attempts is 1..10");
        x->max_attempts = in->max_attempts;
    }
    if (in->set & VO_ATT_SET_TIME) {
        if (in->time_limit < 0 || in->time_limit > VO_ATT_TIME_MAX)
            return vo_error_set(e, VO_EINVAL, "time_limit",
                                "time_limit is 1..%d minutes (null: none)", VO_ATT_TIME_MAX);
        x->time_limit = in->time_limit;
    }
    if (in->set & VO_ATT_SET_ARCHIVED)
        x->archived = in->archived;
    if (!(in->set & VO_ATT_SET_QUESTIONS))
        return VO_OK;
    if (in->nq < 1 || in->nq > VO_ATT_QUESTIONS_MAX)
        return vo_error_set(e, VO_EINVAL, "questions", "a test has 1..%d questions",
                            VO_ATT_QUESTIONS_MAX);
    struct vo_att_question *v = vo_arena_array(svc->arena, in->nq, sizeof *v);
    if (!v)
        return oom(e);
    for (size_t i = 0; i < in->nq; i++)
        if ((rc = question_check(svc, i, &in->q[i], &v[i], e)))
            return rc;
    *qs = v;
    return VO_OK;
}

static vo_err title_taken(vo_err rc, const char *title, const struct vo_error *tmp,
                          struct vo_error *e)
{
    if (rc != VO_ECONFLICT)
        return vo_error_pass(e, rc, tmp);
    return vo_error_set(e, VO_ECONFLICT, "title", "an attestation titled \"%s\" exists", title);
}

vo_err vo_svc_att_create(struct vo_svc *svc, const struct vo_att_input *in, int64_t *id,
                         struct vo_error *e)
{
    struct vo_att x = {.org_id = svc->org.id,
                       .description = "",
                       .pass_pct = 80,
                       .max_attempts = 3,
                       .created_at = vo_now()};
    struct vo_att_input all = *in;
    struct vo_att_question *qs = NULL;
    all.set |= VO_ATT_SET_TITLE | VO_ATT_SET_QUESTIONS;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = att_apply(svc, &all, &x, &qs, e)) || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_error tmp = {0};
    if ((rc = vo_store_att_insert(svc->st, &x, &tmp))) {
        rc = title_taken(rc, x.title, &tmp, e);
        goto fail;
    }
    if ((rc = vo_store_att_questions_put(svc->st, svc->org.id, x.id, qs, all.nq, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "attestation.create", "attestation", x.id, x.title, e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_att_update(struct vo_svc *svc, int64_t id, const struct vo_att_input *in,
                         struct vo_error *e)
{
    struct vo_att x;
    struct vo_att_question *qs = NULL;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_error tmp = {0};
    if ((rc = vo_store_att_get(svc->st, svc->org.id, id, svc->arena, &x, e)) ||
        (rc = att_apply(svc, in, &x, &qs, e)))
        goto fail;
    if ((in->set & VO_ATT_SET_QUESTIONS) && x.attempts > 0) {
        rc = vo_error_set(e, VO_ECONFLICT, "questions",
                          "the questions of a test that %lld attempts answered do not change: "
                          "make a new test",
                          (long long)x.attempts);
        goto fail;
    }
    if ((rc = vo_store_att_update(svc->st, &x, &tmp))) {
        rc = title_taken(rc, x.title, &tmp, e);
        goto fail;
    }
    if ((in->set & VO_ATT_SET_QUESTIONS) &&
        (rc = vo_store_att_questions_put(svc->st, svc->org.id, id, qs, in->nq, e)))
        goto fail;
    return vo_crm_finish(svc, "attestation.update", "attestation", id, x.title, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- assignments ---- */

const char *vo_att_assignment_state(const struct vo_att_assignment *x, const char *day)
{
    if (x->passed > 0)
        return "passed";
    return strcmp(x->due, day) < 0 ? "overdue" : "open";
}

/* Assigns t to user u (in the transaction) and notifies them. */
static vo_err assign_one(struct vo_svc *svc, const struct vo_att *t, const struct vo_user *u,
                         const char *due, struct vo_att_assignment *out, struct vo_error *e)
{
    struct vo_date d;
    bool created = false;
    *out = (struct vo_att_assignment){.org_id = svc->org.id,
                                      .attestation_id = t->id,
                                      .user_id = u->id,
                                      .due = due,
                                      .assigned_by = svc->actor_id,
                                      .created_at = vo_now(),
                                      .title = t->title,
                                      .user_name = u->name};
    vo_err rc = vo_store_att_assign(svc->st, out, &created, e);
    if (rc || (rc = vo_date_parse(due, &d, "due", e)))
        return rc;
    struct vo_notify_to to = {
        .user_id = u->id,
        .kind = VO_NOTIFY_ATTESTATION,
        .key = vo_arena_printf(svc->arena, "%lld:%s", (long long)out->id, due),
        .object = "attestation",
        .object_id = t->id,
        .title = t->title,
        .at = vo_date_start(svc->tz, d),
        .payload = vo_arena_printf(svc->arena, "{\"attestation_id\": %lld, \"due\": \"%s\"}",
                                   (long long)t->id, due),
    };
    return vo_svc_notify_user(svc, &to, e);
}

vo_err vo_svc_att_assign(struct vo_svc *svc, int64_t att, int64_t user, int64_t team,
                         const char *due, struct vo_att_assignment **out, size_t *n,
                         struct vo_error *e)
{
    struct vo_att t;
    struct vo_date d;
    struct vo_user *users = NULL;
    size_t nu = 0, k = 0;
    char day[16];
    *out = NULL;
    *n = 0;
    vo_err rc = may_write(svc, e);
    if (rc)
        return rc;
    if (!due || !*due)
        return vo_error_set(e, VO_EINVAL, "due", "%s is required", "due");
    if ((rc = vo_date_parse(due, &d, "due", e)))
        return rc;
    vo_date_format(d, day, sizeof day);
    if ((user > 0) == (team > 0))
        return vo_error_set(e, VO_EINVAL, "user_id", "give user_id or team_id, one of them");
    if ((rc = vo_store_att_get(svc->st, svc->org.id, att, svc->arena, &t, e)))
        return rc;
    if (t.archived)
        return vo_error_set(e, VO_ECONFLICT, "id", "attestation %lld is archived", (long long)att);
    if ((rc = vo_store_user_list(svc->st, svc->org.id, svc->arena, &users, &nu, e)))
        return rc;
    struct vo_att_assignment *v = vo_arena_array(svc->arena, nu + 1, sizeof *v);
    if (!v)
        return oom(e);
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    bool found = false;
    for (size_t i = 0; i < nu; i++) {
        const struct vo_user *u = &users[i];
        bool person = u->active && (u->role == VO_ROLE_MANAGER || u->role == VO_ROLE_HEAD);
        if (user > 0 ? u->id != user : u->team_id != team)
            continue;
        found = true;
        if (!person) {
            if (user > 0) {
                rc = vo_error_set(e, VO_EINVAL, "user_id",
                                  "an attestation is of an active manager or head");
                goto fail;
            }
            continue;
        }
        if ((rc = assign_one(svc, &t, u, vo_arena_strdup(svc->arena, day), &v[k], e)))
            goto fail;
        k++;
    }
    if (!found || k == 0) {
        rc = user > 0 ? vo_error_set(e, VO_EINVAL, "user_id", "no user %lld", (long long)user)
                      : vo_error_set(e, VO_EINVAL, "team_id", "team %lld has no active manager",
                                     (long long)team);
        goto fail;
    }
    if ((rc = vo_crm_finish(svc, "attestation.assign", "attestation", att,
                            vo_arena_printf(svc->arena, "%s: %zu, %s", t.title, k, day), e)))
        return rc;
    *out = v;
    *n = k;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* The user a read of user is narrowed to: a manager's own (another is
 * VO_EPERM naming "user_id"). */
static vo_err own_user(struct vo_svc *svc, int64_t *user, struct vo_error *e)
{
    if (!is_manager(svc))
        return VO_OK;
    if (*user && *user != svc->actor_id)
        return vo_error_set(e, VO_EPERM, "user_id",
                            "a manager sees their own attestation results only");
    *user = svc->actor_id;
    return VO_OK;
}

vo_err vo_svc_att_assignments(struct vo_svc *svc, int64_t att, int64_t user,
                              struct vo_att_assignment **out, size_t *n, struct vo_error *e)
{
    vo_err rc = own_user(svc, &user, e);
    return rc ? rc
              : vo_store_att_assignments(svc->st, svc->org.id, att, user, svc->arena, out, n, e);
}

vo_err vo_svc_att_overdue(struct vo_svc *svc, const char *day, struct vo_att_assignment **out,
                          size_t *n, struct vo_error *e)
{
    int64_t user = is_manager(svc) ? svc->actor_id : 0;
    return vo_store_att_overdue(svc->st, svc->org.id, day, user, svc->arena, out, n, e);
}

/* ---- attempts ---- */

/* Scores attempt p by its questions q and answers a (by position; the
 * choice answers' points set, each free one kept, an empty one 0): the
 * totals into p, the points per topic into topics when not NULL. */
static void score(struct vo_svc *svc, struct vo_att_attempt *p, int64_t pass_pct,
                  const struct vo_att_question *q, size_t nq, struct vo_att_answer *a, bool closing)
{
    p->score = p->max_score = p->pending = 0;
    for (size_t i = 0; i < nq; i++) {
        p->max_score += q[i].points;
        if (strcmp(q[i].kind, "free") == 0) {
            if (closing && a[i].points == VO_NULL && (!a[i].text || !*a[i].text))
                a[i].points = 0;
            if (a[i].points == VO_NULL)
                p->pending++;
            else
                p->score += a[i].points;
            continue;
        }
        int64_t *got = NULL, *want = NULL;
        size_t ng = 0, nw = 0;
        ints_parse(svc, a[i].choice, &got, &ng);
        ints_parse(svc, q[i].correct, &want, &nw);
        qsort(got, ng, sizeof *got, int_cmp);
        bool right = got && want && ng == nw && (nw == 0 || !memcmp(got, want, nw * sizeof *got));
        a[i].points = right ? q[i].points : 0;
        p->score += a[i].points;
    }
    p->passed =
        p->pending ? VO_NULL : (p->score * 100 >= pass_pct * p->max_score && p->max_score > 0);
}

/* The answers of attempt id, one per question of q (absent ones empty). */
static vo_err answers_of(struct vo_svc *svc, int64_t id, size_t nq, struct vo_att_answer **out,
                         struct vo_error *e)
{
    struct vo_att_answer *v = NULL;
    size_t n = 0;
    vo_err rc = vo_store_att_answers(svc->st, svc->org.id, id, svc->arena, &v, &n, e);
    if (rc)
        return rc;
    struct vo_att_answer *a = vo_arena_array(svc->arena, nq + 1, sizeof *a);
    if (!a)
        return oom(e);
    for (size_t i = 0; i < nq; i++)
        a[i] = (struct vo_att_answer){.attempt_id = id,
                                      .position = (int64_t)i + 1,
                                      .choice = "[]",
                                      .text = "",
                                      .points = VO_NULL,
                                      .comment = ""};
    for (size_t k = 0; k < n; k++)
        if (v[k].position >= 1 && (size_t)v[k].position <= nq)
            a[v[k].position - 1] = v[k];
    *out = a;
    return VO_OK;
}

/* Reads attempt id the actor may see (a manager: their own, else
 * VO_ENOTFOUND) with its test's questions. */
static vo_err attempt_read(struct vo_svc *svc, int64_t id, struct vo_att_attempt *p,
                           struct vo_att *t, struct vo_att_question **q, size_t *nq,
                           struct vo_error *e)
{
    vo_err rc = vo_store_att_attempt_get(svc->st, svc->org.id, id, svc->arena, p, e);
    if (!rc && is_manager(svc) && p->user_id != svc->actor_id)
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no attestation attempt %lld", (long long)id);
    if (rc || (rc = vo_store_att_get(svc->st, svc->org.id, p->attestation_id, svc->arena, t, e)))
        return rc;
    return vo_store_att_questions(svc->st, svc->org.id, t->id, svc->arena, q, nq, e);
}

vo_err vo_svc_att_attempt_start(struct vo_svc *svc, int64_t att, int64_t *id, bool *created,
                                struct vo_error *e)
{
    struct vo_att t;
    struct vo_att_question *q = NULL;
    struct vo_att_attempt *v = NULL;
    size_t nq = 0, nv = 0;
    bool yes = false;
    *created = false;
    if (svc->actor_id == 0)
        return vo_error_set(e, VO_EPERM, NULL, "an attestation is taken by the one assigned it");
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_att_get(svc->st, svc->org.id, att, svc->arena, &t, e)) ||
        (rc = assigned(svc, att, svc->actor_id, &yes, e)))
        goto fail;
    if (!yes) {
        rc =
            is_manager(svc)
                ? vo_error_set(e, VO_ENOTFOUND, "id", "no attestation %lld", (long long)att)
                : vo_error_set(e, VO_EPERM, NULL, "an attestation is taken by the one assigned it");
        goto fail;
    }
    if (t.archived) {
        rc = vo_error_set(e, VO_ECONFLICT, "id", "attestation %lld is archived", (long long)att);
        goto fail;
    }
    struct vo_att_attempt_filter f = {.user = svc->actor_id, .att = att};
    if ((rc = vo_store_att_attempts(svc->st, svc->org.id, &f, svc->arena, &v, &nv, e)))
        goto fail;
    for (size_t i = 0; i < nv; i++)
        if (!v[i].submitted_at) {
            *id = v[i].id;
            vo_store_rollback(svc->st);
            return VO_OK;
        }
    if ((int64_t)nv >= t.max_attempts) {
        rc = vo_error_set(e, VO_ECONFLICT, "max_attempts", "all %lld attempts of \"%s\" are used",
                          (long long)t.max_attempts, t.title);
        goto fail;
    }
    if ((rc = vo_store_att_questions(svc->st, svc->org.id, att, svc->arena, &q, &nq, e)))
        goto fail;
    struct vo_att_attempt p = {.org_id = svc->org.id,
                               .attestation_id = att,
                               .user_id = svc->actor_id,
                               .started_at = vo_now()};
    p.deadline = t.time_limit ? p.started_at + t.time_limit * 60 : 0;
    for (size_t i = 0; i < nq; i++)
        p.max_score += q[i].points;
    if ((rc = vo_store_att_attempt_insert(svc->st, &p, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "attestation_attempt.start", "attestation_attempt", p.id, t.title,
                            e)))
        return rc;
    *id = p.id;
    *created = true;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_att_attempt_get(struct vo_svc *svc, int64_t id, struct vo_att_attempt_full *out,
                              struct vo_error *e)
{
    struct vo_att t;
    struct vo_att_question *q = NULL;
    size_t nq = 0;
    memset(out, 0, sizeof *out);
    vo_err rc = attempt_read(svc, id, &out->p, &t, &q, &nq, e);
    if (rc || (rc = answers_of(svc, id, nq, &out->answers, e)))
        return rc;
    out->pass_pct = t.pass_pct;
    out->hidden = !is_lead(svc) && svc->actor_role != VO_ROLE_VIEWER;
    if ((rc = questions_out(svc, q, nq, out->hidden, &out->q, e)))
        return rc;
    out->nq = nq;
    out->topics = vo_arena_array(svc->arena, 5, sizeof *out->topics);
    if (!out->topics)
        return oom(e);
    for (size_t k = 0; k < 4; k++) {
        struct vo_att_topic tp = {.topic = TOPICS[k]};
        bool any = false;
        for (size_t i = 0; i < nq; i++) {
            if (strcmp(q[i].topic, TOPICS[k]) != 0)
                continue;
            any = true;
            tp.possible += q[i].points;
            if (out->p.submitted_at && out->answers[i].points != VO_NULL)
                tp.earned += out->answers[i].points;
        }
        if (any)
            out->topics[out->ntopics++] = tp;
    }
    return VO_OK;
}

vo_err vo_svc_att_attempts(struct vo_svc *svc, struct vo_att_attempt_filter f,
                           struct vo_att_attempt **out, size_t *n, struct vo_error *e)
{
    vo_err rc = own_user(svc, &f.user, e);
    return rc ? rc : vo_store_att_attempts(svc->st, svc->org.id, &f, svc->arena, out, n, e);
}

/* Begins a change of the actor's own open attempt id. */
static vo_err begin_taker(struct vo_svc *svc, int64_t id, struct vo_att_attempt *p,
                          struct vo_att *t, struct vo_att_question **q, size_t *nq,
                          struct vo_error *e)
{
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = attempt_read(svc, id, p, t, q, nq, e)))
        goto fail;
    if (p->user_id != svc->actor_id) {
        rc = vo_error_set(e, VO_EPERM, NULL, "an attempt is answered by its taker");
        goto fail;
    }
    if (p->submitted_at) {
        rc = vo_error_set(e, VO_ECONFLICT, "id", "attempt %lld is submitted", (long long)id);
        goto fail;
    }
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_att_attempt_answer(struct vo_svc *svc, int64_t id, const struct vo_att_answer_in *v,
                                 size_t n, struct vo_error *e)
{
    struct vo_att_attempt p;
    struct vo_att t;
    struct vo_att_question *q = NULL;
    size_t nq = 0;
    vo_err rc = begin_taker(svc, id, &p, &t, &q, &nq, e);
    if (rc)
        return rc;
    if (p.deadline && vo_now() > p.deadline) {
        rc = vo_error_set(e, VO_ECONFLICT, "time_limit",
                          "the time limit of %lld minutes is over: submit the attempt",
                          (long long)t.time_limit);
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        char f[40];
        g_snprintf(f, sizeof f, "answers[%zu].position", i);
        if (v[i].position < 1 || v[i].position > (int64_t)nq) {
            rc = vo_error_set(e, VO_EINVAL, f, "%s is 1..%zu", f, nq);
            goto fail;
        }
        const struct vo_att_question *qq = &q[v[i].position - 1];
        struct vo_att_answer a = {.attempt_id = id,
                                  .position = v[i].position,
                                  .choice = "[]",
                                  .text = "",
                                  .points = VO_NULL,
                                  .comment = ""};
        if (strcmp(qq->kind, "free") == 0) {
            g_snprintf(f, sizeof f, "answers[%zu].text", i);
            if (v[i].nchoice) {
                rc = vo_error_set(e, VO_EINVAL, "answers", "question %lld takes a text",
                                  (long long)qq->position);
                goto fail;
            }
            if ((rc = text_up_to(v[i].text, VO_ATT_ANSWER_MAX, f, e)))
                goto fail;
            a.text = v[i].text ? v[i].text : "";
        } else {
            const char **opts = NULL;
            size_t no = 0;
            strs_parse(svc, qq->options, &opts, &no);
            g_snprintf(f, sizeof f, "answers[%zu].choice", i);
            int64_t *c = vo_arena_array(svc->arena, v[i].nchoice + 1, sizeof *c);
            if (!c) {
                rc = oom(e);
                goto fail;
            }
            if (v[i].nchoice)
                memcpy(c, v[i].choice, v[i].nchoice * sizeof *c);
            qsort(c, v[i].nchoice, sizeof *c, int_cmp);
            for (size_t k = 0; k < v[i].nchoice; k++)
                if (c[k] < 0 || c[k] >= (int64_t)no || (k && c[k] == c[k - 1])) {
                    rc = vo_error_set(e, VO_EINVAL, f, "%s are different option numbers 0..%zu", f,
                                      no - 1);
                    goto fail;
                }
            if (strcmp(qq->kind, "single") == 0 && v[i].nchoice > 1) {
                rc = vo_error_set(e, VO_EINVAL, f, "question %lld takes one option",
                                  (long long)qq->position);
                goto fail;
            }
            a.choice = ints_json(svc, c, v[i].nchoice);
        }
        if ((rc = vo_store_att_answer_put(svc->st, svc->org.id, &a, e)))
            goto fail;
    }
    return vo_crm_finish(svc, "attestation_attempt.answer", "attestation_attempt", id, t.title, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* Stores the answers a and p's totals (in the transaction). */
static vo_err store_scored(struct vo_svc *svc, const struct vo_att_attempt *p,
                           const struct vo_att_answer *a, size_t nq, struct vo_error *e)
{
    vo_err rc = VO_OK;
    for (size_t i = 0; !rc && i < nq; i++)
        rc = vo_store_att_answer_put(svc->st, svc->org.id, &a[i], e);
    return rc ? rc : vo_store_att_attempt_update(svc->st, p, e);
}

static const char *result_detail(struct vo_svc *svc, const struct vo_att_attempt *p)
{
    return vo_arena_printf(svc->arena, "%s: %.1f%%%s", p->user_name,
                           vo_att_pct(p->score, p->max_score),
                           p->passed == VO_NULL ? " (to score)"
                           : p->passed          ? " passed"
                                                : " failed");
}

vo_err vo_svc_att_attempt_submit(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    struct vo_att_attempt p;
    struct vo_att t;
    struct vo_att_question *q = NULL;
    struct vo_att_answer *a = NULL;
    size_t nq = 0;
    vo_err rc = begin_taker(svc, id, &p, &t, &q, &nq, e);
    if (rc)
        return rc;
    if ((rc = answers_of(svc, id, nq, &a, e)))
        goto fail;
    p.submitted_at = vo_now();
    score(svc, &p, t.pass_pct, q, nq, a, true);
    if ((rc = store_scored(svc, &p, a, nq, e)))
        goto fail;
    return vo_crm_finish(svc, "attestation_attempt.submit", "attestation_attempt", id,
                         result_detail(svc, &p), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_att_attempt_score(struct vo_svc *svc, int64_t id, const struct vo_att_score_in *v,
                                size_t n, struct vo_error *e)
{
    struct vo_att_attempt p;
    struct vo_att t;
    struct vo_att_question *q = NULL;
    struct vo_att_answer *a = NULL;
    size_t nq = 0;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = attempt_read(svc, id, &p, &t, &q, &nq, e)) || (rc = answers_of(svc, id, nq, &a, e)))
        goto fail;
    if (!p.submitted_at) {
        rc =
            vo_error_set(e, VO_ECONFLICT, "id", "attempt %lld is not submitted yet", (long long)id);
        goto fail;
    }
    if (n == 0) {
        rc = vo_error_set(e, VO_EINVAL, "scores", "%s is required", "scores");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        char f[40];
        g_snprintf(f, sizeof f, "scores[%zu].position", i);
        if (v[i].position < 1 || v[i].position > (int64_t)nq ||
            strcmp(q[v[i].position - 1].kind, "free") != 0) {
            rc = vo_error_set(e, VO_EINVAL, f, "%s is the number of a free question", f);
            goto fail;
        }
        const struct vo_att_question *qq = &q[v[i].position - 1];
        g_snprintf(f, sizeof f, "scores[%zu].points", i);
        if (v[i].points < 0 || v[i].points > qq->points) {
            rc = vo_error_set(e, VO_EINVAL, f, "%s is 0..%lld", f, (long long)qq->points);
            goto fail;
        }
        g_snprintf(f, sizeof f, "scores[%zu].comment", i);
        if ((rc = text_up_to(v[i].comment, VO_ATT_TEXT_MAX, f, e)))
            goto fail;
        a[v[i].position - 1].points = v[i].points;
        a[v[i].position - 1].comment = v[i].comment ? v[i].comment : "";
    }
    score(svc, &p, t.pass_pct, q, nq, a, false);
    if ((rc = store_scored(svc, &p, a, nq, e)))
        goto fail;
    return vo_crm_finish(svc, "attestation_attempt.score", "attestation_attempt", id,
                         result_detail(svc, &p), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- results ---- */

vo_err vo_svc_att_results(struct vo_svc *svc, int64_t user, struct vo_att_results *out,
                          struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    struct vo_att_attempt *v = NULL;
    struct vo_att_question *q = NULL;
    size_t nv = 0, nq = 0;
    vo_err rc = own_user(svc, &user, e);
    struct vo_att_attempt_filter f = {.user = user};
    if (rc || (rc = vo_store_att_attempts(svc->st, svc->org.id, &f, svc->arena, &v, &nv, e)) ||
        (rc = vo_store_att_questions(svc->st, svc->org.id, 0, svc->arena, &q, &nq, e)))
        return rc;
    out->rows = vo_arena_array(svc->arena, nv + 1, sizeof *out->rows);
    out->topics = vo_arena_array(svc->arena, 4 * nv + 1, sizeof *out->topics);
    if (!out->rows || !out->topics)
        return oom(e);
    /* newest first: a (user, test)'s first scored attempt is its latest */
    for (size_t i = 0; i < nv; i++) {
        const struct vo_att_attempt *p = &v[i];
        size_t k = 0;
        while (k < out->nrows && (out->rows[k].user_id != p->user_id ||
                                  out->rows[k].attestation_id != p->attestation_id))
            k++;
        bool first = k == out->nrows;
        if (first)
            out->rows[out->nrows++] = (struct vo_att_result){.user_id = p->user_id,
                                                             .attestation_id = p->attestation_id,
                                                             .user_name = p->user_name,
                                                             .title = p->title,
                                                             .best_pct = -1};
        struct vo_att_result *r = &out->rows[k];
        r->attempts++;
        bool scored = p->submitted_at && p->passed != VO_NULL;
        if (!scored)
            continue;
        double pct = vo_att_pct(p->score, p->max_score);
        bool latest = r->best_pct < 0 && !r->passed;
        if (pct > r->best_pct)
            r->best_pct = pct;
        if (p->passed == 1)
            r->passed = true;
        if (!latest)
            continue;
        struct vo_att_answer *a = NULL;
        size_t na = 0;
        if ((rc = vo_store_att_answers(svc->st, svc->org.id, p->id, svc->arena, &a, &na, e)))
            return rc;
        for (size_t j = 0; j < nq; j++) {
            if (q[j].attestation_id != p->attestation_id)
                continue;
            size_t m = 0;
            while (m < out->ntopics && (out->topics[m].user_id != p->user_id ||
                                        strcmp(out->topics[m].topic, q[j].topic) != 0))
                m++;
            if (m == out->ntopics)
                out->topics[out->ntopics++] = (struct vo_att_topic_result){
                    .user_id = p->user_id, .user_name = p->user_name, .topic = q[j].topic};
            out->topics[m].possible += q[j].points;
            for (size_t z = 0; z < na; z++)
                if (a[z].position == q[j].position && a[z].points != VO_NULL)
                    out->topics[m].earned += a[z].points;
        }
    }
    return VO_OK;
}
