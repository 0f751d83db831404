/*
 * test_api_undo.c - undoing a win or a loss (docs/api-crm.md, "Undo"):
 * the actor, within 30 seconds, while the deal has not changed since; the
 * deal back exactly as it was (status, closed_at, amount, loss reason);
 * everyone else, a second undo, a change in between and a late undo are
 * 409 naming "undo". The deadline is checked through the service with a
 * pinned instant (vo_svc_deal_undo_at), so the test does not wait.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "api_fixture.h"
#include "base/timeutil.h"
#include "http/http.h"
#include "service/crm.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Переговоры", NULL);
}

TestSuite(api_undo, .init = setup, .fini = vo_api_stop, .timeout = 120);

Test(api_undo, win_and_lose_undone_exactly)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t id = vo_api_create(anna, "/api/v1/deals", "{\"title\":\"Д\",\"pipeline\":\"Продажи\"}");
    const char *win = vo_api_deal_path(id, "/win"), *lose = vo_api_deal_path(id, "/lose"),
               *undo = vo_api_deal_path(id, "/undo");
    struct vo_deal_row before = vo_api_deal(id);
    /* a win with an amount the deal did not have */
    vo_api_expect(anna, "POST", win, "{\"amount\":500000}", 200, NULL, NULL);
    cr_assert_eq(vo_api_deal(id).d.amount, 500000);
    int64_t audit = vo_api_count("audit_log");
    struct vo_test_resp r = as(anna, "POST", undo, NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "open");
    cr_assert(json_is_null(json_object_get(r.json, "amount")), "%s", r.body);
    cr_assert(json_is_null(json_object_get(r.json, "closed_at")), "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("audit_log"), audit + 1);
    struct vo_deal_row after = vo_api_deal(id);
    cr_assert_eq(after.d.status, VO_DEAL_OPEN);
    cr_assert_eq(after.d.amount, VO_NULL);
    cr_assert_eq(after.d.closed_at, VO_NULL);
    cr_assert_eq(after.d.stage_id, before.d.stage_id);
    /* a second undo has nothing to undo */
    vo_api_expect(anna, "POST", undo, NULL, 409, "undo", NULL);

    /* a loss: reason, id and comment go */
    vo_api_expect(anna, "POST", lose, "{\"reason\":\"Нет бюджета\",\"comment\":\"до весны\"}", 200,
                  NULL, NULL);
    cr_assert_str_eq(vo_api_deal(id).d.loss_reason, "Нет бюджета");
    vo_api_expect(anna, "POST", undo, NULL, 200, NULL, NULL);
    after = vo_api_deal(id);
    cr_assert_eq(after.d.status, VO_DEAL_OPEN);
    cr_assert_null(after.d.loss_reason);
    cr_assert_eq(after.loss_reason_id, 0);
    cr_assert_null(after.loss_comment);
    cr_assert_eq(after.d.closed_at, VO_NULL);
}

Test(api_undo, only_the_actor_and_only_unchanged)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_test_login *boris = vo_api_user("boris");
    int64_t id = vo_api_create(anna, "/api/v1/deals",
                               "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"amount\":100}");
    const char *path = vo_api_deal_path(id, ""), *win = vo_api_deal_path(id, "/win"),
               *undo = vo_api_deal_path(id, "/undo");
    vo_api_expect(anna, "POST", undo, NULL, 409, "undo", "an open deal");
    vo_api_expect(anna, "POST", win, "{}", 200, NULL, NULL);
    vo_api_expect_all((const struct vo_api_case[]){
        {boris, "POST", undo, NULL, 404, NULL, NULL},  /* not his deal */
        {head, "POST", undo, NULL, 409, "undo", NULL}, /* not who won it: reopen is hers */
        {vo_api_user("viewer"), "POST", undo, NULL, 403, NULL, NULL},
        {0}});
    cr_assert_eq(vo_api_deal(id).d.status, VO_DEAL_WON);
    /* a change after the win: no undo */
    vo_api_expect(anna, "PATCH", path, "{\"title\":\"Д2\"}", 200, NULL, NULL);
    vo_api_expect(anna, "POST", undo, NULL, 409, "undo", "changed since");
    cr_assert_eq(vo_api_deal(id).d.status, VO_DEAL_WON);
}

/* The deadline: 30 seconds after the close is in time, 31 is not. */
Test(api_undo, thirty_seconds)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t ids[2];
    for (int i = 0; i < 2; i++) {
        ids[i] = vo_api_create(anna, "/api/v1/deals",
                               "{\"title\":\"Д\",\"pipeline\":\"Продажи\",\"amount\":100}");
        const char *win = vo_api_deal_path(ids[i], "/win");
        vo_api_expect(anna, "POST", win, "{}", 200, NULL, NULL);
    }
    struct vo_store *st = vo_api_open(0);
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_svc svc;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_init(&svc, st, vo_api.org_id, &a, &e), VO_OK, "%s", e.msg);
    svc.actor_id = vo_api.manager_id;
    svc.actor_role = VO_ROLE_MANAGER;
    int64_t closed = vo_api_deal(ids[0]).d.closed_at;
    cr_assert_eq(vo_svc_deal_undo_at(&svc, ids[0], closed + VO_DEAL_UNDO_S + 1, &e), VO_ECONFLICT);
    cr_assert_str_eq(e.field, "undo");
    cr_assert_eq(vo_api_deal(ids[0]).d.status, VO_DEAL_WON);
    closed = vo_api_deal(ids[1]).d.closed_at;
    cr_assert_eq(vo_svc_deal_undo_at(&svc, ids[1], closed + VO_DEAL_UNDO_S, &e), VO_OK, "%s",
                 e.msg);
    cr_assert_eq(vo_api_deal(ids[1]).d.status, VO_DEAL_OPEN);
    cr_assert_eq(vo_api_deal(ids[1]).d.amount, 100);
    vo_svc_cleanup(&svc);
    vo_arena_cleanup(&a);
    vo_store_close(st);
}
