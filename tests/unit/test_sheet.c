/*
 * test_sheet.c - the export sheet (src/render/sheet.c): the CSV bytes of a
 * sheet with every cell type in both languages, and the XLSX read back
 * (libzip for the container, GLib's GMarkup for the XML): each cell's
 * type and value, the number formats of money, ratios and dates, the bold
 * frozen header, the autofilter, the column widths, the formula guard;
 * both the shared-string and the constant-memory (inline string) modes;
 * the bounds and the sticky error; nothing left on disk.
 *
 * The fixture, worked out by hand:
 * - 1,234,567 kopecks are 12345.67 roubles (2 digits); -5 are -0.05;
 *   10^17 kopecks (18 digits, beyond Excel's 15) go out as the text
 *   "1000000000000000.00";
 * - 2026-11-23 is day 20780 from 1970-01-01 (56 years with 14 leap days:
 *   20454, then 304 days of January..October and 22 more), so Excel's
 *   serial is 20780 + 25569 = 46349 (2025-01-01 is 45658; +365 +326);
 * - 06:30 UTC that day is 09:30 in Moscow (UTC+3 all year since 2014):
 *   serial 46349 + 9.5/24 = 46349.395833...
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zip.h>

#include "model/model.h"
#include "render/sheet.h"
#include "testutil.h"
#include "xlsx_read.h"

enum { C_NAME, C_DEALS, C_AMOUNT, C_CONV, C_DUE, C_CREATED, C_WON, C_COUNT };

static const struct vo_sheet_col cols[C_COUNT] = {
    [C_NAME] = {"name", "Название", "Title", VO_SHEET_TEXT},
    [C_DEALS] = {"deals", "Сделок", "Deals", VO_SHEET_INT},
    [C_AMOUNT] = {"amount", "Сумма", "Amount", VO_SHEET_MONEY},
    [C_CONV] = {"conversion", "Конверсия", "Conversion", VO_SHEET_RATIO},
    [C_DUE] = {"due", "Срок", "Due", VO_SHEET_DATE},
    [C_CREATED] = {"created_at", "Создана", "Created", VO_SHEET_DATETIME},
    [C_WON] = {"won", "Выиграна", "Won", VO_SHEET_BOOL},
};

static struct vo_arena arena;
static GTimeZone *moscow;
static char *dir;

static void setup(void)
{
    vo_arena_init(&arena, 0);
    moscow = vo_tz_new("Europe/Moscow");
    cr_assert(moscow);
    dir = vo_test_tmpdir();
}

static void teardown(void)
{
    vo_test_rmtree(dir);
    g_free(dir);
    g_time_zone_unref(moscow);
    vo_arena_cleanup(&arena);
}

TestSuite(sheet, .init = setup, .fini = teardown);

static int64_t utc(int y, int m, int d, int h, int mi)
{
    GDateTime *t = g_date_time_new_utc(y, m, d, h, mi, 0);
    int64_t u = g_date_time_to_unix(t);
    g_date_time_unref(t);
    return u;
}

/* The four rows of the fixture (see the top of the file). */
static void fixture(struct vo_sheet *s)
{
    struct vo_sheet_spec spec = {.cols = cols, .ncols = C_COUNT, .money_digits = 2, .tz = moscow};
    cr_assert_eq(vo_sheet_init(s, &arena, &spec, NULL), VO_OK);

    vo_sheet_row(s); /* every type set */
    vo_sheet_text(s, C_NAME, "Ромашка, ООО");
    vo_sheet_int(s, C_DEALS, 3);
    vo_sheet_money(s, C_AMOUNT, 1234567);
    vo_sheet_ratio(s, C_CONV, 0.125);
    vo_sheet_date(s, C_DUE, (struct vo_date){2026, 11, 23});
    vo_sheet_datetime(s, C_CREATED, utc(2026, 11, 23, 6, 30));
    vo_sheet_bool(s, C_WON, true);

    vo_sheet_row(s); /* a formula, negatives, absent values */
    vo_sheet_text(s, C_NAME, "=HYPERLINK(\"x\")");
    vo_sheet_int(s, C_DEALS, -5);
    vo_sheet_money(s, C_AMOUNT, -5);
    vo_sheet_ratio(s, C_CONV, NAN);
    vo_sheet_datetime(s, C_CREATED, VO_NULL);
    vo_sheet_bool(s, C_WON, false);

    vo_sheet_row(s); /* only a formula-looking text */
    vo_sheet_text(s, C_NAME, "-1+2");
    vo_sheet_int(s, C_DEALS, VO_NULL);
    vo_sheet_money(s, C_AMOUNT, VO_NULL);

    vo_sheet_row(s); /* a TAB first, numbers beyond Excel's 15 digits */
    vo_sheet_text(s, C_NAME, "\tTab");
    vo_sheet_int(s, C_DEALS, 1234567890123456789LL);
    vo_sheet_money(s, C_AMOUNT, 100000000000000000LL);
    vo_sheet_ratio(s, C_CONV, 1.0);
    cr_assert_eq(vo_sheet_status(s, NULL), VO_OK);
}

static char *csv_of(const struct vo_sheet *s, enum vo_sheet_lang lang)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert(f);
    struct vo_error e = {0};
    cr_assert_eq(vo_sheet_write_csv(s, lang, f, &e), VO_OK, "%s", e.msg);
    fclose(f);
    return text;
}

#define ROWS_CSV                                                                                   \
    "\"Ромашка, ООО\",3,12345.67,0.125,2026-11-23,2026-11-23 09:30,true\n"               \
    "\"'=HYPERLINK(\"\"x\"\")\",-5,-0.05,,,,false\n"                                               \
    "'-1+2,,,,,,\n"                                                                                \
    "\"'\tTab\",1234567890123456789,1000000000000000.00,1,,,\n"

/* Starts s, a sheet of the one column col (money without decimals). */
static void one_column(struct vo_sheet *s, const struct vo_sheet_col *col)
{
    struct vo_sheet_spec spec = {.cols = col, .ncols = 1};
    cr_assert_eq(vo_sheet_init(s, &arena, &spec, NULL), VO_OK);
}

Test(sheet, csv_english)
{
    struct vo_sheet s;
    fixture(&s);
    char *got = csv_of(&s, VO_SHEET_EN);
    cr_assert_str_eq(got, "Title,Deals,Amount,Conversion,Due,Created,Won\n" ROWS_CSV);
    free(got);
}

Test(sheet, csv_russian)
{
    struct vo_sheet s;
    fixture(&s);
    char *got = csv_of(&s, vo_sheet_lang_parse("ru"));
    cr_assert_str_eq(got, "Название,Сделок,Сумма,Конверсия,Срок,Создана,Выиграна\n" ROWS_CSV);
    free(got);
}

Test(sheet, csv_money_digits_of_the_currency)
{
    static const struct vo_sheet_col one[] = {{"amount", "Сумма", "Amount", VO_SHEET_MONEY}};
    struct vo_sheet s;
    one_column(&s, one);
    vo_sheet_row(&s);
    vo_sheet_money(&s, 0, 1500); /* 1500 yen */
    vo_sheet_row(&s);
    vo_sheet_money(&s, 0, -7);
    char *got = csv_of(&s, VO_SHEET_EN);
    cr_assert_str_eq(got, "Amount\n1500\n-7\n");
    free(got);
}

Test(sheet, lang_parse)
{
    cr_assert_eq(vo_sheet_lang_parse("ru"), VO_SHEET_RU);
    cr_assert_eq(vo_sheet_lang_parse("en"), VO_SHEET_EN);
    cr_assert_eq(vo_sheet_lang_parse("RU-ru"), VO_SHEET_EN);
    cr_assert_eq(vo_sheet_lang_parse(NULL), VO_SHEET_EN);
}

/* ---- a small DOM over GMarkup, enough to read the XLSX parts ---- */

static size_t files_in(const char *path)
{
    DIR *d = opendir(path);
    cr_assert(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void write_book(struct vo_sheet *s, enum vo_sheet_lang lang, struct book *b)
{
    int fd;
    size_t size;
    struct vo_error e = {0};
    cr_assert_eq(vo_sheet_write_xlsx(s, lang, dir, &fd, &size, &e), VO_OK, "%s", e.msg);
    cr_assert_geq(fd, 0);
    cr_assert_gt(size, 0);
    /* the file has no name any more: the directory is empty again */
    cr_assert_eq(files_in(dir), 0);
    xl_book_open(b, fd, size);
}

/* What both modes must hold for the fixture in Russian. */
static void expect_fixture_ru(struct book *b)
{
    static const char *const head[] = {"A1", "B1", "C1", "D1", "E1", "F1", "G1"};
    for (size_t i = 0; i < C_COUNT; i++) {
        xl_expect_string(b, head[i], cols[i].ru);
        cr_assert(xl_cell_bold(b, head[i]), "header %s is not bold", head[i]);
    }
    cr_assert_not(xl_cell_bold(b, "B2"));

    xl_expect_string(b, "A2", "Ромашка, ООО");
    cr_assert_str_eq(xl_cell_number(b, "B2"), "3");
    cr_assert_str_eq(xl_cell_numfmt(b, "B2"), "0");
    cr_assert_str_eq(xl_cell_number(b, "C2"), "12345.67");
    cr_assert_str_eq(xl_cell_numfmt(b, "C2"), "#,##0.00");
    cr_assert_str_eq(xl_cell_number(b, "D2"), "0.125");
    cr_assert_str_eq(xl_cell_numfmt(b, "D2"), "0.0%");
    cr_assert_str_eq(xl_cell_number(b, "E2"), "46349");
    cr_assert_str_eq(xl_cell_numfmt(b, "E2"), "dd.mm.yyyy");
    cr_assert_float_eq(xl_number(b, "F2"), 46349.0 + 9.5 / 24.0, 1e-9);
    cr_assert_str_eq(xl_cell_numfmt(b, "F2"), "dd.mm.yyyy hh:mm");
    cr_assert_str_eq(xl_attr(xl_cell(b, "G2"), "t"), "b");
    cr_assert_str_eq(xl_find_one(xl_cell(b, "G2"), "v")->text->str, "1");

    /* formula-looking texts keep the quote in front: never evaluated, and
     * the same text as the CSV */
    xl_expect_string(b, "A3", "'=HYPERLINK(\"x\")");
    cr_assert_null(xl_find_one(xl_cell(b, "A3"), "f"));
    cr_assert_str_eq(xl_cell_number(b, "B3"), "-5");
    cr_assert_str_eq(xl_cell_number(b, "C3"), "-0.05");
    cr_assert_null(xl_cell(b, "D3"));
    cr_assert_null(xl_cell(b, "E3"));
    cr_assert_null(xl_cell(b, "F3"));
    cr_assert_str_eq(xl_find_one(xl_cell(b, "G3"), "v")->text->str, "0");
    xl_expect_string(b, "A4", "'-1+2");
    cr_assert_null(xl_cell(b, "B4"));
    xl_expect_string(b, "A5", "'\tTab");
    /* beyond 15 significant digits: the exact digits, as text */
    xl_expect_string(b, "B5", "1234567890123456789");
    xl_expect_string(b, "C5", "1000000000000000.00");
    cr_assert_str_eq(xl_cell_number(b, "D5"), "1");

    struct node *pane = xl_find_one(b->sheet, "pane");
    cr_assert(pane, "no frozen pane");
    cr_assert_str_eq(xl_attr(pane, "ySplit"), "1");
    cr_assert_null(xl_attr(pane, "xSplit"));
    cr_assert_str_eq(xl_attr(pane, "topLeftCell"), "A2");
    cr_assert_str_eq(xl_attr(pane, "state"), "frozen");
    cr_assert_str_eq(xl_attr(xl_find_one(b->sheet, "autoFilter"), "ref"), "A1:G5");

    /* widths in characters: the widest cell or header plus 2 (Excel's
     * file adds a fraction for the cell padding) */
    static const int width[C_COUNT] = {
        [C_NAME] = 16 + 2,    /* '=HYPERLINK("x") with its quote */
        [C_DEALS] = 19 + 2,   /* 1234567890123456789 */
        [C_AMOUNT] = 24 + 2,  /* 1,000,000,000,000,000.00 */
        [C_CONV] = 9 + 2,     /* Конверсия */
        [C_DUE] = 10 + 2,     /* a date */
        [C_CREATED] = 16 + 2, /* a date and time */
        [C_WON] = 8 + 2,      /* Выиграна */
    };
    GPtrArray *cs = g_ptr_array_new();
    xl_find_all(b->sheet, "col", cs);
    cr_assert_eq(cs->len, C_COUNT);
    for (guint i = 0; i < cs->len; i++) {
        struct node *c = g_ptr_array_index(cs, i);
        cr_assert_eq(g_ascii_strtoll(xl_attr(c, "min"), NULL, 10), (gint64)i + 1);
        double w = g_ascii_strtod(xl_attr(c, "width"), NULL);
        cr_assert_eq((int)floor(w), width[i], "column %u: width %g", i + 1, w);
        cr_assert_str_eq(xl_attr(c, "customWidth"), "1");
    }
    g_ptr_array_free(cs, TRUE);
}

Test(sheet, xlsx_shared_strings)
{
    struct vo_sheet s;
    fixture(&s);
    struct book b;
    write_book(&s, VO_SHEET_RU, &b);
    cr_assert(b.strings, "no shared string table");
    cr_assert_str_eq(xl_attr(xl_cell(&b, "A2"), "t"), "s");
    expect_fixture_ru(&b);
    struct node *sheetview = xl_find_one(b.sheet, "sheetView");
    cr_assert(sheetview);
    xl_book_close(&b);
}

Test(sheet, xlsx_constant_memory)
{
    struct vo_sheet s;
    fixture(&s);
    s.stream_rows = 0; /* what a sheet of more than VO_SHEET_XLSX_STREAM_ROWS rows gets */
    struct book b;
    write_book(&s, VO_SHEET_RU, &b);
    cr_assert_str_eq(xl_attr(xl_cell(&b, "A2"), "t"), "inlineStr");
    expect_fixture_ru(&b);
    xl_book_close(&b);
}

Test(sheet, xlsx_english_headers_and_iso_dates)
{
    struct vo_sheet s;
    fixture(&s);
    struct book b;
    write_book(&s, VO_SHEET_EN, &b);
    xl_expect_string(&b, "A1", "Title");
    xl_expect_string(&b, "G1", "Won");
    cr_assert_str_eq(xl_cell_numfmt(&b, "E2"), "yyyy-mm-dd");
    cr_assert_str_eq(xl_cell_numfmt(&b, "F2"), "yyyy-mm-dd hh:mm");
    xl_book_close(&b);
}

Test(sheet, xlsx_money_without_decimals)
{
    static const struct vo_sheet_col one[] = {{"amount", "Сумма", "Amount", VO_SHEET_MONEY}};
    struct vo_sheet s;
    one_column(&s, one);
    vo_sheet_row(&s);
    vo_sheet_money(&s, 0, 1500);
    struct book b;
    write_book(&s, VO_SHEET_EN, &b);
    cr_assert_str_eq(xl_cell_number(&b, "A2"), "1500");
    cr_assert_str_eq(xl_cell_numfmt(&b, "A2"), "#,##0");
    cr_assert_str_eq(xl_attr(xl_find_one(b.sheet, "autoFilter"), "ref"), "A1:A2");
    xl_book_close(&b);
}

Test(sheet, xlsx_unwritable_directory_leaves_nothing)
{
    struct vo_sheet s;
    fixture(&s);
    char *missing = g_build_filename(dir, "no-such-dir", NULL);
    int fd = 7;
    size_t size = 7;
    struct vo_error e = {0};
    cr_assert_eq(vo_sheet_write_xlsx(&s, VO_SHEET_EN, missing, &fd, &size, &e), VO_EIO);
    cr_assert_eq(fd, -1);
    cr_assert_eq(size, 0);
    char *want =
        g_strdup_printf("не удалось создать файл выгрузки в %s: %s", missing, g_strerror(ENOENT));
    cr_assert_str_eq(e.msg, want);
    g_free(want);
    cr_assert_eq(files_in(dir), 0);
    g_free(missing);
}

Test(sheet, text_bound_in_characters)
{
    static const struct vo_sheet_col one[] = {{"note", "Заметка", "Note", VO_SHEET_TEXT}};
    struct vo_sheet s;
    one_column(&s, one);
    /* VO_SHEET_TEXT_MAX Cyrillic letters (two bytes each) fit */
    GString *t = g_string_new(NULL);
    for (int i = 0; i < VO_SHEET_TEXT_MAX; i++)
        g_string_append(t, "я");
    vo_sheet_row(&s);
    vo_sheet_text(&s, 0, t->str);
    cr_assert_eq(vo_sheet_status(&s, NULL), VO_OK);
    /* and their XLSX cell holds all of them */
    struct book b;
    write_book(&s, VO_SHEET_EN, &b);
    char *back = xl_cell_string(&b, "A2");
    cr_assert_eq(g_utf8_strlen(back, -1), VO_SHEET_TEXT_MAX);
    g_free(back);
    xl_book_close(&b);
    /* one more is refused, naming the column and the row */
    g_string_append(t, "я");
    vo_sheet_row(&s);
    vo_sheet_text(&s, 0, t->str);
    struct vo_error e = {0};
    cr_assert_eq(vo_sheet_status(&s, &e), VO_ETOOBIG);
    cr_assert_str_eq(vo_sheet_code(&s), VO_SHEET_E_TEXT);
    cr_assert_str_eq(e.field, "note");
    cr_assert_str_eq(e.msg, "текст в столбце «Заметка» строки 2 длиннее 32766 символов");
    g_string_free(t, TRUE);
    /* both writers refuse the failed sheet */
    FILE *f = tmpfile();
    cr_assert_eq(vo_sheet_write_csv(&s, VO_SHEET_EN, f, NULL), VO_ETOOBIG);
    cr_assert_eq(ftell(f), 0);
    fclose(f);
    int fd;
    size_t size;
    cr_assert_eq(vo_sheet_write_xlsx(&s, VO_SHEET_EN, dir, &fd, &size, NULL), VO_ETOOBIG);
    cr_assert_eq(fd, -1);
    cr_assert_eq(files_in(dir), 0);
}

Test(sheet, invalid_utf8_is_replaced)
{
    static const struct vo_sheet_col one[] = {{"note", "Заметка", "Note", VO_SHEET_TEXT}};
    struct vo_sheet s;
    one_column(&s, one);
    vo_sheet_row(&s);
    vo_sheet_text(&s, 0,
                  "a\xff"
                  "b");
    char *got = csv_of(&s, VO_SHEET_EN);
    cr_assert_str_eq(got, "Note\na\xef\xbf\xbd"
                          "b\n");
    free(got);
}

Test(sheet, row_bound)
{
    static const struct vo_sheet_col one[] = {{"n", "Н", "N", VO_SHEET_INT}};
    struct vo_sheet s;
    one_column(&s, one);
    for (int i = 0; i < VO_SHEET_ROWS_MAX; i++)
        vo_sheet_row(&s);
    cr_assert_eq(vo_sheet_status(&s, NULL), VO_OK);
    cr_assert_eq(s.nrows, 1048575);
    vo_sheet_row(&s);
    cr_assert_eq(vo_sheet_status(&s, NULL), VO_ETOOBIG);
    cr_assert_str_eq(vo_sheet_code(&s), VO_SHEET_E_ROWS);
    cr_assert_eq(s.nrows, 1048575);
}

Test(sheet, wrong_setter_is_sticky)
{
    struct vo_sheet s;
    struct vo_sheet_spec spec = {.cols = cols, .ncols = C_COUNT, .money_digits = 2, .tz = moscow};
    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, NULL), VO_OK);
    vo_sheet_int(&s, C_DEALS, 1); /* before any row */
    struct vo_error e = {0};
    cr_assert_eq(vo_sheet_status(&s, &e), VO_EINVAL);
    cr_assert_str_eq(vo_sheet_code(&s), VO_SHEET_E_TYPE);
    cr_assert_str_eq(e.field, "deals");

    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, NULL), VO_OK);
    vo_sheet_row(&s);
    vo_sheet_money(&s, C_DEALS, 100); /* an integer column */
    vo_sheet_text(&s, C_NAME, "later calls do nothing");
    cr_assert_eq(vo_sheet_status(&s, &e), VO_EINVAL);
    cr_assert_str_eq(e.msg, "ячейка типа money в столбце 2 строки 1 не подходит");
    cr_assert_not(s.rows[0][C_NAME].set);
    vo_sheet_date(&s, C_DUE, (struct vo_date){2026, 2, 30});
    cr_assert_str_eq(vo_sheet_code(&s), VO_SHEET_E_TYPE, "the first mistake stays");
}

Test(sheet, bad_specs)
{
    struct vo_sheet s;
    struct vo_error e = {0};
    struct vo_sheet_spec spec = {.cols = cols, .ncols = C_COUNT, .money_digits = 2};
    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, &e), VO_EINVAL); /* DATETIME, no zone */
    cr_assert_str_eq(e.field, "created_at");
    cr_assert_str_eq(vo_sheet_code(&s), VO_SHEET_E_COLUMNS);
    spec.tz = moscow;
    spec.money_digits = 7;
    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, NULL), VO_EINVAL);
    spec.money_digits = 2;
    spec.title_en = "Q1/Q2";
    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, NULL), VO_EINVAL);
    spec.title_en = "Сделки за первое полугодие 2026 года";
    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, NULL), VO_EINVAL);
    spec.title_en = NULL;
    spec.ncols = 0;
    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, NULL), VO_EINVAL);
    spec.ncols = VO_SHEET_COLS_MAX + 1;
    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, NULL), VO_EINVAL);
    spec.ncols = C_COUNT;
    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, NULL), VO_OK);
    vo_sheet_row(&s);
    vo_sheet_date(&s, C_DUE, (struct vo_date){2026, 2, 30});
    cr_assert_eq(vo_sheet_status(&s, &e), VO_EINVAL);
    cr_assert_str_eq(vo_sheet_code(&s), VO_SHEET_E_TIME);
}

Test(sheet, worksheet_title_per_language)
{
    struct vo_sheet s;
    struct vo_sheet_spec spec = {.cols = cols,
                                 .ncols = C_COUNT,
                                 .money_digits = 2,
                                 .tz = moscow,
                                 .title_ru = "Сделки",
                                 .title_en = "Deals"};
    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, NULL), VO_OK);
    int fd;
    size_t size;
    cr_assert_eq(vo_sheet_write_xlsx(&s, VO_SHEET_RU, dir, &fd, &size, NULL), VO_OK);
    int err = 0;
    zip_t *z = zip_fdopen(fd, ZIP_RDONLY, &err);
    cr_assert(z);
    size_t len;
    char *xml = xl_zip_part(z, "xl/workbook.xml", &len);
    struct node *wb = xl_parse_xml(xml, len);
    cr_assert_str_eq(xl_attr(xl_find_one(wb, "sheet"), "name"), "Сделки");
    xl_node_free(wb);
    g_free(xml);
    zip_close(z);
}

/* A control character that XML 1.0 cannot hold still gives a workbook that
 * parses, in both modes (libxlsxwriter writes it as Excel's _xHHHH_). */
Test(sheet, control_characters_keep_the_xml_valid)
{
    static const struct vo_sheet_col one[] = {{"note", "Заметка", "Note", VO_SHEET_TEXT}};
    for (int mode = 0; mode < 2; mode++) {
        struct vo_sheet s;
        one_column(&s, one);
        vo_sheet_row(&s);
        vo_sheet_text(&s, 0,
                      "a\x01"
                      "b\x1f"
                      "c");
        if (mode)
            s.stream_rows = 0;
        struct book b;
        write_book(&s, VO_SHEET_EN, &b);
        char *got = xl_cell_string(&b, "A2");
        cr_assert_str_eq(got, "a_x0001_b_x001F_c", "mode %d", mode);
        g_free(got);
        xl_book_close(&b);
    }
}

Test(sheet, content_disposition)
{
    cr_assert_str_eq(vo_sheet_disposition(&arena, "deals-2026-12", "xlsx"),
                     "attachment; filename=\"deals-2026-12.xlsx\"; "
                     "filename*=UTF-8''deals-2026-12.xlsx");
    /* С = D0 A1, д = D0 B4; a space and a quote never reach the header */
    cr_assert_str_eq(vo_sheet_disposition(&arena, "Сд \"x\"", "csv"),
                     "attachment; filename=\"______x_.csv\"; "
                     "filename*=UTF-8''%D0%A1%D0%B4%20%22x%22.csv");
}

/* The offset is the zone's at each instant (GLib's rules), not one for the
 * sheet: Berlin is UTC+1 in January and UTC+2 (summer time) in July. */
Test(sheet, datetime_follows_summer_time)
{
    static const struct vo_sheet_col one[] = {{"at", "Когда", "At", VO_SHEET_DATETIME}};
    GTimeZone *berlin = vo_tz_new("Europe/Berlin");
    cr_assert(berlin);
    struct vo_sheet s;
    struct vo_sheet_spec spec = {.cols = one, .ncols = 1, .tz = berlin};
    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, NULL), VO_OK);
    vo_sheet_row(&s);
    vo_sheet_datetime(&s, 0, utc(2026, 1, 15, 10, 0));
    vo_sheet_row(&s);
    vo_sheet_datetime(&s, 0, utc(2026, 7, 1, 10, 0));
    vo_sheet_row(&s);
    vo_sheet_datetime(&s, 0, utc(2026, 12, 31, 23, 30)); /* the next day, locally */
    char *got = csv_of(&s, VO_SHEET_EN);
    cr_assert_str_eq(got, "At\n2026-01-15 11:00\n2026-07-01 12:00\n2027-01-01 00:30\n");
    free(got);
    g_time_zone_unref(berlin);
}

Test(sheet, header_only)
{
    struct vo_sheet s;
    struct vo_sheet_spec spec = {.cols = cols, .ncols = C_COUNT, .money_digits = 2, .tz = moscow};
    cr_assert_eq(vo_sheet_init(&s, &arena, &spec, NULL), VO_OK);
    char *got = csv_of(&s, VO_SHEET_EN);
    cr_assert_str_eq(got, "Title,Deals,Amount,Conversion,Due,Created,Won\n");
    free(got);
    struct book b;
    write_book(&s, VO_SHEET_EN, &b);
    xl_expect_string(&b, "G1", "Won");
    cr_assert_null(xl_cell(&b, "A2"));
    cr_assert_str_eq(xl_attr(xl_find_one(b.sheet, "autoFilter"), "ref"), "A1:G1");
    xl_book_close(&b);
}

/* Up to VO_SHEET_XLSX_STREAM_ROWS rows keep the shared string table; one
 * more row and the texts are inline (constant_memory). */
Test(sheet, stream_threshold)
{
    static const struct vo_sheet_col one[] = {{"note", "Заметка", "Note", VO_SHEET_TEXT}};
    for (size_t extra = 0; extra < 2; extra++) {
        struct vo_sheet s;
        one_column(&s, one);
        for (size_t i = 0; i < VO_SHEET_XLSX_STREAM_ROWS + extra; i++) {
            vo_sheet_row(&s);
            vo_sheet_text(&s, 0, "x");
        }
        struct book b;
        write_book(&s, VO_SHEET_EN, &b);
        cr_assert_str_eq(xl_attr(xl_cell(&b, "A2"), "t"), extra ? "inlineStr" : "s");
        xl_book_close(&b);
    }
}

/* A write that fails half-way (the file size limit stands for a full disk)
 * is VO_EIO, and the half-written file is gone. */
Test(sheet, xlsx_failed_write_leaves_nothing)
{
    struct vo_sheet s;
    fixture(&s);
    struct rlimit old, small = {.rlim_cur = 1000, .rlim_max = RLIM_INFINITY};
    cr_assert_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
    small.rlim_max = old.rlim_max;
    void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &small), 0);
    int fd = 7;
    size_t size = 7;
    struct vo_error e = {0};
    vo_err rc = vo_sheet_write_xlsx(&s, VO_SHEET_EN, dir, &fd, &size, &e);
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, was);
    cr_assert_eq(rc, VO_EIO, "%s", e.msg);
    cr_assert_eq(fd, -1);
    cr_assert_eq(size, 0);
    char *want = g_strdup_printf("не удалось записать файл XLSX в %s: места на диске нет или "
                                 "каталог недоступен (libxlsxwriter: Zip generic error "
                                 "ZIP_ERRNO while creating the xlsx file.)",
                                 dir);
    cr_assert_str_eq(e.msg, want);
    g_free(want);
    cr_assert_eq(files_in(dir), 0);
}
