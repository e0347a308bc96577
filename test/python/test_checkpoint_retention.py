"""Checkpoint management: a run keeps its last k and its best k checkpoints by a metric (and the
final one), records each checkpoint's metrics in checkpoints/index.json, never deletes a pinned
checkpoint or one an evaluation is reading, picks one by `best:<metric>`, and evaluates every kept
checkpoint into a curve against the step."""

import json
import os
import subprocess

import pytest
from test_trainer import ENV, PY, TASKS, data_dir, make_spec  # noqa: F401 (a fixture)


def events(run):
    with open(os.path.join(run, "events.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def on_disk(run):
    return sorted(n for n in os.listdir(os.path.join(run, "checkpoints")) if n.endswith(".pt"))


def name(step):
    return f"step-{step:07d}.pt"


@pytest.fixture(scope="module")
def run(tmp_path_factory, data_dir):
    root = tmp_path_factory.mktemp("retention")
    spec = make_spec(
        data_dir,
        data={"stages": [{"name": "ft", "datasets": [{"type": "playtable", "path": data_dir, "tasks": TASKS}], "steps": 8}]},
        train={"log_every": 1, "val_every": 1, "checkpoint_every": 1, "keep_checkpoints": 2, "keep_best": 2, "best_metric": "val/loss"},
        eval=[{"benchmark": "playtable", "chains": 2, "chain_length": 1, "max_steps": 10, "videos": 0}],
    )
    (root / "spec.json").write_text(json.dumps(spec))
    run = str(root / "run")
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", str(root / "spec.json"), "--run-dir", run, "--no-eval"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    (root / "run" / "spec.json").write_text(json.dumps(spec))  # where the runner puts it (the listing reads its rules)
    return run


def val_loss_by_step(run):
    return {e["step"]: e["value"] for e in events(run) if e["type"] == "scalar" and e["name"] == "val/loss"}


def test_keeps_the_last_k_the_best_k_by_the_metric_and_the_final(run):
    val = val_loss_by_step(run)
    assert sorted(val) == list(range(1, 9))
    best2 = sorted(val, key=lambda s: (val[s], -s))[:2]
    expected = sorted({name(s) for s in [7, 8, *best2]})
    assert on_disk(run) == expected
    index = json.load(open(os.path.join(run, "checkpoints", "index.json")))
    assert sorted(index) == expected
    for n in expected:
        step = index[n]["step"]
        assert index[n]["metrics"]["val/loss"] == [step, val[step]]


def test_pick_by_metric(run):
    val = val_loss_by_step(run)
    kept = {int(n[5:12]) for n in on_disk(run)}
    best = min(kept, key=lambda s: (val[s], -s))
    r = subprocess.run(
        [PY, "-m", "vlalab", "checkpoints", "--run-dir", run, "--pick", "best:val/loss"], env=ENV, capture_output=True, text=True
    )
    assert r.returncode == 0 and r.stdout.strip() == os.path.join(run, "checkpoints", name(best))
    worst = max(kept, key=lambda s: (val[s], s))
    r = subprocess.run(
        [PY, "-m", "vlalab", "checkpoints", "--run-dir", run, "--pick", "best:val/loss:max"], env=ENV, capture_output=True, text=True
    )
    assert r.stdout.strip() == os.path.join(run, "checkpoints", name(worst))
    r = subprocess.run(
        [PY, "-m", "vlalab", "export-onnx", "--run-dir", run, "--checkpoint", "best:val/nope"], env=ENV, capture_output=True, text=True
    )
    assert r.returncode == 2
    line = r.stderr.strip()
    assert (
        "\n" not in line
        and line.startswith(f"vlalab: no checkpoint of {run} has a value of 'val/nope'; metrics recorded: ")
        and "val/loss" in line
    )
    listing = json.loads(
        subprocess.run([PY, "-m", "vlalab", "checkpoints", "--run-dir", run], env=ENV, capture_output=True, text=True).stdout
    )
    assert listing["count"] == len(kept) and listing["bytes"] == sum(
        os.path.getsize(os.path.join(run, "checkpoints", n)) for n in on_disk(run)
    )
    why = {c["name"]: c["kept_because"] for c in listing["checkpoints"]}
    assert why[name(8)][0] == "last" and why[name(8)][-1] == "final" and "best val/loss" in why[name(best)]


def test_pins_and_running_evaluations_protect_checkpoints(tmp_path):
    from vlalab.trainer import retention

    run = str(tmp_path)
    ck = os.path.join(run, "checkpoints")
    os.makedirs(ck)
    for s in range(1, 7):
        open(os.path.join(ck, name(s)), "wb").write(b"x" * s)
        retention.record(run, os.path.join(ck, name(s)), s, {"val/loss": (s, 10.0 - s)})
    open(os.path.join(ck, name(1) + ".pin"), "w").close()  # a user's pin
    dead = subprocess.run(["true"]).returncode or 999999  # a pid that is not running
    open(os.path.join(ck, f"{name(3)}.pin-eval-{dead}"), "w").close()  # an evaluation that died
    with retention.pinned_for_eval(os.path.join(ck, name(2))):  # an evaluation running now
        removed = retention.prune(run, keep_last=1, keep_best=1, metric="val/loss", mode="min")
    assert sorted(os.path.basename(p) for p in removed) == [name(3), name(4), name(5)]
    assert on_disk(run) == [name(1), name(2), name(6)]
    assert not os.path.exists(os.path.join(ck, f"{name(3)}.pin-eval-{dead}")), "a dead evaluation's pin is cleared"
    assert not any(".pin-eval-" in n for n in os.listdir(ck)), "the evaluation's own pin is gone after it"
    assert sorted(retention.read_index(run)) == [name(1), name(2), name(6)]
    assert retention.disk_usage(run) == (3, 1 + 2 + 6)


def test_every_kept_checkpoint_evaluated_into_a_curve(run):
    r = subprocess.run(
        [PY, "-m", "vlalab", "eval", "--run-dir", run, "--every-checkpoint"], env=ENV, capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stderr
    evs = events(run)
    kept = [int(n[5:12]) for n in on_disk(run)]
    results = [e for e in evs if e["type"] == "eval_result"]
    assert [e["step"] for e in results] == kept
    curve = [(e["step"], e["value"]) for e in evs if e["type"] == "scalar" and e["name"] == "eval/playtable/success"]
    assert curve == [(e["step"], e["avg_seq_len"]) for e in results]
    assert not any(".pin-eval-" in n for n in os.listdir(os.path.join(run, "checkpoints")))
