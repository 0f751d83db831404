/*
 * saved_filters.c - a user's saved filters of the CRM lists
 * (saved_filters.h). The check of a stored query goes through the lists'
 * own rules where the service has them: the sort keys are the lists' sort
 * tables (vo_svc_<obj>_sorts), a custom field's filter is
 * vo_svc_custom_filter's, an instant is parsed in the org's zone as the
 * lists parse it; which list takes which parameter is the table below,
 * the filters of each list's statement (store/crm_store.c).
 */
#include "service/saved_filters.h"

#include <glib.h>
#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"
#include "service/custom_fields.h"

/* How a parameter's value is checked. */
enum ptype { P_ID, P_TIME, P_TEXT, P_LABEL, P_STATUS, P_SORT };

/* The parameters of the lists, each a bit of a kind's `takes`. */
static const struct param {
    const char *name;
    enum ptype type;
} PARAMS[] = {
    {"q", P_TEXT},         {"status", P_STATUS}, {"owner_id", P_ID}, {"stage_id", P_ID},
    {"pipeline_id", P_ID}, {"client_id", P_ID},  {"deal_id", P_ID},  {"from", P_TIME},
    {"to", P_TIME},        {"channel", P_LABEL}, {"type", P_LABEL},  {"sort", P_SORT},
};
#define NPARAMS (sizeof PARAMS / sizeof PARAMS[0])
#define BIT(i)  (1u << (i))
enum {
    Q = BIT(0),
    STATUS = BIT(1),
    OWNER = BIT(2),
    STAGE = BIT(3),
    PIPELINE = BIT(4),
    CLIENT = BIT(5),
    DEAL = BIT(6),
    PERIOD = BIT(7) | BIT(8),
    CHANNEL = BIT(9),
    TYPE = BIT(10),
    SORT = BIT(11),
};

static const char *const DEAL_STATUSES[] = {"open", "won", "lost", NULL};
static const char *const TASK_STATUSES[] = {"open", "done", NULL};

/* The lists a filter may be saved for: what each takes. */
static const struct kind {
    const char *kind;
    unsigned takes;
    const char *const *const *sorts;
    const char *const *statuses;
    const char *entity; /* of ?custom.KEY=, NULL: none */
} KINDS[] = {
    {"deals", Q | STATUS | OWNER | STAGE | PIPELINE | CLIENT | PERIOD | CHANNEL | SORT,
     &vo_svc_deal_sorts, DEAL_STATUSES, "deal"},
    {"clients", Q | OWNER | PERIOD | CHANNEL | SORT, &vo_svc_client_sorts, NULL, "client"},
    {"tasks", Q | STATUS | OWNER | CLIENT | DEAL | PERIOD | SORT, &vo_svc_task_sorts, TASK_STATUSES,
     NULL},
    {"activities", Q | OWNER | CLIENT | DEAL | PERIOD | TYPE | SORT, &vo_svc_activity_sorts, NULL,
     NULL},
    {"payments", OWNER | CLIENT | DEAL | PERIOD | SORT, &vo_svc_payment_sorts, NULL, NULL},
};

static const struct kind *kind_find(const char *kind, struct vo_error *e)
{
    for (size_t i = 0; kind && i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcmp(KINDS[i].kind, kind) == 0)
            return &KINDS[i];
    vo_error_set(e, VO_EINVAL, "kind",
                 "kind is one of: deals, clients, tasks, activities, payments");
    return NULL;
}

static bool in_list(const char *const *list, const char *s)
{
    for (; list && *list; list++)
        if (strcmp(*list, s) == 0)
            return true;
    return false;
}

/* Checks one value of parameter p as its list would read it (VO_EINVAL
 * naming the parameter). */
static vo_err check_value(struct vo_svc *svc, const struct kind *k, const struct param *p,
                          const char *v, struct vo_error *e)
{
    int64_t t = 0;
    switch (p->type) {
    case P_ID: {
        char *end = NULL;
        long long n = *v ? g_ascii_strtoll(v, &end, 10) : 0;
        if (!*v || *end || n <= 0)
            return vo_error_set(e, VO_EINVAL, p->name, "%s is an id", p->name);
        return VO_OK;
    }
    case P_TIME:
        return *v ? vo_time_parse(v, svc->tz, &t, p->name, e) : VO_OK;
    case P_TEXT:
        return vo_text_check(VO_TEXT_TITLE, v, p->name, e);
    case P_LABEL:
        return vo_text_check(VO_TEXT_LABEL, v, p->name, e);
    case P_STATUS:
        if (*v && !in_list(k->statuses, v))
            return vo_error_set(e, VO_EINVAL, "status", "no status \"%s\" here", v);
        return VO_OK;
    case P_SORT: {
        const char *key = v[0] == '-' ? v + 1 : v;
        const char *const *sorts = *k->sorts;
        if (*v && !in_list(sorts, key)) {
            GString *all = g_string_new(NULL);
            for (const char *const *s = sorts; s && *s; s++)
                g_string_append_printf(all, "%s%s", s == sorts ? "" : ", ", *s);
            vo_error_set(e, VO_EINVAL, "sort", "cannot sort by \"%s\" (one of: %s)", key, all->str);
            g_string_free(all, TRUE);
            return VO_EINVAL;
        }
        return VO_OK;
    }
    }
    return VO_OK;
}

/* One name=value of a query, decoded ('+' is a space) into svc->arena:
 * NULL when it is not URL-encoded UTF-8. */
static char *decode(struct vo_svc *svc, const char *s, size_t n)
{
    char *raw = g_strndup(s, n);
    for (char *c = raw; *c; c++)
        if (*c == '+')
            *c = ' ';
    char *text = g_uri_unescape_string(raw, NULL);
    char *out = text && g_utf8_validate(text, -1, NULL) ? vo_arena_strdup(svc->arena, text) : NULL;
    g_free(raw);
    g_free(text);
    return out;
}

/* Checks query (no leading "?") against the list k: each parameter known
 * to the list, once, with a value it accepts. */
static vo_err check_query(struct vo_svc *svc, const struct kind *k, const char *query,
                          struct vo_error *e)
{
    unsigned seen = 0;
    bool custom = false;
    vo_err rc = VO_OK;
    if (strlen(query) > VO_SAVED_FILTER_QUERY_MAX)
        return vo_error_set(e, VO_EINVAL, "query", "query is at most %d bytes",
                            VO_SAVED_FILTER_QUERY_MAX);
    for (const char *s = query; *s && !rc;) {
        size_t len = strcspn(s, "&");
        const char *eq = memchr(s, '=', len);
        size_t nlen = eq ? (size_t)(eq - s) : len;
        char *name = decode(svc, s, nlen);
        char *value = eq ? decode(svc, eq + 1, len - nlen - 1) : vo_arena_strdup(svc->arena, "");
        if (len && (!name || !value))
            rc = vo_error_set(e, VO_EINVAL, "query",
                              "the parameter \"%.*s\" is not URL-encoded UTF-8 text", (int)len, s);
        else if (len && k->entity && g_str_has_prefix(name, "custom.")) {
            const char *path = NULL;
            if (custom)
                rc = vo_error_set(e, VO_EINVAL, name, "one custom field filter at a time");
            else
                rc = vo_svc_custom_filter(svc, k->entity, name + 7, value, &path, e);
            custom = true;
        } else if (len) {
            size_t i = 0;
            while (i < NPARAMS && strcmp(PARAMS[i].name, name) != 0)
                i++;
            if (i == NPARAMS || !(k->takes & BIT(i)))
                rc = vo_error_set(e, VO_EINVAL, "query", "a list of %s takes no parameter \"%s\"",
                                  k->kind, name);
            else if (seen & BIT(i))
                rc = vo_error_set(e, VO_EINVAL, "query", "the parameter \"%s\" is given twice",
                                  name);
            else
                rc = check_value(svc, k, &PARAMS[i], value, e);
            seen |= i < NPARAMS ? BIT(i) : 0;
        }
        s += len;
        if (*s == '&')
            s++;
    }
    if (rc && e) /* the body's member is what is wrong; the message names the parameter */
        g_strlcpy(e->field, "query", sizeof e->field);
    return rc;
}

/* The actor, who must be a signed-in user: filters are a person's. */
static vo_err actor(struct vo_svc *svc, struct vo_error *e)
{
    return svc->actor_id > 0
               ? VO_OK
               : vo_error_set(e, VO_EPERM, NULL, "saved filters belong to a signed-in user");
}

vo_err vo_svc_saved_filter_list(struct vo_svc *svc, const char *kind, struct vo_saved_filter **out,
                                size_t *n, struct vo_error *e)
{
    vo_err rc = actor(svc, e);
    if (rc)
        return rc;
    if (kind && !kind_find(kind, e))
        return VO_EINVAL;
    return vo_store_saved_filter_list(svc->st, svc->org.id, svc->actor_id, kind, svc->arena, out, n,
                                      e);
}

vo_err vo_svc_saved_filter_get(struct vo_svc *svc, int64_t id, struct vo_saved_filter *out,
                               struct vo_error *e)
{
    vo_err rc = actor(svc, e);
    return rc ? rc
              : vo_store_saved_filter_get(svc->st, svc->org.id, svc->actor_id, id, svc->arena, out,
                                          e);
}

/* Checks f (its kind known) against the user's other filters of its kind
 * (all, n of them: f->id 0 for a new one), and clears the previous
 * default when f becomes one. */
static vo_err check_and_mark(struct vo_svc *svc, const struct kind *k, struct vo_saved_filter *f,
                             bool was_default, struct vo_error *e)
{
    struct vo_saved_filter *all = NULL;
    size_t n = 0;
    vo_err rc;
    if ((rc = vo_text_required(VO_TEXT_NAME, f->name, "name", e)))
        return rc;
    if (g_utf8_strlen(f->name, -1) > VO_SAVED_FILTER_NAME_MAX)
        return vo_error_set(e, VO_EINVAL, "name", "name is 1..%d characters",
                            VO_SAVED_FILTER_NAME_MAX);
    if (f->query[0] == '?')
        f->query++;
    if ((rc = check_query(svc, k, f->query, e)) ||
        (rc = vo_store_saved_filter_list(svc->st, svc->org.id, svc->actor_id, k->kind, svc->arena,
                                         &all, &n, e)))
        return rc;
    for (size_t i = 0; i < n; i++)
        if (all[i].id != f->id && strcmp(all[i].name, f->name) == 0)
            return vo_error_set(e, VO_ECONFLICT, "name",
                                "you have a saved filter \"%s\" of this list already", f->name);
    if (!f->id && n >= VO_SAVED_FILTERS_PER_LIST)
        return vo_error_set(e, VO_ECONFLICT, "kind",
                            "at most %d saved filters a list: delete one first",
                            VO_SAVED_FILTERS_PER_LIST);
    if (f->is_default && !was_default)
        rc = vo_store_saved_filter_undefault(svc->st, svc->org.id, svc->actor_id, k->kind, e);
    return rc;
}

vo_err vo_svc_saved_filter_create(struct vo_svc *svc, const char *kind, const char *name,
                                  const char *query, bool is_default, int64_t *id,
                                  struct vo_error *e)
{
    struct vo_saved_filter f = {.org_id = svc->org.id,
                                .user_id = svc->actor_id,
                                .kind = kind,
                                .name = name,
                                .query = query ? query : "",
                                .is_default = is_default,
                                .created_at = vo_now()};
    vo_err rc = actor(svc, e);
    if (rc)
        return rc;
    if (!kind)
        return vo_error_set(e, VO_EINVAL, "kind", "%s is required", "kind");
    const struct kind *k = kind_find(kind, e);
    if (!k)
        return VO_EINVAL;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if ((rc = check_and_mark(svc, k, &f, false, e)) ||
        (rc = vo_store_saved_filter_insert(svc->st, &f, e))) {
        vo_store_rollback(svc->st);
        return rc;
    }
    if ((rc = vo_crm_finish(svc, "saved_filter.create", "saved_filter", f.id, f.name, e)))
        return rc;
    *id = f.id;
    return VO_OK;
}

/* Begins the change of the actor's filter id, read into *f: on a failure
 * the transaction is rolled back. */
static vo_err begin_own(struct vo_svc *svc, int64_t id, struct vo_saved_filter *f,
                        struct vo_error *e)
{
    vo_err rc = actor(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    rc = vo_store_saved_filter_get(svc->st, svc->org.id, svc->actor_id, id, svc->arena, f, e);
    if (rc)
        vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_saved_filter_update(struct vo_svc *svc, int64_t id, const char *name,
                                  const char *query, const bool *is_default, const int64_t *version,
                                  struct vo_error *e)
{
    struct vo_saved_filter f;
    vo_err rc = begin_own(svc, id, &f, e);
    if (rc)
        return rc;
    bool was_default = f.is_default;
    const struct kind *k = kind_find(f.kind, e);
    if (!k) {
        rc = VO_EINVAL;
        goto fail;
    }
    if (name)
        f.name = name;
    if (query)
        f.query = query;
    if (is_default)
        f.is_default = *is_default;
    if ((rc = check_and_mark(svc, k, &f, was_default, e)) ||
        (rc = vo_store_saved_filter_update(svc->st, &f, version ? *version : -1, e)))
        goto fail;
    return vo_crm_finish(svc, "saved_filter.update", "saved_filter", id, f.name, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_saved_filter_delete(struct vo_svc *svc, int64_t id, const int64_t *version,
                                  struct vo_error *e)
{
    struct vo_saved_filter f;
    vo_err rc = begin_own(svc, id, &f, e);
    if (rc)
        return rc;
    if ((rc = vo_store_saved_filter_delete(svc->st, svc->org.id, svc->actor_id, id,
                                           version ? *version : -1, e)))
        goto fail;
    return vo_crm_finish(svc, "saved_filter.delete", "saved_filter", id, f.name, e);
fail:
    vo_store_rollback(svc->st);
    return rc;
}
