/*
 * test_api_fuzz.c - issue 9's safety net: a fuzz pass over the whole API,
 * driven by the server's own OpenAPI document. For every path and method
 * of GET /api/v1/openapi.json and every caller (anonymous, an API token,
 * admin, head, manager, viewer) it sends path parameters (a real id, 0,
 * -1, huge, non-digits, very long), query arguments (valid, empty, wrong
 * types, dates out of range, repeated) and bodies (none, empty, null, [],
 * {}, invalid, truncated, deeply nested, huge, each field of the route with
 * every wrong type, unknown fields, valid ones, and seeded random
 * mutations of the valid one). It asserts that no answer is a 5xx, that
 * every answer comes within a deadline (and the server still answers
 * afterwards), that every error has the documented shape
 * {"error":{"code","message","field"}} as application/json, that a caller
 * without the route's roles gets exactly 401 / 403, and that every route
 * of the document was exercised. docs/internals/testing.md says how to
 * run one route and another seed.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api_fixture.h"
#include "http/http.h"
#include "http_client.h"
#include "testutil.h"

#define SEED_DEFAULT 20261203u
#define DEADLINE_S   15 /* an answer slower than this is a hang (no speed check) */

static struct vo_test_company co;
static int port;

enum who { ANON, BEARER, ADMIN, HEAD, MANAGER, VIEWER, N_WHO };
static const char *const who_name[N_WHO] = {"anonymous", "bearer",  "admin",
                                            "head",      "manager", "viewer"};
/* The role each caller has (the token is the head's). */
static const char *const who_role[N_WHO] = {NULL, "head", "admin", "head", "manager", "viewer"};
static struct vo_test_login logins[N_WHO];
static char *bearer;

/* Real objects, created through the API in setup (see subst). */
static struct {
    int64_t anna, user, token, team, product, pipeline, stage, holiday, client, deal, activity,
        task, payment, notification, custom_field, loss_reason, contact, note, saved_filter,
        competition, bonus_scheme, recognition, action, meeting, promise,
        nps,                           /* issue 12, item 2: an NPS answer */
        webhook,                       /* issue 13, item 5 */
        review_checklist,              /* issue 14, item 5 */
        review,                        /* issue 14, item 5 */
        document,                      /* issue 14, item 3 */
        vacancy, candidate, criterion, /* issue 14, item 1: hiring */
        training,                      /* issue 14, item 4 */
        onboarding,                    /* issue 14, item 2 */
        attestation, attempt,          /* issue 14, item 6 */
        idp, idp_goal, idp_action;     /* issue 14, item 7 */
} ids;

static GRand *rng;
static unsigned seed;
static const char *only; /* VO_API_FUZZ_ROUTE: only the routes whose "METHOD path" has it */
static long sent;
static long status_count[6]; /* by hundreds */
static bool verbose;         /* VO_API_FUZZ_VERBOSE=1: every request and its status */

/* ---- the routes' inputs: what the document does not say ---- */

/* Per route: the query arguments its handler reads (vo_req_query), all
 * with a plausible value, and a valid body holding every field of its
 * allowlist (vo_req_body_fields); NULL for a route without a body.
 * Placeholders {NAME} are replaced by the ids above. Every route of the
 * document must have a row, and every row a route. */
struct spec {
    const char *op;
    const char *query;
    const char *body;
    bool used;
};

#define PAGING "limit=10&cursor=&sort=id"
#define CRM_Q                                                                                      \
    "&owner_id={anna}&stage_id={stage}&pipeline_id={pipeline}&client_id={client}&deal_id={deal}"   \
    "&from=2026-11-01&to=2026-11-30&q=a&updated_since=2026-11-01"
#define SEVER    "%D0%A1%D0%B5%D0%B2%D0%B5%D1%80"             /* Север, the team */
#define PRODAZHI "%D0%9F%D1%80%D0%BE%D0%B4%D0%B0%D0%B6%D0%B8" /* Продажи, the pipeline */
#define REPORT_Q                                                                                   \
    "period=2026-11&from=2026-11-01&to=2026-11-30&as_of=2026-11-30&by=user&scope=org"              \
    "&user=anna%40example.com&team=" SEVER "&channel=web&region=north&source=ads"                  \
    "&pipeline=" PRODAZHI "&date=2026-11-20&list=1"

/* Other valid values of the query arguments, each sent in turn. */
static const struct {
    const char *name;
    const char *values[12];
} good_values[] = {
    {"by", {"user", "team", "channel", "region", "source", "day", "week", "stage"}},
    {"scope", {"org", "team:" SEVER, "user:anna%40example.com", "team:", "user:", "user:{anna}"}},
    {"user",
     {"anna%40example.com",
      "%D0%90%D0%BD%D0%BD%D0%B0%20%D0%9C%D0%B5%D0%BD%D0%B5%D0%B4%D0%B6%D0%B5%D1%80", "{anna}",
      "viewer%40example.com", "ANNA%40EXAMPLE.COM"}},
    {"team", {SEVER, "{team}"}},
    {"pipeline", {PRODAZHI, "{pipeline}"}},
    {"period", {"2026-11", "2026-02", "2024-02", "1970-01", "2200-12", "2026-1", "2026-12"}},
    {"from",
     {"2026-11-30", "2026-11-30T23:59:59%2B03:00", "2026-11-30%2023:59", "1970-01-01", "2200-12-31",
      "2026-11-30T00:00:00Z"}},
    {"to",
     {"2026-11-01", "2026-11-30T23:59:59%2B03:00", "2026-11-30%2023:59", "1970-01-01", "2200-12-31",
      "2026-11-30T00:00:00Z"}},
    {"as_of",
     {"2026-11-01", "2026-11-30T23:59:59%2B03:00", "2026-11-30%2023:59", "1970-01-01", "2200-12-31",
      "2026-11-30T00:00:00Z"}},
    {"date", {"2026-11-21", "2026-11-22", "2026-11-04", "1970-01-01", "2200-12-31", "2026-01-01"}},
    {"list", {"0", "1", "true", "false"}},
    {"history", {"0", "1", "true", "false"}},
    {"status", {"open", "won", "lost", "done"}},
    {"sort",
     {"id", "-id", "amount", "-amount", "created_at", "-created_at", "title", "name", "due_at",
      "-at", "paid_at"}},
    {"cursor",
     {"MQox", "eAox", "MjAyNi0xMS0zMFQwMDowMDowMFoKMQ", "CjE", "MQotMQ",
      "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQox"}},
    {"limit", {"1", "500"}},
    {"updated_since",
     {"2026-11-01", "2026-11-30T23:59:59%2B03:00", "0", "1764547200", "1970-01-01"}},
    {"unread", {"0", "1"}},
    {"required", {"0", "1", "true", "false"}},
    {"archived", {"0", "1", "true", "false"}},
    {"before", {"0", "1", "9223372036854775807"}},
    {"metric",
     {"leads", "calls", "call_minutes", "meetings", "deals_won", "payments", "avg_check",
      "conversion", "tasks_done", "tasks_done_on_time", "tasks_overdue"}},
    {"year", {"1970", "2200", "2026", "2024"}},
    {"revenue", {"0", "1", "1000000000000000"}},
    {"dry_run", {"0", "1", "true", "false"}},
    {"action", {"deal.create", "session.login"}},
    {"q", {"%D0%90%D0%BA", "%25", "_", "'", "%22", "%5C", "a%25b_"}},
    {"type", {"call", "meeting", "email", "message"}},
    {"channel", {"web", "%D0%A1%D0%B0%D0%B9%D1%82"}},
    {"entity", {"deal", "client"}},
    {"kind", {"deals", "clients", "tasks", "activities", "payments"}},
};

/* The route that answers a stream that does not end (test_api_events.c). */
#define STREAM_OP "GET /api/v1/events"

/* The import's body: tests/data/import-good's files (see import_body). */
#define IMPORT_BODY "@import"

static struct spec specs[] = {
    {"GET /api/v1/health", "", NULL, false},
    {"GET /health", "", NULL, false},
    {"GET /ready", "", NULL, false},
    {"GET /metrics", "", NULL, false},
    {"GET /api/v1/openapi.json", "", NULL, false},
    {"GET /api/v1/reports/plan-fact", REPORT_Q, NULL, false},
    /* issue 14, item 7: development plans */
    {"GET /api/v1/idp", "user_id={anna}&status=active", NULL, false},
    {"POST /api/v1/idp", "",
     "{\"user_id\":{anna},\"title\":\"ИПР\",\"period_from\":\"2026-11-01\","
     "\"period_to\":\"2026-12-31\"}",
     false},
    {"GET /api/v1/idp/{id}", "as_of=2026-11-24", NULL, false},
    {"PATCH /api/v1/idp/{id}", "",
     "{\"title\":\"ИПР Анны\",\"period_from\":\"2026-11-01\",\"period_to\":\"2026-12-31\","
     "\"status\":\"active\"}",
     false},
    {"POST /api/v1/idp/{id}/goals", "",
     "{\"title\":\"Звонки\",\"due_on\":\"2026-12-31\",\"kind\":\"metric\","
     "\"metric\":\"calls\",\"from_stage_id\":null,\"to_stage_id\":null,\"target\":10,"
     "\"direction\":\"at_least\",\"window\":\"days\",\"window_days\":30,\"level\":null,"
     "\"target_level\":null,\"status\":\"open\"}",
     false},
    {"PATCH /api/v1/idp/goals/{id}", "",
     "{\"title\":\"Звонки\",\"due_on\":\"2026-12-31\",\"metric\":\"calls\","
     "\"from_stage_id\":null,\"to_stage_id\":null,\"target\":12,\"direction\":\"at_most\","
     "\"window\":\"month\",\"window_days\":null,\"level\":null,\"target_level\":null,"
     "\"status\":\"open\"}",
     false},
    {"POST /api/v1/idp/goals/{id}/actions", "",
     "{\"text\":\"Прочитать скрипт\",\"due_on\":\"2026-12-01\",\"done\":false}", false},
    {"PATCH /api/v1/idp/actions/{id}", "",
     "{\"text\":\"Прочитать скрипт\",\"due_on\":null,\"done\":true}", false},
    {"POST /api/v1/idp/{id}/checkins", "",
     "{\"comment\":\"Хорошо\",\"at\":\"2026-11-24T12:00\",\"goal_id\":null,"
     "\"goal_status\":null,\"meeting_id\":null}",
     false},
    {"GET /api/v1/reports/funnel", REPORT_Q, NULL, false},
    {"GET /api/v1/reports/hygiene", REPORT_Q, NULL, false},
    {"GET /api/v1/reports/daily", REPORT_Q, NULL, false},
    {"GET /api/v1/reports/weekly", REPORT_Q, NULL, false},
    {"GET /api/v1/reports/monthly", REPORT_Q, NULL, false},
    {"GET /api/v1/reports/losses", REPORT_Q, NULL, false},
    /* issue 11: weekly action plans and the report to the director */
    {"GET /api/v1/action-plans", "week=2026-W47&user_id={anna}", NULL, false},
    {"POST /api/v1/action-plans/items", "",
     "{\"week\":\"2026-11-16\",\"user_id\":{anna},\"what\":\"Три КП\",\"assignee_id\":{anna},"
     "\"day\":\"2026-11-20\",\"metric\":\"meetings\",\"target\":3,\"deal_id\":{deal}}",
     false},
    {"PATCH /api/v1/action-plans/items/{id}", "",
     "{\"what\":\"Два КП\",\"day\":null,\"metric\":\"calls\",\"target\":40,\"done\":true}", false},
    {"DELETE /api/v1/action-plans/items/{id}", "", NULL, false},
    {"POST /api/v1/action-plans/carry", "", "{\"from_week\":\"2026-W47\",\"user_id\":{anna}}",
     false},
    /* issue 14, item 4: training */
    {"GET /api/v1/trainings",
     "from=2026-11-30&to=2026-12-07&user_id={anna}&kind=pair&meeting_id={meeting}", NULL, false},
    {"POST /api/v1/trainings", "",
     "{\"kind\":\"pair\",\"topic\":\"Возражения\",\"description\":\"Кейсы недели\","
     "\"starts_at\":\"2026-12-02T15:00\",\"duration_min\":60,\"trainer_id\":{anna},"
     "\"trainer_name\":null,\"place\":\"Переговорная\",\"materials\":[{document}],"
     "\"attendees\":[{anna}],\"status\":\"planned\",\"meeting_id\":null}",
     false},
    {"GET /api/v1/trainings/{id}", "", NULL, false},
    {"PATCH /api/v1/trainings/{id}", "",
     "{\"topic\":\"Продукт\",\"status\":\"held\",\"attendees\":[{anna}],\"materials\":[]}", false},
    {"PUT /api/v1/trainings/{id}/attendance", "",
     "{\"user_id\":{anna},\"attendance\":\"attended\"}", false},
    {"POST /api/v1/trainings/from-reviews", "",
     "{\"checklist_id\":{review_checklist},\"position\":1,\"from\":\"2026-11-01\","
     "\"to\":\"2026-12-01\",\"starts_at\":\"2026-12-03T10:00\",\"duration_min\":45}",
     false},
    /* issue 14, item 6: attestation */
    {"GET /api/v1/attestations", "", NULL, false},
    {"POST /api/v1/attestations", "",
     "{\"title\":\"CRM\",\"description\":\"Основы\",\"pass_pct\":70,\"max_attempts\":2,"
     "\"time_limit\":30,\"archived\":false,\"questions\":[{\"topic\":\"crm\",\"kind\":"
     "\"single\",\"text\":\"Где сделки?\",\"options\":[\"Воронка\",\"Почта\"],"
     "\"correct\":[0],\"points\":2}]}",
     false},
    {"GET /api/v1/attestations/{id}", "", NULL, false},
    {"PATCH /api/v1/attestations/{id}", "",
     "{\"title\":\"Продукт 2\",\"description\":\"\",\"pass_pct\":60,\"max_attempts\":3,"
     "\"time_limit\":null,\"archived\":false}",
     false},
    {"GET /api/v1/attestations/{id}/assignments", "", NULL, false},
    {"POST /api/v1/attestations/{id}/assignments", "",
     "{\"user_id\":{anna},\"team_id\":null,\"due\":\"2026-11-30\"}", false},
    {"POST /api/v1/attestations/{id}/attempts", "", "{}", false},
    {"GET /api/v1/attestation-assignments", "attestation_id={attestation}&user_id={anna}", NULL,
     false},
    {"GET /api/v1/attestation-attempts", "attestation_id={attestation}&user_id={anna}&pending=1",
     NULL, false},
    {"GET /api/v1/attestation-attempts/{id}", "", NULL, false},
    {"POST /api/v1/attestation-attempts/{id}/answers", "",
     "{\"answers\":[{\"position\":1,\"choice\":[1],\"text\":null}]}", false},
    {"POST /api/v1/attestation-attempts/{id}/submit", "", "{}", false},
    {"POST /api/v1/attestation-attempts/{id}/score", "",
     "{\"scores\":[{\"position\":2,\"points\":3,\"comment\":\"Хорошо\"}]}", false},
    {"GET /api/v1/attestation-results", "user_id={anna}", NULL, false},
    /* issue 14, item 5: call and negotiation reviews */
    {"GET /api/v1/reviews",
     "user_id={anna}&checklist_id={review_checklist}&from=2026-11-01&to=2026-12-01", NULL, false},
    {"POST /api/v1/reviews", "",
     "{\"subject_id\":{anna},\"checklist_id\":{review_checklist},\"kind\":\"call\","
     "\"activity_id\":{activity},\"recording_url\":\"https://pbx.example.com/r/1.mp3\","
     "\"reviewed_at\":\"2026-11-20T10:00\",\"strengths\":\"Выявил потребность\","
     "\"mistakes\":\"Нет следующего шага\",\"comment\":\"Хорошо\",\"scores\":[2,1]}",
     false},
    {"GET /api/v1/reviews/summary", "from=2026-11-01&to=2026-12-01&user_id={anna}", NULL, false},
    {"GET /api/v1/reviews/{id}", "", NULL, false},
    {"PATCH /api/v1/reviews/{id}", "",
     "{\"kind\":\"meeting\",\"activity_id\":null,\"recording_url\":null,"
     "\"reviewed_at\":\"2026-11-21\",\"strengths\":\"\",\"mistakes\":\"\",\"comment\":\"\","
     "\"scores\":[0,2]}",
     false},
    {"DELETE /api/v1/reviews/{id}", "", NULL, false},
    {"GET /api/v1/review-checklists", "", NULL, false},
    {"POST /api/v1/review-checklists", "",
     "{\"name\":\"Входящий звонок\",\"items\":[{\"text\":\"Приветствие\",\"max_score\":2}],"
     "\"archived\":false}",
     false},
    {"GET /api/v1/review-checklists/{id}", "", NULL, false},
    {"PATCH /api/v1/review-checklists/{id}", "",
     "{\"name\":\"Исходящий звонок\",\"archived\":false}", false},
    {"GET /api/v1/reports/director", "period=month&date=2026-11-10&as_of=2026-11-20", NULL, false},
    /* issue 14, item 3: the scripts and standards library */
    {"GET /api/v1/documents",
     "q=%D0%B7%D0%B2%D0%BE%D0%BD&kind=script&required=1&unread=0&archived=0", NULL, false},
    {"POST /api/v1/documents", "",
     "{\"kind\":\"script\",\"title\":\"Звонок\",\"required\":true,\"body\":\"Добрый день\","
     "\"note\":\"Первая\"}",
     false},
    {"GET /api/v1/documents/{id}", "", NULL, false},
    {"PATCH /api/v1/documents/{id}", "",
     "{\"kind\":\"standard\",\"title\":\"Стандарт\",\"required\":false,\"archived\":false}", false},
    {"GET /api/v1/documents/{id}/versions", "", NULL, false},
    {"POST /api/v1/documents/{id}/versions", "", "{\"body\":\"Здравствуйте\",\"note\":\"Вторая\"}",
     false},
    {"GET /api/v1/documents/{id}/versions/{n}", "", NULL, false},
    {"GET /api/v1/documents/{id}/diff", "from=1&to=1", NULL, false},
    {"POST /api/v1/documents/{id}/ack", "", NULL, false},
    {"GET /api/v1/documents/{id}/acks", "", NULL, false},
    {"PUT /api/v1/reports/director/notes", "",
     "{\"period\":\"week\",\"date\":\"2026-11-10\",\"text\":\"Подтяну конверсию\"}", false},
    {"POST /api/v1/session", "",
     "{\"email\":\"fuzz@example.com\",\"password\":\"" VO_TEST_PASSWORD "\",\"org\":\"x\"}", false},
    {"DELETE /api/v1/session", "", NULL, false},
    {"GET /api/v1/session", "", NULL, false},
    {"GET /api/v1/users", "", NULL, false},
    {"POST /api/v1/users", "",
     "{\"name\":\"Новый\",\"email\":\"new@example.com\",\"role\":\"manager\",\"team\":\"Север\","
     "\"password\":\"a long enough password\"}",
     false},
    {"GET /api/v1/users/{id}", "", NULL, false},
    {"PATCH /api/v1/users/{id}", "",
     "{\"name\":\"Фёдор\",\"email\":\"fuzz@example.com\",\"role\":\"manager\",\"team\":\"Север\","
     "\"active\":true}",
     false},
    {"POST /api/v1/users/{id}/password", "",
     "{\"password\":\"" VO_TEST_PASSWORD "\",\"current_password\":\"" VO_TEST_PASSWORD "\"}",
     false},
    {"GET /api/v1/tokens", "", NULL, false},
    {"POST /api/v1/tokens", "", "{\"name\":\"ci\",\"user_id\":{anna}}", false},
    {"DELETE /api/v1/tokens/{id}", "", NULL, false},
    {"GET /api/v1/teams", "", NULL, false},
    {"POST /api/v1/teams", "", "{\"name\":\"Юг\"}", false},
    {"PATCH /api/v1/teams/{id}", "", "{\"name\":\"Север\"}", false},
    {"GET /api/v1/products", "", NULL, false},
    {"POST /api/v1/products", "", "{\"name\":\"Станок\",\"category\":\"tools\",\"price\":150000}",
     false},
    {"GET /api/v1/products/{id}", "", NULL, false},
    {"PATCH /api/v1/products/{id}", "",
     "{\"name\":\"Пресс\",\"category\":\"tools\",\"price\":250000}", false},
    {"GET /api/v1/pipelines", "", NULL, false},
    {"POST /api/v1/pipelines", "", "{\"name\":\"Тендеры\"}", false},
    {"POST /api/v1/pipelines/{id}/stages", "",
     "{\"name\":\"Договор\",\"position\":1,\"max_days\":10}", false},
    {"PATCH /api/v1/stages/{id}", "", "{\"name\":\"Новая\",\"position\":1,\"max_days\":7}", false},
    {"GET /api/v1/holidays", "year=2026", NULL, false},
    {"POST /api/v1/holidays", "", "{\"date\":\"2026-12-31\",\"kind\":\"holiday\",\"name\":\"НГ\"}",
     false},
    {"DELETE /api/v1/holidays/{id}", "", NULL, false},
    {"POST /api/v1/holidays/load", "", "{\"year\":2027}", false},
    {"PATCH /api/v1/pipelines/{id}", "", "{\"name\":\"Тендеры-2\"}", false},
    {"DELETE /api/v1/pipelines/{id}", "", NULL, false},
    {"DELETE /api/v1/stages/{id}", "", NULL, false},
    {"GET /api/v1/org", "", NULL, false},
    {"PATCH /api/v1/org", "",
     "{\"name\":\"ООО Ромашка\",\"tz\":\"Europe/Moscow\",\"currency\":\"RUB\","
     "\"settings\":{\"stale_days\":14,\"open_deal_limit\":50,\"required_deal_fields\":[\"amount\"]}"
     "}",
     false},
    {"GET /api/v1/org/mail", "", NULL, false},
    {"PUT /api/v1/org/mail", "",
     "{\"enabled\":true,\"url\":\"smtp://127.0.0.1:9\",\"from\":\"crm@example.com\","
     "\"starttls\":false}",
     false},
    {"POST /api/v1/org/mail/test", "", "{}", false},
    {"GET /api/v1/plans", "period=2026-11&scope=org", NULL, false},
    {"POST /api/v1/plans", "",
     "{\"period\":\"2026-11\",\"scope\":\"org\",\"metric\":\"revenue\",\"target\":1000000}", false},
    {"POST /api/v1/plans/split", "",
     "{\"period\":\"2026-12\",\"metric\":\"revenue\",\"method\":\"weights\",\"target\":1000000,"
     "\"weights\":{\"anna@example.com\":1}}",
     false},
    {"GET /api/v1/plans/days", "period=2026-11&by=week&metric=revenue", NULL, false},
    {"GET /api/v1/plans/reverse", "period=2026-11&revenue=1000000&user={anna}", NULL, false},
    {"GET /api/v1/audit",
     PAGING "&user=anna%40example.com&action=deal.create&from=2026-11-01&to=2026-11-30", NULL,
     false},
    {"POST /api/v1/import", "dry_run=1", IMPORT_BODY, false},
    {"GET /api/v1/import/presets", "", NULL, false},
    {"GET /api/v1/clients", PAGING CRM_Q "&channel=web", NULL, false},
    {"POST /api/v1/clients", "",
     "{\"name\":\"Акме\",\"channel\":\"web\",\"region\":\"north\",\"segment\":\"smb\","
     "\"source\":\"ads\",\"key_account\":false,\"owner_id\":{anna}}",
     false},
    {"POST /api/v1/clients/bulk", "",
     "{\"items\":[{\"name\":\"Бета\",\"channel\":\"web\",\"region\":\"north\","
     "\"segment\":\"smb\",\"source\":\"ads\",\"key_account\":false,\"owner_id\":{anna}},"
     "{\"id\":{client},\"name\":\"Акме 2\",\"version\":0}]}",
     false},
    {"GET /api/v1/clients/{id}", "", NULL, false},
    {"PATCH /api/v1/clients/{id}", "",
     "{\"name\":\"Акме 2\",\"channel\":\"web\",\"region\":\"south\",\"segment\":\"smb\","
     "\"source\":\"ads\",\"key_account\":true,\"owner_id\":{anna},\"inn\":\"7707083893\","
     "\"kpp\":\"773601001\",\"address\":\"Москва\",\"phone\":\"+7 495 500-55-50\","
     "\"email\":\"Info@Acme.ru\",\"website\":\"acme.ru\",\"comment\":\"a\\nb\"}",
     false},
    {"GET /api/v1/clients/{id}/contacts", "", NULL, false},
    {"POST /api/v1/clients/{id}/contacts", "",
     "{\"name\":\"Пётр\",\"role\":\"ЛПР\",\"phones\":[\"+7 912 345-67-89\",\"8 495 1234567\"],"
     "\"emails\":[\"Petr@Acme.ru\"],\"telegram\":\"@petr_acme\",\"whatsapp\":\"+79123456789\","
     "\"comment\":\"a\\nb\"}",
     false},
    {"GET /api/v1/contacts/{id}", "", NULL, false},
    {"PATCH /api/v1/contacts/{id}", "",
     "{\"name\":\"Пётр И.\",\"role\":\"ЛВР\",\"phones\":[\"+7 912 345-67-80\"],"
     "\"emails\":[],\"telegram\":null,\"whatsapp\":\"\",\"comment\":\"c\"}",
     false},
    {"DELETE /api/v1/contacts/{id}", "", NULL, false},
    {"GET /api/v1/contact-roles", "", NULL, false},
    {"POST /api/v1/deals/{id}/notes", "", "{\"text\":\"Звонил,\\nперезвонить\"}", false},
    {"POST /api/v1/clients/{id}/notes", "", "{\"text\":\"Клиент\"}", false},
    {"GET /api/v1/notes/{id}", "", NULL, false},
    {"PATCH /api/v1/notes/{id}", "", "{\"text\":\"Исправлено\"}", false},
    {"DELETE /api/v1/notes/{id}", "", NULL, false},
    {"GET /api/v1/search", "q=%D1%80%D0%BE%D0%BC&limit=10", NULL, false},
    {"POST /api/v1/clients/{id}/merge", "", "{\"from\":[999999]}", false},
    {"GET /api/v1/deals/{id}/timeline", "limit=20", NULL, false},
    {"GET /api/v1/clients/{id}/timeline", "limit=20", NULL, false},
    {"GET /api/v1/deals", PAGING CRM_Q "&channel=web&status=open", NULL, false},
    {"POST /api/v1/deals", "",
     "{\"title\":\"Поставка\",\"client_id\":{client},\"amount\":500000,\"channel\":\"web\","
     "\"source\":\"ads\",\"pipeline\":{pipeline},\"stage\":\"Новая\",\"owner_id\":{anna}}",
     false},
    {"POST /api/v1/deals/bulk", "",
     "{\"items\":[{\"title\":\"Поставка 3\",\"client_id\":{client},\"amount\":500000,"
     "\"pipeline\":{pipeline},\"stage\":\"Новая\",\"owner_id\":{anna}},"
     "{\"id\":{deal},\"title\":\"Поставка 4\"}]}",
     false},
    {"GET /api/v1/deals/{id}", "", NULL, false},
    {"PATCH /api/v1/deals/{id}", "",
     "{\"title\":\"Поставка 2\",\"client_id\":{client},\"amount\":600000,\"channel\":\"web\","
     "\"source\":\"ads\",\"owner_id\":{anna}}",
     false},
    {"GET /api/v1/deals/{id}/history", "", NULL, false},
    {"GET /api/v1/board",
     "pipeline_id={pipeline}&owner_id={anna}&team_id=1&channel=web&stuck=1&limit=20", NULL, false},
    {"GET /api/v1/board/stages/{id}", "limit=10&cursor=&owner_id={anna}&channel=web&stuck=0", NULL,
     false},
    {"POST /api/v1/deals/{id}/move", "", "{\"stage\":\"КП\"}", false},
    {"POST /api/v1/deals/{id}/win", "", "{\"amount\":700000}", false},
    {"POST /api/v1/deals/{id}/lose", "", "{\"reason\":\"дорого\",\"comment\":\"на 10%\"}", false},
    {"POST /api/v1/deals/{id}/reopen", "", "{}", false},
    {"GET /api/v1/activities", PAGING CRM_Q "&type=call", NULL, false},
    {"POST /api/v1/activities", "",
     "{\"type\":\"call\",\"at\":\"2026-11-20 10:00\",\"deal_id\":{deal},\"client_id\":{client},"
     "\"duration_s\":120,\"direction\":\"out\",\"outcome\":\"ok\",\"user_id\":{anna}}",
     false},
    {"POST /api/v1/activities/bulk", "",
     "{\"items\":[{\"type\":\"call\",\"at\":\"2026-11-20 11:00\",\"deal_id\":{deal},"
     "\"duration_s\":60,\"direction\":\"out\",\"outcome\":\"ok\",\"user_id\":{anna}}]}",
     false},
    {"GET /api/v1/activities/{id}", "", NULL, false},
    {"PATCH /api/v1/activities/{id}", "",
     "{\"type\":\"meeting\",\"at\":\"2026-11-21 10:00\",\"deal_id\":{deal},\"client_id\":{client},"
     "\"duration_s\":600,\"direction\":\"in\",\"outcome\":\"ok\",\"user_id\":{anna}}",
     false},
    {"GET /api/v1/tasks", PAGING CRM_Q "&status=open", NULL, false},
    {"POST /api/v1/tasks", "",
     "{\"title\":\"Позвонить\",\"type\":\"call\",\"due_at\":\"2026-11-25\",\"deal_id\":{deal},"
     "\"client_id\":{client},\"assignee_id\":{anna}}",
     false},
    {"POST /api/v1/tasks/bulk", "",
     "{\"items\":[{\"title\":\"Написать\",\"type\":\"email\",\"due_at\":\"2026-11-25\","
     "\"deal_id\":{deal},\"assignee_id\":{anna}}]}",
     false},
    {"GET /api/v1/tasks/{id}", "", NULL, false},
    {"PATCH /api/v1/tasks/{id}", "",
     "{\"title\":\"Перезвонить\",\"type\":\"meeting\",\"due_at\":\"2026-11-26 "
     "12:00\",\"deal_id\":{deal},"
     "\"client_id\":{client},\"assignee_id\":{anna}}",
     false},
    {"POST /api/v1/tasks/{id}/complete", "",
     "{\"done_at\":\"2026-11-26 13:00\",\"comment\":\"Договорились\"}", false},
    /* crm-tasks (issue 10): reschedule and recurrence */
    {"POST /api/v1/tasks/{id}/reschedule", "",
     "{\"due_at\":\"2026-11-27 12:00\",\"reason\":\"Клиент просил\"}", false},
    {"GET /api/v1/tasks/{id}/reschedules", "", NULL, false},
    {"GET /api/v1/tasks/{id}/recurrence", "", NULL, false},
    {"POST /api/v1/tasks/{id}/recurrence", "",
     "{\"rule\":\"weekly\",\"every\":1,\"weekdays\":[1,3],\"month_day\":null}", false},
    {"DELETE /api/v1/tasks/{id}/recurrence", "", NULL, false},
    /* crm-tasks (issue 10): notifications */
    {"GET /api/v1/notifications", "unread=1&limit=10&before=0", NULL, false},
    {"GET /api/v1/notifications/unread", "", NULL, false},
    {"POST /api/v1/notifications/{id}/read", "", "{}", false},
    {"POST /api/v1/notifications/read-all", "", "{}", false},
    {"GET /api/v1/events", "", NULL, false},
    {"GET /api/v1/payments", PAGING CRM_Q, NULL, false},
    {"POST /api/v1/payments", "",
     "{\"amount\":100000,\"paid_at\":\"2026-11-20\",\"deal_id\":{deal},\"client_id\":{client}}",
     false},
    {"POST /api/v1/payments/bulk", "",
     "{\"items\":[{\"amount\":1000,\"paid_at\":\"2026-11-21\",\"deal_id\":{deal}},"
     "{\"amount\":2000,\"paid_at\":\"2026-11-22\",\"client_id\":{client}}]}",
     false},
    {"GET /api/v1/payments/{id}", "", NULL, false},
    {"GET /api/v1/custom-fields", "entity=deal", NULL, false},
    {"POST /api/v1/custom-fields", "",
     "{\"entity\":\"client\",\"key\":\"inn\",\"label\":\"ИНН\",\"type\":\"text\","
     "\"options\":[],\"required\":false,\"position\":2}",
     false},
    {"PATCH /api/v1/custom-fields/{id}", "",
     "{\"label\":\"Регион поставки\",\"options\":[\"Север\",\"Юг\",\"Запад\"],"
     "\"required\":true,\"position\":3}",
     false},
    {"DELETE /api/v1/custom-fields/{id}", "", NULL, false},
    {"GET /api/v1/deals/{id}/products", "", NULL, false},
    {"GET /api/v1/loss-reasons", "", NULL, false},
    {"POST /api/v1/deals/{id}/undo", "", "{}", false},
    {"POST /api/v1/loss-reasons", "",
     "{\"name\":\"Ушли к партнёру\",\"position\":3,\"active\":true}", false},
    {"PATCH /api/v1/loss-reasons/{id}", "",
     "{\"name\":\"Дорого для них\",\"position\":2,\"active\":true}", false},
    {"PUT /api/v1/deals/{id}/products", "",
     "{\"items\":[{\"product_id\":{product},\"quantity\":2,\"price\":150000}]}", false},
    {"GET /api/v1/saved-filters", "kind=deals", NULL, false},
    {"POST /api/v1/saved-filters", "",
     "{\"kind\":\"deals\",\"name\":\"Горячие\",\"query\":\"status=open&owner_id={anna}&"
     "sort=-amount\",\"default\":true}",
     false},
    {"GET /api/v1/saved-filters/{id}", "", NULL, false},
    {"PATCH /api/v1/saved-filters/{id}", "",
     "{\"name\":\"Тёплые\",\"query\":\"status=won\",\"default\":false}", false},
    {"DELETE /api/v1/saved-filters/{id}", "", NULL, false},
    {"GET /api/v1/reports/leaderboard", REPORT_Q "&metric=revenue&pct=1", NULL, false},
    /* issue 12, item 5 */
    {"GET /api/v1/reports/forecast", REPORT_Q, NULL, false},
    /* issue 12, clients */
    {"GET /api/v1/reports/abc-xyz", REPORT_Q "&history=1&of=products", NULL, false},
    {"GET /api/v1/reports/at-risk", REPORT_Q, NULL, false},
    {"POST /api/v1/clients/{id}/risk-task", "", "{\"due_at\":\"2199-01-10 12:00\"}", false},
    /* issue 12, item 6 */
    {"GET /api/v1/reports/investigations", REPORT_Q, NULL, false},
    /* issue 12, item 2: NPS */
    {"GET /api/v1/reports/nps", REPORT_Q "&by=month", NULL, false},
    {"GET /api/v1/clients/{id}/nps", "", NULL, false},
    {"POST /api/v1/clients/{id}/nps", "",
     "{\"score\":9,\"comment\":\"Спасибо\",\"at\":\"2026-11-20 10:00\"}", false},
    {"POST /api/v1/clients/{id}/nps/link", "", NULL, false},
    {"DELETE /api/v1/nps/{id}", "", NULL, false},
    {"POST /api/v1/nps/{id}/task", "", NULL, false},
    {"GET /api/v1/public/nps/{token}", "", NULL, false},
    {"POST /api/v1/public/nps/{token}", "", "{\"score\":10,\"comment\":\"Хорошо\"}", false},
    /* issue 12, item 1: key accounts */
    {"GET /api/v1/reports/key-accounts", REPORT_Q, NULL, false},
    {"GET /api/v1/key-accounts", "month=2026-11&as_of=2026-11-30", NULL, false},
    {"PUT /api/v1/key-accounts/{id}/plans/{month}", "", "{\"target\":100000}", false},
    {"DELETE /api/v1/key-accounts/{id}/plans/{month}", "", NULL, false},
    {"GET /api/v1/competitions", "status=running", NULL, false},
    {"POST /api/v1/competitions", "",
     "{\"name\":\"Ноябрь\",\"metric\":\"revenue\",\"pct\":true,\"first_day\":\"2199-01-01\","
     "\"last_day\":\"2199-01-31\",\"prize\":\"Ужин\",\"rules\":\"Кто больше\","
     "\"participants\":[{anna}],\"teams\":false}",
     false},
    {"GET /api/v1/competitions/{id}", "", NULL, false},
    {"PATCH /api/v1/competitions/{id}", "",
     "{\"name\":\"Декабрь\",\"metric\":\"calls\",\"first_day\":\"2199-02-01\","
     "\"last_day\":\"2199-02-28\",\"prize\":\"Отпуск\",\"rules\":\"Кто быстрее\","
     "\"pct\":false,\"teams\":false,\"participants\":[{anna}]}",
     false},
    {"DELETE /api/v1/competitions/{id}", "", "{}", false},
    /* issue 11, item 6: bonuses */
    {"GET /api/v1/reports/bonus", "period=2026-11&as_of=2026-11-30&lang=ru", NULL, false},
    {"GET /api/v1/bonus-schemes", "", NULL, false},
    {"POST /api/v1/bonus-schemes", "",
     "{\"name\":\"Менеджеры\",\"base\":30000,\"commission\":{\"metric\":\"payments\","
     "\"rate\":0.05},\"tiers\":[{\"from\":0,\"multiplier\":0},{\"from\":0.7,"
     "\"multiplier\":1}],\"kpi\":[{\"metric\":\"calls\",\"min_pct\":1,\"bonus\":5000}],"
     "\"users\":[\"anna@example.com\"],\"from_month\":\"2026-11\"}",
     false},
    {"GET /api/v1/bonus-schemes/{id}", "", NULL, false},
    {"PATCH /api/v1/bonus-schemes/{id}", "",
     "{\"base\":35000,\"commission\":{\"rate\":0.06},\"from_month\":\"2026-12\"}", false},
    /* issue 13, item 5: outgoing webhooks, to a port that refuses at once */
    {"GET /api/v1/webhooks", "", NULL, false},
    {"POST /api/v1/webhooks", "",
     "{\"url\":\"http://127.0.0.1:1/hook\",\"events\":[\"deal.created\",\"task.created\"],"
     "\"active\":true}",
     false},
    {"GET /api/v1/webhooks/{id}", "", NULL, false},
    {"PATCH /api/v1/webhooks/{id}", "",
     "{\"url\":\"https://127.0.0.1:1/other\",\"events\":[\"deal.won\"],\"active\":false}", false},
    {"DELETE /api/v1/webhooks/{id}", "", NULL, false},
    {"POST /api/v1/webhooks/{id}/test", "", NULL, false},
    {"GET /api/v1/webhooks/{id}/deliveries", "limit=10", NULL, false},
    {"GET /api/v1/recognitions", "user_id={anna}&from=2026-11-01&to=2026-12-01", NULL, false},
    {"POST /api/v1/recognitions", "",
     "{\"user_id\":{anna},\"badge\":\"mentor\",\"comment\":\"Да\"}", false},
    {"DELETE /api/v1/recognitions/{id}", "", NULL, false},
    /* issue 11: meetings and promises */
    {"GET /api/v1/meetings", "kind=daily&from=2026-11-01&to=2026-12-01", NULL, false},
    {"POST /api/v1/meetings", "",
     "{\"kind\":\"daily\",\"scheduled_at\":\"2026-11-23T09:00\",\"limit_min\":20,"
     "\"participants\":[{anna}]}",
     false},
    {"GET /api/v1/meetings/{id}", "", NULL, false},
    {"PATCH /api/v1/meetings/{id}", "", "{\"scheduled_at\":\"2026-11-23T09:30\",\"limit_min\":25}",
     false},
    {"POST /api/v1/meetings/{id}/start", "", NULL, false},
    {"POST /api/v1/meetings/{id}/close", "", NULL, false},
    {"PUT /api/v1/meetings/{id}/attendance", "",
     "{\"user_id\":{anna},\"attendance\":\"absent\",\"reason\":\"Болеет\"}", false},
    {"PUT /api/v1/meetings/{id}/notes", "", "{\"item\":1,\"notes\":\"Факт: 3 КП\"}", false},
    {"POST /api/v1/meetings/{id}/decisions", "", "{\"text\":\"Звонить до 11:00\"}", false},
    {"DELETE /api/v1/meetings/{id}/decisions", "index=1", NULL, false},
    {"GET /api/v1/meetings/{id}/protocol", "", NULL, false},
    {"GET /api/v1/meeting-templates", "", NULL, false},
    {"PUT /api/v1/meeting-templates", "", "{\"kind\":\"daily\",\"items\":[\"Факт\",\"План\"]}",
     false},
    {"GET /api/v1/promises", "user_id={anna}&status=open&from=2026-11-01&to=2026-12-01", NULL,
     false},
    {"POST /api/v1/promises", "",
     "{\"user_id\":{anna},\"text\":\"3 КП\",\"due_at\":\"2026-11-27T18:00\",\"deal_id\":{deal},"
     "\"client_id\":{client},\"metric\":\"calls\",\"target\":30,\"meeting_id\":{meeting}}",
     false},
    {"GET /api/v1/promises/record", "user_id={anna}&from_month=2026-01&to_month=2026-12", NULL,
     false},
    {"GET /api/v1/promises/{id}", "", NULL, false},
    {"POST /api/v1/promises/{id}/resolve", "", "{\"status\":\"kept\",\"comment\":\"Да\"}", false},
    /* issue 12, item 4: channels */
    {"GET /api/v1/reports/channels", "from=2026-11-01&to=2026-11-30&as_of=2026-11-30&by=region",
     NULL, false},
    {"GET /api/v1/reports/channel-dynamics", "metric=revenue&channel=web&as_of=2026-11-30", NULL,
     false},
    {"GET /api/v1/reports/channel-plans", "period=2026-11&as_of=2026-11-30", NULL, false},
    {"PUT /api/v1/channel-plans/{channel}/{month}", "", "{\"leads\":100,\"quality\":0.4}", false},
    {"GET /api/v1/marketing-spend", "from=2026-01&to=2026-12", NULL, false},
    {"PUT /api/v1/marketing-spend/{channel}/{month}", "", "{\"amount\":150000}", false},
    {"DELETE /api/v1/marketing-spend/{channel}/{month}", "", NULL, false},
    /* issue 14, item 1: hiring */
    {"GET /api/v1/vacancies", "status=open", NULL, false},
    {"POST /api/v1/vacancies", "",
     "{\"title\":\"Менеджер B2B\",\"team\":\"Север\",\"openings\":1,\"description\":\"Да\"}",
     false},
    {"GET /api/v1/vacancies/{id}", "", NULL, false},
    {"PATCH /api/v1/vacancies/{id}", "", "{\"openings\":3,\"status\":\"open\"}", false},
    {"GET /api/v1/candidates", "stage=response&source=hh.ru&q=%D0%9E", NULL, false},
    {"POST /api/v1/candidates", "",
     "{\"vacancy_id\":1,\"name\":\"Пётр\",\"email\":\"p@example.com\",\"phone\":\"+7 900\","
     "\"source\":\"hh.ru\",\"notes\":\"Да\"}",
     false},
    {"GET /api/v1/candidates/{id}", "", NULL, false},
    {"PATCH /api/v1/candidates/{id}", "", "{\"notes\":\"Звонил\",\"source\":\"сайт\"}", false},
    {"POST /api/v1/candidates/{id}/stage", "", "{\"stage\":\"screening\"}", false},
    {"PUT /api/v1/candidates/{id}/cv", "filename=cv.txt", NULL, false},
    {"GET /api/v1/candidates/{id}/cv", "", NULL, false},
    {"GET /api/v1/candidates/{id}/scores", "", NULL, false},
    {"POST /api/v1/candidates/{id}/scores", "",
     "{\"kind\":\"interview\",\"scores\":[{\"criterion_id\":1,\"score\":4,\"comment\":\"Да\"}]}",
     false},
    {"POST /api/v1/candidates/{id}/hire", "",
     "{\"email\":\"hired@example.com\",\"role\":\"manager\",\"team\":\"Север\","
     "\"start_date\":\"2026-12-01\",\"name\":\"Ольга\"}",
     false},
    {"GET /api/v1/hiring/summary", "from=2026-01-01&to=2026-12-31&vacancy=1", NULL, false},
    /* issue 14, item 2: onboarding */
    {"GET /api/v1/onboarding/templates", "", NULL, false},
    {"PUT /api/v1/onboarding/templates", "",
     "{\"role\":\"manager\",\"items\":[{\"title\":\"Продукт\",\"kind\":\"product\","
     "\"due_day\":3,\"document_id\":null}]}",
     false},
    {"GET /api/v1/onboarding", "user_id={anna}&mentor_id={anna}&status=open", NULL, false},
    {"POST /api/v1/onboarding", "",
     "{\"user_id\":{anna},\"mentor_id\":null,\"start_date\":\"2026-11-02\"}", false},
    {"GET /api/v1/onboarding/{id}", "", NULL, false},
    {"PATCH /api/v1/onboarding/{id}", "", "{\"mentor_id\":null,\"status\":\"open\"}", false},
    {"PATCH /api/v1/onboarding/{id}/items/{n}", "", "{\"done\":true}", false},
    {"GET /api/v1/onboarding/{id}/rampup", "", NULL, false},
    {"GET /api/v1/hiring/criteria", "", NULL, false},
    {"POST /api/v1/hiring/criteria", "", "{\"name\":\"Честность\"}", false},
    {"PATCH /api/v1/hiring/criteria/{id}", "",
     "{\"name\":\"Энергичность\",\"position\":9,\"archived\":false}", false},
};

static struct spec *spec_of(const char *op)
{
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
        if (strcmp(specs[i].op, op) == 0)
            return &specs[i];
    return NULL;
}

/* t with {name} replaced by the id of that name (g_free). */
static char *subst(const char *t)
{
    const struct {
        const char *name;
        int64_t id;
    } v[] = {{"anna", ids.anna},
             {"user", ids.user},
             {"token", ids.token},
             {"team", ids.team},
             {"product", ids.product},
             {"pipeline", ids.pipeline},
             {"stage", ids.stage},
             {"holiday", ids.holiday},
             {"client", ids.client},
             {"deal", ids.deal},
             {"activity", ids.activity},
             {"task", ids.task},
             {"payment", ids.payment},
             {"contact", ids.contact},
             {"note", ids.note},
             {"meeting", ids.meeting},
             {"review_checklist", ids.review_checklist},
             {"document", ids.document},
             {"attestation", ids.attestation}};
    GString *s = g_string_new(NULL);
    for (const char *p = t; *p;) {
        bool done = false;
        if (*p == '{')
            for (size_t i = 0; i < sizeof v / sizeof v[0] && !done; i++) {
                size_t n = strlen(v[i].name);
                if (strncmp(p + 1, v[i].name, n) == 0 && p[n + 1] == '}') {
                    g_string_append_printf(s, "%lld", (long long)v[i].id);
                    p += n + 2;
                    done = true;
                }
            }
        if (!done)
            g_string_append_c(s, *p++);
    }
    return g_string_free(s, FALSE);
}

/* {"files":{...}}: tests/data/import-good's files but users.csv and
 * plans.csv (a user's row would change the callers' roles), their users
 * replaced by anna (g_free). */
static char *import_valid;

static char *import_body(void)
{
    static const char *const names[] = {"pipelines.csv", "products.csv",      "clients.csv",
                                        "deals.csv",     "stage_changes.csv", "activities.csv",
                                        "tasks.csv",     "payments.csv",      "holidays.csv",
                                        "nps.csv",       "spend.csv"};
    const char *src = getenv("VO_SOURCE_DIR");
    json_t *files = json_object();
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *path = g_build_filename(src ? src : VO_SOURCE_DIR, "tests", "data", "import-good",
                                      names[i], NULL);
        char *text = NULL;
        cr_assert(g_file_get_contents(path, &text, NULL, NULL), "cannot read %s", path);
        const char *from[] = {"ivan@example.com", "Олег Сидоров"};
        for (size_t k = 0; k < 2; k++) {
            char **parts = g_strsplit(text, from[k], -1);
            g_free(text);
            text = g_strjoinv("anna@example.com", parts);
            g_strfreev(parts);
        }
        json_object_set_new(files, names[i], json_string(text));
        g_free(text);
        g_free(path);
    }
    json_t *body = json_pack("{s:o}", "files", files);
    char *t = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    char *out = g_strdup(t);
    free(t);
    return out;
}

/* The real object of a path's {id}: by the segment before it. */
static int64_t real_id(const char *path)
{
    const struct {
        const char *seg;
        int64_t id;
    } v[] = {{"/users/", ids.user},
             {"/tokens/", ids.token},
             {"/teams/", ids.team},
             {"/products/", ids.product},
             {"/pipelines/", ids.pipeline},
             {"/stages/", ids.stage},
             {"/holidays/", ids.holiday},
             {"/clients/", ids.client},
             {"/deals/", ids.deal},
             {"/activities/", ids.activity},
             {"/tasks/", ids.task},
             {"/payments/", ids.payment},
             {"/notifications/", ids.notification},
             {"/custom-fields/", ids.custom_field},
             {"/loss-reasons/", ids.loss_reason},
             {"/contacts/", ids.contact},
             {"/notes/", ids.note},
             {"/saved-filters/", ids.saved_filter},
             {"/competitions/", ids.competition},
             {"/bonus-schemes/", ids.bonus_scheme},
             {"/recognitions/", ids.recognition},
             {"/webhooks/", ids.webhook},
             {"/trainings/", ids.training}, /* issue 14, item 4 */
             {"/idp/goals/", ids.idp_goal}, /* issue 14, item 7 */
             {"/idp/actions/", ids.idp_action},
             {"/idp/", ids.idp},
             {"/reviews/", ids.review},
             {"/attestations/", ids.attestation}, /* issue 14, item 6 */
             {"/attestation-attempts/", ids.attempt},
             {"/review-checklists/", ids.review_checklist},
             {"/action-plans/items/", ids.action},
             {"/documents/", ids.document},
             {"/meetings/", ids.meeting},
             {"/promises/", ids.promise},
             {"/nps/", ids.nps}, /* after /clients/: /clients/{id}/nps/link is a client's */
             {"/vacancies/", ids.vacancy}, /* issue 14, item 1 */
             {"/candidates/", ids.candidate},
             {"/hiring/criteria/", ids.criterion},
             {"/onboarding/", ids.onboarding}, /* issue 14, item 2 */
             /* issue 12: a channel named "1" (its month stays "{month}": refused) */
             {"/marketing-spend/", 1},
             {"/channel-plans/", 1},
             {"/key-accounts/", ids.client}}; /* issue 12, item 1 */
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strstr(path, v[i].seg))
            return v[i].id;
    cr_assert_fail("no real object for %s: add it to real_id", path);
    return 0;
}

/* ---- one request, checked ---- */

/* What is being sent, for the alarm's message (written by the handler). */
static char current[1024];
static size_t current_len;

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "\napi fuzz: no answer within the deadline: ";
    ssize_t rc = write(2, msg, sizeof msg - 1);
    rc = write(2, current, current_len);
    rc = write(2, "\n", 1);
    (void)rc;
    _exit(3);
}

static const char *shown(const char *s, size_t len)
{
    static char bufs[3][400];
    static int next;
    char *buf = bufs[next++ % 3];
    enum { bufsz = sizeof bufs[0] };
    if (!s)
        return "(none)";
    size_t n = len < bufsz - 1 ? len : bufsz - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = s[i] == '\0' ? '?' : s[i];
    buf[n] = '\0';
    if (len > n)
        strcpy(buf + bufsz - 20, "...(truncated)");
    return buf;
}

/* The documented error body: {"error":{"code","message","field",
 * "message_id","message_ru"}}, all five keys and nothing else, as
 * application/json; a message with an id has its Russian text. NULL when
 * it is. */
static const char *error_shape_wrong(const struct vo_test_resp *r)
{
    if (!r->content_type || strncmp(r->content_type, "application/json", 16) != 0)
        return "the content type is not application/json";
    if (!json_is_object(r->json) || json_object_size(r->json) != 1)
        return "the body is not an object with one key";
    json_t *e = json_object_get(r->json, "error");
    if (!json_is_object(e) || json_object_size(e) != 5)
        return "error is not an object of five keys";
    json_t *id = json_object_get(e, "message_id"), *ru = json_object_get(e, "message_ru");
    if (!id || !ru || !(json_is_null(id) || json_string_length(id)) ||
        !(json_is_null(ru) || json_string_length(ru)))
        return "error.message_id or error.message_ru is not a non-empty string or null";
    if (json_is_string(id) && !json_is_string(ru))
        return "error.message_id without error.message_ru";
    const char *code = json_string_value(json_object_get(e, "code"));
    const char *msg = json_string_value(json_object_get(e, "message"));
    json_t *field = json_object_get(e, "field");
    if (!code || !*code || !msg || !*msg)
        return "error.code or error.message is not a non-empty string";
    if (!field || !(json_is_null(field) || (json_is_string(field) && json_string_length(field))))
        return "error.field is not a non-empty string or null";
    return NULL;
}

/* Credentials that are not: sent as anonymous with a cookie or a token
 * (cred_cookie / cred_bearer, when set, replace the caller's). */
static const char *cred_cookie, *cred_bearer;

/* Sends one request as w and checks it; expect is the exact status when
 * known (0 = any that is not 5xx). Returns the status. */
static int send_checked(const char *method, const char *path, enum who w, bool csrf,
                        const char *ctype, const char *body, size_t len, int expect)
{
    const char *cookie = cred_cookie ? cred_cookie : w >= ADMIN ? logins[w].cookie : NULL;
    const char *token = csrf && w >= ADMIN && strcmp(method, "GET") ? logins[w].csrf : NULL;
    const char *btoken = cred_bearer ? cred_bearer : w == BEARER ? bearer : NULL;
    int n = snprintf(current, sizeof current, "as %s%s%s%s%s%s: %s %s, body %s", who_name[w],
                     csrf ? "" : " (no CSRF)", cred_cookie ? " with cookie " : "",
                     cred_cookie ? shown(cred_cookie, strlen(cred_cookie)) : "",
                     cred_bearer ? " with token " : "",
                     cred_bearer ? shown(cred_bearer, strlen(cred_bearer)) : "", method, path,
                     shown(body, len));
    current_len = n < 0 ? 0 : (size_t)n < sizeof current ? (size_t)n : sizeof current - 1;
    gint64 t0 = g_get_monotonic_time();
    alarm(2 * DEADLINE_S);
    struct vo_test_resp r = body ? vo_test_http_raw(port, method, path, cookie, token, btoken,
                                                    ctype ? ctype : "application/json", body, len)
                                 : vo_test_http(port, method, path, cookie, token, btoken, NULL);
    alarm(0);
    double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
    sent++;
    cr_assert(secs < DEADLINE_S, "%s: answered after %.1f s (seed %u)", current, secs, seed);
    cr_assert(r.status >= 200 && r.status < 500, "%s: %d %s (seed %u)", current, r.status,
              shown(r.body, strlen(r.body)), seed);
    /* the import's report of problems is its documented 422
     * (docs/api-config.md, "Import"), not an error body */
    bool report = r.status == 422 && strncmp(path, "/api/v1/import", 14) == 0 &&
                  json_is_array(json_object_get(r.json, "problems")) &&
                  json_is_false(json_object_get(r.json, "committed"));
    /* a bulk write's refused items are its documented 422 beside the
     * error (docs/api-crm.md, "Bulk writes"): the error checked without
     * them, and each of them an error with its index */
    json_t *refused =
        r.status == 422 && strstr(path, "/bulk") ? json_object_get(r.json, "items") : NULL;
    struct vo_test_resp bare = r;
    if (json_is_array(refused)) {
        bare.json = json_copy(r.json);
        json_object_del(bare.json, "items");
        size_t i;
        json_t *it;
        json_array_foreach(refused, i, it)
        {
            cr_assert(json_is_integer(json_object_get(it, "index")) &&
                          json_is_string(json_object_get(it, "code")) &&
                          json_is_string(json_object_get(it, "message")),
                      "%s: refused item %zu without index, code, message (seed %u)", current, i,
                      seed);
        }
    }
    if (r.status >= 400 && !report) {
        const char *wrong = error_shape_wrong(&bare);
        cr_assert(!wrong, "%s: %d, %s: Content-Type %s, %s (seed %u)", current, r.status, wrong,
                  r.content_type ? r.content_type : "(none)", shown(r.body, strlen(r.body)), seed);
    }
    if (bare.json != r.json)
        json_decref(bare.json);
    /* GET /metrics answers the Prometheus text format (docs/OPERATIONS.md) */
    bool metrics_text = strncmp(path, "/metrics", 8) == 0 && (!path[8] || path[8] == '?') &&
                        r.content_type &&
                        strcmp(r.content_type, "text/plain; version=0.0.4; charset=utf-8") == 0;
    /* a candidate's CV answers the file as it was uploaded (issue 14) */
    const char *cv = strncmp(path, "/api/v1/candidates/", 19) == 0 ? strstr(path, "/cv") : NULL;
    bool cv_file = cv && (!cv[3] || cv[3] == '?') && strcmp(method, "GET") == 0;
    if (r.status < 300 && !metrics_text && !cv_file)
        cr_assert(r.content_type && strncmp(r.content_type, "application/json", 16) == 0 &&
                      (json_is_object(r.json) || json_is_array(r.json)),
                  "%s: %d, not a JSON document: Content-Type %s, %s (seed %u)", current, r.status,
                  r.content_type ? r.content_type : "(none)", shown(r.body, strlen(r.body)), seed);
    if (expect)
        cr_assert_eq(r.status, expect, "%s: %d, want %d: %s (seed %u)", current, r.status, expect,
                     shown(r.body, strlen(r.body)), seed);
    if (verbose)
        fprintf(stderr, "%d %.1f ms %s\n", r.status, secs * 1e3, current);
    status_count[r.status / 100]++;
    int status = r.status;
    vo_test_resp_free(&r);
    return status;
}

static void health(void)
{
    struct vo_test_resp r = vo_test_http(port, "GET", "/api/v1/health", NULL, NULL, NULL, NULL);
    cr_assert_eq(r.status, 200, "the server no longer answers after %s: %d", current, r.status);
    vo_test_resp_free(&r);
}

/* ---- set-up: a company with one of everything ---- */

static int64_t created(enum who w, const char *path, const char *body_t)
{
    char *body = subst(body_t);
    struct vo_test_resp r = vo_test_as(port, &logins[w], "POST", path, body);
    cr_assert(r.status == 201 || r.status == 200, "seed %s %s: %d %s", path, body, r.status,
              r.body);
    int64_t id = json_integer_value(json_object_get(r.json, "id"));
    cr_assert(id > 0, "seed %s: no id in %s", path, r.body);
    vo_test_resp_free(&r);
    g_free(body);
    return id;
}

static void add_pipeline(struct vo_store *st, struct vo_svc *svc)
{
    static const char *const stages[] = {"Новая", "КП"};
    vo_api_add_pipeline(st, svc, stages, 2);
}

static void setup(void)
{
    const char *s = getenv("VO_API_FUZZ_SEED");
    seed = s && *s ? (unsigned)strtoul(s, NULL, 10) : SEED_DEFAULT;
    only = getenv("VO_API_FUZZ_ROUTE");
    if (only && !*only)
        only = NULL;
    rng = g_rand_new_with_seed(seed);
    verbose = getenv("VO_API_FUZZ_VERBOSE") != NULL;
    struct vo_server_opts o = {
        .threads = 2, .body_limit = 256 * 1024, .import_limit = 512 * 1024, .per_ip_limit = -1};
    vo_test_company_start(&co, &o, add_pipeline);
    port = co.port;
    ids.anna = co.manager_id;
    signal(SIGALRM, on_alarm);
    import_valid = import_body();
    logins[ADMIN] = vo_test_login_as(port, "admin@example.com", VO_TEST_PASSWORD);
    logins[HEAD] = vo_test_login_as(port, "head@example.com", VO_TEST_PASSWORD);
    logins[MANAGER] = vo_test_login_as(port, "anna@example.com", VO_TEST_PASSWORD);
    logins[VIEWER] = vo_test_login_as(port, "viewer@example.com", VO_TEST_PASSWORD);
    /* the token is the head's; another one is the target of DELETE */
    char *tb = g_strdup_printf("{\"name\":\"fuzz\",\"user_id\":%lld}", (long long)co.head_id);
    struct vo_test_resp r = vo_test_as(port, &logins[ADMIN], "POST", "/api/v1/tokens", tb);
    cr_assert_eq(r.status, 201, "token: %d %s", r.status, r.body);
    bearer = g_strdup(json_string_value(json_object_get(r.json, "token")));
    cr_assert(bearer);
    vo_test_resp_free(&r);
    g_free(tb);
    ids.token = created(ADMIN, "/api/v1/tokens", "{\"name\":\"target\"}");
    ids.team = created(ADMIN, "/api/v1/teams", "{\"name\":\"Север\"}");
    ids.user = created(ADMIN, "/api/v1/users",
                       "{\"name\":\"Фёдор\",\"email\":\"fuzz@example.com\",\"role\":\"manager\","
                       "\"password\":\"" VO_TEST_PASSWORD "\"}");
    ids.product = created(ADMIN, "/api/v1/products", "{\"name\":\"Станок\",\"price\":100000}");
    r = vo_test_as(port, &logins[ADMIN], "GET", "/api/v1/pipelines", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *pipe = json_array_get(json_object_get(r.json, "items"), 0);
    ids.pipeline = json_integer_value(json_object_get(pipe, "id"));
    ids.stage = json_integer_value(
        json_object_get(json_array_get(json_object_get(pipe, "stages"), 0), "id"));
    cr_assert(ids.pipeline > 0 && ids.stage > 0, "pipelines: %s", r.body);
    vo_test_resp_free(&r);
    ids.holiday = created(ADMIN, "/api/v1/holidays", "{\"date\":\"2026-11-04\",\"name\":\"ДНЕ\"}");
    ids.loss_reason = created(HEAD, "/api/v1/loss-reasons", "{\"name\":\"Закрылись\"}");
    ids.custom_field = created(HEAD, "/api/v1/custom-fields",
                               "{\"entity\":\"deal\",\"key\":\"region\",\"label\":\"Регион\","
                               "\"type\":\"list\",\"options\":[\"Север\",\"Юг\"]}");
    ids.client = created(MANAGER, "/api/v1/clients", "{\"name\":\"Акме\",\"channel\":\"web\"}");
    char *contacts = g_strdup_printf("/api/v1/clients/%lld/contacts", (long long)ids.client);
    ids.contact =
        created(MANAGER, contacts, "{\"name\":\"Иван\",\"phones\":[\"+7 912 345-67-89\"]}");
    g_free(contacts);
    ids.deal = created(MANAGER, "/api/v1/deals",
                       "{\"title\":\"Поставка\",\"client_id\":{client},\"amount\":500000,"
                       "\"pipeline\":\"Продажи\",\"channel\":\"web\"}");
    char *notes = g_strdup_printf("/api/v1/deals/%lld/notes", (long long)ids.deal);
    ids.note = created(MANAGER, notes, "{\"text\":\"Первая\"}");
    g_free(notes);
    ids.saved_filter = created(MANAGER, "/api/v1/saved-filters",
                               "{\"kind\":\"deals\",\"name\":\"Мои\",\"query\":\"status=open\"}");
    ids.competition = created(HEAD, "/api/v1/competitions",
                              "{\"name\":\"Январь\",\"metric\":\"revenue\",\"first_day\":"
                              "\"2199-01-01\",\"last_day\":\"2199-01-31\"}");
    ids.webhook = created(ADMIN, "/api/v1/webhooks",
                          "{\"url\":\"http://127.0.0.1:1/hook\",\"events\":[\"deal.won\"]}");
    ids.recognition =
        created(HEAD, "/api/v1/recognitions", "{\"user_id\":{anna},\"badge\":\"best_month\"}");
    ids.bonus_scheme = created(HEAD, "/api/v1/bonus-schemes",
                               "{\"name\":\"Все\",\"commission\":{\"rate\":0.01},"
                               "\"users\":[\"anna@example.com\"],\"from_month\":\"2026-10\"}");
    ids.action = created(MANAGER, "/api/v1/action-plans/items",
                         "{\"week\":\"2026-W47\",\"what\":\"Позвонить Акме\","
                         "\"day\":\"2026-11-18\",\"deal_id\":{deal}}");
    ids.document = created(HEAD, "/api/v1/documents",
                           "{\"kind\":\"script\",\"title\":\"Холодный звонок\","
                           "\"required\":true,\"body\":\"Добрый день\"}");
    ids.meeting = created(HEAD, "/api/v1/meetings",
                          "{\"kind\":\"daily\",\"scheduled_at\":\"2026-11-23T09:00\"}");
    ids.promise = created(HEAD, "/api/v1/promises",
                          "{\"user_id\":{anna},\"text\":\"3 КП\",\"due_at\":\"2026-11-27\"}");
    /* issue 14, item 1: a vacancy, its candidate, a criterion */
    ids.vacancy = created(HEAD, "/api/v1/vacancies", "{\"title\":\"Менеджер\",\"openings\":2}");
    char *cand =
        g_strdup_printf("{\"vacancy_id\":%lld,\"name\":\"Ольга\"}", (long long)ids.vacancy);
    ids.candidate = created(HEAD, "/api/v1/candidates", cand);
    g_free(cand);
    ids.criterion = created(HEAD, "/api/v1/hiring/criteria", "{\"name\":\"Энергия\"}");
    /* issue 14, item 2: anna's onboarding plan */
    ids.onboarding =
        created(HEAD, "/api/v1/onboarding", "{\"user_id\":{anna},\"start_date\":\"2026-11-02\"}");
    /* issue 12, item 2: an NPS answer of the client (a detractor's) */
    char *nps = g_strdup_printf("/api/v1/clients/%lld/nps", (long long)ids.client);
    ids.nps = created(HEAD, nps, "{\"score\":3,\"comment\":\"Долго\"}");
    g_free(nps);
    ids.activity = created(MANAGER, "/api/v1/activities",
                           "{\"type\":\"call\",\"deal_id\":{deal},\"duration_s\":60}");
    /* issue 14, item 5: a checklist of two items and anna's review by it */
    ids.review_checklist = created(HEAD, "/api/v1/review-checklists",
                                   "{\"name\":\"Звонок\",\"items\":[{\"text\":\"Приветствие\"},"
                                   "{\"text\":\"Следующий шаг\",\"max_score\":2}]}");
    ids.review = created(HEAD, "/api/v1/reviews",
                         "{\"subject_id\":{anna},\"checklist_id\":{review_checklist},"
                         "\"activity_id\":{activity},\"scores\":[2,1]}");
    /* issue 14, item 4: a training anna attends */
    ids.training = created(HEAD, "/api/v1/trainings",
                           "{\"kind\":\"pair\",\"topic\":\"Возражения\","
                           "\"starts_at\":\"2026-12-01T15:00\",\"attendees\":[{anna}]}");
    /* issue 14, item 6: a test of a choice and a free question assigned to
     * anna, and her attempt at it */
    ids.attestation =
        created(HEAD, "/api/v1/attestations",
                "{\"title\":\"Продукт\",\"questions\":[{\"topic\":\"product\",\"kind\":\"single\","
                "\"text\":\"Цена?\",\"options\":[\"10\",\"20\"],\"correct\":[1],\"points\":2},"
                "{\"topic\":\"selling\",\"kind\":\"free\",\"text\":\"Возражение\",\"points\":5}]}");
    char *assign =
        g_strdup_printf("/api/v1/attestations/%lld/assignments", (long long)ids.attestation);
    char *abody = subst("{\"user_id\":{anna},\"due\":\"2026-11-30\"}");
    r = vo_test_as(port, &logins[HEAD], "POST", assign, abody);
    cr_assert_eq(r.status, 201, "seed %s: %s", assign, r.body);
    vo_test_resp_free(&r);
    g_free(abody);
    g_free(assign);
    char *start = g_strdup_printf("/api/v1/attestations/%lld/attempts", (long long)ids.attestation);
    ids.attempt = created(MANAGER, start, "{}");
    g_free(start);
    /* issue 14, item 7: anna's development plan, a goal and its action */
    ids.idp = created(HEAD, "/api/v1/idp",
                      "{\"user_id\":{anna},\"title\":\"ИПР\",\"period_from\":\"2026-11-01\","
                      "\"period_to\":\"2026-12-31\"}");
    char *goals = g_strdup_printf("/api/v1/idp/%lld/goals", (long long)ids.idp);
    ids.idp_goal = created(HEAD, goals,
                           "{\"title\":\"Звонки\",\"due_on\":\"2026-12-31\",\"metric\":"
                           "\"calls\",\"target\":10}");
    g_free(goals);
    char *acts = g_strdup_printf("/api/v1/idp/goals/%lld/actions", (long long)ids.idp_goal);
    ids.idp_action = created(HEAD, acts, "{\"text\":\"Прочитать скрипт\"}");
    g_free(acts);
    ids.task = created(MANAGER, "/api/v1/tasks",
                       "{\"title\":\"Позвонить\",\"due_at\":\"2026-11-25\",\"deal_id\":{deal}}");
    ids.payment = created(MANAGER, "/api/v1/payments",
                          "{\"amount\":100000,\"paid_at\":\"2026-11-20\",\"deal_id\":{deal}}");
    created(HEAD, "/api/v1/plans",
            "{\"period\":\"2026-11\",\"metric\":\"revenue\",\"target\":1000000}");
    /* a deal the head gives anna: her notification */
    created(HEAD, "/api/v1/deals",
            "{\"title\":\"Анне\",\"pipeline\":\"Продажи\",\"owner_id\":{anna}}");
    r = vo_test_as(port, &logins[MANAGER], "GET", "/api/v1/notifications", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    ids.notification = json_integer_value(
        json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "id"));
    cr_assert(ids.notification > 0, "notifications: %s", r.body);
    vo_test_resp_free(&r);
}

static void teardown(void)
{
    for (int w = ADMIN; w < N_WHO; w++)
        vo_test_login_free(&logins[w]);
    g_free(bearer);
    g_free(import_valid);
    bearer = import_valid = NULL;
    if (rng)
        g_rand_free(rng);
    rng = NULL;
    vo_test_company_stop(&co);
}

TestSuite(api_fuzz, .init = setup, .fini = teardown, .timeout = 900);

/* ---- the variants ---- */

static const char *const bad_ids[] = {
    "0",
    "-1",
    "9223372036854775807",
    "99999999999999999999999",
    "abc",
    "12abc",
    "1e3",
    "0x10",
    "%20",
    "%00",
    "%ZZ",
    "x%2Fy",
};

static const char *const bad_query_values[] = {
    "",           "abc",        "0",           "-1",         "1.5",        "99999999999999999999",
    "2026-13-45", "0001-01-01", "9999-12-31",  "1969-12-31", "2201-01-01", "2026-11",
    "%00",        "%ZZ",        "a%20b",       "%E2%82",     "-",          "user:nobody@x",
    "2147483647", "2147483648", "-2147483649", "4294967296", "%2B1",       "%201",
    "0x1A",
};

/* JSON values that are wrong for some field or other. */
static const char *const bad_values[] = {
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "9223372036854775807",
    "-9223372036854775808",
    "1e300",
    "\"\"",
    "\"x\"",
    "\"-1\"",
    "\"0001-01-01\"",
    "\"2026-02-30\"",
    "\"9999-12-31 25:61\"",
    "\"\\u00e9\\ud83d\\ude00\"",
    "[]",
    "{}",
    "[1,\"a\",null]",
    "{\"a\":{\"b\":[]}}",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "-0",
    "1e2",
};

static char *repeat(char c, size_t n)
{
    char *s = g_malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

/* The query string q with argument i (of the '&'-separated list) replaced
 * by "name=value" (value NULL: removed; dup: the argument twice). */
static char *query_with(char **args, size_t i, const char *value, bool dup)
{
    GString *s = g_string_new(NULL);
    for (size_t k = 0; args[k]; k++) {
        const char *a = args[k];
        if (k == i) {
            const char *eq = strchr(a, '=');
            size_t nl = eq ? (size_t)(eq - a) : strlen(a);
            if (dup) {
                g_string_append_printf(s, "%s%s&%.*s=%s", s->len ? "&" : "", a, (int)nl, a,
                                       value ? value : "");
                continue;
            }
            if (!value)
                continue;
            g_string_append_printf(s, "%s%.*s=%s", s->len ? "&" : "", (int)nl, a, value);
            continue;
        }
        g_string_append_printf(s, "%s%s", s->len ? "&" : "", a);
    }
    return g_string_free(s, FALSE);
}

static char *url(const char *path, const char *query)
{
    return query && *query ? g_strdup_printf("%s?%s", path, query) : g_strdup(path);
}

/* path with its {id} replaced by id (and a second parameter, the key
 * accounts' {month}, by a month: issue 12, item 1; a document's version
 * {n} by 1: issue 14, item 3). */
static char *path_with(const char *tpl, const char *id)
{
    const char *b = strchr(tpl, '{');
    if (!b)
        return g_strdup(tpl);
    const char *e = strchr(b, '}');
    const char *month = strstr(e + 1, "{month}"), *n = strstr(e + 1, "{n}");
    if (n)
        return g_strdup_printf("%.*s%s%.*s1%s", (int)(b - tpl), tpl, id, (int)(n - (e + 1)), e + 1,
                               n + 3);
    if (month)
        return g_strdup_printf("%.*s%s%.*s2026-11%s", (int)(b - tpl), tpl, id,
                               (int)(month - (e + 1)), e + 1, month + 7);
    return g_strdup_printf("%.*s%s%s", (int)(b - tpl), tpl, id, e + 1);
}

static const char json_alphabet[] = "{}[]\":,\\0123456789-+.eEtrufalsn \t\n\xff\xc3";
static const char csv_alphabet[] = ",;\"\r\n 0123456789-.:%eE\xd0\xb0\xff";

/* A seeded mutation of text: one to three edits of a byte (from alphabet),
 * or a cut. */
static char *mutate(const char *text, const char *alphabet, size_t *len)
{
    GString *s = g_string_new(text);
    int edits = g_rand_int_range(rng, 1, 4);
    for (int k = 0; k < edits && s->len; k++) {
        gsize at = (gsize)g_rand_int_range(rng, 0, (gint32)s->len);
        char c = alphabet[g_rand_int_range(rng, 0, (gint32)strlen(alphabet))];
        switch (g_rand_int_range(rng, 0, 4)) {
        case 0:
            g_string_erase(s, (gssize)at, 1);
            break;
        case 1:
            g_string_insert_c(s, (gssize)at, c);
            break;
        case 2:
            s->str[at] = c;
            break;
        default:
            g_string_truncate(s, at);
            break;
        }
    }
    *len = s->len;
    return g_string_free(s, FALSE);
}

/* ---- one operation of the document ---- */

struct op {
    const char *method; /* "GET" */
    const char *path;   /* the document's, with {id} */
    unsigned roles;     /* bit per enum who allowed by x-roles */
    bool public_;
    bool has_body;
    const struct spec *spec;
};

/* Whether w is one of the route's roles. */
static bool allowed(const struct op *o, enum who w)
{
    return o->public_ || (o->roles & (1u << w));
}

/* The status a caller outside the route's roles gets. */
static int refusal(const struct op *o, enum who w)
{
    if (allowed(o, w))
        return 0;
    return w == ANON ? 401 : 403;
}

/* Sends vj with its object field key changed: its first keys with every
 * wrong value, and (an import's files) seeded mutations of its texts. */
static void fuzz_inner(const struct op *o, const char *path, enum who w, json_t *vj,
                       const char *key)
{
    json_t *inner = json_object_get(vj, key);
    const char *ik;
    json_t *iv;
    void *tmp;
    size_t nth = 0;
    json_object_foreach_safe(inner, tmp, ik, iv)
    {
        /* the wrong values for the first three keys (the import's files
         * are eleven, each an import: their mutations are enough) */
        for (size_t i = 0; nth < 3 && i < sizeof bad_values / sizeof bad_values[0]; i++) {
            json_t *cp = json_deep_copy(vj);
            json_object_set_new(json_object_get(cp, key), ik,
                                json_loads(bad_values[i], JSON_DECODE_ANY, NULL));
            char *t = json_dumps(cp, JSON_COMPACT);
            send_checked(o->method, path, w, true, NULL, t, strlen(t), 0);
            free(t);
            json_decref(cp);
        }
        nth++;
        if (!json_is_string(iv))
            continue;
        for (int i = 0; i < 8; i++) {
            size_t len = 0;
            char *mut = mutate(json_string_value(iv), csv_alphabet, &len);
            json_t *cp = json_deep_copy(vj);
            json_object_set_new(json_object_get(cp, key), ik, json_stringn_nocheck(mut, len));
            char *t = json_dumps(cp, JSON_COMPACT);
            if (t)
                send_checked(o->method, path, w, true, NULL, t, strlen(t), 0);
            free(t);
            json_decref(cp);
            g_free(mut);
        }
    }
}

/* The import's uploads: multipart bodies (the valid files as parts, odd
 * names and parts, seeded mutations) and archives that are not. */
static void fuzz_upload(const struct op *o, const char *path, enum who w, const char *valid)
{
#define BOUNDARY "vofuzzb0undary"
    static const char *const cts[] = {"multipart/form-data", "multipart/form-data; boundary=x",
                                      "application/zip", "application/zip; x=1"};
    for (size_t i = 0; i < sizeof cts / sizeof cts[0]; i++)
        send_checked(o->method, path, w, true, cts[i], "PK\x03\x04garbage", 11, 0);
    json_t *vj = json_loads(valid, 0, NULL);
    json_t *files = json_object_get(vj, "files");
    GString *good = g_string_new(NULL);
    const char *name;
    json_t *text;
    json_object_foreach(files, name, text)
    {
        g_string_append_printf(good,
                               "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"files\"; "
                               "filename=\"%s\"\r\nContent-Type: text/csv\r\n\r\n%s\r\n",
                               name, json_string_value(text));
    }
    json_decref(vj);
    const char *parts[] = {
        "filename=\"../../deals.csv\"\r\n\r\nid,title\n1,a",
        "filename=\"\"\r\n\r\nid,title\n1,a",
        "filename=\"a.zip\"\r\n\r\nPK\x03\x04garbage",
        "filename=\"a.zip\"\r\n\r\n",
        "filename=\"deals.csv\"\r\n\r\n",
        "filename=\"deals.csv.zip.csv\"\r\n\r\nx",
        "name_only=1\r\n\r\nid,title\n1,a",
    };
    const char *ct = "multipart/form-data; boundary=" BOUNDARY;
    for (size_t i = 0; i <= sizeof parts / sizeof parts[0]; i++) {
        GString *b = g_string_new(good->str);
        if (i < sizeof parts / sizeof parts[0])
            g_string_append_printf(b,
                                   "--" BOUNDARY "\r\nContent-Disposition: form-data; "
                                   "name=\"files\"; %s\r\n",
                                   parts[i]);
        g_string_append(b, "--" BOUNDARY "--\r\n");
        send_checked(o->method, path, w, true, ct, b->str, b->len, 0);
        if (i == 0)
            send_checked(o->method, path, w, true, ct, b->str, b->len / 2, 0); /* cut */
        g_string_free(b, TRUE);
    }
    g_string_append(good, "--" BOUNDARY "--\r\n");
    for (int i = 0; i < 8; i++) {
        size_t len = 0;
        char *mut = mutate(good->str, csv_alphabet, &len);
        send_checked(o->method, path, w, true, ct, mut, len, 0);
        g_free(mut);
    }
    g_string_free(good, TRUE);
#undef BOUNDARY
}

/* Bodies sent to a route that takes one (valid: the spec's, substituted). */
static void fuzz_bodies(const struct op *o, const char *path, enum who w, const char *valid,
                        bool fields)
{
    int ex = refusal(o, w);
    const char *m = o->method;
    static const char *const generic[] = {
        "",
        "null",
        "[]",
        "{}",
        "{",
        "{\"a\":",
        "\"x\"",
        "42",
        "true",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1e400}",
        "{\"name\":\"\xff\xfe\"}",
        "{\"name\":\"a\\u0000b\"}",
        "{} {}",
        "[{}]",
    };
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
        send_checked(m, path, w, true, NULL, generic[i], strlen(generic[i]), ex);
    send_checked(m, path, w, true, NULL, NULL, 0, ex);
    send_checked(m, path, w, true, NULL, "{\"a\":\"x\0y\"}", 11, ex);
    send_checked(m, path, w, true, "text/plain", valid, strlen(valid), ex);
    send_checked(m, path, w, true, "application/x-www-form-urlencoded", "a=1&b=2", 7, ex);
    if (w >= ADMIN && !o->public_) /* a cookie without the CSRF header */
        send_checked(m, path, w, false, NULL, valid, strlen(valid), allowed(o, w) ? 403 : ex);
    if (!allowed(o, w)) {
        send_checked(m, path, w, true, NULL, valid, strlen(valid), ex);
        return;
    }
    if (strstr(o->path, "/import"))
        fuzz_upload(o, path, w, valid);
    /* nesting deeper than the parser's limit, and a body over the limit */
    size_t depth = 5000;
    char *deep = g_malloc(2 * depth + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = '\0';
    send_checked(m, path, w, true, NULL, deep, 2 * depth, 0);
    GString *deepo = g_string_new(NULL);
    for (size_t i = 0; i < 1500; i++)
        g_string_append(deepo, "{\"a\":");
    g_string_append(deepo, "1");
    for (size_t i = 0; i < 1500; i++)
        g_string_append_c(deepo, '}');
    send_checked(m, path, w, true, NULL, deepo->str, deepo->len, 0);
    g_string_free(deepo, TRUE);
    g_free(deep);
    char *big = repeat('x', 300 * 1024);
    char *bigb = g_strdup_printf("{\"name\":\"%s\"}", big);
    send_checked(m, path, w, true, NULL, bigb, strlen(bigb), 0);
    g_free(bigb);
    g_free(big);
    /* the valid body, and it with a seeded mutation */
    send_checked(m, path, w, true, NULL, valid, strlen(valid), 0);
    send_checked(m, path, w, true, NULL, valid, strlen(valid) / 2, 0); /* truncated */
    for (int i = 0; i < 6; i++) {
        size_t len = 0;
        char *mut = mutate(valid, json_alphabet, &len);
        send_checked(m, path, w, true, NULL, mut, len, 0);
        g_free(mut);
    }
    json_t *vj = json_loads(valid, 0, NULL);
    cr_assert(json_is_object(vj), "the spec's body of %s %s is not a JSON object: %s", m, o->path,
              valid);
    /* an unknown field */
    json_t *cp = json_deep_copy(vj);
    json_object_set_new(cp, "no_such_field", json_integer(1));
    char *t = json_dumps(cp, JSON_COMPACT);
    send_checked(m, path, w, true, NULL, t, strlen(t), 0);
    free(t);
    json_decref(cp);
    if (fields) {
        const char *key;
        json_t *v;
        json_object_foreach(vj, key, v)
        {
            if (json_is_object(v))
                fuzz_inner(o, path, w, vj, key);
            /* without the field */
            cp = json_deep_copy(vj);
            json_object_del(cp, key);
            t = json_dumps(cp, JSON_COMPACT);
            send_checked(m, path, w, true, NULL, t, strlen(t), 0);
            free(t);
            json_decref(cp);
            /* the field alone, with each wrong value, and a long text */
            for (size_t i = 0; i <= sizeof bad_values / sizeof bad_values[0]; i++) {
                char *longs = NULL;
                const char *bv = bad_values[i < sizeof bad_values / sizeof bad_values[0] ? i : 0];
                if (i == sizeof bad_values / sizeof bad_values[0]) {
                    char *x = repeat('x', 6000);
                    longs = g_strdup_printf("\"%s\"", x);
                    g_free(x);
                    bv = longs;
                }
                json_t *bj = json_loads(bv, JSON_DECODE_ANY, NULL);
                cr_assert(bj, "bad value %s", bv);
                cp = json_deep_copy(vj);
                json_object_set_new(cp, key, bj);
                t = json_dumps(cp, JSON_COMPACT);
                send_checked(m, path, w, true, NULL, t, strlen(t), 0);
                free(t);
                json_decref(cp);
                g_free(longs);
            }
        }
    }
    json_decref(vj);
}

/* Sends path with argument i of args set to each of its other valid
 * values (good_values). */
static void send_good_values(const char *m, const char *path, char **args, size_t i, enum who w,
                             const char *vb, size_t vlen, int ex)
{
    const char *name = args[i];
    size_t nl = strcspn(name, "=");
    for (size_t g = 0; g < sizeof good_values / sizeof good_values[0]; g++) {
        if (strlen(good_values[g].name) != nl || strncmp(good_values[g].name, name, nl))
            continue;
        for (size_t k = 0; k < 12 && good_values[g].values[k]; k++) {
            char *gv = subst(good_values[g].values[k]);
            char *q = query_with(args, i, gv, false);
            char *u = url(path, q);
            send_checked(m, u, w, true, NULL, vb, vlen, ex);
            g_free(u);
            g_free(q);
            g_free(gv);
        }
    }
}

static void fuzz_op(const struct op *o, enum who w, bool full)
{
    int ex = refusal(o, w);
    const char *m = o->method;
    bool has_id = strchr(o->path, '{') != NULL;
    char rid[32];
    snprintf(rid, sizeof rid, "%lld", has_id ? (long long)real_id(o->path) : 0LL);
    char *path = path_with(o->path, rid);
    char *query = subst(o->spec->query);
    char *valid = !o->spec->body                            ? NULL
                  : strcmp(o->spec->body, IMPORT_BODY) == 0 ? g_strdup(import_valid)
                                                            : subst(o->spec->body);
    char *full_url = url(path, query);
    const char *vb = o->has_body ? valid : NULL;
    size_t vlen = vb ? strlen(vb) : 0;

    /* path parameters */
    if (has_id) {
        char *longid = repeat('9', 700);
        char *longx = repeat('x', 3000);
        for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0] + 2; i++) {
            const char *id = i < sizeof bad_ids / sizeof bad_ids[0]    ? bad_ids[i]
                             : i == sizeof bad_ids / sizeof bad_ids[0] ? longid
                                                                       : longx;
            char *p = path_with(o->path, id);
            char *u = url(p, query);
            /* an escaped id may decode to another path (404) */
            send_checked(m, u, w, true, NULL, vb, vlen, strchr(id, '%') ? 0 : ex);
            g_free(u);
            g_free(p);
            if (!full)
                break;
        }
        g_free(longx);
        g_free(longid);
    }
    /* query arguments */
    char **args = g_strsplit(query, "&", -1);
    size_t nargs = *query ? g_strv_length(args) : 0;
    send_checked(m, path, w, true, NULL, vb, vlen, ex); /* none at all */
    for (size_t i = 0; i < nargs && full; i++) {
        for (size_t k = 0; k < sizeof bad_query_values / sizeof bad_query_values[0]; k++) {
            char *q = query_with(args, i, bad_query_values[k], false);
            char *u = url(path, q);
            send_checked(m, u, w, true, NULL, vb, vlen, ex);
            g_free(u);
            g_free(q);
        }
        send_good_values(m, path, args, i, w, vb, vlen, ex);
        char *q = query_with(args, i, "2", true);
        char *u = url(path, q);
        send_checked(m, u, w, true, NULL, vb, vlen, ex);
        g_free(u);
        g_free(q);
        q = query_with(args, i, NULL, false);
        u = url(path, q);
        send_checked(m, u, w, true, NULL, vb, vlen, ex);
        g_free(u);
        g_free(q);
    }
    {
        char *longv = repeat('7', 4000);
        char *u =
            g_strdup_printf("%s?%s%sunknown=1&%.*s=%s", path, query, *query ? "&" : "",
                            nargs ? (int)strcspn(args[0], "=") : 1, nargs ? args[0] : "x", longv);
        send_checked(m, u, w, true, NULL, vb, vlen, ex);
        g_free(u);
        g_free(longv);
    }
    g_strfreev(args);
    /* bodies */
    if (o->has_body)
        fuzz_bodies(o, full_url, w, valid, full);
    else if (full)
        send_checked(m, full_url, w, true, NULL, "{", 1, ex); /* a body where none is taken */
    /* the valid request last */
    send_checked(m, full_url, w, true, NULL, vb, vlen, ex);
    g_free(full_url);
    g_free(valid);
    g_free(query);
    g_free(path);
}

/* Whether the route table has a PUT of path (as written in the table). */
static bool path_has_put(const char *path)
{
    for (size_t i = 0; i < vo_route_count; i++)
        if (vo_routes[i].method == VO_PUT && strcmp(vo_routes[i].path, path) == 0)
            return true;
    return false;
}

/* Credentials that are not (expired, forged, empty, huge, the other kind),
 * then methods the path does not have (405): once per route. */
static void fuzz_credentials(const struct op *o, bool first_of_path)
{
    char rid[32];
    snprintf(rid, sizeof rid, "%lld", strchr(o->path, '{') ? (long long)real_id(o->path) : 0LL);
    char *path = path_with(o->path, rid);
    const char *vb = o->has_body ? "{}" : NULL;
    char *longc = repeat('a', 5000);
    char *bearer_x = g_strdup_printf("%sx", bearer);
    const char *cookies[] = {"",
                             "x",
                             "0000000000000000000000000000000000000000000000000000000000000000",
                             longc,
                             "%00",
                             "a\"b",
                             bearer,
                             logins[ADMIN].csrf};
    const char *tokens[] = {"", "x", longc, logins[ADMIN].cookie, bearer_x, "Bearer x"};
    int ex = o->public_ ? 0 : 401;
    for (size_t i = 0; i < sizeof cookies / sizeof cookies[0]; i++) {
        cred_cookie = cookies[i];
        send_checked(o->method, path, ANON, true, NULL, vb, vb ? 2 : 0, ex);
    }
    cred_cookie = NULL;
    for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
        cred_bearer = tokens[i];
        send_checked(o->method, path, ANON, true, NULL, vb, vb ? 2 : 0, ex);
    }
    cred_bearer = NULL;
    if (first_of_path) {
        static const char *const methods[] = {"PUT", "OPTIONS", "FOO", "get"};
        for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
            if (i != 0 || !path_has_put(o->path)) /* PUT: unless the path takes it */
                send_checked(methods[i], path, ADMIN, true, NULL, vb, vb ? 2 : 0, 405);
    }
    g_free(bearer_x);
    g_free(longc);
    g_free(path);
}

/* The routes whose requests are slow by design (a password hash of 50 ms
 * and more, an import): the whole matrix for one role only. */
static const char *const slow_ops[] = {"POST /api/v1/session", "POST /api/v1/users",
                                       "POST /api/v1/users/{id}/password", "POST /api/v1/import"};

static unsigned roles_mask(json_t *xroles)
{
    unsigned mask = 0;
    size_t i;
    json_t *v;
    json_array_foreach(xroles, i, v)
    {
        for (int w = BEARER; w < N_WHO; w++)
            if (strcmp(who_role[w], json_string_value(v)) == 0)
                mask |= 1u << w;
    }
    return mask;
}

/* The order of the pass: reads and writes first, DELETEs after them, the
 * sign-out last (it ends the callers' sessions). */
static int phase(const struct op *o)
{
    if (strcmp(o->method, "DELETE") != 0)
        return 0;
    return strcmp(o->path, "/api/v1/session") == 0 ? 2 : 1;
}

/* The reads once more, over what the pass wrote (extreme amounts and
 * dates, renamed stages, changed settings) and in the zone of UTC+14: the
 * valid request and each valid alternative of its arguments, as admin
 * and as the manager. */
static void reread(GArray *ops)
{
    static const char tz[] = "{\"tz\":\"Pacific/Kiritimati\"}";
    send_checked("PATCH", "/api/v1/org", ADMIN, true, NULL, tz, sizeof tz - 1, 200);
    for (guint i = 0; i < ops->len; i++) {
        const struct op *o = &g_array_index(ops, struct op, i);
        char *key = g_strdup_printf("%s %s", o->method, o->path);
        bool skip = strcmp(o->method, "GET") != 0 || (only && !strstr(key, only)) ||
                    strcmp(key, STREAM_OP) == 0;
        g_free(key);
        if (skip)
            continue;
        char rid[32];
        snprintf(rid, sizeof rid, "%lld", strchr(o->path, '{') ? (long long)real_id(o->path) : 0LL);
        char *path = path_with(o->path, rid);
        char *query = subst(o->spec->query);
        char **args = g_strsplit(query, "&", -1);
        size_t nargs = *query ? g_strv_length(args) : 0;
        char *u = url(path, query);
        const enum who ws[] = {ADMIN, MANAGER};
        for (size_t k = 0; k < 2; k++) {
            send_checked("GET", u, ws[k], true, NULL, NULL, 0, refusal(o, ws[k]));
            for (size_t a = 0; a < nargs && allowed(o, ws[k]); a++)
                send_good_values("GET", path, args, a, ws[k], NULL, 0, 0);
        }
        g_free(u);
        g_strfreev(args);
        g_free(query);
        g_free(path);
    }
    health();
}

Test(api_fuzz, every_route_every_role)
{
    struct vo_test_resp doc =
        vo_test_http(port, "GET", "/api/v1/openapi.json", NULL, NULL, NULL, NULL);
    cr_assert_eq(doc.status, 200, "%s", doc.body);
    json_t *paths = json_object_get(doc.json, "paths");
    cr_assert(json_object_size(paths) > 0, "no paths in %s", shown(doc.body, strlen(doc.body)));
    GArray *ops = g_array_new(FALSE, TRUE, sizeof(struct op));
    const char *p;
    json_t *item;
    json_object_foreach(paths, p, item)
    {
        const char *mk;
        json_t *opj;
        json_object_foreach(item, mk, opj)
        {
            struct op o = {.path = p, .has_body = json_object_get(opj, "requestBody") != NULL};
            o.method = strcmp(mk, "get") == 0      ? "GET"
                       : strcmp(mk, "post") == 0   ? "POST"
                       : strcmp(mk, "patch") == 0  ? "PATCH"
                       : strcmp(mk, "put") == 0    ? "PUT"
                       : strcmp(mk, "delete") == 0 ? "DELETE"
                                                   : NULL;
            cr_assert(o.method, "unknown method %s of %s", mk, p);
            json_t *sec = json_object_get(opj, "security");
            o.public_ = json_is_array(sec) && json_array_size(sec) == 0;
            o.roles = roles_mask(json_object_get(opj, "x-roles"));
            char *key = g_strdup_printf("%s %s", o.method, p);
            struct spec *sp = spec_of(key);
            cr_assert(sp, "the route %s has no row in specs[] of test_api_fuzz.c", key);
            cr_assert(!!sp->body == o.has_body, "%s: the document %s a body, the spec %s", key,
                      o.has_body ? "takes" : "takes no", sp->body ? "has one" : "has none");
            cr_assert(o.public_ || o.roles, "%s: no x-roles", key);
            sp->used = true;
            o.spec = sp;
            g_free(key);
            g_array_append_val(ops, o);
        }
    }
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++)
        cr_assert(specs[i].used, "specs[] has %s, which the document does not", specs[i].op);
    fprintf(stderr, "api fuzz: seed %u (VO_API_FUZZ_SEED), %u routes%s%s\n", seed, ops->len,
            only ? ", only " : "", only ? only : "");
    gint64 t0 = g_get_monotonic_time();
    size_t exercised = 0;
    for (int ph = 0; ph <= 2; ph++) {
        if (ph == 1)
            reread(ops);
        for (guint i = 0; i < ops->len; i++) {
            const struct op *o = &g_array_index(ops, struct op, i);
            if (phase(o) != ph)
                continue;
            char *key = g_strdup_printf("%s %s", o->method, o->path);
            if (only && !strstr(key, only)) {
                g_free(key);
                continue;
            }
            long before = sent;
            /* Every caller; the whole matrix for the route's first and
             * last allowed roles (the most and the least privileged), a
             * smaller set for the others and the refused. */
            int first = -1, last = -1;
            bool slow = false; /* hashes a password, or imports: one full matrix */
            for (size_t k = 0; k < sizeof slow_ops / sizeof slow_ops[0]; k++)
                slow |= strcmp(key, slow_ops[k]) == 0;
            for (int w = 0; w < N_WHO; w++)
                if (allowed(o, (enum who)w) && w != BEARER) {
                    if (first < 0)
                        first = w;
                    last = w;
                }
            /* a live stream never ends, so only its refusals (401, 405)
             * are sent here: test_api_events.c reads the stream */
            bool stream = strcmp(key, STREAM_OP) == 0;
            for (int w = 0; w < N_WHO && !stream; w++)
                fuzz_op(o, (enum who)w, w == first || (w == last && !slow));
            bool first_of_path = true;
            for (guint k = 0; k < i; k++)
                first_of_path &= strcmp(g_array_index(ops, struct op, k).path, o->path) != 0;
            if (ph < 2)
                fuzz_credentials(o, first_of_path);
            g_free(key);
            health();
            exercised += sent > before;
        }
    }
    double secs = (double)(g_get_monotonic_time() - t0) / 1e6;
    fprintf(stderr,
            "api fuzz: %zu routes exercised, %ld requests in %.1f s (2xx %ld, 3xx %ld, 4xx %ld)\n",
            exercised, sent, secs, status_count[2], status_count[3], status_count[4]);
    if (!only)
        cr_assert_eq(exercised, ops->len, "%zu of the document's %u routes were exercised",
                     exercised, ops->len);
    g_array_free(ops, TRUE);
    vo_test_resp_free(&doc);
    health();
}
