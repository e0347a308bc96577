"""Checkpoints: model, optimizer, scheduler, RNG states, data position, action statistics,
tokenizer and spec hash — everything `--resume` needs to continue exactly.

Written to a temporary file and renamed, so a kill never leaves half a checkpoint."""
import glob
import os
import random
import re

import numpy as np
import torch

NAME = re.compile(r"step-(\d{7})\.pt$")


def path_for(run_dir, step):
    return os.path.join(run_dir, "checkpoints", f"step-{step:07d}.pt")


def rng_state():
    return {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}


def set_rng_state(s):
    random.setstate(s["python"])
    np.random.set_state(s["numpy"])
    torch.set_rng_state(s["torch"])


def save(run_dir, step, payload, keep=3, final=False):
    path = path_for(run_dir, step)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    torch.save(payload, tmp)
    os.replace(tmp, path)
    if final:
        with open(os.path.join(run_dir, "checkpoints", "final.txt"), "w") as f:
            f.write(os.path.basename(path) + "\n")
    prune(run_dir, keep)
    return path


def all_checkpoints(run_dir):
    files = [(int(NAME.search(p).group(1)), p) for p in glob.glob(os.path.join(run_dir, "checkpoints", "step-*.pt")) if NAME.search(p)]
    return sorted(files)


def latest(run_dir):
    files = all_checkpoints(run_dir)
    return files[-1][1] if files else None


def final(run_dir):
    marker = os.path.join(run_dir, "checkpoints", "final.txt")
    if os.path.exists(marker):
        with open(marker) as f:
            p = os.path.join(run_dir, "checkpoints", f.read().strip())
        if os.path.exists(p):
            return p
    return latest(run_dir)


def prune(run_dir, keep):
    files = all_checkpoints(run_dir)
    fin = final(run_dir)
    for _, p in files[:-keep] if keep > 0 else []:
        if p != fin:
            os.remove(p)


def load(path):
    try:
        # weights_only=False: our own checkpoints hold RNG states and dicts (torch ≥ 2.6 defaults to True)
        return torch.load(path, map_location="cpu", weights_only=False)
    except TypeError:  # torch 1.13 has no weights_only
        return torch.load(path, map_location="cpu")
