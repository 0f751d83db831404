#!/usr/bin/env bash
# A file that is not a database: every command refuses it with one readable
# sentence naming the file and SQLite's reason (the message once formatted
# itself into its own buffer and came out garbled), exit 3 (storage), and
# leaves the file as it was.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"

f="$tmp/notes.txt"
printf 'Позвонить клиенту в понедельник.\nThis is a text file, not a database: %s\n' \
  "$(head -c 2000 /dev/zero | tr '\0' 'x')" >"$f"
cp "$f" "$tmp/orig.txt"
want="voronka: db: $f is not a voronka database (SQLite: file is not a database)"

for cmd in "report daily" "report hygiene --format csv" "user list" "migrate"; do
  # shellcheck disable=SC2086
  "$VO" $cmd --db "$f" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ "$rc" -eq 3 ] && ok || bad "$cmd: exit $rc, want 3"
  got=$(cat "$tmp/err")
  [ "$got" = "$want" ] && ok || bad "$cmd: stderr '$got', want '$want'"
  [ ! -s "$tmp/out" ] && ok || bad "$cmd: wrote to stdout: $(cat "$tmp/out")"
done
cmp -s "$f" "$tmp/orig.txt" && ok || bad "the file was changed"

finish
