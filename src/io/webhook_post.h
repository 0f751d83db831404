/*
 * webhook_post.h - one POST of a webhook's JSON body with libcurl
 * (docs/webhooks.md): the headers X-Voronka-Event, X-Voronka-Delivery and
 * X-Voronka-Signature ("sha256=" and the hex HMAC-SHA256 of the body with
 * the webhook's secret, libsodium crypto_auth_hmacsha256), a time limit
 * of VO_WEBHOOK_TIMEOUT_S, no redirects followed.
 */
#ifndef VO_IO_WEBHOOK_POST_H
#define VO_IO_WEBHOOK_POST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define VO_WEBHOOK_TIMEOUT_S 10
/* "sha256=" + 64 hex digits + NUL */
#define VO_WEBHOOK_SIG_LEN 72

/* Whether url is one a webhook posts to: "http://" or "https://" and a
 * host, no spaces or control characters. */
bool vo_webhook_url_ok(const char *url);

struct sockaddr;

/* Whether a post may connect to an address of no public network
 * (loopback, private, link-local, ...): false by default, so a webhook
 * cannot reach the server's own host or network (SSRF); voronka serve
 * --webhooks-private (a receiver on the same machine or LAN) and the
 * tests allow it. Process-wide, thread-safe. */
void vo_webhook_allow_private(bool yes);

/* Whether sa (AF_INET or AF_INET6; any other family counts as private) is
 * of no public network: 0/8, 10/8, 100.64/10, 127/8, 169.254/16,
 * 172.16/12, 192.0.0/24, 192.168/16, 198.18/15, 224/3; ::, ::1, fc00::/7,
 * fe80::/10, ff00::/8 and IPv4-mapped addresses of those. */
bool vo_webhook_addr_private(const struct sockaddr *sa);

/* The signature header's value of body[0..len) with secret (its text, the
 * 64 hex digits as stored, is the HMAC key) into out. */
void vo_webhook_sign(const char *secret, const char *body, size_t len,
                     char out[VO_WEBHOOK_SIG_LEN]);

/* The outcome of a post. */
struct vo_webhook_result {
    long status;     /* the receiver's HTTP status, 0 when there was no answer */
    char error[160]; /* why there was none or it was not 2xx, "" when delivered */
};

/* POSTs body (JSON, len bytes) to url signed with secret, as delivery id
 * of event. VO_OK when the receiver answered 2xx; VO_EREMOTE otherwise
 * (r says the status or the failure); VO_EIO when libcurl cannot start. */
vo_err vo_webhook_post(const char *url, const char *secret, const char *event, int64_t id,
                       const char *body, size_t len, struct vo_webhook_result *r);

#endif
