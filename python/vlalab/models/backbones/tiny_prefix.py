"""tiny-prefix: patch ViT → projected vision tokens prefixed to a small causal transformer LM
(the decoder-only family of LLaVA, PaliGemma, KosMos, Qwen-VL, MoonDream, UForm)."""
import torch
import torch.nn as nn

from ..layers import Block, PatchEmbed
from ..registry import register_backbone

MAX_POSITIONS = 1024


class PatchViT(nn.Module):
    """Per-camera patch ViT; a learned camera embedding tells the cameras apart."""

    def __init__(self, image_size, patch, dim, layers, heads, cameras):
        super().__init__()
        self.cameras = cameras
        self.patch = PatchEmbed(image_size, patch, dim)
        self.camera_embed = nn.Parameter(torch.zeros(cameras, 1, dim))
        self.blocks = nn.ModuleList(Block(dim, heads) for _ in range(layers))
        self.ln = nn.LayerNorm(dim)

    def forward(self, images):
        """(B, cams, 3, H, W) → (B, cams * N, dim)."""
        b = images.shape[0]
        x = self.patch(images.flatten(0, 1))
        x = (x.view(b, self.cameras, x.shape[1], -1) + self.camera_embed).flatten(1, 2)
        for blk in self.blocks:
            x = blk(x)
        return self.ln(x)


@register_backbone("tiny-prefix")
class TinyPrefix(nn.Module):
    decoder_only = True

    def __init__(self, spec, vocab_size, extra_tokens=0, words=None):
        super().__init__()
        from . import size_of
        dim, vis_layers, lm_layers, heads = size_of(spec)
        obs = spec["observation"]
        self.hidden = dim
        self.vision = PatchViT(obs["image_size"], obs["patch_size"], dim, vis_layers, heads, len(obs["cameras"]))
        self.vision_proj = nn.Linear(dim, dim)
        self.tok = nn.Embedding(vocab_size + extra_tokens, dim)
        nn.init.normal_(self.tok.weight, std=0.02)  # tied with the LM head: keep initial logits small
        self.pos = nn.Parameter(torch.zeros(1, MAX_POSITIONS, dim))
        nn.init.normal_(self.pos, std=0.02)
        self.lm = nn.ModuleList(Block(dim, heads) for _ in range(lm_layers))
        self.ln_f = nn.LayerNorm(dim)

    def encode_images(self, images):
        return self.vision_proj(self.vision(images))

    def embed_text(self, ids):
        return self.tok(ids)

    def forward_lm(self, embeds, mask=None, media=None):
        """Causal LM over (B, L, dim) embeddings; `mask` (B, L) bool marks real (non-pad) positions."""
        if embeds.shape[1] > MAX_POSITIONS:
            raise ValueError(f"sequence of {embeds.shape[1]} tokens exceeds tiny-prefix's {MAX_POSITIONS} positions (lower history or image_size)")
        x = embeds + self.pos[:, : embeds.shape[1]]
        attn_mask = None if mask is None else mask[:, None, None, :]
        for blk in self.lm:
            x = blk(x, mask=attn_mask, causal=True)
        return self.ln_f(x)

    def lm_logits(self, h):
        return h @ self.tok.weight.t()


def _param_groups(self):
    """vision / language / text_embedding parameters (backbone.train switches each on or off)."""
    vision = list(self.vision.parameters()) + [p for n, p in self.named_parameters() if n.startswith(("vision_proj", "resampler"))]
    text = list(self.tok.parameters())
    ids = {id(p) for p in vision + text}
    return {"vision": vision, "text_embedding": text, "language": [p for p in self.parameters() if id(p) not in ids]}


TinyPrefix.param_groups = _param_groups
