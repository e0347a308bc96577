#!/usr/bin/env bash
# End-to-end tests in a real VS Code (code-server + Chromium, see test/e2e/harness.ts).
# Usage: bash test/e2e/run.sh [COUNTS_FILE] [--grep REGEX]
# Writes "PASSED FAILED SKIPPED" to COUNTS_FILE (test/run-all.sh reads it).
# Leaves no process behind: main.ts closes every window it opens (also on SIGINT/SIGTERM/SIGHUP),
# and afterwards this script ends whatever still carries this run's VLA_LAB_E2E_RUN mark in its
# environment (e.g. after main.ts was killed with SIGKILL): code-server, Chromium, language
# servers, and the runner's detached supervisors and trainers.
set -uo pipefail
cd "$(dirname "$0")/../.."
counts=${1:-$(mktemp)}
shift || true
if ! bash test/e2e/setup.sh; then
  echo "e2e: SKIPPED: could not install code-server/Chromium (see the setup output above)"
  echo "0 0 1" > "$counts"
  exit 0
fi
[ -f dist/extension.js ] || node scripts/build.mjs || { echo "e2e: build failed"; echo "0 1 0" > "$counts"; exit 1; }

run_id="$$-$(date +%s%N)"
# Processes whose environment holds VLA_LAB_E2E_RUN=$run_id (set only on main.ts, so not on this
# shell or its helpers).
marked() {
  local p
  for p in /proc/[0-9]*; do
    grep -qzx "VLA_LAB_E2E_RUN=$run_id" "$p/environ" 2>/dev/null && echo "${p#/proc/}"
  done
}
sweep() {
  local pids i
  pids=$(marked)
  [ -z "$pids" ] && return 0
  echo "e2e: ending $(echo "$pids" | wc -w) leftover process(es): $(echo $pids)"
  kill -TERM $pids 2>/dev/null
  for i in $(seq 50); do
    pids=$(marked)
    [ -z "$pids" ] && return 0
    sleep 0.1
  done
  kill -KILL $pids 2>/dev/null
}

# The windows' temp folders go under one folder of this run, removed at the end whatever happened
# (VLA_LAB_E2E_KEEP=1 keeps them, with the logs, for debugging).
run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/vla-lab-e2e-run.XXXXXX")
start=$SECONDS
TMPDIR=$run_tmp VLA_LAB_E2E_RUN=$run_id node --import tsx test/e2e/main.ts --counts "$counts" "$@" &
node_pid=$!
trap 'kill -TERM "$node_pid" 2>/dev/null' INT TERM HUP
rc=0
wait "$node_pid" || rc=$?
# A trapped signal interrupts `wait`: wait again while main.ts closes its windows.
while kill -0 "$node_pid" 2>/dev/null; do wait "$node_pid" || rc=$?; done
trap - INT TERM HUP
sweep
if [ "${VLA_LAB_E2E_KEEP:-0}" = 1 ]; then echo "e2e: kept $run_tmp"; else rm -rf "$run_tmp"; fi
echo "e2e: run.sh took $((SECONDS - start))s"
exit "$rc"
