/*
 * test_import_skip.c - partial imports (`voronka import --skip-invalid`,
 * docs/import.md "Partial imports"): good and bad rows mixed across the
 * files of tests/data/import-good; the bad rows and the rows depending on
 * them rejected, each with its reason naming the row it depended on; the
 * counts per file; the rejects files' text; the round trip (a fixed
 * rejects directory imports as it is); an import with no good row, and a
 * file's own problem, still write nothing; without the flag nothing
 * changes.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "service/import.h"
#include "fixture.h"
#include "testutil.h"

static int64_t count(struct vo_fx_import *f, const char *table)
{
    return vo_fx_count(f->st, f->svc.org.id, table);
}

static vo_err run(struct vo_fx_import *f, const char *dir, bool skip, struct vo_import_report *rep)
{
    struct vo_import_opts o = {.skip_invalid = skip};
    struct vo_error e = {0};
    return vo_svc_import(&f->svc, dir, &o, rep, &e);
}

/* Appends lines to dir/file. */
static void append(const char *dir, const char *file, const char *lines)
{
    char *path = g_build_filename(dir, file, NULL);
    char *old = NULL;
    cr_assert(g_file_get_contents(path, &old, NULL, NULL), "%s", path);
    char *text = g_strconcat(old, lines, NULL);
    cr_assert(g_file_set_contents(path, text, -1, NULL));
    g_free(text);
    g_free(old);
    g_free(path);
}

/* The good files plus bad rows and rows depending on them. */
static void mixed(struct vo_fx_import *f)
{
    vo_fx_copy_good(f->imp);
    /* users.csv:5: a bad email */
    append(f->imp, "users.csv", "Пётр Плохой,petr@,manager,Москва\n");
    /* pipelines.csv:5-6: a new pipeline with a bad position: both rows */
    append(f->imp, "pipelines.csv", "Партнёры,Первичный,1,\nПартнёры,Второй,x,\n");
    /* clients.csv:4: key_account "maybe" */
    append(f->imp, "clients.csv", "C3,ООО Третий,,,,,anna@example.com,2024-01-12,maybe,\n");
    /* deals.csv:5 client C3 (rejected); :6 owner petr@ (rejected); :7 a
     * stage that does not exist; :8 the rejected pipeline */
    append(f->imp, "deals.csv",
           "D4,ivan@example.com,Продажи,2024-03-08,Третьему,C3,,Встреча,open,1000,,,,,\n"
           "D5,petr@,Продажи,2024-03-08,Петра,C1,,Встреча,open,2000,,,,,\n"
           "D6,ivan@example.com,Продажи,2024-03-08,Ошибка,C1,,Встреча2,open,3000,,,,,\n"
           "D7,ivan@example.com,Партнёры,2024-03-08,Партнёрская,C1,,,open,4000,,,,,\n");
    /* stage_changes.csv:5 of D4; payments.csv:4 of D4; nps.csv:3 of C3 */
    append(f->imp, "stage_changes.csv", "D4,Встреча,2024-03-09 10:00\n");
    append(f->imp, "payments.csv", "PAY3,1000,2024-03-27,D4,\n");
    append(f->imp, "nps.csv", "C3,8,2024-04-02,\n");
}

static const struct vo_import_reject *reject(const struct vo_import_report *rep, const char *file,
                                             int64_t line)
{
    for (size_t i = 0; i < rep->nrejects; i++)
        if (strcmp(rep->rejects[i].file, file) == 0 && rep->rejects[i].line == line)
            return &rep->rejects[i];
    return NULL;
}

static void expect_reject(const struct vo_import_report *rep, const char *file, int64_t line,
                          const char *field, const char *msg)
{
    const struct vo_import_reject *j = reject(rep, file, line);
    cr_assert(j, "%s:%lld is not rejected", file, (long long)line);
    cr_assert_str_eq(j->field ? j->field : "", field, "%s:%lld", file, (long long)line);
    cr_assert(strstr(j->msg, msg), "%s:%lld: %s", file, (long long)line, j->msg);
}

static void expect_counts(const struct vo_import_report *rep, const char *file, int64_t rows,
                          int64_t created, int64_t rejected)
{
    const struct vo_import_count *c = vo_import_report_file(rep, file);
    cr_assert_eq(c->rows, rows, "%s rows %lld", file, (long long)c->rows);
    cr_assert_eq(c->created, created, "%s created %lld", file, (long long)c->created);
    cr_assert_eq(c->rejected, rejected, "%s rejected %lld", file, (long long)c->rejected);
}

static const struct vo_import_reject_file *reject_file(const struct vo_import_report *rep,
                                                       const char *file)
{
    for (size_t i = 0; i < rep->nreject_files; i++)
        if (strcmp(rep->reject_files[i].file, file) == 0)
            return &rep->reject_files[i];
    return NULL;
}

Test(import_skip, mixed_rows_and_dependants)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    mixed(&f);
    struct vo_import_report rep;
    cr_assert_eq(run(&f, f.imp, true, &rep), VO_OK);
    cr_assert(rep.committed);

    /* per file: rows, created, rejected */
    expect_counts(&rep, "users.csv", 4, 3, 1);
    expect_counts(&rep, "pipelines.csv", 5, 3, 2);
    expect_counts(&rep, "clients.csv", 3, 2, 1);
    expect_counts(&rep, "deals.csv", 7, 3, 4);
    expect_counts(&rep, "stage_changes.csv", 4, 3, 1);
    expect_counts(&rep, "payments.csv", 3, 2, 1);
    expect_counts(&rep, "nps.csv", 2, 1, 1);
    expect_counts(&rep, "tasks.csv", 2, 2, 0);
    cr_assert_eq(rep.nrejects, 11);

    /* the database: the good rows only, nothing of a rejected one */
    cr_assert_eq(count(&f, "users"), 4);
    cr_assert_eq(count(&f, "pipelines"), 1);
    cr_assert_eq(count(&f, "stages"), 3);
    cr_assert_eq(count(&f, "clients"), 2);
    cr_assert_eq(count(&f, "deals"), 3);
    cr_assert_eq(count(&f, "stage_changes"), 3);
    cr_assert_eq(count(&f, "payments"), 2);
    cr_assert_eq(count(&f, "nps_responses"), 1);
    cr_assert_eq(count(&f, "audit_log"), 2); /* org.create + import */

    /* own problems, and dependants naming the row they depended on */
    expect_reject(&rep, "users.csv", 5, "email", "");
    expect_reject(&rep, "pipelines.csv", 6, "position", "\"x\" is not a whole number");
    expect_reject(&rep, "pipelines.csv", 5, "pipeline",
                  "depends on the row pipelines.csv:6, which was rejected");
    expect_reject(&rep, "clients.csv", 4, "key_account", "\"maybe\" is not 0 or 1");
    expect_reject(&rep, "deals.csv", 5, "client",
                  "depends on the row clients.csv:4, which was rejected");
    expect_reject(&rep, "deals.csv", 6, "owner",
                  "depends on the row users.csv:5, which was rejected");
    expect_reject(&rep, "deals.csv", 7, "stage", "\"Встреча2\" is not a stage of pipeline");
    expect_reject(&rep, "deals.csv", 8, "pipeline",
                  "depends on the row pipelines.csv:6, which was rejected");
    expect_reject(&rep, "stage_changes.csv", 5, "deal",
                  "depends on the row deals.csv:5, which was rejected");
    expect_reject(&rep, "payments.csv", 4, "deal",
                  "depends on the row deals.csv:5, which was rejected");
    expect_reject(&rep, "nps.csv", 3, "client",
                  "depends on the row clients.csv:4, which was rejected");
    const struct vo_import_reject *j = reject(&rep, "deals.csv", 5);
    cr_assert_str_eq(j->code, "import.depends_on_rejected");
    cr_assert_str_eq(j->msg_ru, "Зависит от строки clients.csv:4, которая отклонена");

    /* the rejects file of deals.csv: its own columns, then the five */
    const struct vo_import_reject_file *rf = reject_file(&rep, "deals.csv");
    cr_assert(rf);
    cr_assert_eq(rf->n, 4);
    size_t len = 0;
    char *text = vo_import_rejects_csv(rf, false, &len);
    cr_assert_eq(len, strlen(text));
    const char *want_head =
        "\xEF\xBB\xBFid,owner,pipeline,created_at,title,client,product,stage,status,amount,"
        "closed_at,loss_reason,channel,source,custom.utm,_file,_line,_field,_code,_error\r\n"
        "D4,ivan@example.com,Продажи,2024-03-08,Третьему,C3,,Встреча,open,1000,,,,,,deals.csv,5,"
        "client,import.depends_on_rejected,\"depends on the row clients.csv:4, which was "
        "rejected\"\r\n";
    cr_assert(strncmp(text, want_head, strlen(want_head)) == 0, "%s", text);
    g_free(text);
    text = vo_import_rejects_csv(rf, true, &len);
    cr_assert(strstr(text, ",\"Зависит от строки clients.csv:4, которая отклонена\"\r\n"), "%s",
              text);
    g_free(text);
    vo_fx_import_close(&f);
}

/* Without the flag: nothing written, and the rows that depend on a bad
 * row are not reported a second time (the messages of before). */
Test(import_skip, default_stays_all_or_nothing)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    mixed(&f);
    int64_t users = count(&f, "users"), audit = count(&f, "audit_log");
    struct vo_import_report rep;
    cr_assert_eq(run(&f, f.imp, false, &rep), VO_EINVAL);
    cr_assert(!rep.committed);
    cr_assert_eq(rep.nrejects, 0);
    cr_assert_eq(count(&f, "users"), users);
    cr_assert_eq(count(&f, "deals"), 0);
    cr_assert_eq(count(&f, "audit_log"), audit);
    /* users.csv:5, pipelines.csv:6, clients.csv:4, deals.csv:6 (no user
     * "petr@") and :7 (the stage): five problems (deals.csv:8 finds the
     * pipeline pipelines.csv:5 made, rolled back with the rest) */
    cr_assert_eq(rep.problems.n, 5);
    for (size_t i = 0; i < rep.problems.n; i++)
        cr_assert(!strstr(rep.problems.v[i].msg, "depends on"), "%s", rep.problems.v[i].msg);
    vo_fx_import_close(&f);
}

/* Writes the rejects files of rep into dir. */
static void write_rejects(const struct vo_import_report *rep, const char *dir)
{
    cr_assert_eq(g_mkdir(dir, 0700), 0);
    for (size_t i = 0; i < rep->nreject_files; i++) {
        size_t len = 0;
        char *text = vo_import_rejects_csv(&rep->reject_files[i], true, &len);
        char *path = g_build_filename(dir, rep->reject_files[i].file, NULL);
        cr_assert(g_file_set_contents(path, text, (gssize)len, NULL));
        g_free(path);
        g_free(text);
    }
}

/* Replaces from with to in dir/file. */
static void fix(const char *dir, const char *file, const char *from, const char *to)
{
    char *path = g_build_filename(dir, file, NULL);
    char *text = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL));
    char **parts = g_strsplit(text, from, -1);
    cr_assert(g_strv_length(parts) >= 2, "%s has no %s", file, from);
    char *fixed = g_strjoinv(to, parts);
    cr_assert(g_file_set_contents(path, fixed, -1, NULL));
    g_strfreev(parts);
    g_free(fixed);
    g_free(text);
    g_free(path);
}

Test(import_skip, round_trip)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    mixed(&f);
    struct vo_import_report rep;
    cr_assert_eq(run(&f, f.imp, true, &rep), VO_OK);
    char *rej = g_build_filename(f.dir, "rejected", NULL);
    write_rejects(&rep, rej);

    /* fixed in part: the client and the stage; the user still bad */
    fix(rej, "clients.csv", "maybe", "1");
    fix(rej, "deals.csv", "Встреча2", "Встреча");
    struct vo_import_report again;
    cr_assert_eq(run(&f, rej, true, &again), VO_OK);
    cr_assert_eq(again.warnings.n, 0, "the _ columns are not warned about");
    expect_counts(&again, "clients.csv", 1, 1, 0);
    expect_counts(&again, "deals.csv", 4, 2, 2); /* D4, D6 in; D5 (user), D7 (pipeline) not */
    expect_counts(&again, "payments.csv", 1, 1, 0);
    expect_counts(&again, "nps.csv", 1, 1, 0);
    expect_counts(&again, "users.csv", 1, 0, 1);
    cr_assert_eq(count(&f, "deals"), 5);
    cr_assert_eq(count(&f, "payments"), 3);
    cr_assert_eq(count(&f, "stage_changes"), 4);
    struct vo_client c;
    struct vo_error e = {0};
    int64_t id = 0;
    cr_assert_eq(vo_store_ext_find(f.st, VO_EXT_CLIENT, f.svc.org.id, "C3", &id, &e), VO_OK);
    cr_assert_eq(vo_store_client_get(f.st, f.svc.org.id, id, &f.a, &c, &e), VO_OK);
    cr_assert(c.key_account);

    /* the rest fixed in the rejects of the rejects: all in, none left */
    char *rej2 = g_build_filename(f.dir, "rejected2", NULL);
    write_rejects(&again, rej2);
    fix(rej2, "users.csv", "petr@,", "petr@example.com,");
    fix(rej2, "deals.csv", "petr@,", "petr@example.com,");
    fix(rej2, "pipelines.csv", "Второй,x", "Второй,2");
    struct vo_import_report third;
    vo_err rc = run(&f, rej2, true, &third);
    for (size_t i = 0; i < third.problems.n; i++)
        fprintf(stderr, "%s:%lld: %s\n", third.problems.v[i].file,
                (long long)third.problems.v[i].line, third.problems.v[i].msg);
    cr_assert_eq(rc, VO_OK);
    cr_assert_eq(third.nrejects, 0);
    cr_assert_eq(count(&f, "deals"), 7);
    cr_assert_eq(count(&f, "users"), 5);
    cr_assert_eq(count(&f, "pipelines"), 2);
    g_free(rej);
    g_free(rej2);
    vo_fx_import_close(&f);
}

/* No row could be imported: the usual error, nothing written, the rejects
 * still listed. */
Test(import_skip, nothing_good_is_an_error)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    char *path = g_build_filename(f.imp, "nps.csv", NULL);
    cr_assert(
        g_file_set_contents(path, "client,score,at\nC9,11,2024-04-01\nC9,5,nope\n", -1, NULL));
    g_free(path);
    int64_t audit = count(&f, "audit_log");
    struct vo_import_report rep;
    cr_assert_eq(run(&f, f.imp, true, &rep), VO_EINVAL);
    cr_assert(!rep.committed);
    cr_assert_eq(rep.nrejects, 2);
    cr_assert_eq(count(&f, "audit_log"), audit);
    vo_fx_import_close(&f);
}

/* A problem of a file as a whole (a required column missing) is no row's:
 * nothing is written, as without the flag. */
Test(import_skip, file_problem_stops_all)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    vo_fx_copy_good(f.imp);
    char *path = g_build_filename(f.imp, "spend.csv", NULL);
    cr_assert(g_file_set_contents(path, "channel,amount\nЯндекс,100\n", -1, NULL));
    g_free(path);
    struct vo_import_report rep;
    cr_assert_eq(run(&f, f.imp, true, &rep), VO_EINVAL);
    cr_assert(!rep.committed);
    cr_assert_eq(rep.nrejects, 0);
    cr_assert_eq(count(&f, "deals"), 0);
    vo_fx_import_close(&f);
}

/* A record with a stray delimiter (a reading problem, not a check's) is
 * rejected whole, its neighbours imported. */
Test(import_skip, stray_delimiter_row)
{
    struct vo_fx_import f;
    vo_fx_import_open(&f);
    char *path = g_build_filename(f.imp, "holidays.csv", NULL);
    cr_assert(g_file_set_contents(
        path, "date,kind\n2024-03-08,holiday\n2024-05-01,holiday,extra\n2024-05-09,holiday\n", -1,
        NULL));
    g_free(path);
    struct vo_import_report rep;
    cr_assert_eq(run(&f, f.imp, true, &rep), VO_OK);
    expect_counts(&rep, "holidays.csv", 3, 2, 1);
    cr_assert(reject(&rep, "holidays.csv", 3));
    cr_assert_eq(count(&f, "holidays"), 2);
    vo_fx_import_close(&f);
}
