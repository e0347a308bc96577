"""The dataset viewer's reader (python/vlalab/dataview.py, `python -m vlalab dataset`): summary numbers
against the data computed directly from the files, episode extraction (frames equal the npz images; the
LeRobot export's within its video tolerance), the summary cache, and bad input as one line."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image
from vlalab import dataview
from vlalab.sim.dataset_writer import generate_dataset
from vlalab.trainer import lerobot
from vlalab.trainer.data import DataError, Segments

VIDEO_TOLERANCE = 1  # H.264 crf 0 yuv444p: the RGB↔YUV rounding (test_lerobot.py measures it)
SIZE = 32
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


@pytest.fixture(scope="module")
def playtable(tmp_path_factory):
    d = str(tmp_path_factory.mktemp("playtable"))
    generate_dataset(d, ["open_drawer", "push_red_block_left"], 2, SIZE, split="training", seed=1)
    generate_dataset(d, ["open_drawer"], 1, SIZE, split="validation", seed=2)
    return d


@pytest.fixture(scope="module")
def exported(playtable, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("lr") / "ds")
    lerobot.export_lerobot(playtable, out, frames_per_file=100, log=lambda *_: None)  # episodes start mid-file
    return out


def _npz(split_dir, i):
    with np.load(os.path.join(split_dir, f"episode_{i:07d}.npz")) as z:
        return {k: z[k] for k in z.files}


def _segments(split_dir):
    with open(os.path.join(split_dir, "lang_annotations", "auto_lang_ann.json")) as f:
        ann = json.load(f)
    return list(zip(ann["language"]["ann"], ann["language"]["task"], ann["info"]["indx"]))


def test_calvin_summary_numbers_equal_the_files(playtable, tmp_path):
    s = dataview.summary(playtable, cache_dir=str(tmp_path))
    split_dir = os.path.join(playtable, "training")
    segs = _segments(split_dir)
    assert s["layout"] == "calvin" and s["split"] == "training" and s["splits"] == ["training", "validation"]
    assert [(e["instruction"], e["task"], e["length"]) for e in s["episodes"]] == [(t, k, b - a + 1) for t, k, (a, b) in segs]
    acts = np.stack([_npz(split_dir, i)["rel_actions"] for _, _, (a, b) in segs for i in range(a, b + 1)])
    states = np.stack([_npz(split_dir, i)["robot_obs"] for _, _, (a, b) in segs for i in range(a, b + 1)])
    assert s["frames"] == len(acts) == sum(e["length"] for e in s["episodes"])
    dims = s["actions"]["dims"]
    assert [d["name"] for d in dims] == ["x", "y", "z", "roll", "pitch", "yaw", "gripper"]
    np.testing.assert_allclose([d["mean"] for d in dims], acts.mean(0), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose([d["std"] for d in dims], acts.std(0), rtol=1e-12, atol=1e-12)
    assert [d["min"] for d in dims] == acts.min(0).tolist() and [d["max"] for d in dims] == acts.max(0).tolist()
    for d, col in zip(dims, acts.T):
        assert sum(d["histogram"]["counts"]) == len(col) and len(d["histogram"]["edges"]) == len(d["histogram"]["counts"]) + 1
    # The gripper's convention shows: Playtable's is -1 (closed) / 1 (open), with their shares.
    grip = {v["value"]: v["fraction"] for v in s["actions"]["distinct"]["gripper"]}
    assert set(grip) == {-1.0, 1.0} and grip[1.0] == pytest.approx(float((acts[:, 6] == 1).mean()))
    np.testing.assert_allclose([d["mean"] for d in s["state"]["dims"]], states.mean(0), rtol=1e-12, atol=1e-12)
    # The trainer's normalisation statistics (trainer/loop.py over Segments' actions) are the arm's.
    seg = Segments(playtable, "training", ["static"], SIZE, cache=False)
    np.testing.assert_allclose(s["normalization"]["mean"], seg.actions[:, :-1].astype(np.float64).mean(0), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(s["normalization"]["std"], seg.actions[:, :-1].astype(np.float64).std(0), rtol=1e-5, atol=1e-6)
    assert {t["task"]: t["episodes"] for t in s["tasks"]} == {"open_drawer": 2, "push_red_block_left": 2}
    features = {f["name"]: f for f in s["features"]}
    assert features["rgb_static"]["shape"] == [SIZE, SIZE, 3] and features["rgb_static"]["role"] == "camera"
    assert features["rel_actions"]["role"] == "action" and features["robot_obs"]["shape"] == [15]
    val = dataview.summary(playtable, split="validation", cache_dir=str(tmp_path))
    assert val["split"] == "validation" and [e["task"] for e in val["episodes"]] == ["open_drawer"]


def test_summary_cache_is_used_and_invalidated_by_a_rewritten_index(playtable, tmp_path):
    cold = dataview.summary(playtable, cache_dir=str(tmp_path))
    warm = dataview.summary(playtable, cache_dir=str(tmp_path))
    assert not cold["cached"] and warm["cached"] and warm["actions"] == cold["actions"]
    # A regenerated split rewrites its index files: the summary is read again.
    ids = os.path.join(playtable, "training", "ep_start_end_ids.npy")
    st = os.stat(ids)
    os.utime(ids, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert not dataview.summary(playtable, cache_dir=str(tmp_path))["cached"]


def test_calvin_episode_frames_and_actions_equal_the_files(playtable, tmp_path):
    split_dir = os.path.join(playtable, "training")
    text, task, (a, b) = _segments(split_dir)[1]
    ep = dataview.episode(playtable, 1, str(tmp_path))
    assert (ep["instruction"], ep["task"], ep["length"]) == (text, task, b - a + 1)
    assert ep["actions"] == [_npz(split_dir, i)["rel_actions"].tolist() for i in range(a, b + 1)]
    cams = {c["name"]: c for c in ep["cameras"]}
    assert set(cams) == {"rgb_static", "rgb_gripper"}
    for name, cam in cams.items():
        assert len(cam["frames"]) == ep["length"] and (cam["width"], cam["height"]) == (SIZE, SIZE)
        for t in (0, ep["length"] - 1):
            img = np.asarray(Image.open(cam["frames"][t]).convert("RGB"))
            np.testing.assert_array_equal(img, _npz(split_dir, a + t)[name])  # PNG: lossless
    again = dataview.episode(playtable, 1, str(tmp_path))
    assert again["cached"] and again["cameras"] == ep["cameras"]


def test_lerobot_summary_and_episode_match_the_calvin_source(playtable, exported, tmp_path):
    c = dataview.summary(playtable, cache_dir=str(tmp_path))
    r = dataview.summary(exported, cache_dir=str(tmp_path))
    assert r["layout"] == "lerobot" and r["fps"] == 15.0 and r["frames"] == c["frames"]
    assert [(e["instruction"], e["task"], e["length"]) for e in r["episodes"]] == [
        (e["instruction"], e["task"], e["length"]) for e in c["episodes"]
    ]
    # The export stores float32: the statistics agree to float32 rounding.
    np.testing.assert_allclose([d["mean"] for d in r["actions"]["dims"]], [d["mean"] for d in c["actions"]["dims"]], atol=1e-6)
    np.testing.assert_allclose([d["max"] for d in r["actions"]["dims"]], [d["max"] for d in c["actions"]["dims"]], atol=1e-6)
    assert r["actions"]["names"][-1] == "rel_gripper"
    assert [cam["name"] for cam in r["cameras"]] == ["observation.images.static", "observation.images.gripper"]
    # The last episode starts in the middle of its video file: one seek, then the right frames.
    last = len(r["episodes"]) - 1
    ep = dataview.episode(exported, last, str(tmp_path))
    split_dir = os.path.join(playtable, "training")
    _, _, (a, b) = _segments(split_dir)[last]
    assert ep["length"] == b - a + 1
    static = next(cam for cam in ep["cameras"] if cam["name"] == "observation.images.static")
    for t in range(ep["length"]):
        img = np.asarray(Image.open(static["frames"][t]).convert("RGB")).astype(int)
        assert np.abs(img - _npz(split_dir, a + t)["rgb_static"].astype(int)).max() <= VIDEO_TOLERANCE, f"frame {t}"
    np.testing.assert_allclose(ep["actions"], [_npz(split_dir, i)["rel_actions"] for i in range(a, b + 1)], atol=1e-6)


def _cli(*args, cache):
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python")}
    return subprocess.run(
        [sys.executable, "-m", "vlalab", "dataset", *args, "--cache", str(cache)], capture_output=True, text=True, env=env, timeout=120
    )


def test_bad_input_is_one_line_and_exit_2(playtable, tmp_path):
    missing = _cli("summary", str(tmp_path / "nope"), cache=tmp_path)
    assert missing.returncode == 2 and missing.stderr.strip().count("\n") == 0 and "does not exist" in missing.stderr
    not_data = _cli("summary", str(tmp_path), cache=tmp_path)
    assert not_data.returncode == 2 and "is not a dataset VLA Lab reads" in not_data.stderr and "Traceback" not in not_data.stderr
    # A LeRobot dataset whose data parquet is garbage: one line naming the file.
    bad = tmp_path / "bad"
    (bad / "meta" / "episodes" / "chunk-000").mkdir(parents=True)
    info = {
        "codebase_version": "v3.0",
        "fps": 10,
        "data_path": "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet",
        "video_path": "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4",
        "features": {"action": {"dtype": "float32", "shape": [2]}},
    }
    (bad / "meta" / "info.json").write_text(json.dumps(info))
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"task_index": [0], "task": ["t"]}), bad / "meta" / "tasks.parquet")
    pq.write_table(
        pa.Table.from_pylist([{"episode_index": 0, "length": 3, "tasks": ["t"], "data/chunk_index": 0, "data/file_index": 0}]),
        bad / "meta" / "episodes" / "chunk-000" / "file-000.parquet",
    )
    (bad / "data" / "chunk-000").mkdir(parents=True)
    (bad / "data" / "chunk-000" / "file-000.parquet").write_bytes(b"not parquet at all")
    r = _cli("summary", str(bad), cache=tmp_path)
    assert r.returncode == 2 and "file-000.parquet is not a readable parquet file" in r.stderr and "Traceback" not in r.stderr
    # A truncated frame file of a CALVIN-layout split.
    import shutil

    trunc = tmp_path / "trunc"
    shutil.copytree(os.path.join(playtable, "training"), trunc / "training")
    victim = trunc / "training" / "episode_0000003.npz"
    victim.write_bytes(victim.read_bytes()[:300])
    r = _cli("summary", str(trunc), cache=tmp_path)
    assert r.returncode == 2 and r.stderr.strip() == f"vlalab: {victim} is not a readable frame file (File is not a zip file)"
    # An episode index past the end.
    r = _cli("episode", playtable, "--index", "99", cache=tmp_path)
    assert r.returncode == 2 and "there is no episode 99" in r.stderr
    with pytest.raises(DataError, match="has no 'test' split"):
        dataview.open_source(playtable, "test")


def test_cli_prints_the_summary_as_json(playtable, tmp_path):
    r = _cli("summary", playtable, cache=tmp_path)
    assert r.returncode == 0, r.stderr
    s = json.loads(r.stdout)
    assert s["layout"] == "calvin" and len(s["episodes"]) == 4 and s["actions"]["count"] == s["frames"]


RLDS = os.path.join(ROOT, "test", "fixtures", "rlds", "playtable_rlds")


def test_rlds_summary_and_episode_equal_the_fixtures_truth(tmp_path):
    with open(os.path.join(ROOT, "test", "fixtures", "rlds", "truth.json")) as f:
        truth = json.load(f)
    s = dataview.summary(RLDS, cache_dir=str(tmp_path))
    assert s["layout"] == "rlds" and s["split"] == "train" and s["splits"] == ["train", "val"] and s["fps"] == 15.0
    train = truth["splits"]["train"]
    assert [(e["instruction"], e["task"], e["length"]) for e in s["episodes"]] == [
        (e["instruction"], e["task"], e["length"]) for e in train
    ]
    acts = np.concatenate([np.asarray(e["actions_oxe"], dtype=np.float32).astype(np.float64) for e in train])
    np.testing.assert_allclose([d["mean"] for d in s["actions"]["dims"]], acts.mean(0), rtol=1e-9, atol=1e-12)
    # The fixture declares (metadata.json) a 0 closed / 1 open gripper, and its data holds 0 and 1: no warning.
    assert {k: s["convention"][k] for k in ("mode", "frame", "rotation", "gripper")} == truth["convention"]
    assert s["convention"]["source"].endswith("metadata.json") and s["warnings"] == []
    assert sorted(v["value"] for v in s["actions"]["distinct"]["6"]) == [0.0, 1.0]
    assert {f["name"]: f["role"] for f in s["features"]}["observation/wrist_image"] == "camera"
    ep = dataview.episode(RLDS, 1, str(tmp_path))
    assert ep["length"] == train[1]["length"] and ep["instruction"] == train[1]["instruction"]
    np.testing.assert_allclose(ep["actions"], np.asarray(train[1]["actions_oxe"], dtype=np.float32), rtol=0, atol=0)
    assert sorted(c["name"] for c in ep["cameras"]) == ["observation/image", "observation/wrist_image"]
    assert all(len(c["frames"]) == ep["length"] for c in ep["cameras"])
    val = dataview.summary(RLDS, split="val", cache_dir=str(tmp_path))
    assert [e["instruction"] for e in val["episodes"]] == [e["instruction"] for e in truth["splits"]["val"]]


def test_control_rate_is_shown_with_where_it_came_from_for_every_layout(playtable, tmp_path):
    """The rate the trainer's convention check uses (datasources.source_rate), named by its file and key;
    a CALVIN-layout split (no fps in its files) plays at it."""
    import shutil

    rate = lambda path: (lambda s: (s["controlRate"], s["fps"]))(dataview.summary(path, cache_dir=str(tmp_path)))  # noqa: E731
    assert rate(playtable) == ({"hz": 15.0, "source": "Playtable's (playtable.json)"}, 15.0)
    assert dataview.summary(playtable, cache_dir=str(tmp_path), list_only=True)["controlRate"]["hz"] == 15.0
    assert dataview.episode(playtable, 0, str(tmp_path))["fps"] == 15.0
    # A CALVIN recording: no playtable.json, its .hydra/merged_config.yaml says env.control_freq.
    calvin = str(tmp_path / "calvin" / "validation")
    shutil.copytree(os.path.join(playtable, "validation"), calvin)
    os.remove(os.path.join(calvin, "playtable.json"))
    assert rate(calvin) == ({"hz": 30.0, "source": "CALVIN's built-in rate"}, 30.0)
    os.makedirs(os.path.join(calvin, ".hydra"))
    with open(os.path.join(calvin, ".hydra", "merged_config.yaml"), "w") as f:
        f.write("env:\n  control_freq: 10\n")
    assert rate(calvin) == ({"hz": 10.0, "source": os.path.join(".hydra", "merged_config.yaml") + " env.control_freq"}, 10.0)
    assert dataview.episode(calvin, 0, str(tmp_path / "c2"))["fps"] == 10.0
    fixture = os.path.join(ROOT, "test", "fixtures", "lerobot", "v30-lerobot")
    assert rate(fixture) == ({"hz": 15.0, "source": os.path.join("meta", "info.json") + " fps"}, 15.0)
    assert rate(RLDS) == ({"hz": 15.0, "source": "metadata.json control_hz"}, 15.0)
    # An RLDS dataset whose metadata names no rate: unknown, said so (no built-in rate for RLDS).
    rlds = str(tmp_path / "rlds")
    shutil.copytree(RLDS, rlds)
    meta = os.path.join(rlds, "1.0.0", "metadata.json")
    with open(meta) as f:
        m = json.load(f)
    m.pop("control_hz")
    with open(meta, "w") as f:
        json.dump(m, f)
    assert rate(rlds) == ({"hz": None, "source": None}, None)


def test_convention_warnings_name_what_is_missing_or_contradicted(exported, tmp_path):
    path = os.path.join(exported, "meta", "info.json")
    with open(path) as f:
        info = json.load(f)
    original = info.get("action_convention")

    def declare(conv):
        if conv is None:
            info.pop("action_convention", None)
        else:
            info["action_convention"] = conv
        with open(path, "w") as f:
            json.dump(info, f)
        return dataview.summary(exported, cache_dir=str(tmp_path))

    try:
        s = declare(None)
        assert s["convention"] is None and any("No action convention is declared" in w and "meta/info.json" in w for w in s["warnings"])
        s = declare({"mode": "delta", "frame": "world", "rotation": "euler_xyz", "gripper": {"closed": -1, "open": 1}})
        assert s["convention"]["source"] == path and s["warnings"] == []
        # Declared 0 closed / 1 open while the data's gripper is -1/1: the viewer says so once, as the
        # inferred convention's gripper contradiction (which names the trainer's fix), not also as the
        # older gripper-values warning (a summary without the inference, a fast list, keeps that one).
        s = declare({"mode": "delta", "frame": "world", "rotation": "euler_xyz", "gripper": {"closed": 0, "open": 1}})
    finally:
        declare(original)
    assert s["convention"]["gripper"] == {"closed": 0, "open": 1} and s["convention"]["source"] == path
    grip = next(f for f in s["inferredConvention"]["fields"] if f["field"] == "gripper")
    assert grip["contradicts"] and grip["fix"].startswith('if the data is right, set "gripper": {"closed": -1, "open": 1}')
    assert s["warnings"] == []


def test_the_whole_summary_shows_the_convention_inferred_from_the_data_against_the_declared_one(playtable, exported, tmp_path):
    """What the training run's check infers (trainer/infer_convention.py) per field, with its evidence,
    against the declared convention; a contradiction carries the fix the trainer's stop line gives."""
    import shutil

    from vlalab.trainer import infer_convention

    fields = lambda ic: {f["field"]: (f["declared"], f["inferred"], f["contradicts"]) for f in ic["fields"]}  # noqa: E731
    ic = dataview.summary(playtable, cache_dir=str(tmp_path / "c"))["inferredConvention"]
    assert (ic["against"], ic["assumed"], ic["error"]) == ("built-in", False, None)
    assert 0 < ic["frames"] <= infer_convention.MAX_FRAMES and ic["episodes"] == 4
    assert fields(ic) == {
        "mode": ("delta", "delta", False),
        "frame": ("world", "unknown", False),
        "rotation": ("euler_xyz", "euler_xyz or axis_angle", False),
        "gripper": ("closed -1 / open 1", "closed -1 / open 1", False),
    }
    mode = next(f for f in ic["fields"] if f["field"] == "mode")
    assert mode["confidence"] == "high" and "R² 0.99" in mode["evidence"] and mode["fix"] is None
    # The fast list (no frame read) has none; the whole summary, cached, keeps it.
    assert dataview.summary(playtable, cache_dir=str(tmp_path / "l"), list_only=True)["inferredConvention"] is None
    assert dataview.summary(playtable, cache_dir=str(tmp_path / "c"))["inferredConvention"] == ic
    # The committed LeRobot v3.0 fixture (written by lerobot): declared in meta/info.json, confirmed.
    ic = dataview.summary(os.path.join(ROOT, "test", "fixtures", "lerobot", "v30-lerobot"))["inferredConvention"]
    assert ic["against"] == os.path.join("meta", "info.json") and not ic["assumed"]
    assert fields(ic)["gripper"] == ("closed -1 / open 1", "closed -1 / open 1", False) and fields(ic)["mode"][1] == "delta"
    # A LeRobot dataset declaring the flipped gripper: the gripper contradicts, with the trainer's fix.
    ds = str(tmp_path / "lr")
    shutil.copytree(exported, ds)
    info_path = os.path.join(ds, "meta", "info.json")
    with open(info_path) as f:
        info = json.load(f)
    info["action_convention"] = {"mode": "delta", "frame": "world", "rotation": "euler_xyz", "gripper": {"closed": 1, "open": -1}}
    with open(info_path, "w") as f:
        json.dump(info, f)
    ic = dataview.summary(ds, cache_dir=str(tmp_path / "c"))["inferredConvention"]  # info.json is in the cache key
    assert fields(ic)["gripper"] == ("closed 1 / open -1", "closed -1 / open 1", True)
    assert [f["field"] for f in ic["fields"] if f["contradicts"]] == ["gripper"]
    grip = next(f for f in ic["fields"] if f["field"] == "gripper")
    assert grip["fix"].startswith('if the data is right, set "gripper": {"closed": -1, "open": 1} in the data source\'s "convention"')
    conv, origin = infer_convention.datasources.source_convention({"type": "lerobot"}, ds)
    _, line = infer_convention.check({"type": "lerobot"}, ds, conv, origin, "x")
    assert line.endswith(grip["fix"])  # the same words as the training run's stop line
    # None declared: compared with the default spec convention a run would assume, said so.
    del info["action_convention"]
    with open(info_path, "w") as f:
        json.dump(info, f)
    ic = dataview.summary(ds, cache_dir=str(tmp_path / "c"))["inferredConvention"]
    assert ic["assumed"] and "default spec convention" in ic["against"] and not any(f["contradicts"] for f in ic["fields"])
    # A robot_obs without CALVIN's width column: the gripper's values only, which one closes said unknown and why.
    split = tmp_path / "narrow" / "training"
    shutil.copytree(os.path.join(playtable, "training"), split)
    for p in os.listdir(split):
        if p.startswith("episode_") and p.endswith(".npz"):
            z = _npz(split, int(p[8:15]))
            z["robot_obs"] = z["robot_obs"][:3]
            np.savez(split / p, **z)
    ic = dataview.summary(str(split))["inferredConvention"]
    grip = next(f for f in ic["fields"] if f["field"] == "gripper")
    assert (grip["inferred"], grip["contradicts"]) == (
        "{-1, 1}",
        False,
    ) and "which closes is unknown (its robot_obs has no column 6" in grip["evidence"]


def test_overlay_is_one_dimension_across_episodes_from_the_summarys_series(playtable, exported, tmp_path):
    split_dir = os.path.join(playtable, "training")
    segs = _segments(split_dir)
    o = dataview.overlay(playtable, "actions", 6, str(tmp_path), episodes=3)
    assert o["name"] == "gripper" and o["of"] == 4 and [e["index"] for e in o["episodes"]] == [0, 2, 3]
    for e in o["episodes"]:
        _, _, (a, b) = segs[e["index"]]
        assert e["stride"] == 1 and e["values"] == [float(_npz(split_dir, i)["rel_actions"][6]) for i in range(a, b + 1)]
    # The same episodes of the LeRobot export (rows re-ordered by episode and frame): equal to float32 rounding.
    r = dataview.overlay(exported, "actions", 0, str(tmp_path), episodes=4)
    c = dataview.overlay(playtable, "actions", 0, str(tmp_path), episodes=4)
    for x, y in zip(r["episodes"], c["episodes"]):
        np.testing.assert_allclose(x["values"], y["values"], atol=1e-6)
    st = dataview.overlay(playtable, "state", 2, None, episodes=1, points=10)
    assert st["name"] == "tcp_z" and len(st["episodes"][0]["values"]) <= 10 and st["episodes"][0]["stride"] > 1
    with pytest.raises(DataError, match="there is no dimension 7"):
        dataview.overlay(playtable, "actions", 7, str(tmp_path))


def test_rlds_actions_stored_in_parts_are_shown_concatenated_with_their_names(tmp_path):
    """RT-1 (fractal) stores its action as a dict: steps/action/world_vector, …/rotation_delta, …/gripper_closedness_action."""
    import shutil

    from vlalab.trainer import tfrecord

    root = str(tmp_path / "rt1")
    shutil.copytree(os.path.join(RLDS, "1.0.0"), root, ignore=shutil.ignore_patterns(".vlalab-cache"))
    with open(os.path.join(root, "features.json")) as f:
        tree = json.load(f)
    step = tree["featuresDict"]["features"]["steps"]["sequence"]["feature"]["featuresDict"]["features"]
    part = lambda n: {
        "pythonClassName": "tensorflow_datasets.core.features.tensor_feature.Tensor",  # noqa: E731
        "tensor": {"dtype": "float32", "encoding": "none", "shape": {"dimensions": [str(n)] if n > 1 else []}},
    }
    step["action"] = {
        "pythonClassName": "tensorflow_datasets.core.features.features_dict.FeaturesDict",
        "featuresDict": {"features": {"world_vector": part(3), "rotation_delta": part(3), "gripper_closedness_action": part(1)}},
    }
    with open(os.path.join(root, "features.json"), "w") as f:
        json.dump(tree, f)
    shard = os.path.join(root, "playtable_rlds-train.tfrecord-00000-of-00001")
    out = []
    for data in tfrecord.records(shard):
        ex = tfrecord.parse_example(data)
        a = ex.pop("steps/action").reshape(-1, 7)
        ex.update(
            {
                "steps/action/world_vector": a[:, :3],
                "steps/action/rotation_delta": a[:, 3:6],
                "steps/action/gripper_closedness_action": a[:, 6],
            }
        )
        out.append(tfrecord.serialize_example(ex))
    tfrecord.write_records(shard, out)
    s = dataview.summary(root, cache_dir=str(tmp_path / "cache"))
    assert s["actions"]["names"] == [
        "world_vector[0]",
        "world_vector[1]",
        "world_vector[2]",
        "rotation_delta[0]",
        "rotation_delta[1]",
        "rotation_delta[2]",
        "gripper_closedness_action",
    ]
    plain = dataview.summary(RLDS, cache_dir=str(tmp_path / "cache"))
    assert [d["mean"] for d in s["actions"]["dims"]] == [d["mean"] for d in plain["actions"]["dims"]]
    assert {f["name"] for f in s["features"] if f["role"] == "action"} == {
        "action/world_vector",
        "action/rotation_delta",
        "action/gripper_closedness_action",
    }
    ep = dataview.episode(root, 0, str(tmp_path / "cache"))
    assert ep["actions"] == dataview.episode(RLDS, 0, str(tmp_path / "cache2"))["actions"]


def test_calvin_list_comes_from_the_index_files_alone_and_frames_only_when_an_episode_is_shown(playtable, tmp_path):
    """A large CALVIN-layout split is listed without opening a frame file (`--list-only`): here the
    frame files are gone altogether and the list is still complete; an episode reads its own frames."""
    import shutil

    whole = dataview.summary(playtable, cache_dir=str(tmp_path / "whole"))
    split = tmp_path / "copy" / "training"
    shutil.copytree(os.path.join(playtable, "training"), split)
    frames = sorted(p for p in os.listdir(split) if p.startswith("episode_") and p.endswith(".npz"))
    assert len(frames) >= whole["frames"]
    for p in frames:
        os.remove(split / p)
    r = _cli("summary", str(split.parent), "--list-only", cache=tmp_path / "c")
    assert r.returncode == 0, r.stderr
    listed = json.loads(r.stdout)
    assert listed["partial"] is True and listed["actions"] is None and listed["state"] is None
    assert listed["episodes"] == whole["episodes"] and listed["frames"] == whole["frames"] and listed["tasks"] == whole["tasks"]
    assert listed["convention"] == whole["convention"] and listed["notes"] == whole["notes"]
    # The whole summary needs the frames: one line naming the first missing file.
    r = _cli("summary", str(split.parent), cache=tmp_path / "c")
    first = split / f"episode_{whole['episodes'][0]['first']:07d}.npz"
    assert r.returncode == 2 and r.stderr.strip().startswith(f"vlalab: {first} is missing")
    # Only the shown episode's frame files are read: put back episode 1's and open it.
    a, b = whole["episodes"][1]["first"], whole["episodes"][1]["first"] + whole["episodes"][1]["length"] - 1
    for i in range(a, b + 1):
        shutil.copy(os.path.join(playtable, "training", f"episode_{i:07d}.npz"), split)
    ep = dataview.episode(str(split.parent), 1, str(tmp_path / "c"))
    assert ep["length"] == b - a + 1
    np.testing.assert_array_equal(
        np.asarray(Image.open(ep["cameras"][0]["frames"][-1])), _npz(os.path.join(playtable, "training"), b)["rgb_static"]
    )
    with pytest.raises(DataError, match="is missing"):
        dataview.episode(str(split.parent), 0, str(tmp_path / "c"))
