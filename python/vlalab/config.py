"""Loading a resolved experiment spec and filling its defaults.

The defaults come from ../schemas/experiment.schema.json (the single source of truth): every
property with a `default` that the spec leaves out gets it, recursively; missing sub-objects whose
definition requires nothing are created so their defaults apply too. The spec hash is sha256 of
its canonical JSON (sorted keys, no spaces, UTF-8), as the editor computes it.
"""
import copy
import hashlib
import json
import os

SCHEMA_PATH = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..", "schemas", "experiment.schema.json"))


class SpecError(Exception):
    """A spec that cannot be trained: one line saying what to fix."""


_schema = None


def schema():
    global _schema
    if _schema is None:
        try:
            with open(SCHEMA_PATH, encoding="utf-8") as f:
                _schema = json.load(f)
        except OSError as e:
            raise SpecError(f"cannot read the experiment schema at {SCHEMA_PATH} ({e.strerror}); the package must sit in the repository's python/ folder") from None
    return _schema


def _resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema()["definitions"][node["$ref"].split("/")[-1]]
    return node


def fill_defaults(value, node):
    node = _resolve(node)
    if isinstance(value, dict) and isinstance(node, dict) and "properties" in node:
        for key, sub in node["properties"].items():
            sub_r = _resolve(sub)
            if key not in value:
                if "default" in sub_r:
                    value[key] = copy.deepcopy(sub_r["default"])
                elif sub_r.get("type") == "object" and "properties" in sub_r and not sub_r.get("required"):
                    value[key] = {}
            if key in value:
                value[key] = fill_defaults(value[key], sub)
    elif isinstance(value, list) and isinstance(node, dict) and "items" in node:
        value = [fill_defaults(v, node["items"]) for v in value]
    return value


def spec_hash(spec):
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def resolve_spec(raw):
    """raw spec dict → a complete spec with every default filled; raises SpecError."""
    if not isinstance(raw, dict):
        raise SpecError("the spec must be a JSON object")
    if raw.get("sweep"):
        raise SpecError("this spec has a sweep: expand it into its points first (vla-lab run does); train takes one point")
    if raw.get("backend", "builtin") != "builtin":
        raise SpecError(f"backend '{raw.get('backend')}' is not trained by python -m vlalab (use the robovlms backend through vla-lab run)")
    spec = copy.deepcopy(raw)
    spec.setdefault("backbone", {"id": "tiny-prefix"})
    spec.setdefault("policy", {}).setdefault("head", {"type": "mlp"})
    spec = fill_defaults(spec, schema())
    if spec["policy"]["action_space"] == "discrete" and "discretization" not in spec["policy"]:
        spec["policy"]["discretization"] = fill_defaults({"bins": 256}, schema()["definitions"]["policy"]["properties"]["discretization"])
    _check(spec)
    return spec


def _check(spec):
    if "data" not in spec or not spec["data"].get("stages"):
        raise SpecError("the spec has no data.stages: add at least one stage with its datasets")
    p, obs = spec["policy"], spec["observation"]
    bid = spec["backbone"]["id"]
    if bid not in ("tiny-prefix", "tiny-xattn") and not bid.startswith("hf:"):
        raise SpecError(f"backbone.id '{bid}' needs backend 'robovlms'; the built-in trainer has tiny-prefix, tiny-xattn and hf:<path>")
    if p["formulation"] not in ("one-step", "interleaved", "policy-head"):
        raise SpecError(f"policy.formulation '{p['formulation']}' is not one of one-step, interleaved, policy-head")
    if p["action_space"] == "discrete" and p["formulation"] != "one-step":
        raise SpecError("policy.action_space 'discrete' needs policy.formulation 'one-step' (as in RoboVLMs)")
    if p["formulation"] == "interleaved" and bid == "tiny-xattn":
        raise SpecError("tiny-xattn cannot interleave observations and actions: use one-step or policy-head")
    if obs["image_size"] % obs["patch_size"]:
        raise SpecError(f"observation.image_size {obs['image_size']} must be a multiple of observation.patch_size {obs['patch_size']}")
    if spec["action"]["dim"] != 7:
        raise SpecError("action.dim must be 7 for Playtable/CALVIN data (6 arm + gripper)")
    for i, st in enumerate(spec["data"]["stages"]):
        if not st.get("steps") and not st.get("epochs"):
            raise SpecError(f"data.stages[{i}] needs 'steps' or 'epochs'")
        for j, d in enumerate(st["datasets"]):
            if d["type"] == "oxe":
                raise SpecError(f"data.stages[{i}].datasets[{j}]: 'oxe' data needs backend 'robovlms'")
            if d["type"] == "calvin" and not d.get("path"):
                raise SpecError(f"data.stages[{i}].datasets[{j}]: a calvin dataset needs 'path' (the CALVIN split directory)")


def load_spec(path):
    """Reads a spec file → (raw, resolved); SpecError on any problem."""
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
    except FileNotFoundError:
        raise SpecError(f"spec file {path} does not exist") from None
    except OSError as e:
        raise SpecError(f"cannot read spec {path} ({e.strerror})") from None
    except json.JSONDecodeError as e:
        raise SpecError(f"spec {path} is not valid JSON (line {e.lineno}: {e.msg}); resolved specs are plain JSON") from None
    try:
        return raw, resolve_spec(raw)
    except SpecError as e:
        raise SpecError(f"{path}: {e}") from None
    except (KeyError, TypeError, AttributeError) as e:
        raise SpecError(f"{path}: malformed spec ({type(e).__name__}: {e}); check it with 'vla-lab validate'") from None
