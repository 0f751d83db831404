/*
 * abc.h - the client reports of METRICS.md "Clients" (issue 12, items 1
 * and 3): ABC / XYZ of clients with the 3x3 matrix, and the clients at
 * risk with the churn by month. Pure C over the dataset; the org's
 * settings (service/client_settings.h) come in as plain values.
 *
 * Windows (METRICS.md "Windows and attribution"; E = as_of, the start of
 * the local day after D):
 * - "the 12 months before as_of" is [E - 12 calendar months, E), the
 *   months counted in the org's zone (GLib's calendar: Mar 31 - 1 month is
 *   Feb 28/29);
 * - "the last N days" is [E - N local days, E);
 * - "the last 12 full months" are the 12 calendar months before the month
 *   of D.
 * A payment's client is pays.client (its own, else its deal's); payments
 * with neither are left out.
 *
 * ABC: over the window, basis payments (the payments' amounts) or revenue
 * (the amounts of deals won in the window, by their client); clients with
 * revenue > 0 sorted by revenue desc, then client id; a client is A while
 * the cumulative share before it is below 80%, then B while below 95%, the
 * rest C (compared in exact integer arithmetic).
 * XYZ: over the last 12 full months, for clients with a payment in them:
 * the 12 monthly sums (zero months included), cv = population sd / mean;
 * X when cv <= 0.10, Y when cv <= 0.25, else Z, compared exactly on the
 * minor units (100 * (12 Q - S^2) <= S^2 for X, with S the sum and Q the
 * sum of squares) so a cv of exactly 0.10 is X; a series whose sum is not
 * positive has no class (cv NaN).
 */
#ifndef VO_ANALYTICS_ABC_H
#define VO_ANALYTICS_ABC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/err.h"

enum vo_abc_basis { VO_ABC_PAYMENTS, VO_ABC_REVENUE };

/* The instant n calendar months before t in the calendar's zone (n may be
 * negative), and n local days before it. */
int64_t vo_abc_months_before(const struct vo_calendar *c, int64_t t, int n);
int64_t vo_abc_days_before(const struct vo_calendar *c, int64_t t, int n);
/* The calendar month k months before the month of date d (k = 1: the last
 * full month before it). */
struct vo_period vo_abc_full_month(const struct vo_calendar *c, struct vo_date d, int k);

/* The ABC walk, one for the clients and the products (abc_products.h):
 * sorts it[0..n) (each revenue > 0) by revenue desc, then key asc, and
 * classes each: A while the cumulative revenue before it is below 80% of
 * total, then B while below 95%, the rest C (exact integer comparisons);
 * cum gets the cumulative revenue including it. total is the sum of the
 * revenues (the caller's, summed checked or within bounds). */
struct vo_abc_item {
    int64_t key;     /* client index, product id */
    int64_t revenue; /* > 0 */
    int64_t cum;     /* set by the walk */
    char abc;        /* set by the walk */
};
void vo_abc_walk(struct vo_abc_item *it, size_t n, int64_t total);

struct vo_abc_query {
    int64_t as_of; /* E, exclusive */
    enum vo_abc_basis basis;
    int32_t owner; /* rows of this user's clients only (a manager); -1 = all */
};

struct vo_abc_row {
    int32_t client;   /* client index */
    int64_t revenue;  /* in the window, minor units (<= 0 without abc) */
    double share;     /* revenue / total; NaN without abc */
    double cum_share; /* the cumulative share including this client */
    char abc;         /* 'A', 'B', 'C'; '\0' = none (no revenue in the window) */
    char xyz;         /* 'X', 'Y', 'Z'; '\0' = none */
    double cv;        /* NaN without xyz */
};

struct vo_abc_cell {
    int64_t clients, revenue;
};

/* The class history (issue 12, item 2; docs/reports.md "ABC / XYZ of
 * clients"): each client's class as of the end of each of the last 12
 * full months before the month of D (abc_history.c). */
#define VO_ABC_HIST_MONTHS 12
struct vo_abc_hist_row {
    int32_t client;                  /* client index */
    char cls[VO_ABC_HIST_MONTHS][3]; /* "AX", "A" (no XYZ), "" = no ABC class */
};
struct vo_abc_move {
    int32_t client;
    char from, to; /* 'A', 'B', 'C'; '\0' = none */
};
struct vo_abc_history {
    struct vo_date months[VO_ABC_HIST_MONTHS]; /* their first days, oldest first */
    struct vo_abc_hist_row *rows;              /* clients with a class in any month, by id */
    size_t n;
    struct vo_abc_move *moved; /* ABC changed between the last two month ends:
                                  downgrades first, then upgrades, each by client id */
    size_t n_moved;
};

struct vo_abc {
    const struct vo_abc_history *history; /* NULL unless asked (the service sets it) */
    int64_t from, to;                     /* the window [from, to) */
    struct vo_date first, last;           /* its local dates */
    enum vo_abc_basis basis;
    int64_t total; /* the window's revenue of every client (the org's) */
    /* the clients with an ABC class by revenue desc then id, then those
     * with only an XYZ class by id; a restricted query keeps its own */
    struct vo_abc_row *rows;
    size_t n;
    struct vo_abc_cell matrix[3][3]; /* [A,B,C][X,Y,Z] over the rows */
    const char **ext;                /* the rows' clients' external ids (NULL each = none): the
                                        service fills them in (the dataset holds none) */
};

/* ABC / XYZ of q over ds into *out (arrays in arena a). VO_ENOMEM. */
vo_err vo_abc_compute(const struct vo_dataset *ds, const struct vo_abc_query *q, struct vo_arena *a,
                      struct vo_abc *out, struct vo_error *e);

/* The class history of q's basis and owner as of q->as_of (E): the
 * engine run at the end T of each of the last 12 full months before the
 * month of D (as_of = T); classes are the org's (computed unrestricted),
 * a restricted query keeps its own clients' rows and moves. VO_ENOMEM. */
vo_err vo_abc_history_compute(const struct vo_dataset *ds, const struct vo_abc_query *q,
                              struct vo_arena *a, struct vo_abc_history *out, struct vo_error *e);

/* ---- at risk and churn (METRICS.md "At risk") ---- */

struct vo_risk_query {
    int64_t as_of; /* E */
    int32_t days;  /* at_risk_days, 1..3650 */
    int32_t owner; /* as vo_abc_query's */
};

struct vo_risk_row {
    int32_t client;
    int64_t last_paid_at; /* the last payment before E */
    int64_t revenue_12m;  /* payments in the 12 months before E */
};

struct vo_churn_month {
    struct vo_date month; /* its first day */
    int64_t base, churned;
    double rate; /* churned / base; NaN when base is 0 */
};

struct vo_risk {
    int64_t from, to, quiet_from; /* 12 months [from, to); the quiet days [quiet_from, to) */
    int32_t days;
    struct vo_risk_row *rows; /* by revenue_12m desc, then client id */
    size_t n;
    struct vo_churn_month churn[12]; /* the last 12 full months, oldest first */
    const char **ext;                /* as vo_abc's */
};

/* Clients that paid (a payment of the client, any amount) in the 12 months
 * before E but not in the last q->days days, and the churn by month: for
 * each of the last 12 full months M ending at T, base = the clients that
 * paid in [T - 12 months, T), churned = those of the base without a
 * payment in [T - days, T). A restricted query counts its own clients
 * only (rows and churn). VO_ENOMEM. */
vo_err vo_risk_compute(const struct vo_dataset *ds, const struct vo_risk_query *q,
                       struct vo_arena *a, struct vo_risk *out, struct vo_error *e);

#endif
