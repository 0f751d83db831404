/*
 * prodcal.h - the Russian production calendar of the years voronka ships
 * with: the statutory non-working holidays, the days off moved by each
 * year's government decree and the working Saturdays. A new org loads
 * VO_PRODCAL_FIRST..VO_PRODCAL_LAST (service: vo_svc_calendar_load); the
 * demo generator builds its working days on it.
 */
#ifndef VO_MODEL_PRODCAL_H
#define VO_MODEL_PRODCAL_H

#include <stdbool.h>
#include <stddef.h>

#include "model/model.h"

/* The years encoded from decrees (the last one provisionally). */
#define VO_PRODCAL_FIRST 2024
#define VO_PRODCAL_LAST  2027

/* The production calendar of a year: the non-working holidays and moved
 * days off (VO_DAY_HOLIDAY) and the moved working Saturdays
 * (VO_DAY_WORKDAY), in date order, into out (up to cap rows; the count is
 * returned, and 64 rows always suffice). 2024-2026 are the official
 * calendars; 2027 is provisional (no decree yet: docs/demo.md); other
 * years apply the fixed holidays and the weekend transfer rule of the
 * Labour Code (art. 112). *official (may be NULL) says which. Names are
 * static strings; org_id and id are left 0. */
size_t vo_prodcal_year(int year, struct vo_holiday *out, size_t cap, bool *official);

#endif
