/*
 * crm_sync.c - the sync sources and their runs (crm_sync.h): the key
 * file, the sealed credentials, the use cases.
 */
#include "service/crm_sync.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/timeutil.h"
#include "service/crm.h"

/* ---- the key ---- */

vo_err vo_sync_key_load(const char *path, unsigned char key[VO_SYNC_KEY_BYTES], struct vo_error *e)
{
    gchar *text = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    if (!g_file_get_contents(path, &text, &len, &gerr)) {
        vo_err rc =
            vo_error_set(e, VO_EIO, "key_file", "the key file cannot be read: %s", gerr->message);
        g_error_free(gerr);
        return rc;
    }
    size_t bin = 0;
    const char *end = NULL;
    bool ok = sodium_hex2bin(key, VO_SYNC_KEY_BYTES, text, len, NULL, &bin, &end) == 0 &&
              bin == VO_SYNC_KEY_BYTES && end && (*end == '\0' || strcmp(end, "\n") == 0);
    sodium_memzero(text, len);
    g_free(text);
    if (!ok) {
        sodium_memzero(key, VO_SYNC_KEY_BYTES);
        return vo_error_set(e, VO_EINVAL, "key_file",
                            "%s is not a sync key (64 hex digits, as `voronka sync key` writes)",
                            path);
    }
    return VO_OK;
}

vo_err vo_sync_key_create(const char *path, struct vo_error *e)
{
    if (sodium_init() < 0)
        return vo_error_set(e, VO_EIO, NULL, "libsodium could not start");
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return vo_error_set(e, VO_ECONFLICT, "key_file",
                                "%s exists already: a new key would lock out every source "
                                "sealed with it",
                                path);
        return vo_error_set(e, VO_EIO, "key_file", "%s cannot be written: %s", path,
                            g_strerror(errno));
    }
    unsigned char key[VO_SYNC_KEY_BYTES];
    char hex[VO_SYNC_KEY_BYTES * 2 + 2];
    randombytes_buf(key, sizeof key);
    sodium_bin2hex(hex, sizeof hex - 1, key, sizeof key);
    size_t len = VO_SYNC_KEY_BYTES * 2;
    hex[len++] = '\n';
    hex[len] = '\0';
    bool ok = write(fd, hex, len) == (ssize_t)len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    sodium_memzero(key, sizeof key);
    sodium_memzero(hex, sizeof hex);
    if (!ok) {
        unlink(path);
        return vo_error_set(e, VO_EIO, "key_file", "%s cannot be written: %s", path,
                            g_strerror(errno));
    }
    return VO_OK;
}

/* ---- sealing ---- */

/* base64(nonce || secretbox(plain)) in a. */
static const char *seal(struct vo_arena *a, const char *plain,
                        const unsigned char key[VO_SYNC_KEY_BYTES])
{
    size_t plen = strlen(plain);
    size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plen;
    unsigned char *box = g_malloc(blen);
    randombytes_buf(box, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, plen,
                          box, key);
    size_t b64 = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_ORIGINAL);
    char *out = vo_arena_alloc(a, b64);
    if (out)
        sodium_bin2base64(out, b64, box, blen, sodium_base64_VARIANT_ORIGINAL);
    g_free(box);
    return out;
}

/* The plain text of sealed (g_free it after sodium_memzero), or NULL when
 * the key does not open it. */
static char *unseal(const char *sealed, const unsigned char key[VO_SYNC_KEY_BYTES])
{
    size_t cap = strlen(sealed), blen = 0;
    unsigned char *box = g_malloc(cap + 1);
    char *plain = NULL;
    if (sodium_base642bin(box, cap, sealed, cap, NULL, &blen, NULL,
                          sodium_base64_VARIANT_ORIGINAL) == 0 &&
        blen >= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
        size_t plen = blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
        plain = g_malloc(plen + 1);
        if (crypto_secretbox_open_easy((unsigned char *)plain, box + crypto_secretbox_NONCEBYTES,
                                       blen - crypto_secretbox_NONCEBYTES, box, key) != 0) {
            g_free(plain);
            plain = NULL;
        } else {
            plain[plen] = '\0';
        }
    }
    g_free(box);
    return plain;
}

/* ---- the use cases ---- */

static vo_err may_manage(struct vo_svc *svc, struct vo_error *e)
{
    if (svc->actor_role == VO_ROLE_ADMIN || svc->actor_role == VO_ROLE_HEAD)
        return VO_OK;
    return vo_error_set(e, VO_EPERM, NULL, "only an admin or the head manages the sync");
}

/* An http(s) address with a host and nothing that needs escaping. */
static bool url_ok(const char *url)
{
    size_t skip = g_str_has_prefix(url, "https://") ? 8 : g_str_has_prefix(url, "http://") ? 7 : 0;
    if (!skip || !url[skip] || url[skip] == '/')
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == 0x7f || *p == '?' || *p == '#')
            return false;
    return true;
}

/* What the source shows of its URL: the scheme and host (a Bitrix24
 * webhook's path holds its key). */
static const char *shown_url(struct vo_arena *a, const char *url)
{
    const char *host = strstr(url, "://") + 3;
    const char *slash = strchr(host, '/');
    size_t n = slash ? (size_t)(slash - url) : strlen(url);
    char *s = g_strndup(url, n);
    const char *out = vo_arena_strdup(a, s);
    g_free(s);
    return out;
}

static vo_err check_input(const struct vo_sync_input *in, struct vo_error *e)
{
    vo_err rc = vo_text_required(VO_TEXT_NAME, in->name, "name", e);
    if (rc)
        return rc;
    if (strlen(in->name) > VO_SYNC_NAME_MAX)
        return vo_error_set(e, VO_EINVAL, "name", "at most %d bytes", VO_SYNC_NAME_MAX);
    if (!in->kind || (strcmp(in->kind, "amocrm") != 0 && strcmp(in->kind, "bitrix24") != 0))
        return vo_error_set(e, VO_EINVAL, "kind", "the kind is amocrm or bitrix24, not \"%s\"",
                            in->kind ? in->kind : "");
    if (!in->url || !*in->url)
        return vo_error_set(e, VO_EINVAL, "url", "%s is required", "url");
    if (strlen(in->url) > VO_SYNC_URL_MAX || !url_ok(in->url))
        return vo_error_set(e, VO_EINVAL, "url",
                            "not an http(s) address with a host (and no query): %.200s", in->url);
    bool amo = strcmp(in->kind, "amocrm") == 0;
    if (amo && (!in->token || !*in->token))
        return vo_error_set(e, VO_EINVAL, "token",
                            "amoCRM needs the long-lived token of an integration");
    if (!amo && in->token)
        return vo_error_set(e, VO_EINVAL, "token",
                            "Bitrix24's key is in its webhook's URL: no token is given");
    if (in->token && strlen(in->token) > VO_SYNC_SECRET_MAX)
        return vo_error_set(e, VO_EINVAL, "token", "at most %d bytes", VO_SYNC_SECRET_MAX);
    if (!amo && !strstr(in->url, "/rest/"))
        return vo_error_set(e, VO_EINVAL, "url",
                            "a Bitrix24 inbound webhook's URL has /rest/USER/KEY/ in it");
    return VO_OK;
}

vo_err vo_svc_sync_add(struct vo_svc *svc, const struct vo_sync_input *in,
                       const unsigned char key[VO_SYNC_KEY_BYTES], struct vo_sync_source *out,
                       struct vo_error *e)
{
    vo_err rc = may_manage(svc, e);
    if (rc || (rc = check_input(in, e)))
        return rc;
    if (sodium_init() < 0)
        return vo_error_set(e, VO_EIO, NULL, "libsodium could not start");
    bool amo = strcmp(in->kind, "amocrm") == 0;
    /* amoCRM: the token (the address is no secret); Bitrix24: the URL */
    char *base = g_strdup(in->url);
    if (amo)
        while (*base && g_str_has_suffix(base, "/"))
            base[strlen(base) - 1] = '\0';
    char *plain = amo                           ? g_strdup(in->token)
                  : g_str_has_suffix(base, "/") ? g_strdup(base)
                                                : g_strconcat(base, "/", NULL);
    *out = (struct vo_sync_source){.org_id = svc->org.id,
                                   .name = in->name,
                                   .kind = amo ? "amocrm" : "bitrix24",
                                   .url = amo ? vo_arena_strdup(svc->arena, base)
                                              : shown_url(svc->arena, in->url),
                                   .sealed = seal(svc->arena, plain, key),
                                   .last_run_at = VO_NULL,
                                   .created_by = svc->actor_id,
                                   .created_at = vo_now()};
    sodium_memzero(plain, strlen(plain));
    g_free(plain);
    g_free(base);
    if (!out->sealed || !out->url)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    struct vo_sync_source *all = NULL;
    size_t n = 0;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_sync_list(svc->st, svc->org.id, svc->arena, &all, &n, e)))
        goto fail;
    for (size_t i = 0; i < n; i++)
        if (strcmp(all[i].name, in->name) == 0) {
            rc = vo_error_set(e, VO_ECONFLICT, "name", "a sync source is named \"%s\" already",
                              in->name);
            goto fail;
        }
    if (n >= VO_SYNC_PER_ORG) {
        rc = vo_error_set(e, VO_ECONFLICT, NULL, "an org has %d sync sources at the most",
                          VO_SYNC_PER_ORG);
        goto fail;
    }
    if ((rc = vo_store_sync_insert(svc->st, out, &out->id, e)))
        goto fail;
    out->sealed = NULL;
    return vo_crm_finish(svc, "sync.add", "sync_source", out->id, out->name, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_sync_list(struct vo_svc *svc, struct vo_sync_source **out, size_t *n,
                        struct vo_error *e)
{
    vo_err rc = may_manage(svc, e);
    if (rc || (rc = vo_store_sync_list(svc->st, svc->org.id, svc->arena, out, n, e)))
        return rc;
    for (size_t i = 0; i < *n; i++)
        (*out)[i].sealed = NULL;
    return VO_OK;
}

vo_err vo_svc_sync_remove(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    vo_err rc = may_manage(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_sync_delete(svc->st, svc->org.id, id, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "sync.remove", "sync_source", id, NULL, e);
}

/* Records the run's outcome on the source (its own transaction, after the
 * import's): "ok", or the error as {"en": ..., "ru": ...}
 * (vo_sync_status_text reads it). */
static void ran(struct vo_svc *svc, int64_t id, const struct vo_error *err, int64_t deals,
                int64_t cursor)
{
    struct vo_error ignored = {0};
    const char *status = "ok";
    char *text = NULL;
    if (err) {
        json_t *o =
            json_pack("{s:s, s:s}", "en", err->msg, "ru", err->msg_ru[0] ? err->msg_ru : err->msg);
        text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        status = text ? text : "error";
    }
    if (!vo_store_begin(svc->st, &ignored) &&
        (vo_store_sync_ran(svc->st, svc->org.id, id, vo_now(), status, deals, cursor, &ignored) ||
         vo_store_commit(svc->st, &ignored)))
        vo_store_rollback(svc->st);
    free(text);
}

const char *vo_sync_status_text(struct vo_arena *a, const char *status, bool ru)
{
    if (!status || strcmp(status, "ok") == 0)
        return status;
    json_t *o = json_loads(status, 0, NULL);
    const char *s = json_string_value(json_object_get(o, ru ? "ru" : "en"));
    const char *out = vo_arena_strdup(a, s ? s : status);
    json_decref(o);
    return out;
}

vo_err vo_svc_sync_run(struct vo_svc *svc, int64_t id, const unsigned char key[VO_SYNC_KEY_BYTES],
                       const struct vo_sync_opts *opts, struct vo_sync_report *rep,
                       struct vo_error *e)
{
    static const struct vo_sync_opts defaults = {0};
    if (!opts)
        opts = &defaults;
    memset(rep, 0, sizeof *rep);
    struct vo_sync_source src;
    vo_err rc = may_manage(svc, e);
    if (rc || (rc = vo_store_sync_get(svc->st, svc->org.id, id, svc->arena, &src, e)))
        return rc;
    rep->kind = src.kind;
    rep->since = opts->full ? 0 : src.cursor;
    char *secret = unseal(src.sealed, key);
    if (!secret)
        return vo_error_set(e, VO_EINVAL, "key_file",
                            "the key does not open the credentials of sync source %lld: another "
                            "key file, or the source was added with another",
                            (long long)id);
    struct vo_sync_read rd = {0};
    if (strcmp(src.kind, "amocrm") == 0)
        rc = vo_sync_read_amocrm(src.url, secret, rep->since, svc->arena, &rd, e);
    else
        rc = vo_sync_read_bitrix24(secret, rep->since, svc->arena, &rd, e);
    sodium_memzero(secret, strlen(secret));
    g_free(secret);
    rep->requests = rd.requests;
    rep->deals = rd.deals;
    rep->stage_changes = rd.stage_changes;
    rep->cursor = rd.cursor;
    if (rc) {
        if (!opts->dry_run)
            ran(svc, id, e, 0, 0);
        return rc;
    }
    if (rd.ntables == 0) { /* nothing changed: nothing to import */
        rep->import.dry_run = opts->dry_run;
        if (!opts->dry_run)
            ran(svc, id, NULL, 0, 0);
        return VO_OK;
    }
    struct vo_import_opts io = {
        .dry_run = opts->dry_run, .tables = rd.tables, .ntables = rd.ntables};
    const char *label = vo_arena_printf(svc->arena, "sync:%s", src.name);
    rc = vo_svc_import(svc, label, &io, &rep->import, e);
    if (!opts->dry_run)
        ran(svc, id, rc ? e : NULL, rd.deals, rc ? 0 : rd.cursor);
    return rc;
}
