# voronka - the front door. `make demo` and `make test` are all a fresh
# Debian machine needs: both install what is missing first (scripts/deps.sh).

BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
# The tests that run threads against the live datasets, the caches and the
# throttle: the ThreadSanitizer build has these (docs/internals/testing.md).
TSAN_TESTS ?= test_live|test_http_cache|test_dataset_apply|test_throttle|test_load_snapshot|test_open|test_ops|test_webhooks|test_ratelimit|test_group_commit
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_DB    ?= demo.db
DEMO_ARGS  ?=

.PHONY: all build deps test test-fast test-normal asan asan-test tsan tsan-test checksrc scan demo bench bench-http bench-pg bench-import clean format fuzz fuzz-short coverage coverage-report

all: build

deps:
	@bash scripts/deps.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVO_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The sanitizer build is clang's, instrumented for source-based coverage as
# well: its one run of the suite gives both the sanitizers' verdict and the
# coverage report (scripts/coverage). A build-asan/ configured with another
# compiler is started again.
ASAN_CC ?= $(shell command -v clang-14 2>/dev/null || command -v clang 2>/dev/null || echo clang-14)
asan:
	@if [ -f $(ASAN_BUILD)/CMakeCache.txt ] && \
	  ! grep -q '^VO_COVERAGE:BOOL=ON' $(ASAN_BUILD)/CMakeCache.txt; then rm -rf $(ASAN_BUILD); fi
	@CC=$(ASAN_CC) cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DVO_SANITIZE=ON \
	  -DVO_COVERAGE=ON -DVO_WERROR=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

# The ASan build's suite: every test but those on PostgreSQL (labels pg_web,
# pg_unit, pg_cli: the normal build runs them), the browser suite on SQLite
# included. Each process's coverage counters are merged online into a few
# raw profiles per binary (%4m) under build-asan/profiles/.
asan-test: asan
	@rm -rf $(ASAN_BUILD)/profiles
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LLVM_PROFILE_FILE=$(CURDIR)/$(ASAN_BUILD)/profiles/%4m.profraw \
	  ctest --output-on-failure -j $(JOBS) -LE 'pg_web|pg_unit|pg_cli'

# ThreadSanitizer: the concurrent tests only (CMakeLists.txt, VO_TSAN).
tsan:
	@cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVO_TSAN=ON -DVO_WERROR=ON >/dev/null
	@cmake --build $(TSAN_BUILD) -j $(JOBS)

# Any report fails the test twice over: halt_on_error=1 makes the process
# exit 66 at the first one, and ctest's FAIL_REGULAR_EXPRESSION matches
# "WARNING: ThreadSanitizer" in its output.
tsan-test: tsan
	@cd $(TSAN_BUILD) && TSAN_OPTIONS=halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -R '$(TSAN_TESTS)'

checksrc:
	@bash scripts/checksrc

# The clang static analyzer over voronka_core and the binary, in build-scan/;
# the baseline is zero reports (docs/internals/testing.md).
scan:
	@JOBS=$(JOBS) bash scripts/scan-build

# The whole suite, each stage timed by scripts/stage (the table is printed
# at the end, and a failed stage says so): source checks, the static
# analyzer, the normal build's tests (every test on SQLite and on
# PostgreSQL, but the browser suite on SQLite, which runs in the ASan
# build), the ASan + UBSan build's tests, the concurrent tests built with
# ThreadSanitizer, every libFuzzer target for a few seconds, then the
# coverage report of the ASan run (docs/internals/testing.md).
STAGES = $(CURDIR)/$(BUILD)/stages.txt
STAGE  = STAGE_LOG=$(STAGES) bash scripts/stage
SUBMAKE = $(MAKE) --no-print-directory
test:
	@mkdir -p $(BUILD) && rm -f $(STAGES)
	@$(STAGE) deps $(SUBMAKE) deps
	@$(STAGE) checksrc $(SUBMAKE) checksrc
	@$(STAGE) scan $(SUBMAKE) scan
	@$(STAGE) build $(SUBMAKE) build
	@$(STAGE) asan-build $(SUBMAKE) asan
	@$(STAGE) tests $(SUBMAKE) test-normal
	@$(STAGE) asan-tests $(SUBMAKE) asan-test
	@$(STAGE) tsan $(SUBMAKE) tsan-test
	@$(STAGE) fuzz $(SUBMAKE) fuzz-short
	@$(STAGE) coverage $(SUBMAKE) coverage-report
	@echo "make test: every stage passed"; cat $(STAGES)

# The normal build's part of `make test`.
test-normal: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -E '^web_e2e$$'

# Line and branch coverage per layer (clang's source-based coverage of the
# ASan build): build/coverage/summary.txt, files.txt and html/. `make
# coverage` builds and runs the ASan suite first; `make test` reports on the
# run it made. Fails when the build or a test fails, never on a figure.
coverage: asan-test
	@$(SUBMAKE) coverage-report

coverage-report:
	@COV_BUILD=$(ASAN_BUILD) bash scripts/coverage

# Only the normal build's tests (quick local loop).
test-fast: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

DEMO_LISTEN ?= 127.0.0.1:8080

# Builds the demo company (it prints the logins), then serves it until ^C;
# the web app too once web/index.html exists.
demo: deps build
	@rm -rf $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).snapshots
	@./$(BUILD)/voronka demo --db $(DEMO_DB) $(DEMO_ARGS)
	@echo
	@echo "Откройте http://$(DEMO_LISTEN) и войдите под одним из входов выше" \
	      "(администратор, руководитель отдела продаж, два менеджера, наблюдатель). Остановить: Ctrl-C."
	@./$(BUILD)/voronka serve --db $(DEMO_DB) --listen $(DEMO_LISTEN) \
	      $$(test -f web/index.html && echo --web web)

bench: deps build
	@bash bench/run.sh

# The HTTP part alone (bench/run.sh ends with it; needs the cached demo db),
# then the issue-16 table of the results it completes (bench/summary.mjs).
bench-http: build
	@s=0; bash bench/http.sh || s=$$?; \
	if [ -d bench/cache/results ]; then node bench/summary.mjs bench/cache/results; fi; exit $$s

# The PostgreSQL part alone (bench/run.sh ends with it; needs its results).
bench-pg: build
	@bash bench/pg.sh

# The importer of voronka's CSV format (BENCH_IMPORT_ROWS, default 1M).
bench-import: build
	@bash bench/import.sh

# libFuzzer: scripts/fuzz builds fuzz/ with clang into $(FUZZ_BUILD), then
# runs each target on a copy of its seed corpus (fuzz/corpus/<target>):
# `make fuzz` for FUZZ_SECONDS each, `make fuzz-short` (part of `make test`)
# for FUZZ_SHORT_SECONDS each. A crash, leak, timeout, broken property or
# sanitizer report fails it, printing the input's path (under
# $(FUZZ_BUILD)/crash/<target>/) and how to replay it
# (docs/internals/fuzz.md).
FUZZ_BUILD         ?= build-fuzz
FUZZ_SECONDS       ?= 30
FUZZ_SHORT_SECONDS ?= 5
FUZZ_CC            ?= $(shell command -v clang 2>/dev/null || command -v clang-14 2>/dev/null || echo clang)
FUZZ_TARGETS       ?= fuzz_money fuzz_time fuzz_csv fuzz_mapping fuzz_xlsx \
                      fuzz_http_request fuzz_http_query fuzz_http_cookie fuzz_api

fuzz:
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_CC=$(FUZZ_CC) JOBS=$(JOBS) \
	  bash scripts/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-short:
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_CC=$(FUZZ_CC) JOBS=$(JOBS) \
	  bash scripts/fuzz $(FUZZ_SHORT_SECONDS) $(FUZZ_TARGETS)

format:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c' 'tests/*.h' 'fuzz/*.c' 'bench/*.c')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) build-scan $(FUZZ_BUILD)
