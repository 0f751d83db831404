/*
 * test_svc_rules.c - the role and ownership rules of the read use cases
 * the API and the CLI now call instead of the store (service/org_reads.h,
 * service/admin_ops.h), asked of the service itself, below the routes'
 * role column that stands in front of them over HTTP:
 *  - API tokens are listed for an administrator only, the audit log for
 *    an administrator and a head (VO_EPERM with the rule's sentence);
 *  - the routes' role column says the same as the service's rule table;
 *  - a password is set for oneself or by an administrator: anyone else's
 *    is "no user N", as if the user did not exist, and nothing changes;
 *  - the operator's entry points open the org by name, count its rows,
 *    and back the database up;
 *  - a hash of another cost than the tests' signs in and is rehashed.
 * One org (Europe/Moscow, RUB) with its administrator, a head, two
 * managers and a viewer, one API token.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <sodium.h>
#include <string.h>

#include "http/http.h"
#include "service/admin_ops.h"
#include "service/auth.h"
#include "service/org_reads.h"
#include "testutil.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc; /* the operator (an administrator, actor 0) */
static struct vo_arena arena;
static int64_t admin_id, head_id, m1_id, m2_id, viewer_id;

static int64_t add_user(const char *name, const char *email, const char *role)
{
    struct vo_user_input in = {
        .name = name, .email = email, .role = role, .password = "pw-12345678"};
    int64_t id = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_user_add(&svc, &in, &id, NULL, &e), VO_OK, "%s: %s", email, e.msg);
    return id;
}

static void setup(void)
{
    dir = vo_test_tmpdir();
    vo_arena_init(&arena, 0);
    vo_test_org(dir, &st, &svc, &arena);
    struct vo_user admin;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_user_find(&svc, "admin@example.com", &admin, &e), VO_OK, "%s", e.msg);
    admin_id = admin.id;
    head_id = add_user("Head", "head@example.com", "head");
    m1_id = add_user("Manager One", "m1@example.com", "manager");
    m2_id = add_user("Manager Two", "m2@example.com", "manager");
    viewer_id = add_user("Viewer", "viewer@example.com", "viewer");
    struct vo_api_token t;
    const char *secret = NULL;
    cr_assert_eq(vo_auth_token_create(&svc, admin_id, "crm-sync", VO_SCOPE_DEFAULT, VO_NULL, &t,
                                      &secret, &e),
                 VO_OK, "%s", e.msg);
}

static void teardown(void)
{
    vo_svc_cleanup(&svc);
    vo_store_close(st);
    vo_arena_cleanup(&arena);
    vo_test_rmtree(dir);
    g_free(dir);
}

TestSuite(svc_rules, .init = setup, .fini = teardown, .timeout = 60);

/* svc acting as user id with role. */
static struct vo_svc as(int64_t id, enum vo_role role)
{
    struct vo_svc s = svc;
    s.actor_id = id;
    s.actor_role = role;
    return s;
}

Test(svc_rules, api_tokens_are_listed_for_an_administrator_only)
{
    struct vo_svc a = as(admin_id, VO_ROLE_ADMIN);
    struct vo_api_token *v = NULL;
    size_t n = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_token_list(&a, &v, &n, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(v[0].name, "crm-sync");
    const struct {
        int64_t id;
        enum vo_role role;
    } refused[] = {{head_id, VO_ROLE_HEAD}, {m1_id, VO_ROLE_MANAGER}, {viewer_id, VO_ROLE_VIEWER}};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        struct vo_svc s = as(refused[i].id, refused[i].role);
        struct vo_error re = {0};
        v = NULL;
        n = 0;
        cr_assert_eq(vo_svc_token_list(&s, &v, &n, &re), VO_EPERM, "%s",
                     vo_role_name(refused[i].role));
        cr_assert_str_eq(re.msg, "only an administrator sees API tokens");
        cr_assert_eq(n, 0, "%s got rows", vo_role_name(refused[i].role));
    }
}

Test(svc_rules, the_audit_log_is_read_by_an_administrator_and_a_head)
{
    /* org.create, 4 x user.add, token.create: 6 rows, the newest first */
    struct vo_audit_filter f = {.from = VO_NULL, .to = VO_NULL, .desc = true, .limit = 50};
    /* the administrator and the head read it; a manager and a viewer are refused */
    const struct {
        int64_t id;
        enum vo_role role;
        vo_err want;
    } cases[] = {{admin_id, VO_ROLE_ADMIN, VO_OK},
                 {head_id, VO_ROLE_HEAD, VO_OK},
                 {m1_id, VO_ROLE_MANAGER, VO_EPERM},
                 {viewer_id, VO_ROLE_VIEWER, VO_EPERM}};
    for (size_t i = 0; i < 4; i++) {
        struct vo_svc s = as(cases[i].id, cases[i].role);
        struct vo_audit_entry *v = NULL;
        size_t n = 0;
        struct vo_error e = {0};
        cr_assert_eq(vo_svc_audit_list(&s, &f, &v, &n, &e), cases[i].want, "%s: %s",
                     vo_role_name(cases[i].role), e.msg);
        if (cases[i].want != VO_OK) {
            cr_assert_str_eq(e.msg, "only an administrator or a head reads the audit log");
            cr_assert_eq(n, 0);
            continue;
        }
        cr_assert_eq(n, 6, "%s: %zu rows", vo_role_name(cases[i].role), n);
        cr_assert_str_eq(v[0].action, "token.create");
        cr_assert_str_eq(v[5].action, "org.create");
    }
}

Test(svc_rules, every_role_reads_the_org_configuration)
{
    for (int role = VO_ROLE_ADMIN; role <= VO_ROLE_VIEWER; role++) {
        struct vo_svc s = as(m1_id, (enum vo_role)role);
        struct vo_user *users = NULL;
        size_t n = 0;
        struct vo_error e = {0};
        cr_assert_eq(vo_svc_user_list(&s, &users, &n, &e), VO_OK, "%s", e.msg);
        cr_assert_eq(n, 5, "%s: %zu users", vo_role_name((enum vo_role)role), n);
        struct vo_user u;
        cr_assert_eq(vo_svc_user_get(&s, head_id, &u, &e), VO_OK, "%s", e.msg);
        cr_assert_str_eq(u.email, "head@example.com");
        cr_assert_eq(vo_svc_user_get(&s, 9999, &u, &e), VO_ENOTFOUND);
        cr_assert_str_eq(e.field, "id");
        cr_assert_str_eq(e.msg, "no user 9999");
    }
}

/* The service's rule table and the routes' role column name the same
 * roles for the restricted reads and for the writes of the same kinds. */
Test(svc_rules, the_routes_roles_are_the_rule_tables)
{
    const struct {
        enum vo_method m;
        const char *path;
        unsigned roles;
    } want[] = {
        {VO_GET, "/api/v1/tokens", vo_object_readers(VO_OBJ_TOKEN)},
        {VO_POST, "/api/v1/tokens", vo_object_roles(VO_OBJ_TOKEN)},
        {VO_GET, "/api/v1/audit", vo_object_readers(VO_OBJ_AUDIT)},
        {VO_GET, "/api/v1/users", vo_object_readers(VO_OBJ_USER)},
        {VO_GET, "/api/v1/teams", vo_object_readers(VO_OBJ_TEAM)},
        {VO_GET, "/api/v1/plans", vo_object_readers(VO_OBJ_PLAN)},
    };
    cr_assert_eq(vo_object_readers(VO_OBJ_AUDIT), VO_R_LEAD);
    cr_assert_eq(vo_object_readers(VO_OBJ_TOKEN), VO_R_ADMIN);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const struct vo_route *rt = NULL;
        for (size_t k = 0; k < vo_route_count && !rt; k++)
            if (vo_routes[k].method == want[i].m && strcmp(vo_routes[k].path, want[i].path) == 0)
                rt = &vo_routes[k];
        cr_assert(rt, "no route %s", want[i].path);
        cr_assert_eq(rt->roles, want[i].roles, "%s: route %#x, rules %#x", want[i].path, rt->roles,
                     want[i].roles);
    }
}

Test(svc_rules, a_password_is_ones_own_or_an_administrators_to_set)
{
    struct vo_user u;
    struct vo_error e = {0};
    struct vo_svc own = as(m1_id, VO_ROLE_MANAGER);
    cr_assert_eq(vo_svc_user_passwd_target(&own, m1_id, &u, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(u.id, m1_id);
    struct vo_svc admin = as(admin_id, VO_ROLE_ADMIN);
    cr_assert_eq(vo_svc_user_passwd_target(&admin, m2_id, &u, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(u.id, m2_id);
    /* another's, for anyone but an administrator: as if there were none */
    const struct {
        int64_t id;
        enum vo_role role;
    } refused[] = {{head_id, VO_ROLE_HEAD}, {m1_id, VO_ROLE_MANAGER}, {viewer_id, VO_ROLE_VIEWER}};
    char want[64];
    snprintf(want, sizeof want, "no user %lld", (long long)m2_id);
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        struct vo_svc s = as(refused[i].id, refused[i].role);
        struct vo_error re = {0};
        cr_assert_eq(vo_svc_user_passwd_target(&s, m2_id, &u, &re), VO_ENOTFOUND, "%s",
                     vo_role_name(refused[i].role));
        cr_assert_str_eq(re.field, "id");
        cr_assert_str_eq(re.msg, want);
    }
    cr_assert_eq(vo_svc_user_passwd_target(&admin, 9999, &u, &e), VO_ENOTFOUND);
    cr_assert_str_eq(e.msg, "no user 9999");
    /* and the write refuses the same way, changing nothing */
    struct vo_user before, after;
    cr_assert_eq(vo_svc_user_get(&admin, m2_id, &before, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_svc_user_passwd_id(&own, m2_id, "new-password-1", "pw-12345678", &e),
                 VO_ENOTFOUND);
    cr_assert_str_eq(e.msg, want);
    cr_assert_eq(vo_svc_user_get(&admin, m2_id, &after, &e), VO_OK, "%s", e.msg);
    cr_assert_str_eq(after.password_hash, before.password_hash);
    cr_assert(vo_password_verify(after.password_hash, "pw-12345678"));
}

Test(svc_rules, the_operator_opens_counts_and_backs_up)
{
    struct vo_table_rows *rows = NULL;
    size_t n = 0;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_table_rows(st, svc.org.id, &arena, &rows, &n, &e), VO_OK, "%s", e.msg);
    int64_t users = -2, audit = -2;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(rows[i].table, "users") == 0)
            users = rows[i].rows;
        if (strcmp(rows[i].table, "audit_log") == 0)
            audit = rows[i].rows;
    }
    cr_assert_eq(users, 5);
    cr_assert_eq(audit, 6);
    char *db = vo_test_db(dir, "test.db");
    char *copy = g_build_filename(dir, "copy.db", NULL);
    if (vo_test_pg()) {
        /* SQLite's backup; PostgreSQL's is pg_dump's, which it says */
        cr_assert_neq(vo_svc_backup(db, copy, &e), VO_OK);
        cr_assert(strstr(e.msg, "pg_dump"), "%s", e.msg);
        cr_assert(!g_file_test(copy, G_FILE_TEST_EXISTS));
        g_free(db);
        g_free(copy);
        return;
    }
    cr_assert_eq(vo_svc_backup(db, copy, &e), VO_OK, "%s", e.msg);
    struct vo_arena a2;
    vo_arena_init(&a2, 0);
    struct vo_svc s2;
    cr_assert_eq(vo_svc_open(copy, "Test", &a2, &s2, &e), VO_OK, "%s", e.msg);
    struct vo_user *v = NULL;
    size_t k = 0;
    cr_assert_eq(vo_svc_user_list(&s2, &v, &k, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(k, 5);
    vo_svc_close(&s2);
    cr_assert_null(s2.st);
    cr_assert_eq(vo_svc_open(copy, "Nope", &a2, &s2, &e), VO_ENOTFOUND);
    cr_assert_str_eq(e.msg, "no org \"Nope\" in the database");
    cr_assert_null(s2.st);
    vo_svc_close(&s2); /* a failed open leaves nothing to close: a no-op */
    int from = -1, to = -1;
    cr_assert_eq(vo_svc_migrate(copy, &from, &to, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(from, to);
    cr_assert_eq(to, vo_svc_schema_version(st));
    vo_arena_cleanup(&a2);
    g_free(db);
    g_free(copy);
}

/* The tests hash at argon2id's minimum cost (VO_TEST_PASSWORD_COST=min,
 * set by CMakeLists.txt for every test; src/service/accounts.c): a user's
 * stored hash says m=8 KiB and one pass. A hash of the interactive cost
 * (what a production server stores) still signs in, and the sign-in
 * rehashes it to the current cost; an unknown email and a wrong password
 * are the one refusal. */
Test(svc_rules, a_hash_of_another_cost_signs_in_and_is_rehashed)
{
    cr_assert(vo_password_cost_is_test(), "ctest sets VO_TEST_PASSWORD_COST=min");
    struct vo_user u;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_user_get(&svc, m1_id, &u, &e), VO_OK, "%s", e.msg);
    cr_assert(strstr(u.password_hash, "$argon2id$v=19$m=8,t=1,p=1$"), "%s", u.password_hash);
    cr_assert(!vo_password_needs_rehash(u.password_hash));

    char slow[crypto_pwhash_STRBYTES];
    cr_assert_eq(crypto_pwhash_str_alg(
                     slow, "pw-12345678", strlen("pw-12345678"), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                     crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13),
                 0);
    cr_assert(strstr(slow, "$m=65536,t=2,p=1$"), "%s", slow);
    cr_assert(vo_password_needs_rehash(slow));
    cr_assert_eq(vo_store_user_set_password(st, svc.org.id, m1_id, slow, &e), VO_OK, "%s", e.msg);

    struct vo_actor who;
    const char *token = NULL;
    int64_t retry = 0;
    cr_assert_eq(vo_auth_login(st, NULL, NULL, "m1@example.com", "wrong-password", NULL, "test",
                               &arena, &who, &token, &retry, &e),
                 VO_EPERM);
    cr_assert_eq(vo_svc_user_get(&svc, m1_id, &u, &e), VO_OK, "%s", e.msg);
    cr_assert_str_eq(u.password_hash, slow, "a refused sign-in changes nothing");
    cr_assert_eq(vo_auth_login(st, NULL, NULL, "nobody@example.com", "pw-12345678", NULL, "test",
                               &arena, &who, &token, &retry, &e),
                 VO_EPERM);
    struct vo_error e2 = {0};
    cr_assert_eq(vo_auth_login(st, NULL, NULL, "m1@example.com", "wrong-password", NULL, "test",
                               &arena, &who, &token, &retry, &e2),
                 VO_EPERM);
    cr_assert_str_eq(e.msg, e2.msg, "an unknown email reads as a wrong password");

    cr_assert_eq(vo_auth_login(st, NULL, NULL, "m1@example.com", "pw-12345678", NULL, "test",
                               &arena, &who, &token, &retry, &e),
                 VO_OK, "%s", e.msg);
    cr_assert_eq(who.user_id, m1_id);
    cr_assert_eq(vo_svc_user_get(&svc, m1_id, &u, &e), VO_OK, "%s", e.msg);
    cr_assert(strstr(u.password_hash, "$m=8,t=1,p=1$"), "rehashed: %s", u.password_hash);
    cr_assert(vo_password_verify(u.password_hash, "pw-12345678"));
}
