/*
 * demo_calendar.c - the generator's days: the production calendar, working
 * hours, the month of an instant, and the holidays written to the org.
 */
#include "demo/demo_gen.h"
#include "model/prodcal.h"

double demo_level_at(const struct gen *g, const struct mgr *m, int month)
{
    double x = g->nmonths > 1 ? (double)month / (double)(g->nmonths - 1) - 0.5 : 0;
    return m->level * (1.0 + m->trend * x);
}

/* The day index holding instant t (clamped to the table). */
int demo_day_of(const struct gen *g, int64_t t)
{
    int64_t i = (t - g->days[0].start) / DAY;
    if (i < 0)
        i = 0;
    if (i >= g->ndays)
        i = g->ndays - 1;
    while (i > 0 && g->days[i].start > t)
        i--;
    while (i + 1 < g->ndays && g->days[i + 1].start <= t)
        i++;
    return (int)i;
}

/* Moves t forward into working hours (09:00-18:00 of a working day). */
int64_t demo_snap(const struct gen *g, struct rng *r, int64_t t)
{
    int d = demo_day_of(g, t);
    int64_t sod = t - g->days[d].start;
    if (sod >= DAY + 2 * HOUR) /* past the table */
        return t;
    if (g->days[d].work && sod >= 9 * HOUR && sod < 18 * HOUR)
        return t;
    if (g->days[d].work && sod < 9 * HOUR)
        return g->days[d].start + 9 * HOUR + demo_irange(r, 0, HOUR);
    for (int k = d + 1; k < g->ndays; k++)
        if (g->days[k].work)
            return g->days[k].start + 9 * HOUR + demo_irange(r, 0, 90 * 60);
    return t;
}

int64_t *demo_fact(struct gen *g, int m, int64_t t, int f)
{
    int month = g->days[demo_day_of(g, t)].month;
    return &g->fact[((size_t)m * (size_t)g->nmonths + (size_t)month) * NF + (size_t)f];
}

/* ---- calendar ---- */

vo_err demo_setup_calendar(struct gen *g, struct vo_date from, struct vo_date to)
{
    int64_t n = vo_date_days(to) - vo_date_days(from) + 1 + HORIZON_DAYS;
    g->days = calloc((size_t)n, sizeof *g->days);
    if (!g->days)
        return demo_oom(g->e);
    g->ndays = (int)n;
    struct vo_holiday cal[64];
    int cal_year = 0;
    size_t ncal = 0;
    for (int i = 0; i < g->ndays; i++) {
        struct day *d = &g->days[i];
        d->date = vo_date_add_days(from, i);
        d->start = vo_date_start(g->tz, d->date);
        d->month = (d->date.y - from.y) * 12 + d->date.m - from.m;
        if (d->date.y != cal_year) {
            cal_year = d->date.y;
            ncal = vo_prodcal_year(cal_year, cal, sizeof cal / sizeof cal[0], NULL);
        }
        d->work = vo_date_weekday(d->date) < 6;
        for (size_t k = 0; k < ncal; k++)
            if (cal[k].m == d->date.m && cal[k].d == d->date.d)
                d->work = cal[k].kind == VO_DAY_WORKDAY;
        if (vo_date_cmp(d->date, to) <= 0)
            g->nhist = i + 1;
    }
    g->asof = vo_date_start(g->tz, vo_date_add_days(to, 1)) - 1;
    return VO_OK;
}

vo_err demo_write_holidays(struct gen *g)
{
    vo_err rc;
    int y0 = g->days[0].date.y, y1 = g->days[g->ndays - 1].date.y;
    for (int y = y0; y <= y1; y++) {
        struct vo_holiday cal[64];
        size_t n = vo_prodcal_year(y, cal, sizeof cal / sizeof cal[0], NULL);
        for (size_t i = 0; i < n; i++) {
            cal[i].org_id = g->org;
            TRY(vo_store_holiday_upsert(g->st, &cal[i], NULL, g->e));
            TRY(demo_tick(g));
        }
    }
    return VO_OK;
}
