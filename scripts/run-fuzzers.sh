#!/bin/sh
# Usage: scripts/run-fuzzers.sh BUILD_DIR SECONDS
# Runs every libFuzzer target in BUILD_DIR/fuzz for SECONDS each, starting from its seed corpus
# in tests/fuzz/<target>/ (copied: new inputs go to BUILD_DIR/fuzz-corpus/<target>, crashes to
# BUILD_DIR/fuzz-findings/). Fails, naming the target and the input, on any finding.
set -eu
BUILD_DIR=$1
SECONDS_EACH=${2:-60}
SRC=$(cd "$(dirname "$0")/.." && pwd)
status=0
summary=""
for exe in "$BUILD_DIR"/fuzz/fuzz_*; do
    [ -x "$exe" ] || continue
    name=$(basename "$exe")
    corpus="$BUILD_DIR/fuzz-corpus/$name"
    findings="$BUILD_DIR/fuzz-findings"
    mkdir -p "$corpus" "$findings"
    echo "== $name: ${SECONDS_EACH}s from tests/fuzz/$name/"
    rc=0
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
        "$exe" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/$name-" "$corpus" "$SRC/tests/fuzz/$name" >"$BUILD_DIR/fuzz-$name.log" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$BUILD_DIR/fuzz-$name.log" | tail -n1)
    if [ $rc -eq 0 ]; then
        summary="$summary
$name: ok, ${runs:-?} runs in ${SECONDS_EACH}s"
    else
        status=1
        summary="$summary
$name: FINDING (exit $rc), see $BUILD_DIR/fuzz-$name.log and $findings/"
        grep -m1 -E "ERROR|fuzz property violated|runtime error" "$BUILD_DIR/fuzz-$name.log" || true
    fi
done
[ -n "$summary" ] || { echo "run-fuzzers: no fuzz targets in $BUILD_DIR/fuzz" >&2; exit 1; }
echo "$summary"
exit $status
