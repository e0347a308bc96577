"""The run-event protocol (schemas/events.schema.json): one JSON object per line in events.jsonl.

Each record is built completely, then written with one write() and flushed, so a reader never
sees half a record (a killed process leaves at most a truncated last line, which readers skip)."""

import json
import math
import os
import platform
import socket
import subprocess
import time

VERSION = 1


def _clean(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None  # JSON has no NaN/Inf; the protocol writes null
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    return v


class EventWriter:
    def __init__(self, path, enabled=True):
        self.path = path
        self.enabled = enabled
        self.f = open(path, "a", encoding="utf-8") if enabled else None
        self.latest = {}  # scalar name → (step, value) last logged: checkpoints are ranked by it (retention.py)

    def emit(self, type_, **fields):
        if not self.enabled:
            return
        rec = {"v": VERSION, "type": type_, "t": time.time()}
        rec.update({k: v for k, v in fields.items() if v is not None or k in ("value", "error", "eta_s", "exit_code")})
        self.f.write(json.dumps(_clean(rec), separators=(",", ":"), allow_nan=False) + "\n")
        self.f.flush()

    def scalar(self, step, name, value, stage=None):
        self.latest[name] = (int(step), float(value))
        self.emit("scalar", step=int(step), name=name, value=float(value), stage=stage)

    def close(self):
        if self.f:
            self.f.close()
            self.f = None


def truncate_after(path, step):
    """Drops records of steps after `step` (a resumed run repeats them from its checkpoint) and
    any truncated last line; atomic (new file + rename). Returns how many records were dropped."""
    if not os.path.exists(path):
        return 0
    kept, dropped = [], 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.endswith("\n"):
                dropped += 1
                continue
            try:
                rec = json.loads(line)
            except (ValueError, RecursionError):
                rec = None
            if not isinstance(rec, dict):
                kept.append(line)  # not ours to judge (garbage, a crafted line): readers count it as a warning
                continue
            if rec.get("type") in ("scalar", "progress", "checkpoint") and rec.get("step", 0) > step:
                dropped += 1
                continue
            if rec.get("type") == "run_end":
                dropped += 1  # the run did not end: it is being resumed
                continue
            kept.append(line)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.writelines(kept)
    os.replace(tmp, path)
    return dropped


def git_info():
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5)
        if commit.returncode != 0:
            return {"commit": None, "dirty": None}
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=here, capture_output=True, text=True, timeout=5
        )
        return {"commit": commit.stdout.strip(), "dirty": bool(dirty.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}


def versions():
    import numpy
    import torch

    from .. import __version__

    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": numpy.__version__,
        "cuda": torch.version.cuda if torch.cuda.is_available() else None,
        "vlalab": __version__,
    }


def host():
    return socket.gethostname()
