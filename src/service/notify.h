/*
 * notify.h - the users' notifications (docs/notifications.md): a task due
 * in 15 minutes, a task overdue (created by the server's reminder thread
 * through vo_svc_notify_tick), a deal or client given to a user by
 * someone else (created by the use case that assigns it, in its
 * transaction), and promise_due (an open promise past its due time,
 * issue 11: created by vo_svc_notify_tick like task_overdue). Each
 * exists at most once per user and key. A user reads and marks only
 * their own.
 */
#ifndef VO_SERVICE_NOTIFY_H
#define VO_SERVICE_NOTIFY_H

#include "service/service.h"

/* A task is "due soon" this long before its due time. */
#define VO_NOTIFY_DUE_SOON_S (15 * 60)
/* A task overdue for longer than this when the reminders first look is
 * not announced (a server started after a long stop, a fresh import of
 * old open tasks, would flood the inboxes). */
#define VO_NOTIFY_OVERDUE_WINDOW_S (24 * 60 * 60)

/* The reminders at instant now, for every org of st: task_due_soon for
 * the open tasks due in (now, now + 15 min], task_overdue for those due
 * in (now - 24 h, now]; one transaction, no audit row (the system's
 * doing, not a person's). *out gets the notifications really created
 * (in a), for the live delivery. */
vo_err vo_svc_notify_tick(struct vo_store *st, int64_t now, struct vo_arena *a,
                          struct vo_notification **out, size_t *n, struct vo_error *e);

/* For the use cases that give an object to a user (inside their
 * transaction): a deal_assigned notification to `user` about object
 * ("deal" or "client") id titled title, unless the actor gives it to
 * themselves. rev (the object's revision after the write) makes each
 * assignment its own notification. */
vo_err vo_svc_notify_assigned(struct vo_svc *svc, const char *object, int64_t id, const char *title,
                              int64_t user, int64_t rev, struct vo_error *e);

/* For the people's use cases (issue 14), inside their transaction: a
 * notification of `kind` to user_id about object / object_id, stored
 * under the key "<kind>:<key>" (the caller makes key unique per event:
 * the same key again creates nothing). title and at (VO_NULL: none) as
 * the inbox shows them; payload a JSON object's text (NULL: {}). The
 * actor is svc's. */
struct vo_notify_to {
    int64_t user_id;
    enum vo_notify_kind kind;
    const char *key, *object;
    int64_t object_id;
    const char *title;
    int64_t at;
    const char *payload;
};
vo_err vo_svc_notify_user(struct vo_svc *svc, const struct vo_notify_to *to, struct vo_error *e);

/* For the recognition use case (inside its transaction): a recognition
 * notification to `user` about recognition id, titled title (the badge's
 * name). */
vo_err vo_svc_notify_recognition(struct vo_svc *svc, int64_t id, const char *title, int64_t user,
                                 struct vo_error *e);

/* The actor's notifications, newest first (unread ones only when
 * `unread`; id < before when before > 0; limit 1..200). In svc->arena. */
vo_err vo_svc_notification_list(struct vo_svc *svc, bool unread, int64_t before, int64_t limit,
                                struct vo_notification **out, size_t *n, struct vo_error *e);
/* Marks one of the actor's notifications read (VO_ENOTFOUND for anyone
 * else's); *out the row. */
vo_err vo_svc_notification_read(struct vo_svc *svc, int64_t id, struct vo_notification *out,
                                struct vo_error *e);
/* Marks all the actor's notifications read; *count how many were unread. */
vo_err vo_svc_notification_read_all(struct vo_svc *svc, size_t *count, struct vo_error *e);
/* ---- the live delivery (http/events.c) ---- */
/* Every org's notifications with id > after, oldest first, at most limit
 * (the server's delivery thread hands each to its user's streams). */
vo_err vo_svc_notify_after(struct vo_store *st, int64_t after, int64_t limit, struct vo_arena *a,
                           struct vo_notification **out, size_t *n, struct vo_error *e);
/* The highest notification id stored (0 when none): where delivery starts. */
vo_err vo_svc_notify_last(struct vo_store *st, int64_t *id, struct vo_error *e);
/* The actor's notifications with id > after (a stream's Last-Event-ID),
 * oldest first, at most limit (1..200); in svc->arena. */
vo_err vo_svc_notification_since(struct vo_svc *svc, int64_t after, int64_t limit,
                                 struct vo_notification **out, size_t *n, struct vo_error *e);

/* The actor's unread notifications. */
vo_err vo_svc_notification_unread(struct vo_svc *svc, int64_t *n, struct vo_error *e);

#endif
