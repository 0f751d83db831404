/*
 * client_reports.c - the abc-xyz and at-risk use cases (client_reports.h):
 * settings, the manager's restriction (one place: owner_of), external
 * ids.
 */
#include "service/client_reports.h"

#include <stdlib.h>

#include "base/timeutil.h"
#include "service/client_settings.h"
#include "service/crm.h"
#include "store/store.h"

/* The restriction of the client reports: a manager's query (q->self) keeps
 * the clients they own; -1 keeps every client. */
static int32_t owner_of(const struct vo_report_query *q)
{
    return q->self;
}

static int cmp_ext(const void *pk, const void *pe)
{
    int64_t k = *(const int64_t *)pk, id = ((const struct vo_client_ext *)pe)->id;
    return (k > id) - (k < id);
}

/* The external ids of the clients whose indexes *clients(i) gives for
 * i < n, into *out. */
static vo_err exts(struct vo_svc *svc, const struct vo_report_query *q, const void *rows,
                   int32_t (*client)(const void *rows, size_t i), size_t n, const char ***out,
                   struct vo_error *e)
{
    struct vo_client_ext *v = NULL;
    size_t nv = 0;
    vo_err rc = vo_store_client_exts(svc->st, q->ds->org_id, q->arena, &v, &nv, e);
    if (rc)
        return rc;
    const char **x = vo_arena_array(q->arena, n + 1, sizeof *x);
    if (!x)
        return vo_error_set(e, VO_ENOMEM, "clients", "out of memory");
    for (size_t i = 0; i < n; i++) {
        int32_t c = client(rows, i);
        int64_t id = q->ds->clients.id[c];
        const struct vo_client_ext *f = nv ? bsearch(&id, v, nv, sizeof *v, cmp_ext) : NULL;
        x[i] = f ? f->ext_id : NULL;
    }
    *out = x;
    return VO_OK;
}

static int32_t abc_client(const void *rows, size_t i)
{
    return ((const struct vo_abc_row *)rows)[i].client;
}

static int32_t risk_client(const void *rows, size_t i)
{
    return ((const struct vo_risk_row *)rows)[i].client;
}

vo_err vo_svc_report_abc(struct vo_svc *svc, const struct vo_report_query *q, struct vo_abc *out,
                         struct vo_error *e)
{
    struct vo_client_settings s;
    vo_err rc = vo_client_settings_parse(svc->org.settings, &s, e);
    if (rc)
        return rc;
    struct vo_abc_query aq = {.as_of = q->as_of, .basis = s.abc_basis, .owner = owner_of(q)};
    if ((rc = vo_abc_compute(q->ds, &aq, q->arena, out, e)))
        return rc;
    if (q->history) { /* issue 12, item 2 */
        struct vo_abc_history *h = vo_arena_array(q->arena, 1, sizeof *h);
        if (!h)
            return vo_error_set(e, VO_ENOMEM, "abc-xyz", "out of memory");
        if ((rc = vo_abc_history_compute(q->ds, &aq, q->arena, h, e)))
            return rc;
        out->history = h;
    }
    return exts(svc, q, out->rows, abc_client, out->n, &out->ext, e);
}

static int cmp_product(const void *pa, const void *pb)
{
    int64_t a = ((const struct vo_product *)pa)->id, b = ((const struct vo_product *)pb)->id;
    return (a > b) - (a < b);
}

vo_err vo_svc_report_abc_products(struct vo_svc *svc, const struct vo_report_query *q,
                                  struct vo_abcp *out, struct vo_error *e)
{
    const struct vo_dataset *ds = q->ds;
    struct vo_deal_line *lines = NULL;
    size_t nl = 0;
    vo_err rc = vo_store_deal_lines(svc->st, ds->org_id, q->arena, &lines, &nl, e);
    if (rc)
        return rc;
    struct vo_abcp_query pq = {
        .as_of = q->as_of, .owner = owner_of(q), .lines = lines, .n_lines = nl};
    if ((rc = vo_abc_products_compute(ds, &pq, q->arena, out, e)))
        return rc;
    struct vo_product *v = NULL;
    size_t nv = 0;
    if ((rc = vo_store_product_list(svc->st, ds->org_id, q->arena, &v, &nv, e)))
        return rc;
    if (nv)
        qsort(v, nv, sizeof *v, cmp_product);
    out->ext = vo_arena_array(q->arena, out->n + 1, sizeof *out->ext);
    out->name = vo_arena_array(q->arena, out->n + 1, sizeof *out->name);
    out->category = vo_arena_array(q->arena, out->n + 1, sizeof *out->category);
    if (!out->ext || !out->name || !out->category)
        return vo_error_set(e, VO_ENOMEM, "abc-xyz", "out of memory");
    for (size_t i = 0; i < out->n; i++) {
        struct vo_product key = {.id = out->rows[i].product_id};
        const struct vo_product *p = nv ? bsearch(&key, v, nv, sizeof *v, cmp_product) : NULL;
        out->ext[i] = p ? p->ext_id : NULL;
        out->name[i] = p ? p->name : NULL;
        out->category[i] = p ? p->category : NULL;
    }
    return VO_OK;
}

vo_err vo_svc_report_at_risk(struct vo_svc *svc, const struct vo_report_query *q,
                             struct vo_risk *out, struct vo_error *e)
{
    struct vo_client_settings s;
    vo_err rc = vo_client_settings_parse(svc->org.settings, &s, e);
    if (rc)
        return rc;
    struct vo_risk_query rq = {.as_of = q->as_of, .days = s.at_risk_days, .owner = owner_of(q)};
    if ((rc = vo_risk_compute(q->ds, &rq, q->arena, out, e)))
        return rc;
    return exts(svc, q, out->rows, risk_client, out->n, &out->ext, e);
}

vo_err vo_svc_client_risk_task(struct vo_svc *svc, int64_t client, const char *due_at,
                               int64_t *task, struct vo_error *e)
{
    struct vo_client c;
    vo_err rc = vo_svc_client_get(svc, client, &c, e);
    if (rc)
        return rc;
    int64_t due;
    if (due_at) {
        if ((rc = vo_time_parse(due_at, svc->tz, &due, "due_at", e)))
            return rc;
    } else {
        struct vo_date d = vo_date_add_days(vo_date_of(svc->tz, vo_now()), 1);
        due = vo_date_start(svc->tz, d) + 12 * 3600;
    }
    char when[40];
    struct vo_date dd = vo_date_of(svc->tz, due);
    struct vo_crm_input in = {
        .set = VO_F_TITLE | VO_F_DUE_AT | VO_F_CLIENT | VO_F_TYPE,
        .title = vo_arena_printf(svc->arena,
                                 "Клиент под угрозой ухода: позвонить «%s» до %02d.%02d.%04d",
                                 c.name, dd.d, dd.m, dd.y),
        .due_at = vo_time_format(due, svc->tz, when, sizeof when),
        .client_id = client,
        .type = "call",
    };
    if (c.owner_id && svc->actor_role != VO_ROLE_MANAGER) {
        in.set |= VO_F_OWNER;
        in.owner_id = c.owner_id;
    }
    return vo_svc_task_create(svc, &in, task, e);
}
