/*
 * snapshot_store.c - a deal's or a client's editable fields as one JSON
 * object, read by SQLite's json_object in a fixed statement per kind: the
 * service reads one before and one after an update, in its transaction,
 * and audits what changed (service/changes.c). Ids are numbers, texts
 * strings, absent values null.
 */
#include "store/store_int.h"

static const char *const SQL_SNAPSHOT[] = {
    [VO_SNAP_CLIENT] = "SELECT json_object('name', name, 'channel', channel, 'region', region, "
                       "'segment', segment, 'source', source, 'owner_id', owner_id, "
                       "'key_account', key_account, 'inn', inn, 'kpp', kpp, 'address', address, "
                       "'phone', phone, 'email', email, 'website', website, 'comment', comment) "
                       "FROM clients WHERE org_id = ?1 AND id = ?2",
    [VO_SNAP_DEAL] = "SELECT json_object('title', title, 'client_id', client_id, 'contact_id', "
                     "contact_id, 'product_id', product_id, 'pipeline_id', pipeline_id, "
                     "'stage_id', stage_id, 'owner_id', owner_id, 'status', status, 'amount', "
                     "amount, 'closed_at', closed_at, 'loss_reason', loss_reason, 'channel', "
                     "channel, 'source', source, 'custom', json(custom)) "
                     "FROM deals WHERE org_id = ?1 AND id = ?2",
};

vo_err vo_store_snapshot(struct vo_store *st, enum vo_snap_kind k, int64_t org, int64_t id,
                         struct vo_arena *a, const char **out, struct vo_error *e)
{
    *out = NULL;
    if ((unsigned)k > VO_SNAP_DEAL)
        return vo_error_set(e, VO_EINVAL, "kind", "no such snapshot");
    return vo_st_get_id(st, SQL_SNAPSHOT[k], org, id, a, vo_st_row_text, out, "id",
                        k == VO_SNAP_DEAL ? "deal" : "client", e);
}
