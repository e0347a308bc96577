"""Run folders travel (copied from clusters, committed, shared): nothing in one may run code, and a
damaged file is one line naming it with exit status 2 (docs/runs.md, "What a run folder can do").
Each test crafts the file an attacker or a broken copy would leave and checks the trainer's answer."""

import json
import os
import pathlib
import random
import subprocess
import sys

import numpy as np
import pytest
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "VLA_LAB_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
TASKS = ["open_drawer"]


class Planted:
    """Unpickling this creates `marker`: proof that a load ran code."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (pathlib.Path.touch, (pathlib.Path(self.marker),))


def vlalab(*args):
    return subprocess.run([PY, "-m", "vlalab", *args], env=ENV, capture_output=True, text=True, timeout=240)


def one_line(r):
    return r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    from vlalab.sim.dataset_writer import generate_dataset

    d = str(tmp_path_factory.mktemp("playtable"))
    generate_dataset(d, TASKS, 2, 32, seed=0, split="training")
    return d


def spec_for(data_dir):
    return {
        "name": "t",
        "backbone": {"id": "tiny-prefix", "size": "nano"},
        "policy": {"formulation": "policy-head", "history": 1, "chunk": 1, "head": {"type": "mlp", "hidden": 16, "layers": 1}},
        "observation": {"image_size": 32, "patch_size": 8, "cameras": ["static"]},
        "data": {"stages": [{"name": "ft", "datasets": [{"type": "playtable", "path": data_dir, "tasks": TASKS}], "steps": 4}]},
        "train": {"batch_size": 4, "lr": 0.002, "log_every": 2, "val_every": 100, "checkpoint_every": 2, "warmup_steps": 0},
        "eval": [],
    }


def planted_checkpoint(path, marker):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.save({"step": 2, "model": {}, "stats": {}, "spec": {}, "tokenizer": {}, "extra": Planted(marker)}, path)


def test_a_checkpoint_with_pickled_objects_is_refused_without_running_them(tmp_path):
    marker = tmp_path / "pwned"
    run = tmp_path / "run"
    bad = run / "checkpoints" / "step-0000002.pt"
    planted_checkpoint(str(bad), str(marker))
    (run / "spec.json").write_text(json.dumps({"name": "t"}))
    for args in (
        ["eval", "--run-dir", str(run), "--checkpoint", str(bad)],
        ["eval", "--run-dir", str(run)],
        ["export-onnx", "--run-dir", str(run)],
    ):
        r = vlalab(*args)
        assert r.returncode == 2 and one_line(r), (args, r.stderr)
        assert str(bad) in r.stderr and "refuses to load" in r.stderr
    assert not marker.exists(), "unpickling the checkpoint ran code"


def test_resume_from_a_planted_checkpoint_is_refused(tmp_path, data_dir):
    marker = tmp_path / "pwned"
    run = tmp_path / "run"
    planted_checkpoint(str(run / "checkpoints" / "step-0000002.pt"), str(marker))
    (tmp_path / "spec.json").write_text(json.dumps(spec_for(data_dir)))
    r = vlalab("train", "--spec", str(tmp_path / "spec.json"), "--run-dir", str(run), "--resume", "--no-eval")
    assert r.returncode == 2 and one_line(r) and "step-0000002.pt" in r.stderr, r.stderr
    assert not marker.exists()
    end = [json.loads(line) for line in (run / "events.jsonl").read_text().splitlines()][-1]
    assert end["type"] == "run_end" and end["error_kind"] == "data" and end["exit_code"] == 2


def test_garbage_and_truncated_checkpoints_are_one_line(tmp_path):
    from vlalab.trainer import checkpoint as ckpt

    run = tmp_path / "run"
    r = vlalab("eval", "--run-dir", str(run), "--checkpoint", "/etc/passwd")
    assert r.returncode == 2 and one_line(r) and "/etc/passwd" in r.stderr, r.stderr
    good = ckpt.save(str(run), 4, {"step": 4, "model": {"w": torch.randn(4096)}, "rng": ckpt.rng_state()})
    data = pathlib.Path(good).read_bytes()
    pathlib.Path(good).write_bytes(data[: len(data) // 2])
    for args in (["export-onnx", "--run-dir", str(run)], ["eval", "--run-dir", str(run), "--checkpoint", good]):
        r = vlalab(*args)
        assert r.returncode == 2 and one_line(r) and good in r.stderr and "truncated" in r.stderr, r.stderr


def test_rng_states_survive_a_weights_only_checkpoint_exactly(tmp_path):
    from vlalab.trainer import checkpoint as ckpt

    random.seed(1), np.random.seed(2), torch.manual_seed(3)
    np.random.standard_normal()  # leaves a cached gaussian in numpy's state
    path = ckpt.save(str(tmp_path), 7, {"step": 7, "model": {}, "rng": ckpt.rng_state()})
    want = (random.random(), np.random.standard_normal(3).tolist(), torch.rand(3).tolist())
    ckpt.set_rng_state(ckpt.load(path)["rng"])
    assert (random.random(), np.random.standard_normal(3).tolist(), torch.rand(3).tolist()) == want


def test_resume_keeps_crafted_event_lines_without_failing(tmp_path):
    from vlalab.trainer.events import truncate_after

    ev = tmp_path / "events.jsonl"
    odd = ["[1]\n", '"text"\n', "[" * 100000 + "]" * 100000 + "\n", "{not json\n"]
    ev.write_text("".join(odd) + json.dumps({"v": 1, "type": "scalar", "t": 1, "step": 9, "name": "train/loss", "value": 1}) + "\n")
    assert truncate_after(str(ev), 5) == 1
    assert ev.read_text() == "".join(odd)


def test_a_spec_nested_thousands_deep_is_one_line(tmp_path):
    bad = tmp_path / "deep.json"
    bad.write_text('{"name": "x", "a": ' + "[" * 100000 + "]" * 100000 + "}")
    r = vlalab("train", "--spec", str(bad), "--run-dir", str(tmp_path / "run"))
    assert r.returncode == 2 and one_line(r) and str(bad) in r.stderr and "deep" in r.stderr, r.stderr


def test_a_truncated_episode_file_names_itself(tmp_path, data_dir):
    import shutil

    d = tmp_path / "copy"
    shutil.copytree(data_dir, d)
    victim = sorted((d / "training").glob("episode_*.npz"))[2]
    victim.write_bytes(victim.read_bytes()[:100])
    (tmp_path / "spec.json").write_text(json.dumps(spec_for(str(d))))
    r = vlalab("train", "--spec", str(tmp_path / "spec.json"), "--run-dir", str(tmp_path / "run"), "--no-eval")
    assert r.returncode == 2 and one_line(r), r.stderr
    assert str(victim) in r.stderr and "truncated" in r.stderr


def test_an_annotation_pickle_cannot_run_code(tmp_path, data_dir):
    import shutil

    from vlalab.trainer.data import Segments
    from vlalab.trainer.errors import CorruptInput

    marker = tmp_path / "pwned"
    d = tmp_path / "copy"
    shutil.copytree(data_dir, d)
    ann_file = d / "training" / "lang_annotations" / "auto_lang_ann.npy"
    real = np.load(ann_file, allow_pickle=True).item()  # our own file, written by gen-data
    np.save(ann_file, np.array({**real, "extra": Planted(str(marker))}, dtype=object), allow_pickle=True)
    with pytest.raises(CorruptInput, match="auto_lang_ann.npy is not a CALVIN annotation file"):
        Segments(str(d), "training", ["static"], 32)
    # the editor's probe converts the same file through this module
    r = subprocess.run([PY, "-m", "vlalab.trainer.annotations", str(ann_file)], env=ENV, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and one_line(r) and "pathlib" in r.stderr, r.stderr
    assert not marker.exists()
    # the genuine file still reads, in the trainer and for the probe
    np.save(ann_file, np.array(real, dtype=object), allow_pickle=True)
    assert len(Segments(str(d), "training", ["static"], 32, cache_dir=str(tmp_path / "c")).segments) == len(real["info"]["indx"])
    r = subprocess.run([PY, "-m", "vlalab.trainer.annotations", str(ann_file)], env=ENV, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and json.loads(r.stdout)["language"]["ann"] == [str(a) for a in real["language"]["ann"]]
