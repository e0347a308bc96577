"""How the tests and benchmarks start the real trainer (or any script) under torchrun through
python/vlalab/torchrun.py on this machine: the shim, the environment (the repo's python/ on the path,
one thread per process) and the command line of one host × `nproc` processes meeting on 127.0.0.1 at
a free port. Used by test_torchrun.py, test_two_hosts.py (its one-host reference run) and
bench/scaleout_bench.py (its one-host layout)."""

import os
import socket
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SHIM = os.path.join(ROOT, "python", "vlalab", "torchrun.py")
PY = sys.executable
ENV = {
    **os.environ,
    "PYTHONPATH": os.path.join(ROOT, "python"),
    "VLA_LAB_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
}


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def torchrun(nproc, *args):
    """torchrun's command line for one host × `nproc` processes running `args` (a script and its
    arguments, or -m vlalab train …), rendezvous on 127.0.0.1 at a free port."""
    return [
        PY,
        SHIM,
        "--nnodes",
        "1",
        "--node_rank",
        "0",
        "--nproc_per_node",
        str(nproc),
        "--master_addr",
        "127.0.0.1",
        "--master_port",
        str(free_port()),
        *args,
    ]
