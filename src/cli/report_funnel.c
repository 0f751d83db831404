/*
 * report_funnel.c - `voronka report funnel`: the cohort funnel of the
 * deals created in the period (ctx->period, a month by default), followed
 * to --as-of, by --by user|team|channel|region|source or for the whole
 * cohort, filtered by --user/--team/--channel/--region/--source, for
 * --pipeline (default: the org's first). The maths is vo_funnel_compute;
 * this file resolves names to dataset indexes and prints a table, CSV or
 * the JSON documented in docs/reports.md ("Funnel").
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analytics/funnel.h"
#include "cli/report.h"
#include "render/table.h"

static const struct {
    const char *name;
    enum vo_funnel_by by;
} bys[] = {
    {"user", VO_FUNNEL_BY_USER},       {"team", VO_FUNNEL_BY_TEAM},
    {"channel", VO_FUNNEL_BY_CHANNEL}, {"region", VO_FUNNEL_BY_REGION},
    {"source", VO_FUNNEL_BY_SOURCE},
};

static const char *by_name(enum vo_funnel_by by)
{
    for (size_t i = 0; i < sizeof bys / sizeof bys[0]; i++)
        if (bys[i].by == by)
            return bys[i].name;
    return NULL;
}

/* Resolves the names of the command line into a query. */
static vo_err make_query(struct vo_report_ctx *ctx, struct vo_funnel_query *q, struct vo_error *e)
{
    const struct vo_dataset *ds = ctx->ds;
    int32_t pl = -1;
    for (size_t i = 0; i < ds->pipelines.n && pl < 0; i++)
        if (!ctx->pipeline || strcmp(ds->pipelines.name[i], ctx->pipeline) == 0)
            pl = (int32_t)i;
    if (pl < 0)
        return ctx->pipeline
                   ? vo_error_set(e, VO_ENOTFOUND, "pipeline", "no pipeline \"%s\"", ctx->pipeline)
                   : vo_error_set(e, VO_ENOTFOUND, "pipeline", "the org has no pipeline");
    *q = vo_funnel_query_default(pl, ctx->period.start, ctx->period.end, ctx->as_of);
    if (ctx->by) {
        size_t i = 0;
        while (i < sizeof bys / sizeof bys[0] && strcmp(bys[i].name, ctx->by) != 0)
            i++;
        if (i == sizeof bys / sizeof bys[0])
            return vo_error_set(e, VO_EINVAL, "by",
                                "the funnel groups by user, team, channel, region or source");
        q->by = bys[i].by;
    }
    if (ctx->user) {
        q->user = VO_FUNNEL_NOTHING;
        for (size_t i = 0; i < ds->users.n; i++)
            if ((ds->users.email[i] && g_ascii_strcasecmp(ds->users.email[i], ctx->user) == 0) ||
                strcmp(ds->users.name[i], ctx->user) == 0)
                q->user = (int32_t)i;
        if (q->user < 0)
            return vo_error_set(e, VO_ENOTFOUND, "user", "no user \"%s\"", ctx->user);
    }
    if (ctx->team) {
        q->team = VO_FUNNEL_NOTHING;
        for (size_t i = 0; i < ds->teams.n; i++)
            if (strcmp(ds->teams.name[i], ctx->team) == 0)
                q->team = (int32_t)i;
        if (q->team < 0)
            return vo_error_set(e, VO_ENOTFOUND, "team", "no team \"%s\"", ctx->team);
    }
    /* a channel, region or source no deal has gives an empty cohort */
    const char *dims[] = {ctx->channel, ctx->region, ctx->source};
    const struct vo_ds_dict *dicts[] = {&ds->channels, &ds->regions, &ds->sources};
    int32_t *dst[] = {&q->channel, &q->region, &q->source};
    for (size_t i = 0; i < 3; i++)
        if (dims[i]) {
            int32_t id = vo_ds_dict_find(dicts[i], dims[i]);
            *dst[i] = id > 0 ? id : VO_FUNNEL_NOTHING;
        }
    return VO_OK;
}

/* A ratio or a day count as JSON: null when absent. */
static json_t *jreal(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *jmoney(int64_t v)
{
    return v == VO_NULL ? json_null() : json_integer(v);
}

static const char *stage_name(const struct vo_dataset *ds, const struct vo_funnel_stage *s)
{
    return ds->stages.name[s->stage];
}

static int print_json(struct vo_report_ctx *ctx, const struct vo_funnel *f)
{
    const struct vo_dataset *ds = ctx->ds;
    char from[16], to[16];
    json_t *root = json_object();
    json_object_set_new(root, "pipeline", json_string(ds->pipelines.name[f->pipeline]));
    json_object_set_new(root, "from",
                        json_string(vo_date_format(ctx->period.first, from, sizeof from)));
    json_object_set_new(root, "to", json_string(vo_date_format(ctx->period.last, to, sizeof to)));
    json_t *groups = json_array();
    for (size_t i = 0; i < f->ngroups; i++) {
        const struct vo_funnel_group *g = &f->groups[i];
        json_t *o = json_object();
        const char *by = by_name(f->by);
        json_object_set_new(o, "by", by ? json_string(by) : json_null());
        json_object_set_new(o, "key", g->name ? json_string(g->name) : json_null());
        json_object_set_new(o, "size", json_integer(g->size));
        json_object_set_new(o, "won", json_integer(g->won));
        json_object_set_new(o, "lost", json_integer(g->lost));
        json_object_set_new(o, "open", json_integer(g->open));
        json_object_set_new(o, "overall", jreal(g->overall));
        json_object_set_new(o, "win_rate", jreal(g->win_rate));
        json_object_set_new(o, "avg_deal_size", jmoney(g->avg_deal_size));
        json_object_set_new(o, "sales_cycle_days", jreal(g->sales_cycle_days));
        json_t *stages = json_array();
        for (size_t p = 0; p < f->nstages; p++) {
            const struct vo_funnel_stage *s = &g->stages[p];
            json_t *so = json_object();
            json_object_set_new(so, "stage", json_string(stage_name(ds, s)));
            json_object_set_new(so, "reached", json_integer(s->reached));
            json_object_set_new(so, "conv_next", jreal(s->conv_next));
            json_object_set_new(so, "lost_at", json_integer(s->lost_at));
            json_object_set_new(so, "dropoff", jreal(s->dropoff));
            json_object_set_new(so, "open_at", json_integer(s->open_at));
            json_object_set_new(so, "time_mean_days", jreal(s->time_mean_days));
            json_object_set_new(so, "time_median_days", jreal(s->time_median_days));
            json_array_append_new(stages, so);
        }
        json_object_set_new(o, "stages", stages);
        json_t *bn = json_null();
        if (g->has_bottleneck) {
            bn = json_object();
            json_object_set_new(bn, "stage",
                                json_string(stage_name(ds, &g->stages[g->bottleneck])));
            json_object_set_new(bn, "loss", json_integer(g->bottleneck_loss));
        }
        json_object_set_new(o, "bottleneck", bn);
        json_array_append_new(groups, o);
    }
    json_object_set_new(root, "groups", groups);
    int rc =
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    fputc('\n', stdout);
    json_decref(root);
    return rc ? 1 : 0;
}

/* A number for CSV: empty when absent. */
static void csv_real(double v, char sep)
{
    if (isnan(v))
        printf("%c", sep);
    else
        printf("%.12g%c", v, sep);
}

static void csv_money(int64_t v, char sep)
{
    if (v == VO_NULL)
        printf("%c", sep);
    else
        printf("%lld%c", (long long)v, sep);
}

/* A text cell: quoted, with a ' before a leading = + - @ (spreadsheet
 * formula guard). */
static void csv_text(const char *s, char sep)
{
    if (!s) {
        printf("%c", sep);
        return;
    }
    fputc('"', stdout);
    if (strchr("=+-@", s[0]) && s[0])
        fputc('\'', stdout);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', stdout);
        fputc(*s, stdout);
    }
    printf("\"%c", sep);
}

/* One line per (group, stage); the group's figures repeat on each. */
static int print_csv(struct vo_report_ctx *ctx, const struct vo_funnel *f)
{
    printf("by,key,stage,reached,conv_next,lost_at,dropoff,open_at,time_mean_days,"
           "time_median_days,size,won,lost,open,overall,win_rate,avg_deal_size,"
           "sales_cycle_days,bottleneck_stage,bottleneck_loss\n");
    for (size_t i = 0; i < f->ngroups; i++) {
        const struct vo_funnel_group *g = &f->groups[i];
        for (size_t p = 0; p < f->nstages; p++) {
            const struct vo_funnel_stage *s = &g->stages[p];
            csv_text(by_name(f->by), ',');
            csv_text(g->name, ',');
            csv_text(stage_name(ctx->ds, s), ',');
            printf("%lld,", (long long)s->reached);
            csv_real(s->conv_next, ',');
            printf("%lld,", (long long)s->lost_at);
            csv_real(s->dropoff, ',');
            printf("%lld,", (long long)s->open_at);
            csv_real(s->time_mean_days, ',');
            csv_real(s->time_median_days, ',');
            printf("%lld,%lld,%lld,%lld,", (long long)g->size, (long long)g->won,
                   (long long)g->lost, (long long)g->open);
            csv_real(g->overall, ',');
            csv_real(g->win_rate, ',');
            csv_money(g->avg_deal_size, ',');
            csv_real(g->sales_cycle_days, ',');
            csv_text(g->has_bottleneck ? stage_name(ctx->ds, &g->stages[g->bottleneck]) : NULL,
                     ',');
            if (g->has_bottleneck)
                printf("%lld\n", (long long)g->bottleneck_loss);
            else
                printf("\n");
        }
    }
    return 0;
}

/* Days with one decimal and a comma ("3,5"); "—" when absent. */
static const char *days(struct vo_report_ctx *ctx, double v)
{
    if (isnan(v))
        return "—";
    long long t = (long long)(v * 10.0 + 0.5);
    return vo_arena_printf(ctx->arena, "%lld,%lld", t / 10, t % 10);
}

static int print_table(struct vo_report_ctx *ctx, const struct vo_funnel *f)
{
    const struct vo_dataset *ds = ctx->ds;
    char from[16], to[16], asof[16];
    printf("Воронка «%s»: сделки, созданные %s — %s, на конец %s\n",
           ds->pipelines.name[f->pipeline], vo_date_format(ctx->period.first, from, sizeof from),
           vo_date_format(ctx->period.last, to, sizeof to),
           vo_date_format(ctx->as_of_date, asof, sizeof asof));
    static const char *const headers[] = {
        "Этап", "Дошли", "Конверсия дальше", "Отвал", "Открыто", "Дней в этапе, ср.", "медиана"};
    for (size_t i = 0; i < f->ngroups; i++) {
        const struct vo_funnel_group *g = &f->groups[i];
        if (f->by != VO_FUNNEL_BY_NONE)
            printf("\n== %s ==\n", g->name ? g->name : "(не указано)");
        else
            printf("\n");
        struct vo_table t;
        vo_table_init(&t, ctx->arena, 7, headers);
        for (size_t c = 1; c < 7; c++)
            vo_table_align(&t, c, VO_ALIGN_RIGHT);
        for (size_t p = 0; p < f->nstages; p++) {
            const struct vo_funnel_stage *s = &g->stages[p];
            const char *cells[] = {stage_name(ds, s),
                                   vo_report_count(ctx, s->reached),
                                   vo_report_pct(ctx, s->conv_next),
                                   vo_report_pct(ctx, s->dropoff),
                                   vo_report_count(ctx, s->open_at),
                                   days(ctx, s->time_mean_days),
                                   days(ctx, s->time_median_days)};
            vo_table_add(&t, cells);
        }
        vo_table_print(&t, stdout);
        printf("Сделок %s: выиграно %s, проиграно %s, открыто %s. Конверсия в оплату %s, "
               "win rate %s.\n",
               vo_report_count(ctx, g->size), vo_report_count(ctx, g->won),
               vo_report_count(ctx, g->lost), vo_report_count(ctx, g->open),
               vo_report_pct(ctx, g->overall), vo_report_pct(ctx, g->win_rate));
        printf("Средняя сделка %s%s%s, цикл сделки (медиана) %s дн.\n",
               g->avg_deal_size == VO_NULL ? "—" : vo_report_money(ctx, g->avg_deal_size),
               g->avg_deal_size == VO_NULL ? "" : " ",
               g->avg_deal_size == VO_NULL ? "" : ds->currency, days(ctx, g->sales_cycle_days));
        if (g->has_bottleneck) {
            size_t p = (size_t)g->bottleneck;
            const char *next = p + 1 < f->nstages ? stage_name(ds, &g->stages[p + 1]) : "выигрыш";
            printf("Узкое место: %s → %s, потери против команды %s %s.\n",
                   stage_name(ds, &g->stages[p]), next, vo_report_money(ctx, g->bottleneck_loss),
                   ds->currency);
        } else if (f->by == VO_FUNNEL_BY_USER) {
            printf("Узкое место: нет.\n");
        }
    }
    return 0;
}

int vo_report_funnel(struct vo_report_ctx *ctx)
{
    struct vo_error e = {0};
    struct vo_funnel_query q;
    struct vo_funnel *f = NULL;
    if (make_query(ctx, &q, &e) || vo_funnel_compute(ctx->ds, &q, ctx->arena, &f, &e))
        return vo_report_fail(&e);
    switch (ctx->format) {
    case VO_FMT_JSON:
        return print_json(ctx, f);
    case VO_FMT_CSV:
        return print_csv(ctx, f);
    case VO_FMT_TABLE:
        break;
    }
    return print_table(ctx, f);
}
