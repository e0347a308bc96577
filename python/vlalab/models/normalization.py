"""Action (and proprioception) normalisation owned by the policy.

The statistics are computed from the training data (`compute_stats`), stored as the policy's
buffers — so they travel inside every checkpoint's state dict and inside the exported ONNX graph —
and they are the only statistics evaluation and export can use: a policy whose buffers were never
filled refuses to predict, and loading a checkpoint without statistics fails (see checkpoint.py).

Arm actions (the first dim-1 dimensions) are normalised as (a - offset) / scale:
  action.normalize.enabled = false (default): offset = mean, scale = std of the training data;
  action.normalize.enabled = true (RoboVLMs' norm_action): clip to [min, max] of the spec, then map
  linearly to [-1, 1] (offset = (max+min)/2, scale = (max-min)/2).
The gripper stays ±1 (its target for BCE is (g+1)/2).
"""
import numpy as np
import torch
import torch.nn as nn


def compute_stats(actions, proprio=None):
    """actions (N, dim) → {mean, std, min, max} of the arm dims (+ proprio_mean/std of robot_obs)."""
    arm = np.asarray(actions, dtype=np.float64)[:, :-1]
    stats = {"count": int(len(arm)), "mean": arm.mean(0).tolist(), "std": arm.std(0).tolist(),
             "min": arm.min(0).tolist(), "max": arm.max(0).tolist()}
    if proprio is not None and len(proprio):
        p = np.asarray(proprio, dtype=np.float64)
        stats["proprio_mean"], stats["proprio_std"] = p.mean(0).tolist(), p.std(0).tolist()
    return stats


class ActionNormalizer(nn.Module):
    def __init__(self, arm_dim, proprio_dim, normalize=None):
        super().__init__()
        normalize = normalize or {}
        self.clip = bool(normalize.get("enabled", False))
        self.clip_min, self.clip_max = float(normalize.get("min", -1.0)), float(normalize.get("max", 1.0))
        self.register_buffer("offset", torch.zeros(arm_dim))
        self.register_buffer("scale", torch.ones(arm_dim))
        self.register_buffer("proprio_mean", torch.zeros(proprio_dim))
        self.register_buffer("proprio_std", torch.ones(proprio_dim))
        self.register_buffer("has_stats", torch.zeros((), dtype=torch.bool))

    def set_stats(self, stats):
        if self.clip:
            self.offset.fill_((self.clip_max + self.clip_min) / 2)
            self.scale.fill_((self.clip_max - self.clip_min) / 2)
        else:
            self.offset.copy_(torch.tensor(stats["mean"], dtype=torch.float32))
            self.scale.copy_(torch.tensor(stats["std"], dtype=torch.float32).clamp(min=1e-4))
        if "proprio_mean" in stats and self.proprio_mean.numel():
            self.proprio_mean.copy_(torch.tensor(stats["proprio_mean"], dtype=torch.float32)[: self.proprio_mean.numel()])
            self.proprio_std.copy_(torch.tensor(stats["proprio_std"], dtype=torch.float32)[: self.proprio_std.numel()].clamp(min=1e-4))
        self.has_stats.fill_(True)

    def require(self):
        if not bool(self.has_stats):
            raise RuntimeError("this policy has no action statistics: it cannot be evaluated or exported "
                               "(load it from a VLA Lab checkpoint, which always carries them)")

    def normalise(self, arm):
        if self.clip:
            arm = arm.clamp(self.clip_min, self.clip_max)
        return (arm - self.offset) / self.scale

    def denormalise(self, arm):
        return arm * self.scale + self.offset

    def proprio(self, robot_obs):
        return (robot_obs - self.proprio_mean) / self.proprio_std
