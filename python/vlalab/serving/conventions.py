"""The conventions a policy and a benchmark must share, stated once: what a VLA Lab policy emits
and needs (a server declares them), what the Playtable benchmark consumes and provides, and the
check that refuses to evaluate when the two disagree.

The declarations use vla-eval's DimSpec vocabulary (sent in the HELLO handshake, where vla-eval's
orchestrator compares them); the formats name units as well as meaning, because Playtable's relative
actions are CALVIN's `rel_actions` (1.0 = 2 cm / 0.05 rad, clipped to [-1, 1]), not the metres and
radians that vla-eval's own CALVIN benchmark adds in its delta mode: `serve --action-units metric`
converts (to_metric_delta) and declares vla-eval's CALVIN delta specs instead."""

import numpy as np
from vla_eval.specs import GRIPPER_CLOSE_NEG, IMAGE_RGB, LANGUAGE, POSITION_DELTA, ROTATION_EULER, DimSpec

from ..sim.scene import POS_STEP, ROT_STEP

# Camera name in a spec (observation.cameras) → the observation key Playtable (and CALVIN) use.
CAMERA_KEYS = {"static": "rgb_static", "gripper": "rgb_gripper"}
ACTION_DIM = 7

POSITION_REL = DimSpec(
    "position",
    3,
    "delta_xyz_calvin_rel",
    (-1, 1),
    description=f"relative motion in the robot's frame, 1.0 = {POS_STEP * 100:g} cm, clipped to [-1, 1]",
)
ROTATION_REL = DimSpec(
    "rotation", 3, "delta_euler_xyz_calvin_rel", (-1, 1), description=f"relative roll/pitch/yaw, 1.0 = {ROT_STEP:g} rad, clipped to [-1, 1]"
)
STATE_ROBOT_OBS = DimSpec(
    "state", 15, "calvin_robot_obs15", description="CALVIN robot_obs: tcp pos 3, tcp euler 3, gripper width 1, joints 7, gripper action 1"
)


# vla-eval's CALVIN benchmark in delta mode (benchmarks/calvin: POSITION_DELTA, ROTATION_EULER,
# GRIPPER_CLOSE_NEG) adds each action to the last commanded absolute pose [x, y, z, roll, pitch, yaw]
# in metres and radians. Playtable's (CALVIN's rel_actions) 1.0 is POS_STEP m / ROT_STEP rad, clipped
# to [-1, 1]: the conversion is a scale per dimension, the gripper (-1 close, 1 open) unchanged.
ACTION_UNITS = ("calvin-rel", "metric")
METRIC_SCALE = np.array([POS_STEP] * 3 + [ROT_STEP] * 3 + [1.0])


def to_metric_delta(action):
    """A Playtable/CALVIN relative action (7,) as vla-eval's CALVIN delta action: clipped to
    [-1, 1] as the env clips it, then metres and radians."""
    a = np.clip(np.asarray(action, dtype=np.float64).reshape(-1, ACTION_DIM), -1.0, 1.0) * METRIC_SCALE
    return a.reshape(np.shape(action))


def from_metric_delta(action):
    """vla-eval's CALVIN delta (metres, radians) as a Playtable/CALVIN relative action, clipped to [-1, 1]."""
    a = np.asarray(action, dtype=np.float64).reshape(-1, ACTION_DIM) / METRIC_SCALE
    return np.clip(a, -1.0, 1.0).reshape(np.shape(action))


def metric_action_spec():
    """What a server converting to metres/radians declares: vla-eval's CALVIN delta-mode specs."""
    return {"position": POSITION_DELTA, "rotation": ROTATION_EULER, "gripper": GRIPPER_CLOSE_NEG}


def playtable_action_spec():
    """What the Playtable benchmark's env consumes (one action per observation)."""
    return {"position": POSITION_REL, "rotation": ROTATION_REL, "gripper": GRIPPER_CLOSE_NEG}


def playtable_observation_spec(cameras=("static", "gripper")):
    out = {CAMERA_KEYS[c]: IMAGE_RGB for c in cameras}
    out["language"] = LANGUAGE
    out["state"] = STATE_ROBOT_OBS
    return out


def policy_conventions(spec, chunk, protocol, image_keys=None, action_units="calvin-rel"):
    """The conventions of a VLA Lab policy (its resolved spec), as its server states them in
    /config: everything another harness needs to drive it correctly. action_units "metric": the
    server sends vla-eval CALVIN deltas (metres, radians) instead of Playtable's relative units."""
    cams = spec["observation"]["cameras"]
    metric = action_units == "metric"
    keys = {c: (image_keys or {}).get(c, CAMERA_KEYS[c]) for c in cams}
    return {
        "action": {
            "space": "delta",
            "dim": ACTION_DIM,
            "layout": ["x", "y", "z", "roll", "pitch", "yaw", "gripper"],
            "frame": "the robot's base frame as the training data recorded it (Playtable: world; 'mirrored' embodiment: mirrored in x)",
            "rotation": "euler_xyz (relative roll, pitch, yaw)",
            "units": (
                {"position": "m", "rotation": "rad", "scale_from_relative": METRIC_SCALE[:6].tolist()}
                if metric
                else {"position": f"1.0 = {POS_STEP} m", "rotation": f"1.0 = {ROT_STEP} rad"}
            ),
            "range": [-POS_STEP, POS_STEP] if metric else [-1.0, 1.0],
            "reference": "added to the last commanded pose (vla-eval CALVIN delta mode)"
            if metric
            else "CALVIN rel_actions: relative to the commanded target pose",
            "gripper": {"open": 1.0, "close": -1.0, "binary": True},
        },
        "chunk": {
            "size": int(chunk),
            "execution": dict(protocol),
            "returned": "one action per observation: the server executes its chunks itself",
        },
        "cameras": keys,
        "image_size": int(spec["observation"]["image_size"]),
        "image": "RGB uint8 HWC; other sizes are resized (bilinear) to image_size",
        "history": int(spec["policy"]["history"]),
        "control": "synchronous: one action per observation, no wall-clock rate assumed",
        "normalisation": "none on the wire: the policy un-normalises its actions with its training data's statistics and clips to [-1, 1]",
        "language": "task_description, free text",
        "episode_restart": "an observation with episode_restart: true starts a new subtask (history and chunks reset)",
    }


def server_action_spec():
    """A VLA Lab policy's actions: the same convention Playtable's env consumes (it was trained on
    Playtable/CALVIN-layout relative actions)."""
    return playtable_action_spec()


def server_observation_spec(spec, image_keys=None):
    keys = {c: (image_keys or {}).get(c, CAMERA_KEYS[c]) for c in spec["observation"]["cameras"]}
    out = {k: IMAGE_RGB for k in keys.values()}
    out["language"] = LANGUAGE
    return out


class ConventionMismatch(ValueError):
    """The server and the benchmark disagree on a convention: evaluating would score nonsense."""


def check_server(server_info, bench_action, bench_obs, bench_image_size, image_size_fixed, url):
    """Compares a model server's HELLO declarations with the benchmark's: raises ConventionMismatch
    with every disagreement in one line, or returns (image size to render, notes) when they agree.
    A server that declares nothing cannot be checked: the note says so and the first action's shape
    is still checked."""
    from vla_eval.specs import check_specs

    raw_action = server_info.get("action_spec") or {}
    raw_obs = server_info.get("observation_spec") or {}
    params = server_info.get("observation_params") or {}
    try:
        s_action = {k: DimSpec.from_dict(v) for k, v in raw_action.items()}
        s_obs = {k: DimSpec.from_dict(v) for k, v in raw_obs.items()}
    except (KeyError, TypeError, ValueError) as e:
        raise ConventionMismatch(f"the model server at {url} declares unreadable specs ({type(e).__name__}: {e})") from e
    # vla-eval's format "raw" declares nothing ("checkpoint-specific", e.g. its LeRobot server), and its
    # generic "image" observation is any camera: neither can be checked, so neither refuses.
    if s_action and all(v.format == "raw" for v in s_action.values()):
        s_action = {}
    s_obs = {
        k: v
        for k, v in s_obs.items()
        if v.format != "raw" and not (k == "image" and any(b.format == IMAGE_RGB.format for b in bench_obs.values()))
    }
    problems = list(check_specs(s_action, bench_action, s_obs, bench_obs))
    dims = sum(s.dims for s in s_action.values())
    if s_action and dims != ACTION_DIM:
        problems.append(f"action dim: server {dims}, Playtable {ACTION_DIM}")
    for key, declared in (("image_size", params.get("image_size")),):
        if declared is not None and image_size_fixed and int(declared) != int(bench_image_size):
            problems.append(f"{key}: server {declared}, benchmark fixed at {bench_image_size}")
    if problems:
        raise ConventionMismatch(
            f"the model server at {url} ({server_info.get('model_server', 'unknown')}) does not match Playtable's conventions: "
            + "; ".join(problems)
            + " — nothing was evaluated"
        )
    size = int(params.get("image_size") or bench_image_size)
    notes = (
        []
        if s_action
        else [
            f"the model server at {url} declares no action spec (or only vla-eval's 'raw'): its conventions cannot be "
            "checked before the first step; only each action's shape is (7: x, y, z, roll, pitch, yaw, gripper)"
        ]
    )
    return size, notes
