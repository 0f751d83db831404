#!/usr/bin/env bash
# `voronka report abc-xyz` and `voronka report at-risk` end to end
# (docs/reports.md, "ABC / XYZ of clients", "Clients at risk") on
# tests/cli/data/abc_xyz as of the end of 2026-11-30 (E = 2026-12-01 00:00
# Moscow; the window 2025-12-01 .. 2026-11-30; XYZ months 2025-11 ..
# 2026-10; the 90 quiet days from 2026-09-02), in JSON, table and CSV.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
#  C1 ООО Ромашка (Иван, web): 1 000,00 on the 15th of every month 2025-11
#     .. 2026-10: in the window 11 months = 1100000 kopecks; the series is
#     flat: cv 0 -> X.
#  C2 ООО Лютик (Пётр): a payment of its deal D1 with no client of its own,
#     10 000,00 at 2026-11-30 23:30 (in) and 9,99 at 2026-12-01 00:10
#     (after as_of): 1000000; no payment in the 12 full months: xyz null.
#  C3 АО Василёк (Иван, no channel): 3 000,00 at 2026-06-10: 300000; one
#     month: cv = sqrt(11) -> Z.
#  total 2400000: C1 A (before 0, cum 1100000/2400000), C2 A (before
#  45.8%, cum 2100000/2400000 = 0.875), C3 B (before 87.5%, cum 1).
#  Matrix: AX {1, 1100000}, BZ {1, 300000}; C2 is in no cell.
#  At risk: C3 only (last paid 2026-06-10 12:00, before 09-02).
. "$(dirname "$0")/common.bash"
db=$(new_db abc)
d="$tmp/in"
data_dir abc_xyz "$d"
init_and_import "$d"

expect_rc 0 "$VO" report abc-xyz --db "$db" --as-of 2026-11-30 --format json
cp "$tmp/out" "$tmp/abc.json"
expect_rc 0 "$VO" report at-risk --db "$db" --as-of 2026-11-30 --format json
cp "$tmp/out" "$tmp/risk.json"
py_checks <<'PY'
import math
a = json.load(open(d + "/abc.json"))
eq("keys", list(a.keys()), ["from", "to", "as_of", "basis", "total", "clients", "matrix"])
eq("window", (a["from"], a["to"], a["as_of"]), ("2025-12-01", "2026-11-30", "2026-12-01T00:00:00+03:00"))
eq("basis", a["basis"], "payments")
eq("total", a["total"], 2400000)
eq("row keys", list(a["clients"][0].keys()),
   ["client_id", "ext_id", "name", "revenue", "share", "cum_share", "abc", "xyz", "cv"])
eq("rows", [(c["ext_id"], c["name"], c["revenue"], c["abc"], c["xyz"]) for c in a["clients"]],
   [("C1", "ООО Ромашка", 1100000, "A", "X"), ("C2", "ООО Лютик", 1000000, "A", None),
    ("C3", "АО Василёк", 300000, "B", "Z")])
eq("C1 cv", a["clients"][0]["cv"], 0)
eq("C2 cv", a["clients"][1]["cv"], None)
eq("C2 cum", a["clients"][1]["cum_share"], 0.875)
eq("C3 cv", abs(a["clients"][2]["cv"] - math.sqrt(11)) < 1e-9, True)
eq("cells", sorted(a["matrix"].keys()), ["AX", "AY", "AZ", "BX", "BY", "BZ", "CX", "CY", "CZ"])
eq("AX", a["matrix"]["AX"], {"clients": 1, "revenue": 1100000})
eq("BZ", a["matrix"]["BZ"], {"clients": 1, "revenue": 300000})
eq("empty", a["matrix"]["AZ"], {"clients": 0, "revenue": 0})
r = json.load(open(d + "/risk.json"))
eq("risk keys", list(r.keys()), ["from", "to", "as_of", "days", "clients", "churn"])
eq("risk rows", r["clients"], [{"client_id": r["clients"][0]["client_id"], "ext_id": "C3",
   "name": "АО Василёк", "owner_email": "ivan@t.ru", "last_paid_at": "2026-06-10T12:00:00+03:00",
   "revenue_12m": 300000}])
eq("churn months", [m["month"] for m in r["churn"]][0::11], ["2025-11", "2026-10"])
# 2026-10 (T 2026-11-01, quiet from 2026-08-03): base C1, C3; churned C3
eq("churn 2026-10", r["churn"][11], {"month": "2026-10", "base": 2, "churned": 1, "rate": 0.5})
PY

# the table: a Russian title and the matrix
expect_rc 0 "$VO" report abc-xyz --db "$db" --as-of 2026-11-30
grep -q "^Клиенты: ABC/XYZ, 2025-12-01 — 2026-11-30, база: платежи" "$tmp/out" && ok || bad "table title: $(cat "$tmp/out")"
grep -q "^ООО Лютик .* A  *—  *—$" "$tmp/out" && ok || bad "table row: $(cat "$tmp/out")"
expect_rc 0 "$VO" report at-risk --db "$db" --as-of 2026-11-30
grep -q "^АО Василёк  *ivan@t.ru  *2026-06-10 " "$tmp/out" && ok || bad "risk table: $(cat "$tmp/out")"
# CSV: a header and three rows
expect_rc 0 "$VO" report abc-xyz --db "$db" --as-of 2026-11-30 --format csv
csv_rows "$tmp/out" >"$tmp/rows" && ok || bad "csv does not parse: $(cat "$tmp/out")"
[ "$(wc -l <"$tmp/rows")" -eq 4 ] && ok || bad "csv lines: $(cat "$tmp/rows")"
grep -q '^client_id|ext_id|name|revenue|share|cum_share|abc|xyz|cv$' "$tmp/rows" && ok || bad "csv header: $(cat "$tmp/rows")"
grep -q '^[0-9]*|C2|ООО Лютик|1000000|[0-9.]*|0.875|A||$' "$tmp/rows" && ok || bad "csv row: $(cat "$tmp/rows")"
expect_rc 0 "$VO" report at-risk --db "$db" --as-of 2026-11-30 --format csv
csv_rows "$tmp/out" >"$tmp/rows" && ok || bad "risk csv: $(cat "$tmp/out")"
grep -q '^[0-9]*|C3|АО Василёк|ivan@t.ru|2026-06-10T12:00:00+03:00|300000$' "$tmp/rows" && ok || bad "risk csv row: $(cat "$tmp/rows")"
# a bad as_of is refused naming it (exit 2)
expect_rc 2 "$VO" report abc-xyz --db "$db" --as-of 2026-13-01 --format json
grep -q "as_of" "$tmp/err" && ok || bad "bad as_of: $(cat "$tmp/err")"
finish
