/*
 * model.h - voronka's domain: the structs and enums every layer speaks,
 * the parsing of enums from text, and validation that names the bad field
 * and the allowed values.
 *
 * Conventions: ids are int64, 0 = none (rows start at 1); optional numbers
 * use VO_NULL; money is int64 minor units; instants are UTC Unix seconds;
 * strings are borrowed (usually from an arena) and NULL when absent.
 *
 * VO_NULL lives inside these structs only: what a request, a file or the
 * command line gives is read with an explicit "absent / null / value"
 * (http/request.c, struct vo_crm_input's null bits) and bounded by
 * vo_num_check before it is stored here, so no input can stand for it.
 *
 * `rev` (users, clients, deals, activities, tasks, payments, plans) is the
 * stored row's revision: 0 when it is inserted, +1 at every update, in the
 * transaction that writes it. The store sets it on every read and write;
 * of two copies of one row, the one with the higher rev is the newer, so a
 * live dataset never lets a copy told late overwrite a newer one.
 */
#ifndef VO_MODEL_MODEL_H
#define VO_MODEL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define VO_NULL INT64_MIN

enum vo_role { VO_ROLE_ADMIN, VO_ROLE_HEAD, VO_ROLE_MANAGER, VO_ROLE_VIEWER };
enum vo_deal_status { VO_DEAL_OPEN, VO_DEAL_WON, VO_DEAL_LOST };
enum vo_activity_type { VO_ACT_CALL, VO_ACT_MEETING, VO_ACT_EMAIL, VO_ACT_MESSAGE };
enum vo_direction { VO_DIR_NONE, VO_DIR_IN, VO_DIR_OUT };
/* A task's kind; "other" is a task stored before tasks had a type. */
enum vo_task_type { VO_TASK_OTHER, VO_TASK_CALL, VO_TASK_MEETING, VO_TASK_EMAIL };
/* What a notification tells (docs/notifications.md). promise_due is
 * reserved for issue 11: defined, created by nothing yet. */
enum vo_notify_kind {
    VO_NOTIFY_TASK_DUE_SOON,
    VO_NOTIFY_TASK_OVERDUE,
    VO_NOTIFY_DEAL_ASSIGNED,
    VO_NOTIFY_PROMISE_DUE,
    VO_NOTIFY_RECOGNITION, /* issue 11, item 6: a badge or a thanks received */
    /* issue 14 (vo_svc_notify_user): a required document's new version to
     * acknowledge; an onboarding plan or step; a training; an attestation
     * assigned or overdue; a development plan's goal or check-in */
    VO_NOTIFY_DOCUMENT_VERSION,
    VO_NOTIFY_ONBOARDING,
    VO_NOTIFY_TRAINING,
    VO_NOTIFY_ATTESTATION,
    VO_NOTIFY_IDP
};
/* How a recurring task repeats (struct vo_task_recurrence). */
enum vo_recur_rule { VO_RECUR_DAILY, VO_RECUR_WEEKLY, VO_RECUR_MONTHLY, VO_RECUR_WORKDAYS };
enum vo_day_kind { VO_DAY_HOLIDAY, VO_DAY_WORKDAY };
enum vo_scope_kind { VO_SCOPE_ORG, VO_SCOPE_TEAM, VO_SCOPE_USER };

/* How a metric adds up (METRICS.md): additive sums over users and days;
 * a ratio is recomputed from summed parts; a snapshot is read at as_of. */
enum vo_metric_kind { VO_METRIC_ADDITIVE, VO_METRIC_RATIO, VO_METRIC_SNAPSHOT };
/* What unit a plan target is stored in. */
enum vo_metric_unit {
    VO_UNIT_COUNT,   /* a whole number */
    VO_UNIT_MONEY,   /* minor units */
    VO_UNIT_MINUTES, /* whole minutes */
    VO_UNIT_RATIO,   /* parts per 10,000 (basis points): 0.25 -> 2500 */
};

enum vo_metric {
    VO_M_LEADS,
    VO_M_CALLS,
    VO_M_CALL_MINUTES,
    VO_M_MEETINGS,
    VO_M_DEALS_WON,
    VO_M_REVENUE,
    VO_M_PAYMENTS,
    VO_M_AVG_CHECK,
    VO_M_CONVERSION,
    VO_M_TASKS_DONE,
    VO_M_TASKS_DONE_ON_TIME,
    VO_M_TASKS_OVERDUE,
    VO_M__COUNT
};

struct vo_metric_def {
    enum vo_metric id;
    const char *key;   /* as in METRICS.md: "leads", "revenue", ... */
    const char *title; /* Russian label for tables */
    enum vo_metric_kind kind;
    enum vo_metric_unit unit;
};

/* The metric table (METRICS.md order), VO_M__COUNT rows. */
extern const struct vo_metric_def vo_metrics[VO_M__COUNT];
const struct vo_metric_def *vo_metric_find(const char *key);

/* Enum <-> text. _parse returns VO_EINVAL with "field: want one of ..." in e.
 * _name returns a static string. */
#define VO_ENUM_TEXT(type, parse_fn, name_fn)                                                      \
    vo_err parse_fn(const char *s, type *out, const char *field, struct vo_error *e);              \
    const char *name_fn(type v);
VO_ENUM_TEXT(enum vo_role, vo_role_parse, vo_role_name)
VO_ENUM_TEXT(enum vo_deal_status, vo_deal_status_parse, vo_deal_status_name)
VO_ENUM_TEXT(enum vo_activity_type, vo_activity_type_parse, vo_activity_type_name)
VO_ENUM_TEXT(enum vo_direction, vo_direction_parse, vo_direction_name)
VO_ENUM_TEXT(enum vo_task_type, vo_task_type_parse, vo_task_type_name)
VO_ENUM_TEXT(enum vo_recur_rule, vo_recur_rule_parse, vo_recur_rule_name)
VO_ENUM_TEXT(enum vo_notify_kind, vo_notify_kind_parse, vo_notify_kind_name)
VO_ENUM_TEXT(enum vo_day_kind, vo_day_kind_parse, vo_day_kind_name)
#undef VO_ENUM_TEXT
const char *vo_scope_kind_name(enum vo_scope_kind k);

struct vo_org {
    int64_t id;
    const char *name;
    const char *tz;       /* IANA zone */
    const char *currency; /* ISO 4217 */
    const char *settings; /* JSON object text */
    int64_t created_at;
};

struct vo_team {
    int64_t id, org_id;
    const char *name;
};

struct vo_user {
    int64_t id, org_id;
    const char *name;
    const char *email; /* lower case; NULL when the user has none */
    enum vo_role role;
    int64_t team_id; /* 0 = no team */
    const char *password_hash;
    bool active;
    int64_t created_at;
    int64_t rev;
};

struct vo_product {
    int64_t id, org_id;
    const char *ext_id;
    const char *name;
    const char *category;
    int64_t price; /* minor units or VO_NULL */
};

/* One product line of a deal as the reports read it (deal_products: the
 * ABC of products, analytics/abc_products.h). */
struct vo_deal_line {
    int64_t deal_id, product_id, quantity, price;
};

struct vo_pipeline {
    int64_t id, org_id;
    const char *name;
};

struct vo_stage {
    int64_t id, org_id, pipeline_id;
    const char *name;
    int position;     /* 1..n */
    int64_t max_days; /* VO_NULL = no limit */
};

struct vo_client {
    int64_t id, org_id;
    const char *ext_id;
    const char *name;
    const char *channel, *region, *segment, *source;
    int64_t owner_id;   /* 0 = none */
    int64_t created_at; /* VO_NULL = unknown */
    bool key_account;
    const char *custom; /* JSON object text, "{}" when none */
    int64_t rev;
    int64_t updated_at; /* last created or changed (UTC seconds; the store keeps it) */
};

struct vo_deal {
    int64_t id, org_id;
    const char *ext_id;
    const char *title;
    int64_t client_id, product_id, pipeline_id, stage_id, owner_id;
    enum vo_deal_status status;
    int64_t amount; /* VO_NULL = not filled in */
    int64_t created_at;
    int64_t closed_at; /* VO_NULL while open */
    const char *loss_reason;
    const char *channel, *source;
    const char *custom; /* JSON object text */
    int64_t rev;
    int64_t updated_at; /* last created or changed (UTC seconds; the store keeps it) */
};

struct vo_stage_change {
    int64_t id, org_id, deal_id, stage_id;
    int64_t at;
    int64_t user_id; /* 0 = unknown */
};

struct vo_activity {
    int64_t id, org_id;
    const char *ext_id;
    enum vo_activity_type type;
    int64_t user_id, at, deal_id, client_id;
    int64_t duration_s; /* VO_NULL = unknown */
    enum vo_direction direction;
    const char *outcome;
    const char *recording_url;
    int64_t rev;
    int64_t updated_at; /* last created or changed (UTC seconds; the store keeps it) */
};

struct vo_task {
    int64_t id, org_id;
    const char *ext_id;
    int64_t assignee_id;
    const char *title;
    int64_t created_at, due_at;
    int64_t deal_id, client_id;
    int64_t done_at; /* VO_NULL while open */
    int64_t rev;
    int64_t updated_at; /* last created or changed (UTC seconds; the store keeps it) */
    /* Written by the task use cases only (service/tasks.c); the import and
     * the generic update leave them as stored. */
    enum vo_task_type type;
    const char *comment;   /* the comment given on completion, or NULL */
    int64_t reschedules;   /* how many times the due time was moved */
    int64_t recurrence_id; /* the rule this task is an occurrence of, 0 = none */
    /* Read with the task for its screens (store/crm_store.c), never
     * written: its deal's title, and its client's name, else its deal's
     * client's name (NULL when none). */
    const char *deal_title, *client_name;
};

/* How a recurring task repeats (service/tasks.c computes the next due
 * time, keeping the occurrence's local time of day):
 * - daily: every `every` days (1..366);
 * - weekly: on the ISO weekdays in `weekdays` (bit 0 = Monday .. bit 6 =
 *   Sunday; at least one), every week;
 * - monthly: on day `month_day` (1..31; the month's last day when shorter);
 * - workdays: every `every` working days of the org's production calendar.
 * stopped_at (VO_NULL while it runs) ends it: completing an occurrence of
 * a stopped rule creates nothing. */
struct vo_task_recurrence {
    int64_t id, org_id;
    enum vo_recur_rule rule;
    int64_t every;     /* daily, workdays: 1..366; 1 for the others */
    int64_t weekdays;  /* weekly: bit mask, 1..127; 0 for the others */
    int64_t month_day; /* monthly: 1..31; VO_NULL for the others */
    int64_t created_by, created_at;
    int64_t stopped_at; /* VO_NULL while the rule runs */
};

/* One notification of a user's inbox. key makes it unique per user
 * (vo_store_notification_add); at is the instant it is about (a task's
 * due time; VO_NULL for an assignment); actor_id who caused it (0 = the
 * system); payload a JSON object (text) of the details. */
struct vo_notification {
    int64_t id, org_id, user_id;
    enum vo_notify_kind kind;
    const char *key;
    const char *object; /* "task", "deal", "client" */
    int64_t object_id;
    const char *title;
    int64_t at, actor_id;
    const char *payload;
    int64_t created_at, read_at; /* read_at VO_NULL while unread */
};

/* One move of a task's due time (the reschedule use case). */
struct vo_task_reschedule {
    int64_t id, org_id, task_id, user_id, at, from_due, to_due;
    const char *reason; /* NULL when none was given */
};

struct vo_payment {
    int64_t id, org_id;
    const char *ext_id;
    int64_t amount, paid_at, deal_id, client_id;
    int64_t rev;
    int64_t updated_at; /* last created or changed (UTC seconds; the store keeps it) */
};

struct vo_plan {
    int64_t id, org_id;
    int year, month;
    enum vo_scope_kind scope_kind;
    int64_t scope_id; /* team or user id; 0 for the org */
    enum vo_metric metric;
    int64_t target; /* in the metric's unit (vo_metric_unit) */
    int64_t rev;
};

struct vo_spend {
    int64_t id, org_id;
    const char *channel;
    int year, month;
    int64_t amount;
};

struct vo_nps {
    int64_t id, org_id, client_id;
    int score;
    int64_t at;
    const char *comment;
};

struct vo_holiday {
    int64_t id, org_id;
    int y, m, d;
    enum vo_day_kind kind;
    const char *name;
};

struct vo_session {
    int64_t id, org_id, user_id;
    const char *csrf; /* the token a cookie-authenticated mutation must echo */
    int64_t created_at, seen_at, expires_at;
};

struct vo_api_token {
    int64_t id, org_id, user_id;
    const char *name;
    int64_t created_at, created_by;
    int64_t used_at, revoked_at; /* VO_NULL when never / not */
    unsigned scopes;             /* VO_SCOPE_* bits (service/auth.h) */
    int64_t expires_at;          /* VO_NULL: never */
};

/* ---- The bounds of every number and text that comes in (docs/api-crm.md
 * "Limits"): one table each in model.c, read by the record validations
 * below, which the API, the import and the CLI all call, and by the API's
 * readers of a single field. ---- */

/* The largest amount of money anywhere (a deal, a payment, a price, a
 * spend, a money plan): 10^15 minor units, 10 trillion roubles. A sum of
 * 9,000 such amounts still fits in int64 (base/checked.h checks anyway). */
#define VO_AMOUNT_MAX INT64_C(1000000000000000)

enum vo_num {
    VO_NUM_AMOUNT,         /* a deal's amount, a price, spend: 0..VO_AMOUNT_MAX */
    VO_NUM_PAYMENT,        /* a payment: 1..VO_AMOUNT_MAX */
    VO_NUM_DURATION,       /* a call's duration_s: 0..604800 (a week) */
    VO_NUM_MAX_DAYS,       /* a stage's max_days: 1..3650 */
    VO_NUM_POSITION,       /* a stage's position: 1..1000 */
    VO_NUM_ID,             /* an id given as a reference: 1..INT64_MAX */
    VO_NUM_SCORE,          /* an NPS score: 0..10 */
    VO_NUM_TARGET_COUNT,   /* a plan of a count metric: 0..10^9 */
    VO_NUM_TARGET_MINUTES, /* a plan of call minutes: 0..10^9 */
    VO_NUM_TARGET_MONEY,   /* a plan in money: 0..VO_AMOUNT_MAX */
    VO_NUM_TARGET_RATIO,   /* a conversion plan in basis points: 0..10000 */
    VO_NUM__COUNT
};
/* VO_OK when v is within the bounds of k, else VO_EINVAL naming field and
 * the range. VO_NULL is out of every range. */
vo_err vo_num_check(enum vo_num k, int64_t v, const char *field, struct vo_error *e);
/* The bounds of k (for documentation and tests). */
void vo_num_range(enum vo_num k, int64_t *min, int64_t *max);
/* The bound of metric m's plan target (its unit's). */
enum vo_num vo_num_of_target(enum vo_metric m);

/* Texts, counted in characters (UTF-8 code points, not bytes). */
enum vo_text {
    VO_TEXT_NAME,  /* a person, team, pipeline, stage, product, holiday, the org: 200 */
    VO_TEXT_TITLE, /* a deal's or task's title, a client's name, a loss reason: 500 */
    VO_TEXT_LABEL, /* channel, source, region, segment, a product's category: 200 */
    VO_TEXT_NOTE,  /* an activity's outcome, an NPS comment: 5000 */
    VO_TEXT_EMAIL, /* an email: 254 */
    VO_TEXT_URL,   /* a recording's URL: 2000 */
    VO_TEXT_KEY,   /* an external id (the import's id columns): 200 */
    VO_TEXT_PHONE, /* a phone as typed (model/requisites.h): 50 */
    VO_TEXT__COUNT
};
/* VO_OK when s is NULL (absent: whether it is required is the caller's
 * rule) or valid UTF-8 of at most k's characters; VO_EINVAL naming field
 * otherwise (invalid UTF-8 is refused, never stored). */
vo_err vo_text_check(enum vo_text k, const char *s, const char *field, struct vo_error *e);
/* The same, and s must be there and not empty ("%s is required"). */
vo_err vo_text_required(enum vo_text k, const char *s, const char *field, struct vo_error *e);
/* The most characters a text of k holds. */
size_t vo_text_max(enum vo_text k);

/* Validation of a whole record before it is stored. Each returns VO_OK or
 * VO_EINVAL naming the first bad field: required fields, the bounds above
 * for every number and text of the record, and the record's own rules. */
vo_err vo_user_validate(const struct vo_user *u, struct vo_error *e);
vo_err vo_client_validate(const struct vo_client *c, struct vo_error *e);
vo_err vo_deal_validate(const struct vo_deal *d, struct vo_error *e);
vo_err vo_activity_validate(const struct vo_activity *a, struct vo_error *e);
vo_err vo_task_validate(const struct vo_task *t, struct vo_error *e);
/* The fields a rule needs and only those (VO_EINVAL naming the field). */
vo_err vo_task_recurrence_validate(const struct vo_task_recurrence *r, struct vo_error *e);
vo_err vo_payment_validate(const struct vo_payment *p, struct vo_error *e);
vo_err vo_nps_validate(const struct vo_nps *n, struct vo_error *e);
vo_err vo_stage_validate(const struct vo_stage *s, struct vo_error *e);
vo_err vo_product_validate(const struct vo_product *p, struct vo_error *e);
vo_err vo_plan_validate(const struct vo_plan *p, struct vo_error *e);
vo_err vo_spend_validate(const struct vo_spend *s, struct vo_error *e);
vo_err vo_holiday_validate(const struct vo_holiday *h, struct vo_error *e);

/* Normalises an email in place to lower case and checks its shape
 * (one @, something on both sides, a dot in the domain). */
vo_err vo_email_normalize(char *email, const char *field, struct vo_error *e);

#endif
