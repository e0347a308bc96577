"""The GPU checks (bench/gpu-check.sh runs this on a GPU machine; CI never does). Prints one JSON
object per check on stdout and a markdown table at the end for docs/benchmarks.md.

1. `large` built-in preset (~300M parameters), bf16 autocast + fused AdamW, wrapped in DDP over
   NCCL (one process per visible GPU through torchrun, or a world of one): samples/s, model FLOPs
   per step counted by torch's FlopCounterMode, MFU against the GPU's dense bf16 peak, peak memory
   beside the cost model's estimate (bench/gpu-check.expected.json, kept equal to core/spec/cost.ts
   by test/unit/gpu-check-expected.test.ts).
2. `hf:` backbones on CUDA: each tiny family of test/python/helpers/tiny_vlms.py, bf16, a few
   training steps: loss falls, no host syncs fail, step time.

    torchrun --nproc_per_node 1 bench/gpu_check.py         (bench/gpu-check.sh does this)
    python bench/gpu_check.py --dry-run                    (CPU, tiny: checks the script itself)
"""

import argparse
import contextlib
import json
import os
import sys
import tempfile
import time

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path[:0] = [os.path.join(ROOT, "python"), os.path.join(ROOT, "test", "python", "helpers")]

# Dense bf16 tensor-core peaks (no sparsity), TFLOP/s, by device-name substring.
PEAK_BF16_TFLOPS = {"H200": 989.0, "H100": 989.0, "A100": 312.0, "L40S": 362.0, "A10": 125.0}
SPEC = os.path.join(ROOT, "bench", "gpu-check.vla.json")


def emit(obj):
    print(json.dumps(obj), flush=True)


def peak_tflops(name):
    return next((v for k, v in PEAK_BF16_TFLOPS.items() if k in name), None)


def synthetic_batch(spec, tok, device, batch):
    obs, pol = spec["observation"], spec["policy"]
    t, c, size, cams = pol["history"], pol["chunk"], obs["image_size"], len(obs["cameras"])
    ids, mask = tok.batch(["open the drawer"] * batch)
    return {
        "images": torch.randint(0, 256, (batch, t, cams, size, size, 3), dtype=torch.uint8, device=device),
        "ids": ids.to(device),
        "mask": mask.to(device),
        "actions": torch.randn(batch, t, c, spec["action"]["dim"], device=device).clamp(-1, 1),
        "action_mask": torch.ones(batch, t, c, dtype=torch.bool, device=device),
    }


def check_large_preset(dry_run, steps):
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import WordTokenizer
    from vlalab.sim.instructions import training_vocabulary
    from vlalab.trainer.loop import WithLoss
    from vlalab.trainer.spec import with_defaults

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    cuda = torch.cuda.is_available() and not dry_run
    device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0"))) if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    backend = "nccl" if cuda else "gloo"
    if not torch.distributed.is_initialized():
        os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
        os.environ.setdefault("MASTER_PORT", "29533")
        os.environ.setdefault("RANK", "0")
        os.environ.setdefault("WORLD_SIZE", "1")
        torch.distributed.init_process_group(backend)
    with open(SPEC) as f:
        spec = with_defaults(json.load(f))
    if dry_run:
        spec["backbone"]["size"] = "nano"
        spec["train"]["batch_size"] = 2
    batch_size = spec["train"]["batch_size"]
    # Playtable's whole word vocabulary, the one the cost model's exact count assumes
    tok = WordTokenizer.build([" ".join(training_vocabulary())])
    torch.manual_seed(0)
    stats = {k: [v] * (spec["action"]["dim"] - 1) for k, v in (("mean", 0.0), ("std", 1.0), ("min", -1.0), ("max", 1.0))}
    policy = build_policy(spec, tok, stats).to(device)
    params = sum(p.numel() for p in policy.parameters())
    # as the trainer does: the loss is DDP's forward, so its backward all-reduces the gradients over NCCL
    model = torch.nn.parallel.DistributedDataParallel(WithLoss(policy), device_ids=[device.index] if cuda else None)
    opt = torch.optim.AdamW(policy.parameters(), lr=1e-4, fused=cuda)
    batch = synthetic_batch(spec, tok, device, batch_size)
    amp = (lambda: torch.autocast("cuda", dtype=torch.bfloat16)) if cuda else contextlib.nullcontext

    def step():
        with amp():
            loss = model(batch)["loss"]
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    from torch.utils.flop_counter import FlopCounterMode

    counter = FlopCounterMode(display=False)
    with counter:
        step()
    flops_per_step = counter.get_total_flops()
    for _ in range(3):
        step()
    if cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    t0 = time.perf_counter()
    for _ in range(steps):
        loss = step()
    if cuda:
        torch.cuda.synchronize()
    dt = (time.perf_counter() - t0) / steps
    name = torch.cuda.get_device_name(device) if cuda else "cpu"
    peak = peak_tflops(name) if cuda else None
    achieved = flops_per_step / dt / 1e12
    expected = json.load(open(os.path.join(ROOT, "bench", "gpu-check.expected.json")))
    out = {
        "check": "large-preset-bf16-ddp",
        "device": name,
        "world": world,
        "backend": backend,
        "params": params,
        "batch_per_rank": batch_size,
        "step_s": dt,
        "samples_per_s": batch_size * world / dt,
        "model_tflops_per_step": flops_per_step / 1e12,
        "achieved_tflops": achieved,
        "mfu": achieved / peak if peak else None,
        "loss": float(loss.detach()),
        "peak_memory_gib": torch.cuda.max_memory_allocated(device) / 2**30 if cuda else None,
        "cost_model_total_gib": expected["memory_total_bytes"] / 2**30 if not dry_run else None,
        "cost_model_activations_gib": expected["memory_activations_bytes"] / 2**30 if not dry_run else None,
        "cost_model_params": expected["params"],
        "params_match_cost_model": params == expected["params"] if not dry_run else None,
    }
    if rank == 0:
        emit(out)
    torch.distributed.barrier()
    torch.distributed.destroy_process_group()
    return out


def check_hf_families(dry_run, steps):
    from tiny_vlms import FAMILIES, build
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import HFTokenizer
    from vlalab.trainer.spec import with_defaults

    cuda = torch.cuda.is_available() and not dry_run
    device = torch.device("cuda") if cuda else torch.device("cpu")
    results = []
    for family in FAMILIES:
        d = tempfile.mkdtemp(prefix=f"gpu-{family}-")
        try:
            build(family, d)
            spec = with_defaults(
                {
                    "name": f"gpu-{family}",
                    "backbone": {"id": f"hf:{d}", "path": d},
                    "policy": {"formulation": "policy-head", "history": 2, "chunk": 2, "head": {"type": "mlp", "hidden": 32, "layers": 1}},
                    "observation": {"image_size": 32, "cameras": ["static"]},
                    "data": {"stages": [{"name": "ft", "datasets": [{"type": "playtable", "tasks": ["open_drawer"]}], "steps": steps}]},
                    "train": {"batch_size": 4, "lr": 1e-3, "precision": "bf16"},
                }
            )
            tok = HFTokenizer.build(d, ["open the drawer"], backbone_id=f"hf:{d}")
            stats = {k: [v] * 6 for k, v in (("mean", 0.0), ("std", 1.0), ("min", -1.0), ("max", 1.0))}
            torch.manual_seed(0)
            policy = build_policy(spec, tok, stats).to(device)
            opt = torch.optim.AdamW([p for p in policy.parameters() if p.requires_grad], lr=1e-3, fused=cuda)
            batch = synthetic_batch(spec, tok, device, 4)
            amp = (lambda: torch.autocast("cuda", dtype=torch.bfloat16)) if cuda else contextlib.nullcontext
            losses = []
            t0 = None
            for i in range(steps):
                if i == 1:
                    if cuda:
                        torch.cuda.synchronize()
                    t0 = time.perf_counter()
                with amp():
                    loss = policy.loss(batch)["loss"]
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                losses.append(float(loss.detach()))
            if cuda:
                torch.cuda.synchronize()
            r = {
                "check": "hf-on-cuda",
                "family": family,
                "device": str(device),
                "first_loss": losses[0],
                "last_loss": losses[-1],
                "loss_fell": losses[-1] < losses[0],
                "step_ms": (time.perf_counter() - t0) / max(1, steps - 1) * 1e3,
            }
        except Exception as e:  # noqa: BLE001 — one family failing must not hide the others' figures
            r = {"check": "hf-on-cuda", "family": family, "error": f"{type(e).__name__}: {e}"[:300]}
        emit(r)
        results.append(r)
    return results


def table(large, hf):
    lines = ["| check | result |", "| --- | --- |"]
    if large:
        mfu = f", MFU {large['mfu'] * 100:.1f}%" if large.get("mfu") else ""
        lines.append(
            f"| `large` preset ({large['params'] / 1e6:.0f}M params), bf16 + fused AdamW, DDP {large['backend']} × {large['world']} | "
            f"{large['samples_per_s']:.0f} samples/s, {large['achieved_tflops']:.1f} TFLOP/s{mfu} on {large['device']} |"
        )
        if large.get("peak_memory_gib") is not None:
            lines.append(
                f"| peak memory vs cost model | measured {large['peak_memory_gib']:.2f} GiB; estimated {large['cost_model_total_gib']:.2f} GiB "
                f"(activations {large['cost_model_activations_gib']:.2f} GiB) |"
            )
    for r in hf:
        lines.append(
            f"| hf: {r['family']} on {r.get('device', '?')} | "
            + (r["error"] if "error" in r else f"loss {r['first_loss']:.3f} → {r['last_loss']:.3f}, {r['step_ms']:.1f} ms/step |")
        )
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dry-run", action="store_true", help="tiny sizes on the CPU: checks the script, measures nothing")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--only", choices=["large", "hf"])
    a = ap.parse_args()
    steps = 2 if a.dry_run else a.steps
    large = check_large_preset(a.dry_run, steps) if a.only in (None, "large") else None
    if int(os.environ.get("RANK", "0")) != 0:
        return
    hf = check_hf_families(a.dry_run, max(3, steps // 2)) if a.only in (None, "hf") else []
    print(table(large, hf), flush=True)


if __name__ == "__main__":
    main()
