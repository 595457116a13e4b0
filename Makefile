# GridDeck: `make test` and `make run` set up a fresh Debian 12 machine, build and go.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_BUILD_TYPE ?= RelWithDebInfo

DEB_PACKAGES := cmake ninja-build g++ ccache pkg-config \
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev \
  qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n qt6-svg-dev qtkeychain-qt6-dev libqt6sql6-sqlite libqt6sql6-psql postgresql-15 \
  libgl-dev libtomlplusplus-dev libcurl4-openssl-dev \
  xvfb xauth dbus dbus-x11 gnome-keyring python3-aiosmtpd curl

# The grid gateway (gateway/, Node.js >= 18): Debian's nodejs and npm when no node/npm is on
# PATH (a NodeSource nodejs, which bundles npm, serves as well). The build runs `npm ci`.
NODE_PACKAGES := nodejs npm

.PHONY: all deps configure check-packages build test bench check-fresh test-asan fuzz-deps fuzz run demo clean format

# Where `make check-fresh` builds its throwaway Debian 12 root.
FRESH_ROOT ?= /var/tmp/griddeck-fresh

all: build

deps:
	@scripts/install-deps.sh $(DEB_PACKAGES)
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then scripts/install-deps.sh $(NODE_PACKAGES); fi

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) >/dev/null

# Every system file the build uses must come from DEB_PACKAGES or their dependencies.
check-packages: configure
	@scripts/check-packages.sh $(BUILD_DIR) $(DEB_PACKAGES) $(NODE_PACKAGES)

build: configure
	@cmake --build $(BUILD_DIR) -j$(JOBS)

# Per-test time limit in seconds; GRIDDECK_TEST_TIME_SCALE (default 1) stretches it and the
# tests' own waits on a slow or busy machine.
TEST_TIMEOUT = $(shell awk 'BEGIN { s = ENVIRON["GRIDDECK_TEST_TIME_SCALE"] + 0; if (s <= 0) s = 1; print int(300 * s + 0.5) }')

test: check-packages build
	@scripts/with-desktop-session.sh ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS) --timeout $(TEST_TIMEOUT)

# Every benchmark in benchmarks/, one table at the end (docs/benchmarks.md). Not a test: run on
# a quiet machine. BENCH_MEMORY_JOBS=100000 gives the full-size memory run.
bench: configure
	@scripts/run-benchmarks.sh $(BUILD_DIR) $(JOBS)

# `make test` on a brand-new Debian 12 root (debootstrap, run as root): after any change of
# dependencies.
check-fresh:
	@scripts/check-fresh.sh $(FRESH_ROOT)

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, in its own build folder.
# intercept_strndup=0: the system's libxkbcommon-x11 copies X atom names by length with strndup,
# which ASan's interceptor reads past (a report inside the library, at QGuiApplication start).
ASAN_BUILD_DIR ?= build-asan
test-asan: deps
	@cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGRIDDECK_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD_DIR) -j$(JOBS)
	@ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:intercept_strndup=0 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  GRIDDECK_TEST_TIME_SCALE=$${GRIDDECK_TEST_TIME_SCALE:-3} \
	  scripts/with-desktop-session.sh ctest --test-dir $(ASAN_BUILD_DIR) --output-on-failure -j$(JOBS) --timeout $(ASAN_TEST_TIMEOUT)
ASAN_TEST_TIMEOUT = $(shell awk 'BEGIN { s = ENVIRON["GRIDDECK_TEST_TIME_SCALE"] + 0; if (s <= 0) s = 3; print int(300 * s + 0.5) }')

# libFuzzer needs clang; only `make fuzz` needs these.
FUZZ_PACKAGES := clang-14 libclang-rt-14-dev
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz-deps: deps
	@scripts/install-deps.sh $(FUZZ_PACKAGES)

# Every fuzz target for FUZZ_SECONDS from its seed corpus in tests/fuzz/<target>/.
fuzz: fuzz-deps
	@cmake -S . -B $(FUZZ_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DGRIDDECK_FUZZ=ON -DBUILD_TESTING=OFF -DGRIDDECK_GATEWAY=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD_DIR) -j$(JOBS) --target fuzz_targets
	@scripts/run-fuzzers.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS)

run: build
	@scripts/run-gui.sh $(BUILD_DIR)

demo: build
	@$(BUILD_DIR)/bin/griddeckctl demo

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	@rm -rf $(BUILD_DIR)
