"""Hashing a dataset's episode files for the run manifest (trainer/manifest.py episode_hashes): every
`<split>/episode_*.npz` of a CALVIN-layout dataset, streamed through sha256, one file at a time and
with HASH_THREADS files at once (what the manifest uses), against only reading the same bytes (the
I/O floor, the baseline), measured in the same run, alternating the methods, median of --repeat rounds.

    PYTHONPATH=python .venv/bin/python bench/manifest_hash_bench.py --data DIR [--repeat 5]

DIR: a `vlalab gen-data` output, e.g. 100 Playtable episodes:
    PYTHONPATH=python .venv/bin/python -m vlalab gen-data --out /tmp/pt100 \\
        --tasks open_drawer,close_drawer,move_slider_left,move_slider_right,turn_on_led --episodes 20 --image-size 64
The files are in the page cache after the first round (a warm cache: what a run started right after
generating or training on the data sees); the first round is reported separately.
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python"))
from vlalab.trainer.manifest import HASH_THREADS, episode_files, episode_hashes  # noqa: E402


def read_only(paths):
    n = 0
    for p in paths:
        with open(p, "rb") as f:
            while True:
                b = f.read(1 << 20)
                if not b:
                    break
                n += len(b)
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    splits = [s for s in ("training", "validation") if os.path.isdir(os.path.join(a.data, s))]
    files = episode_files(a.data, splits)
    paths = [p for _, p in files]
    total = sum(os.path.getsize(p) for p in paths)
    methods = {
        "read only (baseline)": lambda: read_only(paths),
        "sha256, 1 file at a time": lambda: episode_hashes(a.data, splits, threads=1),
        "sha256, 2 threads": lambda: episode_hashes(a.data, splits, threads=2),
        f"sha256, {HASH_THREADS} threads (the manifest's)": lambda: episode_hashes(a.data, splits, threads=HASH_THREADS),
    }
    t0 = time.perf_counter()
    first = episode_hashes(a.data, splits)
    first_s = time.perf_counter() - t0
    times = {k: [] for k in methods}
    for _ in range(a.repeat):
        for k, fn in methods.items():
            t = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t)
    base = statistics.median(times["read only (baseline)"])
    print(f"{len(paths)} episode files in {splits}, {total / 2**20:.1f} MiB, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    print(f"first round (cold or warm as found): {first_s:.3f} s, {first['count']} files")
    for k, ts in times.items():
        m = statistics.median(ts)
        print(
            f"{k:40s} median {m:.3f} s  ({total / 2**20 / m:.0f} MiB/s)  {m / base:.2f}x the read-only time  [min {min(ts):.3f}, max {max(ts):.3f}]"
        )


if __name__ == "__main__":
    main()
