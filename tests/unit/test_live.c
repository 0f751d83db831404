/*
 * test_live.c - the server's live datasets (src/http/live.c) on a small
 * demo company behind a real server:
 * - a client created and changed through the API is in the dataset the
 *   next report reads (its deals' region follows), with no reload;
 * - a reload (a change the dataset cannot take) runs without the org's
 *   lock: a report in flight keeps reading the current dataset and
 *   releases it, a deal write during the load returns at once and is in
 *   the fresh dataset, a second report that needs the reload waits for it
 *   instead of loading again (the loader is held in a test hook meanwhile);
 * - a change that cannot be replayed onto the load makes it start again;
 * - a change the dataset cannot take, told during a load: the reports that
 *   started before it read that load, those after it the next one;
 * - two updates of a deal told in the other order than they committed
 *   leave the newer (its revision): told directly, and over HTTP with the
 *   first PATCH's change held in a test hook (vo_live_set_change_hook)
 *   until the second PATCH is answered; and after 100 concurrent PATCHes
 *   of one deal the dataset holds the stored row.
 */
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "base/sync.h"
#include "http/http_int.h"
#include "http/live.h"
#include "demo/demo.h"
#include "http_client.h"
#include "testutil.h"

static char *dir, *db;
static struct vo_server *srv;
static int port;
static struct vo_demo_result demo;
static struct vo_arena arena;
static struct vo_store *st; /* the test's own connection */

static void setup(void)
{
    dir = vo_test_tmpdir();
    db = vo_test_db(dir, "demo.db");
    vo_arena_init(&arena, 0);
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(db, VO_STORE_CREATE, &st, &e), VO_OK, "open: %s", e.msg);
    struct vo_demo_opts o = {
        .seed = 5, .managers = 3, .deals = 300, .as_of = {2026, 2, 10}, .months = 3};
    cr_assert_eq(vo_demo_generate(st, &o, &arena, &demo, &e), VO_OK, "demo: %s", e.msg);
    struct vo_server_opts so = {
        .db_path = db, .listen = "127.0.0.1:0", .threads = 2, .quiet = true};
    cr_assert_eq(vo_server_start(&so, &srv, &port, &e), VO_OK, "%s", e.msg);
}

static void teardown(void)
{
    vo_live_set_load_hook(NULL);
    vo_live_set_change_hook(NULL);
    vo_server_stop(srv);
    vo_store_close(st);
    vo_arena_cleanup(&arena);
    vo_test_rmtree(dir);
    g_free(db);
    g_free(dir);
}

TestSuite(live, .init = setup, .fini = teardown, .timeout = 120);

static const struct vo_demo_login *login_of(const char *role)
{
    for (size_t i = 0; i < demo.nlogins; i++)
        if (strcmp(demo.logins[i].role, role) == 0)
            return &demo.logins[i];
    cr_assert_fail("no %s login", role);
    return NULL;
}

/* The dataset a report would read now (acquired: release it). */
static const struct vo_dataset *acquire(void)
{
    const struct vo_dataset *ds = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_live_acquire(srv, st, demo.org_id, &ds, &e), VO_OK, "%s", e.msg);
    return ds;
}

static void release(void)
{
    vo_live_release(srv, demo.org_id);
}

static const char *dict(const struct vo_ds_dict *d, int32_t id)
{
    return d->str[id];
}

Test(live, a_client_through_the_api_is_in_the_next_report_without_a_reload)
{
    const struct vo_demo_login *l = login_of("head");
    struct vo_test_login who = vo_test_login_as(port, l->email, l->password);
    /* a report loads the dataset */
    struct vo_test_resp r =
        vo_test_as(port, &who, "GET", "/api/v1/reports/plan-fact?as_of=2026-02-10", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    struct vo_live_stats s0, s1;
    vo_live_stats(&s0);

    r = vo_test_as(port, &who, "POST", "/api/v1/clients",
                   "{\"name\":\"ООО Новый клиент\",\"region\":\"Тверь\",\"channel\":\"вебинар\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    int64_t id = (int64_t)json_integer_value(json_object_get(r.json, "id"));
    vo_test_resp_free(&r);
    const struct vo_dataset *ds = acquire();
    int32_t c = vo_ds_client_find(ds, id);
    cr_assert_geq(c, 0, "the new client is not in the dataset");
    cr_assert_str_eq(ds->clients.name[c], "ООО Новый клиент");
    cr_assert_str_eq(dict(&ds->regions, ds->clients.region[c]), "Тверь");
    cr_assert_str_eq(dict(&ds->channels, ds->clients.channel[c]), "вебинар");
    /* an existing client with deals: move it to another region */
    int64_t old = 0;
    for (size_t i = 0; i < ds->deals.n && !old; i++)
        if (ds->deals.client[i] >= 0)
            old = ds->clients.id[ds->deals.client[i]];
    release();
    cr_assert(old, "no deal with a client in the demo");
    char *path = g_strdup_printf("/api/v1/clients/%lld", (long long)old);
    r = vo_test_as(port, &who, "PATCH", path, "{\"region\":\"Якутск\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    g_free(path);
    ds = acquire();
    int32_t oc = vo_ds_client_find(ds, old);
    size_t moved = 0;
    for (size_t i = 0; i < ds->deals.n; i++)
        if (ds->deals.client[i] == oc) {
            cr_assert_str_eq(dict(&ds->regions, ds->deals.region[i]), "Якутск");
            moved++;
        }
    cr_assert_gt(moved, 0);
    release();
    /* and the report through the API still answers from it */
    r = vo_test_as(port, &who, "GET", "/api/v1/reports/plan-fact?as_of=2026-02-10", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    vo_live_stats(&s1);
    cr_assert_eq(s1.loads, s0.loads, "the dataset was reloaded");
    cr_assert_eq(s1.stale, s0.stale, "a client change made the dataset stale");
    cr_assert_geq(s1.applied + s1.queued, s0.applied + s0.queued + 2);
    vo_test_login_free(&who);
}

/* The loader, held in the hook until the gate opens. */
static vo_mutex gate_mu = VO_MUTEX_INIT;
static vo_cond gate_cv = VO_COND_INIT;
static bool gate_open;
static int entered;

static void hold_loader(int64_t org)
{
    (void)org;
    vo_mutex_lock(&gate_mu);
    entered++;
    vo_cond_broadcast(&gate_cv);
    while (!gate_open)
        vo_cond_wait(&gate_cv, &gate_mu);
    vo_mutex_unlock(&gate_mu);
}

static void wait_entered(int n)
{
    vo_mutex_lock(&gate_mu);
    while (entered < n)
        vo_cond_wait(&gate_cv, &gate_mu);
    vo_mutex_unlock(&gate_mu);
}

/* A report in its own thread: the dataset it read and the amount of the
 * deal with id *arg then (the dataset is released before returning). */
struct reader {
    int64_t deal;
    const struct vo_dataset *ds;
    int64_t amount;
};

static gpointer reader_main(gpointer p)
{
    struct reader *rd = p;
    const struct vo_dataset *ds = NULL;
    struct vo_error e = {0};
    if (vo_live_acquire(srv, st, demo.org_id, &ds, &e) != VO_OK)
        return NULL;
    rd->ds = ds;
    int32_t d = vo_ds_deal_find(ds, rd->deal);
    rd->amount = d >= 0 ? ds->deals.amount[d] : -1;
    vo_live_release(srv, demo.org_id);
    return NULL;
}

Test(live, a_reload_does_not_block_the_current_dataset)
{
    /* a report in flight on the current dataset */
    const struct vo_dataset *cur = acquire();
    int64_t deal_id = cur->deals.id[cur->deals.n / 2];
    struct vo_live_stats s0, s1;
    struct vo_live_reload_stats r0, r1;
    vo_live_stats(&s0);
    vo_live_reload_stats(&r0);
    vo_live_set_load_hook(hold_loader);

    /* a change the dataset cannot take: the next report reloads */
    vo_live_on_change(srv, demo.org_id, &(struct vo_change){.kind = VO_CHANGE_OTHER});
    struct reader a = {.deal = deal_id}, b = {.deal = deal_id};
    GThread *ta = g_thread_new("reader a", reader_main, &a);
    wait_entered(1); /* a is loading, without a lock */
    GThread *tb = g_thread_new("reader b", reader_main, &b);
    for (int i = 0; i < 2000; i++) { /* b finds it stale and waits for a's load */
        struct vo_live_reload_stats r;
        vo_live_reload_stats(&r);
        if (r.waits > r0.waits)
            break;
        g_usleep(1000);
    }
    vo_live_reload_stats(&r1);
    cr_assert_eq(r1.waits, r0.waits + 1, "the second report did not wait for the load");

    /* the report in flight still reads its dataset, and a deal write
     * during the load returns at once */
    int32_t d = vo_ds_deal_find(cur, deal_id);
    cr_assert_geq(d, 0);
    struct vo_deal_row row;
    struct vo_error e = {0};
    struct vo_arena a2;
    vo_arena_init(&a2, 0);
    cr_assert_eq(vo_store_deal_get(st, demo.org_id, deal_id, &a2, &row, &e), VO_OK, "%s", e.msg);
    struct vo_deal deal = row.d;
    /* told without storing it, as if it committed after the load read
     * the deals (so with the next revision): only the replay can put it
     * in the fresh dataset */
    deal.amount = 4242424200;
    deal.rev++;
    /* the loader is held at the gate until below: a write that waited for
     * the load would never return here (no clock is asked: the speed of
     * the swap and the applies is bench/live.c's to measure) */
    vo_live_on_change(srv, demo.org_id, &(struct vo_change){.kind = VO_CHANGE_DEAL, .deal = &deal});
    cr_assert_neq(cur->deals.amount[d], 4242424200, "the old dataset took the write");
    release(); /* the report in flight ends while the load runs */

    vo_live_stats(&s1);
    cr_assert_eq(s1.loads, s0.loads, "published before the gate opened");
    vo_mutex_lock(&gate_mu);
    gate_open = true;
    vo_cond_broadcast(&gate_cv);
    vo_mutex_unlock(&gate_mu);
    g_thread_join(ta);
    g_thread_join(tb);
    vo_live_set_load_hook(NULL);
    vo_live_stats(&s1);
    vo_live_reload_stats(&r1);
    cr_assert_eq(s1.loads, s0.loads + 1, "loaded %u times", s1.loads - s0.loads);
    cr_assert(a.ds && a.ds == b.ds, "the two reports read different datasets");
    cr_assert_eq(a.amount, 4242424200, "the write during the load is not in the fresh dataset");
    cr_assert_eq(b.amount, 4242424200);
    cr_assert_gt(r1.swap_ns_last, 0);
    /* the next report reads it as is */
    const struct vo_dataset *now = acquire();
    cr_assert_eq(now, a.ds);
    release();
    vo_arena_cleanup(&a2);
}

static void close_gate(void)
{
    vo_mutex_lock(&gate_mu);
    gate_open = false;
    entered = 0;
    vo_mutex_unlock(&gate_mu);
    vo_live_set_load_hook(hold_loader);
}

static void open_gate(void)
{
    vo_mutex_lock(&gate_mu);
    gate_open = true;
    vo_cond_broadcast(&gate_cv);
    vo_mutex_unlock(&gate_mu);
}

static void wait_waits(unsigned n)
{
    for (int i = 0; i < 5000; i++) {
        struct vo_live_reload_stats r;
        vo_live_reload_stats(&r);
        if (r.waits >= n)
            return;
        g_usleep(1000);
    }
    cr_assert_fail("no report waited");
}

static int64_t first_deal(void)
{
    const struct vo_dataset *cur = acquire();
    int64_t id = cur->deals.id[0];
    release();
    return id;
}

Test(live, a_change_that_cannot_be_replayed_restarts_the_load)
{
    int64_t deal_id = first_deal();
    struct vo_live_stats s0, s1;
    struct vo_live_reload_stats r0, r1;
    vo_live_stats(&s0);
    vo_live_reload_stats(&r0);
    close_gate();
    vo_live_on_change(srv, demo.org_id, &(struct vo_change){.kind = VO_CHANGE_OTHER});
    struct reader a = {.deal = deal_id};
    GThread *ta = g_thread_new("reader a", reader_main, &a);
    wait_entered(1);
    /* a payment of a client the load does not hold, told while it loads:
     * the replay refuses it, so the load starts again */
    struct vo_payment p = {
        .id = 999999, .org_id = demo.org_id, .amount = 1, .paid_at = 1, .client_id = 999999};
    vo_live_on_change(srv, demo.org_id,
                      &(struct vo_change){.kind = VO_CHANGE_PAYMENT, .payment = &p});
    open_gate();
    g_thread_join(ta);
    vo_live_set_load_hook(NULL);
    vo_live_stats(&s1);
    vo_live_reload_stats(&r1);
    cr_assert_eq(r1.restarts, r0.restarts + 1);
    cr_assert_eq(s1.loads, s0.loads + 1);
    cr_assert_eq(entered, 2, "the loader ran %d times", entered);
    cr_assert(a.ds);
}

/* A change the dataset cannot take, told while a load runs: the reports
 * that started before it wait for that load (no third load), those
 * started after it read a later one. */
Test(live, a_change_during_a_load_is_in_the_next_load)
{
    int64_t deal_id = first_deal();
    struct vo_live_stats s0, s1;
    struct vo_live_reload_stats r0;
    vo_live_stats(&s0);
    vo_live_reload_stats(&r0);
    close_gate();
    vo_live_on_change(srv, demo.org_id, &(struct vo_change){.kind = VO_CHANGE_OTHER});
    struct reader a = {.deal = deal_id}, b = {.deal = deal_id}, c = {.deal = deal_id};
    GThread *ta = g_thread_new("reader a", reader_main, &a);
    wait_entered(1);
    GThread *tb = g_thread_new("reader b", reader_main, &b);
    wait_waits(r0.waits + 1);
    vo_live_on_change(srv, demo.org_id, &(struct vo_change){.kind = VO_CHANGE_OTHER});
    GThread *tc = g_thread_new("reader c", reader_main, &c);
    wait_waits(r0.waits + 2);
    open_gate();
    g_thread_join(ta);
    g_thread_join(tb);
    g_thread_join(tc);
    vo_live_set_load_hook(NULL);
    vo_live_stats(&s1);
    cr_assert_eq(s1.loads, s0.loads + 2, "loaded %u times", s1.loads - s0.loads);
    cr_assert_eq(entered, 2);
    /* b waited for a's load: it reads that one, or the next if it was not
     * scheduled again before c's load was published (both hold every
     * change told before b started); c never reads a's */
    cr_assert(c.ds && c.ds != a.ds, "a report started after the change read the older load");
    cr_assert(a.ds && (b.ds == a.ds || b.ds == c.ds),
              "a report started before the change read a load of its own");
}

/* Two updates of a deal told in the other order than they committed (two
 * concurrent PATCHes re-read their rows after their commits, in either
 * order): the dataset keeps the newer one. */
Test(live, an_older_deal_told_late_does_not_overwrite_a_newer_one)
{
    int64_t deal_id = first_deal();
    struct vo_error e = {0};
    struct vo_arena a2;
    vo_arena_init(&a2, 0);
    struct vo_deal_row row;
    cr_assert_eq(vo_store_deal_get(st, demo.org_id, deal_id, &a2, &row, &e), VO_OK, "%s", e.msg);
    struct vo_deal first = row.d, second;
    first.amount = 1111100;
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_deal_update(st, &first, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    second = first;
    second.amount = 2222200;
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_deal_update(st, &second, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    cr_assert_gt(second.rev, first.rev);
    vo_live_on_change(srv, demo.org_id,
                      &(struct vo_change){.kind = VO_CHANGE_DEAL, .deal = &second});
    vo_live_on_change(srv, demo.org_id,
                      &(struct vo_change){.kind = VO_CHANGE_DEAL, .deal = &first});
    const struct vo_dataset *ds = acquire();
    int32_t d = vo_ds_deal_find(ds, deal_id);
    cr_assert_geq(d, 0);
    cr_assert_eq(ds->deals.amount[d], 2222200, "the older row overwrote the newer: %lld",
                 (long long)ds->deals.amount[d]);
    release();
    vo_arena_cleanup(&a2);
}

/* PATCHes of one deal's amount from several clients at once. */
struct patcher {
    const struct vo_test_login *who;
    const char *path;
    int base, n, ok;
};

static gpointer patcher_main(gpointer p)
{
    struct patcher *w = p;
    for (int i = 0; i < w->n; i++) {
        char body[64];
        snprintf(body, sizeof body, "{\"amount\":%d}", w->base + i);
        struct vo_test_resp r = vo_test_as(port, w->who, "PATCH", w->path, body);
        w->ok += r.status == 200;
        vo_test_resp_free(&r);
    }
    return NULL;
}

/* Logs the head in (into *who) and returns the API path of the demo's
 * first deal (g_free it), its id in *deal_id. */
static char *first_deal_as_head(struct vo_test_login *who, int64_t *deal_id)
{
    const struct vo_demo_login *l = login_of("head");
    *who = vo_test_login_as(port, l->email, l->password);
    *deal_id = first_deal();
    return g_strdup_printf("/api/v1/deals/%lld", (long long)*deal_id);
}

/* The live dataset's amount of deal_id (asserted to hold it), its
 * revision in *rev unless NULL. */
static int64_t live_amount(int64_t deal_id, uint32_t *rev)
{
    const struct vo_dataset *ds = acquire();
    int32_t d = vo_ds_deal_find(ds, deal_id);
    cr_assert_geq(d, 0);
    int64_t amount = ds->deals.amount[d];
    if (rev)
        *rev = ds->deals.rev[d];
    release();
    return amount;
}

Test(live, concurrent_patches_of_a_deal_leave_the_stored_row_in_the_dataset)
{
    struct vo_test_login who;
    int64_t deal_id;
    char *path = first_deal_as_head(&who, &deal_id);
    struct patcher w[4];
    GThread *th[4];
    for (int k = 0; k < 4; k++) {
        w[k] = (struct patcher){.who = &who, .path = path, .base = 1000 * (k + 1), .n = 25};
        th[k] = g_thread_new("patcher", patcher_main, &w[k]);
    }
    for (int k = 0; k < 4; k++) {
        g_thread_join(th[k]);
        cr_assert_eq(w[k].ok, w[k].n, "%d of %d PATCHes answered 200", w[k].ok, w[k].n);
    }
    struct vo_error e = {0};
    struct vo_arena a2;
    vo_arena_init(&a2, 0);
    struct vo_deal_row row;
    cr_assert_eq(vo_store_deal_get(st, demo.org_id, deal_id, &a2, &row, &e), VO_OK, "%s", e.msg);
    cr_assert_geq(row.d.rev, 100, "rev %lld after 100 updates", (long long)row.d.rev);
    uint32_t rev = 0;
    int64_t amount = live_amount(deal_id, &rev);
    cr_assert_eq(amount, row.d.amount, "dataset %lld, store %lld", (long long)amount,
                 (long long)row.d.amount);
    cr_assert_eq(rev, (uint32_t)row.d.rev);
    vo_arena_cleanup(&a2);
    g_free(path);
    vo_test_login_free(&who);
}

/* The race of two PATCHes over HTTP, made to happen: the first request's
 * change (re-read after its commit) is held in the live hook until the
 * second request, committed after it, has been told and answered; then
 * the first is told. The dataset must keep the second's row. */
static vo_mutex hold_mu = VO_MUTEX_INIT;
static vo_cond hold_cv = VO_COND_INIT;
static int hold_state; /* 0 before the first change, 1 held, 2 let go */
static int64_t hold_amount;

static void hold_first(int64_t org, const struct vo_change *c)
{
    (void)org;
    if (c->kind != VO_CHANGE_DEAL || !c->deal || c->deal->amount != hold_amount)
        return;
    vo_mutex_lock(&hold_mu);
    hold_state = 1;
    vo_cond_broadcast(&hold_cv);
    while (hold_state != 2)
        vo_cond_wait(&hold_cv, &hold_mu);
    vo_mutex_unlock(&hold_mu);
}

struct one_patch {
    const struct vo_test_login *who;
    const char *path, *body;
    int status;
};

static gpointer one_patch_main(gpointer p)
{
    struct one_patch *w = p;
    struct vo_test_resp r = vo_test_as(port, w->who, "PATCH", w->path, w->body);
    w->status = r.status;
    vo_test_resp_free(&r);
    return NULL;
}

Test(live, two_patches_told_in_the_other_order_leave_the_later_one)
{
    struct vo_test_login who;
    int64_t deal_id;
    char *path = first_deal_as_head(&who, &deal_id);
    hold_amount = 3333300;
    hold_state = 0;
    vo_live_set_change_hook(hold_first);
    struct one_patch first = {.who = &who, .path = path, .body = "{\"amount\":3333300}"};
    GThread *th = g_thread_new("first PATCH", one_patch_main, &first);
    vo_mutex_lock(&hold_mu);
    while (hold_state != 1)
        vo_cond_wait(&hold_cv, &hold_mu);
    vo_mutex_unlock(&hold_mu);
    /* the first is committed and held before it is told: the second goes
     * through (the server's other thread) */
    struct vo_test_resp r = vo_test_as(port, &who, "PATCH", path, "{\"amount\":4444400}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    vo_mutex_lock(&hold_mu);
    hold_state = 2;
    vo_cond_broadcast(&hold_cv);
    vo_mutex_unlock(&hold_mu);
    g_thread_join(th);
    vo_live_set_change_hook(NULL);
    cr_assert_eq(first.status, 200);
    int64_t amount = live_amount(deal_id, NULL);
    cr_assert_eq(amount, 4444400, "the first PATCH, told last, overwrote the second: %lld",
                 (long long)amount);
    g_free(path);
    vo_test_login_free(&who);
}
