#!/usr/bin/env bash
# `voronka report leaderboard` end to end on the plan-fact company
# (tests/cli/data/planfact; its facts are worked out in planfact.sh):
# November 2026 as of the end of 2026-11-20 (docs/reports.md,
# "Leaderboard"), in JSON, table and CSV, against ranks worked out by hand.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
# Users: Анна Смирнова (head, Москва), Иван Петров (Москва), Пётр Орлов
# (Казань); all three are sales users.
#  revenue: Иван 10000000 > Пётр 4333333 > Анна 0 -> 1, 2, 3.
#  meetings: Анна 1 = Иван 1 -> both 1 (by name: Анна first), Пётр 0 -> 3.
#  tasks_overdue (fewer is better): Иван 0 -> 1; Анна 1 = Пётр 1 -> 2, 2.
#  revenue --pct: Иван 10000000 / 100000000 = 0.1 -> 1; Пётр 4333333 /
#    50000000 = 0.08666666 -> 2; Анна has no revenue plan: left out.
#  revenue --team Москва: Иван 1, Анна 2.
#  revenue --from 2026-11-01 --to 2026-11-10 (inclusive): Иван D1 won 11-10
#    12:00 = 10000000 -> 1; Пётр D3 won 11-03 = 3333333 -> 2 (D4 is won
#    11-20); Анна 0 -> 3.
. "$(dirname "$0")/common.bash"
db=$(new_db lb)
d="$tmp/in"
data_dir planfact "$d"
init_and_import "$d"

lb() { # NAME ARGS...: the JSON board into $tmp/NAME.json
  local name=$1; shift
  expect_rc 0 "$VO" report leaderboard --db "$db" --as-of 2026-11-20 --format json "$@"
  cp "$tmp/out" "$tmp/$name.json"
}
lb revenue --period 2026-11 --metric revenue
lb meetings --metric meetings
lb overdue --metric tasks_overdue
lb pct --metric revenue --pct
lb team --metric revenue --team Москва
lb range --metric revenue --from 2026-11-01 --to 2026-11-10

py_checks <<'PY'
def board(name):
    return json.load(open(d + "/" + name + ".json"))
def rows(name):
    return [(r["rank"], r["name"], r["value"]) for r in board(name)["rows"]]
r = board("revenue")
eq("keys", list(r.keys()), ["metric", "pct", "from", "to", "as_of", "team", "rows"])
eq("metric", r["metric"], "revenue")
eq("pct", r["pct"], False)
eq("from/to", (r["from"], r["to"]), ("2026-11-01", "2026-11-30"))
eq("row keys", list(r["rows"][0].keys()), ["rank", "user_id", "name", "email", "team", "value"])
eq("first row", (r["rows"][0]["email"], r["rows"][0]["team"]), ("ivan@t.ru", "Москва"))
eq("user_id", isinstance(r["rows"][0]["user_id"], int), True)
eq("revenue", rows("revenue"),
   [(1, "Иван Петров", 10000000), (2, "Пётр Орлов", 4333333), (3, "Анна Смирнова", 0)])
eq("meetings", rows("meetings"),
   [(1, "Анна Смирнова", 1), (1, "Иван Петров", 1), (3, "Пётр Орлов", 0)])
eq("overdue", rows("overdue"),
   [(1, "Иван Петров", 0), (2, "Анна Смирнова", 1), (2, "Пётр Орлов", 1)])
p = board("pct")
eq("pct flag", p["pct"], True)
eq("pct ranks", [(x["rank"], x["name"]) for x in p["rows"]], [(1, "Иван Петров"), (2, "Пётр Орлов")])
eq("pct Иван", p["rows"][0]["value"], 0.1)
eq("pct Пётр", p["rows"][1]["value"], 4333333 / 50000000)
eq("team", rows("team"), [(1, "Иван Петров", 10000000), (2, "Анна Смирнова", 0)])
eq("team key", board("team")["team"], "Москва")
g = board("range")
eq("range from/to", (g["from"], g["to"]), ("2026-11-01", "2026-11-10"))
eq("range", rows("range"),
   [(1, "Иван Петров", 10000000), (2, "Пётр Орлов", 3333333), (3, "Анна Смирнова", 0)])
PY

# the table: Russian title and the money grouped by a narrow no-break space
nb=$(printf '\342\200\257')
expect_rc 0 "$VO" report leaderboard --db "$db" --as-of 2026-11-20 --metric revenue
grep -q "^Рейтинг: Выручка, 2026-11-01 — 2026-11-30" "$tmp/out" && ok || bad "table title: $(cat "$tmp/out")"
grep -q "^ *1  *Иван Петров  *Москва  *100${nb}000,00" "$tmp/out" && ok || bad "table row: $(cat "$tmp/out")"
expect_rc 0 "$VO" report leaderboard --db "$db" --as-of 2026-11-20 --metric revenue --pct
grep -q "^ *2  *Пётр Орлов  *Казань  *8,7%" "$tmp/out" && ok || bad "pct row: $(cat "$tmp/out")"
# CSV: a header and three rows
expect_rc 0 "$VO" report leaderboard --db "$db" --as-of 2026-11-20 --metric revenue --format csv
csv_rows "$tmp/out" >"$tmp/rows" && ok || bad "csv does not parse: $(cat "$tmp/out")"
[ "$(wc -l <"$tmp/rows")" -eq 4 ] && ok || bad "csv lines: $(cat "$tmp/rows")"
grep -q '^rank|user_id|name|email|team|value$' "$tmp/rows" && ok || bad "csv header: $(cat "$tmp/rows")"
grep -q '^2|[0-9]*|Пётр Орлов|petr@t.ru|Казань|4333333$' "$tmp/rows" && ok || bad "csv row: $(cat "$tmp/rows")"
# the options refused, naming them (exit 2: bad input)
expect_rc 2 "$VO" report leaderboard --db "$db" --format json
grep -q "metric" "$tmp/err" && ok || bad "no metric: $(cat "$tmp/err")"
expect_rc 2 "$VO" report leaderboard --db "$db" --metric revnue --format json
grep -q 'unknown metric "revnue"' "$tmp/err" && ok || bad "bad metric: $(cat "$tmp/err")"

# `voronka competition list`: none, then one stored for November 2026
# (revenue, everyone; inserted as the API would), finished whatever today
# is after it: fixed by the listing, the winner Иван (10000000 as of the
# end of Nov 30: D1 100 000,00; Пётр's D3 + D4 = 4333333).
expect_rc 0 "$VO" competition list --db "$db"
grep -q "^Соревнований нет.$" "$tmp/out" && ok || bad "no competitions: $(cat "$tmp/out")"
expect_rc 1 "$VO" competition --db "$db"
org=$(sql "$db" "select id from orgs limit 1")
sql "$db" "insert into competitions(org_id, name, metric, first_day, last_day, created_at)
  values ($org, 'Ноябрь', 'revenue', '2026-11-01', '2026-11-30', 1)"
expect_rc 0 "$VO" competition list --db "$db" --status finished
grep -q "^Ноябрь  *завершено  *2026-11-01  *2026-11-30  *Выручка  *Иван Петров *$" "$tmp/out" && ok || bad "finished: $(cat "$tmp/out")"
[ "$(sql "$db" "select count(*) from competition_results")" = 3 ] && ok || bad "not fixed"
[ "$(sql "$db" "select value from competition_results where rank = 1")" = 10000000 ] && ok || bad "winner's value"
expect_rc 0 "$VO" competition list --db "$db" --status running
grep -q "^Соревнований нет.$" "$tmp/out" && ok || bad "running: $(cat "$tmp/out")"
expect_rc 2 "$VO" competition list --db "$db" --status soon
grep -q "status" "$tmp/err" && ok || bad "bad status: $(cat "$tmp/err")"
finish
