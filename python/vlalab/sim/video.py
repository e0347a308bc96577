"""Rollout videos: H.264 MP4 without audio through ffmpeg when it is on PATH, else an animated
GIF with Pillow. Each video gets a JSON sidecar (task, instruction, success, steps)."""
import json
import os
import shutil
import subprocess

import numpy as np

MIN_SIDE = 128


def _upscale(frames):
    """Nearest-neighbour upscale so the short side is at least MIN_SIDE, with even sides
    (yuv420p needs even dimensions)."""
    h, w = frames.shape[1:3]
    k = max(1, int(np.ceil(MIN_SIDE / min(h, w))))
    if k > 1:
        frames = frames.repeat(k, axis=1).repeat(k, axis=2)
    h, w = frames.shape[1:3]
    return frames[:, : h - h % 2, : w - w % 2]


def ffmpeg_available():
    return shutil.which("ffmpeg") is not None and os.environ.get("VLALAB_NO_FFMPEG") != "1"


def write_video(path_stem, frames, meta, fps=15):
    """Write frames (T,H,W,3) uint8 to `path_stem`.mp4 (or .gif) and `path_stem`.json;
    returns the video's path."""
    frames = _upscale(np.ascontiguousarray(np.asarray(frames, dtype=np.uint8)))
    if frames.ndim != 4 or frames.shape[-1] != 3 or len(frames) == 0:
        raise ValueError("write_video needs frames of shape (T, H, W, 3) with T >= 1")
    os.makedirs(os.path.dirname(os.path.abspath(path_stem)), exist_ok=True)
    if ffmpeg_available():
        path = path_stem + ".mp4"
        _write_mp4(path, frames, fps)
    else:
        path = path_stem + ".gif"
        _write_gif(path, frames, fps)
    with open(path_stem + ".json", "w", encoding="utf-8") as f:
        json.dump({**meta, "video": os.path.basename(path)}, f, indent=1)
    return path


def _write_mp4(path, frames, fps):
    h, w = frames.shape[1:3]
    argv = [shutil.which("ffmpeg"), "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
            "-s", f"{w}x{h}", "-r", str(fps), "-i", "-", "-an", "-c:v", "libx264", "-pix_fmt", "yuv420p",
            "-movflags", "+faststart", path]
    proc = subprocess.run(argv, input=frames.tobytes(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          shell=False, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg could not write {path}: {proc.stderr.decode(errors='replace').strip()[-300:]}")


def _write_gif(path, frames, fps):
    try:
        from PIL import Image
    except ImportError:
        raise RuntimeError("neither ffmpeg nor Pillow is available to write videos: "
                           "install ffmpeg (apt-get install ffmpeg) or python3-pil") from None
    images = [Image.fromarray(f) for f in frames]
    images[0].save(path, save_all=True, append_images=images[1:], duration=int(1000 / fps), loop=0)
