"""Loading a resolved experiment spec.

The schema (schemas/experiment.schema.json) is the single source of truth: defaults are filled by
walking its `default`s, so Python and TypeScript agree on what an omitted field means.
"""
import copy
import hashlib
import json
import os

SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "..", "schemas", "experiment.schema.json")


class SpecError(ValueError):
    """A spec the trainer cannot run; the message says what to change."""


def _schema():
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        return json.load(f)


def _resolve(node, schema):
    while isinstance(node, dict) and "$ref" in node:
        node = schema["definitions"][node["$ref"].split("/")[-1]]
    return node


def _fill(value, node, schema):
    """Fills defaults of `node`'s properties into the dict `value` (recursively, like ajv's useDefaults)."""
    node = _resolve(node, schema)
    if not isinstance(node, dict):
        return value
    if isinstance(value, dict) and "properties" in node:
        for key, sub in node["properties"].items():
            sub_r = _resolve(sub, schema)
            if key not in value and isinstance(sub_r, dict) and "default" in sub_r:
                value[key] = copy.deepcopy(sub_r["default"])
            if key in value:
                value[key] = _fill(value[key], sub_r, schema)
    if isinstance(value, list) and "items" in node:
        return [_fill(v, node["items"], schema) for v in value]
    return value


def with_defaults(spec):
    """A deep copy of `spec` with every schema default filled in (sections that exist get their defaults)."""
    schema = _schema()
    out = copy.deepcopy(spec)
    for section in ("policy", "observation", "action", "train", "resources"):
        out.setdefault(section, {})
    out.setdefault("backbone", {"id": "tiny-prefix"})
    out["policy"].setdefault("head", {"type": "mlp"})
    out.setdefault("eval", [])
    return _fill(out, schema, schema)


def spec_hash(spec):
    """sha256 of the canonical JSON (sorted keys, no spaces) — equal to the TypeScript specHash."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_spec(path):
    """Reads and checks a spec file; raises SpecError with one clear line."""
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
    except FileNotFoundError:
        raise SpecError(f"spec file {path} does not exist")
    except json.JSONDecodeError as e:
        raise SpecError(f"{path} is not valid JSON (line {e.lineno}, column {e.colno}): {e.msg}")
    if not isinstance(raw, dict) or not raw.get("name"):
        raise SpecError(f"{path} is not an experiment spec: it needs a 'name' (run 'vla-lab validate {path}')")
    if raw.get("sweep"):
        raise SpecError(f"{path} is a sweep; expand it first (vla-lab sweep) — the trainer runs one point")
    spec = with_defaults(raw)
    check_builtin(spec)
    return raw, spec


def check_builtin(spec):
    """What the built-in trainer supports (the validator's rules say the same in the editor)."""
    bid = spec["backbone"]["id"]
    if not (bid in ("tiny-prefix", "tiny-xattn") or bid.startswith("hf:")):
        raise SpecError(f"backbone '{bid}' needs the RoboVLMs backend; the built-in trainer trains tiny-prefix, tiny-xattn or hf:<local path>")
    if bid.startswith("hf:"):
        from ..policy.tokenizer import ConfigError, require_transformers
        try:
            require_transformers(bid)
        except ConfigError as e:
            raise SpecError(str(e)) from None
    pol = spec["policy"]
    if pol["formulation"] == "interleaved" and bid == "tiny-xattn":
        raise SpecError("interleaved needs a decoder-only backbone; tiny-xattn is cross-attention: use policy-head or tiny-prefix")
    if pol["action_space"] == "discrete" and pol["formulation"] != "one-step":
        raise SpecError("discrete actions are supported with the one-step formulation only")
    if pol["action_space"] == "discrete" and "discretization" not in pol:
        raise SpecError("policy.action_space 'discrete' needs policy.discretization {bins, min, max}")
    for stage in spec.get("data", {}).get("stages", []):
        for ds in stage["datasets"]:
            if ds["type"] == "oxe":
                raise SpecError("oxe datasets need the RoboVLMs backend")
        if not stage.get("steps") and not stage.get("epochs"):
            raise SpecError(f"stage '{stage.get('name', '?')}' needs steps or epochs")
    if not spec.get("data", {}).get("stages"):
        raise SpecError("data.stages is empty: add a stage with datasets and steps")
