"""`mlp` head (RoboVLMs' FCDecoder): each step's latent → its action chunk; no temporal mixing."""
import torch
import torch.nn as nn

from ..registry import register_head


def mlp_stack(in_dim, hidden, out_dim, layers, dropout=0.0):
    mods, d = [], in_dim
    for _ in range(max(0, layers - 1)):
        mods += [nn.Linear(d, hidden), nn.GELU(), nn.Dropout(dropout)]
        d = hidden
    mods.append(nn.Linear(d, out_dim))
    return nn.Sequential(*mods)


@register_head("mlp")
class MLPHead(nn.Module):
    def __init__(self, in_dim, out_dim, chunk, hidden=256, layers=2, dropout=0.0):
        super().__init__()
        self.chunk, self.out_dim = chunk, out_dim
        self.net = mlp_stack(in_dim, hidden, chunk * out_dim, layers, dropout)
        self.aux_loss = torch.zeros(())

    @classmethod
    def from_spec(cls, h, in_dim, out_dim, history):
        return cls(in_dim, out_dim, h["_chunk"], h.get("hidden", 256), h.get("layers", 2), h.get("dropout", 0.0))

    def forward(self, z):
        b, t, _ = z.shape
        return self.net(z).view(b, t, self.chunk, self.out_dim)
