/*
 * spend.h - marketing spend per channel and month (docs/marketing.md): one
 * use case for the API (GET/PUT/DELETE /api/v1/marketing-spend) and the
 * import (spend.csv). Bounds: channel a label (1..200 bytes), month
 * YYYY-MM of 2000-01..2100-12, amount 0..10^15 minor units. Admin and
 * head write; admin, head and viewer read (a manager does not: spend is
 * the department's marketing economics, as the channels report).
 */
#ifndef VO_SERVICE_SPEND_H
#define VO_SERVICE_SPEND_H

#include "service/service.h"

/* The first and last month spend may be entered for. */
#define VO_SPEND_YEAR_MIN 2000
#define VO_SPEND_YEAR_MAX 2100

/* The checks of one spend row, the same for every way in: the model's
 * (channel, a month of the supported dates, amount 0..10^15), the month
 * inside 2000-01..2100-12 and an amount given. VO_EINVAL naming the
 * field. */
vo_err vo_svc_spend_check(const struct vo_spend *s, struct vo_error *e);

/* The org's spend rows whose month is within from..to (YYYY-MM each, NULL
 * = open; VO_EINVAL naming "from" / "to" when malformed or from > to), by
 * channel then month, in svc->arena. */
vo_err vo_svc_spend_list(struct vo_svc *svc, const char *from, const char *to,
                         struct vo_spend **out, size_t *n, struct vo_error *e);

/* Sets the spend of channel in month (YYYY-MM) to amount, in one
 * transaction with an audit row; *created says whether the row is new. */
vo_err vo_svc_spend_put(struct vo_svc *svc, const char *channel, const char *month, int64_t amount,
                        bool *created, struct vo_error *e);

/* Deletes it (VO_ENOTFOUND naming "month" when there is none). */
vo_err vo_svc_spend_delete(struct vo_svc *svc, const char *channel, const char *month,
                           struct vo_error *e);

#endif
