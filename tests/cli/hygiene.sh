#!/usr/bin/env bash
# `voronka report hygiene` end to end: init -> import a small company ->
# the audit as of 2026-11-20 in JSON (figures worked out by hand below),
# the limit from the org's settings, --list in JSON, table and CSV.
# Prints "N passed, N failed" and exits non-zero on any failure.
#
# as_of = --as-of 2026-11-20 = 2026-11-21 00:00 Moscow (exclusive).
# Days are whole days of 24 h, rounded down; "more than" is strict.
# Pipeline Продажи: Новая (no limit), КП (max 7 days), Договор (max 10).
#
#  deal owner  state at as_of              working                        flags
#  D1   anna   open, КП since 11-12 10:00  8 d 14 h in КП -> 8 > 7         stuck
#               act 11-19 12:00 (1 day), task T1 open
#  D2   anna   open, created 11-06 10:00   no touch since: 14 d 14 h -> 14  no_next_task
#               14 is not more than 14: NOT stale; no task
#  D3   anna   open, created 11-05 10:00   15 d 14 h -> 15 > 14             stale 15
#               act 11-22 is after as_of (ignored); task T2 open
#  D4   anna   open, no amount, no client  task T3 open (overdue)          incomplete
#  D5   boris  won 11-25 (after as_of):    КП since 11-02 09:00: 18 d 15 h stuck 18 > 7
#               OPEN at as_of; task T4 done 11-22 (after as_of): open
#  D6   boris  open, Новая since 11-10;    the move to Договор 11-22 is     clean
#               after as_of: Новая has no limit; act 11-20; task T5
#  D7   boris  lost 11-15: closed                                          (not open)
#  D8   boris  created 11-22: not yet                                      (not open)
# tasks overdue at as_of: T3 (anna, due 11-19 10:00: 1 d 14 h -> 1 day),
#   T7 (boris, no deal, due 11-15 09:00: 5 d 15 h -> 5 days);
#   T6 was done 11-20 12:00 (before as_of): not open; T4 due 11-21 12:00: not yet due.
#
#            open overdue no_next stale stuck incompl clean score
#  anna        4     1       1      1     1     1      0    0.0
#  boris       2     1       0      0     1     0      1    50.0
#  org         6     2       1      1     2     1      1    16.7  (100*1/6 = 16.67)
# With {"open_deal_limit":3}: anna 4 > 3 overloaded, boris 2 not; org 1.
# With {"open_deal_limit":4}: 4 is not more than 4: nobody.
. "$(dirname "$0")/common.bash"
db=$(new_db h)

expect_eq() { # what got want
  if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}
# py 'expression over j (the parsed JSON of $tmp/out)'
py() { python3 -c "import json,sys; j=json.load(open('$tmp/out')); print($1)" 2>&1; }

imp="$tmp/import"
mkdir -p "$imp"
cat >"$imp/users.csv" <<'CSV'
name,email,role,team
Анна,anna@t.ru,manager,Москва
Борис,boris@t.ru,manager,Казань
CSV
cat >"$imp/pipelines.csv" <<'CSV'
pipeline,stage,position,max_days
Продажи,Новая,1,
Продажи,КП,2,7
Продажи,Договор,3,10
CSV
cat >"$imp/clients.csv" <<'CSV'
id,name
C1,ООО Альфа
C2,ИП Бета
CSV
cat >"$imp/deals.csv" <<'CSV'
id,owner,pipeline,created_at,title,client,stage,status,amount,closed_at
D1,anna@t.ru,Продажи,2026-11-01 10:00,Сделка 1,C1,КП,open,1000,
D2,anna@t.ru,Продажи,2026-11-06 10:00,Сделка 2,C1,Новая,open,500,
D3,anna@t.ru,Продажи,2026-11-05 10:00,Сделка 3,C2,Новая,open,700,
D4,anna@t.ru,Продажи,2026-11-18 10:00,Сделка 4,,Новая,open,,
D5,boris@t.ru,Продажи,2026-11-01 09:00,Сделка 5,C2,КП,won,100,2026-11-25 12:00
D6,boris@t.ru,Продажи,2026-11-10 09:00,Сделка 6,C1,Договор,open,300,
D7,boris@t.ru,Продажи,2026-11-01 09:00,Сделка 7,C1,Новая,lost,200,2026-11-15 12:00
D8,boris@t.ru,Продажи,2026-11-22 09:00,Сделка 8,C1,Новая,open,200,
CSV
cat >"$imp/stage_changes.csv" <<'CSV'
deal,stage,at
D1,Новая,2026-11-01 10:00
D1,КП,2026-11-12 10:00
D5,КП,2026-11-02 09:00
D6,Новая,2026-11-10 09:00
D6,Договор,2026-11-22 10:00
CSV
cat >"$imp/activities.csv" <<'CSV'
id,type,user,at,deal
a1,call,anna@t.ru,2026-11-19 12:00,D1
a2,call,boris@t.ru,2026-11-20 15:00,D5
a3,call,boris@t.ru,2026-11-20 16:00,D6
a4,call,anna@t.ru,2026-11-22 10:00,D3
CSV
cat >"$imp/tasks.csv" <<'CSV'
id,assignee,title,created_at,due_at,deal,done_at
T1,anna@t.ru,Позвонить,2026-11-12 10:00,2026-11-25 10:00,D1,
T2,anna@t.ru,Отправить КП,2026-11-06 10:00,2026-11-30 10:00,D3,
T3,anna@t.ru,Уточнить реквизиты,2026-11-18 10:00,2026-11-19 10:00,D4,
T4,boris@t.ru,Счёт,2026-11-02 09:00,2026-11-21 12:00,D5,2026-11-22 10:00
T5,boris@t.ru,Встреча,2026-11-10 09:00,2026-12-01 10:00,D6,
T6,boris@t.ru,Отчёт,2026-11-01 09:00,2026-11-10 10:00,,2026-11-20 12:00
T7,boris@t.ru,Перезвонить,2026-11-03 09:00,2026-11-15 09:00,,
CSV

expect_rc 0 "$VO" init --db "$db" --empty --org "ООО Тест" --tz Europe/Moscow --admin boss@t.ru
expect_rc 0 "$VO" import --db "$db" "$imp"
expect_rc 0 "$VO" report --help
grep -q hygiene "$tmp/out" "$tmp/err" && ok || bad "report --help does not name hygiene"

# --- the figures, default settings ---
expect_rc 0 "$VO" report hygiene --db "$db" --as-of 2026-11-20 --format json
row='lambda s: [r for r in j["rows"] if (r["email"] if r["scope"] == "user" else "org") == s][0]'
fields='"open_deals","overdue_tasks","no_next_task","stale","stuck","incomplete","overloaded","hygiene_score"'
fig() { py "' '.join(str(($row)('$1')[k]) for k in [$fields])"; }
expect_eq "anna" "$(fig anna@t.ru)" "4 1 1 1 1 1 0 0.0"
expect_eq "boris" "$(fig boris@t.ru)" "2 1 0 0 1 0 0 50.0"
expect_eq "org" "$(fig org)" "6 2 1 1 2 1 0 16.7"
expect_eq "rows" "$(py 'len(j["rows"])')" "3"   # the admin has nothing open and does not sell
expect_eq "settings" "$(py 'j["settings"]')" \
  "{'stale_days': 14, 'open_deal_limit': None, 'required_deal_fields': ['amount', 'client']}"
expect_eq "as_of" "$(py 'j["as_of"]')" "2026-11-21T00:00:00+03:00"
expect_eq "no list without --list" "$(py '"list" in j')" "False"

# --- the limit from the org's settings ---
sql "$db" "update orgs set settings='{\"open_deal_limit\":3}'"
expect_rc 0 "$VO" report hygiene --db "$db" --as-of 2026-11-20 --format json
expect_eq "anna overloaded" "$(py "($row)('anna@t.ru')['overloaded']")" "1"
expect_eq "boris not" "$(py "($row)('boris@t.ru')['overloaded']")" "0"
expect_eq "org overloaded" "$(py "($row)('org')['overloaded']")" "1"
sql "$db" "update orgs set settings='{\"open_deal_limit\":4,\"stale_days\":15}'"
expect_rc 0 "$VO" report hygiene --db "$db" --as-of 2026-11-20 --format json
expect_eq "4 is not more than 4" "$(py "($row)('org')['overloaded']")" "0"
expect_eq "D3 (15 days) not stale at 15" "$(py "($row)('org')['stale']")" "0"
sql "$db" "update orgs set settings='{\"required_deal_fields\":[\"colour\"]}'"
expect_rc 2 "$VO" report hygiene --db "$db" --as-of 2026-11-20
grep -q required_deal_fields "$tmp/err" && ok || bad "bad setting not named: $(cat "$tmp/err")"
sql "$db" "update orgs set settings='{}'"

# --- the list ---
expect_rc 0 "$VO" report hygiene --db "$db" --as-of 2026-11-20 --format json --list
expect_eq "listed deals" "$(py '" ".join(d["id"]+":"+d["owner"] for d in j["list"]["deals"])')" \
  "D1:Анна D3:Анна D2:Анна D4:Анна D5:Борис"  # by owner, then by creation
flags='lambda i: ";".join(",".join(f"{k}={v}" for k, v in f.items()) for f in [d for d in j["list"]["deals"] if d["id"] == i][0]["flags"])'
expect_eq "D1" "$(py "($flags)('D1')")" "flag=stuck,stage=КП,days=8,max_days=7"
expect_eq "D2" "$(py "($flags)('D2')")" "flag=no_next_task"
expect_eq "D3" "$(py "($flags)('D3')")" "flag=stale,days=15"
expect_eq "D4" "$(py "($flags)('D4')")" "flag=incomplete,missing=['amount', 'client']"
expect_eq "D5" "$(py "($flags)('D5')")" "flag=stuck,stage=КП,days=18,max_days=7"
expect_eq "D4 client" "$(py '[d for d in j["list"]["deals"] if d["id"] == "D4"][0]["client"]')" "None"
expect_eq "D1 title" "$(py 'j["list"]["deals"][0]["title"] + " / " + j["list"]["deals"][0]["client"]')" \
  "Сделка 1 / ООО Альфа"
expect_eq "tasks" \
  "$(py '" ".join("%s:%s:%s:%s:%d" % (t["id"], t["assignee"], t["title"], t["due"], t["days_overdue"]) for t in j["list"]["tasks"])')" \
  "T3:Анна:Уточнить реквизиты:2026-11-19 10:00:1 T7:Борис:Перезвонить:2026-11-15 09:00:5"

expect_rc 0 "$VO" report hygiene --db "$db" --as-of 2026-11-20 --list
# the table's list speaks Russian, with the plural of each count
grep -q "зависла на этапе «КП» 8 дней (лимит 7)" "$tmp/out" && ok || bad "table list: $(cat "$tmp/out")"
grep -q "без движения 15 дней" "$tmp/out" && ok || bad "table list lacks без движения 15 дней"
grep -q "не заполнена: сумма, клиент" "$tmp/out" && ok || bad "table list lacks missing fields"
grep -q "Уточнить реквизиты», срок 2026-11-19 10:00: просрочена на 1 день$" "$tmp/out" && ok ||
  bad "table list lacks T3 overdue 1 день"
grep -q "Перезвонить», срок 2026-11-15 09:00: просрочена на 5 дней$" "$tmp/out" && ok ||
  bad "table list lacks T7 overdue 5 дней"
grep -q "days\|stale\|overdue\|missing" "$tmp/out" && bad "English words in the table list" || ok
grep -q "16,7%" "$tmp/out" && ok || bad "table lacks the department score"
expect_rc 0 "$VO" report hygiene --db "$db" --as-of 2026-11-20 --format csv
expect_eq "csv org" "$(grep '^org,' "$tmp/out")" "org,,,6,2,1,1,2,1,0,16.7"
expect_rc 0 "$VO" report hygiene --db "$db" --as-of 2026-11-20 --format csv --list
expect_eq "csv list" "$(grep -c '^deal,' "$tmp/out") $(grep -c '^task,' "$tmp/out")" "5 2"

# --- --user and --team narrow the user rows and the list, not the department ---
expect_rc 0 "$VO" report hygiene --db "$db" --as-of 2026-11-20 --format json --list --user boris@t.ru
expect_eq "user rows" "$(py '" ".join(r["scope"] + ":" + str(r["name"]) for r in j["rows"])')" \
  "user:Борис org:None"
expect_eq "org still whole" "$(fig org)" "6 2 1 1 2 1 0 16.7"
expect_eq "user list" "$(py '" ".join(d["id"] for d in j["list"]["deals"]) + " " + " ".join(t["id"] + ":" + t["title"] for t in j["list"]["tasks"])')" \
  "D5 T7:Перезвонить"
expect_rc 0 "$VO" report hygiene --db "$db" --as-of 2026-11-20 --format json --team Москва
expect_eq "team rows" "$(py '" ".join(str(r["name"]) for r in j["rows"])')" "Анна None"
expect_rc 2 "$VO" report hygiene --db "$db" --as-of 2026-11-20 --user nobody@t.ru
expect_rc 2 "$VO" report hygiene --db "$db" --as-of 2026-11-20 --team Марс

finish
