#!/usr/bin/env bash
# dist/voronka.service passes `systemd-analyze verify` (its ExecStart
# pointed at the binary under test) and keeps its hardening options; skipped
# (exit 77) when systemd-analyze is not installed.
. "$(dirname "$0")/common.bash"
unit=${VO_SOURCE_DIR:?the source tree}/dist/voronka.service
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "skipped: systemd-analyze is not installed (apt-get install systemd)"
  exit 77
fi
sed "s|^ExecStart=/usr/local/bin/voronka |ExecStart=$VO |" "$unit" >"$tmp/voronka.service"
grep -q "^ExecStart=$VO serve --config /etc/voronka/voronka.conf" "$tmp/voronka.service" && ok ||
  bad "ExecStart not found in the unit"
systemd-analyze verify "$tmp/voronka.service" >"$tmp/out" 2>&1 && ok ||
  bad "systemd-analyze verify: $(cat "$tmp/out")"
[ ! -s "$tmp/out" ] && ok || bad "systemd-analyze verify warns: $(cat "$tmp/out")"
for opt in DynamicUser=yes ProtectSystem=strict "ReadWritePaths=/var/lib/voronka" \
  NoNewPrivileges=yes PrivateTmp=yes ProtectHome=yes "RestrictAddressFamilies=AF_INET" \
  "SystemCallFilter=@system-service" CapabilityBoundingSet= MemoryDenyWriteExecute=yes; do
  grep -q "^$opt" "$unit" && ok || bad "the unit lacks $opt"
done
# a broken unit fails the same check (the check can fail)
sed 's/^ProtectSystem=strict/ProtectSystem=sometimes/' "$tmp/voronka.service" >"$tmp/broken.service"
systemd-analyze verify "$tmp/broken.service" >"$tmp/out" 2>&1
grep -qiE "protect ?system" "$tmp/out" && ok || bad "a bad option passed verify: $(cat "$tmp/out")"
# the sync's service and timer (docs/sync.md): they verify, the service
# runs every source with the key as a systemd credential, as the server's
# dynamic user
sync=$VO_SOURCE_DIR/dist/voronka-sync.service
sed "s|^ExecStart=/usr/local/bin/voronka |ExecStart=$VO |" "$sync" >"$tmp/voronka-sync.service"
cp "$VO_SOURCE_DIR/dist/voronka-sync.timer" "$tmp/voronka-sync.timer"
systemd-analyze verify "$tmp/voronka-sync.service" "$tmp/voronka-sync.timer" >"$tmp/out" 2>&1 &&
  [ ! -s "$tmp/out" ] && ok || bad "systemd-analyze verify (sync): $(cat "$tmp/out")"
for opt in "ExecStart=/usr/local/bin/voronka sync run --all" "LoadCredential=sync.key:" \
  "Environment=VORONKA_SYNC_KEY=%d/sync.key" User=voronka DynamicUser=yes ProtectSystem=strict \
  NoNewPrivileges=yes; do
  grep -q "^$opt" "$sync" && ok || bad "the sync unit lacks $opt"
done
grep -q "^OnUnitInactiveSec=" "$VO_SOURCE_DIR/dist/voronka-sync.timer" && ok || bad "the timer has no period"
finish
