"""Name → constructor tables for backbones and heads (timm-style: a module registers itself)."""

BACKBONES = {}
HEADS = {}


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
    # Importing the packages runs their register_* decorators.
    from . import backbones, heads  # noqa: F401


def create_backbone(spec, vocab_size, extra_tokens):
    _load_all()
    bid = spec["backbone"]["id"]
    key = "hf" if bid.startswith("hf:") else bid
    if key not in BACKBONES:
        raise ValueError(f"unknown backbone '{bid}' (built in: {', '.join(sorted(BACKBONES))})")
    return BACKBONES[key](spec, vocab_size, extra_tokens)


def create_head(spec, in_dim):
    _load_all()
    kind = spec["policy"]["head"]["type"]
    if kind not in HEADS:
        raise ValueError(f"unknown head '{kind}' (built in: {', '.join(sorted(HEADS))})")
    return HEADS[kind](spec, in_dim)
