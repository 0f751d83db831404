/*
 * test_api_onboarding.c - onboarding through the real HTTP server (issue
 * 14, item 2; docs/onboarding.md): a candidate hired becomes an active
 * user with their onboarding plan (the default template's six items, due
 * from the start date, the mentor notified); items marked by the
 * newcomer and the mentor, the last one closing the plan; who reads and
 * marks whose plan (a manager their own and their mentees': 403 on the
 * org-wide list, 404 on another's plan); the template edited by the
 * head; bad input naming the field; and the ramp-up's figures worked out
 * by hand.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Переговоры", NULL);
}

TestSuite(api_onboarding, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define BASE      "/api/v1/onboarding"
#define TEMPLATES "/api/v1/onboarding/templates"

static const char *plan(int64_t id, const char *tail)
{
    return vo_api_fmt(BASE "/%lld%s", (long long)id, tail);
}

static double jreal(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

/* GET path as l, which must answer 200; the body (json_decref). */
static json_t *get(const struct vo_test_login *l, const char *path)
{
    struct vo_test_resp r = as(l, "GET", path, NULL);
    cr_assert_eq(r.status, 200, "GET %s: %d %s", path, r.status, r.body);
    json_t *o = json_incref(r.json);
    vo_test_resp_free(&r);
    return o;
}

/* Hires a new candidate "Вера Новикова" (vera@example.com) starting on
 * start with mentor (0: none); the answer's body (json_decref). */
static json_t *hire_vera(const char *start, int64_t mentor)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t v = vo_api_create(head, "/api/v1/vacancies", "{\"title\":\"Менеджер\"}");
    int64_t c =
        vo_api_create(head, "/api/v1/candidates",
                      vo_api_fmt("{\"vacancy_id\":%lld,\"name\":\"Вера Новикова\"}", (long long)v));
    const char *m = mentor ? vo_api_fmt(",\"mentor_id\":%lld", (long long)mentor) : "";
    struct vo_test_resp r =
        as(head, "POST", vo_api_fmt("/api/v1/candidates/%lld/hire", (long long)c),
           vo_api_fmt("{\"email\":\"vera@example.com\",\"start_date\":\"%s\"%s}", start, m));
    cr_assert_eq(r.status, 201, "%s", r.body);
    json_t *o = json_incref(r.json);
    vo_test_resp_free(&r);
    return o;
}

/* The unread onboarding notifications of l. */
static size_t onboarding_notes(const struct vo_test_login *l)
{
    json_t *v = vo_api_list(l, "/api/v1/notifications", SIZE_MAX);
    size_t n = 0, i;
    json_t *x;
    json_array_foreach(v, i, x) n += strcmp(jstr(x, "kind"), "onboarding") == 0;
    json_decref(v);
    return n;
}

Test(api_onboarding, a_hired_candidate_is_an_active_user_with_the_plan_started)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    int64_t mentor = vo_api.manager_id; /* anna */
    json_t *h = hire_vera("2026-02-02", mentor);
    int64_t user = jint(h, "user_id"), id = jint(h, "onboarding_id");
    cr_assert_gt(id, 0);
    json_decref(h);

    /* the user: active, a manager */
    json_t *u = get(head, vo_api_fmt("/api/v1/users/%lld", (long long)user));
    cr_assert_str_eq(jstr(u, "role"), "manager");
    cr_assert(json_is_true(json_object_get(u, "active")));
    json_decref(u);

    /* the plan: the manager's default template of six items, due from
     * 2026-02-02 (+3, +3, +5, +10, +20, +30 days) */
    json_t *p = get(head, plan(id, ""));
    cr_assert_eq(jint(p, "user_id"), user);
    cr_assert_eq(jint(p, "mentor_id"), mentor);
    cr_assert_str_eq(jstr(p, "start_date"), "2026-02-02");
    cr_assert_str_eq(jstr(p, "status"), "open");
    cr_assert_str_eq(jstr(p, "role"), "manager");
    cr_assert_eq(jint(p, "total"), 6);
    cr_assert_eq(jint(p, "done"), 0);
    static const char *const due[] = {"2026-02-05", "2026-02-05", "2026-02-07",
                                      "2026-02-12", "2026-02-22", "2026-03-04"};
    static const char *const kinds[] = {
        "product", "crm", "scripts", "calls_with_mentor", "calls_with_mentor", "attestation"};
    json_t *items = json_object_get(p, "items");
    cr_assert_eq(json_array_size(items), 6);
    for (size_t i = 0; i < 6; i++) {
        json_t *it = json_array_get(items, i);
        cr_assert_eq(jint(it, "n"), (json_int_t)i + 1);
        cr_assert_str_eq(jstr(it, "due_date"), due[i]);
        cr_assert_str_eq(jstr(it, "kind"), kinds[i]);
        cr_assert(json_is_false(json_object_get(it, "done")));
    }
    cr_assert_str_eq(jstr(json_array_get(items, 3), "title"), "Первые звонки с наставником");
    json_decref(p);
    cr_assert_eq(vo_api_items(vo_api_user("head"), BASE), 1);
    cr_assert_eq(vo_api_audit("onboarding.start", "onboarding", -1), 1);
    cr_assert_eq(vo_api_audit("candidate.hire", NULL, -1), 1);
    /* the mentor was told */
    cr_assert_eq(onboarding_notes(anna), 1);
}

Test(api_onboarding, a_failed_hire_starts_no_plan)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t v = vo_api_create(head, "/api/v1/vacancies", "{\"title\":\"Менеджер\"}");
    int64_t c = vo_api_create(head, "/api/v1/candidates",
                              vo_api_fmt("{\"vacancy_id\":%lld,\"name\":\"Олег\"}", (long long)v));
    const char *path = vo_api_fmt("/api/v1/candidates/%lld/hire", (long long)c);
    /* a mentor who is no user: nothing made, the candidate not hired */
    vo_api_expect(head, "POST", path, "{\"email\":\"oleg@example.com\",\"mentor_id\":9999}", 422,
                  "mentor_id", "a mentor who is no user");
    vo_api_expect(head, "POST", path,
                  vo_api_fmt("{\"email\":\"oleg@example.com\",\"mentor_id\":%lld}",
                             (long long)vo_api.viewer_id),
                  422, "mentor_id", "a viewer mentors nobody");
    cr_assert_eq(vo_api_items(vo_api_user("head"), BASE), 0);
    json_t *x = get(head, vo_api_fmt("/api/v1/candidates/%lld", (long long)c));
    cr_assert_str_neq(jstr(x, "stage"), "hired");
    json_decref(x);
    /* an administrator hired: no plan (onboarding_id null) */
    struct vo_test_resp r = as(vo_api_user("admin"), "POST", path,
                               "{\"email\":\"oleg@example.com\",\"role\":\"admin\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert(json_is_null(json_object_get(r.json, "onboarding_id")));
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_items(vo_api_user("head"), BASE), 0);
}

Test(api_onboarding, items_marked_progress_and_closing)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna"),
                               *boris = vo_api_user("boris");
    /* boris's plan started by hand, anna his mentor, from 2025-03-03:
     * every item is overdue (due 2025-04-02 at the latest) */
    int64_t id =
        vo_api_create(head, BASE,
                      vo_api_fmt("{\"user_id\":%lld,\"mentor_id\":%lld,"
                                 "\"start_date\":\"2025-03-03\"}",
                                 (long long)vo_api_boris_id, (long long)vo_api.manager_id));
    cr_assert_eq(onboarding_notes(boris), 1);
    cr_assert_eq(onboarding_notes(anna), 1);
    json_t *p = get(head, plan(id, ""));
    cr_assert_eq(jint(p, "overdue"), 6);
    json_decref(p);

    /* the newcomer ticks item 1, the mentor item 2, the head item 3 */
    vo_api_expect(boris, "PATCH", plan(id, "/items/1"), "{\"done\":true}", 200, NULL, NULL);
    vo_api_expect(anna, "PATCH", plan(id, "/items/2"), "{\"done\":true}", 200, NULL, NULL);
    struct vo_test_resp r = as(head, "PATCH", plan(id, "/items/3"), "{\"done\":true}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "done"), 3);
    cr_assert_eq(jint(r.json, "overdue"), 3);
    json_t *it = json_array_get(json_object_get(r.json, "items"), 1);
    cr_assert(json_is_true(json_object_get(it, "done")));
    cr_assert_eq(jint(it, "done_by_id"), vo_api.manager_id);
    cr_assert_str_eq(jstr(it, "done_by"), "Анна Менеджер");
    cr_assert(json_is_false(json_object_get(it, "overdue")));
    vo_test_resp_free(&r);
    /* undone again */
    r = as(boris, "PATCH", plan(id, "/items/1"), "{\"done\":false}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(jint(r.json, "done"), 2);
    vo_test_resp_free(&r);

    /* the list with its progress: the head's, boris's own, anna's mentees */
    json_t *v = vo_api_list(head, BASE, 1);
    cr_assert_eq(jint(json_array_get(v, 0), "done"), 2);
    cr_assert_eq(jint(json_array_get(v, 0), "total"), 6);
    cr_assert_eq(jint(json_array_get(v, 0), "overdue"), 4);
    json_decref(v);
    cr_assert_eq(vo_api_items(boris, vo_api_fmt(BASE "?user_id=%lld", (long long)vo_api_boris_id)),
                 1);
    cr_assert_eq(
        vo_api_items(anna, vo_api_fmt(BASE "?mentor_id=%lld", (long long)vo_api.manager_id)), 1);
    cr_assert_eq(vo_api_items(vo_api_user("viewer"), BASE), 1);

    /* every item done: the plan closes; a closed plan takes no mark */
    for (int n = 1; n <= 6; n++)
        vo_api_expect(boris, "PATCH", plan(id, vo_api_fmt("/items/%d", n)), "{\"done\":true}", 200,
                      NULL, NULL);
    p = get(head, plan(id, ""));
    cr_assert_str_eq(jstr(p, "status"), "closed");
    cr_assert_eq(jint(p, "done"), 6);
    cr_assert_eq(jint(p, "overdue"), 0);
    cr_assert(!json_is_null(json_object_get(p, "closed_at")));
    json_decref(p);
    vo_api_expect(boris, "PATCH", plan(id, "/items/1"), "{\"done\":false}", 409, "status",
                  "a closed plan");
    /* the head reopens it, changes the mentor, closes it by hand */
    r = as(head, "PATCH", plan(id, ""), "{\"status\":\"open\",\"mentor_id\":null}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "open");
    cr_assert(json_is_null(json_object_get(r.json, "mentor_id")));
    vo_test_resp_free(&r);
    vo_api_expect(head, "PATCH", plan(id, ""), "{\"status\":\"closed\"}", 200, NULL, NULL);
    cr_assert_eq(vo_api_audit("onboarding.item", "onboarding", -1), 10);
    cr_assert_eq(vo_api_audit("onboarding.update", "onboarding", -1), 2);
}

Test(api_onboarding, who_reads_and_marks_whose_plan)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna"),
                               *boris = vo_api_user("boris"), *viewer = vo_api_user("viewer");
    int64_t b = vo_api_create(
        head, BASE,
        vo_api_fmt("{\"user_id\":%lld,\"start_date\":\"2025-03-03\"}", (long long)vo_api_boris_id));
    json_t *h = hire_vera("2026-02-02", vo_api_boris_id); /* boris mentors Вера */
    int64_t vera = jint(h, "onboarding_id");
    json_decref(h);
    const struct vo_api_case cases[] = {
        /* a manager: no org-wide list, nor another's */
        {anna, "GET", BASE, NULL, 403, "user_id", "anna: the org-wide list"},
        {anna, "GET", vo_api_fmt(BASE "?user_id=%lld", (long long)vo_api_boris_id), NULL, 403,
         "user_id", "anna: boris's list"},
        {anna, "GET", plan(b, ""), NULL, 404, "id", "anna: boris's plan"},
        {anna, "GET", plan(b, "/rampup"), NULL, 404, "id", "anna: boris's ramp-up"},
        {anna, "PATCH", plan(b, "/items/1"), "{\"done\":true}", 404, "id", "anna: boris's item"},
        {anna, "GET", plan(vera, ""), NULL, 404, "id", "anna: Вера's plan"},
        /* boris: his own, and Вера's as her mentor */
        {boris, "GET", plan(b, ""), NULL, 200, NULL, NULL},
        {boris, "GET", plan(vera, ""), NULL, 200, NULL, NULL},
        {boris, "PATCH", plan(vera, "/items/4"), "{\"done\":true}", 200, NULL, NULL},
        /* the plans and templates are run by the head and an admin */
        {boris, "POST", BASE, vo_api_fmt("{\"user_id\":%lld}", (long long)vo_api.manager_id), 403,
         NULL, "a manager starts no plan"},
        {boris, "PATCH", plan(b, ""), "{\"status\":\"closed\"}", 403, NULL,
         "a manager closes no plan"},
        {boris, "PUT", TEMPLATES,
         "{\"role\":\"manager\",\"items\":[{\"title\":\"Х\",\"kind\":\"crm\",\"due_day\":1}]}", 403,
         NULL, "a manager edits no template"},
        /* a viewer reads, marks nothing */
        {viewer, "GET", plan(b, ""), NULL, 200, NULL, NULL},
        {viewer, "PATCH", plan(b, "/items/1"), "{\"done\":true}", 403, NULL, "a viewer marks"},
        {head, "GET", plan(9999, ""), NULL, 404, "id", "no plan"},
        {head, "PATCH", plan(b, "/items/99"), "{\"done\":true}", 404, "n", "no item 99"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
    cr_assert_eq(
        vo_api_items(boris, vo_api_fmt(BASE "?mentor_id=%lld", (long long)vo_api_boris_id)), 1);
    cr_assert_eq(vo_api_items(head, BASE), 2);
}

Test(api_onboarding, bad_input_names_the_field)
{
    const struct vo_test_login *head = vo_api_user("head");
    const char *boris = vo_api_fmt("%lld", (long long)vo_api_boris_id);
    vo_api_create(head, BASE, vo_api_fmt("{\"user_id\":%s}", boris));
    const struct vo_api_case cases[] = {
        {head, "POST", BASE, "{}", 422, "user_id", "no user_id"},
        {head, "POST", BASE, "{\"user_id\":9999}", 422, "user_id", "no such user"},
        {head, "POST", BASE, vo_api_fmt("{\"user_id\":%lld}", (long long)vo_api.viewer_id), 422,
         "user_id", "a viewer has no onboarding"},
        {head, "POST", BASE, vo_api_fmt("{\"user_id\":%s}", boris), 409, "user_id",
         "a second plan"},
        {head, "POST", BASE,
         vo_api_fmt("{\"user_id\":%lld,\"start_date\":\"2026-02-30\"}",
                    (long long)vo_api.manager_id),
         422, "start_date", "a bad date"},
        {head, "POST", BASE,
         vo_api_fmt("{\"user_id\":%lld,\"mentor_id\":%lld}", (long long)vo_api.manager_id,
                    (long long)vo_api.manager_id),
         422, "mentor_id", "one's own mentor"},
        {head, "POST", BASE, "{\"user_id\":1,\"owner\":2}", 422, "owner", "an unknown field"},
        {head, "PUT", TEMPLATES, "{\"role\":\"manager\",\"items\":[]}", 422, "items",
         "an empty template"},
        {head, "PUT", TEMPLATES,
         "{\"role\":\"boss\",\"items\":[{\"title\":\"А\",\"kind\":\"crm\",\"due_day\":1}]}", 422,
         "role", "a bad role"},
        {head, "PUT", TEMPLATES,
         "{\"role\":\"manager\",\"items\":[{\"title\":\"А\",\"kind\":\"crm\",\"due_day\":1},"
         "{\"title\":\"Б\",\"kind\":\"crm\",\"due_day\":400}]}",
         422, "items[1].due_day", "due_day beyond 365"},
        {head, "PUT", TEMPLATES,
         "{\"role\":\"manager\",\"items\":[{\"title\":\"А\",\"kind\":\"sales\",\"due_day\":1}]}",
         422, "items[0].kind", "a bad kind"},
        {head, "PUT", TEMPLATES,
         "{\"role\":\"manager\",\"items\":[{\"title\":\"\",\"kind\":\"crm\",\"due_day\":1}]}", 422,
         "items[0].title", "no title"},
        {head, "PUT", TEMPLATES,
         "{\"role\":\"manager\",\"items\":[{\"title\":\"А\",\"kind\":\"crm\",\"due_day\":1,"
         "\"document_id\":777}]}",
         422, "items[0].document_id", "no such document"},
        {head, "PATCH", plan(1, "/items/1"), "{}", 422, "done", "done required"},
        {head, "PATCH", plan(1, ""), "{\"status\":\"done\"}", 422, "status", "a bad status"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
}

Test(api_onboarding, the_template_edited_applies_to_the_next_plan)
{
    const struct vo_test_login *head = vo_api_user("head");
    /* the defaults, made on first read */
    json_t *t = get(head, TEMPLATES);
    cr_assert_eq(json_array_size(json_object_get(t, "manager")), 6);
    cr_assert_eq(json_array_size(json_object_get(t, "head")), 5);
    json_decref(t);
    int64_t doc = vo_api_create(head, "/api/v1/documents",
                                "{\"kind\":\"script\",\"title\":\"Холодный звонок\","
                                "\"body\":\"Добрый день\"}");
    struct vo_test_resp r =
        as(head, "PUT", TEMPLATES,
           vo_api_fmt("{\"role\":\"manager\",\"items\":[{\"title\":\"Скрипт холодного звонка\","
                      "\"kind\":\"scripts\",\"due_day\":0,\"document_id\":%lld},"
                      "{\"title\":\"Аттестация\",\"kind\":\"attestation\",\"due_day\":14}]}",
                      (long long)doc));
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *m = json_object_get(r.json, "manager");
    cr_assert_eq(json_array_size(m), 2);
    cr_assert_str_eq(jstr(json_array_get(m, 0), "document"), "Холодный звонок");
    vo_test_resp_free(&r);
    int64_t id = vo_api_create(head, BASE,
                               vo_api_fmt("{\"user_id\":%lld,\"start_date\":\"2026-01-30\"}",
                                          (long long)vo_api.manager_id));
    json_t *p = get(head, plan(id, ""));
    json_t *items = json_object_get(p, "items");
    cr_assert_eq(json_array_size(items), 2);
    cr_assert_str_eq(jstr(json_array_get(items, 0), "due_date"), "2026-01-30");
    cr_assert_eq(jint(json_array_get(items, 0), "document_id"), doc);
    cr_assert_str_eq(jstr(json_array_get(items, 1), "due_date"), "2026-02-13");
    json_decref(p);
    cr_assert_eq(vo_api_audit("onboarding_template.update", NULL, -1), 1);
}

/* An activity of user at (the org's local time). */
static void act(const char *type, int64_t user, const char *at)
{
    vo_api_create(
        vo_api_user("head"), "/api/v1/activities",
        vo_api_fmt("{\"type\":\"%s\",\"at\":\"%s\",\"user_id\":%lld}", type, at, (long long)user));
}

/* A deal of owner won for amount, created and closed on those dates (noon UTC). */
static void won(int64_t owner, long amount, const char *created, const char *closed)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t d = vo_api_create(head, "/api/v1/deals",
                              vo_api_fmt("{\"title\":\"Сделка\",\"pipeline\":\"Продажи\","
                                         "\"owner_id\":%lld,\"amount\":%ld}",
                                         (long long)owner, amount));
    vo_api_expect(head, "POST", vo_api_deal_path(d, "/win"), "{}", 200, NULL, NULL);
    int64_t c = vo_test_utc(vo_api_fmt("%sT12:00:00", created));
    int64_t w = vo_test_utc(vo_api_fmt("%sT12:00:00", closed));
    vo_api_sql(vo_api_fmt("UPDATE deals SET created_at = %lld, closed_at = %lld WHERE id = %lld; "
                          "UPDATE stage_changes SET at = %lld WHERE deal_id = %lld",
                          (long long)c, (long long)w, (long long)d, (long long)c, (long long)d));
}

/*
 * The ramp-up by hand. Tenure months are 30 days from the start date.
 * boris, the newcomer, starts on 2025-03-01: month 1 [03-01, 03-31),
 * month 2 [03-31, 04-30), month 3 [04-30, 05-30).
 * anna, no plan: her tenure starts on her first activity, 2025-01-01:
 * months [01-01, 01-31), [01-31, 03-02), [03-02, 04-01).
 * Вера, hired with her plan starting on 2024-11-01: months
 * [11-01, 12-01), [12-01, 12-31), [12-31, 2025-01-30).
 *
 *            boris                    anna                 Вера            average
 * month 1    calls 2                  calls 2, meetings 1  calls 4         calls 3, meetings 0.5
 * month 2    meetings 1, won 1 (500)  calls 1, won 1 (1000) -              calls 0.5, won 0.5,
 *                                                                          revenue 500, meetings 0
 * month 3    calls 1                  calls 1              meetings 1      calls 0.5, meetings 0.5
 * (revenue in minor units ×100: 50000 and 100000, the average 50000)
 */
Test(api_onboarding, rampup_against_the_department_at_the_same_tenure)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t anna = vo_api.manager_id, boris = vo_api_boris_id;
    json_t *h = hire_vera("2024-11-01", 0);
    int64_t vera = jint(h, "user_id");
    json_decref(h);
    int64_t id = vo_api_create(
        head, BASE,
        vo_api_fmt("{\"user_id\":%lld,\"start_date\":\"2025-03-01\"}", (long long)boris));
    /* boris */
    act("call", boris, "2025-03-01T09:00");
    act("call", boris, "2025-03-30T23:00");
    act("meeting", boris, "2025-03-31T00:30");
    act("call", boris, "2025-05-01T10:00");
    won(boris, 50000, "2025-03-02", "2025-04-10");
    /* anna */
    act("call", anna, "2025-01-01T10:00");
    act("call", anna, "2025-01-20T10:00");
    act("meeting", anna, "2025-01-30T18:00");
    act("call", anna, "2025-01-31T09:00");
    act("call", anna, "2025-03-05T10:00");
    won(anna, 100000, "2025-01-05", "2025-02-15");
    /* Вера */
    act("call", vera, "2024-11-10T10:00");
    act("call", vera, "2024-11-11T10:00");
    act("call", vera, "2024-11-12T10:00");
    act("call", vera, "2024-11-13T10:00");
    act("meeting", vera, "2025-01-15T10:00");

    json_t *r = get(head, plan(id, "/rampup"));
    cr_assert_eq(jint(r, "month_days"), 30);
    cr_assert_str_eq(jstr(r, "start_date"), "2025-03-01");
    json_t *months = json_object_get(r, "months");
    cr_assert_eq(json_array_size(months), 12); /* at most 12, all ended long ago */
    static const struct {
        const char *from, *to;
        json_int_t revenue, won, calls, meetings;
        double a_revenue, a_won, a_calls, a_meetings;
    } want[] = {
        {"2025-03-01", "2025-03-31", 0, 0, 2, 0, 0, 0, 3, 0.5},
        {"2025-03-31", "2025-04-30", 50000, 1, 0, 1, 50000, 0.5, 0.5, 0},
        {"2025-04-30", "2025-05-30", 0, 0, 1, 0, 0, 0, 0.5, 0.5},
    };
    for (size_t i = 0; i < 3; i++) {
        json_t *m = json_array_get(months, i), *f = json_object_get(m, "fact"),
               *a = json_object_get(m, "average");
        cr_assert_eq(jint(m, "month"), (json_int_t)i + 1);
        cr_assert_str_eq(jstr(m, "from"), want[i].from);
        cr_assert_str_eq(jstr(m, "to"), want[i].to);
        cr_assert(json_is_true(json_object_get(m, "complete")));
        cr_assert_eq(jint(m, "peers"), 2, "month %zu", i + 1);
        cr_assert_eq(jint(f, "revenue"), want[i].revenue, "month %zu", i + 1);
        cr_assert_eq(jint(f, "deals_won"), want[i].won, "month %zu", i + 1);
        cr_assert_eq(jint(f, "calls"), want[i].calls, "month %zu", i + 1);
        cr_assert_eq(jint(f, "meetings"), want[i].meetings, "month %zu", i + 1);
        cr_assert_float_eq(jreal(a, "revenue"), want[i].a_revenue, 1e-9, "month %zu", i + 1);
        cr_assert_float_eq(jreal(a, "deals_won"), want[i].a_won, 1e-9, "month %zu", i + 1);
        cr_assert_float_eq(jreal(a, "calls"), want[i].a_calls, 1e-9, "month %zu", i + 1);
        cr_assert_float_eq(jreal(a, "meetings"), want[i].a_meetings, 1e-9, "month %zu", i + 1);
    }
    json_decref(r);
}
