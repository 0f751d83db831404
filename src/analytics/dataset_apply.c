/*
 * dataset_apply.c - applying one committed row to a loaded dataset (a live
 * dataset: dataset.h, "applying committed writes"), leaving it equal to a
 * dataset built from the store after the same write.
 *
 * The live dataset of the server takes each committed row in place, so a
 * report never reloads the org. The event tables stay in their load order
 * ((time, id)); a row arriving near "now" lands at the end, one arriving
 * in the past moves the tail of its columns by one row (memmove, O(n) but
 * a few milliseconds at 10M rows). Stage changes are inserted into their
 * deal's group the same way, shifting the later deals' offsets. What would
 * move deal indexes (a deal created in the past) or cannot be resolved
 * from the row alone is refused with VO_ECONFLICT and the caller reloads.
 * The rollup of days (dataset_days.c) follows every row that counts in it:
 * the days of the row's old and new instants are counted again.
 * docs/internals/analytics.md ("Live datasets") has the trade-offs and the
 * measurements.
 */
#include "analytics/dataset.h"
#include "analytics/dataset_days.h"
#include "analytics/dataset_int.h"
#include "analytics/dataset_late.h"
#include "analytics/dataset_open.h"

#include <string.h>

#define X_OPEN(p)  memmove(&(p)[pos + 1], &(p)[pos], (t->n - pos) * sizeof *(p));
#define X_CLOSE(p) memmove(&(p)[pos], &(p)[pos + 1], (t->n - pos - 1) * sizeof *(p));

static vo_err refuse(struct vo_error *e, const char *what)
{
    return vo_error_set(e, VO_ECONFLICT, NULL, "the dataset reloads for %s", what);
}

static vo_err no_memory(struct vo_error *e)
{
    return vo_error_set(e, VO_ENOMEM, NULL, "out of memory applying a change");
}

/* Whether a row of store revision r is newer than the held revision held
 * (dataset.h, "Revisions": modulo 2^32, serial number order). */
static bool newer(int64_t r, uint32_t held)
{
    uint32_t d = (uint32_t)r - held;
    return d != 0 && d < 0x80000000u;
}

struct key_id {
    const int64_t *key, *ids; /* ids NULL: by key only */
    int64_t k, id;
};

static bool key_id_le(const void *ctx, size_t i)
{
    const struct key_id *q = ctx;
    return q->key[i] < q->k || (q->key[i] == q->k && (!q->ids || q->ids[i] <= q->id));
}

/* The first position whose (key, id) is above (k, id) in columns ordered
 * by (key, id); ids may be NULL (then by key only). */
static size_t upper_pos(const int64_t *key, const int64_t *ids, size_t n, int64_t k, int64_t id)
{
    struct key_id q = {key, ids, k, id};
    return vo_ds_partition(n, key_id_le, &q);
}

struct perm_at {
    const int64_t *t;
    const int32_t *perm;
    int32_t idx;
};

static bool perm_before(const void *ctx, size_t i)
{
    const struct perm_at *q = ctx;
    int32_t v = q->perm[i];
    return q->t[v] < q->t[q->idx] || (q->t[v] == q->t[q->idx] && v < q->idx);
}

/* The position of (t[idx], idx) in perm[0..n), ordered by (t, index). */
static size_t perm_pos(const int64_t *t, const int32_t *perm, size_t n, int32_t idx)
{
    struct perm_at q = {t, perm, idx};
    return vo_ds_partition(n, perm_before, &q);
}

/* Inserts idx into the permutation *perm of *n entries (capacity grows by
 * one); t[idx] must be set. */
static bool perm_insert(const int64_t *t, int32_t **perm, size_t *n, int32_t idx)
{
    if (!vo_ds_resize(perm, *n + 1, sizeof **perm))
        return false;
    size_t pos = perm_pos(t, *perm, *n, idx);
    memmove(&(*perm)[pos + 1], &(*perm)[pos], (*n - pos) * sizeof **perm);
    (*perm)[pos] = idx;
    (*n)++;
    return true;
}

/* Removes idx (keyed by its current t[idx]) from the permutation. */
static void perm_remove(const int64_t *t, int32_t *perm, size_t *n, int32_t idx)
{
    size_t pos = perm_pos(t, perm, *n, idx);
    if (pos < *n && perm[pos] == idx) {
        memmove(&perm[pos], &perm[pos + 1], (*n - pos - 1) * sizeof *perm);
        (*n)--;
    }
}

/* Row indexes >= from move by delta (+1 after an insert, -1 after a
 * removal of the row before from). */
static void perm_shift(int32_t *perm, size_t n, int32_t from, int32_t delta)
{
    for (size_t i = 0; i < n; i++)
        if (perm[i] >= from)
            perm[i] += delta;
}

/* Puts row k of a table into the index of its end column (closed_at,
 * done_at): the permutation by_end when it has one, else the list of open
 * rows. False on OOM. */
static bool end_insert(const int64_t *end, int32_t **by_end, size_t *n_end, int32_t **open,
                       size_t *n_open, int32_t k)
{
    if (end[k] != VO_NULL)
        return perm_insert(end, by_end, n_end, k);
    return vo_ds_open_insert(open, n_open, k);
}

/* Takes row k out of the index of its end column (see end_insert). */
static void end_remove(const int64_t *end, int32_t *by_end, size_t *n_end, int32_t *open,
                       size_t *n_open, int32_t k)
{
    if (end[k] != VO_NULL)
        perm_remove(end, by_end, n_end, k);
    else
        vo_ds_open_remove(open, n_open, k);
}

/* Sets end[k] to `to`, moving row k between the indexes. False on OOM. */
static bool end_set(int64_t *end, int32_t **by_end, size_t *n_end, int32_t **open, size_t *n_open,
                    int32_t k, int64_t to)
{
    if (end[k] == to)
        return true;
    end_remove(end, *by_end, n_end, *open, n_open, k);
    end[k] = to;
    return end_insert(end, by_end, n_end, open, n_open, k);
}

/* What applying a client or a user checks first. *skip: the row is not
 * newer than the held one (row `found`, -1 = none). VO_ECONFLICT (the
 * dataset reloads) when the row names a `ref_kind` it does not hold
 * (ref_id given, ref < 0), or is new with an id below the largest held
 * one (ids, n). */
static vo_err keyed_check(const int64_t *ids, size_t n, const uint32_t *revs, int32_t found,
                          int64_t id, int64_t rev, int64_t ref_id, int32_t ref, const char *of,
                          const char *below, bool *skip, struct vo_error *e)
{
    *skip = found >= 0 && !newer(rev, revs[found]);
    if (*skip)
        return VO_OK; /* held already, or older than the held row */
    if (ref_id && ref < 0)
        return refuse(e, of);
    if (found < 0 && n > 0 && ids[n - 1] > id)
        return refuse(e, below);
    return VO_OK;
}

/* Inserts a stage change row at pos, inside deal d's group (id 0: the
 * implicit entry). */
static bool sc_insert(struct vo_dataset *ds, int32_t d, size_t pos, int32_t stage, int64_t at,
                      int64_t id)
{
    struct vo_ds_stage_changes *t = &ds->sc;
    if (!sc_room(t))
        return false;
    SC_COLS(X_OPEN, t)
    t->deal[pos] = d;
    t->stage[pos] = stage;
    t->at[pos] = at;
    t->id[pos] = id;
    t->implicit[pos] = id == 0;
    t->n++;
    for (size_t k = (size_t)d + 1; k <= ds->deals.n; k++)
        ds->deals.sc_first[k]++;
    return true;
}

/* A new deal at the end of the deal table (created at or after the last). */
static vo_err deal_append(struct vo_dataset *ds, const struct vo_deal *r,
                          const struct vo_ds_deal_refs *ref, struct vo_error *e)
{
    struct vo_ds_deals *t = &ds->deals;
    size_t i = t->n;
    if (!deals_room(t) || !vo_ds_resize(&t->sc_first, i + 2, sizeof *t->sc_first) ||
        !vo_ds_resize(&t->by_id, i + 1, sizeof *t->by_id))
        return no_memory(e);
    vo_err rc = vo_ds_deal_fill(ds, i, r, ref, e);
    if (rc)
        return rc;
    /* by_id: ordered by id */
    size_t lo = vo_ds_below(t->id, t->by_id, i, r->id);
    memmove(&t->by_id[lo + 1], &t->by_id[lo], (i - lo) * sizeof *t->by_id);
    t->by_id[lo] = (int32_t)i;
    t->n++;
    t->sc_first[i + 1] = t->sc_first[i];
    if (!end_insert(t->closed_at, &t->by_closed, &t->n_closed, &t->open, &t->n_open, (int32_t)i))
        return no_memory(e);
    int32_t is = vo_ds_implicit_stage(ds, i);
    if (is >= 0 && !sc_insert(ds, (int32_t)i, ds->sc.n, is, r->created_at, 0))
        return no_memory(e);
    vo_ds_days_redo(ds, r->created_at);
    vo_ds_days_redo(ds, r->closed_at);
    return VO_OK;
}

vo_err vo_ds_apply_deal(struct vo_dataset *ds, const struct vo_deal *r, struct vo_error *e)
{
    struct vo_ds_deals *t = &ds->deals;
    int32_t found = vo_ds_deal_find(ds, r->id);
    if (found >= 0 && !newer(r->rev, t->rev[found]))
        return VO_OK; /* held already, or older than the held row */
    struct vo_ds_deal_refs ref;
    vo_ds_deal_refs(ds, r, &ref);
    int32_t owner = ref.owner, pipe = ref.pipeline, stage = ref.stage, c = ref.client;
    if (owner < 0 || pipe < 0 || (r->stage_id && stage < 0) || (r->client_id && c < 0))
        return refuse(e, "a deal naming something new");
    if (found < 0) {
        if (upper_pos(t->created_at, t->id, t->n, r->created_at, r->id) != t->n)
            return refuse(e, "a deal created in the past");
        return deal_append(ds, r, &ref, e);
    }
    size_t i = (size_t)found;
    if (t->created_at[i] != r->created_at || t->pipeline[i] != pipe || t->client[i] != c)
        return refuse(e, "a deal moved in time, pipeline or client");
    size_t f = (size_t)t->sc_first[i], l = (size_t)t->sc_first[i + 1];
    bool had_implicit = l - f == 1 && ds->sc.implicit[f];
    bool new_owner = t->owner[i] != owner;
    /* what the rollup of days counts of a deal */
    bool counted = new_owner || t->status[i] != (uint8_t)r->status || t->amount[i] != r->amount ||
                   t->closed_at[i] != r->closed_at;
    int64_t was_closed = t->closed_at[i];
    if (new_owner) {
        for (size_t k = 0; k < ds->pays.n; k++)
            if (ds->pays.deal[k] == found)
                ds->pays.user[k] = owner;
        t->owner[i] = owner;
    }
    t->team[i] = ds->users.team[owner];
    t->stage[i] = stage;
    t->status[i] = (uint8_t)r->status;
    t->amount[i] = r->amount;
    t->product[i] = r->product_id;
    t->rev[i] = (uint32_t)r->rev;
    if (!end_set(t->closed_at, &t->by_closed, &t->n_closed, &t->open, &t->n_open, found,
                 r->closed_at))
        return no_memory(e);
    vo_err rc = vo_ds_deal_dims(ds, i, r, c, e);
    if (rc)
        return rc;
    /* the implicit first change follows the deal's stage */
    int32_t is = vo_ds_implicit_stage(ds, i);
    if (had_implicit) {
        if (is < 0)
            return refuse(e, "a deal without a stage");
        ds->sc.stage[f] = is;
    } else if (l == f && is >= 0 && !sc_insert(ds, found, f, is, r->created_at, 0)) {
        return no_memory(e);
    }
    if (counted) {
        vo_ds_days_redo(ds, was_closed);
        vo_ds_days_redo(ds, r->closed_at);
    }
    if (new_owner) {
        vo_ds_days_redo(ds, r->created_at);
        for (size_t k = 0; k < ds->pays.n; k++)
            if (ds->pays.deal[k] == found)
                vo_ds_days_redo(ds, ds->pays.paid_at[k]);
    }
    return VO_OK;
}

/* A stage change of vo_ds_apply_stage_changes, resolved. */
struct sc_new {
    int32_t deal, stage;
    int64_t at, id;
};

static int sc_new_cmp(const void *a, const void *b)
{
    const struct sc_new *x = a, *y = b;
    if (x->deal != y->deal)
        return x->deal < y->deal ? -1 : 1;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Whether deal d's group (rows f..l) holds the store id. */
static bool sc_holds(const struct vo_ds_stage_changes *t, size_t f, size_t l, int64_t id)
{
    for (size_t k = f; k < l; k++)
        if (t->id[k] == id)
            return true;
    return false;
}

vo_err vo_ds_apply_stage_changes(struct vo_dataset *ds, const struct vo_stage_change *r, size_t n,
                                 struct vo_error *e)
{
    struct vo_ds_stage_changes *t = &ds->sc;
    int32_t *first = ds->deals.sc_first;
    if (n == 0)
        return VO_OK;
    struct sc_new *v = malloc(n * sizeof *v);
    if (!v)
        return no_memory(e);
    for (size_t i = 0; i < n; i++) {
        v[i].deal = vo_ds_deal_find(ds, r[i].deal_id);
        v[i].stage = vo_ds_stage_find(ds, r[i].stage_id);
        v[i].at = r[i].at;
        v[i].id = r[i].id;
        if (v[i].deal < 0 || v[i].stage < 0 || r[i].id <= 0) {
            bool unknown = v[i].deal < 0 || v[i].stage < 0;
            free(v);
            return refuse(e, unknown ? "a stage change of a deal or stage it does not hold"
                                     : "a stage change without a store id");
        }
    }
    qsort(v, n, sizeof *v, sc_new_cmp);
    /* in this order: an id held (a replay onto a load that read it) or told
     * twice is skipped; a deal's first stored change replaces its implicit
     * row; the others are inserted (kept in v[0..k)) at their (at, id)
     * place, so moves within one second keep their order whatever order
     * their changes arrive in */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t f = (size_t)first[v[i].deal], l = (size_t)first[v[i].deal + 1];
        if ((i > 0 && v[i - 1].deal == v[i].deal && v[i - 1].id == v[i].id) ||
            sc_holds(t, f, l, v[i].id))
            continue;
        if (l - f == 1 && t->implicit[f]) {
            t->stage[f] = v[i].stage;
            t->at[f] = v[i].at;
            t->id[f] = v[i].id;
            t->implicit[f] = 0;
            continue;
        }
        v[k++] = v[i];
    }
    size_t want = t->n + k, cap = t->cap * 2 > want ? t->cap * 2 : want;
    if (k > (size_t)INT32_MAX - t->n || (want > t->cap && !sc_resize(t, cap))) {
        free(v);
        return no_memory(e);
    }
    /* merged from the back: each new row after the held ones of its deal
     * at or before its (at, id), as upper_pos places one */
    size_t i = t->n, j = k, w = t->n + k;
    while (j > 0) {
        const struct sc_new *x = &v[j - 1];
        bool old_after =
            i > 0 && (t->deal[i - 1] > x->deal ||
                      (t->deal[i - 1] == x->deal &&
                       (t->at[i - 1] > x->at || (t->at[i - 1] == x->at && t->id[i - 1] > x->id))));
        w--;
        if (old_after) {
            i--;
            t->deal[w] = t->deal[i];
            t->stage[w] = t->stage[i];
            t->at[w] = t->at[i];
            t->id[w] = t->id[i];
            t->implicit[w] = t->implicit[i];
        } else {
            j--;
            t->deal[w] = x->deal;
            t->stage[w] = x->stage;
            t->at[w] = x->at;
            t->id[w] = x->id;
            t->implicit[w] = 0;
        }
    }
    t->n += k;
    /* each group starts later by the rows inserted before it: those after
     * the first deal given one */
    size_t shift = 0;
    for (size_t d = k ? (size_t)v[0].deal + 1 : ds->deals.n + 1, q = 0; d <= ds->deals.n; d++) {
        while (q < k && (size_t)v[q].deal < d) {
            q++;
            shift++;
        }
        first[d] += (int32_t)shift;
    }
    free(v);
    return VO_OK;
}

vo_err vo_ds_apply_stage_change(struct vo_dataset *ds, const struct vo_stage_change *r,
                                struct vo_error *e)
{
    return vo_ds_apply_stage_changes(ds, r, 1, e);
}

vo_err vo_ds_apply_activity(struct vo_dataset *ds, const struct vo_activity *r, struct vo_error *e)
{
    struct vo_ds_activities *t = &ds->acts;
    if (r->id <= t->max_id)
        return refuse(e, "an edited activity");
    int32_t u = vo_ds_user_find(ds, r->user_id);
    int32_t d = r->deal_id ? vo_ds_deal_find(ds, r->deal_id) : -1;
    if (u < 0 || (r->deal_id && d < 0))
        return refuse(e, "an activity naming something new");
    if (!acts_room(t))
        return no_memory(e);
    size_t pos = upper_pos(t->at, NULL, t->n, r->at, 0);
    ACTS_COLS(X_OPEN, t)
    t->at[pos] = r->at;
    t->user[pos] = u;
    t->deal[pos] = d;
    t->duration_s[pos] = r->duration_s == VO_NULL ? -1 : vo_ds_clamp32(r->duration_s);
    t->type[pos] = (uint8_t)r->type;
    t->n++;
    t->max_id = r->id;
    vo_ds_days_add_activity(ds, pos);
    return VO_OK;
}

/* The row of id in a table ordered by time whose ids are mostly in time
 * order too: searched from the end, where recent rows are. */
static int64_t row_of(const int64_t *ids, size_t n, int64_t max_id, int64_t id)
{
    if (id > max_id)
        return -1;
    for (size_t k = n; k-- > 0;)
        if (ids[k] == id)
            return (int64_t)k;
    return -1;
}

/* vo_ds_apply_task's change of the task columns and indexes. */
static vo_err task_put(struct vo_dataset *ds, const struct vo_task *r, int64_t old, int32_t u,
                       int32_t d, struct vo_error *e)
{
    struct vo_ds_tasks *t = &ds->tasks;
    /* the late index holds values, not positions: swap the task's values */
    if (old >= 0)
        vo_ds_late_remove(ds, t->assignee[old], t->created_at[old], t->due_at[old],
                          t->done_at[old]);
    if (!vo_ds_late_add(ds, u, r->created_at, r->due_at, r->done_at))
        return no_memory(e);
    if (old >= 0 && t->created_at[old] == r->created_at) { /* in place (a completion) */
        int32_t k = (int32_t)old;
        if (!end_set(t->done_at, &t->by_done, &t->n_done, &t->open, &t->n_open, k, r->done_at))
            return no_memory(e);
        t->due_at[k] = r->due_at;
        t->assignee[k] = u;
        t->deal[k] = d;
        t->rev[k] = (uint32_t)r->rev;
        return VO_OK;
    }
    if (old >= 0) { /* created_at moved: out of its place, back in at the new one */
        size_t pos = (size_t)old;
        end_remove(t->done_at, t->by_done, &t->n_done, t->open, &t->n_open, (int32_t)pos);
        TASKS_COLS(X_CLOSE, t)
        t->n--;
        perm_shift(t->by_done, t->n_done, (int32_t)pos + 1, -1);
        vo_ds_open_shift(t->open, t->n_open, (int32_t)pos + 1, -1);
    }
    if (!tasks_room(t))
        return no_memory(e);
    size_t pos = upper_pos(t->created_at, t->id, t->n, r->created_at, r->id);
    TASKS_COLS(X_OPEN, t)
    t->id[pos] = r->id;
    t->created_at[pos] = r->created_at;
    t->due_at[pos] = r->due_at;
    t->done_at[pos] = r->done_at;
    t->assignee[pos] = u;
    t->deal[pos] = d;
    t->rev[pos] = (uint32_t)r->rev;
    t->n++;
    if (r->id > t->max_id)
        t->max_id = r->id;
    if (pos + 1 < t->n) { /* rows after it moved up one */
        perm_shift(t->by_done, t->n_done, (int32_t)pos, 1);
        vo_ds_open_shift(t->open, t->n_open, (int32_t)pos, 1);
    }
    if (!end_insert(t->done_at, &t->by_done, &t->n_done, &t->open, &t->n_open, (int32_t)pos))
        return no_memory(e);
    return VO_OK;
}

vo_err vo_ds_apply_task(struct vo_dataset *ds, const struct vo_task *r, struct vo_error *e)
{
    struct vo_ds_tasks *t = &ds->tasks;
    int64_t old = row_of(t->id, t->n, t->max_id, r->id);
    if (old >= 0 && !newer(r->rev, t->rev[old]))
        return VO_OK; /* held already, or older than the held row */
    int32_t u = vo_ds_user_find(ds, r->assignee_id);
    int32_t d = r->deal_id ? vo_ds_deal_find(ds, r->deal_id) : -1;
    if (u < 0 || (r->deal_id && d < 0))
        return refuse(e, "a task naming something new");
    int64_t was_done = old >= 0 ? t->done_at[old] : VO_NULL;
    vo_err rc = task_put(ds, r, old, u, d, e);
    /* the rollup counts done tasks on their day */
    vo_ds_days_redo(ds, was_done);
    vo_ds_days_redo(ds, r->done_at);
    return rc;
}

vo_err vo_ds_apply_payment(struct vo_dataset *ds, const struct vo_payment *r, struct vo_error *e)
{
    struct vo_ds_payments *t = &ds->pays;
    int64_t old = row_of(t->id, t->n, t->max_id, r->id);
    if (old >= 0 && !newer(r->rev, t->rev[old]))
        return VO_OK; /* held already, or older than the held row */
    int32_t d = r->deal_id ? vo_ds_deal_find(ds, r->deal_id) : -1;
    int32_t c = r->client_id ? vo_ds_client_find(ds, r->client_id) : -1;
    if ((r->deal_id && d < 0) || (r->client_id && c < 0))
        return refuse(e, "a payment naming something new");
    if (c < 0 && d >= 0)
        c = ds->deals.client[d];
    int64_t was_paid = old >= 0 ? t->paid_at[old] : VO_NULL;
    if (old >= 0) {
        size_t pos = (size_t)old;
        PAYS_COLS(X_CLOSE, t)
        t->n--;
    }
    if (!pays_room(t))
        return no_memory(e);
    size_t pos = upper_pos(t->paid_at, t->id, t->n, r->paid_at, r->id);
    PAYS_COLS(X_OPEN, t)
    t->id[pos] = r->id;
    t->paid_at[pos] = r->paid_at;
    t->amount[pos] = r->amount;
    t->deal[pos] = d;
    t->client[pos] = c;
    t->user[pos] = d >= 0 ? ds->deals.owner[d] : c >= 0 ? ds->clients.owner[c] : -1;
    t->rev[pos] = (uint32_t)r->rev;
    t->n++;
    if (r->id > t->max_id)
        t->max_id = r->id;
    vo_ds_days_redo(ds, was_paid);
    vo_ds_days_redo(ds, r->paid_at);
    return VO_OK;
}

/* The store's order of plans: period, scope kind (org < team < user, as
 * text and as enum), scope id (index order: teams and users load by id),
 * metric key as text. */
static int plan_cmp(const struct vo_ds_plans *t, size_t k, int y, int m, int kind, int32_t scope,
                    int metric)
{
    int a[] = {t->year[k], t->month[k], t->scope_kind[k]}, b[] = {y, m, kind};
    for (size_t i = 0; i < 3; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    if (t->scope[k] != scope)
        return t->scope[k] < scope ? -1 : 1;
    return strcmp(vo_metrics[t->metric[k]].key, vo_metrics[metric].key);
}

vo_err vo_ds_apply_plan(struct vo_dataset *ds, const struct vo_plan *r, struct vo_error *e)
{
    struct vo_ds_plans *t = &ds->plans;
    int32_t scope;
    if (!vo_ds_plan_scope(ds, r, &scope))
        return refuse(e, "a plan of a team or user it does not hold");
    size_t pos = 0;
    int c = 1;
    while (pos < t->n &&
           (c = plan_cmp(t, pos, r->year, r->month, (int)r->scope_kind, scope, (int)r->metric)) < 0)
        pos++;
    if (pos < t->n && c == 0) {
        if (newer(r->rev, t->rev[pos])) {
            t->target[pos] = r->target;
            t->rev[pos] = (uint32_t)r->rev;
        }
        return VO_OK;
    }
    if (!plans_room(t))
        return no_memory(e);
    PLANS_COLS(X_OPEN, t)
    vo_ds_plan_fill(t, pos, r, scope);
    t->n++;
    return VO_OK;
}

vo_err vo_ds_apply_client(struct vo_dataset *ds, const struct vo_client *r, struct vo_error *e)
{
    struct vo_ds_clients *t = &ds->clients;
    int32_t found = vo_ds_client_find(ds, r->id);
    int32_t owner = r->owner_id ? vo_ds_user_find(ds, r->owner_id) : -1;
    bool skip;
    vo_err rc = keyed_check(t->id, t->n, t->rev, found, r->id, r->rev, r->owner_id, owner,
                            "a client of a user it does not hold",
                            "a client below the largest held id", &skip, e);
    if (rc || skip)
        return rc;
    if (found < 0 && !clients_room(t))
        return no_memory(e);
    size_t i = found < 0 ? t->n : (size_t)found;
    struct vo_ds_client_dims cd;
    rc = vo_ds_client_dims(ds, r, &cd, e);
    if (rc)
        return rc;
    int32_t ch = cd.channel, rg = cd.region, sg = cd.segment, src = cd.source;
    bool same_name = found >= 0 && (t->name[i] == r->name ||
                                    (t->name[i] && r->name && strcmp(t->name[i], r->name) == 0));
    if (!same_name) {
        const char *name = r->name ? vo_arena_strdup(&ds->strings, r->name) : NULL;
        if (r->name && !name)
            return no_memory(e);
        t->name[i] = name;
    }
    t->rev[i] = (uint32_t)r->rev;
    if (found < 0) {
        t->id[i] = r->id;
        t->owner[i] = owner;
        t->channel[i] = ch;
        t->region[i] = rg;
        t->segment[i] = sg;
        t->source[i] = src;
        t->n++;
        return VO_OK; /* nothing refers to it yet */
    }
    bool dims = t->channel[i] != ch || t->region[i] != rg || t->source[i] != src;
    bool new_owner = t->owner[i] != owner;
    t->owner[i] = owner;
    t->channel[i] = ch;
    t->region[i] = rg;
    t->segment[i] = sg;
    t->source[i] = src;
    if (dims) {
        struct vo_ds_deals *d = &ds->deals;
        for (size_t k = 0; k < d->n; k++) {
            if (d->client[k] != found)
                continue;
            d->region[k] = rg;
            if (!(d->own[k] & VO_DS_OWN_CHANNEL))
                d->channel[k] = ch;
            if (!(d->own[k] & VO_DS_OWN_SOURCE))
                d->source[k] = src;
        }
    }
    if (new_owner) {
        struct vo_ds_payments *p = &ds->pays;
        /* a day counted before another payment of it changed is counted
         * again at that payment */
        for (size_t k = 0; k < p->n; k++)
            if (p->deal[k] < 0 && p->client[k] == found) {
                p->user[k] = owner;
                vo_ds_days_redo(ds, p->paid_at[k]);
            }
    }
    return VO_OK;
}

/* Sets *slot to a copy of s in the dataset's arena unless it holds the same
 * text already. */
static bool set_text(struct vo_dataset *ds, const char **slot, const char *s)
{
    if (*slot == s || (*slot && s && strcmp(*slot, s) == 0))
        return true;
    const char *copy = s ? vo_arena_strdup(&ds->strings, s) : NULL;
    if (s && !copy)
        return false;
    *slot = copy;
    return true;
}

vo_err vo_ds_apply_user(struct vo_dataset *ds, const struct vo_user *r, struct vo_error *e)
{
    struct vo_ds_users *t = &ds->users;
    int32_t found = vo_ds_user_find(ds, r->id);
    int32_t team = r->team_id ? vo_ds_team_find(ds, r->team_id) : -1;
    bool skip;
    vo_err rc = keyed_check(t->id, t->n, t->rev, found, r->id, r->rev, r->team_id, team,
                            "a user of a team it does not hold", "a user below the largest held id",
                            &skip, e);
    if (rc || skip)
        return rc;
    if (found < 0) {
        /* the per-user late-task index grows with the users */
        if (ds->tasks.n_late != t->n || !users_room(t) ||
            !vo_ds_resize(&ds->tasks.late, t->n + 1, sizeof *ds->tasks.late))
            return no_memory(e);
        memset(&ds->tasks.late[t->n], 0, sizeof *ds->tasks.late);
        size_t i = t->n;
        t->id[i] = r->id;
        t->name[i] = t->email[i] = NULL;
        if (!set_text(ds, &t->name[i], r->name) || !set_text(ds, &t->email[i], r->email))
            return no_memory(e);
        t->role[i] = (uint8_t)r->role;
        t->team[i] = team;
        t->active[i] = r->active ? 1 : 0;
        t->rev[i] = (uint32_t)r->rev;
        t->n++;
        ds->tasks.n_late++;
        vo_ds_days_add_user(ds);
        return vo_ds_users_order(t) ? VO_OK : no_memory(e); /* nothing refers to it yet */
    }
    size_t i = (size_t)found;
    if (!set_text(ds, &t->name[i], r->name) || !set_text(ds, &t->email[i], r->email))
        return no_memory(e);
    t->role[i] = (uint8_t)r->role;
    t->active[i] = r->active ? 1 : 0;
    t->rev[i] = (uint32_t)r->rev;
    if (!vo_ds_users_order(t))
        return no_memory(e);
    if (t->team[i] != team) { /* a deal's team is its owner's */
        t->team[i] = team;
        for (size_t k = 0; k < ds->deals.n; k++)
            if (ds->deals.owner[k] == found)
                ds->deals.team[k] = team;
    }
    return VO_OK;
}
