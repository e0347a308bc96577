"""Conventions inferred from a source's own actions and state (trainer/infer_convention.py): Playtable's
known convention (relative actions, gripper -1 closes / +1 opens) is found in a generated split and in
the LeRobot fixture, the RLDS fixture's OXE gripper (0 closes / 1 opens) in its data; a split whose
gripper column is flipped stops the trainer in one line naming the source, the declared and inferred
values, the evidence and what to set; absolute actions made from the states are inferred absolute; the
CLI prints declared vs inferred per field."""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from vlalab.trainer import datasources
from vlalab.trainer import infer_convention as ic

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.abspath(os.path.join(HERE, "..", "fixtures"))
RLDS = os.path.join(FIXTURES, "rlds", "playtable_rlds")
LEROBOT = os.path.join(FIXTURES, "lerobot", "v30-lerobot")
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.path.abspath(os.path.join(HERE, "..", "..", "python"))}


@pytest.fixture(scope="module")
def playtable(tmp_path_factory):
    from vlalab.sim.dataset_writer import generate_dataset

    d = str(tmp_path_factory.mktemp("playtable"))
    generate_dataset(d, ["open_drawer", "lift_red_block_table"], 2, 32, seed=0, split="training")
    return d


def rewrite(src, dst, change):
    """A copy of the split at `src` whose frames' arrays pass through change(frame dict, next frame dict)."""
    shutil.copytree(src, dst)
    split = os.path.join(dst, "training")
    for s, e in np.load(os.path.join(split, datasources.EPISODES_FILE)):
        frames = [dict(np.load(os.path.join(split, datasources.frame_file(i)))) for i in range(s, e + 1)]
        for t, f in enumerate(frames):
            change(f, frames[min(t + 1, len(frames) - 1)])
        for i, f in zip(range(s, e + 1), frames):
            np.savez(os.path.join(split, datasources.frame_file(i)), **f)
    return dst


def flip(f, _):
    f["rel_actions"] = f["rel_actions"].copy()
    f["rel_actions"][6] *= -1


def absolute(f, nxt):
    f["rel_actions"] = np.concatenate([nxt["robot_obs"][:6], f["rel_actions"][6:]])


def infer(ds, root):
    return ic.infer(*ic.read(ds, root))


def test_playtables_convention_is_found_in_its_data(playtable):
    got = infer({"type": "playtable"}, playtable)
    assert got["mode"]["value"] == "delta" and got["mode"]["confidence"] == "high"
    assert got["gripper"]["closed"] == -1 and got["gripper"]["open"] == 1, got["gripper"]["evidence"]
    assert got["frame"]["value"] == "unknown" and "euler_xyz" in got["rotation"]["allowed"]
    # the delta fit finds Playtable's scale: 0.02 m per unit of position action
    np.testing.assert_allclose(got["mode"]["scale"], [0.02] * 3, rtol=0.05)
    conv, _ = datasources.source_convention({"type": "playtable"}, playtable)
    assert ic.contradictions(conv, got) == []


def test_the_fixtures_declared_grippers_agree_with_their_data():
    lr = infer({"type": "lerobot"}, LEROBOT)
    assert (lr["gripper"]["closed"], lr["gripper"]["open"], lr["mode"]["value"]) == (-1, 1, "delta")
    rl = infer({"type": "rlds"}, RLDS)  # Open X-Embodiment's gripper: 0 closed, 1 open
    assert (rl["gripper"]["closed"], rl["gripper"]["open"], rl["mode"]["value"]) == (0, 1, "delta")


def test_absolute_actions_made_from_the_states_are_inferred_absolute(playtable, tmp_path):
    d = rewrite(playtable, str(tmp_path / "abs"), absolute)
    got = infer({"type": "calvin"}, d)
    assert got["mode"]["value"] == "absolute", got["mode"]["evidence"]
    bad = ic.contradictions(datasources.FACTS["builtinConventions"]["calvin"], got)
    assert [b[0] for b in bad] == ["mode"]


def test_a_flipped_gripper_stops_the_trainer_in_one_line(playtable, tmp_path):
    d = rewrite(playtable, str(tmp_path / "flipped"), flip)
    spec = {
        "name": "flipped",
        "backbone": {"id": "tiny-prefix", "size": "nano"},
        "policy": {"formulation": "one-step", "chunk": 2, "head": {"type": "mlp", "hidden": 32, "layers": 1}},
        "observation": {"image_size": 32, "patch_size": 8, "cameras": ["static"]},
        "data": {"recipe": "co-train", "stages": [{"name": "s", "steps": 2, "datasets": [{"type": "calvin", "path": d}]}]},
        "train": {"batch_size": 4, "log_every": 2, "val_every": 4, "checkpoint_every": 4, "warmup_steps": 0},
        "eval": [],
    }
    p = tmp_path / "spec.json"
    p.write_text(json.dumps(spec))
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", str(p), "--run-dir", str(tmp_path / "run")],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    line = lines[0]
    assert line.startswith(f"vlalab: stage 's', dataset 0 (calvin {d}): its data contradicts its action convention (built-in)"), line
    assert "gripper declared closed -1 / open 1, its data's is closed 1 / open -1" in line
    assert "gripper opening width" in line and "the width falls in" in line  # the evidence
    assert 'set "gripper": {"closed": 1, "open": -1} in the data source\'s "convention"' in line
    # declaring what the data shows lets it through (and converting gives the spec's convention)
    ds = {"type": "calvin", "path": d, "convention": {"gripper": {"closed": 1, "open": -1}, "convert": True}}
    stage = [{"name": "s", "datasets": [ds]}]
    inferred = []
    plans = datasources.check_stages(spec, stage, [[d]], inferred=inferred)
    assert plans[0][0] is not None and inferred[0][0]["gripper"]["value"] == "closed 1 / open -1"
    # "infer": false: the contradiction is logged, not a stop
    logged = []
    datasources.check_stages(
        spec, [{"name": "s", "datasets": [{"type": "calvin", "path": d, "convention": {"infer": False}}]}], [[d]], log=logged.append
    )
    assert any(ln.startswith("warning: stage 's', dataset 0") and '"infer": false' in ln for ln in logged), logged


def test_the_cli_prints_declared_and_inferred_per_field(playtable, tmp_path):
    r = subprocess.run([PY, "-m", "vlalab", "data", "conventions", RLDS], env=ENV, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    rows = {ln.split()[0]: ln for ln in r.stdout.splitlines() if ln.startswith("  ") and ln.split()[0] in ic.datasources.FIELDS}
    assert "declared closed 0 / open 1" in rows["gripper"] and "inferred closed 0 / open 1" in rows["gripper"]
    assert "inferred delta" in rows["mode"] and "inferred unknown" in rows["frame"]
    d = rewrite(playtable, str(tmp_path / "flipped"), flip)
    r = subprocess.run([PY, "-m", "vlalab", "data", "conventions", d, "--json"], env=ENV, capture_output=True, text=True, timeout=60)
    out = json.loads(r.stdout)
    assert r.returncode == 0 and out["contradictions"] == ["gripper"] and out["origin"] == "built-in"
    r = subprocess.run([PY, "-m", "vlalab", "data", "conventions", d], env=ENV, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "CONTRADICTS" in next(ln for ln in r.stdout.splitlines() if ln.startswith("  gripper"))
    r = subprocess.run([PY, "-m", "vlalab", "data", "conventions", str(tmp_path / "nowhere")], env=ENV, capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "does not exist" in r.stderr


def test_without_a_state_only_the_values_are_judged_and_a_partly_covered_range_is_no_contradiction():
    rng = np.random.default_rng(0)
    a = rng.uniform(-1, 1, (50, 7))
    a[:, 6] = rng.uniform(0.1, 0.9, 50)  # a continuous gripper whose episodes do not reach 0 or 1
    got = ic.infer([(a, None)])
    assert got["mode"]["value"] == "unknown" and got["gripper"]["value"] == "continuous in [0.114313, 0.880426]"
    oxe = {"mode": "delta", "frame": "world", "rotation": "euler_xyz", "gripper": {"closed": 0, "open": 1}}
    assert ic.contradictions(oxe, got) == []
    assert [c[0] for c in ic.contradictions({**oxe, "gripper": {"closed": -1, "open": 1}}, got)] == ["gripper"]
    assert [c[0] for c in ic.contradictions({**oxe, "rotation": "quaternion_xyzw"}, got)] == ["rotation"]
    a[:, 6] = np.where(a[:, 0] > 0, 1.0, 0.0)  # two values, which closes unknown without a state
    got = ic.infer([(a, None)])
    assert got["gripper"]["value"] == "{0, 1}" and "which closes is unknown" in got["gripper"]["evidence"]
    assert ic.contradictions(oxe, got) == [] and ic.contradictions({**oxe, "gripper": {"closed": 1, "open": 0}}, got) == []
    assert [c[0] for c in ic.contradictions(datasources.FACTS["defaultConvention"], got)] == ["gripper"]
