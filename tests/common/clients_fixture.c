/*
 * clients_fixture.c - the client suites' small company (clients_fixture.h).
 */
#include "clients_fixture.h"

#include <criterion/criterion.h>

#include "api_fixture.h"
#include "fixture.h"
#include "testutil.h"

void vo_fx_co_open(struct vo_fx_co *co)
{
    vo_fx_open(&co->dir, &co->st, &co->svc, &co->arena);
    vo_fx_sales(&co->team, &co->anna, &co->boris, &co->vera, &co->pipe, &co->s_new);
}

int64_t vo_fx_co_client(const struct vo_fx_co *co, const char *ext, int64_t owner)
{
    return vo_fx_client(ext, owner, owner == co->anna ? "web" : NULL, NULL);
}

void vo_fx_co_load(struct vo_fx_co *co)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(co->st, &e), VO_OK, "%s", e.msg);
    vo_fx_reload(&co->ds);
}

void vo_fx_co_close(struct vo_fx_co *co)
{
    vo_test_org_end(&co->dir, &co->st, &co->svc, &co->arena, &co->ds);
}

int64_t vo_fx_co_as_of(const struct vo_fx_co *co, const char *date)
{
    struct vo_error e = {0};
    int64_t as_of = 0;
    cr_assert_eq(vo_cal_as_of_parse(&co->ds->cal, date, &as_of, "as_of", &e), VO_OK, "%s: %s", date,
                 e.msg);
    return as_of;
}

void vo_fx_api_co_open(struct vo_store *st, struct vo_svc *svc, struct vo_fx_api_co *co)
{
    co->boris = vo_test_company_user(svc, "Борис Менеджер", "boris@example.com", "manager");
    vo_fx_use(st, svc);
    vo_fx_begin_sales(&co->pipe);
    co->s_new = vo_fx_stage(co->pipe, "New", 1, VO_NULL);
    co->k1 = vo_fx_client("K1", vo_api.manager_id, "web", NULL);
    co->k2 = vo_fx_client("K2", co->boris, NULL, NULL);
    co->k3 = vo_fx_client("K3", vo_api.manager_id, "web", NULL);
}

void vo_fx_api_co_commit(struct vo_store *st)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_store_commit(st, &e), VO_OK, "%s", e.msg);
}
