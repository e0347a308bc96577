"""LeRobot datasets in and out, with pyarrow and PyAV (the [data] extra), never lerobot itself.

Written (`python -m vlalab export-lerobot --data <CALVIN-layout dir> --out <dir>`) in LeRobot's v3.0
layout, as lerobot's src/lerobot/datasets/ reads it:
  meta/info.json                                   codebase_version v3.0, fps, features, path templates
  meta/stats.json                                  min/max/mean/std/count per feature (images: per channel, in [0, 1])
  meta/tasks.parquet                               task (the instruction; pandas index) → task_index
  meta/episodes/chunk-000/file-000.parquet         one row per episode: length, tasks, where its rows and
                                                   video frames are (data/…, videos/<key>/…, dataset_from/to_index)
  data/chunk-000/file-NNN.parquet                  the frames of many episodes: action, observation.state,
                                                   timestamp, frame_index, episode_index, index, task_index
  videos/<key>/chunk-000/file-NNN.mp4              the same frames per camera, episodes one after another
One LeRobot episode per annotated CALVIN segment (its instruction is the episode's task; the CALVIN task
name rides along as the episode column `vlalab/calvin_task`). Videos are H.264 (libx264, yuv444p, crf 0)
with frame i at pts i / fps: lossless in YUV 4:4:4, so a decoded frame differs from the original only by
the RGB↔YUV rounding, at most 1 of 255 per channel (measured; test/python/test_lerobot.py holds it), at
about the size crf 10 gives on Playtable's flat-coloured frames (17 KB per 45 frames of 32×32 either way).

Read (`{"type": "lerobot", "path": …, "features": {…}}` data sources): v3.0 and v2.1 (one parquet and one
mp4 per episode) into the arrays Segments holds — each video file decoded once, frames picked by their
timestamps; `image` features (stored in the data parquet as PNG/JPEG bytes per row, not as videos)
decoded with Pillow — and Segments caches them like a CALVIN split (trainer/data.py).
"""

import json
import os

import numpy as np

from .datasources import FACTS as _FACTS
from .datasources import frame_file
from .errors import DataError

CODEBASE_VERSION = "v3.0"
CHUNKS_SIZE = 1000
DATA_PATH = "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet"
VIDEO_PATH = "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4"
EPISODES_PATH = "meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet"
# Our cameras and what LeRobot calls them in an export (and, by default, in a dataset read):
# schemas/data-sources.json, which the editor completes and checks feature names with too.
DEFAULT_FEATURES = _FACTS["defaultFeatures"]["lerobot"]
# meta/info.json, named once in schemas/data-sources.json metadataFiles (as a relative path with "/").
INFO_FILE = _FACTS["metadataFiles"]["lerobot"]
CAMERA_FEATURES = DEFAULT_FEATURES["cameras"]
CALVIN_TASK_COLUMN = "vlalab/calvin_task"
CRF = 0


class LeRobotError(DataError):
    """A dataset that is not a LeRobot dataset we can read; the message names the file and the fix."""


def _imports():
    try:
        import av
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as e:
        raise LeRobotError(
            f"LeRobot datasets need pyarrow and PyAV ({e}): pip install -e 'python[data]' (or bash scripts/setup.sh)"
        ) from None
    return pa, pq, av


# ───────────────────────────── writing ─────────────────────────────


def _encode(path, frames, fps):
    """uint8 (N, H, W, 3) → an H.264 mp4, frame i at pts i (time base 1/fps)."""
    _, _, av = _imports()
    from fractions import Fraction

    os.makedirs(os.path.dirname(path), exist_ok=True)
    h, w = frames.shape[1:3]
    with av.open(path, "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv444p"
        stream.time_base = Fraction(1, fps)
        stream.options = {"crf": str(CRF), "g": "2", "bf": "0"}
        for i, img in enumerate(frames):
            vf = av.VideoFrame.from_ndarray(np.ascontiguousarray(img), format="rgb24")
            vf.pts = i
            for packet in stream.encode(vf):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def _stats(x, image=False):
    """LeRobot's per-feature stats: images per channel in [0, 1] with shape (3, 1, 1)."""
    x = np.asarray(x, dtype=np.float64)
    if image:
        x = x.reshape(-1, 3) / 255.0
        shape = lambda v: v.reshape(3, 1, 1).tolist()  # noqa: E731
    else:
        x = x.reshape(len(x), -1)
        shape = lambda v: v.tolist()  # noqa: E731
    return {"min": shape(x.min(0)), "max": shape(x.max(0)), "mean": shape(x.mean(0)), "std": shape(x.std(0)), "count": [len(x)]}


def _tasks_table(pa, tasks):
    """meta/tasks.parquet as pandas writes a DataFrame indexed by task (lerobot reads it with pandas)."""
    table = pa.table({"task_index": pa.array(range(len(tasks)), pa.int64()), "task": pa.array(tasks, pa.string())})
    pandas_meta = {
        "index_columns": ["task"],
        "column_indexes": [
            {"name": None, "field_name": None, "pandas_type": "unicode", "numpy_type": "object", "metadata": {"encoding": "UTF-8"}}
        ],
        "columns": [
            {"name": "task_index", "field_name": "task_index", "pandas_type": "int64", "numpy_type": "int64", "metadata": None},
            {"name": "task", "field_name": "task", "pandas_type": "unicode", "numpy_type": "object", "metadata": None},
        ],
        "creator": {"library": "pyarrow", "version": pa.__version__},
        "pandas_version": "2.2.0",
    }
    return table.replace_schema_metadata({b"pandas": json.dumps(pandas_meta).encode()})


def export_lerobot(data_dir, out, split="training", fps=None, frames_per_file=20000, log=print):
    """Writes the annotated segments of a CALVIN-layout split as a LeRobot v3.0 dataset in `out`
    (which must not exist or be empty). `fps`: absent, the split's own control rate (trainer/
    datasources.py source_rate: Playtable's 15 Hz, a CALVIN recording's env.control_freq).
    `frames_per_file`: frames per data parquet / mp4 before the next file starts (LeRobot rolls over
    by size; many episodes share each file either way)."""
    pa, pq, _ = _imports()
    from . import annotations
    from .data import REQUIRED, check_layout
    from .datasources import source_rate

    root = check_layout(data_dir, split)
    if fps is None:
        hz = source_rate({"type": "calvin", "split": split}, data_dir)[0]
        fps = int(round(hz))
    if os.path.exists(out) and os.listdir(out):
        raise LeRobotError(f"{out} is not empty: export into a new folder")
    with open(os.path.join(root, REQUIRED[1]), "rb") as f:
        ann = annotations.load(f.read())
    texts, task_names, ranges = ann["language"]["ann"], ann["language"]["task"], ann["info"]["indx"]
    if not len(texts):
        raise LeRobotError(f"{root} has no annotated segments: nothing to export")
    tasks = list(dict.fromkeys(str(t) for t in texts))
    task_index = {t: i for i, t in enumerate(tasks)}
    cams = list(CAMERA_FEATURES)

    file_rows, file_frames, episodes = [], {c: [] for c in cams}, []
    all_actions, all_states, all_images = [], [], {c: [] for c in cams}
    file_index, index = 0, 0

    def flush():
        nonlocal file_rows, file_frames, file_index
        if not file_rows:
            return
        table = pa.table({k: ([r[k] for r in file_rows]) for k in file_rows[0]})
        table = table.cast(
            pa.schema(
                [
                    ("action", pa.list_(pa.float32(), len(file_rows[0]["action"]))),
                    ("observation.state", pa.list_(pa.float32(), len(file_rows[0]["observation.state"]))),
                    ("timestamp", pa.float32()),
                    ("frame_index", pa.int64()),
                    ("episode_index", pa.int64()),
                    ("index", pa.int64()),
                    ("task_index", pa.int64()),
                ]
            )
        )
        path = os.path.join(out, DATA_PATH.format(chunk_index=0, file_index=file_index))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        pq.write_table(table, path)
        for c in cams:
            _encode(
                os.path.join(out, VIDEO_PATH.format(video_key=CAMERA_FEATURES[c], chunk_index=0, file_index=file_index)),
                np.stack(file_frames[c]),
                fps,
            )
        file_rows, file_frames, file_index = [], {c: [] for c in cams}, file_index + 1

    for e, (text, task, (s, last)) in enumerate(zip(texts, task_names, ranges)):
        n = int(last) - int(s) + 1
        if file_rows and len(file_rows) + n > frames_per_file:
            flush()
        start_in_file = len(file_rows)
        for k, frame in enumerate(range(int(s), int(last) + 1)):
            with np.load(os.path.join(root, frame_file(frame))) as z:
                act, state = z["rel_actions"].astype(np.float32), z["robot_obs"].astype(np.float32)
                for c in cams:
                    file_frames[c].append(z[f"rgb_{c}"])
                    all_images[c].append(z[f"rgb_{c}"][::4, ::4])  # stats from a subsample: a mean, not every pixel
            all_actions.append(act)
            all_states.append(state)
            file_rows.append(
                {
                    "action": act.tolist(),
                    "observation.state": state.tolist(),
                    "timestamp": k / fps,
                    "frame_index": k,
                    "episode_index": e,
                    "index": index,
                    "task_index": task_index[str(text)],
                }
            )
            index += 1
        ep = {
            "episode_index": e,
            "tasks": [str(text)],
            "length": n,
            "data/chunk_index": 0,
            "data/file_index": file_index,
            "dataset_from_index": index - n,
            "dataset_to_index": index,
        }
        for c in cams:
            key = CAMERA_FEATURES[c]
            ep.update(
                {
                    f"videos/{key}/chunk_index": 0,
                    f"videos/{key}/file_index": file_index,
                    f"videos/{key}/from_timestamp": start_in_file / fps,
                    f"videos/{key}/to_timestamp": (start_in_file + n) / fps,
                }
            )
        ep.update({"meta/episodes/chunk_index": 0, "meta/episodes/file_index": 0, CALVIN_TASK_COLUMN: str(task)})
        episodes.append(ep)
    flush()

    with np.load(os.path.join(root, frame_file(ranges[0][0]))) as z:
        h, w = z["rgb_static"].shape[:2]
    video_info = {
        "video.height": h,
        "video.width": w,
        "video.codec": "h264",
        "video.pix_fmt": "yuv444p",
        "video.is_depth_map": False,
        "video.fps": fps,
        "video.channels": 3,
        "has_audio": False,
    }
    adim, sdim = len(all_actions[0]), len(all_states[0])
    features = {
        **{
            CAMERA_FEATURES[c]: {"dtype": "video", "shape": [h, w, 3], "names": ["height", "width", "channels"], "info": video_info}
            for c in cams
        },
        "action": {
            "dtype": "float32",
            "shape": [adim],
            "names": [f"rel_{n}" for n in ("x", "y", "z", "euler_x", "euler_y", "euler_z", "gripper")][:adim] if adim == 7 else None,
        },
        "observation.state": {"dtype": "float32", "shape": [sdim], "names": None},
        "timestamp": {"dtype": "float32", "shape": [1], "names": None},
        "frame_index": {"dtype": "int64", "shape": [1], "names": None},
        "episode_index": {"dtype": "int64", "shape": [1], "names": None},
        "index": {"dtype": "int64", "shape": [1], "names": None},
        "task_index": {"dtype": "int64", "shape": [1], "names": None},
    }
    info = {
        "codebase_version": CODEBASE_VERSION,
        "robot_type": "playtable",
        "total_episodes": len(episodes),
        "total_frames": index,
        "total_tasks": len(tasks),
        "chunks_size": CHUNKS_SIZE,
        "data_files_size_in_mb": 100,
        "video_files_size_in_mb": 200,
        "fps": fps,
        "splits": {"train": f"0:{len(episodes)}"},
        "data_path": DATA_PATH,
        "video_path": VIDEO_PATH,
        "features": features,
        # CALVIN-layout rel_actions' convention, for the trainer's convention check (lerobot ignores the key)
        _FACTS["conventionKey"]: _FACTS["builtinConventions"]["calvin"],
    }
    os.makedirs(os.path.join(out, "meta"), exist_ok=True)
    with open(os.path.join(out, *INFO_FILE.split("/")), "w") as f:
        json.dump(info, f, indent=2)
    stats = {
        "action": _stats(all_actions),
        "observation.state": _stats(all_states),
        **{CAMERA_FEATURES[c]: _stats(np.stack(all_images[c]), image=True) for c in cams},
    }
    with open(os.path.join(out, *_FACTS["statisticsFiles"]["lerobot"]["v3"].split("/")), "w") as f:  # meta/stats.json
        json.dump(stats, f, indent=2)
    pq.write_table(_tasks_table(pa, tasks), os.path.join(out, "meta", "tasks.parquet"))
    ep_path = os.path.join(out, EPISODES_PATH.format(chunk_index=0, file_index=0))
    os.makedirs(os.path.dirname(ep_path), exist_ok=True)
    pq.write_table(pa.Table.from_pylist(episodes), ep_path)
    log(
        f"wrote a LeRobot {CODEBASE_VERSION} dataset to {out}: {len(episodes)} episodes, {index} frames, {file_index} data/video files per camera"
    )
    return info


# ───────────────────────────── reading ─────────────────────────────


def read_info(root):
    path = os.path.join(root, *INFO_FILE.split("/"))
    try:
        with open(path) as f:
            info = json.load(f)
    except FileNotFoundError:
        raise LeRobotError(
            f"{path} is missing: {root} is not a LeRobot dataset (point the data source's path at the folder holding meta/ and data/)"
        ) from None
    except (OSError, ValueError) as e:
        raise LeRobotError(f"{path} is not readable JSON ({e})") from None
    version = str(info.get("codebase_version", ""))
    if not version.startswith(("v3.", "v2.1")):
        raise LeRobotError(
            f"{path}: codebase_version {version or 'missing'} is not one this reader knows (v2.1, v3.0): convert the dataset with lerobot's converter"
        )
    return info


def index_files(root):
    """{relative path: (bytes, size, mtime_ns)} of the metadata a dataset's content is keyed on (the
    loading cache): info.json, the tasks and episode tables. Rewriting a dataset rewrites them."""
    names = [os.path.join(*INFO_FILE.split("/"))]
    for sub in ("tasks.parquet", "tasks.jsonl", "episodes.jsonl"):
        if os.path.exists(os.path.join(root, "meta", sub)):
            names.append(os.path.join("meta", sub))
    ep_dir = os.path.join(root, "meta", "episodes")
    for d, _, files in sorted(os.walk(ep_dir)):
        names += sorted(os.path.relpath(os.path.join(d, f), root) for f in files if f.endswith(".parquet"))
    out = {}
    for n in names:
        with open(os.path.join(root, n), "rb") as f:
            st = os.fstat(f.fileno())
            out[n] = (f.read(), st.st_size, st.st_mtime_ns)
    return out


def _read_tasks(root, pq):
    jsonl = os.path.join(root, "meta", "tasks.jsonl")
    if os.path.exists(jsonl):  # v2.1
        with open(jsonl) as f:
            rows = [json.loads(line) for line in f if line.strip()]
        return {int(r["task_index"]): str(r["task"]) for r in rows}
    table = pq.read_table(os.path.join(root, "meta", "tasks.parquet"))
    cols = table.column_names
    name = "task" if "task" in cols else "__index_level_0__"
    if name not in cols or "task_index" not in cols:
        raise LeRobotError(f"{os.path.join(root, 'meta', 'tasks.parquet')} has no task and task_index columns")
    return dict(zip(table.column("task_index").to_pylist(), map(str, table.column(name).to_pylist())))


def _read_episodes(root, info, pq):
    """[{episode_index, length, tasks, data file, per-camera (video file, from_timestamp), calvin task}]."""
    jsonl = os.path.join(root, "meta", "episodes.jsonl")
    chunks = int(info.get("chunks_size", CHUNKS_SIZE))
    if os.path.exists(jsonl):  # v2.1: one parquet and one mp4 per episode
        with open(jsonl) as f:
            rows = [json.loads(line) for line in f if line.strip()]
        out = []
        for r in rows:
            e = int(r["episode_index"])
            fmt = {"episode_chunk": e // chunks, "episode_index": e}
            out.append(
                {
                    "episode_index": e,
                    "length": int(r["length"]),
                    "tasks": r.get("tasks", []),
                    "calvin_task": None,
                    "data": info["data_path"].format(**fmt),
                    "video": lambda key, fmt=fmt: (info["video_path"].format(video_key=key, **fmt), 0.0),
                }
            )
        return out
    files = []
    for d, _, names in sorted(os.walk(os.path.join(root, "meta", "episodes"))):
        files += sorted(os.path.join(d, n) for n in names if n.endswith(".parquet"))
    if not files:
        raise LeRobotError(
            f"{os.path.join(root, 'meta', 'episodes')} holds no episode parquet files: {root} is not a complete v3.0 dataset"
        )
    out = []
    for path in files:
        for r in pq.read_table(path).to_pylist():
            data = info["data_path"].format(chunk_index=r["data/chunk_index"], file_index=r["data/file_index"])
            video = lambda key, r=r: (
                info["video_path"].format(
                    video_key=key, chunk_index=r[f"videos/{key}/chunk_index"], file_index=r[f"videos/{key}/file_index"]
                ),
                float(r[f"videos/{key}/from_timestamp"]),
            )
            out.append(
                {
                    "episode_index": int(r["episode_index"]),
                    "length": int(r["length"]),
                    "tasks": r.get("tasks") or [],
                    "calvin_task": r.get(CALVIN_TASK_COLUMN),
                    "data": data,
                    "video": video,
                }
            )
    return sorted(out, key=lambda e: e["episode_index"])


def decode_video(path):
    """(frames uint8 (N, H, W, 3), timestamps in seconds) of every frame of an mp4, in order."""
    _, _, av = _imports()
    frames, times = [], []
    try:
        with av.open(path) as container:
            stream = container.streams.video[0]
            for fr in container.decode(stream):
                frames.append(fr.to_ndarray(format="rgb24"))
                times.append(float(fr.pts * stream.time_base) if fr.pts is not None else len(times) / float(stream.average_rate))
    except FileNotFoundError:
        raise LeRobotError(f"{path} is missing (named by the dataset's episode metadata)") from None
    except av.error.FFmpegError as e:
        raise LeRobotError(f"{path} is not a readable video ({e})") from None
    if not frames:
        raise LeRobotError(f"{path} holds no video frames")
    order = np.argsort(times, kind="stable")
    return np.stack(frames)[order], np.asarray(times)[order]


def decode_image_cells(cells, root, where):
    """uint8 (N, H, W, 3) from the cells of an `image` feature's parquet column (LeRobot stores images
    that are not videos as Hugging Face datasets' Image: {bytes: PNG/JPEG, path}; without bytes, the
    file at `path`, relative to the dataset). `where` names the column for errors."""
    from .errors import CorruptInput
    from .rlds import decode_image

    out = []
    for i, cell in enumerate(cells):
        data, rel = (cell.get("bytes"), cell.get("path")) if isinstance(cell, dict) else (cell, None)
        if data is None and rel:
            path = rel if os.path.isabs(rel) else os.path.join(root, rel)
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError as e:
                raise LeRobotError(f"{where}, row {i}: its image file {path} cannot be read ({e.strerror})") from None
        if not data:
            raise LeRobotError(f"{where}, row {i} holds no image")
        try:
            out.append(decode_image(data, f"{where}, row {i}"))
        except CorruptInput as e:
            raise LeRobotError(str(e)) from None
    if len({im.shape for im in out}) > 1:
        raise LeRobotError(f"{where}: the images differ in size ({', '.join(sorted({'×'.join(map(str, im.shape)) for im in out}))})")
    return np.stack(out) if out else np.zeros((0, 1, 1, 3), np.uint8)


def _mapping(features):
    """The data source's feature mapping with the export's names for what it leaves out (cameras one by one)."""
    given = features or {}
    return {**DEFAULT_FEATURES, **given, "cameras": {**DEFAULT_FEATURES["cameras"], **given.get("cameras", {})}}


def _split_range(value):
    """LeRobot's split value "a:b" → range(a, b) of episode indices (None when malformed)."""
    try:
        a, b = str(value).split(":")
        return range(int(a), int(b))
    except ValueError:
        return None


def selection(root, part, holdout=None, episodes=None):
    """{split, episodes (episode indices), of, how}: the episodes `part` reads (trainer/splits.py): the
    ranges of meta/info.json's `splits` when it names a validation split, else held-out episodes."""
    from . import splits

    info = read_info(root)
    if episodes is None:
        _, pq, _ = _imports()
        episodes = _read_episodes(root, info, pq)
    indices = sorted(e["episode_index"] for e in episodes)
    named = info.get("splits") or {}
    val_name = next((n for n in splits.VALIDATION_SPLIT_NAMES if n in named and _split_range(named[n]) is not None), None)
    if part is None:
        return {"split": None, "episodes": indices, "of": len(indices), "how": "all episodes"}
    if val_name is not None:
        val = set(_split_range(named[val_name]))
        if part == "validation":
            chosen = [i for i in indices if i in val]
        else:
            train = _split_range(named.get("train", "")) or range(0, 0)
            chosen = [i for i in indices if i not in val and (i in train or "train" not in named)]
        return {
            "split": val_name if part == "validation" else "train",
            "episodes": chosen,
            "of": len(indices),
            "how": f"{INFO_FILE}'s splits ({val_name}: {named[val_name]})",
        }
    positions, how = splits.select(len(indices), part, holdout)
    return {"split": None, "episodes": [indices[p] for p in positions], "of": len(indices), "how": how}


def build_arrays(root, features, cameras, image_size, tasks=None, few_shot=None, limit=None, part=None, holdout=None):
    """The arrays of trainer/data.py's Segments from a LeRobot dataset: `images` (N, cameras, size,
    size, 3) uint8, `actions` (N, D) float32, and per episode its instruction, task and frame range —
    the episodes of selection(root, part, holdout)."""
    pa, pq, _ = _imports()
    from .data import episode_arrays, resize_frames

    info = read_info(root)
    fps = float(info["fps"])
    m = _mapping(features)
    declared = info.get("features", {})
    for cam in cameras:
        key = m["cameras"].get(cam)
        if key is None:
            raise DataError(
                f'the LeRobot data source maps no feature to camera {cam!r}: add "features": {{"cameras": {{"{cam}": "observation.images.…"}}}}'
            )
        if key not in declared:
            raise DataError(f"{root}/{INFO_FILE} has no feature {key!r} (camera {cam}); it has {', '.join(declared)}")
        if declared[key].get("dtype") not in ("video", "image"):
            raise DataError(
                f"{root}: feature {key!r} (camera {cam}) is stored as {declared[key].get('dtype')}, not as video or image: map an image feature"
            )
    action_keys = [m["actions"]] if isinstance(m["actions"], str) else list(m["actions"])  # several: concatenated in order
    for key in action_keys:
        if key not in declared:
            raise DataError(
                f'{root}/{INFO_FILE} has no feature {key!r} for the actions; map "features": {{"actions": …}} to one of {", ".join(declared)}'
            )
    task_text = _read_tasks(root, pq)
    episodes = _read_episodes(root, info, pq)
    chosen = set(selection(root, part, holdout, episodes)["episodes"])
    keep, per_task = [], {}
    for ep in (e for e in episodes if e["episode_index"] in chosen):
        text = ep["tasks"][0] if ep["tasks"] else None
        task = ep["calvin_task"] or text
        if tasks and task not in tasks:
            continue
        per_task[task] = per_task.get(task, 0) + 1
        if few_shot and per_task[task] > few_shot:
            continue
        keep.append((ep, text, task))
    if limit:
        keep = keep[:limit]
    if not keep:
        from .splits import NoEpisodes

        raise NoEpisodes(f"{root} has no episodes for tasks {tasks if tasks else 'any'}" + (f" among its {part} episodes" if part else ""))
    tables, videos = {}, {}
    images, actions, texts, task_names, bounds = {c: [] for c in cameras}, [], [], [], []
    n = 0
    for ep, text, task in keep:
        if ep["data"] not in tables:
            path = os.path.join(root, ep["data"])
            if not os.path.exists(path):
                raise DataError(f"{path} is missing (named by the dataset's episode metadata)")
            tables[ep["data"]] = pq.read_table(path)
        t = tables[ep["data"]]
        rows = t.filter(pa.compute.equal(t.column("episode_index"), ep["episode_index"]))
        rows = rows.take(pa.compute.sort_indices(rows.column("frame_index")))
        if rows.num_rows != ep["length"]:
            raise DataError(
                f"{os.path.join(root, ep['data'])} holds {rows.num_rows} frames of episode {ep['episode_index']}, its metadata says {ep['length']}"
            )
        act = np.concatenate(
            [np.asarray(rows.column(k).to_pylist(), dtype=np.float32).reshape(rows.num_rows, -1) for k in action_keys], axis=1
        )
        if m["instruction"] == "task":
            text = task_text.get(int(rows.column("task_index")[0].as_py()), text)
        else:
            text = str(rows.column(m["instruction"])[0].as_py())
        stamps = np.asarray(rows.column("timestamp").to_pylist(), dtype=np.float64)
        for cam in cameras:
            key = m["cameras"][cam]
            if declared[key].get("dtype") == "image":  # stored in the parquet: PNG/JPEG per row
                where = f"{os.path.join(root, ep['data'])} column {key} (episode {ep['episode_index']})"
                images[cam].append(resize_frames(decode_image_cells(rows.column(key).to_pylist(), root, where), image_size))
                continue
            rel, start = ep["video"](key)
            if rel not in videos:
                videos[rel] = decode_video(os.path.join(root, rel))
            frames, times = videos[rel]
            want = start + stamps
            idx = np.clip(np.searchsorted(times, want - 0.5 / fps), 0, len(times) - 1)
            if np.abs(times[idx] - want).max() > 0.5 / fps:
                raise DataError(
                    f"{os.path.join(root, rel)} has no frame within half a frame of some timestamps of episode {ep['episode_index']}"
                )
            images[cam].append(resize_frames(frames[idx], image_size))
        actions.append(act)
        texts.append(str(text))
        task_names.append(str(task if ep["calvin_task"] else text))
        bounds.append((n, n + len(act) - 1))
        n += len(act)
    return episode_arrays(images, cameras, actions, texts, task_names, bounds)
