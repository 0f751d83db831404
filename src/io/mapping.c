/*
 * mapping.c - the import format's table, and mappings from foreign CSV
 * exports onto it (see mapping.h and docs/import.md).
 *
 * Loading parses the JSON with jansson, checks every key (a typo in a
 * mapping is an error that names the key, not a column silently left
 * empty) and copies everything into the arena. Applying reads each source
 * file once, resolves the source columns by header name, and computes the
 * virtual rows: skip rules first (a declined row is grouped under its
 * reason with its line number), then per target column its raw value (a
 * source column, a constant or a template), the value map, the default,
 * and the date format.
 */
#include "io/mapping.h"

#include <glib.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/timeutil.h"
#include "io/xlsx.h"

/* ---- the format ---- */

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})
#define NONE   ((const char *const[]){NULL})

const struct vo_map_target vo_map_targets[] = {
    {"users.csv", L("name", "email", "role", "team"), L("name"), NONE, false},
    {"products.csv", L("id", "name", "category", "price"), L("id", "name"), NONE, false},
    {"pipelines.csv", L("pipeline", "stage", "position", "max_days"),
     L("pipeline", "stage", "position"), NONE, false},
    {"clients.csv",
     L("id", "name", "channel", "region", "segment", "source", "owner", "created_at",
       "key_account"),
     L("id", "name"), L("created_at"), true},
    {"deals.csv",
     L("id", "owner", "pipeline", "created_at", "title", "client", "product", "stage", "status",
       "amount", "closed_at", "loss_reason", "channel", "source"),
     L("id", "owner", "pipeline", "created_at"), L("created_at", "closed_at"), true},
    {"stage_changes.csv", L("deal", "stage", "at"), L("deal", "stage", "at"), L("at"), false},
    {"activities.csv",
     L("id", "type", "user", "at", "deal", "client", "duration_s", "direction", "outcome"),
     L("id", "type", "user", "at"), L("at"), false},
    {"tasks.csv", L("id", "assignee", "title", "created_at", "due_at", "deal", "client", "done_at"),
     L("id", "assignee", "title", "created_at", "due_at"), L("created_at", "due_at", "done_at"),
     false},
    {"payments.csv", L("id", "amount", "paid_at", "deal", "client"), L("id", "amount", "paid_at"),
     L("paid_at"), false},
    {"plans.csv", L("period", "scope", "metric", "target"),
     L("period", "scope", "metric", "target"), NONE, false},
    {"spend.csv", L("channel", "month", "amount"), L("channel", "month", "amount"), NONE, false},
    {"nps.csv", L("client", "score", "at", "comment"), L("client", "score", "at"), L("at"), false},
    {"holidays.csv", L("date", "kind"), L("date", "kind"), L("date"), false},
};
const size_t vo_map_target_count = sizeof vo_map_targets / sizeof vo_map_targets[0];

const struct vo_map_target *vo_map_target_find(const char *name)
{
    for (size_t i = 0; name && i < vo_map_target_count; i++)
        if (strcmp(vo_map_targets[i].name, name) == 0)
            return &vo_map_targets[i];
    return NULL;
}

static bool in_list(const char *const *l, const char *s)
{
    for (; *l; l++)
        if (strcasecmp(*l, s) == 0)
            return true;
    return false;
}

bool vo_map_target_has(const struct vo_map_target *t, const char *col)
{
    if (in_list(t->cols, col))
        return true;
    return t->custom && strncmp(col, "custom.", 7) == 0 && col[7];
}

/* ---- dates ---- */

static int take_digits(const char **p, int min, int max, int *out)
{
    int v = 0, n = 0;
    while (n < max && **p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n >= min;
}

vo_err vo_map_date_convert(const char *s, const char *fmt, char *out, size_t outsz,
                           struct vo_error *e)
{
    int y = -1, mo = -1, d = -1, h = 0, mi = 0, sec = 0, has_time = 0;
    const char *p = s, *f = fmt;
    int after_colon = 0, fail = 0, date_alone = 0, zulu = 0;
    while (*f && !fail) {
        if (!*p && (*f == ' ' || *f == 'T') && f[1] == 'H') {
            date_alone = 1; /* a date alone where a time may follow */
            break;
        }
        int ok = 1;
        if (strncmp(f, "YYYY", 4) == 0) {
            ok = take_digits(&p, 4, 4, &y);
            f += 4;
        } else if (strncmp(f, "YY", 2) == 0) {
            ok = take_digits(&p, 2, 2, &y);
            y += 2000;
            f += 2;
        } else if (strncmp(f, "MM", 2) == 0) {
            ok = take_digits(&p, 1, 2, after_colon ? &mi : &mo);
            f += 2;
        } else if (strncmp(f, "DD", 2) == 0) {
            ok = take_digits(&p, 1, 2, &d);
            f += 2;
        } else if (strncmp(f, "HH", 2) == 0) {
            ok = take_digits(&p, 1, 2, &h);
            has_time = 1;
            f += 2;
        } else if (strncmp(f, "SS", 2) == 0) {
            ok = take_digits(&p, 2, 2, &sec);
            f += 2;
        } else {
            after_colon = *f == ':';
            fail = *p != *f;
            zulu |= *f == 'Z' && !fail;
            if (*p)
                p++;
            f++;
            continue;
        }
        after_colon = 0;
        fail = !ok;
    }
    if (fail || *p || (*f && !date_alone))
        return vo_error_set(e, VO_EINVAL, NULL, "\"%s\" does not match the date format %s", s, fmt);
    if (y < 0 || mo < 1 || mo > 12)
        return vo_error_set(e, VO_EINVAL, NULL, "\"%s\" (%s): no such month", s, fmt);
    if (y < VO_YEAR_MIN || y > VO_YEAR_MAX)
        return vo_error_set(e, VO_EINVAL, NULL, "\"%s\" (%s) is outside the supported dates (%s)",
                            s, fmt, VO_DATE_RANGE_TEXT);
    if (d < 0) {
        snprintf(out, outsz, "%04d-%02d", y, mo);
        return VO_OK;
    }
    if (!vo_date_valid(y, mo, d))
        return vo_error_set(e, VO_EINVAL, NULL, "\"%s\" (%s): no such day in the calendar", s, fmt);
    if (h > 23 || mi > 59 || sec > 59)
        return vo_error_set(e, VO_EINVAL, NULL, "\"%s\" (%s): no such time of day", s, fmt);
    if (has_time)
        snprintf(out, outsz, "%04d-%02d-%02d %02d:%02d:%02d%s", y, mo, d, h, mi, sec,
                 zulu ? "Z" : "");
    else
        snprintf(out, outsz, "%04d-%02d-%02d", y, mo, d);
    return VO_OK;
}

vo_err vo_map_date_convert_any(const char *s, const char *fmts, char *out, size_t outsz,
                               struct vo_error *e)
{
    if (!strchr(fmts, '\n'))
        return vo_map_date_convert(s, fmts, out, outsz, e);
    char fmt[128];
    for (const char *f = fmts; *f;) {
        size_t n = strcspn(f, "\n");
        snprintf(fmt, sizeof fmt, "%.*s", (int)n, f);
        struct vo_error e1 = {0};
        if (vo_map_date_convert(s, fmt, out, outsz, &e1) == VO_OK)
            return VO_OK;
        f += n + (f[n] == '\n');
    }
    char list[300];
    snprintf(list, sizeof list, "%s", fmts);
    for (char *c = list; *c; c++)
        if (*c == '\n')
            *c = '|';
    return vo_error_set(e, VO_EINVAL, NULL, "\"%s\" matches none of the date formats %s", s, list);
}

/* ---- the mapping, loaded ---- */

struct pair {
    const char *from, *to;
    int64_t n; /* applications in the current apply */
};

struct skip_rule {
    const char *col;   /* source column */
    const char **alts; /* the column as a list: the first the file has */
    size_t nalts;
    bool when_empty; /* else when equal to one of values */
    const char **values;
    size_t nvalues;
    const char *reason, *reason_ru; /* the mapping's words, and in Russian ("reason_ru") */
    const char **els; /* "else": columns whose first value stands in for an empty col */
    size_t nels;
};

struct col_spec {
    const char *target; /* target column */
    const char *from, *value, *tmpl, *def, *warn_empty;
    const char *date_format; /* one format, or several separated by '\n' (tried in order) */
    const char **alts;       /* "from" as a list: the first the file has (from = the chosen) */
    size_t nalts;
    int occurrence;        /* from: the n-th column of that name (1 = the first) */
    bool optional;         /* a missing source column gives empty values, not a problem */
    const char *extract;   /* a regular expression: its first group (or match) is the value */
    const char *otherwise; /* a non-empty value not in map becomes this */
    const char *when_col;  /* the value is kept only when this source column's value */
    const char **when_in;  /* is one of these (or, when_not, none of these) */
    size_t nwhen;
    bool when_not;
    const char *ordinal; /* the row's number among the rows with the same value of this
                          * target column (1, 2, ...): pipelines' positions */
    struct pair *map;
    size_t nmap;
    const char **els; /* "else": where from's cell is empty, the first of these
                       * columns (those the file has) with a value */
    size_t nels;
};

struct entry {
    const char *where; /* "files[3]" for messages */
    const struct vo_map_target *target;
    const char *source;      /* source file; NULL for literal rows */
    struct vo_csv_opts opts; /* delimiter, encoding */
    struct col_spec *cols;
    size_t ncols;
    struct skip_rule *skips;
    size_t nskips;
    struct vo_csv *literal; /* literal rows */
    bool distinct;          /* merge rows that come out equal */
    bool optional;          /* left out when no file of the directory has its columns */
    bool fallback;          /* left out when an earlier entry produced its target */
    bool only_new;          /* rows whose id came out before (of this entry or an earlier
                             * one of the target) are left out: the first row wins */
};

struct vo_map {
    const char *path, *base, *name;
    const char *name_ru; /* "name_ru": the name in Russian, or NULL */
    struct entry *entries;
    size_t n;
};

const char *vo_map_name(const struct vo_map *m)
{
    return m->name;
}

const char *vo_map_name_ru(const struct vo_map *m)
{
    return m->name_ru ? m->name_ru : m->name;
}

/* The index of target column name among the entry's columns, or -1. */
static int col_index(const struct entry *en, const char *name)
{
    for (size_t c = 0; c < en->ncols; c++)
        if (strcmp(en->cols[c].target, name) == 0)
            return (int)c;
    return -1;
}

static bool comment_key(const char *k)
{
    return k[0] == '_' || strcmp(k, "comment") == 0 || strcmp(k, "description") == 0;
}

static bool key_in(const char *k, const char *const *allowed)
{
    return comment_key(k) || in_list(allowed, k);
}

/* Whether v is what scalar_text reads: NULL from it for such a v means
 * the arena refused. */
static bool is_scalar(json_t *v)
{
    return json_is_string(v) || json_is_number(v) || json_is_boolean(v);
}

/* A JSON scalar as text in the arena (strings as is, numbers printed). */
static const char *scalar_text(json_t *v, struct vo_arena *a)
{
    if (json_is_string(v))
        return vo_arena_strdup(a, json_string_value(v));
    if (json_is_integer(v))
        return vo_arena_printf(a, "%lld", (long long)json_integer_value(v));
    if (json_is_real(v))
        return vo_arena_printf(a, "%g", json_real_value(v));
    if (json_is_true(v))
        return "1";
    if (json_is_false(v))
        return "0";
    return NULL;
}

/* Writes a place in the mapping ("targets[2].columns.amount") for an error
 * message; a place longer than buf is cut, which is fine for a message. */
static void label(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void label(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}

static vo_err bad(struct vo_error *e, const struct vo_map *m, const char *where, const char *fmt,
                  const char *arg)
{
    char msg[520];
    snprintf(msg, sizeof msg, fmt, arg);
    return vo_error_set(e, VO_EINVAL, NULL, "%s: %s: %s", m->base, where, msg);
}

/* VO_EINVAL naming the first key of the object obj that is neither in keys
 * (NULL-terminated) nor a comment, with the list of the keys it takes. */
static vo_err known_keys(json_t *obj, const char *const *keys, const struct vo_map *m,
                         const char *where, struct vo_error *e)
{
    const char *k;
    json_t *x;
    json_object_foreach(obj, k, x)
    {
        if (key_in(k, keys))
            continue;
        char fmt[300];
        size_t len = (size_t)snprintf(fmt, sizeof fmt, "unknown key \"%%s\" (");
        for (size_t i = 0; keys[i] && len < sizeof fmt; i++)
            len += (size_t)snprintf(fmt + len, sizeof fmt - len, "%s%s", i ? ", " : "", keys[i]);
        if (len < sizeof fmt)
            snprintf(fmt + len, sizeof fmt - len, ")");
        return bad(e, m, where, fmt, k);
    }
    return VO_OK;
}

/* An arena array (at least one element, of sz bytes) with an element for
 * each item of the JSON array or object j, whose count goes to *n; NULL
 * on OOM. */
static void *json_items(struct vo_arena *a, json_t *j, size_t sz, size_t *n)
{
    *n = json_is_array(j) ? json_array_size(j) : json_object_size(j);
    return vo_arena_array(a, *n ? *n : 1, sz);
}

static vo_err no_memory(struct vo_error *e)
{
    return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
}

/* json_items for j, which must be a JSON object: NULL with *rc VO_EINVAL
 * (the message msg) when it is not, VO_ENOMEM on OOM. */
static void *object_items(json_t *j, size_t sz, size_t *n, const char *msg, const struct vo_map *m,
                          const char *where, struct vo_arena *a, vo_err *rc, struct vo_error *e)
{
    void *p = NULL;
    if (!json_is_object(j))
        *rc = bad(e, m, where, "%s", msg);
    else if (!(p = json_items(a, j, sz, n)))
        *rc = no_memory(e);
    return p;
}

static vo_err opt_string(json_t *obj, const char *key, struct vo_arena *a, const char **out,
                         const struct vo_map *m, const char *where, struct vo_error *e)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return VO_OK;
    if (!json_is_string(v)) {
        char w[300];
        label(w, sizeof w, "%s.%s", where, key);
        return bad(e, m, w, "%s", "want a string");
    }
    if (!(*out = vo_arena_strdup(a, json_string_value(v))))
        return no_memory(e);
    return VO_OK;
}

static vo_err load_io_opts(json_t *obj, struct vo_csv_opts *o, struct vo_arena *a,
                           const struct vo_map *m, const char *where, struct vo_error *e)
{
    const char *delim = NULL, *enc = NULL;
    vo_err rc;
    if ((rc = opt_string(obj, "delimiter", a, &delim, m, where, e)) ||
        (rc = opt_string(obj, "encoding", a, &enc, m, where, e)))
        return rc;
    if (delim) {
        if (strcmp(delim, "\\t") == 0 || strcmp(delim, "tab") == 0)
            delim = "\t";
        if (strlen(delim) != 1)
            return bad(e, m, where, "delimiter \"%s\" is not one character", delim);
        o->delim = delim[0];
    }
    if (enc) {
        struct vo_error e2 = {0};
        if (vo_csv_encoding_parse(enc, &o->encoding, &e2))
            return bad(e, m, where, "%s", e2.msg);
    }
    return VO_OK;
}

/* A string, or a non-empty list of strings, at key of obj (absent: *n =
 * 0): into *out (arena). VO_EINVAL naming the key when it is neither. */
static vo_err opt_strings(json_t *obj, const char *key, struct vo_arena *a, const char ***out,
                          size_t *n, const struct vo_map *m, const char *where, struct vo_error *e)
{
    json_t *v = json_object_get(obj, key);
    *n = 0;
    if (!v)
        return VO_OK;
    char w[300];
    label(w, sizeof w, "%s.%s", where, key);
    size_t cnt = json_is_array(v) ? json_array_size(v) : 1;
    if (!json_is_string(v) && (!json_is_array(v) || cnt == 0))
        return bad(e, m, w, "%s", "want a string or a list of strings");
    const char **l = VO_ARENA_ARRAY(a, const char *, cnt);
    if (!l)
        return no_memory(e);
    for (size_t i = 0; i < cnt; i++) {
        json_t *x = json_is_array(v) ? json_array_get(v, i) : v;
        if (!json_is_string(x))
            return bad(e, m, w, "%s", "want a string or a list of strings");
        if (!(l[i] = vo_arena_strdup(a, json_string_value(x))))
            return no_memory(e);
    }
    *out = l;
    *n = cnt;
    return VO_OK;
}

/* A date format, or a list of them tried in order, at key of obj: joined
 * by '\n' into *out (unchanged when absent). */
static vo_err opt_date_formats(json_t *obj, const char *key, struct vo_arena *a, const char **out,
                               const struct vo_map *m, const char *where, struct vo_error *e)
{
    const char **l = NULL;
    size_t n = 0;
    vo_err rc = opt_strings(obj, key, a, &l, &n, m, where, e);
    if (rc || !n)
        return rc;
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(l[i]) + 1;
    char *s = vo_arena_alloc(a, len + 1);
    if (!s)
        return no_memory(e);
    s[0] = '\0';
    for (size_t i = 0, off = 0; i < n; i++)
        off += (size_t)snprintf(s + off, len + 1 - off, "%s%s", i ? "\n" : "", l[i]);
    *out = s;
    return VO_OK;
}

/* The keys of a column spec beyond the first version's: from as a list
 * and occurrence, optional, extract, otherwise, when, ordinal. */
static vo_err load_column_more(struct vo_map *m, json_t *v, struct col_spec *c, const char *where,
                               struct vo_arena *a, struct vo_error *e)
{
    static const char *const wkeys[] = {"column", "in", "not_in", NULL};
    vo_err rc;
    json_t *from = json_object_get(v, "from");
    if (json_is_array(from)) {
        if ((rc = opt_strings(v, "from", a, &c->alts, &c->nalts, m, where, e)))
            return rc;
        c->from = c->alts[0];
    }
    if ((rc = opt_strings(v, "else", a, &c->els, &c->nels, m, where, e)))
        return rc;
    if (c->nels && !c->from)
        return bad(e, m, where, "%s", "\"else\" goes with \"from\"");
    json_t *occ = json_object_get(v, "occurrence");
    c->occurrence = 1;
    if (occ) {
        if (!json_is_integer(occ) || json_integer_value(occ) < 1 ||
            json_integer_value(occ) > VO_CSV_MAX_COLS || !c->from || c->nalts)
            return bad(e, m, where, "%s",
                       "\"occurrence\" is a number 1..1000 beside one \"from\" column");
        c->occurrence = (int)json_integer_value(occ);
    }
    json_t *opt = json_object_get(v, "optional");
    if (opt && !json_is_boolean(opt))
        return bad(e, m, where, "%s", "\"optional\" is true or false");
    c->optional = json_is_true(opt);
    if ((rc = opt_string(v, "extract", a, &c->extract, m, where, e)) ||
        (rc = opt_string(v, "ordinal", a, &c->ordinal, m, where, e)))
        return rc;
    json_t *oth = json_object_get(v, "otherwise");
    if (oth && !(c->otherwise = scalar_text(oth, a)))
        return is_scalar(oth) ? no_memory(e)
                              : bad(e, m, where, "%s", "\"otherwise\" is a string or a number");
    if (c->extract) {
        GError *gerr = NULL;
        GRegex *rx = g_regex_new(c->extract, 0, 0, &gerr);
        if (!rx) {
            rc = bad(e, m, where, "\"extract\" is not a regular expression: %s", gerr->message);
            g_error_free(gerr);
            return rc;
        }
        g_regex_unref(rx);
    }
    json_t *when = json_object_get(v, "when");
    if (when) {
        char w[300];
        label(w, sizeof w, "%s.when", where);
        if (!json_is_object(when))
            return bad(e, m, w, "%s",
                       "{\"column\": source column, \"in\" or \"not_in\": [values]}");
        const char **in = NULL, **not_in = NULL;
        size_t nin = 0, nnot = 0;
        if ((rc = known_keys(when, wkeys, m, w, e)) ||
            (rc = opt_string(when, "column", a, &c->when_col, m, w, e)) ||
            (rc = opt_strings(when, "in", a, &in, &nin, m, w, e)) ||
            (rc = opt_strings(when, "not_in", a, &not_in, &nnot, m, w, e)))
            return rc;
        if (!c->when_col || !!nin == !!nnot)
            return bad(e, m, w, "%s", "give \"column\" and one of \"in\", \"not_in\"");
        c->when_not = nnot > 0;
        c->when_in = nin ? in : not_in;
        c->nwhen = nin ? nin : nnot;
    }
    return VO_OK;
}

static vo_err load_column(struct vo_map *m, struct entry *en, const char *key, json_t *v,
                          struct col_spec *c, const char *default_date, struct vo_arena *a,
                          struct vo_error *e)
{
    static const char *const keys[] = {"from",     "value",       "template",   "map",
                                       "default",  "date_format", "warn_empty", "occurrence",
                                       "optional", "extract",     "otherwise",  "when",
                                       "ordinal",  "else",        NULL};
    char where[300];
    label(where, sizeof where, "%s.columns.%s", en->where, key);
    if (!vo_map_target_has(en->target, key))
        return bad(e, m, where, "%s", "not a column of the target file");
    c->target = vo_arena_strdup(a, key);
    c->occurrence = 1;
    if (!c->target)
        return no_memory(e);
    if (json_is_string(v)) {
        if (!(c->from = vo_arena_strdup(a, json_string_value(v))))
            return no_memory(e);
    } else if (json_is_object(v)) {
        const char *k;
        json_t *x;
        vo_err rc;
        json_t *from = json_object_get(v, "from");
        if ((rc = known_keys(v, keys, m, where, e)) ||
            (!json_is_array(from) && (rc = opt_string(v, "from", a, &c->from, m, where, e))) ||
            (rc = opt_string(v, "template", a, &c->tmpl, m, where, e)) ||
            (rc = opt_date_formats(v, "date_format", a, &c->date_format, m, where, e)) ||
            (rc = opt_string(v, "warn_empty", a, &c->warn_empty, m, where, e)) ||
            (rc = load_column_more(m, v, c, where, a, e)))
            return rc;
        json_t *val = json_object_get(v, "value");
        if (val && !(c->value = scalar_text(val, a)))
            return is_scalar(val) ? no_memory(e)
                                  : bad(e, m, where, "%s", "\"value\" is a string or a number");
        json_t *def = json_object_get(v, "default");
        if (def && !(c->def = scalar_text(def, a)))
            return is_scalar(def) ? no_memory(e)
                                  : bad(e, m, where, "%s", "\"default\" is a string or a number");
        json_t *map = json_object_get(v, "map");
        if (map) {
            if (!(c->map = object_items(map, sizeof *c->map, &c->nmap,
                                        "\"map\" is an object {source value: value}", m, where, a,
                                        &rc, e)))
                return rc;
            size_t i = 0;
            json_object_foreach(map, k, x)
            {
                if (!(c->map[i].from = vo_arena_strdup(a, k)))
                    return no_memory(e);
                c->map[i].to = json_is_null(x) ? "" : scalar_text(x, a);
                if (!c->map[i].to && is_scalar(x))
                    return no_memory(e);
                if (!c->map[i].to)
                    return bad(e, m, where, "map value for \"%s\" is not a string", k);
                i++;
            }
        }
        int sources = !!c->from + !!c->value + !!c->tmpl + !!c->ordinal;
        if (sources > 1)
            return bad(e, m, where, "%s", "give one of from, value, template, ordinal");
        if (sources == 0 && !c->def)
            return bad(e, m, where, "%s", "give from, value, template or ordinal");
        if (c->ordinal && !vo_map_target_has(en->target, c->ordinal))
            return bad(e, m, where, "\"ordinal\": \"%s\" is not a column of the target file",
                       c->ordinal);
    } else {
        return bad(e, m, where, "%s", "want a source column name or an object");
    }
    if (!c->date_format && in_list(en->target->times, key))
        c->date_format = default_date;
    return VO_OK;
}

static vo_err load_skips(struct vo_map *m, struct entry *en, json_t *arr, struct vo_arena *a,
                         struct vo_error *e)
{
    static const char *const keys[] = {"when_empty", "when_equals", "value", "reason",
                                       "reason_ru",  "else",        NULL};
    char where[300];
    if (!json_is_array(arr))
        return bad(e, m, en->where, "%s", "\"skip\" is a list of rules");
    if (!(en->skips = json_items(a, arr, sizeof *en->skips, &en->nskips)))
        return no_memory(e);
    size_t i;
    json_t *r;
    json_array_foreach(arr, i, r)
    {
        label(where, sizeof where, "%s.skip[%zu]", en->where, i);
        if (!json_is_object(r))
            return bad(e, m, where, "%s", "a rule is an object");
        struct skip_rule *s = &en->skips[i];
        const char **we = NULL, **wq = NULL;
        size_t nwe = 0, nwq = 0;
        vo_err rc;
        if ((rc = known_keys(r, keys, m, where, e)) ||
            (rc = opt_strings(r, "when_empty", a, &we, &nwe, m, where, e)) ||
            (rc = opt_strings(r, "when_equals", a, &wq, &nwq, m, where, e)) ||
            (rc = opt_string(r, "reason", a, &s->reason, m, where, e)) ||
            (rc = opt_string(r, "reason_ru", a, &s->reason_ru, m, where, e)) ||
            (rc = opt_strings(r, "else", a, &s->els, &s->nels, m, where, e)))
            return rc;
        if (!nwe == !nwq)
            return bad(e, m, where, "%s", "give when_empty or when_equals (one of them)");
        if (s->nels && !nwe)
            return bad(e, m, where, "%s", "\"else\" goes with when_empty");
        s->when_empty = nwe > 0;
        /* a list of columns: alternatives, as a "from" list */
        s->alts = nwe ? we : wq;
        s->nalts = nwe ? nwe : nwq;
        s->col = s->alts[0];
        if (wq) {
            json_t *val = json_object_get(r, "value");
            if (json_is_array(val)) {
                s->nvalues = json_array_size(val);
                s->values = VO_ARENA_ARRAY(a, const char *, s->nvalues ? s->nvalues : 1);
                if (!s->values)
                    return no_memory(e);
                size_t j;
                json_t *y;
                json_array_foreach(val, j, y)
                {
                    if (!(s->values[j] = scalar_text(y, a)) && is_scalar(y))
                        return no_memory(e);
                }
            } else if (val && is_scalar(val)) {
                s->nvalues = 1;
                if (!(s->values = VO_ARENA_ARRAY(a, const char *, 1)))
                    return no_memory(e);
                if (!(s->values[0] = scalar_text(val, a)))
                    return no_memory(e);
            } else {
                return bad(e, m, where, "%s", "when_equals needs \"value\": text or a list");
            }
            for (size_t j = 0; j < s->nvalues; j++)
                if (!s->values[j])
                    return bad(e, m, where, "%s", "a value is text or a number");
        }
    }
    return VO_OK;
}

static vo_err load_literal(struct vo_map *m, struct entry *en, json_t *rows, struct vo_arena *a,
                           struct vo_error *e)
{
    char where[300];
    if (!json_is_array(rows))
        return bad(e, m, en->where, "%s", "\"rows\" is a list of objects");
    struct vo_csv *t = VO_ARENA_NEW(a, struct vo_csv);
    if (!t)
        return no_memory(e);
    size_t nrows = json_array_size(rows);
    /* Columns: every key of every row, in first-seen order. */
    size_t cap = 0;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        if (!json_is_object(r)) {
            label(where, sizeof where, "%s.rows[%zu]", en->where, i);
            return bad(e, m, where, "%s", "a row is an object {column: value}");
        }
        cap += json_object_size(r);
    }
    t->cols = VO_ARENA_ARRAY(a, const char *, cap ? cap : 1);
    t->rows = VO_ARENA_ARRAY(a, struct vo_csv_row, nrows ? nrows : 1);
    if (!t || !t->cols || !t->rows)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    json_array_foreach(rows, i, r)
    {
        const char *k;
        json_t *x;
        json_object_foreach(r, k, x)
        {
            if (vo_csv_col(t, k) >= 0)
                continue;
            label(where, sizeof where, "%s.rows[%zu].%s", en->where, i, k);
            if (!vo_map_target_has(en->target, k))
                return bad(e, m, where, "%s", "not a column of the target file");
            if (!(t->cols[t->ncols++] = vo_arena_strdup(a, k)))
                return no_memory(e);
        }
    }
    json_array_foreach(rows, i, r)
    {
        struct vo_csv_row *row = &t->rows[i];
        row->line = (int64_t)i + 1;
        row->f = VO_ARENA_ARRAY(a, const char *, t->ncols ? t->ncols : 1);
        if (!row->f)
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        for (size_t c = 0; c < t->ncols; c++) {
            json_t *x = json_object_get(r, t->cols[c]);
            const char *v = x ? scalar_text(x, a) : NULL;
            row->f[c] = v && *v ? v : NULL;
        }
    }
    t->nrows = nrows;
    if (!(t->name = vo_arena_printf(a, "%s[%s]", m->base, en->target->name)))
        return no_memory(e);
    t->target = en->target->name;
    t->encoding = "utf-8";
    en->literal = t;
    return VO_OK;
}

static vo_err load_entry(struct vo_map *m, struct entry *en, json_t *f,
                         const struct vo_csv_opts *io, const char *date_default, struct vo_arena *a,
                         struct vo_error *e)
{
    static const char *const keys[] = {
        "target", "source",   "delimiter", "encoding", "date_format", "columns", "rows",
        "skip",   "distinct", "optional",  "fallback", "only_new",    NULL};
    if (!json_is_object(f))
        return bad(e, m, en->where, "%s", "a file entry is an object");
    const char *k;
    json_t *x;
    const char *target = NULL;
    vo_err rc;
    if ((rc = known_keys(f, keys, m, en->where, e)) ||
        (rc = opt_string(f, "target", a, &target, m, en->where, e)) ||
        (rc = opt_string(f, "source", a, &en->source, m, en->where, e)) ||
        (rc = opt_date_formats(f, "date_format", a, &date_default, m, en->where, e)))
        return rc;
    if (!target)
        return bad(e, m, en->where, "%s", "\"target\" (a file of the import format) is missing");
    if (!(en->target = vo_map_target_find(target)))
        return bad(e, m, en->where, "\"%s\" is not a file of the import format", target);
    en->opts = *io;
    en->distinct = json_is_true(json_object_get(f, "distinct"));
    en->optional = json_is_true(json_object_get(f, "optional"));
    en->fallback = json_is_true(json_object_get(f, "fallback"));
    en->only_new = json_is_true(json_object_get(f, "only_new"));
    if ((rc = load_io_opts(f, &en->opts, a, m, en->where, e)))
        return rc;
    json_t *rows = json_object_get(f, "rows");
    json_t *cols = json_object_get(f, "columns");
    if (rows && (en->source || cols))
        return bad(e, m, en->where, "%s", "literal \"rows\" take no source and no columns");
    if (rows)
        return load_literal(m, en, rows, a, e);
    if (!en->source)
        return bad(e, m, en->where, "%s", "give \"source\" (a file of the export) or \"rows\"");
    if (!(en->cols = object_items(cols, sizeof *en->cols, &en->ncols,
                                  "\"columns\" is an object {target column: spec}", m, en->where, a,
                                  &rc, e)))
        return rc;
    size_t i = 0;
    json_object_foreach(cols, k, x)
    {
        if ((rc = load_column(m, en, k, x, &en->cols[i++], date_default, a, e)))
            return rc;
    }
    if (en->only_new && col_index(en, "id") < 0)
        return bad(e, m, en->where, "%s", "\"only_new\" needs an \"id\" column");
    json_t *skip = json_object_get(f, "skip");
    if (skip && (rc = load_skips(m, en, skip, a, e)))
        return rc;
    return VO_OK;
}

/* Loads the parsed mapping root into m (and takes root). */
static vo_err load_root(struct vo_map *m, json_t *root, struct vo_arena *a, struct vo_map **out,
                        struct vo_error *e)
{
    static const char *const keys[] = {"name",        "name_ru", "delimiter", "encoding",
                                       "date_format", "files",   NULL};
    vo_err rc = VO_OK;
    struct vo_csv_opts io = {0, VO_CSV_AUTO};
    const char *date_default = "YYYY-MM-DD";
    if (!json_is_object(root)) {
        rc = bad(e, m, "top", "%s", "a mapping is a JSON object");
        goto out;
    }
    if ((rc = known_keys(root, keys, m, "top", e)) ||
        (rc = opt_string(root, "name", a, &m->name, m, "top", e)) ||
        (rc = opt_string(root, "name_ru", a, &m->name_ru, m, "top", e)) ||
        (rc = opt_date_formats(root, "date_format", a, &date_default, m, "top", e)) ||
        (rc = load_io_opts(root, &io, a, m, "top", e)))
        goto out;
    if (!m->name)
        m->name = m->base;
    json_t *files = json_object_get(root, "files");
    if (!json_is_array(files) || json_array_size(files) == 0) {
        rc = bad(e, m, "files", "%s", "a list of file entries is required");
        goto out;
    }
    m->n = json_array_size(files);
    m->entries = VO_ARENA_ARRAY(a, struct entry, m->n);
    if (!m->entries) {
        rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        goto out;
    }
    size_t i;
    json_t *x;
    json_array_foreach(files, i, x)
    {
        if (!(m->entries[i].where = vo_arena_printf(a, "files[%zu]", i))) {
            rc = no_memory(e);
            goto out;
        }
        if ((rc = load_entry(m, &m->entries[i], x, &io, date_default, a, e)))
            goto out;
    }
    *out = m;
out:
    json_decref(root);
    return rc;
}

vo_err vo_map_load(const char *path, struct vo_arena *a, struct vo_map **out, struct vo_error *e)
{
    struct vo_map *m = VO_ARENA_NEW(a, struct vo_map);
    if (!m)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    m->path = vo_arena_strdup(a, path);
    char *base = g_path_get_basename(path);
    m->base = vo_arena_strdup(a, base);
    g_free(base);
    if (!m->path || !m->base)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root && jerr.line < 1)
        return vo_error_set(e, VO_EIO, NULL, "%s", jerr.text);
    if (!root)
        return vo_error_set(e, VO_EINVAL, NULL, "%s:%d: %s", m->base, jerr.line, jerr.text);
    return load_root(m, root, a, out, e);
}

vo_err vo_map_load_text(const char *name, const char *text, struct vo_arena *a, struct vo_map **out,
                        struct vo_error *e)
{
    struct vo_map *m = VO_ARENA_NEW(a, struct vo_map);
    if (!m || !(m->path = m->base = vo_arena_strdup(a, name)))
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    json_error_t jerr;
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return vo_error_set(e, VO_EINVAL, NULL, "%s:%d: %s", m->base, jerr.line, jerr.text);
    return load_root(m, root, a, out, e);
}

/* ---- applying ---- */

struct source {
    const char *key;  /* the entry's source: a name or a pattern */
    const char *name; /* the file read */
    struct vo_csv *t; /* NULL when it could not be read */
    unsigned char *used;
};

static gint cmp_names(gconstpointer x, gconstpointer y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* A template compiled against a source header: literal text and columns. */
struct tpart {
    const char *lit;
    size_t litlen;
    int col; /* -1 = literal */
};

static bool entry_needs(const struct entry *en, struct vo_map_need **l, size_t *n, size_t *cap,
                        struct vo_arena *a);

/* Whether the header of table t has every column entry en needs. */
static bool header_fits(const struct entry *en, const struct vo_csv *t, struct vo_arena *a)
{
    struct vo_map_need *needs = NULL;
    size_t n = 0, cap = 0;
    if (!entry_needs(en, &needs, &n, &cap, a))
        return false;
    for (size_t i = 0; i < n; i++) {
        bool has = false;
        for (size_t k = 0; k < needs[i].nalts && !has; k++)
            has = vo_csv_col(t, needs[i].alts[k]) >= 0;
        if (!has)
            return false;
    }
    return true;
}

static GPtrArray *source_matches(const char *dir, const char *pattern);

/* Whether t's header has the columns of every entry of m that is not
 * optional: the export's main file. */
static bool main_file(const struct vo_map *m, const struct vo_csv *t, struct vo_arena *a)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->entries[i].source && !m->entries[i].optional && !header_fits(&m->entries[i], t, a))
            return false;
    return true;
}

/* The file of dir that an entry's pattern picks: the one file matching
 * it; among several, the one whose header has the columns the entry
 * needs (an export of two files, Salesforce's Opportunity and
 * OpportunityHistory, under one pattern), and of several such the main
 * file (amoCRM's deals beside its companies, both with Ответственный). An
 * optional entry takes only a file with those columns and is quietly left
 * out (NULL) without one. NULL, with a problem, when none or several are
 * left. */
static const char *source_pick(const char *dir, const struct vo_map *m, const struct entry *en,
                               struct vo_arena *a, struct vo_csv_notes *problems)
{
    GPtrArray *found = source_matches(dir, en->source);
    if (found->len > 1 || (en->optional && found->len > 0)) {
        GPtrArray *fit = g_ptr_array_new_with_free_func(g_free);
        GPtrArray *main = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < found->len; i++) {
            const char *name = g_ptr_array_index(found, i);
            char *path = g_build_filename(dir, name, NULL);
            struct vo_csv *t = NULL;
            struct vo_csv_notes junk = {0};
            struct vo_error e = {0};
            if (vo_table_read(path, name, &en->opts, true, a, &t, &junk, &e) == VO_OK &&
                header_fits(en, t, a)) {
                g_ptr_array_add(fit, g_strdup(name));
                if (main_file(m, t, a))
                    g_ptr_array_add(main, g_strdup(name));
            }
            g_free(path);
        }
        if (fit->len > 1 && main->len == 1) {
            g_ptr_array_free(fit, TRUE);
            fit = main;
        } else {
            g_ptr_array_free(main, TRUE);
        }
        if (fit->len >= 1 || en->optional) {
            g_ptr_array_free(found, TRUE);
            found = fit;
        } else {
            g_ptr_array_free(fit, TRUE);
        }
    }
    const char *out = NULL;
    if (found->len == 1) {
        out = vo_arena_strdup(a, g_ptr_array_index(found, 0));
    } else if (en->optional) {
        out = NULL;
    } else if (found->len == 0) {
        vo_csv_note_add(problems, a, en->source, 0, NULL, "no file of the directory matches %s",
                        en->source);
    } else {
        vo_csv_note_add(problems, a, en->source, 0, NULL,
                        "%u files match %s (%s): keep one export in the directory", found->len,
                        en->source,
                        vo_csv_name_list(a, (const char *const *)found->pdata, found->len, 5));
    }
    g_ptr_array_free(found, TRUE);
    return out;
}

/* The source entry en reads, read once per file; NULL when an optional
 * entry has none. */
static struct source *source_get(struct source *cache, size_t *n, const char *dir,
                                 const struct vo_map *m, const struct entry *en, struct vo_arena *a,
                                 struct vo_csv_notes *problems)
{
    const char *name = en->source;
    bool pattern = strpbrk(en->source, "*?") != NULL;
    if (pattern && !(name = source_pick(dir, m, en, a, problems)) && en->optional)
        return NULL;
    const char *key = name ? name : en->source;
    for (size_t i = 0; i < *n; i++)
        if (strcmp(cache[i].key, key) == 0)
            return &cache[i];
    struct source *s = &cache[(*n)++];
    s->key = key;
    s->name = name;
    s->t = NULL;
    if (!name)
        return s;
    char *path = g_build_filename(dir, s->name, NULL);
    struct vo_error e = {0};
    if (vo_table_read(path, s->name, &en->opts, false, a, &s->t, problems, &e)) {
        vo_csv_note_add_e(problems, a, s->name, 0, NULL, &e);
        s->t = NULL;
    } else if (!(s->used = vo_arena_alloc(a, s->t->ncols + 1))) {
        s->t = NULL; /* the arena's refusal fails the import */
    }
    g_free(path);
    return s;
}

/* Whether a file's name matches a source pattern: EXPORT.CSV matches
 * *.csv too, and a workbook answers as the CSV it stands for (deals.xlsx
 * and a Bitrix24 deals.xls match *.csv and deals.csv). */
static bool name_matches(const char *pattern, const char *name)
{
    char *lower = g_ascii_strdown(name, -1);
    bool yes = g_pattern_match_simple(pattern, name) || g_pattern_match_simple(pattern, lower);
    const char *dot = strrchr(lower, '.');
    if (!yes && dot && (strcmp(dot, ".xlsx") == 0 || strcmp(dot, ".xls") == 0)) {
        char *as_csv = g_strdup_printf("%.*s.csv", (int)(dot - lower), lower);
        yes = g_pattern_match_simple(pattern, as_csv);
        g_free(as_csv);
    }
    g_free(lower);
    return yes;
}

/* The files of dir whose names match pattern, sorted (g_free'd names). */
static GPtrArray *source_matches(const char *dir, const char *pattern)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while (d && (name = g_dir_read_name(d)))
        if (name_matches(pattern, name))
            g_ptr_array_add(found, g_strdup(name));
    if (d)
        g_dir_close(d);
    g_ptr_array_sort(found, cmp_names);
    return found;
}

const char *vo_map_source_find(const char *dir, const char *pattern, struct vo_arena *a,
                               struct vo_csv_notes *problems)
{
    GPtrArray *found = source_matches(dir, pattern);
    const char *out = NULL;
    if (found->len == 1) {
        out = vo_arena_strdup(a, g_ptr_array_index(found, 0));
    } else if (found->len == 0) {
        vo_csv_note_add(problems, a, pattern, 0, NULL, "no file of the directory matches %s",
                        pattern);
    } else {
        vo_csv_note_add(problems, a, pattern, 0, NULL,
                        "%u files match %s (%s): keep one export in the directory", found->len,
                        pattern,
                        vo_csv_name_list(a, (const char *const *)found->pdata, found->len, 5));
    }
    g_ptr_array_free(found, TRUE);
    return out;
}

static int source_col(struct source *s, const char *name, const struct entry *en, const char *what,
                      struct vo_arena *a, struct vo_csv_notes *problems)
{
    int c = vo_csv_col(s->t, name);
    if (c < 0) {
        vo_csv_note_add(problems, a, s->name, 1, name,
                        "no such column in the file (the mapping's %s.%s wants it); the file "
                        "has: %s",
                        en->target->name, what, vo_csv_name_list(a, s->t->cols, s->t->ncols, 30));
        return -1;
    }
    s->used[c] = 1;
    return c;
}

/* The index of the n-th column (1-based) named name (ASCII case-insensitive), or -1. */
static int col_nth(const struct vo_csv *t, const char *name, int n)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i] && strcasecmp(t->cols[i], name) == 0 && --n == 0)
            return (int)i;
    return -1;
}

/* The source column of a spec's "from": the first of its alternatives the
 * file has, its occurrence-th column of that name; -1 when missing (a
 * problem unless the spec is optional: *ok stays then). */
static int spec_col(struct source *s, struct col_spec *cs, const struct entry *en,
                    struct vo_arena *a, struct vo_csv_notes *problems, int *ok)
{
    for (size_t i = 0; i < cs->nalts; i++) {
        if (vo_csv_col(s->t, cs->alts[i]) >= 0) {
            cs->from = cs->alts[i];
            break;
        }
    }
    int c = col_nth(s->t, cs->from, cs->occurrence);
    if (c >= 0) {
        s->used[c] = 1;
        return c;
    }
    if (cs->optional)
        return -1;
    *ok = 0;
    if (cs->nalts > 1)
        vo_csv_note_add(problems, a, s->name, 1, cs->from,
                        "none of the columns %s in the file (the mapping's %s.%s wants one); the "
                        "file has: %s",
                        vo_csv_name_list(a, cs->alts, cs->nalts, 10), en->target->name, cs->target,
                        vo_csv_name_list(a, s->t->cols, s->t->ncols, 30));
    else if (cs->occurrence > 1 && vo_csv_col(s->t, cs->from) >= 0)
        vo_csv_note_add(problems, a, s->name, 1, cs->from,
                        "the file has fewer than %d columns of this name (the mapping's %s.%s "
                        "wants the %d-th)",
                        cs->occurrence, en->target->name, cs->target, cs->occurrence);
    else
        source_col(s, cs->from, en, cs->target, a, problems);
    return -1;
}

static struct tpart *compile_template(const char *tmpl, struct source *s, const struct entry *en,
                                      const char *what, size_t *np, int *ok, struct vo_arena *a,
                                      struct vo_csv_notes *problems)
{
    size_t cap = strlen(tmpl) + 1, n = 0;
    struct tpart *parts = VO_ARENA_ARRAY(a, struct tpart, cap);
    const char *p = tmpl;
    *ok = parts != NULL;
    while (parts && *p) {
        const char *open = strchr(p, '{');
        const char *close = open ? strchr(open, '}') : NULL;
        if (!open || !close) {
            parts[n++] = (struct tpart){p, strlen(p), -1};
            break;
        }
        if (open > p)
            parts[n++] = (struct tpart){p, (size_t)(open - p), -1};
        char *col = vo_arena_strndup(a, open + 1, (size_t)(close - open - 1));
        int c = col ? source_col(s, col, en, what, a, problems) : -1;
        if (c < 0)
            *ok = 0;
        parts[n++] = (struct tpart){NULL, 0, c};
        p = close + 1;
    }
    *np = n;
    return parts;
}

static void group_add(struct vo_map_group *g, int64_t line, struct vo_arena *a)
{
    void *grown = vo_arena_grow(a, g->lines, &g->cap, g->n, sizeof *g->lines);
    if (!grown)
        return;
    g->lines = grown;
    g->lines[g->n++] = line;
}

static const char *cell(const struct vo_csv *t, const struct vo_csv_row *r, int c)
{
    return c >= 0 && (size_t)c < t->ncols && r->f[c] ? r->f[c] : "";
}

/* What apply_entry compiles from an entry before reading its rows: where
 * each target column comes from, the skip rules' columns, and the groups
 * of out the rows are counted into. */
struct entry_plan {
    int *from;                     /* [col]: the source column, or -1 */
    struct tpart **tp;             /* [col]: the template's parts, or NULL */
    size_t *ntp;                   /* [col]: how many */
    struct vo_map_group **empties; /* [col]: where empty values are listed, or NULL */
    int *skipcol;                  /* [skip]: the source column of the rule */
    int **skipels;                 /* [skip]: its "else" columns (-1: not in the file) */
    int **els;                     /* [col]: the "else" columns (-1: not in the file) */
    struct vo_map_group **skipg;   /* [skip]: where skipped lines are listed */
    int *when;                     /* [col]: the source column of "when", or -1 */
    int *ord;                      /* [col]: the target column an ordinal counts by, or -1 */
    GRegex **rx;                   /* [col]: "extract" compiled, or NULL (unref'd after) */
    struct vo_map_source *so;      /* the entry's line in out->sources */
    struct vo_csv *t;              /* the table produced */
};

/* Releases what a plan holds outside the arena (the compiled expressions). */
static void plan_release(const struct entry *en, struct entry_plan *pl)
{
    for (size_t c = 0; pl->rx && c < en->ncols; c++)
        if (pl->rx[c])
            g_regex_unref(pl->rx[c]);
}

/* Allocates the plan and the produced table's columns. */
static vo_err plan_alloc(const struct entry *en, const struct vo_csv *src, struct entry_plan *pl,
                         struct vo_arena *a, struct vo_error *e)
{
    size_t nc = en->ncols;
    pl->from = VO_ARENA_ARRAY(a, int, nc ? nc : 1);
    pl->tp = VO_ARENA_ARRAY(a, struct tpart *, nc ? nc : 1);
    pl->ntp = VO_ARENA_ARRAY(a, size_t, nc ? nc : 1);
    pl->empties = VO_ARENA_ARRAY(a, struct vo_map_group *, nc ? nc : 1);
    pl->skipcol = VO_ARENA_ARRAY(a, int, en->nskips ? en->nskips : 1);
    pl->skipg = VO_ARENA_ARRAY(a, struct vo_map_group *, en->nskips + 1);
    pl->skipels = VO_ARENA_ARRAY(a, int *, en->nskips ? en->nskips : 1);
    pl->els = VO_ARENA_ARRAY(a, int *, nc ? nc : 1);
    pl->when = VO_ARENA_ARRAY(a, int, nc ? nc : 1);
    pl->ord = VO_ARENA_ARRAY(a, int, nc ? nc : 1);
    pl->rx = VO_ARENA_ARRAY(a, GRegex *, nc ? nc : 1);
    struct vo_csv *t = pl->t = VO_ARENA_NEW(a, struct vo_csv);
    if (!pl->from || !pl->tp || !pl->ntp || !pl->empties || !pl->skipcol || !pl->skipg ||
        !pl->skipels || !pl->els || !pl->when || !pl->ord || !pl->rx || !t)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    t->name = src->name;
    t->target = en->target->name;
    t->delim = src->delim;
    t->encoding = src->encoding;
    t->ncols = nc;
    t->cols = VO_ARENA_ARRAY(a, const char *, nc ? nc : 1);
    t->origin = VO_ARENA_ARRAY(a, const char *, nc ? nc : 1);
    t->rows = VO_ARENA_ARRAY(a, struct vo_csv_row, src->nrows ? src->nrows : 1);
    if (!t->cols || !t->origin || !t->rows)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    return VO_OK;
}

/* The source columns of an "else" list (-1 for those the file lacks:
 * passed over), marked used; NULL without a list, or when the arena
 * refuses (the import then fails as out of memory). */
static int *else_cols(struct source *s, const char *const *names, size_t n, struct vo_arena *a)
{
    int *cols = n ? VO_ARENA_ARRAY(a, int, n) : NULL;
    for (size_t i = 0; cols && i < n; i++)
        if ((cols[i] = vo_csv_col(s->t, names[i])) >= 0)
            s->used[cols[i]] = 1;
    return cols;
}

/* The value of source column c in row r, else the first value of the
 * "else" columns els[0..n) (those the file has). */
static const char *cell_else(const struct vo_csv *t, const struct vo_csv_row *r, int c,
                             const int *els, size_t n)
{
    const char *v = cell(t, r, c);
    for (size_t i = 0; !*v && els && i < n; i++)
        v = cell(t, r, els[i]);
    return v;
}

/* Resolves the entry's columns, templates and skip rules against the
 * source's header; *ok = 0 when a named column is missing (listed in
 * problems). */
static void plan_columns(struct entry *en, struct source *s, struct entry_plan *pl,
                         struct vo_arena *a, struct vo_map_result *out,
                         struct vo_csv_notes *problems, int *ok)
{
    struct vo_csv *src = s->t, *t = pl->t;
    for (size_t c = 0; c < en->ncols; c++) {
        struct col_spec *cs = &en->cols[c];
        t->cols[c] = cs->target;
        pl->from[c] = -1;
        pl->tp[c] = NULL;
        pl->empties[c] = NULL;
        for (size_t i = 0; i < cs->nmap; i++)
            cs->map[i].n = 0;
        if (cs->from) {
            pl->from[c] = spec_col(s, cs, en, a, problems, ok);
            pl->els[c] = else_cols(s, cs->els, cs->nels, a);
            t->origin[c] = cs->from;
        } else if (cs->tmpl) {
            int tok = 1;
            pl->tp[c] =
                compile_template(cs->tmpl, s, en, cs->target, &pl->ntp[c], &tok, a, problems);
            t->origin[c] = "template";
            *ok &= tok;
        } else {
            t->origin[c] = cs->value ? "constant" : cs->ordinal ? "ordinal" : "default";
        }
        pl->when[c] = -1;
        if (cs->when_col) {
            pl->when[c] = source_col(s, cs->when_col, en, cs->target, a, problems);
            *ok &= pl->when[c] >= 0;
        }
        pl->ord[c] = cs->ordinal ? col_index(en, cs->ordinal) : -1;
        pl->rx[c] = NULL;
        if (cs->extract && !(pl->rx[c] = g_regex_new(cs->extract, 0, 0, NULL)))
            *ok = 0; /* checked when loaded */
        if (cs->warn_empty) {
            struct vo_map_group *g = &out->empties[out->nempties++];
            *g = (struct vo_map_group){
                .file = src->name, .column = cs->target, .reason = cs->warn_empty};
            pl->empties[c] = g;
        }
    }
    for (size_t i = 0; i < en->nskips; i++) {
        struct skip_rule *sr = &en->skips[i];
        for (size_t k = 0; k < sr->nalts; k++) {
            if (vo_csv_col(s->t, sr->alts[k]) >= 0) {
                sr->col = sr->alts[k];
                break;
            }
        }
        pl->skipcol[i] = source_col(s, sr->col, en, "skip", a, problems);
        pl->skipels[i] = else_cols(s, sr->els, sr->nels, a);
        *ok &= pl->skipcol[i] >= 0;
        struct vo_map_group *g = &out->skips[out->nskips++];
        const struct skip_rule *rule = &en->skips[i];
        *g = (struct vo_map_group){.file = src->name,
                                   .reason = rule->reason,
                                   .reason_ru = rule->reason_ru,
                                   .watch = rule->col,
                                   .equals = rule->when_empty ? NULL : rule->values[0]};
        pl->skipg[i] = g;
    }
}

/* Whether a skip rule drops source row sr (its line is then listed). */
static bool row_skipped(const struct entry *en, const struct vo_csv *src,
                        const struct vo_csv_row *sr, const struct entry_plan *pl,
                        struct vo_arena *a)
{
    bool skipped = false;
    for (size_t i = 0; i < en->nskips && !skipped; i++) {
        const struct skip_rule *rule = &en->skips[i];
        const char *v = cell_else(src, sr, pl->skipcol[i], pl->skipels[i], rule->nels);
        if (rule->when_empty) {
            skipped = !*v;
        } else {
            for (size_t j = 0; j < rule->nvalues && !skipped; j++)
                skipped = strcmp(v, rule->values[j]) == 0;
        }
        if (skipped)
            group_add(pl->skipg[i], sr->line, a);
    }
    return skipped;
}

/* The raw value of target column c: the source cell, the template filled
 * in (buf is scratch), or the constant. */
static const char *raw_value(const struct col_spec *cs, size_t c, const struct vo_csv *src,
                             const struct vo_csv_row *sr, const struct entry_plan *pl, GString *buf,
                             struct vo_arena *a)
{
    if (cs->from)
        return cell_else(src, sr, pl->from[c], pl->els[c], cs->nels);
    if (cs->tmpl) {
        g_string_truncate(buf, 0);
        for (size_t i = 0; i < pl->ntp[c]; i++) {
            if (pl->tp[c][i].col < 0)
                g_string_append_len(buf, pl->tp[c][i].lit, (gssize)pl->tp[c][i].litlen);
            else
                g_string_append(buf, cell(src, sr, pl->tp[c][i].col));
        }
        return vo_csv_trim(vo_arena_strdup(a, buf->str));
    }
    return cs->value ? cs->value : "";
}

/* The first group of rx in v (the whole match when it has no group), or v
 * unchanged when rx does not match; "" when the arena refuses. */
static const char *extract(GRegex *rx, const char *v, struct vo_arena *a)
{
    GMatchInfo *mi = NULL;
    const char *out = v;
    if (g_regex_match(rx, v, 0, &mi)) {
        int grp = g_regex_get_capture_count(rx) > 0 ? 1 : 0;
        gchar *x = g_match_info_fetch(mi, grp);
        char *copy = x ? vo_arena_strdup(a, x) : NULL;
        out = copy ? vo_csv_trim(copy) : "";
        g_free(x);
    }
    g_match_info_free(mi);
    return out;
}

/* Target column c of produced row r: the raw value, mapped, defaulted,
 * its date converted (a bad date is listed in problems and marks the
 * cell bad), an empty value listed where the entry warns of it. */
static void fill_cell(const struct entry *en, size_t c, const struct vo_csv *src,
                      const struct vo_csv_row *sr, const struct entry_plan *pl,
                      struct vo_csv_row *r, GString *buf, struct vo_arena *a,
                      struct vo_csv_notes *problems)
{
    struct col_spec *cs = &en->cols[c];
    const char *v = raw_value(cs, c, src, sr, pl, buf, a);
    if (pl->when[c] >= 0) {
        const char *w = cell(src, sr, pl->when[c]);
        bool in = false;
        for (size_t i = 0; i < cs->nwhen && !in; i++)
            in = strcmp(w, cs->when_in[i]) == 0;
        if (in == cs->when_not)
            v = "";
    }
    if (*v && pl->rx[c])
        v = extract(pl->rx[c], v, a);
    bool mapped = false;
    for (size_t i = 0; i < cs->nmap; i++) {
        if (strcmp(v, cs->map[i].from) == 0) {
            v = cs->map[i].to;
            cs->map[i].n++;
            mapped = true;
            break;
        }
    }
    if (*v && !mapped && cs->otherwise)
        v = cs->otherwise;
    if (!*v && cs->def)
        v = cs->def;
    if (*v && cs->date_format) {
        char iso[40];
        struct vo_error de = {0};
        /* A workbook's date cell is already the import format's text. */
        if (src->dates_iso &&
            vo_map_date_convert(v, "YYYY-MM-DD HH:MM:SS", iso, sizeof iso, &de) == VO_OK) {
            v = vo_arena_strdup(a, iso);
            if (!v)
                v = ""; /* the arena's refusal fails the import */
        } else if (vo_map_date_convert_any(v, cs->date_format, iso, sizeof iso, &de)) {
            vo_csv_note_add_e(
                problems, a, src->name, sr->line,
                cs->from ? vo_arena_printf(a, "%s (%s)", cs->target, cs->from) : cs->target, &de);
            if (!r->bad)
                r->bad = vo_arena_alloc(a, en->ncols);
            if (r->bad)
                r->bad[c] = 1;
            v = "";
        } else {
            v = vo_arena_strdup(a, iso);
            if (!v)
                v = ""; /* the arena's refusal fails the import */
        }
    }
    if (!*v && pl->empties[c])
        group_add(pl->empties[c], sr->line, a);
    r->f[c] = *v ? v : NULL;
}

/* Whether row r repeats a row already produced (a distinct entry). */
static bool row_repeats(GHashTable *seen, const struct vo_csv_row *r, size_t nc, GString *buf,
                        struct vo_arena *a)
{
    g_string_truncate(buf, 0);
    for (size_t c = 0; c < nc; c++)
        g_string_append_printf(buf, "%s\x1f", r->f[c] ? r->f[c] : "");
    char *key = vo_arena_strdup(a, buf->str);
    if (key && g_hash_table_contains(seen, key))
        return true;
    if (key)
        g_hash_table_add(seen, key);
    return false;
}

/* The next number (as text in the arena) of the rows whose column col has
 * the value v; counts live in the table (keys in the arena). NULL when the
 * arena refuses (the import then fails as out of memory). */
static const char *ordinal(GHashTable *counts, const char *col, const char *v, struct vo_arena *a)
{
    char *key = vo_arena_printf(a, "%s\x1f%s", col, v ? v : "");
    if (!key)
        return NULL;
    gpointer n = g_hash_table_lookup(counts, key);
    size_t next = (size_t)GPOINTER_TO_SIZE(n) + 1;
    g_hash_table_insert(counts, key, GSIZE_TO_POINTER(next));
    return vo_arena_printf(a, "%zu", next);
}

/* Whether row r's id (column idc) came out before in an entry of its
 * target (ids: "target\x1fid" of the rows produced so far), and records
 * it when not. An empty id is never new nor recorded. */
static bool id_given(GHashTable *ids, const struct entry *en, int idc, const struct vo_csv_row *r,
                     struct vo_arena *a)
{
    if (!ids || idc < 0 || !r->f[idc])
        return false;
    char *key = vo_arena_printf(a, "%s\x1f%s", en->target->name, r->f[idc]);
    if (key && g_hash_table_contains(ids, key))
        return en->only_new;
    if (key)
        g_hash_table_add(ids, key);
    return false;
}

/* Reads the source's rows into the produced table; ids (or NULL) holds
 * the ids an only_new entry of the target leaves out. */
static vo_err produce_rows(const struct entry *en, const struct vo_csv *src,
                           const struct entry_plan *pl, GHashTable *ids, struct vo_arena *a,
                           struct vo_csv_notes *problems, struct vo_error *e)
{
    int idc = ids ? col_index(en, "id") : -1;
    struct vo_csv *t = pl->t;
    size_t nc = en->ncols;
    vo_err rc = VO_OK;
    GString *buf = g_string_new(NULL);
    GHashTable *seen = en->distinct ? g_hash_table_new(g_str_hash, g_str_equal) : NULL;
    GHashTable *ordinals = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t ri = 0; ri < src->nrows; ri++) {
        const struct vo_csv_row *sr = &src->rows[ri];
        if (row_skipped(en, src, sr, pl, a)) {
            pl->so->skipped++;
            continue;
        }
        struct vo_csv_row *r = &t->rows[t->nrows++];
        r->line = sr->line;
        r->f = VO_ARENA_ARRAY(a, const char *, nc ? nc : 1);
        if (!r->f) {
            rc = vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
            break;
        }
        for (size_t c = 0; c < nc; c++)
            fill_cell(en, c, src, sr, pl, r, buf, a, problems);
        if ((seen && !r->bad && row_repeats(seen, r, nc, buf, a)) ||
            (!r->bad && id_given(ids, en, idc, r, a))) {
            t->nrows--;
            pl->so->merged++;
            continue;
        }
        for (size_t c = 0; c < nc; c++)
            if (en->cols[c].ordinal)
                r->f[c] = ordinal(ordinals, en->cols[c].ordinal,
                                  pl->ord[c] >= 0 ? r->f[pl->ord[c]] : NULL, a);
    }
    g_string_free(buf, TRUE);
    if (seen)
        g_hash_table_destroy(seen);
    g_hash_table_destroy(ordinals);
    return rc;
}

/* Lists how many values each map of the entry changed. */
static void count_maps(const struct entry *en, const struct vo_csv *src, struct vo_map_result *out)
{
    for (size_t c = 0; c < en->ncols; c++) {
        const struct col_spec *cs = &en->cols[c];
        for (size_t i = 0; i < cs->nmap; i++) {
            if (!cs->map[i].n || strcmp(cs->map[i].from, cs->map[i].to) == 0)
                continue;
            out->counts[out->ncounts++] = (struct vo_map_count){.file = src->name,
                                                                .column = cs->target,
                                                                .from = cs->map[i].from,
                                                                .to = cs->map[i].to,
                                                                .n = cs->map[i].n};
        }
    }
}

/* Applies one entry that reads a source file. */
static vo_err apply_entry(struct entry *en, struct source *s, GHashTable *ids, struct vo_arena *a,
                          struct vo_map_result *out, struct vo_csv_notes *problems,
                          struct vo_error *e)
{
    struct vo_csv *src = s->t;
    struct entry_plan pl = {0};
    vo_err rc = plan_alloc(en, src, &pl, a, e);
    if (rc)
        return rc;
    int ok = 1;
    plan_columns(en, s, &pl, a, out, problems, &ok);
    pl.so = &out->sources[out->nsources++];
    *pl.so = (struct vo_map_source){
        .file = src->name, .target = en->target->name, .read = (int64_t)src->nrows};
    if (!ok) {
        plan_release(en, &pl);
        return VO_OK; /* the missing columns are listed; no rows from this entry */
    }
    rc = produce_rows(en, src, &pl, ids, a, problems, e);
    plan_release(en, &pl);
    if (rc)
        return rc;
    pl.so->produced = (int64_t)pl.t->nrows;
    out->tables[out->ntables++] = pl.t;
    count_maps(en, src, out);
    return VO_OK;
}

/* Whether an entry before has produced a table of target t. */
static bool produced(const struct vo_map_result *out, const struct vo_map_target *t)
{
    for (size_t i = 0; i < out->ntables; i++)
        if (strcmp(out->tables[i]->target, t->name) == 0)
            return true;
    return false;
}

vo_err vo_map_apply(struct vo_map *m, const char *dir, struct vo_arena *a,
                    struct vo_map_result *out, struct vo_csv_notes *problems,
                    struct vo_csv_notes *warnings, struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    size_t nskip = 0, nwatch = 0, npairs = 0;
    for (size_t i = 0; i < m->n; i++) {
        nskip += m->entries[i].nskips;
        for (size_t c = 0; c < m->entries[i].ncols; c++) {
            nwatch += m->entries[i].cols[c].warn_empty != NULL;
            npairs += m->entries[i].cols[c].nmap;
        }
    }
    out->tables = VO_ARENA_ARRAY(a, struct vo_csv *, m->n);
    out->sources = VO_ARENA_ARRAY(a, struct vo_map_source, m->n);
    out->skips = VO_ARENA_ARRAY(a, struct vo_map_group, nskip + 1);
    out->empties = VO_ARENA_ARRAY(a, struct vo_map_group, nwatch + 1);
    out->counts = VO_ARENA_ARRAY(a, struct vo_map_count, npairs + 1);
    struct source *cache = VO_ARENA_ARRAY(a, struct source, m->n);
    if (!out->tables || !out->sources || !out->skips || !out->empties || !out->counts || !cache)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
    size_t ncache = 0;
    vo_err rc = VO_OK;
    for (size_t i = 0; i < m->n && !rc; i++) {
        struct entry *en = &m->entries[i];
        if (en->literal) {
            out->tables[out->ntables++] = en->literal;
            continue;
        }
        if (en->fallback && produced(out, en->target))
            continue;
        struct source *s = source_get(cache, &ncache, dir, m, en, a, problems);
        if (!s || !s->t)
            continue;
        /* The ids of a target a later only_new entry reads against. */
        bool track = false;
        for (size_t j = i; j < m->n && !track; j++)
            track = m->entries[j].only_new && m->entries[j].target == en->target;
        rc = apply_entry(en, s, track ? ids : NULL, a, out, problems, e);
    }
    g_hash_table_destroy(ids);
    if (rc)
        return rc;
    out->inputs = VO_ARENA_ARRAY(a, struct vo_csv *, ncache ? ncache : 1);
    if (!out->inputs)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < ncache; i++) {
        if (!cache[i].t)
            continue;
        out->inputs[out->ninputs++] = cache[i].t;
        const struct vo_csv *t = cache[i].t;
        const char **unused = VO_ARENA_ARRAY(a, const char *, t->ncols ? t->ncols : 1);
        size_t n = 0;
        for (size_t c = 0; unused && c < t->ncols; c++)
            if (!cache[i].used[c] && t->cols[c][0] && !vo_csv_reject_col(t->cols[c]))
                unused[n++] = t->cols[c];
        if (n)
            vo_csv_note_add(warnings, a, cache[i].name, 1, NULL,
                            "columns the mapping does not use: %s",
                            vo_csv_name_list(a, unused, n, 30));
    }
    return VO_OK;
}

/* Adds the need alts[0..n) to l unless one with the same first name is
 * there. false when the arena refuses. */
static bool need_add(struct vo_map_need **l, size_t *n, size_t *cap, const char *const *alts,
                     size_t nalts, struct vo_arena *a)
{
    for (size_t i = 0; i < *n; i++)
        if (strcasecmp((*l)[i].alts[0], alts[0]) == 0)
            return true;
    void *grown = vo_arena_grow(a, *l, cap, *n, sizeof **l);
    if (!grown)
        return false;
    *l = grown;
    (*l)[(*n)++] = (struct vo_map_need){alts, nalts};
    return true;
}

/* need_add for one column name (copied into a one-element list). */
static bool need_one(struct vo_map_need **l, size_t *n, size_t *cap, const char *name,
                     struct vo_arena *a)
{
    const char **one = VO_ARENA_ARRAY(a, const char *, 1);
    if (!one)
        return false;
    one[0] = name;
    return need_add(l, n, cap, one, 1, a);
}

/* Adds the source columns entry en cannot do without to l (its
 * non-optional "from" columns, template placeholders, "when" and skip
 * rules' columns). false when the arena refuses. */
static bool entry_needs(const struct entry *en, struct vo_map_need **l, size_t *cnt, size_t *cap,
                        struct vo_arena *a)
{
    bool ok = true;
    for (size_t c = 0; ok && c < en->ncols; c++) {
        const struct col_spec *cs = &en->cols[c];
        if (cs->from && !cs->optional)
            ok = cs->nalts ? need_add(l, cnt, cap, cs->alts, cs->nalts, a)
                           : need_one(l, cnt, cap, cs->from, a);
        for (const char *p = cs->tmpl; ok && p && (p = strchr(p, '{'));) {
            const char *close = strchr(p, '}');
            if (!close)
                break;
            char *col = vo_arena_strndup(a, p + 1, (size_t)(close - p - 1));
            ok = col && need_one(l, cnt, cap, col, a);
            p = close + 1;
        }
        if (ok && cs->when_col)
            ok = need_one(l, cnt, cap, cs->when_col, a);
    }
    for (size_t k = 0; ok && k < en->nskips; k++)
        ok = need_add(l, cnt, cap, en->skips[k].alts, en->skips[k].nalts, a);
    return ok;
}

vo_err vo_map_needs(const struct vo_map *m, struct vo_arena *a, struct vo_map_need **out, size_t *n)
{
    struct vo_map_need *l = NULL;
    size_t cap = 0, cnt = 0;
    bool ok = true;
    /* An optional entry's columns are not needed: an export without its
     * file (Salesforce's OpportunityHistory) is still the CRM's. */
    for (size_t i = 0; ok && i < m->n; i++)
        if (!m->entries[i].optional)
            ok = entry_needs(&m->entries[i], &l, &cnt, &cap, a);
    if (!ok)
        return VO_ENOMEM;
    *out = l;
    *n = cnt;
    return VO_OK;
}
