"""Action heads, one file each. A head maps per-step latents (B, T, D) to an action chunk per
step: arm (B, T, chunk, dim-1) (normalised units), gripper logits (B, T, chunk), and an auxiliary
loss (0 except for the mixture of experts' load balancing). Recurrent/attention heads are causal
over T, so the output at step t only sees latents 1..t (what the robot has seen at that time)."""
from . import mlp, lstm, gpt, moe  # noqa: F401
