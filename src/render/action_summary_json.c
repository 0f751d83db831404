/*
 * action_summary_json.c - the weekly report's "action_plans" block
 * (action_summary_json.h).
 */
#include "render/action_summary_json.h"

json_t *vo_action_summary_to_json(const struct vo_action_summary *s)
{
    char week[16];
    vo_iso_week_name(s->monday, week, sizeof week);
    json_t *owners = json_array();
    for (size_t i = 0; i < s->n; i++) {
        const struct vo_action_owner *o = &s->owners[i];
        json_t *open = json_array();
        for (size_t k = 0; k < o->nopen; k++)
            json_array_append_new(
                open, json_pack("{s:I,s:s,s:o,s:I}", "id", (json_int_t)o->open[k].id, "what",
                                o->open[k].what, "day",
                                o->open[k].day ? json_string(o->open[k].day) : json_null(),
                                "assignee_id", (json_int_t)o->open[k].assignee_id));
        json_array_append_new(owners,
                              json_pack("{s:I,s:s,s:I,s:I,s:o}", "user_id", (json_int_t)o->user_id,
                                        "name", o->name, "done", (json_int_t)o->done, "total",
                                        (json_int_t)o->total, "open", open));
    }
    return json_pack("{s:s,s:o}", "week", week, "owners", owners);
}
