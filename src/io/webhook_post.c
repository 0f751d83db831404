/*
 * webhook_post.c - one signed POST of a webhook (webhook_post.h).
 */
#include "io/webhook_post.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <glib.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static atomic_bool allow_private;

void vo_webhook_allow_private(bool yes)
{
    atomic_store(&allow_private, yes);
}

/* Whether the IPv4 address (host order) is of no public network: this
 * host, a private range, link-local (cloud metadata at 169.254.169.254),
 * shared address space, benchmarking, multicast or reserved. */
static bool v4_private(uint32_t a)
{
    static const struct {
        uint32_t net, mask;
    } nets[] = {
        {0x00000000, 0xff000000}, /* 0/8 */
        {0x0a000000, 0xff000000}, /* 10/8 */
        {0x64400000, 0xffc00000}, /* 100.64/10 */
        {0x7f000000, 0xff000000}, /* 127/8 */
        {0xa9fe0000, 0xffff0000}, /* 169.254/16 */
        {0xac100000, 0xfff00000}, /* 172.16/12 */
        {0xc0000000, 0xffffff00}, /* 192.0.0/24 */
        {0xc0a80000, 0xffff0000}, /* 192.168/16 */
        {0xc6120000, 0xfffe0000}, /* 198.18/15 */
        {0xe0000000, 0xe0000000}, /* 224/3: multicast and reserved */
    };
    for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++)
        if ((a & nets[i].mask) == nets[i].net)
            return true;
    return false;
}

bool vo_webhook_addr_private(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return v4_private(ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr));
    if (sa->sa_family != AF_INET6)
        return true;
    const unsigned char *b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const unsigned char zero[15] = {0};
    if (memcmp(b, mapped, 12) == 0) /* ::ffff:a.b.c.d */
        return v4_private((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 |
                          b[15]);
    return (memcmp(b, zero, 15) == 0 && b[15] <= 1)   /* :: and ::1 */
           || (b[0] & 0xfe) == 0xfc                   /* fc00::/7 unique local */
           || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) /* fe80::/10 link-local */
           || b[0] == 0xff;                           /* multicast */
}

/* What the socket guard saw: the address it refused, "" when none. */
struct guard {
    char refused[INET6_ADDRSTRLEN];
};

/* libcurl's socket opener: a connection to an address of no public
 * network is refused (unless vo_webhook_allow_private), checked on the
 * address libcurl resolved and is about to connect to, so a name that
 * resolves (or re-resolves) to 127.0.0.1 is refused too. */
static curl_socket_t open_socket(void *ctx, curlsocktype purpose, struct curl_sockaddr *a)
{
    struct guard *g = ctx;
    if (purpose == CURLSOCKTYPE_IPCXN && !atomic_load(&allow_private) &&
        vo_webhook_addr_private(&a->addr)) {
        const void *ip =
            a->family == AF_INET
                ? (const void *)&((const struct sockaddr_in *)(const void *)&a->addr)->sin_addr
                : (const void *)&((const struct sockaddr_in6 *)(const void *)&a->addr)->sin6_addr;
        if (!inet_ntop(a->family, ip, g->refused, sizeof g->refused))
            snprintf(g->refused, sizeof g->refused, "?");
        return CURL_SOCKET_BAD;
    }
    return socket(a->family, a->socktype, a->protocol);
}

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
    struct guard g = {""};
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &g);
    CURLcode rc = curl_easy_perform(c);
    vo_err out = VO_EREMOTE;
    if (rc != CURLE_OK && g.refused[0]) {
        snprintf(r->error, sizeof r->error,
                 "refused: %s is a local or private network address (voronka serve "
                 "--webhooks-private allows it)",
                 g.refused);
    } else if (rc != CURLE_OK) {
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
