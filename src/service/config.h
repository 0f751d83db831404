/*
 * config.h - the configuration use cases an administrator runs from the
 * settings screens and the API: teams, products, pipelines and their
 * stages, the holiday calendar, the org's name, zone, currency and
 * settings, and an import of files handed over in memory.
 *
 * Each write checks the actor's role (rules.c: admin; pipelines, stages
 * and holidays also the head; the import admin or head), runs
 * one store transaction with an audit row, commits, and then tells
 * svc->on_change (VO_CHANGE_OTHER: the org's live copy is rebuilt).
 * Bad input is VO_EINVAL naming the field; an id that is not in the org is
 * VO_ENOTFOUND; a name already taken is VO_ECONFLICT.
 */
#ifndef VO_SERVICE_CONFIG_H
#define VO_SERVICE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service/import.h"
#include "service/service.h"

/* A new team named name (unique in the org); *id set. */
vo_err vo_svc_team_create(struct vo_svc *svc, const char *name, int64_t *id, struct vo_error *e);
/* Renames team id. */
vo_err vo_svc_team_rename(struct vo_svc *svc, int64_t id, const char *name, struct vo_error *e);

/* A new product (p->org_id and p->id are set; name required, price in
 * minor units >= 0 or VO_NULL). */
vo_err vo_svc_product_create(struct vo_svc *svc, struct vo_product *p, struct vo_error *e);
/* Stores p's name, category and price over product p->id. */
vo_err vo_svc_product_update(struct vo_svc *svc, const struct vo_product *p, struct vo_error *e);

/* A new pipeline named name (unique in the org), with no stages yet. */
vo_err vo_svc_pipeline_create(struct vo_svc *svc, const char *name, int64_t *id,
                              struct vo_error *e);
/* Adds an open stage to pipeline `pipeline` at position (0 = at the end;
 * 1..n+1 shifts the later stages down), max_days >= 1 or VO_NULL. The
 * positions stay 1..n. *id set. */
vo_err vo_svc_stage_add(struct vo_svc *svc, int64_t pipeline, const char *name, int position,
                        int64_t max_days, int64_t *id, struct vo_error *e);
/* Changes stage id: name (NULL = keep), position (0 = keep; 1..n moves the
 * stage there and renumbers the others so positions stay 1..n), max_days
 * (when set_max_days: >= 1 or VO_NULL for no limit). */
vo_err vo_svc_stage_update(struct vo_svc *svc, int64_t id, const char *name, int position,
                           bool set_max_days, int64_t max_days, struct vo_error *e);

/* Marks date h->y-m-d as a holiday or a worked weekend day (an existing
 * mark of that date is replaced); h->id set, *created says which. */
vo_err vo_svc_holiday_set(struct vo_svc *svc, struct vo_holiday *h, bool *created,
                          struct vo_error *e);
vo_err vo_svc_holiday_delete(struct vo_svc *svc, int64_t id, struct vo_error *e);

/* Changes the org: name, tz (IANA zone), currency (ISO 4217) - NULL keeps
 * each - and settings (JSON object text, NULL keeps): the known keys
 * (stale_days, open_deal_limit, required_deal_fields) are checked by the
 * hygiene parser, naming the key. svc->org is updated on success. */
vo_err vo_svc_org_update(struct vo_svc *svc, const char *name, const char *tz, const char *currency,
                         const char *settings, struct vo_error *e);

/* One file of an import handed over in memory. */
struct vo_import_file {
    const char *name; /* a file of the import format: "deals.csv" */
    const char *text;
    size_t len;
};
/* Writes the files to a private temporary directory (mode 0700, removed
 * afterwards) and runs the importer there (service/import.h: one
 * transaction, all or nothing; admin or head). A file name that is neither
 * one of the format's nor a plain "*.csv" (an export) is VO_EINVAL naming
 * it. skip_invalid: a partial import (import.h). preset: a built-in
 * preset's name; NULL: told by the headers (service/import_detect.h). The
 * report is in svc->arena. */
vo_err vo_svc_import_files(struct vo_svc *svc, const struct vo_import_file *files, size_t n,
                           bool dry_run, bool skip_invalid, const char *preset,
                           struct vo_import_report *rep, struct vo_error *e);

#endif
