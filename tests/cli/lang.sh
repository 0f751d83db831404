#!/usr/bin/env bash
# The CLI speaks the language of the environment: an error in Russian when
# LC_ALL, LC_MESSAGES or LANG (the first set, in that order) starts with
# "ru", in English otherwise (every other tests/cli script sets no Russian
# locale, and checks English texts).
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"

# The CLI: English unless the locale is Russian.
db="$tmp/none.db"
LANG=C LC_ALL= LC_MESSAGES= "$VO" user list --db "$db" >"$tmp/out" 2>"$tmp/err"
want="voronka: db: no database at $db (create one with \`voronka init\`)"
[ "$(cat "$tmp/err")" = "$want" ] && ok || bad "C locale: '$(cat "$tmp/err")', want '$want'"
want="voronka: db: Базы данных $db нет (создайте её командой \`voronka init\`)"
for env in "LANG=ru_RU.UTF-8" "LC_ALL=ru_RU.UTF-8 LANG=en_US.UTF-8" "LC_MESSAGES=ru_RU LANG=C"; do
  # shellcheck disable=SC2086
  env -u LC_ALL -u LC_MESSAGES $env "$VO" user list --db "$db" >"$tmp/out" 2>"$tmp/err"
  [ "$(cat "$tmp/err")" = "$want" ] && ok || bad "$env: '$(cat "$tmp/err")', want '$want'"
done
env -u LC_MESSAGES LC_ALL=en_US.UTF-8 LANG=ru_RU.UTF-8 "$VO" user list --db "$db" >"$tmp/out" 2>"$tmp/err"
grep -q "no database at" "$tmp/err" && ok || bad "LC_ALL=en over LANG=ru: $(cat "$tmp/err")"

finish
