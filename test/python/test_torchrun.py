"""torchrun through python/vlalab/torchrun.py, and the trainer under it with 2 CPU ranks (gloo).

The entry point: its Std.from_str fix (Debian's torch 1.13 on Python 3.11 returns None for "0"),
that it starts real ranks that can all-reduce, that a failed rank's exit status comes through.
The trainer: each rank draws its own shard of the data; SIGTERM stops every rank after the same
step, rank 0 saves a checkpoint and writes a `cancelled` run_end; resume under torchrun carries the
steps on, each logged once; DDP keeps the ranks' parameters identical."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from helpers.torchrun_launch import ENV, PY, SHIM, torchrun
from test_trainer import TASKS, data_dir, events, events_so_far, make_spec, scalar_steps, validate_events  # noqa: F401 (data_dir: the shared fixture)


def test_patched_from_str_returns_std_none_for_0():
    # In a fresh interpreter: the patch changes torch's class for the whole process. The file is
    # loaded by path, as the runner runs it, and must not import the rest of vlalab.
    code = f"""
import importlib.util, json, sys
from torch.distributed.elastic.multiprocessing.api import Std
before = Std.from_str("0")
spec = importlib.util.spec_from_file_location("vlalab_torchrun", {SHIM!r})
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
patched = m.patch_std_from_str()
out = {{
    "broken_before": before is None,
    "patched": patched,
    "none": Std.from_str("0") is Std.NONE,
    "values": [Std.from_str(v) is s for v, s in (("1", Std.OUT), ("2", Std.ERR), ("3", Std.ALL))],
    "mapping": {{k: v.name for k, v in Std.from_str("0:3,1:0,2:1").items()}},
    "still_broken": m.from_str_is_broken(),
    "vlalab_imported": any(n == "vlalab" or n.startswith("vlalab.") for n in sys.modules),
}}
try:
    Std.from_str("7")
    out["bad"] = "accepted"
except ValueError:
    out["bad"] = "ValueError"
print(json.dumps(out))
"""
    r = subprocess.run([PY, "-c", code], capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": ""})
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["none"], "from_str('0') is Std.NONE after the patch"
    assert out["patched"] == out["broken_before"], "patches exactly when the bug is there (and only then)"
    assert out["values"] == [True, True, True]
    assert out["mapping"] == {"0": "ALL", "1": "NONE", "2": "OUT"}
    assert not out["still_broken"]
    assert out["bad"] == "ValueError"
    assert not out["vlalab_imported"], "the entry point stands alone"
    import torch

    if torch.__version__.startswith("1.13") and sys.version_info >= (3, 11):
        assert out["broken_before"], "Debian's torch 1.13 on Python 3.11 has the bug this fixes"


RANKS_SCRIPT = """
import os, torch, torch.distributed as dist
dist.init_process_group("gloo")
t = torch.tensor([float(dist.get_rank() + 1)])
dist.all_reduce(t)
os.write(1, f"rank {dist.get_rank()} of {dist.get_world_size()} sum {t.item():g}\\n".encode())  # one write: the ranks share stdout
code = int(os.environ.get("EXIT_RANK_1", "0")) if dist.get_rank() == 1 else 0
dist.destroy_process_group()
raise SystemExit(code)
"""


def test_two_ranks_start_and_all_reduce(tmp_path):
    script = tmp_path / "ranks.py"
    script.write_text(RANKS_SCRIPT)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    r = subprocess.run(torchrun(2, str(script)), capture_output=True, text=True, timeout=120, env={**ENV, "TMPDIR": str(tmp)})
    assert r.returncode == 0, r.stdout + r.stderr
    assert sorted(line for line in r.stdout.splitlines() if line.startswith("rank ")) == ["rank 0 of 2 sum 3", "rank 1 of 2 sum 3"]
    # torchrun's agent makes a log folder (by default /tmp/torchelastic_*) per run: ours is removed
    assert os.listdir(tmp) == [], "a run leaves nothing in the temp folder"


def test_a_failed_rank_exit_status_comes_through(tmp_path):
    script = tmp_path / "ranks.py"
    script.write_text(RANKS_SCRIPT)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**ENV, "EXIT_RANK_1": "2", "TMPDIR": str(tmp)}
    r = subprocess.run(torchrun(2, str(script)), capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "torchrun: rank 1 exited with code 2" in r.stdout
    assert "Traceback" not in r.stderr, "one line, not torchrun's traceback"
    assert os.listdir(tmp) == [], "a failed run leaves nothing in the temp folder either"


class _Rows:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


@pytest.mark.parametrize("n,batch", [(40, 4), (43, 4), (10, 3)])
def test_each_rank_draws_its_own_shard(n, batch):
    from vlalab.trainer.loop import Stage

    world = 2
    st = Stage(0, {"name": "ft", "steps": 100}, _Rows(n), None, batch, world)
    for epoch in range(3):
        steps = range(epoch * st.batches_per_epoch, (epoch + 1) * st.batches_per_epoch)
        drawn = [[i for s in steps for i in st.batch_indices(s, 7, rank, world, batch)] for rank in range(world)]
        for d in drawn:
            assert len(d) == len(set(d)) == st.batches_per_epoch * batch, "no row twice within a rank's epoch"
        assert not set(drawn[0]) & set(drawn[1]), f"epoch {epoch}: the ranks share rows"
        if n % (world * batch) == 0:
            assert set(drawn[0]) | set(drawn[1]) == set(range(n)), "together the ranks cover the data"
    assert (
        set(st.batch_indices(0, 7, 0, world, batch)) != set(st.batch_indices(st.batches_per_epoch, 7, 0, world, batch)) or n < 2 * batch
    ), "a new permutation every epoch"


def test_ddp_cancel_then_resume_under_torchrun(tmp_path, data_dir):
    spec = make_spec(data_dir)
    spec["data"]["stages"][0]["steps"] = 40
    spec["train"].update({"batch_size": 4, "log_every": 1, "checkpoint_every": 5, "val_every": 1000})
    p = tmp_path / "spec.json"
    p.write_text(json.dumps(spec))
    run = tmp_path / "run"
    cmd = torchrun(2, "-m", "vlalab", "train", "--spec", str(p), "--run-dir", str(run), "--no-eval")
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not ((run / "events.jsonl").exists() and len(scalar_steps(events_so_far(run))) >= 7):
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGTERM)  # what `vla-lab cancel` does: the whole group, torchrun and ranks
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, out + err
    evs = events(run)
    end = evs[-1]
    assert end["type"] == "run_end" and end["status"] == "cancelled", end
    ck = [e for e in evs if e["type"] == "checkpoint" and e.get("tag") == "cancel"]
    assert len(ck) == 1 and (run / ck[0]["path"]).exists() and ck[0]["step"] == end["step"]
    assert out.count("cancelled at step") == 1, "rank 0 alone reports it"
    stopped = end["step"]
    assert 7 <= stopped < 40

    r = subprocess.run(cmd + ["--resume"], env=ENV, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    evs = events(run)
    assert validate_events(run / "events.jsonl") == []
    assert scalar_steps(evs) == list(range(1, 41)), "every step once, across the cancel"
    starts = [e for e in evs if e["type"] == "run_start"]
    assert [s["world_size"] for s in starts] == [2, 2] and starts[1]["resumed"] and starts[1]["start_step"] == stopped
    assert "2 ranks: parameters identical on every rank" in r.stdout, r.stdout
    assert not any(e["type"] == "warning" and e.get("code") == "ranks-diverged" for e in evs)
    assert (run / "checkpoints" / "step-0000040.pt").exists()


def test_dist_timeout_knob(monkeypatch):
    # VLA_LAB_DIST_TIMEOUT_S bounds how long a collective waits for a lost rank (test_two_hosts.py
    # shows it end to end); a bad value is one line, not a traceback.
    from vlalab.policy.tokenizer import ConfigError
    from vlalab.trainer.loop import DIST_TIMEOUT_DEFAULT_S, dist_timeout_s

    monkeypatch.delenv("VLA_LAB_DIST_TIMEOUT_S", raising=False)
    assert dist_timeout_s() == DIST_TIMEOUT_DEFAULT_S == 300
    monkeypatch.setenv("VLA_LAB_DIST_TIMEOUT_S", "7.5")
    assert dist_timeout_s() == 7.5
    for bad in ("0", "-3", "soon", "nan", "inf"):
        monkeypatch.setenv("VLA_LAB_DIST_TIMEOUT_S", bad)
        with pytest.raises(ConfigError, match="VLA_LAB_DIST_TIMEOUT_S=.* is not a positive number of seconds"):
            dist_timeout_s()


def test_a_lost_peer_is_named():
    from vlalab.trainer.cli import _lost_peer

    env = {**os.environ}
    try:
        os.environ["WORLD_SIZE"] = "2"
        assert _lost_peer(RuntimeError("[../third_party/gloo/gloo/transport/tcp/pair.cc:534] Connection closed by peer [10.0.0.2]:1234"))
        assert _lost_peer(RuntimeError("[gloo] Timed out waiting 8000ms for recv operation to complete"))
        assert _lost_peer(RuntimeError("Application timeout caused pair closure"))
        assert not _lost_peer(RuntimeError("mat1 and mat2 shapes cannot be multiplied"))
        assert not _lost_peer(ValueError("Connection closed by peer"))
        os.environ["WORLD_SIZE"] = "1"
        assert not _lost_peer(RuntimeError("Connection closed by peer"))
    finally:
        os.environ.clear()
        os.environ.update(env)
