/*
 * import_records.c - the rows of the CRM files: clients, deals, stage
 * changes, activities, tasks, payments, plans, marketing spend, NPS,
 * holidays.
 */
#include "service/import_int.h"
#include "service/spend.h"

void imp_row_clients(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_client c = {.org_id = rw->im->svc->org.id};
    c.ext_id = imp_need(rw, "id");
    c.name = imp_need(rw, "name");
    c.channel = imp_get(rw, "channel");
    c.region = imp_get(rw, "region");
    c.segment = imp_get(rw, "segment");
    c.source = imp_get(rw, "source");
    c.owner_id = c.ext_id
                     ? imp_ref_assignee(rw, VO_EXT_CLIENT, c.ext_id, "owner", imp_get(rw, "owner"))
                     : imp_ref_user(rw, "owner", imp_get(rw, "owner"));
    c.created_at = imp_get_time(rw, "created_at", false);
    c.key_account = imp_parse_bool01(rw, "key_account", imp_get(rw, "key_account"));
    c.custom = imp_custom_json(rw, "client");
    struct vo_error e = {0};
    if (!rw->failed && vo_client_validate(&c, &e))
        imp_problem_e(rw, NULL, &e);
    imp_dup_check(rw, "id", c.ext_id);
    IMP_STORE_EXT(rw, cnt, VO_EXT_CLIENT, VO_OBJ_CLIENT, vo_store_client_upsert, c, &e);
}

void imp_row_deals(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_deal d = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    d.ext_id = imp_need(rw, "id");
    const char *owner = imp_need(rw, "owner");
    d.owner_id = imp_ref_assignee(rw, VO_EXT_DEAL, d.ext_id, "owner", owner);
    const char *pipeline = imp_need(rw, "pipeline");
    struct pipe *p = imp_ref_pipeline(rw, "pipeline", pipeline);
    d.created_at = imp_get_time(rw, "created_at", true);
    d.title = imp_get(rw, "title");
    d.client_id = imp_ref_ext(rw, VO_EXT_CLIENT, "client", imp_get(rw, "client"));
    d.product_id = imp_ref_ext(rw, VO_EXT_PRODUCT, "product", imp_get(rw, "product"));
    const char *stage = imp_get(rw, "stage");
    if (p) {
        d.pipeline_id = p->id;
        if (stage)
            d.stage_id = imp_ref_stage(rw, "stage", p, stage);
        else if (p->n)
            d.stage_id = p->stages[0].id;
    }
    const char *status = imp_get(rw, "status");
    d.status = VO_DEAL_OPEN;
    if (status && vo_deal_status_parse(status, &d.status, "status", &e))
        imp_problem_e(rw, "status", &e);
    d.amount = imp_get_money(rw, "amount", false);
    d.closed_at = imp_get_time(rw, "closed_at", false);
    d.loss_reason = imp_get(rw, "loss_reason");
    d.channel = imp_get(rw, "channel");
    d.source = imp_get(rw, "source");
    d.custom = imp_custom_json(rw, "deal");
    imp_match_deal(rw, pipeline, p, stage, d.stage_id, d.status, owner, d.owner_id);
    imp_dup_check(rw, "id", d.ext_id);
    if (!rw->failed && vo_deal_validate(&d, &e))
        imp_problem_e(rw, NULL, &e);
    IMP_STORE_EXT(rw, cnt, VO_EXT_DEAL, VO_OBJ_DEAL, vo_store_deal_upsert, d, &e);
}

void imp_row_stage_changes(struct row *rw, struct vo_import_count *cnt)
{
    struct imp *im = rw->im;
    struct vo_stage_change c = {.org_id = im->svc->org.id};
    c.deal_id = imp_ref_ext(rw, VO_EXT_DEAL, "deal", imp_need(rw, "deal"));
    const char *stage = imp_need(rw, "stage");
    c.at = imp_get_time(rw, "at", true);
    struct vo_error e = {0};
    if (c.deal_id && stage) {
        int64_t pipeline = 0, client = 0;
        if (vo_store_deal_refs(im->svc->st, im->svc->org.id, c.deal_id, &pipeline, &client, &e)) {
            imp_fatal(im, &e);
            return;
        }
        struct pipe *p = imp_pipe_by_id(im, pipeline);
        if (p)
            c.stage_id = imp_ref_stage(rw, "stage", p, stage);
    }
    if (rw->failed)
        return;
    /* Every row is a move, even one repeating another's deal, stage and
     * time (two moves within a second): the n-th row with a key matches
     * the n-th stored move with it, so a re-import finds each one. */
    char *key = vo_arena_printf(im->a, "%lld|%lld|%lld", (long long)c.deal_id,
                                (long long)c.stage_id, (long long)c.at);
    if (!key) {
        vo_error_set(&e, VO_ENOMEM, NULL, "out of memory");
        imp_fatal(im, &e);
        return;
    }
    size_t nth = GPOINTER_TO_SIZE(g_hash_table_lookup(im->moves, key));
    g_hash_table_insert(im->moves, key, GSIZE_TO_POINTER(nth + 1));
    enum vo_upsert res;
    vo_err rc = vo_store_stage_change_upsert(im->svc->st, &c, (int64_t)nth, &res, &e);
    imp_counted(rw, VO_OBJ_STAGE_CHANGE, "deal", cnt, rc, res, &e);
}

void imp_row_activities(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_activity a = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    a.ext_id = imp_need(rw, "id");
    const char *type = imp_need(rw, "type");
    if (type && vo_activity_type_parse(type, &a.type, "type", &e))
        imp_problem_e(rw, "type", &e);
    a.user_id = imp_ref_assignee(rw, VO_EXT_ACTIVITY, a.ext_id, "user", imp_need(rw, "user"));
    a.at = imp_get_time(rw, "at", true);
    a.deal_id = imp_ref_ext(rw, VO_EXT_DEAL, "deal", imp_get(rw, "deal"));
    a.client_id = imp_ref_ext(rw, VO_EXT_CLIENT, "client", imp_get(rw, "client"));
    a.duration_s = imp_parse_int(rw, "duration_s", imp_get(rw, "duration_s"), 0, INT64_MAX);
    const char *dir = imp_get(rw, "direction");
    a.direction = VO_DIR_NONE;
    if (dir && vo_direction_parse(dir, &a.direction, "direction", &e))
        imp_problem_e(rw, "direction", &e);
    a.outcome = imp_get(rw, "outcome");
    imp_dup_check(rw, "id", a.ext_id);
    if (!rw->failed && vo_activity_validate(&a, &e))
        imp_problem_e(rw, NULL, &e);
    IMP_STORE_EXT(rw, cnt, VO_EXT_ACTIVITY, VO_OBJ_ACTIVITY, vo_store_activity_upsert, a, &e);
}

void imp_row_tasks(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_task t = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    t.ext_id = imp_need(rw, "id");
    t.assignee_id =
        imp_ref_assignee(rw, VO_EXT_TASK, t.ext_id, "assignee", imp_need(rw, "assignee"));
    t.title = imp_need(rw, "title");
    t.created_at = imp_get_time(rw, "created_at", true);
    t.due_at = imp_get_time(rw, "due_at", true);
    t.deal_id = imp_ref_ext(rw, VO_EXT_DEAL, "deal", imp_get(rw, "deal"));
    t.client_id = imp_ref_ext(rw, VO_EXT_CLIENT, "client", imp_get(rw, "client"));
    t.done_at = imp_get_time(rw, "done_at", false);
    imp_dup_check(rw, "id", t.ext_id);
    if (!rw->failed && vo_task_validate(&t, &e))
        imp_problem_e(rw, NULL, &e);
    IMP_STORE_EXT(rw, cnt, VO_EXT_TASK, VO_OBJ_TASK, vo_store_task_upsert, t, &e);
}

void imp_row_payments(struct row *rw, struct vo_import_count *cnt)
{
    struct imp *im = rw->im;
    struct vo_payment p = {.org_id = im->svc->org.id};
    struct vo_error e = {0};
    p.ext_id = imp_need(rw, "id");
    p.amount = imp_get_money(rw, "amount", true);
    p.paid_at = imp_get_time(rw, "paid_at", true);
    p.deal_id = imp_ref_ext(rw, VO_EXT_DEAL, "deal", imp_get(rw, "deal"));
    p.client_id = imp_ref_ext(rw, VO_EXT_CLIENT, "client", imp_get(rw, "client"));
    if (p.deal_id && !p.client_id && !imp_get(rw, "client")) {
        int64_t pipeline = 0;
        if (vo_store_deal_refs(im->svc->st, im->svc->org.id, p.deal_id, &pipeline, &p.client_id,
                               &e)) {
            imp_fatal(im, &e);
            return;
        }
    }
    imp_dup_check(rw, "id", p.ext_id);
    if (!rw->failed && !p.deal_id && !imp_get(rw, "client") && !imp_get(rw, "deal"))
        imp_problem(rw, "deal", "a payment needs a deal or a client");
    else if (!rw->failed && vo_payment_validate(&p, &e))
        imp_problem_e(rw, NULL, &e);
    IMP_STORE_EXT(rw, cnt, VO_EXT_PAYMENT, VO_OBJ_PAYMENT, vo_store_payment_upsert, p, &e);
}

void imp_row_plans(struct row *rw, struct vo_import_count *cnt)
{
    struct imp *im = rw->im;
    struct vo_plan p = {.org_id = im->svc->org.id};
    struct vo_error e = {0};
    const char *period = imp_need(rw, "period");
    if (period && vo_month_parse(period, &p.year, &p.month, "period", &e))
        imp_problem_e(rw, "period", &e);
    const char *scope = imp_need(rw, "scope");
    if (scope && strcmp(scope, "org") == 0) {
        p.scope_kind = VO_SCOPE_ORG;
    } else if (scope && strncmp(scope, "team:", 5) == 0) {
        p.scope_kind = VO_SCOPE_TEAM;
        vo_err rc = vo_store_team_find(im->svc->st, im->svc->org.id, scope + 5, &p.scope_id, &e);
        if (rc == VO_ENOTFOUND)
            imp_problem(rw, "scope", "no team \"%s\" (teams come from users.csv)", scope + 5);
        else if (rc)
            imp_fatal(im, &e);
    } else if (scope) {
        p.scope_kind = VO_SCOPE_USER;
        p.scope_id = imp_ref_user(rw, "scope", scope);
    }
    const char *metric = imp_need(rw, "metric");
    const struct vo_metric_def *m = metric ? vo_metric_find(metric) : NULL;
    if (metric && !m) {
        GString *keys = g_string_new(NULL);
        for (int i = 0; i < VO_M__COUNT; i++)
            g_string_append_printf(keys, "%s%s", i ? ", " : "", vo_metrics[i].key);
        imp_problem(rw, "metric", "\"%s\" is not a metric (one of: %s)", metric, keys->str);
        g_string_free(keys, TRUE);
    }
    const char *target = imp_need(rw, "target");
    if (m && target) {
        /* As the routes and `voronka plan set` read a target. */
        p.metric = m->id;
        if (vo_plan_target_parse(m, target, im->svc->currency_digits, &p.target, &e))
            imp_problem_e(rw, "target", &e);
    }
    if (!rw->failed && vo_plan_validate(&p, &e))
        imp_problem_e(rw, NULL, &e);
    if (period && scope && metric)
        imp_dup_check(rw, "period", vo_arena_printf(im->a, "%s %s %s", period, scope, metric));
    IMP_STORE(rw, cnt, VO_OBJ_PLAN, "period", vo_store_plan_upsert, p, &e);
}

void imp_row_spend(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_spend s = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    s.channel = imp_need(rw, "channel");
    const char *month = imp_need(rw, "month");
    if (month && vo_month_parse(month, &s.year, &s.month, "month", &e))
        imp_problem_e(rw, "month", &e);
    s.amount = imp_get_money(rw, "amount", true);
    if (!rw->failed && vo_svc_spend_check(&s, &e)) /* spend.h: the one set of checks */
        imp_problem_e(rw, NULL, &e);
    if (s.channel && month)
        imp_dup_check(rw, "month", vo_arena_printf(rw->im->a, "%s %s", s.channel, month));
    IMP_STORE(rw, cnt, VO_OBJ_SPEND, "month", vo_store_spend_upsert, s, &e);
}

void imp_row_nps(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_nps n = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    n.client_id = imp_ref_ext(rw, VO_EXT_CLIENT, "client", imp_need(rw, "client"));
    const char *score = imp_need(rw, "score");
    int64_t sc = imp_parse_int(rw, "score", score, INT32_MIN, INT32_MAX);
    n.score = sc == VO_NULL ? 0 : (int)sc;
    n.at = imp_get_time(rw, "at", true);
    n.comment = imp_get(rw, "comment");
    struct vo_nps alone = n; /* the score judged on its own, client or not */
    alone.client_id = 1;
    if (sc != VO_NULL && vo_nps_validate(&alone, &e))
        imp_problem_e(rw, "score", &e);
    if (!rw->failed && vo_nps_validate(&n, &e))
        imp_problem_e(rw, NULL, &e);
    IMP_STORE(rw, cnt, VO_OBJ_NPS, "client", vo_store_nps_upsert, n, &e);
}

void imp_row_holidays(struct row *rw, struct vo_import_count *cnt)
{
    struct vo_holiday h = {.org_id = rw->im->svc->org.id};
    struct vo_error e = {0};
    struct vo_date d = {0, 0, 0};
    const char *date = imp_need(rw, "date");
    if (date && vo_date_parse(date, &d, "date", &e))
        imp_problem_e(rw, "date", &e);
    h.y = d.y;
    h.m = d.m;
    h.d = d.d;
    const char *kind = imp_need(rw, "kind");
    if (kind && vo_day_kind_parse(kind, &h.kind, "kind", &e))
        imp_problem_e(rw, "kind", &e);
    if (!rw->failed && vo_holiday_validate(&h, &e))
        imp_problem_e(rw, NULL, &e);
    imp_dup_check(rw, "date", date);
    IMP_STORE(rw, cnt, VO_OBJ_HOLIDAY, "date", vo_store_holiday_upsert, h, &e);
}
