"""The dataset viewer's reads on a 100-episode dataset: how long opening a dataset (`python -m vlalab
dataset summary`, what the panel and `vla-lab data` wait for) and opening one episode (`dataset episode`:
actions, state, frames written as images) take, first (no cache) and again (cached), for the same
Playtable demonstrations in CALVIN's layout and exported as a LeRobot v3.0 dataset. Every figure is the
wall time of a fresh process, as the editor starts it. Baselines in the same run: the interpreter with
numpy alone (the floor of any read), and the trainer's own first, uncached load of the same split
(trainer/data.py Segments at the data's image size, what a training run pays once). Rounds alternate
the measurements; medians are printed.

    PYTHONPATH=python .venv/bin/python bench/dataset_view_bench.py [--data DIR] [--rounds 3]

Without --data it writes 100 episodes first (5 tasks × 20, 64 px, `python -m vlalab gen-data`).
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

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TASKS = "open_drawer,close_drawer,move_slider_left,move_slider_right,turn_on_led"
ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "OPENBLAS_NUM_THREADS": "1"}


def timed(argv, **kw):
    t0 = time.perf_counter()
    r = subprocess.run(argv, capture_output=True, text=True, env=ENV, **kw)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"{' '.join(argv[:6])}… failed: {r.stderr.strip().splitlines()[-1:]}")
    return dt, r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", help="a CALVIN-layout dataset (with training/); default: generate 100 episodes")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--image-size", type=int, default=64)
    a = ap.parse_args()
    py = sys.executable
    work = tempfile.mkdtemp(prefix="dataset-view-bench-")
    try:
        data = a.data
        if not data:
            data = os.path.join(work, "playtable")
            dt, _ = timed(
                [
                    py,
                    "-m",
                    "vlalab",
                    "gen-data",
                    "--out",
                    data,
                    "--tasks",
                    TASKS,
                    "--episodes",
                    "20",
                    "--image-size",
                    str(a.image_size),
                    "--seed",
                    "0",
                ]
            )
            print(f"gen-data: {dt:.1f} s")
        lr = os.path.join(work, "lerobot")
        dt, _ = timed([py, "-m", "vlalab", "export-lerobot", "--data", data, "--out", lr])
        print(f"export-lerobot: {dt:.1f} s")
        sources = {"CALVIN layout": data, "LeRobot v3.0": lr}
        first = None
        results = {}
        for r in range(a.rounds):
            for name, path in sources.items():
                cache = os.path.join(work, f"cache-{r}-{name[:3]}")
                dt, out = timed([py, "-m", "vlalab", "dataset", "summary", path, "--cache", cache])
                s = json.loads(out)
                first = first or s
                ep = len(s["episodes"]) // 2
                results.setdefault((name, "summary, first"), []).append(dt)
                results.setdefault((name, "summary, cached"), []).append(
                    timed([py, "-m", "vlalab", "dataset", "summary", path, "--cache", cache])[0]
                )
                dt, out = timed([py, "-m", "vlalab", "dataset", "episode", path, "--index", str(ep), "--cache", cache])
                e = json.loads(out)
                results.setdefault((name, f"episode {ep} ({e['length']} frames × {len(e['cameras'])} cameras), first"), []).append(dt)
                results.setdefault((name, f"episode {ep}, cached"), []).append(
                    timed([py, "-m", "vlalab", "dataset", "episode", path, "--index", str(ep), "--cache", cache])[0]
                )
            results.setdefault(("baseline", "python -c 'import numpy'"), []).append(timed([py, "-c", "import numpy"])[0])
            load = f"from vlalab.trainer.data import Segments; Segments({data!r}, 'training', ['static', 'gripper'], {a.image_size}, cache=False)"
            results.setdefault(("baseline", "trainer's first load of the split (Segments, uncached)"), []).append(
                timed([py, "-c", load])[0]
            )
            cli = os.path.join(ROOT, "dist", "cli.js")
            if os.path.exists(cli) and shutil.which("node"):
                # A fresh XDG_CACHE_HOME: nothing cached (the interpreter probe imports torch once, then
                # is cached there like the summary), then the same command again.
                xdg = os.path.join(work, f"xdg-{r}")
                for what in (
                    "vla-lab data, nothing cached (node, interpreter probe, summary)",
                    "vla-lab data again (probe and summary cached)",
                ):
                    t0 = time.perf_counter()
                    rc = subprocess.run(
                        ["node", cli, "data", data],
                        capture_output=True,
                        text=True,
                        env={**ENV, "XDG_CACHE_HOME": xdg, "VLA_LAB_PYTHON": py},
                    ).returncode
                    if rc == 0:
                        results.setdefault(("CALVIN layout", what), []).append(time.perf_counter() - t0)
        print(
            f"\ndataset: {len(first['episodes'])} episodes, {first['frames']} frames, cameras "
            f"{', '.join(c['name'] + ' ' + 'x'.join(map(str, c['shape'])) for c in first['cameras'])}; {a.rounds} rounds, medians"
        )
        base = statistics.median(results[("baseline", "trainer's first load of the split (Segments, uncached)")])
        for (src, what), times in results.items():
            m = statistics.median(times)
            print(f"{src:14s} {what:70s} {m:7.3f} s  ({m / base:.3f}× the trainer's first load)  [{', '.join(f'{t:.3f}' for t in times)}]")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
