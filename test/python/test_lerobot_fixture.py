"""The LeRobot reader on datasets in LeRobot's own layouts (test/fixtures/lerobot, generate.py there):
a v3.0 dataset written by lerobot 0.4.4's own code (its v2.1 → v3.0 converter: many episodes per
parquet/mp4 file, its episodes table, stats and tasks parquet) and the v2.1 dataset that converter
accepted, both read back frame for frame against the Playtable originals (within the 1/255 video
tolerance of test_lerobot.py), without lerobot installed."""

import os

import numpy as np
import pytest
from vlalab.trainer import lerobot
from vlalab.trainer.data import Segments

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "lerobot")
CAMERAS = ["static", "gripper"]
VIDEO_TOLERANCE = 1  # test_lerobot.py: H.264 crf 0 yuv444p, RGB↔YUV rounding only


@pytest.fixture(scope="module")
def source():
    with np.load(os.path.join(HERE, "source.npz")) as z:
        return {k: z[k] for k in z.files}


@pytest.mark.parametrize("name,version", [("v30-lerobot", "v3.0"), ("v21", "v2.1")])
def test_read_back_frame_for_frame(source, name, version):
    root = os.path.join(HERE, name)
    assert lerobot.read_info(root)["codebase_version"] == version
    s = Segments(root, None, CAMERAS, 32, cache=False, lerobot={})
    assert [t for t, *_ in s.segments] == list(source["texts"])
    assert [[a, b] for *_, a, b in s.segments] == source["bounds"].tolist()
    np.testing.assert_array_equal(s.actions, source["actions"])
    diff = np.abs(s.images.astype(int) - source["images"].astype(int))
    assert diff.max() <= VIDEO_TOLERANCE and diff.mean() < 0.5, (diff.max(), diff.mean())


def test_lerobots_v3_files_hold_many_episodes_and_match_the_v21_it_came_from():
    v3 = os.path.join(HERE, "v30-lerobot")
    episodes = lerobot._read_episodes(v3, lerobot.read_info(v3), __import__("pyarrow.parquet").parquet)
    assert len(episodes) == 4 and len({e["data"] for e in episodes}) == 1, "lerobot put every episode into one data file"
    assert len({e["video"]("observation.images.static")[0] for e in episodes}) == 1
    a = Segments(v3, None, CAMERAS, 32, cache=False, lerobot={})
    b = Segments(os.path.join(HERE, "v21"), None, CAMERAS, 32, cache=False, lerobot={})
    np.testing.assert_array_equal(a.images, b.images)  # the converter concatenated the mp4s without re-encoding
    # a held-out validation episode, as for any LeRobot source without a validation split
    assert lerobot.selection(v3, "validation")["episodes"] == [2]
