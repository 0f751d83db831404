/*
 * test_api_loss_reasons.c - the loss-reason dictionary through the real
 * HTTP server (docs/api-crm.md, "Loss reasons"): the Russian default set
 * of a new org, admin and head manage it, /lose by reason_id, by a
 * reason's name (the old free text, any case) and by any other text
 * ("Другое" with the text as the comment), the comment required for
 * "Другое", inactive reasons refused, reopen clearing it all; checked in
 * the answers and in the database rows.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, false, "Новая", "Переговоры", NULL);
}

TestSuite(api_loss_reasons, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* The id of the default reason called name. */
static int64_t reason_id(const char *name)
{
    json_t *items = vo_api_list(vo_api_user("anna"), "/api/v1/loss-reasons", SIZE_MAX);
    int64_t id = 0;
    for (size_t i = 0; i < json_array_size(items); i++)
        if (strcmp(jstr(json_array_get(items, i), "name"), name) == 0)
            id = jint(json_array_get(items, i), "id");
    json_decref(items);
    cr_assert(id > 0, "no reason %s", name);
    return id;
}

static int64_t new_deal(void)
{
    return vo_api_create(vo_api_user("anna"), "/api/v1/deals",
                         "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"amount\":5000}");
}

/* Loses a new deal with body; the answer must be status. The deal's id. */
static int64_t lose(const char *body, int status, const char *field)
{
    int64_t id = new_deal();
    const char *path = vo_api_fmt("/api/v1/deals/%lld/lose", (long long)id);
    vo_api_expect(vo_api_user("anna"), "POST", path, body, status, field, body);
    return id;
}

Test(api_loss_reasons, defaults_of_a_new_org)
{
    struct vo_test_resp r = as(vo_api_user("viewer"), "GET", "/api/v1/loss-reasons", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    static const char *const want[] = {"Дорого",          "Выбрали конкурента", "Нет бюджета",
                                       "Нет потребности", "Не дозвонились",     "Сроки не устроили",
                                       "Другое"};
    json_t *items = json_object_get(r.json, "items");
    cr_assert_eq(json_array_size(items), 7, "%s", r.body);
    for (size_t i = 0; i < 7; i++) {
        json_t *it = json_array_get(items, i);
        cr_assert_str_eq(jstr(it, "name"), want[i]);
        cr_assert_eq(jint(it, "position"), (json_int_t)i + 1);
        cr_assert(json_is_true(json_object_get(it, "active")));
        cr_assert_eq(json_is_true(json_object_get(it, "comment_required")), i == 6, "%s", want[i]);
    }
    vo_test_resp_free(&r);
}

Test(api_loss_reasons, lose_with_a_reason)
{
    const char *body = vo_api_fmt("{\"reason_id\":%lld}", (long long)reason_id("Дорого"));
    int64_t d = lose(body, 200, NULL);
    struct vo_deal_row row = vo_api_deal(d);
    cr_assert_eq(row.d.status, VO_DEAL_LOST);
    cr_assert_str_eq(row.d.loss_reason, "Дорого");
    cr_assert_eq(row.loss_reason_id, reason_id("Дорого"));
    cr_assert_null(row.loss_comment);

    /* "Другое" needs its comment */
    int64_t other = reason_id("Другое");
    body = vo_api_fmt("{\"reason_id\":%lld}", (long long)other);
    d = lose(body, 422, "comment");
    cr_assert_eq(vo_api_deal(d).d.status, VO_DEAL_OPEN);
    body = vo_api_fmt("{\"reason_id\":%lld,\"comment\":\"Ушли в другой город\"}", (long long)other);
    d = lose(body, 200, NULL);
    row = vo_api_deal(d);
    cr_assert_str_eq(row.d.loss_reason, "Другое");
    cr_assert_str_eq(row.loss_comment, "Ушли в другой город");

    /* the old free text: a reason's name in any case, else "Другое" */
    d = lose("{\"reason\":\"дорого\"}", 200, NULL);
    row = vo_api_deal(d);
    cr_assert_str_eq(row.d.loss_reason, "Дорого");
    cr_assert_eq(row.loss_reason_id, reason_id("Дорого"));
    d = lose("{\"reason\":\"Клиент пропал\"}", 200, NULL);
    row = vo_api_deal(d);
    cr_assert_str_eq(row.d.loss_reason, "Другое");
    cr_assert_eq(row.loss_reason_id, other);
    cr_assert_str_eq(row.loss_comment, "Клиент пропал");
    d = lose("{\"reason\":\"Клиент пропал\",\"comment\":\"второй раз\"}", 200, NULL);
    cr_assert_str_eq(vo_api_deal(d).loss_comment, "Клиент пропал: второй раз");

    /* the answer carries them too */
    int64_t id = new_deal();
    const char *path = vo_api_fmt("/api/v1/deals/%lld/lose", (long long)id);
    struct vo_test_resp r = as(vo_api_user("anna"), "POST", path,
                               "{\"reason\":\"Нет бюджета\",\"comment\":\"до весны\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "loss_reason"), "Нет бюджета");
    cr_assert_eq(jint(r.json, "loss_reason_id"), reason_id("Нет бюджета"));
    cr_assert_str_eq(jstr(r.json, "loss_comment"), "до весны");
    vo_test_resp_free(&r);
    /* reopening clears the reason, its id and the comment */
    const char *reopen = vo_api_fmt("/api/v1/deals/%lld/reopen", (long long)id);
    vo_api_expect(vo_api_user("head"), "POST", reopen, NULL, 200, NULL, NULL);
    row = vo_api_deal(id);
    cr_assert_null(row.d.loss_reason);
    cr_assert_eq(row.loss_reason_id, 0);
    cr_assert_null(row.loss_comment);

    /* no reason, a bad id */
    lose("{}", 422, "reason");
    lose("{\"reason_id\":999999}", 422, "reason_id");
    lose("{\"reason_id\":0}", 422, "reason_id");
    lose("{\"reason\":\"\"}", 422, "reason");
}

Test(api_loss_reasons, managed_by_admin_and_head)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_test_login *anna = vo_api_user("anna");
    vo_api_expect_all((const struct vo_api_case[]){
        {anna, "POST", "/api/v1/loss-reasons", "{\"name\":\"Ушли к партнёру\"}", 403, NULL, NULL},
        {head, "POST", "/api/v1/loss-reasons", "{\"name\":\"дорого\"}", 409, "name", NULL},
        {head, "POST", "/api/v1/loss-reasons", "{}", 422, "name", NULL},
        {head, "POST", "/api/v1/loss-reasons", "{\"name\":\"X\",\"position\":0}", 422, "position",
         NULL},
        {0}});
    struct vo_test_resp r =
        as(head, "POST", "/api/v1/loss-reasons", "{\"name\":\"Ушли к партнёру\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = jint(r.json, "id");
    cr_assert_eq(jint(r.json, "position"), 8);
    vo_test_resp_free(&r);
    /* deactivated: listed, marked, and no longer given to a loss */
    const char *path = vo_api_fmt("/api/v1/loss-reasons/%lld", (long long)id);
    r = as(head, "PATCH", path, "{\"active\":false,\"name\":\"Ушли к партнёрам\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_false(json_object_get(r.json, "active")));
    cr_assert_str_eq(jstr(r.json, "name"), "Ушли к партнёрам");
    vo_test_resp_free(&r);
    const char *body = vo_api_fmt("{\"reason_id\":%lld}", (long long)id);
    lose(body, 422, "reason_id");
    /* its name as free text no longer matches it: "Другое" */
    int64_t d = lose("{\"reason\":\"Ушли к партнёрам\"}", 200, NULL);
    cr_assert_str_eq(vo_api_deal(d).d.loss_reason, "Другое");
    vo_api_expect(head, "PATCH", path, "{\"name\":\"Дорого\"}", 409, "name", NULL);
}
