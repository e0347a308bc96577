"""Action heads side by side, in one run on the same inputs: training step time (loss, backward, AdamW
step on batch B) and batch-1 inference latency (VLAPolicy.predict: backbone + head, the flow head's
flow and diffusion samplers included) of the same policy — a tiny-prefix backbone with each head on top. Timings are
interleaved (round r times every head before round r + 1) so load from other processes spreads over
all heads alike; medians are printed. Inputs are random images and a fixed instruction: the cost of
a head does not depend on what the pixels show.

    PYTHONPATH=python .venv/bin/python bench/heads_bench.py [--rounds 5] [--batch 32] [--size nano]
"""

import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python"))
from vlalab.policy import build_policy  # noqa: E402
from vlalab.policy.tokenizer import WordTokenizer  # noqa: E402
from vlalab.sim.instructions import training_phrasings  # noqa: E402
from vlalab.trainer.spec import with_defaults  # noqa: E402

# (label, head fields): every head at the same width and depth
HEADS = [
    ("mlp", {"type": "mlp"}),
    ("lstm", {"type": "lstm"}),
    ("gpt", {"type": "gpt"}),
    ("moe", {"type": "moe"}),
    ("oft", {"type": "oft"}),
    ("flow, 10 steps", {"type": "flow", "sample_steps": 10}),
    ("flow, 3 steps", {"type": "flow", "sample_steps": 3}),
    ("diffusion, 10 steps", {"type": "diffusion", "sample_steps": 10}),
]


def build(size, head, history, chunk, tok):
    spec = with_defaults(
        {
            "name": "bench",
            "backbone": {"id": "tiny-prefix", "size": size},
            "policy": {"formulation": "policy-head", "history": history, "chunk": chunk, "head": {"hidden": 128, "layers": 2, **head}},
            "observation": {"image_size": 32, "patch_size": 8, "cameras": ["static", "gripper"]},
            "action": {"arm_loss": "l1" if head["type"] == "oft" else "mse"},
            "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
        }
    )
    stats = {"mean": [0.0] * 6, "std": [1.0] * 6, "min": [-1.0] * 6, "max": [1.0] * 6}
    return build_policy(spec, tok, stats)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=3, help="training steps timed per round")
    ap.add_argument("--calls", type=int, default=10, help="inference calls timed per round")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--size", default="nano")
    ap.add_argument("--history", type=int, default=4)
    ap.add_argument("--chunk", type=int, default=8)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    tok = WordTokenizer.build(training_phrasings("open_drawer"))
    B, T, C = a.batch, a.history, a.chunk
    ids, mask = tok.batch(["open the drawer"] * B)
    batch = {
        "images": torch.randint(0, 256, (B, T, 2, 32, 32, 3), dtype=torch.uint8),
        "ids": ids,
        "mask": mask,
        "actions": torch.randn(B, T, C, 7).clamp(-1, 1),
        "action_mask": torch.ones(B, T, C),
    }
    runs = []
    for label, head in HEADS:
        policy = build(a.size, head, T, C, tok)
        runs.append(
            {
                "label": label,
                "policy": policy,
                "opt": torch.optim.AdamW(policy.parameters(), lr=1e-4),
                "head_params": sum(p.numel() for p in policy.head.parameters()),
                "params": sum(p.numel() for p in policy.parameters()),
                "train": [],
                "infer": [],
            }
        )
    gen = torch.Generator().manual_seed(0)
    for r in range(a.rounds + 1):  # round 0 warms up and is not counted
        for run in runs:
            p, opt = run["policy"], run["opt"]
            p.train()
            t = time.perf_counter()
            for _ in range(a.steps):
                loss = p.loss(batch)["loss"]
                opt.zero_grad()
                loss.backward()
                opt.step()
            train_ms = (time.perf_counter() - t) / a.steps * 1e3
            p.eval()
            t = time.perf_counter()
            for _ in range(a.calls):
                p.predict(batch["images"][:1], ids[:1], mask[:1], generator=gen)
            infer_ms = (time.perf_counter() - t) / a.calls * 1e3
            if r:
                run["train"].append(train_ms)
                run["infer"].append(infer_ms)
    print(
        f"tiny-prefix {a.size}, history {T}, chunk {C}, head hidden 128 × 2 layers, 2 cameras 32 px; "
        f"train batch {B}; torch {torch.__version__}, {a.threads} thread(s); medians of {a.rounds} rounds"
    )
    print(f"| head | head params | train step (ms, batch {B}) | inference (ms, batch 1) |")
    print("|---|---:|---:|---:|")
    for run in runs:
        print(
            f"| {run['label']} | {run['head_params']:,} | {statistics.median(run['train']):.1f} | {statistics.median(run['infer']):.2f} |"
        )


if __name__ == "__main__":
    main()
