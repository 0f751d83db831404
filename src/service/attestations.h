/*
 * attestations.h - attestation (issue 14, item 6; docs/attestations.md):
 * tests of questions (single or multiple choice, or a free answer the
 * head scores) on product, CRM, selling and other topics, with a pass
 * mark, 1..10 attempts and an optional time limit; assignments to a
 * person or a whole team with a due day; attempts, their answers and
 * scores; the results per topic; the overdue assignments of the daily.
 * The use cases behind /api/v1/attestations, /api/v1/attestation-attempts,
 * /api/v1/attestation-assignments and /api/v1/attestation-results.
 *
 * Scoring: a single-choice question scores its points when the one
 * option chosen is the correct one; a multiple-choice question when the
 * set chosen is exactly the correct set (no partial credit); a free
 * answer waits for the head's score 0..points (an empty one scores 0 at
 * once). An attempt's percent is score / max_score * 100; it passed when
 * that is at least the pass mark, decided once nothing waits for a score.
 *
 * Who: admin and head write tests, assign them and score free answers
 * (VO_EPERM otherwise); they and a viewer read everything. A manager sees
 * the tests assigned to them (without the correct answers; another test
 * is VO_ENOTFOUND), takes them, and reads only their own attempts,
 * assignments and results: another user's collection is VO_EPERM naming
 * "user_id", another's attempt VO_ENOTFOUND. The questions of a test with
 * attempts do not change (VO_ECONFLICT naming "questions": make a new
 * test); its title, description, pass mark, attempts, time limit and
 * archived flag do.
 */
#ifndef VO_SERVICE_ATTESTATIONS_H
#define VO_SERVICE_ATTESTATIONS_H

#include "service/service.h"
#include "store/attestation_store.h"

#define VO_ATT_TITLE_MAX     200
#define VO_ATT_TEXT_MAX      2000
#define VO_ATT_ANSWER_MAX    5000
#define VO_ATT_QUESTIONS_MAX 100
#define VO_ATT_OPTIONS_MIN   2
#define VO_ATT_OPTIONS_MAX   10
#define VO_ATT_POINTS_MAX    100
#define VO_ATT_TIME_MAX      600

/* A question as given or shown: options[0..noptions), correct[0..ncorrect)
 * indices into them (hidden: NULL with ncorrect 0 and hide set). */
struct vo_att_q {
    int64_t position;
    const char *topic, *kind, *text;
    const char **options;
    size_t noptions;
    int64_t *correct;
    size_t ncorrect;
    int64_t points;
};

struct vo_att_full {
    struct vo_att t;
    struct vo_att_q *q;
    size_t nq;
    bool hidden; /* the correct answers are not shown (a manager) */
};

enum {
    VO_ATT_SET_TITLE = 1 << 0,
    VO_ATT_SET_DESCRIPTION = 1 << 1,
    VO_ATT_SET_PASS = 1 << 2,
    VO_ATT_SET_ATTEMPTS = 1 << 3,
    VO_ATT_SET_TIME = 1 << 4,
    VO_ATT_SET_ARCHIVED = 1 << 5,
    VO_ATT_SET_QUESTIONS = 1 << 6,
};
struct vo_att_input {
    unsigned set;
    const char *title, *description;
    int64_t pass_pct, max_attempts, time_limit; /* time_limit 0: none */
    bool archived;
    struct vo_att_q *q;
    size_t nq;
};

vo_err vo_svc_att_list(struct vo_svc *svc, struct vo_att_full **out, size_t *n, struct vo_error *e);
vo_err vo_svc_att_get(struct vo_svc *svc, int64_t id, struct vo_att_full *out, struct vo_error *e);
vo_err vo_svc_att_create(struct vo_svc *svc, const struct vo_att_input *in, int64_t *id,
                         struct vo_error *e);
vo_err vo_svc_att_update(struct vo_svc *svc, int64_t id, const struct vo_att_input *in,
                         struct vo_error *e);

/* Assigns test att to user (or, user 0, to every active head and manager
 * of team) due on the org's day due (YYYY-MM-DD); an assignment the user
 * has moves to the new day. Each assignee is notified. The assignments
 * made or moved into *out. */
vo_err vo_svc_att_assign(struct vo_svc *svc, int64_t att, int64_t user, int64_t team,
                         const char *due, struct vo_att_assignment **out, size_t *n,
                         struct vo_error *e);
/* The assignments of att (0: any) and user (0: anyone's; a manager their
 * own, another user VO_EPERM naming "user_id"). */
vo_err vo_svc_att_assignments(struct vo_svc *svc, int64_t att, int64_t user,
                              struct vo_att_assignment **out, size_t *n, struct vo_error *e);
/* An assignment's state on day: passed, overdue (due before day, not
 * passed) or open. */
const char *vo_att_assignment_state(const struct vo_att_assignment *x, const char *day);
/* The org's today (YYYY-MM-DD) into buf. */
const char *vo_att_today(struct vo_svc *svc, char *buf, size_t size);

/* An attempt with its questions (correct answers hidden from a manager),
 * answers (by position; points VO_NULL: not scored) and the points per
 * topic. */
struct vo_att_topic {
    const char *topic;
    int64_t earned, possible;
};
struct vo_att_attempt_full {
    struct vo_att_attempt p;
    int64_t pass_pct;
    struct vo_att_q *q;
    size_t nq;
    bool hidden;
    struct vo_att_answer *answers; /* one per question, by position ("" / [] when none) */
    struct vo_att_topic *topics;   /* the topics of its questions, in the order above */
    size_t ntopics;
};

/* An answer given: position 1..n; choice the indices chosen (a choice
 * question), text (a free one). */
struct vo_att_answer_in {
    int64_t position;
    const int64_t *choice;
    size_t nchoice;
    const char *text;
};
/* A score of a free answer. */
struct vo_att_score_in {
    int64_t position, points;
    const char *comment;
};

/* Starts the actor's attempt at att (assigned to them): an open one is
 * returned (*created false); VO_ECONFLICT naming "max_attempts" when all
 * are used. */
vo_err vo_svc_att_attempt_start(struct vo_svc *svc, int64_t att, int64_t *id, bool *created,
                                struct vo_error *e);
vo_err vo_svc_att_attempt_get(struct vo_svc *svc, int64_t id, struct vo_att_attempt_full *out,
                              struct vo_error *e);
vo_err vo_svc_att_attempts(struct vo_svc *svc, struct vo_att_attempt_filter f,
                           struct vo_att_attempt **out, size_t *n, struct vo_error *e);
/* Saves the taker's answers v[0..n) of an open attempt (VO_ECONFLICT
 * naming "time_limit" past its deadline, "id" once submitted). */
vo_err vo_svc_att_attempt_answer(struct vo_svc *svc, int64_t id, const struct vo_att_answer_in *v,
                                 size_t n, struct vo_error *e);
/* Closes the taker's open attempt and scores its choice answers (after
 * the deadline too: the answers saved before it count). */
vo_err vo_svc_att_attempt_submit(struct vo_svc *svc, int64_t id, struct vo_error *e);
/* The head's scores of free answers of a submitted attempt. */
vo_err vo_svc_att_attempt_score(struct vo_svc *svc, int64_t id, const struct vo_att_score_in *v,
                                size_t n, struct vo_error *e);

/* The results of user (0: everyone the actor reads; a manager their own,
 * another VO_EPERM naming "user_id"): per person and test, the attempts,
 * the best scored percent and passed; per person and topic, the points
 * of the latest fully scored attempt of each test. */
struct vo_att_result {
    int64_t user_id, attestation_id;
    const char *user_name, *title;
    int64_t attempts;
    double best_pct; /* -1: none scored */
    bool passed;
};
struct vo_att_topic_result {
    int64_t user_id;
    const char *user_name, *topic;
    int64_t earned, possible;
};
struct vo_att_results {
    struct vo_att_result *rows;
    size_t nrows;
    struct vo_att_topic_result *topics;
    size_t ntopics;
};
vo_err vo_svc_att_results(struct vo_svc *svc, int64_t user, struct vo_att_results *out,
                          struct vo_error *e);

/* The assignments overdue on day (YYYY-MM-DD) the actor reads (a
 * manager: their own), for the daily. */
vo_err vo_svc_att_overdue(struct vo_svc *svc, const char *day, struct vo_att_assignment **out,
                          size_t *n, struct vo_error *e);

/* A percent rounded half up to one decimal (0 when den is 0). */
double vo_att_pct(int64_t num, int64_t den);

#endif
