/*
 * test_mail.c - the e-mail reminders (service/mail.h, io/mail.h,
 * GET/PUT /api/v1/org/mail, POST /api/v1/org/mail/test) against an SMTP
 * sink this test starts: a thread on 127.0.0.1 that speaks enough SMTP
 * (220, EHLO, MAIL, RCPT, DATA, QUIT) to take letters and keep them, or
 * refuses every recipient (550), or offers AUTH and refuses every login
 * (535), when told to.
 *
 * What is checked: the settings (an administrator's; the password written,
 * never answered; bad url / from named); a task due in 10 minutes becomes
 * a task_due_soon notification and one letter to its assignee, Russian
 * subject and text intact through the encodings, the due time in the
 * org's zone, marked sent and never sent twice; e-mail off: marked
 * skipped, nothing sent; a refusal: tried again, given up after
 * VO_MAIL_TRIES_MAX, and the org's other letters wait for the next step;
 * the test letter to the administrator, and its refusals (a recipient, a
 * login, no server at the port) as a 422 remote_refused naming "smtp"
 * with the cause's message id and Russian text, never libcurl's words.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api_fixture.h"
#include "http/remind.h"
#include "base/timeutil.h"
#include "model/mail.h"
#include "service/mail.h"
#include "service/notify.h"
#include "http/http.h"
#include "store/store.h"
#include "testutil.h"

/* ---- the SMTP sink ---- */

struct letter {
    char *from, *to, *data;
};

static struct {
    int fd, port;
    pthread_t thread;
    pthread_mutex_t lock;
    GPtrArray *letters; /* struct letter *, under lock */
    bool refuse;        /* under lock: 550 to every RCPT */
    bool deny_login;    /* under lock: offer AUTH PLAIN, answer 535 to it */
    bool stop;
} sink;

static void say(int c, const char *s)
{
    ssize_t n = write(c, s, strlen(s));
    (void)n;
}

/* One line (CRLF stripped) into line; false at the end. */
static bool read_line(int c, GString *buf, GString *line)
{
    for (;;) {
        char *nl = strstr(buf->str, "\r\n");
        if (nl) {
            g_string_assign(line, "");
            g_string_append_len(line, buf->str, nl - buf->str);
            g_string_erase(buf, 0, nl - buf->str + 2);
            return true;
        }
        char tmp[4096];
        ssize_t n = read(c, tmp, sizeof tmp);
        if (n <= 0)
            return false;
        g_string_append_len(buf, tmp, n);
    }
}

static void session(int c)
{
    GString *buf = g_string_new(NULL), *line = g_string_new(NULL);
    struct letter *l = g_new0(struct letter, 1);
    say(c, "220 sink ESMTP\r\n");
    while (read_line(c, buf, line)) {
        const char *s = line->str;
        pthread_mutex_lock(&sink.lock);
        bool deny_login = sink.deny_login;
        pthread_mutex_unlock(&sink.lock);
        if (g_ascii_strncasecmp(s, "EHLO", 4) == 0 || g_ascii_strncasecmp(s, "HELO", 4) == 0)
            say(c, deny_login ? "250-sink\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n"
                              : "250-sink\r\n250 8BITMIME\r\n");
        else if (deny_login && g_ascii_strncasecmp(s, "AUTH", 4) == 0)
            say(c, "535 5.7.8 authentication credentials invalid\r\n");
        else if (g_ascii_strncasecmp(s, "MAIL FROM:", 10) == 0) {
            g_free(l->from);
            l->from = g_strdup(s + 10);
            say(c, "250 OK\r\n");
        } else if (g_ascii_strncasecmp(s, "RCPT TO:", 8) == 0) {
            pthread_mutex_lock(&sink.lock);
            bool refuse = sink.refuse;
            pthread_mutex_unlock(&sink.lock);
            if (refuse) {
                say(c, "550 5.1.1 mailbox unavailable\r\n");
                continue;
            }
            g_free(l->to);
            l->to = g_strdup(s + 8);
            say(c, "250 OK\r\n");
        } else if (g_ascii_strncasecmp(s, "DATA", 4) == 0) {
            say(c, "354 go on\r\n");
            GString *data = g_string_new(NULL);
            while (read_line(c, buf, line) && strcmp(line->str, ".") != 0)
                g_string_append_printf(data, "%s\n", line->str);
            l->data = g_string_free(data, FALSE);
            pthread_mutex_lock(&sink.lock);
            g_ptr_array_add(sink.letters, l);
            pthread_mutex_unlock(&sink.lock);
            l = g_new0(struct letter, 1);
            say(c, "250 queued\r\n");
        } else if (g_ascii_strncasecmp(s, "QUIT", 4) == 0) {
            say(c, "221 bye\r\n");
            break;
        } else {
            say(c, "250 OK\r\n");
        }
    }
    g_free(l->from);
    g_free(l->to);
    g_free(l->data);
    g_free(l);
    g_string_free(buf, TRUE);
    g_string_free(line, TRUE);
    close(c);
}

static void *sink_run(void *unused)
{
    (void)unused;
    for (;;) {
        int c = accept(sink.fd, NULL, NULL);
        if (c < 0)
            break;
        pthread_mutex_lock(&sink.lock);
        bool stop = sink.stop;
        pthread_mutex_unlock(&sink.lock);
        if (stop) {
            close(c);
            break;
        }
        session(c);
    }
    return NULL;
}

static void letter_free(gpointer p)
{
    struct letter *l = p;
    g_free(l->from);
    g_free(l->to);
    g_free(l->data);
    g_free(l);
}

static void sink_start(void)
{
    pthread_mutex_init(&sink.lock, NULL);
    sink.stop = false;
    sink.letters = g_ptr_array_new_with_free_func(letter_free);
    sink.fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    cr_assert_eq(bind(sink.fd, (struct sockaddr *)&sa, sizeof sa), 0);
    socklen_t len = sizeof sa;
    getsockname(sink.fd, (struct sockaddr *)&sa, &len);
    sink.port = ntohs(sa.sin_port);
    cr_assert_eq(listen(sink.fd, 8), 0);
    pthread_create(&sink.thread, NULL, sink_run, NULL);
}

static void sink_stop(void)
{
    pthread_mutex_lock(&sink.lock);
    sink.stop = true;
    pthread_mutex_unlock(&sink.lock);
    /* wake the accept with a connection of our own */
    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)sink.port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    connect(c, (struct sockaddr *)&sa, sizeof sa);
    close(c);
    pthread_join(sink.thread, NULL);
    close(sink.fd);
    g_ptr_array_unref(sink.letters);
    pthread_mutex_destroy(&sink.lock);
}

static size_t letters(void)
{
    pthread_mutex_lock(&sink.lock);
    size_t n = sink.letters->len;
    pthread_mutex_unlock(&sink.lock);
    return n;
}

static void refuse(bool on)
{
    pthread_mutex_lock(&sink.lock);
    sink.refuse = on;
    pthread_mutex_unlock(&sink.lock);
}

static void deny_login(bool on)
{
    pthread_mutex_lock(&sink.lock);
    sink.deny_login = on;
    pthread_mutex_unlock(&sink.lock);
}

/* POST /api/v1/org/mail/test as the administrator must be refused with
 * 422 remote_refused naming "smtp", the message id and the Russian text
 * given, and none of libcurl's words ("RCPT failed", "Login denied"). */
static void test_letter_refused(const char *id, const char *ru, const char *why)
{
    struct vo_test_resp r = as(vo_api_user("admin"), "POST", "/api/v1/org/mail/test", NULL);
    vo_test_expect(&r, 422, "smtp", why);
    json_t *err = json_object_get(r.json, "error");
    cr_expect_str_eq(jstr(err, "code"), "remote_refused", "%s", why);
    cr_expect_str_eq(jstr(err, "message_id"), id, "%s", why);
    cr_expect_str_eq(jstr(err, "message_ru"), ru, "%s", why);
    cr_expect(!strstr(r.body, "failed") && !strstr(r.body, "denied"), "%s: %s", why, r.body);
    vo_test_resp_free(&r);
}

/* The decoded subject and text of letter i (g_free both). */
static void letter_text(size_t i, char **to, char **subject, char **text)
{
    pthread_mutex_lock(&sink.lock);
    const struct letter *l = g_ptr_array_index(sink.letters, i);
    *to = g_strdup(l->to);
    char *data = g_strdup(l->data);
    pthread_mutex_unlock(&sink.lock);
    char *head_end = strstr(data, "\n\n");
    cr_assert(head_end, "no body: %s", data);
    *head_end = '\0';
    const char *subj = strstr(data, "Subject: =?UTF-8?B?");
    cr_assert(subj, "no encoded subject: %s", data);
    subj += strlen("Subject: =?UTF-8?B?");
    char *b64 = g_strndup(subj, (gsize)(strstr(subj, "?=") - subj));
    gsize n = 0;
    guchar *raw = g_base64_decode(b64, &n);
    *subject = g_strndup((const char *)raw, n);
    g_free(raw);
    g_free(b64);
    cr_expect(strstr(data, "Content-Type: text/plain; charset=utf-8"), "%s", data);
    raw = g_base64_decode(head_end + 2, &n);
    *text = g_strndup((const char *)raw, n);
    g_free(raw);
    g_free(data);
}

/* ---- the suite ---- */

static void setup(void)
{
    sink_start();
    /* the server's own reminder thread ticks at start and then not within
     * the test: the steps are the test's */
    struct vo_server_opts o = {.threads = 2, .body_limit = 64 * 1024, .remind_ms = 3600000};
    vo_api_start(&o, NULL);
    /* ... and that first tick must be over before a step: under load it
     * came during the test's step, both mailers read the same pending
     * notification and each sent it (two letters, one "sent" each; CI,
     * 2026-12-06). Stopping the thread joins it after that tick. */
    vo_remind_stop(vo_api.srv);
}

static void teardown(void)
{
    vo_api_stop();
    sink_stop();
}

TestSuite(mail, .init = setup, .fini = teardown, .timeout = 60);

/* PUT the settings as admin pointing at the sink; enabled as given. */
static void set_mail(bool enabled)
{
    char *body = g_strdup_printf("{\"enabled\":%s,\"url\":\"smtp://127.0.0.1:%d\","
                                 "\"from\":\"crm@example.com\",\"from_name\":\"Воронка\","
                                 "\"username\":\"robot\",\"password\":\"s3cret\","
                                 "\"starttls\":false}",
                                 enabled ? "true" : "false", sink.port);
    struct vo_test_resp r = as(vo_api_user("admin"), "PUT", "/api/v1/org/mail", body);
    cr_assert_eq(r.status, 200, "%s", r.body);
    g_free(body);
    vo_test_resp_free(&r);
}

/* A task for Anna due in `minutes` minutes, through the API. */
static void task_in(int minutes, const char *title)
{
    GDateTime *due = g_date_time_new_from_unix_utc(vo_now() + minutes * 60);
    gchar *iso = g_date_time_format_iso8601(due);
    char *body =
        g_strdup_printf("{\"title\":\"%s\",\"type\":\"call\",\"due_at\":\"%s\"}", title, iso);
    vo_api_create(vo_api_user("anna"), "/api/v1/tasks", body);
    g_free(body);
    g_free(iso);
    g_date_time_unref(due);
}

/* The reminders' tick, then the mailer's step; the letters sent. */
static size_t step(void)
{
    struct vo_store *st = vo_api_open(0);
    struct vo_arena a;
    vo_arena_init(&a, 0);
    struct vo_error e = {0};
    struct vo_notification *v;
    size_t n, sent = 0;
    cr_assert_eq(vo_svc_notify_tick(st, vo_now(), &a, &v, &n, &e), VO_OK, "%s", e.msg);
    cr_assert_eq(vo_svc_mail_tick(st, vo_now(), 50, &a, &sent, &e), VO_OK, "%s", e.msg);
    vo_arena_cleanup(&a);
    vo_store_close(st);
    return sent;
}

/* mail_tries and mail_error of the notification about title; whether it
 * is marked done (mailed_at set). */
static bool mark_of(const char *title, int64_t *tries, char **error)
{
    GPtrArray *row = vo_test_sql_row(vo_api.db_path,
                                     "SELECT mail_tries, mail_error, mailed_at IS NOT NULL "
                                     "FROM notifications WHERE title = ?1",
                                     title);
    cr_assert(row, "no notification \"%s\"", title);
    *tries = vo_test_cell_int(row, 0, 0);
    const char *err = vo_test_cell(row, 1);
    *error = g_strdup(err ? err : "");
    bool done = vo_test_cell_int(row, 2, 0) != 0;
    g_ptr_array_unref(row);
    return done;
}

Test(mail, settings_are_the_administrators_and_the_password_is_never_answered)
{
    set_mail(true);
    struct vo_test_resp r = as(vo_api_user("admin"), "GET", "/api/v1/org/mail", NULL);
    cr_assert_eq(r.status, 200);
    cr_expect(json_is_true(json_object_get(r.json, "password_set")));
    cr_expect_null(json_object_get(r.json, "password"));
    cr_expect_null(strstr(r.body, "s3cret"), "%s", r.body);
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "from_name")), "Воронка");
    vo_test_resp_free(&r);
    const struct vo_test_login *admin = vo_api_user("admin");
    const struct vo_api_case cases[] = {
        {vo_api_user("head"), "GET", "/api/v1/org/mail", NULL, 403, NULL, "a head"},
        {vo_api_user("anna"), "PUT", "/api/v1/org/mail", "{\"enabled\":false}", 403, NULL,
         "a manager"},
        {admin, "PUT", "/api/v1/org/mail", "{\"url\":\"http://mail.example.com\"}", 422, "url",
         "not smtp"},
        {admin, "PUT", "/api/v1/org/mail", "{\"from\":\"no address\"}", 422, "from",
         "a bad sender"},
        {admin, "PUT", "/api/v1/org/mail", "{\"port\":25}", 422, "port", "an unknown field"},
        {NULL, NULL, NULL, NULL, 0, NULL, NULL},
    };
    vo_api_expect_all(cases);
    /* "" removes the password; the rest is kept */
    r = as(admin, "PUT", "/api/v1/org/mail", "{\"password\":\"\"}");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(json_is_false(json_object_get(r.json, "password_set")));
    cr_expect_str_eq(json_string_value(json_object_get(r.json, "username")), "robot");
    vo_test_resp_free(&r);
}

Test(mail, a_reminder_is_one_letter_in_russian)
{
    set_mail(true);
    task_in(10, "Позвонить в «Ромашку»");
    cr_assert_eq(step(), 1);
    cr_assert_eq(letters(), 1);
    char *to, *subject, *text;
    letter_text(0, &to, &subject, &text);
    cr_expect_str_eq(to, "<anna@example.com>");
    cr_expect_str_eq(subject, "Через 15 минут: Позвонить в «Ромашку»");
    cr_expect(strstr(text, "Здравствуйте, Анна Менеджер!"), "%s", text);
    cr_expect(strstr(text, "Через 15 минут срок задачи «Позвонить в «Ромашку»»: "), "%s", text);
    /* the due time in the org's zone (Moscow) */
    GTimeZone *msk = g_time_zone_new_identifier("Europe/Moscow");
    GDateTime *due = g_date_time_new_now(msk);
    GDateTime *d10 = g_date_time_add_minutes(due, 10);
    gchar *hm = g_date_time_format(d10, "%d.%m.%Y %H:");
    cr_expect(strstr(text, hm), "%s lacks %s", text, hm);
    g_free(hm);
    g_date_time_unref(d10);
    g_date_time_unref(due);
    g_time_zone_unref(msk);
    g_free(to);
    g_free(subject);
    g_free(text);
    int64_t tries;
    char *error;
    cr_expect(mark_of("Позвонить в «Ромашку»", &tries, &error));
    cr_expect_eq(tries, 1);
    cr_expect_str_eq(error, "");
    g_free(error);
    /* never twice */
    cr_expect_eq(step(), 0);
    cr_expect_eq(letters(), 1);
}

Test(mail, with_email_off_nothing_is_sent)
{
    set_mail(false);
    task_in(10, "Тихая задача");
    cr_assert_eq(step(), 0);
    cr_expect_eq(letters(), 0);
    int64_t tries;
    char *error;
    cr_expect(mark_of("Тихая задача", &tries, &error));
    cr_expect_eq(tries, 0);
    cr_expect_str_eq(error, "e-mail is off");
    g_free(error);
    /* turned on later: an old notification is not mailed after all */
    set_mail(true);
    cr_expect_eq(step(), 0);
}

Test(mail, a_refusal_is_tried_again_then_given_up)
{
    set_mail(true);
    refuse(true);
    task_in(10, "Первая");
    task_in(11, "Вторая");
    cr_assert_eq(step(), 0);
    int64_t tries;
    char *error;
    cr_expect_not(mark_of("Первая", &tries, &error));
    cr_expect_eq(tries, 1);
    cr_expect_str_eq(error, "the mail server refused the recipient's address");
    g_free(error);
    /* the org's server refused: its other letter waits, untried */
    cr_expect_not(mark_of("Вторая", &tries, &error));
    cr_expect_eq(tries, 0);
    g_free(error);
    for (int i = 0; i < 2 * VO_MAIL_TRIES_MAX; i++)
        step();
    cr_expect(mark_of("Первая", &tries, &error), "given up");
    cr_expect_eq(tries, VO_MAIL_TRIES_MAX);
    g_free(error);
    cr_expect(mark_of("Вторая", &tries, &error), "given up too");
    g_free(error);
    cr_expect_eq(letters(), 0);
}

Test(mail, the_test_letter_goes_to_the_administrator)
{
    const struct vo_test_login *admin = vo_api_user("admin");
    vo_api_expect(admin, "POST", "/api/v1/org/mail/test", NULL, 404, NULL, "not set up yet");
    set_mail(false);
    struct vo_test_resp r = as(admin, "POST", "/api/v1/org/mail/test", NULL);
    cr_assert_eq(r.status, 200, "%s", r.body);
    vo_test_resp_free(&r);
    cr_assert_eq(letters(), 1);
    char *to, *subject, *text;
    letter_text(0, &to, &subject, &text);
    cr_expect_str_eq(to, "<admin@example.com>");
    cr_expect_str_eq(subject, "voronka: проверка почты");
    g_free(to);
    g_free(subject);
    g_free(text);
    refuse(true);
    test_letter_refused("mail.recipient_refused", "Почтовый сервер отклонил адрес получателя",
                        "the recipient refused");
    refuse(false);
    deny_login(true);
    test_letter_refused("mail.login_refused",
                        "Почтовый сервер отклонил вход: проверьте логин и пароль",
                        "the login refused");
    deny_login(false);
    cr_assert_eq(letters(), 1, "a refused letter is not taken");
}

Test(mail, no_server_at_the_port_is_no_connection)
{
    /* a port of 127.0.0.1 nobody listens on: the sink's, once stopped */
    set_mail(false);
    sink_stop();
    test_letter_refused("mail.no_connection",
                        "Нет соединения с почтовым сервером: проверьте адрес и порт",
                        "nobody at the port");
    sink_start();
}
