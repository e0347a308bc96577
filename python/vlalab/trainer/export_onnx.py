"""ONNX export of a trained policy, with the policy.json the editor's probe reads.

The graph is the batch-1 policy: the observation window's images (already resized and normalised
as policy.json's `image` says) and the instruction's token ids → for every history step its
predicted chunk of arm actions (de-normalised with the training statistics, baked into the graph)
and gripper logits. policy.json carries the tokenizer (vocabulary and rules), the statistics, the
shapes and the control rate, so the TypeScript side needs nothing else.

A discrete policy (one-step, actions binned into tokens the LM head predicts) is exported with its
greedy decoding unrolled into the graph: chunk × action_dim LM passes, each taking the argmax over
the bin tokens, then de-binned in the graph. Its outputs mean what the continuous ones mean — `arm`
in the dataset's units, for the last step only — except the gripper, which is already ±1
(`gripper_output: "signed"`, as PyTorch's predict gives it); `bins` holds the chosen bin ids.

A FAST policy (discrete actions, action.tokenizer "fast") is exported with its greedy decoding of
`max_tokens` FAST tokens unrolled into the graph; its one output, `action_tokens` (1, max_tokens),
holds the chosen ids, the end token after the last. Turning them into actions (BPE strings → DCT
coefficients → inverse DCT) is not in the graph: policy.json names the action tokenizer file
(action-tokenizer.json, copied beside it) and the probe decodes in TypeScript
(extension/core/probe/fast.ts) exactly as fast.py does.

A flow or diffusion policy (generative head) is exported as its sampler for the last step: the `sample_steps`
Euler steps unrolled into the graph, starting from the `noise` input (1, chunk, arm_dim) — standard
normal noise the caller draws (the probe draws it; equal noise gives equal actions, which the parity
test relies on). Its outputs have one step, like the discrete policy's.

An hf: policy is exported with its model's own image preprocessing inside the graph (the `images`
input is raw pixel values, 0..255, so policy.json's image step is the identity) and its LoRA
adapters merged. Its policy.json has no tokenizer: the probe re-implements only the word tokenizer,
so its instruction input is off. Where the torch 2 exporter cannot trace the model (Qwen2-VL's
data-dependent vision attention), export fails in one line that says so and writes the reason to
export/onnx-refused.txt; `vla-lab probe latency` then measures the PyTorch latency through Python
(probe_latency.py)."""

import contextlib
import json
import os
import sys
import tempfile

import torch

from .. import runlayout
from . import checkpoint as ckpt
from .datasources import eval_control_rate
from .evaluate import load_policy

OPSET = 14


class OnnxExportUnsupported(ValueError):
    """The torch 2 exporter cannot trace this policy; the message is one line."""


def _in_graph_preprocess(policy, images):
    """hf: policies: raw pixels (1, T, cams, 3, H, W), 0..255 → the model's own resize and
    normalisation (its image processor's, in torch), so the probe need not know them."""
    if not hasattr(policy.backbone, "preprocess"):
        return images
    return policy.preprocess(images.movedim(-3, -1))


class ExportWrapper(torch.nn.Module):
    def __init__(self, policy):
        super().__init__()
        self.policy = policy

    def forward(self, images, tokens, attention_mask):
        arm, grip, _ = self.policy(_in_graph_preprocess(self.policy, images), tokens, attention_mask > 0)
        return self.policy.denormalise(arm), grip


class DiscreteExportWrapper(torch.nn.Module):
    """Greedy decoding of a discrete policy, as VLAPolicy.predict does it, for one observation window."""

    def __init__(self, policy):
        super().__init__()
        self.policy = policy

    def forward(self, images, tokens, attention_mask):
        p = self.policy
        bins = p.decode_bins(_in_graph_preprocess(p, images), tokens, attention_mask > 0)  # (1, chunk, dim)
        acts = p.discrete_actions(bins)
        return acts[..., :-1].unsqueeze(1), acts[..., -1].unsqueeze(1), bins.unsqueeze(1)


class FastExportWrapper(torch.nn.Module):
    """Greedy decoding of a FAST policy's action tokens for one observation window (no early stop)."""

    def __init__(self, policy):
        super().__init__()
        self.policy = policy

    def forward(self, images, tokens, attention_mask):
        p = self.policy
        return p.decode_fast(_in_graph_preprocess(p, images), tokens, attention_mask > 0, early_stop=False)


class FlowExportWrapper(torch.nn.Module):
    """A generative (flow, diffusion) policy's sampler for one observation window, from given noise
    (steps unrolled)."""

    def __init__(self, policy):
        super().__init__()
        self.policy = policy

    def forward(self, images, tokens, attention_mask, noise):
        arm, grip, _ = self.policy(_in_graph_preprocess(self.policy, images), tokens, attention_mask > 0, noise=noise, last_only=True)
        return self.policy.denormalise(arm), grip


def example_inputs(policy, spec, instruction="open the drawer"):
    obs = spec["observation"]
    s = obs["image_size"]
    g = torch.Generator().manual_seed(0)
    shape = (1, policy.history, len(obs["cameras"]), 3, s, s)
    if is_hf(spec):  # raw pixel values: the graph preprocesses them itself
        images = torch.randint(0, 256, shape, generator=g).float()
    else:
        images = torch.rand(*shape, generator=g) * 2 - 1
    ids, mask = policy.tokenizer.batch([instruction])
    if getattr(policy.head, "generative", False):
        return images, ids, mask.long(), torch.randn(1, policy.chunk, policy.arm_dim, generator=g)
    return images, ids, mask.long()


@contextlib.contextmanager
def _quiet():
    """Everything written to the process's stdout and stderr (file descriptors, so transformers'
    progress bars, torch's logging and C++ warnings too) goes to a discarded file: an hf: export
    reports its outcome in one line, not the exporter's pages of graph dumps."""
    sys.stdout.flush(), sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1), os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush(), sys.stderr.flush()
            os.dup2(saved[0], 1), os.dup2(saved[1], 2)
            os.close(saved[0]), os.close(saved[1])


def is_hf(spec):
    return spec["backbone"]["id"].startswith("hf:")


def _first_line(e):
    """The first line of torch.export's own error (not the exporter's wrapping text)."""
    while e.__cause__ is not None:
        e = e.__cause__
    return ((str(e).strip().splitlines() or [type(e).__name__])[0])[:300]


def export(run_dir, checkpoint_path=None, out_dir=None):
    path = checkpoint_path or ckpt.final(run_dir)
    if not path or not os.path.exists(path):
        raise FileNotFoundError(f"no checkpoint in {run_dir}/checkpoints to export (train first, or pass --checkpoint)")
    state = ckpt.load(path)
    bid = state.get("spec", {}).get("backbone", {}).get("id", "") if isinstance(state, dict) else ""
    hf = str(bid).startswith("hf:")
    with _quiet() if hf else contextlib.nullcontext():
        return _export(run_dir, path, state, hf, out_dir)


def _export(run_dir, path, state, hf, out_dir):
    policy, spec, state = load_policy(path, state=state)
    if hf:
        policy.backbone.merge_lora()  # the same outputs (test_hf_backbone.py), a plain graph
    out_dir = out_dir or os.path.join(run_dir, runlayout.EXPORT)
    os.makedirs(out_dir, exist_ok=True)
    onnx_path = os.path.join(out_dir, runlayout.EXPORT_ONNX)
    refused = os.path.join(out_dir, runlayout.EXPORT_REFUSED)
    if os.path.exists(refused):
        os.remove(refused)
    generative = getattr(policy.head, "generative", False)
    fast = policy.discrete and policy.uses_fast
    wrapper = (
        FastExportWrapper if fast else DiscreteExportWrapper if policy.discrete else FlowExportWrapper if generative else ExportWrapper
    )(policy).eval()
    inputs = example_inputs(policy, spec)
    input_names = ["images", "tokens", "attention_mask"] + (["noise"] if generative else [])
    output_names = ["action_tokens"] if fast else ["arm", "gripper", "bins"] if policy.discrete else ["arm", "gripper"]
    tmp = onnx_path + ".tmp"
    try:
        with torch.no_grad():
            # torch.export-based exporter (torch 2.x's default; needs onnxscript); weights inside the one
            # file, so the temporary name can be renamed without an orphaned `.data` file beside it.
            torch.onnx.export(
                wrapper,
                inputs,
                tmp,
                input_names=input_names,
                output_names=output_names,
                opset_version=OPSET,
                dynamo=True,
                external_data=False,
                verbose=False,
                optimize=False,  # parameters stay named initializers: the probe counts them
                do_constant_folding=True,
            )
    except Exception as e:  # noqa: BLE001 — torch.export fails in many ways (guards on data, unsupported ops)
        if os.path.exists(tmp):
            os.remove(tmp)
        if not hf:
            raise
        why = (
            f"the torch 2 ONNX exporter cannot trace this {policy.backbone.model_type} policy ({_first_line(e)}); "
            f"measure its PyTorch latency instead: vla-lab probe latency {run_dir}"
        )
        with open(refused, "w", encoding="utf-8") as f:
            f.write(why + "\n")
        raise OnnxExportUnsupported(why) from None
    os.replace(tmp, onnx_path)
    obs, pol = spec["observation"], spec["policy"]
    steps = policy.history if policy.formulation != "one-step" and not policy.discrete and not generative else 1
    # the first evaluation's control rate (its control_hz, else its benchmark's); without evaluations, CALVIN's
    control_hz = eval_control_rate(spec["eval"][0] if spec["eval"] else None)[0]
    manifest = {
        "format": "vla-lab-policy/1",
        "onnx": runlayout.EXPORT_ONNX,
        "checkpoint": os.path.relpath(path, run_dir),
        "step": state["step"],
        "spec_name": spec["name"],
        "formulation": pol["formulation"],
        "backbone": spec["backbone"]["id"],
        "head": pol["head"]["type"],
        "inputs": [
            {"name": "images", "dtype": "float32", "shape": list(inputs[0].shape), "role": "images"},
            {"name": "tokens", "dtype": "int64", "shape": list(inputs[1].shape), "role": "tokens"},
            {"name": "attention_mask", "dtype": "int64", "shape": list(inputs[2].shape), "role": "attention_mask"},
        ]
        + ([{"name": "noise", "dtype": "float32", "shape": list(inputs[3].shape), "role": "noise"}] if generative else []),
        "outputs": [{"name": "action_tokens", "dtype": "int64", "shape": [1, policy.fast.max_tokens], "role": "action_tokens"}]
        if fast
        else [
            {"name": "arm", "dtype": "float32", "shape": [1, steps, policy.chunk, policy.arm_dim], "role": "arm"},
            {"name": "gripper", "dtype": "float32", "shape": [1, steps, policy.chunk], "role": "gripper"},
        ]
        + (
            [{"name": "bins", "dtype": "int64", "shape": [1, 1, policy.chunk, policy.action_dim], "role": "bins"}]
            if policy.discrete
            else []
        ),
        "action_space": "discrete" if policy.discrete else "continuous",
        "image_size": obs["image_size"],
        "history": policy.history,
        "chunk": policy.chunk,
        "action_dim": policy.action_dim,
        "cameras": obs["cameras"],
        "proprio": False,
        "control_hz": control_hz,
        # hf: the model's own preprocessing is in the graph, which takes raw pixel values
        "image": (
            {
                "resize": "bilinear",
                "scale": 1.0,
                "mean": [0.0, 0.0, 0.0],
                "std": [1.0, 1.0, 1.0],
                "layout": "[1, history, cameras, 3, H, W], pixel values 0..255 (the model's resize and normalisation are in the graph)",
            }
            if hf
            else {
                "resize": "bilinear",
                "scale": 1 / 255,
                "mean": [0.5, 0.5, 0.5],
                "std": [0.5, 0.5, 0.5],
                "layout": "[1, history, cameras, 3, H, W]",
            }
        ),
        "action_key": "rel_actions",
        "action_stats": {**state["stats"], "normalize": {"enabled": policy.clip_norm, "min": -1, "max": 1}, "outputs_unnormalized": True},
        "gripper_output": "signed" if policy.discrete else "logit",
        "params": sum(p.numel() for p in policy.parameters()),
    }
    if generative:
        manifest["sampling"] = {"method": policy.head.SAMPLER, "steps": policy.head.steps, "noise": "standard normal"}
    tokenizer = policy.tokenizer.manifest()
    if tokenizer is not None:  # None for hf: (the model's own tokenizer, which the probe does not re-implement)
        manifest["tokenizer"] = tokenizer
    if fast:
        # the probe decodes `action_tokens` with this file (format: schemas/run-layout.json "actionTokenizer");
        # the gripper is the sign of its decoded value
        manifest["action_tokenizer"] = os.path.basename(policy.fast.save(out_dir))
    elif policy.discrete:
        # bin i of `bins` stands for min + i / (bins - 1) · (max - min), on every dimension (arm in the
        # dataset's units, not normalised); the gripper's value is reported by its sign.
        manifest["discretization"] = {"bins": policy.bins, "min": policy.bin_lo, "max": policy.bin_hi, "decoding": "greedy"}
    with open(os.path.join(out_dir, runlayout.EXPORT_MANIFEST), "w") as f:
        json.dump(manifest, f, indent=1)
    return onnx_path
