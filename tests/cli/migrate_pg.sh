#!/usr/bin/env bash
# Issue 15, item 5 (docs/SCALING.md, "Moving between SQLite and
# PostgreSQL"): `voronka migrate --to` copies a demo database whole from
# SQLite into a fresh PostgreSQL database (the reports read the same on
# both; the identity sequences past the largest ids, the triggers on
# again) and back into a new SQLite file (every row of every table, rowid
# and type, as in the first); `--check` finds the copies equal, and a row
# changed in either afterwards, naming its table (exit 3); a database that
# holds an org is refused naming it (exit 2, also in Russian); a source
# behind the latest schema is refused, and the new file it would have been
# copied into is not left behind. Needs the throwaway cluster of the
# fixture pg_cluster (VO_PG_URL_FILE); skipped (77) without it.
. "$(dirname "$0")/common.bash"
if [ -z "${VO_PG_URL_FILE:-}" ] || [ ! -s "$VO_PG_URL_FILE" ] || ! command -v psql >/dev/null; then
  echo "skipped: no PostgreSQL cluster (VO_PG_URL_FILE) or no psql"
  exit 77
fi
url=$(cat "$VO_PG_URL_FILE")
base=${url%/*}
pga=vo_move_a_$$
pgb=vo_move_b_$$
cleanup() {
  psql -q "$url" -c "DROP DATABASE IF EXISTS $pga" -c "DROP DATABASE IF EXISTS $pgb" \
    >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
psql -q "$url" -c "CREATE DATABASE $pga" -c "CREATE DATABASE $pgb" >"$tmp/out" 2>&1 && ok ||
  bad "create databases: $(cat "$tmp/out")"
db=$tmp/demo.db
"$VO" demo --db "$db" --deals 2000 --as-of 2026-11-20 >"$tmp/out" 2>&1 && ok ||
  bad "demo: $(cat "$tmp/out")"

# ---- SQLite -> PostgreSQL ----
expect_rc 0 "$VO" migrate --db "$db" --to "$base/$pga"
cp "$tmp/out" "$tmp/to_pg.txt"
grep -q "^Copied $db to $base/$pga and checked it: [0-9]* tables, [0-9]* rows in " "$tmp/out" &&
  ok || bad "copied line: $(tail -1 "$tmp/out")"
grep -Eq '^deals +2000  [0-9a-f]{32}  ok$' "$tmp/out" && ok || bad "deals line: $(cat "$tmp/out")"
grep -Eq '^search_fts +[1-9][0-9]*  [0-9a-f]{32}  ok$' "$tmp/out" && ok ||
  bad "search index line: $(cat "$tmp/out")"
# every table of the demo's SQLite file (not its internals, nor the
# datasets' stamps, which the copy leaves: move_store.c) was copied
tables=$(sqlite3 "$db" "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND type IN
  ('table', 'virtual') AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'search_fts_%'
  AND name NOT IN ('dataset_seq', 'dataset_log')")
lines=$(grep -Ec '  [0-9a-f]{32}  ok$' "$tmp/out")
[ "$lines" -eq "$tables" ] && ok || bad "tables: $lines lines, $tables tables"
rows=$(sqlite3 "$db" "SELECT count(*) FROM activities")
[ "$(psql -Atc 'SELECT count(*) FROM activities' "$base/$pga")" = "$rows" ] && ok ||
  bad "activities rows on PostgreSQL"

for r in plan-fact funnel daily; do
  "$VO" report "$r" --db "$db" --format json --as-of 2026-11-20 --period 2026-11 \
    >"$tmp/lite-$r.json" 2>&1 && ok || bad "report $r on SQLite: $(cat "$tmp/lite-$r.json")"
  "$VO" report "$r" --db "$base/$pga" --format json --as-of 2026-11-20 --period 2026-11 \
    >"$tmp/pg-$r.json" 2>&1 && ok || bad "report $r on PostgreSQL: $(cat "$tmp/pg-$r.json")"
  cmp -s "$tmp/lite-$r.json" "$tmp/pg-$r.json" && ok ||
    bad "report $r differs: $(diff "$tmp/lite-$r.json" "$tmp/pg-$r.json" | head -5)"
done
grep -q '"fact"' "$tmp/pg-plan-fact.json" && ok || bad "plan-fact has no figures"

# the next row gets a new id; the triggers are on again
q() { psql -Atc "$1" "$base/$pga" 2>&1; }
[ "$(q "SELECT last_value = (SELECT max(id) FROM deals) FROM deals_id_seq")" = t ] && ok ||
  bad "deals' sequence: $(q "SELECT last_value FROM deals_id_seq")"
[ "$(q "SELECT last_value = (SELECT max(id) FROM activities) FROM activities_id_seq")" = t ] &&
  ok || bad "activities' sequence"
[ "$(q "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'")" = 0 ] &&
  ok || bad "triggers left disabled"
[ "$(q "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal")" -gt 20 ] && ok ||
  bad "triggers missing"
# the foreign keys and indexes set aside during the copy are back
fk_lite=$(sqlite3 "$db" "SELECT count(*) FROM sqlite_schema s, pragma_foreign_key_list(s.name) f
  WHERE s.type = 'table'")
[ "$(q "SELECT count(*) FROM pg_constraint WHERE contype = 'f'")" -ge "$fk_lite" ] && ok ||
  bad "foreign keys: $(q "SELECT count(*) FROM pg_constraint WHERE contype = 'f'") < $fk_lite"

# ---- PostgreSQL -> a new SQLite file ----
back=$tmp/back.db
expect_rc 0 "$VO" migrate --db "$base/$pga" --to "$back"
grep -q "^Copied $base/$pga to $back and checked it" "$tmp/out" && ok ||
  bad "copied back: $(tail -1 "$tmp/out")"
cat >"$tmp/same.py" <<'PY'
import sqlite3, sys
def tables(db):
    return sorted(r[0] for r in db.execute(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', "
        "'virtual') AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'search_fts_%' "
        "AND name NOT IN ('dataset_seq', 'dataset_log')"))  # not copied (move_store.c)
a, b = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
if tables(a) != tables(b):
    sys.exit("tables differ: %s" % (set(tables(a)) ^ set(tables(b))))
n = 0
for t in tables(a):
    cols = [r[1] for r in a.execute('SELECT * FROM pragma_table_info(?)', (t,))]
    sel = ', '.join('"%s", typeof("%s")' % (c, c) for c in cols)
    q = 'SELECT rowid, %s FROM "%s" ORDER BY rowid' % (sel, t)
    ra, rb = a.execute(q).fetchall(), b.execute(q).fetchall()
    if ra != rb:
        sys.exit("table %s differs: %d and %d rows" % (t, len(ra), len(rb)))
    n += len(ra)
tr = "SELECT name, sql FROM sqlite_schema WHERE type IN ('trigger', 'index') ORDER BY name"
if a.execute(tr).fetchall() != b.execute(tr).fetchall():
    sys.exit("triggers or indexes differ")
print("same: %d rows" % n)
PY
python3 "$tmp/same.py" "$db" "$back" >"$tmp/same" 2>&1 && ok || bad "round trip: $(cat "$tmp/same")"
[ "$(sqlite3 "$back" 'PRAGMA user_version')" = "$(sqlite3 "$db" 'PRAGMA user_version')" ] && ok ||
  bad "schema version of the copy"
[ "$(sqlite3 "$back" 'PRAGMA foreign_key_check' | wc -l)" -eq 0 ] && ok || bad "foreign keys"

# ---- --check: equal, then a row changed on either side ----
expect_rc 0 "$VO" migrate --db "$db" --to "$base/$pga" --check
grep -q "^$base/$pga holds the same as $db: " "$tmp/out" && ok || bad "check: $(cat "$tmp/out")"
expect_rc 0 "$VO" migrate --db "$back" --to "$base/$pga" --check
q "UPDATE deals SET amount = amount + 1 WHERE id = (SELECT min(id) FROM deals)" >/dev/null
expect_rc 3 "$VO" migrate --db "$db" --to "$base/$pga" --check
grep -q "voronka: to: table deals of $base/$pga differs from the source's (rows or checksum)" \
  "$tmp/err" && ok || bad "changed deal: $(cat "$tmp/err")"
grep -Eq '^deals +2000  [0-9a-f]{32}  DIFFERS: the copy has 2000 rows, checksum [0-9a-f]{32}$' \
  "$tmp/out" && ok || bad "changed deal's line: $(grep ^deals "$tmp/out")"
[ "$(grep -c DIFFERS "$tmp/out")" -eq 1 ] && ok || bad "only deals differ: $(grep DIFFERS "$tmp/out")"
sqlite3 "$back" "DELETE FROM notifications WHERE id = (SELECT max(id) FROM notifications)"
expect_rc 3 "$VO" migrate --db "$db" --to "$back" --check
grep -q "table notifications of $back differs" "$tmp/err" && ok || bad "deleted row: $(cat "$tmp/err")"
grep -Eq '^notifications +[0-9]+  [0-9a-f]{32}  DIFFERS: the copy has [0-9]+ rows' "$tmp/out" &&
  ok || bad "deleted row's line: $(grep ^notifications "$tmp/out")"

# ---- refusals ----
expect_rc 2 "$VO" migrate --db "$db" --to "$base/$pga"
grep -q "voronka: to: $base/$pga already holds the org \"Демо: ООО «Вектор»\" (id 1): give an empty database to copy into" \
  "$tmp/err" && ok || bad "non-empty: $(cat "$tmp/err")"
LC_ALL=ru_RU.UTF-8 "$VO" migrate --db "$db" --to "$back" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] && ok || bad "non-empty file: $(cat "$tmp/err")"
grep -q "уже есть организация «Демо: ООО «Вектор»» (id 1): укажите пустую базу" "$tmp/err" &&
  ok || bad "Russian: $(cat "$tmp/err")"
expect_rc 1 "$VO" migrate --db "$db" --check
expect_rc 1 "$VO" migrate --db "$db" --to "$db"
old=$tmp/old.db
cp "$db" "$old"
sqlite3 "$old" "PRAGMA user_version = $(($(sqlite3 "$db" 'PRAGMA user_version') - 1))"
expect_rc 3 "$VO" migrate --db "$old" --to "$tmp/new.db"
grep -q "has schema version [0-9]*, not the latest ([0-9]*): run \`voronka migrate\` on it first" \
  "$tmp/err" && ok || bad "old source: $(cat "$tmp/err")"
[ ! -e "$tmp/new.db" ] && ok || bad "the new file was left behind"
# a value PostgreSQL refuses (text in an integer column, which SQLite keeps):
# the copy fails naming the table, the line and the column, and leaves the
# database empty, its triggers on and foreign keys back: the next copy
# into it is taken
bad_db=$tmp/bad.db
cp "$db" "$bad_db"
sqlite3 "$bad_db" "UPDATE deals SET amount = 'много' WHERE id = (SELECT max(id) FROM deals)"
expect_rc 3 "$VO" migrate --db "$bad_db" --to "$base/$pgb"
grep -q "copying table deals into $base/$pgb: invalid input syntax for type bigint: \"много\" (COPY deals, line [0-9]*, column amount" \
  "$tmp/err" && ok || bad "refused value: $(cat "$tmp/err")"
qb() { psql -Atc "$1" "$base/$pgb" 2>&1; }
[ "$(qb "SELECT count(*) FROM orgs")" = 0 ] && ok || bad "orgs left after a failed copy"
[ "$(qb "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'")" = 0 ] &&
  ok || bad "triggers left disabled after a failed copy"
[ "$(qb "SELECT count(*) FROM pg_constraint WHERE contype = 'f'")" -ge "$fk_lite" ] && ok ||
  bad "foreign keys gone after a failed copy"
expect_rc 0 "$VO" migrate --db "$back" --to "$base/$pgb"
finish
