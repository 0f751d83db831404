/*
 * test_api_export.c - format=csv and format=xlsx on the list and report
 * routes (src/http/export.c, docs/export.md) through the real server: all
 * rows of a list whatever its length (1,203 deals: three internal pages),
 * the request's filters holding on every page, a manager's export holding
 * their deals only, the headers in Russian with lang=ru and English
 * without, enumerations by their Russian labels, the formula guard, the
 * attachment's name, and the XLSX read back (typed cells: a money number
 * with the currency's format, a date-time serial, a bold header); a
 * report's rows; every list and report route answering an export with
 * Russian headers only; the errors naming "format".
 *
 * The company (vo_api's, plus pipeline Sales with stage New): 1,203 deals
 * created 2026-11-01 10:00 Moscow onward, one a minute; the first is
 * titled =HYPERLINK("http://x"), won, 12,345.67 roubles, owned by Anna;
 * deals 2..602 are won (601), the rest open, owned by the head. So Anna's
 * export has one row, a won filter 602, everything 1,203. One client, task,
 * call and payment give the other lists a row each (their headers).
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api_fixture.h"
#include "fixture.h"
#include "render/sheet.h"
#include "testutil.h"
#include "xlsx_read.h"

#define NDEALS 1203
#define NWON   602

static void extra(struct vo_store *st, struct vo_svc *svc)
{
    vo_fx_use(st, svc);
    int64_t pipe;
    vo_fx_begin_sales(&pipe);
    int64_t s_new = vo_fx_stage(pipe, "New", 1, VO_NULL);
    char ext[32], created[32], closed[32];
    for (int i = 0; i < NDEALS; i++) {
        snprintf(ext, sizeof ext, "E%d", i + 1);
        snprintf(created, sizeof created, "2026-11-%02d %02d:%02d", 1 + i / 600, 10 + i % 600 / 60,
                 i % 60);
        snprintf(closed, sizeof closed, "2026-11-25 12:00");
        bool won = i < NWON;
        vo_fx_deal((struct vo_fx_deal){i == 0 ? "=HYPERLINK(\"http://x\")" : ext, pipe, s_new,
                                       i == 0 ? vo_api.manager_id : vo_api.head_id, 0,
                                       won ? VO_DEAL_WON : VO_DEAL_OPEN, i == 0 ? 1234567 : 1000,
                                       created, won ? closed : NULL, NULL, NULL});
    }
    /* one row of every other list, for their headers */
    int64_t client = vo_fx_client("ООО Ромашка", vo_api.manager_id, "сайт", "Москва");
    vo_fx_task("Позвонить", vo_api.manager_id, 0, "2026-11-02 10:00", "2026-11-03 10:00", NULL);
    vo_fx_act("A1", VO_ACT_CALL, vo_api.manager_id, "2026-11-02 11:00", 0, 120);
    vo_fx_pay("P1", 500000, "2026-11-20 12:00", 0, client);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
}

static void setup(void)
{
    vo_api_start(NULL, extra);
}

TestSuite(api_export, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* GET path as who, which must answer 200 with the content type ctype. */
static struct vo_test_resp get(const char *who, const char *path, const char *ctype)
{
    struct vo_test_resp r = as(vo_api_user(who), "GET", path, NULL);
    cr_assert_eq(r.status, 200, "%s: %d %s", path, r.status, r.body);
    cr_assert_str_eq(r.content_type, ctype, "%s", path);
    return r;
}

static size_t lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

Test(api_export, a_list_exports_every_row_in_russian)
{
    struct vo_test_resp r =
        get("head", "/api/v1/deals?format=csv&lang=ru&sort=id", "text/csv; charset=utf-8");
    cr_expect_eq(lines(r.body), 1 + NDEALS, "%zu lines", lines(r.body));
    cr_expect(g_str_has_prefix(r.body, "ID,Название,ID клиента,Клиент,"), "%.200s", r.body);
    /* the first deal: the formula guarded, the money in roubles, the
     * status by its label */
    const char *row = strchr(r.body, '\n') + 1;
    cr_expect(g_str_has_prefix(row, "1,\"'=HYPERLINK(\"\"http://x\"\")\","), "%.200s", row);
    char *line = g_strndup(row, strcspn(row, "\n"));
    cr_expect(strstr(line, ",Выиграна,12345.67,2026-11-01 10:00,2026-11-25 12:00,"), "%s", line);
    g_free(line);
    cr_expect_str_eq(r.disposition, "attachment; filename=\"____________.csv\"; "
                                    "filename*=UTF-8''%D0%A1%D0%B4%D0%B5%D0%BB%D0%BA%D0%B8.csv");
    vo_test_resp_free(&r);
    /* English headers and codes without lang */
    r = get("head", "/api/v1/deals?format=csv&limit=2", "text/csv; charset=utf-8");
    cr_expect(g_str_has_prefix(r.body, "ID,Title,Client ID,Client,"), "%.200s", r.body);
    cr_expect(strstr(r.body, ",won,12345.67,"), "%.300s", r.body);
    cr_expect_eq(lines(r.body), 1 + NDEALS, "limit is not the export's: every row");
    vo_test_resp_free(&r);
}

Test(api_export, filters_and_ownership_hold_on_every_page)
{
    struct vo_test_resp r =
        get("head", "/api/v1/deals?format=csv&status=won", "text/csv; charset=utf-8");
    cr_expect_eq(lines(r.body), 1 + NWON);
    vo_test_resp_free(&r);
    /* Anna sees her one deal */
    r = get("anna", "/api/v1/deals?format=csv", "text/csv; charset=utf-8");
    cr_expect_eq(lines(r.body), 2, "%s", r.body);
    vo_test_resp_free(&r);
}

/* The column letter (A..Z) whose header in row 1 is name. */
static char column(struct book *b, const char *name)
{
    for (char c = 'A'; c <= 'Z'; c++) {
        char ref[4] = {c, '1', 0};
        if (!xl_cell(b, ref))
            break;
        char *h = xl_cell_string(b, ref);
        bool hit = strcmp(h, name) == 0;
        g_free(h);
        if (hit)
            return c;
    }
    cr_assert_fail("no column \"%s\"", name);
    return 0;
}

Test(api_export, xlsx_cells_are_typed)
{
    struct vo_test_resp r =
        get("head", "/api/v1/deals?format=xlsx&lang=ru&sort=id", VO_SHEET_XLSX_TYPE);
    cr_assert_gt(r.body_len, 1000);
    cr_expect(g_str_has_suffix(r.disposition, ".xlsx"), "%s", r.disposition);
    char *path = g_build_filename(vo_api.dir, "deals.xlsx", NULL);
    cr_assert(g_file_set_contents(path, r.body, (gssize)r.body_len, NULL));
    FILE *f = fopen(path, "rb");
    cr_assert(f);
    struct book b;
    xl_book_open(&b, dup(fileno(f)), r.body_len);
    fclose(f);
    xl_expect_string(&b, "A1", "ID");
    cr_expect(xl_cell_bold(&b, "A1"));
    char ref[4] = {column(&b, "Сумма"), '2', 0};
    cr_expect_float_eq(xl_number(&b, ref), 12345.67, 1e-9);
    cr_expect_str_eq(xl_cell_numfmt(&b, ref), "#,##0.00");
    ref[0] = column(&b, "Создана");
    /* 2026-11-01 is Excel's 46327; 10:00 is 10/24 of a day */
    cr_expect_float_eq(xl_number(&b, ref), 46327 + 10.0 / 24, 1e-9);
    cr_expect_str_eq(xl_cell_numfmt(&b, ref), "dd.mm.yyyy hh:mm");
    ref[0] = column(&b, "Статус");
    xl_expect_string(&b, ref, "Выиграна");
    ref[0] = column(&b, "Название");
    xl_expect_string(&b, ref, "'=HYPERLINK(\"http://x\")");
    xl_book_close(&b);
    g_unlink(path);
    g_free(path);
    vo_test_resp_free(&r);
}

/* A custom field defined for deals is a column under its label even when
 * only the last deal (on the third internal page) has a value: the
 * columns are not only the first page's. */
Test(api_export, a_custom_field_is_a_column_whichever_row_has_it)
{
    const struct vo_test_login *head = vo_api_user("head");
    cr_assert_eq(vo_api_int(head, "POST", "/api/v1/custom-fields",
                            "{\"entity\":\"deal\",\"key\":\"area_m2\",\"label\":\"Площадь\","
                            "\"type\":\"number\"}",
                            201, "position"),
                 1);
    char path[64];
    snprintf(path, sizeof path, "/api/v1/deals/%d", NDEALS);
    struct vo_test_resp r = as(head, "PATCH", path, "{\"custom\":{\"area_m2\":125.5}}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    r = get("head", "/api/v1/deals?format=csv&lang=ru&sort=id", "text/csv; charset=utf-8");
    char *nl = strchr(r.body, '\n');
    cr_assert(nl);
    char *head_row = g_strndup(r.body, (size_t)(nl - r.body));
    cr_expect(g_str_has_suffix(head_row, ",Площадь"), "%s", head_row);
    g_free(head_row);
    cr_expect(g_str_has_suffix(r.body, ",125.5\n"), "%s", r.body + r.body_len - 80);
    /* the first row has none: an empty last cell */
    char *row = g_strndup(nl + 1, strcspn(nl + 1, "\n"));
    cr_expect(g_str_has_suffix(row, ","), "%s", row);
    g_free(row);
    vo_test_resp_free(&r);
    /* English headers keep the org's own label too */
    r = get("head", "/api/v1/deals?format=csv&status=open&sort=id", "text/csv; charset=utf-8");
    cr_expect(strstr(r.body, ",Площадь\n"), "%.300s", r.body);
    vo_test_resp_free(&r);
}

Test(api_export, a_report_exports_its_rows)
{
    struct vo_test_resp r = get("head",
                                "/api/v1/reports/funnel?format=csv&lang=ru&period=2026-11"
                                "&as_of=2026-11-30",
                                "text/csv; charset=utf-8");
    /* one group (the cohort), one stage: one row */
    cr_expect_eq(lines(r.body), 2, "%s", r.body);
    cr_expect(g_str_has_prefix(r.body, "Группировка,Группа,Сделок в когорте,Выиграно,"), "%.300s",
              r.body);
    cr_expect(strstr(r.body, "\n,," G_STRINGIFY(NDEALS) "," G_STRINGIFY(NWON) ",0,601,"), "%s",
              r.body);
    vo_test_resp_free(&r);
}

/* Every list and report route answers an export whose every header has a
 * Cyrillic letter with lang=ru (no English word left on a Russian sheet). */
Test(api_export, every_export_is_russian)
{
    static const char *const paths[] = {
        "/api/v1/deals",
        "/api/v1/clients",
        "/api/v1/tasks",
        "/api/v1/activities",
        "/api/v1/payments",
        "/api/v1/reports/plan-fact?period=2026-11&as_of=2026-11-30&by=user",
        "/api/v1/reports/funnel?period=2026-11&as_of=2026-11-30&by=user",
        "/api/v1/reports/hygiene?as_of=2026-11-30",
        "/api/v1/reports/daily?date=2026-11-30",
        "/api/v1/reports/weekly?date=2026-11-30",
        "/api/v1/reports/monthly?date=2026-11-30",
        "/api/v1/reports/losses?period=2026-11&as_of=2026-11-30",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
        char *path =
            g_strdup_printf("%s%sformat=csv&lang=ru", paths[i], strchr(paths[i], '?') ? "&" : "?");
        struct vo_test_resp r = get("head", path, "text/csv; charset=utf-8");
        char *head = g_strndup(r.body, strcspn(r.body, "\n"));
        /* the header's fields: commas inside quotes do not split */
        bool quoted = false;
        for (char *p = head; *p; p++) {
            if (*p == '"')
                quoted = !quoted;
            else if (*p == ',' && !quoted)
                *p = '\n';
        }
        gchar **cols = g_strsplit(head, "\n", -1);
        for (size_t c = 0; cols[c]; c++) {
            bool cyr = false;
            for (const char *p = cols[c]; *p && !cyr; p = g_utf8_next_char(p)) {
                gunichar u = g_utf8_get_char(p);
                cyr = u >= 0x400 && u <= 0x4FF;
            }
            cr_expect(cyr || strcmp(cols[c], "ID") == 0, "%s: header \"%s\" has no Russian word",
                      paths[i], cols[c]);
        }
        g_strfreev(cols);
        g_free(head);
        vo_test_resp_free(&r);
        g_free(path);
    }
}

Test(api_export, errors_name_the_format)
{
    const struct vo_test_login *head = vo_api_user("head");
    const struct vo_api_case cases[] = {
        {head, "GET", "/api/v1/deals?format=pdf", NULL, 422, "format", "an unknown format"},
        {head, "GET", "/api/v1/teams?format=csv", NULL, 422, "format", "a route without export"},
        {head, "GET", "/api/v1/deals?format=csv&status=nope", NULL, 422, "status",
         "the list's own error"},
        {head, "GET", "/api/v1/reports/losses?format=xlsx&by=user", NULL, 422, "by",
         "the report's own error"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    /* format=json is the JSON itself */
    struct vo_test_resp r = as(head, "GET", "/api/v1/deals?format=json&limit=1", NULL);
    cr_expect_eq(r.status, 200);
    cr_expect_eq(json_array_size(json_object_get(r.json, "items")), 1);
    vo_test_resp_free(&r);
}
