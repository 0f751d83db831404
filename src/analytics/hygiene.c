/*
 * hygiene.c - the CRM hygiene audit (METRICS.md, "CRM hygiene"). Four
 * passes, each linear: the activities before as_of (sorted by time, so the
 * last write per deal is the latest touch; only the last stale_days + 1
 * days of them when no list is asked for), the tasks open at as_of (which
 * deals have an open task; which tasks are overdue), the deals open at
 * as_of (their stage at as_of from their own stage changes, then the
 * flags), and the users (overloaded, score). The open tasks and deals come
 * from the dataset's open lists (the rows open now plus those closed at or
 * after as_of), not from a walk over every row created before as_of: in
 * index order for the list (vo_ds_tasks_open_at, vo_ds_deals_open_at), in
 * the lists' own order for the figures alone (vo_ds_*_each_open: no sort,
 * no copy). The per-deal scratch marks are two bitmaps, and the latest
 * touch of each deal is kept only for the list (its idle days). The per-deal
 * scratch arrays and the growing list live on the heap for the call only;
 * what is returned is in the arena. The list is built only when asked
 * for: the summary alone costs no memory per flagged deal.
 */
#include "analytics/hygiene.h"

#include <stdlib.h>
#include <string.h>

#define DAY 86400

/* The per-deal scratch marks: a bit a deal in each of two bitmaps (125
 * KB each at 1M deals, so the random writes of the activities and tasks
 * and the reads of the open deals stay in the cache). */
enum { MARK_LAST, MARK_TASK, MARK__COUNT };

static const char *const field_names[] = {"amount", "client", "stage", "channel", "source"};

void vo_hygiene_settings_default(struct vo_hygiene_settings *s)
{
    s->stale_days = 14;
    s->open_deal_limit = -1;
    s->required = VO_HY_REQ_AMOUNT | VO_HY_REQ_CLIENT;
}

const char *vo_hygiene_field_name(unsigned bit)
{
    for (unsigned i = 0; i < sizeof field_names / sizeof field_names[0]; i++)
        if (bit == 1u << i)
            return field_names[i];
    return "?";
}

/* Whole days of 24 h in [from, to), rounded down; 0 when to <= from. The
 * difference is taken in 128 bits: a stored instant far outside the
 * supported dates must not wrap it. */
static int64_t whole_days(int64_t from, int64_t to)
{
    __extension__ typedef __int128 i128;
    if (to <= from)
        return 0;
    int64_t d;
    if (!__builtin_sub_overflow(to, from, &d))
        return d / DAY; /* the usual case: a 64-bit division, not a call */
    return (int64_t)(((i128)to - from) / DAY);
}

static int32_t score_x10(int64_t clean, int64_t open)
{
    if (open <= 0)
        return -1;
    /* round(1000 * clean / open), halves up: exact in integers */
    return (int32_t)((2000 * clean + open) / (2 * open));
}

/* The department's sums. Every figure of a row counts deals or tasks (one
 * each at most), and a dataset indexes them by int32: no sum nears
 * INT64_MAX, so these need no overflow check. */
static void add_row(struct vo_hygiene_row *sum, const struct vo_hygiene_row *r)
{
    sum->open_deals += r->open_deals;
    sum->open_tasks += r->open_tasks;
    sum->overdue_tasks += r->overdue_tasks;
    sum->no_next_task += r->no_next_task;
    sum->stale += r->stale;
    sum->stuck += r->stuck;
    sum->incomplete += r->incomplete;
    sum->overloaded += r->overloaded;
    sum->clean += r->clean;
}

static unsigned missing_fields(const struct vo_ds_deals *d, size_t i, unsigned required)
{
    unsigned m = 0;
    if ((required & VO_HY_REQ_AMOUNT) && d->amount[i] == VO_NULL)
        m |= VO_HY_REQ_AMOUNT;
    if ((required & VO_HY_REQ_CLIENT) && d->client[i] < 0)
        m |= VO_HY_REQ_CLIENT;
    if ((required & VO_HY_REQ_STAGE) && d->stage[i] < 0)
        m |= VO_HY_REQ_STAGE;
    if ((required & VO_HY_REQ_CHANNEL) && d->channel[i] == 0)
        m |= VO_HY_REQ_CHANNEL;
    if ((required & VO_HY_REQ_SOURCE) && d->source[i] == 0)
        m |= VO_HY_REQ_SOURCE;
    return m;
}

/* Regroups n items of sz bytes by key (a user index; -1 = none, last),
 * keeping their order within a key: a stable counting sort, so it needs no
 * comparator state and stays safe when reports run in parallel. Returns
 * the regrouped copy in the arena, NULL when out of memory. */
static void *group_by_user(const void *items, size_t n, size_t sz, const int32_t *key,
                           size_t nusers, struct vo_arena *a)
{
    char *dst = vo_arena_array(a, n ? n : 1, sz);
    size_t *pos = calloc(nusers + 2, sizeof *pos);
    if (!dst || !pos) {
        free(pos);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        pos[key[i] >= 0 ? (size_t)key[i] + 1 : nusers + 1]++;
    size_t sum = 0;
    for (size_t k = 0; k < nusers + 2; k++) {
        size_t c = pos[k];
        pos[k] = sum;
        sum += c;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = key[i] >= 0 ? (size_t)key[i] + 1 : nusers + 1;
        memcpy(dst + pos[k]++ * sz, (const char *)items + i * sz, sz);
    }
    free(pos);
    return dst;
}

/* The heap vector p (of *cap items of sz bytes) with room for one more
 * than n: p itself when there is room, else a bigger copy (*cap updated);
 * NULL when out of memory (p is then still valid). */
static void *grow(void *p, size_t n, size_t *cap, size_t sz)
{
    if (n < *cap)
        return p;
    size_t c = *cap ? *cap * 2 : 256;
    void *w = realloc(p, c * sz);
    if (w)
        *cap = c;
    return w;
}

static struct vo_hygiene_row *row_of(struct vo_hygiene *h, int32_t user)
{
    return user >= 0 && (size_t)user < h->nusers ? &h->users[user] : NULL;
}

/* The work of one vo_hygiene_compute. */
struct work {
    const struct vo_dataset *ds;
    int64_t as_of;
    const struct vo_hygiene_settings *s;
    bool want_list;
    struct vo_hygiene h;
    /* per deal: latest activity before as_of (when marked MARK_LAST; only
     * with the list, which shows the idle days) */
    int64_t *last;
    uint64_t *mark[MARK__COUNT];   /* bitmaps by deal index */
    struct vo_hygiene_deal *deals; /* the list while it grows (heap) */
    struct vo_hygiene_task *tasks;
    size_t ndeals, dcap, ntasks, tcap;
};

static vo_err no_memory(struct vo_error *e)
{
    return vo_error_set(e, VO_ENOMEM, "hygiene", "out of memory");
}

static void mark(struct work *w, int k, int32_t deal)
{
    w->mark[k][(uint32_t)deal / 64] |= (uint64_t)1 << ((uint32_t)deal % 64);
}

static bool marked(const struct work *w, int k, size_t deal)
{
    return (w->mark[k][deal / 64] >> (deal % 64)) & 1;
}

/* 1. activities before as_of: ascending, so the last one wins. A deal is
 * stale iff its last touch is at or before as_of - (stale_days + 1) days,
 * so without the list (which shows the exact idle days) only the
 * activities after that instant can change a flag: about 15 days of them
 * instead of all, and a deal with one of them is not stale whatever its
 * other touches, so the mark alone tells it (deal_flags). */
static void mark_last_touch(struct work *w)
{
    int64_t from = INT64_MIN;
    if (!w->want_list)
        from = w->as_of - ((int64_t)w->s->stale_days + 1) * DAY + 1;
    struct vo_ds_span sp = vo_ds_acts_in(w->ds, from, w->as_of);
    const int64_t *at = w->ds->acts.at;
    const int32_t *adeal = w->ds->acts.deal;
    for (size_t i = sp.lo; i < sp.hi; i++)
        if (adeal[i] >= 0) {
            if (w->last)
                w->last[adeal[i]] = at[i];
            mark(w, MARK_LAST, adeal[i]);
        }
}

/* Calls count(w, i) for each row i that open_at (vo_ds_tasks_open_at,
 * vo_ds_deals_open_at) finds open at w->as_of, in index order; VO_ENOMEM
 * when open_at or a count runs out of memory. */
static vo_err each_open(struct work *w,
                        bool (*open_at)(const struct vo_dataset *ds, int64_t as_of, int32_t **out,
                                        size_t *n),
                        bool (*count)(void *w, size_t i), struct vo_error *e)
{
    int32_t *open = NULL;
    size_t nopen = 0;
    if (!open_at(w->ds, w->as_of, &open, &nopen))
        return no_memory(e);
    bool ok = true;
    for (size_t k = 0; k < nopen && ok; k++)
        ok = count(w, (size_t)open[k]);
    free(open);
    return ok ? VO_OK : no_memory(e);
}

/* 2. tasks created before as_of and not done before it: task i's counts
 * (false on OOM). */
static bool count_open_task(void *ctx, size_t i)
{
    struct work *w = ctx;
    const struct vo_ds_tasks *T = &w->ds->tasks;
    struct vo_hygiene_row *r = row_of(&w->h, T->assignee[i]);
    if (r)
        r->open_tasks++;
    if (T->deal[i] >= 0)
        mark(w, MARK_TASK, T->deal[i]);
    if (T->due_at[i] >= w->as_of)
        return true;
    if (r)
        r->overdue_tasks++;
    if (!w->want_list)
        return true;
    struct vo_hygiene_task *g = grow(w->tasks, w->ntasks, &w->tcap, sizeof *w->tasks);
    if (!g)
        return false;
    w->tasks = g;
    w->tasks[w->ntasks++] = (struct vo_hygiene_task){
        .task = (int32_t)i, .days_overdue = whole_days(T->due_at[i], w->as_of)};
    return true;
}

/* The flags of open deal i at as_of. */
static struct vo_hygiene_deal deal_flags(const struct work *w, size_t i)
{
    const struct vo_dataset *ds = w->ds;
    const struct vo_ds_deals *D = &ds->deals;
    int64_t as_of = w->as_of;
    struct vo_hygiene_deal fd = {.deal = (int32_t)i, .stage = -1, .max_days = -1};
    /* the stage at as_of: the last change before as_of */
    int64_t touch = D->created_at[i], entered = VO_NULL;
    /* from the last change back: at a recent as_of it is the one */
    for (int32_t k = D->sc_first[i + 1] - 1; k >= D->sc_first[i]; k--)
        if (ds->sc.at[k] < as_of) {
            fd.stage = ds->sc.stage[k];
            entered = ds->sc.at[k];
            break;
        }
    if (entered != VO_NULL && entered > touch)
        touch = entered;
    bool touched = marked(w, MARK_LAST, i);
    if (!marked(w, MARK_TASK, i))
        fd.flags |= VO_HY_NO_NEXT_TASK;
    if (w->last) { /* the list: the exact idle days */
        if (touched && w->last[i] > touch)
            touch = w->last[i];
        fd.idle_days = whole_days(touch, as_of);
        if (fd.idle_days > w->s->stale_days)
            fd.flags |= VO_HY_STALE;
    } else if (!touched && whole_days(touch, as_of) > w->s->stale_days) {
        fd.flags |= VO_HY_STALE; /* touched: an activity in the last stale_days + 1 days */
    }
    if (fd.stage >= 0) {
        fd.max_days = ds->stages.max_days[fd.stage];
        fd.stage_days = whole_days(entered, as_of);
        if (fd.max_days >= 0 && fd.stage_days > fd.max_days)
            fd.flags |= VO_HY_STUCK;
    }
    fd.missing = missing_fields(D, i, w->s->required);
    if (fd.missing)
        fd.flags |= VO_HY_INCOMPLETE;
    return fd;
}

/* 3. deals created before as_of and open at as_of: deal i's counts
 * (false on OOM). */
static bool count_open_deal(void *ctx, size_t i)
{
    struct work *w = ctx;
    struct vo_hygiene_deal fd = deal_flags(w, i);
    struct vo_hygiene_row *r = row_of(&w->h, w->ds->deals.owner[i]);
    if (r) {
        r->open_deals++;
        r->no_next_task += (fd.flags & VO_HY_NO_NEXT_TASK) != 0;
        r->stale += (fd.flags & VO_HY_STALE) != 0;
        r->stuck += (fd.flags & VO_HY_STUCK) != 0;
        r->incomplete += (fd.flags & VO_HY_INCOMPLETE) != 0;
        r->clean += fd.flags == 0;
    }
    if (w->want_list && fd.flags) {
        struct vo_hygiene_deal *g = grow(w->deals, w->ndeals, &w->dcap, sizeof *w->deals);
        if (!g)
            return false;
        w->deals = g;
        w->deals[w->ndeals++] = fd;
    }
    return true;
}

/* 2 and 3: the counts of the open tasks, then of the open deals (which
 * read the tasks' marks). Without the list the order does not matter: the
 * open rows are told as the dataset holds them (vo_ds_*_each_open), no
 * list, no sort. */
static vo_err count_open(struct work *w, struct vo_error *e)
{
    if (!w->want_list) {
        if (!vo_ds_tasks_each_open(w->ds, w->as_of, count_open_task, w) ||
            !vo_ds_deals_each_open(w->ds, w->as_of, count_open_deal, w))
            return no_memory(e);
        return VO_OK;
    }
    vo_err rc = each_open(w, vo_ds_tasks_open_at, count_open_task, e);
    return rc ? rc : each_open(w, vo_ds_deals_open_at, count_open_deal, e);
}

/* The list by user, in deal (task) index order within a user. */
static vo_err list_by_user(struct work *w, struct vo_arena *a, struct vo_error *e)
{
    struct vo_hygiene *h = &w->h;
    size_t ndeals = w->ndeals, ntasks = w->ntasks;
    int32_t *key = malloc((ndeals > ntasks ? ndeals : ntasks) * sizeof *key + 1);
    if (!key)
        return no_memory(e);
    for (size_t i = 0; i < ndeals; i++)
        key[i] = w->ds->deals.owner[w->deals[i].deal];
    h->deals = group_by_user(w->deals, ndeals, sizeof *w->deals, key, h->nusers, a);
    for (size_t i = 0; i < ntasks; i++)
        key[i] = w->ds->tasks.assignee[w->tasks[i].task];
    h->tasks =
        h->deals ? group_by_user(w->tasks, ntasks, sizeof *w->tasks, key, h->nusers, a) : NULL;
    free(key);
    if (!h->deals || !h->tasks)
        return no_memory(e);
    h->ndeals = ndeals;
    h->ntasks = ntasks;
    return VO_OK;
}

const char *const vo_hygiene_fig_keys[VO_HYGIENE_NFIG] = {
    "open_deals", "overdue_tasks", "no_next_task", "stale", "stuck", "incomplete", "overloaded"};

int64_t vo_hygiene_fig(const struct vo_hygiene_row *r, int k)
{
    const int64_t v[VO_HYGIENE_NFIG] = {r->open_deals, r->overdue_tasks, r->no_next_task, r->stale,
                                        r->stuck,      r->incomplete,    r->overloaded};
    return v[k];
}

vo_err vo_hygiene_compute(const struct vo_dataset *ds, int64_t as_of,
                          const struct vo_hygiene_settings *s, bool want_list, struct vo_arena *a,
                          struct vo_hygiene *out, struct vo_error *e)
{
    const struct vo_ds_deals *D = &ds->deals;
    vo_err rc = VO_OK;
    struct work w = {.ds = ds, .as_of = as_of, .s = s, .want_list = want_list};
    w.h = (struct vo_hygiene){.as_of = as_of, .settings = *s, .nusers = ds->users.n};
    struct vo_hygiene *h = &w.h;
    h->users = vo_arena_array(a, h->nusers ? h->nusers : 1, sizeof *h->users);
    /* last is not initialised (8 MB at 1M deals): only read where the
     * mark says it was written */
    w.last = want_list ? malloc((D->n ? D->n : 1) * sizeof *w.last) : NULL;
    for (int k = 0; k < MARK__COUNT; k++)
        w.mark[k] = calloc(D->n / 64 + 1, sizeof *w.mark[k]);
    if (!h->users || (want_list && !w.last) || !w.mark[MARK_LAST] || !w.mark[MARK_TASK]) {
        rc = no_memory(e);
        goto out;
    }
    mark_last_touch(&w);
    if ((rc = count_open(&w, e)))
        goto out;
    /* 4. users: overloaded, the score, the department sums */
    for (size_t u = 0; u < h->nusers; u++) {
        struct vo_hygiene_row *r = &h->users[u];
        r->overloaded = s->open_deal_limit >= 0 && r->open_deals > s->open_deal_limit;
        r->score_x10 = score_x10(r->clean, r->open_deals);
        add_row(&h->org, r);
    }
    h->org.score_x10 = score_x10(h->org.clean, h->org.open_deals);
    if (want_list && (rc = list_by_user(&w, a, e)))
        goto out;
    *out = *h;
out:
    free(w.last);
    for (int k = 0; k < MARK__COUNT; k++)
        free(w.mark[k]);
    free(w.deals);
    free(w.tasks);
    return rc;
}
