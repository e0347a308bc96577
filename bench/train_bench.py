"""Training throughput of the quickstart model: VLA Lab's loop (batched numpy window gathering,
explicit thread settings) against a plain eager fp32 PyTorch loop of the same model (a
torch.utils.data Dataset returning one window per __getitem__, default collate, torch's default
threads), measured in the same run on the same data. Prints samples/s and the ratio.

    PYTHONPATH=python /usr/bin/python3 bench/train_bench.py [--steps 30]
"""

import argparse
import json
import os
import sys
import tempfile
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python"))
from vlalab.policy import build_policy  # noqa: E402
from vlalab.policy.tokenizer import WordTokenizer  # noqa: E402
from vlalab.sim.dataset_writer import generate_dataset  # noqa: E402
from vlalab.trainer.data import Segments, WindowDataset  # noqa: E402
from vlalab.trainer.spec import with_defaults  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")


def measure(step_fn, steps, batch):
    step_fn()  # warm-up
    t = time.perf_counter()
    for _ in range(steps):
        step_fn()
    return steps * batch / (time.perf_counter() - t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=30)
    a = ap.parse_args()
    spec = with_defaults(json.load(open(os.path.join(ROOT, "examples", "quickstart.vla.json"))))
    ds_conf = spec["data"]["stages"][0]["datasets"][0]
    tasks = ds_conf["tasks"][:2]
    d = tempfile.mkdtemp()
    generate_dataset(d, tasks, 6, spec["observation"]["image_size"], seed=0)
    seg = Segments(d, "training", spec["observation"]["cameras"], spec["observation"]["image_size"], tasks)
    tok = WordTokenizer.build([t for t, *_ in seg.segments])
    B, H, C = spec["train"]["batch_size"], spec["policy"]["history"], spec["policy"]["chunk"]
    windows = WindowDataset([seg], H, C, tok)
    rng = np.random.default_rng(0)

    def make():
        torch.manual_seed(0)
        p = build_policy(spec, tok, seg.stats())
        return p, torch.optim.AdamW(p.parameters(), lr=1e-3)

    # ours: the trainer's settings and batch gathering
    torch.set_num_threads(int(os.environ.get("VLA_LAB_THREADS", "1")))  # the trainer's default
    policy, opt = make()

    def ours():
        batch = windows.batch(rng.integers(0, len(windows), B))
        loss = policy.loss(batch)["loss"]
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    ours_sps = measure(ours, a.steps, B)

    # baseline: a plain Dataset/DataLoader loop of the same model
    class PerSample(torch.utils.data.Dataset):
        def __len__(self):
            return len(windows)

        def __getitem__(self, i):
            return {k: v[0] for k, v in windows.batch(np.array([i])).items()}

    loader = iter(torch.utils.data.DataLoader(PerSample(), batch_size=B, shuffle=True, num_workers=0))
    ours_threads = torch.get_num_threads()
    torch.set_num_threads(os.cpu_count() or 1)  # torch's default
    policy, opt = make()

    def plain():
        nonlocal loader
        try:
            batch = next(loader)
        except StopIteration:
            loader = iter(torch.utils.data.DataLoader(PerSample(), batch_size=B, shuffle=True, num_workers=0))
            batch = next(loader)
        loss = policy.loss(batch)["loss"]
        opt.zero_grad()
        loss.backward()
        opt.step()

    base_sps = measure(plain, a.steps, B)
    params = sum(p.numel() for p in policy.parameters())
    print(
        f"quickstart model: {params / 1e6:.2f}M parameters, batch {B}, history {H}, chunk {C}, "
        f"{spec['observation']['image_size']}px × {len(spec['observation']['cameras'])} cameras, threads ours {ours_threads} / plain {torch.get_num_threads()}"
    )
    print(f"  VLA Lab loop        {ours_sps:8.1f} samples/s")
    print(f"  plain eager loop    {base_sps:8.1f} samples/s")
    print(f"  ratio               {ours_sps / base_sps:8.2f}x")


if __name__ == "__main__":
    main()
