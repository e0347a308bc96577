"""`python -m vlalab serve` and `python -m vlalab eval --model-server` (trainer/cli.py registers them)."""

import json
import os
import sys

from .. import runlayout


def _fail(msg, code=2):
    print(f"vlalab: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def _need_vla_eval():
    try:
        import vla_eval  # noqa: F401
    except ImportError:
        _fail("the model-server protocol needs the vla-eval package: pip install -e 'python[eval]'")


def _image_keys(values):
    out = {}
    for v in values or []:
        cam, sep, key = v.partition("=")
        if not sep or cam not in ("static", "gripper") or not key:
            _fail(f"--image-key {v}: use <static|gripper>=<observation image key>, e.g. static=agentview")
        out[cam] = key
    return out


def cmd_serve(a):
    _need_vla_eval()
    from .server import ListenError, VLALabModelServer, check_bind, serve

    try:
        check_bind(a.host, a.allow_remote)
    except ValueError as e:
        _fail(str(e))
    checkpoint = a.checkpoint
    if checkpoint and not os.path.isfile(checkpoint):
        from ..trainer.retention import PickError, pick

        try:
            checkpoint = pick(a.run_dir, checkpoint, None)
        except PickError as e:
            _fail(str(e))
    try:
        server = VLALabModelServer(
            a.run_dir,
            checkpoint,
            device=a.device,
            eval_entry=a.eval_entry,
            image_keys=_image_keys(a.image_key),
            action_units=a.action_units,
        )
    except (FileNotFoundError, ValueError) as e:
        _fail(str(e))

    try:
        serve(server, a.host, a.port)
    except ListenError as e:
        _fail(str(e))


def cmd_eval_model_server(a, run_with_events, writable_run_dir):
    """`eval --model-server`: scores a vla-eval model server on the spec's playtable entries."""
    _need_vla_eval()
    from ..trainer.spec import with_defaults

    spec_path = a.spec or runlayout.path(a.run_dir, "spec")
    try:
        with open(spec_path, encoding="utf-8") as f:
            spec = with_defaults(json.load(f))
    except (OSError, ValueError) as e:
        _fail(f"cannot read the spec {spec_path} ({type(e).__name__}: {e}): give --spec with the eval entries to run")
    if not spec.get("eval"):
        _fail(f"{spec_path} has no eval entries: nothing to evaluate")
    from .remote_eval import check_url

    try:
        check_url(a.model_server, a.allow_remote)
    except ValueError as e:
        _fail(str(e))
    if not a.timeout > 0:
        _fail(f"--timeout {a.timeout:g}: give the seconds to wait for each action (more than 0)")
    if a.chains is not None and a.chains < 1:
        _fail(f"--chains {a.chains}: give a whole number of episodes (1 or more)")
    writable_run_dir(a.run_dir)

    def body(holder):
        from ..trainer.events import EventWriter
        from .conventions import ConventionMismatch
        from .remote_eval import ServerFault, evaluate_model_server

        events = holder["events"] = EventWriter(runlayout.path(a.run_dir, "events"))
        try:
            evaluate_model_server(a.model_server, a.run_dir, spec, chains=a.chains, events=events, timeout=a.timeout)
        except ConventionMismatch as e:
            events.emit("run_end", status="failed", error=str(e), error_kind="config", exit_code=2)
            _fail(str(e))
        except ServerFault as e:
            events.emit("run_end", status="failed", error=str(e), error_kind="exception", exit_code=1)
            _fail(str(e), code=1)
        if a.standalone:
            events.emit("run_end", status="completed", exit_code=0)

    run_with_events(a.run_dir, body)


def add_parsers(sub):
    from ..trainer.cli import add_run_and_checkpoint

    s = sub.add_parser("serve", help="serve a run's policy as a vla-eval model server (WebSocket + msgpack, /health, /config)")
    add_run_and_checkpoint(s)
    s.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1: this machine only)")
    s.add_argument("--port", type=int, default=0, help="port (default 0: a free one, printed when ready)")
    s.add_argument(
        "--allow-remote", action="store_true", help="allow a --host other than loopback (the policy becomes reachable from the network)"
    )
    s.add_argument("--device", default="cpu")
    s.add_argument("--eval-entry", type=int, default=0, help="the spec eval entry whose execution strategy the server applies")
    s.add_argument("--image-key", action="append", help="<static|gripper>=<key>: read that camera from another benchmark's image key")
    s.add_argument(
        "--action-units",
        choices=("calvin-rel", "metric"),
        default="calvin-rel",
        help="calvin-rel (default): Playtable/CALVIN relative actions (1.0 = 2 cm / 0.05 rad); metric: metres and "
        "radians, as vla-eval's CALVIN benchmark adds them in its delta mode",
    )
    s.set_defaults(fn=cmd_serve)


def add_eval_arguments(e):
    e.add_argument("--model-server", help="score this vla-eval model server (ws://host:port) on Playtable instead of a checkpoint")
    e.add_argument(
        "--spec",
        help="the spec whose eval entries to run: with --model-server (default: <run-dir>/spec.json), or in-process "
        "on --checkpoint <path> in a new --run-dir (default: the checkpoint's own entries)",
    )
    e.add_argument("--timeout", type=float, default=60.0, help="with --model-server: seconds to wait for each action")
    e.add_argument(
        "--allow-remote",
        action="store_true",
        help="with --model-server: allow a server on another machine (observations go over the network)",
    )
