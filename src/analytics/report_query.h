/*
 * report_query.h - a report request, the same for the CLI (`voronka report
 * KIND --period ...`) and the API (GET /api/v1/reports/KIND?period=...):
 * the options as text (struct vo_report_args), resolved once against the
 * org's dataset into a struct vo_report_query (as_of, the period, the
 * filters), and from there into each engine's query. One place turns
 * options into queries, so the CLI and the API cannot disagree.
 *
 * A query may be restricted to one user (`self`, a manager reading the
 * reports): the restriction is applied here, to the engines' queries and
 * results, and nowhere else (docs/reports.md, "Who sees what").
 */
#ifndef VO_ANALYTICS_REPORT_QUERY_H
#define VO_ANALYTICS_REPORT_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/daily.h"
#include "analytics/dataset.h"
#include "analytics/forecast.h"
#include "analytics/funnel.h"
#include "analytics/hygiene.h"
#include "analytics/leaderboard.h"
#include "analytics/losses.h"
#include "analytics/planfact.h"
#include "base/arena.h"
#include "base/err.h"

/* The options as given (NULL = absent); borrowed. */
struct vo_report_args {
    const char *period, *from, *to, *as_of;
    const char *by, *scope, *user, *team, *channel, *region, *source, *pipeline, *date;
    bool list;
    const char *metric; /* leaderboard: the metric's key */
    bool pct;           /* leaderboard: rank by the plan pct */
    bool history;       /* abc-xyz: the class history (issue 12, item 2) */
    const char *of;     /* abc-xyz: "clients" (default) or "products" */
    const char *versus; /* funnel: "team" adds the department's cohort */
};

struct vo_report_query {
    const struct vo_dataset *ds;
    struct vo_arena *arena;    /* results and texts of this report */
    int64_t as_of;             /* exclusive: an event counts when t < as_of */
    bool as_of_given;          /* as_of was given */
    struct vo_date as_of_date; /* the local date of as_of (METRICS.md) */
    const char *period_kind;   /* "day", "week", "month", "quarter" or "range" */
    struct vo_period period;   /* from period / from + to / as_of */
    bool period_given;         /* period, from or to was given */
    const char *by, *scope, *user, *team, *channel, *region, *source, *pipeline, *date;
    bool list;
    const char *metric; /* leaderboard */
    bool pct;           /* leaderboard */
    bool history;       /* abc-xyz: the class history */
    bool products;      /* abc-xyz: of=products (the ABC of products) */
    bool versus_team;   /* funnel: versus=team */
    int32_t self;       /* user index the report is restricted to, -1 = none */
};

/* Resolves a (as_of: the end of that local day, else now + 1; the period,
 * a month by default) against ds into *q. self: the user index to restrict
 * to, -1 for none. Strings of a are borrowed by q. VO_EINVAL naming the
 * option when one is malformed. */
vo_err vo_report_query_init(const struct vo_dataset *ds, const struct vo_report_args *a,
                            int64_t now, int32_t self, struct vo_arena *arena,
                            struct vo_report_query *q, struct vo_error *e);

/* The dataset index of a team by name, of a user by email or name; -1. */
int32_t vo_report_find_team(const struct vo_dataset *ds, const char *name);
int32_t vo_report_find_user(const struct vo_dataset *ds, const char *who);

/* plan-fact: the engine's query (scope, by; VO_EINVAL / VO_ENOTFOUND
 * naming the option), and the result narrowed for q->self (the org row
 * and the user's own row). */
vo_err vo_report_pf_query(const struct vo_report_query *q, struct vo_pf_query *out,
                          struct vo_error *e);
void vo_report_pf_restrict(const struct vo_report_query *q, struct vo_pf_result *r);

/* funnel: the engine's query; a restricted query follows the user's own
 * deals only. */
vo_err vo_report_funnel_query(const struct vo_report_query *q, struct vo_funnel_query *out,
                              struct vo_error *e);

/* losses: the engine's query; no pipeline named means every pipeline
 * (a named one must exist); a restricted query follows the user's own
 * deals only. `by` is refused (VO_EINVAL): the report has its fixed
 * breakdowns. */
vo_err vo_report_losses_query(const struct vo_report_query *q, vo_losses_query *out,
                              struct vo_error *e);

/* leaderboard: the engine's query: metric (required, a key of
 * vo_metrics), pct, team (a name; VO_ENOTFOUND naming "team"), the
 * period and as_of. A manager's restriction does not narrow a board: a
 * leaderboard is shown to the whole floor. */
vo_err vo_report_lb_query(const struct vo_report_query *q, struct vo_lb_query *out,
                          struct vo_error *e);

/* A listed deal or task of the hygiene report with its labels (the
 * dataset does not hold titles). */
struct vo_report_item {
    const char *id;     /* the external id, else the store id */
    const char *title;  /* may be NULL */
    const char *client; /* deals only; may be NULL */
    const char *due;    /* tasks only: local YYYY-MM-DD HH:MM */
};

/* hygiene: the audit, the user / team it is narrowed to (-1 = all; the
 * department row always stays whole) and, with list, the labels of the
 * listed deals (di) and tasks (ti). */
struct vo_report_hygiene {
    struct vo_hygiene h;
    int32_t user, team;
    struct vo_report_item *di, *ti;
};
/* Resolves the user / team of q (a restricted query: self) into out. */
vo_err vo_report_hygiene_filter(const struct vo_report_query *q, struct vo_report_hygiene *out,
                                struct vo_error *e);
/* Drops the listed deals and tasks of users the filter does not keep. */
void vo_report_hygiene_narrow(const struct vo_report_query *q, struct vo_report_hygiene *out);
/* Whether user u gets a row: kept by the filter, and selling (manager or
 * head, active) or holding anything open, so the rows add up to the
 * department. */
bool vo_report_hygiene_shown(const struct vo_report_query *q, const struct vo_report_hygiene *r,
                             size_t u);

/* daily / weekly / monthly: the meeting day (q->date, else today at now)
 * and as_of (q's when given, else the start of that day). */
vo_err vo_report_meeting_day(const struct vo_report_query *q, int64_t now, struct vo_date *d,
                             int64_t *as_of, struct vo_error *e);
/* Narrows a sheet for q->self: the org row and the user's own row; the
 * behind list keeps the user only. */
void vo_report_daily_restrict(const struct vo_report_query *q, struct vo_daily *r);
void vo_report_review_restrict(const struct vo_report_query *q, struct vo_review *r);

/* forecast (issue 12, item 5): the engine's query: the period and
 * as_of, pipeline (none named: every pipeline), by (user only), user (an
 * email or name: that user's deals), list; a restricted query follows the
 * manager's own deals only (docs/reports.md, "Who sees what"). */
vo_err vo_report_fc_query(const struct vo_report_query *q, struct vo_fc_query *out,
                          struct vo_error *e);
/* The deals a forecast list shows at most (the most likely first);
 * deals_total says how many there are. */
#define VO_FC_LIST_MAX 500
/* The forecast report: the query, the figures, the pipeline whose stages
 * stage_probability names (-1: none) and, with list, the labels of the
 * listed deals (id, title, client; the dataset holds no titles). */
struct vo_report_forecast {
    struct vo_fc_query fq;
    struct vo_forecast f;
    int32_t stage_pipeline;
    size_t deals_total;
    struct vo_report_item *di;
};

#endif
