"""What every head shares: the output layer hidden → chunk × (arm dims + gripper logit)."""
import torch.nn as nn


class ChunkOutput(nn.Module):
    def __init__(self, hidden, chunk, action_dim):
        super().__init__()
        self.chunk, self.action_dim = chunk, action_dim
        self.proj = nn.Linear(hidden, chunk * action_dim)

    def forward(self, h):
        out = self.proj(h).view(*h.shape[:-1], self.chunk, self.action_dim)
        return out[..., :-1], out[..., -1]


def head_sizes(spec):
    h = spec["policy"]["head"]
    return h.get("hidden", 256), h.get("layers", 2), spec["policy"]["chunk"], spec["action"]["dim"], h.get("dropout", 0.0)
