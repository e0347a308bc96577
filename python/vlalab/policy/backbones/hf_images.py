"""An hf: model's own image preprocessing, in torch: the resize, rescale and normalisation its
transformers image processor would apply (sizes, mean and std read from that processor's saved
config), batched, differentiable-free and traceable, so training, evaluation and export all feed
the model what it was pre-trained on. uint8 frames (…, H, W, 3) come from the environment.

Qwen2-VL-style processors also pack each frame into flattened patches with a (t, h, w) grid."""

import math

import torch
import torch.nn as nn

_PIL_LANCZOS, _PIL_BILINEAR, _PIL_BICUBIC = 1, 2, 3


def _triangle(x):
    x = abs(x)
    return 1.0 - x if x < 1.0 else 0.0


def _cubic(x, a=-0.5):  # PIL's bicubic uses a = -0.5 (torch's interpolate uses -0.75)
    x = abs(x)
    if x < 1.0:
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1
    if x < 2.0:
        return (((x - 5) * x + 8) * x - 4) * a
    return 0.0


def _sinc(x):
    return 1.0 if x == 0.0 else math.sin(math.pi * x) / (math.pi * x)


def _lanczos(x):
    return _sinc(x) * _sinc(x / 3.0) if -3.0 <= x < 3.0 else 0.0


# PIL resample code → (kernel, support in input pixels at scale 1)
_FILTERS = {_PIL_BILINEAR: (_triangle, 1.0), _PIL_BICUBIC: (_cubic, 2.0), _PIL_LANCZOS: (_lanczos, 3.0)}


def pil_resample_matrix(in_size, out_size, resample):
    """The (out_size, in_size) matrix of PIL's 8-bit resampling along one axis: its antialiased
    kernel (widened by the scale when shrinking), each row normalised and quantised to PIL's 22-bit
    fixed-point weights, so `round(M @ row)` is PIL's output pixel for pixel (up to float rounding)."""
    kernel, support = _FILTERS.get(resample, _FILTERS[_PIL_BICUBIC])
    scale = in_size / out_size
    filterscale = max(scale, 1.0)
    support *= filterscale
    m = torch.zeros(out_size, in_size, dtype=torch.float64)
    for o in range(out_size):
        center = (o + 0.5) * scale
        lo, hi = max(int(center - support + 0.5), 0), min(int(center + support + 0.5), in_size)
        w = [kernel((i - center + 0.5) / filterscale) for i in range(lo, hi)]
        total = sum(w)
        for i, wi in zip(range(lo, hi), w):
            q = wi / total * (1 << 22)
            m[o, i] = math.floor(q + 0.5) if q >= 0 else math.ceil(q - 0.5)  # PIL rounds half away from zero
    return (m / (1 << 22)).float()


def _round8(x):
    """PIL's 8-bit output: round half up, then clip."""
    return torch.floor(x + 0.5).clamp(0, 255)


def _edge(size, *keys):
    """The first of `keys` set in a processor's size (a dict, or transformers' SizeDict)."""
    if isinstance(size, int):
        return size
    for k in keys:
        v = size.get(k) if isinstance(size, dict) else getattr(size, k, None)
        if v:
            return v
    return None


def qwen_grid(height, width, factor, min_pixels, max_pixels):
    """Qwen2-VL's smart resize: sides multiples of `factor`, area within [min_pixels, max_pixels]."""
    h, w = max(factor, round(height / factor) * factor), max(factor, round(width / factor) * factor)
    if h * w > max_pixels:
        beta = math.sqrt(height * width / max_pixels)
        h, w = max(factor, math.floor(height / beta / factor) * factor), max(factor, math.floor(width / beta / factor) * factor)
    elif h * w < min_pixels:
        beta = math.sqrt(min_pixels / (height * width))
        h, w = math.ceil(height * beta / factor) * factor, math.ceil(width * beta / factor) * factor
    return h, w


class ImageProcessor(nn.Module):
    """uint8 frames (N, H, W, 3) → what the model's vision tower takes for N images."""

    def __init__(self, hf_processor, model_type, frame_size):
        super().__init__()
        p = hf_processor
        self.model_type = model_type
        mean, std = getattr(p, "image_mean", None) or [0.0] * 3, getattr(p, "image_std", None) or [1.0] * 3
        self.normalize = bool(getattr(p, "do_normalize", True))
        self.scale = float(getattr(p, "rescale_factor", 1 / 255)) if getattr(p, "do_rescale", True) else 1.0
        # buffers, not parameters, and not saved: they come from the model directory each time
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(3, 1, 1), persistent=False)
        # resampled as the processor's PIL backend does (bilinear, bicubic or Lanczos, e.g. Idefics3's)
        self.resample = int(getattr(p, "resample", _PIL_BICUBIC) or _PIL_BICUBIC)
        self._matrices = {}
        size, crop = getattr(p, "size", None), None
        if model_type in ("qwen2_vl", "qwen2_5_vl"):
            self.patch, self.temporal, self.merge = p.patch_size, p.temporal_patch_size, p.merge_size
            lo = getattr(p, "min_pixels", None) or _edge(size, "shortest_edge")
            hi = getattr(p, "max_pixels", None) or _edge(size, "longest_edge")
            self.resize_to = qwen_grid(frame_size, frame_size, self.patch * self.merge, lo, hi)
        elif model_type in ("idefics3", "smolvlm"):
            # the global image only (the processor's do_image_splitting=False form): one view per frame
            edge = _edge(getattr(p, "max_image_size", None), "longest_edge") or _edge(size, "longest_edge")
            self.resize_to = (edge, edge)
        elif _edge(size, "shortest_edge"):
            edge = _edge(size, "shortest_edge")
            self.resize_to = (edge, edge)  # square frames: shortest edge = both
            if getattr(p, "do_center_crop", False):
                cs = getattr(p, "crop_size", None)
                crop = (_edge(cs, "height") or edge, _edge(cs, "width") or edge)
        else:
            self.resize_to = (_edge(size, "height"), _edge(size, "width"))
        self.crop = crop
        self.out_size = crop or self.resize_to

    def forward(self, frames):
        x = frames.movedim(-1, -3).float()  # (N, 3, H, W), 0..255
        if tuple(x.shape[-2:]) != tuple(self.resize_to):
            x = self.resize(x)
        if self.crop is not None and tuple(x.shape[-2:]) != tuple(self.crop):
            top, left = (x.shape[-2] - self.crop[0]) // 2, (x.shape[-1] - self.crop[1]) // 2
            x = x[..., top : top + self.crop[0], left : left + self.crop[1]]
        x = x * self.scale
        if self.normalize:
            x = (x - self.mean) / self.std
        return x

    def resize(self, x):
        """(N, 3, H, W) 0..255 → resize_to, as PIL resizes an 8-bit image: the horizontal pass first,
        rounded and clipped to 8 bits, then the vertical pass (each skipped when its size is kept).
        Two constant matrices per frame size, so it batches, runs on any device and exports."""
        (h, w), (oh, ow) = x.shape[-2:], self.resize_to
        if (h, w) not in self._matrices:
            self._matrices[(h, w)] = (pil_resample_matrix(h, oh, self.resample), pil_resample_matrix(w, ow, self.resample))
        mh, mw = (m.to(x.device) for m in self._matrices[(h, w)])
        if w != ow:
            x = _round8(x @ mw.T)
        if h != oh:
            x = _round8(mh @ x)
        return x

    def pack_qwen(self, x):
        """Normalised frames (N, 3, H, W) → (N·t·h·w, 3·temporal·patch²) patches and the (N, 3) grid, in
        Qwen2-VL's order (each merge×merge block of patches contiguous; a still frame repeated in time)."""
        n, c, height, width = x.shape
        p, m, tp = self.patch, self.merge, self.temporal
        gh, gw = height // p, width // p
        x = x[:, None].expand(n, tp, c, height, width)
        x = x.reshape(n, 1, tp, c, gh // m, m, p, gw // m, m, p)
        x = x.permute(0, 1, 4, 7, 5, 8, 3, 2, 6, 9)
        patches = x.reshape(n * gh * gw, c * tp * p * p)
        grid = torch.tensor([[1, gh, gw]], dtype=torch.long, device=x.device).expand(n, 3)
        return patches, grid
