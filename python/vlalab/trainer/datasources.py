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
Each source's convention (the spec's, when it has none) is also checked against what its own actions
and state say (trainer/infer_convention.py: gripper values and which one closes, delta or absolute): a
confident contradiction stops the run in one line; what was inferred goes into the stage event.

A source's control rate (Hz: one action per 1/rate seconds) comes from, in order: `control_hz` on the
data source in the spec, the dataset's metadata (LeRobot meta/info.json `fps`, RLDS metadata.json
`control_hz`, a CALVIN split's .hydra/merged_config.yaml `env.control_freq`; a CALVIN-layout split
written by Playtable, with its playtable.json, has Playtable's), the built-in data's (Playtable 15 Hz,
the rate its rollouts are filmed at, one frame per control step; CALVIN 30 Hz). Sources of one stage
at different rates stop the run in one line naming both; a source of a mixed stage whose rate is
known nowhere stops it too. Nothing is resampled: a delta action of another rate covers another time
span, and changing it needs every step's state (or, downsampling, composing rotations and dropping
frames) — record or export the data at the rate, or train on it in a stage of its own.

Normalisation: the trainer standardises (or clips and scales, action.normalize) the arm dimensions
with statistics it measures itself, pooled over every training frame of every source of every stage
after conversion (trainer/loop.py), never a dataset's declared ones. check_statistics compares what a
LeRobot dataset declares (meta/stats.json; v2.1 meta/episodes_stats.jsonl pooled) with its actions and
returns one warning line per source whose declared mean or std is far from the measured.
"""

import json
import os
import zipfile

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


RATES = FACTS["controlRates"]
# The file Playtable's gen-data writes into each split it writes (its tasks, seed, modes and version):
# what marks a CALVIN-layout split as Playtable's.
PLAYTABLE_RECORD = RATES["playtableRecord"]
STATS_FILES = FACTS["statisticsFiles"]
# Each source type's metadata file, a relative path with "/" (LeRobot meta/info.json, RLDS metadata.json).
METADATA_FILES = FACTS["metadataFiles"]


def _metadata(ds, root):
    """(the parsed metadata dict or None, its file) of the source at `root`: LeRobot meta/info.json, RLDS
    metadata.json, a CALVIN split's .hydra/merged_config.yaml (in `root`/<split> or `root`)."""
    kind = ds.get("type")
    errors = (OSError, ValueError)
    if kind == "lerobot":
        paths = [os.path.join(root, *METADATA_FILES["lerobot"].split("/"))]
    elif kind == "rlds":
        from .rlds import dataset_root

        paths = [os.path.join(dataset_root(root), *METADATA_FILES["rlds"].split("/"))]
    elif kind == "calvin":
        import yaml

        errors += (yaml.YAMLError,)
        paths = [os.path.join(d, *RATES["calvinConfig"].split("/")) for d in (os.path.join(root, ds.get("split") or "training"), root)]
    else:
        return None, None
    for path in (p for p in paths if os.path.isfile(p)):
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f) if path.endswith(".json") else yaml.safe_load(f)
        except errors:
            return None, path
        return (data if isinstance(data, dict) else None), path
    return None, None


def metadata_convention(ds, root):
    """(convention dict or None, file) from a LeRobot / RLDS dataset's metadata."""
    if ds.get("type") not in ("lerobot", "rlds"):
        return None, None
    meta, path = _metadata(ds, root)
    conv = (meta or {}).get(FACTS["conventionKey"])
    return (conv, path) if isinstance(conv, dict) else (None, None)


def _positive(v):
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 else None


def source_rate(ds, root):
    """(the source's control rate in Hz or None, where it came from): the spec's `control_hz`, its
    dataset's metadata, Playtable's for a CALVIN-layout split Playtable wrote, the built-in data's."""
    kind = ds.get("type")
    if _positive(ds.get("control_hz")):
        return _positive(ds["control_hz"]), "the spec"
    if root:
        value, path = _metadata(ds, root)
        for k in RATES["metadataKeys"].get(kind, "").split("."):
            value = value.get(k) if isinstance(value, dict) else None
        if _positive(value):
            return _positive(value), path
        split = os.path.join(root, ds.get("split") or "training")
        if kind == "calvin" and any(os.path.isfile(os.path.join(d, PLAYTABLE_RECORD)) for d in (split, root)):
            return float(RATES["builtin"]["playtable"]), f"Playtable's ({PLAYTABLE_RECORD})"
    hz = RATES["builtin"].get(kind)
    return (float(hz), "built-in") if hz else (None, None)


def eval_control_rate(entry):
    """(Hz, source) an evaluation entry's robot runs at, what the probe compares latency with and the
    export records: its `control_hz` ("spec"), else its benchmark's built-in rate (Playtable 15 Hz, CALVIN
    30 Hz; also "spec": the spec chose the benchmark), else — no entry, or a benchmark without a rate
    (SimplerEnv) — CALVIN's ("default"). extension/core/probe/index.ts targetControlRate reads the same."""
    entry = entry or {}
    if _positive(entry.get("control_hz")):
        return _positive(entry["control_hz"]), "spec"
    hz = RATES["builtin"].get(entry.get("benchmark"))
    return (float(hz), "spec") if hz else (float(RATES["builtin"]["calvin"]), "default")


def same_rate(a, b):
    """Two control rates are the same within 0.1 % (conventions.ts sameRate)."""
    return abs(a - b) <= 1e-3 * max(a, b)


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


def check_stages(spec, stage_confs, dirs, log=None, inferred=None):
    """[[conversion plan or None per source] per stage]; raises ConventionError (one line) at the first
    source, in order, whose action convention differs without a conversion, whose data contradicts its
    convention (trainer/infer_convention.py) or whose control rate differs from its stage's. A plan is
    (source convention, target convention). `inferred`, a list, receives per stage a list of what each
    source's data says about its convention (None where it could not be read)."""
    tgt = target(spec)
    plans = []
    for si, (st, roots) in enumerate(zip(stage_confs, dirs)):
        name = st.get("name") or f"stage {si}"
        sources = st["datasets"]
        rates = [source_rate(ds, root) for ds, root in zip(sources, roots)]
        stage_plans, stage_inferred = [], []
        for di, (ds, root) in enumerate(zip(sources, roots)):
            where = f"stage {name!r}, dataset {di} ({ds.get('type')} {root})"
            stage_plans.append(_plan(ds, root, where, len(sources) > 1, tgt, log))
            stage_inferred.append(_inferred(ds, root, where, tgt, log))
            problem = _rate_problem(di, sources, rates)
            if problem:
                raise ConventionError(f"{where}: {problem}")
        if log:
            for di, ((hz, origin), ds) in enumerate(zip(rates, sources)):
                if hz is not None:
                    log(f"stage {name!r}, dataset {di} ({ds.get('type')}): control rate {hz:g} Hz ({origin})")
        plans.append(stage_plans)
        if inferred is not None:
            inferred.append(stage_inferred)
    return plans


def _inferred(ds, root, where, tgt, log):
    """What the source's actions and state say about its convention (trainer/infer_convention.py), or
    None when they cannot be read (the loader then names what is wrong); ConventionError when a confident
    inference contradicts the source's convention (the spec's, when it has none)."""
    from . import infer_convention

    if not root or not os.path.exists(root):
        return None  # the loader names a missing dataset
    conv, origin = source_convention(ds, root)
    if conv is None:
        conv, origin = tgt, "the spec's, assumed"
    try:
        got, line = infer_convention.check(ds, root, conv, origin, where)
    except (DataError, OSError, EOFError, zipfile.BadZipFile, KeyError, ValueError, IndexError, TypeError, ImportError) as e:
        # a truncated or corrupt frame file: the loader names it in one line
        if log:
            log(f"{where}: its convention could not be inferred from its data ({e})")
        return None
    if line and (ds.get("convention") or {}).get("infer") is False:
        if log:
            log(f'warning: {line} (not stopped: its "convention" says "infer": false)')
    elif line:
        raise ConventionError(line)
    if log:
        log(f"{where}: inferred from its data: {infer_convention.summary(got)}")
    return {k: {f: got[k][f] for f in ("value", "evidence")} for k in FIELDS}


def _rate_problem(di, sources, rates):
    """Why source `di`'s control rate stops its stage, or None: the stage's rate is its first source's
    with a known rate; a source alone in its stage is never compared."""
    if len(sources) < 2:
        return None
    ref = next((j for j, (hz, _) in enumerate(rates) if hz is not None), None)
    hz, origin = rates[di]
    if hz is None:
        known = f" (dataset {ref}'s is {rates[ref][0]:g} Hz)" if ref is not None else ""
        return (
            f"its control rate is not known (not in the spec, not in its dataset's metadata) and the stage mixes it with "
            f'other sources{known}: add "control_hz" to it'
        )
    ref_hz, ref_origin = rates[ref]
    if same_rate(hz, ref_hz):
        return None
    return (
        f"its control rate is {hz:g} Hz ({origin}), dataset {ref} ({sources[ref].get('type')}) runs at {ref_hz:g} Hz "
        f"({ref_origin}): one action spans a different time, and VLA Lab does not resample — use data recorded at "
        f'{ref_hz:g} Hz, train on it in a stage of its own, or correct "control_hz" if its metadata is wrong'
    )


def _plan(ds, root, where, mixed, tgt, log):
    """The conversion plan of one source (None: its actions follow the spec's convention), or ConventionError."""
    try:
        conv, origin = source_convention(ds, root)
    except ConventionError as e:
        raise ConventionError(f"{where}: {e}") from None
    if conv is None:
        if mixed:
            raise ConventionError(
                f"{where} does not say its action convention and the stage mixes it with other sources: "
                f'add "convention": {{"mode", "frame", "rotation", "gripper": {{"closed", "open"}}}} to it '
                f"(the spec's: {describe(tgt)})"
            )
        if log:
            log(f"{where}: no action convention in its metadata or the spec; assumed the spec's ({describe(tgt)})")
        return None
    diff = differences(conv, tgt)
    if not diff:
        return None
    convertible = {"gripper", "rotation"}
    fixed = [d for k, d in diff if k not in convertible]
    if fixed or not (ds.get("convention") or {}).get("convert"):
        how = (
            "delta/absolute and the frame cannot be converted (they need the robot's state): use a source with the spec's, or change action.convention"
            if fixed
            else 'add "convert": true to its "convention" to convert, or change action.convention'
        )
        raise ConventionError(f"{where}: its actions ({origin}) differ from the spec's convention: {'; '.join(d for _, d in diff)} — {how}")
    if log:
        log(f"{where}: converting its actions ({'; '.join(d for _, d in diff)}) to the spec's convention")
    return (conv, tgt)


# ───────────────────────────── normalisation statistics ─────────────────────────────


def _action_keys(ds):
    a = (ds.get("features") or {}).get("actions") or DEFAULT_FEATURES["lerobot"]["actions"]
    return [a] if isinstance(a, str) else list(a)


def declared_action_stats(ds, root):
    """(mean, std, file) a LeRobot dataset declares for its actions — meta/stats.json (v3.0), else
    meta/episodes_stats.jsonl (v2.1) pooled over its episodes — or None when it declares none."""
    keys = _action_keys(ds)
    path = os.path.join(root, *STATS_FILES["lerobot"]["v3"].split("/"))
    try:
        with open(path, encoding="utf-8") as f:
            stats = json.load(f)
        parts = [(np.asarray(stats[k]["mean"], np.float64).ravel(), np.asarray(stats[k]["std"], np.float64).ravel()) for k in keys]
        return np.concatenate([m for m, _ in parts]), np.concatenate([sd for _, sd in parts]), path
    except (OSError, ValueError, KeyError, TypeError):
        pass
    path = os.path.join(root, *STATS_FILES["lerobot"]["v2.1"].split("/"))
    try:
        n, first, second = 0.0, 0.0, 0.0
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                st = json.loads(line)["stats"]
                c = float(np.asarray(st[keys[0]]["count"]).ravel()[0])
                m = np.concatenate([np.asarray(st[k]["mean"], np.float64).ravel() for k in keys])
                sd = np.concatenate([np.asarray(st[k]["std"], np.float64).ravel() for k in keys])
                n, first, second = n + c, first + c * m, second + c * (sd**2 + m**2)
        if n <= 0:
            return None
        mean = first / n
        return mean, np.sqrt(np.maximum(second / n - mean**2, 0.0)), path
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def measured_action_stats(ds, root):
    """(mean, std) over every frame of the LeRobot dataset's data files (the actions column(s) only)."""
    import glob

    import pyarrow as pa
    import pyarrow.parquet as pq

    keys, rows = _action_keys(ds), []
    for path in sorted(glob.glob(os.path.join(root, "data", "**", "*.parquet"), recursive=True)):
        t = pq.read_table(path, columns=keys)
        cols = []
        for k in keys:
            col = t.column(k).combine_chunks()
            flat = col.flatten() if pa.types.is_list(col.type) or pa.types.is_fixed_size_list(col.type) else col
            cols.append(np.asarray(flat.to_numpy(zero_copy_only=False), np.float64).reshape(t.num_rows, -1))
        rows.append(np.concatenate(cols, axis=1))
    if not rows:
        return None
    a = np.concatenate(rows)
    return a.mean(0), a.std(0)


def statistics_problem(declared, measured):
    """None, or the dimensions whose declared mean or std is far from the measured (tolerances in
    schemas/data-sources.json statisticsTolerance, in units of the larger std)."""
    (dm, dsd), (mm, msd) = declared, measured
    if dm.shape != mm.shape or dsd.shape != msd.shape:
        return f"{dm.size} dimensions declared, the data has {mm.size}"
    tol = FACTS["statisticsTolerance"]
    scale = np.maximum.reduce([msd, dsd, 1e-6 + 1e-3 * np.abs(mm)])
    bad = [i for i in range(mm.size) if abs(dm[i] - mm[i]) > tol["mean"] * scale[i] or abs(dsd[i] - msd[i]) > tol["std"] * scale[i]]
    if not bad:
        return None
    shown = "; ".join(f"dimension {i}: mean {dm[i]:.4g} / std {dsd[i]:.4g} declared, {mm[i]:.4g} / {msd[i]:.4g} measured" for i in bad[:3])
    return shown + (f" (and {len(bad) - 3} more)" if len(bad) > 3 else "")


def check_statistics(stage_confs, dirs):
    """One warning line per LeRobot source whose declared action statistics are far from its data's
    (each dataset once). The trainer never uses them; other tools reading the dataset do."""
    out, seen = [], set()
    for si, (st, roots) in enumerate(zip(stage_confs, dirs)):
        for di, (ds, root) in enumerate(zip(st["datasets"], roots)):
            key = (root, tuple(_action_keys(ds)))
            if ds.get("type") != "lerobot" or key in seen:
                continue
            seen.add(key)
            declared = declared_action_stats(ds, root)
            try:
                measured = measured_action_stats(ds, root) if declared else None
            except (OSError, KeyError, ValueError, ImportError):
                measured = None  # the loader names what is wrong with the data files
            problem = measured and statistics_problem(declared[:2], measured)
            if problem:
                name = st.get("name") or f"stage {si}"
                out.append(
                    f"stage {name!r}, dataset {di} (lerobot {root}): the action statistics in {declared[2]} are far from its "
                    f"data's ({problem}); the trainer measures its own, but tools that read the dataset's would normalise "
                    f"wrongly: recompute them"
                )
    return out


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
