"""Action and proprioception normalisation with statistics kept as buffers of the policy.

The statistics are computed once from the training data (`stats_from_arrays`) and live in the
policy's state_dict, so every checkpoint carries them and evaluation/export use exactly these —
never statistics recomputed from other data. A checkpoint whose policy has no statistics
(`fitted` is 0) is refused when loaded for evaluation or export.

Arm (first dim-1 dimensions), by mode: `clip` — RoboVLMs' clip-and-scale (`action.normalize.enabled`:
clip to [min, max] then map linearly to [-1, 1]); `zscore` (continuous default) — the data's
mean/std; `minmax` (discrete default) — the data's per-dimension min/max mapped to [-1, 1].
Gripper (last dimension): CALVIN's -1/1, trained with BCE on (g + 1) / 2; not normalised.
"""
import numpy as np
import torch
import torch.nn as nn


def stats_from_arrays(actions, robot_obs):
    a = np.asarray(actions, dtype=np.float64)
    p = np.asarray(robot_obs, dtype=np.float64)
    return {"mean": a.mean(0), "std": np.maximum(a.std(0), 1e-4), "min": a.min(0), "max": a.max(0),
            "proprio_mean": p.mean(0), "proprio_std": np.maximum(p.std(0), 1e-4)}


class Normalizer(nn.Module):
    def __init__(self, action_dim, proprio_dim=15, mode="zscore", norm_min=-1.0, norm_max=1.0):
        super().__init__()
        if mode not in ("zscore", "clip", "minmax"):
            raise ValueError(f"unknown normalisation mode {mode}")
        self.mode = mode
        self.norm_min, self.norm_max = float(norm_min), float(norm_max)
        for name, n in (("mean", action_dim), ("std", action_dim), ("min", action_dim), ("max", action_dim),
                        ("proprio_mean", proprio_dim), ("proprio_std", proprio_dim)):
            self.register_buffer(name, torch.zeros(n) if "std" not in name else torch.ones(n))
        self.register_buffer("fitted", torch.zeros((), dtype=torch.uint8))

    def fit(self, stats):
        for k, v in stats.items():
            getattr(self, k).copy_(torch.as_tensor(np.asarray(v), dtype=torch.float32))
        self.fitted.fill_(1)

    @property
    def is_fitted(self):
        return bool(self.fitted.item())

    def normalize_arm(self, arm):
        d = arm.shape[-1]
        if self.mode == "clip":
            lo, hi = self.norm_min, self.norm_max
            return (arm.clamp(lo, hi) - lo) / (hi - lo) * 2 - 1
        if self.mode == "minmax":  # the data's own range → [-1, 1] (discrete actions bin this)
            lo, hi = self.min[:d], self.max[:d]
            return (arm - lo) / (hi - lo).clamp(min=1e-6) * 2 - 1
        return (arm - self.mean[:d]) / self.std[:d]

    def denormalize_arm(self, arm):
        d = arm.shape[-1]
        if self.mode == "clip":
            lo, hi = self.norm_min, self.norm_max
            return (arm + 1) / 2 * (hi - lo) + lo
        if self.mode == "minmax":
            lo, hi = self.min[:d], self.max[:d]
            return (arm + 1) / 2 * (hi - lo).clamp(min=1e-6) + lo
        return arm * self.std[:d] + self.mean[:d]

    def normalize_proprio(self, p):
        return (p - self.proprio_mean) / self.proprio_std

    def stats_dict(self):
        return {k: getattr(self, k).tolist() for k in ("mean", "std", "min", "max")}
