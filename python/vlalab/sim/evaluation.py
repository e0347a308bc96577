"""Long-horizon (CALVIN challenge) and single-task evaluation of a policy on the Playtable.

B envs step together; each env works through its own chain, advancing to its next subtask as
soon as the current one's success condition holds (checked every step) and stopping the chain
at the first subtask that runs out of steps. Results use RoboVLMs' CALVIN result names.

A single-task evaluation (chains of length 1) is a success rate per task, reported with its episode
count and a 95% Wilson interval (`success_by_task`): "success at 1..5" and "average length" only
mean something for chains."""
import math
import os

import numpy as np

from .chains import symbolic_applicable, symbolic_effect
from .experts import ScriptedExpert, post_site
from .instructions import instruction_for, task_from_instruction, training_phrasings
from .scene import block_supports, check_scene
from .tasks import COLORS, build_initial_state, check_task, placement_seed, random_initial_descriptor, task_success
from .vec_env import PlaytableVecEnv
from .video import write_video


# Steps a scripted expert gets for a setup task (not scored): never fewer than this, so an evaluation
# with a short `max_steps` still reaches the states its tasks start from.
SETUP_STEPS = 360


class OraclePolicy:
    """Reads the task from the instruction and runs its scripted expert: an upper bound for
    the harness, used by tests and benchmarks. Needs the env (bind_env is called)."""

    def __init__(self, noise=0.0, seed=0, routes=1):
        self.noise, self.rng, self.routes = noise, np.random.default_rng(seed), routes
        self.env, self.experts, self.tasks = None, {}, {}

    def bind_env(self, env):
        self.env = env

    def reset(self, env_indices):
        for i in env_indices:
            self.experts.pop(int(i), None)

    def __call__(self, obs, instructions):
        out = np.zeros((len(instructions), 7))
        for i, text in enumerate(instructions):
            task = task_from_instruction(text)
            ex = self.experts.get(i)
            if ex is None or ex.task != task:
                ex = self.experts[i] = ScriptedExpert(task, noise=self.noise, rng=self.rng, routes=self.routes)
                ex.reset(self.env.state, i)
            out[i] = ex.act(self.env.state, i)
        return self.env.from_world(out)


class RandomPolicy:
    def __init__(self, seed=0):
        self.rng = np.random.default_rng(seed)

    def reset(self, env_indices):
        pass

    def __call__(self, obs, instructions):
        a = self.rng.uniform(-1, 1, size=(len(instructions), 7))
        a[:, 6] = np.sign(a[:, 6])
        return a


def _pick_instruction(task, held_out, rng):
    if held_out:
        return instruction_for(task, 0, held_out=True)
    options = training_phrasings(task)
    return options[int(rng.integers(len(options)))]


def evaluate_chains(policy, chains, *, image_size, embodiment="default", max_steps=360,
                    held_out_phrasings=True, batch_size=32, video_dir=None, num_videos=0, seed=1000,
                    progress=None, setups=None, chain_ids=None, scene="A", obstacle=False):
    """Run `chains` [(initial_state, [task, ...]), ...]; `setups` (optional, one list per chain)
    names tasks a scripted expert performs first, which are not scored (single-task
    evaluation uses them to reach states such as 'a block is held').

    An episode is a function of (seed, its chain id) only — its scene, its setup expert's and its
    instructions' random draws — never of the batch or of which chains ran before it, so a chain
    evaluated alone (`chain_ids`: the chains' ids in a larger evaluation, default 0..n-1; the
    vla-eval benchmark runs one chain per episode) ends as it does in a batch. `scene`: the CALVIN
    scene (A-D) every chain runs in (CALVIN's ABC->D evaluates in D).

    `obstacle` (single-task only): at the start of each scored task a post stands where
    experts.post_site puts it (none where the first leg is too short, ...); the hand or a held block
    touching it ends the episode as a failure at once. Each episode records `post` (placed or why not)
    and a failed one `failure: "post"` when the post was knocked over."""
    check_scene(scene)
    if not chains:
        raise ValueError("evaluate_chains needs at least one chain")
    if obstacle and any(len(t) > 1 for _, t in chains):
        raise ValueError("the obstacle option applies to single-task evaluations (chain_length 1), not chains")
    for _, tasks in chains:
        for t in tasks:
            check_task(t)
    setups = setups or [[] for _ in chains]
    n_chains = len(chains)
    chain_ids = [int(c) for c in (range(n_chains) if chain_ids is None else chain_ids)]
    if len(chain_ids) != n_chains:
        raise ValueError(f"evaluate_chains got {len(chain_ids)} chain ids for {n_chains} chains")
    b = max(1, min(int(batch_size), n_chains))
    env = PlaytableVecEnv(b, image_size=image_size, embodiment=embodiment, seed=seed, scene=scene)
    if hasattr(policy, "bind_env"):
        policy.bind_env(env)
    chain_rng = {}                        # chain index → its own random stream (setups, phrasings)
    max_len = max(len(t) for _, t in chains)

    slot_chain = np.full(b, -1)           # chain index each env works on (-1: idle)
    slot_sub = np.zeros(b, dtype=int)     # position in the chain's task list (setup included)
    slot_steps = np.zeros(b, dtype=int)
    slot_instr = [""] * b
    slot_expert = [None] * b              # scripted expert while running a setup task
    slot_frames = [None] * b
    start = env.state.copy()
    start_sup = (np.zeros((b, 3), dtype=np.int64), np.zeros((b, 3), dtype=np.int64))
    episodes = [None] * n_chains
    # a chain's video holds every frame of its scored subtasks: at most max_steps per subtask, each
    # frame image_size² RGB bytes (the frames an episode may hold decide how many film at once)
    videos = _VideoSample(num_videos if video_dir else 0, [t for _, ts in chains for t in ts],
                          episode_bytes=(max_steps * max_len + 1) * image_size * image_size * 3)
    next_chain = 0
    done_chains = 0
    reset_happened = [False]

    def plan(ci):
        return [(t, True) for t in setups[ci]] + [(t, False) for t in chains[ci][1]]

    def begin_subtask(i):
        ci = slot_chain[i]
        task, is_setup = plan(ci)[slot_sub[i]]
        start.put([i], env.state.take([i]))
        sup, below = block_supports(env.state.take([i]))
        start_sup[0][i], start_sup[1][i] = sup[0], below[0]
        slot_steps[i] = 0
        if is_setup:
            slot_expert[i] = ScriptedExpert(task, rng=chain_rng[ci])
            slot_expert[i].reset(env.state, i)
            slot_instr[i] = instruction_for(task, 0)
        else:
            slot_expert[i] = None
            if obstacle:  # the post stands from the scored task's start (setups run without it)
                xy, why = post_site(task, env.state, i)
                env.state.post[i], env.state.post_hit[i] = xy is not None, False
                env.state.post_xy[i] = xy if xy is not None else (0.0, 0.0)
                episodes[ci]["post"] = "placed" if xy is not None else why
                episodes[ci]["post_xy"] = list(xy) if xy is not None else None
                reset_happened[0] = True  # the post shows in the next observation
            slot_instr[i] = _pick_instruction(task, held_out_phrasings, chain_rng[ci])
            policy.reset([int(i)])
            if slot_sub[i] == len(setups[ci]):  # the chain's first scored subtask: film the whole chain?
                slot_frames[i] = [] if videos.wants(chains[ci][1]) else None

    def start_chain(i):
        nonlocal next_chain
        if next_chain >= n_chains:
            slot_chain[i] = -1
            return
        ci = next_chain
        next_chain += 1
        init, tasks = chains[ci]
        env.state.put([i], build_initial_state([init], placement_seed("eval", seed, chain_ids[ci]), scene))
        chain_rng[ci] = np.random.default_rng([int(seed), chain_ids[ci]])
        reset_happened[0] = True
        slot_chain[i], slot_sub[i] = ci, 0
        slot_frames[i] = None
        episodes[ci] = {"chain": chain_ids[ci], "initial_state": dict(init), "tasks": list(tasks), "completed": 0,
                        "subtasks": []}
        begin_subtask(i)

    for i in range(b):
        start_chain(i)
    obs = env.observe()
    while done_chains < n_chains:
        active = slot_chain >= 0
        actions = np.zeros((b, 7))
        actions[:, 6] = 1.0
        pol = active & np.array([e is None for e in slot_expert])
        if pol.any():
            out = np.asarray(policy(obs, list(slot_instr)), dtype=np.float64)
            if out.shape != (b, 7):
                raise ValueError(f"policy returned actions of shape {out.shape}, expected ({b}, 7)")
            actions[pol] = out[pol]
        for i in np.flatnonzero(active & ~pol):
            actions[i] = env.from_world(slot_expert[i].act(env.state, i)[None])[0]
        for i in np.flatnonzero(active):
            if slot_frames[i] is not None:
                slot_frames[i].append(obs["rgb_static"][i].copy())
        obs = env.step(np.nan_to_num(actions))
        slot_steps[active] += 1
        # success checks, grouped by task
        current = {}
        for i in np.flatnonzero(active):
            current.setdefault(plan(slot_chain[i])[slot_sub[i]][0], []).append(i)
        success = np.zeros(b, dtype=bool)
        now_sup = block_supports(env.state)
        for task, idx in current.items():
            idx = np.array(idx)
            success[idx] = task_success(task, start.take(idx), env.state.take(idx),
                                        start_sup=(start_sup[0][idx], start_sup[1][idx]),
                                        now_sup=(now_sup[0][idx], now_sup[1][idx]))
        knocked = env.state.post_hit.copy()  # only scored tasks have a post
        for i in np.flatnonzero(active):
            ci = slot_chain[i]
            steps_all = plan(ci)
            task, is_setup = steps_all[slot_sub[i]]
            ok, out_of_time = bool(success[i]) and not knocked[i], slot_steps[i] >= (max(max_steps, SETUP_STEPS) if is_setup else max_steps)
            out_of_time = out_of_time or bool(knocked[i])
            if not ok and not out_of_time:
                continue
            if is_setup and not ok:
                raise RuntimeError(f"the scripted expert could not set up '{task}' for chain {chain_ids[ci]}: "
                                   "the chain's setup is not feasible from its initial state")
            chain_ends = not (ok and slot_sub[i] + 1 < len(steps_all))
            if not is_setup:
                ep = episodes[ci]
                ep["subtasks"].append({"task": task, "instruction": slot_instr[i], "success": ok,
                                       "steps": int(slot_steps[i])})
                if knocked[i]:
                    ep["subtasks"][-1]["failure"] = "post"  # knocked the obstacle's post over
                if ok:
                    ep["completed"] += 1
                if slot_frames[i] is not None and chain_ends:
                    # one video per chain, its whole run: named and judged by the subtask it ended
                    # on (success: every subtask done), with the chain's tasks and how many were done
                    frames = slot_frames[i] + [obs["rgb_static"][i]]
                    sub = len(ep["subtasks"]) - 1
                    whole = ep["completed"] == len(ep["tasks"])
                    meta = {"task": task, "instruction": slot_instr[i], "success": whole,
                            "steps": int(sum(s["steps"] for s in ep["subtasks"])), "chain": chain_ids[ci], "subtask": sub,
                            "tasks": list(ep["tasks"]), "completed": int(ep["completed"])}
                    if videos.room(task, whole):
                        path = write_video(os.path.join(video_dir, f"chain{chain_ids[ci]:04d}_sub{sub}_{task}"),
                                           np.stack(frames), meta)
                        videos.add({"path": path, **meta})
                    videos.finished()
                    slot_frames[i] = None
            if not chain_ends:
                slot_sub[i] += 1
                begin_subtask(i)
            else:
                done_chains += 1
                if progress is not None:
                    progress(done_chains, n_chains)
                start_chain(i)
        if reset_happened[0]:
            obs = env.observe()  # envs that started a new chain show their new scene
            reset_happened[0] = False
    out = _summarise(episodes, max_len, videos.choose())
    if obstacle:
        out["obstacle"] = obstacle_summary(episodes)
    return out


def obstacle_summary(episodes):
    """Per task: episodes, posts placed, posts knocked over, and why no post stood in the others."""
    out = {}
    for e in episodes:
        task = e["tasks"][0]
        c = out.setdefault(task, {"episodes": 0, "posts": 0, "knocked": 0, "no_post": {}})
        c["episodes"] += 1
        if e.get("post") == "placed":
            c["posts"] += 1
            c["knocked"] += int(any(s.get("failure") == "post" for s in e["subtasks"]))
        else:
            c["no_post"][e.get("post")] = c["no_post"].get(e.get("post"), 0) + 1
    return out


# Frames of the episodes being filmed are held in memory until each ends; this much at most.
FILMING_BYTES = 256 * 2 ** 20


class _VideoSample:
    """Which rollouts become videos: a sample balanced between successes and failures and spread
    over the tasks, so the gallery's "failures" filter shows failures whenever there are any.

    Whether an episode succeeds is known only at its end, so every episode that may still be useful
    is filmed — up to `per_task` successes and as many failures of each task are kept as candidates
    and written to disk — as long as the frames held in memory stay under FILMING_BYTES
    (`episode_bytes`: what one episode may hold; a 32 px, 120-step episode ≈ 0.4 MB, so hundreds film
    at once). Capping by memory rather than by a count per task matters: failures run to the step
    limit and end last, so a cap that films only the first few episodes of a task keeps their
    successes and misses the failures. choose() then keeps `budget` of them, alternating failure and
    success (the other outcome fills in when one runs out), each time from the task with the fewest
    kept so far, and deletes the rest. A chain is filmed whole and counts as a success only if every
    subtask succeeded."""

    def __init__(self, budget, tasks, episode_bytes=0):
        self.budget = int(budget)
        task_list = list(dict.fromkeys(tasks))
        self.order = {t: k for k, t in enumerate(task_list)}
        self.per_task = -(-self.budget // max(1, len(task_list)))  # ceil
        self.count = {}                                             # (task, success) → candidates written
        self.max_filming = max(1, FILMING_BYTES // max(1, int(episode_bytes)))
        self.filming = 0                                            # episodes filming now
        self.candidates = []

    def wants(self, tasks):
        """Film an episode that works through `tasks` (it ends on one of them)?"""
        if self.budget <= 0 or self.filming >= self.max_filming:
            return False
        if not any(self.room(task, ok) for task in tasks for ok in (True, False)):
            return False
        self.filming += 1
        return True

    def finished(self):
        """An episode that was filming has ended (kept as a candidate or not)."""
        self.filming = max(0, self.filming - 1)

    def room(self, task, success):
        return self.budget > 0 and self.count.get((task, bool(success)), 0) < self.per_task

    def add(self, video):
        key = (video["task"], bool(video["success"]))
        self.count[key] = self.count.get(key, 0) + 1
        self.candidates.append(video)

    def choose(self):
        pools = {ok: [v for v in self.candidates if bool(v["success"]) == ok] for ok in (False, True)}
        kept, per_task = [], {}
        want_failure = True
        while len(kept) < self.budget and (pools[False] or pools[True]):
            desired = not want_failure
            ok = desired if pools[desired] else (not desired)
            pool = pools[ok]
            best = min(range(len(pool)), key=lambda i: (per_task.get(pool[i]["task"], 0), self.order.get(pool[i]["task"], 0), i))
            v = pool.pop(best)
            per_task[v["task"]] = per_task.get(v["task"], 0) + 1
            kept.append(v)
            want_failure = not want_failure
        for v in pools[False] + pools[True]:
            for path in (v["path"], os.path.splitext(v["path"])[0] + ".json"):
                try:
                    os.remove(path)
                except FileNotFoundError:
                    pass
        kept.sort(key=lambda v: (v["chain"], v["subtask"]))
        return kept


def _summarise(episodes, max_len, videos):
    completed = np.array([e["completed"] for e in episodes])
    task_info = {}
    for e in episodes:
        for s in e["subtasks"]:
            ti = task_info.setdefault(s["task"], {"success": 0, "total": 0})
            ti["total"] += 1
            ti["success"] += int(s["success"])
    return {
        "avg_seq_len": float(completed.mean()),
        "chain_sr": {str(k): float((completed >= k).mean()) for k in range(1, max_len + 1)},
        "task_info": task_info,
        "episodes": episodes,
        "videos": videos,
    }


# The 97.5% quantile of the standard normal: a two-sided 95% interval.
Z_95 = 1.959963984540054


def wilson_interval(success, total, z=Z_95):
    """The Wilson score interval (low, high) of a success rate: unlike p ± z·√(p(1-p)/n) it stays
    inside [0, 1] and is not zero-width at 0/n or n/n — what small evaluation counts need."""
    if total <= 0:
        return 0.0, 1.0
    p = success / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def success_by_task(task_info):
    """{task: {success, total}} → {task: {success, total, rate, low, high}} (rates in [0, 1]),
    plus "all" pooling every task's episodes."""
    out = {}
    pooled = {"success": sum(c["success"] for c in task_info.values()), "total": sum(c["total"] for c in task_info.values())}
    for task, c in sorted(task_info.items()) + [("all", pooled)]:
        low, high = wilson_interval(c["success"], c["total"])
        out[task] = {"success": c["success"], "total": c["total"], "rate": c["success"] / c["total"] if c["total"] else 0.0,
                     "low": low, "high": high}
    return out


_SETUP_OPTIONS = {
    "place_in_slider": ("lift_table",), "place_in_drawer": ("lift_table",), "stack_block": ("lift_table",),
    "unstack_block": ("lift_table", "stack_block"),
}


def single_task_chains(task, episodes, seed):
    """`episodes` (initial_state, [task]) chains with expert setup prefixes where the task
    needs one (a held block, a stack, a block in the drawer); deterministic in `seed`."""
    check_task(task)
    rng = np.random.default_rng(seed)
    chains, setups = [], []
    while len(chains) < episodes:
        d = random_initial_descriptor(rng)
        prefix = []
        if task in _SETUP_OPTIONS or (task.startswith("lift_") and task.endswith("_drawer")):
            colour = task.split("_")[1] if task.startswith("lift_") else COLORS[int(rng.integers(3))]
            prefix = [f"lift_{colour}_block_table"]
            if task.startswith("lift_"):
                prefix.append("place_in_drawer")
            elif task == "unstack_block":
                prefix.append("stack_block")
        ok, s = True, dict(d)
        for t in prefix + [task]:
            if not symbolic_applicable(t, s):
                ok = False
                break
            s = symbolic_effect(t, s)
        if ok:
            chains.append((d, [task]))
            setups.append(prefix)
    return chains, setups


def single_task_plan(tasks, episodes_per_task, seed):
    """The (chains, setups) a single-task evaluation of `tasks` runs, `episodes_per_task` each."""
    chains, setups = [], []
    for k, task in enumerate(tasks):
        c, s = single_task_chains(task, episodes_per_task, seed=seed * 7919 + 104729 + k)
        chains += c
        setups += s
    return chains, setups


def evaluate_single_tasks(policy, tasks, episodes_per_task, *, image_size, embodiment="default",
                          max_steps=360, held_out_phrasings=True, batch_size=32, video_dir=None,
                          num_videos=0, seed=2000, progress=None, scene="A", obstacle=False):
    """Each task from `episodes_per_task` held-out initial states (seeds distinct from the
    data generator's); evaluate_chains' result (chain length 1) plus `success_by_task`."""
    chains, setups = single_task_plan(tasks, episodes_per_task, seed)
    res = evaluate_chains(policy, chains, image_size=image_size, embodiment=embodiment,
                          max_steps=max_steps, held_out_phrasings=held_out_phrasings,
                          batch_size=batch_size, video_dir=video_dir, num_videos=num_videos,
                          seed=seed, progress=progress, setups=setups, scene=scene, obstacle=obstacle)
    res["success_by_task"] = success_by_task(res["task_info"])
    return res
