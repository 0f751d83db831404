/*
 * mail.h - sending one e-mail through the org's SMTP server with libcurl
 * (the e-mail reminders of docs/notifications.md, "E-mail").
 *
 * The message is plain text in UTF-8 (Content-Transfer-Encoding: base64),
 * its subject and the display names RFC 2047 encoded-words, so Russian
 * text arrives intact through any server. The server is an `smtp://` URL
 * (STARTTLS required unless starttls is off: a local relay) or an
 * `smtps://` one (TLS from the start); user name and password when the
 * server wants them. A send has a time limit (VO_MAIL_TIMEOUT_S): a server
 * that does not answer never holds the caller.
 */
#ifndef VO_IO_MAIL_H
#define VO_IO_MAIL_H

#include <stdbool.h>

#include "base/err.h"

#define VO_MAIL_TIMEOUT_S 20

struct vo_mail_server {
    const char *url;      /* smtp://host[:port] or smtps://host[:port] */
    const char *username; /* NULL or "" when the server takes no login */
    const char *password;
    bool starttls; /* smtp://: require STARTTLS */
};

struct vo_mail {
    const char *from, *from_name; /* an address; a display name or NULL */
    const char *to, *to_name;
    const char *subject, *text; /* UTF-8; the text's lines end in \n */
};

/* Whether url is an SMTP URL voronka sends through ("smtp://" or
 * "smtps://" and a host). */
bool vo_mail_url_ok(const char *url);

/* Sends m through srv. When the server refuses it or cannot be reached:
 * VO_EREMOTE, field "smtp", one of a few catalogue messages saying what
 * failed (the name, the connection, the login, TLS, the sender, the
 * recipient, a time-out) with libcurl's own words only in the log
 * (stderr). VO_EIO when libcurl cannot start, VO_EINVAL for a URL that
 * is not SMTP. */
vo_err vo_mail_send(const struct vo_mail_server *srv, const struct vo_mail *m, struct vo_error *e);

#endif
