"""Scripted experts: a waypoint controller per task that emits CALVIN-style relative actions.

Each plan is a list of waypoint functions; a waypoint is computed from the state when it
becomes active (so later waypoints see where a pushed block actually went), and is done when
the hand is there (or stalls against a joint limit) and the gripper has had time to act.
Actions are in the world frame and CALVIN's scale (1.0 = 2 cm / 0.05 rad); the env converts
them to an embodiment's action space.
"""
import numpy as np

from .scene import (
    BUTTON_HALF, BUTTON_XY, DRAWER_WIDTH, HALF, HOLD_DRAWER, HOLD_NONE, LED_XY, NEUTRAL_RPY, POS_STEP, POST_RADIUS, ROT_STEP,
    SHELF_Z, SLIDER_MAX, SLOT_Y, SWITCH_RANGE, SWITCH_Y0, TABLE_X, TABLE_Y, WORKSPACE_HI, WORKSPACE_LO, block_supports,
    handle_pos, knob_pos, lid_center_x, switch_y, wrap_angle,
)
from .physics import EE_HALF, post_touched, step_world
from .scene import DRAWER as DRAWER_SUPPORT
from .tasks import (
    COLORS, ON_BLOCK, check_task, free_shelf_x, free_table_spot, shelf_reachable, table_blocks, task_success,
    uncovering_lid_center,
)

SAFE_Z = 0.30
OPEN, CLOSE = 1.0, -1.0
# Two-route demonstrations: the expert first swings this far left or right (x, metres), chosen at
# random per episode, then follows its plan. From the same observation half the demonstrations go
# one way and half the other: a genuinely multimodal action distribution at the start of each task.
ROUTE_SWING = 0.12
# A push lowers the closed fingers this far behind the block (or the row of blocks) it pushes.
BEHIND = 0.052
# The `obstacle` option (Playtable 4): a post stands at the midpoint of the hand's first leg, from where
# the task starts to the plan's first approach point (post_site). The two-route expert goes around it
# by a waypoint beside it, perpendicular to the leg (left or right at random); the one-route expert, and
# the mean of the two routes, go straight into it. With a post standing, experts move in straight lines.
POST_CLEARANCE = 0.075  # the detour's straight segments pass the post's axis at least this far
POST_SWING_MAX = 0.18   # the farthest beside the post a detour goes; a shorter leg gets no post
POST_PLAN_SEED = 0      # the random stream of the replayed plan that places the post
POST_LEG_START = 0.02   # the post's leg ends at the plan's first waypoint this far from the start (x, y)
POST_PLAN_STEPS = 300   # steps the replayed plan may take
# the replayed plan, after its approach point, must stay this far (beyond touching) from the post, so
# that only the first leg meets it; blocks (standing or pushed) this far beyond overlapping it
POST_AFTER_MARGIN = 0.03
POST_BLOCK_MARGIN = 0.01


class Waypoint:
    __slots__ = ("pos", "yaw", "grip", "wait", "tol")

    def __init__(self, pos, yaw=None, grip=OPEN, wait=0, tol=0.003):
        self.pos, self.yaw, self.grip, self.wait, self.tol = np.asarray(pos, float), yaw, grip, wait, tol


class ScriptedExpert:
    """Solves one task in env i. `noise` (std, in action units) perturbs the motion part; `routes` 2
    makes it approach by one of two detours chosen at random (ROUTE_SWING; around the post where the
    `obstacle` option put one, with straight-line moves), `route` says which."""

    def __init__(self, task, noise=0.0, rng=None, routes=1):
        if routes not in (1, 2):
            raise ValueError(f"expert routes must be 1 or 2, got {routes}")
        self.task = check_task(task)
        self.noise = noise
        self.routes, self.route = routes, 0
        self.rng = rng if rng is not None else np.random.default_rng(0)
        self.plan, self.k, self.active = [], 0, None
        self.settle = 0
        self.stall = 0
        self.last_pos = None
        self.last_grip = OPEN
        self.straight = False
        self.detour_side, self.detouring, self.start_xy = 0, False, None

    def reset(self, s, i):
        self.plan = _PLANS[_family(self.task)](self.task, s, i, self.rng)
        # a post stands (the `obstacle` option): move in straight lines, so a route is a route
        self.straight = bool(s.post[i])
        self.detour_side, self.detouring, self.start_xy = 0, False, s.ee_pos[i, :2].copy()
        if self.routes == 2:
            self.route = -1 if self.rng.random() < 0.5 else 1
            if self.straight:  # around the post, just before the leg it stands on (act, post_site)
                self.detour_side = self.route
            else:
                self.plan = [lambda s, i: _up(s, i, grip=_kept_grip(s, i)), lambda s, i, side=self.route: _detour(s, i, side)] + self.plan
        if s.held[i] >= 3:  # still holding the drawer's handle or the lid's knob: let go first
            self.plan = [lambda s, i: Waypoint(s.ee_pos[i], grip=OPEN, wait=2, tol=0.015),
                         lambda s, i: Waypoint(s.ee_pos[i] + [0, 0, 0.06])] + self.plan
        self.k, self.active, self.settle, self.stall, self.last_pos = 0, None, 0, 0, None
        self.last_grip = 1.0 if s.held[i] == HOLD_NONE else -1.0

    @property
    def done(self):
        return self.k >= len(self.plan)

    def act(self, s, i):
        pos, rpy = s.ee_pos[i], s.ee_rpy[i]
        while True:
            if self.k >= len(self.plan):
                return _hold(self.last_grip)
            if self.active is None:
                wp = self.plan[self.k](s, i)
                if self.detour_side and np.linalg.norm(wp.pos[:2] - self.start_xy) > POST_LEG_START:
                    # the first waypoint away from the start: the leg the post stands on; go around first
                    wp, self.detouring, self.detour_side = _around_post(s, i, self.detour_side), True, 0
                self.active = wp
                self.settle, self.stall = 0, 0
            wp = self.active
            err = wp.pos - pos
            yaw_err = 0.0 if wp.yaw is None else wrap_angle(wp.yaw - rpy[2])
            here = np.append(pos, rpy[2])
            moved = self.last_pos is not None and np.max(np.abs(here - self.last_pos)) > 1e-4
            self.stall = 0 if moved else self.stall + 1
            reached = (np.max(np.abs(err)) < wp.tol and abs(yaw_err) < 0.03) or self.stall > 4
            if reached:
                self.settle += 1
                if self.settle > wp.wait:
                    if self.detouring:  # beside the post: now the waypoint it stood before
                        self.detouring = False
                    else:
                        self.k += 1
                    self.active = None
                    continue
            break
        self.last_pos = np.append(pos, rpy[2])
        a = np.zeros(7)
        if self.straight:  # the largest axis at full speed, the others in proportion: a straight line
            v = err / POS_STEP
            a[:3] = v / max(1.0, float(np.max(np.abs(v))))
        else:
            a[:3] = np.clip(err / POS_STEP, -1, 1)
        a[3:5] = np.clip((NEUTRAL_RPY[:2] - rpy[:2]) / ROT_STEP, -1, 1)
        a[5] = np.clip(yaw_err / ROT_STEP, -1, 1)
        if self.noise > 0:
            a[:6] += self.rng.normal(0.0, self.noise, size=6)
            a[:6] = np.clip(a[:6], -1, 1)
        a[6] = self.last_grip = wp.grip
        return a



def _hold(grip):
    a = np.zeros(7)
    a[6] = grip
    return a


def _detour(s, i, side):
    """ROUTE_SWING to one side (x) at travel height, keeping a held block held."""
    p = s.ee_pos[i].copy()
    p[0] = np.clip(p[0] + side * ROUTE_SWING, WORKSPACE_LO[0] + 0.05, WORKSPACE_HI[0] - 0.05)
    p[2] = max(SAFE_Z, p[2])
    return Waypoint(p, grip=_kept_grip(s, i), tol=0.01)


def post_swing(half_leg):
    """How far beside the post (perpendicular to the leg) the detour's waypoint goes so that both straight
    segments, start -> waypoint -> approach point, pass the post's axis POST_CLEARANCE away (at least
    ROUTE_SWING); None when that is farther than POST_SWING_MAX (the leg is too short for a post)."""
    if half_leg <= POST_CLEARANCE:
        return None
    d = max(ROUTE_SWING, POST_CLEARANCE * half_leg / np.sqrt(half_leg ** 2 - POST_CLEARANCE ** 2))
    return float(d) if d <= POST_SWING_MAX else None


def _around_post(s, i, side):
    """Beside the post, perpendicular to the leg from here to it (side -1: to the leg's right, +1: to
    its left), at travel height, keeping a held block held."""
    p = s.ee_pos[i]
    m = s.post_xy[i]
    leg = m - p[:2]
    h = float(np.linalg.norm(leg))
    perp = np.array([-leg[1], leg[0]]) / max(h, 1e-9)
    xy = m + side * (post_swing(h) or POST_SWING_MAX) * perp
    return Waypoint([xy[0], xy[1], max(SAFE_Z, p[2])], grip=_kept_grip(s, i), tol=0.01)


def post_site(task, s, i):
    """Where the `obstacle` option's post stands for `task` in env i: ((x, y), None), or (None, why not).

    Computed from the state at the task's start alone, so an evaluation places the same post as the
    data generator with no expert acting: the one-route plan of the task is replayed (no noise, a fixed
    random stream, straight-line moves) on a copy of the state. Its first approach point A is the first
    waypoint away from the hand's start S; the post stands at the midpoint of S-A. No post when the leg
    is too short for a detour to clear it ("short"), the midpoint is off the table top ("off-table"), on
    the button, its LED or the switch ("control"), the detour would leave the workspace ("workspace"), a
    block stands or is pushed there ("block"), the plan comes back past it after A ("return"), or the
    replayed plan does not finish the task ("plan")."""
    t = s.take([i])
    t.post[:] = False
    t.post_hit[:] = False
    ex = ScriptedExpert(task, rng=np.random.default_rng(POST_PLAN_SEED))
    ex.reset(t, 0)
    ex.straight = True
    start = t.copy()
    s_xy = t.ee_pos[0, :2].copy()
    m, a_k, why = None, None, None
    for _ in range(POST_PLAN_STEPS):
        if ex.done:
            break
        act = ex.act(t, 0)
        wp = ex.active
        if m is None and wp is not None and np.linalg.norm(wp.pos[:2] - s_xy) > POST_LEG_START:
            a_xy, a_k = wp.pos[:2].copy(), ex.k
            m = 0.5 * (s_xy + a_xy)
            why = _post_spot_problem(t, m, 0.5 * float(np.linalg.norm(a_xy - s_xy)))
            if why is not None:
                return None, why
            t.post_xy[0] = m
        w = np.clip(act, -1.0, 1.0)[None]
        step_world(t, w[:, :3] * POS_STEP, w[:, 3:6] * ROT_STEP, np.where(w[:, 6] > 0, 1.0, -1.0))
        if m is not None:
            free = [b for b in range(3) if t.held[0] != b and t.block_pos[0, b, 2] > 0.0]
            if any(np.linalg.norm(t.block_pos[0, b, :2] - m) < POST_RADIUS + HALF * np.sqrt(2) + POST_BLOCK_MARGIN for b in free):
                return None, "block"
            if ex.k > a_k:
                t.post[:] = True
                back = bool(post_touched(t, margin=POST_AFTER_MARGIN)[0])
                t.post[:] = False
                if back:
                    return None, "return"
        if task_success(task, start, t)[0]:
            return ((float(m[0]), float(m[1])), None) if m is not None else (None, "short")
    return None, "plan"


def _post_spot_problem(s, m, half_leg):
    """Why the post cannot stand at m (None if it can), for a leg of half length `half_leg`."""
    d = post_swing(half_leg)
    if d is None:
        return "short"
    r = POST_RADIUS + 0.01
    if not (TABLE_X[0] + r <= m[0] <= TABLE_X[1] - r and TABLE_Y[0] + r <= m[1] <= TABLE_Y[1] - r):
        return "off-table"
    bx, sx = s.button_x[0], s.switch_x[0]
    if (max(abs(m[0] - bx), abs(m[1] - BUTTON_XY[1])) < BUTTON_HALF + 0.008 + r
            or np.hypot(m[0] - bx, m[1] - LED_XY[1]) < 0.03 + r
            or (abs(m[0] - sx) < 0.012 + r and abs(m[1] - (SWITCH_Y0 + SWITCH_RANGE / 2)) < SWITCH_RANGE / 2 + 0.02 + r)):
        return "control"
    leg = m - s.ee_pos[0, :2]
    perp = np.array([-leg[1], leg[0]]) / max(float(np.linalg.norm(leg)), 1e-9)
    for side in (-1, 1):
        w = m + side * d * perp
        if not (np.all(w >= WORKSPACE_LO[:2] + 0.05) and np.all(w <= WORKSPACE_HI[:2] - 0.05)):
            return "workspace"
    for b in range(3):
        if s.held[0] != b and s.block_pos[0, b, 2] > 0.0 \
                and np.linalg.norm(s.block_pos[0, b, :2] - m) < POST_RADIUS + HALF * np.sqrt(2) + POST_BLOCK_MARGIN:
            return "block"
    return None


def _kept_grip(s, i):
    """Closed while a block is in hand (a detour must not drop it), open otherwise."""
    return CLOSE if 0 <= s.held[i] < HOLD_DRAWER else OPEN


def _family(task):
    if task.startswith("rotate_"):
        return "rotate"
    if task == "push_into_drawer":
        return "push_into_drawer"
    if task.startswith("push_"):
        return "push"
    if task.startswith("lift_"):
        return "lift"
    if task.startswith("move_slider"):
        return "slider"
    if task in ("open_drawer", "close_drawer"):
        return "drawer"
    if task.startswith("place_in"):
        return "place"
    if task in ("turn_on_led", "turn_off_led"):
        return "button"
    if task in ("turn_on_lightbulb", "turn_off_lightbulb"):
        return "switch"
    return task  # stack_block, unstack_block


def _block(task):
    return COLORS.index(task.split("_")[1])


def _up(s, i, grip=OPEN, z=SAFE_Z):
    """Straight up to travel height."""
    p = s.ee_pos[i].copy()
    p[2] = max(z, p[2])
    return Waypoint(p, grip=grip)


def _grasp_steps(b, rise, yaw=None, jitter=0.0):
    """Open above block b, descend, close, lift by `rise`."""
    return [
        lambda s, i: _up(s, i),
        lambda s, i: Waypoint([s.block_pos[i, b, 0], s.block_pos[i, b, 1], SAFE_Z], yaw=yaw),
        lambda s, i: Waypoint(s.block_pos[i, b] + [0, 0, jitter], yaw=yaw),
        lambda s, i: Waypoint(s.ee_pos[i], yaw=yaw, grip=CLOSE, wait=3, tol=0.015),
        lambda s, i: Waypoint(s.ee_pos[i] + [0, 0, rise], yaw=yaw, grip=CLOSE),
    ]


def _plan_lift(task, s, i, rng):
    b = _block(task)
    steps = []
    if task.endswith("_slider") and not shelf_reachable(s, i, s.block_pos[i, b, 0]):
        # the lid still hangs over the block: slide it the rest of the way first
        bx, lx = s.block_pos[i, b, 0], lid_center_x(s.slider[i])
        steps += _knob_steps(uncovering_lid_center(bx) - lx)
    return steps + _grasp_steps(b, rise=0.10, jitter=rng.uniform(-0.004, 0.004))


def _knob_steps(dx):
    """Grasp the lid's knob, move it dx along x, let go."""
    return [
        lambda s, i: _up(s, i),
        lambda s, i: Waypoint(knob_pos(s.slider[i], s.knob_dx[i]) * [1, 1, 0] + [0, 0, SAFE_Z]),
        lambda s, i: Waypoint(knob_pos(s.slider[i], s.knob_dx[i])),
        lambda s, i: Waypoint(s.ee_pos[i], grip=CLOSE, wait=3, tol=0.015),
        lambda s, i: Waypoint(_knob_target(s, i, dx), grip=CLOSE),
        lambda s, i: Waypoint(s.ee_pos[i], grip=OPEN, wait=2, tol=0.015),
        lambda s, i: _up(s, i),
    ]


def _knob_target(s, i, dx):
    """The hand's goal for moving the held knob dx along x, stopping at the door's end of travel:
    aiming past it leaves the hand pushing against the limit (waypoints end on reaching, or on a
    stall, which a noisy wrist never shows)."""
    p = s.ee_pos[i].copy()
    p[0] = knob_pos(np.clip(s.slider[i] - dx, 0.0, SLIDER_MAX), s.knob_dx[i])[0]
    return p


def _plan_rotate(task, s, i, rng):
    b = _block(task)
    turn = -1.0 if task.endswith("right") else 1.0
    start_yaw = -turn * rng.uniform(0.5, 0.7)
    end_yaw = start_yaw + turn * rng.uniform(1.25, 1.4)
    steps = _grasp_steps(b, rise=0.03, yaw=start_yaw)
    steps += [
        lambda s, i: Waypoint(s.ee_pos[i], yaw=end_yaw, grip=CLOSE),
        lambda s, i: Waypoint(s.ee_pos[i] - [0, 0, 0.028], yaw=end_yaw, grip=CLOSE),
        lambda s, i: Waypoint(s.ee_pos[i], yaw=end_yaw, grip=OPEN, wait=2, tol=0.015),
        lambda s, i: Waypoint(s.ee_pos[i] + [0, 0, 0.08], yaw=end_yaw, grip=OPEN),
    ]
    return steps


def _rear_chain(s, i, b, axis, sign):
    """Blocks touching block b from behind (against the push direction), rearmost last: the
    fingers cannot get down between touching blocks, so they push the whole row."""
    row, cur = [b], b
    while True:
        p = s.block_pos[i, cur]
        nxt = None
        for c in range(3):
            if c in row or s.held[i] == c:
                continue
            q = s.block_pos[i, c]
            gap = sign * (p[axis] - q[axis])  # > 0: c is behind cur
            # c is in the row if the fingers lowered BEHIND behind cur would land on it, and pushing
            # c would shove cur along (physics.py: blocks touch within 2 * HALF across the push)
            if 0 < gap < BEHIND + EE_HALF + HALF + 0.005 and abs(p[1 - axis] - q[1 - axis]) < 2 * HALF \
                    and abs(p[2] - q[2]) < HALF:
                nxt = c
        if nxt is None:
            return row
        row.append(nxt)
        cur = nxt


def _sweep(b, axis, sign, travel, z=0.012, stop=None):
    """Closed fingers behind block b (or behind the row of blocks touching it from behind),
    lowered, swept until b is `travel` metres past its start (or the hand reaches `stop`)."""
    row = []

    def behind(s, i):
        row[:] = _rear_chain(s, i, b, axis, sign)
        p = s.block_pos[i, row[-1]].copy()
        p[axis] -= sign * BEHIND
        p[2] = SAFE_Z
        return Waypoint(p, grip=CLOSE)

    def lower(s, i):
        p = s.ee_pos[i].copy()
        p[2] = z
        return Waypoint(p, grip=CLOSE)

    def sweep(s, i):
        p = s.ee_pos[i].copy()
        if stop is not None:
            p[axis] = stop
        else:
            p[axis] = s.block_pos[i, b, axis] + sign * (travel - 0.045 - 2 * HALF * (len(row) - 1))
        return Waypoint(p, grip=CLOSE)

    return [lambda s, i: _up(s, i, grip=CLOSE), behind, lower, sweep,
            lambda s, i: Waypoint(s.ee_pos[i] + [0, 0, 0.08], grip=CLOSE)]


def _plan_push(task, s, i, rng):
    sign = 1.0 if task.endswith("right") else -1.0
    return _sweep(_block(task), 0, sign, travel=rng.uniform(0.125, 0.14))


def drawer_drop_x(s, i, x):
    """An x inside the drawer's width, free of blocks already in it (a block pushed onto another
    one in the drawer would rest on it, not in the drawer), closest to the drawer's centre."""
    sup, _ = block_supports(s)
    inside = [s.block_pos[i, c, 0] for c in range(3) if sup[i, c] == DRAWER_SUPPORT]
    x0 = s.drawer_x0[i]
    lo, hi = x0 + 0.04, x0 + DRAWER_WIDTH - 0.04
    centre = x0 + DRAWER_WIDTH / 2
    for cx in sorted(np.linspace(lo, hi, 9), key=lambda v: abs(v - centre)):
        if all(abs(cx - o) > 2 * HALF + 0.012 for o in inside):
            return float(cx)
    return float(np.clip(x, lo, hi))


def _plan_push_into_drawer(task, s, i, rng):
    sup, below = block_supports(s)
    cands = table_blocks(s, i, sup, below)
    b = cands[0]  # the first free table block in colour order (chains.py mirrors this choice)
    x = s.block_pos[i, b, 0]
    steps = []
    goal = drawer_drop_x(s, i, x)
    if abs(x - goal) > 0.05:
        sign = 1.0 if x < goal else -1.0
        steps += _sweep(b, 0, sign, travel=abs(goal - x))
    # then towards the robot, off the table's edge into the open drawer
    steps += _sweep(b, 1, -1.0, travel=0.0, stop=-0.10)
    return steps


def _plan_slider(task, s, i, rng):
    sign = -1.0 if task == "move_slider_left" else 1.0  # moving left raises the joint
    return _knob_steps(sign * rng.uniform(0.3, 0.6))


def _plan_drawer(task, s, i, rng):
    sign = -1.0 if task == "open_drawer" else 1.0  # opening pulls towards the robot (-y)
    travel = rng.uniform(0.17, 0.22)
    return [
        lambda s, i: _up(s, i),
        lambda s, i: Waypoint(handle_pos(s.drawer[i], s.drawer_x0[i]) * [1, 1, 0] + [0, 0, SAFE_Z]),
        lambda s, i: Waypoint(handle_pos(s.drawer[i], s.drawer_x0[i])),
        lambda s, i: Waypoint(s.ee_pos[i], grip=CLOSE, wait=3, tol=0.015),
        lambda s, i: Waypoint(s.ee_pos[i] + [0, sign * travel, 0], grip=CLOSE),
        lambda s, i: Waypoint(s.ee_pos[i], grip=OPEN, wait=2, tol=0.015),
        lambda s, i: Waypoint(s.ee_pos[i] + [0, 0, 0.10]),
    ]


def _release_at(target_fn):
    """Carry the held block above target (x, y, resting block-centre z), lower, open, rise."""
    def above(s, i):
        x, y, _ = target_fn(s, i)
        return Waypoint([x, y, SAFE_Z], grip=CLOSE)

    def lower(s, i):
        _, _, bz = target_fn(s, i)
        off = s.held_offset[i, 2] if 0 <= s.held[i] < 3 else 0.0
        p = s.ee_pos[i].copy()
        p[2] = bz + 0.004 - off
        return Waypoint(p, grip=CLOSE)

    return [lambda s, i: _up(s, i, grip=CLOSE), above, lower,
            lambda s, i: Waypoint(s.ee_pos[i], grip=OPEN, wait=2, tol=0.015),
            lambda s, i: _up(s, i, z=0.16)]


def _plan_place(task, s, i, rng):
    if task == "place_in_slider":
        x = free_shelf_x(s, i)
        y = SLOT_Y + rng.uniform(-0.015, 0.015)
        return _release_at(lambda s, i: (x, y, SHELF_Z + HALF))
    dy = rng.uniform(0.45, 0.55)
    # beside the blocks already in the drawer (Playtable 4; before, every block was dropped at the
    # drawer's centre, onto the one already there, and the lower one could no longer be lifted out)
    sup, _ = block_supports(s)
    x = s.drawer_x0[i] + DRAWER_WIDTH / 2
    if (sup[i] == DRAWER_SUPPORT).any():
        x = drawer_drop_x(s, i, x)
    return _release_at(lambda s, i: (x, -0.10 - dy * s.drawer[i], -0.10 + HALF))


def _plan_stack(task, s, i, rng):
    sup, below = block_supports(s)
    c = table_blocks(s, i, sup, below, exclude=int(s.held[i]))[0]
    return _release_at(lambda s, i: (s.block_pos[i, c, 0], s.block_pos[i, c, 1],
                                     s.block_pos[i, c, 2] + 2 * HALF))


def _plan_unstack(task, s, i, rng):
    sup, _ = block_supports(s)
    b = int(np.flatnonzero(sup[i] == ON_BLOCK)[0])
    spot = free_table_spot(s, i, exclude=b)
    return _grasp_steps(b, rise=0.06) + _release_at(lambda s, i: (spot[0], spot[1], HALF))


def _plan_button(task, s, i, rng):
    x, y = s.button_x[i] + rng.uniform(-0.008, 0.008), BUTTON_XY[1] + rng.uniform(-0.008, 0.008)
    return [
        lambda s, i: _up(s, i, grip=CLOSE),
        lambda s, i: Waypoint([x, y, SAFE_Z], grip=CLOSE),
        lambda s, i: Waypoint([x, y, 0.0], grip=CLOSE, tol=0.008),
        lambda s, i: Waypoint([x, y, 0.12], grip=CLOSE),
    ]


def _plan_switch(task, s, i, rng):
    on = task == "turn_on_lightbulb"
    sign = 1.0 if on else -1.0  # on: push the lever away from the robot
    x = s.switch_x[i] + rng.uniform(-0.006, 0.006)
    return [
        lambda s, i: _up(s, i, grip=CLOSE),
        lambda s, i: Waypoint([x, switch_y(s.switch[i]) - sign * 0.05, SAFE_Z], grip=CLOSE),
        lambda s, i: Waypoint([x, switch_y(s.switch[i]) - sign * 0.05, 0.02], grip=CLOSE),
        lambda s, i: Waypoint([x, switch_y(0.05 if on else 0.0) - sign * 0.025, 0.02], grip=CLOSE),
        lambda s, i: Waypoint(s.ee_pos[i] - [0, sign * 0.03, 0], grip=CLOSE),
        lambda s, i: Waypoint(s.ee_pos[i] + [0, 0, 0.10], grip=CLOSE),
    ]


_PLANS = {
    "lift": _plan_lift, "rotate": _plan_rotate, "push": _plan_push,
    "push_into_drawer": _plan_push_into_drawer, "slider": _plan_slider, "drawer": _plan_drawer,
    "place": _plan_place, "stack_block": _plan_stack, "unstack_block": _plan_unstack,
    "button": _plan_button, "switch": _plan_switch,
}
