/*
 * fixture.c - a fresh org and its rows, one assertion a row (fixture.h).
 */
#include "fixture.h"

#include "base/timeutil.h"
#include "service/dataset_load.h"
#include "store/store_int.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

/* The org the row helpers write to (vo_fx_use). */
static struct vo_store *cur_st;
static const struct vo_svc *cur_svc;

void vo_fx_use(struct vo_store *st, const struct vo_svc *svc)
{
    cur_st = st;
    cur_svc = svc;
}

void vo_fx_open(char **dir, struct vo_store **st, struct vo_svc *svc, struct vo_arena *a)
{
    *dir = vo_test_tmpdir();
    vo_arena_init(a, 0);
    vo_test_org(*dir, st, svc, a);
    vo_fx_use(*st, svc);
}

void vo_fx_close(char **dir, struct vo_store **st, struct vo_svc *svc, struct vo_arena *a)
{
    struct vo_dataset *none = NULL;
    vo_test_org_end(dir, st, svc, a, &none);
    vo_fx_use(NULL, NULL);
}

void vo_fx_org_open(struct vo_fx_org *o)
{
    memset(o, 0, sizeof *o);
    vo_fx_open(&o->dir, &o->st, &o->svc, &o->a);
}

void vo_fx_org_close(struct vo_fx_org *o)
{
    vo_fx_close(&o->dir, &o->st, &o->svc, &o->a);
}

int64_t vo_fx_org_with_manager(struct vo_store *st, struct vo_org *o, const char *name,
                               const char *email)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_store_org_insert(st, o, &e), VO_OK, "org %s: %s", o->name, e.msg);
    struct vo_user u = {.org_id = o->id,
                        .name = name,
                        .email = email,
                        .role = VO_ROLE_MANAGER,
                        .active = true,
                        .created_at = o->created_at};
    cr_assert_eq(vo_store_user_insert(st, &u, &e), VO_OK, "user %s: %s", email, e.msg);
    return u.id;
}

int64_t vo_fx_org_file(const char *dir)
{
    struct vo_fx_org o = {0};
    vo_arena_init(&o.a, 0);
    vo_test_org(dir, &o.st, &o.svc, &o.a);
    int64_t org = o.svc.org.id;
    vo_svc_cleanup(&o.svc);
    vo_store_close(o.st);
    vo_arena_cleanup(&o.a);
    return org;
}

void vo_fx_copy_good(const char *dir)
{
    char *src = g_build_filename(vo_test_source_dir(), "tests", "data", "import-good", NULL);
    GDir *d = g_dir_open(src, 0, NULL);
    cr_assert(d, "no %s", src);
    const char *name;
    while ((name = g_dir_read_name(d))) {
        char *path = g_build_filename(src, name, NULL);
        char *text = NULL;
        cr_assert(g_file_get_contents(path, &text, NULL, NULL), "read %s", path);
        vo_test_write(dir, name, text);
        g_free(text);
        g_free(path);
    }
    g_dir_close(d);
    g_free(src);
}

void vo_fx_import_open(struct vo_fx_import *f)
{
    memset(f, 0, sizeof *f);
    vo_fx_open(&f->dir, &f->st, &f->svc, &f->a);
    f->imp = g_build_filename(f->dir, "import", NULL);
    cr_assert_eq(g_mkdir(f->imp, 0700), 0, "mkdir %s", f->imp);
}

void vo_fx_import_close(struct vo_fx_import *f)
{
    vo_fx_close(&f->dir, &f->st, &f->svc, &f->a);
    g_free(f->imp);
}

int64_t vo_fx_at(const char *local)
{
    return local ? vo_test_at(cur_svc, local) : VO_NULL;
}

/* A team or a pipeline of that name (the two ensure calls take the same
 * arguments). */
static int64_t ensure(vo_err (*fn)(struct vo_store *, int64_t, const char *, int64_t *, bool *,
                                   struct vo_error *),
                      const char *what, const char *name)
{
    struct vo_error e = {0};
    int64_t id = 0;
    cr_assert_eq(fn(cur_st, cur_svc->org.id, name, &id, NULL, &e), VO_OK, "%s %s: %s", what, name,
                 e.msg);
    return id;
}

int64_t vo_fx_team(const char *name)
{
    return ensure(vo_store_team_ensure, "team", name);
}

int64_t vo_fx_pipeline(const char *name)
{
    return ensure(vo_store_pipeline_ensure, "pipeline", name);
}

int64_t vo_fx_stage(int64_t pipe, const char *name, int pos, int64_t max_days)
{
    struct vo_error e = {0};
    struct vo_stage s = {.org_id = cur_svc->org.id,
                         .pipeline_id = pipe,
                         .name = name,
                         .position = pos,
                         .max_days = max_days};
    cr_assert_eq(vo_store_stage_upsert(cur_st, &s, NULL, &e), VO_OK, "stage %s: %s", name, e.msg);
    return s.id;
}

void vo_fx_stages(int64_t pipe, const char *const *names, int n, int64_t *ids)
{
    for (int i = 0; i < n; i++)
        ids[i] = vo_fx_stage(pipe, names[i], i + 1, VO_NULL);
}

int64_t vo_fx_begin_sales(int64_t *pipe)
{
    struct vo_error e = {0};
    cr_assert_eq(vo_store_begin(cur_st, &e), VO_OK, "begin: %s", e.msg);
    *pipe = vo_fx_pipeline("Sales");
    return vo_fx_team("Sales");
}

void vo_fx_sales(int64_t *team, int64_t *anna, int64_t *boris, int64_t *vera, int64_t *pipe,
                 int64_t *s_new)
{
    *team = vo_fx_begin_sales(pipe);
    *anna = vo_test_manager(cur_st, cur_svc, "Anna", "anna@example.com", *team);
    *boris = vo_test_manager(cur_st, cur_svc, "Boris", "boris@example.com", *team);
    *vera = vo_test_manager(cur_st, cur_svc, "Vera", "vera@example.com", 0);
    *s_new = vo_fx_stage(*pipe, "New", 1, VO_NULL);
}

int64_t vo_fx_client(const char *ext, int64_t owner, const char *channel, const char *region)
{
    struct vo_client c = {.org_id = cur_svc->org.id,
                          .ext_id = ext,
                          .name = ext,
                          .channel = channel,
                          .region = region,
                          .owner_id = owner,
                          .created_at = VO_NULL,
                          .custom = "{}"};
    vo_fx_put_client(cur_st, &c);
    return c.id;
}

int64_t vo_fx_deal(struct vo_fx_deal x)
{
    struct vo_deal d = {.org_id = cur_svc->org.id,
                        .ext_id = x.ext,
                        .title = x.ext,
                        .client_id = x.client,
                        .pipeline_id = x.pipe,
                        .stage_id = x.stage,
                        .owner_id = x.owner,
                        .status = x.status,
                        .amount = x.amount,
                        .created_at = vo_fx_at(x.created),
                        .closed_at = vo_fx_at(x.closed),
                        .channel = x.channel,
                        .loss_reason = x.loss,
                        .custom = "{}"};
    vo_fx_put_deal(cur_st, &d);
    return d.id;
}

void vo_fx_move(int64_t deal, int64_t stage, const char *at)
{
    struct vo_error e = {0};
    struct vo_stage_change c = {
        .org_id = cur_svc->org.id, .deal_id = deal, .stage_id = stage, .at = vo_fx_at(at)};
    cr_assert_eq(vo_store_stage_change_insert(cur_st, &c, &e), VO_OK, "move: %s", e.msg);
}

int64_t vo_fx_act(const char *ext, enum vo_activity_type type, int64_t user, const char *at,
                  int64_t deal, int64_t dur)
{
    struct vo_error e = {0};
    struct vo_activity a = {.org_id = cur_svc->org.id,
                            .ext_id = ext,
                            .type = type,
                            .user_id = user,
                            .at = vo_fx_at(at),
                            .deal_id = deal,
                            .duration_s = dur};
    cr_assert_eq(vo_store_activity_upsert(cur_st, &a, NULL, &e), VO_OK, "activity %s: %s", ext,
                 e.msg);
    return a.id;
}

int64_t vo_fx_task(const char *ext, int64_t user, int64_t deal, const char *created,
                   const char *due, const char *done)
{
    struct vo_task t = {.org_id = cur_svc->org.id,
                        .ext_id = ext,
                        .assignee_id = user,
                        .title = ext,
                        .deal_id = deal,
                        .created_at = vo_fx_at(created),
                        .due_at = vo_fx_at(due),
                        .done_at = vo_fx_at(done)};
    vo_fx_put_task(cur_st, &t);
    return t.id;
}

int64_t vo_fx_pay(const char *ext, int64_t amount, const char *at, int64_t deal, int64_t client)
{
    struct vo_payment p = {.org_id = cur_svc->org.id,
                           .ext_id = ext,
                           .amount = amount,
                           .paid_at = vo_fx_at(at),
                           .deal_id = deal,
                           .client_id = client};
    vo_fx_put_pay(cur_st, &p);
    return p.id;
}

void vo_fx_plan(int year, int month, enum vo_scope_kind kind, int64_t scope, enum vo_metric m,
                int64_t target)
{
    struct vo_error e = {0};
    struct vo_plan p = {.org_id = cur_svc->org.id,
                        .year = year,
                        .month = month,
                        .scope_kind = kind,
                        .scope_id = scope,
                        .metric = m,
                        .target = target};
    cr_assert_eq(vo_store_plan_upsert(cur_st, &p, NULL, &e), VO_OK, "plan: %s", e.msg);
}

void vo_fx_holiday(int y, int m, int d, enum vo_day_kind kind)
{
    struct vo_error e = {0};
    struct vo_holiday h = {.org_id = cur_svc->org.id, .y = y, .m = m, .d = d, .kind = kind};
    cr_assert_eq(vo_store_holiday_upsert(cur_st, &h, NULL, &e), VO_OK, "holiday: %s", e.msg);
}

struct vo_dataset *vo_fx_load(void)
{
    struct vo_error e = {0};
    struct vo_dataset *ds = NULL;
    cr_assert_eq(vo_svc_dataset_load(cur_st, cur_svc->org.id, &ds, &e), VO_OK, "load: %s", e.msg);
    return ds;
}

void vo_fx_reload(struct vo_dataset **ds)
{
    vo_ds_free(*ds);
    *ds = vo_fx_load();
}

void vo_fx_put_deal(struct vo_store *st, struct vo_deal *d)
{
    struct vo_error e = {0};
    enum vo_upsert res;
    cr_assert_eq(vo_store_deal_upsert(st, d, &res, &e), VO_OK, "deal %s: %s", d->ext_id, e.msg);
}

void vo_fx_put_task(struct vo_store *st, struct vo_task *t)
{
    struct vo_error e = {0};
    enum vo_upsert res;
    cr_assert_eq(vo_store_task_upsert(st, t, &res, &e), VO_OK, "task %s: %s", t->ext_id, e.msg);
}

void vo_fx_put_pay(struct vo_store *st, struct vo_payment *p)
{
    struct vo_error e = {0};
    enum vo_upsert res;
    cr_assert_eq(vo_store_payment_upsert(st, p, &res, &e), VO_OK, "payment %s: %s", p->ext_id,
                 e.msg);
}

void vo_fx_put_client(struct vo_store *st, struct vo_client *c)
{
    struct vo_error e = {0};
    enum vo_upsert res;
    cr_assert_eq(vo_store_client_upsert(st, c, &res, &e), VO_OK, "client %s: %s", c->ext_id, e.msg);
}

int64_t vo_fx_count(struct vo_store *st, int64_t org, const char *table)
{
    int64_t n = -1;
    struct vo_error e = {0};
    cr_assert_eq(vo_store_count(st, org, table, &n, &e), VO_OK, "count %s: %s", table, e.msg);
    return n;
}

void vo_fx_calendars(struct vo_fx_cal *c)
{
    c->msk = vo_tz_new("Europe/Moscow");
    cr_assert(c->msk);
    static const struct vo_holiday h[] = {
        {.y = 2025, .m = 11, .d = 1, .kind = VO_DAY_WORKDAY},
        {.y = 2025, .m = 11, .d = 3, .kind = VO_DAY_HOLIDAY},
        {.y = 2025, .m = 11, .d = 4, .kind = VO_DAY_HOLIDAY},
    };
    struct vo_error e = {0};
    cr_assert_eq(vo_cal_init(&c->ru, c->msk, h, 3, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_cal_init(&c->plain, c->msk, NULL, 0, &e), VO_OK, "%s", e.msg);
}

void vo_fx_calendars_end(struct vo_fx_cal *c)
{
    vo_cal_cleanup(&c->ru);
    vo_cal_cleanup(&c->plain);
    g_time_zone_unref(c->msk);
}

uint64_t vo_fx_rnd(uint64_t *rng, uint64_t n)
{
    *rng = *rng * 6364136223846793005u + 1442695040888963407u;
    return (*rng >> 33) % n;
}

int64_t vo_fx_when(uint64_t *rng)
{
    int64_t x = (int64_t)vo_fx_rnd(rng, VO_FX_SPAN);
    return VO_FX_T(vo_fx_rnd(rng, 2) ? x - x % VO_FX_DAY : x);
}

int64_t vo_fx_as_of(uint64_t *rng)
{
    return VO_FX_T((int64_t)vo_fx_rnd(rng, VO_FX_SPAN + 20 * VO_FX_DAY)) - 5 * VO_FX_DAY;
}

void vo_fx_three_managers(struct vo_svc *svc, int64_t user[3])
{
    static const char *const names[] = {"Анна", "Борис", "Ольга"};
    static const char *const emails[] = {"anna@example.com", "boris@example.com",
                                         "olga@example.com"};
    for (int i = 0; i < 3; i++) {
        struct vo_user_input in = {
            .name = names[i], .email = emails[i], .role = "manager", .password = "secret pass 1"};
        struct vo_error e = {0};
        cr_assert_eq(vo_svc_user_add(svc, &in, &user[i], NULL, &e), VO_OK, "user: %s", e.msg);
    }
}

void vo_fx_brute_open(struct vo_fx_brute *b, uint64_t seed)
{
    memset(b, 0, sizeof *b);
    b->rng = seed;
    vo_fx_open(&b->dir, &b->st, &b->svc, &b->a);
    b->org = b->svc.org.id;
    vo_fx_three_managers(&b->svc, b->user);
    vo_fx_ok(b, vo_store_begin(b->st, &b->e), "begin");
}

void vo_fx_brute_close(struct vo_fx_brute *b)
{
    vo_fx_close(&b->dir, &b->st, &b->svc, &b->a);
}

void vo_fx_ok(struct vo_fx_brute *b, vo_err rc, const char *what)
{
    cr_assert_eq(rc, VO_OK, "%s: %s", what, b->e.msg);
}

size_t vo_fx_probes(int64_t *probes, size_t np, const int64_t *t, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (t[j] != VO_NULL)
            for (int d = -1; d <= 1; d++)
                probes[np++] = t[j] + d;
    return np;
}

uint64_t vo_fx_task_redo(uint64_t *rng, struct vo_task *t, uint64_t n)
{
    uint64_t k = vo_fx_rnd(rng, n);
    if (k == 0) /* completed */
        t->done_at = t->created_at + (int64_t)vo_fx_rnd(rng, 12 * VO_FX_DAY);
    else if (k == 1) /* reopened */
        t->done_at = VO_NULL;
    return k;
}

void vo_fx_drive_loaded(const struct vo_fx_drive *d)
{
    for (uint64_t seed = 1; seed <= 3; seed++) {
        d->setup(d->ctx, seed);
        struct vo_dataset *ds = vo_fx_load();
        d->check(d->ctx, ds);
        vo_ds_free(ds);
        d->teardown(d->ctx);
    }
}

void vo_fx_drive_live(const struct vo_fx_drive *d, uint64_t seed)
{
    d->setup(d->ctx, seed);
    struct vo_dataset *live = vo_fx_load();
    for (int round = 0; round < 4; round++) {
        for (int w = 0; w < 40; w++)
            d->write(d->ctx, live);
        d->check(d->ctx, live);
        struct vo_dataset *fresh = vo_fx_load();
        d->same(live, fresh);
        d->check(d->ctx, fresh);
        vo_ds_free(fresh);
    }
    vo_ds_free(live);
    d->teardown(d->ctx);
}

int64_t vo_fx_sql(struct vo_store *st, const char *sql, int64_t org)
{
    struct vo_error e = {0};
    vo_stmt *s = vo_st_prep_dyn(st, sql, &e);
    cr_assert(s, "prepare %s: %s", sql, e.msg);
    if (vo_bind_count(s))
        vo_bind_i64(s, 1, org);
    int64_t v = 0;
    int rc;
    while ((rc = vo_step(s)) == VO_ROW)
        v = vo_col_i64(s, 0);
    cr_assert_eq(rc, VO_DONE, "%s", sql);
    vo_st_finalize(s);
    return v;
}
