/*
 * config.c - the configuration use cases: teams, products, pipelines and
 * stages, holidays, the org's own settings, and imports of files handed
 * over in memory (the API's import).
 *
 * Every write follows one shape: role check, validation naming the field,
 * one transaction holding the change and its audit row, commit, then the
 * change event. Stage positions are renumbered 1..n inside the same
 * transaction whenever a stage is added or moved, so a pipeline never shows
 * a gap or a tie.
 */
#include "service/config.h"

#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>

#include "base/money.h"
#include "base/timeutil.h"
#include "io/mapping.h"
#include "io/xlsx.h"
#include "service/client_settings.h"
#include "service/channel_settings.h"
#include "service/hygiene_settings.h"
#include "service/nps_settings.h" /* issue 12, item 2 */

/* A team's, pipeline's, stage's or the org's name (model.h's bound). */
static vo_err require_name(const char *name, const char *field, struct vo_error *e)
{
    return vo_text_required(VO_TEXT_NAME, name, field, e);
}

/* Audit row, commit, event - or rollback. rc is the result so far. */
static vo_err finish(struct vo_svc *svc, vo_err rc, const char *action, const char *object,
                     int64_t id, const char *detail, struct vo_error *e)
{
    if (!rc)
        rc = vo_store_audit(svc->st, svc->org.id, svc->actor_id, action, object, id, detail, e);
    if (!rc)
        rc = vo_store_commit(svc->st, e);
    if (rc) {
        vo_store_rollback(svc->st);
        return rc;
    }
    vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_OTHER});
    return VO_OK;
}

/* Creates the team or pipeline `name` (object: "team", "pipeline") with
 * ensure, refusing a name the org has already (VO_ECONFLICT, "name"). */
static vo_err create_named(struct vo_svc *svc, enum vo_object obj,
                           vo_err (*ensure)(struct vo_store *, int64_t, const char *, int64_t *,
                                            bool *, struct vo_error *),
                           const char *object, const char *action, const char *name, int64_t *id,
                           struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, obj, e);
    if (rc || (rc = require_name(name, "name", e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    bool created = false;
    rc = ensure(svc->st, svc->org.id, name, id, &created, e);
    if (!rc && !created)
        rc = vo_error_set(e, VO_ECONFLICT, "name", "the org already has a %s \"%s\"", object, name);
    return finish(svc, rc, action, object, *id, name, e);
}

/* ---- teams ---- */

vo_err vo_svc_team_create(struct vo_svc *svc, const char *name, int64_t *id, struct vo_error *e)
{
    return create_named(svc, VO_OBJ_TEAM, vo_store_team_ensure, "team", "team.create", name, id, e);
}

vo_err vo_svc_team_rename(struct vo_svc *svc, int64_t id, const char *name, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_TEAM, e);
    if (rc || (rc = require_name(name, "name", e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    int64_t other = 0;
    rc = vo_store_team_find(svc->st, svc->org.id, name, &other, e);
    if (rc == VO_OK && other != id)
        rc = vo_error_set(e, VO_ECONFLICT, "name", "the org already has a team \"%s\"", name);
    else if (rc == VO_ENOTFOUND || rc == VO_OK)
        rc = vo_store_team_rename(svc->st, svc->org.id, id, name, e);
    return finish(svc, rc, "team.rename", "team", id, name, e);
}

/* ---- products ---- */

vo_err vo_svc_product_create(struct vo_svc *svc, struct vo_product *p, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_PRODUCT, e);
    if (rc || (rc = vo_product_validate(p, e)))
        return rc;
    p->org_id = svc->org.id;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    rc = vo_store_product_insert(svc->st, p, e);
    return finish(svc, rc, "product.create", "product", p->id, p->name, e);
}

vo_err vo_svc_product_update(struct vo_svc *svc, const struct vo_product *p, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_PRODUCT, e);
    if (rc || (rc = vo_product_validate(p, e)))
        return rc;
    struct vo_product q = *p;
    q.org_id = svc->org.id;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    rc = vo_store_product_update(svc->st, &q, e);
    return finish(svc, rc, "product.update", "product", q.id, q.name, e);
}

/* ---- pipelines and stages ---- */

vo_err vo_svc_pipeline_create(struct vo_svc *svc, const char *name, int64_t *id, struct vo_error *e)
{
    return create_named(svc, VO_OBJ_PIPELINE, vo_store_pipeline_ensure, "pipeline",
                        "pipeline.create", name, id, e);
}

/* Writes positions 1..n in the order of v (only the rows that change). */
static vo_err renumber(struct vo_svc *svc, struct vo_stage *v, size_t n, struct vo_error *e)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].position == (int)i + 1)
            continue;
        v[i].position = (int)i + 1;
        vo_err rc = vo_store_stage_update(svc->st, &v[i], e);
        if (rc)
            return rc;
    }
    return VO_OK;
}

/* Moves v[from] to index to, shifting the ones between. */
static void move_stage(struct vo_stage *v, size_t from, size_t to)
{
    struct vo_stage t = v[from];
    if (from < to)
        memmove(&v[from], &v[from + 1], (to - from) * sizeof *v);
    else if (to < from)
        memmove(&v[to + 1], &v[to], (from - to) * sizeof *v);
    v[to] = t;
}

vo_err vo_svc_stage_add(struct vo_svc *svc, int64_t pipeline, const char *name, int position,
                        int64_t max_days, int64_t *id, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_STAGE, e);
    if (rc || (rc = require_name(name, "name", e)))
        return rc;
    struct vo_pipeline p;
    if ((rc = vo_store_pipeline_get(svc->st, svc->org.id, pipeline, svc->arena, &p, e)))
        return rc;
    struct vo_stage sg = {.org_id = svc->org.id,
                          .pipeline_id = pipeline,
                          .name = name,
                          .position = 1,
                          .max_days = max_days};
    if ((rc = vo_stage_validate(&sg, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_stage *v = NULL;
    size_t n = 0;
    int64_t other = 0;
    if ((rc = vo_store_stage_list(svc->st, svc->org.id, pipeline, svc->arena, &v, &n, e)))
        goto out;
    if (position < 0 || (size_t)position > n + 1) {
        rc = vo_error_set(e, VO_EINVAL, "position", "position is 1..%zu (or absent: at the end)",
                          n + 1);
        goto out;
    }
    if (vo_store_stage_find(svc->st, svc->org.id, pipeline, name, &other, e) == VO_OK) {
        rc = vo_error_set(e, VO_ECONFLICT, "name", "the pipeline already has a stage \"%s\"", name);
        goto out;
    }
    /* Stored at the end first, then moved into place with the others. */
    sg.position = (int)n + 1;
    enum vo_upsert res;
    if ((rc = vo_store_stage_upsert(svc->st, &sg, &res, e)))
        goto out;
    struct vo_stage *all = VO_ARENA_ARRAY(svc->arena, struct vo_stage, n + 1);
    if (!all) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    if (n)
        memcpy(all, v, n * sizeof *v);
    all[n] = sg;
    if (position)
        move_stage(all, n, (size_t)position - 1);
    rc = renumber(svc, all, n + 1, e);
    *id = sg.id;
out:
    return finish(svc, rc, "stage.create", "stage", sg.id,
                  vo_arena_printf(svc->arena, "%s: %s", p.name, name), e);
}

vo_err vo_svc_stage_update(struct vo_svc *svc, int64_t id, const char *name, int position,
                           bool set_max_days, int64_t max_days, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_STAGE, e);
    if (rc)
        return rc;
    if (name && (rc = require_name(name, "name", e)))
        return rc;
    struct vo_stage sg;
    if ((rc = vo_store_stage_get(svc->st, svc->org.id, id, svc->arena, &sg, e)))
        return rc;
    if (name)
        sg.name = name;
    if (set_max_days)
        sg.max_days = max_days;
    if ((rc = vo_stage_validate(&sg, e)))
        return rc;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_stage *v = NULL;
    size_t n = 0, at = 0;
    int64_t other = 0;
    if ((rc = vo_store_stage_list(svc->st, svc->org.id, sg.pipeline_id, svc->arena, &v, &n, e)))
        goto out;
    if (position < 0 || (size_t)position > n) {
        rc = vo_error_set(e, VO_EINVAL, "position", "position is 1..%zu", n);
        goto out;
    }
    if (name &&
        vo_store_stage_find(svc->st, svc->org.id, sg.pipeline_id, name, &other, e) == VO_OK &&
        other != id) {
        rc = vo_error_set(e, VO_ECONFLICT, "name", "the pipeline already has a stage \"%s\"", name);
        goto out;
    }
    while (at < n && v[at].id != id)
        at++;
    if (at == n) {
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no stage %lld", (long long)id);
        goto out;
    }
    sg.position = v[at].position;
    v[at] = sg;
    if ((rc = vo_store_stage_update(svc->st, &sg, e)))
        goto out;
    if (position)
        move_stage(v, at, (size_t)position - 1);
    rc = renumber(svc, v, n, e);
out:
    return finish(svc, rc, "stage.update", "stage", id, sg.name, e);
}

/* ---- holidays ---- */

vo_err vo_svc_holiday_set(struct vo_svc *svc, struct vo_holiday *h, bool *created,
                          struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_HOLIDAY, e);
    if (rc)
        return rc;
    if ((rc = vo_holiday_validate(h, e)))
        return rc;
    h->org_id = svc->org.id;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    enum vo_upsert res = VO_UPSERT_UNCHANGED;
    rc = vo_store_holiday_upsert(svc->st, h, &res, e);
    if (created)
        *created = res == VO_UPSERT_CREATED;
    return finish(svc, rc, "holiday.set", "holiday", h->id,
                  vo_arena_printf(svc->arena, "%04d-%02d-%02d %s", h->y, h->m, h->d,
                                  vo_day_kind_name(h->kind)),
                  e);
}

vo_err vo_svc_holiday_delete(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_HOLIDAY, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    rc = vo_store_holiday_delete(svc->st, svc->org.id, id, e);
    return finish(svc, rc, "holiday.delete", "holiday", id, NULL, e);
}

/* ---- the org ---- */

vo_err vo_svc_org_update(struct vo_svc *svc, const char *name, const char *tz, const char *currency,
                         const char *settings, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_ORG, e);
    if (rc)
        return rc;
    struct vo_org o = svc->org;
    if (name) {
        if ((rc = require_name(name, "name", e)))
            return rc;
        o.name = name;
    }
    GTimeZone *zone = NULL;
    if (tz) {
        zone = vo_tz_iana(tz);
        if (!zone)
            return vo_error_set(e, VO_EINVAL, "tz",
                                "\"%s\" is not an IANA time zone (e.g. Europe/Moscow)", tz);
        o.tz = tz;
    }
    if (currency) {
        if (!vo_currency_valid(currency)) {
            rc = vo_error_set(e, VO_EINVAL, "currency",
                              "\"%s\" is not an ISO 4217 currency code (e.g. RUB)", currency);
            goto out;
        }
        o.currency = currency;
    }
    if (settings) {
        json_t *root = json_loads(settings, 0, NULL);
        bool obj = json_is_object(root);
        json_decref(root);
        struct vo_hygiene_settings hs;
        if (!obj)
            rc = vo_error_set(e, VO_EINVAL, "settings", "settings is a JSON object");
        else
            rc = vo_hygiene_settings_parse(settings, &hs, e);
        /* issue 12, clients: abc_basis, at_risk_days */
        struct vo_client_settings cs;
        if (!rc)
            rc = vo_client_settings_parse(settings, &cs, e);
        struct vo_nps_settings ns; /* issue 12, item 2: nps_link_days */
        if (!rc)
            rc = vo_nps_settings_parse(settings, &ns, e);
        /* issue 12, channels: gross_margin (channel_settings.h) */
        double gm;
        if (!rc)
            rc = vo_channel_settings_parse(settings, &gm, e);
        if (rc)
            goto out;
        o.settings = settings;
    }
    if ((rc = vo_store_begin(svc->st, e)))
        goto out;
    rc = vo_store_org_update(svc->st, &o, e);
    if ((rc = finish(svc, rc, "org.update", "org", o.id, NULL, e)))
        goto out;
    svc->org = o;
    if (zone) {
        g_time_zone_unref(svc->tz);
        svc->tz = zone;
        zone = NULL;
    }
    svc->currency_digits = vo_currency_digits(o.currency);
out:
    if (zone)
        g_time_zone_unref(zone);
    return rc;
}

/* ---- imports of files in memory ---- */

/* Whether name may be written into the import's directory: a file of the
 * format, or a plain file name ending in .csv, .xlsx or .xls (another
 * CRM's export, read by a preset): no path, no "..", no hidden file. */
static bool import_file_name(const char *name)
{
    if (!name)
        return false;
    if (vo_map_target_find(name))
        return true;
    size_t len = strlen(name);
    return len > 4 && len <= 200 && name[0] != '.' && !strpbrk(name, "/\\") &&
           vo_table_name(name) && g_utf8_validate(name, -1, NULL);
}

vo_err vo_svc_import_files(struct vo_svc *svc, const struct vo_import_file *files, size_t n,
                           bool dry_run, bool skip_invalid, const char *preset,
                           struct vo_import_report *rep, struct vo_error *e)
{
    memset(rep, 0, sizeof *rep);
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_IMPORT, e);
    if (rc)
        return rc;
    /* Only the format's own names, or an export's *.csv: no path, no "..",
     * nothing else on disk. */
    for (size_t i = 0; i < n; i++)
        if (!import_file_name(files[i].name))
            return vo_error_set(e, VO_EINVAL, "files",
                                "\"%s\" is not a file of the import format (users.csv, "
                                "deals.csv, ...)",
                                files[i].name ? files[i].name : "");
    GError *gerr = NULL;
    char *dir = g_dir_make_tmp("voronka-import-XXXXXX", &gerr);
    if (!dir) {
        rc = vo_error_set(e, VO_EIO, NULL, "temporary directory: %s", gerr->message);
        g_error_free(gerr);
        return rc;
    }
    size_t written = 0;
    for (; written < n && !rc; written++) {
        char *path = g_build_filename(dir, files[written].name, NULL);
        if (!g_file_set_contents(path, files[written].text, (gssize)files[written].len, &gerr)) {
            rc = vo_error_set(e, VO_EIO, NULL, "%s: %s", files[written].name, gerr->message);
            g_clear_error(&gerr);
        }
        g_free(path);
    }
    if (!rc) {
        struct vo_import_opts o = {
            .dry_run = dry_run, .skip_invalid = skip_invalid, .preset = preset, .detect = true};
        rc = vo_svc_import(svc, dir, &o, rep, e);
        rep->dir = NULL; /* gone below: do not show a dead path */
        if (!rc && rep->committed)
            vo_svc_emit(svc, &(struct vo_change){.kind = VO_CHANGE_OTHER});
    }
    for (size_t i = 0; i < written; i++) {
        char *path = g_build_filename(dir, files[i].name, NULL);
        g_remove(path);
        g_free(path);
    }
    g_rmdir(dir);
    g_free(dir);
    return rc;
}
