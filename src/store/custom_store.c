/*
 * custom_store.c - the org's custom field definitions (store.h, "custom
 * fields"): a list per org (one entity or both, in the order of the
 * cards), one by id, insert, update of what may change (label, options,
 * required, position) and delete. The values are not here: they are keys
 * of the deals' and clients' `custom` JSON objects, written with the
 * records (records.c).
 */
#include "store/store_int.h"

#include <string.h>

#define CF_COLS "SELECT id, org_id, entity, key, label, type, options, required, position"

/* The columns of CF_COLS, in its order. */
VO_ST_ROW_FN(custom_field_row, vo_custom_field, VO_C_INT(id), VO_C_INT(org_id), VO_C_TEXT(entity),
             VO_C_TEXT(key), VO_C_TEXT(label), VO_C_TEXT(type), VO_C_TEXT(options),
             VO_C_INT(required), VO_C_INT(position))

static const char SQL_CF_LIST[] = CF_COLS " FROM custom_fields WHERE org_id = ?1 AND (?2 IS NULL "
                                          "OR entity = ?2) ORDER BY entity, position, id";

vo_err vo_store_custom_field_list(struct vo_store *st, int64_t org, const char *entity,
                                  struct vo_arena *a, struct vo_custom_field **out, size_t *n,
                                  struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_TEXT(entity)};
    return vo_st_list(st, SQL_CF_LIST, p, VO_ST_N(p), a, sizeof **out, custom_field_row, out, n,
                      "custom field", e);
}

static const char SQL_CF_GET[] = CF_COLS " FROM custom_fields WHERE org_id = ?1 AND id = ?2";

VO_ST_GET_FN(vo_store_custom_field_get, struct vo_custom_field, SQL_CF_GET, custom_field_row,
             "custom field")

static const char SQL_CF_INSERT[] =
    "INSERT INTO custom_fields(org_id, entity, key, label, type, options, required, position) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

vo_err vo_store_custom_field_insert(struct vo_store *st, struct vo_custom_field *f,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(f->org_id),   VO_P_TEXT(f->entity),  VO_P_TEXT(f->key),
        VO_P_TEXT(f->label),   VO_P_TEXT(f->type),    VO_P_TEXT(f->options ? f->options : "[]"),
        VO_P_I64(f->required), VO_P_I64(f->position),
    };
    return vo_st_insert(st, SQL_CF_INSERT, p, VO_ST_N(p), &f->id, "key", e);
}

static const char SQL_CF_UPDATE[] = "UPDATE custom_fields SET label = ?3, options = ?4, "
                                    "required = ?5, position = ?6 WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_custom_field_update(struct vo_store *st, const struct vo_custom_field *f,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {
        VO_P_I64(f->org_id),   VO_P_I64(f->id),
        VO_P_TEXT(f->label),   VO_P_TEXT(f->options ? f->options : "[]"),
        VO_P_I64(f->required), VO_P_I64(f->position),
    };
    return vo_st_change_one(st, SQL_CF_UPDATE, p, VO_ST_N(p), "custom field", "id", "custom field",
                            f->id, e);
}

static const char SQL_CF_DELETE[] = "DELETE FROM custom_fields WHERE org_id = ?1 AND id = ?2";

vo_err vo_store_custom_field_delete(struct vo_store *st, int64_t org, int64_t id,
                                    struct vo_error *e)
{
    const struct vo_st_param p[] = {VO_P_I64(org), VO_P_I64(id)};
    return vo_st_change_one(st, SQL_CF_DELETE, p, VO_ST_N(p), "custom field", "id", "custom field",
                            id, e);
}
