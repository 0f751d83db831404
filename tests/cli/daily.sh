#!/usr/bin/env bash
# Import then report: the daily coordination report and the weekly /
# monthly reviews of a small company, checked against figures worked out by
# hand from METRICS.md and docs/reports.md ("Daily, weekly, monthly").
# The company is the one of tests/unit/test_daily.c, plus one payment.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
# Calendar: November 2026 has 21 weekdays; Wed Nov 4 is a holiday:
# total_wd = 20. Plans (team Продажи has none of its own):
#   Анна revenue 20 000,00 = 2000000 kop (100000 a working day), leads 40
#   (2 a day); Борис revenue 10 000 (50000 kop a day); Вера revenue 2 000
#   (10000 a day), calls 100 (5 a day).
#
# `report daily --date 2026-11-23` (Monday; as_of = Mon 00:00 MSK): the
# reviewed days are Fri Nov 20 (the last working day) .. Sun Nov 22, whose
# plan is Friday's. Month: 14 working days elapsed (2..20 minus Nov 4), 6 left.
#  Анна:  review revenue: A2 won Sat 11:00 = 300000 of 100000, pct 3;
#         payments PAY1 Fri 2 000,00 = 200000 (no plan); leads A2 (Fri) + A3
#         (Sat) = 2 of 2. MTD revenue A1 + A2 = 800000 of 2000000, pct 0.4,
#         plan to date 14 * 100000 = 1400000, forecast 800000 * 20 / 14 =
#         1142857.14 -> 1142857, gap 1200000, per day 1200000 / 6 = 200000.
#         Today's plan 100000. Hygiene: t1 due Fri 18:00 open = 1 overdue;
#         A3 open with no task and no client: 0 of 1 clean, score 0.
#  Борис: review revenue 0 of 50000 (B1 was won Thursday); MTD 650000,
#         plan to date 700000; forecast 928571; per day 350000 / 6 -> 58333;
#         B2 is clean: score 100.
#  Вера:  review calls Fri 60 s + 120 s, Sun 30 s = 3 of 5, 3.5 min; the
#         Monday 09:00 call is not counted; MTD calls 4, per day (100 - 4)
#         / 6 = 16; revenue V1 150000 >= plan to date 140000: on pace.
#  org:   revenue plan 3200000 (Продажи 3000000 + Вера 200000), fact
#         1600000, plan to date 2240000; hygiene 1 clean of 2 open = 50.
#  behind pace: Анна 1400000 - 800000 = 600000, then Борис 50000.
# --date 2026-11-21 (Saturday): today is not a working day, today's plan 0.
# --date 2026-11-23 --as-of 2026-11-23: the Monday call counts (MTD calls 5).
# weekly --date 2026-11-23: Nov 16..22 against Nov 9..15 (5 working days
#  each): Анна revenue 300000 (plan 500000, pct 0.6) against 500000:
#  change -200000, -0.4; Борис 650000 against 0: change % none; org 950000
#  against 500000: +450000, +0.9; below plan: Анна 200000, Вера 50000.
# monthly --date 2026-12-10: November against October: Борис 650000
#  against B0's 400000: +250000, +0.625.
. "$(dirname "$0")/common.bash"
db=$(new_db daily)
d="$tmp/in"
data_dir daily "$d" # the files to import

init_and_import "$d"
run() { # name, then the report's arguments
  local name=$1
  shift
  "$VO" report "$@" --db "$db" >"$tmp/$name" 2>"$tmp/err" && ok || bad "$name: $(cat "$tmp/err")"
}
run mon.json daily --date 2026-11-23 --format json
run sat.json daily --date 2026-11-21 --format json
run asof.json daily --date 2026-11-23 --as-of 2026-11-23 --format json
run week.json weekly --date 2026-11-23 --format json
run month.json monthly --date 2026-12-10 --format json

python3 - "$tmp" >"$tmp/checks" 2>&1 <<'PY'
import json, sys
t = sys.argv[1]
def load(n): return json.load(open(t + "/" + n))
def eq(what, got, want):
    ok = got == want if not isinstance(want, float) else (
        got is not None and abs(got - want) < 1e-9)
    print(("ok " if ok else "FAIL ") + what + ": got %r want %r" % (got, want))
def rows(r): return {x["email"] or x["name"]: x for x in r["rows"]}

r = load("mon.json")
eq("kind", r["kind"], "daily")
eq("date", r["date"], "2026-11-23")
eq("as_of", r["as_of"], "2026-11-23T00:00:00+03:00")
eq("today_working", r["today_working"], True)
eq("review", r["review"], {"day": "2026-11-20", "from": "2026-11-20", "to": "2026-11-22"})
eq("month", r["month"], {"from": "2026-11-01", "to": "2026-11-30", "elapsed_wd": 14, "total_wd": 20})
eq("row order", [(x["scope"], x["name"]) for x in r["rows"]],
   [("org", "Отдел продаж"), ("team", "Продажи"), ("user", "Анна"), ("user", "Борис"), ("user", "Вера")])
R = rows(r)
a = R["anna@t.ru"]
eq("anna team", a["team"], "Продажи")
eq("anna review revenue", a["review"]["revenue"], {"plan": 100000, "fact": 300000, "pct": 3})
eq("anna review payments", a["review"]["payments"], {"plan": None, "fact": 200000, "pct": None})
eq("anna review leads", a["review"]["leads"], {"plan": 2, "fact": 2, "pct": 1})
eq("anna today revenue", a["today"]["revenue"]["plan"], 100000)
eq("anna mtd revenue", a["mtd"]["revenue"], {"plan": 2000000, "plan_to_date": 1400000,
   "fact": 800000, "pct": 0.4, "forecast": 1142857, "gap": 1200000, "per_day_needed": 200000})
eq("anna overdue", a["overdue_tasks"], 1)
eq("anna score", a["hygiene_score"], 0.0)
b = R["boris@t.ru"]
eq("boris review revenue", b["review"]["revenue"], {"plan": 50000, "fact": 0, "pct": 0})
eq("boris forecast", b["mtd"]["revenue"]["forecast"], 928571)
eq("boris per day", b["mtd"]["revenue"]["per_day_needed"], 58333)
eq("boris score", b["hygiene_score"], 100.0)
v = R["vera@t.ru"]
eq("vera team", v["team"], None)
eq("vera review calls", v["review"]["calls"], {"plan": 5, "fact": 3, "pct": 0.6})
eq("vera review minutes", v["review"]["call_minutes"]["fact"], 3.5)
eq("vera mtd calls", v["mtd"]["calls"]["fact"], 4)
eq("vera per day calls", v["mtd"]["calls"]["per_day_needed"], 16)
eq("vera score", v["hygiene_score"], None)
o = R["Отдел продаж"]
eq("org mtd revenue plan", o["mtd"]["revenue"]["plan"], 3200000)
eq("org mtd revenue fact", o["mtd"]["revenue"]["fact"], 1600000)
eq("org plan to date", o["mtd"]["revenue"]["plan_to_date"], 2240000)
eq("org score", o["hygiene_score"], 50.0)
eq("team plan", R["Продажи"]["mtd"]["revenue"]["plan"], 3000000)
eq("behind", [(x["email"], x["shortfall"]) for x in r["behind"]],
   [("anna@t.ru", 600000), ("boris@t.ru", 50000)])

s = load("sat.json")
eq("sat today_working", s["today_working"], False)
eq("sat review", s["review"], {"day": "2026-11-20", "from": "2026-11-20", "to": "2026-11-20"})
eq("sat anna today plan", rows(s)["anna@t.ru"]["today"]["revenue"]["plan"], 0)

eq("as-of override: vera calls", rows(load("asof.json"))["vera@t.ru"]["mtd"]["calls"]["fact"], 5)

w = load("week.json")
eq("week", (w["kind"], w["from"], w["to"], w["working_days"]), ("weekly", "2026-11-16", "2026-11-22", 5))
eq("week prev", w["prev"], {"from": "2026-11-09", "to": "2026-11-15", "working_days": 5})
W = rows(w)
eq("week anna revenue", W["anna@t.ru"]["metrics"]["revenue"], {"plan": 500000, "fact": 300000,
   "pct": 0.6, "prev_plan": 500000, "prev_fact": 500000, "prev_pct": 1, "change": -200000,
   "change_pct": -0.4})
eq("week boris change %", W["boris@t.ru"]["metrics"]["revenue"]["change_pct"], None)
eq("week org change", W["Отдел продаж"]["metrics"]["revenue"]["change"], 450000)
eq("week org change %", W["Отдел продаж"]["metrics"]["revenue"]["change_pct"], 0.9)
eq("week behind", [(x["email"], x["shortfall"]) for x in w["behind"]],
   [("anna@t.ru", 200000), ("vera@t.ru", 50000)])

m = load("month.json")
eq("month", (m["kind"], m["from"], m["to"], m["prev"]["from"]), ("monthly", "2026-11-01", "2026-11-30", "2026-10-01"))
mb = rows(m)["boris@t.ru"]["metrics"]["revenue"]
eq("month boris", (mb["fact"], mb["prev_fact"], mb["change"]), (650000, 400000, 250000))
eq("month boris change %", mb["change_pct"], 0.625)
PY
while read -r status rest; do
  if [ "$status" = ok ]; then ok; else bad "$rest"; fi
done <"$tmp/checks"

# The table is a meeting sheet; CSV carries the same figures.
run mon.txt daily --date 2026-11-23
grep -q '^Планёрка 23.11.2026 (пн) — итоги пт 20.11' "$tmp/mon.txt" && ok ||
  bad "table header: $(head -2 "$tmp/mon.txt")"
grep -q '1\. Анна — факт 8.*000 из 14.*000 к дате (57,1%), отставание 6.*000' "$tmp/mon.txt" && ok ||
  bad "table behind: $(tail -4 "$tmp/mon.txt")"
run mon.csv daily --date 2026-11-23 --format csv
csv_rows "$tmp/mon.csv" >"$tmp/mon.rows" && ok || bad "csv daily does not parse"
grep -qx 'user|Анна|anna@t.ru|Продажи|revenue|100000|300000|3|100000|2000000|1400000|800000|0.4|1142857|1200000|200000|1|0' \
  "$tmp/mon.rows" && ok || bad "csv anna revenue: $(grep anna "$tmp/mon.csv" | grep revenue)"
run week.csv weekly --date 2026-11-23 --format csv
csv_rows "$tmp/week.csv" >"$tmp/week.rows" && ok || bad "csv weekly does not parse"
# a negative change stays a number (no formula guard on figures)
grep -qx 'user|Анна|anna@t.ru|Продажи|revenue|500000|300000|0.6|500000|500000|1|-200000|-0.4|1|0' \
  "$tmp/week.rows" && ok || bad "csv week anna revenue: $(grep anna "$tmp/week.csv" | grep revenue)"
run month.txt monthly --date 2026-12-10
grep -q '^Итоги месяца 01.11.2026 — 30.11.2026' "$tmp/month.txt" && ok ||
  bad "monthly header: $(head -1 "$tmp/month.txt")"
"$VO" report daily --db "$db" --date 2026-13-01 >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "a bad --date is exit 2"

finish
