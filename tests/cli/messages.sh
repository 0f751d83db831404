#!/usr/bin/env bash
# The message catalogue (src/base/messages.c) is complete: every format
# src/ gives vo_error_set is in it with a stable id and a Russian text of
# the same conversions (tests/cli/messages.py); the check fails, naming
# file:line, on a copy of src/ with a new format, a duplicated id and a
# Russian text that lost a conversion.
# Prints "N passed, N failed" and exits non-zero on any failure.
. "$(dirname "$0")/common.bash"
src=${VO_SOURCE_DIR:?the source tree}/src
check=$(dirname "$0")/messages.py

python3 "$check" "$src" >"$tmp/out" 2>&1 && ok || bad "the catalogue: $(cat "$tmp/out")"

# The check itself fails on each kind of mistake.
cp -r "$src" "$tmp/src"
cat >>"$tmp/src/base/money.c" <<'C'
static vo_err new_failure(struct vo_error *e)
{
    return vo_error_set(e, VO_EINVAL, NULL,
                        "a new %s "
                        "message", "x");
}
C
line=$(grep -n 'vo_error_set(e, VO_EINVAL, NULL,$' "$tmp/src/base/money.c" | tail -1 | cut -d: -f1)
python3 "$check" "$tmp/src" >"$tmp/out" 2>&1 && bad "a new format passed the check"
grep -qF "src/base/money.c:$line: the format \"a new %s message\" is not in src/base/messages.c" \
  "$tmp/out" && ok || bad "a new format: $(cat "$tmp/out")"
cp "$src/base/money.c" "$tmp/src/base/money.c"
sed -i '0,/"deal.won_needs_amount"/s//"crm.no_deal"/; s/"Сделка %lld не найдена"/"Сделка не найдена"/' \
  "$tmp/src/base/messages.c"
python3 "$check" "$tmp/src" >"$tmp/out" 2>&1 && bad "a broken catalogue passed the check"
grep -q 'the id crm.no_deal is used twice' "$tmp/out" && ok || bad "a twice-used id: $(cat "$tmp/out")"
grep -qF '"crm.no_deal": the Russian conversions [] differ from the English ['"'"'%lld'"'"']' \
  "$tmp/out" && ok || bad "a lost conversion: $(cat "$tmp/out")"

finish
