#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine (as root) lacks for VLA Lab, idempotently:
#  - the project's Python virtual environment `.venv` with the Python package and its pinned
#    requirements (python/pyproject.toml, extras [hf,dev,analysis,trackers,data,eval]: torch 2.13 CPU,
#    transformers, peft, pandas, wandb, pyarrow + PyAV, vla-eval, …);
#  - ffmpeg (rollout videos) from Debian;
#  - the npm dependencies.
#  - with --tests (the test command passes it): Debian's Chromium, which the webview tests drive;
#    slurm-wlm + munge (the one-node Slurm cluster), iproute2 (network namespaces as test hosts) and
#    openssh-server/-client (ssh to those hosts).
# Re-running is quick: each step is skipped when what it installs is already there and current.
set -euo pipefail
cd "$(dirname "$0")/.."
apt_need=()
command -v ffmpeg >/dev/null || apt_need+=(ffmpeg)
if [ "${1:-}" = "--tests" ]; then
  [ -x /usr/bin/chromium ] || apt_need+=(chromium)
  # The one-node Slurm cluster (test/slurm/cluster.sh) and the two network-namespace hosts
  # (test/python/netns_hosts.py) the scale-out tests run the trainer on.
  command -v slurmctld >/dev/null && command -v munged >/dev/null || apt_need+=(slurm-wlm munge)
  command -v ip >/dev/null || apt_need+=(iproute2)
  # ssh between those hosts: test/integration/runner-hosts.test.ts starts its own sshd per host on a
  # private port with throw-away keys and configs. It never uses the system's sshd (where services may
  # start, Debian's package starts that one on port 22; in a container policy-rc.d refuses it).
  [ -x /usr/sbin/sshd ] && command -v ssh >/dev/null && command -v ssh-keygen >/dev/null || apt_need+=(openssh-server openssh-client)
fi
if [ ${#apt_need[@]} -gt 0 ]; then
  echo "setup: apt-get install ${apt_need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${apt_need[@]}" >/dev/null
fi

# The venv is (re)installed when python/pyproject.toml or this script is newer than the stamp of the last install.
PY_BASE=${VLA_LAB_BASE_PYTHON:-python3}
stamp=.venv/.vlalab-installed
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PY_BASE --version 2>&1)"
  "$PY_BASE" -m venv .venv || { echo "setup: '$PY_BASE -m venv' failed: install Python 3.10+ with venv (Debian: apt-get install python3-venv)"; exit 1; }
fi
if [ ! -f "$stamp" ] || [ python/pyproject.toml -nt "$stamp" ] || [ scripts/setup.sh -nt "$stamp" ]; then
  echo "setup: installing the Python package and its requirements into .venv (python/pyproject.toml)"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e './python[hf,dev,analysis,trackers,data,eval]'
  touch "$stamp"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # onnxruntime-node's install step downloads CUDA binaries from a host that may be unreachable;
  # .npmrc skips it too, this covers npm versions that ignore the project config.
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
fi
