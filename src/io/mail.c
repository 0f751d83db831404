/*
 * mail.c - one e-mail through libcurl's SMTP (mail.h).
 *
 * The message is composed here: RFC 5322 headers (Date in UTC, a random
 * Message-ID, encoded-words for what is not ASCII) and the text in base64,
 * 76 characters a line; libcurl speaks SMTP (EHLO, STARTTLS, AUTH, MAIL,
 * RCPT, DATA, the dot-stuffing) and reads the message through a callback.
 *
 * A failure of the far side is VO_EREMOTE with one of a few stable
 * messages (the table `refusals`: a name that does not resolve, no
 * connection, a refused login, TLS, a refused sender or recipient, a
 * time-out), each in the catalogue with its Russian; libcurl's own English
 * words go only to the log (stderr, the server's log), never to the user.
 */
#include "io/mail.h"

#include <curl/curl.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

bool vo_mail_url_ok(const char *url)
{
    const char *host = NULL;
    if (url && g_str_has_prefix(url, "smtp://"))
        host = url + strlen("smtp://");
    else if (url && g_str_has_prefix(url, "smtps://"))
        host = url + strlen("smtps://");
    if (!host || !*host || *host == ':' || *host == '/')
        return false;
    for (const char *p = host; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '@')
            return false;
    return true;
}

/* An encoded-word of s when it is not plain ASCII (RFC 2047, "B"). */
static void header_text(GString *out, const char *s)
{
    bool ascii = true;
    for (const char *p = s; *p; p++)
        ascii = ascii && (unsigned char)*p >= ' ' && (unsigned char)*p < 127;
    if (ascii) {
        g_string_append(out, s);
        return;
    }
    gchar *b = g_base64_encode((const guchar *)s, strlen(s));
    g_string_append_printf(out, "=?UTF-8?B?%s?=", b);
    g_free(b);
}

static void address(GString *out, const char *name, const char *addr)
{
    if (name && *name) {
        header_text(out, name);
        g_string_append_printf(out, " <%s>", addr);
    } else {
        g_string_append(out, addr);
    }
}

/* The whole message, CRLF line ends. */
static GString *compose(const struct vo_mail *m)
{
    GString *out = g_string_new(NULL);
    GDateTime *now = g_date_time_new_now_utc();
    /* RFC 5322's day and month names are English whatever the locale
     * (g_date_time_format's %a and %b follow the locale) */
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    gchar *date = g_strdup_printf(
        "%s, %02d %s %04d %02d:%02d:%02d +0000", days[g_date_time_get_day_of_week(now) - 1],
        g_date_time_get_day_of_month(now), months[g_date_time_get_month(now) - 1],
        g_date_time_get_year(now), g_date_time_get_hour(now), g_date_time_get_minute(now),
        g_date_time_get_second(now));
    const char *at = strrchr(m->from, '@');
    g_string_append_printf(out, "Date: %s\r\nMessage-ID: <%08x%08x.%lld@%s>\r\nFrom: ", date,
                           g_random_int(), g_random_int(), (long long)g_date_time_to_unix(now),
                           at ? at + 1 : "voronka");
    g_free(date);
    g_date_time_unref(now);
    address(out, m->from_name, m->from);
    g_string_append(out, "\r\nTo: ");
    address(out, m->to_name, m->to);
    g_string_append(out, "\r\nSubject: ");
    header_text(out, m->subject);
    g_string_append(out, "\r\nMIME-Version: 1.0\r\n"
                         "Content-Type: text/plain; charset=utf-8\r\n"
                         "Content-Transfer-Encoding: base64\r\n\r\n");
    GString *text = g_string_new(NULL);
    for (const char *p = m->text; *p; p++) {
        if (*p == '\n')
            g_string_append(text, "\r\n");
        else
            g_string_append_c(text, *p);
    }
    gchar *b = g_base64_encode((const guchar *)text->str, text->len);
    g_string_free(text, TRUE);
    for (size_t i = 0, n = strlen(b); i < n; i += 76) {
        g_string_append_len(out, b + i, (gssize)(n - i < 76 ? n - i : 76));
        g_string_append(out, "\r\n");
    }
    g_free(b);
    return out;
}

struct reader {
    const GString *msg;
    size_t off;
};

static size_t read_msg(char *buf, size_t size, size_t n, void *data)
{
    struct reader *r = data;
    size_t want = size * n, left = r->msg->len - r->off;
    size_t k = want < left ? want : left;
    memcpy(buf, r->msg->str + r->off, k);
    r->off += k;
    return k;
}

/* What the user is told of a failed send, by libcurl's code. A refused
 * MAIL FROM or RCPT TO are both CURLE_SEND_ERROR: libcurl's error buffer
 * names the command ("MAIL failed: 550", "RCPT failed: 550"). */
static const struct {
    CURLcode code;
    const char *prefix; /* of libcurl's error text, NULL for any */
    const char *msg;
} refusals[] = {
    {CURLE_COULDNT_RESOLVE_HOST, NULL,
     VO_MSG("the mail server's name cannot be found: check the address")},
    {CURLE_COULDNT_CONNECT, NULL,
     VO_MSG("no connection to the mail server: check the address and the port")},
    {CURLE_LOGIN_DENIED, NULL,
     VO_MSG("the mail server refused the login: check the user name and the password")},
    {CURLE_AUTH_ERROR, NULL,
     VO_MSG("the mail server refused the login: check the user name and the password")},
    {CURLE_SSL_CONNECT_ERROR, NULL,
     VO_MSG("the secure connection (TLS) to the mail server failed: check the port and STARTTLS")},
    {CURLE_USE_SSL_FAILED, NULL,
     VO_MSG("the secure connection (TLS) to the mail server failed: check the port and STARTTLS")},
    {CURLE_PEER_FAILED_VERIFICATION, NULL, VO_MSG("the mail server's certificate is not trusted")},
    {CURLE_OPERATION_TIMEDOUT, NULL, VO_MSG("the mail server did not answer in time")},
    {CURLE_SEND_ERROR, "RCPT", VO_MSG("the mail server refused the recipient's address")},
    {CURLE_SEND_ERROR, "MAIL", VO_MSG("the mail server refused the sender's address")},
};

static const char *refusal(CURLcode rc, const char *detail)
{
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++)
        if (refusals[i].code == rc &&
            (!refusals[i].prefix || g_str_has_prefix(detail, refusals[i].prefix)))
            return refusals[i].msg;
    return VO_MSG("the mail server did not take the message");
}

/* libcurl's global set-up, once per process (it is not thread-safe
 * itself: GOnce makes it so). */
static gpointer global_init(gpointer unused)
{
    (void)unused;
    return GINT_TO_POINTER(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
}

vo_err vo_mail_send(const struct vo_mail_server *srv, const struct vo_mail *m, struct vo_error *e)
{
    static GOnce once = G_ONCE_INIT;
    if (!GPOINTER_TO_INT(g_once(&once, global_init, NULL)))
        return vo_error_set(e, VO_EIO, "smtp", "the mail library could not start");
    if (!vo_mail_url_ok(srv->url))
        return vo_error_set(e, VO_EINVAL, "smtp", "not an SMTP server address: %s",
                            srv->url ? srv->url : "(none)");
    CURL *c = curl_easy_init();
    if (!c)
        return vo_error_set(e, VO_EIO, "smtp", "the mail library could not start");
    GString *msg = compose(m);
    struct reader rd = {msg, 0};
    char from[300], errbuf[CURL_ERROR_SIZE] = "";
    g_snprintf(from, sizeof from, "<%s>", m->from);
    struct curl_slist *rcpt = curl_slist_append(NULL, m->to);
    curl_easy_setopt(c, CURLOPT_URL, srv->url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_msg);
    curl_easy_setopt(c, CURLOPT_READDATA, &rd);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)VO_MAIL_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    if (g_str_has_prefix(srv->url, "smtp://"))
        curl_easy_setopt(c, CURLOPT_USE_SSL,
                         (long)(srv->starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
    if (srv->username && *srv->username) {
        curl_easy_setopt(c, CURLOPT_USERNAME, srv->username);
        curl_easy_setopt(c, CURLOPT_PASSWORD, srv->password ? srv->password : "");
    }
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    g_string_free(msg, TRUE);
    if (rc == CURLE_OK)
        return VO_OK;
    /* the detail for whoever reads the server's log; the URL holds no
     * password (vo_mail_url_ok refuses a user part) */
    fprintf(stderr, "mail: %s: curl %d: %s\n", srv->url, (int)rc,
            errbuf[0] ? errbuf : curl_easy_strerror(rc));
    return vo_error_set(e, VO_EREMOTE, "smtp", "%s", refusal(rc, errbuf));
}
