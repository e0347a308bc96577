"""Evaluating a checkpoint on its spec's eval entries (Playtable), with the policy wrapped in the
benchmark harness's interface (`reset(env_indices)`, `__call__(obs, instructions) → (n, 7)`).

The wrapper keeps a per-environment history buffer of the last `policy.history` observations
(reset when the harness starts a subtask; a short buffer is left-padded by repeating its first
frame, exactly as the loader pads windows at an episode's start). Execution: by default the FIRST
action of each predicted chunk is executed and the policy is queried again every step (closed
loop, what worked best here; the chunk still helps training as an auxiliary target);
`execute="chunk"` runs the whole chunk open-loop before querying again. The gripper is executed
as ±1. Only the checkpoint's own normalisation statistics and vocabulary are used.
"""
import json
import os
import time

import numpy as np
import torch

from . import checkpoint as ckpt
from .dataset import CAMERA_KEYS, images_to_float, resize_images


class HarnessPolicy:
    def __init__(self, policy, tokenizer, spec, device="cpu", execute="first"):
        self.policy, self.tok, self.spec, self.device = policy, tokenizer, spec, torch.device(device)
        self.history, self.chunk = spec["policy"]["history"], spec["policy"]["chunk"]
        self.cameras, self.size = spec["observation"]["cameras"], spec["observation"]["image_size"]
        self.execute = execute
        self.buffers, self.queues, self._tok_cache = {}, {}, {}

    def reset(self, env_indices):
        for i in env_indices:
            self.buffers.pop(int(i), None)
            self.queues.pop(int(i), None)

    def _tokens(self, instructions):
        pairs = []
        for text in instructions:
            if text not in self._tok_cache:
                self._tok_cache[text] = self.tok.encode(text)
            pairs.append(self._tok_cache[text])
        return torch.tensor([p[0] for p in pairs]), torch.tensor([p[1] for p in pairs], dtype=torch.bool)

    @torch.no_grad()
    def __call__(self, obs, instructions):
        n = len(instructions)
        frame = torch.stack([images_to_float(resize_images(np.asarray(obs[CAMERA_KEYS[c]]), self.size)) for c in self.cameras], 1)
        proprio = torch.as_tensor(np.asarray(obs["robot_obs"])[:, :15], dtype=torch.float32)
        for i in range(n):
            buf = self.buffers.setdefault(i, [])
            buf.append((frame[i], proprio[i]))
            del buf[:-self.history]
        need = [i for i in range(n) if not self.queues.get(i)]
        if need:
            imgs, props = [], []
            for i in need:
                buf = self.buffers[i]
                pad = [buf[0]] * (self.history - len(buf)) + buf
                imgs.append(torch.stack([f for f, _ in pad]))
                props.append(torch.stack([q for _, q in pad]))
            ids, mask = self._tokens([instructions[i] for i in need])
            actions, _ = self.policy.predict(torch.stack(imgs).to(self.device), ids.to(self.device), mask.to(self.device), torch.stack(props).to(self.device))
            actions = actions.float().cpu().numpy()
            actions[..., -1] = np.where(actions[..., -1] >= 0, 1.0, -1.0)
            for k, i in enumerate(need):
                self.queues[i] = list(actions[k][: (self.chunk if self.execute == "chunk" else 1)])
        return np.stack([self.queues[i].pop(0) for i in range(n)]).astype(np.float64)


def evaluate(run_dir, checkpoint=None, chains=None, events=None, execute="first", log=print, device=None):
    """Runs every eval entry of the checkpoint's spec; returns the list of summaries."""
    from ..sim.chains import generate_chains, load_eval_sequences
    from ..sim.evaluation import evaluate_chains, evaluate_single_tasks
    path = checkpoint or ckpt.final_or_latest(run_dir)
    if path is None:
        raise ckpt.CheckpointError(f"{run_dir} has no checkpoint to evaluate; train first")
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    state = ckpt.load(path)
    policy, tok, spec = ckpt.build_policy(state, device)
    rel = os.path.relpath(path, run_dir)
    out_dir = os.path.join(run_dir, "eval", os.path.splitext(os.path.basename(path))[0])
    os.makedirs(out_dir, exist_ok=True)
    last = spec["data"]["stages"][-1]["datasets"]
    trained_tasks = sorted({t for d in last for t in (d.get("tasks") or [])})
    results = []
    for k, entry in enumerate(spec.get("eval") or []):
        if entry["benchmark"] != "playtable":
            log(f"eval[{k}]: benchmark '{entry['benchmark']}' needs the robovlms backend; skipped")
            if events:
                events.emit("warning", code="eval_skipped", message=f"eval[{k}]: benchmark '{entry['benchmark']}' is not run by the built-in trainer")
            continue
        tasks = entry.get("tasks") or trained_tasks or None
        n = int(chains or entry.get("chains", 50))
        length = int(entry.get("chain_length", 5))
        harness = HarnessPolicy(policy, tok, spec, device, execute)
        video_dir = os.path.join(out_dir, f"videos_{k}") if entry.get("videos", 0) else None
        kw = dict(image_size=spec["observation"]["image_size"], embodiment=last[0].get("embodiment", "default"),
                  max_steps=entry.get("max_steps", 360), held_out_phrasings=entry.get("held_out_phrasings", True),
                  video_dir=video_dir, num_videos=int(entry.get("videos", 0)), seed=int(entry.get("seed", 1000)), batch_size=64)

        def progress(done, total):
            if events and (done == total or done % max(1, total // 10) == 0):
                events.emit("progress", step=done, total=total, phase="eval")

        t0 = time.time()
        if length == 1:
            tasks = tasks or ["open_drawer"]
            per_task = max(1, -(-n // len(tasks)))  # `chains` episodes in all, split over the tasks
            res = evaluate_single_tasks(harness, tasks, per_task, progress=progress, **kw)
        else:
            seqs = load_eval_sequences(entry["sequences"], limit=n) if entry.get("sequences") else \
                generate_chains(n, length, tasks=tasks, seed=int(entry.get("seed", 1000)))
            res = evaluate_chains(harness, seqs, progress=progress, **kw)
        secs = time.time() - t0
        summary = {"avg_seq_len": res["avg_seq_len"], "chain_sr": res["chain_sr"], "task_info": res["task_info"]}
        rpath = os.path.join(out_dir, f"results_playtable{'' if k == 0 else f'_{k}'}.json")
        with open(rpath + ".tmp", "w", encoding="utf-8") as f:
            json.dump(dict(summary, checkpoint=rel, step=int(state["step"]), chain_length=length, num_chains=len(res["episodes"]),
                           seconds=secs, execute=execute, episodes=res["episodes"]), f, indent=1, default=str)
        os.replace(rpath + ".tmp", rpath)
        per = ", ".join(f"{t} {v['success']}/{v['total']}" for t, v in sorted(res["task_info"].items()))
        log(f"eval[{k}] playtable: avg_seq_len {res['avg_seq_len']:.3f} chain_sr {res['chain_sr']} ({per}) in {secs:.0f} s")
        if events:
            events.emit("eval_result", benchmark="playtable", checkpoint=rel, step=int(state["step"]), num_chains=len(res["episodes"]),
                        chain_length=length, avg_seq_len=res["avg_seq_len"], chain_sr=res["chain_sr"], task_info=res["task_info"],
                        single_task=res["task_info"] if length == 1 else None, results_path=os.path.relpath(rpath, run_dir))
            for v in res.get("videos", []):
                fmt = os.path.splitext(v["path"])[1].lstrip(".").lower()
                events.emit("media", kind="video", path=os.path.relpath(v["path"], run_dir), format=fmt if fmt in ("mp4", "gif", "png") else None,
                            task=v.get("task"), instruction=v.get("instruction"), success=bool(v.get("success")), steps=int(v.get("steps", 0)),
                            checkpoint=rel, chain=v.get("chain"), subtask=v.get("subtask"))
        results.append(dict(summary, results_path=rpath))
    return results
