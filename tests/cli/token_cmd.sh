#!/usr/bin/env bash
# `voronka token create | list | revoke` end to end (docs/cli.md, "API
# tokens"): a token with its scopes and expiry, its row in the database,
# the list, the bounds, and a revoke.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
db=$(new_db tok)
"$VO" init --db "$db" --empty --org "ООО Тест" --tz Europe/Moscow --currency RUB --admin boss@t.ru \
  >"$tmp/out" 2>&1 && ok || bad "init: $(cat "$tmp/out")"
row() { # the scopes and whether expires_at is set of token $1
  python3 - "$(sql "$db" "SELECT scopes, expires_at, revoked_at FROM api_tokens WHERE id = $1")" <<'PY'
import sys, time
r = [None if v == "" else int(v) for v in sys.argv[1].split("|")]
days = None if r[1] is None else round((r[1] - time.time()) / 86400)
print(f"{r[0]} {days} {'revoked' if r[2] else 'active'}")
PY
}

export LC_ALL=C.UTF-8 LANG=C.UTF-8
expect_rc 0 "$VO" token create --db "$db" --user boss@t.ru --name "1С" --scopes read,reports --expires-days 90
grep -q "^Created token 1 for boss@t.ru: scopes read,reports, expires " "$tmp/out" && ok || bad "create says: $(cat "$tmp/out")"
grep -Eq "^Token: [0-9a-f]{64}   \(shown once\)$" "$tmp/out" && ok || bad "no secret: $(cat "$tmp/out")"
[ "$(row 1)" = "5 90 active" ] && ok || bad "row 1: $(row 1)"
# the default scopes, no expiry
expect_rc 0 "$VO" token create --db "$db" --user boss@t.ru --name "sync"
[ "$(row 2)" = "7 None active" ] && ok || bad "row 2: $(row 2)"
# the list
expect_rc 0 "$VO" token list --db "$db"
grep -q "read,reports" "$tmp/out" && grep -q "read,write,reports" "$tmp/out" && ok || bad "list: $(cat "$tmp/out")"
# bounds and errors
expect_rc 2 "$VO" token create --db "$db" --user boss@t.ru --name x --scopes read,delete
grep -q "not a scope" "$tmp/err" && ok || bad "bad scope: $(cat "$tmp/err")"
expect_rc 1 "$VO" token create --db "$db" --user boss@t.ru --name x --expires-days 1831
expect_rc 1 "$VO" token create --db "$db" --name x
expect_rc 2 "$VO" token create --db "$db" --user nobody@t.ru --name x
# revoke
expect_rc 0 "$VO" token revoke --db "$db" 1
[ "$(row 1)" = "5 90 revoked" ] && ok || bad "revoked: $(row 1)"
expect_rc 2 "$VO" token revoke --db "$db" 1
expect_rc 1 "$VO" token revoke --db "$db" x
finish
