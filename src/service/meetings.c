/*
 * meetings.c - the meetings' use cases (meetings.h): the role rule in
 * two functions (lead: who runs meetings; readable: who reads one), one
 * transaction with an audit row per write, and the default agendas of
 * PRODUCT.md's rhythm in one table.
 */
#include "service/meetings.h"

#include <string.h>

#include "base/timeutil.h"
#include "service/crm.h"

const char *const vo_meeting_kinds[] = {"daily", "weekly", "monthly", "one_to_one", NULL};

/* Each kind: its default limit and agenda (NULL-terminated). */
static const struct kind {
    const char *kind;
    int64_t limit;
    const char *agenda[6];
} KINDS[] = {
    {"daily",
     20,
     {"Факт вчера", "План на сегодня", "Что повторить / чего не делать", "Обучение или мотивация",
      "Обещания", NULL}},
    {"weekly",
     60,
     {"Неделя в цифрах и задачах", "Групповое обучение на кейсах недели",
      "Платежи и задачи следующей недели", "Соревнования", NULL}},
    {"monthly",
     90,
     {"Официальный отчёт за месяц", "Скорректированные цели и планы", "Скорректированные стандарты",
      NULL}},
    {"one_to_one",
     30,
     {"План и факт менеджера", "Гигиена CRM", "Сделки под риском", "Что мешает и чем помочь",
      "Обещания", NULL}},
};
#define NKINDS (sizeof KINDS / sizeof KINDS[0])

static const struct kind *kind_find(const char *kind, struct vo_error *e)
{
    for (size_t i = 0; kind && i < NKINDS; i++)
        if (strcmp(KINDS[i].kind, kind) == 0)
            return &KINDS[i];
    vo_error_set(e, VO_EINVAL, "kind", "kind is one of: daily, weekly, monthly, one_to_one");
    return NULL;
}

int64_t vo_meeting_default_limit(const char *kind)
{
    const struct kind *k = kind_find(kind, NULL);
    return k ? k->limit : 0;
}

/* Who runs meetings: an admin, the head, or the system. */
static vo_err lead(struct vo_svc *svc, struct vo_error *e)
{
    if (svc->actor_id == 0 || svc->actor_role == VO_ROLE_ADMIN || svc->actor_role == VO_ROLE_HEAD)
        return VO_OK;
    return vo_error_set(e, VO_EPERM, NULL, "only an admin or the head of sales runs meetings");
}

/* Whether the actor reads meeting m: anyone but a manager; a manager who
 * takes part in it (people[0..n)). */
static bool readable(struct vo_svc *svc, const struct vo_meeting *m,
                     const struct vo_meeting_person *people, size_t n)
{
    if (svc->actor_role != VO_ROLE_MANAGER || m->lead_id == svc->actor_id)
        return true;
    for (size_t i = 0; i < n; i++)
        if (people[i].user_id == svc->actor_id)
            return true;
    return false;
}

static vo_err check_limit(int64_t limit, struct vo_error *e)
{
    if (limit < 1 || limit > VO_MEETING_LIMIT_MAX)
        return vo_error_set(e, VO_EINVAL, "limit_min", "limit_min is 1..%d minutes",
                            VO_MEETING_LIMIT_MAX);
    return VO_OK;
}

/* The template of kind k as lines in svc->arena (the org's, else the
 * default). */
static vo_err template_items(struct vo_svc *svc, const struct kind *k, const char ***items,
                             size_t *n, bool *custom, struct vo_error *e)
{
    const char *text = NULL;
    vo_err rc = vo_store_meeting_template_get(svc->st, svc->org.id, k->kind, svc->arena, &text, e);
    if (rc && rc != VO_ENOTFOUND)
        return rc;
    *custom = rc == VO_OK;
    const char **v = VO_ARENA_ARRAY(svc->arena, const char *, VO_MEETING_ITEMS_MAX + 1);
    if (!v)
        return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
    *n = 0;
    if (*custom) {
        char **lines = g_strsplit(text, "\n", VO_MEETING_ITEMS_MAX + 1);
        for (size_t i = 0; lines[i] && *n < VO_MEETING_ITEMS_MAX; i++)
            if (*lines[i])
                v[(*n)++] = vo_arena_strdup(svc->arena, lines[i]);
        g_strfreev(lines);
    } else {
        for (size_t i = 0; k->agenda[i]; i++)
            v[(*n)++] = k->agenda[i];
    }
    *items = v;
    return VO_OK;
}

vo_err vo_svc_meeting_template(struct vo_svc *svc, const char *kind, const char ***items, size_t *n,
                               bool *custom, struct vo_error *e)
{
    const struct kind *k = kind_find(kind, e);
    return k ? template_items(svc, k, items, n, custom, e) : VO_EINVAL;
}

vo_err vo_svc_meeting_template_set(struct vo_svc *svc, const char *kind, const char *const *items,
                                   size_t n, struct vo_error *e)
{
    const struct kind *k = kind_find(kind, e);
    vo_err rc = k ? lead(svc, e) : VO_EINVAL;
    if (rc)
        return rc;
    if (n < 1 || n > VO_MEETING_ITEMS_MAX)
        return vo_error_set(e, VO_EINVAL, "items", "items is a list of 1..%d agenda items",
                            VO_MEETING_ITEMS_MAX);
    GString *text = g_string_new(NULL);
    for (size_t i = 0; i < n && !rc; i++) {
        if ((rc = vo_text_required(VO_TEXT_TITLE, items[i], "items", e)))
            break;
        if (strchr(items[i], '\n') || g_utf8_strlen(items[i], -1) > VO_MEETING_ITEM_CHARS)
            rc = vo_error_set(e, VO_EINVAL, "items",
                              "an agenda item is one line of 1..%d characters",
                              VO_MEETING_ITEM_CHARS);
        g_string_append_printf(text, "%s%s", i ? "\n" : "", items[i]);
    }
    if (!rc && !(rc = vo_store_begin(svc->st, e))) {
        rc = vo_store_meeting_template_put(svc->st, svc->org.id, k->kind, text->str, e);
        if (rc)
            vo_store_rollback(svc->st);
        else
            rc = vo_crm_finish(svc, "meeting_template.set", "meeting_template", 0, k->kind, e);
    }
    g_string_free(text, TRUE);
    return rc;
}

/* Checks the participants of a new meeting of kind k; none given: every
 * active manager (into *people, *n). */
static vo_err check_people(struct vo_svc *svc, const struct kind *k, const int64_t **people,
                           size_t *n, struct vo_error *e)
{
    bool one = strcmp(k->kind, "one_to_one") == 0;
    if (one && *n != 1)
        return vo_error_set(e, VO_EINVAL, "participants",
                            "a one-to-one meeting has exactly one manager");
    if (*n > VO_MEETING_PEOPLE_MAX)
        return vo_error_set(e, VO_EINVAL, "participants", "participants are at most %d users",
                            VO_MEETING_PEOPLE_MAX);
    if (*n == 0) {
        struct vo_user *u = NULL;
        size_t nu = 0;
        vo_err rc = vo_store_user_list(svc->st, svc->org.id, svc->arena, &u, &nu, e);
        if (rc)
            return rc;
        int64_t *v = VO_ARENA_ARRAY(svc->arena, int64_t, nu + 1);
        if (!v)
            return vo_error_set(e, VO_ENOMEM, NULL, "out of memory");
        for (size_t i = 0; i < nu; i++)
            if (u[i].active && u[i].role == VO_ROLE_MANAGER && *n < VO_MEETING_PEOPLE_MAX)
                v[(*n)++] = u[i].id;
        *people = v;
        return VO_OK;
    }
    for (size_t i = 0; i < *n; i++) {
        struct vo_user u;
        vo_err rc = vo_store_user_get(svc->st, svc->org.id, (*people)[i], svc->arena, &u, e);
        if (rc == VO_ENOTFOUND || (!rc && !u.active))
            return vo_error_set(e, VO_EINVAL, "participants", "no active user %lld",
                                (long long)(*people)[i]);
        if (rc)
            return rc;
        if (one && u.role != VO_ROLE_MANAGER)
            return vo_error_set(e, VO_EINVAL, "participants",
                                "a one-to-one meeting has exactly one manager");
    }
    return VO_OK;
}

vo_err vo_svc_meeting_create(struct vo_svc *svc, const struct vo_meeting_input *in, int64_t *id,
                             struct vo_error *e)
{
    const struct kind *k = kind_find(in->kind, e);
    vo_err rc = k ? lead(svc, e) : VO_EINVAL;
    if (rc)
        return rc;
    struct vo_meeting m = {.org_id = svc->org.id,
                           .kind = k->kind,
                           .scheduled_at = in->scheduled_at,
                           .limit_min = in->limit_min == VO_NULL ? k->limit : in->limit_min,
                           .lead_id = svc->actor_id,
                           .created_at = vo_now()};
    if ((rc = check_limit(m.limit_min, e)))
        return rc;
    const int64_t *people = in->people;
    size_t npeople = in->npeople;
    const char **agenda = NULL;
    size_t nagenda = 0;
    bool custom = false;
    if ((rc = vo_store_begin(svc->st, e)))
        return rc;
    if (svc->actor_id == 0) { /* the system: the org's first admin leads */
        struct vo_user *u = NULL;
        size_t nu = 0;
        if ((rc = vo_store_user_list(svc->st, svc->org.id, svc->arena, &u, &nu, e)))
            goto fail;
        for (size_t i = 0; i < nu && !m.lead_id; i++)
            if (u[i].role == VO_ROLE_ADMIN)
                m.lead_id = u[i].id;
    }
    if ((rc = check_people(svc, k, &people, &npeople, e)) ||
        (rc = template_items(svc, k, &agenda, &nagenda, &custom, e)) ||
        (rc = vo_store_meeting_insert(svc->st, &m, e)))
        goto fail;
    for (size_t i = 0; i < npeople && !rc; i++)
        rc = vo_store_meeting_person_add(svc->st, svc->org.id, m.id, people[i], e);
    for (size_t i = 0; i < nagenda && !rc; i++) {
        struct vo_meeting_item it = {
            .meeting_id = m.id, .kind = "agenda", .position = (int64_t)i + 1, .text = agenda[i]};
        rc = vo_store_meeting_item_insert(svc->st, svc->org.id, &it, e);
    }
    if (rc)
        goto fail;
    if ((rc = vo_crm_finish(svc, "meeting.create", "meeting", m.id, k->kind, e)))
        return rc;
    *id = m.id;
    return VO_OK;
fail:
    vo_store_rollback(svc->st);
    return rc;
}

vo_err vo_svc_meeting_list(struct vo_svc *svc, const char *kind, int64_t from, int64_t to,
                           struct vo_meeting **out, size_t *n, struct vo_error *e)
{
    if (kind && !kind_find(kind, e))
        return VO_EINVAL;
    int64_t user = svc->actor_role == VO_ROLE_MANAGER ? svc->actor_id : 0;
    return vo_store_meeting_list(svc->st, svc->org.id, kind, from, to, user, svc->arena, out, n, e);
}

/* Reads meeting id with its participants when the actor may read it (a
 * manager not in it: VO_ENOTFOUND, as if there were none). */
static vo_err read_one(struct vo_svc *svc, int64_t id, struct vo_meeting_full *f,
                       struct vo_error *e)
{
    memset(f, 0, sizeof *f);
    vo_err rc = vo_store_meeting_get(svc->st, svc->org.id, id, svc->arena, &f->m, e);
    if (!rc)
        rc = vo_store_meeting_people(svc->st, svc->org.id, id, svc->arena, &f->people, &f->npeople,
                                     e);
    if (!rc && !readable(svc, &f->m, f->people, f->npeople))
        rc = vo_error_set(e, VO_ENOTFOUND, "id", "no %s %lld", "meeting", (long long)id);
    return rc;
}

/* A meeting's start, as its promises due are counted: its scheduled
 * time (when it really started does not move the window, so a meeting
 * started late still opens with the promises due since the last one). */
static int64_t start_of(const struct vo_meeting *m)
{
    return m->scheduled_at;
}

vo_err vo_svc_meeting_get(struct vo_svc *svc, int64_t id, struct vo_meeting_full *f,
                          struct vo_error *e)
{
    vo_err rc = read_one(svc, id, f, e);
    struct vo_meeting prev;
    if (!rc)
        rc = vo_store_meeting_items(svc->st, svc->org.id, id, svc->arena, &f->items, &f->nitems, e);
    if (rc)
        return rc;
    f->due_to = start_of(&f->m);
    rc = vo_store_meeting_prev(svc->st, &f->m, svc->arena, &prev, e);
    if (rc && rc != VO_ENOTFOUND)
        return rc;
    f->due_from = rc ? f->due_to - 7 * 86400 : start_of(&prev);
    /* a manager sees their own promises only */
    int64_t user = svc->actor_role == VO_ROLE_MANAGER ? svc->actor_id : 0;
    struct vo_promise_filter due = {
        .user = user, .from = f->due_from, .to = f->due_to + 1, .status = NULL};
    struct vo_promise_filter given = {
        .user = user, .meeting = id, .from = INT64_MIN, .to = INT64_MAX};
    rc = vo_store_promise_list(svc->st, svc->org.id, &due, svc->arena, &f->due, &f->ndue, e);
    if (!rc)
        rc = vo_store_promise_list(svc->st, svc->org.id, &given, svc->arena, &f->given, &f->ngiven,
                                   e);
    if (!rc)
        rc = vo_store_user_list(svc->st, svc->org.id, svc->arena, &f->users, &f->nusers, e);
    return rc;
}

const char *vo_meeting_user_name(const struct vo_meeting_full *f, int64_t id)
{
    for (size_t i = 0; i < f->nusers; i++)
        if (f->users[i].id == id)
            return f->users[i].name;
    return "?";
}

/* Begins a write of the protocol of meeting id, read into *f: the actor
 * runs meetings and the meeting is not closed (unless any_status). On a
 * failure the transaction is rolled back. */
static vo_err begin_write(struct vo_svc *svc, int64_t id, bool any_status,
                          struct vo_meeting_full *f, struct vo_error *e)
{
    vo_err rc = lead(svc, e);
    if (rc || (rc = vo_store_begin(svc->st, e)))
        return rc;
    rc = read_one(svc, id, f, e);
    if (!rc && !any_status && strcmp(f->m.status, "closed") == 0)
        rc =
            vo_error_set(e, VO_ECONFLICT, "status", "the meeting is closed: its protocol is final");
    if (rc)
        vo_store_rollback(svc->st);
    return rc;
}

/* Ends a write begun by begin_write: rc, or the audit row and the commit. */
static vo_err end_write(struct vo_svc *svc, vo_err rc, const char *action, int64_t id,
                        const char *detail, struct vo_error *e)
{
    if (rc) {
        vo_store_rollback(svc->st);
        return rc;
    }
    return vo_crm_finish(svc, action, "meeting", id, detail, e);
}

vo_err vo_svc_meeting_update(struct vo_svc *svc, int64_t id, const int64_t *scheduled_at,
                             const int64_t *limit_min, const int64_t *version, struct vo_error *e)
{
    struct vo_meeting_full f;
    vo_err rc = begin_write(svc, id, false, &f, e);
    if (rc)
        return rc;
    if (scheduled_at)
        f.m.scheduled_at = *scheduled_at;
    if (limit_min)
        f.m.limit_min = *limit_min;
    rc = check_limit(f.m.limit_min, e);
    if (!rc)
        rc = vo_store_meeting_update(svc->st, &f.m, version ? *version : -1, e);
    return end_write(svc, rc, "meeting.update", id, f.m.kind, e);
}

vo_err vo_svc_meeting_startable(struct vo_svc *svc, int64_t id, struct vo_meeting *out,
                                const char **who, struct vo_error *e)
{
    struct vo_meeting_full f;
    vo_err rc = lead(svc, e);
    *who = NULL;
    if (!rc)
        rc = read_one(svc, id, &f, e);
    if (!rc && strcmp(f.m.status, "planned") != 0)
        rc = vo_error_set(e, VO_ECONFLICT, "status", "only a planned meeting starts");
    if (!rc && strcmp(f.m.kind, "one_to_one") == 0 && f.npeople) {
        struct vo_user u;
        rc = vo_store_user_get(svc->st, svc->org.id, f.people[0].user_id, svc->arena, &u, e);
        if (!rc)
            *who = u.email ? u.email
                           : vo_arena_printf(svc->arena, "%lld", (long long)f.people[0].user_id);
    }
    if (!rc)
        *out = f.m;
    return rc;
}

/* Moves meeting id from status `from` to `to` now (the start with its
 * frozen report, the close), msg the refusal of any other status. */
static vo_err transition(struct vo_svc *svc, int64_t id, const char *from, const char *to,
                         const char *report, const char *action, const char *msg,
                         struct vo_error *e)
{
    struct vo_meeting_full f;
    vo_err rc = begin_write(svc, id, false, &f, e);
    if (rc)
        return rc;
    if (strcmp(f.m.status, from) != 0)
        rc = vo_error_set(e, VO_ECONFLICT, "status", "%s", msg);
    f.m.status = to;
    if (report) {
        f.m.started_at = vo_now();
        f.m.report = report;
    } else {
        f.m.closed_at = vo_now();
    }
    if (!rc)
        rc = vo_store_meeting_update(svc->st, &f.m, -1, e);
    return end_write(svc, rc, action, id, f.m.kind, e);
}

vo_err vo_svc_meeting_start(struct vo_svc *svc, int64_t id, const char *report, struct vo_error *e)
{
    return transition(svc, id, "planned", "running", report ? report : "null", "meeting.start",
                      VO_MSG("only a planned meeting starts"), e);
}

vo_err vo_svc_meeting_close(struct vo_svc *svc, int64_t id, struct vo_error *e)
{
    return transition(svc, id, "running", "closed", NULL, "meeting.close",
                      VO_MSG("only a running meeting closes"), e);
}

vo_err vo_svc_meeting_attend(struct vo_svc *svc, int64_t id, int64_t user, const char *attendance,
                             const char *reason, struct vo_error *e)
{
    static const char *const MARKS[] = {"present", "late", "absent"};
    const char *mark = NULL;
    for (size_t i = 0; attendance && i < 3; i++)
        if (strcmp(MARKS[i], attendance) == 0)
            mark = MARKS[i];
    if (!mark)
        return vo_error_set(e, VO_EINVAL, "attendance",
                            "attendance is one of: present, late, absent");
    if (reason && *reason && g_utf8_strlen(reason, -1) > VO_MEETING_REASON_CHARS)
        return vo_error_set(e, VO_EINVAL, "reason", "reason is at most %d characters",
                            VO_MEETING_REASON_CHARS);
    vo_err rc = reason ? vo_text_check(VO_TEXT_NOTE, reason, "reason", e) : VO_OK;
    struct vo_meeting_full f;
    if (rc || (rc = begin_write(svc, id, false, &f, e)))
        return rc;
    struct vo_meeting_person p = {.meeting_id = id,
                                  .user_id = user,
                                  .attendance = mark,
                                  .reason = reason && *reason ? reason : NULL};
    rc = vo_store_meeting_person_mark(svc->st, svc->org.id, &p, e);
    return end_write(svc, rc, "meeting.attend", id, mark, e);
}

vo_err vo_svc_meeting_notes(struct vo_svc *svc, int64_t id, int64_t item, const char *notes,
                            struct vo_error *e)
{
    vo_err rc = vo_text_check(VO_TEXT_NOTE, notes ? notes : "", "notes", e);
    struct vo_meeting_full f;
    if (rc || (rc = begin_write(svc, id, false, &f, e)))
        return rc;
    rc = vo_store_meeting_item_notes(svc->st, svc->org.id, id, item, notes ? notes : "", e);
    return end_write(svc, rc, "meeting.notes", id, NULL, e);
}

vo_err vo_svc_meeting_decision_add(struct vo_svc *svc, int64_t id, const char *text,
                                   struct vo_error *e)
{
    vo_err rc = vo_text_required(VO_TEXT_NOTE, text, "text", e);
    struct vo_meeting_full f;
    if (rc || (rc = begin_write(svc, id, false, &f, e)))
        return rc;
    if ((rc = vo_store_meeting_items(svc->st, svc->org.id, id, svc->arena, &f.items, &f.nitems, e)))
        return end_write(svc, rc, NULL, id, NULL, e);
    int64_t n = 0;
    for (size_t i = 0; i < f.nitems; i++)
        n += strcmp(f.items[i].kind, "decision") == 0;
    if (n >= VO_MEETING_DECISIONS_MAX)
        rc = vo_error_set(e, VO_ECONFLICT, "text", "at most %d decisions a meeting",
                          VO_MEETING_DECISIONS_MAX);
    struct vo_meeting_item it = {
        .meeting_id = id, .kind = "decision", .position = n + 1, .text = text};
    if (!rc)
        rc = vo_store_meeting_item_insert(svc->st, svc->org.id, &it, e);
    return end_write(svc, rc, "meeting.decision", id, text, e);
}

vo_err vo_svc_meeting_decision_delete(struct vo_svc *svc, int64_t id, int64_t index,
                                      struct vo_error *e)
{
    struct vo_meeting_full f;
    vo_err rc = begin_write(svc, id, false, &f, e);
    if (rc)
        return rc;
    rc = vo_store_meeting_decision_delete(svc->st, svc->org.id, id, index, e);
    return end_write(svc, rc, "meeting.decision_delete", id, NULL, e);
}

/* ---- the protocol as a message for a messenger, in Russian (the API's
 * GET /{id}/protocol?format=text and `voronka meeting show`) ---- */

static const struct {
    const char *code, *ru;
} RU[] = {
    {"daily", "Планёрка"},
    {"weekly", "Еженедельное собрание"},
    {"monthly", "Ежемесячное собрание"},
    {"one_to_one", "Встреча один на один"},
    {"present", "присутствовал(а)"},
    {"late", "опоздал(а)"},
    {"absent", "отсутствовал(а)"},
    {"open", "открыто"},
    {"kept", "выполнено"},
    {"broken", "не выполнено"},
};

const char *vo_meeting_ru(const char *code)
{
    for (size_t i = 0; code && i < sizeof RU / sizeof RU[0]; i++)
        if (strcmp(RU[i].code, code) == 0)
            return RU[i].ru;
    return code ? code : "";
}

/* Appends t as local "ДД.ММ" with the weekday ("пт 12.03"), or with the
 * year and the time ("11.03.2021 (чт) 09:00") when full, to out. */
static void when(GString *out, GTimeZone *tz, int64_t t, bool full)
{
    static const char *const WD[] = {"", "пн", "вт", "ср", "чт", "пт", "сб", "вс"};
    GDateTime *u = g_date_time_new_from_unix_utc(t);
    GDateTime *l = u ? g_date_time_to_timezone(u, tz) : NULL;
    if (!l)
        g_string_append_c(out, '?');
    else if (full)
        g_string_append_printf(out, "%02d.%02d.%04d (%s) %02d:%02d",
                               g_date_time_get_day_of_month(l), g_date_time_get_month(l),
                               g_date_time_get_year(l), WD[g_date_time_get_day_of_week(l)],
                               g_date_time_get_hour(l), g_date_time_get_minute(l));
    else
        g_string_append_printf(out, "%s %02d.%02d", WD[g_date_time_get_day_of_week(l)],
                               g_date_time_get_day_of_month(l), g_date_time_get_month(l));
    if (l)
        g_date_time_unref(l);
    if (u)
        g_date_time_unref(u);
}

/* The attendance line of mark ("Присутствовали: ..."), none when nobody. */
static void people_line(GString *t, const struct vo_meeting_full *f, const char *mark,
                        const char *title)
{
    bool any = false;
    for (size_t i = 0; i < f->npeople; i++) {
        const struct vo_meeting_person *p = &f->people[i];
        if (!mark ? p->attendance != NULL : !p->attendance || strcmp(p->attendance, mark) != 0)
            continue;
        g_string_append_printf(t, "%s%s", any ? ", " : title, vo_meeting_user_name(f, p->user_id));
        if (p->reason)
            g_string_append_printf(t, " (%s)", p->reason);
        any = true;
    }
    if (any)
        g_string_append_c(t, '\n');
}

char *vo_meeting_protocol_text(const struct vo_meeting_full *f, GTimeZone *tz)
{
    GString *t = g_string_new(NULL);
    g_string_append_printf(t, "%s ", vo_meeting_ru(f->m.kind));
    when(t, tz, f->m.scheduled_at, true);
    g_string_append_printf(t, ", %lld мин\n", (long long)f->m.limit_min);
    people_line(t, f, "present", "Присутствовали: ");
    people_line(t, f, "late", "Опоздали: ");
    people_line(t, f, "absent", "Отсутствовали: ");
    people_line(t, f, NULL, "Не отмечены: ");
    g_string_append(t, "\nПовестка:\n");
    for (size_t i = 0; i < f->nitems; i++)
        if (strcmp(f->items[i].kind, "agenda") == 0)
            g_string_append_printf(t, "%lld. %s%s%s\n", (long long)f->items[i].position,
                                   f->items[i].text, *f->items[i].notes ? " — " : "",
                                   f->items[i].notes);
    bool any = false;
    for (size_t i = 0; i < f->nitems; i++)
        if (strcmp(f->items[i].kind, "decision") == 0) {
            g_string_append_printf(t, "%s— %s\n", any ? "" : "\nРешения:\n", f->items[i].text);
            any = true;
        }
    for (size_t i = 0; i < f->ngiven; i++) {
        g_string_append_printf(t, "%s— %s: %s до ", i ? "" : "\nОбещания:\n",
                               vo_meeting_user_name(f, f->given[i].user_id), f->given[i].text);
        when(t, tz, f->given[i].due_at, false);
        g_string_append_c(t, '\n');
    }
    return g_string_free(t, FALSE);
}
