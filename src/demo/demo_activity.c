/*
 * demo_activity.c - calls, meetings and emails around the deals, the tasks
 * of each stage, and the daily calls not about a deal.
 */
#include "demo/demo_gen.h"

/* ---- activities ---- */

static int64_t call_duration(struct rng *r, int outcome)
{
    double s;
    switch (outcome) {
    case O_NOANSWER:
        return demo_irange(r, 0, 25);
    case O_CALLBACK:
        s = demo_lognormal(r, 45, 0.5);
        break;
    case O_MEETING:
        s = demo_lognormal(r, 300, 0.5);
        break;
    default:
        s = demo_lognormal(r, 150, 0.8);
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
        if (a.duration_s > 60 && demo_chance(r, 0.25)) {
            snprintf(url, sizeof url, "https://pbx." DOMAIN "/rec/%lld.mp3",
                     (long long)++g->seq_rec);
            a.recording_url = url;
        }
        g->calls[(size_t)m * (size_t)g->ndays + (size_t)demo_day_of(g, at)]++;
        (*demo_fact(g, m, at, F_CALLS))++;
        *demo_fact(g, m, at, F_CALL_SEC) += a.duration_s;
    } else if (type == VO_ACT_MEETING) {
        a.duration_s = demo_irange(r, 3, 8) * 15 * 60;
        a.outcome = outcome == O_TALK ? "проведена" : "перенесена";
        (*demo_fact(g, m, at, F_MEETINGS))++;
    } else if (type == VO_ACT_EMAIL) {
        a.outcome = outcome == O_MEETING ? "договор отправлен" : "КП отправлено";
        a.direction = VO_DIR_OUT;
    } else {
        a.outcome = "счёт отправлен в мессенджер";
        a.direction = VO_DIR_OUT;
    }
    vo_err rc = vo_store_activity_upsert(g->st, &a, NULL, g->e);
    return rc ? rc : demo_tick(g);
}

static size_t plan_touches(struct rng *r, const struct sim *s, const struct visit *v,
                           struct touch *t)
{
    size_t n = 0;
    bool last = v == &s->v[s->nv - 1];
    bool advanced = !last || s->status == VO_DEAL_WON;
    switch (v->stage) {
    case 0: {
        int k = 1 + demo_chance(r, 0.5) + demo_chance(r, 0.2);
        bool silent = last && s->status == VO_DEAL_LOST && s->loss == LOSS_NO_ANSWER;
        for (int i = 0; i < k; i++) {
            int o = silent || i < k - 1 ? (demo_chance(r, 0.7) ? O_NOANSWER : O_CALLBACK) : O_TALK;
            enum vo_direction d =
                i == 0 && s->inbound && demo_chance(r, 0.5) ? VO_DIR_IN : VO_DIR_OUT;
            t[n++] = (struct touch){VO_ACT_CALL, o, d};
        }
        break;
    }
    case 1: {
        int k = 1 + demo_chance(r, 0.5);
        for (int i = 0; i < k; i++)
            t[n++] = (struct touch){VO_ACT_CALL, i == k - 1 && advanced ? O_MEETING : O_TALK,
                                    VO_DIR_OUT};
        break;
    }
    case 2:
        t[n++] = (struct touch){VO_ACT_CALL, O_TALK, VO_DIR_OUT};
        t[n++] =
            (struct touch){VO_ACT_MEETING, demo_chance(r, 0.9) ? O_TALK : O_CALLBACK, VO_DIR_NONE};
        if (s->ch == CH_CORP && demo_chance(r, 0.3))
            t[n++] = (struct touch){VO_ACT_MEETING, O_TALK, VO_DIR_NONE};
        break;
    case 3:
        t[n++] = (struct touch){VO_ACT_EMAIL, O_TALK, VO_DIR_OUT};
        t[n++] = (struct touch){VO_ACT_CALL, demo_chance(r, 0.7) ? O_TALK : O_CALLBACK,
                                demo_chance(r, 0.2) ? VO_DIR_IN : VO_DIR_OUT};
        if (demo_chance(r, 0.4))
            t[n++] = (struct touch){VO_ACT_CALL, O_TALK, VO_DIR_OUT};
        break;
    default: {
        int k = 1 + demo_chance(r, 0.5) + demo_chance(r, 0.3);
        for (int i = 0; i < k; i++)
            t[n++] =
                (struct touch){VO_ACT_CALL, O_TALK, demo_chance(r, 0.25) ? VO_DIR_IN : VO_DIR_OUT};
        t[n++] = (struct touch){VO_ACT_EMAIL, O_MEETING, VO_DIR_OUT};
        if (s->ch == CH_RETAIL)
            t[n++] = (struct touch){VO_ACT_MESSAGE, O_TALK, VO_DIR_OUT};
        break;
    }
    }
    return n;
}

vo_err demo_emit_touches(struct gen *g, struct rng *r, const struct sim *s, const struct visit *v)
{
    vo_err rc;
    struct touch t[8];
    size_t n = plan_touches(r, s, v, t);
    int64_t span = v->out - v->in;
    for (size_t i = 0; i < n; i++) {
        double pos = ((double)i + 0.5 + demo_uniform(r, -0.4, 0.4)) / (double)n;
        int64_t at = demo_snap(g, r, v->in + (int64_t)(pos * (double)span));
        if (at > g->asof)
            continue;
        TRY(emit_activity(g, r, s->owner, t[i].type, at, s->id, s->client_id, t[i].outcome,
                          t[i].dir));
    }
    return VO_OK;
}

vo_err demo_emit_task(struct gen *g, int m, const char *title, enum vo_task_type type,
                      int64_t created, int64_t due, int64_t done, const struct sim *s)
{
    struct vo_task t = {.org_id = g->org,
                        .assignee_id = g->m[m].id,
                        .title = title,
                        .type = type,
                        .created_at = created,
                        .due_at = due,
                        .deal_id = s->id,
                        .client_id = s->client_id,
                        .done_at = done};
    vo_err rc = vo_store_task_upsert(g->st, &t, NULL, g->e);
    return rc ? rc : demo_tick(g);
}

vo_err demo_emit_tasks(struct gen *g, struct rng *r, const struct sim *s, const struct visit *v)
{
    const struct mgr *m = &g->m[s->owner];
    const char *title = STAGES[v->stage].task;
    enum vo_task_type type = STAGES[v->stage].task_type;
    if (v->current) {
        /* The next step of an open deal: most have one, some do not (a
         * hygiene finding), and some of those are already overdue. */
        if (!demo_chance(r, m->hygiene))
            return VO_OK;
        int64_t created = g->asof - demo_irange(r, 0, 6 * DAY);
        if (created < v->in)
            created = v->in;
        int64_t due = demo_snap(g, r, created + demo_irange(r, HOUR, 5 * DAY));
        return demo_emit_task(g, s->owner, title, type, created, due, VO_NULL, s);
    }
    int64_t due = demo_snap(g, r, v->in + (int64_t)(demo_lognormal(r, 1.5, 0.6) * DAY));
    if (due < v->in + HOUR)
        due = v->in + HOUR;
    int64_t done;
    if (v->in > g->asof - 45 * DAY && demo_chance(r, 0.03)) {
        /* Forgotten lately: overdue now. Older forgotten tasks were found
         * and closed at some review, as in a real department. */
        done = VO_NULL;
    } else if (demo_chance(r, m->discipline)) {
        int64_t end = due < v->out ? due : v->out;
        done = v->in + (end > v->in ? demo_irange(r, 0, end - v->in) : 0);
    } else {
        done = demo_snap(g, r, due + (int64_t)(demo_lognormal(r, 1.5, 0.8) * DAY));
    }
    if (done != VO_NULL && done > g->asof)
        done = VO_NULL;
    return demo_emit_task(g, s->owner, title, type, v->in, due, done, s);
}

/* The calls that are not about a deal in the pipeline (prospecting,
 * follow-ups with existing clients) fill each manager's working day up to
 * their level: VO_DEMO_CALLS_PER_DAY for an average manager. */
vo_err demo_gen_daily_calls(struct gen *g)
{
    vo_err rc;
    for (int d = 0; d < g->nhist; d++) {
        const struct day *day = &g->days[d];
        for (int i = 0; i < g->nm && day->work; i++) {
            struct rng r;
            demo_rng_seed(&r, g->seed,
                          ((uint64_t)3 << 40) + (uint64_t)d * (uint64_t)g->nm + (uint64_t)i);
            const struct mgr *m = &g->m[i];
            double target = VO_DEMO_CALLS_PER_DAY * demo_level_at(g, m, day->month) *
                            demo_uniform(&r, 0.8, 1.2);
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
                int64_t at = day->start + 9 * HOUR + demo_irange(&r, 0, 9 * HOUR - 1);
                if (at > g->asof)
                    continue;
                int o = (int)demo_pick(&r, TOPUP_OUTCOME_W, 4);
                enum vo_direction dir =
                    o == O_TALK && demo_chance(&r, 0.3) ? VO_DIR_IN : VO_DIR_OUT;
                int64_t client =
                    lo > 0 && demo_chance(&r, 0.5)
                        ? g->clients[m->clients[demo_irange(&r, 0, (int64_t)lo - 1)]].id
                        : 0;
                TRY(emit_activity(g, &r, i, VO_ACT_CALL, at, 0, client, o, dir));
            }
        }
        if (d + 1 == g->nhist || g->days[d + 1].month != day->month)
            demo_progress(g, "calls", d + 1, g->nhist);
    }
    return VO_OK;
}
