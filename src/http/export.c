/*
 * export.c - `format=csv` and `format=xlsx` on every list and report route
 * (docs/export.md): the same rows and columns as the route's JSON, through
 * the typed sheet of render/sheet.h.
 *
 * The route's own handler makes the JSON, as for any request; this file
 * turns it into a sheet. A list (a JSON answer with "items") is read page
 * after page: the handler is called again with the cursor of the previous
 * page (vo_req_query answers r->page_cursor and r->page_limit for
 * "cursor" and "limit"), so the filters and the sort of the request hold
 * and memory holds one page of JSON at a time, whatever the list's length.
 * A report names its rows in the table below (the funnel's rows are each
 * group's stages, the group's figures repeated on each).
 *
 * The columns are the leaves of a row object, nested objects flattened
 * ("review.leads.plan" -> the column review_leads_plan), arrays left out
 * (a deal's flags in hygiene, a loss row's reasons: they have their own
 * rows elsewhere), in the order of the first page's rows; then every custom
 * field the org defines for deals or clients, under its own label, even
 * when no row of the first page has it. A column's type
 * comes from its name (money: amounts and the money metrics' figures;
 * ratios: shares, conversions, pct) and its values (true/false, dates,
 * instants, whole or real numbers). Its headers are its path's words
 * translated through one dictionary, joined by " · ".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/api.h"
#include "http/http_int.h"
#include "model/model.h"
#include "render/sheet.h"
#include "service/custom_fields.h"

/* Rows of one page of a list. */
#define PAGE_ROWS "500"

/* Where a route's rows are, and what its file is called. */
struct source {
    const char *path;    /* the route's path; NULL ends the table */
    const char *rows;    /* the array of rows in its JSON */
    const char *inner;   /* an array in each row whose elements are the rows, or NULL */
    const char *ru, *en; /* the file's name (and the worksheet's) */
    const char *entity;  /* whose custom fields are columns ("deal", "client"), or NULL */
};

static const struct source sources[] = {
    {"/api/v1/deals", "items", NULL, "Сделки", "Deals", "deal"},
    {"/api/v1/clients", "items", NULL, "Клиенты", "Clients", "client"},
    {"/api/v1/tasks", "items", NULL, "Задачи", "Tasks", NULL},
    {"/api/v1/activities", "items", NULL, "Активности", "Activities", NULL},
    {"/api/v1/payments", "items", NULL, "Оплаты", "Payments", NULL},
    {"/api/v1/reports/plan-fact", "rows", NULL, "План-факт", "Plan-fact", NULL},
    {"/api/v1/reports/funnel", "groups", "stages", "Воронка", "Funnel", NULL},
    {"/api/v1/reports/hygiene", "rows", NULL, "Гигиена CRM", "CRM hygiene", NULL},
    {"/api/v1/reports/daily", "rows", NULL, "Планёрка", "Daily meeting", NULL},
    {"/api/v1/reports/weekly", "rows", NULL, "Неделя", "Weekly review", NULL},
    {"/api/v1/reports/monthly", "rows", NULL, "Месяц", "Monthly review", NULL},
    {"/api/v1/reports/losses", "reasons", NULL, "Причины проигрышей", "Loss reasons", NULL},
    {"/api/v1/reports/leaderboard", "rows", NULL, "Рейтинг", "Leaderboard", NULL},
    {"/api/v1/reports/bonus", "rows", NULL, "Премии", "Bonuses", NULL},
    {"/api/v1/competitions", "items", NULL, "Соревнования", "Competitions", NULL},
    /* issue 11: the report to the director's page, line by line */
    {"/api/v1/action-plans", "items", NULL, "План действий", "Action plan", NULL},
    {"/api/v1/reports/director", "lines", NULL, "Отчёт директору", "Report to the director", NULL},
    /* issue 11: meetings and promises; a path's {id} takes a number */
    {"/api/v1/meetings", "items", NULL, "Планёрки", "Meetings", NULL},
    {"/api/v1/meetings/{id}/protocol", "rows", NULL, "Протокол", "Protocol", NULL},
    {"/api/v1/promises", "items", NULL, "Обещания", "Promises", NULL},
    /* issue 12, item 5: the forecast's rows by manager (by=user) */
    {"/api/v1/reports/forecast", "rows", NULL, "Прогноз", "Forecast", NULL},
    /* issue 12, clients */
    {"/api/v1/reports/abc-xyz", "clients", NULL, "ABC-XYZ клиентов", "Clients ABC-XYZ", NULL},
    {"/api/v1/reports/at-risk", "clients", NULL, "Под угрозой ухода", "Clients at risk", NULL},
    /* issue 12, item 1: the key accounts' plan-fact of a month */
    {"/api/v1/reports/key-accounts", "clients", NULL, "Ключевые клиенты", "Key accounts", NULL},
    {"/api/v1/key-accounts", "clients", NULL, "Ключевые клиенты", "Key accounts", NULL},
    /* issue 12: automatic investigations, one finding a row */
    {"/api/v1/reports/investigations", "investigations", NULL, "Разборы", "Investigations", NULL},
    /* issue 12, item 2: NPS, one row per group */
    {"/api/v1/reports/nps", "groups", NULL, "NPS", "NPS", NULL},
    /* issue 12, item 4: channel economics */
    {"/api/v1/reports/channels", "rows", NULL, "Каналы", "Channels", NULL},
    {"/api/v1/reports/channel-dynamics", "months", NULL, "Динамика каналов", "Channel dynamics",
     NULL},
    {"/api/v1/reports/channel-plans", "rows", NULL, "Планы по лидам", "Lead plans", NULL},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};

/* Whether path is the source's: equal, or its "{id}" a number there. */
static bool source_match(const char *pattern, const char *path)
{
    const char *id = strstr(pattern, "{id}");
    if (!id)
        return strcmp(pattern, path) == 0;
    size_t pre = (size_t)(id - pattern);
    if (strncmp(pattern, path, pre) != 0)
        return false;
    const char *p = path + pre;
    size_t digits = strspn(p, "0123456789");
    return digits > 0 && strcmp(p + digits, id + 4) == 0;
}

/* abc-xyz?of=products: the products are its rows (docs/reports.md "ABC of
 * products") */
static const struct source abc_products = {
    "/api/v1/reports/abc-xyz", "products", NULL, "ABC товаров", "Products ABC", NULL};

static const struct source *source_of(const char *path)
{
    for (const struct source *s = sources; s->path; s++)
        if (source_match(s->path, path))
            return s;
    return NULL;
}

/* The words of the columns' paths, Russian and English. A metric's word
 * is its title (model.h); a word missing here is shown as it is. */
static const struct {
    const char *key, *ru, *en;
} words[] = {
    {"id", "ID", "ID"},
    {"title", "Название", "Title"},
    {"name", "Имя", "Name"},
    {"client", "Клиент", "Client"},
    {"client_id", "ID клиента", "Client ID"},
    {"contact", "Контакт", "Contact"},
    {"contact_id", "ID контакта", "Contact ID"},
    {"product_id", "ID продукта", "Product ID"},
    {"pipeline", "Воронка", "Pipeline"},
    {"pipeline_id", "ID воронки", "Pipeline ID"},
    {"stage", "Этап", "Stage"},
    {"stage_id", "ID этапа", "Stage ID"},
    {"days_in_stage", "Дней на этапе", "Days in stage"},
    {"owner", "Ответственный", "Owner"},
    {"owner_id", "ID ответственного", "Owner ID"},
    {"status", "Статус", "Status"},
    {"amount", "Сумма", "Amount"},
    {"created_at", "Создана", "Created"},
    {"closed_at", "Закрыта", "Closed"},
    {"loss_reason", "Причина проигрыша", "Loss reason"},
    {"loss_reason_id", "ID причины проигрыша", "Loss reason ID"},
    {"loss_comment", "Комментарий к проигрышу", "Loss comment"},
    {"channel", "Канал", "Channel"},
    {"source", "Источник", "Source"},
    {"region", "Регион", "Region"},
    {"segment", "Сегмент", "Segment"},
    {"custom", "Поле", "Field"},
    {"version", "Версия", "Version"},
    {"updated_at", "Изменено", "Updated"},
    {"key_account", "Ключевой клиент", "Key account"},
    {"inn", "ИНН", "INN"},
    {"kpp", "КПП", "KPP"},
    {"address", "Адрес", "Address"},
    {"phone", "Телефон", "Phone"},
    {"phone_digits", "Телефон (цифры)", "Phone (digits)"},
    {"email", "Эл. почта", "E-mail"},
    {"website", "Сайт", "Website"},
    {"comment", "Комментарий", "Comment"},
    {"assignee_id", "ID исполнителя", "Assignee ID"},
    {"due_at", "Срок", "Due"},
    {"deal_id", "ID сделки", "Deal ID"},
    {"deal", "Сделка", "Deal"},
    {"deal_title", "Название сделки", "Deal title"},
    {"client_name", "Клиент", "Client"},
    {"done", "Выполнена", "Done"},
    {"done_at", "Выполнена в", "Done at"},
    {"type", "Тип", "Type"},
    {"reschedules", "Переносов", "Reschedules"},
    {"recurrence_id", "ID повторения", "Recurrence ID"},
    {"user_id", "ID сотрудника", "User ID"},
    {"at", "Когда", "At"},
    {"duration_s", "Длительность, с", "Duration, s"},
    {"direction", "Направление", "Direction"},
    {"outcome", "Результат", "Outcome"},
    {"paid_at", "Оплачено", "Paid at"},
    {"scope", "Уровень", "Scope"},
    {"team", "Команда", "Team"},
    {"user", "Сотрудник", "User"},
    {"metrics", "", ""}, /* plan-fact's figures: the metric's name says it */
    {"plan", "план", "plan"},
    {"fact", "факт", "fact"},
    {"pct", "выполнение", "done"},
    {"forecast", "прогноз", "forecast"},
    {"gap", "осталось", "gap"},
    {"per_day_needed", "нужно в день", "needed a day"},
    {"plan_to_date", "план к дате", "plan to date"},
    {"prev_plan", "план прошлого периода", "previous plan"},
    {"prev_fact", "факт прошлого периода", "previous fact"},
    {"prev_pct", "выполнение прошлого периода", "previous done"},
    {"change", "изменение", "change"},
    {"change_pct", "изменение, %", "change, %"},
    {"review", "Вчера", "Yesterday"},
    {"today", "Сегодня", "Today"},
    {"mtd", "С начала месяца", "Month to date"},
    {"open_deals", "Открытых сделок", "Open deals"},
    {"overdue_tasks", "Просроченных задач", "Overdue tasks"},
    {"hygiene_score", "Индекс гигиены", "Hygiene score"},
    {"no_next_task", "Без следующей задачи", "No next task"},
    {"stale", "Без движения", "Stale"},
    {"stuck", "Зависли на этапе", "Stuck in stage"},
    {"incomplete", "Не заполнены", "Incomplete"},
    {"overloaded", "Перегружен", "Overloaded"},
    {"by", "Группировка", "Grouped by"},
    {"key", "Группа", "Group"},
    {"rank", "Место", "Rank"}, /* a leaderboard's */
    {"value", "Значение", "Value"},
    {"size", "Сделок в когорте", "Cohort size"},
    {"won", "Выиграно", "Won"},
    {"lost", "Проиграно", "Lost"},
    {"open", "Открыто", "Open"},
    {"overall", "Конверсия в оплату", "Overall conversion"},
    {"win_rate", "Доля выигранных", "Win rate"},
    {"avg_deal_size", "Средняя сделка", "Average deal"},
    {"sales_cycle_days", "Цикл сделки, дней", "Sales cycle, days"},
    {"bottleneck", "Узкое место", "Bottleneck"},
    {"loss", "потери", "loss"},
    {"reached", "Дошли", "Reached"},
    {"conv_next", "Конверсия дальше", "Conversion to next"},
    {"lost_at", "Проиграно на этапе", "Lost at stage"},
    {"dropoff", "Отвал", "Drop-off"},
    {"open_at", "Открыто на этапе", "Open at stage"},
    {"time_mean_days", "Дней на этапе, среднее", "Days in stage, mean"},
    {"time_median_days", "Дней на этапе, медиана", "Days in stage, median"},
    {"reason", "Причина", "Reason"},
    {"count", "Сделок", "Deals"},
    {"with_amount", "С суммой", "With amount"},
    {"share", "Доля", "Share"},
    {"amount_share", "Доля суммы", "Share of amount"},
    /* the bonus report (issue 11, item 6) */
    {"scheme", "Схема премирования", "Bonus scheme"},
    {"scheme_from", "Условия с", "Terms from"},
    {"base", "Оклад", "Base salary"},
    {"base_metric", "Метрика комиссии", "Commission metric"},
    {"multiplier", "Множитель", "Multiplier"},
    {"commission", "Комиссия", "Commission"},
    {"kpi_bonus", "Бонусы за показатели", "KPI bonuses"},
    {"payout", "Премия к выплате", "Payout"},
    /* issue 11: the report to the director's lines */
    {"section", "Раздел", "Section"},
    {"item", "Показатель", "Item"},
    {"value", "Значение", "Value"},
    {"compare", "Сравнение", "Compared"},
    /* issue 11: the actions of a weekly plan */
    {"week", "Неделя", "Week"},
    {"what", "Что сделать", "What"},
    {"day", "День", "Day"},
    {"metric", "Показатель", "Metric"},
    {"target", "Цель", "Target"},
    {"done_by", "Кто отметил", "Done by"},
    {"carried_from", "Перенесено из", "Carried from"},
    /* issue 12, item 5: the forecast's rows */
    {"weighted_pipeline", "Взвешенная воронка", "Weighted pipeline"},
    {"p10", "P10", "P10"},
    {"p50", "P50", "P50"},
    {"p90", "P90", "P90"},
    {"backtest", "Проверка на прошлых месяцах", "Backtest"},
    {"mape", "ошибка прогноза", "forecast error"},
    {"carried", "Перенесено", "Carried"},
    /* issue 12, clients: abc-xyz and at-risk */
    {"ext_id", "Внешний ID", "External ID"},
    {"cum_share", "Накопленная доля", "Cumulative share"},
    {"abc", "ABC", "ABC"},
    {"xyz", "XYZ", "XYZ"},
    {"cv", "Коэффициент вариации", "Coefficient of variation"},
    {"owner_email", "Ответственный", "Owner"},
    {"last_paid_at", "Последний платёж", "Last payment"},
    {"revenue_12m", "Выручка за 12 месяцев", "Revenue, 12 months"},
    /* issue 12, item 1: the ABC of products */
    {"category", "Категория", "Category"},
    {"deals_won", "Выиграно сделок", "Deals won"},
    {"quantity", "Количество", "Quantity"},
    /* issue 12: the findings of the investigations */
    {"subject", "Кто", "Subject"},
    {"kind", "Вид", "Kind"},
    {"step", "Шаг воронки", "Funnel step"},
    {"against", "Сравнение с", "Against"},
    {"baseline", "База", "Baseline"},
    {"delta", "Разница", "Delta"},
    {"sample", "Выборка", "Sample"},
    {"money", "Деньги к плану", "Money to the plan"},
    {"sentence", "Вывод", "Finding (Russian)"},
    {"sentence_en", "Вывод (англ.)", "Finding"},
    /* issue 12, item 2: NPS */
    {"responses", "Ответов", "Responses"},
    {"promoters", "Сторонники", "Promoters"},
    {"passives", "Нейтралы", "Passives"},
    {"detractors", "Критики", "Detractors"},
    {"nps", "NPS", "NPS"},
    /* issue 12, item 4: the channel economics' columns */
    {"total", "Итого", "Total"},
    {"conversion", "Конверсия", "Conversion"},
    {"spend", "Расходы на маркетинг", "Marketing spend"},
    {"new_clients", "Новых клиентов", "New clients"},
    {"cac", "CAC", "CAC"},
    {"romi", "ROMI", "ROMI"},
    {"payback_months", "Срок окупаемости, мес.", "Payback, months"},
    {"mom", "К прошлому месяцу", "Month on month"},
    {"mom_pct", "К прошлому месяцу, %", "Month on month, %"},
    {"yoy", "К году назад", "Year on year"},
    {"yoy_pct", "К году назад, %", "Year on year, %"},
    {"reached", "Дошли до второго этапа", "Reached the second stage"},
    {"quality", "Качество лидов", "Lead quality"},
    {"quality_plan", "План качества лидов", "Lead quality plan"},
};

static bool word(const char *key, const char **ru, const char **en)
{
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].key, key) == 0) {
            *ru = words[i].ru;
            *en = words[i].en;
            return true;
        }
    const struct vo_metric_def *m = vo_metric_find(key);
    if (m) {
        *ru = m->title;
        *en = m->key;
        return true;
    }
    *ru = *en = key;
    return false;
}

/* The values of enumerations shown in Russian with lang=ru (the codes
 * stay in English and in JSON): the column's leaf, the code, its label
 * (GLOSSARY.md). */
static const struct {
    const char *leaf, *code, *ru;
} labels[] = {
    {"status", "open", "В работе"},   {"status", "won", "Выиграна"},
    {"status", "lost", "Проиграна"},  {"type", "call", "Звонок"},
    {"type", "meeting", "Встреча"},   {"type", "email", "Письмо"},
    {"type", "message", "Сообщение"}, {"type", "other", "Другое"},
    {"direction", "in", "Входящий"},  {"direction", "out", "Исходящий"},
    {"scope", "org", "Отдел"},        {"scope", "team", "Команда"},
    {"scope", "user", "Сотрудник"},   {"by", "user", "Менеджер"},
    {"by", "team", "Команда"},        {"by", "channel", "Канал"},
    {"by", "region", "Регион"},       {"by", "source", "Источник"},
};

static const char *label(const char *leaf, const char *code)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].leaf, leaf) == 0 && strcmp(labels[i].code, code) == 0)
            return labels[i].ru;
    return code;
}

/* Leaves whose value is a fraction, whatever the path. */
static const char *const ratio_leaves[] = {
    "pct",     "prev_pct",  "change_pct", "share", "amount_share", "conv_next",    "dropoff",
    "overall", "win_rate",  "conversion", "romi",  "quality",      "quality_plan", "mom_pct",
    "yoy_pct", "cum_share", NULL};
/* Leaves that are money, whatever the path. */
static const char *const money_leaves[] = {"amount", "avg_deal_size", "loss", NULL};

static bool among(const char *const *v, const char *s)
{
    for (; *v; v++)
        if (strcmp(*v, s) == 0)
            return true;
    return false;
}

/* One column: its JSON path (words split by '.'), what it holds. */
struct col {
    char *path;
    const char *leaf;
    const char *label; /* a custom field's own label (both languages), or NULL */
    bool seen_real, seen_int, seen_bool, seen_date, seen_time, seen_text;
};

struct cols {
    struct col *v;
    size_t n, cap;
};

static struct col *col_find(struct cols *c, const char *path)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].path, path) == 0)
            return &c->v[i];
    return NULL;
}

/* A text that is an ISO date ("2026-11-20") or instant
 * ("2026-11-20T10:00:00+03:00"). */
static bool is_date(const char *s)
{
    return strlen(s) == 10 && s[4] == '-' && s[7] == '-' && g_ascii_isdigit(s[0]) &&
           g_ascii_isdigit(s[9]);
}

static bool is_instant(const char *s)
{
    return strlen(s) >= 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && g_ascii_isdigit(s[0]);
}

/* The column of path, added at the end when c has none (path kept). */
static struct col *col_add(struct vo_arena *a, struct cols *c, char *path)
{
    struct col *x = col_find(c, path);
    if (x)
        return x;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        struct col *nv = VO_ARENA_ARRAY(a, struct col, cap);
        if (!nv)
            return NULL;
        if (c->n)
            memcpy(nv, c->v, c->n * sizeof *nv);
        c->v = nv;
        c->cap = cap;
    }
    x = &c->v[c->n++];
    *x = (struct col){.path = path};
    /* the path's last word, in the arena (a page's JSON is freed before
     * the next page) */
    const char *dot = strrchr(path, '.');
    x->leaf = dot ? dot + 1 : path;
    return x;
}

/* Adds the leaves of object o under prefix to c (in the arena a). */
static bool discover(struct vo_arena *a, struct cols *c, json_t *o, const char *prefix)
{
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        char *path = prefix ? vo_arena_printf(a, "%s.%s", prefix, k) : vo_arena_strdup(a, k);
        if (!path)
            return false;
        if (json_is_object(v)) {
            if (!discover(a, c, v, path))
                return false;
            continue;
        }
        if (json_is_array(v))
            continue;
        struct col *x = col_add(a, c, path);
        if (!x)
            return false;
        if (json_is_real(v))
            x->seen_real = true;
        else if (json_is_integer(v))
            x->seen_int = true;
        else if (json_is_boolean(v))
            x->seen_bool = true;
        else if (json_is_string(v)) {
            const char *s = json_string_value(v);
            if (is_instant(s))
                x->seen_time = true;
            else if (is_date(s))
                x->seen_date = true;
            else
                x->seen_text = true;
        }
    }
    return true;
}

/* The custom fields defined for the source's entity are columns even when
 * no row of the first page has a value for them (a field first filled in
 * row 10,000): each under its own label, typed by its definition. */
static vo_err custom_cols(struct vo_req *r, const char *entity, struct cols *c)
{
    struct vo_custom_field *f = NULL;
    size_t n = 0;
    vo_err rc = vo_svc_custom_field_list(&r->svc, entity, &f, &n, &r->err);
    for (size_t i = 0; !rc && i < n; i++) {
        char *path = vo_arena_printf(&r->arena, "custom.%s", f[i].key);
        struct col *x = path ? col_add(&r->arena, c, path) : NULL;
        if (!x)
            return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory (export)");
        x->label = vo_arena_strdup(&r->arena, f[i].label);
        bool number = strcmp(f[i].type, "number") == 0, date = strcmp(f[i].type, "date") == 0;
        x->seen_real = x->seen_real || number;
        x->seen_date = x->seen_date || date;
        x->seen_text = x->seen_text || (!number && !date);
    }
    return rc;
}

/* Whether a path names a figure of a metric of unit u: a word before the
 * last is the metric's key ("review.revenue.plan"). */
static bool metric_unit(const char *path, enum vo_metric_unit u)
{
    for (const char *w = path, *dot; (dot = strchr(w, '.')) != NULL; w = dot + 1)
        for (int m = 0; m < VO_M__COUNT; m++)
            if (vo_metrics[m].unit == u && strlen(vo_metrics[m].key) == (size_t)(dot - w) &&
                strncmp(w, vo_metrics[m].key, (size_t)(dot - w)) == 0)
                return true;
    return false;
}

/* More leaves that are money in one source's rows. The bonus report's
 * (issue 11, item 6): its commission's metric is money, so are its fact
 * and plan. */
static const char *const bonus_money[] = {"base",      "fact",   "plan", "commission",
                                          "kpi_bonus", "payout", NULL};
/* The forecast's (issue 12, item 5): its figures are money. */
static const char *const forecast_money[] = {
    "weighted_pipeline", "fact", "p10", "p50", "p90", NULL};
/* issue 12, clients: the revenue of abc-xyz and at-risk */
static const char *const abc_money[] = {"revenue", "revenue_12m", NULL};
/* The channel economics' (issue 12, item 4). */
static const char *const channels_money[] = {"revenue", "spend", "cac", NULL};
/* issue 12, item 1: the key accounts' plan and fact */
static const char *const ka_money[] = {"plan", "fact", NULL};
static const struct {
    const char *path;
    const char *const *leaves;
} source_money[] = {
    {"/api/v1/reports/bonus", bonus_money},
    {"/api/v1/reports/forecast", forecast_money},
    /* issue 12, clients */
    {"/api/v1/reports/abc-xyz", abc_money},
    {"/api/v1/reports/at-risk", abc_money},
    {"/api/v1/reports/channels", channels_money},
    {"/api/v1/reports/key-accounts", ka_money}, /* issue 12, item 1 */
    {"/api/v1/key-accounts", ka_money},
};

static bool source_money_leaf(const struct source *src, const char *leaf)
{
    for (size_t i = 0; i < sizeof source_money / sizeof source_money[0]; i++)
        if (strcmp(source_money[i].path, src->path) == 0 && among(source_money[i].leaves, leaf))
            return true;
    return false;
}

static enum vo_sheet_type col_type(const struct col *x, const struct source *src)
{
    bool num = x->seen_int || x->seen_real;
    if (x->seen_text || (!num && !x->seen_bool && !x->seen_date && !x->seen_time))
        return VO_SHEET_TEXT;
    if (x->seen_bool && !num)
        return VO_SHEET_BOOL;
    if (x->seen_time)
        return VO_SHEET_DATETIME;
    if (x->seen_date)
        return VO_SHEET_DATE;
    if (among(ratio_leaves, x->leaf) || metric_unit(x->path, VO_UNIT_RATIO))
        return VO_SHEET_RATIO;
    if (among(money_leaves, x->leaf) || metric_unit(x->path, VO_UNIT_MONEY) ||
        source_money_leaf(src, x->leaf))
        return VO_SHEET_MONEY;
    return x->seen_real ? VO_SHEET_NUMBER : VO_SHEET_INT;
}

/* The header of a path in one language: its words joined by " · " (a
 * custom field keeps its own key). */
static const char *header(struct vo_arena *a, const char *path, bool ru)
{
    gchar **parts = g_strsplit(path, ".", -1);
    GString *h = g_string_new(NULL);
    for (size_t i = 0; parts[i]; i++) {
        const char *r, *e;
        bool known = word(parts[i], &r, &e);
        if (!known && i > 0 && strcmp(parts[0], "custom") == 0)
            r = e = parts[i];
        const char *w = ru ? r : e;
        if (*w)
            g_string_append_printf(h, "%s%s", h->len ? " · " : "", w);
    }
    g_strfreev(parts);
    char *out = vo_arena_strdup(a, h->str);
    g_string_free(h, TRUE);
    return out;
}

/* The sheet's key of a path: [a-z0-9_], other bytes as '_'. */
static const char *sheet_key(struct vo_arena *a, const char *path)
{
    char *k = vo_arena_strdup(a, path);
    for (char *p = k; p && *p; p++)
        if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p))
            *p = '_';
    return k;
}

/* The value at a dotted path of o, NULL when absent. */
static json_t *at_path(json_t *o, const char *path)
{
    char buf[512];
    g_strlcpy(buf, path, sizeof buf);
    json_t *v = o;
    for (char *save = NULL, *w = strtok_r(buf, ".", &save); w && v; w = strtok_r(NULL, ".", &save))
        v = json_is_object(v) ? json_object_get(v, w) : NULL;
    return v;
}

struct job {
    struct vo_req *r;
    const struct source *src;
    bool ru; /* lang=ru: enumerations by their labels */
    struct cols cols;
    struct vo_sheet_col *scols;
    struct vo_sheet sheet;
    bool started;
};

/* Drops a column that is null in some rows and an object in others (the
 * funnel's bottleneck): its leaves are columns of their own. */
static void drop_parents(struct cols *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->n; i++) {
        size_t len = strlen(c->v[i].path);
        bool parent = false;
        for (size_t j = 0; j < c->n && !parent; j++)
            parent = strncmp(c->v[j].path, c->v[i].path, len) == 0 && c->v[j].path[len] == '.';
        if (!parent)
            c->v[n++] = c->v[i];
    }
    c->n = n;
}

/* The columns found in the first page's rows become the sheet's. */
static vo_err start(struct job *x, json_t *rows)
{
    struct vo_req *r = x->r;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_t *inner = x->src->inner ? json_object_get(row, x->src->inner) : NULL;
        bool ok = discover(&r->arena, &x->cols, row, NULL);
        size_t j;
        json_t *in;
        json_array_foreach(inner, j, in) ok = ok && discover(&r->arena, &x->cols, in, NULL);
        if (!ok)
            return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory (export)");
    }
    if (x->cols.n == 0) { /* no row: the header of an empty list */
        json_t *id = json_pack("{s:n}", "id");
        bool ok = id && discover(&r->arena, &x->cols, id, NULL);
        json_decref(id);
        if (!ok)
            return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory (export)");
    }
    if (x->src->entity) {
        vo_err rc = custom_cols(r, x->src->entity, &x->cols);
        if (rc)
            return rc;
    }
    drop_parents(&x->cols);
    x->scols = VO_ARENA_ARRAY(&r->arena, struct vo_sheet_col, x->cols.n);
    if (!x->scols)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory (export)");
    for (size_t c = 0; c < x->cols.n; c++) {
        const char *p = x->cols.v[c].path;
        const char *label = x->cols.v[c].label;
        x->scols[c] = (struct vo_sheet_col){
            sheet_key(&r->arena, p), label ? label : header(&r->arena, p, true),
            label ? label : header(&r->arena, p, false), col_type(&x->cols.v[c], x->src)};
    }
    struct vo_sheet_spec spec = {.cols = x->scols,
                                 .ncols = x->cols.n,
                                 .money_digits = (unsigned)r->svc.currency_digits,
                                 .tz = r->svc.tz,
                                 .title_ru = x->src->ru,
                                 .title_en = x->src->en};
    x->started = true;
    return vo_sheet_init(&x->sheet, &r->arena, &spec, &r->err);
}

/* Sets cell c of the sheet's last row from v (absent for null or a value
 * of another kind). */
static void cell(struct job *x, size_t c, json_t *v)
{
    struct vo_sheet *s = &x->sheet;
    if (!v || json_is_null(v))
        return;
    const char *t = json_string_value(v);
    switch (x->scols[c].type) {
    case VO_SHEET_TEXT:
        if (t)
            vo_sheet_text(s, c, x->ru ? label(x->cols.v[c].leaf, t) : t);
        else if (json_is_number(v) || json_is_boolean(v)) {
            char *txt = json_dumps(v, JSON_ENCODE_ANY);
            vo_sheet_text(s, c, txt);
            free(txt);
        }
        break;
    case VO_SHEET_INT:
        vo_sheet_int(s, c, (int64_t)json_number_value(v));
        break;
    case VO_SHEET_MONEY:
        vo_sheet_money(s, c,
                       json_is_integer(v) ? json_integer_value(v)
                                          : (int64_t)(json_number_value(v) + 0.5));
        break;
    case VO_SHEET_RATIO:
        vo_sheet_ratio(s, c, json_number_value(v));
        break;
    case VO_SHEET_NUMBER:
        vo_sheet_number(s, c, json_number_value(v));
        break;
    case VO_SHEET_BOOL:
        vo_sheet_bool(s, c, json_is_true(v));
        break;
    case VO_SHEET_DATE: {
        struct vo_date d;
        struct vo_error e = {0};
        if (t && vo_date_parse(t, &d, NULL, &e) == VO_OK)
            vo_sheet_date(s, c, d);
        break;
    }
    case VO_SHEET_DATETIME: {
        GDateTime *dt = t ? g_date_time_new_from_iso8601(t, NULL) : NULL;
        if (dt) {
            vo_sheet_datetime(s, c, g_date_time_to_unix(dt));
            g_date_time_unref(dt);
        }
        break;
    }
    }
}

/* Appends a row (with its parent's values for the paths it lacks). */
static void add_row(struct job *x, json_t *row, json_t *parent)
{
    vo_sheet_row(&x->sheet);
    for (size_t c = 0; c < x->cols.n; c++) {
        json_t *v = at_path(row, x->cols.v[c].path);
        if (!v && parent)
            v = at_path(parent, x->cols.v[c].path);
        cell(x, c, v);
    }
}

static vo_err add_rows(struct job *x, json_t *root)
{
    json_t *rows = json_object_get(root, x->src->rows);
    if (!json_is_array(rows))
        return vo_error_set(&x->r->err, VO_EINVAL, "format", "this answer has no rows to export");
    vo_err rc = x->started ? VO_OK : start(x, rows);
    size_t i, j;
    json_t *row, *in;
    json_array_foreach(rows, i, row)
    {
        if (!x->src->inner) {
            add_row(x, row, NULL);
            continue;
        }
        json_array_foreach(json_object_get(row, x->src->inner), j, in) add_row(x, in, row);
    }
    return rc ? rc : vo_sheet_status(&x->sheet, &x->r->err);
}

/* The finished sheet as the response: CSV or XLSX, an attachment. */
static vo_err respond(struct job *x, bool xlsx, enum vo_sheet_lang lang)
{
    struct vo_req *r = x->r;
    const char *name = lang == VO_SHEET_RU ? x->src->ru : x->src->en;
    if (!xlsx) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f)
            return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory (export)");
        vo_err rc = vo_sheet_write_csv(&x->sheet, lang, f, &r->err);
        fclose(f);
        if (rc) {
            free(buf);
            return rc;
        }
        r->out_bytes = g_bytes_new_with_free_func(buf, len, free, buf);
        r->out_type = "text/csv; charset=utf-8";
    } else {
        int fd = -1;
        size_t size = 0;
        vo_err rc = vo_sheet_write_xlsx(&x->sheet, lang, NULL, &fd, &size, &r->err);
        if (rc)
            return rc;
        char *buf = g_malloc(size ? size : 1);
        size_t got = 0;
        while (got < size) {
            ssize_t n = read(fd, buf + got, size - got);
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        close(fd);
        if (got != size) {
            g_free(buf);
            return vo_error_set(&r->err, VO_EIO, NULL, "the export could not be read back");
        }
        r->out_bytes = g_bytes_new_take(buf, size);
        r->out_type = VO_SHEET_XLSX_TYPE;
    }
    r->disposition = vo_sheet_disposition(&r->arena, name, xlsx ? "xlsx" : "csv");
    r->status = 200;
    return VO_OK;
}

bool vo_export_route(const char *path)
{
    return source_of(path) != NULL;
}

bool vo_export_wanted(struct vo_req *r)
{
    const char *f = r->method == VO_GET ? vo_req_query(r, "format") : NULL;
    /* a meeting's protocol answers format=text itself (api_meetings.c) */
    if (f && strcmp(f, "text") == 0 && g_str_has_suffix(r->path, "/protocol"))
        return false;
    return f && strcmp(f, "json") != 0;
}

void vo_export_run(struct vo_req *r, vo_handler handler)
{
    const char *f = vo_req_query(r, "format");
    bool xlsx = strcmp(f, "xlsx") == 0;
    const struct source *src = source_of(r->path);
    if (src && strcmp(src->path, abc_products.path) == 0) {
        const char *of = vo_req_query(r, "of"); /* the report's own parameter */
        if (of && strcmp(of, "products") == 0)
            src = &abc_products;
    }
    if (!xlsx && strcmp(f, "csv") != 0) {
        vo_error_set(&r->err, VO_EINVAL, "format", "format is json, csv or xlsx, not \"%s\"", f);
        vo_req_error(r, VO_EINVAL);
        return;
    }
    if (!src) {
        vo_error_set(&r->err, VO_EINVAL, "format",
                     "this route answers JSON only: lists and reports export to CSV and XLSX");
        vo_req_error(r, VO_EINVAL);
        return;
    }
    enum vo_sheet_lang lang = vo_sheet_lang_parse(vo_req_query(r, "lang"));
    struct job x = {.r = r, .src = src, .ru = lang == VO_SHEET_RU};
    r->page_limit = PAGE_ROWS;
    vo_err rc = VO_OK;
    bool more = true;
    while (!rc && more) {
        r->status = 200;
        rc = handler(r);
        if (rc)
            break;
        if (r->status != 200 || !r->out)
            return; /* the handler's own answer (an error body) */
        json_t *root = r->out;
        r->out = NULL;
        rc = add_rows(&x, root);
        json_t *next = json_object_get(root, "next_cursor");
        more = json_is_string(next);
        if (more)
            r->page_cursor = vo_arena_strdup(&r->arena, json_string_value(next));
        json_decref(root);
    }
    r->page_limit = r->page_cursor = NULL;
    if (!rc)
        rc = respond(&x, xlsx, lang);
    if (rc) {
        if (!r->err.code)
            r->err.code = rc;
        vo_req_error(r, rc);
    }
}
