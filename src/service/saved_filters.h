/*
 * saved_filters.h - a user's saved filters of the CRM lists (issue 10,
 * lists; docs/api-crm.md, "Saved filters"): a name and the list's query
 * string (its filters and sort), per user and per list kind, one of them
 * the list's default. A filter is its user's alone: nobody else reads,
 * changes or deletes it, whatever their role (another user's id is
 * VO_ENOTFOUND). Each write is one transaction with an audit row
 * (saved_filter.create, .update, .delete).
 *
 * Bounds: a name 1..80 characters, unique among the user's filters of the
 * kind (VO_ECONFLICT naming "name"); a query at most 2000 bytes, with only
 * the parameters its list takes, each once and valid for it (VO_EINVAL
 * naming "query"; no paging: limit and cursor are not a filter); at most
 * 50 filters a user and a kind (VO_ECONFLICT naming "kind").
 */
#ifndef VO_SERVICE_SAVED_FILTERS_H
#define VO_SERVICE_SAVED_FILTERS_H

#include "service/service.h"

#define VO_SAVED_FILTER_NAME_MAX  80
#define VO_SAVED_FILTER_QUERY_MAX 2000
#define VO_SAVED_FILTERS_PER_LIST 50

/* The actor's filters of kind (NULL: all kinds; an unknown kind is
 * VO_EINVAL naming "kind"), in svc->arena. */
vo_err vo_svc_saved_filter_list(struct vo_svc *svc, const char *kind, struct vo_saved_filter **out,
                                size_t *n, struct vo_error *e);
/* The actor's filter id (VO_ENOTFOUND naming "id"). */
vo_err vo_svc_saved_filter_get(struct vo_svc *svc, int64_t id, struct vo_saved_filter *out,
                               struct vo_error *e);
/* Saves a new filter: kind, name and query required (query may be ""; a
 * leading "?" is dropped); is_default makes it its list's default (the
 * previous default, if any, loses the mark). *id the new filter. */
vo_err vo_svc_saved_filter_create(struct vo_svc *svc, const char *kind, const char *name,
                                  const char *query, bool is_default, int64_t *id,
                                  struct vo_error *e);
/* Changes what is given (NULL: kept) of the actor's filter id, against
 * version (NULL: any; stale: VO_ESTALE). */
vo_err vo_svc_saved_filter_update(struct vo_svc *svc, int64_t id, const char *name,
                                  const char *query, const bool *is_default, const int64_t *version,
                                  struct vo_error *e);
/* Deletes the actor's filter id, against version (NULL: any). */
vo_err vo_svc_saved_filter_delete(struct vo_svc *svc, int64_t id, const int64_t *version,
                                  struct vo_error *e);

#endif
