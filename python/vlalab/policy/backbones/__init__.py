"""Backbones, one file each. Every backbone exposes the interface RoboVLMs' backbones do:
`encode_images` (vision tokens), `embed_text` (word embeddings), `forward_lm` (the language
model over embeddings) and `lm_logits` (the LM head, for discrete actions); `decoder_only`
tells whether vision tokens live in the LM's sequence (prefix) or are cross-attended."""
from . import tiny_prefix, tiny_xattn, hf  # noqa: F401

SIZES = {
    # name: (width, vision layers, language layers, heads) — nano trains on a laptop CPU in minutes,
    # large is the ~300M-parameter preset for GPU throughput measurements.
    "nano": (64, 1, 2, 4),
    "micro": (128, 2, 4, 4),
    "small": (256, 4, 6, 8),
    "base": (512, 6, 8, 8),
    "large": (1024, 8, 16, 16),
}
