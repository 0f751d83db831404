/*
 * test_api_director.c - the report to the director through the real HTTP
 * server (issue 11; docs/reports.md, "The report to the director"): who
 * reads it (admin, head, viewer; a manager 403), what it refuses naming the
 * field (no date, a period other than month or week), the head's text of a
 * period saved and read back (per period: a week's is not the month's),
 * its bound (1000 characters: 1000 saved, 1001 refused), its audit row,
 * and the XLSX of the page. The figures are tests/cli/director.sh's.
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
    vo_api_start_crm(NULL, false, "Новая", "Переговоры", NULL);
}

TestSuite(api_director, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define REPORT "/api/v1/reports/director"
#define NOTES  "/api/v1/reports/director/notes"

/* The audit rows of director_note.set, each of a director_note. */
static size_t audit(void)
{
    return vo_api_audit("director_note.set", "director_note", -1);
}

/* The note's text in the report of period holding date, read as l. */
static char *note_of(const struct vo_test_login *l, const char *period, const char *date)
{
    struct vo_test_resp r =
        as(l, "GET", vo_api_fmt(REPORT "?period=%s&date=%s&as_of=2026-11-20", period, date), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    json_t *note = json_object_get(r.json, "note");
    char *text = g_strdup(json_string_value(json_object_get(note, "text")));
    cr_assert(text, "no note.text: %s", r.body);
    vo_test_resp_free(&r);
    return text;
}

Test(api_director, who_reads_and_what_is_refused)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna"),
                               *viewer = vo_api_user("viewer"), *admin = vo_api_user("admin");
    const char *q = REPORT "?period=month&date=2026-11-10&as_of=2026-11-20";
    struct vo_api_case cases[] = {
        {head, "GET", q, NULL, 200, NULL, "the head reads"},
        {admin, "GET", q, NULL, 200, NULL, "an admin reads"},
        {viewer, "GET", q, NULL, 200, NULL, "a viewer (the director) reads"},
        {anna, "GET", q, NULL, 403, NULL, "a manager does not"},
        {NULL, "GET", q, NULL, 401, NULL, "nobody signed in"},
        {head, "GET", REPORT "?period=month", NULL, 422, "date", "no date"},
        {head, "GET", REPORT "?period=day&date=2026-11-10", NULL, 422, "period", "a day"},
        {head, "GET", REPORT "?date=2026-11-31", NULL, 422, "date", "no such day"},
        {anna, "PUT", NOTES, "{\"period\":\"month\",\"date\":\"2026-11-10\",\"text\":\"x\"}", 403,
         NULL, "a manager writes no note"},
        {viewer, "PUT", NOTES, "{\"period\":\"month\",\"date\":\"2026-11-10\",\"text\":\"x\"}", 403,
         NULL, "nor does a viewer"},
        {head, "PUT", NOTES, "{\"period\":\"month\",\"date\":\"2026-11-10\"}", 422, "text",
         "no text"},
        {head, "PUT", NOTES, "{\"period\":\"year\",\"date\":\"2026-11-10\",\"text\":\"x\"}", 422,
         "period", "a year"},
        {head, "PUT", NOTES, "{\"period\":\"week\",\"date\":\"10.11.2026\",\"text\":\"x\"}", 422,
         "date", "not a date"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    cr_assert_eq(audit(), 0);
    /* the page's shape with nothing recorded: empty sections, and the three
     * of the other parts not available */
    struct vo_test_resp r = as(head, "GET", q, NULL);
    cr_assert_str_eq(jstr(r.json, "period"), "month");
    cr_assert_str_eq(jstr(r.json, "from"), "2026-11-01");
    cr_assert_str_eq(jstr(r.json, "to"), "2026-11-30");
    cr_assert_eq(json_array_size(json_object_get(r.json, "plan_fact")), 0);
    cr_assert(json_is_null(json_object_get(json_object_get(r.json, "ranking"), "metric")));
    cr_assert_str_eq(jstr(json_object_get(r.json, "funnel"), "pipeline"), "Продажи");
    cr_assert_eq(json_array_size(json_object_get(json_object_get(r.json, "funnel"), "steps")), 2);
    for (const char *const *k = (const char *const[]){"meetings", "promises", "competitions", 0};
         *k; k++)
        cr_assert(json_is_false(json_object_get(json_object_get(r.json, *k), "available")), "%s",
                  *k);
    vo_test_resp_free(&r);
}

Test(api_director, the_heads_text_round_trip_and_bounds)
{
    const struct vo_test_login *head = vo_api_user("head"), *viewer = vo_api_user("viewer");
    struct vo_test_resp r =
        as(head, "PUT", NOTES,
           "{\"period\":\"month\",\"date\":\"2026-11-17\",\"text\":\"Наберу двух менеджеров\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(audit(), 1);
    /* any date of November reads it; the director (viewer) too */
    char *t = note_of(viewer, "month", "2026-11-03");
    cr_assert_str_eq(t, "Наберу двух менеджеров");
    g_free(t);
    /* a week's text is its own: the week of 11-17 (11-16..11-22) has none */
    t = note_of(head, "week", "2026-11-17");
    cr_assert_str_eq(t, "");
    g_free(t);
    r = as(head, "PUT", NOTES,
           "{\"period\":\"week\",\"date\":\"2026-11-22\",\"text\":\"Разберу КП с Анной\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    t = note_of(head, "week", "2026-11-16");
    cr_assert_str_eq(t, "Разберу КП с Анной");
    g_free(t);
    t = note_of(head, "month", "2026-11-30");
    cr_assert_str_eq(t, "Наберу двух менеджеров");
    g_free(t);
    /* stored under each period's first day */
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_director_note n;
    cr_assert_eq(vo_store_director_note_get(st, vo_api.org_id, "month", "2026-11-01",
                                            vo_api_arena(), &n, &e),
                 VO_OK, "%s", e.msg);
    cr_assert_str_eq(n.text, "Наберу двух менеджеров");
    cr_assert_eq(n.updated_by, vo_api.head_id);
    cr_assert_gt(n.updated_at, 0);
    cr_assert_eq(
        vo_store_director_note_get(st, vo_api.org_id, "week", "2026-11-16", vo_api_arena(), &n, &e),
        VO_OK, "%s", e.msg);
    cr_assert_str_eq(n.text, "Разберу КП с Анной");
    vo_store_close(st);
    /* the bound: 1000 characters (two bytes each here) saved, 1001 not */
    char *ok =
        vo_api_repeat("{\"period\":\"month\",\"date\":\"2026-11-01\",\"text\":\"", "я", 1000);
    char *long1 =
        vo_api_repeat("{\"period\":\"month\",\"date\":\"2026-11-01\",\"text\":\"", "я", 1001);
    char *okb = g_strconcat(ok, "\"}", NULL), *longb = g_strconcat(long1, "\"}", NULL);
    vo_api_expect(head, "PUT", NOTES, longb, 422, "text", "1001 characters");
    vo_api_expect(head, "PUT", NOTES, okb, 200, NULL, "1000 characters");
    t = note_of(head, "month", "2026-11-15");
    cr_assert_eq(g_utf8_strlen(t, -1), 1000);
    g_free(t);
    /* "" clears it */
    vo_api_expect(head, "PUT", NOTES,
                  "{\"period\":\"month\",\"date\":\"2026-11-15\",\"text\":\"\"}", 200, NULL,
                  "cleared");
    t = note_of(head, "month", "2026-11-15");
    cr_assert_str_eq(t, "");
    g_free(t);
    cr_assert_eq(audit(), 4);
    g_free(ok);
    g_free(long1);
    g_free(okb);
    g_free(longb);
}

Test(api_director, xlsx_of_the_page)
{
    const struct vo_test_login *head = vo_api_user("head");
    struct vo_test_resp r =
        as(head, "GET", REPORT "?period=month&date=2026-11-10&as_of=2026-11-20&format=xlsx&lang=ru",
           NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(r.body_len > 4 && memcmp(r.body, "PK", 2) == 0, "not a zip");
    vo_test_resp_free(&r);
    r = as(head, "GET", REPORT "?period=month&date=2026-11-10&as_of=2026-11-20&format=csv&lang=ru",
           NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(strstr(r.body, "Раздел,Показатель,Значение,Сравнение"), "%s", r.body);
    cr_assert(strstr(r.body, "Соревнования,Нет данных"), "%s", r.body);
    vo_test_resp_free(&r);
}
