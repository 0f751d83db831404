#!/usr/bin/env bash
# `voronka meeting list` and `voronka meeting show` end to end
# (docs/meetings.md, docs/cli.md) on the plan-fact company's users, with
# two meetings stored by SQL (the CLI creates none), Europe/Moscow (UTC+3):
#  1: daily, 2021-03-11 09:00 (06:00 UTC = 1615442400), 20 min, held
#     (closed): Иван Петров present, Пётр Орлов absent ("Болел") -> "1 of 2
#     present"; agenda "Цифры дня" with notes "План 80%"; a decision
#     "Звонить до 11:00"; Иван's promise "3 КП" due 2021-03-12 18:00
#     (15:00 UTC = 1615561200), a Friday -> "до пт 12.03".
#  2: weekly, 2021-03-15 10:00 (07:00 UTC = 1615791600), planned: no
#     attendance yet.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
db=$(new_db m)
d="$tmp/in"
data_dir planfact "$d"
init_and_import "$d"
expect_eq() { # what got want
  if [ "$2" == "$3" ]; then ok; else bad "$1: got [$2] want [$3]"; fi
}
u() { echo "(SELECT id FROM users WHERE email = '$1')"; }
sql "$db" "
INSERT INTO meetings(id, org_id, kind, scheduled_at, limit_min, status, lead_id, created_at)
  VALUES (1, 1, 'daily', 1615442400, 20, 'closed', $(u anna@t.ru), 1615442400),
         (2, 1, 'weekly', 1615791600, 60, 'planned', $(u anna@t.ru), 1615442400);
INSERT INTO meeting_people(org_id, meeting_id, user_id, attendance, reason)
  VALUES (1, 1, $(u ivan@t.ru), 'present', NULL), (1, 1, $(u petr@t.ru), 'absent', 'Болел'),
         (1, 2, $(u ivan@t.ru), NULL, NULL);
INSERT INTO meeting_items(org_id, meeting_id, kind, position, text, notes)
  VALUES (1, 1, 'agenda', 1, 'Цифры дня', 'План 80%'),
         (1, 1, 'decision', 1, 'Звонить до 11:00', '');
INSERT INTO promises(org_id, user_id, text, due_at, meeting_id, created_at)
  VALUES (1, $(u ivan@t.ru), '3 КП', 1615561200, 1, 1615442400);" || bad "sql"

# list: a table, in the org's zone, both meetings by time
expect_rc 0 "$VO" meeting list --db "$db"
expect_eq "list" "$(grep -v '^─' "$tmp/out" | sed 's/  */ /g; s/ *$//')" "Meeting Date and time Kind Status Attendance
1 2021-03-11 09:00 daily meeting held 1 of 2 present
2 2021-03-15 10:00 weekly meeting planned"
expect_rc 0 "$VO" meeting list --db "$db" --kind weekly
expect_eq "--kind weekly" "$(tail -n +3 "$tmp/out" | cut -c1-2)" "2 "
expect_rc 0 "$VO" meeting list --db "$db" --from 2021-03-12
expect_eq "--from 12.03" "$(tail -n +3 "$tmp/out" | cut -c1-2)" "2 "
expect_rc 0 "$VO" meeting list --db "$db" --from 2021-03-11 --to 2021-03-11
expect_eq "--to 11.03 inclusive" "$(tail -n +3 "$tmp/out" | cut -c1-2)" "1 "
expect_rc 0 "$VO" meeting list --db "$db" --to 2021-03-10
expect_eq "none" "$(cat "$tmp/out")" "No meetings."
expect_rc 2 "$VO" meeting list --db "$db" --kind standup
expect_eq "bad kind names kind" "$(grep -c 'kind' "$tmp/err")" "1"
expect_rc 2 "$VO" meeting list --db "$db" --from 2021-02-30
# under a Russian locale: the kind, the status and the attendance in Russian
LC_ALL= LC_MESSAGES=ru_RU expect_rc 0 "$VO" meeting list --db "$db"
expect_eq "list ru" "$(sed -n 3p "$tmp/out" | sed 's/  */ /g; s/ *$//')" \
  "1 2021-03-11 09:00 Планёрка проведена 1 из 2"

# show: the protocol as the API's messenger text
expect_rc 0 "$VO" meeting show 1 --db "$db"
want="Планёрка 11.03.2021 (чт) 09:00, 20 мин
Присутствовали: Иван Петров
Отсутствовали: Пётр Орлов (Болел)

Повестка:
1. Цифры дня — План 80%

Решения:
— Звонить до 11:00

Обещания:
— Иван Петров: 3 КП до пт 12.03"
expect_eq "show text" "$(cat "$tmp/out")" "$want"
expect_rc 0 "$VO" meeting show 1 --db "$db" --format json
cp "$tmp/out" "$tmp/show.json"
printf '%s\n' "$want" >"$tmp/want.txt"
py_checks <<'PY'
o = json.load(open(d + "/show.json"))
eq("json keys", list(o.keys()), ["id", "kind", "scheduled_at", "status", "limit_min", "text"])
eq("json head", (o["id"], o["kind"], o["scheduled_at"], o["status"], o["limit_min"]),
   (1, "daily", "2021-03-11T09:00:00+03:00", "closed", 20))
eq("json text", o["text"], open(d + "/want.txt").read())
PY
expect_rc 2 "$VO" meeting show 99 --db "$db"
expect_eq "no meeting 99" "$(cat "$tmp/err")" "voronka: id: no meeting 99"
expect_rc 2 "$VO" meeting show abc --db "$db"
expect_rc 2 "$VO" meeting show 1 --db "$db" --format xml
expect_eq "bad format" "$(cat "$tmp/err")" 'voronka: format: format is text or json, not "xml"'
expect_rc 1 "$VO" meeting --db "$db"
expect_rc 1 "$VO" meeting show --db "$db"
finish
