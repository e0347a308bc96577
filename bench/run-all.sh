#!/usr/bin/env bash
# Runs every benchmark and prints its figures (docs/benchmarks.md records them with this command).
# These machines are noisy: every bench reports ratios against a baseline measured in the same run.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${VLA_LAB_PYTHON:-.venv/bin/python}
node scripts/build.mjs
for f in bench/*.bench.ts; do
  echo "== $f"; node --import tsx "$f" || echo "($f failed)"
done
for f in bench/*_bench.py; do
  [ -f "$f" ] || continue
  echo "== $f"; PYTHONPATH=python "$PY" "$f" || echo "($f failed)"
done
