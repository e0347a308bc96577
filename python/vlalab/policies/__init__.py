"""Built-in VLA policies: backbones × formulations × heads (RoboVLMs' design space)."""
from .registry import BACKBONES, HEADS, SIZES, create_backbone, create_head  # noqa: F401
from .tokenizer import WordTokenizer  # noqa: F401
from .vla import VLAPolicy  # noqa: F401
