"""Two-route (multimodal) Playtable demonstrations: gen-data's `expert_routes` 2 makes each recorded
demonstration detour left or right at random, records which in playtable.json, and leaves one-route
data (and its cache key) exactly as before."""

import json
import os

import numpy as np
from vlalab.sim.dataset_writer import generate_dataset
from vlalab.trainer.data import playtable_cache_key


def episode_actions(root):
    ids = np.load(os.path.join(root, "ep_start_end_ids.npy"))
    return [np.stack([np.load(os.path.join(root, f"episode_{k:07d}.npz"))["rel_actions"] for k in range(s, e + 1)]) for s, e in ids]


def test_two_route_demonstrations_go_both_ways_and_say_which(tmp_path):
    info = generate_dataset(str(tmp_path), ["open_drawer"], 8, 32, seed=3, expert_routes=2)
    assert info["episodes"] == 8 and info["expert_routes"] == 2
    meta = json.loads((tmp_path / "training" / "playtable.json").read_text())
    assert meta["expert_routes"] == 2 and sorted(set(meta["routes"])) == [-1, 1]
    for route, acts in zip(meta["routes"], episode_actions(str(tmp_path / "training"))):
        # the detour is the first sideways motion: the first clearly sideways action points its way
        first = acts[np.flatnonzero(np.abs(acts[:, 0]) > 0.5)[0], 0]
        assert np.sign(first) == route, (route, acts[:20, 0])


def test_one_route_data_and_cache_keys_are_unchanged(tmp_path):
    generate_dataset(str(tmp_path / "a"), ["open_drawer"], 2, 32, seed=3)
    generate_dataset(str(tmp_path / "b"), ["open_drawer"], 2, 32, seed=3, expert_routes=1)
    for x, y in zip(episode_actions(str(tmp_path / "a" / "training")), episode_actions(str(tmp_path / "b" / "training"))):
        np.testing.assert_array_equal(x, y)
    assert json.loads((tmp_path / "a" / "training" / "playtable.json").read_text())["routes"] == [0, 0]
    ds = {"tasks": ["open_drawer"], "episodes": 2, "embodiment": "default", "seed": 3}
    assert (
        playtable_cache_key({**ds, "expert_routes": 1}, 32)
        == playtable_cache_key(ds, 32)
        != playtable_cache_key({**ds, "expert_routes": 2}, 32)
    )
