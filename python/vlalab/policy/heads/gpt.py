"""GPT head (RoboVLMs' GPTDecoder): a small causal transformer over the history of latents."""

import torch
import torch.nn as nn

from ...catalog import head as catalog_entry
from ..layers import Block
from ..registry import register_head
from .base import ChunkOutput, head_sizes


@register_head("gpt")
class GPTHead(nn.Module):
    def __init__(self, spec, in_dim):
        super().__init__()
        hidden, layers, chunk, adim, dropout = head_sizes(spec)
        heads = spec["policy"]["head"]["heads"]
        while hidden % heads:
            heads -= 1
        self.inp = nn.Linear(in_dim, hidden)
        self.pos = nn.Parameter(torch.zeros(1, catalog_entry("gpt")["positions"], hidden))
        self.blocks = nn.ModuleList(Block(hidden, heads, dropout=dropout) for _ in range(layers))
        self.ln = nn.LayerNorm(hidden)
        self.out = ChunkOutput(hidden, chunk, adim)

    def forward(self, latents):
        x = self.inp(latents) + self.pos[:, : latents.shape[1]]
        for blk in self.blocks:
            x = blk(x, causal=True)
        arm, grip = self.out(self.ln(x))
        return arm, grip, latents.new_zeros(())
