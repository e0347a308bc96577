"""Evaluation through a vla-eval model server vs in-process, same run, same episodes.

    .venv/bin/python bench/serve_bench.py --run-dir <run> [--episodes 8] [--max-steps 40] [--task open_drawer]

Starts `python -m vlalab serve` on 127.0.0.1 (stopped at the end), then evaluates the same
single-task episodes three ways — in-process batched (the trainer's default), in-process one env
at a time, through the server (one chain per vla-eval episode) — and prints episodes/s, the mean
time per control step, and the server's per-step overhead over in-process one-at-a-time."""

import argparse
import asyncio
import os
import re
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--run-dir", required=True)
    p.add_argument("--episodes", type=int, default=8)
    p.add_argument("--max-steps", type=int, default=40)
    p.add_argument("--task", default="open_drawer")
    a = p.parse_args()
    import torch

    torch.set_num_threads(1)  # the same for both sides: the server runs with OMP_NUM_THREADS=1
    torch.set_grad_enabled(False)  # as the server does
    from vlalab.serving.remote_eval import _run, make_benchmark
    from vlalab.sim.evaluation import evaluate_single_tasks
    from vlalab.trainer import checkpoint as ckpt
    from vlalab.trainer.evaluate import HarnessPolicy, load_policy
    from vlalab.trainer.spec import with_defaults

    policy, spec, _ = load_policy(ckpt.final(a.run_dir))
    entry = {
        "benchmark": "playtable",
        "chains": a.episodes,
        "chain_length": 1,
        "tasks": [a.task],
        "max_steps": a.max_steps,
        "seed": 3,
        "videos": 0,
    }
    spec = with_defaults({**spec, "eval": [entry]})
    e = spec["eval"][0]
    rows = []

    def in_process(batch):
        harness = HarnessPolicy(policy, spec, protocol={"execution": "first", "delay": 0}, seed=e["seed"])
        t = time.perf_counter()
        res = evaluate_single_tasks(
            harness,
            [a.task],
            a.episodes,
            image_size=spec["observation"]["image_size"],
            max_steps=e["max_steps"],
            held_out_phrasings=True,
            batch_size=batch,
            seed=e["seed"],
        )
        return res["episodes"], time.perf_counter() - t

    for batch in (min(64, a.episodes), 1):
        eps, dt = in_process(batch)
        rows.append((f"in-process, batch {batch}", eps, dt))
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "OMP_NUM_THREADS": "1"}
    server = subprocess.Popen([sys.executable, "-m", "vlalab", "serve", "--run-dir", a.run_dir], env=env, stdout=subprocess.PIPE, text=True)
    try:
        url = re.search(r"ws://\S+", server.stdout.readline()).group(0)
        bench = make_benchmark(spec, e)
        t = time.perf_counter()
        eps, _, fault = asyncio.run(_run(url, bench, 60.0, print))
        assert fault is None, fault
        rows.append(("model server (vla-eval protocol)", eps, time.perf_counter() - t))
    finally:
        server.terminate()
        server.wait(10)
    same = all(r[1] == rows[0][1] for r in rows)
    print(
        f"{a.episodes} episodes of {a.task}, max {a.max_steps} steps, image {spec['observation']['image_size']}; identical episodes: {same}"
    )
    base = None
    for name, eps, dt in rows:
        steps = sum(s["steps"] for ep in eps for s in ep["subtasks"])
        per_step = dt / steps * 1000
        if name.startswith("in-process, batch 1"):
            base = per_step
        extra = f", +{per_step - base:.2f} ms/step over one-at-a-time in-process" if base is not None and name.startswith("model") else ""
        print(f"  {name:34s} {len(eps) / dt:6.2f} episodes/s  {per_step:6.2f} ms/step ({steps} steps){extra}")


if __name__ == "__main__":
    main()
