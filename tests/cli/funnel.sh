#!/usr/bin/env bash
# `voronka report funnel` end to end: init -> import a small directory in
# voronka's own format -> the funnel of October 2026 as of 2026-11-20 in
# JSON, checked against figures worked out by hand from METRICS.md
# "Funnel (cohort)" (the working is beside the data below).
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
db=$(new_db funnel)

# The data (Europe/Moscow, local times). Pipeline Продажи: Лид, Встреча, КП.
# Cohort: created 2026-10-01 .. 10-31; as_of: the end of 2026-11-20.
#  E1 Мария, won 10-11 09:00, 100000.00; Лид 10-01 09:00, Встреча 10-03 09:00,
#     КП 10-06 21:00 -> Лид 2 d, Встреча 3.5 d, КП 4.5 d; cycle 10 d
#  E2 Мария, lost 10-09 in Встреча; Лид 10-05, Встреча 10-08 -> Лид 3, Встреча 1
#  E3 Пётр, open in КП; Лид 10-10, КП 10-13 (skips Встреча) -> Лид 3; КП open
#  E4 Пётр, won 11-25 = AFTER as_of (open in Встреча at as_of); Лид 10-15,
#     Встреча 10-20 -> Лид 5
#  E5 Пётр, no stage_changes rows, stage Лид, created 10-20, lost 10-21 12:00
#     -> implicit Лид 1.5 d, lost at Лид
#  E6 Мария, won 10-30, 20000.01; Лид 10-25, Встреча 10-26, Лид 10-27,
#     КП 10-28 -> Лид 1+1 = 2, Встреча 1, КП 2; cycle 5 d
#  E7 Мария, created 11-01: not in the cohort
#  E8 Пётр, open; Лид 10-31 23:00, Встреча 11-25 (after as_of: in Лид)
# By hand: size 7; won E1 E6 = 2; lost E2 E5 = 2; open E3 E4 E8 = 3;
#  overall 2/7; win_rate 2/4 = 0.5; avg (10000000 + 2000001) / 2 =
#  6000000.5 -> 6000001 kopecks; cycle median of 5, 10 = 7.5.
#  reached Лид 7, Встреча 5 (E1 E2 E3 E4 E6), КП 3 (E1 E3 E6);
#  conv 5/7, 3/5, 2/3; lost_at 1 (E5), 1 (E2), 0; open_at 1 (E8), 1 (E4), 1 (E3)
#  time Лид: 2 3 3 5 1.5 2 -> mean 16.5/6 = 2.75, median (2+3)/2 = 2.5
#  time Встреча: 3.5 1 1 -> mean 5.5/3, median 1
#  time КП: 4.5 2 -> mean 3.25, median 3.25
imp="$tmp/import"
data_dir funnel "$imp" # the files to import

expect_rc 0 "$VO" init --db "$db" --empty --org "ООО Воронка" --tz Europe/Moscow --currency RUB --admin boss@test.ru
expect_rc 0 "$VO" import --db "$db" "$imp"
expect_rc 0 "$VO" report funnel --db "$db" --from 2026-10-01 --to 2026-10-31 --as-of 2026-11-20 --format json
cp "$tmp/out" "$tmp/all.json"
expect_rc 0 "$VO" report funnel --db "$db" --from 2026-10-01 --to 2026-10-31 --as-of 2026-11-20 --format json --by user
cp "$tmp/out" "$tmp/user.json"
expect_rc 0 "$VO" report funnel --db "$db" --from 2026-10-01 --to 2026-10-31 --as-of 2026-11-20 --format json --channel Сайт
cp "$tmp/out" "$tmp/site.json"

py_checks <<'PY'
a = json.load(open(d + "/all.json"))
eq("pipeline", a["pipeline"], "Продажи")
eq("from", a["from"], "2026-10-01")
eq("to", a["to"], "2026-10-31")
eq("groups", len(a["groups"]), 1)
g = a["groups"][0]
eq("by", g["by"], None)
eq("key", g["key"], None)
for k, v in [("size", 7), ("won", 2), ("lost", 2), ("open", 3), ("overall", 2 / 7),
             ("win_rate", 0.5), ("avg_deal_size", 6000001), ("sales_cycle_days", 7.5)]:
    eq(k, g[k], v)
want = [("Лид", 7, 5 / 7, 1, 1 / 7, 1, 2.75, 2.5),
        ("Встреча", 5, 3 / 5, 1, 1 / 5, 1, 5.5 / 3, 1.0),
        ("КП", 3, 2 / 3, 0, 0.0, 1, 3.25, 3.25)]
eq("stages", len(g["stages"]), 3)
for s, w in zip(g["stages"], want):
    for k, v in zip(["stage", "reached", "conv_next", "lost_at", "dropoff", "open_at",
                     "time_mean_days", "time_median_days"], w):
        eq(w[0] + "." + k, s[k], v)
eq("bottleneck", g["bottleneck"], None)
u = json.load(open(d + "/user.json"))
keys = [x["key"] for x in u["groups"]]
eq("users", keys, ["Мария Иванова", "Пётр Сидоров"])
m, p = u["groups"]
for k, v in [("size", 3), ("won", 2), ("lost", 1), ("open", 0), ("sales_cycle_days", 7.5)]:
    eq("Мария." + k, m[k], v)
for k, v in [("size", 4), ("won", 0), ("lost", 1), ("open", 3), ("win_rate", 0.0),
             ("avg_deal_size", None), ("sales_cycle_days", None)]:
    eq("Пётр." + k, p[k], v)
# Пётр's Лид times: E3 3, E4 5, E5 1.5 (E8 still in Лид) -> median 3
eq("Пётр.Лид.time_median", p["stages"][0]["time_median_days"], 3.0)
eq("Мария.by", m["by"], "user")
eq("Мария.bottleneck (< 20 reached)", m["bottleneck"], None)
s = json.load(open(d + "/site.json"))["groups"][0]
# Сайт = Мария's E1 E2 E6
for k, v in [("size", 3), ("won", 2), ("lost", 1), ("open", 0)]:
    eq("Сайт." + k, s[k], v)
eq("Сайт.Встреча.reached", s["stages"][1]["reached"], 3)
PY


# table and CSV render the same figures
expect_rc 0 "$VO" report funnel --db "$db" --from 2026-10-01 --to 2026-10-31 --as-of 2026-11-20 --by user
grep -q "Узкое место: нет" "$tmp/out" && ok || bad "table: no bottleneck line: $(cat "$tmp/out")"
grep -q "Средняя сделка 60.000,01 RUB" "$tmp/out" && ok || bad "table: Мария's average deal 60 000,01: $(cat "$tmp/out")"
expect_rc 0 "$VO" report funnel --db "$db" --from 2026-10-01 --to 2026-10-31 --as-of 2026-11-20 --format csv
expect_eq_lines=$(wc -l <"$tmp/out")
[ "$expect_eq_lines" -eq 4 ] && ok || bad "csv: $expect_eq_lines lines, want 4"
csv_rows "$tmp/out" >"$tmp/rows" && ok || bad "csv does not parse: $(cat "$tmp/out")"
grep -q '^||Лид|7|' "$tmp/rows" && ok || bad "csv Лид row: $(cat "$tmp/out")"
expect_rc 2 "$VO" report funnel --db "$db" --by week
expect_rc 2 "$VO" report funnel --db "$db" --pipeline Нет

finish
