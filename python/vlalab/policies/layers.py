"""Transformer building blocks shared by the built-in backbones and heads (nanoGPT-like).

torch 1.13 has no `F.scaled_dot_product_attention`: attention uses it when present (torch 2.x,
flash/memory-efficient kernels on GPU) and an explicit softmax(QK^T)V otherwise; both take the
same boolean mask (True = may attend) and give the same result.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

_SDPA = getattr(F, "scaled_dot_product_attention", None)


def attention(q, k, v, mask=None):
    """q (B,H,Lq,Dh), k/v (B,H,Lk,Dh); mask broadcastable to (B,H,Lq,Lk), True = attend."""
    if _SDPA is not None and not torch.jit.is_tracing():
        return _SDPA(q, k, v, attn_mask=mask)
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if mask is not None:
        scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
    return torch.softmax(scores, dim=-1) @ v


class MultiHeadAttention(nn.Module):
    def __init__(self, dim, heads, kv_dim=None, dropout=0.0):
        super().__init__()
        assert dim % heads == 0, f"width {dim} is not divisible by {heads} heads"
        self.heads = heads
        self.q = nn.Linear(dim, dim)
        self.kv = nn.Linear(kv_dim or dim, 2 * dim)
        self.out = nn.Linear(dim, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, context=None, mask=None):
        context = x if context is None else context
        b, lq, d = x.shape
        lk = context.shape[1]
        h = self.heads
        q = self.q(x).view(b, lq, h, d // h).transpose(1, 2)
        k, v = self.kv(context).view(b, lk, 2, h, d // h).permute(2, 0, 3, 1, 4)
        y = attention(q, k, v, mask).transpose(1, 2).reshape(b, lq, d)
        return self.drop(self.out(y))


class MLP(nn.Module):
    def __init__(self, dim, hidden=None, dropout=0.0):
        super().__init__()
        self.fc = nn.Linear(dim, hidden or 4 * dim)
        self.proj = nn.Linear(hidden or 4 * dim, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x):
        return self.drop(self.proj(F.gelu(self.fc(x))))


class Block(nn.Module):
    """Pre-norm transformer block: self-attention then MLP."""

    def __init__(self, dim, heads, dropout=0.0):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads, dropout=dropout)
        self.ln2 = nn.LayerNorm(dim)
        self.mlp = MLP(dim, dropout=dropout)

    def forward(self, x, mask=None):
        x = x + self.attn(self.ln1(x), mask=mask)
        return x + self.mlp(self.ln2(x))


class GatedCrossAttention(nn.Module):
    """Flamingo's gated xattn-dense layer: tanh gates start at 0, so the LM starts as text-only."""

    def __init__(self, dim, heads, dropout=0.0):
        super().__init__()
        self.ln1 = nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads, dropout=dropout)
        self.ln2 = nn.LayerNorm(dim)
        self.mlp = MLP(dim, dropout=dropout)
        self.attn_gate = nn.Parameter(torch.zeros(1))
        self.mlp_gate = nn.Parameter(torch.zeros(1))

    def forward(self, x, media):
        x = x + torch.tanh(self.attn_gate) * self.attn(self.ln1(x), context=media)
        return x + torch.tanh(self.mlp_gate) * self.mlp(self.ln2(x))


class PatchViT(nn.Module):
    """A small ViT: non-overlapping patches → linear → learned positions (+ camera embedding) → blocks."""

    def __init__(self, image_size, patch, dim, depth, heads, cameras=1, dropout=0.0):
        super().__init__()
        if image_size % patch:
            raise ValueError(f"observation.image_size {image_size} is not a multiple of observation.patch_size {patch}")
        self.patch = patch
        self.grid = image_size // patch
        self.proj = nn.Conv2d(3, dim, patch, stride=patch)
        self.pos = nn.Parameter(torch.randn(1, self.grid * self.grid, dim) * 0.02)
        self.cam = nn.Parameter(torch.randn(cameras, 1, dim) * 0.02)
        self.blocks = nn.ModuleList([Block(dim, heads, dropout) for _ in range(depth)])
        self.ln = nn.LayerNorm(dim)

    @property
    def tokens_per_camera(self):
        return self.grid * self.grid

    def forward(self, images):
        """images (N, C, 3, H, W) float → (N, C * grid², dim)."""
        n, c = images.shape[:2]
        x = self.proj(images.flatten(0, 1)).flatten(2).transpose(1, 2) + self.pos  # (N*C, P, D)
        x = x.view(n, c, -1, x.shape[-1]) + self.cam[:c].unsqueeze(0)
        x = x.flatten(1, 2)
        for blk in self.blocks:
            x = blk(x)
        return self.ln(x)


def causal_mask(length, device):
    return torch.ones(length, length, dtype=torch.bool, device=device).tril()
