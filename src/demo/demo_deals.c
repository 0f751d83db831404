/*
 * demo_deals.c - clients and deals: the lead inflow over the history and each
 * deal walked through the stages and written with all its rows.
 */
#include "demo/demo_gen.h"

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
    if (ch == CH_RETAIL && demo_chance(r, 0.5)) {
        const struct vo_demo_name *s =
            &vo_demo_surnames[demo_irange(r, 0, (int64_t)vo_demo_surnames_n - 1)];
        const char *i1 = vo_demo_first_m[demo_irange(r, 0, (int64_t)vo_demo_first_m_n - 1)].ru;
        const char *i2 = vo_demo_first_m[demo_irange(r, 0, (int64_t)vo_demo_first_m_n - 1)].ru;
        /* Cyrillic capitals are two bytes in UTF-8. */
        snprintf(buf, n, "ИП %s %.2s. %.2s.", s->ru, i1, i2);
        return;
    }
    static const char *const FORMS[NCH][2] = {{"ООО", "АО"}, {"ООО", "ТД"}, {"ООО", "Магазин"}};
    snprintf(buf, n, "%s «%s»", FORMS[ch][demo_chance(r, 0.3)], word);
}

static vo_err new_client(struct gen *g, struct rng *r, int ch, int owner, int day, int64_t created,
                         int32_t *out)
{
    if (g->nclients == g->capclients) {
        size_t cap = g->capclients ? g->capclients * 2 : 4096;
        struct client_rec *v = realloc(g->clients, cap * sizeof *v);
        if (!v)
            return demo_oom(g->e);
        g->clients = v;
        g->capclients = cap;
    }
    struct mgr *m = &g->m[owner];
    if (m->nclients == m->capclients) {
        size_t cap = m->capclients ? m->capclients * 2 : 64;
        int32_t *v = realloc(m->clients, cap * sizeof *v);
        if (!v)
            return demo_oom(g->e);
        m->clients = v;
        m->capclients = cap;
    }
    char name[160];
    client_name(name, sizeof name, g->nclients, ch, r);
    struct vo_client c = {
        .org_id = g->org,
        .name = name,
        .channel = CHANNELS[ch],
        .region = REGIONS[demo_pick(r, REGION_W, 5)],
        .segment = SEGMENTS[demo_pick(r, SEGMENT_W[ch], 3)],
        .source = SOURCES[demo_pick(r, SOURCE_W[ch], 5)],
        .owner_id = m->id,
        .created_at = created,
        .key_account = ch == CH_CORP && demo_chance(r, 0.12),
        .custom = "{}",
    };
    vo_err rc;
    TRY(vo_store_client_upsert(g->st, &c, NULL, g->e));
    TRY(demo_tick(g));
    g->clients[g->nclients] = (struct client_rec){
        .id = c.id, .owner = owner, .day = day, .channel = ch, .key = c.key_account != 0};
    m->clients[m->nclients++] = (int32_t)g->nclients;
    *out = (int32_t)g->nclients++;
    return VO_OK;
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
        bool adv = demo_chance(r, p);
        double days = demo_lognormal(r, STAGES[st].median_days * CH_SPEED[s->ch], 0.75) *
                      (adv ? 1.0 : 1.4) * (m->weak == st ? 1.3 : 1.0);
        if (!adv && demo_chance(r, STALL))
            days = demo_uniform(r, 30, 180); /* nobody closes it: stale, stuck, open */
        if (days > 400)
            days = 400;
        int64_t dur = (int64_t)(days * DAY);
        int64_t next = demo_snap(g, r, t + (dur < 600 ? 600 : dur));
        s->v[st] = (struct visit){st, t, next, false};
        s->nv = st + 1;
        if (next > g->asof) {
            s->v[st].current = true;
            return;
        }
        if (!adv) {
            s->status = VO_DEAL_LOST;
            s->closed = next;
            s->loss = (int)demo_pick(r, LOSS_W[st], 5);
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
    demo_rng_seed(&r, g->seed, ((uint64_t)2 << 40) + (uint64_t)seq);
    const struct day *day = &g->days[d];
    struct sim s = {0};
    s.created = day->start + (day->work ? 9 * HOUR + demo_irange(&r, 0, 9 * HOUR - 1)
                                        : 10 * HOUR + demo_irange(&r, 0, 10 * HOUR));
    s.ch = (int)demo_pick(&r, CH_SHARE, NCH);
    s.owner = demo_pick_owner(g, &r, s.ch == CH_RETAIL, day->month);
    struct mgr *m = &g->m[s.owner];
    if (m->nclients > 0 && demo_chance(&r, 0.3)) {
        s.client = m->clients[demo_irange(&r, 0, (int64_t)m->nclients - 1)];
        s.ch = g->clients[s.client].channel;
    } else {
        TRY(new_client(g, &r, s.ch, s.owner, d, s.created, &s.client));
    }
    s.client_id = g->clients[s.client].id;
    const char *source = SOURCES[demo_pick(&r, SOURCE_W[s.ch], 5)];
    s.inbound = source == SOURCES[0] || source == SOURCES[4];

    size_t prod;
    do
        prod = (size_t)demo_irange(&r, 0, NPRODUCTS - 1);
    while (PRODUCTS[prod].channel != s.ch && demo_chance(&r, 0.8));
    double rub = demo_lognormal(&r, CH_MEDIAN[s.ch], CH_SIGMA[s.ch]);
    rub = rub < 1000 ? 1000 : rub > 5e7 ? 5e7 : rub;
    s.amount = (int64_t)llround(rub / 100) * 100 * 100;

    simulate(g, &r, &s);
    const struct visit *cur = &s.v[s.nv - 1];
    int64_t amount = s.amount;
    if (s.status == VO_DEAL_OPEN && cur->stage <= 1 && demo_chance(&r, 0.15))
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
    TRY(demo_tick(g));
    s.id = deal.id;
    (*demo_fact(g, s.owner, s.created, F_LEADS))++;
    g->ch_leads[(size_t)day->month * NCH + (size_t)s.ch]++;
    if (s.status == VO_DEAL_WON) {
        (*demo_fact(g, s.owner, s.closed, F_WON))++;
        *demo_fact(g, s.owner, s.closed, F_REVENUE) += s.amount;
    }

    for (int i = 0; i < s.nv; i++) {
        struct vo_stage_change c = {.org_id = g->org,
                                    .deal_id = s.id,
                                    .stage_id = g->stage_id[s.v[i].stage],
                                    .at = s.v[i].in,
                                    .user_id = m->id};
        TRY(vo_store_stage_change_insert(g->st, &c, g->e));
        TRY(demo_tick(g));
    }
    for (int i = 0; i < s.nv; i++) {
        TRY(demo_emit_touches(g, &r, &s, &s.v[i]));
        TRY(demo_emit_tasks(g, &r, &s, &s.v[i]));
    }
    if (s.status == VO_DEAL_WON) {
        int64_t due = demo_snap(g, &r, s.closed + 7 * DAY);
        int64_t done = demo_chance(&r, m->discipline)
                           ? s.closed + demo_irange(&r, HOUR, 7 * DAY)
                           : demo_snap(g, &r, due + (int64_t)(demo_lognormal(&r, 1.5, 0.8) * DAY));
        if (done != VO_NULL && done > g->asof)
            done = VO_NULL;
        TRY(demo_emit_task(g, s.owner, "Проконтролировать оплату", VO_TASK_CALL, s.closed, due,
                           done, &s));
        TRY(demo_emit_payments(g, &r, &s));
        TRY(demo_emit_nps(g, &r, &s));
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

vo_err demo_gen_deals(struct gen *g, int64_t total)
{
    vo_err rc;
    struct rng r;
    demo_rng_seed(&r, g->seed, 2);
    double *w = calloc((size_t)g->nhist, sizeof *w);
    if (!w)
        return demo_oom(g->e);
    double sum = 0;
    for (int d = 0; d < g->nhist; d++) {
        w[d] = inflow_weight(g, &g->days[d]) * demo_uniform(&r, 0.85, 1.15);
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
            demo_progress(g, "deals", seq, total);
    }
    free(w);
    return VO_OK;
}
