#!/usr/bin/env bash
# Import then report: a small company in the import format, then
# `voronka report plan-fact --period 2026-11 --as-of 2026-11-20 --by user`
# checked against figures worked out by hand from METRICS.md (below).
# Prints "N passed, N failed" and exits non-zero on any failure.
#
# Calendar: November 2026 has 21 weekdays (Sat 7,14,21,28, Sun 1,8,15,22,29);
# Nov 4 (Wed) is a holiday, Sat Nov 28 a working day: total_wd = 21 - 1 + 1
# = 21. As of the end of Fri Nov 20: weekdays 2..20 = 15, minus Nov 4 = 14
# elapsed; 7 left.
#
# Facts as of 2026-11-20 (an event counts before 2026-11-21 00:00 MSK):
#  ivan: leads D1 11-02, D2 11-05, D6 11-15 = 3; won D1 = 1, revenue
#        100 000,00 = 10000000 kop; calls A1 90 s + A2 45 s = 2, 135 s =
#        2.25 min; meetings A3 = 1; payments PAY1 20 000 (deal D1) = 2000000;
#        avg_check 10000000; conversion 1/3; tasks done T1 (on time: done
#        10:00 <= due 18:00), T2 (late) = 2, on time 1; overdue 0.
#  petr: leads D4 = 1 (D3 was created in October); won D3 11-03 and D4 at
#        11-20 23:30 (the last counted day) = 2, revenue 33 333,33 + 10 000
#        = 4333333; calls A4 (11-20 23:30, 600 s) = 1, 10 min (A5 at 11-21
#        00:00 is after as_of); payments PAY2 5 000,50 without a deal, to
#        C1's owner petr = 500050; avg_check round(4333333 / 2 = 2166666.5)
#        = 2166667 (half away from zero); conversion 2/1 = 2; overdue T3
#        (due 11-12, open) = 1; T4 due 11-25 is not overdue.
#  anna: leads 0 (D5 is created 11-21); meetings A6 = 1; overdue T5 (due
#        11-03, done 11-21 after as_of, so open at as_of) = 1.
#  org:  leads 4, won 3, revenue 14333333, calls 3, 735 s = 12.25 min,
#        payments 2500050 (PAY3 on 11-25 does not count), avg_check
#        round(14333333 / 3 = 4777777.67) = 4777778, conversion 3/4.
# Plans (a month period: the month targets as they are):
#  ivan revenue 1 000 000 = 100000000: pct 0.1, forecast 10000000 * 21/14
#        = 15000000, gap 90000000, per day 90000000 / 7 = 12857142.86 ->
#        12857143.
#  ivan leads 6: pct 0.5, forecast 3 * 21/14 = 4.5 -> 5, gap 3, per day 3/7
#        -> 0.43.  anna leads 3: fact 0, pct 0, gap 3.
#  team Москва leads 10 (its own, not 6 + 3); org leads: no own plan, the
#        sum of its teams = 10 (Казань has none): pct 0.4, forecast 4 * 1.5
#        = 6, gap 6, per day 6/7 -> 0.86.
#  petr revenue 500 000: forecast 4333333 * 1.5 = 6499999.5 -> 6500000, gap
#        45666667, per day 6523809.57 -> 6523810.
#  org revenue: Москва = ivan's 100000000 (no own), Казань = petr's
#        50000000: 150000000; gap 135666667; forecast 21499999.5 ->
#        21500000; per day 19380952.43 -> 19380952.
#  org conversion 25% (own; a ratio plan is never summed): fact 0.75, pct
#        3, forecast 0.75 (its current value), gap -0.5, per day none.
#  petr conversion 30%: fact 2, gap -1.7.  org calls: Москва's ivan 42.
. "$(dirname "$0")/common.bash"
db=$(new_db pf)
d="$tmp/in"
data_dir planfact "$d" # the files to import

init_and_import "$d"
"$VO" report plan-fact --db "$db" --period 2026-11 --as-of 2026-11-20 --format json --by user \
  >"$tmp/pf.json" 2>"$tmp/err" && ok || bad "report: $(cat "$tmp/err")"

# Each line: row name | metric | field | expected (null = absent).
python3 - "$tmp/pf.json" >"$tmp/checks" 2>&1 <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
bad = []
def eq(what, got, want):
    ok = (got is None and want is None) or (got is not None and want is not None
          and abs(got - want) < 1e-9)
    print(("ok " if ok else "FAIL ") + what + ": got %r want %r" % (got, want))
eq("from", 0, 0) if r["from"] == "2026-11-01" and r["to"] == "2026-11-30" else print("FAIL period", r["from"], r["to"])
print(("ok " if r["as_of"].startswith("2026-11-21T00:00:00") else "FAIL ") + "as_of " + r["as_of"])
eq("elapsed_wd", r["elapsed_wd"], 14)
eq("total_wd", r["total_wd"], 21)
rows = {x["email"] or x["scope"]: x for x in r["rows"]}
print(("ok " if [x["scope"] for x in r["rows"]] == ["org", "user", "user", "user"] else "FAIL ")
      + "rows: %r" % [(x["scope"], x["email"]) for x in r["rows"]])
W = {
 ("ivan@t.ru", "leads"): dict(plan=6, fact=3, pct=0.5, forecast=5, gap=3, per_day_needed=0.43),
 ("ivan@t.ru", "deals_won"): dict(plan=None, fact=1, pct=None, forecast=2, gap=None, per_day_needed=None),
 ("ivan@t.ru", "revenue"): dict(plan=100000000, fact=10000000, pct=0.1, forecast=15000000, gap=90000000, per_day_needed=12857143),
 ("ivan@t.ru", "calls"): dict(plan=42, fact=2, pct=2/42, forecast=3, gap=40, per_day_needed=5.71),
 ("ivan@t.ru", "call_minutes"): dict(plan=None, fact=2.25),
 ("ivan@t.ru", "meetings"): dict(fact=1),
 ("ivan@t.ru", "payments"): dict(fact=2000000),
 ("ivan@t.ru", "avg_check"): dict(plan=None, fact=10000000, forecast=10000000),
 ("ivan@t.ru", "conversion"): dict(fact=1/3),
 ("ivan@t.ru", "tasks_done"): dict(fact=2),
 ("ivan@t.ru", "tasks_done_on_time"): dict(fact=1),
 ("ivan@t.ru", "tasks_overdue"): dict(fact=0, forecast=None),
 ("petr@t.ru", "leads"): dict(fact=1, plan=None),
 ("petr@t.ru", "deals_won"): dict(fact=2),
 ("petr@t.ru", "revenue"): dict(plan=50000000, fact=4333333, forecast=6500000, gap=45666667, per_day_needed=6523810),
 ("petr@t.ru", "calls"): dict(fact=1),
 ("petr@t.ru", "call_minutes"): dict(fact=10),
 ("petr@t.ru", "payments"): dict(fact=500050),
 ("petr@t.ru", "avg_check"): dict(fact=2166667),
 ("petr@t.ru", "conversion"): dict(plan=0.3, fact=2, gap=-1.7, forecast=2, per_day_needed=None),
 ("petr@t.ru", "tasks_overdue"): dict(fact=1),
 ("anna@t.ru", "leads"): dict(plan=3, fact=0, pct=0, forecast=0, gap=3, per_day_needed=0.43),
 ("anna@t.ru", "meetings"): dict(fact=1),
 ("anna@t.ru", "conversion"): dict(fact=None, pct=None, forecast=None),
 ("anna@t.ru", "avg_check"): dict(fact=None),
 ("anna@t.ru", "tasks_overdue"): dict(fact=1),
 ("org", "leads"): dict(plan=10, fact=4, pct=0.4, forecast=6, gap=6, per_day_needed=0.86),
 ("org", "deals_won"): dict(fact=3),
 ("org", "revenue"): dict(plan=150000000, fact=14333333, forecast=21500000, gap=135666667, per_day_needed=19380952),
 ("org", "calls"): dict(plan=42, fact=3),
 ("org", "call_minutes"): dict(fact=12.25),
 ("org", "meetings"): dict(fact=2),
 ("org", "payments"): dict(fact=2500050),
 ("org", "avg_check"): dict(fact=4777778),
 ("org", "conversion"): dict(plan=0.25, fact=0.75, pct=3, forecast=0.75, gap=-0.5, per_day_needed=None),
 ("org", "tasks_done"): dict(fact=2),
 ("org", "tasks_done_on_time"): dict(fact=1),
 ("org", "tasks_overdue"): dict(fact=2, forecast=None, per_day_needed=None),
}
for (who, m), want in W.items():
    cellv = rows[who]["metrics"][m]
    for f, v in want.items():
        eq("%s %s %s" % (who, m, f), cellv[f], v)
PY
while read -r status rest; do
  if [ "$status" = ok ]; then ok; else bad "$rest"; fi
done <"$tmp/checks"


# The other formats run and carry the same figures.
"$VO" report plan-fact --db "$db" --period 2026-11 --as-of 2026-11-20 --format csv --by user \
  >"$tmp/pf.csv" 2>"$tmp/err" && ok || bad "csv: $(cat "$tmp/err")"
csv_rows "$tmp/pf.csv" >"$tmp/pf.rows" && ok || bad "csv does not parse: $(cat "$tmp/pf.csv")"
grep -qx 'user|Иван Петров|ivan@t.ru|revenue|100000000|10000000|0.1|15000000|90000000|12857143|14|21' \
  "$tmp/pf.rows" && ok || bad "csv ivan revenue: $(grep ivan "$tmp/pf.csv" | grep revenue)"
"$VO" report plan-fact --db "$db" --period 2026-11 --as-of 2026-11-20 --by team \
  >"$tmp/pf.txt" 2>"$tmp/err" && ok || bad "table: $(cat "$tmp/err")"
grep -q 'Москва' "$tmp/pf.txt" && ok || bad "table has no team Москва: $(cat "$tmp/pf.txt")"
"$VO" report plan-fact --db "$db" --period 2026-11 --as-of 2026-11-20 --scope user:nobody@t.ru \
  >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "an unknown user is exit 2"

# plan: split 100 leads for December equally to the active managers (ivan,
# petr; anna is a head) = 50 + 50; the reverse funnel of ivan for 1 000 000
# from his Sep-Nov history as of the start of December (leads 3, meetings 1,
# won 1, revenue 100 000): avg check 100 000, won ceil(1 000 000 / 100 000)
# = 10, meetings ceil(10 * 1 / 1) = 10, leads ceil(10 * 3 / 1) = 30;
# December 2026 has 23 working days: 30 / 23 = 1,30 a day.
"$VO" plan split --db "$db" --period 2026-12 --metric leads --method equal --target 100 \
  >"$tmp/out" 2>&1 && ok || bad "plan split: $(cat "$tmp/out")"
grep -q 'Итого *100$' "$tmp/out" && grep -q 'ivan@t.ru *1 *50$' "$tmp/out" && ok ||
  bad "plan split output: $(cat "$tmp/out")"
"$VO" plan reverse --db "$db" --period 2026-12 --user ivan@t.ru --revenue 1000000 \
  >"$tmp/out" 2>&1 && ok || bad "plan reverse: $(cat "$tmp/out")"
grep -q '^Обратная воронка: .*(23 рабочих дня)$' "$tmp/out" &&
  grep -q 'Нужно обращений: 30 (1,30 в рабочий день)' "$tmp/out" &&
  grep -q 'Нужно выиграть сделок: 10 ' "$tmp/out" && grep -q 'Средний чек: 100.*000,00' "$tmp/out" &&
  ok || bad "plan reverse output: $(cat "$tmp/out")"
"$VO" plan set --db "$db" --period 2026-12 --scope team:Казань --metric revenue \
  --target "2 000 000" >"$tmp/out" 2>&1 && ok || bad "plan set: $(cat "$tmp/out")"
"$VO" report plan-fact --db "$db" --period 2026-12 --as-of 2026-12-01 --format json --team Казань \
  >"$tmp/dec.json" 2>&1 && ok || bad "december: $(cat "$tmp/dec.json")"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["rows"][0]["metrics"]["revenue"]["plan"] == 200000000' \
  "$tmp/dec.json" && ok || bad "team plan set through the CLI: $(cat "$tmp/dec.json")"
"$VO" plan set --db "$db" --period 2026-12 --metric nosuch --target 1 >/dev/null 2>&1
[ $? -eq 1 ] && ok || bad "an unknown metric is a usage error"

finish
