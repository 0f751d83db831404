/*
 * api_clients.c - the client resources of issue 10 beside api_crm.c's
 * client CRUD: the JSON of a client's card (model/requisites.h), which
 * GET, POST and PATCH /api/v1/clients answer with and the list carries;
 * a client's contacts (service/contacts.h) and the contact a deal names;
 * notes and the timelines of deals and clients (service/timeline.h).
 */
#include "http/api.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "http/paging.h"
#include "service/contacts.h"
#include "service/crm.h"
#include "service/timeline.h"

vo_err vo_api_client_card_json(struct vo_req *r, const struct vo_client *c, json_t *o)
{
    struct vo_client_card card;
    vo_err rc = vo_svc_client_card_of(&r->svc, c, &card, &r->err);
    if (rc)
        return rc;
    const struct {
        const char *name, *v;
    } m[] = {
        {"inn", card.inn},
        {"kpp", card.kpp},
        {"address", card.address},
        {"phone", card.phone},
        {"phone_digits", card.phone_digits},
        {"email", card.email},
        {"website", card.website},
        {"comment", card.comment},
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        json_object_set_new(o, m[i].name, m[i].v ? json_string(m[i].v) : json_null());
    return VO_OK;
}

/* ---- contacts (service/contacts.h) ---- */

static json_t *str_list(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *opt(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *contact_json(struct vo_req *r, const void *x)
{
    const struct vo_contact *c = x;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "client_id", json_integer(c->client_id));
    json_object_set_new(o, "name", opt(c->name));
    json_object_set_new(o, "role", opt(c->role));
    json_object_set_new(o, "phones", str_list(c->phones, c->n_phones));
    json_object_set_new(o, "emails", str_list(c->emails, c->n_emails));
    json_object_set_new(o, "telegram", opt(c->telegram));
    json_object_set_new(o, "whatsapp", opt(c->whatsapp));
    json_object_set_new(o, "comment", opt(c->comment));
    json_object_set_new(o, "created_at", vo_json_time(r, c->created_at));
    return o;
}

/* A list of strings of the body (null or [] clears it): VO_EINVAL naming
 * field for anything but an array of at most VO_CONTACT_LIST_MAX strings. */
static vo_err read_list(struct vo_req *r, const char *field, const char **out, size_t *n)
{
    json_t *v = json_object_get(r->body, field);
    *n = 0;
    if (json_is_null(v))
        return VO_OK;
    if (!json_is_array(v))
        return vo_error_set(&r->err, VO_EINVAL, field, "%s is a list of strings", field);
    if (json_array_size(v) > VO_CONTACT_LIST_MAX)
        return vo_error_set(&r->err, VO_EINVAL, field, "%s holds at most %d entries", field,
                            VO_CONTACT_LIST_MAX);
    size_t i;
    json_t *s;
    json_array_foreach(v, i, s)
    {
        if (!json_is_string(s) || json_string_length(s) == 0)
            return vo_error_set(&r->err, VO_EINVAL, field, "%s is a list of non-empty strings",
                                field);
        out[(*n)++] = vo_arena_strdup(&r->arena, json_string_value(s));
    }
    return VO_OK;
}

/* The body of a contact's POST or PATCH: its fields, anything else 422
 * naming the field. */
static vo_err read_contact(struct vo_req *r, struct vo_contact_input *in)
{
    static const char *const allowed[] = {"name",     "role",     "phones",  "emails",
                                          "telegram", "whatsapp", "comment", NULL};
    static const struct vo_req_text texts[] = {
        {"name", VO_CF_NAME, offsetof(struct vo_contact_input, name)},
        {"role", VO_CF_ROLE, offsetof(struct vo_contact_input, role)},
        {"telegram", VO_CF_TELEGRAM, offsetof(struct vo_contact_input, telegram)},
        {"whatsapp", VO_CF_WHATSAPP, offsetof(struct vo_contact_input, whatsapp)},
        {"comment", VO_CF_COMMENT, offsetof(struct vo_contact_input, comment)},
    };
    memset(in, 0, sizeof *in);
    vo_err rc = vo_req_body_fields(r, allowed);
    if (!rc)
        rc = vo_req_texts(r, texts, sizeof texts / sizeof texts[0], in, &in->set);
    if (!rc && json_object_get(r->body, "phones")) {
        in->set |= VO_CF_PHONES;
        rc = read_list(r, "phones", in->phones, &in->n_phones);
    }
    if (!rc && json_object_get(r->body, "emails")) {
        in->set |= VO_CF_EMAILS;
        rc = read_list(r, "emails", in->emails, &in->n_emails);
    }
    return rc;
}

VO_API_RESPOND(respond_contact, struct vo_contact, vo_svc_contact_get, contact_json)

VO_API_ID_LIST(api_client_contacts_list, struct vo_contact, vo_svc_contact_list, contact_json)

vo_err api_client_contacts_create(struct vo_req *r)
{
    int64_t client = 0, id = 0;
    struct vo_contact_input in;
    vo_err rc = vo_req_id(r, 0, &client);
    if (rc || (rc = read_contact(r, &in)) ||
        (rc = vo_svc_contact_create(&r->svc, client, &in, &id, &r->err)))
        return rc;
    return respond_contact(r, id, 201);
}

vo_err api_contacts_get(struct vo_req *r)
{
    return vo_req_id_respond(r, respond_contact);
}

VO_API_UPDATE(api_contacts_update, struct vo_contact_input, read_contact, vo_svc_contact_update,
              respond_contact)

vo_err api_contacts_delete(struct vo_req *r)
{
    return vo_req_id_act(r, vo_svc_contact_delete, "deleted");
}

vo_err api_contact_roles(struct vo_req *r)
{
    json_t *items = json_array();
    for (const char *const *p = vo_contact_roles; *p; p++)
        json_array_append_new(items, json_string(*p));
    vo_req_json(r, 200, json_pack("{s:o}", "items", items));
    return VO_OK;
}

vo_err vo_api_deal_contact_json(struct vo_req *r, const struct vo_deal_row *d, json_t *o)
{
    int64_t contact = 0;
    const char *name = NULL;
    vo_err rc = vo_svc_deal_contact_of(&r->svc, d->d.id, &contact, &name, &r->err);
    if (rc)
        return rc;
    json_object_set_new(o, "contact_id", contact ? json_integer(contact) : json_null());
    json_object_set_new(o, "contact", opt(name));
    return VO_OK;
}

/* ---- notes and timelines (service/timeline.h) ---- */

static json_t *note_json(struct vo_req *r, const struct vo_note *n)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(n->id));
    json_object_set_new(o, "deal_id", n->deal_id ? json_integer(n->deal_id) : json_null());
    json_object_set_new(o, "client_id", n->client_id ? json_integer(n->client_id) : json_null());
    json_object_set_new(o, "author_id", json_integer(n->author_id));
    json_object_set_new(o, "text", json_string(n->text));
    json_object_set_new(o, "created_at", vo_json_time(r, n->created_at));
    json_object_set_new(o, "edited_at", vo_json_time(r, n->edited_at));
    return o;
}

VO_API_RESPOND(respond_note, struct vo_note, vo_svc_note_get, note_json)

/* The body of a note's POST or PATCH: {"text"} alone. */
static vo_err read_note(struct vo_req *r, const char **text)
{
    static const char *const allowed[] = {"text", NULL};
    vo_err rc = vo_req_body_fields(r, allowed);
    return rc ? rc : vo_req_str(r, "text", true, text);
}

/* POST a note to the deal (deal true) or client of the path's id. */
static vo_err note_create(struct vo_req *r, bool deal)
{
    int64_t obj = 0, id = 0;
    const char *text = NULL;
    vo_err rc = vo_req_id(r, 0, &obj);
    if (rc || (rc = read_note(r, &text)) ||
        (rc = vo_svc_note_create(&r->svc, deal ? obj : 0, deal ? 0 : obj, text, &id, &r->err)))
        return rc;
    return respond_note(r, id, 201);
}

vo_err api_deal_notes_create(struct vo_req *r)
{
    return note_create(r, true);
}

vo_err api_client_notes_create(struct vo_req *r)
{
    return note_create(r, false);
}

vo_err api_notes_get(struct vo_req *r)
{
    return vo_req_id_respond(r, respond_note);
}

vo_err api_notes_update(struct vo_req *r)
{
    int64_t id = 0;
    const char *text = NULL;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = read_note(r, &text)) || (rc = vo_svc_note_update(&r->svc, id, text, &r->err)))
        return rc;
    return respond_note(r, id, 200);
}

vo_err api_notes_delete(struct vo_req *r)
{
    return vo_req_id_act(r, vo_svc_note_delete, "deleted");
}

static json_t *item_json(struct vo_req *r, const struct vo_timeline_item *it)
{
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(it->kind));
    json_object_set_new(o, "at", vo_json_time(r, it->at));
    json_object_set_new(o, "user_id", it->user_id ? json_integer(it->user_id) : json_null());
    json_object_set_new(o, "user", opt(it->user));
    json_object_set_new(o, "id", json_integer(it->id));
    json_object_set_new(o, "deal_id", it->deal_id ? json_integer(it->deal_id) : json_null());
    json_t *changes = NULL;
    if (strcmp(it->kind, "changed") == 0 && it->text && it->text[0] == '{')
        changes = json_loads(it->text, 0, NULL);
    if (json_is_object(changes))
        json_object_set_new(o, "changes", changes);
    else {
        json_decref(changes);
        json_object_set_new(o, "text", opt(it->text));
    }
    if (strcmp(it->kind, "activity") == 0) {
        json_object_set_new(o, "type", opt(it->type));
        json_object_set_new(o, "duration_s",
                            it->num == VO_NULL ? json_null() : json_integer(it->num));
    } else if (strcmp(it->kind, "payment") == 0) {
        json_object_set_new(o, "amount", json_integer(it->num));
    } else if (strcmp(it->kind, "note") == 0) {
        json_object_set_new(o, "edited_at", vo_json_time(r, it->num));
    }
    return o;
}

/* GET the timeline of the deal (deal true) or client of the path's id:
 * ?limit= (50, at most 500) and ?cursor= (the next_cursor of the page
 * before). */
static vo_err timeline(struct vo_req *r, bool deal)
{
    static const char *const sorts[] = {"at", NULL};
    struct vo_page pg;
    struct vo_timeline_query q = {0};
    struct vo_timeline_item *v = NULL;
    size_t n = 0;
    int64_t id = 0;
    vo_err rc = vo_req_id(r, 0, &id);
    if (rc || (rc = vo_page_parse(r, sorts, &pg)))
        return rc;
    if (pg.desc || strcmp(pg.sort, "at") != 0 || vo_req_query(r, "sort"))
        return vo_error_set(&r->err, VO_EINVAL, "sort", "a timeline is newest first, unsorted");
    if (pg.has_cursor) {
        char *end = NULL;
        long long at = strtoll(pg.after_key ? pg.after_key : "", &end, 10);
        if (!pg.after_key || end == pg.after_key || *end != ':' || !end[1])
            return vo_error_set(&r->err, VO_EINVAL, "cursor", "cursor is not one of this list");
        q.after_at = at;
        q.after_kind = end + 1;
        q.after_id = pg.after_id;
    }
    q.deal = deal ? id : 0;
    q.client = deal ? 0 : id;
    q.limit = pg.limit + 1; /* one more: is there a next page? */
    if ((rc = vo_svc_timeline(&r->svc, &q, &v, &n, &r->err)))
        return rc;
    json_t *items = json_array();
    size_t shown = n > (size_t)pg.limit ? (size_t)pg.limit : n;
    for (size_t i = 0; i < shown; i++)
        json_array_append_new(items, item_json(r, &v[i]));
    const char *next = NULL;
    if (n > shown) {
        const struct vo_timeline_item *last = &v[shown - 1];
        next = vo_page_cursor(
            r, vo_arena_printf(&r->arena, "%lld:%s", (long long)last->at, last->kind), last->id);
    }
    vo_page_respond(r, items, next);
    return VO_OK;
}

vo_err api_deal_timeline(struct vo_req *r)
{
    return timeline(r, true);
}

vo_err api_client_timeline(struct vo_req *r)
{
    return timeline(r, false);
}

/* ---- merging duplicates (service/merge.c) ---- */

#define MERGE_MAX 100 /* duplicates in one request */

vo_err api_clients_merge(struct vo_req *r)
{
    static const char *const allowed[] = {"from", NULL};
    int64_t keep = 0, from[MERGE_MAX];
    size_t n = 0, i;
    json_t *v, *list;
    struct vo_merge_counts c;
    vo_err rc = vo_req_id(r, 0, &keep);
    if (rc || (rc = vo_req_body_fields(r, allowed)))
        return rc;
    list = json_object_get(r->body, "from");
    if (!json_is_array(list) || json_array_size(list) == 0 || json_array_size(list) > MERGE_MAX)
        return vo_error_set(&r->err, VO_EINVAL, "from",
                            "from is a list of 1 to %d client ids to merge", MERGE_MAX);
    json_array_foreach(list, i, v)
    {
        if (!json_is_integer(v))
            return vo_error_set(&r->err, VO_EINVAL, "from", "from is a list of client ids");
        from[n++] = json_integer_value(v);
    }
    if ((rc = vo_svc_client_merge(&r->svc, keep, from, n, &c, &r->err)))
        return rc;
    json_t *moved = json_object();
    for (int t = 0; t < VO_MERGE_TABLES; t++)
        json_object_set_new(moved, vo_merge_table_names[t], json_integer(c.moved[t]));
    json_t *merged = json_array();
    for (size_t k = 0; k < n; k++)
        json_array_append_new(merged, json_integer(from[k]));
    vo_req_json(
        r, 200,
        json_pack("{s:I, s:o, s:o}", "id", (json_int_t)keep, "merged", merged, "moved", moved));
    return VO_OK;
}

/* ---- the global search (service/search.c) ---- */

vo_err api_search(struct vo_req *r)
{
    struct vo_search_hit *v = NULL;
    size_t n = 0;
    int64_t limit = 20;
    vo_err rc = vo_page_limit(r, 100, &limit);
    if (rc || (rc = vo_svc_search(&r->svc, vo_req_query(r, "q"), limit, &v, &n, &r->err)))
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items,
                              json_pack("{s:s, s:I, s:s, s:o}", "kind", v[i].kind, "id",
                                        (json_int_t)v[i].id, "title", v[i].title ? v[i].title : "",
                                        "subtitle", opt(v[i].subtitle)));
    vo_req_json(r, 200, json_pack("{s:o}", "items", items));
    return VO_OK;
}
