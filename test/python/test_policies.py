"""Every formulation × head builds, trains a few steps on a fixed batch and its loss falls;
decoding gives actions in the dataset's units; the tokenizer follows its documented rules and
matches the probe's TypeScript tokenizer."""
import copy
import json
import os
import shutil
import subprocess

import pytest
import torch

from vla_helpers import REPO
from vlalab.policies import VLAPolicy, WordTokenizer
from vlalab.policies.losses import action_loss

BASE = {"backbone": {"id": "tiny-prefix", "size": "nano"},
        "observation": {"image_size": 16, "patch_size": 8, "cameras": ["static", "gripper"], "proprio": True},
        "action": {"dim": 7, "arm_weight": 1.0, "gripper_weight": 0.1},
        "policy": {"history": 3, "chunk": 2, "head": {"type": "mlp", "hidden": 32, "layers": 2, "experts": 3, "top_k": 2, "balance_weight": 0.01},
                   "discretization": {"bins": 16, "min": -1, "max": 1}}}

# every formulation × head on the decoder-only backbone; the cross-attention backbone with its two formulations
COMBOS = [("tiny-prefix", f, "continuous", h) for f in ("one-step", "interleaved", "policy-head") for h in ("mlp", "lstm", "gpt", "moe")]
COMBOS += [("tiny-xattn", f, "continuous", "lstm") for f in ("one-step", "policy-head")]
COMBOS += [(b, "one-step", "discrete", "mlp") for b in ("tiny-prefix", "tiny-xattn")]
STATS = {"mean": [0.1] * 7, "std": [0.5] * 7, "min": [-1] * 7, "max": [1] * 7, "proprio_mean": [0] * 15, "proprio_std": [1] * 15}


def _policy(backbone, formulation, space, head, base=BASE):
    s = copy.deepcopy(base)
    s["backbone"]["id"] = backbone
    s["policy"].update(formulation=formulation, action_space=space)
    s["policy"]["head"]["type"] = head
    torch.manual_seed(0)
    m = VLAPolicy(s, 12)
    m.normalizer.fit(STATS)
    return m, s


def _batch(b=4, t=3):
    g = torch.Generator().manual_seed(1)
    acts = torch.rand(b, t, 2, 7, generator=g) * 1.6 - 0.8
    acts[..., -1] = torch.where(acts[..., -1] > 0, 1.0, -1.0)
    return (torch.rand(b, t, 2, 3, 16, 16, generator=g), torch.randint(2, 12, (b, 5), generator=g), torch.ones(b, 5, dtype=torch.bool),
            torch.randn(b, t, 15, generator=g), acts, torch.ones(b, t, 2, dtype=torch.bool))


@pytest.mark.parametrize("backbone,formulation,space,head", COMBOS)
def test_trains_and_loss_falls(backbone, formulation, space, head):
    m, s = _policy(backbone, formulation, space, head)
    img, ids, mask, pr, acts, valid = _batch()
    opt = torch.optim.AdamW(m.parameters(), 3e-3)
    losses = []
    for _ in range(20):
        loss, sc = action_loss(m, m(img, ids, mask, pr), acts, valid, s)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.7 * losses[0], losses
    actions, logits = m.predict(img, ids, mask, pr)
    assert actions.shape == (4, 2, 7) and logits.shape == (4, 2)
    assert torch.all(actions[..., -1].abs() <= 1)


def test_xattn_refuses_interleaved():
    with pytest.raises(ValueError, match="cannot interleave"):
        _policy("tiny-xattn", "interleaved", "continuous", "mlp")


def test_discrete_needs_one_step():
    with pytest.raises(ValueError, match="one-step"):
        _policy("tiny-prefix", "policy-head", "discrete", "mlp")


def test_moe_reports_balance_loss():
    m, s = _policy("tiny-prefix", "policy-head", "continuous", "moe")
    img, ids, mask, pr, acts, valid = _batch()
    _, sc = action_loss(m, m(img, ids, mask, pr), acts, valid, s)
    assert sc["loss_balance"].item() > 0


def test_size_presets_parameter_counts():
    s = copy.deepcopy(BASE)
    s["observation"].update(image_size=32, patch_size=8)
    s["policy"].update(formulation="policy-head", action_space="continuous")
    counts = {}
    for size in ("nano", "micro"):
        s["backbone"]["size"] = size
        counts[size] = sum(p.numel() for p in VLAPolicy(s, 50).parameters())
    assert 0.5e6 < counts["nano"] < 2.5e6 and 3e6 < counts["micro"] < 9e6, counts


def test_tokenizer_rules():
    tok = WordTokenizer.build(["open the drawer", "Turn ON the LED!"])
    assert tok.vocab[:2] == ["<pad>", "<unk>"] and tok.vocab[2:] == sorted(tok.vocab[2:])
    ids, mask = tok.encode("OPEN the   drawer, now-2x")
    assert [tok.vocab[i] for i in ids if i] == ["open", "the", "drawer", "<unk>", "<unk>"]
    assert len(ids) == tok.max_length and mask == [1] * 5 + [0] * (tok.max_length - 5)
    long_ids, long_mask = tok.encode("open " * 50)
    assert len(long_ids) == tok.max_length and all(long_mask)
    assert WordTokenizer.from_state(tok.state()).encode("turn on the led") == tok.encode("turn on the led")


TRICKY = ["Open the drawer", "  open   THE drawer!! ", "turn-on the LED", "Öffne die Schublade", "move_slider_left", "",
          "push the block 2x to the right, then 3 times left", "ÉCLAIRE the lightbulb", "xxx" + " drawer" * 20, "tab\tand\nnewline"]


def test_tokenizer_matches_the_probe_typescript_implementation(tmp_path):
    node = shutil.which("node")
    if not node or not os.path.isdir(os.path.join(REPO, "node_modules", "tsx")):
        pytest.skip("node or tsx is missing: cannot run extension/core/probe/tokenizer.ts")
    tok = WordTokenizer.build(["open the drawer", "turn on the led", "push the block to the right", "move the slider left"], max_length=12)
    script = tmp_path / "tok.ts"
    script.write_text(
        "import { parseTokenizerSpec, tokenize } from " + json.dumps(os.path.join(REPO, "extension", "core", "probe", "tokenizer.ts")) + ";\n"
        "const [spec, texts] = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));\n"
        "const t = parseTokenizerSpec(spec, 'policy.json');\n"
        "console.log(JSON.stringify(texts.map((s: string) => { const r = tokenize(t, s); return [r.ids, r.mask]; })));\n")
    (tmp_path / "in.json").write_text(json.dumps([tok.manifest(), TRICKY]))
    p = subprocess.run([node, "--import", "tsx", str(script), str(tmp_path / "in.json")], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == [list(tok.encode(s)) for s in TRICKY]


def test_hf_backbone_with_a_tiny_random_llava(tmp_path):
    transformers = pytest.importorskip("transformers", reason="transformers is not installed here: the hf:<path> backbone is not exercised")
    cfg = transformers.LlavaConfig(
        vision_config=transformers.CLIPVisionConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2, image_size=32, patch_size=8),
        text_config=transformers.LlamaConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2, vocab_size=64),
        image_token_index=63)
    transformers.LlavaForConditionalGeneration(cfg).save_pretrained(str(tmp_path / "llava"))
    base = copy.deepcopy(BASE)
    base["backbone"] = {"id": f"hf:{tmp_path / 'llava'}"}
    base["observation"].update(image_size=32, cameras=["static"])
    m, s = _policy(base["backbone"]["id"], "policy-head", "continuous", "lstm", base)
    out = m(torch.rand(2, 3, 1, 3, 32, 32), torch.randint(2, 12, (2, 5)), torch.ones(2, 5, dtype=torch.bool), torch.randn(2, 3, 15))
    assert out["arm"].shape == (2, 3, 2, 6)
