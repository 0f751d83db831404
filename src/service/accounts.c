/*
 * accounts.c - orgs, users and passwords: `voronka init` and `voronka user`.
 *
 * Passwords are hashed with libsodium's argon2id (crypto_pwhash_str_alg)
 * at the "interactive" cost; generated passwords come from
 * randombytes_uniform over an alphabet without look-alike characters.
 */
#include "service/service.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/money.h"
#include "base/timeutil.h"

static int sodium_ready(void)
{
    static int ready = 0;
    if (!ready)
        ready = sodium_init() >= 0;
    return ready;
}

/* At most as many argon2id computations at once as there are cores: each
 * takes 64 MiB and a core for a while, and a burst of logins must not take
 * the machine down. */
static GMutex hash_lock;
static GCond hash_cond;
static int hash_running;

static void hash_enter(void)
{
    g_mutex_lock(&hash_lock);
    while (hash_running >= (int)g_get_num_processors())
        g_cond_wait(&hash_cond, &hash_lock);
    hash_running++;
    g_mutex_unlock(&hash_lock);
}

static void hash_leave(void)
{
    g_mutex_lock(&hash_lock);
    hash_running--;
    g_cond_signal(&hash_cond);
    g_mutex_unlock(&hash_lock);
}

vo_err vo_password_hash(const char *password, char *out, size_t outsz, struct vo_error *e)
{
    if (!sodium_ready() || outsz < crypto_pwhash_STRBYTES)
        return vo_error_set(e, VO_ENOMEM, NULL, "libsodium is not available");
    if (strlen(password) < 8)
        return vo_error_set(e, VO_EINVAL, "password", "a password has at least 8 characters");
    hash_enter();
    int rc = crypto_pwhash_str_alg(out, password, strlen(password),
                                   crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                   crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                   crypto_pwhash_ALG_ARGON2ID13);
    hash_leave();
    if (rc != 0)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory while hashing a password");
    return VO_OK;
}

bool vo_password_verify(const char *hash, const char *password)
{
    if (!hash || !password || !sodium_ready())
        return false;
    hash_enter();
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    hash_leave();
    return ok;
}

const char *vo_password_generate(struct vo_arena *a)
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    char pw[17];
    sodium_ready();
    for (int i = 0; i < 16; i++)
        pw[i] = alphabet[randombytes_uniform((uint32_t)(sizeof alphabet - 1))];
    pw[16] = '\0';
    return vo_arena_strdup(a, pw);
}

vo_err vo_svc_org_create(struct vo_store *st, const char *name, const char *tz,
                         const char *currency, const char *admin_email, struct vo_arena *a,
                         int64_t *org_id, const char **password, struct vo_error *e)
{
    if (!name || !*name)
        return vo_error_set(e, VO_EINVAL, "org", "an org needs a name (--org NAME)");
    vo_err rc = vo_text_check(VO_TEXT_NAME, name, "org", e);
    if (rc)
        return rc;
    GTimeZone *zone = vo_tz_iana(tz);
    if (!zone)
        return vo_error_set(e, VO_EINVAL, "tz",
                            "\"%s\" is not an IANA time zone (e.g. Europe/Moscow)", tz ? tz : "");
    g_time_zone_unref(zone);
    if (!vo_currency_valid(currency))
        return vo_error_set(e, VO_EINVAL, "currency",
                            "\"%s\" is not an ISO 4217 currency code (e.g. RUB)",
                            currency ? currency : "");
    char *email = vo_arena_strdup(a, admin_email);
    rc = vo_email_normalize(email, "admin", e);
    if (rc)
        return rc;
    const char *pw = vo_password_generate(a);
    char hash[crypto_pwhash_STRBYTES];
    rc = vo_password_hash(pw, hash, sizeof hash, e);
    if (rc)
        return rc;

    rc = vo_store_begin(st, e);
    if (rc)
        return rc;
    struct vo_org org = {.name = name, .tz = tz, .currency = currency, .settings = "{}",
                         .created_at = vo_now()};
    rc = vo_store_org_insert(st, &org, e);
    if (rc)
        goto out;
    struct vo_user u = {.org_id = org.id, .name = "Administrator", .email = email,
                        .role = VO_ROLE_ADMIN, .password_hash = hash, .active = true,
                        .created_at = vo_now()};
    rc = vo_store_user_insert(st, &u, e);
    if (rc)
        goto out;
    rc = vo_store_audit(st, org.id, u.id, "org.create", "org", org.id, name, e);
    if (rc)
        goto out;
    rc = vo_store_commit(st, e);
out:
    if (rc) {
        vo_store_rollback(st);
        return rc;
    }
    *org_id = org.id;
    *password = pw;
    return VO_OK;
}

vo_err vo_svc_user_find(struct vo_svc *svc, const char *who, struct vo_user *out,
                        struct vo_error *e)
{
    if (!who || !*who)
        return vo_error_set(e, VO_EINVAL, "user", "which user? give an email or a full name");
    if (strchr(who, '@'))
        return vo_store_user_find_email(svc->st, svc->org.id, who, svc->arena, out, e);
    int count = 0;
    vo_err rc = vo_store_user_find_name(svc->st, svc->org.id, who, svc->arena, out, &count, e);
    if (rc)
        return rc;
    if (count > 1)
        return vo_error_set(e, VO_EINVAL, "user",
                            "%d users are named \"%s\": use the email instead", count, who);
    return VO_OK;
}

static vo_err require_admin(struct vo_svc *svc, struct vo_error *e)
{
    if (svc->actor_role != VO_ROLE_ADMIN)
        return vo_error_set(e, VO_EPERM, NULL, "only an administrator manages users");
    return VO_OK;
}

vo_err vo_svc_user_add(struct vo_svc *svc, const struct vo_user_input *in, int64_t *id,
                       const char **password, struct vo_error *e)
{
    vo_err rc = require_admin(svc, e);
    if (rc)
        return rc;
    struct vo_user u = {.org_id = svc->org.id,
                        .name = in->name,
                        .role = VO_ROLE_MANAGER,
                        .active = true,
                        .created_at = vo_now()};
    /* a role given is a role: "" is not "the default" */
    if (in->role && (rc = vo_role_parse(in->role, &u.role, "role", e)))
        return rc;
    if (in->email && *in->email) {
        char *email = vo_arena_strdup(svc->arena, in->email);
        if ((rc = vo_email_normalize(email, "email", e)))
            return rc;
        u.email = email;
    }
    if ((rc = vo_user_validate(&u, e)) || (rc = vo_text_check(VO_TEXT_NAME, in->team, "team", e)))
        return rc;
    const char *pw = in->password ? in->password : vo_password_generate(svc->arena);
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = vo_password_hash(pw, hash, sizeof hash, e)))
        return rc;
    u.password_hash = hash;

    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if (in->team && *in->team &&
        (rc = vo_store_team_ensure(svc->st, svc->org.id, in->team, &u.team_id, NULL, e)))
        goto out;
    if ((rc = vo_store_user_insert(svc->st, &u, e)))
        goto out;
    if ((rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "user.add", "user", u.id,
                             u.email ? u.email : u.name, e)))
        goto out;
    rc = vo_store_commit(svc->st, e);
out:
    if (rc) {
        vo_store_rollback(svc->st);
        return rc;
    }
    vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_USER, .user = &u});
    if (id)
        *id = u.id;
    if (password)
        *password = pw;
    return VO_OK;
}

/* Sets u's password: an admin for anyone, anyone for themselves. */
static vo_err set_password(struct vo_svc *svc, const struct vo_user *u, const char *password,
                           const char **out_password, struct vo_error *e)
{
    if (svc->actor_role != VO_ROLE_ADMIN && (svc->actor_id == 0 || u->id != svc->actor_id))
        return vo_error_set(e, VO_EPERM, NULL, "only an administrator sets another's password");
    const char *pw = password ? password : vo_password_generate(svc->arena);
    char hash[crypto_pwhash_STRBYTES];
    vo_err rc = vo_password_hash(pw, hash, sizeof hash, e);
    if (rc)
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if (!(rc = vo_store_user_set_password(svc->st, svc->org.id, u->id, hash, e)) &&
        !(rc = vo_store_session_delete_user(svc->st, svc->org.id, u->id,
                                            u->id == svc->actor_id ? svc->actor_session : 0, e)) &&
        !(rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "user.passwd", "user", u->id,
                              NULL, e)))
        rc = vo_store_commit(svc->st, e);
    if (rc) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if (out_password)
        *out_password = pw;
    return VO_OK;
}

vo_err vo_svc_user_passwd(struct vo_svc *svc, const char *email, const char *password,
                          const char **out_password, struct vo_error *e)
{
    struct vo_user u;
    vo_err rc = vo_svc_user_find(svc, email, &u, e);
    if (rc)
        return rc;
    return set_password(svc, &u, password, out_password, e);
}

vo_err vo_svc_user_passwd_id(struct vo_svc *svc, int64_t id, const char *password,
                             struct vo_error *e)
{
    struct vo_user u;
    vo_err rc = vo_store_user_get(svc->st, svc->org.id, id, svc->arena, &u, e);
    if (rc)
        return rc;
    return set_password(svc, &u, password, NULL, e);
}

vo_err vo_svc_user_update(struct vo_svc *svc, int64_t id, const struct vo_user_input *in,
                          const bool *active, struct vo_error *e)
{
    vo_err rc = require_admin(svc, e);
    if (rc)
        return rc;
    struct vo_user u;
    if ((rc = vo_store_user_get(svc->st, svc->org.id, id, svc->arena, &u, e)))
        return rc;
    if (in->name)
        u.name = in->name;
    if (in->role && (rc = vo_role_parse(in->role, &u.role, "role", e)))
        return rc;
    if (in->email) {
        char *email = vo_arena_strdup(svc->arena, in->email);
        if (*email && (rc = vo_email_normalize(email, "email", e)))
            return rc;
        u.email = *email ? email : NULL;
    }
    if (active)
        u.active = *active;
    if ((rc = vo_user_validate(&u, e)) || (rc = vo_text_check(VO_TEXT_NAME, in->team, "team", e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if (in->team) {
        if (!*in->team)
            u.team_id = 0;
        else if ((rc = vo_store_team_ensure(svc->st, svc->org.id, in->team, &u.team_id, NULL, e)))
            goto out;
    }
    if ((rc = vo_store_user_update(svc->st, &u, e)))
        goto out;
    /* A disabled user's sessions end now, not at their next timeout. */
    if (!u.active && (rc = vo_store_session_delete_user(svc->st, svc->org.id, u.id, 0, e)))
        goto out;
    if ((rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "user.update", "user", u.id,
                             NULL, e)))
        goto out;
    rc = vo_store_commit(svc->st, e);
out:
    if (rc)
        vo_store_rollback(svc->st);
    else
        vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_USER, .user = &u});
    return rc;
}

vo_err vo_svc_user_disable(struct vo_svc *svc, const char *email, struct vo_error *e)
{
    vo_err rc = require_admin(svc, e);
    if (rc)
        return rc;
    struct vo_user u;
    if ((rc = vo_svc_user_find(svc, email, &u, e)))
        return rc;
    if (u.role == VO_ROLE_ADMIN && u.active) {
        /* Never lock the org out: keep at least one active admin. */
        struct vo_user *all = NULL;
        size_t n = 0, admins = 0;
        if ((rc = vo_store_user_list(svc->st, svc->org.id, svc->arena, &all, &n, e)))
            return rc;
        for (size_t i = 0; i < n; i++)
            admins += all[i].role == VO_ROLE_ADMIN && all[i].active;
        if (admins <= 1)
            return vo_error_set(e, VO_ECONFLICT, "user",
                                "%s is the last active administrator", email);
    }
    u.active = false;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if (!(rc = vo_store_user_update(svc->st, &u, e)) &&
        !(rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, "user.disable", "user", u.id,
                              NULL, e)))
        rc = vo_store_commit(svc->st, e);
    if (rc)
        vo_store_rollback(svc->st);
    else
        vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_USER, .user = &u});
    return rc;
}
