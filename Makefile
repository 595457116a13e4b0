# GridDeck: `make test` and `make run` set up a fresh Debian 12 machine, build and go.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_BUILD_TYPE ?= RelWithDebInfo

DEB_PACKAGES := cmake ninja-build g++ ccache pkg-config \
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev \
  qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev qtkeychain-qt6-dev libqt6sql6-sqlite \
  libgl-dev libtomlplusplus-dev libcurl4-openssl-dev \
  xvfb xauth dbus dbus-x11 gnome-keyring python3-aiosmtpd curl

.PHONY: all deps configure check-packages build test check-fresh run demo clean format

# Where `make check-fresh` builds its throwaway Debian 12 root.
FRESH_ROOT ?= /var/tmp/griddeck-fresh

all: build

deps:
	@scripts/install-deps.sh $(DEB_PACKAGES)

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) >/dev/null

# Every system file the build uses must come from DEB_PACKAGES or their dependencies.
check-packages: configure
	@scripts/check-packages.sh $(BUILD_DIR) $(DEB_PACKAGES)

build: configure
	@cmake --build $(BUILD_DIR) -j$(JOBS)

# Per-test time limit in seconds; GRIDDECK_TEST_TIME_SCALE (default 1) stretches it and the
# tests' own waits on a slow or busy machine.
TEST_TIMEOUT = $(shell awk 'BEGIN { s = ENVIRON["GRIDDECK_TEST_TIME_SCALE"] + 0; if (s <= 0) s = 1; print int(300 * s + 0.5) }')

test: check-packages build
	@scripts/with-desktop-session.sh ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS) --timeout $(TEST_TIMEOUT)

# `make test` on a brand-new Debian 12 root (debootstrap, run as root): after any change of
# dependencies.
check-fresh:
	@scripts/check-fresh.sh $(FRESH_ROOT)

run: build
	@scripts/run-gui.sh $(BUILD_DIR)

demo: build
	@$(BUILD_DIR)/bin/griddeckctl demo

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	@rm -rf $(BUILD_DIR)
