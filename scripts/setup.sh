#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine (as root) lacks for VLA Lab: Debian's CPU PyTorch and
# friends for the trainer, ffmpeg for rollout videos (Pillow for their GIF fallback), OpenBLAS
# (Debian's torch is ~10x slower on the reference BLAS), then the npm dependencies. Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
/usr/bin/python3 -c "import torch, numpy, pytest, yaml" 2>/dev/null || need+=(python3-torch python3-numpy python3-pytest python3-yaml)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ] || need+=(libopenblas0-pthread)
/usr/bin/python3 -c "import onnx" 2>/dev/null || need+=(python3-onnx)
# Pillow: the rollout writer's GIF path (used when ffmpeg is missing) and its test.
/usr/bin/python3 -c "import PIL" 2>/dev/null || need+=(python3-pil)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # onnxruntime-node's install step downloads CUDA binaries from a host that may be unreachable;
  # .npmrc skips it too, this covers npm versions that ignore the project config.
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
fi
