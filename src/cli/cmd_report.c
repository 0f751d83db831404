/*
 * cmd_report.c - `voronka report <kind>`: the table of report kinds and the
 * options they share. Parsing, opening and loading happen once here (the
 * options resolve through service/report.h, as the API's do); each kind
 * only computes and prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/money.h"
#include "cli/report.h"
#include "render/number.h"
#include "render/csv_out.h"
#include "render/table.h"
#include "service/report.h"
#include "service/dataset_load.h"

static const struct vo_report_kind kinds[] = {
    {"plan-fact", VO_MSG("plan vs fact for every metric"), vo_report_plan_fact},
    {"hygiene", VO_MSG("CRM hygiene per manager, with --list of what to fix"), vo_report_hygiene},
    {"funnel", VO_MSG("cohort funnel, conversion, time in stage, bottlenecks"), vo_report_funnel},
    {"daily", VO_MSG("the 9:00 meeting sheet: yesterday, today's plan, month to date"),
     vo_report_daily},
    {"weekly", VO_MSG("the last full week against the week before"), vo_report_weekly},
    {"monthly", VO_MSG("the last full month against the month before"), vo_report_monthly},
    {"losses", VO_MSG("lost deals by loss reason, by manager and by the stage lost at"),
     vo_report_losses},
    {"leaderboard", VO_MSG("users ranked by a metric's fact or plan pct (--metric, --pct)"),
     vo_report_leaderboard},
    /* issue 11, item 6: bonuses (report_bonus.c) */
    {"bonus", VO_MSG("the month's bonus of each paid user, line by line"), vo_report_bonus},
    /* issue 11: the head's one-page report to their own manager */
    {"director", VO_MSG("the report to the director: a month or a week on one page"),
     vo_report_director},
    /* issue 12, item 5: the forecast (report_forecast.c) */
    {"forecast", VO_MSG("the period's revenue forecast P10/P50/P90 with its backtest error"),
     vo_report_forecast},
    /* issue 12, clients (report_clients.c) */
    {"abc-xyz", VO_MSG("ABC / XYZ of clients and the 3x3 matrix"), vo_report_abc_xyz},
    {"at-risk", VO_MSG("clients that paid in the 12 months but not lately, and the churn"),
     vo_report_at_risk},
    /* issue 12, item 1: key accounts (report_key_accounts.c) */
    {"key-accounts", VO_MSG("key accounts: the month's plan, fact and 12 months of payments"),
     vo_report_key_accounts},
    /* issue 12, item 6: automatic investigations (report_investigations.c) */
    {"investigations",
     VO_MSG("what moved most against the own 3 months and the team, with its money"),
     vo_report_investigations},
    /* issue 12, item 2: NPS (report_nps.c) */
    {"nps", VO_MSG("NPS of the clients' answers by channel, user, segment or month"),
     vo_report_nps},
    /* issue 12, item 4: channel economics (report_channels.c) */
    {"channels", VO_MSG("leads, won deals, revenue, spend, CAC, ROMI, payback per channel"),
     vo_report_channels},
    {"channel-dynamics",
     VO_MSG("a channel metric (--metric, --channel) by month over 12 months, MoM and YoY"),
     vo_report_channel_dynamics},
    {"channel-plans",
     VO_MSG("lead plans per channel against the leads and their quality (--period)"),
     vo_report_channel_plans},
    {NULL, NULL, NULL},
};

int vo_report_fail(const struct vo_error *e)
{
    return vo_cli_fail(e);
}

int vo_report_print_json(json_t *root, size_t flags)
{
    char *text = root ? json_dumps(root, flags) : NULL;
    json_decref(root);
    if (!text)
        return VO_EXIT_STORE;
    puts(text);
    free(text);
    return VO_EXIT_OK;
}

const char *vo_report_money(struct vo_report_ctx *ctx, int64_t minor)
{
    char buf[64];
    vo_money_format(minor, ctx->q.ds->currency_digits, "ru", buf, sizeof buf);
    return vo_arena_strdup(ctx->q.arena, buf);
}

const char *vo_report_count(struct vo_report_ctx *ctx, int64_t n)
{
    char buf[64];
    vo_money_format(n, 0, "ru", buf, sizeof buf);
    return vo_arena_strdup(ctx->q.arena, buf);
}

int vo_report_print(struct vo_report_ctx *ctx, vo_err rc, const struct vo_report_out *out,
                    const void *r)
{
    if (rc)
        return vo_report_fail(&ctx->err);
    if (ctx->format == VO_FMT_JSON)
        return vo_report_print_json(out->json(&ctx->q, r), out->json_flags);
    if (ctx->format == VO_FMT_CSV)
        out->csv(ctx, r);
    else
        out->table(ctx, r);
    return VO_EXIT_OK;
}

void vo_report_table_init(struct vo_report_ctx *ctx, struct vo_table *t, size_t n,
                          const char *const *hdr)
{
    vo_table_init(t, ctx->q.arena, n, hdr);
    for (size_t c = 1; c < n; c++)
        vo_table_align(t, c, VO_ALIGN_RIGHT);
}

void vo_report_csv_begin(struct vo_csv_out *w, const char *const *hdr)
{
    vo_csv_out_init(w, stdout);
    vo_csv_header(w, hdr);
}

const char *vo_report_pct(struct vo_report_ctx *ctx, double fraction)
{
    /* one decimal, comma as the decimal separator; halves away from zero;
     * never "-0,0%" (render/number.h) */
    char buf[48];
    return vo_arena_strdup(ctx->q.arena, vo_fmt_pct(fraction, buf, sizeof buf));
}

static void usage_kinds(FILE *f)
{
    fputs(vo_cli_tr("Report kinds:\n"), f);
    int w = 0; /* the names in one column, as wide as the longest */
    for (size_t i = 0; kinds[i].name; i++)
        if ((int)strlen(kinds[i].name) > w)
            w = (int)strlen(kinds[i].name);
    for (size_t i = 0; kinds[i].name; i++)
        fprintf(f, "  %-*s %s\n", w, kinds[i].name, vo_cli_msg(kinds[i].summary));
}

static const struct vo_report_kind *find_kind(const char *name)
{
    for (size_t i = 0; kinds[i].name; i++)
        if (strcmp(kinds[i].name, name) == 0)
            return &kinds[i];
    return NULL;
}

/* --format: table (the default), csv or json; false for anything else. */
static bool parse_format(const char *format, enum vo_format *out)
{
    if (!format || strcmp(format, "table") == 0)
        *out = VO_FMT_TABLE;
    else if (strcmp(format, "csv") == 0)
        *out = VO_FMT_CSV;
    else if (strcmp(format, "json") == 0)
        *out = VO_FMT_JSON;
    else
        return false;
    return true;
}

int vo_cmd_report(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *period = NULL, *from = NULL, *to = NULL, *as_of = NULL, *format = NULL, *by = NULL,
         *scope = NULL, *user = NULL, *team = NULL, *channel = NULL, *region = NULL, *source = NULL,
         *pipeline = NULL, *date = NULL, *metric = NULL, *of = NULL;
    gboolean list = FALSE, pct = FALSE, history = FALSE;
    GOptionEntry entries[] = {
        {"period", 0, 0, G_OPTION_ARG_STRING, &period,
         VO_MSG("day, week, month (default), quarter, YYYY-MM or YYYY-MM-DD"), "P"},
        {"from", 0, 0, G_OPTION_ARG_STRING, &from, VO_MSG("First date of a range"), "YYYY-MM-DD"},
        {"to", 0, 0, G_OPTION_ARG_STRING, &to, VO_MSG("Last date of a range (inclusive)"),
         "YYYY-MM-DD"},
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
         VO_MSG("Count nothing after the end of this local day (default: now)"), "YYYY-MM-DD"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format, VO_MSG("table (default), csv or json"), "F"},
        {"by", 0, 0, G_OPTION_ARG_STRING, &by,
         VO_MSG("Group rows: user, team, channel, region, source"), "G"},
        {"scope", 0, 0, G_OPTION_ARG_STRING, &scope,
         VO_MSG("org (default), team:NAME or user:EMAIL"), "S"},
        {"user", 0, 0, G_OPTION_ARG_STRING, &user, VO_MSG("Only this user (email or name)"), "U"},
        {"team", 0, 0, G_OPTION_ARG_STRING, &team, VO_MSG("Only this team"), "T"},
        {"channel", 0, 0, G_OPTION_ARG_STRING, &channel, VO_MSG("Only this channel"), "C"},
        {"region", 0, 0, G_OPTION_ARG_STRING, &region, VO_MSG("Only this region"), "R"},
        {"source", 0, 0, G_OPTION_ARG_STRING, &source, VO_MSG("Only this lead source"), "S"},
        {"pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline,
         VO_MSG("The pipeline (default: the first)"), "NAME"},
        {"date", 0, 0, G_OPTION_ARG_STRING, &date,
         VO_MSG("The day of a daily report (default: today)"), "YYYY-MM-DD"},
        {"list", 0, 0, G_OPTION_ARG_NONE, &list, VO_MSG("List the exact deals and tasks (hygiene)"),
         NULL},
        {"metric", 0, 0, G_OPTION_ARG_STRING, &metric,
         VO_MSG("The metric a leaderboard ranks by (revenue, payments, calls, ...)"), "M"},
        {"pct", 0, 0, G_OPTION_ARG_NONE, &pct,
         VO_MSG("Rank by the plan pct of the metric (leaderboard)"), NULL},
        {"history", 0, 0, G_OPTION_ARG_NONE, &history,
         VO_MSG("Each client's class at the last 12 month ends and who moved (abc-xyz)"), NULL},
        {"of", 0, 0, G_OPTION_ARG_STRING, &of,
         VO_MSG("clients (default) or products: what abc-xyz classes"), "WHAT"},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(
        &argc, &argv, "KIND",
        VO_MSG("Reports exact to METRICS.md. KIND: plan-fact, hygiene, funnel, daily, weekly, "
               "monthly, losses, leaderboard, bonus, director, forecast, abc-xyz, at-risk, nps, "
               "channels, channel-dynamics, channel-plans, key-accounts or investigations "
               "(`voronka report` alone says what each is)."),
        entries, &common);
    struct vo_arena arena;
    vo_arena_init(&arena, 0);
    struct vo_svc svc = {0};
    struct vo_dataset *ds = NULL;
    if (rc)
        goto out;
    if (argc < 2) {
        usage_kinds(stderr);
        rc = vo_cli_usage("report", "say which report");
        goto out;
    }
    const struct vo_report_kind *kind = find_kind(argv[1]);
    if (!kind) {
        usage_kinds(stderr);
        rc = vo_cli_usage("report", "unknown report \"%s\"", argv[1]);
        goto out;
    }
    struct vo_report_ctx ctx = {.svc = &svc, .argc = argc - 2, .argv = argv + 2};
    struct vo_report_args args = {.period = period,
                                  .from = from,
                                  .to = to,
                                  .as_of = as_of,
                                  .by = by,
                                  .scope = scope,
                                  .user = user,
                                  .team = team,
                                  .channel = channel,
                                  .region = region,
                                  .source = source,
                                  .pipeline = pipeline,
                                  .date = date,
                                  .list = list,
                                  .metric = metric,
                                  .pct = pct,
                                  .history = history,
                                  .of = of};
    if (!parse_format(format, &ctx.format)) {
        rc = vo_cli_usage("report", "--format is table, csv or json, not \"%s\"", format);
        goto out;
    }
    ctx.color = ctx.format == VO_FMT_TABLE && isatty(STDOUT_FILENO);
    if ((rc = vo_cli_open(&common, &svc, &arena)))
        goto out;
    struct vo_error e = {0};
    if ((rc = vo_cli_dataset(&common, &svc, &ds)))
        goto out;
    if (vo_svc_report_query(&svc, ds, &args, &ctx.q, &e)) {
        rc = vo_cli_fail(&e);
        goto out;
    }
    rc = kind->run(&ctx);
out:
    vo_ds_free(ds);
    char *strs[] = {period, from,    to,     as_of,  format,   by,   scope,  user,
                    team,   channel, region, source, pipeline, date, metric, of};
    vo_cli_end(&common, &svc, &arena, strs, sizeof strs / sizeof strs[0]);
    return rc;
}
