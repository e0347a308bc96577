"""Backbones, one file each. Every backbone exposes RoboVLMs' backbone interface:
  encode_images(images (B, cams, 3, H, W) in [-1, 1]) → vision tokens (B, N, hidden)
  embed_text(ids (B, L)) → word embeddings (B, L, hidden)   (ids ≥ the word vocabulary are ours:
                                                               action/query/bin tokens)
  forward_lm(embeds, mask, media=None) → hidden states (B, L, hidden), causal
  lm_logits(hidden) → logits over the whole token table (for discrete actions)
and `decoder_only` (vision tokens live in the LM's sequence) and `hidden`."""
from . import tiny_prefix, tiny_xattn, hf  # noqa: F401

# name: (width, vision layers, language layers, heads). Parameter counts with a small vocabulary:
# nano ≈ 1.0M (a laptop CPU in minutes), micro ≈ 6M, small ≈ 25M, base ≈ 85M, large ≈ 300M
# (the bf16 GPU throughput preset).
SIZES = {
    "nano": (128, 2, 2, 4),
    "micro": (256, 4, 4, 4),
    "small": (512, 4, 4, 8),
    "base": (768, 6, 6, 12),
    "large": (1024, 8, 16, 16),
}


def size_of(spec):
    name = spec["backbone"].get("size", "nano")
    if name not in SIZES:
        raise ValueError(f"unknown backbone.size '{name}' (one of {', '.join(SIZES)})")
    return SIZES[name]
