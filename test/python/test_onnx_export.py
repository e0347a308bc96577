"""ONNX export: policy.onnx + policy.json in the probe's format, and onnxruntime-node (the runtime
the editor's probe uses) reproduces PyTorch within 1e-4 on the same inputs."""
import json
import os
import shutil
import subprocess

import pytest
import torch

from vla_helpers import REPO, run_cli, tiny_spec, write_fake_calvin, write_spec

NODE = shutil.which("node")
ORT = os.path.join(REPO, "node_modules", "onnxruntime-node")
NODE_SCRIPT = r"""
const ort = require(process.argv[2]);
const fs = require('fs');
(async () => {
  const job = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  const session = await ort.InferenceSession.create(job.model);
  const feeds = {};
  for (const [name, t] of Object.entries(job.inputs)) {
    feeds[name] = t.dtype === 'int64' ? new ort.Tensor('int64', BigInt64Array.from(t.data.map(BigInt)), t.shape)
                                      : new ort.Tensor('float32', Float32Array.from(t.data), t.shape);
  }
  const out = await session.run(feeds);
  const res = {};
  for (const [k, v] of Object.entries(out)) res[k] = { shape: v.dims, data: Array.from(v.data, Number) };
  fs.writeFileSync(process.argv[4], JSON.stringify(res));
})().catch((e) => { console.error(e); process.exit(1); });
"""


@pytest.mark.parametrize("formulation,head,proprio", [("policy-head", "lstm", True), ("one-step", "moe", False), ("interleaved", "gpt", False)])
def test_export_matches_pytorch_in_onnxruntime_node(tmp_path, formulation, head, proprio):
    if not NODE or not os.path.isdir(ORT):
        pytest.skip("node or node_modules/onnxruntime-node is missing: cannot check ONNX parity")
    data = write_fake_calvin(str(tmp_path / "data"), size=16)
    spec = tiny_spec(data, formulation=formulation, head=head, steps=3)
    spec["observation"].update(proprio=proprio, cameras=["static", "gripper"])
    run = str(tmp_path / "run")
    r = run_cli("train", "--spec", write_spec(str(tmp_path / "spec.json"), spec), "--run-dir", run)
    assert r.returncode == 0, r.stderr
    r = run_cli("export-onnx", "--run-dir", run)
    assert r.returncode == 0, r.stderr
    man = json.load(open(os.path.join(run, "export", "policy.json")))
    assert man["history"] == 2 and man["chunk"] == 2 and man["action_dim"] == 7 and man["cameras"] == ["static", "gripper"]
    assert [i["role"] for i in man["inputs"]] == ["images", "tokens", "attention_mask"] + (["proprio"] if proprio else [])
    assert man["tokenizer"]["vocab"][:2] == ["<pad>", "<unk>"] and man["action_stats"]["outputs_unnormalized"] is True

    from vlalab.training import checkpoint as ckpt
    from vlalab.training.export_onnx import ExportWrapper, example_inputs
    policy, tok, sp = ckpt.build_policy(ckpt.load(ckpt.final_or_latest(run)))
    inputs = example_inputs(policy, sp, tok, instruction="Close the drawer, please!", seed=3)
    with torch.no_grad():
        ref = ExportWrapper(policy).eval()(*inputs)
    job = {"model": os.path.join(run, "export", "policy.onnx"),
           "inputs": {i["name"]: {"dtype": i["dtype"], "shape": list(t.shape), "data": t.flatten().tolist()} for i, t in zip(man["inputs"], inputs)}}
    (tmp_path / "job.json").write_text(json.dumps(job))
    (tmp_path / "run.js").write_text(NODE_SCRIPT)
    p = subprocess.run([NODE, str(tmp_path / "run.js"), ORT, str(tmp_path / "job.json"), str(tmp_path / "out.json")], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    out = json.loads((tmp_path / "out.json").read_text())
    for name, t in zip(["actions", "gripper"], ref):
        got = torch.tensor(out[name]["data"]).view(*out[name]["shape"])
        assert got.shape == t.shape and torch.allclose(got, t, atol=1e-4, rtol=1e-4), f"{name}: max diff {(got - t).abs().max().item()}"


def test_export_refuses_a_run_without_checkpoint(tmp_path):
    r = run_cli("export-onnx", "--run-dir", str(tmp_path))
    assert r.returncode == 2 and "no checkpoint" in r.stderr and "Traceback" not in r.stderr
