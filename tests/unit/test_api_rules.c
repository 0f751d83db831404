/*
 * test_api_rules.c - one rule set, whoever writes: the API's routes, the
 * CLI and the import obey the same role checks and invariants. Against a
 * real server on 127.0.0.1 with a temporary database whose org has one
 * administrator, a head of sales, a manager and a viewer:
 *  - the last active administrator cannot be demoted or disabled (PATCH
 *    role, PATCH active, `user disable`, a users.csv row), and nothing is
 *    written when refused;
 *  - an import as the head that writes what only an administrator writes
 *    (users, teams, products) is refused whole (403 naming the file, the
 *    line and the column), while what the head may write (pipelines,
 *    stages, holidays, deals, clients, plans...) goes through;
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

#include "api_fixture.h"
#include "http/http.h"
#include "testutil.h"

static void setup(void)
{
    vo_api_start(NULL, NULL);
}

TestSuite(api_rules, .init = setup, .fini = vo_api_stop, .timeout = 120);

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
    struct vo_store *st = vo_api_open(VO_STORE_NO_MIGRATE);
    struct vo_error e = {0};
    struct vo_user u;
    cr_assert_eq(vo_store_user_find_email(st, 1, email, a, &u, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
    return u;
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
    const struct vo_test_login *admin = vo_api_user("admin");
    struct vo_test_resp r = as(admin, "PATCH", "/api/v1/users/1", "{\"role\":\"viewer\"}");
    vo_test_expect(&r, 409, "role", "the last admin demotes themselves");
    cr_assert(strstr(err_msg(&r), "last active administrator"), "%s", r.body);
    vo_test_resp_free(&r);
    assert_admin_intact("PATCH role");

    vo_api_expect(admin, "PATCH", "/api/v1/users/1", "{\"active\":false}", 409, "active",
                  "the last admin disables themselves");
    assert_admin_intact("PATCH active");

    /* The whole request is refused: the name in it is not written either. */
    vo_api_expect(admin, "PATCH", "/api/v1/users/1", "{\"name\":\"Renamed\",\"role\":\"head\"}",
                  409, "role", "a rename with the demotion");
    struct vo_arena a;
    vo_arena_init(&a, 0);
    cr_assert_str_eq(stored_user("admin@example.com", &a).name, "Администратор");

    /* With a second active admin the first may step down; the second is
     * then the last one. */
    vo_api_expect_all(
        (const struct vo_api_case[]){{admin, "PATCH", "/api/v1/users/2", "{\"role\":\"admin\"}",
                                      200, NULL, "the head becomes an admin"},
                                     {admin, "PATCH", "/api/v1/users/1", "{\"role\":\"head\"}", 200,
                                      NULL, "one of two admins steps down"},
                                     {0}});
    const struct vo_test_login *second = vo_api_user("head");
    vo_api_expect(second, "PATCH", "/api/v1/users/2", "{\"active\":false}", 409, "active",
                  "the new last admin disables themselves");
    cr_assert(stored_user("head@example.com", &a).active);
    /* A disabled admin does not count as one. */
    vo_api_expect_all((const struct vo_api_case[]){
        {second, "PATCH", "/api/v1/users/1", "{\"role\":\"admin\",\"active\":false}", 200, NULL,
         "a disabled admin"},
        {second, "PATCH", "/api/v1/users/2", "{\"role\":\"manager\"}", 409, "role",
         "the other admin is disabled"},
        {0}});
    cr_assert_eq(stored_user("head@example.com", &a).role, VO_ROLE_ADMIN);
    vo_arena_cleanup(&a);
}

Test(api_rules, the_cli_and_the_service_keep_the_last_admin)
{
    /* `voronka user disable` and an update through the service directly. */
    char *cmd = g_strdup_printf("'%s' user disable --db '%s' admin@example.com", vo_test_binary(),
                                vo_api.db_path);
    char *out = NULL;
    int rc = vo_test_run(cmd, &out);
    cr_assert_eq(rc, 2, "user disable of the last admin: %d %s", rc, out);
    cr_assert(strstr(out, "last active administrator"), "%s", out);
    g_free(out);
    g_free(cmd);
    assert_admin_intact("voronka user disable");

    struct vo_store *st = vo_api_open(VO_STORE_NO_MIGRATE);
    struct vo_error e = {0};
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
    const struct vo_test_login *admin = vo_api_user("admin");
    int64_t audit = vo_api_count("audit_log");
    struct vo_test_resp r =
        as(admin, "POST", "/api/v1/import",
           "{\"files\":{\"users.csv\":\"name,email,role\\nAdministrator,admin@example.com,viewer\\n"
           "Глеб Новый,gleb@example.com,manager\\n\"}}");
    vo_test_expect(&r, 422, NULL, "a users.csv row demotes the last admin");
    json_t *p = json_array_get(json_object_get(r.json, "problems"), 0);
    cr_assert_str_eq(json_string_value(json_object_get(p, "file")), "users.csv", "%s", r.body);
    cr_assert_eq(json_integer_value(json_object_get(p, "line")), 2, "%s", r.body);
    cr_assert_str_eq(json_string_value(json_object_get(p, "column")), "role", "%s", r.body);
    cr_assert(json_is_false(json_object_get(r.json, "committed")));
    vo_test_resp_free(&r);
    assert_admin_intact("users.csv");
    cr_assert_eq(vo_api_count("users"), 4, "nothing written");
    cr_assert_eq(vo_api_count("audit_log"), audit, "nothing written");
}

/* ---- item: the import obeys the routes' rules ---- */

/* {"files":{name: text}} with text escaped for JSON. */
static char *files_body(const char *name, const char *text)
{
    json_t *files = json_object();
    json_object_set_new(files, name, json_string(text));
    json_t *body = json_pack("{s:o}", "files", files);
    char *s = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    return s;
}

static char *files_body2(const char *n1, const char *t1, const char *n2, const char *t2)
{
    json_t *files = json_object();
    json_object_set_new(files, n1, json_string(t1));
    json_object_set_new(files, n2, json_string(t2));
    json_t *body = json_pack("{s:o}", "files", files);
    char *s = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    return s;
}

/* POSTs the import as l and frees the body. */
static struct vo_test_resp import_as(const struct vo_test_login *l, const char *query, char *body)
{
    char *path = g_strdup_printf("/api/v1/import%s", query ? query : "");
    struct vo_test_resp r = as(l, "POST", path, body);
    g_free(path);
    free(body);
    return r;
}

/* An import as l (of body, as import_as) that must be answered 200. */
static void import_ok(const struct vo_test_login *l, char *body, const char *what)
{
    struct vo_test_resp r = import_as(l, NULL, body);
    vo_test_expect(&r, 200, NULL, what);
    vo_test_resp_free(&r);
}

/* A 403 whose message names the file and the line, and whose field is col. */
static void expect_refused(struct vo_test_resp *r, const char *file, int line, const char *col,
                           const char *what)
{
    vo_test_expect(r, 403, col, what);
    const char *m = err_msg(r);
    char *at = g_strdup_printf("%s line %d", file, line);
    cr_assert(strstr(m, at), "%s: the message does not name %s: %s", what, at, m);
    g_free(at);
}

Test(api_rules, the_head_cannot_become_admin_through_the_import)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t audit = vo_api_count("audit_log");
    /* The attack: the head's own row with the admin role. */
    struct vo_test_resp r = import_as(
        head, NULL,
        files_body("users.csv", "name,email,role\nАнна Менеджер,anna@example.com,manager\n"
                                "Ольга Руководитель,head@example.com,admin\n"));
    expect_refused(&r, "users.csv", 3, "role", "the head makes themselves admin");
    vo_test_resp_free(&r);
    /* A dry run is refused the same way. */
    r = import_as(head, "?dry_run=1",
                  files_body("users.csv", "name,email,role\nОльга Руководитель,head@example.com,"
                                          "admin\n"));
    expect_refused(&r, "users.csv", 2, "role", "the same as a dry run");
    vo_test_resp_free(&r);
    /* A new admin, and a demotion of the only admin. */
    r = import_as(head, NULL,
                  files_body("users.csv", "name,email,role\nМаллори,mallory@example.com,admin\n"));
    expect_refused(&r, "users.csv", 2, "email", "the head adds an admin");
    vo_test_resp_free(&r);
    r = import_as(head, NULL,
                  files_body("users.csv", "name,email,role\nAdministrator,admin@example.com,"
                                          "viewer\n"));
    expect_refused(&r, "users.csv", 2, "role", "the head demotes the admin");
    vo_test_resp_free(&r);
    /* With deals that the head may import: the whole import is refused. */
    r = import_as(head, NULL,
                  files_body2("users.csv",
                              "name,email,role\nОльга Руководитель,head@example.com,admin\n",
                              "clients.csv", "id,name\nC1,ООО Ромашка\n"));
    expect_refused(&r, "users.csv", 2, "role", "with clients");
    vo_test_resp_free(&r);

    struct vo_arena a;
    vo_arena_init(&a, 0);
    cr_assert_eq(stored_user("head@example.com", &a).role, VO_ROLE_HEAD, "the head is no admin");
    vo_arena_cleanup(&a);
    assert_admin_intact("the head's import");
    cr_assert_eq(vo_api_count("users"), 4);
    cr_assert_eq(vo_api_count("clients"), 0);
    cr_assert_eq(vo_api_count("audit_log"), audit);
    /* The head's session still says head. */
    r = as(head, "GET", "/api/v1/session", NULL);
    cr_assert_str_eq(json_string_value(json_object_get(r.json, "role")), "head", "%s", r.body);
    vo_test_resp_free(&r);

    /* Rows that change nothing write nothing: the head may send them. */
    import_ok(head,
              files_body("users.csv", "name,email,role\nАнна Менеджер,anna@example.com,"
                                      "manager\n"),
              "unchanged users");
}

Test(api_rules, the_head_cannot_import_what_only_an_admin_writes)
{
    const struct vo_test_login *head = vo_api_user("head");
    struct {
        const char *file, *text, *col;
    } cases[] = {
        {"products.csv", "id,name,price\nP1,Станок,100\n", "id"},
        {"users.csv", "name,email,role,team\nАнна Менеджер,anna@example.com,manager,Юг\n", "team"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        /* The route refuses the head... */
        const char *route = i == 0 ? "/api/v1/products" : "/api/v1/teams";
        const char *body = i == 0 ? "{\"name\":\"Станок\"}" : "{\"name\":\"Юг\"}";
        struct vo_test_resp r = as(head, "POST", route, body);
        vo_test_expect(&r, 403, NULL, route);
        vo_test_resp_free(&r);
        /* ...and so does the import. */
        r = import_as(head, NULL, files_body(cases[i].file, cases[i].text));
        expect_refused(&r, cases[i].file, 2, cases[i].col, cases[i].file);
        vo_test_resp_free(&r);
    }
    cr_assert_eq(vo_api_count("products"), 0);
    cr_assert_eq(vo_api_count("teams"), 0);

    /* The pipelines, their stages and the calendar are the head's too
     * (issue 10): through the routes and the import alike. */
    static const struct {
        const char *path, *body, *file, *csv, *table;
    } both[] = {
        {"/api/v1/holidays", "{\"date\":\"2026-05-04\"}", "holidays.csv",
         "date,kind\n2026-05-05,holiday\n", "holidays"},
        {"/api/v1/pipelines", "{\"name\":\"Розница\"}", "pipelines.csv",
         "pipeline,stage,position\nОпт,Лид,1\nОпт,Сделка,2\n", "pipelines"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(both); i++) {
        vo_api_expect(head, "POST", both[i].path, both[i].body, 201, NULL, both[i].path);
        import_ok(head, files_body(both[i].file, both[i].csv), both[i].file);
        cr_assert_eq(vo_api_count(both[i].table), 2, "%s", both[i].table);
    }
    cr_assert_eq(vo_api_count("stages"), 2);

    /* What the head may write through the routes, the head may import. */
    import_ok(head,
              files_body2("clients.csv", "id,name,owner\nC1,ООО Ромашка,anna@example.com\n",
                          "deals.csv",
                          "id,owner,pipeline,created_at,client\n"
                          "D1,anna@example.com,Опт,2026-03-01,C1\n"),
              "the head imports clients and deals");
    import_ok(head,
              files_body("plans.csv", "period,scope,metric,target\n2026-03,org,revenue,1000\n"),
              "the head imports plans");
    cr_assert_eq(vo_api_count("deals"), 1);
    cr_assert_eq(vo_api_count("plans"), 1);
}

Test(api_rules, the_import_applies_the_routes_field_limits)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    /* 501 characters ("x") where the routes take 500 (a client) or 200. */
    char *name501 = vo_api_repeat("", "x", 501), *name201 = vo_api_repeat("", "x", 201);
    char *json = g_strdup_printf("{\"name\":\"%s\"}", name501);
    struct vo_test_resp r = as(admin, "POST", "/api/v1/clients", json);
    vo_test_expect(&r, 422, "name", "the route: a 501-character client name");
    vo_test_resp_free(&r);
    g_free(json);

    struct {
        const char *file, *fmt, *col;
        const char *name;
    } cases[] = {
        {"clients.csv", "id,name\nC1,%s\n", "name", name501},
        {"users.csv", "name,email\n%s,long@example.com\n", "name", name501},
        {"products.csv", "id,name\nP1,%s\n", "name", name201},
        {"pipelines.csv", "pipeline,stage,position\n%s,Лид,1\n", "pipeline", name201},
        {"pipelines.csv", "pipeline,stage,position\nОпт,%s,1\n", "stage", name201},
        {"users.csv", "name,email,team\nЮлия,yulia@example.com,%s\n", "team", name201},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = g_strdup_printf(cases[i].fmt, cases[i].name);
        r = import_as(admin, NULL, files_body(cases[i].file, text));
        vo_test_expect(&r, 422, NULL, cases[i].file);
        cr_assert(vo_api_has_problem(r.json, cases[i].file, 2, cases[i].col),
                  "%s: no problem at %s:2 %s: %s", cases[i].file, cases[i].file, cases[i].col,
                  r.body);
        vo_test_resp_free(&r);
        g_free(text);
    }
    cr_assert_eq(vo_api_count("clients"), 0);
    cr_assert_eq(vo_api_count("users"), 4);
    cr_assert_eq(vo_api_count("products"), 0);
    cr_assert_eq(vo_api_count("pipelines"), 0);
    cr_assert_eq(vo_api_count("teams"), 0);
    g_free(name501);
    g_free(name201);
}

Test(api_rules, the_import_gives_work_to_active_users_only)
{
    const struct vo_test_login *admin = vo_api_user("admin"), *head = vo_api_user("head");
    struct vo_test_resp r = as(admin, "POST", "/api/v1/pipelines", "{\"name\":\"Опт\"}");
    vo_test_expect(&r, 201, NULL, "pipeline");
    vo_test_resp_free(&r);
    import_ok(admin, files_body("pipelines.csv", "pipeline,stage,position\nОпт,Лид,1\n"), "stages");
    const char *deals = "id,owner,pipeline,created_at\nD1,anna@example.com,Опт,2026-03-01\n";
    import_ok(head, files_body("deals.csv", deals), "a deal of Anna's");
    /* Anna leaves; her deal may be imported again, no new work is hers. */
    vo_api_expect_all((const struct vo_api_case[]){
        {admin, "PATCH", "/api/v1/users/3", "{\"active\":false}", 200, NULL, "Anna disabled"},
        {head, "POST", "/api/v1/deals", "{\"pipeline\":\"Опт\",\"owner_id\":3}", 422, "owner_id",
         "the route: a deal for a disabled user"},
        {0}});
    import_ok(head, files_body("deals.csv", deals), "the same deal again");
    r = import_as(head, NULL,
                  files_body("deals.csv", "id,owner,pipeline,created_at\n"
                                          "D2,anna@example.com,Опт,2026-03-02\n"));
    vo_test_expect(&r, 422, NULL, "a new deal for a disabled user");
    cr_assert(vo_api_has_problem(r.json, "deals.csv", 2, "owner"), "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("deals"), 1);
}

/* The service's table of who writes what agrees with vo_svc_check_owner
 * for the CRM's records (which the CRM use cases enforce through it). */
Test(api_rules, the_rule_table_agrees_with_the_ownership_check)
{
    static const enum vo_object crm[] = {VO_OBJ_CLIENT,   VO_OBJ_DEAL, VO_OBJ_STAGE_CHANGE,
                                         VO_OBJ_ACTIVITY, VO_OBJ_TASK, VO_OBJ_PAYMENT};
    for (int role = VO_ROLE_ADMIN; role <= VO_ROLE_VIEWER; role++) {
        struct vo_svc svc = {.actor_id = 7, .actor_role = (enum vo_role)role};
        struct vo_error e = {0};
        bool owner_ok = vo_svc_check_owner(&svc, 7, true, &e) == VO_OK;
        for (size_t i = 0; i < sizeof crm / sizeof crm[0]; i++)
            cr_assert_eq(vo_svc_may_write(&svc, crm[i], &e) == VO_OK, owner_ok, "%s, %s",
                         vo_role_name((enum vo_role)role), vo_object_name(crm[i]));
    }
}

/* ---- item: the import's memory ---- */

/* A clients.csv of "id,name" and columns c0..c<columns-1>, then header_end;
 * then each of rows (up to NULL) followed by commas commas and a newline. */
static char *wide_csv(int columns, const char *header_end, const char *const *rows, int commas)
{
    GString *csv = g_string_new("id,name");
    for (int i = 0; i < columns; i++)
        g_string_append_printf(csv, ",c%d", i);
    g_string_append(csv, header_end);
    for (; *rows; rows++) {
        g_string_append(csv, *rows);
        for (int i = 0; i < commas; i++)
            g_string_append_c(csv, ',');
        g_string_append_c(csv, '\n');
    }
    return g_string_free(csv, FALSE);
}

/* Imports csv (taken) as clients.csv as l: the answer, which must have
 * status and be under 2 KiB. */
static struct vo_test_resp import_small(const struct vo_test_login *l, char *csv, int status,
                                        const char *what)
{
    struct vo_test_resp r = import_as(l, NULL, files_body("clients.csv", csv));
    g_free(csv);
    vo_test_expect(&r, status, NULL, what);
    cr_assert_lt(strlen(r.body), 2048, "%s: a %zu-byte answer", what, strlen(r.body));
    return r;
}

Test(api_rules, a_very_wide_header_gets_a_small_answer)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    /* 10^6 columns: refused at the header, in a few hundred bytes. */
    static const char *const three[] = {"C1,Клиент 1", "C2,Клиент 2", "C3,Клиент 3", NULL};
    struct vo_test_resp r =
        import_small(admin, wide_csv(1000000, "\n", three, 1000000), 422, "10^6 columns");
    json_t *pr = json_object_get(r.json, "problems");
    cr_assert_eq(json_array_size(pr), 1, "%s", r.body);
    const char *m = json_string_value(json_object_get(json_array_get(pr, 0), "message"));
    cr_assert(m && strstr(m, "at most 1000"), "%s", r.body);
    /* the catalogue's id and Russian text beside (base/messages.c) */
    json_t *p0 = json_array_get(pr, 0);
    cr_assert_str_eq(json_string_value(json_object_get(p0, "message_id")), "csv.too_many_columns");
    cr_assert_str_eq(json_string_value(json_object_get(p0, "message_ru")),
                     "clients.csv:1: в заголовке столбцов: 1000002; в файле их не больше 1000");
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("clients"), 0);

    /* 900 unknown columns and 2 unnamed ones, under the cap: imported, with
     * one warning for each kind, a count and the first names. */
    static const char *const one[] = {"C1,ООО Ромашка", NULL};
    r = import_small(admin, wide_csv(900, ",,\n", one, 902), 200, "900 unknown columns");
    json_t *w = json_object_get(r.json, "warnings");
    cr_assert_eq(json_array_size(w), 2, "%s", r.body);
    const char *w0 = json_string_value(json_object_get(json_array_get(w, 0), "message"));
    const char *w1 = json_string_value(json_object_get(json_array_get(w, 1), "message"));
    cr_assert(w0 && strstr(w0, "2 columns have no name (903, 904)"), "%s", r.body);
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(w, 0), "message_id")),
                     "import.columns_no_name");
    cr_assert_str_eq(json_string_value(json_object_get(json_array_get(w, 0), "message_ru")),
                     "Столбцов без названия: 2 (903, 904); они пропущены");
    cr_assert(w1 && strstr(w1, "900 columns are not columns of clients.csv: c0, c1, c2, c3, c4 "
                               "and 895 more"),
              "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(vo_api_count("clients"), 1);
}

/* ---- item: one's own password needs the current one ---- */

/* Signs in with password, giving the HTTP status. */
static int login_status(const char *email, const char *password)
{
    char *body = g_strdup_printf("{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
    struct vo_test_resp r =
        vo_test_http(vo_api.port, "POST", "/api/v1/session", NULL, NULL, NULL, body);
    int status = r.status;
    vo_test_resp_free(&r);
    g_free(body);
    return status;
}

Test(api_rules, changing_ones_own_password_needs_the_current_one)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    /* Anna is user 3. Without the current password, and with a wrong one. */
    struct vo_test_resp r =
        as(anna, "POST", "/api/v1/users/3/password", "{\"password\":\"taken over at last\"}");
    vo_test_expect(&r, 422, "current_password", "no current password");
    vo_test_resp_free(&r);
    r = as(anna, "POST", "/api/v1/users/3/password",
           "{\"password\":\"taken over at last\",\"current_password\":\"a guess\"}");
    vo_test_expect(&r, 422, "current_password", "a wrong current password");
    cr_assert(strstr(err_msg(&r), "not right"), "%s", r.body);
    vo_test_resp_free(&r);
    vo_api_expect(anna, "POST", "/api/v1/users/3/password",
                  "{\"password\":\"taken over at last\",\"current_password\":\"\"}", 422,
                  "current_password", "an empty current password");
    cr_assert_eq(login_status("anna@example.com", "taken over at last"), 401, "not changed");
    cr_assert_eq(login_status("anna@example.com", VO_TEST_PASSWORD), 200,
                 "the old one still works");

    /* With the right one. */
    char *body = g_strdup_printf(
        "{\"password\":\"a new long password\",\"current_password\":\"%s\"}", VO_TEST_PASSWORD);
    vo_api_expect(anna, "POST", "/api/v1/users/3/password", body, 200, NULL,
                  "the right current password");
    g_free(body);
    cr_assert_eq(login_status("anna@example.com", "a new long password"), 200);
    cr_assert_eq(login_status("anna@example.com", VO_TEST_PASSWORD), 401);

    /* The admin sets Anna's without knowing it, but their own only with
     * their own current password. */
    const struct vo_test_login *admin = vo_api_user("admin");
    vo_api_expect(admin, "POST", "/api/v1/users/3/password",
                  "{\"password\":\"reset by the admin\"}", 200, NULL, "the admin resets Anna's");
    cr_assert_eq(login_status("anna@example.com", "reset by the admin"), 200);
    vo_api_expect(admin, "POST", "/api/v1/users/1/password",
                  "{\"password\":\"the admin's new one\"}", 422, "current_password",
                  "the admin's own without the current one");
    body = g_strdup_printf("{\"password\":\"the admin's new one\",\"current_password\":\"%s\"}",
                           VO_TEST_PASSWORD);
    vo_api_expect(admin, "POST", "/api/v1/users/1/password", body, 200, NULL,
                  "the admin's own with the current one");
    g_free(body);
}
