"""Which checkpoints a run keeps, and picking one by metric.

checkpoints/index.json records, for every checkpoint written, its step and the latest value of
every scalar the run had logged at or before that step ({name: [logged step, value]}), so
checkpoints can be ranked by any metric after the fact (`best:val/loss`). After each save the
trainer prunes: it keeps the `train.keep_checkpoints` most recent, the `train.keep_best` best by
`train.best_metric` (`train.best_mode`), the final one, and never deletes a checkpoint that is
pinned — `checkpoints/<name>.pin` (a user's pin: `vla-lab checkpoints <run> --pin <name>`) or
`checkpoints/<name>.pin-eval-<pid>` (an evaluation reading it; stale once that process is gone).

The checkpoint files themselves are checkpoint.py's (names, final marker, loading)."""

import contextlib
import json
import math
import os
import re

from .. import runlayout
from . import checkpoint as ckpt

# The names (index.json, pins, the selectors, which metrics are better higher) are run-layout.json's.
INDEX = runlayout.INDEX
PIN = runlayout.PIN_SUFFIX
EVAL_PIN = re.compile(re.escape(runlayout.EVAL_PIN_INFIX) + r"(\d+)$")
HIGHER_IS_BETTER = runlayout.HIGHER_IS_BETTER
# the tag of a `checkpoint` event written on resume for a checkpoint whose own event a kill prevented
RECOVERED = "recovered"


class PickError(ValueError):
    """A checkpoint reference that names nothing; the message says what exists."""


def _dir(run_dir):
    return os.path.join(run_dir, runlayout.CHECKPOINTS)


def read_index(run_dir):
    try:
        with open(os.path.join(_dir(run_dir), INDEX), encoding="utf-8") as f:
            data = json.load(f)
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError, RecursionError):
        return {}


def _write_index(run_dir, index):
    os.makedirs(_dir(run_dir), exist_ok=True)  # the first entry comes before the first checkpoint file
    path = os.path.join(_dir(run_dir), INDEX)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(index, f, indent=1, sort_keys=True)
    os.replace(tmp, path)


def record(run_dir, path, step, latest):
    """Adds a checkpoint to the index with the run's latest scalars ({name: (step, value)})."""
    index = read_index(run_dir)
    clean = {k: [int(s), float(v)] for k, (s, v) in latest.items() if isinstance(v, (int, float)) and math.isfinite(v)}
    index[os.path.basename(path)] = {"step": int(step), "metrics": clean}
    _write_index(run_dir, index)


def _events(run_dir, types):
    """The records of events.jsonl whose type is in `types`, in order (unreadable lines skipped)."""
    out = []
    with contextlib.suppress(OSError):
        with open(runlayout.path(run_dir, "events"), encoding="utf-8", errors="replace") as f:
            for line in f:
                if not any(f'"{t}"' in line for t in types):
                    continue
                with contextlib.suppress(ValueError, RecursionError):
                    e = json.loads(line)
                    if isinstance(e, dict) and e.get("type") in types:
                        out.append(e)
    return out


def _scalars(run_dir):
    """[(step, name, value)] of the run's scalar events, by step (stable: a later record of a step comes later)."""
    rows = [
        (e["step"], e["name"], e["value"])
        for e in _events(run_dir, ("scalar",))
        if isinstance(e.get("step"), int) and isinstance(e.get("name"), str) and isinstance(e.get("value"), (int, float))
    ]
    rows.sort(key=lambda s: s[0])
    return rows


def latest_scalars(run_dir, step, scalars=None):
    """{name: (logged step, value)}: the latest value of every scalar logged at or before `step` —
    what the trainer's EventWriter.latest held when it saved a checkpoint at `step`."""
    latest = {}
    for s, name, value in _scalars(run_dir) if scalars is None else scalars:
        if s > step:
            break
        latest[name] = (s, value)
    return latest


def checkpoint_events(run_dir):
    """{checkpoint file name: its last `checkpoint` event} from events.jsonl."""
    return {os.path.basename(e["path"]): e for e in _events(run_dir, ("checkpoint",)) if isinstance(e.get("path"), str)}


def recover(run_dir, emit):
    """After a kill, makes the record whole again for every checkpoint on disk (the trainer calls it
    when it resumes, on rank 0). The trainer writes a checkpoint's index.json entry, then the file
    (by rename: complete or absent), then its `checkpoint` event; a SIGKILL in between leaves a
    complete checkpoint that events.jsonl does not name (and, in runs written before the index entry
    came first, that index.json does not either). Such a checkpoint gets its index entry rebuilt from
    the scalars logged at or before its step, and its `checkpoint` event, tagged "recovered", through
    `emit(type, **fields)`. An index entry whose file is not on disk (a kill before the rename) is
    dropped. Returns the names recovered, by step."""
    index = read_index(run_dir)
    on_disk = {os.path.basename(p) for _, p in ckpt.all_checkpoints(run_dir)}
    if set(index) - on_disk:
        index = {k: v for k, v in index.items() if k in on_disk}
        _write_index(run_dir, index)
    seen = checkpoint_events(run_dir)
    scalars = None  # read once, when an index entry is missing
    recovered = []
    for step, p in ckpt.all_checkpoints(run_dir):
        name = os.path.basename(p)
        if name not in index:
            scalars = _scalars(run_dir) if scalars is None else scalars
            record(run_dir, p, step, latest_scalars(run_dir, step, scalars))
        if name not in seen:
            emit("checkpoint", step=step, path=os.path.relpath(p, run_dir), tag=RECOVERED)
        if name not in index or name not in seen:
            recovered.append(name)
    return recovered


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def pinned(run_dir):
    """Names of checkpoints no prune may delete: user pins and live evaluations' pins (an
    evaluation pin whose process is gone is removed)."""
    out = set()
    try:
        names = os.listdir(_dir(run_dir))
    except OSError:
        return out
    for n in names:
        if n.endswith(PIN):
            out.add(n[: -len(PIN)])
            continue
        m = EVAL_PIN.search(n)
        if m:
            if _pid_alive(int(m.group(1))):
                out.add(n[: m.start()])
            else:
                with contextlib.suppress(OSError):
                    os.remove(os.path.join(_dir(run_dir), n))
    return out


@contextlib.contextmanager
def pinned_for_eval(path):
    """Pins a checkpoint while this process evaluates it (a training run pruning meanwhile skips it)."""
    pin = f"{path}{runlayout.EVAL_PIN_INFIX}{os.getpid()}"
    try:
        open(pin, "w").close()
    except OSError:
        pin = None  # a read-only run folder: nothing prunes it either
    try:
        yield
    finally:
        if pin:
            with contextlib.suppress(OSError):
                os.remove(pin)


def metric_value(entry, metric):
    v = (entry or {}).get("metrics", {}).get(metric)
    return v[1] if isinstance(v, list) and len(v) == 2 else None


def ranked(run_dir, metric, mode):
    """[(value, step, path)] of the checkpoints on disk that have `metric`, best first."""
    index = read_index(run_dir)
    rows = []
    for step, path in ckpt.all_checkpoints(run_dir):
        v = metric_value(index.get(os.path.basename(path)), metric)
        if v is not None:
            rows.append((v, step, path))
    # ties: the later checkpoint first (trained longer for the same value)
    rows.sort(key=lambda r: ((r[0] if mode == "min" else -r[0]), -r[1]))
    return rows


def keep_set(run_dir, keep_last, keep_best=0, metric=None, mode="min"):
    """{path: [reasons]} of the checkpoints to keep."""
    files = ckpt.all_checkpoints(run_dir)
    keep = {}
    for _, p in files[-keep_last:] if keep_last > 0 else []:
        keep.setdefault(p, []).append("last")
    if keep_best > 0 and metric:
        for _, _, p in ranked(run_dir, metric, mode)[:keep_best]:
            keep.setdefault(p, []).append(f"best {metric}")
    fin = ckpt.final(run_dir)
    if (
        fin
        and os.path.basename(fin) in {os.path.basename(p) for _, p in files}
        and os.path.exists(os.path.join(_dir(run_dir), runlayout.FINAL_MARKER))
    ):
        keep.setdefault(fin, []).append("final")
    pins = pinned(run_dir)
    for _, p in files:
        if os.path.basename(p) in pins:
            keep.setdefault(p, []).append("pinned")
    return keep


def prune(run_dir, keep_last, keep_best=0, metric=None, mode="min"):
    """Deletes the checkpoints outside keep_set; returns their paths."""
    keep = keep_set(run_dir, keep_last, keep_best, metric, mode)
    removed = []
    for _, p in ckpt.all_checkpoints(run_dir):
        if p not in keep:
            with contextlib.suppress(FileNotFoundError):
                os.remove(p)
                removed.append(p)
    if removed:
        index = read_index(run_dir)
        for p in removed:
            index.pop(os.path.basename(p), None)
        _write_index(run_dir, index)
    return removed


def default_mode(metric, spec=None):
    tr = (spec or {}).get("train", {})
    if metric == tr.get("best_metric") and tr.get("best_mode") in ("min", "max"):
        return tr["best_mode"]
    return "max" if HIGHER_IS_BETTER.search(metric) else "min"


def pick(run_dir, ref, spec=None):
    """A checkpoint path from a reference: `best:<metric>[:min|max]`, `latest`, `final`, a file name
    in checkpoints/ or a path. PickError names what exists when nothing matches."""
    if ref in (None, "", runlayout.FINAL):
        p = ckpt.final(run_dir)
    elif ref == runlayout.LATEST:
        p = ckpt.latest(run_dir)
    elif ref.startswith(runlayout.BEST_PREFIX):
        metric, _, mode = ref[len(runlayout.BEST_PREFIX) :].partition(":")
        if mode and mode not in ("min", "max"):
            raise PickError(f"{ref}: the mode after the metric must be min or max (best:{metric}:min)")
        mode = mode or default_mode(metric, spec)
        rows = ranked(run_dir, metric, mode)
        if not rows:
            known = sorted({m for e in read_index(run_dir).values() if isinstance(e, dict) for m in e.get("metrics", {})})
            raise PickError(
                f"no checkpoint of {run_dir} has a value of {metric!r}"
                + (
                    f"; metrics recorded: {', '.join(known)}"
                    if known
                    else " (checkpoints/index.json is missing: runs before checkpoint metrics were recorded)"
                )
            )
        p = rows[0][2]
    elif os.sep in ref or os.path.exists(ref):
        p = ref
    else:
        p = os.path.join(_dir(run_dir), ref)
    if not p or not os.path.isfile(p):
        names = [os.path.basename(x) for _, x in ckpt.all_checkpoints(run_dir)]
        raise PickError(
            f"no checkpoint {ref!r} in {run_dir}"
            + (f"; there are: {', '.join(names)} (or best:<metric>, latest, final)" if names else " (it has none yet)")
        )
    return p


def disk_usage(run_dir):
    """(checkpoint files, bytes) under checkpoints/."""
    n, total = 0, 0
    for _, p in ckpt.all_checkpoints(run_dir):
        with contextlib.suppress(OSError):
            total += os.path.getsize(p)
            n += 1
    return n, total


def listing(run_dir, spec=None):
    """One dict per checkpoint on disk: name, step, bytes, metrics, why it is kept by the spec's rules."""
    tr = (spec or {}).get("train", {})
    keep = keep_set(run_dir, tr.get("keep_checkpoints", 0), tr.get("keep_best", 0), tr.get("best_metric"), tr.get("best_mode", "min"))
    index = read_index(run_dir)
    pins = pinned(run_dir)
    seen = checkpoint_events(run_dir)
    has_events = os.path.exists(runlayout.path(run_dir, "events"))
    out = []
    for step, p in ckpt.all_checkpoints(run_dir):
        name = os.path.basename(p)
        out.append(
            {
                "name": name,
                "step": step,
                "bytes": os.path.getsize(p),
                "pinned": name in pins,
                "kept_because": keep.get(p, []),
                "metrics": {k: v[1] for k, v in index.get(name, {}).get("metrics", {}).items()},
                # False: written just before a kill, before its `checkpoint` event (complete and
                # usable; resume records it); None: the folder has no events.jsonl to say;
                # "recovered": its event was written on resume (recover())
                "event": name in seen if has_events else None,
                "recovered": seen.get(name, {}).get("tag") == RECOVERED,
            }
        )
    return out


# ───────────────────────── RoboVLMs' own checkpoints (backend robovlms) ─────────────────────────

ROBOVLMS_STEP = re.compile(r"step=(\d+)")


def _size(path):
    if not os.path.isdir(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def robovlms_listing(run_dir):
    """A robovlms-backend run's checkpoints: what RoboVLMs' ModelCheckpoint wrote under
    robovlms/checkpoints/ (`epoch=E-step=S.ckpt`, a file, or a directory under DeepSpeed), by step,
    with the latest value of every scalar logged at or before that step (from events.jsonl).
    RoboVLMs keeps every epoch's checkpoint (save_top_k=-1); VLA Lab prunes none of them."""
    root = os.path.join(run_dir, runlayout.ROBOVLMS_CHECKPOINTS)
    found = []
    for d, dirs, files in os.walk(root):
        for name in dirs + files:
            m = ROBOVLMS_STEP.search(name)
            if name.endswith(".ckpt") and m:
                found.append((int(m.group(1)), os.path.join(d, name)))
        dirs[:] = [x for x in dirs if not x.endswith(".ckpt")]
    found.sort()
    scalars = _scalars(run_dir)
    out = []
    for step, p in found:
        metrics = {name: value for name, (_, value) in latest_scalars(run_dir, step, scalars).items()}
        out.append(
            {
                "name": os.path.basename(p),
                "path": os.path.relpath(p, run_dir),
                "step": step,
                "bytes": _size(p),
                "pinned": False,
                "kept_because": ["RoboVLMs keeps every epoch"],
                "metrics": metrics,
            }
        )
    return out
