/*
 * rest_get.c - one GET of another CRM's REST API (rest_get.h).
 */
#include "io/rest_get.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <glib.h>
#include <string.h>

unsigned vo_rest_retry_ms = 1000;

struct answer {
    GString *body;
    bool too_big;
};

static size_t collect(char *p, size_t size, size_t n, void *ctx)
{
    struct answer *a = ctx;
    size_t len = size * n;
    if (a->body->len + len > VO_REST_MAX_BYTES) {
        a->too_big = true;
        return 0; /* libcurl stops the transfer */
    }
    g_string_append_len(a->body, p, (gssize)len);
    return len;
}

static gpointer global_init(gpointer unused)
{
    (void)unused;
    return GINT_TO_POINTER(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
}

char *vo_rest_escape(const char *s)
{
    char *c = curl_easy_escape(NULL, s, 0);
    char *out = g_strdup(c ? c : "");
    curl_free(c);
    return out;
}

/* One attempt: *status is the HTTP status (0 when there was no answer). */
static CURLcode fetch(const char *url, const char *bearer, struct answer *a, long *status,
                      char errbuf[CURL_ERROR_SIZE])
{
    CURL *c = curl_easy_init();
    if (!c)
        return CURLE_FAILED_INIT;
    struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");
    h = curl_slist_append(h, "User-Agent: voronka-sync/1");
    char *auth = bearer ? g_strdup_printf("Authorization: Bearer %s", bearer) : NULL;
    if (auth)
        h = curl_slist_append(h, auth);
    errbuf[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)VO_REST_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    CURLcode rc = curl_easy_perform(c);
    *status = 0;
    if (rc == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(h);
    if (auth) {
        memset(auth, 0, strlen(auth));
        g_free(auth);
    }
    curl_easy_cleanup(c);
    return rc;
}

/* The URL without its query (which may hold a key): for messages. */
static char *url_shown(const char *url)
{
    const char *q = strchr(url, '?');
    return g_strndup(url, q ? (size_t)(q - url) : strlen(url));
}

vo_err vo_rest_get(const char *url, const char *bearer, json_t **out, struct vo_error *e)
{
    static GOnce once = G_ONCE_INIT;
    *out = NULL;
    if (!GPOINTER_TO_INT(g_once(&once, global_init, NULL)))
        return vo_error_set(e, VO_EIO, NULL, "libcurl could not start");
    char errbuf[CURL_ERROR_SIZE];
    char *shown = url_shown(url);
    vo_err rc = VO_OK;
    for (int attempt = 0;; attempt++) {
        struct answer a = {.body = g_string_new(NULL)};
        long status = 0;
        CURLcode cc = fetch(url, bearer, &a, &status, errbuf);
        if (a.too_big) {
            rc = vo_error_set(e, VO_ETOOBIG, NULL, "%s answered more than %d MiB", shown,
                              VO_REST_MAX_BYTES / (1024 * 1024));
        } else if (cc == CURLE_FAILED_INIT) {
            rc = vo_error_set(e, VO_EIO, NULL, "libcurl could not start");
        } else if (cc == CURLE_COULDNT_RESOLVE_HOST) {
            rc = vo_error_set(e, VO_EREMOTE, NULL, "%s did not answer: its host is not found",
                              shown);
        } else if (cc == CURLE_COULDNT_CONNECT) {
            rc = vo_error_set(e, VO_EREMOTE, NULL, "%s did not answer: the connection was refused",
                              shown);
        } else if (cc == CURLE_OPERATION_TIMEDOUT) {
            rc = vo_error_set(e, VO_EREMOTE, NULL, "%s did not answer within %d seconds", shown,
                              VO_REST_TIMEOUT_S);
        } else if (cc != CURLE_OK) {
            rc = vo_error_set(e, VO_EREMOTE, NULL, "%s did not answer: %s", shown,
                              errbuf[0] ? errbuf : curl_easy_strerror(cc));
        } else if ((status == 429 || status == 503) && attempt < VO_REST_RETRIES) {
            g_string_free(a.body, TRUE);
            g_usleep((gulong)vo_rest_retry_ms * 1000u * (gulong)(attempt + 1));
            continue;
        } else if (status < 200 || status > 299) {
            rc = vo_error_set(e, VO_EREMOTE, NULL, "%s answered HTTP %ld: %.200s", shown, status,
                              a.body->str);
        } else if (status != 204 && a.body->len) {
            json_error_t je;
            *out = json_loadb(a.body->str, a.body->len, 0, &je);
            if (!*out)
                rc = vo_error_set(e, VO_EREMOTE, NULL, "%s answered what is not JSON: %s", shown,
                                  je.text);
        }
        g_string_free(a.body, TRUE);
        break;
    }
    g_free(shown);
    return rc;
}
