/*
 * nps.c - the NPS use cases (nps.h; docs/nps.md): the report reads the
 * period's answers from the store and hands them to analytics/nps.c with
 * the dataset's client indexes; answers entered on the client card or
 * given through a survey link are written here, with the one rule set of
 * vo_nps_validate (the import's too), and a detractor's answer gets a
 * task for the client's owner through the task use case.
 *
 * A survey token is base64url (no padding) of 65 bytes: version 1 (one
 * byte), then the org id, the survey id, the client id and the expiry
 * (unix seconds), each 8 bytes big-endian, then crypto_auth
 * (HMAC-SHA-512-256) of those 33 bytes under the org's random key
 * (nps_keys). The token proves who made it; the survey row says whether
 * it is still open (answered_at, expires_at), so one answer per token.
 */
#include "service/nps.h"

#include <sodium.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/context.h"
#include "service/crm.h"
#include "service/nps_settings.h"
#include "store/store.h"

vo_err vo_svc_report_nps(struct vo_svc *svc, const struct vo_report_query *q,
                         struct vo_nps_result *out, struct vo_error *e)
{
    struct vo_nps_query nq;
    vo_err rc = vo_report_nps_query(q, &nq, e);
    if (rc)
        return rc;
    int64_t end = q->period.end < q->as_of ? q->period.end : q->as_of;
    struct vo_nps *rows = NULL;
    size_t n = 0;
    if (end > q->period.start && (rc = vo_store_nps_between(svc->st, q->ds->org_id, q->period.start,
                                                            end, q->arena, &rows, &n, e)))
        return rc;
    struct vo_nps_answer *v = VO_ARENA_ARRAY(q->arena, struct vo_nps_answer, n + 1);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, "nps", "out of memory");
    for (size_t i = 0; i < n; i++)
        v[i] = (struct vo_nps_answer){.id = rows[i].id,
                                      .client = vo_ds_client_find(q->ds, rows[i].client_id),
                                      .at = rows[i].at,
                                      .score = rows[i].score,
                                      .comment = rows[i].comment};
    return vo_nps_compute(q->ds, &nq, v, n, q->arena, out, e);
}

/* ---- writing answers ---- */

/* The task of detractor answer `response` (claimed already) of client c:
 * made through the task use case, then recorded beside the answer. */
static vo_err make_task(struct vo_svc *svc, int64_t response, const struct vo_client *c, int score,
                        int64_t now, int64_t *task, struct vo_error *e)
{
    struct vo_calendar cal;
    vo_err rc = vo_svc_org_calendar(svc, &cal, e);
    if (rc)
        return rc;
    struct vo_date d = vo_date_of(svc->tz, now);
    int guard = 0;
    do
        d = vo_date_add_days(d, 1);
    while (!vo_cal_is_working(&cal, d) && ++guard < 366);
    vo_cal_cleanup(&cal);
    struct vo_crm_input in = {
        .set = VO_F_TITLE | VO_F_DUE_AT | VO_F_OWNER | VO_F_CLIENT | VO_F_TYPE,
        .title = vo_arena_printf(svc->arena, "Критик NPS: «%s» поставил %d из 10 — связаться",
                                 c->name, score),
        .due_at = vo_arena_printf(svc->arena, "%04d-%02d-%02d 18:00", d.y, d.m, d.d),
        .owner_id = c->owner_id,
        .client_id = c->id,
        .type = "call"};
    if (!in.title || !in.due_at)
        return vo_error_set(e, VO_ENOMEM, "nps", "out of memory");
    if ((rc = vo_svc_task_create(svc, &in, task, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_nps_task_set(svc->st, svc->org.id, response, *task, e)) ||
        (rc = vo_store_commit(svc->st, e)))
        vo_store_rollback(svc->st);
    return rc;
}

/* In the transaction begun by the caller: stores answer n of client c
 * (survey > 0: marks that link answered), claims a detractor's task,
 * audits `action` and commits; then makes the task. */
static vo_err write_answer(struct vo_svc *svc, struct vo_nps *n, const struct vo_client *c,
                           int64_t survey, int64_t now, const char *action, int64_t *task,
                           struct vo_error *e)
{
    bool detractor = n->score <= 6 && c->owner_id > 0;
    vo_err rc = vo_store_nps_insert(svc->st, n, e);
    if (!rc && survey > 0) {
        rc = vo_store_nps_survey_answer(svc->st, svc->org.id, survey, now, n->id, e);
        if (rc == VO_ENOTFOUND)
            rc = vo_error_set(e, VO_ECONFLICT, "token",
                              "this survey has been answered already: thank you");
    }
    if (!rc && detractor)
        rc = vo_store_nps_task_claim(svc->st, svc->org.id, n->id, e);
    if (rc) {
        vo_store_rollback(svc->st);
        return rc;
    }
    char detail[32];
    snprintf(detail, sizeof detail, "%d", n->score);
    if ((rc = vo_crm_finish(svc, action, "client", c->id, detail, e)))
        return rc;
    *task = 0;
    return detractor ? make_task(svc, n->id, c, n->score, now, task, e) : VO_OK;
}

vo_err vo_svc_nps_add(struct vo_svc *svc, int64_t client, int score, const char *at,
                      const char *comment, int64_t *id, int64_t *task, struct vo_error *e)
{
    int64_t now = vo_now();
    struct vo_nps n = {.org_id = svc->org.id,
                       .client_id = client,
                       .score = score,
                       .at = now,
                       .comment = comment && *comment ? comment : NULL};
    *id = *task = 0;
    vo_err rc = at ? vo_crm_time(svc, at, "at", &n.at, e) : VO_OK;
    if (!rc && n.at > now)
        rc = vo_error_set(e, VO_EINVAL, "at", "an answer cannot be in the future");
    if (!rc)
        rc = vo_nps_validate(&n, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_client c;
    if ((rc = vo_store_client_get(svc->st, svc->org.id, client, svc->arena, &c, e)) ||
        (rc = vo_svc_check_owner(svc, c.owner_id, true, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    rc = write_answer(svc, &n, &c, 0, now, "nps.create", task, e);
    if (n.id > 0)
        *id = n.id;
    return rc;
}

vo_err vo_svc_nps_of_client(struct vo_svc *svc, int64_t client, struct vo_nps **out,
                            int64_t **tasks, size_t *n, struct vo_error *e)
{
    struct vo_client c;
    *n = 0;
    vo_err rc = vo_store_client_get(svc->st, svc->org.id, client, svc->arena, &c, e);
    if (!rc)
        rc = vo_svc_check_owner(svc, c.owner_id, false, e);
    if (!rc)
        rc = vo_store_nps_of_client(svc->st, svc->org.id, client, svc->arena, out, n, e);
    if (rc)
        return rc;
    *tasks = VO_ARENA_ARRAY(svc->arena, int64_t, *n + 1);
    if (!*tasks)
        return vo_error_set(e, VO_ENOMEM, "nps", "out of memory");
    for (size_t i = 0; i < *n && !rc; i++)
        rc = vo_store_nps_task_get(svc->st, svc->org.id, (*out)[i].id, &(*tasks)[i], e);
    return rc;
}

vo_err vo_svc_nps_delete(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    if (svc->actor_role != VO_ROLE_ADMIN && svc->actor_role != VO_ROLE_HEAD)
        return vo_error_set(e, VO_EPERM, NULL,
                            "only an administrator or the head deletes NPS answers");
    struct vo_nps n;
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_nps_get(svc->st, svc->org.id, id, svc->arena, &n, e)) ||
        (rc = vo_store_nps_delete(svc->st, svc->org.id, id, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    char detail[32];
    snprintf(detail, sizeof detail, "%d", n.score);
    return vo_crm_finish(svc, "nps.delete", "client", n.client_id, detail, e);
}

vo_err vo_svc_nps_task(struct vo_svc *svc, int64_t id, int64_t *task, struct vo_error *e)
{
    struct vo_nps n;
    struct vo_client c;
    *task = 0;
    vo_err rc = vo_store_begin(svc->st, e);
    if (rc)
        return rc;
    if ((rc = vo_store_nps_get(svc->st, svc->org.id, id, svc->arena, &n, e)) ||
        (rc = vo_store_client_get(svc->st, svc->org.id, n.client_id, svc->arena, &c, e)) ||
        (rc = vo_svc_check_owner(svc, c.owner_id, true, e)))
        goto fail;
    if (n.score > 6) {
        rc = vo_error_set(e, VO_EINVAL, "score", "only a detractor's answer (0-6) gets a task");
        goto fail;
    }
    if (c.owner_id <= 0) {
        rc = vo_error_set(e, VO_EINVAL, "owner", "the client has no owner to give the task to");
        goto fail;
    }
    rc = vo_store_nps_task_claim(svc->st, svc->org.id, id, e);
    if (rc == VO_ENOTFOUND)
        rc = vo_error_set(e, VO_ECONFLICT, "id", "this answer has a task already");
    if (rc)
        goto fail;
    if ((rc = vo_crm_finish(svc, "nps.task", "client", c.id, NULL, e)))
        return rc;
    return make_task(svc, id, &c, n.score, vo_now(), task, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

/* ---- survey links ---- */

#define TOKEN_VERSION 1
#define PAYLOAD_LEN   33
#define TOKEN_LEN     (PAYLOAD_LEN + crypto_auth_BYTES)

static void put64(unsigned char *p, int64_t v)
{
    uint64_t u = (uint64_t)v;
    for (int i = 7; i >= 0; i--, u >>= 8)
        p[i] = (unsigned char)(u & 0xff);
}

static int64_t get64(const unsigned char *p)
{
    uint64_t u = 0;
    for (int i = 0; i < 8; i++)
        u = u << 8 | p[i];
    return (int64_t)u;
}

/* The org's key as bytes (made on first use when make). */
static vo_err org_key(struct vo_store *st, int64_t org, bool make, struct vo_arena *a,
                      unsigned char key[crypto_auth_KEYBYTES], struct vo_error *e)
{
    char fresh[2 * crypto_auth_KEYBYTES + 1];
    if (make) {
        unsigned char k[crypto_auth_KEYBYTES];
        crypto_auth_keygen(k);
        sodium_bin2hex(fresh, sizeof fresh, k, sizeof k);
        sodium_memzero(k, sizeof k);
    }
    const char *hex = NULL;
    vo_err rc = vo_store_nps_key(st, org, make ? fresh : NULL, a, &hex, e);
    sodium_memzero(fresh, sizeof fresh);
    if (rc)
        return rc;
    size_t len = 0;
    if (!hex || sodium_hex2bin(key, crypto_auth_KEYBYTES, hex, strlen(hex), NULL, &len, NULL) ||
        len != crypto_auth_KEYBYTES)
        return vo_error_set(e, VO_ESTORE, "token", "the survey key is damaged");
    return VO_OK;
}

vo_err vo_svc_nps_link(struct vo_svc *svc, int64_t client, const char **token, int64_t *expires,
                       struct vo_error *e)
{
    struct vo_nps_settings ns;
    struct vo_client c;
    unsigned char key[crypto_auth_KEYBYTES];
    vo_err rc = vo_nps_settings_parse(svc->org.settings, &ns, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    int64_t now = vo_now();
    struct vo_nps_survey s = {.org_id = svc->org.id,
                              .client_id = client,
                              .created_by = svc->actor_id > 0 ? svc->actor_id : VO_NULL,
                              .created_at = now,
                              .expires_at = now + (int64_t)ns.link_days * 86400};
    if ((rc = vo_store_client_get(svc->st, svc->org.id, client, svc->arena, &c, e)) ||
        (rc = vo_svc_check_owner(svc, c.owner_id, true, e)) ||
        (rc = org_key(svc->st, svc->org.id, true, svc->arena, key, e)) ||
        (rc = vo_store_nps_survey_insert(svc->st, &s, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    unsigned char t[TOKEN_LEN];
    t[0] = TOKEN_VERSION;
    put64(t + 1, s.org_id);
    put64(t + 9, s.id);
    put64(t + 17, s.client_id);
    put64(t + 25, s.expires_at);
    crypto_auth(t + PAYLOAD_LEN, t, PAYLOAD_LEN, key);
    sodium_memzero(key, sizeof key);
    size_t blen = sodium_base64_ENCODED_LEN(TOKEN_LEN, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *b = vo_arena_alloc(svc->arena, blen);
    if (!b) {
        vo_store_rollback(svc->st);
        return vo_error_set(e, VO_ENOMEM, "token", "out of memory");
    }
    sodium_bin2base64(b, blen, t, sizeof t, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    if ((rc = vo_crm_finish(svc, "nps.link", "client", client, NULL, e)))
        return rc;
    *token = b;
    *expires = s.expires_at;
    return VO_OK;
}

/* Opens token at now (public_open's rules) with svc initialised; the
 * survey row into *s. */
static vo_err open_token(struct vo_store *st, const char *token, int64_t now, struct vo_arena *a,
                         struct vo_svc *svc, struct vo_nps_survey *s, struct vo_error *e)
{
    unsigned char t[TOKEN_LEN + 1], key[crypto_auth_KEYBYTES];
    size_t len = 0;
    vo_err rc;
    if (!token || strlen(token) > 200 ||
        sodium_base642bin(t, sizeof t, token, strlen(token), NULL, &len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) ||
        len != TOKEN_LEN || t[0] != TOKEN_VERSION)
        goto forged;
    int64_t org = get64(t + 1), id = get64(t + 9), client = get64(t + 17), exp = get64(t + 25);
    struct vo_error ignored = {0};
    if (org <= 0 || vo_svc_init(svc, st, org, a, &ignored))
        goto forged;
    if ((rc = org_key(st, org, false, a, key, &ignored))) {
        if (rc != VO_ENOTFOUND)
            return vo_error_set(e, rc, NULL, "%s", ignored.msg);
        goto forged;
    }
    int bad = crypto_auth_verify(t + PAYLOAD_LEN, t, PAYLOAD_LEN, key);
    sodium_memzero(key, sizeof key);
    if (bad || vo_store_nps_survey_get(st, org, id, a, s, &ignored) != VO_OK ||
        s->client_id != client || s->expires_at != exp)
        goto forged;
    if (s->answered_at != VO_NULL)
        return vo_error_set(e, VO_ECONFLICT, "token",
                            "this survey has been answered already: thank you");
    if (now >= s->expires_at)
        return vo_error_set(e, VO_ECONFLICT, "token", "this survey link has expired");
    return VO_OK;
forged:
    return vo_error_set(e, VO_ENOTFOUND, "token", "this survey link is not valid");
}

vo_err vo_svc_nps_public_open(struct vo_store *st, const char *token, int64_t now,
                              struct vo_arena *a, struct vo_svc *svc, struct vo_nps_public *out,
                              struct vo_error *e)
{
    struct vo_nps_survey s;
    vo_err rc = open_token(st, token, now, a, svc, &s, e);
    if (rc)
        return rc;
    *out = (struct vo_nps_public){.company = svc->org.name, .expires_at = s.expires_at};
    return VO_OK;
}

vo_err vo_svc_nps_public_answer(struct vo_store *st, const char *token, int64_t now, int score,
                                const char *comment, vo_change_fn on_change, void *on_change_ctx,
                                struct vo_arena *a, struct vo_nps_public *out, struct vo_error *e)
{
    struct vo_svc svc = {0};
    struct vo_nps_survey s;
    struct vo_client c;
    int64_t task = 0;
    vo_err rc = open_token(st, token, now, a, &svc, &s, e);
    struct vo_nps n = {.org_id = svc.org.id,
                       .client_id = s.client_id,
                       .score = score,
                       .at = now,
                       .comment = comment && *comment ? comment : NULL};
    svc.on_change = on_change;
    svc.on_change_ctx = on_change_ctx;
    if (!rc)
        rc = vo_nps_validate(&n, e);
    if (!rc && !(rc = vo_store_begin(st, e))) {
        if ((rc = vo_store_client_get(st, svc.org.id, s.client_id, a, &c, e)))
            vo_store_rollback(st);
        else
            rc = write_answer(&svc, &n, &c, s.id, now, "nps.survey", &task, e);
    }
    if (!rc)
        *out = (struct vo_nps_public){.company = svc.org.name, .expires_at = s.expires_at};
    vo_svc_cleanup(&svc);
    return rc;
}
