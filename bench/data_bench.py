"""Loading the quickstart's dataset (trainer/data.py Segments): the uncached load every run paid
before the derived cache (one .npz per frame opened, decoded, resized) against the cached load
(one file, images memory-mapped), measured in the same run on the same data; also the first load
that writes the cache, the cache file read with a plain np.load instead of mapped (the alternative
the mmap was chosen over), and training-batch gathering from the mapped images against in-memory
ones (the mapping must not slow the loop down).

    PYTHONPATH=python /usr/bin/python3 bench/data_bench.py [--data DIR] [--repeat 5]

DIR: a `vlalab gen-data` output (e.g. --tasks open_drawer,close_drawer,move_slider_left,
move_slider_right,turn_on_led --episodes 60 --image-size 32); without it the quickstart's dataset is
generated into a temporary directory first (minutes). The bench never writes into DIR: it links its
files into a temporary copy, and the cache goes there.
"""

import argparse
import glob
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python"))
from vlalab.policy.tokenizer import WordTokenizer  # noqa: E402
from vlalab.trainer.data import CACHE_DIR, Segments, WindowDataset  # noqa: E402
from vlalab.trainer.spec import with_defaults  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")


def linked_copy(src, dst):
    """dst/training with src/training's files hard-linked (copied across file systems)."""
    for dirpath, _, files in os.walk(os.path.join(src, "training")):
        if CACHE_DIR in dirpath.split(os.sep):
            continue
        out = os.path.join(dst, os.path.relpath(dirpath, src))
        os.makedirs(out, exist_ok=True)
        for f in files:
            try:
                os.link(os.path.join(dirpath, f), os.path.join(out, f))
            except OSError:
                shutil.copy2(os.path.join(dirpath, f), os.path.join(out, f))


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", help="a gen-data output directory (default: generate the quickstart's dataset)")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    spec = with_defaults(json.load(open(os.path.join(ROOT, "examples", "quickstart.vla.json"))))
    ds = spec["data"]["stages"][0]["datasets"][0]
    cams, size, tasks = spec["observation"]["cameras"], spec["observation"]["image_size"], ds["tasks"]
    work = tempfile.mkdtemp(prefix="vla-data-bench-")
    try:
        d = os.path.join(work, "data")
        if a.data:
            linked_copy(a.data, d)
        else:
            from vlalab.sim.dataset_writer import generate_dataset

            print(f"generating the quickstart's dataset ({len(tasks)} tasks × {ds['episodes']} episodes, {size}px) …", flush=True)
            generate_dataset(d, tasks, ds["episodes"], size, seed=ds.get("seed", 0), split="training")
        files = len(glob.glob(os.path.join(d, "training", "episode_*.npz")))
        load = os.getloadavg()[0]

        def read_bytes():  # untimed by the comparison: the episode files in the page cache for every load alike
            for f in glob.glob(os.path.join(d, "training", "episode_*.npz")):
                with open(f, "rb") as fh:
                    fh.read()

        bytes_s = timed(read_bytes)[0]
        uncached_s, plain = timed(lambda: Segments(d, "training", cams, size, tasks, cache=False))
        first_s, _ = timed(lambda: Segments(d, "training", cams, size, tasks))
        [path] = glob.glob(os.path.join(d, "training", CACHE_DIR, "segments-*.npz"))
        cached = []
        for _ in range(a.repeat):
            s, seg = timed(lambda: Segments(d, "training", cams, size, tasks))
            cached.append(s)
        assert np.array_equal(seg.images, plain.images) and np.array_equal(seg.actions, plain.actions) and seg.segments == plain.segments

        def read_all():
            with np.load(path) as z:
                return {k: z[k] for k in z.files}

        whole = [timed(read_all)[0] for _ in range(a.repeat)]

        tok = WordTokenizer.build([t for t, *_ in plain.segments])
        H, C, B = spec["policy"]["history"], spec["policy"]["chunk"], spec["train"]["batch_size"]
        fresh = Segments(d, "training", cams, size, tasks)  # pages not touched by a gather yet
        mapped_ds, memory_ds = WindowDataset([fresh], H, C, tok), WindowDataset([plain], H, C, tok)
        rng = np.random.default_rng(0)
        idx = [rng.integers(0, len(memory_ds), B) for _ in range(400)]
        warm_up = timed(lambda: [memory_ds.batch(i) for i in idx])[0]  # the first pass of anything is slow
        first_pass = timed(lambda: [mapped_ds.batch(i) for i in idx])[0]
        rounds = {"mapped": [], "memory": []}
        for _ in range(3):  # alternated: the machine's load drifts
            for name, w in (("memory", memory_ds), ("mapped", mapped_ds)):
                rounds[name].append(timed(lambda w=w: [w.batch(i) for i in idx])[0])
        mapped_b, memory_b = statistics.median(rounds["mapped"]), statistics.median(rounds["memory"])

        c = statistics.median(cached)
        print(
            f"quickstart dataset: {len(plain.segments)} segments, {len(plain.actions)} frames from {files} episode files, "
            f"{size}px × {len(cams)} cameras; cache file {os.path.getsize(path) / 2**20:.1f} MiB; "
            f"load average {load:.1f} → {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)"
        )
        print(f"  reading the episode files' bytes   {bytes_s:8.3f} s  (untimed warm-up: every load below finds them in the page cache)")
        print(f"  uncached load (every run before)   {uncached_s:8.3f} s")
        print(f"  first load, writes the cache       {first_s:8.3f} s")
        print(
            f"  cached load (mmap), median of {a.repeat}   {c:8.3f} s  [{', '.join(f'{x:.3f}' for x in cached)}]   "
            f"{uncached_s / c:.0f}x faster"
        )
        print(
            f"  cache read with plain np.load      {statistics.median(whole):8.3f} s  (median of {a.repeat}; "
            f"{statistics.median(whole) / c:.0f}x the mapped load)"
        )
        print(
            f"  400 batches of {B} (median of 3): mapped images {mapped_b:.3f} s, in memory {memory_b:.3f} s "
            f"(ratio {mapped_b / memory_b:.2f}); first passes: in memory {warm_up:.3f} s, then mapped {first_pass:.3f} s (page faults)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
