/*
 * test_xlsx.c - exports in spreadsheet files (src/io/xlsx.c, table.c): an
 * .xlsx written by libxlsxwriter read back cell by cell (dates and times
 * by their number format, numbers, a formula's cached value, a boolean,
 * a cell left out, a blank row), the bounds (a cell past column 1000
 * named in the error), Bitrix24's HTML .xls (&nbsp;, <th>, colspan,
 * tbody), the kinds told by the bytes, a binary .xls refused; and
 * POST /api/v1/import with an amoCRM export as an .xlsx part and as an
 * application/zip body, with the figures it leaves in the database.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>
#include <xlsxwriter.h>

#include "api_fixture.h"
#include "io/xlsx.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start(NULL, vo_test_company_boris);
}

TestSuite(xlsx, .timeout = 60);
TestSuite(api_xlsx, .init = setup, .fini = vo_api_stop, .timeout = 120);

/* amoCRM's deal export, as its .xlsx: six deals worked out by hand,
 * won 3102 (45 000) + 3106 (25 000) = 70 000,00; lost 3104 (60 000);
 * open 150 000 + 320 000,50 + 90 000 = 560 000,50. */
static const char *const amo_head[] = {"ID",
                                       "Название сделки",
                                       "Бюджет",
                                       "Ответственный",
                                       "Дата создания сделки",
                                       "Дата закрытия",
                                       "Этап сделки",
                                       "Воронка",
                                       "Причина отказа",
                                       "Компания"};
struct amo_row {
    const char *id, *title;
    double budget;
    const char *owner;
    lxw_datetime created, closed; /* closed.year 0: "не закрыта" */
    const char *stage, *reason, *company;
};
static const struct amo_row amo_rows[] = {
    {"3101",
     "Поставка серверов",
     150000,
     "Анна Смирнова",
     {2024, 3, 12, 10, 15, 0},
     {0},
     "Первичный контакт",
     NULL,
     "ООО \"Ромашка\""},
    {"3102",
     "Лицензии 1С",
     45000,
     "Иван Петров",
     {2024, 3, 13, 11, 0, 0},
     {2024, 3, 20, 16, 40, 0},
     "Успешно реализовано",
     NULL,
     "ИП Васильев"},
    {"3103",
     "Монтаж СКС",
     320000.5,
     "Мария Кузнецова",
     {2024, 3, 14, 9, 30, 0},
     {0},
     "Переговоры",
     NULL,
     "ООО \"Вектор\""},
    {"3104",
     "Аудит сети",
     60000,
     "Анна Смирнова",
     {2024, 3, 15, 12, 0, 0},
     {2024, 3, 22, 10, 0, 0},
     "Закрыто и не реализовано",
     "Дорого",
     NULL},
    {"3105",
     "Видеонаблюдение",
     90000,
     "Иван Петров",
     {2024, 3, 18, 14, 5, 0},
     {0},
     "Принимают решение",
     NULL,
     "ООО \"Ромашка\""},
    {"3106",
     "Сопровождение",
     25000,
     "Мария Кузнецова",
     {2024, 3, 19, 8, 0, 0},
     {2024, 3, 27, 18, 0, 0},
     "Успешно реализовано",
     NULL,
     "ООО \"Вектор\""},
};

/* Writes the amoCRM export to path; Бюджет of 3102 as a formula (its
 * cached value 45000), a blank row after the header. */
static void write_amo(const char *path)
{
    lxw_workbook *wb = workbook_new(path);
    cr_assert(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Сделки");
    lxw_format *dt = workbook_add_format(wb);
    format_set_num_format(dt, "dd.mm.yyyy hh:mm:ss");
    for (lxw_col_t c = 0; c < G_N_ELEMENTS(amo_head); c++)
        worksheet_write_string(ws, 0, c, amo_head[c], NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(amo_rows); i++) {
        const struct amo_row *r = &amo_rows[i];
        lxw_row_t y = (lxw_row_t)i + 2; /* row 2 (0-based 1) left blank */
        worksheet_write_string(ws, y, 0, r->id, NULL);
        worksheet_write_string(ws, y, 1, r->title, NULL);
        if (strcmp(r->id, "3102") == 0)
            worksheet_write_formula_num(ws, y, 2, "=40000+5000", NULL, r->budget);
        else
            worksheet_write_number(ws, y, 2, r->budget, NULL);
        worksheet_write_string(ws, y, 3, r->owner, NULL);
        worksheet_write_datetime(ws, y, 4, (lxw_datetime *)&r->created, dt);
        if (r->closed.year)
            worksheet_write_datetime(ws, y, 5, (lxw_datetime *)&r->closed, dt);
        else
            worksheet_write_string(ws, y, 5, "не закрыта", NULL);
        worksheet_write_string(ws, y, 6, r->stage, NULL);
        worksheet_write_string(ws, y, 7, "Продажи", NULL);
        if (r->reason)
            worksheet_write_string(ws, y, 8, r->reason, NULL);
        if (r->company) /* no company: the cell is not written at all */
            worksheet_write_string(ws, y, 9, r->company, NULL);
    }
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
}

static const char *cell(const struct vo_csv *t, size_t row, const char *col)
{
    int c = vo_csv_col(t, col);
    cr_assert(c >= 0, "no column %s", col);
    return t->rows[row].f[c];
}

static void expect_cell(const struct vo_csv *t, size_t row, const char *col, const char *want)
{
    const char *got = cell(t, row, col);
    if (!want)
        cr_assert_null(got, "row %zu %s: \"%s\", want empty", row, col, got);
    else
        cr_assert(got && strcmp(got, want) == 0, "row %zu %s: \"%s\", want \"%s\"", row, col,
                  got ? got : "(empty)", want);
}

Test(xlsx, cells_of_a_workbook)
{
    char *dir = vo_test_tmpdir();
    char *path = g_build_filename(dir, "leads.xlsx", NULL);
    write_amo(path);
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_csv *t = NULL;
    struct vo_csv_notes notes = {0};
    struct vo_error e = {0};
    cr_assert_eq(vo_table_read(path, "leads.xlsx", NULL, false, &a, &t, &notes, &e), VO_OK, "%s",
                 e.msg);
    cr_assert_eq(t->ncols, G_N_ELEMENTS(amo_head));
    for (size_t c = 0; c < t->ncols; c++)
        cr_assert_str_eq(t->cols[c], amo_head[c]);
    cr_assert(t->dates_iso);
    cr_assert_eq(t->nrows, 6, "the blank row is skipped");
    cr_assert_eq(t->rows[0].line, 3, "a row's line is its number in the sheet");
    expect_cell(t, 0, "ID", "3101");
    expect_cell(t, 0, "Бюджет", "150000");
    expect_cell(t, 0, "Дата создания сделки", "2024-03-12 10:15:00");
    expect_cell(t, 0, "Дата закрытия", "не закрыта");
    expect_cell(t, 1, "Бюджет", "45000"); /* the formula's cached value */
    expect_cell(t, 1, "Дата закрытия", "2024-03-20 16:40:00");
    expect_cell(t, 2, "Бюджет", "320000.5");
    expect_cell(t, 3, "Компания", NULL); /* the cell left out */
    expect_cell(t, 3, "Причина отказа", "Дорого");
    expect_cell(t, 5, "Компания", "ООО \"Вектор\"");
    cr_assert_eq(notes.n, 0);

    /* header only: for telling the export by its headers */
    t = NULL;
    cr_assert_eq(vo_table_read(path, "leads.xlsx", NULL, true, &a, &t, &notes, &e), VO_OK);
    cr_assert_eq(t->ncols, G_N_ELEMENTS(amo_head));
    cr_assert_eq(t->nrows, 0);
    vo_arena_cleanup(&a);
    vo_test_rmtree(dir);
    g_free(path);
    g_free(dir);
}

Test(xlsx, dates_times_and_booleans)
{
    char *dir = vo_test_tmpdir();
    char *path = g_build_filename(dir, "kinds.xlsx", NULL);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *d = workbook_add_format(wb), *tm = workbook_add_format(wb),
               *b14 = workbook_add_format(wb), *q = workbook_add_format(wb);
    format_set_num_format(d, "dd/mm/yy");
    format_set_num_format(tm, "hh:mm");
    format_set_num_format_index(b14, 14);            /* built-in m/d/yyyy */
    format_set_num_format(q, "0.00\" dmy\";[Red]0"); /* d, m, y only quoted: a number */
    const char *head[] = {"date", "time", "builtin", "quoted", "flag", "big", "far"};
    for (lxw_col_t c = 0; c < 7; c++)
        worksheet_write_string(ws, 0, c, head[c], NULL);
    lxw_datetime day = {2024, 2, 29, 0, 0, 0}, at = {0, 0, 0, 14, 30, 0};
    worksheet_write_datetime(ws, 1, 0, &day, d);
    worksheet_write_datetime(ws, 1, 1, &at, tm);
    worksheet_write_number(ws, 1, 2, 1, b14); /* serial 1: 1900-01-01 */
    worksheet_write_number(ws, 1, 3, 45351, q);
    worksheet_write_boolean(ws, 1, 4, 1, NULL);
    worksheet_write_number(ws, 1, 5, 1e20, NULL);
    worksheet_write_number(ws, 2, 2, 61, b14); /* 1900-03-01: past Lotus's 29th of February */
    worksheet_write_boolean(ws, 2, 4, 0, NULL);
    worksheet_write_string(ws, 2, 7, "a note right of the header", NULL);
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);

    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_csv *t = NULL;
    struct vo_csv_notes notes = {0};
    struct vo_error e = {0};
    cr_assert_eq(vo_table_read(path, "kinds.xlsx", NULL, false, &a, &t, &notes, &e), VO_OK, "%s",
                 e.msg);
    expect_cell(t, 0, "date", "2024-02-29");
    expect_cell(t, 0, "time", "14:30:00");
    expect_cell(t, 0, "builtin", "1900-01-01");
    expect_cell(t, 0, "quoted", "45351");
    expect_cell(t, 0, "flag", "TRUE");
    expect_cell(t, 0, "big", "100000000000000000000");
    expect_cell(t, 1, "builtin", "1900-03-01");
    expect_cell(t, 1, "flag", "FALSE");
    cr_assert_eq(notes.n, 1, "the value right of the header is a problem");
    cr_assert_str_eq(notes.v[0].msg, "cell H3 has a value, but its column has no header: ignored");
    cr_assert_eq(notes.v[0].line, 3);
    vo_arena_cleanup(&a);
    vo_test_rmtree(dir);
    g_free(path);
    g_free(dir);
}

Test(xlsx, bounds)
{
    char *dir = vo_test_tmpdir();
    char *path = g_build_filename(dir, "wide.xlsx", NULL);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    worksheet_write_string(ws, 0, 0, "id", NULL);
    worksheet_write_string(ws, 1, 1000, "x", NULL); /* column 1001: ALM */
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_csv *t = NULL;
    struct vo_csv_notes notes = {0};
    struct vo_error e = {0};
    cr_assert_eq(vo_table_read(path, "wide.xlsx", NULL, false, &a, &t, &notes, &e), VO_EINVAL);
    cr_assert_str_eq(e.msg, "wide.xlsx: cell ALM2: a sheet has at most 1000 columns");

    /* a zip that is not a workbook, a binary .xls, an empty workbook */
    vo_test_write(dir, "a.csv", "id\n1\n");
    char *cmd = g_strdup_printf("cd '%s' && zip -q files.zip a.csv", dir);
    cr_assert_eq(vo_test_run(cmd, NULL), 0);
    char *zpath = g_build_filename(dir, "files.zip", NULL);
    cr_assert_eq(vo_table_read(zpath, "files.zip", NULL, false, &a, &t, &notes, &e), VO_EINVAL);
    cr_assert_str_eq(e.msg, "files.zip: a zip archive, not a workbook: unpack it and import its "
                            "files");
    static const char biff[16] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    char *bpath = g_build_filename(dir, "deals.xls", NULL);
    cr_assert(g_file_set_contents(bpath, biff, sizeof biff, NULL));
    cr_assert_eq(vo_table_read(bpath, "deals.xls", NULL, false, &a, &t, &notes, &e), VO_EINVAL);
    cr_assert_str_eq(e.msg, "deals.xls: a binary Excel 97-2003 workbook (.xls): save it as .xlsx "
                            "or CSV and import that");
    cr_assert_str_eq(e.msg_ru, "deals.xls: двоичная книга Excel 97–2003 (.xls): сохраните её как "
                               ".xlsx или CSV и загрузите этот файл");
    wb = workbook_new(path);
    workbook_add_worksheet(wb, NULL);
    cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
    cr_assert_eq(vo_table_read(path, "wide.xlsx", NULL, false, &a, &t, &notes, &e), VO_EINVAL);
    cr_assert_str_eq(e.msg, "wide.xlsx: the file is empty (no header line)");
    vo_arena_cleanup(&a);
    vo_test_rmtree(dir);
    g_free(cmd);
    g_free(zpath);
    g_free(bpath);
    g_free(path);
    g_free(dir);
}

Test(xlsx, bitrix_html_table)
{
    const char *html =
        "<meta http-equiv=\"Content-type\" content=\"text/html;charset=UTF-8\" />\n"
        "<table border=\"1\"><tbody>\n"
        "<tr><th>ID</th><th>Название сделки</th><th>Сумма</th><th>Компания</th></tr>\n"
        "<tr><td>101</td><td> Склад &amp; стеллажи </td><td>240000.00</td><td>&nbsp;</td></tr>\n"
        "<tr><td>&nbsp;</td><td></td><td></td><td></td></tr>\n"
        "<tr><td colspan=\"2\">102</td><td>85000.00</td><td>ООО «Вектор»</td></tr>\n"
        "</tbody></table>\n";
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_csv *t = NULL;
    struct vo_csv_notes notes = {0};
    struct vo_error e = {0};
    cr_assert_eq(vo_table_kind_of(html, strlen(html)), VO_TABLE_HTML);
    cr_assert_eq(vo_xls_html_parse(html, strlen(html), "DEAL.xls", false, &a, &t, &notes, &e),
                 VO_OK, "%s", e.msg);
    cr_assert_eq(t->ncols, 4);
    cr_assert_str_eq(t->cols[1], "Название сделки");
    cr_assert_eq(t->nrows, 2, "the blank row is skipped");
    expect_cell(t, 0, "Название сделки", "Склад & стеллажи");
    expect_cell(t, 0, "Компания", NULL);
    cr_assert_eq(t->rows[1].line, 4);
    expect_cell(t, 1, "ID", "102");
    expect_cell(t, 1, "Название сделки", NULL); /* spanned by the colspan */
    expect_cell(t, 1, "Сумма", "85000.00");
    cr_assert_eq(notes.n, 0);
    const char *none = "<html><body><p>no table</p></body></html>";
    cr_assert_eq(vo_xls_html_parse(none, strlen(none), "x.xls", false, &a, &t, &notes, &e),
                 VO_EINVAL);
    cr_assert_str_eq(e.msg, "x.xls: an HTML file with no table to read");
    cr_assert_eq(vo_table_kind_of("id,name\n", 8), VO_TABLE_CSV);
    vo_arena_cleanup(&a);
}

/* status:count:sum per status of the deals, as import_presets.sh prints. */
static char *deal_figures(void)
{
    char *v = vo_test_sql_text(
        vo_api.db_path,
        vo_test_dialect("SELECT group_concat(x, ' ') FROM (SELECT status || ':' || count(*) || "
                        "':' || coalesce(sum(amount), 0) x FROM deals WHERE ext_id LIKE '31__' "
                        "GROUP BY status ORDER BY status)",
                        "SELECT string_agg(x, ' ' ORDER BY status) FROM (SELECT status, "
                        "status || ':' || count(*) || ':' || coalesce(sum(amount), 0) x FROM "
                        "deals WHERE ext_id LIKE '31__' GROUP BY status) AS g"));
    return v ? v : g_strdup("");
}

Test(api_xlsx, import_an_xlsx)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    char *path = g_build_filename(vo_api.dir, "amocrm_export_leads.xlsx", NULL);
    write_amo(path);
    gchar *book = NULL;
    gsize len = 0;
    cr_assert(g_file_get_contents(path, &book, &len, NULL));
    int64_t before = vo_api_count("deals");

    /* a form's .xlsx part: a dry run, then the import */
    const char *b = "XyZzyBoundary";
    GString *mp = g_string_new(NULL);
    g_string_append_printf(mp,
                           "--%s\r\nContent-Disposition: form-data; name=\"files\"; "
                           "filename=\"amocrm_export_leads.xlsx\"\r\nContent-Type: application/"
                           "vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n",
                           b);
    g_string_append_len(mp, book, (gssize)len);
    g_string_append_printf(mp, "\r\n--%s--\r\n", b);
    char *ct = g_strdup_printf("multipart/form-data; boundary=%s", b);
    struct vo_test_resp r =
        vo_test_http_raw(vo_api.port, "POST", "/api/v1/import?dry_run=1", admin->cookie,
                         admin->csrf, NULL, ct, mp->str, mp->len);
    vo_test_expect(&r, 200, NULL, "an .xlsx part, dry run");
    cr_assert_str_eq(json_string_value(json_object_get(r.json, "preset")), "amocrm", "%s", r.body);
    cr_assert_eq(vo_api_count("deals"), before, "a dry run writes nothing");
    vo_test_resp_free(&r);
    r = vo_test_http_raw(vo_api.port, "POST", "/api/v1/import", admin->cookie, admin->csrf, NULL,
                         ct, mp->str, mp->len);
    vo_test_expect(&r, 200, NULL, "an .xlsx part");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), before + 6);
    char *fig = deal_figures();
    cr_assert_str_eq(fig, "lost:1:6000000 open:3:56000050 won:2:7000000");
    g_free(fig);

    /* the workbook as the whole body (application/zip): read as one
     * workbook, not unpacked; everything unchanged */
    r = vo_test_http_raw(vo_api.port, "POST", "/api/v1/import", admin->cookie, admin->csrf, NULL,
                         "application/zip", book, len);
    vo_test_expect(&r, 200, NULL, "an .xlsx body");
    cr_assert_eq(json_integer_value(json_object_get(r.json, "created")), 0, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), before + 6);

    /* the workbook inside a .zip of files: unpacked, then read */
    char *cmd = g_strdup_printf("cd '%s' && zip -q files.zip amocrm_export_leads.xlsx", vo_api.dir);
    cr_assert_eq(vo_test_run(cmd, NULL), 0, "zip");
    char *zpath = g_build_filename(vo_api.dir, "files.zip", NULL);
    gchar *zip = NULL;
    gsize zlen = 0;
    cr_assert(g_file_get_contents(zpath, &zip, &zlen, NULL));
    r = vo_test_http_raw(vo_api.port, "POST", "/api/v1/import", admin->cookie, admin->csrf, NULL,
                         "application/zip", zip, zlen);
    vo_test_expect(&r, 200, NULL, "an .xlsx in a zip");
    cr_assert_eq(json_integer_value(json_object_get(r.json, "unchanged")), 6 + 3 + 3 + 3, "%s",
                 r.body);
    vo_test_resp_free(&r);

    /* a binary .xls part: 422 naming the file and what to do */
    static const char biff[16] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    GString *bx = g_string_new(NULL);
    g_string_append_printf(bx,
                           "--%s\r\nContent-Disposition: form-data; name=\"files\"; "
                           "filename=\"deals.xls\"\r\n\r\n",
                           b);
    g_string_append_len(bx, biff, sizeof biff);
    g_string_append_printf(bx, "\r\n--%s--\r\n", b);
    r = vo_test_http_raw(vo_api.port, "POST", "/api/v1/import?preset=amocrm", admin->cookie,
                         admin->csrf, NULL, ct, bx->str, bx->len);
    cr_assert_eq(r.status, 422, "%d %s", r.status, r.body);
    cr_assert(strstr(r.body, "deals.xls: a binary Excel 97-2003 workbook (.xls): save it as .xlsx "
                             "or CSV"),
              "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), before + 6);

    g_string_free(bx, TRUE);
    g_free(zip);
    g_free(zpath);
    g_free(cmd);
    g_string_free(mp, TRUE);
    g_free(ct);
    g_free(book);
    g_free(path);
}
