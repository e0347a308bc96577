"""Runs RoboVLMs' main.py on a machine without CUDA: `python <this file> main.py <main.py's arguments>`.

RoboVLMs trains on GPUs only. Two things in its code stop a CPU run, and neither has a config value
or an environment variable that changes it:

- main.py calls `torch.distributed.init_process_group(backend="nccl")`: NCCL has no CPU tensors,
  so Lightning's DDP wrapper fails on its first broadcast (or the call fails outright on a CPU
  build of torch). Here the backend becomes "gloo" when CUDA is not available.
- its trainer moves every batch with `.cuda()` (robovlms/train/base_trainer.py): "Found no NVIDIA
  driver" / "Torch not compiled with CUDA enabled". Here `Tensor.cuda` returns the tensor itself
  when CUDA is not available (the model is on the CPU: Lightning put it there).

Nothing is written into the checkout: both are replaced in this process only, then main.py runs as
`python main.py …` would run it (`__main__`, its own folder first on sys.path, its argv). With CUDA
available nothing is replaced. The config must say `"trainer": {"accelerator": "cpu", …}` (VLA
Lab's compile writes that for a spec with `resources.gpus: 0`).

Standalone on purpose: it imports torch and the standard library only (never the rest of vlalab).
"""

import os
import runpy
import sys


def patch_for_cpu():
    """Replaces the two CUDA-only calls when CUDA is not available; returns what it replaced."""
    import torch
    import torch.distributed as dist

    if torch.cuda.is_available():
        return []
    original = dist.init_process_group

    def init_process_group(*args, **kwargs):
        if kwargs.get("backend") == "nccl":
            kwargs["backend"] = "gloo"
        elif args and args[0] == "nccl":
            args = ("gloo",) + tuple(args[1:])
        return original(*args, **kwargs)

    dist.init_process_group = init_process_group
    torch.Tensor.cuda = lambda self, *args, **kwargs: self
    return ["torch.distributed.init_process_group: nccl -> gloo", "torch.Tensor.cuda: no-op"]


def main(argv):
    if not argv or not argv[0].endswith(".py"):
        sys.stderr.write("usage: robovlms_cpu.py main.py [main.py's arguments]\n")
        return 2
    script = os.path.abspath(argv[0])
    if not os.path.isfile(script):
        sys.stderr.write(f"robovlms_cpu.py: {argv[0]} not found in {os.getcwd()} (run it in the RoboVLMs checkout)\n")
        return 2
    patched = patch_for_cpu()
    if patched:
        print("vla-lab: RoboVLMs on the CPU, replaced in this process: " + "; ".join(patched), flush=True)
    # As `python main.py`: its own folder first on sys.path (not this file's), its argv.
    sys.path[0] = os.path.dirname(script)
    sys.argv = [script] + list(argv[1:])
    runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
