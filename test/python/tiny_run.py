"""A real tiny run folder for tests that read runs (vlalab.runs, the tracker exports): the trainer
trains a nano policy for a few steps on a tiny Playtable split, evaluates it on two 2-task chains
with one rollout video, under <root>/runs/tiny/<run-id>/ as the runner lays it out."""

import json
import os
import subprocess

from test_trainer import ENV, PY, TASKS, make_spec

RUN_ID = "20261204-000000-abcd"


def make_tiny_run(root, data_dir, steps=6, run_id=RUN_ID):
    run = os.path.join(root, "runs", "tiny", run_id)
    os.makedirs(run)
    spec = make_spec(
        data_dir,
        data={"stages": [{"name": "ft", "datasets": [{"type": "playtable", "path": data_dir, "tasks": TASKS}], "steps": steps}]},
        train={"log_every": 1, "val_every": 3, "checkpoint_every": 3},
        eval=[{"benchmark": "playtable", "chains": 2, "chain_length": 2, "max_steps": 12, "videos": 1}],
    )
    spec_file = os.path.join(run, "spec.json")
    with open(spec_file, "w") as f:
        json.dump(spec, f)
    with open(os.path.join(run, "run.json"), "w") as f:
        json.dump(
            {
                "v": 1,
                "id": run_id,
                "experiment": "tiny",
                "status": "completed",
                "backend": "builtin",
                "launcher": "local",
                "created_at": "2026-12-04T00:00:00Z",
            },
            f,
        )
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", spec_file, "--run-dir", run], env=ENV, capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stderr
    return run


def events(run):
    with open(os.path.join(run, "events.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]
