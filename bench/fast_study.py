"""A small measured comparison of action tokenizations and knowledge insulation on Playtable
(docs/experiments.md "FAST vs binning, flow vs flow + knowledge insulation"):

  bins      discrete actions, 256 uniform bins per dimension (RT-2 / OpenVLA; RoboVLMs' discrete decoder)
  fast      discrete actions, FAST tokens (Pertsch et al. 2025; DCT + BPE fitted on the training chunks)
  flow      continuous actions, flow-matching expert trained end to end (π0)
  flow+ki   the same expert behind a stop-gradient, the backbone trained on FAST tokens (π0.5 + KI)

Every arm: the same tiny-prefix nano backbone, one-step formulation, chunk 4, two tasks, the same
data, steps, batch and learning rate, trained with each seed; evaluated on held-out initial states
(single-task episodes, success with 95% Wilson intervals) and offline on the validation split
(mean |predicted − demonstrated| arm action over the whole chunk, gripper sign agreement).

    nice -n 5 env PYTHONPATH=python .venv/bin/python bench/fast_study.py run --out /tmp/fast-study
    PYTHONPATH=python .venv/bin/python bench/fast_study.py report --out /tmp/fast-study
"""

import argparse
import glob
import json
import math
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "python"))

TASKS = ["open_drawer", "move_slider_left"]
ARMS = {
    "bins": ({"action_space": "discrete", "discretization": {"bins": 256, "min": -1, "max": 1}}, {}),
    "fast": ({"action_space": "discrete"}, {"tokenizer": "fast", "fast": {"vocab_size": 256}}),
    "flow": ({"head": {"type": "flow", "hidden": 128, "layers": 2, "sample_steps": 5}}, {}),
    "flow+ki": (
        {"head": {"type": "flow", "hidden": 128, "layers": 2, "sample_steps": 5}},
        {"knowledge_insulation": True, "fast": {"vocab_size": 256}},
    ),
}


def spec_for(arm, seed, steps, episodes, eval_episodes, max_steps):
    pol, act = ARMS[arm]
    return {
        "name": f"fast-study-{arm}-s{seed}".replace("+", "-"),
        "backbone": {"id": "tiny-prefix", "size": "nano"},
        "policy": {"formulation": "one-step", "chunk": 4, **pol},
        "observation": {"image_size": 32, "patch_size": 8, "cameras": ["static", "gripper"]},
        "action": {"dim": 7, "gripper_weight": 0.1, **act},
        "data": {
            "stages": [{"name": "ft", "datasets": [{"type": "playtable", "tasks": TASKS, "episodes": episodes, "seed": 0}], "steps": steps}]
        },
        "train": {
            "batch_size": 16,
            "lr": 1e-3,
            "warmup_steps": 20,
            "seed": seed,
            "log_every": 50,
            "val_every": steps,
            "checkpoint_every": steps,
        },
        "eval": [{"benchmark": "playtable", "chains": eval_episodes, "chain_length": 1, "seed": seed, "max_steps": max_steps}],
    }


def run(args):
    os.makedirs(args.out, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "VLA_LAB_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    for seed in args.seeds:
        for arm in args.arms:
            run_dir = os.path.join(args.out, f"{arm}-s{seed}")
            if os.path.exists(os.path.join(run_dir, "done.json")):
                continue
            os.makedirs(run_dir, exist_ok=True)
            with open(os.path.join(run_dir, "spec.json"), "w") as f:
                json.dump(spec_for(arm, seed, args.steps, args.episodes, args.eval_episodes, args.max_steps), f, indent=1)
            t0 = time.time()
            with open(os.path.join(run_dir, "train.log"), "w") as log:
                r = subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "vlalab",
                        "train",
                        "--spec",
                        os.path.join(run_dir, "spec.json"),
                        "--run-dir",
                        run_dir,
                        "--data-cache",
                        os.path.join(args.out, "_data"),
                    ],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            if r.returncode != 0:
                print(f"{arm} seed {seed}: failed (see {run_dir}/train.log)", flush=True)
                continue
            with open(os.path.join(run_dir, "done.json"), "w") as f:
                json.dump({"wall_s": time.time() - t0}, f)
            print(f"{arm} seed {seed}: {time.time() - t0:.0f} s", flush=True)


def wilson(k, n, z=1.96):
    if n == 0:
        return 0.0, 1.0
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return max(0.0, c - h), min(1.0, c + h)


def offline(run_dir, windows=256):
    """Mean |pred - target| of the arm actions over the whole predicted chunk, and gripper agreement,
    on evenly spaced validation windows (the same windows for every arm)."""
    import numpy as np
    import torch
    from vlalab.trainer import checkpoint as ckpt
    from vlalab.trainer.data import Segments, WindowDataset
    from vlalab.trainer.evaluate import load_policy

    policy, spec, _ = load_policy(ckpt.final(run_dir))
    torch.manual_seed(0)
    ev = [json.loads(line) for line in open(os.path.join(run_dir, "events.jsonl"))]
    data = next(e for e in ev if e["type"] == "stage")["datasets"][0]["path"]
    seg = Segments(
        data,
        "validation",
        spec["observation"]["cameras"],
        spec["observation"]["image_size"],
        TASKS,
        cache_dir=os.path.join(os.path.dirname(run_dir), "_data"),
    )
    ds = WindowDataset([seg], policy.history, policy.chunk, policy.tokenizer)
    rows = np.unique(np.linspace(0, len(ds) - 1, min(len(ds), windows)).astype(np.int64))
    errs, grip, n_valid, secs, calls = [], [], 0.0, 0.0, 0
    lengths, formed = [], []  # FAST: tokens the policy emits per chunk, and whether they spell a whole chunk
    g = torch.Generator().manual_seed(0)
    torch.set_num_threads(1)
    for i in range(0, len(rows), 32):
        b = ds.batch(rows[i : i + 32])
        t0 = time.perf_counter()
        pred = policy.predict(b["images"], b["ids"], b["mask"], generator=g)
        secs, calls = secs + time.perf_counter() - t0, calls + 1
        tgt, valid = b["actions"][:, -1], b["action_mask"][:, -1].float()
        errs.append(((pred[..., :-1] - tgt[..., :-1]).abs().mean(-1) * valid).sum().item())
        grip.append((((pred[..., -1] > 0) == (tgt[..., -1] > 0)).float() * valid).sum().item())
        n_valid += valid.sum().item()
        if policy.discrete and policy.uses_fast:
            with torch.no_grad():
                toks = policy.decode_fast(policy.preprocess(b["images"]), b["ids"], b["mask"]).numpy()
            lengths += [int((row != policy.fast.eos).sum()) for row in toks]
            formed += policy.fast.decode_report(toks)[1].tolist()
    fast = {"tokens_per_chunk": float(np.mean(lengths)), "well_formed": float(np.mean(formed))} if lengths else None
    return sum(errs) / n_valid, sum(grip) / n_valid, secs / calls, fast


def constant_baseline(run_dir, windows=256):
    """The same offline measures for a policy that always outputs the training data's mean arm action
    and its most common gripper state: what an arm that learned nothing from the observation scores."""
    import numpy as np
    from vlalab.policy.tokenizer import WordTokenizer
    from vlalab.trainer.data import Segments, WindowDataset

    ev = [json.loads(line) for line in open(os.path.join(run_dir, "events.jsonl"))]
    data = next(e for e in ev if e["type"] == "stage")["datasets"][0]["path"]
    cache = os.path.join(os.path.dirname(run_dir), "_data")
    train = Segments(data, "training", ["static"], 32, TASKS, cache_dir=cache)
    mean = train.actions[:, :-1].mean(0)
    grip = 1.0 if (train.actions[:, -1] > 0).mean() >= 0.5 else -1.0
    ds = WindowDataset([Segments(data, "validation", ["static"], 32, TASKS, cache_dir=cache)], 1, 4, WordTokenizer.build(["x"]))
    rows = np.unique(np.linspace(0, len(ds) - 1, min(len(ds), windows)).astype(np.int64))
    b = ds.batch(rows)
    tgt, valid = b["actions"][:, -1].numpy(), b["action_mask"][:, -1].numpy().astype(np.float64)
    l1 = (np.abs(tgt[..., :-1] - mean).mean(-1) * valid).sum() / valid.sum()
    agree = (((tgt[..., -1] > 0) == (grip > 0)) * valid).sum() / valid.sum()
    return l1, agree


def report(args):
    rows = {}
    for arm in args.arms:
        for seed in args.seeds:
            run_dir = os.path.join(args.out, f"{arm}-s{seed}")
            if not os.path.exists(os.path.join(run_dir, "done.json")):
                continue
            res = json.load(open(glob.glob(os.path.join(run_dir, "eval", "*", "results_playtable.json"))[0]))
            k = sum(c["success"] for c in res["task_info"].values())
            n = sum(c["total"] for c in res["task_info"].values())
            err, g, call_s, fast = offline(run_dir)
            wall = json.load(open(os.path.join(run_dir, "done.json")))["wall_s"]
            rows.setdefault(arm, []).append(
                {
                    "seed": seed,
                    "success": k,
                    "episodes": n,
                    "arm_l1": err,
                    "gripper": g,
                    "wall_s": wall,
                    "predict_s": call_s,
                    "fast": fast,
                    "by_task": {t: f"{c['success']}/{c['total']}" for t, c in sorted(res["task_info"].items())},
                    "benchmark_version": res["protocol"]["benchmark_version"],
                }
            )
    print(json.dumps(rows, indent=1))
    first = next(
        (
            os.path.join(args.out, f"{a}-s{s}")
            for a in args.arms
            for s in args.seeds
            if os.path.exists(os.path.join(args.out, f"{a}-s{s}", "done.json"))
        ),
        None,
    )
    if first:
        l1, agree = constant_baseline(first)
        print(f"constant policy (training mean arm action, majority gripper): val arm L1 {l1:.4f}, gripper agreement {agree:.2f}")
    print(
        "\n| arm | seeds | success (pooled, 95% Wilson) | per seed | val arm L1 per seed | val gripper agreement | predict, batch 32 | wall per run |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for arm, rs in rows.items():
        k, n = sum(r["success"] for r in rs), sum(r["episodes"] for r in rs)
        lo, hi = wilson(k, n)
        per_seed = ", ".join(f"{r['success']}/{r['episodes']}" for r in rs)
        l1 = ", ".join(f"{r['arm_l1']:.4f}" for r in rs)
        grip = ", ".join(f"{r['gripper']:.2f}" for r in rs)
        wall = sum(r["wall_s"] for r in rs) / len(rs)
        call = sum(r["predict_s"] for r in rs) / len(rs)
        if rs[0]["fast"]:
            print(
                f"{arm}: FAST tokens per predicted chunk "
                + ", ".join(f"{r['fast']['tokens_per_chunk']:.1f}" for r in rs)
                + "; sequences that spell a whole chunk "
                + ", ".join(f"{r['fast']['well_formed']:.0%}" for r in rs)
            )
        print(
            f"| {arm} | {len(rs)} | {k}/{n} = {k / max(1, n):.0%} ({lo:.0%}–{hi:.0%}) | {per_seed} | {l1} | {grip} | {call * 1000:.0f} ms | {wall:.0f} s |"
        )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["run", "report"])
    ap.add_argument("--out", default="/tmp/fast-study")
    ap.add_argument("--arms", nargs="+", default=list(ARMS))
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1])
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--episodes", type=int, default=30, help="demonstrations per task")
    ap.add_argument("--eval-episodes", type=int, default=20, help="evaluation episodes per run (over both tasks)")
    ap.add_argument(
        "--max-steps", type=int, default=120, help="control steps per evaluation episode (the experts' demonstrations take ~50)"
    )
    args = ap.parse_args()
    (run if args.cmd == "run" else report)(args)


if __name__ == "__main__":
    main()
