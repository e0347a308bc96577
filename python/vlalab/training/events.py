"""events.jsonl writer: records exactly per schemas/events.schema.json (protocol v 1).

Each record is one whole line written with a single write() and flushed, so a reader (or a kill)
never sees half a record. NaN/±Inf become null. Only rank 0 writes (`enabled`).
"""
import json
import math
import os
import time

_KEEP_NULL = ("error", "eta_s", "value", "exit_code", "error_kind")


def _clean(v):
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    if hasattr(v, "item") and callable(v.item):  # numpy / torch scalars
        return _clean(v.item())
    return v


class EventWriter:
    def __init__(self, path, enabled=True):
        self.path, self.enabled = path, enabled
        self._f = None

    def emit(self, type_, **fields):
        if not self.enabled:
            return None
        rec = {"v": 1, "type": type_, "t": time.time()}
        rec.update({k: _clean(v) for k, v in fields.items() if v is not None or k in _KEEP_NULL})
        if self._f is None:
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
            self._f = open(self.path, "a", encoding="utf-8")
        self._f.write(json.dumps(rec, ensure_ascii=False, allow_nan=False) + "\n")
        self._f.flush()
        return rec

    def scalar(self, step, name, value, stage=None):
        return self.emit("scalar", step=int(step), name=name, value=float(value), stage=stage)

    def close(self):
        if self._f is not None:
            self._f.close()
            self._f = None


def truncate_after(path, step):
    """Resume: keep only the records a run up to checkpoint `step` wrote (step-carrying training
    records above it are dropped), rewriting the file atomically (new file + fsync + rename).
    Returns the number of dropped records."""
    if not os.path.exists(path):
        return 0
    kept, dropped = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                dropped += 1
                continue
            if isinstance(rec.get("step"), int) and rec["step"] > step and rec.get("type") in ("scalar", "progress", "checkpoint", "stage") and rec.get("phase") != "eval":
                dropped += 1
                continue
            kept.append(line if line.endswith("\n") else line + "\n")
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        f.writelines(kept)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return dropped
