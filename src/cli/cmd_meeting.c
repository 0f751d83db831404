/*
 * cmd_meeting.c - `voronka meeting list [--kind K] [--from D --to D]` and
 * `voronka meeting show ID [--format text|json]` (docs/meetings.md, docs/cli.md).
 *
 * list: the meetings the org has (vo_svc_meeting_list, as GET
 * /api/v1/meetings) scheduled in [the start of day --from, the end of day
 * --to] in the org's zone (each bound optional), as a table: the id, the
 * date and time in the org's zone, the kind, the status and the attendance
 * (present or late of the participants, of a meeting that was held).
 * show: one meeting's protocol as the messenger text of GET
 * /api/v1/meetings/{id}/protocol?format=text (vo_meeting_protocol_text),
 * or in JSON: {"id", "kind", "scheduled_at", "status", "limit_min",
 * "text"}. The command runs as the system (every meeting).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "cli/cli.h"
#include "render/table.h"
#include "service/meetings.h"

/* The kind of a meeting in the environment's language. */
static const char *kind_text(const char *kind)
{
    if (strcmp(kind, "daily") == 0)
        return vo_cli_tr("daily meeting");
    if (strcmp(kind, "weekly") == 0)
        return vo_cli_tr("weekly meeting");
    if (strcmp(kind, "monthly") == 0)
        return vo_cli_tr("monthly meeting");
    if (strcmp(kind, "one_to_one") == 0)
        return vo_cli_tr("one-to-one meeting");
    return kind;
}

/* The status of a meeting in the environment's language. */
static const char *status_text(const char *status)
{
    if (strcmp(status, "planned") == 0)
        return vo_cli_tr("planned");
    if (strcmp(status, "running") == 0)
        return vo_cli_tr("running");
    if (strcmp(status, "closed") == 0)
        return vo_cli_tr("held");
    return status;
}

/* The bound of day s: its start (next false) or the start of the day
 * after it (next true) in tz; dflt when s is NULL. */
static vo_err day_bound(const char *s, bool next, GTimeZone *tz, int64_t dflt, const char *field,
                        int64_t *out, struct vo_error *e)
{
    struct vo_date d;
    *out = dflt;
    if (!s)
        return VO_OK;
    vo_err rc = vo_date_parse(s, &d, field, e);
    if (!rc)
        *out = vo_date_start(tz, next ? vo_date_add_days(d, 1) : d);
    return rc;
}

static int list(struct vo_svc *svc, const char *kind, const char *from, const char *to)
{
    struct vo_error e = {0};
    struct vo_meeting *v = NULL;
    int64_t lo = 0, hi = 0;
    size_t n = 0;
    if (day_bound(from, false, svc->tz, INT64_MIN, "from", &lo, &e) ||
        day_bound(to, true, svc->tz, INT64_MAX, "to", &hi, &e) ||
        vo_svc_meeting_list(svc, kind, lo, hi, &v, &n, &e))
        return vo_cli_fail(&e);
    if (!n) {
        fputs(vo_cli_tr("No meetings.\n"), stdout);
        return VO_EXIT_OK;
    }
    const char *hdr[] = {vo_cli_tr("Meeting"), vo_cli_tr("Date and time"), vo_cli_tr("Kind"),
                         vo_cli_tr("Status"), vo_cli_tr("Attendance")};
    struct vo_table t;
    vo_table_init(&t, svc->arena, 5, hdr);
    for (size_t i = 0; i < n; i++) {
        struct vo_meeting_full f;
        if (vo_svc_meeting_get(svc, v[i].id, &f, &e))
            return vo_cli_fail(&e);
        long long came = 0;
        for (size_t k = 0; k < f.npeople; k++)
            came += f.people[k].attendance && strcmp(f.people[k].attendance, "absent") != 0;
        char when[64];
        vo_time_format(v[i].scheduled_at, svc->tz, when, sizeof when);
        when[16] = '\0'; /* "YYYY-MM-DDTHH:MM" */
        when[10] = ' ';
        const char *cells[] = {vo_arena_printf(svc->arena, "%lld", (long long)v[i].id),
                               vo_arena_strdup(svc->arena, when), kind_text(v[i].kind),
                               status_text(v[i].status),
                               strcmp(v[i].status, "planned") == 0
                                   ? ""
                                   : vo_arena_printf(svc->arena, vo_cli_tr("%lld of %lld present"),
                                                     came, (long long)f.npeople)};
        vo_table_add(&t, cells);
    }
    vo_table_print(&t, stdout);
    return VO_EXIT_OK;
}

static int show(struct vo_svc *svc, const char *id_text, const char *format)
{
    struct vo_error e = {0};
    struct vo_meeting_full f;
    char *end = NULL;
    long long id = id_text ? strtoll(id_text, &end, 10) : 0;
    if (!id_text || !*id_text || *end || id < 1) {
        vo_error_set(&e, VO_EINVAL, "ID", "%s is an id (a whole number from 1)", "ID");
        return vo_cli_fail(&e);
    }
    if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        vo_error_set(&e, VO_EINVAL, "format", "format is text or json, not \"%s\"", format);
        return vo_cli_fail(&e);
    }
    if (vo_svc_meeting_get(svc, id, &f, &e))
        return vo_cli_fail(&e);
    char *text = vo_meeting_protocol_text(&f, svc->tz);
    if (format && strcmp(format, "json") == 0) {
        char at[64];
        json_t *o =
            json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "id", (json_int_t)id, "kind", f.m.kind,
                      "scheduled_at", vo_time_format(f.m.scheduled_at, svc->tz, at, sizeof at),
                      "status", f.m.status, "limit_min", (json_int_t)f.m.limit_min, "text", text);
        json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(o);
    } else {
        fputs(text, stdout);
    }
    g_free(text);
    return VO_EXIT_OK;
}

int vo_cmd_meeting(int argc, char **argv)
{
    struct vo_cli_common common = {0};
    char *kind = NULL, *from = NULL, *to = NULL, *format = NULL;
    GOptionEntry entries[] = {
        {"kind", 0, 0, G_OPTION_ARG_STRING, &kind,
         VO_MSG("list: only meetings of kind K (daily, weekly, monthly, one_to_one)"), "K"},
        {"from", 0, 0, G_OPTION_ARG_STRING, &from,
         VO_MSG("list: from day D (YYYY-MM-DD in the org's zone)"), "D"},
        {"to", 0, 0, G_OPTION_ARG_STRING, &to,
         VO_MSG("list: to day D inclusive (YYYY-MM-DD in the org's zone)"), "D"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &format,
         VO_MSG("show: text (the protocol as a message, the default) or json"), "F"},
        G_OPTION_ENTRY_NULL};
    int rc = vo_cli_parse(&argc, &argv, "list | show ID",
                          VO_MSG("The head of sales' meetings.\n"
                                 "list: date and time, kind, status and attendance of each.\n"
                                 "show ID: the meeting's protocol as a message for a messenger."),
                          entries, &common);
    struct vo_arena arena;
    struct vo_svc svc = {0};
    bool opened = false, is_list = argc >= 2 && strcmp(argv[1], "list") == 0;
    if (rc)
        goto out;
    if (!(is_list && argc == 2) && !(argc == 3 && strcmp(argv[1], "show") == 0)) {
        rc = vo_cli_usage("meeting", "say list or show ID");
        goto out;
    }
    if ((rc = vo_cli_begin(&common, &svc, &arena)))
        goto out;
    opened = true;
    rc = is_list ? list(&svc, kind && *kind ? kind : NULL, from, to) : show(&svc, argv[2], format);
out:
    if (opened) {
        vo_cli_end(&common, &svc, &arena, (char *[]){kind, from, to, format}, 4);
    } else {
        g_free(kind);
        g_free(from);
        g_free(to);
        g_free(format);
        g_free(common.db);
        g_free(common.org);
    }
    return rc;
}
