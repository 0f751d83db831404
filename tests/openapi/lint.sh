#!/usr/bin/env bash
# lint.sh - the OpenAPI document as a server serves it (GET
# /api/v1/openapi.json on a fresh database), linted by @redocly/cli
# (web/package.json, installed by scripts/deps.sh) with the recommended
# rules: any error fails the test; the summary is printed.
set -euo pipefail
: "${VO:?the voronka binary}" "${VO_SOURCE_DIR:?the source tree}"
cli="$VO_SOURCE_DIR/web/node_modules/@redocly/cli/bin/cli.js"
[ -f "$cli" ] || { echo "lint: $cli missing: run scripts/deps.sh" >&2; exit 1; }
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$VO" init --db "$tmp/t.db" --org "Линт" --admin admin@lint.test >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$VO" serve --db "$tmp/t.db" --listen "127.0.0.1:$port" --quiet 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" -o "$tmp/openapi.json" && break
  sleep 0.1
done
[ -s "$tmp/openapi.json" ] || { echo "lint: no document from the server" >&2; cat "$tmp/serve.log" >&2; exit 1; }
# no network: no telemetry, no update check
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
cd "$tmp"
node "$cli" lint --config "$VO_SOURCE_DIR/tests/openapi/redocly.yaml" --format=stylish \
  openapi.json
