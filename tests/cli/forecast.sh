#!/usr/bin/env bash
# `voronka report forecast` end to end on the plan-fact company
# (tests/cli/data/planfact), as of the end of 2026-11-20, so E = 2026-11-21
# 00:00 (docs/reports.md, "Forecast"), in JSON, table and CSV, against
# figures worked out by hand. Prints "N passed, N failed" and exits
# non-zero on any failure.
#
# No stage history: each deal entered its stage at its creation.
#  D1 Иван won 10000000 КП 11-02 10:00 -> 11-10 12:00 (8 d 2 h)
#  D2 Иван open Новая 11-05 11:00, no amount
#  D3 Пётр won 3333333 КП 10-30 12:00 -> 11-03 12:00 (4 d)
#  D4 Пётр won 1000000 КП 11-12 09:00 -> 11-20 23:30 (8 d 14 h 30 min; before E)
#  D5 Анна open, created 11-21 09:00: after as_of, not open at E
#  D6 Иван lost 50000 Новая 11-15 -> 11-16
# History (closed in [2025-11-21, 2026-11-21)): D1, D3, D4 won, D6 lost.
#  p(Новая) = 3 won / 4 reached = 0.75; p(КП) = 3 / 3 = 1.
#  delay(Новая): no won deal has a recorded visit to Новая -> the sales
#  cycles {4 d, 8 d 2 h, 8 d 14 h 30 min}; their median 8 d 2 h.
# Open at E: D2 only (no amount): open_deals 1, weighted pipeline 0.
# fact (November so far) = 10000000 + 3333333 + 1000000 = 14333333, and
# with nothing to add every run: P10 = P50 = P90 = 14333333.
# Backtest May..Oct 2026: nothing open at any month start (D3 is created on
# 10-30), nothing won in those months: forecast 0, actual 0, ape null,
# mape null.
# List: D2, chance 0.75 * 3/3 (every delay < 10 d, the rest of November),
# expected close E + 8 d 2 h = 2026-11-29.
. "$(dirname "$0")/common.bash"
db=$(new_db fc)
d="$tmp/in"
data_dir planfact "$d"
init_and_import "$d"

fc() { # NAME ARGS...: the JSON forecast into $tmp/NAME.json
  local name=$1; shift
  expect_rc 0 "$VO" report forecast --db "$db" --as-of 2026-11-20 --format json "$@"
  cp "$tmp/out" "$tmp/$name.json"
}
fc base
fc users --by user --list
fc dec --period 2026-12

py_checks <<'PY'
def doc(name):
    return json.load(open(d + "/" + name + ".json"))
r = doc("base")
eq("keys", list(r.keys()),
   ["as_of", "from", "to", "pipeline", "stage_pipeline", "stage_probability", "weighted_pipeline",
    "open_deals", "fact", "p10", "p50", "p90", "runs", "backtest", "stages", "fact_by_day"])
eq("fact_by_day", [(x["date"], x["fact"]) for x in r["fact_by_day"]][1:3] + [r["fact_by_day"][-1]["fact"], len(r["fact_by_day"])],
   [("2026-11-02", 0), ("2026-11-03", 3333333), 14333333, 20])
eq("period", (r["from"], r["to"]), ("2026-11-01", "2026-11-30"))
eq("stage_probability", r["stage_probability"], {"Новая": 0.75, "КП": 1.0})
eq("stage order", list(r["stage_probability"].keys()), ["Новая", "КП"])
eq("stage_pipeline", (r["pipeline"], r["stage_pipeline"]), (None, "Продажи"))
eq("figures", [r[k] for k in ("weighted_pipeline", "open_deals", "fact", "p10", "p50", "p90")],
   [0, 1, 14333333, 14333333, 14333333, 14333333])
eq("runs", r["runs"], 10000)
bt = r["backtest"]
eq("mape", bt["mape"], None)
eq("months", [(m["as_of"], m["forecast"], m["actual"], m["ape"]) for m in bt["months"]],
   [("2026-%02d-01" % m, 0, 0, None) for m in range(5, 11)])
eq("delay", [(s["stage"], s["delay_days"]) for s in r["stages"]],
   [("Новая", 8 + 2 / 24), ("КП", 8 + 2 / 24)])
u = doc("users")
eq("rows", [(x["name"], x["open_deals"], x["fact"], x["p50"]) for x in u["rows"]],
   [("Анна Смирнова", 0, 0, 0), ("Иван Петров", 1, 10000000, 10000000),
    ("Пётр Орлов", 0, 4333333, 4333333)])
eq("row keys", list(u["rows"][0].keys()),
   ["user_id", "name", "email", "weighted_pipeline", "open_deals", "fact", "p10", "p50", "p90",
    "backtest"])
eq("deals_total", u["deals_total"], 1)
x = u["deals"][0]
eq("deal", (x["id"], x["owner"], x["owner_email"], x["stage"], x["amount"], x["probability"],
            x["expected_close"]),
   ("D2", "Иван Петров", "ivan@t.ru", "Новая", None, 0.75, "2026-11-29"))
dec = doc("dec")
eq("december", [dec[k] for k in ("from", "fact", "p10", "p90", "open_deals")],
   ["2026-12-01", 0, 0, 0, 1])
PY

# the table: the figures with the backtest's error beside them
nb=$(printf '\342\200\257')
expect_rc 0 "$VO" report forecast --db "$db" --as-of 2026-11-20
grep -q "^Прогноз выручки: 2026-11-01 — 2026-11-30, на конец 2026-11-20 (все воронки)$" "$tmp/out" && ok || bad "title: $(cat "$tmp/out")"
grep -q "^Прогноз P10 / P50 / P90: 143${nb}333,33 / 143${nb}333,33 / 143${nb}333,33 (ошибка прогноза на прошлых месяцах: —)$" "$tmp/out" && ok || bad "figures: $(cat "$tmp/out")"
grep -q "^Новая  *75,0%$" "$tmp/out" && ok || bad "stage: $(cat "$tmp/out")"
grep -q "^2026-10  *0,00  *0,00  *—$" "$tmp/out" && ok || bad "backtest: $(cat "$tmp/out")"
# CSV: the department's line
expect_rc 0 "$VO" report forecast --db "$db" --as-of 2026-11-20 --format csv --by user
csv_rows "$tmp/out" >"$tmp/rows" && ok || bad "csv does not parse: $(cat "$tmp/out")"
[ "$(wc -l <"$tmp/rows")" -eq 5 ] && ok || bad "csv lines: $(cat "$tmp/rows")"
grep -q '^scope|name|email|open_deals|weighted_pipeline|fact|p10|p50|p90|mape$' "$tmp/rows" && ok || bad "csv header: $(cat "$tmp/rows")"
grep -q '^org|||1|0|14333333|14333333|14333333|14333333|$' "$tmp/rows" && ok || bad "csv org: $(cat "$tmp/rows")"
grep -q '^user|Пётр Орлов|petr@t.ru|0|0|4333333|4333333|4333333|4333333|$' "$tmp/rows" && ok || bad "csv user: $(cat "$tmp/rows")"
# the options refused, naming them (exit 2: bad input)
expect_rc 2 "$VO" report forecast --db "$db" --by team --format json
grep -q "the forecast groups by user only" "$tmp/err" && ok || bad "by team: $(cat "$tmp/err")"
expect_rc 2 "$VO" report forecast --db "$db" --pipeline Нет --format json
grep -q 'no pipeline "Нет"' "$tmp/err" && ok || bad "pipeline: $(cat "$tmp/err")"
finish
