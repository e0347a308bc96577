"""Name → constructor tables for backbones and heads (timm-style: a module registers itself with a
decorator; `create_*` imports the packages so every built-in is registered)."""
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
    from . import backbones, heads  # noqa: F401  (importing runs the register_* decorators)


def backbone_key(backbone_id):
    """`hf:<path>` → `hf`; anything else is its own key."""
    return "hf" if backbone_id.startswith("hf:") else backbone_id


def create_backbone(spec, vocab_size, extra_tokens, words=None):
    _load_all()
    bid = spec["backbone"]["id"]
    key = backbone_key(bid)
    if key not in BACKBONES:
        raise ValueError(f"unknown backbone '{bid}' (built in: {', '.join(sorted(BACKBONES))}, hf:<local path>)")
    return BACKBONES[key](spec, vocab_size, extra_tokens, words=words)


def create_head(spec, in_dim):
    _load_all()
    kind = spec["policy"]["head"]["type"]
    if kind not in HEADS:
        raise ValueError(f"unknown head '{kind}' (built in: {', '.join(sorted(HEADS))})")
    return HEADS[kind](spec, in_dim)
