#!/usr/bin/env bash
# `voronka report nps` end to end: the plan-fact company's users
# (tests/cli/data/planfact) with its clients replaced by three and an
# nps.csv imported; November 2026 as of the end of 2026-11-20
# (docs/reports.md, "NPS"), in JSON, table and CSV, against figures worked
# out by hand (METRICS.md "Clients": promoters 9-10, detractors 0-6,
# NPS = 100 * (promoters - detractors) / responses, one decimal, halves
# away from zero). Prints "N passed, N failed"; non-zero on any failure.
#
# Clients: C1 Иван's (channel ads, segment SMB), C2 Пётр's (seo, SMB), C3
# Иван's (no channel, no segment). Answers (Moscow time):
#   C1 10 11-01 00:10, C1 9 11-05, C1 8 11-06, C2 6 11-10 "Долго ждали",
#   C2 3 11-12, C3 10 11-20 23:30 (in: as_of ends 11-21 00:00),
#   C3 0 11-21 00:10 (after as_of: out), C2 9 10-31 23:30 (October).
# November: 10, 9, 8, 6, 3, 10 -> 6 responses, 3 promoters, 1 passive,
#   2 detractors: 100 * (3 - 2) / 6 = 16.666.. -> 16.7.
# By channel: ads {10, 9, 8} -> 3, 2, 1, 0, 66.666.. -> 66.7; seo {6, 3}
#   -> 2, 0, 0, 2, -100.0; none {10} -> 1, 1, 0, 0, 100.0.
# By user: ivan@t.ru {10, 9, 8, 10} -> 4, 3, 1, 0, 75.0; petr@t.ru
#   {6, 3} -> -100.0.
# By month, October 1 to November 30: 2026-10 {9} -> 100.0; 2026-11 16.7.
. "$(dirname "$0")/common.bash"
db=$(new_db nps)
d="$tmp/in"
data_dir planfact "$d"
cat >"$d/clients.csv" <<'CSV'
id,name,owner,channel,segment
C1,ООО Ромашка,ivan@t.ru,ads,SMB
C2,ООО Лютик,petr@t.ru,seo,SMB
C3,ИП Васильев,ivan@t.ru,,
CSV
cat >"$d/nps.csv" <<'CSV'
client,score,at,comment
C1,10,2026-11-01 00:10,
C1,9,2026-11-05 12:00,
C1,8,2026-11-06 12:00,
C2,6,2026-11-10 12:00,Долго ждали
C2,3,2026-11-12 12:00,
C3,10,2026-11-20 23:30,
C3,0,2026-11-21 00:10,
C2,9,2026-10-31 23:30,
CSV
init_and_import "$d"

nps() { # NAME ARGS...: the JSON report into $tmp/NAME.json
  local name=$1; shift
  expect_rc 0 "$VO" report nps --db "$db" --as-of 2026-11-20 --format json "$@"
  cp "$tmp/out" "$tmp/$name.json"
}
nps all --from 2026-11-01 --to 2026-11-30
nps channel --from 2026-11-01 --to 2026-11-30 --by channel
nps user --from 2026-11-01 --to 2026-11-30 --by user
nps month --from 2026-10-01 --to 2026-11-30 --by month

py_checks <<'PY'
def rep(name):
    return json.load(open(d + "/" + name + ".json"))
def groups(name):
    return [(g["key"], g["responses"], g["promoters"], g["passives"], g["detractors"], g["nps"])
            for g in rep(name)["groups"]]
a = rep("all")
eq("keys", list(a.keys()), ["from", "to", "as_of", "by", "groups", "detractors"])
eq("group keys", list(a["groups"][0].keys()),
   ["by", "key", "name", "responses", "promoters", "passives", "detractors", "nps"])
eq("all", groups("all"), [(None, 6, 3, 1, 2, 16.7)])
eq("by null", a["groups"][0]["by"], None)
eq("channel", groups("channel"),
   [("ads", 3, 2, 1, 0, 66.7), ("seo", 2, 0, 0, 2, -100.0), (None, 1, 1, 0, 0, 100.0)])
eq("user", groups("user"), [("ivan@t.ru", 4, 3, 1, 0, 75.0), ("petr@t.ru", 2, 0, 0, 2, -100.0)])
eq("user name", rep("user")["groups"][0]["name"], "Иван Петров")
eq("month", groups("month"), [("2026-10", 1, 1, 0, 0, 100.0), ("2026-11", 6, 3, 1, 2, 16.7)])
eq("detractors", [(x["client"], x["score"], x["comment"], x["owner"]) for x in a["detractors"]],
   [("ООО Лютик", 3, None, "petr@t.ru"), ("ООО Лютик", 6, "Долго ждали", "petr@t.ru")])
PY

# the table: the Russian title, one decimal with a comma, the detractors
expect_rc 0 "$VO" report nps --db "$db" --as-of 2026-11-20 --from 2026-11-01 --to 2026-11-30 --by channel
grep -q "^NPS (индекс лояльности), 2026-11-01 — 2026-11-30, на конец 2026-11-20" "$tmp/out" && ok || bad "title: $(cat "$tmp/out")"
grep -q "^ads  *3  *2  *1  *0  *66,7$" "$tmp/out" && ok || bad "table row: $(cat "$tmp/out")"
grep -q "^не указано  *1  *1  *0  *0  *100,0$" "$tmp/out" && ok || bad "none row: $(cat "$tmp/out")"
grep -q "^ООО Лютик  *6  *2026-11-10  *Пётр Орлов  *Долго ждали" "$tmp/out" && ok || bad "detractor: $(cat "$tmp/out")"
# CSV: a header and a row per group
expect_rc 0 "$VO" report nps --db "$db" --as-of 2026-11-20 --from 2026-11-01 --to 2026-11-30 --by channel --format csv
csv_rows "$tmp/out" >"$tmp/rows" && ok || bad "csv does not parse: $(cat "$tmp/out")"
[ "$(wc -l <"$tmp/rows")" -eq 4 ] && ok || bad "csv lines: $(cat "$tmp/rows")"
grep -q '^by|key|responses|promoters|passives|detractors|nps$' "$tmp/rows" && ok || bad "csv header: $(cat "$tmp/rows")"
grep -q '^channel|seo|2|0|0|2|-100$' "$tmp/rows" && ok || bad "csv row: $(cat "$tmp/rows")"
# a bad --by is refused naming it (exit 2: bad input)
expect_rc 2 "$VO" report nps --db "$db" --from 2026-11-01 --to 2026-11-30 --by team --format json
grep -q "by" "$tmp/err" && ok || bad "bad by: $(cat "$tmp/err")"
finish
