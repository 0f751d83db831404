#!/usr/bin/env bash
# bench/import.sh - `make bench-import`: `voronka import` of voronka's own
# CSV format into a fresh SQLite db (docs/bench.md, "Import (issue 16)").
#
# Writes BENCH_IMPORT_ROWS rows (default 1000000) of valid files with
# references (bench/import_gen.py: users, pipelines, clients 3 %, deals
# 10 %, activities the rest) into bench/cache/import-N/ once, then times
# the import with /usr/bin/time -v (wall, user + sys CPU, peak RSS) and
# writes $CACHE/results/import.txt (rows= wall_s= cpu_s= rows_per_s=
# peak_rss_kb=). Checks the db's row counts against the files'.
#
# Environment: BENCH_IMPORT_ROWS (1000000), BENCH_BUILD (build-bench),
# BENCH_IMPORT_RESULTS (file; default $CACHE/results/import.txt; a
# different N writes import-N.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/env.sh
ROWS=${BENCH_IMPORT_ROWS:-1000000}
DIR=$CACHE/import-$ROWS
if [ "$ROWS" = 1000000 ]; then RES=$CACHE/results/import.txt; else RES=$CACHE/results/import-$ROWS.txt; fi
RES=${BENCH_IMPORT_RESULTS:-$RES}

echo "bench-import: building $BUILD (Release, -O2)" >&2
release_build voronka

if [ ! -f "$DIR/.done" ]; then
  echo "bench-import: writing $ROWS rows into $DIR (once)" >&2
  rm -rf "$DIR"
  python3 bench/import_gen.py "$ROWS" "$DIR" >"$DIR.rows"
  touch "$DIR/.done"
fi
rows=$(cat "$DIR.rows")

db=$CACHE/import-$ROWS.db
rm -f "$db" "$db-wal" "$db-shm"
"./$BUILD/voronka" init --db "$db" --empty --org "Bench" --tz Europe/Moscow --currency RUB \
  --admin boss@bench.example >/dev/null
echo "bench-import: voronka import of $rows rows ($(uptime))" >&2
tv=$(mktemp)
/usr/bin/time -v -o "$tv" "./$BUILD/voronka" import --db "$db" "$DIR" >/dev/null
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0;
  for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$tv")
cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {printf "%.2f", u + s}' "$tv")
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tv")
rm -f "$tv"

# every row landed
n=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM users) - 1 + (SELECT count(*) FROM stages)
  + (SELECT count(*) FROM clients) + (SELECT count(*) FROM deals) + (SELECT count(*) FROM activities)")
if [ "$n" != "$rows" ]; then
  echo "bench-import: the db holds $n rows, the files $rows" >&2
  exit 1
fi
rps=$(awk -v r="$rows" -v w="$wall" 'BEGIN {printf "%d", r / w}')
mkdir -p "$(dirname "$RES")"
printf 'rows=%s wall_s=%s cpu_s=%s rows_per_s=%s peak_rss_kb=%s\n' "$rows" "$wall" "$cpu" "$rps" "$rss" \
  | tee "$RES"
rm -f "$db" "$db-wal" "$db-shm"
