#!/usr/bin/env bash
# Issue 13, item 6 (docs/OPERATIONS.md): `voronka doctor` on a sound and on
# a deliberately broken database (an orphan row written with the foreign
# keys off, a row pointing into another org, a calendar year deleted, a
# schema behind the binary), in English, Russian and JSON, exit 0 / 1;
# `voronka backup --to DIR`; `voronka serve --config FILE` (the file's
# keys, the flags winning, errors naming the file, the line and the key)
# with --log-format json (every line a JSON object with ts, level, msg, and
# route, status, ms for a request), a backup at start, /health, /ready and
# /metrics answering.
. "$(dirname "$0")/common.bash"
db=$(new_db demo)
"$VO" demo --db "$db" --deals 300 --as-of 2026-11-20 >"$tmp/out" 2>&1 && ok ||
  bad "demo: $(cat "$tmp/out")"

# ---- doctor ----
expect_rc 0 "$VO" doctor --db "$db" --as-of 2026-11-20
grep -q "No problems found" "$tmp/out" && ok || bad "sound db: $(cat "$tmp/out")"
grep -q "schema: version [0-9]*, current" "$tmp/out" && ok || bad "schema line: $(cat "$tmp/out")"
# 2029 needs a calendar the demo did not load
expect_rc 1 "$VO" doctor --db "$db" --as-of 2029-03-01
grep -q "no production calendar for 2029 (voronka calendar load --year 2029)" "$tmp/out" && ok ||
  bad "2029: $(cat "$tmp/out")"
grep -q "no production calendar for 2030" "$tmp/out" && ok || bad "2030: $(cat "$tmp/out")"

# The broken copy. SQLite: an orphan task (the foreign keys off) and a
# deal owned by a user of another org; PostgreSQL enforces both (its
# foreign keys, the org's own included: docs/SCALING.md), so its copy
# breaks the calendar only, which its doctor checks as SQLite's.
broken=$(copy_db "$db" broken)
if skip_on_pg "doctor's orphan and other-org rows (PostgreSQL enforces the foreign keys)"; then
  sql "$broken" "DELETE FROM holidays WHERE date LIKE '2025-%';
    INSERT INTO orgs (id, name, created_at) VALUES (77, 'Другая', 0);" 2>"$tmp/err" && ok ||
    bad "breaking: $(cat "$tmp/err")"
else
  sql "$broken" "PRAGMA foreign_keys = OFF;
    INSERT INTO tasks (org_id, assignee_id, title, created_at, due_at, deal_id)
      SELECT org_id, assignee_id, 'осиротевшая', created_at, due_at, 987654 FROM tasks LIMIT 1;
    DELETE FROM holidays WHERE date LIKE '2025-%';
    INSERT INTO orgs (id, name, created_at) VALUES (77, 'Другая', 0);
    INSERT INTO users (org_id, name, email, role, password_hash, created_at)
      SELECT 77, 'Чужой', 'x@other.ru', role, password_hash, created_at FROM users LIMIT 1;
    UPDATE deals SET owner_id = (SELECT id FROM users WHERE org_id = 77)
      WHERE id = (SELECT min(id) FROM deals);" 2>"$tmp/err" && ok || bad "breaking: $(cat "$tmp/err")"
fi
expect_rc 1 "$VO" doctor --db "$broken" --as-of 2026-11-20
if ! on_pg; then
  grep -q "tasks: 1 rows point to missing rows of deals (first: row " "$tmp/out" && ok ||
    bad "orphan: $(cat "$tmp/out")"
  grep -q "deals.owner_id: 1 rows point to rows of users of another org" "$tmp/out" && ok ||
    bad "other org: $(cat "$tmp/out")"
fi
grep -q "no production calendar for 2025" "$tmp/out" && ok || bad "2025: $(cat "$tmp/out")"
grep -q "Problems found: " "$tmp/out" && ok || bad "summary: $(cat "$tmp/out")"
LC_ALL=ru_RU.UTF-8 "$VO" doctor --db "$broken" --as-of 2026-11-20 >"$tmp/ru" 2>&1
grep -q "Найдено проблем: " "$tmp/ru" && ok || bad "Russian: $(cat "$tmp/ru")"
grep -q "нет производственного календаря на 2025 год" "$tmp/ru" && ok || bad "Russian: $(cat "$tmp/ru")"
expect_rc 1 "$VO" doctor --db "$broken" --as-of 2026-11-20 --format json --full
cp "$tmp/out" "$tmp/doctor.json"
on_pg && echo pg >"$tmp/backend"
py_checks <<'PY'
import os
pg = os.path.exists(d + '/backend')
j = json.load(open(d + '/doctor.json'))
eq('ok', j['ok'], False)
eq('integrity', j['integrity'], 'none' if pg else 'integrity_check')
eq('schema ok', j['schema']['ok'], True)
f = j['findings']
orphans = [x for x in f if x['check'] == 'orphan']
eq('orphans', [(x['table'], x['parent'], x['rows']) for x in orphans], [] if pg else [('tasks', 'deals', 1)])
other = [x for x in f if x['check'] == 'other_org' and x['table'] == 'deals']
eq('other org', [(x['column'], x['parent'], x['rows']) for x in other], [] if pg else [('owner_id', 'users', 1)])
cal = sorted((x['org_id'], x['year']) for x in f if x['check'] == 'calendar')
# org 1 lost 2025; the new org 77 has no calendar for 2026 and 2027
eq('calendar', cal, [(1, 2025), (77, 2026), (77, 2027)])
eq('problems', j['problems'], len(f))
PY
# a schema behind the binary: named, and the database left as it was
old=$(copy_db "$db" old)
if on_pg; then
  set_version() { sql "$old" "UPDATE schema_version SET version = $1"; }
  version() { sql "$old" "SELECT version FROM schema_version"; }
else
  set_version() { sql "$old" "PRAGMA user_version = $1"; }
  version() { sql "$old" "PRAGMA user_version"; }
fi
set_version 12
expect_rc 1 "$VO" doctor --db "$old" --as-of 2026-11-20
grep -q "schema: version 12, this binary's is .*: run voronka migrate" "$tmp/out" && ok ||
  bad "old schema: $(cat "$tmp/out")"
[ "$(version)" = 12 ] && ok || bad "doctor migrated the db"
# no database: SQLite's missing file is refused (exit 2); PostgreSQL's
# empty database is one of schema version 0, behind the binary (exit 1)
if on_pg; then
  expect_rc 1 "$VO" doctor --db "$(new_db missing)"
  grep -q "schema: version 0, this binary's is .*: run voronka migrate" "$tmp/out" && ok ||
    bad "empty database: $(cat "$tmp/out")"
else
  expect_rc 2 "$VO" doctor --db "$(new_db missing)"
fi
expect_rc 1 "$VO" doctor --db "$db" --format yaml

# ---- backup --to DIR ----
mkdir "$tmp/bk"
if skip_on_pg "backup --to DIR and restore (a PostgreSQL database is backed up with pg_dump): backup refuses"; then
  expect_rc 2 "$VO" backup --db "$db" --to "$tmp/bk" --keep 2
  grep -q "back a PostgreSQL one up with pg_dump" "$tmp/err" && ok || bad "backup on PostgreSQL: $(cat "$tmp/err")"
  [ -z "$(ls "$tmp/bk")" ] && ok || bad "backup wrote: $(ls "$tmp/bk")"
else
  expect_rc 0 "$VO" backup --db "$db" --to "$tmp/bk" --keep 2
  ls "$tmp/bk" | grep -qE '^voronka-[0-9]{8}T[0-9]{6}Z\.db$' && ok || bad "backup name: $(ls "$tmp/bk")"
  f=$(ls "$tmp/bk"/voronka-*.db | head -1)
  expect_rc 0 "$VO" doctor --db "$f" --as-of 2026-11-20
  expect_rc 0 "$VO" backup --db "$db" "$tmp/one.db"
  expect_rc 0 "$VO" restore --db "$tmp/restored.db" "$tmp/one.db"
fi
expect_rc 1 "$VO" backup --db "$db" --keep 2 "$tmp/x.db"
expect_rc 1 "$VO" backup --db "$db"

# ---- serve --config ----
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
mkdir "$tmp/sbk"
cat >"$tmp/voronka.conf" <<CONF
# voronka's settings
[server]
db = $db
listen = 127.0.0.1:1
log_format = json
threads = 2

[metrics]
token = t0ken
CONF
# the scheduled backups are SQLite's: on PostgreSQL the server refuses them
# at start, naming pg_dump, and runs without them
cp "$tmp/voronka.conf" "$tmp/nobackup.conf"
cat >>"$tmp/voronka.conf" <<CONF

[backup]
dir = $tmp/sbk
every = 24h
keep = 3
CONF
if on_pg; then
  expect_rc 2 "$VO" serve --config "$tmp/voronka.conf" --listen "127.0.0.1:$port"
  grep -q -- "--backup-dir works on a SQLite database; back a PostgreSQL one up with pg_dump" "$tmp/err" &&
    ok || bad "serve with backups on PostgreSQL: $(cat "$tmp/err")"
  cp "$tmp/nobackup.conf" "$tmp/voronka.conf"
fi
# --listen wins over the file's (port 1 would fail)
"$VO" serve --config "$tmp/voronka.conf" --listen "127.0.0.1:$port" 2>"$tmp/serve.log" &
pid=$!
up=0
for _ in $(seq 100); do
  curl -s "http://127.0.0.1:$port/health" >/dev/null 2>&1 && up=1 && break
  sleep 0.1
done
[ $up = 1 ] && ok || bad "serve did not start: $(cat "$tmp/serve.log")"
for _ in $(seq 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready")" = 200 ] && break
  sleep 0.1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/ready")" = 200 ] && ok ||
  bad "not ready: $(curl -s "http://127.0.0.1:$port/ready")"
curl -s "http://127.0.0.1:$port/api/v1/deals/5" >/dev/null
curl -s "http://127.0.0.1:$port/metrics" >"$tmp/metrics.txt"
grep -q '^voronka_http_requests_total{method="GET",route="/health",status="200"} ' "$tmp/metrics.txt" &&
  ok || bad "metrics: $(head -5 "$tmp/metrics.txt")"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 10.0.0.9' \
  -H 'Authorization: Bearer t0ken' "http://127.0.0.1:$port/metrics")" = 200 ] && ok ||
  bad "the config's metrics token"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 10.0.0.9' \
  "http://127.0.0.1:$port/metrics")" = 403 ] && ok || bad "metrics without the token"
# the backup at start (SQLite's)
if ! on_pg; then
  for _ in $(seq 100); do
    ls "$tmp/sbk" | grep -qE '^voronka-[0-9]{8}T[0-9]{6}Z\.db$' && break
    sleep 0.1
  done
  ls "$tmp/sbk" | grep -qE '^voronka-[0-9]{8}T[0-9]{6}Z\.db$' && ok || bad "no backup at start"
fi
kill -TERM $pid
wait $pid && ok || bad "serve did not stop cleanly"
cp "$tmp/serve.log" "$tmp/log.txt"
py_checks <<'PY'
lines = open(d + '/log.txt').read().splitlines()
objs = [json.loads(l) for l in lines]
eq('every line is JSON', len(objs), len(lines))
eq('ts level msg everywhere', all({'ts', 'level', 'msg'} <= set(o) for o in objs), True)
eq('ts is UTC ISO', all(o['ts'].endswith('Z') and o['ts'][10] == 'T' for o in objs), True)
reqs = [o for o in objs if o['msg'] == 'request']
deal = [o for o in reqs if o['path'] == '/api/v1/deals/5']
eq('the request', [(o['method'], o['route'], o['status']) for o in deal],
   [('GET', '/api/v1/deals/{id}', 401)])
eq('ms is a number', all(isinstance(o['ms'], (int, float)) for o in reqs), True)
import os
eq('backup logged', any(o['msg'] == 'backup written' for o in objs), not os.path.exists(d + '/backend'))
eq('serving logged', objs[0]['msg'], 'serving')
PY

# the config's errors name the file, the line and the key
printf '[server]\nlisten = 127.0.0.1:0\nthis is not a setting\n' >"$tmp/bad1.conf"
expect_rc 2 "$VO" serve --config "$tmp/bad1.conf"
grep -q "config: $tmp/bad1.conf:3: not a \[group\], a key = value or a # comment" "$tmp/err" && ok ||
  bad "bad line: $(cat "$tmp/err")"
printf '[server]\n# a comment\nlisen = 127.0.0.1:0\n' >"$tmp/bad2.conf"
expect_rc 2 "$VO" serve --config "$tmp/bad2.conf"
grep -q "bad2.conf:3: unknown key lisen in \[server\]" "$tmp/err" && ok || bad "unknown key: $(cat "$tmp/err")"
printf '[server]\nthreads = many\n' >"$tmp/bad3.conf"
expect_rc 2 "$VO" serve --config "$tmp/bad3.conf"
grep -q 'bad3.conf:2: threads: "many" is not a whole number' "$tmp/err" && ok ||
  bad "bad number: $(cat "$tmp/err")"
printf '[sever]\nthreads = 2\n' >"$tmp/bad4.conf"
expect_rc 2 "$VO" serve --config "$tmp/bad4.conf"
grep -q 'bad4.conf:1: unknown group \[sever\]' "$tmp/err" && ok || bad "bad group: $(cat "$tmp/err")"
expect_rc 2 "$VO" serve --config "$tmp/none.conf"
grep -q "none.conf: cannot read it" "$tmp/err" && ok || bad "missing file: $(cat "$tmp/err")"
printf '[backup]\nevery = often\n' >"$tmp/bad5.conf"
expect_rc 1 "$VO" serve --config "$tmp/bad5.conf"
grep -q 'backup-every: "often" is not a duration' "$tmp/err" && ok || bad "bad duration: $(cat "$tmp/err")"
expect_rc 1 "$VO" serve --log-format xml

# ---- the plain-text log in Russian: its events from the catalogue ----
port=$(free_port)
LC_ALL=ru_RU.UTF-8 "$VO" serve --db "$db" --listen "127.0.0.1:$port" 2>"$tmp/ru.log" &
pid=$!
for _ in $(seq 100); do
  grep -q 'данные организаций загружены' "$tmp/ru.log" && break
  sleep 0.1
done
kill -TERM $pid
wait $pid
grep -q '^voronka: данные организаций загружены$' "$tmp/ru.log" && ok ||
  bad "the warm-up's event in Russian: $(cat "$tmp/ru.log")"
grep -q 'datasets loaded' "$tmp/ru.log" && bad "English in the Russian log: $(cat "$tmp/ru.log")" || ok
finish
