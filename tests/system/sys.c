/*
 * sys.c - the system tests' shared part (sys.h): child processes of the
 * real binary, a client that survives a killed server, a test company.
 */
#include "sys.h"

#include "http_request.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

bool sys_failed;
static const char *test_name = "system";
static void (*test_cleanup)(void);
static gint64 t0;
/* The log of the last server started: its tail is printed on a failure
 * (a sanitizer report of the server is there, not in the test's output). */
static char *server_log;

static void log_tail(const char *log);

void sys_init(const char *name, void (*cleanup)(void))
{
    test_name = name;
    test_cleanup = cleanup;
    t0 = g_get_monotonic_time();
    signal(SIGPIPE, SIG_IGN);
    setvbuf(stderr, NULL, _IOLBF, 0);
}

double sys_elapsed(void)
{
    return (double)(g_get_monotonic_time() - t0) / 1e6;
}

/* One line to stderr: the test's name, the time, tag, then fmt's text. */
__attribute__((format(printf, 2, 0))) static void say(const char *tag, const char *fmt, va_list ap)
{
    char *m = g_strdup_vprintf(fmt, ap);
    fprintf(stderr, "%s [%6.2f s] %s%s\n", test_name, sys_elapsed(), tag, m);
    g_free(m);
}

void sys_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("", fmt, ap);
    va_end(ap);
}

void sys_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("FAIL: ", fmt, ap);
    va_end(ap);
    sys_failed = true;
    if (server_log)
        log_tail(server_log);
    void (*c)(void) = test_cleanup;
    test_cleanup = NULL; /* a failure inside the clean-up does not loop */
    if (c)
        c();
    exit(1);
}

char *sys_tmpdir(void)
{
    GError *err = NULL;
    char *d = g_dir_make_tmp("vo-system-XXXXXX", &err);
    if (!d)
        sys_fail("cannot make a temporary directory: %s", err->message);
    return d;
}

void sys_rmtree(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return;
    const char *name;
    while ((name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
            sys_rmtree(p);
        else
            g_unlink(p);
        g_free(p);
    }
    g_dir_close(d);
    g_rmdir(dir);
}

void sys_tmp_done(const char *dir, const char *what)
{
    if (!dir)
        return;
    if (sys_failed || getenv("VO_KEEP"))
        fprintf(stderr, "%s: %s kept in %s\n", test_name, what, dir);
    else
        sys_rmtree(dir);
}

const char *sys_binary(void)
{
    const char *b = getenv("VO_BINARY");
    return b && *b ? b : VO_BINARY;
}

/* In a forked child: stdin from /dev/null, stdout and stderr to log. */
static void child_io(const char *log)
{
    int in = open("/dev/null", O_RDONLY);
    int out = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (in < 0 || out < 0)
        _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(out, 2);
    close(in);
    close(out);
}

int sys_run(const char *log, const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (gpointer) "voronka");
    for (const char *const *a = args; *a; a++)
        g_ptr_array_add(argv, (gpointer)*a);
    g_ptr_array_add(argv, NULL);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        sys_fail("fork: %s", strerror(errno));
    if (pid == 0) {
        child_io(log);
        execv(sys_binary(), (char **)argv->pdata);
        _exit(127);
    }
    g_ptr_array_free(argv, TRUE);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static off_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? sb.st_size : 0;
}

/* The port the server printed in log after offset, 0 while not yet. */
static int logged_port(const char *log, off_t from)
{
    char *text = NULL;
    gsize len = 0;
    if (!g_file_get_contents(log, &text, &len, NULL))
        return 0;
    int port = 0;
    if ((gsize)from < len) {
        const char *p = strstr(text + from, "(port ");
        if (p)
            port = (int)strtol(p + 6, NULL, 10);
    }
    g_free(text);
    return port;
}

static void log_tail(const char *log)
{
    char *text = NULL;
    gsize len = 0;
    if (g_file_get_contents(log, &text, &len, NULL))
        fprintf(stderr, "---- %s (last 2000 bytes) ----\n%s\n----\n", log,
                len > 2000 ? text + len - 2000 : text);
    g_free(text);
}

void sys_server_start(struct sys_server *s)
{
    g_free(server_log);
    server_log = g_strdup(s->log);
    off_t from = file_size(s->log);
    char threads[16];
    snprintf(threads, sizeof threads, "%d", s->threads > 0 ? s->threads : 4);
    fflush(NULL);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0)
        sys_fail("fork: %s", strerror(errno));
    if (pid == 0) {
        /* Dies with the test (a test killed by ctest's timeout leaves no
         * server behind, nor a mount held by one). */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(125);
        child_io(s->log);
        execl(sys_binary(), "voronka", "serve", "--db", s->db, "--listen", "127.0.0.1:0", "--quiet",
              "--rate-limit", "0", "--threads", threads, (char *)NULL);
        _exit(127);
    }
    s->pid = pid;
    s->port = 0;
    for (int i = 0; i < 1000 && !s->port; i++) {
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            s->pid = 0;
            sys_fail("voronka serve exited at start (status %d)",
                     WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
        }
        s->port = logged_port(s->log, from);
        if (!s->port)
            g_usleep(10000);
    }
    if (!s->port) {
        sys_fail("voronka serve printed no port within 10 s");
    }
    for (int i = 0; i < 1000; i++) {
        struct sys_resp r = sys_http(s->port, "GET", "/api/v1/health", NULL, NULL, NULL, NULL);
        int status = r.status;
        sys_resp_free(&r);
        if (status == 200)
            return;
        g_usleep(10000);
    }
    sys_fail("voronka serve on port %d: /api/v1/health is not 200 within 10 s", s->port);
}

int sys_server_signal(struct sys_server *s, int sig)
{
    int st = 0;
    if (s->pid <= 0)
        return -1;
    kill(s->pid, sig);
    while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR)
        ;
    s->pid = 0;
    return st;
}

void sys_server_stop(struct sys_server *s)
{
    if (s->pid <= 0)
        return;
    kill(s->pid, SIGTERM);
    int st = 0;
    for (int i = 0; i < 1500; i++) {
        pid_t w = waitpid(s->pid, &st, WNOHANG);
        if (w == s->pid) {
            s->pid = 0;
            if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
                sys_fail("voronka serve did not stop cleanly on SIGTERM (status %d)",
                         WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
            }
            return;
        }
        g_usleep(10000);
    }
    sys_server_signal(s, SIGKILL);
    sys_fail("voronka serve did not stop within 15 s of SIGTERM");
}

void sys_server_free(struct sys_server *s)
{
    if (s->pid > 0)
        sys_server_signal(s, SIGKILL);
    g_free(s->db);
    g_free(s->log);
    s->db = s->log = NULL;
}

/* ---- HTTP ---- */

static char *header_value(const char *head, size_t head_len, const char *name)
{
    size_t n = strlen(name);
    /* after the status line, one header a line up to the blank line */
    for (const char *p = strstr(head, "\r\n"); p && p < head + head_len; p = strstr(p, "\r\n")) {
        p += 2;
        if (g_ascii_strncasecmp(p, name, n) == 0 && p[n] == ':') {
            const char *v = p + n + 1;
            while (*v == ' ')
                v++;
            return g_strndup(v, strcspn(v, "\r"));
        }
    }
    return NULL;
}

struct sys_resp sys_http(int port, const char *method, const char *path, const char *bearer,
                         const char *cookie, const char *csrf, const char *body)
{
    struct sys_resp out = {0};
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return out;
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return out;
    }
    GString *req = vo_test_request_text(method, path, cookie, csrf, bearer, "application/json",
                                        body, body ? strlen(body) : 0);
    bool sent = vo_test_send_all(fd, req);
    g_string_free(req, TRUE);
    GString *in = g_string_new(NULL);
    char buf[16384];
    ssize_t n = 0;
    while (sent && (n = read(fd, buf, sizeof buf)) > 0)
        g_string_append_len(in, buf, n);
    bool clean_eof = sent && n == 0;
    close(fd);
    /* An answer counts only when it arrived whole: the head and as many
     * bytes of body as Content-Length says (or a clean end without it). */
    const char *end = strstr(in->str, "\r\n\r\n");
    int status = 0;
    if (end && sscanf(in->str, "HTTP/1.1 %d", &status) == 1) {
        size_t head_len = (size_t)(end - in->str);
        size_t have = in->len - head_len - 4;
        char *cl = header_value(in->str, head_len, "Content-Length");
        bool whole = cl ? strtoull(cl, NULL, 10) == have : clean_eof;
        g_free(cl);
        if (whole) {
            out.status = status;
            out.body = g_strndup(end + 4, have);
            out.json = json_loads(out.body, 0, NULL);
            char *sc = header_value(in->str, head_len, "Set-Cookie");
            if (sc && g_str_has_prefix(sc, "vo_session=")) {
                char *v = g_strndup(sc + 11, strcspn(sc + 11, ";"));
                json_t *o = out.json;
                if (json_is_object(o))
                    json_object_set_new(o, "_cookie", json_string(v));
                g_free(v);
            }
            g_free(sc);
        }
    }
    g_string_free(in, TRUE);
    return out;
}

void sys_resp_free(struct sys_resp *r)
{
    g_free(r->body);
    if (r->json)
        json_decref(r->json);
    r->body = NULL;
    r->json = NULL;
}

struct sys_resp sys_http_want(int want, int port, const char *method, const char *path,
                              const char *bearer, const char *body)
{
    struct sys_resp r = sys_http(port, method, path, bearer, NULL, NULL, body);
    if (r.status != want)
        sys_fail("%s %s: status %d, want %d: %s", method, path, r.status, want,
                 r.body ? r.body : "(no answer)");
    return r;
}

int64_t sys_int(const json_t *o, const char *key)
{
    return (int64_t)json_integer_value(json_object_get(o, key));
}

const char *sys_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* ---- a test company ---- */

static struct sys_resp as_admin(int port, const char *cookie, const char *csrf, const char *path,
                                json_t *body)
{
    char *text = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    struct sys_resp r = sys_http(port, "POST", path, NULL, cookie, csrf, text);
    if (r.status != 201 && r.status != 200)
        sys_fail("POST %s: status %d: %s", path, r.status, r.body ? r.body : "(no answer)");
    free(text);
    return r;
}

void sys_company_init(struct sys_company *c, struct sys_server *s, const char *db, int ntokens)
{
    memset(c, 0, sizeof *c);
    c->db = g_strdup(db);
    const char *init[] = {"init", "--db",    db,        "--empty", "--org",
                          "Тест", "--admin", SYS_ADMIN, NULL};
    if (sys_run(s->log, init) != 0)
        sys_fail("voronka init failed (see %s)", s->log);
    const char *pw[] = {"user", "passwd", SYS_ADMIN, "--db", db, "--password", SYS_PASSWORD, NULL};
    if (sys_run(s->log, pw) != 0)
        sys_fail("voronka user passwd failed (see %s)", s->log);
    s->db = g_strdup(db);
    sys_server_start(s);

    json_t *login = json_pack("{s:s, s:s}", "email", SYS_ADMIN, "password", SYS_PASSWORD);
    struct sys_resp r = as_admin(s->port, NULL, NULL, "/api/v1/session", login);
    char *cookie = g_strdup(sys_str(r.json, "_cookie"));
    char *csrf = g_strdup(sys_str(r.json, "csrf_token"));
    sys_resp_free(&r);
    if (!*cookie || !*csrf)
        sys_fail("sign-in gave no session cookie or CSRF token");
    r = as_admin(s->port, cookie, csrf, "/api/v1/pipelines", json_pack("{s:s}", "name", "Продажи"));
    int64_t pipeline = sys_int(r.json, "id");
    sys_resp_free(&r);
    static const char *const names[4] = {"A", "B", "C", "D"};
    char path[64];
    snprintf(path, sizeof path, "/api/v1/pipelines/%lld/stages", (long long)pipeline);
    for (int i = 0; i < 4; i++) {
        r = as_admin(s->port, cookie, csrf, path, json_pack("{s:s}", "name", names[i]));
        json_t *st = json_array_get(json_object_get(r.json, "stages"), (size_t)i);
        c->stage[i] = sys_int(st, "id");
        if (strcmp(sys_str(st, "name"), names[i]) != 0 || c->stage[i] <= 0)
            sys_fail("stage %s not created: %s", names[i], r.body);
        sys_resp_free(&r);
    }
    c->ntokens = ntokens;
    c->tokens = g_new0(char *, (size_t)ntokens + 1);
    for (int i = 0; i < ntokens; i++) {
        char name[32];
        snprintf(name, sizeof name, "client %d", i);
        r = as_admin(s->port, cookie, csrf, "/api/v1/tokens", json_pack("{s:s}", "name", name));
        c->tokens[i] = g_strdup(sys_str(r.json, "token"));
        if (strlen(c->tokens[i]) != 64)
            sys_fail("token %d: %s", i, r.body);
        sys_resp_free(&r);
    }
    g_free(cookie);
    g_free(csrf);
}

void sys_company_free(struct sys_company *c)
{
    g_free(c->dir);
    g_free(c->db);
    g_strfreev(c->tokens);
    memset(c, 0, sizeof *c);
}

/* ---- the database ---- */

static sqlite3 *open_db(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        sys_fail("cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_busy_timeout(db, 5000);
    return db;
}

char *sys_integrity(const char *path)
{
    sqlite3 *db = open_db(path);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
        sys_fail("integrity_check of %s: %s", path, sqlite3_errmsg(db));
    GString *all = g_string_new(NULL);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW)
        g_string_append_printf(all, "%s%s", all->len ? "; " : "",
                               (const char *)sqlite3_column_text(s, 0));
    if (rc != SQLITE_DONE)
        g_string_append_printf(all, "%s(step: %s)", all->len ? "; " : "", sqlite3_errmsg(db));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return g_string_free(all, FALSE);
}

int64_t sys_count(const char *path, const char *sql, const char *param)
{
    sqlite3 *db = open_db(path);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
        sys_fail("%s: %s", sql, sqlite3_errmsg(db));
    if (param)
        sqlite3_bind_text(s, 1, param, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_ROW)
        sys_fail("%s: no row (%s)", sql, sqlite3_errmsg(db));
    int64_t v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}
