/*
 * director.c - the report to the director (director.h): the sections run
 * through the report use cases (service/report.h), never a second
 * computation of a figure.
 */
#include "service/director.h"

#include <glib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"
#include "service/report.h"

/* The period kind (NULL: month) and the first date of the period holding
 * the date text: a month's 1st, an ISO week's Monday. */
static vo_err period_first(const char *period, const char *date, const char **kind,
                           struct vo_date *first, struct vo_error *e)
{
    struct vo_date d;
    *kind = period ? period : "month";
    if (strcmp(*kind, "month") != 0 && strcmp(*kind, "week") != 0)
        return vo_error_set(e, VO_EINVAL, "period", "period is month or week, not \"%s\"", *kind);
    if (!date)
        return vo_error_set(e, VO_EINVAL, "date", "%s is required", "date");
    vo_err rc = vo_date_parse(date, &d, "date", e);
    if (rc)
        return rc;
    *first =
        **kind == 'm' ? (struct vo_date){d.y, d.m, 1} : vo_date_add_days(d, 1 - vo_date_weekday(d));
    return VO_OK;
}

/* The three sections filled at merge from the meetings / promises /
 * competitions services (issue 11, items 1, 2 and 5, built beside this
 * one): until then each says it is not available ({"available": false}
 * in the JSON, «Нет данных» on the page). */
static void meetings_section(struct vo_svc *svc, const struct vo_director *r,
                             struct vo_director_meetings *out)
{
    (void)svc;
    (void)r;
    memset(out, 0, sizeof *out);
}

static void promises_section(struct vo_svc *svc, const struct vo_director *r,
                             struct vo_director_promises *out)
{
    (void)svc;
    (void)r;
    memset(out, 0, sizeof *out);
}

static void competitions_section(struct vo_svc *svc, const struct vo_director *r,
                                 struct vo_director_competitions *out)
{
    (void)svc;
    (void)r;
    memset(out, 0, sizeof *out);
}

vo_err vo_svc_director(struct vo_svc *svc, const struct vo_report_query *base, const char *period,
                       struct vo_director *out, struct vo_error *e)
{
    const struct vo_dataset *ds = base->ds;
    memset(out, 0, sizeof *out);
    if (svc->actor_role == VO_ROLE_MANAGER)
        return vo_error_set(e, VO_EPERM, NULL,
                            "the report to the director is the head's: a manager has no access");
    struct vo_date first;
    vo_err rc = period_first(period, base->date, &out->period_kind, &first, e);
    if (rc)
        return rc;
    out->period =
        out->period_kind[0] == 'm' ? vo_cal_month(&ds->cal, first) : vo_cal_week(&ds->cal, first);
    struct vo_date before = vo_date_add_days(out->period.first, -1);
    out->prev =
        out->period_kind[0] == 'm' ? vo_cal_month(&ds->cal, before) : vo_cal_week(&ds->cal, before);
    out->as_of = base->as_of;
    /* the previous cohort followed as far into its period as this one is */
    int64_t into =
        (base->as_of < out->period.end ? base->as_of : out->period.end) - out->period.start;
    out->prev_as_of = out->prev.start + (into > 0 ? into : 0);

    struct vo_report_query q = *base;
    q.period = out->period;
    q.period_kind = out->period_kind;
    q.period_given = true;
    q.by = "user";
    q.scope = q.user = q.team = q.channel = q.region = q.source = NULL;
    q.list = false;
    if ((rc = vo_svc_report_pf(svc, &q, &out->pf, e)) ||
        (rc = vo_director_rank(&out->pf, q.arena, out, e)) ||
        (rc = vo_svc_report_funnel(svc, &q, &out->funnel, e)))
        return rc;
    struct vo_report_query pq = q;
    pq.period = out->prev;
    pq.as_of = out->prev_as_of;
    if ((rc = vo_svc_report_funnel(svc, &pq, &out->funnel_prev, e)) ||
        (rc = vo_director_funnel_change(out->funnel, out->funnel_prev, q.arena, out, e)))
        return rc;
    /* hygiene as of the end of the period (or as_of, when sooner) */
    struct vo_report_query hq = q;
    hq.by = NULL;
    hq.as_of = out->as_of < out->period.end ? out->as_of : out->period.end;
    struct vo_report_hygiene h;
    if ((rc = vo_svc_report_hygiene(svc, &hq, &h, e)))
        return rc;
    out->hygiene = h.h;

    char start[16];
    vo_date_format(out->period.first, start, sizeof start);
    struct vo_director_note note;
    if ((rc = vo_store_director_note_get(svc->st, svc->org.id, out->period_kind, start, q.arena,
                                         &note, e)))
        return rc;
    out->note = note.text;
    out->note_updated_at = note.updated_at;
    meetings_section(svc, out, &out->meetings);
    promises_section(svc, out, &out->promises);
    competitions_section(svc, out, &out->competitions);
    return VO_OK;
}

vo_err vo_svc_director_note_set(struct vo_svc *svc, const char *period, const char *date,
                                const char *text, struct vo_error *e)
{
    if (svc->actor_role != VO_ROLE_ADMIN && svc->actor_role != VO_ROLE_HEAD)
        return vo_error_set(e, VO_EPERM, NULL,
                            "only the head or an admin writes the report to "
                            "the director");
    const char *kind;
    struct vo_date first;
    char start[16];
    vo_err rc = period_first(period, date, &kind, &first, e);
    if (rc)
        return rc;
    if (!text)
        return vo_error_set(e, VO_EINVAL, "text", "%s is required", "text");
    if ((rc = vo_text_check(VO_TEXT_NOTE, text, "text", e)))
        return rc;
    if (g_utf8_strlen(text, -1) > VO_DIRECTOR_NOTE_MAX)
        return vo_error_set(e, VO_EINVAL, "text", "text is at most %d characters",
                            VO_DIRECTOR_NOTE_MAX);
    vo_date_format(first, start, sizeof start);
    struct vo_director_note n = {.text = text, .updated_at = vo_now(), .updated_by = svc->actor_id};
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_director_note_put(svc->st, svc->org.id, kind, start, &n, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "director_note.set", "director_note", 0,
                         vo_arena_printf(svc->arena, "%s %s", kind, start), e);
}
