"""A run folder exported to an experiment tracker (`vla-lab export-tracker <run> --to …`, or
`python -m vlalab export-tracker --run-dir … --to …`):

- tensorboard: event files written with tensorboard's SummaryWriter (torch.utils.tensorboard) —
  every scalar at its step and wall time, the evaluation results as scalars
  (eval/<benchmark>/avg_len, …/sr_<k>, …/task/<task>), the resolved spec and the manifest as text.
  Default folder: <run>/tensorboard/ (`tensorboard --logdir` it, or `vla-lab open` it).
- wandb: a Weights & Biases run in offline mode (nothing leaves the machine; `wandb sync <dir>`
  uploads it later): the scalars by step, the resolved spec (and the manifest's seeds, commits and
  packages) as config, the evaluation results and per-task successes as tables, the rollout videos.
  Default folder: <run>/wandb/.

What is exported is what the run folder holds (vlalab.runs reads it); media paths outside the run
folder are not exported, as the editor does not show them."""

import json
import os

from . import runlayout
from .runs import Run

TARGETS = ("tensorboard", "wandb")


class ExportError(ValueError):
    """Bad input: the message says what to do."""


def _inside(run_dir, rel):
    if not isinstance(rel, str) or not rel:
        return None
    p = os.path.realpath(os.path.join(run_dir, rel))
    root = os.path.realpath(run_dir)
    return p if p.startswith(root + os.sep) and os.path.isfile(p) else None


def _eval_scalars(e):
    """(name, value) pairs of one eval_result record."""
    b = e.get("benchmark", "eval")
    out = [(f"eval/{b}/avg_len", e.get("avg_seq_len"))]
    for k, v in sorted((e.get("chain_sr") or {}).items()):
        out.append((f"eval/{b}/sr_{k}", v))
    for task, c in sorted((e.get("task_info") or {}).items()):
        if isinstance(c, dict) and c.get("total"):
            out.append((f"eval/{b}/task/{task}", c.get("success", 0) / c["total"]))
    return [(n, float(v)) for n, v in out if isinstance(v, (int, float))]


def _eval_step(run, e):
    """An evaluation's step: its own, else its checkpoint's (step-0000006 → 6), else the last step."""
    if isinstance(e.get("step"), int):
        return e["step"]
    digits = "".join(ch for ch in str(e.get("checkpoint", "")) if ch.isdigit())
    if digits:
        return int(digits)
    steps = [x.get("step") for x in run.events if x["type"] == "scalar" and isinstance(x.get("step"), int)]
    return max(steps, default=0)


def to_tensorboard(run, out):
    from torch.utils.tensorboard import SummaryWriter

    w = SummaryWriter(log_dir=out)
    n = 0
    try:
        for e in run.events:
            if e["type"] == "scalar" and isinstance(e.get("value"), (int, float)) and isinstance(e.get("step"), int):
                w.add_scalar(e["name"], e["value"], global_step=e["step"], walltime=e.get("t"))
                n += 1
            elif e["type"] == "eval_result":
                for name, v in _eval_scalars(e):
                    w.add_scalar(name, v, global_step=_eval_step(run, e), walltime=e.get("t"))
                    n += 1
        if run.spec is not None:
            w.add_text("config/spec", "```json\n" + json.dumps(run.spec, indent=1) + "\n```", global_step=0)
        if run.manifest is not None:
            m = {k: v for k, v in run.manifest.items() if k != "code"}
            w.add_text("config/manifest", "```json\n" + json.dumps(m, indent=1) + "\n```", global_step=0)
    finally:
        w.close()
    return f"{n} scalars"


def _config(run):
    cfg = {"spec": run.spec or {}, "run": run.key}
    m = run.manifest
    if m:
        cfg["manifest"] = {
            "seeds": m.get("seeds"),
            "spec_sha256": m.get("spec", {}).get("sha256"),
            "workspace_commit": m.get("code", {}).get("workspace", {}).get("commit"),
            "backend_commit": m.get("code", {}).get("backend", {}).get("commit"),
            "data_sha256": [d.get("sha256") for d in m.get("data", [])],
            "python": m.get("python", {}).get("version"),
            "packages": m.get("packages"),
        }
    return cfg


def to_wandb(run, out, project=None):
    os.environ.setdefault("WANDB_MODE", "offline")
    if os.environ["WANDB_MODE"] != "offline":
        raise ExportError(
            f"WANDB_MODE is {os.environ['WANDB_MODE']!r}: the export writes an offline run only; unset it or set it to offline"
        )
    os.environ.setdefault("WANDB_SILENT", "true")
    try:
        import wandb
    except ImportError:
        raise ExportError("wandb is not installed: pip install 'vlalab[trackers]' (or pip install wandb)") from None
    os.makedirs(out, exist_ok=True)
    wr = wandb.init(
        mode="offline",
        dir=out,
        project=project or run.experiment,
        name=run.key,
        config=_config(run),
        settings=wandb.Settings(console="off", x_disable_stats=True, x_disable_meta=True),
    )
    try:
        by_step = {}
        for e in run.events:
            if e["type"] == "scalar" and isinstance(e.get("value"), (int, float)) and isinstance(e.get("step"), int):
                by_step.setdefault(e["step"], {})[e["name"]] = e["value"]
        evals = [e for e in run.events if e["type"] == "eval_result"]
        for e in evals:
            by_step.setdefault(_eval_step(run, e), {}).update(dict(_eval_scalars(e)))
        for step in sorted(by_step):
            wr.log(by_step[step], step=step)
        last = max(by_step, default=0)
        media = {}
        if evals:
            k_max = max((len(e.get("chain_sr") or {}) for e in evals), default=0)
            cols = ["benchmark", "checkpoint", "step", "avg_len", "num_chains"] + [f"sr_{k}" for k in range(1, k_max + 1)]
            media["eval/results"] = wandb.Table(
                columns=cols,
                data=[
                    [e.get("benchmark"), e.get("checkpoint"), _eval_step(run, e), e.get("avg_seq_len"), e.get("num_chains")]
                    + [(e.get("chain_sr") or {}).get(str(k)) for k in range(1, k_max + 1)]
                    for e in evals
                ],
            )
            media["eval/tasks"] = wandb.Table(
                columns=["benchmark", "checkpoint", "task", "success", "total"],
                data=[
                    [e.get("benchmark"), e.get("checkpoint"), t, c.get("success"), c.get("total")]
                    for e in evals
                    for t, c in sorted((e.get("task_info") or {}).items())
                    if isinstance(c, dict)
                ],
            )
        videos = [(e, _inside(run.path, e.get("path"))) for e in run.events if e["type"] == "media" and e.get("kind") == "video"]
        videos = [(e, p) for e, p in videos if p and p.rsplit(".", 1)[-1] in ("mp4", "gif", "webm", "ogg")]
        for i, (e, p) in enumerate(videos):
            caption = " ".join(
                str(x)
                for x in (e.get("task"), e.get("instruction"), "success" if e.get("success") else "fail" if "success" in e else None)
                if x
            )
            media[f"videos/{i:03d}"] = wandb.Video(p, caption=caption or None, format=p.rsplit(".", 1)[-1])
        if media:
            wr.log(media, step=last)
        run_dir = wr.dir and os.path.dirname(wr.dir)
    finally:
        wr.finish()
    n = sum(len(v) for v in by_step.values())
    return f"{n} scalars over {len(by_step)} steps, {len(evals)} evaluations, {len(videos)} videos; offline run {run_dir} (upload: wandb sync {run_dir})"


def export(run_dir, to, out=None, project=None):
    if to not in TARGETS:
        raise ExportError(f"--to must be one of {', '.join(TARGETS)}, not {to!r}")
    if not os.path.isfile(runlayout.path(run_dir, "events")):
        raise ExportError(f"{run_dir} has no events.jsonl: give a run folder")
    run = Run(run_dir)
    out = os.path.abspath(out or os.path.join(run_dir, to))
    what = to_tensorboard(run, out) if to == "tensorboard" else to_wandb(run, out, project)
    return out, what
