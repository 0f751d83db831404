# bench/env.sh - what bench/run.sh, http.sh and pg.sh share (sourced from
# the repository's root): the environment's settings with their defaults,
# the cached demo db's path, and the Release build.
#
# Environment: BENCH_DEALS (1000000), BENCH_RUNS (21), BENCH_AS_OF
# (2026-11-20), BENCH_BUILD (build-bench).
DEALS=${BENCH_DEALS:-1000000}
RUNS=${BENCH_RUNS:-21}
AS_OF=${BENCH_AS_OF:-2026-11-20}
BUILD=${BENCH_BUILD:-build-bench}
CACHE=bench/cache
if [ "$DEALS" = 1000000 ]; then DB=$CACHE/demo-1m.db; else DB=$CACHE/demo-$DEALS.db; fi

# release_build TARGET...: the targets in $BUILD (Release, -O2). Warnings
# are errors here too: -O2 without -g sees more (format truncation) than
# the normal build, and it must be as clean.
release_build() {
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" \
    -DVO_WERROR=ON >/dev/null
  cmake --build "$BUILD" -j "$(nproc 2>/dev/null || echo 2)" --target "$@" >/dev/null
}
