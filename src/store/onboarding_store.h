/*
 * onboarding_store.h - onboarding (onboarding_store.c; issue 14, item 2;
 * docs/onboarding.md; migration 28): the checklist template of each role,
 * the newcomers' plans and their items. Every statement names the org;
 * writes run inside the caller's transaction. Strings in the arena given;
 * dates are YYYY-MM-DD texts, instants UTC seconds (VO_NULL: not set).
 */
#ifndef VO_STORE_ONBOARDING_STORE_H
#define VO_STORE_ONBOARDING_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

struct vo_store;

/* An item of a role's template. */
struct vo_onb_template_item {
    int64_t position; /* 1..n */
    const char *title;
    const char *kind;           /* product, crm, scripts, calls_with_mentor, attestation, other */
    int64_t due_day;            /* days from the start date, 0..365 */
    int64_t document_id;        /* 0: none */
    const char *document_title; /* read only, NULL: none */
};

/* The template of role ("manager" or "head"), by position (none: n 0). */
vo_err vo_store_onb_template(struct vo_store *st, int64_t org, const char *role, struct vo_arena *a,
                             struct vo_onb_template_item **out, size_t *n, struct vo_error *e);
/* Replaces the template of role with v[0..n) (positions 1..n). */
vo_err vo_store_onb_template_put(struct vo_store *st, int64_t org, const char *role,
                                 const struct vo_onb_template_item *v, size_t n,
                                 struct vo_error *e);

struct vo_onb_plan {
    int64_t id, org_id, user_id;
    int64_t mentor_id;      /* 0: none */
    const char *role;       /* the template's: manager or head */
    const char *start_date; /* YYYY-MM-DD */
    const char *status;     /* open, closed */
    int64_t closed_at;      /* VO_NULL while open */
    int64_t closed_by;      /* 0: the operator or none */
    int64_t created_by, created_at;
    const char *user_name, *mentor_name; /* read only; mentor_name NULL: none */
};

struct vo_onb_filter {
    int64_t user_id, mentor_id; /* 0: any */
    const char *status;         /* NULL: any */
};

/* The plans of f, open first, then the latest start first. */
vo_err vo_store_onb_plan_list(struct vo_store *st, int64_t org, const struct vo_onb_filter *f,
                              struct vo_arena *a, struct vo_onb_plan **out, size_t *n,
                              struct vo_error *e);
/* One (VO_ENOTFOUND "no onboarding plan <id>" naming "id"). */
vo_err vo_store_onb_plan_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                             struct vo_onb_plan *out, struct vo_error *e);
/* Inserts x (x->id set); a user with a plan already is VO_ECONFLICT. */
vo_err vo_store_onb_plan_insert(struct vo_store *st, struct vo_onb_plan *x, struct vo_error *e);
/* Stores x's mentor, status, closed_at and closed_by. */
vo_err vo_store_onb_plan_update(struct vo_store *st, const struct vo_onb_plan *x,
                                struct vo_error *e);

struct vo_onb_item {
    int64_t plan_id, position;
    const char *title, *kind;
    const char *due_date;                      /* YYYY-MM-DD */
    int64_t document_id;                       /* 0: none */
    int64_t done_at;                           /* VO_NULL: not done */
    int64_t done_by;                           /* 0: the operator or not done */
    const char *document_title, *done_by_name; /* read only, NULL: none */
};

/* The items of plan (0: of every plan of the org), by plan and position. */
vo_err vo_store_onb_items(struct vo_store *st, int64_t org, int64_t plan, struct vo_arena *a,
                          struct vo_onb_item **out, size_t *n, struct vo_error *e);
/* Inserts the items v[0..n) of plan (their position, title, kind,
 * due_date, document_id). */
vo_err vo_store_onb_items_add(struct vo_store *st, int64_t org, int64_t plan,
                              const struct vo_onb_item *v, size_t n, struct vo_error *e);
/* Sets item position of plan done at done_at by done_by (done_at VO_NULL:
 * not done); no such item is VO_ENOTFOUND naming "n". */
vo_err vo_store_onb_item_mark(struct vo_store *st, int64_t org, int64_t plan, int64_t position,
                              int64_t done_at, int64_t done_by, struct vo_error *e);

#endif
