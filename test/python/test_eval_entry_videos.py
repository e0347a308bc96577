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


def test_evaluating_a_checkpoint_again_keeps_the_earlier_result(tmp_path, data_dir):
    """The same checkpoint and entry evaluated again in the same folder — here on more chains, as
    `vla-lab eval --chains` does — is take 2: results_playtable.2.json and videos/entry-0.2/, so the
    first evaluation's results file (which its eval_result event names) is never overwritten."""
    import subprocess

    from test_trainer import ENV, PY

    entry = {"benchmark": "playtable", "chains": 2, "chain_length": 1, "tasks": TASKS, "seed": 3, "videos": 1, "max_steps": 4}
    r, run = run_train(tmp_path, make_spec(data_dir, eval=[entry]))
    assert r.returncode == 0, r.stderr
    first = [e for e in events(run) if e["type"] == "eval_result"]
    assert len(first) == 1
    before = (run / first[0]["results_path"]).read_text()
    again = subprocess.run(
        [PY, "-m", "vlalab", "eval", "--run-dir", str(run), "--chains", "4"], env=ENV, capture_output=True, text=True, timeout=240
    )
    assert again.returncode == 0, again.stderr
    results = [e for e in events(run) if e["type"] == "eval_result"]
    assert len(results) == 2
    out_dir = os.path.dirname(first[0]["results_path"])
    assert results[1]["results_path"] == os.path.join(out_dir, "results_playtable.2.json")
    assert (run / first[0]["results_path"]).read_text() == before, "the first evaluation's results file was overwritten"
    assert len(json.loads((run / results[1]["results_path"]).read_text())["episodes"]) == 4
    videos = [e["path"] for e in events(run) if e["type"] == "media" and e["kind"] == "video"]
    assert {os.path.dirname(p) for p in videos} == {runlayout.eval_videos_dir(out_dir, 0), runlayout.eval_videos_dir(out_dir, 0, 2)}
    assert runlayout.eval_videos_dir(out_dir, 0, 2) == os.path.join(out_dir, "videos", "entry-0.2")
