"""OFT head: parallel decoding of the action chunk (OpenVLA-OFT, Kim et al. 2025).

`chunk` learned action queries — one per future step — attend to each other bidirectionally and to
the backbone's latents of the history (HistoryContext), and one pass regresses the whole chunk.
OFT trains it with an L1 loss (set action.arm_loss to "l1"): as good as diffusion on LIBERO in its
ablations, and one forward pass instead of an iterative sampler. Deterministic: on multimodal
demonstrations it predicts one action between the modes (the median under L1, the mean under MSE)."""

import torch
import torch.nn as nn

from ...catalog import head as catalog_entry
from ..layers import DecoderBlock
from ..registry import register_head
from .base import HistoryContext, attention_heads, head_sizes


@register_head("oft")
class OFTHead(nn.Module):
    def __init__(self, spec, in_dim):
        super().__init__()
        hidden, layers, chunk, adim, dropout = head_sizes(spec)
        heads = attention_heads(hidden, spec["policy"]["head"]["heads"])
        self.chunk, self.action_dim = chunk, adim
        self.context = HistoryContext(in_dim, hidden, catalog_entry("oft")["positions"])
        self.queries = nn.Parameter(torch.zeros(1, chunk, hidden))
        nn.init.normal_(self.queries, std=0.02)
        self.blocks = nn.ModuleList(DecoderBlock(hidden, heads, dropout=dropout) for _ in range(layers))
        self.ln = nn.LayerNorm(hidden)
        self.out = nn.Linear(hidden, adim)  # per query: arm dims + gripper logit

    def forward(self, latents):
        b, t = latents.shape[:2]
        ctx, mask = self.context(latents)
        h = self.queries.expand(ctx.shape[0], -1, -1)
        for blk in self.blocks:
            h = blk(h, ctx, mask)
        out = self.out(self.ln(h)).view(b, t, self.chunk, self.action_dim)
        return out[..., :-1], out[..., -1], latents.new_zeros(())
