"""`gpt` head (RoboVLMs' GPTDecoder): a small causal transformer over the history of latents."""
import torch
import torch.nn as nn

from ..layers import Block, causal_mask
from ..registry import register_head


@register_head("gpt")
class GPTHead(nn.Module):
    def __init__(self, in_dim, out_dim, chunk, history, hidden=256, layers=2, heads=4, dropout=0.0):
        super().__init__()
        self.chunk, self.out_dim = chunk, out_dim
        heads = heads if hidden % heads == 0 else 1
        self.inp = nn.Linear(in_dim, hidden)
        self.pos = nn.Parameter(torch.randn(1, max(history, 1), hidden) * 0.02)
        self.blocks = nn.ModuleList([Block(hidden, heads, dropout) for _ in range(layers)])
        self.ln = nn.LayerNorm(hidden)
        self.out = nn.Linear(hidden, chunk * out_dim)
        self.aux_loss = torch.zeros(())

    @classmethod
    def from_spec(cls, h, in_dim, out_dim, history):
        return cls(in_dim, out_dim, h["_chunk"], history, h.get("hidden", 256), h.get("layers", 2), h.get("heads", 4), h.get("dropout", 0.0))

    def forward(self, z):
        b, t, _ = z.shape
        x = self.inp(z) + self.pos[:, -t:]  # right-aligned: the current step always has the last position
        mask = causal_mask(t, z.device)[None, None]
        for blk in self.blocks:
            x = blk(x, mask)
        return self.out(self.ln(x)).view(b, t, self.chunk, self.out_dim)
