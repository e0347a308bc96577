"""Rendering the Playtable: a static oblique camera and a gripper camera looking down from the
hand, batched over environments, drawn with the numpy rasteriser in raster.py.

The static view's fixed furniture (floor, wall, cabinet, table) is drawn once per camera and
size and copied; moving parts are drawn back to front on top of it."""
import numpy as np

from .raster import Camera, draw_box, draw_disc, fill_convex, look_at
from .scene import (
    BULB_XYZ, BUTTON_HALF, BUTTON_TOP, BUTTON_XY, DRAWER, DRAWER_FLOOR, DRAWER_TOP,
    DRAWER_WIDTH, HALF, HANDLE_Z, KNOB_Y, KNOB_Z, LED_XY, LID_HALF_W, LID_Z, POST_RADIUS, POST_TOP, SCENE_NAMES, SCENES, SHELF,
    SHELF_Y, SHELF_Z, SWITCH_HALF, SWITCH_RANGE, SWITCH_X, SWITCH_Y0, block_supports,
    lid_center_x, static_surface, switch_y,
)

BLOCK_COLORS = np.array([[215, 40, 40], [40, 80, 220], [245, 120, 200]], float)
PALETTE = {
    "floor": (55, 55, 62), "wall": (95, 100, 118), "cabinet": (150, 152, 160),
    "shelf": (205, 205, 212), "lid": (238, 236, 222), "knob": (35, 35, 35),
    "drawer_in": (105, 75, 48), "drawer_wall": (150, 108, 70), "drawer_front": (170, 122, 80),
    "handle": (25, 25, 25), "button_base": (70, 70, 74), "button": (225, 225, 225),
    "led_off": (25, 60, 25), "led_on": (70, 255, 70), "switch_base": (60, 60, 64),
    "switch": (250, 250, 250), "bulb_off": (85, 85, 65), "bulb_on": (255, 235, 90),
    "arm": (160, 162, 172), "palm": (70, 70, 75), "finger": (20, 20, 22), "shadow": (0, 0, 0),
    "post": (255, 150, 0),
}
MIRRORED_TABLE = (110, 150, 180)  # the mirrored embodiment's desk (the scene's desk otherwise)

STATIC_CAMERAS = {
    "default": dict(eye=(0.0, -0.52, 0.72), target=(0.0, 0.0, 0.05), fov=54.0),
    "camera-shift": dict(eye=(0.30, -0.50, 0.62), target=(0.03, 0.0, 0.05), fov=58.0),
}


class Renderer:
    """Draws rgb_static and rgb_gripper for a batch of SceneStates."""

    def __init__(self, size, camera="default", table="scene", mirror=False, gripper_cam=True):
        """`table`: "scene" draws each env's scene's desk colour (scene.SCENES), "mirrored" the
        mirrored embodiment's."""
        if size < 8:
            raise ValueError(f"image size {size} is too small: use 8 pixels or more (e.g. 64)")
        self.size = size
        cfg = STATIC_CAMERAS[camera]
        self.static_cam = Camera(cfg["eye"], look_at(cfg["eye"], cfg["target"]), cfg["fov"], size)
        if table not in ("scene", "mirrored"):
            raise ValueError(f"unknown table '{table}': use scene or mirrored")
        self.table = table
        self.mirror = mirror
        self.gripper_cam = gripper_cam
        # the fixed furniture of each (scene, desk colour), drawn once when first seen: (size, size, 3)
        self._backgrounds = {}

    def _table_colors(self, st):
        """(n, 3) desk colour per env: the state's (its scene's unless the data painted another)."""
        if self.table == "mirrored":
            return np.tile(np.array(MIRRORED_TABLE, float), (st.n, 1))
        return np.asarray(st.desk, float)

    def _background(self, st):
        """(n, size, size, 3): each env's fixed furniture."""
        keys = list(zip(st.scene.tolist(), map(tuple, self._table_colors(st).tolist())))
        for key in set(keys) - self._backgrounds.keys():
            self._backgrounds[key] = self._draw_background(SCENE_NAMES[key[0]], key[1])
        return np.stack([self._backgrounds[k] for k in keys])

    # ----------------------------------------------------------------- static view
    def _draw_background(self, scene, desk):
        lay = SCENES[scene]
        s = self.size
        img = np.empty((1, s, s, 3), np.uint8)
        img[:] = PALETTE["floor"]
        cam = self.static_cam
        one = lambda v: np.array([v], float)
        draw_box(img, cam, one((0, 0.30, 0.15)), (0.60, 0.02, 0.35), PALETTE["wall"])
        draw_box(img, cam, one((0, 0.18, -0.01)), (0.40, 0.08, 0.11), PALETTE["cabinet"])
        fill_convex(img, cam.project(np.array([[[-0.4, 0.10, SHELF_Z + 1e-3], [0.4, 0.10, SHELF_Z + 1e-3],
                                                  [0.4, 0.26, SHELF_Z + 1e-3], [-0.4, 0.26, SHELF_Z + 1e-3]]]))[0],
                    PALETTE["shelf"])
        draw_box(img, cam, one((0, 0.0, -0.06)), (0.40, 0.10, 0.06), desk)
        # the drawer's slot in the table's apron
        x0, x1 = lay["drawer_x0"], lay["drawer_x0"] + DRAWER_WIDTH
        fill_convex(img, cam.project(np.array([[[x0, -0.1001, DRAWER_FLOOR - 0.01],
                                                  [x1, -0.1001, DRAWER_FLOOR - 0.01],
                                                  [x1, -0.1001, DRAWER_TOP],
                                                  [x0, -0.1001, DRAWER_TOP]]]))[0], (20, 16, 12))
        draw_box(img, cam, one((lay["button_x"], BUTTON_XY[1], 0.004)), (BUTTON_HALF + 0.008,) * 2 + (0.004,),
                 PALETTE["button_base"])
        draw_box(img, cam, one((lay["switch_x"], SWITCH_Y0 + SWITCH_RANGE / 2, 0.003)),
                 (0.012, SWITCH_RANGE / 2 + 0.02, 0.003), PALETTE["switch_base"])
        return img[0]

    def render_static(self, st, sup=None):
        n, cam = st.n, self.static_cam
        img = np.empty((n, self.size, self.size, 3), np.uint8)
        img[:] = self._background(st)
        sup = block_supports(st)[0] if sup is None else sup
        self._draw_drawer(img, cam, st, sup)
        shelf = sup == SHELF
        for b in range(3):
            draw_box(img, cam, st.block_pos[:, b], (HALF,) * 3, BLOCK_COLORS[b], mask=shelf[:, b],
                     yaw=st.block_rpy[:, b, 2])
        self._draw_lid(img, cam, st)
        self._draw_controls(img, cam, st)
        self._draw_shadow(img, cam, st)
        # table, stacked and held blocks: far to near per image
        rest = ~shelf & (sup != DRAWER)
        depth = ((st.block_pos - cam.eye) @ cam.rot[2])
        order = np.argsort(-np.where(rest, depth, -1e9), axis=1)
        rows = np.arange(n)
        # the obstacle's post (drawn as a square post of its diameter) among them, far to near
        post_c = np.concatenate([st.post_xy, np.full((n, 1), POST_TOP / 2)], 1)
        post_depth = (np.concatenate([st.post_xy, np.full((n, 1), HALF)], 1) - cam.eye) @ cam.rot[2]
        post_todo = st.post.copy()
        for r in range(3):
            b = order[:, r]
            behind = post_todo & rest[rows, b] & (post_depth > depth[rows, b])
            self._draw_post(img, cam, post_c, behind)
            post_todo &= ~behind
            draw_box(img, cam, st.block_pos[rows, b], (HALF,) * 3, BLOCK_COLORS[b],
                     mask=rest[rows, b], yaw=st.block_rpy[rows, b, 2])
        hand_depth = (st.ee_pos - cam.eye) @ cam.rot[2]
        behind = post_todo & (post_depth > hand_depth)
        self._draw_post(img, cam, post_c, behind)
        self._draw_hand(img, cam, st)
        self._draw_post(img, cam, post_c, post_todo & ~behind)
        return img[:, :, ::-1] if self.mirror else img

    @staticmethod
    def _draw_post(img, cam, centre, mask):
        if mask.any():
            draw_box(img, cam, centre, (POST_RADIUS, POST_RADIUS, POST_TOP / 2), PALETTE["post"], mask=mask)

    def _draw_drawer(self, img, cam, st, sup):
        n = st.n
        d = st.drawer
        front = -0.10 - d
        x0, x1 = st.drawer_x0, st.drawer_x0 + DRAWER_WIDTH
        xc, hx = x0 + DRAWER_WIDTH / 2, DRAWER_WIDTH / 2
        out = d > 0.004
        # floor of the part pulled out, side walls, then contents, then the front panel
        z = DRAWER_FLOOR
        pts = np.stack([np.stack([x0, front, np.full(n, z)], 1),
                        np.stack([x1, front, np.full(n, z)], 1),
                        np.stack([x1, np.full(n, -0.10), np.full(n, z)], 1),
                        np.stack([x0, np.full(n, -0.10), np.full(n, z)], 1)], 1)
        fill_convex(img, cam.project(pts)[0], PALETTE["drawer_in"], out)
        for x in (x0, x1):
            c = np.stack([x, front + d / 2, np.full(n, 0.5 * (DRAWER_FLOOR + DRAWER_TOP))], 1)
            half = np.stack([np.full(n, 0.006), d / 2, np.full(n, 0.5 * (DRAWER_TOP - DRAWER_FLOOR))], 1)
            draw_box(img, cam, c, half, PALETTE["drawer_wall"], mask=out)
        for b in range(3):
            visible = (sup[:, b] == DRAWER) & (st.block_pos[:, b, 1] < -0.10)
            draw_box(img, cam, st.block_pos[:, b], (HALF,) * 3, BLOCK_COLORS[b], mask=visible,
                     yaw=st.block_rpy[:, b, 2])
        c = np.stack([xc, front - 0.005, np.full(n, 0.5 * (DRAWER_FLOOR - 0.01 + DRAWER_TOP))], 1)
        draw_box(img, cam, c, (hx, 0.005, 0.5 * (DRAWER_TOP - DRAWER_FLOOR + 0.01)), PALETTE["drawer_front"])
        c = np.stack([xc, front - 0.015, np.full(n, HANDLE_Z)], 1)
        draw_box(img, cam, c, (0.05, 0.008, 0.008), PALETTE["handle"])

    def _draw_lid(self, img, cam, st):
        n = st.n
        lx = lid_center_x(st.slider)
        c = np.stack([lx, np.full(n, 0.5 * (SHELF_Y[0] + SHELF_Y[1])), np.full(n, 0.5 * sum(LID_Z))], 1)
        draw_box(img, cam, c, (LID_HALF_W, 0.5 * (SHELF_Y[1] - SHELF_Y[0]), 0.5 * (LID_Z[1] - LID_Z[0])),
                 PALETTE["lid"])
        # lid legs down to the shelf show how far the door has slid
        for sx in (-1, 1):
            c = np.stack([lx + sx * (LID_HALF_W - 0.01), np.full(n, SHELF_Y[0] + 0.01),
                          np.full(n, 0.5 * (SHELF_Z + LID_Z[0]))], 1)
            draw_box(img, cam, c, (0.01, 0.01, 0.5 * (LID_Z[0] - SHELF_Z)), PALETTE["lid"])
        c = np.stack([lx + st.knob_dx, np.full(n, KNOB_Y), np.full(n, KNOB_Z - 0.005)], 1)
        draw_box(img, cam, c, (0.02, 0.015, 0.02), PALETTE["knob"])

    def _draw_controls(self, img, cam, st):
        n = st.n
        on = st.led > 0.5
        for col, m in ((PALETTE["led_on"], on), (PALETTE["led_off"], ~on)):
            draw_disc(img, cam, np.stack([st.button_x, np.full(n, LED_XY[1]), np.full(n, 0.002)], 1), 0.03, col, m)
        c = np.concatenate([st.button_xy(), np.zeros((n, 1))], 1)
        c[:, 2] = 0.5 * (BUTTON_TOP - st.button) + 0.004
        half = np.stack([np.full(n, BUTTON_HALF - 0.004)] * 2 + [0.5 * (BUTTON_TOP - st.button)], 1)
        draw_box(img, cam, c, half, PALETTE["button"])
        c = np.stack([st.switch_x, switch_y(st.switch), np.full(n, SWITCH_HALF[2])], 1)
        draw_box(img, cam, c, SWITCH_HALF, PALETTE["switch"])
        lit = st.lightbulb > 0.5
        bulb = np.tile(BULB_XYZ, (n, 1))
        bulb[:, 0] += st.switch_x - SWITCH_X  # the bulb hangs above its switch
        pts = bulb[:, None, :] + _vertical_ring(0.045)[None]
        pix = cam.project(pts)[0]
        fill_convex(img, pix, PALETTE["bulb_on"], lit)
        fill_convex(img, pix, PALETTE["bulb_off"], ~lit)

    def _draw_shadow(self, img, cam, st):
        ee = st.ee_pos
        surf = static_surface(ee[:, 0], ee[:, 1], st.drawer, st.drawer_x0)
        for b in range(3):  # the shadow falls on a block under the hand
            bp = st.block_pos[:, b]
            under = ((np.abs(ee[:, 0] - bp[:, 0]) < HALF) & (np.abs(ee[:, 1] - bp[:, 1]) < HALF)
                     & (bp[:, 2] + HALF <= ee[:, 2] + 0.01) & (st.held != b))
            surf = np.where(under, np.maximum(surf, bp[:, 2] + HALF), surf)
        c = np.stack([ee[:, 0], ee[:, 1], surf + 0.002], 1)
        ok = surf > -0.2
        draw_disc(img, cam, c, 0.028, (30, 28, 26), ok, sides=8)

    def _draw_hand(self, img, cam, st):
        n = st.n
        ee, yaw, w = st.ee_pos, st.ee_rpy[:, 2], st.grip_width
        arm = ee + [0, 0, 0.30]
        draw_box(img, cam, arm, (0.018, 0.018, 0.20), PALETTE["arm"])
        draw_box(img, cam, ee + [0, 0, 0.075], (0.045, 0.02, 0.015), PALETTE["palm"], yaw=yaw)
        c, s = np.cos(yaw), np.sin(yaw)
        closed = w < 0.03
        finger_col = np.where(closed[:, None], [[200, 120, 20]], [PALETTE["finger"]])
        for sx in (-1, 1):
            off = sx * (w / 2 + 0.006)
            fc = ee + np.stack([c * off, s * off, np.full(n, 0.03)], 1)
            draw_box(img, cam, fc, (0.006, 0.012, 0.03), finger_col, yaw=yaw)

    # ----------------------------------------------------------------- gripper view
    def render_gripper(self, st, sup=None):
        n, size = st.n, self.size
        img = np.empty((n, size, size, 3), np.uint8)
        if not self.gripper_cam:
            img[:] = 0
            return img
        img[:] = PALETTE["floor"]
        yaw = st.ee_rpy[:, 2]
        eye = st.ee_pos + [0, 0, 0.12]
        # looking straight down; image "up" is the hand's forward direction
        fwd = np.array([0.0, 0.0, -1.0])
        up = np.stack([-np.sin(yaw), np.cos(yaw), np.zeros(n)], 1)
        right = np.cross(np.broadcast_to(fwd, (n, 3)), up)
        rot = np.stack([right, up, np.broadcast_to(fwd, (n, 3))], 1)
        cam = Camera(eye, rot, 80.0, size, near=0.01)
        tb = lambda c, h, col, m=None, yw=None: draw_box(img, cam, c, h, col, mask=m, yaw=yw, top_only=True)
        full = lambda *v: np.tile(np.array(v, float), (n, 1))
        sup = block_supports(st)[0] if sup is None else sup
        d = st.drawer
        out = d > 0.004
        xc, hx = st.drawer_x0 + DRAWER_WIDTH / 2, DRAWER_WIDTH / 2
        tb(np.stack([xc, -0.10 - d / 2, np.full(n, DRAWER_FLOOR)], 1),
           np.stack([np.full(n, hx), d / 2, np.zeros(n)], 1), PALETTE["drawer_in"], out)
        for b in range(3):
            tb(st.block_pos[:, b], (HALF,) * 3, BLOCK_COLORS[b], (sup[:, b] == DRAWER) & (st.block_pos[:, b, 1] < -0.10),
               st.block_rpy[:, b, 2])
        tb(np.stack([xc, -0.10 - d - 0.005, np.full(n, DRAWER_TOP)], 1), (hx, 0.005, 0.0),
           PALETTE["drawer_front"])
        tb(np.stack([xc, -0.115 - d, np.full(n, HANDLE_Z)], 1), (0.05, 0.008, 0.008), PALETTE["handle"])
        tb(full(0, 0, 0), (0.40, 0.10, 0.0), self._table_colors(st))
        tb(full(0, 0.18, SHELF_Z), (0.40, 0.08, 0.0), PALETTE["shelf"])
        on = st.led > 0.5
        led = np.stack([st.button_x, np.full(n, LED_XY[1]), np.full(n, 0.002)], 1)
        tb(led, (0.025, 0.025, 0), PALETTE["led_on"], on)
        tb(led, (0.025, 0.025, 0), PALETTE["led_off"], ~on)
        tb(np.concatenate([st.button_xy(), np.full((n, 1), BUTTON_TOP)], 1), (BUTTON_HALF,) * 2 + (0,), PALETTE["button"])
        tb(np.stack([st.switch_x, switch_y(st.switch), np.full(n, 2 * SWITCH_HALF[2])], 1),
           SWITCH_HALF, PALETTE["switch"])
        for b in range(3):
            tb(st.block_pos[:, b], (HALF,) * 3, BLOCK_COLORS[b], sup[:, b] == SHELF, st.block_rpy[:, b, 2])
        rest = (sup != SHELF) & (sup != DRAWER)
        order = np.argsort(np.where(rest, st.block_pos[:, :, 2], -1e9), axis=1)
        rows = np.arange(n)
        for r in range(3):
            b = order[:, r]
            tb(st.block_pos[rows, b], (HALF,) * 3, BLOCK_COLORS[b], rest[rows, b], st.block_rpy[rows, b, 2])
        lx = lid_center_x(st.slider)
        tb(np.stack([lx, np.full(n, 0.18), np.full(n, LID_Z[1])], 1), (LID_HALF_W, 0.08, 0), PALETTE["lid"])
        tb(np.stack([lx + st.knob_dx, np.full(n, KNOB_Y), np.full(n, KNOB_Z + 0.015)], 1), (0.02, 0.015, 0), PALETTE["knob"])
        # the obstacle's post, seen from above at the fingertips' height (it stands taller than the hand)
        if st.post.any():
            post = np.concatenate([st.post_xy, st.ee_pos[:, 2:3]], 1)
            tb(post, (POST_RADIUS, POST_RADIUS, 0.0), PALETTE["post"], st.post)
        # the fingers, fixed in the image, their gap showing the gripper width
        c, s = np.cos(yaw), np.sin(yaw)
        for sx in (-1, 1):
            off = sx * (st.grip_width / 2 + 0.006)
            fc = st.ee_pos + np.stack([c * off, s * off, np.full(n, 0.01)], 1)
            tb(fc, (0.004, 0.008, 0.0), PALETTE["finger"], None, yaw)
        return img[:, :, ::-1] if self.mirror else img

    def render(self, st):
        sup = block_supports(st)[0]
        return self.render_static(st, sup), self.render_gripper(st, sup)


def _vertical_ring(r, sides=10):
    ang = np.linspace(0, 2 * np.pi, sides, endpoint=False)
    return np.stack([r * np.cos(ang), np.zeros(sides), r * np.sin(ang)], 1)
