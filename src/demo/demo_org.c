/*
 * demo_org.c - the org's people (head, director, managers in teams), who
 * gets which leads, and the pipeline and products.
 */
#include "demo/demo_gen.h"

/* ---- people ---- */

struct person {
    const char *name, *email;
};

/* A new unique name and login: "Мария Иванова", m.ivanova@demo.voronka. */
static struct person new_person(struct rng *r, struct vo_arena *a, GHashTable *taken)
{
    struct person p = {0};
    for (int attempt = 0;; attempt++) {
        bool female = demo_chance(r, 0.5);
        const struct vo_demo_name *first =
            female ? &vo_demo_first_f[demo_irange(r, 0, (int64_t)vo_demo_first_f_n - 1)]
                   : &vo_demo_first_m[demo_irange(r, 0, (int64_t)vo_demo_first_m_n - 1)];
        const struct vo_demo_name *sur =
            &vo_demo_surnames[demo_irange(r, 0, (int64_t)vo_demo_surnames_n - 1)];
        char *name = vo_arena_printf(a, "%s %s%s", first->ru, sur->ru, female ? "а" : "");
        if (!name)
            return p;
        if (g_hash_table_contains(taken, name) && attempt < 50)
            continue;
        for (int k = 1;; k++) {
            char *email = k == 1 ? vo_arena_printf(a, "%s.%s%s@" DOMAIN, first->lat, sur->lat,
                                                   female ? "a" : "")
                                 : vo_arena_printf(a, "%s.%s%s%d@" DOMAIN, first->lat, sur->lat,
                                                   female ? "a" : "", k);
            if (!email)
                return p;
            if (!g_hash_table_contains(taken, email)) {
                g_hash_table_add(taken, name);
                g_hash_table_add(taken, email);
                p.name = name;
                p.email = email;
                return p;
            }
        }
    }
}

vo_err demo_setup_people(struct gen *g, struct vo_svc *svc, struct vo_arena *a,
                         struct vo_demo_result *res)
{
    vo_err rc;
    struct rng r;
    demo_rng_seed(&r, g->seed, 1);
    GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal);
    struct person head = new_person(&r, a, taken);
    struct person dir = new_person(&r, a, taken);
    if (!head.name || !dir.name) {
        g_hash_table_destroy(taken);
        return demo_oom(g->e);
    }
    const char *head_pw = NULL, *dir_pw = NULL;
    struct vo_user_input hin = {.name = head.name, .email = "head@" DOMAIN, .role = "head"};
    struct vo_user_input din = {.name = dir.name, .email = "director@" DOMAIN, .role = "viewer"};
    if ((rc = vo_svc_user_add(svc, &hin, &g->head_id, &head_pw, g->e)) ||
        (rc = vo_svc_user_add(svc, &din, NULL, &dir_pw, g->e))) {
        g_hash_table_destroy(taken);
        return rc;
    }
    res->logins[1] = (struct vo_demo_login){"head", head.name, "head@" DOMAIN, head_pw};

    if ((rc = vo_store_begin(g->st, g->e))) {
        g_hash_table_destroy(taken);
        return rc;
    }
    int nteams = g->nm <= 24 ? 2 : (g->nm + 11) / 12;
    int64_t *team_ids = VO_ARENA_ARRAY(a, int64_t, (size_t)nteams);
    if (!team_ids) {
        g_hash_table_destroy(taken);
        return demo_oom(g->e);
    }
    for (int t = 0; t < nteams && !rc; t++) {
        const char *base = t % 2 == 0 ? "Корпоративные продажи" : "Розница";
        const char *name = nteams == 2 ? base : vo_arena_printf(a, "%s %d", base, t / 2 + 1);
        rc = vo_store_team_ensure(g->st, g->org, name, &team_ids[t], NULL, g->e);
    }
    res->teams = nteams;
    for (int i = 0; i < g->nm && !rc; i++) {
        struct mgr *m = &g->m[i];
        m->kind = (i % nteams) % 2;
        m->level = demo_uniform(&r, 0.75, 1.25);
        m->skill = demo_uniform(&r, 0.85, 1.15);
        m->trend = demo_uniform(&r, -0.30, 0.30);
        m->discipline = demo_uniform(&r, 0.70, 0.95);
        m->hygiene = demo_uniform(&r, 0.70, 0.97);
        m->stretch = demo_uniform(&r, 0.92, 1.15);
        m->weak = (int)demo_irange(&r, 0, NSTAGES - 1);
        if (i == 0) { /* the star whose login is printed first */
            m->level = 1.2, m->skill = 1.12, m->trend = 0.15, m->stretch = 1.0;
        } else if (i == 1) { /* and a manager who struggles */
            m->level = 0.85, m->skill = 0.88, m->trend = -0.2, m->stretch = 1.1;
        }
        struct person p = new_person(&r, a, taken);
        if (!p.name) {
            rc = demo_oom(g->e);
            break;
        }
        struct vo_user u = {.org_id = g->org,
                            .name = p.name,
                            .email = p.email,
                            .role = VO_ROLE_MANAGER,
                            .team_id = team_ids[i % nteams],
                            .active = true,
                            .created_at = g->days[0].start};
        char hash[256];
        const char *pw = NULL;
        if (i < 2) {
            pw = vo_password_generate(a);
            if ((rc = vo_password_hash(pw, hash, sizeof hash, g->e)))
                break;
            u.password_hash = hash;
            res->logins[2 + i] = (struct vo_demo_login){"manager", p.name, p.email, pw};
        }
        if ((rc = vo_store_user_insert(g->st, &u, g->e)))
            break;
        m->id = u.id;
    }
    g_hash_table_destroy(taken);
    res->logins[4] = (struct vo_demo_login){"viewer", dir.name, "director@" DOMAIN, dir_pw};
    res->nlogins = 5;
    return rc;
}

/* Cumulative lead weights of each kind's managers, per month. */
vo_err demo_setup_owners(struct gen *g)
{
    for (int k = 0; k < 2; k++) {
        g->members[k] = calloc((size_t)g->nm, sizeof(int));
        if (!g->members[k])
            return demo_oom(g->e);
    }
    for (int i = 0; i < g->nm; i++)
        g->members[g->m[i].kind][g->nmembers[g->m[i].kind]++] = i;
    g->cum = calloc((size_t)g->nmonths * 2 * (size_t)g->nm, sizeof(double));
    if (!g->cum)
        return demo_oom(g->e);
    for (int mo = 0; mo < g->nmonths; mo++)
        for (int k = 0; k < 2; k++) {
            double *c = &g->cum[((size_t)mo * 2 + (size_t)k) * (size_t)g->nm];
            double s = 0;
            for (int j = 0; j < g->nmembers[k]; j++) {
                s += demo_level_at(g, &g->m[g->members[k][j]], mo);
                c[j] = s;
            }
        }
    return VO_OK;
}

int demo_pick_owner(const struct gen *g, struct rng *r, int kind, int month)
{
    const double *c = &g->cum[((size_t)month * 2 + (size_t)kind) * (size_t)g->nm];
    int n = g->nmembers[kind];
    double x = demo_unit(r) * c[n - 1];
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (c[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return g->members[kind][lo];
}

/* ---- the pipeline and products ---- */

vo_err demo_setup_catalog(struct gen *g)
{
    vo_err rc;
    TRY(vo_store_pipeline_ensure(g->st, g->org, "Продажи", &g->pipeline, NULL, g->e));
    for (int s = 0; s < NSTAGES; s++) {
        struct vo_stage sg = {.org_id = g->org,
                              .pipeline_id = g->pipeline,
                              .name = STAGES[s].name,
                              .position = s + 1,
                              .max_days = STAGES[s].max_days};
        TRY(vo_store_stage_upsert(g->st, &sg, NULL, g->e));
        g->stage_id[s] = sg.id;
    }
    for (size_t i = 0; i < NPRODUCTS; i++) {
        char ext[16];
        snprintf(ext, sizeof ext, "P-%03zu", i + 1);
        struct vo_product p = {.org_id = g->org,
                               .ext_id = ext,
                               .name = PRODUCTS[i].name,
                               .category = PRODUCTS[i].category,
                               .price = PRODUCTS[i].price_rub * 100};
        TRY(vo_store_product_upsert(g->st, &p, NULL, g->e));
        g->product_id[i] = p.id;
    }
    return VO_OK;
}
