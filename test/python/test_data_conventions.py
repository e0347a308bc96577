"""Action conventions checked end to end when a stage mixes sources (trainer/datasources.py): Playtable
(CALVIN's convention, built in) mixed with the RLDS fixture written by tensorflow-datasets (OXE's gripper
0 closed / 1 open, declared in its metadata.json) stops before training in one line (exit 2), trains
when the source declares the conversion (and its actions then equal Playtable's own), and the held-out /
own validation episodes of the RLDS source are recorded in the stage event. Control rates come from the
spec, the datasets' metadata or the built-in data's, and a stage mixing rates stops; a LeRobot dataset's
declared action statistics are checked against its data."""

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
    assert r.returncode == 2, r.stderr  # bad input refused before any work, as a corrupt input file (cli.py)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert lines[0].startswith("vlalab: stage 'mix', dataset 1 (rlds")
    end = json.loads((tmp_path / "run" / "events.jsonl").read_text().splitlines()[-1])
    assert (end["type"], end["status"], end["exit_code"]) == ("run_end", "failed", 2) and end["error"] == lines[0][len("vlalab: ") :]
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
                "rate": "runs at",
                "rate-unknown": "its control rate is not known",
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


LEROBOT = os.path.abspath(os.path.join(HERE, "..", "fixtures", "lerobot"))


def test_control_rates_from_the_spec_the_metadata_and_the_built_in_data(tmp_path, playtable):
    hz = lambda ds, root: datasources.source_rate(ds, root)  # noqa: E731
    assert hz({"type": "lerobot"}, os.path.join(LEROBOT, "v30-lerobot")) == (
        15.0,
        os.path.join(LEROBOT, "v30-lerobot", "meta", "info.json"),
    )
    assert hz({"type": "lerobot"}, os.path.join(LEROBOT, "v21"))[0] == 15.0
    assert hz({"type": "rlds"}, RLDS) == (15.0, os.path.join(RLDS, "metadata.json"))
    assert hz({"type": "rlds", "control_hz": 5}, RLDS) == (5.0, "the spec")
    assert hz({"type": "playtable"}, playtable) == (15.0, "built-in")
    # a CALVIN-layout split: Playtable's when Playtable wrote it, its recording's config, else CALVIN's
    assert hz({"type": "calvin", "split": "training"}, playtable) == (15.0, "Playtable's (playtable.json)")
    real = tmp_path / "calvin" / "training" / ".hydra"
    real.mkdir(parents=True)
    (real / "merged_config.yaml").write_text("env:\n  control_freq: 10\n  use_egl: false\n")
    assert hz({"type": "calvin"}, str(tmp_path / "calvin")) == (10.0, str(real / "merged_config.yaml"))
    assert hz({"type": "calvin"}, str(tmp_path / "elsewhere")) == (30.0, "built-in")
    # an RLDS dataset whose metadata says nothing: unknown
    bare = tmp_path / "rl" / "1.0.0"
    shutil.copytree(RLDS, bare)
    (bare / "metadata.json").write_text("{}")
    assert hz({"type": "rlds"}, str(bare)) == (None, None)


def test_playtables_built_in_rate_is_the_rate_its_rollouts_are_filmed_at():
    """schemas/data-sources.json controlRates.builtin.playtable is Playtable's one frame per control step
    (sim/video.py write_video's fps, which the evaluation's rollout videos use), kept equal here because
    Playtable's files are under its version hash."""
    import inspect

    from vlalab.sim import video

    assert datasources.RATES["builtin"]["playtable"] == inspect.signature(video.write_video).parameters["fps"].default


def test_a_stage_mixing_control_rates_stops_in_one_line_naming_both(playtable):
    s = spec(playtable, {"convention": {"convert": True}, "control_hz": 10})
    with pytest.raises(datasources.ConventionError) as e:
        datasources.check_stages(s, s["data"]["stages"], [[playtable, RLDS]])
    msg = str(e.value)
    assert "\n" not in msg
    assert msg.startswith(
        f"stage 'mix', dataset 1 (rlds {RLDS}): its control rate is 10 Hz (the spec), dataset 0 (playtable) runs at 15 Hz (built-in)"
    )
    assert "does not resample" in msg and '"control_hz"' in msg
    # the same source at its metadata's 15 Hz trains, and the log shows each source's rate
    lines = []
    s = spec(playtable, {"convention": {"convert": True}})
    datasources.check_stages(s, s["data"]["stages"], [[playtable, RLDS]], log=lines.append)
    assert "stage 'mix', dataset 1 (rlds): control rate 15 Hz (" + os.path.join(RLDS, "metadata.json") + ")" in lines


def test_declared_action_statistics_are_checked_against_the_data(tmp_path):
    stage = lambda root: [{"name": "s", "datasets": [{"type": "lerobot", "path": root}]}]  # noqa: E731
    for name in ("v30-lerobot", "v21"):  # written by lerobot's own converter / its v2.1 input: consistent
        root = os.path.join(LEROBOT, name)
        assert datasources.check_statistics(stage(root), [[root]]) == [], name
    # pooled v2.1 episode statistics equal the measured ones to float rounding
    mean, std, path = datasources.declared_action_stats({"type": "lerobot"}, os.path.join(LEROBOT, "v21"))
    got = datasources.measured_action_stats({"type": "lerobot"}, os.path.join(LEROBOT, "v21"))
    assert path.endswith("episodes_stats.jsonl")
    np.testing.assert_allclose(mean, got[0], atol=1e-6)
    np.testing.assert_allclose(std, got[1], atol=1e-6)
    # stale statistics: dimension 2's mean moved by half a std
    root = tmp_path / "lr"
    shutil.copytree(os.path.join(LEROBOT, "v30-lerobot"), root)
    stats = json.loads((root / "meta" / "stats.json").read_text())
    stats["action"]["mean"][2] += 0.5 * stats["action"]["std"][2]
    (root / "meta" / "stats.json").write_text(json.dumps(stats))
    lines = datasources.check_statistics(stage(str(root)), [[str(root)]])
    assert len(lines) == 1 and "\n" not in lines[0], lines
    assert lines[0].startswith(f"stage 's', dataset 0 (lerobot {root}): the action statistics in {root / 'meta' / 'stats.json'} are far")
    assert "dimension 2: mean" in lines[0] and "dimension 1" not in lines[0] and "recompute them" in lines[0]


def test_a_run_on_stale_statistics_warns_once_and_says_what_it_normalises_with(tmp_path):
    root = tmp_path / "lr"
    shutil.copytree(os.path.join(LEROBOT, "v30-lerobot"), root)
    stats = json.loads((root / "meta" / "stats.json").read_text())
    stats["action"]["std"][0] *= 3
    (root / "meta" / "stats.json").write_text(json.dumps(stats))
    s = spec(str(root))
    s["data"]["stages"][0]["datasets"] = [{"type": "lerobot", "path": str(root)}]
    s["train"] = {**s["train"], "val_every": 100, "checkpoint_every": 100}
    s["data"]["stages"][0]["steps"] = 2
    r = train(tmp_path, s)
    assert r.returncode == 0, r.stderr
    out = r.stdout + r.stderr
    evs = [json.loads(line) for line in (tmp_path / "run" / "events.jsonl").read_text().splitlines()]
    # pooled over the training episodes: every frame but the held-out episodes'
    import pyarrow.parquet as pq

    held_out = next(e for e in evs if e["type"] == "stage")["datasets"][0]["validation"]["episodes"]
    episodes = pq.read_table(root / "data" / "chunk-000" / "file-000.parquet", columns=["episode_index"]).column(0).to_pylist()
    frames = sum(1 for e in episodes if e not in held_out)
    assert (
        f"action normalisation: the arm dimensions' mean/std measured over {frames} training frames pooled from 1 source(s) of 1 stage(s)"
        in out
    )
    assert "stage 'mix', dataset 0 (lerobot): control rate 15 Hz (" in out
    warnings = [e for e in evs if e["type"] == "warning"]
    assert [w["code"] for w in warnings] == ["data-statistics"], warnings
    assert "dimension 0: mean" in warnings[0]["message"] and f"warning: {warnings[0]['message']}" in out


def test_an_eval_entrys_control_rate_is_its_benchmarks_unless_the_spec_says():
    """The probe's target and the export's policy.json control_hz: Playtable's entry runs at Playtable's
    15 Hz (not CALVIN's 30, which the schema's default used to give every entry); datasources.eval_control_rate
    and extension/core/probe/latency.ts evalControlRate read the same rates (test/unit/probe-onnx.test.ts)."""
    from vlalab.trainer.spec import with_defaults

    resolved = with_defaults(
        {"name": "r", "backbone": {"id": "tiny-prefix"}, "eval": [{"benchmark": "playtable"}, {"benchmark": "calvin"}]}
    )
    assert all("control_hz" not in e for e in resolved["eval"]), "the schema gives control_hz no default: the benchmark does"
    assert [datasources.eval_control_rate(e) for e in resolved["eval"]] == [(15.0, "spec"), (30.0, "spec")]
    assert datasources.eval_control_rate({"benchmark": "playtable", "control_hz": 10}) == (10.0, "spec")
    assert datasources.eval_control_rate({"benchmark": "simpler"}) == (30.0, "default")
    assert datasources.eval_control_rate(None) == (30.0, "default")
    assert datasources.RATES["builtin"] == {"playtable": 15, "calvin": 30}
