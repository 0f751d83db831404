#!/usr/bin/env bash
# pg_servers.sh - two voronka servers on one PostgreSQL database behind
# nginx (issue 15, item 3; docs/SCALING.md, "Several servers"): a session
# opened through one works through the other, a deal won through A is in
# the next plan-fact from B (its dataset loaded before the win), a new
# deal and its move too, and a sign-out through one ends the session on
# both at once (not after the credential cache's 30 s). The limits are
# shared: an API token's requests alternating between the servers count
# in one bucket (429 at the burst, RateLimit-Remaining falling across
# both), and wrong passwords through A count on B (the sixth is 429
# `throttled` whichever server gets it).
#
# Needs the throwaway cluster (the pg_cluster fixture: $VO_PG_URL_FILE)
# and nginx (scripts/deps.sh); exits 77 (skipped) without nginx.
source "$(dirname "$0")/common.bash"

nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || { echo "nginx is not installed: skipped"; exit 77; }
base=$(cat "${VO_PG_URL_FILE:?the pg_cluster fixture}")
name="vo_servers_$$"
psql "$base" -qc "CREATE DATABASE $name" >/dev/null
url="${base%/*}/$name"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null
  wait 2>/dev/null
  psql "$base" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

LC_ALL=C.UTF-8 LC_MESSAGES=C "$VO" init --db "$url" --org "ООО Два сервера" --tz Europe/Moscow \
  --currency RUB --admin admin@t.ru >"$tmp/init" 2>&1 || { cat "$tmp/init"; exit 1; }
pass_admin=$(awk '/^(Password|Пароль):/ {print $2}' "$tmp/init")
[ -n "$pass_admin" ] && ok || bad "no password in: $(cat "$tmp/init")"

port_a=$(free_port); port_b=$(free_port); port_lb=$(free_port)
# a rate limit of one request a minute in bursts of 40: the test's own
# requests by the session stay within it, and the token's below empty it
# before a request is back
burst=40
"$VO" serve --db "$url" --listen "127.0.0.1:$port_a" --rate-limit 1 --rate-burst $burst \
  >"$tmp/a.log" 2>&1 &
pids+=($!)
"$VO" serve --db "$url" --listen "127.0.0.1:$port_b" --rate-limit 1 --rate-burst $burst \
  >"$tmp/b.log" 2>&1 &
pids+=($!)
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx.conf" <<EOF
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx;
  fastcgi_temp_path $tmp/nginx; uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
  upstream voronka { server 127.0.0.1:$port_a; server 127.0.0.1:$port_b; }
  server {
    listen 127.0.0.1:$port_lb;
    location / { proxy_pass http://voronka; proxy_next_upstream off; }
  }
}
EOF
"$nginx_bin" -c "$tmp/nginx.conf" -p "$tmp/nginx" >"$tmp/nginx.out" 2>&1 &
pids+=($!)
for port in "$port_a" "$port_b" "$port_lb"; do
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/health" && break
    sleep 0.1
  done
done

lb="http://127.0.0.1:$port_lb"
a="http://127.0.0.1:$port_a"
b="http://127.0.0.1:$port_b"
jar="$tmp/jar"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# A session opened through the balancer works on both servers.
curl -s -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"admin@t.ru\",\"password\":\"$pass_admin\"}" "$lb/api/v1/session" >"$tmp/login"
csrf=$(json 'd["csrf_token"]' <"$tmp/login" 2>/dev/null)
[ -n "$csrf" ] && ok || bad "login: $(cat "$tmp/login")"
for s in "$a" "$b"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$s/api/v1/session")
  [ "$code" = 200 ] && ok || bad "the session on $s: $code"
done
post() { # server path body
  curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' -d "$3" "$1$2"
}
revenue() { # server: the org's revenue fact this month
  curl -s -b "$jar" "$1/api/v1/reports/plan-fact?period=month" |
    json 'd["rows"][0]["metrics"]["revenue"]["fact"]'
}
won() { # server: the org's deals won this month
  curl -s -b "$jar" "$1/api/v1/reports/plan-fact?period=month" |
    json 'd["rows"][0]["metrics"]["deals_won"]["fact"]'
}
# waits up to 5 s for the expression to hold (a note travels in ms)
eventually() { # what command... (prints the last value)
  local want=$1 got=""; shift
  for _ in $(seq 50); do
    got=$("$@")
    [ "$got" = "$want" ] && break
    sleep 0.1
  done
  echo "$got"
}

# B's dataset is loaded before the writes (its first report).
expect_eq() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
expect_eq "B's revenue before" "$(revenue "$b")" "0"
expect_eq "B's won deals before" "$(won "$b")" "0"

# A deal created and won through A is in B's next plan-fact.
post "$a" /api/v1/deals '{"title":"Стеллажи","amount":1250000,"pipeline":"Продажи"}' >"$tmp/deal"
deal=$(json 'd["id"]' <"$tmp/deal" 2>/dev/null)
[ -n "$deal" ] && ok || bad "deal: $(cat "$tmp/deal")"
post "$a" "/api/v1/deals/$deal/win" '{}' >"$tmp/win"
grep -q '"status": *"won"' "$tmp/win" && ok || bad "win: $(cat "$tmp/win")"
expect_eq "A's revenue" "$(revenue "$a")" "1250000"
expect_eq "B's revenue after A's win" "$(eventually 1250000 revenue "$b")" "1250000"
expect_eq "B's won deals after A's win" "$(eventually 1 won "$b")" "1"
# B did not reload for it: the row was applied in place (metrics)
curl -s "$b/metrics" >"$tmp/metrics_b"
grep -q '^voronka_cluster_notes_total [1-9]' "$tmp/metrics_b" && ok ||
  bad "B heard no note: $(grep cluster "$tmp/metrics_b")"

# ... and the other way round: reopened through B, gone from A's figures.
post "$b" "/api/v1/deals/$deal/reopen" '{}' >"$tmp/reopen"
expect_eq "A's revenue after B's reopen" "$(eventually 0 revenue "$a")" "0"

# An API token's bucket is one for both servers: its requests alternating
# between A and B empty it at the burst, whichever server counts.
post "$a" /api/v1/tokens '{"name":"Робот","scopes":["read"]}' >"$tmp/token"
token=$(json 'd["token"]' <"$tmp/token" 2>/dev/null)
[ -n "$token" ] && ok || bad "token: $(cat "$tmp/token")"
remaining_ok=1
for i in $(seq 0 $((burst - 1))); do
  s=$([ $((i % 2)) = 0 ] && echo "$a" || echo "$b")
  curl -s -D "$tmp/h" -o /dev/null -H "Authorization: Bearer $token" "$s/api/v1/session"
  code=$(awk 'NR == 1 {print $2}' "$tmp/h")
  left=$(awk -F': ' 'tolower($1) == "ratelimit-remaining" {print $2}' "$tmp/h" | tr -d '\r')
  if [ "$code" != 200 ] || [ "$left" != $((burst - 1 - i)) ]; then
    remaining_ok=0
    bad "token request $((i + 1)) on $s: $code, RateLimit-Remaining '$left', want $((burst - 1 - i))"
    break
  fi
done
[ $remaining_ok = 1 ] && ok
for s in "$a" "$b"; do
  curl -s -D "$tmp/h" -o "$tmp/limited" -H "Authorization: Bearer $token" "$s/api/v1/session"
  code=$(awk 'NR == 1 {print $2}' "$tmp/h")
  expect_eq "the token's request past its burst on $s" "$code" "429"
  expect_eq "its code" "$(json 'd["error"]["code"]' <"$tmp/limited")" "rate_limited"
  grep -qi '^retry-after: [1-9]' "$tmp/h" && ok || bad "no Retry-After: $(cat "$tmp/h")"
done

# A sign-out through A ends the session on B at once.
curl -s -o /dev/null -b "$jar" -X DELETE -H "X-CSRF-Token: $csrf" "$a/api/v1/session"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$a/api/v1/session")
expect_eq "the session on A after its sign-out" "$code" "401"
code=$(eventually 401 curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$b/api/v1/session")
expect_eq "the session on B after the sign-out on A" "$code" "401"

# Wrong passwords through A count on B: the pair (account, address) has
# five free failures in all, and the sixth is throttled on either server.
wrong() { # server: a wrong password for admin@t.ru; prints the status
  curl -s -o "$tmp/wrong" -D "$tmp/wrong_h" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"email":"admin@t.ru","password":"не тот"}' "$1/api/v1/session"
}
for i in 1 2 3 4 5; do
  s=$([ $((i % 2)) = 1 ] && echo "$a" || echo "$b")
  expect_eq "wrong password $i on $s" "$(wrong "$s")" "401"
done
for s in "$b" "$a"; do
  expect_eq "the sixth wrong password on $s" "$(wrong "$s")" "429"
  expect_eq "its code" "$(json 'd["error"]["code"]' <"$tmp/wrong")" "throttled"
  grep -qi '^retry-after: 1' "$tmp/wrong_h" && ok || bad "Retry-After: $(cat "$tmp/wrong_h")"
done

grep -i 'error\|sanitizer' "$tmp/a.log" "$tmp/b.log" && bad "server logs have errors" || ok
finish
