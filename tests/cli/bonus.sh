#!/usr/bin/env bash
# `voronka bonus set|list` and `voronka report bonus` end to end: init ->
# import -> a scheme and its change mid-year -> the month's payouts with
# their breakdowns (docs/bonuses.md), the JSON contract checked key by key,
# in JSON, table and CSV, against figures worked out by hand.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
db=$(new_db bonus)

# The data (Europe/Moscow, RUB). Managers Иван, Пётр, Вера; the head Анна.
#  March 2026: payments Иван 700 000,00 of a plan 1 000 000,00 (exactly
#  70%), 2 calls of a plan 2 (100%); Пётр 699 900,00 of 1 000 000,00
#  (69,99%); Вера 12 345,70 with no plan. July: Иван 100 000,00 of a plan
#  100 000,00 (exactly 100%), no calls plan.
# Scheme «Менеджеры» v1 from 2026-01: base 30 000, 5% of payments, tiers
#  0 -> x0, 0.7 -> x1, 1.0 -> x1.2, KPI calls >= 100% -> 5 000.
# By hand, March (v1), in kopecks:
#  Иван: 3 000 000 + 0.05 x 70 000 000 = 3 500 000 (x1 at 70%) + KPI
#        500 000 (100% = min) = 7 000 000
#  Пётр: 3 000 000 + 0.05 x 69 990 000 = 3 499 500, x0 at 69.99% -> 0;
#        calls no plan -> no KPI = 3 000 000
#  Вера: 3 000 000 + 0.05 x 1 234 570 = 61 728.5 -> 61 729 (half away
#        from zero), no plan -> x1 = 3 061 729
# v2 from 2026-07 (base 35 000, 6%, same tiers): July Иван 3 500 000 +
#  round(0.06 x 10 000 000 = 600 000 x 1.2) = 720 000 -> 4 220 000; March
#  stays as it was paid.
imp="$tmp/import"
data_dir bonus "$imp"
init_and_import "$imp"

cat >"$tmp/v1.json" <<'JSON'
{"name": "Менеджеры", "base": 30000, "commission": {"metric": "payments", "rate": 0.05},
 "tiers": [{"from": 0, "multiplier": 0}, {"from": 0.7, "multiplier": 1.0}, {"from": 1.0, "multiplier": 1.2}],
 "kpi": [{"metric": "calls", "min_pct": 1.0, "bonus": 5000}],
 "users": ["ivan@t.ru", "petr@t.ru", "vera@t.ru"], "from_month": "2026-01"}
JSON
sed -e 's/"base": 30000/"base": 35000/' -e 's/"rate": 0.05/"rate": 0.06/' \
  -e 's/"from_month": "2026-01"/"from_month": "2026-07"/' -e 's/"users": \[[^]]*\]/"users": []/' \
  "$tmp/v1.json" >"$tmp/v2.json"
expect_rc 0 "$VO" bonus set --db "$db" --file "$tmp/v1.json"
grep -q 'Bonus scheme "Менеджеры" (id 1) saved, its terms from 2026-01' "$tmp/out" && ok || bad "set: $(cat "$tmp/out")"
expect_rc 0 "$VO" report bonus --db "$db" --period 2026-03 --as-of 2026-03-31 --format json
cp "$tmp/out" "$tmp/march1.json"
expect_rc 0 "$VO" bonus set --db "$db" --file "$tmp/v2.json"
expect_rc 0 "$VO" report bonus --db "$db" --period 2026-03 --as-of 2026-03-31 --format json
cp "$tmp/out" "$tmp/march.json"
expect_rc 0 "$VO" report bonus --db "$db" --period 2026-07 --as-of 2026-07-31 --format json
cp "$tmp/out" "$tmp/july.json"
expect_rc 0 "$VO" bonus list --db "$db"
cp "$tmp/out" "$tmp/list.json"

py_checks <<'PY'
m = json.load(open(d + "/march.json"))
eq("march unchanged by v2", m, json.load(open(d + "/march1.json")))
eq("top keys", list(m), ["period", "as_of", "rows"])
eq("period", m["period"], "2026-03")
keys = ["user_id", "name", "email", "scheme", "scheme_from", "base", "base_metric", "fact", "plan",
        "pct", "multiplier", "commission", "kpi_bonus", "payout", "lines"]
for r in m["rows"]:
    eq(r["name"] + " keys", list(r), keys)
eq("rows by name", [r["email"] for r in m["rows"]], ["vera@t.ru", "ivan@t.ru", "petr@t.ru"])
vera, ivan, petr = m["rows"]
eq("Иван", [ivan[k] for k in keys[3:14]],
   ["Менеджеры", "2026-01", 3000000, "payments", 70000000, 100000000, 0.7, 1.0, 3500000, 500000, 7000000])
eq("Иван lines", [(l["label"], l["amount"]) for l in ivan["lines"]],
   [("Base salary", 3000000), ("Commission 5% of payments", 3500000),
    ("Multiplier 1 for 70% of the plan of payments", 0),
    ("KPI calls: 100% of the plan, 100% needed: met", 500000)])
eq("Пётр", [petr[k] for k in ["fact", "plan", "pct", "multiplier", "commission", "kpi_bonus", "payout"]],
   [69990000, 100000000, 0.6999, 0.0, 3499500, 0, 3000000])
eq("Пётр multiplier line", petr["lines"][2], {"label": "Multiplier 0 for 69.99% of the plan of payments", "amount": -3499500})
eq("Вера", [vera[k] for k in ["fact", "plan", "pct", "multiplier", "commission", "payout"]],
   [1234570, None, None, 1.0, 61729, 3061729])
eq("Вера no plan line", vera["lines"][2], {"label": "No plan of payments: multiplier 1", "amount": 0})
for r in m["rows"]:
    eq(r["name"] + " lines add up", sum(l["amount"] for l in r["lines"]), r["payout"])
j = json.load(open(d + "/july.json"))
eq("july rows", [(r["email"], r["scheme_from"], r["base"], r["commission"], r["multiplier"], r["payout"])
                 for r in j["rows"]],
   [("vera@t.ru", "2026-07", 3500000, 0, 1.0, 3500000),
    ("ivan@t.ru", "2026-07", 3500000, 600000, 1.2, 4220000),
    ("petr@t.ru", "2026-07", 3500000, 0, 1.0, 3500000)])
s = json.load(open(d + "/list.json"))["items"]
eq("list", [(x["name"], [v["from_month"] for v in x["versions"]], [u["email"] for u in x["users"]]) for x in s],
   [("Менеджеры", ["2026-01", "2026-07"], ["ivan@t.ru", "petr@t.ru", "vera@t.ru"])])
eq("v1 as written", s[0]["versions"][0], {"from_month": "2026-01", "base": 30000.0,
   "commission": {"metric": "payments", "rate": 0.05},
   "tiers": [{"from": 0.0, "multiplier": 0.0}, {"from": 0.7, "multiplier": 1.0}, {"from": 1.0, "multiplier": 1.2}],
   "kpi": [{"metric": "calls", "min_pct": 1.0, "bonus": 5000.0}]})
PY

# the table, and its Russian labels under a Russian locale
nb=$(printf '\342\200\257')
expect_rc 0 "$VO" report bonus --db "$db" --period 2026-03 --as-of 2026-03-31
grep -q "^Иван Петров (Менеджеры)  *70${nb}000,00" "$tmp/out" && ok || bad "table: Иван: $(cat "$tmp/out")"
grep -q "^Total  *130${nb}617,29" "$tmp/out" && ok || bad "table: total: $(cat "$tmp/out")"
LC_ALL=ru_RU.UTF-8 "$VO" report bonus --db "$db" --period 2026-03 --as-of 2026-03-31 --format json >"$tmp/ru.json" 2>&1
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["rows"][1]["lines"]; sys.exit(0 if [l["label"] for l in r] == ["Оклад", "Комиссия 5% от факта «Поступления»", "Множитель 1 за выполнение на 70% плана «Поступления»", "Бонус за показатель «Звонки»: 100% плана при нужных 100%, выполнен"] else 1)' "$tmp/ru.json" \
  && ok || bad "Russian labels: $(cat "$tmp/ru.json")"
# CSV for payroll: a header and one row per user
expect_rc 0 "$VO" report bonus --db "$db" --period 2026-03 --as-of 2026-03-31 --format csv
csv_rows "$tmp/out" >"$tmp/rows" && ok || bad "csv does not parse: $(cat "$tmp/out")"
n=$(wc -l <"$tmp/rows")
[ "$n" -eq 4 ] && ok || bad "csv: $n lines, want 4: $(cat "$tmp/rows")"
grep -q '^user_id|name|email|scheme|base|base_metric|fact|plan|pct|multiplier|commission|kpi_bonus|payout$' "$tmp/rows" && ok || bad "csv header: $(cat "$tmp/rows")"
grep -q '|Иван Петров|ivan@t.ru|Менеджеры|3000000|payments|70000000|100000000|0.7|1|3500000|500000|7000000$' "$tmp/rows" && ok || bad "csv Иван: $(cat "$tmp/rows")"

# every bad field named (exit 2), nothing written
bad_set() { # field sed-expression
  sed -e "$2" "$tmp/v1.json" >"$tmp/bad.json"
  expect_rc 2 "$VO" bonus set --db "$db" --file "$tmp/bad.json"
  grep -q "$1" "$tmp/err" && ok || bad "bad $1: $(cat "$tmp/err")"
}
bad_set "commission.metric" 's/"metric": "payments"/"metric": "nope"/'
bad_set "commission.rate" 's/"rate": 0.05/"rate": -0.05/'
bad_set "tiers\[2\].from" 's/"from": 1.0/"from": 0.7/'
bad_set "kpi\[0\].metric" 's/"metric": "calls"/"metric": "avg_check"/'
bad_set "users\[1\]" 's/petr@t.ru/nobody@t.ru/'
bad_set "from_month" 's/"2026-01"/"2026-1"/'
expect_rc 0 "$VO" bonus list --db "$db"
cmp -s "$tmp/out" "$tmp/list.json" && ok || bad "a refused set changed the schemes: $(cat "$tmp/out")"
# the period must be a month
expect_rc 2 "$VO" report bonus --db "$db" --period 2026-03-02 --format json
grep -q "period" "$tmp/err" && ok || bad "period: $(cat "$tmp/err")"
expect_rc 1 "$VO" bonus set --db "$db"

finish
