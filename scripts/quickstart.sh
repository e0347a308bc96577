#!/usr/bin/env bash
# `npm run quickstart`: from a fresh checkout to a trained and evaluated policy on the CPU.
#   1. installs what is missing (the project's .venv with torch 2.13 CPU, ffmpeg, npm packages: scripts/setup.sh)
#   2. builds the CLI (node scripts/build.mjs)
#   3. runs examples/quickstart.vla.json end to end: Playtable data generation, training,
#      evaluation (single tasks from held-out initial states) and rollout videos, with a live progress display
#   4. prints where the curves (events.jsonl), the results table and the videos are
# Extra arguments go to `vla-lab run` (e.g. --runs-dir DIR, --python PATH, --gpus 1).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! bash scripts/setup.sh; then
  echo "quickstart: installing the dependencies failed; run 'sudo bash scripts/setup.sh' once (it needs apt-get and pip), then 'npm run quickstart' again" >&2
  exit 1
fi
node scripts/build.mjs
spec=examples/quickstart.vla.json
[ -f "$spec" ] || { echo "quickstart: $spec is missing from this checkout" >&2; exit 1; }
# The interpreter is found by the runner (VLA_LAB_PYTHON, then the project's .venv, then python3 on PATH).
status=0
node dist/cli.js run "$spec" "$@" || status=$?
if [ "$status" -eq 0 ]; then
  echo
  echo "Next: 'node dist/cli.js show latest' for the full record, 'node dist/cli.js ls' for every run,"
  echo "or open the run in VS Code (VLA Lab: Runs view) to see the curves and videos inline."
fi
exit "$status"
