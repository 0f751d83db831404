/*
 * director_json.c - the JSON of the report to the director (director_json.h).
 * Numbers as in every report: money in minor units, ratios as fractions,
 * null for a figure that does not exist; the "lines" are the same figures
 * written out in Russian for the page, the table and the sheet.
 */
#include "render/director_json.h"

#include <math.h>
#include <string.h>

#include "base/money.h"
#include "render/number.h"
#include "render/report_json.h"

static const char *date_text(struct vo_arena *a, struct vo_date d)
{
    char b[16];
    return vo_arena_strdup(a, vo_date_format(d, b, sizeof b));
}

/* A metric's figure in its unit, for a line: money with the currency's
 * digits, a ratio as a percentage, minutes with one decimal, counts whole. */
static const char *figure(const struct vo_report_query *q, int m, double v)
{
    char b[64];
    if (isnan(v))
        return "—";
    switch (vo_metrics[m].unit) {
    case VO_UNIT_MONEY:
        vo_money_format((int64_t)llround(v), q->ds->currency_digits, "ru", b, sizeof b);
        break;
    case VO_UNIT_RATIO:
        vo_fmt_pct(v, b, sizeof b);
        break;
    case VO_UNIT_MINUTES:
        vo_fmt_fixed(v, 1, b, sizeof b);
        break;
    default:
        vo_money_format((int64_t)llround(v), 0, "ru", b, sizeof b);
    }
    return vo_arena_strdup(q->arena, b);
}

static const char *pct_text(const struct vo_report_query *q, double v)
{
    char b[48];
    return vo_arena_strdup(q->arena, vo_fmt_pct(v, b, sizeof b));
}

/* A change of a fraction in percentage points: -0.109 -> "-10,9". */
static const char *pp_text(const struct vo_report_query *q, double v)
{
    char b[48];
    return vo_arena_strdup(q->arena, vo_fmt_fixed(v * 100, 1, b, sizeof b));
}

static void line(json_t *lines, const char *section, const char *item, const char *value,
                 const char *compare)
{
    json_array_append_new(lines,
                          json_pack("{s:s,s:s,s:s,s:s}", "section", section, "item", item, "value",
                                    value ? value : "", "compare", compare ? compare : ""));
}

static json_t *plan_fact(const struct vo_report_query *q, const struct vo_director *r,
                         json_t *lines)
{
    json_t *out = json_array();
    if (r->pf.nrows == 0)
        return out;
    const struct vo_pf_row *org = &r->pf.rows[0];
    for (int k = 0; k < VO_M__COUNT; k++) {
        const struct vo_pf_cell *c = &org->m[k];
        if (isnan(c->plan))
            continue;
        json_array_append_new(
            out, json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o}", "metric", vo_metrics[k].key, "name",
                           vo_metrics[k].title, "plan", vo_json_figure(c->plan), "fact",
                           vo_json_figure(c->fact), "pct", vo_json_figure(c->pct), "forecast",
                           vo_json_figure(c->forecast), "gap", vo_json_figure(c->gap)));
        line(lines, "План-факт", vo_metrics[k].title,
             vo_arena_printf(q->arena, "%s из %s (%s)", figure(q, k, c->fact),
                             figure(q, k, c->plan), pct_text(q, c->pct)),
             vo_arena_printf(q->arena, "прогноз %s", figure(q, k, c->forecast)));
    }
    return out;
}

static json_t *ranked(const struct vo_report_query *q, const struct vo_director *r,
                      const struct vo_director_rank *v, size_t n, const char *section,
                      json_t *lines)
{
    const struct vo_dataset *ds = q->ds;
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct vo_pf_row *row = &r->pf.rows[v[i].row];
        json_array_append_new(out,
                              json_pack("{s:I,s:s,s:o,s:o}", "user_id",
                                        (json_int_t)ds->users.id[row->index], "name", row->name,
                                        "email", row->email ? json_string(row->email) : json_null(),
                                        "pct", vo_json_figure(v[i].pct)));
        line(lines, section, row->name, pct_text(q, v[i].pct), NULL);
    }
    return out;
}

/* The names of a step: its first stage and the next one (NULL: won). */
static void step_names(const struct vo_report_query *q, const struct vo_funnel *f, int32_t pos,
                       const char **from, const char **to)
{
    const struct vo_dataset *ds = q->ds;
    *from = ds->stages.name[f->total.stages[pos].stage];
    *to = (size_t)pos + 1 < f->nstages ? ds->stages.name[f->total.stages[pos + 1].stage] : NULL;
}

static json_t *step_json(const struct vo_report_query *q, const struct vo_director *r,
                         const struct vo_director_step *s)
{
    const char *from, *to;
    step_names(q, r->funnel, s->step, &from, &to);
    return json_pack("{s:i,s:s,s:o,s:o,s:o,s:o}", "step", (int)s->step, "from", from, "to",
                     to ? json_string(to) : json_null(), "conv", vo_json_figure(s->cur),
                     "prev_conv", vo_json_figure(s->prev), "change", vo_json_figure(s->change));
}

static const char *step_label(const struct vo_report_query *q, const struct vo_funnel *f,
                              int32_t pos)
{
    const char *from, *to;
    step_names(q, f, pos, &from, &to);
    return vo_arena_printf(q->arena, "%s → %s", from, to ? to : "выигрыш");
}

static json_t *funnel(const struct vo_report_query *q, const struct vo_director *r, json_t *lines)
{
    const struct vo_dataset *ds = q->ds;
    const struct vo_funnel *f = r->funnel;
    json_t *steps = json_array(), *drops = json_array(), *necks = json_array();
    for (size_t i = 0; i < r->nsteps; i++)
        json_array_append_new(steps, step_json(q, r, &r->steps[i]));
    for (size_t i = 0; i < r->ndrops; i++) {
        const struct vo_director_step *s = &r->steps[r->drops[i]];
        json_array_append_new(drops, step_json(q, r, s));
        line(lines, "Воронка: просели", step_label(q, f, s->step),
             vo_arena_printf(q->arena, "%s (было %s)", pct_text(q, s->cur), pct_text(q, s->prev)),
             vo_arena_printf(q->arena, "%s п. п.", pp_text(q, s->change)));
    }
    if (r->ndrops == 0 && f && f->nstages > 0)
        line(lines, "Воронка: просели", "Конверсия не снизилась ни на одном шаге", NULL, NULL);
    for (size_t i = 0; f && i < f->ngroups; i++) {
        const struct vo_funnel_group *g = &f->groups[i];
        if (!g->has_bottleneck || g->key < 0)
            continue;
        const char *from, *to;
        step_names(q, f, g->bottleneck, &from, &to);
        json_array_append_new(necks,
                              json_pack("{s:I,s:s,s:s,s:o,s:I}", "user_id",
                                        (json_int_t)ds->users.id[g->key], "name", g->name, "from",
                                        from, "to", to ? json_string(to) : json_null(), "loss",
                                        (json_int_t)g->bottleneck_loss));
        char b[64];
        vo_money_format(g->bottleneck_loss, ds->currency_digits, "ru", b, sizeof b);
        line(lines, "Узкие места", g->name, step_label(q, f, g->bottleneck),
             vo_arena_printf(q->arena, "потери %s %s", b, ds->currency));
    }
    const char *pipeline = f && f->pipeline >= 0 ? ds->pipelines.name[f->pipeline] : NULL;
    return json_pack("{s:o,s:o,s:o,s:o}", "pipeline",
                     pipeline ? json_string(pipeline) : json_null(), "steps", steps, "dropped_most",
                     drops, "bottlenecks", necks);
}

static json_t *hygiene(const struct vo_report_query *q, const struct vo_director *r, json_t *lines)
{
    const struct vo_hygiene_row *h = &r->hygiene.org;
    json_t *o = json_object();
    json_object_set_new(o, "score",
                        h->score_x10 < 0 ? json_null() : json_real(h->score_x10 / 1000.0));
    for (int k = 0; k < VO_HYGIENE_NFIG; k++)
        json_object_set_new(o, vo_hygiene_fig_keys[k], json_integer(vo_hygiene_fig(h, k)));
    line(lines, "Гигиена CRM", "Индекс гигиены",
         h->score_x10 < 0 ? "—" : pct_text(q, h->score_x10 / 1000.0),
         vo_arena_printf(q->arena,
                         "открытых сделок %lld, просроченных задач %lld, без следующей "
                         "задачи %lld, без движения %lld",
                         (long long)h->open_deals, (long long)h->overdue_tasks,
                         (long long)h->no_next_task, (long long)h->stale));
    return o;
}

static json_t *unavailable(json_t *lines, const char *section)
{
    line(lines, section, "Нет данных", NULL, NULL);
    return json_pack("{s:b}", "available", 0);
}

/* A competition's status in the page's words (its code stays in the JSON). */
static const char *comp_status(const char *code)
{
    return strcmp(code, "running") == 0    ? "идёт, лидер"
           : strcmp(code, "finished") == 0 ? "завершено, победитель"
                                           : "скоро";
}

static json_t *others(const struct vo_report_query *q, const struct vo_director *r, json_t *lines,
                      json_t *root)
{
    const struct vo_director_meetings *m = &r->meetings;
    const struct vo_director_promises *p = &r->promises;
    json_object_set_new(root, "meetings",
                        !m->available
                            ? unavailable(lines, "Планёрки и собрания")
                            : json_pack("{s:b,s:I,s:I,s:o}", "available", 1, "held",
                                        (json_int_t)m->held, "planned", (json_int_t)m->planned,
                                        "attendance_pct", vo_json_figure(m->attendance_pct)));
    if (m->available)
        line(lines, "Планёрки и собрания", "Проведено",
             vo_arena_printf(q->arena, "%lld из %lld", (long long)m->held, (long long)m->planned),
             vo_arena_printf(q->arena, "посещаемость %s", pct_text(q, m->attendance_pct)));
    json_object_set_new(
        root, "promises",
        !p->available ? unavailable(lines, "Обещания")
                      : json_pack("{s:b,s:I,s:I,s:I,s:o}", "available", 1, "kept",
                                  (json_int_t)p->kept, "broken", (json_int_t)p->broken, "open",
                                  (json_int_t)p->open, "kept_pct", vo_json_figure(p->kept_pct)));
    if (p->available)
        line(lines, "Обещания", "Выполнено", pct_text(q, p->kept_pct),
             vo_arena_printf(q->arena, "выполнено %lld, не выполнено %lld, открыто %lld",
                             (long long)p->kept, (long long)p->broken, (long long)p->open));
    const struct vo_director_competitions *c = &r->competitions;
    if (!c->available) {
        json_object_set_new(root, "competitions", unavailable(lines, "Соревнования"));
        return root;
    }
    json_t *v = json_array();
    if (!c->n)
        line(lines, "Соревнования", "—", "нет соревнований за период", NULL);
    for (size_t i = 0; i < c->n; i++) {
        const struct vo_director_competition *x = &c->items[i];
        json_array_append_new(v, json_pack("{s:s,s:o,s:s}", "name", x->name, "winner",
                                           x->winner ? json_string(x->winner) : json_null(),
                                           "status", x->status));
        line(lines, "Соревнования", x->name, x->winner ? x->winner : "—", comp_status(x->status));
    }
    json_object_set_new(root, "competitions", v);
    return root;
}

json_t *vo_director_to_json(const struct vo_report_query *q, const struct vo_director *r)
{
    struct vo_arena *a = q->arena;
    char asof[40];
    vo_time_format(r->as_of, q->ds->cal.tz, asof, sizeof asof);
    json_t *lines = json_array();
    json_t *root =
        json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s},s:i,s:i}", "period", r->period_kind, "from",
                  date_text(a, r->period.first), "to", date_text(a, r->period.last), "as_of", asof,
                  "prev", "from", date_text(a, r->prev.first), "to", date_text(a, r->prev.last),
                  "elapsed_wd", r->pf.elapsed_wd, "total_wd", r->pf.total_wd);
    json_object_set_new(root, "plan_fact", plan_fact(q, r, lines));
    json_object_set_new(root, "forecast_method", json_string("run_rate"));
    int k = r->ranking_metric;
    json_t *rank =
        json_pack("{s:o}", "metric", k >= 0 ? json_string(vo_metrics[k].key) : json_null());
    json_object_set_new(rank, "top", ranked(q, r, r->top, r->ntop, "Лучшие по плану", lines));
    json_object_set_new(rank, "bottom",
                        ranked(q, r, r->bottom, r->nbottom, "Отстающие по плану", lines));
    json_object_set_new(root, "ranking", rank);
    json_object_set_new(root, "funnel", funnel(q, r, lines));
    json_object_set_new(root, "hygiene", hygiene(q, r, lines));
    others(q, r, lines, root);
    char upd[40] = "";
    if (r->note_updated_at)
        vo_time_format(r->note_updated_at, q->ds->cal.tz, upd, sizeof upd);
    json_object_set_new(root, "note",
                        json_pack("{s:s,s:o}", "text", r->note ? r->note : "", "updated_at",
                                  *upd ? json_string(upd) : json_null()));
    line(lines,
         r->period_kind[0] == 'm' ? "Что сделаю в следующем месяце"
                                  : "Что сделаю на следующей неделе",
         "", r->note && *r->note ? r->note : "—", NULL);
    json_object_set_new(root, "lines", lines);
    return root;
}
