"""torchrun through any interpreter that has torch: `python <this file> <torchrun arguments>`.

The same as `python -m torch.distributed.run …`, except on torch builds whose elastic launcher is
broken on Python 3.11 (Debian's torch 1.13): there `Std.from_str("0")` walks an IntFlag, Python
3.11 no longer yields the zero-valued `Std.NONE` member when iterating, so it returns None and
torchrun dies in `to_map` with "'NoneType' object has no attribute 'get'". This file replaces
`Std.from_str` by a version that looks values up by number — only when that bug is present
(checked by calling it) — then runs torchrun's own `main`. Those builds also poll their workers
every 5 s (torch 2.x: 0.1 s), which adds up to 5 s to every run's end; unless the command line sets
`--monitor_interval`, they get 0.5 s. On torch 2.x it passes the arguments through untouched.

Standalone on purpose: it imports torch and the standard library only (never the rest of
vlalab), so it runs as a script path under RoboVLMs' interpreter or on Slurm nodes as well.
"""

import contextlib
import io
import os
import re
import shutil
import sys
import tempfile


def from_str_is_broken():
    """True when this torch's `Std.from_str("0")` returns None instead of Std.NONE."""
    from torch.distributed.elastic.multiprocessing.api import Std

    try:
        return Std.from_str("0") is None
    except Exception:  # noqa: BLE001 — an API that changed shape is not the bug this fixes
        return False


def patch_std_from_str():
    """Replaces Std.from_str when it is broken; returns True when it patched."""
    from torch.distributed.elastic.multiprocessing import api

    if not from_str_is_broken():
        return False
    std = api.Std
    value_re = getattr(api, "_VALUE_REGEX", r"^[0123]$")
    mapping_re = getattr(api, "_MAPPING_REGEX", r"^(\d:[0123],)*(\d:[0123])$")

    def from_str(cls, vm):
        # cls(int) looks a flag up by value, which Python 3.11 does for 0 as well (NONE).
        if re.match(value_re, vm):
            return cls(int(vm))
        if re.match(mapping_re, vm):
            d = {}
            for m in vm.split(","):
                i, v = m.split(":")
                d[int(i)] = cls(int(v))
            return d
        raise ValueError(f"{vm} does not match: <{value_re}> or <{mapping_re}>")

    std.from_str = classmethod(from_str)
    return True


def main(argv=None):
    # Run as a script, this file's folder (python/vlalab) is sys.path[0]: drop it so that nothing
    # in it can shadow a module torch imports.
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and sys.path[0] and os.path.abspath(sys.path[0]) == here:
        del sys.path[0]
    try:
        import torch.distributed.run as torchrun
    except ImportError as e:
        print(
            f"vlalab torchrun: torch.distributed.run is not importable from {sys.executable} ({e}); "
            "install PyTorch into this interpreter or choose another with --python",
            file=sys.stderr,
            flush=True,
        )
        return 2
    args = list(sys.argv[1:] if argv is None else argv)
    if patch_std_from_str():
        args = with_monitor_interval(args, torchrun)
    # torchrun's elastic agent keeps each worker's error file under --log-dir, by default a fresh
    # /tmp/torchelastic_* folder that nobody removes: one left behind per run. Ours is removed at the end.
    log_dir = None
    options = torchrun_options(args, torchrun)
    if options is not None and not any(a.split("=", 1)[0] in ("--log-dir", "--log_dir") for a in options):
        log_dir = tempfile.mkdtemp(prefix="vlalab-torchrun-")
        args = ["--log_dir", log_dir, *args]
    sys.argv = ["torchrun", *args]  # what torchrun's usage and error lines show
    from torch.distributed.elastic.multiprocessing.api import SignalException
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError

    try:
        return run(torchrun, args, ChildFailedError, SignalException)
    finally:
        if log_dir:
            shutil.rmtree(log_dir, ignore_errors=True)


def run(torchrun, args, ChildFailedError, SignalException):
    """torchrun's main; its failures as one line and the exit status of the first failed worker."""
    try:
        torchrun.main(args)
    except ChildFailedError as e:
        # Exit as the first failed worker did (2 = it refused its input, 143 = it was cancelled), with
        # one line on stdout instead of torchrun's traceback and table: the worker's own stderr says why.
        rank, failure = e.get_first_failure()
        code = failure.exitcode if failure.exitcode >= 0 else 128 - failure.exitcode
        failed = sorted(e.failures)
        print(
            f"torchrun: rank {rank} {'exited with code ' + str(failure.exitcode) if failure.exitcode >= 0 else 'was killed by ' + failure.signal_name()}"
            f" (failed rank{'s' if len(failed) > 1 else ''}: {', '.join(map(str, failed))})",
            flush=True,
        )
        return code if 0 < code < 256 else 1
    except SignalException as e:
        # torchrun itself got SIGTERM/SIGINT (a cancel): it has passed it on to the workers and waited.
        print(f"torchrun: stopped by {e.sigval.name}; the workers got it too", flush=True)
        return 128 + int(e.sigval)
    return 0


def torchrun_options(args, torchrun):
    """torchrun's own options in args (those before the training script), or None when they do not
    parse (torchrun itself then says what is wrong)."""
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            ns = torchrun.get_args_parser().parse_args(args)
    except (Exception, SystemExit):  # noqa: BLE001
        return None
    return args[: len(args) - len(ns.training_script_args) - 1]


def with_monitor_interval(args, torchrun, seconds=0.5):
    """args with `--monitor_interval <seconds>` first when torchrun's default is slower than 1 s and
    torchrun's own options (those before the training script) set none."""
    options = torchrun_options(args, torchrun)
    if options is None:
        return args
    default = float(torchrun.get_args_parser().get_default("monitor_interval"))
    if default <= 1 or any(a.split("=", 1)[0] in ("--monitor_interval", "--monitor-interval") for a in options):
        return args
    return ["--monitor_interval", str(seconds), *args]


if __name__ == "__main__":
    sys.exit(main())
