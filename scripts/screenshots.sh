#!/bin/sh
# Regenerates docs/screenshots/*.png: the console on live demo data (the embedded grid, real
# pipeline), one picture per pane plus a failed deployment, a busy queue and a dark palette.
# Run from the repository root after `make build`. The generator is a program of its own
# (scripts/screenshots/griddeck_screenshots.cpp, built here on demand), not a test.
set -eu
BUILD_DIR=${1:-build}
OUT="$(pwd)/docs/screenshots"
mkdir -p "$OUT"
cmake --build "$BUILD_DIR" -j2 --target griddeck-screenshots
GRIDDECK_SCREENSHOT_DIR="$OUT" scripts/with-desktop-session.sh "$BUILD_DIR/bin/griddeck-screenshots"
ls -1 "$OUT"
