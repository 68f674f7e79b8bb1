#!/usr/bin/env bash
# Runs the test suite while every core is busy: one CPU hog per core, plus a
# loop that starts and ends short-lived processes all the time. The tests
# must not depend on how much CPU they get or on what other processes do;
# this is how to check it.
#
#   tests/under_load.sh [RUNS] [-- CARGO TEST ARGS...]
#
# RUNS (3 unless given) runs of `cargo test`, one after another; each run's
# output goes to target/under-load/run-N.log. Exits 1 if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=${1:-3}
shift $(( $# > 0 ? 1 : 0 ))
[ "${1:-}" = "--" ] && shift
export LC_ALL=C.UTF-8

# Built before the load starts: the runs time the tests, not the compiler.
cargo test --no-run "$@" >/dev/null 2>&1 || {
  echo "under_load: cargo test --no-run failed" >&2
  exit 1
}

hogs=()
stop_hogs() {
  if [ ${#hogs[@]} -gt 0 ]; then
    kill "${hogs[@]}" 2>/dev/null
    wait "${hogs[@]}" 2>/dev/null
  fi
  hogs=()
}
trap stop_hogs EXIT
trap 'exit 130' INT TERM

cores=$(nproc)
for _ in $(seq "$cores"); do
  bash -c 'while :; do :; done' &
  hogs+=($!)
done
# Process churn: PIDs come and go, as on a machine where builds run.
bash -c 'while :; do for _ in 1 2 3 4 5 6 7 8; do /bin/true & done; wait; sleep 0.05; done' &
hogs+=($!)
echo "under_load: $cores CPU hogs and a process churn loop running"

log_dir=target/under-load
mkdir -p "$log_dir"
failed=0
for run in $(seq "$runs"); do
  log="$log_dir/run-$run.log"
  start=$(date +%s)
  # In the foreground: a background job of a script starts with SIGINT
  # ignored, and so would the fixtures, which changes what they show.
  if cargo test "$@" >"$log" 2>&1; then
    outcome=passed
  else
    outcome=FAILED
    failed=$((failed + 1))
  fi
  seconds=$(( $(date +%s) - start ))
  summary=$(grep -E '^test result:' "$log" | awk '{p += $4; f += $6} END {print p " passed, " f " failed"}')
  echo "under_load: run $run/$runs $outcome in ${seconds}s ($summary; $log)"
  [ "$outcome" = FAILED ] && grep -E '^    [a-z_:]+$|panicked at' "$log" | head -20 | sed 's/^/  /'
done

stop_hogs
if [ "$failed" -gt 0 ]; then
  echo "under_load: $failed of $runs runs failed"
  exit 1
fi
echo "under_load: all $runs runs passed"
