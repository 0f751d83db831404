#!/usr/bin/env bash
# `voronka import --skip-invalid` (docs/import.md, "Partial imports"): the
# valid rows imported, the rejected ones (and the rows depending on them)
# written to the rejects directory in their files' own columns plus _file,
# _line, _field, _code, _error; exit 4; the rejects directory never
# overwritten without --force; a fixed rejects directory imports as it is
# (exit 0); nothing good is exit 2; without the flag all or nothing as
# before; the Russian rejects under a Russian locale; a mapping's rejects
# in the export's own columns.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
src=${VO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
db=$(new_db skip)
q() { sql "$db" "$1"; }
expect_eq() { # what got want
  if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}

"$VO" init --db "$db" --empty --org "ООО Тест" --tz Europe/Moscow --currency RUB --admin boss@t.ru \
  >"$tmp/out" 2>&1 && ok || bad "init: $(cat "$tmp/out")"
imp="$tmp/in"
mkdir -p "$imp"
cp "$src/tests/data/import-good/"*.csv "$imp"
echo 'C3,ООО Третий,,,,,anna@example.com,2024-01-12,maybe,' >>"$imp/clients.csv"
printf '%s\n' 'D4,ivan@example.com,Продажи,2024-03-08,Третьему,C3,,Встреча,open,1000,,,,,' \
  'D5,ivan@example.com,Продажи,2024-03-08,Ошибка,C1,,Встреча2,open,3000,,,,,' >>"$imp/deals.csv"
echo 'PAY3,1000,2024-03-27,D4,' >>"$imp/payments.csv"

# --- without the flag: all or nothing, exit 2, the messages of before ---
expect_rc 2 "$VO" import --db "$db" "$imp"
expect_eq "nothing written" "$(q 'select count(*) from deals')" "0"
grep -q '^clients.csv:4: key_account: "maybe" is not 0 or 1$' "$tmp/err" && ok || bad "default: $(cat "$tmp/err")"
grep -q 'depends on' "$tmp/err" && bad "default mentions dependants: $(cat "$tmp/err")" || ok
grep -q '^2 problems: nothing was imported$' "$tmp/err" && ok || bad "default: $(cat "$tmp/err")"
expect_rc 1 "$VO" import --db "$db" --rejects "$tmp/r" "$imp"   # --rejects needs --skip-invalid

# --- partial: exit 4, the rejects beside PATH ---
expect_rc 4 "$VO" import --db "$db" --skip-invalid "$imp"
expect_eq "deals" "$(q 'select count(*) from deals')" "3"
expect_eq "payments" "$(q 'select count(*) from payments')" "2"
expect_eq "clients" "$(q 'select count(*) from clients')" "2"
grep -q '^  deals.csv  *5  *3  *0  *0  *2$' "$tmp/out" && ok || bad "summary: $(cat "$tmp/out")"
grep -q '^  payments.csv  *3  *2  *0  *0  *1$' "$tmp/out" && ok || bad "summary: $(cat "$tmp/out")"
grep -q '^deals.csv:5: client: depends on the row clients.csv:4, which was rejected$' "$tmp/err" \
  && ok || bad "dependant: $(cat "$tmp/err")"
grep -q '^4 rows rejected, the others imported$' "$tmp/err" && ok || bad "tail: $(cat "$tmp/err")"
grep -q "^The rejected rows (4) written to $imp-rejected\$" "$tmp/err" && ok || bad "where: $(cat "$tmp/err")"
expect_eq "rejects files" "$(cd "$imp-rejected" && ls | tr '\n' ' ')" "clients.csv deals.csv payments.csv "
expect_eq "deals rejects" "$(csv_rows "$imp-rejected/deals.csv" | sed 's/^\xEF\xBB\xBF//')" \
"id|owner|pipeline|created_at|title|client|product|stage|status|amount|closed_at|loss_reason|channel|source|custom.utm|_file|_line|_field|_code|_error
D4|ivan@example.com|Продажи|2024-03-08|Третьему|C3||Встреча|open|1000||||||deals.csv|5|client|import.depends_on_rejected|depends on the row clients.csv:4, which was rejected
D5|ivan@example.com|Продажи|2024-03-08|Ошибка|C1||Встреча2|open|3000||||||deals.csv|6|stage|import.not_stage_of|\"Встреча2\" is not a stage of pipeline \"Продажи\" (stages: Квалификация, Встреча, Предложение)"
expect_eq "payments rejects" "$(csv_rows "$imp-rejected/payments.csv" | tail -1)" \
  "PAY3|1000|2024-03-27|D4||payments.csv|4|deal|import.depends_on_rejected|depends on the row deals.csv:5, which was rejected"

# --- the rejects directory is not overwritten without --force ---
expect_rc 1 "$VO" import --db "$db" --skip-invalid "$imp"
grep -q "is not empty" "$tmp/err" && ok || bad "no refusal: $(cat "$tmp/err")"
expect_eq "still 3 deals" "$(q 'select count(*) from deals')" "3"
expect_rc 4 "$VO" import --db "$db" --skip-invalid --force "$imp"

# --- Russian: the reasons in Russian ---
expect_rc 4 env -u LC_MESSAGES LC_ALL=ru_RU.UTF-8 "$VO" import --db "$db" --skip-invalid --rejects "$tmp/ru" "$imp"
grep -q 'Зависит от строки clients.csv:4, которая отклонена' "$tmp/ru/deals.csv" && ok || bad "ru: $(cat "$tmp/ru/deals.csv")"
grep -q 'Отклонено строк: 4, остальные импортированы' "$tmp/err" && ok || bad "ru tail: $(cat "$tmp/err")"

# --- the round trip: fix the rejects, import that directory ---
sed -i 's/,maybe,/,1,/; s/Встреча2,open/Встреча,open/' "$imp-rejected/clients.csv" "$imp-rejected/deals.csv"
expect_rc 0 "$VO" import --db "$db" --skip-invalid --rejects "$tmp/r2" "$imp-rejected"
grep -q 'not a column' "$tmp/out" && bad "the _ columns warned: $(cat "$tmp/out")" || ok
expect_eq "deals after" "$(q 'select count(*) from deals')" "5"
expect_eq "payments after" "$(q 'select count(*) from payments')" "3"
expect_eq "C3 key account" "$(q "select key_account from clients where ext_id='C3'")" "1"
[ ! -e "$tmp/r2" ] && ok || bad "a rejects directory written with nothing rejected"
expect_rc 0 "$VO" import --db "$db" "$imp-rejected"   # and without the flag: all unchanged

# --- nothing good: exit 2, nothing written, the rejects still written ---
bad_dir="$tmp/bad"
mkdir -p "$bad_dir"
printf 'client,score,at\nC9,11,2024-04-01\n' >"$bad_dir/nps.csv"
expect_rc 2 "$VO" import --db "$db" --skip-invalid "$bad_dir"
expect_eq "no nps" "$(q 'select count(*) from nps_responses')" "1"
[ -f "$bad_dir-rejected/nps.csv" ] && ok || bad "no rejects for nothing imported"

# --- a mapping: the rejects in the export's own columns ---
mdb=$(new_db map)
"$VO" init --db "$mdb" --empty --org "ООО Карта" --tz Europe/Moscow --currency RUB --admin boss@t.ru >/dev/null 2>&1
mexp="$tmp/amo"
cp -r "$src/tests/data/amocrm-export" "$mexp"
map="$src/docs/examples/amocrm-deals.json"
# leads.csv:7: a day that is not in the calendar (cp1251, as amoCRM writes),
# and a new manager: the user the line makes is rejected with it
printf '%s\n' '106;Плохая дата;1 000;Новый Менеджер;31.02.2024 10:00;Продажи;Первичный контакт;;;' \
  | iconv -f utf-8 -t cp1251 >>"$mexp/leads.csv"
expect_rc 4 "$VO" import --db "$mdb" --map "$map" --skip-invalid "$mexp"
grep -q 'depends on the row leads.csv:7' "$tmp/err" && bad "a line depends on itself: $(cat "$tmp/err")" || ok
expect_eq "no new manager" "$(sql "$mdb" "select count(*) from users where name='Новый Менеджер'")" "0"
expect_eq "mapped deals" "$(sql "$mdb" 'select count(*) from deals')" "4" # 5 rows, a test one skipped
expect_eq "rejects of the mapping" "$(cd "$mexp-rejected" && ls | tr '\n' ' ')" "companies.csv leads.csv "
iconv -f cp1251 -t utf-8 "$mexp-rejected/leads.csv" >"$tmp/leads.utf8"
expect_eq "leads rejects header" "$(head -1 "$tmp/leads.utf8" | tr -d '\r')" \
  "ID;Название сделки;Бюджет;Ответственный;Дата создания;Воронка;Этап сделки;Компания;Дата закрытия;Теги;_file;_line;_field;_code;_error"
grep -q '^106;Плохая дата;1 000;Новый Менеджер;31.02.2024 10:00;Продажи;Первичный контакт;;;;leads.csv;7;created_at (Дата создания);mapping.no_such_day;' "$tmp/leads.utf8" \
  && ok || bad "leads rejects: $(cat "$tmp/leads.utf8")"
expect_eq "companies: the header only" "$(grep -c '' "$mexp-rejected/companies.csv")" "1"
# fixed, and imported through the same mapping
sed -i 's/31\.02\.2024/28.02.2024/' "$mexp-rejected/leads.csv"
expect_rc 0 "$VO" import --db "$mdb" --map "$map" --skip-invalid --rejects "$tmp/mr2" "$mexp-rejected"
expect_eq "the fixed deal" "$(sql "$mdb" "select title from deals where ext_id='106'")" "Плохая дата"
expect_eq "its manager" "$(sql "$mdb" "select count(*) from users where name='Новый Менеджер'")" "1"
finish
