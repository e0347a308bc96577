"""A LeRobot v2.1 dataset written by lerobot itself — lerobot 0.3.3's LeRobotDataset.create / add_frame /
save_episode with its default video encoding (AV1 via libsvtav1, yuv420p, crf 30) — read back by VLA
Lab's reader (trainer/lerobot.py, and the viewer's dataview.py) frame for frame, without lerobot
installed. The truth was recorded when the dataset was written (test/fixtures/lerobot/
generate_v21_lerobot.py): what went in, and what lerobot's own LeRobotDataset returned for every frame.

Tolerances: against lerobot's own decoding of the same mp4s, 1/255 per channel (the decoding tolerance of
test_lerobot.py: RGB↔YUV rounding); against the frames that went in, the loss of lerobot's lossy AV1
4:2:0 encoding, bounded a little above what was measured on this fixture at write time: per frame a
mean absolute error of 2.8–4.1 of 255, over all pixels a 99th percentile of 30 (4:2:0 halves the colour
resolution: single pixels at the edges of Playtable's saturated blocks are off by up to 211)."""

import json
import os

import numpy as np
import pytest
from vlalab import dataview
from vlalab.trainer import lerobot
from vlalab.trainer.data import Segments

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "lerobot")
ROOT = os.path.join(HERE, "v21-lerobot")
CAMERAS = ["static", "gripper"]
DECODING_TOLERANCE = 1  # test_lerobot.py: two decoders of the same stream differ by RGB↔YUV rounding only
FRAME_MEAN_LOSS, P99_LOSS = 5.0, 40  # AV1 crf 30 4:2:0 on Playtable's 64 px frames (measured: ≤ 4.08, 30)


@pytest.fixture(scope="module")
def truth():
    with np.load(os.path.join(HERE, "v21-lerobot-truth.npz")) as z:
        return {k: z[k] for k in z.files}


@pytest.fixture(scope="module")
def read(truth):
    return Segments(ROOT, None, CAMERAS, truth["images_in"].shape[2], cache=False, lerobot={})


def test_the_fixture_is_lerobots_own_v21(truth):
    assert str(truth["written_by"]).startswith("lerobot 0.3.3 (LeRobotDataset, codebase v2.1)")
    info = lerobot.read_info(ROOT)
    assert info["codebase_version"] == "v2.1" and info["total_episodes"] == len(truth["bounds"])
    assert info["features"]["observation.images.static"]["info"]["video.codec"] == "av1"
    for e in range(info["total_episodes"]):  # v2.1: one parquet and one mp4 per episode and camera
        assert os.path.isfile(os.path.join(ROOT, info["data_path"].format(episode_chunk=0, episode_index=e)))
        for key in ("observation.images.static", "observation.images.gripper"):
            assert os.path.isfile(os.path.join(ROOT, info["video_path"].format(episode_chunk=0, video_key=key, episode_index=e)))


def test_read_back_frame_for_frame(truth, read):
    assert [t for t, *_ in read.segments] == list(truth["texts"])
    assert [[a, b] for *_, a, b in read.segments] == truth["bounds"].tolist()
    # actions exactly as they went in, and as lerobot read them
    np.testing.assert_array_equal(read.actions, truth["actions_in"])
    np.testing.assert_array_equal(read.actions, truth["actions_lerobot"])
    # every frame: as lerobot's own reader decoded it, within the decoding tolerance
    ours = read.images.astype(int)
    diff = np.abs(ours - truth["images_lerobot"].astype(int))
    assert diff.max() <= DECODING_TOLERANCE, (diff.max(), np.argwhere(diff > DECODING_TOLERANCE)[:3])
    # and near what went in (lerobot's encoding is lossy), each frame closer to its own original than to
    # the one before it: no frame dropped, repeated or shifted
    loss = np.abs(ours - truth["images_in"].astype(int))
    per_frame = loss.reshape(len(ours), -1).mean(1)
    assert per_frame.max() <= FRAME_MEAN_LOSS and np.percentile(loss, 99) <= P99_LOSS, (per_frame.max(), np.percentile(loss, 99))
    previous = np.abs(ours[1:] - truth["images_in"][:-1].astype(int)).reshape(len(ours) - 1, -1).mean(1)
    assert (per_frame[1:] < previous).all(), np.argwhere(per_frame[1:] >= previous)


def test_lerobots_episode_metadata_agrees_with_the_frames_read(truth, read):
    with open(os.path.join(ROOT, "meta", "episodes.jsonl")) as f:
        episodes = [json.loads(line) for line in f if line.strip()]
    with open(os.path.join(ROOT, "meta", "episodes_stats.jsonl")) as f:
        stats = {r["episode_index"]: r["stats"] for r in map(json.loads, filter(str.strip, f))}
    assert [e["length"] for e in episodes] == [b - a + 1 for *_, a, b in read.segments]
    assert [e["tasks"] for e in episodes] == [[t] for t, *_ in read.segments]
    for e, (*_, a, b) in zip(episodes, read.segments):
        act = read.actions[a : b + 1].astype(np.float64)
        s = stats[e["episode_index"]]["action"]
        np.testing.assert_allclose(s["min"], act.min(0), rtol=0, atol=1e-6)
        np.testing.assert_allclose(s["max"], act.max(0), rtol=0, atol=1e-6)
        np.testing.assert_allclose(s["mean"], act.mean(0), rtol=0, atol=1e-6)


def test_the_viewer_lists_and_shows_it(truth, tmp_path):
    s = dataview.summary(ROOT, cache_dir=str(tmp_path))
    assert s["layout"] == "lerobot" and [e["length"] for e in s["episodes"]] == [b - a + 1 for a, b in truth["bounds"]]
    assert [e["instruction"] for e in s["episodes"]] == list(truth["texts"]) and s["fps"] == 15
    k = len(truth["bounds"]) - 1
    ep = dataview.episode(ROOT, k, str(tmp_path))
    a, b = truth["bounds"][k]
    np.testing.assert_array_equal(np.asarray(ep["actions"], np.float32), truth["actions_in"][a : b + 1])
    from PIL import Image

    for c, cam in enumerate(ep["cameras"]):
        assert cam["name"] == f"observation.images.{CAMERAS[c]}"
        frames = np.stack([np.asarray(Image.open(p)) for p in cam["frames"]]).astype(int)
        assert np.abs(frames - truth["images_lerobot"][a : b + 1, c].astype(int)).max() <= DECODING_TOLERANCE
