#!/usr/bin/env bash
# complete.sh - every operation of the document a fresh server serves has
# the schema of what it answers and reads (tests/openapi/complete.mjs).
set -euo pipefail
source "$(dirname "$0")/serve.bash"
openapi_serve complete
node "$VO_SOURCE_DIR/tests/openapi/complete.mjs" "$tmp/openapi.json"
