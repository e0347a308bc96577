"""vla-eval's own LeRobot model server (`vla_eval.model_servers.lerobot.LeRobotModelServer`, used
as it is) on lerobot 0.4.x, bound to this machine, with the ready line VLA Lab's launchers read.

vla-eval 0.8.0's server is written against lerobot 0.6 (Python >= 3.12): it imports
`get_policy_class` and `make_pre_post_processors` from `lerobot.policies`. lerobot 0.4.4 — the
release that installs on Python 3.11 here — defines both in `lerobot.policies.factory` with the same
signatures; this module makes the two names importable where the server looks (nothing else
changes), then serves it. Run it with the interpreter that has lerobot, vla-eval and this project
on its path:

    PYTHONPATH=<vla-lab>/python <lerobot venv>/bin/python -m vlalab.serving.lerobot_server \\
        --checkpoint <lerobot output>/checkpoints/last/pretrained_model --policy-type act \\
        --image-key rgb_static=static --image-key rgb_gripper=gripper

The server declares vla-eval's "raw" action (conventions are the checkpoint's: a policy trained on
`vlalab export-lerobot` data emits Playtable's relative actions) and executes its chunks itself
(vla-eval's PredictModelServer: `n_action_steps` per inference, or `--chunk-size`); at `episode_restart` (a
chain's next subtask) it drops the buffered chunk and resets the policy, which vla-eval 0.8.0's server
does only at an episode start (restarting_subtasks). Imports the standard library, vla-eval and lerobot
only (not torch-side vlalab)."""

import argparse
import sys


def _lerobot_0_4_names():
    """lerobot 0.4's factory functions where vla-eval 0.8's LeRobot server imports them."""
    import lerobot.policies as policies

    if not hasattr(policies, "get_policy_class"):
        from lerobot.policies import factory

        policies.get_policy_class = factory.get_policy_class
        policies.make_pre_post_processors = factory.make_pre_post_processors


def restarting_subtasks(server_class):
    """`server_class` (a vla-eval PredictModelServer, e.g. its LeRobotModelServer) that also starts
    afresh at vla-eval's CALVIN `episode_restart` flag (the first observation of a chain's next
    subtask), as it does at an episode start: the session's buffered chunk is dropped and the policy's
    own queues are reset. vla-eval 0.8.0's PredictModelServer resets only at episode start, so on
    chains the previous subtask's unexecuted actions would run in the next one — where the in-process
    evaluator, RoboVLMs' rollout and VLA Lab's server all reset."""

    class Restarting(server_class):
        async def on_observation(self, obs, ctx):
            if isinstance(obs, dict) and obs.get("episode_restart"):
                self._chunk_buffers.pop(ctx.session_id, None)
                policy = getattr(self, "_policy", None)
                if policy is not None and hasattr(policy, "reset"):
                    policy.reset()
            await super().on_observation(obs, ctx)

    Restarting.__name__ = Restarting.__qualname__ = server_class.__name__
    return Restarting


def _image_keys(values):
    out = {}
    for v in values or []:
        bench, sep, feature = v.partition("=")
        if not sep or not bench or not feature:
            raise ValueError(f"--image-key {v}: use <benchmark camera>=<policy image feature>, e.g. rgb_static=static")
        out[bench] = feature
    return out


def main(argv=None):
    from .server import ListenError, check_bind, serve

    p = argparse.ArgumentParser(
        prog="python -m vlalab.serving.lerobot_server", description="serve a LeRobot checkpoint through vla-eval's LeRobot model server"
    )
    p.add_argument("--checkpoint", required=True, help="a LeRobot pretrained_model folder (config.json, model.safetensors, processors)")
    p.add_argument("--policy-type", default="act", help="LeRobot's policy name (act, smolvla, pi0, ...)")
    p.add_argument("--image-key", action="append", help="<benchmark camera>=<policy image feature>: e.g. rgb_static=static")
    p.add_argument("--state-key", default="observation.state", help="the policy's state feature ('none': send no state)")
    p.add_argument(
        "--chunk-size",
        type=int,
        help="actions executed per inference (default: the policy's n_action_steps); "
        "1 executes the first action of every predicted chunk, which /config then states as execution 'first'",
    )
    p.add_argument("--device", default="cpu")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--allow-remote", action="store_true")
    a = p.parse_args(argv)
    try:
        check_bind(a.host, a.allow_remote)
        keys = _image_keys(a.image_key)
        try:
            _lerobot_0_4_names()
        except ImportError as e:
            raise ImportError(f"{e}: run this bridge with the interpreter that has lerobot and vla-eval installed") from e
        from vla_eval.model_servers.lerobot import LeRobotModelServer

        if a.chunk_size is not None and a.chunk_size < 1:
            raise ValueError(f"--chunk-size {a.chunk_size}: 1 or more")
        server = restarting_subtasks(LeRobotModelServer)(
            a.policy_type, a.checkpoint, image_keys=keys or None, state_key=a.state_key, device=a.device, chunk_size=a.chunk_size
        )
    except (ValueError, FileNotFoundError, ImportError, OSError) as e:
        print(f"vlalab: {e}", file=sys.stderr, flush=True)
        return 2
    info = {
        "model_server": type(server).__name__,
        "checkpoint": a.checkpoint,
        "policy": f"LeRobot {a.policy_type}",
        "episode_restart": "a new subtask drops the buffered chunk and resets the policy (the bridge's addition)",
    }
    if server.chunk_size == 1:
        # one action per inference: the first of each predicted chunk, the in-process "first" (and no
        # other convention is stated: the actions stay undeclared)
        info["conventions"] = {"chunk": {"size": 1, "execution": {"execution": "first", "delay": 0}}}
    else:
        info["chunk"] = {"size": server.chunk_size, "execution": "vla-eval PredictModelServer: the whole chunk, then a new inference"}
    server.describe = lambda: info  # /config (serve_async) adds these to vla-eval's own fields

    try:
        serve(server, a.host, a.port)
    except ListenError as e:
        print(f"vlalab: {e}", file=sys.stderr, flush=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
