"""Playtable benchmark speed: env steps/s single vs batched, evaluation rollouts/s batched vs
sequential (oracle policy). Ratios are measured in the same run.

  PYTHONPATH=python /usr/bin/python3 bench/env_bench.py [--size 64] [--envs 64] [--chains 16]
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python"))

import numpy as np  # noqa: E402
from vlalab.sim.chains import load_eval_sequences  # noqa: E402
from vlalab.sim.evaluation import OraclePolicy, evaluate_chains  # noqa: E402
from vlalab.sim.vec_env import PlaytableVecEnv  # noqa: E402

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "calvin", "eval_sequences.json")


def env_steps_per_second(n, size, seconds=3.0):
    env = PlaytableVecEnv(n, image_size=size, seed=0)
    env.reset()
    rng = np.random.default_rng(0)
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        a = rng.uniform(-1, 1, size=(n, 7))
        env.step(a)
        steps += n
    return steps / (time.perf_counter() - t0)


def rollouts_per_second(chains, size, batch):
    t0 = time.perf_counter()
    res = evaluate_chains(OraclePolicy(), chains, image_size=size, batch_size=batch)
    secs = time.perf_counter() - t0
    steps = sum(s["steps"] for e in res["episodes"] for s in e["subtasks"])
    return len(chains) / secs, steps / secs, res["avg_seq_len"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--envs", type=int, default=64)
    ap.add_argument("--chains", type=int, default=16)
    args = ap.parse_args()
    single = env_steps_per_second(1, args.size)
    batched = env_steps_per_second(args.envs, args.size)
    chains = load_eval_sequences(FIXTURE, limit=args.chains)
    seq_r, seq_s, seq_len = rollouts_per_second(chains, args.size, 1)
    bat_r, bat_s, bat_len = rollouts_per_second(chains, args.size, args.chains)
    out = {
        "image_size": args.size,
        "env_steps_per_s_single": round(single, 1),
        f"env_steps_per_s_batched_{args.envs}": round(batched, 1),
        "env_batched_over_single": round(batched / single, 2),
        "ms_per_env_step_batched": round(1000 / batched, 3),
        "eval_chains_per_s_sequential": round(seq_r, 3),
        "eval_chains_per_s_batched": round(bat_r, 3),
        "eval_batched_over_sequential": round(bat_r / seq_r, 2),
        "eval_env_steps_per_s_batched": round(bat_s, 1),
        "oracle_avg_seq_len": [seq_len, bat_len],
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
