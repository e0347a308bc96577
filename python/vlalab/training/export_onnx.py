"""ONNX export of a checkpoint's policy, batch 1, with policy.json for the editor's probe (the
format extension/core/probe/policyManifest.ts parses).

Inputs:  images (1, history, cameras, 3, S, S) float32 in [0, 1] (uint8 × 1/255 after the bilinear
         resize; role `images`), tokens (1, max_length) int64, attention_mask (1, max_length) int64,
         and proprio (1, history, 15) float32 (raw CALVIN robot_obs) when the policy uses it.
Outputs: actions (1, chunk, 7): the LAST history step's chunk in the dataset's units (the
         checkpoint's statistics are folded in; the gripper is 2·sigmoid(logit) − 1), and
         gripper (1, chunk, 1): the gripper logits (`gripper_output: "logit"`).
"""
import json
import os

import torch
import torch.nn as nn

from . import checkpoint as ckpt

OPSET = 17  # torch 1.13 exports opsets 7–17; 17 has LayerNormalization


class ExportError(Exception):
    pass


class ExportWrapper(nn.Module):
    def __init__(self, policy):
        super().__init__()
        self.policy = policy

    def forward(self, images, tokens, attention_mask, proprio=None):
        actions, logits = self.policy.decode(self.policy(images, tokens, attention_mask.bool(), proprio))
        return actions, logits.unsqueeze(-1)


def example_inputs(policy, spec, tok, instruction="open the drawer", seed=0):
    g = torch.Generator().manual_seed(seed)
    s, h = spec["observation"]["image_size"], spec["policy"]["history"]
    images = torch.rand(1, h, len(spec["observation"]["cameras"]), 3, s, s, generator=g)
    ids, mask = tok.encode_batch([instruction])
    inputs = [images, ids.long(), mask.long()]
    if policy.use_proprio:
        inputs.append(torch.randn(1, h, 15, generator=g) * policy.normalizer.proprio_std + policy.normalizer.proprio_mean)
    return inputs


def manifest(policy, spec, tok, onnx_name="policy.onnx"):
    obs, p = spec["observation"], spec["policy"]
    h, s, c = p["history"], obs["image_size"], len(obs["cameras"])
    inputs = [{"name": "images", "dtype": "float32", "shape": [1, h, c, 3, s, s], "role": "images"},
              {"name": "tokens", "dtype": "int64", "shape": [1, tok.max_length], "role": "tokens"},
              {"name": "attention_mask", "dtype": "int64", "shape": [1, tok.max_length], "role": "attention_mask"}]
    if policy.use_proprio:
        inputs.append({"name": "proprio", "dtype": "float32", "shape": [1, h, 15], "role": "proprio"})
    norm = spec["action"].get("normalize") or {}
    control_hz = next((e.get("control_hz") for e in spec.get("eval") or [] if e.get("control_hz")), 30)
    return {
        "format": "vla-lab-policy", "version": 1, "onnx": onnx_name, "opset": OPSET,
        "inputs": inputs,
        "outputs": [{"name": "actions", "dtype": "float32", "shape": [1, p["chunk"], spec["action"]["dim"]], "role": "actions"},
                    {"name": "gripper", "dtype": "float32", "shape": [1, p["chunk"], 1], "role": "gripper"}],
        "image_size": s, "history": h, "chunk": p["chunk"], "action_dim": spec["action"]["dim"],
        "cameras": list(obs["cameras"]), "proprio": bool(policy.use_proprio), "control_hz": control_hz,
        "image": {"resize": "bilinear", "scale": 1 / 255, "layout": "(batch, history, camera, channel, height, width)"},
        "tokenizer": tok.manifest(),
        "action_stats": dict(policy.normalizer.stats_dict(), mode=policy.normalizer.mode, outputs_unnormalized=True,
                             normalize={"enabled": bool(norm.get("enabled")), "min": norm.get("min", -1), "max": norm.get("max", 1)}),
        "gripper_output": "logit",
        "formulation": p["formulation"], "action_space": p["action_space"], "backbone": spec["backbone"],
    }


def export(run_dir, checkpoint=None, out_dir=None):
    path = checkpoint or ckpt.final_or_latest(run_dir)
    if path is None:
        raise ExportError(f"{run_dir} has no checkpoint; train first")
    state = ckpt.load(path)
    policy, tok, spec = ckpt.build_policy(state, "cpu")
    out_dir = out_dir or os.path.join(run_dir, "export")
    os.makedirs(out_dir, exist_ok=True)
    inputs = example_inputs(policy, spec, tok)
    names = ["images", "tokens", "attention_mask"] + (["proprio"] if policy.use_proprio else [])
    onnx_path = os.path.join(out_dir, "policy.onnx")
    with torch.no_grad():
        torch.onnx.export(ExportWrapper(policy).eval(), tuple(inputs), onnx_path + ".tmp", input_names=names,
                          output_names=["actions", "gripper"], opset_version=OPSET, do_constant_folding=True)
    os.replace(onnx_path + ".tmp", onnx_path)
    man = dict(manifest(policy, spec, tok), checkpoint=os.path.relpath(path, run_dir), step=int(state["step"]))
    tmp = os.path.join(out_dir, "policy.json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(man, f, indent=1)
    os.replace(tmp, os.path.join(out_dir, "policy.json"))
    return onnx_path
