/*
 * static.c - the web app's files: GET of a path outside /api/ is one of the
 * files the app loads, or index.html for the app's own routes. What the app
 * loads is an allowlist: index.html, everything under app/, and exactly
 * the library modules app/lib.js and app/ui.js import from node_modules;
 * anything else of the web root (package.json, the lockfile, the rest of
 * node_modules) is 404. Paths with ".." or hidden segments are refused;
 * every response carries a Content-Security-Policy that allows no inline
 * script.
 */
#include "http/http_int.h"

#include <string.h>

#define CSP                                                                                        \
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "     \
    "data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "             \
    "frame-ancestors 'none'; form-action 'self'"

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".map", "application/json; charset=utf-8"},
};

const char *vo_static_csp(void)
{
    return CSP;
}

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return NULL;
}

/* The library modules the app imports by path (web/app/lib.js, ui.js; a
 * test reads the app's imports and checks that each is here). */
static const char *const vendor_files[] = {
    "node_modules/preact/dist/preact.module.js",
    "node_modules/htm/dist/htm.module.js",
    "node_modules/echarts/dist/echarts.esm.min.mjs",
};

bool vo_static_app_file(const char *rel)
{
    if (strcmp(rel, "index.html") == 0 || strncmp(rel, "app/", 4) == 0)
        return true;
    for (size_t i = 0; i < sizeof vendor_files / sizeof vendor_files[0]; i++)
        if (strcmp(rel, vendor_files[i]) == 0)
            return true;
    return false;
}

/* A path made only of plain segments: no "..", no hidden files, no
 * backslashes. */
static bool safe(const char *p)
{
    if (strstr(p, "..") || strchr(p, '\\') || strstr(p, "/.") || strstr(p, "//"))
        return false;
    return true;
}

static bool read_file(struct vo_req *r, const char *root, const char *rel)
{
    char *full = g_build_filename(root, rel, NULL);
    gchar *data = NULL;
    gsize len = 0;
    bool ok =
        g_file_test(full, G_FILE_TEST_IS_REGULAR) && g_file_get_contents(full, &data, &len, NULL);
    if (ok) {
        r->out_text = vo_arena_strndup(&r->arena, data, len);
        r->out_len = len;
        r->out_type = type_of(rel);
        if (!r->out_type)
            r->out_type = "application/octet-stream";
        r->status = 200;
    }
    g_free(data);
    g_free(full);
    return ok && r->out_text;
}

bool vo_static_serve(struct vo_server *s, struct vo_req *r)
{
    const char *root = s->opts.web_root;
    if (!root || r->method != VO_GET || strncmp(r->path, "/api/", 5) == 0)
        return false;
    const char *rel = r->path[0] == '/' ? r->path + 1 : r->path;
    if (!safe(r->path)) {
        vo_error_set(&r->err, VO_ENOTFOUND, NULL, "no such file");
        vo_req_error(r, VO_ENOTFOUND);
        return true;
    }
    if (*rel && type_of(rel) && vo_static_app_file(rel) && read_file(r, root, rel))
        return true;
    /* The app's own routes (/board, /deals/12, ...) get the app. */
    if ((!*rel || !strchr(rel, '.')) && read_file(r, root, "index.html"))
        return true;
    vo_error_set(&r->err, VO_ENOTFOUND, NULL, "no such file: %s", r->path);
    vo_req_error(r, VO_ENOTFOUND);
    return true;
}
