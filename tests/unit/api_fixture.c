/*
 * api_fixture.c - the JSON API suites' shared set-up (api_fixture.h).
 */
#include "api_fixture.h"

#include "base/arena.h"
#include "http/http.h"
#include "service/service.h"
#include "store/store.h"
#include "testdb.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct vo_test_company vo_api;

/* vo_api_arena's arena and whether it is set up. */
static struct vo_arena arena;
static bool arena_live;

/* The sessions vo_api_user has made in the running test. */
static struct {
    char *email;
    struct vo_test_login login;
} users[8];

void vo_api_start(struct vo_server_opts *o, void (*extra)(struct vo_store *st, struct vo_svc *svc))
{
    struct vo_server_opts def = {.threads = 2, .body_limit = 64 * 1024};
    vo_test_company_start(&vo_api, o ? o : &def, extra);
}

int64_t vo_api_boris_id;

/* What vo_api_start_crm asked crm_extra for. */
static bool crm_boris;
static const char *crm_stages[4];
static size_t crm_nstages;

static void crm_extra(struct vo_store *st, struct vo_svc *svc)
{
    if (crm_boris)
        vo_api_boris_id =
            vo_test_company_user(svc, "Борис Менеджер", "boris@example.com", "manager");
    if (crm_nstages)
        vo_api_add_pipeline(st, svc, crm_stages, crm_nstages);
}

void vo_api_start_crm(struct vo_server_opts *o, bool boris, const char *stage, ...)
{
    va_list ap;
    va_start(ap, stage);
    crm_boris = boris;
    crm_nstages = 0;
    for (const char *s = stage; s != NULL; s = va_arg(ap, const char *)) {
        cr_assert_lt(crm_nstages, G_N_ELEMENTS(crm_stages), "more than %zu stages",
                     G_N_ELEMENTS(crm_stages));
        crm_stages[crm_nstages++] = s;
    }
    va_end(ap);
    vo_api_boris_id = 0;
    vo_api_start(o, crm_extra);
}

void vo_api_stop(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(users) && users[i].email; i++) {
        g_free(users[i].email);
        vo_test_login_free(&users[i].login);
        users[i].email = NULL;
    }
    if (arena_live)
        vo_arena_cleanup(&arena);
    arena_live = false;
    vo_test_company_stop(&vo_api);
}

struct vo_arena *vo_api_arena(void)
{
    if (!arena_live)
        vo_arena_init(&arena, 0);
    arena_live = true;
    return &arena;
}

const struct vo_test_login *vo_api_user(const char *who)
{
    char email[128];
    snprintf(email, sizeof email, "%s%s", who, strchr(who, '@') ? "" : "@example.com");
    size_t i = 0;
    for (; i < G_N_ELEMENTS(users) && users[i].email; i++)
        if (strcmp(users[i].email, email) == 0)
            return &users[i].login;
    cr_assert_lt(i, G_N_ELEMENTS(users), "more than %zu users in one test", i);
    users[i].login = vo_test_login_as(vo_api.port, email, VO_TEST_PASSWORD);
    users[i].email = g_strdup(email);
    return &users[i].login;
}

const struct vo_test_login *vo_api_role(const char *role)
{
    return vo_api_user(strcmp(role, "manager") == 0 ? "anna" : role);
}

const char *const vo_api_whole[VO_API_NWHOLE] = {"head", "viewer", "admin"};

json_t *vo_api_get_json(const char *role, const char *path, int status)
{
    struct vo_test_resp r = as(vo_api_role(role), "GET", path, NULL);
    cr_assert_eq(r.status, status, "%s GET %s: %d %s", role, path, r.status, r.body);
    cr_assert(r.json, "%s GET %s: not JSON: %s", role, path, r.body);
    json_t *j = json_incref(r.json);
    vo_test_resp_free(&r);
    return j;
}

void vo_api_add_pipeline(struct vo_store *st, struct vo_svc *svc, const char *const *names,
                         size_t n)
{
    struct vo_error e = {0};
    int64_t pipe = 0;
    cr_assert_eq(vo_store_pipeline_ensure(st, svc->org.id, "Продажи", &pipe, NULL, &e), VO_OK);
    for (size_t i = 0; i < n; i++) {
        struct vo_stage sg = {.org_id = svc->org.id,
                              .pipeline_id = pipe,
                              .name = names[i],
                              .position = (int)i + 1,
                              .max_days = VO_NULL};
        cr_assert_eq(vo_store_stage_upsert(st, &sg, NULL, &e), VO_OK, "%s", e.msg);
    }
}

struct vo_store *vo_api_open(int flags)
{
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(vo_api.db_path, flags, &st, &e), VO_OK, "%s", e.msg);
    return st;
}

int64_t vo_api_count(const char *table)
{
    struct vo_store *st = vo_api_open(VO_STORE_NO_MIGRATE);
    struct vo_error e = {0};
    int64_t n = -1;
    cr_assert_eq(vo_store_count(st, 1, table, &n, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
    return n;
}

size_t vo_api_audit(const char *action, const char *object, int64_t user)
{
    struct vo_store *st = vo_api_open(0);
    struct vo_error e = {0};
    struct vo_audit_filter f = {.action = action, .from = VO_NULL, .to = VO_NULL, .limit = 100};
    struct vo_audit_entry *v = NULL;
    size_t n = 0;
    cr_assert_eq(vo_store_audit_list(st, vo_api.org_id, &f, vo_api_arena(), &v, &n, &e), VO_OK,
                 "%s", e.msg);
    vo_store_close(st);
    for (size_t i = 0; i < n; i++) {
        if (object)
            cr_assert_str_eq(v[i].object, object, "%s", action);
        if (user >= 0)
            cr_assert_eq(v[i].user_id, user, "%s", action);
    }
    return n;
}

void vo_api_sql(const char *sql)
{
    vo_test_sql(vo_api.db_path, sql);
}

void vo_api_expect(const struct vo_test_login *l, const char *method, const char *path,
                   const char *body, int status, const char *field, const char *what)
{
    struct vo_test_resp r = l ? vo_test_as(vo_api.port, l, method, path, body)
                              : vo_test_http(vo_api.port, method, path, NULL, NULL, NULL, body);
    char *named = what ? NULL : g_strdup_printf("%s %s", method, path);
    vo_test_expect(&r, status, field, what ? what : named);
    vo_test_resp_free(&r);
    g_free(named);
}

void vo_api_expect_all(const struct vo_api_case *cases)
{
    for (const struct vo_api_case *c = cases; c->method; c++)
        vo_api_expect(c->as, c->method, c->path, c->body, c->status, c->field, c->what);
}

bool vo_api_has_problem(const json_t *body, const char *file, json_int_t line, const char *column)
{
    json_t *pr = json_object_get(body, "problems");
    for (size_t i = 0; i < json_array_size(pr); i++) {
        json_t *p = json_array_get(pr, i);
        const char *f = json_string_value(json_object_get(p, "file"));
        const char *c = json_string_value(json_object_get(p, "column"));
        if (f && strcmp(f, file) == 0 && json_integer_value(json_object_get(p, "line")) == line &&
            c && strcmp(c, column) == 0 && json_string_value(json_object_get(p, "message")))
            return true;
    }
    return false;
}

char *vo_api_repeat(const char *prefix, const char *s, size_t n)
{
    GString *g = g_string_new(prefix);
    for (size_t i = 0; i < n; i++)
        g_string_append(g, s);
    return g_string_free(g, FALSE);
}

/* Defines name(id), the object id of vo_api's org as get (a
 * vo_store_*_get) reads it into a type: one function per type of object,
 * which a function cannot do. */
#define API_READER(name, type, get)                                                                \
    type name(int64_t id)                                                                          \
    {                                                                                              \
        struct vo_store *st = vo_api_open(0);                                                      \
        struct vo_error e = {0};                                                                   \
        type out;                                                                                  \
        cr_assert_eq(get(st, vo_api.org_id, id, vo_api_arena(), &out, &e), VO_OK, "%s %lld: %s",   \
                     #get, (long long)id, e.msg);                                                  \
        vo_store_close(st);                                                                        \
        return out;                                                                                \
    }
API_READER(vo_api_deal, struct vo_deal_row, vo_store_deal_get)
API_READER(vo_api_task, struct vo_task, vo_store_task_get)
API_READER(vo_api_client_card, struct vo_client_card, vo_store_client_card_get)
API_READER(vo_api_contact, struct vo_contact, vo_store_contact_get)

const char *vo_api_deal_path(int64_t id, const char *action)
{
    return vo_arena_printf(vo_api_arena(), "/api/v1/deals/%lld%s", (long long)id, action);
}

const char *vo_api_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = vo_arena_vprintf(vo_api_arena(), fmt, ap);
    va_end(ap);
    return s;
}

json_int_t vo_api_int(const struct vo_test_login *l, const char *method, const char *path,
                      const char *body, int status, const char *key)
{
    struct vo_test_resp r = vo_test_as(vo_api.port, l, method, path, body);
    vo_test_expect(&r, status, NULL, path);
    json_int_t v = jint(r.json, key);
    vo_test_resp_free(&r);
    return v;
}

size_t vo_api_items(const struct vo_test_login *l, const char *path)
{
    struct vo_test_resp r = vo_test_as(vo_api.port, l, "GET", path, NULL);
    vo_test_expect(&r, 200, NULL, path);
    size_t n = json_array_size(json_object_get(r.json, "items"));
    vo_test_resp_free(&r);
    return n;
}

json_t *vo_api_list(const struct vo_test_login *l, const char *path, size_t n)
{
    struct vo_test_resp r = vo_test_as(vo_api.port, l, "GET", path, NULL);
    vo_test_expect(&r, 200, NULL, path);
    json_t *items = json_incref(json_object_get(r.json, "items"));
    cr_assert(json_is_array(items), "%s: no items: %s", path, r.body);
    if (n != SIZE_MAX)
        cr_assert_eq(json_array_size(items), n, "%s: %s", path, r.body);
    vo_test_resp_free(&r);
    return items;
}

int64_t vo_api_create(const struct vo_test_login *l, const char *path, const char *body)
{
    struct vo_test_resp r = vo_test_as(vo_api.port, l, "POST", path, body);
    cr_assert_eq(r.status, 201, "%s %s -> %d %s", path, body, r.status, r.body);
    int64_t id = jint(r.json, "id");
    vo_test_resp_free(&r);
    return id;
}

char *vo_api_token(const struct vo_test_login *l, const char *body, int64_t *id)
{
    struct vo_test_resp r = vo_test_as(vo_api.port, l, "POST", "/api/v1/tokens", body);
    vo_test_expect(&r, 201, NULL, body);
    char *token = g_strdup(jstr(r.json, "token"));
    *id = jint(r.json, "id");
    vo_test_resp_free(&r);
    return token;
}

struct vo_test_resp vo_api_as_if(const struct vo_test_login *l, const char *method,
                                 const char *path, const char *if_match, const char *body)
{
    char *h = if_match ? g_strdup_printf("If-Match: %s", if_match) : NULL;
    struct vo_test_resp r = vo_test_as_header(vo_api.port, l, method, path, h, body);
    g_free(h);
    return r;
}
