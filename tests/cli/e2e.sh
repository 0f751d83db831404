#!/usr/bin/env bash
# The command line end to end, as an operator uses it: init -> users ->
# import a directory -> counts in the database -> re-import changes nothing
# -> a bad directory is refused whole -> backup/restore -> exit codes.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
db=$(new_db e2e)

q() { sql "$db" "$1"; }
expect_eq() { # what got want
  if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi
}

# --- usage and help ---
expect_rc 1 "$VO"
expect_rc 1 "$VO" nosuchcommand
expect_rc 0 "$VO" --help
for c in init user import demo migrate backup restore; do
  expect_rc 0 "$VO" "$c" --help
done
expect_rc 1 "$VO" init --db "$db" --admin a@b.ru          # no --org
expect_rc 1 "$VO" init --db "$db" --org X --bogus-flag

# --- init ---
expect_rc 2 "$VO" init --db "$db" --org "ООО Тест" --tz Mars/Base --admin a@b.ru
expect_rc 2 "$VO" init --db "$db" --org "ООО Тест" --currency rubles --admin a@b.ru
expect_rc 0 "$VO" init --db "$db" --empty --org "ООО Тест" --tz Europe/Moscow --currency RUB --admin boss@test.ru
grep -q '^Пароль: *[A-Za-z0-9]\{16\}' "$tmp/out" && ok || bad "init prints no password: $(cat "$tmp/out")"
expect_eq "orgs" "$(q 'select name, tz, currency from orgs')" "ООО Тест|Europe/Moscow|RUB"
expect_eq "admin" "$(q "select role from users where email='boss@test.ru'")" "admin"
expect_eq "hash is argon2id" "$(q "select substr(password_hash,1,10) from users")" '$argon2id$'

# --- users ---
expect_rc 0 "$VO" user add --db "$db" --name "Анна Смирнова" --email anna@test.ru --team "Москва"
expect_rc 2 "$VO" user add --db "$db" --name "Дубль" --email ANNA@test.ru
expect_rc 2 "$VO" user add --db "$db" --name "Роль" --email r@test.ru --role boss
expect_rc 0 "$VO" user add --db "$db" --name "Олег Кузнецов" --email oleg@test.ru --role head --password "secret-pass-1"
expect_rc 0 "$VO" user list --db "$db"
grep -q "Анна Смирнова" "$tmp/out" && ok || bad "user list lacks Анна"
expect_rc 0 "$VO" user passwd --db "$db" anna@test.ru
expect_rc 2 "$VO" user passwd --db "$db" nobody@test.ru
expect_rc 0 "$VO" user disable --db "$db" oleg@test.ru
expect_eq "disabled" "$(q "select active from users where email='oleg@test.ru'")" "0"
expect_rc 2 "$VO" user disable --db "$db" boss@test.ru   # the last admin

# --- import ---
imp="$tmp/import"
data_dir e2e "$imp" # the files to import
expect_rc 0 "$VO" import --db "$db" --dry-run "$imp"
expect_eq "dry run writes nothing" "$(q 'select count(*) from deals')" "0"
expect_rc 0 "$VO" import --db "$db" "$imp"
expect_eq "deals" "$(q 'select count(*) from deals')" "3"
expect_eq "won amount in kopecks" "$(q "select amount from deals where ext_id='D1'")" "125000050"
expect_eq "created_at is Moscow time" "$(q "select created_at from deals where ext_id='D1'")" "1793602800"
expect_eq "owner by name" "$(q "select u.email from deals d join users u on u.id=d.owner_id where d.ext_id='D3'")" "petr@test.ru"
expect_eq "payment" "$(q 'select amount from payments')" "62500025"
expect_eq "users" "$(q 'select count(*) from users')" "5"
all_deals() { q "select id || ':' || coalesce(amount, 0) || ':' || status from deals order by id" | joined ,; }
before=$(all_deals)
expect_rc 0 "$VO" import --db "$db" "$imp"
expect_eq "re-import changes nothing" "$(all_deals)" "$before"
grep -qiE 'unchanged' "$tmp/out" && ok || bad "re-import summary says nothing of unchanged: $(cat "$tmp/out")"

# a bad directory: every bad row listed with file and line, nothing written
badd="$tmp/bad"
mkdir -p "$badd"
cat >"$badd/deals.csv" <<'CSV'
id,owner,pipeline,created_at,stage,status,amount,closed_at
D10,nobody@test.ru,Продажи,2026-11-02,Новый лид,open,100,
D11,maria@test.ru,Продажи,2026-02-30,Новый лид,open,100,
D12,maria@test.ru,Продажи,2026-11-02,Договор,open,100,
D13,maria@test.ru,Продажи,2026-11-02,Новый лид,won,100,
CSV
expect_rc 2 "$VO" import --db "$db" "$badd"
for line in 2 3 4 5; do
  grep -q "deals.csv:$line:" "$tmp/err" && ok || bad "bad row at line $line not listed: $(cat "$tmp/err")"
done
expect_eq "nothing written" "$(q 'select count(*) from deals')" "3"

# --- backup / restore / migrate ---
if skip_on_pg "backup / restore of a file (PostgreSQL's are pg_dump's): backup refuses"; then
  expect_rc 2 "$VO" backup --db "$db" "$tmp/b.db"
  grep -q "back a PostgreSQL one up with pg_dump" "$tmp/err" && ok || bad "backup on PostgreSQL: $(cat "$tmp/err")"
  newer=$(new_db newer)
  expect_rc 0 "$VO" init --db "$newer" --empty --org "ООО Новее" --admin a@b.ru
  sql "$newer" "UPDATE schema_version SET version = 999"
else
  expect_rc 0 "$VO" backup --db "$db" "$tmp/b.db"
  expect_rc 2 "$VO" backup --db "$db" "$tmp/b.db" # exists: refused
  expect_rc 0 "$VO" restore --db "$tmp/r.db" "$tmp/b.db"
  expect_eq "restored deals" "$(sql "$tmp/r.db" 'select count(*) from deals')" "3"
  newer=$tmp/r.db
  sql "$newer" "PRAGMA user_version = 999"
fi
expect_rc 0 "$VO" migrate --db "$db"
grep -q "up to date" "$tmp/out" && ok || bad "migrate: $(cat "$tmp/out")"
expect_rc 3 "$VO" migrate --db "$newer"
grep -q "newer than this voronka" "$tmp/err" && ok || bad "newer db message: $(cat "$tmp/err")"
expect_rc 2 "$VO" user list --db "$(new_db missing)"

finish
