#!/usr/bin/env bash
# client.sh - a typed client from the OpenAPI document: a server on a fresh
# database serves its document; openapi-typescript (web/package.json)
# turns it into TypeScript types; tsc --strict type-checks
# tests/openapi/client.ts against them and compiles it; node runs it
# against the server (sign in, list, create and update a deal).
set -euo pipefail
: "${VO:?the voronka binary}" "${VO_SOURCE_DIR:?the source tree}"
bin="$VO_SOURCE_DIR/web/node_modules/.bin"
[ -x "$bin/openapi-typescript" ] && [ -x "$bin/tsc" ] ||
  { echo "client: openapi-typescript or tsc missing: run scripts/deps.sh" >&2; exit 1; }
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$VO" init --db "$tmp/t.db" --org "Клиент" --admin admin@client.test >"$tmp/init.out"
password=$(awk '/^Пароль:/ {print $2}' "$tmp/init.out")
[ -n "$password" ] || { echo "client: no password in init's output" >&2; cat "$tmp/init.out" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$VO" serve --db "$tmp/t.db" --listen "127.0.0.1:$port" --quiet 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" -o "$tmp/openapi.json" && break
  sleep 0.1
done
[ -s "$tmp/openapi.json" ] || { echo "client: no document from the server" >&2; cat "$tmp/serve.log" >&2; exit 1; }
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
"$bin/openapi-typescript" "$tmp/openapi.json" -o "$tmp/voronka.d.ts" >/dev/null 2>&1 ||
  { "$bin/openapi-typescript" "$tmp/openapi.json" -o /dev/null; exit 1; }
cp "$VO_SOURCE_DIR/tests/openapi/client.ts" "$tmp/"
cd "$tmp"
"$bin/tsc" --strict --target es2022 --lib es2022,dom --module commonjs \
  --outDir out client.ts || { echo "client: tsc failed" >&2; exit 1; }
node out/client.js "http://127.0.0.1:$port" admin@client.test "$password"
