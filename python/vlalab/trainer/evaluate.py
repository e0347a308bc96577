"""Evaluation of a trained policy on the Playtable benchmark (CALVIN-style chains).

The checkpoint carries its tokenizer (the word vocabulary, or an hf: model's tokenizer directory)
and action statistics; the policy is rebuilt from them, so an evaluation can never tokenize or
un-normalise otherwise than training did. At every step the policy sees its history window; how
predicted chunks become actions — the first action of each (receding horizon, RoboVLMs' CALVIN
wrapper and the default), the whole chunk, temporal ensembling or real-time chunking, with a
simulated inference delay — is the entry's `execution` (trainer/execution.py), recorded with the
result as its `protocol`."""

import json
import os
from collections import deque

import numpy as np
import torch

from .. import runlayout
from ..policy import build_policy
from ..policy.fast import FastTokenizer
from ..policy.tokenizer import tokenizer_from_state_dict
from ..sim.evaluation import Z_95, success_by_task, wilson_interval
from ..sim.version import chain_set_tag, protocol_tags
from . import checkpoint as ckpt
from .conditions import DEFAULT_EXPERT_NOISE, REFERENCES, check_condition, condition_policy
from .data import resize_frames
from .execution import ChunkExecutor, execution_protocol
from .health import warn_eval_all_failed
from .spec import with_defaults
from .threads import set_torch_threads


def load_policy(path, device="cpu", state=None):
    """The policy of checkpoint `path` (`state`: its already loaded contents), rebuilt with the
    tokenizer and statistics it was trained with; (policy in eval mode, spec, state)."""
    state = ckpt.load(path) if state is None else state
    for key in ("model", "tokenizer", "stats", "spec"):
        if key not in state:
            raise ValueError(f"{path} is not a VLA Lab checkpoint (no '{key}'); checkpoints without action statistics cannot be evaluated")
    spec = with_defaults(state["spec"])  # resolved already; this covers checkpoints of older versions
    # a FAST policy's action tokenizer, fitted on its training data (fast.py)
    action_tok = FastTokenizer.from_state_dict(state["action_tokenizer"]) if "action_tokenizer" in state else None
    policy = build_policy(spec, tokenizer_from_state_dict(state["tokenizer"]), state["stats"], action_tok)
    policy.load_state_dict(state["model"])
    return policy.to(device).eval(), spec, state


class HarnessPolicy:
    """Adapts a VLAPolicy to the evaluation harness: per-env history windows, batched inference."""

    KEYS = {"static": "rgb_static", "gripper": "rgb_gripper"}

    def __init__(self, policy, spec, device="cpu", protocol=None, seed=0):
        self.policy, self.device = policy, device
        self.cameras = spec["observation"]["cameras"]
        self.size = spec["observation"]["image_size"]
        self.history = policy.history
        self.protocol = protocol or {"execution": "first", "delay": 0}
        self.windows = {}
        self.executors = {}
        self.token_cache = {}
        # a generative head samples from this generator: an evaluation is a function of its seed
        self.generator = torch.Generator(device=device).manual_seed(seed)

    def reset(self, env_indices):
        for i in env_indices:
            self.windows.pop(int(i), None)
            self.executors.pop(int(i), None)

    def _frames(self, obs):
        cams = [resize_frames(np.asarray(obs[self.KEYS[c]]), self.size) for c in self.cameras]
        return np.stack(cams, axis=1)  # (n, cams, H, W, 3)

    @torch.inference_mode()
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
        execs = [self.executors.setdefault(i, ChunkExecutor(self.protocol, self.policy.chunk, self.policy.action_dim)) for i in range(n)]
        need = [i for i in range(n) if execs[i].wants_prediction()]
        if need:
            images = torch.from_numpy(np.stack([windows[i] for i in need])).to(self.device)
            ids, mask = self.policy.tokenizer.batch([instructions[i] for i in need])
            inpaint = None
            if self.protocol["execution"] == "rtc":
                parts = [execs[i].inpaint() for i in need]
                parts = [
                    p if p is not None else (np.zeros((self.policy.chunk, self.policy.arm_dim)), np.zeros(self.policy.chunk)) for p in parts
                ]
                inpaint = tuple(torch.from_numpy(np.stack(x)).float().to(self.device) for x in zip(*parts))
            chunks = self.policy.predict(
                images,
                ids.to(self.device),
                mask.to(self.device),
                generator=self.generator,
                inpaint=inpaint,
                guidance=self.protocol.get("rtc_guidance"),
            )
            for j, i in enumerate(need):
                execs[i].submit(chunks[j].clamp(-1, 1).cpu().numpy())
        return np.stack([e.act() for e in execs])


def report(res, chain_length):
    """What one evaluation reports: (the results-file summary, log lines). Chains report CALVIN's
    success at 1..N in a row and the average length; a single-task evaluation (chain_length 1)
    reports each task's success rate with its episode count and 95% Wilson interval, never as a
    chain result."""
    n = len(res["episodes"])
    if chain_length == 1:
        by_task = res.get("success_by_task") or success_by_task(res["task_info"])
        pooled = by_task["all"]
        summary = {
            "chain_length": 1,
            "num_episodes": n,
            "success": pooled["rate"],
            "task_info": res["task_info"],
            "success_by_task": {t: c for t, c in by_task.items() if t != "all"},
        }
        lines = [f"eval playtable single-task ({n} episodes, {len(by_task) - 1} tasks): success {_rate(pooled)}"]
        lines += [f"  {task:28s} {_rate(c)}" for task, c in by_task.items() if task != "all"]
        return summary, lines
    # 95% intervals: success at k in a row and each task inside chains (Wilson), the average length
    # (normal approximation over chains: a mean of n bounded counts)
    done = np.array([e["completed"] for e in res["episodes"]], dtype=float)
    sr_ci = {k: list(wilson_interval(int((done >= int(k)).sum()), n)) for k in res["chain_sr"]}
    half = Z_95 * float(done.std(ddof=1)) / np.sqrt(n) if n > 1 else float(chain_length)
    len_ci = [max(0.0, res["avg_seq_len"] - half), min(float(chain_length), res["avg_seq_len"] + half)]
    if n > 1 and done.min() == done.max():
        # Every chain completed the same count c: the normal approximation has no width (0.00–0.00 when
        # every chain fails), which claims a certainty 30 chains do not give. The mean can move only by
        # chains that end elsewhere; Wilson's upper end for 0 of n bounds their share.
        c, p = float(done[0]), wilson_interval(0, n)[1]
        len_ci = [c - c * p, c + (chain_length - c) * p]
    by_task = {t: c for t, c in success_by_task(res["task_info"]).items() if t != "all"}
    summary = {
        "chain_length": chain_length,
        "num_chains": n,
        "avg_seq_len": res["avg_seq_len"],
        "avg_seq_len_ci": len_ci,
        "chain_sr": res["chain_sr"],
        "chain_sr_ci": sr_ci,
        "task_info": res["task_info"],
        "success_by_task": by_task,
    }
    sr = " ".join(f"{k}:{v:.2f}" for k, v in res["chain_sr"].items())
    lines = [
        f"eval playtable ({n} chains, length {chain_length}): avg len {res['avg_seq_len']:.2f} "
        f"(95% CI {len_ci[0]:.2f}–{len_ci[1]:.2f}); success {sr}"
    ]
    lines += [f"  {task:28s} {_rate(c)}" for task, c in by_task.items()]
    return summary, lines


def _rate(c):
    return f"{c['success']}/{c['total']} {c['rate']:.0%} (95% CI {c['low']:.0%}–{c['high']:.0%})"


def episode_outcomes(episodes):
    """Every episode's outcome as a result file keeps it: its chain id and tasks, subtasks completed,
    and each scored subtask's task, instruction, success and steps — so two evaluations of one
    protocol (in-process and served, say) can be checked episode by episode, not only in total."""
    return [
        {
            "chain": int(e["chain"]),
            "tasks": list(e["tasks"]),
            "completed": int(e["completed"]),
            "subtasks": [
                {
                    "task": s["task"],
                    "instruction": s["instruction"],
                    "success": bool(s["success"]),
                    "steps": int(s["steps"]),
                    **({"failure": s["failure"]} if "failure" in s else {}),  # "post": knocked the obstacle's post over
                }
                for s in e["subtasks"]
            ],
            **({"post": e["post"]} if "post" in e else {}),  # obstacle: "placed" or why no post stood
        }
        for e in episodes
    ]


def write_result(run_dir, out_dir, index, checkpoint, step, summary, res, events, take=1):
    """Files one evaluation in a run: runlayout.eval_results_name(index, take) in `out_dir`, and with
    `events` its eval_result record and a media record per video (paths relative to the run).
    `checkpoint`: what was evaluated (a checkpoint path in the run, or model-server:<url>)."""
    result_path = os.path.join(out_dir, runlayout.eval_results_name(index, take))
    with open(result_path, "w") as f:
        json.dump({"checkpoint": checkpoint, "step": step, **summary, "episodes": episode_outcomes(res["episodes"])}, f, indent=1)
    if events is not None:
        # The eval_result record keeps avg_seq_len and chain_sr for every evaluation (the events
        # schema requires them); at chain length 1 they are the pooled success rate, and readers
        # show a single-task evaluation as per-task success rates (schemas/events.schema.json).
        events.emit(
            "eval_result",
            benchmark="playtable",
            checkpoint=checkpoint,
            step=step,
            protocol=summary.get("protocol"),
            num_chains=len(res["episodes"]),
            chain_length=summary["chain_length"],
            results_path=os.path.relpath(result_path, run_dir),
            avg_seq_len=res["avg_seq_len"],
            chain_sr=res["chain_sr"],
            task_info=res["task_info"],
        )
        for v in res.get("videos", []):
            events.emit(
                "media",
                kind="video",
                path=os.path.relpath(v["path"], run_dir),
                format=os.path.splitext(v["path"])[1][1:],
                task=v.get("task"),
                instruction=v.get("instruction"),
                success=bool(v.get("success")),
                steps=int(v.get("steps", 0)),
                checkpoint=checkpoint,
                chain=v.get("chain"),
                subtask=v.get("subtask"),
            )
    return result_path


def dataset_scenes(ds, base_dir=None):
    """The Playtable scenes a dataset's episodes come from, or None when it is not Playtable data.
    A dataset given by `path` says so in its own playtable.json (gen-data writes it beside each
    split), whatever the spec's `scenes` say; a generated one has the spec's `scenes`. Relative
    paths resolve from `base_dir` (the run folder, where the run's spec.json is)."""
    if ds.get("path"):
        root = ds["path"] if os.path.isabs(ds["path"]) or base_dir is None else os.path.join(base_dir, ds["path"])
        from .datasources import PLAYTABLE_RECORD  # playtable.json: schemas/data-sources.json controlRates.playtableRecord

        for f in (os.path.join(root, ds.get("split", "training"), PLAYTABLE_RECORD), os.path.join(root, PLAYTABLE_RECORD)):
            try:
                with open(f, encoding="utf-8") as fh:
                    return list(json.load(fh).get("scenes") or ["A"])  # data from before scenes: A
            except (OSError, ValueError, AttributeError):
                continue
        if ds["type"] != "playtable":
            return None
    return list(ds.get("scenes", ["A"])) if ds["type"] == "playtable" else None


def data_protocol(spec, base_dir=None):
    """(embodiment, expert_routes, train_scenes) of a resolved spec: what its training data makes
    part of an evaluation's protocol (in-process and through a model server alike). `base_dir`:
    where relative dataset paths resolve (the run folder)."""
    last = spec["data"]["stages"][-1]["datasets"]
    embodiment = next((ds.get("embodiment", "default") for ds in last), None)
    # 2: the policy learnt from two-route (multimodal) demonstrations (sim/experts.py ROUTE_SWING)
    expert_routes = max((ds.get("expert_routes", 1) for ds in last if ds["type"] == "playtable"), default=1)
    # CALVIN's split: the scenes the policy's Playtable demonstrations came from (every stage's)
    train_scenes = (
        sorted({sc for st in spec["data"]["stages"] for ds in st["datasets"] for sc in (dataset_scenes(ds, base_dir) or [])}) or None
    )
    return embodiment, expert_routes, train_scenes


def data_obstacle(spec):
    """Whether the policy's Playtable demonstrations (last stage) were made with the `obstacle` option:
    an eval entry's `obstacle` defaults to it."""
    return any(ds.get("obstacle", False) for ds in spec["data"]["stages"][-1]["datasets"] if ds["type"] == "playtable")


def entry_obstacle(entry, spec):
    """The eval entry's `obstacle` (Playtable 4), or when it says nothing the training data's (single-task
    entries; chains have no post)."""
    if entry.get("obstacle") is not None:
        return bool(entry["obstacle"])
    return entry["chain_length"] == 1 and data_obstacle(spec)


def entry_chain_set(entry, tasks):
    """The chain_set tag of an eval entry whose task pool is `tasks`."""
    if entry["chain_length"] == 1:
        return chain_set_tag("single-task", seed=entry["seed"], tasks=tasks)
    if entry.get("sequences"):
        return chain_set_tag("file", path=entry["sequences"])
    return chain_set_tag("generated", seed=entry["seed"], tasks=tasks)


def evaluate(
    run_dir,
    checkpoint_path=None,
    chains=None,
    events=None,
    log=print,
    device="cpu",
    eval_entries=None,
    condition=None,
    expert_noise=DEFAULT_EXPERT_NOISE,
):
    """Evaluates a checkpoint on the spec's eval entries (or `eval_entries`). `condition`: a reference
    point or control instead of the plain policy (trainer/conditions.py), recorded as
    protocol.condition and filed in its own folder."""
    from ..sim.chains import generate_chains, load_eval_sequences
    from ..sim.evaluation import evaluate_chains, evaluate_single_tasks
    from ..sim.tasks import TASKS

    check_condition(condition)
    set_torch_threads()

    path = checkpoint_path or ckpt.final(run_dir)
    if not path or not os.path.exists(path):
        raise FileNotFoundError(f"no checkpoint to evaluate in {run_dir}/checkpoints (train first, or pass --checkpoint)")
    policy, spec, state = load_policy(path, device)
    name = os.path.splitext(os.path.basename(path))[0]
    if condition is not None:  # never in the folder of the policy's own results
        name = condition if condition in REFERENCES else f"{name}-{condition}"
    out_dir = os.path.join(run_dir, runlayout.EVAL, name)
    os.makedirs(out_dir, exist_ok=True)
    trained_tasks = sorted({t for st in spec["data"]["stages"] for ds in st["datasets"] for t in (ds.get("tasks") or [])})
    embodiment, expert_routes, train_scenes = data_protocol(spec, run_dir)
    results = []
    all_failed_named = False  # the eval-all-failed alarm: once per run, not once per eval entry
    used = set()  # entry indices filed so far (two equal entries are still two places)
    for entry in eval_entries if eval_entries is not None else spec["eval"]:
        # results and videos are filed by the entry's place in the spec, so evaluating one entry
        # (--entry) never overwrites another entry's result, and two entries filming the same chain
        # never overwrite each other's video (run-layout.json "evaluation")
        index = next((k for k, e in enumerate(spec["eval"]) if e == entry and k not in used), len(results))
        used.add(index)
        if entry["benchmark"] != "playtable":
            raise ValueError(f"the built-in evaluator runs the playtable benchmark; '{entry['benchmark']}' needs the RoboVLMs backend")
        tasks = entry.get("tasks") or trained_tasks or None
        n = chains or entry["chains"]
        chain_length = entry["chain_length"]
        protocol = execution_protocol(entry, policy.chunk, spec["policy"]["head"]["type"], getattr(policy.head, "generative", False))
        if chain_length == 1 and not tasks:
            tasks = list(TASKS)  # data of every task (no `tasks` list): each of the 34 alone
        harness, condition_tags = condition_policy(
            condition,
            HarnessPolicy(policy, spec, device, protocol=protocol, seed=entry["seed"]),
            tasks=tasks or list(TASKS),
            seed=entry["seed"],
            held_out=entry["held_out_phrasings"],
            expert_noise=expert_noise,
        )
        take = runlayout.eval_take(out_dir, index)  # an earlier evaluation of this entry here stays as it is
        video_dir = runlayout.eval_videos_dir(out_dir, index, take)
        common = dict(
            image_size=spec["observation"]["image_size"],
            embodiment=embodiment,
            max_steps=entry["max_steps"],
            held_out_phrasings=entry["held_out_phrasings"],
            batch_size=min(64, n),
            video_dir=video_dir if entry["videos"] else None,
            num_videos=entry["videos"],
            seed=entry["seed"],
            scene=entry.get("scene", "A"),
        )

        def progress(done, total):
            if events is not None:
                events.emit("progress", step=int(state["step"]), total=int(state["step"]), phase="eval", samples_per_s=0, eta_s=None)

        obstacle = entry_obstacle(entry, spec)
        if chain_length == 1:
            per_task = max(1, n // max(1, len(tasks or [1])))
            res = evaluate_single_tasks(harness, tasks or [], per_task, obstacle=obstacle, **common)
        else:
            if obstacle:
                raise ValueError(
                    "the obstacle option applies to single-task evaluations (chain_length 1): set obstacle false on chain entries"
                )
            seqs = entry.get("sequences")
            if seqs:
                chain_list = load_eval_sequences(seqs, limit=n)
            else:
                chain_list = generate_chains(n, length=chain_length, tasks=tasks, seed=entry["seed"])
            res = evaluate_chains(harness, chain_list, **common)
        summary, lines = report(res, chain_length)
        scene = entry.get("scene", "A")
        chain_set = entry_chain_set(entry, tasks)
        tags = protocol_tags(
            scene=scene,
            train_scenes=train_scenes,
            chain_set=chain_set,
            chains=len(res["episodes"]),
            chain_length=chain_length,
            episodes=len(res["episodes"]),
            held_out_phrasings=entry["held_out_phrasings"],
            embodiment=embodiment,
            seed=entry["seed"],
            max_steps=entry["max_steps"],
            checkpoint=os.path.relpath(path, run_dir),
        )
        summary["protocol"] = {**tags, **protocol, "expert_routes": expert_routes, "obstacle": obstacle, **condition_tags}
        if obstacle:  # posts placed and knocked over, per task (sim/evaluation.py obstacle_summary)
            summary["obstacle"] = res["obstacle"]
        if condition_tags:
            lines[0] = f"[{' '.join(f'{k} {v}' for k, v in condition_tags.items())}] " + lines[0]
        if protocol != {"execution": "first", "delay": 0} or expert_routes != 1 or obstacle:
            shown = {**protocol, "expert_routes": expert_routes, **({"obstacle": True} if obstacle else {})}
            lines[0] += " [" + ", ".join(f"{k} {v}" for k, v in shown.items()) + "]"
        lines[0] += f" (Playtable {tags['benchmark_version']}, {tags['split'] or 'scene ' + scene})"
        write_result(run_dir, out_dir, index, os.path.relpath(path, run_dir), int(state["step"]), summary, res, events, take)
        for line in lines:
            log(line)
        if events is not None and not all_failed_named:
            all_failed_named = warn_eval_all_failed(events, int(state["step"]), res["task_info"], log)
        results.append(summary)
    return results
