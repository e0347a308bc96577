#!/usr/bin/env bash
# Runs every test suite (TypeScript unit/integration, Python, end-to-end) and ends with one
# summary line CI can read: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
# A fresh machine gets what it lacks first (idempotent and quick when everything is there).
bash scripts/setup.sh --tests || { echo "setup failed"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
PY=${VLA_LAB_PYTHON:-.venv/bin/python}
out=$(mktemp -d)
passed=0; failed=0; skipped=0
add() { passed=$((passed + $1)); failed=$((failed + $2)); skipped=$((skipped + $3)); }

echo "== typecheck and build"
if npx tsc -p . --noEmit && node scripts/build.mjs; then add 1 0 0; else echo "typecheck/build FAILED"; add 0 1 0; fi

echo "== lint and format (ruff: config in python/pyproject.toml; eslint: eslint.config.mjs; prettier: .prettierrc.json)"
if "$PY" -m ruff check --config python/pyproject.toml python test/python bench; then add 1 0 0; else echo "ruff FAILED"; add 0 1 0; fi
if "$PY" -m ruff format --config python/pyproject.toml --check python test/python bench; then add 1 0 0; else echo "ruff format FAILED (run: .venv/bin/python -m ruff format --config python/pyproject.toml python test/python bench)"; add 0 1 0; fi
if npx eslint extension webview test scripts bench; then add 1 0 0; else echo "eslint FAILED"; add 0 1 0; fi
if npx prettier --check --log-level warn "{extension,webview,test,scripts,bench}/**/*.{ts,mjs}" eslint.config.mjs; then add 1 0 0; else echo "prettier FAILED (run: npx prettier --write '{extension,webview,test,scripts,bench}/**/*.{ts,mjs}' eslint.config.mjs)"; add 0 1 0; fi

echo "== TypeScript tests (node --test)"
mapfile -t ts_tests < <(find test/unit test/integration -name '*.test.ts' 2>/dev/null | sort)
if [ ${#ts_tests[@]} -gt 0 ]; then
  node --import tsx --test --test-concurrency=2 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$out/ts.tap" "${ts_tests[@]}"
  p=$(grep -E '^# pass ' "$out/ts.tap" | tail -1 | awk '{print $3}'); f=$(grep -E '^# fail ' "$out/ts.tap" | tail -1 | awk '{print $3}')
  s=$(grep -E '^# skipped ' "$out/ts.tap" | tail -1 | awk '{print $3}'); c=$(grep -E '^# cancelled ' "$out/ts.tap" | tail -1 | awk '{print $3}')
  add "${p:-0}" "$(( ${f:-1} + ${c:-0} ))" "${s:-0}"
fi

echo "== Python tests (pytest)"
if [ -d test/python ]; then
  PYTHONPATH=python:test/python OPENBLAS_NUM_THREADS=2 "$PY" -m pytest -q -rs -p no:cacheprovider --junitxml="$out/py.xml" test/python
  if [ -f "$out/py.xml" ]; then
    read -r t f e s < <("$PY" - "$out/py.xml" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
s = r if r.tag == "testsuite" else r.find("testsuite")
print(s.get("tests"), s.get("failures"), s.get("errors"), s.get("skipped"))
PYEOF
)
    add $((t - f - e - s)) $((f + e)) "$s"
  else
    echo "pytest did not run"; add 0 1 0
  fi
fi

if [ -f test/e2e/run.sh ] && [ "${VLA_LAB_SKIP_E2E:-0}" != 1 ]; then
  echo "== End-to-end tests in a real VS Code (code-server + Chromium)"
  bash test/e2e/run.sh "$out/e2e.counts"
  if [ -f "$out/e2e.counts" ]; then read -r p f s < "$out/e2e.counts"; add "$p" "$f" "$s"; else add 0 1 0; fi
fi

echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
