/*
 * fuzz_http.c - the company of the HTTP fuzz targets (fuzz_http.h).
 */
#include "fuzz_http.h"

#include "service/service.h"
#include "store/store.h"

#include <glib/gstdio.h>

#define PASSWORD "fuzz-Password-2026"

struct fuzz_http fuzz_http;

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_http: %s: %s\n", what, detail ? detail : "");
    abort();
}

static void open_server(void)
{
    struct vo_server_opts o = {.db_path = fuzz_http.db, .threads = 1, .quiet = true};
    o.web_root = fuzz_http.web_root;
    struct vo_error e = {0};
    if (vo_server_open(&o, &fuzz_http.srv, &e))
        die("server", e.msg);
}

void fuzz_http_run(const struct vo_req_head *h, struct vo_req *r)
{
    vo_req_run(fuzz_http.srv, h, r);
}

/* A request of the setup, as the admin (bearer token once there is one,
 * else the session cookie); aborts unless it is answered 2xx. Returns the
 * response body (json_decref it). */
static json_t *setup(const char *method, const char *target, const char *body)
{
    const struct fuzz_cred *c = &fuzz_http.role[VO_ROLE_ADMIN];
    const char *headers[] = {"Cookie",           c->cookie, "X-CSRF-Token", c->csrf, "Content-Type",
                             "application/json", NULL};
    if (!c->cookie)
        headers[0] = NULL;
    struct vo_req_head h = {.method = method,
                            .target = target,
                            .headers = headers,
                            .body = body,
                            .body_len = body ? strlen(body) : 0,
                            .address = "127.0.0.1"};
    struct vo_req r;
    vo_req_run(fuzz_http.srv, &h, &r);
    char *text = r.out ? json_dumps(r.out, JSON_COMPACT) : NULL;
    if (r.status < 200 || r.status > 299)
        die(target, text);
    free(text);
    json_t *out = r.out ? json_incref(r.out) : json_object();
    vo_req_finish(fuzz_http.srv, &r);
    return out;
}

static void sign_in(enum vo_role role, const char *email)
{
    struct fuzz_cred *c = &fuzz_http.role[role];
    char *body = g_strdup_printf("{\"email\":\"%s\",\"password\":\"%s\"}", email, PASSWORD);
    const char *headers[] = {"Content-Type", "application/json", NULL};
    struct vo_req_head h = {.method = "POST",
                            .target = "/api/v1/session",
                            .headers = headers,
                            .body = body,
                            .body_len = strlen(body),
                            .address = "127.0.0.1"};
    struct vo_req r;
    vo_req_run(fuzz_http.srv, &h, &r);
    if (r.status != 200 || !r.set_cookie)
        die("sign in", email);
    /* "vo_session=SECRET; HttpOnly; ..." */
    c->cookie = g_strndup(r.set_cookie, strcspn(r.set_cookie, ";"));
    c->secret = g_strdup(strchr(c->cookie, '=') + 1);
    c->csrf = g_strdup(json_string_value(json_object_get(r.out, "csrf_token")));
    c->user_id = (int64_t)json_integer_value(json_object_get(r.out, "user_id"));
    if (!c->csrf || c->user_id <= 0)
        die("sign in", "no csrf_token or user_id");
    vo_req_finish(fuzz_http.srv, &r);
    g_free(body);
}

static void make_org(void)
{
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    struct vo_arena a;
    vo_arena_init(&a, 0);
    if (vo_store_open(fuzz_http.db, VO_STORE_CREATE, &st, &e))
        die("store", e.msg);
    int64_t org = 0;
    const char *pw = NULL;
    struct vo_svc svc;
    if (vo_svc_org_create(st, "Fuzz", "Europe/Moscow", "RUB", "admin@example.com", NULL, &a, &org,
                          &pw, &e) ||
        vo_svc_init(&svc, st, org, &a, &e))
        die("org", e.msg);
    if (vo_svc_user_passwd(&svc, "admin@example.com", PASSWORD, NULL, &e))
        die("admin password", e.msg);
    static const struct vo_user_input users[] = {
        {"Ольга Руководитель", "head@example.com", "head", NULL, PASSWORD},
        {"Анна Менеджер", "anna@example.com", "manager", NULL, PASSWORD},
        {"Виктор Наблюдатель", "viewer@example.com", "viewer", NULL, PASSWORD},
    };
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
        int64_t id = 0;
        if (vo_svc_user_add(&svc, &users[i], &id, NULL, &e))
            die("user", e.msg);
    }
    vo_svc_cleanup(&svc);
    vo_store_close(st);
    vo_arena_cleanup(&a);
}

/* A few objects of every kind, made through the API (bodies as in
 * docs/api-crm.md and docs/api-config.md). */
static void make_objects(void)
{
    static const char *const posts[][2] = {
        {"/api/v1/teams", "{\"name\":\"Север\"}"},
        {"/api/v1/pipelines", "{\"name\":\"Продажи\"}"},
        {"/api/v1/pipelines/1/stages", "{\"name\":\"Новая\"}"},
        {"/api/v1/pipelines/1/stages", "{\"name\":\"Переговоры\",\"max_days\":14}"},
        {"/api/v1/products", "{\"name\":\"Лицензия\",\"category\":\"ПО\",\"price\":1500000}"},
        {"/api/v1/clients", "{\"name\":\"ООО Ромашка\",\"channel\":\"web\",\"region\":\"Москва\"}"},
        {"/api/v1/clients", "{\"name\":\"ИП Петров\",\"segment\":\"small\"}"},
        {"/api/v1/deals",
         "{\"title\":\"Поставка\",\"client_id\":1,\"amount\":1500000,\"pipeline\":1}"},
        {"/api/v1/deals", "{\"title\":\"Внедрение\",\"client_id\":2,\"amount\":300000,"
                          "\"pipeline\":1}"},
        {"/api/v1/activities",
         "{\"type\":\"call\",\"deal_id\":1,\"at\":\"2026-11-20 10:00\",\"duration_s\":300}"},
        {"/api/v1/tasks",
         "{\"title\":\"Перезвонить\",\"due_at\":\"2026-11-21 10:00\",\"deal_id\":1}"},
        {"/api/v1/payments", "{\"amount\":500000,\"deal_id\":1,\"paid_at\":\"2026-11-20\"}"},
        {"/api/v1/holidays", "{\"date\":\"2026-11-04\",\"name\":\"День единства\"}"},
        {"/api/v1/plans", "{\"period\":\"2026-11\",\"metric\":\"revenue\",\"target\":10000000}"},
        {"/api/v1/deals/2/win", "{\"amount\":300000}"},
    };
    for (size_t i = 0; i < sizeof posts / sizeof posts[0]; i++)
        json_decref(setup("POST", posts[i][0], posts[i][1]));
    for (int role = 0; role < FUZZ_ROLES; role++) {
        /* every scope: the targets try roles, ownership and credentials;
         * a token's scopes are test_api_access.c's */
        char *body = g_strdup_printf("{\"name\":\"fuzz %d\",\"user_id\":%lld,\"scopes\":"
                                     "[\"read\",\"write\",\"reports\",\"admin\"]}",
                                     role, (long long)fuzz_http.role[role].user_id);
        json_t *t = setup("POST", "/api/v1/tokens", body);
        const char *token = json_string_value(json_object_get(t, "token"));
        if (!token)
            die("token", body);
        fuzz_http.role[role].bearer = g_strdup_printf("Bearer %s", token);
        json_decref(t);
        g_free(body);
    }
}

static void make_web(void)
{
    fuzz_http.web_root = g_build_filename(fuzz_http.dir, "web", NULL);
    char *app = g_build_filename(fuzz_http.web_root, "app", NULL);
    if (g_mkdir_with_parents(app, 0700))
        die("web", app);
    static const char *const files[][2] = {
        {"index.html", "<!doctype html><title>voronka</title>"},
        {"app/main.js", "export const x = 1;"},
        {"package.json", "{\"secret\":true}"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char *p = g_build_filename(fuzz_http.web_root, files[i][0], NULL);
        if (!g_file_set_contents(p, files[i][1], -1, NULL))
            die("web", p);
        g_free(p);
    }
    g_free(app);
}

static void remove_wal(void)
{
    char *wal = g_strconcat(fuzz_http.db, "-wal", NULL);
    char *shm = g_strconcat(fuzz_http.db, "-shm", NULL);
    g_unlink(wal);
    g_unlink(shm);
    g_free(wal);
    g_free(shm);
}

void fuzz_http_init(bool with_web)
{
    if (fuzz_http.srv)
        return;
    fuzz_http.dir = g_dir_make_tmp("vo-fuzz-XXXXXX", NULL);
    if (!fuzz_http.dir)
        die("tmpdir", NULL);
    fuzz_http.db = g_build_filename(fuzz_http.dir, "fuzz.db", NULL);
    if (with_web)
        make_web();
    make_org();
    open_server();
    static const char *const emails[FUZZ_ROLES] = {"admin@example.com", "head@example.com",
                                                   "anna@example.com", "viewer@example.com"};
    for (int role = 0; role < FUZZ_ROLES; role++)
        sign_in((enum vo_role)role, emails[role]);
    make_objects();
    /* Every handle closed: SQLite checkpoints the WAL into the file. */
    vo_server_stop(fuzz_http.srv);
    fuzz_http.srv = NULL;
    remove_wal();
    gchar *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(fuzz_http.db, &data, &len, NULL))
        die("read", fuzz_http.db);
    fuzz_http.pristine = g_bytes_new_take(data, len);
    open_server();
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_http_init(fuzz_http_target.with_web);
    if (fuzz_http_target.init)
        fuzz_http_target.init();
    return 0;
}

void fuzz_http_reset(void)
{
    vo_server_stop(fuzz_http.srv);
    fuzz_http.srv = NULL;
    remove_wal();
    gsize len = 0;
    const char *data = g_bytes_get_data(fuzz_http.pristine, &len);
    if (!g_file_set_contents(fuzz_http.db, data, (gssize)len, NULL))
        die("write", fuzz_http.db);
    open_server();
}

const char *fuzz_http_error_code(const struct vo_req *r)
{
    json_t *err = r->out ? json_object_get(r->out, "error") : NULL;
    return err ? json_string_value(json_object_get(err, "code")) : NULL;
}

bool fuzz_http_role_refused(const struct vo_req *r)
{
    json_t *err = r->out ? json_object_get(r->out, "error") : NULL;
    const char *code = err ? json_string_value(json_object_get(err, "code")) : NULL;
    const char *msg = err ? json_string_value(json_object_get(err, "message")) : NULL;
    return r->status == 403 && code && strcmp(code, "forbidden") == 0 && msg &&
           strcmp(msg, "your role may not do this") == 0;
}

static void fail(const struct vo_req *r, const char *what, const char *why)
{
    char *text = r->out ? json_dumps(r->out, JSON_COMPACT) : NULL;
    fprintf(stderr, "fuzz property failed: %s: %s (%s %s: status %u, body %s)\n", what, why,
            r->method == VO_GET ? "GET" : "non-GET", r->path ? r->path : "(no path)", r->status,
            text          ? text
            : r->out_text ? "(text)"
                          : "(none)");
    abort();
}

void fuzz_http_check(const struct vo_req *r, const char *what)
{
    unsigned status = r->status ? r->status : 200;
    if (getenv("FUZZ_HTTP_VERBOSE")) { /* replaying an input: say what it got */
        char *text = r->out ? json_dumps(r->out, JSON_COMPACT) : NULL;
        fprintf(stderr, "fuzz_http: %s -> %u %.300s\n", r->path ? r->path : "(no path)", status,
                text          ? text
                : r->out_text ? r->out_text
                              : "(no JSON body)");
        free(text);
    }
    if (status < 100 || status > 599)
        fail(r, what, "status out of range");
    if (status >= 500)
        fail(r, what, "a 5xx status");
    if (r->out) {
        char *text = json_dumps(r->out, JSON_COMPACT);
        if (!text)
            fail(r, what, "the JSON body does not encode (the server would send a 500)");
        free(text);
    } else if (!r->out_text && !r->out_bytes) {
        fail(r, what, "no body (the server would send the fallback 500)");
    }
    if (status < 400)
        return;
    /* The one error answer of another shape (docs/api-config.md): an
     * import with problems is 422 with its report, nothing committed. */
    if (status == 422 && r->path && strcmp(r->path, "/api/v1/import") == 0 && r->out &&
        json_array_size(json_object_get(r->out, "problems")) > 0 &&
        json_is_false(json_object_get(r->out, "committed")))
        return;
    json_t *err = r->out ? json_object_get(r->out, "error") : NULL;
    if (!r->out || json_object_size(r->out) != 1 || !json_is_object(err))
        fail(r, what, "an error without the {\"error\":{...}} body");
    json_t *code = json_object_get(err, "code"), *msg = json_object_get(err, "message"),
           *field = json_object_get(err, "field");
    if (!json_is_string(code) || !json_string_length(code))
        fail(r, what, "error.code is not a non-empty string");
    if (!json_is_string(msg) || !json_string_length(msg))
        fail(r, what, "error.message is not a non-empty string");
    if (!field || !(json_is_null(field) || json_is_string(field)))
        fail(r, what, "error.field is not a string or null");
    json_t *id = json_object_get(err, "message_id"), *ru = json_object_get(err, "message_ru");
    if (!id || !(json_is_null(id) || json_is_string(id)) || !ru ||
        !(json_is_null(ru) || json_is_string(ru)))
        fail(r, what, "error.message_id or error.message_ru is not a string or null");
    if (json_object_size(err) != 5)
        fail(r, what, "error has keys other than code, message, field, message_id, message_ru");
}
