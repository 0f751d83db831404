/*
 * director.c - the report to the director (director.h): the sections run
 * through the report use cases (service/report.h), never a second
 * computation of a figure.
 */
#include "service/director.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/competitions.h"
#include "service/crm.h"
#include "service/meetings.h"
#include "service/promises.h"
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

/* The meetings of the period (docs/reports.md, "The report to the
 * director"): planned = every meeting scheduled in it, held = those of
 * them started before as_of; attendance_pct = (present + late) / marked
 * participants over the held ones (NaN when nobody was marked). */
static vo_err meetings_section(struct vo_svc *svc, const struct vo_director *r,
                               struct vo_director_meetings *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    struct vo_meeting *m = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_meeting_list(svc, NULL, r->period.start, r->period.end, &m, &n, e);
    if (rc)
        return rc;
    int64_t came = 0, marked = 0;
    for (size_t i = 0; i < n; i++) {
        out->planned++;
        if (m[i].started_at == VO_NULL || m[i].started_at >= r->as_of)
            continue;
        out->held++;
        struct vo_meeting_full f;
        if ((rc = vo_svc_meeting_get(svc, m[i].id, &f, e)))
            return rc;
        for (size_t j = 0; j < f.npeople; j++) {
            const char *att = f.people[j].attendance;
            if (!att)
                continue;
            marked++;
            came += strcmp(att, "absent") != 0;
        }
    }
    out->attendance_pct = marked ? (double)came / (double)marked : NAN;
    out->available = true;
    return VO_OK;
}

/* The promises due in the period, the department's tally (the weekly
 * report's block summed over users): kept_pct = kept / (kept + broken). */
static vo_err promises_section(struct vo_svc *svc, const struct vo_director *r,
                               struct vo_director_promises *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    struct vo_promise_tally *t = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_promise_tally(svc, r->period.start, r->period.end, &t, &n, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        out->kept += t[i].kept;
        out->broken += t[i].broken;
        out->open += t[i].open;
    }
    out->kept_pct =
        out->kept + out->broken ? (double)out->kept / (double)(out->kept + out->broken) : NAN;
    out->available = true;
    return VO_OK;
}

/* The competitions whose days meet the period (cancelled ones left out):
 * a finished one with its winners (every rank-1 row), a running one with
 * its leader as of as_of, an upcoming one with none. */
static vo_err competitions_section(struct vo_svc *svc, const struct vo_dataset *ds,
                                   const struct vo_director *r,
                                   struct vo_director_competitions *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    struct vo_comp *c = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_competition_list(svc, ds, NULL, r->as_of, &c, &n, e);
    if (rc)
        return rc;
    char first[16], last[16];
    vo_date_format(r->period.first, first, sizeof first);
    vo_date_format(r->period.last, last, sizeof last);
    out->items = vo_arena_alloc(svc->arena, (n ? n : 1) * sizeof *out->items);
    for (size_t i = 0; i < n; i++) {
        const struct vo_comp *x = &c[i];
        if (strcmp(x->status, "cancelled") == 0 || strcmp(x->c.last_day, first) < 0 ||
            strcmp(x->c.first_day, last) > 0)
            continue;
        const char *who = NULL;
        for (size_t j = 0; j < x->nrows && x->rows[j].rank == 1; j++)
            who =
                who ? vo_arena_printf(svc->arena, "%s, %s", who, x->rows[j].name) : x->rows[j].name;
        out->items[out->n++] =
            (struct vo_director_competition){.name = x->c.name, .winner = who, .status = x->status};
    }
    out->available = true;
    return VO_OK;
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
    if ((rc = meetings_section(svc, out, &out->meetings, e)) ||
        (rc = promises_section(svc, out, &out->promises, e)))
        return rc;
    return competitions_section(svc, ds, out, &out->competitions, e);
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
