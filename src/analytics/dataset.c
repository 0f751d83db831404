/*
 * dataset.c - the dataset's lifetime (a new empty one, freeing, measuring),
 * its dictionaries, the id look-ups and the period search. Building one
 * from rows is dataset_build.c; applying a committed row to a live one,
 * dataset_apply.c; the reading of the store that feeds the builder,
 * service/dataset_load.c.
 */
#include "analytics/dataset.h"
#include "analytics/dataset_int.h"
#include "analytics/dataset_days.h"
#include "analytics/dataset_late.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- growable columns ---- */

/* Resizes the array whose pointer is at pp to n elements of sz bytes. The
 * pointer is moved with memcpy so any element type works without casts. */
bool vo_ds_resize(void *pp, size_t n, size_t sz)
{
    void *old;
    memcpy(&old, pp, sizeof old);
    if (n == 0)
        return true;
    if (n > SIZE_MAX / sz)
        return false;
    void *p = realloc(old, n * sz);
    if (!p)
        return false;
    memcpy(pp, &p, sizeof p);
    return true;
}

/* ---- dictionaries ---- */

static bool dict_init(struct vo_ds_dict *d)
{
    memset(d, 0, sizeof *d);
    d->ids = g_hash_table_new(g_str_hash, g_str_equal);
    if (!vo_ds_resize(&d->str, 16, sizeof *d->str))
        return false;
    d->cap = 16;
    d->str[0] = "";
    d->n = 1;
    return true;
}

static void dict_free(struct vo_ds_dict *d)
{
    if (d->ids)
        g_hash_table_destroy(d->ids);
    free(d->str);
}

static size_t dict_bytes(const struct vo_ds_dict *d)
{
    return (size_t)d->cap * sizeof *d->str;
}

int32_t vo_ds_dict_find(const struct vo_ds_dict *d, const char *s)
{
    if (!s || !*s || !d->ids)
        return 0;
    return GPOINTER_TO_INT(g_hash_table_lookup(d->ids, s));
}

vo_err vo_ds_intern(struct vo_ds_dict *d, struct vo_arena *a, const char *s, int32_t *out,
                    struct vo_error *e)
{
    *out = vo_ds_dict_find(d, s);
    if (*out || !s || !*s)
        return VO_OK;
    if (d->n == d->cap) {
        if (d->cap >= INT32_MAX / 2 || !vo_ds_resize(&d->str, (size_t)d->cap * 2, sizeof *d->str))
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (dictionary)");
        d->cap *= 2;
    }
    char *copy = vo_arena_strdup(a, s);
    if (!copy)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (dictionary)");
    d->str[d->n] = copy;
    g_hash_table_insert(d->ids, copy, GINT_TO_POINTER(d->n));
    *out = d->n++;
    return VO_OK;
}

/* ---- look-ups ---- */

static int32_t find_sorted(const int64_t *ids, size_t n, int64_t id)
{
    size_t lo = vo_ds_below(ids, NULL, n, id);
    return lo < n && ids[lo] == id ? (int32_t)lo : -1;
}

static int32_t find_perm(const int64_t *ids, const int32_t *perm, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[perm[mid]] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && ids[perm[lo]] == id ? perm[lo] : -1;
}

int32_t vo_ds_team_find(const struct vo_dataset *ds, int64_t id)
{
    return find_sorted(ds->teams.id, ds->teams.n, id);
}

int32_t vo_ds_user_find(const struct vo_dataset *ds, int64_t id)
{
    return find_sorted(ds->users.id, ds->users.n, id);
}

int32_t vo_ds_pipeline_find(const struct vo_dataset *ds, int64_t id)
{
    return find_sorted(ds->pipelines.id, ds->pipelines.n, id);
}

int32_t vo_ds_stage_find(const struct vo_dataset *ds, int64_t id)
{
    return find_perm(ds->stages.id, ds->stages.by_id, ds->stages.n, id);
}

int32_t vo_ds_client_find(const struct vo_dataset *ds, int64_t id)
{
    return find_sorted(ds->clients.id, ds->clients.n, id);
}

int32_t vo_ds_deal_find(const struct vo_dataset *ds, int64_t id)
{
    return find_perm(ds->deals.id, ds->deals.by_id, ds->deals.n, id);
}

/* ---- period search ---- */

struct vo_ds_span vo_ds_span(const int64_t *t, size_t n, int64_t from, int64_t to)
{
    return vo_ds_span_by(t, NULL, n, from, to);
}

struct vo_ds_span vo_ds_span_by(const int64_t *t, const int32_t *perm, size_t n, int64_t from,
                                int64_t to)
{
    struct vo_ds_span s = {0, 0};
    if (to <= from)
        return s;
    s.lo = vo_ds_below(t, perm, n, from);
    s.hi = vo_ds_below(t, perm, n, to);
    return s;
}

/* The period searches of dataset.h, one row each: the function, the time
 * column, its order (NULL: the column ascends itself) and its length. */
#define SPAN_FN(name, col, perm, n)                                                                \
    struct vo_ds_span name(const struct vo_dataset *ds, int64_t from, int64_t to)                  \
    {                                                                                              \
        return vo_ds_span_by(ds->col, perm, n, from, to);                                          \
    }
SPAN_FN(vo_ds_deals_created, deals.created_at, NULL, ds->deals.n)
SPAN_FN(vo_ds_deals_closed, deals.closed_at, ds->deals.by_closed, ds->deals.n_closed)
SPAN_FN(vo_ds_acts_in, acts.at, NULL, ds->acts.n)
SPAN_FN(vo_ds_tasks_created, tasks.created_at, NULL, ds->tasks.n)
SPAN_FN(vo_ds_tasks_done, tasks.done_at, ds->tasks.by_done, ds->tasks.n_done)
SPAN_FN(vo_ds_pays_in, pays.paid_at, NULL, ds->pays.n)
#undef SPAN_FN

static int name_order(const struct vo_ds_users *us, int32_t a, int32_t b)
{
    int c = strcmp(us->name[a], us->name[b]);
    return c ? c : (a > b) - (a < b);
}

static gint by_name_cmp(gconstpointer pa, gconstpointer pb, gpointer us)
{
    return name_order(us, *(const int32_t *)pa, *(const int32_t *)pb);
}

bool vo_ds_users_order(struct vo_ds_users *us)
{
    us->n_by_name = 0;
    if (!vo_ds_resize(&us->by_name, us->n, sizeof *us->by_name))
        return false;
    for (size_t i = 0; i < us->n; i++)
        us->by_name[i] = (int32_t)i;
    if (us->n > 1)
        g_qsort_with_data(us->by_name, (gint)us->n, sizeof *us->by_name, by_name_cmp, (gpointer)us);
    us->n_by_name = us->n;
    return true;
}

void vo_ds_users_sort_by_name(const struct vo_ds_users *us, int32_t *v, size_t n)
{
    /* a count per user, then the users in name order as often as counted */
    int32_t *cnt = n > 1 && us->n_by_name == us->n ? calloc(us->n, sizeof *cnt) : NULL;
    if (cnt) {
        for (size_t i = 0; i < n; i++)
            cnt[v[i]]++;
        size_t k = 0;
        for (size_t j = 0; j < us->n && k < n; j++)
            for (int32_t c = cnt[us->by_name[j]]; c > 0; c--)
                v[k++] = us->by_name[j];
        free(cnt);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        int32_t x = v[i];
        size_t j = i;
        while (j > 0) {
            if (name_order(us, v[j - 1], x) < 0)
                break;
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* ---- deals ---- */

/* The stage a deal without stored history entered at created_at: its
 * current (or last open) stage, else its pipeline's first; -1 when the
 * pipeline has no stage. */
int32_t vo_ds_implicit_stage(const struct vo_dataset *ds, size_t d)
{
    if (ds->deals.stage[d] >= 0)
        return ds->deals.stage[d];
    int32_t p = ds->deals.pipeline[d];
    if (p >= 0 && ds->pipelines.stage_count[p] > 0)
        return ds->pipelines.stage_first[p];
    return -1;
}

/* The dictionary fields of a deal with the client's fallbacks. */
vo_err vo_ds_deal_dims(struct vo_dataset *ds, size_t i, const struct vo_deal *r, int32_t c,
                       struct vo_error *e)
{
    struct vo_ds_deals *t = &ds->deals;
    vo_err rc = vo_ds_intern(&ds->channels, &ds->strings, r->channel, &t->channel[i], e);
    if (!rc)
        rc = vo_ds_intern(&ds->sources, &ds->strings, r->source, &t->source[i], e);
    if (!rc)
        rc = vo_ds_intern(&ds->loss_reasons, &ds->strings, r->loss_reason, &t->loss_reason[i], e);
    if (rc)
        return rc;
    t->own[i] =
        (uint8_t)((t->channel[i] ? VO_DS_OWN_CHANNEL : 0) | (t->source[i] ? VO_DS_OWN_SOURCE : 0));
    t->region[i] = c >= 0 ? ds->clients.region[c] : 0;
    if (c >= 0 && t->channel[i] == 0)
        t->channel[i] = ds->clients.channel[c];
    if (c >= 0 && t->source[i] == 0)
        t->source[i] = ds->clients.source[c];
    return VO_OK;
}
void vo_ds_deal_refs(const struct vo_dataset *ds, const struct vo_deal *r,
                     struct vo_ds_deal_refs *ref)
{
    ref->owner = vo_ds_user_find(ds, r->owner_id);
    ref->pipeline = vo_ds_pipeline_find(ds, r->pipeline_id);
    ref->stage = r->stage_id ? vo_ds_stage_find(ds, r->stage_id) : -1;
    ref->client = r->client_id ? vo_ds_client_find(ds, r->client_id) : -1;
}

vo_err vo_ds_deal_fill(struct vo_dataset *ds, size_t i, const struct vo_deal *r,
                       const struct vo_ds_deal_refs *ref, struct vo_error *e)
{
    struct vo_ds_deals *t = &ds->deals;
    t->id[i] = r->id;
    t->owner[i] = ref->owner;
    t->team[i] = ds->users.team[ref->owner];
    t->pipeline[i] = ref->pipeline;
    t->stage[i] = ref->stage;
    t->status[i] = (uint8_t)r->status;
    t->amount[i] = r->amount;
    t->created_at[i] = r->created_at;
    t->closed_at[i] = r->closed_at;
    t->client[i] = ref->client;
    t->product[i] = r->product_id;
    t->rev[i] = (uint32_t)r->rev;
    return vo_ds_deal_dims(ds, i, r, ref->client, e);
}
/* ---- clients and plans ---- */

vo_err vo_ds_client_dims(struct vo_dataset *ds, const struct vo_client *r,
                         struct vo_ds_client_dims *out, struct vo_error *e)
{
    vo_err rc = vo_ds_intern(&ds->channels, &ds->strings, r->channel, &out->channel, e);
    if (!rc)
        rc = vo_ds_intern(&ds->regions, &ds->strings, r->region, &out->region, e);
    if (!rc)
        rc = vo_ds_intern(&ds->segments, &ds->strings, r->segment, &out->segment, e);
    if (!rc)
        rc = vo_ds_intern(&ds->sources, &ds->strings, r->source, &out->source, e);
    return rc;
}

bool vo_ds_plan_scope(const struct vo_dataset *ds, const struct vo_plan *r, int32_t *scope)
{
    *scope = -1;
    if (r->scope_kind == VO_SCOPE_TEAM)
        *scope = vo_ds_team_find(ds, r->scope_id);
    else if (r->scope_kind == VO_SCOPE_USER)
        *scope = vo_ds_user_find(ds, r->scope_id);
    return r->scope_kind == VO_SCOPE_ORG || *scope >= 0;
}

void vo_ds_plan_fill(struct vo_ds_plans *t, size_t i, const struct vo_plan *r, int32_t scope)
{
    t->year[i] = (int16_t)r->year;
    t->month[i] = (uint8_t)r->month;
    t->scope_kind[i] = (uint8_t)r->scope_kind;
    t->scope[i] = scope;
    t->metric[i] = (uint8_t)r->metric;
    t->target[i] = r->target;
    t->rev[i] = (uint32_t)r->rev;
}

/* ---- lifetime ---- */

struct vo_dataset *vo_ds_new(int64_t org)
{
    struct vo_dataset *ds = calloc(1, sizeof *ds);
    if (!ds)
        return NULL;
    vo_arena_init(&ds->strings, 0);
    ds->org_id = org;
    if (!dict_init(&ds->channels) || !dict_init(&ds->regions) || !dict_init(&ds->sources) ||
        !dict_init(&ds->segments) || !dict_init(&ds->loss_reasons)) {
        vo_ds_free(ds);
        return NULL;
    }
    return ds;
}

void vo_ds_free(struct vo_dataset *ds)
{
    if (!ds)
        return;
    vo_cal_cleanup(&ds->cal);
    dict_free(&ds->channels);
    dict_free(&ds->regions);
    dict_free(&ds->sources);
    dict_free(&ds->segments);
    dict_free(&ds->loss_reasons);
    teams_free(&ds->teams);
    users_free(&ds->users);
    free(ds->users.by_name);
    pipes_free(&ds->pipelines);
    stages_free(&ds->stages);
    free(ds->stages.by_id);
    clients_free(&ds->clients);
    deals_free(&ds->deals);
    free(ds->deals.sc_first);
    free(ds->deals.by_id);
    free(ds->deals.by_closed);
    free(ds->deals.open);
    sc_free(&ds->sc);
    acts_free(&ds->acts);
    tasks_free(&ds->tasks);
    free(ds->tasks.by_done);
    free(ds->tasks.open);
    vo_ds_late_free(ds);
    vo_ds_days_free(ds);
    pays_free(&ds->pays);
    plans_free(&ds->plans);
    vo_arena_cleanup(&ds->strings);
    free(ds);
}

void vo_ds_memory(const struct vo_dataset *ds, struct vo_ds_memory *m)
{
    memset(m, 0, sizeof *m);
    m->deals = deals_bytes(&ds->deals) + (ds->deals.n + 1) * sizeof(int32_t) /* sc_first */
               + ds->deals.n * sizeof(int32_t)                               /* by_id */
               + (ds->deals.n_closed + ds->deals.n_open) * sizeof(int32_t);
    m->stage_changes = sc_bytes(&ds->sc);
    m->activities = acts_bytes(&ds->acts);
    m->tasks = tasks_bytes(&ds->tasks) + (ds->tasks.n_done + ds->tasks.n_open) * sizeof(int32_t) +
               vo_ds_late_bytes(ds);
    m->payments = pays_bytes(&ds->pays);
    m->other =
        teams_bytes(&ds->teams) + users_bytes(&ds->users) + ds->users.n_by_name * sizeof(int32_t) +
        pipes_bytes(&ds->pipelines) + stages_bytes(&ds->stages) + ds->stages.n * sizeof(int32_t) +
        clients_bytes(&ds->clients) + plans_bytes(&ds->plans) + dict_bytes(&ds->channels) +
        dict_bytes(&ds->regions) + dict_bytes(&ds->sources) + dict_bytes(&ds->segments) +
        dict_bytes(&ds->loss_reasons) + ds->strings.used_total +
        (ds->cal.cum ? ((size_t)ds->cal.ndays + 1) * sizeof(int32_t) : 0) + vo_ds_days_bytes(ds);
    m->total = m->deals + m->stage_changes + m->activities + m->tasks + m->payments + m->other;
}
