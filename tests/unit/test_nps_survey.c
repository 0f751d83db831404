/*
 * test_nps_survey.c - NPS answers and survey links (service/nps.c;
 * docs/nps.md) on a store: a link opened and answered once, a second
 * answer refused, forged, malformed, expired (a pinned clock) and
 * other-org tokens refused, bad scores and a comment too long refused
 * (the rule set of vo_nps_validate, the import's), a detractor's answer
 * giving its owner one task due 18:00 of the next working day (a holiday
 * skipped), the task on request once, and the card's entry rules.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <sodium.h>
#include <string.h>

#include "fixture.h"
#include "service/nps.h"
#include "testutil.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static int64_t anna, boris, vera, team, pipe, s_new, k1, k2;

static void setup(void)
{
    vo_fx_open(&dir, &st, &svc, &arena);
    vo_fx_sales(&team, &anna, &boris, &vera, &pipe, &s_new);
    k1 = vo_fx_client("ООО Ромашка", anna, "ads", NULL);
    k2 = vo_fx_client("ИП Без Хозяина", 0, NULL, NULL);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
}

static void teardown(void)
{
    vo_fx_close(&dir, &st, &svc, &arena);
}

TestSuite(nps_survey, .init = setup, .fini = teardown);

static const char *link_for(int64_t client, int64_t *expires)
{
    const char *token = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_nps_link(&svc, client, &token, expires, &e), VO_OK, "%s", e.msg);
    return token;
}

static vo_err answer(const char *token, int64_t now, int score, const char *comment,
                     struct vo_error *e)
{
    struct vo_nps_public p;
    return vo_svc_nps_public_answer(st, token, now, score, comment, NULL, NULL, &arena, &p, e);
}

static vo_err open_at(const char *token, int64_t now, struct vo_nps_public *p, struct vo_error *e)
{
    struct vo_svc s = {0};
    vo_err rc = vo_svc_nps_public_open(st, token, now, &arena, &s, p, e);
    vo_svc_cleanup(&s);
    return rc;
}

/* The first column of the first row of sql on the test database, read by
 * a connection of its own (committed rows only): as an integer (0 when no
 * row), and as text into *text when text is not NULL (g_free). */
static int64_t first_cell(const char *sql, char **text)
{
    char *path = vo_test_db(dir, "test.db");
    GPtrArray *row = vo_test_sql_row(path, sql, NULL);
    int64_t v = 0;
    if (text)
        *text = row ? g_strdup(vo_test_cell(row, 0)) : NULL;
    else if (row)
        v = vo_test_cell_int(row, 0, 0);
    if (row)
        g_ptr_array_unref(row);
    g_free(path);
    return v;
}

static int64_t sql_int(const char *sql)
{
    return first_cell(sql, NULL);
}

static char *sql_text(const char *sql)
{
    char *v = NULL;
    first_cell(sql, &v);
    cr_assert(v, "%s: no row", sql);
    return v;
}

static int64_t count(const char *sql)
{
    return sql_int(sql);
}

Test(nps_survey, one_answer_per_link)
{
    int64_t exp = 0, now = vo_now();
    const char *t = link_for(k1, &exp);
    /* 30 days by default (nps_link_days) */
    cr_expect(exp - now >= 30 * 86400 - 5 && exp - now <= 30 * 86400 + 5, "%lld",
              (long long)(exp - now));
    struct vo_nps_public p;
    struct vo_error e = {0};
    cr_assert_eq(open_at(t, now, &p, &e), VO_OK, "%s", e.msg);
    cr_expect_str_eq(p.company, svc.org.name);
    cr_assert_eq(answer(t, now, 10, "Спасибо", &e), VO_OK, "%s", e.msg);
    cr_expect_eq(count("SELECT count(*) FROM nps_responses WHERE score = 10"), 1);
    cr_expect_eq(count("SELECT count(*) FROM nps_surveys WHERE answered_at IS NOT NULL AND "
                       "response_id = (SELECT id FROM nps_responses)"),
                 1);
    /* a second answer, and a second open: answered already */
    e = (struct vo_error){0};
    cr_expect_eq(answer(t, now, 3, NULL, &e), VO_ECONFLICT);
    cr_expect_str_eq(e.field, "token");
    cr_expect(strstr(e.msg, "answered already"), "%s", e.msg);
    cr_expect_eq(open_at(t, now, &p, &e), VO_ECONFLICT);
    cr_expect_eq(count("SELECT count(*) FROM nps_responses"), 1);
    /* audited by the system */
    cr_expect_eq(count("SELECT count(*) FROM audit_log WHERE action = 'nps.survey' AND "
                       "user_id IS NULL"),
                 1);
}

/* token re-encoded after fn changed its bytes. */
static char *tampered(const char *token, void (*fn)(unsigned char *t, void *ctx), void *ctx)
{
    unsigned char t[128];
    size_t len = 0;
    cr_assert_eq(sodium_base642bin(t, sizeof t, token, strlen(token), NULL, &len, NULL,
                                   sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                 0);
    cr_assert_eq(len, 65);
    fn(t, ctx);
    char *out = g_malloc(sodium_base64_ENCODED_LEN(65, sodium_base64_VARIANT_URLSAFE_NO_PADDING));
    sodium_bin2base64(out, sodium_base64_ENCODED_LEN(65, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                      t, 65, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

static void flip_mac(unsigned char *t, void *ctx)
{
    (void)ctx;
    t[40] ^= 1;
}

static void later_expiry(unsigned char *t, void *ctx)
{
    (void)ctx;
    t[31] ^= 0x10; /* a byte of the expiry: a longer life, not signed */
}

static void other_org(unsigned char *t, void *ctx)
{
    int64_t org = *(int64_t *)ctx;
    for (int i = 7; i >= 0; i--, org >>= 8)
        t[1 + i] = (unsigned char)(org & 0xff);
}

static void expect_forged(const char *token, const char *what)
{
    struct vo_error e = {0};
    cr_expect_eq(answer(token, vo_now(), 9, NULL, &e), VO_ENOTFOUND, "%s", what);
    cr_expect_str_eq(e.field, "token", "%s", what);
    cr_expect_str_eq(e.msg, "this survey link is not valid", "%s", what);
}

Test(nps_survey, forged_malformed_and_other_org_tokens)
{
    int64_t exp = 0;
    const char *t = link_for(k1, &exp);
    char *a = tampered(t, flip_mac, NULL);
    expect_forged(a, "a flipped MAC bit");
    char *b = tampered(t, later_expiry, NULL);
    expect_forged(b, "a changed expiry");
    expect_forged("abc", "malformed");
    expect_forged("", "empty");
    /* another org with its own key and link: org A's token claiming B */
    struct vo_org o = {
        .name = "Другая", .tz = "Europe/Moscow", .currency = "RUB", .settings = "{}"};
    vo_fx_org_with_manager(st, &o, "Глеб", "gleb@other.ru");
    struct vo_svc other = {0};
    struct vo_error e = {0};
    cr_assert_eq(vo_svc_init(&other, st, o.id, &arena, &e), VO_OK, "%s", e.msg);
    vo_fx_use(st, &other);
    cr_assert_eq(vo_store_begin(st, &e), VO_OK);
    int64_t kb = vo_fx_client("Чужой", 0, NULL, NULL);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK);
    const char *tb = NULL;
    int64_t expb;
    cr_assert_eq(vo_svc_nps_link(&other, kb, &tb, &expb, &e), VO_OK, "%s", e.msg);
    char *c = tampered(t, other_org, &o.id);
    expect_forged(c, "org A's token naming org B");
    vo_svc_cleanup(&other);
    cr_expect_eq(count("SELECT count(*) FROM nps_responses"), 0);
    g_free(a);
    g_free(b);
    g_free(c);
}

Test(nps_survey, expired_on_a_pinned_clock)
{
    int64_t exp = 0;
    const char *t = link_for(k1, &exp);
    struct vo_nps_public p;
    struct vo_error e = {0};
    cr_expect_eq(open_at(t, exp - 1, &p, &e), VO_OK, "%s", e.msg);
    cr_expect_eq(open_at(t, exp, &p, &e), VO_ECONFLICT);
    cr_expect_str_eq(e.msg, "this survey link has expired");
    cr_expect_eq(answer(t, exp + 86400, 9, NULL, &e), VO_ECONFLICT);
    cr_expect_eq(count("SELECT count(*) FROM nps_responses"), 0);
}

Test(nps_survey, bad_scores_and_a_long_comment)
{
    int64_t exp = 0;
    const char *t = link_for(k1, &exp);
    struct vo_error e = {0};
    cr_expect_eq(answer(t, vo_now(), 11, NULL, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "score");
    cr_expect_eq(answer(t, vo_now(), -1, NULL, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "score");
    char *lng = g_strnfill(5001, 'a');
    cr_expect_eq(answer(t, vo_now(), 5, lng, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "comment");
    g_free(lng);
    /* the link is still open: nothing was written */
    cr_expect_eq(count("SELECT count(*) FROM nps_responses"), 0);
    cr_expect_eq(answer(t, vo_now(), 0, "Плохо", &e), VO_OK, "%s", e.msg);
}

/* The Friday 12:00 local at or after the current time (within a week, so
 * before a fresh link's expiry whatever today is). */
static int64_t next_friday_noon(struct vo_date *fri)
{
    struct vo_date d = vo_date_of(svc.tz, vo_now());
    GDateTime *g = g_date_time_new(svc.tz, d.y, d.m, d.d, 12, 0, 0);
    int wd = g_date_time_get_day_of_week(g); /* 1 = Monday */
    g_date_time_unref(g);
    *fri = vo_date_add_days(d, (5 - wd + 7) % 7 + 7);
    return vo_date_start(svc.tz, *fri) + 12 * 3600;
}

Test(nps_survey, a_detractor_gets_one_task_due_the_next_working_day)
{
    struct vo_date fri;
    int64_t now = next_friday_noon(&fri);
    /* the Monday after is a holiday: the next working day is Tuesday */
    struct vo_date mon = vo_date_add_days(fri, 3), tue = vo_date_add_days(fri, 4);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_begin(st, &e), VO_OK);
    vo_fx_holiday(mon.y, mon.m, mon.d, VO_DAY_HOLIDAY);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK);
    int64_t exp = 0;
    const char *t = link_for(k1, &exp);
    cr_assert(now < exp);
    cr_assert_eq(answer(t, now, 4, "Долго", &e), VO_OK, "%s", e.msg);
    char want_due[64];
    snprintf(want_due, sizeof want_due, "%04d-%02d-%02d 18:00", tue.y, tue.m, tue.d);
    cr_expect_eq(count("SELECT count(*) FROM tasks"), 1);
    cr_expect_eq(sql_int("SELECT due_at FROM tasks"), vo_test_at(&svc, want_due));
    cr_expect_eq(sql_int("SELECT assignee_id FROM tasks"), anna);
    cr_expect_eq(sql_int("SELECT client_id FROM tasks"), k1);
    char *title = sql_text("SELECT title FROM tasks");
    cr_expect_str_eq(title, "Критик NPS: «ООО Ромашка» поставил 4 из 10 — связаться");
    g_free(title);
    cr_expect_eq(count("SELECT count(*) FROM nps_tasks WHERE task_id = (SELECT id FROM tasks)"), 1);
    /* on request again: it has one */
    int64_t id = sql_int("SELECT id FROM nps_responses"), task = 0;
    cr_expect_eq(vo_svc_nps_task(&svc, id, &task, &e), VO_ECONFLICT);
    cr_expect_str_eq(e.field, "id");
    cr_expect_eq(count("SELECT count(*) FROM tasks"), 1);
}

Test(nps_survey, the_card_entry_and_the_task_on_request)
{
    struct vo_error e = {0};
    int64_t id = 0, task = 0;
    /* a promoter: no task */
    cr_assert_eq(vo_svc_nps_add(&svc, k1, 9, "2026-11-20 10:00", NULL, &id, &task, &e), VO_OK, "%s",
                 e.msg);
    cr_expect(id > 0);
    cr_expect_eq(task, 0);
    /* the same client and instant twice */
    cr_expect_neq(vo_svc_nps_add(&svc, k1, 9, "2026-11-20 10:00", NULL, &id, &task, &e), VO_OK);
    /* in the future */
    cr_expect_eq(vo_svc_nps_add(&svc, k1, 9, "2199-01-01 10:00", NULL, &id, &task, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "at");
    /* a detractor of a client without an owner: no task, none on request */
    cr_assert_eq(vo_svc_nps_add(&svc, k2, 2, NULL, "Плохо", &id, &task, &e), VO_OK, "%s", e.msg);
    cr_expect_eq(task, 0);
    cr_expect_eq(vo_svc_nps_task(&svc, id, &task, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "owner");
    /* an imported-like detractor (written without a task), then on request */
    struct vo_nps n = {.org_id = svc.org.id,
                       .client_id = k1,
                       .score = 5,
                       .at = vo_test_at(&svc, "2026-11-10 10:00")};
    enum vo_upsert res;
    cr_assert_eq(vo_store_nps_upsert(st, &n, &res, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_svc_nps_task(&svc, n.id, &task, &e), VO_OK, "%s", e.msg);
    cr_expect(task > 0);
    cr_expect_eq(vo_svc_nps_task(&svc, n.id, &task, &e), VO_ECONFLICT);
    /* a promoter's answer gets none */
    int64_t pid = sql_int("SELECT id FROM nps_responses WHERE score = 9");
    cr_expect_eq(vo_svc_nps_task(&svc, pid, &task, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "score");
    cr_expect_eq(count("SELECT count(*) FROM tasks"), 1);
    /* the card's list: newest first, with the task */
    struct vo_nps *v = NULL;
    int64_t *tasks = NULL;
    size_t cnt = 0;
    cr_assert_eq(vo_svc_nps_of_client(&svc, k1, &v, &tasks, &cnt, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(cnt, 2);
    cr_expect_eq(v[0].score, 9);
    cr_expect_eq(tasks[0], -1);
    cr_expect_eq(v[1].score, 5);
    cr_expect(tasks[1] > 0);
}

Test(nps_survey, roles)
{
    struct vo_error e = {0};
    int64_t id = 0, task = 0;
    /* Boris (a manager) may not enter an answer of Anna's client */
    svc.actor_id = boris;
    svc.actor_role = VO_ROLE_MANAGER;
    cr_expect_eq(vo_svc_nps_add(&svc, k1, 9, NULL, NULL, &id, &task, &e), VO_ENOTFOUND);
    const char *t = NULL;
    int64_t exp;
    cr_expect_eq(vo_svc_nps_link(&svc, k1, &t, &exp, &e), VO_ENOTFOUND);
    /* Anna, its owner, may */
    svc.actor_id = anna;
    cr_expect_eq(vo_svc_nps_add(&svc, k1, 9, NULL, NULL, &id, &task, &e), VO_OK, "%s", e.msg);
    int64_t kept = id;
    cr_expect_eq(vo_svc_nps_link(&svc, k1, &t, &exp, &e), VO_OK, "%s", e.msg);
    /* but not delete it: an admin or the head does */
    cr_expect_eq(vo_svc_nps_delete(&svc, kept, &e), VO_EPERM);
    svc.actor_role = VO_ROLE_VIEWER;
    svc.actor_id = 0;
    cr_expect_eq(vo_svc_nps_add(&svc, k1, 9, NULL, NULL, &id, &task, &e), VO_EPERM);
    svc.actor_role = VO_ROLE_HEAD;
    cr_expect_eq(vo_svc_nps_delete(&svc, kept, &e), VO_OK, "%s", e.msg);
    cr_expect_eq(count("SELECT count(*) FROM nps_responses"), 0);
}
