/*
 * rules.c - the table of who may write what (rules.h).
 *
 * The configuration of the org (users, teams, products, the org itself,
 * API tokens) is the administrator's. Plans, marketing spend and NPS
 * answers are the department's figures, and the pipelines, their stages
 * and the calendar the department's way of working: the administrator's
 * and the head's. The CRM's records are written by the
 * sales roles (admin, head, manager); vo_svc_check_owner narrows a manager
 * to their own and refuses a viewer, and a test holds the two to the same
 * roles. The routes' role column (http/routes.c) is a first gate in front
 * of these; this table is the one the service enforces.
 *
 * Reading is open to every role of the org except for API tokens (the
 * administrator's, as their writing is) and the audit log (the
 * administrator and the head: it names who did what).
 */
#include "service/rules.h"

#include "service/service.h"

#define ADMIN   VO_ROLE_BIT(VO_ROLE_ADMIN)
#define HEAD    VO_ROLE_BIT(VO_ROLE_HEAD)
#define MANAGER VO_ROLE_BIT(VO_ROLE_MANAGER)
#define VIEWER  VO_ROLE_BIT(VO_ROLE_VIEWER)
#define ANYONE  (ADMIN | HEAD | MANAGER | VIEWER)

static const struct {
    const char *name;
    unsigned roles;
    const char *who; /* the refusal */
} rules[VO_OBJ__COUNT] = {
    [VO_OBJ_USER] = {"users", ADMIN, VO_MSG("only an administrator manages users")},
    [VO_OBJ_TEAM] = {"teams", ADMIN, VO_MSG("only an administrator manages teams")},
    [VO_OBJ_PRODUCT] = {"products", ADMIN,
                        VO_MSG("only an administrator changes the product catalogue")},
    /* the head of sales runs the pipelines and the calendar (issue 10) */
    [VO_OBJ_PIPELINE] = {"pipelines", ADMIN | HEAD,
                         VO_MSG("only an administrator or a head changes pipelines")},
    [VO_OBJ_STAGE] = {"stages", ADMIN | HEAD,
                      VO_MSG("only an administrator or a head changes the stages of a pipeline")},
    [VO_OBJ_HOLIDAY] = {"holidays", ADMIN | HEAD,
                        VO_MSG("only an administrator or a head changes the calendar")},
    [VO_OBJ_ORG] = {"org", ADMIN, VO_MSG("only an administrator changes the settings")},
    [VO_OBJ_TOKEN] = {"API tokens", ADMIN, VO_MSG("only an administrator manages API tokens")},
    [VO_OBJ_PLAN] = {"plans", ADMIN | HEAD, VO_MSG("only an administrator or a head sets plans")},
    [VO_OBJ_SPEND] = {"marketing spend", ADMIN | HEAD,
                      VO_MSG("only an administrator or a head records marketing spend")},
    [VO_OBJ_NPS] = {"NPS answers", ADMIN | HEAD,
                    VO_MSG("only an administrator or a head records NPS answers")},
    [VO_OBJ_CLIENT] = {"clients", ADMIN | HEAD | MANAGER, VO_MSG("a viewer changes nothing")},
    [VO_OBJ_DEAL] = {"deals", ADMIN | HEAD | MANAGER, VO_MSG("a viewer changes nothing")},
    [VO_OBJ_STAGE_CHANGE] = {"stage changes", ADMIN | HEAD | MANAGER,
                             VO_MSG("a viewer changes nothing")},
    [VO_OBJ_ACTIVITY] = {"activities", ADMIN | HEAD | MANAGER, VO_MSG("a viewer changes nothing")},
    [VO_OBJ_TASK] = {"tasks", ADMIN | HEAD | MANAGER, VO_MSG("a viewer changes nothing")},
    [VO_OBJ_PAYMENT] = {"payments", ADMIN | HEAD | MANAGER, VO_MSG("a viewer changes nothing")},
    [VO_OBJ_IMPORT] = {"imports", ADMIN | HEAD,
                       VO_MSG("only an administrator or a head imports data")},
    [VO_OBJ_AUDIT] = {"the audit log", 0, VO_MSG("the audit log is written by voronka itself")},
    /* hiring (issue 14, docs/hiring.md): the department's people */
    [VO_OBJ_VACANCY] = {"vacancies", ADMIN | HEAD,
                        VO_MSG("only an administrator or a head manages vacancies")},
    [VO_OBJ_CANDIDATE] = {"candidates", ADMIN | HEAD,
                          VO_MSG("only an administrator or a head works with candidates")},
};

/* Who reads what: every role, but for these. */
static const struct {
    enum vo_object obj;
    unsigned roles;
    const char *who; /* the refusal */
} read_rules[] = {
    {VO_OBJ_TOKEN, ADMIN, VO_MSG("only an administrator sees API tokens")},
    {VO_OBJ_AUDIT, ADMIN | HEAD, VO_MSG("only an administrator or a head reads the audit log")},
    {VO_OBJ_CANDIDATE, ADMIN | HEAD,
     VO_MSG("only an administrator or a head works with candidates")},
};
#define N_READ_RULES (sizeof read_rules / sizeof read_rules[0])

vo_err vo_svc_may_write(const struct vo_svc *svc, enum vo_object obj, struct vo_error *e)
{
    if ((unsigned)obj >= VO_OBJ__COUNT)
        return vo_error_set(e, VO_EPERM, NULL, "unknown kind of object");
    if (rules[obj].roles & VO_ROLE_BIT(svc->actor_role))
        return VO_OK;
    return vo_error_set(e, VO_EPERM, NULL, "%s", rules[obj].who);
}

vo_err vo_svc_may_read(const struct vo_svc *svc, enum vo_object obj, struct vo_error *e)
{
    if ((unsigned)obj >= VO_OBJ__COUNT)
        return vo_error_set(e, VO_EPERM, NULL, "unknown kind of object");
    for (size_t i = 0; i < N_READ_RULES; i++)
        if (read_rules[i].obj == obj && !(read_rules[i].roles & VO_ROLE_BIT(svc->actor_role)))
            return vo_error_set(e, VO_EPERM, NULL, "%s", read_rules[i].who);
    return VO_OK;
}

unsigned vo_object_readers(enum vo_object obj)
{
    if ((unsigned)obj >= VO_OBJ__COUNT)
        return 0;
    for (size_t i = 0; i < N_READ_RULES; i++)
        if (read_rules[i].obj == obj)
            return read_rules[i].roles;
    return ANYONE;
}

unsigned vo_object_roles(enum vo_object obj)
{
    return (unsigned)obj < VO_OBJ__COUNT ? rules[obj].roles : 0;
}

const char *vo_object_name(enum vo_object obj)
{
    return (unsigned)obj < VO_OBJ__COUNT ? rules[obj].name : "?";
}
