/*
 * demo_gen.h - the demo generator's shared state (struct gen), its random
 * number streams, and the steps each file of src/demo/ offers the others.
 * Internal to src/demo/: the public interface is demo.h.
 */
#ifndef VO_DEMO_GEN_H
#define VO_DEMO_GEN_H

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/demo.h"
#include "demo/demo_shape.h"
#include "service/service.h"

#define DAY          86400
#define HOUR         3600
#define COMMIT_ROWS  500000
#define HORIZON_DAYS 62 /* calendar after as_of, for due dates */
#define TWO_PI       6.283185307179586
#define DOMAIN       "demo.voronka"

/* ---- the generator's random numbers: xoshiro256** ---- */

struct rng {
    uint64_t s[4];
};
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
    bool key; /* a key account: it pays by the month (demo_money.c) */
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
    int64_t head_id;   /* the head of sales (demo_people.c acts as them) */
};

#define TRY(expr)                                                                                  \
    do {                                                                                           \
        if ((rc = (expr)) != VO_OK)                                                                \
            return rc;                                                                             \
    } while (0)
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

/* demo.c */
vo_err demo_oom(struct vo_error *e);
vo_err demo_tick(struct gen *g);
void demo_progress(struct gen *g, const char *what, int64_t done, int64_t total);

/* demo_rng.c */
void demo_rng_seed(struct rng *r, uint64_t seed, uint64_t stream);
double demo_unit(struct rng *r);
double demo_uniform(struct rng *r, double lo, double hi);
int64_t demo_irange(struct rng *r, int64_t lo, int64_t hi);
bool demo_chance(struct rng *r, double p);
double demo_lognormal(struct rng *r, double median, double sigma);
size_t demo_pick(struct rng *r, const double *w, size_t n);

/* demo_calendar.c */
double demo_level_at(const struct gen *g, const struct mgr *m, int month);
int demo_day_of(const struct gen *g, int64_t t);
int64_t demo_snap(const struct gen *g, struct rng *r, int64_t t);
int64_t *demo_fact(struct gen *g, int m, int64_t t, int f);
vo_err demo_setup_calendar(struct gen *g, struct vo_date from, struct vo_date to);
vo_err demo_write_holidays(struct gen *g);

/* demo_org.c */
vo_err demo_setup_people(struct gen *g, struct vo_svc *svc, struct vo_arena *a,
                         struct vo_demo_result *res);
vo_err demo_setup_owners(struct gen *g);
int demo_pick_owner(const struct gen *g, struct rng *r, int kind, int month);
vo_err demo_setup_catalog(struct gen *g);

/* demo_deals.c */
vo_err demo_gen_deals(struct gen *g, int64_t total);

/* demo_activity.c */
vo_err demo_emit_touches(struct gen *g, struct rng *r, const struct sim *s, const struct visit *v);
vo_err demo_emit_task(struct gen *g, int m, const char *title, enum vo_task_type type,
                      int64_t created, int64_t due, int64_t done, const struct sim *s);
vo_err demo_emit_tasks(struct gen *g, struct rng *r, const struct sim *s, const struct visit *v);
vo_err demo_gen_daily_calls(struct gen *g);

/* demo_money.c */
vo_err demo_emit_payments(struct gen *g, struct rng *r, const struct sim *s);
vo_err demo_emit_nps(struct gen *g, struct rng *r, const struct sim *s);
vo_err demo_gen_plans(struct gen *g);
vo_err demo_gen_spend(struct gen *g);
/* demo_people.c: the library, call reviews and hiring, through the use
 * cases as the head (after the bulk transaction). */
vo_err demo_seed_people(struct gen *g, struct vo_svc *svc, struct vo_arena *a);

#endif
