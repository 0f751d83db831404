/*
 * documents.h - the scripts and standards library (issue 14, item 3;
 * docs/library.md): the department's sales scripts, objection handling,
 * regulations and standards, each a document with numbered versions of its
 * text (who published which, when, with a note; the line diff between any
 * two), a required-reading flag, and each manager's acknowledgement of the
 * current version: a new version makes everyone's due again. The use cases
 * behind /api/v1/documents.
 *
 * Who: an administrator and the head write (create, change, publish a
 * version; anyone else VO_EPERM); everyone of the org reads; a manager
 * acknowledges. The acknowledgement table (every active manager of the
 * org: the head's scope is the whole org, as vo_svc_check_owner's) is read
 * by the administrator, the head and a viewer. A document of another org
 * is VO_ENOTFOUND. Each write is one transaction with an audit row
 * (document.create, document.update, document.version, document.ack).
 *
 * Bounds (VO_EINVAL naming the field): kind one of script, objections,
 * regulation, standard, other; title 1..200 characters; body valid UTF-8,
 * not empty, at most 200,000 bytes; note at most 500 characters. A version
 * whose body equals the current one is VO_ECONFLICT naming "body".
 */
#ifndef VO_SERVICE_DOCUMENTS_H
#define VO_SERVICE_DOCUMENTS_H

#include "base/linediff.h"
#include "service/service.h"

#define VO_DOC_TITLE_MAX 200
#define VO_DOC_BODY_MAX  200000 /* bytes */
#define VO_DOC_NOTE_MAX  500

/* The kinds, in the order the screens show them. */
extern const char *const vo_document_kinds[];

/* What a document is given; for an update only the members named by `set`
 * (VO_DOC_SET_* bits) change. body and note make its first version (create
 * only). */
enum {
    VO_DOC_SET_KIND = 1 << 0,
    VO_DOC_SET_TITLE = 1 << 1,
    VO_DOC_SET_REQUIRED = 1 << 2,
    VO_DOC_SET_ARCHIVED = 1 << 3,
};
struct vo_document_input {
    unsigned set;
    const char *kind;
    const char *title;
    bool required, archived;
    const char *body, *note;
};

/* The documents of q (q->reader is set to the actor). */
vo_err vo_svc_document_list(struct vo_svc *svc, struct vo_document_query *q,
                            struct vo_document **out, size_t *n, struct vo_error *e);
/* One document with its current text and the actor's acknowledgement. */
vo_err vo_svc_document_get(struct vo_svc *svc, int64_t id, struct vo_document *out,
                           struct vo_error *e);
/* Creates a document with its first version (in->body, in->note). */
vo_err vo_svc_document_create(struct vo_svc *svc, const struct vo_document_input *in, int64_t *id,
                              struct vo_error *e);
/* Changes the members of in->set. */
vo_err vo_svc_document_update(struct vo_svc *svc, int64_t id, const struct vo_document_input *in,
                              struct vo_error *e);
/* Publishes a new version (the next number, *number) of body with note. */
vo_err vo_svc_document_version_add(struct vo_svc *svc, int64_t id, const char *body,
                                   const char *note, int64_t *number, struct vo_error *e);
/* The versions of a document, the first first, without their bodies. */
vo_err vo_svc_document_versions(struct vo_svc *svc, int64_t id, struct vo_document_version **out,
                                size_t *n, struct vo_error *e);
/* Version number of a document with its body (VO_ENOTFOUND naming "n"). */
vo_err vo_svc_document_version_get(struct vo_svc *svc, int64_t id, int64_t number,
                                   struct vo_document_version *out, struct vo_error *e);
/* The line diff from version `from` to version `to` (VO_EINVAL naming
 * "from" or "to" when not a version of the document). */
vo_err vo_svc_document_diff(struct vo_svc *svc, int64_t id, int64_t from, int64_t to,
                            struct vo_diff *out, struct vo_error *e);
/* The actor's acknowledgement of the current version (again: nothing);
 * *version the version acknowledged. An archived document is
 * VO_ECONFLICT. */
vo_err vo_svc_document_ack(struct vo_svc *svc, int64_t id, int64_t *version, struct vo_error *e);
/* Who of the org's active managers acknowledged the current version. */
struct vo_document_acks {
    int64_t version;
    struct vo_document_ack *users;
    size_t n, acknowledged;
};
vo_err vo_svc_document_acks(struct vo_svc *svc, int64_t id, struct vo_document_acks *out,
                            struct vo_error *e);

#endif
