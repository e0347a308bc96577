"""The hf: backbone's training options, on the tiny real architectures of helpers/tiny_vlms.py:

- gradient checkpointing recomputes the blocks in the backward pass and changes nothing else (the same
  loss and gradients as without);
- feature_layer picks the model's own hidden_states[layer] (not the final output);
- autocast bf16 runs the language model in bf16 with fp32 weights, and the loss stays close to fp32's;
- under torchrun (2 CPU ranks, gloo) an hf: policy with a frozen vision tower and LoRA on the language
  model trains to the end with identical parameters on every rank, the frozen tower untouched."""

import json
import subprocess

import numpy as np
import pytest
import torch
from helpers.tiny_vlms import IMAGE
from test_hf_backbone import INSTRUCTION, data_dir, fixed_batch, hf_spec, make_policy, models, reference_hidden  # noqa: F401 (fixtures)
from test_torchrun import ENV, torchrun


def loss_and_grads(policy, batch):
    policy.train()
    policy.zero_grad()
    loss = policy.loss(batch)["loss"]
    loss.backward()
    return loss.detach(), {n: p.grad.clone() for n, p in policy.named_parameters() if p.grad is not None}


def decoder_layer(policy):
    """The language model's first transformer block (the unit gradient checkpointing recomputes)."""
    from vlalab.policy.backbones.hf import LANGUAGE_MODELS, _find

    _, lm = _find(policy.backbone.base, LANGUAGE_MODELS)
    return lm.layers[0]


@pytest.mark.parametrize("family", ["llava", "idefics3"])
def test_gradient_checkpointing_recomputes_and_gives_the_same_loss_and_gradients(models, family):
    plain = make_policy(models[family])
    checkpointed = make_policy(models[family], backbone={"train": {"gradient_checkpointing": True}})
    checkpointed.load_state_dict(plain.state_dict())
    batch = fixed_batch(plain)
    calls = {"plain": 0, "checkpointed": 0}
    for name, policy in (("plain", plain), ("checkpointed", checkpointed)):
        # a pre-hook inside the block: transformers checkpoints the block's forward (hooks on the block itself
        # run once), and the recomputation stops early once its last saved tensor is back (so no post-hook)
        decoder_layer(policy).mlp.register_forward_pre_hook(lambda *_, name=name: calls.__setitem__(name, calls[name] + 1))
    want_loss, want_grads = loss_and_grads(plain, batch)
    got_loss, got_grads = loss_and_grads(checkpointed, batch)
    # checkpointing is really on: the block runs again in the backward pass
    assert calls["checkpointed"] == 2 * calls["plain"] > 0, calls
    torch.testing.assert_close(got_loss, want_loss, atol=1e-5, rtol=0)
    assert got_grads.keys() == want_grads.keys() and len(want_grads) > 10
    for n in want_grads:
        torch.testing.assert_close(got_grads[n], want_grads[n], atol=1e-5, rtol=1e-5, msg=n)


def frame_features(policy, frame):
    """Our hidden states for [image block, instruction] of one frame (the [ACT] position dropped)."""
    tok = policy.tokenizer
    tok.max_length, tok._cache = len(tok.tok(INSTRUCTION, add_special_tokens=False)["input_ids"]), {}
    ids, mask = tok.batch([INSTRUCTION])
    with torch.no_grad():
        vis = policy.backbone.encode_images(policy.preprocess(torch.from_numpy(frame)[None, None]))
        return policy.frame_hidden(vis, ids, mask, torch.full((1, 1), policy.act_token))[0, :-1]


@pytest.mark.parametrize("family", ["llava", "qwen2_vl"])
def test_feature_layer_is_the_models_own_hidden_state_of_that_layer(models, family):
    frame = np.random.RandomState(2).randint(0, 256, (IMAGE, IMAGE, 3), dtype=np.uint8)
    last = frame_features(make_policy(models[family], formulation="one-step", history=1).eval(), frame)
    for layer in (1, -2):  # the tiny models have 2 blocks: hidden_states has 3 entries, so both name block 1's output
        policy = make_policy(models[family], formulation="one-step", history=1, backbone={"feature_layer": layer}).eval()
        ours = frame_features(policy, frame)
        want, ref_ids = reference_hidden(models[family], family, frame, INSTRUCTION, layer=layer)
        bos = policy.backbone.bos_id
        if bos is not None:  # our output leaves out the BOS the processor writes
            want = want[ref_ids != bos]
        assert ours.shape == want.shape == last.shape
        torch.testing.assert_close(ours, want, atol=1e-4, rtol=1e-4)
        assert (ours - last).abs().max() > 1e-2, "an inner layer's features differ from the final output's"


def test_autocast_bf16_runs_the_model_in_bf16_and_the_loss_stays_close_to_fp32(models):
    fp32 = make_policy(models["llava"])
    bf16 = make_policy(models["llava"], backbone={"train": {"autocast": "bf16"}})
    bf16.load_state_dict(fp32.state_dict())
    seen = []
    decoder_layer(bf16).self_attn.q_proj.register_forward_hook(lambda m, i, o: seen.append(o.dtype))
    batch = fixed_batch(fp32)
    want, _ = loss_and_grads(fp32, batch)
    got, grads = loss_and_grads(bf16, batch)
    assert seen and set(seen) == {torch.bfloat16}, seen
    assert all(p.dtype == torch.float32 for p in bf16.parameters()), "weights stay fp32 under autocast"
    assert got.dtype == torch.float32 and torch.isfinite(got) and all(torch.isfinite(g).all() for g in grads.values())
    assert abs(got.item() - want.item()) <= 0.02 * abs(want.item()), (got.item(), want.item())


def test_two_ranks_train_an_hf_policy_with_frozen_vision_and_language_lora(models, data_dir, tmp_path):
    import transformers

    backbone = {"train": {"vision": False}, "lora": {"enabled": True, "r": 4, "alpha": 8, "dropout": 0.0, "towers": "language"}}
    spec = hf_spec(models["llava"], data_dir, backbone=backbone)
    spec["data"]["stages"][0]["steps"] = 4
    spec["train"].update({"batch_size": 2, "checkpoint_every": 100, "val_every": 100})
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    run = tmp_path / "run"
    r = subprocess.run(
        torchrun(2, "-m", "vlalab", "train", "--spec", str(tmp_path / "spec.json"), "--run-dir", str(run), "--no-eval"),
        env=ENV,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    assert "2 ranks: parameters identical on every rank" in r.stdout, r.stdout
    evs = [json.loads(line) for line in (run / "events.jsonl").read_text().splitlines()]
    assert evs[-1]["type"] == "run_end" and evs[-1]["status"] == "completed" and evs[-1]["step"] == 4
    assert [e for e in evs if e["type"] == "run_start"][0]["world_size"] == 2
    assert not any(e["type"] == "warning" and e.get("code") == "ranks-diverged" for e in evs)
    from vlalab.trainer import checkpoint as ckpt

    state = torch.load(ckpt.final(str(run)), weights_only=True)["model"]
    original = transformers.AutoModelForImageTextToText.from_pretrained(models["llava"], local_files_only=True).state_dict()
    vision = {k: v for k, v in state.items() if ".vision_tower." in k}
    assert vision, sorted(state)[:10]
    for k, v in vision.items():  # the frozen tower is the pre-trained one, bit for bit
        name = "model.vision_tower." + k.split(".vision_tower.", 1)[1].replace(".base_layer.", ".")
        assert torch.equal(v, original[name]), k
    lora_b = [v for k, v in state.items() if "lora_B" in k and ".language_model." in k]
    assert lora_b and all("vision" not in k for k in state if "lora_" in k)
    assert any(v.abs().sum() > 0 for v in lora_b), "the language adapters trained (LoRA's B starts at zero)"
