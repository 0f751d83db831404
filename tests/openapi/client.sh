#!/usr/bin/env bash
# client.sh - a typed client from the OpenAPI document: a server on a fresh
# database serves its document; openapi-typescript (web/package.json)
# turns it into TypeScript types; tsc --strict type-checks
# tests/openapi/client.ts against them and compiles it; node runs it
# against the server (sign in, list, create and update a deal).
set -euo pipefail
source "$(dirname "$0")/serve.bash"
bin="$VO_SOURCE_DIR/web/node_modules/.bin"
[ -x "$bin/openapi-typescript" ] && [ -x "$bin/tsc" ] ||
  { echo "client: openapi-typescript or tsc missing: run scripts/deps.sh" >&2; exit 1; }
openapi_serve client
"$bin/openapi-typescript" "$tmp/openapi.json" -o "$tmp/voronka.d.ts" >/dev/null 2>&1 ||
  { "$bin/openapi-typescript" "$tmp/openapi.json" -o /dev/null; exit 1; }
cp "$VO_SOURCE_DIR/tests/openapi/client.ts" "$tmp/"
cd "$tmp"
"$bin/tsc" --strict --target es2022 --lib es2022,dom --module commonjs \
  --outDir out client.ts || { echo "client: tsc failed" >&2; exit 1; }
node out/client.js "http://127.0.0.1:$port" admin@openapi.test "$password"
