"""Mixture-of-experts head: MLP experts with top-k routing per step and the Switch-Transformer
load-balancing loss (experts × Σ_e fraction_routed_e · mean_gate_probability_e; 1 when balanced),
weighted by `head.balance_weight`. Every expert runs densely and the gates zero all but the top k
(cheap at these sizes, and the exported ONNX graph has no data-dependent control flow)."""
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
        self.n = h.get("experts", 4)
        self.k = min(h.get("top_k", 2), self.n)
        self.balance_weight = h.get("balance_weight", 0.01)
        self.router = nn.Linear(in_dim, self.n)

        def expert():
            mods, d = [], in_dim
            for _ in range(layers):
                mods += [nn.Linear(d, hidden), nn.GELU(), nn.Dropout(dropout)]
                d = hidden
            return nn.Sequential(*mods)

        self.experts = nn.ModuleList(expert() for _ in range(self.n))
        self.out = ChunkOutput(hidden, chunk, adim)

    def forward(self, latents):
        probs = self.router(latents).softmax(-1)                               # (B, T, E)
        topv, topi = probs.topk(self.k, dim=-1)
        gates = torch.zeros_like(probs).scatter(-1, topi, topv / topv.sum(-1, keepdim=True))
        expert_out = torch.stack([e(latents) for e in self.experts], dim=-2)   # (B, T, E, H)
        arm, grip = self.out((gates.unsqueeze(-1) * expert_out).sum(-2))
        routed = (gates > 0).float().flatten(0, -2).mean(0) / self.k            # fraction of routings per expert
        balance = self.n * (routed * probs.flatten(0, -2).mean(0)).sum()
        return arm, grip, self.balance_weight * balance
