"""Action heads, one file each. A head maps per-step latents (B, T, D) to an action chunk per
step: arm (B, T, chunk, dim-1) and gripper logits (B, T, chunk), plus an auxiliary loss (0
except for the mixture of experts' load balancing). Generative heads (flow, diffusion) sample in forward()
and train through `train_loss` (VLAPolicy.loss)."""

from . import diffusion, flow, gpt, lstm, mlp, moe, oft  # noqa: F401
