"""Data sources' facts (schemas/data-sources.json, shared with the editor) and action conventions.

An action convention says how a source's actions are expressed: `mode` (delta or absolute), `frame`
(world, base or tool), `rotation` (euler_xyz, axis_angle, quaternion_xyzw or none) and the gripper
dimension's `closed` and `open` values. Each source's convention comes from, in order: the data source in
the spec (`convention`, field by field), the dataset's metadata (LeRobot meta/info.json, RLDS
metadata.json: `action_convention`), the built-in data's (Playtable, CALVIN). The spec's own is
`action.convention` (default: CALVIN's).

check_stages runs before any data is loaded. A source whose convention differs from the spec's stops
the run with one line naming the stage, the source and each difference — unless the source says
`convert: true` and the differences are only the gripper's values (mapped linearly: closed→closed,
open→open) and the rotation representation (converted to the spec's, which may change the width). A
source with no convention anywhere is assumed to follow the spec's when it is the only source of its
stage (the log says so); a stage that mixes it with others stops and asks for it to be declared.
Delta/absolute and the frame are never converted: that needs the robot's state at every step.
"""

import json
import os

import numpy as np

from .errors import DataError

PATH = os.path.join(os.path.dirname(__file__), "..", "..", "..", "schemas", "data-sources.json")
with open(PATH, encoding="utf-8") as _f:
    FACTS = json.load(_f)

DEFAULT_FEATURES = FACTS["defaultFeatures"]
VALIDATION_SHARE = float(FACTS["validationShare"])
ROTATION_WIDTHS = FACTS["rotationWidths"]
# A CALVIN-layout split's per-time-step file: <prefix><frame, zero-padded><suffix> (episode_0000042.npz)
FRAME_PREFIX, FRAME_DIGITS, FRAME_SUFFIX = (FACTS["calvinFrames"][k] for k in ("prefix", "digits", "suffix"))


def frame_file(frame):
    """The file name of a CALVIN-layout split's time step `frame`: frame_file(42) → episode_0000042.npz."""
    return f"{FRAME_PREFIX}{int(frame):0{FRAME_DIGITS}d}{FRAME_SUFFIX}"


# A CALVIN-layout split's index files, relative to the split folder (this OS's separator): the recorded
# episodes' frame ranges (ep_start_end_ids.npy) and the language annotations (lang_annotations/auto_lang_ann.npy).
EPISODES_FILE, ANNOTATIONS_FILE = (os.path.join(*FACTS["calvinIndex"][k].split("/")) for k in ("episodes", "annotations"))
ANNOTATIONS_DIR = os.path.dirname(ANNOTATIONS_FILE)


FIELDS = ("mode", "frame", "rotation", "gripper")


class ConventionError(DataError):
    """Sources of a stage whose action conventions differ from the spec's (one line, before training)."""


def target(spec):
    """The spec's convention (action.convention over the default, field by field)."""
    given = (spec.get("action") or {}).get("convention") or {}
    return {k: given.get(k, FACTS["defaultConvention"][k]) for k in FIELDS}


def metadata_convention(ds, root):
    """(convention dict or None, file) from a LeRobot / RLDS dataset's metadata."""
    if ds.get("type") == "lerobot":
        path = os.path.join(root, "meta", "info.json")
    elif ds.get("type") == "rlds":
        from .rlds import dataset_root

        path = os.path.join(dataset_root(root), "metadata.json")
    else:
        return None, None
    try:
        with open(path, encoding="utf-8") as f:
            conv = json.load(f).get(FACTS["conventionKey"])
    except (OSError, ValueError, AttributeError):
        return None, None
    return (conv if isinstance(conv, dict) else None), path


def source_convention(ds, root):
    """(convention with every field or None, where it came from)."""
    declared = {k: v for k, v in (ds.get("convention") or {}).items() if k in FIELDS}
    builtin = FACTS["builtinConventions"].get(ds.get("type"))
    meta, meta_path = metadata_convention(ds, root) if root else (None, None)
    base, where = (builtin, "built-in") if builtin else (meta, meta_path) if meta else (None, None)
    if base is None and not declared:
        return None, None
    merged = {**(base or {}), **declared}
    if any(k not in merged for k in FIELDS):
        missing = [k for k in FIELDS if k not in merged]
        raise ConventionError(
            f"the {ds.get('type')} source at {root} declares an incomplete action convention (no {', '.join(missing)}): "
            f'complete its "convention" in the spec'
        )
    origin = "the spec" if declared and not base else f"the spec over {where}" if declared else where
    conv = {k: merged[k] for k in FIELDS}
    problem = _invalid(conv)
    if problem:
        raise ConventionError(
            f"the action convention of the {ds.get('type')} source at {root} ({origin}) is not one VLA Lab knows: {problem}"
        )
    return conv, origin


def _invalid(c):
    """Why a convention is malformed (metadata is not checked by the schema), or None."""
    allowed = {"mode": ("delta", "absolute"), "frame": ("world", "base", "tool"), "rotation": tuple(ROTATION_WIDTHS)}
    for k, values in allowed.items():
        if c[k] not in values:
            return f"{k} {c[k]!r} (one of {', '.join(values)})"
    g = c["gripper"]
    if not isinstance(g, dict) or not all(
        isinstance(g.get(k), (int, float)) and not isinstance(g.get(k), bool) for k in ("closed", "open")
    ):
        return f"gripper {g!r} (an object with numbers closed and open)"
    return None


def describe(c):
    g = c["gripper"]
    return f"{c['mode']}, {c['frame']} frame, {c['rotation']}, gripper closed {g['closed']:g} / open {g['open']:g}"


def differences(src, tgt):
    out = []
    for k in ("mode", "frame", "rotation"):
        if src[k] != tgt[k]:
            out.append((k, f"{k} {src[k]} (the spec's: {tgt[k]})"))
    sg, tg = src["gripper"], tgt["gripper"]
    if float(sg["closed"]) != float(tg["closed"]) or float(sg["open"]) != float(tg["open"]):
        out.append(("gripper", f"gripper closed {sg['closed']:g} / open {sg['open']:g} (the spec's: {tg['closed']:g} / {tg['open']:g})"))
    return out


def check_stages(spec, stage_confs, dirs, log=None):
    """[[conversion plan or None per source] per stage]; raises ConventionError (one line) on a mismatch
    that is not converted. A plan is (source convention, target convention)."""
    tgt = target(spec)
    plans = []
    for si, (st, roots) in enumerate(zip(stage_confs, dirs)):
        name = st.get("name") or f"stage {si}"
        found = []
        for di, (ds, root) in enumerate(zip(st["datasets"], roots)):
            try:
                found.append(source_convention(ds, root))
            except ConventionError as e:
                raise ConventionError(f"stage {name!r}, dataset {di} ({ds.get('type')} {root}): {e}") from None
        stage_plans = []
        for di, ((conv, origin), ds, root) in enumerate(zip(found, st["datasets"], roots)):
            where = f"stage {name!r}, dataset {di} ({ds.get('type')} {root})"
            if conv is None:
                if len(st["datasets"]) > 1:
                    raise ConventionError(
                        f"{where} does not say its action convention and the stage mixes it with other sources: "
                        f'add "convention": {{"mode", "frame", "rotation", "gripper": {{"closed", "open"}}}} to it '
                        f"(the spec's: {describe(tgt)})"
                    )
                if log:
                    log(f"{where}: no action convention in its metadata or the spec; assumed the spec's ({describe(tgt)})")
                stage_plans.append(None)
                continue
            diff = differences(conv, tgt)
            if not diff:
                stage_plans.append(None)
                continue
            convertible = {"gripper", "rotation"}
            fixed = [d for k, d in diff if k not in convertible]
            if fixed or not (ds.get("convention") or {}).get("convert"):
                how = (
                    "delta/absolute and the frame cannot be converted (they need the robot's state): use a source with the spec's, or change action.convention"
                    if fixed
                    else 'add "convert": true to its "convention" to convert, or change action.convention'
                )
                raise ConventionError(
                    f"{where}: its actions ({origin}) differ from the spec's convention: {'; '.join(d for _, d in diff)} — {how}"
                )
            if log:
                log(f"{where}: converting its actions ({'; '.join(d for _, d in diff)}) to the spec's convention")
            stage_plans.append((conv, tgt))
        plans.append(stage_plans)
    return plans


# ───────────────────────────── conversion ─────────────────────────────


def _matrix_to_euler_xyz(m):
    """Rotation matrices (N, 3, 3) → roll, pitch, yaw with R = Rz(yaw) Ry(pitch) Rx(roll)."""
    pitch = np.arcsin(np.clip(-m[:, 2, 0], -1.0, 1.0))
    roll = np.arctan2(m[:, 2, 1], m[:, 2, 2])
    yaw = np.arctan2(m[:, 1, 0], m[:, 0, 0])
    return np.stack([roll, pitch, yaw], axis=1)


def _euler_xyz_to_matrix(e):
    r, p, y = e[:, 0], e[:, 1], e[:, 2]
    cr, sr, cp, sp, cy, sy = np.cos(r), np.sin(r), np.cos(p), np.sin(p), np.cos(y), np.sin(y)
    return np.stack(
        [
            np.stack([cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr], 1),
            np.stack([sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr], 1),
            np.stack([-sp, cp * sr, cp * cr], 1),
        ],
        1,
    )


def _quat_to_matrix(q):
    q = q / np.maximum(np.linalg.norm(q, axis=1, keepdims=True), 1e-12)
    x, y, z, w = q[:, 0], q[:, 1], q[:, 2], q[:, 3]
    return np.stack(
        [
            np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)], 1),
            np.stack([2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)], 1),
            np.stack([2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)], 1),
        ],
        1,
    )


def _matrix_to_quat(m):
    w = np.sqrt(np.maximum(0.0, 1 + m[:, 0, 0] + m[:, 1, 1] + m[:, 2, 2])) / 2
    x = (
        np.sqrt(np.maximum(0.0, 1 + m[:, 0, 0] - m[:, 1, 1] - m[:, 2, 2]))
        / 2
        * np.sign(m[:, 2, 1] - m[:, 1, 2] + (m[:, 2, 1] == m[:, 1, 2]))
    )
    y = (
        np.sqrt(np.maximum(0.0, 1 - m[:, 0, 0] + m[:, 1, 1] - m[:, 2, 2]))
        / 2
        * np.sign(m[:, 0, 2] - m[:, 2, 0] + (m[:, 0, 2] == m[:, 2, 0]))
    )
    z = (
        np.sqrt(np.maximum(0.0, 1 - m[:, 0, 0] - m[:, 1, 1] + m[:, 2, 2]))
        / 2
        * np.sign(m[:, 1, 0] - m[:, 0, 1] + (m[:, 1, 0] == m[:, 0, 1]))
    )
    return np.stack([x, y, z, w], 1)


def _axis_angle_to_matrix(v):
    theta = np.linalg.norm(v, axis=1)
    k = v / np.maximum(theta, 1e-12)[:, None]
    K = np.zeros((len(v), 3, 3))
    K[:, 0, 1], K[:, 0, 2], K[:, 1, 0], K[:, 1, 2], K[:, 2, 0], K[:, 2, 1] = -k[:, 2], k[:, 1], k[:, 2], -k[:, 0], -k[:, 1], k[:, 0]
    s, c = np.sin(theta)[:, None, None], np.cos(theta)[:, None, None]
    return np.eye(3)[None] + s * K + (1 - c) * (K @ K)


def _matrix_to_axis_angle(m):
    q = _matrix_to_quat(m)
    q = q * np.where(q[:, 3:4] < 0, -1.0, 1.0)
    angle = 2 * np.arctan2(np.linalg.norm(q[:, :3], axis=1), q[:, 3])
    axis = q[:, :3] / np.maximum(np.linalg.norm(q[:, :3], axis=1, keepdims=True), 1e-12)
    return axis * angle[:, None]


TO_MATRIX = {"euler_xyz": _euler_xyz_to_matrix, "quaternion_xyzw": _quat_to_matrix, "axis_angle": _axis_angle_to_matrix}
FROM_MATRIX = {"euler_xyz": _matrix_to_euler_xyz, "quaternion_xyzw": _matrix_to_quat, "axis_angle": _matrix_to_axis_angle}


def convert(actions, src, tgt, where=""):
    """Actions (N, 3 + rotation width + 1) in `src`'s convention → `tgt`'s (gripper and rotation)."""
    a = np.asarray(actions, dtype=np.float64)
    rw_src, rw_tgt = ROTATION_WIDTHS[src["rotation"]], ROTATION_WIDTHS[tgt["rotation"]]
    if a.shape[1] != 3 + rw_src + 1:
        raise ConventionError(
            f"{where}: its actions are {a.shape[1]} wide; a {src['rotation']} convention means xyz + {rw_src} rotation + gripper = {3 + rw_src + 1}"
        )
    pos, rot, grip = a[:, :3], a[:, 3 : 3 + rw_src], a[:, -1]
    if src["rotation"] != tgt["rotation"]:
        if "none" in (src["rotation"], tgt["rotation"]):
            raise ConventionError(f"{where}: cannot convert rotation {src['rotation']} to {tgt['rotation']}")
        rot = FROM_MATRIX[tgt["rotation"]](TO_MATRIX[src["rotation"]](rot))
    sc, so = float(src["gripper"]["closed"]), float(src["gripper"]["open"])
    tc, to = float(tgt["gripper"]["closed"]), float(tgt["gripper"]["open"])
    if (sc, so) != (tc, to):
        if sc == so:
            raise ConventionError(f"{where}: the gripper's closed and open values are equal ({sc:g})")
        grip = tc + (grip - sc) * (to - tc) / (so - sc)
    out = np.concatenate([pos, rot, grip[:, None]], axis=1).astype(np.float32)
    assert out.shape[1] == 3 + rw_tgt + 1
    return out
