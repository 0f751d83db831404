/*
 * static.c - the web app's files: GET of a path outside /api/ is one of the
 * files the app loads, or index.html for the app's own routes. What the app
 * loads is an allowlist: index.html, everything under app/, and exactly
 * the library modules app/lib.js and app/ui.js import from node_modules;
 * anything else of the web root (package.json, the lockfile, the rest of
 * node_modules) is 404. Paths with ".." or hidden segments are refused;
 * every response carries a Content-Security-Policy that allows no inline
 * script. The files are kept in memory once read (read again when their
 * size or time changes) with an ETag, and the browser revalidates its copy:
 * an unchanged file is a 304 without a body, so the charting library is
 * not downloaded on every page load.
 */
#include "http/http_int.h"

#include <string.h>
#include <sys/stat.h>

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

/* A file of the app as last read: its bytes, their ETag, and the size and
 * modification time it was read at (a changed file is read again). */
struct static_file {
    GBytes *body;
    char *etag;
    int64_t mtime_ns;
    int64_t size;
};

static void static_file_free(gpointer p)
{
    struct static_file *f = p;
    g_bytes_unref(f->body);
    g_free(f->etag);
    g_free(f);
}

void vo_static_init(struct vo_server *s)
{
    vo_mutex_init(&s->static_lock);
    s->static_files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, static_file_free);
}

void vo_static_cleanup(struct vo_server *s)
{
    if (s->static_files)
        g_hash_table_destroy(s->static_files);
    s->static_files = NULL;
    vo_mutex_clear(&s->static_lock);
}

/* Whether the If-None-Match header v names etag (a list, or "*"). */
static bool etag_matches(const char *v, const char *etag)
{
    if (!v)
        return false;
    gchar **tags = g_strsplit(v, ",", -1);
    bool hit = false;
    for (gchar **t = tags; *t && !hit; t++) {
        const char *x = g_strstrip(*t);
        if (strcmp(x, "*") == 0) {
            hit = true;
            break;
        }
        if (g_str_has_prefix(x, "W/")) /* a weak comparison (RFC 9110, 13.1.2) */
            x += 2;
        hit = strcmp(x, etag) == 0;
    }
    g_strfreev(tags);
    return hit;
}

/* The file rel of the web root as cached in s, read (again) when it is not
 * there or its size or time changed; NULL when it is not a regular file.
 * *etag (the arena's) its ETag. A reference to its bytes. */
static GBytes *cached_file(struct vo_server *s, struct vo_req *r, const char *root, const char *rel,
                           const char **etag)
{
    char *full = g_build_filename(root, rel, NULL);
    struct stat st;
    if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
        g_free(full);
        return NULL;
    }
    int64_t mtime = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    GBytes *body = NULL;
    vo_mutex_lock(&s->static_lock);
    struct static_file *f = g_hash_table_lookup(s->static_files, rel);
    if (f && f->mtime_ns == mtime && f->size == (int64_t)st.st_size) {
        body = g_bytes_ref(f->body);
        *etag = vo_arena_strdup(&r->arena, f->etag);
    }
    vo_mutex_unlock(&s->static_lock);
    if (body) {
        g_free(full);
        return body;
    }
    gchar *data = NULL;
    gsize len = 0;
    bool ok = g_file_get_contents(full, &data, &len, NULL);
    g_free(full);
    if (!ok)
        return NULL;
    /* the ETag: the content's SHA-256, its first 128 bits */
    gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
    f = g_new0(struct static_file, 1);
    f->body = g_bytes_new_take(data, len);
    f->etag = g_strdup_printf("\"%.32s\"", sum);
    f->mtime_ns = mtime;
    f->size = (int64_t)st.st_size;
    g_free(sum);
    body = g_bytes_ref(f->body);
    *etag = vo_arena_strdup(&r->arena, f->etag);
    vo_mutex_lock(&s->static_lock);
    g_hash_table_replace(s->static_files, g_strdup(rel), f);
    vo_mutex_unlock(&s->static_lock);
    return body;
}

/* Answers with the file rel (false when there is none): 200 with its
 * bytes, or 304 without them when the browser's copy is current. The
 * browser keeps the files and asks again each time (no-cache), so a new
 * version is seen at once and an unchanged one costs a 304. */
static bool read_file(struct vo_server *s, struct vo_req *r, const char *root, const char *rel)
{
    const char *etag = NULL;
    GBytes *body = cached_file(s, r, root, rel, &etag);
    if (!body || !etag) {
        if (body)
            g_bytes_unref(body);
        return false;
    }
    r->etag = etag;
    r->cache_control = "no-cache";
    if (etag_matches(vo_req_header(r, "If-None-Match"), etag)) {
        g_bytes_unref(body);
        r->out_text = "";
        r->out_len = 0;
        r->status = 304;
        return true;
    }
    r->out_bytes = body;
    r->out_type = type_of(rel);
    if (!r->out_type)
        r->out_type = "application/octet-stream";
    r->status = 200;
    return true;
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
    if (*rel && type_of(rel) && vo_static_app_file(rel) && read_file(s, r, root, rel))
        return true;
    /* The app's own routes (/board, /deals/12, ...) get the app. */
    if ((!*rel || !strchr(rel, '.')) && read_file(s, r, root, "index.html"))
        return true;
    vo_error_set(&r->err, VO_ENOTFOUND, NULL, "no such file: %s", r->path);
    vo_req_error(r, VO_ENOTFOUND);
    return true;
}
