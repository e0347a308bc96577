"""The schema owns every default: Python's with_defaults and TypeScript's resolveSpec resolve every
example spec to the same JSON, and the trainer reads only fields a resolved spec has."""

import glob
import json
import os

from ts_tools import ROOT, run_ts
from vlalab.trainer.spec import with_defaults

EXAMPLES = sorted(glob.glob(os.path.join(ROOT, "examples", "*.vla.json")))


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def test_python_and_typescript_resolve_every_example_identically():
    assert len(EXAMPLES) >= 10
    raws = [load(p) for p in EXAMPLES]
    # and the smallest specs, where the most comes from defaults (no backbone, no head, no eval)
    raws += [
        {"name": "bare"},
        {"name": "bare-data", "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]}},
        {"name": "discrete", "policy": {"action_space": "discrete", "discretization": {"bins": 16}}, "eval": [{"benchmark": "playtable"}]},
    ]
    ts = run_ts({"resolve": raws})["resolve"]
    for raw, resolved in zip(raws, ts):
        assert with_defaults(raw) == resolved, raw["name"]


def test_a_resolved_spec_has_what_the_trainer_reads():
    s = with_defaults(
        {"name": "x", "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]}, "eval": [{"benchmark": "playtable"}]}
    )
    assert s["backbone"] == {
        "id": "tiny-prefix",
        "size": "nano",
        "init": "pretrained",
        "feature_layer": -1,
        "train": {"vision": True, "language": True, "text_embedding": True, "gradient_checkpointing": False, "autocast": "none"},
        "lora": {"enabled": False, "r": 64, "alpha": 16, "dropout": 0.05, "towers": "language"},
    }
    assert s["policy"]["head"]["type"] == "mlp" and s["policy"]["head"]["dropout"] == 0
    ds = s["data"]["stages"][0]["datasets"][0]
    assert (ds["episodes"], ds["seed"], ds["split"], ds["weight"], ds["embodiment"]) == (32, 0, "training", 1, "default")
    e = s["eval"][0]
    assert (e["chains"], e["chain_length"], e["max_steps"], e["videos"], e["seed"], e["held_out_phrasings"]) == (50, 5, 360, 4, 1000, True)
    assert with_defaults({"name": "y"})["eval"] == []
