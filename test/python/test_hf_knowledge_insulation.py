"""Knowledge insulation (π0.5 + KI, `action.knowledge_insulation`) on hf: backbones, the tiny real
architectures of helpers/tiny_vlms.py: for every family the flow expert reads detached latents (the
backbone's gradient is the token loss's alone, scaled by `action.token_weight`; without insulation
the flow loss reaches it), training on a batch lowers both losses, and the built-in trainer trains an
hf: KI spec end to end, recording the token-loss weight in the run."""

import json
import subprocess

import numpy as np
import pytest
import torch
from helpers.tiny_vlms import FAMILIES
from test_hf_backbone import ENV, IMAGE, INSTRUCTION, PY, data_dir, hf_spec, make_policy, models, train_steps  # noqa: F401 (fixtures)

CHUNK = 4
POLICY = {"formulation": "policy-head", "history": 2, "chunk": CHUNK, "head": {"type": "flow", "hidden": 32, "layers": 1}}
FAST = {"vocab_size": 64}  # ≥ the 41 integers a chunk of 4 produces at scale 10


@pytest.fixture(scope="module")
def chunks():
    """Smooth 7-D action chunks (a random walk, gripper ±1): what the FAST tokenizer is fitted on."""
    rng = np.random.default_rng(0)
    c = np.cumsum(rng.normal(0, 0.05, (256, CHUNK, 7)), axis=1).clip(-1, 1)
    c[..., -1] = np.where(c[..., -1] > 0, 1.0, -1.0)
    return c


@pytest.fixture(scope="module")
def fast(chunks):
    from vlalab.policy.fast import FastTokenizer

    return FastTokenizer.fit(chunks, 10, FAST["vocab_size"])


def ki_policy(model_dir, fast, insulated=True, token_weight=None):
    action = {"knowledge_insulation": insulated, "fast": FAST, **({"token_weight": token_weight} if token_weight is not None else {})}
    return make_policy(model_dir, action=action, action_tokenizer=fast, **POLICY)


def batch_of(policy, chunks, b=2, t=2):
    g = torch.Generator().manual_seed(0)
    ids, mask = policy.tokenizer.batch([INSTRUCTION, "move the slider to the left"][:b])
    return {
        "images": torch.randint(0, 255, (b, t, 1, IMAGE, IMAGE, 3), dtype=torch.uint8, generator=g),
        "ids": ids,
        "mask": mask,
        "actions": torch.from_numpy(chunks[: b * t]).float().view(b, t, CHUNK, 7),
        "action_mask": torch.ones(b, t, CHUNK, dtype=torch.bool),
    }


def grads(policy, loss):
    policy.zero_grad(set_to_none=True)
    loss.backward()
    return {n: p.grad.clone() for n, p in policy.named_parameters() if p.grad is not None}


@pytest.mark.parametrize("family", FAMILIES)
def test_the_expert_reads_detached_latents_of_every_hf_family(models, chunks, fast, family):
    policy = ki_policy(models[family], fast, token_weight=0.5).eval()  # eval: no dropout, the same passes
    batch = batch_of(policy, chunks)
    torch.manual_seed(1)
    out = policy.loss(batch)
    assert {"loss_tokens", "acc_token", "loss_arm"} <= set(out) and torch.isfinite(out["loss"])
    total = grads(policy, out["loss"])
    images = policy.preprocess(batch["images"])
    tokens_only = grads(policy, policy.fast_token_loss(images, batch["ids"], batch["mask"], batch["actions"][:, -1])[0])
    backbone = [n for n in tokens_only if n.startswith("backbone.")]
    head = [n for n in total if n.startswith("head.")]
    assert backbone and head
    # the backbone learns from the token loss alone (times its weight), the expert from its own loss
    assert {n for n in total if n.startswith("backbone.")} == set(backbone)
    for n in backbone:
        torch.testing.assert_close(total[n], 0.5 * tokens_only[n], atol=1e-6, rtol=1e-4)
    assert sum(float(tokens_only[n].abs().sum()) for n in backbone) > 0
    assert not any(n.startswith("head.") for n in tokens_only) and sum(float(total[n].abs().sum()) for n in head) > 0
    # without insulation the flow loss alone reaches the backbone
    plain = ki_policy(models[family], fast, insulated=False).eval()
    torch.manual_seed(1)
    flow_only = grads(plain, plain.loss(batch)["loss"])
    assert sum(float(g.abs().sum()) for n, g in flow_only.items() if n.startswith("backbone.")) > 0


@pytest.mark.parametrize("family", ["qwen2_vl", "idefics3"])  # paligemma trains through the trainer below
def test_training_lowers_the_token_and_flow_losses(models, chunks, fast, family):
    policy = ki_policy(models[family], fast)
    batch = batch_of(policy, chunks)
    opt = torch.optim.Adam([p for p in policy.parameters() if p.requires_grad], lr=3e-3)
    torch.manual_seed(0)
    seen = []
    for _ in range(8):
        out = policy.loss(batch)
        opt.zero_grad()
        out["loss"].backward()
        opt.step()
        seen.append((float(out["loss_tokens"]), float(out["loss_arm"])))
    tokens, arm = np.array(seen).T
    print(family, "token loss", tokens.round(3), "flow loss", arm.round(3))
    assert np.isfinite(seen).all()
    assert tokens[-3:].min() < 0.9 * tokens[0], tokens
    assert arm[-3:].min() < arm[0], arm  # the flow loss is noisy (random times and noise): below where it started


def test_the_trainer_trains_an_hf_ki_spec_and_records_the_token_weight(models, data_dir, tmp_path):
    from vlalab.trainer import checkpoint as ckpt

    spec = hf_spec(models["paligemma"], data_dir, action={"knowledge_insulation": True, "fast": FAST, "token_weight": 0.5}, **POLICY)
    spec["data"]["stages"][0]["steps"] = 4
    spec["train"]["lr"] = 3e-3
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    run = tmp_path / "run"
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", str(tmp_path / "spec.json"), "--run-dir", str(run), "--no-eval"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert "knowledge insulation: the backbone learns them with token loss weight 0.5" in r.stdout, r.stdout
    assert ckpt.load(ckpt.final(str(run)))["spec"]["action"]["token_weight"] == 0.5
    events = [json.loads(line) for line in (run / "events.jsonl").read_text().splitlines()]
    scalars = {}
    for e in events:
        if e.get("type") == "scalar":
            scalars.setdefault(e["name"], []).append(e["value"])
    assert len(scalars["train/loss_tokens"]) == 4 and np.isfinite(scalars["train/loss"]).all()
    # the logged total is token_weight × the token loss + the expert's losses (arm_weight 1, gripper_weight 0.01)
    tok, arm, grip = (np.array(scalars[f"train/{k}"]) for k in ("loss_tokens", "loss_arm", "loss_gripper"))
    np.testing.assert_allclose(scalars["train/loss"], 0.5 * tok + arm + 0.01 * grip, rtol=1e-4)
    assert events[-1]["type"] == "run_end" and events[-1]["status"] == "completed"
