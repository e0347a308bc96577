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
