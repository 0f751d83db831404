/*
 * test_nps.c - the NPS report (analytics/nps.c through
 * vo_svc_report_nps) on one small org worked out by hand from METRICS.md
 * "Clients": promoters score 9-10, detractors 0-6, NPS = 100 * (promoters
 * - detractors) / responses with one decimal, half away from zero.
 *
 * The org (Europe/Moscow, all times local): managers Anna, Boris, Vera.
 *   C1 Anna, channel ads, segment SMB
 *   C2 Boris, channel seo, segment SMB
 *   C3 Anna, no channel, no segment (the "none" group)
 * Answers:
 *   C1  3 at 2025-10-31 23:30 (October: before the November period)
 *   C1 10 at 2025-11-01 00:10 (the first minutes of the period: in)
 *   C1  9 at 2025-11-05 12:00
 *   C2  6 at 2025-11-10 12:00 "Долго ждали"
 *   C2  8 at 2025-11-12 12:00
 *   C3  0 at 2025-11-20 23:30 (as_of 2025-11-20 ends at 11-21 00:00: in)
 *   C3 10 at 2025-11-21 00:10 (after as_of: out)
 *   C2  9 at 2025-12-01 00:10 (December: out)
 *
 * By hand, November, as of 2025-11-20:
 *   all: 10, 9, 6, 8, 0 -> 5 responses, 2 promoters, 1 passive,
 *     2 detractors, NPS 100 * (2 - 2) / 5 = 0.0
 *   by channel: ads {10, 9} -> 2, 2, 0, 0, 100.0; seo {6, 8} -> 2, 0, 1,
 *     1, -50.0; none {0} -> 1, 0, 0, 1, -100.0 (order: ads, seo, null)
 *   by user: anna {10, 9, 0} -> 3, 2, 0, 1, 100 * 1 / 3 = 33.3;
 *     boris {6, 8} -> -50.0
 *   by segment: SMB {10, 9, 6, 8} -> 4, 2, 1, 1, 25.0; none {0} -> -100.0
 *   detractors, newest first: C3 0 (11-20 23:30), C2 6 (11-10)
 *   Boris (a manager) sees his own clients only: C2 {6, 8} -> -50.0
 * October 1 - November 30 by month, as of 2025-11-20: 2025-10 {3} ->
 *   1, 0, 0, 1, -100.0; 2025-11 as above, 0.0.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "analytics/nps.h"
#include "analytics/report_query.h"
#include "fixture.h"
#include "render/nps_json.h"
#include "service/nps.h"
#include "testutil.h"

static char *dir;
static struct vo_store *st;
static struct vo_svc svc;
static struct vo_arena arena;
static struct vo_dataset *ds;
static int64_t anna, boris, vera, team, pipe, s_new, c1, c2, c3;

static int64_t client(const char *ext, int64_t owner, const char *channel, const char *segment)
{
    struct vo_client c = {.org_id = svc.org.id,
                          .ext_id = ext,
                          .name = ext,
                          .channel = channel,
                          .segment = segment,
                          .owner_id = owner,
                          .created_at = VO_NULL,
                          .custom = "{}"};
    vo_fx_put_client(st, &c);
    return c.id;
}

static void answer(int64_t cl, int score, const char *at, const char *comment)
{
    struct vo_nps n = {.org_id = svc.org.id,
                       .client_id = cl,
                       .score = score,
                       .at = vo_fx_at(at),
                       .comment = comment};
    enum vo_upsert res;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_nps_upsert(st, &n, &res, &e), VO_OK, "%s", e.msg);
}

static void setup(void)
{
    vo_fx_open(&dir, &st, &svc, &arena);
    vo_fx_sales(&team, &anna, &boris, &vera, &pipe, &s_new);
    c1 = client("C1", anna, "ads", "SMB");
    c2 = client("C2", boris, "seo", "SMB");
    c3 = client("C3", anna, NULL, NULL);
    answer(c1, 3, "2025-10-31 23:30", NULL);
    answer(c1, 10, "2025-11-01 00:10", NULL);
    answer(c1, 9, "2025-11-05 12:00", NULL);
    answer(c2, 6, "2025-11-10 12:00", "Долго ждали");
    answer(c2, 8, "2025-11-12 12:00", NULL);
    answer(c3, 0, "2025-11-20 23:30", NULL);
    answer(c3, 10, "2025-11-21 00:10", NULL);
    answer(c2, 9, "2025-12-01 00:10", NULL);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    vo_fx_reload(&ds);
}

static void teardown(void)
{
    vo_test_org_end(&dir, &st, &svc, &arena, &ds);
}

TestSuite(nps, .init = setup, .fini = teardown);

/* The report of from..to as of as_of by `by`, as one line per group
 * "key responses promoters passives detractors nps; ...". */
static char *groups(const char *from, const char *to, const char *by, int32_t self,
                    struct vo_nps_result *out)
{
    struct vo_report_args a = {.from = from, .to = to, .as_of = "2025-11-20", .by = by};
    struct vo_report_query q;
    struct vo_error e = {0};
    cr_assert_eq(vo_report_query_init(ds, &a, 0, self, &arena, &q, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_svc_report_nps(&svc, &q, out, &e), VO_OK, "%s", e.msg);
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < out->ngroups; i++) {
        const struct vo_nps_group *g = &out->groups[i];
        g_string_append_printf(s, "%s%s %lld %lld %lld %lld %.1f", i ? "; " : "",
                               g->key ? g->key : "null", (long long)g->responses,
                               (long long)g->promoters, (long long)g->passives,
                               (long long)g->detractors, g->nps);
    }
    return g_string_free(s, FALSE);
}

static void expect(const char *by, int32_t self, const char *want)
{
    struct vo_nps_result r;
    char *got = groups("2025-11-01", "2025-11-30", by, self, &r);
    cr_expect_str_eq(got, want, "by %s", by ? by : "none");
    g_free(got);
}

Test(nps, all_answers_of_the_period_and_its_edges)
{
    expect(NULL, -1, "null 5 2 1 2 0.0");
}

Test(nps, by_channel_user_segment)
{
    expect("channel", -1, "ads 2 2 0 0 100.0; seo 2 0 1 1 -50.0; null 1 0 0 1 -100.0");
    expect("user", -1, "anna@example.com 3 2 0 1 33.3; boris@example.com 2 0 1 1 -50.0");
    expect("segment", -1, "SMB 4 2 1 1 25.0; null 1 0 0 1 -100.0");
}

Test(nps, by_month_is_a_series)
{
    struct vo_nps_result r;
    char *got = groups("2025-10-01", "2025-11-30", "month", -1, &r);
    cr_expect_str_eq(got, "2025-10 1 0 0 1 -100.0; 2025-11 5 2 1 2 0.0");
    g_free(got);
    /* a month without answers is in the series, its nps NaN */
    got = groups("2025-09-01", "2025-10-31", "month", -1, &r);
    cr_expect_str_eq(got, "2025-09 0 0 0 0 nan; 2025-10 1 0 0 1 -100.0");
    g_free(got);
}

Test(nps, a_manager_sees_their_own_clients)
{
    expect(NULL, vo_ds_user_find(ds, boris), "null 2 0 1 1 -50.0");
}

Test(nps, detractors_newest_first_with_comments)
{
    struct vo_nps_result r;
    g_free(groups("2025-11-01", "2025-11-30", NULL, -1, &r));
    cr_assert_eq(r.ndetractors, 2);
    const struct vo_nps_answer *a = &r.answers[r.detractors[0]];
    const struct vo_nps_answer *b = &r.answers[r.detractors[1]];
    cr_expect_eq(ds->clients.id[a->client], c3);
    cr_expect_eq(a->score, 0);
    cr_expect_eq(ds->clients.id[b->client], c2);
    cr_expect_eq(b->score, 6);
    cr_expect_str_eq(b->comment, "Долго ждали");
}

Test(nps, the_json_keeps_the_issue_keys)
{
    struct vo_report_args a = {
        .from = "2025-11-01", .to = "2025-11-30", .as_of = "2025-11-20", .by = "user"};
    struct vo_report_query q;
    struct vo_nps_result r;
    struct vo_error e = {0};
    cr_assert_eq(vo_report_query_init(ds, &a, 0, -1, &arena, &q, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_svc_report_nps(&svc, &q, &r, &e), VO_OK, "%s", e.msg);
    json_t *j = vo_nps_to_json(&q, &r);
    char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    cr_expect_str_eq(
        text,
        "{\"from\":\"2025-11-01\",\"to\":\"2025-11-30\",\"as_of\":\"2025-11-21T00:00:00+03:00\","
        "\"by\":\"user\",\"groups\":[{\"by\":\"user\",\"key\":\"anna@example.com\",\"name\":"
        "\"Anna\",\"responses\":3,\"promoters\":2,\"passives\":0,\"detractors\":1,\"nps\":33.3},"
        "{\"by\":\"user\",\"key\":\"boris@example.com\",\"name\":\"Boris\",\"responses\":2,"
        "\"promoters\":0,\"passives\":1,\"detractors\":1,\"nps\":-50.0}],\"detractors\":[{\"id\":"
        "6,\"client_id\":3,\"client\":\"C3\",\"score\":0,\"at\":\"2025-11-20T23:30:00+03:00\","
        "\"comment\":null,\"owner\":\"anna@example.com\",\"owner_name\":\"Anna\"},{\"id\":4,"
        "\"client_id\":2,\"client\":\"C2\",\"score\":6,\"at\":\"2025-11-10T12:00:00+03:00\","
        "\"comment\":\"Долго ждали\",\"owner\":\"boris@example.com\",\"owner_name\":\"Boris\"}]}");
    free(text);
    json_decref(j);
}

Test(nps, a_bad_by_names_the_field)
{
    struct vo_report_args a = {.from = "2025-11-01", .to = "2025-11-30", .by = "team"};
    struct vo_report_query q;
    struct vo_nps_result r;
    struct vo_error e = {0};
    cr_assert_eq(vo_report_query_init(ds, &a, 0, -1, &arena, &q, &e), VO_OK, "%s", e.msg);
    cr_expect_eq(vo_svc_report_nps(&svc, &q, &r, &e), VO_EINVAL);
    cr_expect_str_eq(e.field, "by");
}

/* The rounding: one decimal, halves away from zero, exactly. */
Test(nps_value, one_decimal_half_away_from_zero)
{
    /* 100 * (3 - 2) / 16 = 6.25 -> 6.3; its negative -6.25 -> -6.3 */
    cr_expect_eq(vo_nps_value(3, 2, 16), 6.3);
    cr_expect_eq(vo_nps_value(2, 3, 16), -6.3);
    /* 100 * 1 / 3 = 33.33.. -> 33.3; 100 * 2 / 3 = 66.66.. -> 66.7 */
    cr_expect_eq(vo_nps_value(1, 0, 3), 33.3);
    cr_expect_eq(vo_nps_value(2, 0, 3), 66.7);
    /* 100 * 1 / 8 = 12.5 exactly; 100 * (1 - 2) / 40 = -2.5 */
    cr_expect_eq(vo_nps_value(1, 0, 8), 12.5);
    cr_expect_eq(vo_nps_value(1, 2, 40), -2.5);
    /* 100 * 1 / 80 = 1.25 -> 1.3 */
    cr_expect_eq(vo_nps_value(1, 0, 80), 1.3);
    cr_expect(isnan(vo_nps_value(0, 0, 0)));
    cr_expect_eq(vo_nps_value(0, 0, 5), 0.0);
}
