/*
 * mail.h - the e-mail reminders (docs/notifications.md, "E-mail"): the
 * org's SMTP settings (an administrator's), a test letter, and the
 * mailer's step that the server's reminder thread runs after each tick:
 * every new notification goes to its user's address as a short Russian
 * letter, when the org has e-mail on.
 */
#ifndef VO_SERVICE_MAIL_H
#define VO_SERVICE_MAIL_H

#include "service/service.h"

/* What the settings' writer takes; NULL members keep what is stored
 * (password: NULL keeps it, "" removes it). */
struct vo_mail_input {
    const bool *enabled;
    const char *url, *username, *password, *from, *from_name;
    const bool *starttls;
};

/* The org's settings (VO_ENOTFOUND when never set); admin only. The
 * password is in *out: the API answers only whether there is one. */
vo_err vo_svc_mail_get(struct vo_svc *svc, struct vo_mail_settings *out, struct vo_error *e);
/* Writes the settings (one transaction, an audit row without the
 * password); admin only. A new row needs url and from. Errors name the
 * field: url ("smtp://host:port" or "smtps://..."), from (an address),
 * from_name, username, password (bounds of model/mail.h). */
vo_err vo_svc_mail_set(struct vo_svc *svc, const struct vo_mail_input *in,
                       struct vo_mail_settings *out, struct vo_error *e);
/* Sends a test letter to the actor's own address with the stored
 * settings (enabled or not); admin only. VO_EREMOTE (422) naming "smtp" when the
 * server refuses or cannot be reached (io/mail.h: what failed, never
 * libcurl's words). */
vo_err vo_svc_mail_test(struct vo_svc *svc, struct vo_error *e);

/* The mailer's step at instant now: up to `limit` notifications not
 * mailed yet, each sent to its user (outside any transaction), then
 * marked: sent; skipped (the org has e-mail off, the user no address, the
 * notification older than VO_MAIL_MAX_AGE_S); or failed, tried again at
 * the next step until VO_MAIL_TRIES_MAX. *sent counts the letters sent.
 * Errors are the store's; a server's refusal is a mark, not an error. */
vo_err vo_svc_mail_tick(struct vo_store *st, int64_t now, int64_t limit, struct vo_arena *a,
                        size_t *sent, struct vo_error *e);

#endif
