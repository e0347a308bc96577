"""Shared helpers of the trainer tests: a small synthetic dataset in CALVIN's on-disk layout (the
loader must read it as it reads real CALVIN data), tiny specs, and running the CLI."""
import json
import os
import subprocess
import sys

import numpy as np

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PY = sys.executable
CLI = ["-m", "vlalab.cli"]  # what `python -m vlalab` runs


def write_fake_calvin(root, split="training", episodes=4, length=12, size=32, seed=0, tasks=("open_drawer", "close_drawer")):
    """Episodes whose image encodes the instruction (red top half for 'open') and the step
    (brightness), and whose actions are a function of both, so a policy can learn them."""
    rng = np.random.default_rng(seed)
    d = os.path.join(root, split)
    os.makedirs(os.path.join(d, "lang_annotations"), exist_ok=True)
    ids, anns, task_names, frame = [], [], [], 0
    for e in range(episodes):
        task = tasks[e % len(tasks)]
        sign = 1.0 if "open" in task else -1.0
        start = frame
        for t in range(length):
            u = t / length
            img = np.full((size, size, 3), int(40 + 200 * u), np.uint8)
            img[: size // 2, :, 0] = 255 if sign > 0 else 0
            act = np.array([sign * 0.5, 0.1 * u, sign * 0.2, 0.3 * u, -sign * 0.1, 0.2 - 0.1 * u, 1.0 if t < length // 2 else -1.0])
            np.savez(os.path.join(d, f"episode_{frame:07d}.npz"), rgb_static=img, rgb_gripper=255 - img, rel_actions=act, actions=act,
                     robot_obs=rng.normal(0, 1, 15), scene_obs=np.zeros(24))
            frame += 1
        ids.append((start, frame - 1))
        anns.append("open the drawer" if sign > 0 else "close the drawer")
        task_names.append(task)
    np.save(os.path.join(d, "ep_start_end_ids.npy"), np.array(ids))
    np.save(os.path.join(d, "lang_annotations", "auto_lang_ann.npy"),
            {"language": {"ann": anns, "task": task_names, "emb": np.zeros((len(anns), 1, 8))}, "info": {"episodes": [], "indx": ids}}, allow_pickle=True)
    return root


def tiny_spec(data_path, formulation="policy-head", head="mlp", space="continuous", steps=6, **train):
    return {
        "name": "t", "backbone": {"id": "tiny-prefix", "size": "nano"},
        "policy": {"formulation": formulation, "action_space": space, "history": 2, "chunk": 2,
                   "head": {"type": head, "hidden": 32, "layers": 1}, **({"discretization": {"bins": 16}} if space == "discrete" else {})},
        "observation": {"image_size": 16, "patch_size": 8, "cameras": ["static"], "proprio": False},
        "action": {"dim": 7, "gripper_weight": 0.1},
        "data": {"stages": [{"name": "finetune", "datasets": [{"type": "calvin", "path": data_path}], "steps": steps}]},
        "train": dict({"batch_size": 8, "lr": 1e-3, "log_every": 1, "checkpoint_every": 3, "seed": 0, "warmup_steps": 0}, **train),
    }


def write_spec(path, spec):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(spec, f)
    return path


def cli_env(extra=None):
    e = dict(os.environ, PYTHONPATH=os.path.join(REPO, "python"), OPENBLAS_NUM_THREADS="1")
    e.update(extra or {})
    return e


def run_cli(*args, env=None, timeout=300):
    return subprocess.run([PY, *CLI, *args], capture_output=True, text=True, env=cli_env(env), timeout=timeout, cwd=REPO)


def read_events(run_dir):
    with open(os.path.join(run_dir, "events.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
