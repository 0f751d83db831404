/*
 * model.c - the enum tables, the metric table of METRICS.md, the bounds of
 * numbers and texts, and record validation. Every enum is one table of
 * {value, name}; parsing and naming walk it, and an error lists the
 * allowed names from the same table. The bounds are two tables (numbers,
 * texts): a limit changes in one row, and the API, the import and the CLI
 * see the change together.
 */
#include "model/model.h"

#include <ctype.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "base/timeutil.h"

const struct vo_metric_def vo_metrics[VO_M__COUNT] = {
    {VO_M_LEADS, "leads", "Лиды", VO_METRIC_ADDITIVE, VO_UNIT_COUNT},
    {VO_M_CALLS, "calls", "Звонки", VO_METRIC_ADDITIVE, VO_UNIT_COUNT},
    {VO_M_CALL_MINUTES, "call_minutes", "Минуты звонков", VO_METRIC_ADDITIVE, VO_UNIT_MINUTES},
    {VO_M_MEETINGS, "meetings", "Встречи", VO_METRIC_ADDITIVE, VO_UNIT_COUNT},
    {VO_M_DEALS_WON, "deals_won", "Сделки выиграны", VO_METRIC_ADDITIVE, VO_UNIT_COUNT},
    {VO_M_REVENUE, "revenue", "Выручка", VO_METRIC_ADDITIVE, VO_UNIT_MONEY},
    {VO_M_PAYMENTS, "payments", "Поступления", VO_METRIC_ADDITIVE, VO_UNIT_MONEY},
    {VO_M_AVG_CHECK, "avg_check", "Средний чек", VO_METRIC_RATIO, VO_UNIT_MONEY},
    {VO_M_CONVERSION, "conversion", "Конверсия", VO_METRIC_RATIO, VO_UNIT_RATIO},
    {VO_M_TASKS_DONE, "tasks_done", "Задачи выполнены", VO_METRIC_ADDITIVE, VO_UNIT_COUNT},
    {VO_M_TASKS_DONE_ON_TIME, "tasks_done_on_time", "Задачи в срок", VO_METRIC_ADDITIVE,
     VO_UNIT_COUNT},
    {VO_M_TASKS_OVERDUE, "tasks_overdue", "Просроченные задачи", VO_METRIC_SNAPSHOT, VO_UNIT_COUNT},
};

const struct vo_metric_def *vo_metric_find(const char *key)
{
    for (int i = 0; i < VO_M__COUNT; i++)
        if (key && strcmp(vo_metrics[i].key, key) == 0)
            return &vo_metrics[i];
    return NULL;
}

struct enum_name {
    int value;
    const char *name;
};

static const struct enum_name roles[] = {{VO_ROLE_ADMIN, "admin"},
                                         {VO_ROLE_HEAD, "head"},
                                         {VO_ROLE_MANAGER, "manager"},
                                         {VO_ROLE_VIEWER, "viewer"},
                                         {0, NULL}};
static const struct enum_name statuses[] = {
    {VO_DEAL_OPEN, "open"}, {VO_DEAL_WON, "won"}, {VO_DEAL_LOST, "lost"}, {0, NULL}};
static const struct enum_name act_types[] = {{VO_ACT_CALL, "call"},
                                             {VO_ACT_MEETING, "meeting"},
                                             {VO_ACT_EMAIL, "email"},
                                             {VO_ACT_MESSAGE, "message"},
                                             {0, NULL}};
static const struct enum_name task_types[] = {{VO_TASK_CALL, "call"},
                                              {VO_TASK_MEETING, "meeting"},
                                              {VO_TASK_EMAIL, "email"},
                                              {VO_TASK_OTHER, "other"},
                                              {0, NULL}};
static const struct enum_name recur_rules[] = {{VO_RECUR_DAILY, "daily"},
                                               {VO_RECUR_WEEKLY, "weekly"},
                                               {VO_RECUR_MONTHLY, "monthly"},
                                               {VO_RECUR_WORKDAYS, "workdays"},
                                               {0, NULL}};
static const struct enum_name notify_kinds[] = {{VO_NOTIFY_TASK_DUE_SOON, "task_due_soon"},
                                                {VO_NOTIFY_TASK_OVERDUE, "task_overdue"},
                                                {VO_NOTIFY_DEAL_ASSIGNED, "deal_assigned"},
                                                {VO_NOTIFY_PROMISE_DUE, "promise_due"},
                                                {VO_NOTIFY_RECOGNITION, "recognition"},
                                                {VO_NOTIFY_DOCUMENT_VERSION, "document_version"},
                                                {VO_NOTIFY_ONBOARDING, "onboarding"},
                                                {VO_NOTIFY_TRAINING, "training"},
                                                {VO_NOTIFY_ATTESTATION, "attestation"},
                                                {VO_NOTIFY_IDP, "idp"},
                                                {0, NULL}};
static const struct enum_name directions[] = {{VO_DIR_IN, "in"}, {VO_DIR_OUT, "out"}, {0, NULL}};
static const struct enum_name day_kinds[] = {
    {VO_DAY_HOLIDAY, "holiday"}, {VO_DAY_WORKDAY, "workday"}, {0, NULL}};
static const struct enum_name scope_kinds[] = {
    {VO_SCOPE_ORG, "org"}, {VO_SCOPE_TEAM, "team"}, {VO_SCOPE_USER, "user"}, {0, NULL}};

static vo_err enum_parse(const struct enum_name *t, const char *s, int *out, const char *field,
                         struct vo_error *e)
{
    char allowed[256] = "";
    size_t n = 0;
    for (const struct enum_name *p = t; p->name; p++) {
        if (s && strcasecmp(s, p->name) == 0) {
            *out = p->value;
            return VO_OK;
        }
        n += (size_t)snprintf(allowed + n, n < sizeof allowed ? sizeof allowed - n : 0, "%s%s",
                              p == t ? "" : ", ", p->name);
        if (n >= sizeof allowed)
            n = sizeof allowed - 1;
    }
    return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not allowed (one of: %s)", s ? s : "",
                        allowed);
}

static const char *enum_name(const struct enum_name *t, int v)
{
    for (const struct enum_name *p = t; p->name; p++)
        if (p->value == v)
            return p->name;
    return "?";
}

#define ENUM_FUNCS(type, table, parse_fn, name_fn)                                                 \
    vo_err parse_fn(const char *s, type *out, const char *field, struct vo_error *e)               \
    {                                                                                              \
        int v = 0;                                                                                 \
        vo_err rc = enum_parse(table, s, &v, field, e);                                            \
        if (rc == VO_OK)                                                                           \
            *out = (type)v;                                                                        \
        return rc;                                                                                 \
    }                                                                                              \
    const char *name_fn(type v)                                                                    \
    {                                                                                              \
        return enum_name(table, (int)v);                                                           \
    }

ENUM_FUNCS(enum vo_role, roles, vo_role_parse, vo_role_name)
ENUM_FUNCS(enum vo_deal_status, statuses, vo_deal_status_parse, vo_deal_status_name)
ENUM_FUNCS(enum vo_activity_type, act_types, vo_activity_type_parse, vo_activity_type_name)
ENUM_FUNCS(enum vo_direction, directions, vo_direction_parse, vo_direction_name)
ENUM_FUNCS(enum vo_task_type, task_types, vo_task_type_parse, vo_task_type_name)
ENUM_FUNCS(enum vo_recur_rule, recur_rules, vo_recur_rule_parse, vo_recur_rule_name)
ENUM_FUNCS(enum vo_notify_kind, notify_kinds, vo_notify_kind_parse, vo_notify_kind_name)
ENUM_FUNCS(enum vo_day_kind, day_kinds, vo_day_kind_parse, vo_day_kind_name)

const char *vo_scope_kind_name(enum vo_scope_kind k)
{
    return enum_name(scope_kinds, (int)k);
}

/* ---- bounds ---- */

static const struct {
    int64_t min, max;
    const char *what; /* "a number of X from min to max" */
} num_bounds[VO_NUM__COUNT] = {
    [VO_NUM_AMOUNT] = {0, VO_AMOUNT_MAX, "minor units"},
    [VO_NUM_PAYMENT] = {1, VO_AMOUNT_MAX, "minor units"},
    [VO_NUM_DURATION] = {0, 7 * 86400, "seconds"},
    [VO_NUM_MAX_DAYS] = {1, 3650, "days"},
    [VO_NUM_POSITION] = {1, 1000, ""},
    [VO_NUM_ID] = {1, INT64_MAX, "(an id)"},
    [VO_NUM_SCORE] = {0, 10, ""},
    [VO_NUM_TARGET_COUNT] = {0, 1000000000, ""},
    [VO_NUM_TARGET_MINUTES] = {0, 1000000000, "minutes"},
    [VO_NUM_TARGET_MONEY] = {0, VO_AMOUNT_MAX, "minor units"},
    [VO_NUM_TARGET_RATIO] = {0, 10000, "basis points"},
};

void vo_num_range(enum vo_num k, int64_t *min, int64_t *max)
{
    *min = num_bounds[k].min;
    *max = num_bounds[k].max;
}

vo_err vo_num_check(enum vo_num k, int64_t v, const char *field, struct vo_error *e)
{
    if ((unsigned)k >= VO_NUM__COUNT)
        return vo_error_set(e, VO_EINVAL, field, "%s: no such bound", field);
    if (v >= num_bounds[k].min && v <= num_bounds[k].max && v != VO_NULL)
        return VO_OK;
    if (k == VO_NUM_ID)
        return vo_error_set(e, VO_EINVAL, field, "%s is an id (a whole number from 1)", field);
    return vo_error_set(e, VO_EINVAL, field, "%s is a whole number from %lld to %lld%s%s", field,
                        (long long)num_bounds[k].min, (long long)num_bounds[k].max,
                        *num_bounds[k].what ? " " : "", num_bounds[k].what);
}

enum vo_num vo_num_of_target(enum vo_metric m)
{
    switch ((unsigned)m < VO_M__COUNT ? vo_metrics[m].unit : VO_UNIT_COUNT) {
    case VO_UNIT_MONEY:
        return VO_NUM_TARGET_MONEY;
    case VO_UNIT_MINUTES:
        return VO_NUM_TARGET_MINUTES;
    case VO_UNIT_RATIO:
        return VO_NUM_TARGET_RATIO;
    case VO_UNIT_COUNT:
        break;
    }
    return VO_NUM_TARGET_COUNT;
}

static const size_t text_max[VO_TEXT__COUNT] = {
    [VO_TEXT_NAME] = 200,  [VO_TEXT_TITLE] = 500, [VO_TEXT_LABEL] = 200, [VO_TEXT_NOTE] = 5000,
    [VO_TEXT_EMAIL] = 254, [VO_TEXT_URL] = 2000,  [VO_TEXT_KEY] = 200,   [VO_TEXT_PHONE] = 50,
};

size_t vo_text_max(enum vo_text k)
{
    return (unsigned)k < VO_TEXT__COUNT ? text_max[k] : 0;
}

vo_err vo_text_check(enum vo_text k, const char *s, const char *field, struct vo_error *e)
{
    if (!s)
        return VO_OK;
    size_t max = vo_text_max(k);
    /* a text over 4 bytes a character is too long whatever it holds: no
     * need to walk megabytes */
    size_t len = strlen(s);
    if (len > 4 * max)
        return vo_error_set(e, VO_EINVAL, field, "%s is longer than %zu characters", field, max);
    if (!g_utf8_validate(s, (gssize)len, NULL))
        return vo_error_set(e, VO_EINVAL, field, "%s is not valid UTF-8 text", field);
    if ((size_t)g_utf8_strlen(s, (gssize)len) > max)
        return vo_error_set(e, VO_EINVAL, field, "%s is longer than %zu characters", field, max);
    return VO_OK;
}

vo_err vo_text_required(enum vo_text k, const char *s, const char *field, struct vo_error *e)
{
    if (!s || !*s)
        return vo_error_set(e, VO_EINVAL, field, "%s is required", field);
    return vo_text_check(k, s, field, e);
}

vo_err vo_email_normalize(char *email, const char *field, struct vo_error *e)
{
    if (!email || !*email)
        return vo_error_set(e, VO_EINVAL, field, "an email is required");
    vo_err rc = vo_text_check(VO_TEXT_EMAIL, email, field, e);
    if (rc)
        return rc;
    for (char *p = email; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *at = strchr(email, '@');
    if (!at || at == email || strchr(at + 1, '@') || !strchr(at + 1, '.') || at[1] == '.' ||
        email[strlen(email) - 1] == '.' || strpbrk(email, " \t,;<>"))
        return vo_error_set(e, VO_EINVAL, field, "\"%s\" is not an email address", email);
    return VO_OK;
}

/* A text a record cannot do without: `missing` when absent or empty, else
 * checked as a text of kind k. */
static vo_err need_text(enum vo_text k, const char *s, const char *field, const char *missing,
                        struct vo_error *e)
{
    if (!s || !*s)
        return vo_error_set(e, VO_EINVAL, field, "%s", missing);
    return vo_text_check(k, s, field, e);
}

/* A number a record may leave out (VO_NULL): below min gives `low`, else
 * it is checked against the bounds of kind k. */
static vo_err opt_num(enum vo_num k, int64_t v, int64_t min, const char *field, const char *low,
                      struct vo_error *e)
{
    if (v == VO_NULL)
        return VO_OK;
    if (v < min)
        return vo_error_set(e, VO_EINVAL, field, "%s", low);
    return vo_num_check(k, v, field, e);
}

/* The optional texts of a record: a row each (kind, member, field name),
 * checked in order by check_texts. */
struct text_col {
    enum vo_text kind;
    size_t off; /* of a const char * member */
    const char *field;
};
#define TEXT_COL(type, member, kind, field)                                                        \
    {                                                                                              \
        kind, offsetof(type, member), field                                                        \
    }

static vo_err check_texts(const void *rec, const struct text_col *c, size_t n, struct vo_error *e)
{
    vo_err rc = VO_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        const char *s;
        memcpy(&s, (const char *)rec + c[i].off, sizeof s);
        rc = vo_text_check(c[i].kind, s, c[i].field, e);
    }
    return rc;
}

vo_err vo_user_validate(const struct vo_user *u, struct vo_error *e)
{
    vo_err rc;
    if ((rc = need_text(VO_TEXT_NAME, u->name, "name", VO_MSG("a user needs a name"), e)) ||
        (rc = vo_text_check(VO_TEXT_EMAIL, u->email, "email", e)))
        return rc;
    if ((unsigned)u->role > VO_ROLE_VIEWER)
        return vo_error_set(e, VO_EINVAL, "role", "unknown role");
    return VO_OK;
}

vo_err vo_client_validate(const struct vo_client *c, struct vo_error *e)
{
    static const struct text_col texts[] = {
        TEXT_COL(struct vo_client, ext_id, VO_TEXT_KEY, "id"),
        TEXT_COL(struct vo_client, channel, VO_TEXT_LABEL, "channel"),
        TEXT_COL(struct vo_client, region, VO_TEXT_LABEL, "region"),
        TEXT_COL(struct vo_client, segment, VO_TEXT_LABEL, "segment"),
        TEXT_COL(struct vo_client, source, VO_TEXT_LABEL, "source"),
    };
    vo_err rc = need_text(VO_TEXT_TITLE, c->name, "name", VO_MSG("a client needs a name"), e);
    return rc ? rc : check_texts(c, texts, sizeof texts / sizeof *texts, e);
}

vo_err vo_deal_validate(const struct vo_deal *d, struct vo_error *e)
{
    static const struct text_col texts[] = {
        TEXT_COL(struct vo_deal, title, VO_TEXT_TITLE, "title"),
        TEXT_COL(struct vo_deal, ext_id, VO_TEXT_KEY, "id"),
        TEXT_COL(struct vo_deal, channel, VO_TEXT_LABEL, "channel"),
        TEXT_COL(struct vo_deal, source, VO_TEXT_LABEL, "source"),
        TEXT_COL(struct vo_deal, loss_reason, VO_TEXT_TITLE, "loss_reason"),
    };
    vo_err rc;
    if (!d->owner_id)
        return vo_error_set(e, VO_EINVAL, "owner", "a deal needs an owner");
    if (!d->pipeline_id)
        return vo_error_set(e, VO_EINVAL, "pipeline", "a deal needs a pipeline");
    if ((rc = opt_num(VO_NUM_AMOUNT, d->amount, 0, "amount", VO_MSG("an amount cannot be negative"),
                      e)) ||
        (rc = check_texts(d, texts, sizeof texts / sizeof *texts, e)))
        return rc;
    if (d->status != VO_DEAL_OPEN && d->closed_at == VO_NULL)
        return vo_error_set(e, VO_EINVAL, "closed_at", "a %s deal needs closed_at",
                            vo_deal_status_name(d->status));
    if (d->status == VO_DEAL_OPEN && d->closed_at != VO_NULL)
        return vo_error_set(e, VO_EINVAL, "closed_at", "an open deal cannot have closed_at");
    if (d->closed_at != VO_NULL && d->closed_at < d->created_at)
        return vo_error_set(e, VO_EINVAL, "closed_at", "closed_at is before created_at");
    if (d->status != VO_DEAL_LOST && d->loss_reason && *d->loss_reason)
        return vo_error_set(e, VO_EINVAL, "loss_reason", "only a lost deal has a loss reason");
    return VO_OK;
}

vo_err vo_activity_validate(const struct vo_activity *a, struct vo_error *e)
{
    static const struct text_col texts[] = {
        TEXT_COL(struct vo_activity, ext_id, VO_TEXT_KEY, "id"),
        TEXT_COL(struct vo_activity, outcome, VO_TEXT_NOTE, "outcome"),
        TEXT_COL(struct vo_activity, recording_url, VO_TEXT_URL, "recording_url"),
    };
    if (!a->user_id)
        return vo_error_set(e, VO_EINVAL, "user", "an activity needs a user");
    /* (a negative duration is not over a week: the order of the checks
     * does not change which one speaks) */
    if (a->duration_s != VO_NULL && a->duration_s > 7 * 86400)
        return vo_error_set(e, VO_EINVAL, "duration_s", "a duration over a week is not a call");
    vo_err rc = opt_num(VO_NUM_DURATION, a->duration_s, 0, "duration_s",
                        VO_MSG("a duration cannot be negative"), e);
    return rc ? rc : check_texts(a, texts, sizeof texts / sizeof *texts, e);
}

vo_err vo_task_validate(const struct vo_task *t, struct vo_error *e)
{
    vo_err rc;
    if (!t->assignee_id)
        return vo_error_set(e, VO_EINVAL, "assignee", "a task needs an assignee");
    if ((rc = need_text(VO_TEXT_TITLE, t->title, "title", VO_MSG("a task needs a title"), e)) ||
        (rc = vo_text_check(VO_TEXT_KEY, t->ext_id, "id", e)))
        return rc;
    if (t->done_at != VO_NULL && t->done_at < t->created_at)
        return vo_error_set(e, VO_EINVAL, "done_at", "done_at is before created_at");
    return vo_text_check(VO_TEXT_NOTE, t->comment, "comment", e);
}

vo_err vo_task_recurrence_validate(const struct vo_task_recurrence *r, struct vo_error *e)
{
    bool every = r->rule == VO_RECUR_DAILY || r->rule == VO_RECUR_WORKDAYS;
    if (every && (r->every < 1 || r->every > 366))
        return vo_error_set(e, VO_EINVAL, "every", "every is a number of days from 1 to 366");
    if (!every && r->every != 1)
        return vo_error_set(e, VO_EINVAL, "every", "every is only for a daily or workdays rule");
    if (r->rule == VO_RECUR_WEEKLY && (r->weekdays < 1 || r->weekdays > 127))
        return vo_error_set(e, VO_EINVAL, "weekdays",
                            "a weekly rule needs weekdays, numbers from 1 (Monday) to 7 (Sunday)");
    if (r->rule != VO_RECUR_WEEKLY && r->weekdays != 0)
        return vo_error_set(e, VO_EINVAL, "weekdays", "weekdays are only for a weekly rule");
    if (r->rule == VO_RECUR_MONTHLY && (r->month_day < 1 || r->month_day > 31))
        return vo_error_set(e, VO_EINVAL, "month_day",
                            "a monthly rule needs month_day, a day from 1 to 31");
    if (r->rule != VO_RECUR_MONTHLY && r->month_day != VO_NULL)
        return vo_error_set(e, VO_EINVAL, "month_day", "month_day is only for a monthly rule");
    return VO_OK;
}

vo_err vo_payment_validate(const struct vo_payment *p, struct vo_error *e)
{
    if (!p->deal_id && !p->client_id)
        return vo_error_set(e, VO_EINVAL, "deal", "a payment needs a deal or a client");
    if (p->amount == VO_NULL)
        return vo_error_set(e, VO_EINVAL, "amount", "a payment needs an amount");
    if (p->amount <= 0)
        return vo_error_set(e, VO_EINVAL, "amount", "a payment is a positive amount");
    vo_err rc = vo_num_check(VO_NUM_PAYMENT, p->amount, "amount", e);
    if (!rc)
        rc = vo_text_check(VO_TEXT_KEY, p->ext_id, "id", e);
    return rc;
}

vo_err vo_nps_validate(const struct vo_nps *n, struct vo_error *e)
{
    if (n->score < 0 || n->score > 10)
        return vo_error_set(e, VO_EINVAL, "score", "%d is not a score (0..10)", n->score);
    if (!n->client_id)
        return vo_error_set(e, VO_EINVAL, "client", "an NPS response needs a client");
    return vo_text_check(VO_TEXT_NOTE, n->comment, "comment", e);
}

vo_err vo_stage_validate(const struct vo_stage *s, struct vo_error *e)
{
    vo_err rc = need_text(VO_TEXT_NAME, s->name, "stage", VO_MSG("a stage needs a name"), e);
    if (rc)
        return rc;
    if (s->position < 1)
        return vo_error_set(e, VO_EINVAL, "position", "positions start at 1");
    if ((rc = vo_num_check(VO_NUM_POSITION, s->position, "position", e)))
        return rc;
    return opt_num(VO_NUM_MAX_DAYS, s->max_days, 1, "max_days",
                   VO_MSG("max_days is a positive number of days"), e);
}

vo_err vo_product_validate(const struct vo_product *p, struct vo_error *e)
{
    vo_err rc;
    if ((rc = vo_text_required(VO_TEXT_NAME, p->name, "name", e)) ||
        (rc = vo_text_check(VO_TEXT_KEY, p->ext_id, "id", e)) ||
        (rc = vo_text_check(VO_TEXT_LABEL, p->category, "category", e)))
        return rc;
    return opt_num(VO_NUM_AMOUNT, p->price, 0, "price", VO_MSG("a price cannot be negative"), e);
}

vo_err vo_plan_validate(const struct vo_plan *p, struct vo_error *e)
{
    if (p->year < VO_YEAR_MIN || p->year > VO_YEAR_MAX || p->month < 1 || p->month > 12)
        return vo_error_set(e, VO_EINVAL, "period", "%04d-%02d is not a month of %s", p->year,
                            p->month, VO_DATE_RANGE_TEXT);
    if ((unsigned)p->metric >= VO_M__COUNT)
        return vo_error_set(e, VO_EINVAL, "metric", "unknown metric");
    if (p->target < 0)
        return vo_error_set(e, VO_EINVAL, "target", "a target cannot be negative");
    return vo_num_check(vo_num_of_target(p->metric), p->target, "target", e);
}

vo_err vo_spend_validate(const struct vo_spend *s, struct vo_error *e)
{
    vo_err rc = vo_text_required(VO_TEXT_LABEL, s->channel, "channel", e);
    if (rc)
        return rc;
    if (s->year < VO_YEAR_MIN || s->year > VO_YEAR_MAX || s->month < 1 || s->month > 12)
        return vo_error_set(e, VO_EINVAL, "month", "%04d-%02d is not a month of %s", s->year,
                            s->month, VO_DATE_RANGE_TEXT);
    if (s->amount != VO_NULL && s->amount < 0)
        return vo_error_set(e, VO_EINVAL, "amount", "spend cannot be negative");
    return vo_num_check(VO_NUM_AMOUNT, s->amount, "amount", e);
}

vo_err vo_holiday_validate(const struct vo_holiday *h, struct vo_error *e)
{
    if (!vo_date_supported((struct vo_date){h->y, h->m, h->d}))
        return vo_error_set(e, VO_EINVAL, "date", "not a date of %s: %04d-%02d-%02d",
                            VO_DATE_RANGE_TEXT, h->y, h->m, h->d);
    if ((unsigned)h->kind > VO_DAY_WORKDAY)
        return vo_error_set(e, VO_EINVAL, "kind", "unknown kind of day");
    return vo_text_check(VO_TEXT_NAME, h->name, "name", e);
}
