/*
 * mail.c - the e-mail reminders (mail.h): settings, a test letter, the
 * mailer's step. A letter is composed here in Russian (the product's
 * users are Russian-speaking; GLOSSARY.md's words) and sent through
 * io/mail.h; the network is never touched inside a transaction.
 */
#include "service/mail.h"

#include <string.h>

#include "base/timeutil.h"
#include "io/mail.h"
#include "service/crm.h"
#include "service/rules.h"

static vo_err check(const struct vo_mail_settings *m, struct vo_error *e)
{
    vo_err rc;
    if (!m->url || !*m->url)
        return vo_error_set(e, VO_EINVAL, "url", "url is required: smtp://host:port");
    if (strlen(m->url) > VO_MAIL_URL_MAX || !vo_mail_url_ok(m->url))
        return vo_error_set(e, VO_EINVAL, "url",
                            "url is smtp://host[:port] or smtps://host[:port], at most %d "
                            "characters",
                            VO_MAIL_URL_MAX);
    if (!m->from || !*m->from)
        return vo_error_set(e, VO_EINVAL, "from", "from is required: the sender's address");
    char buf[4 * 254 + 1];
    if ((rc = vo_text_check(VO_TEXT_EMAIL, m->from, "from", e)))
        return rc;
    g_strlcpy(buf, m->from, sizeof buf);
    if ((rc = vo_email_normalize(buf, "from", e)))
        return rc;
    if (m->from_name && g_utf8_strlen(m->from_name, -1) > VO_MAIL_FROM_NAME_MAX)
        return vo_error_set(e, VO_EINVAL, "from_name", "from_name is longer than %d characters",
                            VO_MAIL_FROM_NAME_MAX);
    const char *secret[] = {m->username, m->password}, *field[] = {"username", "password"};
    for (size_t i = 0; i < 2; i++)
        if (secret[i] && strlen(secret[i]) > VO_MAIL_SECRET_MAX)
            return vo_error_set(e, VO_EINVAL, field[i], "%s is longer than %d bytes", field[i],
                                VO_MAIL_SECRET_MAX);
    return VO_OK;
}

vo_err vo_svc_mail_get(struct vo_svc *svc, struct vo_mail_settings *out, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_ORG, e);
    if (rc)
        return rc;
    rc = vo_store_mail_get(svc->st, svc->org.id, svc->arena, out, e);
    if (rc == VO_ENOTFOUND)
        return vo_error_set(e, VO_ENOTFOUND, NULL, "e-mail is not set up for this org");
    return rc;
}

static const char *keep(const char *given, const char *stored)
{
    return given ? given : stored;
}

vo_err vo_svc_mail_set(struct vo_svc *svc, const struct vo_mail_input *in,
                       struct vo_mail_settings *out, struct vo_error *e)
{
    vo_err rc = vo_svc_may_write(svc, VO_OBJ_ORG, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    struct vo_mail_settings m = {.starttls = true};
    rc = vo_store_mail_get(svc->st, svc->org.id, svc->arena, &m, e);
    if (rc == VO_ENOTFOUND)
        rc = VO_OK;
    if (rc)
        goto out;
    m.org_id = svc->org.id;
    if (in->enabled)
        m.enabled = *in->enabled;
    if (in->starttls)
        m.starttls = *in->starttls;
    m.url = keep(in->url, m.url);
    m.username = keep(in->username, m.username);
    m.password = keep(in->password, m.password);
    m.from = keep(in->from, m.from);
    m.from_name = keep(in->from_name, m.from_name);
    /* "" clears the optional ones */
    const char **opt[] = {&m.username, &m.password, &m.from_name};
    for (size_t i = 0; i < 3; i++)
        if (*opt[i] && !**opt[i])
            *opt[i] = NULL;
    m.updated_at = vo_now();
    if ((rc = check(&m, e)) || (rc = vo_store_mail_put(svc->st, &m, e)))
        goto out;
    /* the audit row (without the password) and the commit */
    rc = vo_crm_finish(
        svc, "org.mail", "org", svc->org.id,
        vo_arena_printf(svc->arena, "%s %s from %s", m.enabled ? "on" : "off", m.url, m.from), e);
    if (rc)
        return rc;
    *out = m;
    return VO_OK;
out:
    vo_store_rollback(svc->st);
    return rc;
}

static struct vo_mail_server server_of(const struct vo_mail_settings *m)
{
    return (struct vo_mail_server){m->url, m->username, m->password, m->starttls};
}

vo_err vo_svc_mail_test(struct vo_svc *svc, struct vo_error *e)
{
    struct vo_mail_settings m;
    vo_err rc = vo_svc_mail_get(svc, &m, e);
    if (rc)
        return rc;
    struct vo_user u;
    if ((rc = vo_store_user_get(svc->st, svc->org.id, svc->actor_id, svc->arena, &u, e)))
        return rc;
    if (!u.email || !*u.email)
        return vo_error_set(e, VO_EINVAL, "email", "your account has no e-mail address to send to");
    struct vo_mail_server srv = server_of(&m);
    struct vo_mail letter = {
        .from = m.from,
        .from_name = m.from_name,
        .to = u.email,
        .to_name = u.name,
        .subject = "voronka: проверка почты",
        .text = vo_arena_printf(svc->arena,
                                "Здравствуйте, %s!\n\nЭто проверочное письмо: воронка умеет "
                                "отправлять напоминания через %s.\n\n— voronka\n",
                                u.name, m.url),
    };
    /* a refusal of the org's server is VO_EREMOTE (422) naming "smtp",
     * its message saying what to check in the settings */
    return vo_mail_send(&srv, &letter, e);
}

/* The time of a notification's sentence: as it is for the CRM's kinds
 * (their sentences place it), " Срок: <when>." for issue 14's (their
 * sentences end before it; " Когда: " for a training), "" when none. */
static const char *people_when(enum vo_notify_kind kind, const char *when, struct vo_arena *a)
{
    if (kind < VO_NOTIFY_DOCUMENT_VERSION)
        return when;
    if (!*when)
        return "";
    return vo_arena_printf(a, " %s: %s.", kind == VO_NOTIFY_TRAINING ? "Когда" : "Срок", when);
}

/* The letter of a notification: subject and text in Russian, the time in
 * the org's zone. */
static void compose(const struct vo_mail_pending *p, struct vo_arena *a, struct vo_mail *m)
{
    const char *title = p->n.title ? p->n.title : "без названия";
    char when[64] = "";
    if (p->n.at != VO_NULL) {
        GTimeZone *tz = g_time_zone_new_identifier(p->tz ? p->tz : "UTC");
        GDateTime *utc = g_date_time_new_from_unix_utc(p->n.at);
        GDateTime *local = utc && tz ? g_date_time_to_timezone(utc, tz) : NULL;
        gchar *s = local ? g_date_time_format(local, "%d.%m.%Y %H:%M") : NULL;
        if (s)
            g_strlcpy(when, s, sizeof when);
        g_free(s);
        if (local)
            g_date_time_unref(local);
        if (utc)
            g_date_time_unref(utc);
        if (tz)
            g_time_zone_unref(tz);
    }
    const char *subject, *line;
    switch (p->n.kind) {
    case VO_NOTIFY_TASK_DUE_SOON:
        subject = "Через 15 минут: %s";
        line = "Через 15 минут срок задачи «%s»: %s.";
        break;
    case VO_NOTIFY_TASK_OVERDUE:
        subject = "Просрочена задача: %s";
        line = "Срок задачи «%s» прошёл: %s.";
        break;
    case VO_NOTIFY_DEAL_ASSIGNED:
        subject = strcmp(p->n.object, "client") == 0 ? "Вам передан клиент: %s"
                                                     : "Вам передана сделка: %s";
        line = strcmp(p->n.object, "client") == 0 ? "Вам передан клиент «%s».%s"
                                                  : "Вам передана сделка «%s».%s";
        break;
    case VO_NOTIFY_RECOGNITION: /* issue 11, item 6 */
        subject = "Вас отметили: %s";
        line = "Руководитель отметил вашу работу: «%s».%s";
        break;
    /* issue 14: the time, when there is one, follows the sentence */
    case VO_NOTIFY_DOCUMENT_VERSION:
        subject = "Новая версия документа: %s";
        line = "Опубликована новая версия документа «%s»: прочитайте её и отметьте в библиотеке, "
               "что ознакомились.%s";
        break;
    case VO_NOTIFY_ONBOARDING:
        subject = "Адаптация: %s";
        line = "Адаптация: «%s».%s";
        break;
    case VO_NOTIFY_TRAINING:
        subject = "Обучение: %s";
        line = "Вы участник обучения «%s».%s";
        break;
    case VO_NOTIFY_ATTESTATION:
        subject = "Аттестация: %s";
        line = "Аттестация «%s».%s";
        break;
    case VO_NOTIFY_IDP:
        subject = "План развития: %s";
        line = "План развития: «%s».%s";
        break;
    case VO_NOTIFY_PROMISE_DUE:
    default:
        subject = "Срок обещания: %s";
        line = "Наступает срок обещания «%s»: %s.";
        break;
    }
    m->to = p->email;
    m->to_name = p->name;
    m->from = p->mail.from;
    m->from_name = p->mail.from_name ? p->mail.from_name : "voronka";
    m->subject = vo_arena_printf(a, subject, title);
    m->text = vo_arena_printf(a,
                              "Здравствуйте, %s!\n\n%s\n\nВсе уведомления — в колокольчике "
                              "воронки.\n\n— voronka\n",
                              p->name ? p->name : "",
                              vo_arena_printf(a, line, title, people_when(p->n.kind, when, a)));
}

/* Why a pending notification is not mailed, NULL when it is. */
static const char *skip_reason(const struct vo_mail_pending *p, int64_t now)
{
    if (!p->mail.org_id || !p->mail.enabled)
        return "e-mail is off";
    if (!p->email || !*p->email)
        return "no address";
    if (p->n.created_at < now - VO_MAIL_MAX_AGE_S)
        return "too old";
    return NULL;
}

vo_err vo_svc_mail_tick(struct vo_store *st, int64_t now, int64_t limit, struct vo_arena *a,
                        size_t *sent, struct vo_error *e)
{
    struct vo_mail_pending *v = NULL;
    size_t n = 0, nfailed = 0;
    *sent = 0;
    vo_err rc = vo_store_mail_pending(st, limit, a, &v, &n, e);
    /* the orgs whose server refused in this step: their other letters
     * wait for the next step (a dead server costs one time-out a step,
     * not one a letter) */
    int64_t *failed = rc ? NULL : VO_ARENA_ARRAY(a, int64_t, n + 1);
    if (!rc && !failed)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory (mail queue)");
    for (size_t i = 0; !rc && i < n; i++) {
        const struct vo_mail_pending *p = &v[i];
        bool down = false;
        for (size_t k = 0; k < nfailed && !down; k++)
            down = failed[k] == p->n.org_id;
        if (down)
            continue;
        const char *skip = skip_reason(p, now);
        struct vo_error why = {0};
        bool ok = false;
        if (!skip) {
            struct vo_mail m;
            compose(p, a, &m);
            struct vo_mail_server srv = server_of(&p->mail);
            ok = vo_mail_send(&srv, &m, &why) == VO_OK;
            if (ok)
                (*sent)++;
            else
                failed[nfailed++] = p->n.org_id;
        }
        /* the mark: one statement, its own transaction */
        bool done = skip || ok || p->tries + 1 >= VO_MAIL_TRIES_MAX;
        rc = vo_store_mail_mark(st, p->n.org_id, p->n.id, done ? now : VO_NULL,
                                skip ? skip
                                : ok ? NULL
                                     : why.msg,
                                !skip, e);
    }
    return rc;
}
