/*
 * timeline.h - notes on deals and clients and the timeline of a deal or a
 * client (issue 10, clients). A note is added by anyone who may change its
 * deal or client (vo_svc_check_owner of the object's owner), edited by its
 * author only, deleted by its author, an admin or the head; each write is
 * one transaction with an audit row (note.create, note.update,
 * note.delete). The timeline is read by anyone who sees the object; a
 * client's holds its deals' items, for a manager only those of their own
 * deals.
 */
#ifndef VO_SERVICE_TIMELINE_H
#define VO_SERVICE_TIMELINE_H

#include "service/service.h"

/* Adds a note (text as given) to deal `deal` or, when deal is 0, to client
 * `client`; *id the new note. */
vo_err vo_svc_note_create(struct vo_svc *svc, int64_t deal, int64_t client, const char *text,
                          int64_t *id, struct vo_error *e);
/* One note (VO_ENOTFOUND when absent or its object is not the actor's to
 * see). */
vo_err vo_svc_note_get(struct vo_svc *svc, int64_t id, struct vo_note *out, struct vo_error *e);
/* Changes a note's text and sets edited_at: its author only (VO_EPERM for
 * anyone else). */
vo_err vo_svc_note_update(struct vo_svc *svc, int64_t id, const char *text, struct vo_error *e);
/* Deletes a note: its author, an admin or the head (VO_EPERM otherwise). */
vo_err vo_svc_note_delete(struct vo_svc *svc, int64_t id, struct vo_error *e);

/* The timeline of q->deal or q->client (the owner filter is set here),
 * checked as one the actor sees; items in svc->arena. */
vo_err vo_svc_timeline(struct vo_svc *svc, struct vo_timeline_query *q,
                       struct vo_timeline_item **out, size_t *n, struct vo_error *e);

#endif
