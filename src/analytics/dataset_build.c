/*
 * dataset_build.c - building a dataset from rows handed to it (the
 * builder of dataset_build.h), with its sorted columns and indexes. It
 * reads no storage and starts no thread: service/dataset_load.c streams
 * the store's rows into it.
 *
 * Rows come table by table in dependency order (teams, users, pipelines,
 * stages, clients, deals, stage changes, payments, plans, holidays), and
 * every store id is resolved to a dataset index as the row arrives, so
 * later tables can look up earlier ones. The first row of a later table
 * closes the earlier ones (enter): the stages' id index after the stages,
 * the deals' indexes after the deals, the stage changes regrouped after
 * theirs. The event tables arrive already in time order; stage changes
 * come by store deal id and are regrouped by deal index with a stable
 * counting sort, adding the implicit first change of deals without
 * history.
 *
 * The activities and the tasks (which come in id order and are sorted
 * here) are a part of their own: they may be fed on another thread while
 * the main part goes on, since they touch only ds->acts, ds->tasks and
 * the builder's raw_deal and raw_tdeal, and read only the users, complete before.
 * Their deal ids are resolved at vo_ds_builder_finish, when the deals are
 * in. A row that names an object the rows did not hold (another org's)
 * stops the build with VO_ESTORE, so no index column holds -1 where it
 * must name a row.
 */
#include "analytics/dataset_build.h"
#include "analytics/dataset_int.h"
#include "analytics/dataset_days.h"
#include "analytics/dataset_late.h"
#include "analytics/dataset_open.h"

#include "base/money.h"
#include "base/timeutil.h"

#include <stdio.h>
#include <string.h>

/* The main part's tables, in the order their rows must come. */
enum phase {
    P_TEAMS,
    P_USERS,
    P_PIPELINES,
    P_STAGES,
    P_CLIENTS,
    P_DEALS,
    P_STAGE_CHANGES,
    P_PAYMENTS,
    P_PLANS,
    P_HOLIDAYS,
    P_DONE
};

struct vo_ds_builder {
    struct vo_dataset *ds;
    GTimeZone *tz;
    enum phase phase;               /* the table rows come for now */
    struct vo_ds_stage_changes raw; /* stage changes as stored, by store deal id */
    struct vo_holiday *hol;
    size_t nhol, caphol;
    /* deal store id -> index while building: deal_at[id - deal_lo] for ids
     * in [deal_lo, deal_lo + deal_span) when the ids are dense enough for
     * such a table (NULL otherwise): one look-up for each of the 10M
     * activities instead of a binary search over 1M ids */
    int32_t *deal_at;
    int64_t deal_lo;
    size_t deal_span;
    /* the events' part: the deal store ids of the activities (raw_cap
     * entries) and of the tasks (raw_tcap), resolved to acts.deal and
     * tasks.deal at finish */
    int64_t *raw_deal, *raw_tdeal;
    size_t raw_cap, raw_tcap;
    bool events_ended;
};

static vo_err oom(struct vo_error *e, const char *what)
{
    return vo_error_set(e, VO_ENOMEM, NULL, "out of memory loading %s", what);
}

/* A row naming an object the builder was not handed: another org's, or
 * one that is not there (the store's foreign keys are by id, not by org).
 * A load reads one snapshot, so a concurrent write cannot cause it; the
 * build stops rather than keep an index of -1 that a report would use to
 * index its arrays. `row` is the row's kind, id its store id (0: row alone
 * names it). */
static vo_err unresolved(const struct vo_ds_builder *b, struct vo_error *e, const char *row,
                         int64_t id, const char *field, const char *kind, int64_t ref)
{
    char who[64];
    if (id)
        snprintf(who, sizeof who, "%s %lld", row, (long long)id);
    else
        snprintf(who, sizeof who, "%s", row);
    return vo_error_set(e, VO_ESTORE, field,
                        "%s names %s %lld (%s), which org %lld does not have: "
                        "the database is inconsistent",
                        who, kind, (long long)ref, field, (long long)b->ds->org_id);
}

static vo_err enter(struct vo_ds_builder *b, enum phase p, struct vo_error *e);

/* ---- index permutations ---- */

struct key_idx {
    int64_t key;
    int32_t idx;
};

static int cmp_key_idx(const void *pa, const void *pb)
{
    const struct key_idx *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Writes into *perm (malloc'd) the indexes i < n with key[i] != VO_NULL,
 * ordered by (key, i); *np gets their count. */
static bool build_perm(const int64_t *key, size_t n, int32_t **perm, size_t *np)
{
    struct key_idx *v = malloc((n ? n : 1) * sizeof *v);
    int32_t *p = malloc((n ? n : 1) * sizeof *p);
    if (!v || !p) {
        free(v);
        free(p);
        return false;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (key[i] != VO_NULL)
            v[k++] = (struct key_idx){key[i], (int32_t)i};
    qsort(v, k, sizeof *v, cmp_key_idx);
    for (size_t i = 0; i < k; i++)
        p[i] = v[i].idx;
    free(v);
    *perm = p;
    *np = k;
    return true;
}

static bool keep(struct vo_ds_builder *b, const char *s, const char **out)
{
    *out = s ? vo_arena_strdup(&b->ds->strings, s) : NULL;
    return !s || *out;
}

/* The start of a row of the main part's table of phase p: enters the
 * phase; room is what the table's X_room answered (called before, so no
 * column pointer is read before it grows them). */
static vo_err start(struct vo_ds_builder *b, enum phase p, bool room, const char *what,
                    struct vo_error *e)
{
    vo_err rc = enter(b, p, e);
    if (rc)
        return rc;
    return room ? VO_OK : oom(e, what);
}

/* Sets the store id and the (copied) name of row i of a table. */
static vo_err named(struct vo_ds_builder *b, int64_t *ids, const char **names, size_t i, int64_t id,
                    const char *name, const char *what, struct vo_error *e)
{
    ids[i] = id;
    return keep(b, name, &names[i]) ? VO_OK : oom(e, what);
}

vo_err vo_ds_build_team(struct vo_ds_builder *b, const struct vo_team *r, struct vo_error *e)
{
    struct vo_ds_teams *t = &b->ds->teams;
    vo_err rc = start(b, P_TEAMS, teams_room(t), "teams", e);
    if (!rc && !(rc = named(b, t->id, t->name, t->n, r->id, r->name, "teams", e)))
        t->n++;
    return rc;
}

vo_err vo_ds_build_user(struct vo_ds_builder *b, const struct vo_user *r, struct vo_error *e)
{
    struct vo_ds_users *t = &b->ds->users;
    size_t i = t->n;
    vo_err rc = start(b, P_USERS, users_room(t), "users", e);
    if (rc || (rc = named(b, t->id, t->name, i, r->id, r->name, "users", e)))
        return rc;
    if (!keep(b, r->email, &t->email[i]))
        return oom(e, "users");
    t->role[i] = (uint8_t)r->role;
    t->team[i] = r->team_id ? vo_ds_team_find(b->ds, r->team_id) : -1;
    if (r->team_id && t->team[i] < 0)
        return unresolved(b, e, "user", r->id, "team_id", "team", r->team_id);
    t->active[i] = r->active ? 1 : 0;
    t->rev[i] = (uint32_t)r->rev;
    t->n++;
    return VO_OK;
}

vo_err vo_ds_build_pipeline(struct vo_ds_builder *b, const struct vo_pipeline *r,
                            struct vo_error *e)
{
    struct vo_ds_pipelines *t = &b->ds->pipelines;
    vo_err rc = start(b, P_PIPELINES, pipes_room(t), "pipelines", e);
    if (rc || (rc = named(b, t->id, t->name, t->n, r->id, r->name, "pipelines", e)))
        return rc;
    t->stage_first[t->n] = 0;
    t->stage_count[t->n] = 0;
    t->n++;
    return VO_OK;
}

vo_err vo_ds_build_stage(struct vo_ds_builder *b, const struct vo_stage *r, struct vo_error *e)
{
    struct vo_dataset *ds = b->ds;
    struct vo_ds_stages *t = &ds->stages;
    vo_err rc = enter(b, P_STAGES, e);
    if (rc)
        return rc;
    int32_t p = vo_ds_pipeline_find(ds, r->pipeline_id);
    if (p < 0)
        return unresolved(b, e, "stage", r->id, "pipeline_id", "pipeline", r->pipeline_id);
    size_t i = t->n;
    if ((rc = start(b, P_STAGES, stages_room(t), "stages", e)) ||
        (rc = named(b, t->id, t->name, i, r->id, r->name, "stages", e)))
        return rc;
    t->pipeline[i] = p;
    /* Rows come grouped by pipeline in position order. */
    if (ds->pipelines.stage_count[p] == 0)
        ds->pipelines.stage_first[p] = (int32_t)i;
    t->pos[i] = ds->pipelines.stage_count[p]++;
    t->max_days[i] = r->max_days == VO_NULL ? -1 : vo_ds_clamp32(r->max_days);
    t->n++;
    return VO_OK;
}

vo_err vo_ds_build_client(struct vo_ds_builder *b, const struct vo_client *r, struct vo_error *e)
{
    struct vo_dataset *ds = b->ds;
    struct vo_ds_clients *t = &ds->clients;
    size_t i = t->n;
    vo_err rc = start(b, P_CLIENTS, clients_room(t), "clients", e);
    if (rc || (rc = named(b, t->id, t->name, i, r->id, r->name, "clients", e)))
        return rc;
    t->owner[i] = r->owner_id ? vo_ds_user_find(ds, r->owner_id) : -1;
    if (r->owner_id && t->owner[i] < 0)
        return unresolved(b, e, "client", r->id, "owner_id", "user", r->owner_id);
    t->rev[i] = (uint32_t)r->rev;
    struct vo_ds_client_dims dims;
    if ((rc = vo_ds_client_dims(ds, r, &dims, e)))
        return rc;
    t->channel[i] = dims.channel;
    t->region[i] = dims.region;
    t->segment[i] = dims.segment;
    t->source[i] = dims.source;
    t->n++;
    return VO_OK;
}

vo_err vo_ds_build_deal(struct vo_ds_builder *b, const struct vo_deal *r, struct vo_error *e)
{
    struct vo_dataset *ds = b->ds;
    struct vo_ds_deals *t = &ds->deals;
    vo_err rc = start(b, P_DEALS, deals_room(t), "deals", e);
    if (rc)
        return rc;
    struct vo_ds_deal_refs ref;
    vo_ds_deal_refs(ds, r, &ref);
    if (ref.owner < 0)
        return unresolved(b, e, "deal", r->id, "owner_id", "user", r->owner_id);
    if (ref.pipeline < 0)
        return unresolved(b, e, "deal", r->id, "pipeline_id", "pipeline", r->pipeline_id);
    if (r->stage_id && ref.stage < 0)
        return unresolved(b, e, "deal", r->id, "stage_id", "stage", r->stage_id);
    if (r->client_id && ref.client < 0)
        return unresolved(b, e, "deal", r->id, "client_id", "client", r->client_id);
    if ((rc = vo_ds_deal_fill(ds, t->n, r, &ref, e)))
        return rc;
    t->n++;
    return VO_OK;
}

vo_err vo_ds_build_stage_change(struct vo_ds_builder *b, const struct vo_stage_change *r,
                                struct vo_error *e)
{
    struct vo_ds_stage_changes *t = &b->raw;
    vo_err rc = enter(b, P_STAGE_CHANGES, e);
    if (rc)
        return rc;
    int32_t d = vo_ds_deal_find(b->ds, r->deal_id);
    int32_t s = vo_ds_stage_find(b->ds, r->stage_id);
    if (d < 0)
        return unresolved(b, e, "stage change", r->id, "deal_id", "deal", r->deal_id);
    if (s < 0)
        return unresolved(b, e, "stage change", r->id, "stage_id", "stage", r->stage_id);
    if ((rc = start(b, P_STAGE_CHANGES, sc_room(t), "stage changes", e)))
        return rc;
    t->deal[t->n] = d;
    t->stage[t->n] = s;
    t->at[t->n] = r->at;
    t->id[t->n] = r->id;
    t->implicit[t->n] = 0;
    t->n++;
    return VO_OK;
}

/* The stable order of t[0..n) ascending, as a permutation in *perm
 * (malloc'ed; NULL when t already ascends): an LSD radix sort of t - min,
 * 16 bits a pass, as many passes as the range needs (two for a few years
 * of seconds). The store streams activities and tasks in id order (a
 * sequential scan; walking its time index costs a random table look-up a
 * row), so this stable sort gives the (time, id) order. False on OOM. */
static bool time_order(const int64_t *t, size_t n, int32_t **perm)
{
    *perm = NULL;
    bool sorted = true;
    int64_t lo = n ? t[0] : 0, hi = lo;
    for (size_t i = 1; i < n; i++) {
        sorted = sorted && t[i - 1] <= t[i];
        lo = t[i] < lo ? t[i] : lo;
        hi = t[i] > hi ? t[i] : hi;
    }
    if (sorted)
        return true;
    uint64_t range = (uint64_t)hi - (uint64_t)lo;
    int32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    size_t *cnt = malloc(65536 * sizeof *cnt);
    if (!a || !b || !cnt) {
        free(a);
        free(b);
        free(cnt);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        a[i] = (int32_t)i;
    for (unsigned shift = 0; shift < 64 && (range >> shift) != 0; shift += 16) {
        memset(cnt, 0, 65536 * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            cnt[(((uint64_t)t[i] - (uint64_t)lo) >> shift) & 0xffff]++;
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = cnt[d];
            cnt[d] = sum;
            sum += c;
        }
        for (size_t k = 0; k < n; k++) {
            int32_t i = a[k];
            b[cnt[(((uint64_t)t[i] - (uint64_t)lo) >> shift) & 0xffff]++] = i;
        }
        int32_t *x = a;
        a = b;
        b = x;
    }
    free(b);
    free(cnt);
    *perm = a;
    return true;
}

/* One column to put in a sort's order: its array and element size (1, 2,
 * 4 or 8 bytes). */
struct col {
    void *p;
    size_t sz;
};
#define COL(p)                                                                                     \
    {                                                                                              \
        (p), sizeof *(p)                                                                           \
    }

/* c[k] = c[perm[k]] for k < n, through tmp (n * 8 bytes); a loop per
 * element size so each copy is one load and store. */
static void permute(struct col c, const int32_t *perm, size_t n, void *tmp)
{
    switch (c.sz) {
    case 1:
        for (size_t k = 0; k < n; k++)
            ((uint8_t *)tmp)[k] = ((const uint8_t *)c.p)[perm[k]];
        break;
    case 2:
        for (size_t k = 0; k < n; k++)
            ((uint16_t *)tmp)[k] = ((const uint16_t *)c.p)[perm[k]];
        break;
    case 4:
        for (size_t k = 0; k < n; k++)
            ((uint32_t *)tmp)[k] = ((const uint32_t *)c.p)[perm[k]];
        break;
    default:
        for (size_t k = 0; k < n; k++)
            ((uint64_t *)tmp)[k] = ((const uint64_t *)c.p)[perm[k]];
        break;
    }
    memcpy(c.p, tmp, n * c.sz);
}

/* Puts the n rows of the columns c[0..nc) in the stable ascending order
 * of key (one of them). False on OOM (the rows are then unchanged). */
static bool sort_by_time(const int64_t *key, size_t n, const struct col *c, size_t nc)
{
    int32_t *perm;
    if (!time_order(key, n, &perm))
        return false;
    if (!perm)
        return true;
    void *tmp = malloc(n * sizeof(int64_t));
    bool ok = tmp != NULL;
    for (size_t i = 0; ok && i < nc; i++)
        permute(c[i], perm, n, tmp);
    free(tmp);
    free(perm);
    return ok;
}

/* Puts the activities in (at, id) order (they come in id order), their
 * raw deal ids (b->raw_deal) with them; acts.deal is not filled yet. */
static vo_err sort_acts(struct vo_ds_builder *b, struct vo_error *e)
{
    struct vo_ds_activities *t = &b->ds->acts;
    const struct col c[] = {COL(t->at), COL(t->user), COL(b->raw_deal), COL(t->duration_s),
                            COL(t->type)};
    return sort_by_time(t->at, t->n, c, sizeof c / sizeof *c) ? VO_OK : oom(e, "activities");
}

/* Puts the tasks in (created_at, id) order (they come in id order), their
 * raw deal ids (b->raw_tdeal) with them; tasks.deal is not filled yet. */
static vo_err sort_tasks(struct vo_ds_builder *b, struct vo_error *e)
{
    struct vo_ds_tasks *t = &b->ds->tasks;
    const struct col c[] = {COL(t->id),       COL(t->created_at), COL(t->due_at),   COL(t->done_at),
                            COL(t->assignee), COL(t->rev),        COL(b->raw_tdeal)};
    return sort_by_time(t->created_at, t->n, c, sizeof c / sizeof *c) ? VO_OK : oom(e, "tasks");
}

/* Builds b->deal_at when the deal ids span at most 4 times the deals
 * (always for ids the store hands out); without it, or on OOM, look-ups
 * fall back to vo_ds_deal_find. */
static void deal_table(struct vo_ds_builder *b, size_t nby_id)
{
    const struct vo_ds_deals *d = &b->ds->deals;
    if (nby_id == 0) /* the entries of by_id build_perm wrote (every deal has an id) */
        return;
    int64_t lo = d->id[d->by_id[0]], hi = d->id[d->by_id[nby_id - 1]];
    if (hi - lo >= (int64_t)(4 * d->n) || hi - lo < 0)
        return;
    size_t span = (size_t)(hi - lo) + 1;
    int32_t *at = malloc(span * sizeof *at);
    if (!at)
        return;
    for (size_t i = 0; i < span; i++)
        at[i] = -1;
    for (size_t i = 0; i < d->n; i++)
        at[d->id[i] - lo] = (int32_t)i;
    b->deal_at = at;
    b->deal_lo = lo;
    b->deal_span = span;
}

/* The index of the deal with store id `id` (0 = none gives -1). */
static int32_t load_deal(const struct vo_ds_builder *b, int64_t id)
{
    if (!id)
        return -1;
    if (b->deal_at) {
        uint64_t k = (uint64_t)id - (uint64_t)b->deal_lo;
        return k < b->deal_span ? b->deal_at[k] : -1;
    }
    return vo_ds_deal_find(b->ds, id);
}

/* The start of an event row (an activity, a task): room (the table's
 * X_room, called before) and as much for its raw deal ids (*raw, *raw_cap)
 * as the table's capacity (*cap), read after the table grew; its user
 * (store id user_id, named in `field`) resolved into *u. */
static vo_err event_start(struct vo_ds_builder *b, bool room, const size_t *cap, int64_t **raw,
                          size_t *raw_cap, const char *what, const char *row, int64_t id,
                          const char *field, int64_t user_id, int32_t *u, struct vo_error *e)
{
    if (!room)
        return oom(e, what);
    if (*raw_cap < *cap) {
        if (!vo_ds_resize(raw, *cap, sizeof **raw))
            return oom(e, what);
        *raw_cap = *cap;
    }
    *u = vo_ds_user_find(b->ds, user_id);
    return *u < 0 ? unresolved(b, e, row, id, field, "user", user_id) : VO_OK;
}

vo_err vo_ds_build_activity(struct vo_ds_builder *b, const struct vo_activity *r,
                            struct vo_error *e)
{
    struct vo_ds_activities *t = &b->ds->acts;
    int32_t u;
    vo_err rc = event_start(b, acts_room(t), &t->cap, &b->raw_deal, &b->raw_cap, "activities",
                            "activity", r->id, "user_id", r->user_id, &u, e);
    if (rc)
        return rc;
    size_t i = t->n++;
    t->at[i] = r->at;
    t->user[i] = u;
    b->raw_deal[i] = r->deal_id;
    t->duration_s[i] = r->duration_s == VO_NULL ? -1 : vo_ds_clamp32(r->duration_s);
    t->type[i] = (uint8_t)r->type;
    if (r->id > t->max_id)
        t->max_id = r->id;
    return VO_OK;
}

vo_err vo_ds_build_task(struct vo_ds_builder *b, const struct vo_task *r, struct vo_error *e)
{
    struct vo_ds_tasks *t = &b->ds->tasks;
    int32_t u;
    vo_err rc = event_start(b, tasks_room(t), &t->cap, &b->raw_tdeal, &b->raw_tcap, "tasks", "task",
                            r->id, "assignee_id", r->assignee_id, &u, e);
    if (rc)
        return rc;
    size_t i = t->n++;
    t->id[i] = r->id;
    t->created_at[i] = r->created_at;
    t->due_at[i] = r->due_at;
    t->done_at[i] = r->done_at;
    if (r->id > t->max_id)
        t->max_id = r->id;
    t->assignee[i] = u;
    t->rev[i] = (uint32_t)r->rev;
    b->raw_tdeal[i] = r->deal_id;
    return VO_OK;
}

vo_err vo_ds_build_payment(struct vo_ds_builder *b, const struct vo_payment *r, struct vo_error *e)
{
    struct vo_dataset *ds = b->ds;
    struct vo_ds_payments *t = &ds->pays;
    vo_err rc = start(b, P_PAYMENTS, pays_room(t), "payments", e);
    if (rc)
        return rc;
    int32_t d = load_deal(b, r->deal_id);
    int32_t c = r->client_id ? vo_ds_client_find(ds, r->client_id) : -1;
    if (r->deal_id && d < 0)
        return unresolved(b, e, "payment", r->id, "deal_id", "deal", r->deal_id);
    if (r->client_id && c < 0)
        return unresolved(b, e, "payment", r->id, "client_id", "client", r->client_id);
    size_t i = t->n++;
    t->id[i] = r->id;
    if (r->id > t->max_id)
        t->max_id = r->id;
    t->paid_at[i] = r->paid_at;
    t->amount[i] = r->amount;
    t->rev[i] = (uint32_t)r->rev;
    if (c < 0 && d >= 0)
        c = ds->deals.client[d];
    t->deal[i] = d;
    t->client[i] = c;
    /* METRICS.md: payments of a deal belong to the deal's owner; a payment
     * without a deal to the client's owner. */
    t->user[i] = d >= 0 ? ds->deals.owner[d] : c >= 0 ? ds->clients.owner[c] : -1;
    return VO_OK;
}

vo_err vo_ds_build_plan(struct vo_ds_builder *b, const struct vo_plan *r, struct vo_error *e)
{
    vo_err rc = enter(b, P_PLANS, e);
    if (rc)
        return rc;
    struct vo_dataset *ds = b->ds;
    struct vo_ds_plans *t = &ds->plans;
    int32_t scope;
    if (!vo_ds_plan_scope(ds, r, &scope)) {
        t->dangling++;
        return VO_OK;
    }
    if (!plans_room(t))
        return oom(e, "plans");
    vo_ds_plan_fill(t, t->n++, r, scope);
    return VO_OK;
}

vo_err vo_ds_build_holiday(struct vo_ds_builder *b, const struct vo_holiday *r, struct vo_error *e)
{
    vo_err rc = enter(b, P_HOLIDAYS, e);
    if (rc)
        return rc;
    if (b->nhol == b->caphol) {
        size_t cap = b->caphol ? b->caphol * 2 : 32;
        if (!vo_ds_resize(&b->hol, cap, sizeof *b->hol))
            return oom(e, "holidays");
        b->caphol = cap;
    }
    b->hol[b->nhol] = *r;
    b->hol[b->nhol].name = NULL; /* borrowed text; the calendar does not need it */
    b->nhol++;
    return VO_OK;
}

/* Regroups the raw stage changes by deal index (a stable counting sort, so
 * each deal keeps its at order) and adds the implicit first changes. */
static vo_err build_stage_changes(struct vo_ds_builder *b, struct vo_error *e)
{
    struct vo_dataset *ds = b->ds;
    struct vo_ds_deals *D = &ds->deals;
    struct vo_ds_stage_changes *raw = &b->raw, *sc = &ds->sc;
    size_t nd = D->n;
    if (!vo_ds_resize(&D->sc_first, nd + 1, sizeof *D->sc_first))
        return oom(e, "stage changes");
    int32_t *first = D->sc_first;
    memset(first, 0, (nd + 1) * sizeof *first);
    for (size_t k = 0; k < raw->n; k++)
        first[raw->deal[k] + 1]++;
    size_t total = 0;
    for (size_t d = 0; d < nd; d++) {
        if (first[d + 1] == 0 && vo_ds_implicit_stage(ds, d) >= 0)
            first[d + 1] = 1;
        total += (size_t)first[d + 1];
    }
    if (total > (size_t)INT32_MAX)
        return vo_error_set(e, VO_ETOOBIG, NULL, "too many stage changes");
    for (size_t d = 0; d < nd; d++)
        first[d + 1] += first[d];
    if (total > 0 && !sc_resize(sc, total))
        return oom(e, "stage changes");
    sc->n = total;
    /* next[d]: where deal d's next row goes; reuse a scratch copy. */
    int32_t *next = malloc((nd ? nd : 1) * sizeof *next);
    if (!next)
        return oom(e, "stage changes");
    memcpy(next, first, nd * sizeof *next);
    for (size_t k = 0; k < raw->n; k++) {
        size_t at = (size_t)next[raw->deal[k]]++;
        sc->deal[at] = raw->deal[k];
        sc->stage[at] = raw->stage[k];
        sc->at[at] = raw->at[k];
        sc->id[at] = raw->id[k];
        sc->implicit[at] = 0;
    }
    for (size_t d = 0; d < nd; d++) {
        if (next[d] < first[d + 1]) { /* no stored history: the implicit row */
            size_t at = (size_t)next[d];
            sc->deal[at] = (int32_t)d;
            sc->stage[at] = vo_ds_implicit_stage(ds, d);
            sc->at[at] = D->created_at[d];
            sc->id[at] = 0;
            sc->implicit[at] = 1;
        }
    }
    free(next);
    return VO_OK;
}

static void trim_all(struct vo_dataset *ds)
{
    teams_trim(&ds->teams);
    users_trim(&ds->users);
    pipes_trim(&ds->pipelines);
    stages_trim(&ds->stages);
    clients_trim(&ds->clients);
    deals_trim(&ds->deals);
    sc_trim(&ds->sc);
    acts_trim(&ds->acts);
    tasks_trim(&ds->tasks);
    pays_trim(&ds->pays);
    plans_trim(&ds->plans);
}

/* Closes table p of the main part: the indexes later tables look up. */
static vo_err close_phase(struct vo_ds_builder *b, enum phase p, struct vo_error *e)
{
    struct vo_dataset *ds = b->ds;
    size_t k = 0;
    switch (p) {
    case P_STAGES:
        if (!build_perm(ds->stages.id, ds->stages.n, &ds->stages.by_id, &k))
            return oom(e, "stages");
        break;
    case P_DEALS:
        if (!build_perm(ds->deals.id, ds->deals.n, &ds->deals.by_id, &k) ||
            !build_perm(ds->deals.closed_at, ds->deals.n, &ds->deals.by_closed,
                        &ds->deals.n_closed))
            return oom(e, "deals");
        deal_table(b, k);
        break;
    case P_STAGE_CHANGES:
        return build_stage_changes(b, e);
    default:
        break;
    }
    return VO_OK;
}

/* Moves the main part on to table p, closing the tables before it. */
static vo_err enter(struct vo_ds_builder *b, enum phase p, struct vo_error *e)
{
    if (p < b->phase)
        return vo_error_set(e, VO_EINVAL, NULL, "dataset rows out of order (table %d after %d)",
                            (int)p, (int)b->phase);
    while (b->phase < p) {
        vo_err rc = close_phase(b, b->phase, e);
        if (rc)
            return rc;
        b->phase++;
    }
    return VO_OK;
}

/* ---- the builder ---- */

vo_err vo_ds_builder_new(int64_t org, const char *currency, const char *tz,
                         struct vo_ds_builder **out, struct vo_error *e)
{
    struct vo_ds_builder *b = calloc(1, sizeof *b);
    if (!b || !(b->ds = vo_ds_new(org))) {
        free(b);
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (dataset)");
    }
    struct vo_dataset *ds = b->ds;
    snprintf(ds->currency, sizeof ds->currency, "%s", currency ? currency : "RUB");
    ds->currency_digits = vo_currency_digits(ds->currency);
    b->tz = vo_tz_new(tz ? tz : "");
    if (!b->tz) {
        vo_ds_builder_free(b);
        return vo_error_set(e, VO_EINVAL, "tz", "unknown time zone \"%s\"", tz ? tz : "");
    }
    *out = b;
    return VO_OK;
}

vo_err vo_ds_builder_events_end(struct vo_ds_builder *b, struct vo_error *e)
{
    struct vo_dataset *ds = b->ds;
    vo_err rc;
    if (b->events_ended)
        return VO_OK;
    b->events_ended = true;
    if ((rc = sort_acts(b, e)) || (rc = sort_tasks(b, e)))
        return rc;
    if (!build_perm(ds->tasks.done_at, ds->tasks.n, &ds->tasks.by_done, &ds->tasks.n_done) ||
        !vo_ds_late_build(ds) ||
        !vo_ds_open_build(ds->tasks.done_at, ds->tasks.n, &ds->tasks.open, &ds->tasks.n_open))
        return oom(e, "tasks");
    return VO_OK;
}

/* The activities' and tasks' deal indexes from their store ids (the
 * activities keep no id: the message names the deal). */
static vo_err resolve_deals(struct vo_ds_builder *b, struct vo_error *e)
{
    struct vo_ds_activities *a = &b->ds->acts;
    for (size_t i = 0; i < a->n; i++) {
        int64_t id = b->raw_deal[i];
        if ((a->deal[i] = load_deal(b, id)) < 0 && id)
            return unresolved(b, e, "an activity", 0, "deal_id", "deal", id);
    }
    struct vo_ds_tasks *t = &b->ds->tasks;
    for (size_t i = 0; i < t->n; i++) {
        int64_t id = b->raw_tdeal[i];
        if ((t->deal[i] = load_deal(b, id)) < 0 && id)
            return unresolved(b, e, "task", t->id[i], "deal_id", "deal", id);
    }
    return VO_OK;
}

vo_err vo_ds_builder_finish(struct vo_ds_builder *b, struct vo_dataset **out, struct vo_error *e)
{
    struct vo_dataset *ds = b->ds;
    vo_err rc;
    if ((rc = enter(b, P_DONE, e)) || (rc = vo_ds_builder_events_end(b, e)) ||
        (rc = resolve_deals(b, e)))
        goto out;
    if (!vo_ds_open_build(ds->deals.closed_at, ds->deals.n, &ds->deals.open, &ds->deals.n_open)) {
        rc = oom(e, "deals");
        goto out;
    }
    if ((rc = vo_cal_init(&ds->cal, b->tz, b->hol, b->nhol, e)))
        goto out;
    /* The dataset's strings are this build's own: a copy refused (a name
     * handed in a row) may have left a NULL in place of a value, so any
     * refusal fails the build. */
    if (ds->strings.refused) {
        rc = oom(e, "strings");
        goto out;
    }
    trim_all(ds);
    if (!vo_ds_users_order(&ds->users)) {
        rc = oom(e, "users");
        goto out;
    }
    vo_ds_days_build(ds);
    *out = ds;
    b->ds = NULL;
out:
    vo_ds_builder_free(b);
    return rc;
}

void vo_ds_builder_free(struct vo_ds_builder *b)
{
    if (!b)
        return;
    vo_ds_free(b->ds);
    if (b->tz)
        g_time_zone_unref(b->tz);
    sc_free(&b->raw);
    free(b->hol);
    free(b->deal_at);
    free(b->raw_deal);
    free(b->raw_tdeal);
    free(b);
}
