/*
 * bonus_json.c - the bonus report's JSON and its breakdown's labels
 * (bonus_json.h). A label's English text is a format of the message
 * catalogue (base/messages.c), whose Russian row is the Russian label: a
 * metric is named by its key in English and by its title in Russian,
 * numbers with a decimal point or comma to match.
 */
#include "render/bonus_json.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/messages.h"
#include "base/timeutil.h"
#include "render/report_json.h"

/* A label's format in the language asked: the catalogue's Russian row
 * of the English fmt under ru (tests/cli/messages.py keeps every format
 * given here in the catalogue). */
__attribute__((format_arg(1))) static const char *vo_bonus_tr(const char *fmt, bool ru)
{
    const struct vo_message *m = ru ? vo_message_find(fmt) : NULL;
    return m ? m->ru : fmt;
}

/* A decimal of up to `places` places, its trailing zeros dropped, with
 * a comma in Russian. */
static const char *decimal(struct vo_arena *a, double x, int places, bool ru)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", places, x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
        else if (ru)
            *dot = ',';
    }
    return vo_arena_strdup(a, buf);
}

static const char *percent(struct vo_arena *a, double fraction, bool ru)
{
    if (isnan(fraction))
        return "—";
    return vo_arena_printf(a, "%s%%", decimal(a, fraction * 100, 2, ru));
}

const char *vo_bonus_line_label(const struct vo_bonus_line *l, bool ru, struct vo_arena *a)
{
    const char *metric = ru ? vo_metrics[l->metric].title : vo_metrics[l->metric].key;
    double ppm = (double)l->ppm / (double)VO_BONUS_PPM;
    const char *pct = percent(a, l->pct, ru);
    char *s = NULL;
    switch (l->kind) {
    case VO_BONUS_BASE:
        s = g_strdup(vo_bonus_tr("Base salary", ru));
        break;
    case VO_BONUS_COMMISSION:
        s = g_strdup_printf(vo_bonus_tr("Commission %s of %s", ru), percent(a, ppm, ru), metric);
        break;
    case VO_BONUS_MULTIPLIER:
        s = g_strdup_printf(vo_bonus_tr("Multiplier %s for %s of the plan of %s", ru),
                            decimal(a, ppm, 6, ru), pct, metric);
        break;
    case VO_BONUS_NO_PLAN:
        s = g_strdup_printf(vo_bonus_tr("No plan of %s: multiplier 1", ru), metric);
        break;
    case VO_BONUS_KPI_NO_PLAN:
        s = g_strdup_printf(vo_bonus_tr("KPI %s: no plan, not met", ru), metric);
        break;
    case VO_BONUS_KPI_MET:
        s = g_strdup_printf(vo_bonus_tr("KPI %s: %s of the plan, %s needed: met", ru), metric, pct,
                            percent(a, ppm, ru));
        break;
    case VO_BONUS_KPI_MISSED:
        s = g_strdup_printf(vo_bonus_tr("KPI %s: %s of the plan, %s needed: not met", ru), metric,
                            pct, percent(a, ppm, ru));
        break;
    }
    const char *out = vo_arena_strdup(a, s ? s : "");
    g_free(s);
    return out;
}

json_t *vo_bonus_to_json(const struct vo_report_query *q, const struct vo_bonus_result *r, bool ru)
{
    const struct vo_dataset *ds = q->ds;
    json_t *rows = json_array();
    for (size_t i = 0; i < r->nrows; i++) {
        const struct vo_bonus_row *row = &r->rows[i];
        const struct vo_bonus_pay *p = &row->pay;
        json_t *lines = json_array();
        for (size_t k = 0; k < p->nlines; k++)
            json_array_append_new(lines, json_pack("{s:s, s:I}", "label",
                                                   vo_bonus_line_label(&p->lines[k], ru, q->arena),
                                                   "amount", (json_int_t)p->lines[k].amount));
        json_t *plan = row->fig.has_plan ? json_integer(row->fig.plan) : json_null();
        json_t *pct = isnan(p->pct) ? json_null() : json_real(p->pct);
        json_array_append_new(
            rows,
            json_pack("{s:I, s:s, s:s?, s:s, s:s, s:I, s:s, s:I, s:o, s:o, s:f, s:I, s:I, "
                      "s:I, s:o}",
                      "user_id", (json_int_t)ds->users.id[row->user], "name",
                      ds->users.name[row->user], "email", ds->users.email[row->user], "scheme",
                      row->terms->scheme, "scheme_from", row->terms->from_month, "base",
                      (json_int_t)p->base, "base_metric", vo_metrics[row->terms->metric].key,
                      "fact", (json_int_t)row->fig.fact, "plan", plan, "pct", pct, "multiplier",
                      (double)p->multiplier_ppm / (double)VO_BONUS_PPM, "commission",
                      (json_int_t)p->commission, "kpi_bonus", (json_int_t)p->kpi_bonus, "payout",
                      (json_int_t)p->payout, "lines", lines));
    }
    json_t *root =
        json_pack("{s:s}", "period",
                  vo_arena_printf(q->arena, "%04d-%02d", q->period.first.y, q->period.first.m));
    json_object_update_new(root, vo_report_as_of(q, json_pack("{s:o}", "rows", rows)));
    return root;
}
