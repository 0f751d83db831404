#!/usr/bin/env bash
# A new org works at once: `voronka init` creates the default pipeline
# "Продажи" with its stages and loads the production calendar 2024-2027,
# says so, and `voronka calendar load|list` reloads a year and shows the
# working days (December 2026: 22, since Dec 31 is a day off by the 2026
# decree). `init --empty` makes a bare org. Prints "N passed, N failed".
. "$(dirname "$0")/common.bash"
db=$(new_db cal)
q() { sql "$db" "$1"; }
expect_eq() { # what got want
  if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}

expect_rc 0 "$VO" init --db "$db" --org "ООО Старт" --admin boss@t.ru
expect_eq "init says what it loaded" "$(grep -v '^Пароль:' "$tmp/out")" \
"Создана организация «ООО Старт» (id 1) в $db
Администратор: boss@t.ru
Воронка «Продажи»: 5 этапов (изменить: настройки → воронки, или API /api/v1/pipelines).
Производственный календарь 2024–2027: 75 выходных или праздничных дней, 4 рабочие субботы (2027 — предварительный, до постановления).
Обновить год по новому постановлению: voronka calendar load --year ГГГГ"
expect_eq "pipeline" "$(q 'select name from pipelines')" "Продажи"
expect_eq "stages" "$(q "select name || ':' || position || ':' || max_days from stages order by position" | joined '|')" \
  "Новая заявка:1:2|Квалификация:2:5|Презентация / КП:3:7|Переговоры:4:14|Счёт выставлен:5:10"
# 2024: 14 statutory + 5 moved off + 3 Saturdays; 2025: 14 + 5 + 1;
# 2026: 14 + 4; 2027: 14 + 5 (provisional). 75 days off, 4 Saturdays.
expect_eq "rows per year" "$(q "select count(*) from holidays group by substr(date, 1, 4) order by substr(date, 1, 4)" | joined ' ')" "22 20 18 19"
expect_eq "Dec 31 2026 is off" "$(q "select kind || ' ' || name from holidays where date = '2026-12-31'")" "holiday Перенесённый выходной"
expect_eq "one audit row of the starter" "$(q "select count(*) from audit_log where action = 'org.starter'")" "1"

expect_rc 0 "$VO" calendar list --db "$db" --year 2026
expect_eq "December 2026" "$(grep '^декабрь' "$tmp/out" | tr -s ' ')" "декабрь 22"
expect_eq "2026 in all" "$(grep '^Итого' "$tmp/out" | tr -s ' ')" "Итого 247"
expect_eq "2026 marks" "$(grep -c 'выходной' "$tmp/out")" "18"

# a mark set by hand is replaced by the reload of its year
q "insert into holidays(org_id, date, kind, name) values(1, '2027-07-01', 'holiday', 'Корпоратив')"
expect_rc 0 "$VO" calendar load --db "$db" --year 2027
expect_eq "load 2027" "$(cat "$tmp/out")" \
  "Производственный календарь 2027 загружен (предварительный: постановления нет): 19 выходных или праздничных дней, 0 рабочих суббот; заменено 20 прежних отметок."
expect_eq "hand mark gone" "$(q "select count(*) from holidays where date = '2027-07-01'")" "0"
expect_eq "2027 rows" "$(q "select count(*) from holidays where date like '2027-%'")" "19"
expect_rc 0 "$VO" calendar load --db "$db" --year 2025
expect_eq "load 2025" "$(cat "$tmp/out")" \
  "Производственный календарь 2025 загружен: 19 выходных или праздничных дней, 1 рабочая суббота; заменено 20 прежних отметок."
expect_eq "audit of the loads" "$(q "select detail from audit_log where action = 'calendar.load' order by id" | joined '|')" \
  "2027: 19 days off, 0 working days, 20 rows replaced|2025: 19 days off, 1 working days, 20 rows replaced"
expect_rc 0 "$VO" calendar list --db "$db" --year 2031
expect_eq "a year with no marks says how to load it" "$(tail -1 "$tmp/out")" \
  "Отмеченных дней нет: загрузите календарь командой voronka calendar load --year 2031"
expect_eq "2031 without marks: Monday-Friday" "$(grep '^Итого' "$tmp/out" | tr -s ' ')" "Итого 261"

expect_rc 1 "$VO" calendar load --db "$db"
expect_rc 1 "$VO" calendar load --db "$db" --year 1999
expect_rc 1 "$VO" calendar show --db "$db" --year 2026
expect_rc 1 "$VO" calendar load --db "$db" --year 2026 extra

# --empty: no pipeline, no calendar
db=$(new_db empty)
expect_rc 0 "$VO" init --db "$db" --empty --org "ООО Пусто" --admin boss@t.ru
expect_eq "empty: no starter lines" "$(grep -c 'Воронка\|календарь' "$tmp/out")" "0"
expect_eq "empty: nothing loaded" "$(q 'select (select count(*) from pipelines) + (select count(*) from stages) + (select count(*) from holidays)')" "0"
# the funnel of an org without a pipeline is an empty state, not an error
expect_rc 0 "$VO" report funnel --db "$db" --period 2026-11
expect_eq "empty funnel (table)" "$(cat "$tmp/out")" \
  "В организации нет воронки продаж: создайте её в настройках (или POST /api/v1/pipelines) либо импортируйте pipelines.csv."
expect_rc 0 "$VO" report funnel --db "$db" --period 2026-11 --format json
expect_eq "empty funnel (json)" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["pipeline"], d["no_pipeline"], d["groups"])' "$tmp/out")" "None True []"
expect_rc 2 "$VO" report funnel --db "$db" --period 2026-11 --pipeline Нет
finish
