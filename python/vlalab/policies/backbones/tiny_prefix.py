"""`tiny-prefix`: a decoder-only VLM (the LLaVA/PaliGemma/KosMos family, trained from scratch).

A patch ViT encodes each camera image into tokens, a projector maps them into the LM's width, and
they are PREFIXED to the sequence given to a small causal transformer LM. The interface mirrors
RoboVLMs' backbone: `encode_images`, `embed_words` (word embeddings, including the discrete action
tokens), and `forward_lm(inputs_embeds, key_mask)` → hidden states.
"""
import torch
import torch.nn as nn

from ..layers import Block, PatchViT, causal_mask
from ..registry import SIZES, register_backbone


@register_backbone("tiny-prefix")
class TinyPrefix(nn.Module):
    prefix_media = True      # vision tokens go into the LM sequence
    supports_interleaved = True

    def __init__(self, vocab_size, image_size, patch, cameras, dim, vision_depth, lm_depth, heads, max_positions=512, dropout=0.0):
        super().__init__()
        self.dim = dim
        self.vit = PatchViT(image_size, patch, dim, vision_depth, heads, cameras, dropout)
        self.projector = nn.Sequential(nn.Linear(dim, dim), nn.GELU(), nn.Linear(dim, dim))
        self.wte = nn.Embedding(vocab_size, dim)
        self.wpe = nn.Parameter(torch.randn(1, max_positions, dim) * 0.02)
        self.blocks = nn.ModuleList([Block(dim, heads, dropout) for _ in range(lm_depth)])
        self.ln_f = nn.LayerNorm(dim)
        self.media_tokens = self.vit.tokens_per_camera * cameras

    @classmethod
    def from_spec(cls, spec, vocab_size):
        obs, size = spec["observation"], SIZES[spec["backbone"].get("size", "nano")]
        return cls(vocab_size, obs["image_size"], obs["patch_size"], len(obs["cameras"]), **size)

    def encode_images(self, images):
        """(N, C, 3, H, W) in [0, 1] → (N, tokens, dim)."""
        return self.projector(self.vit((images - 0.5) / 0.5))

    def embed_words(self, ids):
        return self.wte(ids)

    def forward_lm(self, x, key_mask=None, media=None):
        """x (N, L, dim) → hidden (N, L, dim); causal, padding keys masked."""
        length = int(x.shape[1])
        if length > self.wpe.shape[1]:
            raise ValueError(f"sequence of {length} tokens exceeds the backbone's {self.wpe.shape[1]} positions (lower policy.history or image tokens)")
        mask = causal_mask(length, x.device)[None, None]
        if key_mask is not None:
            mask = mask & key_mask[:, None, None, :]
        x = x + self.wpe[:, :length]
        for blk in self.blocks:
            x = blk(x, mask)
        return self.ln_f(x)
