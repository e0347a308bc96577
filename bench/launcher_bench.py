"""Training throughput of the quickstart through the CLI on this machine's CPU: one process (the
`local` launcher, batch 32, 1 torch thread + OpenBLAS) against two data-parallel processes (the
`torchrun` launcher, `--procs 2`, gloo, 16 samples each = the same global batch of 32), the way
`npm run quickstart` runs it. Runs alternate (local, torchrun, local, ...) so both see the same
machine; samples/s is the mean of the trainer's progress events (global samples per second).

    node scripts/build.mjs && /usr/bin/python3 bench/launcher_bench.py [--steps 400] [--repeat 2]

Needs the quickstart's data: the first run generates it into <runs>/_data (untimed by the figures
below: samples/s only counts training steps).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def spec_variant(steps, procs):
    spec = json.load(open(os.path.join(ROOT, "examples", "quickstart.vla.json")))
    spec["data"]["stages"][0]["steps"] = steps
    spec["eval"] = []
    spec["train"]["batch_size"] = 32 // procs
    spec["resources"] = {"launcher": "torchrun", "gpus": 0, "processes": procs} if procs > 1 else {"launcher": "local", "gpus": 0}
    return spec


def run(spec_path, runs_dir):
    t = time.perf_counter()
    subprocess.run(
        ["node", os.path.join(ROOT, "dist", "cli.js"), "run", spec_path, "--runs-dir", runs_dir],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - t
    exp = os.path.join(runs_dir, "quickstart")
    newest = max((os.path.join(exp, d) for d in os.listdir(exp)), key=os.path.getmtime)
    sps = [
        e["samples_per_s"]
        for e in map(json.loads, open(os.path.join(newest, "events.jsonl")))
        if e.get("type") == "progress" and e.get("phase") == "train"
    ]
    return statistics.mean(sps), wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--runs-dir", help="reuse a runs directory (its _data holds the quickstart data)")
    a = ap.parse_args()
    runs = a.runs_dir or tempfile.mkdtemp(prefix="vla-launcher-bench-")
    tmp = tempfile.mkdtemp()
    specs = {}
    for name, procs in (("local, 1 process, batch 32", 1), ("torchrun, 2 processes x batch 16", 2)):
        specs[name] = os.path.join(tmp, f"p{procs}.vla.json")
        json.dump(spec_variant(a.steps, procs), open(specs[name], "w"))
    run(specs["local, 1 process, batch 32"], runs)  # warm-up: generates the data and its loading cache
    results = {name: [] for name in specs}
    for _ in range(a.repeat):
        for name, path in specs.items():
            results[name].append(run(path, runs))
    print(f"quickstart model, {a.steps} steps per run, {a.repeat} runs each (alternating), {os.cpu_count()} CPUs")
    base = statistics.mean(s for s, _ in results["local, 1 process, batch 32"])
    for name, rs in results.items():
        sps = statistics.mean(s for s, _ in rs)
        print(
            f"  {name:34s} {sps:7.1f} samples/s  ({sps / base:.2f}x)  runs: " + ", ".join(f"{s:.0f} samples/s in {w:.0f} s" for s, w in rs)
        )


if __name__ == "__main__":
    sys.exit(main())
