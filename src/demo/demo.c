/*
 * demo.c - `voronka demo`: a realistic sales department, generated.
 *
 * One org, a head of sales, a director (viewer), managers in teams (the
 * corporate team sells to the corporate and dealer channels, the retail
 * team to retail), clients, a five-stage pipeline, and about two years of
 * history up to as_of: lead inflow with seasonality and a weekday rhythm,
 * deals walking the stages with each manager's own strengths (activity
 * level, skill, a weak stage, a trend), the calls, meetings and emails
 * around them, tasks done on time or late or left open, payments after
 * wins, NPS answers, marketing spend, the production calendar, and monthly
 * plans near each manager's capacity.
 *
 * Determinism: every random choice comes from xoshiro256** seeded through
 * splitmix64 from the seed; each deal and each (day, manager) draws from its
 * own stream, so the result depends only on the seed, the sizes and as_of.
 * No wall clock, no rand(). Generation streams: a deal is simulated, written
 * with all its rows, and forgotten; what stays in memory is small per
 * client, per manager and day, and per manager and month. Rows go through
 * the store's bulk insert path in transactions of about COMMIT_ROWS rows,
 * with the store in bulk mode.
 *
 * The parts: demo_rng.c (random numbers), demo_calendar.c (days),
 * demo_org.c (people, pipeline, products), demo_deals.c (clients, deals),
 * demo_activity.c (activities, tasks), demo_money.c (payments, NPS, plans,
 * spend); the tables of the company's shape are demo_shape.h, the names
 * and the production calendar demo_data.c.
 */
#include "demo/demo.h"

#include "demo/demo_gen.h"

vo_err demo_oom(struct vo_error *e)
{
    return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
}

/* Counts a written row and commits every COMMIT_ROWS rows. */
vo_err demo_tick(struct gen *g)
{
    if (++g->pending < COMMIT_ROWS)
        return VO_OK;
    g->pending = 0;
    vo_err rc = vo_store_commit(g->st, g->e);
    return rc ? rc : vo_store_begin(g->st, g->e);
}

void demo_progress(struct gen *g, const char *what, int64_t done, int64_t total)
{
    if (g->o->progress)
        g->o->progress(g->o->progress_ctx, what, done, total);
}

/* ---- the whole ---- */

int vo_demo_managers_for(int64_t deals)
{
    if (deals <= VO_DEMO_DEFAULT_DEALS) {
        int64_t m =
            (deals * VO_DEMO_DEFAULT_MANAGERS + VO_DEMO_DEFAULT_DEALS / 2) / VO_DEMO_DEFAULT_DEALS;
        return m < 2 ? 2 : (int)m;
    }
    int64_t m = VO_DEMO_DEFAULT_MANAGERS + (deals - VO_DEMO_DEFAULT_DEALS) / DEALS_PER_MANAGER;
    return m > 5000 ? 5000 : (int)m;
}

static void gen_free(struct gen *g)
{
    if (g->m)
        for (int i = 0; i < g->nm; i++)
            free(g->m[i].clients);
    free(g->m);
    free(g->days);
    free(g->members[0]);
    free(g->members[1]);
    free(g->cum);
    free(g->clients);
    free(g->calls);
    free(g->fact);
    free(g->ch_leads);
    if (g->tz)
        g_time_zone_unref(g->tz);
}

vo_err vo_demo_generate(struct vo_store *st, const struct vo_demo_opts *o, struct vo_arena *a,
                        struct vo_demo_result *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    int64_t deals = o->deals > 0 ? o->deals : VO_DEMO_DEFAULT_DEALS;
    int months = o->months > 0 ? o->months : VO_DEMO_DEFAULT_MONTHS;
    int managers = o->managers > 0 ? o->managers
                   : o->deals > 0  ? vo_demo_managers_for(deals)
                                   : VO_DEMO_DEFAULT_MANAGERS;
    if (deals < 10 || deals > 100000000)
        return vo_error_set(e, VO_EINVAL, "deals", "between 10 and 100,000,000, not %lld",
                            (long long)deals);
    if (months < 1 || months > 120)
        return vo_error_set(e, VO_EINVAL, "months", "between 1 and 120, not %d", months);
    if (managers < 2 || managers > 5000)
        return vo_error_set(e, VO_EINVAL, "managers", "between 2 and 5000, not %d", managers);
    if (!vo_date_valid(o->as_of.y, o->as_of.m, o->as_of.d) || o->as_of.y < 2000)
        return vo_error_set(e, VO_EINVAL, "as-of", "a date from 2000 on is needed");

    struct vo_org *orgs = NULL;
    size_t norgs = 0;
    vo_err rc = vo_store_org_list(st, a, &orgs, &norgs, e);
    if (rc)
        return rc;
    if (norgs > 0 && !o->force)
        return vo_error_set(e, VO_ECONFLICT, "db",
                            "the database already holds %zu org(s) (\"%s\"...): the demo "
                            "writes a fresh company; use a new --db file, or --force to add "
                            "it beside them",
                            norgs, orgs[0].name);

    struct gen g = {.st = st, .e = e, .o = o, .seed = o->seed, .nm = managers, .nmonths = months};
    struct vo_svc svc = {0};
    bool bulk = false;
    g.tz = vo_tz_new("Europe/Moscow");
    if (!g.tz) {
        rc = vo_error_set(e, VO_EINVAL, "tz", "the time zone Europe/Moscow is unknown here");
        goto out;
    }
    int mabs = o->as_of.y * 12 + (o->as_of.m - 1) - (months - 1);
    struct vo_date from = {mabs / 12, mabs % 12 + 1, 1};
    if ((rc = demo_setup_calendar(&g, from, o->as_of)))
        goto out;
    g.m = calloc((size_t)managers, sizeof *g.m);
    g.calls = calloc((size_t)managers * (size_t)g.ndays, sizeof *g.calls);
    g.fact = calloc((size_t)managers * (size_t)months * NF, sizeof *g.fact);
    g.ch_leads = calloc((size_t)months * NCH, sizeof *g.ch_leads);
    if (!g.m || !g.calls || !g.fact || !g.ch_leads) {
        rc = demo_oom(e);
        goto out;
    }

    if ((rc = vo_store_bulk_mode(st, true, e)))
        goto out;
    bulk = true;
    const char *org_name = "Демо: ООО «Вектор»";
    const char *admin_pw = NULL;
    if ((rc = vo_svc_org_create(st, org_name, "Europe/Moscow", "RUB", "admin@" DOMAIN, NULL, a,
                                &g.org, &admin_pw, e)))
        goto out;
    if ((rc = vo_svc_init(&svc, st, g.org, a, e)))
        goto out;
    out->logins[0] = (struct vo_demo_login){"admin", "Администратор", "admin@" DOMAIN, admin_pw};
    /* setup_people opens the bulk transaction after the service's own. */
    if ((rc = demo_setup_people(&g, &svc, a, out)) || (rc = demo_setup_owners(&g)) ||
        (rc = demo_setup_catalog(&g)) || (rc = demo_write_holidays(&g)) ||
        (rc = demo_gen_deals(&g, deals)) || (rc = demo_gen_daily_calls(&g)) ||
        (rc = demo_gen_plans(&g)) || (rc = demo_gen_spend(&g)) ||
        (rc = vo_store_demo_backdate(st, g.org, g.days[0].start, e)))
        goto out;
    if ((rc = vo_store_commit(st, e)))
        goto out;
    rc = vo_store_bulk_mode(st, false, e);
    bulk = false;
    if (rc || (rc = demo_seed_people(&g, &svc, a)))
        goto out;

    out->org_id = g.org;
    out->org_name = org_name;
    out->from = from;
    out->to = o->as_of;
    out->months = months;
    out->managers = managers;
    out->deals = deals;
    out->seed = o->seed;
    for (int d = 0; d < g.nhist; d++)
        out->working_days += g.days[d].work;
out:
    if (rc) {
        vo_store_rollback(st);
        if (bulk)
            vo_store_bulk_mode(st, false, NULL);
    }
    vo_svc_cleanup(&svc);
    gen_free(&g);
    return rc;
}
