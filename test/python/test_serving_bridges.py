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
    code, err = run(
        "vlalab.serving.robovlms_server",
        "--robovlms",
        str(tmp_path),
        "--config",
        str(tmp_path / "c.json"),
        "--checkpoint",
        str(tmp_path / "epoch=0-step=1.ckpt"),
    )
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


FAKE = """
class Fake:  # what serve needs of a vla-eval model server until the first episode
    async def on_serve_start(self, tg):
        pass

    def describe(self):
        return {"policy": "fake"}
"""
SERVE_FAKE = "import sys\nfrom vlalab.serving.server import serve\n" + FAKE + "\nserve(Fake(), '127.0.0.1', 0)\n"


def test_serving_prints_the_line_launchers_parse_and_a_busy_port_is_one_line():
    """vlalab serve and both bridges serve through vlalab.serving.server.serve: once it listens it
    prints the line extension/core/runner/model-server.ts parses; a port in use is a ListenError
    (the callers print its one line), not a stack trace."""
    import json
    import re

    import pytest
    from vlalab.serving.server import ListenError, ready_line, serve

    assert ready_line("::1", 8765, {"a": 1}) == 'serving ws://[::1]:8765 {"a": 1}'
    p = subprocess.Popen([sys.executable, "-c", SERVE_FAKE], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = p.stdout.readline().strip()
        m = re.fullmatch(r"serving ws://127\.0\.0\.1:(\d+) (.*)", line)
        assert m, (line, p.stderr.read() if p.poll() is not None else "")
        assert json.loads(m.group(2)) == {"policy": "fake"}
        ns = {}
        exec(FAKE, ns)
        with pytest.raises(ListenError, match=rf"^cannot listen on 127\.0\.0\.1:{m.group(1)} \(.+\)$"):
            serve(ns["Fake"](), "127.0.0.1", int(m.group(1)))
    finally:
        p.kill()
        p.wait()


def _chunked_server(base):
    """A vla-eval PredictModelServer serving chunks of 3 actions, each chunk filled with the number
    of its inference (1, 2, …), with a policy whose resets are counted (as LeRobot's reset() clears
    its queues)."""
    import numpy as np

    class Policy:
        resets = 0

        def reset(self):
            self.resets += 1

    class Chunks(base):
        def __init__(self):
            super().__init__(chunk_size=3)
            self._policy, self.inferences = Policy(), 0

        def predict(self, obs, ctx):
            self.inferences += 1
            return {"actions": np.full((3, 7), float(self.inferences), dtype=np.float32)}

        async def on_episode_start(self, config, ctx):  # LeRobotModelServer's: reset, then vla-eval's
            self._policy.reset()
            await super().on_episode_start(config, ctx)

    return Chunks


def _first_values(server, observations):
    """The first value of each action the server sends for `observations`, in one episode."""
    import anyio
    from vla_eval.model_servers.base import SessionContext

    sent = []

    async def send(action):
        sent.append(float(action["actions"][0]))

    async def drive():
        async with anyio.create_task_group() as tg:
            await server.on_serve_start(tg)
            ctx = SessionContext("session", "episode")
            ctx._send_action_fn = send
            await server.on_episode_start({"task": {"chain": 0}}, ctx)
            for obs in observations:
                await server.on_observation(obs, ctx)
            tg.cancel_scope.cancel()

    anyio.run(drive)
    return sent


def test_the_lerobot_bridge_starts_each_subtask_of_a_chain_afresh():
    # vla-eval's CALVIN flag marks a chain's next subtask; the in-process evaluator resets the policy
    # there. vla-eval 0.8.0's PredictModelServer resets only at episode start: the bridge adds it.
    from vla_eval.model_servers.predict import PredictModelServer
    from vlalab.serving.lerobot_server import restarting_subtasks

    obs = {"images": {}, "task_description": "open the drawer"}
    restart = {**obs, "episode_restart": True}
    plain = _chunked_server(PredictModelServer)()
    # without the bridge: the first subtask's second and third actions run in the second subtask
    assert _first_values(plain, [obs, restart, obs, obs]) == [1.0, 1.0, 1.0, 2.0] and plain._policy.resets == 1
    bridged = restarting_subtasks(_chunked_server(PredictModelServer))()
    assert type(bridged).__name__ == "Chunks"  # /config names vla-eval's server class
    # with it: a new inference at the restart, its chunk then executed as usual; the policy reset once more
    assert _first_values(bridged, [obs, restart, obs, obs, obs]) == [1.0, 2.0, 2.0, 2.0, 3.0]
    assert bridged._policy.resets == 2 and bridged.inferences == 3
