"""Two eval entries of one checkpoint never overwrite each other's rollout videos: each entry files
its videos in a folder of its own (eval/<checkpoint>/videos/entry-<i>/, schemas/run-layout.json
"evaluation"), so two entries that film the same chain of the same task keep both films — before,
both wrote eval/<checkpoint>/videos/chain0000_sub0_<task>.*, the second entry's film replaced the
first's and the first entry's media events pointed at the second entry's episode."""

import json
import os

from test_trainer import TASKS, data_dir, events, make_spec, run_train  # noqa: F401 (data_dir is a fixture)
from vlalab import runlayout


def test_two_entries_filming_the_same_chains_keep_every_video(tmp_path, data_dir):
    # the same chains (seed, tasks) filmed by two entries that differ only in their step budget:
    # the same video names, different episodes (a 4-step budget ends every episode at step 4)
    entry = {"benchmark": "playtable", "chains": 2, "chain_length": 1, "tasks": TASKS, "seed": 3, "videos": 2}
    spec = make_spec(data_dir, eval=[{**entry, "max_steps": 4}, {**entry, "max_steps": 9}])
    r, run = run_train(tmp_path, spec)
    assert r.returncode == 0, r.stderr
    evs = events(run)
    results = [e for e in evs if e["type"] == "eval_result"]
    media = [e for e in evs if e["type"] == "media" and e["kind"] == "video"]
    assert len(results) == 2 and len(media) == 4
    paths = [m["path"] for m in media]
    assert len(set(paths)) == 4, f"two entries' videos share a path: {paths}"
    out_dir = os.path.dirname(results[0]["results_path"])
    assert os.path.dirname(results[1]["results_path"]) == out_dir
    for index, limit in ((0, 4), (1, 9)):
        folder = runlayout.eval_videos_dir(out_dir, index)
        assert folder == os.path.join(out_dir, "videos", f"entry-{index}")
        mine = [m for m in media if os.path.dirname(m["path"]) == folder]
        assert len(mine) == 2, f"entry {index}'s videos are not in {folder}: {paths}"
        for m in mine:
            # the film on disk is this entry's episode: its sidecar says what the media event says
            assert os.path.isfile(run / m["path"])
            side = json.loads((run / (os.path.splitext(m["path"])[0] + ".json")).read_text())
            assert (side["task"], side["success"], side["steps"]) == (m["task"], m["success"], m["steps"])
            assert m["steps"] <= limit
    # the eval_result events name each entry's own results file
    assert sorted(os.path.basename(e["results_path"]) for e in results) == ["results_playtable.json", "results_playtable_1.json"]
