/*
 * demo_shape.h - the demo company's shape: channels, regions, sources,
 * segments, stages, loss reasons, products, the lead inflow's rhythm, call
 * outcomes, NPS comments, and the facts plans are built from. Tables of
 * data, internal to src/demo/ (each file uses the ones it needs).
 */
#ifndef VO_DEMO_SHAPE_H
#define VO_DEMO_SHAPE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"

#define NSTAGES 5

/* ---- the company's shape ---- */

enum { CH_CORP, CH_DEALER, CH_RETAIL, NCH };
static const char *const CHANNELS[NCH] = {"корпоративные клиенты", "дилеры", "розница"};
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
    enum vo_task_type task_type;
};
static const struct stage_def STAGES[NSTAGES] = {
    {"Новый лид", VO_NULL, 0.75, 1.0, "Связаться с клиентом", VO_TASK_CALL},
    {"Квалификация", 5, 0.60, 3.0, "Выявить потребность и бюджет", VO_TASK_CALL},
    {"Встреча", 10, 0.70, 5.0, "Провести встречу", VO_TASK_MEETING},
    {"КП", 14, 0.65, 7.0, "Отправить КП и обсудить", VO_TASK_EMAIL},
    {"Согласование", 21, 0.75, 8.0, "Согласовать договор", VO_TASK_OTHER},
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

#endif
