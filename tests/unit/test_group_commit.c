/*
 * test_group_commit.c - the group commit of SQLite write connections
 * (src/store/group_sync.c, store.c's WAL hook): a commit returns only after
 * a sync of the -wal file that began after its COMMIT, and concurrent
 * commits share one sync.
 *
 * The sync call is the test's (vo_gsync_set_fn): it counts, and can hold
 * the first sync blocked until the test lets it go, so grouping is
 * deterministic: while the leader's sync is held, N other connections
 * commit (their rows are in the WAL, their tickets counted by the barrier)
 * and wait; released, exactly one more sync acknowledges all N, and none
 * of them returned before that second sync had ended.
 *
 * This is what proves durability: a kill -9 (tests/system/test_crash.c)
 * loses nothing from the page cache, so only a test of the sync itself can
 * show that no commit is acknowledged before its frames are synced.
 * SQLite only (PostgreSQL groups its own commits).
 *
 * Also the server's handles' two ways through the file: the shared
 * writer (one connection for every sharing handle's write transactions)
 * and the read scope (a GET's reads in one read transaction, ended by a
 * write).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/group_sync.h"
#include "store/store.h"
#include "store/store_conn.h"
#include "store/store_int.h"
#include "testdb.h"
#include "testutil.h"

#define N 8

/* The test's sync: counted once armed; the first armed one can be held. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static bool armed, hold, entered, fail_syncs;
static int started, ended; /* armed syncs begun, and ended */

static int test_sync(int fd)
{
    pthread_mutex_lock(&mu);
    if (!armed) {
        pthread_mutex_unlock(&mu);
        return fdatasync(fd);
    }
    started++;
    entered = true;
    pthread_cond_broadcast(&cv);
    while (hold)
        pthread_cond_wait(&cv, &mu);
    bool fail = fail_syncs;
    int rc = fail ? -1 : fdatasync(fd);
    ended++;
    pthread_mutex_unlock(&mu);
    if (fail)
        errno = EIO;
    return rc;
}

static int syncs_ended(void)
{
    pthread_mutex_lock(&mu);
    int n = ended;
    pthread_mutex_unlock(&mu);
    return n;
}

static char *dir, *path;

/* Whether the handles of a test share their writes (the server's). */
static bool share;

static void setup(void)
{
    share = false;
    vo_gsync_set_fn(test_sync);
    dir = vo_test_tmpdir();
    path = g_strdup_printf("%s/gc.db", dir);
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(path, VO_STORE_CREATE, &st, &e), VO_OK, "%s", e.msg);
    vo_store_close(st);
}

static void teardown(void)
{
    vo_gsync_set_fn(NULL);
    vo_test_rmtree(dir);
    g_free(dir);
    g_free(path);
}

TestSuite(group_commit, .init = setup, .fini = teardown, .timeout = 60);

static struct vo_store *open_db(void)
{
    struct vo_store *st = NULL;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_open(path, 0, &st, &e), VO_OK, "%s", e.msg);
    vo_store_share_writes(st, share);
    return st;
}

/* One write transaction on st: an org named name. */
static vo_err commit_org(struct vo_store *st, const char *name, struct vo_error *e)
{
    vo_err rc = vo_store_begin(st, e);
    if (rc)
        return rc;
    struct vo_org o = {.name = name, .tz = "Europe/Moscow", .currency = "RUB", .settings = "{}"};
    rc = vo_store_org_insert(st, &o, e);
    if (rc) {
        vo_store_rollback(st);
        return rc;
    }
    return vo_store_commit(st, e);
}

static int64_t orgs_named(const char *like)
{
    char *sql = g_strdup_printf("SELECT count(*) FROM orgs WHERE name LIKE '%s'", like);
    int64_t n = vo_test_sql_int(path, sql);
    g_free(sql);
    return n;
}

static void arm(bool held)
{
    pthread_mutex_lock(&mu);
    armed = true;
    hold = held;
    pthread_mutex_unlock(&mu);
}

static void let_go(void)
{
    pthread_mutex_lock(&mu);
    hold = false;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

struct writer {
    struct vo_store *st;
    char name[16];
    vo_err rc;
    char msg[sizeof((struct vo_error *)0)->msg];
    int ended_at_return; /* armed syncs ended when the commit returned */
    atomic_bool *returned;
};

static void *write_one(void *arg)
{
    struct writer *w = arg;
    struct vo_error e = {0};
    w->rc = commit_org(w->st, w->name, &e);
    w->ended_at_return = syncs_ended();
    snprintf(w->msg, sizeof w->msg, "%s", e.msg);
    atomic_store(w->returned, true);
    return NULL;
}

static void wait_tickets(uint64_t want)
{
    for (int i = 0; i < 10000 && vo_gsync_tickets(path) < want; i++)
        usleep(1000);
    cr_assert_eq(vo_gsync_tickets(path), want, "commits counted by the barrier");
}

static void concurrent_commits_share_one_sync(void)
{
    struct vo_store *lead_st = open_db();
    struct writer w[N];
    atomic_bool lead_returned = false, returned[N];
    for (int i = 0; i < N; i++) {
        w[i] = (struct writer){.st = open_db(), .returned = &returned[i]};
        snprintf(w[i].name, sizeof w[i].name, "gc-%d", i);
        atomic_init(&returned[i], false);
    }
    uint64_t base = vo_gsync_tickets(path);

    /* the leader's sync held */
    arm(true);
    struct writer lead = {.st = lead_st, .name = "gc-lead", .returned = &lead_returned};
    pthread_t lt, t[N];
    cr_assert_eq(pthread_create(&lt, NULL, write_one, &lead), 0);
    pthread_mutex_lock(&mu);
    while (!entered)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    wait_tickets(base + 1);

    /* N commits land in the WAL while it is held, and wait */
    for (int i = 0; i < N; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, write_one, &w[i]), 0);
    wait_tickets(base + 1 + N);
    cr_assert_eq(orgs_named("gc-%"), N + 1, "every row is committed (in the WAL) already");
    usleep(20000);
    cr_assert(!atomic_load(&lead_returned), "the leader returned before its sync ended");
    for (int i = 0; i < N; i++)
        cr_assert(!atomic_load(&returned[i]), "commit %d returned before any sync ended", i);

    let_go();
    pthread_join(lt, NULL);
    for (int i = 0; i < N; i++)
        pthread_join(t[i], NULL);
    cr_assert_eq(lead.rc, VO_OK, "%s", lead.msg);
    cr_assert_geq(lead.ended_at_return, 1);
    for (int i = 0; i < N; i++) {
        cr_assert_eq(w[i].rc, VO_OK, "%s", w[i].msg);
        /* the first sync began before their COMMITs: only the second covers them */
        cr_assert_geq(w[i].ended_at_return, 2, "commit %d acknowledged by a sync begun before it",
                      i);
    }
    pthread_mutex_lock(&mu);
    int n_started = started, n_ended = ended;
    pthread_mutex_unlock(&mu);
    cr_assert_eq(n_started, 2, "one sync for the leader, one for the %d that waited", N);
    cr_assert_eq(n_ended, 2);
    cr_assert_eq(orgs_named("gc-%"), N + 1);
    vo_store_close(lead_st);
    for (int i = 0; i < N; i++)
        vo_store_close(w[i].st);
}

static void each_commit_alone_is_synced_and_reads_are_not(void)
{
    struct vo_store *st = open_db();
    arm(false);
    struct vo_error e = {0};
    for (int i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "one-%d", i);
        cr_assert_eq(commit_org(st, name, &e), VO_OK, "%s", e.msg);
        cr_assert_eq(syncs_ended(), i + 1, "commit %d returned before its own sync", i);
    }
    /* a write transaction that writes nothing: no frames, no sync */
    cr_assert_eq(vo_store_begin(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(syncs_ended(), 5);
    cr_assert_eq(orgs_named("one-%"), 5);
    vo_store_close(st);
}

static void a_failed_sync_fails_the_commit_and_the_next(void)
{
    struct vo_store *st = open_db();
    pthread_mutex_lock(&mu);
    fail_syncs = true;
    pthread_mutex_unlock(&mu);
    arm(false);
    struct vo_error e = {0};
    cr_assert_eq(commit_org(st, "lost-1", &e), VO_ESTORE);
    cr_assert(strstr(e.msg, "the disk did not confirm it") != NULL, "%s", e.msg);
    cr_assert(strstr(e.msg, g_strerror(EIO)) != NULL, "%s", e.msg);
    /* the commit happened (it is in the WAL), but was not acknowledged */
    cr_assert_eq(orgs_named("lost-1"), 1);
    /* sticky: a sync that succeeds later proves nothing of the lost pages */
    pthread_mutex_lock(&mu);
    fail_syncs = false;
    pthread_mutex_unlock(&mu);
    struct vo_error e2 = {0};
    cr_assert_eq(commit_org(st, "lost-2", &e2), VO_ESTORE);
    cr_assert(strstr(e2.msg, "the disk did not confirm it") != NULL, "%s", e2.msg);
    cr_assert_eq(syncs_ended(), 1, "no sync is tried once one has failed");
    vo_store_close(st);
    /* every connection closed: a new barrier, commits acknowledged again */
    st = open_db();
    struct vo_error e3 = {0};
    cr_assert_eq(commit_org(st, "after", &e3), VO_OK, "%s", e3.msg);
    cr_assert_eq(syncs_ended(), 2);
    vo_store_close(st);
}

Test(group_commit, concurrent_commits_share_one_sync)
{
    concurrent_commits_share_one_sync();
}

Test(group_commit, concurrent_commits_share_one_sync_shared)
{
    share = true;
    concurrent_commits_share_one_sync();
}

Test(group_commit, each_commit_alone_is_synced_and_reads_are_not)
{
    each_commit_alone_is_synced_and_reads_are_not();
}

Test(group_commit, each_commit_alone_is_synced_and_reads_are_not_shared)
{
    share = true;
    each_commit_alone_is_synced_and_reads_are_not();
}

Test(group_commit, a_failed_sync_fails_the_commit_and_the_next)
{
    a_failed_sync_fails_the_commit_and_the_next();
}

Test(group_commit, a_failed_sync_fails_the_commit_and_the_next_shared)
{
    share = true;
    a_failed_sync_fails_the_commit_and_the_next();
}

/* The descriptors of the process open on the database file: one per
 * SQLite connection. */
static int db_descriptors(void)
{
    int n = 0;
    char *real = realpath(path, NULL);
    cr_assert(real);
    GDir *d = g_dir_open("/proc/self/fd", 0, NULL);
    cr_assert(d);
    const char *f;
    while ((f = g_dir_read_name(d)) != NULL) {
        char *link = g_strdup_printf("/proc/self/fd/%s", f);
        char *to = g_file_read_link(link, NULL);
        if (to && strcmp(to, real) == 0)
            n++;
        g_free(to);
        g_free(link);
    }
    g_dir_close(d);
    free(real);
    return n;
}

struct many {
    struct vo_store *st;
    int k;
    vo_err rc;
};

static void *write_many(void *arg)
{
    struct many *m = arg;
    for (int i = 0; i < 25 && !m->rc; i++) {
        char name[24];
        snprintf(name, sizeof name, "many-%d-%d", m->k, i);
        struct vo_error e = {0};
        m->rc = commit_org(m->st, name, &e);
    }
    return NULL;
}

Test(group_commit, shared_handles_write_on_one_connection_closed_with_the_last)
{
    share = true;
    int before = db_descriptors();
    struct many m[N];
    pthread_t t[N];
    for (int i = 0; i < N; i++)
        m[i] = (struct many){.st = open_db(), .k = i};
    cr_assert_eq(db_descriptors(), before + N);
    for (int i = 0; i < N; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, write_many, &m[i]), 0);
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(m[i].rc, VO_OK, "handle %d", i);
    }
    int now = db_descriptors();
    cr_assert_eq(now, before + N + 1, "the handles wrote on one more connection (%d, %d)", before,
                 now);
    cr_assert_eq(orgs_named("many-%"), N * 25);

    /* a handle reads its own commit on its own connection at once */
    struct vo_error e = {0};
    cr_assert_eq(commit_org(m[0].st, "mine", &e), VO_OK, "%s", e.msg);
    int64_t n = -1;
    vo_stmt *q = vo_st_prep_dyn(m[0].st, "SELECT count(*) FROM orgs WHERE name = 'mine'", &e);
    cr_assert(q, "%s", e.msg);
    cr_assert_eq(vo_step(q), VO_ROW);
    n = vo_col_i64(q, 0);
    vo_st_finalize(q);
    cr_assert_eq(n, 1);

    /* a rollback writes nothing and lets the writer go */
    cr_assert_eq(vo_store_begin(m[1].st, &e), VO_OK, "%s", e.msg);
    struct vo_org o = {
        .name = "undone", .tz = "Europe/Moscow", .currency = "RUB", .settings = "{}"};
    cr_assert_eq(vo_store_org_insert(m[1].st, &o, &e), VO_OK, "%s", e.msg);
    vo_store_rollback(m[1].st);
    cr_assert_eq(commit_org(m[2].st, "after-undo", &e), VO_OK, "%s", e.msg);
    cr_assert_eq(orgs_named("undone"), 0);
    cr_assert_eq(orgs_named("after-undo"), 1);

    for (int i = 0; i < N - 1; i++)
        vo_store_close(m[i].st);
    /* (SQLite keeps a closed connection's descriptor while another
     * holds a lock on the file: counted again only once all are closed) */
    cr_assert_eq(commit_org(m[N - 1].st, "last", &e), VO_OK, "%s", e.msg);
    vo_store_close(m[N - 1].st);
    cr_assert_eq(db_descriptors(), before, "the last handle closed the writer");
}

/* How many orgs named name st reads on its own connection. */
static int64_t orgs_on(struct vo_store *st, const char *like)
{
    struct vo_error e = {0};
    vo_stmt *q = vo_st_prep_dyn(st, "SELECT count(*) FROM orgs WHERE name LIKE ?1", &e);
    cr_assert(q, "%s", e.msg);
    vo_bind_text(q, 1, like);
    cr_assert_eq(vo_step(q), VO_ROW);
    int64_t n = vo_col_i64(q, 0);
    vo_st_finalize(q);
    return n;
}

/* The read scope (store.h, vo_store_read_scope): st's reads come from one
 * snapshot, another handle's commits unseen, until a write of st's, a
 * rollback or the scope's end; a write needs no retry for it (no busy
 * snapshot). */
static void a_read_scope_is_one_snapshot_until_a_write(void)
{
    struct vo_store *a = open_db(), *b = open_db();
    struct vo_error e = {0};
    const char *like = "scope-%";

    vo_store_read_scope(a, true);
    cr_assert_eq(orgs_on(a, like), 0);
    cr_assert_eq(commit_org(b, "scope-1", &e), VO_OK, "%s", e.msg);
    cr_assert_eq(orgs_on(a, like), 0, "a read in the scope took a new snapshot");
    cr_assert(!sqlite3_get_autocommit(a->db), "no read transaction in the scope");
    /* a write transaction ends it: a's commit and b's are read after */
    cr_assert_eq(commit_org(a, "scope-2", &e), VO_OK, "%s", e.msg);
    cr_assert_eq(orgs_on(a, like), 2, "a write kept the scope's snapshot");

    /* a statement that writes on its own ends it too, before it runs */
    vo_store_read_scope(a, true);
    cr_assert_eq(orgs_on(a, like), 2);
    cr_assert_eq(commit_org(b, "scope-3", &e), VO_OK, "%s", e.msg);
    cr_assert_eq(orgs_on(a, like), 2);
    vo_stmt *w = vo_st_prep_dyn(a, "UPDATE orgs SET name = 'scope-4' WHERE name = 'scope-3'", &e);
    cr_assert(w, "%s", e.msg);
    cr_assert_eq(vo_step(w), VO_DONE, "a write in the scope failed (a busy snapshot)");
    vo_st_finalize(w);
    cr_assert_eq(orgs_on(a, "scope-4"), 1, "the write did not see b's commit");
    cr_assert(sqlite3_get_autocommit(a->db));

    /* a rollback and the scope's end end it; a consistent read after a
     * read in the scope begins (vo_store_read_pair wants no transaction) */
    vo_store_read_scope(a, true);
    cr_assert_eq(orgs_on(a, like), 3);
    cr_assert_eq(commit_org(b, "scope-5", &e), VO_OK, "%s", e.msg);
    vo_store_rollback(a);
    cr_assert_eq(orgs_on(a, like), 4, "a rollback kept the scope");
    vo_store_read_scope(a, true);
    cr_assert_eq(orgs_on(a, like), 4);
    vo_store_read_scope(a, false);
    cr_assert(sqlite3_get_autocommit(a->db), "the scope's end left a transaction open");
    vo_store_read_scope(a, true);
    cr_assert_eq(orgs_on(a, like), 4);
    struct vo_store *two = NULL;
    cr_assert_eq(vo_store_read_pair(a, &two, &e), VO_OK, "%s", e.msg);
    vo_store_read_end(a);
    vo_store_close(two);

    /* inside a write transaction it is nothing */
    cr_assert_eq(vo_store_begin(a, &e), VO_OK, "%s", e.msg);
    vo_store_read_scope(a, true);
    cr_assert(!a->scoped);
    vo_store_rollback(a);
    vo_store_close(a);
    vo_store_close(b);
}

Test(group_commit, a_read_scope_is_one_snapshot_until_a_write)
{
    a_read_scope_is_one_snapshot_until_a_write();
}

Test(group_commit, a_read_scope_is_one_snapshot_until_a_write_shared)
{
    share = true;
    a_read_scope_is_one_snapshot_until_a_write();
}
