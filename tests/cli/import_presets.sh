#!/usr/bin/env bash
# `voronka import PATH` without --map on the exports of other CRMs
# (docs/import.md, "Presets"): each sample of tests/data/presets/<crm>/ in
# its CRM's own format (amoCRM: cp1251, ';', ~40 columns, some repeated;
# Bitrix24: UTF-8 with a BOM, "Name [ID]", a deal per product row;
# HubSpot, Pipedrive, Salesforce: ',' and their headers) is told by its
# headers ("Format found: ..."), imported, and its figures checked in the
# database: deals, won / lost / open with their sums in minor units,
# stages with their positions, users, clients. Then: --presets, the
# Russian message, a header no preset fits and one two presets fit (the
# errors name the candidates), --preset forcing one, --print-map's
# mapping re-used with --map giving the same database, re-import changing
# nothing. Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
src=${VO_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
data="$src/tests/data/presets"
expect_eq() { # what got want
  if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}
fresh() { # NAME: a new database NAME (db_of NAME) of an empty org (RUB: 2 digits)
  "$VO" init --db "$(new_db "$1")" --empty --org "ООО Тест" --tz Europe/Moscow --currency RUB \
    --admin boss@t.ru >"$tmp/init" 2>&1 && ok || bad "init: $(cat "$tmp/init")"
}
# figures DB: status:count:sum per status, stages, users without the admin, clients
figures() {
  sql "$1" "select status || ':' || count(*) || ':' || coalesce(sum(amount), 0) from deals
      group by status order by status" | joined ' '
  sql "$1" "select p.name || ':' || s.position || ':' || s.name from stages s
      join pipelines p on p.id = s.pipeline_id order by p.name, s.position" | joined ' | '
  sql "$1" "select name from users where email is null order by name" | joined ', '
  sql "$1" "select name from clients order by name" | joined ', '
}
check() { # CRM TITLE STATUSES STAGES USERS CLIENTS (CRM: the directory; its preset is
  # the name up to a '-': salesforce-history is read by salesforce)
  local db preset=${1%%-*}
  fresh "$1"
  db=$(db_of "$1")
  expect_rc 0 "$VO" import --db "$db" "$data/$1"
  grep -q "^Format found: $2 (--preset $preset)\$" "$tmp/out" && ok || bad "$1 detection: $(head -3 "$tmp/out")"
  figures "$db" >"$tmp/fig"
  expect_eq "$1 statuses" "$(sed -n 1p "$tmp/fig")" "$3"
  expect_eq "$1 stages" "$(sed -n 2p "$tmp/fig")" "$4"
  expect_eq "$1 users" "$(sed -n 3p "$tmp/fig")" "$5"
  expect_eq "$1 clients" "$(sed -n 4p "$tmp/fig")" "$6"
  # importing again changes nothing
  expect_rc 0 "$VO" import --db "$db" "$data/$1"
  grep -qE '^  deals.csv +[0-9]+ +0 +0 +[0-9]+$' "$tmp/out" && ok || bad "$1 again: $(cat "$tmp/out")"
  figures "$db" >"$tmp/fig2"
  expect_eq "$1 again" "$(cat "$tmp/fig2")" "$(cat "$tmp/fig")"
}

# amoCRM: 6 deals; won 3102 (45 000) + 3106 (25 000) = 70 000,00 -> 7000000;
# lost 3104 (60 000); open 150 000 + 320 000,50 + 90 000 = 560 000,50.
check amocrm "amoCRM (deals)" "lost:1:6000000 open:3:56000050 won:2:7000000" \
  "Продажи:1:Первичный контакт | Продажи:2:Переговоры | Продажи:3:Принимают решение" \
  "Анна Смирнова, Иван Петров, Мария Кузнецова" 'ИП Васильев, ООО "Вектор", ООО "Ромашка", Светлана Орлова'
expect_eq "amoCRM a deal without a company: its contact is the client" \
  "$(sql "$(db_of amocrm)" "select c.name from deals d join clients c on c.id = d.client_id where d.ext_id = '3104'")" \
  "Светлана Орлова"
expect_eq "amoCRM closed_at of 3102 (20.03.2024 16:40 Moscow)" \
  "$(sql "$(db_of amocrm)" "select $(sql_utc closed_at) from deals where ext_id = '3102'")" \
  "2024-03-20 13:40:00"
expect_eq "amoCRM open deals have no closed_at ('не закрыта')" \
  "$(sql "$(db_of amocrm)" "select count(*) from deals where status = 'open' and closed_at is null")" "3"
expect_eq "amoCRM loss reason" \
  "$(sql "$(db_of amocrm)" "select loss_reason from deals where ext_id = '3104'")" "Дорого"

# amoCRM's deals with its companies export beside (Название компании, Дата
# создания, ...): the deals are the same, every company is a client with
# its creation date, one without deals too, and the deals link to them (all
# 6: 3104 has no company, its contact Светлана Орлова is the client).
check amocrm-companies "amoCRM (deals)" "lost:1:6000000 open:3:56000050 won:2:7000000" \
  "Продажи:1:Первичный контакт | Продажи:2:Переговоры | Продажи:3:Принимают решение" \
  "Анна Смирнова, Иван Петров, Мария Кузнецова" 'ИП Васильев, ООО "Вектор", ООО "Ромашка", ООО «Без сделок», Светлана Орлова'
expect_eq "amoCRM deals linked to the companies" \
  "$(sql "$(db_of amocrm-companies)" "select count(*) from deals d join clients c on c.id = d.client_id")" "6"
expect_eq "amoCRM company created 01.02.2024 10:00 Moscow" \
  "$(sql "$(db_of amocrm-companies)" "select $(sql_utc created_at) from clients where name = 'ООО \"Ромашка\"'")" \
  "2024-02-01 07:00:00"

# The contacts export beside both (Полное имя, Компания, Дата создания):
# a contact's company is the client once (Олег Иванов -> ООО "Ромашка" keeps
# the companies export's date); a contact without a company is a client by
# name with the contact's date (Светлана Орлова, whose deal 3104 links to
# her; Алексей Морозов, no deal yet); a company only a contact names is a
# client (ООО «Новый клиент»); 8005 has neither and is skipped.
check amocrm-contacts "amoCRM (deals)" "lost:1:6000000 open:3:56000050 won:2:7000000" \
  "Продажи:1:Первичный контакт | Продажи:2:Переговоры | Продажи:3:Принимают решение" \
  "Анна Смирнова, Иван Петров, Мария Кузнецова" \
  'Алексей Морозов, ИП Васильев, ООО "Вектор", ООО "Ромашка", ООО «Без сделок», ООО «Новый клиент», Светлана Орлова'
grep -q 'amocrm_export_contacts_2024-03-29.csv: 1 row: neither a name nor a company: no client' "$tmp/out" \
  && ok || bad "contacts skip reported: $(cat "$tmp/out")"
expect_eq "amoCRM contact clients' dates (Moscow): Морозов 20.03 09:00, Орлова 15.03 14:00, Ромашка from the companies export" \
  "$(sql "$(db_of amocrm-contacts)" "select name || '=' || coalesce($(sql_utc created_at), '-') from clients where name in ('Алексей Морозов', 'Светлана Орлова', 'ООО \"Ромашка\"') order by name" | joined ' | ')" \
  'Алексей Морозов=2024-03-20 06:00:00 | ООО "Ромашка"=2024-02-01 07:00:00 | Светлана Орлова=2024-03-15 11:00:00'
expect_eq "amoCRM with contacts: every deal has its client" \
  "$(sql "$(db_of amocrm-contacts)" "select count(*) from deals where client_id is not null")" "6"

# Bitrix24: 8 rows, 6 deals (101 and 106 repeated per product); won 102
# (85 000) + 106 (1 200 000) = 128500000; lost 104 (132 000); open 240 000 +
# 0 + 510 000,50; users from "Name [ID]".
check bitrix24 "Bitrix24 (deals)" "lost:1:13200000 open:3:75000050 won:2:128500000" \
  "Общее:1:Подготовка документов | Общее:2:Новая | Тендеры:1:Счёт на предоплату" \
  "Дмитрий Соколов, Ольга Белова" 'Анна Фомина, ЗАО "ТехноПарк", ООО "Вектор", ООО "Склад-Сервис"'
expect_eq "Bitrix24 open deals take no expected closing date" \
  "$(sql "$(db_of bitrix24)" "select count(*) from deals where status = 'open' and closed_at is null")" "3"

# Kommo (amoCRM in English): ',' and English headers, "Phone" and "Email"
# repeated (the contact's, the company's), "not closed"; won 5102 (3 000) +
# 5105 (2 500) = 5 500 -> 550000; lost 5104 (8 000); open 12 000 +
# 4 500,50 + 20 000 = 36 500,50.
check kommo "Kommo / amoCRM in English (leads)" "lost:1:800000 open:3:3650050 won:2:550000" \
  "Sales:1:Initial contact | Sales:2:Negotiation | Sales:3:Decision making" \
  "Emma Clark, Liam Wright" "Acme Ltd, Bob Stone, Globex, Initech"
expect_eq "Kommo closed_at of 5102 (15.03.2024 17:00 Moscow)" \
  "$(sql "$(db_of kommo)" "select $(sql_utc closed_at) from deals where ext_id = '5102'")" \
  "2024-03-15 14:00:00"

# Kommo's companies and contacts exports beside the leads: Umbrella Corp
# (no leads) and Jane Doe (a contact without a company, no leads) are
# clients too, Acme Ltd and Bob Stone dated by their exports (Moscow).
check kommo-contacts "Kommo / amoCRM in English (leads)" "lost:1:800000 open:3:3650050 won:2:550000" \
  "Sales:1:Initial contact | Sales:2:Negotiation | Sales:3:Decision making" \
  "Emma Clark, Liam Wright" "Acme Ltd, Bob Stone, Globex, Initech, Jane Doe, Umbrella Corp"
expect_eq "Kommo clients' dates: Acme 01.02 10:00, Bob Stone 07.03 11:50, Jane Doe 25.03 15:00" \
  "$(sql "$(db_of kommo-contacts)" "select name || '=' || $(sql_utc created_at) from clients where name in ('Acme Ltd', 'Bob Stone', 'Jane Doe') order by name" | joined ' | ')" \
  "Acme Ltd=2024-02-01 07:00:00 | Bob Stone=2024-03-07 08:50:00 | Jane Doe=2024-03-25 12:00:00"
expect_eq "Kommo loss reason" \
  "$(sql "$(db_of kommo)" "select loss_reason from deals where ext_id = '5104'")" "Too expensive"
# the other names Kommo gives the columns (Name, Sale, Status, Date created,
# Closing date, Responsible) read the same
mkdir -p "$tmp/kommo2"
sed -e '1s/Lead name/Name/; 1s/Budget/Sale/; 1s/Responsible user/Responsible/' \
  -e '1s/Created at/Date created/; 1s/Closed at/Closing date/; 1s/,Stage,/,Status,/' \
  "$data/kommo/"*.csv >"$tmp/kommo2/leads.csv"
fresh kommo2
expect_rc 0 "$VO" import --db "$(db_of kommo2)" "$tmp/kommo2"
grep -q '(--preset kommo)$' "$tmp/out" && ok || bad "kommo2 detection: $(head -3 "$tmp/out") $(cat "$tmp/err")"
expect_eq "Kommo's other headers" "$(figures "$(db_of kommo2)")" "$(figures "$(db_of kommo)")"

# HubSpot: won 12 000 + 3 000; lost 8 000 + 15 000; open 4 500,50 + 20 000 + none.
check hubspot "HubSpot (all deals)" "lost:2:2300000 open:3:2450050 won:2:1500000" \
  "Sales Pipeline:1:Presentation Scheduled | Sales Pipeline:2:Contract Sent | Sales Pipeline:3:Appointment Scheduled" \
  "Emma Clark, Liam Wright" ""
expect_eq "HubSpot: an open deal's expected Close Date is left out" \
  "$(sql "$(db_of hubspot)" "select count(*) from deals where status = 'open' and closed_at is null")" "3"
expect_eq "HubSpot loss reasons" \
  "$(sql "$(db_of hubspot)" "select loss_reason from deals where status = 'lost' order by ext_id" | joined '; ')" \
  "Went with a competitor; Budget"

# Pipedrive: 6 rows, the deleted one skipped; won 12 500 + 9 900; lost 7 300;
# open 5 000 + 2 200; a closed deal keeps its stage.
check pipedrive "Pipedrive (deals)" "lost:1:730000 open:2:720000 won:2:2240000" \
  "Pipeline:1:Qualified | Pipeline:2:Proposal Made | Pipeline:3:Demo Scheduled | Pipeline:4:Contact Made | Pipeline:5:Negotiations Started" \
  "Marco Bianchi, Sofia Rossi" ""
grep -q '1 row: a deleted deal' "$tmp/out" && ok || bad "pipedrive skip: $(cat "$tmp/out")"
expect_eq "Pipedrive won time" \
  "$(sql "$(db_of pipedrive)" "select $(sql_utc closed_at) || ' ' || (select name from stages where id = stage_id) from deals where ext_id = '2'")" \
  "2024-03-05 11:59:30 Proposal Made"

# Salesforce: IsClosed / IsWon; won 75 000 + 80 000; lost 270 000; open
# 235 000 + 15 000; CreatedDate in UTC (the Z).
check salesforce "Salesforce (opportunities)" "lost:1:27000000 open:2:25000000 won:2:15500000" \
  "Salesforce:1:Prospecting | Salesforce:2:Id. Decision Makers" "Jane Doe, John Smith" ""
expect_eq "Salesforce CreatedDate is UTC" \
  "$(sql "$(db_of salesforce)" "select $(sql_utc created_at) from deals where ext_id = '0065g00000AbCdEAA1'")" \
  "2024-02-01 08:30:00"

# Salesforce with OpportunityHistory beside the Opportunity export (both
# under "*.csv": each entry takes the file whose header has its columns):
# the same deals, the pipeline's stages from the history in the order they
# first appear, and 15 history rows -> 12 passages (3 closings skipped):
# Prospecting 4 (A1, A2, A3, A4), Qualification 4 (A1, A3, A4, A5),
# Id. Decision Makers 2 (A1, A4), Negotiation/Review 2 (A1, A5).
check salesforce-history "Salesforce (opportunities)" "lost:1:27000000 open:2:25000000 won:2:15500000" \
  "Salesforce:1:Prospecting | Salesforce:2:Qualification | Salesforce:3:Id. Decision Makers | Salesforce:4:Negotiation/Review" \
  "Jane Doe, John Smith" ""
expect_eq "Salesforce passages per stage" \
  "$(sql "$(db_of salesforce-history)" "select s.name || ':' || count(*) from stage_changes c
      join stages s on s.id = c.stage_id group by s.id, s.name, s.position order by s.position" | joined ' ')" \
  "Prospecting:4 Qualification:4 Id. Decision Makers:2 Negotiation/Review:2"
expect_eq "Salesforce passages of A4, UTC" \
  "$(sql "$(db_of salesforce-history)" "select $(sql_utc c.at) from stage_changes c
      join deals d on d.id = c.deal_id where d.ext_id = '0065g00000AbCdEAA4' order by c.at" | joined ', ')" \
  "2024-02-20 09:00:00, 2024-02-28 12:00:00, 2024-03-10 10:00:00"
grep -q 'OpportunityHistory.csv: 15 rows read -> stage_changes.csv: 12 rows, 3 skipped' "$tmp/out" \
  && ok || bad "history summary: $(cat "$tmp/out")"

# --- the Russian message ---
fresh ru
LC_ALL=ru_RU.UTF-8 LC_MESSAGES=ru_RU.UTF-8 "$VO" import --db "$(db_of ru)" "$data/amocrm" >"$tmp/out" 2>&1
grep -q '^Найден формат: amoCRM (сделки) (--preset amocrm)$' "$tmp/out" && ok || bad "ru: $(head -2 "$tmp/out")"
grep -q 'через сопоставление amoCRM (сделки)$' "$tmp/out" && ok || bad "ru name: $(head -2 "$tmp/out")"

# --- --presets ---
expect_rc 0 "$VO" import --presets
expect_eq "presets" "$(awk '{print $1}' "$tmp/out" | tr '\n' ' ')" "amocrm bitrix24 hubspot kommo pipedrive salesforce "

# --- none fits: the error names the candidates, nothing written ---
mkdir -p "$tmp/none"
printf 'Deal Name,Amount\nX,1\n' >"$tmp/none/EXPORT.CSV"
fresh none
expect_rc 2 "$VO" import --db "$(db_of none)" "$tmp/none"
grep -q "no preset fits their headers (columns found per preset: amocrm 0/9, bitrix24 0/9, hubspot 2/8, kommo 0/9, pipedrive 0/10, salesforce 1/9): choose one with --preset NAME" "$tmp/err" \
  && ok || bad "none: $(cat "$tmp/err")"
expect_eq "none: nothing written" "$(sql "$(db_of none)" 'select count(*) from deals')" "0"

# --- several fit: a HubSpot and a Pipedrive export side by side ---
mkdir -p "$tmp/two"
cp "$data/hubspot/"*.csv "$data/pipedrive/"*.csv "$tmp/two"
expect_rc 2 "$VO" import --db "$(db_of none)" "$tmp/two"
grep -q "the headers fit several presets (hubspot, pipedrive): choose one with --preset NAME" "$tmp/err" \
  && ok || bad "two: $(cat "$tmp/err")"

# --- --preset forces one; a wrong one names the presets ---
mkdir -p "$tmp/forced"
cp "$data/hubspot/"*.csv "$tmp/forced/Deals-Export.CSV"
fresh forced
expect_rc 0 "$VO" import --db "$(db_of forced)" --preset hubspot "$tmp/forced"
grep -q "^Format found" "$tmp/out" && bad "forced: printed as found" || ok
expect_eq "forced" "$(figures "$(db_of forced)" | head -1)" "lost:2:2300000 open:3:2450050 won:2:1500000"
expect_rc 2 "$VO" import --db "$(db_of forced)" --preset pipedrive "$tmp/forced"
grep -q "no such column in the file" "$tmp/err" && ok || bad "wrong preset: $(cat "$tmp/err")"
expect_rc 2 "$VO" import --db "$(db_of forced)" --preset nosuch "$tmp/forced"
grep -q 'no preset "nosuch" (presets: amocrm, bitrix24, hubspot, kommo, pipedrive, salesforce)' "$tmp/err" \
  && ok || bad "no such preset: $(cat "$tmp/err")"
expect_rc 1 "$VO" import --db "$(db_of forced)" --preset hubspot --map x.json "$tmp/forced"

# --- --print-map: the mapping, adjusted and passed with --map, gives the same ---
expect_rc 0 "$VO" import --print-map "$data/bitrix24"
cp "$tmp/out" "$tmp/bitrix.json"
python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); assert m["name"] == "Bitrix24 (deals)"' \
  "$tmp/bitrix.json" && ok || bad "print-map: $(head -5 "$tmp/bitrix.json")"
expect_rc 0 "$VO" import --print-map --preset amocrm
grep -q '"Дата создания сделки"' "$tmp/out" && ok || bad "print-map --preset: $(head -5 "$tmp/out")"
fresh mapped
expect_rc 0 "$VO" import --db "$(db_of mapped)" --map "$tmp/bitrix.json" "$data/bitrix24"
grep -q "^Format found" "$tmp/out" && bad "--map: printed as found" || ok
expect_eq "--map from --print-map" "$(figures "$(db_of mapped)")" "$(figures "$(db_of bitrix24)")"
expect_rc 1 "$VO" import --print-map "$src/tests/data/import-good"

# --- voronka's own files are still voronka's own ---
fresh own
expect_rc 0 "$VO" import --db "$(db_of own)" "$src/tests/data/import-good"
grep -q "^Format found" "$tmp/out" && bad "own: $(head -2 "$tmp/out")" || ok

# --- workbooks: .xlsx and Bitrix24's HTML .xls (src/io/xlsx.c, table.c) ---
# amoCRM's export as an .xlsx written by tests/data/xlsx/make_xlsx.py: the
# text in shared strings (some as rich text runs, one with a phonetic
# run), IDs as inline strings, Бюджет as numbers (one a formula's cached
# value), dates as serial numbers with a custom date format, empty cells
# left out, an empty row after the header, and the data on the second
# sheet named like the file. The same figures as the CSV.
amo_figures=$(figures "$(db_of amocrm)")
mkdir -p "$tmp/amo-xlsx"
python3 "$src/tests/data/xlsx/make_xlsx.py" "$data/amocrm/"*.csv "$tmp/amo-xlsx/amocrm_export_leads.xlsx" \
  --encoding cp1251 --delimiter ';' --numbers 'Бюджет' --sheet amocrm_export_leads \
  && ok || bad "make_xlsx.py amocrm"
fresh amo-xlsx
expect_rc 0 "$VO" import --db "$(db_of amo-xlsx)" "$tmp/amo-xlsx"
grep -q '^Format found: amoCRM (deals) (--preset amocrm)$' "$tmp/out" && ok || bad "xlsx detection: $(head -3 "$tmp/out") $(cat "$tmp/err")"
expect_eq "amoCRM .xlsx figures" "$(figures "$(db_of amo-xlsx)")" "$amo_figures"
# 3102 closed 20.03.2024 16:40:00 Moscow, a serial date 45371.69444...
expect_eq "amoCRM .xlsx closed_at of 3102" \
  "$(sql "$(db_of amo-xlsx)" "select $(sql_utc closed_at) from deals where ext_id = '3102'")" \
  "2024-03-20 13:40:00"
# created 12.03.2024 10:15:00 Moscow; the 1904 date system gives the same
expect_eq "amoCRM .xlsx created_at of 3101" \
  "$(sql "$(db_of amo-xlsx)" "select $(sql_utc created_at) from deals where ext_id = '3101'")" \
  "2024-03-12 07:15:00"
mkdir -p "$tmp/amo-1904"
python3 "$src/tests/data/xlsx/make_xlsx.py" "$data/amocrm/"*.csv "$tmp/amo-1904/leads.xlsx" \
  --encoding cp1251 --delimiter ';' --numbers 'Бюджет' --1904 && ok || bad "make_xlsx.py 1904"
fresh amo-1904
expect_rc 0 "$VO" import --db "$(db_of amo-1904)" "$tmp/amo-1904/leads.xlsx"
expect_eq "amoCRM .xlsx in the 1904 date system" "$(figures "$(db_of amo-1904)")" "$amo_figures"
expect_eq "amoCRM .xlsx 1904 created_at of 3101" \
  "$(sql "$(db_of amo-1904)" "select $(sql_utc created_at) from deals where ext_id = '3101'")" \
  "2024-03-12 07:15:00"
# PATH a file and PATH a .zip holding it (a zip of files, not a workbook)
(cd "$tmp/amo-xlsx" && zip -q "$tmp/amo-xlsx.zip" amocrm_export_leads.xlsx)
expect_rc 0 "$VO" import --db "$(db_of amo-xlsx)" "$tmp/amo-xlsx.zip"
grep -qE '^  deals.csv +6 +0 +0 +6$' "$tmp/out" && ok || bad "xlsx in a zip again: $(cat "$tmp/out")"
expect_rc 0 "$VO" import --db "$(db_of amo-xlsx)" --print-map "$tmp/amo-xlsx/amocrm_export_leads.xlsx"
grep -q '"Дата создания сделки"' "$tmp/out" && ok || bad "print-map of an .xlsx: $(head -3 "$tmp/out")"

# Bitrix24's .xls export: an HTML table (<th> header, &nbsp; in empty
# cells), the rows of the CSV sample: the same figures.
fresh bitrix-xls
expect_rc 0 "$VO" import --db "$(db_of bitrix-xls)" "$src/tests/data/presets-xls/bitrix24"
grep -q '^Format found: Bitrix24 (deals) (--preset bitrix24)$' "$tmp/out" && ok || bad "xls detection: $(head -3 "$tmp/out") $(cat "$tmp/err")"
expect_eq "Bitrix24 .xls figures" "$(figures "$(db_of bitrix-xls)")" "$(figures "$(db_of bitrix24)")"

# A real binary .xls (OLE2) is refused with what to do.
mkdir -p "$tmp/biff"
printf '\320\317\021\340\241\261\032\341%01024d' 0 >"$tmp/biff/deals.xls"
expect_rc 2 "$VO" import --db "$(db_of none)" --preset amocrm "$tmp/biff"
grep -q 'deals.xls: a binary Excel 97-2003 workbook (.xls): save it as .xlsx or CSV' "$tmp/err" \
  && ok || bad "biff: $(cat "$tmp/err")"
# A damaged .xlsx names the file and the part. (Its data is on the first
# sheet: x.xlsx names none of its sheets.)
mkdir -p "$tmp/broken"
cp "$tmp/amo-1904/leads.xlsx" "$tmp/broken/x.xlsx"
python3 - "$tmp/broken/x.xlsx" <<'PY'
import sys, zipfile
src = sys.argv[1]
with zipfile.ZipFile(src) as z:
    parts = {n: z.read(n) for n in z.namelist()}
parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:-40]
with zipfile.ZipFile(src, "w") as z:
    for n, b in parts.items():
        z.writestr(n, b)
PY
expect_rc 2 "$VO" import --db "$(db_of none)" --preset amocrm "$tmp/broken"
grep -q 'x.xlsx: xl/worksheets/sheet1.xml is not well-formed XML' "$tmp/err" \
  && ok || bad "broken xlsx: $(cat "$tmp/err")"

finish
