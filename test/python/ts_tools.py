"""Runs the TypeScript spec core from Python tests (test/python/helpers/spec_tools.ts): the
cross-language checks compare what both sides compute for the same specs."""

import json
import os
import shutil
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run_ts(request):
    """{"resolve": [...], "cost": [...]} → the TypeScript answers. Fails (never skips) without node."""
    node = shutil.which("node")
    assert node, "node is needed for the cross-language checks (npm ci installs tsx)"
    r = subprocess.run(
        [node, "--import", "tsx", os.path.join("test", "python", "helpers", "spec_tools.ts")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)
