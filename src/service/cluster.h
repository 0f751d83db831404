/*
 * cluster.h - the writes of the other servers on one PostgreSQL database
 * (docs/SCALING.md, "Several servers"): the listener the server's
 * cluster thread (http/cluster.c) runs, and what each write told means
 * for the copies a server keeps.
 */
#ifndef VO_SERVICE_CLUSTER_H
#define VO_SERVICE_CLUSTER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "service/service.h"

/* What the server does with the writes told (service/cluster.c reads
 * each note and calls these; ctx is the server's). */
struct vo_cluster_handler {
    void *ctx;
    /* whether pid is one of the server's own connections (its writes
     * were told to its copies already: the note is skipped) */
    bool (*own)(void *ctx, int pid);
    /* a row another server wrote, read back: to the org's live dataset */
    void (*change)(void *ctx, int64_t org, const struct vo_change *c);
    /* the org's dataset must be reloaded (a row gone, a bulk write, a
     * table the dataset reads whole) */
    void (*stale)(void *ctx, int64_t org);
    /* users, tokens, sessions or the org changed: cached credentials and
     * orgs are void */
    void (*meta)(void *ctx);
    /* anything was written: cached report bodies are void */
    void (*any)(void *ctx);
};

struct vo_cluster_listener;

/* Whether db (a --db value) is a PostgreSQL database, where the servers
 * tell each other their writes. */
bool vo_cluster_possible(const char *db);
/* The PostgreSQL server process of st's connection (0 on SQLite). */
int vo_cluster_pid(struct vo_store *st);
/* Connects to db, listens, and opens a handle to read the rows told.
 * VO_ESTORE when it cannot. */
vo_err vo_cluster_listen(const char *db, struct vo_cluster_listener **out, struct vo_error *e);
/* Waits up to timeout_ms, then handles every note arrived through h.
 * VO_ESTORE when the connection is lost (the caller closes, reconnects
 * and treats everything as changed: notes may have been missed). *notes
 * (may be NULL) grows by the notes of other servers handled. */
vo_err vo_cluster_wait(struct vo_cluster_listener *l, int timeout_ms,
                       const struct vo_cluster_handler *h, unsigned *notes, struct vo_error *e);
void vo_cluster_close(struct vo_cluster_listener *l);

#endif
