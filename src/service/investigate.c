/*
 * investigate.c (service) - the investigations use case (investigate.h).
 */
#include "service/investigate.h"

vo_err vo_svc_inv_period(struct vo_svc *svc, const struct vo_report_query *q,
                         const struct vo_period *p, int64_t as_of, struct vo_inv **out,
                         struct vo_error *e)
{
    (void)svc;
    struct vo_inv *v = VO_ARENA_ARRAY(q->arena, struct vo_inv, 1);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory for the investigations");
    struct vo_inv_query iq = {.period = *p, .as_of = as_of};
    vo_err rc = vo_inv_compute(q->ds, &iq, q->arena, v, e);
    if (rc)
        return rc;
    /* the one place of the restriction: a manager's own and the
     * department's findings */
    vo_inv_keep(v, q->self, false);
    *out = v;
    return VO_OK;
}

vo_err vo_svc_report_investigations(struct vo_svc *svc, const struct vo_report_query *q,
                                    struct vo_inv **out, struct vo_error *e)
{
    int32_t user = -1;
    if (q->user && (user = vo_report_find_user(q->ds, q->user)) < 0)
        return vo_error_set(e, VO_ENOTFOUND, "user", "no user \"%s\"", q->user);
    vo_err rc = vo_svc_inv_period(svc, q, &q->period, q->as_of, out, e);
    if (!rc && user >= 0)
        vo_inv_keep(*out, user, true);
    return rc;
}
