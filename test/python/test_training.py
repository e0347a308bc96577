"""The CLI end to end on tiny data: training lowers the loss; multi-stage recipes run in order and
carry weights across stages; failures are named: NaN (a real cause: lr 1e6) → run_end failed/nan,
exit 1; a bad spec, missing data or an unwritable run directory → one line on stderr, exit 2, no
traceback."""
import os

import pytest

from vla_helpers import read_events, run_cli, tiny_spec, write_fake_calvin, write_spec


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return write_fake_calvin(str(tmp_path_factory.mktemp("d") / "data"), size=16, episodes=4)


def _values(ev, name="train/loss"):
    return [e["value"] for e in ev if e["type"] == "scalar" and e["name"] == name]


def test_training_lowers_the_loss(tmp_path, data):
    run = str(tmp_path / "run")
    r = run_cli("train", "--spec", write_spec(str(tmp_path / "s.json"), tiny_spec(data, steps=40, lr=3e-3, log_every=5)), "--run-dir", run)
    assert r.returncode == 0, r.stderr
    losses = _values(read_events(run))
    assert len(losses) == 8 and sum(losses[-2:]) < 0.6 * sum(losses[:2]), losses
    assert "step 40/40" in r.stdout


def test_post_train_runs_stages_in_order(tmp_path, data):
    other = write_fake_calvin(str(tmp_path / "other"), size=16, episodes=2, seed=5)
    spec = tiny_spec(data, steps=3)
    spec["data"] = {"recipe": "post-train", "stages": [
        {"name": "pretrain", "datasets": [{"type": "calvin", "path": other}], "steps": 3},
        {"name": "finetune", "datasets": [{"type": "calvin", "path": data, "few_shot": 1}], "steps": 2, "lr": 5e-4}]}
    run = str(tmp_path / "run")
    r = run_cli("train", "--spec", write_spec(str(tmp_path / "s.json"), spec), "--run-dir", run)
    assert r.returncode == 0, r.stderr
    ev = read_events(run)
    assert [(e["name"], e["step"]) for e in ev if e["type"] == "stage"] == [("pretrain", 0), ("finetune", 3)]
    lr = {e["step"]: e["value"] for e in ev if e["type"] == "scalar" and e["name"] == "train/lr"}
    assert lr[4] <= 5e-4 + 1e-12 < lr[1]
    assert [e.get("stage") for e in ev if e["type"] == "scalar" and e["name"] == "train/loss"] == ["pretrain"] * 3 + ["finetune"] * 2


def test_nan_loss_is_a_named_failure(tmp_path, data):
    run = str(tmp_path / "run")
    spec = tiny_spec(data, steps=200, lr=1e6, grad_clip=0, optimizer="sgd")
    r = run_cli("train", "--spec", write_spec(str(tmp_path / "s.json"), spec), "--run-dir", run)
    assert r.returncode == 1, r.stderr
    end = read_events(run)[-1]
    assert end["type"] == "run_end" and end["status"] == "failed" and end["error_kind"] == "nan" and end["exit_code"] == 1
    assert end["error"].startswith("NaN loss at step ") and "lower train.lr" in end["error"]
    assert "NaN loss at step" in r.stderr and "Traceback" not in r.stderr


def test_bad_spec_is_one_line_exit_2(tmp_path, data):
    bad = tiny_spec(data)
    bad["policy"]["formulation"] = "interleaved"
    bad["backbone"]["id"] = "tiny-xattn"
    r = run_cli("train", "--spec", write_spec(str(tmp_path / "s.json"), bad), "--run-dir", str(tmp_path / "run"))
    assert r.returncode == 2 and "cannot interleave" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "broken.json").write_text("{ not json")
    r = run_cli("train", "--spec", str(tmp_path / "broken.json"), "--run-dir", str(tmp_path / "run"))
    assert r.returncode == 2 and "not valid JSON" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = run_cli("train", "--spec", str(tmp_path / "missing.json"), "--run-dir", str(tmp_path / "run"))
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_missing_data_names_the_file(tmp_path, data):
    r = run_cli("train", "--spec", write_spec(str(tmp_path / "s.json"), tiny_spec(str(tmp_path / "nowhere"))), "--run-dir", str(tmp_path / "run"))
    assert r.returncode == 2 and "nowhere" in r.stderr and "Traceback" not in r.stderr
    broken = write_fake_calvin(str(tmp_path / "broken"), size=16, episodes=1)
    os.remove(os.path.join(broken, "training", "episode_0000003.npz"))
    r = run_cli("train", "--spec", write_spec(str(tmp_path / "s2.json"), tiny_spec(broken)), "--run-dir", str(tmp_path / "run2"))
    assert r.returncode == 2 and "episode_0000003.npz" in r.stderr and "Traceback" not in r.stderr
    end = read_events(str(tmp_path / "run2"))[-1]
    assert end["status"] == "failed" and end["error_kind"] == "data"


def test_unwritable_run_dir(tmp_path, data):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run_cli("train", "--spec", write_spec(str(tmp_path / "s.json"), tiny_spec(data)), "--run-dir", str(blocker / "run"))
    assert r.returncode == 2 and "cannot write to the run directory" in r.stderr and "Traceback" not in r.stderr


def test_help_for_every_command():
    for cmd in ("gen-data", "train", "eval", "export-onnx"):
        r = run_cli(cmd, "--help")
        assert r.returncode == 0 and "usage" in r.stdout
