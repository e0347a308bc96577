"""The built-in trainer end to end on a tiny Playtable dataset: every formulation × head learns,
events follow the schema, resume is exact after a kill, SIGTERM cancels cleanly, NaN losses and
bad input are named, ONNX export matches PyTorch under onnxruntime-node."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "VLA_LAB_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
TASKS = ["open_drawer", "move_slider_left"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    from vlalab.sim.dataset_writer import generate_dataset

    d = str(tmp_path_factory.mktemp("playtable"))
    generate_dataset(d, TASKS, 3, 32, seed=0, split="training")
    generate_dataset(d, TASKS, 1, 32, seed=1, split="validation")
    return d


def make_spec(data_dir, **over):
    spec = {
        "name": "t",
        "backbone": {"id": "tiny-prefix", "size": "nano"},
        "policy": {"formulation": "policy-head", "history": 2, "chunk": 2, "head": {"type": "mlp", "hidden": 32, "layers": 1}},
        "observation": {"image_size": 32, "patch_size": 8, "cameras": ["static"]},
        "data": {"stages": [{"name": "ft", "datasets": [{"type": "playtable", "path": data_dir, "tasks": TASKS}], "steps": 12}]},
        "train": {"batch_size": 8, "lr": 0.002, "log_every": 2, "val_every": 6, "checkpoint_every": 4, "warmup_steps": 0},
        "eval": [],
    }
    for k, v in over.items():
        spec[k] = {**spec.get(k, {}), **v} if isinstance(v, dict) and isinstance(spec.get(k), dict) else v
    return spec


def run_train(tmp_path, spec, *extra, wait=True):
    p = tmp_path / "spec.json"
    p.write_text(json.dumps(spec))
    run = tmp_path / "run"
    cmd = [PY, "-m", "vlalab", "train", "--spec", str(p), "--run-dir", str(run), *extra]
    if not wait:
        return subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), run
    r = subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=240)
    return r, run


def events(run):
    return [json.loads(line) for line in (run / "events.jsonl").read_text().splitlines()]


def events_so_far(run):
    """The complete records of a run still writing (or just killed): a last line without its newline
    is a record half written, which the readers (runs.py, the editor) skip too."""
    text = (run / "events.jsonl").read_text()
    return [json.loads(line) for line in text[: text.rfind("\n") + 1].splitlines()]


def health_alarms(evs):
    """The training-health warnings (schemas/training-health.json) of a run's events: healthy runs have none."""
    from vlalab.trainer.health import ALARMS

    return [e for e in evs if e["type"] == "warning" and e.get("code") in ALARMS]


def scalar_steps(evs, name="train/loss"):
    return [e["step"] for e in evs if e["type"] == "scalar" and e["name"] == name]


FORMULATIONS = [
    ("policy-head", "continuous", "tiny-prefix"),
    ("policy-head", "continuous", "tiny-xattn"),
    ("one-step", "continuous", "tiny-prefix"),
    ("one-step", "continuous", "tiny-xattn"),
    ("interleaved", "continuous", "tiny-prefix"),
    ("one-step", "discrete", "tiny-prefix"),
]


# Discrete actions are predicted by the LM head: the action head is unused, so one head suffices.
CASES = [(f, s, b, h) for f, s, b in FORMULATIONS for h in (["mlp"] if s == "discrete" else ["mlp", "lstm", "gpt", "moe"])]
# The chunk-decoder heads (parallel decoding, flow matching, diffusion): both backbones, with and without history.
CASES += [
    ("policy-head", "continuous", "tiny-prefix", "oft"),
    ("policy-head", "continuous", "tiny-prefix", "flow"),
    ("one-step", "continuous", "tiny-xattn", "diffusion"),
]


@pytest.mark.parametrize("formulation,space,backbone,head", CASES)
def test_every_formulation_and_head_learns(data_dir, formulation, space, backbone, head):
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import WordTokenizer
    from vlalab.trainer.data import Segments, WindowDataset
    from vlalab.trainer.spec import with_defaults

    torch.manual_seed(0)
    spec = with_defaults(
        make_spec(
            data_dir,
            backbone={"id": backbone},
            policy={
                "formulation": formulation,
                "action_space": space,
                "history": 2,
                "chunk": 2,
                "head": {"type": head, "hidden": 32, "layers": 1},
                "discretization": {"bins": 16},
            },
        )
    )
    seg = Segments(data_dir, "training", ["static"], 32, TASKS)
    tok = WordTokenizer.build([t for t, *_ in seg.segments])
    policy = build_policy(spec, tok, seg.stats())
    ds = WindowDataset([seg], policy.history, 2, tok)
    batch = ds.batch(np.arange(16))
    opt = torch.optim.AdamW(policy.parameters(), lr=1e-3)
    first = None
    for _ in range(40):
        out = policy.loss(batch)
        opt.zero_grad()
        out["loss"].backward()
        opt.step()
        first = first if first is not None else float(out["loss"])
    last = float(policy.loss(batch)["loss"])
    assert last < 0.8 * first, f"{formulation}/{space}/{backbone}/{head}: loss {first:.3f} -> {last:.3f}"
    actions = policy.predict(batch["images"][:2], batch["ids"][:2], batch["mask"][:2])
    assert actions.shape == (2, 2, 7) and torch.all(actions[..., -1].abs() == 1)


def validate_events(path):
    """Every line against schemas/events.schema.json, with ajv from the project's node_modules."""
    node = shutil.which("node")
    # scripts/setup.sh (run first by the test command) installs them: a missing one is a failure, not a skip
    assert node and os.path.isdir(os.path.join(ROOT, "node_modules", "ajv")), (
        "node and the npm dependencies (ajv) are needed: run bash scripts/setup.sh"
    )
    script = """
const Ajv = require('ajv'); const addFormats = require('ajv-formats'); const fs = require('fs');
const ajv = new Ajv({strict: false, allErrors: true}); addFormats(ajv);
const v = ajv.compile(JSON.parse(fs.readFileSync(process.argv[1], 'utf8')));
const bad = [];
fs.readFileSync(process.argv[2], 'utf8').split('\\n').filter(Boolean).forEach((l, i) => { if (!v(JSON.parse(l))) bad.push(i + 1 + ': ' + ajv.errorsText(v.errors)); });
console.log(JSON.stringify(bad));
"""
    r = subprocess.run(
        [node, "-e", script, os.path.join(ROOT, "schemas", "events.schema.json"), str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_train_writes_valid_events_checkpoints_and_evaluates(tmp_path, data_dir):
    spec = make_spec(data_dir, eval=[{"benchmark": "playtable", "chains": 2, "chain_length": 1, "max_steps": 20, "videos": 1}])
    r, run = run_train(tmp_path, spec)
    assert r.returncode == 0, r.stderr
    evs = events(run)
    assert validate_events(run / "events.jsonl") == []
    kinds = [e["type"] for e in evs]
    assert kinds[0] == "run_start" and kinds[-1] == "run_end" and evs[-1]["status"] == "completed"
    assert scalar_steps(evs) == list(range(2, 13, 2))
    assert {"train/loss_arm", "train/loss_gripper", "train/acc_gripper", "train/lr", "val/loss"} <= {
        e["name"] for e in evs if e["type"] == "scalar"
    }
    res = next(e for e in evs if e["type"] == "eval_result")
    assert set(res["task_info"]) == set(TASKS) and sum(c["total"] for c in res["task_info"].values()) == 2
    media = [e for e in evs if e["type"] == "media"]
    assert media and os.path.exists(run / media[0]["path"])
    assert os.path.exists(run / "checkpoints" / "step-0000012.pt")
    assert health_alarms(evs) == []


def test_resume_after_kill_has_no_duplicate_or_missing_steps(tmp_path, data_dir):
    spec = make_spec(data_dir)
    spec["data"]["stages"][0]["steps"] = 400
    spec["train"].update({"log_every": 1, "checkpoint_every": 25})
    proc, run = run_train(tmp_path, spec, "--no-eval", wait=False)
    deadline = time.time() + 120
    while time.time() < deadline:
        if (run / "events.jsonl").exists() and len(scalar_steps(events_so_far(run))) >= 60:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = max(scalar_steps(events_so_far(run)))
    assert 30 < killed_at < 400
    r, _ = run_train(tmp_path, spec, "--no-eval", "--resume")
    assert r.returncode == 0, r.stderr
    evs = events(run)
    steps = scalar_steps(evs)
    assert steps == list(range(1, 401)), "every step exactly once"
    assert any(e["type"] == "warning" and e.get("code") == "resume-truncated" for e in evs)
    starts = [e for e in evs if e["type"] == "run_start"]
    assert len(starts) == 2 and starts[1]["resumed"] and starts[1]["start_step"] % 25 == 0
    assert health_alarms(evs) == [], "400 healthy steps (validated every 6): no training-health alarm"


def test_sigterm_saves_a_checkpoint_and_cancels(tmp_path, data_dir):
    spec = make_spec(data_dir)
    spec["data"]["stages"][0]["steps"] = 5000
    proc, run = run_train(tmp_path, spec, "--no-eval", wait=False)
    deadline = time.time() + 120
    while time.time() < deadline and not ((run / "events.jsonl").exists() and scalar_steps(events_so_far(run))):
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    evs = events(run)
    assert evs[-1]["type"] == "run_end" and evs[-1]["status"] == "cancelled"
    ck = [e for e in evs if e["type"] == "checkpoint" and e.get("tag") == "cancel"]
    assert ck and os.path.exists(run / ck[0]["path"])


def test_sigterm_during_the_end_of_training_evaluation_stops_it(tmp_path, data_dir):
    """A cancel while the finished run evaluates (the long-horizon spec's 1000 chains run for many
    minutes) ends it at once: run_end cancelled, exit 143, the final checkpoint kept — before, the
    evaluation ignored SIGTERM (training's handler only sets a flag its step loop reads) and ran on."""
    entry = {"benchmark": "playtable", "chains": 400, "chain_length": 1, "tasks": TASKS, "max_steps": 360, "videos": 0}
    proc, run = run_train(tmp_path, make_spec(data_dir, eval=[entry]), wait=False)
    deadline = time.time() + 120
    while time.time() < deadline and not (run / "checkpoints" / "final.txt").exists():
        time.sleep(0.1)
    time.sleep(1.0)  # into the evaluation
    t0 = time.time()
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert time.time() - t0 < 15, "the evaluation went on after SIGTERM"
    evs = events(run)
    assert evs[-1]["type"] == "run_end" and evs[-1]["status"] == "cancelled" and evs[-1]["step"] == 12
    assert not [e for e in evs if e["type"] == "eval_result"]
    final = (run / "checkpoints" / "final.txt").read_text().strip()
    assert os.path.exists(run / "checkpoints" / final) and "evaluate it with `vla-lab eval`" in out


@pytest.mark.parametrize("grad_clip", [0, 1.0])
def test_nan_loss_is_named(tmp_path, data_dir, grad_clip):
    spec = make_spec(data_dir, train={"lr": 1e9, "grad_clip": grad_clip, "optimizer": "sgd"})
    spec["data"]["stages"][0]["steps"] = 50
    r, run = run_train(tmp_path, spec, "--no-eval")
    assert r.returncode == 1
    end = events(run)[-1]
    assert end["type"] == "run_end" and end["status"] == "failed" and end["error_kind"] == "nan"
    assert "NaN loss at step" in end["error"] and "lower train.lr" in end["error"]
    # the advice never asks for clipping the run already has
    assert ("set train.grad_clip" in end["error"]) == (not grad_clip), end["error"]
    assert "Traceback" not in r.stderr


def test_bad_input_gives_one_clear_line(tmp_path, data_dir):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", str(bad), "--run-dir", str(tmp_path / "r")], env=ENV, capture_output=True, text=True
    )
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "not valid JSON" in r.stderr
    spec = make_spec(str(tmp_path / "nowhere"))
    r, run = run_train(tmp_path, spec, "--no-eval")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    end = events(run)[-1]
    assert end["error_kind"] == "data" and "nowhere/training does not exist" in end["error"]
    ro = tmp_path / "ro"
    ro.write_text("a file, not a directory")
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", str(tmp_path / "spec.json"), "--run-dir", str(ro / "run")],
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2 and "cannot write to the run directory" in r.stderr and r.stderr.count("\n") == 1


def test_loader_names_missing_files(tmp_path, data_dir):
    from vlalab.trainer.data import DataError, Segments

    d = tmp_path / "copy"
    shutil.copytree(data_dir, d)
    os.remove(d / "training" / "lang_annotations" / "auto_lang_ann.npy")
    with pytest.raises(DataError, match="auto_lang_ann.npy is missing"):
        Segments(str(d), "training", ["static"], 32)
    shutil.copytree(os.path.join(data_dir, "training", "lang_annotations"), d / "training" / "lang_annotations", dirs_exist_ok=True)
    victim = sorted((d / "training").glob("episode_*.npz"))[3]
    os.remove(victim)
    with pytest.raises(DataError, match=victim.name):
        Segments(str(d), "training", ["static", "gripper"], 32)


def test_onnx_export_matches_pytorch_in_onnxruntime_node(tmp_path, data_dir):
    node = shutil.which("node")
    ort_dir = os.path.join(ROOT, "node_modules", "onnxruntime-node")
    assert node and os.path.isdir(ort_dir), "node and onnxruntime-node are needed for the ONNX parity check: run bash scripts/setup.sh"
    spec = make_spec(
        data_dir,
        policy={"formulation": "policy-head", "history": 3, "chunk": 2, "head": {"type": "lstm", "hidden": 32, "layers": 1}},
        observation={"image_size": 32, "patch_size": 8, "cameras": ["static", "gripper"]},
    )
    spec["data"]["stages"][0]["steps"] = 4
    r, run = run_train(tmp_path, spec, "--no-eval")
    assert r.returncode == 0, r.stderr
    r = subprocess.run([PY, "-m", "vlalab", "export-onnx", "--run-dir", str(run)], env=ENV, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    manifest = json.loads((run / "export" / "policy.json").read_text())
    assert manifest["tokenizer"]["vocab"][:2] == ["<pad>", "<unk>"] and manifest["history"] == 3
    from vlalab.trainer import checkpoint as ckpt
    from vlalab.trainer.evaluate import load_policy
    from vlalab.trainer.export_onnx import ExportWrapper

    policy, spec_r, _ = load_policy(ckpt.final(str(run)))
    g = torch.Generator().manual_seed(1)
    images = torch.rand(1, 3, 2, 3, 32, 32, generator=g) * 2 - 1
    ids, mask = policy.tokenizer.batch(["slide the door to the left"])
    with torch.no_grad():
        arm, grip = ExportWrapper(policy).eval()(images, ids, mask.long())
    feeds = {
        "inputs": {
            "images": {"dtype": "float32", "dims": list(images.shape), "data": images.flatten().tolist()},
            "tokens": {"dtype": "int64", "dims": list(ids.shape), "data": ids.flatten().tolist()},
            "attention_mask": {"dtype": "int64", "dims": list(mask.shape), "data": mask.long().flatten().tolist()},
        }
    }
    (tmp_path / "feeds.json").write_text(json.dumps(feeds))
    r = subprocess.run(
        [
            node,
            os.path.join(ROOT, "test", "python", "helpers", "ort_run.js"),
            ort_dir,
            str(run / "export" / "policy.onnx"),
            str(tmp_path / "feeds.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    np.testing.assert_allclose(np.array(out["arm"]["data"]), arm.flatten().numpy(), atol=1e-4)
    np.testing.assert_allclose(np.array(out["gripper"]["data"]), grip.flatten().numpy(), atol=1e-4)
    assert out["arm"]["dims"] == list(arm.shape)


def test_spec_defaults_come_from_the_schema():
    from vlalab.trainer.spec import with_defaults

    s = with_defaults({"name": "x", "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]}})
    schema = json.load(open(os.path.join(ROOT, "schemas", "experiment.schema.json")))
    assert s["train"]["lr"] == schema["definitions"]["train"]["properties"]["lr"]["default"]
    assert s["policy"]["formulation"] == "policy-head" and s["observation"]["image_size"] == 32


def test_spec_hash_is_canonical():
    from vlalab.trainer.spec import spec_hash

    assert spec_hash({"b": 1, "a": [1, "é"]}) == spec_hash({"a": [1, "é"], "b": 1})


def test_validation_curve_does_not_depend_on_the_batch_size(data_dir):
    """A run at 16 samples per rank (the quickstart under torchrun) and one at 32 must report the same
    val/loss for the same weights, computed over windows from every validation episode."""
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import WordTokenizer
    from vlalab.trainer.data import Segments, WindowDataset
    from vlalab.trainer.loop import validate
    from vlalab.trainer.spec import with_defaults

    class Recorder:
        def __init__(self):
            self.values = {}

        def scalar(self, step, name, value, stage=None):
            self.values[name] = value

    class Stage:
        name = "ft"

    torch.manual_seed(0)
    spec = with_defaults(make_spec(data_dir))
    seg = Segments(data_dir, "validation", ["static"], 32, TASKS)
    tok = WordTokenizer.build([t for t, *_ in seg.segments])
    policy = build_policy(spec, tok, seg.stats())
    Stage.val = WindowDataset([seg], policy.history, 2, tok)
    dist = type("D", (), {"device": torch.device("cpu")})()
    seen = {}
    for bs in (5, 16, 32):
        rec = Recorder()
        validate(policy, Stage, 0, rec, dist, bs, max_samples=40)
        seen[bs] = rec.values["val/loss"]
    assert seen[5] == pytest.approx(seen[32], rel=1e-4) and seen[16] == pytest.approx(seen[32], rel=1e-4), seen
    # the windows validated are spread over the set: the last episode's windows are among them
    rows = np.unique(np.linspace(0, len(Stage.val) - 1, 40).astype(np.int64))
    assert rows[-1] == len(Stage.val) - 1 and len(rows) == 40
