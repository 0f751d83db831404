/*
 * test_api_hiring.c - hiring through the real HTTP server (issue 14, item
 * 1; docs/hiring.md): a vacancy's four candidates through the stages, the
 * conversion by stage and by source and the time to hire worked out by
 * hand; the bounds (a rejection without its reason, a score out of 1..5);
 * the final interview the head's; the hire that makes a user in one
 * transaction (and changes nothing when the user cannot be made); who sees
 * candidates (the admin and the head; a manager 403 on the collection and
 * 404 on one; another org's 404); a CV uploaded and downloaded byte for
 * byte, a file that is not a CV refused.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start_crm(NULL, false, NULL);
}

TestSuite(api_hiring, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define VACANCIES  "/api/v1/vacancies"
#define CANDIDATES "/api/v1/candidates"
#define CRITERIA   "/api/v1/hiring/criteria"

static const char *cand(int64_t id, const char *tail)
{
    return vo_api_fmt(CANDIDATES "/%lld%s", (long long)id, tail);
}

static int64_t vacancy(const struct vo_test_login *l, const char *title)
{
    return vo_api_create(l, VACANCIES,
                         vo_api_fmt("{\"title\":\"%s\",\"team\":\"Север\",\"openings\":2}", title));
}

static int64_t candidate(const struct vo_test_login *l, int64_t vac, const char *name,
                         const char *source)
{
    return vo_api_create(l, CANDIDATES,
                         vo_api_fmt("{\"vacancy_id\":%lld,\"name\":\"%s\",\"source\":\"%s\"}",
                                    (long long)vac, name, source));
}

/* Moves candidate id through the stages given (NULL-terminated). */
static void move(const struct vo_test_login *l, int64_t id, const char *stage, ...)
{
    va_list ap;
    va_start(ap, stage);
    for (const char *s = stage; s; s = va_arg(ap, const char *)) {
        const char *body = strcmp(s, "rejected") == 0
                               ? "{\"stage\":\"rejected\",\"reason\":\"Нет опыта продаж\"}"
                               : vo_api_fmt("{\"stage\":\"%s\"}", s);
        vo_api_expect(l, "POST", cand(id, "/stage"), body, 200, NULL, s);
    }
    va_end(ap);
}

/* Hires id as l with email; the new user's id. */
static int64_t hire(const struct vo_test_login *l, int64_t id, const char *email)
{
    return vo_api_int(l, "POST", cand(id, "/hire"),
                      vo_api_fmt("{\"email\":\"%s\",\"role\":\"manager\",\"team\":\"Север\","
                                 "\"start_date\":\"2026-04-01\"}",
                                 email),
                      201, "user_id");
}

/* A scorecard of kind on the criteria ids[0..5): scores 1..5, the last
 * one last (when not 5: 1..4 and last). */
static const char *scorecard(const char *kind, const int64_t ids[5], int last)
{
    GString *g = g_string_new(NULL);
    g_string_printf(g, "{\"kind\":\"%s\",\"scores\":[", kind);
    for (int i = 0; i < 5; i++)
        g_string_append_printf(g, "%s{\"criterion_id\":%lld,\"score\":%d,\"comment\":\"ок\"}",
                               i ? "," : "", (long long)ids[i], i < 4 ? i + 1 : last);
    g_string_append(g, "]}");
    const char *out = vo_api_fmt("%s", g->str);
    g_string_free(g, TRUE);
    return out;
}

static double jreal(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_number(v), "%s is not a number", key);
    return json_number_value(v);
}

/* Sets the created_at of candidate id and the moment of its hire. */
static void backdate(int64_t id, const char *created, const char *hired)
{
    vo_api_sql(vo_api_fmt("UPDATE candidates SET created_at = %lld WHERE id = %lld;"
                          "UPDATE candidate_stage_changes SET at = %lld "
                          "WHERE candidate_id = %lld AND to_stage = 'hired'",
                          (long long)vo_test_utc(created), (long long)id,
                          (long long)vo_test_utc(hired ? hired : created), (long long)id));
}

Test(api_hiring, four_candidates_conversion_and_time_to_hire)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t v = vacancy(head, "Менеджер по продажам"), w = vacancy(head, "Старший менеджер");
    int64_t a = candidate(head, v, "Алексей", "hh.ru"), b = candidate(head, v, "Борис", "hh.ru"),
            c = candidate(head, v, "Вера", "рекомендация"), d = candidate(head, v, "Дина", "сайт"),
            e = candidate(head, w, "Егор", "hh.ru");
    move(head, a, "screening", "interview", "final", "offer", NULL);
    move(head, b, "screening", "interview", "rejected", NULL);
    move(head, c, "screening", "interview", "final", "offer", NULL);
    move(head, d, "rejected", NULL);
    move(head, e, "offer", NULL);
    hire(head, a, "alexey@example.com");
    hire(head, c, "vera@example.com");
    hire(head, e, "egor@example.com");
    /* a: 03-01 00:00 -> 03-11 12:00 = 10.5 days; c: 03-02 -> 03-06 = 4
     * days; e (the other vacancy): 03-03 -> 03-05 = 2 days */
    backdate(a, "2026-03-01T00:00:00Z", "2026-03-11T12:00:00Z");
    backdate(b, "2026-03-01T10:00:00Z", NULL);
    backdate(c, "2026-03-02T00:00:00Z", "2026-03-06T00:00:00Z");
    backdate(d, "2026-03-04T00:00:00Z", NULL);
    backdate(e, "2026-03-03T00:00:00Z", "2026-03-05T00:00:00Z");

    json_t *s = vo_api_get_json("head",
                                "/api/v1/hiring/summary?from=2026-03-01T00:00:00Z"
                                "&to=2026-04-01T00:00:00Z",
                                200);
    /* all: 2, 4, 10.5 days: median 4, average 16.5 / 3 = 5.5 */
    json_t *t = json_object_get(s, "time_to_hire");
    cr_assert_eq(jint(t, "hires"), 3);
    cr_assert_float_eq(jreal(t, "median_days"), 4.0, 1e-9);
    cr_assert_float_eq(jreal(t, "average_days"), 5.5, 1e-9);
    /* per vacancy: v's 4 and 10.5 (median = average = 7.25), w's 2 */
    json_t *by = json_object_get(s, "by_vacancy");
    cr_assert_eq(json_array_size(by), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *x = json_array_get(by, i);
        bool is_v = jint(x, "vacancy_id") == v;
        cr_assert_eq(jint(x, "hires"), is_v ? 2 : 1);
        cr_assert_float_eq(jreal(x, "median_days"), is_v ? 7.25 : 2.0, 1e-9);
        cr_assert_float_eq(jreal(x, "average_days"), is_v ? 7.25 : 2.0, 1e-9);
    }
    json_decref(s);

    /* the vacancy v: 4 candidates; reached response 4, screening 3 (a, b,
     * c), interview 3, final 2 (a, c), offer 2, hired 2 */
    s = vo_api_get_json("head",
                        vo_api_fmt("/api/v1/hiring/summary?from=2026-03-01T00:00:00Z"
                                   "&to=2026-04-01T00:00:00Z&vacancy=%lld",
                                   (long long)v),
                        200);
    cr_assert_eq(jint(s, "candidates"), 4);
    cr_assert_eq(jint(s, "rejected"), 2);
    static const struct {
        const char *stage;
        int reached;
        double share; /* of the stage before; < 0: null */
    } want[] = {{"response", 4, -1},   {"screening", 3, 0.75}, {"interview", 3, 1.0},
                {"final", 2, 2.0 / 3}, {"offer", 2, 1.0},      {"hired", 2, 1.0}};
    json_t *stages = json_object_get(s, "stages");
    cr_assert_eq(json_array_size(stages), 6);
    for (size_t i = 0; i < 6; i++) {
        json_t *x = json_array_get(stages, i);
        cr_assert_str_eq(jstr(x, "stage"), want[i].stage);
        cr_assert_eq(jint(x, "reached"), want[i].reached, "%s", want[i].stage);
        if (want[i].share < 0)
            cr_assert(json_is_null(json_object_get(x, "share")));
        else
            cr_assert_float_eq(jreal(x, "share"), want[i].share, 1e-9, "%s", want[i].stage);
    }
    /* by source: hh.ru 2 (a hired, b rejected: 0.5), рекомендация 1 (c
     * hired: 1.0), сайт 1 (d rejected: 0) */
    json_t *src = json_object_get(s, "sources");
    cr_assert_eq(json_array_size(src), 3);
    static const struct {
        const char *source;
        int candidates, hired, rejected;
        double conversion;
    } ws[] = {{"hh.ru", 2, 1, 1, 0.5}, {"рекомендация", 1, 1, 0, 1.0}, {"сайт", 1, 0, 1, 0.0}};
    for (size_t i = 0; i < 3; i++) {
        json_t *x = json_array_get(src, i);
        cr_assert_str_eq(jstr(x, "source"), ws[i].source);
        cr_assert_eq(jint(x, "candidates"), ws[i].candidates, "%s", ws[i].source);
        cr_assert_eq(jint(x, "hired"), ws[i].hired, "%s", ws[i].source);
        cr_assert_eq(jint(x, "rejected"), ws[i].rejected, "%s", ws[i].source);
        cr_assert_float_eq(jreal(x, "conversion"), ws[i].conversion, 1e-9, "%s", ws[i].source);
    }
    t = json_object_get(s, "time_to_hire");
    cr_assert_eq(jint(t, "hires"), 2);
    cr_assert_float_eq(jreal(t, "median_days"), 7.25, 1e-9);
    json_decref(s);

    /* a period holding c's hire alone (03-06) and not a's (03-11) */
    s = vo_api_get_json("head",
                        vo_api_fmt("/api/v1/hiring/summary?from=2026-03-01T00:00:00Z"
                                   "&to=2026-03-10T00:00:00Z&vacancy=%lld",
                                   (long long)v),
                        200);
    t = json_object_get(s, "time_to_hire");
    cr_assert_eq(jint(t, "hires"), 1);
    cr_assert_float_eq(jreal(t, "median_days"), 4.0, 1e-9);
    json_decref(s);

    /* the board's filters */
    cr_assert_eq(vo_api_items(head, vo_api_fmt(CANDIDATES "?vacancy=%lld", (long long)v)), 4);
    cr_assert_eq(vo_api_items(head, CANDIDATES "?stage=rejected"), 2);
    cr_assert_eq(vo_api_items(head, CANDIDATES "?source=hh.ru"), 3);
    cr_assert_eq(vo_api_items(head, CANDIDATES "?q=%D0%B2%D0%B5%D1%80"), 1, "вер: Вера");
    cr_assert_eq(vo_api_items(head, CANDIDATES "?q=%D0%92%D0%95%D0%A0"), 1, "ВЕР: Вера");
    cr_assert_eq(vo_api_items(head, CANDIDATES "?q=%25"), 0, "a %% is a character, not a wildcard");
    json_t *one = vo_api_get_json("head", cand(b, ""), 200);
    cr_assert_str_eq(jstr(one, "stage"), "rejected");
    cr_assert_str_eq(jstr(one, "reject_reason"), "Нет опыта продаж");
    json_decref(one);
    cr_assert_eq(vo_api_audit("candidate.stage", NULL, -1), 13); /* 4 + 3 + 4 + 1 + 1 */
    cr_assert_eq(vo_api_audit("candidate.hire", NULL, -1), 3);
}

Test(api_hiring, bounds_and_scorecards)
{
    const struct vo_test_login *head = vo_api_user("head"), *admin = vo_api_user("admin");
    int64_t v = vacancy(head, "Менеджер");
    int64_t a = candidate(head, v, "Алексей", "hh.ru");
    vo_api_expect(head, "POST", cand(a, "/stage"), "{\"stage\":\"rejected\"}", 422, "reason",
                  "a rejection without its reason");
    vo_api_expect(head, "POST", cand(a, "/stage"), "{\"stage\":\"fired\"}", 422, "stage",
                  "no such stage");
    vo_api_expect(head, "POST", cand(a, "/stage"), "{\"stage\":\"hired\"}", 422, "stage",
                  "hired only by the hire");
    vo_api_expect(head, "POST", VACANCIES, "{\"title\":\"x\",\"openings\":101}", 422, "openings",
                  "openings 1..100");
    vo_api_expect(head, "POST", CANDIDATES,
                  vo_api_fmt("{\"vacancy_id\":%lld,\"name\":\"Б\",\"email\":\"no\"}", (long long)v),
                  422, "email", "a bad e-mail");
    vo_api_expect(head, "POST", CANDIDATES,
                  vo_api_fmt("{\"vacancy_id\":%lld,\"name\":\"Б\",\"source\":5}", (long long)v),
                  422, "source", "a number for a text");
    char *source101 = vo_api_repeat("", "ы", 101);
    vo_api_expect(head, "PATCH", cand(a, ""), vo_api_fmt("{\"source\":\"%s\"}", source101), 422,
                  "source", "a 101-character source");
    g_free(source101);

    /* a closed vacancy takes no candidate */
    int64_t closed = vacancy(head, "Закрытая");
    struct vo_test_resp rc = as(head, "PATCH", vo_api_fmt(VACANCIES "/%lld", (long long)closed),
                                "{\"status\":\"closed\",\"openings\":1}");
    cr_assert_eq(rc.status, 200, "%s", rc.body);
    cr_assert_str_eq(jstr(rc.json, "status"), "closed");
    cr_assert(json_is_string(json_object_get(rc.json, "closed_at")));
    vo_test_resp_free(&rc);
    vo_api_expect(head, "POST", CANDIDATES,
                  vo_api_fmt("{\"vacancy_id\":%lld,\"name\":\"Б\"}", (long long)closed), 422,
                  "vacancy_id", "a closed vacancy");
    cr_assert_eq(vo_api_items(head, VACANCIES "?status=open"), 1);

    /* the default criteria, made on first use */
    json_t *crit = vo_api_list(head, CRITERIA, 5);
    static const char *const names[] = {"Мотивация", "Коммуникация", "Работа с возражениями",
                                        "Опыт продаж", "Обучаемость"};
    int64_t ids[5];
    for (size_t i = 0; i < 5; i++) {
        cr_assert_str_eq(jstr(json_array_get(crit, i), "name"), names[i]);
        ids[i] = jint(json_array_get(crit, i), "id");
    }
    json_decref(crit);
    const char *card = scorecard("interview", ids, 5), *fin = scorecard("final", ids, 5);
    /* 1..5: an average of 3 */
    struct vo_test_resp r = as(head, "POST", cand(a, "/scores"), card);
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_float_eq(jreal(r.json, "interview"), 3.0, 1e-9);
    cr_assert(json_is_null(json_object_get(r.json, "final")));
    cr_assert_eq(json_array_size(json_object_get(r.json, "items")), 5);
    vo_test_resp_free(&r);
    /* a score out of 1..5, a criterion left out */
    vo_api_expect(head, "POST", cand(a, "/scores"), scorecard("interview", ids, 6), 422, "score",
                  "a score of 6");
    vo_api_expect(head, "POST", cand(a, "/scores"), scorecard("interview", ids, 0), 422, "score",
                  "a score of 0");
    vo_api_expect(
        head, "POST", cand(a, "/scores"),
        vo_api_fmt("{\"scores\":[{\"criterion_id\":%lld,\"score\":3}]}", (long long)ids[0]), 422,
        "scores", "four criteria not scored");
    /* the final interview: the head's; a manager's is refused */
    r = as(head, "POST", cand(a, "/scores"), fin);
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_assert_float_eq(jreal(r.json, "final"), 3.0, 1e-9);
    vo_test_resp_free(&r);
    vo_api_expect(vo_api_user("anna"), "POST", cand(a, "/scores"), fin, 404, "id",
                  "a manager scores no final interview");
    /* an archived criterion is scored no more */
    vo_api_expect(admin, "PATCH", vo_api_fmt(CRITERIA "/%lld", (long long)ids[4]),
                  "{\"archived\":true}", 200, NULL, "archive Обучаемость");
    vo_api_expect(head, "POST", cand(a, "/scores"), card, 422, "scores",
                  "an archived criterion scored");
    cr_assert_eq(vo_api_audit("candidate.score", NULL, -1), 2);
}

Test(api_hiring, the_hire_makes_a_user_in_one_transaction)
{
    const struct vo_test_login *head = vo_api_user("head"), *admin = vo_api_user("admin");
    int64_t v = vacancy(head, "Менеджер");
    int64_t a = candidate(head, v, "Алексей Петров", "hh.ru");
    int64_t b = candidate(head, v, "Борис", "сайт");
    move(head, a, "screening", "interview", "final", "offer", NULL);
    move(head, b, "offer", NULL);
    int64_t users = vo_api_count("users"), teams = vo_api_count("teams");
    size_t added = vo_api_audit("user.add", NULL, -1);

    /* a taken e-mail: no user, the candidate not hired */
    struct vo_test_resp r =
        as(head, "POST", cand(b, "/hire"), "{\"email\":\"anna@example.com\",\"team\":\"Юг\"}");
    cr_assert(r.status == 409 || r.status == 422, "%d %s", r.status, r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("users"), users);
    cr_assert_eq(vo_api_count("teams"), teams, "the team Юг not made either");
    json_t *x = vo_api_get_json("head", cand(b, ""), 200);
    cr_assert_str_eq(jstr(x, "stage"), "offer");
    cr_assert(json_is_null(json_object_get(x, "hired_user_id")));
    json_decref(x);
    cr_assert_eq(vo_api_audit("candidate.hire", NULL, -1), 0);
    cr_assert_eq(vo_api_audit("user.add", NULL, -1), added);
    /* a head hires no administrator */
    vo_api_expect(head, "POST", cand(b, "/hire"),
                  "{\"email\":\"b@example.com\",\"role\":\"admin\"}", 403, "role",
                  "a head makes no admin");

    int64_t uid = hire(head, a, "alexey@example.com");
    cr_assert_eq(vo_api_count("users"), users + 1);
    x = vo_api_get_json("admin", vo_api_fmt("/api/v1/users/%lld", (long long)uid), 200);
    cr_assert_str_eq(jstr(x, "name"), "Алексей Петров", "the candidate's name");
    cr_assert_str_eq(jstr(x, "email"), "alexey@example.com");
    cr_assert_str_eq(jstr(x, "role"), "manager");
    cr_assert_str_eq(jstr(x, "team"), "Север");
    cr_assert(json_is_true(json_object_get(x, "active")));
    json_decref(x);
    x = vo_api_get_json("head", cand(a, ""), 200);
    cr_assert_str_eq(jstr(x, "stage"), "hired");
    cr_assert_eq(jint(x, "hired_user_id"), uid);
    cr_assert_str_eq(jstr(x, "start_date"), "2026-04-01");
    json_decref(x);
    /* hired once; never out of hired */
    vo_api_expect(head, "POST", cand(a, "/hire"), "{\"email\":\"again@example.com\"}", 409, NULL,
                  "hired twice");
    vo_api_expect(head, "POST", cand(a, "/stage"), "{\"stage\":\"offer\"}", 409, "stage",
                  "out of hired");
    vo_api_expect(admin, "POST", cand(b, "/hire"),
                  "{\"email\":\"boris.v@example.com\",\"role\":\"viewer\",\"name\":\"Борис В.\"}",
                  201, NULL, "an admin hires any role");
    cr_assert_eq(vo_api_audit("candidate.hire", NULL, -1), 2);
    cr_assert_eq(vo_api_audit("user.add", NULL, -1), added + 2);
}

Test(api_hiring, who_sees_candidates)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna"),
                               *viewer = vo_api_user("viewer"), *admin = vo_api_user("admin");
    int64_t v = vacancy(head, "Менеджер");
    int64_t a = candidate(head, v, "Алексей", "hh.ru");
    vo_api_sql("INSERT INTO orgs(id, name, created_at) VALUES (900, 'Другая', 0);"
               "INSERT INTO vacancies(id, org_id, title, created_at, updated_at) "
               "VALUES (900, 900, 'Чужая', 0, 0);"
               "INSERT INTO candidates(id, org_id, vacancy_id, name, stage_since, created_at, "
               "updated_at) VALUES (900, 900, 900, 'Чужой', 0, 0, 0)");
    struct vo_api_case cases[] = {
        {anna, "GET", CANDIDATES, NULL, 403, NULL, "a manager: the collection"},
        {anna, "POST", CANDIDATES, vo_api_fmt("{\"vacancy_id\":%lld,\"name\":\"x\"}", (long long)v),
         403, NULL, "a manager adds none"},
        {anna, "GET", cand(a, ""), NULL, 404, "id", "a manager: one candidate"},
        {anna, "POST", cand(a, "/stage"), "{\"stage\":\"offer\"}", 404, "id", "nor moves it"},
        {anna, "GET", cand(a, "/scores"), NULL, 404, "id", "nor reads its scores"},
        {anna, "POST", VACANCIES, "{\"title\":\"x\"}", 403, NULL, "a manager opens no vacancy"},
        {anna, "GET", VACANCIES, NULL, 200, NULL, "but reads them"},
        {anna, "GET", "/api/v1/hiring/summary", NULL, 403, NULL, "nor the summary"},
        {viewer, "GET", VACANCIES, NULL, 200, NULL, "a viewer reads vacancies"},
        {viewer, "GET", CANDIDATES, NULL, 403, NULL, "and no candidates"},
        {viewer, "GET", cand(a, ""), NULL, 404, "id", "nor one"},
        {head, "GET", cand(900, ""), NULL, 404, "id", "another org's candidate"},
        {head, "GET", VACANCIES "/900", NULL, 404, "id", "another org's vacancy"},
        {head, "POST", cand(900, "/stage"), "{\"stage\":\"offer\"}", 404, "id", "nor moves it"},
        {admin, "GET", cand(a, ""), NULL, 200, NULL, "the admin reads"},
        {head, "PATCH", cand(a, ""), "{\"notes\":\"Сильный\",\"phone\":\"+7 900 000-00-00\"}", 200,
         NULL, "the head writes"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL}};
    vo_api_expect_all(cases);
    cr_assert_eq(vo_api_items(head, CANDIDATES), 1, "another org's candidate not listed");
    json_t *x = vo_api_list(anna, VACANCIES, 1);
    cr_assert_eq(jint(json_array_get(x, 0), "candidates"), 1);
    json_decref(x);
}

Test(api_hiring, a_cv_uploaded_and_downloaded)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t v = vacancy(head, "Менеджер");
    int64_t a = candidate(head, v, "Алексей", "hh.ru");
    /* a PDF with every byte value in it */
    GString *pdf = g_string_new("%PDF-1.4\n");
    for (int i = 0; i < 256 * 40; i++)
        g_string_append_c(pdf, (char)(i % 256));
    struct vo_test_resp r = vo_test_http_raw(
        vo_api.port, "PUT", cand(a, "/cv?filename=%D0%A0%D0%B5%D0%B7%D1%8E%D0%BC%D0%B5.pdf"),
        head->cookie, head->csrf, NULL, "application/pdf", pdf->str, pdf->len);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *cv = json_object_get(r.json, "cv");
    cr_assert_str_eq(jstr(cv, "name"), "Резюме.pdf");
    cr_assert_str_eq(jstr(cv, "type"), "application/pdf");
    cr_assert_eq(jint(cv, "size"), (json_int_t)pdf->len);
    vo_test_resp_free(&r);
    r = as(head, "GET", cand(a, "/cv"), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert_eq(r.body_len, pdf->len);
    cr_assert(memcmp(r.body, pdf->str, pdf->len) == 0, "the bytes differ");
    cr_assert_str_eq(r.content_type, "application/pdf");
    cr_assert(r.disposition && strstr(r.disposition, "attachment") &&
                  strstr(r.disposition, "%D0%A0%D0%B5%D0%B7%D1%8E%D0%BC%D0%B5.pdf"),
              "%s", r.disposition ? r.disposition : "(none)");
    vo_test_resp_free(&r);
    /* not a CV: an executable named .pdf, a .exe, a binary .txt */
    static const char elf[] = "\x7f"
                              "ELF\x02\x01\x01";
    struct {
        const char *name, *field;
    } refused[] = {{"cv.pdf", "cv"}, {"cv.exe", "filename"}, {"cv.txt", "cv"}};
    for (size_t i = 0; i < 3; i++) {
        r = vo_test_http_raw(vo_api.port, "PUT",
                             cand(a, vo_api_fmt("/cv?filename=%s", refused[i].name)), head->cookie,
                             head->csrf, NULL, "application/octet-stream", elf, sizeof elf - 1);
        vo_test_expect(&r, 422, refused[i].field, refused[i].name);
        vo_test_resp_free(&r);
    }
    /* over 5 MiB: 413 naming cv */
    char *big = g_malloc(5 * 1024 * 1024 + 1);
    memset(big, 'a', 5 * 1024 * 1024 + 1);
    memcpy(big, "%PDF-", 5);
    r = vo_test_http_raw(vo_api.port, "PUT", cand(a, "/cv?filename=big.pdf"), head->cookie,
                         head->csrf, NULL, "application/pdf", big, 5 * 1024 * 1024 + 1);
    vo_test_expect(&r, 413, "cv", "a CV over 5 MiB");
    vo_test_resp_free(&r);
    g_free(big);
    /* the one uploaded stays */
    r = as(head, "GET", cand(a, "/cv"), NULL);
    cr_assert_eq(r.body_len, pdf->len);
    vo_test_resp_free(&r);
    /* a manager uploads nothing */
    r = vo_test_http_raw(vo_api.port, "PUT", cand(a, "/cv?filename=cv.txt"),
                         vo_api_user("anna")->cookie, vo_api_user("anna")->csrf, NULL, "text/plain",
                         "Резюме", strlen("Резюме"));
    cr_assert_eq(r.status, 403, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_audit("candidate.cv", NULL, -1), 1);
    g_string_free(pdf, TRUE);
}
