/*
 * dataset_build.h - building a dataset (dataset.h) from rows handed to it.
 * The builder reads no storage and starts no thread; whoever reads the
 * rows (service/dataset_load.c, from the store; a test, by hand) hands
 * them over in this order, each table complete before the next:
 *
 *   the main part: teams, users, pipelines, stages, clients (all by id;
 *   stages grouped by pipeline in position order), deals (by created_at,
 *   id), stage changes (by deal id, at, id), payments (by paid_at, id),
 *   plans (by period, scope kind, scope id, metric), holidays;
 *
 *   the events: activities, then tasks (any order: they are sorted by
 *   time, ties by arrival), then vo_ds_builder_events_end. These may run
 *   on one other thread, concurrently with the main part's pipelines to
 *   holidays, once every user is in and until vo_ds_builder_finish: they
 *   touch nothing the main part does.
 *
 * A row's strings are copied; the row is only read during the call. Each
 * function returns VO_OK, VO_ESTORE when the row names a user, team,
 * pipeline, stage, client or deal the builder was not handed (the message
 * names the row, its field and the id), VO_EINVAL for a row of a table
 * that came already, VO_ENOMEM. After an error only vo_ds_builder_free is
 * left to call.
 */
#ifndef VO_ANALYTICS_DATASET_BUILD_H
#define VO_ANALYTICS_DATASET_BUILD_H

#include "analytics/dataset.h"

struct vo_ds_builder;

/* A new builder for org's dataset, in currency (NULL: RUB) and the time
 * zone tz (an IANA name; VO_EINVAL "tz" when unknown). VO_ENOMEM. */
vo_err vo_ds_builder_new(int64_t org, const char *currency, const char *tz,
                         struct vo_ds_builder **out, struct vo_error *e);

/* The main part, in this order. */
vo_err vo_ds_build_team(struct vo_ds_builder *b, const struct vo_team *r, struct vo_error *e);
vo_err vo_ds_build_user(struct vo_ds_builder *b, const struct vo_user *r, struct vo_error *e);
vo_err vo_ds_build_pipeline(struct vo_ds_builder *b, const struct vo_pipeline *r,
                            struct vo_error *e);
vo_err vo_ds_build_stage(struct vo_ds_builder *b, const struct vo_stage *r, struct vo_error *e);
vo_err vo_ds_build_client(struct vo_ds_builder *b, const struct vo_client *r, struct vo_error *e);
vo_err vo_ds_build_deal(struct vo_ds_builder *b, const struct vo_deal *r, struct vo_error *e);
vo_err vo_ds_build_stage_change(struct vo_ds_builder *b, const struct vo_stage_change *r,
                                struct vo_error *e);
vo_err vo_ds_build_payment(struct vo_ds_builder *b, const struct vo_payment *r, struct vo_error *e);
/* A plan of a team or user the builder does not hold is skipped (counted
 * in plans.dangling). */
vo_err vo_ds_build_plan(struct vo_ds_builder *b, const struct vo_plan *r, struct vo_error *e);
vo_err vo_ds_build_holiday(struct vo_ds_builder *b, const struct vo_holiday *r, struct vo_error *e);

/* The events (see above for the thread). Their deal ids are resolved at
 * vo_ds_builder_finish. */
vo_err vo_ds_build_activity(struct vo_ds_builder *b, const struct vo_activity *r,
                            struct vo_error *e);
vo_err vo_ds_build_task(struct vo_ds_builder *b, const struct vo_task *r, struct vo_error *e);
/* Sorts the events by time and builds the tasks' indexes (by_done, the
 * late and open lists), on the events' thread. VO_ENOMEM. */
vo_err vo_ds_builder_events_end(struct vo_ds_builder *b, struct vo_error *e);

/* Ends the build: the indexes, the events' deals, the calendar; the
 * columns trimmed to their length (cap == n). *out gets the dataset
 * (vo_ds_free) on VO_OK, is untouched otherwise. Frees b in every case;
 * call it after the events' thread ended. */
vo_err vo_ds_builder_finish(struct vo_ds_builder *b, struct vo_dataset **out, struct vo_error *e);
/* Frees a builder that will not finish (NULL is fine). */
void vo_ds_builder_free(struct vo_ds_builder *b);

#endif
