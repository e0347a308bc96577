"""One control step of the Playtable's kinematic physics, batched over environments."""
import numpy as np

from .scene import (
    BUTTON_HALF, BUTTON_TOP, DRAWER_MAX, GRIPPER_OPEN_W, GRIPPER_SPEED, HALF,
    HOLD_DRAWER, HOLD_NONE, HOLD_SLIDER, NEUTRAL_RPY, POST_RADIUS, POST_TOP, SHELF_Y, SLIDER_MAX, SWITCH_HALF,
    SWITCH_RANGE, SWITCH_Y0, WORKSPACE_HI, WORKSPACE_LO, handle_pos, knob_pos,
    lid_center_x, settle_blocks, static_surface, switch_y,
)

EE_HALF = 0.02       # half size of the closed fingers' footprint
FINGER_H = 0.06      # fingers reach this far above the tool centre point
ROT_LIMIT = 0.6      # roll/pitch may deviate this much from pointing down


def step_world(s, dpos, drpy, grip_cmd):
    """Advance state `s` in place by one step: dpos (n,3) metres, drpy (n,3) radians,
    grip_cmd (n,) -1 close / +1 open (world frame, already scaled)."""
    n = s.n
    rows = np.arange(n)
    old = s.ee_pos.copy()
    target = np.clip(old + dpos, WORKSPACE_LO, WORKSPACE_HI)

    # --- orientation: yaw free, roll/pitch limited around pointing down
    rpy = s.ee_rpy + drpy
    rpy[:, 0] = np.clip(rpy[:, 0], NEUTRAL_RPY[0] - ROT_LIMIT, NEUTRAL_RPY[0] + ROT_LIMIT)
    rpy[:, 1] = np.clip(rpy[:, 1], -ROT_LIMIT, ROT_LIMIT)
    rpy[:, 2] = np.clip(rpy[:, 2], -np.pi, np.pi)

    # --- held handles: motion along the joint axis moves the joint, the hand stays on the handle
    hd = s.held == HOLD_DRAWER
    if hd.any():
        before = s.drawer.copy()
        s.drawer[hd] = np.clip(s.drawer[hd] - (target[hd, 1] - old[hd, 1]), 0.0, DRAWER_MAX)
        # the drawer carries what lies in it
        s.block_pos[:, :, 1] -= np.where(s.in_drawer, (s.drawer - before)[:, None], 0.0)
        hp = handle_pos(s.drawer[hd], s.drawer_x0[hd])
        target[hd, 1:] = hp[:, 1:]
        target[hd, 0] = old[hd, 0]
    hs = s.held == HOLD_SLIDER
    if hs.any():
        s.slider[hs] = np.clip(s.slider[hs] - (target[hs, 0] - old[hs, 0]), 0.0, SLIDER_MAX)
        kp = knob_pos(s.slider[hs], s.knob_dx[hs])
        target[hs, 0] = kp[:, 0]
        target[hs, 1:] = old[hs, 1:]
    holding_handle = hd | hs

    # --- collisions with fixed surfaces (table, cabinet, lid, drawer floor)
    lid_x = lid_center_x(s.slider)
    hb = (s.held >= 0) & (s.held < 3)
    below_tcp = np.zeros(n)  # how far a held block hangs below the tool centre point
    if hb.any():
        below_tcp[hb] = np.maximum(0.0, -(s.held_offset[hb, 2] - HALF))
    surf_new = static_surface(target[:, 0], target[:, 1], s.drawer, s.drawer_x0, lid_x, for_ee=True) + 0.005
    surf_new = surf_new + below_tcp
    surf_old = static_surface(old[:, 0], old[:, 1], s.drawer, s.drawer_x0, lid_x, for_ee=True) + 0.005
    surf_old = surf_old + below_tcp
    hit = (target[:, 2] < surf_new) & ~holding_handle
    from_above = hit & (old[:, 2] >= surf_new - 1e-6)
    target[from_above, 2] = surf_new[from_above]
    side = hit & ~from_above
    target[side, :2] = old[side, :2]
    target[side, 2] = np.maximum(target[side, 2], surf_old[side])
    # the button is pressed by the fingertips, never passed through
    button = s.button_xy()
    on_button = ((np.abs(target[:, 0] - button[:, 0]) < BUTTON_HALF)
                 & (np.abs(target[:, 1] - button[:, 1]) < BUTTON_HALF))
    target[on_button, 2] = np.maximum(target[on_button, 2], 0.006)

    # --- blocks: landing on top of a block, or pushing it sideways
    open_grip = s.grip_width > 0.045
    for b in range(3):
        free = (s.held != b) & ~holding_handle
        bp = s.block_pos[:, b]
        top = bp[:, 2] + HALF
        reach = EE_HALF + HALF
        dx, dy = target[:, 0] - bp[:, 0], target[:, 1] - bp[:, 1]
        overlap = (np.abs(dx) < reach) & (np.abs(dy) < reach)
        centred = open_grip & (np.abs(dx) < 0.02) & (np.abs(dy) < 0.02)  # between open fingers
        vert = (target[:, 2] < top) & (target[:, 2] + FINGER_H > bp[:, 2] - HALF)
        land = free & overlap & ~centred & (old[:, 2] >= top - 0.002) & (target[:, 2] < top)
        target[land, 2] = top[land]
        push = free & overlap & ~centred & vert & ~land & ~s.in_drawer[:, b]
        if push.any():
            _push_block(s, b, push, target, old)

    # --- gripper: grasp on closing around a block or handle, release on opening
    closing = grip_cmd < 0
    can_grasp = closing & (s.held == HOLD_NONE) & (s.grip_width > 0.05)
    if can_grasp.any():
        _try_grasp(s, can_grasp, target)
    release = (grip_cmd > 0) & (s.held != HOLD_NONE)
    s.held[release] = HOLD_NONE
    closed_target = np.where(s.held >= 3, 0.02, np.where(s.held >= 0, 2 * HALF, 0.0))
    goal_w = np.where(grip_cmd > 0, GRIPPER_OPEN_W, closed_target)
    step = np.clip(goal_w - s.grip_width, -GRIPPER_SPEED, GRIPPER_SPEED)
    s.grip_width = s.grip_width + step
    s.grip_action = np.where(grip_cmd > 0, 1.0, -1.0)

    # --- move the hand; a held block follows position and yaw
    s.ee_pos = target
    s.ee_rpy = rpy
    hb = (s.held >= 0) & (s.held < 3)
    if hb.any():
        idx = rows[hb]
        b = s.held[hb]
        s.block_pos[idx, b] = target[hb] + s.held_offset[hb]
        s.block_rpy[idx, b, 2] = _wrap(rpy[hb, 2] + s.held_yaw_offset[hb])
        s.in_drawer[idx, b] = False

    # --- the button (LED) and the switch (light bulb)
    over_button = ((np.abs(target[:, 0] - button[:, 0]) < BUTTON_HALF)
                   & (np.abs(target[:, 1] - button[:, 1]) < BUTTON_HALF))
    depth = np.where(over_button, np.clip(BUTTON_TOP - target[:, 2], 0.0, 0.014), 0.0)
    s.button = depth
    pressed = depth > 0.01
    toggle = pressed & ~s.button_down
    s.led = np.where(toggle, 1.0 - s.led, s.led)
    s.button_down = pressed
    _move_switch(s, old, target)

    # --- drawer carries its contents; released blocks fall
    settle_blocks(s)

    # --- the obstacle's post: touching it knocks it over (a failure rule, not a collision)
    if s.post.any():
        s.post_hit |= s.post & post_touched(s)


def _square_distance(q, centre, half, yaw=None):
    """(n,) horizontal distance from points q (n,2) to squares of half size `half` around `centre`
    (n,2), turned by `yaw` (n,) (None: axis-aligned); 0 inside."""
    d = q - centre
    if yaw is not None:
        c, s = np.cos(yaw), np.sin(yaw)
        d = np.stack([c * d[:, 0] + s * d[:, 1], -s * d[:, 0] + c * d[:, 1]], 1)
    return np.linalg.norm(np.maximum(np.abs(d) - half, 0.0), axis=1)


def post_touched(s, margin=0.0):
    """(n,) the fingers' footprint (EE_HALF square, as the block contacts above) or a held block's
    footprint (its HALF square, turned with it) reaches within POST_RADIUS (+ margin) of the post's
    axis, below the post's top. False where no post stands."""
    reach = POST_RADIUS + margin
    hand = (_square_distance(s.post_xy, s.ee_pos[:, :2], EE_HALF) < reach) & (s.ee_pos[:, 2] < POST_TOP)
    rows = np.arange(s.n)
    hb = (s.held >= 0) & (s.held < 3)
    b = np.where(hb, s.held, 0)
    bp = s.block_pos[rows, b]
    block = hb & (_square_distance(s.post_xy, bp[:, :2], HALF, s.block_rpy[rows, b, 2]) < reach) \
        & (bp[:, 2] - HALF < POST_TOP)
    return s.post & (hand | block)


def _wrap(a):
    return (a + np.pi) % (2 * np.pi) - np.pi


def _push_block(s, b, push, target, old):
    """Move block b out of the fingers along the dominant direction of the hand's motion;
    blocks in its way are shoved along in the same direction."""
    mv = target - old
    along_x = np.abs(mv[:, 0]) >= np.abs(mv[:, 1])
    reach = EE_HALF + HALF + 1e-4
    bp = s.block_pos[:, b]
    for axis, sel in ((0, push & along_x), (1, push & ~along_x)):
        if not sel.any():
            continue
        sign = np.sign(mv[sel, axis])
        sign = np.where(sign == 0, np.sign(bp[sel, axis] - target[sel, axis]), sign)
        new = target[sel, axis] + sign * reach
        if axis == 1:  # the cabinet's front wall stops a block on the table
            low = bp[sel, 2] < 0.10
            new = np.where(low, np.minimum(new, SHELF_Y[0] - HALF), new)
        shift = np.zeros(s.n)
        shift[sel] = new - bp[sel, axis]
        s.block_pos[sel, b, axis] = new
        _propagate_push(s, b, sel, axis, np.sign(shift))


def _propagate_push(s, b, sel, axis, sign):
    """A pushed block shoves the blocks in front of it along (rows of up to three blocks);
    `moved` is per environment, so each env resolves its own row."""
    moved = np.zeros((s.n, 3), dtype=bool)
    moved[:, b] = sel
    sgn = np.where(sel, sign, 0.0)  # (n,) direction of the push per env, 0 where none
    for _ in range(2):
        for p in range(3):
            for c in range(3):
                if c == p:
                    continue
                oc, op = s.block_pos[:, c], s.block_pos[:, p]
                ahead = sgn * (oc[:, axis] - op[:, axis]) > 0
                contact = (moved[:, p] & ~moved[:, c] & ahead & (s.held != c)
                           & (np.abs(oc[:, 0] - op[:, 0]) < 2 * HALF)
                           & (np.abs(oc[:, 1] - op[:, 1]) < 2 * HALF)
                           & (np.abs(oc[:, 2] - op[:, 2]) < 2 * HALF))
                if contact.any():
                    s.block_pos[contact, c, axis] = op[contact, axis] + sgn[contact] * (2 * HALF + 1e-4)
                    moved[:, c] |= contact


def _try_grasp(s, cand, tcp):
    n = s.n
    grabbed = np.zeros(n, dtype=bool)
    for b in range(3):
        bp = s.block_pos[:, b]
        ok = (cand & ~grabbed
              & (np.abs(tcp[:, 0] - bp[:, 0]) < 0.02) & (np.abs(tcp[:, 1] - bp[:, 1]) < 0.02)
              & (tcp[:, 2] >= bp[:, 2] - HALF - 0.005) & (tcp[:, 2] <= bp[:, 2] + 0.012)
              # a block in the drawer is reachable only where the drawer is pulled out
              & (~s.in_drawer[:, b] | (bp[:, 1] < -0.10 - HALF + 0.005)))
        # the top block of a stack is the one the fingers meet
        if ok.any():
            s.held[ok] = b
            s.held_offset[ok] = bp[ok] - tcp[ok]
            s.held_yaw_offset[ok] = _wrap(s.block_rpy[ok, b, 2] - s.ee_rpy[ok, 2])
            grabbed |= ok
    hp = handle_pos(s.drawer, s.drawer_x0)
    ok = (cand & ~grabbed & (np.abs(tcp[:, 0] - hp[:, 0]) < 0.05)
          & (np.abs(tcp[:, 1] - hp[:, 1]) < 0.02) & (np.abs(tcp[:, 2] - hp[:, 2]) < 0.025))
    s.held[ok] = HOLD_DRAWER
    grabbed |= ok
    kp = knob_pos(s.slider, s.knob_dx)
    ok = (cand & ~grabbed & (np.abs(tcp[:, 0] - kp[:, 0]) < 0.025)
          & (np.abs(tcp[:, 1] - kp[:, 1]) < 0.025) & (np.abs(tcp[:, 2] - kp[:, 2]) < 0.025))
    s.held[ok] = HOLD_SLIDER


def _move_switch(s, old, new):
    """The switch is a lever sliding along y; the fingers push it from the front or back.
    The bulb goes on past 70 % of its travel and off below 30 % (a detent)."""
    sy = switch_y(s.switch)
    near = (np.abs(new[:, 0] - s.switch_x) < SWITCH_HALF[0] + EE_HALF) & (new[:, 2] < 2 * SWITCH_HALF[2])
    reach = SWITCH_HALF[1] + EE_HALF
    fwd = near & (new[:, 1] > old[:, 1]) & (old[:, 1] <= sy - reach + 1e-3) & (new[:, 1] > sy - reach)
    back = near & (new[:, 1] < old[:, 1]) & (old[:, 1] >= sy + reach - 1e-3) & (new[:, 1] < sy + reach)
    ny = np.where(fwd, new[:, 1] + reach, np.where(back, new[:, 1] - reach, sy))
    s.switch = np.clip(ny - SWITCH_Y0, 0.0, SWITCH_RANGE)
    frac = s.switch / SWITCH_RANGE
    s.lightbulb = np.where(frac > 0.7, 1.0, np.where(frac < 0.3, 0.0, s.lightbulb))
