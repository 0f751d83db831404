/*
 * testutil.h - what the unit tests share: a temporary directory per test,
 * a fresh database with one org, and running the voronka binary.
 */
#ifndef VO_TESTUTIL_H
#define VO_TESTUTIL_H

#include <stdint.h>

#include "analytics/dataset.h"
#include "base/arena.h"
#include "service/service.h"
#include "store/store.h"
#include "testdb.h"

/* A new empty temporary directory (g_free the result, remove with
 * vo_test_rmtree, which drops the PostgreSQL databases made for it too:
 * vo_test_db). */
char *vo_test_tmpdir(void);
void vo_test_rmtree(const char *dir);
/* Writes text to dir/name. */
void vo_test_write(const char *dir, const char *name, const char *text);
/* Opens a new database in dir with one org (Europe/Moscow, RUB) and fills
 * svc for it; the caller closes st and cleans svc. */
void vo_test_org(const char *dir, struct vo_store **st, struct vo_svc *svc, struct vo_arena *a);
/* Runs a shell command line, returns its exit status; stdout+stderr into
 * *output (g_free) when output is not NULL. */
int vo_test_run(const char *cmdline, char **output);
/* The path of the built voronka binary and of the source tree. */
const char *vo_test_binary(void);
const char *vo_test_source_dir(void);

/* An ISO 8601 time ("2026-03-01T10:00:00Z"; one without an offset is
 * UTC) as a UTC instant, asserting it parses: what a test's own SQL sets,
 * the same on either backend. */
int64_t vo_test_utc(const char *iso);
/* A local time of svc's org ("2025-11-03 10:00") as a UTC instant,
 * asserting it parses. */
int64_t vo_test_at(const struct vo_svc *svc, const char *local);
/* An active manager of svc's org in team (0: none) inserted by the store
 * directly (the dataset suites' rows); returns the id. */
int64_t vo_test_manager(struct vo_store *st, const struct vo_svc *svc, const char *name,
                        const char *email, int64_t team);
/* Undoes vo_test_org and a dataset loaded from it (ds may hold NULL): the
 * suites' teardown. */
void vo_test_org_end(char **dir, struct vo_store **st, struct vo_svc *svc, struct vo_arena *a,
                     struct vo_dataset **ds);
#endif
