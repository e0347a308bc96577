"""timm-like registries: `@register_backbone("tiny-prefix")`, `@register_head("lstm")`.

Backbones and heads are one module each under backbones/ and heads/; creating one imports them
all so the registries are full. `hf:<path>` backbones resolve to the `hf` entry.
"""
BACKBONES = {}
HEADS = {}

# Size presets of the built-in backbones: width, vision depth, LM depth, heads.
SIZES = {
    "nano": dict(dim=128, vision_depth=1, lm_depth=2, heads=4),      # ~1M parameters
    "micro": dict(dim=256, vision_depth=2, lm_depth=4, heads=4),     # ~5M
    "small": dict(dim=384, vision_depth=4, lm_depth=8, heads=6),     # ~22M
    "base": dict(dim=768, vision_depth=6, lm_depth=6, heads=12),     # ~86M
    "large": dict(dim=1024, vision_depth=8, lm_depth=16, heads=16),  # ~300M
}


def register_backbone(name):
    def deco(cls):
        BACKBONES[name] = cls
        return cls
    return deco


def register_head(name):
    def deco(cls):
        HEADS[name] = cls
        return cls
    return deco


def _load_all():
    from . import backbones, heads  # noqa: F401  (fills the registries)


def create_backbone(spec, vocab_size, extra_tokens=0):
    _load_all()
    bid = spec["backbone"]["id"]
    key = "hf" if bid.startswith("hf:") else bid
    if key not in BACKBONES:
        raise ValueError(f"backbone.id '{bid}' is not a built-in backbone (use one of {', '.join(sorted(k for k in BACKBONES if k != 'hf'))} or hf:<path>); "
                         "RoboVLMs backbones need backend 'robovlms'")
    return BACKBONES[key].from_spec(spec, vocab_size + extra_tokens)


def create_head(spec, in_dim, out_dim):
    _load_all()
    h = spec["policy"]["head"]
    if h["type"] not in HEADS:
        raise ValueError(f"policy.head.type '{h['type']}' is unknown (one of {', '.join(sorted(HEADS))})")
    return HEADS[h["type"]].from_spec(h, in_dim, out_dim, spec["policy"]["history"])
