"""Deliberately broken vla-eval model servers for the fault tests (run as a script:
`python fake_model_servers.py <mode> <after>`): each holds the robot still for `after`
observations, then misbehaves — dies (process exit), hangs, answers a wrong shape — or, in mode
absolute, declares conventions Playtable cannot take; in mode raw it declares only vla-eval's "raw"
action and a generic "image" (as vla-eval's LeRobot server does) and holds the robot still. Prints `serving ws://127.0.0.1:<port>`."""

import os
import sys
import time

import anyio
import numpy as np
from vla_eval.model_servers.base import ModelServer
from vla_eval.model_servers.serve import serve_async
from vla_eval.specs import GRIPPER_CLOSE_POS, IMAGE_RGB, LANGUAGE, POSITION_ABSOLUTE, RAW, ROTATION_QUAT

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "python"))
from vlalab.serving.conventions import playtable_action_spec  # noqa: E402


class Broken(ModelServer):
    def __init__(self, mode, after):
        self.mode, self.after, self.seen = mode, after, 0

    async def on_observation(self, obs, ctx):
        self.seen += 1
        if self.seen > self.after:
            if self.mode == "dies":
                os._exit(3)
            if self.mode == "hangs":
                time.sleep(3600)
            if self.mode == "shape":
                await ctx.send_action({"actions": np.zeros(3)})
                return
        still = np.zeros(7)
        still[6] = 1.0
        await ctx.send_action({"actions": still})

    def get_action_spec(self):
        if self.mode == "absolute":
            return {"position": POSITION_ABSOLUTE, "rotation": ROTATION_QUAT, "gripper": GRIPPER_CLOSE_POS}
        if self.mode == "raw":
            return {"actions": RAW}
        return playtable_action_spec()

    def get_observation_spec(self):
        if self.mode == "raw":
            return {"image": IMAGE_RGB, "language": LANGUAGE, "state": RAW}
        cam = "agentview" if self.mode == "absolute" else "rgb_static"
        return {cam: IMAGE_RGB, "language": LANGUAGE}

    def get_observation_params(self):
        return {"image_size": 16}


if __name__ == "__main__":
    server = Broken(sys.argv[1], int(sys.argv[2]))

    async def main():
        async with anyio.create_task_group() as tg:
            port = await tg.start(serve_async, server, "127.0.0.1", 0)
            print(f"serving ws://127.0.0.1:{port}", flush=True)

    anyio.run(main)
