"""MLP head (RoboVLMs' FCDecoder): each step's latent → its action chunk; no temporal model."""

import torch.nn as nn

from ..registry import register_head
from .base import ChunkOutput, head_sizes


@register_head("mlp")
class MLPHead(nn.Module):
    def __init__(self, spec, in_dim):
        super().__init__()
        hidden, layers, chunk, adim, dropout = head_sizes(spec)
        mods, d = [], in_dim
        for _ in range(layers):
            mods += [nn.Linear(d, hidden), nn.GELU(), nn.Dropout(dropout)]
            d = hidden
        self.net = nn.Sequential(*mods)
        self.out = ChunkOutput(d, chunk, adim)

    def forward(self, latents):
        arm, grip = self.out(self.net(latents))
        return arm, grip, latents.new_zeros(())
