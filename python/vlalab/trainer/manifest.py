"""The reproducibility manifest (schemas/manifest.schema.json): manifest.json in the run folder,
written once when a run first starts, so the run can be re-created elsewhere (`vla-lab reproduce`)
and what differs can be named: code (commit + uncommitted diff of the spec's repository and of the
backend's code), the interpreter and every installed package, sha256 of the resolved spec, of each
dataset's index files and of the benchmark, the seeds and the hardware.

Only the standard library at import time: the runner runs `python -m vlalab manifest` with
RoboVLMs' interpreter for backend robovlms (RoboVLMs' own code cannot write it)."""

import datetime
import hashlib
import importlib.metadata
import json
import os
import platform
import subprocess
import sys

from .. import runlayout
from .datasources import FRAME_PREFIX, FRAME_SUFFIX

MANIFEST = runlayout.MANIFEST
VERSION = 1
# A diff larger than this is cut in the file (its sha256 still covers all of it): a workspace with
# a huge uncommitted change must not make every run folder huge.
DIFF_LIMIT = 1 << 20
UNTRACKED_LIMIT = 200
BENCHMARK_NOTE = (
    "version: sim/version.py's release+hash of the sources that can move a score (pinned in sim/VERSION.json); "
    "sha256/files: every python/vlalab/sim/*.py"
)

_HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_TREE = os.path.dirname(os.path.dirname(_HERE))  # VLA Lab's python/ (holds vlalab/)
SIM_DIR = os.path.join(PYTHON_TREE, "vlalab", "sim")


def _sha(data):
    return hashlib.sha256(data).hexdigest()


def _git(cwd, *args):
    """git's stdout, or None. A run folder's repository is data, not instructions: no fsmonitor
    hook, external diff or textconv driver it configures runs, and no optional lock is taken (a
    manifest written while someone commits must not hold their index.lock)."""
    try:
        r = subprocess.run(
            ["git", "-c", "core.fsmonitor=false", *args],
            cwd=cwd,
            capture_output=True,
            timeout=30,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout if r.returncode == 0 else None


def code_state(path, tree_hash=False):
    """The schema's `code`: commit, branch, dirty, the uncommitted diff of `path` (tracked files
    against HEAD) and its untracked files; with tree_hash, sha256 over every *.py below `path`."""
    path = os.path.abspath(path)
    out = {"path": path, "repo": None, "commit": None, "branch": None, "dirty": None}
    top = _git(path, "rev-parse", "--show-toplevel") if os.path.isdir(path) else None
    if top is None:
        out["error"] = "not in a git repository" if os.path.isdir(path) else "no such directory"
    else:
        out["repo"] = top.decode().strip()
        commit = _git(path, "rev-parse", "HEAD")
        out["commit"] = commit.decode().strip() if commit else None
        branch = _git(path, "rev-parse", "--abbrev-ref", "HEAD")
        out["branch"] = branch.decode().strip() if branch else None
        diff = _git(path, "diff", "HEAD", "--no-ext-diff", "--no-textconv", "--no-color", "--", ".") if commit else b""
        diff = diff or b""
        out["dirty"] = bool(diff)
        cut = diff[:DIFF_LIMIT]
        out.update(diff=cut.decode("utf-8", "replace"), diff_sha256=_sha(diff), diff_bytes=len(diff), diff_truncated=len(diff) > DIFF_LIMIT)
        untracked = _git(path, "ls-files", "--others", "--exclude-standard", "--", ".")
        out["untracked"] = untracked.decode("utf-8", "replace").splitlines()[:UNTRACKED_LIMIT] if untracked else []
    if tree_hash and os.path.isdir(path):
        out["tree_sha256"] = tree_sha256(path)
    return out


def tree_sha256(root, suffix=".py"):
    """sha256 over (relative path, sha256 of the bytes) of every file ending in `suffix` below
    root, in sorted order (caches and hidden directories skipped)."""
    h = hashlib.sha256()
    for d, subdirs, files in os.walk(root):
        subdirs[:] = sorted(s for s in subdirs if not s.startswith(".") and s != "__pycache__")
        for f in sorted(files):
            if f.endswith(suffix):
                p = os.path.join(d, f)
                with open(p, "rb") as fh:
                    h.update(f"{os.path.relpath(p, root)}\0{_sha(fh.read())}\n".encode())
    return h.hexdigest()


def packages():
    """Installed distributions → version, first on sys.path wins (as import does)."""
    out = {}
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").strip().lower().replace("_", "-")
        if name and name not in out:
            out[name] = dist.version
    return dict(sorted(out.items()))


def interpreter():
    return {
        "executable": sys.executable,
        "version": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
    }


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(("model name", "Model", "Hardware")) and ":" in line:
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _memory_bytes():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def _nvidia_gpus():
    """(gpus, driver) from nvidia-smi (VLA_LAB_NVIDIA_SMI as the runner honours it); ([], None) without one."""
    smi = os.environ.get("VLA_LAB_NVIDIA_SMI") or "nvidia-smi"
    try:
        r = subprocess.run(
            [smi, "--query-gpu=index,name,memory.total,driver_version", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=20,
        )
    except (OSError, subprocess.SubprocessError):
        return [], None
    if r.returncode != 0:
        return [], None
    gpus, driver = [], None
    for line in r.stdout.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) >= 4:
            gpus.append(
                {
                    "index": int(parts[0]) if parts[0].isdigit() else len(gpus),
                    "name": parts[1],
                    "memory_mib": int(float(parts[2])) if parts[2].replace(".", "", 1).isdigit() else None,
                }
            )
            driver = parts[3]
    return gpus, driver


def hardware():
    gpus, driver = _nvidia_gpus()
    torch = sys.modules.get("torch")  # only when the trainer already loaded it: this module stays light
    if not gpus and torch is not None and torch.cuda.is_available():
        gpus = [
            {"index": i, "name": torch.cuda.get_device_name(i), "memory_mib": torch.cuda.get_device_properties(i).total_memory >> 20}
            for i in range(torch.cuda.device_count())
        ]
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_bytes": _memory_bytes(),
        "machine": platform.machine(),
        "os": platform.system() + " " + platform.release(),
        "gpus": gpus,
        "driver": driver,
        "cuda": torch.version.cuda if torch is not None else None,
    }


def seeds(spec):
    """Every integer `seed` in the spec by its JSON pointer."""
    out = {}

    def walk(v, ptr):
        if isinstance(v, dict):
            for k, x in v.items():
                p = f"{ptr}/{str(k).replace('~', '~0').replace('/', '~1')}"
                if k == "seed" and isinstance(x, int) and not isinstance(x, bool):
                    out[p] = x
                elif k != "sweep":
                    walk(x, p)
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, f"{ptr}/{i}")

    walk(spec, "")
    return out


# Files hashed at once: hashlib releases the GIL while it hashes, so threads can use free cores; on the
# loaded 2-core test machine 4 threads were within noise of one (docs/benchmarks.md).
HASH_THREADS = 4


def file_sha256(path):
    """sha256 of a file, streamed (hashlib.file_digest: never the whole file in memory)."""
    with open(path, "rb") as f:
        if hasattr(hashlib, "file_digest"):
            return hashlib.file_digest(f, "sha256").hexdigest()
        h = hashlib.sha256()
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
        return h.hexdigest()


def episode_files(data_dir, splits):
    """[(<split>/<name>, path)] of the episode files of CALVIN-layout splits, sorted."""
    out = []
    for split in splits:
        try:
            names = os.listdir(os.path.join(data_dir, split))
        except OSError:
            continue
        out.extend(
            (f"{split}/{n}", os.path.join(data_dir, split, n)) for n in names if n.startswith(FRAME_PREFIX) and n.endswith(FRAME_SUFFIX)
        )
    return sorted(out)


EPISODE_HASH_CACHE = "episode-sha256.json"  # in each split's loading-cache folder (data.CACHE_DIR)


def _hash_cache_file(data_dir, split):
    from .data import CACHE_DIR

    return os.path.join(data_dir, split, CACHE_DIR, EPISODE_HASH_CACHE)


def _load_hash_cache(data_dir, splits):
    """{<split>/<name>: [size, mtime_ns, sha256]} from the splits' caches (missing or unreadable: empty)."""
    out = {}
    for split in splits:
        try:
            with open(_hash_cache_file(data_dir, split)) as f:
                out.update({f"{split}/{k}": v for k, v in json.load(f).items() if isinstance(v, list) and len(v) == 3})
        except (OSError, ValueError, AttributeError):
            pass
    return out


def _save_hash_cache(data_dir, splits, entries):
    """Best effort (a read-only dataset keeps no cache): written whole, then renamed into place."""
    for split in splits:
        mine = {k.split("/", 1)[1]: v for k, v in entries.items() if k.startswith(split + "/")}
        path = _hash_cache_file(data_dir, split)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            tmp = f"{path}.{os.getpid()}.tmp"
            with open(tmp, "w") as f:
                json.dump(mine, f)
            os.replace(tmp, path)
        except OSError:
            pass


def episode_hashes(data_dir, splits, threads=HASH_THREADS):
    """The schema's `episodes`: every episode file's sha256 (streamed, `threads` files at once), their
    count and bytes, and sha256 over the (name, hash) lines: what a changed, missing or added frame
    file changes. A file whose size and mtime are those of the split's hash cache is not read again
    (as make decides): hashing every frame at every run's start cost the quickstart 0.94 s and would
    cost minutes on a real CALVIN split (docs/benchmarks.md)."""
    files = episode_files(data_dir, splits)
    stats = {n: os.stat(p) for n, p in files}
    cache = _load_hash_cache(data_dir, splits)
    fresh = {n: c for n, c in cache.items() if n in stats and c[0] == stats[n].st_size and c[1] == stats[n].st_mtime_ns}
    todo = [(n, p) for n, p in files if n not in fresh]
    if threads > 1 and len(todo) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=threads) as pool:
            hashes = list(pool.map(file_sha256, [p for _, p in todo]))
    else:
        hashes = [file_sha256(p) for _, p in todo]
    for (n, _), h in zip(todo, hashes):
        fresh[n] = [stats[n].st_size, stats[n].st_mtime_ns, h]
    if todo or len(fresh) != len(cache):
        _save_hash_cache(data_dir, splits, fresh)
    named = {n: fresh[n][2] for n, _ in files}
    return {
        "count": len(named),
        "bytes": sum(st.st_size for st in stats.values()),
        "sha256": _sha("".join(f"{k} {v}\n" for k, v in named.items()).encode()),
        "files": named,
    }


def dataset_entries(spec, dataset_dirs):
    """One entry per (stage, dataset): sha256 of its training split's index files and, when the
    folder has one, its validation split's (the data cache's own hashing, trainer/data.py), and of
    every episode file of those splits (CALVIN layout; `episodes`)."""
    from .data import DataError, index_hashes

    out = []
    for stage, ds_dirs in zip(spec["data"]["stages"], dataset_dirs):
        for ds, d in zip(stage["datasets"], ds_dirs):
            entry = {
                "stage": stage.get("name") or "",
                "type": ds.get("type", ""),
                "path": os.path.abspath(d) if d else "",
                "split": ds.get("split", "training"),
                "files": {},
            }
            try:
                if not d:
                    raise DataError("the spec gives no path for this dataset")
                if ds.get("type") in ("lerobot", "rlds"):  # its metadata files, as the loading cache keys on them
                    if ds["type"] == "rlds":
                        from .rlds import dataset_root, index_files

                        d = dataset_root(d)
                    else:
                        from .lerobot import index_files
                    entry["split"] = ""
                    entry["files"].update({name: _sha(b) for name, (b, _, _) in index_files(d).items()})
                else:
                    base = os.path.basename(os.path.normpath(d))
                    if base in ("training", "validation") and not os.path.isdir(os.path.join(d, entry["split"])):
                        # The split folder itself (RoboVLMs' data_dir, which the robovlms backend's path is).
                        d, entry["split"] = os.path.dirname(os.path.normpath(d)), base
                    splits = [sp for sp in (entry["split"], "validation") if sp == entry["split"] or os.path.isdir(os.path.join(d, sp))]
                    for split in splits:
                        entry["files"].update(index_hashes(d, split))
                    entry["episodes"] = episode_hashes(d, splits)
            except (DataError, OSError) as e:
                entry["error"] = str(e)
            entry["sha256"] = _sha("".join(f"{k} {v}\n" for k, v in sorted(entry["files"].items())).encode())
            out.append(entry)
    return out


def benchmark():
    """Playtable's identity: its benchmark version (sim/version.py), and every simulator file's hash."""
    from ..sim.version import benchmark_version

    files = {}
    for f in sorted(os.listdir(SIM_DIR)):
        if f.endswith(".py"):
            with open(os.path.join(SIM_DIR, f), "rb") as fh:
                files[f] = _sha(fh.read())
    return {
        "name": "playtable",
        "version": benchmark_version(),
        "sha256": _sha("".join(f"{k} {v}\n" for k, v in files.items()).encode()),
        "source": BENCHMARK_NOTE,
        "files": files,
    }


def spec_source_dir(run_dir, fallback):
    """The directory of the *.vla.json the run came from (run.json's spec_source, written by the
    runner — read as a hint only), else `fallback` (the spec file's directory)."""
    try:
        with open(runlayout.path(run_dir, "record"), encoding="utf-8") as f:
            src = json.load(f).get("spec_source")
        if isinstance(src, str) and os.path.isabs(src) and os.path.isdir(os.path.dirname(src)):
            return os.path.dirname(src)
    except (OSError, ValueError, AttributeError):
        pass
    return os.path.abspath(fallback)


def build(spec, spec_sha256, workspace, backend_dir, dataset_dirs, backend="builtin", writer="vlalab train"):
    return {
        "v": VERSION,
        "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "writer": writer,
        "backend": backend,
        "spec": {"sha256": spec_sha256, "file": runlayout.SPEC},
        "code": {"workspace": code_state(workspace), "backend": code_state(backend_dir, tree_hash=True)},
        "python": interpreter(),
        "packages": packages(),
        "data": dataset_entries(spec, dataset_dirs),
        "benchmark": benchmark() if backend == "builtin" else None,
        "seeds": seeds(spec),
        "hardware": hardware(),
    }


def planned_dataset_dirs(spec, spec_dir, data_cache):
    """Each dataset's folder without generating anything (a Playtable dataset not generated yet
    names the folder it would get: its entry then says the files are missing)."""
    from .data import playtable_cache_key

    image_size = spec["observation"]["image_size"]
    out = []
    for stage in spec["data"]["stages"]:
        row = []
        for ds in stage["datasets"]:
            if ds.get("path"):
                row.append(ds["path"] if os.path.isabs(ds["path"]) else os.path.normpath(os.path.join(spec_dir, ds["path"])))
            elif ds.get("type") != "playtable":
                row.append(None)  # a dataset without a path the backend finds on its own
            else:
                row.append(os.path.join(data_cache, f"playtable-{playtable_cache_key(ds, image_size)}"))
        out.append(row)
    return out


def write(run_dir, manifest):
    """Atomically (temp + rename); returns the path."""
    path = os.path.join(run_dir, MANIFEST)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, path)
    return path


def exists(run_dir):
    return os.path.isfile(os.path.join(run_dir, MANIFEST))
