#!/bin/sh
# Builds every benchmark (benchmarks/bench_*.cpp) and runs each once, then prints one table of
# the RESULT lines they print. Usage: scripts/run-benchmarks.sh BUILD_DIR [JOBS]
# BENCH_MEMORY_JOBS (default 5000) sets the job count of the peak-memory run; the goal is
# stated for 100,000 (BENCH_MEMORY_JOBS=100000 make bench, about half an hour).
set -u
build=${1:-build}
jobs=${2:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
benches=$(cd "$here/benchmarks" && ls bench_*.cpp | sed 's/\.cpp$//')
cmake --build "$build" -j"$jobs" --target griddeckctl griddeck-gridsim $benches || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run() {
    echo "== $*" >&2
    "$@" 2>&1 | tee -a "$log" | grep -v '^RESULT' >&2
}
run "$build/bin/bench_nodeselect" --nodes 20000
run "$build/bin/bench_pipeline" --scenario zero
run "$build/bin/bench_pipeline" --scenario ready
run "$build/bin/bench_pipeline" --scenario faults
run "$build/bin/bench_memory" --jobs "${BENCH_MEMORY_JOBS:-5000}"
# Shared mode on PostgreSQL (a throwaway cluster): 3 processes, fault matrix, one SIGKILLed;
# then jobs/s with 1, 2 and 3 processes on PostgreSQL and SQLite.
if [ -x "$build/bin/bench_shared" ]; then
    run "$build/bin/bench_shared" --scenario faults --jobs 1000
    run "$build/bin/bench_shared" --scenario scaling --jobs "${BENCH_SHARED_JOBS:-1000}"
fi
QT_QPA_PLATFORM=offscreen run "$build/bin/bench_models" --jobs 100000 --seconds 5
echo
echo "| benchmark | measured | goal | |"
echo "|---|---|---|---|"
grep '^RESULT' "$log" | awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $2, $3, $4, $5 }'
grep -q 'NOT met' "$log" && exit 2
exit 0
