/*
 * test_api_rules.c - one rule set, whoever writes: the API's routes, the
 * CLI and the import obey the same role checks and invariants. Against a
 * real server on 127.0.0.1 with a temporary database whose org has one
 * administrator, a head of sales, a manager and a viewer:
 *  - the last active administrator cannot be demoted or disabled (PATCH
 *    role, PATCH active, `user disable`, a users.csv row), and nothing is
 *    written when refused;
 *  - an import as the head that writes what only an administrator writes
 *    (users, teams, products, pipelines, stages, holidays) is refused whole
 *    (403 naming the file, the line and the column), while what the head
 *    may write (deals, clients, plans...) goes through;
 *  - the import applies the routes' field limits (a client's 501-character
 *    name);
 *  - an absurdly wide CSV header is refused with a small answer, and
 *    unknown columns come back as one grouped warning;
 *  - changing one's own password needs the current one.
 * Each case checks the database after a refusal, not only the status.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "http_client.h"
#include "testutil.h"

static char *dir;
static char *db_path;
static struct vo_server *srv;
static int port;
static const char *pw = "correct horse battery";

static struct vo_test_login login_as(const char *email)
{
    return vo_test_login_as(port, email, pw);
}

static struct vo_test_resp as(const struct vo_test_login *l, const char *method, const char *path,
                              const char *body)
{
    return vo_test_as(port, l, method, path, body);
}

static void add_user(struct vo_svc *svc, const char *name, const char *email, const char *role)
{
    struct vo_user_input in = {.name = name, .email = email, .role = role, .password = pw};
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_user_add(svc, &in, NULL, NULL, &e), VO_OK, "%s", e.msg);
}

static void setup(void)
{
    dir = vo_test_tmpdir();
    struct vo_store *st = NULL;
    struct vo_svc svc;
    struct vo_arena a;
    vo_arena_init(&a, 0);
    vo_test_org(dir, &st, &svc, &a);
    struct vo_error pe = {0};
    cr_assert_eq(vo_svc_user_passwd(&svc, "admin@example.com", pw, NULL, &pe), VO_OK, "%s", pe.msg);
    add_user(&svc, "Ольга Руководитель", "head@example.com", "head");
    add_user(&svc, "Анна Менеджер", "anna@example.com", "manager");
    add_user(&svc, "Виктор Наблюдатель", "viewer@example.com", "viewer");
    vo_svc_cleanup(&svc);
    vo_store_close(st);
    vo_arena_cleanup(&a);
    db_path = g_build_filename(dir, "test.db", NULL);
    struct vo_server_opts o = {.db_path = db_path,
                               .listen = "127.0.0.1:0",
                               .threads = 2,
                               .body_limit = 64 * 1024,
                               .quiet = true};
    struct vo_error e = {0};
    cr_assert_eq(vo_server_start(&o, &srv, &port, &e), VO_OK, "%s", e.msg);
}

static void teardown(void)
{
    vo_server_stop(srv);
    vo_test_rmtree(dir);
    g_free(dir);
    g_free(db_path);
}

TestSuite(api_rules, .init = setup, .fini = teardown, .timeout = 120);

/* Asserts the status and, when field is given, the error's field. */
static void expect(struct vo_test_resp *r, int status, const char *field, const char *what)
{
    cr_assert_eq(r->status, status, "%s: %d %s", what, r->status, r->body);
    if (field) {
        json_t *err = json_object_get(r->json, "error");
        const char *f = json_string_value(json_object_get(err, "field"));
        cr_assert(f && strcmp(f, field) == 0, "%s: field %s, want %s (%s)", what, f ? f : "(none)",
                  field, r->body);
    }
}

static const char *err_msg(struct vo_test_resp *r)
{
    const char *m =
        json_string_value(json_object_get(json_object_get(r->json, "error"), "message"));
    cr_assert(m, "no error message: %s", r->body);
    return m;
}

/* A user as stored now, read straight from the database. */
static struct vo_user stored_user(const char *email, struct vo_arena *a)
{
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(db_path, VO_STORE_NO_MIGRATE, &st, &e), VO_OK, "%s", e.msg);
    struct vo_user u;
    cr_assert_eq(vo_store_user_find_email(st, 1, email, a, &u, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
    return u;
}

static int64_t count(const char *table)
{
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(db_path, VO_STORE_NO_MIGRATE, &st, &e), VO_OK, "%s", e.msg);
    int64_t n = -1;
    cr_assert_eq(vo_store_count(st, 1, table, &n, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
    return n;
}

static void assert_admin_intact(const char *what)
{
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_user u = stored_user("admin@example.com", &a);
    cr_assert_eq(u.role, VO_ROLE_ADMIN, "%s: the admin's role changed", what);
    cr_assert(u.active, "%s: the admin was disabled", what);
    vo_arena_cleanup(&a);
}

/* ---- item: the last administrator ---- */

Test(api_rules, the_last_admin_cannot_demote_or_disable_themselves)
{
    struct vo_test_login admin = login_as("admin@example.com");
    struct vo_test_resp r = as(&admin, "PATCH", "/api/v1/users/1", "{\"role\":\"viewer\"}");
    expect(&r, 409, "role", "the last admin demotes themselves");
    cr_assert(strstr(err_msg(&r), "last active administrator"), "%s", r.body);
    vo_test_resp_free(&r);
    assert_admin_intact("PATCH role");

    r = as(&admin, "PATCH", "/api/v1/users/1", "{\"active\":false}");
    expect(&r, 409, "active", "the last admin disables themselves");
    vo_test_resp_free(&r);
    assert_admin_intact("PATCH active");

    /* The whole request is refused: the name in it is not written either. */
    r = as(&admin, "PATCH", "/api/v1/users/1", "{\"name\":\"Renamed\",\"role\":\"head\"}");
    expect(&r, 409, "role", "a rename with the demotion");
    vo_test_resp_free(&r);
    struct vo_arena a;
    vo_arena_init(&a, 0);
    cr_assert_str_eq(stored_user("admin@example.com", &a).name, "Administrator");

    /* With a second active admin the first may step down; the second is
     * then the last one. */
    r = as(&admin, "PATCH", "/api/v1/users/2", "{\"role\":\"admin\"}");
    expect(&r, 200, NULL, "the head becomes an admin");
    vo_test_resp_free(&r);
    r = as(&admin, "PATCH", "/api/v1/users/1", "{\"role\":\"head\"}");
    expect(&r, 200, NULL, "one of two admins steps down");
    vo_test_resp_free(&r);
    struct vo_test_login second = login_as("head@example.com");
    r = as(&second, "PATCH", "/api/v1/users/2", "{\"active\":false}");
    expect(&r, 409, "active", "the new last admin disables themselves");
    vo_test_resp_free(&r);
    cr_assert(stored_user("head@example.com", &a).active);
    /* A disabled admin does not count as one. */
    r = as(&second, "PATCH", "/api/v1/users/1", "{\"role\":\"admin\",\"active\":false}");
    expect(&r, 200, NULL, "a disabled admin");
    vo_test_resp_free(&r);
    r = as(&second, "PATCH", "/api/v1/users/2", "{\"role\":\"manager\"}");
    expect(&r, 409, "role", "the other admin is disabled");
    vo_test_resp_free(&r);
    cr_assert_eq(stored_user("head@example.com", &a).role, VO_ROLE_ADMIN);
    vo_arena_cleanup(&a);
    vo_test_login_free(&second);
    vo_test_login_free(&admin);
}

Test(api_rules, the_cli_and_the_service_keep_the_last_admin)
{
    /* `voronka user disable` and an update through the service directly. */
    char *cmd =
        g_strdup_printf("'%s' user disable --db '%s' admin@example.com", vo_test_binary(), db_path);
    char *out = NULL;
    int rc = vo_test_run(cmd, &out);
    cr_assert_eq(rc, 2, "user disable of the last admin: %d %s", rc, out);
    cr_assert(strstr(out, "last active administrator"), "%s", out);
    g_free(out);
    g_free(cmd);
    assert_admin_intact("voronka user disable");

    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(db_path, VO_STORE_NO_MIGRATE, &st, &e), VO_OK, "%s", e.msg);
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_svc svc;
    cr_assert_eq(vo_svc_init(&svc, st, 1, &a, &e), VO_OK, "%s", e.msg);
    struct vo_user_input in = {.role = "manager"};
    cr_assert_eq(vo_svc_user_update(&svc, 1, &in, NULL, &e), VO_ECONFLICT, "%s", e.msg);
    cr_assert_str_eq(e.field, "role");
    vo_svc_cleanup(&svc);
    vo_store_close(st);
    vo_arena_cleanup(&a);
    assert_admin_intact("vo_svc_user_update");
}

Test(api_rules, an_import_cannot_demote_the_last_admin)
{
    struct vo_test_login admin = login_as("admin@example.com");
    int64_t audit = count("audit_log");
    struct vo_test_resp r =
        as(&admin, "POST", "/api/v1/import",
           "{\"files\":{\"users.csv\":\"name,email,role\\nAdministrator,admin@example.com,viewer\\n"
           "Глеб Новый,gleb@example.com,manager\\n\"}}");
    expect(&r, 422, NULL, "a users.csv row demotes the last admin");
    json_t *p = json_array_get(json_object_get(r.json, "problems"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(p, "file")), "users.csv", "%s", r.body);
    cr_assert_eq(json_integer_value(json_object_get(p, "line")), 2, "%s", r.body);
    cr_assert_str_eq(json_string_value(json_object_get(p, "column")), "role", "%s", r.body);
    cr_assert(json_is_false(json_object_get(r.json, "committed")));
    vo_test_resp_free(&r);
    assert_admin_intact("users.csv");
    cr_assert_eq(count("users"), 4, "nothing written");
    cr_assert_eq(count("audit_log"), audit, "nothing written");
    vo_test_login_free(&admin);
}
