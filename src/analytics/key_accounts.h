/*
 * key_accounts.h - the key accounts' plan-fact of a month (issue 12, item
 * 1; docs/reports.md "Key accounts"). Pure C over the dataset; the key
 * accounts and their plans (not in the dataset) come in as plain arrays.
 *
 * For the month M = [S, T) (local calendar month) and E = as_of:
 * - fact = the client's payments with S <= paid_at < min(T, E), a
 *   payment's client being pays.client (its own, else its deal's);
 * - pct = fact / plan, unrounded; NaN (null in JSON) without a plan or
 *   with a plan of 0;
 * - history: the 12 calendar months ending with M (M last), each with the
 *   client's payments and the won deals of the client (status won,
 *   closed_at in the month), every event before E only.
 */
#ifndef VO_ANALYTICS_KEY_ACCOUNTS_H
#define VO_ANALYTICS_KEY_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "base/arena.h"
#include "base/err.h"

#define VO_KA_MONTHS 12

struct vo_ka_query {
    int64_t as_of;          /* E, exclusive */
    struct vo_date month;   /* any day of M */
    int32_t owner;          /* rows of this user's clients only (a manager); -1 = all */
    const int32_t *clients; /* the key accounts' client indexes */
    const int64_t *plans;   /* their plans of M, VO_NULL = none */
    size_t n;
};

struct vo_ka_month {
    struct vo_date month; /* its first day */
    int64_t payments;     /* minor units */
    int64_t won;          /* won deals closed in it */
    int64_t won_amount;   /* their amounts (filled in ones) */
};

struct vo_ka_row {
    int32_t client;    /* client index */
    int64_t client_id; /* its store id */
    int64_t plan;      /* VO_NULL = none */
    int64_t fact;
    double pct; /* NaN: no plan, or 0 */
    struct vo_ka_month history[VO_KA_MONTHS];
};

struct vo_ka {
    struct vo_period month; /* M */
    int64_t plan, fact;     /* over the rows (plans set) */
    struct vo_ka_row *rows; /* by fact desc, then client id */
    size_t n;
    const char **ext; /* the rows' clients' external ids: the service fills them in */
};

/* The plan-fact of q over ds into *out (arrays in arena a). VO_ENOMEM. */
vo_err vo_ka_compute(const struct vo_dataset *ds, const struct vo_ka_query *q, struct vo_arena *a,
                     struct vo_ka *out, struct vo_error *e);

#endif
