/*
 * accounts.c - orgs, users and passwords: `voronka init` and `voronka user`.
 *
 * Passwords are hashed with libsodium's argon2id (crypto_pwhash_str_alg)
 * at the "interactive" cost (64 MiB, two passes); generated passwords come
 * from randombytes_uniform over an alphabet without look-alike characters.
 *
 * The test suite signs in thousands of times, and at the interactive cost
 * nine tenths of its CPU went to argon2id. VO_TEST_PASSWORD_COST=min in the
 * environment (set by CMakeLists.txt for the tests only, as Rails' test
 * environment lowers bcrypt's cost) selects libsodium's minimum instead;
 * `voronka serve` says so when it starts. Hashes of the
 * other cost still verify, and a sign-in rehashes them to the current one.
 */
#include "service/service.h"

#include <glib.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/money.h"
#include "base/sync.h"
#include "base/timeutil.h"
#include "service/org_starter.h"

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
static vo_mutex hash_lock = VO_MUTEX_INIT;
static vo_cond hash_cond = VO_COND_INIT;
static int hash_running;

static void hash_enter(void)
{
    vo_mutex_lock(&hash_lock);
    while (hash_running >= (int)g_get_num_processors())
        vo_cond_wait(&hash_cond, &hash_lock);
    hash_running++;
    vo_mutex_unlock(&hash_lock);
}

static void hash_leave(void)
{
    vo_mutex_lock(&hash_lock);
    hash_running--;
    vo_cond_signal(&hash_cond);
    vo_mutex_unlock(&hash_lock);
}

struct password_cost {
    unsigned long long ops;
    size_t mem;
};

static const struct password_cost *password_cost(void)
{
    static struct password_cost cost;
    static gsize once;
    if (g_once_init_enter(&once)) {
        const char *v = getenv("VO_TEST_PASSWORD_COST");
        if (v && strcmp(v, "min") == 0) {
            cost.ops = crypto_pwhash_OPSLIMIT_MIN;
            cost.mem = crypto_pwhash_MEMLIMIT_MIN;
        } else {
            cost.ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
            cost.mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
        }
        g_once_init_leave(&once, 1);
    }
    return &cost;
}

vo_err vo_password_hash(const char *password, char *out, size_t outsz, struct vo_error *e)
{
    if (!sodium_ready() || outsz < crypto_pwhash_STRBYTES)
        return vo_error_set(e, VO_ENOMEM, NULL, "libsodium is not available");
    if (strlen(password) < 8)
        return vo_error_set(e, VO_EINVAL, "password", "a password has at least 8 characters");
    hash_enter();
    const struct password_cost *c = password_cost();
    int rc = crypto_pwhash_str_alg(out, password, strlen(password), c->ops, c->mem,
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

bool vo_password_cost_is_test(void)
{
    return password_cost()->ops != crypto_pwhash_OPSLIMIT_INTERACTIVE;
}

bool vo_password_needs_rehash(const char *hash)
{
    const struct password_cost *c = password_cost();
    return sodium_ready() && crypto_pwhash_str_needs_rehash(hash, c->ops, c->mem) != 0;
}

void vo_password_decoy(const char *password)
{
    /* A hash of the current cost, made once, so that an unknown email
     * costs what a wrong password does. */
    static char decoy[crypto_pwhash_STRBYTES];
    static gsize once;
    if (g_once_init_enter(&once)) {
        if (vo_password_hash("voronka: no such user", decoy, sizeof decoy, NULL) != VO_OK)
            decoy[0] = '\0';
        g_once_init_leave(&once, 1);
    }
    if (decoy[0])
        (void)vo_password_verify(decoy, password);
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
                         const char *currency, const char *admin_email,
                         struct vo_org_starter *starter, struct vo_arena *a, int64_t *org_id,
                         const char **password, struct vo_error *e)
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
    struct vo_org org = {
        .name = name, .tz = tz, .currency = currency, .settings = "{}", .created_at = vo_now()};
    rc = vo_store_org_insert(st, &org, e);
    if (rc)
        goto out;
    struct vo_user u = {.org_id = org.id,
                        .name = "Администратор",
                        .email = email,
                        .role = VO_ROLE_ADMIN,
                        .password_hash = hash,
                        .active = true,
                        .created_at = vo_now()};
    rc = vo_store_user_insert(st, &u, e);
    if (rc)
        goto out;
    rc = vo_store_audit(st, org.id, u.id, "org.create", "org", org.id, name, e);
    if (rc)
        goto out;
    if (starter) {
        rc = vo_svc_org_starter(st, org.id, a, starter, e);
        if (!rc)
            rc = vo_store_audit(st, org.id, u.id, "org.starter", "pipeline", starter->pipeline_id,
                                vo_arena_printf(a,
                                                "%s: %zu stages; calendar %d-%d: %zu days off, "
                                                "%zu working days",
                                                starter->pipeline, starter->stages,
                                                starter->year_from, starter->year_to,
                                                starter->holidays, starter->workdays),
                                e);
        if (rc)
            goto out;
    }
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
    return vo_svc_may_write(svc, VO_OBJ_USER, e);
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
    if ((rc = vo_svc_user_check(svc, NULL, &u, e)) ||
        (rc = vo_text_check(VO_TEXT_NAME, in->team, "team", e)))
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

/* Sets u's password: an admin for anyone, anyone for themselves - giving
 * their current password (`current`), so that a session left open or
 * stolen cannot take the account over. */
static vo_err set_password(struct vo_svc *svc, const struct vo_user *u, const char *password,
                           const char *current, const char **out_password, struct vo_error *e)
{
    bool own = svc->actor_id != 0 && u->id == svc->actor_id;
    if (svc->actor_role != VO_ROLE_ADMIN && !own)
        return vo_error_set(e, VO_EPERM, NULL, "only an administrator sets another's password");
    if (own && (!current || !*current))
        return vo_error_set(e, VO_EINVAL, "current_password",
                            "give your current password to set a new one");
    if (own && !vo_password_verify(u->password_hash, current))
        return vo_error_set(e, VO_EINVAL, "current_password", "the current password is not right");
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
    return set_password(svc, &u, password, NULL, out_password, e);
}

vo_err vo_svc_user_passwd_target(struct vo_svc *svc, int64_t id, struct vo_user *out,
                                 struct vo_error *e)
{
    vo_err rc = vo_store_user_get(svc->st, svc->org.id, id, svc->arena, out, e);
    bool own = svc->actor_id != 0 && id == svc->actor_id;
    if (rc == VO_ENOTFOUND || (!rc && !own && svc->actor_role != VO_ROLE_ADMIN))
        return vo_error_set(e, VO_ENOTFOUND, "id", "no user %lld", (long long)id);
    return rc;
}

vo_err vo_svc_user_passwd_id(struct vo_svc *svc, int64_t id, const char *password,
                             const char *current, struct vo_error *e)
{
    struct vo_user u;
    vo_err rc = vo_svc_user_passwd_target(svc, id, &u, e);
    if (rc)
        return rc;
    return set_password(svc, &u, password, current, NULL, e);
}

vo_err vo_svc_user_check(struct vo_svc *svc, const struct vo_user *old, const struct vo_user *u,
                         struct vo_error *e)
{
    vo_err rc = require_admin(svc, e);
    if (rc || (rc = vo_user_validate(u, e)))
        return rc;
    /* The last-admin rule: never leave the org without an active admin. */
    if (!old || old->role != VO_ROLE_ADMIN || !old->active ||
        (u->role == VO_ROLE_ADMIN && u->active))
        return VO_OK;
    int64_t others = 0;
    if ((rc = vo_store_user_count_other_admins(svc->st, svc->org.id, old->id, &others, e)))
        return rc;
    if (others > 0)
        return VO_OK;
    return vo_error_set(e, VO_ECONFLICT, u->role != VO_ROLE_ADMIN ? "role" : "active",
                        "%s is the last active administrator of the org: make another user an "
                        "administrator first",
                        old->email ? old->email : old->name);
}

/* Changes user `id` as vo_svc_user_update says, in one transaction that
 * reads the user, checks the change (vo_svc_user_check) and writes it;
 * `action` names it in the audit log. */
static vo_err user_change(struct vo_svc *svc, int64_t id, const struct vo_user_input *in,
                          const bool *active, const char *action, struct vo_error *e)
{
    vo_err rc = require_admin(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_user old, u;
    if ((rc = vo_store_user_get(svc->st, svc->org.id, id, svc->arena, &old, e)))
        goto out;
    u = old;
    if (in->name)
        u.name = in->name;
    if (in->role && (rc = vo_role_parse(in->role, &u.role, "role", e)))
        goto out;
    if (in->email) {
        char *email = vo_arena_strdup(svc->arena, in->email);
        if (*email && (rc = vo_email_normalize(email, "email", e)))
            goto out;
        u.email = *email ? email : NULL;
    }
    if (active)
        u.active = *active;
    if (in->team) {
        if (!*in->team)
            u.team_id = 0;
        else if ((rc = vo_text_check(VO_TEXT_NAME, in->team, "team", e)) ||
                 (rc = vo_store_team_ensure(svc->st, svc->org.id, in->team, &u.team_id, NULL, e)))
            goto out;
    }
    if ((rc = vo_svc_user_check(svc, &old, &u, e)) || (rc = vo_store_user_update(svc->st, &u, e)))
        goto out;
    /* A disabled user's sessions end now, not at their next timeout. */
    if (!u.active && (rc = vo_store_session_delete_user(svc->st, svc->org.id, u.id, 0, e)))
        goto out;
    if ((rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, action, "user", u.id, NULL, e)))
        goto out;
    rc = vo_store_commit(svc->st, e);
out:
    if (rc)
        vo_store_rollback(svc->st);
    else
        vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_USER, .user = &u});
    return rc;
}

vo_err vo_svc_user_update(struct vo_svc *svc, int64_t id, const struct vo_user_input *in,
                          const bool *active, struct vo_error *e)
{
    return user_change(svc, id, in, active, "user.update", e);
}

vo_err vo_svc_user_disable(struct vo_svc *svc, const char *who, struct vo_error *e)
{
    vo_err rc = require_admin(svc, e);
    struct vo_user u;
    if (rc || (rc = vo_svc_user_find(svc, who, &u, e)))
        return rc;
    static const bool off = false;
    return user_change(svc, u.id, &(struct vo_user_input){0}, &off, "user.disable", e);
}
