"""The cost model (extension/core/spec/cost.ts) for hf: backbones against the real policies: for the
five tiny families of helpers/tiny_vlms.py, with and without frozen towers, LoRA on either tower,
discrete action tokens and knowledge insulation (FAST token rows beside a flow expert), the parameter
counts TypeScript reads from the safetensors headers equal the policy python/vlalab/policy builds
(sum of numel, trainable = requires_grad), tensor for tensor. A
sharded model (model.safetensors.index.json) counts the same; a spec without local weights is
"unknown (no local weights)", not a guess."""

import shutil

import pytest
from helpers.tiny_vlms import FAMILIES
from test_hf_backbone import hf_spec, make_policy, models  # noqa: F401 (fixture)
from ts_tools import run_ts

VARIANTS = {  # name: (backbone, policy, action)
    "everything trains": ({}, {}, None),
    "vision frozen, LoRA on the language model": (
        {"train": {"vision": False}, "lora": {"enabled": True, "r": 4, "towers": "language"}},
        {},
        None,
    ),
    "language frozen, LoRA on some layers of the vision tower": (
        {
            "train": {"language": False, "text_embedding": False},
            "lora": {"enabled": True, "r": 2, "towers": "vision", "target_modules": ["q_proj", "qkv", "fc1"]},
        },
        {},
        None,
    ),
    "discrete, LoRA on both towers": (
        {"lora": {"enabled": True, "r": 3, "towers": "both"}},
        {"formulation": "one-step", "history": 1, "action_space": "discrete", "discretization": {"bins": 8}},
        None,
    ),
    # a flow expert beside the backbone's FAST tokens: their slots and end token are rows of `extra`
    "knowledge insulation, vision frozen": (
        {"train": {"vision": False}},
        {"chunk": 4, "head": {"type": "flow", "hidden": 32, "layers": 1}},
        {"knowledge_insulation": True, "fast": {"vocab_size": 64}},
    ),
}


def real_counts(policy):
    params = list(policy.parameters())
    trainable = [p for p in params if p.requires_grad]
    return {"total": sum(p.numel() for p in params), "trainable": sum(p.numel() for p in trainable), "trainable_tensors": len(trainable)}


def ts_counts(est):
    assert est is not None and "params" in est, est
    # AdamW: 8 bytes per trainable parameter + a 4-byte step counter per trainable tensor
    return {
        "total": est["params"]["total"],
        "trainable": est["params"]["trainable"],
        "trainable_tensors": (est["memory"]["optimizer"] - 8 * est["params"]["trainable"]) // 4,
    }


@pytest.mark.parametrize("family", FAMILIES)
def test_hf_parameter_counts_equal_the_real_policies(models, family):
    specs, want = [], []
    for name, (backbone, policy, action) in VARIANTS.items():
        p = make_policy(models[family], backbone=backbone, action=action, **policy)
        want.append((name, real_counts(p)))
        specs.append(hf_spec(models[family], backbone=backbone, action=action, **policy))
    estimates = run_ts({"cost": specs})["cost"]
    for (name, real), est in zip(want, estimates):
        assert est["exact"] and est["hf"]["modelType"] == {"kosmos2": "kosmos-2"}.get(family, family), est
        assert ts_counts(est) == real, (family, name, ts_counts(est), real)
        parts = est["hf"]["parts"]
        assert parts["vision"] > 0 and parts["language"] > 0 and parts["word_embedding"] > 0, parts
        assert (parts["projector"] == 0) == (family == "qwen2_vl"), parts  # Qwen2-VL's merger is inside its vision tower
    # LoRA adds adapters and nothing else: rank x (in + out) per adapted layer
    assert estimates[0]["hf"]["lora"] == 0 and all(e["hf"]["lora"] > 0 for e in estimates[1:4])
    assert estimates[1]["params"]["total"] == estimates[0]["params"]["total"] + estimates[1]["hf"]["lora"]


def test_a_sharded_model_counts_the_same(models, tmp_path):
    import transformers

    sharded = tmp_path / "llava-sharded"
    shutil.copytree(models["llava"], sharded)
    (sharded / "model.safetensors").unlink()
    transformers.AutoModelForImageTextToText.from_pretrained(models["llava"], local_files_only=True).save_pretrained(
        sharded, max_shard_size="40KB"
    )
    assert (sharded / "model.safetensors.index.json").exists() and len(list(sharded.glob("model-*.safetensors"))) > 2
    backbone = VARIANTS["vision frozen, LoRA on the language model"][0]
    est = run_ts({"cost": [hf_spec(sharded, backbone=backbone)]})["cost"][0]
    assert ts_counts(est) == real_counts(make_policy(sharded, backbone=backbone))


def test_without_local_weights_the_size_is_unknown(models, tmp_path):
    config_only = tmp_path / "config-only"
    shutil.copytree(models["idefics3"], config_only)
    (config_only / "model.safetensors").unlink()
    spec_missing = hf_spec(tmp_path / "nowhere")
    spec_hub = hf_spec("org/not-cached")
    del spec_hub["backbone"]["path"]
    missing, no_weights, hub = run_ts({"cost": [spec_missing, hf_spec(config_only), spec_hub]})["cost"]
    assert missing == {"unknown": "unknown (no local weights)"} and hub == missing
    assert no_weights["unknown"].startswith("unknown (no local weights:") and str(config_only) in no_weights["unknown"]


def test_the_catalogue_lists_the_model_types_hf_py_loads():
    from vlalab.catalog import CATALOG
    from vlalab.policy.backbones.hf import FAMILIES as LOADED

    assert sorted(CATALOG["hf_model_types"]["types"]) == sorted(LOADED)
