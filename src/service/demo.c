/*
 * demo.c - `voronka demo`: a realistic sales department, generated.
 *
 * One org, a head of sales, a director (viewer), managers in teams (the
 * corporate team sells to the corporate and dealer channels, the retail
 * team to retail), clients, a five-stage pipeline, and about two years of
 * history up to as_of: lead inflow with seasonality and a weekday rhythm,
 * deals walking the stages with each manager's own strengths (activity
 * level, skill, a weak stage, a trend), the calls, meetings and emails
 * around them, tasks done on time or late or left open, payments after
 * wins, NPS answers, marketing spend, the production calendar, and monthly
 * plans near each manager's capacity.
 *
 * Determinism: every random choice comes from xoshiro256** seeded through
 * splitmix64 from the seed; each deal and each (day, manager) draws from its
 * own stream, so the result depends only on the seed, the sizes and as_of.
 * No wall clock, no rand(). Generation streams: a deal is simulated, written
 * with all its rows, and forgotten; what stays in memory is small per
 * client, per manager and day, and per manager and month. Rows go through
 * the store's bulk insert path in transactions of about COMMIT_ROWS rows,
 * with the store in bulk mode.
 */
#include "service/demo.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/service.h"

#define DAY          86400
#define HOUR         3600
#define NSTAGES      5
#define COMMIT_ROWS  500000
#define HORIZON_DAYS 62 /* calendar after as_of, for due dates */
#define TWO_PI       6.283185307179586
#define DOMAIN       "demo.voronka"

/* ---- the company's shape ---- */

enum { CH_CORP, CH_DEALER, CH_RETAIL, NCH };
static const char *const CHANNELS[NCH] = {"corporate", "dealer", "retail"};
static const double CH_SHARE[NCH] = {0.25, 0.30, 0.45};
static const double CH_MEDIAN[NCH] = {450000, 120000, 25000}; /* rubles */
static const double CH_SIGMA[NCH] = {0.8, 0.6, 0.7};
static const double CH_CONV[NCH] = {0.95, 1.03, 1.08}; /* step conversion factor */
static const double CH_SPEED[NCH] = {1.8, 1.0, 0.5};   /* time in stage factor */
static const double CH_CPL[NCH] = {6000, 3000, 800};   /* marketing rubles per lead */

static const char *const REGIONS[] = {"Москва", "Санкт-Петербург", "Екатеринбург", "Новосибирск",
                                      "Казань"};
static const double REGION_W[] = {0.40, 0.20, 0.15, 0.12, 0.13};
static const char *const SOURCES[] = {"сайт", "рекомендация", "холодный звонок", "выставка",
                                      "реклама"};
static const double SOURCE_W[NCH][5] = {
    {0.20, 0.30, 0.25, 0.20, 0.05},
    {0.25, 0.25, 0.30, 0.15, 0.05},
    {0.45, 0.15, 0.05, 0.05, 0.30},
};
static const char *const SEGMENTS[] = {"крупный бизнес", "средний бизнес", "малый бизнес"};
static const double SEGMENT_W[NCH][3] = {{0.6, 0.35, 0.05}, {0.15, 0.6, 0.25}, {0, 0.2, 0.8}};

struct stage_def {
    const char *name;
    int64_t max_days;   /* VO_NULL = no limit */
    double conv;        /* base conversion to the next step (the last: to won) */
    double median_days; /* base median time in the stage */
    const char *task;
};
static const struct stage_def STAGES[NSTAGES] = {
    {"Новый лид", VO_NULL, 0.75, 1.0, "Связаться с клиентом"},
    {"Квалификация", 5, 0.60, 3.0, "Выявить потребность и бюджет"},
    {"Встреча", 10, 0.70, 5.0, "Провести встречу"},
    {"КП", 14, 0.65, 7.0, "Отправить КП и обсудить"},
    {"Согласование", 21, 0.75, 8.0, "Согласовать договор"},
};

static const char *const LOSS[] = {"Дорого", "Выбрали конкурента", "Нет бюджета", "Не отвечает",
                                   "Не актуально"};
enum { LOSS_NO_ANSWER = 3 };
static const double LOSS_W[NSTAGES][5] = {
    {0, 0, 0.15, 0.50, 0.35},       {0.20, 0, 0.30, 0.20, 0.30},    {0.35, 0.35, 0.15, 0.05, 0.10},
    {0.40, 0.35, 0.15, 0.03, 0.07}, {0.40, 0.40, 0.12, 0.03, 0.05},
};

struct product_def {
    const char *name, *category;
    int64_t price_rub;
    int channel;
};
static const struct product_def PRODUCTS[] = {
    {"Складские стеллажи", "Оборудование", 380000, CH_CORP},
    {"Система видеонаблюдения", "Безопасность", 150000, CH_CORP},
    {"Монтаж и пусконаладка", "Услуги", 90000, CH_CORP},
    {"Холодильные витрины", "Оборудование", 240000, CH_DEALER},
    {"Сервисный контракт (год)", "Услуги", 120000, CH_DEALER},
    {"Кассовое оборудование", "Оборудование", 65000, CH_RETAIL},
    {"Весы торговые", "Оборудование", 18000, CH_RETAIL},
    {"Расходные материалы", "Расходники", 6000, CH_RETAIL},
};
#define NPRODUCTS (sizeof PRODUCTS / sizeof PRODUCTS[0])

/* Lead inflow: month of year, ISO weekday, and the special days. */
static const double SEASON[12] = {0.65, 0.90, 1.05, 1.05, 0.85, 0.85,
                                  0.75, 0.80, 1.10, 1.20, 1.25, 1.30};
static const double WEEKDAY[8] = {0, 1.10, 1.10, 1.05, 1.00, 0.90, 0.15, 0.10};
#define HOLIDAY_INFLOW       0.12
#define WORK_SATURDAY_INFLOW 0.80
#define GROWTH_PER_YEAR      0.20
/* Above the default size, one more manager per this many deals: with 40
 * calls a day each, 1,000,000 deals come with about 10,000,000 activities. */
#define DEALS_PER_MANAGER 2200
/* Share of the deals that would be lost which linger open for months. */
#define STALL 0.03

enum { O_NOANSWER, O_TALK, O_CALLBACK, O_MEETING };
static const char *const OUTCOMES[] = {"не дозвонился", "разговор", "перезвонить",
                                       "назначена встреча"};
static const double TOPUP_OUTCOME_W[] = {0.45, 0.38, 0.13, 0.04};

static const char *const NPS_GOOD[] = {"Всё чётко, спасибо менеджеру", "Быстро привезли",
                                       "Рекомендую", "Хороший сервис"};
static const char *const NPS_BAD[] = {"Долго ждали поставку", "Менеджер пропал после оплаты",
                                      "Дорого", "Были проблемы с документами"};
static const double NPS_W[11] = {0.01, 0.01, 0.01, 0.02, 0.03, 0.04, 0.06, 0.10, 0.17, 0.25, 0.30};

/* The facts plans are built from (METRICS.md plan-fact metrics). */
enum { F_LEADS, F_CALLS, F_CALL_SEC, F_MEETINGS, F_WON, F_REVENUE, F_PAYMENTS, NF };
static const struct {
    enum vo_metric metric;
    int fact;
    bool seasonal, money;
} PLAN_METRICS[] = {
    {VO_M_LEADS, F_LEADS, true, false},
    {VO_M_CALLS, F_CALLS, false, false},
    {VO_M_CALL_MINUTES, F_CALL_SEC, false, false},
    {VO_M_MEETINGS, F_MEETINGS, false, false},
    {VO_M_DEALS_WON, F_WON, true, false},
    {VO_M_REVENUE, F_REVENUE, true, true},
    {VO_M_PAYMENTS, F_PAYMENTS, true, true},
};
#define NPLAN (sizeof PLAN_METRICS / sizeof PLAN_METRICS[0])

/* ---- the generator's random numbers: xoshiro256** ---- */

struct rng {
    uint64_t s[4];
};

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Stream `stream` of seed: independent sequences for each deal and day. */
static void rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed;
    x = splitmix(&x) ^ (stream * 0xD1B54A32D192ED03ULL);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t res = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

/* Uniform in [0, 1). */
static double unit(struct rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static double uniform(struct rng *r, double lo, double hi)
{
    return lo + (hi - lo) * unit(r);
}

/* Uniform integer in [lo, hi]. */
static int64_t irange(struct rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(unit(r) * (double)(hi - lo + 1));
}

static bool chance(struct rng *r, double p)
{
    return unit(r) < p;
}

/* Standard normal by Box-Muller. */
static double normal(struct rng *r)
{
    double u1 = 1.0 - unit(r); /* (0, 1] */
    double u2 = unit(r);
    return sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
}

static double lognormal(struct rng *r, double median, double sigma)
{
    return median * exp(sigma * normal(r));
}

static size_t pick(struct rng *r, const double *w, size_t n)
{
    double tot = 0;
    for (size_t i = 0; i < n; i++)
        tot += w[i];
    double x = unit(r) * tot;
    for (size_t i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

/* ---- the generator's state ---- */

struct day {
    int64_t start; /* local midnight */
    struct vo_date date;
    bool work;
    int month; /* index from the first month of history */
};

struct mgr {
    int64_t id;
    int kind; /* 0 = corporate and dealer, 1 = retail */
    double level, skill, trend, discipline, hygiene, stretch;
    int weak;         /* the stage whose step this manager converts badly */
    int32_t *clients; /* indexes into gen.clients, in creation order */
    size_t nclients, capclients;
};

struct client_rec {
    int64_t id;
    int32_t owner, day;
    int channel;
};

struct gen {
    struct vo_store *st;
    struct vo_error *e;
    const struct vo_demo_opts *o;
    uint64_t seed;
    int64_t org;
    GTimeZone *tz;
    struct day *days;
    int ndays, nhist; /* days in the table; days up to as_of */
    int nmonths;
    int64_t asof; /* the last instant of history */
    int64_t pipeline, stage_id[NSTAGES], product_id[NPRODUCTS];
    struct mgr *m;
    int nm;
    int *members[2]; /* manager indexes by kind */
    int nmembers[2];
    double *cum; /* [(month * 2 + kind) * nm + j]: cumulative lead weights */
    struct client_rec *clients;
    size_t nclients, capclients;
    int32_t *calls;    /* [m * ndays + day]: calls made */
    int64_t *fact;     /* [(m * nmonths + month) * NF + f] */
    int64_t *ch_leads; /* [month * NCH + channel] */
    int64_t pending;   /* rows since the last commit */
    int64_t seq_rec;   /* recordings */
};

static vo_err oom(struct vo_error *e)
{
    return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
}

/* Counts a written row and commits every COMMIT_ROWS rows. */
static vo_err tick(struct gen *g)
{
    if (++g->pending < COMMIT_ROWS)
        return VO_OK;
    g->pending = 0;
    vo_err rc = vo_store_commit(g->st, g->e);
    return rc ? rc : vo_store_begin(g->st, g->e);
}

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        if ((rc = (expr)) != VO_OK)                                                                \
            return rc;                                                                             \
    } while (0)

static double level_at(const struct gen *g, const struct mgr *m, int month)
{
    double x = g->nmonths > 1 ? (double)month / (double)(g->nmonths - 1) - 0.5 : 0;
    return m->level * (1.0 + m->trend * x);
}

/* The day index holding instant t (clamped to the table). */
static int day_of(const struct gen *g, int64_t t)
{
    int64_t i = (t - g->days[0].start) / DAY;
    if (i < 0)
        i = 0;
    if (i >= g->ndays)
        i = g->ndays - 1;
    while (i > 0 && g->days[i].start > t)
        i--;
    while (i + 1 < g->ndays && g->days[i + 1].start <= t)
        i++;
    return (int)i;
}

/* Moves t forward into working hours (09:00-18:00 of a working day). */
static int64_t snap(const struct gen *g, struct rng *r, int64_t t)
{
    int d = day_of(g, t);
    int64_t sod = t - g->days[d].start;
    if (sod >= DAY + 2 * HOUR) /* past the table */
        return t;
    if (g->days[d].work && sod >= 9 * HOUR && sod < 18 * HOUR)
        return t;
    if (g->days[d].work && sod < 9 * HOUR)
        return g->days[d].start + 9 * HOUR + irange(r, 0, HOUR);
    for (int k = d + 1; k < g->ndays; k++)
        if (g->days[k].work)
            return g->days[k].start + 9 * HOUR + irange(r, 0, 90 * 60);
    return t;
}

static int64_t *fact(struct gen *g, int m, int64_t t, int f)
{
    int month = g->days[day_of(g, t)].month;
    return &g->fact[((size_t)m * (size_t)g->nmonths + (size_t)month) * NF + (size_t)f];
}

/* ---- calendar ---- */

static vo_err setup_calendar(struct gen *g, struct vo_date from, struct vo_date to)
{
    int64_t n = vo_date_days(to) - vo_date_days(from) + 1 + HORIZON_DAYS;
    g->days = calloc((size_t)n, sizeof *g->days);
    if (!g->days)
        return oom(g->e);
    g->ndays = (int)n;
    struct vo_holiday cal[64];
    int cal_year = 0;
    size_t ncal = 0;
    for (int i = 0; i < g->ndays; i++) {
        struct day *d = &g->days[i];
        d->date = vo_date_add_days(from, i);
        d->start = vo_date_start(g->tz, d->date);
        d->month = (d->date.y - from.y) * 12 + d->date.m - from.m;
        if (d->date.y != cal_year) {
            cal_year = d->date.y;
            ncal = vo_demo_calendar(cal_year, cal, sizeof cal / sizeof cal[0], NULL);
        }
        d->work = vo_date_weekday(d->date) < 6;
        for (size_t k = 0; k < ncal; k++)
            if (cal[k].m == d->date.m && cal[k].d == d->date.d)
                d->work = cal[k].kind == VO_DAY_WORKDAY;
        if (vo_date_cmp(d->date, to) <= 0)
            g->nhist = i + 1;
    }
    g->asof = vo_date_start(g->tz, vo_date_add_days(to, 1)) - 1;
    return VO_OK;
}

static vo_err write_holidays(struct gen *g)
{
    vo_err rc;
    int y0 = g->days[0].date.y, y1 = g->days[g->ndays - 1].date.y;
    for (int y = y0; y <= y1; y++) {
        struct vo_holiday cal[64];
        size_t n = vo_demo_calendar(y, cal, sizeof cal / sizeof cal[0], NULL);
        for (size_t i = 0; i < n; i++) {
            cal[i].org_id = g->org;
            TRY(vo_store_holiday_upsert(g->st, &cal[i], NULL, g->e));
            TRY(tick(g));
        }
    }
    return VO_OK;
}

/* ---- people ---- */

struct person {
    const char *name, *email;
};

/* A new unique name and login: "Мария Иванова", m.ivanova@demo.voronka. */
static struct person new_person(struct rng *r, struct vo_arena *a, GHashTable *taken)
{
    struct person p = {0};
    for (int attempt = 0;; attempt++) {
        bool female = chance(r, 0.5);
        const struct vo_demo_name *first =
            female ? &vo_demo_first_f[irange(r, 0, (int64_t)vo_demo_first_f_n - 1)]
                   : &vo_demo_first_m[irange(r, 0, (int64_t)vo_demo_first_m_n - 1)];
        const struct vo_demo_name *sur =
            &vo_demo_surnames[irange(r, 0, (int64_t)vo_demo_surnames_n - 1)];
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

static vo_err setup_people(struct gen *g, struct vo_svc *svc, struct vo_arena *a,
                           struct vo_demo_result *res)
{
    vo_err rc;
    struct rng r;
    rng_seed(&r, g->seed, 1);
    GHashTable *taken = g_hash_table_new(g_str_hash, g_str_equal);
    struct person head = new_person(&r, a, taken);
    struct person dir = new_person(&r, a, taken);
    if (!head.name || !dir.name) {
        g_hash_table_destroy(taken);
        return oom(g->e);
    }
    const char *head_pw = NULL, *dir_pw = NULL;
    struct vo_user_input hin = {.name = head.name, .email = "head@" DOMAIN, .role = "head"};
    struct vo_user_input din = {.name = dir.name, .email = "director@" DOMAIN, .role = "viewer"};
    if ((rc = vo_svc_user_add(svc, &hin, NULL, &head_pw, g->e)) ||
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
        return oom(g->e);
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
        m->level = uniform(&r, 0.75, 1.25);
        m->skill = uniform(&r, 0.85, 1.15);
        m->trend = uniform(&r, -0.30, 0.30);
        m->discipline = uniform(&r, 0.70, 0.95);
        m->hygiene = uniform(&r, 0.70, 0.97);
        m->stretch = uniform(&r, 0.92, 1.15);
        m->weak = (int)irange(&r, 0, NSTAGES - 1);
        if (i == 0) { /* the star whose login is printed first */
            m->level = 1.2, m->skill = 1.12, m->trend = 0.15, m->stretch = 1.0;
        } else if (i == 1) { /* and a manager who struggles */
            m->level = 0.85, m->skill = 0.88, m->trend = -0.2, m->stretch = 1.1;
        }
        struct person p = new_person(&r, a, taken);
        if (!p.name) {
            rc = oom(g->e);
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
static vo_err setup_owners(struct gen *g)
{
    for (int k = 0; k < 2; k++) {
        g->members[k] = calloc((size_t)g->nm, sizeof(int));
        if (!g->members[k])
            return oom(g->e);
    }
    for (int i = 0; i < g->nm; i++)
        g->members[g->m[i].kind][g->nmembers[g->m[i].kind]++] = i;
    g->cum = calloc((size_t)g->nmonths * 2 * (size_t)g->nm, sizeof(double));
    if (!g->cum)
        return oom(g->e);
    for (int mo = 0; mo < g->nmonths; mo++)
        for (int k = 0; k < 2; k++) {
            double *c = &g->cum[((size_t)mo * 2 + (size_t)k) * (size_t)g->nm];
            double s = 0;
            for (int j = 0; j < g->nmembers[k]; j++) {
                s += level_at(g, &g->m[g->members[k][j]], mo);
                c[j] = s;
            }
        }
    return VO_OK;
}

static int pick_owner(const struct gen *g, struct rng *r, int kind, int month)
{
    const double *c = &g->cum[((size_t)month * 2 + (size_t)kind) * (size_t)g->nm];
    int n = g->nmembers[kind];
    double x = unit(r) * c[n - 1];
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

static vo_err setup_catalog(struct gen *g)
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

/* ---- clients ---- */

static void client_name(char *buf, size_t n, size_t idx, int ch, struct rng *r)
{
    size_t combos = vo_demo_word_a_n * vo_demo_word_b_n;
    size_t c = (idx * 7919) % combos, gen = idx / combos;
    char word[96];
    int len = snprintf(word, sizeof word, "%s%s", vo_demo_word_a[c % vo_demo_word_a_n],
                       vo_demo_word_b[c / vo_demo_word_a_n]);
    if (gen > 0 && len > 0 && (size_t)len < sizeof word)
        snprintf(word + len, sizeof word - (size_t)len, "-%zu", gen + 1);
    if (ch == CH_RETAIL && chance(r, 0.5)) {
        const struct vo_demo_name *s =
            &vo_demo_surnames[irange(r, 0, (int64_t)vo_demo_surnames_n - 1)];
        const char *i1 = vo_demo_first_m[irange(r, 0, (int64_t)vo_demo_first_m_n - 1)].ru;
        const char *i2 = vo_demo_first_m[irange(r, 0, (int64_t)vo_demo_first_m_n - 1)].ru;
        /* Cyrillic capitals are two bytes in UTF-8. */
        snprintf(buf, n, "ИП %s %.2s. %.2s.", s->ru, i1, i2);
        return;
    }
    static const char *const FORMS[NCH][2] = {{"ООО", "АО"}, {"ООО", "ТД"}, {"ООО", "Магазин"}};
    snprintf(buf, n, "%s «%s»", FORMS[ch][chance(r, 0.3)], word);
}

static vo_err new_client(struct gen *g, struct rng *r, int ch, int owner, int day, int64_t created,
                         int32_t *out)
{
    if (g->nclients == g->capclients) {
        size_t cap = g->capclients ? g->capclients * 2 : 4096;
        struct client_rec *v = realloc(g->clients, cap * sizeof *v);
        if (!v)
            return oom(g->e);
        g->clients = v;
        g->capclients = cap;
    }
    struct mgr *m = &g->m[owner];
    if (m->nclients == m->capclients) {
        size_t cap = m->capclients ? m->capclients * 2 : 64;
        int32_t *v = realloc(m->clients, cap * sizeof *v);
        if (!v)
            return oom(g->e);
        m->clients = v;
        m->capclients = cap;
    }
    char name[160];
    client_name(name, sizeof name, g->nclients, ch, r);
    struct vo_client c = {
        .org_id = g->org,
        .name = name,
        .channel = CHANNELS[ch],
        .region = REGIONS[pick(r, REGION_W, 5)],
        .segment = SEGMENTS[pick(r, SEGMENT_W[ch], 3)],
        .source = SOURCES[pick(r, SOURCE_W[ch], 5)],
        .owner_id = m->id,
        .created_at = created,
        .key_account = ch == CH_CORP && chance(r, 0.12),
        .custom = "{}",
    };
    vo_err rc;
    TRY(vo_store_client_upsert(g->st, &c, NULL, g->e));
    TRY(tick(g));
    g->clients[g->nclients] =
        (struct client_rec){.id = c.id, .owner = owner, .day = day, .channel = ch};
    m->clients[m->nclients++] = (int32_t)g->nclients;
    *out = (int32_t)g->nclients++;
    return VO_OK;
}

/* ---- activities ---- */

static int64_t call_duration(struct rng *r, int outcome)
{
    double s;
    switch (outcome) {
    case O_NOANSWER:
        return irange(r, 0, 25);
    case O_CALLBACK:
        s = lognormal(r, 45, 0.5);
        break;
    case O_MEETING:
        s = lognormal(r, 300, 0.5);
        break;
    default:
        s = lognormal(r, 150, 0.8);
        break;
    }
    return s > 3600 ? 3600 : (int64_t)s;
}

static vo_err emit_activity(struct gen *g, struct rng *r, int m, enum vo_activity_type type,
                            int64_t at, int64_t deal, int64_t client, int outcome,
                            enum vo_direction dir)
{
    struct vo_activity a = {.org_id = g->org,
                            .type = type,
                            .user_id = g->m[m].id,
                            .at = at,
                            .deal_id = deal,
                            .client_id = client,
                            .duration_s = VO_NULL,
                            .direction = dir};
    char url[96];
    if (type == VO_ACT_CALL) {
        a.outcome = OUTCOMES[outcome];
        a.duration_s = call_duration(r, outcome);
        if (a.duration_s > 60 && chance(r, 0.25)) {
            snprintf(url, sizeof url, "https://pbx." DOMAIN "/rec/%lld.mp3",
                     (long long)++g->seq_rec);
            a.recording_url = url;
        }
        g->calls[(size_t)m * (size_t)g->ndays + (size_t)day_of(g, at)]++;
        (*fact(g, m, at, F_CALLS))++;
        *fact(g, m, at, F_CALL_SEC) += a.duration_s;
    } else if (type == VO_ACT_MEETING) {
        a.duration_s = irange(r, 3, 8) * 15 * 60;
        a.outcome = outcome == O_TALK ? "проведена" : "перенесена";
        (*fact(g, m, at, F_MEETINGS))++;
    } else if (type == VO_ACT_EMAIL) {
        a.outcome = outcome == O_MEETING ? "договор отправлен" : "КП отправлено";
        a.direction = VO_DIR_OUT;
    } else {
        a.outcome = "счёт отправлен в мессенджер";
        a.direction = VO_DIR_OUT;
    }
    vo_err rc = vo_store_activity_upsert(g->st, &a, NULL, g->e);
    return rc ? rc : tick(g);
}

/* ---- deals ---- */

struct visit {
    int stage;
    int64_t in, out; /* out: when it left, or would have left (current) */
    bool current;
};

struct sim {
    int seq_day;
    int owner, ch;
    int32_t client;
    bool inbound;
    int nv;
    struct visit v[NSTAGES];
    enum vo_deal_status status;
    int64_t created, closed, amount, id, client_id;
    int loss;
};

/* One planned touch within a stage visit. */
struct touch {
    enum vo_activity_type type;
    int outcome;
    enum vo_direction dir;
};

static size_t plan_touches(struct rng *r, const struct sim *s, const struct visit *v,
                           struct touch *t)
{
    size_t n = 0;
    bool last = v == &s->v[s->nv - 1];
    bool advanced = !last || s->status == VO_DEAL_WON;
    switch (v->stage) {
    case 0: {
        int k = 1 + chance(r, 0.5) + chance(r, 0.2);
        bool silent = last && s->status == VO_DEAL_LOST && s->loss == LOSS_NO_ANSWER;
        for (int i = 0; i < k; i++) {
            int o = silent || i < k - 1 ? (chance(r, 0.7) ? O_NOANSWER : O_CALLBACK) : O_TALK;
            enum vo_direction d = i == 0 && s->inbound && chance(r, 0.5) ? VO_DIR_IN : VO_DIR_OUT;
            t[n++] = (struct touch){VO_ACT_CALL, o, d};
        }
        break;
    }
    case 1: {
        int k = 1 + chance(r, 0.5);
        for (int i = 0; i < k; i++)
            t[n++] = (struct touch){VO_ACT_CALL, i == k - 1 && advanced ? O_MEETING : O_TALK,
                                    VO_DIR_OUT};
        break;
    }
    case 2:
        t[n++] = (struct touch){VO_ACT_CALL, O_TALK, VO_DIR_OUT};
        t[n++] = (struct touch){VO_ACT_MEETING, chance(r, 0.9) ? O_TALK : O_CALLBACK, VO_DIR_NONE};
        if (s->ch == CH_CORP && chance(r, 0.3))
            t[n++] = (struct touch){VO_ACT_MEETING, O_TALK, VO_DIR_NONE};
        break;
    case 3:
        t[n++] = (struct touch){VO_ACT_EMAIL, O_TALK, VO_DIR_OUT};
        t[n++] = (struct touch){VO_ACT_CALL, chance(r, 0.7) ? O_TALK : O_CALLBACK,
                                chance(r, 0.2) ? VO_DIR_IN : VO_DIR_OUT};
        if (chance(r, 0.4))
            t[n++] = (struct touch){VO_ACT_CALL, O_TALK, VO_DIR_OUT};
        break;
    default: {
        int k = 1 + chance(r, 0.5) + chance(r, 0.3);
        for (int i = 0; i < k; i++)
            t[n++] = (struct touch){VO_ACT_CALL, O_TALK, chance(r, 0.25) ? VO_DIR_IN : VO_DIR_OUT};
        t[n++] = (struct touch){VO_ACT_EMAIL, O_MEETING, VO_DIR_OUT};
        if (s->ch == CH_RETAIL)
            t[n++] = (struct touch){VO_ACT_MESSAGE, O_TALK, VO_DIR_OUT};
        break;
    }
    }
    return n;
}

static vo_err emit_touches(struct gen *g, struct rng *r, const struct sim *s, const struct visit *v)
{
    vo_err rc;
    struct touch t[8];
    size_t n = plan_touches(r, s, v, t);
    int64_t span = v->out - v->in;
    for (size_t i = 0; i < n; i++) {
        double pos = ((double)i + 0.5 + uniform(r, -0.4, 0.4)) / (double)n;
        int64_t at = snap(g, r, v->in + (int64_t)(pos * (double)span));
        if (at > g->asof)
            continue;
        TRY(emit_activity(g, r, s->owner, t[i].type, at, s->id, s->client_id, t[i].outcome,
                          t[i].dir));
    }
    return VO_OK;
}

static vo_err emit_task(struct gen *g, int m, const char *title, int64_t created, int64_t due,
                        int64_t done, const struct sim *s)
{
    struct vo_task t = {.org_id = g->org,
                        .assignee_id = g->m[m].id,
                        .title = title,
                        .created_at = created,
                        .due_at = due,
                        .deal_id = s->id,
                        .client_id = s->client_id,
                        .done_at = done};
    vo_err rc = vo_store_task_upsert(g->st, &t, NULL, g->e);
    return rc ? rc : tick(g);
}

static vo_err emit_tasks(struct gen *g, struct rng *r, const struct sim *s, const struct visit *v)
{
    const struct mgr *m = &g->m[s->owner];
    const char *title = STAGES[v->stage].task;
    if (v->current) {
        /* The next step of an open deal: most have one, some do not (a
         * hygiene finding), and some of those are already overdue. */
        if (!chance(r, m->hygiene))
            return VO_OK;
        int64_t created = g->asof - irange(r, 0, 6 * DAY);
        if (created < v->in)
            created = v->in;
        int64_t due = snap(g, r, created + irange(r, HOUR, 5 * DAY));
        return emit_task(g, s->owner, title, created, due, VO_NULL, s);
    }
    int64_t due = snap(g, r, v->in + (int64_t)(lognormal(r, 1.5, 0.6) * DAY));
    if (due < v->in + HOUR)
        due = v->in + HOUR;
    int64_t done;
    if (v->in > g->asof - 45 * DAY && chance(r, 0.03)) {
        /* Forgotten lately: overdue now. Older forgotten tasks were found
         * and closed at some review, as in a real department. */
        done = VO_NULL;
    } else if (chance(r, m->discipline)) {
        int64_t end = due < v->out ? due : v->out;
        done = v->in + (end > v->in ? irange(r, 0, end - v->in) : 0);
    } else {
        done = snap(g, r, due + (int64_t)(lognormal(r, 1.5, 0.8) * DAY));
    }
    if (done != VO_NULL && done > g->asof)
        done = VO_NULL;
    return emit_task(g, s->owner, title, v->in, due, done, s);
}

static vo_err emit_payments(struct gen *g, struct rng *r, const struct sim *s)
{
    vo_err rc;
    double share[4];
    int parts;
    int64_t first_lo, first_hi;
    if (s->ch == CH_RETAIL) {
        parts = 1, share[0] = 1.0, first_lo = 0, first_hi = 2;
    } else if (s->ch == CH_DEALER) {
        parts = 2, share[0] = share[1] = 0.5, first_lo = 1, first_hi = 5;
    } else {
        parts = chance(r, 0.5) ? 3 : 4;
        share[0] = 0.3;
        for (int i = 1; i < parts; i++)
            share[i] = 0.7 / (parts - 1);
        first_lo = 2, first_hi = 7;
    }
    bool debt = parts > 1 && chance(r, 0.05); /* the last part never comes */
    int64_t t = s->closed + irange(r, first_lo, first_hi) * DAY;
    int64_t paid = 0;
    for (int i = 0; i < parts; i++) {
        int64_t amount =
            i == parts - 1 ? s->amount - paid : (int64_t)llround((double)s->amount * share[i]);
        paid += amount;
        int64_t at = snap(g, r, t);
        if (at > g->asof || (debt && i == parts - 1))
            break;
        struct vo_payment p = {.org_id = g->org,
                               .amount = amount,
                               .paid_at = at,
                               .deal_id = s->id,
                               .client_id = s->client_id};
        TRY(vo_store_payment_upsert(g->st, &p, NULL, g->e));
        TRY(tick(g));
        *fact(g, s->owner, at, F_PAYMENTS) += amount;
        t = at + irange(r, 25, 35) * DAY;
    }
    return VO_OK;
}

static vo_err emit_nps(struct gen *g, struct rng *r, const struct sim *s)
{
    if (!chance(r, 0.35))
        return VO_OK;
    int64_t at = s->closed + irange(r, 7 * DAY, 30 * DAY);
    if (at > g->asof)
        return VO_OK;
    /* Better managers leave happier clients. */
    int score = (int)pick(r, NPS_W, 11);
    if (g->m[s->owner].skill < 0.95 && score > 6 && chance(r, 0.3))
        score -= (int)irange(r, 2, 4);
    const char *comment = NULL;
    if (chance(r, 0.25))
        comment = score >= 9   ? NPS_GOOD[irange(r, 0, 3)]
                  : score <= 6 ? NPS_BAD[irange(r, 0, 3)]
                               : NULL;
    struct vo_nps n = {
        .org_id = g->org, .client_id = s->client_id, .score = score, .at = at, .comment = comment};
    vo_err rc = vo_store_nps_upsert(g->st, &n, NULL, g->e);
    return rc ? rc : tick(g);
}

/* Walks the deal through the stages: each step advances with the
 * manager's conversion, takes a lognormal time, and stops at the first
 * loss, the win, or as_of (then the deal is open in that stage). */
static void simulate(struct gen *g, struct rng *r, struct sim *s)
{
    const struct mgr *m = &g->m[s->owner];
    int64_t t = s->created;
    s->status = VO_DEAL_OPEN;
    s->closed = VO_NULL;
    s->loss = -1;
    for (int st = 0; st < NSTAGES; st++) {
        double p = STAGES[st].conv * CH_CONV[s->ch] * m->skill * (m->weak == st ? 0.6 : 1.0);
        p = p < 0.02 ? 0.02 : p > 0.97 ? 0.97 : p;
        bool adv = chance(r, p);
        double days = lognormal(r, STAGES[st].median_days * CH_SPEED[s->ch], 0.75) *
                      (adv ? 1.0 : 1.4) * (m->weak == st ? 1.3 : 1.0);
        if (!adv && chance(r, STALL))
            days = uniform(r, 30, 180); /* nobody closes it: stale, stuck, open */
        if (days > 400)
            days = 400;
        int64_t dur = (int64_t)(days * DAY);
        int64_t next = snap(g, r, t + (dur < 600 ? 600 : dur));
        s->v[st] = (struct visit){st, t, next, false};
        s->nv = st + 1;
        if (next > g->asof) {
            s->v[st].current = true;
            return;
        }
        if (!adv) {
            s->status = VO_DEAL_LOST;
            s->closed = next;
            s->loss = (int)pick(r, LOSS_W[st], 5);
            return;
        }
        if (st == NSTAGES - 1) {
            s->status = VO_DEAL_WON;
            s->closed = next;
            return;
        }
        t = next;
    }
}

static vo_err gen_deal(struct gen *g, int d, int64_t seq)
{
    vo_err rc;
    struct rng r;
    rng_seed(&r, g->seed, ((uint64_t)2 << 40) + (uint64_t)seq);
    const struct day *day = &g->days[d];
    struct sim s = {0};
    s.created = day->start + (day->work ? 9 * HOUR + irange(&r, 0, 9 * HOUR - 1)
                                        : 10 * HOUR + irange(&r, 0, 10 * HOUR));
    s.ch = (int)pick(&r, CH_SHARE, NCH);
    s.owner = pick_owner(g, &r, s.ch == CH_RETAIL, day->month);
    struct mgr *m = &g->m[s.owner];
    if (m->nclients > 0 && chance(&r, 0.3)) {
        s.client = m->clients[irange(&r, 0, (int64_t)m->nclients - 1)];
        s.ch = g->clients[s.client].channel;
    } else {
        TRY(new_client(g, &r, s.ch, s.owner, d, s.created, &s.client));
    }
    s.client_id = g->clients[s.client].id;
    const char *source = SOURCES[pick(&r, SOURCE_W[s.ch], 5)];
    s.inbound = source == SOURCES[0] || source == SOURCES[4];

    size_t prod;
    do
        prod = (size_t)irange(&r, 0, NPRODUCTS - 1);
    while (PRODUCTS[prod].channel != s.ch && chance(&r, 0.8));
    double rub = lognormal(&r, CH_MEDIAN[s.ch], CH_SIGMA[s.ch]);
    rub = rub < 1000 ? 1000 : rub > 5e7 ? 5e7 : rub;
    s.amount = (int64_t)llround(rub / 100) * 100 * 100;

    simulate(g, &r, &s);
    const struct visit *cur = &s.v[s.nv - 1];
    int64_t amount = s.amount;
    if (s.status == VO_DEAL_OPEN && cur->stage <= 1 && chance(&r, 0.15))
        amount = VO_NULL; /* not yet qualified: no amount filled in */

    char title[160];
    snprintf(title, sizeof title, "%s №%lld", PRODUCTS[prod].name, (long long)seq);
    struct vo_deal deal = {
        .org_id = g->org,
        .title = title,
        .client_id = s.client_id,
        .product_id = g->product_id[prod],
        .pipeline_id = g->pipeline,
        .stage_id = g->stage_id[cur->stage],
        .owner_id = m->id,
        .status = s.status,
        .amount = amount,
        .created_at = s.created,
        .closed_at = s.closed,
        .loss_reason = s.loss >= 0 ? LOSS[s.loss] : NULL,
        .channel = CHANNELS[s.ch],
        .source = source,
        .custom = "{}",
    };
    TRY(vo_store_deal_upsert(g->st, &deal, NULL, g->e));
    TRY(tick(g));
    s.id = deal.id;
    (*fact(g, s.owner, s.created, F_LEADS))++;
    g->ch_leads[(size_t)day->month * NCH + (size_t)s.ch]++;
    if (s.status == VO_DEAL_WON) {
        (*fact(g, s.owner, s.closed, F_WON))++;
        *fact(g, s.owner, s.closed, F_REVENUE) += s.amount;
    }

    for (int i = 0; i < s.nv; i++) {
        struct vo_stage_change c = {.org_id = g->org,
                                    .deal_id = s.id,
                                    .stage_id = g->stage_id[s.v[i].stage],
                                    .at = s.v[i].in,
                                    .user_id = m->id};
        TRY(vo_store_stage_change_insert(g->st, &c, g->e));
        TRY(tick(g));
    }
    for (int i = 0; i < s.nv; i++) {
        TRY(emit_touches(g, &r, &s, &s.v[i]));
        TRY(emit_tasks(g, &r, &s, &s.v[i]));
    }
    if (s.status == VO_DEAL_WON) {
        int64_t due = snap(g, &r, s.closed + 7 * DAY);
        int64_t done = chance(&r, m->discipline)
                           ? s.closed + irange(&r, HOUR, 7 * DAY)
                           : snap(g, &r, due + (int64_t)(lognormal(&r, 1.5, 0.8) * DAY));
        if (done != VO_NULL && done > g->asof)
            done = VO_NULL;
        TRY(emit_task(g, s.owner, "Проконтролировать оплату", s.closed, due, done, &s));
        TRY(emit_payments(g, &r, &s));
        TRY(emit_nps(g, &r, &s));
    }
    return VO_OK;
}

static double inflow_weight(const struct gen *g, const struct day *d)
{
    int wd = vo_date_weekday(d->date);
    double w = SEASON[d->date.m - 1];
    if (wd >= 6)
        w *= d->work ? WORK_SATURDAY_INFLOW : WEEKDAY[wd];
    else
        w *= d->work ? WEEKDAY[wd] : HOLIDAY_INFLOW;
    double years = (double)(d->start - g->days[0].start) / (365.0 * DAY);
    return w * (1.0 + GROWTH_PER_YEAR * years);
}

static void progress(struct gen *g, const char *what, int64_t done, int64_t total)
{
    if (g->o->progress)
        g->o->progress(g->o->progress_ctx, what, done, total);
}

static vo_err gen_deals(struct gen *g, int64_t total)
{
    vo_err rc;
    struct rng r;
    rng_seed(&r, g->seed, 2);
    double *w = calloc((size_t)g->nhist, sizeof *w);
    if (!w)
        return oom(g->e);
    double sum = 0;
    for (int d = 0; d < g->nhist; d++) {
        w[d] = inflow_weight(g, &g->days[d]) * uniform(&r, 0.85, 1.15);
        sum += w[d];
    }
    /* Day d gets floor(N * cum(d) / sum) - floor(N * cum(d-1) / sum): the
     * counts add up to N exactly. */
    double cum = 0;
    int64_t seq = 0;
    for (int d = 0; d < g->nhist; d++) {
        cum += w[d];
        int64_t upto = d == g->nhist - 1 ? total : (int64_t)((double)total * (cum / sum));
        while (seq < upto) {
            if ((rc = gen_deal(g, d, ++seq))) {
                free(w);
                return rc;
            }
        }
        if (d + 1 == g->nhist || g->days[d + 1].month != g->days[d].month)
            progress(g, "deals", seq, total);
    }
    free(w);
    return VO_OK;
}

/* The calls that are not about a deal in the pipeline (prospecting,
 * follow-ups with existing clients) fill each manager's working day up to
 * their level: VO_DEMO_CALLS_PER_DAY for an average manager. */
static vo_err gen_daily_calls(struct gen *g)
{
    vo_err rc;
    for (int d = 0; d < g->nhist; d++) {
        const struct day *day = &g->days[d];
        for (int i = 0; i < g->nm && day->work; i++) {
            struct rng r;
            rng_seed(&r, g->seed,
                     ((uint64_t)3 << 40) + (uint64_t)d * (uint64_t)g->nm + (uint64_t)i);
            const struct mgr *m = &g->m[i];
            double target =
                VO_DEMO_CALLS_PER_DAY * level_at(g, m, day->month) * uniform(&r, 0.8, 1.2);
            int64_t have = g->calls[(size_t)i * (size_t)g->ndays + (size_t)d];
            int64_t add = (int64_t)llround(target) - have;
            /* Clients created up to this day (the list is in day order). */
            size_t lo = 0, hi = m->nclients;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (g->clients[m->clients[mid]].day <= d)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (int64_t k = 0; k < add; k++) {
                int64_t at = day->start + 9 * HOUR + irange(&r, 0, 9 * HOUR - 1);
                if (at > g->asof)
                    continue;
                int o = (int)pick(&r, TOPUP_OUTCOME_W, 4);
                enum vo_direction dir = o == O_TALK && chance(&r, 0.3) ? VO_DIR_IN : VO_DIR_OUT;
                int64_t client = lo > 0 && chance(&r, 0.5)
                                     ? g->clients[m->clients[irange(&r, 0, (int64_t)lo - 1)]].id
                                     : 0;
                TRY(emit_activity(g, &r, i, VO_ACT_CALL, at, 0, client, o, dir));
            }
        }
        if (d + 1 == g->nhist || g->days[d + 1].month != day->month)
            progress(g, "calls", d + 1, g->nhist);
    }
    return VO_OK;
}

/* ---- plans and marketing ---- */

/* The calendar year and month (1-12) of month index mo of the history. */
static int year_of(const struct gen *g, int mo)
{
    return g->days[0].date.y + (g->days[0].date.m - 1 + mo) / 12;
}

static int month_of_year(const struct gen *g, int mo)
{
    return (g->days[0].date.m - 1 + mo) % 12 + 1;
}

static int64_t round_to(double v, int64_t step, int64_t min)
{
    int64_t x = (int64_t)llround(v / (double)step) * step;
    return x < min ? min : x;
}

/* Each manager's monthly plan: their own rate per working day over the
 * settled months (not the first two, while the pipeline fills), times the
 * month's working days and season, times the head's stretch for that
 * manager. Managers whose level trends up run ahead of such plans, the
 * others behind. The org's plan is the sum. */
static vo_err gen_plans(struct gen *g)
{
    vo_err rc;
    int nmo = g->nmonths;
    int64_t *wd = calloc((size_t)nmo * 2, sizeof *wd); /* full month, up to as_of */
    int64_t *org = calloc((size_t)nmo * NPLAN, sizeof *org);
    if (!wd || !org) {
        free(wd);
        free(org);
        return oom(g->e);
    }
    for (int d = 0; d < g->ndays; d++) {
        int mo = g->days[d].month;
        if (mo >= nmo || !g->days[d].work)
            continue;
        wd[mo * 2]++;
        if (d < g->nhist)
            wd[mo * 2 + 1]++;
    }
    int r1 = nmo > 1 ? nmo - 1 : 1, r0 = r1 >= 4 ? 2 : 0;
    struct rng r;
    rng_seed(&r, g->seed, 4);
    rc = VO_OK;
    for (int i = 0; i < g->nm && !rc; i++) {
        const struct mgr *m = &g->m[i];
        for (size_t k = 0; k < NPLAN && !rc; k++) {
            double num = 0, den = 0;
            for (int mo = r0; mo < r1; mo++) {
                double season = PLAN_METRICS[k].seasonal ? SEASON[month_of_year(g, mo) - 1] : 1.0;
                num += (double)g->fact[((size_t)i * (size_t)nmo + (size_t)mo) * NF +
                                       (size_t)PLAN_METRICS[k].fact];
                den += (double)wd[mo * 2 + 1] * season;
            }
            double rate = den > 0 ? num / den : 0;
            for (int mo = 0; mo < nmo && !rc; mo++) {
                double season = PLAN_METRICS[k].seasonal ? SEASON[month_of_year(g, mo) - 1] : 1.0;
                double v =
                    rate * (double)wd[mo * 2] * season * m->stretch * uniform(&r, 0.95, 1.05);
                int64_t target;
                if (PLAN_METRICS[k].money)
                    target = round_to(v, 100000, 100000);
                else if (PLAN_METRICS[k].fact == F_CALL_SEC)
                    target = round_to(v / 60, 10, 10);
                else
                    target = round_to(v, 1, 1);
                org[(size_t)mo * NPLAN + k] += target;
                struct vo_plan p = {.org_id = g->org,
                                    .year = year_of(g, mo),
                                    .month = month_of_year(g, mo),
                                    .scope_kind = VO_SCOPE_USER,
                                    .scope_id = m->id,
                                    .metric = PLAN_METRICS[k].metric,
                                    .target = target};
                if (!(rc = vo_store_plan_upsert(g->st, &p, NULL, g->e)))
                    rc = tick(g);
            }
        }
    }
    for (int mo = 0; mo < nmo && !rc; mo++)
        for (size_t k = 0; k < NPLAN && !rc; k++) {
            struct vo_plan p = {.org_id = g->org,
                                .year = year_of(g, mo),
                                .month = month_of_year(g, mo),
                                .scope_kind = VO_SCOPE_ORG,
                                .scope_id = 0,
                                .metric = PLAN_METRICS[k].metric,
                                .target = org[(size_t)mo * NPLAN + k]};
            if (!(rc = vo_store_plan_upsert(g->st, &p, NULL, g->e)))
                rc = tick(g);
        }
    free(wd);
    free(org);
    return rc;
}

static vo_err gen_spend(struct gen *g)
{
    vo_err rc;
    struct rng r;
    rng_seed(&r, g->seed, 5);
    for (int mo = 0; mo < g->nmonths; mo++)
        for (int ch = 0; ch < NCH; ch++) {
            double rub = (double)g->ch_leads[(size_t)mo * NCH + (size_t)ch] * CH_CPL[ch] *
                         uniform(&r, 0.85, 1.15);
            struct vo_spend sp = {.org_id = g->org,
                                  .channel = CHANNELS[ch],
                                  .year = year_of(g, mo),
                                  .month = month_of_year(g, mo),
                                  .amount = round_to(rub * 100, 100000, 0)};
            TRY(vo_store_spend_upsert(g->st, &sp, NULL, g->e));
            TRY(tick(g));
        }
    return VO_OK;
}

/* ---- the whole ---- */

int vo_demo_managers_for(int64_t deals)
{
    if (deals <= VO_DEMO_DEFAULT_DEALS) {
        int64_t m =
            (deals * VO_DEMO_DEFAULT_MANAGERS + VO_DEMO_DEFAULT_DEALS / 2) / VO_DEMO_DEFAULT_DEALS;
        return m < 2 ? 2 : (int)m;
    }
    int64_t m = VO_DEMO_DEFAULT_MANAGERS + (deals - VO_DEMO_DEFAULT_DEALS) / DEALS_PER_MANAGER;
    return m > 5000 ? 5000 : (int)m;
}

static void gen_free(struct gen *g)
{
    if (g->m)
        for (int i = 0; i < g->nm; i++)
            free(g->m[i].clients);
    free(g->m);
    free(g->days);
    free(g->members[0]);
    free(g->members[1]);
    free(g->cum);
    free(g->clients);
    free(g->calls);
    free(g->fact);
    free(g->ch_leads);
    if (g->tz)
        g_time_zone_unref(g->tz);
}

vo_err vo_demo_generate(struct vo_store *st, const struct vo_demo_opts *o, struct vo_arena *a,
                        struct vo_demo_result *out, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    int64_t deals = o->deals > 0 ? o->deals : VO_DEMO_DEFAULT_DEALS;
    int months = o->months > 0 ? o->months : VO_DEMO_DEFAULT_MONTHS;
    int managers = o->managers > 0 ? o->managers
                   : o->deals > 0  ? vo_demo_managers_for(deals)
                                   : VO_DEMO_DEFAULT_MANAGERS;
    if (deals < 10 || deals > 100000000)
        return vo_error_set(e, VO_EINVAL, "deals", "between 10 and 100,000,000, not %lld",
                            (long long)deals);
    if (months < 1 || months > 120)
        return vo_error_set(e, VO_EINVAL, "months", "between 1 and 120, not %d", months);
    if (managers < 2 || managers > 5000)
        return vo_error_set(e, VO_EINVAL, "managers", "between 2 and 5000, not %d", managers);
    if (!vo_date_valid(o->as_of.y, o->as_of.m, o->as_of.d) || o->as_of.y < 2000)
        return vo_error_set(e, VO_EINVAL, "as-of", "a date from 2000 on is needed");

    struct vo_org *orgs = NULL;
    size_t norgs = 0;
    vo_err rc = vo_store_org_list(st, a, &orgs, &norgs, e);
    if (rc)
        return rc;
    if (norgs > 0 && !o->force)
        return vo_error_set(e, VO_ECONFLICT, "db",
                            "the database already holds %zu org(s) (\"%s\"...): the demo "
                            "writes a fresh company; use a new --db file, or --force to add "
                            "it beside them",
                            norgs, orgs[0].name);

    struct gen g = {.st = st, .e = e, .o = o, .seed = o->seed, .nm = managers, .nmonths = months};
    struct vo_svc svc = {0};
    bool bulk = false;
    g.tz = vo_tz_new("Europe/Moscow");
    if (!g.tz) {
        rc = vo_error_set(e, VO_EINVAL, "tz", "the time zone Europe/Moscow is unknown here");
        goto out;
    }
    int mabs = o->as_of.y * 12 + (o->as_of.m - 1) - (months - 1);
    struct vo_date from = {mabs / 12, mabs % 12 + 1, 1};
    if ((rc = setup_calendar(&g, from, o->as_of)))
        goto out;
    g.m = calloc((size_t)managers, sizeof *g.m);
    g.calls = calloc((size_t)managers * (size_t)g.ndays, sizeof *g.calls);
    g.fact = calloc((size_t)managers * (size_t)months * NF, sizeof *g.fact);
    g.ch_leads = calloc((size_t)months * NCH, sizeof *g.ch_leads);
    if (!g.m || !g.calls || !g.fact || !g.ch_leads) {
        rc = oom(e);
        goto out;
    }

    if ((rc = vo_store_bulk_mode(st, true, e)))
        goto out;
    bulk = true;
    const char *org_name = "Демо: ООО «Вектор»";
    const char *admin_pw = NULL;
    if ((rc = vo_svc_org_create(st, org_name, "Europe/Moscow", "RUB", "admin@" DOMAIN, a, &g.org,
                                &admin_pw, e)))
        goto out;
    if ((rc = vo_svc_init(&svc, st, g.org, a, e)))
        goto out;
    out->logins[0] = (struct vo_demo_login){"admin", "Administrator", "admin@" DOMAIN, admin_pw};
    /* setup_people opens the bulk transaction after the service's own. */
    if ((rc = setup_people(&g, &svc, a, out)) || (rc = setup_owners(&g)) ||
        (rc = setup_catalog(&g)) || (rc = write_holidays(&g)) || (rc = gen_deals(&g, deals)) ||
        (rc = gen_daily_calls(&g)) || (rc = gen_plans(&g)) || (rc = gen_spend(&g)) ||
        (rc = vo_store_demo_backdate(st, g.org, g.days[0].start, e)))
        goto out;
    if ((rc = vo_store_commit(st, e)))
        goto out;
    rc = vo_store_bulk_mode(st, false, e);
    bulk = false;
    if (rc)
        goto out;

    out->org_id = g.org;
    out->org_name = org_name;
    out->from = from;
    out->to = o->as_of;
    out->months = months;
    out->managers = managers;
    out->deals = deals;
    out->seed = o->seed;
    for (int d = 0; d < g.nhist; d++)
        out->working_days += g.days[d].work;
out:
    if (rc) {
        vo_store_rollback(st);
        if (bulk)
            vo_store_bulk_mode(st, false, NULL);
    }
    vo_svc_cleanup(&svc);
    gen_free(&g);
    return rc;
}
