"""`python -m vlalab gen-data | train | eval | export-onnx` (each with --help).

Exit status: 0 done; 1 the run failed (a run_end `failed` record with a named error kind is in
events.jsonl); 2 bad input — a bad spec, missing data, an unwritable run directory — reported as
one line on stderr, no traceback; 143 cancelled by SIGTERM (a checkpoint is saved first).
"""
import os

# OpenBLAS reads its thread count when numpy/torch load it: set it before importing them.
# Measured on the 2-core machine: OpenBLAS on all cores + one torch thread is fastest.
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(max(1, (os.cpu_count() or 1) // max(1, int(os.environ.get("LOCAL_WORLD_SIZE", os.environ.get("WORLD_SIZE", "1")))))))

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402

EXIT_FAILED, EXIT_BAD_INPUT, EXIT_CANCELLED = 1, 2, 143


def _fail(msg, code=EXIT_BAD_INPUT):
    print(f"vlalab: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def _writable_dir(path, what="run directory", flag="--run-dir"):
    try:
        os.makedirs(path, exist_ok=True)
        probe = os.path.join(path, f".write-test-{os.getpid()}")
        with open(probe, "w") as f:
            f.write("ok")
        os.remove(probe)
    except OSError as e:
        _fail(f"cannot write to the {what} {path} ({e.strerror or e}): choose a writable {flag}")


def _main_rank():
    return int(os.environ.get("RANK", "0")) == 0


def _run(run_dir, body):
    """Runs body(holder); every ending becomes a run_end record with a named error kind."""
    from .config import SpecError
    from .training.checkpoint import CheckpointError
    from .training.dataset import DataError
    from .training.events import EventWriter
    from .training.loop import Cancelled, NaNLoss
    holder = {"events": None, "step": None}

    def events():
        return holder["events"] or EventWriter(os.path.join(run_dir, "events.jsonl"), enabled=_main_rank())

    try:
        body(holder)
    except SystemExit:
        raise
    except Cancelled:
        events().emit("run_end", status="cancelled", error="cancelled by SIGTERM", error_kind="signal", exit_code=EXIT_CANCELLED, step=holder["step"])
        print("vlalab: cancelled (SIGTERM); the checkpoint saved on the way out resumes with --resume", file=sys.stderr, flush=True)
        sys.exit(EXIT_CANCELLED)
    except (SpecError, DataError, CheckpointError) as e:
        events().emit("run_end", status="failed", error=str(e), error_kind="config" if isinstance(e, SpecError) else "data", exit_code=EXIT_BAD_INPUT)
        _fail(str(e))
    except BaseException as e:  # noqa: BLE001 — every failure must reach events.jsonl
        text = str(e).splitlines()[0] if str(e) else ""
        kind, msg = "exception", f"{type(e).__name__}: {text}"
        if isinstance(e, NaNLoss):
            kind, msg = "nan", text
        elif type(e).__name__ == "OutOfMemoryError" or "out of memory" in text.lower():
            kind, msg = "oom", f"out of memory: {text[:200]} (lower train.batch_size, policy.history or the backbone size)"
        elif isinstance(e, KeyboardInterrupt):
            kind, msg = "signal", "interrupted"
        elif isinstance(e, ValueError):
            kind = "config"
        events().emit("run_end", status="failed", error=msg, error_kind=kind, exit_code=EXIT_FAILED, step=holder["step"])
        print(f"vlalab: run failed: {msg}", file=sys.stderr, flush=True)
        if kind == "exception" or os.environ.get("VLALAB_DEBUG"):
            traceback.print_exc()
        sys.exit(EXIT_FAILED)


def cmd_gen_data(a):
    from .training.data_cache import validation_episodes
    try:
        from .sim.dataset_writer import generate_dataset
    except ImportError as e:
        _fail(f"the Playtable dataset writer is not available ({e})", EXIT_FAILED)
    _writable_dir(a.out, "output directory", "--out")
    tasks = [t for t in a.tasks.split(",") if t] if a.tasks else None
    splits = [("training", a.episodes, a.seed)] + ([("validation", validation_episodes(a.episodes), a.seed + 7919)] if a.validation else [])
    for split, n, seed in splits:
        try:
            info = generate_dataset(a.out, tasks, n, a.image_size, embodiment=a.embodiment, seed=seed, split=split)
        except ValueError as e:
            _fail(str(e))
        print(f"{split}: {json.dumps(info, default=str)}", flush=True)


def cmd_train(a):
    from .config import SpecError, load_spec
    try:
        _, spec = load_spec(a.spec)
    except SpecError as e:
        _fail(str(e))
    _writable_dir(a.run_dir)
    if a.data_cache:
        _writable_dir(a.data_cache, "data cache", "--data-cache")
    spec_dir = os.path.dirname(os.path.abspath(a.spec))  # dataset paths are relative to the spec file

    def body(holder):
        from .training.evaluate import evaluate
        from .training.loop import install_sigterm, train
        cancel = {"flag": False, "in_loop": False}
        install_sigterm(cancel)
        _, path, events, step = train(spec, spec_dir, a.run_dir, resume=a.resume, data_cache=a.data_cache, cancel=cancel)
        holder["events"], holder["step"] = events, step
        if _main_rank():
            if not a.no_eval and spec.get("eval"):
                evaluate(a.run_dir, path, events=events)
            events.emit("run_end", status="completed", step=step, exit_code=0)
            print(f"done: {a.run_dir}", flush=True)

    _run(a.run_dir, body)


def cmd_eval(a):
    if not os.path.isdir(a.run_dir):
        _fail(f"run directory {a.run_dir} does not exist")
    if a.checkpoint and not os.path.exists(a.checkpoint):
        _fail(f"checkpoint {a.checkpoint} does not exist")
    _writable_dir(a.run_dir)

    def body(holder):
        from .training.evaluate import evaluate
        from .training.events import EventWriter
        from .training.loop import configure_threads, install_sigterm
        configure_threads()
        install_sigterm({"flag": False, "in_loop": False})
        holder["events"] = EventWriter(os.path.join(a.run_dir, "events.jsonl"))
        evaluate(a.run_dir, a.checkpoint, chains=a.chains, events=holder["events"], execute=a.execute)

    _run(a.run_dir, body)


def cmd_export(a):
    from .training.checkpoint import CheckpointError
    from .training.export_onnx import ExportError, export
    if not os.path.isdir(a.run_dir):
        _fail(f"run directory {a.run_dir} does not exist")
    try:
        out = export(a.run_dir, a.checkpoint, a.out)
    except (CheckpointError, ExportError) as e:
        _fail(str(e))
    print(f"wrote {out} and {os.path.join(os.path.dirname(out), 'policy.json')}", flush=True)


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m vlalab", description="VLA Lab's built-in trainer, evaluator and ONNX exporter (the Playtable benchmark built in).")
    sub = p.add_subparsers(dest="cmd", metavar="{gen-data,train,eval,export-onnx}")
    sub.required = True
    g = sub.add_parser("gen-data", help="write Playtable expert demonstrations in CALVIN's on-disk layout")
    g.add_argument("--out", required=True, help="dataset directory (training/ and validation/ go inside)")
    g.add_argument("--tasks", help="comma-separated task names (default: all 34)")
    g.add_argument("--episodes", type=int, default=32, help="demonstrations per task (default 32)")
    g.add_argument("--image-size", type=int, default=32, help="rendered image size in pixels (default 32)")
    g.add_argument("--embodiment", default="default", help="default, camera-shift, action-scale, no-gripper-cam or mirrored")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--no-validation", dest="validation", action="store_false", help="write the training split only")
    g.set_defaults(fn=cmd_gen_data)
    t = sub.add_parser("train", help="train a resolved spec into a run directory, then run its evaluations")
    t.add_argument("--spec", required=True, help="the spec (a run's spec.json or a *.vla.json without a sweep)")
    t.add_argument("--run-dir", required=True, help="where events.jsonl, checkpoints/ and eval/ go")
    t.add_argument("--resume", action="store_true", help="continue exactly from the latest checkpoint in --run-dir")
    t.add_argument("--no-eval", action="store_true", help="skip the spec's evaluations after training")
    t.add_argument("--data-cache", help="where generated Playtable data goes (default: <run-dir>/../../_data)")
    t.set_defaults(fn=cmd_train)
    e = sub.add_parser("eval", help="evaluate a run's checkpoint on its spec's eval entries")
    e.add_argument("--run-dir", required=True)
    e.add_argument("--checkpoint", help="checkpoint file (default: the run's final checkpoint)")
    e.add_argument("--chains", type=int, help="override the number of chains (for chain_length 1: episodes in all, split over the tasks)")
    e.add_argument("--execute", choices=("first", "chunk"), default="first",
                   help="execute the first action of each predicted chunk (default, closed loop) or the whole chunk open-loop")
    e.set_defaults(fn=cmd_eval)
    x = sub.add_parser("export-onnx", help="export a run's policy to ONNX with policy.json beside it")
    x.add_argument("--run-dir", required=True)
    x.add_argument("--checkpoint", help="checkpoint file (default: the run's final checkpoint)")
    x.add_argument("-o", "--out", help="output directory (default: <run-dir>/export)")
    x.set_defaults(fn=cmd_export)
    a = p.parse_args(argv)
    a.fn(a)


if __name__ == "__main__":
    main()
