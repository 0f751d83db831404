/*
 * review_store.h - call and negotiation reviews (review_store.c; issue
 * 14, item 5; docs/reviews.md): the org's review checklists with their
 * items, the reviews and their scores. Every statement names the org;
 * writes run inside the caller's transaction. Strings in the arena.
 */
#ifndef VO_STORE_REVIEW_STORE_H
#define VO_STORE_REVIEW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

/* An item of a checklist: its position (1..n), text and the most it scores. */
struct vo_review_item {
    int64_t checklist_id;
    int64_t position;
    const char *text;
    int64_t max_score;
};

struct vo_review_checklist {
    int64_t id, org_id;
    const char *name;
    bool archived;
    int64_t created_at;
    int64_t used; /* how many reviews score by it (read only) */
};

/* The org's checklists, by name. */
vo_err vo_store_review_checklist_list(struct vo_store *st, int64_t org, struct vo_arena *a,
                                      struct vo_review_checklist **out, size_t *n,
                                      struct vo_error *e);
/* One (VO_ENOTFOUND "no review checklist <id>" naming "id"). */
vo_err vo_store_review_checklist_get(struct vo_store *st, int64_t org, int64_t id,
                                     struct vo_arena *a, struct vo_review_checklist *out,
                                     struct vo_error *e);
/* Inserts x (x->id set); a name taken is VO_ECONFLICT. */
vo_err vo_store_review_checklist_insert(struct vo_store *st, struct vo_review_checklist *x,
                                        struct vo_error *e);
/* Stores x's name and archived flag. */
vo_err vo_store_review_checklist_update(struct vo_store *st, const struct vo_review_checklist *x,
                                        struct vo_error *e);
/* The items of checklist (0: of every checklist of the org), by
 * checklist and position. */
vo_err vo_store_review_items(struct vo_store *st, int64_t org, int64_t checklist,
                             struct vo_arena *a, struct vo_review_item **out, size_t *n,
                             struct vo_error *e);
/* Replaces the items of checklist with v[0..n) (positions 1..n). */
vo_err vo_store_review_items_put(struct vo_store *st, int64_t org, int64_t checklist,
                                 const struct vo_review_item *v, size_t n, struct vo_error *e);

struct vo_review {
    int64_t id, org_id;
    int64_t subject_id;  /* the manager reviewed */
    int64_t reviewer_id; /* 0: the operator (CLI) */
    int64_t checklist_id;
    const char *kind;          /* call, meeting */
    int64_t activity_id;       /* 0: none */
    const char *recording_url; /* NULL: none */
    int64_t reviewed_at;
    const char *strengths, *mistakes, *comment; /* "" when empty */
    int64_t created_at;
    /* read only: the sums of the scores and of their max_score, the names */
    int64_t score, max_total;
    const char *subject_name, *reviewer_name, *checklist_name;
};

/* A review's score of one item, as stored (max_score kept with it). */
struct vo_review_score {
    int64_t review_id, subject_id, checklist_id, reviewed_at;
    int64_t position, score, max_score;
};

/* The filter of a listing: 0 / VO_NULL-free bounds mean any. */
struct vo_review_filter {
    int64_t subject;   /* 0: anyone's */
    int64_t checklist; /* 0: by any checklist */
    int64_t from, to;  /* reviewed_at in [from, to) */
};

/* The reviews of f, newest first (reviewed_at, then id), at most 1000. */
vo_err vo_store_review_list(struct vo_store *st, int64_t org, const struct vo_review_filter *f,
                            struct vo_arena *a, struct vo_review **out, size_t *n,
                            struct vo_error *e);
/* One (VO_ENOTFOUND "no review <id>" naming "id"). */
vo_err vo_store_review_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                           struct vo_review *out, struct vo_error *e);
/* The scores of every review of f (review 0) or of review id alone, by
 * review and position. */
vo_err vo_store_review_scores(struct vo_store *st, int64_t org, const struct vo_review_filter *f,
                              int64_t review, struct vo_arena *a, struct vo_review_score **out,
                              size_t *n, struct vo_error *e);
/* Inserts x (x->id set). */
vo_err vo_store_review_insert(struct vo_store *st, struct vo_review *x, struct vo_error *e);
/* Stores x's kind, activity, recording, reviewed_at and texts. */
vo_err vo_store_review_update(struct vo_store *st, const struct vo_review *x, struct vo_error *e);
/* Replaces the scores of review with v[0..n) (their position, score,
 * max_score). */
vo_err vo_store_review_scores_put(struct vo_store *st, int64_t org, int64_t review,
                                  const struct vo_review_score *v, size_t n, struct vo_error *e);
/* Deletes a review and its scores. */
vo_err vo_store_review_delete(struct vo_store *st, int64_t org, int64_t id, struct vo_error *e);

#endif
