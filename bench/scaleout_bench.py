"""Data-parallel training on one host vs across two: the same run (spec, seed, global batch, two
ranks) started as one host × two processes (torchrun on 127.0.0.1) and as two hosts × one process
(two network namespaces with their own 10.x addresses, c10d rendezvous on host A — what
test/python/test_two_hosts.py runs). Needs root and iproute2 (ip netns).

    PYTHONPATH=python:test/python .venv/bin/python bench/scaleout_bench.py [--steps 60] [--rounds 2]

Reported per layout, median over rounds (the layouts alternate, so the machine's noise hits both):
  start-up   launch → the first logged step (torchrun, rendezvous, process group, data, model, step 1)
  steps/s    logged steps after the first, over the time between them (events.jsonl's timestamps)
and whether the layouts logged the same losses.

A third layout is the same two hosts started the way a user does: `vla-lab run` (dist/cli.js; `npm run
build` first) with `launcher: hosts` and VLA_LAB_REMOTE_LAUNCH='["ip","netns","exec","{host}"]', which
adds the queue, the preflight, the supervisor and a host agent per host, and uses torchrun's static
rendezvous on host A; its start-up is from the command's start to the first logged step."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path[:0] = [os.path.join(ROOT, "python"), os.path.join(ROOT, "test", "python")]

from helpers.torchrun_launch import torchrun  # noqa: E402
from netns_hosts import TwoHosts, missing  # noqa: E402
from test_two_hosts import ENV, PY, finish, losses, start_two_hosts, train_args, write_spec  # noqa: E402

CLI = os.path.join(ROOT, "dist", "cli.js")


def measure(run, launched_at):
    evs = [json.loads(line) for line in (run / "events.jsonl").read_text().splitlines()]
    steps = [(e["step"], e["t"]) for e in evs if e["type"] == "scalar" and e["name"] == "train/loss"]
    (s0, t0), (s1, t1) = steps[0], steps[-1]
    return t0 - launched_at, (s1 - s0) / max(1e-9, t1 - t0)


def one_host(spec, run):
    argv = torchrun(2, *train_args(spec, run))
    began = time.time()
    r = subprocess.run(argv, env=ENV, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise SystemExit(f"one host × two processes failed:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
    return measure(run, began)


def two_hosts(spec, run, rdzv_id):
    with TwoHosts() as hosts:
        began = time.time()
        out = finish(start_two_hosts(hosts, spec, run, rdzv_id=rdzv_id), timeout=600)
    for host, (code, o, e) in out.items():
        if code != 0:
            raise SystemExit(f"two hosts × one process: host {host} failed:\n{o[-2000:]}{e[-2000:]}")
    return measure(run, began)


def hosts_launcher(data, steps, tmp, i):
    """`vla-lab run` with the hosts launcher on two fresh namespace hosts; the run folder."""
    with TwoHosts() as hosts:
        spec = json.loads(write_spec(tmp, data, steps=steps, name=f"launcher-spec-{i}.json").read_text())
        spec["name"] = f"launcher-{i}"
        spec["resources"] = {
            "launcher": "hosts",
            "hosts": [{"name": hosts.ns_a, "address": hosts.addr_a}, {"name": hosts.ns_b, "address": hosts.addr_b}],
        }
        file = tmp / f"launcher-{i}.vla.json"
        file.write_text(json.dumps(spec))
        env = {
            **ENV,
            "VLA_LAB_PYTHON": PY,
            "VLA_LAB_NVIDIA_SMI": "/nonexistent/nvidia-smi",
            "VLA_LAB_REMOTE_LAUNCH": json.dumps(["ip", "netns", "exec", "{host}"]),
        }
        began = time.time()
        r = subprocess.run(
            ["node", CLI, "run", str(file), "--runs-dir", str(tmp / "runs")], cwd=tmp, env=env, capture_output=True, text=True, timeout=600
        )
        runs = list((tmp / "runs" / spec["name"]).glob("2*"))
        if r.returncode != 0 or len(runs) != 1:
            raise SystemExit(f"vla-lab run --launcher hosts failed:\n{r.stdout[-2000:]}{r.stderr[-2000:]}")
        status = json.loads((runs[0] / "run.json").read_text())["status"]
        if status != "completed":
            raise SystemExit(f"vla-lab run --launcher hosts ended {status}")
        return runs[0], measure(runs[0], began)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    reason = missing()
    if reason:
        raise SystemExit(f"scaleout_bench: {reason}")
    from vlalab.sim.dataset_writer import generate_dataset

    with tempfile.TemporaryDirectory(prefix="scaleout-bench-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        generate_dataset(str(data), ["open_drawer", "move_slider_left"], 3, 32, seed=0, split="training")
        generate_dataset(str(data), ["open_drawer", "move_slider_left"], 1, 32, seed=1, split="validation")
        spec = write_spec(tmp, str(data), steps=a.steps)
        results = {"1 host x 2 processes": [], "2 hosts x 1 process": [], "2 hosts, vla-lab run": []}
        same = True
        for i in range(a.rounds):
            results["1 host x 2 processes"].append(one_host(spec, tmp / f"one-{i}"))
            results["2 hosts x 1 process"].append(two_hosts(spec, tmp / f"two-{i}", f"bench-{i}"))
            launched, figures = hosts_launcher(str(data), a.steps, tmp, i)
            results["2 hosts, vla-lab run"].append(figures)
            same = same and losses(tmp / f"one-{i}") == losses(tmp / f"two-{i}") == losses(launched)
        print(f"{a.steps} steps, batch 4 per rank (global 8), nano tiny-prefix, 32 px, gloo; median of {a.rounds} rounds")
        print(f"{'layout':<24}{'start-up to step 1 (s)':>24}{'steps/s':>10}")
        for name, rows in results.items():
            print(f"{name:<24}{statistics.median(r[0] for r in rows):>24.1f}{statistics.median(r[1] for r in rows):>10.1f}")
        print(f"losses identical step for step: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
