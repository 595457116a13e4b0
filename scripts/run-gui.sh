#!/bin/sh
# Launches the console on the embedded grid simulator with demo data. Without a display it
# says so and runs the headless demo instead.
set -eu
BUILD_DIR=${1:-build}
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): running the headless demo instead."
    echo "To see the console, run 'make run' from a desktop session."
    exec "$BUILD_DIR/bin/griddeckctl" demo
fi
exec "$BUILD_DIR/bin/griddeck" --demo
