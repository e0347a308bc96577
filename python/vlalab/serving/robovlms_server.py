"""A RoboVLMs checkpoint as a vla-eval model server, through RoboVLMs' own CALVIN policy wrapper
(`eval/calvin/model_wrapper.py`, class CustomModel, imported from a RoboVLMs checkout: nothing of
RoboVLMs is copied here). Then `vla-lab eval --model-server <url>` scores it on Playtable.

Run it with RoboVLMs' interpreter, in its checkout (the wrapper copies `tools/modeling_kosmos2.py`
relative to the working directory, as RoboVLMs' evaluation does):

    cd <RoboVLMs checkout>
    PYTHONPATH=<vla-lab>/python <RoboVLMs venv>/bin/python -m vlalab.serving.robovlms_server \\
        --config <run>/robovlms-config.json --checkpoint <run>/robovlms/checkpoints/…/epoch=E-step=S.ckpt

The wrapper is built as RoboVLMs' `eval/calvin/evaluate_ddp-v2.py` builds it with `--raw_calvin`
(what RoboVLMs' CALVIN evaluation scripts pass): its DiskCalvinDataset trains on CALVIN's
`rel_actions`, so the wrapper's actions are CALVIN relative actions (gripper ±1) — Playtable's
convention, declared so in HELLO and /config. The wrapper executes the first action of the newest
predicted chunk at every step (its `ensemble_action` keeps one chunk): the in-process evaluator's
`execution: first`. It holds one rollout's state (history queues, the LSTM's memory), so the server
drives one episode at a time and calls the wrapper's `reset()` at each episode start and at
`episode_restart` (a new subtask), where RoboVLMs' own rollout calls it.

On a machine without CUDA the two CUDA-only calls are replaced in this process only
(vlalab/robovlms_cpu.py). Imports only the standard library, numpy, torch, vla-eval and RoboVLMs."""

import argparse
import os
import re
import sys
import tempfile
import threading

import anyio
import numpy as np
from vla_eval.model_servers.base import ModelServer
from vla_eval.specs import IMAGE_RGB, LANGUAGE

from .conventions import playtable_action_spec


class RoboVLMsCalvinServer(ModelServer):
    def __init__(self, checkout, config_path, checkpoint, device="cpu"):
        import torch

        from ..robovlms_cpu import patch_for_cpu

        if not os.path.isfile(os.path.join(checkout, "eval", "calvin", "model_wrapper.py")):
            raise FileNotFoundError(f"{checkout} is not a RoboVLMs checkout (no eval/calvin/model_wrapper.py)")
        if not os.path.isfile(checkpoint):
            raise FileNotFoundError(
                f"no RoboVLMs checkpoint {checkpoint} (Lightning's epoch=E-step=S.ckpt; a DeepSpeed folder must be converted first)"
            )
        if device == "cpu" or not torch.cuda.is_available():
            patch_for_cpu()
            device = "cpu"
        os.chdir(checkout)
        for p in (os.path.join(checkout, "eval", "calvin"), checkout):
            if p not in sys.path:
                sys.path.insert(0, p)
        from model_wrapper import CustomModel
        from robovlms.utils.config_utils import load_config  # RoboVLMs' own loader (its eval merge)

        self.configs = load_config(config_path)
        self.checkpoint = checkpoint
        # The wrapper writes its state-dict loading report beside `save_dir`: keep it out of the run.
        self._scratch = tempfile.mkdtemp(prefix="robovlms-server-")
        self.model = CustomModel(
            ckpt_path=checkpoint, configs=self.configs, device=torch.device(device), save_dir=self._scratch, raw_calvin=True
        )
        self.cameras = {"static": "rgb_static", **({"gripper": "rgb_gripper"} if self.configs.get("use_hand_rgb") else {})}
        self.lock = threading.Lock()
        self.session = None
        self._torch = torch

    # ---- vla-eval hooks ------------------------------------------------------------------------
    async def on_episode_start(self, config, ctx):
        self.session = ctx.session_id
        with self.lock:
            self.model.reset()

    async def on_episode_end(self, result, ctx):
        if self.session == ctx.session_id:
            self.session = None

    async def on_observation(self, obs, ctx):
        if self.session is None:  # a client that sends no episode_start: one episode per session
            self.session = ctx.session_id
            with self.lock:
                self.model.reset()
        elif self.session != ctx.session_id:
            raise RuntimeError("this RoboVLMs server holds one rollout's state: it drives one episode at a time")
        action = await anyio.to_thread.run_sync(self._act, obs)
        await ctx.send_action({"actions": action})

    def _act(self, obs):
        images = obs.get("images") or {}
        missing = [k for k in self.cameras.values() if k not in images]
        if missing:
            raise ValueError(f"observation lacks camera image(s) {', '.join(missing)} (has {', '.join(images) or 'none'})")
        state = obs.get("states")
        wrapped = {
            "rgb_obs": {k: np.asarray(images[k], dtype=np.uint8) for k in self.cameras.values()},
            "robot_obs": np.asarray(state if state is not None else np.zeros(15), dtype=np.float32),
        }
        with self.lock:
            if obs.get("episode_restart"):
                self.model.reset()
            action = self.model.step(wrapped, str(obs.get("task_description", "")))
        return np.asarray(action.float().numpy() if isinstance(action, self._torch.Tensor) else action, dtype=np.float32).reshape(7)

    def get_action_spec(self):
        return playtable_action_spec()

    def get_observation_spec(self):
        return {**{k: IMAGE_RGB for k in self.cameras.values()}, "language": LANGUAGE}

    def get_observation_params(self):
        return {"image_size": int(self.configs["image_size"])}

    def describe(self):
        """The /config document: what is served and its conventions."""
        m = re.search(r"step=(\d+)", os.path.basename(self.checkpoint))
        return {
            "model_server": type(self).__name__,
            "checkpoint": os.path.basename(self.checkpoint),
            "step": int(m.group(1)) if m else None,
            "policy": f"RoboVLMs {self.configs.get('robovlm_name')} ({self.configs['act_head'].get('type')}), wrapper eval/calvin/model_wrapper.py raw_calvin",
            "conventions": {
                "action": {
                    "space": "delta",
                    "dim": 7,
                    "layout": ["x", "y", "z", "roll", "pitch", "yaw", "gripper"],
                    "units": "CALVIN rel_actions (1.0 = 2 cm / 0.05 rad), as RoboVLMs' CALVIN loader trains on them",
                    "gripper": {"open": 1.0, "close": -1.0, "binary": True},
                },
                "chunk": {
                    "size": int(self.configs.get("fwd_pred_next_n", 1)),
                    "execution": {"execution": "first", "delay": 0},
                    "returned": "one action per observation: the wrapper executes the newest chunk's first action",
                },
                "cameras": self.cameras,
                "image_size": int(self.configs["image_size"]),
                "history": int(self.configs.get("window_size", 1)),
                "normalisation": "RoboVLMs' own (norm_action in its config)",
            },
        }


def main(argv=None):
    from .server import ListenError, check_bind, serve

    p = argparse.ArgumentParser(
        prog="python -m vlalab.serving.robovlms_server",
        description="serve a RoboVLMs checkpoint through RoboVLMs' CALVIN wrapper as a vla-eval model server",
    )
    p.add_argument("--robovlms", default=".", help="the RoboVLMs checkout (default: the current directory)")
    p.add_argument(
        "--config", required=True, help="the RoboVLMs config the checkpoint was trained with (a VLA Lab run's robovlms-config.json)"
    )
    p.add_argument("--checkpoint", required=True, help="Lightning's epoch=E-step=S.ckpt")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--allow-remote", action="store_true")
    p.add_argument("--device", default="cpu")
    a = p.parse_args(argv)
    try:
        check_bind(a.host, a.allow_remote)
        server = RoboVLMsCalvinServer(os.path.abspath(a.robovlms), os.path.abspath(a.config), os.path.abspath(a.checkpoint), a.device)
    except (ValueError, FileNotFoundError, ImportError) as e:
        print(f"vlalab: {e}", file=sys.stderr, flush=True)
        return 2

    try:
        serve(server, a.host, a.port)
    except ListenError as e:
        print(f"vlalab: {e}", file=sys.stderr, flush=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
