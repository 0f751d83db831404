/*
 * pg_schema.h - the migrations of a PostgreSQL store (pg_schema.c;
 * docs/SCALING.md, "The PostgreSQL schema").
 *
 * A PostgreSQL database starts at a baseline: its first migration is
 * recorded as version 31 and creates the whole schema SQLite has after its
 * migration 31 (schema.c), ready for Citus; from 32 on every migration is
 * in both lists under the same number. The version is the one row of the
 * table schema_version (the baseline creates it with version 0; no table:
 * version 0). A runner applies, in order, every entry whose version is
 * above the database's, each in one transaction: its sql (several
 * statements, no parameters: PQexec), then
 * `UPDATE schema_version SET version = <its version>`. An entry whose sql
 * is NULL changes nothing on PostgreSQL (the baseline already has what its
 * SQLite text adds); only its version is recorded.
 */
#ifndef VO_STORE_PG_SCHEMA_H
#define VO_STORE_PG_SCHEMA_H

struct vo_pg_migration {
    int version;
    const char *sql;
};

extern const struct vo_pg_migration vo_store_pg_migrations[];
extern const int vo_store_pg_migration_count;

/* The version the PostgreSQL baseline is recorded as. */
#define VO_PG_BASELINE_VERSION 31

#endif
