#!/usr/bin/env bash
# The prepared GPU check (issue: real ML stack). Run it once on a GPU machine, e.g. through the
# device tool from the repo root:  bash bench/gpu-check.sh   (about 3-6 minutes on one H100/H200)
# It uses the machine's own python3 with torch (+ transformers for the hf: families); nothing is
# installed or downloaded. Figures go to stdout and to $OUT/gpu-check.jsonl when $OUT is set;
# copy the markdown table into docs/benchmarks.md ("GPU check"). CI never runs this.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
out=${OUT:-$(mktemp -d)}
export PYTHONUNBUFFERED=1 PYTHONPATH=python
echo "== machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "no nvidia-smi"
"$PY" -c 'import torch, sys; print("python", sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda, "devices", torch.cuda.device_count())'
"$PY" -c 'import transformers; print("transformers", transformers.__version__)' || echo "transformers missing: the hf: check will fail"
gpus=$("$PY" -c 'import torch; print(torch.cuda.device_count())')
if [ "${gpus:-0}" -lt 1 ]; then echo "no CUDA device: nothing to check here"; exit 1; fi

echo "== 1. the ~300M built-in preset: bf16 + fused AdamW, DDP over NCCL ($gpus process(es))"
timeout 300 "$PY" -m torch.distributed.run --standalone --nproc_per_node "$gpus" bench/gpu_check.py --only large --steps 30 | tee "$out/gpu-check.jsonl"
echo "== 2. hf: families on CUDA (tiny random LLaVA, PaliGemma, Qwen2-VL, Idefics3, Kosmos-2)"
timeout 240 "$PY" bench/gpu_check.py --only hf --steps 10 | tee -a "$out/gpu-check.jsonl"
echo "== 3. onnxruntime-node's CUDA provider"
if command -v node >/dev/null && [ -d node_modules/onnxruntime-node ]; then
  node -e 'const o=require("onnxruntime-node"); console.log("onnxruntime-node", o.env.versions.common, "backends:", JSON.stringify(o.listSupportedBackends()))'
  ls node_modules/onnxruntime-node/bin/napi-v*/linux/x64/ 2>/dev/null | grep -i cuda || echo "no CUDA provider library next to the binding (npm ci skipped its download): CPU only"
else
  echo "node or node_modules/onnxruntime-node not on this machine: skipped (carry node_modules to check it)"
fi
