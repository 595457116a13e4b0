# GridDeck: `make test` and `make run` set up a fresh Debian 12 machine, build and go.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_BUILD_TYPE ?= RelWithDebInfo

DEB_PACKAGES := cmake ninja-build g++ ccache pkg-config \
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev \
  qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev qtkeychain-qt6-dev libqt6sql6-sqlite \
  libgl-dev libtomlplusplus-dev libcurl4-openssl-dev \
  xvfb xauth dbus dbus-x11 gnome-keyring python3-aiosmtpd curl

.PHONY: all deps configure build test run demo clean format

all: build

deps:
	@scripts/install-deps.sh $(DEB_PACKAGES)

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j$(JOBS)

test: build
	@scripts/with-desktop-session.sh ctest --test-dir $(BUILD_DIR) --output-on-failure -j$(JOBS) --timeout 600

run: build
	@scripts/run-gui.sh $(BUILD_DIR)

demo: build
	@$(BUILD_DIR)/bin/griddeckctl demo

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	@rm -rf $(BUILD_DIR)
