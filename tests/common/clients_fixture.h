/*
 * clients_fixture.h - the small company the client suites build by hand
 * (key accounts, the ABC / XYZ history and their API suites): the sales
 * org of fixture.h's vo_fx_sales, a few clients (Anna's from the channel
 * "web", the others' from none) and what each suite adds (payments,
 * deals); then the load and the as_of of a report over it.
 */
#ifndef VO_TEST_CLIENTS_FIXTURE_H
#define VO_TEST_CLIENTS_FIXTURE_H

#include <stdint.h>

#include "analytics/dataset.h"
#include "base/arena.h"
#include "service/service.h"
#include "store/store.h"

/* The dataset suites' company (test_key_accounts, test_abc_history). */
struct vo_fx_co {
    char *dir;
    struct vo_store *st;
    struct vo_svc svc;
    struct vo_arena arena;
    struct vo_dataset *ds;
    int64_t team, anna, boris, vera, pipe, s_new;
};
/* vo_fx_open's org with vo_fx_sales' people (Anna, Boris, Vera; the
 * pipeline Sales with the stage New) in a transaction left open for the
 * suite's rows. */
void vo_fx_co_open(struct vo_fx_co *co);
/* Client ext owned by owner: from the channel "web" when owner is Anna,
 * from none otherwise. */
int64_t vo_fx_co_client(const struct vo_fx_co *co, const char *ext, int64_t owner);
/* Commits the transaction and loads co->ds. */
void vo_fx_co_load(struct vo_fx_co *co);
/* Undoes vo_fx_co_open (a TestSuite's .fini). */
void vo_fx_co_close(struct vo_fx_co *co);
/* The as_of of the local date (YYYY-MM-DD) in co->ds's calendar: the end
 * of that day, as the reports take it. */
int64_t vo_fx_co_as_of(const struct vo_fx_co *co, const char *date);

/* The API suites' company (test_api_key_accounts, test_api_clients_abc),
 * added by a vo_api_start extra to the test company: Boris
 * (boris@example.com, a second manager), the pipeline Sales with the stage
 * New, and the clients K1 (Анна, "web"), K2 (Борис) and K3 (Анна, "web"),
 * in a transaction left open for the suite's rows (vo_fx_api_co_commit). */
struct vo_fx_api_co {
    int64_t boris, pipe, s_new, k1, k2, k3;
};
void vo_fx_api_co_open(struct vo_store *st, struct vo_svc *svc, struct vo_fx_api_co *co);
void vo_fx_api_co_commit(struct vo_store *st);

#endif
