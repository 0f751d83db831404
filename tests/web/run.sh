#!/usr/bin/env bash
# The web dashboard in a real browser: generates a small demo company,
# serves it with the web app on a free port of 127.0.0.1, and runs the
# browser tests (tests/web/*.test.mjs: node's test runner driving Debian's
# chromium through playwright-core). Screenshots of every screen go to
# $VO's directory/screenshots. Builds nothing: VO is the built binary.
# Skips only when node or chromium is missing, with exit code 77, which
# CMakeLists.txt gives ctest as web_e2e's SKIP_RETURN_CODE: ctest then
# reports the test as skipped, never as passed. scripts/deps.sh installs
# both, so under `make test` it runs.
set -u
SKIP=77
VO=${VO:?path to the voronka binary}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

if ! command -v node >/dev/null 2>&1; then
  echo "SKIP web_e2e: node is not installed (scripts/deps.sh installs it)"; exit $SKIP
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "SKIP web_e2e: no chromium at $CHROMIUM (scripts/deps.sh installs Debian's)"; exit $SKIP
fi
if [ ! -f "$root/web/node_modules/playwright-core/package.json" ]; then
  echo "FAIL web_e2e: web/node_modules is missing: run scripts/deps.sh (npm ci in web/)" >&2; exit 1
fi

tmp=$(mktemp -d)
pid=
# On PostgreSQL (VO_PG_URL_FILE: the throwaway cluster of the pg_cluster
# fixture, pg_web_e2e) the demo company is a database of its own there.
pg_base=
if [ -n "${VO_PG_URL_FILE:-}" ]; then
  pg_base=$(cat "$VO_PG_URL_FILE")
  pg_name="vo_web_$$"
fi
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  if [ -n "$pg_base" ]; then psql "$pg_base" -qc "DROP DATABASE IF EXISTS $pg_name WITH (FORCE)" >/dev/null 2>&1; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# Twelve managers: the size of department whose printed meeting sheet must
# fit two A4 pages (print.test.mjs).
# Dates are pinned, never today's: the company is generated as of VO_AS_OF,
# and browser.mjs sets every browser's clock to noon of that day in Moscow
# (the demo org's zone), so the app opens on the data's month, week and day
# whatever the calendar says. The tests name the periods they mean from
# VO_AS_OF (browser.mjs exports AS_OF, MONTH, YEAR), never from new Date().
# The server keeps the real clock: a test that asks the API without a date
# compares it with a screen that asks the same way.
export VO_AS_OF=2026-11-20
db="$tmp/w.db"
if [ -n "$pg_base" ]; then
  psql "$pg_base" -qc "CREATE DATABASE $pg_name" >/dev/null || { echo "FAIL web_e2e: no database on $pg_base" >&2; exit 1; }
  db="${pg_base%/*}/$pg_name"
fi
if ! "$VO" demo --db "$db" --deals 3000 --managers 12 --as-of "$VO_AS_OF" >"$tmp/demo.out" 2>"$tmp/demo.err"; then
  echo "FAIL web_e2e: voronka demo: $(cat "$tmp/demo.err")" >&2; exit 1
fi
# The printed logins: "  role  email  password  name"; one per role (the first).
logins=$(awk '/^Входы/ {on=1; next} on && NF >= 3 && $2 ~ /@/ {print $1, $2, $3}' "$tmp/demo.out")
if [ -z "$logins" ]; then echo "FAIL web_e2e: no logins in the demo's output" >&2; exit 1; fi
export VO_LOGINS="$logins"
# a handler reading a query parameter its route does not declare aborts the
# server (src/http/api_query.c): the browser tests, the own servers of
# browser.mjs too, keep the OpenAPI document's parameters complete
export VO_STRICT_QUERY=1

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$VO" serve --db "$db" --listen "127.0.0.1:$port" --web "$root/web" --threads 2 --quiet --rate-limit 0 --webhooks-private \
  >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' \
      "http://127.0.0.1:$port/api/v1/health" 2>/dev/null; then break; fi
  sleep 0.1
done

export VO_BASE="http://127.0.0.1:$port"
export VO_SHOTS="${VO_SHOTS:-$(dirname "$VO")/screenshots}"
export CHROMIUM
mkdir -p "$VO_SHOTS"
rm -f "$VO_SHOTS"/*.png   # only this run's screens
cd "$root"
node --test --test-concurrency=1 --test-reporter=spec ${VO_WEB_TESTS:-"$here"/*.test.mjs}
rc=$?
# a test's own exit code is never mistaken for the skip
if [ $rc -eq $SKIP ]; then rc=1; fi
if [ $rc -ne 0 ]; then echo "--- server log ---" >&2; tail -n 40 "$tmp/serve.log" >&2; fi
echo "screenshots: $VO_SHOTS"
exit $rc
