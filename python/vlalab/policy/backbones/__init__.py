"""Backbones, one file each. Every backbone exposes the interface RoboVLMs' backbones do:
`encode_images` (vision tokens), `embed_text` (word embeddings), `forward_lm` (the language
model over embeddings) and `lm_logits` (the LM head, for discrete actions); `decoder_only`
tells whether vision tokens live in the LM's sequence (prefix) or are cross-attended.
Size presets come from schemas/builtin-models.json (vlalab/catalog.py)."""

from ...catalog import SIZES as _PRESETS
from . import hf, tiny_prefix, tiny_xattn  # noqa: F401

# name: (width, vision layers, language layers, heads)
SIZES = {name: (p["width"], p["vision_layers"], p["language_layers"], p["heads"]) for name, p in _PRESETS.items()}
