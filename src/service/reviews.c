/*
 * reviews.c - call and negotiation reviews (reviews.h): who may read and
 * write them (one check per object: the role for a write, the subject for
 * a manager's read), the bounds of a checklist and of a review, and the
 * averages of a period, computed here from the stored scores.
 */
#include "service/reviews.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"

double vo_review_pct(double num, double den)
{
    if (den <= 0)
        return 0;
    /* half up; the epsilon keeps an exact .x5 that binary cannot hold
     * (2/3 of a cent away from any real tie) from rounding down */
    return floor(num * 1000.0 / den + 0.5 + 1e-9) / 10.0;
}

/* Writes are the head's and an admin's (and the operator's). */
static vo_err may_write(struct vo_svc *svc, struct vo_error *e)
{
    if (svc->actor_id == 0 || svc->actor_role == VO_ROLE_ADMIN || svc->actor_role == VO_ROLE_HEAD)
        return VO_OK;
    return vo_error_set(e, VO_EPERM, NULL, "reviews are written by the head and an admin");
}

/* A text of up to max characters (NULL is ""), valid UTF-8. */
static vo_err text_up_to(const char *s, size_t max, const char *field, struct vo_error *e)
{
    vo_err rc = vo_text_check(VO_TEXT_NOTE, s, field, e);
    if (!rc && s && (size_t)g_utf8_strlen(s, -1) > max)
        rc = vo_error_set(e, VO_EINVAL, field, "%s is up to %d characters", field, (int)max);
    return rc;
}

/* ---- checklists ---- */

static vo_err full_checklist(struct vo_svc *svc, struct vo_review_checklist_full *x,
                             struct vo_error *e)
{
    return vo_store_review_items(svc->st, svc->org.id, x->c.id, svc->arena, &x->items, &x->n, e);
}

vo_err vo_svc_review_checklist_list(struct vo_svc *svc, struct vo_review_checklist_full **out,
                                    size_t *n, struct vo_error *e)
{
    struct vo_review_checklist *v = NULL;
    struct vo_review_item *items = NULL;
    size_t nv = 0, ni = 0;
    *out = NULL;
    *n = 0;
    vo_err rc = vo_store_review_checklist_list(svc->st, svc->org.id, svc->arena, &v, &nv, e);
    if (rc || (rc = vo_store_review_items(svc->st, svc->org.id, 0, svc->arena, &items, &ni, e)))
        return rc;
    struct vo_review_checklist_full *f = vo_arena_array(svc->arena, nv + 1, sizeof *f);
    if (!f)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < nv; i++) {
        f[i].c = v[i];
        /* the items come by checklist id: this one's run */
        for (size_t k = 0; k < ni; k++) {
            if (items[k].checklist_id != v[i].id)
                continue;
            if (!f[i].items)
                f[i].items = &items[k];
            f[i].n++;
        }
    }
    *out = f;
    *n = nv;
    return VO_OK;
}

vo_err vo_svc_review_checklist_get(struct vo_svc *svc, int64_t id,
                                   struct vo_review_checklist_full *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    vo_err rc = vo_store_review_checklist_get(svc->st, svc->org.id, id, svc->arena, &out->c, e);
    return rc ? rc : full_checklist(svc, out, e);
}

/* Checks in's members named by in->set and applies them to x; the items
 * (checked, max_score defaulted) into *items. */
static vo_err checklist_apply(struct vo_svc *svc, const struct vo_review_checklist_input *in,
                              struct vo_review_checklist *x, struct vo_review_item **items,
                              struct vo_error *e)
{
    vo_err rc;
    if (in->set & VO_RCL_SET_NAME) {
        if ((rc = vo_text_required(VO_TEXT_NAME, in->name, "name", e)))
            return rc;
        x->name = in->name;
    }
    if (in->set & VO_RCL_SET_ARCHIVED)
        x->archived = in->archived;
    if (!(in->set & VO_RCL_SET_ITEMS))
        return VO_OK;
    if (in->n < 1 || in->n > VO_REVIEW_ITEMS_MAX)
        return vo_error_set(e, VO_EINVAL, "items", "a checklist has 1..%d items",
                            VO_REVIEW_ITEMS_MAX);
    struct vo_review_item *v = vo_arena_array(svc->arena, in->n, sizeof *v);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < in->n; i++) {
        char field[32];
        v[i] = in->items[i];
        g_snprintf(field, sizeof field, "items[%zu].text", i);
        if ((rc = vo_text_required(VO_TEXT_TITLE, v[i].text, field, e)) ||
            (rc = text_up_to(v[i].text, VO_REVIEW_ITEM_TEXT_MAX, field, e)))
            return rc;
        if (v[i].max_score == 0)
            v[i].max_score = VO_REVIEW_DEFAULT_MAX;
        if (v[i].max_score < 1 || v[i].max_score > VO_REVIEW_MAX_SCORE) {
            g_snprintf(field, sizeof field, "items[%zu].max_score", i);
            return vo_error_set(e, VO_EINVAL, field, "max_score is a whole number 1..%d",
                                VO_REVIEW_MAX_SCORE);
        }
        v[i].position = (int64_t)i + 1;
    }
    *items = v;
    return VO_OK;
}

/* A store failure of a checklist's write (its error in tmp): a conflict
 * is the name's (the only unique key), worded for the user. */
static vo_err name_taken(vo_err rc, const char *name, const struct vo_error *tmp,
                         struct vo_error *e)
{
    if (rc != VO_ECONFLICT)
        return vo_error_pass(e, rc, tmp);
    return vo_error_set(e, VO_ECONFLICT, "name", "a review checklist named \"%s\" exists", name);
}

vo_err vo_svc_review_checklist_create(struct vo_svc *svc,
                                      const struct vo_review_checklist_input *in, int64_t *id,
                                      struct vo_error *e)
{
    struct vo_review_checklist x = {.org_id = svc->org.id, .created_at = vo_now()};
    struct vo_review_checklist_input all = *in;
    struct vo_review_item *items = NULL;
    all.set |= VO_RCL_SET_NAME | VO_RCL_SET_ITEMS;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = checklist_apply(svc, &all, &x, &items, e)) || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_error tmp = {0};
    if ((rc = vo_store_review_checklist_insert(svc->st, &x, &tmp))) {
        rc = name_taken(rc, x.name, &tmp, e);
        goto fail;
    }
    if ((rc = vo_store_review_items_put(svc->st, svc->org.id, x.id, items, all.n, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "review_checklist.create", "review_checklist", x.id, x.name, e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_review_checklist_update(struct vo_svc *svc, int64_t id,
                                      const struct vo_review_checklist_input *in,
                                      struct vo_error *e)
{
    struct vo_review_checklist x;
    struct vo_review_item *items = NULL;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_error tmp = {0};
    if ((rc = vo_store_review_checklist_get(svc->st, svc->org.id, id, svc->arena, &x, e)) ||
        (rc = checklist_apply(svc, in, &x, &items, e)))
        goto fail;
    if ((in->set & VO_RCL_SET_ITEMS) && x.used > 0) {
        rc = vo_error_set(e, VO_ECONFLICT, "items",
                          "the items of a checklist that %lld reviews score by do not change: "
                          "make a new checklist",
                          (long long)x.used);
        goto fail;
    }
    if ((rc = vo_store_review_checklist_update(svc->st, &x, &tmp))) {
        rc = name_taken(rc, x.name, &tmp, e);
        goto fail;
    }
    if ((in->set & VO_RCL_SET_ITEMS) &&
        (rc = vo_store_review_items_put(svc->st, svc->org.id, id, items, in->n, e)))
        goto fail;
    return vo_crm_finish(svc, "review_checklist.update", "review_checklist", id, x.name, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- reviews ---- */

/* A manager reads the reviews of which they are the subject only. */
static bool reads(struct vo_svc *svc, int64_t subject)
{
    return vo_svc_check_owner(svc, subject, false, NULL) == VO_OK;
}

vo_err vo_svc_review_list(struct vo_svc *svc, struct vo_review_filter f, struct vo_review **out,
                          size_t *n, struct vo_error *e)
{
    if (svc->actor_role == VO_ROLE_MANAGER && svc->actor_id) {
        if (f.subject && f.subject != svc->actor_id)
            return vo_error_set(e, VO_EPERM, "user_id", "a manager sees their own reviews only");
        f.subject = svc->actor_id;
    }
    return vo_store_review_list(svc->st, svc->org.id, &f, svc->arena, out, n, e);
}

/* The lines of review x: its scores beside the items' texts. */
static vo_err review_lines(struct vo_svc *svc, struct vo_review_full *out, struct vo_error *e)
{
    struct vo_review_score *s = NULL;
    struct vo_review_item *items = NULL;
    size_t ns = 0, ni = 0;
    vo_err rc =
        vo_store_review_scores(svc->st, svc->org.id, NULL, out->r.id, svc->arena, &s, &ns, e);
    if (rc || (rc = vo_store_review_items(svc->st, svc->org.id, out->r.checklist_id, svc->arena,
                                          &items, &ni, e)))
        return rc;
    out->lines = vo_arena_array(svc->arena, ns + 1, sizeof *out->lines);
    if (!out->lines)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < ns; i++) {
        const char *text = "";
        for (size_t k = 0; k < ni; k++)
            if (items[k].position == s[i].position)
                text = items[k].text;
        out->lines[i] = (struct vo_review_line){s[i].position, s[i].score, s[i].max_score, text};
    }
    out->n = ns;
    return VO_OK;
}

vo_err vo_svc_review_get(struct vo_svc *svc, int64_t id, struct vo_review_full *out,
                         struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    vo_err rc = vo_store_review_get(svc->st, svc->org.id, id, svc->arena, &out->r, e);
    if (!rc && !reads(svc, out->r.subject_id))
        return vo_error_set(e, VO_ENOTFOUND, "id", "no review %lld", (long long)id);
    return rc ? rc : review_lines(svc, out, e);
}

/* The subject of a new review: a head or manager of the org. */
static vo_err check_subject(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    struct vo_user u;
    struct vo_error tmp = {0};
    if (id <= 0)
        return vo_error_set(e, VO_EINVAL, "subject_id", "%s is required", "subject_id");
    vo_err rc = vo_store_user_get(svc->st, svc->org.id, id, svc->arena, &u, &tmp);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_EINVAL, "subject_id", "no user %lld", (long long)id);
    if (rc)
        return vo_error_pass(e, rc, &tmp);
    if (u.role != VO_ROLE_HEAD && u.role != VO_ROLE_MANAGER)
        return vo_error_set(e, VO_EINVAL, "subject_id", "a review is of a manager or the head");
    return VO_OK;
}

/* Applies in's members named by in->set to x, checked; the scores, when
 * set, into *scores (one per item of x's checklist, n of them). */
static vo_err review_apply(struct vo_svc *svc, const struct vo_review_input *in,
                           struct vo_review *x, struct vo_review_score **scores, size_t *nscores,
                           struct vo_error *e)
{
    vo_err rc;
    struct vo_activity act;
    bool have_act = false;
    if (in->set & VO_REVIEW_SET_ACTIVITY) {
        x->activity_id = in->activity_id;
        if (in->activity_id < 0)
            return vo_error_set(e, VO_EINVAL, "activity_id", "no activity %lld",
                                (long long)in->activity_id);
    }
    if (x->activity_id) {
        struct vo_error tmp = {0};
        rc = vo_store_activity_get(svc->st, svc->org.id, x->activity_id, svc->arena, &act, &tmp);
        if (rc == VO_ENOTFOUND)
            return vo_error_set(e, VO_EINVAL, "activity_id", "no activity %lld",
                                (long long)x->activity_id);
        if (rc)
            return vo_error_pass(e, rc, &tmp);
        if (act.user_id != x->subject_id)
            return vo_error_set(e, VO_EINVAL, "activity_id",
                                "activity %lld is not of the reviewed manager",
                                (long long)x->activity_id);
        have_act = true;
    }
    if (in->set & VO_REVIEW_SET_KIND) {
        if (in->kind && *in->kind) {
            if (strcmp(in->kind, "call") != 0 && strcmp(in->kind, "meeting") != 0)
                return vo_error_set(e, VO_EINVAL, "kind", "kind is call or meeting");
            x->kind = in->kind;
        } else {
            x->kind = have_act && act.type == VO_ACT_MEETING ? "meeting" : "call";
        }
    }
    if (in->set & VO_REVIEW_SET_RECORDING) {
        const char *u = in->recording_url && *in->recording_url ? in->recording_url : NULL;
        if (u) {
            if ((rc = vo_text_check(VO_TEXT_URL, u, "recording_url", e)))
                return rc;
            GUri *uri = g_uri_parse(u, G_URI_FLAGS_NONE, NULL);
            const char *scheme = uri ? g_uri_get_scheme(uri) : NULL;
            const char *host = uri ? g_uri_get_host(uri) : NULL;
            bool ok = scheme && host && *host &&
                      (g_ascii_strcasecmp(scheme, "http") == 0 ||
                       g_ascii_strcasecmp(scheme, "https") == 0);
            if (uri)
                g_uri_unref(uri);
            if (!ok)
                return vo_error_set(e, VO_EINVAL, "recording_url",
                                    "recording_url is an http:// or https:// address of up to %d "
                                    "characters",
                                    VO_REVIEW_URL_MAX);
        }
        x->recording_url = u;
    }
    if (in->set & VO_REVIEW_SET_AT) {
        if (in->reviewed_at && *in->reviewed_at) {
            if ((rc = vo_crm_time(svc, in->reviewed_at, "reviewed_at", &x->reviewed_at, e)))
                return rc;
        } else {
            x->reviewed_at = have_act ? act.at : vo_now();
        }
    }
    static const struct {
        unsigned bit;
        const char *field;
        size_t in_off, x_off;
    } texts[] = {
        {VO_REVIEW_SET_STRENGTHS, "strengths", offsetof(struct vo_review_input, strengths),
         offsetof(struct vo_review, strengths)},
        {VO_REVIEW_SET_MISTAKES, "mistakes", offsetof(struct vo_review_input, mistakes),
         offsetof(struct vo_review, mistakes)},
        {VO_REVIEW_SET_COMMENT, "comment", offsetof(struct vo_review_input, comment),
         offsetof(struct vo_review, comment)},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (!(in->set & texts[i].bit))
            continue;
        const char *s = *(const char *const *)(const void *)((const char *)in + texts[i].in_off);
        if ((rc = text_up_to(s, VO_REVIEW_TEXT_MAX, texts[i].field, e)))
            return rc;
        *(const char **)(void *)((char *)x + texts[i].x_off) = s ? s : "";
    }
    if (!(in->set & VO_REVIEW_SET_SCORES))
        return VO_OK;
    struct vo_review_item *items = NULL;
    size_t ni = 0;
    if ((rc = vo_store_review_items(svc->st, svc->org.id, x->checklist_id, svc->arena, &items, &ni,
                                    e)))
        return rc;
    size_t nin = in->scores ? in->nscores : 0; /* the scores given (none without a list) */
    if (nin == 0 && ni > 0)
        return vo_error_set(e, VO_EINVAL, "scores", "%s is required", "scores");
    struct vo_review_score *v = vo_arena_array(svc->arena, ni + 1, sizeof *v);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < ni || i < nin; i++) {
        char field[32];
        g_snprintf(field, sizeof field, "scores[%zu]", i);
        if (i >= ni)
            return vo_error_set(e, VO_EINVAL, field, "the checklist has %zu items", ni);
        if (i >= nin || in->scores[i] == VO_NULL)
            return vo_error_set(e, VO_EINVAL, field, "item %lld \"%s\" is not scored",
                                (long long)items[i].position, items[i].text);
        if (in->scores[i] < 0 || in->scores[i] > items[i].max_score)
            return vo_error_set(e, VO_EINVAL, field, "item %lld scores 0..%lld",
                                (long long)items[i].position, (long long)items[i].max_score);
        v[i] = (struct vo_review_score){
            .position = items[i].position, .score = in->scores[i], .max_score = items[i].max_score};
    }
    *scores = v;
    *nscores = ni;
    return VO_OK;
}

/* "Анна Смирнова: 60.0%": the audit's detail of a review. */
static const char *review_detail(struct vo_svc *svc, int64_t subject,
                                 const struct vo_review_score *v, size_t n)
{
    struct vo_user u;
    int64_t s = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        s += v[i].score;
        m += v[i].max_score;
    }
    const char *name =
        vo_store_user_get(svc->st, svc->org.id, subject, svc->arena, &u, NULL) ? "?" : u.name;
    return vo_arena_printf(svc->arena, "%s: %.1f%%", name, vo_review_pct((double)s, (double)m));
}

vo_err vo_svc_review_create(struct vo_svc *svc, const struct vo_review_input *in, int64_t *id,
                            struct vo_error *e)
{
    struct vo_review x = {.org_id = svc->org.id,
                          .subject_id = in->subject_id,
                          .reviewer_id = svc->actor_id,
                          .checklist_id = in->checklist_id,
                          .created_at = vo_now()};
    struct vo_review_input all = *in;
    struct vo_review_score *scores = NULL;
    size_t ns = 0;
    all.set |= VO_REVIEW_SET_KIND | VO_REVIEW_SET_ACTIVITY | VO_REVIEW_SET_RECORDING |
               VO_REVIEW_SET_AT | VO_REVIEW_SET_STRENGTHS | VO_REVIEW_SET_MISTAKES |
               VO_REVIEW_SET_COMMENT | VO_REVIEW_SET_SCORES;
    vo_err rc = may_write(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_review_checklist c;
    struct vo_error tmp = {0};
    if ((rc = check_subject(svc, in->subject_id, e)))
        goto fail;
    if (in->checklist_id <= 0) {
        rc = vo_error_set(e, VO_EINVAL, "checklist_id", "%s is required", "checklist_id");
        goto fail;
    }
    rc =
        vo_store_review_checklist_get(svc->st, svc->org.id, in->checklist_id, svc->arena, &c, &tmp);
    if (rc == VO_ENOTFOUND || (!rc && c.archived)) {
        rc = vo_error_set(e, VO_EINVAL, "checklist_id", "no review checklist %lld in use",
                          (long long)in->checklist_id);
        goto fail;
    }
    if (rc) {
        rc = vo_error_pass(e, rc, &tmp);
        goto fail;
    }
    if ((rc = review_apply(svc, &all, &x, &scores, &ns, e)) ||
        (rc = vo_store_review_insert(svc->st, &x, e)) ||
        (rc = vo_store_review_scores_put(svc->st, svc->org.id, x.id, scores, ns, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "review.create", "review", x.id,
                            review_detail(svc, x.subject_id, scores, ns), e)))
        return rc;
    *id = x.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* Begins a change of review id, read into *x (the writer reads every
 * review); on a failure the transaction is rolled back. */
static vo_err begin_change(struct vo_svc *svc, int64_t id, struct vo_review *x, struct vo_error *e)
{
    vo_err rc = may_write(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_review_get(svc->st, svc->org.id, id, svc->arena, x, e)))
        vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_review_update(struct vo_svc *svc, int64_t id, const struct vo_review_input *in,
                            struct vo_error *e)
{
    struct vo_review x;
    struct vo_review_score *scores = NULL;
    size_t ns = 0;
    vo_err rc = begin_change(svc, id, &x, e);
    if (rc)
        return rc;
    if ((rc = review_apply(svc, in, &x, &scores, &ns, e)) ||
        (rc = vo_store_review_update(svc->st, &x, e)))
        goto fail;
    if (!(in->set & VO_REVIEW_SET_SCORES)) {
        if ((rc = vo_store_review_scores(svc->st, svc->org.id, NULL, id, svc->arena, &scores, &ns,
                                         e)))
            goto fail;
    } else if ((rc = vo_store_review_scores_put(svc->st, svc->org.id, id, scores, ns, e))) {
        goto fail;
    }
    return vo_crm_finish(svc, "review.update", "review", id,
                         review_detail(svc, x.subject_id, scores, ns), e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_review_delete(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    struct vo_review x;
    vo_err rc = begin_change(svc, id, &x, e);
    if (rc)
        return rc;
    if ((rc = vo_store_review_delete(svc->st, svc->org.id, id, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "review.delete", "review", id, x.subject_name, e);
}

/* ---- the averages ---- */

static int manager_by_name(const void *a, const void *b)
{
    const struct vo_review_manager_avg *x = a, *y = b;
    int c = g_utf8_collate(x->name ? x->name : "", y->name ? y->name : "");
    return c ? c : (x->user_id > y->user_id) - (x->user_id < y->user_id);
}

static int item_weakest(const void *a, const void *b)
{
    const struct vo_review_item_avg *x = a, *y = b;
    if (x->avg_pct != y->avg_pct)
        return x->avg_pct < y->avg_pct ? -1 : 1;
    if (x->checklist_id != y->checklist_id)
        return x->checklist_id < y->checklist_id ? -1 : 1;
    return (x->position > y->position) - (x->position < y->position);
}

static int item_order(const void *a, const void *b)
{
    const struct vo_review_item_avg *x = a, *y = b;
    if (x->checklist_id != y->checklist_id)
        return x->checklist_id < y->checklist_id ? -1 : 1;
    return (x->position > y->position) - (x->position < y->position);
}

/* One review's sums, gathered from its score rows. */
struct one_review {
    int64_t subject, at, score, max;
};

/* Adds review r's ratio to all, to its manager's sum (msum, by
 * out->managers) and to its month's (tsum, by out->months). */
static vo_err add_review(struct vo_svc *svc, const struct one_review *r,
                         struct vo_review_summary *out, double *all, double *msum, double *tsum,
                         struct vo_error *e)
{
    double ratio = r->max > 0 ? (double)r->score / (double)r->max : 0;
    size_t k = 0;
    while (k < out->nmanagers && out->managers[k].user_id != r->subject)
        k++;
    if (k == out->nmanagers) {
        struct vo_user u;
        vo_err rc = vo_store_user_get(svc->st, svc->org.id, r->subject, svc->arena, &u, e);
        if (rc)
            return rc;
        out->managers[out->nmanagers++] =
            (struct vo_review_manager_avg){.user_id = r->subject, .name = u.name};
    }
    out->managers[k].count++;
    msum[k] += ratio;
    char day[16], month[8];
    vo_date_format(vo_date_of(svc->tz, r->at), day, sizeof day);
    g_strlcpy(month, day, sizeof month);
    size_t m = 0;
    while (m < out->nmonths && strcmp(out->months[m].month, month) != 0)
        m++;
    if (m == out->nmonths) {
        memset(&out->months[m], 0, sizeof out->months[m]);
        g_strlcpy(out->months[m].month, month, sizeof out->months[m].month);
        out->nmonths++;
    }
    out->months[m].count++;
    tsum[m] += ratio;
    out->count++;
    *all += ratio;
    return VO_OK;
}

static int month_order(const void *a, const void *b)
{
    const struct vo_review_month *x = a, *y = b;
    return strcmp(x->month, y->month);
}

vo_err vo_svc_review_summary(struct vo_svc *svc, int64_t from, int64_t to, int64_t user,
                             struct vo_review_summary *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    struct vo_review_score *sc = NULL;
    struct vo_review_item *items = NULL;
    struct vo_review_checklist *cls = NULL;
    size_t nsc = 0, ni = 0, ncl = 0;
    struct vo_review_filter f = {.subject = user, .from = from, .to = to};
    if (svc->actor_role == VO_ROLE_MANAGER && svc->actor_id) {
        if (f.subject && f.subject != svc->actor_id)
            return vo_error_set(e, VO_EPERM, "user_id", "a manager sees their own reviews only");
        f.subject = svc->actor_id;
    }
    out->user_id = f.subject;
    vo_err rc = vo_store_review_scores(svc->st, svc->org.id, &f, 0, svc->arena, &sc, &nsc, e);
    if (rc || (rc = vo_store_review_items(svc->st, svc->org.id, 0, svc->arena, &items, &ni, e)) ||
        (rc = vo_store_review_checklist_list(svc->st, svc->org.id, svc->arena, &cls, &ncl, e)))
        return rc;
    /* at most one review, one manager, one month and one item per score */
    out->managers = vo_arena_array(svc->arena, nsc + 1, sizeof *out->managers);
    out->months = vo_arena_array(svc->arena, nsc + 1, sizeof *out->months);
    out->items = vo_arena_array(svc->arena, nsc + 1, sizeof *out->items);
    double *msum = vo_arena_array(svc->arena, nsc + 1, sizeof *msum);
    double *tsum = vo_arena_array(svc->arena, nsc + 1, sizeof *tsum), all = 0;
    double *isum = vo_arena_array(svc->arena, nsc + 1, sizeof *isum);
    double *iscore = vo_arena_array(svc->arena, nsc + 1, sizeof *iscore);
    if (!out->managers || !out->months || !out->items || !msum || !tsum || !isum || !iscore)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    /* the scores come by review: a review is a run of them */
    struct one_review cur = {0};
    int64_t cur_id = 0;
    for (size_t j = 0; j < nsc; j++) {
        const struct vo_review_score *s = &sc[j];
        if (s->review_id != cur_id) {
            if (cur_id && (rc = add_review(svc, &cur, out, &all, msum, tsum, e)))
                return rc;
            cur = (struct one_review){s->subject_id, s->reviewed_at, 0, 0};
            cur_id = s->review_id;
        }
        cur.score += s->score;
        cur.max += s->max_score;
        size_t k = 0;
        while (k < out->nitems && (out->items[k].checklist_id != s->checklist_id ||
                                   out->items[k].position != s->position))
            k++;
        if (k == out->nitems) {
            struct vo_review_item_avg *it = &out->items[out->nitems++];
            *it = (struct vo_review_item_avg){.checklist_id = s->checklist_id,
                                              .position = s->position,
                                              .max_score = s->max_score,
                                              .text = "",
                                              .checklist = ""};
            for (size_t q = 0; q < ni; q++)
                if (items[q].checklist_id == it->checklist_id && items[q].position == it->position)
                    it->text = items[q].text;
            for (size_t q = 0; q < ncl; q++)
                if (cls[q].id == it->checklist_id)
                    it->checklist = cls[q].name;
        }
        out->items[k].count++;
        isum[k] += (double)s->score / (double)s->max_score;
        iscore[k] += (double)s->score;
    }
    if (cur_id && (rc = add_review(svc, &cur, out, &all, msum, tsum, e)))
        return rc;
    out->avg_pct = vo_review_pct(all, (double)out->count);
    for (size_t k = 0; k < out->nmanagers; k++)
        out->managers[k].avg_pct = vo_review_pct(msum[k], (double)out->managers[k].count);
    qsort(out->managers, out->nmanagers, sizeof *out->managers, manager_by_name);
    for (size_t k = 0; k < out->nmonths; k++)
        out->months[k].avg_pct = vo_review_pct(tsum[k], (double)out->months[k].count);
    qsort(out->months, out->nmonths, sizeof *out->months, month_order);
    for (size_t k = 0; k < out->nitems; k++) {
        struct vo_review_item_avg *it = &out->items[k];
        it->avg_pct = vo_review_pct(isum[k], (double)it->count);
        it->avg_score = floor(iscore[k] * 10.0 / (double)it->count + 0.5 + 1e-9) / 10.0;
    }
    qsort(out->items, out->nitems, sizeof *out->items, item_order);
    out->nweakest = out->nitems < 3 ? out->nitems : 3;
    out->weakest = vo_arena_array(svc->arena, out->nitems + 1, sizeof *out->weakest);
    if (!out->weakest)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    memcpy(out->weakest, out->items, out->nitems * sizeof *out->items);
    qsort(out->weakest, out->nitems, sizeof *out->weakest, item_weakest);
    return VO_OK;
}
