"""python/vlalab/robovlms_cpu.py: RoboVLMs' main.py on a machine without CUDA. A stand-in main.py
does the two CUDA-only things RoboVLMs' does (an nccl process group, `.cuda()` on a batch) and
reports what it saw: the shim must turn them into gloo and a no-op, and run the script as
`python main.py …` would (argv, its own folder first on sys.path, __name__ == "__main__")."""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SHIM = os.path.join(ROOT, "python", "vlalab", "robovlms_cpu.py")

MAIN = """
import json, os, sys
import torch
import torch.distributed as dist
dist.init_process_group(backend="nccl", init_method="tcp://127.0.0.1:%d", rank=0, world_size=1)
t = torch.ones(2).cuda()
print(json.dumps({"backend": dist.get_backend(), "device": str(t.device), "argv": sys.argv,
                  "path0": sys.path[0], "name": __name__}))
dist.destroy_process_group()
"""


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_main_py_runs_on_gloo_with_cuda_a_no_op(tmp_path):
    import torch

    if torch.cuda.is_available():
        pytest.skip("CUDA is available here: the shim replaces nothing (by design)")
    (tmp_path / "main.py").write_text(MAIN % free_port())
    r = subprocess.run(
        [sys.executable, SHIM, "main.py", "--exp_name", "x", "cfg.json"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("vla-lab: RoboVLMs on the CPU, replaced in this process:")
    seen = json.loads(lines[-1])
    assert seen["backend"] == "gloo" and seen["device"] == "cpu"
    assert seen["argv"] == [str(tmp_path / "main.py"), "--exp_name", "x", "cfg.json"]
    assert seen["path0"] == str(tmp_path) and seen["name"] == "__main__"


def test_without_main_py_one_line(tmp_path):
    r = subprocess.run([sys.executable, SHIM, "main.py"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.strip().splitlines() == [
        f"robovlms_cpu.py: main.py not found in {tmp_path} (run it in the RoboVLMs checkout)"
    ]
    r = subprocess.run([sys.executable, SHIM], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
