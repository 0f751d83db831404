/*
 * report.h - `voronka report <kind>`: what every report kind shares. The
 * dispatcher (cmd_report.c) parses the common options once, opens the
 * store, loads the org's dataset and resolves the period and as_of; a kind
 * is one function in report_<kind>.c that computes (src/analytics/) and
 * renders (table, CSV or JSON) from a struct vo_report_ctx.
 */
#ifndef VO_CLI_REPORT_H
#define VO_CLI_REPORT_H

#include <stdbool.h>

#include <jansson.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "analytics/report_query.h"
#include "cli/cli.h"

enum vo_format { VO_FMT_TABLE, VO_FMT_CSV, VO_FMT_JSON };

struct vo_report_ctx {
    struct vo_svc *svc;
    struct vo_report_query q; /* the options resolved (analytics/report_query.h) */
    enum vo_format format;
    bool color; /* stdout is a terminal (table format only) */
    int argc;   /* what is left of the command line */
    char **argv;
    struct vo_error err; /* a kind's computation's error */
};

/* A report kind: computes and prints; returns an exit code. */
struct vo_report_kind {
    const char *name;
    const char *summary;
    int (*run)(struct vo_report_ctx *ctx);
};

int vo_cmd_report(int argc, char **argv);

/* Helpers for the kinds. */
/* Prints "voronka report: <field>: <message>" and returns the exit code. */
int vo_report_fail(const struct vo_error *e);
/* Prints a report's JSON (docs/reports.md) with json_dumps flags, then a
 * newline; takes root. VO_EXIT_OK, or VO_EXIT_STORE when it cannot. */
int vo_report_print_json(json_t *root, size_t flags);
/* How a kind prints its result r: its JSON (render/report_json.h; the
 * root, printed with json_dumps flags json_flags), its CSV, its table. */
struct vo_report_out {
    json_t *(*json)(const struct vo_report_query *q, const void *r);
    size_t json_flags;
    void (*csv)(struct vo_report_ctx *ctx, const void *r);
    void (*table)(struct vo_report_ctx *ctx, const void *r);
};
/* The end of a kind: when its computation returned rc != 0, prints
 * ctx->err (vo_report_fail); else prints r in ctx->format through out.
 * Returns the exit code. */
int vo_report_print(struct vo_report_ctx *ctx, vo_err rc, const struct vo_report_out *out,
                    const void *r);
/* Defines the kind `name`: the service's compute (of a result of type,
 * from ctx->q) printed through out by vo_report_print. The kinds differ
 * only in the result's type, which a function cannot take. */
#define VO_REPORT_KIND(name, type, compute, out)                                                   \
    int name(struct vo_report_ctx *ctx)                                                            \
    {                                                                                              \
        type r;                                                                                    \
        vo_err rc = compute(ctx->svc, &ctx->q, &r, &ctx->err);                                     \
        return vo_report_print(ctx, rc, &(out), &r);                                               \
    }
/* Formats minor units for a table in the org's currency ("12 345,67"). */
const char *vo_report_money(struct vo_report_ctx *ctx, int64_t minor);
/* Formats a count with Russian thousands grouping ("12 345"). */
const char *vo_report_count(struct vo_report_ctx *ctx, int64_t n);
/* Formats a fraction as a percentage with one decimal ("87,5%"); "—" for
 * NaN. */
const char *vo_report_pct(struct vo_report_ctx *ctx, double fraction);

struct vo_table;
struct vo_csv_out;
/* A table of n columns under hdr in the query's arena: the first column
 * (the label) left-aligned, the figures after it right-aligned. */
void vo_report_table_init(struct vo_report_ctx *ctx, struct vo_table *t, size_t n,
                          const char *const *hdr);
/* Starts CSV on stdout with the header hdr (NULL-terminated). */
void vo_report_csv_begin(struct vo_csv_out *w, const char *const *hdr);

/* The kinds (report_<kind>.c). */
/* losses: lost deals by reason, manager and stage (report_losses.c). */
int vo_report_losses(struct vo_report_ctx *ctx);
/* leaderboard: users ranked by --metric's fact or --pct (report_leaderboard.c). */
int vo_report_leaderboard(struct vo_report_ctx *ctx);
/* bonus: the month's payouts with their breakdowns (report_bonus.c;
 * issue 11, item 6). */
int vo_report_bonus(struct vo_report_ctx *ctx);
/* director: the report to the director of --period month|week holding
 * --date (report_director.c; issue 11). */
int vo_report_director(struct vo_report_ctx *ctx);
/* forecast: the period's revenue forecast with its backtest
 * (report_forecast.c; issue 12, item 5). */
int vo_report_forecast(struct vo_report_ctx *ctx);
/* issue 12, item 6: investigations (report_investigations.c); the
 * "Разборы" block the daily report and the monthly review print too */
int vo_report_investigations(struct vo_report_ctx *ctx);
struct vo_inv;
void vo_report_inv_print(struct vo_report_ctx *ctx, const struct vo_inv *v);
/* nps: NPS of the period's answers, --by channel|user|segment|month, with
 * the detractors (report_nps.c; issue 12, NPS). */
int vo_report_nps(struct vo_report_ctx *ctx);
/* channels: channel economics per channel, region or source
 * (report_channels.c; issue 12, item 4). */
int vo_report_channels(struct vo_report_ctx *ctx);
/* channel-dynamics: --metric by month over 12 full months, MoM and YoY. */
int vo_report_channel_dynamics(struct vo_report_ctx *ctx);
/* channel-plans: lead plans per channel against the leads and quality. */
int vo_report_channel_plans(struct vo_report_ctx *ctx);
/* plan-fact: plan vs fact of every metric (report_planfact.c). */
int vo_report_plan_fact(struct vo_report_ctx *ctx);

/* `report hygiene` (report_hygiene.c): CRM hygiene per manager as of --as-of,
 * --list for the deals and tasks to fix; formats in docs/reports.md. */
int vo_report_hygiene(struct vo_report_ctx *ctx);

/* `report funnel` (report_funnel.c): the cohort funnel of the period by
 * --by, for --pipeline; formats in docs/reports.md ("Funnel"). */
int vo_report_funnel(struct vo_report_ctx *ctx);

/* `report daily` (report_daily.c): the 9:00 meeting sheet of --date (default
 * today; as_of the start of that day unless --as-of): the last working day
 * reviewed, today's plan, month to date, hygiene, who is behind pace.
 * `report weekly` / `report monthly`: the last full ISO week / calendar
 * month before --date against the one before it. Formats in
 * docs/reports.md ("Daily, weekly, monthly"). */
int vo_report_daily(struct vo_report_ctx *ctx);
int vo_report_weekly(struct vo_report_ctx *ctx);
int vo_report_monthly(struct vo_report_ctx *ctx);

/* issue 12, clients (report_clients.c): abc-xyz and at-risk as of
 * --as-of; formats in docs/reports.md. */
int vo_report_abc_xyz(struct vo_report_ctx *ctx);
int vo_report_at_risk(struct vo_report_ctx *ctx);

/* issue 12, item 1 (report_key_accounts.c): the key accounts' plan-fact
 * of --period YYYY-MM as of --as-of; format in docs/reports.md. */
int vo_report_key_accounts(struct vo_report_ctx *ctx);

#endif
