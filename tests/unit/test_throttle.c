/*
 * test_throttle.c - login throttling (src/service/throttle.c) and the
 * client address behind a trusted proxy (src/http/client_addr.c).
 *
 * The throttle's own tests drive its clock by hand (now_ms). The limits are
 * the defaults of throttle.h: 5 failures per (account, address), one
 * forgiven every 3 min; 30 per address, one forgiven every 30 s; then a wait
 * of 1 s after the last failure, doubling per further failure, at most
 * 60 s; 65,536 entries.
 *
 * On PostgreSQL (pg_test_throttle) the same tests run on a throttle shared
 * through the database (vo_throttle_share: the rows of login_throttle), as
 * several servers use it: the same numbers must come out. The tests of
 * the suite shared_throttle add two "servers" (two throttles, two
 * connections) on one database, and parallel guesses on connections of
 * their own.
 *
 * The API tests start a real server and connect from different loopback
 * addresses (127.0.0.2, 127.0.0.3: the whole of 127/8 is local on Linux),
 * so "the attacker" and "the victim" are different TCP peers.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/client_addr.h"
#include "http/http.h"
#include "http_client.h"
#include "service/throttle.h"
#include "testdb.h"
#include "testutil.h"

#define SEC    1000
#define MINUTE (60 * SEC)

/* On PostgreSQL: the test's directory and the store of its database,
 * which the test's throttle keeps its buckets in. */
static char *dir;
static struct vo_store *store;

/* One attempt at now through t and st: 0 when it was let through (and
 * ended with outcome), else the wait in ms. */
static int64_t attempt_on(struct vo_throttle *t, struct vo_store *st, const char *acct,
                          const char *addr, int64_t now, enum vo_throttle_outcome outcome)
{
    struct vo_throttle_ticket tk;
    int64_t w = vo_throttle_begin(t, st, acct, addr, now, &tk);
    if (w == 0)
        vo_throttle_end(t, st, &tk, outcome, now);
    return w;
}

static int64_t attempt(struct vo_throttle *t, const char *acct, const char *addr, int64_t now,
                       enum vo_throttle_outcome outcome)
{
    return attempt_on(t, store, acct, addr, now, outcome);
}

/* Another connection to the test's database (a server of its own). */
static struct vo_store *open_store(void)
{
    char *url = vo_test_db(dir, "db");
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(url, VO_STORE_CREATE, &st, &e), VO_OK, "%s", e.msg);
    g_free(url);
    return st;
}

/* The entries of t: its table's, or shared the database's rows. */
static size_t entries(struct vo_throttle *t)
{
    if (!store)
        return vo_throttle_size(t);
    int64_t n = -1;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_throttle_rows(store, &n, &e), VO_OK, "%s", e.msg);
    return (size_t)n;
}

#define FAIL VO_THROTTLE_FAILED
#define PASS VO_THROTTLE_PASSED

/* The throttle of the running throttle test, made fresh for each. */
static struct vo_throttle *th;

static void setup(void)
{
    th = vo_throttle_new();
    if (vo_test_pg()) {
        dir = vo_test_tmpdir();
        store = open_store();
        vo_throttle_share(th);
    }
}

static void teardown(void)
{
    vo_throttle_free(th);
    th = NULL;
    vo_store_close(store);
    store = NULL;
    if (dir)
        vo_test_rmtree(dir);
    g_free(dir);
    dir = NULL;
}

TestSuite(throttle, .init = setup, .fini = teardown);

/* n failed attempts at acct from the attacker's address 10.0.0.66, the
 * i-th at now + i * step ms. */
static void fail_n(struct vo_throttle *t, const char *acct, int n, int64_t now, int64_t step)
{
    for (int i = 0; i < n; i++)
        attempt(t, acct, "10.0.0.66", now + i * step, FAIL);
}

/* One failed attempt, let through, at each of the accounts user0..user<n-1>
 * from 10.0.0.66 at time 0. */
static void spray(struct vo_throttle *t, int n)
{
    char acct[32];
    for (int i = 0; i < n; i++) {
        snprintf(acct, sizeof acct, "user%d@t.ru", i);
        cr_assert_eq(attempt(t, acct, "10.0.0.66", 0, FAIL), 0, "account %d", i);
    }
}

Test(throttle, a_pair_waits_after_five_failures_and_the_wait_doubles_to_60_s)
{
    for (int i = 0; i < 5; i++)
        cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 0, FAIL), 0, "free try %d", i + 1);
    cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 0, FAIL), 1 * SEC);
    cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 400, FAIL), 600);
    /* after each wait one more guess, and the next wait doubles */
    int64_t now = 0, want = 1 * SEC;
    for (int i = 0; i < 10; i++) {
        now += want;
        cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", now, FAIL), 0, "guess after %lld ms",
                     (long long)want);
        want = want * 2 > 60 * SEC ? 60 * SEC : want * 2;
        cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", now, FAIL), want);
    }
    cr_assert_eq(want, 60 * SEC, "the wait stops at 60 s");
}

Test(throttle, the_victim_signs_in_from_another_address)
{
    fail_n(th, "anna@t.ru", 16, 0, 1);
    cr_assert_gt(attempt(th, "anna@t.ru", "10.0.0.66", 20, FAIL), 0);
    /* the same account from the victim's own address: no wait at all */
    cr_assert_eq(attempt(th, "anna@t.ru", "192.168.1.5", 20, PASS), 0);
    /* and a wrong password of hers there has her own five free tries */
    for (int i = 0; i < 5; i++)
        cr_assert_eq(attempt(th, "anna@t.ru", "192.168.1.5", 30, FAIL), 0);
}

Test(throttle, others_on_the_attackers_address_sign_in)
{
    fail_n(th, "anna@t.ru", 16, 0, 1);
    /* 5 failures counted for the address (the refused tries check nothing
     * and count nothing): far below its 30 */
    cr_assert_eq(attempt(th, "boris@t.ru", "10.0.0.66", 20, PASS), 0);
    cr_assert_eq(attempt(th, "vera@t.ru", "10.0.0.66", 21, FAIL), 0);
}

Test(throttle, the_victim_on_the_attackers_address_waits_as_the_attacker_does)
{
    /* The documented choice: from the address that made the failures the
     * pair waits (checking her password there would give the guesser a
     * free oracle); once the wait is over the right password works and the
     * pair starts over. */
    fail_n(th, "anna@t.ru", 5, 0, 0);
    cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 10, PASS), 990);
    cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 1 * SEC, PASS), 0);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 1 * SEC, FAIL), 0, "fresh try %d", i);
}

Test(throttle, an_address_spraying_many_accounts_waits_after_thirty)
{
    spray(th, 30);
    cr_assert_eq(attempt(th, "new@t.ru", "10.0.0.66", 0, PASS), 1 * SEC, "the address waits");
    cr_assert_eq(attempt(th, "new@t.ru", "10.0.0.77", 0, PASS), 0, "another address does not");
}

Test(throttle, a_success_does_not_wash_the_addresses_failures)
{
    spray(th, 29);
    cr_assert_eq(attempt(th, "mine@t.ru", "10.0.0.66", 0, PASS), 0);
    cr_assert_eq(attempt(th, "user99@t.ru", "10.0.0.66", 0, FAIL), 0, "the 30th failure");
    cr_assert_eq(attempt(th, "mine@t.ru", "10.0.0.66", 0, PASS), 1 * SEC);
}

Test(throttle, the_account_ignores_ascii_case)
{
    for (int i = 0; i < 5; i++)
        attempt(th, i % 2 ? "Anna@T.ru" : "anna@t.ru", "10.0.0.66", 0, FAIL);
    cr_assert_gt(attempt(th, "ANNA@T.RU", "10.0.0.66", 0, FAIL), 0);
}

Test(throttle, failures_are_forgiven_and_entries_expire)
{
    fail_n(th, "anna@t.ru", 5, 0, 0);
    cr_assert_eq(entries(th), 2, "the pair and the address");
    /* one failure forgiven after 3 minutes: one free try again, and the
     * wait after it is again 1 s */
    cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 3 * MINUTE, FAIL), 0);
    cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 3 * MINUTE, FAIL), 1 * SEC);
    /* 15 minutes after the last failure all five are forgiven, and the next
     * sign-in from anywhere sweeps the entries away */
    cr_assert_eq(attempt(th, "boris@t.ru", "10.0.0.1", 3 * MINUTE + 15 * MINUTE, PASS), 0);
    cr_assert_eq(entries(th), 0, "%zu entries left", entries(th));
    for (int i = 0; i < 5; i++)
        cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 18 * MINUTE, FAIL), 0, "try %d", i);
}

Test(throttle, a_void_attempt_gives_its_slot_back_and_counts_nothing)
{
    for (int i = 0; i < 50; i++)
        cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 0, VO_THROTTLE_VOID), 0);
    cr_assert_eq(entries(th), 0);
}

Test(throttle, the_table_stays_within_its_bound_after_100k_distinct_emails)
{
    if (store)
        cr_skip_test("the table in memory (shared: rows_that_hold_nothing_are_removed)");
    char acct[48], addr[32];
    size_t most = 0;
    for (int i = 0; i < 100000; i++) {
        snprintf(acct, sizeof acct, "victim%d@t.ru", i);
        snprintf(addr, sizeof addr, "10.%d.%d.%d", i >> 16 & 255, i >> 8 & 255, i & 255);
        cr_assert_eq(attempt(th, acct, addr, i, FAIL), 0);
        size_t n = entries(th);
        if (n > most)
            most = n;
    }
    cr_assert_leq(most, 65536, "%zu entries", most);
    cr_assert_eq(most, 65536, "the bound is reached, not undercut");
    /* from one address, 100k emails make no more than the address allows */
    vo_throttle_free(th);
    th = vo_throttle_new();
    for (int i = 0; i < 100000; i++) {
        snprintf(acct, sizeof acct, "victim%d@t.ru", i);
        attempt(th, acct, "10.0.0.66", i, FAIL);
    }
    /* 30 free, then one per wait (1, 2, 4, ... s; one forgiven per 30 s) */
    cr_assert_leq(entries(th), 1 + 30 + 10, "%zu entries", entries(th));
    vo_throttle_free(th);
    /* a small bound, checked after every attempt */
    struct vo_throttle_limits lim = VO_THROTTLE_DEFAULTS;
    lim.max_entries = 64;
    th = vo_throttle_new_with(&lim);
    for (int i = 0; i < 100000; i++) {
        snprintf(acct, sizeof acct, "v%d@t.ru", i);
        snprintf(addr, sizeof addr, "10.%d.%d.%d", i % 7, i >> 8 & 255, i & 255);
        attempt(th, acct, addr, i, FAIL);
        cr_assert_leq(entries(th), 64, "attempt %d: %zu entries", i, entries(th));
    }
}

/* Parallel guesses: every thread waits at the barrier, then tries. */
struct race {
    struct vo_throttle *t;
    pthread_barrier_t go;
    gint passed;
    bool distinct_accounts;
    bool shared; /* each thread on its own connection (a server of its own) */
};

static void *racer(void *arg)
{
    struct race *r = arg;
    static gint next = 0;
    char acct[32];
    if (r->distinct_accounts)
        snprintf(acct, sizeof acct, "user%d@t.ru", g_atomic_int_add(&next, 1));
    else
        snprintf(acct, sizeof acct, "anna@t.ru");
    struct vo_store *st = NULL;
    if (r->shared) {
        char *url = vo_test_db(dir, "db");
        struct vo_error e = {0};
        if (vo_store_open(url, 0, &st, &e) != VO_OK)
            st = NULL; /* counted below: none let through without a check */
        g_free(url);
    }
    pthread_barrier_wait(&r->go);
    struct vo_throttle_ticket tk;
    if ((!r->shared || st) && vo_throttle_begin(r->t, st, acct, "10.0.0.66", 0, &tk) == 0) {
        g_atomic_int_inc(&r->passed);
        g_usleep(20000); /* the password check */
        vo_throttle_end(r->t, st, &tk, VO_THROTTLE_FAILED, 0);
    }
    vo_store_close(st);
    return NULL;
}

/* n threads guess at once through t: in memory, or (shared) each on its
 * own connection to the test's database. The number let through. */
static int race_with(struct vo_throttle *t, bool shared, int n, bool distinct_accounts)
{
    struct race r = {.t = t, .distinct_accounts = distinct_accounts, .shared = shared};
    pthread_barrier_init(&r.go, NULL, (unsigned)n);
    pthread_t threads[64];
    cr_assert_leq(n, 64);
    for (int i = 0; i < n; i++)
        cr_assert_eq(pthread_create(&threads[i], NULL, racer, &r), 0);
    for (int i = 0; i < n; i++)
        pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&r.go);
    return g_atomic_int_get(&r.passed);
}

static int race(bool distinct_accounts)
{
    struct vo_throttle *t = vo_throttle_new();
    int passed = race_with(t, false, 64, distinct_accounts);
    cr_assert_eq(vo_throttle_size(t), distinct_accounts ? 31 : 2);
    vo_throttle_free(t);
    return passed;
}

Test(throttle, parallel_guesses_at_one_account_pass_at_most_five)
{
    int passed = race(false);
    cr_assert_eq(passed, 5, "%d of 64 parallel guesses were checked", passed);
}

Test(throttle, parallel_guesses_from_one_address_pass_at_most_thirty)
{
    int passed = race(true);
    cr_assert_eq(passed, 30, "%d of 64 parallel guesses were checked", passed);
}

/* ---- shared by several servers (PostgreSQL) ---- */

static void need_pg(void)
{
    if (!store)
        cr_skip_test("the throttle is shared on PostgreSQL only (SQLite has one server)");
}

TestSuite(shared_throttle, .init = setup, .fini = teardown);

Test(shared_throttle, two_servers_count_one_accounts_failures_together)
{
    need_pg();
    /* server B: a throttle and a connection of its own, the same database */
    struct vo_store *sb = open_store();
    struct vo_throttle *tb = vo_throttle_new();
    vo_throttle_share(tb);
    /* five failures, alternating between the servers, are the pair's five */
    for (int i = 0; i < 5; i++)
        cr_assert_eq(attempt_on(i % 2 ? tb : th, i % 2 ? sb : store, "anna@t.ru", "10.0.0.66",
                                100 * i, FAIL),
                     0, "free try %d", i + 1);
    /* the sixth waits on both: 1 s from the last failure (at 400 ms) */
    cr_assert_eq(attempt_on(tb, sb, "anna@t.ru", "10.0.0.66", 500, FAIL), 900);
    cr_assert_eq(attempt_on(th, store, "Anna@T.ru", "10.0.0.66", 500, FAIL), 900);
    /* the guess after the wait on A doubles the wait on B */
    cr_assert_eq(attempt_on(th, store, "anna@t.ru", "10.0.0.66", 1400, FAIL), 0);
    cr_assert_eq(attempt_on(tb, sb, "anna@t.ru", "10.0.0.66", 1400, FAIL), 2 * SEC);
    /* her own address passes on B, and her pair there starts afresh */
    cr_assert_eq(attempt_on(tb, sb, "anna@t.ru", "192.168.1.5", 1400, PASS), 0);
    /* the address's 30 over all accounts, sprayed through both */
    char acct[32];
    for (int i = 0; i < 24; i++) {
        snprintf(acct, sizeof acct, "user%d@t.ru", i);
        cr_assert_eq(attempt_on(i % 2 ? tb : th, i % 2 ? sb : store, acct, "10.0.0.66", 1400, FAIL),
                     0, "account %d", i);
    }
    /* 6 + 24 = 30: the address waits on both */
    cr_assert_eq(attempt_on(th, store, "new@t.ru", "10.0.0.66", 1400, PASS), 1 * SEC);
    cr_assert_eq(attempt_on(tb, sb, "new@t.ru", "10.0.0.66", 1400, PASS), 1 * SEC);
    vo_throttle_free(tb);
    vo_store_close(sb);
}

/* (as in memory: on both backends) */
Test(shared_throttle, a_success_and_a_void_give_the_slot_and_the_wait_back)
{
    /* the pair at its five: the attempt after the wait takes the last
     * failure's place while it runs (a parallel one waits for it) */
    fail_n(th, "anna@t.ru", 5, 0, 0);
    struct vo_throttle_ticket tk;
    cr_assert_eq(vo_throttle_begin(th, store, "anna@t.ru", "10.0.0.66", 1 * SEC, &tk), 0);
    cr_assert_gt(attempt(th, "anna@t.ru", "10.0.0.66", 1 * SEC, FAIL), 0, "one at a time");
    /* it checked nothing: the wait is as before it, over */
    vo_throttle_end(th, store, &tk, VO_THROTTLE_VOID, 1 * SEC);
    cr_assert_eq(vo_throttle_begin(th, store, "anna@t.ru", "10.0.0.66", 1 * SEC, &tk), 0);
    vo_throttle_end(th, store, &tk, VO_THROTTLE_PASSED, 1 * SEC);
    /* the right password: the pair starts over, the address keeps its 5 */
    for (int i = 0; i < 5; i++)
        cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 1 * SEC, FAIL), 0, "fresh try %d", i);
    cr_assert_eq(attempt(th, "anna@t.ru", "10.0.0.66", 1 * SEC, FAIL), 1 * SEC);
}

Test(shared_throttle, parallel_guesses_on_their_own_connections_pass_at_most_the_free_tries)
{
    need_pg();
    /* 12 servers' threads: at most five guesses at one account */
    cr_assert_eq(race_with(th, true, 12, false), 5);
    cr_assert_eq(entries(th), 2, "the pair and the address");
    /* and at most the address's free tries over many accounts: 8 here,
     * of which the guesses above used 5 */
    struct vo_throttle_limits lim = VO_THROTTLE_DEFAULTS;
    lim.addr_free = 8;
    struct vo_throttle *t = vo_throttle_new_with(&lim);
    vo_throttle_share(t);
    int passed = race_with(t, true, 12, true);
    cr_assert_eq(passed, 3, "%d of 12 parallel guesses were checked", passed);
    cr_assert_eq(entries(th), 2 + 3, "the first pair, the address, the 3 new pairs");
    vo_throttle_free(t);
}

Test(shared_throttle, rows_that_hold_nothing_are_removed)
{
    need_pg();
    /* 40 addresses fail once each: a pair and an address row apiece */
    char addr[32];
    for (int i = 0; i < 40; i++) {
        snprintf(addr, sizeof addr, "10.0.1.%d", i);
        cr_assert_eq(attempt(th, "anna@t.ru", addr, 0, FAIL), 0);
    }
    cr_assert_eq(entries(th), 80);
    /* after 3 minutes every failure is forgiven: each later attempt
     * removes up to 16 of the rows that hold nothing */
    for (int i = 0; i < 4; i++)
        cr_assert_eq(attempt(th, "boris@t.ru", "10.0.0.1", 3 * MINUTE + i, PASS), 0);
    cr_assert_eq(entries(th), 80 - 4 * 16, "%zu rows", entries(th));
    cr_assert_eq(attempt(th, "boris@t.ru", "10.0.0.1", 3 * MINUTE + 9, PASS), 0);
    cr_assert_eq(entries(th), 0, "%zu rows", entries(th));
}

/* ---- the client address ---- */

static struct sockaddr_in peer4(const char *ip)
{
    struct sockaddr_in sa = {.sin_family = AF_INET};
    inet_pton(AF_INET, ip, &sa.sin_addr);
    return sa;
}

static const char *derive(const char *peer, const char *xff, const char *real_ip,
                          const char *trusted)
{
    static char out[VO_ADDR_TEXT];
    struct vo_trusted_proxies tp = {0};
    struct vo_error e = {0};
    if (trusted)
        cr_assert_eq(vo_trusted_proxies_parse(trusted, &tp, &e), VO_OK, "%s", e.msg);
    struct sockaddr_in sa = peer4(peer);
    vo_client_addr_derive((const struct sockaddr *)&sa, xff, real_ip, &tp, out, sizeof out);
    return out;
}

Test(client_addr, the_headers_are_ignored_unless_the_peer_is_a_trusted_proxy)
{
    cr_assert_str_eq(derive("203.0.113.9", "10.1.1.1", "10.2.2.2", NULL), "203.0.113.9");
    cr_assert_str_eq(derive("203.0.113.9", "10.1.1.1", "10.2.2.2", "127.0.0.1"), "203.0.113.9");
    cr_assert_str_eq(derive("127.0.0.1", NULL, NULL, "127.0.0.1"), "127.0.0.1");
}

Test(client_addr, a_trusted_proxy_names_the_client)
{
    /* the last hop is the one our proxy appended; what the client wrote
     * before it is not believed */
    cr_assert_str_eq(derive("127.0.0.1", "6.6.6.6, 198.51.100.7", NULL, "127.0.0.1"),
                     "198.51.100.7");
    cr_assert_str_eq(derive("127.0.0.1", "198.51.100.7", "6.6.6.6", "127.0.0.1"), "198.51.100.7");
    cr_assert_str_eq(derive("127.0.0.1", NULL, " 198.51.100.8 ", "127.0.0.1"), "198.51.100.8");
    cr_assert_str_eq(derive("127.0.0.1", "", "198.51.100.8", "127.0.0.1"), "198.51.100.8");
    /* a chain of our own proxies is skipped */
    cr_assert_str_eq(
        derive("10.0.0.2", "6.6.6.6,198.51.100.7,10.0.0.1", NULL, "10.0.0.1, 10.0.0.2"),
        "198.51.100.7");
    /* ports and brackets some proxies write; IPv6 in canonical form */
    cr_assert_str_eq(derive("127.0.0.1", "198.51.100.7:4711", NULL, "127.0.0.1"), "198.51.100.7");
    cr_assert_str_eq(derive("127.0.0.1", "[2001:DB8:0::1]:443", NULL, "127.0.0.1"), "2001:db8::1");
    cr_assert_str_eq(derive("127.0.0.1", "2001:db8::2", NULL, "127.0.0.1"), "2001:db8::2");
    cr_assert_str_eq(derive("127.0.0.1", "::ffff:198.51.100.9", NULL, "::ffff:127.0.0.1"),
                     "198.51.100.9");
    /* garbage in the last hop: the proxy itself, nothing the client chose */
    cr_assert_str_eq(derive("127.0.0.1", "198.51.100.7, evil", NULL, "127.0.0.1"), "127.0.0.1");
    cr_assert_str_eq(derive("127.0.0.1", "unknown", "198.51.100.8", "127.0.0.1"), "127.0.0.1");
}

Test(client_addr, the_option_takes_addresses_only)
{
    struct vo_trusted_proxies tp;
    struct vo_error e = {0};
    cr_assert_eq(vo_trusted_proxies_parse("127.0.0.1,::1", &tp, &e), VO_OK);
    cr_assert_eq(tp.n, 2);
    static const char *const bad[] = {
        "", "x", "127.0.0.1,", "10.0.0.0/8", "127.0.0.1:80", "[::1]", "localhost"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        cr_assert_eq(vo_trusted_proxies_parse(bad[i], &tp, &e), VO_EUSAGE, "\"%s\"", bad[i]);
        cr_assert_str_eq(e.field, "trusted-proxy");
    }
    GString *many = g_string_new("10.0.0.1");
    for (int i = 2; i <= 17; i++)
        g_string_append_printf(many, ",10.0.0.%d", i);
    cr_assert_eq(vo_trusted_proxies_parse(many->str, &tp, &e), VO_EUSAGE);
    g_string_free(many, TRUE);
}

/* ---- the API: a real server, clients from different loopback addresses ---- */

static char *dir;
static const char *pw = "correct horse battery";

static void make_db(void)
{
    dir = vo_test_tmpdir();
    struct vo_store *st = NULL;
    struct vo_svc svc;
    struct vo_arena a;
    vo_arena_init(&a, 0);
    vo_test_org(dir, &st, &svc, &a);
    static const char *const emails[] = {"anna@example.com", "boris@example.com"};
    for (size_t i = 0; i < G_N_ELEMENTS(emails); i++) {
        struct vo_user_input in = {
            .name = "Менеджер", .email = emails[i], .role = "manager", .password = pw};
        struct vo_error e = {0};
        cr_assert_eq(vo_svc_user_add(&svc, &in, NULL, NULL, &e), VO_OK, "%s", e.msg);
    }
    vo_svc_cleanup(&svc);
    vo_store_close(st);
    vo_arena_cleanup(&a);
}

static struct vo_server *serve(const char *trusted, int *port)
{
    char *db = vo_test_db(dir, "test.db");
    struct vo_server_opts o = {.db_path = db, .listen = "127.0.0.1:0", .threads = 2, .quiet = true};
    struct vo_error e = {0};
    if (trusted)
        cr_assert_eq(vo_trusted_proxies_parse(trusted, &o.trusted_proxies, &e), VO_OK);
    struct vo_server *s = NULL;
    cr_assert_eq(vo_server_start(&o, &s, port, &e), VO_OK, "%s", e.msg);
    g_free(db);
    return s;
}

static void drop_db(void)
{
    vo_test_rmtree(dir);
    g_free(dir);
}

struct resp {
    int status;
    int retry_after; /* -1 when absent */
    json_t *json;
};

/* POST /api/v1/session from the local address src with an optional extra
 * header line. */
static struct resp sign_in(int port, const char *src, const char *email, const char *password,
                           const char *header)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in me = peer4(src);
    cr_assert_eq(bind(fd, (struct sockaddr *)&me, sizeof me), 0, "bind %s", src);
    struct sockaddr_in sa = peer4("127.0.0.1");
    sa.sin_port = htons((uint16_t)port);
    cr_assert_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    json_t *j = json_pack("{s:s, s:s}", "email", email, "password", password);
    char *body = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    char *req = g_strdup_printf("POST /api/v1/session HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                "%s%sContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n"
                                "%s",
                                header ? header : "", header ? "\r\n" : "", strlen(body), body);
    cr_assert_eq(write(fd, req, strlen(req)), (ssize_t)strlen(req));
    free(body);
    g_free(req);
    GString *in = vo_test_read_all(fd);
    struct resp r = {.retry_after = -1};
    sscanf(in->str, "HTTP/1.1 %d", &r.status);
    char *end = strstr(in->str, "\r\n\r\n");
    cr_assert(end, "no response head: %s", in->str);
    *end = '\0';
    char *ra = strstr(in->str, "\r\nRetry-After: ");
    if (ra)
        r.retry_after = (int)strtol(ra + strlen("\r\nRetry-After: "), NULL, 10);
    r.json = json_loads(end + 4, 0, NULL);
    g_string_free(in, TRUE);
    return r;
}

static int status_of(struct resp r)
{
    json_decref(r.json);
    return r.status;
}

Test(login_api, the_victim_of_a_guesser_keeps_signing_in, .timeout = 120)
{
    make_db();
    int port = 0;
    struct vo_server *s = serve(NULL, &port);
    const char *attacker = "127.0.0.2", *home = "127.0.0.3";
    /* 16 wrong guesses from the attacker's address: five are checked, the
     * sixth (at once after the fifth) waits */
    for (int i = 0; i < 16; i++) {
        struct resp r = sign_in(port, attacker, "anna@example.com", "guess-guess", NULL);
        if (i < 5)
            cr_assert_eq(r.status, 401, "guess %d: %d", i + 1, r.status);
        else if (i == 5)
            cr_assert_eq(r.status, 429, "guess 6: %d", r.status);
        json_decref(r.json);
    }
    /* the 429: the error shape (field present), the wait in Retry-After;
     * sleeping it through and guessing again doubles it (1, 2, 4, 8 s when
     * nothing is slow), never beyond 60 s */
    int prev = 0;
    for (int round = 0; round < 3; round++) {
        struct resp r = sign_in(port, attacker, "anna@example.com", "guess-guess", NULL);
        cr_assert_eq(r.status, 429);
        json_t *err = json_object_get(r.json, "error");
        cr_assert_str_eq(json_string_value(json_object_get(err, "code")), "throttled");
        cr_assert(json_is_string(json_object_get(err, "message")));
        cr_assert(json_is_null(json_object_get(err, "field")), "field is present and null");
        cr_assert(r.retry_after >= 1 && r.retry_after <= 60, "Retry-After %d", r.retry_after);
        if (prev)
            cr_assert(r.retry_after > prev && r.retry_after <= 2 * prev, "Retry-After %d after %d",
                      r.retry_after, prev);
        prev = r.retry_after;
        json_decref(r.json);
        g_usleep((gulong)r.retry_after * G_USEC_PER_SEC);
        cr_assert_eq(status_of(sign_in(port, attacker, "anna@example.com", "guess", NULL)), 401);
    }
    /* the victim from her own address: signed in */
    cr_assert_eq(status_of(sign_in(port, home, "anna@example.com", pw, NULL)), 200);
    /* a colleague on the attacker's address (one office, one NAT): signed in */
    cr_assert_eq(status_of(sign_in(port, attacker, "boris@example.com", pw, NULL)), 200);
    /* the victim on the attacker's address waits as the guesser does (at
     * most 60 s after the last failure): docs/api-session.md */
    struct resp r = sign_in(port, attacker, "anna@example.com", pw, NULL);
    cr_assert_eq(r.status, 429);
    cr_assert(r.retry_after >= 1 && r.retry_after <= 60, "Retry-After %d", r.retry_after);
    json_decref(r.json);
    vo_server_stop(s);
    drop_db();
}

/* One row of a table of sign-ins: from src, times in a row, each answered
 * status. */
struct sign_in_case {
    const char *src, *email, *password, *header;
    int status, times;
};

static void sign_ins(int port, const struct sign_in_case *c)
{
    for (; c->src; c++)
        for (int i = 0; i < c->times; i++)
            cr_assert_eq(status_of(sign_in(port, c->src, c->email, c->password, c->header)),
                         c->status, "%s from %s with %s, try %d", c->email, c->src,
                         c->header ? c->header : "no header", i + 1);
}

Test(login_api, x_forwarded_for_is_ignored_unless_the_proxy_is_trusted, .timeout = 120)
{
    make_db();
    int port = 0;
    struct vo_server *s = serve(NULL, &port);
    /* not configured: a client cannot pick a fresh address per guess */
    for (int i = 0; i < 5; i++) {
        char *h = g_strdup_printf("X-Forwarded-For: 198.51.100.%d", i + 1);
        cr_assert_eq(status_of(sign_in(port, "127.0.0.2", "anna@example.com", "guess", h)), 401);
        g_free(h);
    }
    sign_ins(port,
             (const struct sign_in_case[]){
                 {"127.0.0.2", "anna@example.com", pw, "X-Forwarded-For: 198.51.100.99", 429, 1},
                 {"127.0.0.2", "anna@example.com", pw, "X-Real-IP: 198.51.100.98", 429, 1},
                 {0}});
    vo_server_stop(s);
    drop_db();
}

Test(login_api, a_trusted_proxys_header_names_the_client, .timeout = 120)
{
    make_db();
    int port = 0;
    struct vo_server *s = serve("127.0.0.1", &port);
    sign_ins(
        port,
        (const struct sign_in_case[]){
            /* behind the proxy, one guesser ... */
            {"127.0.0.1", "anna@example.com", "guess", "X-Forwarded-For: 6.6.6.6, 198.51.100.66",
             401, 5},
            {"127.0.0.1", "anna@example.com", pw, "X-Forwarded-For: 198.51.100.66", 429, 1},
            /* ... does not stop the victim behind the same proxy (what the
             * client put before the proxy's hop does not count) */
            {"127.0.0.1", "anna@example.com", pw, "X-Forwarded-For: 198.51.100.66, 198.51.100.5",
             200, 1},
            {"127.0.0.1", "anna@example.com", pw, "X-Real-IP: 198.51.100.6", 200, 1},
            /* a peer that is not the proxy is its own client, whatever it says */
            {"127.0.0.2", "boris@example.com", "guess", "X-Forwarded-For: 198.51.100.5", 401, 5},
            {"127.0.0.2", "boris@example.com", pw, NULL, 429, 1},
            {"127.0.0.1", "boris@example.com", pw, "X-Forwarded-For: 198.51.100.5", 200, 1},
            {0}});
    vo_server_stop(s);
    drop_db();
}
