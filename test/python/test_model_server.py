"""VLA Lab policies as vla-eval model servers, and Playtable scoring any vla-eval model server:
the same checkpoint in-process and through the server ends every episode the same way; a server
declaring other conventions is refused before the first episode; a server that dies, hangs or
answers wrong shapes ends the evaluation in one line with the finished episodes kept (partial)."""
import asyncio
import json
import os
import re
import subprocess
import sys
import urllib.request

import pytest

import vla_eval  # noqa: F401  (the [eval] extra: scripts/setup.sh installs it; missing is a failure, not a skip)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "VLA_LAB_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
FAKE = os.path.join(os.path.dirname(__file__), "helpers", "fake_model_servers.py")
TASKS = ["open_drawer", "turn_on_led"]


class Server:
    """A server process bound to 127.0.0.1 that is always stopped."""

    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.p.stdout.readline()
        m = re.search(r"ws://127\.0\.0\.1:\d+", line)
        if not m:
            self.stop()
            raise AssertionError(f"server did not start: {line!r} {self.p.stderr.read()[-2000:]}")
        self.url, self.ready_line = m.group(0), line

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait(10)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from vlalab.sim.dataset_writer import generate_dataset
    base = tmp_path_factory.mktemp("served")
    data = str(base / "data")
    generate_dataset(data, TASKS, 3, 32, seed=0, split="training")
    generate_dataset(data, TASKS, 1, 32, seed=1, split="validation")
    spec = {
        "name": "served", "backbone": {"id": "tiny-prefix", "size": "nano"},
        "policy": {"formulation": "policy-head", "history": 2, "chunk": 2, "head": {"type": "mlp", "hidden": 32, "layers": 1}},
        "observation": {"image_size": 32, "patch_size": 8, "cameras": ["static"]},
        "data": {"stages": [{"name": "ft", "datasets": [{"type": "playtable", "path": data, "tasks": TASKS}], "steps": 40}]},
        "train": {"batch_size": 8, "lr": 0.003, "log_every": 20, "val_every": 100, "checkpoint_every": 40, "warmup_steps": 0},
        "eval": [],
    }
    (base / "spec.json").write_text(json.dumps(spec))
    r = subprocess.run([PY, "-m", "vlalab", "train", "--spec", str(base / "spec.json"), "--run-dir", str(base / "run")],
                       env=ENV, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return base / "run"


@pytest.fixture(scope="module")
def served(run):
    s = Server([PY, "-m", "vlalab", "serve", "--run-dir", str(run)])
    yield s
    s.stop()


def resolved(run, entry):
    from vlalab.trainer.spec import with_defaults
    from vlalab.trainer.checkpoint import load, final
    return with_defaults({**load(final(str(run)))["spec"], "eval": [entry]})


def remote_episodes(url, spec, timeout=60.0):
    from vlalab.serving.remote_eval import _run, make_benchmark
    bench = make_benchmark(spec, spec["eval"][0])
    episodes, _, fault = asyncio.run(_run(url, bench, timeout, print))
    assert fault is None, fault
    return episodes


def test_the_server_states_its_conventions_and_binds_loopback_only(run, served):
    cfg = json.loads(urllib.request.urlopen(served.url.replace("ws://", "http://") + "/config", timeout=10).read())
    conv = cfg["conventions"]
    assert conv["action"]["space"] == "delta" and conv["action"]["dim"] == 7
    assert conv["action"]["gripper"] == {"open": 1.0, "close": -1.0, "binary": True}
    assert conv["image_size"] == 32 and conv["cameras"] == {"static": "rgb_static"} and conv["chunk"]["size"] == 2
    assert json.loads(urllib.request.urlopen(served.url.replace("ws://", "http://") + "/health", timeout=10).read())["status"] == "ok"
    r = subprocess.run([PY, "-m", "vlalab", "serve", "--run-dir", str(run), "--host", "0.0.0.0"], env=ENV, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "--allow-remote" in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("entry", [
    # single tasks with an expert setup (unstack_block stacks first) and a task without
    {"benchmark": "playtable", "chains": 4, "chain_length": 1, "tasks": ["unstack_block", "open_drawer"], "max_steps": 40, "seed": 3, "videos": 0},
    # chains: the second subtask's observations carry episode_restart
    {"benchmark": "playtable", "chains": 3, "chain_length": 2, "max_steps": 25, "seed": 5, "videos": 0},
], ids=["single-tasks", "chains"])
def test_in_process_and_served_evaluations_end_every_episode_alike(run, served, entry):
    from vlalab.sim.chains import generate_chains
    from vlalab.sim.evaluation import evaluate_chains, evaluate_single_tasks
    from vlalab.trainer.evaluate import HarnessPolicy, load_policy
    from vlalab.trainer.checkpoint import final
    spec = resolved(run, entry)
    e = spec["eval"][0]
    policy, pspec, _ = load_policy(final(str(run)))
    harness = HarnessPolicy(policy, pspec, protocol={"execution": "first", "delay": 0}, seed=e["seed"])
    common = dict(image_size=32, max_steps=e["max_steps"], held_out_phrasings=True, batch_size=4, seed=e["seed"])
    if e["chain_length"] == 1:
        local = evaluate_single_tasks(harness, e["tasks"], 2, **common)["episodes"]
    else:
        local = evaluate_chains(harness, generate_chains(e["chains"], length=2, tasks=TASKS, seed=e["seed"]), **common)["episodes"]
    remote = remote_episodes(served.url, spec)
    assert remote == local  # every subtask: task, instruction, success, steps
    if e["chain_length"] == 1:
        # the comparison means something only if episodes both succeed and fail
        assert {s["success"] for ep in local for s in ep["subtasks"]} == {True, False}


def test_the_run_gets_the_result_like_its_own_evaluations(run, served, tmp_path):
    out = tmp_path / "scored"
    entry = {"benchmark": "playtable", "chains": 2, "chain_length": 1, "tasks": ["open_drawer"], "max_steps": 30, "seed": 3, "videos": 1}
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(resolved(run, entry)))
    r = subprocess.run([PY, "-m", "vlalab", "eval", "--model-server", served.url, "--spec", str(spec_path), "--run-dir", str(out), "--standalone"],
                       env=ENV, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    evs = [json.loads(x) for x in (out / "events.jsonl").read_text().splitlines()]
    res = next(e for e in evs if e["type"] == "eval_result")
    assert res["checkpoint"] == f"model-server:{served.url}" and res["task_info"]["open_drawer"]["total"] == 2
    media = [e for e in evs if e["type"] == "media"]
    assert len(media) == 1 and (out / media[0]["path"]).is_file()
    filed = json.loads((out / res["results_path"]).read_text())
    assert filed["protocol"]["server"] == "VLALabModelServer" and "partial" not in filed
    assert evs[-1]["type"] == "run_end" and evs[-1]["status"] == "completed"


def fake(mode, after):
    return Server([PY, FAKE, mode, str(after)])


ENTRY = {"benchmark": "playtable", "chains": 3, "chain_length": 1, "tasks": ["open_drawer"], "max_steps": 10, "seed": 1, "videos": 0}


def test_a_server_declaring_other_conventions_is_refused_before_the_first_episode(run, tmp_path):
    from vlalab.serving.conventions import ConventionMismatch
    from vlalab.serving.remote_eval import evaluate_model_server
    s = fake("absolute", 0)
    try:
        with pytest.raises(ConventionMismatch) as err:
            evaluate_model_server(s.url, str(tmp_path), resolved(run, ENTRY))
    finally:
        s.stop()
    msg = str(err.value)
    assert "\n" not in msg and s.url in msg
    for what in ("absolute_xyz", "quaternion_xyzw", "binary_close_positive", "agentview", "action dim: server 8"):
        assert what in msg, what
    assert not os.path.exists(tmp_path / "eval" / "model-server" / "results_playtable.json")


@pytest.mark.parametrize("mode,expect", [
    ("dies", "closed the connection during episode 3/3"),
    ("hangs", "sent no action within 2 s during episode 3/3"),
    ("shape", "answered wrongly during episode 3/3 (open_drawer): the model server returned an action with shape (3,)"),
])
def test_a_failing_server_is_named_and_finished_episodes_are_kept_once(run, tmp_path, mode, expect):
    from vlalab.serving.remote_eval import ServerFault, evaluate_model_server
    from vlalab.trainer.events import EventWriter
    s = fake(mode, 20)  # two 10-step episodes finish, the third fails
    events = EventWriter(str(tmp_path / "events.jsonl"))
    try:
        with pytest.raises(ServerFault) as err:
            evaluate_model_server(s.url, str(tmp_path), resolved(run, ENTRY), events=events, timeout=2.0, log=lambda *_: None)
    finally:
        events.close()
        s.stop()
    assert expect in str(err.value) and s.url in str(err.value) and "\n" not in str(err.value)
    filed = json.loads((tmp_path / "eval" / "model-server" / "results_playtable.json").read_text())
    assert filed["partial"]["finished"] == 2 and filed["partial"]["planned"] == 3
    assert filed["task_info"] == {"open_drawer": {"success": 0, "total": 2}} and filed["num_episodes"] == 2
    evs = [json.loads(x) for x in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert [e["num_chains"] for e in evs if e["type"] == "eval_result"] == [2]
    assert [e["code"] for e in evs if e["type"] == "warning"] == ["eval-partial"]
