#!/usr/bin/env bash
# Installs what voronka needs to build, test and run, and nothing that is
# already there. Idempotent: a second run installs nothing and is quick.
# chromium is Debian's: the web tests drive it through playwright-core,
# which never downloads a browser of its own. Debian 12's own nodejs (18)
# and npm (9) are enough: web/package.json pins playwright-core to 1.61.1,
# the last release that runs on Node 18, in a lockfile npm 9 reads.
# Debian packages through apt-get (as root, or through sudo); the web
# packages through `npm ci` from web/package-lock.json when web/ has one.
# libclang-rt-14-dev is clang-14's sanitizer and libFuzzer runtime (only
# recommended by clang-14, and recommends are not installed here): the fuzz
# step of `make test` links with it.
set -euo pipefail

cd "$(dirname "$0")/.."

PKGS=(
  build-essential cmake pkg-config git
  libsqlite3-dev sqlite3 libpq-dev
  postgresql # Debian 12's (15, pg_trgm included): the throwaway test cluster (scripts/pg-cluster)
  nginx # the load balancer in front of two servers on one PostgreSQL (tests/cli/pg_servers.sh)
  libmicrohttpd-dev libjansson-dev libsodium-dev libglib2.0-dev
  libcsv-dev libxlsxwriter-dev libcriterion-dev libzip-dev zip
  libxml2-dev # .xlsx sheets and Bitrix24's HTML .xls exports (src/io/xlsx.c, src/io/table.c)
  libcurl4-openssl-dev # SMTP for the e-mail reminders (src/io/mail.c)
  libxxhash-dev # the dataset snapshot's checksums (src/service/dataset_snap.c)
  nodejs npm
  chromium fonts-dejavu-core
  poppler-utils # pdftotext: the print test reads the printed sheets back (tests/web/print.test.mjs)
  clang-14 clang-tools-14 clang-format
  llvm-14 # llvm-profdata-14 and llvm-cov-14 for scripts/coverage
  libclang-rt-14-dev
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  # nodejs and npm may come from somewhere else than Debian; accept any
  # working node/npm on PATH instead of installing Debian's.
  want=()
  for p in "${missing[@]}"; do
    case "$p" in
      nodejs) command -v node >/dev/null 2>&1 || want+=("$p") ;;
      npm) command -v npm >/dev/null 2>&1 || want+=("$p") ;;
      *) want+=("$p") ;;
    esac
  done
  missing=("${want[@]+"${want[@]}"}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "deps: need root or sudo to install: ${missing[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f web/package-lock.json ]; then
  if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    echo "deps: npm ci in web/" >&2
    (cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
