# serve.bash - sourced by lint.sh and client.sh: a fresh database with its
# administrator, served by `voronka serve` on a free port of 127.0.0.1, and
# the document it serves in $tmp/openapi.json. Sets tmp, port and
# password (the administrator's, admin@openapi.test); at exit the server
# stops and $tmp goes.
: "${VO:?the voronka binary}" "${VO_SOURCE_DIR:?the source tree}"

openapi_serve() { # NAME (the test's, for its messages)
  tmp=$(mktemp -d)
  pid=
  trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
  "$VO" init --db "$tmp/t.db" --org "OpenAPI" --admin admin@openapi.test >"$tmp/init.out"
  password=$(awk '/^Пароль:/ {print $2}' "$tmp/init.out")
  [ -n "$password" ] || { echo "$1: no password in init's output" >&2; cat "$tmp/init.out" >&2; exit 1; }
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$VO" serve --db "$tmp/t.db" --listen "127.0.0.1:$port" --quiet 2>"$tmp/serve.log" &
  pid=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" -o "$tmp/openapi.json" && break
    sleep 0.1
  done
  [ -s "$tmp/openapi.json" ] || { echo "$1: no document from the server" >&2; cat "$tmp/serve.log" >&2; exit 1; }
  # no network: no telemetry, no update check (@redocly's libraries)
  export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
}
