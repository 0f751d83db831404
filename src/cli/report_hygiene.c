/*
 * report_hygiene.c - `voronka report hygiene`: the CRM hygiene audit as of
 * --as-of (METRICS.md, "CRM hygiene"), one row per manager and one for the
 * department, and with --list the exact deals and tasks to fix and why.
 * The thresholds come from the org's settings JSON; the figures from
 * src/analytics/hygiene.c; titles, which the dataset does not hold, from
 * the store for the listed rows only. Formats: docs/reports.md, "Hygiene".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "analytics/hygiene.h"
#include "cli/report.h"
#include "render/table.h"
#include "service/hygiene_settings.h"
#include "service/service.h"
#include "store/hygiene_store.h"

/* A listed deal or task with its labels resolved. */
struct item {
    const char *id;     /* the external id, else the store id */
    const char *title;  /* may be NULL */
    const char *client; /* deals only; may be NULL */
    const char *due;    /* tasks only: local YYYY-MM-DD HH:MM */
};

/* The figures of a row that print, in column order. */
static int64_t fig(const struct vo_hygiene_row *r, int k)
{
    const int64_t v[] = {r->open_deals, r->overdue_tasks, r->no_next_task, r->stale,
                         r->stuck,      r->incomplete,    r->overloaded};
    return v[k];
}

static const char *const fig_keys[] = {"open_deals", "overdue_tasks", "no_next_task", "stale",
                                       "stuck",      "incomplete",    "overloaded"};
#define NFIG 7

/* --user / --team: the user index or team index to keep, -1 = all. */
struct filter {
    int32_t user, team;
};

static bool kept(const struct vo_dataset *ds, const struct filter *f, int32_t u)
{
    if (f->user >= 0 && u != f->user)
        return false;
    if (f->team >= 0 && (u < 0 || ds->users.team[u] != f->team))
        return false;
    return true;
}

static vo_err resolve_filter(const struct vo_report_ctx *ctx, struct filter *f, struct vo_error *e)
{
    const struct vo_dataset *ds = ctx->ds;
    f->user = f->team = -1;
    if (ctx->user) {
        for (size_t i = 0; i < ds->users.n && f->user < 0; i++)
            if ((ds->users.email[i] && g_ascii_strcasecmp(ds->users.email[i], ctx->user) == 0) ||
                strcmp(ds->users.name[i], ctx->user) == 0)
                f->user = (int32_t)i;
        if (f->user < 0)
            return vo_error_set(e, VO_ENOTFOUND, "user", "no user \"%s\"", ctx->user);
    }
    if (ctx->team) {
        for (size_t i = 0; i < ds->teams.n && f->team < 0; i++)
            if (strcmp(ds->teams.name[i], ctx->team) == 0)
                f->team = (int32_t)i;
        if (f->team < 0)
            return vo_error_set(e, VO_ENOTFOUND, "team", "no team \"%s\"", ctx->team);
    }
    return VO_OK;
}

/* A user gets a row when they sell (manager, head) and are active, or
 * when anything open is theirs, so the rows always add up to the
 * department; --user and --team narrow the user rows and the list, never
 * the department row. */
static bool shown(const struct vo_dataset *ds, const struct filter *f, const struct vo_hygiene *h,
                  size_t u)
{
    const struct vo_hygiene_row *r = &h->users[u];
    if (!kept(ds, f, (int32_t)u))
        return false;
    if (r->open_deals || r->open_tasks)
        return true;
    return ds->users.active[u] &&
           (ds->users.role[u] == VO_ROLE_MANAGER || ds->users.role[u] == VO_ROLE_HEAD);
}

static const char *score_text(struct vo_arena *a, int32_t x10)
{
    if (x10 < 0)
        return "—";
    return vo_arena_printf(a, "%d,%d%%", x10 / 10, x10 % 10);
}

/* The reasons of a listed deal, one string each ("stale 23 days"). */
static size_t deal_reasons(const struct vo_dataset *ds, const struct vo_hygiene_deal *d,
                           struct vo_arena *a, const char *out[4])
{
    size_t n = 0;
    if (d->flags & VO_HY_NO_NEXT_TASK)
        out[n++] = "no next task";
    if (d->flags & VO_HY_STALE)
        out[n++] = vo_arena_printf(a, "stale %lld days", (long long)d->idle_days);
    if (d->flags & VO_HY_STUCK)
        out[n++] = vo_arena_printf(a, "stuck in %s %lld days > %d", ds->stages.name[d->stage],
                                   (long long)d->stage_days, d->max_days);
    if (d->flags & VO_HY_INCOMPLETE) {
        const char *m = NULL;
        for (unsigned b = 1; b <= VO_HY_REQ_SOURCE; b <<= 1)
            if (d->missing & b)
                m = m ? vo_arena_printf(a, "%s, %s", m, vo_hygiene_field_name(b))
                      : vo_hygiene_field_name(b);
        out[n++] = vo_arena_printf(a, "missing %s", m ? m : "?");
    }
    return n;
}

static const char *user_name(const struct vo_dataset *ds, int32_t u)
{
    return u >= 0 ? ds->users.name[u] : "—";
}

static int cmp_i32(const void *pa, const void *pb)
{
    int32_t a = *(const int32_t *)pa, b = *(const int32_t *)pb;
    return (a > b) - (a < b);
}

/* Resolves the ids, titles and clients of the listed deals and tasks. */
static vo_err resolve(struct vo_report_ctx *ctx, const struct vo_hygiene *h, struct item **pd,
                      struct item **pt, struct vo_error *e)
{
    const struct vo_dataset *ds = ctx->ds;
    struct vo_arena *a = ctx->arena;
    struct item *di = vo_arena_array(a, h->ndeals + 1, sizeof *di);
    struct item *ti = vo_arena_array(a, h->ntasks + 1, sizeof *ti);
    if (!di || !ti)
        return vo_error_set(e, VO_ENOMEM, "hygiene", "out of memory");
    for (size_t i = 0; i < h->ndeals; i++) {
        int32_t d = h->deals[i].deal;
        const char *ext = NULL, *title = NULL;
        vo_err rc =
            vo_store_deal_label(ctx->svc->st, ds->org_id, ds->deals.id[d], a, &ext, &title, e);
        if (rc)
            return rc;
        di[i].id = ext ? ext : vo_arena_printf(a, "%lld", (long long)ds->deals.id[d]);
        di[i].title = title;
        di[i].client = ds->deals.client[d] >= 0 ? ds->clients.name[ds->deals.client[d]] : NULL;
    }
    /* The store lists the same tasks in the dataset's order (created_at,
     * id): the k-th overdue task of the dataset is the k-th stored row. */
    struct vo_task *rows = NULL;
    size_t nrows = 0;
    vo_err rc = vo_store_tasks_overdue(ctx->svc->st, ds->org_id, h->as_of, a, &rows, &nrows, e);
    if (rc)
        return rc;
    /* every overdue task of the dataset, in index order (the list may
     * hold only some of them: --user, --team) */
    const struct vo_ds_tasks *T = &ds->tasks;
    struct vo_ds_span sp = vo_ds_tasks_created(ds, INT64_MIN, h->as_of);
    int32_t *ord = vo_arena_array(a, sp.hi - sp.lo + 1, sizeof *ord);
    if (!ord)
        return vo_error_set(e, VO_ENOMEM, "hygiene", "out of memory");
    size_t nord = 0;
    for (size_t i = sp.lo; i < sp.hi; i++)
        if ((T->done_at[i] == VO_NULL || T->done_at[i] >= h->as_of) && T->due_at[i] < h->as_of)
            ord[nord++] = (int32_t)i;
    for (size_t i = 0; i < h->ntasks; i++) {
        int32_t t = h->tasks[i].task;
        const int32_t *p = bsearch(&t, ord, nord, sizeof *ord, cmp_i32);
        size_t k = p ? (size_t)(p - ord) : nrows;
        char due[40];
        vo_time_format(ds->tasks.due_at[t], ctx->svc->tz, due, sizeof due);
        due[10] = ' '; /* "2026-11-19T18:00:00+03:00" -> "2026-11-19 18:00" */
        due[16] = '\0';
        ti[i].due = vo_arena_strdup(a, due);
        if (nrows == nord && k < nrows && rows[k].due_at == ds->tasks.due_at[t] &&
            rows[k].created_at == ds->tasks.created_at[t]) {
            ti[i].id =
                rows[k].ext_id ? rows[k].ext_id : vo_arena_printf(a, "%lld", (long long)rows[k].id);
            ti[i].title = rows[k].title;
        } else {
            ti[i].id = "?"; /* the database changed since the dataset was read */
        }
    }
    *pd = di;
    *pt = ti;
    return VO_OK;
}

static void print_table(struct vo_report_ctx *ctx, const struct vo_hygiene *h,
                        const struct item *di, const struct item *ti, const struct filter *f)
{
    const struct vo_dataset *ds = ctx->ds;
    const char *headers[] = {"Менеджер",     "Открытые сделки", "Просроч. задачи",
                             "Без задачи",   "Без движения",    "Зависли",
                             "Не заполнены", "Перегружен",      "Гигиена"};
    struct vo_table t;
    vo_table_init(&t, ctx->arena, 9, headers);
    for (size_t c = 1; c < 9; c++)
        vo_table_align(&t, c, VO_ALIGN_RIGHT);
    for (size_t u = 0; u <= h->nusers; u++) {
        if (u < h->nusers && !shown(ds, f, h, u))
            continue;
        const struct vo_hygiene_row *r = u < h->nusers ? &h->users[u] : &h->org;
        const char *cells[9];
        cells[0] = u < h->nusers ? ds->users.name[u] : "Отдел";
        for (int k = 0; k < NFIG; k++)
            cells[k + 1] = vo_report_count(ctx, fig(r, k));
        if (u < h->nusers)
            cells[7] = r->overloaded ? "да" : "";
        cells[8] = score_text(ctx->arena, r->score_x10);
        vo_table_add(&t, cells);
    }
    printf("Гигиена CRM на %04d-%02d-%02d (без движения: > %d дн., лимит сделок: ",
           ctx->as_of_date.y, ctx->as_of_date.m, ctx->as_of_date.d, h->settings.stale_days);
    if (h->settings.open_deal_limit >= 0)
        printf("%d)\n\n", h->settings.open_deal_limit);
    else
        printf("нет)\n\n");
    vo_table_print(&t, stdout);
    if (!ctx->list)
        return;
    /* the list, grouped by user: deals then tasks */
    size_t i = 0, j = 0;
    while (i < h->ndeals || j < h->ntasks) {
        int32_t du = i < h->ndeals ? ds->deals.owner[h->deals[i].deal] : INT32_MAX;
        int32_t tu = j < h->ntasks ? ds->tasks.assignee[h->tasks[j].task] : INT32_MAX;
        int32_t u = du < tu ? du : tu;
        printf("\n%s\n", user_name(ds, u));
        for (; i < h->ndeals && ds->deals.owner[h->deals[i].deal] == u; i++) {
            const char *why[4];
            size_t n = deal_reasons(ds, &h->deals[i], ctx->arena, why);
            printf("  сделка %s «%s»%s%s:", di[i].id, di[i].title ? di[i].title : "",
                   di[i].client ? ", " : "", di[i].client ? di[i].client : "");
            for (size_t k = 0; k < n; k++)
                printf("%s %s", k ? ";" : "", why[k]);
            printf("\n");
        }
        for (; j < h->ntasks && ds->tasks.assignee[h->tasks[j].task] == u; j++)
            printf("  задача %s «%s», срок %s: overdue %lld days\n", ti[j].id,
                   ti[j].title ? ti[j].title : "", ti[j].due, (long long)h->tasks[j].days_overdue);
    }
}

/* Writes one CSV cell (RFC 4180 quoting when needed). */
static void csv_cell(const char *s, bool last)
{
    if (!s)
        s = "";
    if (strpbrk(s, ",\"\r\n;")) {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"')
                putchar('"');
            putchar(*s);
        }
        putchar('"');
    } else {
        fputs(s, stdout);
    }
    putchar(last ? '\n' : ',');
}

static void print_csv(struct vo_report_ctx *ctx, const struct vo_hygiene *h, const struct item *di,
                      const struct item *ti, const struct filter *f)
{
    const struct vo_dataset *ds = ctx->ds;
    struct vo_arena *a = ctx->arena;
    if (ctx->list) {
        printf("kind,id,title,client,user,due,reasons\n");
        for (size_t i = 0; i < h->ndeals; i++) {
            const char *why[4];
            size_t n = deal_reasons(ds, &h->deals[i], a, why);
            const char *all = n ? why[0] : "";
            for (size_t k = 1; k < n; k++)
                all = vo_arena_printf(a, "%s; %s", all, why[k]);
            const char *c[] = {"deal",
                               di[i].id,
                               di[i].title,
                               di[i].client,
                               user_name(ds, ds->deals.owner[h->deals[i].deal]),
                               "",
                               all};
            for (size_t k = 0; k < 7; k++)
                csv_cell(c[k], k == 6);
        }
        for (size_t j = 0; j < h->ntasks; j++) {
            const char *c[] = {
                "task",
                ti[j].id,
                ti[j].title,
                "",
                user_name(ds, ds->tasks.assignee[h->tasks[j].task]),
                ti[j].due,
                vo_arena_printf(a, "overdue %lld days", (long long)h->tasks[j].days_overdue)};
            for (size_t k = 0; k < 7; k++)
                csv_cell(c[k], k == 6);
        }
        return;
    }
    printf("scope,name,email");
    for (int k = 0; k < NFIG; k++)
        printf(",%s", fig_keys[k]);
    printf(",hygiene_score\n");
    for (size_t u = 0; u <= h->nusers; u++) {
        if (u < h->nusers && !shown(ds, f, h, u))
            continue;
        const struct vo_hygiene_row *r = u < h->nusers ? &h->users[u] : &h->org;
        csv_cell(u < h->nusers ? "user" : "org", false);
        csv_cell(u < h->nusers ? ds->users.name[u] : "", false);
        csv_cell(u < h->nusers ? ds->users.email[u] : "", false);
        for (int k = 0; k < NFIG; k++)
            printf("%lld,", (long long)fig(r, k));
        if (r->score_x10 >= 0)
            printf("%d.%d", r->score_x10 / 10, r->score_x10 % 10);
        printf("\n");
    }
}

static json_t *score_json(int32_t x10)
{
    return x10 < 0 ? json_null() : json_real(x10 / 10.0);
}

static json_t *opt_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *deal_flags_json(const struct vo_dataset *ds, const struct vo_hygiene_deal *d)
{
    json_t *f = json_array();
    if (d->flags & VO_HY_NO_NEXT_TASK)
        json_array_append_new(f, json_pack("{s:s}", "flag", "no_next_task"));
    if (d->flags & VO_HY_STALE)
        json_array_append_new(
            f, json_pack("{s:s,s:I}", "flag", "stale", "days", (json_int_t)d->idle_days));
    if (d->flags & VO_HY_STUCK)
        json_array_append_new(f, json_pack("{s:s,s:s,s:I,s:i}", "flag", "stuck", "stage",
                                           ds->stages.name[d->stage], "days",
                                           (json_int_t)d->stage_days, "max_days", d->max_days));
    if (d->flags & VO_HY_INCOMPLETE) {
        json_t *m = json_array();
        for (unsigned b = 1; b <= VO_HY_REQ_SOURCE; b <<= 1)
            if (d->missing & b)
                json_array_append_new(m, json_string(vo_hygiene_field_name(b)));
        json_array_append_new(f, json_pack("{s:s,s:o}", "flag", "incomplete", "missing", m));
    }
    return f;
}

static void print_json(struct vo_report_ctx *ctx, const struct vo_hygiene *h, const struct item *di,
                       const struct item *ti, const struct filter *f)
{
    const struct vo_dataset *ds = ctx->ds;
    char asof[40];
    vo_time_format(h->as_of, ctx->svc->tz, asof, sizeof asof);
    json_t *req = json_array();
    for (unsigned b = 1; b <= VO_HY_REQ_SOURCE; b <<= 1)
        if (h->settings.required & b)
            json_array_append_new(req, json_string(vo_hygiene_field_name(b)));
    json_t *root = json_pack(
        "{s:s,s:{s:i,s:o,s:o}}", "as_of", asof, "settings", "stale_days", h->settings.stale_days,
        "open_deal_limit",
        h->settings.open_deal_limit >= 0 ? json_integer(h->settings.open_deal_limit) : json_null(),
        "required_deal_fields", req);
    json_t *rows = json_array();
    for (size_t u = 0; u <= h->nusers; u++) {
        if (u < h->nusers && !shown(ds, f, h, u))
            continue;
        const struct vo_hygiene_row *r = u < h->nusers ? &h->users[u] : &h->org;
        json_t *o = json_pack("{s:s,s:o,s:o}", "scope", u < h->nusers ? "user" : "org", "name",
                              u < h->nusers ? json_string(ds->users.name[u]) : json_null(), "email",
                              u < h->nusers ? opt_str(ds->users.email[u]) : json_null());
        for (int k = 0; k < NFIG; k++)
            json_object_set_new(o, fig_keys[k], json_integer(fig(r, k)));
        json_object_set_new(o, "hygiene_score", score_json(r->score_x10));
        json_array_append_new(rows, o);
    }
    json_object_set_new(root, "rows", rows);
    if (ctx->list) {
        json_t *deals = json_array(), *tasks = json_array();
        for (size_t i = 0; i < h->ndeals; i++) {
            const struct vo_hygiene_deal *d = &h->deals[i];
            json_array_append_new(deals,
                                  json_pack("{s:s,s:o,s:o,s:s,s:o}", "id", di[i].id, "title",
                                            opt_str(di[i].title), "client", opt_str(di[i].client),
                                            "owner", user_name(ds, ds->deals.owner[d->deal]),
                                            "flags", deal_flags_json(ds, d)));
        }
        for (size_t j = 0; j < h->ntasks; j++)
            json_array_append_new(
                tasks,
                json_pack("{s:s,s:o,s:s,s:s,s:I}", "id", ti[j].id, "title", opt_str(ti[j].title),
                          "assignee", user_name(ds, ds->tasks.assignee[h->tasks[j].task]), "due",
                          ti[j].due, "days_overdue", (json_int_t)h->tasks[j].days_overdue));
        json_object_set_new(root, "list", json_pack("{s:o,s:o}", "deals", deals, "tasks", tasks));
    }
    json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    printf("\n");
    json_decref(root);
}

int vo_report_hygiene(struct vo_report_ctx *ctx)
{
    struct vo_error e = {0};
    struct vo_hygiene_settings s;
    struct vo_hygiene h;
    struct item *di = NULL, *ti = NULL;
    struct filter f;
    if (resolve_filter(ctx, &f, &e))
        return vo_report_fail(&e);
    if (vo_hygiene_settings_parse(ctx->svc->org.settings, &s, &e) ||
        vo_hygiene_compute(ctx->ds, ctx->as_of, &s, ctx->list, ctx->arena, &h, &e))
        return vo_report_fail(&e);
    /* the list of the kept users only */
    size_t k = 0;
    for (size_t i = 0; i < h.ndeals; i++)
        if (kept(ctx->ds, &f, ctx->ds->deals.owner[h.deals[i].deal]))
            h.deals[k++] = h.deals[i];
    h.ndeals = k;
    k = 0;
    for (size_t i = 0; i < h.ntasks; i++)
        if (kept(ctx->ds, &f, ctx->ds->tasks.assignee[h.tasks[i].task]))
            h.tasks[k++] = h.tasks[i];
    h.ntasks = k;
    if (ctx->list && resolve(ctx, &h, &di, &ti, &e))
        return vo_report_fail(&e);
    if (ctx->format == VO_FMT_JSON)
        print_json(ctx, &h, di, ti, &f);
    else if (ctx->format == VO_FMT_CSV)
        print_csv(ctx, &h, di, ti, &f);
    else
        print_table(ctx, &h, di, ti, &f);
    return 0;
}
