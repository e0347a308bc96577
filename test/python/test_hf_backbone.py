"""The hf: backbone adapter, on tiny random instances of five real transformers architectures
(helpers/tiny_vlms.py: LLaVA, PaliGemma, Qwen2-VL, Idefics3, Kosmos-2) saved with their own
processors and tokenizers, as a downloaded model would be.

What a user checks: our features for a frame and an instruction are the model's own (from its
processor's output), every formulation learns, checkpoints reload exactly, frozen towers stay frozen,
LoRA trains adapters only and merges to the same outputs, a trained policy evaluates on Playtable,
and an hf: spec without transformers fails in one clear line."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from helpers.tiny_vlms import FAMILIES, IMAGE, build

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "VLA_LAB_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
TASKS = ["open_drawer", "move_slider_left"]
STATS = {"mean": [0] * 6, "std": [1] * 6, "min": [-1] * 6, "max": [1] * 6}
INSTRUCTION = "open the drawer"


def hf_spec(model_dir, data_dir="unused", backbone=None, action=None, **policy):
    from vlalab.trainer.spec import with_defaults

    pol = {"formulation": "policy-head", "history": 2, "chunk": 2, "head": {"type": "mlp", "hidden": 32, "layers": 1}, **policy}
    return with_defaults(
        {
            "name": "hf",
            "backbone": {"id": f"hf:{model_dir}", "path": str(model_dir), **(backbone or {})},
            "policy": pol,
            "observation": {"image_size": IMAGE, "cameras": ["static"]},
            **({"action": action} if action else {}),
            "data": {"stages": [{"name": "ft", "datasets": [{"type": "playtable", "path": str(data_dir), "tasks": TASKS}], "steps": 3}]},
            "train": {"batch_size": 4, "lr": 0.001, "log_every": 1, "val_every": 3, "checkpoint_every": 3, "warmup_steps": 0},
            "eval": [],
        }
    )


@pytest.fixture(scope="session")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny-vlms")
    return {f: build(f, str(root / f)) for f in FAMILIES}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    from vlalab.sim.dataset_writer import generate_dataset

    d = str(tmp_path_factory.mktemp("playtable"))
    generate_dataset(d, TASKS, 2, IMAGE, seed=0, split="training")
    generate_dataset(d, TASKS, 1, IMAGE, seed=1, split="validation")
    return d


def make_policy(model_dir, seed=0, backbone=None, action=None, action_tokenizer=None, **policy):
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import build_tokenizer

    torch.manual_seed(seed)
    spec = hf_spec(model_dir, backbone=backbone, action=action, **policy)
    return build_policy(spec, build_tokenizer(spec, [INSTRUCTION]), STATS, action_tokenizer)


def fixed_batch(policy, b=2, t=2, seed=0):
    g = torch.Generator().manual_seed(seed)
    ids, mask = policy.tokenizer.batch([INSTRUCTION, "move the slider to the left"][:b])
    return {
        "images": torch.randint(0, 255, (b, t, 1, IMAGE, IMAGE, 3), dtype=torch.uint8, generator=g),
        "ids": ids,
        "mask": mask,
        "actions": torch.rand(b, t, policy.chunk, 7, generator=g) * 2 - 1,
        "action_mask": torch.ones(b, t, policy.chunk, dtype=torch.bool),
    }


def train_steps(policy, batch, steps, lr=3e-3):
    opt = torch.optim.Adam([p for p in policy.parameters() if p.requires_grad], lr=lr)
    losses = []
    policy.train()
    for _ in range(steps):
        loss = policy.loss(batch)["loss"]
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def reference_hidden(model_dir, family, frame, instruction, layer=-1):
    """The model's own hidden states for a frame + instruction, from its processor's output: the last
    (normalised) output, or `hidden_states[layer]` when a layer is asked for."""
    import transformers as tf

    model = tf.AutoModelForImageTextToText.from_pretrained(model_dir, local_files_only=True).eval()
    if family == "qwen2_vl":
        # its processor needs torchvision (see tiny_vlms.py): the image processor and tokenizer it holds,
        # and the processor's own expansion of <|image_pad|> to one token per merged patch
        ip = tf.AutoImageProcessor.from_pretrained(model_dir, local_files_only=True)
        tk = tf.AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
        pix = ip(images=[frame], return_tensors="pt")
        n = int(pix["image_grid_thw"].prod()) // ip.merge_size**2
        inputs = dict(tk(["<|vision_start|>" + "<|image_pad|>" * n + "<|vision_end|>" + instruction], return_tensors="pt"), **pix)
        inputs["mm_token_type_ids"] = (inputs["input_ids"] == tk.convert_tokens_to_ids("<|image_pad|>")).int()
    else:
        proc = tf.AutoProcessor.from_pretrained(model_dir, local_files_only=True)
        text = instruction if family == "kosmos2" else proc.image_token + instruction  # Kosmos-2 adds its image block itself
        inputs = proc(images=[frame], text=[text], return_tensors="pt")
        inputs.pop("labels", None)
    with torch.no_grad():
        if family == "kosmos2":
            feats = model.get_image_features(inputs["pixel_values"]).pooler_output
            out = model.text_model.model(
                input_ids=inputs["input_ids"],
                attention_mask=inputs["attention_mask"],
                image_embeds=feats,
                image_embeds_position_mask=inputs["image_embeds_position_mask"],
                output_hidden_states=layer != -1,
            )
        else:
            out = model.model(**inputs, output_hidden_states=layer != -1)
    h = out.last_hidden_state if layer == -1 else out.hidden_states[layer]
    return h[0], inputs["input_ids"][0]


def ours_and_models_own(policy, model_dir, family, frame):
    """Hidden states of [image block, instruction] for one frame: ours (policy.frame_hidden, without
    the ACT token after them) and the model's own from its processor's output (without the BOS its
    processor writes, which our sequence leaves out)."""
    want, ref_ids = reference_hidden(model_dir, family, frame, INSTRUCTION)
    tok = policy.tokenizer
    tok.max_length, tok._cache = len(tok.tok(INSTRUCTION, add_special_tokens=False)["input_ids"]), {}
    ids, mask = tok.batch([INSTRUCTION])
    with torch.no_grad():
        vis = policy.backbone.encode_images(policy.preprocess(torch.from_numpy(frame)[None, None]))
        ours = policy.frame_hidden(vis, ids, mask, torch.full((1, 1), policy.act_token))[0]  # [image block, instruction, ACT]
    if policy.backbone.bos_id is not None:
        keep = torch.ones(len(ref_ids), dtype=torch.bool)
        keep[(ref_ids == policy.backbone.bos_id).nonzero()[0]] = False
        want = want[keep]
    assert ours.shape[0] == want.shape[0] + 1
    return ours[:-1], want


@pytest.mark.parametrize("family", FAMILIES)
def test_features_are_the_models_own_for_a_frame_and_instruction(models, family):
    policy = make_policy(models[family], formulation="one-step", history=1).eval()
    frame = np.random.RandomState(1).randint(0, 256, (IMAGE, IMAGE, 3), dtype=np.uint8)
    ours, want = ours_and_models_own(policy, models[family], family, frame)
    torch.testing.assert_close(ours, want, atol=1e-4, rtol=1e-4)


FORMULATIONS = [
    dict(formulation="one-step", history=1),
    dict(formulation="interleaved", history=2),
    dict(formulation="policy-head", history=2),
    dict(formulation="one-step", history=1, action_space="discrete", discretization={"bins": 8, "min": -1, "max": 1}),
]


@pytest.mark.parametrize("family", FAMILIES)
def test_loss_falls_for_every_formulation(models, family):
    for pol in FORMULATIONS:
        policy = make_policy(models[family], **pol)
        # 8 bins: the discrete loss starts at ln 8 and needs a larger step to move in a few steps
        discrete = "discretization" in pol
        losses = train_steps(policy, fixed_batch(policy), 8 if discrete else 6, lr=1e-2 if discrete else 3e-3)
        assert all(np.isfinite(losses)) and min(losses[-3:]) < 0.9 * losses[0], (pol, losses)


@pytest.mark.parametrize("family", FAMILIES)
def test_checkpoint_reloads_to_identical_outputs_and_frozen_towers_stay_frozen(models, family, tmp_path):
    frozen = {"train": {"vision": False, "language": False}}
    policy = make_policy(models[family], backbone=frozen)
    bb = policy.backbone
    before = {n: p.detach().clone() for n, p in policy.named_parameters() if not p.requires_grad}
    assert any(".vision" in n or ".visual" in n for n in before) and any("language_model" in n or "text_model" in n for n in before)
    batch = fixed_batch(policy)
    train_steps(policy, batch, 3)
    assert all(torch.equal(p, before[n]) for n, p in policy.named_parameters() if n in before)
    assert any(p.requires_grad for p in bb.parameters())  # the projector and our tokens still train
    torch.save(policy.state_dict(), tmp_path / "policy.pt")
    again = make_policy(models[family], seed=1, backbone=frozen)
    again.load_state_dict(torch.load(tmp_path / "policy.pt", weights_only=True))
    policy.eval(), again.eval()
    torch.testing.assert_close(
        again.predict(batch["images"], batch["ids"], batch["mask"]),
        policy.predict(batch["images"], batch["ids"], batch["mask"]),
        atol=0,
        rtol=0,
    )


@pytest.mark.parametrize("family", FAMILIES)
def test_lora_trains_adapters_only_and_merges_to_the_same_outputs(models, family):
    lora = {"lora": {"enabled": True, "r": 4, "alpha": 8, "dropout": 0.0, "towers": "both"}, "train": {"text_embedding": False}}
    policy = make_policy(models[family], backbone=lora)
    model = policy.backbone.model
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    adapters = {n for n in before if "lora_" in n}
    assert (
        adapters
        and any("vision" in n or "visual" in n for n in adapters)
        and any("language_model" in n or "text_model" in n for n in adapters)
    )
    batch = fixed_batch(policy)
    train_steps(policy, batch, 3)
    changed = {n for n, p in model.named_parameters() if not torch.equal(p, before[n])}
    towers = ("vision", "visual", "language_model", "text_model")
    assert changed & adapters and all(n in adapters for n in changed if any(t in n for t in towers)), sorted(changed - adapters)
    policy.eval()
    with torch.no_grad():
        adapted = policy(policy.preprocess(batch["images"]), batch["ids"], batch["mask"])[0]
        policy.backbone.merge_lora()
        assert not any("lora_" in n for n, _ in policy.named_parameters())
        merged = policy(policy.preprocess(batch["images"]), batch["ids"], batch["mask"])[0]
    torch.testing.assert_close(merged, adapted, atol=1e-5, rtol=1e-4)


def test_a_trained_hf_policy_evaluates_on_playtable(models, data_dir, tmp_path):
    spec = hf_spec(models["idefics3"], data_dir, backbone={"lora": {"enabled": True, "r": 4}})
    spec["eval"] = [{"benchmark": "playtable", "chains": 2, "chain_length": 1, "max_steps": 10, "videos": 0}]
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    run = tmp_path / "run"
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", str(tmp_path / "spec.json"), "--run-dir", str(run)],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    events = [json.loads(line) for line in (run / "events.jsonl").read_text().splitlines()]
    result = next(e for e in events if e["type"] == "eval_result")
    assert result["benchmark"] == "playtable" and len(result["episodes"]) == 2 if "episodes" in result else result
    assert events[-1]["type"] == "run_end" and events[-1]["status"] == "completed"


def test_a_missing_model_directory_is_one_clear_line(tmp_path):
    from vlalab.policy.backbones.hf import load_model
    from vlalab.policy.tokenizer import ConfigError

    for spec in (hf_spec(tmp_path / "nowhere"), hf_spec(tmp_path)):
        with pytest.raises(ConfigError) as e:
            load_model(spec)
        assert "\n" not in str(e.value) and str(tmp_path) in str(e.value), str(e.value)


def test_random_init_is_asked_for_and_said(models, tmp_path):
    import shutil

    d = tmp_path / "config-only"
    shutil.copytree(models["llava"], d)
    for f in d.glob("*.safetensors"):
        f.unlink()
    from vlalab.policy.tokenizer import ConfigError

    with pytest.raises(ConfigError, match="weight files"):
        make_policy(d)
    said = []
    from vlalab.policy.backbones.hf import load_model

    load_model(hf_spec(d, backbone={"init": "random"}), log=said.append)
    assert len(said) == 1 and said[0].startswith("warning:") and "random" in said[0]


def own_tokenizer(model_dir):
    import transformers

    return transformers.AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)


def test_checkpoint_rebuilds_the_same_tokenizer_and_exports(tmp_path, models, data_dir):
    from vlalab.policy.tokenizer import HFTokenizer
    from vlalab.trainer import checkpoint as ckpt
    from vlalab.trainer.evaluate import load_policy

    model_dir = models["llava"]
    (tmp_path / "spec.json").write_text(json.dumps(hf_spec(model_dir, data_dir)))
    run = tmp_path / "run"
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", str(tmp_path / "spec.json"), "--run-dir", str(run), "--no-eval"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    path = ckpt.final(str(run))
    saved = torch.load(path, weights_only=True)["tokenizer"]  # plain data: loads without unpickling classes
    assert saved["kind"] == "hf" and os.path.samefile(saved["path"], model_dir) and "vocab" not in saved
    assert saved["vocab_size"] == len(own_tokenizer(model_dir)) and 1 < saved["max_length"] <= 64
    policy, _, _ = load_policy(path)
    assert isinstance(policy.tokenizer, HFTokenizer) and policy.tokenizer.state_dict() == saved
    text = "slide the door to the left"
    ids, mask = policy.tokenizer.batch([text])
    want = own_tokenizer(model_dir)(text, add_special_tokens=False)["input_ids"][: saved["max_length"]]
    assert ids[0, : len(want)].tolist() == want and mask[0].sum() == len(want) and ids.shape == (1, saved["max_length"])
    assert policy.predict(torch.randint(0, 255, (1, 2, 1, IMAGE, IMAGE, 3), dtype=torch.uint8), ids, mask).shape == (1, 2, 7)
    # the probe's export (ONNX parity: test_hf_probe.py): no tokenizer in policy.json, which the probe does not re-implement
    r = subprocess.run([PY, "-m", "vlalab", "export-onnx", "--run-dir", str(run)], env=ENV, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert (run / "export" / "policy.onnx").exists() and "tokenizer" not in json.loads((run / "export" / "policy.json").read_text())


# ---- everywhere: no transformers --------------------------------------------------------------------------


@pytest.fixture
def no_transformers(tmp_path):
    """An environment where `import transformers` fails as it does when the package is missing."""
    fake = tmp_path / "fake-site" / "transformers"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'transformers'\", name='transformers')\n")
    return {**ENV, "PYTHONPATH": os.pathsep.join([str(fake.parent), ENV["PYTHONPATH"]])}


def test_hf_without_transformers_is_one_clear_line(monkeypatch):
    from vlalab.policy.registry import create_backbone
    from vlalab.policy.tokenizer import ConfigError, build_tokenizer, tokenizer_from_state_dict

    monkeypatch.setitem(sys.modules, "transformers", None)
    spec = hf_spec("/models/tiny-vlm")
    for make in (
        lambda: build_tokenizer(spec, ["open the drawer"]),
        lambda: create_backbone(spec, 100, 1),
        lambda: tokenizer_from_state_dict({"kind": "hf", "path": "/models/tiny-vlm", "max_length": 8}),
    ):
        with pytest.raises(ConfigError) as e:
            make()
        msg = str(e.value)
        assert "\n" not in msg and "hf:/models/tiny-vlm" in msg and "pip install transformers" in msg, msg


def test_train_with_an_hf_spec_without_transformers_fails_in_one_line(tmp_path, no_transformers):
    (tmp_path / "spec.json").write_text(json.dumps(hf_spec(tmp_path / "model")))
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", str(tmp_path / "spec.json"), "--run-dir", str(tmp_path / "run")],
        env=no_transformers,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert (
        r.stderr.startswith("vlalab: backbone 'hf:")
        and "needs the transformers package" in r.stderr
        and "pip install transformers" in r.stderr
    )


def test_eval_and_export_of_an_hf_checkpoint_fail_in_one_line(tmp_path, no_transformers):
    from vlalab.trainer import checkpoint as ckpt

    run = tmp_path / "run"
    spec = hf_spec(tmp_path / "model")
    ckpt.save(
        str(run),
        3,
        {
            "step": 3,
            "model": {},
            "stats": STATS,
            "spec": spec,
            "tokenizer": {
                "kind": "hf",
                "backbone": spec["backbone"]["id"],
                "path": str(tmp_path / "model"),
                "max_length": 8,
                "vocab_size": 100,
            },
        },
        final=True,
    )
    r = subprocess.run(
        [PY, "-m", "vlalab", "eval", "--run-dir", str(run)], env=no_transformers, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert "vlalab: run failed: backbone 'hf:" in r.stderr and "pip install transformers" in r.stderr
    end = [json.loads(line) for line in (run / "events.jsonl").read_text().splitlines()][-1]
    assert end["type"] == "run_end" and end["error_kind"] == "config"
    # export needs the model too: the same one line
    r = subprocess.run(
        [PY, "-m", "vlalab", "export-onnx", "--run-dir", str(run)], env=no_transformers, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "pip install transformers" in r.stderr and "hf:" in r.stderr and "Traceback" not in r.stderr


def test_checkpoints_before_tokenizer_kinds_hold_a_word_tokenizer():
    from vlalab.policy.tokenizer import WordTokenizer, tokenizer_from_state_dict

    old = {"vocab": ["<pad>", "<unk>", "drawer", "open", "the"], "max_length": 6}
    tok = tokenizer_from_state_dict(old)
    assert isinstance(tok, WordTokenizer) and tok.encode("Open the drawer")[0] == [3, 4, 2, 0, 0, 0]
    assert tokenizer_from_state_dict(tok.state_dict()).vocab == old["vocab"]
