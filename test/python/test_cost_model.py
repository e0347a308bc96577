"""The composer's cost model (extension/core/spec/cost.ts) against the real policies: for every
built-in preset × head type × formulation × action space, the parameter count TypeScript computes
equals sum(p.numel()) of the policy python/vlalab/policy builds (knowledge insulation with flow and
diffusion experts in every formulation included), its gradient and optimizer bytes equal what an
optimizer step really allocates, and its activation estimate follows what autograd keeps when
knowledge insulation changes which backbone pass is kept."""

import itertools

import numpy as np
import pytest
import torch
from ts_tools import run_ts
from vlalab.catalog import BUILTIN_BACKBONES, HEAD_TYPES, SIZES, is_cross_attention
from vlalab.policy import build_policy
from vlalab.policy.tokenizer import WordTokenizer
from vlalab.sim.instructions import training_phrasings
from vlalab.sim.tasks import TASKS
from vlalab.trainer.spec import with_defaults

# The tokenizer a run on every Playtable task trains with: the vocabulary the estimate assumes.
TOKENIZER = WordTokenizer.build([p for t in TASKS for p in training_phrasings(t)])


def grid():
    """Every combination the built-in trainer accepts, with the other sizes varied along the way
    (cameras, image and patch size, chunk, action dim, head width — odd too — and depth, experts, bins)."""
    specs = []
    combos = itertools.product(BUILTIN_BACKBONES, SIZES, HEAD_TYPES, ("one-step", "interleaved", "policy-head"), ("continuous", "discrete"))
    for i, (bid, size, head, formulation, space) in enumerate(combos):
        if formulation == "interleaved" and is_cross_attention(bid):
            continue
        if space == "discrete" and (formulation != "one-step" or head != HEAD_TYPES[0]):
            continue  # discrete: one-step only, and no head (one spec per backbone and size)
        specs.append(
            {
                "name": f"cost-{i}",
                "backbone": {"id": bid, "size": size},
                "policy": {
                    "formulation": formulation,
                    "action_space": space,
                    "history": 1 + i % 5,
                    "chunk": 1 + i % 4,
                    "head": {"type": head, "hidden": (32, 45, 64)[i % 3], "layers": 1 + i % 3, "experts": 2 + i % 3},
                    **({"discretization": {"bins": (16, 256)[i % 2]}} if space == "discrete" else {}),
                },
                "observation": {
                    "image_size": (32, 48, 64)[i % 3],
                    "patch_size": (8, 16)[i % 2],
                    "cameras": (["static"], ["static", "gripper"])[i % 2],
                },
                "action": {"dim": (7, 4)[i % 2]},
                "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
            }
        )
    # FAST tokens (discrete) and knowledge insulation (a flow or diffusion expert beside FAST tokens, every
    # formulation): the token slots and the end token are embedding rows of the backbone
    for i, (bid, size) in enumerate(itertools.product(BUILTIN_BACKBONES, SIZES)):
        for kind in ("fast", "ki-flow", "ki-diffusion"):
            formulation = "one-step" if kind == "fast" else ("one-step", "policy-head", "interleaved")[(i + len(kind)) % 3]
            if formulation == "interleaved" and is_cross_attention(bid):
                formulation = "policy-head"
            specs.append(
                {
                    "name": f"cost-{kind}-{i}",
                    "backbone": {"id": bid, "size": size},
                    "policy": {
                        "formulation": formulation,
                        "action_space": "discrete" if kind == "fast" else "continuous",
                        "history": 1 + i % 3,
                        "chunk": 2 + i % 4,
                        "head": {"type": "mlp" if kind == "fast" else kind[3:], "hidden": (32, 45)[i % 2], "layers": 1 + i % 2},
                    },
                    "observation": {"image_size": 32, "patch_size": 16, "cameras": (["static"], ["static", "gripper"])[i % 2]},
                    "action": {"tokenizer": "fast", "fast": {"vocab_size": (300, 1024)[i % 2]}}
                    if kind == "fast"
                    else {"knowledge_insulation": True, "fast": {"vocab_size": (1024, 200)[i % 2]}, "dim": (7, 4)[i % 2]},
                    "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
                }
            )
    return specs


def count(spec):
    """(parameters, parameter tensors) of the policy the trainer builds, on the meta device (no memory)."""
    with torch.device("meta"):
        policy = build_policy(with_defaults(spec), TOKENIZER)
    params = list(policy.parameters())
    return sum(p.numel() for p in params), len(params)


def test_parameter_counts_equal_the_real_policies_for_every_preset_head_and_formulation():
    specs = grid()
    assert len(specs) == 215  # 2 backbones × 5 sizes × (7 heads × 3 formulations − xattn interleaved) + discrete + FAST + 2 KI
    estimates = run_ts({"cost": specs})["cost"]
    for spec, est in zip(specs, estimates):
        params, _ = count(spec)
        assert est is not None and est["exact"], spec["name"]
        assert est["params"]["total"] == params, (spec["backbone"], spec["policy"], est["params"], params)
        assert est["params"]["trainable"] == params  # the built-in trainer trains every parameter
        assert est["memory"]["weights"] == 4 * params and est["memory"]["gradients"] == 4 * params


def optimizer_bytes(policy, name):
    """Bytes of optimizer state after one real step (every parameter has a gradient)."""
    opt = {"adamw": torch.optim.AdamW, "sgd": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)}[name](policy.parameters())
    for p in policy.parameters():
        p.grad = torch.ones_like(p)
    opt.step()
    return sum(t.numel() * t.element_size() for st in opt.state.values() for t in st.values() if torch.is_tensor(t))


@pytest.mark.parametrize("optimizer", ["adamw", "sgd"])
@pytest.mark.parametrize(
    "bid,head", [("tiny-prefix", "gpt"), ("tiny-xattn", "moe"), ("tiny-prefix", "flow"), ("tiny-xattn", "oft"), ("tiny-xattn", "diffusion")]
)
def test_gradient_and_optimizer_bytes_equal_a_real_optimizer_step(bid, head, optimizer):
    spec = {
        "name": "opt",
        "backbone": {"id": bid, "size": "nano"},
        "policy": {"head": {"type": head, "hidden": 32}},
        "train": {"optimizer": optimizer},
        "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
    }
    policy = build_policy(with_defaults(spec), TOKENIZER)
    est = run_ts({"cost": [spec]})["cost"][0]
    assert est["memory"]["gradients"] == sum(p.numel() * p.element_size() for p in policy.parameters())
    assert est["memory"]["optimizer"] == optimizer_bytes(policy, optimizer)


def saved_activation_bytes(policy, batch):
    """Bytes of the tensors autograd keeps for the backward of one training loss, parameters excluded:
    what the cost model's activation estimate stands for."""
    params = {p.untyped_storage().data_ptr() for p in policy.parameters()}
    kept = {}

    def pack(t):
        storage = t.untyped_storage()
        if storage.data_ptr() not in params:
            kept[storage.data_ptr()] = storage.nbytes()
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        out = policy.loss(batch)  # held: its graph keeps every saved tensor alive until counted
        total = sum(kept.values())
    del out
    return total


def test_knowledge_insulation_keeps_the_token_pass_not_the_experts_history():
    """With knowledge insulation the backward keeps the token pass (one frame and the FAST tokens), not
    the expert's pass over the history: measured (the tensors autograd saves) and estimated alike, the
    activations stay flat as the history grows, while without insulation they grow with it."""
    from vlalab.policy.fast import FastTokenizer

    rng = np.random.default_rng(0)
    chunks = np.cumsum(rng.normal(0, 0.05, (256, 4, 7)), axis=1).clip(-1, 1)
    chunks[..., -1] = np.where(chunks[..., -1] > 0, 1.0, -1.0)
    fast = FastTokenizer.fit(chunks, 10, 64)
    stats = {"mean": [0.0] * 6, "std": [0.3] * 6, "min": [-1.0] * 6, "max": [1.0] * 6}
    ids, mask = TOKENIZER.batch(["open the drawer"] * 4)
    cases = [(ki, history) for ki in (False, True) for history in (1, 4)]
    specs, measured = [], {}
    for ki, history in cases:
        spec = {
            "name": "ki-memory",
            "backbone": {"id": "tiny-prefix", "size": "nano"},
            "policy": {"formulation": "policy-head", "history": history, "chunk": 4, "head": {"type": "flow", "hidden": 32}},
            "observation": {"image_size": 64, "patch_size": 8, "cameras": ["static"]},
            "action": {"knowledge_insulation": ki, "fast": {"vocab_size": 64}},
            "train": {"batch_size": 4, "precision": "fp32"},
            "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
        }
        specs.append(spec)
        torch.manual_seed(0)
        policy = build_policy(with_defaults(spec), TOKENIZER, stats, fast if ki else None).train()
        g = torch.Generator().manual_seed(0)
        batch = {
            "images": torch.randint(0, 256, (4, history, 1, 64, 64, 3), generator=g, dtype=torch.uint8),
            "ids": ids,
            "mask": mask,
            "actions": torch.from_numpy(chunks[:4]).float()[:, None].expand(4, history, 4, 7),  # the same last chunk
            "action_mask": torch.ones(4, history, 4, dtype=torch.bool),
        }
        measured[ki, history] = saved_activation_bytes(policy, batch)
    estimated = {case: est["memory"]["activations"] for case, est in zip(cases, run_ts({"cost": specs})["cost"])}
    print("activation bytes kept for the backward (measured, estimated):", {k: (measured[k], estimated[k]) for k in cases})
    for kept in (measured, estimated):
        assert kept[False, 4] > 2.5 * kept[False, 1], kept  # every frame's pass is kept for the backward
        assert kept[True, 4] < 1.3 * kept[True, 1], kept  # the expert's pass keeps nothing; the token pass sees one frame
        assert kept[True, 4] < kept[False, 4], kept
