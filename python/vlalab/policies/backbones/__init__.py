"""Built-in backbones, one module each (importing registers them)."""
from . import hf, tiny_prefix, tiny_xattn  # noqa: F401
