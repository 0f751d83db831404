# common.bash - what every tests/cli/*.sh starts with (sourced, not a test
# of its own: ctest runs tests/cli/*.sh only): the binary from $VO, a
# temporary directory $tmp removed on exit, the pass/fail counters and the
# checks that count them. A script ends with `finish`, which prints
# "N passed, N failed" and fails on any failure.
set -u
VO=${VO:?path to the voronka binary}
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
