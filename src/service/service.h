/*
 * service.h - the use cases: one function per thing a user does. Each runs
 * in a struct vo_svc (the store, the org, the acting user), checks the
 * actor's role once, runs one store transaction, and writes the audit log.
 * The CLI and the HTTP API call these; neither reads or writes the store
 * directly (ARCHITECTURE.md).
 */
#ifndef VO_SERVICE_SERVICE_H
#define VO_SERVICE_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "base/arena.h"
#include "base/err.h"
#include "model/model.h"
#include "service/rules.h"
#include "store/store.h"

/* A committed change, as the service tells it to whoever keeps a copy of
 * the org's data (the server's live datasets). The records are the stored
 * rows after the write (ids and revisions set: changes are told after the
 * commit, so two writers' can arrive in either order, and the revision
 * says which row is newer); pointers are valid during the call only. */
enum vo_change_kind {
    VO_CHANGE_DEAL,         /* a deal created or updated (incl. its stage/status) */
    VO_CHANGE_STAGE_CHANGE, /* a deal entered a stage */
    VO_CHANGE_ACTIVITY,     /* an activity created or updated */
    VO_CHANGE_TASK,         /* a task created, updated or completed */
    VO_CHANGE_PAYMENT,      /* a payment created or updated */
    VO_CHANGE_PLAN,         /* a plan set */
    VO_CHANGE_OTHER,        /* anything else (teams, stages, settings, imports):
                               the copy must be rebuilt from the store */
    VO_CHANGE_CLIENT,       /* a client created or updated */
    VO_CHANGE_USER,         /* a user added, updated or disabled */
};

struct vo_change {
    enum vo_change_kind kind;
    const struct vo_deal *deal;
    const struct vo_stage_change *stage_change;
    const struct vo_activity *activity;
    const struct vo_task *task;
    const struct vo_payment *payment;
    const struct vo_plan *plan;
    const struct vo_client *client;
    const struct vo_user *user;
    bool created; /* the record was created by this write (not an edit of a
                     stored one); set for activities and clients */
};

typedef void (*vo_change_fn)(void *ctx, int64_t org, const struct vo_change *c);

struct vo_svc {
    struct vo_store *st;
    struct vo_org org;   /* strings in arena */
    GTimeZone *tz;       /* the org's zone; owned, freed by vo_svc_cleanup */
    int currency_digits; /* minor-unit digits of the org's currency */
    int64_t actor_id;    /* 0 = the system (CLI run by the operator) */
    enum vo_role actor_role;
    int64_t actor_session;  /* the actor's web session, 0 when none */
    struct vo_arena *arena; /* for the caller's command or request */
    vo_change_fn on_change; /* called after each committed change; may be NULL */
    void *on_change_ctx;
};

/* Tells svc->on_change (when set) about a committed change. Use cases call
 * it after vo_store_commit, never before. */
void vo_svc_emit(struct vo_svc *svc, const struct vo_change *c);

/* THE ownership check, called once by every use case that reads or writes
 * an object owned by a user (deals, clients, activities, tasks, payments):
 * admin and head see and change everything of the org; a manager only what
 * they own (anything else is VO_ENOTFOUND, so its existence does not leak);
 * a viewer reads everything and changes nothing (VO_EPERM). */
vo_err vo_svc_check_owner(struct vo_svc *svc, int64_t owner_id, bool write, struct vo_error *e);

/* Loads org `org_id` (0 = the only org of the database; VO_EINVAL listing
 * them when there are several) into svc. The actor is the operator (admin). */
vo_err vo_svc_init(struct vo_svc *svc, struct vo_store *st, int64_t org_id, struct vo_arena *a,
                   struct vo_error *e);
/* Finds the org by name or numeric id text. */
vo_err vo_svc_init_by_name(struct vo_svc *svc, struct vo_store *st, const char *org,
                           struct vo_arena *a, struct vo_error *e);
void vo_svc_cleanup(struct vo_svc *svc);
/* on: what svc reads from now on, outside a write, comes from one
 * snapshot of the store in one read transaction; off ends it. A write ends
 * it first (store.h, vo_store_read_scope). The server opens one around a
 * GET's handler. */
void vo_svc_read_scope(struct vo_svc *svc, bool on);

/* ---- orgs and users (service/accounts.c) ---- */

struct vo_org_starter;
/* Creates an org with an admin user and a generated password (returned in
 * the arena, shown once). tz must be an IANA zone, currency ISO 4217.
 * When starter is not NULL the org also gets, in the same transaction, the
 * default pipeline and the production calendar (service/org_starter.h),
 * and *starter says what was loaded; NULL makes an empty org (the demo and
 * imports that bring their own configuration). */
vo_err vo_svc_org_create(struct vo_store *st, const char *name, const char *tz,
                         const char *currency, const char *admin_email,
                         struct vo_org_starter *starter, struct vo_arena *a, int64_t *org_id,
                         const char **password, struct vo_error *e);

struct vo_user_input {
    const char *name;
    const char *email;    /* may be NULL for users known only by name */
    const char *role;     /* NULL = manager */
    const char *team;     /* NULL = none; created when missing */
    const char *password; /* NULL = generate one */
};
/* Adds a user; *password is the one set (generated when not given). */
vo_err vo_svc_user_add(struct vo_svc *svc, const struct vo_user_input *in, int64_t *id,
                       const char **password, struct vo_error *e);
/* Sets a user's password (generated when NULL) and ends the user's other
 * sessions (all of them when the actor is someone else). An administrator
 * sets anyone's; a user their own only, and only with their current
 * password (`current`; VO_EINVAL naming "current_password" when it is
 * missing or wrong). The CLI's operator (actor 0) needs none. */
vo_err vo_svc_user_passwd(struct vo_svc *svc, const char *email, const char *password,
                          const char **out_password, struct vo_error *e);
vo_err vo_svc_user_passwd_id(struct vo_svc *svc, int64_t id, const char *password,
                             const char *current, struct vo_error *e);
/* The user id whose password the actor asks to set, when the actor may:
 * their own, or anyone's for an administrator. Anyone else's, like a user
 * not in the org, is VO_ENOTFOUND naming "id" ("no user N"), so that a
 * manager learns nothing of who exists. vo_svc_user_passwd_id checks it;
 * the API asks it first, before reading the request's body. */
vo_err vo_svc_user_passwd_target(struct vo_svc *svc, int64_t id, struct vo_user *out,
                                 struct vo_error *e);
/* Changes name, email, role, team ("" = none) and, when active is not
 * NULL, the active flag (admin only; disabling ends the user's sessions).
 * Taking the admin role or the active flag from the org's last active
 * administrator is VO_ECONFLICT naming "role" or "active". */
vo_err vo_svc_user_update(struct vo_svc *svc, int64_t id, const struct vo_user_input *in,
                          const bool *active, struct vo_error *e);
/* Disables the user found by email or name (vo_svc_user_find): an update
 * of the active flag, with its rules. */
vo_err vo_svc_user_disable(struct vo_svc *svc, const char *who, struct vo_error *e);
/* The rules every write of a user obeys, whoever writes it (the API, the
 * CLI, the import): the actor manages users (an administrator), u is a
 * valid user, and - when old (the stored user, NULL for a new one) is an
 * active administrator that u no longer is - the org keeps another active
 * administrator (VO_ECONFLICT naming "role" or "active"). Call it inside
 * the write's transaction, so the count of administrators is the one the
 * write commits against. */
vo_err vo_svc_user_check(struct vo_svc *svc, const struct vo_user *old, const struct vo_user *u,
                         struct vo_error *e);
/* Finds a user by email, or by full name when the text has no '@'. */
vo_err vo_svc_user_find(struct vo_svc *svc, const char *who, struct vo_user *out,
                        struct vo_error *e);

/* Password hashing (libsodium argon2id) and generation. */
vo_err vo_password_hash(const char *password, char *out, size_t outsz, struct vo_error *e);
bool vo_password_verify(const char *hash, const char *password);
/* Whether VO_TEST_PASSWORD_COST=min lowered the cost (accounts.c). */
bool vo_password_cost_is_test(void);
/* Whether a stored hash was made at another cost than today's. */
bool vo_password_needs_rehash(const char *hash);
/* Spends on a password what verifying a real hash would (unknown email). */
void vo_password_decoy(const char *password);
/* A random password of 16 characters from an unambiguous alphabet. */
const char *vo_password_generate(struct vo_arena *a);

#endif
