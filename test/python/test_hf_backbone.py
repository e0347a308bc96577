"""The hf: backbone adapter.

Where transformers is importable: a tiny, randomly initialised LLaVA and a tiny BPE tokenizer saved
together to a local directory (nothing downloaded); instructions reach the model as that tokenizer's
ids, a checkpoint rebuilds the same tokenizer, and export-onnx refuses in one line. Everywhere (this
machine has no transformers): an hf: spec without transformers fails in one clear line, in train,
eval and export-onnx alike."""
import importlib.util
import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "VLA_LAB_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
TASKS = ["open_drawer", "move_slider_left"]
STATS = {"mean": [0] * 6, "std": [1] * 6, "min": [-1] * 6, "max": [1] * 6}

needs_transformers = pytest.mark.skipif(importlib.util.find_spec("transformers") is None,
                                        reason="transformers is not installed here (the GPU machine has it); the hf: adapter is tested there")


def hf_spec(model_dir, data_dir="unused", **policy):
    from vlalab.trainer.spec import with_defaults
    pol = {"formulation": "policy-head", "history": 2, "chunk": 2, "head": {"type": "mlp", "hidden": 32, "layers": 1}, **policy}
    return with_defaults({"name": "hf", "backbone": {"id": f"hf:{model_dir}", "path": str(model_dir)}, "policy": pol,
                          "observation": {"image_size": 32, "cameras": ["static"]},
                          "data": {"stages": [{"name": "ft", "datasets": [{"type": "playtable", "path": str(data_dir), "tasks": TASKS}], "steps": 3}]},
                          "train": {"batch_size": 4, "lr": 0.001, "log_every": 1, "val_every": 3, "checkpoint_every": 3, "warmup_steps": 0},
                          "eval": []})


# ---- with transformers (the GPU machine) ---------------------------------------------------------------

@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    from vlalab.sim.dataset_writer import generate_dataset
    d = str(tmp_path_factory.mktemp("playtable"))
    generate_dataset(d, TASKS, 2, 32, seed=0, split="training")
    generate_dataset(d, TASKS, 1, 32, seed=1, split="validation")
    return d


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    """A tiny LLaVA (CLIP vision, Llama text, 128 word embeddings) and its own BPE tokenizer (subword
    ids, <s> prepended, <pad> = 0) saved to one directory, as a downloaded VLM would be."""
    import transformers
    from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers
    from vlalab.sim.instructions import training_vocabulary
    d = tmp_path_factory.mktemp("tiny-llava")
    tk = Tokenizer(models.BPE(unk_token="<unk>"))
    tk.pre_tokenizer = pre_tokenizers.Whitespace()
    tk.train_from_iterator([" ".join(training_vocabulary())],
                           trainers.BpeTrainer(vocab_size=100, special_tokens=["<pad>", "<unk>", "<s>", "</s>"], show_progress=False))
    tk.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", tk.token_to_id("<s>"))])
    transformers.PreTrainedTokenizerFast(tokenizer_object=tk, unk_token="<unk>", pad_token="<pad>", bos_token="<s>",
                                         eos_token="</s>").save_pretrained(d)
    vision = transformers.CLIPVisionConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2, image_size=32, patch_size=16)
    text = transformers.LlamaConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2, vocab_size=128)
    cfg = transformers.LlavaConfig(vision_config=vision, text_config=text, image_token_index=127)
    transformers.LlavaForConditionalGeneration(cfg).save_pretrained(d)
    return d


def own_tokenizer(model_dir):
    import transformers
    return transformers.AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)


def own_ids(model_dir, text):
    return own_tokenizer(model_dir)(text)["input_ids"]


@needs_transformers
def test_training_feeds_the_models_own_token_ids(model_dir, data_dir):
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import HFTokenizer, WordTokenizer, build_tokenizer
    from vlalab.trainer.data import Segments, WindowDataset
    spec = hf_spec(model_dir, data_dir)
    seg = Segments(data_dir, "training", ["static"], 32, TASKS)
    texts = [t for t, *_ in seg.segments]
    tok = build_tokenizer(spec, texts)
    assert isinstance(tok, HFTokenizer) and tok.vocab_size == len(own_tokenizer(model_dir)) <= 100
    policy = build_policy(spec, tok, seg.stats())
    assert policy.act_token == policy.backbone.vocab_offset == 128  # [ACT] after the model's table, not a word id
    data = WindowDataset([seg], 2, 2, tok)
    fed, embed = [], policy.backbone.embed_text
    policy.backbone.embed_text = lambda ids: (fed.append(ids.clone()), embed(ids))[1]
    opt = torch.optim.Adam(policy.parameters(), lr=1e-3)
    words = WordTokenizer.build(texts)
    for k in range(3):
        idx = np.arange(k * 4, k * 4 + 4) % len(data)
        fed.clear()
        out = policy.loss(data.batch(idx))
        opt.zero_grad()
        out["loss"].backward()
        opt.step()
        assert torch.isfinite(out["loss"])
        text_ids = [f for f in fed if f.shape[0] > 1 or f.shape[1] > 1]
        assert text_ids and all(f.shape == (4, tok.max_length) for f in text_ids)
        assert any(f.shape == (1, 1) and int(f) == 128 for f in fed)
        for row, ids in zip(data.rows[idx], text_ids[0].tolist()):
            text = data.instructions[row[0]][row[1]]
            want = own_ids(model_dir, text)
            assert ids[:len(want)] == want and ids[len(want):] == [tok.pad_id] * (len(ids) - len(want)), text
            assert ids != words.encode(text)[0]


@needs_transformers
def test_discrete_hf_policy_predicts_bins_after_the_models_vocabulary(model_dir):
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import build_tokenizer
    spec = hf_spec(model_dir, formulation="one-step", action_space="discrete", history=1,
                   discretization={"bins": 8, "min": -1, "max": 1})
    tok = build_tokenizer(spec, ["open the drawer"])
    policy = build_policy(spec, tok, STATS)
    assert policy.bin_token0 == 129
    ids, mask = tok.batch(["open the drawer"] * 2)
    batch = {"images": torch.randint(0, 255, (2, 1, 1, 32, 32, 3), dtype=torch.uint8), "ids": ids, "mask": mask,
             "actions": torch.rand(2, 1, 2, 7) * 2 - 1, "action_mask": torch.ones(2, 1, 2, dtype=torch.bool)}
    out = policy.loss(batch)
    out["loss"].backward()
    assert torch.isfinite(out["loss"])
    assert policy.predict(batch["images"], ids, mask).shape == (2, 2, 7)


@needs_transformers
def test_checkpoint_rebuilds_the_same_tokenizer_and_export_refuses(tmp_path, model_dir, data_dir):
    from vlalab.policy.tokenizer import HFTokenizer
    from vlalab.trainer import checkpoint as ckpt
    from vlalab.trainer.evaluate import load_policy
    (tmp_path / "spec.json").write_text(json.dumps(hf_spec(model_dir, data_dir)))
    run = tmp_path / "run"
    r = subprocess.run([PY, "-m", "vlalab", "train", "--spec", str(tmp_path / "spec.json"), "--run-dir", str(run), "--no-eval"],
                       env=ENV, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    path = ckpt.final(str(run))
    saved = ckpt.load(path)["tokenizer"]
    assert saved["kind"] == "hf" and os.path.samefile(saved["path"], model_dir) and "vocab" not in saved
    assert saved["vocab_size"] == len(own_tokenizer(model_dir)) and 1 < saved["max_length"] <= 64
    policy, _, _ = load_policy(path)
    assert isinstance(policy.tokenizer, HFTokenizer) and policy.tokenizer.state_dict() == saved
    text = "slide the door to the left"
    ids, mask = policy.tokenizer.batch([text])
    want = own_ids(model_dir, text)[: saved["max_length"]]
    assert ids[0, :len(want)].tolist() == want and mask[0].sum() == len(want) and ids.shape == (1, saved["max_length"])
    assert policy.predict(torch.randint(0, 255, (1, 2, 1, 32, 32, 3), dtype=torch.uint8), ids, mask).shape == (1, 2, 7)
    r = subprocess.run([PY, "-m", "vlalab", "export-onnx", "--run-dir", str(run)], env=ENV, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "built-in backbones only" in r.stderr, r.stderr
    assert not (run / "export" / "policy.onnx").exists()


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
    for make in (lambda: build_tokenizer(spec, ["open the drawer"]), lambda: create_backbone(spec, 100, 1),
                 lambda: tokenizer_from_state_dict({"kind": "hf", "path": "/models/tiny-vlm", "max_length": 8})):
        with pytest.raises(ConfigError) as e:
            make()
        msg = str(e.value)
        assert "\n" not in msg and "hf:/models/tiny-vlm" in msg and "pip install transformers" in msg, msg


def test_train_with_an_hf_spec_without_transformers_fails_in_one_line(tmp_path, no_transformers):
    (tmp_path / "spec.json").write_text(json.dumps(hf_spec(tmp_path / "model")))
    r = subprocess.run([PY, "-m", "vlalab", "train", "--spec", str(tmp_path / "spec.json"), "--run-dir", str(tmp_path / "run")],
                       env=no_transformers, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith("vlalab: backbone 'hf:") and "needs the transformers package" in r.stderr and "pip install transformers" in r.stderr


def test_eval_and_export_of_an_hf_checkpoint_fail_in_one_line(tmp_path, no_transformers):
    from vlalab.trainer import checkpoint as ckpt
    run = tmp_path / "run"
    spec = hf_spec(tmp_path / "model")
    ckpt.save(str(run), 3, {"step": 3, "model": {}, "stats": STATS, "spec": spec,
                            "tokenizer": {"kind": "hf", "backbone": spec["backbone"]["id"], "path": str(tmp_path / "model"), "max_length": 8, "vocab_size": 100}},
              final=True)
    r = subprocess.run([PY, "-m", "vlalab", "eval", "--run-dir", str(run)], env=no_transformers, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert "vlalab: run failed: backbone 'hf:" in r.stderr and "pip install transformers" in r.stderr
    end = [json.loads(line) for line in (run / "events.jsonl").read_text().splitlines()][-1]
    assert end["type"] == "run_end" and end["error_kind"] == "config"
    # export refuses before building anything, so it says the same with or without transformers
    r = subprocess.run([PY, "-m", "vlalab", "export-onnx", "--run-dir", str(run)], env=no_transformers, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert "built-in backbones only" in r.stderr and "hf:" in r.stderr and "Traceback" not in r.stderr


def test_checkpoints_before_tokenizer_kinds_hold_a_word_tokenizer():
    from vlalab.policy.tokenizer import WordTokenizer, tokenizer_from_state_dict
    old = {"vocab": ["<pad>", "<unk>", "drawer", "open", "the"], "max_length": 6}
    tok = tokenizer_from_state_dict(old)
    assert isinstance(tok, WordTokenizer) and tok.encode("Open the drawer")[0] == [3, 4, 2, 0, 0, 0]
    assert tokenizer_from_state_dict(tok.state_dict()).vocab == old["vocab"]
