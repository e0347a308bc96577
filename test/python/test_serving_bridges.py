"""The bridges that serve other frameworks' policies over vla-eval's protocol
(vlalab.serving.lerobot_server, vlalab.serving.robovlms_server) refuse bad input in one line
before loading anything: a host beyond loopback without --allow-remote, a folder that is not a
RoboVLMs checkout, an interpreter without lerobot. (Serving real checkpoints needs the frameworks'
own venvs: docs/experiments.md, "Three frameworks, one Playtable protocol".)"""
import os
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python")}


def run(module, *args):
    r = subprocess.run([sys.executable, "-m", module, *args], env=ENV, capture_output=True, text=True, timeout=120)
    return r.returncode, r.stderr.strip().splitlines()


def test_the_robovlms_bridge_refuses_a_folder_that_is_not_a_checkout(tmp_path):
    code, err = run("vlalab.serving.robovlms_server", "--robovlms", str(tmp_path), "--config", str(tmp_path / "c.json"),
                    "--checkpoint", str(tmp_path / "epoch=0-step=1.ckpt"))
    assert code == 2 and len(err) == 1 and "is not a RoboVLMs checkout" in err[0]


def test_the_bridges_bind_loopback_unless_allowed(tmp_path):
    for module, args in (("vlalab.serving.robovlms_server", ["--config", "c.json"]), ("vlalab.serving.lerobot_server", [])):
        code, err = run(module, "--host", "0.0.0.0", "--checkpoint", "x", *args)
        assert code == 2 and len(err) == 1 and "--allow-remote" in err[0], (module, err)


def test_the_lerobot_bridge_names_a_missing_lerobot_in_one_line(tmp_path):
    try:
        import lerobot  # noqa: F401
        has_lerobot = True
    except ImportError:
        has_lerobot = False
    code, err = run("vlalab.serving.lerobot_server", "--checkpoint", str(tmp_path / "none"), "--image-key", "rgb_static")
    assert code == 2 and len(err) == 1 and "--image-key rgb_static" in err[0]
    if not has_lerobot:  # the project's venv: lerobot lives in a side venv
        code, err = run("vlalab.serving.lerobot_server", "--checkpoint", str(tmp_path / "none"))
        assert code == 2 and len(err) == 1 and "interpreter that has lerobot" in err[0]
