"""Action conventions checked end to end when a stage mixes sources (trainer/datasources.py): Playtable
(CALVIN's convention, built in) mixed with the RLDS fixture written by tensorflow-datasets (OXE's gripper
0 closed / 1 open, declared in its metadata.json) stops before training in one line, trains when the
source declares the conversion (and its actions then equal Playtable's own), and the held-out / own
validation episodes of the RLDS source are recorded in the stage event."""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from vlalab.trainer import datasources
from vlalab.trainer.data import Segments

HERE = os.path.dirname(os.path.abspath(__file__))
RLDS = os.path.abspath(os.path.join(HERE, "..", "fixtures", "rlds", "playtable_rlds", "1.0.0"))
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.path.abspath(os.path.join(HERE, "..", "..", "python"))}
CALVIN = {"mode": "delta", "frame": "world", "rotation": "euler_xyz", "gripper": {"closed": -1, "open": 1}}


@pytest.fixture(scope="module")
def playtable(tmp_path_factory):
    from vlalab.sim.dataset_writer import generate_dataset

    d = str(tmp_path_factory.mktemp("playtable"))
    generate_dataset(d, ["open_drawer"], 2, 32, seed=0, split="training")
    return d


@pytest.fixture(scope="module")
def rlds_copy(tmp_path_factory):
    """The fixture copied: a run writes its loading cache next to the data, never into the repository."""
    d = tmp_path_factory.mktemp("rlds") / "playtable_rlds" / "1.0.0"
    shutil.copytree(RLDS, d)
    return str(d)


def spec(playtable, rlds_extra=None, rlds_path=RLDS):
    rlds = {"type": "rlds", "path": rlds_path, "features": {"task": "episode_metadata/task"}, **(rlds_extra or {})}
    return {
        "name": "mix",
        "backbone": {"id": "tiny-prefix", "size": "nano"},
        "policy": {"formulation": "one-step", "chunk": 2, "head": {"type": "mlp", "hidden": 32, "layers": 1}},
        "observation": {"image_size": 32, "patch_size": 8, "cameras": ["static"]},
        "data": {
            "recipe": "co-train",
            "stages": [{"name": "mix", "steps": 4, "datasets": [{"type": "playtable", "path": playtable, "tasks": ["open_drawer"]}, rlds]}],
        },
        "train": {"batch_size": 4, "log_every": 2, "val_every": 4, "checkpoint_every": 4, "warmup_steps": 0},
        "eval": [],
    }


def train(tmp_path, s):
    p = tmp_path / "spec.json"
    p.write_text(json.dumps(s))
    return subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", str(p), "--run-dir", str(tmp_path / "run")],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_a_mismatch_stops_before_training_in_one_line(tmp_path, playtable, rlds_copy):
    r = train(tmp_path, spec(playtable, rlds_path=rlds_copy))
    assert r.returncode == 1, r.stderr  # a data error, as the trainer's other DataErrors (cli.py)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert lines[0].startswith("vlalab: run failed: stage 'mix', dataset 1 (rlds")
    assert "gripper closed 0 / open 1 (the spec's: -1 / 1)" in lines[0] and '"convert": true' in lines[0]
    assert not (tmp_path / "run" / "checkpoints").exists() or not os.listdir(tmp_path / "run" / "checkpoints")


def test_a_declared_conversion_trains_and_records_the_validation_episodes(tmp_path, playtable, rlds_copy):
    r = train(tmp_path, spec(playtable, {"convention": {"convert": True}}, rlds_path=rlds_copy))
    assert r.returncode == 0, r.stderr
    assert "converting its actions (gripper closed 0 / open 1" in r.stderr + r.stdout
    evs = [json.loads(line) for line in (tmp_path / "run" / "events.jsonl").read_text().splitlines()]
    stage = next(e for e in evs if e["type"] == "stage")
    assert stage["datasets"][1]["validation"] == {"split": "val", "episodes": [0, 1], "of": 2, "how": "the dataset's own 'val' split"}
    assert "validation" not in stage["datasets"][0]  # CALVIN layout: its validation/ folder
    assert any(e["type"] == "scalar" and e["name"] == "val/loss" for e in evs)


def test_converted_actions_equal_the_sources_own(playtable):
    with open(os.path.join(RLDS, "..", "..", "truth.json")) as f:
        truth = json.load(f)
    s = Segments(RLDS, None, ["static"], 32, cache=False, source={"type": "rlds", "features": {}, "part": "training"})
    conv, origin = datasources.source_convention({"type": "rlds"}, RLDS)
    assert origin.endswith("metadata.json") and conv["gripper"] == {"closed": 0.0, "open": 1.0}
    got = datasources.convert(s.actions, conv, datasources.target({}))
    want = np.concatenate([np.asarray(r["rel_actions"], np.float32) for r in truth["splits"]["train"]])
    np.testing.assert_array_equal(got, want)


def test_mode_and_frame_are_never_converted_and_an_undeclared_source_in_a_mix_stops(tmp_path, playtable):
    s = spec(playtable, {"convention": {"mode": "absolute", "convert": True}})
    with pytest.raises(
        datasources.ConventionError,
        match=r"mode absolute \(the spec's: delta\); gripper .* — delta/absolute and the frame cannot be converted",
    ):
        datasources.check_stages(s, s["data"]["stages"], [[playtable, RLDS]])
    bare = tmp_path / "lerobot"
    (bare / "meta").mkdir(parents=True)
    (bare / "meta" / "info.json").write_text(json.dumps({"codebase_version": "v3.0", "features": {}}))
    s = spec(playtable)
    s["data"]["stages"][0]["datasets"][1] = {"type": "lerobot", "path": str(bare)}
    with pytest.raises(
        datasources.ConventionError,
        match=r"does not say its action convention and the stage mixes it with other sources: add \"convention\"",
    ):
        datasources.check_stages(s, s["data"]["stages"], [[playtable, str(bare)]])
    # alone in its stage it is assumed to follow the spec's, and the log says so
    lines = []
    s["data"]["stages"][0]["datasets"] = [s["data"]["stages"][0]["datasets"][1]]
    assert datasources.check_stages(s, s["data"]["stages"], [[str(bare)]], log=lines.append) == [[None]]
    assert "assumed the spec's (delta, world frame, euler_xyz, gripper closed -1 / open 1)" in lines[0]
    # the spec's own convention can be OXE's: then the Playtable source is the one that differs
    s = spec(playtable)
    s["action"] = {"convention": {"gripper": {"closed": 0, "open": 1}}}
    with pytest.raises(datasources.ConventionError, match=r"dataset 0 \(playtable .*\): its actions \(built-in\) differ"):
        datasources.check_stages(s, s["data"]["stages"], [[playtable, RLDS]])


def test_rotation_representations_convert_both_ways():
    rng = np.random.default_rng(0)
    euler = rng.uniform([-3, -1.4, -3], [3, 1.4, 3], size=(200, 3))
    a = np.concatenate([rng.normal(size=(200, 3)), euler, rng.choice([-1.0, 1.0], size=(200, 1))], axis=1).astype(np.float32)
    for rep in ("quaternion_xyzw", "axis_angle"):
        other = dict(CALVIN, rotation=rep)
        there = datasources.convert(a, CALVIN, other)
        assert there.shape[1] == 3 + datasources.ROTATION_WIDTHS[rep] + 1
        back = datasources.convert(there, other, CALVIN)
        np.testing.assert_allclose(back, a, atol=2e-4)
    with pytest.raises(datasources.ConventionError, match="actions are 7 wide; a quaternion_xyzw convention means"):
        datasources.convert(a, dict(CALVIN, rotation="quaternion_xyzw"), CALVIN)


def test_the_shared_decision_cases():
    """test/fixtures/conventions/cases.json: the same decisions as the editor's rule (conventions.ts)."""
    with open(os.path.join(HERE, "..", "fixtures", "conventions", "cases.json")) as f:
        cases = json.load(f)["cases"]
    for c in cases:
        s = {"action": {"convention": c["target"]} if c["target"] else {}, "data": {"stages": [{"name": "s", "datasets": c["sources"]}]}}
        roots = [[None] * len(c["sources"])]
        if "error" in c:
            with pytest.raises(datasources.ConventionError) as e:
                datasources.check_stages(s, s["data"]["stages"], roots)
            msg = str(e.value)
            assert f"dataset {c['error']['index']} (" in msg, (c["name"], msg)
            why = {
                "mismatch": '"convert": true',
                "fixed": "cannot be converted",
                "undeclared": "does not say its action convention",
                "incomplete": "declares an incomplete action convention",
            }[c["error"]["why"]]
            assert why in msg, (c["name"], msg)
        else:
            plans = datasources.check_stages(s, s["data"]["stages"], roots)[0]
            assert [None if p is None else "convert" for p in plans] == c["expect"], c["name"]


def test_a_malformed_convention_in_metadata_is_one_line_naming_it(tmp_path):
    d = tmp_path / "lr"
    (d / "meta").mkdir(parents=True)
    (d / "meta" / "info.json").write_text(
        json.dumps(
            {
                "codebase_version": "v3.0",
                "action_convention": {"mode": "relative", "frame": "world", "rotation": "euler_xyz", "gripper": {"closed": -1, "open": 1}},
            }
        )
    )
    with pytest.raises(
        datasources.ConventionError,
        match=r"at .*lr \(.*meta/info.json\) is not one VLA Lab knows: mode 'relative' \(one of delta, absolute\)",
    ):
        datasources.source_convention({"type": "lerobot"}, str(d))
