/*
 * test_mapping.c - mappings from foreign exports: date formats, the checks
 * of a mapping file, the amoCRM sample (`;`, cp1251, Russian headers,
 * DD.MM.YYYY), skip rules and value maps reported, problems pointing at the
 * source file's lines, and the Maven CRM data set's figures (8,800
 * opportunities = 8,300 imported + 500 listed; 4,238 won, 2,473 lost).
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "io/csv.h"
#include "io/mapping.h"
#include "io/presets.h"
#include "service/import.h"
#include "service/import_detect.h"
#include "fixture.h"
#include "testutil.h"

static void date_ok(const char *s, const char *fmt, const char *want)
{
    char out[40];
    struct vo_error e = {0};
    cr_assert_eq(vo_map_date_convert(s, fmt, out, sizeof out, &e), VO_OK, "%s as %s: %s", s, fmt,
                 e.msg);
    cr_assert_str_eq(out, want, "%s as %s", s, fmt);
}

static void date_bad(const char *s, const char *fmt)
{
    char out[40];
    struct vo_error e = {0};
    cr_assert_eq(vo_map_date_convert(s, fmt, out, sizeof out, &e), VO_EINVAL, "%s as %s -> %s", s,
                 fmt, out);
}

Test(mapping, date_formats)
{
    date_ok("01.03.2024", "DD.MM.YYYY", "2024-03-01");
    date_ok("1.3.2024", "DD.MM.YYYY", "2024-03-01");
    date_ok("03/01/2024", "MM/DD/YYYY", "2024-03-01");
    date_ok("2024-03-01 14:05", "YYYY-MM-DD HH:MM", "2024-03-01 14:05:00");
    date_ok("01.03.2024 14:05:09", "DD.MM.YYYY HH:MM:SS", "2024-03-01 14:05:09");
    date_ok("01.03.2024", "DD.MM.YYYY HH:MM", "2024-03-01"); /* the time is optional */
    date_ok("03.2024", "MM.YYYY", "2024-03");
    date_ok("01.03.24", "DD.MM.YY", "2024-03-01");
    date_bad("31.02.2024", "DD.MM.YYYY");
    date_bad("01.13.2024", "DD.MM.YYYY");
    date_bad("01.03.24", "DD.MM.YYYY");
    date_bad("2024-03-01", "DD.MM.YYYY");
    date_bad("01.03.2024 25:00", "DD.MM.YYYY HH:MM");
    date_bad("01.03.2024x", "DD.MM.YYYY");
    date_bad("01.03", "DD.MM.YYYY");
    /* outside the supported dates (1970..2200): refused here, naming the
     * range, not passed on as text the import then refuses (found by
     * fuzz_mapping: "03.1017" as MM.YYYY) */
    date_bad("03.1017", "MM.YYYY");
    date_bad("31.12.1969", "DD.MM.YYYY");
    date_bad("01.01.2201", "DD.MM.YYYY");
    date_ok("01.01.1970", "DD.MM.YYYY", "1970-01-01");
    date_ok("31.12.2200", "DD.MM.YYYY", "2200-12-31");
    char out[40];
    struct vo_error e = {0};
    cr_assert_eq(vo_map_date_convert("03.1017", "MM.YYYY", out, sizeof out, &e), VO_EINVAL);
    cr_assert_str_eq(e.msg, "\"03.1017\" (MM.YYYY) is outside the supported dates "
                            "(1970-01-01..2200-12-31)");
}

/* Parses text (named name) with the default options, asserting it does. */
static struct vo_csv *parse_ok(struct vo_arena *a, const char *text, const char *name,
                               struct vo_csv_notes *problems)
{
    struct vo_csv *t = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_csv_parse(text, strlen(text), name, NULL, a, &t, problems, &e), VO_OK, "%s",
                 e.msg);
    return t;
}

Test(mapping, csv_quotes_lines_delimiter)
{
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_csv_notes problems = {0};
    struct vo_csv *t = parse_ok(&a,
                                "\xEF\xBB\xBF"
                                "a;b;c\r\n"
                                "1;\"x;y\";3\r\n"
                                "\r\n"
                                "4;\"multi\nline \"\"q\"\"\";6\n"
                                "7;8\n"
                                "9;10;11",
                                "t.csv", &problems);
    struct vo_error e = {0};
    cr_assert_eq(t->delim, ';');
    cr_assert_eq(t->ncols, 3);
    cr_assert_str_eq(t->cols[0], "a");
    cr_assert_eq(t->nrows, 4);
    cr_assert_str_eq(t->rows[0].f[1], "x;y");
    cr_assert_eq(t->rows[1].line, 4);
    cr_assert_str_eq(t->rows[1].f[1], "multi\nline \"q\"");
    cr_assert_eq(t->rows[2].line, 6);
    cr_assert_eq(t->rows[2].f[2], NULL);
    cr_assert_eq(problems.n, 1, "7;8 has 2 fields");
    cr_assert_eq(problems.v[0].line, 6);
    cr_assert_eq(t->rows[3].line, 7);
    cr_assert_str_eq(t->rows[3].f[2], "11");
    cr_assert_str_eq(t->encoding, "utf-8");

    const char cp[] =
        "\xc8\xec\xff,\xc3\xee\xf0\xee\xe4\n\xc0\xed\xed\xe0,\xcc\xee\xf1\xea\xe2\xe0\n";
    cr_assert_eq(vo_csv_parse(cp, strlen(cp), "cp.csv", NULL, &a, &t, &problems, &e), VO_OK);
    cr_assert_str_eq(t->encoding, "cp1251");
    cr_assert_str_eq(t->cols[0], "Имя");
    cr_assert_str_eq(t->rows[0].f[1], "Москва");
    struct vo_csv_opts utf8 = {0, VO_CSV_UTF8};
    cr_assert_eq(vo_csv_parse(cp, strlen(cp), "cp.csv", &utf8, &a, &t, &problems, &e), VO_EINVAL);
    vo_arena_cleanup(&a);
}

static vo_err load_text(const char *dir, const char *json, struct vo_arena *a, struct vo_error *e)
{
    vo_test_write(dir, "m.json", json);
    char *path = g_build_filename(dir, "m.json", NULL);
    struct vo_map *m = NULL;
    vo_err rc = vo_map_load(path, a, &m, e);
    g_free(path);
    return rc;
}

Test(mapping, bad_mappings_name_the_key)
{
    char *dir = vo_test_tmpdir();
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_error e = {0};
    static const struct {
        const char *json, *want;
    } cases[] = {
        {"{\"files\": [{\"target\": \"deals.csv\", \"source\": \"x.csv\", "
         "\"columns\": {\"id\": {\"frm\": \"a\"}}}]}",
         "unknown key \"frm\""},
        {"{\"files\": [{\"target\": \"sales.csv\", \"source\": \"x.csv\", \"columns\": {}}]}",
         "not a file of the import format"},
        {"{\"files\": [{\"target\": \"deals.csv\", \"source\": \"x.csv\", "
         "\"columns\": {\"colour\": \"a\"}}]}",
         "files[0].columns.colour"},
        {"{\"files\": [{\"target\": \"deals.csv\", \"source\": \"x.csv\", "
         "\"columns\": {\"id\": {\"from\": \"a\", \"value\": \"b\"}}}]}",
         "one of from, value, template"},
        {"{\"files\": [{\"target\": \"deals.csv\", \"source\": \"x.csv\", \"columns\": {}, "
         "\"skip\": [{\"reason\": \"r\"}]}]}",
         "when_empty or when_equals"},
        {"{\"encoding\": \"koi8\", \"files\": []}", "koi8"},
        {"{\"files\": [{\"target\": \"deals.csv\", \"source\": \"x.csv\", "
         "\"columns\": {\"id\": {\"from\": [\"a\", \"b\"], \"occurrence\": 2}}}]}",
         "\"occurrence\" is a number 1..1000 beside one \"from\" column"},
        {"{\"files\": [{\"target\": \"deals.csv\", \"source\": \"x.csv\", "
         "\"columns\": {\"id\": {\"from\": \"a\", \"when\": {\"column\": \"b\"}}}}]}",
         "files[0].columns.id.when: give \"column\" and one of \"in\", \"not_in\""},
        {"{\"files\": [{\"target\": \"deals.csv\", \"source\": \"x.csv\", "
         "\"columns\": {\"id\": {\"from\": \"a\", \"extract\": \"(\"}}}]}",
         "\"extract\" is not a regular expression"},
        {"{\"files\": [{\"target\": \"pipelines.csv\", \"source\": \"x.csv\", "
         "\"columns\": {\"position\": {\"ordinal\": \"colour\"}}}]}",
         "\"ordinal\": \"colour\" is not a column of the target file"},
        {"{\"files\": [{\"target\": \"deals.csv\", \"source\": \"x.csv\", "
         "\"columns\": {\"id\": {\"from\": []}}}]}",
         "files[0].columns.id.from: want a string or a list of strings"},
        {"{\"date_format\": [\"DD.MM.YYYY\", 3], \"files\": []}",
         "top.date_format: want a string or a list of strings"},
        {"{\"files\": [{\"target\": \"clients.csv\", \"source\": \"x.csv\", "
         "\"columns\": {\"id\": {\"value\": \"a\", \"else\": \"b\"}}}]}",
         "files[0].columns.id: \"else\" goes with \"from\""},
        {"{\"files\": [{\"target\": \"clients.csv\", \"source\": \"x.csv\", \"columns\": {}, "
         "\"skip\": [{\"when_equals\": \"a\", \"value\": \"b\", \"else\": \"c\"}]}]}",
         "files[0].skip[0]: \"else\" goes with when_empty"},
        {"{\"files\": [{\"target\": \"clients.csv\", \"source\": \"x.csv\", \"only_new\": true, "
         "\"columns\": {\"name\": \"a\"}}]}",
         "files[0]: \"only_new\" needs an \"id\" column"},
        {"{\"files\": [}", "m.json:1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(load_text(dir, cases[i].json, &a, &e), VO_EINVAL, "case %zu", i);
        cr_assert(strstr(e.msg, cases[i].want), "case %zu: %s", i, e.msg);
    }
    vo_arena_cleanup(&a);
    vo_test_rmtree(dir);
    g_free(dir);
}

static int64_t count(struct vo_fx_org *f, const char *table)
{
    return vo_fx_count(f->st, f->svc.org.id, table);
}

static vo_err import_map(struct vo_fx_org *f, const char *dir, const char *map,
                         struct vo_import_report *rep, struct vo_error *e)
{
    struct vo_import_opts o = {.map_path = map};
    return vo_svc_import(&f->svc, dir, &o, rep, e);
}

static const struct vo_map_count *map_count(const struct vo_import_report *rep, const char *column,
                                            const char *from)
{
    for (size_t i = 0; i < rep->map.ncounts; i++)
        if (strcmp(rep->map.counts[i].column, column) == 0 &&
            strcmp(rep->map.counts[i].from, from) == 0)
            return &rep->map.counts[i];
    return NULL;
}

/* The amoCRM-style sample: cp1251, `;`, Russian headers, DD.MM.YYYY HH:MM. */
Test(mapping, amocrm_sample)
{
    struct vo_fx_org f;
    vo_fx_org_open(&f);
    char *map =
        g_build_filename(vo_test_source_dir(), "docs", "examples", "amocrm-deals.json", NULL);
    char *dir = g_build_filename(vo_test_source_dir(), "tests", "data", "amocrm-export", NULL);
    struct vo_import_report rep;
    struct vo_error e = {0};
    vo_err rc = import_map(&f, dir, map, &rep, &e);
    for (size_t i = 0; i < rep.problems.n; i++)
        fprintf(stderr, "%s:%lld: %s\n", rep.problems.v[i].file, (long long)rep.problems.v[i].line,
                rep.problems.v[i].msg);
    cr_assert_eq(rc, VO_OK, "%s", e.msg);
    cr_assert_eq(count(&f, "users"), 3); /* admin + 2 distinct responsible persons */
    cr_assert_eq(count(&f, "clients"), 2);
    cr_assert_eq(count(&f, "deals"), 4);
    cr_assert_eq(rep.map.nskips, 1);
    cr_assert_eq(rep.map.skips[0].n, 1);
    cr_assert_eq(rep.map.skips[0].lines[0], 4, "the test deal, line 4 of leads.csv");
    cr_assert_eq(rep.map.nempties, 1);
    cr_assert_eq(rep.map.empties[0].n, 1);
    cr_assert_eq(rep.map.empties[0].lines[0], 6);
    const struct vo_map_count *won = map_count(&rep, "status", "Успешно реализовано");
    cr_assert(won && won->n == 1);

    struct vo_deal d;
    cr_assert_eq(vo_store_deal_get_ext(f.st, f.svc.org.id, "101", &f.a, &d, &e), VO_OK);
    cr_assert_eq(d.amount, 15000050);       /* 150 000,50 */
    cr_assert_eq(d.created_at, 1710227700); /* 12.03.2024 10:15 Moscow = 07:15 UTC */
    cr_assert_str_eq(d.source, "amoCRM");
    cr_assert_eq(vo_store_deal_get_ext(f.st, f.svc.org.id, "104", &f.a, &d, &e), VO_OK);
    cr_assert_str_eq(d.title, "Внедрение CRM; этап 1");
    cr_assert_eq(d.status, VO_DEAL_LOST);
    cr_assert_neq(d.client_id, 0, "ООО \"Ромашка\" by its quoted name");

    /* Again: nothing changes. */
    cr_assert_eq(import_map(&f, dir, map, &rep, &e), VO_OK);
    for (size_t i = 0; i < rep.nfiles; i++)
        cr_assert_eq(rep.files[i].created + rep.files[i].updated, 0, "%s", rep.files[i].file);
    g_free(map);
    g_free(dir);
    vo_fx_org_close(&f);
}

/* Writes dir/m.json: people.csv to users, one pipeline P, and sales.csv to
 * deals with the title column mapped by title (JSON text). */
static void write_sales_map(const char *dir, const char *title)
{
    char *json = g_strdup_printf(
        "{\"date_format\": \"DD.MM.YYYY\", \"files\": ["
        "{\"target\": \"users.csv\", \"source\": \"people.csv\", "
        " \"columns\": {\"name\": \"Имя\", \"email\": \"Почта\"}},"
        "{\"target\": \"pipelines.csv\", \"rows\": ["
        " {\"pipeline\": \"P\", \"stage\": \"S\", \"position\": 1}]},"
        "{\"target\": \"deals.csv\", \"source\": \"sales.csv\", \"columns\": {"
        " \"id\": \"Номер\", \"owner\": \"Менеджер\", \"pipeline\": {\"value\": \"P\"},"
        " \"created_at\": \"Создана\", \"amount\": \"Сумма\", \"title\": %s}}"
        "]}",
        title);
    vo_test_write(dir, "m.json", json);
    g_free(json);
}

/* Problems in mapped rows name the source file, line and column. */
Test(mapping, problems_point_at_the_source)
{
    struct vo_fx_org f;
    vo_fx_org_open(&f);
    char *src = g_build_filename(f.dir, "export", NULL);
    g_mkdir(src, 0700);
    vo_test_write(src, "people.csv", "Имя;Почта\nАнна;anna@example.com\n");
    vo_test_write(src, "sales.csv",
                  "Номер;Менеджер;Создана;Сумма\n"
                  "1;anna@example.com;01.03.2024;100\n"
                  "2;anna@example.com;31.02.2024;100\n"
                  "3;boris@example.com;02.03.2024;сто\n");
    write_sales_map(f.dir, "\"Название\"");
    char *map = g_build_filename(f.dir, "m.json", NULL);
    struct vo_import_report rep;
    struct vo_error e = {0};
    cr_assert_eq(import_map(&f, src, map, &rep, &e), VO_EINVAL);
    /* The missing source column stops the entry, listed with the file's columns. */
    cr_assert_eq(rep.problems.n, 1);
    cr_assert_str_eq(rep.problems.v[0].file, "sales.csv");
    cr_assert(strstr(rep.problems.v[0].msg, "Номер, Менеджер, Создана, Сумма"), "%s",
              rep.problems.v[0].msg);

    write_sales_map(f.dir, "{\"template\": \"Сделка №{Номер}\"}");
    cr_assert_eq(import_map(&f, src, map, &rep, &e), VO_EINVAL);
    cr_assert_eq(rep.problems.n, 3);
    cr_assert_str_eq(rep.problems.v[0].file, "sales.csv");
    cr_assert_eq(rep.problems.v[0].line, 3);
    cr_assert_str_eq(rep.problems.v[0].column, "created_at (Создана)");
    cr_assert(strstr(rep.problems.v[0].msg, "31.02.2024"));
    cr_assert_eq(rep.problems.v[1].line, 4);
    cr_assert_str_eq(rep.problems.v[1].column, "owner (Менеджер)");
    cr_assert_eq(rep.problems.v[2].line, 4);
    cr_assert_str_eq(rep.problems.v[2].column, "amount (Сумма)");
    cr_assert_eq(count(&f, "deals"), 0);
    cr_assert_eq(count(&f, "users"), 1);
    g_free(map);
    g_free(src);
    vo_fx_org_close(&f);
}

Test(mapping, maven_crm)
{
    char *data =
        g_build_filename(vo_test_source_dir(), "..", "shared", "datasets", "maven-crm", NULL);
    char *pipeline = g_build_filename(data, "sales_pipeline.csv", NULL);
    if (!g_file_test(pipeline, G_FILE_TEST_EXISTS)) {
        g_free(pipeline);
        g_free(data);
        cr_skip("the Maven CRM data set is not at ../shared/datasets/maven-crm");
    }
    g_free(pipeline);
    struct vo_fx_org f;
    memset(&f, 0, sizeof f);
    vo_arena_init(&f.a, 0);
    f.dir = vo_test_tmpdir();
    char *path = vo_test_db(f.dir, "m.db");
    struct vo_error e = {0};
    int64_t org = 0;
    const char *pw = NULL;
    cr_assert_eq(vo_store_open(path, VO_STORE_CREATE, &f.st, &e), VO_OK);
    cr_assert_eq(vo_svc_org_create(f.st, "Maven", "America/New_York", "USD", "a@b.com", NULL, &f.a,
                                   &org, &pw, &e),
                 VO_OK);
    cr_assert_eq(vo_svc_init(&f.svc, f.st, org, &f.a, &e), VO_OK);
    g_free(path);
    char *map = g_build_filename(vo_test_source_dir(), "docs", "examples", "maven-crm.json", NULL);

    struct vo_import_report rep;
    cr_assert_eq(import_map(&f, data, map, &rep, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(rep.problems.n, 0);
    /* 8,800 opportunities: 8,300 imported + 500 listed with their reason. */
    const struct vo_map_source *sp = NULL;
    for (size_t i = 0; i < rep.map.nsources; i++)
        if (strcmp(rep.map.sources[i].file, "sales_pipeline.csv") == 0)
            sp = &rep.map.sources[i];
    cr_assert(sp);
    cr_assert_eq(sp->read, 8800);
    cr_assert_eq(sp->produced, 8300);
    cr_assert_eq(sp->skipped, 500);
    cr_assert_eq(rep.map.nskips, 1);
    cr_assert_eq(rep.map.skips[0].n, 500);
    cr_assert(strstr(rep.map.skips[0].reason, "engage_date"));
    cr_assert_eq(count(&f, "deals"), 8300);
    cr_assert_eq(count(&f, "users"), 36); /* 35 agents + the admin */
    cr_assert_eq(count(&f, "products"), 7);
    cr_assert_eq(count(&f, "clients"), 85);
    cr_assert_eq(rep.users_without_password, 35);
    int64_t won = 0, lost = 0, open = 0, no_client = 0, no_amount = 0;
    cr_assert_eq(vo_store_deal_count_status(f.st, org, VO_DEAL_WON, &won, &e), VO_OK);
    cr_assert_eq(vo_store_deal_count_status(f.st, org, VO_DEAL_LOST, &lost, &e), VO_OK);
    cr_assert_eq(vo_store_deal_count_status(f.st, org, VO_DEAL_OPEN, &open, &e), VO_OK);
    cr_assert_eq(won, 4238);
    cr_assert_eq(lost, 2473);
    cr_assert_eq(open, 1589);
    /* The 1,088 Engaging deals without an account: imported, reported. */
    cr_assert_eq(vo_store_deal_count_missing(f.st, org, &no_client, &no_amount, &e), VO_OK);
    cr_assert_eq(no_client, 1088);
    cr_assert_eq(rep.map.nempties, 1);
    cr_assert_eq(rep.map.empties[0].n, 1088);
    /* A lost deal's close_value 0 is "unknown": no amount on lost or open deals. */
    cr_assert_eq(no_amount, 2473 + 1589);
    const struct vo_map_count *gtx = map_count(&rep, "product", "GTXPro");
    cr_assert(gtx);
    cr_assert_str_eq(gtx->to, "GTX Pro");
    cr_assert_eq(gtx->n, 1400, "GTXPro on the 8,300 imported rows");

    /* Re-import: everything unchanged. */
    cr_assert_eq(import_map(&f, data, map, &rep, &e), VO_OK, "%s", e.msg);
    for (size_t i = 0; i < rep.nfiles; i++) {
        cr_assert_eq(rep.files[i].created, 0, "%s", rep.files[i].file);
        cr_assert_eq(rep.files[i].updated, 0, "%s", rep.files[i].file);
    }
    cr_assert_eq(vo_import_report_file(&rep, "deals.csv")->unchanged, 8300);
    g_free(map);
    g_free(data);
    vo_fx_org_close(&f);
}

/* Found by fuzz/fuzz_csv.c: with bare CR line ends (Excel for Mac) every
 * record was reported on line 1. */
Test(mapping, csv_bare_cr_lines_are_counted)
{
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_csv_notes problems = {0};
    struct vo_csv *t = parse_ok(&a, "a,b\r1,2\r3\r4,5\r\n6,7", "mac.csv", &problems);
    cr_assert_eq(t->nrows, 4);
    cr_assert_eq(t->rows[0].line, 2);
    cr_assert_eq(t->rows[1].line, 3);
    cr_assert_eq(problems.n, 1, "3 has 1 field");
    cr_assert_eq(problems.v[0].line, 3);
    cr_assert_eq(t->rows[2].line, 4);
    cr_assert_eq(t->rows[3].line, 5);
    cr_assert_str_eq(t->rows[3].f[1], "7");
    vo_arena_cleanup(&a);
}

/* The cell of produced table t's row r in column col (NULL: empty). */
static const char *out_cell(const struct vo_csv *t, size_t r, const char *col)
{
    int c = vo_csv_col(t, col);
    cr_assert(c >= 0, "no column %s", col);
    cr_assert(r < t->nrows, "no row %zu", r);
    return t->rows[r].f[c];
}

static void cell_is(const struct vo_csv *t, size_t r, const char *col, const char *want)
{
    const char *got = out_cell(t, r, col);
    if (!want)
        cr_assert_null(got, "row %zu %s: got \"%s\"", r, col, got);
    else
        cr_assert(got && strcmp(got, want) == 0, "row %zu %s: got \"%s\", want \"%s\"", r, col,
                  got ? got : "(empty)", want);
}

/* The keys the presets brought: a source pattern, from as a list,
 * occurrence, optional, extract, otherwise, when, ordinal, date_format
 * lists and a literal Z; and vo_map_needs. */
Test(mapping, preset_keys)
{
    char *dir = vo_test_tmpdir();
    vo_test_write(dir, "export-2024.csv",
                  "Who,Stage,Phone,Phone,Created,Closed,Flag\n"
                  "Anna [7],open-a,111,222,2024-03-01 10:00,2024-03-05,no\n"
                  "Boris Li [12],Won,333,444,05.03.2024,2024-03-06,yes\n"
                  "Anna [7],open-b,,,2024-03-02T09:00:00Z,2024-04-01,no\n"
                  "Vera,Won,,,2024-03-03 11:00,2024-03-09,yes\n");
    static const char json[] =
        "{\"files\": [{\"target\": \"deals.csv\", \"source\": \"*.csv\", \"columns\": {"
        " \"owner\": {\"from\": \"Who\", \"extract\": \"^(.*?)\\\\s*\\\\[\\\\d+\\\\]$\"},"
        " \"client\": {\"from\": \"Phone\", \"occurrence\": 2},"
        " \"title\": {\"from\": [\"Missing\", \"Stage\"]},"
        " \"status\": {\"from\": \"Stage\", \"map\": {\"Won\": \"won\"}, \"otherwise\": \"open\"},"
        " \"created_at\": {\"from\": \"Created\", \"date_format\": [\"YYYY-MM-DD HH:MM\","
        "   \"DD.MM.YYYY\", \"YYYY-MM-DDTHH:MM:SSZ\"]},"
        " \"closed_at\": {\"from\": \"Closed\", \"when\": {\"column\": \"Flag\", \"in\": "
        "[\"yes\"]}},"
        " \"stage\": {\"from\": \"Stage\", \"when\": {\"column\": \"Flag\", \"not_in\": "
        "[\"yes\"]}},"
        " \"loss_reason\": {\"from\": \"Absent\", \"optional\": true},"
        " \"source\": {\"ordinal\": \"owner\"}"
        "}}]}";
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_error e = {0};
    struct vo_map *m = NULL;
    cr_assert_eq(vo_map_load_text("t.json", json, &a, &m, &e), VO_OK, "%s", e.msg);

    struct vo_map_need *needs = NULL;
    size_t nneeds = 0;
    cr_assert_eq(vo_map_needs(m, &a, &needs, &nneeds), VO_OK);
    /* Who, Phone, Missing|Stage, Created, Closed, Flag (Stage's own "from"
     * counts once with the list's first name); not the optional Absent */
    cr_assert_eq(nneeds, 7, "%zu needs", nneeds);
    const char *hdr[] = {"Who", "Stage", "Phone", "Created", "Closed", "Flag"};
    cr_assert_eq(vo_preset_score(needs, nneeds, hdr, 6), 7);
    cr_assert_eq(vo_preset_score(needs, nneeds, hdr, 2), 3); /* Who, Missing|Stage, Stage */

    struct vo_map_result res;
    struct vo_csv_notes problems = {0}, warnings = {0};
    cr_assert_eq(vo_map_apply(m, dir, &a, &res, &problems, &warnings, &e), VO_OK);
    for (size_t i = 0; i < problems.n; i++)
        fprintf(stderr, "%s:%lld: %s\n", problems.v[i].file, (long long)problems.v[i].line,
                problems.v[i].msg);
    cr_assert_eq(problems.n, 0);
    cr_assert_eq(res.ntables, 1);
    const struct vo_csv *t = res.tables[0];
    cr_assert_str_eq(t->name, "export-2024.csv", "the one file matching *.csv");
    cr_assert_eq(t->nrows, 4);
    cell_is(t, 0, "owner", "Anna");
    cell_is(t, 1, "owner", "Boris Li");
    cell_is(t, 3, "owner", "Vera"); /* no match: unchanged */
    cell_is(t, 0, "client", "222"); /* the second Phone */
    cell_is(t, 1, "client", "444");
    cell_is(t, 2, "client", NULL);
    cell_is(t, 0, "title", "open-a"); /* Missing is not there: Stage */
    cell_is(t, 0, "status", "open");
    cell_is(t, 1, "status", "won");
    cell_is(t, 2, "status", "open");
    cell_is(t, 0, "created_at", "2024-03-01 10:00:00");
    cell_is(t, 1, "created_at", "2024-03-05");
    cell_is(t, 2, "created_at", "2024-03-02 09:00:00Z"); /* UTC */
    cell_is(t, 0, "closed_at", NULL);
    cell_is(t, 1, "closed_at", "2024-03-06");
    cell_is(t, 2, "closed_at", NULL);
    cell_is(t, 1, "stage", NULL);
    cell_is(t, 2, "stage", "open-b");
    cell_is(t, 0, "loss_reason", NULL);
    cell_is(t, 0, "source", "1"); /* Anna's first */
    cell_is(t, 1, "source", "1"); /* Boris Li's first */
    cell_is(t, 2, "source", "2"); /* Anna's second */
    cell_is(t, 3, "source", "1");

    /* A date no format of the list reads names them all. */
    vo_test_write(dir, "export-2024.csv",
                  "Who,Stage,Phone,Phone,Created,Closed,Flag\nAnna,x,1,2,1 March,,no\n");
    problems = (struct vo_csv_notes){0};
    cr_assert_eq(vo_map_load_text("t.json", json, &a, &m, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_map_apply(m, dir, &a, &res, &problems, &warnings, &e), VO_OK);
    cr_assert_eq(problems.n, 1);
    cr_assert(strstr(problems.v[0].msg, "\"1 March\" matches none of the date formats "
                                        "YYYY-MM-DD HH:MM|DD.MM.YYYY|YYYY-MM-DDTHH:MM:SSZ"),
              "%s", problems.v[0].msg);

    /* A file with one Phone: the second is missing, a problem. */
    vo_test_write(dir, "export-2024.csv", "Who,Stage,Phone,Created,Closed,Flag\nAnna,x,1,,,no\n");
    problems = (struct vo_csv_notes){0};
    cr_assert_eq(vo_map_load_text("t.json", json, &a, &m, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_map_apply(m, dir, &a, &res, &problems, &warnings, &e), VO_OK);
    cr_assert_eq(problems.n, 1);
    cr_assert(strstr(problems.v[0].msg, "fewer than 2 columns of this name"), "%s",
              problems.v[0].msg);

    /* Two files match *.csv, one with the columns the entry needs: that
     * one is read (the other is another file of the export). */
    vo_test_write(dir, "other.csv", "Who\nX\n");
    problems = (struct vo_csv_notes){0};
    cr_assert_eq(vo_map_load_text("t.json", json, &a, &m, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_map_apply(m, dir, &a, &res, &problems, &warnings, &e), VO_OK);
    cr_assert_eq(res.nsources, 1);
    cr_assert_str_eq(res.sources[0].file, "export-2024.csv");

    /* Two files match *.csv, both with those columns: a problem naming
     * them, no rows. */
    vo_test_write(dir, "other.csv", "Who,Stage,Phone,Created,Closed,Flag\nX,x,1,,,no\n");
    problems = (struct vo_csv_notes){0};
    cr_assert_eq(vo_map_load_text("t.json", json, &a, &m, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_map_apply(m, dir, &a, &res, &problems, &warnings, &e), VO_OK);
    cr_assert_eq(res.ntables, 0);
    cr_assert_eq(problems.n, 1);
    cr_assert(strstr(problems.v[0].msg, "2 files match *.csv (export-2024.csv, other.csv)"), "%s",
              problems.v[0].msg);
    vo_arena_cleanup(&a);
    vo_test_rmtree(dir);
    g_free(dir);
}

/* "else": a value from the next columns where the first's cell is empty
 * (a column the file lacks passed over), in a column spec and a skip rule;
 * "only_new": an entry's rows whose id an earlier row of the target gave
 * are left out (counted as merged), the first row wins. */
Test(mapping, else_and_only_new)
{
    char *dir = vo_test_tmpdir();
    vo_test_write(dir, "companies.csv", "Company,Created\nAcme,2024-01-02\nGlobex,2024-01-03\n");
    vo_test_write(dir, "deals.csv",
                  "ID,Company,Contact\n"
                  "1,Acme,Ann\n"       /* the company, given by companies.csv */
                  "2,,Bob\n"           /* a private buyer */
                  "3,,\n"              /* neither: skipped for the clients */
                  "4,,Bob\n"           /* Bob again: left out */
                  "5,Initech,Carl\n"); /* a company only the deals name */
    static const char json[] =
        "{\"files\": ["
        " {\"target\": \"clients.csv\", \"source\": \"companies.csv\", \"columns\": {"
        "   \"id\": \"Company\", \"name\": \"Company\", \"created_at\": \"Created\"}},"
        " {\"target\": \"clients.csv\", \"source\": \"deals.csv\", \"only_new\": true,"
        "  \"skip\": [{\"when_empty\": \"Company\", \"else\": [\"Absent\", \"Contact\"],"
        "             \"reason\": \"no client\"}],"
        "  \"columns\": {\"id\": {\"from\": \"Company\", \"else\": [\"Absent\", \"Contact\"]},"
        "              \"name\": {\"from\": \"Company\", \"else\": \"Contact\"}}},"
        " {\"target\": \"deals.csv\", \"source\": \"deals.csv\", \"columns\": {"
        "   \"id\": \"ID\", \"client\": {\"from\": \"Company\", \"else\": \"Contact\"}}}"
        "]}";
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_error e = {0};
    struct vo_map *m = NULL;
    cr_assert_eq(vo_map_load_text("t.json", json, &a, &m, &e), VO_OK, "%s", e.msg);
    struct vo_map_result res;
    struct vo_csv_notes problems = {0}, warnings = {0};
    cr_assert_eq(vo_map_apply(m, dir, &a, &res, &problems, &warnings, &e), VO_OK);
    cr_assert_eq(problems.n, 0, "%s", problems.n ? problems.v[0].msg : "");
    cr_assert_eq(res.ntables, 3);
    const struct vo_csv *t = res.tables[1];
    cr_assert_eq(t->nrows, 2, "Bob and Initech, %zu rows", t->nrows);
    cell_is(t, 0, "id", "Bob");
    cell_is(t, 0, "name", "Bob");
    cell_is(t, 1, "id", "Initech");
    cr_assert_eq(res.sources[1].merged, 2, "Acme given before, Bob's second row");
    cr_assert_eq(res.sources[1].skipped, 1, "row 3: neither");
    t = res.tables[2];
    cr_assert_eq(t->nrows, 5);
    cell_is(t, 0, "client", "Acme");
    cell_is(t, 1, "client", "Bob");
    cell_is(t, 2, "client", NULL);
    cell_is(t, 4, "client", "Initech");
    /* the else columns are used: no warning names Contact */
    for (size_t i = 0; i < warnings.n; i++)
        cr_assert_null(strstr(warnings.v[i].msg, "Contact"), "%s", warnings.v[i].msg);
    vo_arena_cleanup(&a);
    vo_test_rmtree(dir);
    g_free(dir);
}

/* Every built-in preset loads, and the samples of tests/data/presets are
 * each told by their headers; voronka's own files stay voronka's. */
Test(mapping, presets_detected)
{
    static const char *const crms[] = {"amocrm", "bitrix24",  "hubspot",
                                       "kommo",  "pipedrive", "salesforce"};
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_error e = {0};
    cr_assert_eq(vo_preset_text_count, 6);
    for (size_t i = 0; i < vo_preset_text_count; i++) {
        struct vo_map *m = NULL;
        cr_assert_eq(vo_preset_load(&vo_preset_texts[i], &a, &m, &e), VO_OK, "%s: %s",
                     vo_preset_texts[i].name, e.msg);
    }
    for (size_t i = 0; i < sizeof crms / sizeof crms[0]; i++) {
        char *dir =
            g_build_filename(vo_test_source_dir(), "tests", "data", "presets", crms[i], NULL);
        struct vo_import_detection det;
        cr_assert_eq(vo_svc_import_detect(dir, &a, &det, &e), VO_OK, "%s: %s", crms[i], e.msg);
        cr_assert(det.preset && strcmp(det.preset->name, crms[i]) == 0, "%s: %s", crms[i],
                  det.preset ? det.preset->name : "own");
        g_free(dir);
    }
    char *own = g_build_filename(vo_test_source_dir(), "tests", "data", "import-good", NULL);
    struct vo_import_detection det;
    cr_assert_eq(vo_svc_import_detect(own, &a, &det, &e), VO_OK, "%s", e.msg);
    cr_assert_null(det.preset);
    g_free(own);
    cr_assert_eq(vo_svc_import_preset("nosuch", &a, &det, &e), VO_EINVAL);
    cr_assert(strstr(e.msg, "presets: amocrm, bitrix24, hubspot, kommo, pipedrive, salesforce"),
              "%s", e.msg);
    vo_arena_cleanup(&a);
}
