"""ONNX export of a flow-matching (and a diffusion) policy: its `sample_steps` Euler (DDIM) steps are unrolled into the graph,
which starts from a `noise` input; onnxruntime (Python) gives the actions PyTorch gives from the same
noise, to 1e-4, and policy.json tells the probe to draw that noise."""

import json

import numpy as np
import onnxruntime as ort
import pytest
import torch
from vlalab.policy import build_policy
from vlalab.policy.tokenizer import WordTokenizer
from vlalab.sim.instructions import training_phrasings
from vlalab.trainer import checkpoint as ckpt
from vlalab.trainer.export_onnx import FlowExportWrapper, export
from vlalab.trainer.spec import with_defaults

STEPS = 4


def flow_run(tmp_path, head="flow"):
    torch.manual_seed(0)
    spec = with_defaults(
        {
            "name": "flow",
            "backbone": {"id": "tiny-prefix", "size": "nano"},
            "policy": {"history": 2, "chunk": 3, "head": {"type": head, "hidden": 32, "layers": 2, "sample_steps": STEPS}},
            "observation": {"image_size": 32, "patch_size": 16, "cameras": ["static", "gripper"]},
            "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
        }
    )
    stats = {"mean": [0.1] * 6, "std": [0.5] * 6, "min": [-1.0] * 6, "max": [1.0] * 6}
    tok = WordTokenizer.build(training_phrasings("open_drawer"))
    policy = build_policy(spec, tok, stats)
    with torch.no_grad():  # spread the weights: freshly initialised zeros would hide wiring errors
        for p in policy.head.parameters():
            p.add_(0.05 * torch.randn_like(p))
    run_dir = str(tmp_path / "run")
    ckpt.save(
        run_dir, 1, {"model": policy.state_dict(), "tokenizer": tok.state_dict(), "stats": stats, "spec": spec, "step": 1}, final=True
    )
    return run_dir, policy.eval()


@pytest.mark.parametrize("head", ["flow", "diffusion"])
def test_generative_export_matches_pytorch_in_onnxruntime(tmp_path, head):
    run_dir, policy = flow_run(tmp_path, head)
    onnx_path = export(run_dir)
    manifest = json.loads(open(onnx_path.replace("policy.onnx", "policy.json")).read())
    noise_spec = next(i for i in manifest["inputs"] if i["role"] == "noise")
    assert noise_spec["shape"] == [1, 3, 6] and manifest["sampling"]["steps"] == STEPS and manifest["head"] == head
    assert [o["shape"] for o in manifest["outputs"]] == [[1, 1, 3, 6], [1, 1, 3]]
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    ids, mask = policy.tokenizer.batch(["open the drawer"])
    for seed in (1, 2):
        g = torch.Generator().manual_seed(seed)
        images = torch.rand(1, 2, 2, 3, 32, 32, generator=g) * 2 - 1
        noise = torch.randn(1, 3, 6, generator=g)
        with torch.no_grad():
            arm, grip = FlowExportWrapper(policy)(images, ids, mask.long(), noise)
        out = session.run(
            None, {"images": images.numpy(), "tokens": ids.numpy(), "attention_mask": mask.long().numpy(), "noise": noise.numpy()}
        )
        np.testing.assert_allclose(out[0], arm.numpy(), atol=1e-4, rtol=0)
        np.testing.assert_allclose(out[1], grip.numpy(), atol=1e-4, rtol=0)
    # a different noise is a different sample: the noise really enters the unrolled steps
    other = session.run(
        None, {"images": images.numpy(), "tokens": ids.numpy(), "attention_mask": mask.long().numpy(), "noise": -noise.numpy()}
    )
    assert np.abs(other[0] - out[0]).max() > 1e-3
