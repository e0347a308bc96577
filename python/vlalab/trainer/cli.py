"""`python -m vlalab gen-data | train | eval | export-onnx | probe-latency`.

Bad input (a missing spec, a missing data directory, an unwritable run directory) ends with one
line on stderr and exit status 2; a run that fails writes run_end with the named error and exits 1;
SIGTERM saves a checkpoint and exits 143."""

import argparse
import os
import sys
import traceback

from .. import runlayout

EXIT_BAD_INPUT, EXIT_FAILED = 2, 1


def _fail(msg, code=EXIT_BAD_INPUT):
    print(f"vlalab: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def _writable_run_dir(run_dir):
    try:
        os.makedirs(run_dir, exist_ok=True)
        probe = os.path.join(run_dir, f".write-test-{os.getpid()}")  # one per process: torchrun's ranks check at once
        with open(probe, "w") as f:
            f.write("ok")
        os.remove(probe)
    except OSError as e:
        _fail(f"cannot write to the run directory {run_dir} ({e.strerror}): choose a writable --run-dir")


def cmd_gen_data(a):
    from ..sim.dataset_writer import generate_dataset
    from ..sim.scene import parse_scenes

    tasks = a.tasks.split(",") if a.tasks else None
    try:
        scenes = parse_scenes(a.scene)
    except ValueError as e:
        _fail(str(e))
    if a.obstacle and a.expert_routes != 2:
        _fail("--obstacle needs --expert-routes 2: the one-route expert goes straight into the post")
    for split, n, seed in (("training", a.episodes, a.seed), ("validation", max(1, a.episodes // 8), a.seed + 1)):
        info = generate_dataset(
            a.out,
            tasks,
            n,
            a.image_size,
            embodiment=a.embodiment,
            seed=seed,
            split=split,
            expert_routes=a.expert_routes,
            scenes=scenes,
            obstacle=a.obstacle,
            lead_in=a.lead_in,
            desk=a.desk,
        )
        print(f"{split}: {info}", flush=True)


def _lost_peer(e):
    """A collective that failed because a peer rank went away: gloo's "Connection closed by peer" /
    "Connection reset", a timeout (VLA_LAB_DIST_TIMEOUT_S), NCCL's watchdog. Only with several ranks."""
    if int(os.environ.get("WORLD_SIZE", "1")) <= 1 or not isinstance(e, RuntimeError):
        return False
    import torch.distributed

    if isinstance(e, getattr(torch.distributed, "DistError", ())):
        return True
    text = str(e).lower()
    return any(
        s in text
        for s in ("connection closed by peer", "connection reset", "timed out", "timeout", "pair closure", "broken pipe", "gloo", "nccl")
    )


def _run_with_events(run_dir, body):
    """Runs body(events_holder); any failure becomes a run_end record with a named error."""
    from .events import EventWriter

    holder = {"events": None}
    try:
        body(holder)
    except SystemExit:
        raise
    except BaseException as e:  # noqa: BLE001 — every failure must reach events.jsonl
        from ..policy.tokenizer import ConfigError
        from .data import DataError
        from .datasources import ConventionError
        from .errors import CorruptInput
        from .loop import NaNLoss

        kind, msg = "exception", f"{type(e).__name__}: {e}"
        if isinstance(e, (CorruptInput, ConventionError)):
            # A truncated or foreign input file, or sources whose action conventions / control rates the
            # spec cannot mix (refused before any data is loaded), is bad input (exit 2), named in one line.
            events = holder["events"] or EventWriter(runlayout.path(run_dir, "events"), enabled=int(os.environ.get("RANK", "0")) == 0)
            events.emit("run_end", status="failed", error=str(e), error_kind="data", exit_code=EXIT_BAD_INPUT)
            _fail(str(e))
        if isinstance(e, NaNLoss):
            kind, msg = "nan", str(e)
        elif isinstance(e, DataError):
            kind, msg = "data", str(e)
        elif isinstance(e, ConfigError):
            kind, msg = "config", str(e)
        elif "out of memory" in str(e).lower():
            kind, msg = "oom", f"out of memory: {str(e).splitlines()[0]} (lower train.batch_size or the backbone size)"
        elif isinstance(e, KeyboardInterrupt):
            kind, msg = "signal", "interrupted"
        elif _lost_peer(e):
            kind, msg = (
                "exception",
                (
                    f"lost contact with another rank (its process or host died, or its network went down): "
                    f"{type(e).__name__}: {str(e).strip().splitlines()[0][:300]}; "
                    "resume continues from the last checkpoint"
                ),
            )
        events = holder["events"] or EventWriter(runlayout.path(run_dir, "events"), enabled=int(os.environ.get("RANK", "0")) == 0)
        events.emit("run_end", status="failed", error=msg, error_kind=kind, exit_code=EXIT_FAILED)
        print(f"vlalab: run failed: {msg}", file=sys.stderr, flush=True)
        if kind == "exception" or os.environ.get("VLA_LAB_DEBUG"):
            traceback.print_exc()
        sys.exit(EXIT_FAILED)


def _stop_evaluating_on_sigterm(events, step, checkpoint):
    """From here on SIGTERM (a cancel) ends the run at once: training's handler only sets a flag that
    its step loop reads, so the end-of-training evaluation — a 1000-chain one runs for many minutes —
    would otherwise go on after the cancel. The final checkpoint is saved; the evaluation can be run later."""
    import signal

    from .loop import EXIT_CANCELLED

    def stop(signum, frame):
        events.emit("run_end", status="cancelled", step=step, exit_code=EXIT_CANCELLED)
        events.close()
        print(
            f"cancelled during the end-of-training evaluation; the final checkpoint is saved ({checkpoint}): "
            "evaluate it with `vla-lab eval`",
            flush=True,
        )
        os._exit(EXIT_CANCELLED)

    signal.signal(signal.SIGTERM, stop)


def cmd_train(a):
    from .spec import SpecError, load_spec

    try:
        raw, spec = load_spec(a.spec)
    except SpecError as e:
        _fail(str(e))
    _writable_run_dir(a.run_dir)
    # Relative paths are relative to the spec file (the runner's spec.json has them absolute).
    spec_dir = os.path.dirname(os.path.abspath(a.spec))

    def body(holder):
        from .evaluate import evaluate
        from .loop import train

        policy, path, events, step = train(spec, raw, spec_dir, a.run_dir, resume=a.resume, data_cache=a.data_cache)
        holder["events"] = events
        if int(os.environ.get("RANK", "0")) == 0:
            if not a.no_eval and spec.get("eval"):
                _stop_evaluating_on_sigterm(events, step, path)
                evaluate(a.run_dir, path, events=events)
            events.emit("run_end", status="completed", step=step, exit_code=0)
            print(f"done: {a.run_dir}", flush=True)
        events.close()

    _run_with_events(a.run_dir, body)
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        # Everything is written and the process group is destroyed, yet torch 2.13's gloo teardown can
        # still abort at interpreter exit ("terminate called without an active exception", seen on
        # resumed 2-rank CPU runs), turning a completed run into exit 134: leave without that teardown.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _pick_checkpoint(run_dir, ref):
    """A --checkpoint value (a path, a name in checkpoints/, latest, final, best:<metric>[:min|max])
    as a path; bad references end in one line."""
    from .retention import PickError, pick
    from .spec import SpecError, load_spec

    try:
        spec = (
            load_spec(runlayout.path(run_dir, "spec"))[1]
            if ref and ref.startswith(runlayout.BEST_PREFIX) and os.path.exists(runlayout.path(run_dir, "spec"))
            else None
        )
    except SpecError:
        spec = None
    try:
        return pick(run_dir, ref, spec)
    except PickError as e:
        _fail(str(e))


def cmd_eval(a):
    if a.model_server:
        from ..serving.cli import cmd_eval_model_server

        return cmd_eval_model_server(a, _run_with_events, _writable_run_dir)
    _writable_run_dir(a.run_dir)
    from . import checkpoint as ckpt
    from .retention import pinned_for_eval

    if a.every_checkpoint:
        # An eval run (vla-lab eval --every-checkpoint) evaluates its training run's checkpoints.
        source = a.checkpoints_of or a.run_dir
        paths = [p for _, p in ckpt.all_checkpoints(source)]
        if not paths:
            _fail(f"{os.path.join(source, runlayout.CHECKPOINTS)} holds no checkpoint to evaluate")
    else:
        # a path outside the run (an eval run evaluates its parent's checkpoint) or a reference in it
        paths = [a.checkpoint if a.checkpoint and os.path.isfile(a.checkpoint) else _pick_checkpoint(a.run_dir, a.checkpoint)]
    condition = a.reference or a.control
    if a.reference and a.control:
        _fail("give --reference or --control, not both (each is its own evaluation)")
    if condition and any(not os.path.relpath(os.path.abspath(p), os.path.abspath(a.run_dir)).startswith("..") for p in paths):
        _fail(
            f"--{'reference' if a.reference else 'control'} {condition} is never filed with the policy's own results: "
            "give a new --run-dir and the policy's --checkpoint <path> (plus --standalone)"
        )
    entries = None
    if a.spec and any(not os.path.relpath(os.path.abspath(p), os.path.abspath(a.run_dir)).startswith("..") for p in paths):
        # another protocol's results are filed by entry place like the run's own: never over them
        _fail(
            f"--spec {a.spec}: another spec's evaluation is never filed with the policy's own results: "
            "give a new --run-dir and the policy's --checkpoint <path> (plus --standalone)"
        )
    if a.entry or a.spec:
        from .errors import CorruptInput
        from .spec import with_defaults

        if a.spec:  # another spec's eval entries, run in-process (the policy and its data tags stay the checkpoint's)
            import json

            try:
                with open(a.spec, encoding="utf-8") as f:
                    raw = json.load(f)
                spec_entries = (with_defaults(raw).get("eval") or []) if isinstance(raw, dict) else []
            except (OSError, ValueError) as e:
                _fail(f"cannot read the spec {a.spec} ({type(e).__name__}: {e}): give a spec with the eval entries to run")
            if not spec_entries:
                _fail(f"{a.spec} has no eval entries: nothing to evaluate")
        else:
            try:  # the entries evaluate() runs: the checkpoint's spec
                spec_entries = with_defaults(ckpt.load(paths[0])["spec"])["eval"]
            except (CorruptInput, KeyError) as e:
                _fail(f"cannot read the eval entries of {paths[0]} ({e})")
        bad = [k for k in a.entry or [] if not 0 <= k < len(spec_entries)]
        if bad:
            _fail(f"--entry {bad[0]}: the spec has eval entries 0..{len(spec_entries) - 1}")
        entries = [spec_entries[k] for k in a.entry] if a.entry else spec_entries

    def body(holder):
        from .evaluate import evaluate
        from .events import EventWriter

        events = holder["events"] = (_curve_events() if a.every_checkpoint else EventWriter)(runlayout.path(a.run_dir, "events"))
        for path in paths:
            with pinned_for_eval(path):  # a training run pruning its checkpoints meanwhile keeps this one
                if a.every_checkpoint and not os.path.isfile(path):
                    continue  # pruned by the training run before it was pinned
                evaluate(
                    a.run_dir, path, chains=a.chains, events=events, eval_entries=entries, condition=condition, expert_noise=a.expert_noise
                )
        if a.standalone:
            events.emit("run_end", status="completed", exit_code=0)

    _run_with_events(a.run_dir, body)


def _curve_events():
    from .events import EventWriter

    class Curve(EventWriter):
        """Also logs each evaluation as a scalar at its checkpoint's step — eval/<benchmark>/success
        (single tasks: the pooled success rate) or eval/<benchmark>/avg_len (chains) — so evaluating
        every checkpoint draws a curve against the step in the Results panel."""

        def emit(self, type_, **fields):
            super().emit(type_, **fields)
            if type_ == "eval_result" and isinstance(fields.get("step"), int):
                kind = "success" if fields.get("chain_length") == 1 else "avg_len"
                self.scalar(fields["step"], f"eval/{fields['benchmark']}/{kind}", fields["avg_seq_len"])

    return Curve


def _backend(run_dir):
    """run.json's backend ("builtin" when it does not say)."""
    import json

    try:
        with open(runlayout.path(run_dir, "record"), encoding="utf-8") as f:
            return json.load(f).get("backend") or "builtin"
    except (OSError, ValueError, AttributeError):
        return "builtin"


def cmd_checkpoints(a):
    """Lists a run's checkpoints (JSON), pins or unpins one, or prints the path a reference picks."""
    import json

    from . import retention
    from .spec import SpecError, load_spec

    try:
        spec = load_spec(runlayout.path(a.run_dir, "spec"))[1]
    except SpecError:
        spec = None
    if _backend(a.run_dir) == "robovlms":
        listed = retention.robovlms_listing(a.run_dir)
        if a.pin or a.unpin:
            _fail("RoboVLMs keeps every epoch's checkpoint and VLA Lab prunes none of them: there is nothing to pin")
        if a.pick:
            hit = [c for c in listed if a.pick in (c["name"], c["path"])] or (listed[-1:] if a.pick == "latest" else [])
            if not hit:
                _fail(
                    f"no RoboVLMs checkpoint {a.pick!r} in {a.run_dir} (give latest or one of: {', '.join(c['name'] for c in listed) or 'none yet'})"
                )
            print(os.path.join(a.run_dir, hit[-1]["path"]), flush=True)
            return
        print(json.dumps({"checkpoints": listed, "count": len(listed), "bytes": sum(c["bytes"] for c in listed)}), flush=True)
        return
    if a.pick:
        print(_pick_checkpoint(a.run_dir, a.pick), flush=True)
        return
    for name, pin in ((a.pin, True), (a.unpin, False)):
        if name:
            path = _pick_checkpoint(a.run_dir, name)
            marker = path + retention.PIN
            if pin:
                open(marker, "w").close()
            elif os.path.exists(marker):
                os.remove(marker)
            print(f"{'pinned' if pin else 'unpinned'} {os.path.basename(path)}", flush=True)
            return
    n, total = retention.disk_usage(a.run_dir)
    print(json.dumps({"checkpoints": retention.listing(a.run_dir, spec), "count": n, "bytes": total}), flush=True)


def cmd_export(a):
    from .errors import CorruptInput
    from .export_onnx import export

    checkpoint = a.checkpoint if not a.checkpoint or os.path.isfile(a.checkpoint) else _pick_checkpoint(a.run_dir, a.checkpoint)
    try:
        out = export(a.run_dir, checkpoint, a.out)
    except (FileNotFoundError, ValueError, CorruptInput) as e:
        _fail(str(e))
    print(f"wrote {out}", flush=True)


def cmd_manifest(a):
    """The manifest of a run about to start without the trainer (backend robovlms: the runner calls
    this with RoboVLMs' interpreter), or, with --print, of this environment for a spec (what
    `vla-lab reproduce` compares with a run's manifest)."""
    import json

    from . import manifest
    from .spec import spec_hash, with_defaults

    try:  # not load_spec: its checks are the built-in trainer's, and a RoboVLMs spec fails them
        with open(a.spec, encoding="utf-8") as f:
            raw = json.load(f)
        if not isinstance(raw, dict) or not isinstance(raw.get("data"), dict):
            raise ValueError("not an experiment spec")
        spec = with_defaults(raw)
    except (OSError, ValueError, RecursionError) as e:
        _fail(f"cannot read the spec {a.spec} ({type(e).__name__}: {e}); give a run's spec.json")
    spec_dir = os.path.dirname(os.path.abspath(a.spec))
    run_dir = a.run_dir or spec_dir
    data_cache = a.data_cache or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(run_dir))), "_data")
    backend_dir = a.backend_checkout or manifest.PYTHON_TREE
    m = manifest.build(
        spec,
        spec_hash(raw),
        a.workspace or manifest.spec_source_dir(run_dir, spec_dir),
        backend_dir,
        manifest.planned_dataset_dirs(spec, spec_dir, data_cache),
        backend=a.backend,
        writer="vlalab manifest",
    )
    if a.print:
        print(json.dumps(m, ensure_ascii=False))
        return
    if not a.run_dir:
        _fail("manifest: give --run-dir (where manifest.json goes) or --print")
    _writable_run_dir(a.run_dir)
    print(f"wrote {manifest.write(a.run_dir, m)}", flush=True)


def cmd_export_tracker(a):
    from ..trackers import ExportError, export

    try:
        out, what = export(a.run_dir, a.to, a.out, a.project)
    except ExportError as e:
        _fail(str(e))
    print(f"wrote {a.to} files to {out}: {what}", flush=True)


def cmd_export_lerobot(a):
    from .data import DataError
    from .errors import CorruptInput
    from .lerobot import export_lerobot

    try:
        export_lerobot(a.data, a.out, split=a.split, fps=a.fps)
    except (DataError, CorruptInput) as e:
        _fail(str(e))


CHECKPOINT_HELP = "a path, a name in checkpoints/, latest, final (default) or best:<metric>[:min|max]"


def add_run_dir(p):
    """--run-dir, the run folder a command works on (required)."""
    p.add_argument("--run-dir", required=True)


def add_run_and_checkpoint(p):
    """--run-dir and --checkpoint (a path or a reference retention.pick resolves): the run policy a command uses
    (eval, export-onnx, serve)."""
    add_run_dir(p)
    p.add_argument("--checkpoint", help=CHECKPOINT_HELP)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m vlalab", description="VLA Lab's built-in trainer, evaluator and Playtable benchmark.")
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen-data", help="write Playtable expert demonstrations in CALVIN's on-disk layout")
    g.add_argument("--out", required=True)
    g.add_argument("--tasks", help="comma-separated task names (default: all 34)")
    g.add_argument("--episodes", type=int, default=32, help="demonstrations per task")
    g.add_argument("--image-size", type=int, default=64)
    g.add_argument("--embodiment", default="default")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument(
        "--expert-routes",
        type=int,
        choices=(1, 2),
        default=1,
        help="2: each demonstration detours left or right at random (multimodal demonstrations)",
    )
    g.add_argument(
        "--obstacle",
        action="store_true",
        help="a post stands on each task's first leg; the two-route expert goes around it (needs --expert-routes 2)",
    )
    g.add_argument(
        "--lead-in",
        choices=("articulated", "any"),  # sim/dataset_writer.py's LEAD_IN_CHOICES (a test keeps them equal)
        default="articulated",
        help="the tasks half the demonstrations may start after (done first, unrecorded): the drawer, slider and LED "
        "(articulated, the default) or any task, the block tasks included (any) — the states a chain's later tasks start from",
    )
    g.add_argument(
        "--desk",
        choices=("scene", "random"),  # sim/dataset_writer.py's DESK_CHOICES (a test keeps them equal)
        default="scene",
        help="the desk's colour in each demonstration: its scene's (the default) or one drawn at random per "
        "demonstration, so that the desk's look says nothing about the layout",
    )
    g.add_argument(
        "--scene", default="A", help="CALVIN scenes the episodes are spread over, e.g. A,B,C (CALVIN's ABC->D trains on A, B, C); default A"
    )
    g.set_defaults(fn=cmd_gen_data)
    lr = sub.add_parser("export-lerobot", help="write CALVIN-layout demonstrations (Playtable's) as a LeRobot v3.0 dataset")
    lr.add_argument("--data", required=True, help="the dataset folder (holding training/)")
    lr.add_argument("--out", required=True, help="a new folder for the LeRobot dataset")
    lr.add_argument("--split", default="training")
    lr.add_argument(
        "--fps",
        type=int,
        default=None,
        help="frames per second recorded in the dataset's metadata and the videos (default: the data's control rate)",
    )
    lr.set_defaults(fn=cmd_export_lerobot)
    t = sub.add_parser("train", help="train a resolved spec into a run directory (then evaluate it)")
    t.add_argument("--spec", required=True)
    add_run_dir(t)
    t.add_argument("--resume", action="store_true", help="continue from the latest checkpoint")
    t.add_argument("--no-eval", action="store_true")
    t.add_argument(
        "--data-cache",
        help="where generated Playtable data goes, and dataset caches that cannot go next to their data (default: <runs>/_data)",
    )
    t.set_defaults(fn=cmd_train)
    e = sub.add_parser("eval", help="evaluate a run's checkpoint on the spec's eval entries")
    add_run_and_checkpoint(e)
    e.add_argument(
        "--chains", type=int, help="chains per eval entry instead of the spec's (a single-task entry: episodes over all its tasks)"
    )
    e.add_argument("--entry", type=int, action="append", help="evaluate only this eval entry of the spec (0-based; repeatable)")
    from .conditions import CONTROLS, DEFAULT_EXPERT_NOISE, REFERENCES

    e.add_argument(
        "--reference",
        choices=REFERENCES,
        help="evaluate a reference point instead of the policy: the scripted experts (the ceiling) or noisy experts; "
        "recorded as protocol.condition, in a --run-dir of its own",
    )
    e.add_argument(
        "--control",
        choices=CONTROLS,
        help="evaluate the policy with instructions shuffled across tasks or with blank cameras; "
        "recorded as protocol.condition, in a --run-dir of its own",
    )
    e.add_argument(
        "--expert-noise",
        type=float,
        default=DEFAULT_EXPERT_NOISE,
        help=f"--reference noisy-expert: action noise std in relative-action units (default {DEFAULT_EXPERT_NOISE})",
    )
    e.add_argument("--standalone", action="store_true", help="write run_end (an eval-only run)")
    e.add_argument(
        "--every-checkpoint",
        action="store_true",
        help="evaluate every checkpoint on disk, each also as an eval/<benchmark>/… scalar at its step",
    )
    e.add_argument("--checkpoints-of", help="with --every-checkpoint: the run folder whose checkpoints to evaluate (default: --run-dir)")
    from ..serving.cli import add_eval_arguments
    from ..serving.cli import add_parsers as add_serving_parsers

    add_eval_arguments(e)
    e.set_defaults(fn=cmd_eval)
    add_serving_parsers(sub)
    x = sub.add_parser("export-onnx", help="export a run's policy to ONNX with policy.json")
    add_run_and_checkpoint(x)
    x.add_argument("-o", "--out")
    x.set_defaults(fn=cmd_export)
    from .probe_latency import add_parser as add_probe_latency

    add_probe_latency(sub)
    from ..dataview import add_parser as add_dataset_view

    add_dataset_view(sub)
    from .infer_convention import add_parser as add_data_conventions

    add_data_conventions(sub)  # `python -m vlalab data …` runs without torch (__main__.py)
    m = sub.add_parser("manifest", help="write a run's manifest.json (code, packages, data and benchmark hashes, seeds, hardware)")
    m.add_argument("--spec", required=True, help="the run's resolved spec.json")
    m.add_argument("--run-dir", help="where manifest.json goes")
    m.add_argument("--print", action="store_true", help="print this environment's manifest for the spec instead of writing one")
    m.add_argument("--backend", choices=["builtin", "robovlms"], default="builtin")
    m.add_argument("--backend-checkout", help="the backend's code (RoboVLMs' checkout; default: VLA Lab's python/)")
    m.add_argument("--workspace", help="the spec's repository (default: the directory of run.json's spec_source, else of --spec)")
    m.add_argument("--data-cache", help="where generated Playtable data lives (default: <runs>/_data)")
    m.set_defaults(fn=cmd_manifest)
    c = sub.add_parser("checkpoints", help="a run's checkpoints as JSON (metrics, size, why kept); --pin/--unpin/--pick")
    add_run_dir(c)
    c.add_argument("--pin", help="never delete this checkpoint (a name, latest, final or best:<metric>)")
    c.add_argument("--unpin")
    c.add_argument("--pick", help="print the path of the checkpoint this reference names (best:<metric>[:min|max], latest, final, a name)")
    c.set_defaults(fn=cmd_checkpoints)
    k = sub.add_parser("export-tracker", help="export a run to TensorBoard event files or an offline Weights & Biases run")
    add_run_dir(k)
    k.add_argument("--to", required=True, choices=["tensorboard", "wandb"])
    k.add_argument("-o", "--out", help="where the files go (default: <run>/tensorboard or <run>/wandb)")
    k.add_argument("--project", help="wandb project (default: the experiment's name)")
    k.set_defaults(fn=cmd_export_tracker)
    a = p.parse_args(argv)
    a.fn(a)
