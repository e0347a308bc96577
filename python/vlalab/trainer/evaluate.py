"""Evaluation of a trained policy on the Playtable benchmark (CALVIN-style chains).

The checkpoint carries its tokenizer (the word vocabulary, or an hf: model's tokenizer directory)
and action statistics; the policy is rebuilt from them, so an evaluation can never tokenize or
un-normalise otherwise than training did. Control is
closed-loop with receding horizon: at every step the policy sees its history window and the
first action of the predicted chunk is executed (RoboVLMs' CALVIN wrapper does the same)."""
import json
import os
from collections import deque

import numpy as np
import torch

from ..policy import build_policy
from ..policy.tokenizer import tokenizer_from_state_dict
from . import checkpoint as ckpt
from .data import resize_frames


def load_policy(path, device="cpu", state=None):
    """The policy of checkpoint `path` (`state`: its already loaded contents), rebuilt with the
    tokenizer and statistics it was trained with; (policy in eval mode, spec, state)."""
    state = ckpt.load(path) if state is None else state
    for key in ("model", "tokenizer", "stats", "spec"):
        if key not in state:
            raise ValueError(f"{path} is not a VLA Lab checkpoint (no '{key}'); checkpoints without action statistics cannot be evaluated")
    spec = state["spec"]
    policy = build_policy(spec, tokenizer_from_state_dict(state["tokenizer"]), state["stats"])
    policy.load_state_dict(state["model"])
    return policy.to(device).eval(), spec, state


class HarnessPolicy:
    """Adapts a VLAPolicy to the evaluation harness: per-env history windows, batched inference."""

    KEYS = {"static": "rgb_static", "gripper": "rgb_gripper"}

    def __init__(self, policy, spec, device="cpu"):
        self.policy, self.device = policy, device
        self.cameras = spec["observation"]["cameras"]
        self.size = spec["observation"]["image_size"]
        self.history = policy.history
        self.windows = {}
        self.token_cache = {}

    def reset(self, env_indices):
        for i in env_indices:
            self.windows.pop(int(i), None)

    def _frames(self, obs):
        cams = [resize_frames(np.asarray(obs[self.KEYS[c]]), self.size) for c in self.cameras]
        return np.stack(cams, axis=1)  # (n, cams, H, W, 3)

    def __call__(self, obs, instructions):
        frames = self._frames(obs)
        n = len(frames)
        windows = []
        for i in range(n):
            w = self.windows.get(i)
            if w is None:
                w = self.windows[i] = deque([frames[i]] * self.history, maxlen=self.history)
            else:
                w.append(frames[i])
            windows.append(np.stack(w))
        images = torch.from_numpy(np.stack(windows)).to(self.device)
        ids, mask = self.policy.tokenizer.batch(instructions)
        actions = self.policy.predict(images, ids.to(self.device), mask.to(self.device))
        return actions[:, 0].clamp(-1, 1).cpu().numpy()


def evaluate(run_dir, checkpoint_path=None, chains=None, events=None, log=print, device="cpu", eval_entries=None):
    from ..sim.chains import generate_chains, load_eval_sequences
    from ..sim.evaluation import evaluate_chains, evaluate_single_tasks

    path = checkpoint_path or ckpt.final(run_dir)
    if not path or not os.path.exists(path):
        raise FileNotFoundError(f"no checkpoint to evaluate in {run_dir}/checkpoints (train first, or pass --checkpoint)")
    policy, spec, state = load_policy(path, device)
    name = os.path.splitext(os.path.basename(path))[0]
    out_dir = os.path.join(run_dir, "eval", name)
    os.makedirs(out_dir, exist_ok=True)
    trained_tasks = sorted({t for st in spec["data"]["stages"] for ds in st["datasets"] for t in (ds.get("tasks") or [])})
    embodiment = next((ds.get("embodiment", "default") for ds in spec["data"]["stages"][-1]["datasets"]), "default")
    results = []
    for entry in (eval_entries if eval_entries is not None else spec.get("eval", [])):
        if entry["benchmark"] != "playtable":
            raise ValueError(f"the built-in evaluator runs the playtable benchmark; '{entry['benchmark']}' needs the RoboVLMs backend")
        tasks = entry.get("tasks") or trained_tasks or None
        n = chains or entry.get("chains", 50)
        harness = HarnessPolicy(policy, spec, device)
        video_dir = os.path.join(out_dir, "videos")
        common = dict(image_size=spec["observation"]["image_size"], embodiment=embodiment, max_steps=entry.get("max_steps", 360),
                      held_out_phrasings=entry.get("held_out_phrasings", True), batch_size=min(64, n),
                      video_dir=video_dir if entry.get("videos", 0) else None, num_videos=entry.get("videos", 0), seed=entry.get("seed", 1000))

        def progress(done, total):
            if events is not None:
                events.emit("progress", step=int(state["step"]), total=int(state["step"]), phase="eval", samples_per_s=0, eta_s=None)

        if entry.get("chain_length", 5) == 1:
            per_task = max(1, n // max(1, len(tasks or [1])))
            res = evaluate_single_tasks(harness, tasks or [], per_task, **common)
        else:
            seqs = entry.get("sequences")
            if seqs:
                chain_list = load_eval_sequences(seqs, limit=n)
            else:
                chain_list = generate_chains(n, length=entry.get("chain_length", 5), tasks=tasks, seed=entry.get("seed", 1000))
            res = evaluate_chains(harness, chain_list, **common)
        summary = {"avg_seq_len": res["avg_seq_len"], "chain_sr": res["chain_sr"], "task_info": res["task_info"]}
        result_path = os.path.join(out_dir, "results_playtable.json" if len(results) == 0 else f"results_playtable_{len(results)}.json")
        with open(result_path, "w") as f:
            json.dump({"checkpoint": os.path.relpath(path, run_dir), "step": state["step"], "chain_length": entry.get("chain_length", 5),
                       "num_chains": len(res["episodes"]), **summary}, f, indent=1)
        if events is not None:
            events.emit("eval_result", benchmark="playtable", checkpoint=os.path.relpath(path, run_dir), step=int(state["step"]),
                        num_chains=len(res["episodes"]), chain_length=entry.get("chain_length", 5), results_path=os.path.relpath(result_path, run_dir),
                        **summary)
            for v in res.get("videos", []):
                events.emit("media", kind="video", path=os.path.relpath(v["path"], run_dir), format=os.path.splitext(v["path"])[1][1:],
                            task=v.get("task"), instruction=v.get("instruction"), success=bool(v.get("success")), steps=int(v.get("steps", 0)),
                            checkpoint=os.path.relpath(path, run_dir), chain=v.get("chain"), subtask=v.get("subtask"))
        sr = " ".join(f"{k}:{v:.2f}" for k, v in res["chain_sr"].items())
        log(f"eval playtable ({len(res['episodes'])} chains, length {entry.get('chain_length', 5)}): avg len {res['avg_seq_len']:.2f}; success {sr}")
        for task, c in sorted(res["task_info"].items()):
            log(f"  {task:28s} {c['success']:3d}/{c['total']:<3d} {c['success'] / max(1, c['total']):.0%}")
        results.append(summary)
    return results
