/*
 * group_sync.c - the group-commit barrier of group_sync.h: one per
 * database file of the process (its device and inode), reference-counted
 * by the connections open on it.
 *
 * Why a descriptor of our own on the -wal file is enough: fsync and
 * fdatasync flush the file (the inode), whichever descriptor wrote to it,
 * so one sync after SQLite's write() of a commit's frames makes them
 * durable. SQLite's unix VFS takes its POSIX locks on the database file
 * and the -shm file, never on the -wal file, so opening and closing a
 * descriptor of the -wal file here cannot drop a lock of SQLite's (closing
 * any descriptor of a file drops every POSIX lock the process holds on
 * that file). The database file itself is only stat()ed, never opened.
 */
#include "store/group_sync.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct vo_gsync {
    dev_t dev;
    ino_t ino;
    int refs;              /* under registry_lock */
    struct vo_gsync *next; /* the registry's list, under registry_lock */
    char *wal_path;

    pthread_mutex_t mu;
    pthread_cond_t done; /* a sync ended */
    pthread_cond_t free; /* a write transaction ended (rel moved) */
    uint64_t ticket;     /* commits counted so far */
    uint64_t synced;     /* every commit up to this ticket is on disk */
    bool running;        /* a sync is under way (its leader owns fd) */
    int err;             /* the errno of a failed sync: sticky */
    uint64_t rel;        /* write transactions ended */
    int fd;              /* the -wal file, touched only by the running sync's leader */

    /* The shared writer (vo_gsync_writer_lock): held from a shared write
     * transaction's BEGIN to its COMMIT; the connection it writes on,
     * made by the first and closed (close_writer) with the barrier. */
    pthread_mutex_t wmu;
    void *writer;
    void (*close_writer)(void *);
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct vo_gsync *registry;
static vo_gsync_fn sync_fn;

void vo_gsync_set_fn(vo_gsync_fn fn)
{
    pthread_mutex_lock(&registry_lock);
    sync_fn = fn;
    pthread_mutex_unlock(&registry_lock);
}

static struct vo_gsync *make(const struct stat *s, const char *wal_path)
{
    struct vo_gsync *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->wal_path = strdup(wal_path);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    bool mu = g->wal_path && pthread_mutex_init(&g->mu, NULL) == 0;
    if (!mu || pthread_mutex_init(&g->wmu, NULL) != 0) {
        if (mu)
            pthread_mutex_destroy(&g->mu);
        free(g->wal_path);
        free(g);
        pthread_condattr_destroy(&ca);
        errno = ENOMEM;
        return NULL;
    }
    pthread_cond_init(&g->done, &ca);
    pthread_cond_init(&g->free, &ca);
    pthread_condattr_destroy(&ca);
    g->dev = s->st_dev;
    g->ino = s->st_ino;
    g->fd = -1;
    return g;
}

struct vo_gsync *vo_gsync_join(const char *db_path, const char *wal_path)
{
    struct stat s;
    if (stat(db_path, &s) != 0)
        return NULL;
    pthread_mutex_lock(&registry_lock);
    struct vo_gsync *g = registry;
    while (g && (g->dev != s.st_dev || g->ino != s.st_ino))
        g = g->next;
    if (!g && (g = make(&s, wal_path)) != NULL) {
        g->next = registry;
        registry = g;
    }
    if (g)
        g->refs++;
    pthread_mutex_unlock(&registry_lock);
    return g;
}

uint64_t vo_gsync_tickets(const char *db_path)
{
    struct stat s;
    uint64_t n = 0;
    if (stat(db_path, &s) != 0)
        return 0;
    pthread_mutex_lock(&registry_lock);
    struct vo_gsync *g = registry;
    while (g && (g->dev != s.st_dev || g->ino != s.st_ino))
        g = g->next;
    if (g) {
        pthread_mutex_lock(&g->mu);
        n = g->ticket;
        pthread_mutex_unlock(&g->mu);
    }
    pthread_mutex_unlock(&registry_lock);
    return n;
}

void vo_gsync_leave(struct vo_gsync *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&registry_lock);
    if (--g->refs > 0) {
        pthread_mutex_unlock(&registry_lock);
        return;
    }
    struct vo_gsync **p = &registry;
    while (*p != g)
        p = &(*p)->next;
    *p = g->next;
    pthread_mutex_unlock(&registry_lock);
    /* the last handle is gone: no shared write transaction can be under
     * way (each runs within a handle's call) */
    if (g->writer)
        g->close_writer(g->writer);
    if (g->fd >= 0)
        close(g->fd);
    pthread_cond_destroy(&g->done);
    pthread_cond_destroy(&g->free);
    pthread_mutex_destroy(&g->mu);
    pthread_mutex_destroy(&g->wmu);
    free(g->wal_path);
    free(g);
}

/* The leader's sync of the -wal file: 0 or an errno. The descriptor is
 * opened again when the file it names is gone (unlinked: no links left)
 * or another file now has the name (SQLite deletes the -wal file when the
 * last connection closes, and makes a new one on the next open). */
static int sync_wal(struct vo_gsync *g, vo_gsync_fn fn)
{
    if (g->fd >= 0) {
        struct stat a, b;
        if (fstat(g->fd, &a) != 0 || a.st_nlink == 0 || stat(g->wal_path, &b) != 0 ||
            a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
            close(g->fd);
            g->fd = -1;
        }
    }
    if (g->fd < 0) {
        g->fd = open(g->wal_path, O_RDONLY | O_CLOEXEC);
        if (g->fd < 0)
            return errno ? errno : EIO;
    }
    if ((fn ? fn : fdatasync)(g->fd) != 0)
        return errno ? errno : EIO;
    return 0;
}

uint64_t vo_gsync_ticket(struct vo_gsync *g)
{
    pthread_mutex_lock(&g->mu);
    /* taken after SQLite's write() of the frames returned: a sync that
     * starts from now on covers them */
    uint64_t t = ++g->ticket;
    pthread_mutex_unlock(&g->mu);
    return t;
}

int vo_gsync_wait(struct vo_gsync *g, uint64_t t)
{
    pthread_mutex_lock(&registry_lock);
    vo_gsync_fn fn = sync_fn;
    pthread_mutex_unlock(&registry_lock);
    pthread_mutex_lock(&g->mu);
    while (g->synced < t && !g->err) {
        if (g->running) {
            /* it may have begun before this ticket: then the loop leads
             * (or waits for) the next one */
            pthread_cond_wait(&g->done, &g->mu);
            continue;
        }
        g->running = true;
        uint64_t target = g->ticket;
        pthread_mutex_unlock(&g->mu);
        int err = sync_wal(g, fn);
        pthread_mutex_lock(&g->mu);
        g->running = false;
        if (err)
            g->err = err;
        else
            g->synced = target;
        pthread_cond_broadcast(&g->done);
    }
    int rc = g->synced >= t ? 0 : g->err;
    pthread_mutex_unlock(&g->mu);
    return rc;
}

int vo_gsync_commit(struct vo_gsync *g)
{
    return vo_gsync_wait(g, vo_gsync_ticket(g));
}

int vo_gsync_writer_lock(struct vo_gsync *g, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    until.tv_sec += ms / 1000 + until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    return pthread_mutex_timedlock(&g->wmu, &until);
}

void vo_gsync_writer_unlock(struct vo_gsync *g)
{
    pthread_mutex_unlock(&g->wmu);
}

void *vo_gsync_writer(struct vo_gsync *g)
{
    return g->writer;
}

void vo_gsync_set_writer(struct vo_gsync *g, void *w, void (*close_writer)(void *))
{
    g->writer = w;
    g->close_writer = close_writer;
}

uint64_t vo_gsync_released(struct vo_gsync *g)
{
    pthread_mutex_lock(&g->mu);
    uint64_t v = g->rel;
    pthread_mutex_unlock(&g->mu);
    return v;
}

uint64_t vo_gsync_wait_free(struct vo_gsync *g, uint64_t seen, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += (long)ms * 1000000L;
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&g->mu);
    while (g->rel == seen && pthread_cond_timedwait(&g->free, &g->mu, &until) == 0) {
    }
    uint64_t v = g->rel;
    pthread_mutex_unlock(&g->mu);
    return v;
}

void vo_gsync_release(struct vo_gsync *g)
{
    pthread_mutex_lock(&g->mu);
    g->rel++;
    /* one waiter: the lock goes to one writer; the others stay asleep
     * until it ends its transaction in turn */
    pthread_cond_signal(&g->free);
    pthread_mutex_unlock(&g->mu);
}
