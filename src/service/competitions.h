/*
 * competitions.h - the competitions of the sales floor (issue 11, item 5;
 * docs/competitions.md): a name, a plan-fact metric (or its plan pct), a
 * period of local dates (both inclusive), the participants (users, or
 * teams: a team competes with the summed fact of its users, its pct
 * recomputed from the team's plan), a prize and rules.
 *
 * Status, from the org's local date today: "upcoming" before first_day,
 * "running" from first_day to last_day, "finished" after last_day,
 * "cancelled" once cancelled (kept for the history).
 *
 * Standings are the leaderboard (analytics/leaderboard.h) over the
 * competition's period and participants: live while it runs (as of now),
 * and once it is over the final standings are computed as of the end of
 * last_day and FROZEN in the store with the names of that moment, so a
 * later change of the data does not move the winners (every rank-1 row:
 * ties share the win). They are fixed by the first read after the end
 * (one transaction, an audit row "competition.finish" by the system) or by
 * vo_svc_competitions_fix_due (the server's periodic tick).
 *
 * Who: an admin or the head of sales creates, edits and cancels (VO_EPERM
 * otherwise); everyone reads, but a manager sees only the competitions
 * they take part in (others are VO_ENOTFOUND). A finished or cancelled
 * competition is not changed (VO_ECONFLICT). Each write is one
 * transaction with an audit row (competition.create, .update, .cancel).
 *
 * Bounds (VO_EINVAL naming the field): name 1..200 characters, prize up to
 * 500, rules up to 5000; metric a key of vo_metrics; first_day <= last_day,
 * at most 366 days, dates of 1970..2200; at most 200 participants, each a
 * user (teams: a team) of the org; none = every sales user (every team).
 */
#ifndef VO_SERVICE_COMPETITIONS_H
#define VO_SERVICE_COMPETITIONS_H

#include "analytics/dataset.h"
#include "analytics/leaderboard.h"
#include "service/service.h"

#define VO_COMP_MAX_DAYS    366
#define VO_COMP_MAX_MEMBERS 200
#define VO_COMP_LIST_MAX    500

/* A competition as read: the stored row, its status, its participants and
 * its standings (none while upcoming or when cancelled before its end). */
struct vo_comp {
    struct vo_competition c;
    const char *status; /* "upcoming", "running", "finished", "cancelled" */
    int64_t *members;   /* ascending ids; none = everyone */
    size_t nmembers;
    struct vo_lb_standing *rows;
    size_t nrows;
    bool final; /* rows are the frozen final standings */
};

/* What a create or an update gives; NULL (members: !members_given) = not
 * given (kept by an update; a create requires name, metric, first_day and
 * last_day). */
struct vo_comp_input {
    const char *name, *metric, *first_day, *last_day, *prize, *rules;
    const bool *pct, *teams;
    const int64_t *members;
    size_t nmembers;
    bool members_given;
};

/* The competitions the actor sees, the latest first, with their standings
 * (finished ones fixed on the way); status (NULL: all) keeps one status
 * (VO_EINVAL naming "status" for another word). ds: the org's dataset
 * (borrowed); now: the instant of the read. Results in svc->arena. */
vo_err vo_svc_competition_list(struct vo_svc *svc, const struct vo_dataset *ds, const char *status,
                               int64_t now, struct vo_comp **out, size_t *n, struct vo_error *e);
/* One competition with its standings (VO_ENOTFOUND naming "id"). */
vo_err vo_svc_competition_get(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id,
                              int64_t now, struct vo_comp *out, struct vo_error *e);
/* The writes take the org's dataset (borrowed) for its calendar, users
 * and teams, and the clock (vo_now) for the status. */
/* Creates one; *id the new competition. */
vo_err vo_svc_competition_create(struct vo_svc *svc, const struct vo_dataset *ds,
                                 const struct vo_comp_input *in, int64_t *id, struct vo_error *e);
/* Changes what in gives of competition id, against version (NULL: any;
 * stale: VO_ESTALE). */
vo_err vo_svc_competition_update(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id,
                                 const struct vo_comp_input *in, const int64_t *version,
                                 struct vo_error *e);
/* Cancels competition id (kept, status "cancelled"), against version. */
vo_err vo_svc_competition_cancel(struct vo_svc *svc, const struct vo_dataset *ds, int64_t id,
                                 const int64_t *version, struct vo_error *e);

/* THE call for the other screens (the daily and weekly meeting, the
 * report to the director, My day): the competitions running at as_of (its
 * local date between first_day and last_day, not cancelled) that the
 * actor sees, each with its standings as of as_of (exclusive, clipped to
 * the period's end), cut to the first `top` rows (0: all). Results in
 * svc->arena; reads only. */
vo_err vo_svc_competitions_active(struct vo_svc *svc, const struct vo_dataset *ds, int64_t as_of,
                                  size_t top, struct vo_comp **out, size_t *n, struct vo_error *e);

/* Fixes the final standings of every competition of the org that ended
 * before now and is not fixed yet (the periodic tick); *fixed counts them. */
vo_err vo_svc_competitions_fix_due(struct vo_svc *svc, const struct vo_dataset *ds, int64_t now,
                                   size_t *fixed, struct vo_error *e);

/* The orgs that may have a competition to fix at now (a superset: the
 * day after now's UTC date bounds every zone's today), for the tick that
 * then runs vo_svc_competitions_fix_due per org. In a. */
vo_err vo_svc_competition_orgs_due(struct vo_store *st, int64_t now, struct vo_arena *a,
                                   int64_t **orgs, size_t *n, struct vo_error *e);

#endif
