/*
 * client_addr.c - the client's address behind trusted reverse proxies.
 *
 * A forwarding header is believed only from a peer the administrator named
 * (`--trusted-proxy`): from anyone else it is a claim the client makes about
 * itself, and believing it would let a guesser pick a new address for every
 * password (docs/api-session.md). A proxy appends the address it received
 * the request from to X-Forwarded-For, so the header is read from the right:
 * hops added by our own proxies are skipped, the first other one is the
 * client; whatever lies to the left of it was written by the client.
 */
#include "http/client_addr.h"

#include <arpa/inet.h>
#include <glib.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <string.h>

/* An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address. */
static void unmap(struct vo_ip *ip)
{
    static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (ip->family == AF_INET6 && memcmp(ip->bytes, prefix, sizeof prefix) == 0) {
        memmove(ip->bytes, ip->bytes + 12, 4);
        memset(ip->bytes + 4, 0, 12);
        ip->family = AF_INET;
    }
}

/* Parses len bytes of s as one address: "1.2.3.4", "2001:db8::1", and
 * with_port, the forms some proxies write, "1.2.3.4:5678", "[2001:db8::1]"
 * and "[2001:db8::1]:5678"; white space around it is ignored. */
static bool parse_ip(const char *s, size_t len, bool with_port, struct vo_ip *out)
{
    while (len && g_ascii_isspace(*s))
        s++, len--;
    while (len && g_ascii_isspace(s[len - 1]))
        len--;
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *host = buf;
    char *port = NULL;
    if (!with_port) {
        /* a bare address only */
    } else if (buf[0] == '[') {
        char *close = strchr(buf, ']');
        if (!close || (close[1] && close[1] != ':'))
            return false;
        *close = '\0';
        host = buf + 1;
        port = close[1] == ':' ? close + 2 : NULL;
    } else if (strchr(buf, ':') && strchr(buf, ':') == strrchr(buf, ':')) {
        port = strchr(buf, ':'); /* one colon: IPv4 with a port */
        *port++ = '\0';
    }
    if (port && (!*port || strspn(port, "0123456789") != strlen(port) || strlen(port) > 5))
        return false;
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, host, out->bytes) == 1) {
        out->family = AF_INET;
    } else if (inet_pton(AF_INET6, host, out->bytes) == 1) {
        out->family = AF_INET6;
        unmap(out);
    } else {
        return false;
    }
    return true;
}

static void ip_text(const struct vo_ip *ip, char *out, size_t n)
{
    if (!inet_ntop(ip->family, ip->bytes, out, (socklen_t)n) && n)
        out[0] = '\0';
}

static bool is_trusted(const struct vo_trusted_proxies *tp, const struct vo_ip *ip)
{
    for (unsigned i = 0; tp && i < tp->n; i++)
        if (tp->ip[i].family == ip->family &&
            memcmp(tp->ip[i].bytes, ip->bytes, ip->family == AF_INET ? 4 : 16) == 0)
            return true;
    return false;
}

vo_err vo_trusted_proxies_parse(const char *list, struct vo_trusted_proxies *out,
                                struct vo_error *e)
{
    memset(out, 0, sizeof *out);
    const char *p = list ? list : "";
    for (;;) {
        size_t len = strcspn(p, ",");
        if (out->n == VO_TRUSTED_PROXIES_MAX)
            return vo_error_set(e, VO_EUSAGE, "trusted-proxy", "at most %d addresses",
                                VO_TRUSTED_PROXIES_MAX);
        if (!parse_ip(p, len, false, &out->ip[out->n]))
            return vo_error_set(e, VO_EUSAGE, "trusted-proxy",
                                "\"%.*s\" is not an IPv4 or IPv6 address", (int)len, p);
        out->n++;
        if (!p[len])
            break;
        p += len + 1;
    }
    return VO_OK;
}

void vo_client_addr_derive(const struct sockaddr *peer, const char *forwarded_for,
                           const char *real_ip, const struct vo_trusted_proxies *tp, char *out,
                           size_t n)
{
    struct vo_ip cand = {0};
    if (peer && peer->sa_family == AF_INET) {
        cand.family = AF_INET;
        memcpy(cand.bytes, &((const struct sockaddr_in *)(const void *)peer)->sin_addr, 4);
    } else if (peer && peer->sa_family == AF_INET6) {
        cand.family = AF_INET6;
        memcpy(cand.bytes, &((const struct sockaddr_in6 *)(const void *)peer)->sin6_addr, 16);
        unmap(&cand);
    } else {
        if (n)
            out[0] = '\0';
        return;
    }
    if (is_trusted(tp, &cand)) {
        struct vo_ip ip;
        if (forwarded_for && *forwarded_for) {
            const char *end = forwarded_for + strlen(forwarded_for);
            for (;;) {
                const char *start = end;
                while (start > forwarded_for && start[-1] != ',')
                    start--;
                if (!parse_ip(start, (size_t)(end - start), true, &ip))
                    break;
                cand = ip;
                if (!is_trusted(tp, &ip) || start == forwarded_for)
                    break;
                end = start - 1; /* before the comma */
            }
        } else if (real_ip && parse_ip(real_ip, strlen(real_ip), true, &ip)) {
            cand = ip;
        }
    }
    ip_text(&cand, out, n);
}

/* Collects every X-Forwarded-For line, in order, joined with commas. */
static enum MHD_Result collect_xff(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    GString *s = cls;
    if (key && value && g_ascii_strcasecmp(key, "X-Forwarded-For") == 0) {
        if (s->len)
            g_string_append_c(s, ',');
        g_string_append(s, value);
    }
    return MHD_YES;
}

const char *vo_client_address(struct MHD_Connection *conn, const struct vo_trusted_proxies *tp,
                              struct vo_arena *a)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *peer = ci ? ci->client_addr : NULL;
    char text[VO_ADDR_TEXT];
    if (tp && tp->n) {
        GString *xff = g_string_new(NULL);
        MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_xff, xff);
        vo_client_addr_derive(peer, xff->str,
                              MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP"), tp,
                              text, sizeof text);
        g_string_free(xff, TRUE);
    } else {
        vo_client_addr_derive(peer, NULL, NULL, NULL, text, sizeof text);
    }
    return vo_arena_strdup(a, text);
}
