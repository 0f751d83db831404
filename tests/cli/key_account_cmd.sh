#!/usr/bin/env bash
# `voronka key-account list|plan set|plan delete` end to end (docs/cli.md,
# "Key accounts"): the plan of a key account through the use case of PUT /
# DELETE /api/v1/key-accounts/{id}/plans/{month}, by external id and by id,
# its bounds and errors, the audit rows, and `list` as the report
# key-accounts. The data: tests/cli/data/abc_xyz with C1 and C2 made key
# accounts (C3 is not one), as tests/cli/key_accounts.sh.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
db=$(new_db kac)
d="$tmp/in"
data_dir abc_xyz "$d"
python3 - "$d/clients.csv" <<'PY'
import sys
p = sys.argv[1]
rows = open(p, encoding="utf-8").read().splitlines()
key = {"id": "key_account", "C1": "1", "C2": "1", "C3": "0"}
open(p, "w", encoding="utf-8").write("\n".join(r + "," + key[r.split(",")[0]] for r in rows) + "\n")
PY
init_and_import "$d"
plans() { # the plan rows as "ext month target;..."
  sql "$db" "SELECT c.ext_id || ' ' || p.month || ' ' || p.target FROM key_account_plans p
    JOIN clients c ON c.id = p.client_id ORDER BY c.ext_id, p.month" | joined ';'
}
audits() { # the count of audit rows of action $1 (a word: dots and underscores)
  sql "$db" "SELECT count(*) FROM audit_log WHERE action = '$1'"
}

# set by external id, in major units (2 000,00 = 200000 minor units)
expect_rc 0 "$VO" key-account plan set --db "$db" --client C1 --month 2026-11 --amount 2000
grep -q "^Plan of C1 for 2026-11: 2.000,00$" "$tmp/out" && ok || bad "set says: $(cat "$tmp/out")"
[ "$(plans)" = "C1 2026-11 200000" ] && ok || bad "plans after set: $(plans)"
[ "$(audits key_account_plan.set)" = 1 ] && ok || bad "audit set: $(audits key_account_plan.set)"
# set again by id: replaces it (150050 minor units)
c2=$(sql "$db" "SELECT id FROM clients WHERE ext_id = 'C2'")
expect_rc 0 "$VO" key-account plan set --db "$db" --client C1 --month 2026-11 --amount 1500.5
expect_rc 0 "$VO" key-account plan set --db "$db" --client "$c2" --month 2026-12 --amount 0
[ "$(plans)" = "C1 2026-11 150050;C2 2026-12 0" ] && ok || bad "plans after the second set: $(plans)"

# list: the report key-accounts with the plan just set
expect_rc 0 "$VO" key-account list --db "$db" --period 2026-11 --as-of 2026-11-30 --format json
py_checks <<'PY'
a = json.load(open(d + "/out"))
eq("plan", a["plan"], 150050)
eq("rows", [(c["ext_id"], c["plan"]) for c in a["clients"]], [("C2", None), ("C1", 150050)])
PY

# the use case's errors, each naming its field, nothing written
before=$(plans)
expect_rc 2 "$VO" key-account plan set --db "$db" --client C3 --month 2026-11 --amount 10
grep -q "client_id: client [0-9]* is not a key account" "$tmp/err" && ok || bad "C3: $(cat "$tmp/err")"
expect_rc 2 "$VO" key-account plan set --db "$db" --client NOPE --month 2026-11 --amount 10
grep -q "client: no client with external id or id NOPE" "$tmp/err" && ok || bad "NOPE: $(cat "$tmp/err")"
expect_rc 2 "$VO" key-account plan set --db "$db" --client C1 --month 1999-12 --amount 10
grep -q "month: month 1999-12 is outside 2000-01..2100-12" "$tmp/err" && ok || bad "1999-12: $(cat "$tmp/err")"
expect_rc 2 "$VO" key-account plan set --db "$db" --client C1 --month 2026-13 --amount 10
grep -q "^voronka: month: " "$tmp/err" && ok || bad "2026-13: $(cat "$tmp/err")"
expect_rc 2 "$VO" key-account plan set --db "$db" --client C1 --month 2026-11 --amount 10000000000001
grep -q "target: target is from 0 to 1000000000000000 minor units" "$tmp/err" && ok || bad "too much: $(cat "$tmp/err")"
expect_rc 2 "$VO" key-account plan set --db "$db" --client C1 --month 2026-11 --amount 1.234
grep -q "^voronka: amount: " "$tmp/err" && ok || bad "1.234: $(cat "$tmp/err")"
[ "$(plans)" = "$before" ] && ok || bad "written by a refused set: $(plans)"
# usage
expect_rc 1 "$VO" key-account plan set --db "$db" --client C1 --month 2026-11
expect_rc 1 "$VO" key-account plan --db "$db"

# delete
expect_rc 0 "$VO" key-account plan delete --db "$db" --client C1 --month 2026-11
grep -q "^Plan of C1 for 2026-11 deleted$" "$tmp/out" && ok || bad "delete says: $(cat "$tmp/out")"
[ "$(plans)" = "C2 2026-12 0" ] && ok || bad "plans after delete: $(plans)"
[ "$(audits key_account_plan.delete)" = 1 ] && ok || bad "audit delete: $(audits key_account_plan.delete)"
# Russian
expect_rc 0 env LC_ALL=ru_RU.UTF-8 "$VO" key-account plan delete --db "$db" --client C2 --month 2026-12
grep -q "^План C2 на 2026-12 удалён$" "$tmp/out" && ok || bad "ru: $(cat "$tmp/out")"
finish
