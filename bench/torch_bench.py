"""Training-step throughput of the quickstart policy on torch 2.x (the project's .venv) with the
options torch 2 offers, beside Debian's torch 1.13 (python3-torch, what the project ran on before),
measured side by side.

    .venv/bin/python bench/torch_bench.py [--steps 20] [--rounds 3] [--baseline /usr/bin/python3]

Each measurement is its own process (one interpreter, one variant, the same synthetic batch and
seed), and the variants are alternated round by round so the machine's noise hits all of them
alike; the table reports the median samples/s of the rounds and the ratio to Debian's torch.
Variants:
  eager-sdpa      the trainer as it is: eager fp32, torch's fused attention (torch 2 only)
  eager-explicit  the same with attention written out (softmax(QK^T)V): what torch 1.13 ran
  bf16-autocast   eager-sdpa under torch.autocast("cpu", bfloat16)
  compile         torch.compile(policy) (default mode), warm-up excluded
The baseline interpreter runs eager-explicit (it has no SDPA, autocast bf16 on CPU nor compile)."""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
VARIANTS = ["eager-sdpa", "eager-explicit", "bf16-autocast", "compile"]


def explicit_attention(q, k, v, mask=None, causal=False):
    """Attention written out, as layers.py had it for torch 1.13."""
    import torch

    if causal:
        tq, tk = q.shape[-2], k.shape[-2]
        cm = torch.ones(tq, tk, dtype=torch.bool, device=q.device).tril(tk - tq)
        mask = cm if mask is None else (mask & cm)
    att = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
    if mask is not None:
        att = att.masked_fill(~mask, -1e4)
    return att.softmax(-1) @ v


def worker(variant, steps, threads):
    import contextlib

    import torch

    sys.path.insert(0, os.path.join(ROOT, "python"))
    from vlalab.policy import build_policy, layers
    from vlalab.policy.tokenizer import WordTokenizer
    from vlalab.trainer.spec import with_defaults

    torch.set_num_threads(threads)
    if variant == "eager-explicit":
        layers.attention = explicit_attention
    with open(os.path.join(ROOT, "examples", "quickstart.vla.json")) as f:
        spec = with_defaults(json.load(f))
    obs, pol, tr = spec["observation"], spec["policy"], spec["train"]
    b, t, c, size, cams = tr["batch_size"], pol["history"], pol["chunk"], obs["image_size"], len(obs["cameras"])
    tok = WordTokenizer.build(["open the drawer", "push the slider to the left", "turn on the led light"])
    torch.manual_seed(0)
    stats = {"mean": [0.0] * 6, "std": [1.0] * 6, "min": [-1.0] * 6, "max": [1.0] * 6}
    policy = build_policy(spec, tok, stats)
    enc = tok.batch(["open the drawer"] * b)
    batch = {
        "images": torch.randint(0, 256, (b, t, cams, size, size, 3), dtype=torch.uint8),
        "ids": enc[0],
        "mask": enc[1],
        "actions": torch.randn(b, t, c, 7).clamp(-1, 1),
        "action_mask": torch.ones(b, t, c, dtype=torch.bool),
    }
    loss_fn = policy.loss
    if variant == "compile":
        loss_fn = torch.compile(policy.loss)
    opt = torch.optim.AdamW(policy.parameters(), lr=1e-3)
    ctx = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if variant == "bf16-autocast" else contextlib.nullcontext

    def step():
        with ctx():
            loss = loss_fn(batch)["loss"]
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return float(loss.detach())

    t_warm = time.perf_counter()
    for _ in range(3 if variant != "compile" else 5):  # warm-up (compile: tracing and codegen)
        step()
    warmup_s = time.perf_counter() - t_warm
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    dt = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "variant": variant,
                "torch": torch.__version__,
                "samples_per_s": steps * b / dt,
                "warmup_s": warmup_s,
                "params": sum(p.numel() for p in policy.parameters()),
                "batch": b,
            }
        )
    )


def run(python, variant, steps, threads):
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python")}
    r = subprocess.run(
        [python, os.path.abspath(__file__), "--worker", variant, "--steps", str(steps), "--threads", str(threads)],
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    if r.returncode != 0:
        return {"variant": variant, "error": (r.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--baseline", default="/usr/bin/python3", help="an interpreter with Debian's torch 1.13 (python3-torch)")
    a = ap.parse_args()
    if a.worker:
        return worker(a.worker, a.steps, a.threads)
    plan = [(a.baseline, "eager-explicit", "torch 1.13 (Debian), eager, explicit attention")]
    plan += [(sys.executable, v, f"torch 2 (.venv), {v}") for v in VARIANTS]
    results = {label: [] for _, _, label in plan}
    meta = {}
    for r in range(a.rounds):
        for python, variant, label in plan:
            out = run(python, variant, a.steps, a.threads)
            if "error" in out:
                print(f"  {label}: {out['error']}", file=sys.stderr)
                continue
            results[label].append(out["samples_per_s"])
            meta[label] = out
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)
    base = statistics.median(results[plan[0][2]]) if results[plan[0][2]] else None
    first = next(iter(meta.values()))
    print(
        f"quickstart policy, {first['params'] / 1e6:.2f}M parameters, batch {first['batch']}, {a.threads} threads, "
        f"{a.steps} steps per measurement, median of {a.rounds} alternated rounds"
    )
    print("| interpreter, variant | torch | samples/s (median; min–max) | vs torch 1.13 | warm-up (first steps), s |")
    print("| --- | --- | --- | --- | --- |")
    for _, _, label in plan:
        xs = results[label]
        if not xs:
            print(f"| {label} | - | failed | - | - |")
            continue
        med = statistics.median(xs)
        ratio = f"{med / base:.2f}x" if base else "-"
        print(f"| {label} | {meta[label]['torch']} | {med:.1f} ({min(xs):.1f}–{max(xs):.1f}) | {ratio} | {meta[label]['warmup_s']:.1f} |")


if __name__ == "__main__":
    main()
