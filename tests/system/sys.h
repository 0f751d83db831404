/*
 * sys.h - what the system tests (tests/system/) share: the real `voronka`
 * binary run as a child process (init, serve, kill -9, restart), a
 * plain-socket HTTP client that reports a missing answer instead of
 * aborting (the server may be killed mid-request), a test company set up
 * through the binary and the API, and failing loudly.
 *
 * No Criterion: the tests run threads and kill processes, and report with
 * plain messages and the exit code (0 passed, 1 failed, 77 skipped).
 */
#ifndef VO_TEST_SYS_H
#define VO_TEST_SYS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define SYS_PASSWORD "correct horse battery"
#define SYS_ADMIN    "admin@example.com"

/* Set by sys_fail before the clean-up runs (a clean-up may keep files). */
extern bool sys_failed;
/* Prints "FAIL: ..." to stderr, runs the registered clean-up and exits 1. */
void sys_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* A line to stderr, prefixed with the test's name and the elapsed seconds. */
void sys_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The test's name (for sys_log) and a clean-up run by sys_fail and at exit. */
void sys_init(const char *name, void (*cleanup)(void));
/* Seconds since sys_init. */
double sys_elapsed(void);

/* A new temporary directory (g_free); sys_rmtree removes it. */
char *sys_tmpdir(void);
void sys_rmtree(const char *dir);
/* The end of a test's temporary directory dir (may be NULL): removed, but
 * kept when the test failed or VO_KEEP is set, saying "<test>: <what> kept
 * in <dir>" (what: "the server log is"). */
void sys_tmp_done(const char *dir, const char *what);

/* ---- the binary ---- */

/* The voronka binary: $VO_BINARY, else the path compiled in. */
const char *sys_binary(void);
/* Runs voronka with args (NULL-terminated) and waits; its stdout and stderr
 * go to log (appended). Returns its exit status (-1 when it did not exit). */
int sys_run(const char *log, const char *const *args);

struct sys_server {
    pid_t pid;
    int port;
    char *db, *log; /* g_free'd by sys_server_free */
    int threads;
};

/* Starts `voronka serve --db db --listen 127.0.0.1:0 --quiet --threads N`
 * (stdout and stderr appended to log), reads its port from the log and
 * waits until /api/v1/health answers 200 (10 s at most, else sys_fail). */
void sys_server_start(struct sys_server *s);
/* Sends sig and waits for the process; returns its wait status. */
int sys_server_signal(struct sys_server *s, int sig);
/* Stops with SIGTERM and fails unless it exits 0 within 15 s. */
void sys_server_stop(struct sys_server *s);
void sys_server_free(struct sys_server *s);

/* ---- HTTP ---- */

struct sys_resp {
    int status; /* 0: no answer (refused, reset, closed or timed out) */
    char *body; /* g_free */
    json_t *json;
};

/* One request (Connection: close) with a 10 s timeout; bearer, cookie,
 * csrf and body (JSON) may be NULL. Never aborts: a failed exchange is
 * status 0. */
struct sys_resp sys_http(int port, const char *method, const char *path, const char *bearer,
                         const char *cookie, const char *csrf, const char *body);
void sys_resp_free(struct sys_resp *r);
/* The same, failing the test unless the status is want. */
struct sys_resp sys_http_want(int want, int port, const char *method, const char *path,
                              const char *bearer, const char *body);
/* A field of the response object as an integer or a string ("" if none). */
int64_t sys_int(const json_t *o, const char *key);
const char *sys_str(const json_t *o, const char *key);

/* ---- a test company ---- */

struct sys_company {
    char *dir, *db; /* g_free */
    int64_t stage[4];
    int ntokens;
    char **tokens; /* g_strfreev */
};

/* Creates db with `voronka init --empty` (org "Тест", admin SYS_ADMIN with
 * SYS_PASSWORD via `voronka user passwd`), then, through the API of a
 * server s started on it: a pipeline "Продажи" with the stages A..D
 * (c->stage) and ntokens API tokens of the administrator. s is left
 * running. */
void sys_company_init(struct sys_company *c, struct sys_server *s, const char *db, int ntokens);
void sys_company_free(struct sys_company *c);

/* ---- the database, read directly ---- */

/* PRAGMA integrity_check of path: "ok", or the first problem (g_free). */
char *sys_integrity(const char *path);
/* The one integer of sql (with at most one text parameter, may be NULL). */
int64_t sys_count(const char *path, const char *sql, const char *param);

#endif
