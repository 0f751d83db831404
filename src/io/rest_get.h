/*
 * rest_get.h - one GET of another CRM's REST API with libcurl, for the
 * sync (service/crm_sync.h; docs/sync.md): the JSON answer parsed with
 * jansson, a Bearer token when one is given, a time limit of
 * VO_REST_TIMEOUT_S, answers of at most VO_REST_MAX_BYTES, no redirects
 * followed. A 429 or 503 (the CRMs' "too many requests") is tried again
 * after a pause, up to VO_REST_RETRIES times; amoCRM's 204 (an empty
 * page) is an answer with no JSON.
 */
#ifndef VO_IO_REST_GET_H
#define VO_IO_REST_GET_H

#include <jansson.h>

#include "base/err.h"

#define VO_REST_TIMEOUT_S 60
#define VO_REST_MAX_BYTES (64 * 1024 * 1024)
#define VO_REST_RETRIES   5

/* The pause before a retry after a 429/503, in milliseconds (tests set
 * it to 0). */
extern unsigned vo_rest_retry_ms;

/* GETs url (bearer: NULL, or the token of an "Authorization: Bearer"
 * header). On VO_OK *out is the answer's JSON (NULL for a 204), the
 * caller's to json_decref. VO_EREMOTE when the server answered something
 * else than 2xx or not JSON, or did not answer (e says the status and the
 * start of the body, or libcurl's reason); VO_ETOOBIG over the cap; VO_EIO
 * when libcurl cannot start. */
vo_err vo_rest_get(const char *url, const char *bearer, json_t **out, struct vo_error *e);

/* The text of s escaped for a URL's query (curl_easy_escape), g_free it. */
char *vo_rest_escape(const char *s);

#endif
