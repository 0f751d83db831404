#!/usr/bin/env bash
# lint.sh - the OpenAPI document as a server serves it (GET
# /api/v1/openapi.json on a fresh database), linted by @redocly/cli
# (web/package.json, installed by scripts/deps.sh) with the recommended
# rules: any error fails the test; the summary is printed.
set -euo pipefail
source "$(dirname "$0")/serve.bash"
cli="$VO_SOURCE_DIR/web/node_modules/@redocly/cli/bin/cli.js"
[ -f "$cli" ] || { echo "lint: $cli missing: run scripts/deps.sh" >&2; exit 1; }
openapi_serve lint
cd "$tmp"
node "$cli" lint --config "$VO_SOURCE_DIR/tests/openapi/redocly.yaml" --format=stylish \
  openapi.json
