"""Runs as pandas DataFrames, for notebooks (examples/analysis.ipynb) and scripts:

    import vlalab.runs as vr
    runs = vr.load("runs")                    # a runs directory, an experiment folder or one run folder
    runs.summary()                            # one row per run: status, steps, last losses, best evaluation
    runs.metrics                              # every scalar: run, step, name, value, stage, t
    runs.metrics_wide("train/loss")           # step × run
    runs.evaluations                          # one row per evaluation result, success at 1..N
    runs.task_results                         # one row per (evaluation, task): successes, episodes, rate
    runs["tiny/20261204-…"].metrics           # one run (by key, run id, unique id prefix or index)

Reads run folders only (run.json, spec.json, manifest.json, events.jsonl per
schemas/events.schema.json) and never writes. Lines of events.jsonl that are not JSON objects (a
killed writer's last line, a damaged file) are skipped and counted in `Run.skipped_lines`.
The DataFrames need pandas: `pip install 'vlalab[analysis]'`."""

import json
import os

from . import runlayout


class _Pandas:
    """pandas, imported on first use: reading events needs only the standard library (the tracker
    exports use Run too), the DataFrames need pandas."""

    def __getattr__(self, name):
        try:
            import pandas
        except ImportError as e:  # one line that says what to do
            raise ImportError("vlalab.runs' DataFrames need pandas: pip install 'vlalab[analysis]' (or pip install pandas)") from e
        return getattr(pandas, name)


pd = _Pandas()

__all__ = ["load", "Run", "Runs"]

# The run folder's files: schemas/run-layout.json names them (runlayout.py; the runner reads the same file).
RUN_FILE, SPEC_FILE, EVENTS_FILE, MANIFEST_FILE = runlayout.RECORD, runlayout.SPEC, runlayout.EVENTS, runlayout.MANIFEST
# Folders of a runs directory that are not experiments (generated data, the queue).
NOT_EXPERIMENTS = ("_data",)

METRIC_COLUMNS = ["step", "name", "value", "stage", "t"]
EVAL_COLUMNS = ["benchmark", "checkpoint", "step", "avg_len", "num_chains", "chain_length", "t"]
TASK_COLUMNS = ["benchmark", "checkpoint", "step", "task", "success", "total", "rate"]
CHECKPOINT_COLUMNS = ["step", "path", "tag", "t"]


def _read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            v = json.load(f)
        return v if isinstance(v, dict) else None
    except (OSError, ValueError, RecursionError):
        return None


def _is_run_dir(path):
    return os.path.isfile(os.path.join(path, RUN_FILE)) or os.path.isfile(os.path.join(path, EVENTS_FILE))


class Run:
    """One run folder: its record, spec, manifest and events as DataFrames (read on first use)."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.record = _read_json(os.path.join(self.path, RUN_FILE)) or {}
        self.id = self.record.get("id") or os.path.basename(self.path)
        self.experiment = self.record.get("experiment") or os.path.basename(os.path.dirname(self.path))
        self.key = f"{self.experiment}/{self.id}"
        self._events = None
        self._skipped = 0

    def __repr__(self):
        return f"Run({self.key!r}, status={self.status!r})"

    @property
    def status(self):
        return self.record.get("status") or ("completed" if any(e["type"] == "run_end" for e in self.events) else "unknown")

    @property
    def spec(self):
        return _read_json(os.path.join(self.path, SPEC_FILE))

    @property
    def manifest(self):
        """manifest.json (what the run was made of: code, packages, data hashes, seeds, hardware), or None."""
        return _read_json(os.path.join(self.path, MANIFEST_FILE))

    @property
    def events(self):
        if self._events is None:
            self._events, self._skipped = [], 0
            try:
                with open(os.path.join(self.path, EVENTS_FILE), encoding="utf-8", errors="replace") as f:
                    for line in f:
                        try:
                            e = json.loads(line)
                        except (ValueError, RecursionError):
                            e = None
                        if isinstance(e, dict) and isinstance(e.get("type"), str):
                            self._events.append(e)
                        elif line.strip():
                            self._skipped += 1
            except FileNotFoundError:
                pass
        return self._events

    @property
    def skipped_lines(self):
        """Lines of events.jsonl that are not event records (skipped)."""
        self.events  # noqa: B018 — reads the file when not read yet
        return self._skipped

    def reload(self):
        """Reads events.jsonl again (a run still writing it)."""
        self._events = None
        return self

    def _of(self, kind):
        return [e for e in self.events if e["type"] == kind]

    @property
    def metrics(self):
        """Every scalar the run logged: step, name (train/loss, val/loss, train/lr, …), value (NaN
        for a logged non-finite value), stage, t (wall time, s)."""
        rows = [(e.get("step"), e.get("name"), e.get("value"), e.get("stage"), e.get("t")) for e in self._of("scalar")]
        df = pd.DataFrame(rows, columns=METRIC_COLUMNS)
        df["value"] = pd.to_numeric(df["value"], errors="coerce")
        return df

    def metric(self, name):
        """One curve as a Series indexed by step (the last value when a step was logged twice)."""
        m = self.metrics
        m = m[m["name"] == name].drop_duplicates("step", keep="last")
        return pd.Series(m["value"].to_numpy(), index=pd.Index(m["step"].to_numpy(), name="step"), name=name)

    @property
    def evaluations(self):
        """One row per evaluation result: benchmark, checkpoint, step, avg_len (average chain length;
        for single-task evaluations the success rate), num_chains, chain_length, sr_1..sr_N."""
        rows = []
        for e in self._of("eval_result"):
            row = {
                "benchmark": e.get("benchmark"),
                "checkpoint": e.get("checkpoint"),
                "step": e.get("step"),
                "avg_len": e.get("avg_seq_len"),
                "num_chains": e.get("num_chains"),
                "chain_length": e.get("chain_length"),
                "t": e.get("t"),
            }
            sr = e.get("chain_sr") if isinstance(e.get("chain_sr"), dict) else {}
            for k in sorted(sr, key=lambda k: int(k) if str(k).isdigit() else 0):
                row[f"sr_{k}"] = sr[k]
            rows.append(row)
        return pd.DataFrame(
            rows,
            columns=EVAL_COLUMNS
            + sorted({c for r in rows for c in r if c.startswith("sr_")}, key=lambda c: int(c[3:]) if c[3:].isdigit() else 0),
        )

    @property
    def task_results(self):
        """One row per (evaluation, task): successes, episodes (total) and the rate."""
        rows = []
        for e in self._of("eval_result"):
            info = e.get("task_info") if isinstance(e.get("task_info"), dict) else {}
            for task, c in sorted(info.items()):
                if isinstance(c, dict):
                    s, n = c.get("success", 0), c.get("total", 0)
                    rows.append((e.get("benchmark"), e.get("checkpoint"), e.get("step"), task, s, n, s / n if n else float("nan")))
        return pd.DataFrame(rows, columns=TASK_COLUMNS)

    @property
    def checkpoints(self):
        rows = [(e.get("step"), e.get("path"), e.get("tag"), e.get("t")) for e in self._of("checkpoint")]
        return pd.DataFrame(rows, columns=CHECKPOINT_COLUMNS)

    def summary(self):
        """One dict: key, status, last step, the last value of train/loss and val/loss, the best evaluation."""
        m = self.metrics
        last = lambda name: m[m["name"] == name]["value"].iloc[-1] if (m["name"] == name).any() else float("nan")  # noqa: E731
        ev = self.evaluations
        return {
            "run": self.key,
            "experiment": self.experiment,
            "id": self.id,
            "status": self.status,
            "step": int(m["step"].max()) if len(m) else None,
            "train/loss": last("train/loss"),
            "val/loss": last("val/loss"),
            "best_avg_len": float(ev["avg_len"].max()) if len(ev) else float("nan"),
        }


class Runs:
    """Several runs; the DataFrame properties concatenate theirs with a `run` column (the key)."""

    def __init__(self, runs):
        self.runs = list(runs)

    def __len__(self):
        return len(self.runs)

    def __iter__(self):
        return iter(self.runs)

    def __repr__(self):
        return f"Runs({[r.key for r in self.runs]!r})"

    def __getitem__(self, ref):
        """By index, key (experiment/run-id), run id, or a unique prefix of either."""
        if isinstance(ref, int):
            return self.runs[ref]
        exact = [r for r in self.runs if ref in (r.key, r.id)]
        found = exact or [r for r in self.runs if r.key.startswith(ref) or r.id.startswith(ref)]
        if len(found) != 1:
            raise KeyError(
                f"{ref!r} matches {len(found)} runs" + (f": {[r.key for r in found]}" if found else f"; runs: {[r.key for r in self.runs]}")
            )
        return found[0]

    @property
    def keys(self):
        return [r.key for r in self.runs]

    def _concat(self, attr, columns):
        frames = [getattr(r, attr).assign(run=r.key) for r in self.runs]
        frames = [f for f in frames if len(f)]
        if not frames:
            return pd.DataFrame(columns=["run", *columns])
        df = pd.concat(frames, ignore_index=True)
        return df[["run", *[c for c in df.columns if c != "run"]]]

    @property
    def metrics(self):
        return self._concat("metrics", METRIC_COLUMNS)

    @property
    def evaluations(self):
        return self._concat("evaluations", EVAL_COLUMNS)

    @property
    def task_results(self):
        return self._concat("task_results", TASK_COLUMNS)

    @property
    def checkpoints(self):
        return self._concat("checkpoints", CHECKPOINT_COLUMNS)

    def metrics_wide(self, name):
        """One curve of every run side by side: index step, a column per run."""
        return pd.concat({r.key: r.metric(name) for r in self.runs}, axis=1) if self.runs else pd.DataFrame()

    def summary(self):
        return pd.DataFrame([r.summary() for r in self.runs])


def load(path="runs"):
    """Runs under `path`: a run folder (one run), an experiment folder (its runs) or a runs directory
    (every <experiment>/<run-id>/), sorted by key (run ids sort by creation time)."""
    path = os.path.abspath(os.path.expanduser(path))
    if not os.path.isdir(path):
        raise FileNotFoundError(f"{path} is not a directory: give a runs directory, an experiment folder or a run folder")
    if _is_run_dir(path):
        return Runs([Run(path)])
    found = []
    for name in sorted(os.listdir(path)):
        sub = os.path.join(path, name)
        if name.startswith(".") or name in NOT_EXPERIMENTS or not os.path.isdir(sub):
            continue
        if _is_run_dir(sub):
            found.append(Run(sub))  # `path` is an experiment folder
            continue
        found.extend(
            Run(os.path.join(sub, r)) for r in sorted(os.listdir(sub)) if not r.startswith(".") and _is_run_dir(os.path.join(sub, r))
        )
    return Runs(sorted(found, key=lambda r: r.key))
