"""The dataset viewer's data side: `python -m vlalab dataset summary|episode` prints JSON.

The editor's dataset panel and `vla-lab data` never read parquet, mp4 or npz themselves: they run
this (an argv array, the interpreter the settings choose) and read what it prints.

    python -m vlalab dataset summary PATH [--split S] [--cache DIR] [--bins N] [--list-only]
        {layout, path, split, splits, fps, controlRate: {hz, source}, frames,
         episodes: [{index, length, instruction, task, split}],
         features: [{name, dtype, shape, role}], cameras, tasks: [{task, episodes, frames}],
         actions: {names, count, dims: [{name, mean, std, min, max, histogram: {edges, counts}}],
                   distinct: per dimension its values when it has at most 8 (a gripper: -1/1 or 0/1)},
         state: the same for the proprioceptive state (null when the dataset has none),
         normalization: what the trainer computes from these actions (trainer/loop.py), notes, seconds, cached,
         partial}
        --list-only: a CALVIN-layout split's episode list from its index files alone (ep_start_end_ids.npy,
        the language annotations; no frame file is opened), `partial: true`, without statistics, features
        or cameras (actions/state null) — what the panel shows first on a large split while the whole
        summary is computed; the whole summary when it is cached or the layout has no such index.
    python -m vlalab dataset overlay PATH --dim D [--kind actions|state] [--episodes N] [--cache DIR] [--split S]
        {kind, dim, name, of, episodes: [{index, stride, values}]}: one dimension across up to N episodes
        evenly spaced over the list (each at most 400 values, every stride-th frame)
    python -m vlalab dataset episode PATH --index I --cache DIR [--split S]
        {index, length, instruction, task, fps, actions: T×D, state: T×S | null,
         cameras: [{name, width, height, frames: [absolute image paths]}], seconds, cached}

Layouts: a CALVIN-layout split (Playtable's gen-data writes one; `ep_start_end_ids.npy` +
`lang_annotations/auto_lang_ann.npy` + one .npz per frame) or a folder holding `training/` /
`validation/` splits — the viewer's episodes are its annotated segments, what the trainer trains on;
a LeRobot v3.0 / v2.1 dataset (`meta/info.json`), read with pyarrow + PyAV as trainer/lerobot.py does;
an RLDS / Open X-Embodiment dataset (`dataset_info.json`, or the folder holding its version folder),
read with trainer/rlds.py (no TensorFlow).

The summary also holds the action convention the trainer would assume for the dataset (trainer/
datasources.py: Playtable's and CALVIN's built-in one, `action_convention` in LeRobot's info.json or
RLDS's metadata.json) with `warnings` when none is declared or when the last action dimension's values
are not the declared gripper closed/open values (a 0/1 gripper declared -1/1, or the reverse) — left
out when `inferredConvention` already contradicts the declared gripper (it names the fix).
`inferredConvention` (null in a --list-only summary) is what the data's own actions and state say
(trainer/infer_convention.py, the check a training run makes: at most 32 episodes / 3,000 steps):
{against: the declared convention's origin, assumed: true when none is declared and the default spec
convention is compared, episodes, frames, fields: [{field, declared, inferred, confidence, evidence,
contradicts, fix: what to do (the trainer's advice) or null}], error: why nothing could be inferred or null}.

`controlRate` is the rate the trainer's convention check uses for the source (trainer/datasources.py
source_rate: LeRobot meta/info.json fps, RLDS metadata.json control_hz, a CALVIN recording's
.hydra/merged_config.yaml env.control_freq, Playtable's for a split with playtable.json, else the
built-in data's) with where it came from (`hz` null when known nowhere); a CALVIN-layout split, whose
files record no frame rate, has it as its `fps` too (one frame per control step).

Statistics cover every frame of every listed episode (the trainer's normalisation statistics are the
arm dimensions' mean/std/min/max over the same frames). A summary is cached in DIR keyed on the
dataset's real path and its index files (bytes, size, mtime): a regenerated dataset is read again.
Episode frames are written once per episode into DIR as PNG (small frames, lossless) or JPEG
(quality 90, frames larger than 128×128). Bad input: `vlalab: <one line>` on stderr, exit 2.
Imports numpy and the standard library (+ pyarrow/PyAV for LeRobot, Pillow for frames), never torch.
"""

import hashlib
import json
import os
import sys
import tempfile
import time
import zipfile

import numpy as np

from .trainer.datasources import ANNOTATIONS_DIR, ANNOTATIONS_FILE, EPISODES_FILE, METADATA_FILES, PLAYTABLE_RECORD, frame_file
from .trainer.errors import DataError

VERSION = 6  # bump when what a summary or an episode holds changes (cached ones are then rebuilt)
DEFAULT_BINS = 30
DISTINCT_MAX = 8
PNG_MAX_PIXELS = 128 * 128
JPEG_QUALITY = 90
CALVIN_CAMERAS = ("rgb_static", "rgb_gripper")
CALVIN_INDEX = (EPISODES_FILE, ANNOTATIONS_FILE)  # schemas/data-sources.json calvinIndex
CALVIN_SPLITS = ("training", "validation")
# CALVIN's 7 relative actions and 15 robot_obs values, as CALVIN's documentation names them.
CALVIN_ACTION_NAMES = ["x", "y", "z", "roll", "pitch", "yaw", "gripper"]
CALVIN_STATE_NAMES = [
    "tcp_x",
    "tcp_y",
    "tcp_z",
    "tcp_roll",
    "tcp_pitch",
    "tcp_yaw",
    "gripper_width",
    "joint_1",
    "joint_2",
    "joint_3",
    "joint_4",
    "joint_5",
    "joint_6",
    "joint_7",
    "gripper_action",
]


# ───────────────────────────── statistics ─────────────────────────────


def channel_stats(x, names, bins=DEFAULT_BINS):
    """Per column of x (N, D): mean, std (population, as the trainer), min, max and a histogram of
    `bins` equal bins over [min, max] (one bin when the column is constant); the distinct values of
    columns with at most DISTINCT_MAX of them."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 2 or not len(x):
        return None
    dims, distinct = [], {}
    for d in range(x.shape[1]):
        col = x[:, d]
        finite = col[np.isfinite(col)]
        lo, hi = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 0.0)
        counts, edges = np.histogram(finite, bins=bins if hi > lo else 1, range=(lo, hi) if hi > lo else (lo - 0.5, lo + 0.5))
        name = names[d] if names and d < len(names) else f"{d}"
        dims.append(
            {
                "name": name,
                "mean": float(finite.mean()) if len(finite) else 0.0,
                "std": float(finite.std()) if len(finite) else 0.0,
                "min": lo,
                "max": hi,
                "nonFinite": int(len(col) - len(finite)),
                "histogram": {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]},
            }
        )
        values, value_counts = np.unique(finite, return_counts=True)
        if 0 < len(values) <= DISTINCT_MAX:
            distinct[name] = [{"value": float(v), "fraction": float(c) / len(finite)} for v, c in zip(values, value_counts)]
    return {"names": [dd["name"] for dd in dims], "count": int(len(x)), "dims": dims, "distinct": distinct}


def normalization(actions):
    """What trainer/loop.py computes from the training actions: mean/std/min/max of every dimension but
    the last (the gripper, which the policies do not normalise)."""
    arm = np.asarray(actions, dtype=np.float64)[:, :-1]
    return {
        "dims": int(arm.shape[1]),
        "mean": arm.mean(0).tolist(),
        "std": arm.std(0).tolist(),
        "min": arm.min(0).tolist(),
        "max": arm.max(0).tolist(),
    }


# ───────────────────────────── CALVIN layout ─────────────────────────────


def _calvin_splits(path):
    return [s for s in CALVIN_SPLITS if os.path.isfile(os.path.join(path, s, CALVIN_INDEX[0]))]


class CalvinSource:
    layout = "calvin"

    def __init__(self, root, splits, split):
        self.root, self.splits, self.split = root, splits, split  # root: the split folder
        for name in CALVIN_INDEX:
            if not os.path.isfile(os.path.join(root, name)):
                raise DataError(f"{os.path.join(root, name)} is missing: {root} is not a complete CALVIN-layout split")

    def index_files(self):
        """The index files, and the files its control rate comes from when present (a recording's
        .hydra/merged_config.yaml, Playtable's playtable.json): a summary is keyed on them."""
        from .trainer.datasources import RATES

        rate_files = [os.path.join(self.root, *RATES["calvinConfig"].split("/")), os.path.join(self.root, PLAYTABLE_RECORD)]
        return [os.path.join(self.root, n) for n in CALVIN_INDEX] + [p for p in rate_files if os.path.isfile(p)]

    def segments(self):
        """[(instruction, task, first, last)] of the annotated segments (restricted unpickler)."""
        from .trainer import annotations

        path = os.path.join(self.root, CALVIN_INDEX[1])
        with open(path, "rb") as f:
            data = f.read()
        try:
            ann = annotations.load(data)
            texts, tasks, ranges = ann["language"]["ann"], ann["language"]["task"], ann["info"]["indx"]
        except (annotations.AnnotationError, KeyError, TypeError, ValueError) as e:
            raise DataError(f"{path} is not a CALVIN annotation file ({e})") from None
        return [(str(t), str(k), int(s), int(e)) for t, k, (s, e) in zip(texts, tasks, ranges)]

    def _frame(self, i, keys):
        path = os.path.join(self.root, frame_file(i))
        try:
            with np.load(path) as z:
                return {k: z[k] for k in keys if k in z.files}
        except FileNotFoundError:
            raise DataError(f"{path} is missing (listed in {ANNOTATIONS_FILE})") from None
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:
            raise DataError(f"{path} is not a readable frame file ({e})") from None

    def _frame_all(self, i):
        path = os.path.join(self.root, frame_file(i))
        try:
            with np.load(path) as z:
                return {k: (z[k].dtype.str, list(z[k].shape)) for k in z.files}
        except FileNotFoundError:
            raise DataError(f"{path} is missing (listed in {ANNOTATIONS_FILE})") from None
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as e:
            raise DataError(f"{path} is not a readable frame file ({e})") from None

    def _episode_entries(self, segs):
        return [
            {"index": k, "length": e - s + 1, "instruction": t, "task": task, "split": self.split, "first": s}
            for k, (t, task, s, e) in enumerate(segs)
        ]

    def episode_list(self):
        """The episode list from the split's index files alone (ep_start_end_ids.npy and the language
        annotations): not one frame file is opened, whatever the split's size. Statistics, features and
        cameras (which need the frames) come with summary()."""
        segs = self.segments()
        if not segs:
            raise DataError(f"{self.root} has no annotated segments ({ANNOTATIONS_FILE} lists none)")
        ep_ids = np.load(os.path.join(self.root, CALVIN_INDEX[0]))
        notes = [
            f"{len(ep_ids)} recorded episode range(s) in {EPISODES_FILE}; the viewer lists the {len(segs)} annotated segments the trainer trains on."
        ]
        if os.path.isfile(os.path.join(self.root, PLAYTABLE_RECORD)):
            notes.insert(0, f"Playtable data written by gen-data ({PLAYTABLE_RECORD}).")
        return {
            "fps": None,
            "episodes": self._episode_entries(segs),
            "frames": int(sum(e - s + 1 for _, _, s, e in segs)),
            "features": [],
            "cameras": [],
            "notes": notes,
        }

    def summary(self, bins):
        segs = self.segments()
        if not segs:
            raise DataError(f"{self.root} has no annotated segments ({ANNOTATIONS_FILE} lists none)")
        first = self._frame_all(segs[0][2])
        frames = sorted({i for _, _, s, e in segs for i in range(s, e + 1)})
        acts, states = {}, {}
        for i in frames:
            f = self._frame(i, ("rel_actions", "robot_obs"))
            if "rel_actions" not in f:
                raise DataError(f"{os.path.join(self.root, frame_file(i))} has no rel_actions")
            acts[i] = f["rel_actions"]
            if "robot_obs" in f:
                states[i] = f["robot_obs"]
        # Per segment: a frame of overlapping segments counts once for each (as the trainer's windows see it).
        all_acts = np.concatenate([np.stack([acts[i] for i in range(s, e + 1)]) for _, _, s, e in segs])
        all_states = (
            np.concatenate([np.stack([states[i] for i in range(s, e + 1)]) for _, _, s, e in segs]) if len(states) == len(acts) else None
        )
        adim = all_acts.shape[1]
        sdim = all_states.shape[1] if all_states is not None else 0
        features = []
        for key, (dtype, shape) in sorted(first.items()):
            role = (
                "camera"
                if key in CALVIN_CAMERAS or key.startswith("rgb_")
                else "action"
                if key == "rel_actions"
                else "state"
                if key == "robot_obs"
                else "other"
            )
            features.append({"name": key, "dtype": dtype, "shape": shape, "role": role})
        features.append({"name": f"language ({os.path.basename(ANNOTATIONS_FILE)})", "dtype": "str", "shape": [], "role": "instruction"})
        fps = None  # the files record no frame rate: summary() puts the control rate here
        notes = []
        if os.path.isfile(os.path.join(self.root, PLAYTABLE_RECORD)):
            notes.append(f"Playtable data written by gen-data ({PLAYTABLE_RECORD}).")
        ep_ids = np.load(os.path.join(self.root, CALVIN_INDEX[0]))
        notes.append(
            f"{len(ep_ids)} recorded episode range(s) in {EPISODES_FILE}; the viewer lists the {len(segs)} annotated segments the trainer trains on."
        )
        return {
            "fps": fps,
            "episodes": self._episode_entries(segs),
            "frames": int(len(all_acts)),
            "features": features,
            "cameras": [{"name": c, "shape": first[c][1]} for c in CALVIN_CAMERAS if c in first],
            "actions": channel_stats(all_acts, CALVIN_ACTION_NAMES if adim == 7 else None, bins),
            "state": channel_stats(all_states, CALVIN_STATE_NAMES if sdim == 15 else None, bins) if all_states is not None else None,
            "normalization": normalization(all_acts),
            "notes": notes,
            "_series": {
                "actions": all_acts,
                "state": all_states,
                "episode": np.repeat(np.arange(len(segs)), [e - s + 1 for _, _, s, e in segs]),
            },
        }

    def episode(self, index):
        segs = self.segments()
        if not 0 <= index < len(segs):
            raise DataError(f"{self.root} has {len(segs)} annotated segments: there is no episode {index}")
        text, task, s, e = segs[index]
        cams, acts, states = {c: [] for c in CALVIN_CAMERAS}, [], []
        for i in range(s, e + 1):
            f = self._frame(i, ("rel_actions", "robot_obs") + CALVIN_CAMERAS)
            acts.append(f["rel_actions"])
            if "robot_obs" in f:
                states.append(f["robot_obs"])
            for c in CALVIN_CAMERAS:
                if c in f:
                    cams[c].append(f[c])
        return {
            "instruction": text,
            "task": task,
            "fps": None,
            "actions": np.stack(acts),
            "state": np.stack(states) if len(states) == len(acts) else None,
            "cameras": {c: np.stack(v) for c, v in cams.items() if len(v) == len(acts)},
        }


# ───────────────────────────── LeRobot ─────────────────────────────


class LeRobotSource:
    layout = "lerobot"

    def __init__(self, root):
        from .trainer import lerobot

        self.lr, self.root = lerobot, root
        self.info = lerobot.read_info(root)
        self.split, self.splits = None, []
        self._mods = None

    def _modules(self):
        # pyarrow + PyAV cost ~0.6 s to import: not paid when the summary or episode comes from the cache
        self._mods = self._mods or self.lr._imports()
        return self._mods

    pa = property(lambda self: self._modules()[0])
    pq = property(lambda self: self._modules()[1])
    av = property(lambda self: self._modules()[2])

    def index_files(self):
        return [os.path.join(self.root, n) for n in self.lr.index_files(self.root)]

    def _features(self):
        return self.info.get("features", {}) or {}

    def _keys(self):
        feats = self._features()
        cams = [k for k, v in feats.items() if v.get("dtype") in ("video", "image")]
        action = "action" if "action" in feats else next((k for k in feats if k.startswith("action")), None)
        state = "observation.state" if "observation.state" in feats else None
        return cams, action, state

    def _names(self, key):
        names = self._features().get(key, {}).get("names")
        if isinstance(names, dict):  # {"motors": [...]}
            names = next(iter(names.values()), None)
        return [str(n) for n in names] if isinstance(names, list) and all(isinstance(n, str) for n in names) else None

    def _episodes(self):
        try:
            return self.lr._read_episodes(self.root, self.info, self.pq)
        except (KeyError, OSError, self.pa.ArrowException) as e:
            raise DataError(f"{self.root}: the episode metadata cannot be read ({type(e).__name__}: {e})") from None

    def _table(self, rel, columns):
        path = os.path.join(self.root, rel)
        if not os.path.isfile(path):
            raise DataError(f"{path} is missing (named by the dataset's episode metadata)")
        try:
            return self.pq.read_table(path, columns=columns)
        except (OSError, self.pa.ArrowException) as e:
            raise DataError(f"{path} is not a readable parquet file ({str(e).splitlines()[0][:200]})") from None

    def _tasks(self):
        try:
            return self.lr._read_tasks(self.root, self.pq)
        except (KeyError, OSError, ValueError, self.pa.ArrowException) as e:
            raise DataError(f"{self.root}/meta: the tasks cannot be read ({type(e).__name__}: {e})") from None

    def summary(self, bins):
        cams, action, state = self._keys()
        if action is None:
            raise DataError(f"{self.root}/{METADATA_FILES['lerobot']} declares no action feature (features: {', '.join(self._features())})")
        episodes, tasks = self._episodes(), self._tasks()
        files = sorted({ep["data"] for ep in episodes})
        columns = ["episode_index", "frame_index", "task_index", action] + ([state] if state else [])
        acts, sts, task_of, eps_col, frames_col = [], [], {}, [], []
        for rel in files:
            t = self._table(rel, columns)
            acts.append(np.asarray(t.column(action).to_pylist(), dtype=np.float64))
            if state:
                sts.append(np.asarray(t.column(state).to_pylist(), dtype=np.float64))
            ep_col, task_col = t.column("episode_index").to_numpy(), t.column("task_index").to_numpy()
            eps_col.append(ep_col)
            frames_col.append(t.column("frame_index").to_numpy())
            first = np.unique(ep_col, return_index=True)
            for e, i in zip(*first):
                task_of.setdefault(int(e), int(task_col[i]))
        # Rows in the episode list's order (episode, then frame), for the across-episodes overlay.
        position = {ep["episode_index"]: k for k, ep in enumerate(episodes)}
        row_ep = np.array([position.get(int(e), -1) for e in np.concatenate(eps_col)], dtype=np.int64) if eps_col else np.zeros(0, np.int64)
        order = np.lexsort((np.concatenate(frames_col), row_ep)) if eps_col else np.zeros(0, np.int64)
        all_acts = np.concatenate(acts)[order] if acts else np.zeros((0, 1))
        all_states = np.concatenate(sts)[order] if sts else None
        row_ep = row_ep[order]
        feats = self._features()
        features = []
        for k, v in feats.items():
            role = "camera" if k in cams else "action" if k == action else "state" if k == state else "other"
            features.append({"name": k, "dtype": str(v.get("dtype")), "shape": list(v.get("shape") or []), "role": role})
        features.append({"name": "task (meta/tasks)", "dtype": "str", "shape": [], "role": "instruction"})
        eps = []
        for ep in episodes:
            text = tasks.get(task_of.get(ep["episode_index"], -1)) or (ep["tasks"][0] if ep["tasks"] else "")
            eps.append(
                {
                    "index": len(eps),
                    "episodeIndex": ep["episode_index"],
                    "length": ep["length"],
                    "instruction": str(text),
                    "task": str(ep["calvin_task"] or text),
                    "split": None,
                }
            )
        notes = [f"LeRobot {self.info.get('codebase_version')}, robot {self.info.get('robot_type') or 'not named'}."]
        if len(all_acts) != sum(ep["length"] for ep in episodes):
            notes.append(f"The data files hold {len(all_acts)} frames; the episode metadata says {sum(ep['length'] for ep in episodes)}.")
        return {
            "fps": float(self.info["fps"]) if self.info.get("fps") else None,
            "episodes": eps,
            "frames": int(len(all_acts)),
            "features": features,
            "cameras": [{"name": c, "shape": list(feats[c].get("shape") or [])} for c in cams],
            "actions": channel_stats(all_acts, self._names(action), bins),
            "state": channel_stats(all_states, self._names(state), bins) if all_states is not None else None,
            "normalization": normalization(all_acts),
            "notes": notes,
            "_series": {"actions": all_acts, "state": all_states, "episode": row_ep},
        }

    def _decode(self, rel, start, n, fps):
        """n frames of a video from `start` seconds: one seek to the keyframe before, then decode."""
        path = os.path.join(self.root, rel)
        if not os.path.isfile(path):
            raise DataError(f"{path} is missing (named by the dataset's episode metadata)")
        av = self.av
        want = start + np.arange(n) / fps
        out = [None] * n
        try:
            with av.open(path) as container:
                stream = container.streams.video[0]
                tb = float(stream.time_base)
                container.seek(max(0, int((start - 0.5 / fps) / tb)), stream=stream, backward=True, any_frame=False)
                for fr in container.decode(stream):
                    t = float(fr.pts * stream.time_base) if fr.pts is not None else None
                    if t is None:
                        continue
                    k = int(round((t - start) * fps))
                    if k >= n:
                        break
                    if k >= 0 and abs(t - want[k]) <= 0.5 / fps and out[k] is None:
                        out[k] = fr.to_ndarray(format="rgb24")
        except av.error.FFmpegError as e:
            raise DataError(f"{path} is not a readable video ({e})") from None
        missing = [k for k, f in enumerate(out) if f is None]
        if missing:
            raise DataError(f"{path} has no frame at {start + missing[0] / fps:.3f} s ({len(missing)} of the episode's {n} frames missing)")
        return np.stack(out)

    def episode(self, index):
        cams, action, state = self._keys()
        episodes = self._episodes()
        if not 0 <= index < len(episodes):
            raise DataError(f"{self.root} has {len(episodes)} episodes: there is no episode {index}")
        ep = episodes[index]
        feats = self._features()
        images = [c for c in cams if feats[c].get("dtype") == "image"]  # stored in the parquet itself
        t = self._table(ep["data"], ["episode_index", "frame_index", "task_index", action] + ([state] if state else []) + images)
        rows = t.filter(self.pa.compute.equal(t.column("episode_index"), ep["episode_index"]))
        rows = rows.take(self.pa.compute.sort_indices(rows.column("frame_index")))
        if rows.num_rows == 0:
            raise DataError(f"{os.path.join(self.root, ep['data'])} holds no frames of episode {ep['episode_index']}")
        tasks = self._tasks()
        text = tasks.get(int(rows.column("task_index")[0].as_py())) or (ep["tasks"][0] if ep["tasks"] else "")
        fps = float(self.info["fps"])
        frames = {}
        for c in cams:
            if c in images:
                where = f"{os.path.join(self.root, ep['data'])} column {c} (episode {ep['episode_index']})"
                frames[c] = self.lr.decode_image_cells(rows.column(c).to_pylist(), self.root, where)
                continue
            rel, start = ep["video"](c)
            frames[c] = self._decode(rel, start, rows.num_rows, fps)
        return {
            "instruction": str(text),
            "task": str(ep["calvin_task"] or text),
            "fps": fps,
            "actions": np.asarray(rows.column(action).to_pylist(), dtype=np.float64),
            "state": np.asarray(rows.column(state).to_pylist(), dtype=np.float64) if state else None,
            "cameras": frames,
        }


# ───────────────────────────── RLDS ─────────────────────────────


class RldsSource:
    """An RLDS (Open X-Embodiment) dataset, read by trainer/rlds.py without TensorFlow. Every episode
    of the split is parsed for a summary (the shards have no index), its images are decoded only for
    the episode the viewer shows."""

    layout = "rlds"

    def __init__(self, path, split):
        from .trainer import rlds

        self.rl = rlds
        self.root = rlds.dataset_root(path)
        self.info = rlds.read_info(self.root)
        self.feats = rlds.step_features(self.root)
        self.m = rlds.mapping(None)
        self.splits = [str(s.get("name")) for s in self.info["splits"]]
        self.split = split or rlds.choose_split(self.info, None)[0]
        if self.split not in self.splits:
            raise DataError(f"{self.root} has no {self.split!r} split (it has {', '.join(self.splits)})")
        self.meta = rlds.metadata(self.root)

    def index_files(self):
        return [os.path.join(self.root, n) for n in self.rl.index_files(self.root)]

    def _keys(self):
        """(cameras, the action feature(s), the state feature): the actions are OXE's `action`, or, when
        the dataset stores them as a dict of parts (RT-1's action/world_vector, …), every float part in
        features.json's order, concatenated."""
        cams = [k for k, v in self.feats.items() if v["kind"] == "image"]
        name = self.m["actions"]
        if isinstance(name, str) and name in self.feats:
            action = [name]
        else:
            action = [
                k
                for k, v in self.feats.items()
                if k.startswith("action/") and v["kind"] in ("tensor", "scalar") and str(v.get("dtype", "")).startswith("float")
            ] or None
        state = self.m.get("state") if self.m.get("state") in self.feats else None
        return cams, action, state

    def _width(self, key):
        return int(np.prod(self.feats[key].get("shape") or [1]))

    def _action_names(self, keys):
        if keys == [self.m["actions"]]:
            return None  # one feature: dimensions by number
        return [f"{k.split('/')[-1]}{f'[{i}]' if self._width(k) > 1 else ''}" for k in keys for i in range(self._width(k))]

    def _read(self, ex, where, keys):
        parts = []
        for key in [keys] if isinstance(keys, str) else keys:
            v = self.rl._feature(ex, key, where)
            width = self._width(key)
            if len(v) % width:
                raise DataError(f"{where}: {key} holds {len(v)} values, not a whole number of steps of width {width}")
            parts.append(np.asarray(v, dtype=np.float64).reshape(-1, width))
        if len({len(p) for p in parts}) > 1:
            raise DataError(f"{where}: the action features {', '.join(keys)} have different numbers of steps")
        return np.concatenate(parts, axis=1)

    def _text(self, ex, where, key):
        if not key or key not in self.feats:
            return ""
        v = self.rl._feature(ex, key, where)
        return v[0].decode("utf-8", "replace") if len(v) else ""

    def _task_key(self):
        """The mapping's task feature, else OXE's episode_metadata/task when the dataset has one."""
        return self.m.get("task") or ("episode_metadata/task" if "episode_metadata/task" in self.feats else None)

    def _fps(self):
        hz = self.meta.get("control_hz") if isinstance(self.meta, dict) else None
        return float(hz) if isinstance(hz, (int, float)) and hz > 0 else None

    def summary(self, bins):
        cams, action, state = self._keys()
        if action is None:
            raise DataError(
                f"{os.path.join(self.root, 'features.json')} has no step feature {self.m['actions']!r} (nor float action/… parts) for the actions"
            )
        eps, acts, sts = [], [], []
        for pos, where, ex in self.rl.iter_episodes(self.root, self.split):
            a = self._read(ex, where, action)
            text = self._text(ex, where, self.m["instruction"])
            task = self._text(ex, where, self._task_key()) or text
            eps.append({"index": pos, "length": int(len(a)), "instruction": text, "task": task, "split": self.split})
            acts.append(a)
            if state:
                sts.append(self._read(ex, where, state))
        all_acts = np.concatenate(acts) if acts else np.zeros((0, 1))
        all_states = np.concatenate(sts) if sts and all(len(x) == len(y) for x, y in zip(sts, acts)) else None
        features = [
            {
                "name": k,
                "dtype": str(v.get("dtype") or v["kind"]),
                "shape": list(v.get("shape") or []),
                "role": "camera"
                if k in cams
                else "action"
                if k in action
                else "state"
                if k == state
                else "instruction"
                if k == self.m["instruction"]
                else "other",
            }
            for k, v in self.feats.items()
        ]
        return {
            "fps": self._fps(),
            "episodes": eps,
            "frames": int(len(all_acts)),
            "features": features,
            "cameras": [{"name": c, "shape": list(self.feats[c].get("shape") or [])} for c in cams],
            "actions": channel_stats(all_acts, self._action_names(action), bins),
            "state": channel_stats(all_states, None, bins) if all_states is not None else None,
            "normalization": normalization(all_acts),
            "notes": [
                f"RLDS {self.info.get('name', '')} {self.info.get('version', '')}, split {self.split}; every episode of the split is parsed for the summary."
            ],
            "_series": {
                "actions": all_acts,
                "state": all_states,
                "episode": np.repeat(np.arange(len(eps)), [len(x) for x in acts]).astype(np.int64),
            },
        }

    def episode(self, index):
        cams, action, state = self._keys()
        for pos, where, ex in self.rl.iter_episodes(self.root, self.split):
            if pos != index:
                continue
            a = self._read(ex, where, action)
            frames = {}
            for c in cams:
                blobs = self.rl._feature(ex, c, where)
                if len(blobs) == len(a):
                    frames[c] = np.stack([self.rl.decode_image(b, f"{where}, step {t} of {c}") for t, b in enumerate(blobs)])
            text = self._text(ex, where, self.m["instruction"])
            return {
                "instruction": text,
                "task": self._text(ex, where, self._task_key()) or text,
                "fps": self._fps(),
                "actions": a,
                "state": self._read(ex, where, state) if state else None,
                "cameras": frames,
            }
        raise DataError(f"{self.root} has no episode {index} in split {self.split!r}")


# ───────────────────────────── conventions ─────────────────────────────


def _convention(src, actions, gripper_said=False):
    """(the source's declared action convention with where it comes from, or None; warnings) — the
    data's own gripper values checked against the declared closed/open values, unless `gripper_said`:
    the inferred convention already contradicts the declared gripper, with the trainer's fix (one
    warning for one problem)."""
    from .trainer import datasources

    kind = _source_type(src)
    try:
        conv, origin = datasources.source_convention({"type": kind}, src.root)
    except DataError as e:
        return None, [str(e)]
    warnings = []
    if conv is None:
        where = METADATA_FILES[kind] if kind in ("lerobot", "rlds") else "the data source in the spec"
        warnings.append(
            f'No action convention is declared (delta/absolute, frame, rotation, gripper values): add "{datasources.FACTS["conventionKey"]}" '
            f'to {where}, or "convention" to the spec\'s data source, before mixing this dataset with others.'
        )
        return None, warnings
    grip = (actions or {}).get("distinct", {}).get((actions or {}).get("names", [None])[-1]) if actions else None
    if gripper_said:
        pass
    elif grip is not None:
        values = sorted(v["value"] for v in grip)
        declared = sorted({float(conv["gripper"]["closed"]), float(conv["gripper"]["open"])})
        if not set(values) <= set(declared):
            warnings.append(
                f"The last action dimension takes the values {', '.join(f'{v:g}' for v in values)}, but the declared convention "
                f"({origin}) says gripper closed {conv['gripper']['closed']:g} / open {conv['gripper']['open']:g}."
            )
    elif actions:
        last = actions["dims"][-1]
        warnings.append(
            f"The last action dimension ({last['name']}) is not a two-valued gripper (from {last['min']:g} to {last['max']:g}); "
            f"the declared convention ({origin}) expects closed {conv['gripper']['closed']:g} / open {conv['gripper']['open']:g}."
        )
    return {**conv, "source": origin}, warnings


def _source_type(src):
    """The data-source type the trainer gives this dataset (a CALVIN-layout split Playtable wrote: playtable)."""
    if src.layout != "calvin":
        return src.layout
    return "playtable" if os.path.isfile(os.path.join(src.root, PLAYTABLE_RECORD)) else "calvin"


def _inferred_convention(src):
    """What the dataset's actions and state say about its action convention (trainer/infer_convention.py,
    the check a training run makes before it starts: at most 32 episodes / 3,000 steps), per field
    against the declared convention — or, when none is declared, the default spec convention a run
    would assume (`assumed`)."""
    from .trainer import datasources, infer_convention

    kind = _source_type(src)
    try:
        conv, origin = datasources.source_convention({"type": kind}, src.root)
    except DataError:
        conv = None  # a malformed declaration: `warnings` says so
    assumed = conv is None
    if assumed:
        conv, origin = datasources.target({}), "the default spec convention, assumed: none is declared"
    elif os.path.isabs(origin):
        origin = os.path.relpath(origin, src.root)  # meta/info.json, metadata.json
    out = {"against": origin, "assumed": assumed, "episodes": 0, "frames": 0, "fields": [], "error": None}
    try:
        eps, col, how = infer_convention.read({"type": kind, "split": src.split}, src.root, rlds_split=src.split)
        inferred = infer_convention.infer(eps, col, how)
    except (DataError, OSError, KeyError, ValueError, IndexError, TypeError, ImportError) as e:
        out["error"] = f"the convention could not be inferred from the data ({e})"
        return out
    out.update(episodes=inferred["episodes"], frames=inferred["frames"], fields=infer_convention.compare(conv, inferred))
    return out


def _control_rate(src):
    """{hz, source}: the control rate the trainer's convention check uses for this dataset
    (trainer/datasources.py source_rate) and where it came from, a file named relative to the dataset
    with the key read; {hz: None, source: None} when it is known nowhere."""
    from .trainer import datasources

    hz, origin = datasources.source_rate({"type": src.layout}, src.root)
    if hz is None:
        return {"hz": None, "source": None}
    if origin == "built-in":
        origin = f"{'CALVIN' if src.layout == 'calvin' else src.layout}'s built-in rate"
    elif os.path.isabs(origin):
        key = datasources.RATES["metadataKeys"].get(src.layout)
        origin = f"{os.path.relpath(origin, src.root)}{f' {key}' if key else ''}"
    return {"hz": hz, "source": origin}


# ───────────────────────────── opening ─────────────────────────────


def _rlds_versions(path):
    import re

    try:
        return [
            d for d in os.listdir(path) if re.fullmatch(r"\d+\.\d+\.\d+", d) and os.path.isfile(os.path.join(path, d, "dataset_info.json"))
        ]
    except OSError:
        return []


def open_source(path, split=None):
    """The dataset at `path` (a folder, or a file inside one), or one DataError line saying what is expected."""
    if not path or not os.path.exists(path):
        raise DataError(
            f"{path or '(no path)'} does not exist: choose a dataset folder (a LeRobot dataset, or CALVIN-layout data such as Playtable's)"
        )
    path = os.path.realpath(path)
    if os.path.isfile(path):
        parent = os.path.dirname(path)
        if os.path.join(os.path.basename(parent), os.path.basename(path)) == os.path.join(*METADATA_FILES["lerobot"].split("/")):
            path = os.path.dirname(parent)
        elif os.path.basename(parent) == ANNOTATIONS_DIR:
            path = os.path.dirname(parent)
        else:
            path = parent
    if os.path.isfile(os.path.join(path, *METADATA_FILES["lerobot"].split("/"))):
        return LeRobotSource(path)
    if os.path.isfile(os.path.join(path, "dataset_info.json")) or _rlds_versions(path):
        return RldsSource(path, split)
    if os.path.isfile(os.path.join(path, CALVIN_INDEX[0])):
        here = os.path.basename(path)
        siblings = _calvin_splits(os.path.dirname(path))
        if split and split != here:
            raise DataError(f"{path} is the {here!r} split itself: open its parent folder to choose the {split!r} split")
        return CalvinSource(path, siblings or [here], here)
    splits = _calvin_splits(path)
    if splits:
        chosen = split or ("training" if "training" in splits else splits[0])
        if chosen not in splits:
            raise DataError(f"{path} has no {chosen!r} split (it has {', '.join(splits)})")
        return CalvinSource(os.path.join(path, chosen), splits, chosen)
    if os.path.isdir(os.path.join(path, "training")) or os.path.isdir(os.path.join(path, "validation")):
        raise DataError(f"{path} has a training/validation folder without {EPISODES_FILE}: not a complete CALVIN-layout dataset")
    raise DataError(
        f"{path} is not a dataset VLA Lab reads: expected a LeRobot dataset ({METADATA_FILES['lerobot']}), an RLDS dataset "
        f"(dataset_info.json, or its version folder such as 1.0.0/), a CALVIN-layout split ({EPISODES_FILE}, "
        f"{ANNOTATIONS_DIR}/) or a folder holding training/ and validation/ splits"
    )


def _dataset_key(src):
    """Hash of the dataset's real path, the split, its index files (bytes, size, mtime) and VERSION."""
    h = hashlib.sha256(f"{VERSION}\0{src.layout}\0{src.root}\0{src.split}".encode())  # RLDS: one root, several splits
    for p in src.index_files():
        try:
            with open(p, "rb") as f:
                st = os.fstat(f.fileno())
                h.update(f"\0{os.path.relpath(p, src.root)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
                h.update(hashlib.sha256(f.read()).digest())
        except OSError as e:
            raise DataError(f"{p} cannot be read ({e.strerror})") from None
    return h.hexdigest()[:24]


def _write_json_atomic(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(obj, f)
    os.replace(tmp, path)


def _read_cached(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def summary(path, split=None, cache_dir=None, bins=DEFAULT_BINS, keep_series=False, list_only=False):
    """The dataset's summary (module docstring); `keep_series`: also the per-frame arrays under
    "_series" when they were read now (not from the cache), for overlay(). `list_only`: the episode list
    alone where the layout has index files that hold it (a CALVIN-layout split: no frame file is opened),
    marked `partial` (no statistics, features or cameras) — unless the whole summary is cached already;
    layouts without such an index give the whole summary."""
    t0 = time.perf_counter()
    src = open_source(path, split)
    key = _dataset_key(src)
    cached_path = os.path.join(cache_dir, key, f"summary-{bins}.json") if cache_dir else None
    if cached_path:
        hit = _read_cached(cached_path)
        if hit and hit.get("version") == VERSION:
            hit.update(cached=True, seconds=time.perf_counter() - t0)
            return hit
    partial = list_only and hasattr(src, "episode_list")
    if partial:
        body = {
            **src.episode_list(),
            "actions": None,
            "state": None,
            "normalization": {"dims": 0, "mean": [], "std": [], "min": [], "max": []},
        }
        series = None
    else:
        body = src.summary(bins)
        series = body.pop("_series")
    inferred = None if partial else _inferred_convention(src)
    said = any(f["field"] == "gripper" and f["contradicts"] for f in (inferred or {}).get("fields", []))
    body["convention"], body["warnings"] = _convention(src, body["actions"], gripper_said=said)
    body["inferredConvention"] = inferred
    body["controlRate"] = _control_rate(src)
    if body["fps"] is None and src.layout == "calvin":
        body["fps"] = body["controlRate"]["hz"]  # one frame per control step
    tasks = {}
    for ep in body["episodes"]:
        t = tasks.setdefault(ep["task"], {"task": ep["task"], "episodes": 0, "frames": 0})
        t["episodes"] += 1
        t["frames"] += ep["length"]
    out = {
        "version": VERSION,
        "layout": src.layout,
        "path": src.root,
        "key": key,
        "split": src.split,
        "splits": src.splits,
        **body,
        "tasks": sorted(tasks.values(), key=lambda t: -t["episodes"]),
        "partial": partial,
    }
    if partial:
        out.update(cached=False, seconds=time.perf_counter() - t0)
        return out  # not cached: rebuilt from the index files in about the time a cache read takes
    if cached_path:
        try:
            _write_series(os.path.join(cache_dir, key, SERIES_FILE), series)
            _write_json_atomic(cached_path, out)
        except OSError:
            pass  # a cache that cannot be written costs the next open's time only
    out.update(cached=False, seconds=time.perf_counter() - t0)
    if keep_series:
        out["_series"] = series
    return out


SERIES_FILE = "series.npz"  # every listed episode's actions and state, rows in list order (the overlay reads it)
OVERLAY_EPISODES = 40
OVERLAY_POINTS = 400


def _write_series(path, series):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-", suffix=".npz")
    with os.fdopen(fd, "wb") as f:
        arrays = {"actions": np.asarray(series["actions"], np.float32), "episode": np.asarray(series["episode"], np.int64)}
        if series.get("state") is not None:
            arrays["state"] = np.asarray(series["state"], np.float32)
        np.savez(f, **arrays)
    os.replace(tmp, path)


def overlay(path, kind, dim, cache_dir=None, split=None, episodes=OVERLAY_EPISODES, points=OVERLAY_POINTS):
    """One dimension of the actions or the state across episodes: up to `episodes` of the list, evenly
    spaced over it, each at most `points` values (every k-th frame). Reads the series the summary saved."""
    t0 = time.perf_counter()
    if kind not in ("actions", "state"):
        raise DataError(f"overlay of {kind!r}: actions or state expected")
    src = open_source(path, split)
    key = _dataset_key(src)
    s = summary(path, split, cache_dir, keep_series=True)
    series = s.pop("_series", None)
    if series is None:
        try:
            with np.load(os.path.join(cache_dir, key, SERIES_FILE)) as z:
                series = {k: z[k] for k in z.files}
        except (OSError, ValueError):
            series = summary(path, split, None, keep_series=True)["_series"]  # the cached series is gone: read the data again
    data = series.get(kind)
    channels = s["actions"] if kind == "actions" else s["state"]
    if data is None or channels is None:
        raise DataError(f"{src.root} has no {kind} to plot")
    if not 0 <= dim < data.shape[1]:
        raise DataError(f"the {kind} have {data.shape[1]} dimensions: there is no dimension {dim}")
    ep = np.asarray(series["episode"])
    n = len(s["episodes"])
    picks = sorted({int(round(x)) for x in np.linspace(0, n - 1, min(n, max(1, episodes)))}) if n else []
    starts, ends = np.searchsorted(ep, picks, side="left"), np.searchsorted(ep, picks, side="right")
    out = []
    for p, a, b in zip(picks, starts, ends):
        col = np.asarray(data[a:b, dim], dtype=np.float64)
        stride = max(1, -(-len(col) // points))
        out.append({"index": p, "stride": stride, "values": [float(v) if np.isfinite(v) else None for v in col[::stride]]})
    return {"kind": kind, "dim": dim, "name": channels["names"][dim], "of": n, "episodes": out, "seconds": time.perf_counter() - t0}


def _save_image(img, path):
    from PIL import Image

    im = Image.fromarray(np.ascontiguousarray(img))
    if img.shape[0] * img.shape[1] > PNG_MAX_PIXELS:
        im.save(path, format="JPEG", quality=JPEG_QUALITY)
    else:
        im.save(path, format="PNG", compress_level=1)


def _finite_rows(x):
    """Rows as lists, a NaN or infinity as null (JSON has neither)."""
    x = np.asarray(x, dtype=np.float64)
    return [[float(v) if np.isfinite(v) else None for v in row] for row in x.reshape(len(x), -1)]


def episode(path, index, cache_dir, split=None):
    if not cache_dir:
        raise DataError("an episode's frames need a cache folder (--cache DIR)")
    t0 = time.perf_counter()
    src = open_source(path, split)
    key = _dataset_key(src)
    ep_dir = os.path.join(cache_dir, key, f"episode-{src.split or 'all'}-{index:06d}")
    done = os.path.join(ep_dir, "episode.json")
    hit = _read_cached(done)
    if hit and hit.get("version") == VERSION and all(os.path.isfile(p) for c in hit["cameras"] for p in c["frames"][:1] + c["frames"][-1:]):
        hit.update(cached=True, seconds=time.perf_counter() - t0)
        return hit
    ep = src.episode(index)
    cameras = []
    for name, frames in ep["cameras"].items():
        cam_dir = os.path.join(ep_dir, name.replace("/", "_"))
        os.makedirs(cam_dir, exist_ok=True)
        ext = "jpg" if frames.shape[1] * frames.shape[2] > PNG_MAX_PIXELS else "png"
        paths = []
        for t, img in enumerate(frames):
            p = os.path.join(cam_dir, f"{t:06d}.{ext}")
            _save_image(img, p)
            paths.append(p)
        cameras.append({"name": name, "height": int(frames.shape[1]), "width": int(frames.shape[2]), "frames": paths})
    out = {
        "version": VERSION,
        "key": key,
        "index": index,
        "length": int(len(ep["actions"])),
        "instruction": ep["instruction"],
        "task": ep["task"],
        "fps": ep["fps"] if ep["fps"] is not None or src.layout != "calvin" else _control_rate(src)["hz"],
        "split": src.split,
        "actions": _finite_rows(ep["actions"]),
        "state": _finite_rows(ep["state"]) if ep["state"] is not None else None,
        "cameras": cameras,
    }
    _write_json_atomic(done, out)
    out.update(cached=False, seconds=time.perf_counter() - t0)
    return out


# ───────────────────────────── command line ─────────────────────────────


def add_parser(sub):
    p = sub.add_parser("dataset", help="a dataset's summary or one episode as JSON (the editor's dataset viewer and `vla-lab data`)")
    _add_commands(p)


def main(argv=None):
    """`python -m vlalab dataset …` comes here straight from vlalab/__main__.py, without the trainer's
    command line (which imports torch: 1.3-2.3 s of start-up the viewer does not need)."""
    import argparse

    p = argparse.ArgumentParser(prog="python -m vlalab dataset")
    _add_commands(p)
    a = p.parse_args(argv)
    a.fn(a)


def _add_commands(p):
    dsub = p.add_subparsers(dest="dataset_cmd", required=True)
    s = dsub.add_parser("summary", help="episodes, features, tasks and per-dimension statistics")
    s.add_argument("path")
    s.add_argument("--split", default=None)
    s.add_argument("--cache", default=None, help="folder for the cached summary")
    s.add_argument("--bins", type=int, default=DEFAULT_BINS)
    s.add_argument(
        "--list-only",
        action="store_true",
        help="the episode list from the split's index files (CALVIN layout: no frame file opened), marked partial; the whole summary when cached or when the layout has no such index",
    )
    s.set_defaults(fn=cmd_dataset)
    e = dsub.add_parser("episode", help="one episode's actions, state and frames (written as images into --cache)")
    e.add_argument("path")
    e.add_argument("--index", type=int, required=True)
    e.add_argument("--split", default=None)
    e.add_argument("--cache", required=True)
    e.set_defaults(fn=cmd_dataset)
    o = dsub.add_parser("overlay", help="one action or state dimension across episodes (evenly spaced over the list)")
    o.add_argument("path")
    o.add_argument("--kind", choices=["actions", "state"], default="actions")
    o.add_argument("--dim", type=int, required=True)
    o.add_argument("--episodes", type=int, default=OVERLAY_EPISODES)
    o.add_argument("--split", default=None)
    o.add_argument("--cache", default=None)
    o.set_defaults(fn=cmd_dataset)


def _json_default(o):
    if isinstance(o, np.generic):
        return o.item()
    raise TypeError(type(o).__name__)


def cmd_dataset(a):
    try:
        if a.dataset_cmd == "summary":
            if not 1 <= a.bins <= 1000:
                raise DataError("--bins must be between 1 and 1000")
            out = summary(a.path, a.split, a.cache, a.bins, list_only=a.list_only)
        elif a.dataset_cmd == "overlay":
            if not 1 <= a.episodes <= 1000:
                raise DataError("--episodes must be between 1 and 1000")
            out = overlay(a.path, a.kind, a.dim, a.cache, a.split, a.episodes)
        else:
            out = episode(a.path, a.index, a.cache, a.split)
    except DataError as e:
        print(f"vlalab: {e}", file=sys.stderr, flush=True)
        sys.exit(2)
    except OSError as e:
        print(f"vlalab: {getattr(e, 'filename', None) or a.path}: {e.strerror or e}", file=sys.stderr, flush=True)
        sys.exit(2)
    except Exception as e:  # noqa: BLE001 — a file we did not foresee: still one line for the panel
        if os.environ.get("VLA_LAB_DEBUG"):
            import traceback

            traceback.print_exc()
        first = str(e).strip().splitlines()[0][:300] if str(e).strip() else ""
        print(
            f"vlalab: {a.path} could not be read ({type(e).__name__}{': ' + first if first else ''}); set VLA_LAB_DEBUG=1 for the details",
            file=sys.stderr,
            flush=True,
        )
        sys.exit(2)
    json.dump(out, sys.stdout, default=_json_default, allow_nan=False)
    sys.stdout.write("\n")
