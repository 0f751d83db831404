#!/usr/bin/env bash
# The CLI speaks the language of the environment: an error in Russian when
# LC_ALL, LC_MESSAGES or LANG (the first set, in that order) starts with
# "ru", in English otherwise (every other tests/cli script sets no Russian
# locale, and checks English texts). Then the command line's own texts
# under a Russian locale: the help of voronka and of every command, the
# usage errors and an import's printout (a good one, a dry run, a refused
# one) hold no word in Latin letters only, outside the allowlist below
# (command names, option values, placeholders in capitals such as PATH or
# CSV, flags, file names and paths); and the same in English are English.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"

# The CLI: English unless the locale is Russian.
# (No database: SQLite's file is not there; PostgreSQL's database is empty.)
db=$(new_db none)
if on_pg; then
  want="voronka: org: the database has no org yet: create one with \`voronka init\`"
  want_ru="voronka: org: В базе ещё нет организации: создайте её командой \`voronka init\`"
  en_key="no org yet"
else
  want="voronka: db: no database at $db (create one with \`voronka init\`)"
  want_ru="voronka: db: Базы данных $db нет (создайте её командой \`voronka init\`)"
  en_key="no database at"
fi
LANG=C LC_ALL= LC_MESSAGES= "$VO" user list --db "$db" >"$tmp/out" 2>"$tmp/err"
[ "$(cat "$tmp/err")" = "$want" ] && ok || bad "C locale: '$(cat "$tmp/err")', want '$want'"
want=$want_ru
for env in "LANG=ru_RU.UTF-8" "LC_ALL=ru_RU.UTF-8 LANG=en_US.UTF-8" "LC_MESSAGES=ru_RU LANG=C"; do
  # shellcheck disable=SC2086
  env -u LC_ALL -u LC_MESSAGES $env "$VO" user list --db "$db" >"$tmp/out" 2>"$tmp/err"
  [ "$(cat "$tmp/err")" = "$want" ] && ok || bad "$env: '$(cat "$tmp/err")', want '$want'"
done
env -u LC_MESSAGES LC_ALL=en_US.UTF-8 LANG=ru_RU.UTF-8 "$VO" user list --db "$db" >"$tmp/out" 2>"$tmp/err"
grep -q "$en_key" "$tmp/err" && ok || bad "LC_ALL=en over LANG=ru: $(cat "$tmp/err")"

# latin_words FILE: the words of FILE written in Latin letters only that
# the allowlist does not excuse, one a line ("" when none).
latin_words() {
  python3 - "$1" <<'PY'
import re, sys
ALLOW = set("""voronka serve init user import demo migrate backup restore report plan calendar
load list add passwd disable set split show reverse plan-fact hygiene funnel daily weekly
monthly losses director day week month quarter table csv json team channel region source org equal
weights history admin head manager viewer leads revenue id email e-mail Secure X-Forwarded-For
X-Real-IP Ctrl-C stderr leaderboard bonus competition meeting forecast
abc-xyz at-risk investigations nps channels channel-dynamics channel-plans key-accounts
key-account webhook PATH-rejected doctor text amoCRM HubSpot Pipedrive Salesforce token sync key run Bitrix24 VORONKA_SYNC_KEY VORONKA_SYNC_TOKEN
db SQLite PostgreSQL""".split())
text = open(sys.argv[1], encoding="utf-8").read()
text = re.sub("«[^»]*»", " ", text)  # a value quoted back: the user's own
text = re.sub(r"(?m)^(\S+\.csv)(:\d+)?: [a-z_]+:", " ", text)  # file:line: column:
text = re.sub(r"(?m)^(Пароль|Password):\s+\S+", " ", text)  # a generated password
bad = set()
for tok in text.split():
    w = tok.strip(",.;:()[]<>«»\"'`…!?")
    if not re.search("[A-Za-z]", w) or re.search("[А-Яа-яЁё]", w):
        continue  # no Latin letter, or a Russian word
    if w.startswith("-") or re.search(r"[./$@=_|:0-9]", w):
        continue  # a flag; a file, path, address, variable or value
    if w == w.upper():
        continue  # a placeholder or a format: PATH, KIND, CSV, JSON
    if w not in ALLOW:
        bad.add(w)
print("\n".join(sorted(bad)))
PY
}
# ru_texts NAME COMMAND...: runs the command under a Russian locale (any
# exit code) and checks its stdout and stderr for words in Latin letters.
ru_texts() {
  local name=$1; shift
  env -u LC_ALL -u LC_MESSAGES LANG=ru_RU.UTF-8 "$@" >"$tmp/ru.out" 2>&1
  if [ ! -s "$tmp/ru.out" ]; then bad "$name: printed nothing"; return; fi
  local words
  words=$(latin_words "$tmp/ru.out")
  [ -z "$words" ] && ok || bad "$name: English under ru_RU: $(echo $words) in: $(head -c 600 "$tmp/ru.out")"
}
imp="$tmp/import"
data_dir csv_guard "$imp"
rudb=$(new_db ru)
ru_texts "init" "$VO" init --db "$rudb" --empty --org "ООО Тест" --admin boss@t.ru
ru_texts "--help" "$VO" --help
ru_texts "no command" "$VO"
ru_texts "an unknown command" "$VO" frobnicate
for c in serve init user import demo migrate backup restore report plan calendar bonus; do
  ru_texts "$c --help" "$VO" "$c" --help
done
ru_texts "report without a kind" "$VO" report --db "$rudb"
ru_texts "report of an unknown kind" "$VO" report --db "$rudb" nosuch
ru_texts "report --format xml" "$VO" report --db "$rudb" plan-fact --format xml
ru_texts "an unknown option" "$VO" report --bogus
ru_texts "an option without its value" "$VO" plan --period
ru_texts "plan without a subcommand" "$VO" plan --db "$rudb"
ru_texts "plan --by year" "$VO" plan --db "$rudb" show --period 2026-11 --by year
ru_texts "user without a subcommand" "$VO" user --db "$rudb"
ru_texts "user add without --name" "$VO" user --db "$rudb" add
ru_texts "calendar without a subcommand" "$VO" calendar --db "$rudb"
ru_texts "calendar load without --year" "$VO" calendar --db "$rudb" load
ru_texts "bonus without a subcommand" "$VO" bonus --db "$rudb"
ru_texts "bonus set without --file" "$VO" bonus --db "$rudb" set
ru_texts "import without a directory" "$VO" import --db "$rudb"
ru_texts "backup without a file" "$VO" backup --db "$rudb"
ru_texts "init without --admin" "$VO" init --db "$rudb" --org X
ru_texts "demo with a negative seed" "$VO" demo --db "$(db_of d)" --seed -1
ru_texts "migrate" "$VO" migrate --db "$rudb"
ru_texts "import --dry-run" "$VO" import --db "$rudb" --dry-run "$imp"
ru_texts "import" "$VO" import --db "$rudb" "$imp"
ru_texts "user list" "$VO" user --db "$rudb" list
printf 'name,email,role,team\nБорис,not-an-address,boss,\n' >"$imp/users.csv"
ru_texts "a refused import" "$VO" import --db "$rudb" "$imp"
ru_texts "backup" "$VO" backup --db "$rudb" "$tmp/copy.db"

# a mapping's skip rules without their own "reason" are told in the
# reader's language: two people without an e-mail, one marked "уволен"
mkdir -p "$tmp/map"
printf 'who,mail,state\nАнна,anna@t.ru,\nБорис,,\nВера,,\nГлеб,gleb@t.ru,уволен\n' >"$tmp/map/people.csv"
cat >"$tmp/map.json" <<'JSON'
{"name": "people", "files": [{"target": "users.csv", "source": "people.csv",
  "skip": [{"when_empty": "mail"}, {"when_equals": "state", "value": "уволен"}],
  "columns": {"name": "who", "email": "mail", "role": {"value": "manager"}}}]}
JSON
env -u LC_ALL -u LC_MESSAGES LANG=ru_RU.UTF-8 "$VO" import --db "$rudb" --dry-run --map "$tmp/map.json" "$tmp/map" >"$tmp/mv.out" 2>&1
grep -qx '  people.csv: 2 строки: столбец mail пуст' "$tmp/mv.out" &&
  grep -qx '  people.csv: 1 строка: в столбце state значение «уволен»' "$tmp/mv.out" && ok ||
  bad "skips without a reason under ru: $(cat "$tmp/mv.out")"
LANG=C LC_ALL= LC_MESSAGES= "$VO" import --db "$rudb" --dry-run --map "$tmp/map.json" "$tmp/map" >"$tmp/mv.out" 2>&1
grep -qx '  people.csv: 2 rows: mail is empty' "$tmp/mv.out" &&
  grep -qx '  people.csv: 1 row: state is уволен' "$tmp/mv.out" && ok ||
  bad "skips without a reason in English: $(cat "$tmp/mv.out")"

# the checker itself: the English help is full of English words, and a
# Russian text is not
"$VO" report --help >"$tmp/en.out" 2>&1
[ -n "$(latin_words "$tmp/en.out")" ] && ok || bad "the English help has no English word?"
LANG=ru_RU.UTF-8 LC_MESSAGES= "$VO" report --help >"$tmp/ru.out" 2>&1
grep -q '^Запуск: voronka report \[ПАРАМЕТРЫ...\] KIND$' "$tmp/ru.out" && ok || bad "ru help: $(head -3 "$tmp/ru.out")"
grep -q -- '--format=F  *table (по умолчанию), csv или json$' "$tmp/ru.out" && ok || bad "ru help options: $(cat "$tmp/ru.out")"
"$VO" report --help | grep -q '^Usage: voronka report \[OPTION...\] KIND$' && ok || bad "en help: $("$VO" report --help | head -2)"
env -u LC_ALL LC_MESSAGES=C LANG=ru_RU.UTF-8 "$VO" report --bogus 2>"$tmp/err"
[ "$(cat "$tmp/err")" = "voronka report: unknown option --bogus (see --help)" ] && ok || bad "C over ru: $(cat "$tmp/err")"
env -u LC_ALL -u LC_MESSAGES LANG=ru_RU.UTF-8 "$VO" report --bogus 2>"$tmp/err"
[ "$(cat "$tmp/err")" = "voronka report: неизвестный параметр --bogus (см. --help)" ] && ok || bad "ru: $(cat "$tmp/err")"

finish
