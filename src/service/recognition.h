/*
 * recognition.h - recognitions, the non-material motivation (issue 11,
 * item 6; docs/bonuses.md "Recognition"): the head (or an admin) gives a
 * user a badge of a fixed set - «Лучший месяц» (best_month), «Закрыл
 * сложную сделку» (hard_deal), «Наставник» (mentor) - or a thanks
 * («Спасибо», thanks) with a comment. Everyone signed in reads them (they
 * are praise, shown on the manager's card and in the weekly report); the
 * author or an admin deletes one. Each write is one transaction with an
 * audit row (recognition.create, recognition.delete).
 *
 * Bounds: badge one of the four (VO_EINVAL naming "badge"); comment at
 * most 500 characters, required for thanks (naming "comment"); user an
 * active user of the org who is not the author (naming "user_id").
 */
#ifndef VO_SERVICE_RECOGNITION_H
#define VO_SERVICE_RECOGNITION_H

#include <jansson.h>

#include "service/service.h"

#define VO_RECOGNITION_COMMENT_MAX 500

/* The badges: the code and its Russian name (GLOSSARY.md), NULL-ended. */
struct vo_badge {
    const char *code, *name_ru;
};
extern const struct vo_badge vo_badges[];
/* The Russian name of a badge code, NULL when it is none. */
const char *vo_badge_name(const char *code);

/* The recognitions of user (0: everyone) given in [from, to) (0 and
 * INT64_MAX: all), newest first, at most 500; in svc->arena. */
vo_err vo_svc_recognition_list(struct vo_svc *svc, int64_t user, int64_t from, int64_t to,
                               struct vo_recognition **out, size_t *n, struct vo_error *e);
vo_err vo_svc_recognition_get(struct vo_svc *svc, int64_t id, struct vo_recognition *out,
                              struct vo_error *e);
/* Gives user the badge with comment (may be NULL); *id the new one. */
vo_err vo_svc_recognition_give(struct vo_svc *svc, int64_t user, const char *badge,
                               const char *comment, int64_t *id, struct vo_error *e);
/* A recognition as JSON (docs/bonuses.md): {"id", "user_id", "user",
 * "author_id", "author", "badge", "badge_name", "comment", "created_at"}
 * (the instant in svc's zone). A new reference. */
json_t *vo_recognition_json(struct vo_svc *svc, const struct vo_recognition *g);
/* The weekly report's "recognitions" block (docs/reports.md): the
 * recognitions given in [from, to) set into root as an array, oldest
 * first, for the API's and the CLI's JSON alike. */
vo_err vo_svc_recognitions_block(struct vo_svc *svc, int64_t from, int64_t to, json_t *root,
                                 struct vo_error *e);
/* Deletes recognition id: its author's or an admin's (else VO_EPERM). */
vo_err vo_svc_recognition_delete(struct vo_svc *svc, int64_t id, struct vo_error *e);

#endif
