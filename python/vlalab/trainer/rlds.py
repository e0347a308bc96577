"""RLDS datasets (the Open X-Embodiment layout) read without TensorFlow.

A dataset written by tensorflow-datasets is a folder `<name>/<version>/` holding
  dataset_info.json     name, file format, splits with their shard lengths and file name template
  features.json         the feature tree (FeaturesDict → steps: Dataset → observation/…, action, …)
  metadata.json         optional free-form metadata (VLA Lab reads `action_convention` from it)
  <name>-<split>.tfrecord-NNNNN-of-MMMMM   shards: one tf.train.Example per episode
Each example holds the episode's steps flattened: `steps/observation/image` (a bytes list, one JPEG or
PNG per step), `steps/action` (a float list, steps × width), `steps/language_instruction` (one string
per step), `steps/is_first`…, and `episode_metadata/…`. trainer/tfrecord.py reads the framing (both
crc32c checks) and the Example protobuf; images are decoded with Pillow.

`{"type": "rlds", "path": <the version folder, or the dataset folder holding one version>, "features":
{"cameras": {"static": "observation/image", "gripper": "observation/wrist_image"}, "actions": "action",
"instruction": "language_instruction", "task": "episode_metadata/…"}}` — feature names are those of a
step (under `steps/`), or `episode_metadata/…`; absent keys take OXE's common names (DEFAULT_FEATURES).
Each episode is one annotated segment (its instruction is the first step's); build_arrays returns the
arrays trainer/data.py's Segments holds, and Segments caches them like a CALVIN split.
"""

import io
import json
import os
import re

import numpy as np

from . import splits, tfrecord
from .datasources import DEFAULT_FEATURES as _DEFAULTS
from .errors import CorruptInput, DataError

# OXE's common step feature names (schemas/data-sources.json, which the editor completes from too).
DEFAULT_FEATURES = _DEFAULTS["rlds"]
DEFAULT_TEMPLATE = "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}"


class RLDSError(DataError):
    """A folder that is not an RLDS dataset we can read; the message names the file and the fix."""


def dataset_root(path):
    """The folder holding dataset_info.json: `path` itself, or its one (newest) version folder."""
    if os.path.isfile(os.path.join(path, "dataset_info.json")):
        return path
    if os.path.isdir(path):
        versions = sorted(
            (
                d
                for d in os.listdir(path)
                if re.fullmatch(r"\d+\.\d+\.\d+", d) and os.path.isfile(os.path.join(path, d, "dataset_info.json"))
            ),
            key=lambda v: tuple(int(x) for x in v.split(".")),
        )
        if versions:
            return os.path.join(path, versions[-1])
        raise RLDSError(
            f"{path} holds no dataset_info.json (nor a version folder such as 1.0.0/ with one): "
            "point the data source's path at the RLDS dataset's version folder"
        )
    raise RLDSError(f"RLDS dataset folder {path} does not exist")


def _json(path, what):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        raise RLDSError(f"{path} is missing: {os.path.dirname(path)} is not a complete RLDS dataset ({what})") from None
    except (OSError, ValueError) as e:
        raise RLDSError(f"{path} is not readable JSON ({e})") from None


def read_info(root):
    info = _json(os.path.join(root, "dataset_info.json"), "TFDS writes dataset_info.json beside the shards")
    fmt = info.get("fileFormat", "tfrecord")
    if fmt != "tfrecord":
        raise RLDSError(
            f"{os.path.join(root, 'dataset_info.json')}: file format {fmt} is not one this reader knows (tfrecord); "
            "re-prepare the dataset with file_format='tfrecord'"
        )
    if not info.get("splits"):
        raise RLDSError(f"{os.path.join(root, 'dataset_info.json')} lists no splits")
    return info


def metadata(root):
    """metadata.json's content ({} when absent)."""
    path = os.path.join(root, "metadata.json")
    return _json(path, "") if os.path.exists(path) else {}


def step_features(root):
    """{name under steps/ or 'episode_metadata/…': {kind: image|tensor|text|scalar, dtype, shape, encoding}}
    from features.json (TFDS's serialised FeaturesDict)."""
    path = os.path.join(root, "features.json")
    tree = _json(path, "TFDS writes features.json beside the shards")
    out = {}

    def walk(node, prefix):
        if "featuresDict" in node:
            for k, v in node["featuresDict"].get("features", {}).items():
                walk(v, f"{prefix}{k}/")
        elif "sequence" in node:  # steps: tfds.features.Dataset
            walk(node["sequence"]["feature"], prefix)
        else:
            name = prefix.rstrip("/")
            if "image" in node:
                d = node["image"]
                out[name] = {
                    "kind": "image",
                    "dtype": d.get("dtype"),
                    "shape": [int(x) for x in d.get("shape", {}).get("dimensions", [])],
                    "encoding": d.get("encodingFormat", "png"),
                }
            elif "text" in node:
                out[name] = {"kind": "text"}
            elif "tensor" in node:
                d = node["tensor"]
                out[name] = {
                    "kind": "scalar" if not d.get("shape", {}).get("dimensions") else "tensor",
                    "dtype": d.get("dtype"),
                    "shape": [int(x) for x in d.get("shape", {}).get("dimensions", [])],
                }
            else:
                out[name] = {"kind": node.get("pythonClassName", "unknown").rsplit(".", 1)[-1].lower()}

    walk(tree, "")
    if not any(k.startswith("steps/") for k in out):
        raise RLDSError(f"{path} has no steps feature: this TFDS dataset is not in the RLDS layout (episodes of steps)")
    return {k[len("steps/") :] if k.startswith("steps/") else k: v for k, v in out.items()}


def index_files(root):
    """{relative path: (bytes, size, mtime_ns)} of the files a dataset's content is keyed on (the loading
    cache): dataset_info.json (shard lengths and bytes), features.json and metadata.json."""
    out = {}
    for n in ("dataset_info.json", "features.json", "metadata.json"):
        p = os.path.join(root, n)
        if os.path.exists(p):
            with open(p, "rb") as f:
                st = os.fstat(f.fileno())
                out[n] = (f.read(), st.st_size, st.st_mtime_ns)
    return out


def split_shards(root, info, split):
    """[(shard path, episodes in it)] of a split, in order."""
    entry = next((s for s in info["splits"] if s.get("name") == split), None)
    if entry is None:
        raise RLDSError(
            f"{os.path.join(root, 'dataset_info.json')} has no split {split!r}; it has {', '.join(s.get('name', '?') for s in info['splits'])}"
        )
    lengths = [int(x) for x in entry.get("shardLengths", [])]
    template = entry.get("filepathTemplate") or DEFAULT_TEMPLATE
    name, fmt = info.get("name", ""), info.get("fileFormat", "tfrecord")
    out = []
    for i, n in enumerate(lengths):
        rel = (
            template.replace("{DATASET}", name)
            .replace("{SPLIT}", split)
            .replace("{FILEFORMAT}", fmt)
            .replace("{SHARD_X_OF_Y}", f"{i:05d}-of-{len(lengths):05d}")
            .replace("{SHARD_INDEX}", f"{i:05d}")
            .replace("{NUM_SHARDS}", f"{len(lengths):05d}")
        )
        out.append((os.path.join(root, rel), n))
    return out


def choose_split(info, part):
    """(split name, part for splits.select) — the dataset's own validation split when it has one."""
    names = [s.get("name") for s in info["splits"]]
    train = next((n for n in splits.TRAIN_SPLIT_NAMES if n in names), names[0])
    if part is None:
        return train, None
    val = next((n for n in splits.VALIDATION_SPLIT_NAMES if n in names), None)
    if val is not None:
        return (val if part == "validation" else train), None
    return train, part


def mapping(features):
    given = features or {}
    return {**DEFAULT_FEATURES, **given, "cameras": {**DEFAULT_FEATURES["cameras"], **given.get("cameras", {})}}


def _check_mapping(root, m, feats, cameras):
    have = ", ".join(sorted(feats))
    for cam in cameras:
        key = m["cameras"].get(cam)
        if key not in feats:
            raise RLDSError(f"{os.path.join(root, 'features.json')} has no step feature {key!r} (camera {cam}); it has {have}")
        if feats[key]["kind"] != "image":
            raise RLDSError(f"{root}: feature {key!r} (camera {cam}) is a {feats[key]['kind']}, not an image")
    for role, keys in (("actions", action_names(m)), ("instruction", [m["instruction"]])):
        for key in keys:
            if key not in feats:
                raise RLDSError(
                    f'{os.path.join(root, "features.json")} has no feature {key!r} for the {role}; map "features": {{"{role}": …}} to one of {have}'
                )
    for key in action_names(m):
        if feats[key]["kind"] not in ("tensor", "scalar") or not str(feats[key].get("dtype", "")).startswith("float"):
            raise RLDSError(f"{root}: the actions feature {key!r} is not a float tensor")
    if m.get("task") and m["task"] not in feats:
        raise RLDSError(f"{os.path.join(root, 'features.json')} has no feature {m['task']!r} for the task; it has {have}")


def decode_image(data, where):
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as im:
            return np.asarray(im.convert("RGB"))
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise CorruptInput(f"{where} is not a readable JPEG/PNG image ({e})") from None


def _feature(ex, name, where):
    key = name if name.startswith("episode_metadata/") else f"steps/{name}"
    if key not in ex:
        raise RLDSError(f"{where} has no feature {key!r}")
    return ex[key]


def action_names(m):
    """The actions feature(s): one name, or several concatenated in order (an action stored as a dict of
    parts, e.g. RT-1's action/world_vector, action/rotation_delta, action/gripper_closedness_action)."""
    a = m["actions"]
    return [a] if isinstance(a, str) else list(a)


def read_episode(ex, where, m, feats, cameras):
    """(images {camera: uint8 (T, H, W, 3)}, actions float32 (T, D), instruction, task or None) of one parsed example."""
    parts = []
    for name in action_names(m):
        v = _feature(ex, name, where)
        width = int(np.prod(feats[name].get("shape") or [1]))
        if len(v) % width:
            raise RLDSError(f"{where}: {name} holds {len(v)} values, not a whole number of steps of width {width}")
        parts.append(v.reshape(-1, width))
    if len({len(p) for p in parts}) > 1:
        raise RLDSError(
            f"{where}: the action features {', '.join(action_names(m))} have different numbers of steps ({', '.join(str(len(p)) for p in parts)})"
        )
    act = np.concatenate(parts, axis=1)
    n = len(act)
    images = {}
    for cam in cameras:
        key = m["cameras"][cam]
        blobs = _feature(ex, key, where)
        if len(blobs) != n:
            raise RLDSError(f"{where}: {key} has {len(blobs)} images for {n} steps")
        images[cam] = np.stack([decode_image(b, f"{where}, step {t} of {key}") for t, b in enumerate(blobs)]) if n else None
    text, task = episode_text(ex, where, m)
    return images, act, text, task


def episode_text(ex, where, m):
    """(instruction — the first step's —, task or None) of one parsed example, without decoding images."""
    text = _feature(ex, m["instruction"], where)
    text = text[0].decode("utf-8", "replace") if len(text) else ""
    task = None
    if m.get("task"):
        v = _feature(ex, m["task"], where)
        task = v[0].decode("utf-8", "replace") if len(v) else None
    return text, task


def iter_episodes(root, split):
    """Yields (position in the split, where, parsed example) over a split's shards in order."""
    info = read_info(root)
    pos = 0
    for path, count in split_shards(root, info, split):
        got = 0
        for i, ex in tfrecord.examples(path):
            yield pos, f"{path}: record {i}", ex
            pos += 1
            got += 1
        if got != count:
            raise RLDSError(f"{path} holds {got} episodes, dataset_info.json says {count} (a partial copy? copy the file again)")


def build_arrays(root, features, cameras, image_size, tasks=None, few_shot=None, limit=None, part=None, holdout=None):
    """The arrays of trainer/data.py's Segments from an RLDS dataset (see lerobot.build_arrays): the
    episodes of `selection(root, part, holdout)`, filtered by tasks / few_shot / limit."""
    from .data import episode_arrays, resize_frames

    root = dataset_root(root)
    info = read_info(root)
    feats = step_features(root)
    m = mapping(features)
    _check_mapping(root, m, feats, cameras)
    split, sub = choose_split(info, part)
    total = sum(n for _, n in split_shards(root, info, split))
    wanted, how = splits.select(total, sub, holdout)
    wanted = set(wanted)
    images, actions, texts, task_names, bounds = {c: [] for c in cameras}, [], [], [], []
    per_task, n, kept = {}, 0, []
    for pos, where, ex in iter_episodes(root, split):
        if pos not in wanted or (limit and len(kept) >= limit):
            continue
        text, task = episode_text(ex, where, m)
        task = task or text
        if not text or (tasks and task not in tasks):
            continue  # filtered before any image is decoded
        imgs, act, _, _ = read_episode(ex, where, m, feats, cameras)
        if not len(act):
            continue
        per_task[task] = per_task.get(task, 0) + 1
        if few_shot and per_task[task] > few_shot:
            continue
        for cam in cameras:
            images[cam].append(resize_frames(imgs[cam], image_size))
        actions.append(act)
        texts.append(text)
        task_names.append(task)
        bounds.append((n, n + len(act) - 1))
        n += len(act)
        kept.append(pos)
    if not kept:
        raise splits.NoEpisodes(
            f"{root} has no episodes with an instruction in split {split!r} ({how}) for tasks {tasks if tasks else 'any'}"
        )
    return episode_arrays(images, cameras, actions, texts, task_names, bounds)


def selection(root, part, holdout=None):
    """{split, episodes (positions in the split), of, how}: which episodes `part` reads, from the
    metadata alone (what a run records)."""
    root = dataset_root(root)
    info = read_info(root)
    split, sub = choose_split(info, part)
    total = sum(n for _, n in split_shards(root, info, split))
    wanted, how = splits.select(total, sub, holdout)
    return {"split": split, "episodes": wanted, "of": total, "how": how if sub or part is None else f"the dataset's own {split!r} split"}
