"""The policy probe for hf: policies (tiny real architectures from helpers/tiny_vlms.py):

* LLaVA and Idefics3 (LoRA adapters merged, the model's own preprocessing inside the graph) export
  through the torch 2 exporter, and onnxruntime gives the actions VLAPolicy.predict gives (≤ 1e-4);
  the editor's probe reads the export (`vla-lab probe info`: no tokenizer, so its instruction input
  is off, and the image step is the identity);
* Qwen2-VL cannot be traced (data-dependent vision attention): export fails in one line saying so,
  and `vla-lab probe latency` measures the PyTorch latency through `python -m vlalab probe-latency`,
  with the reason ONNX was not used."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from helpers.tiny_vlms import IMAGE
from test_hf_backbone import STATS, hf_spec, make_policy, models  # noqa: F401 (fixture)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PY = sys.executable
ENV = {
    **os.environ,
    "PYTHONPATH": os.path.join(ROOT, "python"),
    "VLA_LAB_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "VLA_LAB_PYTHON": sys.executable,
}
CLI = os.path.join(ROOT, "dist", "cli.js")


def run_with_checkpoint(model_dir, tmp_path, backbone=None, **policy):
    """A run folder holding a final checkpoint of an hf: policy whose weights are not the initial ones
    (trained adapters and head would change every output: so do perturbed ones)."""
    from vlalab.trainer import checkpoint as ckpt

    p = make_policy(model_dir, backbone=backbone, **policy)
    g = torch.Generator().manual_seed(3)
    with torch.no_grad():
        for n, t in p.named_parameters():
            if "lora_B" in n or n.startswith("head."):
                t.add_(torch.randn(t.shape, generator=g) * 0.05)
    run = tmp_path / "run"
    spec = hf_spec(model_dir, backbone=backbone, **policy)
    ckpt.save(
        str(run), 3, {"step": 3, "model": p.state_dict(), "stats": STATS, "spec": spec, "tokenizer": p.tokenizer.state_dict()}, final=True
    )
    return run


def frames(policy, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, 256, (1, policy.history, 1, IMAGE, IMAGE, 3), dtype=torch.uint8, generator=g)


@pytest.mark.parametrize("family", ["llava", "idefics3"])
def test_hf_policy_exports_and_onnxruntime_gives_predicts_actions(models, family, tmp_path):
    import onnxruntime as ort
    from vlalab.trainer.evaluate import load_policy
    from vlalab.trainer.export_onnx import export

    run = run_with_checkpoint(
        models[family], tmp_path, backbone={"train": {"vision": False}, "lora": {"enabled": True, "r": 4, "dropout": 0.0}}
    )
    onnx_path = export(str(run))
    manifest = json.loads((run / "export" / "policy.json").read_text())
    assert "tokenizer" not in manifest and manifest["image"]["scale"] == 1.0 and manifest["image"]["mean"] == [0.0] * 3
    assert manifest["backbone"].startswith("hf:") and not (run / "export" / "onnx-refused.txt").exists()
    from vlalab.trainer import checkpoint as ckpt

    policy, _, _ = load_policy(ckpt.final(str(run)))
    session = ort.InferenceSession(onnx_path)
    for seed in (0, 1):
        x = frames(policy, seed)
        ids, mask = policy.tokenizer.batch(["open the drawer" if seed == 0 else "push the slider left"])
        want = policy.predict(x, ids, mask)[0]  # (chunk, dim): env scale, gripper ±1
        arm, grip = session.run(
            None, {"images": x.movedim(-1, -3).float().numpy(), "tokens": ids.numpy(), "attention_mask": mask.long().numpy()}
        )
        np.testing.assert_allclose(arm[0, -1], want[:, :-1].numpy(), atol=1e-4, rtol=0)
        assert (np.where(grip[0, -1] > 0, 1.0, -1.0) == want[:, -1].numpy()).all()


def test_the_editors_probe_reads_an_hf_export(models, tmp_path):
    from vlalab.trainer.export_onnx import export

    run = run_with_checkpoint(models["llava"], tmp_path)
    export(str(run))
    r = subprocess.run(["node", CLI, "probe", "info", str(run), "--json"], env=ENV, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["manifest"]["imageSize"] == IMAGE and any("no tokenizer" in w for w in info["warnings"]), info


def test_qwen2_vl_cannot_be_traced_and_its_latency_is_measured_in_pytorch(models, tmp_path):
    run = run_with_checkpoint(models["qwen2_vl"], tmp_path)
    r = subprocess.run([PY, "-m", "vlalab", "export-onnx", "--run-dir", str(run)], env=ENV, capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
    assert "cannot trace this qwen2_vl policy" in r.stderr and "vla-lab probe latency" in r.stderr
    assert not (run / "export" / "policy.onnx").exists()
    reason = (run / "export" / "onnx-refused.txt").read_text().strip()
    assert r.stderr.strip().endswith(reason)
    r = subprocess.run(
        [PY, "-m", "vlalab", "probe-latency", "--run-dir", str(run), "--runs", "5", "--warmup", "1", "--threads", "1"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["backend"] == "pytorch" and len(out["samples_ms"]) == 5 and all(s > 0 for s in out["samples_ms"])
    assert out["why_not_onnx"] == reason and out["threads"] == 1 and out["backbone"].startswith("hf:")
    # the CLI: the same measurement, shown as the ONNX one is, with the line saying why not ONNX
    r = subprocess.run(
        ["node", CLI, "probe", "latency", str(run), "--runs", "5", "--warmup", "1"], env=ENV, capture_output=True, text=True, timeout=300
    )
    assert r.returncode in (0, 3), r.stdout + r.stderr
    assert "PyTorch" in r.stdout and "p99" in r.stdout and f"ONNX not used: {reason}" in r.stdout, r.stdout
