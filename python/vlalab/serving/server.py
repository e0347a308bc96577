"""A VLA Lab policy as a vla-eval model server (`python -m vlalab serve --run-dir <run>`).

Built on vla-eval's ModelServer: its WebSocket + msgpack protocol, /health, and HELLO handshake
carrying the action and observation specs. Each WebSocket session (one episode stream) gets its own
HarnessPolicy — the in-process evaluator's adapter — with a batch of one, so the server's actions
are the in-process evaluator's: the same history window, the same chunk execution (eval entry's
`execution`/`delay`), the same clipping. An observation with `episode_restart` (vla-eval's CALVIN
convention for a new subtask) resets that session's history and chunks, as the in-process harness
does at every subtask.

/config answers vla-eval's own fields plus `conventions` (serving/conventions.py)."""

import json
import logging
import threading
from http import HTTPStatus
from urllib.parse import urlparse

import anyio
import numpy as np
from vla_eval.model_servers.base import ModelServer

from .conventions import (
    ACTION_UNITS,
    CAMERA_KEYS,
    metric_action_spec,
    policy_conventions,
    server_action_spec,
    server_observation_spec,
    to_metric_delta,
)

log = logging.getLogger("vlalab.serve")


class VLALabModelServer(ModelServer):
    def __init__(self, run_dir, checkpoint=None, device="cpu", eval_entry=0, image_keys=None, seed=None, action_units="calvin-rel"):
        from ..trainer import checkpoint as ckpt
        from ..trainer.evaluate import load_policy
        from ..trainer.execution import execution_protocol

        if action_units not in ACTION_UNITS:
            raise ValueError(f"--action-units {action_units}: one of {', '.join(ACTION_UNITS)}")
        self.action_units = action_units
        path = checkpoint or ckpt.final(run_dir)
        if not path:
            raise FileNotFoundError(f"{run_dir}/checkpoints holds no checkpoint to serve (train first, or pass --checkpoint)")
        self.policy, self.spec, state = load_policy(path, device)
        self.checkpoint, self.step, self.device = path, int(state["step"]), device
        entries = self.spec.get("eval") or [{}]
        entry = entries[min(int(eval_entry), len(entries) - 1)]
        self.protocol = execution_protocol(
            entry, self.policy.chunk, self.spec["policy"]["head"]["type"], getattr(self.policy.head, "generative", False)
        )
        self.seed = int(entry.get("seed", 0) if seed is None else seed)
        self.image_keys = {c: (image_keys or {}).get(c, CAMERA_KEYS[c]) for c in self.spec["observation"]["cameras"]}
        self.conventions = policy_conventions(self.spec, self.policy.chunk, self.protocol, self.image_keys, action_units)
        self.sessions = {}
        # One forward pass at a time: sessions share the module (and torch's threads).
        self.lock = threading.Lock()
        self._warm_up()

    def _warm_up(self):
        """One forward pass before the server goes live (vla-eval: a constructor that returns is ready)."""
        s = self.spec["observation"]["image_size"]
        obs = {"images": {k: np.zeros((s, s, 3), np.uint8) for k in self.image_keys.values()}, "task_description": "warm up"}
        self._act(self._harness(0), obs)

    def _harness(self, chain):
        from ..trainer.evaluate import HarnessPolicy

        return HarnessPolicy(self.policy, self.spec, self.device, protocol=self.protocol, seed=self.seed * 100003 + int(chain))

    # ---- vla-eval hooks ------------------------------------------------------------------------
    async def on_episode_start(self, config, ctx):
        task = (config or {}).get("task") or {}
        chain = task.get("chain", 0) if isinstance(task.get("chain", 0), int) else 0
        self.sessions[ctx.session_id] = self._harness(chain)

    async def on_episode_end(self, result, ctx):
        self.sessions.pop(ctx.session_id, None)

    async def on_observation(self, obs, ctx):
        harness = self.sessions.get(ctx.session_id)
        if harness is None:  # a client that sends no episode_start: one episode per session
            harness = self.sessions[ctx.session_id] = self._harness(0)
        action = await anyio.to_thread.run_sync(self._act, harness, obs)
        await ctx.send_action({"actions": action})

    def _act(self, harness, obs):
        images = obs.get("images") or {}
        missing = [k for k in self.image_keys.values() if k not in images]
        if missing:
            raise ValueError(
                f"observation lacks camera image(s) {', '.join(missing)} (has {', '.join(images) or 'none'}); "
                "serve with --image-key <camera>=<key> to map another benchmark's names"
            )
        if obs.get("episode_restart"):
            harness.reset([0])
        batch = {CAMERA_KEYS[c]: np.asarray(images[k], dtype=np.uint8)[None] for c, k in self.image_keys.items()}
        # inference_mode here, not a process-wide set_grad_enabled(False): the server's handlers run on
        # threads of their own (grad mode is per thread), and a server built inside another program
        # (the tests) must not switch autograd off for the rest of it
        import torch

        with self.lock, torch.inference_mode():
            action = harness(batch, [str(obs.get("task_description", ""))])[0]
        return to_metric_delta(action).astype(np.float32) if self.action_units == "metric" else action

    def get_action_spec(self):
        return metric_action_spec() if self.action_units == "metric" else server_action_spec()

    def get_observation_spec(self):
        return server_observation_spec(self.spec, self.image_keys)

    def get_observation_params(self):
        # vla-eval merges these into the benchmark's parameters: Playtable renders at this size.
        return {"image_size": int(self.spec["observation"]["image_size"])}

    def describe(self):
        """The /config document: the policy's conventions and where it came from."""
        import os

        return {
            "model_server": type(self).__name__,
            "checkpoint": os.path.basename(self.checkpoint),
            "step": self.step,
            "backbone": self.spec["backbone"]["id"],
            "conventions": self.conventions,
        }


def _process_request(model_server):
    """vla-eval's HTTP control plane, with /config also stating the policy's conventions."""
    from vla_eval.model_servers.serve import _make_process_request

    inner = _make_process_request(model_server)

    def process_request(connection, request):
        response = inner(connection, request)
        if response is not None and urlparse(request.path).path == "/config" and response.status_code == HTTPStatus.OK:
            body = json.loads(response.body.decode() or "{}")
            return connection.respond(HTTPStatus.OK, json.dumps({**body, **model_server.describe()}) + "\n")
        return response

    return process_request


async def serve_async(model_server, host, port, on_ready=None):
    """vla-eval's serve loop (its connection handler, no keepalive pings, no size limit) with our
    /config; `on_ready(port)` runs once the socket is bound (port 0 picks a free one)."""
    from vla_eval.model_servers.serve import _handle_connection
    from websockets.asyncio.server import serve as ws_serve

    async def handler(ws):
        await _handle_connection(ws, model_server)

    async with anyio.create_task_group() as tg:
        await model_server.on_serve_start(tg)
        async with ws_serve(
            handler, host, port, process_request=_process_request(model_server), compression=None, max_size=None, ping_interval=None
        ) as server:
            if on_ready is not None:
                on_ready(server.sockets[0].getsockname()[1])
            await anyio.sleep_forever()


class ListenError(Exception):
    """The server could not listen on the host and port asked for (one line, for the user)."""


def ready_line(host, port, description):
    """The line a server prints once it listens, which launchers parse (extension/core/runner/model-server.ts):
    the URL (an IPv6 host in brackets), then what runs (its /config description) as JSON."""
    host = f"[{host}]" if ":" in host else host
    return f"serving ws://{host}:{port} " + json.dumps(description)


def _os_error(e):
    """The OSError in `e`, also inside the ExceptionGroup anyio's task group wraps it in; else None."""
    if isinstance(e, OSError):
        return e
    return next((o for o in map(_os_error, getattr(e, "exceptions", ())) if o is not None), None)


def serve(model_server, host, port):
    """Serves `model_server` on host:port (0: a free port) until interrupted, printing ready_line once it
    listens: `vlalab serve` and the LeRobot and RoboVLMs bridges. ListenError when it cannot listen."""
    listening = []

    def ready(bound):
        listening.append(bound)
        print(ready_line(host, bound, model_server.describe()), flush=True)

    try:
        anyio.run(serve_async, model_server, host, port, ready)
    except KeyboardInterrupt:
        pass
    except Exception as e:
        err = _os_error(e)
        if err is None or listening:
            raise
        raise ListenError(f"cannot listen on {host}:{port} ({err.strerror or err})") from None


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def check_bind(host, allow_remote):
    """A policy server listens on this machine only unless the user asks for more (--allow-remote)."""
    if host not in LOCAL_HOSTS and not allow_remote:
        raise ValueError(f"--host {host} would expose the policy beyond this machine: add --allow-remote to bind it")
