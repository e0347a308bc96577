"""The 34 CALVIN tasks: names, initial states from CALVIN's descriptors, success conditions
(start state vs end state, as CALVIN's task oracle) and applicability."""
import numpy as np

from .scene import (
    BLOCKS, DRAWER, FLOOR, HALF, HELD, HOLD_NONE, LID_HALF_W, NEUTRAL_POS, NEUTRAL_RPY, ON_BLOCK,
    SHELF, SLOT_X, SLOT_Y, SHELF_Z, TABLE, SceneState, block_supports, lid_center_x, wrap_angle,
)

COLORS = BLOCKS
TASKS = tuple(
    [f"rotate_{c}_block_{d}" for c in COLORS for d in ("right", "left")]
    + [f"push_{c}_block_{d}" for c in COLORS for d in ("right", "left")]
    + ["move_slider_left", "move_slider_right", "open_drawer", "close_drawer"]
    + [f"lift_{c}_block_{w}" for c in COLORS for w in ("table", "slider", "drawer")]
    + ["place_in_slider", "place_in_drawer", "stack_block", "unstack_block",
       "turn_on_lightbulb", "turn_off_lightbulb", "turn_on_led", "turn_off_led", "push_into_drawer"]
)
assert len(TASKS) == 34

SLIDER_VALUE = {"right": 0.0, "left": 0.56}
DRAWER_VALUE = {"closed": 0.0, "open": 0.20}
BLOCK_PLACES = ("table", "slider_left", "slider_right")
# where random table blocks are put (push left/right by 12 cm stays on the table from here)
TABLE_BLOCK_X, TABLE_BLOCK_Y = (-0.16, 0.16), (-0.06, 0.04)


def check_task(task):
    if task not in TASKS:
        raise ValueError(f"unknown task '{task}': expected one of the 34 CALVIN tasks, e.g. open_drawer")
    return task


def random_initial_descriptor(rng):
    """A CALVIN-style initial state descriptor (as in eval_sequences.json)."""
    places = list(rng.choice(BLOCK_PLACES, size=3))
    # at most one block per shelf slot, as in CALVIN's chains
    for slot in ("slider_left", "slider_right"):
        idx = [i for i, p in enumerate(places) if p == slot]
        for i in idx[1:]:
            places[i] = "table"
    return {"led": int(rng.integers(2)), "lightbulb": int(rng.integers(2)),
            "slider": str(rng.choice(["left", "right"])), "drawer": str(rng.choice(["open", "closed"])),
            "red_block": places[0], "blue_block": places[1], "pink_block": places[2], "grasped": 0}


_STREAMS = {"data": 0xDA7A, "eval": 0xE7A1}


def placement_seed(stream, *keys):
    """A seed for build_initial_state from a named stream: gen-data ("data") and evaluation
    ("eval") draw block placements and start poses from disjoint random streams, so evaluation
    scenes are never training scenes."""
    keys = [sum(ord(ch) << (8 * k) for k, ch in enumerate(v[:8])) if isinstance(v, str) else int(v) for v in keys]
    return np.random.SeedSequence([_STREAMS[stream], *keys])


def build_initial_state(descriptors, seed, scene="A"):
    """SceneState for a list of descriptors in `scene` (a CALVIN scene name, scene.SCENES, or one
    per descriptor); block positions, yaws and the start pose of the hand are randomised from
    `seed` (one generator per call, deterministic)."""
    rng = np.random.default_rng(seed)
    n = len(descriptors)
    s = SceneState(n)
    scenes = [scene] * n if isinstance(scene, str) else list(scene)
    if len(scenes) != n:
        raise ValueError(f"build_initial_state got {len(scenes)} scenes for {n} initial states")
    for i, d in enumerate(descriptors):
        s.set_scene([i], scenes[i])
        _check_descriptor(d)
        s.slider[i] = SLIDER_VALUE[d["slider"]]
        s.drawer[i] = DRAWER_VALUE[d["drawer"]]
        s.led[i] = float(d["led"])
        s.lightbulb[i] = float(d["lightbulb"])
        s.switch[i] = 0.05 if d["lightbulb"] else 0.0
        s.ee_pos[i] = NEUTRAL_POS + rng.uniform(-0.02, 0.02, size=3)
        s.ee_rpy[i] = NEUTRAL_RPY + np.array([0.0, 0.0, rng.uniform(-0.1, 0.1)])
        on_table = [b for b, c in enumerate(COLORS) if d[f"{c}_block"] == "table"]
        table_xy = dict(zip(on_table, _spread_on_table(rng, len(on_table))))
        slot_count = {}
        for b, color in enumerate(COLORS):
            where = d[f"{color}_block"]
            if where == "table":
                xy = table_xy[b]
                s.block_pos[i, b] = [xy[0], xy[1], HALF]
            else:
                k = slot_count.get(where, 0)
                slot_count[where] = k + 1
                x = SLOT_X[where] + rng.uniform(-0.02, 0.02) + 0.07 * k * (1 if where == "slider_left" else -1)
                s.block_pos[i, b] = [x, SLOT_Y + rng.uniform(-0.02, 0.02), SHELF_Z + HALF]
            s.block_rpy[i, b, 2] = rng.uniform(-0.6, 0.6)
        if int(d.get("grasped", 0)):
            _start_holding(s, i, on_table[0] if on_table else None)
    return s


def _start_holding(s, i, b):
    """CALVIN's `grasped: 1`: the hand starts holding a block, 10 cm above the table. CALVIN's
    descriptor does not say which block; here it is the first block on the table."""
    if b is None:
        raise ValueError("initial state has grasped: 1 but no block on the table to hold")
    s.block_pos[i, b, 2] = HALF + 0.10
    s.ee_pos[i] = s.block_pos[i, b]
    s.held[i] = b
    s.held_offset[i] = 0.0
    s.held_yaw_offset[i] = wrap_angle(s.block_rpy[i, b, 2] - s.ee_rpy[i, 2])
    s.grip_width[i] = 2 * HALF
    s.grip_action[i] = -1.0


def _spread_on_table(rng, k, gap=0.11):
    """k random (x, y) table spots at least `gap` apart (Chebyshev), so the fingers fit between
    blocks. Rejection-samples the whole set: placing one block at a time can paint itself into a
    corner (two blocks leaving no room for the third)."""
    for _ in range(1000):
        xy = np.stack([rng.uniform(*TABLE_BLOCK_X, size=k), rng.uniform(*TABLE_BLOCK_Y, size=k)], 1)
        if all(np.max(np.abs(xy[a] - xy[b])) > gap for a in range(k) for b in range(a)):
            return xy
    # a fallback that always fits: evenly spread along x with a little jitter
    xs = np.linspace(TABLE_BLOCK_X[0], TABLE_BLOCK_X[1], k) + rng.uniform(-0.02, 0.02, size=k) * (k > 1)
    return np.stack([xs, rng.uniform(*TABLE_BLOCK_Y, size=k)], 1)


def _check_descriptor(d):
    need = ("led", "lightbulb", "slider", "drawer", "red_block", "blue_block", "pink_block")
    missing = [k for k in need if k not in d]
    if missing:
        raise ValueError(f"initial state is missing {', '.join(missing)}: expected CALVIN's keys {need}")
    if d["slider"] not in SLIDER_VALUE or d["drawer"] not in DRAWER_VALUE:
        raise ValueError("initial state: slider must be left/right and drawer open/closed")
    for c in COLORS:
        if d[f"{c}_block"] not in BLOCK_PLACES:
            raise ValueError(f"initial state: {c}_block must be one of {BLOCK_PLACES}")


def describe_state(s, i):
    """CALVIN descriptor of env i's current state (for chain generation and logs)."""
    sup, _ = block_supports(s)
    d = {"led": int(s.led[i] > 0.5), "lightbulb": int(s.lightbulb[i] > 0.5),
         "slider": "left" if s.slider[i] > 0.28 else "right",
         "drawer": "open" if s.drawer[i] > 0.10 else "closed"}
    for b, c in enumerate(COLORS):
        code = sup[i, b]
        if code == SHELF:
            d[f"{c}_block"] = "slider_left" if s.block_pos[i, b, 0] < 0 else "slider_right"
        elif code == DRAWER:
            d[f"{c}_block"] = "drawer"
        elif code == HELD:
            d[f"{c}_block"] = "grasped"
        else:
            d[f"{c}_block"] = "table"
    d["grasped"] = int(0 <= s.held[i] < 3)
    return d


# ----------------------------------------------------------------------------------------
# success (vectorised over envs: start and now are SceneStates of the same n)

def _yaw_delta(start, now, b):
    return (now.block_rpy[:, b, 2] - start.block_rpy[:, b, 2] + np.pi) % (2 * np.pi) - np.pi


def task_success(task, start, now, start_sup=None, now_sup=None):
    """(n,) bool: has `task` been achieved going from `start` to `now`? `start_sup` / `now_sup`
    are block_supports() of the states when the caller already has them."""
    check_task(task)
    s0 = (start_sup if start_sup is not None else block_supports(start))[0]
    s1 = (now_sup if now_sup is not None else block_supports(now))[0]
    parts = task.split("_")
    if task.startswith("rotate_"):
        b = COLORS.index(parts[1])
        dyaw = _yaw_delta(start, now, b)
        tilt = np.maximum(np.abs(now.block_rpy[:, b, 0] - start.block_rpy[:, b, 0]),
                          np.abs(now.block_rpy[:, b, 1] - start.block_rpy[:, b, 1]))
        moved = np.linalg.norm(now.block_pos[:, b] - start.block_pos[:, b], axis=1)
        turned = dyaw < -np.radians(60) if parts[3] == "right" else dyaw > np.radians(60)
        return turned & (tilt < np.radians(30)) & (moved < 0.1) & (s1[:, b] != HELD) & (s1[:, b] != FLOOR)
    if task.startswith("push_") and task != "push_into_drawer":
        b = COLORS.index(parts[1])
        dx = now.block_pos[:, b, 0] - start.block_pos[:, b, 0]
        far = dx > 0.1 if parts[3] == "right" else dx < -0.1
        same = (s0[:, b] == s1[:, b]) & (s1[:, b] != HELD) & (s1[:, b] != FLOOR)
        return far & same
    if task == "move_slider_left":
        return now.slider - start.slider > 0.15
    if task == "move_slider_right":
        return now.slider - start.slider < -0.15
    if task == "open_drawer":
        return now.drawer - start.drawer > 0.12
    if task == "close_drawer":
        return now.drawer - start.drawer < -0.12
    if task.startswith("lift_"):
        b = COLORS.index(parts[1])
        where = {"table": TABLE, "slider": SHELF, "drawer": DRAWER}[parts[3]]
        rise = 0.03 if where == SHELF else 0.05
        dz = now.block_pos[:, b, 2] - start.block_pos[:, b, 2]
        return (s0[:, b] == where) & (s1[:, b] == HELD) & (dz > rise)
    if task in ("place_in_slider", "place_in_drawer"):
        where = SHELF if task == "place_in_slider" else DRAWER
        return ((s0 == HELD) & (s1 == where)).any(axis=1)
    if task == "stack_block":
        return ((s0 != ON_BLOCK) & (s1 == ON_BLOCK)).any(axis=1)
    if task == "unstack_block":
        # the top block is put down somewhere else (CALVIN: it leaves the other block)
        return ((s0 == ON_BLOCK) & (s1 != ON_BLOCK) & (s1 != FLOOR) & (s1 != HELD)).any(axis=1)
    if task == "turn_on_lightbulb":
        return (start.lightbulb < 0.5) & (now.lightbulb > 0.5)
    if task == "turn_off_lightbulb":
        return (start.lightbulb > 0.5) & (now.lightbulb < 0.5)
    if task == "turn_on_led":
        return (start.led < 0.5) & (now.led > 0.5)
    if task == "turn_off_led":
        return (start.led > 0.5) & (now.led < 0.5)
    if task == "push_into_drawer":
        return ((s0 == TABLE) & (s1 == DRAWER)).any(axis=1)
    raise AssertionError(task)


# ----------------------------------------------------------------------------------------
# applicability (per env, from a state): can the task be done from here?

def _free_top(s, i, b, sup, below):
    """Nothing rests on block b."""
    return not any(below[i, c] == b for c in range(3))


def shelf_reachable(s, i, x):
    return abs(x - lid_center_x(s.slider[i])) > LID_HALF_W + 0.035


def free_shelf_x(s, i):
    """An uncovered x on the shelf, away from the blocks there, or None. Spots in the uncovered
    slot (its centre first) come first, so a placed block lands in a named slot (slider_left /
    slider_right) as the symbolic chain model expects."""
    sup, _ = block_supports(s)
    occupied = [s.block_pos[i, b, 0] for b in range(3) if sup[i, b] == SHELF]
    lx = lid_center_x(s.slider[i])
    slot = max(SLOT_X.values(), key=lambda x: abs(x - lx))  # the slot farther from the lid
    for x in sorted(np.linspace(-0.34, 0.34, 69), key=lambda x: abs(x - slot)):
        if shelf_reachable(s, i, x) and all(abs(x - o) > 0.075 for o in occupied):
            return float(x)
    return None


def uncovering_lid_center(x):
    """Where to slide the lid so that a shelf block at x is reachable: the far end of its travel."""
    return -0.28 if x > 0 else 0.28


def free_table_spot(s, i, exclude=-1):
    """An (x, y) on the table at least 8 cm from every other block, or None."""
    others = [s.block_pos[i, b, :2] for b in range(3) if b != exclude]
    for x in np.linspace(TABLE_BLOCK_X[0], TABLE_BLOCK_X[1], 9):
        for y in np.linspace(TABLE_BLOCK_Y[0], TABLE_BLOCK_Y[1], 5):
            if all(np.max(np.abs(np.array([x, y]) - o)) > 0.08 for o in others):
                return float(x), float(y)
    return None


def table_blocks(s, i, sup, below, exclude=-1):
    return [b for b in range(3) if b != exclude and sup[i, b] == TABLE and _free_top(s, i, b, sup, below)]


def is_applicable(task, s, i=0):
    """Can `task` be performed from env i's state (CALVIN's preconditions, in this scene)?"""
    check_task(task)
    sup, below = block_supports(s)
    holding = int(s.held[i])
    free_hand = holding == HOLD_NONE or holding >= 3  # a handle is let go of in a moment
    parts = task.split("_")
    if task.startswith(("rotate_", "lift_")) or (task.startswith("push_") and task != "push_into_drawer"):
        b = COLORS.index(parts[1])
        if not free_hand or not _free_top(s, i, b, sup, below):
            return False
        x = s.block_pos[i, b, 0]
        if task.startswith("rotate_"):
            return sup[i, b] == TABLE
        if task.startswith("push_"):
            if sup[i, b] != TABLE:
                return False
            return x + 0.125 <= 0.31 if parts[3] == "right" else x - 0.125 >= -0.31
        where = parts[3]
        if where == "table":
            return sup[i, b] == TABLE
        if where == "slider":  # under the lid too: the lid is slid off it first (as in CALVIN)
            return sup[i, b] == SHELF
        return sup[i, b] == DRAWER and s.block_pos[i, b, 1] < -0.10 - HALF
    if task == "move_slider_left":
        return free_hand and s.slider[i] < 0.56 - 0.15
    if task == "move_slider_right":
        return free_hand and s.slider[i] > 0.15
    if task == "open_drawer":
        return free_hand and s.drawer[i] < 0.24 - 0.12
    if task == "close_drawer":
        return free_hand and s.drawer[i] > 0.12
    if task == "place_in_slider":
        return 0 <= holding < 3 and free_shelf_x(s, i) is not None
    if task == "place_in_drawer":
        return 0 <= holding < 3 and s.drawer[i] >= 0.12
    if task == "stack_block":
        return 0 <= holding < 3 and len(table_blocks(s, i, sup, below, exclude=holding)) > 0
    if task == "unstack_block":
        return free_hand and bool((sup[i] == ON_BLOCK).any())
    if task in ("turn_on_lightbulb", "turn_off_lightbulb"):
        return free_hand and (s.lightbulb[i] > 0.5) == (task == "turn_off_lightbulb")
    if task in ("turn_on_led", "turn_off_led"):
        return free_hand and (s.led[i] > 0.5) == (task == "turn_off_led")
    if task == "push_into_drawer":
        return free_hand and s.drawer[i] >= 0.12 and len(table_blocks(s, i, sup, below)) > 0
    raise AssertionError(task)
