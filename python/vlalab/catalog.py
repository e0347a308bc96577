"""The model catalogue (schemas/builtin-models.json, shared with the TypeScript side): built-in
backbone ids and their architecture, size presets, head types and fixed layer sizes. Read by path,
like the experiment schema (trainer/spec.py), so Python and TypeScript never disagree on a preset."""

import json
import os

CATALOG_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "schemas", "builtin-models.json")

with open(CATALOG_PATH, encoding="utf-8") as _f:
    CATALOG = json.load(_f)


def _entries(table):
    return {k: v for k, v in table.items() if not k.startswith("$")}


BACKBONES = _entries(CATALOG["backbones"])
BUILTIN_BACKBONES = tuple(k for k, v in BACKBONES.items() if v["family"] == "builtin")
SIZES = _entries(CATALOG["sizes"])
HEAD_TYPES = tuple(_entries(CATALOG["heads"]))
# heads that sample actions (flow matching, diffusion): sample_steps and rtc execution need one
GENERATIVE_HEADS = tuple(k for k, v in _entries(CATALOG["heads"]).items() if v.get("generative"))
MLP_RATIO = CATALOG["mlp_ratio"]


def backbone(bid):
    """Catalogue entry of a backbone id (KeyError for ids the catalogue does not list)."""
    return BACKBONES[bid]


def head(kind):
    return CATALOG["heads"][kind]


def is_cross_attention(bid):
    return bid in BACKBONES and BACKBONES[bid]["architecture"] == "xattn"
