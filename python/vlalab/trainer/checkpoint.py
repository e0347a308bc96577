"""Checkpoints: model, optimizer, scheduler, RNG states, data position, action statistics,
tokenizer and spec hash — everything `--resume` needs to continue exactly.

Written to a temporary file and renamed, so a kill never leaves half a checkpoint.

Checkpoints travel with run folders (copied from clusters, committed, shared), so loading one must
not run code: they hold tensors and plain data only (dicts, lists, tuples, numbers, strings) and are
read with `torch.load(weights_only=True)`, which refuses anything else. The RNG states are stored as
plain data for that reason (numpy's state is an ndarray: saved as a tensor of its keys)."""

import glob
import os
import pickle
import random
import zipfile

import numpy as np
import torch

from .. import runlayout
from .errors import CorruptInput


def path_for(run_dir, step):
    return os.path.join(run_dir, runlayout.CHECKPOINTS, runlayout.checkpoint_name(step))


def rng_state():
    name, keys, pos, has_gauss, cached = np.random.get_state()
    return {
        "python": random.getstate(),
        "numpy": {
            "bit_generator": str(name),
            "keys": torch.from_numpy(keys.astype(np.int64)),
            "pos": int(pos),
            "has_gauss": int(has_gauss),
            "cached_gaussian": float(cached),
        },
        "torch": torch.get_rng_state(),
    }


def set_rng_state(s):
    version, internal, gauss = s["python"]
    random.setstate((version, tuple(internal), gauss))
    n = s["numpy"]
    np.random.set_state((n["bit_generator"], n["keys"].numpy().astype(np.uint32), n["pos"], n["has_gauss"], n["cached_gaussian"]))
    torch.set_rng_state(s["torch"])


def save(run_dir, step, payload, keep=3, final=False):
    path = path_for(run_dir, step)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    torch.save(payload, tmp)
    os.replace(tmp, path)
    if final:
        with open(os.path.join(run_dir, runlayout.CHECKPOINTS, runlayout.FINAL_MARKER), "w") as f:
            f.write(os.path.basename(path) + "\n")
    prune(run_dir, keep)
    return path


def all_checkpoints(run_dir):
    found = glob.glob(os.path.join(run_dir, runlayout.CHECKPOINTS, runlayout.CHECKPOINT_GLOB))
    files = [(runlayout.checkpoint_step(p), p) for p in found if runlayout.checkpoint_step(p) is not None]
    return sorted(files)


def latest(run_dir):
    files = all_checkpoints(run_dir)
    return files[-1][1] if files else None


def final(run_dir):
    marker = os.path.join(run_dir, runlayout.CHECKPOINTS, runlayout.FINAL_MARKER)
    if os.path.exists(marker):
        with open(marker) as f:
            name = os.path.basename(f.read().strip())  # a name in checkpoints/, never a path elsewhere
        p = os.path.join(run_dir, runlayout.CHECKPOINTS, name)
        if name and runlayout.checkpoint_step(name) is not None and os.path.isfile(p):
            return p
    return latest(run_dir)


def prune(run_dir, keep):
    files = all_checkpoints(run_dir)
    fin = final(run_dir)
    for _, p in files[:-keep] if keep > 0 else []:
        if p != fin:
            os.remove(p)


def _first_line(e):
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    text = lines[0] if lines else type(e).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def load(path):
    """The checkpoint's contents; CorruptInput (one line naming the file) for anything that is not a
    readable VLA Lab checkpoint of tensors and plain data."""
    if os.path.isdir(path):
        raise CorruptInput(f"{path} is a directory, not a checkpoint file")
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise
    except (
        pickle.UnpicklingError,
        RuntimeError,
        EOFError,
        ValueError,
        zipfile.BadZipFile,
        AttributeError,
        ImportError,
        KeyError,
        IndexError,
        TypeError,
        OSError,
    ) as e:
        # weights_only refuses pickled objects other than tensors and plain data (GLOBAL opcodes);
        # truncated or garbage files fail as zip or pickle errors.
        unsafe = isinstance(e, pickle.UnpicklingError) and "weights_only" in str(e)
        why = (
            "it holds pickled objects other than tensors and plain data, which VLA Lab refuses to load"
            if unsafe
            else f"truncated or not a PyTorch checkpoint: {type(e).__name__}: {_first_line(e)}"
        )
        raise CorruptInput(f"cannot load the checkpoint {path}: {why}") from None
    if not isinstance(state, dict) or "model" not in state or "step" not in state:
        raise CorruptInput(f"{path} is not a VLA Lab checkpoint (no 'model' and 'step' in it)")
    return state
