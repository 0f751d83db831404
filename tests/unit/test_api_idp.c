/*
 * test_api_idp.c - development plans, ИПР, through the real HTTP server
 * (issue 14, item 7; docs/idp.md). A small pinned dataset of anna's:
 *   calls at 28.10, 03.11, 10.11, 20.11 and 25.11 2026, 10:00 local;
 *   four deals created on 05.11 in «Новая»: one moved to «Встреча» then
 *   «КП», two moved to «Встреча», one left in «Новая».
 * By hand from METRICS.md, as of the end of 24.11.2026:
 *   calls in the month window [01.11, 30.11] counted before 25.11: 03.11,
 *   10.11, 20.11 = 3 (28.10 before, 25.11 after as_of); in the last 7
 *   days [18.11, 24.11]: 1;
 *   the funnel step Встреча -> КП of the cohort created in November:
 *   reached(Встреча) = 3, reached(КП) = 1: 1 / 3 = 33.3%.
 * Then the state changes (goal status by PATCH and by a check-in, an
 * action ticked by the manager, the plan closed and a new one opened, a
 * second active plan refused), who reads and writes what, and the bad
 * input naming its field.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "api_fixture.h"
#include "base/timeutil.h"
#include "http/http.h"
#include "service/notify.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, true, "Новая", "Встреча", "КП", NULL);
}

TestSuite(api_idp, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define IDP "/api/v1/idp"

static const char *path(const char *fmt, int64_t id)
{
    return vo_api_fmt(fmt, (long long)id);
}

static int64_t instant(const char *s)
{
    GTimeZone *tz = g_time_zone_new_identifier("Europe/Moscow");
    int64_t t = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_time_parse(s, tz, &t, "t", &e), VO_OK, "%s", e.msg);
    g_time_zone_unref(tz);
    return t;
}

static double jreal(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

/* The id of anna's stage named name. */
static int64_t stage(const char *name)
{
    json_t *p = vo_api_get_json("head", "/api/v1/pipelines", 200);
    json_t *items = json_object_get(p, "items");
    int64_t id = 0;
    for (size_t i = 0; i < json_array_size(items); i++) {
        json_t *st = json_object_get(json_array_get(items, i), "stages");
        for (size_t k = 0; k < json_array_size(st); k++)
            if (strcmp(jstr(json_array_get(st, k), "name"), name) == 0)
                id = jint(json_array_get(st, k), "id");
    }
    json_decref(p);
    cr_assert(id > 0, "no stage %s", name);
    return id;
}

/* The pinned dataset of the header. */
static void pinned_data(void)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    static const char *const moves[4][2] = {
        {"Встреча", "КП"}, {"Встреча", NULL}, {"Встреча", NULL}, {NULL, NULL}};
    int64_t first = 0, last = 0;
    for (int i = 0; i < 4; i++) {
        int64_t d = vo_api_create(
            anna, "/api/v1/deals",
            vo_api_fmt("{\"title\":\"Сделка %d\",\"pipeline\":\"Продажи\",\"amount\":1000}", i));
        first = first ? first : d;
        last = d;
        for (int k = 0; k < 2 && moves[i][k]; k++)
            vo_api_expect(anna, "POST", vo_api_deal_path(d, "/move"),
                          vo_api_fmt("{\"stage\":\"%s\"}", moves[i][k]), 200, NULL, NULL);
    }
    static const char *const calls[] = {"2026-10-28T10:00", "2026-11-03T10:00", "2026-11-10T10:00",
                                        "2026-11-20T10:00", "2026-11-25T10:00"};
    for (size_t i = 0; i < 5; i++)
        vo_api_create(anna, "/api/v1/activities",
                      vo_api_fmt("{\"type\":\"call\",\"at\":\"%s\",\"deal_id\":%lld,"
                                 "\"duration_s\":60}",
                                 calls[i], (long long)last));
    /* the deals' past: created on 05.11 10:00, each move a second after
     * the one before (the stage changes' ids keep their order) */
    long long t0 = (long long)instant("2026-11-05T10:00");
    vo_api_sql(vo_api_fmt("UPDATE deals SET created_at = %lld WHERE id BETWEEN %lld AND %lld; "
                          "UPDATE stage_changes SET at = %lld + id WHERE deal_id BETWEEN %lld AND "
                          "%lld",
                          t0, (long long)first, (long long)last, t0, (long long)first,
                          (long long)last));
}

static int64_t new_plan(int64_t user, const char *title)
{
    return vo_api_create(vo_api_user("head"), IDP,
                         vo_api_fmt("{\"user_id\":%lld,\"title\":\"%s\",\"period_from\":"
                                    "\"2026-11-01\",\"period_to\":\"2027-01-31\"}",
                                    (long long)user, title));
}

/* The goal id in plan json (borrowed). */
static json_t *goal_of(json_t *plan, int64_t id)
{
    json_t *g = json_object_get(plan, "goals");
    for (size_t i = 0; i < json_array_size(g); i++)
        if (jint(json_array_get(g, i), "id") == id)
            return json_array_get(g, i);
    cr_assert_fail("no goal %lld", (long long)id);
    return NULL;
}

Test(api_idp, metric_goals_show_the_datasets_figures)
{
    const struct vo_test_login *head = vo_api_user("head");
    pinned_data();
    int64_t plan = new_plan(vo_api.manager_id, "ИПР Анны");
    int64_t meet = stage("Встреча"), kp = stage("КП");
    int64_t calls = vo_api_create(head, path(IDP "/%lld/goals", plan),
                                  "{\"title\":\"Звонки\",\"due_on\":\"2026-11-30\","
                                  "\"metric\":\"calls\",\"target\":10}");
    int64_t week = vo_api_create(head, path(IDP "/%lld/goals", plan),
                                 "{\"title\":\"Звонки за неделю\",\"due_on\":\"2026-12-31\","
                                 "\"metric\":\"calls\",\"target\":5,\"window\":\"days\","
                                 "\"window_days\":7}");
    int64_t step = vo_api_create(
        head, path(IDP "/%lld/goals", plan),
        vo_api_fmt("{\"title\":\"Конверсия Встреча -> КП до 35%%\",\"due_on\":\"2026-12-31\","
                   "\"metric\":\"funnel_step\",\"from_stage_id\":%lld,\"to_stage_id\":%lld,"
                   "\"target\":35}",
                   (long long)meet, (long long)kp));
    int64_t skill = vo_api_create(head, path(IDP "/%lld/goals", plan),
                                  "{\"kind\":\"skill\",\"title\":\"Работа с возражениями\","
                                  "\"due_on\":\"2027-01-31\",\"target_level\":4,\"level\":2}");

    json_t *p = vo_api_get_json("viewer", path(IDP "/%lld?as_of=2026-11-24", plan), 200);
    json_t *g = goal_of(p, calls);
    cr_assert_eq(jreal(g, "current"), 3.0, "calls 03.11, 10.11, 20.11");
    cr_assert_eq(jreal(g, "target"), 10.0);
    cr_assert_eq(jreal(g, "progress"), 0.3);
    cr_assert_str_eq(jstr(g, "window_from"), "2026-11-01");
    cr_assert_str_eq(jstr(g, "window_to"), "2026-11-30");
    cr_assert_str_eq(jstr(g, "unit"), "value");
    cr_assert(!json_is_true(json_object_get(g, "met")));
    g = goal_of(p, week);
    cr_assert_eq(jreal(g, "current"), 1.0, "the call of 20.11 in [18.11, 24.11]");
    cr_assert_str_eq(jstr(g, "window_from"), "2026-11-18");
    g = goal_of(p, step);
    cr_assert_eq(jreal(g, "current"), 33.3, "reached КП 1 of reached Встреча 3");
    cr_assert_eq(jreal(g, "target"), 35.0);
    cr_assert_str_eq(jstr(g, "unit"), "percent");
    cr_assert_str_eq(jstr(g, "from_stage"), "Встреча");
    cr_assert_str_eq(jstr(g, "to_stage"), "КП");
    cr_assert(fabs(jreal(g, "progress") - 33.3 / 35.0) < 1e-9);
    g = goal_of(p, skill);
    cr_assert_eq(jreal(g, "current"), 2.0);
    cr_assert_eq(jreal(g, "progress"), 0.5);
    cr_assert_eq(jint(p, "goals_count"), 4);
    json_decref(p);

    /* the direction at_most: 33.3% is at most 35%; a target changed alone
     * is a percent still */
    vo_api_expect(head, "PATCH", path(IDP "/goals/%lld", step),
                  "{\"direction\":\"at_most\",\"target\":34.5}", 200, NULL, NULL);
    vo_api_expect(head, "PATCH", path(IDP "/goals/%lld", calls), "{\"metric\":\"meetings\"}", 422,
                  "target", "a new metric needs its target");
    p = vo_api_get_json("head", path(IDP "/%lld?as_of=2026-11-24", plan), 200);
    cr_assert(json_is_true(json_object_get(goal_of(p, step), "met")));
    cr_assert_eq(jreal(goal_of(p, step), "target"), 34.5);
    cr_assert_eq(jreal(goal_of(p, step), "progress"), 1.0);
    json_decref(p);
}

Test(api_idp, state_changes)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    int64_t plan = new_plan(vo_api.manager_id, "ИПР Анны");
    /* one active plan per manager */
    vo_api_expect(head, "POST", IDP,
                  vo_api_fmt("{\"user_id\":%lld,\"title\":\"Второй\",\"period_from\":"
                             "\"2026-11-01\",\"period_to\":\"2026-11-30\"}",
                             (long long)vo_api.manager_id),
                  409, "user_id", "a second active plan");
    /* the manager is told */
    json_t *n = vo_api_list(anna, "/api/v1/notifications", SIZE_MAX);
    bool told = false;
    for (size_t i = 0; i < json_array_size(n); i++)
        told = told || strcmp(jstr(json_array_get(n, i), "kind"), "idp") == 0;
    cr_assert(told, "anna has an idp notification");
    json_decref(n);

    int64_t goal = vo_api_create(head, path(IDP "/%lld/goals", plan),
                                 "{\"kind\":\"skill\",\"title\":\"Презентация\","
                                 "\"due_on\":\"2026-12-15\",\"target_level\":4}");
    int64_t act = vo_api_create(head, path(IDP "/goals/%lld/actions", goal),
                                "{\"text\":\"Прочитать скрипт\",\"due_on\":\"2026-12-01\"}");
    /* the manager ticks it; nothing else */
    struct vo_test_resp r = as(anna, "PATCH", path(IDP "/actions/%lld", act), "{\"done\":true}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_true(json_object_get(r.json, "done")));
    cr_assert_eq(jint(r.json, "done_by_id"), vo_api.manager_id);
    vo_test_resp_free(&r);
    vo_api_expect(anna, "PATCH", path(IDP "/actions/%lld", act), "{\"text\":\"Другое\"}", 403, NULL,
                  "a manager changes no text");
    vo_api_expect(anna, "POST", path(IDP "/%lld/checkins", plan), "{\"comment\":\"Сама\"}", 403,
                  NULL, NULL);
    /* the head sets a level, then a check-in makes the goal achieved */
    r = as(head, "PATCH", path(IDP "/goals/%lld", goal), "{\"level\":4}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_true(json_object_get(r.json, "met")));
    cr_assert_str_eq(jstr(r.json, "status"), "open");
    vo_test_resp_free(&r);
    r = as(head, "POST", path(IDP "/%lld/checkins", plan),
           vo_api_fmt("{\"comment\":\"Презентует уверенно\",\"at\":\"2026-12-10T12:00\","
                      "\"goal_id\":%lld,\"goal_status\":\"achieved\"}",
                      (long long)goal));
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "goal_status"), "achieved");
    cr_assert_str_eq(jstr(r.json, "author"), "Ольга Руководитель");
    vo_test_resp_free(&r);
    /* a check-in in anna's one-to-one carries the meeting; boris's is refused */
    int64_t mine = vo_api_create(head, "/api/v1/meetings",
                                 vo_api_fmt("{\"kind\":\"one_to_one\",\"scheduled_at\":"
                                            "\"2026-12-11T15:00\",\"participants\":[%lld]}",
                                            (long long)vo_api.manager_id));
    int64_t his = vo_api_create(head, "/api/v1/meetings",
                                vo_api_fmt("{\"kind\":\"one_to_one\",\"scheduled_at\":"
                                           "\"2026-12-11T16:00\",\"participants\":[%lld]}",
                                           (long long)vo_api_boris_id));
    vo_api_expect(head, "POST", path(IDP "/%lld/checkins", plan),
                  vo_api_fmt("{\"comment\":\"Х\",\"meeting_id\":%lld}", (long long)his), 422,
                  "meeting_id", "another manager's one-to-one");
    r = as(head, "POST", path(IDP "/%lld/checkins", plan),
           vo_api_fmt("{\"comment\":\"На встрече\",\"at\":\"2026-12-11T15:30\","
                      "\"meeting_id\":%lld}",
                      (long long)mine));
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_eq(jint(r.json, "meeting_id"), mine);
    cr_assert(json_is_null(json_object_get(r.json, "goal_id")));
    vo_test_resp_free(&r);
    json_t *p = vo_api_get_json("manager", path(IDP "/%lld", plan), 200);
    cr_assert_str_eq(jstr(goal_of(p, goal), "status"), "achieved");
    cr_assert_eq(jint(p, "goals_achieved"), 1);
    cr_assert_eq(jint(p, "actions_done"), 1);
    json_t *ci = json_object_get(p, "checkins");
    cr_assert_eq(json_array_size(ci), 2);
    /* the newest first: 11.12 in the meeting, then 10.12 */
    cr_assert_eq(jint(json_array_get(ci, 0), "meeting_id"), mine);
    cr_assert_str_eq(jstr(json_array_get(ci, 1), "goal_status"), "achieved");
    json_decref(p);
    /* closed, a new plan may be opened */
    r = as(head, "PATCH", path(IDP "/%lld", plan), "{\"status\":\"closed\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_str_eq(jstr(r.json, "status"), "closed");
    cr_assert(json_is_string(json_object_get(r.json, "closed_at")));
    vo_test_resp_free(&r);
    new_plan(vo_api.manager_id, "ИПР Анны 2");
    cr_assert_eq(vo_api_items(head, path(IDP "?user_id=%lld", vo_api.manager_id)), 2);
    cr_assert_eq(vo_api_items(head, path(IDP "?user_id=%lld&status=active", vo_api.manager_id)), 1);
    cr_assert_eq(vo_api_audit("idp.create", "idp", -1), 2);
    cr_assert_eq(vo_api_audit("idp_checkin.create", "idp", -1), 2);
}

Test(api_idp, who_reads_and_writes)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    int64_t mine = new_plan(vo_api.manager_id, "ИПР Анны");
    int64_t boris = new_plan(vo_api_boris_id, "ИПР Бориса");
    /* a manager: their own list and plan only */
    json_t *l = vo_api_list(anna, IDP, 1);
    cr_assert_eq(jint(json_array_get(l, 0), "id"), mine);
    json_decref(l);
    vo_api_expect(anna, "GET", path(IDP "?user_id=%lld", vo_api_boris_id), NULL, 403, "user_id",
                  NULL);
    vo_api_expect(anna, "GET", path(IDP "/%lld", boris), NULL, 404, "id", NULL);
    int64_t goal = vo_api_create(head, path(IDP "/%lld/goals", boris),
                                 "{\"kind\":\"skill\",\"title\":\"Холодные звонки\","
                                 "\"due_on\":\"2026-12-15\",\"target_level\":3}");
    int64_t act = vo_api_create(head, path(IDP "/goals/%lld/actions", goal), "{\"text\":\"Х\"}");
    vo_api_expect(anna, "PATCH", path(IDP "/actions/%lld", act), "{\"done\":true}", 404, "id",
                  "another's action");
    /* writes: the head's and an admin's */
    const struct vo_api_case cases[] = {
        {anna, "POST", IDP,
         "{\"user_id\":1,\"title\":\"Х\",\"period_from\":\"2026-11-01\","
         "\"period_to\":\"2026-11-30\"}",
         403, NULL, "a manager opens no plan"},
        {vo_api_user("viewer"), "PATCH", path(IDP "/%lld", mine), "{\"title\":\"Х\"}", 403, NULL,
         "a viewer writes nothing"},
        {vo_api_user("viewer"), "PATCH", path(IDP "/actions/%lld", act), "{\"done\":true}", 403,
         NULL, "a viewer ticks nothing"},
        {anna, "POST", path(IDP "/%lld/goals", mine), "{\"title\":\"Х\",\"due_on\":\"2026-12-01\"}",
         403, NULL, NULL},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
    cr_assert_eq(vo_api_items(vo_api_user("viewer"), IDP), 2);
    cr_assert_eq(vo_api_items(vo_api_user("admin"), IDP), 2);
}

Test(api_idp, bad_input_names_the_field)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t plan = new_plan(vo_api.manager_id, "ИПР");
    int64_t meet = stage("Встреча"), kp = stage("КП");
    const char *goals = path(IDP "/%lld/goals", plan);
    char *long201 = vo_api_repeat("", "щ", 201);
    const struct vo_api_case cases[] = {
        {head, "POST", IDP,
         "{\"user_id\":999999,\"title\":\"Х\",\"period_from\":\"2026-11-01\","
         "\"period_to\":\"2026-11-30\"}",
         422, "user_id", NULL},
        {head, "POST", IDP,
         "{\"user_id\":1,\"title\":\"\",\"period_from\":\"2026-11-01\","
         "\"period_to\":\"2026-11-30\"}",
         422, "title", NULL},
        {head, "POST", IDP,
         vo_api_fmt("{\"user_id\":%lld,\"title\":\"Х\",\"period_from\":"
                    "\"2026-11-31\",\"period_to\":\"2026-11-30\"}",
                    (long long)vo_api_boris_id),
         422, "period_from", NULL},
        {head, "POST", IDP,
         vo_api_fmt("{\"user_id\":%lld,\"title\":\"Х\",\"period_from\":"
                    "\"2026-12-01\",\"period_to\":\"2026-11-30\"}",
                    (long long)vo_api_boris_id),
         422, "period_to", NULL},
        {head, "PATCH", path(IDP "/%lld", plan), "{\"status\":\"paused\"}", 422, "status", NULL},
        {head, "PATCH", path(IDP "/%lld", plan), "{\"period_to\":20261130}", 422, "period_to",
         "a number for a text"},
        {head, "PATCH", path(IDP "/%lld", plan), vo_api_fmt("{\"title\":\"%s\"}", long201), 422,
         "title", "201 characters"},
        {head, "POST", goals,
         "{\"title\":\"Х\",\"due_on\":\"2026-12-01\",\"metric\":\"smiles\","
         "\"target\":3}",
         422, "metric", NULL},
        {head, "POST", goals, "{\"title\":\"Х\",\"due_on\":\"2026-12-01\",\"metric\":\"calls\"}",
         422, "target", NULL},
        {head, "POST", goals,
         "{\"title\":\"Х\",\"due_on\":\"01.12.2026\",\"metric\":\"calls\","
         "\"target\":3}",
         422, "due_on", NULL},
        {head, "POST", goals,
         "{\"title\":\"Х\",\"due_on\":\"2026-12-01\",\"metric\":\"calls\","
         "\"target\":3,\"window\":\"days\"}",
         422, "window_days", NULL},
        {head, "POST", goals,
         "{\"title\":\"Х\",\"due_on\":\"2026-12-01\",\"metric\":\"calls\","
         "\"target\":3,\"window\":\"year\"}",
         422, "window", NULL},
        {head, "POST", goals,
         "{\"title\":\"Х\",\"due_on\":\"2026-12-01\",\"metric\":\"calls\","
         "\"target\":3,\"direction\":\"up\"}",
         422, "direction", NULL},
        {head, "POST", goals,
         "{\"title\":\"Х\",\"due_on\":\"2026-12-01\",\"metric\":\"calls\","
         "\"target\":2.5}",
         422, "target", NULL},
        {head, "POST", goals,
         "{\"title\":\"Х\",\"due_on\":\"2026-12-01\",\"metric\":\"conversion\","
         "\"target\":120}",
         422, "target", NULL},
        {head, "POST", goals,
         vo_api_fmt("{\"title\":\"Х\",\"due_on\":\"2026-12-01\",\"metric\":\"funnel_step\","
                    "\"from_stage_id\":%lld,\"to_stage_id\":%lld,\"target\":30}",
                    (long long)kp, (long long)meet),
         422, "to_stage_id", "a step goes forward"},
        {head, "POST", goals,
         "{\"title\":\"Х\",\"due_on\":\"2026-12-01\",\"metric\":\"funnel_step\","
         "\"target\":30}",
         422, "from_stage_id", NULL},
        {head, "POST", goals, "{\"kind\":\"skill\",\"title\":\"Х\",\"due_on\":\"2026-12-01\"}", 422,
         "target_level", NULL},
        {head, "POST", goals,
         "{\"kind\":\"skill\",\"title\":\"Х\",\"due_on\":\"2026-12-01\","
         "\"target_level\":6}",
         422, "target_level", NULL},
        {head, "POST", goals,
         "{\"kind\":\"skill\",\"title\":\"Х\",\"due_on\":\"2026-12-01\","
         "\"target_level\":3,\"metric\":\"calls\"}",
         422, "metric", NULL},
        {head, "POST", goals, "{\"kind\":\"habit\",\"title\":\"Х\",\"due_on\":\"2026-12-01\"}", 422,
         "kind", NULL},
        {head, "POST", goals, "{\"title\":\"Х\",\"due_on\":\"2026-12-01\",\"direction\":[]}", 422,
         "direction", "a list for a text"},
        {head, "POST", path(IDP "/%lld/checkins", plan), "{\"comment\":\"\"}", 422, "comment",
         NULL},
        {head, "POST", path(IDP "/%lld/checkins", plan),
         "{\"comment\":\"Х\",\"goal_status\":\"achieved\"}", 422, "goal_id", NULL},
        {head, "POST", path(IDP "/%lld/checkins", plan), "{\"comment\":\"Х\",\"goal_id\":999999}",
         422, "goal_id", NULL},
        {head, "POST", path(IDP "/%lld/checkins", plan),
         "{\"comment\":\"Х\",\"meeting_id\":999999}", 422, "meeting_id", NULL},
        {head, "GET", IDP "?status=paused", NULL, 422, "status", NULL},
        {head, "GET", path(IDP "/%lld?as_of=2026-13-01", plan), NULL, 422, "as_of", NULL},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
    g_free(long201);
    json_t *p = vo_api_get_json("head", path(IDP "/%lld", plan), 200);
    cr_assert_eq(json_array_size(json_object_get(p, "goals")), 0, "nothing written");
    json_decref(p);
}

/* The idp notifications of the reminder tick at the local time at. */
static size_t due_notes(struct vo_store *st, const char *at, int64_t goal)
{
    struct vo_error e = {0};
    struct vo_notification *v = NULL;
    size_t n = 0, k = 0;
    cr_assert_eq(vo_svc_notify_tick(st, instant(at), vo_api_arena(), &v, &n, &e), VO_OK, "%s",
                 e.msg);
    for (size_t i = 0; i < n; i++) {
        if (v[i].kind != VO_NOTIFY_IDP)
            continue;
        cr_assert_eq(v[i].user_id, vo_api.manager_id);
        cr_assert_str_eq(v[i].object, "idp");
        cr_assert(strstr(v[i].payload, vo_api_fmt("%lld", (long long)goal)) != NULL);
        k++;
    }
    return k;
}

/* A goal's due date passed (the org's local date, Europe/Moscow): the
 * manager is told once; a dropped goal or a goal still due is not. */
Test(api_idp, a_goal_past_its_due_date_is_told_once)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t plan = new_plan(vo_api.manager_id, "ИПР");
    const char *goals = path(IDP "/%lld/goals", plan);
    int64_t due = vo_api_create(head, goals,
                                "{\"kind\":\"skill\",\"title\":\"Презентация\","
                                "\"due_on\":\"2026-12-15\",\"target_level\":4}");
    vo_api_create(head, goals,
                  "{\"kind\":\"skill\",\"title\":\"Позже\",\"due_on\":\"2026-12-20\","
                  "\"target_level\":4}");
    int64_t dropped = vo_api_create(head, goals,
                                    "{\"kind\":\"skill\",\"title\":\"Снята\","
                                    "\"due_on\":\"2026-12-10\",\"target_level\":4}");
    vo_api_expect(head, "PATCH", path(IDP "/goals/%lld", dropped), "{\"status\":\"dropped\"}", 200,
                  NULL, NULL);
    struct vo_store *st = vo_api_open(0);
    cr_assert_eq(due_notes(st, "2026-12-15T23:30", due), 0, "the 15th is not over in Moscow");
    cr_assert_eq(due_notes(st, "2026-12-16T00:30", due), 1);
    cr_assert_eq(due_notes(st, "2026-12-16T09:00", due), 0, "told once");
    vo_store_close(st);
}
