/*
 * rules.h - who may write what: one row per kind of object the org holds,
 * with the roles that may create or change it. Every use case that writes
 * asks vo_svc_may_write once, and the importer asks the same question for
 * each row it writes, so the API, the CLI and an import cannot disagree on
 * a role. Which objects of a kind a manager may touch (their own) is the
 * other half of the rule: vo_svc_check_owner (service.h).
 *
 * The same rows say who may read a kind: everyone of the org reads most
 * (a manager's lists are then narrowed to their own by the ownership
 * check); API tokens are the administrator's and the audit log is for the
 * administrator and the head. Every read use case of such a kind asks
 * vo_svc_may_read once.
 */
#ifndef VO_SERVICE_RULES_H
#define VO_SERVICE_RULES_H

#include "base/err.h"

struct vo_svc;

enum vo_object {
    VO_OBJ_USER,
    VO_OBJ_TEAM,
    VO_OBJ_PRODUCT,
    VO_OBJ_PIPELINE,
    VO_OBJ_STAGE,
    VO_OBJ_HOLIDAY,
    VO_OBJ_ORG,
    VO_OBJ_TOKEN,
    VO_OBJ_PLAN,
    VO_OBJ_SPEND,
    VO_OBJ_NPS,
    VO_OBJ_CLIENT,
    VO_OBJ_DEAL,
    VO_OBJ_STAGE_CHANGE,
    VO_OBJ_ACTIVITY,
    VO_OBJ_TASK,
    VO_OBJ_PAYMENT,
    VO_OBJ_IMPORT,    /* an import as a whole; each row then needs its object's right */
    VO_OBJ_AUDIT,     /* the audit log: written by the use cases themselves, never by a role */
    VO_OBJ_VACANCY,   /* hiring (issue 14): read by all, run by the admin and the head */
    VO_OBJ_CANDIDATE, /* hiring: the admin's and the head's alone, read or written */
    VO_OBJ__COUNT
};

/* A bit per role (1u << enum vo_role). */
#define VO_ROLE_BIT(r) (1u << (unsigned)(r))

/* VO_OK when svc's actor may create or change objects of kind obj;
 * VO_EPERM with a sentence saying who may, otherwise. (The operator of the
 * CLI acts as an administrator: vo_svc_init.) */
vo_err vo_svc_may_write(const struct vo_svc *svc, enum vo_object obj, struct vo_error *e);
/* VO_OK when svc's actor may read objects of kind obj; VO_EPERM with a
 * sentence saying who may, otherwise. */
vo_err vo_svc_may_read(const struct vo_svc *svc, enum vo_object obj, struct vo_error *e);
/* The roles (VO_ROLE_BIT mask) that may write obj. */
unsigned vo_object_roles(enum vo_object obj);
/* The roles (VO_ROLE_BIT mask) that may read obj. */
unsigned vo_object_readers(enum vo_object obj);
/* A short name of obj ("users", "products"). */
const char *vo_object_name(enum vo_object obj);

#endif
