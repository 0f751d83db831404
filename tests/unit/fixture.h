/*
 * fixture.h - the rows the dataset suites build their orgs from: a fresh
 * org in a temporary directory, and one call per row (team, pipeline,
 * stage, client, deal, stage move, activity, task, payment, plan, holiday)
 * that inserts it through the store and asserts it went in.
 *
 * The row helpers write to the org vo_fx_open opened last (or the one named
 * by vo_fx_use): one per test, as Criterion runs each test in a process of
 * its own. Times are the org's local times ("2025-11-03 10:00"); an end
 * that may be missing (closed, done) is NULL for none.
 */
#ifndef VO_FIXTURE_H
#define VO_FIXTURE_H

#include <stdint.h>

#include "analytics/calendar.h"
#include "analytics/dataset.h"
#include "base/arena.h"
#include "service/service.h"
#include "store/store.h"

/* A temporary directory with a new database of one org (vo_test_org),
 * which the row helpers then write to; vo_fx_close undoes it all. */
void vo_fx_open(char **dir, struct vo_store **st, struct vo_svc *svc, struct vo_arena *a);
void vo_fx_close(char **dir, struct vo_store **st, struct vo_svc *svc, struct vo_arena *a);
/* The same on the four kept together. */
struct vo_fx_org {
    char *dir;
    struct vo_store *st;
    struct vo_svc svc;
    struct vo_arena a;
};
void vo_fx_org_open(struct vo_fx_org *o);
void vo_fx_org_close(struct vo_fx_org *o);
/* Makes the row helpers write to svc's org in st (borrowed). */
void vo_fx_use(struct vo_store *st, const struct vo_svc *svc);
/* Runs sql on st's own connection, ?1 bound to org when it has a
 * parameter, asserting it succeeds; the first column of its last row (0
 * without one). */
int64_t vo_fx_sql(struct vo_store *st, const char *sql, int64_t org);

/* A local time of the org as a UTC instant; NULL gives VO_NULL. */
int64_t vo_fx_at(const char *local);
/* The id of the team / pipeline of that name, made if missing. */
int64_t vo_fx_team(const char *name);
int64_t vo_fx_pipeline(const char *name);
int64_t vo_fx_stage(int64_t pipe, const char *name, int pos, int64_t max_days);
/* Stages names[0..n-1] of pipe at positions 1..n, no day limit; their ids
 * into ids. */
void vo_fx_stages(int64_t pipe, const char *const *names, int n, int64_t *ids);
/* Begins a transaction (for the caller to commit) and makes team Sales
 * and pipeline Sales (its id into *pipe); returns the team's id. */
int64_t vo_fx_begin_sales(int64_t *pipe);
/* The sales org of the report suites: the above, the managers Anna and
 * Boris in team Sales, the manager Vera with no team, and one stage New. */
void vo_fx_sales(int64_t *team, int64_t *anna, int64_t *boris, int64_t *vera, int64_t *pipe,
                 int64_t *s_new);
/* A client named ext; channel and region may be NULL. */
int64_t vo_fx_client(const char *ext, int64_t owner, const char *channel, const char *region);

/* A deal (titled as its ext); 0 for no client or stage, VO_NULL for no
 * amount, NULL for no closing, channel or loss reason. */
struct vo_fx_deal {
    const char *ext;
    int64_t pipe, stage, owner, client;
    enum vo_deal_status status;
    int64_t amount;
    const char *created, *closed, *channel, *loss;
};
int64_t vo_fx_deal(struct vo_fx_deal d);
void vo_fx_move(int64_t deal, int64_t stage, const char *at);
/* An activity; deal 0 for none, dur VO_NULL for no duration. */
int64_t vo_fx_act(const char *ext, enum vo_activity_type type, int64_t user, const char *at,
                  int64_t deal, int64_t dur);
/* A task titled as its ext; deal 0 for none. */
int64_t vo_fx_task(const char *ext, int64_t user, int64_t deal, const char *created,
                   const char *due, const char *done);
int64_t vo_fx_pay(const char *ext, int64_t amount, const char *at, int64_t deal, int64_t client);
void vo_fx_plan(int year, int month, enum vo_scope_kind kind, int64_t scope, enum vo_metric m,
                int64_t target);
void vo_fx_holiday(int y, int m, int d, enum vo_day_kind kind);

/* A fresh load of the org (vo_ds_free it); vo_fx_reload frees *ds (may
 * hold NULL) and loads the org again into it. */
struct vo_dataset *vo_fx_load(void);
void vo_fx_reload(struct vo_dataset **ds);

/* Upserts a whole row into st (new or an update), asserting it went in;
 * the row gets its id (and its revision). */
void vo_fx_put_deal(struct vo_store *st, struct vo_deal *d);
void vo_fx_put_task(struct vo_store *st, struct vo_task *t);
void vo_fx_put_pay(struct vo_store *st, struct vo_payment *p);
void vo_fx_put_client(struct vo_store *st, struct vo_client *c);

/* Inserts org o by the store directly and its one active manager (name,
 * email, made when o was); returns the manager's id. */
int64_t vo_fx_org_with_manager(struct vo_store *st, struct vo_org *o, const char *name,
                               const char *email);
/* Makes dir/test.db with one org (vo_test_org), closed again; returns the
 * org's id. */
int64_t vo_fx_org_file(const char *dir);
/* Copies the files of tests/data/import-good into dir. */
void vo_fx_copy_good(const char *dir);

/* The org of the import suites: vo_fx_open's, with imp, an empty import
 * directory inside dir (vo_fx_import_close undoes it all). */
struct vo_fx_import {
    char *dir, *imp;
    struct vo_store *st;
    struct vo_svc svc;
    struct vo_arena a;
};
void vo_fx_import_open(struct vo_fx_import *f);
void vo_fx_import_close(struct vo_fx_import *f);

/* The row count of table in org (vo_store_count). */
int64_t vo_fx_count(struct vo_store *st, int64_t org, const char *table);

/* The calendars of the calendar and plan suites, Europe/Moscow: ru with
 * November 2025 as decreed (Sat 1 a working day, Mon 3 and Tue 4
 * holidays), plain with no holiday rows; vo_fx_calendars_end frees them. */
struct vo_fx_cal {
    GTimeZone *msk;
    struct vo_calendar ru, plain;
};
void vo_fx_calendars(struct vo_fx_cal *c);
void vo_fx_calendars_end(struct vo_fx_cal *c);

/* The brute-force suites (open, overdue): random rows over VO_FX_SPAN
 * short "days" (more coincident instants) from VO_FX_T0, driven through a
 * load and through live applies. */
#define VO_FX_DAY  3600
#define VO_FX_T0   1767214800
#define VO_FX_T(x) ((int64_t)VO_FX_T0 + (int64_t)(x))
#define VO_FX_SPAN (40 * VO_FX_DAY)
/* A number below n from the generator *rng (a 64-bit LCG). */
uint64_t vo_fx_rnd(uint64_t *rng, uint64_t n);
/* A random instant of the span, rounded to a day half the time (ties on
 * purpose); a random as_of from 5 days before the span to 15 after. */
int64_t vo_fx_when(uint64_t *rng);
int64_t vo_fx_as_of(uint64_t *rng);
/* The managers Анна, Борис and Ольга of svc's org, added by the service;
 * their ids into user. */
void vo_fx_three_managers(struct vo_svc *svc, int64_t user[3]);
/* What the brute-force suites' fixtures start with: vo_fx_open's org, its
 * three managers (vo_fx_three_managers), the last error and the random
 * state. */
struct vo_fx_brute {
    char *dir;
    struct vo_store *st;
    struct vo_svc svc;
    struct vo_arena a;
    int64_t org, user[3];
    struct vo_error e;
    uint64_t rng;
};
/* Opens b's org with the random state seed, and begins a transaction for
 * the suite's first rows; vo_fx_brute_close closes it. */
void vo_fx_brute_open(struct vo_fx_brute *b, uint64_t seed);
void vo_fx_brute_close(struct vo_fx_brute *b);
/* Asserts rc is VO_OK, naming what and b's last error. */
void vo_fx_ok(struct vo_fx_brute *b, vo_err rc, const char *what);
/* Appends to probes[np..] each instant of t[0..n) that is not VO_NULL,
 * with the second before and after it; the new count. */
size_t vo_fx_probes(int64_t *probes, size_t np, const int64_t *t, size_t n);
/* Draws one of n (>= 2) changes of task t: 0 completes it (up to 12 days
 * after its creation), 1 reopens it; returns the draw, the caller making
 * the other changes (2 .. n-1). */
uint64_t vo_fx_task_redo(uint64_t *rng, struct vo_task *t, uint64_t n);
/* What a brute-force suite gives the drive: its fixture (ctx) and what to
 * do with it. */
struct vo_fx_drive {
    void *ctx;
    void (*setup)(void *ctx, uint64_t seed); /* opens the org (vo_fx_open), random rows */
    void (*teardown)(void *ctx);
    void (*write)(void *ctx, struct vo_dataset *live);     /* a random write, applied */
    void (*check)(void *ctx, const struct vo_dataset *ds); /* against the brute force */
    void (*same)(const struct vo_dataset *live, const struct vo_dataset *fresh);
};
/* Seeds 1..3: a fresh load checked. */
void vo_fx_drive_loaded(const struct vo_fx_drive *d);
/* Seed seed: 4 rounds of 40 writes, each round checking the live dataset,
 * comparing it with a fresh load and checking that one too. */
void vo_fx_drive_live(const struct vo_fx_drive *d, uint64_t seed);
/* The two tests of a brute-force suite and its drive of ctx and the
 * functions given (a macro: Criterion's Test is one). */
#define VO_FX_DRIVE_TESTS(suite, ctx, setup, teardown, write, check, same, seed)                   \
    static const struct vo_fx_drive suite##_drive = {ctx, setup, teardown, write, check, same};    \
    Test(suite, loaded_matches_brute_force)                                                        \
    {                                                                                              \
        vo_fx_drive_loaded(&suite##_drive);                                                        \
    }                                                                                              \
    Test(suite, live_apply_matches_brute_force_and_a_fresh_load)                                   \
    {                                                                                              \
        vo_fx_drive_live(&suite##_drive, (seed));                                                  \
    }
#endif
