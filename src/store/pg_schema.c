/*
 * pg_schema.c - the PostgreSQL schema (pg_schema.h; docs/SCALING.md):
 * the baseline, recorded as version 31, that creates what SQLite has after
 * its migration 31 (schema.c), and the migrations after it, numbered as
 * SQLite's.
 *
 * The baseline is SQLite's schema with its types mapped (INTEGER bigint,
 * TEXT text, REAL double precision, BLOB bytea; an INTEGER PRIMARY KEY id
 * is a bigint identity), its columns, defaults, NOT NULLs, CHECKs and
 * indexes as they are, and the rule that makes it ready for Citus
 * (distributed by org_id, docs/SCALING.md "The Citus rule"): every table
 * but orgs and schema_version has org_id; every primary key, unique key
 * and unique index includes it (an id is the key (org_id, id)); every
 * foreign key includes it on both sides (FOREIGN KEY (org_id, client_id)
 * REFERENCES clients(org_id, id); to orgs: (org_id) REFERENCES orgs(id)),
 * and ON DELETE SET NULL names the column it clears, so that org_id is
 * never cleared. The foreign keys are added after every table, so the
 * tables need no order.
 *
 * SQLite's triggers are plpgsql functions with the same effect under the
 * same names: SQLite's AFTER triggers that UPDATE their own row to stamp
 * updated_at (migration 22) are BEFORE triggers setting NEW.updated_at
 * (SQLite's do not fire themselves again, PostgreSQL's would); the others
 * (stage_since of migration 11, the search index of migration 8, a
 * contact's client's updated_at, an org's loss reasons of migration 7)
 * are AFTER triggers running SQLite's statements, so that a stage_since
 * update stamps the deal's updated_at as it does on SQLite. "now" is
 * vo_now(): the statement's instant in whole UTC seconds, as SQLite's
 * strftime('%s', 'now') is the step's.
 *
 * SQLite's FTS5 index search_fts is a table of the same columns with its
 * rowid as id (obj_id * 4 + 1 deal, 2 client, 3 contact) and a trigram GIN
 * index of vo_fold(title || ' ' || body) (pg_trgm), which serves the
 * store's `vo_fold(...) LIKE '%text%'`: a substring anywhere, a phone's
 * digits in the middle included, which a tsvector's words and prefixes
 * cannot find.
 *
 * The functions SQLite has (or voronka registers) that the store's SQL
 * calls and PostgreSQL lacks are created under the same names where they
 * can give the same result: vo_fold (GLib's case folding, as tables:
 * pg_fold.h), strftime (SQLite 3.40's formats but %J and %W, of 'now',
 * of a date text or of seconds with 'unixepoch', in UTC), printf (%d with
 * a width, zero or left padding, and %%: an error for any other
 * conversion) and json_type (paths $, .key, ."key", [n]).
 * json_object and json_extract cannot be (docs/SCALING.md).
 */
#include "store/pg_schema.h"

#include "store/pg_fold.h"

#include <stddef.h>

/* The version table (pg_schema.h) and pg_trgm for search_fts's index. */
#define PG_VERSION_TABLE                                                                           \
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;"                                                      \
    "CREATE TABLE schema_version ("                                                                \
    "  one boolean PRIMARY KEY DEFAULT true CHECK (one),"                                          \
    "  version integer NOT NULL);"                                                                 \
    "INSERT INTO schema_version(version) VALUES (0);"

/* vo_fold(text): g_utf8_casefold (store.c's sql_fold): ASCII's lower()
 * in the C collation (A-Z, whatever the database's locale), then the
 * tables of pg_fold.h (scripts/pg-fold-gen.c). PostgreSQL's text is valid
 * UTF-8, the only text SQLite's vo_fold folds. */
#define PG_FOLD                                                                                    \
    "CREATE FUNCTION vo_fold(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT "              \
    "PARALLEL SAFE AS $$"                                                                          \
    "BEGIN"                                                                                        \
    "  t := lower(t COLLATE \"C\");"                                                               \
    "  IF t !~ '[^\\x01-\\x7F]' THEN RETURN t; END IF;" VO_PG_FOLD_BODY "  RETURN t;"              \
    "END $$;"

/* vo_now(): SQLite's CAST(strftime('%s', 'now') AS INTEGER), the instant
 * of the statement (one for all its rows and triggers) in whole seconds. */
#define PG_NOW                                                                                     \
    "CREATE FUNCTION vo_now() RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS "                \
    "$$SELECT floor(extract(epoch FROM statement_timestamp()))::bigint$$;"

/* strftime(format, time, [modifier]): SQLite's, for the time values the
 * store gives it ('now', a date or date-time text; seconds with
 * 'unixepoch'), in UTC; NULL for a format or a time it does not know, as
 * SQLite's. vo_strftime_ts formats a UTC timestamp. */
#define PG_STRFTIME                                                                                \
    "CREATE FUNCTION vo_strftime_ts(fmt text, ts timestamp) RETURNS text LANGUAGE plpgsql "        \
    "IMMUTABLE STRICT PARALLEL SAFE AS $$"                                                         \
    "DECLARE r text := ''; i int := 1; c text;"                                                    \
    "BEGIN"                                                                                        \
    "  WHILE i <= length(fmt) LOOP"                                                                \
    "    c := substr(fmt, i, 1);"                                                                  \
    "    IF c <> '%' THEN r := r || c; i := i + 1; CONTINUE; END IF;"                              \
    "    c := substr(fmt, i + 1, 1);"                                                              \
    "    i := i + 2;"                                                                              \
    "    r := r || CASE c WHEN 'd' THEN to_char(ts, 'DD') WHEN 'f' THEN to_char(ts, 'SS.MS')"      \
    "      WHEN 'H' THEN to_char(ts, 'HH24')"                                                      \
    "      WHEN 'j' THEN to_char(ts, 'DDD') WHEN 'm' THEN to_char(ts, 'MM')"                       \
    "      WHEN 'M' THEN to_char(ts, 'MI') WHEN 's' THEN floor(extract(epoch FROM "                \
    "ts))::bigint::text"                                                                           \
    "      WHEN 'S' THEN to_char(ts, 'SS')"                                                        \
    "      WHEN 'w' THEN extract(dow FROM ts)::int::text WHEN 'Y' THEN to_char(ts, 'YYYY')"        \
    "      WHEN '%' THEN '%' END;"                                                                 \
    "    IF r IS NULL THEN RETURN NULL; END IF;"                                                   \
    "  END LOOP;"                                                                                  \
    "  RETURN r;"                                                                                  \
    "END $$;"                                                                                      \
    "CREATE FUNCTION strftime(fmt text, timevalue text) RETURNS text LANGUAGE plpgsql "            \
    "STABLE STRICT PARALLEL SAFE AS $$"                                                            \
    "BEGIN"                                                                                        \
    "  IF timevalue = 'now' THEN"                                                                  \
    "    RETURN vo_strftime_ts(fmt, statement_timestamp() AT TIME ZONE 'UTC');"                    \
    "  END IF;"                                                                                    \
    "  IF timevalue !~ '^\\d{4}-\\d\\d-\\d\\d([ T]\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?)?$' THEN "     \
    "    RETURN NULL;"                                                                             \
    "  END IF;"                                                                                    \
    "  BEGIN"                                                                                      \
    "    RETURN vo_strftime_ts(fmt, timevalue::timestamp);"                                        \
    "  EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN"                     \
    "    RETURN NULL;"                                                                             \
    "  END;"                                                                                       \
    "END $$;"                                                                                      \
    "CREATE FUNCTION strftime(fmt text, t bigint, modifier text) RETURNS text LANGUAGE sql "       \
    "IMMUTABLE STRICT PARALLEL SAFE AS $$SELECT CASE WHEN modifier = 'unixepoch' THEN "            \
    "vo_strftime_ts(fmt, to_timestamp(t) AT TIME ZONE 'UTC') END$$;"

/* printf(format, integers...): SQLite's for %d (a width, 0 or - before
 * it) and %%; a NULL or missing argument prints 0, as SQLite's. Any other
 * conversion is an error rather than a different text. */
#define PG_PRINTF                                                                                  \
    "CREATE FUNCTION printf(fmt text, VARIADIC args bigint[]) RETURNS text LANGUAGE plpgsql "      \
    "IMMUTABLE PARALLEL SAFE AS $$"                                                                \
    "DECLARE r text := ''; i int := 1; n int := 0; m text[]; v text; w int;"                       \
    "BEGIN"                                                                                        \
    "  IF fmt IS NULL THEN RETURN NULL; END IF;"                                                   \
    "  WHILE i <= length(fmt) LOOP"                                                                \
    "    IF substr(fmt, i, 1) <> '%' THEN r := r || substr(fmt, i, 1); i := i + 1; CONTINUE; "     \
    "END IF;"                                                                                      \
    "    m := regexp_match(substr(fmt, i), '^%(-?)(0?)([0-9]*)([d%])');"                           \
    "    IF m IS NULL THEN"                                                                        \
    "      RAISE EXCEPTION 'printf: % has a conversion other than %%d and %%%% (pg_schema.c)', "   \
    "fmt;"                                                                                         \
    "    END IF;"                                                                                  \
    "    i := i + 2 + length(m[1]) + length(m[2]) + length(m[3]);"                                 \
    "    IF m[4] = '%' THEN r := r || '%'; CONTINUE; END IF;"                                      \
    "    n := n + 1;"                                                                              \
    "    v := COALESCE(args[n], 0)::text;"                                                         \
    "    w := COALESCE(NULLIF(m[3], '')::int, 0);"                                                 \
    "    IF length(v) < w THEN"                                                                    \
    "      IF m[1] = '-' THEN v := rpad(v, w);"                                                    \
    "      ELSIF m[2] = '0' AND v LIKE '-%' THEN v := '-' || lpad(substr(v, 2), w - 1, '0');"      \
    "      ELSIF m[2] = '0' THEN v := lpad(v, w, '0');"                                            \
    "      ELSE v := lpad(v, w);"                                                                  \
    "      END IF;"                                                                                \
    "    END IF;"                                                                                  \
    "    r := r || v;"                                                                             \
    "  END LOOP;"                                                                                  \
    "  RETURN r;"                                                                                  \
    "END $$;"

/* json_type(json, path): SQLite's ('null', 'true', 'false', 'integer',
 * 'real', 'text', 'array', 'object'; NULL where the path finds nothing),
 * read from the text as written (json, not jsonb, so 1.0 stays a real).
 * Paths: $ then .key, ."key" and [n]. */
#define PG_JSON_TYPE                                                                               \
    "CREATE FUNCTION json_type(doc text, path text) RETURNS text LANGUAGE plpgsql IMMUTABLE "      \
    "STRICT PARALLEL SAFE AS $$"                                                                   \
    "DECLARE rest text; keys text[] := '{}'; m text[]; v json;"                                    \
    "BEGIN"                                                                                        \
    "  IF left(path, 1) <> '$' THEN RAISE EXCEPTION 'JSON path error near ''%''', path; END IF;"   \
    "  rest := substr(path, 2);"                                                                   \
    "  WHILE rest <> '' LOOP"                                                                      \
    "    m := regexp_match(rest, '^\\.(\"([^\"]*)\"|([^.\\[\"]+))');"                              \
    "    IF m IS NOT NULL THEN"                                                                    \
    "      keys := keys || COALESCE(m[2], m[3]);"                                                  \
    "      rest := substr(rest, length(m[1]) + 2);"                                                \
    "      CONTINUE;"                                                                              \
    "    END IF;"                                                                                  \
    "    m := regexp_match(rest, '^\\[([0-9]+)\\]');"                                              \
    "    IF m IS NULL THEN RAISE EXCEPTION 'JSON path error near ''%''', rest; END IF;"            \
    "    keys := keys || m[1];"                                                                    \
    "    rest := substr(rest, length(m[1]) + 3);"                                                  \
    "  END LOOP;"                                                                                  \
    "  v := doc::json #> keys;"                                                                    \
    "  IF v IS NULL THEN RETURN NULL; END IF;"                                                     \
    "  RETURN CASE json_typeof(v) WHEN 'string' THEN 'text' WHEN 'boolean' THEN v::text"           \
    "    WHEN 'number' THEN CASE WHEN v::text ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END"       \
    "    ELSE json_typeof(v) END;"                                                                 \
    "END $$;"

#define PG_FUNCTIONS PG_FOLD PG_NOW PG_STRFTIME PG_PRINTF PG_JSON_TYPE

/* SQLite's tables after its migration 31 (sqlite3 .schema of a new
 * database), types mapped and keys with org_id; the search index is
 * PG_SEARCH. */
#define PG_TABLES                                                                                  \
    "CREATE TABLE orgs ("                                                                          \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  name text NOT NULL,"                                                                        \
    "  tz text NOT NULL DEFAULT 'Europe/Moscow',"                                                  \
    "  currency text NOT NULL DEFAULT 'RUB',"                                                      \
    "  settings text NOT NULL DEFAULT '{}',"                                                       \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (id));"                                                                         \
    "CREATE TABLE teams ("                                                                         \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  name text NOT NULL,"                                                                        \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, name));"                                                                    \
    "CREATE TABLE users ("                                                                         \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  name text NOT NULL,"                                                                        \
    "  email text,"                                                                                \
    "  role text NOT NULL DEFAULT 'manager',"                                                      \
    "  team_id bigint,"                                                                            \
    "  password_hash text,"                                                                        \
    "  active bigint NOT NULL DEFAULT 1,"                                                          \
    "  created_at bigint NOT NULL,"                                                                \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, email),"                                                                    \
    "  CHECK (role IN ('admin','head','manager','viewer')));"                                      \
    "CREATE TABLE products ("                                                                      \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  ext_id text,"                                                                               \
    "  name text NOT NULL,"                                                                        \
    "  category text,"                                                                             \
    "  price bigint,"                                                                              \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, ext_id));"                                                                  \
    "CREATE TABLE pipelines ("                                                                     \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  name text NOT NULL,"                                                                        \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, name));"                                                                    \
    "CREATE TABLE stages ("                                                                        \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  pipeline_id bigint NOT NULL,"                                                               \
    "  name text NOT NULL,"                                                                        \
    "  position bigint NOT NULL,"                                                                  \
    "  max_days bigint,"                                                                           \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, pipeline_id, name),"                                                        \
    "  CHECK (position >= 1),"                                                                     \
    "  CHECK (max_days IS NULL OR max_days >= 1));"                                                \
    "CREATE TABLE clients ("                                                                       \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  ext_id text,"                                                                               \
    "  name text NOT NULL,"                                                                        \
    "  channel text,"                                                                              \
    "  region text,"                                                                               \
    "  segment text,"                                                                              \
    "  source text,"                                                                               \
    "  owner_id bigint,"                                                                           \
    "  created_at bigint,"                                                                         \
    "  key_account bigint NOT NULL DEFAULT 0,"                                                     \
    "  custom text NOT NULL DEFAULT '{}',"                                                         \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  inn text,"                                                                                  \
    "  kpp text,"                                                                                  \
    "  address text,"                                                                              \
    "  phone text,"                                                                                \
    "  phone_digits text,"                                                                         \
    "  email text,"                                                                                \
    "  website text,"                                                                              \
    "  comment text,"                                                                              \
    "  updated_at bigint NOT NULL DEFAULT 0,"                                                      \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, ext_id));"                                                                  \
    "CREATE TABLE deals ("                                                                         \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  ext_id text,"                                                                               \
    "  title text,"                                                                                \
    "  client_id bigint,"                                                                          \
    "  product_id bigint,"                                                                         \
    "  pipeline_id bigint NOT NULL,"                                                               \
    "  stage_id bigint,"                                                                           \
    "  owner_id bigint NOT NULL,"                                                                  \
    "  status text NOT NULL DEFAULT 'open',"                                                       \
    "  amount bigint,"                                                                             \
    "  created_at bigint NOT NULL,"                                                                \
    "  closed_at bigint,"                                                                          \
    "  loss_reason text,"                                                                          \
    "  channel text,"                                                                              \
    "  source text,"                                                                               \
    "  custom text NOT NULL DEFAULT '{}',"                                                         \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  amount_manual bigint NOT NULL DEFAULT 0,"                                                   \
    "  loss_reason_id bigint,"                                                                     \
    "  loss_comment text,"                                                                         \
    "  contact_id bigint,"                                                                         \
    "  stage_since bigint NOT NULL DEFAULT 0,"                                                     \
    "  updated_at bigint NOT NULL DEFAULT 0,"                                                      \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, ext_id),"                                                                   \
    "  CHECK (status IN ('open','won','lost')));"                                                  \
    "CREATE TABLE activities ("                                                                    \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  ext_id text,"                                                                               \
    "  type text NOT NULL,"                                                                        \
    "  user_id bigint NOT NULL,"                                                                   \
    "  at bigint NOT NULL,"                                                                        \
    "  deal_id bigint,"                                                                            \
    "  client_id bigint,"                                                                          \
    "  duration_s bigint,"                                                                         \
    "  direction text,"                                                                            \
    "  outcome text,"                                                                              \
    "  recording_url text,"                                                                        \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  updated_at bigint NOT NULL DEFAULT 0,"                                                      \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, ext_id),"                                                                   \
    "  CHECK (type IN ('call','meeting','email','message')),"                                      \
    "  CHECK (duration_s IS NULL OR duration_s >= 0),"                                             \
    "  CHECK (direction IS NULL OR direction IN ('in','out')));"                                   \
    "CREATE TABLE tasks ("                                                                         \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  ext_id text,"                                                                               \
    "  assignee_id bigint NOT NULL,"                                                               \
    "  title text NOT NULL,"                                                                       \
    "  created_at bigint NOT NULL,"                                                                \
    "  due_at bigint NOT NULL,"                                                                    \
    "  deal_id bigint,"                                                                            \
    "  client_id bigint,"                                                                          \
    "  done_at bigint,"                                                                            \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  type text NOT NULL DEFAULT 'other',"                                                        \
    "  comment text,"                                                                              \
    "  reschedules bigint NOT NULL DEFAULT 0,"                                                     \
    "  recurrence_id bigint,"                                                                      \
    "  updated_at bigint NOT NULL DEFAULT 0,"                                                      \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, ext_id),"                                                                   \
    "  CHECK (type IN ('call','meeting','email','other')));"                                       \
    "CREATE TABLE payments ("                                                                      \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  ext_id text,"                                                                               \
    "  amount bigint NOT NULL,"                                                                    \
    "  paid_at bigint NOT NULL,"                                                                   \
    "  deal_id bigint,"                                                                            \
    "  client_id bigint,"                                                                          \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  updated_at bigint NOT NULL DEFAULT 0,"                                                      \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, ext_id),"                                                                   \
    "  CHECK (deal_id IS NOT NULL OR client_id IS NOT NULL));"                                     \
    "CREATE TABLE plans ("                                                                         \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  period text NOT NULL,"                                                                      \
    "  scope_kind text NOT NULL,"                                                                  \
    "  scope_id bigint NOT NULL DEFAULT 0,"                                                        \
    "  metric text NOT NULL,"                                                                      \
    "  target bigint NOT NULL,"                                                                    \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, period, scope_kind, scope_id, metric),"                                     \
    "  CHECK (scope_kind IN ('org','team','user')));"                                              \
    "CREATE TABLE marketing_spend ("                                                               \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  channel text NOT NULL,"                                                                     \
    "  month text NOT NULL,"                                                                       \
    "  amount bigint NOT NULL,"                                                                    \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, channel, month),"                                                           \
    "  CHECK (amount >= 0));"                                                                      \
    "CREATE TABLE nps_responses ("                                                                 \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  client_id bigint NOT NULL,"                                                                 \
    "  score bigint NOT NULL,"                                                                     \
    "  at bigint NOT NULL,"                                                                        \
    "  comment text,"                                                                              \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, client_id, at),"                                                            \
    "  CHECK (score BETWEEN 0 AND 10));"                                                           \
    "CREATE TABLE holidays ("                                                                      \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  date text NOT NULL,"                                                                        \
    "  kind text NOT NULL,"                                                                        \
    "  name text,"                                                                                 \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, date),"                                                                     \
    "  CHECK (kind IN ('holiday','workday')));"                                                    \
    "CREATE TABLE audit_log ("                                                                     \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  at bigint NOT NULL,"                                                                        \
    "  user_id bigint,"                                                                            \
    "  action text NOT NULL,"                                                                      \
    "  object text,"                                                                               \
    "  object_id bigint,"                                                                          \
    "  detail text,"                                                                               \
    "  PRIMARY KEY (org_id, id));"                                                                 \
    "CREATE TABLE sessions ("                                                                      \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  user_id bigint NOT NULL,"                                                                   \
    "  token_hash text NOT NULL,"                                                                  \
    "  csrf text NOT NULL,"                                                                        \
    "  created_at bigint NOT NULL,"                                                                \
    "  seen_at bigint NOT NULL,"                                                                   \
    "  expires_at bigint NOT NULL,"                                                                \
    "  address text,"                                                                              \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, token_hash));"                                                              \
    "CREATE TABLE api_tokens ("                                                                    \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  user_id bigint NOT NULL,"                                                                   \
    "  name text NOT NULL,"                                                                        \
    "  token_hash text NOT NULL,"                                                                  \
    "  created_at bigint NOT NULL,"                                                                \
    "  created_by bigint,"                                                                         \
    "  used_at bigint,"                                                                            \
    "  revoked_at bigint,"                                                                         \
    "  scopes bigint NOT NULL DEFAULT 15,"                                                         \
    "  expires_at bigint,"                                                                         \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, token_hash));"                                                              \
    "CREATE TABLE stage_changes ("                                                                 \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  deal_id bigint NOT NULL,"                                                                   \
    "  stage_id bigint NOT NULL,"                                                                  \
    "  at bigint NOT NULL,"                                                                        \
    "  user_id bigint,"                                                                            \
    "  PRIMARY KEY (org_id, id));"                                                                 \
    "CREATE TABLE task_recurrences ("                                                              \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  rule text NOT NULL,"                                                                        \
    "  every bigint NOT NULL DEFAULT 1,"                                                           \
    "  weekdays bigint NOT NULL DEFAULT 0,"                                                        \
    "  month_day bigint,"                                                                          \
    "  created_by bigint,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  stopped_at bigint,"                                                                         \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (rule IN ('daily','weekly','monthly','workdays')),"                                   \
    "  CHECK (every BETWEEN 1 AND 366),"                                                           \
    "  CHECK (weekdays BETWEEN 0 AND 127),"                                                        \
    "  CHECK (month_day IS NULL OR month_day BETWEEN 1 AND 31));"                                  \
    "CREATE TABLE task_reschedules ("                                                              \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  task_id bigint NOT NULL,"                                                                   \
    "  user_id bigint,"                                                                            \
    "  at bigint NOT NULL,"                                                                        \
    "  from_due bigint NOT NULL,"                                                                  \
    "  to_due bigint NOT NULL,"                                                                    \
    "  reason text,"                                                                               \
    "  PRIMARY KEY (org_id, id));"                                                                 \
    "CREATE TABLE custom_fields ("                                                                 \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  entity text NOT NULL,"                                                                      \
    "  key text NOT NULL,"                                                                         \
    "  label text NOT NULL,"                                                                       \
    "  type text NOT NULL,"                                                                        \
    "  options text NOT NULL DEFAULT '[]',"                                                        \
    "  required bigint NOT NULL DEFAULT 0,"                                                        \
    "  position bigint NOT NULL DEFAULT 1,"                                                        \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, entity, key),"                                                              \
    "  CHECK (entity IN ('deal', 'client')),"                                                      \
    "  CHECK (type IN ('text', 'number', 'date', 'list')));"                                       \
    "CREATE TABLE deal_products ("                                                                 \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  deal_id bigint NOT NULL,"                                                                   \
    "  product_id bigint NOT NULL,"                                                                \
    "  quantity bigint NOT NULL,"                                                                  \
    "  price bigint NOT NULL,"                                                                     \
    "  position bigint NOT NULL,"                                                                  \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (quantity > 0),"                                                                      \
    "  CHECK (price >= 0));"                                                                       \
    "CREATE TABLE loss_reasons ("                                                                  \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  name text NOT NULL,"                                                                        \
    "  position bigint NOT NULL,"                                                                  \
    "  active bigint NOT NULL DEFAULT 1,"                                                          \
    "  other bigint NOT NULL DEFAULT 0,"                                                           \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, name));"                                                                    \
    "CREATE TABLE deal_undo ("                                                                     \
    "  deal_id bigint,"                                                                            \
    "  org_id bigint NOT NULL,"                                                                    \
    "  user_id bigint NOT NULL,"                                                                   \
    "  at bigint NOT NULL,"                                                                        \
    "  prev_amount bigint,"                                                                        \
    "  rev_after bigint NOT NULL,"                                                                 \
    "  PRIMARY KEY (org_id, deal_id));"                                                            \
    "CREATE TABLE contacts ("                                                                      \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  client_id bigint NOT NULL,"                                                                 \
    "  name text NOT NULL,"                                                                        \
    "  role text,"                                                                                 \
    "  phones text NOT NULL DEFAULT '',"                                                           \
    "  phone_digits text NOT NULL DEFAULT '',"                                                     \
    "  emails text NOT NULL DEFAULT '',"                                                           \
    "  telegram text,"                                                                             \
    "  whatsapp text,"                                                                             \
    "  comment text,"                                                                              \
    "  created_at bigint NOT NULL,"                                                                \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  PRIMARY KEY (org_id, id));"                                                                 \
    "CREATE TABLE notes ("                                                                         \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  deal_id bigint,"                                                                            \
    "  client_id bigint,"                                                                          \
    "  author_id bigint NOT NULL,"                                                                 \
    "  text text NOT NULL,"                                                                        \
    "  created_at bigint NOT NULL,"                                                                \
    "  edited_at bigint,"                                                                          \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK ((deal_id IS NULL) <> (client_id IS NULL)));"                                         \
    "CREATE TABLE org_mail ("                                                                      \
    "  org_id bigint,"                                                                             \
    "  enabled bigint NOT NULL DEFAULT 0,"                                                         \
    "  url text NOT NULL,"                                                                         \
    "  username text,"                                                                             \
    "  password text,"                                                                             \
    "  from_addr text NOT NULL,"                                                                   \
    "  from_name text,"                                                                            \
    "  starttls bigint NOT NULL DEFAULT 1,"                                                        \
    "  updated_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id),"                                                                      \
    "  CHECK (enabled IN (0, 1)),"                                                                 \
    "  CHECK (starttls IN (0, 1)));"                                                               \
    "CREATE TABLE saved_filters ("                                                                 \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  user_id bigint NOT NULL,"                                                                   \
    "  kind text NOT NULL,"                                                                        \
    "  name text NOT NULL,"                                                                        \
    "  query text NOT NULL DEFAULT '',"                                                            \
    "  is_default bigint NOT NULL DEFAULT 0,"                                                      \
    "  created_at bigint NOT NULL,"                                                                \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, user_id, kind, name),"                                                      \
    "  CHECK (kind IN ('deals','clients','tasks','activities','payments')),"                       \
    "  CHECK (is_default IN (0, 1)));"                                                             \
    "CREATE TABLE competitions ("                                                                  \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  name text NOT NULL,"                                                                        \
    "  metric text NOT NULL,"                                                                      \
    "  pct bigint NOT NULL DEFAULT 0,"                                                             \
    "  teams bigint NOT NULL DEFAULT 0,"                                                           \
    "  first_day text NOT NULL,"                                                                   \
    "  last_day text NOT NULL,"                                                                    \
    "  prize text NOT NULL DEFAULT '',"                                                            \
    "  rules text NOT NULL DEFAULT '',"                                                            \
    "  cancelled bigint NOT NULL DEFAULT 0,"                                                       \
    "  fixed_at bigint,"                                                                           \
    "  created_by bigint,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (pct IN (0, 1)),"                                                                     \
    "  CHECK (teams IN (0, 1)),"                                                                   \
    "  CHECK (cancelled IN (0, 1)),"                                                               \
    "  CHECK (first_day <= last_day));"                                                            \
    "CREATE TABLE competition_members ("                                                           \
    "  org_id bigint NOT NULL,"                                                                    \
    "  competition_id bigint NOT NULL,"                                                            \
    "  member_id bigint NOT NULL,"                                                                 \
    "  PRIMARY KEY (org_id, competition_id, member_id));"                                          \
    "CREATE TABLE competition_results ("                                                           \
    "  org_id bigint NOT NULL,"                                                                    \
    "  competition_id bigint NOT NULL,"                                                            \
    "  pos bigint NOT NULL,"                                                                       \
    "  rank bigint NOT NULL,"                                                                      \
    "  member_id bigint NOT NULL,"                                                                 \
    "  name text NOT NULL,"                                                                        \
    "  value text NOT NULL,"                                                                       \
    "  PRIMARY KEY (org_id, competition_id, pos));"                                                \
    "CREATE TABLE bonus_schemes ("                                                                 \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  name text NOT NULL,"                                                                        \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, name));"                                                                    \
    "CREATE TABLE bonus_scheme_versions ("                                                         \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  scheme_id bigint NOT NULL,"                                                                 \
    "  from_month text NOT NULL,"                                                                  \
    "  base bigint NOT NULL,"                                                                      \
    "  metric text NOT NULL,"                                                                      \
    "  rate_ppm bigint NOT NULL,"                                                                  \
    "  tiers text NOT NULL,"                                                                       \
    "  kpi text NOT NULL,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, scheme_id, from_month),"                                                    \
    "  CHECK (base >= 0),"                                                                         \
    "  CHECK (rate_ppm >= 0));"                                                                    \
    "CREATE TABLE bonus_assignments ("                                                             \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  user_id bigint NOT NULL,"                                                                   \
    "  scheme_id bigint NOT NULL,"                                                                 \
    "  from_month text NOT NULL,"                                                                  \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, user_id, from_month));"                                                     \
    "CREATE TABLE recognitions ("                                                                  \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  user_id bigint NOT NULL,"                                                                   \
    "  author_id bigint,"                                                                          \
    "  badge text NOT NULL,"                                                                       \
    "  comment text,"                                                                              \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (badge IN ('best_month','hard_deal','mentor','thanks')));"                            \
    "CREATE TABLE action_items ("                                                                  \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  owner_id bigint NOT NULL,"                                                                  \
    "  week text NOT NULL,"                                                                        \
    "  what text NOT NULL,"                                                                        \
    "  assignee_id bigint NOT NULL,"                                                               \
    "  day text,"                                                                                  \
    "  metric text,"                                                                               \
    "  target bigint,"                                                                             \
    "  deal_id bigint,"                                                                            \
    "  done_at bigint,"                                                                            \
    "  done_by bigint,"                                                                            \
    "  carried_from bigint,"                                                                       \
    "  created_at bigint NOT NULL,"                                                                \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK ((metric IS NULL) = (target IS NULL)));"                                              \
    "CREATE TABLE director_notes ("                                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  period text NOT NULL,"                                                                      \
    "  start text NOT NULL,"                                                                       \
    "  text text NOT NULL,"                                                                        \
    "  updated_at bigint NOT NULL,"                                                                \
    "  updated_by bigint,"                                                                         \
    "  PRIMARY KEY (org_id, period, start),"                                                       \
    "  CHECK (period IN ('month','week')));"                                                       \
    "CREATE TABLE meetings ("                                                                      \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  kind text NOT NULL,"                                                                        \
    "  scheduled_at bigint NOT NULL,"                                                              \
    "  limit_min bigint NOT NULL,"                                                                 \
    "  status text NOT NULL DEFAULT 'planned',"                                                    \
    "  lead_id bigint NOT NULL,"                                                                   \
    "  report text,"                                                                               \
    "  started_at bigint,"                                                                         \
    "  closed_at bigint,"                                                                          \
    "  created_at bigint NOT NULL,"                                                                \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (kind IN ('daily','weekly','monthly','one_to_one')),"                                 \
    "  CHECK (status IN ('planned','running','closed')));"                                         \
    "CREATE TABLE meeting_people ("                                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  meeting_id bigint NOT NULL,"                                                                \
    "  user_id bigint NOT NULL,"                                                                   \
    "  attendance text,"                                                                           \
    "  reason text,"                                                                               \
    "  PRIMARY KEY (org_id, meeting_id, user_id),"                                                 \
    "  CHECK (attendance IN ('present','late','absent')));"                                        \
    "CREATE TABLE meeting_items ("                                                                 \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  meeting_id bigint NOT NULL,"                                                                \
    "  kind text NOT NULL,"                                                                        \
    "  position bigint NOT NULL,"                                                                  \
    "  text text NOT NULL,"                                                                        \
    "  notes text NOT NULL DEFAULT '',"                                                            \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (kind IN ('agenda','decision')));"                                                    \
    "CREATE TABLE meeting_templates ("                                                             \
    "  org_id bigint NOT NULL,"                                                                    \
    "  kind text NOT NULL,"                                                                        \
    "  items text NOT NULL,"                                                                       \
    "  PRIMARY KEY (org_id, kind),"                                                                \
    "  CHECK (kind IN ('daily','weekly','monthly','one_to_one')));"                                \
    "CREATE TABLE promises ("                                                                      \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  user_id bigint NOT NULL,"                                                                   \
    "  text text NOT NULL,"                                                                        \
    "  due_at bigint NOT NULL,"                                                                    \
    "  deal_id bigint,"                                                                            \
    "  client_id bigint,"                                                                          \
    "  metric text,"                                                                               \
    "  target bigint,"                                                                             \
    "  meeting_id bigint,"                                                                         \
    "  status text NOT NULL DEFAULT 'open',"                                                       \
    "  comment text,"                                                                              \
    "  created_at bigint NOT NULL,"                                                                \
    "  resolved_at bigint,"                                                                        \
    "  notified_at bigint,"                                                                        \
    "  rev bigint NOT NULL DEFAULT 0,"                                                             \
    "  target_stage_id bigint,"                                                                    \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (status IN ('open','kept','broken')),"                                                \
    "  CHECK ((metric IS NULL) = (target IS NULL)));"                                              \
    "CREATE TABLE nps_keys ("                                                                      \
    "  org_id bigint,"                                                                             \
    "  key text NOT NULL,"                                                                         \
    "  PRIMARY KEY (org_id));"                                                                     \
    "CREATE TABLE nps_surveys ("                                                                   \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  client_id bigint NOT NULL,"                                                                 \
    "  created_by bigint,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  expires_at bigint NOT NULL,"                                                                \
    "  answered_at bigint,"                                                                        \
    "  response_id bigint,"                                                                        \
    "  PRIMARY KEY (org_id, id));"                                                                 \
    "CREATE TABLE nps_tasks ("                                                                     \
    "  org_id bigint NOT NULL,"                                                                    \
    "  response_id bigint NOT NULL,"                                                               \
    "  task_id bigint,"                                                                            \
    "  PRIMARY KEY (org_id, response_id));"                                                        \
    "CREATE TABLE channel_plans ("                                                                 \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  channel text NOT NULL,"                                                                     \
    "  month text NOT NULL,"                                                                       \
    "  leads bigint NOT NULL,"                                                                     \
    "  quality_permille bigint,"                                                                   \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, channel, month),"                                                           \
    "  CHECK (leads BETWEEN 0 AND 1000000000),"                                                    \
    "  CHECK (quality_permille BETWEEN 0 AND 1000));"                                              \
    "CREATE TABLE key_account_plans ("                                                             \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  client_id bigint NOT NULL,"                                                                 \
    "  month text NOT NULL,"                                                                       \
    "  target bigint NOT NULL,"                                                                    \
    "  updated_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, client_id, month),"                                                         \
    "  CHECK (target >= 0));"                                                                      \
    "CREATE TABLE webhooks ("                                                                      \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  url text NOT NULL,"                                                                         \
    "  secret text NOT NULL,"                                                                      \
    "  events bigint NOT NULL,"                                                                    \
    "  active bigint NOT NULL DEFAULT 1,"                                                          \
    "  failures bigint NOT NULL DEFAULT 0,"                                                        \
    "  disabled_at bigint,"                                                                        \
    "  created_by bigint,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (events > 0),"                                                                        \
    "  CHECK (active IN (0, 1)));"                                                                 \
    "CREATE TABLE webhook_deliveries ("                                                            \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  webhook_id bigint NOT NULL,"                                                                \
    "  event text NOT NULL,"                                                                       \
    "  payload text NOT NULL,"                                                                     \
    "  attempt bigint NOT NULL DEFAULT 0,"                                                         \
    "  status text NOT NULL DEFAULT 'pending',"                                                    \
    "  next_at bigint,"                                                                            \
    "  response_code bigint,"                                                                      \
    "  error text,"                                                                                \
    "  created_at bigint NOT NULL,"                                                                \
    "  delivered_at bigint,"                                                                       \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (status IN ('pending', 'delivered', 'failed')));"                                     \
    "CREATE TABLE idempotency_keys ("                                                              \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  principal text NOT NULL,"                                                                   \
    "  key text NOT NULL,"                                                                         \
    "  request text NOT NULL,"                                                                     \
    "  body_hash text NOT NULL,"                                                                   \
    "  status bigint,"                                                                             \
    "  response text,"                                                                             \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, principal, key));"                                                          \
    "CREATE TABLE sync_sources ("                                                                  \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  name text NOT NULL,"                                                                        \
    "  kind text NOT NULL,"                                                                        \
    "  url text NOT NULL,"                                                                         \
    "  sealed text NOT NULL,"                                                                      \
    "  cursor bigint NOT NULL DEFAULT 0,"                                                          \
    "  last_run_at bigint,"                                                                        \
    "  last_status text,"                                                                          \
    "  last_deals bigint NOT NULL DEFAULT 0,"                                                      \
    "  created_by bigint,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, name),"                                                                     \
    "  CHECK (kind IN ('amocrm', 'bitrix24')));"                                                   \
    "CREATE TABLE review_checklists ("                                                             \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  name text NOT NULL,"                                                                        \
    "  archived bigint NOT NULL DEFAULT 0,"                                                        \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, name),"                                                                     \
    "  CHECK (archived IN (0, 1)));"                                                               \
    "CREATE TABLE review_checklist_items ("                                                        \
    "  org_id bigint NOT NULL,"                                                                    \
    "  checklist_id bigint NOT NULL,"                                                              \
    "  position bigint NOT NULL,"                                                                  \
    "  text text NOT NULL,"                                                                        \
    "  max_score bigint NOT NULL,"                                                                 \
    "  PRIMARY KEY (org_id, checklist_id, position),"                                              \
    "  CHECK (position >= 1),"                                                                     \
    "  CHECK (max_score BETWEEN 1 AND 10));"                                                       \
    "CREATE TABLE reviews ("                                                                       \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  subject_id bigint NOT NULL,"                                                                \
    "  reviewer_id bigint,"                                                                        \
    "  checklist_id bigint NOT NULL,"                                                              \
    "  kind text NOT NULL,"                                                                        \
    "  activity_id bigint,"                                                                        \
    "  recording_url text,"                                                                        \
    "  reviewed_at bigint NOT NULL,"                                                               \
    "  strengths text NOT NULL DEFAULT '',"                                                        \
    "  mistakes text NOT NULL DEFAULT '',"                                                         \
    "  comment text NOT NULL DEFAULT '',"                                                          \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (kind IN ('call', 'meeting')));"                                                      \
    "CREATE TABLE review_scores ("                                                                 \
    "  org_id bigint NOT NULL,"                                                                    \
    "  review_id bigint NOT NULL,"                                                                 \
    "  position bigint NOT NULL,"                                                                  \
    "  score bigint NOT NULL,"                                                                     \
    "  max_score bigint NOT NULL,"                                                                 \
    "  PRIMARY KEY (org_id, review_id, position),"                                                 \
    "  CHECK (score >= 0),"                                                                        \
    "  CHECK (max_score BETWEEN 1 AND 10),"                                                        \
    "  CHECK (score <= max_score));"                                                               \
    "CREATE TABLE documents ("                                                                     \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  kind text NOT NULL,"                                                                        \
    "  title text NOT NULL,"                                                                       \
    "  required_reading bigint NOT NULL DEFAULT 0,"                                                \
    "  archived bigint NOT NULL DEFAULT 0,"                                                        \
    "  created_by bigint,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  updated_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (kind IN ('script', 'objections', 'regulation', 'standard', 'other')),"               \
    "  CHECK (required_reading IN (0, 1)),"                                                        \
    "  CHECK (archived IN (0, 1)));"                                                               \
    "CREATE TABLE document_versions ("                                                             \
    "  org_id bigint NOT NULL,"                                                                    \
    "  document_id bigint NOT NULL,"                                                               \
    "  number bigint NOT NULL,"                                                                    \
    "  body text NOT NULL,"                                                                        \
    "  note text NOT NULL DEFAULT '',"                                                             \
    "  author_id bigint,"                                                                          \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, document_id, number),"                                                 \
    "  CHECK (number >= 1));"                                                                      \
    "CREATE TABLE document_acks ("                                                                 \
    "  org_id bigint NOT NULL,"                                                                    \
    "  document_id bigint NOT NULL,"                                                               \
    "  version bigint NOT NULL,"                                                                   \
    "  user_id bigint NOT NULL,"                                                                   \
    "  at bigint NOT NULL,"                                                                        \
    "  PRIMARY KEY (org_id, document_id, version, user_id));"                                      \
    "CREATE TABLE vacancies ("                                                                     \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  title text NOT NULL,"                                                                       \
    "  team text,"                                                                                 \
    "  openings bigint NOT NULL DEFAULT 1,"                                                        \
    "  status text NOT NULL DEFAULT 'open',"                                                       \
    "  description text NOT NULL DEFAULT '',"                                                      \
    "  created_by bigint,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  closed_at bigint,"                                                                          \
    "  updated_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (openings BETWEEN 1 AND 100),"                                                        \
    "  CHECK (status IN ('open', 'closed')));"                                                     \
    "CREATE TABLE candidates ("                                                                    \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  vacancy_id bigint NOT NULL,"                                                                \
    "  name text NOT NULL,"                                                                        \
    "  email text,"                                                                                \
    "  phone text,"                                                                                \
    "  source text,"                                                                               \
    "  stage text NOT NULL DEFAULT 'response',"                                                    \
    "  reject_reason text,"                                                                        \
    "  notes text NOT NULL DEFAULT '',"                                                            \
    "  cv bytea,"                                                                                  \
    "  cv_name text,"                                                                              \
    "  cv_type text,"                                                                              \
    "  cv_size bigint NOT NULL DEFAULT 0,"                                                         \
    "  stage_since bigint NOT NULL,"                                                               \
    "  hired_user_id bigint,"                                                                      \
    "  start_date text,"                                                                           \
    "  created_by bigint,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  updated_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (stage IN ('response', 'screening', 'interview', 'final', 'offer', 'hired', "         \
    "'rejected')),"                                                                                \
    "  CHECK (stage <> 'rejected' OR reject_reason IS NOT NULL));"                                 \
    "CREATE TABLE candidate_stage_changes ("                                                       \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  candidate_id bigint NOT NULL,"                                                              \
    "  from_stage text,"                                                                           \
    "  to_stage text NOT NULL,"                                                                    \
    "  at bigint NOT NULL,"                                                                        \
    "  by_user bigint,"                                                                            \
    "  PRIMARY KEY (org_id, id));"                                                                 \
    "CREATE TABLE hiring_criteria ("                                                               \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  name text NOT NULL,"                                                                        \
    "  position bigint NOT NULL DEFAULT 0,"                                                        \
    "  archived bigint NOT NULL DEFAULT 0,"                                                        \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, name),"                                                                     \
    "  CHECK (archived IN (0, 1)));"                                                               \
    "CREATE TABLE candidate_scores ("                                                              \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  candidate_id bigint NOT NULL,"                                                              \
    "  user_id bigint NOT NULL,"                                                                   \
    "  kind text NOT NULL,"                                                                        \
    "  criterion_id bigint NOT NULL,"                                                              \
    "  score bigint NOT NULL,"                                                                     \
    "  comment text NOT NULL DEFAULT '',"                                                          \
    "  at bigint NOT NULL,"                                                                        \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, candidate_id, user_id, kind, criterion_id),"                                \
    "  CHECK (kind IN ('interview', 'final')),"                                                    \
    "  CHECK (score BETWEEN 1 AND 5));"                                                            \
    "CREATE TABLE notifications ("                                                                 \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  user_id bigint NOT NULL,"                                                                   \
    "  kind text NOT NULL,"                                                                        \
    "  key text NOT NULL,"                                                                         \
    "  object text NOT NULL,"                                                                      \
    "  object_id bigint NOT NULL,"                                                                 \
    "  title text,"                                                                                \
    "  at bigint,"                                                                                 \
    "  actor_id bigint,"                                                                           \
    "  payload text NOT NULL DEFAULT '{}',"                                                        \
    "  created_at bigint NOT NULL,"                                                                \
    "  read_at bigint,"                                                                            \
    "  mailed_at bigint,"                                                                          \
    "  mail_tries bigint NOT NULL DEFAULT 0,"                                                      \
    "  mail_error text,"                                                                           \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, user_id, key),"                                                             \
    "  CHECK (kind IN "                                                                            \
    "('task_due_soon','task_overdue','deal_assigned','promise_due','recognition', "                \
    "'document_version','onboarding','training','attestation','idp')),"                            \
    "  CHECK (object IN ('task','deal','client','recognition','promise', "                         \
    "'document','onboarding','training','attestation','idp')));"                                   \
    "CREATE TABLE onboarding_template_items ("                                                     \
    "  org_id bigint NOT NULL,"                                                                    \
    "  role text NOT NULL,"                                                                        \
    "  position bigint NOT NULL,"                                                                  \
    "  title text NOT NULL,"                                                                       \
    "  kind text NOT NULL,"                                                                        \
    "  due_day bigint NOT NULL,"                                                                   \
    "  document_id bigint,"                                                                        \
    "  PRIMARY KEY (org_id, role, position),"                                                      \
    "  CHECK (role IN ('manager', 'head')),"                                                       \
    "  CHECK (kind IN ('product', 'crm', 'scripts', 'calls_with_mentor', 'attestation', "          \
    "'other')),"                                                                                   \
    "  CHECK (due_day BETWEEN 0 AND 365));"                                                        \
    "CREATE TABLE onboarding_plans ("                                                              \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  user_id bigint NOT NULL,"                                                                   \
    "  mentor_id bigint,"                                                                          \
    "  role text NOT NULL,"                                                                        \
    "  start_date text NOT NULL,"                                                                  \
    "  status text NOT NULL DEFAULT 'open',"                                                       \
    "  closed_at bigint,"                                                                          \
    "  closed_by bigint,"                                                                          \
    "  created_by bigint,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, user_id),"                                                                  \
    "  CHECK (role IN ('manager', 'head')),"                                                       \
    "  CHECK (status IN ('open', 'closed')));"                                                     \
    "CREATE TABLE onboarding_items ("                                                              \
    "  org_id bigint NOT NULL,"                                                                    \
    "  plan_id bigint NOT NULL,"                                                                   \
    "  position bigint NOT NULL,"                                                                  \
    "  title text NOT NULL,"                                                                       \
    "  kind text NOT NULL,"                                                                        \
    "  due_date text NOT NULL,"                                                                    \
    "  document_id bigint,"                                                                        \
    "  done_at bigint,"                                                                            \
    "  done_by bigint,"                                                                            \
    "  PRIMARY KEY (org_id, plan_id, position),"                                                   \
    "  CHECK (kind IN ('product', 'crm', 'scripts', 'calls_with_mentor', 'attestation', "          \
    "'other')));"                                                                                  \
    "CREATE TABLE trainings ("                                                                     \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  kind text NOT NULL,"                                                                        \
    "  topic text NOT NULL,"                                                                       \
    "  description text NOT NULL DEFAULT '',"                                                      \
    "  starts_at bigint NOT NULL,"                                                                 \
    "  duration_min bigint NOT NULL,"                                                              \
    "  trainer_id bigint,"                                                                         \
    "  trainer_name text,"                                                                         \
    "  place text NOT NULL DEFAULT '',"                                                            \
    "  status text NOT NULL DEFAULT 'planned',"                                                    \
    "  meeting_id bigint,"                                                                         \
    "  created_by bigint,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  updated_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (kind IN ('pair', 'negotiation_review', 'reading', 'course', 'speaker', 'product'))," \
    "  CHECK (duration_min BETWEEN 1 AND 1440),"                                                   \
    "  CHECK (status IN ('planned', 'held', 'cancelled')));"                                       \
    "CREATE TABLE training_materials ("                                                            \
    "  org_id bigint NOT NULL,"                                                                    \
    "  training_id bigint NOT NULL,"                                                               \
    "  document_id bigint NOT NULL,"                                                               \
    "  position bigint NOT NULL,"                                                                  \
    "  PRIMARY KEY (org_id, training_id, document_id));"                                           \
    "CREATE TABLE training_attendees ("                                                            \
    "  org_id bigint NOT NULL,"                                                                    \
    "  training_id bigint NOT NULL,"                                                               \
    "  user_id bigint NOT NULL,"                                                                   \
    "  attendance text NOT NULL DEFAULT 'invited',"                                                \
    "  PRIMARY KEY (org_id, training_id, user_id),"                                                \
    "  CHECK (attendance IN ('invited', 'attended', 'absent')));"                                  \
    "CREATE TABLE attestations ("                                                                  \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  title text NOT NULL,"                                                                       \
    "  description text NOT NULL DEFAULT '',"                                                      \
    "  pass_pct bigint NOT NULL,"                                                                  \
    "  max_attempts bigint NOT NULL,"                                                              \
    "  time_limit bigint,"                                                                         \
    "  archived bigint NOT NULL DEFAULT 0,"                                                        \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, title),"                                                                    \
    "  CHECK (pass_pct BETWEEN 1 AND 100),"                                                        \
    "  CHECK (max_attempts BETWEEN 1 AND 10),"                                                     \
    "  CHECK (time_limit BETWEEN 1 AND 600),"                                                      \
    "  CHECK (archived IN (0, 1)));"                                                               \
    "CREATE TABLE attestation_questions ("                                                         \
    "  org_id bigint NOT NULL,"                                                                    \
    "  attestation_id bigint NOT NULL,"                                                            \
    "  position bigint NOT NULL,"                                                                  \
    "  topic text NOT NULL,"                                                                       \
    "  kind text NOT NULL,"                                                                        \
    "  text text NOT NULL,"                                                                        \
    "  options text NOT NULL DEFAULT '[]',"                                                        \
    "  correct text NOT NULL DEFAULT '[]',"                                                        \
    "  points bigint NOT NULL,"                                                                    \
    "  PRIMARY KEY (org_id, attestation_id, position),"                                            \
    "  CHECK (position >= 1),"                                                                     \
    "  CHECK (topic IN ('product', 'crm', 'selling', 'other')),"                                   \
    "  CHECK (kind IN ('single', 'multiple', 'free')),"                                            \
    "  CHECK (points BETWEEN 1 AND 100));"                                                         \
    "CREATE TABLE attestation_assignments ("                                                       \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  attestation_id bigint NOT NULL,"                                                            \
    "  user_id bigint NOT NULL,"                                                                   \
    "  due text NOT NULL,"                                                                         \
    "  assigned_by bigint,"                                                                        \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  UNIQUE (org_id, attestation_id, user_id));"                                                 \
    "CREATE TABLE attestation_attempts ("                                                          \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  attestation_id bigint NOT NULL,"                                                            \
    "  user_id bigint NOT NULL,"                                                                   \
    "  started_at bigint NOT NULL,"                                                                \
    "  deadline bigint,"                                                                           \
    "  submitted_at bigint,"                                                                       \
    "  score bigint NOT NULL DEFAULT 0,"                                                           \
    "  max_score bigint NOT NULL DEFAULT 0,"                                                       \
    "  pending bigint NOT NULL DEFAULT 0,"                                                         \
    "  passed bigint,"                                                                             \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (passed IN (0, 1)));"                                                                 \
    "CREATE TABLE attestation_answers ("                                                           \
    "  org_id bigint NOT NULL,"                                                                    \
    "  attempt_id bigint NOT NULL,"                                                                \
    "  position bigint NOT NULL,"                                                                  \
    "  choice text NOT NULL DEFAULT '[]',"                                                         \
    "  text text NOT NULL DEFAULT '',"                                                             \
    "  points bigint,"                                                                             \
    "  comment text NOT NULL DEFAULT '',"                                                          \
    "  PRIMARY KEY (org_id, attempt_id, position),"                                                \
    "  CHECK (points >= 0));"                                                                      \
    "CREATE TABLE idp_plans ("                                                                     \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  user_id bigint NOT NULL,"                                                                   \
    "  title text NOT NULL,"                                                                       \
    "  period_from text NOT NULL,"                                                                 \
    "  period_to text NOT NULL,"                                                                   \
    "  status text NOT NULL,"                                                                      \
    "  created_by bigint,"                                                                         \
    "  created_at bigint NOT NULL,"                                                                \
    "  closed_at bigint,"                                                                          \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (status IN ('active', 'closed')),"                                                    \
    "  CHECK (period_from <= period_to));"                                                         \
    "CREATE TABLE idp_goals ("                                                                     \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  plan_id bigint NOT NULL,"                                                                   \
    "  title text NOT NULL,"                                                                       \
    "  kind text NOT NULL,"                                                                        \
    "  due_on text NOT NULL,"                                                                      \
    "  metric text,"                                                                               \
    "  from_stage_id bigint,"                                                                      \
    "  to_stage_id bigint,"                                                                        \
    "  target bigint,"                                                                             \
    "  direction text,"                                                                            \
    "  window_kind text,"                                                                          \
    "  window_days bigint,"                                                                        \
    "  level bigint,"                                                                              \
    "  target_level bigint,"                                                                       \
    "  status text NOT NULL,"                                                                      \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (kind IN ('metric', 'skill')),"                                                       \
    "  CHECK (direction IN ('at_least', 'at_most')),"                                              \
    "  CHECK (window_kind IN ('month', 'days', 'plan')),"                                          \
    "  CHECK (level BETWEEN 1 AND 5),"                                                             \
    "  CHECK (target_level BETWEEN 1 AND 5),"                                                      \
    "  CHECK (status IN ('open', 'achieved', 'missed', 'dropped')),"                               \
    "  CHECK ((kind = 'metric') = (metric IS NOT NULL)));"                                         \
    "CREATE TABLE idp_actions ("                                                                   \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  goal_id bigint NOT NULL,"                                                                   \
    "  text text NOT NULL,"                                                                        \
    "  due_on text,"                                                                               \
    "  done_at bigint,"                                                                            \
    "  done_by bigint,"                                                                            \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id));"                                                                 \
    "CREATE TABLE idp_checkins ("                                                                  \
    "  id bigint GENERATED BY DEFAULT AS IDENTITY,"                                                \
    "  org_id bigint NOT NULL,"                                                                    \
    "  plan_id bigint NOT NULL,"                                                                   \
    "  goal_id bigint,"                                                                            \
    "  meeting_id bigint,"                                                                         \
    "  author_id bigint,"                                                                          \
    "  at bigint NOT NULL,"                                                                        \
    "  comment text NOT NULL,"                                                                     \
    "  goal_status text,"                                                                          \
    "  created_at bigint NOT NULL,"                                                                \
    "  PRIMARY KEY (org_id, id),"                                                                  \
    "  CHECK (goal_status IN ('open', 'achieved', 'missed', 'dropped')));"                         \
    ""
/* SQLite's indexes, as they are (the unique ones have org_id). */
#define PG_INDEXES                                                                                 \
    "CREATE INDEX users_name ON users(org_id, name);"                                              \
    "CREATE INDEX clients_owner ON clients(org_id, owner_id);"                                     \
    "CREATE INDEX deals_owner ON deals(org_id, owner_id, status);"                                 \
    "CREATE INDEX deals_created ON deals(org_id, created_at);"                                     \
    "CREATE INDEX deals_client ON deals(client_id);"                                               \
    "CREATE INDEX activities_at ON activities(org_id, at);"                                        \
    "CREATE INDEX activities_deal ON activities(deal_id);"                                         \
    "CREATE INDEX tasks_assignee ON tasks(org_id, assignee_id, done_at);"                          \
    "CREATE INDEX tasks_deal ON tasks(deal_id);"                                                   \
    "CREATE INDEX payments_paid ON payments(org_id, paid_at);"                                     \
    "CREATE INDEX payments_deal ON payments(deal_id);"                                             \
    "CREATE INDEX audit_at ON audit_log(org_id, at);"                                              \
    "CREATE INDEX activities_user ON activities(org_id, user_id, at);"                             \
    "CREATE INDEX deals_stage ON deals(org_id, stage_id, status);"                                 \
    "CREATE INDEX sessions_user ON sessions(org_id, user_id);"                                     \
    "CREATE INDEX api_tokens_org ON api_tokens(org_id);"                                           \
    "CREATE INDEX stage_changes_deal ON stage_changes(deal_id, stage_id, at);"                     \
    "CREATE INDEX task_reschedules_task ON task_reschedules(org_id, task_id, at);"                 \
    "CREATE INDEX tasks_open_due ON tasks(due_at) WHERE done_at IS NULL;"                          \
    "CREATE INDEX deal_products_deal ON deal_products(deal_id, position);"                         \
    "CREATE INDEX clients_inn ON clients(org_id, inn);"                                            \
    "CREATE INDEX clients_phone ON clients(org_id, phone_digits);"                                 \
    "CREATE INDEX contacts_client ON contacts(client_id);"                                         \
    "CREATE INDEX deals_contact ON deals(contact_id);"                                             \
    "CREATE INDEX notes_deal ON notes(deal_id);"                                                   \
    "CREATE INDEX notes_client ON notes(client_id);"                                               \
    "CREATE INDEX audit_object ON audit_log(org_id, object, object_id);"                           \
    "CREATE UNIQUE INDEX saved_filters_default ON saved_filters(org_id, user_id, kind) WHERE "     \
    "is_default = 1;"                                                                              \
    "CREATE INDEX deals_board ON deals(stage_id, status, stage_since);"                            \
    "CREATE INDEX deals_board_sums ON deals(stage_id, status, owner_id, stage_since, amount, "     \
    "channel, org_id);"                                                                            \
    "CREATE INDEX competitions_org_days ON competitions(org_id, last_day, first_day);"             \
    "CREATE INDEX recognitions_user ON recognitions(org_id, user_id, created_at);"                 \
    "CREATE INDEX action_items_week ON action_items(org_id, week, owner_id, day, id);"             \
    "CREATE INDEX action_items_assignee ON action_items(org_id, assignee_id, day);"                \
    "CREATE INDEX meetings_when ON meetings(org_id, kind, scheduled_at);"                          \
    "CREATE INDEX meeting_people_user ON meeting_people(org_id, user_id);"                         \
    "CREATE INDEX meeting_items_meeting ON meeting_items(org_id, meeting_id, kind, position);"     \
    "CREATE INDEX promises_due ON promises(org_id, status, due_at);"                               \
    "CREATE INDEX promises_user ON promises(org_id, user_id, due_at);"                             \
    "CREATE INDEX promises_meeting ON promises(org_id, meeting_id);"                               \
    "CREATE INDEX nps_surveys_client ON nps_surveys(org_id, client_id);"                           \
    "CREATE INDEX nps_responses_at ON nps_responses(org_id, at);"                                  \
    "CREATE INDEX webhooks_org ON webhooks(org_id, active);"                                       \
    "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_at) WHERE status = 'pending';" \
    "CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, id);"                  \
    "CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);"                       \
    "CREATE INDEX deals_updated ON deals(org_id, updated_at, id);"                                 \
    "CREATE INDEX clients_updated ON clients(org_id, updated_at, id);"                             \
    "CREATE INDEX activities_updated ON activities(org_id, updated_at, id);"                       \
    "CREATE INDEX tasks_updated ON tasks(org_id, updated_at, id);"                                 \
    "CREATE INDEX payments_updated ON payments(org_id, updated_at, id);"                           \
    "CREATE INDEX reviews_org_subject ON reviews(org_id, subject_id, reviewed_at);"                \
    "CREATE INDEX reviews_org_at ON reviews(org_id, reviewed_at);"                                 \
    "CREATE INDEX documents_org ON documents(org_id, archived, updated_at);"                       \
    "CREATE INDEX vacancies_org ON vacancies(org_id, status);"                                     \
    "CREATE INDEX candidates_org_vacancy ON candidates(org_id, vacancy_id);"                       \
    "CREATE INDEX candidates_org_stage ON candidates(org_id, stage);"                              \
    "CREATE INDEX candidate_stage_changes_org ON candidate_stage_changes(org_id, candidate_id);"   \
    "CREATE INDEX notifications_inbox ON notifications(org_id, user_id, read_at, id);"             \
    "CREATE INDEX notifications_unmailed ON notifications(id) WHERE mailed_at IS NULL;"            \
    "CREATE INDEX onboarding_plans_mentor ON onboarding_plans(org_id, mentor_id);"                 \
    "CREATE INDEX trainings_org_at ON trainings(org_id, starts_at);"                               \
    "CREATE INDEX training_attendees_user ON training_attendees(org_id, user_id);"                 \
    "CREATE INDEX attestation_assignments_due ON attestation_assignments(org_id, due);"            \
    "CREATE INDEX attestation_attempts_user ON attestation_attempts(org_id, user_id, "             \
    "attestation_id);"                                                                             \
    "CREATE UNIQUE INDEX idp_plans_one_active ON idp_plans(org_id, user_id) WHERE status = "       \
    "'active';"                                                                                    \
    "CREATE INDEX idp_plans_org_user ON idp_plans(org_id, user_id, id);"                           \
    "CREATE INDEX idp_goals_plan ON idp_goals(org_id, plan_id, due_on, id);"                       \
    "CREATE INDEX idp_actions_goal ON idp_actions(org_id, goal_id, id);"                           \
    "CREATE INDEX idp_checkins_plan ON idp_checkins(org_id, plan_id, at);"                         \
    "CREATE INDEX idp_checkins_meeting ON idp_checkins(org_id, meeting_id);"                       \
    ""
/* SQLite's foreign keys, with org_id on both sides. */
#define PG_FOREIGN_KEYS                                                                            \
    "ALTER TABLE teams ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                              \
    "ALTER TABLE users ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                              \
    "ALTER TABLE users ADD FOREIGN KEY (org_id, team_id) REFERENCES teams(org_id, id);"            \
    "ALTER TABLE products ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                           \
    "ALTER TABLE pipelines ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                          \
    "ALTER TABLE stages ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                             \
    "ALTER TABLE stages ADD FOREIGN KEY (org_id, pipeline_id) REFERENCES pipelines(org_id, id);"   \
    "ALTER TABLE clients ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                            \
    "ALTER TABLE clients ADD FOREIGN KEY (org_id, owner_id) REFERENCES users(org_id, id);"         \
    "ALTER TABLE deals ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                              \
    "ALTER TABLE deals ADD FOREIGN KEY (org_id, client_id) REFERENCES clients(org_id, id);"        \
    "ALTER TABLE deals ADD FOREIGN KEY (org_id, product_id) REFERENCES products(org_id, id);"      \
    "ALTER TABLE deals ADD FOREIGN KEY (org_id, pipeline_id) REFERENCES pipelines(org_id, id);"    \
    "ALTER TABLE deals ADD FOREIGN KEY (org_id, stage_id) REFERENCES stages(org_id, id);"          \
    "ALTER TABLE deals ADD FOREIGN KEY (org_id, owner_id) REFERENCES users(org_id, id);"           \
    "ALTER TABLE deals ADD FOREIGN KEY (org_id, loss_reason_id) REFERENCES loss_reasons(org_id, "  \
    "id);"                                                                                         \
    "ALTER TABLE deals ADD FOREIGN KEY (org_id, contact_id) REFERENCES contacts(org_id, id) ON "   \
    "DELETE SET NULL (contact_id);"                                                                \
    "ALTER TABLE activities ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                         \
    "ALTER TABLE activities ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"       \
    "ALTER TABLE activities ADD FOREIGN KEY (org_id, deal_id) REFERENCES deals(org_id, id) ON "    \
    "DELETE SET NULL (deal_id);"                                                                   \
    "ALTER TABLE activities ADD FOREIGN KEY (org_id, client_id) REFERENCES clients(org_id, id);"   \
    "ALTER TABLE tasks ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                              \
    "ALTER TABLE tasks ADD FOREIGN KEY (org_id, assignee_id) REFERENCES users(org_id, id);"        \
    "ALTER TABLE tasks ADD FOREIGN KEY (org_id, deal_id) REFERENCES deals(org_id, id) ON DELETE "  \
    "SET NULL (deal_id);"                                                                          \
    "ALTER TABLE tasks ADD FOREIGN KEY (org_id, client_id) REFERENCES clients(org_id, id);"        \
    "ALTER TABLE tasks ADD FOREIGN KEY (org_id, recurrence_id) REFERENCES "                        \
    "task_recurrences(org_id, id);"                                                                \
    "ALTER TABLE payments ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                           \
    "ALTER TABLE payments ADD FOREIGN KEY (org_id, deal_id) REFERENCES deals(org_id, id);"         \
    "ALTER TABLE payments ADD FOREIGN KEY (org_id, client_id) REFERENCES clients(org_id, id);"     \
    "ALTER TABLE plans ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                              \
    "ALTER TABLE marketing_spend ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                    \
    "ALTER TABLE nps_responses ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                      \
    "ALTER TABLE nps_responses ADD FOREIGN KEY (org_id, client_id) REFERENCES clients(org_id, "    \
    "id);"                                                                                         \
    "ALTER TABLE holidays ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                           \
    "ALTER TABLE audit_log ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                          \
    "ALTER TABLE audit_log ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"        \
    "ALTER TABLE sessions ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                           \
    "ALTER TABLE sessions ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"         \
    "ALTER TABLE api_tokens ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                         \
    "ALTER TABLE api_tokens ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"       \
    "ALTER TABLE api_tokens ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id);"    \
    "ALTER TABLE stage_changes ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                      \
    "ALTER TABLE stage_changes ADD FOREIGN KEY (org_id, deal_id) REFERENCES deals(org_id, id) ON " \
    "DELETE CASCADE;"                                                                              \
    "ALTER TABLE stage_changes ADD FOREIGN KEY (org_id, stage_id) REFERENCES stages(org_id, id);"  \
    "ALTER TABLE stage_changes ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"    \
    "ALTER TABLE task_recurrences ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                   \
    "ALTER TABLE task_recurrences ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, "  \
    "id);"                                                                                         \
    "ALTER TABLE task_reschedules ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                   \
    "ALTER TABLE task_reschedules ADD FOREIGN KEY (org_id, task_id) REFERENCES tasks(org_id, id) " \
    "ON DELETE CASCADE;"                                                                           \
    "ALTER TABLE task_reschedules ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);" \
    "ALTER TABLE custom_fields ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                      \
    "ALTER TABLE deal_products ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                      \
    "ALTER TABLE deal_products ADD FOREIGN KEY (org_id, deal_id) REFERENCES deals(org_id, id) ON " \
    "DELETE CASCADE;"                                                                              \
    "ALTER TABLE deal_products ADD FOREIGN KEY (org_id, product_id) REFERENCES products(org_id, "  \
    "id);"                                                                                         \
    "ALTER TABLE loss_reasons ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                       \
    "ALTER TABLE deal_undo ADD FOREIGN KEY (org_id, deal_id) REFERENCES deals(org_id, id) ON "     \
    "DELETE CASCADE;"                                                                              \
    "ALTER TABLE deal_undo ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                          \
    "ALTER TABLE contacts ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                           \
    "ALTER TABLE contacts ADD FOREIGN KEY (org_id, client_id) REFERENCES clients(org_id, id);"     \
    "ALTER TABLE notes ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                              \
    "ALTER TABLE notes ADD FOREIGN KEY (org_id, deal_id) REFERENCES deals(org_id, id) ON DELETE "  \
    "CASCADE;"                                                                                     \
    "ALTER TABLE notes ADD FOREIGN KEY (org_id, client_id) REFERENCES clients(org_id, id);"        \
    "ALTER TABLE notes ADD FOREIGN KEY (org_id, author_id) REFERENCES users(org_id, id);"          \
    "ALTER TABLE org_mail ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                           \
    "ALTER TABLE saved_filters ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                      \
    "ALTER TABLE saved_filters ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"    \
    "ALTER TABLE competitions ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                       \
    "ALTER TABLE competitions ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id);"  \
    "ALTER TABLE competition_members ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                \
    "ALTER TABLE competition_members ADD FOREIGN KEY (org_id, competition_id) REFERENCES "         \
    "competitions(org_id, id);"                                                                    \
    "ALTER TABLE competition_results ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                \
    "ALTER TABLE competition_results ADD FOREIGN KEY (org_id, competition_id) REFERENCES "         \
    "competitions(org_id, id);"                                                                    \
    "ALTER TABLE bonus_schemes ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                      \
    "ALTER TABLE bonus_scheme_versions ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"              \
    "ALTER TABLE bonus_scheme_versions ADD FOREIGN KEY (org_id, scheme_id) REFERENCES "            \
    "bonus_schemes(org_id, id);"                                                                   \
    "ALTER TABLE bonus_assignments ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                  \
    "ALTER TABLE bonus_assignments ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, "    \
    "id);"                                                                                         \
    "ALTER TABLE bonus_assignments ADD FOREIGN KEY (org_id, scheme_id) REFERENCES "                \
    "bonus_schemes(org_id, id);"                                                                   \
    "ALTER TABLE recognitions ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                       \
    "ALTER TABLE recognitions ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"     \
    "ALTER TABLE recognitions ADD FOREIGN KEY (org_id, author_id) REFERENCES users(org_id, id);"   \
    "ALTER TABLE action_items ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                       \
    "ALTER TABLE action_items ADD FOREIGN KEY (org_id, owner_id) REFERENCES users(org_id, id);"    \
    "ALTER TABLE action_items ADD FOREIGN KEY (org_id, assignee_id) REFERENCES users(org_id, id);" \
    "ALTER TABLE action_items ADD FOREIGN KEY (org_id, deal_id) REFERENCES deals(org_id, id);"     \
    "ALTER TABLE action_items ADD FOREIGN KEY (org_id, done_by) REFERENCES users(org_id, id);"     \
    "ALTER TABLE director_notes ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                     \
    "ALTER TABLE director_notes ADD FOREIGN KEY (org_id, updated_by) REFERENCES users(org_id, "    \
    "id);"                                                                                         \
    "ALTER TABLE meetings ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                           \
    "ALTER TABLE meetings ADD FOREIGN KEY (org_id, lead_id) REFERENCES users(org_id, id);"         \
    "ALTER TABLE meeting_people ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                     \
    "ALTER TABLE meeting_people ADD FOREIGN KEY (org_id, meeting_id) REFERENCES meetings(org_id, " \
    "id) ON DELETE CASCADE;"                                                                       \
    "ALTER TABLE meeting_people ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"   \
    "ALTER TABLE meeting_items ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                      \
    "ALTER TABLE meeting_items ADD FOREIGN KEY (org_id, meeting_id) REFERENCES meetings(org_id, "  \
    "id) ON DELETE CASCADE;"                                                                       \
    "ALTER TABLE meeting_templates ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                  \
    "ALTER TABLE promises ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                           \
    "ALTER TABLE promises ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"         \
    "ALTER TABLE promises ADD FOREIGN KEY (org_id, deal_id) REFERENCES deals(org_id, id) ON "      \
    "DELETE SET NULL (deal_id);"                                                                   \
    "ALTER TABLE promises ADD FOREIGN KEY (org_id, client_id) REFERENCES clients(org_id, id) ON "  \
    "DELETE SET NULL (client_id);"                                                                 \
    "ALTER TABLE promises ADD FOREIGN KEY (org_id, meeting_id) REFERENCES meetings(org_id, id) "   \
    "ON DELETE SET NULL (meeting_id);"                                                             \
    "ALTER TABLE promises ADD FOREIGN KEY (org_id, target_stage_id) REFERENCES stages(org_id, "    \
    "id) ON DELETE SET NULL (target_stage_id);"                                                    \
    "ALTER TABLE nps_keys ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                           \
    "ALTER TABLE nps_surveys ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                        \
    "ALTER TABLE nps_surveys ADD FOREIGN KEY (org_id, client_id) REFERENCES clients(org_id, id) "  \
    "ON DELETE CASCADE;"                                                                           \
    "ALTER TABLE nps_surveys ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id);"   \
    "ALTER TABLE nps_surveys ADD FOREIGN KEY (org_id, response_id) REFERENCES "                    \
    "nps_responses(org_id, id) ON DELETE SET NULL (response_id);"                                  \
    "ALTER TABLE nps_tasks ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                          \
    "ALTER TABLE nps_tasks ADD FOREIGN KEY (org_id, response_id) REFERENCES "                      \
    "nps_responses(org_id, id) ON DELETE CASCADE;"                                                 \
    "ALTER TABLE nps_tasks ADD FOREIGN KEY (org_id, task_id) REFERENCES tasks(org_id, id) ON "     \
    "DELETE SET NULL (task_id);"                                                                   \
    "ALTER TABLE channel_plans ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                      \
    "ALTER TABLE key_account_plans ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                  \
    "ALTER TABLE key_account_plans ADD FOREIGN KEY (org_id, client_id) REFERENCES "                \
    "clients(org_id, id) ON DELETE CASCADE;"                                                       \
    "ALTER TABLE webhooks ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                           \
    "ALTER TABLE webhooks ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id) ON "   \
    "DELETE SET NULL (created_by);"                                                                \
    "ALTER TABLE webhook_deliveries ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                 \
    "ALTER TABLE webhook_deliveries ADD FOREIGN KEY (org_id, webhook_id) REFERENCES "              \
    "webhooks(org_id, id) ON DELETE CASCADE;"                                                      \
    "ALTER TABLE idempotency_keys ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                   \
    "ALTER TABLE sync_sources ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                       \
    "ALTER TABLE sync_sources ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id);"  \
    "ALTER TABLE review_checklists ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                  \
    "ALTER TABLE review_checklist_items ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"             \
    "ALTER TABLE review_checklist_items ADD FOREIGN KEY (org_id, checklist_id) REFERENCES "        \
    "review_checklists(org_id, id);"                                                               \
    "ALTER TABLE reviews ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                            \
    "ALTER TABLE reviews ADD FOREIGN KEY (org_id, subject_id) REFERENCES users(org_id, id);"       \
    "ALTER TABLE reviews ADD FOREIGN KEY (org_id, reviewer_id) REFERENCES users(org_id, id);"      \
    "ALTER TABLE reviews ADD FOREIGN KEY (org_id, checklist_id) REFERENCES "                       \
    "review_checklists(org_id, id);"                                                               \
    "ALTER TABLE reviews ADD FOREIGN KEY (org_id, activity_id) REFERENCES activities(org_id, id);" \
    "ALTER TABLE review_scores ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                      \
    "ALTER TABLE review_scores ADD FOREIGN KEY (org_id, review_id) REFERENCES reviews(org_id, "    \
    "id);"                                                                                         \
    "ALTER TABLE documents ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                          \
    "ALTER TABLE documents ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id);"     \
    "ALTER TABLE document_versions ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                  \
    "ALTER TABLE document_versions ADD FOREIGN KEY (org_id, document_id) REFERENCES "              \
    "documents(org_id, id);"                                                                       \
    "ALTER TABLE document_versions ADD FOREIGN KEY (org_id, author_id) REFERENCES users(org_id, "  \
    "id);"                                                                                         \
    "ALTER TABLE document_acks ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                      \
    "ALTER TABLE document_acks ADD FOREIGN KEY (org_id, document_id) REFERENCES "                  \
    "documents(org_id, id);"                                                                       \
    "ALTER TABLE document_acks ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"    \
    "ALTER TABLE vacancies ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                          \
    "ALTER TABLE vacancies ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id);"     \
    "ALTER TABLE candidates ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                         \
    "ALTER TABLE candidates ADD FOREIGN KEY (org_id, vacancy_id) REFERENCES vacancies(org_id, "    \
    "id);"                                                                                         \
    "ALTER TABLE candidates ADD FOREIGN KEY (org_id, hired_user_id) REFERENCES users(org_id, id);" \
    "ALTER TABLE candidates ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id);"    \
    "ALTER TABLE candidate_stage_changes ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"            \
    "ALTER TABLE candidate_stage_changes ADD FOREIGN KEY (org_id, candidate_id) REFERENCES "       \
    "candidates(org_id, id);"                                                                      \
    "ALTER TABLE candidate_stage_changes ADD FOREIGN KEY (org_id, by_user) REFERENCES "            \
    "users(org_id, id);"                                                                           \
    "ALTER TABLE hiring_criteria ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                    \
    "ALTER TABLE candidate_scores ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                   \
    "ALTER TABLE candidate_scores ADD FOREIGN KEY (org_id, candidate_id) REFERENCES "              \
    "candidates(org_id, id);"                                                                      \
    "ALTER TABLE candidate_scores ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);" \
    "ALTER TABLE candidate_scores ADD FOREIGN KEY (org_id, criterion_id) REFERENCES "              \
    "hiring_criteria(org_id, id);"                                                                 \
    "ALTER TABLE notifications ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                      \
    "ALTER TABLE notifications ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"    \
    "ALTER TABLE notifications ADD FOREIGN KEY (org_id, actor_id) REFERENCES users(org_id, id);"   \
    "ALTER TABLE onboarding_template_items ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"          \
    "ALTER TABLE onboarding_template_items ADD FOREIGN KEY (org_id, document_id) REFERENCES "      \
    "documents(org_id, id);"                                                                       \
    "ALTER TABLE onboarding_plans ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                   \
    "ALTER TABLE onboarding_plans ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);" \
    "ALTER TABLE onboarding_plans ADD FOREIGN KEY (org_id, mentor_id) REFERENCES users(org_id, "   \
    "id);"                                                                                         \
    "ALTER TABLE onboarding_plans ADD FOREIGN KEY (org_id, closed_by) REFERENCES users(org_id, "   \
    "id);"                                                                                         \
    "ALTER TABLE onboarding_plans ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, "  \
    "id);"                                                                                         \
    "ALTER TABLE onboarding_items ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                   \
    "ALTER TABLE onboarding_items ADD FOREIGN KEY (org_id, plan_id) REFERENCES "                   \
    "onboarding_plans(org_id, id);"                                                                \
    "ALTER TABLE onboarding_items ADD FOREIGN KEY (org_id, document_id) REFERENCES "               \
    "documents(org_id, id);"                                                                       \
    "ALTER TABLE onboarding_items ADD FOREIGN KEY (org_id, done_by) REFERENCES users(org_id, id);" \
    "ALTER TABLE trainings ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                          \
    "ALTER TABLE trainings ADD FOREIGN KEY (org_id, trainer_id) REFERENCES users(org_id, id);"     \
    "ALTER TABLE trainings ADD FOREIGN KEY (org_id, meeting_id) REFERENCES meetings(org_id, id);"  \
    "ALTER TABLE trainings ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id);"     \
    "ALTER TABLE training_materials ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                 \
    "ALTER TABLE training_materials ADD FOREIGN KEY (org_id, training_id) REFERENCES "             \
    "trainings(org_id, id);"                                                                       \
    "ALTER TABLE training_materials ADD FOREIGN KEY (org_id, document_id) REFERENCES "             \
    "documents(org_id, id);"                                                                       \
    "ALTER TABLE training_attendees ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                 \
    "ALTER TABLE training_attendees ADD FOREIGN KEY (org_id, training_id) REFERENCES "             \
    "trainings(org_id, id);"                                                                       \
    "ALTER TABLE training_attendees ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, "   \
    "id);"                                                                                         \
    "ALTER TABLE attestations ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                       \
    "ALTER TABLE attestation_questions ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"              \
    "ALTER TABLE attestation_questions ADD FOREIGN KEY (org_id, attestation_id) REFERENCES "       \
    "attestations(org_id, id);"                                                                    \
    "ALTER TABLE attestation_assignments ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"            \
    "ALTER TABLE attestation_assignments ADD FOREIGN KEY (org_id, attestation_id) REFERENCES "     \
    "attestations(org_id, id);"                                                                    \
    "ALTER TABLE attestation_assignments ADD FOREIGN KEY (org_id, user_id) REFERENCES "            \
    "users(org_id, id);"                                                                           \
    "ALTER TABLE attestation_assignments ADD FOREIGN KEY (org_id, assigned_by) REFERENCES "        \
    "users(org_id, id);"                                                                           \
    "ALTER TABLE attestation_attempts ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"               \
    "ALTER TABLE attestation_attempts ADD FOREIGN KEY (org_id, attestation_id) REFERENCES "        \
    "attestations(org_id, id);"                                                                    \
    "ALTER TABLE attestation_attempts ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, " \
    "id);"                                                                                         \
    "ALTER TABLE attestation_answers ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                \
    "ALTER TABLE attestation_answers ADD FOREIGN KEY (org_id, attempt_id) REFERENCES "             \
    "attestation_attempts(org_id, id);"                                                            \
    "ALTER TABLE idp_plans ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                          \
    "ALTER TABLE idp_plans ADD FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id);"        \
    "ALTER TABLE idp_plans ADD FOREIGN KEY (org_id, created_by) REFERENCES users(org_id, id);"     \
    "ALTER TABLE idp_goals ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                          \
    "ALTER TABLE idp_goals ADD FOREIGN KEY (org_id, plan_id) REFERENCES idp_plans(org_id, id);"    \
    "ALTER TABLE idp_goals ADD FOREIGN KEY (org_id, from_stage_id) REFERENCES stages(org_id, id);" \
    "ALTER TABLE idp_goals ADD FOREIGN KEY (org_id, to_stage_id) REFERENCES stages(org_id, id);"   \
    "ALTER TABLE idp_actions ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                        \
    "ALTER TABLE idp_actions ADD FOREIGN KEY (org_id, goal_id) REFERENCES idp_goals(org_id, id);"  \
    "ALTER TABLE idp_actions ADD FOREIGN KEY (org_id, done_by) REFERENCES users(org_id, id);"      \
    "ALTER TABLE idp_checkins ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                       \
    "ALTER TABLE idp_checkins ADD FOREIGN KEY (org_id, plan_id) REFERENCES idp_plans(org_id, id);" \
    "ALTER TABLE idp_checkins ADD FOREIGN KEY (org_id, goal_id) REFERENCES idp_goals(org_id, id);" \
    "ALTER TABLE idp_checkins ADD FOREIGN KEY (org_id, meeting_id) REFERENCES meetings(org_id, "   \
    "id);"                                                                                         \
    "ALTER TABLE idp_checkins ADD FOREIGN KEY (org_id, author_id) REFERENCES users(org_id, id);"   \
    ""

/* The loss reasons every new org starts with (SQLite's migration 7). */
#define PG_LOSS_REASONS                                                                                                             \
    "CREATE VIEW loss_reason_defaults(name, position, other) AS VALUES "                                                            \
    "  ('Дорого', 1, 0), ('Выбрали конкурента', 2, 0), ('Нет бюджета', 3, 0),"                     \
    "  ('Нет потребности', 4, 0), ('Не дозвонились', 5, 0), ('Сроки не устроили', 6, 0)," \
    "  ('Другое', 7, 1);"                                                                                                     \
    "CREATE FUNCTION vo_orgs_loss_reasons() RETURNS trigger LANGUAGE plpgsql AS $$"                                                 \
    "BEGIN"                                                                                                                         \
    "  INSERT INTO loss_reasons(org_id, name, position, other)"                                                                     \
    "    SELECT NEW.id, name, position, other FROM loss_reason_defaults;"                                                           \
    "  RETURN NULL;"                                                                                                                \
    "END $$;"                                                                                                                       \
    "CREATE TRIGGER orgs_loss_reasons AFTER INSERT ON orgs FOR EACH ROW "                                                           \
    "EXECUTE FUNCTION vo_orgs_loss_reasons();"

/* The global search's index (SQLite's migration 8): one row per deal,
 * client and contact, id as SQLite's rowid, kept by the triggers below;
 * owner is "u<owner id>" ("u0": none; a contact's: its client's). */
#define PG_SEARCH                                                                                  \
    "CREATE TABLE search_fts ("                                                                    \
    "  org_id bigint NOT NULL,"                                                                    \
    "  id bigint NOT NULL,"                                                                        \
    "  title text NOT NULL,"                                                                       \
    "  body text NOT NULL,"                                                                        \
    "  kind text NOT NULL CHECK (kind IN ('deal', 'client', 'contact')),"                          \
    "  obj_id bigint NOT NULL,"                                                                    \
    "  owner text,"                                                                                \
    "  PRIMARY KEY (org_id, id));"                                                                 \
    "ALTER TABLE search_fts ADD FOREIGN KEY (org_id) REFERENCES orgs(id);"                         \
    "CREATE INDEX search_fts_text ON search_fts USING gin "                                        \
    "  (vo_fold(title || ' ' || body) gin_trgm_ops);"                                              \
    "CREATE FUNCTION vo_search_deal() RETURNS trigger LANGUAGE plpgsql AS $$"                      \
    "BEGIN"                                                                                        \
    "  IF TG_OP <> 'INSERT' THEN"                                                                  \
    "    DELETE FROM search_fts WHERE org_id = OLD.org_id AND id = OLD.id * 4 + 1;"                \
    "  END IF;"                                                                                    \
    "  IF TG_OP <> 'DELETE' THEN"                                                                  \
    "    INSERT INTO search_fts(org_id, id, title, body, kind, obj_id, owner)"                     \
    "      VALUES (NEW.org_id, NEW.id * 4 + 1, COALESCE(NEW.title, ''), '', 'deal', NEW.id,"       \
    "      'u' || COALESCE(NEW.owner_id, 0));"                                                     \
    "  END IF;"                                                                                    \
    "  RETURN NULL;"                                                                               \
    "END $$;"                                                                                      \
    "CREATE TRIGGER search_deal_ins AFTER INSERT ON deals FOR EACH ROW "                           \
    "EXECUTE FUNCTION vo_search_deal();"                                                           \
    "CREATE TRIGGER search_deal_upd AFTER UPDATE OF title, owner_id ON deals FOR EACH ROW "        \
    "EXECUTE FUNCTION vo_search_deal();"                                                           \
    "CREATE TRIGGER search_deal_del AFTER DELETE ON deals FOR EACH ROW "                           \
    "EXECUTE FUNCTION vo_search_deal();"                                                           \
    "CREATE FUNCTION vo_search_client() RETURNS trigger LANGUAGE plpgsql AS $$"                    \
    "BEGIN"                                                                                        \
    "  IF TG_OP <> 'INSERT' THEN"                                                                  \
    "    DELETE FROM search_fts WHERE org_id = OLD.org_id AND id = OLD.id * 4 + 2;"                \
    "  END IF;"                                                                                    \
    "  IF TG_OP <> 'DELETE' THEN"                                                                  \
    "    INSERT INTO search_fts(org_id, id, title, body, kind, obj_id, owner)"                     \
    "      VALUES (NEW.org_id, NEW.id * 4 + 2, NEW.name, COALESCE(NEW.inn, '') || ' ' ||"          \
    "      COALESCE(NEW.phone_digits, '') || ' ' || COALESCE(NEW.email, ''), 'client', NEW.id,"    \
    "      'u' || COALESCE(NEW.owner_id, 0));"                                                     \
    "  END IF;"                                                                                    \
    "  IF TG_OP = 'UPDATE' THEN"                                                                   \
    "    DELETE FROM search_fts WHERE org_id = NEW.org_id AND id IN"                               \
    "      (SELECT id * 4 + 3 FROM contacts WHERE org_id = NEW.org_id AND client_id = NEW.id);"    \
    "    INSERT INTO search_fts(org_id, id, title, body, kind, obj_id, owner)"                     \
    "      SELECT org_id, id * 4 + 3, name, phone_digits || ' ' || replace(emails, chr(10), ' ')," \
    "      'contact', id, 'u' || COALESCE(NEW.owner_id, 0) FROM contacts"                          \
    "      WHERE org_id = NEW.org_id AND client_id = NEW.id;"                                      \
    "  END IF;"                                                                                    \
    "  RETURN NULL;"                                                                               \
    "END $$;"                                                                                      \
    "CREATE TRIGGER search_client_ins AFTER INSERT ON clients FOR EACH ROW "                       \
    "EXECUTE FUNCTION vo_search_client();"                                                         \
    "CREATE TRIGGER search_client_upd AFTER UPDATE OF name, inn, phone_digits, email, owner_id "   \
    "ON clients FOR EACH ROW EXECUTE FUNCTION vo_search_client();"                                 \
    "CREATE TRIGGER search_client_del AFTER DELETE ON clients FOR EACH ROW "                       \
    "EXECUTE FUNCTION vo_search_client();"                                                         \
    "CREATE FUNCTION vo_search_contact() RETURNS trigger LANGUAGE plpgsql AS $$"                   \
    "BEGIN"                                                                                        \
    "  IF TG_OP <> 'INSERT' THEN"                                                                  \
    "    DELETE FROM search_fts WHERE org_id = OLD.org_id AND id = OLD.id * 4 + 3;"                \
    "  END IF;"                                                                                    \
    "  IF TG_OP <> 'DELETE' THEN"                                                                  \
    "    INSERT INTO search_fts(org_id, id, title, body, kind, obj_id, owner)"                     \
    "      VALUES (NEW.org_id, NEW.id * 4 + 3, NEW.name, NEW.phone_digits || ' ' ||"               \
    "      replace(NEW.emails, chr(10), ' '), 'contact', NEW.id, (SELECT 'u' ||"                   \
    "      COALESCE(owner_id, 0) FROM clients WHERE org_id = NEW.org_id AND id = NEW.client_id));" \
    "  END IF;"                                                                                    \
    "  RETURN NULL;"                                                                               \
    "END $$;"                                                                                      \
    "CREATE TRIGGER search_contact_ins AFTER INSERT ON contacts FOR EACH ROW "                     \
    "EXECUTE FUNCTION vo_search_contact();"                                                        \
    "CREATE TRIGGER search_contact_upd AFTER UPDATE OF name, phone_digits, emails, client_id "     \
    "ON contacts FOR EACH ROW EXECUTE FUNCTION vo_search_contact();"                               \
    "CREATE TRIGGER search_contact_del AFTER DELETE ON contacts FOR EACH ROW "                     \
    "EXECUTE FUNCTION vo_search_contact();"

/* When a deal entered its stage (SQLite's migration 11: store_int.h's
 * VO_ST_STAGE_SINCE), recomputed by an UPDATE of the deal as on SQLite,
 * which stamps its updated_at (the trigger below) as SQLite's does. */
#define PG_STAGE_SINCE                                                                             \
    "CREATE FUNCTION vo_stage_since(o bigint, d bigint) RETURNS void LANGUAGE sql AS $$"           \
    "UPDATE deals SET stage_since = COALESCE((SELECT max(sc.at) FROM stage_changes sc"             \
    "  WHERE sc.org_id = deals.org_id AND sc.deal_id = deals.id AND sc.stage_id = "                \
    "deals.stage_id),"                                                                             \
    "  deals.created_at) WHERE org_id = o AND id = d$$;"                                           \
    "CREATE FUNCTION vo_deals_stage_since() RETURNS trigger LANGUAGE plpgsql AS $$"                \
    "BEGIN PERFORM vo_stage_since(NEW.org_id, NEW.id); RETURN NULL; END $$;"                       \
    "CREATE TRIGGER deals_stage_since_insert AFTER INSERT ON deals FOR EACH ROW "                  \
    "EXECUTE FUNCTION vo_deals_stage_since();"                                                     \
    "CREATE TRIGGER deals_stage_since_update AFTER UPDATE OF stage_id, created_at ON deals "       \
    "FOR EACH ROW EXECUTE FUNCTION vo_deals_stage_since();"                                        \
    "CREATE FUNCTION vo_stage_changes_since() RETURNS trigger LANGUAGE plpgsql AS $$"              \
    "BEGIN"                                                                                        \
    "  IF TG_OP <> 'INSERT' THEN PERFORM vo_stage_since(OLD.org_id, OLD.deal_id); END IF;"         \
    "  IF TG_OP <> 'DELETE' THEN PERFORM vo_stage_since(NEW.org_id, NEW.deal_id); END IF;"         \
    "  RETURN NULL;"                                                                               \
    "END $$;"                                                                                      \
    "CREATE TRIGGER stage_changes_since_insert AFTER INSERT ON stage_changes FOR EACH ROW "        \
    "EXECUTE FUNCTION vo_stage_changes_since();"                                                   \
    "CREATE TRIGGER stage_changes_since_update AFTER UPDATE ON stage_changes FOR EACH ROW "        \
    "EXECUTE FUNCTION vo_stage_changes_since();"                                                   \
    "CREATE TRIGGER stage_changes_since_delete AFTER DELETE ON stage_changes FOR EACH ROW "        \
    "EXECUTE FUNCTION vo_stage_changes_since();"

/* updated_at (SQLite's migration 22): an insert of 0 and an update that
 * leaves it as it was take vo_now(); a contact's insert, update (its
 * client before and after) and delete stamp its client. */
#define PG_UPDATED_TABLE(T)                                                                        \
    "CREATE TRIGGER " T "_updated_insert BEFORE INSERT ON " T " FOR EACH ROW "                     \
    "EXECUTE FUNCTION vo_updated_insert();"                                                        \
    "CREATE TRIGGER " T "_updated_update BEFORE UPDATE ON " T " FOR EACH ROW "                     \
    "EXECUTE FUNCTION vo_updated_update();"
#define PG_UPDATED_CONTACT(NAME, EVENT, ROW)                                                       \
    "CREATE TRIGGER contacts_client_updated_" NAME " AFTER " EVENT " ON contacts FOR EACH ROW "    \
    "EXECUTE FUNCTION vo_contact_client_updated('" ROW "');"
#define PG_UPDATED                                                                                 \
    "CREATE FUNCTION vo_updated_insert() RETURNS trigger LANGUAGE plpgsql AS $$"                   \
    "BEGIN"                                                                                        \
    "  IF NEW.updated_at = 0 THEN NEW.updated_at := vo_now(); END IF;"                             \
    "  RETURN NEW;"                                                                                \
    "END $$;"                                                                                      \
    "CREATE FUNCTION vo_updated_update() RETURNS trigger LANGUAGE plpgsql AS $$"                   \
    "BEGIN"                                                                                        \
    "  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN"                                 \
    "    NEW.updated_at := vo_now();"                                                              \
    "  END IF;"                                                                                    \
    "  RETURN NEW;"                                                                                \
    "END $$;"                                                                                      \
    "CREATE FUNCTION vo_contact_client_updated() RETURNS trigger LANGUAGE plpgsql AS $$"           \
    "DECLARE o bigint; c bigint;"                                                                  \
    "BEGIN"                                                                                        \
    "  IF TG_ARGV[0] = 'new' THEN o := NEW.org_id; c := NEW.client_id;"                            \
    "  ELSE o := OLD.org_id; c := OLD.client_id; END IF;"                                          \
    "  UPDATE clients SET updated_at = vo_now()"                                                   \
    "    WHERE org_id = o AND id = c AND updated_at IS DISTINCT FROM vo_now();"                    \
    "  RETURN NULL;"                                                                               \
    "END $$;" PG_UPDATED_TABLE("deals") PG_UPDATED_TABLE("clients") PG_UPDATED_TABLE("activities") \
        PG_UPDATED_TABLE("tasks") PG_UPDATED_TABLE("payments")                                     \
            PG_UPDATED_CONTACT("insert", "INSERT", "new")                                          \
                PG_UPDATED_CONTACT("update", "UPDATE", "new")                                      \
                    PG_UPDATED_CONTACT("update_from", "UPDATE", "old")                             \
                        PG_UPDATED_CONTACT("delete", "DELETE", "old")

/* json_extract(doc, path): the value at SQLite's JSON path as text (NULL
 * when absent). SQLite's returns a number as a number; the store's SQL
 * casts it where it compares numbers (crm_store.c's custom filter), so
 * both read the same. */
/* vo_real(text): the text as a number, NULL when it is none (never an
 * error, so PostgreSQL may fold it anywhere), as SQLite's (store.c). */
#define PG_REAL                                                                                    \
    "CREATE FUNCTION vo_real(t text) RETURNS double precision LANGUAGE plpgsql IMMUTABLE "         \
    "PARALLEL SAFE AS $f$ BEGIN RETURN t::double precision; EXCEPTION WHEN others THEN RETURN "    \
    "NULL; END $f$;"

/* vo_bytes(text): its length in bytes, as SQLite's (store.c). */
#define PG_BYTES                                                                                   \
    "CREATE FUNCTION vo_bytes(t text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "     \
    "$f$ SELECT octet_length(t)::bigint $f$;"

#define PG_JSON_EXTRACT                                                                            \
    "CREATE FUNCTION json_extract(doc text, path text) RETURNS text LANGUAGE sql IMMUTABLE "       \
    "PARALLEL SAFE AS "                                                                            \
    "$f$ SELECT jsonb_path_query_first(doc::jsonb, path::jsonpath) #>> '{}' $f$; "

/* The changes told between servers (store.h; http/cluster.c): statement
 * triggers on every org table send "<org> <table> <ids>" on the channel
 * voronka when their transaction commits (ids "*" past 7000 characters,
 * or for a table without an id); the org's own row "<id> orgs <id>".
 * vo_notify_attach(table[, events]) puts them on a table: a migration
 * that creates an org table calls it (test_pg_schema checks every one
 * has them). Left out: what no server keeps a copy of and is written
 * often (the audit log, the search index, notifications, webhook
 * deliveries, idempotency keys) and a session's creation and touch (its
 * deletion, a sign-out, is told). */
#define PG_NOTIFY                                                                                  \
    "CREATE FUNCTION vo_notify() RETURNS trigger LANGUAGE plpgsql AS $f$ "                         \
    "DECLARE o bigint; ids text; "                                                                 \
    "BEGIN "                                                                                       \
    "  FOR o, ids IN SELECT org_id, string_agg(id::text, ',' ORDER BY id) FROM vo_rows GROUP BY "  \
    "org_id LOOP "                                                                                 \
    "    IF length(ids) > 7000 THEN ids := '*'; END IF; "                                          \
    "    PERFORM pg_notify('voronka', o || ' ' || TG_TABLE_NAME || ' ' || ids); "                  \
    "  END LOOP; "                                                                                 \
    "  RETURN NULL; "                                                                              \
    "END $f$; "                                                                                    \
    "CREATE FUNCTION vo_notify_noid() RETURNS trigger LANGUAGE plpgsql AS $f$ "                    \
    "DECLARE o bigint; "                                                                           \
    "BEGIN "                                                                                       \
    "  FOR o IN SELECT DISTINCT org_id FROM vo_rows LOOP "                                         \
    "    PERFORM pg_notify('voronka', o || ' ' || TG_TABLE_NAME || ' *'); "                        \
    "  END LOOP; "                                                                                 \
    "  RETURN NULL; "                                                                              \
    "END $f$; "                                                                                    \
    "CREATE FUNCTION vo_notify_org() RETURNS trigger LANGUAGE plpgsql AS $f$ "                     \
    "DECLARE o bigint; "                                                                           \
    "BEGIN "                                                                                       \
    "  FOR o IN SELECT id FROM vo_rows LOOP "                                                      \
    "    PERFORM pg_notify('voronka', o || ' orgs ' || o); "                                       \
    "  END LOOP; "                                                                                 \
    "  RETURN NULL; "                                                                              \
    "END $f$; "                                                                                    \
    "CREATE FUNCTION vo_notify_attach(t text, events text[] DEFAULT ARRAY['INSERT', 'UPDATE', "    \
    "'DELETE']) "                                                                                  \
    "RETURNS void LANGUAGE plpgsql AS $f$ "                                                        \
    "DECLARE ev text; fn text; "                                                                   \
    "BEGIN "                                                                                       \
    "  fn := CASE WHEN t = 'orgs' THEN 'vo_notify_org' "                                           \
    "             WHEN EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = "     \
    "current_schema() "                                                                            \
    "                          AND table_name = t AND column_name = 'id') THEN 'vo_notify' ELSE "  \
    "'vo_notify_noid' END; "                                                                       \
    "  FOREACH ev IN ARRAY events LOOP "                                                           \
    "    EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS vo_rows FOR "    \
    "EACH STATEMENT EXECUTE FUNCTION %I()', "                                                      \
    "                   'vo_notify_' || lower(ev), ev, t, CASE WHEN ev = 'DELETE' THEN 'OLD' "     \
    "ELSE 'NEW' END, fn); "                                                                        \
    "  END LOOP; "                                                                                 \
    "END $f$; "                                                                                    \
    "DO $d$ "                                                                                      \
    "DECLARE t text; "                                                                             \
    "BEGIN "                                                                                       \
    "  FOR t IN SELECT c.table_name FROM information_schema.columns c JOIN "                       \
    "information_schema.tables b "                                                                 \
    "             ON b.table_schema = c.table_schema AND b.table_name = c.table_name AND "         \
    "b.table_type = 'BASE TABLE' "                                                                 \
    "           WHERE c.table_schema = current_schema() AND c.column_name = 'org_id' "             \
    "             AND c.table_name NOT IN ('audit_log', 'search_fts', 'notifications', "           \
    "'webhook_deliveries', "                                                                       \
    "                                      'idempotency_keys', 'sessions') "                       \
    "  LOOP "                                                                                      \
    "    PERFORM vo_notify_attach(t); "                                                            \
    "  END LOOP; "                                                                                 \
    "  PERFORM vo_notify_attach('orgs'); "                                                         \
    "  PERFORM vo_notify_attach('sessions', ARRAY['DELETE']); "                                    \
    "END $d$; "

/* 33: the limits several servers share (docs/SCALING.md "Several servers";
 * docs/api-session.md "Throttling", "Rate limits"), UNLOGGED: a crash
 * empties them, forgetting some failures and filling the buckets, as a
 * restart of the one server did. No notes: no server keeps a copy.
 *
 * login_throttle: the login throttle's leaky buckets (service/throttle.c
 * keeps the same ones in memory on SQLite), one row per key: 'p' + the hex
 * of a BLAKE2b of the account and the address, or 'a' + the address's.
 * level counts the failures not forgiven as of drained_at AND the attempts
 * in flight (a slot is a failure until its attempt ends); the wait runs
 * from last_fail; idle_at is when level will have leaked to 0 (the row
 * holds nothing then and any take removes it). No org_id: a sign-in is
 * throttled before its org is known; on Citus it stays a local table of
 * the coordinator (docs/SCALING.md).
 *
 * vo_throttle_take and vo_throttle_end are the two steps of an attempt,
 * each one statement: the rows are locked (upserted) address first, then
 * pair, so two servers never both grant the last slot and two attempts
 * never wait for each other in a circle; the limits are the caller's
 * (VO_THROTTLE_DEFAULTS). The removal of idle rows skips the locked ones
 * and never waits.
 *
 * rate_buckets: the rate limit's token buckets per (org, principal), in
 * units of 1/60,000 of a request (service/ratelimit.c), written by one
 * upsert per request (throttle_store.c); allowed is whether the last take
 * got its request. */
#define PG_LIMITS                                                                                  \
    "CREATE UNLOGGED TABLE login_throttle (k text PRIMARY KEY, level bigint NOT NULL, "            \
    "drained_at bigint NOT NULL, last_fail bigint NOT NULL, idle_at bigint NOT NULL); "            \
    "CREATE INDEX login_throttle_idle ON login_throttle(idle_at); "                                \
    "CREATE UNLOGGED TABLE rate_buckets (org_id bigint NOT NULL, principal text NOT NULL, "        \
    "level bigint NOT NULL, at_ms bigint NOT NULL, allowed bigint NOT NULL, "                      \
    "PRIMARY KEY (org_id, principal)); "                                                           \
    "CREATE FUNCTION vo_throttle_row(key text, now bigint) RETURNS login_throttle "                \
    "LANGUAGE plpgsql AS $f$ DECLARE r login_throttle; BEGIN "                                     \
    "  INSERT INTO login_throttle AS t VALUES (key, 0, now, now, now) "                            \
    "    ON CONFLICT (k) DO UPDATE SET k = t.k RETURNING * INTO r; "                               \
    "  RETURN r; "                                                                                 \
    "END $f$; "                                                                                    \
    "CREATE FUNCTION vo_throttle_leak(r login_throttle, now bigint, leak_ms bigint) "              \
    "RETURNS login_throttle LANGUAGE plpgsql IMMUTABLE AS $f$ DECLARE n bigint; BEGIN "            \
    "  IF r.level = 0 THEN r.drained_at := now; "                                                  \
    "  ELSIF now > r.drained_at THEN "                                                             \
    "    n := (now - r.drained_at) / leak_ms; "                                                    \
    "    IF n >= r.level THEN r.level := 0; r.drained_at := now; "                                 \
    "    ELSE r.level := r.level - n; r.drained_at := r.drained_at + n * leak_ms; END IF; "        \
    "  END IF; "                                                                                   \
    "  RETURN r; "                                                                                 \
    "END $f$; "                                                                                    \
    "CREATE FUNCTION vo_throttle_wait(r login_throttle, now bigint, free bigint, max_wait "        \
    "bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $f$ "                                        \
    "  SELECT CASE WHEN r.level < free THEN 0 ELSE GREATEST(r.last_fail + LEAST(max_wait, "        \
    "1000::bigint << LEAST(r.level - free, 40)::int) - now, 0) END "                               \
    "$f$; "                                                                                        \
    "CREATE FUNCTION vo_throttle_put(r login_throttle, leak_ms bigint) RETURNS void "              \
    "LANGUAGE plpgsql AS $f$ BEGIN "                                                               \
    "  IF r.level = 0 THEN DELETE FROM login_throttle WHERE k = r.k; "                             \
    "  ELSE UPDATE login_throttle SET level = r.level, drained_at = r.drained_at, "                \
    "last_fail = r.last_fail, idle_at = r.drained_at + r.level * leak_ms WHERE k = r.k; END IF; "  \
    "END $f$; "                                                                                    \
    "CREATE FUNCTION vo_throttle_take(pk text, ak text, now bigint, pair_free bigint, "            \
    "pair_leak bigint, addr_free bigint, addr_leak bigint, max_wait bigint, OUT wait bigint, "     \
    "OUT pair_fail bigint, OUT addr_fail bigint) LANGUAGE plpgsql AS $f$ "                         \
    "DECLARE a login_throttle; p login_throttle; BEGIN "                                           \
    "  a := vo_throttle_leak(vo_throttle_row(ak, now), now, addr_leak); "                          \
    "  p := vo_throttle_leak(vo_throttle_row(pk, now), now, pair_leak); "                          \
    "  wait := GREATEST(vo_throttle_wait(p, now, pair_free, max_wait), "                           \
    "vo_throttle_wait(a, now, addr_free, max_wait)); "                                             \
    "  pair_fail := p.last_fail; addr_fail := a.last_fail; "                                       \
    "  IF wait = 0 THEN "                                                                          \
    "    IF p.level >= pair_free THEN p.last_fail := now; END IF; "                                \
    "    IF a.level >= addr_free THEN a.last_fail := now; END IF; "                                \
    "    p.level := p.level + 1; a.level := a.level + 1; "                                         \
    "  END IF; "                                                                                   \
    "  PERFORM vo_throttle_put(a, addr_leak); "                                                    \
    "  PERFORM vo_throttle_put(p, pair_leak); "                                                    \
    "  DELETE FROM login_throttle WHERE k IN (SELECT k FROM login_throttle WHERE idle_at <= now "  \
    "AND k <> ALL (ARRAY[pk, ak]) ORDER BY idle_at LIMIT 16 FOR UPDATE SKIP LOCKED); "             \
    "END $f$; "                                                                                    \
    "CREATE FUNCTION vo_throttle_end(pk text, ak text, now bigint, outcome text, taken bigint, "   \
    "pair_fail bigint, addr_fail bigint, pair_leak bigint, addr_leak bigint) RETURNS void "        \
    "LANGUAGE plpgsql AS $f$ DECLARE a login_throttle; p login_throttle; BEGIN "                   \
    "  a := vo_throttle_leak(vo_throttle_row(ak, now), now, addr_leak); "                          \
    "  p := vo_throttle_leak(vo_throttle_row(pk, now), now, pair_leak); "                          \
    "  IF outcome = 'failed' THEN "                                                                \
    "    a.level := GREATEST(a.level, 1); a.last_fail := now; "                                    \
    "    p.level := GREATEST(p.level, 1); p.last_fail := now; "                                    \
    "  ELSE "                                                                                      \
    "    a.level := GREATEST(a.level - 1, 0); "                                                    \
    "    p.level := CASE WHEN outcome = 'passed' THEN 0 ELSE GREATEST(p.level - 1, 0) END; "       \
    "    IF a.last_fail = taken THEN a.last_fail := addr_fail; END IF; "                           \
    "    IF p.last_fail = taken THEN p.last_fail := pair_fail; END IF; "                           \
    "  END IF; "                                                                                   \
    "  PERFORM vo_throttle_put(a, addr_leak); "                                                    \
    "  PERFORM vo_throttle_put(p, pair_leak); "                                                    \
    "END $f$; "

/* Version 31: the baseline (pg_schema.h). */
static const char PG_BASELINE[] = PG_VERSION_TABLE PG_FUNCTIONS PG_TABLES PG_INDEXES PG_FOREIGN_KEYS
    PG_LOSS_REASONS PG_SEARCH PG_STAGE_SINCE PG_UPDATED;

#define PG_BULK_SINCE                                                                              \
    "CREATE OR REPLACE FUNCTION vo_deals_stage_since() RETURNS trigger LANGUAGE plpgsql AS $$"     \
    "BEGIN"                                                                                        \
    "  IF current_setting('voronka.bulk', true) = 'on' THEN RETURN NULL; END IF;"                  \
    "  PERFORM vo_stage_since(NEW.org_id, NEW.id);"                                                \
    "  RETURN NULL;"                                                                               \
    "END $$;"                                                                                      \
    "CREATE OR REPLACE FUNCTION vo_stage_changes_since() RETURNS trigger LANGUAGE plpgsql AS $$"   \
    "BEGIN"                                                                                        \
    "  IF current_setting('voronka.bulk', true) = 'on' THEN RETURN NULL; END IF;"                  \
    "  IF TG_OP <> 'INSERT' THEN PERFORM vo_stage_since(OLD.org_id, OLD.deal_id); END IF;"         \
    "  IF TG_OP <> 'DELETE' THEN PERFORM vo_stage_since(NEW.org_id, NEW.deal_id); END IF;"         \
    "  RETURN NULL;"                                                                               \
    "END $$;"

/* 35: the dataset's stamp (SQLite's migration 35, schema.c): the same
 * table and triggers under the same names, one function for all of them
 * (TG_OP: an update raises the org before and, when it moved, after). A
 * COPY's session sets voronka.bulk (pg_copy.c): the function leaves its
 * rows alone then, and the flush raises each org it wrote once (a row
 * trigger's upsert of one org's row per copied row). No notes to the
 * other servers (PG_NOTIFY): none keeps a copy, and each write would send
 * two. */
#define PG_DATASET_SEQ_TRIGGER(T, OP, EVENT, WHEN)                                                 \
    "CREATE TRIGGER dataset_seq_" T "_" OP " AFTER " EVENT " FOR EACH ROW " WHEN                   \
    " EXECUTE FUNCTION vo_dataset_seq();"
#define PG_DATASET_SEQ_TABLE(T)                                                                    \
    PG_DATASET_SEQ_TRIGGER(T, "ins", "INSERT ON " T, "")                                           \
    PG_DATASET_SEQ_TRIGGER(T, "upd", "UPDATE ON " T, "")                                           \
    PG_DATASET_SEQ_TRIGGER(T, "del", "DELETE ON " T, "")
#define PG_DATASET_SEQ_TRIGGERS                                                                    \
    PG_DATASET_SEQ_TABLE("teams")                                                                  \
    PG_DATASET_SEQ_TABLE("users")                                                                  \
    PG_DATASET_SEQ_TABLE("pipelines")                                                              \
    PG_DATASET_SEQ_TABLE("stages")                                                                 \
    PG_DATASET_SEQ_TABLE("clients")                                                                \
    PG_DATASET_SEQ_TABLE("deals")                                                                  \
    PG_DATASET_SEQ_TABLE("stage_changes")                                                          \
    PG_DATASET_SEQ_TABLE("activities")                                                             \
    PG_DATASET_SEQ_TABLE("tasks")                                                                  \
    PG_DATASET_SEQ_TABLE("payments")                                                               \
    PG_DATASET_SEQ_TABLE("plans")                                                                  \
    PG_DATASET_SEQ_TABLE("holidays")                                                               \
    PG_DATASET_SEQ_TRIGGER("orgs", "ins", "INSERT ON orgs", "")                                    \
    PG_DATASET_SEQ_TRIGGER("orgs", "upd", "UPDATE OF tz, currency ON orgs",                        \
                           "WHEN (NEW.tz IS DISTINCT FROM OLD.tz OR NEW.currency IS DISTINCT "     \
                           "FROM OLD.currency)")
#define PG_DATASET_SEQ                                                                             \
    "CREATE TABLE dataset_seq (org_id bigint PRIMARY KEY, seq bigint NOT NULL, "                   \
    "snap bigint NOT NULL DEFAULT 0);"                                                             \
    "INSERT INTO dataset_seq(org_id, seq) SELECT id, 1 FROM orgs;"                                 \
    "CREATE FUNCTION vo_dataset_bump(o bigint) RETURNS void LANGUAGE sql AS $$"                    \
    "INSERT INTO dataset_seq(org_id, seq) VALUES (o, 1) "                                          \
    "ON CONFLICT (org_id) DO UPDATE SET seq = dataset_seq.seq + 1$$;"                              \
    "CREATE FUNCTION vo_dataset_seq() RETURNS trigger LANGUAGE plpgsql AS $$"                      \
    "BEGIN"                                                                                        \
    "  IF current_setting('voronka.bulk', true) = 'on' THEN RETURN NULL; END IF;"                  \
    "  IF TG_TABLE_NAME = 'orgs' THEN"                                                             \
    "    PERFORM vo_dataset_bump(NEW.id);"                                                         \
    "  ELSIF TG_OP = 'INSERT' THEN"                                                                \
    "    PERFORM vo_dataset_bump(NEW.org_id);"                                                     \
    "  ELSE"                                                                                       \
    "    PERFORM vo_dataset_bump(OLD.org_id);"                                                     \
    "    IF TG_OP = 'UPDATE' AND NEW.org_id IS DISTINCT FROM OLD.org_id THEN"                      \
    "      PERFORM vo_dataset_bump(NEW.org_id);"                                                   \
    "    END IF;"                                                                                  \
    "  END IF;"                                                                                    \
    "  RETURN NULL;"                                                                               \
    "END $$;" PG_DATASET_SEQ_TRIGGERS

/* 36: SQLite's migration 36 (schema.c): the search rows' triggers and a
 * deal's stage_since fire only when a value they read changed (UPDATE OF
 * fires for every column a statement sets, and the store's updates set
 * them all). updated_at needs nothing here: its BEFORE trigger sets the
 * row's value, with no update of its own. */
#define PG_M36_REPLACE(NAME, TABLE, EVENT, WHEN, FN)                                               \
    "DROP TRIGGER " NAME " ON " TABLE ";"                                                          \
    "CREATE TRIGGER " NAME " AFTER UPDATE OF " EVENT " ON " TABLE " FOR EACH ROW WHEN (" WHEN      \
    ") EXECUTE FUNCTION " FN "();"
#define PG_CHANGED(C) "OLD." C " IS DISTINCT FROM NEW." C
#define PG_M36                                                                                     \
    PG_M36_REPLACE("search_deal_upd", "deals", "title, owner_id",                                  \
                   PG_CHANGED("title") " OR " PG_CHANGED("owner_id"), "vo_search_deal")            \
    PG_M36_REPLACE("search_client_upd", "clients", "name, inn, phone_digits, email, owner_id",     \
                   PG_CHANGED("name") " OR " PG_CHANGED("inn") " OR " PG_CHANGED(                  \
                       "phone_digits") " OR " PG_CHANGED("email") " OR " PG_CHANGED("owner_id"),   \
                   "vo_search_client")                                                             \
    PG_M36_REPLACE("search_contact_upd", "contacts", "name, phone_digits, emails, client_id",      \
                   PG_CHANGED("name") " OR " PG_CHANGED("phone_digits") " OR " PG_CHANGED(         \
                       "emails") " OR " PG_CHANGED("client_id"),                                   \
                   "vo_search_contact")                                                            \
    PG_M36_REPLACE("deals_stage_since_update", "deals", "stage_id, created_at",                    \
                   PG_CHANGED("stage_id") " OR " PG_CHANGED("created_at"), "vo_deals_stage_since")

/* 37: the dataset's change log, as SQLite's migration 37 (schema.c): the
 * one function of the stamp's triggers now raises the org's seq and, while
 * the org has a claimed snapshot and for 262,144 raises after it, logs the
 * row (table, id, op) at the new seq; vo_dataset_bump goes. */
#define PG_DATASET_LOG                                                                             \
    "CREATE TABLE dataset_log (org_id bigint NOT NULL, seq bigint NOT NULL, tbl text NOT NULL, "   \
    "row_id bigint NOT NULL, op bigint NOT NULL, PRIMARY KEY (org_id, seq));"                      \
    "ALTER TABLE dataset_seq ADD COLUMN snap_seq bigint NOT NULL DEFAULT 0;"                       \
    "UPDATE dataset_seq SET snap_seq = seq WHERE snap <> 0;"                                       \
    "CREATE FUNCTION vo_dataset_note(o bigint, t text, id bigint, kind bigint) RETURNS void "      \
    "LANGUAGE plpgsql AS $$"                                                                       \
    "DECLARE s bigint; sn bigint; ss bigint;"                                                      \
    "BEGIN"                                                                                        \
    "  INSERT INTO dataset_seq(org_id, seq) VALUES (o, 1) ON CONFLICT (org_id) DO UPDATE SET "     \
    "seq = dataset_seq.seq + 1 RETURNING seq, snap, snap_seq INTO s, sn, ss;"                      \
    "  IF sn <> 0 AND s <= ss + 262144 THEN"                                                       \
    "    INSERT INTO dataset_log(org_id, seq, tbl, row_id, op) VALUES (o, s, t, id, kind) "        \
    "ON CONFLICT (org_id, seq) DO UPDATE SET tbl = EXCLUDED.tbl, row_id = EXCLUDED.row_id, "       \
    "op = EXCLUDED.op;"                                                                            \
    "  END IF;"                                                                                    \
    "END $$;"                                                                                      \
    "CREATE OR REPLACE FUNCTION vo_dataset_seq() RETURNS trigger LANGUAGE plpgsql AS $$"           \
    "BEGIN"                                                                                        \
    "  IF current_setting('voronka.bulk', true) = 'on' THEN RETURN NULL; END IF;"                  \
    "  IF TG_TABLE_NAME = 'orgs' THEN"                                                             \
    "    PERFORM vo_dataset_note(NEW.id, 'orgs', NEW.id, CASE TG_OP WHEN 'INSERT' THEN 1 ELSE 2 "  \
    "END);"                                                                                        \
    "  ELSIF TG_OP = 'INSERT' THEN"                                                                \
    "    PERFORM vo_dataset_note(NEW.org_id, TG_TABLE_NAME, NEW.id, 1);"                           \
    "  ELSIF TG_OP = 'DELETE' THEN"                                                                \
    "    PERFORM vo_dataset_note(OLD.org_id, TG_TABLE_NAME, OLD.id, 3);"                           \
    "  ELSIF NEW.org_id IS DISTINCT FROM OLD.org_id THEN"                                          \
    "    PERFORM vo_dataset_note(OLD.org_id, TG_TABLE_NAME, NEW.id, 4);"                           \
    "    PERFORM vo_dataset_note(NEW.org_id, TG_TABLE_NAME, NEW.id, 4);"                           \
    "  ELSE"                                                                                       \
    "    PERFORM vo_dataset_note(OLD.org_id, TG_TABLE_NAME, NEW.id, 2);"                           \
    "  END IF;"                                                                                    \
    "  RETURN NULL;"                                                                               \
    "END $$;"                                                                                      \
    "DROP FUNCTION vo_dataset_bump(bigint);"

const struct vo_pg_migration vo_store_pg_migrations[] = {
    {VO_PG_BASELINE_VERSION, PG_BASELINE},
    /* 32: SQLite's unique indexes with org_id of a pipeline's stage names
     * and of a deal's undo record are the baseline's UNIQUE (org_id,
     * pipeline_id, name) and PRIMARY KEY (org_id, deal_id); PostgreSQL's
     * own: vo_real, vo_bytes, json_extract and the changes told between
     * servers. */
    {32, PG_REAL PG_BYTES PG_JSON_EXTRACT PG_NOTIFY},
    /* 33: the login throttle's and the rate limit's buckets, which the
     * servers share (SQLite's 33 creates the same tables, unused there). */
    {33, PG_LIMITS},
    /* 34: a COPY's session (pg_copy.c) sets voronka.bulk while it runs; the
     * triggers of a deal's stage_since then leave its rows to the flush,
     * which sets the stage_since of the deals it wrote in one statement (a
     * row trigger's update per stage change made a COPY of stage changes
     * 15 times slower) */
    {34, PG_BULK_SINCE},
    /* 35: the dataset's stamp, as SQLite's; a COPY's rows raise it once a
     * flush (pg_copy.c) */
    {35, PG_DATASET_SEQ},
    /* 36: update triggers only on a change, as SQLite's */
    {36, PG_M36},
    /* 37: the dataset's change log, as SQLite's */
    {37, PG_DATASET_LOG},
};
const int vo_store_pg_migration_count =
    (int)(sizeof vo_store_pg_migrations / sizeof vo_store_pg_migrations[0]);
