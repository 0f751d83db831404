/*
 * test_model.c - enum parsing and record validation name the bad field and
 * the allowed values.
 */
#include <criterion/criterion.h>
#include <stdio.h>

#include "model/model.h"

Test(model, enums_parse_and_list_allowed_values)
{
    enum vo_role r;
    struct vo_error e = {0};
    cr_assert_eq(vo_role_parse("head", &r, "role", &e), VO_OK);
    cr_assert_eq(r, VO_ROLE_HEAD);
    cr_assert_eq(vo_role_parse("Manager", &r, "role", &e), VO_OK, "case-insensitive");
    cr_assert_eq(r, VO_ROLE_MANAGER);
    cr_assert_eq(vo_role_parse("boss", &r, "role", &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "role");
    cr_assert(strstr(e.msg, "\"boss\""), "%s", e.msg);
    cr_assert(strstr(e.msg, "admin, head, manager, viewer"), "%s", e.msg);

    enum vo_deal_status s;
    cr_assert_eq(vo_deal_status_parse("won", &s, "status", &e), VO_OK);
    cr_assert_eq(s, VO_DEAL_WON);
    cr_assert_eq(vo_deal_status_parse("closed", &s, "status", &e), VO_EINVAL);
    cr_assert(strstr(e.msg, "open, won, lost"), "%s", e.msg);

    enum vo_activity_type t;
    cr_assert_eq(vo_activity_type_parse("meeting", &t, "type", &e), VO_OK);
    cr_assert_eq(t, VO_ACT_MEETING);
    enum vo_direction d;
    cr_assert_eq(vo_direction_parse("sideways", &d, "direction", &e), VO_EINVAL);
    cr_assert(strstr(e.msg, "in, out"), "%s", e.msg);
    enum vo_day_kind k;
    cr_assert_eq(vo_day_kind_parse("workday", &k, "kind", &e), VO_OK);
    cr_assert_eq(k, VO_DAY_WORKDAY);
    cr_assert_str_eq(vo_role_name(VO_ROLE_VIEWER), "viewer");
}

Test(model, metric_table_matches_metrics_md)
{
    const char *keys[] = {"leads",     "calls",     "call_minutes", "meetings",
                          "deals_won", "revenue",   "payments",     "avg_check",
                          "conversion", "tasks_done", "tasks_done_on_time", "tasks_overdue"};
    for (int i = 0; i < VO_M__COUNT; i++)
        cr_assert_str_eq(vo_metrics[i].key, keys[i]);
    cr_assert_eq(vo_metric_find("avg_check")->kind, VO_METRIC_RATIO);
    cr_assert_eq(vo_metric_find("conversion")->unit, VO_UNIT_RATIO);
    cr_assert_eq(vo_metric_find("revenue")->unit, VO_UNIT_MONEY);
    cr_assert_eq(vo_metric_find("tasks_overdue")->kind, VO_METRIC_SNAPSHOT);
    cr_assert_null(vo_metric_find("profit"));
}

Test(model, deal_validation_names_the_field)
{
    struct vo_error e = {0};
    struct vo_deal d = {.owner_id = 1, .pipeline_id = 1, .status = VO_DEAL_WON,
                        .amount = 100, .created_at = 1000, .closed_at = VO_NULL};
    cr_assert_eq(vo_deal_validate(&d, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "closed_at");
    d.closed_at = 500;
    cr_assert_eq(vo_deal_validate(&d, &e), VO_EINVAL, "closed before created");
    cr_assert_str_eq(e.field, "closed_at");
    d.closed_at = 2000;
    cr_assert_eq(vo_deal_validate(&d, &e), VO_OK, "%s", e.msg);
    d.amount = -1;
    cr_assert_eq(vo_deal_validate(&d, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "amount");
    d.amount = VO_NULL;
    d.loss_reason = "Дорого";
    cr_assert_eq(vo_deal_validate(&d, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "loss_reason");
    d.status = VO_DEAL_OPEN;
    d.loss_reason = NULL;
    cr_assert_eq(vo_deal_validate(&d, &e), VO_EINVAL, "open with closed_at");
    d.closed_at = VO_NULL;
    d.owner_id = 0;
    cr_assert_eq(vo_deal_validate(&d, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "owner");
}

Test(model, other_records)
{
    struct vo_error e = {0};
    struct vo_nps n = {.client_id = 1, .score = 11};
    cr_assert_eq(vo_nps_validate(&n, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "score");
    n.score = 10;
    cr_assert_eq(vo_nps_validate(&n, &e), VO_OK);
    struct vo_payment p = {.amount = -5, .deal_id = 1};
    cr_assert_eq(vo_payment_validate(&p, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "amount");
    p.amount = 5;
    p.deal_id = 0;
    cr_assert_eq(vo_payment_validate(&p, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "deal");
    struct vo_activity a = {.user_id = 1, .duration_s = -3};
    cr_assert_eq(vo_activity_validate(&a, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "duration_s");
    struct vo_task t = {.assignee_id = 1, .title = "", .done_at = VO_NULL};
    cr_assert_eq(vo_task_validate(&t, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "title");
    struct vo_stage s = {.name = "КП", .position = 0, .max_days = VO_NULL};
    cr_assert_eq(vo_stage_validate(&s, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "position");
}

Test(model, emails)
{
    struct vo_error e = {0};
    char ok[] = "Ivan.Petrov@Example.RU";
    cr_assert_eq(vo_email_normalize(ok, "email", &e), VO_OK);
    cr_assert_str_eq(ok, "ivan.petrov@example.ru");
    const char *bad[] = {"ivan", "@example.ru", "ivan@", "ivan@ru", "a@b@c.ru", "iv an@x.ru"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", bad[i]);
        cr_assert_eq(vo_email_normalize(buf, "email", &e), VO_EINVAL, "%s", bad[i]);
    }
}
