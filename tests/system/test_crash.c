/*
 * test_crash.c - kill -9 under load: every write the server acknowledged
 * survives.
 *
 * The real binary serves a fresh company (voronka init, then a pipeline
 * and API tokens through the API). Each round, 32 client threads write
 * through the JSON API as fast as they can: they open deals, log calls on
 * their deals and move their deals between stages. At a moment drawn from a
 * fixed-seed PRNG (logged; VO_CRASH_SEED=N picks another) the server gets
 * SIGKILL. It is started again on the same files, and then:
 *
 *  - every write answered 2xx is there with what the answer said (each deal
 *    by GET with its title, amount and stage; each call with its deal and
 *    outcome; each deal's stage history holds every acknowledged move, in
 *    order, and nothing but the moves that were sent);
 *  - a write that got no answer may or may not be there, so the counts lie
 *    between the acknowledged and the acknowledged plus the unanswered;
 *  - each object has its audit row (the row and its audit commit together);
 *  - PRAGMA integrity_check says ok, and the server takes writes again.
 *
 * VO_CRASH_ROUNDS sets the number of kills (default 8). Exit 0 passed, 1
 * failed.
 *
 * A kill -9 loses nothing the process had handed to the kernel (the page
 * cache survives it), so this test cannot tell a commit synced to disk
 * from one only written: it would pass with no sync at all. The group
 * commit's sync (src/store/group_sync.c) is proved by
 * tests/unit/test_group_commit.c, which holds the sync and watches the
 * commits wait for it.
 */
#include "sys.h"

#include <glib.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define NCLIENTS 32

struct move {
    int64_t stage;
    bool acked; /* false: sent, no answer */
};

struct deal {
    int64_t id, amount;
    char *title;
    GArray *moves;      /* struct move, in the order they were sent */
    int64_t last_stage; /* the stage of the last move sent (or the first) */
};

struct activity {
    int64_t id, deal_id;
    char *outcome;
};

struct counts {
    int deals, acts, moves;
};

struct client {
    int idx, round;
    uint64_t rng;
    const char *token;
    GPtrArray *deals; /* struct deal *, acknowledged creates */
    GArray *acts;     /* struct activity, acknowledged */
    struct counts acked, unknown;
    int refused; /* moves answered 409 (a stage the deal may already be in) */
    int serial;
    char *error; /* the first unexpected answer, g_free */
    char *verify_error;
};

static struct sys_company co;
static struct sys_server srv;
static struct client clients[NCLIENTS];
static atomic_int stop_load;
static char *tmp_dir;

static void cleanup(void)
{
    sys_server_free(&srv);
    sys_tmp_done(tmp_dir, "the database and the server log are");
}

static uint64_t next(struct client *c)
{
    /* splitmix64: one state word per client thread */
    uint64_t z = (c->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void client_error(struct client *c, const char *what, const struct sys_resp *r)
{
    if (!c->error)
        c->error = g_strdup_printf("client %d: %s: status %d: %s", c->idx, what, r->status,
                                   r->body ? r->body : "");
}

static struct sys_resp post(struct client *c, const char *path, json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    struct sys_resp r = sys_http(srv.port, "POST", path, c->token, NULL, NULL, text);
    free(text);
    return r;
}

/* The end of one write, r's answer (freed here): when it was not acked,
 * counted in *unknown when there was no answer, else the client's error.
 * Whether the client goes on (only after an acked write). */
static bool settle(struct client *c, struct sys_resp *r, bool acked, int *unknown, const char *what)
{
    if (!acked && r->status == 0)
        (*unknown)++;
    else if (!acked)
        client_error(c, what, r);
    sys_resp_free(r);
    return acked;
}

/* One write; false when the client stops (no answer, or a wrong one). */
static bool create_deal(struct client *c)
{
    char *title = g_strdup_printf("c%02d r%d n%d", c->idx, c->round, c->serial++);
    int64_t amount = (int64_t)(next(c) % 1000000000);
    struct sys_resp r = post(c, "/api/v1/deals",
                             json_pack("{s:s, s:I, s:s}", "title", title, "amount",
                                       (json_int_t)amount, "pipeline", "Продажи"));
    bool acked = r.status == 201 && strcmp(sys_str(r.json, "title"), title) == 0 &&
                 sys_int(r.json, "amount") == amount &&
                 sys_int(r.json, "stage_id") == co.stage[0] && sys_int(r.json, "id") > 0;
    if (acked) {
        struct deal *d = g_new0(struct deal, 1);
        d->id = sys_int(r.json, "id");
        d->amount = amount;
        d->title = title;
        d->moves = g_array_new(FALSE, FALSE, sizeof(struct move));
        d->last_stage = co.stage[0];
        g_ptr_array_add(c->deals, d);
        c->acked.deals++;
        title = NULL;
    }
    g_free(title);
    return settle(c, &r, acked, &c->unknown.deals, "create a deal");
}

static bool log_call(struct client *c)
{
    struct deal *d = c->deals->pdata[next(c) % c->deals->len];
    char *outcome = g_strdup_printf("c%02d r%d n%d: перезвонить %llu", c->idx, c->round,
                                    c->serial++, (unsigned long long)(next(c) % 100000));
    struct sys_resp r = post(c, "/api/v1/activities",
                             json_pack("{s:s, s:I, s:s}", "type", "call", "deal_id",
                                       (json_int_t)d->id, "outcome", outcome));
    bool acked = r.status == 201 && sys_int(r.json, "deal_id") == d->id &&
                 strcmp(sys_str(r.json, "outcome"), outcome) == 0 && sys_int(r.json, "id") > 0;
    if (acked) {
        struct activity a = {.id = sys_int(r.json, "id"), .deal_id = d->id, .outcome = outcome};
        g_array_append_val(c->acts, a);
        c->acked.acts++;
        outcome = NULL;
    }
    g_free(outcome);
    return settle(c, &r, acked, &c->unknown.acts, "log a call");
}

static bool has_unanswered(const struct deal *d)
{
    for (guint i = 0; i < d->moves->len; i++)
        if (!g_array_index(d->moves, struct move, i).acked)
            return true;
    return false;
}

static bool move_deal(struct client *c)
{
    struct deal *d = c->deals->pdata[next(c) % c->deals->len];
    int64_t to = d->last_stage;
    while (to == d->last_stage)
        to = co.stage[next(c) % 4];
    char path[64];
    snprintf(path, sizeof path, "/api/v1/deals/%lld/move", (long long)d->id);
    struct sys_resp r = post(c, path, json_pack("{s:I}", "stage", (json_int_t)to));
    bool go = true;
    struct move m = {.stage = to, .acked = r.status == 200};
    if (r.status == 200 && sys_int(r.json, "stage_id") == to) {
        g_array_append_val(d->moves, m);
        d->last_stage = to;
        c->acked.moves++;
    } else if (r.status == 409 && has_unanswered(d)) {
        /* an unanswered move of an earlier round may have put it there */
        c->refused++;
        d->last_stage = to;
    } else if (r.status == 0) {
        g_array_append_val(d->moves, m);
        d->last_stage = to;
        c->unknown.moves++;
        go = false;
    } else {
        client_error(c, "move a deal", &r);
        go = false;
    }
    sys_resp_free(&r);
    return go;
}

static void *client_run(void *arg)
{
    struct client *c = arg;
    bool go = true;
    while (go && !atomic_load(&stop_load)) {
        unsigned pick = (unsigned)(next(c) % 100);
        if (c->deals->len == 0 || pick < 40)
            go = create_deal(c);
        else if (pick < 70)
            go = log_call(c);
        else
            go = move_deal(c);
    }
    return NULL;
}

/* Whether the stage history h (stage ids, oldest first) is the moves sent,
 * in order, with every acknowledged one and any of the unanswered ones:
 * can[i][j] = h[j..] is such a subsequence of moves[i..]. */
static bool history_fits(const struct move *m, size_t nm, const int64_t *h, size_t nh)
{
    bool *can = g_new0(bool, (nm + 1) * (nh + 1));
#define CAN(i, j) can[(i) * (nh + 1) + (j)]
    CAN(nm, nh) = true;
    for (size_t i = nm; i-- > 0;)
        for (size_t j = nh + 1; j-- > 0;)
            CAN(i, j) = (!m[i].acked && CAN(i + 1, j)) ||
                        (j < nh && h[j] == m[i].stage && CAN(i + 1, j + 1));
    bool ok = CAN(0, 0);
#undef CAN
    g_free(can);
    return ok;
}

static void verify_error(struct client *c, char *msg)
{
    if (!c->verify_error)
        c->verify_error = msg;
    else
        g_free(msg);
}

/* Checks every acknowledged write of c through the restarted server. */
static void *client_verify(void *arg)
{
    struct client *c = arg;
    char path[96];
    for (guint i = 0; i < c->deals->len && !c->verify_error; i++) {
        struct deal *d = c->deals->pdata[i];
        snprintf(path, sizeof path, "/api/v1/deals/%lld", (long long)d->id);
        struct sys_resp r = sys_http(srv.port, "GET", path, c->token, NULL, NULL, NULL);
        if (r.status != 200 || strcmp(sys_str(r.json, "title"), d->title) != 0 ||
            sys_int(r.json, "amount") != d->amount) {
            verify_error(c, g_strdup_printf("acknowledged deal %lld \"%s\" (amount %lld): %d %s",
                                            (long long)d->id, d->title, (long long)d->amount,
                                            r.status, r.body ? r.body : "(no answer)"));
            sys_resp_free(&r);
            break;
        }
        int64_t stage = sys_int(r.json, "stage_id");
        sys_resp_free(&r);
        if (d->moves->len == 0) {
            if (stage != co.stage[0])
                verify_error(c, g_strdup_printf("deal %lld was never moved but is in stage %lld",
                                                (long long)d->id, (long long)stage));
            continue;
        }
        snprintf(path, sizeof path, "/api/v1/deals/%lld/history", (long long)d->id);
        r = sys_http(srv.port, "GET", path, c->token, NULL, NULL, NULL);
        json_t *items = json_object_get(r.json, "items");
        size_t nh = json_array_size(items);
        int64_t *h = g_new0(int64_t, nh + 1);
        GString *hs = g_string_new(NULL), *ms = g_string_new(NULL);
        for (size_t j = 0; j < nh; j++) {
            h[j] = sys_int(json_array_get(items, j), "stage_id");
            g_string_append_printf(hs, " %lld", (long long)h[j]);
        }
        const struct move *m = (const struct move *)(void *)d->moves->data;
        for (guint j = 0; j < d->moves->len; j++)
            g_string_append_printf(ms, " %lld%s", (long long)m[j].stage, m[j].acked ? "" : "?");
        if (r.status != 200 || !history_fits(m, d->moves->len, h, nh))
            verify_error(c, g_strdup_printf("deal %lld: history [%s ] (status %d) does not fit "
                                            "the moves sent [%s ] (? = no answer)",
                                            (long long)d->id, hs->str, r.status, ms->str));
        else if (stage != (nh ? h[nh - 1] : co.stage[0]))
            verify_error(c, g_strdup_printf("deal %lld is in stage %lld, its history [%s ]",
                                            (long long)d->id, (long long)stage, hs->str));
        g_string_free(hs, TRUE);
        g_string_free(ms, TRUE);
        g_free(h);
        sys_resp_free(&r);
    }
    for (guint i = 0; i < c->acts->len && !c->verify_error; i++) {
        struct activity *a = &g_array_index(c->acts, struct activity, i);
        snprintf(path, sizeof path, "/api/v1/activities/%lld", (long long)a->id);
        struct sys_resp r = sys_http(srv.port, "GET", path, c->token, NULL, NULL, NULL);
        if (r.status != 200 || strcmp(sys_str(r.json, "outcome"), a->outcome) != 0 ||
            sys_int(r.json, "deal_id") != a->deal_id || strcmp(sys_str(r.json, "type"), "call"))
            verify_error(c, g_strdup_printf("acknowledged call %lld \"%s\" on deal %lld: %d %s",
                                            (long long)a->id, a->outcome, (long long)a->deal_id,
                                            r.status, r.body ? r.body : "(no answer)"));
        sys_resp_free(&r);
    }
    return NULL;
}

static void run_threads(void *(*fn)(void *))
{
    pthread_t th[NCLIENTS];
    for (int i = 0; i < NCLIENTS; i++)
        if (pthread_create(&th[i], NULL, fn, &clients[i]))
            sys_fail("pthread_create");
    for (int i = 0; i < NCLIENTS; i++)
        pthread_join(th[i], NULL);
}

static struct counts total(bool acked)
{
    struct counts t = {0};
    for (int i = 0; i < NCLIENTS; i++) {
        const struct counts *k = acked ? &clients[i].acked : &clients[i].unknown;
        t.deals += k->deals;
        t.acts += k->acts;
        t.moves += k->moves;
    }
    return t;
}

static void check_count(const char *what, const char *sql, int acked, int unknown)
{
    int64_t n = sys_count(co.db, sql, NULL);
    if (n < acked || n > acked + unknown)
        sys_fail("%s: %lld in the database; %d acknowledged, %d unanswered", what, (long long)n,
                 acked, unknown);
}

/* After a restart: the API shows every acknowledged write, the files are
 * sound, each row has its audit row. */
static void verify(void)
{
    run_threads(client_verify);
    for (int i = 0; i < NCLIENTS; i++)
        if (clients[i].verify_error)
            sys_fail("after the restart: %s", clients[i].verify_error);
    char *ic = sys_integrity(co.db);
    if (strcmp(ic, "ok") != 0)
        sys_fail("PRAGMA integrity_check: %s", ic);
    g_free(ic);
    struct counts a = total(true), u = total(false);
    check_count("deals", "SELECT count(*) FROM deals", a.deals, u.deals);
    check_count("calls", "SELECT count(*) FROM activities", a.acts, u.acts);
    check_count("stage changes", "SELECT count(*) FROM stage_changes", a.moves, u.moves);
    static const struct {
        const char *what, *sql;
    } audit[] = {
        {"deals without their audit row (or the reverse)",
         "SELECT (SELECT count(*) FROM deals) - "
         "(SELECT count(*) FROM audit_log WHERE action = 'deal.create')"},
        {"calls without their audit row (or the reverse)",
         "SELECT (SELECT count(*) FROM activities) - "
         "(SELECT count(*) FROM audit_log WHERE action = 'activity.create')"},
        {"stage changes without their audit row (or the reverse)",
         "SELECT (SELECT count(*) FROM stage_changes) - "
         "(SELECT count(*) FROM audit_log WHERE action = 'deal.move')"},
    };
    for (size_t i = 0; i < sizeof audit / sizeof audit[0]; i++) {
        int64_t d = sys_count(co.db, audit[i].sql, NULL);
        if (d != 0)
            sys_fail("%s: %lld", audit[i].what, (long long)d);
    }
}

int main(void)
{
    sys_init("test_crash", cleanup);
    const char *env_seed = getenv("VO_CRASH_SEED");
    const char *env_rounds = getenv("VO_CRASH_ROUNDS");
    guint32 seed = env_seed ? (guint32)strtoul(env_seed, NULL, 10) : 20261203u;
    int rounds = env_rounds ? (int)strtol(env_rounds, NULL, 10) : 8;
    if (rounds < 1 || rounds > 100)
        sys_fail("VO_CRASH_ROUNDS must be 1..100");
    sys_log("seed %u (VO_CRASH_SEED=%u reproduces the kill times), %d rounds, %d clients", seed,
            seed, rounds, NCLIENTS);
    GRand *rand = g_rand_new_with_seed(seed);

    tmp_dir = sys_tmpdir();
    char *db = g_build_filename(tmp_dir, "crash.db", NULL);
    srv.log = g_build_filename(tmp_dir, "server.log", NULL);
    sys_company_init(&co, &srv, db, NCLIENTS);
    g_free(db);
    for (int i = 0; i < NCLIENTS; i++) {
        clients[i].idx = i;
        clients[i].token = co.tokens[i];
        clients[i].deals = g_ptr_array_new();
        clients[i].acts = g_array_new(FALSE, FALSE, sizeof(struct activity));
    }
    sys_log("company ready: %s", co.db);

    for (int round = 1; round <= rounds; round++) {
        int delay_ms = g_rand_int_range(rand, 300, 1500);
        struct counts a0 = total(true), u0 = total(false);
        atomic_store(&stop_load, 0);
        pthread_t th[NCLIENTS];
        for (int i = 0; i < NCLIENTS; i++) {
            clients[i].round = round;
            clients[i].rng = ((uint64_t)seed << 32) ^ (uint64_t)(round * 1000 + i);
            if (pthread_create(&th[i], NULL, client_run, &clients[i]))
                sys_fail("pthread_create");
        }
        g_usleep((gulong)delay_ms * 1000);
        int st = sys_server_signal(&srv, SIGKILL);
        if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
            sys_fail("round %d: the server had already ended before the kill (status %d)", round,
                     st);
        atomic_store(&stop_load, 1);
        for (int i = 0; i < NCLIENTS; i++)
            pthread_join(th[i], NULL);
        for (int i = 0; i < NCLIENTS; i++)
            if (clients[i].error)
                sys_fail("round %d, under load: %s", round, clients[i].error);
        struct counts a = total(true), u = total(false);
        sys_log("round %d: kill -9 after %d ms; acknowledged %d deals, %d calls, %d moves; "
                "unanswered %d",
                round, delay_ms, a.deals - a0.deals, a.acts - a0.acts, a.moves - a0.moves,
                (u.deals - u0.deals) + (u.acts - u0.acts) + (u.moves - u0.moves));
        if (a.deals + a.acts + a.moves == a0.deals + a0.acts + a0.moves)
            sys_fail("round %d: no write was acknowledged before the kill", round);
        sys_server_start(&srv);
        verify();
        sys_log("round %d: restarted; all %d deals, %d calls, %d moves acknowledged so far are "
                "there; integrity ok",
                round, a.deals, a.acts, a.moves);
    }

    /* The server takes writes again after the last restart. */
    struct client *c = &clients[0];
    c->round = rounds + 1;
    if (!create_deal(c) || !log_call(c))
        sys_fail("after the last restart: %s", c->error ? c->error : "no answer");
    verify();
    sys_server_stop(&srv);
    char *ic = sys_integrity(co.db);
    if (strcmp(ic, "ok") != 0)
        sys_fail("PRAGMA integrity_check after the stop: %s", ic);
    g_free(ic);
    int refused = 0;
    for (int i = 0; i < NCLIENTS; i++)
        refused += clients[i].refused;
    struct counts a = total(true), u = total(false);
    sys_log("passed: %d kills; %d deals, %d calls, %d moves acknowledged and found; %d writes "
            "unanswered, %d moves refused as already done",
            rounds, a.deals, a.acts, a.moves, u.deals + u.acts + u.moves, refused);

    for (int i = 0; i < NCLIENTS; i++) {
        for (guint j = 0; j < clients[i].deals->len; j++) {
            struct deal *d = clients[i].deals->pdata[j];
            g_free(d->title);
            g_array_free(d->moves, TRUE);
            g_free(d);
        }
        g_ptr_array_free(clients[i].deals, TRUE);
        for (guint j = 0; j < clients[i].acts->len; j++)
            g_free(g_array_index(clients[i].acts, struct activity, j).outcome);
        g_array_free(clients[i].acts, TRUE);
    }
    g_rand_free(rand);
    sys_company_free(&co);
    cleanup();
    return 0;
}
