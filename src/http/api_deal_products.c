/*
 * api_deal_products.c - a deal's products (crm-edit, issue 10;
 * docs/api-crm.md, "Deal products"): GET the list with its total and
 * whether the amount was set by hand, PUT a new list (replaced whole). The
 * answer carries the deal's version (a PUT changes it) as its ETag; a PUT
 * with a stale If-Match / version is 409 version_conflict with the current
 * list under "current".
 */
#include "http/api.h"
#include "http/http_int.h"

#include <string.h>

#include "service/crm.h"
#include "service/deal_products.h"

/* The deal's products as {"items", "total", "amount", "amount_manual",
 * "version"} with the ETag; status is the answer's. */
static vo_err respond(struct vo_req *r, int64_t deal, unsigned status)
{
    struct vo_deal_product *v = NULL;
    size_t n = 0;
    bool manual = false;
    struct vo_deal_row d;
    vo_err rc = vo_svc_deal_products_get(&r->svc, deal, &v, &n, &manual, &r->err);
    if (rc || (rc = vo_svc_deal_get(&r->svc, deal, &d, &r->err)))
        return rc;
    json_t *items = json_array();
    json_int_t total = 0;
    for (size_t i = 0; i < n; i++) {
        json_int_t line = (json_int_t)(v[i].quantity * v[i].price); /* bounded when stored */
        total += line;
        json_array_append_new(items, json_pack("{s:I, s:I, s:s?, s:I, s:I, s:I}", "id",
                                               (json_int_t)v[i].id, "product_id",
                                               (json_int_t)v[i].product_id, "product", v[i].product,
                                               "quantity", (json_int_t)v[i].quantity, "price",
                                               (json_int_t)v[i].price, "total", line));
    }
    r->etag = vo_arena_printf(&r->arena, "\"%lld\"", (long long)d.d.rev);
    vo_req_json(r, status,
                json_pack("{s:o, s:I, s:o, s:b, s:I}", "items", items, "total", total, "amount",
                          d.d.amount == VO_NULL ? json_null() : json_integer(d.d.amount),
                          "amount_manual", manual, "version", (json_int_t)d.d.rev));
    return VO_OK;
}

vo_err api_deal_products_get(struct vo_req *r)
{
    return vo_req_id_respond(r, respond);
}

/* items[i] of the body into p: product_id and quantity required, price
 * optional (the catalogue's). */
static vo_err read_item(struct vo_req *r, size_t i, json_t *o, struct vo_deal_product *p)
{
    static const char *const keys[] = {"product_id", "quantity", "price"};
    char field[48];
    if (!json_is_object(o)) {
        snprintf(field, sizeof field, "items[%zu]", i);
        return vo_error_set(&r->err, VO_EINVAL, field,
                            "%s is an object {product_id, quantity, price?}", field);
    }
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        bool known = false;
        for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++)
            known = known || strcmp(k, keys[j]) == 0;
        snprintf(field, sizeof field, "items[%zu].%s", i, k);
        if (!known)
            return vo_error_set(&r->err, VO_EINVAL, field, "%s is not a field of a deal product",
                                field);
        if (!json_is_integer(v))
            return vo_error_set(&r->err, VO_EINVAL, field, "%s is an integer", field);
    }
    int64_t *slots[] = {&p->product_id, &p->quantity, &p->price};
    for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++) {
        json_t *v2 = json_object_get(o, keys[j]);
        snprintf(field, sizeof field, "items[%zu].%s", i, keys[j]);
        if (!v2 && j < 2)
            return vo_error_set(&r->err, VO_EINVAL, field, "%s is required", field);
        *slots[j] = v2 ? (int64_t)json_integer_value(v2) : VO_NULL;
    }
    return VO_OK;
}

vo_err api_deal_products_put(struct vo_req *r)
{
    static const char *const fields[] = {"items", "version", NULL};
    int64_t id = 0, slot = 0;
    const int64_t *version = NULL;
    vo_err rc = vo_api_read_id_version(r, fields, &id, &slot, &version);
    if (rc)
        return rc;
    json_t *items = json_object_get(r->body, "items");
    if (!json_is_array(items))
        return vo_error_set(&r->err, VO_EINVAL, "items",
                            "items is an array of {product_id, quantity, price?}");
    size_t n = json_array_size(items);
    if (n > VO_DEAL_PRODUCTS_MAX)
        return vo_error_set(&r->err, VO_EINVAL, "items", "a deal has at most %d products",
                            VO_DEAL_PRODUCTS_MAX);
    struct vo_deal_product *v = vo_arena_array(&r->arena, n ? n : 1, sizeof *v);
    if (!v)
        return vo_error_set(&r->err, VO_ENOMEM, NULL, "out of memory");
    memset(v, 0, (n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        if ((rc = read_item(r, i, json_array_get(items, i), &v[i])))
            return rc;
    rc = vo_svc_deal_products_set(&r->svc, id, v, n, version, &r->err);
    if (rc != VO_ESTALE)
        return rc ? rc : respond(r, id, 200);
    struct vo_error stale = r->err;
    if ((rc = respond(r, id, 409)))
        return rc;
    json_t *body =
        vo_error_json(vo_err_name(VO_ESTALE), stale.msg, "version", stale.id, stale.msg_ru);
    json_object_set_new(body, "current", json_incref(r->out));
    vo_req_json(r, 409, body);
    return VO_OK;
}
