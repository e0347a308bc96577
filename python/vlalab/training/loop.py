"""The training loop (nanoGPT-like): stages in order, AdamW, warm-up + schedule, grad clip,
bf16 autocast on GPU, DDP under torchrun, events, checkpoints, exact resume, SIGTERM/NaN handling.

The data position is the global step: batches are drawn from (seed, step, rank) (see
dataset.MixedSampler), so resuming at a checkpoint continues the very same stream.
"""
import math
import os
import platform
import signal
import socket
import subprocess
import time

import numpy as np
import torch

from .. import __version__
from ..config import spec_hash
from . import checkpoint as ckpt
from .data_cache import resolve_dataset_dir
from .dataset import CalvinData, DataError, MixedSampler, images_to_float
from .events import EventWriter, truncate_after


# Instruction word dropout (training only): each word is dropped with this probability (at least
# one kept). It makes the policy read words rather than memorise whole phrasings, which is what
# held-out paraphrases test; measured on the quickstart (docs: report).
WORD_DROPOUT = 0.25


def drop_words(ids, mask, p, generator=None):
    """Drops each real token with probability p (keeping ≥ 1), left-compacting the rest."""
    if p <= 0:
        return ids, mask
    keep = mask & (torch.rand(ids.shape, generator=generator) >= p)
    none = ~keep.any(1)
    keep[none] = mask[none]
    order = torch.sort((~keep).to(torch.uint8), dim=1, stable=True).indices
    return torch.where(keep.gather(1, order), ids.gather(1, order), torch.zeros_like(ids)), keep.gather(1, order)


class NaNLoss(Exception):
    pass


class Cancelled(Exception):
    pass


def configure_threads():
    """Measured on the 2-core CPU machine (bench/train_bench.py): OpenBLAS on all cores (set in
    cli.py before numpy loads) with ONE torch intra-op thread is the fastest split; more torch
    threads oversubscribe the cores. VLALAB_TORCH_THREADS overrides."""
    if not torch.cuda.is_available():
        torch.set_num_threads(int(os.environ.get("VLALAB_TORCH_THREADS", "1")))


def install_sigterm(flag):
    """SIGTERM inside the loop sets a flag (the loop saves a checkpoint and stops); outside it
    raises Cancelled at once."""
    def handler(signum, frame):
        flag["flag"] = True
        if not flag.get("in_loop"):
            raise Cancelled()
    signal.signal(signal.SIGTERM, handler)


def _git():
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5).stdout.strip() or None
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=here, capture_output=True, text=True, timeout=5).stdout.strip()) if commit else None
        return {"commit": commit, "dirty": dirty}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def lr_at(step_in_stage, stage_steps, peak, tr):
    """Linear warm-up, then constant / cosine / half-cosine down to peak × min_lr_scale."""
    warm = tr.get("warmup_steps", 0)
    if step_in_stage < warm:
        return peak * (step_in_stage + 1) / warm
    frac = (step_in_stage - warm) / max(1, stage_steps - warm)
    lo = peak * tr.get("min_lr_scale", 0.01)
    sched = tr.get("schedule", "cosine")
    if sched == "constant":
        return peak
    if sched == "half-cosine":  # constant for the first half, cosine over the second
        frac = max(0.0, frac * 2 - 1)
    return lo + (peak - lo) * 0.5 * (1 + math.cos(math.pi * frac))


class Dist:
    """torchrun's environment: RANK / WORLD_SIZE / LOCAL_RANK → cuda:LOCAL_RANK; gloo on CPU."""

    def __init__(self):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local = int(os.environ.get("LOCAL_RANK", "0"))
        cuda = torch.cuda.is_available()
        self.device = torch.device(f"cuda:{self.local}" if cuda else "cpu")
        if cuda:
            torch.cuda.set_device(self.device)
        if self.world > 1 and not torch.distributed.is_initialized():
            torch.distributed.init_process_group("nccl" if cuda else "gloo")

    @property
    def main(self):
        return self.rank == 0

    def describe(self):
        if self.device.type == "cuda":
            return f"{self.device} ({torch.cuda.get_device_name(self.device)})"
        return "cpu"


def load_stage_data(spec, spec_dir, run_dir, data_cache, log):
    """→ per stage: list of (train CalvinData, val CalvinData | None, weight)."""
    obs = spec["observation"]
    out = []
    for st in spec["data"]["stages"]:
        items = []
        for entry in st["datasets"]:
            d = resolve_dataset_dir(entry, spec, spec_dir, run_dir, data_cache, log)
            kw = dict(cameras=obs["cameras"], image_size=obs["image_size"], tasks=entry.get("tasks") or None,
                      few_shot=entry.get("few_shot"), max_episodes=entry.get("episodes") if entry["type"] == "calvin" else None)
            train = CalvinData(d, entry.get("split", "training"), **kw)
            val = None
            if entry.get("split", "training") == "training" and os.path.isdir(os.path.join(d, "validation")):
                try:
                    val = CalvinData(d, "validation", **dict(kw, few_shot=None))
                except DataError:
                    val = None
            items.append((train, val, float(entry.get("weight", 1.0))))
        out.append(items)
    return out


def stage_steps(stage, items, batch, world):
    if stage.get("steps"):
        return int(stage["steps"])
    frames = sum(len(d) for d, _, _ in items)
    return max(1, math.ceil(stage["epochs"] * frames / (batch * world)))


def train(spec, spec_dir, run_dir, resume=False, data_cache=None, cancel=None, log=None):
    """Trains `spec` into run_dir; returns (policy, final checkpoint path, events, step)."""
    from ..policies import VLAPolicy, WordTokenizer
    from ..policies.losses import action_loss
    from ..policies.normalization import stats_from_arrays
    cancel = cancel if cancel is not None else {"flag": False}
    dist = Dist()
    log = log or (lambda m: print(m, flush=True) if dist.main else None)
    configure_threads()
    events = EventWriter(os.path.join(run_dir, "events.jsonl"), enabled=dist.main)
    tr, p = spec["train"], spec["policy"]
    H, K = p["history"], p["chunk"]

    state = None
    if resume:
        path = ckpt.latest(run_dir)
        if path is None:
            log("no checkpoint to resume from: starting from scratch")
        else:
            state = ckpt.load(path)
            if dist.main:
                dropped = truncate_after(os.path.join(run_dir, "events.jsonl"), state["step"])
                if dropped:
                    events.emit("warning", code="resume_truncated", step=state["step"],
                                message=f"resumed from {os.path.relpath(path, run_dir)} (step {state['step']}): dropped {dropped} records written after it")

    seed = int(tr.get("seed", 0))
    torch.manual_seed(seed)
    np.random.seed(seed)
    stages = load_stage_data(spec, spec_dir, run_dir, data_cache, log)
    tok = WordTokenizer.from_state(state["tokenizer"]) if state is not None else \
        WordTokenizer.build([ins for items in stages for d, _, _ in items for ins in d.instructions])
    policy = VLAPolicy(spec, len(tok))
    if state is not None:
        policy.load_state_dict(state["model"])
    else:
        # statistics of the in-domain (last stage's) training data: the only ones used at eval/export
        last = stages[-1]
        policy.normalizer.fit(stats_from_arrays(torch.cat([d.actions for d, _, _ in last]).numpy(),
                                                torch.cat([d.proprio for d, _, _ in last]).numpy()))
    policy.to(dist.device)
    params = [x for x in policy.parameters() if x.requires_grad]
    model = policy
    if dist.world > 1:
        model = torch.nn.parallel.DistributedDataParallel(policy, device_ids=[dist.local] if dist.device.type == "cuda" else None, find_unused_parameters=True)
    opt_name = tr.get("optimizer", "adamw")
    if opt_name == "sgd":
        opt = torch.optim.SGD(params, lr=tr["lr"], momentum=0.9, weight_decay=tr.get("weight_decay", 0.0))
    else:
        kw = {"fused": True} if dist.device.type == "cuda" and "fused" in torch.optim.AdamW.__init__.__code__.co_varnames else {}
        opt = (torch.optim.AdamW if opt_name == "adamw" else torch.optim.Adam)(params, lr=tr["lr"], weight_decay=tr.get("weight_decay", 0.0), **kw)
    if state is not None:
        opt.load_state_dict(state["optimizer"])
        ckpt.restore_rng(state["rng"])

    batch = int(tr["batch_size"])
    plan = [stage_steps(st, items, batch, dist.world) for st, items in zip(spec["data"]["stages"], stages)]
    total = sum(plan)
    start = int(state["step"]) if state is not None else 0
    shash = spec_hash(spec)
    events.emit("run_start", spec_hash=shash, git=_git(), host=socket.gethostname(), pid=os.getpid(), device=dist.describe(),
                world_size=dist.world, resumed=state is not None, start_step=start, params=sum(x.numel() for x in params),
                total_params=sum(x.numel() for x in policy.parameters()),
                versions={"python": platform.python_version(), "torch": torch.__version__, "numpy": np.__version__, "vlalab": __version__,
                          "cuda": torch.version.cuda if torch.cuda.is_available() else None})
    log(f"{sum(x.numel() for x in params) / 1e6:.2f}M parameters on {dist.describe()}; {total} steps in {len(plan)} stage(s), batch {batch} × {dist.world}")
    amp = dist.device.type == "cuda" and tr.get("precision") in ("bf16", "fp16")
    amp_dtype = torch.bfloat16 if tr.get("precision") == "bf16" else torch.float16
    scaler = torch.cuda.amp.GradScaler() if amp and tr.get("precision") == "fp16" else None
    pin = dist.device.type == "cuda"

    def save(step, tag, si, final=False):
        if not dist.main:
            return None
        path = ckpt.save(run_dir, step, {"model": policy.state_dict(), "optimizer": opt.state_dict(),
                                         "scheduler": {"type": "warmup+" + tr.get("schedule", "cosine"), "stage": si},
                                         "step": step, "stage": si, "spec": spec, "spec_hash": shash, "tokenizer": tok.state(),
                                         "data_position": {"step": step, "seed": seed}},
                         keep=int(tr.get("keep_checkpoints", 3)), final=final)
        events.emit("checkpoint", step=step, path=os.path.relpath(path, run_dir), stage=spec["data"]["stages"][si].get("name", f"stage{si}"), tag=tag)
        return path

    def to_device(b):
        out = {k: (v.pin_memory() if pin else v).to(dist.device, non_blocking=pin) for k, v in b.items()}
        out["images"] = images_to_float(out["images"])
        return out

    step, path, t_last, s_last = start, None, time.time(), start
    cancel["in_loop"] = True
    try:
        offset = 0
        for si, (st, items, n_steps) in enumerate(zip(spec["data"]["stages"], stages, plan)):
            name = st.get("name", f"stage{si}")
            if step >= offset + n_steps:
                offset += n_steps
                continue
            tokens = [tok.encode_batch(d.instructions) for d, _, _ in items]
            sampler = MixedSampler([d for d, _, _ in items], [w for _, _, w in items], batch, seed=seed + 1000 * si, rank=dist.rank)
            vals = [(v, tok.encode_batch(v.instructions)) for _, v, _ in items if v is not None]
            events.emit("stage", name=name, index=si, count=len(plan), step=step, total_steps=total)
            log(f"stage {si + 1}/{len(plan)} '{name}': {n_steps} steps on {sum(len(d) for d, _, _ in items)} frames")
            peak = float(st.get("lr") or tr["lr"])
            model.train()
            while step < offset + n_steps:
                lr = lr_at(step - offset, n_steps, peak, tr)
                for g in opt.param_groups:
                    g["lr"] = lr
                raw = sampler.batch(step, H, K, tokens)
                g = torch.Generator().manual_seed(seed * 1_000_003 + step * 31 + dist.rank)  # a function of the step: exact resume
                raw["ids"], raw["mask"] = drop_words(raw["ids"], raw["mask"], WORD_DROPOUT, g)
                b = to_device(raw)
                with torch.autocast(device_type="cuda", dtype=amp_dtype, enabled=amp):
                    out = model(b["images"], b["ids"], b["mask"], b["proprio"])
                loss, sc = action_loss(policy, {k: v.float() for k, v in out.items()}, b["actions"], b["valid"], spec)
                if not torch.isfinite(loss):
                    raise NaNLoss(f"NaN loss at step {step + 1} (lower train.lr or enable grad_clip)")
                opt.zero_grad(set_to_none=True)
                (scaler.scale(loss) if scaler is not None else loss).backward()
                if scaler is not None:
                    scaler.unscale_(opt)
                if tr.get("grad_clip", 0) > 0:
                    torch.nn.utils.clip_grad_norm_(params, tr["grad_clip"])
                if scaler is not None:
                    scaler.step(opt)
                    scaler.update()
                else:
                    opt.step()
                step += 1
                if step % tr.get("log_every", 10) == 0 or step == offset + n_steps:
                    for k, v in sc.items():
                        events.scalar(step, f"train/{k}", float(v), name)
                    events.scalar(step, "train/lr", lr, name)
                    now = time.time()
                    sps = (step - s_last) * batch * dist.world / max(now - t_last, 1e-9)
                    eta = (total - step) * batch * dist.world / sps if sps > 0 else None
                    events.emit("progress", step=step, total=total, samples_per_s=sps, eta_s=eta, phase="train", stage=name)
                    log(f"step {step}/{total} loss {float(sc['loss']):.4f} arm {float(sc['loss_arm']):.4f} grip-acc {float(sc['acc_gripper']):.2f} lr {lr:.2e} {sps:.0f} samples/s")
                    t_last, s_last = now, step
                if vals and (step % tr.get("val_every", 250) == 0 or step == offset + n_steps):
                    validate(policy, vals, spec, step, name, events, to_device, action_loss)
                    model.train()
                if cancel.get("flag"):
                    save(step, "cancel", si)
                    raise Cancelled()
                if step % tr.get("checkpoint_every", 500) == 0 and step < total:
                    save(step, "latest", si)
            offset += n_steps
            if step < total:
                save(step, "stage-end", si)
        path = save(step, "final", len(plan) - 1, final=True)
    finally:
        cancel["in_loop"] = False
        if dist.world > 1 and torch.distributed.is_initialized():
            torch.distributed.destroy_process_group()
    return policy.eval(), path, events, step


@torch.no_grad()
def validate(policy, vals, spec, step, stage, events, to_device, action_loss, max_batches=4, batch=64):
    """val/* scalars: the same losses on a fixed sample of the validation split."""
    policy.eval()
    p = spec["policy"]
    totals, n = {}, 0
    for data, tokens in vals:
        rng = np.random.default_rng([12345, len(data)])
        for _ in range(max_batches):
            rows = rng.integers(0, len(data), size=min(batch, len(data)))
            b = to_device(data.batch(rows, p["history"], p["chunk"], *tokens))
            out = policy(b["images"], b["ids"], b["mask"], b["proprio"])
            _, sc = action_loss(policy, {k: v.float() for k, v in out.items()}, b["actions"], b["valid"], spec)
            for k, v in sc.items():
                totals[k] = totals.get(k, 0.0) + float(v)
            n += 1
    for k, v in totals.items():
        events.scalar(step, f"val/{k}", v / n, stage)
