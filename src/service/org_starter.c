/*
 * org_starter.c - what makes a new org usable at once: the default
 * pipeline "Продажи" with its stages and the Russian production calendar
 * of the years voronka ships with (model/prodcal.h), and the use case that
 * loads (or reloads) the production calendar of one year into an existing
 * org.
 *
 * The starter runs inside the transaction of the org's creation
 * (vo_svc_org_create), so an org is created whole or not at all. Loading a
 * year replaces that year's rows: the marks the org set by hand for that
 * year are removed, since the decree is the authority on which days are
 * off; the audit row says how many were replaced.
 */
#include "service/org_starter.h"

#include "model/prodcal.h"
#include "service/crm.h"

/* The default pipeline: a B2B sale as most Russian departments run it.
 * max_days: how long a deal may sit in the stage before the board and the
 * hygiene report call it stuck (working through the first contact is a
 * matter of days, negotiations of a couple of weeks). */
static const struct {
    const char *name;
    int64_t max_days;
} STARTER_STAGES[] = {
    {"Новая заявка", 2}, {"Квалификация", 5},    {"Презентация / КП", 7},
    {"Переговоры", 14},  {"Счёт выставлен", 10},
};
#define N_STARTER_STAGES (sizeof STARTER_STAGES / sizeof STARTER_STAGES[0])

const char *const VO_STARTER_PIPELINE = "Продажи";

/* Replaces the holiday rows of `year` of org with the production calendar.
 * Inside an open transaction. */
static vo_err calendar_replace(struct vo_store *st, int64_t org, int year, struct vo_arena *a,
                               struct vo_calendar_loaded *out, struct vo_error *e)
{
    struct vo_holiday *old = NULL;
    size_t nold = 0;
    vo_err rc = vo_store_holiday_list(st, org, year, a, &old, &nold, e);
    for (size_t i = 0; !rc && i < nold; i++)
        rc = vo_store_holiday_delete(st, org, old[i].id, e);
    if (rc)
        return rc;
    struct vo_holiday cal[64];
    bool official = false;
    size_t n = vo_prodcal_year(year, cal, sizeof cal / sizeof cal[0], &official);
    for (size_t i = 0; i < n; i++) {
        cal[i].org_id = org;
        enum vo_upsert res;
        if ((rc = vo_store_holiday_upsert(st, &cal[i], &res, e)))
            return rc;
        if (cal[i].kind == VO_DAY_WORKDAY)
            out->workdays++;
        else
            out->holidays++;
    }
    out->year = year;
    out->official = official;
    out->replaced = nold;
    return VO_OK;
}

vo_err vo_svc_org_starter(struct vo_store *st, int64_t org, struct vo_arena *a,
                          struct vo_org_starter *out, struct vo_error *e)
{
    *out = (struct vo_org_starter){
        .pipeline = VO_STARTER_PIPELINE, .year_from = VO_PRODCAL_FIRST, .year_to = VO_PRODCAL_LAST};
    bool created = false;
    vo_err rc =
        vo_store_pipeline_ensure(st, org, VO_STARTER_PIPELINE, &out->pipeline_id, &created, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < N_STARTER_STAGES; i++) {
        struct vo_stage sg = {.org_id = org,
                              .pipeline_id = out->pipeline_id,
                              .name = STARTER_STAGES[i].name,
                              .position = (int)i + 1,
                              .max_days = STARTER_STAGES[i].max_days};
        enum vo_upsert res;
        if ((rc = vo_store_stage_upsert(st, &sg, &res, e)))
            return rc;
        out->stages++;
    }
    for (int y = VO_PRODCAL_FIRST; y <= VO_PRODCAL_LAST; y++) {
        struct vo_calendar_loaded l = {0};
        if ((rc = calendar_replace(st, org, y, a, &l, e)))
            return rc;
        out->holidays += l.holidays;
        out->workdays += l.workdays;
    }
    return VO_OK;
}

vo_err vo_svc_calendar_load(struct vo_svc *svc, int year, struct vo_calendar_loaded *out,
                            struct vo_error *e)
{
    *out = (struct vo_calendar_loaded){0};
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_HOLIDAY, e);
    if (rc)
        return rc;
    if (year < VO_CALENDAR_YEAR_MIN || year > VO_CALENDAR_YEAR_MAX)
        return vo_error_set(e, VO_EINVAL, "year", "year must be %d..%d", VO_CALENDAR_YEAR_MIN,
                            VO_CALENDAR_YEAR_MAX);
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = calendar_replace(svc->st, svc->org.id, year, svc->arena, out, e)))
        vo_store_rollback(svc->st);
    else
        rc = vo_crm_finish(svc, "calendar.load", "holiday", 0,
                           vo_arena_printf(svc->arena,
                                           "%d: %zu days off, %zu working days, %zu rows replaced",
                                           year, out->holidays, out->workdays, out->replaced),
                           e);
    if (rc) {
        *out = (struct vo_calendar_loaded){0};
        return rc;
    }
    vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_OTHER});
    return VO_OK;
}
