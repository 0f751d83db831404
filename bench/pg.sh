#!/usr/bin/env bash
# bench/pg.sh - `make bench`, on PostgreSQL (docs/bench.md, "PostgreSQL";
# issue 15): the same company as bench/run.sh's SQLite file, copied into a
# throwaway PostgreSQL cluster, then
#
# 1. the copy's time (`voronka migrate --to`, the copy checked);
# 2. voronka_bench on it: the dataset load (wall, CPU, peak RSS) and each
#    report's median and p90, beside the SQLite run's (bench/cache/results);
#    the figures must be SQLite's, file for file (exit 1 when not);
# 3. bench/http.sh on it: reads against nginx, and durable deal moves with
#    32 clients (every acknowledged move is a row after the server's
#    kill -9).
#
# The cluster (scripts/pg-cluster, fsync on: PG_CLUSTER_DURABLE=1, so the
# writes are durable as on SQLite) lives in bench/cache/pg while the run
# lasts and is removed after. Run bench/run.sh first (it makes the SQLite
# file and its figures); `make bench` runs this after it.
#
# Environment: as bench/run.sh (BENCH_DEALS, BENCH_RUNS, BENCH_AS_OF,
# BENCH_BUILD), and BENCH_HTTP_SECONDS for bench/http.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/env.sh
OUT=$CACHE/results
OUT_PG=$CACHE/results-pg
CL=$PWD/$CACHE/pg

log() { echo "bench/pg: $*" >&2; }
[ -f "$DB.done" ] && [ -f "$OUT/voronka.json" ] || { log "run bash bench/run.sh first"; exit 1; }
# The Release build of bench/run.sh (up to date there already).
release_build voronka voronka_bench

bash scripts/pg-cluster stop "$CL" # one a killed run left
trap 'bash scripts/pg-cluster stop "$CL"' EXIT
PG_CLUSTER_DURABLE=1 bash scripts/pg-cluster start "$CL" >/dev/null
base=$(cat "$CL/url")
psql "$base" -X -q -c "CREATE DATABASE bench"
URL=${base%/*}/bench

# --- 1. the copy ------------------------------------------------------------
log "copying $DB into PostgreSQL (voronka migrate --to, checked)"
t0=$(date +%s.%N)
"./$BUILD/voronka" migrate --db "$DB" --to "$URL" >"$CACHE/pg-migrate.log"
t1=$(date +%s.%N)
copy_s=$(echo "scale=1; ($t1 - $t0) / 1" | bc)
rows=$(psql "$URL" -X -At -c "SELECT sum(n_live_tup) FROM pg_stat_user_tables")
size=$(psql "$URL" -X -At -c "SELECT pg_size_pretty(pg_database_size(current_database()))")

# --- 2. load and reports ----------------------------------------------------
rm -rf "$OUT_PG" && mkdir -p "$OUT_PG"
log "voronka on PostgreSQL ($RUNS runs each)"
"./$BUILD/voronka_bench" "$URL" "$AS_OF" bench "$OUT_PG" "$RUNS" >"$OUT_PG/bench.txt"
status=0
for f in voronka-planfact.txt voronka-funnel.txt voronka-abc.txt voronka-channels.txt \
  voronka-abc-products.txt; do
  if ! cmp -s "$OUT/$f" "$OUT_PG/$f"; then
    log "$f: the figures on PostgreSQL differ from SQLite's:"
    diff "$OUT/$f" "$OUT_PG/$f" | head -20 >&2
    status=1
  fi
done

echo
echo "PostgreSQL $(psql "$URL" -X -At -c 'SHOW server_version') beside SQLite, $DEALS deals; nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "copy into PostgreSQL (voronka migrate --to, checked): ${copy_s} s, $rows rows, $size"
jq -rn --slurpfile s "$OUT/voronka.json" --slurpfile p "$OUT_PG/voronka.json" '
  def ms(x): if x == null then "-" else (x.median_ms * 100 | round / 100 | tostring) + " ms" end;
  ($s[0]) as $a | ($p[0]) as $b |
  "| | SQLite | PostgreSQL |",
  "|---|---|---|",
  "| dataset load, wall | \($a.load_ms / 1000 * 10 | round / 10) s | \($b.load_ms / 1000 * 10 | round / 10) s |",
  "| dataset load, CPU | \($a.load_cpu_ms / 1000 * 10 | round / 10) s | \($b.load_cpu_ms / 1000 * 10 | round / 10) s |",
  "| peak RSS | \($a.peak_rss_mib | round) MiB | \($b.peak_rss_mib | round) MiB |",
  ($a | keys_unsorted[] | select(. as $k | $a[$k] | type == "object")) as $k |
    "| \($k), median | \(ms($a[$k])) | \(ms($b[$k])) |"'
if [ "$status" = 0 ]; then
  echo "figures equal (voronka on PostgreSQL = voronka on SQLite, every report file): yes"
else
  echo "figures equal (voronka on PostgreSQL = voronka on SQLite, every report file): NO"
fi

# --- 3. HTTP: reads and durable writes ----------------------------------------
BENCH_PG_URL=$URL BENCH_BUILD=$BUILD bash bench/http.sh || status=1
exit $status
