/*
 * test_api_documents.c - the scripts and standards library through the
 * real HTTP server (issue 14, item 3; docs/library.md): a script with a
 * second version and the line diff between them worked out by hand, a
 * manager's acknowledgement of a required document and a new version
 * making it due again (the unread filter and the head's table follow),
 * who writes and reads what (a manager writes nothing: 403; another org's
 * document is 404), the bounds naming the field, and the search finding a
 * Cyrillic word typed in another case.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "api_fixture.h"
#include "http/http.h"
#include "service/documents.h"
#include "testutil.h"

static void setup(void)
{
    /* a 200,000-byte text fits in a request's body */
    struct vo_server_opts o = {.threads = 2, .body_limit = 512 * 1024};
    vo_api_start_crm(&o, true, NULL);
}

TestSuite(api_documents, .init = setup, .fini = vo_api_stop, .timeout = 120);

#define DOCS "/api/v1/documents"

static const char *doc(int64_t id, const char *rest)
{
    return vo_api_fmt(DOCS "/%lld%s", (long long)id, rest);
}

/* The first version and the second: line 3 reworded, a line added before
 * the last. */
#define V1                                                                                         \
    "Здравствуйте, меня зовут Анна.\n"                                    \
    "Компания «Ромашка», отдел продаж.\n"                              \
    "Удобно говорить?\n"                                                             \
    "Расскажу о скидке.\n"                                                          \
    "До свидания.\n"
#define V2                                                                                         \
    "Здравствуйте, меня зовут Анна.\n"                                    \
    "Компания «Ромашка», отдел продаж.\n"                              \
    "Удобно ли вам сейчас говорить?\n"                                    \
    "Расскажу о скидке.\n"                                                          \
    "Уточню бюджет.\n"                                                                 \
    "До свидания.\n"

/* A JSON string of text (a new reference). */
static char *json_text(const char *text)
{
    json_t *s = json_string(text);
    char *t = json_dumps(s, JSON_ENCODE_ANY);
    json_decref(s);
    return t;
}

/* The head's new document of kind with body, required or not; its id. */
static int64_t create(const char *kind, const char *title, bool required, const char *body)
{
    char *b = json_text(body);
    int64_t id =
        vo_api_create(vo_api_user("head"), DOCS,
                      vo_api_fmt("{\"kind\":\"%s\",\"title\":\"%s\",\"required\":%s,\"body\":%s}",
                                 kind, title, required ? "true" : "false", b));
    free(b);
    return id;
}

/* Publishes body as the head with note: its number. */
static int64_t publish(int64_t id, const char *body, const char *note)
{
    char *b = json_text(body);
    struct vo_test_resp r = as(vo_api_user("head"), "POST", doc(id, "/versions"),
                               vo_api_fmt("{\"body\":%s,\"note\":\"%s\"}", b, note));
    free(b);
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t n = jint(r.json, "number");
    vo_test_resp_free(&r);
    return n;
}

/* GET path as l, which must answer 200 (a new reference). */
static json_t *get(const struct vo_test_login *l, const char *path)
{
    struct vo_test_resp r = as(l, "GET", path, NULL);
    cr_assert_eq(r.status, 200, "%s: %s", path, r.body);
    json_t *j = json_incref(r.json);
    vo_test_resp_free(&r);
    return j;
}

/* The number of items of the list at path as l. */
static size_t count(const struct vo_test_login *l, const char *path)
{
    json_t *j = get(l, path);
    size_t n = json_array_size(json_object_get(j, "items"));
    json_decref(j);
    return n;
}

/* The acknowledgement row of user in an acks answer (NULL: none). */
static json_t *ack_of(json_t *acks, int64_t user)
{
    json_t *u;
    size_t i;
    json_array_foreach(json_object_get(acks, "users"), i,
                       u) if (jint(u, "user_id") == user) return u;
    return NULL;
}

Test(api_documents, a_script_two_versions_and_their_diff)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna");
    int64_t id = create("script", "Холодный звонок", false, V1);
    json_t *d = get(anna, doc(id, ""));
    cr_assert_str_eq(jstr(d, "kind"), "script");
    cr_assert_str_eq(jstr(d, "title"), "Холодный звонок");
    cr_assert_eq(jint(d, "version"), 1);
    cr_assert_str_eq(jstr(d, "body"), V1);
    cr_assert(json_is_false(json_object_get(d, "required")));
    cr_assert(json_is_false(json_object_get(d, "unread")), "not required: nothing due");
    json_decref(d);

    cr_assert_eq(publish(id, V2, "Мягче вопрос, бюджет"), 2);
    d = get(anna, doc(id, ""));
    cr_assert_eq(jint(d, "version"), 2);
    cr_assert_str_eq(jstr(d, "body"), V2);
    json_decref(d);

    /* the history: who, when, the note; the bodies by number */
    json_t *vs = get(anna, doc(id, "/versions"));
    json_t *items = json_object_get(vs, "items");
    cr_assert_eq(json_array_size(items), 2);
    cr_assert_eq(jint(json_array_get(items, 0), "number"), 1);
    cr_assert_eq(jint(json_array_get(items, 1), "number"), 2);
    cr_assert_str_eq(jstr(json_array_get(items, 1), "note"), "Мягче вопрос, бюджет");
    cr_assert_eq(jint(json_array_get(items, 1), "author_id"), vo_api.head_id);
    cr_assert_eq(jint(json_array_get(items, 0), "bytes"), (json_int_t)strlen(V1));
    json_decref(vs);
    json_t *v1 = get(anna, doc(id, "/versions/1"));
    cr_assert_str_eq(jstr(v1, "body"), V1);
    json_decref(v1);

    /* the diff by hand: lines 1, 2 and 4 of V1 are lines 1, 2 and 4 of V2,
     * V1's 5 is V2's 6; V1's line 3 was deleted, V2's 3 and 5 inserted */
    json_t *df = get(anna, doc(id, "/diff?from=1&to=2"));
    cr_assert_eq(jint(df, "deleted"), 1);
    cr_assert_eq(jint(df, "inserted"), 2);
    cr_assert_eq(jint(df, "old_lines"), 5);
    cr_assert_eq(jint(df, "new_lines"), 6);
    json_t *lines = json_object_get(df, "lines");
    cr_assert_eq(json_array_size(lines), 3, "%s", json_dumps(df, 0));
    json_t *l0 = json_array_get(lines, 0), *l1 = json_array_get(lines, 1),
           *l2 = json_array_get(lines, 2);
    cr_assert_str_eq(jstr(l0, "op"), "delete");
    cr_assert_eq(jint(l0, "old"), 3);
    cr_assert(json_is_null(json_object_get(l0, "new")));
    cr_assert_str_eq(jstr(l0, "text"), "Удобно говорить?");
    cr_assert_str_eq(jstr(l1, "op"), "insert");
    cr_assert_eq(jint(l1, "new"), 3);
    cr_assert_str_eq(jstr(l1, "text"), "Удобно ли вам сейчас говорить?");
    cr_assert_str_eq(jstr(l2, "op"), "insert");
    cr_assert_eq(jint(l2, "new"), 5);
    cr_assert_str_eq(jstr(l2, "text"), "Уточню бюджет.");
    json_decref(df);
    /* backwards: the same lines the other way round */
    df = get(anna, doc(id, "/diff?from=2&to=1"));
    cr_assert_eq(jint(df, "deleted"), 2);
    cr_assert_eq(jint(df, "inserted"), 1);
    json_decref(df);
    df = get(anna, doc(id, "/diff?from=2&to=2"));
    cr_assert_eq(json_array_size(json_object_get(df, "lines")), 0);
    json_decref(df);

    char *same = json_text(V2);
    struct vo_api_case cases[] = {
        {head, "POST", doc(id, "/versions"), vo_api_fmt("{\"body\":%s}", same), 409, "body",
         "the same text again"},
        {anna, "GET", doc(id, "/diff?from=1&to=3"), NULL, 422, "to", "no version 3"},
        {anna, "GET", doc(id, "/diff?from=0&to=2"), NULL, 422, "from", "no version 0"},
        {anna, "GET", doc(id, "/diff?to=2"), NULL, 422, "from", "from is required"},
        {anna, "GET", doc(id, "/versions/3"), NULL, 404, "n", "no version 3"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    free(same);
    cr_assert_eq(vo_api_audit("document.create", "document", vo_api.head_id), 1);
    cr_assert_eq(vo_api_audit("document.version", "document", vo_api.head_id), 1);
    cr_assert_eq(count(anna, doc(id, "/versions")), 2, "the refused version wrote nothing");
}

/* l's document_version notifications, newest first: "<document id>:<version>"
 * joined by spaces (g_free). */
static char *doc_notes(const struct vo_test_login *l)
{
    json_t *j = get(l, "/api/v1/notifications");
    GString *s = g_string_new("");
    json_t *n;
    size_t i;
    json_array_foreach(json_object_get(j, "items"), i, n)
    {
        if (strcmp(jstr(n, "kind"), "document_version") != 0)
            continue;
        cr_assert_str_eq(jstr(n, "object"), "document");
        json_t *p = json_object_get(n, "payload");
        cr_assert_eq(jint(p, "document_id"), jint(n, "object_id"));
        g_string_append_printf(s, "%s%lld:%lld", s->len ? " " : "",
                               (long long)jint(p, "document_id"), (long long)jint(p, "version"));
    }
    json_decref(j);
    return g_string_free(s, FALSE);
}

static void expect_doc_notes(const struct vo_test_login *l, const char *want)
{
    char *got = doc_notes(l);
    cr_assert_str_eq(got, want, "the document notifications");
    g_free(got);
}

Test(api_documents, a_new_version_makes_the_acknowledgement_due_again)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna"),
                               *viewer = vo_api_user("viewer");
    int64_t id = create("regulation", "Регламент работы с CRM", true, "Каждая сделка в CRM.\n");
    int64_t std = create("standard", "Стандарт внешнего вида", false, "Деловой стиль.\n");
    cr_assert_eq(count(anna, DOCS), 2);
    /* the required one is announced to each active manager, the head reads
     * nothing of it */
    char *v1 = g_strdup_printf("%lld:1", (long long)id);
    expect_doc_notes(anna, v1);
    expect_doc_notes(vo_api_user("boris"), v1);
    expect_doc_notes(head, "");
    cr_assert_eq(count(anna, DOCS "?unread=1"), 1, "the required one is due");
    cr_assert_eq(count(anna, DOCS "?required=1"), 1);
    cr_assert_eq(count(anna, DOCS "?required=0"), 1);

    struct vo_test_resp r = as(anna, "POST", doc(id, "/ack"), NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_assert(json_is_true(json_object_get(r.json, "acknowledged")));
    cr_assert(json_is_false(json_object_get(r.json, "unread")));
    vo_test_resp_free(&r);
    vo_api_expect(anna, "POST", doc(id, "/ack"), NULL, 200, NULL, "again: nothing new");
    cr_assert_eq(vo_api_audit("document.ack", "document", vo_api.manager_id), 1);
    cr_assert_eq(count(anna, DOCS "?unread=1"), 0);

    /* the head's table: anna has read version 1, boris has not */
    json_t *a = get(head, doc(id, "/acks"));
    cr_assert_eq(jint(a, "version"), 1);
    cr_assert_eq(jint(a, "total"), 2, "the two active managers");
    cr_assert_eq(jint(a, "acknowledged"), 1);
    json_t *u = ack_of(a, vo_api.manager_id);
    cr_assert(u && json_is_true(json_object_get(u, "acknowledged")));
    cr_assert(json_is_string(json_object_get(u, "at")));
    u = ack_of(a, vo_api_boris_id);
    cr_assert(u && json_is_false(json_object_get(u, "acknowledged")));
    cr_assert(json_is_null(json_object_get(u, "last_version")));
    json_decref(a);

    /* version 2: due again for anna; her version 1 is remembered */
    cr_assert_eq(publish(id, "Каждая сделка и каждый звонок в CRM.\n", "Звонки тоже"), 2);
    char *v2 = g_strdup_printf("%lld:2 %s", (long long)id, v1);
    expect_doc_notes(anna, v2);
    cr_assert_eq(count(anna, DOCS "?unread=1"), 1, "a new version is due again");
    json_t *d = get(anna, doc(id, ""));
    cr_assert(json_is_false(json_object_get(d, "acknowledged")));
    cr_assert(json_is_true(json_object_get(d, "unread")));
    json_decref(d);
    a = get(viewer, doc(id, "/acks"));
    cr_assert_eq(jint(a, "version"), 2);
    cr_assert_eq(jint(a, "acknowledged"), 0);
    u = ack_of(a, vo_api.manager_id);
    cr_assert(json_is_false(json_object_get(u, "acknowledged")));
    cr_assert(json_is_null(json_object_get(u, "at")));
    cr_assert_eq(jint(u, "last_version"), 1);
    json_decref(a);
    vo_api_expect(anna, "POST", doc(id, "/ack"), NULL, 200, NULL, "version 2");
    a = get(head, doc(id, "/acks"));
    cr_assert_eq(jint(a, "acknowledged"), 1);
    cr_assert_eq(jint(ack_of(a, vo_api.manager_id), "last_version"), 2);
    json_decref(a);

    /* archived: out of the list, nothing to acknowledge */
    vo_api_expect(head, "PATCH", doc(id, ""), "{\"archived\":true}", 200, NULL, "archive");
    cr_assert_eq(count(anna, DOCS), 1);
    cr_assert_eq(count(anna, DOCS "?archived=1"), 1);
    vo_api_expect(anna, "POST", doc(id, "/ack"), NULL, 409, "id", "an archived document");
    /* back from the archive: version 2 was announced already */
    vo_api_expect(head, "PATCH", doc(id, ""), "{\"archived\":false}", 200, NULL, "unarchive");
    expect_doc_notes(anna, v2);
    /* the standard made required: its version 1 announced */
    vo_api_expect(head, "PATCH", doc(std, ""), "{\"required\":true}", 200, NULL, "required");
    char *v3 = g_strdup_printf("%lld:1 %s", (long long)std, v2);
    expect_doc_notes(anna, v3);
    g_free(v1);
    g_free(v2);
    g_free(v3);
}

Test(api_documents, who_writes_reads_and_acknowledges)
{
    const struct vo_test_login *head = vo_api_user("head"), *anna = vo_api_user("anna"),
                               *viewer = vo_api_user("viewer"), *admin = vo_api_user("admin");
    int64_t id = create("objections", "Дорого", true, "Сравните с ценой простоя.\n");

    /* a document of another org */
    struct vo_store *st = vo_api_open(0);
    struct vo_arena ar;
    vo_arena_init(&ar, 0);
    struct vo_error e = {0};
    int64_t org2 = 0, other = 0;
    const char *pw = NULL;
    cr_assert_eq(vo_svc_org_create(st, "Другая", "Europe/Moscow", "RUB", "x@other.ru", NULL, &ar,
                                   &org2, &pw, &e),
                 VO_OK, "%s", e.msg);
    struct vo_svc svc2;
    cr_assert_eq(vo_svc_init(&svc2, st, org2, &ar, &e), VO_OK, "%s", e.msg);
    struct vo_document_input in = {
        .kind = "script", .title = "Чужой скрипт", .required = true, .body = "Чужое.\n"};
    cr_assert_eq(vo_svc_document_create(&svc2, &in, &other, &e), VO_OK, "%s", e.msg);
    vo_svc_cleanup(&svc2);
    vo_store_close(st);
    vo_arena_cleanup(&ar);

    struct vo_api_case cases[] = {
        {anna, "POST", DOCS, "{\"kind\":\"script\",\"title\":\"Моё\",\"body\":\"x\"}", 403, NULL,
         "a manager creates nothing"},
        {anna, "PATCH", doc(id, ""), "{\"title\":\"Моё\"}", 403, NULL, "nor changes"},
        {anna, "POST", doc(id, "/versions"), "{\"body\":\"y\"}", 403, NULL, "nor publishes"},
        {anna, "GET", doc(id, "/acks"), NULL, 403, NULL, "nor reads the table"},
        {viewer, "POST", DOCS, "{\"kind\":\"script\",\"title\":\"Моё\",\"body\":\"x\"}", 403, NULL,
         "a viewer writes nothing"},
        {viewer, "POST", doc(id, "/ack"), NULL, 403, NULL, "and acknowledges nothing"},
        {head, "POST", doc(id, "/ack"), NULL, 403, NULL, "the head does not acknowledge"},
        {admin, "PATCH", doc(id, ""), "{\"kind\":\"standard\",\"required\":false}", 200, NULL,
         "an administrator writes"},
        {viewer, "GET", doc(id, ""), NULL, 200, NULL, "a viewer reads"},
        {head, "GET", doc(other, ""), NULL, 404, "id", "another org's document"},
        {anna, "GET", doc(other, ""), NULL, 404, "id", "another org's document"},
        {head, "PATCH", doc(other, ""), "{\"title\":\"Моё\"}", 404, "id", "is not changed"},
        {head, "POST", doc(other, "/versions"), "{\"body\":\"y\"}", 404, "id", "nor published"},
        {head, "GET", doc(other, "/versions"), NULL, 404, "id", "nor its versions"},
        {head, "GET", doc(other, "/versions/1"), NULL, 404, "id", "nor one"},
        {head, "GET", doc(other, "/diff?from=1&to=1"), NULL, 404, "id", "nor a diff"},
        {head, "GET", doc(other, "/acks"), NULL, 404, "id", "nor its table"},
        {anna, "POST", doc(other, "/ack"), NULL, 404, "id", "nor acknowledged"},
        /* bytes that are no UTF-8 text are refused before any store
         * (PostgreSQL would refuse them with a 503) */
        {head, "GET", DOCS "?q=%E2%82", NULL, 422, "q", "a search that is not UTF-8 text"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    cr_assert_eq(count(head, DOCS), 1, "the org's own only");
    json_t *d = get(anna, doc(id, ""));
    cr_assert_str_eq(jstr(d, "kind"), "standard");
    cr_assert(json_is_false(json_object_get(d, "required")));
    json_decref(d);
    cr_assert_eq(vo_api_audit("document.update", "document", vo_api.admin_id), 1);
}

Test(api_documents, bounds_name_the_field)
{
    const struct vo_test_login *head = vo_api_user("head");
    int64_t id = create("script", "Входящий звонок", false, "Добрый день!\n");
    char *t200 = vo_api_repeat("{\"kind\":\"script\",\"body\":\"x\",\"title\":\"", "щ", 200);
    char *t201 = vo_api_repeat("{\"kind\":\"script\",\"body\":\"x\",\"title\":\"", "щ", 201);
    char *b200k = vo_api_repeat("{\"body\":\"", "a", VO_DOC_BODY_MAX);
    char *b200k1 = vo_api_repeat("{\"body\":\"", "a", VO_DOC_BODY_MAX + 1);
    char *n501 = vo_api_repeat("{\"body\":\"z\",\"note\":\"", "я", 501);
    struct vo_api_case cases[] = {
        {head, "POST", DOCS, "{\"kind\":\"script\",\"title\":\"\",\"body\":\"x\"}", 422, "title",
         "an empty title"},
        {head, "POST", DOCS, "{\"kind\":\"script\",\"body\":\"x\"}", 422, "title", "no title"},
        {head, "POST", DOCS, vo_api_fmt("%s\"}", t201), 422, "title", "201 characters"},
        {head, "POST", DOCS, vo_api_fmt("%s\"}", t200), 201, NULL, "200 characters"},
        {head, "POST", DOCS, "{\"kind\":\"memo\",\"title\":\"x\",\"body\":\"x\"}", 422, "kind",
         "an unknown kind"},
        {head, "POST", DOCS, "{\"title\":\"x\",\"body\":\"x\"}", 422, "kind", "no kind"},
        {head, "POST", DOCS, "{\"kind\":\"script\",\"title\":\"x\"}", 422, "body", "no body"},
        {head, "POST", DOCS, "{\"kind\":\"script\",\"title\":\"x\",\"body\":\"x\",\"extra\":1}",
         422, "extra", "an unknown field"},
        {head, "POST", doc(id, "/versions"), vo_api_fmt("%s\"}", b200k1), 422, "body",
         "200,001 bytes"},
        {head, "POST", doc(id, "/versions"), vo_api_fmt("%s\"}", b200k), 201, NULL,
         "200,000 bytes"},
        {head, "POST", doc(id, "/versions"), vo_api_fmt("%s\"}", n501), 422, "note",
         "a 501-character note"},
        {head, "POST", doc(id, "/versions"), "{\"body\":\"\"}", 422, "body", "an empty body"},
        {head, "PATCH", doc(id, ""), "{\"kind\":\"memo\"}", 422, "kind", "PATCH: unknown kind"},
        {head, "PATCH", doc(id, ""), "{\"title\":\"\"}", 422, "title", "PATCH: empty title"},
        {head, "PATCH", doc(id, ""), "{\"kind\":[\"script\"]}", 422, "kind",
         "PATCH: a list for a text"},
        {head, "PATCH", doc(id, ""), "{\"required\":\"yes\"}", 422, "required", "not a boolean"},
        {head, "GET", DOCS "?kind=memo", NULL, 422, "kind", "filter: unknown kind"},
        {head, "GET", DOCS "?unread=maybe", NULL, 422, "unread", "filter: not a flag"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    g_free(t200);
    g_free(t201);
    g_free(b200k);
    g_free(b200k1);
    g_free(n501);
    cr_assert_eq(count(head, DOCS), 2);
}

Test(api_documents, the_search_folds_cyrillic_case)
{
    const struct vo_test_login *anna = vo_api_user("anna");
    int64_t a = create("objections", "Работа с возражением «Дорого»", false,
                       "Спросите, с чем клиент сравнивает.\nНазовите выгоду в рублях.\n");
    int64_t b = create("script", "Скрипт повторного звонка", false, "Напомните о КП.\n");
    struct {
        const char *q;
        int64_t want; /* 0: none */
    } cases[] = {
        {"%D0%92%D0%AB%D0%93%D0%9E%D0%94%D0%A3", a}, /* ВЫГОДУ: a's body */
        {"%D0%B4%D0%BE%D1%80%D0%BE%D0%B3%D0%BE", a}, /* дорого: a's title */
        {"%D0%9F%D0%9E%D0%92%D0%A2%D0%9E%D0%A0%D0%9D%D0%9E%D0%93%D0%9E", b}, /* ПОВТОРНОГО */
        {"%D0%BA%D0%BF", b},                                                 /* кп: b's body */
        {"%D1%80%D0%BE%D0%BC%D0%B0%D1%88%D0%BA%D0%B0", 0}, /* ромашка: none */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        json_t *j = get(anna, vo_api_fmt(DOCS "?q=%s", cases[i].q));
        json_t *items = json_object_get(j, "items");
        cr_assert_eq(json_array_size(items), cases[i].want ? 1u : 0u, "q=%s", cases[i].q);
        if (cases[i].want)
            cr_assert_eq(jint(json_array_get(items, 0), "id"), cases[i].want, "q=%s", cases[i].q);
        json_decref(j);
    }
    /* with a kind */
    cr_assert_eq(count(anna, DOCS "?kind=script&q=%D0%B4%D0%BE%D1%80%D0%BE%D0%B3%D0%BE"), 0);
    cr_assert_eq(count(anna, DOCS "?kind=objections&q=%D0%B4%D0%BE%D1%80%D0%BE%D0%B3%D0%BE"), 1);
    /* a search in the old version's text finds nothing: only the current */
    publish(b, "Напомните о предложении.\n", "");
    cr_assert_eq(count(anna, DOCS "?q=%D0%BA%D0%BF"), 0);
}
