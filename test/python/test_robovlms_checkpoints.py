"""`python -m vlalab checkpoints` on a robovlms-backend run: RoboVLMs' own checkpoints (the real
run's layout, test/fixtures/robovlms-run/, with placeholder files) by step, with the metrics logged
at or before each; pinning refused in one line (RoboVLMs keeps every epoch); pick latest or a name."""

import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "test", "fixtures", "robovlms-run")
ENV = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))


def cli(run, *args):
    return subprocess.run(
        [sys.executable, "-m", "vlalab", "checkpoints", "--run-dir", str(run), *args], capture_output=True, text=True, env=ENV, timeout=120
    )


def make_run(tmp_path):
    run = tmp_path / "run"
    shutil.copytree(os.path.join(FIX, "robovlms", "checkpoints"), run / "robovlms" / "checkpoints")
    (run / "run.json").write_text(json.dumps({"backend": "robovlms"}))
    with open(os.path.join(FIX, "checkpoint-sizes.json")) as f:
        sizes = json.load(f)
    steps = sorted(int(n.split("step=")[1].split(".")[0]) for n in sizes)
    events = [{"v": 1, "type": "scalar", "t": 0, "step": s, "name": "val/loss", "value": 1.0 / (i + 1)} for i, s in enumerate(steps)]
    events.append({"v": 1, "type": "scalar", "t": 0, "step": steps[-1] + 5, "name": "train/loss", "value": 9.0})  # after every checkpoint
    (run / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    return run, sizes, steps


def test_listing(tmp_path):
    run, sizes, steps = make_run(tmp_path)
    r = cli(run)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [c["step"] for c in out["checkpoints"]] == steps and out["count"] == len(steps)
    assert sorted(c["name"] for c in out["checkpoints"]) == sorted(sizes)
    for i, c in enumerate(out["checkpoints"]):
        assert c["path"].startswith("robovlms/checkpoints/kosmos/calvin_finetune/") and c["path"].endswith(c["name"])
        assert c["bytes"] == os.path.getsize(run / c["path"])
        assert c["metrics"] == {"val/loss": 1.0 / (i + 1)}, "only what was logged at or before its step"
        assert c["kept_because"] == ["RoboVLMs keeps every epoch"]


def test_pin_refused_pick_latest_or_name(tmp_path):
    run, sizes, steps = make_run(tmp_path)
    r = cli(run, "--pin", "latest")
    assert r.returncode != 0 and r.stderr.strip().splitlines() == [
        "vlalab: RoboVLMs keeps every epoch's checkpoint and VLA Lab prunes none of them: there is nothing to pin"
    ]
    r = cli(run, "--pick", "latest")
    assert r.returncode == 0 and r.stdout.strip().endswith(f"step={steps[-1]}.ckpt") and os.path.isfile(r.stdout.strip())
    first = min(sizes, key=lambda n: int(n.split("step=")[1].split(".")[0]))
    assert cli(run, "--pick", first).stdout.strip().endswith(first)
    r = cli(run, "--pick", "best:val/loss")
    assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1 and "give latest or one of" in r.stderr
