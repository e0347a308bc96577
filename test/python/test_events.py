"""A whole run (train → Playtable eval) writes events.jsonl records that validate against
schemas/events.schema.json (python jsonschema when importable, else ajv through node), whole lines
only, in order, with the scalars a user reads (train/loss … train/lr, val/…)."""
import json
import os
import shutil
import subprocess

import pytest

from vla_helpers import REPO, read_events, run_cli, tiny_spec, write_fake_calvin, write_spec

SCHEMA = os.path.join(REPO, "schemas", "events.schema.json")
AJV_SCRIPT = r"""
const Ajv = require(process.argv[2]);
const fs = require('fs');
const ajv = new (Ajv.default || Ajv)({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[3], 'utf8')));
const bad = [];
fs.readFileSync(process.argv[4], 'utf8').split('\n').filter(Boolean).forEach((line, i) => {
  if (!validate(JSON.parse(line))) bad.push({ line: i + 1, errors: ajv.errorsText(validate.errors) });
});
console.log(JSON.stringify(bad));
"""


def _lines(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def validate_events(path, tmp_path):
    """Problems found (empty when every record is valid)."""
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema is not None:
        v = jsonschema.Draft7Validator(json.load(open(SCHEMA)))
        return [(i, e.message) for i, rec in enumerate(_lines(path)) for e in v.iter_errors(rec)]
    node, ajv = shutil.which("node"), os.path.join(REPO, "node_modules", "ajv")
    if not node or not os.path.isdir(ajv):
        pytest.skip("neither python jsonschema nor node + ajv is available to validate events")
    (tmp_path / "validate.js").write_text(AJV_SCRIPT)
    p = subprocess.run([node, str(tmp_path / "validate.js"), ajv, SCHEMA, path], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_run_events_validate_against_the_schema(tmp_path):
    data = write_fake_calvin(str(tmp_path / "data"), size=16)
    write_fake_calvin(str(tmp_path / "data"), split="validation", episodes=2, size=16, seed=1)
    spec = tiny_spec(data, steps=4, val_every=2)
    spec["data"]["stages"][0]["datasets"][0]["tasks"] = ["open_drawer", "close_drawer"]
    spec["eval"] = [{"benchmark": "playtable", "chains": 2, "chain_length": 1, "max_steps": 4, "videos": 1, "tasks": ["open_drawer"]}]
    run = str(tmp_path / "run")
    r = run_cli("train", "--spec", write_spec(str(tmp_path / "spec.json"), spec), "--run-dir", run)
    assert r.returncode == 0, r.stderr
    path = os.path.join(run, "events.jsonl")
    raw = open(path, encoding="utf-8").read()
    assert raw.endswith("\n") and all(line.startswith('{"v": 1') for line in raw.splitlines())
    assert validate_events(path, tmp_path) == []
    ev = read_events(run)
    types = [e["type"] for e in ev]
    assert types[0] == "run_start" and types[-1] == "run_end" and ev[-1]["status"] == "completed"
    assert types.index("stage") < types.index("scalar") < types.index("eval_result")
    names = {e["name"] for e in ev if e["type"] == "scalar"}
    assert {"train/loss", "train/loss_arm", "train/loss_gripper", "train/acc_gripper", "train/lr", "val/loss"} <= names
    assert [e["step"] for e in ev if e["type"] == "scalar" and e["name"] == "train/loss"] == [1, 2, 3, 4]
    start = ev[0]
    assert len(start["spec_hash"]) == 64 and start["versions"]["torch"] and start["params"] > 0 and start["resumed"] is False
    res = next(e for e in ev if e["type"] == "eval_result")
    assert res["benchmark"] == "playtable" and res["task_info"]["open_drawer"]["total"] == 2 and set(res["chain_sr"]) == {"1"}
    assert os.path.exists(os.path.join(run, res["results_path"]))
    media = [e for e in ev if e["type"] == "media"]
    assert media and all(os.path.exists(os.path.join(run, m["path"])) for m in media)


def test_nan_and_inf_scalars_are_written_as_null(tmp_path):
    from vlalab.training.events import EventWriter
    w = EventWriter(str(tmp_path / "events.jsonl"))
    w.scalar(1, "train/loss", float("nan"))
    w.scalar(2, "train/loss", float("inf"))
    w.close()
    assert [r["value"] for r in _lines(str(tmp_path / "events.jsonl"))] == [None, None]
    assert validate_events(str(tmp_path / "events.jsonl"), tmp_path) == []
