/*
 * config_file.h - a command's settings from an INI-style file (GLib's
 * GKeyFile: `[group]`, `key = value`, `# comment`), for `voronka serve
 * --config FILE` (docs/OPERATIONS.md, "The config file"). The flags win:
 * a key fills its target only when the command line left it unset.
 */
#ifndef VO_CLI_CONFIG_FILE_H
#define VO_CLI_CONFIG_FILE_H

#include <glib.h>
#include <limits.h>

#include "base/err.h"

/* An int target the command line did not set. */
#define VO_CONF_UNSET INT_MIN

enum vo_conf_type {
    VO_CONF_STR,  /* char ** (g_free): set when NULL */
    VO_CONF_INT,  /* int *: set when VO_CONF_UNSET; a whole number */
    VO_CONF_BOOL, /* gboolean *: set when FALSE; true or false */
};

struct vo_conf_key {
    const char *group, *key;
    enum vo_conf_type type;
    void *target;
};

/* Reads path and fills the targets of keys[0..n) it has. Any other group
 * or key, a line that is none of the three forms, or a value of the wrong
 * type is VO_EINVAL naming "config" with the file and the line; a file
 * that cannot be read VO_EIO. Nothing is filled when it fails. */
vo_err vo_conf_load(const char *path, const struct vo_conf_key *keys, size_t n, struct vo_error *e);

#endif
