"""`python -m vlalab probe-latency --run-dir RUN`: batch-1 inference latency of a run's policy in
PyTorch, for policies the ONNX exporter cannot trace (export_onnx.py writes why to
export/onnx-refused.txt). `vla-lab probe latency` runs this and shows it as it shows onnxruntime's.

What is timed is what evaluation calls per control step: policy.predict on one observation window
(uint8 frames → the backbone's own preprocessing → actions), under no_grad, after `warmup` untimed
calls. Prints one JSON object; the percentiles and the control-rate verdict are computed on the
TypeScript side (core/probe/latency.ts), from the samples, as for ONNX."""

import json
import os
import time

import torch

from .. import runlayout
from . import checkpoint as ckpt
from .datasources import eval_control_rate
from .evaluate import load_policy

INSTRUCTION = "open the drawer"


def why_not_onnx(run_dir):
    """The exporter's one-line reason, when it refused this run."""
    path = os.path.join(run_dir, runlayout.EXPORT, runlayout.EXPORT_REFUSED)
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return f.readline().strip() or None


def measure(run_dir, checkpoint=None, runs=200, warmup=20, threads=None, device="cpu"):
    path = checkpoint or ckpt.final(run_dir)
    if not path or not os.path.exists(path):
        raise FileNotFoundError(f"no checkpoint in {run_dir}/checkpoints to time (train first, or pass --checkpoint)")
    if threads:
        torch.set_num_threads(threads)
    policy, spec, state = load_policy(path, device=device)
    obs = spec["observation"]
    g = torch.Generator().manual_seed(0)
    s = obs["image_size"]
    images = torch.randint(0, 256, (1, policy.history, len(obs["cameras"]), s, s, 3), dtype=torch.uint8, generator=g).to(device)
    ids, mask = (t.to(device) for t in policy.tokenizer.batch([INSTRUCTION]))

    def call():
        with torch.no_grad():
            policy.predict(images, ids, mask)
        if device != "cpu":
            torch.cuda.synchronize()

    for _ in range(warmup):
        call()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t0) * 1000)
    evals = spec["eval"]
    rate = eval_control_rate(evals[0] if evals else None)
    return {
        "format": "vla-lab-torch-latency/1",
        "backend": "pytorch",
        "device": device,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "checkpoint": os.path.relpath(path, run_dir),
        "backbone": spec["backbone"]["id"],
        "params": sum(p.numel() for p in policy.parameters()),
        "chunk": policy.chunk,
        "warmup": warmup,
        "samples_ms": samples,
        "control_hz": rate[0],
        "control_source": rate[1],
        "why_not_onnx": why_not_onnx(run_dir),
    }


def add_parser(sub):
    from .cli import add_run_dir

    p = sub.add_parser(
        "probe-latency", help="batch-1 PyTorch inference latency of a run's policy, as JSON (for policies ONNX cannot export)"
    )
    add_run_dir(p)
    p.add_argument("--checkpoint")
    p.add_argument("--runs", type=int, default=200)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--threads", type=int)
    p.add_argument("--device", default="cpu")
    p.set_defaults(fn=cmd)


def cmd(a):
    from .cli import _fail
    from .errors import CorruptInput

    if a.runs < 1 or a.warmup < 0:
        _fail("probe-latency: --runs must be at least 1 and --warmup at least 0")
    try:
        report = measure(a.run_dir, a.checkpoint, a.runs, a.warmup, a.threads, a.device)
    except (FileNotFoundError, ValueError, CorruptInput) as e:
        _fail(str(e))
    print(json.dumps(report), flush=True)
