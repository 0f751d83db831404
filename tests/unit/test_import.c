/*
 * test_import.c - `voronka import` of its own CSV format: a good directory
 * (tests/data/import-good) lands in the database with the right values;
 * every kind of bad row is listed with file:line and nothing is written;
 * dry runs write nothing; re-imports change nothing; `;` and cp1251 input;
 * and the command line's exit codes.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "service/import.h"
#include "fixture.h"
#include "testutil.h"

/* Copies tests/data/import-good into the import directory. */
static void copy_good(struct vo_fx_import *f)
{
    vo_fx_copy_good(f->imp);
}

static int64_t count(struct vo_fx_import *f, const char *table)
{
    return vo_fx_count(f->st, f->svc.org.id, table);
}

static vo_err run(struct vo_fx_import *f, bool dry, struct vo_import_report *rep)
{
    struct vo_import_opts o = {.dry_run = dry};
    struct vo_error e = {0};
    return vo_svc_import(&f->svc, f->imp, &o, rep, &e);
}

/* Is there a problem starting "file:line: column"? */
static bool has_problem(const struct vo_import_report *rep, const char *file, int64_t line,
                        const char *column)
{
    for (size_t i = 0; i < rep->problems.n; i++) {
        const struct vo_csv_note *n = &rep->problems.v[i];
        if (strcmp(n->file, file) == 0 && n->line == line &&
            (!column || (n->column && strncmp(n->column, column, strlen(column)) == 0)))
            return true;
    }
    return false;
}

static const char *problem_text(const struct vo_import_report *rep, const char *file, int64_t line)
{
    for (size_t i = 0; i < rep->problems.n; i++)
        if (strcmp(rep->problems.v[i].file, file) == 0 && rep->problems.v[i].line == line)
            return rep->problems.v[i].msg;
    return "";
}

static void dump(const struct vo_import_report *rep)
{
    for (size_t i = 0; i < rep->problems.n; i++)
        fprintf(stderr, "  %s:%lld: %s: %s\n", rep->problems.v[i].file,
                (long long)rep->problems.v[i].line,
                rep->problems.v[i].column ? rep->problems.v[i].column : "-",
                rep->problems.v[i].msg);
}

static const char *const all_tables[] = {
    "users",           "teams",         "products",   "pipelines", "stages",   "clients",
    "deals",           "stage_changes", "activities", "tasks",     "payments", "plans",
    "marketing_spend", "nps_responses", "holidays",   "audit_log"};
#define NTABLES (sizeof all_tables / sizeof all_tables[0])

static void counts(struct vo_fx_import *f, int64_t *out)
{
    for (size_t i = 0; i < NTABLES; i++)
        out[i] = count(f, all_tables[i]);
}

/* Every table still holds the rows counted in before. */
static void nothing_written(struct vo_fx_import *f, const int64_t *before)
{
    int64_t after[NTABLES];
    counts(f, after);
    for (size_t i = 0; i < NTABLES; i++)
        cr_assert_eq(after[i], before[i], "%s written", all_tables[i]);
}

Test(import, good_directory)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    struct vo_import_report rep;
    vo_err rc = run(&f, false, &rep);
    if (rc)
        dump(&rep);
    cr_assert_eq(rc, VO_OK);
    cr_assert(rep.committed);
    cr_assert_eq(rep.problems.n, 0);
    cr_assert_eq(rep.warnings.n, 0);

    cr_assert_eq(count(&f, "users"), 4); /* the admin + 3 */
    cr_assert_eq(count(&f, "teams"), 2);
    cr_assert_eq(count(&f, "products"), 2);
    cr_assert_eq(count(&f, "pipelines"), 1);
    cr_assert_eq(count(&f, "stages"), 3);
    cr_assert_eq(count(&f, "clients"), 2);
    cr_assert_eq(count(&f, "deals"), 3);
    cr_assert_eq(count(&f, "stage_changes"), 3);
    cr_assert_eq(count(&f, "activities"), 2);
    cr_assert_eq(count(&f, "tasks"), 2);
    cr_assert_eq(count(&f, "payments"), 2);
    cr_assert_eq(count(&f, "plans"), 5);
    cr_assert_eq(count(&f, "marketing_spend"), 1);
    cr_assert_eq(count(&f, "nps_responses"), 1);
    cr_assert_eq(count(&f, "holidays"), 2);
    cr_assert_eq(count(&f, "audit_log"), 2); /* org.create + import */
    cr_assert_eq(rep.users_without_password, 3);
    cr_assert_eq(vo_import_report_file(&rep, "deals.csv")->created, 3);

    struct vo_deal d;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_deal_get_ext(f.st, f.svc.org.id, "D1", &f.a, &d, &e), VO_OK);
    cr_assert_eq(d.amount, 1234567); /* "12 345,67" */
    /* 2024-03-01 10:00 without an offset is Moscow time: 07:00 UTC. */
    cr_assert_eq(d.created_at, 1709276400);
    cr_assert_eq(d.status, VO_DEAL_WON);
    cr_assert_str_eq(d.custom, "{\"utm\":\"spring\"}");
    cr_assert_str_eq(d.title, "Лицензии Ромашке");
    cr_assert_eq(vo_store_deal_get_ext(f.st, f.svc.org.id, "D2", &f.a, &d, &e), VO_OK);
    cr_assert_str_eq(d.title, "Сайт, ИП"); /* a quoted comma */
    cr_assert_eq(d.amount, 5000000);
    cr_assert_eq(vo_store_deal_get_ext(f.st, f.svc.org.id, "D3", &f.a, &d, &e), VO_OK);
    cr_assert_eq(d.amount, VO_NULL);
    cr_assert_eq(d.created_at, 1709791200); /* +03:00 given */
    int64_t first = 0;
    int64_t pipeline = 0;
    cr_assert_eq(vo_store_pipeline_find(f.st, f.svc.org.id, "Продажи", &pipeline, &e), VO_OK);
    cr_assert_eq(vo_store_stage_find(f.st, f.svc.org.id, pipeline, "Квалификация", &first, &e),
                 VO_OK);
    cr_assert_eq(d.stage_id, first, "no stage given: the pipeline's first");
    /* PAY1 has a deal and no client: it takes the deal's client. */
    int64_t pay = 0, client = 0, c1 = 0;
    cr_assert_eq(vo_store_ext_find(f.st, VO_EXT_PAYMENT, f.svc.org.id, "PAY1", &pay, &e), VO_OK);
    cr_assert_eq(vo_store_ext_find(f.st, VO_EXT_CLIENT, f.svc.org.id, "C1", &c1, &e), VO_OK);
    cr_assert_eq(vo_store_deal_refs(f.st, f.svc.org.id, d.id, &pipeline, &client, &e), VO_OK);
    cr_assert_eq(client, c1);
    int64_t won = 0, lost = 0;
    cr_assert_eq(vo_store_deal_count_status(f.st, f.svc.org.id, VO_DEAL_WON, &won, &e), VO_OK);
    cr_assert_eq(vo_store_deal_count_status(f.st, f.svc.org.id, VO_DEAL_LOST, &lost, &e), VO_OK);
    cr_assert_eq(won, 1);
    cr_assert_eq(lost, 1);
    vo_fx_import_close(&f);
}

Test(import, reimport_changes_nothing_and_a_changed_row_updates)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    struct vo_import_report rep;
    cr_assert_eq(run(&f, false, &rep), VO_OK);
    int64_t before[NTABLES];
    counts(&f, before);

    cr_assert_eq(run(&f, false, &rep), VO_OK);
    for (size_t i = 0; i < rep.nfiles; i++) {
        cr_assert_eq(rep.files[i].created, 0, "%s created", rep.files[i].file);
        cr_assert_eq(rep.files[i].updated, 0, "%s updated", rep.files[i].file);
        cr_assert_eq(rep.files[i].unchanged, rep.files[i].rows, "%s", rep.files[i].file);
    }
    cr_assert_eq(rep.users_without_password, 0);
    int64_t after[NTABLES];
    counts(&f, after);
    for (size_t i = 0; i + 1 < NTABLES; i++) /* all but the audit log */
        cr_assert_eq(after[i], before[i], "%s", all_tables[i]);
    cr_assert_eq(after[NTABLES - 1], before[NTABLES - 1] + 1, "one audit row per import");

    /* D2's amount changes: one update, the rest unchanged. */
    vo_test_write(f.imp, "deals.csv",
                  "id,owner,pipeline,created_at,title,client,product,stage,status,amount,"
                  "closed_at,loss_reason,channel,source,custom.utm\n"
                  "D1,ivan@example.com,Продажи,2024-03-01 10:00,Лицензии Ромашке,C1,P1,"
                  "Предложение,won,\"12 345,67\",2024-03-20 15:30,,Сайт,Яндекс,spring\n"
                  "D2,Олег Сидоров,Продажи,2024-03-05,\"Сайт, ИП\",C2,,Встреча,open,60000,,,,,\n"
                  "D3,ivan@example.com,Продажи,2024-03-07T09:00:00+03:00,,C1,P2,,lost,,"
                  "2024-03-10,Дорого,,,\n");
    cr_assert_eq(run(&f, false, &rep), VO_OK);
    const struct vo_import_count *c = vo_import_report_file(&rep, "deals.csv");
    cr_assert_eq(c->created, 0);
    cr_assert_eq(c->updated, 1);
    cr_assert_eq(c->unchanged, 2);
    struct vo_deal d;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_deal_get_ext(f.st, f.svc.org.id, "D2", &f.a, &d, &e), VO_OK);
    cr_assert_eq(d.amount, 6000000);
    vo_fx_import_close(&f);
}

Test(import, dry_run_writes_nothing)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    int64_t before[NTABLES];
    counts(&f, before);
    struct vo_import_report rep;
    cr_assert_eq(run(&f, true, &rep), VO_OK);
    cr_assert(!rep.committed);
    cr_assert_eq(vo_import_report_file(&rep, "deals.csv")->created, 3, "what would happen");
    nothing_written(&f, before);
    vo_fx_import_close(&f);
}

/* Every kind of bad row, all listed, nothing written. */
Test(import, bad_rows_all_listed_nothing_written)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    vo_test_write(f.imp, "deals.csv",
                  "id,owner,pipeline,created_at,stage,status,amount,closed_at,color\n"
                  "D1,ivan@example.com,Продажи,2024-03-01,Встреча,open,100,,red\n" /* 2 ok */
                  "D2,nobody@example.com,Продажи,2024-03-01,Встреча,open,100,,\n"  /* 3 */
                  "D3,ivan@example.com,Продажи,2024-03-01,Встреча2,open,100,,\n"   /* 4 */
                  "D4,ivan@example.com,Продажи,2024-02-30,Встреча,open,100,,\n"    /* 5 */
                  "D5,ivan@example.com,Продажи,2024-03-01,Встреча,won,100,,\n"     /* 6 */
                  "D6,ivan@example.com,Продажи,2024-03-01,Встреча,open,сто,,\n"    /* 7 */
                  "D7,ivan@example.com,Продажи,2024-03-01,Встреча,done,100,,\n"    /* 8 */
                  "D1,ivan@example.com,Продажи,2024-03-01,Встреча,open,100,,\n");  /* 9 */
    vo_test_write(f.imp, "nps.csv",
                  "client,score,at,comment\n"
                  "C1,9,2024-04-01,ok\n"
                  "C2,11,2024-04-02,слишком хорошо\n"
                  "C9,5,2024-04-03,\n");
    vo_test_write(f.imp, "payments.csv",
                  "id,amount,paid_at,deal,client\n"
                  "PAY1,-5,2024-03-25,D1,\n"
                  "PAY2,100,2024-03-26,,\n"
                  "PAY3,100,2024-03-26,D2,\n"); /* D2 failed: not reported again */
    int64_t before[NTABLES];
    counts(&f, before);
    struct vo_import_report rep;
    cr_assert_eq(run(&f, false, &rep), VO_EINVAL);
    cr_assert(!rep.committed);
    cr_assert(has_problem(&rep, "deals.csv", 3, "owner"));
    cr_assert(has_problem(&rep, "deals.csv", 4, "stage"));
    cr_assert(strstr(problem_text(&rep, "deals.csv", 4),
                     "\"Встреча2\" is not a stage of pipeline \"Продажи\""),
              "%s", problem_text(&rep, "deals.csv", 4));
    cr_assert(has_problem(&rep, "deals.csv", 5, "created_at"));
    cr_assert(has_problem(&rep, "deals.csv", 6, "closed_at"));
    cr_assert(has_problem(&rep, "deals.csv", 7, "amount"));
    cr_assert(has_problem(&rep, "deals.csv", 8, "status"));
    cr_assert(strstr(problem_text(&rep, "deals.csv", 8), "open, won, lost"));
    cr_assert(has_problem(&rep, "deals.csv", 9, "id"), "a repeated id");
    cr_assert(!has_problem(&rep, "deals.csv", 2, NULL));
    cr_assert(has_problem(&rep, "nps.csv", 3, "score"));
    cr_assert(strstr(problem_text(&rep, "nps.csv", 3), "11"));
    cr_assert(has_problem(&rep, "nps.csv", 4, "client"));
    cr_assert(has_problem(&rep, "payments.csv", 2, "amount"));
    cr_assert(has_problem(&rep, "payments.csv", 3, "deal"));
    cr_assert(!has_problem(&rep, "payments.csv", 4, NULL), "a reference to a bad row");
    cr_assert_eq(rep.problems.n, 11, "exactly the bad rows");
    /* The unknown column is a warning, not a problem. */
    bool warned = false;
    for (size_t i = 0; i < rep.warnings.n; i++)
        warned |= rep.warnings.v[i].column && strcmp(rep.warnings.v[i].column, "color") == 0;
    cr_assert(warned);
    nothing_written(&f, before);
    vo_fx_import_close(&f);
}

Test(import, pipelines_positions_and_missing_columns)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    vo_test_write(f.imp, "pipelines.csv",
                  "pipeline,stage,position\n"
                  "Продажи,A,1\n"
                  "Продажи,B,1\n"
                  "Продажи,C,4\n"
                  "Сервис,X,1\n");
    vo_test_write(f.imp, "products.csv", "id,price\nP1,10\n");
    vo_test_write(f.imp, "notes.csv", "a\n1\n");
    struct vo_import_report rep;
    cr_assert_eq(run(&f, false, &rep), VO_EINVAL);
    cr_assert(has_problem(&rep, "pipelines.csv", 3, "position"), "a repeated position");
    cr_assert(has_problem(&rep, "pipelines.csv", 2, "position"), "a gap: 3 stages, position 4");
    cr_assert(!has_problem(&rep, "pipelines.csv", 5, NULL));
    cr_assert(has_problem(&rep, "products.csv", 1, "name"), "the required column");
    bool warned = false;
    for (size_t i = 0; i < rep.warnings.n; i++)
        warned |= strcmp(rep.warnings.v[i].file, "notes.csv") == 0;
    cr_assert(warned, "a foreign file is a warning");
    cr_assert_eq(count(&f, "stages"), 0);
    vo_fx_import_close(&f);
}

/* `;`, cp1251, a BOM, quotes across lines: line numbers stay physical. */
Test(import, semicolon_cp1251_and_line_numbers)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    const char *utf8 = "id;name;category;price\n"
                       "P1;CRM Базовый;Лицензии;12 345,67\n"
                       "P3;\"Обучение;\nдва дня\";Услуги;1 000,5\n"
                       "P4;Аудит;Услуги;много\n";
    gsize len = 0;
    char *cp = g_convert(utf8, -1, "CP1251", "UTF-8", NULL, &len, NULL);
    cr_assert(cp);
    char *path = g_build_filename(f.imp, "products.csv", NULL);
    cr_assert(g_file_set_contents(path, cp, (gssize)len, NULL));
    g_free(path);
    g_free(cp);
    struct vo_import_report rep;
    cr_assert_eq(run(&f, false, &rep), VO_EINVAL);
    cr_assert_eq(rep.problems.n, 1);
    cr_assert(has_problem(&rep, "products.csv", 5, "price"), "line 5, after a 2-line record");
    cr_assert(strstr(rep.problems.v[0].msg, "много"), "converted to UTF-8: %s",
              rep.problems.v[0].msg);

    /* Fixed, with a BOM: imports. */
    cp = g_convert("id;name;category;price\n"
                   "P1;CRM Базовый;Лицензии;12 345,67\n"
                   "P3;\"Обучение;\nдва дня\";Услуги;1 000,5\n",
                   -1, "CP1251", "UTF-8", NULL, &len, NULL);
    char *bom = g_strconcat("\xEF\xBB\xBF", utf8, NULL);
    vo_test_write(f.imp, "products.csv", bom); /* a UTF-8 file with a BOM and a bad row */
    cr_assert_eq(run(&f, false, &rep), VO_EINVAL);
    cr_assert(has_problem(&rep, "products.csv", 5, "price"));
    g_free(bom);
    path = g_build_filename(f.imp, "products.csv", NULL);
    cr_assert(g_file_set_contents(path, cp, (gssize)len, NULL));
    g_free(path);
    g_free(cp);
    cr_assert_eq(run(&f, false, &rep), VO_OK);
    cr_assert_eq(count(&f, "products"), 2);
    vo_fx_import_close(&f);
}

Test(import, plans_targets_in_their_units)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    vo_test_write(f.imp, "plans.csv",
                  "period,scope,metric,target\n"
                  "2024-03,org,conversion,1.5\n"
                  "2024-03,team:Нет такой,calls,10\n"
                  "2024-03,org,happiness,10\n"
                  "2024-13,org,calls,10\n"
                  "2024-03,org,calls,10.5\n");
    struct vo_import_report rep;
    cr_assert_eq(run(&f, false, &rep), VO_EINVAL);
    for (int64_t line = 2; line <= 6; line++)
        cr_assert(has_problem(&rep, "plans.csv", line, NULL), "line %lld", (long long)line);
    cr_assert(strstr(problem_text(&rep, "plans.csv", 4), "revenue"), "lists the metrics");
    cr_assert_eq(rep.problems.n, 5);
    vo_fx_import_close(&f);
}

Test(import, users_matched_by_email_then_name)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    vo_test_write(f.imp, "users.csv",
                  "name,email,role,team\n"
                  "Администратор,admin@example.com,,\n"
                  "Олег Сидоров,,,Казань\n");
    struct vo_import_report rep;
    cr_assert_eq(run(&f, false, &rep), VO_OK);
    const struct vo_import_count *c = vo_import_report_file(&rep, "users.csv");
    cr_assert_eq(c->created, 1);
    cr_assert_eq(c->unchanged, 1, "the admin, role kept");
    struct vo_user u;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_user_find_email(f.st, f.svc.org.id, "admin@example.com", &f.a, &u, &e),
                 VO_OK);
    cr_assert_eq(u.role, VO_ROLE_ADMIN);
    /* Oleg gets an email and a role: matched by name, updated. */
    vo_test_write(f.imp, "users.csv", "name,email,role\nОлег Сидоров,oleg@example.com,head\n");
    cr_assert_eq(run(&f, false, &rep), VO_OK);
    c = vo_import_report_file(&rep, "users.csv");
    cr_assert_eq(c->updated, 1);
    cr_assert_eq(count(&f, "users"), 2);
    vo_fx_import_close(&f);
}

Test(import, cli_exit_codes)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    char *db = vo_test_db(f.dir, "test.db");
    char *cmd = g_strdup_printf("'%s' import --db '%s' '%s'", vo_test_binary(), db, f.imp);
    char *out = NULL;
    vo_svc_cleanup(&f.svc);
    vo_store_close(f.st);
    f.st = NULL;
    cr_assert_eq(vo_test_run(cmd, &out), 0, "%s", out);
    cr_assert(strstr(out, "Imported."), "%s", out);
    g_free(out);
    vo_test_write(f.imp, "nps.csv", "client,score,at\nC1,11,2024-04-01\n");
    cr_assert_eq(vo_test_run(cmd, &out), 2, "%s", out);
    cr_assert(strstr(out, "nps.csv:2: score:"), "%s", out);
    cr_assert(strstr(out, "nothing was imported"), "%s", out);
    g_free(out);
    g_free(cmd);
    cmd = g_strdup_printf("'%s' import --db '%s' '%s/nonexistent'", vo_test_binary(), db, f.dir);
    cr_assert_neq(vo_test_run(cmd, &out), 0, "%s", out);
    g_free(out);
    g_free(cmd);
    g_free(db);
    vo_arena_cleanup(&f.a);
    vo_test_rmtree(f.dir);
    g_free(f.dir);
    g_free(f.imp);
}

/* The report's matching of deals.csv with the org (docs/import.md,
 * "Stages and users"), worked out by hand: the org has Иван and the
 * pipeline Продажи with Квалификация and Встреча; the import adds the
 * stage Предложение and the user Ольга, and names a stage and an owner
 * nobody has. */
Test(import, dry_run_reports_stage_and_user_matching)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    vo_test_write(f.imp, "users.csv", "name,email,role\nИван Петров,ivan@example.com,manager\n");
    vo_test_write(f.imp, "pipelines.csv",
                  "pipeline,stage,position\nПродажи,Квалификация,1\nПродажи,Встреча,2\n");
    struct vo_import_report rep;
    cr_assert_eq(run(&f, false, &rep), VO_OK);
    struct vo_user ivan;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_user_find_email(f.st, f.svc.org.id, "ivan@example.com", &f.a, &ivan, &e),
                 VO_OK);
    int64_t pipe = 0, qual = 0;
    cr_assert_eq(vo_store_pipeline_find(f.st, f.svc.org.id, "Продажи", &pipe, &e), VO_OK);
    cr_assert_eq(vo_store_stage_find(f.st, f.svc.org.id, pipe, "Квалификация", &qual, &e), VO_OK);

    vo_test_write(f.imp, "users.csv",
                  "name,email,role\nИван Петров,ivan@example.com,manager\nОльга Новая,,manager\n");
    vo_test_write(f.imp, "pipelines.csv",
                  "pipeline,stage,position\nПродажи,Квалификация,1\nПродажи,Встреча,2\n"
                  "Продажи,Предложение,3\n");
    vo_test_write(f.imp, "deals.csv",
                  "id,owner,pipeline,created_at,stage,status,closed_at\n"
                  "D1,ivan@example.com,Продажи,2024-03-01,Квалификация,open,\n"
                  "D2,ivan@example.com,Продажи,2024-03-02,Предложение,open,\n"
                  "D3,Ольга Новая,Продажи,2024-03-03,Предложение,open,\n"
                  "D4,Ольга Новая,Продажи,2024-03-04,,won,2024-03-10\n"
                  "D5,Некто,Продажи,2024-03-05,Призрак,open,\n");
    int64_t before[NTABLES];
    counts(&f, before);
    cr_assert_eq(run(&f, true, &rep), VO_EINVAL, "D5's stage and owner are problems");
    nothing_written(&f, before);
    cr_assert(has_problem(&rep, "deals.csv", 6, "owner"));
    cr_assert(has_problem(&rep, "deals.csv", 6, "stage"));

    cr_assert_eq(rep.nstages, 4);
    const struct vo_import_stage *s = rep.stages;
    cr_assert_str_eq(s[0].pipeline, "Продажи");
    cr_assert_str_eq(s[0].stage, "Квалификация");
    cr_assert_str_eq(s[0].status, "open");
    cr_assert_eq(s[0].deals, 1);
    cr_assert_eq(s[0].match, VO_IMPORT_EXISTING);
    cr_assert_eq(s[0].stage_id, qual);
    cr_assert_str_eq(s[0].stage_name, "Квалификация");
    cr_assert_str_eq(s[1].stage, "Предложение");
    cr_assert_eq(s[1].deals, 2, "D2 and D3");
    cr_assert_eq(s[1].match, VO_IMPORT_CREATED);
    cr_assert_eq(s[1].stage_id, 0);
    cr_assert_str_eq(s[1].stage_name, "Предложение");
    /* a won deal without a stage lands in the pipeline's first stage */
    cr_assert_null(s[2].stage);
    cr_assert_str_eq(s[2].status, "won");
    cr_assert_eq(s[2].deals, 1);
    cr_assert_eq(s[2].match, VO_IMPORT_EXISTING);
    cr_assert_eq(s[2].stage_id, qual);
    cr_assert_str_eq(s[3].stage, "Призрак");
    cr_assert_eq(s[3].match, VO_IMPORT_UNMATCHED);
    cr_assert_null(s[3].stage_name);

    cr_assert_eq(rep.nusers, 3);
    const struct vo_import_user *u = rep.users;
    cr_assert_str_eq(u[0].owner, "ivan@example.com");
    cr_assert_eq(u[0].deals, 2);
    cr_assert_eq(u[0].match, VO_IMPORT_EXISTING);
    cr_assert_eq(u[0].user_id, ivan.id);
    cr_assert_str_eq(u[0].user_name, "Иван Петров");
    cr_assert_str_eq(u[1].owner, "Ольга Новая");
    cr_assert_eq(u[1].deals, 2);
    cr_assert_eq(u[1].match, VO_IMPORT_CREATED);
    cr_assert_eq(u[1].user_id, 0);
    cr_assert_str_eq(u[2].owner, "Некто");
    cr_assert_eq(u[2].deals, 1);
    cr_assert_eq(u[2].match, VO_IMPORT_UNMATCHED);
    vo_fx_import_close(&f);
}

/* activities.csv of n rows (A1..An, line i + 1 each), about 110 bytes a
 * row: several of the importer's chunks (VO_IMPORT_CHUNK_ROWS) and of the
 * reader's 1 MiB blocks. Row `bad` (0: none, -1: every row) has the type
 * "calll", and
 * row `wide` a field more than the header. */
static void write_many_activities(struct vo_fx_import *f, int n, int bad, int wide)
{
    GString *g = g_string_new("id,type,user,at,deal,client,duration_s,direction,outcome\n");
    for (int i = 1; i <= n; i++)
        g_string_append_printf(g,
                               "A%d,%s,ivan@example.com,2024-03-02 11:%02d,D%d,C1,%d,out,"
                               "\"reached, row %d of a long file\"%s\n",
                               i, i == bad || bad < 0 ? "calll" : "call", i % 60, i % 2 ? 1 : 3,
                               i % 3600, i, i == wide ? ",x" : "");
    vo_test_write(f->imp, "activities.csv", g->str);
    g_string_free(g, TRUE);
}

Test(import, a_file_of_many_chunks)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    write_many_activities(&f, 20000, 0, 0);
    struct vo_import_report rep;
    vo_err rc = run(&f, false, &rep);
    if (rc)
        dump(&rep);
    cr_assert_eq(rc, VO_OK);
    cr_assert_eq(count(&f, "activities"), 20000);
    cr_assert_eq(vo_import_report_file(&rep, "activities.csv")->created, 20000);
    /* rows of the first chunk, past it, and the last, by hand */
    const int ids[] = {1, 4097, 19999, 20000};
    int64_t d1 = 0, d3 = 0, c1 = 0, ivan = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_ext_find(f.st, VO_EXT_DEAL, f.svc.org.id, "D1", &d1, &e), VO_OK);
    cr_assert_eq(vo_store_ext_find(f.st, VO_EXT_DEAL, f.svc.org.id, "D3", &d3, &e), VO_OK);
    cr_assert_eq(vo_store_ext_find(f.st, VO_EXT_CLIENT, f.svc.org.id, "C1", &c1, &e), VO_OK);
    struct vo_user u;
    cr_assert_eq(vo_store_user_find_email(f.st, f.svc.org.id, "ivan@example.com", &f.a, &u, &e),
                 VO_OK);
    ivan = u.id;
    for (size_t k = 0; k < 4; k++) {
        char ext[16], outcome[48];
        snprintf(ext, sizeof ext, "A%d", ids[k]);
        snprintf(outcome, sizeof outcome, "reached, row %d of a long file", ids[k]);
        int64_t id = 0;
        struct vo_activity a;
        cr_assert_eq(vo_store_ext_find(f.st, VO_EXT_ACTIVITY, f.svc.org.id, ext, &id, &e), VO_OK);
        cr_assert_eq(vo_store_activity_get(f.st, f.svc.org.id, id, &f.a, &a, &e), VO_OK);
        cr_assert_eq(a.duration_s, ids[k] % 3600, "%s", ext);
        cr_assert_eq(a.deal_id, ids[k] % 2 ? d1 : d3, "%s", ext);
        cr_assert_eq(a.client_id, c1);
        cr_assert_eq(a.user_id, ivan);
        cr_assert_str_eq(a.outcome, outcome);
        cr_assert_eq(a.at, vo_fx_at("2024-03-02 11:00") + 60 * (ids[k] % 60), "%s", ext);
    }

    /* problems far past the first chunk: their lines, nothing written */
    vo_fx_import_close(&f);
    vo_fx_import_open(&f);
    copy_good(&f);
    write_many_activities(&f, 20000, 18000, 9000);
    int64_t before[NTABLES];
    counts(&f, before);
    cr_assert_eq(run(&f, true, &rep), VO_EINVAL); /* the dry run finds them */
    cr_assert_eq(rep.problems.n, 2);
    cr_assert(has_problem(&rep, "activities.csv", 9001, NULL));
    cr_assert(strstr(problem_text(&rep, "activities.csv", 9001), "has 10 fields, the header has 9"),
              "%s", problem_text(&rep, "activities.csv", 9001));
    cr_assert(has_problem(&rep, "activities.csv", 18001, "type"), "line 18001: %s",
              rep.problems.n ? problem_text(&rep, rep.problems.v[0].file, rep.problems.v[0].line)
                             : "none");
    cr_assert_eq(run(&f, false, &rep), VO_EINVAL);
    cr_assert(has_problem(&rep, "activities.csv", 18001, "type"));
    nothing_written(&f, before);
    vo_fx_import_close(&f);
}

Test(import, problems_past_the_first_1000_counted)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    write_many_activities(&f, 1500, -1, 0);
    struct vo_import_report rep;
    struct vo_import_opts o = {0};
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_import(&f.svc, f.imp, &o, &rep, &e), VO_EINVAL);
    cr_assert_eq(rep.problems.n, VO_IMPORT_MAX_PROBLEMS);
    cr_assert_eq(rep.problems.more, 500);
    cr_assert(has_problem(&rep, "activities.csv", 1001, "type"), "the 1000th is kept");
    cr_assert(!has_problem(&rep, "activities.csv", 1002, "type"), "the 1001st is counted");
    cr_assert_str_eq(e.msg, "1500 problems in the input: nothing was imported");
    cr_assert_eq(count(&f, "activities"), 0);
    vo_fx_import_close(&f);
}

Test(import, a_key_twice_names_its_first_line)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    vo_test_write(f.imp, "activities.csv",
                  "id,type,user,at,deal,client,duration_s,direction,outcome\n"
                  "A1,call,ivan@example.com,2024-03-02 11:00,D1,C1,300,out,\n"
                  "A2,call,ivan@example.com,2024-03-02 12:00,D1,C1,300,out,\n"
                  "A1,call,ivan@example.com,2024-03-02 13:00,D1,C1,300,out,\n");
    struct vo_import_report rep;
    cr_assert_eq(run(&f, true, &rep), VO_EINVAL);
    cr_assert_eq(rep.problems.n, 1);
    cr_assert(has_problem(&rep, "activities.csv", 4, "id"));
    cr_assert_str_eq(problem_text(&rep, "activities.csv", 4),
                     "\"A1\" appears again (first at activities.csv:2)");
    vo_fx_import_close(&f);
}

/* ---- the indexes built after the rows (vo_store_indexes_after) ---- */

/* SQLite's indexes and triggers of the big tables, by name and text: a
 * number that changes with any of them (their count, and the sum of their
 * texts' lengths and of their names' first letters). */
static int64_t big_schema(struct vo_fx_import *f)
{
    return vo_fx_sql(f->st,
                     "SELECT count(*) * 1000000 + sum(length(sql)) + sum(unicode(name)) FROM "
                     "sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND "
                     "tbl_name IN ('deals', 'stage_changes', 'activities', 'tasks', 'payments', "
                     "'clients')",
                     0);
}

/* What the per-row triggers write, checked on the imported org's rows:
 * every deal's stage_since, every row's updated_at, a search row for
 * every deal and client, the dataset's stamp raised. */
static void triggers_work_done(struct vo_fx_import *f)
{
    int64_t org = f->svc.org.id;
    cr_assert_eq(vo_fx_sql(f->st,
                           "SELECT count(*) FROM deals WHERE org_id = ?1 AND stage_since IS NOT "
                           "COALESCE((SELECT max(sc.at) FROM stage_changes sc WHERE sc.org_id = "
                           "deals.org_id AND sc.deal_id = deals.id AND sc.stage_id = "
                           "deals.stage_id), deals.created_at)",
                           org),
                 0);
    /* D1's last move is into its stage (2024-03-12 12:00 MSK); D2 has none */
    cr_assert_eq(
        vo_fx_sql(f->st, "SELECT stage_since FROM deals WHERE org_id = ?1 AND ext_id = 'D1'", org),
        1710234000);
    cr_assert_eq(
        vo_fx_sql(f->st, "SELECT stage_since FROM deals WHERE org_id = ?1 AND ext_id = 'D2'", org),
        1709586000);
    const char *const stamped[] = {"deals", "clients", "activities", "tasks", "payments"};
    for (size_t i = 0; i < 5; i++) {
        char *q = g_strdup_printf("SELECT count(*) FROM %s WHERE org_id = ?1 AND updated_at <= 0",
                                  stamped[i]);
        cr_assert_eq(vo_fx_sql(f->st, q, org), 0, "%s.updated_at", stamped[i]);
        g_free(q);
    }
    cr_assert_eq(vo_fx_sql(f->st,
                           "SELECT count(*) FROM search_fts WHERE org_id = ?1 AND kind = 'deal'",
                           org),
                 3);
    cr_assert_eq(vo_fx_sql(f->st,
                           "SELECT count(*) FROM search_fts WHERE org_id = ?1 AND kind = 'client'",
                           org),
                 count(f, "clients"));
    struct vo_search_hit *hits = NULL;
    size_t n = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_search(f->st, org, "Ромашке", 0, 10, &f->a, &hits, &n, &e), VO_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(hits[0].title, "Лицензии Ромашке");
    cr_assert_gt(vo_fx_sql(f->st, "SELECT seq FROM dataset_seq WHERE org_id = ?1", org), 0);
    cr_assert_eq(vo_fx_sql(f->st,
                           "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check "
                           "<> 'ok'",
                           0),
                 0);
    cr_assert_eq(vo_fx_sql(f->st, "SELECT count(*) FROM pragma_foreign_key_check", 0), 0);
}

/* Imports the good directory: committed, the indexes built after its rows
 * or not (after: on SQLite; never on PostgreSQL), and on SQLite every
 * index and trigger there again (schema: big_schema before) with their
 * work done. */
static void import_good(struct vo_fx_import *f, bool after, int64_t schema)
{
    bool pg = vo_test_pg();
    struct vo_import_report rep;
    vo_err rc = run(f, false, &rep);
    if (rc)
        dump(&rep);
    cr_assert_eq(rc, VO_OK);
    cr_assert(rep.committed);
    cr_assert_eq(rep.indexes_after, after && !pg);
    cr_assert_eq(count(f, "deals"), 3);
    if (!pg) {
        cr_assert_eq(big_schema(f), schema, "every index and trigger built again");
        triggers_work_done(f);
    }
}

Test(import, into_a_new_database_the_indexes_are_built_after_the_rows)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    bool pg = vo_test_pg();
    int64_t schema = pg ? 0 : big_schema(&f);
    cr_assert(pg || schema > 40 * 1000000, "the indexes and triggers are there to drop");
    import_good(&f, true, schema);
    /* the triggers are back: a later move into its stage stamps the deal */
    int64_t d1 = 0, stage = 0, pipeline = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_ext_find(f.st, VO_EXT_DEAL, f.svc.org.id, "D1", &d1, &e), VO_OK);
    cr_assert_eq(vo_store_pipeline_find(f.st, f.svc.org.id, "Продажи", &pipeline, &e), VO_OK);
    cr_assert_eq(vo_store_stage_find(f.st, f.svc.org.id, pipeline, "Предложение", &stage, &e),
                 VO_OK);
    vo_fx_use(f.st, &f.svc);
    vo_fx_move(d1, stage, "2024-04-01 10:00");
    cr_assert_eq(vo_fx_sql(f.st,
                           "SELECT stage_since FROM deals WHERE org_id = ?1 AND ext_id = 'D1'",
                           f.svc.org.id),
                 vo_fx_at("2024-04-01 10:00"));

    /* a second import finds rows: the indexes stay */
    struct vo_import_report again;
    cr_assert_eq(run(&f, false, &again), VO_OK);
    cr_assert(!again.indexes_after);
    cr_assert_eq(vo_import_report_file(&again, "deals.csv")->unchanged, 3);
    vo_fx_import_close(&f);
}

Test(import, with_rows_in_the_tables_the_indexes_stay_and_the_rows_are_the_same)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    /* another org's client: the tables are not empty */
    struct vo_org other = {.name = "Другая",
                           .tz = "Europe/Moscow",
                           .currency = "RUB",
                           .settings = "{}",
                           .created_at = 100};
    vo_fx_org_with_manager(f.st, &other, "Ольга", "olga@other.ru");
    cr_assert_eq(vo_fx_sql(f.st,
                           "INSERT INTO clients(org_id, ext_id, name) VALUES(?1, 'X', 'Чужой') "
                           "RETURNING id",
                           other.id) > 0,
                 true);
    import_good(&f, false, vo_test_pg() ? 0 : big_schema(&f));
    vo_fx_import_close(&f);
}

Test(import, a_failed_or_dry_import_into_a_new_database_keeps_every_index)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    copy_good(&f);
    bool pg = vo_test_pg();
    int64_t schema = pg ? 0 : big_schema(&f);
    int64_t before[NTABLES];
    counts(&f, before);
    struct vo_import_report rep;
    cr_assert_eq(run(&f, true, &rep), VO_OK);
    cr_assert_eq(rep.indexes_after, !pg);
    cr_assert(!rep.committed);
    nothing_written(&f, before);
    if (!pg)
        cr_assert_eq(big_schema(&f), schema, "the dry run's drops rolled back");
    /* a bad row in the last file: the drops roll back with the rows */
    vo_test_write(f.imp, "activities.csv",
                  "id,type,user,at,deal,client,duration_s,direction,outcome\n"
                  "A1,call,ivan@example.com,2024-03-02 11:00,D1,C1,300,out,\n"
                  "A2,лекция,ivan@example.com,2024-03-02 12:00,D1,C1,300,out,\n");
    cr_assert_eq(run(&f, false, &rep), VO_EINVAL);
    cr_assert(has_problem(&rep, "activities.csv", 3, "type"));
    cr_assert(!rep.committed);
    nothing_written(&f, before);
    if (!pg)
        cr_assert_eq(big_schema(&f), schema, "the failed import's drops rolled back");
    /* and the next import still builds them after */
    copy_good(&f);
    import_good(&f, true, schema);
    vo_fx_import_close(&f);
}
