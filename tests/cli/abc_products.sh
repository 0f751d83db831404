#!/usr/bin/env bash
# `voronka report abc-xyz --of products` end to end (docs/reports.md, "ABC
# of products") on tests/cli/data/abc_products as of the end of 2026-11-30
# (E = 2026-12-01 00:00 Moscow; the window 2025-12-01 .. 2026-11-30), in
# JSON, table and CSV; and --of clients answers as without --of.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
#  D1 won 2026-11-30 23:30 (last minutes of the window), 5 000,00, PR1 Касса
#  D2 won 2025-12-01 00:10 (first minutes), 3 000,00, PR2 Сканер
#  D3 won 2026-12-01 00:10 (after as_of), PR1: out
#  D4 won 2026-05-05, 700,00, no product: unassigned 70000
#  D5 won 2026-03-03, 500,00, PR3 Лента
#  D6 lost, PR3: out; D7 won 2025-11-30 23:30 (before the window), PR2: out
#  total 850000: PR1 500000 A (before 0, cum 0.588235...), PR2 300000 A
#  (before 58.8%, cum 800000/850000), PR3 50000 B (before 94.1%, cum 1).
#  Classes: A {2, 800000}, B {1, 50000}, C {0, 0}.
. "$(dirname "$0")/common.bash"
db=$(new_db abc)
d="$tmp/in"
data_dir abc_products "$d"
init_and_import "$d"

expect_rc 0 "$VO" report abc-xyz --of products --db "$db" --as-of 2026-11-30 --format json
cp "$tmp/out" "$tmp/p.json"
py_checks <<'PY'
a = json.load(open(d + "/p.json"))
eq("keys", list(a.keys()), ["of", "from", "to", "as_of", "basis", "total", "unassigned",
   "products", "classes"])
eq("of", a["of"], "products")
eq("window", (a["from"], a["to"], a["as_of"]), ("2025-12-01", "2026-11-30", "2026-12-01T00:00:00+03:00"))
eq("basis", a["basis"], "revenue")
eq("total", a["total"], 850000)
eq("unassigned", a["unassigned"], 70000)
eq("row keys", list(a["products"][0].keys()),
   ["product_id", "ext_id", "name", "category", "revenue", "share", "cum_share", "abc",
    "deals_won", "quantity"])
eq("rows", [(p["ext_id"], p["name"], p["category"], p["revenue"], p["abc"], p["deals_won"],
   p["quantity"]) for p in a["products"]],
   [("PR1", "Касса", "Оборудование", 500000, "A", 1, 1),
    ("PR2", "Сканер", "Оборудование", 300000, "A", 1, 1),
    ("PR3", "Лента", "Расходники", 50000, "B", 1, 1)])
eq("PR2 cum", abs(a["products"][1]["cum_share"] - 800000 / 850000) < 1e-12, True)
eq("PR3 share", abs(a["products"][2]["share"] - 50000 / 850000) < 1e-12, True)
eq("classes", a["classes"], {"A": {"products": 2, "revenue": 800000},
   "B": {"products": 1, "revenue": 50000}, "C": {"products": 0, "revenue": 0}})
PY

# --of clients is the default: the very same bytes
expect_rc 0 "$VO" report abc-xyz --db "$db" --as-of 2026-11-30 --format json
cp "$tmp/out" "$tmp/c1.json"
expect_rc 0 "$VO" report abc-xyz --of clients --db "$db" --as-of 2026-11-30 --format json
cmp -s "$tmp/out" "$tmp/c1.json" && ok || bad "--of clients differs from the default"
grep -q '"clients":' "$tmp/c1.json" && ok || bad "default is not the clients' report"

# the table: a Russian title, the classes and the rows
expect_rc 0 "$VO" report abc-xyz --of products --db "$db" --as-of 2026-11-30
grep -q "^Товары: ABC, 2025-12-01 — 2026-11-30, база: выручка выигранных сделок" "$tmp/out" && ok || bad "table title: $(cat "$tmp/out")"
grep -q "^Касса .* A " "$tmp/out" && ok || bad "table row: $(cat "$tmp/out")"
# CSV: a header and three rows
expect_rc 0 "$VO" report abc-xyz --of products --db "$db" --as-of 2026-11-30 --format csv
csv_rows "$tmp/out" >"$tmp/rows" && ok || bad "csv does not parse: $(cat "$tmp/out")"
[ "$(wc -l <"$tmp/rows")" -eq 4 ] && ok || bad "csv lines: $(cat "$tmp/rows")"
grep -q '^product_id|ext_id|name|category|revenue|share|cum_share|abc|deals_won|quantity$' "$tmp/rows" && ok || bad "csv header: $(cat "$tmp/rows")"
grep -q '^[0-9]*|PR3|Лента|Расходники|50000|[0-9.]*|1|B|1|1$' "$tmp/rows" && ok || bad "csv row: $(cat "$tmp/rows")"
# a bad --of is refused naming it (exit 2)
expect_rc 2 "$VO" report abc-xyz --of goods --db "$db" --as-of 2026-11-30 --format json
grep -q "of" "$tmp/err" && grep -q "goods" "$tmp/err" && ok || bad "bad of: $(cat "$tmp/err")"
finish
