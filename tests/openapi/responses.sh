#!/usr/bin/env bash
# responses.sh RECORD_DIR - the unit tests' recorded exchanges validated
# with ajv against the document a fresh server serves
# (tests/openapi/responses.mjs). The cleanup of ctest's openapi_records
# fixture: it runs after every unit test that recorded. Without records
# (a run of tests that are not API tests) there is nothing to check.
set -euo pipefail
dir=${1:?the records directory}
if ! compgen -G "$dir/*.jsonl" >/dev/null; then
  echo "no API exchanges were recorded in this run: nothing to validate"
  exit 0
fi
source "$(dirname "$0")/serve.bash"
[ -f "$VO_SOURCE_DIR/web/node_modules/ajv/package.json" ] ||
  { echo "responses: ajv missing: run scripts/deps.sh" >&2; exit 1; }
openapi_serve responses
node "$VO_SOURCE_DIR/tests/openapi/responses.mjs" "$tmp/openapi.json" "$dir"
# the check can fail: a deal without its members is refused
mkdir "$tmp/bad"
echo '{"method":"get","path":"/api/v1/deals/{id}","status":200,"url":"/api/v1/deals/1","response":{"id":"one"}}' \
  >"$tmp/bad/canary.jsonl"
if node "$VO_SOURCE_DIR/tests/openapi/responses.mjs" "$tmp/openapi.json" "$tmp/bad" >"$tmp/bad.out" 2>&1; then
  echo "responses: a deal without its members passed the check" >&2
  exit 1
fi
grep -q "canary.jsonl:1: GET /api/v1/deals/1 -> 200: the response" "$tmp/bad.out" ||
  { echo "responses: the refusal does not name the record:" >&2; cat "$tmp/bad.out" >&2; exit 1; }
