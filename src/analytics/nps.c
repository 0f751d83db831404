/*
 * nps.c - NPS over a period's answers (nps.h has the rules): one pass
 * counting each answer into its group's slot, then the groups that hold
 * answers sorted by key (by month: every month of the period in order).
 */
#include "analytics/nps.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/report_query.h"

bool vo_nps_by_parse(const char *s, enum vo_nps_by *out)
{
    static const char *const names[] = {"channel", "user", "segment", "month"};
    if (!s) {
        *out = VO_NPS_BY_NONE;
        return true;
    }
    for (int i = 0; i < 4; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = (enum vo_nps_by)(i + 1);
            return true;
        }
    return false;
}

const char *vo_nps_by_name(enum vo_nps_by by)
{
    static const char *const names[] = {NULL, "channel", "user", "segment", "month"};
    return names[by];
}

double vo_nps_value(int64_t promoters, int64_t detractors, int64_t responses)
{
    if (responses <= 0)
        return NAN;
    /* tenths of a point: 1000 * (p - d) / r, the remainder rounding half
     * away from zero, exactly */
    int64_t num = 1000 * (promoters - detractors);
    int64_t q = num / responses, rem = num % responses;
    if (2 * (rem < 0 ? -rem : rem) >= responses)
        q += num < 0 ? -1 : 1;
    return (double)q / 10.0;
}

static int cmp_group(const void *pa, const void *pb)
{
    const struct vo_nps_group *a = pa, *b = pb;
    if (!a->key || !b->key)
        return (a->key == NULL) - (b->key == NULL); /* none last */
    int c = strcmp(a->key, b->key);
    if (c)
        return c;
    return (a->user > b->user) - (a->user < b->user);
}

/* Newest first, then the higher id first. */
struct det {
    size_t i;
    int64_t at, id;
};

static int cmp_det(const void *pa, const void *pb)
{
    const struct det *a = pa, *b = pb;
    if (a->at != b->at)
        return a->at > b->at ? -1 : 1;
    return (a->id < b->id) - (a->id > b->id);
}

/* The month ordinal (y * 12 + m - 1) of a date. */
static int64_t month_no(struct vo_date d)
{
    return (int64_t)d.y * 12 + d.m - 1;
}

/* The slot of answer v in the by's table of nslots (the last = none). */
static size_t slot_of(const struct vo_dataset *ds, const struct vo_nps_query *q,
                      const struct vo_nps_answer *v, int64_t m0, size_t nslots)
{
    int32_t c = v->client;
    int32_t k = -1;
    switch (q->by) {
    case VO_NPS_BY_NONE:
        return 0;
    case VO_NPS_BY_CHANNEL:
        k = c >= 0 && ds->clients.channel[c] > 0 ? ds->clients.channel[c] : -1;
        break;
    case VO_NPS_BY_SEGMENT:
        k = c >= 0 && ds->clients.segment[c] > 0 ? ds->clients.segment[c] : -1;
        break;
    case VO_NPS_BY_USER:
        k = c >= 0 ? ds->clients.owner[c] : -1;
        break;
    case VO_NPS_BY_MONTH:
        return (size_t)(month_no(vo_cal_date_of(&ds->cal, v->at)) - m0);
    }
    return k >= 0 ? (size_t)k : nslots - 1;
}

vo_err vo_nps_compute(const struct vo_dataset *ds, const struct vo_nps_query *q,
                      const struct vo_nps_answer *v, size_t n, struct vo_arena *a,
                      struct vo_nps_result *out, struct vo_error *e)
{
    *out = (struct vo_nps_result){.by = q->by, .answers = v};
    int64_t m0 = month_no(q->period.first);
    size_t nslots = 1;
    switch (q->by) {
    case VO_NPS_BY_NONE:
        nslots = 1;
        break;
    case VO_NPS_BY_CHANNEL:
        nslots = (size_t)ds->channels.n + 1;
        break;
    case VO_NPS_BY_SEGMENT:
        nslots = (size_t)ds->segments.n + 1;
        break;
    case VO_NPS_BY_USER:
        nslots = ds->users.n + 1;
        break;
    case VO_NPS_BY_MONTH:
        nslots = (size_t)(month_no(q->period.last) - m0 + 1);
        break;
    }
    struct vo_nps_group *g = VO_ARENA_ARRAY(a, struct vo_nps_group, nslots);
    struct det *dv = VO_ARENA_ARRAY(a, struct det, n + 1);
    out->detractors = VO_ARENA_ARRAY(a, size_t, n + 1);
    if (!g || !dv || !out->detractors)
        return vo_error_set(e, VO_ENOMEM, "nps", "out of memory");
    int64_t end = q->period.end < q->as_of ? q->period.end : q->as_of;
    size_t nd = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].at < q->period.start || v[i].at >= end)
            continue;
        if (q->self >= 0 && (v[i].client < 0 || ds->clients.owner[v[i].client] != q->self))
            continue;
        struct vo_nps_group *s = &g[slot_of(ds, q, &v[i], m0, nslots)];
        s->responses++;
        if (v[i].score >= 9)
            s->promoters++;
        else if (v[i].score >= 7)
            s->passives++;
        else {
            s->detractors++;
            dv[nd++] = (struct det){i, v[i].at, v[i].id};
        }
    }
    qsort(dv, nd, sizeof *dv, cmp_det);
    for (size_t i = 0; i < nd; i++)
        out->detractors[i] = dv[i].i;
    out->ndetractors = nd;
    /* the groups shown, with their keys */
    size_t ng = 0;
    for (size_t k = 0; k < nslots; k++) {
        struct vo_nps_group s = g[k];
        s.user = -1;
        bool none = k == nslots - 1 && q->by != VO_NPS_BY_MONTH && q->by != VO_NPS_BY_NONE;
        if (q->by == VO_NPS_BY_MONTH) {
            int64_t m = m0 + (int64_t)k;
            s.key = vo_arena_printf(a, "%04d-%02d", (int)(m / 12), (int)(m % 12) + 1);
        } else if (q->by == VO_NPS_BY_NONE) {
            s.key = NULL;
        } else {
            if (s.responses == 0)
                continue;
            if (none)
                s.key = NULL;
            else if (q->by == VO_NPS_BY_CHANNEL)
                s.key = ds->channels.str[k];
            else if (q->by == VO_NPS_BY_SEGMENT)
                s.key = ds->segments.str[k];
            else {
                s.user = (int32_t)k;
                s.key = ds->users.email[k] ? ds->users.email[k] : ds->users.name[k];
            }
        }
        if (!s.key && !none && q->by != VO_NPS_BY_NONE)
            return vo_error_set(e, VO_ENOMEM, "nps", "out of memory");
        s.nps = vo_nps_value(s.promoters, s.detractors, s.responses);
        g[ng++] = s;
    }
    if (q->by != VO_NPS_BY_MONTH && q->by != VO_NPS_BY_NONE)
        qsort(g, ng, sizeof *g, cmp_group);
    out->groups = g;
    out->ngroups = ng;
    return VO_OK;
}

vo_err vo_report_nps_query(const struct vo_report_query *q, struct vo_nps_query *out,
                           struct vo_error *e)
{
    *out = (struct vo_nps_query){.period = q->period, .as_of = q->as_of, .self = q->self};
    if (!vo_nps_by_parse(q->by, &out->by))
        return vo_error_set(e, VO_EINVAL, "by", "NPS groups by channel, user, segment or month");
    return VO_OK;
}
