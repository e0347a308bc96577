"""Loading a resolved experiment spec.

The schema (schemas/experiment.schema.json) is the single source of truth: defaults are filled by
walking its `default`s, so Python and TypeScript agree on what an omitted field means.
"""

import copy
import hashlib
import json
import os

from ..catalog import BUILTIN_BACKBONES, GENERATIVE_HEADS, is_cross_attention
from .execution import execution_protocol

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


def _has_defaults(node, schema):
    return any("default" in (_resolve(p, schema) or {}) for p in node.get("properties", {}).values())


def _fill(value, node, schema, depth=0):
    """Fills schema defaults into `value` in place — the same walk as resolveSpec in
    extension/core/spec/resolve.ts (test_spec_resolve.py compares the two on every example): a
    present object gets its missing properties' defaults; an absent object is created when it has
    defaults and no required properties; array items are filled the same way; `sweep` is left as
    written."""
    node = _resolve(node, schema)
    if not isinstance(node, dict) or depth > 16:
        return
    if isinstance(value, list):
        items = _resolve(node.get("items"), schema)
        for v in value:
            _fill(v, items, schema, depth + 1)
        return
    if not isinstance(value, dict):
        return
    for key, sub in node.get("properties", {}).items():
        sub = _resolve(sub, schema)
        if key == "sweep" or not isinstance(sub, dict):
            continue
        if key not in value:
            if "default" in sub:
                value[key] = copy.deepcopy(sub["default"])
            elif sub.get("type") == "object" and not sub.get("required") and _has_defaults(sub, schema):
                value[key] = {}
            else:
                continue
        _fill(value[key], sub, schema, depth + 1)


def with_defaults(spec):
    """A deep copy of `spec` with every schema default filled in: the resolved spec, as the editor's
    runner writes it to spec.json. The schema owns every default; nothing here adds one of its own."""
    schema = _schema()
    out = copy.deepcopy(spec)
    _fill(out, schema, schema)
    return out


def schema_default(definition, prop):
    """The schema's default of `definitions.<definition>.properties.<prop>` (for a value a resolved
    spec may not hold, e.g. when a list of entries is empty)."""
    return _schema()["definitions"][definition]["properties"][prop]["default"]


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
        raise SpecError(f"spec file {path} does not exist") from None
    except json.JSONDecodeError as e:
        raise SpecError(f"{path} is not valid JSON (line {e.lineno}, column {e.colno}): {e.msg}") from e
    except RecursionError:
        raise SpecError(
            f"{path} nests objects or arrays thousands of levels deep: it is not an experiment spec (run 'vla-lab validate {path}')"
        ) from None
    except (OSError, UnicodeDecodeError) as e:
        raise SpecError(f"cannot read the spec file {path} ({type(e).__name__}: {e})") from e
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
    if not (bid in BUILTIN_BACKBONES or bid.startswith("hf:")):
        raise SpecError(
            f"backbone '{bid}' needs the RoboVLMs backend; the built-in trainer trains {', '.join(BUILTIN_BACKBONES)} or hf:<local path>"
        )
    if bid.startswith("hf:"):
        from ..policy.tokenizer import ConfigError, require_transformers

        try:
            require_transformers(bid)
        except ConfigError as e:
            raise SpecError(str(e)) from None
    pol = spec["policy"]
    if pol["formulation"] == "interleaved" and is_cross_attention(bid):
        raise SpecError(f"interleaved needs a decoder-only backbone; {bid} is cross-attention: use policy-head or a decoder-only backbone")
    if pol["action_space"] == "discrete" and pol["formulation"] != "one-step":
        raise SpecError("discrete actions are supported with the one-step formulation only")
    act = spec["action"]
    fast = act.get("tokenizer") == "fast"
    if pol["action_space"] == "discrete" and "discretization" not in pol and not fast:
        raise SpecError("policy.action_space 'discrete' needs policy.discretization {bins, min, max}, or action.tokenizer 'fast'")
    if (fast and pol["action_space"] == "discrete") or act.get("knowledge_insulation"):
        from ..policy.fast import alphabet_size

        if pol["chunk"] < 2:
            raise SpecError(f"FAST tokens compress an action chunk over time: policy.chunk is {pol['chunk']}, set it to 2 or more")
        need = alphabet_size(pol["chunk"], act["fast"]["scale"])
        if act["fast"]["vocab_size"] < need:
            raise SpecError(
                f"action.fast.vocab_size {act['fast']['vocab_size']} is smaller than the {need} integers a chunk of "
                f"{pol['chunk']} produces at scale {act['fast']['scale']}: raise it to at least {need}"
            )
    if act.get("knowledge_insulation"):
        if pol["action_space"] != "continuous" or pol["head"]["type"] not in GENERATIVE_HEADS:
            raise SpecError(
                "action.knowledge_insulation trains a flow or diffusion action expert on continuous actions beside the "
                "backbone's FAST tokens: use action_space 'continuous' and head 'flow' or 'diffusion'"
            )
    for stage in spec.get("data", {}).get("stages", []):
        for ds in stage["datasets"]:
            if ds["type"] == "oxe":
                raise SpecError("oxe datasets need the RoboVLMs backend")
            if ds.get("obstacle") and ds.get("expert_routes", 1) != 2:  # Playtable 4 (sim/experts.py post_site)
                raise SpecError("a Playtable dataset with obstacle needs expert_routes 2: the one-route expert goes straight into the post")
        if not stage.get("steps") and not stage.get("epochs"):
            raise SpecError(f"stage '{stage.get('name', '?')}' needs steps or epochs")
    if not spec.get("data", {}).get("stages"):
        raise SpecError("data.stages is empty: add a stage with datasets and steps")
    for entry in spec.get("eval", []):
        if entry.get("benchmark") == "playtable":
            if entry.get("obstacle") and entry.get("chain_length", 5) != 1:
                raise SpecError("eval: obstacle applies to single-task evaluations (chain_length 1), not chains")
            try:
                execution_protocol(
                    entry,
                    pol["chunk"],
                    pol["head"]["type"],
                    pol["head"]["type"] in GENERATIVE_HEADS and pol["action_space"] == "continuous",
                )
            except ValueError as e:
                raise SpecError(f"eval: {e}") from None
