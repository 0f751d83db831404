/*
 * test_sync.c - the sync from amoCRM and Bitrix24 (service/crm_sync.h;
 * docs/sync.md) against recorded answers of their REST APIs
 * (tests/data/sync/) served by a fake server in the test: the deals,
 * stages, users, companies and stage passages imported with the figures
 * worked out by hand from those answers, the cursor and the second,
 * incremental run, the sealed credentials, the refusals.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "fake_server.h"
#include "fixture.h"
#include "io/rest_get.h"
#include "service/crm_sync.h"
#include "testutil.h"

/* ---- the recorded answers ---- */

static struct {
    pthread_mutex_t lock;
    GPtrArray *targets; /* under lock: every request's target */
    char auth[256];     /* under lock: the last Authorization header */
    int throttle;       /* under lock: 429s still to answer */
} seen = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int answer_file(const char *dir, const char *name, GString *out)
{
    char *path = g_build_filename(vo_test_source_dir(), "tests", "data", "sync", dir, name, NULL);
    gchar *text = NULL;
    gsize len = 0;
    bool ok = g_file_get_contents(path, &text, &len, NULL);
    g_free(path);
    if (!ok)
        return 500;
    g_string_append_len(out, text, (gssize)len);
    g_free(text);
    return 200;
}

/* amoCRM's API at /api/v4 (Bearer token "amo-token"), and Bitrix24's
 * webhook at /rest/1/bx-key/. */
static int crm(const struct vo_fake_req *req, GString *out, void *ctx)
{
    (void)ctx;
    const char *t = req->target;
    char auth[256];
    vo_fake_header(req->head, "Authorization", auth, sizeof auth);
    pthread_mutex_lock(&seen.lock);
    g_ptr_array_add(seen.targets, g_strdup(t));
    g_strlcpy(seen.auth, auth, sizeof seen.auth);
    bool throttle = seen.throttle > 0;
    if (throttle)
        seen.throttle--;
    pthread_mutex_unlock(&seen.lock);
    if (throttle) {
        g_string_append(out, "{\"title\":\"Too Many Requests\",\"status\":429}");
        return 429;
    }
    bool page2 = strstr(t, "page=2") != NULL, since = strstr(t, "%5Bfrom%5D") != NULL;
    if (g_str_has_prefix(t, "/api/v4/")) {
        if (strcmp(auth, "Bearer amo-token") != 0) {
            g_string_append(out, "{\"title\":\"Unauthorized\",\"status\":401}");
            return 401;
        }
        if (g_str_has_prefix(t, "/api/v4/users?"))
            return answer_file("amocrm", "users.json", out);
        if (g_str_has_prefix(t, "/api/v4/leads/pipelines?"))
            return answer_file("amocrm", "pipelines.json", out);
        if (g_str_has_prefix(t, "/api/v4/leads?"))
            return since ? (page2 ? 204 : answer_file("amocrm", "leads_since.json", out))
                         : answer_file("amocrm", page2 ? "leads_2.json" : "leads_1.json", out);
        if (g_str_has_prefix(t, "/api/v4/companies?"))
            return answer_file("amocrm", "companies.json", out);
        if (g_str_has_prefix(t, "/api/v4/events?"))
            return page2 ? 204
                         : answer_file("amocrm", since ? "events_since.json" : "events.json", out);
        return 404;
    }
    if (!g_str_has_prefix(t, "/rest/1/bx-key/")) {
        g_string_append(out, "{\"error\":\"INVALID_CREDENTIALS\"}");
        return 401;
    }
    t += strlen("/rest/1/bx-key/");
    if (g_str_has_prefix(t, "user.get?"))
        return answer_file("bitrix24", "user.get.json", out);
    if (g_str_has_prefix(t, "crm.category.list?"))
        return answer_file("bitrix24", "crm.category.list.json", out);
    if (g_str_has_prefix(t, "crm.status.list?"))
        return answer_file("bitrix24",
                           strstr(t, "DEAL_STAGE_3") ? "crm.status.list.DEAL_STAGE_3.json"
                                                     : "crm.status.list.DEAL_STAGE.json",
                           out);
    if (g_str_has_prefix(t, "crm.deal.list?"))
        return answer_file("bitrix24",
                           strstr(t, "start=2") ? "crm.deal.list.2.json" : "crm.deal.list.0.json",
                           out);
    if (g_str_has_prefix(t, "crm.company.list?"))
        return answer_file("bitrix24", "crm.company.list.json", out);
    if (g_str_has_prefix(t, "crm.stagehistory.list?"))
        return answer_file("bitrix24", "crm.stagehistory.list.json", out);
    return 404;
}

/* ---- the suite ---- */

static struct vo_fx_org o;
static int port;
static unsigned char key[VO_SYNC_KEY_BYTES];

static void setup(void)
{
    seen.targets = g_ptr_array_new_with_free_func(g_free);
    seen.throttle = 0;
    port = vo_fake_start(crm, NULL);
    cr_assert_gt(port, 0);
    vo_rest_retry_ms = 0;
    vo_fx_org_open(&o);
    cr_assert_geq(sodium_init(), 0);
    randombytes_buf(key, sizeof key);
}

static void teardown(void)
{
    vo_fx_org_close(&o);
    vo_fake_stop();
    g_ptr_array_free(seen.targets, TRUE);
}

TestSuite(sync, .init = setup, .fini = teardown, .timeout = 60);

/* The org's database (vo_test_db: the file or the URL; g_free). */
static char *db_path(void)
{
    return vo_test_db(o.dir, "test.db");
}

/* The first column of sql's first row, which must exist, in the org's
 * database: an integer (-1 for NULL), a text ("" for NULL; g_free). */
static int64_t sql_int(const char *sql)
{
    char *path = db_path();
    int64_t v = vo_test_sql_int(path, sql);
    g_free(path);
    return v;
}

static char *sql_text(const char *sql)
{
    char *path = db_path();
    char *t = vo_test_sql_text(path, sql);
    g_free(path);
    return t ? t : g_strdup("");
}

static int64_t add_source(const char *kind, const char *url, const char *token)
{
    struct vo_sync_input in = {.name = kind, .kind = kind, .url = url, .token = token};
    struct vo_sync_source s;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_sync_add(&o.svc, &in, key, &s, &e), VO_OK, "%s", e.msg);
    return s.id;
}

static int64_t amo_source(void)
{
    return add_source("amocrm", vo_arena_printf(&o.a, "http://127.0.0.1:%d/", port), "amo-token");
}

static void run_ok(int64_t id, const struct vo_sync_opts *opts, struct vo_sync_report *rep)
{
    struct vo_error e = {0};
    vo_err rc = vo_svc_sync_run(&o.svc, id, key, opts, rep, &e);
    for (size_t i = 0; i < rep->import.problems.n; i++)
        cr_log_error("%s:%lld: %s: %s", rep->import.problems.v[i].file,
                     (long long)rep->import.problems.v[i].line,
                     rep->import.problems.v[i].column ? rep->import.problems.v[i].column : "",
                     rep->import.problems.v[i].msg);
    cr_assert_eq(rc, VO_OK, "%s", e.msg);
}

static int64_t deal_amount(const char *ext)
{
    return sql_int(vo_arena_printf(&o.a, "SELECT amount FROM deals WHERE ext_id = '%s'", ext));
}

Test(sync, amocrm_first_run_imports_the_leads_with_their_figures)
{
    int64_t id = amo_source();
    struct vo_sync_report rep;
    run_ok(id, NULL, &rep);
    /* users, pipelines, 2 pages of leads, companies, events */
    cr_assert_eq(rep.requests, 6);
    cr_assert_eq(rep.deals, 4);
    /* 5001: 31, 32 (142 is won: no stage); 5002: 31; 5003: 31, 32;
     * lead 9999 is not among the leads read */
    cr_assert_eq(rep.stage_changes, 5);
    cr_assert(rep.import.committed);
    cr_assert_eq(sql_int("SELECT count(*) FROM deals"), 4);
    cr_assert_eq(sql_int("SELECT count(*) FROM deals WHERE status = 'won'"), 1);
    cr_assert_eq(deal_amount("5001"), 12000000); /* 120 000 ₽ in kopecks */
    cr_assert_eq(sql_int("SELECT sum(amount) FROM deals"),
                 (120000 + 45000 + 80000 + 30000) * 100LL);
    char *reason = sql_text("SELECT loss_reason FROM deals WHERE ext_id = '5002'");
    cr_assert_str_eq(reason, "Дорого");
    g_free(reason);
    /* the stages in amoCRM's sort order, won and lost not among them */
    char *stages = sql_text(vo_test_dialect(
        "SELECT group_concat(name, '|') FROM (SELECT s.name FROM stages s "
        "JOIN pipelines p ON p.id = s.pipeline_id WHERE p.name = 'Продажи' ORDER BY s.position)",
        "SELECT string_agg(s.name, '|' ORDER BY s.position) FROM stages s "
        "JOIN pipelines p ON p.id = s.pipeline_id WHERE p.name = 'Продажи'"));
    cr_assert_str_eq(stages, "Первичный контакт|Переговоры|Принимают решение");
    g_free(stages);
    char *stage = sql_text("SELECT s.name FROM deals d JOIN stages s ON s.id = d.stage_id "
                           "WHERE d.ext_id = '5003'");
    cr_assert_str_eq(stage, "Переговоры");
    g_free(stage);
    /* the owner by email, the client by the company's name */
    char *owner = sql_text("SELECT u.email FROM deals d JOIN users u ON u.id = d.owner_id "
                           "WHERE d.ext_id = '5004'");
    cr_assert_str_eq(owner, "vera@example.ru");
    g_free(owner);
    char *client = sql_text("SELECT c.name FROM deals d JOIN clients c ON c.id = d.client_id "
                            "WHERE d.ext_id = '5002'");
    cr_assert_str_eq(client, "АО Ромашка");
    g_free(client);
    cr_assert_eq(sql_int("SELECT count(*) FROM clients"), 2);
    cr_assert_eq(sql_int("SELECT count(*) FROM deals WHERE client_id IS NULL"), 1); /* 5003 */
    cr_assert_eq(sql_int("SELECT count(*) FROM stage_changes sc JOIN deals d ON d.id = "
                         "sc.deal_id WHERE d.ext_id = '5003'"),
                 2);
    /* the cursor is the last updated_at read: 2026-03-29 15:00 UTC */
    cr_assert_eq(sql_int("SELECT cursor FROM sync_sources"), 1774796400);
    char *st = sql_text("SELECT last_status FROM sync_sources");
    cr_assert_str_eq(st, "ok");
    g_free(st);
    cr_assert_str_eq(seen.auth, "Bearer amo-token");
}

Test(sync, amocrm_second_run_reads_only_the_changes_and_moves_the_deal)
{
    int64_t id = amo_source();
    struct vo_sync_report rep;
    run_ok(id, NULL, &rep);
    g_ptr_array_set_size(seen.targets, 0);
    run_ok(id, NULL, &rep);
    cr_assert_eq(rep.since, 1774796400);
    cr_assert_eq(rep.deals, 1);
    cr_assert_eq(rep.stage_changes, 1); /* 33; 142 is won */
    bool filtered = false;
    for (size_t i = 0; i < seen.targets->len; i++) {
        const char *t = g_ptr_array_index(seen.targets, i);
        if (g_str_has_prefix(t, "/api/v4/leads?"))
            filtered = strstr(t, "filter%5Bupdated_at%5D%5Bfrom%5D=1774796400") != NULL;
    }
    cr_assert(filtered, "the second run asks for the leads updated since the cursor");
    cr_assert_eq(sql_int("SELECT count(*) FROM deals"), 4);
    cr_assert_eq(sql_int("SELECT count(*) FROM deals WHERE status = 'won'"), 2);
    cr_assert_eq(deal_amount("5003"), 8500000);
    cr_assert_eq(sql_int("SELECT count(*) FROM stage_changes sc JOIN deals d ON d.id = "
                         "sc.deal_id WHERE d.ext_id = '5003'"),
                 3);
    cr_assert_eq(sql_int("SELECT cursor FROM sync_sources"), 1775124000); /* 2026-04-02 10:00 */
    /* a third run changes nothing: the same answers are unchanged rows */
    run_ok(id, NULL, &rep);
    cr_assert_eq(sql_int("SELECT count(*) FROM stage_changes sc JOIN deals d ON d.id = "
                         "sc.deal_id WHERE d.ext_id = '5003'"),
                 3);
}

Test(sync, a_dry_run_writes_nothing_and_keeps_the_cursor)
{
    int64_t id = amo_source();
    struct vo_sync_report rep;
    struct vo_sync_opts dry = {.dry_run = true};
    run_ok(id, &dry, &rep);
    cr_assert_eq(rep.deals, 4);
    cr_assert_not(rep.import.committed);
    cr_assert_eq(sql_int("SELECT count(*) FROM deals"), 0);
    cr_assert_eq(sql_int("SELECT cursor FROM sync_sources"), 0);
    cr_assert_eq(sql_int("SELECT last_run_at IS NULL FROM sync_sources"), 1);
}

Test(sync, bitrix24_deals_stages_and_history)
{
    int64_t id = add_source(
        "bitrix24", vo_arena_printf(&o.a, "http://127.0.0.1:%d/rest/1/bx-key/", port), NULL);
    /* the webhook's key is not shown */
    char *url = sql_text("SELECT url FROM sync_sources");
    cr_assert_eq(strstr(url, "bx-key"), NULL, "%s", url);
    g_free(url);
    struct vo_sync_report rep;
    run_ok(id, NULL, &rep);
    for (size_t i = 0; i < seen.targets->len; i++)
        cr_log_info("%s", (const char *)g_ptr_array_index(seen.targets, i));
    cr_assert_eq(rep.deals, 3, "%lld", (long long)rep.deals);
    /* 11: NEW, PREPARATION; 12: NEW, PREPARATION; 13: C3:NEW */
    cr_assert_eq(rep.stage_changes, 5);
    cr_assert_eq(sql_int("SELECT count(*) FROM deals WHERE status = 'won'"), 1);
    cr_assert_eq(sql_int("SELECT count(*) FROM deals WHERE status = 'lost'"), 1);
    cr_assert_eq(deal_amount("12"), 2000050);
    cr_assert_eq(deal_amount("13"), 50000000);
    char *pipe = sql_text("SELECT p.name FROM deals d JOIN pipelines p ON p.id = d.pipeline_id "
                          "WHERE d.ext_id = '13'");
    cr_assert_str_eq(pipe, "Тендеры");
    g_free(pipe);
    char *owner = sql_text("SELECT u.name || ' ' || u.email FROM deals d JOIN users u ON u.id = "
                           "d.owner_id WHERE d.ext_id = '12'");
    cr_assert_str_eq(owner, "Олег Иванов oleg@example.ru");
    g_free(owner);
    char *client = sql_text("SELECT c.name FROM deals d JOIN clients c ON c.id = d.client_id "
                            "WHERE d.ext_id = '11'");
    cr_assert_str_eq(client, "ООО Альфа");
    g_free(client);
    /* won at CLOSEDATE, 2026-04-20 00:00 +03:00 */
    cr_assert_eq(sql_int("SELECT closed_at FROM deals WHERE ext_id = '11'"), 1776632400);
    /* the cursor: 11's DATE_MODIFY... 13's 2026-04-25T16:00+03:00, the last */
    cr_assert_eq(sql_int("SELECT cursor FROM sync_sources"), 1777122000);
}

Test(sync, the_credentials_are_sealed_and_need_the_key)
{
    int64_t id = amo_source();
    char *sealed = sql_text("SELECT sealed FROM sync_sources");
    cr_assert_eq(strstr(sealed, "amo-token"), NULL);
    g_free(sealed);
    unsigned char other[VO_SYNC_KEY_BYTES];
    randombytes_buf(other, sizeof other);
    struct vo_sync_report rep;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_sync_run(&o.svc, id, other, NULL, &rep, &e), VO_EINVAL);
    cr_assert_str_eq(e.field, "key_file");
    cr_assert_eq(seen.targets->len, 0, "nothing is asked without the credentials");
}

Test(sync, a_refused_token_is_an_error_recorded_on_the_source)
{
    int64_t id =
        add_source("amocrm", vo_arena_printf(&o.a, "http://127.0.0.1:%d", port), "wrong-token");
    struct vo_sync_report rep;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_sync_run(&o.svc, id, key, NULL, &rep, &e), VO_EREMOTE);
    cr_assert(strstr(e.msg, "HTTP 401"), "%s", e.msg);
    cr_assert(strstr(e.msg_ru, "ответил HTTP 401"), "%s", e.msg_ru);
    cr_assert_eq(sql_int("SELECT count(*) FROM deals"), 0);
    char *st = sql_text("SELECT last_status FROM sync_sources");
    cr_assert(strstr(st, "HTTP 401"), "%s", st);
    const char *ru = vo_sync_status_text(&o.a, st, true);
    cr_assert(strstr(ru, "ответил"), "%s", ru);
    g_free(st);
}

Test(sync, too_many_requests_are_tried_again)
{
    int64_t id = amo_source();
    seen.throttle = 2;
    struct vo_sync_report rep;
    run_ok(id, NULL, &rep);
    cr_assert_eq(rep.deals, 4);
    cr_assert_eq(seen.targets->len, 8); /* the 6 calls and 2 refused */
}

Test(sync, bad_input_names_its_field)
{
    struct vo_error e = {0};
    struct vo_sync_source s;
    struct {
        struct vo_sync_input in;
        const char *field;
    } cases[] = {
        {{.name = "a", .kind = "hubspot", .url = "https://x.ru"}, "kind"},
        {{.name = "a", .kind = "amocrm", .url = "ftp://x.ru", .token = "t"}, "url"},
        {{.name = "a", .kind = "amocrm", .url = "https://x.ru"}, "token"},
        {{.name = "a", .kind = "bitrix24", .url = "https://x.bitrix24.ru/"}, "url"},
        {{.name = "a", .kind = "bitrix24", .url = "https://x.ru/rest/1/k/", .token = "t"}, "token"},
        {{.name = "", .kind = "amocrm", .url = "https://x.ru", .token = "t"}, "name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(vo_svc_sync_add(&o.svc, &cases[i].in, key, &s, &e), VO_EINVAL, "case %zu", i);
        cr_assert_str_eq(e.field, cases[i].field, "case %zu: %s", i, e.msg);
        cr_assert_neq(e.msg_ru[0], '\0', "case %zu has a Russian text", i);
    }
    amo_source();
    struct vo_sync_input dup = {
        .name = "amocrm", .kind = "amocrm", .url = "https://x.ru", .token = "t"};
    cr_assert_eq(vo_svc_sync_add(&o.svc, &dup, key, &s, &e), VO_ECONFLICT);
    cr_assert_eq(sql_int("SELECT count(*) FROM sync_sources"), 1);
}

Test(sync, a_manager_may_not_run_a_source)
{
    int64_t id = amo_source();
    o.svc.actor_role = VO_ROLE_MANAGER;
    struct vo_sync_report rep;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_sync_run(&o.svc, id, key, NULL, &rep, &e), VO_EPERM);
    cr_assert_eq(seen.targets->len, 0);
}

Test(sync, the_key_file)
{
    char *path = g_build_filename(o.dir, "sync.key", NULL);
    struct vo_error e = {0};
    cr_assert_eq(vo_sync_key_create(path, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_sync_key_create(path, &e), VO_ECONFLICT); /* never over a key */
    unsigned char k[VO_SYNC_KEY_BYTES];
    cr_assert_eq(vo_sync_key_load(path, k, &e), VO_OK, "%s", e.msg);
    vo_test_write(o.dir, "bad.key", "not a key\n");
    char *bad = g_build_filename(o.dir, "bad.key", NULL);
    cr_assert_eq(vo_sync_key_load(bad, k, &e), VO_EINVAL);
    g_free(bad);
    g_free(path);
}

/* `voronka sync` as an operator uses it, in Russian: a key, a source with
 * the token from a file, a run, the list; the token never in argv. */
Test(sync, the_command_line_in_russian)
{
    const char *bin = vo_test_binary();
    char *path = db_path();
    const char *db = vo_arena_printf(&o.a, "'%s'", path);
    g_free(path);
    const char *k = vo_arena_printf(&o.a, "%s/sync.key", o.dir);
    vo_test_write(o.dir, "token.txt", "amo-token\n");
    char *out = NULL;
    const char *env = "LC_ALL= LC_MESSAGES= LANG=ru_RU.UTF-8";
    cr_assert_eq(
        vo_test_run(vo_arena_printf(&o.a, "%s %s sync key --key-file %s", env, bin, k), &out), 0,
        "%s", out);
    cr_assert(strstr(out, "Новый ключ записан"), "%s", out);
    g_free(out);
    cr_assert_eq(vo_test_run(vo_arena_printf(&o.a,
                                             "%s %s sync add --db %s --name amo --kind amocrm "
                                             "--url http://127.0.0.1:%d --token-file %s/token.txt "
                                             "--key-file %s",
                                             env, bin, db, port, o.dir, k),
                             &out),
                 0, "%s", out);
    cr_assert(strstr(out, "Источник синхронизации 1 «amo» добавлен"), "%s", out);
    g_free(out);
    cr_assert_eq(vo_test_run(vo_arena_printf(&o.a, "%s %s sync run --db %s --id 1 --key-file %s",
                                             env, bin, db, k),
                             &out),
                 0, "%s", out);
    cr_assert(strstr(out, "изменилось сделок: 4, переходов по этапам: 5"), "%s", out);
    g_free(out);
    cr_assert_eq(vo_test_run(vo_arena_printf(&o.a, "%s %s sync list --db %s", env, bin, db), &out),
                 0, "%s", out);
    cr_assert(strstr(out, "прочитано сделок: 4"), "%s", out);
    g_free(out);
    /* without the key: a usage error that says how to make one */
    cr_assert_eq(
        vo_test_run(
            vo_arena_printf(&o.a, "%s VORONKA_SYNC_KEY= %s sync run --db %s --id 1", env, bin, db),
            &out),
        1, "%s", out);
    cr_assert(strstr(out, "нужен файл ключа"), "%s", out);
    g_free(out);
    cr_assert_eq(sql_int("SELECT count(*) FROM deals"), 4);
}
