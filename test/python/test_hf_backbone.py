"""The hf: backbone adapter on a tiny, randomly initialised Hugging Face VLM saved to a local
directory (nothing downloaded). Runs wherever transformers is importable; skips elsewhere."""
import importlib.util

import pytest
import torch

pytestmark = pytest.mark.skipif(importlib.util.find_spec("transformers") is None,
                                reason="transformers is not installed here (the GPU machine has it); the hf: adapter is tested there")


def test_hf_backbone_trains_a_policy_head_policy(tmp_path):
    import transformers
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import WordTokenizer
    from vlalab.trainer.spec import with_defaults
    vision = transformers.CLIPVisionConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2, image_size=32, patch_size=16)
    text = transformers.LlamaConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2, vocab_size=128)
    cfg = transformers.LlavaConfig(vision_config=vision, text_config=text, image_token_index=127)
    model = transformers.LlavaForConditionalGeneration(cfg)
    model.save_pretrained(tmp_path)
    spec = with_defaults({"name": "hf", "backbone": {"id": f"hf:{tmp_path}", "path": str(tmp_path)},
                          "policy": {"formulation": "policy-head", "history": 2, "chunk": 2, "head": {"type": "mlp", "hidden": 32, "layers": 1}},
                          "observation": {"image_size": 32, "cameras": ["static"]},
                          "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]}})
    tok = WordTokenizer.build(["open the drawer"])
    policy = build_policy(spec, tok, {"mean": [0] * 6, "std": [1] * 6, "min": [-1] * 6, "max": [1] * 6})
    ids, mask = tok.batch(["open the drawer"] * 2)
    batch = {"images": torch.randint(0, 255, (2, 2, 1, 32, 32, 3), dtype=torch.uint8), "ids": ids, "mask": mask,
             "actions": torch.rand(2, 2, 2, 7) * 2 - 1, "action_mask": torch.ones(2, 2, 2, dtype=torch.bool)}
    out = policy.loss(batch)
    out["loss"].backward()
    assert torch.isfinite(out["loss"])
