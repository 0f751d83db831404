/*
 * webhook_post.c - one signed POST of a webhook (webhook_post.h).
 */
#include "io/webhook_post.h"

#include <curl/curl.h>
#include <glib.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

bool vo_webhook_url_ok(const char *url)
{
    if (!url)
        return false;
    size_t skip = strncmp(url, "http://", 7) == 0 ? 7 : strncmp(url, "https://", 8) == 0 ? 8 : 0;
    if (!skip || !url[skip] || url[skip] == '/' || url[skip] == ':')
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == 0x7f)
            return false;
    return true;
}

void vo_webhook_sign(const char *secret, const char *body, size_t len, char out[VO_WEBHOOK_SIG_LEN])
{
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state s;
    crypto_auth_hmacsha256_init(&s, (const unsigned char *)secret, strlen(secret));
    crypto_auth_hmacsha256_update(&s, (const unsigned char *)body, len);
    crypto_auth_hmacsha256_final(&s, mac);
    memcpy(out, "sha256=", 7);
    sodium_bin2hex(out + 7, VO_WEBHOOK_SIG_LEN - 7, mac, sizeof mac);
}

/* The answer's body is not wanted. */
static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
    (void)p, (void)ctx;
    return size * n;
}

/* libcurl's global set-up, once per process (GOnce makes it thread-safe). */
static gpointer global_init(gpointer unused)
{
    (void)unused;
    return GINT_TO_POINTER(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK);
}

vo_err vo_webhook_post(const char *url, const char *secret, const char *event, int64_t id,
                       const char *body, size_t len, struct vo_webhook_result *r)
{
    static GOnce once = G_ONCE_INIT;
    r->status = 0;
    r->error[0] = '\0';
    if (!GPOINTER_TO_INT(g_once(&once, global_init, NULL)) || sodium_init() < 0) {
        snprintf(r->error, sizeof r->error, "libcurl could not start");
        return VO_EIO;
    }
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(r->error, sizeof r->error, "libcurl could not start");
        return VO_EIO;
    }
    char sig[VO_WEBHOOK_SIG_LEN], line[128];
    vo_webhook_sign(secret, body, len, sig);
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    snprintf(line, sizeof line, "X-Voronka-Event: %s", event);
    h = curl_slist_append(h, line);
    snprintf(line, sizeof line, "X-Voronka-Delivery: %lld", (long long)id);
    h = curl_slist_append(h, line);
    snprintf(line, sizeof line, "X-Voronka-Signature: %s", sig);
    h = curl_slist_append(h, line);
    h = curl_slist_append(h, "User-Agent: voronka-webhooks/1");
    h = curl_slist_append(h, "Expect:");
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)VO_WEBHOOK_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)VO_WEBHOOK_TIMEOUT_S);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    CURLcode rc = curl_easy_perform(c);
    vo_err out = VO_EREMOTE;
    if (rc != CURLE_OK) {
        snprintf(r->error, sizeof r->error, "%.150s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    } else {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
        if (r->status >= 200 && r->status < 300)
            out = VO_OK;
        else
            snprintf(r->error, sizeof r->error, "HTTP %ld", r->status);
    }
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return out;
}
