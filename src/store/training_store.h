/*
 * training_store.h - trainings (training_store.c; issue 14, item 4;
 * docs/trainings.md): the org's training events with their materials
 * (library documents) and attendees (with attendance). Every statement
 * names the org; writes run inside the caller's transaction. Strings in
 * the arena.
 */
#ifndef VO_STORE_TRAINING_STORE_H
#define VO_STORE_TRAINING_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

struct vo_training {
    int64_t id, org_id;
    const char *kind;  /* pair, negotiation_review, reading, course, speaker, product */
    const char *topic; /* 1..200 characters */
    const char *description;
    int64_t starts_at, duration_min;
    int64_t trainer_id;       /* 0: none (or an external trainer_name) */
    const char *trainer_name; /* an external trainer; NULL: none */
    const char *place;        /* a room or a link; "" when none */
    const char *status;       /* planned, held, cancelled */
    int64_t meeting_id;       /* 0: in no weekly meeting's block */
    int64_t created_by;       /* 0: the operator */
    int64_t created_at, updated_at;
    /* read only: the trainer user's name (NULL without one) */
    const char *trainer_user;
};

/* A training's attendee and their attendance (invited, attended, absent). */
struct vo_training_person {
    int64_t training_id, user_id;
    const char *name;
    const char *attendance;
};

/* A training's material: a library document and its title. */
struct vo_training_material {
    int64_t training_id, document_id, position;
    const char *title;
};

/* The filter of a listing: 0 / NULL members mean any. */
struct vo_training_filter {
    int64_t from, to; /* starts_at in [from, to) */
    int64_t user;     /* the trainings user attends */
    const char *kind; /* of this kind */
    int64_t meeting;  /* in this meeting's block */
};

/* The trainings of f, by start (then id), at most 1000. */
vo_err vo_store_training_list(struct vo_store *st, int64_t org, const struct vo_training_filter *f,
                              struct vo_arena *a, struct vo_training **out, size_t *n,
                              struct vo_error *e);
/* One (VO_ENOTFOUND "no training <id>" naming "id"). */
vo_err vo_store_training_get(struct vo_store *st, int64_t org, int64_t id, struct vo_arena *a,
                             struct vo_training *out, struct vo_error *e);
/* Inserts x (x->id set). */
vo_err vo_store_training_insert(struct vo_store *st, struct vo_training *x, struct vo_error *e);
/* Stores every member of x but its id, org, creator and creation. */
vo_err vo_store_training_update(struct vo_store *st, const struct vo_training *x,
                                struct vo_error *e);
/* The attendees of the trainings of f (training 0) or of training alone,
 * by training and name. */
vo_err vo_store_training_people(struct vo_store *st, int64_t org,
                                const struct vo_training_filter *f, int64_t training,
                                struct vo_arena *a, struct vo_training_person **out, size_t *n,
                                struct vo_error *e);
/* Replaces the attendees of training with v[0..n) (their user and
 * attendance). */
vo_err vo_store_training_people_put(struct vo_store *st, int64_t org, int64_t training,
                                    const struct vo_training_person *v, size_t n,
                                    struct vo_error *e);
/* The materials of the trainings of f (training 0) or of training alone,
 * by training and position. */
vo_err vo_store_training_materials(struct vo_store *st, int64_t org,
                                   const struct vo_training_filter *f, int64_t training,
                                   struct vo_arena *a, struct vo_training_material **out, size_t *n,
                                   struct vo_error *e);
/* Replaces the materials of training with the documents ids[0..n). */
vo_err vo_store_training_materials_put(struct vo_store *st, int64_t org, int64_t training,
                                       const int64_t *ids, size_t n, struct vo_error *e);

#endif
