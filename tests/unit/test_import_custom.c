/*
 * test_import_custom.c - the import's custom.X columns against the org's
 * custom field definitions (docs/import.md, "custom fields"): a column of
 * a defined field is checked and stored by its type (a number as a JSON
 * number, "12 345,5" included; a date as YYYY-MM-DD; a list's option); a
 * bad cell is a problem naming file, line and column and nothing is
 * written; a column no definition names stays text, as before.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "service/custom_fields.h"
#include "service/import.h"
#include "testutil.h"

/* The import org with the good files and the suite's custom fields. */
static void fx_open(struct vo_fx_import *f)
{
    vo_fx_import_open(f);
    vo_fx_copy_good(f->imp);
    /* the operator (the system actor) defines two deal fields */
    json_t *opts = json_pack("[s, s]", "44-ФЗ", "223-ФЗ");
    const struct vo_custom_field_input defs[] = {
        {VO_CF_ENTITY | VO_CF_KEY | VO_CF_LABEL | VO_CF_TYPE, "deal", "area", "Площадь", "number",
         NULL, false, 0},
        {VO_CF_ENTITY | VO_CF_KEY | VO_CF_LABEL | VO_CF_TYPE | VO_CF_OPTIONS, "deal", "tender",
         "Тендер", "list", opts, false, 0},
        {VO_CF_ENTITY | VO_CF_KEY | VO_CF_LABEL | VO_CF_TYPE, "deal", "deadline", "Срок", "date",
         NULL, false, 0},
    };
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        struct vo_error e = {0};
        int64_t id = 0;
        cr_assert_eq(vo_svc_custom_field_create(&f->svc, &defs[i], &id, &e), VO_OK, "%s", e.msg);
    }
    json_decref(opts);
}

static const char *custom_of(struct vo_fx_import *f, const char *ext)
{
    struct vo_deal d;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_deal_get_ext(f->st, f->svc.org.id, ext, &f->a, &d, &e), VO_OK, "%s",
                 e.msg);
    return d.custom;
}

/* Imports the good files with deals.csv replaced by
 * tests/data/import-custom/name (the columns custom.area, .tender,
 * .deadline and .utm after the usual ones). */
static vo_err import_deals(struct vo_fx_import *f, const char *name, struct vo_import_report *rep,
                           struct vo_error *e)
{
    char *path =
        g_build_filename(vo_test_source_dir(), "tests", "data", "import-custom", name, NULL);
    char *text = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL), "read %s", path);
    vo_test_write(f->imp, "deals.csv", text);
    g_free(text);
    g_free(path);
    struct vo_import_opts o = {0};
    return vo_svc_import(&f->svc, f->imp, &o, rep, e);
}

Test(import_custom, typed_values_stored)
{
    struct vo_fx_import f;
    fx_open(&f);
    struct vo_import_report rep;
    struct vo_error e = {0};
    cr_assert_eq(import_deals(&f, "deals-typed.csv", &rep, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(rep.problems.n, 0);
    cr_assert_str_eq(custom_of(&f, "D1"), "{\"area\":12345.5,\"deadline\":\"2024-04-01\","
                                          "\"tender\":\"44-ФЗ\",\"utm\":\"spring\"}");
    cr_assert_str_eq(custom_of(&f, "D2"), "{\"area\":80}");
    cr_assert_str_eq(custom_of(&f, "D3"), "{}");
    vo_fx_import_close(&f);
}

Test(import_custom, bad_cells_named_nothing_written)
{
    struct vo_fx_import f;
    fx_open(&f);
    struct vo_import_report rep;
    struct vo_error e = {0};
    vo_err rc = import_deals(&f, "deals-bad.csv", &rep, &e);
    cr_assert_neq(rc, VO_OK);
    cr_assert(!rep.committed);
    static const struct {
        int64_t line;
        const char *column;
    } want[] = {
        {2, "custom.area"}, {3, "custom.tender"}, {4, "custom.area"}, {4, "custom.deadline"}};
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        bool found = false;
        for (size_t i = 0; i < rep.problems.n && !found; i++) {
            const struct vo_csv_note *n = &rep.problems.v[i];
            found = strcmp(n->file, "deals.csv") == 0 && n->line == want[k].line && n->column &&
                    strcmp(n->column, want[k].column) == 0;
        }
        cr_assert(found, "no problem at deals.csv:%lld %s", (long long)want[k].line,
                  want[k].column);
    }
    cr_assert_eq(vo_fx_count(f.st, f.svc.org.id, "deals"), 0);
    vo_fx_import_close(&f);
}
