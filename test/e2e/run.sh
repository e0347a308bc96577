#!/usr/bin/env bash
# End-to-end tests in a real VS Code (code-server + Chromium, see test/e2e/harness.ts).
# Usage: bash test/e2e/run.sh [COUNTS_FILE] [--grep REGEX]
# Writes "PASSED FAILED SKIPPED" to COUNTS_FILE (test/run-all.sh reads it).
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
node --import tsx test/e2e/main.ts --counts "$counts" "$@"
