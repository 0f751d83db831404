/*
 * client_addr.h - who the client is, as an address: the TCP peer, unless
 * the peer is one of the reverse proxies named by `voronka serve
 * --trusted-proxy`; then the address that proxy says it forwarded for
 * (X-Forwarded-For, else X-Real-IP). Only src/http/ includes it.
 */
#ifndef VO_HTTP_CLIENT_ADDR_H
#define VO_HTTP_CLIENT_ADDR_H

#include <stddef.h>
#include <sys/socket.h>

#include "base/arena.h"
#include "http/http.h"

#define VO_ADDR_TEXT 46 /* INET6_ADDRSTRLEN: the longest address as text */

/* The client's address as text into out (n >= VO_ADDR_TEXT bytes; "" when
 * peer is NULL or not IP). When peer is in tp, X-Forwarded-For
 * (forwarded_for: every line of it joined with commas, may be NULL) is
 * read from its last hop backwards: the first address that is not itself
 * a trusted proxy is the client (a hop that is not an address stops the
 * walk at the hop before it); without that header, X-Real-IP (real_ip,
 * may be NULL); without either, the peer. Addresses are written in their
 * canonical form (inet_ntop), an IPv4-mapped IPv6 address as IPv4. */
void vo_client_addr_derive(const struct sockaddr *peer, const char *forwarded_for,
                           const char *real_ip, const struct vo_trusted_proxies *tp, char *out,
                           size_t n);

struct MHD_Connection;
/* vo_client_addr_derive for a connection's peer and headers; the text is
 * in the arena. */
const char *vo_client_address(struct MHD_Connection *conn, const struct vo_trusted_proxies *tp,
                              struct vo_arena *a);

#endif
