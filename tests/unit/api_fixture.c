/*
 * api_fixture.c - the JSON API suites' shared set-up (api_fixture.h).
 */
#include "api_fixture.h"

#include "http/http.h"
#include "service/service.h"
#include "store/store.h"

#include <glib.h>
#include <string.h>

struct vo_test_company vo_api;

void vo_api_start(struct vo_server_opts *o, void (*extra)(struct vo_store *st, struct vo_svc *svc))
{
    struct vo_server_opts def = {.threads = 2, .body_limit = 64 * 1024};
    vo_test_company_start(&vo_api, o ? o : &def, extra);
}

void vo_api_stop(void)
{
    vo_test_company_stop(&vo_api);
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

int64_t vo_api_count(const char *table)
{
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(vo_api.db_path, VO_STORE_NO_MIGRATE, &st, &e), VO_OK, "%s", e.msg);
    int64_t n = -1;
    cr_assert_eq(vo_store_count(st, 1, table, &n, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
    return n;
}

void vo_api_expect(const struct vo_test_login *l, const char *method, const char *path,
                   const char *body, int status, const char *field, const char *what)
{
    struct vo_test_resp r = l ? vo_test_as(vo_api.port, l, method, path, body)
                              : vo_test_http(vo_api.port, method, path, NULL, NULL, NULL, body);
    vo_test_expect(&r, status, field, what);
    vo_test_resp_free(&r);
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
