#!/usr/bin/env bash
# `voronka report key-accounts` end to end (docs/reports.md, "Key
# accounts") on tests/cli/data/abc_xyz with C1 and C2 made key accounts,
# month 2026-11 as of the end of 2026-11-30 (E = 2026-12-01 00:00 Moscow;
# the history 2025-12 .. 2026-11), in JSON, table and CSV.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
#  C1 ООО Ромашка (Иван, key), plan of 2026-11 2 000,00 (200000): 1 000,00
#     on the 15th of every month 2025-11 .. 2026-10: fact 0, pct 0;
#     history 2025-12 .. 2026-10 100000 each, 2026-11 0.
#  C2 ООО Лютик (Пётр, key), no plan: a payment of its deal D1 with no
#     client of its own, 10 000,00 at 2026-11-30 23:30 (in) and 9,99 at
#     2026-12-01 00:10 (after as_of): fact 1000000, pct null.
#  C3 АО Василёк (not a key account): not listed.
#  Rows by fact: C2, C1. Totals plan 200000, fact 1000000, pct 5.
. "$(dirname "$0")/common.bash"
db=$(new_db ka)
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
sql "$db" "INSERT INTO key_account_plans(org_id, client_id, month, target, updated_at)
  SELECT org_id, id, '2026-11', 200000, 0 FROM clients WHERE ext_id = 'C1'" && ok || bad "the plan row"

expect_rc 0 "$VO" report key-accounts --db "$db" --as-of 2026-11-30 --format json
cp "$tmp/out" "$tmp/ka.json"
expect_rc 0 "$VO" report key-accounts --db "$db" --period 2026-11 --as-of 2026-11-30 --format json
cmp -s "$tmp/out" "$tmp/ka.json" && ok || bad "--period 2026-11 is the month of as_of"
py_checks <<'PY'
a = json.load(open(d + "/ka.json"))
eq("keys", list(a.keys()), ["month", "as_of", "plan", "fact", "pct", "clients"])
eq("head", (a["month"], a["as_of"], a["plan"], a["fact"], a["pct"]),
   ("2026-11", "2026-12-01T00:00:00+03:00", 200000, 1000000, 5))
eq("row keys", list(a["clients"][0].keys()),
   ["client_id", "ext_id", "name", "owner_id", "owner", "owner_email", "plan", "fact", "pct",
    "history"])
eq("rows", [(c["ext_id"], c["name"], c["owner_email"], c["plan"], c["fact"], c["pct"])
            for c in a["clients"]],
   [("C2", "ООО Лютик", "petr@t.ru", None, 1000000, None),
    ("C1", "ООО Ромашка", "ivan@t.ru", 200000, 0, 0)])
h = a["clients"][1]["history"]
eq("months", [m["month"] for m in h][0::11], ["2025-12", "2026-11"])
eq("C1 payments", [m["payments"] for m in h], [100000] * 11 + [0])
eq("C2 november", a["clients"][0]["history"][11],
   {"month": "2026-11", "payments": 1000000, "won": 0, "won_amount": 0})
PY

# the table: a Russian title and the rows
expect_rc 0 "$VO" report key-accounts --db "$db" --as-of 2026-11-30
grep -q "^Ключевые клиенты, 2026-11: план 2.*000,00, факт 10.*000,00$" "$tmp/out" && ok || bad "table title: $(cat "$tmp/out")"
grep -q "^ООО Лютик .*—.*10.*000,00  *—$" "$tmp/out" && ok || bad "table row: $(cat "$tmp/out")"
# CSV: a header and two rows
expect_rc 0 "$VO" report key-accounts --db "$db" --as-of 2026-11-30 --format csv
csv_rows "$tmp/out" >"$tmp/rows" && ok || bad "csv does not parse: $(cat "$tmp/out")"
[ "$(wc -l <"$tmp/rows")" -eq 3 ] && ok || bad "csv lines: $(cat "$tmp/rows")"
grep -q '^client_id|ext_id|name|owner|plan|fact|pct$' "$tmp/rows" && ok || bad "csv header: $(cat "$tmp/rows")"
grep -q '^[0-9]*|C1|ООО Ромашка|[^|]*|200000|0|0$' "$tmp/rows" && ok || bad "csv row: $(cat "$tmp/rows")"
# a week is not a month (exit 2, naming period)
expect_rc 2 "$VO" report key-accounts --db "$db" --period week --as-of 2026-11-30 --format json
grep -q "period" "$tmp/err" && ok || bad "a week: $(cat "$tmp/err")"
finish
