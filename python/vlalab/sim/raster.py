"""Batched numpy rasteriser: perspective cameras and filled convex polygons over n images.

Each polygon call fills the same kind of polygon in every image of the batch at once, on a
window the size of the largest per-image bounding box, so the cost scales with the area the
shape covers rather than the image size."""
import numpy as np


def look_at(eye, target, up=(0.0, 0.0, 1.0)):
    """Rotation (3,3) whose rows are the camera's right, up and forward axes."""
    eye, target, up = (np.asarray(v, dtype=np.float64) for v in (eye, target, up))
    fwd = target - eye
    fwd /= np.linalg.norm(fwd)
    right = np.cross(fwd, up)
    right /= np.linalg.norm(right)
    cam_up = np.cross(right, fwd)
    return np.stack([right, cam_up, fwd])


class Camera:
    """A pinhole camera; eye (3,) or (n,3), rot (3,3) or (n,3,3), vertical field of view."""

    def __init__(self, eye, rot, fov_deg, size, near=0.02):
        self.eye = np.asarray(eye, dtype=np.float64)
        self.rot = np.asarray(rot, dtype=np.float64)
        self.size = size
        self.focal = 0.5 * size / np.tan(np.radians(fov_deg) / 2)
        self.near = near

    def project(self, pts):
        """pts (n,k,3) world → (n,k,2) pixel coords (x right, y down), (n,k) depth."""
        rel = pts - (self.eye[:, None, :] if self.eye.ndim == 2 else self.eye)
        if self.rot.ndim == 3:
            cam = np.einsum("nij,nkj->nki", self.rot, rel)
        else:
            cam = rel @ self.rot.T
        depth = cam[..., 2]
        z = np.maximum(depth, self.near)
        half = 0.5 * self.size
        px = half + self.focal * cam[..., 0] / z
        py = half - self.focal * cam[..., 1] / z
        return np.stack([px, py], -1), depth


def fill_convex(img, pts, color, mask=None, target=None):
    """Fill convex polygons: img (n,H,W,3) uint8, pts (m,k,2) pixel coords, color (3,) or
    (m,3), mask (m,) bool selects the polygons to draw, target (m,) the image each polygon goes
    to (default: polygon i into image i)."""
    h, w = img.shape[1:3]
    m_all = pts.shape[0]
    idx = np.arange(m_all) if mask is None else np.flatnonzero(mask)
    if idx.size == 0:
        return
    p = pts[idx].astype(np.float32)
    px, py = p[..., 0], p[..., 1]
    x0 = np.maximum(np.floor(px.min(1)), 0).astype(np.int64)
    x1 = np.minimum(np.ceil(px.max(1)), w).astype(np.int64)
    y0 = np.maximum(np.floor(py.min(1)), 0).astype(np.int64)
    y1 = np.minimum(np.ceil(py.max(1)), h).astype(np.int64)
    keep = (x1 > x0) & (y1 > y0)
    if not keep.all():
        idx, px, py, x0, x1, y0, y1 = idx[keep], px[keep], py[keep], x0[keep], x1[keep], y0[keep], y1[keep]
        if idx.size == 0:
            return
    wx, wy = int((x1 - x0).max()), int((y1 - y0).max())
    gx = x0[:, None] + np.arange(wx)  # (m, wx)
    gy = y0[:, None] + np.arange(wy)  # (m, wy)
    cx = (gx + 0.5).astype(np.float32)[:, None, :]
    cy = (gy + 0.5).astype(np.float32)[:, :, None]
    k = px.shape[1]
    nx = np.concatenate([px[:, 1:], px[:, :1]], 1)
    ny = np.concatenate([py[:, 1:], py[:, :1]], 1)
    area = (px * ny - nx * py).sum(1)
    flip = area < 0
    inside = (gx < x1[:, None])[:, None, :] & (gy < y1[:, None])[:, :, None]
    ex_all = np.where(flip[:, None], px - nx, nx - px)
    ey_all = np.where(flip[:, None], py - ny, ny - py)
    for j in range(k):
        e = (ex_all[:, j, None, None] * (cy - py[:, j, None, None])
             - ey_all[:, j, None, None] * (cx - px[:, j, None, None]))
        inside &= e >= 0
    m, yy, xx = np.nonzero(inside)
    if m.size == 0:
        return
    dest = idx[m] if target is None else np.asarray(target)[idx[m]]
    col = np.asarray(color)
    img[dest, gy[m, yy], gx[m, xx]] = col[idx[m]] if col.ndim == 2 else col


# unit box corners and faces (outward normal, corner indices counter-clockwise seen from outside)
_CORNERS = np.array([[sx, sy, sz] for sz in (-1, 1) for sy in (-1, 1) for sx in (-1, 1)], float)
_FACES = (
    (np.array([0, 0, 1.0]), (4, 5, 7, 6), 1.00),
    (np.array([0, -1.0, 0]), (0, 1, 5, 4), 0.80),
    (np.array([1.0, 0, 0]), (1, 3, 7, 5), 0.65),
    (np.array([-1.0, 0, 0]), (0, 4, 6, 2), 0.65),
    (np.array([0, 1.0, 0]), (2, 6, 7, 3), 0.55),
)


def box_corners(center, half, yaw=None):
    """center (n,3), half (3,) or (n,3), yaw (n,) → (n,8,3) corners."""
    local = _CORNERS[None] * np.broadcast_to(np.asarray(half, float), center.shape)[:, None, :]
    if yaw is not None:
        c, s = np.cos(yaw)[:, None], np.sin(yaw)[:, None]
        x, y = local[..., 0].copy(), local[..., 1].copy()
        local[..., 0] = c * x - s * y
        local[..., 1] = s * x + c * y
    return center[:, None, :] + local


def draw_box(img, cam, center, half, color, mask=None, yaw=None, top_only=False):
    """Draw the camera-facing faces of boxes (one per image), shaded per face, in one fill."""
    n = img.shape[0]
    corners = box_corners(center, half, yaw)
    pix, depth = cam.project(corners)
    base = np.broadcast_to(np.asarray(color, float), (n, 3))
    mask = np.ones(n, bool) if mask is None else mask
    ok = mask & (depth > cam.near).all(1)
    if not ok.any():
        return
    faces = _FACES[:1] if top_only else _FACES
    eye = cam.eye if cam.eye.ndim == 2 else np.broadcast_to(cam.eye, (n, 3))
    polys, cols, sel = [], [], []
    for normal, ids, shade in faces:
        if normal[2] == 0:
            if yaw is not None:
                c, s = np.cos(yaw), np.sin(yaw)
                nrm = np.stack([c * normal[0] - s * normal[1], s * normal[0] + c * normal[1], np.zeros(n)], 1)
            else:
                nrm = normal
            fc = corners[:, list(ids)].mean(1)
            facing = ((eye - fc) * nrm).sum(1) > 0
            sel.append(ok & facing)
        else:
            sel.append(ok & (eye[:, 2] > corners[:, 7, 2]) if not top_only else ok)
        polys.append(pix[:, list(ids)])
        cols.append((base * shade).astype(np.uint8))
    f = len(polys)
    fill_convex(img, np.stack(polys, 1).reshape(n * f, 4, 2), np.stack(cols, 1).reshape(n * f, 3),
                np.stack(sel, 1).reshape(n * f), np.repeat(np.arange(n), f))


def draw_disc(img, cam, center, radius, color, mask=None, sides=10):
    """A horizontal disc (n,3) centres, drawn as a polygon."""
    ang = np.linspace(0, 2 * np.pi, sides, endpoint=False)
    ring = np.stack([np.cos(ang), np.sin(ang), np.zeros(sides)], 1) * radius
    pts = center[:, None, :] + ring[None]
    pix, depth = cam.project(pts)
    ok = (depth > cam.near).all(1)
    fill_convex(img, pix, color, ok if mask is None else (mask & ok))
