# common.bash - what every tests/cli/*.sh starts with (sourced, not a test
# of its own: ctest runs tests/cli/*.sh only): the binary from $VO, a
# temporary directory $tmp removed on exit, the pass/fail counters and the
# checks that count them; the steps scripts share (data_dir, the files a
# script imports from tests/cli/data/<script>/; init_and_import; csv_rows).
# A script ends with `finish`, which prints "N passed, N failed" and fails
# on any failure.
set -u
VO=${VO:?path to the voronka binary}
# voronka's errors in English whatever the caller's locale (the scripts
# check English texts; tests/cli/lang.sh checks the Russian): the CLI reads
# LC_ALL, then LC_MESSAGES, then LANG (src/cli/cli.c).
case "${LC_ALL:-}" in ru*) export LC_ALL=C.UTF-8 ;; esac
export LC_MESSAGES=C
tmp=$(mktemp -d)
# The backend (docs/internals/testing.md, "Both backends"): SQLite files in
# $tmp, or with VO_CLI_BACKEND=pg databases of the throwaway cluster whose
# URL is in the file VO_PG_URL_FILE (the fixture pg_cluster; ctest's
# cli_pg_<name>), named vo_cli_<pid>_<name> and dropped on exit.
VO_CLI_BACKEND=${VO_CLI_BACKEND:-sqlite}
case "$VO_CLI_BACKEND" in
  sqlite) ;;
  pg) vo_pg_url=$(cat "${VO_PG_URL_FILE:?VO_CLI_BACKEND=pg: the file with the cluster URL}") || exit 1 ;;
  *) echo "VO_CLI_BACKEND=$VO_CLI_BACKEND: sqlite or pg" >&2; exit 1 ;;
esac
on_pg() { [ "$VO_CLI_BACKEND" = pg ]; }
vo_psql() { PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$@"; }
# cleanup: drops the script's PostgreSQL databases, removes $tmp (a script
# with a trap of its own calls it from there)
cleanup() {
  if on_pg; then
    local n
    for n in $(vo_psql -At "$vo_pg_url" -c \
      "SELECT datname FROM pg_database WHERE datname LIKE 'vo\_cli\_$$\_%'" 2>/dev/null); do
      vo_psql "$vo_pg_url" -c "DROP DATABASE IF EXISTS $n WITH (FORCE)" >/dev/null 2>&1
    done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# db_of NAME: the database NAME of the script, $tmp/NAME.db or the URL of
# vo_cli_<pid>_NAME (NAME's characters other than a-z0-9_ as _), made or
# not; new_db NAME: the same, made new and empty (SQLite's: no file yet;
# PostgreSQL's: a database with no table, which voronka takes as SQLite a
# missing file: "init" makes the org, other commands say there is none).
db_of() {
  if on_pg; then
    echo "${vo_pg_url%/*}/vo_cli_$$_${1//[^a-z0-9_]/_}"
  else
    echo "$tmp/$1.db"
  fi
}
new_db() {
  local at
  at=$(db_of "$1")
  if on_pg; then
    local name=${at##*/}
    vo_psql "$vo_pg_url" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" \
      >/dev/null || echo "new_db $1: cannot create $name" >&2
  else
    rm -f "$at"
  fi
  echo "$at"
}
# copy_db DB NAME: a copy of the script's database DB as its database NAME
# (cp; PostgreSQL: CREATE DATABASE ... TEMPLATE, DB with no session open)
copy_db() {
  local at
  at=$(db_of "$2")
  if on_pg; then
    vo_psql "$vo_pg_url" -c "DROP DATABASE IF EXISTS ${at##*/} WITH (FORCE)" \
      -c "CREATE DATABASE ${at##*/} TEMPLATE ${1##*/}" >/dev/null ||
      echo "copy_db $1 $2: cannot copy it" >&2
  else
    cp "$1" "$at"
  fi
  echo "$at"
}
# sql DB QUERY: QUERY's rows on DB (a file or a postgresql:// URL), cells
# joined by | as sqlite3 prints them (psql -At -F'|'); the SQL must read
# the same on both (CAST, not ::; '' strings; an aggregate's order from
# joined, below; a date from sql_utc)
sql() {
  case "$1" in
    postgres://* | postgresql://*) vo_psql -At -F'|' "$1" -c "$2" ;;
    *) sqlite3 "$1" "$2" ;;
  esac
}
# joined SEP: the lines of stdin as one line, joined by SEP (what
# group_concat / string_agg give, in the order of the rows)
joined() {
  SEP=$1 awk 'NR > 1 { printf "%s", ENVIRON["SEP"] } { printf "%s", $0 } END { print "" }'
}
# sql_utc EXPR: the SQL of an instant EXPR (UTC seconds) as text
# "YYYY-MM-DD HH:MM:SS" in UTC, for the script's backend
sql_utc() {
  if on_pg; then
    echo "to_char(to_timestamp($1) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
  else
    echo "datetime($1, 'unixepoch')"
  fi
}
# skip_on_pg WHAT: prints that WHAT (a check of SQLite only) is skipped on
# PostgreSQL and is true there, false on SQLite
# (`skip_on_pg "backup: ..." || { the checks; }`)
skip_on_pg() {
  on_pg || return 1
  echo "skipped on PostgreSQL: $*"
}
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect_rc() { # expected command...
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$* -> exit $got, want $want: $(cat "$tmp/err")"; fi
}
finish() {
  # on PostgreSQL no check may have run on a SQLite file by mistake
  if on_pg; then
    local files
    files=$(find "$tmp" \( -name '*.db' -o -name '*.db-wal' \) -printf '%P ')
    [ -z "$files" ] && ok || bad "SQLite files on PostgreSQL: $files"
  fi
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
# data_dir NAME DIR: the CSV files a script imports, tests/cli/data/NAME/,
# copied into DIR (made when missing).
data_dir() {
  mkdir -p "$2"
  cp "$(dirname "${BASH_SOURCE[0]}")/data/$1/"*.csv "$2"
}
# init_and_import DIR: a new empty database $db (ООО Тест, Europe/Moscow, RUB,
# admin boss@t.ru) with DIR imported; two checks.
init_and_import() {
  "$VO" init --db "$db" --empty --org "ООО Тест" --tz Europe/Moscow --currency RUB --admin boss@t.ru \
    >"$tmp/out" 2>&1 && ok || bad "init: $(cat "$tmp/out")"
  "$VO" import --db "$db" "$1" >"$tmp/out" 2>&1 && ok || bad "import: $(cat "$tmp/out")"
}
# csv_rows FILE: the rows of a CSV as parsed by Python's csv module, cells
# joined by | (fails when a row's width differs from the header's).
csv_rows() {
  python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
bad = [i + 1 for i, r in enumerate(rows) if len(r) != len(rows[0])]
if bad: sys.exit("ragged rows %s" % bad)
for r in rows: print("|".join(r))' "$1"
}
# py_checks: runs the Python on stdin with d (the $tmp directory), json and
# eq(what, got, want) (a float within 1e-9) defined; each line it prints,
# "ok ..." or "FAIL ...", counts as a check (a traceback fails too).
py_checks() {
  {
    cat <<'PRELUDE'
import json, sys
d = sys.argv[1]
def eq(what, got, want):
    if isinstance(want, float):
        good = got is not None and abs(got - want) < 1e-9
    else:
        good = got == want
    print(("ok " if good else "FAIL ") + what + ": got %r want %r" % (got, want))
PRELUDE
    cat
  } >"$tmp/check.py"
  python3 "$tmp/check.py" "$tmp" >"$tmp/py.out" 2>&1
  while read -r line; do
    case "$line" in
      ok*) ok ;;
      *) bad "$line" ;;
    esac
  done <"$tmp/py.out"
}

