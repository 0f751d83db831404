/*
 * test_disk_full.c - the database on a disk that fills up while the server
 * writes.
 *
 * An 8 MiB tmpfs is mounted in a mount namespace of this process (as root:
 * unshare(CLONE_NEWNS); otherwise in a user namespace, as `unshare -r -m`
 * does), so nobody else sees it and it goes away with the process and the
 * server (which dies with it) whatever happens; it is unmounted on every
 * path all the same. Neither possible: exit 77, which ctest reports as not
 * run, never as passed.
 *
 * The company's database (and its -wal and -shm) lives there, served by
 * the real binary. A filler file takes the rest of the space, then:
 *
 *  - writes go on until the disk refuses one: every answer is 201 (the
 *    write is there) or 507 {"code":"storage_full", the one message,
 *    "field":null} (it is not), never another status, never no answer;
 *  - while full, 8 clients writing at once get the same, and reads (a deal,
 *    a list, a report, the health check) are answered 200;
 *  - once the filler is deleted, without a restart, 48 writes from 8 clients
 *    (more than the server's pool of store handles, so each handle that
 *    failed is used again) all succeed and read back;
 *  - after a clean stop, PRAGMA integrity_check is ok, no refused write is
 *    in the database, every acknowledged one is, each with its audit row.
 */
#define _GNU_SOURCE /* unshare, CLONE_NEWNS, CLONE_NEWUSER */
#include "sys.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define DISK_KIB 8192
#define NTHREADS 8
#define FULL_MSG                                                                                   \
    "the server's disk is full: the change was not saved (free disk space on the server, then "    \
    "try again)"

static struct sys_company co;
static struct sys_server srv;
static char *tmp_dir, *mnt;
static bool mounted;

static void cleanup(void)
{
    sys_server_free(&srv);
    if (mounted && umount2(mnt, MNT_DETACH) == 0)
        mounted = false;
    sys_tmp_done(tmp_dir, "the server log is");
}

static bool write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return false;
    bool ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    close(fd);
    return ok;
}

/* Mounts a tmpfs of DISK_KIB on dir in a mount namespace of our own;
 * false (with the reason logged) when this process may not. */
static bool mount_small_disk(const char *dir)
{
    char opts[64];
    snprintf(opts, sizeof opts, "size=%dk,mode=0700", DISK_KIB);
    if (geteuid() == 0) {
        if (unshare(CLONE_NEWNS) == 0 && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
            mount("tmpfs", dir, "tmpfs", 0, opts) == 0)
            return true;
        sys_log("as root, a tmpfs in a mount namespace: %s; trying a user namespace",
                strerror(errno));
    }
    /* What `unshare -r -m` does: this user is root in a new user
     * namespace, which may mount a tmpfs in its own mount namespace. */
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
        sys_log("unshare(CLONE_NEWUSER | CLONE_NEWNS): %s", strerror(errno));
        return false;
    }
    char map[64];
    write_file("/proc/self/setgroups", "deny");
    snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
    if (!write_file("/proc/self/uid_map", map)) {
        sys_log("cannot write /proc/self/uid_map: %s", strerror(errno));
        return false;
    }
    snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
    if (!write_file("/proc/self/gid_map", map)) {
        sys_log("cannot write /proc/self/gid_map: %s", strerror(errno));
        return false;
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("tmpfs", dir, "tmpfs", 0, opts) != 0) {
        sys_log("mount a tmpfs in a user namespace: %s", strerror(errno));
        return false;
    }
    return true;
}

/* Fills the disk with path: bytes written. */
static long long fill(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        sys_fail("cannot create %s: %s", path, strerror(errno));
    static char block[65536];
    long long total = 0;
    for (size_t chunk = sizeof block; chunk >= 512; chunk /= 2) {
        ssize_t n;
        while ((n = write(fd, block, chunk)) > 0)
            total += n;
        if (n < 0 && errno != ENOSPC)
            sys_fail("filling %s: %s", path, strerror(errno));
    }
    fsync(fd);
    close(fd);
    return total;
}

/* What became of one write. */
struct outcome {
    char *marker; /* the call's outcome text, g_free */
    int64_t id;   /* > 0 when acknowledged */
    bool refused; /* 507 storage_full */
};

static GMutex outcomes_lock;
static GPtrArray *outcomes; /* struct outcome * */
static int full_answers;

/* Logs a call with a ~4 KB outcome; records what happened. Any answer but
 * 201 or 507 storage_full (or none) fails the test. Returns the status. */
static int log_call(const char *token, int64_t deal_id, const char *tag, int n)
{
    GString *text = g_string_new(NULL);
    g_string_printf(text, "%s %d: ", tag, n);
    while (text->len < 4000)
        g_string_append(text, "звонок ");
    json_t *body = json_pack("{s:s, s:I, s:s}", "type", "call", "deal_id", (json_int_t)deal_id,
                             "outcome", text->str);
    char *json = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    struct sys_resp r = sys_http(srv.port, "POST", "/api/v1/activities", token, NULL, NULL, json);
    free(json);
    struct outcome *o = g_new0(struct outcome, 1);
    o->marker = g_string_free(text, FALSE);
    int status = r.status;
    if (r.status == 201 && strcmp(sys_str(r.json, "outcome"), o->marker) == 0) {
        o->id = sys_int(r.json, "id");
    } else if (r.status == 507) {
        json_t *err = json_object_get(r.json, "error");
        if (strcmp(sys_str(err, "code"), "storage_full") != 0 ||
            strcmp(sys_str(err, "message"), FULL_MSG) != 0 ||
            !json_is_null(json_object_get(err, "field")))
            sys_fail("a write on the full disk: 507 with the wrong error: %s", r.body);
        o->refused = true;
    } else {
        sys_fail("a call logged on the full disk (%s %d): status %d, want 201 or 507: %s", tag, n,
                 r.status, r.body ? r.body : "(no answer)");
    }
    sys_resp_free(&r);
    g_mutex_lock(&outcomes_lock);
    g_ptr_array_add(outcomes, o);
    if (o->refused)
        full_answers++;
    g_mutex_unlock(&outcomes_lock);
    return status;
}

static int64_t deal_ids[NTHREADS];

struct burst {
    int idx, n;
    const char *tag;
};

static void *burst_run(void *arg)
{
    struct burst *b = arg;
    for (int i = 0; i < b->n; i++)
        log_call(co.tokens[b->idx], deal_ids[b->idx], b->tag, b->idx * 100 + i);
    return NULL;
}

/* NTHREADS clients logging n calls each at once. */
static void burst(const char *tag, int n)
{
    pthread_t th[NTHREADS];
    struct burst b[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        b[i] = (struct burst){.idx = i, .n = n, .tag = tag};
        if (pthread_create(&th[i], NULL, burst_run, &b[i]))
            sys_fail("pthread_create");
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(th[i], NULL);
}

static int count_since(guint from, bool refused)
{
    int n = 0;
    for (guint i = from; i < outcomes->len; i++)
        n += ((struct outcome *)outcomes->pdata[i])->refused == refused;
    return n;
}

/* GET path answers 200 (the disk being full or not). */
static struct sys_resp read_ok(const char *path)
{
    return sys_http_want(200, srv.port, "GET", path, co.tokens[0], NULL);
}

int main(void)
{
    sys_init("test_disk_full", cleanup);
    tmp_dir = sys_tmpdir();
    mnt = g_build_filename(tmp_dir, "disk", NULL);
    if (mkdir(mnt, 0700) != 0)
        sys_fail("mkdir %s: %s", mnt, strerror(errno));
    if (!mount_small_disk(mnt)) {
        fprintf(stderr, "test_disk_full: SKIPPED: cannot mount a small tmpfs (not root, and no "
                        "user namespaces); see the reason above\n");
        sys_rmtree(tmp_dir);
        return 77;
    }
    mounted = true;
    sys_log("a %d KiB tmpfs on %s (a mount namespace of this test)", DISK_KIB, mnt);
    outcomes = g_ptr_array_new();

    char *db = g_build_filename(mnt, "full.db", NULL);
    srv.log = g_build_filename(tmp_dir, "server.log", NULL); /* off the small disk */
    srv.threads = 4;
    sys_company_init(&co, &srv, db, NTHREADS);
    g_free(db);
    for (int i = 0; i < NTHREADS; i++) {
        char *title = g_strdup_printf("Сделка %d", i);
        json_t *b = json_pack("{s:s, s:I, s:s}", "title", title, "amount", (json_int_t)1000 * i,
                              "pipeline", "Продажи");
        char *json = json_dumps(b, JSON_COMPACT);
        json_decref(b);
        struct sys_resp r =
            sys_http_want(201, srv.port, "POST", "/api/v1/deals", co.tokens[i], json);
        deal_ids[i] = sys_int(r.json, "id");
        free(json);
        g_free(title);
        sys_resp_free(&r);
    }
    for (int i = 0; i < NTHREADS; i++)
        if (log_call(co.tokens[i], deal_ids[i], "before", i) != 201)
            sys_fail("a call before the disk was full was refused");
    sys_log("company ready: %d deals, %d calls", NTHREADS, NTHREADS);

    char *filler = g_build_filename(mnt, "filler", NULL);
    long long filled = fill(filler);
    sys_log("filler: %lld bytes; the disk is full", filled);

    /* Writes until the disk refuses one (the WAL may still have room). */
    guint fill_from = outcomes->len;
    int n = 0;
    while (full_answers == 0 && n < 2000)
        log_call(co.tokens[0], deal_ids[0], "filling", n++);
    if (full_answers == 0)
        sys_fail("2000 calls of 4 KB each fitted on a %d KiB disk", DISK_KIB);
    /* Another kind of write: a deal, a move. */
    json_t *b = json_pack("{s:s, s:s}", "title", "На полном диске", "pipeline", "Продажи");
    char *json = json_dumps(b, JSON_COMPACT);
    json_decref(b);
    struct sys_resp r = sys_http(srv.port, "POST", "/api/v1/deals", co.tokens[0], NULL, NULL, json);
    free(json);
    if (r.status != 507 && r.status != 201)
        sys_fail("a deal opened on the full disk: %d %s", r.status, r.body ? r.body : "");
    bool deal_refused = r.status == 507;
    sys_resp_free(&r);
    char path[96];
    snprintf(path, sizeof path, "/api/v1/deals/%lld/move", (long long)deal_ids[1]);
    char move[64];
    snprintf(move, sizeof move, "{\"stage\":%lld}", (long long)co.stage[2]);
    r = sys_http(srv.port, "POST", path, co.tokens[1], NULL, NULL, move);
    if (r.status != 507 && r.status != 200)
        sys_fail("a deal moved on the full disk: %d %s", r.status, r.body ? r.body : "");
    bool move_refused = r.status == 507;
    sys_resp_free(&r);
    sys_log("full: %d calls fitted, then 507 storage_full; a new deal: %s, a move: %s",
            count_since(fill_from, false), deal_refused ? "507" : "201 (fitted)",
            move_refused ? "507" : "200 (fitted)");

    /* 8 clients at once on the full disk. */
    guint burst_from = outcomes->len;
    burst("full", 5);
    int refused = count_since(burst_from, true);
    sys_log("full, 8 clients x 5 calls: %d refused with 507, %d fitted", refused,
            count_since(burst_from, false));
    if (refused == 0)
        sys_fail("no call of 8 clients on the full disk was refused");

    /* Reads are served. */
    for (int i = 0; i < NTHREADS; i++) {
        snprintf(path, sizeof path, "/api/v1/deals/%lld", (long long)deal_ids[i]);
        r = read_ok(path);
        char *want = g_strdup_printf("Сделка %d", i);
        if (strcmp(sys_str(r.json, "title"), want) != 0)
            sys_fail("GET %s on the full disk: %s", path, r.body);
        g_free(want);
        sys_resp_free(&r);
    }
    r = read_ok("/api/v1/reports/funnel");
    if (!json_object_get(r.json, "groups"))
        sys_fail("the funnel on the full disk: %s", r.body);
    sys_resp_free(&r);
    r = read_ok("/api/v1/deals?limit=500");
    if (json_array_size(json_object_get(r.json, "items")) < NTHREADS)
        sys_fail("the deal list on the full disk: %s", r.body);
    sys_resp_free(&r);
    r = read_ok("/api/v1/health");
    sys_resp_free(&r);
    /* A refused call is not in the list either (one through the API; the
     * database check at the end sees them all). */
    for (guint i = fill_from; i < outcomes->len; i++) {
        struct outcome *o = outcomes->pdata[i];
        if (!o->refused)
            continue;
        char *head = g_strndup(o->marker, strcspn(o->marker, ":") + 1); /* "full 203:" */
        char *q = g_uri_escape_string(head, NULL, FALSE);
        char *p = g_strdup_printf("/api/v1/activities?q=%s", q);
        r = read_ok(p);
        if (json_array_size(json_object_get(r.json, "items")) != 0)
            sys_fail("the refused call \"%s\" is listed: %.300s", head, r.body);
        sys_resp_free(&r);
        g_free(p);
        g_free(q);
        g_free(head);
        break;
    }
    sys_log("full: reads answered 200 (deals, list, funnel, health)");

    /* Room again, no restart. */
    if (unlink(filler) != 0)
        sys_fail("unlink %s: %s", filler, strerror(errno));
    guint after_from = outcomes->len;
    burst("after", 6);
    int after_refused = count_since(after_from, true);
    if (after_refused)
        sys_fail("after the filler was deleted, %d of %d calls were still refused", after_refused,
                 NTHREADS * 6);
    for (guint i = after_from; i < outcomes->len; i++) {
        struct outcome *o = outcomes->pdata[i];
        snprintf(path, sizeof path, "/api/v1/activities/%lld", (long long)o->id);
        r = read_ok(path);
        if (strcmp(sys_str(r.json, "outcome"), o->marker) != 0)
            sys_fail("GET %s after the disk had room again: %.200s", path, r.body);
        sys_resp_free(&r);
    }
    r = sys_http(srv.port, "POST", "/api/v1/deals", co.tokens[0], NULL, NULL,
                 "{\"title\":\"После\",\"pipeline\":\"Продажи\"}");
    if (r.status != 201)
        sys_fail("a deal after the disk had room again: %d %s", r.status, r.body ? r.body : "");
    sys_resp_free(&r);
    sys_log("room again: %d calls from 8 clients and a deal, all 201 and read back", NTHREADS * 6);

    sys_server_stop(&srv);
    char *ic = sys_integrity(co.db);
    if (strcmp(ic, "ok") != 0)
        sys_fail("PRAGMA integrity_check: %s", ic);
    g_free(ic);
    int acked = 0, absent = 0;
    for (guint i = 0; i < outcomes->len; i++) {
        struct outcome *o = outcomes->pdata[i];
        int64_t c =
            sys_count(co.db, "SELECT count(*) FROM activities WHERE outcome = ?1", o->marker);
        if (o->refused && c != 0)
            sys_fail("a call refused with 507 is in the database: %.40s", o->marker);
        if (!o->refused && c != 1)
            sys_fail("an acknowledged call is %lld times in the database: %.40s", (long long)c,
                     o->marker);
        if (o->refused)
            absent++;
        else
            acked++;
    }
    if (sys_count(co.db,
                  "SELECT (SELECT count(*) FROM activities) - "
                  "(SELECT count(*) FROM audit_log WHERE action = 'activity.create')",
                  NULL) != 0 ||
        sys_count(co.db,
                  "SELECT (SELECT count(*) FROM deals) - "
                  "(SELECT count(*) FROM audit_log WHERE action = 'deal.create')",
                  NULL) != 0)
        sys_fail("a row without its audit row (or the reverse)");
    sys_log("passed: integrity ok; %d acknowledged calls there, %d refused ones absent", acked,
            absent);

    for (guint i = 0; i < outcomes->len; i++) {
        g_free(((struct outcome *)outcomes->pdata[i])->marker);
        g_free(outcomes->pdata[i]);
    }
    g_ptr_array_free(outcomes, TRUE);
    g_free(filler);
    sys_company_free(&co);
    cleanup();
    g_free(mnt);
    g_free(tmp_dir);
    return 0;
}
