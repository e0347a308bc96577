"""Rollout videos: H.264 MP4 without audio, or a GIF when ffmpeg is unavailable."""

import json
import shutil
import subprocess

import numpy as np
from vlalab.sim import video


def frames(t=6, size=32):
    f = np.zeros((t, size, size, 3), np.uint8)
    for k in range(t):
        f[k, :, : 4 * (k + 1)] = (200, 40, 40)
    return f


def test_mp4_is_h264_without_audio(tmp_path):
    assert shutil.which("ffprobe"), "ffmpeg/ffprobe are needed: run bash scripts/setup.sh"
    path = video.write_video(str(tmp_path / "clip"), frames(), {"task": "open_drawer", "success": True, "steps": 6})
    assert path.endswith(".mp4")
    out = subprocess.run(["ffprobe", "-v", "error", "-show_streams", "-of", "json", path], capture_output=True, text=True, check=True)
    streams = json.loads(out.stdout)["streams"]
    assert [s["codec_type"] for s in streams] == ["video"]
    assert streams[0]["codec_name"] == "h264" and streams[0]["pix_fmt"] == "yuv420p"
    assert streams[0]["width"] >= 128 and streams[0]["width"] % 2 == 0
    meta = json.load(open(tmp_path / "clip.json"))
    assert meta["task"] == "open_drawer" and meta["video"] == "clip.mp4"


def test_gif_fallback_without_ffmpeg(tmp_path, monkeypatch):
    from PIL import Image as pil  # in python/pyproject.toml's requirements

    monkeypatch.setenv("VLALAB_NO_FFMPEG", "1")
    path = video.write_video(str(tmp_path / "clip"), frames(t=4, size=20), {"task": "t", "success": False, "steps": 4})
    assert path.endswith(".gif")
    img = pil.open(path)
    assert img.n_frames == 4 and min(img.size) >= 128
