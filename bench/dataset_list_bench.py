"""The dataset viewer on a large CALVIN-layout split: time to the episode list, before and after the
list came from the split's index files.

Before: the panel waited for the whole summary (`python -m vlalab dataset summary`), which opens every
frame file for the statistics. After: it shows the list from `dataset summary --list-only`
(ep_start_end_ids.npy and lang_annotations/auto_lang_ann.npy only; not one frame file opened) and the
statistics follow. Also timed: opening one episode (`dataset episode`, its own frames only) and the
interpreter with numpy alone (the floor of any read). Every figure is the wall time of a fresh process,
as the editor starts it, with a fresh cache folder (no cached summary); rounds alternate the
measurements and medians are printed with min–max.

The split is made cheaply: Playtable demonstrations (`gen-data`, 5 tasks × 4 episodes, 64 px) copied
--copies times by symbolic links to the same frame files (new frame numbers, index files rewritten with
the segments repeated), so the frame files are few and stay in the page cache: the "before" figure is a
lower bound of what distinct files on disk cost.

    PYTHONPATH=python .venv/bin/python bench/dataset_list_bench.py [--copies 100] [--rounds 3] [--work /tmp/dir]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TASKS = "open_drawer,close_drawer,move_slider_left,move_slider_right,turn_on_led"
ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "OPENBLAS_NUM_THREADS": "1"}
sys.path.insert(0, os.path.join(ROOT, "python"))


def timed(argv):
    t0 = time.perf_counter()
    r = subprocess.run(argv, capture_output=True, text=True, env=ENV)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"{' '.join(argv[:6])}… failed: {r.stderr.strip().splitlines()[-1:]}")
    return dt, r.stdout


def make_large_split(base_split, out_split, copies):
    """out_split: `copies` repetitions of base_split's annotated segments, frame files as symbolic links."""
    from vlalab.trainer import annotations
    from vlalab.trainer.datasources import ANNOTATIONS_FILE, EPISODES_FILE, frame_file

    ids = np.load(os.path.join(base_split, EPISODES_FILE))
    with open(os.path.join(base_split, ANNOTATIONS_FILE), "rb") as f:
        ann = annotations.load(f.read())
    n = int(ids.max()) + 1  # frames 0..n-1
    os.makedirs(os.path.join(out_split, os.path.dirname(ANNOTATIONS_FILE)))
    for c in range(copies):
        for i in range(n):
            os.symlink(os.path.join(os.path.abspath(base_split), frame_file(i)), os.path.join(out_split, frame_file(c * n + i)))
    np.save(os.path.join(out_split, EPISODES_FILE), np.concatenate([ids + c * n for c in range(copies)]).astype(np.int64))
    lang = ann["language"]
    indx = [(int(s) + c * n, int(e) + c * n) for c in range(copies) for s, e in ann["info"]["indx"]]
    big = {
        "language": {
            "ann": list(lang["ann"]) * copies,
            "task": list(lang["task"]) * copies,
            "emb": np.concatenate([np.asarray(lang["emb"])] * copies),
        },
        "info": {"episodes": [], "indx": indx},
    }
    np.save(os.path.join(out_split, ANNOTATIONS_FILE), big, allow_pickle=True)
    with open(os.path.join(out_split, os.path.splitext(ANNOTATIONS_FILE)[0] + ".json"), "w", encoding="utf-8") as f:
        json.dump({"language": {"ann": big["language"]["ann"], "task": big["language"]["task"]}, "info": {"indx": indx}}, f)
    shutil.copy(os.path.join(base_split, "statistics.yaml"), out_split)
    return copies * n, len(indx)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=100, help="repetitions of the generated demonstrations")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--work", help="folder for the data (default: a new temporary folder, removed at the end)")
    a = ap.parse_args()
    py = sys.executable
    work = a.work or tempfile.mkdtemp(prefix="dataset-list-bench-")
    try:
        base = os.path.join(work, "base")
        if not os.path.isdir(os.path.join(base, "training")):
            dt, _ = timed(
                [py, "-m", "vlalab", "gen-data", "--out", base, "--tasks", TASKS, "--episodes", "4", "--image-size", "64", "--seed", "0"]
            )
            print(f"gen-data: {dt:.1f} s")
        large = os.path.join(work, "large")
        shutil.rmtree(large, ignore_errors=True)
        t0 = time.perf_counter()
        frames, segments = make_large_split(os.path.join(base, "training"), os.path.join(large, "training"), a.copies)
        print(f"large split: {frames} frames, {segments} annotated segments ({time.perf_counter() - t0:.1f} s to link)")
        mid = segments // 2
        results = {"numpy": [], "before": [], "after": [], "episode": []}
        for r in range(a.rounds):
            results["numpy"].append(timed([py, "-c", "import numpy"])[0])
            dt, out = timed([py, "-m", "vlalab", "dataset", "summary", large, "--cache", os.path.join(work, f"cache-b{r}")])
            s = json.loads(out)
            assert not s["partial"] and len(s["episodes"]) == segments and s["frames"] == s["actions"]["count"]
            results["before"].append(dt)
            dt, out = timed([py, "-m", "vlalab", "dataset", "summary", large, "--list-only", "--cache", os.path.join(work, f"cache-a{r}")])
            s = json.loads(out)
            assert s["partial"] and len(s["episodes"]) == segments
            results["after"].append(dt)
            dt, out = timed(
                [py, "-m", "vlalab", "dataset", "episode", large, "--index", str(mid), "--cache", os.path.join(work, f"cache-e{r}")]
            )
            results["episode"].append(dt)
            print(f"round {r}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in results.items()), flush=True)
        med = {k: statistics.median(v) for k, v in results.items()}
        print(f"\n{frames} frames, {segments} episodes; medians of {a.rounds} rounds (min–max):")
        labels = {
            "numpy": "python -c 'import numpy' (floor)",
            "before": "episode list, before (whole summary)",
            "after": "episode list, after (--list-only)",
            "episode": f"one episode (#{mid}, first time)",
        }
        for k, v in results.items():
            print(f"  {labels[k]:<40} {med[k]:7.2f} s  ({min(v):.2f}–{max(v):.2f})")
        print(f"  time to the episode list: {med['before'] / med['after']:.1f}× shorter")
        try:
            print(f"  machine load (1 min): {os.getloadavg()[0]:.1f}")
        except OSError:
            pass
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
