"""LeRobot datasets in and out (trainer/lerobot.py): Playtable → LeRobot v3.0 → the same training
batches as the CALVIN layout, within the video tolerance; v3 files holding many episodes and v2.1's
one-file-per-episode layout read back frame for frame."""

import json
import os
import shutil

import numpy as np
import pyarrow as pa  # the [data] extra (scripts/setup.sh installs it)
import pyarrow.parquet as pq
import pytest
from vlalab.sim.dataset_writer import generate_dataset
from vlalab.trainer import lerobot
from vlalab.trainer.data import DataError, Segments, WindowDataset

# H.264 at crf 0 in yuv444p is lossless in YUV; the RGB↔YUV conversion rounds: at most 1 of 255 per
# channel (measured on Playtable frames: max 1, mean 0.31; crf 10 gave max 53).
VIDEO_TOLERANCE = 1
CAMERAS = ["static", "gripper"]
SIZE = 32


@pytest.fixture(scope="module")
def calvin(tmp_path_factory):
    d = str(tmp_path_factory.mktemp("playtable"))
    generate_dataset(d, ["open_drawer", "push_red_block_left"], 2, SIZE, split="training")
    return d


@pytest.fixture(scope="module")
def exported(calvin, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("lr") / "ds")
    # ~45 frames per episode: two episodes per file, so files hold several episodes and episodes start mid-file.
    lerobot.export_lerobot(calvin, out, frames_per_file=100, log=lambda *_: None)
    return out


def read_json(path):
    with open(path) as f:
        return json.load(f)


class WordTokenizer:
    def __init__(self, texts):
        self.vocab = {w: i + 1 for i, w in enumerate(sorted({w for t in texts for w in t.split()}))}

    def encode(self, text):
        ids = [self.vocab[w] for w in text.split()][:12]
        return ids + [0] * (12 - len(ids)), [1] * len(ids) + [0] * (12 - len(ids))


def test_export_layout_is_lerobot_v3(exported):
    info = read_json(os.path.join(exported, "meta", "info.json"))
    assert info["codebase_version"] == "v3.0"
    assert info["data_path"] == "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet"
    assert info["features"]["observation.images.static"]["dtype"] == "video"
    assert info["features"]["action"]["shape"] == [7]
    episodes = pq.read_table(os.path.join(exported, "meta", "episodes", "chunk-000", "file-000.parquet")).to_pylist()
    assert info["total_episodes"] == len(episodes) == 4
    files = {e["data/file_index"] for e in episodes}
    assert len(files) < len(episodes), "several episodes share a data file"
    assert any(e["videos/observation.images.static/from_timestamp"] > 0 for e in episodes), "an episode starts mid-video"
    for e in episodes:
        rows = pq.read_table(os.path.join(exported, info["data_path"].format(chunk_index=0, file_index=e["data/file_index"])))
        mine = [r for r in rows.to_pylist() if r["episode_index"] == e["episode_index"]]
        assert len(mine) == e["length"] == e["dataset_to_index"] - e["dataset_from_index"]
        assert [r["index"] for r in mine] == list(range(e["dataset_from_index"], e["dataset_to_index"]))
    tasks = pq.read_table(os.path.join(exported, "meta", "tasks.parquet"))
    assert json.loads(tasks.schema.metadata[b"pandas"])["index_columns"] == ["task"]
    stats = read_json(os.path.join(exported, "meta", "stats.json"))
    assert np.array(stats["observation.images.static"]["mean"]).shape == (3, 1, 1)
    assert stats["action"]["count"] == [info["total_frames"]]


def test_training_batches_equal_the_calvin_layouts_within_the_video_tolerance(calvin, exported):
    a = Segments(calvin, "training", CAMERAS, SIZE, cache=False)
    b = Segments(exported, None, CAMERAS, SIZE, cache=False, lerobot={})
    assert a.segments == b.segments
    np.testing.assert_array_equal(a.actions, b.actions)
    diff = np.abs(a.images.astype(int) - b.images.astype(int))
    assert diff.max() <= VIDEO_TOLERANCE, diff.max()
    assert diff.mean() < 0.5
    tok = WordTokenizer([t for t, *_ in a.segments])
    wa, wb = WindowDataset([a], 3, 4, tok), WindowDataset([b], 3, 4, tok)
    idx = np.arange(len(wa))
    ba, bb = wa.batch(idx), wb.batch(idx)
    for k in ("actions", "action_mask", "ids", "mask"):
        assert np.array_equal(ba[k].numpy(), bb[k].numpy()), k
    assert (ba["images"].int() - bb["images"].int()).abs().max() <= VIDEO_TOLERANCE


def test_decoded_once_into_the_loading_cache_and_tasks_filter(exported):
    first = Segments(exported, None, CAMERAS, SIZE, lerobot={}, log=lambda *_: None)
    lines = []
    again = Segments(exported, None, CAMERAS, SIZE, lerobot={}, log=lines.append)
    assert "(cached:" in lines[0], lines
    np.testing.assert_array_equal(first.images, again.images)
    drawer = Segments(exported, None, CAMERAS, SIZE, tasks=["open_drawer"], cache=False, lerobot={})
    assert {k for _, k, *_ in drawer.segments} == {"open_drawer"}


def test_a_mapping_to_an_absent_feature_is_one_clear_error(exported):
    with pytest.raises(DataError, match=r"has no feature 'observation.images.wrist' \(camera gripper\)"):
        Segments(exported, None, CAMERAS, SIZE, cache=False, lerobot={"cameras": {"gripper": "observation.images.wrist"}})
    with pytest.raises(DataError, match=r"meta/info.json is missing: .* is not a LeRobot dataset"):
        Segments(os.path.dirname(exported), None, CAMERAS, SIZE, cache=False, lerobot={})


def to_v21(v3, out):
    """Our v3.0 export rewritten in v2.1's layout: one parquet and one mp4 per episode, jsonl metadata."""
    info = read_json(os.path.join(v3, "meta", "info.json"))
    episodes = pq.read_table(os.path.join(v3, "meta", "episodes", "chunk-000", "file-000.parquet")).to_pylist()
    os.makedirs(os.path.join(out, "meta"))
    # v2.1's info.json: total_chunks/total_videos, no v3 file-size keys (lerobot's v2.1→v3.0 converter reads it so)
    info21 = {k: v for k, v in info.items() if k not in ("data_files_size_in_mb", "video_files_size_in_mb")}
    info21.update(
        codebase_version="v2.1",
        total_chunks=1,
        total_videos=len(episodes) * len(lerobot.CAMERA_FEATURES),
        data_path="data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet",
        video_path="videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4",
    )
    with open(os.path.join(out, "meta", "info.json"), "w") as f:
        json.dump(info21, f)
    tasks = pq.read_table(os.path.join(v3, "meta", "tasks.parquet")).to_pylist()
    with open(os.path.join(out, "meta", "tasks.jsonl"), "w") as f:
        f.writelines(json.dumps({"task_index": t["task_index"], "task": t["task"]}) + "\n" for t in tasks)
    with open(os.path.join(out, "meta", "episodes.jsonl"), "w") as f:
        f.writelines(json.dumps({"episode_index": e["episode_index"], "tasks": e["tasks"], "length": e["length"]}) + "\n" for e in episodes)
    for e in episodes:
        rows = pq.read_table(os.path.join(v3, info["data_path"].format(chunk_index=0, file_index=e["data/file_index"])))
        rows = rows.filter(pa.compute.equal(rows.column("episode_index"), e["episode_index"]))
        path = os.path.join(out, info21["data_path"].format(episode_chunk=0, episode_index=e["episode_index"]))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        pq.write_table(rows, path)
        for key in lerobot.CAMERA_FEATURES.values():
            frames, _ = lerobot.decode_video(
                os.path.join(v3, info["video_path"].format(video_key=key, chunk_index=0, file_index=e[f"videos/{key}/file_index"]))
            )
            start = round(e[f"videos/{key}/from_timestamp"] * info["fps"])
            lerobot._encode(
                os.path.join(out, info21["video_path"].format(episode_chunk=0, video_key=key, episode_index=e["episode_index"])),
                frames[start : start + e["length"]],
                info["fps"],
            )


def test_v21_one_file_per_episode_reads_back_frame_for_frame(calvin, exported, tmp_path):
    out = str(tmp_path / "v21")
    to_v21(exported, out)
    a = Segments(calvin, "training", CAMERAS, SIZE, cache=False)
    b = Segments(out, None, CAMERAS, SIZE, cache=False, lerobot={})
    assert [s[0] for s in a.segments] == [s[0] for s in b.segments]
    np.testing.assert_array_equal(a.actions, b.actions)
    # Decoded and re-encoded once more: still lossless in YUV, so the rounding does not grow.
    assert np.abs(a.images.astype(int) - b.images.astype(int)).max() <= VIDEO_TOLERANCE


def test_export_refuses_a_non_empty_folder(calvin, exported):
    with pytest.raises(lerobot.LeRobotError, match="is not empty: export into a new folder"):
        lerobot.export_lerobot(calvin, exported, log=lambda *_: None)
    shutil.rmtree(os.path.join(exported, ".vlalab-cache"), ignore_errors=True)


def test_validation_holds_out_episodes_or_uses_the_datasets_own_split(exported, tmp_path):
    from vlalab.trainer.datasources import FACTS

    info = read_json(os.path.join(exported, "meta", "info.json"))
    assert info[FACTS["conventionKey"]] == FACTS["builtinConventions"]["calvin"]  # the export says its convention
    val = lerobot.selection(exported, "validation")
    train = lerobot.selection(exported, "training")
    assert len(val["episodes"]) == 1 and sorted(val["episodes"] + train["episodes"]) == [0, 1, 2, 3]
    a = Segments(exported, None, CAMERAS, SIZE, cache=False, source={"type": "lerobot", "features": {}, "part": "validation"})
    b = Segments(exported, None, CAMERAS, SIZE, cache=False, source={"type": "lerobot", "features": {}, "part": "training"})
    whole = Segments(exported, None, CAMERAS, SIZE, cache=False, lerobot={})
    assert len(a.segments) == 1 and len(b.segments) == 3
    assert sorted(s[0] for s in a.segments + b.segments) == sorted(s[0] for s in whole.segments)
    # a dataset that names a validation range in meta/info.json's splits: that range
    own = str(tmp_path / "own")
    shutil.copytree(exported, own, ignore=shutil.ignore_patterns(".vlalab-cache"))
    with open(os.path.join(own, "meta", "info.json"), "w") as f:
        json.dump(dict(info, splits={"train": "0:2", "val": "2:4"}), f)
    assert lerobot.selection(own, "validation")["episodes"] == [2, 3]
    assert lerobot.selection(own, "training")["episodes"] == [0, 1]


def test_a_validation_part_left_empty_by_the_tasks_filter_is_no_validation(exported):
    from vlalab.trainer.splits import NoEpisodes

    held = lerobot.selection(exported, "validation")["episodes"]
    episodes = lerobot._read_episodes(exported, lerobot.read_info(exported), pq)
    other = next(
        e["calvin_task"]
        for e in episodes
        if e["episode_index"] not in held and e["calvin_task"] != next(x["calvin_task"] for x in episodes if x["episode_index"] in held)
    )
    # the loop turns this into "no validation" for the validation part (loop.py), a failed run for training
    with pytest.raises(NoEpisodes, match=r"has no episodes for tasks .* among its validation episodes"):
        Segments(
            exported, None, CAMERAS, SIZE, tasks=[other], cache=False, source={"type": "lerobot", "features": {}, "part": "validation"}
        )
