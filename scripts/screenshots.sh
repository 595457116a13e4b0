#!/bin/sh
# Regenerates docs/screenshots/*.png: the console on live demo data (the embedded grid, real
# pipeline), one picture per pane plus a failed deployment, a busy queue and a dark palette.
# Run from the repository root after `make build`.
set -eu
BUILD_DIR=${1:-build}
OUT="$(pwd)/docs/screenshots"
mkdir -p "$OUT"
GRIDDECK_SCREENSHOT_DIR="$OUT" scripts/with-desktop-session.sh \
    "$BUILD_DIR/bin/tst_mainwindow" screenshotsOfDemoData
ls -1 "$OUT"
