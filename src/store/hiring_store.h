/*
 * hiring_store.h - hiring (issue 14, item 1; docs/hiring.md; migration 24
 * of this branch, 26 after the merge): the org's vacancies, their
 * candidates (with the CV kept in the row as a blob), the log of the
 * candidates' stage changes, the org's scorecard criteria and the scores
 * interviewers gave. Every statement names the org; a write runs inside
 * the caller's transaction. Strings and lists are copied into the arena
 * given; instants are UTC seconds, VO_NULL when not set.
 */
#ifndef VO_STORE_HIRING_STORE_H
#define VO_STORE_HIRING_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"

struct vo_store;

struct vo_vacancy {
    int64_t id, org_id;
    const char *title;       /* 1..200 characters */
    const char *team;        /* the team hired into, NULL: none */
    int64_t openings;        /* 1..100 */
    const char *status;      /* "open" or "closed" */
    const char *description; /* "" when none */
    int64_t created_by, created_at;
    int64_t closed_at; /* VO_NULL while open */
    int64_t updated_at;
    int64_t candidates, hired; /* read only: its candidates, and those hired */
};

/* The vacancies (status NULL: any), open first, newest first. */
vo_err vo_store_vacancy_list(struct vo_store *st, int64_t org, const char *status,
                             struct vo_arena *a, struct vo_vacancy **out, size_t *n,
                             struct vo_error *e);
/* One vacancy (VO_ENOTFOUND "no vacancy <id>" naming "id"). */
vo_err vo_store_vacancy_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                            struct vo_vacancy *out, struct vo_error *e);
/* Inserts x (x->id set). */
vo_err vo_store_vacancy_insert(struct vo_store *st, struct vo_vacancy *x, struct vo_error *e);
/* Stores x's title, team, openings, status, description, closed_at and
 * updated_at. */
vo_err vo_store_vacancy_update(struct vo_store *st, const struct vo_vacancy *x, struct vo_error *e);

struct vo_candidate {
    int64_t id, org_id, vacancy_id;
    const char *vacancy_title;                 /* read only */
    const char *name, *email, *phone, *source; /* email, phone, source: NULL when none */
    const char *stage;                         /* response .. hired, rejected */
    const char *reject_reason;                 /* NULL unless rejected */
    const char *notes;                         /* "" when none */
    const char *cv_name, *cv_type;             /* NULL: no CV */
    int64_t cv_size;
    int64_t stage_since;
    int64_t hired_user_id;  /* 0 until hired */
    const char *start_date; /* YYYY-MM-DD given at the hire, NULL: none */
    int64_t created_by, created_at, updated_at;
};

struct vo_candidate_filter {
    int64_t vacancy_id; /* 0: any */
    const char *stage;  /* NULL: any */
    const char *source; /* NULL: any */
    const char *q;      /* NULL: any; a part of the name, email or phone (ASCII case) */
};

/* The candidates of f, by vacancy, then newest first. */
vo_err vo_store_candidate_list(struct vo_store *st, int64_t org,
                               const struct vo_candidate_filter *f, struct vo_arena *a,
                               struct vo_candidate **out, size_t *n, struct vo_error *e);
/* One candidate without its CV's bytes (VO_ENOTFOUND "no candidate <id>"
 * naming "id"). */
vo_err vo_store_candidate_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                              struct vo_candidate *out, struct vo_error *e);
/* Inserts x without a CV (x->id set). */
vo_err vo_store_candidate_insert(struct vo_store *st, struct vo_candidate *x, struct vo_error *e);
/* Stores everything of x but its CV and creation. */
vo_err vo_store_candidate_update(struct vo_store *st, const struct vo_candidate *x,
                                 struct vo_error *e);
/* Replaces the CV of candidate id: len bytes of data (borrowed), its file
 * name and content type; updated_at = now. */
vo_err vo_store_candidate_cv_put(struct vo_store *st, int64_t org, int64_t id, const char *name,
                                 const char *type, const void *data, size_t len, int64_t now,
                                 struct vo_error *e);
/* The CV of candidate id, its bytes copied into a (*data NULL and *len 0
 * when it has none). */
vo_err vo_store_candidate_cv_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                 const void **data, size_t *len, struct vo_error *e);

struct vo_candidate_move {
    int64_t candidate_id;
    const char *from_stage; /* NULL: the candidate's creation */
    const char *to_stage;
    int64_t at, by;
};
/* Logs a stage change. */
vo_err vo_store_candidate_move_add(struct vo_store *st, int64_t org,
                                   const struct vo_candidate_move *m, struct vo_error *e);
/* The stage changes of every candidate of the org, by candidate, then in
 * time order. */
vo_err vo_store_candidate_moves(struct vo_store *st, int64_t org, struct vo_arena *a,
                                struct vo_candidate_move **out, size_t *n, struct vo_error *e);

struct vo_hiring_criterion {
    int64_t id, org_id;
    const char *name; /* 1..200 characters, unique in the org */
    int64_t position;
    bool archived;
};
/* The org's criteria, by position and id (archived ones too). */
vo_err vo_store_hiring_criteria(struct vo_store *st, int64_t org, struct vo_arena *a,
                                struct vo_hiring_criterion **out, size_t *n, struct vo_error *e);
/* Gives an org without any criterion the default set (Мотивация,
 * Коммуникация, Работа с возражениями, Опыт продаж, Обучаемость); *made
 * says whether it did. */
vo_err vo_store_hiring_criteria_defaults(struct vo_store *st, int64_t org, bool *made,
                                         struct vo_error *e);
vo_err vo_store_hiring_criterion_get(struct vo_store *st, int64_t org, int64_t id,
                                     struct vo_arena *a, struct vo_hiring_criterion *out,
                                     struct vo_error *e);
/* Inserts x (x->id set); a name the org has is VO_ECONFLICT. */
vo_err vo_store_hiring_criterion_insert(struct vo_store *st, struct vo_hiring_criterion *x,
                                        struct vo_error *e);
vo_err vo_store_hiring_criterion_update(struct vo_store *st, const struct vo_hiring_criterion *x,
                                        struct vo_error *e);

struct vo_candidate_score {
    int64_t id, candidate_id, user_id;
    const char *user_name; /* read only */
    const char *kind;      /* "interview" or "final" */
    int64_t criterion_id;
    const char *criterion; /* read only: its name */
    int64_t score;         /* 1..5 */
    const char *comment;   /* "" when none */
    int64_t at;
};
/* Stores a score, replacing the one of the same interviewer, kind and
 * criterion. */
vo_err vo_store_candidate_score_put(struct vo_store *st, int64_t org,
                                    const struct vo_candidate_score *x, struct vo_error *e);
/* The scores of candidate id, by kind, interviewer, criterion's position. */
vo_err vo_store_candidate_scores(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                                 struct vo_candidate_score **out, size_t *n, struct vo_error *e);

#endif
