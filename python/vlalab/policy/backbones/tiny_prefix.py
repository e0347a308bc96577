"""tiny-prefix: patch ViT → projected vision tokens prefixed to a small causal transformer LM
(the decoder-only family of LLaVA, PaliGemma, KosMos, Qwen-VL, MoonDream, UForm)."""

import torch
import torch.nn as nn

from ...catalog import backbone as catalog_entry
from ..layers import Block, PatchEmbed
from ..registry import register_backbone
from ..tokenizer import ConfigError


@register_backbone("tiny-prefix")
class TinyPrefix(nn.Module):
    decoder_only = True

    def __init__(self, spec, vocab_size, extra_tokens=0):
        super().__init__()
        from . import SIZES

        dim, vis_layers, lm_layers, heads = SIZES[spec["backbone"]["size"]]
        obs = spec["observation"]
        self.hidden = dim
        self.heads = heads
        self.cameras = len(obs["cameras"])
        self.patch = PatchEmbed(obs["image_size"], obs["patch_size"], dim)
        self.camera_embed = nn.Parameter(torch.zeros(self.cameras, 1, dim))
        self.vit = nn.ModuleList(Block(dim, heads) for _ in range(vis_layers))
        self.vision_proj = nn.Sequential(nn.LayerNorm(dim), nn.Linear(dim, dim))
        self.tok = nn.Embedding(vocab_size + extra_tokens, dim)
        nn.init.normal_(self.tok.weight, std=0.02)  # tied with the LM head: keep initial logits small
        self.pos = nn.Parameter(torch.zeros(1, catalog_entry("tiny-prefix")["positions"], dim))
        nn.init.normal_(self.pos, std=0.02)
        self.lm = nn.ModuleList(Block(dim, heads) for _ in range(lm_layers))
        self.ln_f = nn.LayerNorm(dim)

    def encode_images(self, images):
        """images (B, cams, 3, H, W) in [-1, 1] → vision tokens (B, cams*N, dim)."""
        b = images.shape[0]
        x = self.patch(images.flatten(0, 1))  # (B*cams, N, dim)
        for blk in self.vit:
            x = blk(x)
        x = x.view(b, self.cameras, x.shape[1], -1) + self.camera_embed
        return self.vision_proj(x.flatten(1, 2))

    def embed_text(self, ids):
        return self.tok(ids)

    def forward_lm(self, embeds, mask=None, media=None):
        """Causal LM over (B, T, dim) embeddings; `mask` (B, T) bool marks real (non-pad) positions."""
        if embeds.shape[1] > self.pos.shape[1]:
            # the spec validator's spec/sequence-exceeds-positions says the same before a run starts
            raise ConfigError(
                f"this spec's sequences are {embeds.shape[1]} tokens long but tiny-prefix has {self.pos.shape[1]} "
                "positions: reduce policy.history, observation.image_size or cameras, or use the policy-head formulation"
            )
        x = embeds + self.pos[:, : embeds.shape[1]]
        attn_mask = None if mask is None else mask[:, None, None, :]
        for blk in self.lm:
            x = blk(x, mask=attn_mask, causal=True)
        return self.ln_f(x)

    def lm_logits(self, h):
        return h @ self.tok.weight.t()
