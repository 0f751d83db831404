#!/usr/bin/env bash
# bench/run.sh - `make bench`: the analytics benchmark (docs/bench.md).
#
# Builds voronka and voronka_bench in a Release build (-O2), generates the
# demo company once into bench/cache/ (reused while its marker file holds
# the same command; its generation's time in $DB.gen.txt, copied into the
# results as demo-gen.txt), exports the tables the SQL reads to CSV once for
# DuckDB, installs @duckdb/node-api in bench/ (npm ci; `make test` never
# needs it), then runs voronka_bench (load, memory, the reports, SQLite),
# duck.mjs (DuckDB) and report.mjs (the equality check and the table),
# then bench/http.sh (HTTP), bench/pg.sh (the same on PostgreSQL),
# bench/import.sh (the importer), and last bench/summary.mjs (the issue-16
# table from the results files).
# Exit 1 when the three engines' figures differ (or an acknowledged move
# is lost); a target not met only prints NOT MET.
#
# Environment: BENCH_DEALS (default 1000000), BENCH_RUNS (21),
# BENCH_AS_OF (2026-11-20), BENCH_BUILD (build-bench), BENCH_NO_PG
# (non-empty: skip bench/pg.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/env.sh
CSV=$DB.csv
OUT=$CACHE/results

echo "bench: building $BUILD (Release, -O2)" >&2
release_build voronka voronka_bench voronka_bench_search voronka_bench_nps voronka_bench_snap

mkdir -p "$CACHE"
gen=(demo --db "$DB" --deals "$DEALS" --seed 1 --as-of "$AS_OF")
if [ ! -f "$DB.done" ] || [ "$(cat "$DB.done")" != "${gen[*]}" ]; then
  echo "bench: generating the demo company: voronka ${gen[*]} (a few minutes, once)" >&2
  rm -rf "$DB" "$DB-wal" "$DB-shm" "$DB.done" "$DB.gen.txt" "$CSV"
  # the generation's time (issue 16): wall, CPU (user + system), peak RSS
  /usr/bin/time -f '%e %U %S %M' -o "$DB.time" "./$BUILD/voronka" "${gen[@]}"
  read -r wall user sys rss <"$DB.time"
  printf 'wall_s=%s cpu_s=%s peak_rss_kb=%s deals=%s load=%s\n' "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" "$rss" "$DEALS" \
    "$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)" >"$DB.gen.txt"
  rm -f "$DB.time"
  sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
  echo "${gen[*]}" >"$DB.done"
fi

# The tables and columns the two SQL queries read, for DuckDB.
# The columns exported; .done holds them, so a changed list exports again.
COLS='users id, org_id
clients id, org_id, owner_id, channel
stages id, org_id, pipeline_id, position
deals id, org_id, owner_id, pipeline_id, stage_id, status, amount, created_at, closed_at, client_id, channel
stage_changes id, org_id, deal_id, stage_id, "at"
activities id, org_id, user_id, type, "at", duration_s
payments id, org_id, amount, paid_at, deal_id, client_id'
if [ ! -f "$CSV/.done" ] || [ "$(cat "$CSV/.done")" != "$COLS" ]; then
  echo "bench: exporting to $CSV/ for DuckDB (once)" >&2
  rm -rf "$CSV" && mkdir -p "$CSV"
  while read -r table cols; do
    sqlite3 -header -csv "$DB" "SELECT $cols FROM $table WHERE org_id = 1" >"$CSV/$table.csv"
  done <<<"$COLS"
  printf '%s' "$COLS" >"$CSV/.done"
fi
# issue 12, clients: the deals' clients for abc.sql (its own file, so a
# cache exported before it gets it too)
if [ ! -f "$CSV/deal_clients.csv" ]; then
  sqlite3 -header -csv "$DB" "SELECT id, client_id FROM deals WHERE org_id = 1" >"$CSV/deal_clients.csv"
fi

# issue 12, item 1: the deals' products and their lines for abc_products.sql
if [ ! -f "$CSV/deal_product_ids.csv" ]; then
  sqlite3 -header -csv "$DB" "SELECT id, product_id FROM deals WHERE org_id = 1" >"$CSV/deal_product_ids.csv"
  sqlite3 -header -csv "$DB" "SELECT id, deal_id, product_id, quantity, price, position FROM deal_products WHERE org_id = 1" >"$CSV/deal_products.csv"
  # no rows: sqlite3 prints no header either, and DuckDB cannot read an
  # empty file (a company generated without product lines)
  [ -s "$CSV/deal_products.csv" ] || echo "id,deal_id,product_id,quantity,price,position" >"$CSV/deal_products.csv"
fi

if [ ! -f bench/node_modules/.package-lock.json ] ||
  [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  echo "bench: npm ci in bench/" >&2
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

rm -rf "$OUT" && mkdir -p "$OUT"
# the cached company's generation time, measured when it was generated
# (a company generated before that was recorded has none)
if [ -f "$DB.gen.txt" ]; then
  cp "$DB.gen.txt" "$OUT/demo-gen.txt"
  echo "bench: demo generation: $(cat "$OUT/demo-gen.txt")" >&2
fi
echo "bench: voronka and SQLite ($RUNS runs each)" >&2
"./$BUILD/voronka_bench" "$DB" "$AS_OF" bench "$OUT" "$RUNS"
# The snapshot (issue 16, item 3): written after a load from the store,
# then read in a fresh process as a restarting server reads it, with the
# page cache dropped first where this user may (cold: snap_cold=1). The
# dataset read must be the one loaded (the hashes of their streams).
echo "bench: the dataset snapshot" >&2
rm -rf "$OUT/snapshots"
"./$BUILD/voronka_bench_snap" "$DB" "$OUT/snapshots" write | tee "$OUT/snapshot.txt"
cold=0
if [ -w /proc/sys/vm/drop_caches ]; then
  sync && echo 3 >/proc/sys/vm/drop_caches && cold=1
fi
echo "snap_cold=$cold" >>"$OUT/snapshot.txt"
"./$BUILD/voronka_bench_snap" "$DB" "$OUT/snapshots" read | tee -a "$OUT/snapshot.txt"
d1=$(grep -o 'store_digest=[0-9a-f]*' "$OUT/snapshot.txt" | cut -d= -f2)
d2=$(grep -o 'snap_digest=[0-9a-f]*' "$OUT/snapshot.txt" | cut -d= -f2)
if [ -z "$d1" ] || [ "$d1" != "$d2" ]; then
  echo "bench: the dataset read from the snapshot is not the one loaded ($d1 vs $d2)" >&2
  exit 1
fi
rm -rf "$OUT/snapshots"
echo "bench: DuckDB ($RUNS runs each)" >&2
node bench/duck.mjs "$CSV" bench "$OUT"
node bench/report.mjs "$OUT"

# The NPS row (issue 12, item 2; bench/nps.c): voronka against its DuckDB
# twin (bench/nps.sql) on the same answers; the figures must be equal.
if [ ! -f "$CSV/nps/.done" ]; then
  mkdir -p "$CSV/nps"
  sqlite3 -header -csv "$DB" 'SELECT id, org_id, client_id, score, "at" FROM nps_responses
    WHERE org_id = 1' >"$CSV/nps/nps_responses.csv"
  sqlite3 -header -csv "$DB" 'SELECT id, org_id, channel FROM clients WHERE org_id = 1' \
    >"$CSV/nps/clients.csv"
  touch "$CSV/nps/.done"
fi
echo "bench: NPS, voronka and DuckDB ($RUNS runs each)" >&2
"./$BUILD/voronka_bench_nps" "$DB" "$AS_OF" "$OUT" "$RUNS" | tee "$OUT/nps.txt"
node bench/duck_nps.mjs "$CSV/nps" bench "$OUT"
if ! diff "$OUT/voronka-nps.txt" "$OUT/duckdb-nps.txt" >&2; then
  echo "bench: NPS: voronka's figures differ from DuckDB's (above)" >&2
  exit 1
fi

# The global search and the list pages (issue 10): p50 and p99 over a
# fixed set of queries.
echo "bench: global search and list pages ($RUNS runs of each query)" >&2
# the manager with the fewest clients: their search reads the most matches
# to find their own
MANAGER=$(sqlite3 "$DB" "SELECT owner_id FROM clients WHERE org_id = 1 GROUP BY owner_id
  ORDER BY count(*), owner_id LIMIT 1")
"./$BUILD/voronka_bench_search" "$DB" "$RUNS" "$MANAGER" | tee "$OUT/search.txt"

# The HTTP benchmark (wrk, nginx, durable moves) on the same demo db; a
# failure (a move acknowledged and lost) is the exit status, after the
# table below.
status=0
BENCH_BUILD=$BUILD bash bench/http.sh || status=1

# The same company on PostgreSQL (issue 15): load, reports, HTTP, durable
# moves, beside the figures above. BENCH_NO_PG=1 skips it.
if [ -n "${BENCH_NO_PG:-}" ]; then
  echo "bench: PostgreSQL skipped (BENCH_NO_PG)" >&2
else
  BENCH_BUILD=$BUILD bash bench/pg.sh || status=1
fi

# The importer (issue 16): 1M rows of voronka's CSV format into a fresh
# db, about a minute (docs/bench.md, "Import (issue 16)").
BENCH_BUILD=$BUILD bash bench/import.sh || status=1

# The issue-16 table: every row, its target, MET / NOT MET (a NOT MET
# only prints).
node bench/summary.mjs "$OUT"
exit $status
