"""The training loop: data-recipe stages in order, one optimizer and schedule across them,
events for every logged step, checkpoints that resume exactly, and clean endings for SIGTERM
(checkpoint + `cancelled`), NaN losses and out-of-memory errors."""

import collections
import contextlib
import datetime
import json
import math
import os
import signal
import sys
import time

import numpy as np
import torch

from .. import runlayout
from ..policy import build_policy
from ..policy.fast import FIT_CHUNKS, FastTokenizer, fit_for_spec, uses_fast
from ..policy.tokenizer import build_tokenizer, tokenizer_from_state_dict
from . import checkpoint as ckpt
from . import datasources, manifest, retention
from .data import DataError, Segments, WindowDataset, dataset_dir
from .events import EventWriter, git_info, host, truncate_after, versions
from .health import HealthMonitor, emitted_codes, grad_norm
from .spec import spec_hash
from .splits import NoEpisodes
from .threads import set_torch_threads

EXIT_CANCELLED = 143

# The tensors of the last collectives, kept alive until the interpreter exits. When Python drops a
# tensor that a gloo work item still holds, the work's worker thread must take the GIL to free it;
# if that happens while the main thread (holding the GIL) destroys the process group and joins that
# thread, the rank hangs at exit (seen on torch 1.13). Held here, the worker only drops a reference.
_COLLECTIVE_TENSORS = collections.deque(maxlen=32)


class NaNLoss(RuntimeError):
    pass


DIST_TIMEOUT_DEFAULT_S = 300


def dist_timeout_s():
    """VLA_LAB_DIST_TIMEOUT_S (seconds, default 300): the gloo/NCCL timeout of every collective and of
    joining the process group. Long enough for rank 0 alone to validate and checkpoint while the
    others wait at the next collective; short enough that a lost host fails the run in minutes."""
    raw = os.environ.get("VLA_LAB_DIST_TIMEOUT_S", "")
    if not raw:
        return float(DIST_TIMEOUT_DEFAULT_S)
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not (value > 0 and math.isfinite(value)):
        from ..policy.tokenizer import ConfigError  # one line, no traceback (trainer/cli.py)

        raise ConfigError(f"VLA_LAB_DIST_TIMEOUT_S={raw!r} is not a positive number of seconds")
    return value


class Distributed:
    """torchrun's environment (RANK, WORLD_SIZE, LOCAL_RANK) or a single process.

    Every rank makes the same decisions: the ones a single rank could take alone (stop after a
    SIGTERM, stop on a NaN loss) go through a collective, so no rank is left waiting in an
    all-reduce for a rank that has already left the loop."""

    def __init__(self):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        if self.world > 1:
            backend = "nccl" if torch.cuda.is_available() else "gloo"
            # How long a collective waits for a rank that has gone (its host died, its network went
            # down) before it fails: torch's default is 30 minutes, the run would sit that long.
            torch.distributed.init_process_group(backend, timeout=datetime.timedelta(seconds=dist_timeout_s()))
        if torch.cuda.is_available():
            # each rank its own GPU: CUDA_VISIBLE_DEVICES lists the run's GPUs, LOCAL_RANK picks one
            self.device = torch.device("cuda", self.local_rank)
            torch.cuda.set_device(self.device)
        else:
            self.device = torch.device("cpu")

    @property
    def main(self):
        return self.rank == 0

    def _reduce(self, values, op):
        t = torch.tensor(values, dtype=torch.float64, device=self.device)
        _COLLECTIVE_TENSORS.append(t)
        torch.distributed.all_reduce(t, op=op)
        return t.tolist()

    def any(self, flag):
        """True on every rank when it is true on one (SIGTERM reached one rank first)."""
        if self.world == 1:
            return bool(flag)
        return self._reduce([1.0 if flag else 0.0], torch.distributed.ReduceOp.MAX)[0] > 0

    def all_finite(self, loss):
        """False on every rank when one rank's loss is NaN/inf."""
        ok = bool(torch.isfinite(loss.detach()).all())
        if self.world == 1:
            return ok
        return self._reduce([1.0 if ok else 0.0], torch.distributed.ReduceOp.MIN)[0] > 0

    def mean(self, sums):
        """{name: value} averaged over the ranks (the curves are the whole global batch's)."""
        if self.world == 1 or not sums:
            return dict(sums)
        keys = sorted(sums)
        total = self._reduce([float(sums[k]) for k in keys], torch.distributed.ReduceOp.SUM)
        return {k: v / self.world for k, v in zip(keys, total)}

    def params_in_sync(self, module):
        """(in sync, checksum): whether every rank holds the same parameters — DDP all-reduces the
        gradients, so they must. Compares a float64 checksum, the same bits on every rank."""
        with torch.no_grad():
            ps = [p.detach().double() for p in module.parameters()]
            c = [float(sum(p.sum() for p in ps)), float(sum((p * (i + 1)).abs().sum() for i, p in enumerate(ps)))]
        if self.world == 1:
            return True, c[0]
        hi = self._reduce(c, torch.distributed.ReduceOp.MAX)
        lo = self._reduce(c, torch.distributed.ReduceOp.MIN)
        return hi == lo, c[0]

    def close(self):
        if self.world > 1 and torch.distributed.is_initialized():
            # Every rank reaches the end before any tears its side down: a rank that destroys its
            # gloo group while its peer still talks to it aborts in C++ at exit under CPU load
            # ("terminate called without an active exception", seen with torch 2.13).
            torch.distributed.barrier()
            torch.distributed.destroy_process_group()


def lr_at(step, total, warmup, peak, schedule, min_scale):
    if warmup and step < warmup:
        return peak * (step + 1) / warmup
    if schedule == "constant" or total <= warmup:
        return peak
    p = min(1.0, (step - warmup) / max(1, total - warmup))
    if schedule == "half-cosine":
        p = p / 2  # only the first half of the cosine: lr ends at ~half its peak
    return peak * (min_scale + (1 - min_scale) * 0.5 * (1 + math.cos(math.pi * p)))


class Stage:
    def __init__(self, index, conf, data, val, batch_size, world):
        self.index, self.conf, self.name = index, conf, conf.get("name") or f"stage{index}"
        self.data, self.val = data, val
        # Rows are drawn per "epoch": a permutation (or a weighted draw for co-training), the same on
        # every rank, each rank taking its own strided shard — DistributedSampler's contract.
        self.row_weight = None
        self.per_rank = max(1, len(data) // world)
        self.batches_per_epoch = max(1, self.per_rank // batch_size)
        self.steps = conf["steps"] if "steps" in conf else conf["epochs"] * self.batches_per_epoch  # one of them: check_builtin

    def set_weights(self, weights):
        counts = np.bincount(self.data.rows[:, 0], minlength=len(weights))
        if len(set(weights)) > 1:
            w = np.array([weights[p] / counts[p] for p in self.data.rows[:, 0]], dtype=np.float64)
            self.row_weight = w / w.sum()

    def batch_indices(self, step_in_stage, seed, rank, world, batch_size):
        epoch, k = divmod(step_in_stage, self.batches_per_epoch)
        g = np.random.default_rng([seed, self.index, epoch])
        n = len(self.data)
        order = g.choice(n, size=n, p=self.row_weight) if self.row_weight is not None else g.permutation(n)
        shard = order[rank::world]
        return shard[k * batch_size : (k + 1) * batch_size]


def _log(msg):
    print(msg, flush=True)


def train(spec, raw_spec, spec_dir, run_dir, resume=False, data_cache=None, log=_log):
    dist = Distributed()
    set_torch_threads()  # trainer/threads.py: one intra-op thread unless VLA_LAB_THREADS says otherwise
    tr = spec["train"]
    torch.manual_seed(tr["seed"] + dist.rank)
    np.random.seed(tr["seed"] + dist.rank)
    data_cache = data_cache or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(run_dir))), "_data")
    events = EventWriter(runlayout.path(run_dir, "events"), enabled=dist.main)

    state = None
    if resume:
        path = ckpt.latest(run_dir)
        if path is None:
            raise FileNotFoundError(f"nothing to resume: {run_dir}/checkpoints has no checkpoint yet")
        state = ckpt.load(path)
        if dist.main:
            dropped = truncate_after(runlayout.path(run_dir, "events"), state["step"])
            events = EventWriter(runlayout.path(run_dir, "events"), enabled=True)
            if dropped:
                events.emit(
                    "warning",
                    code="resume-truncated",
                    step=state["step"],
                    message=f"resumed from step {state['step']}: dropped {dropped} records written after that checkpoint",
                )
            # what was logged before the kill still ranks the checkpoints written from now on
            events.latest = retention.latest_scalars(run_dir, state["step"])
            for name in retention.recover(run_dir, events.emit):
                log(f"recovered {name}: the run was killed between writing it and recording it; it is recorded now")

    # training-health alarms (trainer/health.py), each once per run: a resumed run keeps what it emitted
    health = HealthMonitor(
        events,
        log if dist.main else None,
        tr["warmup_steps"],
        already=emitted_codes(runlayout.path(run_dir, "events")) if state and dist.main else (),
        grad_clip=tr["grad_clip"],  # the exploding-gradient advice says so when clipping is on
    )

    # ---- data --------------------------------------------------------------------------------------
    obs, pol = spec["observation"], spec["policy"]
    history = 1 if pol["formulation"] == "one-step" else pol["history"]
    loaded = {}

    def segments(ds, d, split, plan=None):
        key = (
            d,
            split,
            tuple(ds.get("tasks") or ()),
            ds.get("few_shot"),
            ds.get("validation"),
            json.dumps(ds.get("features"), sort_keys=True),
            json.dumps(plan),
        )
        if key not in loaded:
            source = None
            if ds["type"] in ("lerobot", "rlds"):  # one collection of episodes: trainer/splits.py picks the part
                part = "validation" if split == "validation" else "training"
                if part == "validation" and not episode_selection(ds, d, part)["episodes"]:
                    return None
                source = {"type": ds["type"], "features": ds.get("features") or {}, "part": part, "holdout": ds.get("validation")}
            elif split == "validation" and not os.path.isdir(os.path.join(d, split)):
                return None
            try:
                seg = Segments(
                    d,
                    split,
                    obs["cameras"],
                    obs["image_size"],
                    ds.get("tasks"),
                    ds.get("few_shot"),
                    cache_dir=data_cache,
                    log=log if dist.main else None,
                    source=source,
                )
            except NoEpisodes as e:
                if split != "validation":
                    raise
                if dist.main:
                    log(f"data {d}: no validation ({e})")
                return None
            if plan is not None:  # the source's gripper values / rotation in the spec's convention (datasources.py)
                seg.actions = datasources.convert(seg.actions, *plan, where=f"{ds['type']} {d}")
                seg.actions.flags.writeable = False
            if source is not None and seg.actions.shape[1] != spec["action"]["dim"]:
                raise DataError(
                    f"{ds['type']} data at {d} has actions {seg.actions.shape[1]} wide, the spec's action.dim is {spec['action']['dim']}: "
                    "map another feature, declare its convention to convert it, or set action.dim"
                )
            loaded[key] = seg
        return loaded[key]

    selections = {}

    def episode_selection(ds, d, part):
        """Which episodes of a LeRobot / RLDS source `part` reads (trainer/splits.py), from its metadata."""
        key = (d, part, ds.get("validation"))
        if key not in selections:
            from . import lerobot as lerobot_io
            from . import rlds as rlds_io

            io = rlds_io if ds["type"] == "rlds" else lerobot_io
            selections[key] = io.selection(d, part, ds.get("validation"))
        return selections[key]

    stage_confs = spec["data"]["stages"]
    # Each dataset's folder (generated first when it is Playtable data not yet in the cache).
    dirs = [[os.path.abspath(dataset_dir(ds, spec_dir, obs["image_size"], data_cache, log)) for ds in st["datasets"]] for st in stage_confs]
    # Every source's action convention against the spec's and control rate against its stage's, before
    # anything is loaded (datasources.py); LeRobot sources' declared statistics against their data (a warning).
    inferred = []  # what each source's data says about its convention, recorded in the stage events
    plans = datasources.check_stages(spec, stage_confs, dirs, log=log if dist.main else None, inferred=inferred)
    if dist.main and not state:
        for line in datasources.check_statistics(stage_confs, dirs):
            log(f"warning: {line}")
            events.emit("warning", code="data-statistics", message=line, advice="recompute the dataset's statistics from its data")
    # The folders are recorded in the stage events: the probe finds a run's demonstrations there; LeRobot / RLDS
    # sources also record which episodes they validate on.
    stage_data = [
        [
            {
                "path": d,
                "split": ds["split"],
                **(
                    {"validation": {k: episode_selection(ds, d, "validation")[k] for k in ("split", "episodes", "of", "how")}}
                    if ds["type"] in ("lerobot", "rlds")
                    else {}
                ),
                **({"inferred_convention": inf} if inf else {}),
            }
            for ds, d, inf in zip(st["datasets"], ds_dirs, st_inferred)
        ]
        for st, ds_dirs, st_inferred in zip(stage_confs, dirs, inferred)
    ]
    if dist.main:
        for st_data in stage_data:
            for entry in st_data:
                if "validation" in entry:
                    v = entry["validation"]
                    log(
                        f"data {entry['path']}: validation on {v['how']}"
                        + (f" (episodes {v['episodes']})" if len(v["episodes"]) <= 20 else "")
                    )
    if dist.main and not manifest.exists(run_dir):
        # What this run is made of, once, at its first start (a resume keeps the original).
        manifest.write(
            run_dir, manifest.build(spec, spec_hash(raw_spec), manifest.spec_source_dir(run_dir, spec_dir), manifest.PYTHON_TREE, dirs)
        )
    train_parts = [
        [segments(ds, d, ds["split"], plan) for ds, d, plan in zip(st["datasets"], ds_dirs, st_plans)]
        for st, ds_dirs, st_plans in zip(stage_confs, dirs, plans)
    ]
    val_parts = [
        [s for s in (segments(ds, d, "validation", plan) for ds, d, plan in zip(st["datasets"], ds_dirs, st_plans)) if s is not None]
        for st, ds_dirs, st_plans in zip(stage_confs, dirs, plans)
    ]
    if state:
        tok = tokenizer_from_state_dict(state["tokenizer"])
        stats = state["stats"]
    else:
        tok = build_tokenizer(spec, [t for parts in train_parts for seg in parts for t, *_ in seg.segments])
        all_actions = np.concatenate([seg.actions for parts in train_parts for seg in parts])
        arm = all_actions[:, :-1]
        stats = {"mean": arm.mean(0).tolist(), "std": arm.std(0).tolist(), "min": arm.min(0).tolist(), "max": arm.max(0).tolist()}
        if dist.main:
            n_sources = sum(len(parts) for parts in train_parts)
            log(
                f"action normalisation: the arm dimensions' {'min/max' if (spec['action'].get('normalize') or {}).get('enabled') else 'mean/std'} "
                f"measured over {len(all_actions)} training frames pooled from {n_sources} source(s) of {len(train_parts)} stage(s), "
                "after conversion (datasets' declared statistics are not used)"
            )
    stages = []
    for i, conf in enumerate(stage_confs):
        st = Stage(
            i,
            conf,
            WindowDataset(train_parts[i], history, pol["chunk"], tok),
            WindowDataset(val_parts[i], history, pol["chunk"], tok) if val_parts[i] else None,
            tr["batch_size"],
            dist.world,
        )
        st.set_weights([ds["weight"] for ds in conf["datasets"]])
        stages.append(st)
    total = sum(s.steps for s in stages)
    # FAST action tokens (discrete actions or knowledge insulation): fitted on this run's training chunks
    # (the same on every rank: the data and the BPE trainer are deterministic), kept by every checkpoint
    action_tok = None
    if uses_fast(spec):
        action_tok = (
            FastTokenizer.from_state_dict(state["action_tokenizer"])
            if state and "action_tokenizer" in state
            else fit_for_spec(spec, training_chunks(stages, pol["chunk"]))
        )
        if dist.main:
            action_tok.save(run_dir)
            log(
                f"FAST action tokenizer: {action_tok.n_tokens} tokens, at most {action_tok.max_tokens} per chunk "
                f"(bins would use {pol['chunk'] * spec['action']['dim']})"
                + (
                    f"; knowledge insulation: the backbone learns them with token loss weight {spec['action']['token_weight']:g}"
                    if spec["action"].get("knowledge_insulation") and pol["action_space"] == "continuous"
                    else ""
                )
            )

    # ---- model and optimizer -----------------------------------------------------------------------
    policy = build_policy(spec, tok, stats, action_tok).to(dist.device)
    model = WithLoss(policy)
    if tr["compile"]:
        # Compiled before DDP wraps it (DDP then sees one graph per bucket boundary). Only the training
        # forward is compiled: validation, checkpoints and export use `policy` itself, so the saved state
        # dict has the same keys with or without compile.
        model = torch.compile(model)
    if dist.world > 1:
        # the loss goes through DDP's forward so its backward all-reduces the gradients
        model = torch.nn.parallel.DistributedDataParallel(
            model, device_ids=[dist.local_rank] if dist.device.type == "cuda" else None, find_unused_parameters=True
        )
    decay, no_decay = [], []
    for n, p in policy.named_parameters():
        (no_decay if p.ndim < 2 or "pos" in n or "embed" in n else decay).append(p)
    groups = [{"params": decay, "weight_decay": tr["weight_decay"]}, {"params": no_decay, "weight_decay": 0.0}]
    fused = {"fused": True} if dist.device.type == "cuda" and "fused" in torch.optim.AdamW.__init__.__code__.co_varnames else {}
    if tr["optimizer"] == "sgd":
        opt = torch.optim.SGD(groups, lr=tr["lr"], momentum=0.9)
    elif tr["optimizer"] == "adam":
        opt = torch.optim.Adam(groups, lr=tr["lr"])
    else:
        opt = torch.optim.AdamW(groups, lr=tr["lr"], betas=(0.9, 0.95), **fused)
    step = 0
    if state:
        policy.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
        ckpt.set_rng_state(state["rng"])
        step = state["step"]
    amp = dist.device.type == "cuda" and tr["precision"] in ("bf16", "fp16")
    amp_dtype = torch.bfloat16 if tr["precision"] == "bf16" else torch.float16
    scaler = torch.cuda.amp.GradScaler() if amp and tr["precision"] == "fp16" else None
    params = sum(p.numel() for p in policy.parameters() if p.requires_grad)

    events.emit(
        "run_start",
        run_id=os.environ.get("VLA_LAB_RUN_ID"),
        spec_hash=spec_hash(raw_spec),
        git=git_info(),
        host=host(),
        pid=os.getpid(),
        device=str(dist.device) + (f" ({torch.cuda.get_device_name(dist.device)})" if dist.device.type == "cuda" else ""),
        world_size=dist.world,
        resumed=bool(state),
        start_step=step,
        versions=versions(),
        params=params,
        total_params=sum(p.numel() for p in policy.parameters()),
    )
    if dist.main:
        log(
            f"training {params / 1e6:.2f}M parameters on {dist.device} (world size {dist.world}), {total} steps"
            + (f", resuming at step {step}" if state else "")
            + (f", {tr['batch_size']} samples per rank per step" if dist.world > 1 else "")
            + (" (torch.compile: the first steps include its warm-up)" if tr["compile"] else "")
        )

    cancelled = {"flag": False}

    def on_term(signum, frame):
        cancelled["flag"] = True

    signal.signal(signal.SIGTERM, on_term)

    def save(tag, final=False):
        if not dist.main:
            return None
        payload = {
            "step": step,
            "model": policy.state_dict(),
            "optimizer": opt.state_dict(),
            "rng": ckpt.rng_state(),
            "tokenizer": tok.state_dict(),
            "stats": stats,
            "spec": spec,
            "spec_hash": spec_hash(raw_spec),
        }
        if action_tok is not None:
            payload["action_tokenizer"] = action_tok.state_dict()
        # the index entry first, then the file (renamed into place: whole or absent), then the event:
        # a kill between them leaves a complete checkpoint listed and picked by latest/best:<metric>,
        # whose event resume writes (retention.recover)
        retention.record(run_dir, ckpt.path_for(run_dir, step), step, events.latest)
        p = ckpt.save(run_dir, step, payload, keep=0, final=final)  # keep=0: retention prunes, by its rules
        retention.prune(run_dir, tr["keep_checkpoints"], tr["keep_best"], tr["best_metric"], tr["best_mode"])
        events.emit("checkpoint", step=step, path=os.path.relpath(p, run_dir), tag=tag)
        return p

    # ---- loop --------------------------------------------------------------------------------------
    offset = 0
    # "busy": seconds spent in training steps alone (not validation or checkpoints), for the stall alarm
    window = {"n": 0, "samples": 0, "t": time.time(), "busy": 0.0, "sums": {}}
    for st in stages:
        if step >= offset + st.steps:
            offset += st.steps
            continue
        events.emit("stage", name=st.name, index=st.index, count=len(stages), step=step, total_steps=total, datasets=stage_data[st.index])
        peak = st.conf.get("lr") or tr["lr"]
        model.train()
        while step < offset + st.steps:
            step_began = time.time()
            idx = st.batch_indices(step - offset, tr["seed"], dist.rank, dist.world, tr["batch_size"])
            # Word dropout draws from its own stream keyed by the step, so a resumed run sees the same batches.
            words_rng = np.random.default_rng([tr["seed"], 17, step, dist.rank])
            batch = {k: v.to(dist.device, non_blocking=True) for k, v in st.data.batch(idx, tr["word_dropout"], words_rng).items()}
            lr = lr_at(step, total, tr["warmup_steps"], peak, tr["schedule"], tr["min_lr_scale"])
            for g in opt.param_groups:
                g["lr"] = lr
            with torch.autocast(dist.device.type, dtype=amp_dtype) if amp else contextlib.nullcontext():
                out = model(batch)
            loss = out["loss"]
            if not dist.all_finite(loss):
                fix = "lower train.lr or lengthen train.warmup_steps" if tr["grad_clip"] else "lower train.lr, or set train.grad_clip"
                raise NaNLoss(f"NaN loss at step {step + 1} (stage {st.name}, lr {lr:.3g}): {fix}")
            opt.zero_grad(set_to_none=True)
            (scaler.scale(loss) if scaler else loss).backward()
            if scaler:
                scaler.unscale_(opt)
            # the norm before clipping (what clip_grad_norm_ returns): logged, and watched for explosions
            norm = (
                float(torch.nn.utils.clip_grad_norm_(policy.parameters(), tr["grad_clip"]))
                if tr["grad_clip"]
                else grad_norm(policy.parameters())
            )
            (scaler.step(opt), scaler.update()) if scaler else opt.step()
            step += 1
            if scaler is None:  # with fp16 loss scaling, inf norms are the scaler's business (it skips the step)
                health.on_grad_norm(step, norm)
            window["sums"]["grad_norm"] = window["sums"].get("grad_norm", 0.0) + (norm if math.isfinite(norm) else 0.0)
            window["busy"] += time.time() - step_began
            window["n"] += 1
            window["samples"] += len(idx) * dist.world
            for k, v in out.items():
                window["sums"][k] = window["sums"].get(k, 0.0) + (float(v.detach()) if torch.is_tensor(v) else float(v))
            if step % tr["log_every"] == 0 or step == offset + st.steps:
                dt = max(1e-9, time.time() - window["t"])
                window["sums"] = dist.mean(window["sums"])  # every rank: a collective
                for k, v in window["sums"].items():
                    events.scalar(step, f"train/{k}", v / window["n"], stage=st.name)
                events.scalar(step, "train/lr", lr, stage=st.name)
                sps = window["samples"] / dt
                eta = (total - step) * dt / window["n"]
                events.emit(
                    "progress",
                    step=step,
                    total=total,
                    samples_per_s=sps,
                    eta_s=eta,
                    phase="train",
                    stage=st.name,
                    epoch=(step - offset) / st.batches_per_epoch,
                )
                health.on_train_log(
                    step, {k: v / window["n"] for k, v in window["sums"].items()}, window["samples"] / max(1e-9, window["busy"])
                )
                if dist.main:
                    log(
                        f"step {step}/{total} [{st.name}] loss {window['sums']['loss'] / window['n']:.4f} "
                        f"acc_gripper {window['sums'].get('acc_gripper', 0) / window['n']:.2f} lr {lr:.2e} {sps:.0f} samples/s eta {eta:.0f}s"
                    )
                window = {"n": 0, "samples": 0, "t": time.time(), "busy": 0.0, "sums": {}}
            # rank 0 alone (the other ranks would only repeat it): the policy, not DDP, so no collective
            if dist.main and st.val is not None and (step % tr["val_every"] == 0 or step == offset + st.steps):
                health.on_validation(step, validate(policy, st, step, events, dist, tr["batch_size"]).get("loss"), lr)
                model.train()
            if dist.main:
                health.probe_actions(step, policy, batch)
            if dist.any(cancelled["flag"]):  # every rank leaves after the same step
                save("cancel")
                events.emit("run_end", status="cancelled", step=step, exit_code=EXIT_CANCELLED)
                if dist.main:
                    log(f"cancelled at step {step}; checkpoint saved (resume with `vla-lab resume`)")
                sys.exit(EXIT_CANCELLED)
            if step % tr["checkpoint_every"] == 0 and step < total:
                save("latest")
        offset += st.steps
        if step < total:
            save("stage-end")
    path = save("final", final=True)
    if dist.world > 1:
        same, checksum = dist.params_in_sync(policy)
        if not same:
            events.emit(
                "warning",
                code="ranks-diverged",
                step=step,
                message=f"the {dist.world} ranks ended with different parameters: gradients were not all-reduced; "
                "the checkpoint holds rank 0's",
            )
        if dist.main:
            log(
                f"{dist.world} ranks: "
                + (
                    f"parameters identical on every rank (checksum {checksum:.6g})"
                    if same
                    else "parameters differ between ranks (gradients were not all-reduced)"
                )
            )
        del model  # the DDP wrapper: its reducer holds the process group
        dist.close()
    return policy, path, events, step


def training_chunks(stages, chunk, limit=FIT_CHUNKS):
    """Action chunks (N, chunk, dim) of the training windows, as the loader builds their targets (the
    last action repeated past a segment's end); at most `limit`, evenly spaced over every stage."""
    out = []
    per_stage = max(1, limit // len(stages))
    for st in stages:
        rows = st.data.rows
        rows = rows[np.unique(np.linspace(0, len(rows) - 1, min(len(rows), per_stage)).astype(np.int64))]
        fut = np.minimum(rows[:, 4:5] + np.arange(chunk), rows[:, 3:4])
        for p in np.unique(rows[:, 0]):
            out.append(st.data.parts[p].actions[fut[rows[:, 0] == p]])
    return np.concatenate(out).astype(np.float64)


class WithLoss(torch.nn.Module):
    """The policy's training loss as a module's forward (what DDP wraps)."""

    def __init__(self, policy):
        super().__init__()
        self.policy = policy

    def forward(self, batch):
        return self.policy.loss(batch)


@torch.no_grad()
def validate(policy, stage, step, events, dist, batch_size, max_samples=256):
    """Mean validation losses over the same `max_samples` windows at every call, spread evenly over
    the validation set (every task, not just the first episodes), whatever the batch size (a run at
    16 samples per rank reports a curve comparable with one at 32)."""
    policy.eval()
    rows = np.unique(np.linspace(0, len(stage.val) - 1, min(len(stage.val), max_samples)).astype(np.int64))
    sums, seen = {}, 0
    for start in range(0, len(rows), batch_size):
        idx = rows[start : start + batch_size]
        batch = {k: v.to(dist.device) for k, v in stage.val.batch(idx).items()}
        out = policy.loss(batch)
        # policy.loss averages over the batch's valid action targets: weight each batch by their count
        valid = batch["action_mask"] if policy.formulation != "one-step" and not policy.discrete else batch["action_mask"][:, -1]
        w = float(valid.sum())
        for k, v in out.items():
            sums[k] = sums.get(k, 0.0) + float(v) * w
        seen += w
    means = {k: v / max(seen, 1.0) for k, v in sums.items()}
    for k, v in means.items():
        events.scalar(step, f"val/{k}", v, stage=stage.name)
    return means
