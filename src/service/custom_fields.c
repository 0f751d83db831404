/*
 * custom_fields.c - the custom fields of deals and clients: definitions
 * (admin and head write them, one transaction with an audit row each) and
 * the check of the values (vo_svc_custom_apply) that the deal and client
 * use cases run inside their own transactions, so the API, the CLI and
 * any other caller store only values that fit their definitions.
 */
#include "service/custom_fields.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"

#define KEY_MAX     40
#define OPTIONS_MAX 100
#define NUMBER_MAX  1e15

static const char *const ENTITIES[] = {"deal", "client", NULL};
static const char *const TYPES[] = {"text", "number", "date", "list", NULL};

static bool one_of(const char *s, const char *const *set)
{
    for (; s && *set; set++)
        if (strcmp(s, *set) == 0)
            return true;
    return false;
}

static bool key_ok(const char *k)
{
    size_t n = k ? strlen(k) : 0;
    if (n == 0 || n > KEY_MAX || k[0] < 'a' || k[0] > 'z')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
            return false;
    return true;
}

vo_err vo_svc_custom_field_list(struct vo_svc *svc, const char *entity,
                                struct vo_custom_field **out, size_t *n, struct vo_error *e)
{
    if (entity && !one_of(entity, ENTITIES))
        return vo_error_set(e, VO_EINVAL, "entity", "entity is deal or client");
    return vo_store_custom_field_list(svc->st, svc->org.id, entity, svc->arena, out, n, e);
}

vo_err vo_svc_custom_field_get(struct vo_svc *svc, int64_t id, struct vo_custom_field *out,
                               struct vo_error *e)
{
    return vo_store_custom_field_get(svc->st, svc->org.id, id, svc->arena, out, e);
}

/* A list's options as JSON text into *out: 1..100 distinct non-empty
 * texts (a name's bound each). */
static vo_err options_text(struct vo_svc *svc, const json_t *options, const char **out,
                           struct vo_error *e)
{
    size_t n = json_array_size(options);
    if (!json_is_array(options) || n == 0 || n > OPTIONS_MAX)
        return vo_error_set(e, VO_EINVAL, "options", "options of a list field are 1..%d texts",
                            OPTIONS_MAX);
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(options, i));
        vo_err rc;
        if (!s || !*s)
            return vo_error_set(e, VO_EINVAL, "options", "option %zu is not a text", i + 1);
        if ((rc = vo_text_check(VO_TEXT_NAME, s, "options", e)))
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(s, json_string_value(json_array_get(options, j))) == 0)
                return vo_error_set(e, VO_EINVAL, "options", "option \"%s\" is given twice", s);
    }
    char *t = json_dumps(options, JSON_COMPACT);
    *out = vo_arena_strdup(svc->arena, t ? t : "[]");
    free(t);
    return *out ? VO_OK : vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
}

/* Label, options (by type), position of in into f. */
static vo_err apply_def(struct vo_svc *svc, const struct vo_custom_field_input *in,
                        struct vo_custom_field *f, struct vo_error *e)
{
    vo_err rc;
    if ((in->set & VO_CF_LABEL) && (rc = vo_text_required(VO_TEXT_NAME, in->label, "label", e)))
        return rc;
    if (in->set & VO_CF_LABEL)
        f->label = in->label;
    if (in->set & VO_CF_OPTIONS) {
        if (strcmp(f->type, "list") != 0 && json_array_size(in->options) > 0)
            return vo_error_set(e, VO_EINVAL, "options", "only a list field has options");
        if (strcmp(f->type, "list") == 0 && (rc = options_text(svc, in->options, &f->options, e)))
            return rc;
    }
    if (strcmp(f->type, "list") == 0 && (!f->options || strcmp(f->options, "[]") == 0))
        return vo_error_set(e, VO_EINVAL, "options", "a list field needs its options");
    if (in->set & VO_CF_REQUIRED)
        f->required = in->required;
    if (in->set & VO_CF_POSITION) {
        if (in->position < 1 || in->position > 1000)
            return vo_error_set(e, VO_EINVAL, "position", "position is 1..1000");
        f->position = in->position;
    }
    return VO_OK;
}

static vo_err lead_only(struct vo_svc *svc, struct vo_error *e)
{
    return vo_crm_is_lead(svc)
               ? VO_OK
               : vo_error_set(e, VO_EPERM, NULL, "only an admin or the head manages custom fields");
}

vo_err vo_svc_custom_field_create(struct vo_svc *svc, const struct vo_custom_field_input *in,
                                  int64_t *id, struct vo_error *e)
{
    vo_err rc = lead_only(svc, e);
    if (rc)
        return rc;
    if (!(in->set & VO_CF_ENTITY) || !one_of(in->entity, ENTITIES))
        return vo_error_set(e, VO_EINVAL, "entity", "entity is deal or client");
    if (!(in->set & VO_CF_KEY) || !key_ok(in->key))
        return vo_error_set(e, VO_EINVAL, "key",
                            "key is 1..%d characters: a-z first, then a-z, 0-9 or _", KEY_MAX);
    if (!(in->set & VO_CF_LABEL))
        return vo_error_set(e, VO_EINVAL, "label", "label is required");
    if (!(in->set & VO_CF_TYPE) || !one_of(in->type, TYPES))
        return vo_error_set(e, VO_EINVAL, "type", "type is text, number, date or list");
    struct vo_custom_field f = {.org_id = svc->org.id,
                                .entity = in->entity,
                                .key = in->key,
                                .type = in->type,
                                .options = "[]"};
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_custom_field *all = NULL;
    size_t n = 0;
    if ((rc =
             vo_store_custom_field_list(svc->st, svc->org.id, in->entity, svc->arena, &all, &n, e)))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(all[i].key, in->key) == 0) {
            rc = vo_error_set(e, VO_ECONFLICT, "key", "the %ss have a field \"%s\" already",
                              in->entity, in->key);
            goto fail;
        }
        if (all[i].position >= f.position)
            f.position = all[i].position + 1;
    }
    if (f.position < 1)
        f.position = 1;
    if (f.position > 1000)
        f.position = 1000;
    if ((rc = apply_def(svc, in, &f, e)) || (rc = vo_store_custom_field_insert(svc->st, &f, e)))
        goto fail;
    if ((rc = vo_crm_finish(svc, "custom_field.create", "custom_field", f.id, f.key, e)))
        return rc;
    *id = f.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_custom_field_update(struct vo_svc *svc, int64_t id,
                                  const struct vo_custom_field_input *in, struct vo_error *e)
{
    vo_err rc = lead_only(svc, e);
    if (rc)
        return rc;
    static const struct {
        unsigned bit;
        const char *field;
    } fixed[] = {{VO_CF_ENTITY, "entity"}, {VO_CF_KEY, "key"}, {VO_CF_TYPE, "type"}};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (in->set & fixed[i].bit)
            return vo_error_set(e, VO_EINVAL, fixed[i].field,
                                "a custom field's %s does not change (the stored values would "
                                "not fit): delete it and create another",
                                fixed[i].field);
    struct vo_custom_field f;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_custom_field_get(svc->st, svc->org.id, id, svc->arena, &f, e)) ||
        (rc = apply_def(svc, in, &f, e)) || (rc = vo_store_custom_field_update(svc->st, &f, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "custom_field.update", "custom_field", id, f.key, e);
}

vo_err vo_svc_custom_field_delete(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    vo_err rc = lead_only(svc, e);
    if (rc)
        return rc;
    struct vo_custom_field f;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = vo_store_custom_field_get(svc->st, svc->org.id, id, svc->arena, &f, e)) ||
        (rc = vo_store_custom_field_delete(svc->st, svc->org.id, id, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, "custom_field.delete", "custom_field", id, f.key, e);
}

/* The definition of key among defs[0..n), NULL when none. */
static const struct vo_custom_field *find_def(const struct vo_custom_field *defs, size_t n,
                                              const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(defs[i].key, key) == 0)
            return &defs[i];
    return NULL;
}

static bool option_of(const struct vo_custom_field *f, const char *s)
{
    json_t *opts = json_loads(f->options ? f->options : "[]", 0, NULL);
    bool ok = false;
    for (size_t i = 0; !ok && i < json_array_size(opts); i++)
        ok = strcmp(json_string_value(json_array_get(opts, i)), s) == 0;
    json_decref(opts);
    return ok;
}

/* The stored form of v for f (a new reference, NULL when v clears the
 * key), or VO_EINVAL naming field. */
static vo_err value_of(const struct vo_custom_field *f, const json_t *v, const char *field,
                       json_t **out, struct vo_error *e)
{
    *out = NULL;
    const char *s = json_string_value(v);
    if (json_is_null(v) || (s && !*s))
        return VO_OK;
    vo_err rc;
    if (strcmp(f->type, "number") == 0) {
        double d = json_number_value(v);
        if (!json_is_number(v) || !isfinite(d) || fabs(d) > NUMBER_MAX)
            return vo_error_set(e, VO_EINVAL, field, "%s is a number within +-10^15", field);
        *out = json_deep_copy(v);
        return VO_OK;
    }
    if (!s)
        return vo_error_set(e, VO_EINVAL, field, "%s is a text", field);
    if (strcmp(f->type, "date") == 0) {
        struct vo_date d;
        char buf[16];
        if ((rc = vo_date_parse(s, &d, field, e)))
            return rc;
        *out = json_string(vo_date_format(d, buf, sizeof buf));
        return VO_OK;
    }
    if (strcmp(f->type, "list") == 0 && !option_of(f, s))
        return vo_error_set(e, VO_EINVAL, field, "%s is one of the field's options, not \"%s\"",
                            field, s);
    if ((rc = vo_text_check(VO_TEXT_TITLE, s, field, e)))
        return rc;
    *out = json_string(s);
    return VO_OK;
}

vo_err vo_svc_custom_text_value(const struct vo_custom_field *f, const char *text,
                                const char *field, json_t **out, struct vo_error *e)
{
    *out = NULL;
    if (!text || !*text)
        return VO_OK;
    if (strcmp(f->type, "number") != 0) {
        json_t *s = json_string(text);
        vo_err rc = s ? value_of(f, s, field, out, e)
                      : vo_error_set(e, VO_EINVAL, field, "%s is not valid UTF-8", field);
        json_decref(s);
        return rc;
    }
    /* digits with an optional sign, spaces between groups, one decimal
     * point or comma */
    char buf[64];
    size_t k = 0;
    for (const char *p = text; *p; p++) {
        if (*p == ' ')
            continue;
        if (k + 1 >= sizeof buf)
            return vo_error_set(e, VO_EINVAL, field, "%s is a number within +-10^15", field);
        buf[k++] = *p == ',' ? '.' : *p;
    }
    buf[k] = '\0';
    char *end = NULL;
    double d = strtod(buf, &end);
    if (!k || *end || !isfinite(d) || strchr(buf, 'e') || strchr(buf, 'E') || strchr(buf, 'x') ||
        strchr(buf, 'X'))
        return vo_error_set(e, VO_EINVAL, field, "%s is a number within +-10^15, not \"%s\"", field,
                            text);
    json_t *num = strchr(buf, '.') ? json_real(d) : json_integer((json_int_t)d);
    vo_err rc = value_of(f, num, field, out, e);
    json_decref(num);
    return rc;
}

vo_err vo_svc_custom_apply(struct vo_svc *svc, const char *entity, const char *stored,
                           const json_t *given, bool create, const char **out, struct vo_error *e)
{
    *out = stored ? stored : "{}";
    if (!given && !create)
        return VO_OK;
    if (given && !json_is_object(given))
        return vo_error_set(e, VO_EINVAL, "custom", "custom is an object {key: value}");
    struct vo_custom_field *defs = NULL;
    size_t n = 0;
    vo_err rc = vo_store_custom_field_list(svc->st, svc->org.id, entity, svc->arena, &defs, &n, e);
    if (rc)
        return rc;
    json_t *obj = json_loads(stored ? stored : "{}", 0, NULL);
    if (!json_is_object(obj)) {
        json_decref(obj);
        obj = json_object();
    }
    const char *key;
    json_t *v;
    char field[64];
    json_object_foreach((json_t *)given, key, v)
    {
        snprintf(field, sizeof field, "custom.%s", key);
        const struct vo_custom_field *f = find_def(defs, n, key);
        json_t *val = NULL;
        if (!f) {
            rc = vo_error_set(e, VO_EINVAL, field, "the %ss have no custom field \"%s\"", entity,
                              key);
            goto out;
        }
        if ((rc = value_of(f, v, field, &val, e)))
            goto out;
        if (!val && f->required) {
            rc = vo_error_set(e, VO_EINVAL, field, "%s is required", f->label);
            goto out;
        }
        if (val)
            json_object_set_new(obj, key, val);
        else
            json_object_del(obj, key);
    }
    for (size_t i = 0; create && i < n; i++)
        if (defs[i].required && !json_object_get(obj, defs[i].key)) {
            snprintf(field, sizeof field, "custom.%s", defs[i].key);
            rc = vo_error_set(e, VO_EINVAL, field, "%s is required", defs[i].label);
            goto out;
        }
    char *t = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
    *out = vo_arena_strdup(svc->arena, t ? t : "{}");
    free(t);
    if (!*out)
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
out:
    json_decref(obj);
    return rc;
}

vo_err vo_svc_custom_filter(struct vo_svc *svc, const char *entity, const char *key,
                            const char *value, const char **path, struct vo_error *e)
{
    char field[64];
    snprintf(field, sizeof field, "custom.%s", key ? key : "");
    if (!key_ok(key))
        return vo_error_set(e, VO_EINVAL, field, "no custom field \"%s\"", key ? key : "");
    struct vo_custom_field *defs = NULL;
    size_t n = 0;
    vo_err rc = vo_store_custom_field_list(svc->st, svc->org.id, entity, svc->arena, &defs, &n, e);
    if (rc)
        return rc;
    const struct vo_custom_field *f = find_def(defs, n, key);
    if (f && strcmp(f->type, "number") == 0) {
        char *end = NULL;
        double d = strtod(value, &end);
        if (!*value || *end || !isfinite(d))
            return vo_error_set(e, VO_EINVAL, field, "%s is a number", field);
    } else if (f && strcmp(f->type, "date") == 0) {
        struct vo_date d;
        if ((rc = vo_date_parse(value, &d, field, e)))
            return rc;
    }
    *path = vo_arena_printf(svc->arena, "$.\"%s\"", key);
    return *path ? VO_OK : vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
}
