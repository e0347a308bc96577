import torch
import torch.nn as nn


class ChunkOutput(nn.Module):
    """The last linear layer every head shares: hidden → chunk × (arm dims + gripper logit)."""

    def __init__(self, hidden, chunk, action_dim):
        super().__init__()
        self.chunk, self.action_dim = chunk, action_dim
        self.proj = nn.Linear(hidden, chunk * action_dim)

    def forward(self, h):
        out = self.proj(h).view(*h.shape[:-1], self.chunk, self.action_dim)
        return out[..., :-1], out[..., -1]


def head_sizes(spec):
    h = spec["policy"]["head"]
    return h["hidden"], h["layers"], spec["policy"]["chunk"], spec["action"]["dim"], h["dropout"]


ZERO = torch.zeros(())


def attention_heads(hidden, wanted):
    """The most heads ≤ `wanted` that divide `hidden` (as the GPT head picks them)."""
    while hidden % wanted:
        wanted -= 1
    return wanted


class HistoryContext(nn.Module):
    """What the chunk-decoder heads (flow, oft, diffusion) attend to: the per-step latents projected
    to the head's width, with learned positions over the history, layer-normed.

    For training every step t predicts its own chunk and may read latents 0..t only (the same causal
    view the GPT head has), so the queries of the B·T chunks are flattened into one batch and each
    gets the whole history with a mask. At inference only the last step's chunk is used, which
    reads every latent: `last_only` skips the T-fold copy."""

    def __init__(self, in_dim, hidden, positions):
        super().__init__()
        self.proj = nn.Linear(in_dim, hidden)
        self.pos = nn.Parameter(torch.zeros(1, positions, hidden))
        nn.init.normal_(self.pos, std=0.02)
        self.ln = nn.LayerNorm(hidden)

    def forward(self, latents, last_only=False):
        """latents (B, T, D) → context (B', T, H) and mask (bool (B', 1, 1, T) or None), B' = B·T or B."""
        b, t, _ = latents.shape
        ctx = self.ln(self.proj(latents) + self.pos[:, :t])
        if last_only:
            return ctx, None
        steps = torch.arange(t, device=latents.device)
        causal = steps[None, :] <= steps[:, None]  # (T query steps, T latents)
        mask = causal.repeat(b, 1).view(b * t, 1, 1, t)
        return ctx.repeat_interleave(t, dim=0), mask
