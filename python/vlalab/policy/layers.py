"""Transformer building blocks shared by the backbones and the GPT head.

Attention is torch's fused scaled_dot_product_attention everywhere (training, evaluation and the
ONNX export, which lowers it to plain ops): every torch VLA Lab supports (2.x) has it."""

import torch
import torch.nn as nn
import torch.nn.functional as F

from ..catalog import MLP_RATIO


def attention(q, k, v, mask=None, causal=False):
    """q: (B, h, Tq, d), k/v: (B, h, Tk, d); mask: bool (B, 1|h, Tq, Tk), True = may attend."""
    if causal:
        tq, tk = q.shape[-2], k.shape[-2]
        cm = torch.ones(tq, tk, dtype=torch.bool, device=q.device).tril(tk - tq)
        mask = cm if mask is None else (mask & cm)
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask)


class MultiHeadAttention(nn.Module):
    def __init__(self, dim, heads, kv_dim=None):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(kv_dim or dim, 2 * dim)
        self.out = nn.Linear(dim, dim)

    def forward(self, x, context=None, mask=None, causal=False):
        b, t, d = x.shape
        ctx = x if context is None else context
        q = self.q(x).view(b, t, self.heads, d // self.heads).transpose(1, 2)
        k, v = self.kv(ctx).view(b, ctx.shape[1], 2, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        y = attention(q, k, v, mask=mask, causal=causal)
        return self.out(y.transpose(1, 2).reshape(b, t, d))


class Block(nn.Module):
    """Pre-norm transformer block (self-attention + MLP)."""

    def __init__(self, dim, heads, mlp_ratio=MLP_RATIO, dropout=0.0):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_ratio * dim), nn.GELU(), nn.Linear(mlp_ratio * dim, dim), nn.Dropout(dropout))

    def forward(self, x, mask=None, causal=False):
        x = x + self.attn(self.ln1(x), mask=mask, causal=causal)
        return x + self.mlp(self.ln2(x))


class DecoderBlock(nn.Module):
    """Pre-norm block for a set of query tokens that read a context (the action heads' chunk
    decoders): bidirectional self-attention among the queries — every action of a chunk sees the
    whole chunk — then cross-attention to the context, then an MLP."""

    def __init__(self, dim, heads, mlp_ratio=MLP_RATIO, dropout=0.0):
        super().__init__()
        self.ln1, self.ln2, self.ln3 = nn.LayerNorm(dim), nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.self_attn = MultiHeadAttention(dim, heads)
        self.cross_attn = MultiHeadAttention(dim, heads)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_ratio * dim), nn.GELU(), nn.Linear(mlp_ratio * dim, dim), nn.Dropout(dropout))

    def forward(self, x, context, context_mask=None):
        x = x + self.self_attn(self.ln1(x))
        x = x + self.cross_attn(self.ln2(x), context=context, mask=context_mask)
        return x + self.mlp(self.ln3(x))


class GatedCrossAttention(nn.Module):
    """Flamingo's tanh-gated cross-attention: starts as the identity (gates at 0)."""

    def __init__(self, dim, heads):
        super().__init__()
        self.ln = nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads)
        self.ff = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, MLP_RATIO * dim), nn.GELU(), nn.Linear(MLP_RATIO * dim, dim))
        self.attn_gate = nn.Parameter(torch.zeros(1))
        self.ff_gate = nn.Parameter(torch.zeros(1))

    def forward(self, x, media):
        x = x + torch.tanh(self.attn_gate) * self.attn(self.ln(x), context=media)
        return x + torch.tanh(self.ff_gate) * self.ff(x)


class PatchEmbed(nn.Module):
    """Images (B, C, H, W) → patch tokens (B, N, dim) with learned positions."""

    def __init__(self, image_size, patch, dim, channels=3):
        super().__init__()
        self.proj = nn.Conv2d(channels, dim, patch, stride=patch)
        self.pos = nn.Parameter(torch.zeros(1, (image_size // patch) ** 2, dim))
        nn.init.normal_(self.pos, std=0.02)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2) + self.pos
