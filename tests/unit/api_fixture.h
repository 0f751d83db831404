/*
 * api_fixture.h - the JSON API suites' shared set-up: one served test
 * company (http_client.h) per test, the suite's short forms for a request
 * as a signed-in user, and the checks they repeat (a request that must get
 * a status naming a field, a member of a JSON body).
 */
#ifndef VO_TEST_API_FIXTURE_H
#define VO_TEST_API_FIXTURE_H

#include "http_client.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct vo_server_opts;
struct vo_svc;

/* The company of the running test (vo_api_start fills it in). */
extern struct vo_test_company vo_api;

/* Starts vo_api: the company of vo_test_company_start with extra (may be
 * NULL), served with o (NULL = two threads and a 64 KiB body limit). */
void vo_api_start(struct vo_server_opts *o, void (*extra)(struct vo_store *st, struct vo_svc *svc));
/* The id of boris@example.com ("Борис Менеджер", a second manager) in
 * vo_api when vo_api_start_crm added him, else 0. */
extern int64_t vo_api_boris_id;
/* Starts vo_api with o (NULL as in vo_api_start) for the CRM suites: when
 * boris, a second manager (vo_api_boris_id); then, when stage is not NULL,
 * the pipeline "Продажи" of the stages stage and those after it (up to 4,
 * ending with NULL; vo_api_add_pipeline). */
void vo_api_start_crm(struct vo_server_opts *o, bool boris, const char *stage, ...);
/* Stops vo_api (a TestSuite's .fini). */
void vo_api_stop(void);
/* Adds the pipeline "Продажи" with the stages names[0..n-1] at positions
 * 1..n, without time limits, to svc's org (an extra's helper). */
void vo_api_add_pipeline(struct vo_store *st, struct vo_svc *svc, const char *const *names,
                         size_t n);
/* The company's database, opened with flags (VO_STORE_*; vo_store_close). */
struct vo_store *vo_api_open(int flags);
/* The session of who (an e-mail, or its part before "@example.com": "admin",
 * "head", "anna", "viewer"; VO_TEST_PASSWORD), signed in on its first use
 * in the running test; vo_api_stop signs it out. Borrowed: do not free. */
const struct vo_test_login *vo_api_user(const char *who);
/* The session of a role: "admin", "head", "manager" (Анна,
 * anna@example.com) or "viewer" (vo_api_user; any other name is taken as
 * vo_api_user takes it). */
const struct vo_test_login *vo_api_role(const char *role);
/* The roles that read a report of the whole company, and their count. */
extern const char *const vo_api_whole[];
#define VO_API_NWHOLE 3
/* The JSON body of GET path as role (vo_api_role), which must answer
 * status (the message names the role, the path and the body); a new
 * reference (json_decref). */
json_t *vo_api_get_json(const char *role, const char *path, int status);
/* An arena for the running test, cleaned up by vo_api_stop. */
struct vo_arena *vo_api_arena(void);
/* Rows in table of the company's database (opened without migrating). */
int64_t vo_api_count(const char *table);
/* A request as l (NULL: anonymous) that must get status and, when field is
 * not NULL, an error naming field; what says which request it was
 * (vo_test_expect; NULL: the method and the path). */
void vo_api_expect(const struct vo_test_login *l, const char *method, const char *path,
                   const char *body, int status, const char *field, const char *what);

/* The audit rows of action in vo_api's org (up to 100), each of which
 * must be about object (NULL: any) and by user (0: the system; < 0: any). */
size_t vo_api_audit(const char *action, const char *object, int64_t user);

/* Runs sql (one or more statements) on the company's database as it is
 * served, SQLite's file or PostgreSQL's (vo_test_sql: SQL both read):
 * what the API cannot set (a deal's past, a sum past int64). */
void vo_api_sql(const char *sql);
/* The object id of vo_api's org as stored, read from its database (the
 * store's vo_store_*_get, which must find it); its strings live in
 * vo_api_arena. */
struct vo_deal_row vo_api_deal(int64_t id);
struct vo_task vo_api_task(int64_t id);
struct vo_client_card vo_api_client_card(int64_t id);
struct vo_contact vo_api_contact(int64_t id);
/* The path of the deal id followed by action ("" or "/win", ...), in
 * vo_api_arena. */
const char *vo_api_deal_path(int64_t id, const char *action);
/* printf into vo_api_arena (the paths and bodies of a test). */
const char *vo_api_fmt(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* The integer key of the answer to a request as l, which must get status. */
json_int_t vo_api_int(const struct vo_test_login *l, const char *method, const char *path,
                      const char *body, int status, const char *key);

/* A request as l with an If-Match header if_match (NULL: none). */
struct vo_test_resp vo_api_as_if(const struct vo_test_login *l, const char *method,
                                 const char *path, const char *if_match, const char *body);

/* POSTs body to path as l, which must answer 201; the new object's id. */
int64_t vo_api_create(const struct vo_test_login *l, const char *path, const char *body);
/* A new API token from POST /api/v1/tokens with body as l, which must
 * answer 201: its secret (g_free), and its id in *id. */
char *vo_api_token(const struct vo_test_login *l, const char *body, int64_t *id);
/* The number of "items" in the answer to GET path as l, which must be 200. */
size_t vo_api_items(const struct vo_test_login *l, const char *path);

/* The "items" of the answer to GET path as l, which must be 200 with n of
 * them (SIZE_MAX: any number); a new reference (json_decref). */
__attribute__((warn_unused_result)) json_t *vo_api_list(const struct vo_test_login *l,
                                                        const char *path, size_t n);

/* One row of a table of requests and what each must get (vo_api_expect). */
struct vo_api_case {
    const struct vo_test_login *as;
    const char *method, *path, *body;
    int status;
    const char *field, *what;
};
/* vo_api_expect for each case in order, up to one whose method is NULL. */
void vo_api_expect_all(const struct vo_api_case *cases);

/* Whether an import's answer body lists a problem with a message at file,
 * line and column. */
bool vo_api_has_problem(const json_t *body, const char *file, json_int_t line, const char *column);

/* A new string (g_free): prefix, then n copies of s (long inputs, for the
 * other suites too). */
char *vo_api_repeat(const char *prefix, const char *s, size_t n);

/* ---- the suites' short forms on vo_api's server ---- */

static inline struct vo_test_login login_as(const char *email)
{
    return vo_test_login_as(vo_api.port, email, VO_TEST_PASSWORD);
}

/* A request as l (the CSRF header on everything but GET). */
static inline struct vo_test_resp as(const struct vo_test_login *l, const char *method,
                                     const char *path, const char *body)
{
    return vo_test_as(vo_api.port, l, method, path, body);
}

/* A request with the cookie, the CSRF header and the bearer token given
 * (each may be NULL). */
static inline struct vo_test_resp http(const char *method, const char *path, const char *cookie,
                                       const char *csrf, const char *bearer, const char *body)
{
    return vo_test_http(vo_api.port, method, path, cookie, csrf, bearer, body);
}

/* o's member key, which must be an integer. */
static inline json_int_t jint(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    cr_assert(json_is_integer(v), "%s is not an integer", key);
    return json_integer_value(v);
}

/* o's member key, which must be a string (borrowed from o). */
static inline const char *jstr(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    cr_assert(s, "%s is not a string", key);
    return s;
}

#endif
