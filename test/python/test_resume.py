"""Resume after SIGKILL continues exactly from the latest checkpoint: no duplicated or missing
scalar step in events.jsonl (records past the checkpoint are dropped atomically, with a warning
saying how many), same losses and final weights as an uninterrupted run. SIGTERM saves a
checkpoint, writes run_end `cancelled` and exits 143."""
import os
import signal
import subprocess
import time

import torch

from vla_helpers import CLI, PY, REPO, cli_env, read_events, run_cli, tiny_spec, write_fake_calvin, write_spec


def _start(spec_path, run):
    return subprocess.Popen([PY, *CLI, "train", "--spec", spec_path, "--run-dir", run, "--no-eval"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(), cwd=REPO)


def _wait_for(run, pred, timeout=120):
    t0 = time.time()
    while time.time() - t0 < timeout:
        if os.path.exists(os.path.join(run, "events.jsonl")) and pred(read_events(run)):
            return
        time.sleep(0.05)
    raise AssertionError("the run did not get there in time")


def _steps(ev, name="train/loss"):
    return [e["step"] for e in ev if e["type"] == "scalar" and e["name"] == name]


def test_resume_after_sigkill_has_no_duplicate_or_missing_steps(tmp_path):
    data = write_fake_calvin(str(tmp_path / "data"), size=16)
    spec_path = write_spec(str(tmp_path / "spec.json"), tiny_spec(data, steps=14, checkpoint_every=4))
    ref = str(tmp_path / "ref")
    assert run_cli("train", "--spec", spec_path, "--run-dir", ref, "--no-eval").returncode == 0
    run = str(tmp_path / "run")
    p = _start(spec_path, run)
    _wait_for(run, lambda ev: any(e["type"] == "checkpoint" for e in ev) and max(_steps(ev) or [0]) >= 6)
    p.kill()  # SIGKILL: no chance to clean up
    p.communicate()
    before = read_events(run)
    ckpt_step = max(e["step"] for e in before if e["type"] == "checkpoint")
    assert max(_steps(before)) > ckpt_step  # scalars past the checkpoint were written
    r = run_cli("train", "--spec", spec_path, "--run-dir", run, "--resume", "--no-eval")
    assert r.returncode == 0, r.stderr
    ev = read_events(run)
    assert _steps(ev) == list(range(1, 15)) and _steps(ev, "train/lr") == list(range(1, 15))
    warn = [e for e in ev if e["type"] == "warning" and e.get("code") == "resume_truncated"]
    assert len(warn) == 1 and "dropped" in warn[0]["message"]
    start = [e for e in ev if e["type"] == "run_start"][-1]
    assert start["resumed"] is True and start["start_step"] == ckpt_step
    loss = lambda evs: {e["step"]: e["value"] for e in evs if e["type"] == "scalar" and e["name"] == "train/loss"}  # noqa: E731
    ref_loss, got = loss(read_events(ref)), loss(ev)
    assert all(abs(got[s] - ref_loss[s]) < 1e-5 for s in range(1, 15)), (got, ref_loss)
    a = torch.load(os.path.join(ref, "checkpoints", "step-0000014.pt"))["model"]
    b = torch.load(os.path.join(run, "checkpoints", "step-0000014.pt"))["model"]
    assert all(torch.allclose(a[k].float(), b[k].float(), atol=1e-6) for k in a)


def test_sigterm_saves_a_checkpoint_and_ends_cancelled(tmp_path):
    data = write_fake_calvin(str(tmp_path / "data"), size=16)
    spec_path = write_spec(str(tmp_path / "spec.json"), tiny_spec(data, steps=100000, checkpoint_every=100000))
    run = str(tmp_path / "run")
    p = _start(spec_path, run)
    _wait_for(run, lambda ev: len(_steps(ev)) >= 2)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 143, err
    ev = read_events(run)
    assert ev[-1]["type"] == "run_end" and ev[-1]["status"] == "cancelled" and ev[-1]["exit_code"] == 143
    cps = [e for e in ev if e["type"] == "checkpoint"]
    assert cps and cps[-1]["tag"] == "cancel" and os.path.exists(os.path.join(run, cps[-1]["path"]))
    assert "Traceback" not in err
