/*
 * meetings.h - the head of sales' meetings (issue 11; docs/meetings.md):
 * a daily, weekly, monthly or one-to-one meeting with its participants and
 * their attendance, its agenda from the org's template of its kind (notes
 * per item), its decisions, and the report of its kind frozen at the start
 * (the JSON text the caller computed; reads return it, never recompute).
 *
 * Roles: an admin or the head creates, changes, starts, closes a meeting
 * and writes its protocol (VO_EPERM otherwise); a viewer reads every
 * meeting; a manager reads the meetings they take part in (any other is
 * VO_ENOTFOUND). Each write is one transaction with an audit row
 * (meeting.create, .update, .start, .close, .attend, .notes, .decision,
 * meeting_template.set). A closed meeting's protocol does not change
 * (VO_ECONFLICT naming "status").
 *
 * Bounds: the limit 1..480 minutes (default per kind: daily 20, weekly 60,
 * monthly 90, one_to_one 30); 1..200 participants (one_to_one: exactly one,
 * a manager); an agenda template 1..30 items of 1..200 characters; notes
 * and a decision up to 5000 characters, at most 50 decisions; a reason of
 * an absence up to 500 characters.
 */
#ifndef VO_SERVICE_MEETINGS_H
#define VO_SERVICE_MEETINGS_H

#include "service/service.h"

#define VO_MEETING_LIMIT_MAX     480
#define VO_MEETING_PEOPLE_MAX    200
#define VO_MEETING_ITEMS_MAX     30
#define VO_MEETING_ITEM_CHARS    200
#define VO_MEETING_DECISIONS_MAX 50
#define VO_MEETING_REASON_CHARS  500

/* The kinds, in order, and the default limit of each. */
extern const char *const vo_meeting_kinds[];
/* The default limit in minutes of kind (0 for an unknown kind). */
int64_t vo_meeting_default_limit(const char *kind);

struct vo_meeting_input {
    const char *kind;     /* required */
    int64_t scheduled_at; /* required: a UTC instant */
    int64_t limit_min;    /* VO_NULL: the kind's default */
    const int64_t *people;
    size_t npeople; /* 0: every active manager (one_to_one: required) */
};

/* A meeting with what its page shows. promises_due: the promises due in
 * [the scheduled time of the previous meeting of its kind (7 days before
 * this one's when there is none), this one's scheduled time];
 * promises_given: those made in it. */
struct vo_meeting_full {
    struct vo_meeting m;
    int64_t due_from, due_to;
    struct vo_meeting_person *people;
    size_t npeople;
    struct vo_meeting_item *items; /* agenda items then decisions */
    size_t nitems;
    struct vo_promise *due, *given;
    size_t ndue, ngiven;
    struct vo_user *users; /* the org's users, for the names */
    size_t nusers;
};
/* The name of user id among f's users ("?" when not there). */
const char *vo_meeting_user_name(const struct vo_meeting_full *f, int64_t id);

/* Creates a meeting led by the actor with the agenda of the org's template
 * of its kind; *id the new one. */
vo_err vo_svc_meeting_create(struct vo_svc *svc, const struct vo_meeting_input *in, int64_t *id,
                             struct vo_error *e);
/* The meetings the actor may read of kind (NULL: any; unknown: VO_EINVAL
 * naming "kind") scheduled in [from, to), in svc->arena. */
vo_err vo_svc_meeting_list(struct vo_svc *svc, const char *kind, int64_t from, int64_t to,
                           struct vo_meeting **out, size_t *n, struct vo_error *e);
/* One meeting the actor may read, whole, in svc->arena. */
vo_err vo_svc_meeting_get(struct vo_svc *svc, int64_t id, struct vo_meeting_full *out,
                          struct vo_error *e);
/* Reschedules a meeting not closed (scheduled_at, limit_min: NULL kept),
 * against version (NULL: any; stale: VO_ESTALE). */
vo_err vo_svc_meeting_update(struct vo_svc *svc, int64_t id, const int64_t *scheduled_at,
                             const int64_t *limit_min, const int64_t *version, struct vo_error *e);
/* The meeting the actor may start (a planned one; VO_ECONFLICT naming
 * "status" otherwise), read for the caller to compute its report; *who
 * the e-mail (else the id as text) of a one_to_one's manager, NULL for
 * the other kinds. */
vo_err vo_svc_meeting_startable(struct vo_svc *svc, int64_t id, struct vo_meeting *out,
                                const char **who, struct vo_error *e);
/* Starts a planned meeting now with report (the JSON text of its kind's
 * report as of now, computed by the caller; borrowed) frozen into it. */
vo_err vo_svc_meeting_start(struct vo_svc *svc, int64_t id, const char *report, struct vo_error *e);
/* Closes a running meeting now. */
vo_err vo_svc_meeting_close(struct vo_svc *svc, int64_t id, struct vo_error *e);
/* Marks participant user "present", "late" or "absent" (reason: of an
 * absence, NULL: none). */
vo_err vo_svc_meeting_attend(struct vo_svc *svc, int64_t id, int64_t user, const char *attendance,
                             const char *reason, struct vo_error *e);
/* Sets the notes of agenda item number item (1..). */
vo_err vo_svc_meeting_notes(struct vo_svc *svc, int64_t id, int64_t item, const char *notes,
                            struct vo_error *e);
/* Adds a decision (last); deletes decision number index (1..). */
vo_err vo_svc_meeting_decision_add(struct vo_svc *svc, int64_t id, const char *text,
                                   struct vo_error *e);
vo_err vo_svc_meeting_decision_delete(struct vo_svc *svc, int64_t id, int64_t index,
                                      struct vo_error *e);
/* The org's agenda template of kind (its own, else the default), items in
 * svc->arena; *custom says which. */
vo_err vo_svc_meeting_template(struct vo_svc *svc, const char *kind, const char ***items, size_t *n,
                               bool *custom, struct vo_error *e);
/* Replaces the org's template of kind (admin, head); meetings already
 * created keep their agenda. */
vo_err vo_svc_meeting_template_set(struct vo_svc *svc, const char *kind, const char *const *items,
                                   size_t n, struct vo_error *e);

/* The Russian of a code of a meeting or a promise (a kind, an attendance,
 * a promise's status: "daily" -> "Планёрка"); "" for NULL, the code
 * itself when unknown. */
const char *vo_meeting_ru(const char *code);
/* The protocol of f as a message for a messenger, in Russian, times in
 * tz: the kind, date and limit, attendance, agenda with notes, decisions,
 * the promises given (g_free). */
char *vo_meeting_protocol_text(const struct vo_meeting_full *f, GTimeZone *tz);

#endif
