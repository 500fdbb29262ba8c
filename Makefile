# rsock — build, test, run and install the PHP extension.
#
#   make run      build and serve examples/echo_server.php on 127.0.0.1:8000 with rsock loaded
#   make test     cargo tests + the phpt suite with rsock and on native PHP
#   make install  install rsock.so system-wide and enable it (conf.d ini)
#   make bench    native PHP vs rsock, same PHP server scripts, alternating runs (~10 min on 2 cores)
#   make bench-quick  a 1-round subset (under a minute)
#   make fuzz     the PHP API fuzzer: FUZZ_SEEDS seeds on native PHP and on rsock (see fuzz/php/README.md)
#   make fuzz-quick   its fixed 300-seed run (part of make test)
#   make fuzz-parsers cargo-fuzz over the core's parsers (FUZZ_RUNS runs per target; see fuzz/README.md)
#   make sweep    the differential sweep: tests/sweep/*.php on native PHP and rsock, output diffed
#   make test-matrix  build and test on PHP 8.2 debug, 8.2 ZTS and 8.4 (tools/matrix.sh; root;
#                 the PHPs are built once, cached in ~/.cache/rsock; MATRIX_CELLS picks cells)
#
# Overridable: PHP, PHP_CONFIG, CARGO, PHPT_TESTS (files/dirs to run), PHPT_JOBS, PHPT_ARGS.

SHELL := /bin/bash

PHP        ?= php
PHP_CONFIG ?= php-config

# cargo: from PATH, else the rustup default location.
ifeq ($(shell command -v cargo 2>/dev/null),)
  ifneq ($(wildcard $(HOME)/.cargo/bin/cargo),)
    export PATH := $(HOME)/.cargo/bin:$(PATH)
  endif
endif
CARGO ?= cargo

# Debian bookworm packages the build and the tests need (iproute2 provides `ss`;
# openssl and curl are the real TLS clients of the interop tests).
DEB_PACKAGES := php8.2-cli php8.2-dev clang libclang-dev libssl-dev pkg-config iproute2 openssl curl

EXT_SO     := $(CURDIR)/target/release/librsock.so
EXT_LOAD   := -d extension=$(EXT_SO)
STUB       := stubs/rsock.stub.php
EXAMPLE    := examples/echo_server.php

# Evaluated lazily (inside recipes, i.e. after `deps` has installed php-config).
EXT_DIR     = $(shell $(PHP_CONFIG) --extension-dir)
RUN_TESTS   = $(EXT_DIR)/build/run-tests.php
PHP_MAJMIN  = $(shell $(PHP) -n -r 'echo PHP_MAJOR_VERSION, ".", PHP_MINOR_VERSION;')
SYS_SCANDIR = $(shell $(PHP) -n -r 'echo PHP_CONFIG_FILE_SCAN_DIR;')
MODS_DIR    = /etc/php/$(PHP_MAJMIN)/mods-available

# Hermetic ini scan dir: the system's conf.d minus any ini that loads rsock, plus an
# extension_dir that mirrors the system one without rsock.so (run-tests.php loads an
# --EXTENSIONS-- entry from extension_dir by itself). So a system-wide `make install`
# never leaks into the tests, `make run` or the native run.
INI_DIR := $(CURDIR)/target/php-ini.d
EXT_MIRROR := $(CURDIR)/target/php-ext.d
SYS_EXTDIR = $(shell $(PHP) -r 'echo ini_get("extension_dir");')
PHP_ENV  = PHP_INI_SCAN_DIR=$(INI_DIR)

PHPT_TESTS ?= php-tests
PHPT_JOBS  ?= -j2
PHPT_ARGS  ?=
PHPT_LOGS  := $(CURDIR)/target/phpt

.PHONY: all deps build test cargo-test phpt ini-dir run install uninstall fmt lint clean bench bench-quick fuzz fuzz-quick fuzz-parsers sweep test-matrix

all: build

deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "deps: dpkg-query not found (not Debian?); not checking for: $(DEB_PACKAGES)"; exit 0; \
	fi; \
	missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' "$$p" 2>/dev/null | grep -q '^install ok installed$$' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "deps: all packages present"; exit 0; fi; \
	echo "deps: missing packages:$$missing"; \
	if [ "$$(id -u)" = 0 ]; then \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y$$missing; \
	else \
	  echo "deps: run this, then re-run make:"; \
	  echo "sudo apt-get install -y$$missing"; \
	  exit 1; \
	fi

build: deps
	$(CARGO) build --release

cargo-test:
	$(CARGO) test --no-default-features

ini-dir:
	@rm -rf $(INI_DIR) $(EXT_MIRROR) && mkdir -p $(INI_DIR) $(EXT_MIRROR)
	@extdir='$(SYS_EXTDIR)'; \
	for f in "$$extdir"/*; do \
	  [ -e "$$f" ] || continue; \
	  case "$$(basename "$$f")" in rsock.so|*rsock*.so) continue ;; esac; \
	  ln -s "$$f" $(EXT_MIRROR)/; \
	done; \
	echo "extension_dir=$(EXT_MIRROR)" > $(INI_DIR)/00-extension-dir.ini
	@scandir='$(SYS_SCANDIR)'; \
	if [ -n "$$scandir" ] && [ -d "$$scandir" ]; then \
	  for f in "$$scandir"/*.ini; do \
	    [ -e "$$f" ] || continue; \
	    case "$$(basename "$$f")" in *rsock*) continue ;; esac; \
	    grep -Eqi '^[[:space:]]*(zend_)?extension[[:space:]]*=.*rsock' "$$f" && continue; \
	    cp -L "$$f" $(INI_DIR)/; \
	  done; \
	fi
	@if $(PHP_ENV) $(PHP) -r 'exit(extension_loaded("rsock") ? 0 : 1);'; then \
	  echo "error: rsock is loaded even without conf.d (php.ini? $$($(PHP) -r 'echo php_ini_loaded_file();'))"; exit 1; \
	fi

test: build
	$(MAKE) --no-print-directory cargo-test
	$(PHP) -l $(STUB)
	$(MAKE) --no-print-directory fuzz-quick
	$(MAKE) --no-print-directory phpt

# Runs the phpt suite twice (with rsock, then native), prints one summary line per
# run and a combined `N passed, N failed` line; fails if either run failed.
phpt: ini-dir
	@test -f '$(RUN_TESTS)' || { echo "error: run-tests.php not found at $(RUN_TESTS)"; exit 1; }
	@test -f $(EXT_SO) || { echo "error: $(EXT_SO) missing; run make build"; exit 1; }
	@$(PHP_ENV) $(PHP) $(EXT_LOAD) -r 'exit(extension_loaded("rsock") ? 0 : 1);' \
	  || { echo "error: $(EXT_SO) does not load (see the warning above)"; exit 1; }
	@rm -rf $(PHPT_LOGS) && mkdir -p $(PHPT_LOGS)
	@run() { \
	  name=$$1; shift; \
	  echo; echo "=== phpt suite: $$name ==="; \
	  $(PHP_ENV) REPORT_EXIT_STATUS=1 NO_INTERACTION=1 \
	    $(PHP) $(RUN_TESTS) -P -q --show-diff --no-color --no-progress $(PHPT_JOBS) "$$@" $(PHPT_ARGS) $(PHPT_TESTS) \
	    </dev/null 2>&1 | tee $(PHPT_LOGS)/$$name.log; \
	  echo "$${PIPESTATUS[0]}" > $(PHPT_LOGS)/$$name.rc; \
	}; \
	run rsock $(EXT_LOAD); \
	run native; \
	echo; \
	total_p=0; total_f=0; status=0; \
	for name in rsock native; do \
	  log=$(PHPT_LOGS)/$$name.log; rc=$$(cat $(PHPT_LOGS)/$$name.rc); \
	  num() { sed -n "s/^Tests $$1 *: *\([0-9][0-9]*\).*/\1/p" "$$log" | tail -n1; }; \
	  p=$$(num passed); f=$$(num failed); s=$$(num skipped); b=$$(num borked); l=$$(num leaked); \
	  if [ -z "$$p" ]; then \
	    why="printed no summary (exit code $$rc)"; grep -q '^No tests found' "$$log" && why="found no tests in $(PHPT_TESTS)"; \
	    echo "error: the $$name run of run-tests.php $$why; counted as 1 failure"; \
	    p=0; f=1; s=0; status=1; \
	  else \
	    f=$$(( f + $${b:-0} + $${l:-0} )); \
	    if [ "$$rc" != 0 ] || [ "$$f" != 0 ]; then status=1; fi; \
	  fi; \
	  echo "phpt ($$name): $$p passed, $$f failed, $$s skipped"; \
	  total_p=$$(( total_p + p )); total_f=$$(( total_f + f )); \
	done; \
	echo "$$total_p passed, $$total_f failed"; \
	exit $$status

run: build ini-dir
	$(PHP_ENV) $(PHP) $(EXT_LOAD) $(EXAMPLE) $(ADDR)

install: build
	install -D -m 0644 $(EXT_SO) $(EXT_DIR)/rsock.so
	@if [ -d /etc/php/$(PHP_MAJMIN) ]; then \
	  mkdir -p $(MODS_DIR); \
	  printf '; configuration for php rsock module\n; priority=30\nextension=rsock.so\n' > $(MODS_DIR)/rsock.ini; \
	  echo "wrote $(MODS_DIR)/rsock.ini"; \
	  if command -v phpenmod >/dev/null 2>&1; then \
	    phpenmod -v $(PHP_MAJMIN) rsock && echo "enabled with phpenmod -v $(PHP_MAJMIN) rsock"; \
	  else \
	    for d in /etc/php/$(PHP_MAJMIN)/*/conf.d; do \
	      ln -sf $(MODS_DIR)/rsock.ini "$$d/30-rsock.ini" && echo "linked $$d/30-rsock.ini"; \
	    done; \
	  fi; \
	elif [ -n '$(SYS_SCANDIR)' ]; then \
	  printf 'extension=rsock.so\n' > '$(SYS_SCANDIR)/30-rsock.ini' && echo "wrote $(SYS_SCANDIR)/30-rsock.ini"; \
	else \
	  echo "no conf.d directory found; add extension=rsock.so to your php.ini"; \
	fi
	@$(PHP) -r 'echo extension_loaded("rsock") ? "rsock is loaded by $(PHP)\n" : "warning: rsock is not loaded by $(PHP)\n";'

uninstall:
	@if [ -f $(MODS_DIR)/rsock.ini ]; then \
	  if command -v phpdismod >/dev/null 2>&1; then phpdismod -v $(PHP_MAJMIN) rsock; fi; \
	  rm -f /etc/php/$(PHP_MAJMIN)/*/conf.d/*-rsock.ini $(MODS_DIR)/rsock.ini; \
	  echo "removed $(MODS_DIR)/rsock.ini and its conf.d links"; \
	fi
	@if [ -n '$(SYS_SCANDIR)' ] && [ -e '$(SYS_SCANDIR)/30-rsock.ini' ]; then rm -f '$(SYS_SCANDIR)/30-rsock.ini'; fi
	rm -f $(EXT_DIR)/rsock.so

fmt:
	$(CARGO) fmt

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --all-targets --no-default-features -- -D warnings

clean:
	$(CARGO) clean
	@# only run-tests.php's leftovers: files named after an existing .phpt
	@for t in php-tests/*.phpt; do \
	  [ -e "$$t" ] || continue; b="$${t%.phpt}"; \
	  rm -f "$$b.diff" "$$b.exp" "$$b.log" "$$b.out" "$$b.php" "$$b.sh" "$$b.mem" "$$b.skip.php" "$$b.clean.php"; \
	done

# ---------------------------------------------------------------- benchmarks
# benches/loadgen is a standalone crate (not part of the root crate's build):
# `loadgen` drives the servers in benches/php/, `bench-runner` alternates native
# and rsock runs and writes benches/results/latest.{json,svg,md} (bench-quick:
# quick.*). BENCH_ARGS is passed on, e.g. BENCH_ARGS='--only echo-50 --rounds 3'
# (`bench-runner --list` lists the scenarios).
BENCH_CRATE  := $(CURDIR)/benches/loadgen
BENCH_RUNNER := $(BENCH_CRATE)/target/release/bench-runner
BENCH_ARGS   ?=
BENCH_RUN     = $(PHP_ENV) $(BENCH_RUNNER) --root $(CURDIR) --php $(PHP) --ext $(EXT_SO)

bench: build ini-dir
	$(CARGO) build --release --locked --manifest-path $(BENCH_CRATE)/Cargo.toml
	$(BENCH_RUN) $(BENCH_ARGS)

bench-quick: build ini-dir
	$(CARGO) build --release --locked --manifest-path $(BENCH_CRATE)/Cargo.toml
	$(BENCH_RUN) --quick $(BENCH_ARGS)

# ---------------------------------------------------------------- trust checks
# The PHP API fuzzer runs the same seeds on native PHP and on rsock, each seed in a
# forked child with an alarm, loopback only; it fails on any rsock crash or panic and
# on a hang native PHP does not have. FUZZ_ARGS is passed on (e.g. --jobs 24).
FUZZ_SEEDS ?= 1..100000
FUZZ_ARGS  ?=
FUZZ_PHP    = $(PHP) fuzz/php/run.php --php $(PHP) --ext $(EXT_SO)

fuzz: build
	$(FUZZ_PHP) --seeds $(FUZZ_SEEDS) --jobs 24 $(FUZZ_ARGS)

fuzz-quick: build
	$(FUZZ_PHP) --quick $(FUZZ_ARGS)

# cargo-fuzz on stable Rust (no sanitizer: -s none); its build stays out of target/.
FUZZ_RUNS    ?= 2000000
FUZZ_TARGETS := endpoint unix_path inet_text alpn sni
fuzz-parsers:
	@command -v cargo-fuzz >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  CARGO_TARGET_DIR=$(CURDIR)/target/fuzz $(CARGO) fuzz run -s none $$t -- -runs=$(FUZZ_RUNS) || exit 1; \
	done

sweep: build
	EXT=$(EXT_SO) tests/sweep/run.sh $(SWEEP_ARGS)

# ---------------------------------------------------------------- PHP matrix
# tools/matrix.sh builds rsock against each PHP (CARGO_TARGET_DIR target/matrix/<cell>)
# and runs cargo-test and phpt (both ways) with it; it passes PHP, PHP_CONFIG, EXT_SO,
# RUN_TESTS, INI_DIR, EXT_MIRROR and PHPT_LOGS to `make phpt` on the command line.
MATRIX_CELLS ?=
test-matrix:
	tools/matrix.sh $(MATRIX_CELLS)
