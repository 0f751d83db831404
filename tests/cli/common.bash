# common.bash - what every tests/cli/*.sh starts with (sourced, not a test
# of its own: ctest runs tests/cli/*.sh only): the binary from $VO, a
# temporary directory $tmp removed on exit, the pass/fail counters and the
# checks that count them; the steps scripts share (data_dir, the files a
# script imports from tests/cli/data/<script>/; init_and_import; csv_rows).
# A script ends with `finish`, which prints "N passed, N failed" and fails
# on any failure.
set -u
VO=${VO:?path to the voronka binary}
# voronka's errors in English whatever the caller's locale (the scripts
# check English texts; tests/cli/lang.sh checks the Russian): the CLI reads
# LC_ALL, then LC_MESSAGES, then LANG (src/cli/cli.c).
case "${LC_ALL:-}" in ru*) export LC_ALL=C.UTF-8 ;; esac
export LC_MESSAGES=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
expect_rc() { # expected command...
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$* -> exit $got, want $want: $(cat "$tmp/err")"; fi
}
finish() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
# data_dir NAME DIR: the CSV files a script imports, tests/cli/data/NAME/,
# copied into DIR (made when missing).
data_dir() {
  mkdir -p "$2"
  cp "$(dirname "${BASH_SOURCE[0]}")/data/$1/"*.csv "$2"
}
# init_and_import DIR: a new empty database $db (ООО Тест, Europe/Moscow, RUB,
# admin boss@t.ru) with DIR imported; two checks.
init_and_import() {
  "$VO" init --db "$db" --empty --org "ООО Тест" --tz Europe/Moscow --currency RUB --admin boss@t.ru \
    >"$tmp/out" 2>&1 && ok || bad "init: $(cat "$tmp/out")"
  "$VO" import --db "$db" "$1" >"$tmp/out" 2>&1 && ok || bad "import: $(cat "$tmp/out")"
}
# csv_rows FILE: the rows of a CSV as parsed by Python's csv module, cells
# joined by | (fails when a row's width differs from the header's).
csv_rows() {
  python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
bad = [i + 1 for i, r in enumerate(rows) if len(r) != len(rows[0])]
if bad: sys.exit("ragged rows %s" % bad)
for r in rows: print("|".join(r))' "$1"
}
# py_checks: runs the Python on stdin with d (the $tmp directory), json and
# eq(what, got, want) (a float within 1e-9) defined; each line it prints,
# "ok ..." or "FAIL ...", counts as a check (a traceback fails too).
py_checks() {
  {
    cat <<'PRELUDE'
import json, sys
d = sys.argv[1]
def eq(what, got, want):
    if isinstance(want, float):
        good = got is not None and abs(got - want) < 1e-9
    else:
        good = got == want
    print(("ok " if good else "FAIL ") + what + ": got %r want %r" % (got, want))
PRELUDE
    cat
  } >"$tmp/check.py"
  python3 "$tmp/check.py" "$tmp" >"$tmp/py.out" 2>&1
  while read -r line; do
    case "$line" in
      ok*) ok ;;
      *) bad "$line" ;;
    esac
  done <"$tmp/py.out"
}

