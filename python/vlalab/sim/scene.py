"""Playtable scene: batched state of n desks and their simple kinematic physics (numpy).

World frame: x to the right (seen from the robot), y away from the robot, z up, metres.
The table top is z = 0. Behind the table stands a cabinet whose top is the slider shelf
(z = 0.10) under a sliding lid (the "sliding door", CALVIN joint 0 - 0.56); the drawer sits
under the table's right half and opens towards the robot (joint 0 - 0.24). A button (green LED)
and a switch (light bulb) sit on the table. Three 5 cm blocks (red, blue, pink).

The physics is kinematic but honest: the gripper closing around a block or handle grasps it,
a grasped block follows the gripper (its yaw follows the gripper's yaw), a held handle moves its
joint along its axis within limits, released blocks fall onto the highest surface below them,
a gripper sweeping sideways into a block pushes it, the end effector cannot pass through the
table, the cabinet or the lid.
"""
import numpy as np

BLOCKS = ("red", "blue", "pink")
HALF = 0.025  # block half size
# supports (what a block rests on)
TABLE, SHELF, DRAWER, ON_BLOCK, FLOOR, HELD = 0, 1, 2, 3, 4, 5
# what the gripper holds
HOLD_NONE, HOLD_DRAWER, HOLD_SLIDER = -1, 3, 4

TABLE_X, TABLE_Y = (-0.40, 0.40), (-0.10, 0.10)
SHELF_Y, SHELF_Z = (0.10, 0.26), 0.10
LID_HALF_W, LID_Z = 0.15, (0.20, 0.23)
KNOB_Y, KNOB_Z = 0.125, 0.25
# DRAWER_X, BUTTON_XY, LED_XY and SWITCH_X are scene A's; SCENES moves them in the other scenes
DRAWER_X, DRAWER_DEPTH, DRAWER_FLOOR, DRAWER_TOP = (0.10, 0.34), 0.20, -0.10, -0.01
HANDLE_Z = -0.04
BUTTON_XY, BUTTON_HALF, BUTTON_TOP = (-0.34, -0.05), 0.025, 0.02
LED_XY = (-0.34, 0.04)
SWITCH_X, SWITCH_Y0, SWITCH_RANGE, SWITCH_HALF = 0.34, -0.03, 0.05, (0.02, 0.01, 0.03)
BULB_XYZ = (0.30, 0.27, 0.33)
FLOOR_Z = -0.40
SLIDER_MAX, DRAWER_MAX = 0.56, 0.24
WORKSPACE_LO = np.array([-0.45, -0.40, -0.12])
WORKSPACE_HI = np.array([0.45, 0.30, 0.45])
NEUTRAL_POS = np.array([0.0, -0.05, 0.20])
NEUTRAL_RPY = np.array([np.pi, 0.0, 0.0])
GRIPPER_OPEN_W, GRIPPER_SPEED = 0.08, 0.02
POS_STEP, ROT_STEP = 0.02, 0.05  # metres / radians moved by a relative action of 1.0 (CALVIN: x50, x20)
SLOT_X = {"slider_left": -0.20, "slider_right": 0.20}
SLOT_Y = 0.18
DRAWER_WIDTH = DRAWER_X[1] - DRAWER_X[0]
# The `obstacle` option (Playtable 4): a vertical post of this radius standing on the table, from the
# table top to above the workspace's ceiling, so the hand can only go around it. Touching it is a
# failure rule, not collision physics (physics.post_touched); experts.post_site says where it stands.
POST_RADIUS = 0.02
POST_TOP = float(WORKSPACE_HI[2]) + 0.01

# CALVIN's four environments A, B, C, D (calvin_env's calvin_scene_{A,B,C,D}): the same objects and
# the same 34 tasks, with a different desk texture and different positions of the static elements
# (sliding door, drawer, button, switch). CALVIN's splits train on some and evaluate on another
# (ABC->D: the unseen D). This table is the one owner of the layouts; A is the original Playtable.
#   drawer_x0  left edge of the drawer (DRAWER_WIDTH wide) under the table's front
#   button_x   x of the button (its green LED sits behind it); switch_x: x of the light switch
#   knob_dx    where the sliding door's handle sits along the door, from its centre
#   desk       the table top's colour (RGB)
SCENES = {
    "A": dict(drawer_x0=DRAWER_X[0], button_x=BUTTON_XY[0], switch_x=SWITCH_X, knob_dx=0.0, desk=(175, 135, 92)),
    "B": dict(drawer_x0=-0.34, button_x=0.34, switch_x=-0.34, knob_dx=-0.08, desk=(120, 120, 126)),
    "C": dict(drawer_x0=-0.34, button_x=-0.34, switch_x=0.34, knob_dx=0.08, desk=(196, 180, 150)),
    "D": dict(drawer_x0=0.10, button_x=0.34, switch_x=-0.34, knob_dx=0.08, desk=(92, 64, 46)),
}
SCENE_NAMES = tuple(SCENES)


def check_scene(name):
    if name not in SCENES:
        raise ValueError(f"unknown Playtable scene '{name}': use one of {', '.join(SCENE_NAMES)} (CALVIN's scenes)")
    return name


def parse_scenes(text):
    """'A,B,C' (or 'ABC') -> ['A', 'B', 'C']: the scenes a dataset's episodes are spread over."""
    names = [p.strip() for p in str(text).split(",")] if "," in str(text) else list(str(text).strip())
    if not names:
        raise ValueError("no scenes given: use e.g. A,B,C (CALVIN's scenes A-D)")
    for n in names:
        check_scene(n)
    if len(set(names)) != len(names):
        raise ValueError(f"scene listed twice in '{text}'")
    return names


def split_name(train_scenes, eval_scene):
    """CALVIN's name for a split: ABC->D trains on A, B, C and evaluates on D ('D->D' one scene)."""
    return "".join(sorted(train_scenes)) + "->" + eval_scene


def lid_center_x(slider):
    """The lid covers [c - 0.15, c + 0.15]; slider 0 ("right") puts it over the right slot."""
    return 0.28 - slider


def knob_pos(slider, knob_dx):
    """The sliding door's handle: on the door, `knob_dx` (the scene's) from its centre."""
    s = np.asarray(slider, dtype=np.float64)
    return np.stack([lid_center_x(s) + knob_dx, np.full_like(s, KNOB_Y), np.full_like(s, KNOB_Z)], -1)


def handle_pos(drawer, drawer_x0):
    """The drawer's handle, centred on its front panel (the drawer's left edge is the scene's)."""
    d = np.asarray(drawer, dtype=np.float64)
    x = np.broadcast_to(np.asarray(drawer_x0, dtype=np.float64) + DRAWER_WIDTH / 2, d.shape)
    return np.stack([x, -0.10 - d - 0.015, np.full_like(d, HANDLE_Z)], -1)


def switch_y(switch):
    return SWITCH_Y0 + switch


def wrap_angle(a):
    return (a + np.pi) % (2 * np.pi) - np.pi


class SceneState:
    """Struct of arrays for n environments. Copy with .copy(); index with .take(idx)."""

    FIELDS = ("ee_pos", "ee_rpy", "grip_width", "grip_action", "slider", "drawer", "button",
              "switch", "lightbulb", "led", "block_pos", "block_rpy", "held", "held_offset",
              "held_yaw_offset", "in_drawer", "button_down",
              "scene", "drawer_x0", "button_x", "switch_x", "knob_dx", "desk", "post", "post_xy", "post_hit")

    def __init__(self, n, scene="A"):
        self.n = n
        self.ee_pos = np.tile(NEUTRAL_POS, (n, 1))
        self.ee_rpy = np.tile(NEUTRAL_RPY, (n, 1))
        self.grip_width = np.full(n, GRIPPER_OPEN_W)
        self.grip_action = np.ones(n)
        self.slider = np.zeros(n)
        self.drawer = np.zeros(n)
        self.button = np.zeros(n)
        self.switch = np.zeros(n)
        self.lightbulb = np.zeros(n)
        self.led = np.zeros(n)
        self.block_pos = np.zeros((n, 3, 3))
        self.block_rpy = np.zeros((n, 3, 3))
        self.held = np.full(n, HOLD_NONE, dtype=np.int64)
        self.held_offset = np.zeros((n, 3))
        self.held_yaw_offset = np.zeros(n)
        self.in_drawer = np.zeros((n, 3), dtype=bool)
        self.button_down = np.zeros(n, dtype=bool)
        # the layout of each env's scene (SCENES): static during an episode, set by set_scene
        self.scene = np.zeros(n, dtype=np.int64)
        self.drawer_x0, self.button_x = np.zeros(n), np.zeros(n)
        self.switch_x, self.knob_dx = np.zeros(n), np.zeros(n)
        # the desk's colour (RGB): the scene's, unless training data paints another (dataset `desk`)
        self.desk = np.zeros((n, 3))
        self.set_scene(np.arange(n), scene)
        # the obstacle's post (the `obstacle` option): standing in env i, where, and whether the hand or
        # a held block has touched it (knocked it over: the task has failed)
        self.post = np.zeros(n, dtype=bool)
        self.post_xy = np.zeros((n, 2))
        self.post_hit = np.zeros(n, dtype=bool)

    def set_scene(self, idx, name):
        lay = SCENES[check_scene(name)]
        self.scene[idx] = SCENE_NAMES.index(name)
        for f in ("drawer_x0", "button_x", "switch_x", "knob_dx"):
            getattr(self, f)[idx] = lay[f]
        self.desk[idx] = lay["desk"]

    def scene_names(self):
        return [SCENE_NAMES[k] for k in self.scene]

    def button_xy(self):
        """(n, 2) the button's centre (BUTTON_XY's y in every scene)."""
        return np.stack([self.button_x, np.full(self.n, BUTTON_XY[1])], 1)

    def copy(self):
        out = SceneState.__new__(SceneState)
        out.n = self.n
        for f in self.FIELDS:
            setattr(out, f, getattr(self, f).copy())
        return out

    def take(self, idx):
        out = SceneState.__new__(SceneState)
        idx = np.asarray(idx)
        out.n = len(idx)
        for f in self.FIELDS:
            setattr(out, f, getattr(self, f)[idx].copy())
        return out

    def put(self, idx, other):
        for f in self.FIELDS:
            getattr(self, f)[idx] = getattr(other, f)

    # ----- observations in CALVIN's field order -----
    def scene_obs(self):
        """(n, 24): slider, drawer, button, switch, lightbulb, green light, 3 x (xyz, euler)."""
        blocks = np.concatenate([self.block_pos, self.block_rpy], axis=2).reshape(self.n, 18)
        head = np.stack([self.slider, self.drawer, self.button, self.switch, self.lightbulb,
                         self.led], axis=1)
        return np.concatenate([head, blocks], axis=1).astype(np.float32)

    def robot_obs(self):
        """(n, 15): tcp pos, tcp euler, gripper width, 7 joint angles, gripper action."""
        return np.concatenate([self.ee_pos, self.ee_rpy, self.grip_width[:, None],
                               joint_angles(self.ee_pos, self.ee_rpy, self.grip_width),
                               self.grip_action[:, None]], axis=1).astype(np.float32)


def joint_angles(pos, rpy, width):
    """Seven arm joint angles from an analytic IK of a planar 2-link arm on a yawing base.

    The base stands at (0, -0.55, 0.0); links 0.55 m and 0.50 m. Not Franka's kinematics,
    but a smooth, consistent function of the pose, as joint readings are."""
    base = np.array([0.0, -0.55, 0.0])
    rel = pos - base
    yaw0 = np.arctan2(rel[:, 0], rel[:, 1])
    r = np.hypot(rel[:, 0], rel[:, 1])
    h = rel[:, 2] + 0.10  # wrist sits above the fingertips
    l1, l2 = 0.55, 0.50
    d2 = np.clip(r * r + h * h, 1e-6, (l1 + l2) ** 2 * 0.999)
    cos_elbow = np.clip((d2 - l1 * l1 - l2 * l2) / (2 * l1 * l2), -1.0, 1.0)
    elbow = np.arccos(cos_elbow)
    shoulder = np.arctan2(h, r) + np.arctan2(l2 * np.sin(elbow), l1 + l2 * np.cos(elbow))
    wrist = -(shoulder - elbow) - np.pi / 2 + (rpy[:, 0] - np.pi)
    return np.stack([yaw0, shoulder - np.pi / 2, 0.5 * rpy[:, 1], -elbow, rpy[:, 1],
                     wrist, rpy[:, 2] - yaw0], axis=1)


# ----------------------------------------------------------------------------------------
# surfaces


def static_surface(x, y, drawer, drawer_x0, lid_x=None, for_ee=False):
    """Height of the highest fixed surface under (x, y) (arrays of shape (n,)); `drawer_x0` the
    drawer's left edge (the scene's)."""
    h = np.full(np.shape(x), FLOOR_Z)
    on_table = (x >= TABLE_X[0]) & (x <= TABLE_X[1]) & (y >= TABLE_Y[0]) & (y <= TABLE_Y[1])
    on_shelf = (x >= TABLE_X[0]) & (x <= TABLE_X[1]) & (y > SHELF_Y[0]) & (y <= SHELF_Y[1])
    in_drawer = ((x >= drawer_x0) & (x <= drawer_x0 + DRAWER_WIDTH) & (y >= -0.10 - drawer)
                 & (y < -0.10))
    h = np.where(in_drawer, DRAWER_FLOOR, h)
    h = np.where(on_table, 0.0, h)
    h = np.where(on_shelf, SHELF_Z, h)
    if for_ee and lid_x is not None:
        under_lid = on_shelf & (np.abs(x - lid_x) <= LID_HALF_W)
        h = np.where(under_lid, LID_Z[1], h)
    return h


def _block_surface(s, b, x, y):
    """The fixed surface under block b (per env; `b` an int or an (n,) array of block indices): a
    block lying in the drawer stays on the drawer's floor wherever the drawer carries it — also
    under the table when the drawer is closed (render.py shows only the part pulled out), rather
    than being lifted onto the table top above it."""
    surf = static_surface(x, y, s.drawer, s.drawer_x0)
    flag = s.in_drawer[np.arange(s.n), b]
    inside = flag & (x >= s.drawer_x0) & (x <= s.drawer_x0 + DRAWER_WIDTH)
    return np.where(inside, DRAWER_FLOOR, surf)


def block_supports(s):
    """(n, 3) support code of each block, and (n, 3) index of the block under it (or -1)."""
    n = s.n
    sup = np.full((n, 3), FLOOR, dtype=np.int64)
    below = np.full((n, 3), -1, dtype=np.int64)
    for b in range(3):
        x, y, z = s.block_pos[:, b, 0], s.block_pos[:, b, 1], s.block_pos[:, b, 2]
        bottom = z - HALF
        surf = _block_surface(s, b, x, y)
        resting = np.abs(bottom - surf) < 0.006
        code = np.full(n, FLOOR)
        code = np.where(resting & (np.abs(surf - 0.0) < 1e-9), TABLE, code)
        code = np.where(resting & (np.abs(surf - SHELF_Z) < 1e-9), SHELF, code)
        code = np.where(resting & (np.abs(surf - DRAWER_FLOOR) < 1e-9), DRAWER, code)
        for c in range(3):
            if c == b:
                continue
            on_c = ((np.abs(x - s.block_pos[:, c, 0]) < 2 * HALF * 0.9)
                    & (np.abs(y - s.block_pos[:, c, 1]) < 2 * HALF * 0.9)
                    & (np.abs(bottom - (s.block_pos[:, c, 2] + HALF)) < 0.006)
                    & (s.held != c))
            code = np.where(on_c, ON_BLOCK, code)
            below[:, b] = np.where(on_c, c, below[:, b])
        code = np.where(s.held == b, HELD, code)
        below[:, b] = np.where(s.held == b, -1, below[:, b])
        sup[:, b] = code
    return sup, below


def settle_blocks(s, mask=None):
    """Released blocks fall straight down onto the highest surface below them (lowest first,
    so a block falls onto another block that has already landed)."""
    n = s.n
    if mask is None:
        mask = np.ones(n, dtype=bool)
    order = np.argsort(s.block_pos[:, :, 2], axis=1)
    rows = np.arange(n)
    for k in range(3):
        b = order[:, k]
        pos = s.block_pos[rows, b]
        x, y, z = pos[:, 0], pos[:, 1], pos[:, 2]
        surf = _block_surface(s, b, x, y)
        for c in range(3):
            other = s.block_pos[:, c]
            top = other[:, 2] + HALF
            over = ((c != b) & (np.abs(x - other[:, 0]) < 2 * HALF * 0.9)
                    & (np.abs(y - other[:, 1]) < 2 * HALF * 0.9)
                    & (top <= z - HALF + 0.01) & (s.held != c))
            surf = np.where(over, np.maximum(surf, top), surf)
        free = mask & (s.held != b)
        newz = np.where(free, surf + HALF, z)
        moved = free & (np.abs(newz - z) > 1e-6)
        s.block_pos[rows, b, 2] = newz
        # a fallen block lands flat
        s.block_rpy[rows[moved], b[moved], 0] = 0.0
        s.block_rpy[rows[moved], b[moved], 1] = 0.0
        in_dr = free & (np.abs(surf - DRAWER_FLOOR) < 1e-9)
        # a block pushed over the table's edge tips over it and lands clear of the edge
        tipped = in_dr & ~s.in_drawer[rows, b] & (y > -0.10 - HALF - 0.01) & (s.drawer > 0.07)
        s.block_pos[rows[tipped], b[tipped], 1] = -0.10 - HALF - 0.01
        s.in_drawer[rows[free], b[free]] = in_dr[free]
