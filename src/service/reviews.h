/*
 * reviews.h - call and negotiation reviews, ОКК (issue 14, item 5;
 * docs/reviews.md): the org's review checklists (a script's points, each
 * scored 0..its max_score, 1..10, default 2: 0 not done, 1 partly, 2
 * done), the head's review of a manager's call or meeting against one (the
 * activity or the recording reviewed, a score per item, strengths,
 * mistakes, a comment), and the averages: per manager, per checklist
 * item, by month, and the team's weakest items. The use cases behind
 * /api/v1/reviews and /api/v1/review-checklists.
 *
 * A review's score in percent is sum(scores) / sum(max_score) * 100; an
 * average is the mean of its reviews' exact ratios (each review weighs
 * the same); an item's average share the mean of score / max_score over
 * the reviews that scored it. Every percent is rounded half up to one
 * decimal (vo_review_pct) only when it is shown.
 *
 * Who: admin and head write checklists and reviews (VO_EPERM otherwise);
 * everyone signed in reads the checklists. The head, an admin and a viewer
 * read every review of the org; a manager only the reviews of which they
 * are the subject: asking for another user's list or summary is VO_EPERM
 * naming "user_id", another's review by id VO_ENOTFOUND. Each write is one
 * transaction with an audit row (review.create, .update, .delete,
 * review_checklist.create, .update).
 *
 * Bounds (VO_EINVAL naming the field): a checklist's name 1..200
 * characters, unique in the org (VO_ECONFLICT naming "name"), 1..50 items
 * (items[i].text 1..300 characters, items[i].max_score 1..10); the items
 * of a checklist some review scores by do not change (VO_ECONFLICT naming
 * "items"). A review's subject_id a head or manager of the org,
 * checklist_id a checklist not archived, kind call or meeting, activity_id
 * an activity of the subject, recording_url an http(s) address of up to
 * 2000 characters, strengths, mistakes, comment up to 2000 characters
 * each, and scores one whole number per item, in its order, each
 * 0..max_score (scores[i] names the bad one, a missing one too).
 */
#ifndef VO_SERVICE_REVIEWS_H
#define VO_SERVICE_REVIEWS_H

#include "service/service.h"
#include "store/review_store.h"

#define VO_REVIEW_NAME_MAX      200
#define VO_REVIEW_ITEM_TEXT_MAX 300
#define VO_REVIEW_ITEMS_MAX     50
#define VO_REVIEW_MAX_SCORE     10
#define VO_REVIEW_DEFAULT_MAX   2
#define VO_REVIEW_TEXT_MAX      2000
#define VO_REVIEW_URL_MAX       2000

/* A ratio num / den as a percent rounded half up to one decimal (0 when
 * den is 0). */
double vo_review_pct(double num, double den);

/* A checklist with its items (by position). */
struct vo_review_checklist_full {
    struct vo_review_checklist c;
    struct vo_review_item *items;
    size_t n;
};

enum {
    VO_RCL_SET_NAME = 1 << 0,
    VO_RCL_SET_ARCHIVED = 1 << 1,
    VO_RCL_SET_ITEMS = 1 << 2,
};
/* What a checklist is given; an update changes the members `set` names.
 * items[i].max_score 0 is the default (2). */
struct vo_review_checklist_input {
    unsigned set;
    const char *name;
    bool archived;
    struct vo_review_item *items;
    size_t n;
};

/* Every checklist of the org with its items, by name. */
vo_err vo_svc_review_checklist_list(struct vo_svc *svc, struct vo_review_checklist_full **out,
                                    size_t *n, struct vo_error *e);
vo_err vo_svc_review_checklist_get(struct vo_svc *svc, int64_t id,
                                   struct vo_review_checklist_full *out, struct vo_error *e);
vo_err vo_svc_review_checklist_create(struct vo_svc *svc,
                                      const struct vo_review_checklist_input *in, int64_t *id,
                                      struct vo_error *e);
vo_err vo_svc_review_checklist_update(struct vo_svc *svc, int64_t id,
                                      const struct vo_review_checklist_input *in,
                                      struct vo_error *e);

/* A review with its scores, each beside its item's text. */
struct vo_review_line {
    int64_t position, score, max_score;
    const char *text;
};
struct vo_review_full {
    struct vo_review r;
    struct vo_review_line *lines;
    size_t n;
};

enum {
    VO_REVIEW_SET_KIND = 1 << 0,
    VO_REVIEW_SET_ACTIVITY = 1 << 1,
    VO_REVIEW_SET_RECORDING = 1 << 2,
    VO_REVIEW_SET_AT = 1 << 3,
    VO_REVIEW_SET_STRENGTHS = 1 << 4,
    VO_REVIEW_SET_MISTAKES = 1 << 5,
    VO_REVIEW_SET_COMMENT = 1 << 6,
    VO_REVIEW_SET_SCORES = 1 << 7,
};
/* What a review is given; an update changes the members `set` names
 * (subject and checklist are a create's only). scores[i] VO_NULL: item i
 * not scored. */
struct vo_review_input {
    unsigned set;
    int64_t subject_id, checklist_id;
    const char *kind;          /* NULL: the activity's type, else call */
    int64_t activity_id;       /* 0: none */
    const char *recording_url; /* NULL or "": none */
    const char *reviewed_at;   /* NULL: the activity's time, else now */
    const char *strengths, *mistakes, *comment;
    const int64_t *scores;
    size_t nscores;
};

/* The reviews of f the actor may read (a manager: their own; f->subject
 * another's is VO_EPERM naming "user_id"), newest first. */
vo_err vo_svc_review_list(struct vo_svc *svc, struct vo_review_filter f, struct vo_review **out,
                          size_t *n, struct vo_error *e);
vo_err vo_svc_review_get(struct vo_svc *svc, int64_t id, struct vo_review_full *out,
                         struct vo_error *e);
vo_err vo_svc_review_create(struct vo_svc *svc, const struct vo_review_input *in, int64_t *id,
                            struct vo_error *e);
vo_err vo_svc_review_update(struct vo_svc *svc, int64_t id, const struct vo_review_input *in,
                            struct vo_error *e);
vo_err vo_svc_review_delete(struct vo_svc *svc, int64_t id, struct vo_error *e);

/* The averages of a period. Percents are vo_review_pct's. */
struct vo_review_manager_avg {
    int64_t user_id;
    const char *name;
    int64_t count;
    double avg_pct;
};
struct vo_review_item_avg {
    int64_t checklist_id;
    const char *checklist;
    int64_t position;
    const char *text;
    int64_t max_score, count;
    double avg_score, avg_pct;
};
struct vo_review_month {
    char month[8]; /* YYYY-MM, the org's zone */
    int64_t count;
    double avg_pct;
};
struct vo_review_summary {
    int64_t user_id; /* 0: the team (everyone the actor reads) */
    int64_t count;
    double avg_pct;
    struct vo_review_manager_avg *managers; /* by name */
    size_t nmanagers;
    struct vo_review_item_avg *items; /* by checklist, position */
    size_t nitems;
    struct vo_review_item_avg *weakest; /* the 3 lowest avg_pct (then checklist, position) */
    size_t nweakest;
    struct vo_review_month *months; /* in order, the months that have reviews */
    size_t nmonths;
};
/* The summary of the reviews reviewed in [from, to) of user (0: the team;
 * a manager: their own, another user is VO_EPERM naming "user_id"). */
vo_err vo_svc_review_summary(struct vo_svc *svc, int64_t from, int64_t to, int64_t user,
                             struct vo_review_summary *out, struct vo_error *e);

#endif
