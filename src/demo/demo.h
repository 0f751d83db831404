/*
 * demo.h - `voronka demo`: a realistic generated company (demo.c and its
 * parts in src/demo/) and the
 * data it is made of: Russian names and company words (demo_data.c); the
 * production calendar is model/prodcal.c.
 *
 * The generator is deterministic: the same seed, sizes and as-of date give
 * the same rows (the only exceptions are the password hashes, which are
 * random on purpose, and the audit log's own timestamps). It writes through
 * the store's bulk path (plain cached INSERTs, few large transactions, bulk
 * mode) and streams: memory does not grow with the number of activities.
 */
#ifndef VO_DEMO_DEMO_H
#define VO_DEMO_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/timeutil.h"
#include "model/model.h"
#include "store/store.h"

#define VO_DEMO_DEFAULT_SEED     2024
#define VO_DEMO_DEFAULT_MANAGERS 12
#define VO_DEMO_DEFAULT_DEALS    20000
#define VO_DEMO_DEFAULT_MONTHS   24
/* Average calls per working day of a manager of average activity. */
#define VO_DEMO_CALLS_PER_DAY 40

struct vo_demo_opts {
    uint64_t seed;
    int managers;         /* 0 = from deals (VO_DEMO_DEFAULT_MANAGERS by default) */
    int64_t deals;        /* 0 = VO_DEMO_DEFAULT_DEALS */
    struct vo_date as_of; /* the last day of history (required) */
    int months;           /* 0 = VO_DEMO_DEFAULT_MONTHS */
    bool force;           /* add the demo org to a database that already has orgs */
    /* Called now and then (may be NULL): what is being generated, how far. */
    void (*progress)(void *ctx, const char *what, int64_t done, int64_t total);
    void *progress_ctx;
};

struct vo_demo_login {
    const char *role; /* "admin", "head", "manager", "viewer" */
    const char *name;
    const char *email;
    const char *password; /* plain text, shown once */
};

struct vo_demo_result {
    int64_t org_id;
    const char *org_name;
    struct vo_date from, to; /* the history covered, both inclusive */
    int months;
    int managers;
    int teams;
    int64_t deals;
    int working_days; /* in [from, to] */
    uint64_t seed;
    struct vo_demo_login logins[5];
    size_t nlogins;
};

/* The manager count used when only the number of deals is given: 12 for the
 * default 20,000 deals, about one per 2,200 deals above that. */
int vo_demo_managers_for(int64_t deals);

/* Generates the demo company into st (opened, migrated). Refuses with
 * VO_ECONFLICT when the database already holds an org, unless o->force.
 * Strings of *out (names, emails, passwords) live in the arena a. The work
 * runs in bulk mode and a few large transactions; on error the partial
 * company is rolled back as far as the current transaction. */
vo_err vo_demo_generate(struct vo_store *st, const struct vo_demo_opts *o, struct vo_arena *a,
                        struct vo_demo_result *out, struct vo_error *e);

/* ---- the data (demo_data.c) ---- */

/* The production calendar the demo is built on is model/prodcal.h
 * (vo_prodcal_year). */

struct vo_demo_name {
    const char *ru;  /* as written */
    const char *lat; /* transliteration for emails */
};
extern const struct vo_demo_name vo_demo_first_m[], vo_demo_first_f[], vo_demo_surnames[];
extern const size_t vo_demo_first_m_n, vo_demo_first_f_n, vo_demo_surnames_n;
/* Halves of company names ("Север" + "строй"). */
extern const char *const vo_demo_word_a[], *const vo_demo_word_b[];
extern const size_t vo_demo_word_a_n, vo_demo_word_b_n;

#endif
