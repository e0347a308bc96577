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
        "name": "served",
        "backbone": {"id": "tiny-prefix", "size": "nano"},
        "policy": {"formulation": "policy-head", "history": 2, "chunk": 2, "head": {"type": "mlp", "hidden": 32, "layers": 1}},
        "observation": {"image_size": 32, "patch_size": 8, "cameras": ["static"]},
        "data": {"stages": [{"name": "ft", "datasets": [{"type": "playtable", "path": data, "tasks": TASKS}], "steps": 40}]},
        "train": {"batch_size": 8, "lr": 0.003, "log_every": 20, "val_every": 100, "checkpoint_every": 40, "warmup_steps": 0},
        "eval": [],
    }
    (base / "spec.json").write_text(json.dumps(spec))
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", str(base / "spec.json"), "--run-dir", str(base / "run")],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    return base / "run"


@pytest.fixture(scope="module")
def served(run):
    s = Server([PY, "-m", "vlalab", "serve", "--run-dir", str(run)])
    yield s
    s.stop()


def resolved(run, entry):
    from vlalab.trainer.checkpoint import final, load
    from vlalab.trainer.spec import with_defaults

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
    r = subprocess.run(
        [PY, "-m", "vlalab", "serve", "--run-dir", str(run), "--host", "0.0.0.0"], env=ENV, capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 2 and "--allow-remote" in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "entry",
    [
        # single tasks with an expert setup (unstack_block stacks first) and a task without
        {
            "benchmark": "playtable",
            "chains": 4,
            "chain_length": 1,
            "tasks": ["unstack_block", "open_drawer"],
            "max_steps": 40,
            "seed": 3,
            "videos": 0,
        },
        # chains: the second subtask's observations carry episode_restart
        {"benchmark": "playtable", "chains": 3, "chain_length": 2, "max_steps": 25, "seed": 5, "videos": 0},
    ],
    ids=["single-tasks", "chains"],
)
def test_in_process_and_served_evaluations_end_every_episode_alike(run, served, entry):
    from vlalab.sim.chains import generate_chains
    from vlalab.sim.evaluation import evaluate_chains, evaluate_single_tasks
    from vlalab.trainer.checkpoint import final
    from vlalab.trainer.evaluate import HarnessPolicy, load_policy

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
    r = subprocess.run(
        [PY, "-m", "vlalab", "eval", "--model-server", served.url, "--spec", str(spec_path), "--run-dir", str(out), "--standalone"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    evs = [json.loads(x) for x in (out / "events.jsonl").read_text().splitlines()]
    res = next(e for e in evs if e["type"] == "eval_result")
    assert res["checkpoint"] == f"model-server:{served.url}" and res["task_info"]["open_drawer"]["total"] == 2
    media = [e for e in evs if e["type"] == "media"]
    assert len(media) == 1 and (out / media[0]["path"]).is_file()
    filed = json.loads((out / res["results_path"]).read_text())
    assert (
        filed["model_server"]["server"] == "VLALabModelServer" and filed["model_server"]["conventions_checked"] and "partial" not in filed
    )
    assert evs[-1]["type"] == "run_end" and evs[-1]["status"] == "completed"
    # the same protocol tags as the in-process evaluation of the same entry (only the checkpoint differs)
    from vlalab.trainer.checkpoint import final
    from vlalab.trainer.evaluate import evaluate

    local = evaluate(str(tmp_path / "local"), final(str(run)), eval_entries=resolved(run, entry)["eval"], log=lambda *_: None)[0][
        "protocol"
    ]
    remote = res["protocol"]
    assert remote["checkpoint"] == f"model-server:{served.url}" and remote["benchmark_version"] and remote["split"] == "A->A"
    assert {k: v for k, v in remote.items() if k != "checkpoint"} == {k: v for k, v in local.items() if k != "checkpoint"}


def test_a_chain_protocol_of_another_spec_files_the_same_episodes_in_process_and_served(run, served, tmp_path):
    # what a user runs to check a served policy on chains: the same spec's entries scored through the
    # server and in-process on the checkpoint (eval --spec), each result file listing every episode
    from vlalab.trainer.checkpoint import final

    entry = {"benchmark": "playtable", "chains": 3, "chain_length": 2, "tasks": TASKS, "max_steps": 20, "seed": 7, "videos": 0}
    spec_path = tmp_path / "chains.vla.json"
    spec_path.write_text(json.dumps(resolved(run, entry)))
    filed = {}
    for name, extra in (("served", ["--model-server", served.url]), ("in-process", ["--checkpoint", final(str(run))])):
        out = tmp_path / name
        cmd = [PY, "-m", "vlalab", "eval", *extra, "--spec", str(spec_path), "--run-dir", str(out), "--standalone"]
        r = subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
        res = next(json.loads(x) for x in (out / "events.jsonl").read_text().splitlines() if '"eval_result"' in x)
        filed[name] = json.loads((out / res["results_path"]).read_text())
    served_res, local = filed["served"], filed["in-process"]
    assert local["chain_length"] == 2 and [e["chain"] for e in local["episodes"]] == [0, 1, 2]
    assert all(len(e["tasks"]) == 2 and len(e["subtasks"]) >= 1 for e in local["episodes"])
    assert served_res["episodes"] == local["episodes"]  # every subtask: task, instruction, success, steps
    assert {k: v for k, v in served_res["protocol"].items() if k != "checkpoint"} == {
        k: v for k, v in local["protocol"].items() if k != "checkpoint"
    }
    # another spec's entries are never filed over the training run's own results
    r = subprocess.run(
        [PY, "-m", "vlalab", "eval", "--run-dir", str(run), "--spec", str(spec_path)], env=ENV, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 2 and "new --run-dir" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_eval_refuses_a_server_elsewhere_without_consent_and_names_a_dead_one(run, tmp_path):
    spec_path = tmp_path / "spec.json"
    spec_path.write_text(json.dumps(resolved(run, ENTRY)))
    base = [PY, "-m", "vlalab", "eval", "--spec", str(spec_path), "--run-dir", str(tmp_path / "r"), "--standalone", "--model-server"]
    r = subprocess.run(base + ["ws://10.1.2.3:8000"], env=ENV, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "--allow-remote" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = subprocess.run(base + ["http://127.0.0.1:8000"], env=ENV, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "ws://" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = subprocess.run(base + [f"ws://127.0.0.1:{port}"], env=ENV, capture_output=True, text=True, timeout=180)
    assert r.returncode == 1, r.stderr[-2000:]
    assert f"cannot reach the model server at ws://127.0.0.1:{port}" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_a_server_declaring_only_raw_conventions_is_scored_and_says_so(run, tmp_path):
    import jsonschema
    from vlalab.serving.remote_eval import evaluate_model_server
    from vlalab.trainer.events import EventWriter

    s = fake("raw", 10**6)  # vla-eval's LeRobot server declares {"actions": raw} and a generic "image"
    notes = []
    events = EventWriter(str(tmp_path / "events.jsonl"))
    try:
        out = evaluate_model_server(s.url, str(tmp_path), resolved(run, ENTRY), log=notes.append, events=events)
    finally:
        events.close()
        s.stop()
    assert out[0]["task_info"]["open_drawer"]["total"] == 3 and out[0]["model_server"]["conventions_checked"] is False
    assert out[0]["protocol"]["execution"] == "server"
    assert any("cannot be checked" in n for n in notes)
    # the eval_result is one the readers (show, compare, the Results panel) accept: the events schema
    with open(os.path.join(ROOT, "schemas", "events.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft7Validator({**schema, "$ref": "#/definitions/EvalResultEvent"})
    results = [e for e in map(json.loads, (tmp_path / "events.jsonl").read_text().splitlines()) if e["type"] == "eval_result"]
    assert len(results) == 1 and not list(validator.iter_errors(results[0]))


def test_metric_units_are_vla_evals_calvin_deltas(run):
    """serve --action-units metric: the same policy's actions in metres/radians, declared as vla-eval's
    CALVIN benchmark (delta mode) consumes them; Playtable refuses such a server in one line."""
    import numpy as np
    from vla_eval.benchmarks.calvin.benchmark import CALVINBenchmark
    from vla_eval.specs import check_specs
    from vlalab.serving.conventions import (
        ConventionMismatch,
        check_server,
        from_metric_delta,
        playtable_action_spec,
        playtable_observation_spec,
        to_metric_delta,
    )
    from vlalab.serving.server import VLALabModelServer

    rel = np.array([1.5, -0.5, 0.25, 1.0, -2.0, 0.1, -1.0])
    m = to_metric_delta(rel)
    assert np.allclose(m, [0.02, -0.01, 0.005, 0.05, -0.05, 0.005, -1.0])  # clipped to [-1, 1] first, like the env
    assert np.allclose(from_metric_delta(m), np.clip(rel, -1, 1))
    calvin = CALVINBenchmark(send_wrist_image=True)
    rel_server, metric_server = VLALabModelServer(str(run)), VLALabModelServer(str(run), action_units="metric")
    assert check_specs(metric_server.get_action_spec(), calvin.get_action_spec(), {}, {}) == []
    assert check_specs(rel_server.get_action_spec(), calvin.get_action_spec(), {}, {}) != []  # the units differ: refused
    rng = np.random.default_rng(0)
    obs = {"images": {"rgb_static": rng.integers(0, 255, (32, 32, 3), dtype=np.uint8)}, "task_description": "open the drawer"}
    a = rel_server._act(rel_server._harness(0), obs)
    b = metric_server._act(metric_server._harness(0), obs)
    assert np.allclose(b, to_metric_delta(a), atol=1e-6) and not np.allclose(a[:6], b[:6])
    assert metric_server.conventions["action"]["units"]["position"] == "m"
    info = {"action_spec": {k: v.to_dict() for k, v in metric_server.get_action_spec().items()}}
    with pytest.raises(ConventionMismatch, match="delta_xyz_calvin_rel"):
        check_server(info, playtable_action_spec(), playtable_observation_spec(), 32, False, "ws://x")


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


@pytest.mark.parametrize(
    "mode,expect",
    [
        ("dies", "closed the connection during episode 3/3"),
        ("hangs", "sent no action within 2 s during episode 3/3"),
        ("shape", "answered wrongly during episode 3/3 (open_drawer): the model server returned an action with shape (3,)"),
    ],
)
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
