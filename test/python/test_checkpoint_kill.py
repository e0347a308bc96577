"""A SIGKILL between writing a checkpoint and its `checkpoint` event (docs/runs.md, "Checkpoints
written just before a kill"): the checkpoint is complete (renamed into place), so it is listed —
marked as having no event — and `latest` and `best:<metric>` pick it in both languages (its
checkpoints/index.json entry is written before the file); resuming continues from it, writes its
event (tag "recovered") and, for a run whose index lacks it, rebuilds its index entry from the
scalars logged up to its step — the same entry the trainer would have written.

The kill is real: the trainer runs in a child process whose EventWriter sends SIGKILL to its own
process at the moment it would write the `checkpoint` event of step 6."""

import json
import os
import shutil
import signal
import subprocess

from test_trainer import ENV, PY, ROOT, TASKS, data_dir, events, make_spec, scalar_steps  # noqa: F401 (data_dir is a fixture)
from vlalab.trainer import checkpoint as ckpt
from vlalab.trainer import retention
from vlalab.trainer.spec import load_spec

KILL_AT = 6
NAME = f"step-{KILL_AT:07d}.pt"
# `python -m vlalab` with the EventWriter killing its process instead of writing that event
KILLING = f"""
import os, signal, sys
from vlalab.trainer import events
emit = events.EventWriter.emit
def killing(self, type_, **fields):
    if type_ == "checkpoint" and fields.get("step") == {KILL_AT}:
        os.kill(os.getpid(), signal.SIGKILL)
    return emit(self, type_, **fields)
events.EventWriter.emit = killing
sys.argv = ["vlalab", *sys.argv[1:]]
from vlalab.trainer.cli import main
main()
"""


def train(run, spec_file, *extra, killing=False):
    head = [PY, "-c", KILLING] if killing else [PY, "-m", "vlalab"]
    return subprocess.run(
        [*head, "train", "--spec", spec_file, "--run-dir", str(run), "--no-eval", *extra],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=240,
    )


def ts_side(run, refs):
    """resolveCheckpoint's answers and `vla-lab checkpoints <run>`'s lines (test/python/helpers/checkpoint_tools.ts)."""
    r = subprocess.run(
        ["node", "--import", "tsx", os.path.join("test", "python", "helpers", "checkpoint_tools.ts"), str(run), *refs],
        cwd=ROOT,
        env={**ENV, "VLA_LAB_PYTHON": PY},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def index(run):
    return json.loads((run / "checkpoints" / "index.json").read_text())


def listed(run):
    """`python -m vlalab checkpoints --run-dir <run>`'s listing (in this process: it is retention.listing)."""
    return {c["name"]: c for c in retention.listing(str(run), load_spec(str(run / "spec.json"))[1])}


def test_a_checkpoint_killed_before_its_event_is_listed_picked_and_recovered_on_resume(tmp_path, data_dir):
    spec = make_spec(data_dir)
    spec["data"]["stages"][0]["steps"] = 12
    # training scalars at steps 5, 10 and 12, validation and checkpoints every 3 steps
    spec["train"].update({"log_every": 5, "val_every": 3, "checkpoint_every": 3, "keep_checkpoints": 5})
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec))
    run = tmp_path / "runs" / "kill" / "run"  # as the runner lays it out (the TypeScript CLI reads it)
    run.mkdir(parents=True)
    record = {"v": 1, "id": "run", "experiment": "kill", "status": "failed", "backend": "builtin", "launcher": "local"}
    (run / "run.json").write_text(json.dumps({**record, "created_at": "2026-12-05T00:00:00Z"}))
    (run / "spec.json").write_text(json.dumps(spec))
    r = train(run, str(spec_file), killing=True)
    assert r.returncode == -signal.SIGKILL, r.stderr

    # on disk: the checkpoint, whole, with its index entry; events.jsonl does not name it
    assert ckpt.load(str(run / "checkpoints" / NAME))["step"] == KILL_AT
    assert [e["step"] for e in events(run) if e["type"] == "checkpoint"] == [3]
    written = index(run)[NAME]
    assert written["step"] == KILL_AT and written["metrics"]["train/loss"][0] == 5 and written["metrics"]["val/loss"][0] == KILL_AT

    # listed and marked; latest and best:<metric> pick it, the same in both languages
    rows = listed(run)
    assert (rows[NAME]["event"], rows["step-0000003.pt"]["event"]) == (False, True)
    val = {e["step"]: e["value"] for e in events(run) if e["type"] == "scalar" and e["name"] == "val/loss"}
    refs = ["latest", "final", "best:val/loss", "best:val/loss:max"]
    expected = [KILL_AT, KILL_AT, min((3, KILL_AT), key=lambda s: (val[s], -s)), max((3, KILL_AT), key=lambda s: (val[s], s))]
    python = [retention.pick(str(run), ref, load_spec(str(run / "spec.json"))[1]) for ref in refs]
    assert [os.path.basename(p) for p in python] == [f"step-{s:07d}.pt" for s in expected]
    ts = ts_side(run, refs)
    assert [ts["picks"][ref] for ref in refs] == python
    assert ts["code"] == 0
    note = [line for line in ts["lines"] if line.startswith("no checkpoint event: ")]
    assert note and NAME in note[0] and "vla-lab resume" in note[0], ts["lines"]

    # a run written before the index entry came first: the kill left no index entry either
    old = run.parent / "old"
    shutil.copytree(run, old)
    entries = index(old)
    del entries[NAME]
    (old / "checkpoints" / "index.json").write_text(json.dumps(entries))

    for folder in (run, old):
        r = train(folder, str(spec_file), "--resume")
        assert r.returncode == 0, r.stderr
        assert f"recovered {NAME}" in r.stdout + r.stderr
        evs = events(folder)
        assert scalar_steps(evs) == [5, 10, 12] and scalar_steps(evs, "val/loss") == [3, 6, 9, 12], "each logged step once"
        ck_events = [(e["step"], e.get("tag")) for e in evs if e["type"] == "checkpoint"]
        assert ck_events.count((KILL_AT, "recovered")) == 1 and [s for s, _ in ck_events] == [3, KILL_AT, 9, 12], ck_events
        assert index(folder)[NAME] == written, "the rebuilt entry is the one the trainer wrote"
        rows = listed(folder)
        assert all(c["event"] for c in rows.values()) and rows[NAME]["recovered"] and not rows["step-0000009.pt"]["recovered"]
        # what was logged before the kill still ranks the checkpoints written after the resume: step 9
        # comes before the resumed run logs training scalars again (step 10)
        assert index(folder)["step-0000009.pt"]["metrics"]["train/loss"] == written["metrics"]["train/loss"]
