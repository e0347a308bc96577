"""tiny-xattn: Flamingo-style. A patch ViT, a perceiver resampler that compresses each frame's
vision tokens into a few latents, and a causal LM over the text whose blocks are preceded by
tanh-gated cross-attention to those latents. Vision tokens never enter the LM's sequence, which
is why this family cannot interleave observations and actions."""

import torch
import torch.nn as nn

from ...catalog import MLP_RATIO
from ...catalog import backbone as catalog_entry
from ..layers import Block, GatedCrossAttention, MultiHeadAttention, PatchEmbed
from ..registry import register_backbone


class PerceiverResampler(nn.Module):
    def __init__(self, dim, heads, latents):
        super().__init__()
        self.latents = nn.Parameter(torch.randn(1, latents, dim) * 0.02)
        self.attn = MultiHeadAttention(dim, heads)
        self.ln_media, self.ln_latents = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.ff = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, MLP_RATIO * dim), nn.GELU(), nn.Linear(MLP_RATIO * dim, dim))

    def forward(self, media):
        lat = self.latents.expand(media.shape[0], -1, -1)
        ctx = torch.cat([self.ln_media(media), self.ln_latents(lat)], dim=1)
        lat = lat + self.attn(self.ln_latents(lat), context=ctx)
        return lat + self.ff(lat)


@register_backbone("tiny-xattn")
class TinyXAttn(nn.Module):
    decoder_only = False

    def __init__(self, spec, vocab_size, extra_tokens=0):
        super().__init__()
        from . import SIZES

        dim, vis_layers, lm_layers, heads = SIZES[spec["backbone"]["size"]]
        obs = spec["observation"]
        self.hidden = dim
        self.cameras = len(obs["cameras"])
        self.patch = PatchEmbed(obs["image_size"], obs["patch_size"], dim)
        self.camera_embed = nn.Parameter(torch.zeros(self.cameras, 1, dim))
        self.vit = nn.ModuleList(Block(dim, heads) for _ in range(vis_layers))
        self.resampler = PerceiverResampler(dim, heads, catalog_entry("tiny-xattn")["resampler_latents"])
        self.tok = nn.Embedding(vocab_size + extra_tokens, dim)
        nn.init.normal_(self.tok.weight, std=0.02)  # tied with the LM head: keep initial logits small
        self.pos = nn.Parameter(torch.zeros(1, catalog_entry("tiny-xattn")["positions"], dim))
        nn.init.normal_(self.pos, std=0.02)
        self.xattn = nn.ModuleList(GatedCrossAttention(dim, heads) for _ in range(lm_layers))
        self.lm = nn.ModuleList(Block(dim, heads) for _ in range(lm_layers))
        self.ln_f = nn.LayerNorm(dim)

    def encode_images(self, images):
        b = images.shape[0]
        x = self.patch(images.flatten(0, 1))
        for blk in self.vit:
            x = blk(x)
        x = x.view(b, self.cameras, x.shape[1], -1) + self.camera_embed
        return self.resampler(x.flatten(1, 2))

    def embed_text(self, ids):
        return self.tok(ids)

    def forward_lm(self, embeds, mask=None, media=None):
        x = embeds + self.pos[:, : embeds.shape[1]]
        attn_mask = None if mask is None else mask[:, None, None, :]
        for xa, blk in zip(self.xattn, self.lm):
            if media is not None:
                x = xa(x, media)
            x = blk(x, mask=attn_mask, causal=True)
        return self.ln_f(x)

    def lm_logits(self, h):
        return h @ self.tok.weight.t()
