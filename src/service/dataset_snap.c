/*
 * dataset_snap.c - the snapshot file of an org's dataset: written after a
 * load from the store, read at the next start instead of the store when
 * the store's stamp says no row of the org changed since
 * (docs/internals/analytics.md, "The snapshot").
 *
 * The file, dir/org-<id>.vds: a 64-byte header (struct head: magic, the
 * layout hash of analytics/dataset_snap.c, the org, the stamp's seq and
 * the token claimed for it, the body's length and XXH3 hash, the
 * header's own hash), then the body, the dataset as
 * vo_ds_snap_encode streams it.
 *
 * Validity. The store keeps per org a counter `seq` that every write to a
 * table the dataset is read from raises (triggers, migration 35) and the
 * token `snap` of the last snapshot claimed. A snapshot is written with
 * the seq its load read (in the load's read transaction), to a temporary
 * file; the token is then claimed in the store only if seq has not moved
 * (vo_store_dataset_claim), and the file renamed into place. A read
 * wants the store's token equal to the file's (a database restored from
 * a backup or another server's newer claim make it stale) and the
 * store's seq equal to the file's, or above it with every change since
 * in the store's change log (migration 37), which the read then replays
 * onto the dataset (replay below); otherwise the org loads from the
 * store. A file that fails any check (magic, layout, hashes, length, a
 * count out of bounds) is refused the same way and written again after
 * the load.
 */
#include "service/dataset_load.h"

#include "analytics/dataset_snap.h"
#include "store/store_conn.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

static const char MAGIC[8] = {'V', 'O', 'R', 'O', 'N', 'K', 'A', 'D'};

struct head {
    char magic[8];
    uint64_t layout;
    int64_t org, seq, token;
    uint64_t body_len;
    uint64_t body_hash;
    uint64_t head_hash; /* of the bytes above */
};
_Static_assert(sizeof(struct head) == 64, "the header is 64 bytes");

static uint64_t head_hash(const struct head *h)
{
    return XXH3_64bits(h, offsetof(struct head, head_hash));
}

char *vo_svc_snap_path(const char *dir, int64_t org)
{
    return g_strdup_printf("%s/org-%lld.vds", dir, (long long)org);
}

/* ---- writing ---- */

#define BUF_BYTES ((size_t)1 << 20)
/* a big column is read and hashed in pieces that stay in the L2 cache */
#define PIECE ((size_t)256 << 10)

struct writer {
    int fd;
    uint8_t *buf;
    size_t used;
    uint64_t len;
    XXH3_state_t *hash;
    int err; /* errno of the first failed write */
};

static bool write_all(struct writer *w, const void *p, size_t n)
{
    const uint8_t *s = p;
    while (n) {
        ssize_t k = write(w->fd, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            w->err = k < 0 ? errno : ENOSPC;
            return false;
        }
        s += k;
        n -= (size_t)k;
    }
    return true;
}

static bool put(void *ctx, const void *p, size_t n)
{
    struct writer *w = ctx;
    XXH3_64bits_update(w->hash, p, n);
    w->len += n;
    if (w->used + n > BUF_BYTES) {
        if (!write_all(w, w->buf, w->used))
            return false;
        w->used = 0;
    }
    if (n >= BUF_BYTES)
        return write_all(w, p, n);
    memcpy(w->buf + w->used, p, n);
    w->used += n;
    return true;
}

/* Writes ds to tmp with its stamp and token. */
static vo_err write_file(const struct vo_dataset *ds, const char *tmp, int64_t token,
                         struct vo_error *e)
{
    struct writer w = {.fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
    if (w.fd < 0)
        return vo_error_set(e, VO_EIO, NULL, "%s: %s", tmp, strerror(errno));
    w.buf = malloc(BUF_BYTES);
    w.hash = XXH3_createState();
    vo_err rc = VO_OK;
    struct head h;
    memset(&h, 0, sizeof h);
    if (!w.buf || !w.hash || XXH3_64bits_reset(w.hash) != XXH_OK)
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory (dataset snapshot)");
    /* the header's place first, its values once the body is known */
    if (!rc && !write_all(&w, &h, sizeof h))
        rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", tmp, strerror(w.err));
    if (!rc && (rc = vo_ds_snap_encode(ds, put, &w, e)) == VO_EIO)
        vo_error_set(e, VO_EIO, NULL, "%s: %s", tmp, strerror(w.err));
    if (!rc && !write_all(&w, w.buf, w.used))
        rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", tmp, strerror(w.err));
    if (!rc) {
        memcpy(h.magic, MAGIC, sizeof MAGIC);
        h.layout = vo_ds_snap_layout();
        h.org = ds->org_id;
        h.seq = ds->stamp;
        h.token = token;
        h.body_len = w.len;
        h.body_hash = XXH3_64bits_digest(w.hash);
        h.head_hash = head_hash(&h);
        if (pwrite(w.fd, &h, sizeof h, 0) != (ssize_t)sizeof h)
            rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", tmp, strerror(errno));
    }
    if (close(w.fd) != 0 && !rc)
        rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", tmp, strerror(errno));
    XXH3_freeState(w.hash);
    free(w.buf);
    return rc;
}

vo_err vo_svc_snap_write(struct vo_store *st, const char *dir, const struct vo_dataset *ds,
                         bool *written, struct vo_error *e)
{
    *written = false;
    if (g_mkdir_with_parents(dir, 0700) != 0)
        return vo_error_set(e, VO_EIO, NULL, "%s: %s", dir, strerror(errno));
    int64_t token;
    do
        randombytes_buf(&token, sizeof token);
    while (token == 0);
    char *path = vo_svc_snap_path(dir, ds->org_id);
    char *tmp = g_strdup_printf("%s.%016llx.tmp", path, (unsigned long long)token);
    bool claimed = false;
    vo_err rc = write_file(ds, tmp, token, e);
    /* claimed only if no row of the org changed since the load: then the
     * file in place is this one */
    if (!rc)
        rc = vo_store_dataset_claim(st, ds->org_id, ds->stamp, token, &claimed, e);
    if (!rc && claimed && rename(tmp, path) != 0)
        rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", path, strerror(errno));
    if (rc || !claimed)
        unlink(tmp);
    *written = !rc && claimed;
    g_free(tmp);
    g_free(path);
    return rc;
}

/* ---- reading ---- */

struct reader {
    int fd;
    uint8_t *buf;
    size_t at, have; /* buf[at .. have) not handed out yet */
    uint64_t left;   /* body bytes not read from the file yet */
    XXH3_state_t *hash;
    int err;
};

/* Reads n bytes into p from the file, within the body. */
static bool read_all(struct reader *r, void *p, size_t n)
{
    uint8_t *d = p;
    if (n > r->left)
        return false;
    while (n) {
        ssize_t k = read(r->fd, d, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            r->err = k < 0 ? errno : 0;
            return false;
        }
        d += k;
        n -= (size_t)k;
        r->left -= (uint64_t)k;
    }
    return true;
}

static bool get(void *ctx, void *p, size_t n)
{
    struct reader *r = ctx;
    uint8_t *d = p;
    size_t want = n;
    size_t k = r->have - r->at < n ? r->have - r->at : n;
    memcpy(d, r->buf + r->at, k);
    r->at += k;
    d += k;
    n -= k;
    if (n >= BUF_BYTES) { /* a big column: straight into its array, hashed a
                           * piece at a time while the piece is in cache */
        XXH3_64bits_update(r->hash, p, k);
        for (size_t at = 0; at < n; at += PIECE) {
            size_t piece = n - at < PIECE ? n - at : PIECE;
            if (!read_all(r, d + at, piece))
                return false;
            XXH3_64bits_update(r->hash, d + at, piece);
        }
        return true;
    }
    if (n) {
        size_t fill = r->left < BUF_BYTES ? (size_t)r->left : BUF_BYTES;
        if (fill < n || !read_all(r, r->buf, fill))
            return false;
        r->at = n;
        r->have = fill;
        memcpy(d, r->buf, n);
    }
    XXH3_64bits_update(r->hash, p, want);
    return true;
}

/* Reads the org's snapshot when it is current: VO_SNAP_READ and *out, or
 * the reason it was not read (detail says more). */
static enum vo_snap_use read_file(const char *path, int64_t org, int64_t seq, int64_t snap,
                                  struct vo_dataset **out, struct vo_error *detail)
{
    struct reader r = {.fd = open(path, O_RDONLY | O_CLOEXEC)};
    if (r.fd < 0) {
        if (errno == ENOENT)
            return VO_SNAP_NONE;
        vo_error_set(detail, VO_EIO, NULL, "the snapshot cannot be opened: %s", strerror(errno));
        return VO_SNAP_BAD;
    }
    struct head h;
    struct stat sb;
    enum vo_snap_use use = VO_SNAP_BAD;
    if (pread(r.fd, &h, sizeof h, 0) != (ssize_t)sizeof h || fstat(r.fd, &sb) != 0 ||
        memcmp(h.magic, MAGIC, sizeof MAGIC) != 0 || h.head_hash != head_hash(&h))
        vo_error_set(detail, VO_EINVAL, NULL,
                     "the snapshot's header is damaged, or it is not a snapshot");
    else if (h.layout != vo_ds_snap_layout())
        vo_error_set(detail, VO_EINVAL, NULL,
                     "the snapshot was written by another version of voronka");
    else if (h.org != org)
        vo_error_set(detail, VO_EINVAL, NULL, "the snapshot is another org's");
    else if ((uint64_t)sb.st_size != sizeof h + h.body_len)
        vo_error_set(detail, VO_EINVAL, NULL, "the snapshot's length is not its header's");
    else if (h.seq > seq || h.token != snap || snap == 0) {
        vo_error_set(detail, VO_EINVAL, NULL, "rows changed since the snapshot was written");
        use = VO_SNAP_STALE;
    } else if (lseek(r.fd, (off_t)sizeof h, SEEK_SET) < 0 || !(r.buf = malloc(BUF_BYTES)) ||
               !(r.hash = XXH3_createState()) || XXH3_64bits_reset(r.hash) != XXH_OK)
        vo_error_set(detail, VO_ENOMEM, NULL, "out of memory (dataset snapshot)");
    else {
        r.left = h.body_len;
        struct vo_dataset *ds = NULL;
        if (posix_fadvise(r.fd, 0, 0, POSIX_FADV_SEQUENTIAL) != 0) {
            /* advice only */
        }
        vo_err rc = vo_ds_snap_decode(org, h.body_len, get, &r, &ds, detail);
        if (!rc && XXH3_64bits_digest(r.hash) != h.body_hash)
            rc = vo_error_set(detail, VO_EINVAL, NULL, "the snapshot's checksum does not match");
        if (rc) {
            vo_ds_free(ds);
        } else {
            ds->stamp = h.seq; /* below seq: the caller replays the rest */
            *out = ds;
            use = VO_SNAP_READ;
        }
    }
    XXH3_freeState(r.hash);
    free(r.buf);
    close(r.fd);
    return use;
}

/* ---- the replay of the changes since the file (migration 37) ---- */

/* The kinds a replay reads, in the order a load builds them: a deal's
 * owner and client before the deal, the deal before its events. */
#define REPLAY_KIND(K, T) VO_ROWS_##K,
static const enum vo_store_rows replay_kinds[] = {VO_STORE_REPLAYED(REPLAY_KIND)};

struct replay {
    struct vo_dataset *ds;
    enum vo_store_rows kind;
    GArray *moves; /* the stage changes, applied at once after their pass */
    struct vo_error *e;
};

/* One changed row onto the dataset, as the live dataset applies a write
 * (analytics/dataset.h): VO_ECONFLICT for what it cannot take in place. */
static vo_err replay_row(void *ctx, const union vo_store_row *r)
{
    const struct replay *p = ctx;
    switch (p->kind) {
    case VO_ROWS_USERS:
        return vo_ds_apply_user(p->ds, &r->user, p->e);
    case VO_ROWS_CLIENTS:
        return vo_ds_apply_client(p->ds, &r->client, p->e);
    case VO_ROWS_DEALS:
        return vo_ds_apply_deal(p->ds, &r->deal, p->e);
    case VO_ROWS_STAGE_CHANGES:
        g_array_append_val(p->moves, r->stage_change);
        return VO_OK;
    case VO_ROWS_ACTIVITIES:
        return vo_ds_apply_activity(p->ds, &r->activity, p->e);
    case VO_ROWS_TASKS:
        return vo_ds_apply_task(p->ds, &r->task, p->e);
    case VO_ROWS_PAYMENTS:
        return vo_ds_apply_payment(p->ds, &r->payment, p->e);
    case VO_ROWS_PLANS:
        return vo_ds_apply_plan(p->ds, &r->plan, p->e);
    default:
        return vo_error_set(p->e, VO_EINVAL, NULL, "no such kind of row: %d", (int)p->kind);
    }
}

/* The word for a row of a table the change log names (err.c's words[]:
 * the messages print its Russian), the table's name when it has none. */
static const char *row_word(const char *table)
{
    static const struct {
        const char *table, *word;
    } words[] = {
        {"activities", "activity"}, {"clients", "client"}, {"deals", "deal"},
        {"holidays", "holiday"},    {"orgs", "org"},       {"payments", "payment"},
        {"pipelines", "pipeline"},  {"plans", "plan"},     {"stage_changes", "stage change"},
        {"stages", "stage"},        {"tasks", "task"},     {"teams", "team"},
        {"users", "user"},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(table, words[i].table) == 0)
            return words[i].word;
    return table;
}

/* Why the log's first change that a replay cannot take stops it. */
static vo_err unreplayable(const struct vo_store_log_sum *log, struct vo_error *why)
{
    const char *row = row_word(log->table);
    if (log->op == 3)
        return vo_error_set(why, VO_ECONFLICT, NULL, "a row was deleted since the snapshot (%s)",
                            row);
    if (log->op == 4)
        return vo_error_set(why, VO_ECONFLICT, NULL,
                            "a row moved to another org since the snapshot (%s)", row);
    return vo_error_set(why, VO_ECONFLICT, NULL,
                        "a row changed since the snapshot that is read anew (%s)", row);
}

/* Replays onto ds, read from the file at ds->stamp with the token snap,
 * the rows the store's change log names after it, all read in one read
 * transaction with the stamp they bring ds to. VO_OK with how->use
 * VO_SNAP_REPLAYED, or VO_SNAP_STALE and how->why when the log cannot
 * tell every change or the dataset cannot take one (ds is then half
 * changed: the caller drops it); another error (the store's, VO_ENOMEM)
 * is returned in e. */
static vo_err replay(struct vo_store *st, int64_t org, int64_t snap, struct vo_dataset *ds,
                     struct vo_snap_outcome *how, struct vo_error *e)
{
    vo_err rc = vo_store_read_one(st, e);
    if (rc)
        return rc;
    int64_t seq = 0, now_snap = 0;
    struct vo_store_log_sum log;
    how->use = VO_SNAP_STALE;
    if ((rc = vo_store_dataset_stamp(st, org, &seq, &now_snap, e)) ||
        (rc = vo_store_dataset_log(st, org, ds->stamp, &log, e)))
        goto out;
    if (now_snap != snap) {
        vo_error_set(&how->why, VO_EINVAL, NULL, "rows changed since the snapshot was written");
        goto out;
    }
    if (log.rows != seq - ds->stamp) {
        vo_error_set(&how->why, VO_EINVAL, NULL,
                     "the change log holds %lld of the %lld changes since the snapshot",
                     (long long)log.rows, (long long)(seq - ds->stamp));
        goto out;
    }
    if (log.table[0]) {
        unreplayable(&log, &how->why);
        goto out;
    }
    /* the stage changes in one merge (vo_ds_apply_stage_changes): one by
     * one, each moved the table's tail, 1.5 s for the 27k moves of the
     * 1M-deal bench */
    struct replay p = {.ds = ds,
                       .moves = g_array_new(FALSE, FALSE, sizeof(struct vo_stage_change)),
                       .e = &how->why};
    for (size_t i = 0; !rc && i < sizeof replay_kinds / sizeof *replay_kinds; i++) {
        p.kind = replay_kinds[i];
        rc = vo_store_load_changed(st, org, p.kind, ds->stamp, replay_row, &p, e);
        if (!rc && p.kind == VO_ROWS_STAGE_CHANGES)
            rc = vo_ds_apply_stage_changes(
                ds, (const struct vo_stage_change *)(void *)p.moves->data, p.moves->len, &how->why);
    }
    g_array_free(p.moves, TRUE);
    if (rc == VO_ECONFLICT) { /* the dataset cannot take it: how->why says what */
        rc = VO_OK;
    } else if (rc == VO_ENOMEM) {
        *e = how->why;
        memset(&how->why, 0, sizeof how->why);
    } else if (!rc) {
        ds->stamp = seq;
        how->use = VO_SNAP_REPLAYED;
        how->replayed = log.rows;
    }
out:
    vo_store_read_end(st);
    return rc;
}

vo_err vo_svc_dataset_open(struct vo_store *st, int64_t org, const char *dir, bool write,
                           struct vo_dataset **out, struct vo_snap_outcome *how, struct vo_error *e)
{
    memset(how, 0, sizeof *how);
    if (!dir)
        return vo_svc_dataset_load(st, org, out, e);
    int64_t seq = 0, snap = 0;
    vo_err rc = vo_store_dataset_stamp(st, org, &seq, &snap, e);
    if (rc)
        return rc;
    char *path = vo_svc_snap_path(dir, org);
    how->use = read_file(path, org, seq, snap, out, &how->why);
    g_free(path);
    if (how->use == VO_SNAP_READ && (*out)->stamp != seq) {
        rc = replay(st, org, snap, *out, how, e);
        if (rc || how->use != VO_SNAP_REPLAYED) {
            vo_ds_free(*out);
            *out = NULL;
        }
        if (rc)
            return rc;
        if (how->use == VO_SNAP_REPLAYED) {
            if (write && how->replayed >= VO_SVC_SNAP_REWRITE)
                vo_svc_snap_write(st, dir, *out, &how->written, &how->write_err);
            return VO_OK;
        }
    }
    if (how->use == VO_SNAP_READ)
        return VO_OK;
    if ((rc = vo_svc_dataset_load(st, org, out, e)))
        return rc;
    /* not written: the reason in how->write_err, the dataset served all
     * the same */
    if (write)
        vo_svc_snap_write(st, dir, *out, &how->written, &how->write_err);
    return VO_OK;
}

char *vo_svc_snap_dir_default(const char *db_path)
{
    if (!db_path || vo_store_path_is_pg(db_path) || !strcmp(db_path, ":memory:") ||
        !strncmp(db_path, "file:", 5))
        return NULL;
    return g_strdup_printf("%s.snapshots", db_path);
}
