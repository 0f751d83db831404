/*
 * document_store.c - the scripts and standards library (store.h, "the
 * scripts and standards library"; migration 24): documents, their numbered
 * versions (the current one is the highest number) and the readers'
 * acknowledgements of a version. Every statement names the org; a search
 * folds case with vo_fold (store.c) as the CRM's lists do.
 */
#include "store/store_int.h"

#include <string.h>

/* A document with its current version (number, when, and for _get its
 * body) and reader ?2's acknowledgement of it. */
#define DOC_COLS(BODY)                                                                             \
    "SELECT d.id, d.org_id, d.kind, d.title, d.required_reading, d.archived, d.created_by, "       \
    "d.created_at, d.updated_at, v.number, v.created_at, a.at, " BODY " FROM documents d "         \
    "JOIN document_versions v ON v.org_id = d.org_id AND v.document_id = d.id AND v.number = "     \
    "(SELECT max(w.number) FROM document_versions w WHERE w.org_id = d.org_id AND "                \
    "w.document_id = d.id) LEFT JOIN document_acks a ON a.org_id = d.org_id AND a.document_id = "  \
    "d.id AND a.version = v.number AND a.user_id = ?2"

VO_ST_ROW_FN(doc_row, vo_document, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(kind),
             VO_C_TEXT(title), VO_C_INT(required), VO_C_INT(archived), VO_C_INT(created_by),
             VO_C_INT(created_at), VO_C_INT(updated_at), VO_C_INT(version), VO_C_INT(version_at),
             VO_C_OPT(acked_at), VO_C_TEXT(body))

/* ?3 kind, ?4 required (< 0: either), ?5 archived (< 0: either), ?6
 * unread, ?7 the folded LIKE pattern (NULL: any). */
static const char SQL_DOC_LIST[] =
    DOC_COLS("NULL") " WHERE d.org_id = ?1 AND (?3 IS NULL OR d.kind = ?3) AND (?4 < 0 OR "
                     "d.required_reading = ?4) AND (?5 < 0 OR d.archived = ?5) AND (?6 = 0 OR "
                     "(d.required_reading = 1 AND a.at IS NULL)) AND (?7 IS NULL OR "
                     "vo_fold(d.title) LIKE ?7 ESCAPE '\\' OR vo_fold(v.body) LIKE ?7 ESCAPE '\\') "
                     "ORDER BY d.updated_at DESC, d.id DESC";

vo_err vo_store_document_list(struct vo_store *st, int64_t org, const struct vo_document_query *q,
                              struct vo_arena *a, struct vo_document **out, size_t *n,
                              struct vo_error *e)
{
    const char *like = NULL;
    if (q->q && *q->q && !(like = vo_st_like(q->q, a)))
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    const struct vo_st_param p[] = {VO_P_I64(org),         VO_P_I64(q->reader),
                                    VO_P_TEXT(q->kind),    VO_P_I64(q->required),
                                    VO_P_I64(q->archived), VO_P_I64(q->unread ? 1 : 0),
                                    VO_P_TEXT(like)};
    return vo_st_list(st, SQL_DOC_LIST, p, VO_ST_N(p), a, sizeof **out, doc_row, out, n,
                      "documents", e);
}

static const char SQL_DOC_GET[] = DOC_COLS("v.body") " WHERE d.org_id = ?1 AND d.id = ?3";

vo_err vo_store_document_get(struct vo_store *st, int64_t org, int64_t id, int64_t reader,
                             struct vo_arena *a, struct vo_document *out, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(reader), VO_P_I64(id)};
    memset(out, 0, sizeof *out);
    vo_err rc = vo_st_get(st, SQL_DOC_GET, p, VO_ST_N(p), a, doc_row, out, "document", e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, "id", "no document %lld", (long long)id);
    return rc;
}

static const char SQL_DOC_INSERT[] =
    "INSERT INTO documents(org_id, kind, title, required_reading, archived, created_by, "
    "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)";

vo_err vo_store_document_insert(struct vo_store *st, struct vo_document *x, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(x->org_id),    VO_P_TEXT(x->kind),
                                    VO_P_TEXT(x->title),    VO_P_I64(x->required),
                                    VO_P_I64(x->archived),  VO_P_ID(x->created_by),
                                    VO_P_I64(x->created_at)};
    x->updated_at = x->created_at;
    return vo_st_insert(st, SQL_DOC_INSERT, p, VO_ST_N(p), &x->id, "document", e);
}

static const char SQL_DOC_UPDATE[] =
    "UPDATE documents SET kind = ?3, title = ?4, required_reading = ?5, archived = ?6, "
    "updated_at = ?7 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_document_update(struct vo_store *st, const struct vo_document *x,
                                struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(x->org_id),   VO_P_I64(x->id),       VO_P_TEXT(x->kind),     VO_P_TEXT(x->title),
        VO_P_I64(x->required), VO_P_I64(x->archived), VO_P_I64(x->updated_at)};
    return vo_st_change_one(st, SQL_DOC_UPDATE, p, VO_ST_N(p), "document", "id", "document", x->id,
                            e);
}

static const char SQL_DOCV_INSERT[] =
    "INSERT INTO document_versions(org_id, document_id, number, body, note, author_id, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_DOC_TOUCH[] =
    "UPDATE documents SET updated_at = ?3 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_document_version_add(struct vo_store *st, const struct vo_document_version *v,
                                     struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(v->org_id),    VO_P_I64(v->document_id),          VO_P_I64(v->number),
        VO_P_TEXT(v->body),     VO_P_TEXT(v->note ? v->note : ""), VO_P_ID(v->author_id),
        VO_P_I64(v->created_at)};
    vo_err rc = vo_st_run(st, SQL_DOCV_INSERT, p, VO_ST_N(p), "document version", e);
    if (!rc) {
        const struct vo_st_param t[] = {VO_P_I64(v->org_id), VO_P_I64(v->document_id),
                                        VO_P_I64(v->created_at)};
        rc = vo_st_run(st, SQL_DOC_TOUCH, t, VO_ST_N(t), "document", e);
    }
    return rc;
}

#define DOCV_COLS(BODY)                                                                            \
    "SELECT v.org_id, v.document_id, v.number, " BODY ", v.note, v.author_id, u.name, "            \
    "v.created_at, vo_bytes(v.body) FROM document_versions v LEFT JOIN users u ON "                \
    "u.org_id = v.org_id AND u.id = v.author_id"

VO_ST_ROW_FN(version_row, vo_document_version, VO_C_INT(org_id), VO_C_INT(document_id),
             VO_C_INT(number), VO_C_TEXT(body), VO_C_TEXT(note), VO_C_INT(author_id),
             VO_C_TEXT(author), VO_C_INT(created_at), VO_C_INT(bytes))

static const char SQL_DOCV_LIST[] =
    DOCV_COLS("NULL") " WHERE v.org_id = ?1 AND v.document_id = ?2 ORDER BY v.number";

vo_err vo_store_document_versions(struct vo_store *st, int64_t org, int64_t doc, struct vo_arena *a,
                                  struct vo_document_version **out, size_t *n, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(doc)};
    return vo_st_list(st, SQL_DOCV_LIST, p, VO_ST_N(p), a, sizeof **out, version_row, out, n,
                      "document versions", e);
}

static const char SQL_DOCV_GET[] =
    DOCV_COLS("v.body") " WHERE v.org_id = ?1 AND v.document_id = ?2 AND v.number = ?3";

vo_err vo_store_document_version_get(struct vo_store *st, int64_t org, int64_t doc, int64_t number,
                                     struct vo_arena *a, struct vo_document_version *out,
                                     struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(doc), VO_P_I64(number)};
    memset(out, 0, sizeof *out);
    return vo_st_get(st, SQL_DOCV_GET, p, VO_ST_N(p), a, version_row, out, "document version", e);
}

static const char SQL_DOC_ACK[] =
    "INSERT INTO document_acks(org_id, document_id, version, user_id, at) VALUES (?1, ?2, ?3, "
    "?4, ?5) ON CONFLICT (org_id, document_id, version, user_id) DO NOTHING";

vo_err vo_store_document_ack(struct vo_store *st, int64_t org, int64_t doc, int64_t version,
                             int64_t user, int64_t at, struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(doc), VO_P_I64(version), VO_P_I64(user),
                                    VO_P_I64(at)};
    return vo_st_run(st, SQL_DOC_ACK, p, VO_ST_N(p), "document acknowledgement", e);
}

VO_ST_ROW_FN(ack_row, vo_document_ack, VO_C_INT(user_id), VO_C_TEXT(name), VO_C_OPT(at),
             VO_C_INT(last_version))

static const char SQL_DOC_ACKS[] =
    "SELECT u.id, u.name, a.at, (SELECT max(b.version) FROM document_acks b WHERE b.org_id = "
    "u.org_id AND b.document_id = ?2 AND b.user_id = u.id) FROM users u LEFT JOIN document_acks a "
    "ON a.org_id = u.org_id AND a.document_id = ?2 AND a.version = ?3 AND a.user_id = u.id WHERE "
    "u.org_id = ?1 AND u.active = 1 AND u.role = 'manager' ORDER BY u.name, u.id";

vo_err vo_store_document_acks(struct vo_store *st, int64_t org, int64_t doc, int64_t version,
                              struct vo_arena *a, struct vo_document_ack **out, size_t *n,
                              struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(doc), VO_P_I64(version)};
    return vo_st_list(st, SQL_DOC_ACKS, p, VO_ST_N(p), a, sizeof **out, ack_row, out, n,
                      "document acknowledgements", e);
}
