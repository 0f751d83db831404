/*
 * action_summary.c - ISO week arithmetic of the weekly action plans
 * (action_summary.h).
 */
#include "analytics/action_summary.h"

#include <stdio.h>

struct vo_date vo_iso_week1(int y)
{
    struct vo_date jan4 = {y, 1, 4};
    return vo_date_add_days(jan4, 1 - vo_date_weekday(jan4));
}

void vo_iso_week_name(struct vo_date monday, char *out, size_t outsz)
{
    struct vo_date thu = vo_date_add_days(monday, 3);
    int64_t w = (vo_date_days(thu) - vo_date_days(vo_iso_week1(thu.y))) / 7 + 1;
    snprintf(out, outsz, "%04d-W%02d", thu.y, (int)w);
}
