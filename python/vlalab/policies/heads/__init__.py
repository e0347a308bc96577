"""Action heads, one module each. Every head maps latents (B, T, D) — one per history step — to
(B, T, chunk, action_dim) causally (step t sees steps ≤ t), and exposes `aux_loss` (0 unless MoE)."""
from . import gpt, lstm, mlp, moe  # noqa: F401
