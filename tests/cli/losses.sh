#!/usr/bin/env bash
# `voronka report losses` end to end: init -> import -> the deals lost in
# November 2026 by reason, manager and stage (docs/reports.md, "Loss
# reasons"), in JSON, table and CSV, against figures worked out by hand.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
db=$(new_db losses)

# The data (Europe/Moscow). Pipeline Продажи: Лид, Встреча, КП.
#  L1 Мария, lost 11-03 at Лид, 1 000,00, Дорого
#  L2 Мария, lost 11-05 at Встреча, 3 000,00, Дорого
#  L3 Пётр, lost 11-10 at Встреча, no amount, Выбрали конкурента
#  L4 Пётр, lost 11-12 at КП, 5 000,00, no reason
#  L5 Пётр, lost 10-31 23:59: before the period; W1 won: not a loss
# By hand: 4 deals, 900000 kopecks, 3 with an amount. Reasons: Дорого 2
#  (400000, share 0.5, money share 4/9), Выбрали конкурента 1 (0),
#  no reason 1 (500000; ties of count go by money: before the competitor).
#  Мария 2 / 400000 (top Дорого); Пётр 2 / 500000 (top: no reason, the
#  first of the reasons' order with his largest count).
#  Stages: Лид 1 / 100000, Встреча 2 / 300000, КП 1 / 500000.
imp="$tmp/import"
data_dir losses "$imp"

expect_rc 0 "$VO" init --db "$db" --empty --org "ООО Воронка" --tz Europe/Moscow --currency RUB --admin boss@test.ru
expect_rc 0 "$VO" import --db "$db" "$imp"
expect_rc 0 "$VO" report losses --db "$db" --period 2026-11 --as-of 2026-11-30 --format json
cp "$tmp/out" "$tmp/all.json"

py_checks <<'PY'
a = json.load(open(d + "/all.json"))
eq("from", a["from"], "2026-11-01")
eq("to", a["to"], "2026-11-30")
eq("pipeline (all)", a["pipeline"], None)
eq("total", a["total"], {"count": 4, "amount": 900000, "with_amount": 3})
eq("reasons", [(r["reason"], r["count"], r["amount"]) for r in a["reasons"]],
   [("Дорого", 2, 400000), (None, 1, 500000), ("Выбрали конкурента", 1, 0)])
eq("Дорого.share", a["reasons"][0]["share"], 0.5)
eq("Дорого.amount_share", a["reasons"][0]["amount_share"], 4 / 9)
eq("users", [(u["user"], u["count"], u["amount"], u["top_reason"]) for u in a["by_user"]],
   [("Мария Иванова", 2, 400000, "Дорого"), ("Пётр Сидоров", 2, 500000, None)])
eq("Пётр.reasons", [(r["reason"], r["count"]) for r in a["by_user"][1]["reasons"]],
   [(None, 1), ("Выбрали конкурента", 1)])
eq("stages", [(s["stage"], s["count"], s["amount"]) for s in a["by_stage"]],
   [("Лид", 1, 100000), ("Встреча", 2, 300000), ("КП", 1, 500000)])
PY

# the table: Russian headers, shares, the total with its plural (money
# grouped by a narrow no-break space, U+202F)
nb=$(printf '\342\200\257')
expect_rc 0 "$VO" report losses --db "$db" --period 2026-11 --as-of 2026-11-30
grep -q "^Дорого  *2  *50,0%  *4${nb}000,00  *44,4%" "$tmp/out" && ok || bad "table: Дорого row: $(cat "$tmp/out")"
grep -q "^(не указана)  *1  *25,0%  *5${nb}000,00  *55,6%" "$tmp/out" && ok || bad "table: no-reason row: $(cat "$tmp/out")"
grep -q "Проиграно 4 сделки на 9${nb}000,00 RUB; сумма указана у 3 из них." "$tmp/out" && ok || bad "table: total line: $(cat "$tmp/out")"
grep -q "^Пётр Сидоров  *2  *5${nb}000,00  *(не указана)" "$tmp/out" && ok || bad "table: Пётр's row: $(cat "$tmp/out")"
# CSV: the header, 3 reason lines, 3 (user, reason) lines, 4 (stage, reason) lines
expect_rc 0 "$VO" report losses --db "$db" --period 2026-11 --as-of 2026-11-30 --format csv
n=$(wc -l <"$tmp/out")
[ "$n" -eq 11 ] && ok || bad "csv: $n lines, want 11: $(cat "$tmp/out")"
csv_rows "$tmp/out" >"$tmp/rows" && ok || bad "csv does not parse: $(cat "$tmp/out")"
grep -q '^reason||Дорого|2|400000|2|0.5|' "$tmp/rows" && ok || bad "csv Дорого row: $(cat "$tmp/rows")"
grep -q '^stage|Встреча|Выбрали конкурента|1|0|0||$' "$tmp/rows" && ok || bad "csv stage row: $(cat "$tmp/rows")"
# October holds only L5; a month without losses says so
expect_rc 0 "$VO" report losses --db "$db" --period 2026-10 --as-of 2026-11-30 --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["total"]["count"] == 1 else 1)' "$tmp/out" && ok || bad "October: $(cat "$tmp/out")"
expect_rc 0 "$VO" report losses --db "$db" --period 2026-09 --as-of 2026-11-30
grep -q "Проигранных сделок за период нет." "$tmp/out" && ok || bad "empty: $(cat "$tmp/out")"
# options it refuses, naming them
expect_rc 2 "$VO" report losses --db "$db" --by user
expect_rc 2 "$VO" report losses --db "$db" --pipeline Нет

finish
