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

struct fx {
    char *dir, *imp;
    struct vo_store *st;
    struct vo_svc svc;
    struct vo_arena a;
};

static void fx_open(struct fx *f)
{
    memset(f, 0, sizeof *f);
    vo_fx_open(&f->dir, &f->st, &f->svc, &f->a);
    f->imp = g_build_filename(f->dir, "import", NULL);
    g_mkdir(f->imp, 0700);
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

static void fx_close(struct fx *f)
{
    vo_fx_close(&f->dir, &f->st, &f->svc, &f->a);
    g_free(f->imp);
}

#define DEALS_HEAD                                                                                 \
    "id,owner,pipeline,created_at,title,client,product,stage,status,amount,closed_at,"             \
    "loss_reason,channel,source,custom.area,custom.tender,custom.deadline,custom.utm\n"

static const char *custom_of(struct fx *f, const char *ext)
{
    struct vo_deal d;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_deal_get_ext(f->st, f->svc.org.id, ext, &f->a, &d, &e), VO_OK, "%s",
                 e.msg);
    return d.custom;
}

Test(import_custom, typed_values_stored)
{
    struct fx f;
    fx_open(&f);
    vo_test_write(f.imp, "deals.csv",
                  DEALS_HEAD "D1,ivan@example.com,Продажи,2024-03-01 10:00,Лицензии,C1,P1,"
                             "Предложение,won,100,2024-03-20 15:30,,Сайт,Яндекс,\"12 345,5\","
                             "44-ФЗ,2024-04-01,spring\n"
                             "D2,Олег Сидоров,Продажи,2024-03-05,Сайт,C2,,Встреча,open,600,,,,,"
                             "80,,,\n"
                             "D3,ivan@example.com,Продажи,2024-03-07,,C1,P2,,lost,,2024-03-10,"
                             "Дорого,,,,,,\n");
    struct vo_import_opts o = {0};
    struct vo_import_report rep;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_import(&f.svc, f.imp, &o, &rep, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(rep.problems.n, 0);
    cr_assert_str_eq(custom_of(&f, "D1"), "{\"area\":12345.5,\"deadline\":\"2024-04-01\","
                                          "\"tender\":\"44-ФЗ\",\"utm\":\"spring\"}");
    cr_assert_str_eq(custom_of(&f, "D2"), "{\"area\":80}");
    cr_assert_str_eq(custom_of(&f, "D3"), "{}");
    fx_close(&f);
}

Test(import_custom, bad_cells_named_nothing_written)
{
    struct fx f;
    fx_open(&f);
    vo_test_write(f.imp, "deals.csv",
                  DEALS_HEAD "D1,ivan@example.com,Продажи,2024-03-01 10:00,Лицензии,C1,P1,"
                             "Предложение,won,100,2024-03-20 15:30,,Сайт,Яндекс,много,44-ФЗ,,\n"
                             "D2,Олег Сидоров,Продажи,2024-03-05,Сайт,C2,,Встреча,open,600,,,,,"
                             ",нет,,\n"
                             "D3,ivan@example.com,Продажи,2024-03-07,,C1,P2,,lost,,2024-03-10,"
                             "Дорого,,,1e3,,2024-02-30,\n");
    struct vo_import_opts o = {0};
    struct vo_import_report rep;
    struct vo_error e = {0};
    vo_err rc = vo_svc_import(&f.svc, f.imp, &o, &rep, &e);
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
    fx_close(&f);
}
