/*
 * demo_people.c - the demo company's people side (issue 14), so that the
 * screens of «Люди» show a department at work, not empty lists:
 * - the library: the incoming call script in two versions, the CRM
 *   regulation (both required reading) and the objection handling;
 * - call reviews: the checklist «Входящий звонок» and three reviews of each
 *   of the first eight managers over the last two months, scored by the
 *   manager's skill, lowest on the point of the stage they convert worst
 *   (the same weakness their deals show in the funnel);
 * - hiring: a vacancy of the corporate team with candidates at every stage
 *   but hired (a hire would add a user to the demo's department), the
 *   interviewed ones with scorecards;
 * - training: a product training held ten days before as_of with its
 *   attendance, a pair training tomorrow (the star coaches the manager who
 *   struggles, the script as material), and the review of negotiations the
 *   call reviews suggest, on the struggling manager's weak point;
 * - attestation: the entry test of product, CRM and selling (choices and a
 *   free answer) assigned to the first six managers for a week after
 *   as_of; the star passed it, the struggling manager did not;
 * - the ИПР of the struggling manager: the conversion of their weak step
 *   to 35 % over 90 days, 900 calls a month, objection handling from 2 to
 *   4, two actions (one done) and the head's first check-in.
 * Written through the use cases, as the head of sales, after the bulk
 * transaction: the rules, the audit and the notifications are the API's.
 */
#include "demo/demo_gen.h"

#include "service/attestations.h"
#include "service/documents.h"
#include "service/hiring.h"
#include "service/idp.h"
#include "service/reviews.h"
#include "service/trainings.h"

/* ---- the library ---- */

static const char SCRIPT_V1[] =
    "1. Приветствие: «Компания «Вектор», меня зовут …, чем могу помочь?»\n"
    "2. Имя клиента и компания.\n"
    "3. Потребность: что нужно, для кого, к какому сроку, какой бюджет.\n"
    "4. Предложение под потребность: два варианта, не больше.\n"
    "5. Следующий шаг: встреча или КП с датой и временем.\n";
static const char SCRIPT_V2[] =
    "1. Приветствие: «Компания «Вектор», меня зовут …, чем могу помочь?»\n"
    "2. Имя клиента и компания.\n"
    "3. Потребность: что нужно, для кого, к какому сроку, какой бюджет.\n"
    "4. Кто ещё принимает решение и как.\n"
    "5. Предложение под потребность: два варианта, не больше.\n"
    "6. Следующий шаг: встреча или КП с датой и временем; задача в CRM до конца звонка.\n";
static const char REGULATION[] =
    "Каждая сделка — в CRM в день обращения: клиент, сумма, источник.\n"
    "У каждой открытой сделки есть следующая задача со сроком.\n"
    "Этап меняется в день события, не позже.\n"
    "Проигранная сделка закрывается с причиной из списка.\n";
static const char OBJECTIONS[] =
    "«Дорого» — уточнить, с чем сравнивает; показать стоимость владения.\n"
    "«Подумаем» — что именно нужно обдумать, кто ещё решает; договориться о дате.\n"
    "«Уже работаем с другими» — что нравится и чего не хватает; предложить пробную поставку.\n";

static vo_err seed_library(struct vo_svc *svc, int64_t *script, struct vo_error *e)
{
    const unsigned all = VO_DOC_SET_KIND | VO_DOC_SET_TITLE | VO_DOC_SET_REQUIRED;
    struct vo_document_input docs[] = {
        {all, "script", "Скрипт входящего звонка", true, false, SCRIPT_V1, "Первая версия"},
        {all, "regulation", "Регламент работы в CRM", true, false, REGULATION, ""},
        {all, "objections", "Работа с возражениями", false, false, OBJECTIONS, ""},
    };
    int64_t ids[3] = {0}, n = 0;
    vo_err rc = VO_OK;
    for (size_t i = 0; i < 3 && !rc; i++)
        rc = vo_svc_document_create(svc, &docs[i], &ids[i], e);
    if (!rc)
        rc = vo_svc_document_version_add(svc, ids[0], SCRIPT_V2, "Добавили ЛПР и задачу в CRM", &n,
                                         e);
    *script = ids[0];
    return rc;
}

/* ---- call reviews ---- */

#define NPOINTS     5
#define NREVIEWED   8
#define REVIEWS_PER 3

static const char *const POINTS[NPOINTS] = {
    "Приветствие и имя",     "Выявление потребности", "Предложение под потребность",
    "Работа с возражениями", "Следующий шаг с датой",
};
static const char *const STRENGTHS[] = {"Уверенный тон, хорошо слушает",
                                        "Чёткое предложение, без лишнего",
                                        "Быстро вышел на лицо, принимающее решение"};
static const char *const MISTAKES[] = {"Не назначил следующий шаг", "Перебивает клиента",
                                       "Сразу назвал цену, не выяснив потребность"};

/* The checklist point of the stage a manager converts worst (demo_gen.h's
 * stages: lead, qualification, meeting, proposal, negotiation). */
static size_t weak_point(int weak)
{
    static const size_t of_stage[] = {1, 1, 2, 3, 4};
    return weak >= 0 && (size_t)weak < sizeof of_stage / sizeof of_stage[0] ? of_stage[weak] : 4;
}

static vo_err seed_reviews(struct gen *g, struct vo_svc *svc, struct vo_arena *a,
                           int64_t *checklist, struct vo_error *e)
{
    struct vo_review_item items[NPOINTS];
    for (size_t i = 0; i < NPOINTS; i++)
        items[i] = (struct vo_review_item){.position = (int64_t)i + 1, .text = POINTS[i]};
    struct vo_review_checklist_input cl = {.set = VO_RCL_SET_NAME | VO_RCL_SET_ITEMS,
                                           .name = "Входящий звонок",
                                           .items = items,
                                           .n = NPOINTS};
    int64_t cl_id = 0;
    vo_err rc = vo_svc_review_checklist_create(svc, &cl, &cl_id, e);
    *checklist = cl_id;
    struct rng r;
    demo_rng_seed(&r, g->seed, 9);
    int nrev = g->nm < NREVIEWED ? g->nm : NREVIEWED;
    for (int m = 0; m < nrev && !rc; m++) {
        const struct mgr *mg = &g->m[m];
        size_t weak = weak_point(mg->weak);
        for (int k = 0; k < REVIEWS_PER && !rc; k++) {
            /* a working day of the last two months, in the afternoon */
            int day = g->nhist - 1 - (int)demo_irange(&r, 1, 40);
            if (day < 0)
                day = 0;
            int64_t at = g->days[day].start + 14 * 3600 + demo_irange(&r, 0, 3 * 3600);
            GDateTime *dt = g_date_time_new_from_unix_utc(at);
            gchar *when = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
            g_date_time_unref(dt);
            int64_t scores[NPOINTS];
            for (size_t i = 0; i < NPOINTS; i++) {
                /* about 75 % of the points, 40 % on the weak one */
                double p = (mg->skill - 0.55) * 2.0 - (i == weak ? 0.5 : 0.0);
                double x = demo_uniform(&r, 0.0, 1.0);
                scores[i] = x < p - 0.3 ? 2 : x < p + 0.3 ? 1 : 0;
            }
            struct vo_review_input in = {
                .subject_id = mg->id,
                .checklist_id = cl_id,
                .kind = "call",
                .reviewed_at = vo_arena_strdup(a, when),
                .strengths = STRENGTHS[demo_irange(&r, 0, 2)],
                .mistakes = scores[weak] < 2 ? MISTAKES[weak == 4   ? 0
                                                        : weak == 1 ? 2
                                                                    : 1]
                                             : "",
                .comment = "",
                .scores = scores,
                .nscores = NPOINTS,
            };
            g_free(when);
            int64_t id = 0;
            rc = vo_svc_review_create(svc, &in, &id, e);
        }
    }
    return rc;
}

/* ---- hiring ---- */

static const struct {
    const char *name, *phone, *source, *stage, *note;
} CANDIDATES[] = {
    {"Кирилл Андреев", "+7 916 204-11-35", "hh.ru", "response", NULL},
    {"Дарья Лебедева", "+7 925 118-40-72", "hh.ru", "response", NULL},
    {"Тимур Галиев", "+7 903 551-09-64", "SuperJob", "screening", "Три года в B2B, оборудование"},
    {"Ольга Никитина", "+7 915 730-22-18", "Рекомендация", "interview",
     "Рекомендовала Мария из розницы"},
    {"Максим Фролов", "+7 926 407-85-51", "hh.ru", "interview", NULL},
    {"Алина Сафина", "+7 977 312-64-09", "Авито Работа", "final", "Сильная в переговорах"},
    {"Егор Котов", "+7 999 045-17-26", "hh.ru", "offer", "Готов выйти через две недели"},
    {"Виктор Павлов", "+7 905 661-38-90", "SuperJob", "rejected", NULL},
};

static vo_err seed_hiring(struct vo_svc *svc, struct vo_error *e)
{
    struct vo_vacancy_input v = {
        .set = VO_VACANCY_SET_TITLE | VO_VACANCY_SET_TEAM | VO_VACANCY_SET_OPENINGS |
               VO_VACANCY_SET_DESCRIPTION,
        .title = "Менеджер по продажам B2B",
        .team = "Корпоративные продажи",
        .openings = 2,
        .description = "Входящие и исходящие звонки, встречи, КП; опыт продаж от года",
    };
    int64_t vac = 0;
    vo_err rc = vo_svc_vacancy_create(svc, &v, &vac, e);
    struct vo_hiring_criterion *crit = NULL;
    size_t ncrit = 0;
    if (!rc)
        rc = vo_svc_hiring_criteria(svc, &crit, &ncrit, e);
    for (size_t i = 0; i < sizeof CANDIDATES / sizeof CANDIDATES[0] && !rc; i++) {
        struct vo_candidate_input in = {
            .set = VO_CANDIDATE_SET_VACANCY | VO_CANDIDATE_SET_NAME | VO_CANDIDATE_SET_PHONE |
                   VO_CANDIDATE_SET_SOURCE | VO_CANDIDATE_SET_NOTES,
            .vacancy_id = vac,
            .name = CANDIDATES[i].name,
            .phone = CANDIDATES[i].phone,
            .source = CANDIDATES[i].source,
            .notes = CANDIDATES[i].note,
        };
        int64_t id = 0;
        const char *stage = CANDIDATES[i].stage;
        if ((rc = vo_svc_candidate_create(svc, &in, &id, e)) || strcmp(stage, "response") == 0)
            continue;
        bool rejected = strcmp(stage, "rejected") == 0;
        if (rejected) /* rejected after the interview */
            rc = vo_svc_candidate_move(svc, id, "interview", NULL, e);
        bool interviewed = rejected || strcmp(stage, "screening") != 0;
        if (!rc && interviewed) {
            struct vo_score_item sc[16];
            size_t n = 0;
            for (size_t k = 0; k < ncrit && n < 16; k++)
                if (!crit[k].archived)
                    sc[n++] = (struct vo_score_item){
                        .criterion_id = crit[k].id,
                        .score = rejected ? 2 + (int64_t)(k % 2) : 3 + (int64_t)((i + k) % 3)};
            rc = vo_svc_candidate_score(svc, id, "interview", sc, n, e);
        }
        if (!rc)
            rc = vo_svc_candidate_move(svc, id, stage,
                                       rejected ? "Не готов к холодным звонкам" : NULL, e);
    }
    return rc;
}

/* ---- training ---- */

#define NATTEND 12

/* "YYYY-MM-DDTHH:00" of the day k days after as_of (org's zone). */
static const char *day_at(struct gen *g, struct vo_arena *a, int k, int hour)
{
    struct vo_date d = vo_date_add_days(g->days[g->nhist - 1].date, k);
    return vo_arena_printf(a, "%04d-%02d-%02dT%02d:00", d.y, d.m, d.d, hour);
}

static vo_err seed_trainings(struct gen *g, struct vo_svc *svc, struct vo_arena *a, int64_t script,
                             int64_t checklist, struct vo_error *e)
{
    int n = g->nm < NATTEND ? g->nm : NATTEND;
    int64_t who[NATTEND];
    for (int i = 0; i < n; i++)
        who[i] = g->m[i].id;
    const unsigned all =
        VO_TRAINING_SET_KIND | VO_TRAINING_SET_TOPIC | VO_TRAINING_SET_DESCRIPTION |
        VO_TRAINING_SET_STARTS | VO_TRAINING_SET_DURATION | VO_TRAINING_SET_TRAINER |
        VO_TRAINING_SET_PLACE | VO_TRAINING_SET_MATERIALS | VO_TRAINING_SET_ATTENDEES;
    struct vo_training_input held = {
        .set = all,
        .kind = "product",
        .topic = "Новая линейка продукции",
        .description = "Что нового, кому предлагать, ответы на частые вопросы",
        .starts_at = day_at(g, a, -10, 11),
        .duration_min = 90,
        .trainer_id = g->head_id,
        .place = "Переговорная",
        .attendees = who,
        .nattendees = (size_t)n,
    };
    int64_t id = 0;
    vo_err rc = vo_svc_training_create(svc, &held, &id, e);
    struct vo_training_input done = {.set = VO_TRAINING_SET_STATUS, .status = "held"};
    if (!rc)
        rc = vo_svc_training_update(svc, id, &done, e);
    for (int i = 0; i < n && !rc; i++)
        rc = vo_svc_training_attend(svc, id, who[i], i % 4 == 3 ? "absent" : "attended", e);
    if (n >= 2 && !rc) {
        int64_t coached = g->m[1].id;
        struct vo_training_input pair = {
            .set = all,
            .kind = "pair",
            .topic = "Звонки по скрипту с наставником",
            .description = "Разбор трёх записанных звонков, затем звонки в паре",
            .starts_at = day_at(g, a, 1, 16),
            .duration_min = 60,
            .trainer_id = g->m[0].id,
            .place = "",
            .materials = &script,
            .nmaterials = 1,
            .attendees = &coached,
            .nattendees = 1,
        };
        rc = vo_svc_training_create(svc, &pair, &id, e);
        /* the reviews' suggestion on the struggling manager's weak point */
        struct vo_training_from_reviews fr = {
            .checklist_id = checklist,
            .position = (int64_t)weak_point(g->m[1].weak) + 1,
            .from = g->days[g->nhist > 60 ? g->nhist - 60 : 0].start,
            .to = g->days[g->nhist - 1].start + 86400,
            .starts_at = day_at(g, a, 3, 10),
        };
        if (!rc)
            rc = vo_svc_training_from_reviews(svc, &fr, &id, e);
    }
    return rc;
}

/* ---- attestation ---- */

static vo_err seed_attestation(struct gen *g, struct vo_svc *svc, struct vo_arena *a,
                               struct vo_error *e)
{
    static const char *o1[] = {"В день события", "В конце недели", "Когда попросит руководитель"};
    static const char *o2[] = {"Потребность", "Бюджет", "Кто принимает решение",
                               "Любимый цвет клиента"};
    static const char *o3[] = {"Один", "Два, не больше", "Все, что есть"};
    int64_t c1[] = {0}, c2[] = {0, 1, 2}, c3[] = {1};
    struct vo_att_q q[] = {
        {1, "crm", "single", "Когда меняется этап сделки в CRM?", o1, 3, c1, 1, 2},
        {2, "selling", "multiple", "Что выясняем до предложения?", o2, 4, c2, 3, 3},
        {3, "product", "single", "Сколько вариантов предлагаем клиенту по скрипту?", o3, 3, c3, 1,
         2},
        {4, "selling", "free", "Клиент говорит: «Дорого». Что вы ответите?", NULL, 0, NULL, 0, 3},
    };
    struct vo_att_input in = {
        .set = VO_ATT_SET_TITLE | VO_ATT_SET_DESCRIPTION | VO_ATT_SET_PASS | VO_ATT_SET_ATTEMPTS |
               VO_ATT_SET_TIME | VO_ATT_SET_QUESTIONS,
        .title = "Продукт, CRM и продажи: входной тест",
        .description = "Раз в квартал для всех менеджеров",
        .pass_pct = 70,
        .max_attempts = 2,
        .time_limit = 20,
        .q = q,
        .nq = sizeof q / sizeof q[0],
    };
    int64_t att = 0;
    vo_err rc = vo_svc_att_create(svc, &in, &att, e);
    const char *due = day_at(g, a, 7, 0);
    due = vo_arena_strndup(a, due, 10);
    int n = g->nm < 6 ? g->nm : 6;
    for (int i = 0; i < n && !rc; i++) {
        struct vo_att_assignment *out = NULL;
        size_t nout = 0;
        rc = vo_svc_att_assign(svc, att, g->m[i].id, 0, due, &out, &nout, e);
    }
    /* the star passes; the manager who struggles misses the multiple
     * choice and half-answers the free question */
    for (int i = 0; i < 2 && i < n && !rc; i++) {
        int64_t head = svc->actor_id;
        svc->actor_id = g->m[i].id;
        svc->actor_role = VO_ROLE_MANAGER;
        int64_t id = 0;
        bool created = false;
        int64_t a1[] = {0}, a2ok[] = {0, 1, 2}, a2bad[] = {0, 3}, a3[] = {1};
        struct vo_att_answer_in ans[] = {
            {1, a1, 1, NULL},
            {2, i == 0 ? a2ok : a2bad, i == 0 ? 3 : 2, NULL},
            {3, a3, 1, NULL},
            {4, NULL, 0,
             i == 0 ? "Уточню, с чем сравнивает, и покажу стоимость владения за год"
                    : "Предложу скидку"},
        };
        if (!(rc = vo_svc_att_attempt_start(svc, att, &id, &created, e)) &&
            !(rc = vo_svc_att_attempt_answer(svc, id, ans, 4, e)))
            rc = vo_svc_att_attempt_submit(svc, id, e);
        svc->actor_id = head;
        svc->actor_role = VO_ROLE_HEAD;
        struct vo_att_score_in sc = {4, i == 0 ? 3 : 1,
                                     i == 0 ? "Верно: сначала сравнение, потом ценность"
                                            : "Скидка — последний довод, сначала ценность"};
        if (!rc)
            rc = vo_svc_att_attempt_score(svc, id, &sc, 1, e);
    }
    return rc;
}

/* ---- the development plan (ИПР) ---- */

static vo_err seed_idp(struct gen *g, struct vo_svc *svc, struct vo_error *e)
{
    if (g->nm < 2)
        return VO_OK;
    const struct mgr *mg = &g->m[1];
    struct vo_date today = g->days[g->nhist - 1].date;
    struct vo_date first = {today.y, today.m, 1};
    int mabs = today.y * 12 + today.m - 1 + 3; /* the third month after: its day 1 */
    struct vo_date end = vo_date_add_days((struct vo_date){mabs / 12, mabs % 12 + 1, 1}, -1);
    char from[16], to[16];
    struct vo_idp_input plan = {.set = 0,
                                .user_id = mg->id,
                                .title = "Рост конверсии и работа с возражениями",
                                .period_from = vo_date_format(first, from, sizeof from),
                                .period_to = vo_date_format(end, to, sizeof to)};
    int64_t id = 0, goal = 0, action = 0, pl = 0;
    vo_err rc = vo_svc_idp_create(svc, &plan, &id, e);
    /* the weak step: its stage and the next (the last step: the two last) */
    int s0 = mg->weak < NSTAGES - 1 ? mg->weak : NSTAGES - 2;
    const char *due = vo_date_format(end, to, sizeof to);
    struct vo_idp_goal_input step = {
        .set = VO_IDPG_SET_TITLE | VO_IDPG_SET_DUE | VO_IDPG_SET_METRIC | VO_IDPG_SET_TARGET |
               VO_IDPG_SET_DIRECTION | VO_IDPG_SET_WINDOW,
        .kind = "metric",
        .title = "Конверсия слабого шага до 35 %",
        .due_on = due,
        .metric = "funnel_step",
        .from_stage_id = g->stage_id[s0],
        .to_stage_id = g->stage_id[s0 + 1],
        .direction = "at_least",
        .window = "days",
        .window_days = 90,
        .target_value = 35,
    };
    struct vo_idp_goal_input calls = {
        .set = VO_IDPG_SET_TITLE | VO_IDPG_SET_DUE | VO_IDPG_SET_METRIC | VO_IDPG_SET_TARGET |
               VO_IDPG_SET_DIRECTION | VO_IDPG_SET_WINDOW,
        .kind = "metric",
        .title = "900 звонков в месяц",
        .due_on = due,
        .metric = "calls",
        .direction = "at_least",
        .window = "month",
        .target_value = 900,
    };
    struct vo_idp_goal_input skill = {
        .set = VO_IDPG_SET_TITLE | VO_IDPG_SET_DUE | VO_IDPG_SET_LEVEL | VO_IDPG_SET_TARGET_LEVEL,
        .kind = "skill",
        .title = "Работа с возражениями",
        .due_on = due,
        .level = 2,
        .target_level = 4,
    };
    if (!rc && !(rc = vo_svc_idp_goal_create(svc, id, &step, &goal, e)) &&
        !(rc = vo_svc_idp_goal_create(svc, id, &calls, &goal, e)))
        rc = vo_svc_idp_goal_create(svc, id, &skill, &goal, e);
    struct vo_idp_action_input read = {.set = VO_IDPA_SET_TEXT | VO_IDPA_SET_DONE,
                                       .text = "Прочитать «Работа с возражениями»",
                                       .done = true};
    struct vo_idp_action_input pair = {.set = VO_IDPA_SET_TEXT,
                                       .text = "Три звонка в паре с наставником"};
    if (!rc && !(rc = vo_svc_idp_action_create(svc, goal, &read, &action, &pl, e)))
        rc = vo_svc_idp_action_create(svc, goal, &pair, &action, &pl, e);
    struct vo_idp_checkin_input ci = {
        .comment = "Договорились: фокус на выявлении потребности, разбор звонков раз в неделю"};
    int64_t cid = 0;
    if (!rc)
        rc = vo_svc_idp_checkin_create(svc, id, &ci, &cid, e);
    return rc;
}

vo_err demo_seed_people(struct gen *g, struct vo_svc *svc, struct vo_arena *a)
{
    /* as the head of sales: the reviewer, the author, the interviewer */
    int64_t actor = svc->actor_id;
    enum vo_role role = svc->actor_role;
    svc->actor_id = g->head_id;
    svc->actor_role = VO_ROLE_HEAD;
    /* dated at 10:00 of the as_of day: the same rows for the same seed */
    vo_now_fix(g->days[g->nhist - 1].start + 10 * 3600);
    int64_t script = 0, checklist = 0;
    vo_err rc = seed_library(svc, &script, g->e);
    if (!rc)
        rc = seed_reviews(g, svc, a, &checklist, g->e);
    if (!rc)
        rc = seed_hiring(svc, g->e);
    if (!rc)
        rc = seed_trainings(g, svc, a, script, checklist, g->e);
    if (!rc)
        rc = seed_attestation(g, svc, a, g->e);
    if (!rc)
        rc = seed_idp(g, svc, g->e);
    vo_now_fix(0);
    svc->actor_id = actor;
    svc->actor_role = role;
    return rc;
}
