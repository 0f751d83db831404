#!/usr/bin/env bash
# Spreadsheet formula injection: names, titles and ids a user typed that
# start with = + - @ (or TAB / CR) come out of every report's CSV with a
# single quote in front (OWASP "CSV Injection"), quoted per RFC 4180, while
# figures (a negative change included) stay numbers. The writer is
# src/render/csv_out.c; docs/reports.md ("CSV").
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
db=$(new_db g)

imp="$tmp/import"
# A manager whose name is a formula, a team that is one, a client, deal and
# task titles, a deal id and a stage: every place a report prints text.
data_dir csv_guard "$imp" # the files to import

expect_rc 0 "$VO" init --db "$db" --empty --org "ООО Тест" --tz Europe/Moscow --admin boss@t.ru
expect_rc 0 "$VO" import --db "$db" "$imp"

# csv_check FILE: parses FILE with Python's csv module; prints "ragged" for a
# row of another width than the header, and every text cell a spreadsheet
# would evaluate (it starts with = + - @ TAB CR and is not a number).
csv_check() {
  python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
for i, r in enumerate(rows):
    if len(r) != len(rows[0]):
        print("ragged row %d" % (i + 1))
    for c in r:
        if c[:1] in ("=", "+", "-", "@", "\t", "\r"):
            try:
                float(c)
            except ValueError:
                print("unguarded cell %r on row %d" % (c, i + 1))
PY
}

report() { # name, then the report's arguments
  local name=$1
  shift
  "$VO" report "$@" --db "$db" --format csv >"$tmp/$name" 2>"$tmp/err" && ok ||
    bad "$name: $(cat "$tmp/err")"
  local out
  out=$(csv_check "$tmp/$name")
  [ -z "$out" ] && ok || bad "$name: $out"
}
report hygiene.csv hygiene --as-of 2026-11-20
report list.csv hygiene --as-of 2026-11-20 --list
report pf.csv plan-fact --period 2026-11 --as-of 2026-11-20 --by user
report pf-team.csv plan-fact --period 2026-11 --as-of 2026-11-20 --by team
report funnel.csv funnel --from 2026-11-01 --to 2026-11-30 --as-of 2026-11-20 --by user
report funnel-team.csv funnel --from 2026-11-01 --to 2026-11-30 --as-of 2026-11-20 --by team
report daily.csv daily --date 2026-11-20
report weekly.csv weekly --date 2026-11-20
report monthly.csv monthly --date 2026-12-10

# The exact cells: the hostile title of the issue, and its neighbours.
grep -qxF "deal,'=D1,\"'=HYPERLINK(\"\"http://x\"\")\",'+cmd|' /C calc'!A0,'=cmd|' /C calc'!A0,,\"no next task; stale 17 days; stuck in КП 17 days > 7\"" \
  "$tmp/list.csv" && ok || bad "list: the =HYPERLINK title: $(grep -F HYPERLINK "$tmp/list.csv")"
grep -qxF "deal,D2,'@SUM(A1:A9),,Анна,,\"stale 18 days; missing amount, client\"" "$tmp/list.csv" &&
  ok || bad "list: the @SUM title: $(grep -F SUM "$tmp/list.csv")"
grep -qxF "task,T1,'-1+1,,Анна,2026-11-10 10:00,overdue 10 days" "$tmp/list.csv" && ok ||
  bad "list: the -1+1 task: $(grep -F T1 "$tmp/list.csv")"
grep -q "^user,'=cmd|' /C calc'!A0,eve@t.ru," "$tmp/hygiene.csv" && ok ||
  bad "hygiene: the manager's name: $(cat "$tmp/hygiene.csv")"
grep -q "^team,'+Команда,,revenue," "$tmp/pf-team.csv" && ok ||
  bad "plan-fact by team: $(grep -F Команда "$tmp/pf-team.csv" | head -1)"
grep -q "^team,'@Москва,'-Новая,1,0,0,0,1," "$tmp/funnel-team.csv" && ok ||
  bad "funnel: the stage -Новая: $(cat "$tmp/funnel-team.csv")"
# figures stay numbers: Анна's revenue fell from 5 000,00 in October to 0
# in November (change -500000 kopecks, -100%)
grep -qxF "user,Анна,anna@t.ru,'@Москва,revenue,,0,,,500000,,-500000,-1,1,0" "$tmp/monthly.csv" && ok ||
  bad "monthly: a negative change is a number: $(grep -F 'Анна' "$tmp/monthly.csv" | grep revenue)"

finish
