"""tiny-xattn: Flamingo-style. A patch ViT, a perceiver resampler that compresses each frame's
vision tokens into a few latents, and a causal LM over the text whose blocks are preceded by
tanh-gated cross-attention to those latents. Vision tokens never enter the LM's sequence, which
is why this family cannot interleave observations and actions (as in RoboVLMs)."""
import torch
import torch.nn as nn

from ..layers import Block, GatedCrossAttention, MultiHeadAttention
from ..registry import register_backbone
from .tiny_prefix import PatchViT, _param_groups

MAX_POSITIONS = 256


class PerceiverResampler(nn.Module):
    """Learned latents attend to [media; latents] (Flamingo's resampler, one layer)."""

    def __init__(self, dim, heads, latents=8):
        super().__init__()
        self.latents = nn.Parameter(torch.randn(1, latents, dim) * 0.02)
        self.attn = MultiHeadAttention(dim, heads)
        self.ln_media, self.ln_latents = nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.ff = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))

    def forward(self, media):
        lat = self.latents.expand(media.shape[0], -1, -1)
        ctx = torch.cat([self.ln_media(media), self.ln_latents(lat)], dim=1)
        lat = lat + self.attn(self.ln_latents(lat), context=ctx)
        return lat + self.ff(lat)


@register_backbone("tiny-xattn")
class TinyXAttn(nn.Module):
    decoder_only = False

    def __init__(self, spec, vocab_size, extra_tokens=0, words=None):
        super().__init__()
        from . import size_of
        dim, vis_layers, lm_layers, heads = size_of(spec)
        obs = spec["observation"]
        self.hidden = dim
        self.vision = PatchViT(obs["image_size"], obs["patch_size"], dim, vis_layers, heads, len(obs["cameras"]))
        self.resampler = PerceiverResampler(dim, heads)
        self.tok = nn.Embedding(vocab_size + extra_tokens, dim)
        nn.init.normal_(self.tok.weight, std=0.02)
        self.pos = nn.Parameter(torch.zeros(1, MAX_POSITIONS, dim))
        nn.init.normal_(self.pos, std=0.02)
        self.xattn = nn.ModuleList(GatedCrossAttention(dim, heads) for _ in range(lm_layers))
        self.lm = nn.ModuleList(Block(dim, heads) for _ in range(lm_layers))
        self.ln_f = nn.LayerNorm(dim)

    def encode_images(self, images):
        return self.resampler(self.vision(images))

    def embed_text(self, ids):
        return self.tok(ids)

    def forward_lm(self, embeds, mask=None, media=None):
        if embeds.shape[1] > MAX_POSITIONS:
            raise ValueError(f"sequence of {embeds.shape[1]} tokens exceeds tiny-xattn's {MAX_POSITIONS} positions")
        x = embeds + self.pos[:, : embeds.shape[1]]
        attn_mask = None if mask is None else mask[:, None, None, :]
        for xa, blk in zip(self.xattn, self.lm):
            if media is not None:
                x = xa(x, media)
            x = blk(x, mask=attn_mask, causal=True)
        return self.ln_f(x)

    def lm_logits(self, h):
        return h @ self.tok.weight.t()


TinyXAttn.param_groups = _param_groups
