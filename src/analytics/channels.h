/*
 * channels.h - channel economics (METRICS.md "Channels and money", issue
 * 12 item 4): per channel (or per region, or per lead source) over a
 * period P, with as_of E: leads, deals won, conversion, revenue, marketing
 * spend, new clients, CAC, ROMI and payback months, a row for deals
 * without a key and a total row.
 *
 * Rules (docs/reports.md, "Channels"):
 * - an event counts when it is in P and before E: leads are the deals
 *   created in [P.start, min(P.end, E)) by the deal's channel (its own,
 *   else its client's; region: its client's; source: its own, else its
 *   client's); deals_won the won deals closed in that span; revenue their
 *   amounts (none = 0); conversion = deals_won / leads (NaN when 0 leads);
 * - spend: the marketing spend rows of the channel (given as plain rows,
 *   read by the service): a month wholly inside P counts whole; a month
 *   partly inside P counts amount * (its local days inside P) / (its days),
 *   rounded half away from zero. Spend is entered per channel, so region
 *   and source rows have no spend (and no cac, romi, payback); their
 *   total row still sums every channel's spend;
 * - new_clients: the clients of the key (the CLIENT's channel, region,
 *   source) whose first deal ever won (the smallest closed_at before E,
 *   ties by deal index) closed in P;
 * - cac = spend / new_clients, money rounded half away (VO_NULL when 0 new
 *   clients); romi = (revenue - spend) / spend (NaN when spend is 0);
 * - payback_months = cac / (gross_margin * avg_monthly_payment), with
 *   avg_monthly_payment = the payments of the key's paying clients (the
 *   payment's client, else its deal's; payments with neither are left
 *   out) over [E - 12 calendar months, E) / those clients / 12 (NaN when
 *   cac is null or there is no paying client); the published (rounded)
 *   cac is the one divided;
 * - rows: each key with anything to show (a lead, a won deal, a new client
 *   or a spend row overlapping P), by the key's text in byte order, then
 *   the row of no key (key NULL) when it has anything, then the total row
 *   (total = true): the sums of the rows, its ratios recomputed from the
 *   sums (conversion = won / leads, cac = spend / new clients, romi from
 *   revenue and spend, payback from every paying client).
 */
#ifndef VO_ANALYTICS_CHANNELS_H
#define VO_ANALYTICS_CHANNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/err.h"
#include "model/model.h"

enum vo_ch_by { VO_CH_BY_CHANNEL, VO_CH_BY_REGION, VO_CH_BY_SOURCE };

struct vo_ch_query {
    struct vo_period period;
    int64_t as_of; /* E, exclusive */
    enum vo_ch_by by;
    double gross_margin;          /* (0, 1] */
    const struct vo_spend *spend; /* the org's spend rows (any months); borrowed */
    size_t nspend;
};

struct vo_ch_row {
    const char *key; /* the channel / region / source; NULL = none or the total */
    bool total;
    int64_t leads, deals_won, revenue, spend, new_clients;
    int64_t paying_clients, payments_12m; /* the payback's base */
    double conversion;                    /* NaN when no leads */
    int64_t cac;                          /* VO_NULL when no new clients or no spend column */
    double romi, payback_months;          /* NaN when undefined */
    bool has_spend;                       /* false for region / source rows */
};

struct vo_ch {
    struct vo_ch_row *rows; /* in the arena; the total row last */
    size_t n;
    int64_t year_ago;    /* E - 12 calendar months */
    enum vo_ch_by by;    /* the query's */
    double gross_margin; /* the query's */
};

/* "channel", "region", "source". */
const char *vo_ch_by_name(enum vo_ch_by by);

/* Computes q over ds into *out (rows in arena a). VO_EINVAL for a sum
 * beyond int64, VO_ENOMEM. */
vo_err vo_ch_compute(const struct vo_dataset *ds, const struct vo_ch_query *q, struct vo_arena *a,
                     struct vo_ch *out, struct vo_error *e);

/* ---- dynamics (METRICS.md "Dynamics") ----
 * A metric of the rows above by month over the last 12 full months (the
 * 12 calendar months before the month of the local date of as_of), each
 * month computed as P = that month with the same as_of, with the change
 * against the month before (mom) and the same month a year earlier (yoy):
 * absolute (value - base) and relative ((value - base) / base), NaN when
 * the value or the base is undefined, the relative one also when the base
 * is 0. The value is the channel's row (channel NULL: the total row); a
 * channel without a row that month has 0 counts and money and undefined
 * ratios. Metrics: leads, deals_won, conversion, revenue, spend,
 * new_clients, cac, romi, payback_months. */
#define VO_CH_DYN_MONTHS 12

struct vo_ch_dyn_point {
    int year, month;
    double value; /* NaN = undefined (a ratio without its base, cac without new clients) */
    double mom, mom_pct, yoy, yoy_pct;
};

struct vo_ch_dyn {
    const char *metric, *channel;
    struct vo_ch_dyn_point pts[VO_CH_DYN_MONTHS]; /* oldest first */
};

/* Whether name is a metric of the dynamics. */
bool vo_ch_dyn_metric_ok(const char *name);

/* The dynamics of metric (vo_ch_dyn_metric_ok) of channel (NULL = all)
 * from q's as_of, gross_margin and spend (q's period and by are not
 * used: by channel). VO_EINVAL naming "metric" for an unknown metric. */
vo_err vo_ch_dynamics(const struct vo_dataset *ds, const struct vo_ch_query *q, const char *metric,
                      const char *channel, struct vo_arena *a, struct vo_ch_dyn *out,
                      struct vo_error *e);

/* ---- lead plans per channel (docs/marketing.md) ----
 * For P and as_of E: per channel (the deal's, as the report's leads), the
 * leads created in [P.start, min(P.end, E)) against the plan (the sum of
 * the channel's plans of the months P touches), pct = leads / plan (NaN
 * without a plan or on a plan of 0); lead quality = the share of those
 * leads that reached the second stage of their pipeline before E (a stage
 * change into a stage at position 2 or later; in a pipeline of one stage a
 * lead counts as reached when it was won before E), NaN without leads;
 * the quality plan is the plans' quality weighted by their leads (NaN when
 * none sets one). Rows: each channel with a plan or a lead, by text, the
 * channel of none last. */
struct vo_ch_lead_plan {
    const char *channel;
    int year, month;
    int64_t leads;
    int32_t quality_permille; /* -1 = none */
};

struct vo_ch_plan_row {
    const char *channel; /* NULL = none */
    int64_t plan;        /* VO_NULL = no plan */
    int64_t leads, reached;
    double pct, quality, quality_plan;
};

struct vo_ch_plans {
    struct vo_ch_plan_row *rows;
    size_t n;
};

vo_err vo_ch_lead_plans(const struct vo_dataset *ds, const struct vo_period *p, int64_t as_of,
                        const struct vo_ch_lead_plan *plans, size_t nplans, struct vo_arena *a,
                        struct vo_ch_plans *out, struct vo_error *e);

/* The instant 12 calendar months before t in the org's zone (t a local
 * midnight: the same day a year earlier, Feb 29 -> Feb 28). */
int64_t vo_ch_year_before(const struct vo_calendar *c, int64_t t);

/* The part of a month's spend that falls in the local dates first..last:
 * whole when the month is inside, else prorated by its days inside,
 * rounded half away from zero; 0 when none. */
int64_t vo_ch_spend_in(int year, int month, int64_t amount, struct vo_date first,
                       struct vo_date last);

#endif
