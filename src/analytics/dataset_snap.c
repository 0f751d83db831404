/*
 * dataset_snap.c - the dataset as a stream of bytes and back
 * (dataset_snap.h). One walk, walk(), serves the three uses: writing
 * (PUT), reading (GET) and describing the layout (SHAPE, hashed into
 * vo_ds_snap_layout), so the writer, the reader and the layout check
 * cannot drift apart. Each table's columns come from its *_COLS X-macro
 * (dataset_int.h): a column added there is in the stream and changes the
 * layout hash with no other edit.
 */
#include "analytics/dataset_snap.h"

#include "analytics/dataset_int.h"

#include <string.h>
#include <sys/mman.h>
#include <xxhash.h>

enum mode { PUT, GET, SHAPE };

struct io {
    enum mode mode;
    bool (*put)(void *ctx, const void *p, size_t n);
    bool (*get)(void *ctx, void *buf, size_t n);
    void *ctx;
    struct vo_dataset *ds; /* GET: the dataset read into (its arena) */
    GString *shape;        /* SHAPE */
    bool ok;
    bool short_read; /* GET: get() failed (else a bad value) */
    uint64_t left;   /* GET: the stream's bytes not read yet */
    const char *bad; /* GET: what was found wrong */
};

static const uint8_t zeros[8];

static void fail(struct io *io, const char *what)
{
    if (io->ok) {
        io->ok = false;
        io->bad = what;
    }
}

/* n bytes at p: written, or read into p. */
static void bytes(struct io *io, void *p, size_t n)
{
    if (!io->ok || n == 0 || io->mode == SHAPE)
        return;
    if (io->mode == GET && n > io->left) {
        io->short_read = true;
        fail(io, "short");
        return;
    }
    if (io->mode == PUT ? !io->put(io->ctx, p, n) : !io->get(io->ctx, p, n)) {
        io->short_read = io->mode == GET;
        fail(io, "short");
    }
    if (io->mode == GET)
        io->left -= n;
}

/* GET: can n more bytes be in the stream? A size read from a damaged
 * stream is refused here, before it is allocated. */
static bool fits(struct io *io, const char *name, uint64_t n)
{
    if (io->mode != GET || n <= io->left)
        return true;
    io->short_read = true;
    fail(io, name);
    return false;
}

/* The padding after n bytes, to the next multiple of 8. */
static void pad(struct io *io, size_t n)
{
    uint8_t skip[8];
    size_t k = (8 - n % 8) % 8;
    bytes(io, io->mode == PUT ? (void *)(uintptr_t)zeros : skip, k);
}

static void shape(struct io *io, const char *name, size_t size)
{
    if (io->mode == SHAPE)
        g_string_append_printf(io->shape, "%s:%zu;", name, size);
}

/* One int64 value. */
static void i64(struct io *io, const char *name, int64_t *v)
{
    shape(io, name, sizeof *v);
    bytes(io, v, sizeof *v);
}

/* A count (a size_t of the dataset), at most max when read. */
static void count(struct io *io, const char *name, size_t *n, size_t max)
{
    int64_t v = (int64_t)*n;
    i64(io, name, &v);
    if (io->mode == GET && io->ok) {
        if (v < 0 || (uint64_t)v > max)
            fail(io, name);
        else
            *n = (size_t)v;
    }
}

/* Asks for transparent huge pages under a big array about to be filled:
 * a 2 MiB page fault instead of 512 of 4 KiB (the kernel's page faults
 * were a quarter of a 1M-deal snapshot's read; docs/bench.md). Advice
 * only: a kernel without THP, or with it off, ignores it. */
static void huge_pages(void *p, size_t n)
{
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (n < 2 * huge)
        return;
    uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1), hi = ((uintptr_t)p + n) & ~(huge - 1);
    if (hi > lo)
        (void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
}

/* An array of n elements of sz bytes whose pointer is at pp (memcpy'd:
 * any element type); read into a new heap array (NULL when n is 0). */
static void raw(struct io *io, const char *name, void *pp, size_t n, size_t sz)
{
    shape(io, name, sz);
    if (!io->ok || io->mode == SHAPE)
        return;
    void *p;
    if (io->mode == GET) {
        p = NULL;
        if (!fits(io, name, (uint64_t)n * sz))
            return;
        if (n && !(p = malloc(n * sz))) { /* n * sz: n <= INT32_MAX + 1, sz <= 8 */
            fail(io, "memory");
            return;
        }
        huge_pages(p, n * sz);
        memcpy(pp, &p, sizeof p);
    } else {
        memcpy(&p, pp, sizeof p);
    }
    bytes(io, p, n * sz);
    pad(io, n * sz);
}

/* n texts at *pp (a const char ** column; NULL entries allowed): their
 * lengths (-1 for NULL), then one block of the texts, each with its NUL.
 * Read into one allocation of the dataset's arena, so a column of 700,000
 * names costs two reads and no allocation per row. */
static void texts(struct io *io, const char *name, void *pp, size_t n)
{
    shape(io, name, 0);
    if (!io->ok || io->mode == SHAPE)
        return;
    const char **s = NULL;
    const bool put = io->mode == PUT; /* read once: the calls below take io */
    if (!fits(io, name, (uint64_t)n * sizeof(int64_t)))
        return;
    int64_t *len = n ? malloc(n * sizeof *len) : NULL;
    if (n && !len) {
        fail(io, "memory");
        return;
    }
    size_t total = 0;
    if (put) {
        memcpy(&s, pp, sizeof s);
        if (n && !s) { /* a table's column is there for its n rows */
            free(len);
            fail(io, name);
            return;
        }
        for (size_t i = 0; i < n; i++) {
            len[i] = s[i] ? (int64_t)strlen(s[i]) : -1;
            total += s[i] ? (size_t)len[i] + 1 : 0;
        }
    }
    int64_t t = (int64_t)total;
    bytes(io, len, n * sizeof *len);
    i64(io, "bytes", &t);
    if (put) {
        for (size_t i = 0; io->ok && i < n; i++)
            if (s[i])
                bytes(io, (void *)(uintptr_t)s[i], (size_t)len[i] + 1);
        pad(io, total);
        free(len);
        return;
    }
    /* GET: the lengths must add up to the block, every text end in NUL */
    char *block = NULL;
    if (io->ok && (t < 0 || (uint64_t)t > SIZE_MAX / 2))
        fail(io, name);
    else if (io->ok)
        (void)fits(io, name, (uint64_t)t);
    if (io->ok && t && !(block = vo_arena_alloc(&io->ds->strings, (size_t)t)))
        fail(io, "memory");
    bytes(io, block, (size_t)t);
    pad(io, (size_t)t);
    if (io->ok && n && !(s = malloc(n * sizeof *s)))
        fail(io, "memory");
    size_t off = 0;
    for (size_t i = 0; io->ok && i < n; i++) {
        if (len[i] < 0) {
            s[i] = NULL;
            continue;
        }
        if (!block || (uint64_t)len[i] >= (uint64_t)t - off ||
            block[off + (size_t)len[i]] != '\0') {
            fail(io, name);
            break;
        }
        s[i] = block + off;
        off += (size_t)len[i] + 1;
    }
    if (io->ok && off != (size_t)t)
        fail(io, name);
    free(len);
    if (!io->ok) {
        free(s);
        s = NULL;
    }
    memcpy(pp, &s, sizeof s);
}

/* A column of a table of n rows: texts or a raw array, by its type. */
static void column(struct io *io, const char *name, void *pp, size_t n, size_t sz, bool is_text)
{
    if (is_text)
        texts(io, name, pp, n);
    else
        raw(io, name, pp, n, sz);
}

#define X_IO(p)                                                                                    \
    column(io, #p, (void *)&(p), n, sizeof *(p), _Generic((p), const char **: true, default: false));

/* A table: its row count, then every column of its X-macro. Read with
 * cap == n, as a build trims it. */
#define TABLE(io, t, COLS)                                                                         \
    do {                                                                                           \
        size_t n = (t)->n;                                                                         \
        count(io, #t, &n, (size_t)INT32_MAX);                                                      \
        if ((io)->mode == GET)                                                                     \
            (t)->n = (t)->cap = (io)->ok ? n : 0;                                                  \
        COLS(X_IO, t)                                                                              \
    } while (0)

/* An index array of *n entries (at most max). */
static void index_array(struct io *io, const char *name, int32_t **a, size_t *n, size_t max)
{
    count(io, name, n, max);
    if (io->mode == GET && !io->ok)
        *n = 0;
    raw(io, name, a, *n, sizeof **a);
}

/* A dictionary: its texts after "" (ids 1..n-1), interned again in order
 * on read (which makes its hash table); a text twice is refused. */
static void dict(struct io *io, const char *name, struct vo_ds_dict *d)
{
    size_t n = d->n > 0 ? (size_t)d->n - 1 : 0;
    count(io, name, &n, (size_t)INT32_MAX / 2);
    const char **s = io->mode == PUT && n ? d->str + 1 : NULL;
    texts(io, name, &s, n);
    if (io->mode != GET || !io->ok || !s) {
        if (io->mode == GET)
            free(s);
        return;
    }
    for (size_t i = 0; io->ok && i < n; i++) {
        int32_t id;
        if (!s[i] || vo_ds_intern(d, &io->ds->strings, s[i], &id, NULL) != VO_OK)
            fail(io, s[i] ? "memory" : name);
        else if ((size_t)id != i + 1)
            fail(io, name);
    }
    free(s);
}

/* The calendar: its zone by name, its working-day sums as they are. */
static void calendar(struct io *io, struct vo_calendar *c)
{
    const bool get = io->mode == GET;
    const char *tz = io->mode == PUT ? g_time_zone_get_identifier(c->tz) : NULL;
    const char **one = io->mode == PUT ? &tz : NULL; /* a column of one text */
    texts(io, "cal.tz", &one, 1);
    if (get) {                    /* one is texts' new array */
        tz = one ? one[0] : NULL; /* in the dataset's arena */
        free(one);
    }
    i64(io, "cal.first", &c->first);
    size_t nd = (size_t)(c->ndays > 0 ? c->ndays : 0);
    count(io, "cal.ndays", &nd, (size_t)INT32_MAX - 1);
    raw(io, "cal.cum", &c->cum, nd ? nd + 1 : 0, sizeof *c->cum);
    if (!get)
        return;
    c->ndays = (int32_t)nd;
    if (io->ok && !(c->tz = tz ? vo_tz_new(tz) : NULL))
        fail(io, "cal.tz");
}

static void late(struct io *io, struct vo_ds_tasks *t, size_t users)
{
    count(io, "late", &t->n_late, users);
    if (io->mode == GET) {
        if (!io->ok)
            return;
        if (!(t->late = calloc(t->n_late ? t->n_late : 1, sizeof *t->late))) {
            t->n_late = 0;
            fail(io, "memory");
            return;
        }
    }
    for (size_t u = 0; io->ok && u < t->n_late; u++) {
        struct vo_ds_late *L = &t->late[u];
        count(io, "late.start", &L->n_start, (size_t)INT32_MAX);
        raw(io, "late.start", &L->start, L->n_start, sizeof *L->start);
        count(io, "late.end", &L->n_end, (size_t)INT32_MAX);
        raw(io, "late.end", &L->end, L->n_end, sizeof *L->end);
        L->cap_start = L->n_start;
        L->cap_end = L->n_end;
    }
    if (io->mode == SHAPE) {
        shape(io, "late.start", sizeof *t->late->start);
        shape(io, "late.end", sizeof *t->late->end);
    }
}

static void days(struct io *io, struct vo_ds_days *D)
{
    count(io, "days.nd", &D->nd, (size_t)INT32_MAX);
    count(io, "days.nu", &D->nu, (size_t)INT32_MAX);
    count(io, "days.np", &D->np, 64);
    int64_t has = D->sum != NULL; /* no rollup (dataset.h): none written */
    i64(io, "days.has", &has);
    size_t cells = D->nd * D->nu * D->np;
    if (io->mode == GET && io->ok && D->nu && D->np && cells / D->nu / D->np != D->nd)
        fail(io, "days");
    if (!has)
        cells = 0;
    raw(io, "days.start", &D->start, cells ? D->nd + 1 : 0, sizeof *D->start);
    raw(io, "days.sum", &D->sum, cells, sizeof *D->sum);
    if (io->mode == GET && (!io->ok || !D->sum)) { /* none, or cut short */
        free(D->start);
        free(D->sum);
        memset(D, 0, sizeof *D);
    }
}

/* The whole dataset, in one order for writing and reading. */
static void walk(struct io *io, struct vo_dataset *ds)
{
    i64(io, "org", &ds->org_id);
    int64_t cur = 0;
    memcpy(&cur, ds->currency, sizeof ds->currency);
    i64(io, "currency", &cur);
    memcpy(ds->currency, &cur, sizeof ds->currency);
    ds->currency[sizeof ds->currency - 1] = '\0';
    int64_t digits = ds->currency_digits;
    i64(io, "currency_digits", &digits);
    ds->currency_digits = (int)digits;
    calendar(io, &ds->cal);
    dict(io, "channels", &ds->channels);
    dict(io, "regions", &ds->regions);
    dict(io, "sources", &ds->sources);
    dict(io, "segments", &ds->segments);
    dict(io, "loss_reasons", &ds->loss_reasons);

    TABLE(io, &ds->teams, TEAMS_COLS);
    TABLE(io, &ds->users, USERS_COLS);
    TABLE(io, &ds->pipelines, PIPES_COLS);
    TABLE(io, &ds->stages, STAGES_COLS);
    raw(io, "stages.by_id", &ds->stages.by_id, ds->stages.n, sizeof *ds->stages.by_id);
    TABLE(io, &ds->clients, CLIENTS_COLS);

    struct vo_ds_deals *d = &ds->deals;
    TABLE(io, d, DEALS_COLS);
    raw(io, "deals.sc_first", &d->sc_first, d->n + 1, sizeof *d->sc_first);
    raw(io, "deals.by_id", &d->by_id, d->n, sizeof *d->by_id);
    index_array(io, "deals.by_closed", &d->by_closed, &d->n_closed, d->n);
    index_array(io, "deals.open", &d->open, &d->n_open, d->n);

    TABLE(io, &ds->sc, SC_COLS);
    TABLE(io, &ds->acts, ACTS_COLS);
    i64(io, "acts.max_id", &ds->acts.max_id);

    struct vo_ds_tasks *t = &ds->tasks;
    TABLE(io, t, TASKS_COLS);
    index_array(io, "tasks.by_done", &t->by_done, &t->n_done, t->n);
    index_array(io, "tasks.open", &t->open, &t->n_open, t->n);
    i64(io, "tasks.max_id", &t->max_id);
    late(io, t, ds->users.n);

    TABLE(io, &ds->pays, PAYS_COLS);
    i64(io, "pays.max_id", &ds->pays.max_id);
    TABLE(io, &ds->plans, PLANS_COLS);
    count(io, "plans.dangling", &ds->plans.dangling, SIZE_MAX / 2);
    days(io, &ds->days);

    int64_t end = INT64_C(0x646e6520736456); /* "Vds end": the walk ended where it began */
    i64(io, "end", &end);
    if (io->mode == GET && io->ok && end != INT64_C(0x646e6520736456))
        fail(io, "end");
}

uint64_t vo_ds_snap_layout(void)
{
    struct vo_dataset ds;
    memset(&ds, 0, sizeof ds);
    struct io io = {.mode = SHAPE, .ok = true, .shape = g_string_new(NULL)};
    /* the machine's byte order and word size too: the columns are raw */
    const uint32_t one = 1;
    g_string_append_printf(io.shape, "%s;%zu;", *(const uint8_t *)&one ? "le" : "be",
                           sizeof(size_t));
    g_string_append_printf(io.shape, "v%d;%zu;%zu;%zu;%zu;%zu;%zu;", VO_DS_SNAP_VERSION,
                           sizeof(struct vo_dataset), sizeof(struct vo_ds_deals),
                           sizeof(struct vo_ds_tasks), sizeof(struct vo_ds_activities),
                           sizeof(struct vo_ds_users), sizeof(struct vo_ds_days));
    walk(&io, &ds);
    uint64_t h = XXH3_64bits(io.shape->str, io.shape->len);
    g_string_free(io.shape, TRUE);
    return h;
}

vo_err vo_ds_snap_encode(const struct vo_dataset *ds,
                         bool (*put)(void *ctx, const void *p, size_t n), void *ctx,
                         struct vo_error *e)
{
    struct io io = {.mode = PUT, .put = put, .ctx = ctx, .ok = true};
    /* PUT only reads: the walk takes a non-const pointer for GET's sake */
    walk(&io, (struct vo_dataset *)(uintptr_t)ds);
    if (io.ok)
        return VO_OK;
    if (!strcmp(io.bad, "memory"))
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (dataset snapshot)");
    return vo_error_set(e, VO_EIO, NULL, "dataset snapshot: the write failed");
}

vo_err vo_ds_snap_decode(int64_t org, uint64_t len, bool (*get)(void *ctx, void *buf, size_t n),
                         void *ctx, struct vo_dataset **out, struct vo_error *e)
{
    struct vo_dataset *ds = vo_ds_new(org);
    if (!ds)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (dataset snapshot)");
    struct io io = {.mode = GET, .get = get, .ctx = ctx, .ds = ds, .ok = true, .left = len};
    walk(&io, ds);
    if (io.ok && ds->org_id != org)
        fail(&io, "org");
    if (io.ok && io.left != 0)
        fail(&io, "end");
    if (io.ok && !vo_ds_users_order(&ds->users))
        fail(&io, "memory");
    if (!io.ok) {
        vo_ds_free(ds);
        if (!strcmp(io.bad, "memory"))
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (dataset snapshot)");
        if (io.short_read)
            return vo_error_set(e, VO_EINVAL, NULL,
                                "the dataset snapshot is damaged: its sizes run past its end");
        return vo_error_set(e, VO_EINVAL, NULL,
                            "the dataset snapshot is damaged: a value out of bounds at %s", io.bad);
    }
    *out = ds;
    return VO_OK;
}
