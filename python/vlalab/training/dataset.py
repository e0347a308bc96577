"""The CALVIN-layout loader (Playtable writes the same layout; the same code reads real CALVIN).

Layout of `<dir>/<split>/`: `episode_XXXXXXX.npz` (one frame each: rgb_static, rgb_gripper,
rel_actions, robot_obs, …), `ep_start_end_ids.npy`, `lang_annotations/auto_lang_ann.npy` (a pickled
dict: `['language']['ann']` instructions, `['language']['task']` task names, `['info']['indx']`
(start, end) frame ids of each annotated segment). Only annotated frames are read.

Samples: for each annotated segment [s, e] and each frame t in it, a window of `history` frames
t-history+1 … t (indices before s repeat frame s, as the evaluator pads at an episode's start) and,
for every window step i, the `chunk` rel_actions i … i+chunk-1 (positions past e are masked out of
the loss). Images are resized to `observation.image_size` with bilinear interpolation
(`F.interpolate(..., mode="bilinear", align_corners=False)`, no antialias, on float pixels scaled
to [0, 1]; kept as float16); the probe (extension/core/probe/resize.ts) replicates it. Frames
already at the size are kept as uint8 (no resize at all). Small datasets are loaded into memory once.
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

CAMERA_KEYS = {"static": "rgb_static", "gripper": "rgb_gripper"}


class DataError(Exception):
    """Missing or malformed data: one line naming the file and what to do."""


def _need(path, hint="expected CALVIN's on-disk layout"):
    if not os.path.exists(path):
        raise DataError(f"missing {path} ({hint})")
    return path


def resize_images(frames_u8, size):
    """(N, H, W, 3) uint8 → (N, 3, size, size): uint8 when no resize is needed, else float16 in [0, 1]."""
    x = torch.from_numpy(np.ascontiguousarray(frames_u8)).permute(0, 3, 1, 2)
    if x.shape[-1] == size and x.shape[-2] == size:
        return x.contiguous()
    x = F.interpolate(x.float() / 255.0, size=(size, size), mode="bilinear", align_corners=False)
    return x.half()


def images_to_float(x):
    """uint8 or float16 images → float32 in [0, 1]."""
    return x.float() / 255.0 if x.dtype == torch.uint8 else x.float()


def read_annotations(root):
    path = _need(os.path.join(root, "lang_annotations", "auto_lang_ann.npy"))
    try:
        lang = np.load(path, allow_pickle=True).item()
        anns, tasks, indx = lang["language"]["ann"], lang["language"]["task"], lang["info"]["indx"]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise DataError(f"{path} lacks ['language']['ann'/'task'] or ['info']['indx'] (CALVIN's annotation format)") from None
    return [(int(s), int(e), str(a), str(t)) for (s, e), a, t in zip(indx, anns, tasks)]


class CalvinData:
    """One split of one dataset in memory: images (F, C, 3, S, S), actions (F, 7), proprio (F, 15)
    for the annotated frames, and segments [(first_row, last_row, instruction, task)]."""

    def __init__(self, data_dir, split="training", cameras=("static",), image_size=32, tasks=None,
                 max_episodes=None, few_shot=None, action_dim=7):
        root = os.path.join(data_dir, split)
        if not os.path.isdir(root):
            raise DataError(f"missing {root}: expected CALVIN's layout with a '{split}' folder (generate Playtable data with 'python -m vlalab gen-data')")
        _need(os.path.join(root, "ep_start_end_ids.npy"))
        segs = read_annotations(root)
        if tasks:
            segs = [s for s in segs if s[3] in set(tasks)]
        if few_shot:
            seen, kept = {}, []
            for s in segs:
                if seen.get(s[3], 0) < few_shot:
                    seen[s[3]] = seen.get(s[3], 0) + 1
                    kept.append(s)
            segs = kept
        if max_episodes:
            segs = segs[:max_episodes]
        if not segs:
            raise DataError(f"{root} has no annotated episodes{' for tasks ' + ', '.join(tasks) if tasks else ''}")
        self.root, self.cameras, self.image_size = root, list(cameras), image_size
        images, actions, proprio, self.segments = [], [], [], []
        row = 0
        for s, e, ann, task in segs:
            frames = {c: [] for c in self.cameras}
            acts, obs = [], []
            for f in range(s, e + 1):
                path = _need(os.path.join(root, f"episode_{f:07d}.npz"), "listed in lang_annotations/auto_lang_ann.npy")
                try:
                    with np.load(path) as z:
                        for cam in self.cameras:
                            frames[cam].append(z[CAMERA_KEYS[cam]])
                        acts.append(z["rel_actions"][:action_dim])
                        obs.append(z["robot_obs"][:15])
                except KeyError as err:
                    raise DataError(f"{path} lacks {err} (a CALVIN frame has rgb_static, rgb_gripper, rel_actions, robot_obs)") from None
            images.append(torch.stack([resize_images(np.stack(frames[c]), image_size) for c in self.cameras], 1))
            actions.append(np.asarray(acts, np.float32))
            proprio.append(np.asarray(obs, np.float32))
            self.segments.append((row, row + e - s, ann, task))
            row += e - s + 1
        self.images = torch.cat(images)
        self.actions = torch.from_numpy(np.concatenate(actions))
        self.proprio = torch.from_numpy(np.concatenate(proprio))
        # frame row → its segment's first row, last row and index
        self.seg_start = np.concatenate([np.full(e - s + 1, s) for s, e, _, _ in self.segments])
        self.seg_end = np.concatenate([np.full(e - s + 1, e) for s, e, _, _ in self.segments])
        self.seg_index = np.concatenate([np.full(e - s + 1, i) for i, (s, e, _, _) in enumerate(self.segments)])

    def __len__(self):
        return len(self.images)

    @property
    def instructions(self):
        return [s[2] for s in self.segments]

    @property
    def tasks(self):
        return sorted({s[3] for s in self.segments})

    def window_indices(self, rows, history, chunk):
        """rows (B,) → frame rows (B, T), action rows (B, T, K), valid (B, T, K)."""
        rows = np.asarray(rows)
        t = np.maximum(rows[:, None] + np.arange(-history + 1, 1)[None], self.seg_start[rows][:, None])
        a = t[:, :, None] + np.arange(chunk)[None, None]
        end = self.seg_end[rows][:, None, None]
        return t, np.minimum(a, end), a <= end

    def batch(self, rows, history, chunk, token_ids, token_mask):
        t, a, valid = self.window_indices(rows, history, chunk)
        n = len(rows)
        imgs = self.images[torch.from_numpy(t.reshape(-1))]
        seg = torch.from_numpy(self.seg_index[np.asarray(rows)])
        return {
            "images": imgs.view(n, history, *imgs.shape[1:]),
            "actions": self.actions[torch.from_numpy(a.reshape(-1))].view(n, history, chunk, -1),
            "valid": torch.from_numpy(valid),
            "proprio": self.proprio[torch.from_numpy(t.reshape(-1))].view(n, history, -1),
            "ids": token_ids[seg],
            "mask": token_mask[seg],
        }


class MixedSampler:
    """Batches of (dataset, rows) drawn with replacement: each dataset by its `weight` (co-train),
    uniformly within a dataset. The draw for global step s on rank r depends only on (seed, s, r),
    so the data position is simply the step: resuming at step s continues the same stream, and
    each DDP rank gets its own shard."""

    def __init__(self, datasets, weights, batch_size, seed=0, rank=0):
        self.datasets, self.batch_size, self.seed, self.rank = datasets, batch_size, seed, rank
        w = np.asarray(weights, dtype=np.float64)
        self.p = w / w.sum()

    def draw(self, step):
        rng = np.random.default_rng([self.seed, step, self.rank])
        which = rng.choice(len(self.datasets), size=self.batch_size, p=self.p)
        out = []
        for d in range(len(self.datasets)):
            k = int((which == d).sum())
            if k:
                out.append((d, rng.integers(0, len(self.datasets[d]), size=k)))
        return out

    def batch(self, step, history, chunk, tokens):
        parts = [self.datasets[d].batch(rows, history, chunk, *tokens[d]) for d, rows in self.draw(step)]
        if len(parts) == 1:
            return parts[0]
        out = {k: torch.cat([p[k] for p in parts]) for k in parts[0] if k != "images"}
        dtypes = {p["images"].dtype for p in parts}
        out["images"] = torch.cat([p["images"] if len(dtypes) == 1 else images_to_float(p["images"]) for p in parts])
        return out
