/*
 * mail.h - the org's e-mail settings and a notification waiting to be
 * mailed (docs/notifications.md, "E-mail").
 */
#ifndef VO_MODEL_MAIL_H
#define VO_MODEL_MAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "model/model.h"

/* The org's SMTP server; a row exists once someone set it. */
struct vo_mail_settings {
    int64_t org_id;
    bool enabled;
    const char *url;      /* smtp://host[:port] or smtps://host[:port] */
    const char *username; /* NULL: no login */
    const char *password; /* NULL: none; never answered by the API */
    const char *from;     /* the sender's address */
    const char *from_name;
    bool starttls;
    int64_t updated_at;
};

/* Bounds of the settings (checked by the service). */
#define VO_MAIL_URL_MAX       300
#define VO_MAIL_SECRET_MAX    300
#define VO_MAIL_FROM_NAME_MAX 100

/* A notification not mailed yet, with what its e-mail needs. */
struct vo_mail_pending {
    struct vo_notification n;
    const char *email, *name; /* the user's; email NULL when none */
    const char *tz;           /* the org's zone */
    int tries;
    struct vo_mail_settings mail; /* mail.org_id 0 when the org has none */
};

/* A notification tried this many times is given up. */
#define VO_MAIL_TRIES_MAX 5
/* A notification older than this when the mailer first sees it is not
 * mailed (e-mail turned on later, a server stopped for a while). */
#define VO_MAIL_MAX_AGE_S (60 * 60)

#endif
