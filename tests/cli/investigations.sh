#!/usr/bin/env bash
# `voronka report investigations` end to end (issue 12, item 6;
# docs/reports.md, "Разборы"): init -> import -> November 2026 as of the end
# of 11-30, JSON, table and CSV, --user, and the "Разборы" block of the
# daily report and the monthly review, against figures worked out by hand.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
# The data (Europe/Moscow), pipeline Продажи: Новый, Встреча, КП. For EACH
# of Анна Смирнова and Борис Орлов (managers):
#  B's cohort (created 2026-09-10, B = 2026-08-01 .. 2026-10-31): 29 lost
#   at Встреча, 14 lost at КП, 7 won at КП for 600 000 ₽ each, closed
#   2026-11-02 (in P: B has no revenue, no metric finding);
#  P's cohort (created 2026-11-10): 23 lost at Встреча, 7 lost at КП.
# By hand (test_investigate.c works the same rules out):
#  each manager's Встреча -> КП: 7/30 against 21/50 = 42%; money =
#   (7/30 - 0.42) * 30 * 7/21 * 60 000 000 = -112 000 000 (-1,1 млн ₽);
#  the department: КП -> выиграна 0/14 against 14/42: -1/3 * 14 *
#   60 000 000 = -280 000 000; Встреча -> КП 14/60 against 42/100:
#   (14/60 - 0.42) * 60 * 1/3 * 60 000 000 = -224 000 000.
. "$(dirname "$0")/common.bash"
db=$(new_db inv)
imp="$tmp/import"
mkdir -p "$imp"
cat >"$imp/users.csv" <<'CSV'
name,email,role,team
Анна Смирнова,anna@test.ru,manager,Москва
Борис Орлов,boris@test.ru,manager,Москва
CSV
cat >"$imp/pipelines.csv" <<'CSV'
pipeline,stage,position,max_days
Продажи,Новый,1,
Продажи,Встреча,2,
Продажи,КП,3,
CSV
python3 - "$imp/deals.csv" <<'PY'
import sys
rows = ["id,owner,pipeline,created_at,stage,status,amount,closed_at,loss_reason"]
n = 0
for who in ("anna@test.ru", "boris@test.ru"):
    for count, created, stage, status, amount, closed in (
            (29, "2026-09-10", "Встреча", "lost", "", "2026-09-20"),
            (14, "2026-09-10", "КП", "lost", "", "2026-09-25"),
            (7, "2026-09-10", "КП", "won", "600000", "2026-11-02"),
            (23, "2026-11-10", "Встреча", "lost", "", "2026-11-20"),
            (7, "2026-11-10", "КП", "lost", "", "2026-11-25")):
        for _ in range(count):
            n += 1
            rows.append("D%d,%s,Продажи,%s,%s,%s,%s,%s," % (n, who, created, stage, status,
                                                           amount, closed))
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
init_and_import "$imp"

inv() { # NAME ARGS...: the report's output into $tmp/NAME
  local name=$1; shift
  expect_rc 0 "$VO" report investigations --db "$db" "$@"
  cp "$tmp/out" "$tmp/$name"
}
inv all.json --period 2026-11 --as-of 2026-11-30 --format json
inv boris.json --period 2026-11 --as-of 2026-11-30 --user boris@test.ru --format json
inv all.csv --period 2026-11 --as-of 2026-11-30 --format csv
LANG=ru_RU.UTF-8 inv table --period 2026-11 --as-of 2026-11-30 --format table
expect_rc 0 "$VO" report daily --db "$db" --date 2026-11-30 --format table
cp "$tmp/out" "$tmp/daily"
expect_rc 0 "$VO" report monthly --db "$db" --date 2026-12-01 --format json
cp "$tmp/out" "$tmp/monthly.json"
expect_rc 2 "$VO" report investigations --db "$db" --as-of 2026-11-30 --user nobody@test.ru

py_checks <<'PY'
r = json.load(open(d + "/all.json"))
eq("keys", list(r.keys()), ["from", "to", "as_of", "baseline_from", "baseline_to",
                            "elapsed_wd", "baseline_wd", "pipeline", "investigations"])
eq("periods", (r["from"], r["to"], r["baseline_from"], r["baseline_to"]),
   ("2026-11-01", "2026-11-30", "2026-08-01", "2026-10-31"))
eq("as_of", r["as_of"], "2026-12-01T00:00:00+03:00")
f = r["investigations"]
eq("finding keys", list(f[0].keys()),
   ["subject", "user_id", "name", "email", "kind", "what", "step", "against", "value",
    "baseline", "delta", "change", "sample", "money", "sentence", "sentence_en"])
eq("findings", [(x["name"], x["step"], x["against"], x["money"]) for x in f],
   [("Отдел продаж", "КП -> выиграна", "baseline", -280000000),
    ("Отдел продаж", "Встреча -> КП", "baseline", -224000000),
    ("Анна Смирнова", "Встреча -> КП", "baseline", -112000000),
    ("Борис Орлов", "Встреча -> КП", "baseline", -112000000)])
a = f[2]
eq("value", a["value"], 7 / 30)
eq("baseline", a["baseline"], 0.42)
eq("delta", a["delta"], 7 / 30 - 0.42)
eq("sample", a["sample"], 30)
eq("sentence", a["sentence"],
   "Анна Смирнова: конверсия Встреча -> КП упала с 42% до 23%: -1,1 млн ₽ к плану")
eq("sentence_en", a["sentence_en"],
   "Анна Смирнова: conversion Встреча -> КП fell from 42% to 23%: -1.1M ₽ to the plan")
eq("department", (f[0]["subject"], f[0]["user_id"], f[0]["sentence"]),
   ("department", None, "Отдел продаж: конверсия КП -> выиграна упала с 33% до 0%: "
    "-2,8 млн ₽ к плану"))
b = json.load(open(d + "/boris.json"))["investigations"]
eq("--user", [(x["name"], x["money"]) for x in b], [("Борис Орлов", -112000000)])
m = json.load(open(d + "/monthly.json"))
eq("monthly", [(x["name"], x["money"]) for x in m["investigations"]],
   [(x["name"], x["money"]) for x in f])
import csv
rows = list(csv.reader(open(d + "/all.csv", newline="")))
eq("csv header", rows[0], ["subject", "user_id", "name", "kind", "what", "step", "against",
                           "value", "baseline", "delta", "change", "sample", "money", "sentence"])
eq("what", [x["what"] for x in f], ["КП -> выиграна", "Встреча -> КП", "Встреча -> КП",
                                    "Встреча -> КП"])
eq("csv rows", [(x[2], x[4], x[12]) for x in rows[1:]],
   [("Отдел продаж", "КП -> выиграна", "-280000000"),
    ("Отдел продаж", "Встреча -> КП", "-224000000"),
    ("Анна Смирнова", "Встреча -> КП", "-112000000"),
    ("Борис Орлов", "Встреча -> КП", "-112000000")])
t = open(d + "/table").read()
eq("table", "Разборы (4):\n  1. Отдел продаж: конверсия КП -> выиграна упала с 33% до 0%: "
   "-2,8 млн ₽ к плану\n" in t, True)
eq("table line", "  3. Анна Смирнова: конверсия Встреча -> КП упала с 42% до 23%: -1,1 млн ₽ "
   "к плану\n" in t, True)
dl = open(d + "/daily").read()
eq("daily block", "Разборы (4):" in dl and "  4. Борис Орлов: конверсия Встреча -> КП упала "
   "с 42% до 23%: -1,1 млн ₽ к плану" in dl, True)
PY
finish
