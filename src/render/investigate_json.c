/*
 * investigate_json.c - the investigations as JSON and sentences
 * (investigate_json.h). A sentence's English format is a row of the
 * message catalogue (base/messages.c, vo_message_tr) whose Russian row is
 * the Russian sentence; both are written into the JSON ("sentence" Russian,
 * "sentence_en" English), so the CLI's and the API's JSON are the same
 * whatever the language, and the screens pick one with the switch.
 *
 * Numbers: rates as whole percents ("42%"), counts per day with one
 * decimal at most ("2,5"), money short in the org's currency: "1,2 млн ₽",
 * "450 тыс. ₽", "950 ₽" (English "1.2M ₽", "450K ₽"); the money of a
 * finding signed ("-1,2 млн ₽", "+300 тыс. ₽").
 */
#include "render/investigate_json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/messages.h"
#include "base/plural.h"
#include "base/timeutil.h"
#include "render/number.h"
#include "render/report_json.h"

/* x with `places` decimals at most (vo_fmt_fixed: halves away from zero,
 * never "-0"), trailing zeros dropped, a comma in Russian, a point in
 * English. */
static const char *decimal(struct vo_arena *a, double x, int places, bool ru)
{
    char buf[40];
    vo_fmt_fixed(x, places, buf, sizeof buf);
    char *comma = strchr(buf, ',');
    if (comma) {
        size_t n = strlen(buf);
        while (buf[n - 1] == '0')
            buf[--n] = '\0';
        if (buf[n - 1] == ',')
            buf[n - 1] = '\0';
        else if (!ru)
            *comma = '.';
    }
    return vo_arena_strdup(a, buf);
}

static const char *percent(struct vo_arena *a, double fraction)
{
    return vo_arena_printf(a, "%s%%", decimal(a, fraction * 100, 0, false));
}

/* Money of `minor` units, short: millions with one decimal, thousands
 * whole, else whole units; signed when sign. */
static const char *money(const struct vo_dataset *ds, double minor, bool sign, bool ru,
                         struct vo_arena *a)
{
    double major = minor / pow(10, ds->currency_digits), m = fabs(major);
    const char *cur = strcmp(ds->currency, "RUB") == 0 ? "₽" : ds->currency;
    const char *s = sign ? (major < 0 ? "-" : "+") : (major < 0 ? "-" : "");
    const char *num, *unit;
    if (m >= 999950) { /* 999 950 and up read as 1 млн, not 1 000 тыс. */
        num = decimal(a, m / 1e6, 1, ru);
        unit = ru ? " млн" : "M";
    } else if (m >= 1000) {
        num = decimal(a, m / 1e3, 0, ru);
        unit = ru ? " тыс." : "K";
    } else {
        num = decimal(a, m, 0, ru);
        unit = "";
    }
    return vo_arena_printf(a, "%s%s%s %s", s, num, unit, cur);
}

const char *vo_inv_step_label(const struct vo_dataset *ds, const struct vo_inv_finding *f,
                              struct vo_arena *a)
{
    if (f->what != VO_INV_STEP)
        return NULL;
    return vo_arena_printf(a, "%s -> %s", ds->stages.name[f->from],
                           f->to >= 0 ? ds->stages.name[f->to] : "выиграна");
}

/* The value v of a finding in its unit, as the sentence shows it. */
static const char *shown(const struct vo_dataset *ds, const struct vo_inv_finding *f, double v,
                         bool ru, struct vo_arena *a)
{
    switch (f->what) {
    case VO_INV_CONVERSION:
    case VO_INV_STEP:
        return percent(a, v);
    case VO_INV_REVENUE:
    case VO_INV_AVG_CHECK:
        return money(ds, v, false, ru, a);
    default:
        return decimal(a, v, 1, ru);
    }
}

/* The template of a finding (its English format, or the catalogue's
 * Russian row under ru): per metric, against the team, or against the
 * baseline with the direction. The formats take the subject's name, the
 * step's label (a step only), the two figures (baseline: from, to; team:
 * the subject's, the team's), the working days and their word (per-day
 * counts only), and the money. */
static const char *template_of(enum vo_inv_what w, bool team, bool fell, bool ru)
{
    switch (w) {
    case VO_INV_STEP:
        return team ? vo_message_tr("%s: conversion %s is %s against the team's %s: %s to the plan",
                                    ru)
               : fell ? vo_message_tr("%s: conversion %s fell from %s to %s: %s to the plan", ru)
                      : vo_message_tr("%s: conversion %s rose from %s to %s: %s to the plan", ru);
    case VO_INV_CONVERSION:
        return team
                   ? vo_message_tr("%s: conversion is %s against the team's %s: %s to the plan", ru)
               : fell ? vo_message_tr("%s: conversion fell from %s to %s: %s to the plan", ru)
                      : vo_message_tr("%s: conversion rose from %s to %s: %s to the plan", ru);
    case VO_INV_AVG_CHECK:
        return team ? vo_message_tr(
                          "%s: the average check is %s against the team's %s: %s to the plan", ru)
               : fell
                   ? vo_message_tr("%s: the average check fell from %s to %s: %s to the plan", ru)
                   : vo_message_tr("%s: the average check rose from %s to %s: %s to the plan", ru);
    case VO_INV_REVENUE:
        return team   ? vo_message_tr("%s: revenue per working day is %s against the team's %s a "
                                        "manager over %d %s: %s to the plan",
                                      ru)
               : fell ? vo_message_tr("%s: revenue per working day fell from %s to %s over %d "
                                      "%s: %s to the plan",
                                      ru)
                      : vo_message_tr("%s: revenue per working day rose from %s to %s over %d "
                                      "%s: %s to the plan",
                                      ru);
    case VO_INV_LEADS:
        return team   ? vo_message_tr("%s: leads per working day are %s against the team's %s a "
                                        "manager over %d %s: %s to the plan",
                                      ru)
               : fell ? vo_message_tr("%s: leads per working day fell from %s to %s over %d %s: "
                                      "%s to the plan",
                                      ru)
                      : vo_message_tr("%s: leads per working day rose from %s to %s over %d %s: "
                                      "%s to the plan",
                                      ru);
    case VO_INV_CALLS:
        return team   ? vo_message_tr("%s: calls per working day are %s against the team's %s a "
                                        "manager over %d %s: %s to the plan",
                                      ru)
               : fell ? vo_message_tr("%s: calls per working day fell from %s to %s over %d %s: "
                                      "%s to the plan",
                                      ru)
                      : vo_message_tr("%s: calls per working day rose from %s to %s over %d %s: "
                                      "%s to the plan",
                                      ru);
    case VO_INV_MEETINGS:
        return team   ? vo_message_tr("%s: meetings per working day are %s against the team's %s a "
                                        "manager over %d %s: %s to the plan",
                                      ru)
               : fell ? vo_message_tr("%s: meetings per working day fell from %s to %s over %d "
                                      "%s: %s to the plan",
                                      ru)
                      : vo_message_tr("%s: meetings per working day rose from %s to %s over %d "
                                      "%s: %s to the plan",
                                      ru);
    default:
        return team   ? vo_message_tr("%s: deals won per working day are %s against the team's %s "
                                        "a manager over %d %s: %s to the plan",
                                      ru)
               : fell ? vo_message_tr("%s: deals won per working day fell from %s to %s over %d "
                                      "%s: %s to the plan",
                                      ru)
                      : vo_message_tr("%s: deals won per working day rose from %s to %s over %d "
                                      "%s: %s to the plan",
                                      ru);
    }
}

const char *vo_inv_sentence(const struct vo_dataset *ds, const struct vo_inv_finding *f, bool ru,
                            struct vo_arena *a)
{
    const char *who =
        f->user >= 0 ? ds->users.name[f->user] : vo_message_tr("The sales department", ru);
    bool team = f->against == VO_INV_TEAM;
    const char *v = shown(ds, f, f->value, ru, a), *r = shown(ds, f, f->reference, ru, a);
    /* against the baseline "from r to v", against the team "v against r" */
    const char *x1 = team ? v : r, *x2 = team ? r : v;
    const char *m = money(ds, (double)f->money, true, ru, a);
    const char *fmt = template_of(f->what, team, f->delta < 0, ru);
    if (f->what == VO_INV_STEP)
        return vo_arena_printf(a, fmt, who, vo_inv_step_label(ds, f, a), x1, x2, m);
    if (f->what == VO_INV_CONVERSION || f->what == VO_INV_AVG_CHECK)
        return vo_arena_printf(a, fmt, who, x1, x2, m);
    int wd = (int)f->sample;
    const char *days = ru ? vo_plural_ru_word(wd, "рабочий день", "рабочих дня", "рабочих дней")
                          : (wd == 1 ? "working day" : "working days");
    return vo_arena_printf(a, fmt, who, x1, x2, wd, days, m);
}

/* A number: whole numbers as integers, else a real. */
static json_t *jnum(double v)
{
    if (v == floor(v) && fabs(v) < 9e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

json_t *vo_inv_findings_to_json(const struct vo_dataset *ds, const struct vo_inv *v,
                                struct vo_arena *a)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < v->n; i++) {
        const struct vo_inv_finding *f = &v->f[i];
        bool user = f->user >= 0;
        const char *email = user ? ds->users.email[f->user] : NULL;
        const char *step = vo_inv_step_label(ds, f, a);
        json_t *o = json_pack(
            "{s:s,s:o,s:s,s:o,s:s,s:s,s:o,s:s,s:f,s:f,s:f,s:f,s:I,s:I,s:s,s:s}", "subject",
            user ? "user" : "department", "user_id",
            user ? json_integer((json_int_t)ds->users.id[f->user]) : json_null(), "name",
            user ? ds->users.name[f->user] : vo_message_tr("The sales department", true), "email",
            email ? json_string(email) : json_null(), "kind",
            f->what == VO_INV_STEP ? "step" : "metric", "what",
            step ? step : vo_inv_what_key(f->what), "step", step ? json_string(step) : json_null(),
            "against", f->against == VO_INV_TEAM ? "team" : "baseline", "value", f->value,
            "baseline", f->reference, "delta", f->delta, "change", f->change, "sample",
            (json_int_t)f->sample, "money", (json_int_t)f->money, "sentence",
            vo_inv_sentence(ds, f, true, a), "sentence_en", vo_inv_sentence(ds, f, false, a));
        /* whole figures (counts a day, money) as integers */
        json_object_set_new(o, "value", jnum(f->value));
        json_object_set_new(o, "baseline", jnum(f->reference));
        json_object_set_new(o, "delta", jnum(f->delta));
        json_array_append_new(arr, o);
    }
    return arr;
}

json_t *vo_inv_to_json(const struct vo_report_query *q, const struct vo_inv *v)
{
    char d[16], e[16];
    vo_date_format(v->baseline.first, d, sizeof d);
    vo_date_format(v->baseline.last, e, sizeof e);
    const struct vo_dataset *ds = q->ds;
    return vo_report_head(
        q, v->period,
        json_pack("{s:s,s:s,s:i,s:i,s:o,s:o}", "baseline_from", d, "baseline_to", e, "elapsed_wd",
                  v->elapsed_wd, "baseline_wd", v->baseline_wd, "pipeline",
                  v->pipeline >= 0 ? json_string(ds->pipelines.name[v->pipeline]) : json_null(),
                  "investigations", vo_inv_findings_to_json(ds, v, q->arena)));
}
