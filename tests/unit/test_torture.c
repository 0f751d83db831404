/*
 * test_torture.c - allocation failures, as curl's torture tests do them
 * (docs/internals/testing.md, "Allocation failures").
 *
 * Each case first runs one whole use case with the fault injection armed
 * but failing nothing, to count its allocations (every vo_arena_alloc and
 * every SQLite malloc/realloc: base/arena.h, store.h), then runs it again
 * once for each N, failing the Nth allocation only. Every run must end
 * either in success with the full result, or in a clean error: a code, a
 * message, nothing half done (the database's row counts as before the
 * run) and, in the ASan build, no leak and no bad access. The run with
 * nothing failed must succeed.
 *
 *   import: opening the database, the org's service, importing
 *     tests/data/import-good (13 files) and closing, into a fresh copy of
 *     a database with one org; and the same as a partial import
 *     (--skip-invalid) with one bad row, rejected in every good run.
 *   dataset_load: opening the database and loading the org with that
 *     import in it (on two threads and two connections), then freeing.
 *
 * When there are more than FULL allocations, every one up to FULL fails in
 * turn, then a sample: every k-th, k chosen so that about SAMPLE more runs
 * are made (the same ones every time). VO_TORTURE_AT=N runs only N (to
 * look at one failure), VO_TORTURE_ALL=1 fails every N, VO_TORTURE_EVERY=k
 * every k-th (the coverage run's quick pass), VO_TORTURE_TRACE=1 prints
 * each run's result.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/dataset.h"
#include "service/dataset_load.h"
#include "service/import.h"
#include "fixture.h"
#include "testutil.h"

#define FULL   2000
#define SAMPLE 1000

static const char *const tables[] = {
    "users",           "teams",         "products",   "pipelines", "stages",   "clients",
    "deals",           "stage_changes", "activities", "tasks",     "payments", "plans",
    "marketing_spend", "nps_responses", "holidays",   "audit_log"};
#define NTABLES (sizeof tables / sizeof tables[0])

struct fx {
    char *dir;  /* everything of the test */
    char *base; /* the database before the run (one org) */
    char *db;   /* the copy a run works on */
    char *imp;  /* the import directory */
    int64_t org;
    int64_t before[NTABLES], after[NTABLES];
    bool skip; /* a partial import (--skip-invalid) with one bad row */
    /* not the good files but the Bitrix24 sample of tests/data/presets,
     * its preset told by the headers (the mapping's every step) */
    bool preset;
    /* what the runs ended in, by vo_err */
    long ended[VO_EUSAGE + 1];
};

static void copy_file(const char *from, const char *to)
{
    char *text = NULL;
    gsize len = 0;
    cr_assert(g_file_get_contents(from, &text, &len, NULL), "read %s", from);
    cr_assert(g_file_set_contents(to, text, (gssize)len, NULL), "write %s", to);
    g_free(text);
}

/* Removes db and its -wal and -shm files. */
static void remove_db(const char *db)
{
    char *wal = g_strconcat(db, "-wal", NULL), *shm = g_strconcat(db, "-shm", NULL);
    g_remove(db);
    g_remove(wal);
    g_remove(shm);
    g_free(wal);
    g_free(shm);
}

static void counts(const char *db, int64_t org, int64_t *out)
{
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(db, VO_STORE_NO_MIGRATE, &st, &e), VO_OK, "%s", e.msg);
    for (size_t i = 0; i < NTABLES; i++)
        cr_assert_eq(vo_store_count(st, org, tables[i], &out[i], &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
}

/* A run that succeeded wrote the values too, not NULL in their place:
 * deal D1 of tests/data/import-good/deals.csv as test_import reads it. */
static void d1_whole(const char *db, int64_t org, long n)
{
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    struct vo_arena a;
    vo_arena_init(&a, 0);
    cr_assert_eq(vo_store_open(db, VO_STORE_NO_MIGRATE, &st, &e), VO_OK, "%s", e.msg);
    struct vo_deal d;
    cr_assert_eq(vo_store_deal_get_ext(st, org, "D1", &a, &d, &e), VO_OK, "run %ld: %s", n, e.msg);
    cr_assert_eq(d.amount, 1234567, "run %ld", n);
    cr_assert_eq(d.created_at, 1709276400, "run %ld", n);
    cr_assert_eq(d.status, VO_DEAL_WON, "run %ld", n);
    cr_assert_str_eq(d.title, "Лицензии Ромашке", "run %ld", n);
    cr_assert_str_eq(d.custom, "{\"utm\":\"spring\"}", "run %ld", n);
    cr_assert_neq(d.owner_id, 0, "run %ld", n);
    cr_assert_neq(d.client_id, 0, "run %ld", n);
    vo_store_close(st);
    vo_arena_cleanup(&a);
}

static bool same_counts(const int64_t *a, const int64_t *b, char *diff, size_t size)
{
    for (size_t i = 0; i < NTABLES; i++) {
        if (a[i] != b[i]) {
            snprintf(diff, size, "%s: %lld rows, expected %lld", tables[i], (long long)a[i],
                     (long long)b[i]);
            return false;
        }
    }
    return true;
}

/* A database with one org in base, the good import files in imp. */
static void fx_open(struct fx *f)
{
    memset(f, 0, sizeof *f);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_alloc_fault_install(&e), VO_OK, "%s", e.msg);
    f->dir = vo_test_tmpdir();
    f->org = vo_fx_org_file(f->dir);
    f->base = vo_test_db(f->dir, "test.db");
    f->db = g_build_filename(f->dir, "run.db", NULL);
    f->imp = g_build_filename(f->dir, "import", NULL);
    g_mkdir(f->imp, 0700);
    vo_fx_copy_good(f->imp);
}

static void fx_close(struct fx *f)
{
    vo_test_rmtree(f->dir);
    g_free(f->dir);
    g_free(f->base);
    g_free(f->db);
    g_free(f->imp);
}

/* One import into a fresh copy of base, failing allocation fail_at (0:
 * none); returns its result, the allocations counted in *seen. */
static vo_err import_once(struct fx *f, long fail_at, long *seen, struct vo_error *e)
{
    remove_db(f->db);
    copy_file(f->base, f->db);
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_store *st = NULL;
    struct vo_svc svc;
    memset(&svc, 0, sizeof svc);
    struct vo_import_report rep;
    memset(&rep, 0, sizeof rep);
    struct vo_import_opts o = {.dry_run = false, .skip_invalid = f->skip, .detect = f->preset};
    vo_alloc_fault_arm(fail_at);
    vo_err rc = vo_store_open(f->db, 0, &st, e);
    if (rc == VO_OK) {
        rc = vo_svc_init(&svc, st, f->org, &a, e);
        if (rc == VO_OK) {
            rc = vo_svc_import(&svc, f->imp, &o, &rep, e);
            vo_svc_cleanup(&svc);
        }
        vo_store_close(st);
    }
    *seen = vo_alloc_fault_disarm();
    for (size_t i = 0; getenv("VO_TORTURE_TRACE") && i < rep.problems.n; i++)
        fprintf(stderr, "  %s:%lld: %s\n", rep.problems.v[i].file,
                (long long)rep.problems.v[i].line, rep.problems.v[i].msg);
    if (rc == VO_OK) {
        cr_assert(rep.committed, "run %ld: VO_OK without a commit", fail_at);
        /* the bad row of a partial import, rejected whole, and no other */
        cr_assert_eq(rep.problems.n, f->skip ? 1 : 0, "run %ld: VO_OK with problems", fail_at);
        cr_assert_eq(rep.nrejects, f->skip ? 1 : 0, "run %ld: %zu rejected", fail_at, rep.nrejects);
    } else if (rep.files) {
        cr_assert(!rep.committed, "run %ld: failed (%d: %s) after a commit", fail_at, rc, e->msg);
    }
    vo_arena_cleanup(&a);
    return rc;
}

/* The runs to make: all of 1..total when VO_TORTURE_ALL is set or total
 * <= FULL, else 1..FULL and every k-th after. */
static long next_run(long n, long total)
{
    const char *every = getenv("VO_TORTURE_EVERY");
    if (every && atol(every) > 0)
        return n + atol(every);
    if (n < FULL || total <= FULL || getenv("VO_TORTURE_ALL"))
        return n + 1;
    long k = (total - FULL) / SAMPLE + 1;
    return n + k;
}

/* The first run: only VO_TORTURE_AT when it is set; the run after n:
 * none then, else next_run's. */
static long first_run(void)
{
    const char *one = getenv("VO_TORTURE_AT");
    return one ? atol(one) : 1;
}

static long run_after(long n, long total)
{
    return getenv("VO_TORTURE_AT") ? total + 1 : next_run(n, total);
}

/* printf to stderr when VO_TORTURE_TRACE is set. */
G_GNUC_PRINTF(1, 2) static void trace(const char *fmt, ...)
{
    if (!getenv("VO_TORTURE_TRACE"))
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

static void report(const char *what, const struct fx *f, long total, long runs)
{
    static const char *const names[] = {"OK",        "EINVAL",   "ENOTFOUND", "EPERM",
                                        "ECONFLICT", "ESTORE",   "ETOOBIG",   "ENOMEM",
                                        "EIO",       "EVERSION", "EUSAGE"};
    fprintf(stderr, "torture %s: %ld allocations, %ld runs:", what, total, runs);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (f->ended[i])
            fprintf(stderr, " %s %ld", names[i], f->ended[i]);
    fprintf(stderr, "\n");
}

/* A failed run's error: a code and a message. */
static void clean_error(long n, vo_err rc, const struct vo_error *e)
{
    cr_assert(rc > VO_OK && rc <= VO_EUSAGE, "run %ld: result %d", n, rc);
    cr_assert(e->msg[0], "run %ld: error %d without a message", n, rc);
}

static void torture_runs(struct fx *f, long total, const char *what);

/* The import's runs; skip: a partial import of the good files and one
 * bad row (an NPS score of 11), rejected in every successful run. */
static void torture_import(bool skip)
{
    struct fx f;
    fx_open(&f);
    f.skip = skip;
    if (skip) {
        char *path = g_build_filename(f.imp, "nps.csv", NULL);
        char *text = NULL;
        cr_assert(g_file_get_contents(path, &text, NULL, NULL));
        char *more = g_strconcat(text, "C2,11,2024-04-02,\n", NULL);
        cr_assert(g_file_set_contents(path, more, -1, NULL));
        g_free(more);
        g_free(text);
        g_free(path);
    }
    counts(f.base, f.org, f.before);
    struct vo_error e = {0};
    long total = 0;
    cr_assert_eq(import_once(&f, 0, &total, &e), VO_OK, "%s", e.msg);
    counts(f.db, f.org, f.after);
    cr_assert_eq(f.after[6], 3, "the good import has 3 deals");
    d1_whole(f.db, f.org, 0);
    torture_runs(&f, total, skip ? "import --skip-invalid" : "import");
    fx_close(&f);
}

/* The runs 1..total of f's import (next_run's choice), each checked: a
 * success wrote what the first run wrote, a failure nothing. */
static void torture_runs(struct fx *f, long total, const char *what)
{
    struct vo_error e = {0};
    long seen = 0;
    cr_assert_gt(total, 100, "the import counted %ld allocations", total);

    long runs = 0;
    for (long n = first_run(); n <= total; n = run_after(n, total)) {
        memset(&e, 0, sizeof e);
        trace("import run %ld\n", n);
        vo_err rc = import_once(f, n, &seen, &e);
        cr_assert_geq(seen, n, "run %ld: only %ld allocations, the failure never came", n, seen);
        trace("import run %ld: %d %s\n", n, rc, rc ? e.msg : "");
        int64_t now[NTABLES];
        counts(f->db, f->org, now);
        char diff[128] = "";
        if (rc == VO_OK) {
            cr_assert(same_counts(now, f->after, diff, sizeof diff), "run %ld: OK but %s", n, diff);
            if (!f->preset)
                d1_whole(f->db, f->org, n);
        } else {
            clean_error(n, rc, &e);
            /* the preset's loading and the headers' reading tell a refused
             * allocation as such, not as a bad mapping or export */
            cr_assert(!f->preset || rc != VO_EINVAL, "run %ld: EINVAL: %s", n, e.msg);
            cr_assert(same_counts(now, f->before, diff, sizeof diff),
                      "run %ld: failed (%d: %s) but %s", n, rc, e.msg, diff);
        }
        f->ended[rc]++;
        runs++;
    }
    report(what, f, total, runs);
    /* Failing nothing still works after all that. */
    cr_assert_eq(import_once(f, 0, &seen, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(seen, total);
}

Test(torture, import, .timeout = 600)
{
    torture_import(false);
}

Test(torture, import_skip_invalid, .timeout = 600)
{
    torture_import(true);
}

/* An export a preset reads (told by its headers): the Bitrix24 sample,
 * 8 rows -> 6 deals, 2 users, 4 clients (3 companies and the contact of
 * a deal without one), 3 stages. */
Test(torture, import_preset, .timeout = 600)
{
    struct fx f;
    fx_open(&f);
    f.preset = true;
    vo_test_rmtree(f.imp);
    g_mkdir(f.imp, 0700);
    char *from = g_build_filename(vo_test_source_dir(), "tests", "data", "presets", "bitrix24",
                                  "DEAL_20240329_1a2b3c.csv", NULL);
    char *to = g_build_filename(f.imp, "DEAL_20240329_1a2b3c.csv", NULL);
    copy_file(from, to);
    g_free(from);
    g_free(to);
    counts(f.base, f.org, f.before);
    struct vo_error e = {0};
    long total = 0;
    cr_assert_eq(import_once(&f, 0, &total, &e), VO_OK, "%s", e.msg);
    counts(f.db, f.org, f.after);
    cr_assert_eq(f.after[6] - f.before[6], 6, "the sample has 6 deals");
    cr_assert_eq(f.after[5] - f.before[5], 4, "and 4 clients");
    torture_runs(&f, total, "import (preset)");
    fx_close(&f);
}

/* What a load must give whole: each table's size, the names and the
 * deals' figures, as text (g_free). */
static char *fingerprint(const struct vo_dataset *ds)
{
    GString *g = g_string_new(NULL);
    g_string_append_printf(g, "%zu %zu %zu %zu %zu %zu %zu %zu %zu %zu %zu|", ds->teams.n,
                           ds->users.n, ds->pipelines.n, ds->stages.n, ds->clients.n, ds->deals.n,
                           ds->sc.n, ds->acts.n, ds->tasks.n, ds->pays.n, ds->plans.n);
    for (size_t i = 0; i < ds->users.n; i++)
        g_string_append_printf(g, "%s<%s>,", ds->users.name[i],
                               ds->users.email[i] ? ds->users.email[i] : "-");
    for (size_t i = 0; i < ds->teams.n; i++)
        g_string_append_printf(g, "%s,", ds->teams.name[i]);
    for (size_t i = 0; i < ds->stages.n; i++)
        g_string_append_printf(g, "%s,", ds->stages.name[i]);
    for (size_t i = 0; i < ds->clients.n; i++)
        g_string_append_printf(g, "%s,", ds->clients.name[i]);
    for (size_t i = 0; i < ds->deals.n; i++)
        g_string_append_printf(g, "%lld@%lld,", (long long)ds->deals.amount[i],
                               (long long)ds->deals.created_at[i]);
    return g_string_free(g, FALSE);
}

/* One load of the org from base, failing allocation fail_at (0: none).
 * On success *deals is the dataset's deal count and *fp its fingerprint
 * (g_free; fp may be NULL). */
static vo_err load_once(struct fx *f, long fail_at, long *seen, size_t *deals, char **fp,
                        struct vo_error *e)
{
    struct vo_store *st = NULL;
    struct vo_dataset *ds = NULL;
    vo_alloc_fault_arm(fail_at);
    vo_err rc = vo_store_open(f->base, 0, &st, e);
    if (rc == VO_OK) {
        rc = vo_svc_dataset_load(st, f->org, &ds, e);
        if (rc == VO_OK) {
            *deals = ds->deals.n;
            if (fp)
                *fp = fingerprint(ds);
            vo_ds_free(ds);
        } else {
            cr_assert_null(ds, "run %ld: a failed load set its output", fail_at);
        }
        vo_store_close(st);
    }
    *seen = vo_alloc_fault_disarm();
    return rc;
}

Test(torture, dataset_load, .timeout = 600)
{
    struct fx f;
    fx_open(&f);
    struct vo_error e = {0};
    long total = 0, seen = 0;
    /* The good import, unarmed, makes the company to load. */
    cr_assert_eq(import_once(&f, 0, &total, &e), VO_OK, "%s", e.msg);
    copy_file(f.db, f.base);
    size_t deals = 0;
    char *whole = NULL;
    cr_assert_eq(load_once(&f, 0, &total, &deals, &whole, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(deals, 3);
    trace("load: %s\n", whole);
    cr_assert_gt(total, 100, "the load counted %ld allocations", total);

    long runs = 0;
    for (long n = first_run(); n <= total; n = run_after(n, total)) {
        memset(&e, 0, sizeof e);
        trace("load run %ld\n", n);
        deals = 0;
        char *fp = NULL;
        vo_err rc = load_once(&f, n, &seen, &deals, &fp, &e);
        /* Two threads take allocations in either order, so a run may
         * count a few more or fewer than the first. */
        trace("load run %ld: %d %s\n", n, rc, rc ? e.msg : "");
        if (rc == VO_OK) {
            cr_assert_eq(deals, 3, "run %ld: OK with %zu deals", n, deals);
            cr_assert_str_eq(fp, whole, "run %ld: OK but not whole", n);
        } else {
            clean_error(n, rc, &e);
        }
        g_free(fp);
        f.ended[rc]++;
        runs++;
    }
    report("dataset_load", &f, total, runs);
    deals = 0;
    cr_assert_eq(load_once(&f, 0, &seen, &deals, NULL, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(deals, 3);
    g_free(whole);
    fx_close(&f);
}
