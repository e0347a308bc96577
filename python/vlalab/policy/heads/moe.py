"""Mixture-of-experts head: MLP experts with top-k routing per step and the Switch-Transformer
load-balancing loss (experts × Σ fraction_routed · mean_gate_probability), weighted by
`head.balance_weight`. Dense compute over experts (cheap at these sizes, and ONNX-exportable)."""

import torch
import torch.nn as nn

from ..registry import register_head
from .base import ChunkOutput, head_sizes


@register_head("moe")
class MoEHead(nn.Module):
    def __init__(self, spec, in_dim):
        super().__init__()
        hidden, layers, chunk, adim, dropout = head_sizes(spec)
        h = spec["policy"]["head"]
        self.k = min(h["top_k"], h["experts"])
        self.n = h["experts"]
        self.balance_weight = h["balance_weight"]
        self.router = nn.Linear(in_dim, self.n)
        self.experts = nn.ModuleList(
            nn.Sequential(nn.Linear(in_dim, hidden), nn.GELU(), nn.Dropout(dropout), nn.Linear(hidden, hidden), nn.GELU())
            for _ in range(self.n)
        )
        self.out = ChunkOutput(hidden, chunk, adim)

    def forward(self, latents):
        probs = self.router(latents).softmax(-1)  # (B, T, E)
        topv, topi = probs.topk(self.k, dim=-1)
        gates = torch.zeros_like(probs).scatter(-1, topi, topv / topv.sum(-1, keepdim=True))
        expert_out = torch.stack([e(latents) for e in self.experts], dim=-2)  # (B, T, E, H)
        mixed = (gates.unsqueeze(-1) * expert_out).sum(-2)
        arm, grip = self.out(mixed)
        routed = (gates > 0).float().flatten(0, -2).mean(0)  # fraction of tokens per expert
        balance = self.n * (routed * probs.flatten(0, -2).mean(0)).sum()
        return arm, grip, self.balance_weight * balance
