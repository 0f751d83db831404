/*
 * hiring.h - hiring with the final interview (issue 14, item 1;
 * docs/hiring.md): the org's vacancies; candidates through the stages
 * response (отклик), screening (отбор), interview (собеседование), final
 * (финальное собеседование с РОП), offer (оффер), hired (вышел) or rejected
 * (отказ), with their CV, notes and scorecards on the org's criteria;
 * the hire that makes a candidate a user in one transaction; and the
 * summary: time to hire and conversion by stage and by source. The use
 * cases behind /api/v1/vacancies, /api/v1/candidates and /api/v1/hiring.
 *
 * Who (rules.c, VO_OBJ_VACANCY and VO_OBJ_CANDIDATE, checked once per use
 * case): everyone reads vacancies, the admin and the head write them; the
 * candidates, their scores, the criteria and the summary are the admin's
 * and the head's alone: anyone else gets VO_EPERM on a list or a create
 * and VO_ENOTFOUND on one candidate (its existence does not leak). Each
 * write is one transaction with an audit row (vacancy.create, .update,
 * candidate.create, .update, .stage, .cv, .score, .hire,
 * hiring_criterion.create, .update).
 *
 * Bounds (VO_EINVAL naming the field): title and name 1..200 characters,
 * team 200, openings 1..100, description and notes 5000, email 254 (an
 * e-mail), phone 50, source 100, reason 1..500 (required to reject),
 * comment 1000, score 1..5, the CV at most VO_HIRING_CV_MAX bytes of PDF,
 * DOC, DOCX, RTF or TXT (by its name's extension and its first bytes).
 */
#ifndef VO_SERVICE_HIRING_H
#define VO_SERVICE_HIRING_H

#include "service/service.h"
#include "store/hiring_store.h"

#define VO_HIRING_CV_MAX       ((size_t)5 * 1024 * 1024)
#define VO_HIRING_SOURCE_MAX   100
#define VO_HIRING_COMMENT_MAX  1000
#define VO_HIRING_OPENINGS_MAX 100

/* The stages in their order, rejected last (VO_HIRING_NSTAGES of them);
 * the first VO_HIRING_NFUNNEL are the funnel's, hired its last. */
#define VO_HIRING_NSTAGES 7
#define VO_HIRING_NFUNNEL 6
extern const char *const vo_hiring_stages[VO_HIRING_NSTAGES];

/* ---- vacancies ---- */
enum {
    VO_VACANCY_SET_TITLE = 1 << 0,
    VO_VACANCY_SET_TEAM = 1 << 1,
    VO_VACANCY_SET_OPENINGS = 1 << 2,
    VO_VACANCY_SET_STATUS = 1 << 3,
    VO_VACANCY_SET_DESCRIPTION = 1 << 4,
};
struct vo_vacancy_input {
    unsigned set; /* VO_VACANCY_SET_* (a create takes every member given) */
    const char *title, *team, *status, *description;
    int64_t openings;
};
vo_err vo_svc_vacancy_list(struct vo_svc *svc, const char *status, struct vo_vacancy **out,
                           size_t *n, struct vo_error *e);
vo_err vo_svc_vacancy_get(struct vo_svc *svc, int64_t id, struct vo_vacancy *out,
                          struct vo_error *e);
vo_err vo_svc_vacancy_create(struct vo_svc *svc, const struct vo_vacancy_input *in, int64_t *id,
                             struct vo_error *e);
vo_err vo_svc_vacancy_update(struct vo_svc *svc, int64_t id, const struct vo_vacancy_input *in,
                             struct vo_error *e);

/* ---- candidates ---- */
enum {
    VO_CANDIDATE_SET_VACANCY = 1 << 0,
    VO_CANDIDATE_SET_NAME = 1 << 1,
    VO_CANDIDATE_SET_EMAIL = 1 << 2,
    VO_CANDIDATE_SET_PHONE = 1 << 3,
    VO_CANDIDATE_SET_SOURCE = 1 << 4,
    VO_CANDIDATE_SET_NOTES = 1 << 5,
};
struct vo_candidate_input {
    unsigned set;
    int64_t vacancy_id;
    const char *name, *email, *phone, *source, *notes; /* NULL or "": none */
};
/* The candidates of f (its stage one of vo_hiring_stages). */
vo_err vo_svc_candidate_list(struct vo_svc *svc, const struct vo_candidate_filter *f,
                             struct vo_candidate **out, size_t *n, struct vo_error *e);
vo_err vo_svc_candidate_get(struct vo_svc *svc, int64_t id, struct vo_candidate *out,
                            struct vo_error *e);
/* A new candidate of an open vacancy, at the stage response. */
vo_err vo_svc_candidate_create(struct vo_svc *svc, const struct vo_candidate_input *in, int64_t *id,
                               struct vo_error *e);
vo_err vo_svc_candidate_update(struct vo_svc *svc, int64_t id, const struct vo_candidate_input *in,
                               struct vo_error *e);
/* Moves a candidate to stage: any stage to any other but hired (a hire is
 * vo_svc_candidate_hire) and never out of hired (VO_ECONFLICT naming
 * "stage"); rejected takes reason (required, 1..500 characters). */
vo_err vo_svc_candidate_move(struct vo_svc *svc, int64_t id, const char *stage, const char *reason,
                             struct vo_error *e);
/* Replaces the CV with len bytes of data (borrowed) named name. */
vo_err vo_svc_candidate_cv_put(struct vo_svc *svc, int64_t id, const char *name, const void *data,
                               size_t len, struct vo_error *e);
/* The candidate (for the CV's name and type) and the CV's bytes in the
 * arena; no CV is VO_ENOTFOUND naming "cv". */
vo_err vo_svc_candidate_cv_get(struct vo_svc *svc, int64_t id, struct vo_candidate *c,
                               const void **data, size_t *len, struct vo_error *e);

/* A scorecard: the actor's scores of kind ("interview", or "final": the
 * final interview, the head's or an admin's alone) on every active
 * criterion, once each (VO_EINVAL naming "scores"); it replaces the
 * actor's earlier scorecard of the kind. */
struct vo_score_item {
    int64_t criterion_id, score;
    const char *comment; /* NULL: none */
};
vo_err vo_svc_candidate_score(struct vo_svc *svc, int64_t id, const char *kind,
                              const struct vo_score_item *v, size_t n, struct vo_error *e);
vo_err vo_svc_candidate_scores(struct vo_svc *svc, int64_t id, struct vo_candidate_score **out,
                               size_t *n, struct vo_error *e);

/* The hire: a user made by vo_svc_user_add (its rules for the name, the
 * e-mail, the role and the team; a head hires a manager or a head, an
 * administrator any role) and the candidate moved to hired with that
 * user, in one transaction: when the user cannot be made nothing changes.
 * An already hired candidate is VO_ECONFLICT; a rejected one must be
 * moved back first (VO_ECONFLICT naming "stage"). */
struct vo_hire_input {
    const char *email, *role, *team; /* role NULL: manager; team NULL: none */
    const char *name;                /* NULL: the candidate's */
    const char *start_date;          /* YYYY-MM-DD or NULL */
    int64_t mentor_id;               /* the onboarding plan's mentor, 0: none */
};
/* A hired manager or head gets their onboarding plan started in the same
 * transaction (vo_svc_onb_start: the template of their role, from
 * start_date, default today in the org's zone, with mentor_id):
 * *onboarding_id its id (0 for another role). */
vo_err vo_svc_candidate_hire(struct vo_svc *svc, int64_t id, const struct vo_hire_input *in,
                             int64_t *user_id, const char **password, int64_t *onboarding_id,
                             struct vo_error *e);

/* ---- criteria ---- */
/* The org's criteria, the default set made on first use. */
vo_err vo_svc_hiring_criteria(struct vo_svc *svc, struct vo_hiring_criterion **out, size_t *n,
                              struct vo_error *e);
vo_err vo_svc_hiring_criterion_create(struct vo_svc *svc, const char *name, int64_t *id,
                                      struct vo_error *e);
/* Renames (name not NULL), moves (position not NULL) or archives a
 * criterion (archived not NULL). */
vo_err vo_svc_hiring_criterion_update(struct vo_svc *svc, int64_t id, const char *name,
                                      const int64_t *position, const bool *archived,
                                      struct vo_error *e);
vo_err vo_svc_hiring_criterion_get(struct vo_svc *svc, int64_t id, struct vo_hiring_criterion *out,
                                   struct vo_error *e);

/* ---- the summary ---- */
/* Days from a candidate's creation to their hire (docs/hiring.md). */
struct vo_hiring_tth {
    int64_t vacancy_id; /* 0: every vacancy */
    const char *title;
    size_t hires;
    double median, average; /* days; 0 when no hire */
};
struct vo_hiring_stage_row {
    const char *stage;
    size_t reached;
    double share; /* of the stage before; < 0 for the first or none before */
};
struct vo_hiring_source_row {
    const char *source; /* "" for none given */
    size_t candidates, hired, rejected;
    double conversion; /* hired / candidates */
};
struct vo_hiring_summary {
    int64_t from, to, vacancy_id;
    struct vo_hiring_tth all;
    struct vo_hiring_tth *vacancies; /* per vacancy with a hire in the period */
    size_t nvacancies;
    size_t candidates, rejected; /* the cohort: created in the period */
    struct vo_hiring_stage_row stages[VO_HIRING_NFUNNEL];
    struct vo_hiring_source_row *sources;
    size_t nsources;
};
/* Time to hire of the hires made in [from, to), conversion by stage and
 * by source of the candidates created in [from, to), of vacancy_id (0:
 * every vacancy). */
vo_err vo_svc_hiring_summary(struct vo_svc *svc, int64_t from, int64_t to, int64_t vacancy_id,
                             struct vo_hiring_summary *out, struct vo_error *e);

#endif
