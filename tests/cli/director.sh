#!/usr/bin/env bash
# `voronka report director` end to end (issue 11; docs/reports.md, "The
# report to the director"): init -> import -> November 2026 as of 11-20,
# JSON, table and CSV against figures worked out by hand.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
db=$(new_db director)

# The data (Europe/Moscow, no holidays). Pipeline Продажи: Лид, КП, Счёт.
#  October cohort (created 10-02): O1 Лид open, O2 Лид lost, O3 КП open,
#   O4 Счёт won 10-09 (10 000): reached Лид 4, КП 2, Счёт 1, won 1:
#   conv Лид→КП 2/4 = 0.5, КП→Счёт 1/2 = 0.5, Счёт→won 1/1 = 1.
#  November cohort (11-02/03): N1, N2 Лид open, N3 Лид lost, N4 Счёт open,
#   N5 Счёт won 11-09 (30 000): reached Лид 5, КП 2, Счёт 2, won 1:
#   conv 0.4, 1.0, 0.5; change -0.1, +0.5, -0.5: dropped most Счёт→won
#   (-0.5), then Лид→КП (-0.1). October is followed to 10-21 00:00 (as far
#   into it as 11-21 00:00 is into November): all its events are before.
#  Plan-fact: revenue plan 100 000, fact 30 000 (N5), pct 0.3; November
#   has 21 working days, 15 up to 11-20: forecast 30 000 / 15 * 21 =
#   42 000,00; gap 70 000. Users: Мария 30 000 / 60 000 = 0.5, Пётр 0 /
#   40 000 = 0: both in the top (two managers: none left for the bottom).
#  Hygiene at 11-21 00:00: open O1, O3, N1, N2, N4 = 5, none with a task,
#   a client or an amount, all older than 14 days: no_next_task 5, stale 5,
#   incomplete 5, score 0.
imp="$tmp/import"
data_dir director "$imp"
init_and_import "$imp"
expect_rc 0 "$VO" report director --db "$db" --period month --date 2026-11-10 --as-of 2026-11-20 --format json
cp "$tmp/out" "$tmp/month.json"

py_checks <<'PY'
a = json.load(open(d + "/month.json"))
eq("period", (a["period"], a["from"], a["to"]), ("month", "2026-11-01", "2026-11-30"))
eq("prev", a["prev"], {"from": "2026-10-01", "to": "2026-10-31"})
eq("wd", (a["elapsed_wd"], a["total_wd"]), (15, 21))
eq("plan_fact", a["plan_fact"], [{"metric": "revenue", "name": "Выручка", "plan": 10000000,
   "fact": 3000000, "pct": 0.3, "forecast": 4200000, "gap": 7000000}])
eq("ranking metric", a["ranking"]["metric"], "revenue")
eq("top", [(r["email"], r["pct"]) for r in a["ranking"]["top"]],
   [("maria@test.ru", 0.5), ("petr@test.ru", 0)])
eq("bottom", a["ranking"]["bottom"], [])
f = a["funnel"]
eq("pipeline", f["pipeline"], "Продажи")
eq("steps", [(s["from"], s["to"], s["conv"], s["prev_conv"]) for s in f["steps"]],
   [("Лид", "КП", 0.4, 0.5), ("КП", "Счёт", 1, 0.5), ("Счёт", None, 0.5, 1)])
eq("changes", [s["change"] for s in f["steps"]], [-0.1, 0.5, -0.5])
eq("dropped_most", [s["step"] for s in f["dropped_most"]], [2, 0])
eq("bottlenecks (fewer than 20 deals a step)", f["bottlenecks"], [])
h = a["hygiene"]
eq("hygiene", (h["score"], h["open_deals"], h["no_next_task"], h["stale"], h["incomplete"]),
   (0, 5, 5, 5, 5))
eq("no meeting, promise or competition yet", (a["meetings"], a["promises"], a["competitions"]),
   ({"available": True, "held": 0, "planned": 0, "attendance_pct": None},
    {"available": True, "kept": 0, "broken": 0, "open": 0, "kept_pct": None}, []))
eq("note", a["note"], {"text": "", "updated_at": None})
eq("lines", [(l["section"], l["item"]) for l in a["lines"]][:5],
   [("План-факт", "Выручка"), ("Лучшие по плану", "Мария Иванова"),
    ("Лучшие по плану", "Пётр Сидоров"), ("Воронка: просели", "Счёт → выигрыш"),
    ("Воронка: просели", "Лид → КП")])
PY

# the table: the page's lines in Russian (money grouped by U+202F)
nb=$(printf '\342\200\257')
expect_rc 0 "$VO" report director --db "$db" --period month --date 2026-11-10 --as-of 2026-11-20
grep -q "^Отчёт директору: месяц 2026-11-01 — 2026-11-30" "$tmp/out" && ok || bad "table title: $(cat "$tmp/out")"
grep -q "^План-факт  *Выручка  *30${nb}000,00 из 100${nb}000,00 (30,0%)  *прогноз 42${nb}000,00" "$tmp/out" && ok || bad "table revenue: $(cat "$tmp/out")"
grep -q "^Воронка: просели  *Счёт → выигрыш  *50,0% (было 100,0%)  *-50,0 п. п." "$tmp/out" && ok || bad "table drop: $(cat "$tmp/out")"
grep -q "^Соревнования  *—  *нет соревнований за период" "$tmp/out" && ok || bad "table competitions: $(cat "$tmp/out")"
# CSV: the header and the 10 lines
expect_rc 0 "$VO" report director --db "$db" --period month --date 2026-11-10 --as-of 2026-11-20 --format csv
csv_rows "$tmp/out" >"$tmp/rows" && ok || bad "csv does not parse: $(cat "$tmp/out")"
n=$(wc -l <"$tmp/rows")
[ "$n" -eq 11 ] && ok || bad "csv: $n rows, want 11: $(cat "$tmp/rows")"
grep -q '^section|item|value|compare$' "$tmp/rows" && ok || bad "csv header: $(cat "$tmp/rows")"

# a week: 11-09..11-15 against 11-02..11-08; nobody created a deal in it
expect_rc 0 "$VO" report director --db "$db" --period week --date 2026-11-12 --as-of 2026-11-20 --format json
py_checks <<PY
a = json.load(open(d + "/out"))
eq("week", (a["period"], a["from"], a["to"]), ("week", "2026-11-09", "2026-11-15"))
eq("prev week", a["prev"], {"from": "2026-11-02", "to": "2026-11-08"})
eq("week's cohort is empty", [s["conv"] for s in a["funnel"]["steps"]], [None, None, None])
PY
# what it refuses, naming the option
expect_rc 2 "$VO" report director --db "$db" --period day --date 2026-11-10
grep -q "period" "$tmp/err" && ok || bad "period error: $(cat "$tmp/err")"
expect_rc 2 "$VO" report director --db "$db" --period month
grep -q "date" "$tmp/err" && ok || bad "date error: $(cat "$tmp/err")"

finish
