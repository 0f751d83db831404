/*
 * investigate_json.h - the investigations (analytics/investigate.h) as
 * JSON and as plain sentences (docs/reports.md, "Разборы"): one builder
 * for `voronka report investigations --format json`, GET
 * /api/v1/reports/investigations and the `investigations` array of the
 * daily report and the monthly review. Builders return a new reference and
 * borrow their arguments.
 */
#ifndef VO_RENDER_INVESTIGATE_JSON_H
#define VO_RENDER_INVESTIGATE_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "analytics/investigate.h"
#include "analytics/report_query.h"

/* A finding as one sentence in Russian (ru) or English, from the
 * templates of the message catalogue (base/messages.c), in arena a,
 * e.g. «Анна: конверсия Встреча -> КП упала
 * с 42% до 23%: -1,2 млн ₽ к плану». */
const char *vo_inv_sentence(const struct vo_dataset *ds, const struct vo_inv_finding *f, bool ru,
                            struct vo_arena *a);

/* The step's label "Встреча -> КП" (the last step: "КП -> выиграна"). */
const char *vo_inv_step_label(const struct vo_dataset *ds, const struct vo_inv_finding *f,
                              struct vo_arena *a);

/* [{"subject", "user_id", "name", "email", "kind", "what", "step",
 *   "against", "value", "baseline", "delta", "change", "sample", "money",
 *   "sentence", "sentence_en"}] (docs/reports.md "Разборы"). */
json_t *vo_inv_findings_to_json(const struct vo_dataset *ds, const struct vo_inv *v,
                                struct vo_arena *a);

/* The report: {"from", "to", "as_of", "baseline_from", "baseline_to",
 * "elapsed_wd", "baseline_wd", "pipeline", "investigations"}. */
json_t *vo_inv_to_json(const struct vo_report_query *q, const struct vo_inv *v);

#endif
