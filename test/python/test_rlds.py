"""RLDS / Open X-Embodiment datasets read without TensorFlow (trainer/tfrecord.py, trainer/rlds.py), on
a dataset written by tensorflow-datasets itself (test/fixtures/rlds, generate.py there): actions equal to
what was written, frames equal to TensorFlow's decoding, every shard's checksums verified, and damaged
files refused in one line naming the file."""

import hashlib
import json
import os
import shutil

import numpy as np
import pytest
from vlalab.trainer import rlds, tfrecord
from vlalab.trainer.data import DataError, Segments
from vlalab.trainer.errors import CorruptInput

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "fixtures", "rlds")
ROOT = os.path.join(FIXTURE, "playtable_rlds", "1.0.0")
CAMERAS = ["static", "gripper"]
MAPPING = {"task": "episode_metadata/task"}  # the OXE names for the rest are the defaults


def truth():
    with open(os.path.join(FIXTURE, "truth.json")) as f:
        return json.load(f)


def sha(a):
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


@pytest.mark.parametrize("part,split", [("training", "train"), ("validation", "val")])
def test_episodes_equal_what_tensorflow_datasets_wrote(part, split):
    t = truth()
    s = Segments(ROOT, None, CAMERAS, 32, cache=False, source={"type": "rlds", "features": MAPPING, "part": part})
    rows = t["splits"][split]
    assert [(text, task) for text, task, *_ in s.segments] == [(r["instruction"], r["task"]) for r in rows]
    for (_, _, first, last), r in zip(s.segments, rows):
        assert last - first + 1 == r["length"]
        np.testing.assert_array_equal(s.actions[first : last + 1], np.asarray(r["actions_oxe"], np.float32))
        # PNG (wrist camera): Playtable's frames exactly; JPEG (static camera): TensorFlow's decoding with
        # the accurate integer DCT, bit for bit (Pillow and TF share libjpeg-turbo). TFDS's own default
        # decoding (INTEGER_FAST) differs from it by at most the stated figure, measured by generate.py.
        assert sha(s.images[first : last + 1, 1]) == r["wrist_image_sha256"]
        assert sha(s.images[first : last + 1, 0]) == r["image_sha256_tf_accurate"]
        assert r["image_max_abs_diff_fast_vs_accurate"] <= 11


def test_feature_tree_and_defaults_follow_oxe_names():
    feats = rlds.step_features(ROOT)
    assert feats["observation/image"] == {"kind": "image", "dtype": "uint8", "shape": [32, 32, 3], "encoding": "jpeg"}
    assert feats["observation/wrist_image"]["encoding"] == "png"
    assert feats["action"]["shape"] == [7] and feats["language_instruction"]["kind"] == "text"
    assert "episode_metadata/task" in feats
    # the dataset folder holding one version folder is accepted as well as the version folder
    assert os.path.samefile(rlds.dataset_root(os.path.dirname(ROOT)), ROOT)


def test_every_record_passes_both_checksums_and_parses():
    shards = rlds.split_shards(ROOT, rlds.read_info(ROOT), "train")
    n = sum(1 for path, _ in shards for _ in tfrecord.examples(path))
    assert n == sum(count for _, count in shards) == len(truth()["splits"]["train"])


def copy_fixture(tmp_path):
    out = tmp_path / "ds"
    shutil.copytree(ROOT, out)
    return str(out), str(out / "playtable_rlds-train.tfrecord-00000-of-00001")


def load(root):
    return Segments(root, None, CAMERAS, 32, cache=False, source={"type": "rlds", "features": MAPPING, "part": "training"})


def test_a_flipped_byte_fails_the_data_checksum(tmp_path):
    root, shard = copy_fixture(tmp_path)
    with open(shard, "r+b") as f:
        f.seek(5000)
        b = f.read(1)
        f.seek(5000)
        f.write(bytes([b[0] ^ 0x01]))
    with pytest.raises(CorruptInput, match=r"playtable_rlds-train\.tfrecord-00000-of-00001: record 0 fails its data checksum"):
        load(root)


def test_a_truncated_shard_is_one_line_naming_the_file(tmp_path):
    root, shard = copy_fixture(tmp_path)
    size = os.path.getsize(shard)
    with open(shard, "r+b") as f:
        f.truncate(size - 1000)
    with pytest.raises(CorruptInput) as e:
        load(root)
    msg = str(e.value)
    assert msg.startswith(shard) and "is truncated: record 3 needs" in msg and "\n" not in msg


def test_garbage_and_missing_files(tmp_path):
    root, shard = copy_fixture(tmp_path)
    with open(shard, "wb") as f:
        f.write(b"not a tfrecord file at all, just text")
    with pytest.raises(CorruptInput, match=r"record 0 has a bad length checksum"):
        load(root)
    os.remove(shard)
    with pytest.raises(CorruptInput, match=r"playtable_rlds-train\.tfrecord-00000-of-00001 is missing"):
        load(root)
    os.remove(os.path.join(root, "features.json"))
    with pytest.raises(DataError, match=r"features.json is missing: .* is not a complete RLDS dataset"):
        load(root)
    with pytest.raises(DataError, match=r"holds no dataset_info.json"):
        load(str(tmp_path))


def test_a_record_that_is_not_an_example_and_an_undecodable_image(tmp_path):
    root, shard = copy_fixture(tmp_path)
    good = list(tfrecord.records(shard))
    tfrecord.write_records(shard, [b"\xff\xff\xff"] + good[1:])  # valid framing, invalid protobuf
    with pytest.raises(CorruptInput, match=r"record 0 is not a tf.train.Example"):
        load(root)
    ex = tfrecord.parse_example(good[0])
    ex["steps/observation/image"][2] = b"\xff\xd8 broken jpeg"
    tfrecord.write_records(shard, [tfrecord.serialize_example(ex)] + good[1:])
    with pytest.raises(CorruptInput, match=r"record 0, step 2 of observation/image is not a readable JPEG/PNG image"):
        load(root)


def test_a_mapping_to_an_absent_feature_names_the_ones_there():
    with pytest.raises(DataError, match=r"has no step feature 'observation/top' \(camera static\); it has .*observation/image"):
        Segments(
            ROOT,
            None,
            CAMERAS,
            32,
            cache=False,
            source={"type": "rlds", "features": {"cameras": {"static": "observation/top"}}, "part": "training"},
        )


def test_held_out_episodes_when_the_dataset_has_no_validation_split(tmp_path):
    root, _ = copy_fixture(tmp_path)
    os.remove(os.path.join(root, "playtable_rlds-val.tfrecord-00000-of-00001"))
    with open(os.path.join(root, "dataset_info.json")) as f:
        info = json.load(f)
    info["splits"] = [s for s in info["splits"] if s["name"] == "train"]
    with open(os.path.join(root, "dataset_info.json"), "w") as f:
        json.dump(info, f)
    val = rlds.selection(root, "validation", 0.25)
    train = rlds.selection(root, "training", 0.25)
    assert val["episodes"] and not set(val["episodes"]) & set(train["episodes"])
    assert sorted(val["episodes"] + train["episodes"]) == list(range(4))
    a = Segments(root, None, CAMERAS, 32, cache=False, source={"type": "rlds", "features": MAPPING, "part": "validation", "holdout": 0.25})
    rows = truth()["splits"]["train"]
    assert [s[0] for s in a.segments] == [rows[i]["instruction"] for i in val["episodes"]]


def test_an_action_stored_in_parts_is_concatenated_in_the_mapped_order(tmp_path):
    """As RT-1 (fractal) stores it: steps/action/world_vector, …/rotation_delta, …/gripper_closedness_action."""
    root, shard = copy_fixture(tmp_path)
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
    parts = ["action/world_vector", "action/rotation_delta", "action/gripper_closedness_action"]
    s = Segments(
        root, None, CAMERAS, 32, cache=False, source={"type": "rlds", "features": {**MAPPING, "actions": parts}, "part": "training"}
    )
    want = np.concatenate([np.asarray(r["actions_oxe"], np.float32) for r in truth()["splits"]["train"]])
    np.testing.assert_array_equal(s.actions, want)
    with pytest.raises(DataError, match=r"has no feature 'action' for the actions; map"):
        Segments(root, None, CAMERAS, 32, cache=False, source={"type": "rlds", "features": MAPPING, "part": "training"})
