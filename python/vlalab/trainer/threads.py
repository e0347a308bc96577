"""How many intra-op threads torch uses when training or evaluating on the CPU (one owner).

Measured on 2 cores: one intra-op thread with OpenBLAS on all cores is fastest for training
(oversubscribing torch + OpenBLAS threads is 2x slower); for evaluation on a loaded 2-core machine
(load ~15), torch's default of one thread per core made each policy call ~10x slower in wall time
(threads spin-waiting for each other: 143 s vs 14 s for the same 40 steps of 16 envs).
VLA_LAB_THREADS overrides."""

import os

import torch

DEFAULT_THREADS = 1


def set_torch_threads():
    torch.set_num_threads(int(os.environ.get("VLA_LAB_THREADS", str(DEFAULT_THREADS))))
