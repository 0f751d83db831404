/*
 * attestation_store.h - attestation (attestation_store.c; issue 14, item
 * 6; docs/attestations.md): the org's tests with their questions, the
 * assignments (one per user and test, a due day), the attempts and their
 * answers. Every statement names the org; writes run inside the
 * caller's transaction. Strings in the arena.
 */
#ifndef VO_STORE_ATTESTATION_STORE_H
#define VO_STORE_ATTESTATION_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

struct vo_att {
    int64_t id, org_id;
    const char *title, *description;
    int64_t pass_pct, max_attempts;
    int64_t time_limit; /* minutes; 0: none */
    bool archived;
    int64_t created_at;
    int64_t attempts; /* read only: how many attempts were started */
};

/* A question: options and correct are JSON arrays' texts (of strings, of
 * option indices from 0). */
struct vo_att_question {
    int64_t attestation_id, position;
    const char *topic, *kind, *text, *options, *correct;
    int64_t points;
};

vo_err vo_store_att_list(struct vo_store *st, int64_t org, struct vo_arena *a, struct vo_att **out,
                         size_t *n, struct vo_error *e);
/* One (VO_ENOTFOUND "no attestation <id>" naming "id"). */
vo_err vo_store_att_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                        struct vo_att *out, struct vo_error *e);
/* Inserts x (x->id set); a title taken is VO_ECONFLICT. */
vo_err vo_store_att_insert(struct vo_store *st, struct vo_att *x, struct vo_error *e);
vo_err vo_store_att_update(struct vo_store *st, const struct vo_att *x, struct vo_error *e);
/* The questions of test att (0: of every test of the org), by test and
 * position. */
vo_err vo_store_att_questions(struct vo_store *st, int64_t org, int64_t att, struct vo_arena *a,
                              struct vo_att_question **out, size_t *n, struct vo_error *e);
/* Replaces the questions of att with v[0..n) (positions 1..n). */
vo_err vo_store_att_questions_put(struct vo_store *st, int64_t org, int64_t att,
                                  const struct vo_att_question *v, size_t n, struct vo_error *e);

struct vo_att_assignment {
    int64_t id, org_id, attestation_id, user_id;
    const char *due; /* YYYY-MM-DD, the org's day */
    int64_t assigned_by, created_at;
    /* read only */
    const char *title, *user_name;
    int64_t attempts, passed; /* attempts started; passed ones */
};

/* The assignments of test att (0: any) and of user (0: anyone's), by due
 * day, then title and name. */
vo_err vo_store_att_assignments(struct vo_store *st, int64_t org, int64_t att, int64_t user,
                                struct vo_arena *a, struct vo_att_assignment **out, size_t *n,
                                struct vo_error *e);
/* The assignments due before day (YYYY-MM-DD) with no passed attempt, of
 * user (0: anyone's), by due day, then name. */
vo_err vo_store_att_overdue(struct vo_store *st, int64_t org, const char *day, int64_t user,
                            struct vo_arena *a, struct vo_att_assignment **out, size_t *n,
                            struct vo_error *e);
/* Inserts x, or moves the due day of the user's assignment of the test
 * (x->id set either way; *created says which). */
vo_err vo_store_att_assign(struct vo_store *st, struct vo_att_assignment *x, bool *created,
                           struct vo_error *e);

struct vo_att_attempt {
    int64_t id, org_id, attestation_id, user_id;
    int64_t started_at, deadline, submitted_at; /* 0: none, not yet */
    int64_t score, max_score, pending;
    int64_t passed; /* VO_NULL while answers wait for a score, else 0 / 1 */
    /* read only */
    const char *title, *user_name;
};

struct vo_att_attempt_filter {
    int64_t user, att; /* 0: any */
    bool pending;      /* those with free answers to score only */
};

/* The attempts of f, newest first, at most 1000. */
vo_err vo_store_att_attempts(struct vo_store *st, int64_t org,
                             const struct vo_att_attempt_filter *f, struct vo_arena *a,
                             struct vo_att_attempt **out, size_t *n, struct vo_error *e);
/* One (VO_ENOTFOUND "no attestation attempt <id>" naming "id"). */
vo_err vo_store_att_attempt_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                struct vo_att_attempt *out, struct vo_error *e);
vo_err vo_store_att_attempt_insert(struct vo_store *st, struct vo_att_attempt *x,
                                   struct vo_error *e);
/* Stores x's submitted_at, score, max_score, pending and passed. */
vo_err vo_store_att_attempt_update(struct vo_store *st, const struct vo_att_attempt *x,
                                   struct vo_error *e);

/* An answer: choice a JSON array's text of option indices; points
 * VO_NULL while not scored. */
struct vo_att_answer {
    int64_t attempt_id, position;
    const char *choice, *text;
    int64_t points;
    const char *comment;
};

/* The answers of attempt, by position. */
vo_err vo_store_att_answers(struct vo_store *st, int64_t org, int64_t attempt, struct vo_arena *a,
                            struct vo_att_answer **out, size_t *n, struct vo_error *e);
/* Stores x (the attempt's answer at its position, replaced). */
vo_err vo_store_att_answer_put(struct vo_store *st, int64_t org, const struct vo_att_answer *x,
                               struct vo_error *e);

#endif
