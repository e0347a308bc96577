"""Demonstrations in CALVIN's on-disk layout, as training windows.

The same loader reads real CALVIN splits and Playtable data written by `vlalab gen-data`:
  <dir>/<split>/episode_XXXXXXX.npz          one file per frame (rgb_static, rgb_gripper, rel_actions, …)
  <dir>/<split>/ep_start_end_ids.npy         episode frame ranges
  <dir>/<split>/lang_annotations/auto_lang_ann.npy   {'language': {'ann', 'task'}, 'info': {'indx'}}
Only annotated segments are used (language-conditioned training, as RoboVLMs does). Frames are
loaded into memory once and resized to the spec's image size with bilinear interpolation
(torch.nn.functional.interpolate, align_corners=False, no antialias) — the editor's policy probe
resizes the same way.

Opening one .npz per frame is slow (~11,000 files for the quickstart), so the first load of a split
writes what it produced — the resized images per camera, rel_actions and the segment table — into one
derived cache file, and later loads (every run of a sweep, every resume, every torchrun rank) map it
instead: <split>/.vlalab-cache/segments-<params>-<content>.npz next to the data, or, where the data
directory cannot be written (real CALVIN data on a read-only mount), <data cache>/segments/. The key
covers everything that changes the content: the split's real path, the bytes (sha256), size and mtime
of ep_start_end_ids.npy and lang_annotations/auto_lang_ann.npy, the cameras, the image size, the tasks
filter, few_shot, limit and CACHE_VERSION. The episode files themselves are not stat'ed (15,000 stats
take 0.1-0.2 s, tens of times the cached load; regenerating a split rewrites its index files). The file is an
uncompressed .npz written to a temporary name and renamed, built under a per-key lock (one process
builds, the others wait and map it); a file that is truncated, unreadable or holds another key is
rebuilt, and a cache that cannot be written costs only the next run's time, never this one.

A training sample is a window ending at frame t of a segment: `history` frames (the first frame of
the segment repeats before its start) and, for each of them, the next `chunk` relative actions
(masked past the segment's end).
"""

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import struct
import tempfile
import time
import zipfile
from zlib import error as zlib_error

import numpy as np
import torch
import torch.nn.functional as F
from numpy.lib import format as npy_format

from . import annotations
from .datasources import ANNOTATIONS_FILE, EPISODES_FILE, frame_file
from .errors import CorruptInput, DataError  # noqa: F401 — DataError is imported from here by other modules

REQUIRED = (EPISODES_FILE, ANNOTATIONS_FILE)  # schemas/data-sources.json calvinIndex


def check_layout(data_dir, split):
    root = os.path.join(data_dir, split)
    if not os.path.isdir(root):
        raise DataError(f"data directory {root} does not exist (expected CALVIN's layout: <dir>/{split}/episode_XXXXXXX.npz …)")
    for name in REQUIRED:
        if not os.path.exists(os.path.join(root, name)):
            raise DataError(f"{os.path.join(root, name)} is missing: {root} is not a complete CALVIN-layout split")
    return root


def resize_frames(frames, size):
    """uint8 (N, H, W, 3) → uint8 (N, size, size, 3), bilinear."""
    if frames.shape[1] == size and frames.shape[2] == size:
        return frames
    x = torch.from_numpy(frames).permute(0, 3, 1, 2).float()
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    return x.round().clamp(0, 255).byte().permute(0, 2, 3, 1).numpy()


CACHE_VERSION = 1  # bump when what Segments produces from the same files changes
CACHE_DIR = ".vlalab-cache"  # inside the split directory
CAMERA_KEYS = {"static": "rgb_static", "gripper": "rgb_gripper"}


class Segments:
    """The annotated segments of one split: `images` uint8 (N, cameras, size, size, 3), `actions`
    float32 (N, 7) and `segments` [(text, task, first, last)] indexing them. Both arrays are read-only.

    cache: use and write the derived cache (module docstring); cache_dir: where it goes when the split
    directory cannot be written (the trainer passes its data cache). log: one line about the load.
    lerobot: a LeRobot dataset at data_dir (split unused), with this feature mapping ({} for the
    names an export writes; trainer/lerobot.py): its videos are decoded once, into the same cache.
    source: {"type": "lerobot" | "rlds", "features": mapping, "part": None | "training" | "validation",
    "holdout": share} — a LeRobot or RLDS dataset (trainer/rlds.py) at data_dir, the episodes of `part`
    (trainer/splits.py: the dataset's own validation split, else held-out episodes; None: all)."""

    def __init__(
        self,
        data_dir,
        split,
        cameras,
        image_size,
        tasks=None,
        few_shot=None,
        limit=None,
        cache=True,
        cache_dir=None,
        log=None,
        lerobot=None,
        source=None,
    ):
        t0 = time.perf_counter()
        cameras, tasks = list(cameras), sorted(set(tasks)) if tasks else None
        if lerobot is not None:
            source = {"type": "lerobot", "features": lerobot, "part": None}
        key_source = None
        if source is not None:
            from . import lerobot as lerobot_io
            from . import rlds as rlds_io

            io = {"lerobot": lerobot_io, "rlds": rlds_io}[source["type"]]
            root = rlds_io.dataset_root(data_dir) if source["type"] == "rlds" else data_dir
            io.read_info(root)
            index_files = io.index_files(root)
            feats, part, holdout = source.get("features") or {}, source.get("part"), source.get("holdout")
            build = lambda: io.build_arrays(root, feats, cameras, image_size, tasks, few_shot, limit, part=part, holdout=holdout)  # noqa: E731
            # a LeRobot source read whole keeps the key it had before parts existed
            key_source = {source["type"]: feats} if part is None else {source["type"]: feats, "part": part, "holdout": holdout}
        else:
            root = check_layout(data_dir, split)
            index_files = {name: _read_stamped(os.path.join(root, name)) for name in REQUIRED}
            build = lambda: _build(root, index_files, cameras, image_size, tasks, few_shot, limit)  # noqa: E731
        if cache:
            cache_key = _cache_key(root, index_files, cameras, image_size, tasks, few_shot, limit, source=key_source)
            places = [os.path.join(root, CACHE_DIR)] + ([os.path.join(cache_dir, "segments")] if cache_dir else [])
            arrays, how = _cached(cache_key, places, cameras, image_size, build)
        else:
            arrays, how = build(), "not cached"
        self.images, self.actions = arrays["images"], arrays["actions"]
        for a in (self.images, self.actions):
            a.flags.writeable = False
        self.segments = [(str(t), str(k), int(s), int(e)) for t, k, (s, e) in zip(arrays["texts"], arrays["tasks"], arrays["bounds"])]
        if log:
            log(f"data {root}: {len(self.segments)} segments, {len(self.actions)} frames in {time.perf_counter() - t0:.2f} s ({how})")

    def stats(self):
        arm = self.actions[:, :-1]
        return {"mean": arm.mean(0).tolist(), "std": arm.std(0).tolist(), "min": arm.min(0).tolist(), "max": arm.max(0).tolist()}


def index_hashes(data_dir, split):
    """{<split>/<index file>: sha256} of a split's index files — the bytes the loading cache keys on
    (the run manifest records them: a regenerated or edited dataset changes them)."""
    root = check_layout(data_dir, split)
    return {f"{split}/{name}": hashlib.sha256(_read_stamped(os.path.join(root, name))[0]).hexdigest() for name in REQUIRED}


def _read_stamped(path):
    """(bytes, size, mtime_ns) of an index file."""
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        return f.read(), st.st_size, st.st_mtime_ns


def _build(root, index_files, cameras, image_size, tasks, few_shot, limit):
    """The uncached load: opens every frame's .npz, resizes the images."""
    try:
        ann = annotations.load(index_files[REQUIRED[1]][0])  # a restricted unpickler: no code runs
        texts, task_ids, ranges = ann["language"]["ann"], ann["language"]["task"], ann["info"]["indx"]
    except Exception as e:  # noqa: BLE001 — any malformed or refused pickle
        why = str(e) if isinstance(e, annotations.AnnotationError) else f"{type(e).__name__}: {e}"
        raise CorruptInput(f"{os.path.join(root, REQUIRED[1])} is not a CALVIN annotation file ({why})") from e
    keep, per_task = [], {}
    for text, task, (s, e) in zip(texts, task_ids, ranges):
        if tasks and task not in tasks:
            continue
        per_task[task] = per_task.get(task, 0) + 1
        if few_shot and per_task[task] > few_shot:
            continue
        keep.append((str(text), str(task), int(s), int(e)))
    if limit:
        keep = keep[:limit]
    if not keep:
        raise DataError(f"{root} has no annotated segments for tasks {tasks if tasks else 'any'}")
    frames = sorted({f for _, _, s, e in keep for f in range(s, e + 1)})
    index = {f: i for i, f in enumerate(frames)}
    imgs = {c: [] for c in cameras}
    acts = []
    for f in frames:
        path = os.path.join(root, frame_file(f))
        try:
            with np.load(path) as z:
                for c in cameras:
                    imgs[c].append(z[CAMERA_KEYS[c]])
                acts.append(z["rel_actions"])
        except FileNotFoundError:
            raise DataError(f"{path} is missing (listed in {ANNOTATIONS_FILE})") from None
        except KeyError as k:
            raise DataError(f"{path} has no {k} array") from k
        except (zipfile.BadZipFile, EOFError, ValueError, OSError, zlib_error) as e:
            raise CorruptInput(
                f"{path} is truncated or not an episode .npz ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}); "
                "regenerate the dataset (python -m vlalab gen-data) or restore the file"
            ) from e
    return {
        "images": np.stack([resize_frames(np.stack(imgs[c]), image_size) for c in cameras], axis=1),  # (N, cams, H, W, 3)
        "actions": np.stack(acts).astype(np.float32),
        "texts": np.array([t for t, *_ in keep], dtype=str),
        "tasks": np.array([k for _, k, *_ in keep], dtype=str),
        "bounds": np.array([(index[s], index[e]) for *_, s, e in keep], dtype=np.int64).reshape(-1, 2),
    }


def _cache_key(root, index_files, cameras, image_size, tasks, few_shot, limit, source=None):
    """(family, stem, full key): the file is <stem>.npz, stem = <family>-<content> and family =
    segments-<params> (one lock per family; a new content replaces the family's older files); the
    full key is stored in the file and compared on load."""
    params = {
        "version": CACHE_VERSION,
        "root": os.path.realpath(root),
        "cameras": cameras,
        "image_size": int(image_size),
        "tasks": tasks,
        "few_shot": few_shot or None,
        "limit": limit or None,
    }
    if source is not None:  # only when set: every CALVIN-layout cache keeps its key
        params["source"] = source
    content = {name: [hashlib.sha256(b).hexdigest(), size, mtime] for name, (b, size, mtime) in sorted(index_files.items())}
    p = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
    c = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]
    return f"segments-{p}", f"segments-{p}-{c}", json.dumps({**params, "files": content}, sort_keys=True)


CACHE_ARRAYS = ("key", "images", "actions", "texts", "tasks", "bounds")


def episode_arrays(images, cameras, actions, texts, tasks, bounds):
    """The arrays of Segments from episodes gathered one by one (lerobot.py and rlds.py build_arrays):
    `images` {camera: [(T, H, W, 3) per episode]}, `actions` [(T, D) per episode], per episode its
    instruction, task and (first, last) frame in the concatenation."""
    return {
        "images": np.stack([np.concatenate(images[c]) for c in cameras], axis=1),
        "actions": np.concatenate(actions).astype(np.float32),
        "texts": np.array(texts, dtype=str),
        "tasks": np.array(tasks, dtype=str),
        "bounds": np.array(bounds, dtype=np.int64).reshape(-1, 2),
    }


def _cached(cache_key, places, cameras, image_size, build):
    """The arrays from the first valid cache file in `places`, else built (under the key's lock in the
    first place that can be written, so concurrent loaders build once) and written there."""
    family, stem, key = cache_key
    for d in places:
        arrays = _read_cache(os.path.join(d, stem + ".npz"), key, cameras, image_size)
        if arrays is not None:
            return arrays, f"cached: {os.path.join(d, stem)}.npz"
    built, failures = None, []
    for d in places:
        with contextlib.ExitStack() as held:
            try:
                os.makedirs(d, exist_ok=True)
                held.enter_context(_exclusive(os.path.join(d, family + ".lock")))
            except OSError as e:
                failures.append(f"{d}: {e.strerror or e}")
                continue
            for other in places:  # another process may have written it while this one waited
                arrays = _read_cache(os.path.join(other, stem + ".npz"), key, cameras, image_size)
                if arrays is not None:
                    return arrays, f"cached by another process: {os.path.join(other, stem)}.npz"
            if built is None:
                built = build()
            written = _write_cache(d, family, stem, dict(built, key=np.array(key)))
            if written is True:
                return built, f"loaded from the episode files, cached: {os.path.join(d, stem)}.npz"
            failures.append(f"{d}: {written}")
    if built is None:
        built = build()
    return built, "loaded from the episode files; no cache written: " + "; ".join(failures)


def _write_cache(d, family, stem, arrays):
    """Writes <d>/<stem>.npz through a temporary file and a rename; removes older contents of the same
    family (same parameters, other index files) and temporary files killed writers left. Called with
    the family's lock held. True, or why not."""
    for name in os.listdir(d):
        if (name.startswith("." + family + "-") and name.endswith(".tmp")) or (
            name.startswith(family + "-") and name.endswith(".npz") and name != stem + ".npz"
        ):
            with contextlib.suppress(OSError):
                os.remove(os.path.join(d, name))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=".tmp", dir=d)
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), 0o644)  # mkstemp's 0600 would hide the cache from other users of shared data
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, os.path.join(d, stem + ".npz"))
        return True
    except OSError as e:
        if tmp:
            with contextlib.suppress(OSError):
                os.remove(tmp)
        return e.strerror or str(e)
    except BaseException:
        if tmp:
            with contextlib.suppress(OSError):
                os.remove(tmp)
        raise


def _read_cache(path, key, cameras, image_size):
    """The arrays of a cache file — `images` memory-mapped — or None when it is missing, unreadable,
    truncated, holds another key or has the wrong shapes."""
    if not os.path.exists(path):
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            if sorted(zf.namelist()) != sorted(a + ".npy" for a in CACHE_ARRAYS):
                return None
            info = zf.getinfo("images.npy")
            if info.compress_type != zipfile.ZIP_STORED:
                return None
            with zf.open("key.npy") as f:
                if str(np.load(f, allow_pickle=False)) != key:
                    return None
            out = {}
            for a in ("actions", "texts", "tasks", "bounds"):
                with zf.open(a + ".npy") as f:
                    out[a] = np.load(f, allow_pickle=False)
        out["images"] = _map_member(path, info)
        n = len(out["actions"])
        ok = (
            out["images"].dtype == np.uint8
            and out["images"].shape == (n, len(cameras), image_size, image_size, 3)
            and out["actions"].dtype == np.float32
            and out["actions"].ndim == 2
            and out["bounds"].shape == (len(out["texts"]), 2)
            and len(out["tasks"]) == len(out["texts"]) > 0
            and out["bounds"].min() >= 0
            and out["bounds"].max() < n
            and (out["bounds"][:, 0] <= out["bounds"][:, 1]).all()
        )
        return out if ok else None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, struct.error):
        return None


def _map_member(path, info):
    """np.memmap of an uncompressed .npy member of a zip file (np.load ignores mmap_mode for .npz)."""
    with open(path, "rb") as f:
        f.seek(info.header_offset)
        local = f.read(30)
        if len(local) != 30 or local[:4] != b"PK\x03\x04":
            raise ValueError("bad local header")
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        f.seek(info.header_offset + 30 + name_len + extra_len)
        version = npy_format.read_magic(f)
        if version == (1, 0):
            shape, fortran, dtype = npy_format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, fortran, dtype = npy_format.read_array_header_2_0(f)
        else:
            raise ValueError(f"npy version {version}")
        offset = f.tell()
    if fortran or dtype.hasobject:
        raise ValueError("not a C-order plain array")
    return np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=shape).view(np.ndarray)


class WindowDataset:
    """All (segment, t) windows of one or more Segments, gathered into batches with numpy."""

    def __init__(self, segments, history, chunk, tokenizer):
        self.parts = segments
        self.history, self.chunk = history, chunk
        rows = []
        for p, seg in enumerate(segments):
            for k, (_text, _, s, e) in enumerate(seg.segments):
                for t in range(s, e + 1):
                    rows.append((p, k, s, e, t))
        self.rows = np.array(rows, dtype=np.int64)
        self.instructions = [[txt for txt, *_ in seg.segments] for seg in segments]
        self.tokens = [[tokenizer.encode(txt) for txt in ins] for ins in self.instructions]

    def __len__(self):
        return len(self.rows)

    def batch(self, idx, word_dropout=0.0, rng=None):
        """The windows at rows `idx`. With `word_dropout` > 0 each instruction word is dropped with that
        probability (drawn from `rng`, at least one word kept): the policy then cannot lean on one exact
        phrasing, which is what held-out paraphrases test."""
        r = self.rows[idx]
        h, c = self.history, self.chunk
        steps = r[:, 4:5] + np.arange(-h + 1, 1)  # (B, H)
        steps = np.maximum(steps, r[:, 2:3])  # repeat the first frame
        fut = steps[..., None] + np.arange(c)  # (B, H, C)
        valid = fut <= r[:, 3][:, None, None]
        fut = np.minimum(fut, r[:, 3][:, None, None])
        images = np.empty((len(r), h) + self.parts[0].images.shape[1:], np.uint8)
        actions = np.empty((len(r), h, c, self.parts[0].actions.shape[1]), np.float32)
        ids, mask = [], []
        for p in np.unique(r[:, 0]):
            sel = r[:, 0] == p
            images[sel] = self.parts[p].images[steps[sel]]
            actions[sel] = self.parts[p].actions[fut[sel]]
        for p, k in r[:, :2]:
            i, m = self.tokens[p][k]
            if word_dropout > 0:
                i, m = drop_words(i, m, word_dropout, rng)
            ids.append(i)
            mask.append(m)
        return {
            "images": torch.from_numpy(images),
            "actions": torch.from_numpy(actions),
            "action_mask": torch.from_numpy(valid),
            "ids": torch.tensor(ids),
            "mask": torch.tensor(mask, dtype=torch.bool),
        }


def drop_words(ids, mask, p, rng):
    """Token ids with each real token dropped with probability p (the rest shift left, padding refills)."""
    n = sum(mask)
    keep = rng.random(n) >= p
    if not keep.any():
        keep[rng.integers(n)] = True
    kept = [t for t, k in zip(ids[:n], keep) if k]
    pad = len(ids) - len(kept)
    return kept + [0] * pad, [1] * len(kept) + [0] * pad


def playtable_cache_key(ds, image_size):
    from ..sim.version import data_version

    params = {k: ds.get(k) for k in ("tasks", "episodes", "embodiment", "seed")}
    if ds.get("scenes", ["A"]) != ["A"]:  # scene A alone keeps the cache keys of data made before scenes
        params["scenes"] = ds["scenes"]
    params["image_size"] = image_size
    if ds.get("expert_routes", 1) != 1:  # only when set: every existing cache keeps its key
        params["expert_routes"] = ds["expert_routes"]
    if ds.get("obstacle", False):  # likewise (Playtable 4's obstacle option)
        params["obstacle"] = True
    if ds.get("lead_in", "articulated") != "articulated":  # likewise
        params["lead_in"] = ds["lead_in"]
    if ds.get("desk", "scene") != "scene":  # likewise
        params["desk"] = ds["desk"]
    params["version"] = data_version()  # a new Playtable release or writer: new data, never the old cache
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]


def ensure_playtable(ds, image_size, cache_dir, log=print):
    """Generates a Playtable dataset into the cache unless it is there; returns its directory.
    Written to a temporary directory and renamed, so a killed generation never leaves half a dataset.
    Processes that want the same dataset at once (torchrun's ranks, runs started together) take turns
    through a lock file: one generates, the others wait and find it there."""
    target = os.path.join(cache_dir, f"playtable-{playtable_cache_key(ds, image_size)}")
    if os.path.exists(os.path.join(target, "training", REQUIRED[1])):
        return target
    os.makedirs(cache_dir, exist_ok=True)
    with _exclusive(target + ".lock"):
        if os.path.exists(os.path.join(target, "training", REQUIRED[1])):
            return target  # another process generated it while this one waited
        _generate_playtable(ds, image_size, cache_dir, target, log)
    return target


@contextlib.contextmanager
def _exclusive(path):
    """An exclusive flock on `path` (created if missing) for the duration of the block; released by
    the kernel when the process dies, so a killed generation never blocks the next one."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _generate_playtable(ds, image_size, cache_dir, target, log):
    from ..sim.dataset_writer import generate_dataset

    tmp = tempfile.mkdtemp(prefix=".gen-", dir=cache_dir)
    episodes, embodiment, seed = ds["episodes"], ds["embodiment"], ds["seed"]  # a resolved spec: the schema's defaults
    routes = ds.get("expert_routes", 1)
    obstacle = bool(ds.get("obstacle", False))
    lead_in = ds.get("lead_in", "articulated")
    desk = ds.get("desk", "scene")
    scenes = ds.get("scenes", ["A"])
    tasks = ds.get("tasks")
    log(
        f"generating Playtable demonstrations: {episodes} per task × {len(tasks) if tasks else 34} tasks, "
        f"{image_size}px, embodiment {embodiment} → {target}"
    )
    try:
        generate_dataset(
            tmp,
            tasks,
            episodes,
            image_size,
            embodiment=embodiment,
            seed=seed,
            split="training",
            expert_routes=routes,
            scenes=scenes,
            obstacle=obstacle,
            lead_in=lead_in,
            desk=desk,
        )
        generate_dataset(
            tmp,
            tasks,
            max(1, episodes // 8),
            image_size,
            embodiment=embodiment,
            seed=seed + 1,
            split="validation",
            expert_routes=routes,
            scenes=scenes,
            obstacle=obstacle,
            lead_in=lead_in,
            desk=desk,
        )
        try:
            os.rename(tmp, target)
        except OSError:  # another process finished first
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def dataset_dir(ds, spec_dir, image_size, cache_dir, log=print):
    if ds.get("path"):
        p = ds["path"]
        return p if os.path.isabs(p) else os.path.normpath(os.path.join(spec_dir, p))
    if ds["type"] != "playtable":
        raise DataError(f"a {ds['type']} dataset needs a 'path' to its data")
    return ensure_playtable(ds, image_size, cache_dir, log)
