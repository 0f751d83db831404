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
#include "base/plural.h"
#include "render/csv_out.h"
#include "render/report_json.h"
#include "render/table.h"
#include "service/report.h"
#include "service/hygiene_settings.h"
#include "service/service.h"

static json_t *hygiene_json(const struct vo_report_query *q, const void *r)
{
    return vo_hygiene_to_json(q, r);
}

static const char *score_text(struct vo_arena *a, int32_t x10)
{
    if (x10 < 0)
        return "—";
    return vo_arena_printf(a, "%d,%d%%", x10 / 10, x10 % 10);
}

/* The Russian labels of the required fields (vo_hygiene_field_name's
 * order: amount, client, stage, channel, source). */
static const char *field_ru(unsigned bit)
{
    static const char *const ru[] = {"сумма", "клиент", "этап", "канал", "источник"};
    for (unsigned i = 0; i < sizeof ru / sizeof ru[0]; i++)
        if (bit == 1u << i)
            return ru[i];
    return "?";
}

static const char *days_ru(struct vo_arena *a, int64_t n)
{
    return vo_arena_printf(a, "%lld %s", (long long)n, vo_plural_ru_word(n, "день", "дня", "дней"));
}

/* The reasons of a listed deal, one string each: the CSV's stable English
 * codes ("stale 23 days"), or for the table the glossary's Russian with
 * the plural of the count ("без движения 23 дня"). */
static size_t deal_reasons(const struct vo_dataset *ds, const struct vo_hygiene_deal *d, bool ru,
                           struct vo_arena *a, const char *out[4])
{
    size_t n = 0;
    if (d->flags & VO_HY_NO_NEXT_TASK)
        out[n++] = ru ? "без следующей задачи" : "no next task";
    if (d->flags & VO_HY_STALE)
        out[n++] = ru ? vo_arena_printf(a, "без движения %s", days_ru(a, d->idle_days))
                      : vo_arena_printf(a, "stale %lld days", (long long)d->idle_days);
    if (d->flags & VO_HY_STUCK)
        out[n++] =
            ru ? vo_arena_printf(a, "зависла на этапе «%s» %s (лимит %d)",
                                 ds->stages.name[d->stage], days_ru(a, d->stage_days), d->max_days)
               : vo_arena_printf(a, "stuck in %s %lld days > %d", ds->stages.name[d->stage],
                                 (long long)d->stage_days, d->max_days);
    if (d->flags & VO_HY_INCOMPLETE) {
        const char *m = NULL;
        for (unsigned b = 1; b <= VO_HY_REQ_SOURCE; b <<= 1)
            if (d->missing & b) {
                const char *f = ru ? field_ru(b) : vo_hygiene_field_name(b);
                m = m ? vo_arena_printf(a, "%s, %s", m, f) : f;
            }
        out[n++] = vo_arena_printf(a, ru ? "не заполнена: %s" : "missing %s", m ? m : "?");
    }
    return n;
}

static const char *user_name(const struct vo_dataset *ds, int32_t u)
{
    return u >= 0 ? ds->users.name[u] : "—";
}

static void print_table(struct vo_report_ctx *ctx, const void *p)
{
    const struct vo_report_hygiene *hr = p;
    const struct vo_hygiene *h = &hr->h;
    const struct vo_report_item *di = hr->di, *ti = hr->ti;
    const struct vo_dataset *ds = ctx->q.ds;
    const char *headers[] = {"Менеджер",     "Открытые сделки", "Просроч. задачи",
                             "Без задачи",   "Без движения",    "Зависли",
                             "Не заполнены", "Перегружен",      "Гигиена"};
    struct vo_table t;
    vo_report_table_init(ctx, &t, 9, headers);
    for (size_t u = 0; u <= h->nusers; u++) {
        if (u < h->nusers && !vo_report_hygiene_shown(&ctx->q, hr, u))
            continue;
        const struct vo_hygiene_row *r = u < h->nusers ? &h->users[u] : &h->org;
        const char *cells[9];
        cells[0] = u < h->nusers ? ds->users.name[u] : "Отдел";
        for (int k = 0; k < VO_HYGIENE_NFIG; k++)
            cells[k + 1] = vo_report_count(ctx, vo_hygiene_fig(r, k));
        if (u < h->nusers)
            cells[7] = r->overloaded ? "да" : "";
        cells[8] = score_text(ctx->q.arena, r->score_x10);
        vo_table_add(&t, cells);
    }
    printf("Гигиена CRM на %04d-%02d-%02d (без движения: > %d дн., лимит сделок: ",
           ctx->q.as_of_date.y, ctx->q.as_of_date.m, ctx->q.as_of_date.d, h->settings.stale_days);
    if (h->settings.open_deal_limit >= 0)
        printf("%d)\n\n", h->settings.open_deal_limit);
    else
        printf("нет)\n\n");
    vo_table_print(&t, stdout);
    if (!ctx->q.list)
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
            size_t n = deal_reasons(ds, &h->deals[i], true, ctx->q.arena, why);
            printf("  сделка %s «%s»%s%s:", di[i].id, di[i].title ? di[i].title : "",
                   di[i].client ? ", " : "", di[i].client ? di[i].client : "");
            for (size_t k = 0; k < n; k++)
                printf("%s %s", k ? ";" : "", why[k]);
            printf("\n");
        }
        for (; j < h->ntasks && ds->tasks.assignee[h->tasks[j].task] == u; j++)
            printf("  задача %s «%s», срок %s: просрочена на %s\n", ti[j].id,
                   ti[j].title ? ti[j].title : "", ti[j].due,
                   days_ru(ctx->q.arena, h->tasks[j].days_overdue));
    }
}

static void print_csv(struct vo_report_ctx *ctx, const void *p)
{
    const struct vo_report_hygiene *hr = p;
    const struct vo_hygiene *h = &hr->h;
    const struct vo_report_item *di = hr->di, *ti = hr->ti;
    const struct vo_dataset *ds = ctx->q.ds;
    struct vo_arena *a = ctx->q.arena;
    struct vo_csv_out w;
    vo_csv_out_init(&w, stdout);
    if (ctx->q.list) {
        static const char *const hdr[] = {"kind", "id",  "title",   "client",
                                          "user", "due", "reasons", NULL};
        vo_csv_header(&w, hdr);
        for (size_t i = 0; i < h->ndeals; i++) {
            const char *why[4];
            size_t n = deal_reasons(ds, &h->deals[i], false, a, why);
            const char *all = n ? why[0] : "";
            for (size_t k = 1; k < n; k++)
                all = vo_arena_printf(a, "%s; %s", all, why[k]);
            vo_csv_text(&w, "deal");
            vo_csv_text(&w, di[i].id);
            vo_csv_text(&w, di[i].title);
            vo_csv_text(&w, di[i].client);
            vo_csv_text(&w, user_name(ds, ds->deals.owner[h->deals[i].deal]));
            vo_csv_empty(&w);
            vo_csv_text(&w, all);
            vo_csv_end_row(&w);
        }
        for (size_t j = 0; j < h->ntasks; j++) {
            vo_csv_text(&w, "task");
            vo_csv_text(&w, ti[j].id);
            vo_csv_text(&w, ti[j].title);
            vo_csv_empty(&w);
            vo_csv_text(&w, user_name(ds, ds->tasks.assignee[h->tasks[j].task]));
            vo_csv_text(&w, ti[j].due);
            vo_csv_text(
                &w, vo_arena_printf(a, "overdue %lld days", (long long)h->tasks[j].days_overdue));
            vo_csv_end_row(&w);
        }
        return;
    }
    vo_csv_text(&w, "scope");
    vo_csv_text(&w, "name");
    vo_csv_text(&w, "email");
    for (int k = 0; k < VO_HYGIENE_NFIG; k++)
        vo_csv_text(&w, vo_hygiene_fig_keys[k]);
    vo_csv_text(&w, "hygiene_score");
    vo_csv_end_row(&w);
    for (size_t u = 0; u <= h->nusers; u++) {
        if (u < h->nusers && !vo_report_hygiene_shown(&ctx->q, hr, u))
            continue;
        const struct vo_hygiene_row *r = u < h->nusers ? &h->users[u] : &h->org;
        vo_csv_text(&w, u < h->nusers ? "user" : "org");
        vo_csv_text(&w, u < h->nusers ? ds->users.name[u] : NULL);
        vo_csv_text(&w, u < h->nusers ? ds->users.email[u] : NULL);
        for (int k = 0; k < VO_HYGIENE_NFIG; k++)
            vo_csv_int(&w, vo_hygiene_fig(r, k));
        vo_csv_fixed(&w, r->score_x10 >= 0 ? r->score_x10 : VO_NULL, 1);
        vo_csv_end_row(&w);
    }
}

static const struct vo_report_out hygiene_out = {hygiene_json, VO_HYGIENE_JSON_FLAGS, print_csv,
                                                 print_table};

VO_REPORT_KIND(vo_report_hygiene, struct vo_report_hygiene, vo_svc_report_hygiene, hygiene_out)
