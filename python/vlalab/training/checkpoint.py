"""Checkpoints: `<run-dir>/checkpoints/step-XXXXXXX.pt`, written to a temp file then renamed.

A checkpoint holds the model (the normalisation statistics are buffers inside it), optimizer,
scheduler state, RNG states (python, numpy, torch, cuda), the data position (the global step: the
sampler's draws are a function of it), the tokenizer vocabulary, the resolved spec and its hash.
The last `train.keep_checkpoints` plus the final one (named by final.json) are kept.
"""
import glob
import json
import os
import random
import re

import numpy as np
import torch


class CheckpointError(Exception):
    pass


def ckpt_dir(run_dir):
    return os.path.join(run_dir, "checkpoints")


def _write_json(path, obj):
    tmp = path + f".tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f)
    os.replace(tmp, path)


def _step_of(path):
    m = re.search(r"step-(\d+)\.pt$", path)
    return int(m.group(1)) if m else -1


def list_checkpoints(run_dir):
    return sorted(glob.glob(os.path.join(ckpt_dir(run_dir), "step-*.pt")), key=_step_of)


def save(run_dir, step, state, keep=3, final=False):
    d = ckpt_dir(run_dir)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, f"step-{step:07d}.pt")
    state = dict(state, rng={"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state(),
                             "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None})
    tmp = path + f".tmp-{os.getpid()}"
    torch.save(state, tmp)
    os.replace(tmp, path)
    if final:
        _write_json(os.path.join(d, "final.json"), {"path": os.path.basename(path), "step": step})
    _prune(d, keep)
    return path


def _prune(d, keep):
    final = None
    fj = os.path.join(d, "final.json")
    if os.path.exists(fj):
        with open(fj, encoding="utf-8") as f:
            final = json.load(f).get("path")
    paths = sorted(glob.glob(os.path.join(d, "step-*.pt")), key=_step_of)
    for p in paths[:-keep] if keep > 0 else []:
        if os.path.basename(p) != final:
            os.remove(p)


def latest(run_dir):
    paths = list_checkpoints(run_dir)
    return paths[-1] if paths else None


def final_or_latest(run_dir):
    fj = os.path.join(ckpt_dir(run_dir), "final.json")
    if os.path.exists(fj):
        with open(fj, encoding="utf-8") as f:
            p = os.path.join(ckpt_dir(run_dir), json.load(f)["path"])
        if os.path.exists(p):
            return p
    return latest(run_dir)


def load(path, map_location="cpu"):
    if not path or not os.path.exists(path):
        raise CheckpointError(f"checkpoint {path} does not exist; train first or pass --checkpoint")
    try:
        state = torch.load(path, map_location=map_location)
    except Exception as e:  # noqa: BLE001 — a truncated or foreign file
        raise CheckpointError(f"cannot read checkpoint {path} ({type(e).__name__}: {str(e)[:120]})") from None
    if not isinstance(state, dict):
        raise CheckpointError(f"{path} is not a VLA Lab checkpoint")
    for key in ("model", "spec", "tokenizer", "step"):
        if key not in state:
            raise CheckpointError(f"{path} is not a VLA Lab checkpoint (no '{key}')")
    fitted = state["model"].get("normalizer.fitted")
    if fitted is None or int(fitted.item()) != 1:
        raise CheckpointError(f"{path} has no action normalisation statistics: it cannot be evaluated or exported (retrain it)")
    return state


def restore_rng(rng):
    random.setstate(rng["python"])
    np.random.set_state(rng["numpy"])
    torch.set_rng_state(rng["torch"])
    if rng.get("cuda") is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(rng["cuda"])


def build_policy(state, device="cpu"):
    """A checkpoint → (policy in eval mode with ITS statistics, tokenizer, spec)."""
    from ..policies import VLAPolicy, WordTokenizer
    tok = WordTokenizer.from_state(state["tokenizer"])
    policy = VLAPolicy(state["spec"], len(tok))
    policy.load_state_dict(state["model"])
    return policy.to(device).eval(), tok, state["spec"]
