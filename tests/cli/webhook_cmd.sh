#!/usr/bin/env bash
# `voronka webhook list|add|remove|test|enable` end to end (docs/webhooks.md):
# a webhook added through the use case of POST /api/v1/webhooks (its
# secret printed once), listed, a test delivery to a receiver in Python
# that checks the signature, a test delivery to nobody, the bad url and
# event errors naming the field, the audit rows, removal; Russian; serve's
# --webhook-backoff and its config key refused out of bounds.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
db=$(new_db wh)
"$VO" init --db "$db" --empty --org "ООО Тест" --tz Europe/Moscow --currency RUB --admin boss@t.ru \
  >"$tmp/out" 2>&1 && ok || bad "init: $(cat "$tmp/out")"
audits() { # the count of audit rows of action $1 (a word: dots and underscores)
  sql "$db" "SELECT count(*) FROM audit_log WHERE action = '$1'"
}
# the receiver: answers 204 to a POST whose signature verifies with the
# secret in $tmp/secret, 400 otherwise; writes what it got to $tmp/got
cat >"$tmp/rx.py" <<'PY'
import hashlib, hmac, http.server, sys
secret_file, got_file, port_file = sys.argv[1:4]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        key = open(secret_file).read().strip().encode()
        want = "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()
        good = hmac.compare_digest(want, self.headers.get("X-Voronka-Signature", ""))
        open(got_file, "a").write(f"{self.headers['X-Voronka-Event']} {good}\n")
        self.send_response(204 if good else 400)
        self.end_headers()
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(port_file, "w").write(str(s.server_address[1]))
s.serve_forever()
PY
: >"$tmp/secret"
python3 "$tmp/rx.py" "$tmp/secret" "$tmp/got" "$tmp/port" &
rx=$!
trap 'kill $rx 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
port=$(cat "$tmp/port")

expect_rc 0 "$VO" webhook add --db "$db" --url "http://127.0.0.1:$port/in" \
  --events deal.created,deal.stage_changed
grep -Eq "^Webhook 1 added; its secret \(shown once\): [0-9a-f]{64}$" "$tmp/out" && ok ||
  bad "add says: $(cat "$tmp/out")"
sed -E 's/.*: ([0-9a-f]{64})$/\1/' "$tmp/out" >"$tmp/secret"
[ "$(audits webhook.create)" = 1 ] && ok || bad "audit create"
expect_rc 0 "$VO" webhook list --db "$db"
printf '1\thttp://127.0.0.1:%s/in\tdeal.created,deal.stage_changed\tactive\n' "$port" |
  cmp -s - "$tmp/out" && ok || bad "list: $(cat "$tmp/out")"
# a test delivery, signed (--private: the receiver is on this host)
expect_rc 0 "$VO" webhook test --db "$db" --id 1 --private
grep -q "^Test delivery 1 delivered: HTTP 204$" "$tmp/out" && ok || bad "test: $(cat "$tmp/out")"
[ "$(cat "$tmp/got")" = "webhook.test True" ] && ok || bad "receiver got: $(cat "$tmp/got")"
# errors name the field
expect_rc 2 "$VO" webhook add --db "$db" --url "ftp://x/" --events deal.won
grep -q "url" "$tmp/err" && ok || bad "bad url: $(cat "$tmp/err")"
expect_rc 2 "$VO" webhook add --db "$db" --url "http://x/" --events deal.won,deal.burnt
grep -q 'unknown webhook event "deal.burnt"' "$tmp/err" && ok || bad "bad event: $(cat "$tmp/err")"
expect_rc 1 "$VO" webhook add --db "$db" --url "http://x/"
expect_rc 1 "$VO" webhook fly --db "$db"
expect_rc 2 "$VO" webhook remove --db "$db" --id 99
# a receiver that is not there: not delivered, exit 2
kill $rx; wait $rx 2>/dev/null
expect_rc 2 "$VO" webhook test --db "$db" --id 1 --private
grep -q "^Test delivery 2 not delivered: " "$tmp/out" && ok || bad "nobody: $(cat "$tmp/out")"
# without --private an address of this host is refused before connecting
expect_rc 2 "$VO" webhook test --db "$db" --id 1
grep -q "^Test delivery 3 not delivered: refused: 127.0.0.1 is a local or private network address" "$tmp/out" \
  && ok || bad "private refused: $(cat "$tmp/out")"
expect_rc 0 "$VO" webhook enable --db "$db" --id 1
grep -q "^Webhook 1 enabled$" "$tmp/out" && ok || bad "enable: $(cat "$tmp/out")"
# Russian, then removal
expect_rc 0 env LC_ALL=ru_RU.UTF-8 "$VO" webhook remove --db "$db" --id 1
grep -q "^Вебхук 1 удалён$" "$tmp/out" && ok || bad "ru: $(cat "$tmp/out")"
[ "$(audits webhook.delete)" = 1 ] && ok || bad "audit delete"
expect_rc 0 "$VO" webhook list --db "$db"
[ ! -s "$tmp/out" ] && ok || bad "list after remove: $(cat "$tmp/out")"
# serve's back-off: --webhook-backoff or [webhooks] backoff, 1s to 1d
expect_rc 1 "$VO" serve --db "$db" --webhook-backoff 0s
grep -q -- '--webhook-backoff: "0s" is not a duration of 1s to 1d' "$tmp/err" && ok ||
  bad "backoff 0s: $(cat "$tmp/err")"
printf '[webhooks]\nbackoff = 2d\n' >"$tmp/bad.conf"
expect_rc 1 "$VO" serve --db "$db" --config "$tmp/bad.conf"
printf '[webhooks]\nbackof = 5s\n' >"$tmp/bad.conf"
expect_rc 2 "$VO" serve --db "$db" --config "$tmp/bad.conf"
grep -q "unknown key backof in \[webhooks\]" "$tmp/err" && ok || bad "config key: $(cat "$tmp/err")"
finish
