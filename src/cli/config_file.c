/*
 * config_file.c - settings from an INI-style file through GLib's GKeyFile
 * (config_file.h). GKeyFile reports neither the line of a bad line nor of
 * a key, so the file is scanned once for both (the same three forms
 * GKeyFile reads: blank or "#" lines, "[group]", "key = value"), then read
 * by GKeyFile for the values (its escapes, its list syntax).
 */
#include "cli/config_file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The line of each "group\nkey" of the file (1-based), and the first line
 * GKeyFile would refuse (0: none). */
static int scan(const char *text, GHashTable *lines)
{
    char **v = g_strsplit(text, "\n", -1);
    char *group = NULL;
    int bad = 0;
    for (int i = 0; v[i] && !bad; i++) {
        char *l = g_strstrip(v[i]);
        if (!l[0] || l[0] == '#')
            continue;
        size_t len = strlen(l);
        if (l[0] == '[') {
            if (l[len - 1] != ']' || len < 3) {
                bad = i + 1;
                continue;
            }
            g_free(group);
            group = g_strndup(l + 1, len - 2);
            g_hash_table_insert(lines, g_strconcat(group, "\n", NULL), GINT_TO_POINTER(i + 1));
            continue;
        }
        char *eq = strchr(l, '=');
        if (!eq || eq == l || !group) {
            bad = i + 1;
            continue;
        }
        *eq = '\0';
        g_hash_table_insert(lines, g_strconcat(group, "\n", g_strstrip(l), NULL),
                            GINT_TO_POINTER(i + 1));
    }
    g_free(group);
    g_strfreev(v);
    return bad;
}

static int line_of(GHashTable *lines, const char *group, const char *key)
{
    char *k = g_strconcat(group, "\n", key ? key : "", NULL);
    int line = GPOINTER_TO_INT(g_hash_table_lookup(lines, k));
    g_free(k);
    return line;
}

static const struct vo_conf_key *find(const struct vo_conf_key *keys, size_t n, const char *group,
                                      const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i].group, group) == 0 && (!key || strcmp(keys[i].key, key) == 0))
            return &keys[i];
    return NULL;
}

/* One value, checked, into *parsed (a string, an int or a bool). */
struct value {
    char *s;
    int i;
    gboolean b;
};

static vo_err parse(const char *path, int line, const struct vo_conf_key *k, GKeyFile *kf,
                    struct value *out, struct vo_error *e)
{
    char *raw = g_key_file_get_value(kf, k->group, k->key, NULL);
    char *s = g_key_file_get_string(kf, k->group, k->key, NULL);
    vo_err rc = VO_OK;
    if (!s) {
        rc = vo_error_set(e, VO_EINVAL, "config", "%s:%d: %s: \"%s\" is not valid text", path, line,
                          k->key, raw ? raw : "");
    } else if (k->type == VO_CONF_STR) {
        out->s = s;
        s = NULL;
    } else if (k->type == VO_CONF_INT) {
        char *end = NULL;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (!s[0] || *end || errno || v < 0 || v > INT_MAX)
            rc = vo_error_set(e, VO_EINVAL, "config", "%s:%d: %s: \"%s\" is not a whole number",
                              path, line, k->key, s);
        else
            out->i = (int)v;
    } else if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
        out->b = strcmp(s, "true") == 0;
    } else {
        rc = vo_error_set(e, VO_EINVAL, "config", "%s:%d: %s: \"%s\" is not true or false", path,
                          line, k->key, s);
    }
    g_free(s);
    g_free(raw);
    return rc;
}

vo_err vo_conf_load(const char *path, const struct vo_conf_key *keys, size_t n, struct vo_error *e)
{
    char *text = NULL;
    GError *ge = NULL;
    if (!g_file_get_contents(path, &text, NULL, &ge)) {
        vo_error_set(e, VO_EIO, "config", "%s: cannot read it: %s", path, ge->message);
        g_error_free(ge);
        return VO_EIO;
    }
    GHashTable *lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GKeyFile *kf = g_key_file_new();
    struct value *vals = g_new0(struct value, n);
    vo_err rc = VO_OK;
    int bad = scan(text, lines);
    if (bad) {
        rc = vo_error_set(e, VO_EINVAL, "config",
                          "%s:%d: not a [group], a key = value or a # comment", path, bad);
        goto out;
    }
    if (!g_key_file_load_from_data(kf, text, (gsize)-1, G_KEY_FILE_NONE, &ge)) {
        rc = vo_error_set(e, VO_EINVAL, "config", "%s: %s", path, ge->message);
        g_error_free(ge);
        goto out;
    }
    gsize ng = 0;
    char **groups = g_key_file_get_groups(kf, &ng);
    for (gsize g = 0; g < ng && !rc; g++) {
        if (!find(keys, n, groups[g], NULL)) {
            rc = vo_error_set(e, VO_EINVAL, "config", "%s:%d: unknown group [%s]", path,
                              line_of(lines, groups[g], NULL), groups[g]);
            break;
        }
        gsize nk = 0;
        char **ks = g_key_file_get_keys(kf, groups[g], &nk, NULL);
        for (gsize k = 0; ks && k < nk && !rc; k++) {
            const struct vo_conf_key *spec = find(keys, n, groups[g], ks[k]);
            int line = line_of(lines, groups[g], ks[k]);
            if (!spec)
                rc = vo_error_set(e, VO_EINVAL, "config", "%s:%d: unknown key %s in [%s]", path,
                                  line, ks[k], groups[g]);
            else
                rc = parse(path, line, spec, kf, &vals[spec - keys], e);
        }
        g_strfreev(ks);
    }
    g_strfreev(groups);
    if (rc)
        goto out;
    for (size_t i = 0; i < n; i++) {
        if (!g_key_file_has_key(kf, keys[i].group, keys[i].key, NULL))
            continue;
        if (keys[i].type == VO_CONF_STR && !*(char **)keys[i].target) {
            *(char **)keys[i].target = vals[i].s;
            vals[i].s = NULL;
        } else if (keys[i].type == VO_CONF_INT && *(int *)keys[i].target == VO_CONF_UNSET) {
            *(int *)keys[i].target = vals[i].i;
        } else if (keys[i].type == VO_CONF_BOOL && !*(gboolean *)keys[i].target) {
            *(gboolean *)keys[i].target = vals[i].b;
        }
    }
out:
    for (size_t i = 0; i < n; i++)
        g_free(vals[i].s);
    g_free(vals);
    g_key_file_free(kf);
    g_hash_table_destroy(lines);
    g_free(text);
    return rc;
}
