/*
 * forecast.h - the forecast report's use case (issue 12, item 5): `voronka
 * report forecast` and GET /api/v1/reports/forecast. It resolves the
 * options with the actor's restriction (a manager: their own deals;
 * analytics/report_query.h), computes (analytics/forecast.h) and, with
 * list, reads the labels of the listed deals the dataset does not hold.
 */
#ifndef VO_SERVICE_FORECAST_H
#define VO_SERVICE_FORECAST_H

#include "analytics/forecast.h"
#include "analytics/report_query.h"
#include "service/service.h"

/* Computes the forecast q asks for into *out (in q->arena). */
vo_err vo_svc_report_forecast(struct vo_svc *svc, const struct vo_report_query *q,
                              struct vo_report_forecast *out, struct vo_error *e);

#endif
