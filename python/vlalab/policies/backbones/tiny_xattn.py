"""`tiny-xattn`: a Flamingo-style VLM trained from scratch.

A patch ViT encodes the images; a perceiver resampler compresses its tokens into a few media
latents; the causal LM sees only text (and action-query) tokens, and every LM block is preceded
by a gated tanh cross-attention layer onto the media latents (gates start at zero). Like
RoboVLMs' Flamingo, it has no interleaved formulation (observations are not in the sequence).
"""
import torch
import torch.nn as nn

from ..layers import MLP, Block, GatedCrossAttention, MultiHeadAttention, PatchViT, causal_mask
from ..registry import SIZES, register_backbone


class PerceiverResampler(nn.Module):
    def __init__(self, dim, heads, latents=8, depth=1):
        super().__init__()
        self.latents = nn.Parameter(torch.randn(1, latents, dim) * 0.02)
        self.layers = nn.ModuleList([nn.ModuleList([nn.LayerNorm(dim), MultiHeadAttention(dim, heads), nn.LayerNorm(dim), MLP(dim)]) for _ in range(depth)])
        self.ln = nn.LayerNorm(dim)

    def forward(self, tokens):
        x = self.latents.expand(tokens.shape[0], -1, -1)
        for ln_kv, attn, ln_ff, ff in self.layers:
            kv = ln_kv(torch.cat([tokens, x], dim=1))  # Flamingo: latents attend to [media; latents]
            x = x + attn(x, context=kv)
            x = x + ff(ln_ff(x))
        return self.ln(x)


@register_backbone("tiny-xattn")
class TinyXAttn(nn.Module):
    prefix_media = False     # media reach the LM through cross-attention only
    supports_interleaved = False

    def __init__(self, vocab_size, image_size, patch, cameras, dim, vision_depth, lm_depth, heads, max_positions=256, latents=8, dropout=0.0):
        super().__init__()
        self.dim = dim
        self.vit = PatchViT(image_size, patch, dim, vision_depth, heads, cameras, dropout)
        self.resampler = PerceiverResampler(dim, heads, latents)
        self.wte = nn.Embedding(vocab_size, dim)
        self.wpe = nn.Parameter(torch.randn(1, max_positions, dim) * 0.02)
        self.blocks = nn.ModuleList([Block(dim, heads, dropout) for _ in range(lm_depth)])
        self.xattn = nn.ModuleList([GatedCrossAttention(dim, heads, dropout) for _ in range(lm_depth)])
        self.ln_f = nn.LayerNorm(dim)
        self.media_tokens = latents

    @classmethod
    def from_spec(cls, spec, vocab_size):
        obs, size = spec["observation"], SIZES[spec["backbone"].get("size", "nano")]
        return cls(vocab_size, obs["image_size"], obs["patch_size"], len(obs["cameras"]), **size)

    def encode_images(self, images):
        return self.resampler(self.vit((images - 0.5) / 0.5))

    def embed_words(self, ids):
        return self.wte(ids)

    def forward_lm(self, x, key_mask=None, media=None):
        length = int(x.shape[1])
        if length > self.wpe.shape[1]:
            raise ValueError(f"sequence of {length} tokens exceeds the backbone's {self.wpe.shape[1]} positions")
        mask = causal_mask(length, x.device)[None, None]
        if key_mask is not None:
            mask = mask & key_mask[:, None, None, :]
        x = x + self.wpe[:, :length]
        for blk, xa in zip(self.blocks, self.xattn):
            x = xa(x, media)
            x = blk(x, mask)
        return self.ln_f(x)
