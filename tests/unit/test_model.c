/*
 * test_model.c - enum parsing and record validation name the bad field and
 * the allowed values.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "model/model.h"

/* rc is VO_EINVAL naming field in e. */
static void refused(vo_err rc, const struct vo_error *e, const char *field)
{
    cr_assert_eq(rc, VO_EINVAL, "%s: %d", field, rc);
    cr_assert_str_eq(e->field, field);
}

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
    const char *keys[] = {"leads",      "calls",      "call_minutes",       "meetings",
                          "deals_won",  "revenue",    "payments",           "avg_check",
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
    struct vo_deal d = {.owner_id = 1,
                        .pipeline_id = 1,
                        .status = VO_DEAL_WON,
                        .amount = 100,
                        .created_at = 1000,
                        .closed_at = VO_NULL};
    refused(vo_deal_validate(&d, &e), &e, "closed_at");
    d.closed_at = 500;
    cr_assert_eq(vo_deal_validate(&d, &e), VO_EINVAL, "closed before created");
    cr_assert_str_eq(e.field, "closed_at");
    d.closed_at = 2000;
    cr_assert_eq(vo_deal_validate(&d, &e), VO_OK, "%s", e.msg);
    d.amount = -1;
    refused(vo_deal_validate(&d, &e), &e, "amount");
    d.amount = VO_NULL;
    d.loss_reason = "Дорого";
    refused(vo_deal_validate(&d, &e), &e, "loss_reason");
    d.status = VO_DEAL_OPEN;
    d.loss_reason = NULL;
    cr_assert_eq(vo_deal_validate(&d, &e), VO_EINVAL, "open with closed_at");
    d.closed_at = VO_NULL;
    d.owner_id = 0;
    refused(vo_deal_validate(&d, &e), &e, "owner");
}

Test(model, other_records)
{
    struct vo_error e = {0};
    struct vo_nps n = {.client_id = 1, .score = 11};
    refused(vo_nps_validate(&n, &e), &e, "score");
    n.score = 10;
    cr_assert_eq(vo_nps_validate(&n, &e), VO_OK);
    struct vo_payment p = {.amount = -5, .deal_id = 1};
    refused(vo_payment_validate(&p, &e), &e, "amount");
    p.amount = 5;
    p.deal_id = 0;
    refused(vo_payment_validate(&p, &e), &e, "deal");
    struct vo_activity a = {.user_id = 1, .duration_s = -3};
    refused(vo_activity_validate(&a, &e), &e, "duration_s");
    struct vo_task t = {.assignee_id = 1, .title = "", .done_at = VO_NULL};
    refused(vo_task_validate(&t, &e), &e, "title");
    struct vo_stage s = {.name = "КП", .position = 0, .max_days = VO_NULL};
    refused(vo_stage_validate(&s, &e), &e, "position");
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

/* Issue 8, items 5 and 14: every number has its bounds in one table;
 * VO_NULL (-2^63) is inside none of them, so it can never pass for a
 * value. */
Test(model, numbers_are_bounded_by_their_meaning)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_num_check(VO_NUM_AMOUNT, VO_AMOUNT_MAX, "amount", &e), VO_OK);
    cr_assert_eq(vo_num_check(VO_NUM_AMOUNT, VO_AMOUNT_MAX + 1, "amount", &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "amount");
    for (int k = 0; k < VO_NUM__COUNT; k++) {
        cr_assert_eq(vo_num_check((enum vo_num)k, VO_NULL, "f", &e), VO_EINVAL, "bound %d", k);
        int64_t lo, hi;
        vo_num_range((enum vo_num)k, &lo, &hi);
        cr_assert_eq(vo_num_check((enum vo_num)k, lo, "f", NULL), VO_OK);
        cr_assert_eq(vo_num_check((enum vo_num)k, hi, "f", NULL), VO_OK);
        if (lo > INT64_MIN + 1)
            cr_assert_eq(vo_num_check((enum vo_num)k, lo - 1, "f", NULL), VO_EINVAL);
        if (hi < INT64_MAX)
            cr_assert_eq(vo_num_check((enum vo_num)k, hi + 1, "f", NULL), VO_EINVAL);
    }
    cr_assert_eq(vo_num_check(VO_NUM_ID, 0, "owner_id", &e), VO_EINVAL);
    cr_assert_eq(vo_num_of_target(VO_M_CALL_MINUTES), VO_NUM_TARGET_MINUTES);
    cr_assert_eq(vo_num_of_target(VO_M_REVENUE), VO_NUM_TARGET_MONEY);
    cr_assert_eq(vo_num_of_target(VO_M_CONVERSION), VO_NUM_TARGET_RATIO);
    cr_assert_eq(vo_num_of_target(VO_M_LEADS), VO_NUM_TARGET_COUNT);
    /* the records read the table */
    struct vo_deal d = {
        .owner_id = 1, .pipeline_id = 1, .amount = VO_AMOUNT_MAX + 1, .closed_at = VO_NULL};
    refused(vo_deal_validate(&d, &e), &e, "amount");
    struct vo_payment p = {.deal_id = 1, .amount = 9200000000000000000};
    refused(vo_payment_validate(&p, &e), &e, "amount");
    struct vo_plan pl = {
        .year = 2026, .month = 11, .metric = VO_M_CALL_MINUTES, .target = 9000000000000000000};
    refused(vo_plan_validate(&pl, &e), &e, "target");
    pl.year = 1969;
    pl.target = 5;
    refused(vo_plan_validate(&pl, &e), &e, "period");
    struct vo_stage s = {.name = "s", .position = 1, .max_days = 3651};
    refused(vo_stage_validate(&s, &e), &e, "max_days");
    struct vo_product pr = {.name = "p", .price = VO_AMOUNT_MAX + 1};
    refused(vo_product_validate(&pr, &e), &e, "price");
    struct vo_spend sp = {.channel = "c", .year = 2026, .month = 1, .amount = -1};
    refused(vo_spend_validate(&sp, &e), &e, "amount");
}

/* Issue 8, item 19: texts are counted in characters, not bytes, and
 * invalid UTF-8 is refused. */
Test(model, texts_are_counted_in_characters_and_must_be_utf8)
{
    struct vo_error e = {0};
    char buf[5 * 5001 + 1];
    /* 500 "Я" (1000 bytes) is a title, 501 is not */
    size_t n = 0;
    for (int i = 0; i < 500; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "Я");
    cr_assert_eq(vo_text_check(VO_TEXT_TITLE, buf, "title", &e), VO_OK, "%s", e.msg);
    snprintf(buf + n, sizeof buf - n, "Я");
    cr_assert_eq(vo_text_check(VO_TEXT_TITLE, buf, "title", &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "title");
    cr_assert(strstr(e.msg, "500 characters"), "%s", e.msg);
    /* a lone continuation byte, an overlong encoding, a cut character */
    const char *bad[] = {"ok\x80", "\xC0\xAF", "\xD0", "a\xF0\x9F\x98"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(vo_text_check(VO_TEXT_NOTE, bad[i], "outcome", &e), VO_EINVAL, "%zu", i);
        cr_assert(strstr(e.msg, "UTF-8"), "%s", e.msg);
    }
    cr_assert_eq(vo_text_check(VO_TEXT_NOTE, NULL, "outcome", &e), VO_OK);
    cr_assert_eq(vo_text_required(VO_TEXT_NAME, "", "name", &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "name");
    memset(buf, 'a', 5001);
    buf[5001] = '\0';
    struct vo_activity a = {.user_id = 1, .duration_s = VO_NULL, .outcome = buf};
    refused(vo_activity_validate(&a, &e), &e, "outcome");
    buf[5000] = '\0';
    cr_assert_eq(vo_activity_validate(&a, &e), VO_OK, "%s", e.msg);
    struct vo_client c = {.name = "c", .channel = "\xFF"};
    refused(vo_client_validate(&c, &e), &e, "channel");
}
