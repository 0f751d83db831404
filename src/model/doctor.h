/*
 * doctor.h - what `voronka doctor` found in a database (the store's
 * vo_store_doctor fills it; the command line prints it).
 */
#ifndef VO_MODEL_DOCTOR_H
#define VO_MODEL_DOCTOR_H

#include <stddef.h>
#include <stdint.h>

enum vo_doctor_kind {
    VO_DOCTOR_INTEGRITY, /* text: SQLite's integrity_check / quick_check line */
    VO_DOCTOR_ORPHAN,    /* count rows of table point to missing rows of parent (first: row) */
    VO_DOCTOR_OTHER_ORG, /* count rows of table point by column to parent rows of another org */
    VO_DOCTOR_CALENDAR,  /* org (named text) has no production calendar day in year */
};
struct vo_doctor_finding {
    enum vo_doctor_kind kind;
    const char *table, *parent, *column, *text;
    int64_t row, count, org;
    int year;
};
struct vo_doctor {
    int schema_version, schema_latest;
    /* the integrity check run: "quick_check", "integrity_check" (SQLite's),
     * or "none" (PostgreSQL checks its pages and foreign keys itself) */
    const char *integrity;
    struct vo_doctor_finding *v; /* in the caller's arena */
    size_t n, cap;
};
#endif
