"""`moe` head: MLP experts with top-k routing per step and a Switch-style load-balancing loss.

aux_loss = experts · Σ_e (fraction of routing slots taken by e) · (mean router probability of e);
the trainer adds it × `head.balance_weight`. The experts are tiny, so all are evaluated and gated
(sparse by top-k weights): same result as dispatching, and traceable for ONNX.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from ..registry import register_head
from .mlp import mlp_stack


@register_head("moe")
class MoEHead(nn.Module):
    def __init__(self, in_dim, out_dim, chunk, hidden=256, layers=2, experts=4, top_k=2, dropout=0.0):
        super().__init__()
        self.chunk, self.out_dim = chunk, out_dim
        self.top_k = min(top_k, experts)
        self.router = nn.Linear(in_dim, experts)
        self.experts = nn.ModuleList([mlp_stack(in_dim, hidden, chunk * out_dim, layers, dropout) for _ in range(experts)])
        self.aux_loss = torch.zeros(())

    @classmethod
    def from_spec(cls, h, in_dim, out_dim, history):
        return cls(in_dim, out_dim, h["_chunk"], h.get("hidden", 256), h.get("layers", 2), h.get("experts", 4), h.get("top_k", 2), h.get("dropout", 0.0))

    def forward(self, z):
        b, t, d = z.shape
        x = z.reshape(b * t, d)
        probs = F.softmax(self.router(x), dim=-1)                      # (N, E)
        top_p, top_i = probs.topk(self.top_k, dim=-1)
        gates = torch.zeros_like(probs).scatter(1, top_i, top_p / top_p.sum(-1, keepdim=True))
        outs = torch.stack([e(x) for e in self.experts], dim=1)        # (N, E, chunk*out)
        y = (gates.unsqueeze(-1) * outs).sum(1)
        routed = torch.zeros_like(probs).scatter(1, top_i, 1.0).mean(0) / self.top_k
        self.aux_loss = len(self.experts) * (routed * probs.mean(0)).sum()
        return y.view(b, t, self.chunk, self.out_dim)
