"""Demonstrations in CALVIN's on-disk layout, as training windows.

The same loader reads real CALVIN splits and Playtable data written by `vlalab gen-data`:
  <dir>/<split>/episode_XXXXXXX.npz          one file per frame (rgb_static, rgb_gripper, rel_actions, …)
  <dir>/<split>/ep_start_end_ids.npy         episode frame ranges
  <dir>/<split>/lang_annotations/auto_lang_ann.npy   {'language': {'ann', 'task'}, 'info': {'indx'}}
Only annotated segments are used (language-conditioned training, as RoboVLMs does). Frames are
loaded into memory once and resized to the spec's image size with bilinear interpolation
(torch.nn.functional.interpolate, align_corners=False, no antialias) — the editor's policy probe
resizes the same way.

A training sample is a window ending at frame t of a segment: `history` frames (the first frame of
the segment repeats before its start) and, for each of them, the next `chunk` relative actions
(masked past the segment's end).
"""
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import tempfile

import numpy as np
import torch
import torch.nn.functional as F


class DataError(ValueError):
    """A missing or malformed data directory; the message names the file."""


REQUIRED = ("ep_start_end_ids.npy", os.path.join("lang_annotations", "auto_lang_ann.npy"))


def check_layout(data_dir, split):
    root = os.path.join(data_dir, split)
    if not os.path.isdir(root):
        raise DataError(f"data directory {root} does not exist (expected CALVIN's layout: <dir>/{split}/episode_XXXXXXX.npz …)")
    for name in REQUIRED:
        if not os.path.exists(os.path.join(root, name)):
            raise DataError(f"{os.path.join(root, name)} is missing: {root} is not a complete CALVIN-layout split")
    return root


def resize_frames(frames, size):
    """uint8 (N, H, W, 3) → uint8 (N, size, size, 3), bilinear."""
    if frames.shape[1] == size and frames.shape[2] == size:
        return frames
    x = torch.from_numpy(frames).permute(0, 3, 1, 2).float()
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    return x.round().clamp(0, 255).byte().permute(0, 2, 3, 1).numpy()


class Segments:
    """The annotated segments of one split, loaded into memory."""

    def __init__(self, data_dir, split, cameras, image_size, tasks=None, few_shot=None, limit=None):
        root = check_layout(data_dir, split)
        ann = np.load(os.path.join(root, REQUIRED[1]), allow_pickle=True).item()
        texts, task_ids, ranges = ann["language"]["ann"], ann["language"]["task"], ann["info"]["indx"]
        keep, per_task = [], {}
        for i, (text, task, (s, e)) in enumerate(zip(texts, task_ids, ranges)):
            if tasks and task not in tasks:
                continue
            per_task[task] = per_task.get(task, 0) + 1
            if few_shot and per_task[task] > few_shot:
                continue
            keep.append((str(text), str(task), int(s), int(e)))
        if limit:
            keep = keep[:limit]
        if not keep:
            raise DataError(f"{root} has no annotated segments for tasks {sorted(tasks) if tasks else 'any'}")
        frames = sorted({f for _, _, s, e in keep for f in range(s, e + 1)})
        index = {f: i for i, f in enumerate(frames)}
        keys = {"static": "rgb_static", "gripper": "rgb_gripper"}
        imgs = {c: [] for c in cameras}
        acts = []
        for f in frames:
            path = os.path.join(root, f"episode_{f:07d}.npz")
            try:
                with np.load(path) as z:
                    for c in cameras:
                        imgs[c].append(z[keys[c]])
                    acts.append(z["rel_actions"])
            except FileNotFoundError:
                raise DataError(f"{path} is missing (listed in lang_annotations/auto_lang_ann.npy)")
            except KeyError as k:
                raise DataError(f"{path} has no {k} array")
        self.images = np.stack([resize_frames(np.stack(imgs[c]), image_size) for c in cameras], axis=1)  # (N, cams, H, W, 3)
        self.actions = np.stack(acts).astype(np.float32)
        self.segments = [(t, task, index[s], index[e]) for t, task, s, e in keep]

    def stats(self):
        arm = self.actions[:, :-1]
        return {"mean": arm.mean(0).tolist(), "std": arm.std(0).tolist(), "min": arm.min(0).tolist(), "max": arm.max(0).tolist()}


class WindowDataset:
    """All (segment, t) windows of one or more Segments, gathered into batches with numpy."""

    def __init__(self, segments, history, chunk, tokenizer):
        self.parts = segments
        self.history, self.chunk = history, chunk
        rows = []
        for p, seg in enumerate(segments):
            for k, (text, _, s, e) in enumerate(seg.segments):
                for t in range(s, e + 1):
                    rows.append((p, k, s, e, t))
        self.rows = np.array(rows, dtype=np.int64)
        self.instructions = [[txt for txt, *_ in seg.segments] for seg in segments]
        self.tokens = [[tokenizer.encode(txt) for txt in ins] for ins in self.instructions]

    def __len__(self):
        return len(self.rows)

    def batch(self, idx, word_dropout=0.0, rng=None):
        """The windows at rows `idx`. With `word_dropout` > 0 each instruction word is dropped with that
        probability (drawn from `rng`, at least one word kept): the policy then cannot lean on one exact
        phrasing, which is what held-out paraphrases test."""
        r = self.rows[idx]
        h, c = self.history, self.chunk
        steps = r[:, 4:5] + np.arange(-h + 1, 1)                     # (B, H)
        steps = np.maximum(steps, r[:, 2:3])                          # repeat the first frame
        fut = steps[..., None] + np.arange(c)                         # (B, H, C)
        valid = fut <= r[:, 3][:, None, None]
        fut = np.minimum(fut, r[:, 3][:, None, None])
        images = np.empty((len(r), h) + self.parts[0].images.shape[1:], np.uint8)
        actions = np.empty((len(r), h, c, self.parts[0].actions.shape[1]), np.float32)
        ids, mask = [], []
        for p in np.unique(r[:, 0]):
            sel = r[:, 0] == p
            images[sel] = self.parts[p].images[steps[sel]]
            actions[sel] = self.parts[p].actions[fut[sel]]
        for p, k in r[:, :2]:
            i, m = self.tokens[p][k]
            if word_dropout > 0:
                i, m = drop_words(i, m, word_dropout, rng)
            ids.append(i)
            mask.append(m)
        return {"images": torch.from_numpy(images), "actions": torch.from_numpy(actions),
                "action_mask": torch.from_numpy(valid), "ids": torch.tensor(ids), "mask": torch.tensor(mask, dtype=torch.bool)}


def drop_words(ids, mask, p, rng):
    """Token ids with each real token dropped with probability p (the rest shift left, padding refills)."""
    n = sum(mask)
    keep = rng.random(n) >= p
    if not keep.any():
        keep[rng.integers(n)] = True
    kept = [t for t, k in zip(ids[:n], keep) if k]
    pad = len(ids) - len(kept)
    return kept + [0] * pad, [1] * len(kept) + [0] * pad


def playtable_cache_key(ds, image_size):
    params = {k: ds.get(k) for k in ("tasks", "episodes", "embodiment", "seed")}
    params["image_size"] = image_size
    params["version"] = 2  # bump when generated data changes (2: the Playtable sim fixes of docs/pending, applied)
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]


def ensure_playtable(ds, image_size, cache_dir, log=print):
    """Generates a Playtable dataset into the cache unless it is there; returns its directory.
    Written to a temporary directory and renamed, so a killed generation never leaves half a dataset.
    Processes that want the same dataset at once (torchrun's ranks, runs started together) take turns
    through a lock file: one generates, the others wait and find it there."""
    target = os.path.join(cache_dir, f"playtable-{playtable_cache_key(ds, image_size)}")
    if os.path.exists(os.path.join(target, "training", REQUIRED[1])):
        return target
    os.makedirs(cache_dir, exist_ok=True)
    with _exclusive(target + ".lock"):
        if os.path.exists(os.path.join(target, "training", REQUIRED[1])):
            return target  # another process generated it while this one waited
        _generate_playtable(ds, image_size, cache_dir, target, log)
    return target


@contextlib.contextmanager
def _exclusive(path):
    """An exclusive flock on `path` (created if missing) for the duration of the block; released by
    the kernel when the process dies, so a killed generation never blocks the next one."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _generate_playtable(ds, image_size, cache_dir, target, log):
    from ..sim.dataset_writer import generate_dataset
    tmp = tempfile.mkdtemp(prefix=".gen-", dir=cache_dir)
    episodes = ds.get("episodes", 32)
    tasks = ds.get("tasks")
    log(f"generating Playtable demonstrations: {episodes} per task × {len(tasks) if tasks else 34} tasks, "
        f"{image_size}px, embodiment {ds.get('embodiment', 'default')} → {target}")
    try:
        generate_dataset(tmp, tasks, episodes, image_size, embodiment=ds.get("embodiment", "default"), seed=ds.get("seed", 0), split="training")
        generate_dataset(tmp, tasks, max(1, episodes // 8), image_size, embodiment=ds.get("embodiment", "default"), seed=ds.get("seed", 0) + 1, split="validation")
        try:
            os.rename(tmp, target)
        except OSError:  # another process finished first
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def dataset_dir(ds, spec_dir, image_size, cache_dir, log=print):
    if ds.get("path"):
        p = ds["path"]
        return p if os.path.isabs(p) else os.path.normpath(os.path.join(spec_dir, p))
    if ds["type"] != "playtable":
        raise DataError(f"a {ds['type']} dataset needs a 'path' to its data")
    return ensure_playtable(ds, image_size, cache_dir, log)
