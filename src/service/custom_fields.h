/*
 * custom_fields.h - the org's custom fields of deals and clients
 * (crm-edit, issue 10): the definitions (admin and head manage them,
 * everyone reads them) and the one check of the values every write path
 * applies before a record's `custom` JSON is stored (docs/api-crm.md,
 * "Custom fields").
 */
#ifndef VO_SERVICE_CUSTOM_FIELDS_H
#define VO_SERVICE_CUSTOM_FIELDS_H

#include <jansson.h>

#include "service/service.h"

/* Which members of a struct vo_custom_field_input were given. */
enum vo_cf_bit {
    VO_CF_ENTITY = 1u << 0,
    VO_CF_KEY = 1u << 1,
    VO_CF_LABEL = 1u << 2,
    VO_CF_TYPE = 1u << 3,
    VO_CF_OPTIONS = 1u << 4,
    VO_CF_REQUIRED = 1u << 5,
    VO_CF_POSITION = 1u << 6,
};

/* A definition as a request gives it; strings and options borrowed. */
struct vo_custom_field_input {
    unsigned set; /* enum vo_cf_bit */
    const char *entity, *key, *label, *type;
    const json_t *options; /* an array of strings (a list's choices) */
    bool required;
    int64_t position;
};

/* The definitions of entity ("deal", "client"; NULL = both), everyone
 * reads them (a form needs them). Results in svc->arena. */
vo_err vo_svc_custom_field_list(struct vo_svc *svc, const char *entity,
                                struct vo_custom_field **out, size_t *n, struct vo_error *e);
vo_err vo_svc_custom_field_get(struct vo_svc *svc, int64_t id, struct vo_custom_field *out,
                               struct vo_error *e);
/* Admin and head only (VO_EPERM). Create: entity, key ([a-z][a-z0-9_]*,
 * at most 40), label and type required; options for a list only (1..100
 * distinct texts); position 1..1000, default after the last. The key is
 * unique per entity (VO_ECONFLICT naming "key"). *id is the new one. */
vo_err vo_svc_custom_field_create(struct vo_svc *svc, const struct vo_custom_field_input *in,
                                  int64_t *id, struct vo_error *e);
/* Changes label, options, required, position; entity, key and type never
 * change (VO_EINVAL naming them: stored values would not fit). */
vo_err vo_svc_custom_field_update(struct vo_svc *svc, int64_t id,
                                  const struct vo_custom_field_input *in, struct vo_error *e);
/* Removes a definition; the values stay in the records' custom objects
 * (shown, no longer checked). */
vo_err vo_svc_custom_field_delete(struct vo_svc *svc, int64_t id, struct vo_error *e);

/* The custom object a write of entity stores: stored (a JSON object text,
 * NULL = {}) with given's keys set (a value) or removed (null, ""); each
 * key must be defined for entity and its value fit its type (text at most
 * 500 characters; number a JSON number within +-10^15; date "YYYY-MM-DD";
 * list one of its options), else VO_EINVAL naming "custom.KEY". A
 * required field may not be removed, and a create (create = true) must
 * give it. given NULL = nothing given. *out: sorted JSON text in
 * svc->arena. */
vo_err vo_svc_custom_apply(struct vo_svc *svc, const char *entity, const char *stored,
                           const json_t *given, bool create, const char **out, struct vo_error *e);
/* The stored form of a text cell for definition f (the import's custom.KEY
 * columns): a number parsed ("12 345,5" or "12345.5"), a date as
 * YYYY-MM-DD, a list's option or a text, each checked as
 * vo_svc_custom_apply checks a value (VO_EINVAL naming field). *out is a
 * new reference, NULL for an empty cell. */
vo_err vo_svc_custom_text_value(const struct vo_custom_field *f, const char *text,
                                const char *field, json_t **out, struct vo_error *e);
/* A list filter ?custom.KEY=value: *path is the JSON path of KEY in the
 * custom object ("$.\"KEY\"", arena); a defined number's value must be a
 * number, a date's a date (VO_EINVAL naming "custom.KEY"). */
vo_err vo_svc_custom_filter(struct vo_svc *svc, const char *entity, const char *key,
                            const char *value, const char **path, struct vo_error *e);

#endif
