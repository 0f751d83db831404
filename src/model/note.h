/*
 * note.h - a note on a deal or a client (plain text with line breaks, no
 * markup) and one item of a deal's or a client's timeline.
 */
#ifndef VO_MODEL_NOTE_H
#define VO_MODEL_NOTE_H

#include <stdint.h>

#include "base/err.h"

struct vo_note {
    int64_t id, org_id;
    int64_t deal_id, client_id; /* exactly one of them is set */
    int64_t author_id;
    const char *text;
    int64_t created_at;
    int64_t edited_at; /* VO_NULL when never edited */
};

/* VO_OK, or VO_EINVAL naming "text" (required, at most a note's 5000
 * characters of model.h's text table). */
vo_err vo_note_validate(const struct vo_note *n, struct vo_error *e);

/* One item of a timeline (store/timeline_store.c says where each kind comes
 * from). Strings borrowed. */
struct vo_timeline_item {
    const char *kind; /* stage, activity, note, task_created, task_done,
                         payment, deal_created, client_created, won, lost,
                         reopened, changed */
    int64_t at;
    int64_t user_id;  /* 0 = none */
    const char *user; /* the user's name, NULL when none */
    int64_t id;       /* the item's own row: a stage change, activity,
                         note, task, payment or audit row */
    int64_t deal_id;  /* 0 = the client's own item */
    const char *text; /* stage name, outcome, note, task title, loss
                         reason, audit detail, deal title; NULL = none */
    const char *type; /* an activity's type */
    int64_t num;      /* duration_s, a payment's amount, a note's
                         edited_at; VO_NULL = none */
};

#endif
