"""gen-data: expert demonstrations on the Playtable written in CALVIN's on-disk layout.

<out_dir>/<split>/episode_XXXXXXX.npz   one per time step (7-digit global frame index)
<out_dir>/<split>/ep_start_end_ids.npy   (E, 2) inclusive frame ranges
<out_dir>/<split>/statistics.yaml        CALVIN's normalisation statistics
<out_dir>/<split>/lang_annotations/auto_lang_ann.npy   pickled dict (language ann/task/emb, info indx)
<out_dir>/<split>/lang_annotations/auto_lang_ann.json  the same without embeddings (no unpickling)
<out_dir>/<split>/playtable.json        how the demonstrations were generated (VLA Lab's own; CALVIN has none):
                                         benchmark version, scenes and the scene of each episode, phrasing set
"""
import hashlib
import json
import os
import time

import numpy as np
import yaml

from .chains import symbolic_applicable, symbolic_effect
from .evaluation import single_task_chains
from .experts import ROUTE_SWING, ScriptedExpert, post_site
from .instructions import TRAINING_PHRASING_SET, tokenize, training_phrasings
from .scene import check_scene
from .tasks import TASKS, build_initial_state, check_task, placement_seed, task_success
from .vec_env import PlaytableVecEnv
from .version import benchmark_version

EMB_DIM = 384  # CALVIN's sentence embeddings are 384-d
EXTRA_STEPS = 2
_NORMALIZE = "calvin_agent.utils.transforms.NormalizeVector"


def embed(text, dim=EMB_DIM):
    """Deterministic cheap sentence embedding: hashed bag of words, L2-normalised."""
    v = np.zeros(dim, np.float32)
    for w in tokenize(text):
        h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=8).digest(), "little")
        v[h % dim] += 1.0 if (h >> 32) & 1 else -1.0
    n = np.linalg.norm(v)
    return v / n if n > 0 else v


# The lead-in tasks of `lead_in` "articulated" (the default): the drawer, slider and LED.
ARTICULATED_LEAD_INS = ("open_drawer", "close_drawer", "move_slider_left", "move_slider_right", "turn_on_led",
                        "turn_off_led")
LEAD_IN_CHOICES = ("articulated", "any")
# `desk`: "scene" paints each demonstration's desk in its scene's colour (scene.SCENES); "random" in a
# colour drawn per demonstration (each channel uniform in DESK_RANGE), so that the desk's look says
# nothing about the layout and a policy must find the button, the switch and the drawer in the picture
# (the ABC->D diagnostic, bench/scene_reach.py: policies trained on scene-coloured desks recall a layout
# from the desk's colour). Evaluation always draws the scene's own desk.
DESK_CHOICES = ("scene", "random")
DESK_RANGE = (30, 230)


def _lead_in(task, init, rng, lead_in="articulated"):
    """Half the demos start where another task left the scene — a lead-in task the expert does first,
    unrecorded — as a chain's later tasks do. "articulated": one of ARTICULATED_LEAD_INS (the gripper
    left by a handle or the button), kept only where `task` can still be done after it (drawn as
    before the option existed, so default datasets are unchanged); "any": any task after which `task`
    can still be done, the block tasks included (the gripper left beside a pushed or turned block, or
    over the slider after a placement) — the states most of a chain's later tasks start from."""
    if rng.random() < 0.5:
        return []
    if lead_in == "articulated":
        options = [t for t in ARTICULATED_LEAD_INS if symbolic_applicable(t, init)]
        pre = [options[int(rng.integers(len(options)))]] if options else []
        return pre if pre and symbolic_applicable(task, symbolic_effect(pre[0], init)) else []
    options = [t for t in TASKS if t != task and symbolic_applicable(t, init) and symbolic_applicable(task, symbolic_effect(t, init))]
    return [options[int(rng.integers(len(options)))]] if options else []


def generate_dataset(out_dir, tasks, episodes_per_task, image_size, embodiment="default", seed=0,
                     split="training", max_steps=240, batch_size=32, noise=0.1, progress=None, expert_routes=1,
                     scenes=("A",), obstacle=False, lead_in="articulated", desk="scene"):
    """Write `episodes_per_task` successful expert demos per task; returns a summary dict.
    `scenes`: CALVIN scenes (A-D) the episodes are spread over, in turn within each task (CALVIN's
    ABC->D trains on A, B, C); playtable.json records each episode's scene.
    `expert_routes` 2: each recorded demonstration approaches by one of two detours chosen at random
    (experts.ROUTE_SWING) — multimodal demonstrations, which a regression head averages.
    `obstacle`: a post stands at the midpoint of each recorded task's first leg (experts.post_site; not
    in every episode) and the two-route expert goes around it — averaging the two routes runs into it.
    Needs expert_routes 2 (the one-route expert goes straight into the post).
    `lead_in`: which tasks may come first, unrecorded, in the half of the demonstrations that start
    where another task left the scene ("articulated" or "any"; _lead_in); playtable.json records each
    episode's lead-in task (or null).
    `desk`: "scene" or "random" (DESK_CHOICES); with "random" playtable.json lists each episode's desk
    colour. The colours come from their own random stream, so every other draw is the default's."""
    if split not in ("training", "validation"):
        raise ValueError(f"split must be 'training' or 'validation', got '{split}'")
    tasks = [check_task(t) for t in (tasks or TASKS)]
    if episodes_per_task < 1:
        raise ValueError("episodes_per_task must be at least 1")
    if obstacle and expert_routes != 2:
        raise ValueError("the obstacle option needs expert_routes 2: the one-route expert goes straight into the post")
    if lead_in not in LEAD_IN_CHOICES:
        raise ValueError(f"lead_in must be one of {', '.join(LEAD_IN_CHOICES)}, got '{lead_in}'")
    if desk not in DESK_CHOICES:
        raise ValueError(f"desk must be one of {', '.join(DESK_CHOICES)}, got '{desk}'")
    scenes = [check_scene(sc) for sc in scenes]
    if not scenes:
        raise ValueError("generate_dataset needs at least one scene (e.g. A)")
    t0 = time.time()
    root = os.path.join(out_dir, split)
    os.makedirs(os.path.join(root, "lang_annotations"), exist_ok=True)
    rng = np.random.default_rng(seed + (0 if split == "training" else 10_000_019))
    # the work list: (task, initial state, expert-only prefix (lead-in or setup), scene, lead-in task or None)
    jobs = []
    for task in tasks:
        chains, setups = single_task_chains(task, episodes_per_task, seed=int(rng.integers(1 << 30)))
        for e, ((init, _), setup) in enumerate(zip(chains, setups)):
            pre = _lead_in(task, init, rng, lead_in) if not setup else []
            jobs.append((task, init, pre + setup, scenes[e % len(scenes)], pre[0] if pre else None))
    # per job: its desk colour (None: the scene's); a job tried again keeps its colour
    desk_rng = np.random.default_rng([seed, 0 if split == "training" else 1, 0xDE5C])
    desks = [desk_rng.integers(DESK_RANGE[0], DESK_RANGE[1] + 1, 3).tolist() if desk == "random" else None for _ in jobs]
    b = max(1, min(batch_size, len(jobs)))
    env = PlaytableVecEnv(b, image_size=image_size, embodiment=embodiment, seed=seed)
    frame = 0
    ranges, anns, task_ids = [], [], []
    routes = []  # per written episode: the recorded expert's detour (-1 left, +1 right, 0 none)
    posts = []  # per written episode (obstacle): the post's (x, y), or why none stood
    episode_scenes = []  # per written episode: its CALVIN scene
    lead_ins = []  # per written episode: the task done before it, unrecorded (None: from the scene's start)
    episode_desks = []  # per written episode (desk "random"): its desk colour
    sums = {"robot_obs": [], "scene_obs": [], "rel_actions": []}
    attempts = failures = 0
    failed_tasks = {}
    queue = list(range(len(jobs)))
    slot = [None] * b  # per env: dict with job, stage, expert, frames

    def start(i):
        nonlocal attempts
        if not queue:
            slot[i] = None
            return
        j = queue.pop(0)
        task, init, prefix, scene, _ = jobs[j]
        attempts += 1
        env.state.put([i], build_initial_state([init], placement_seed("data", seed, split, attempts), scene))
        if desks[j] is not None:
            env.state.desk[i] = desks[j]
        slot[i] = {"job": j, "plan": prefix + [task], "stage": 0, "frames": [], "after": -1}
        _begin(i)

    def _begin(i):
        sl = slot[i]
        task = sl["plan"][sl["stage"]]
        final = sl["stage"] == len(sl["plan"]) - 1
        if obstacle and final:  # the post stands from the recorded task's start
            xy, why = post_site(task, env.state, i)
            env.state.post[i], env.state.post_hit[i] = xy is not None, False
            env.state.post_xy[i] = xy if xy is not None else (0.0, 0.0)
            sl["post"] = list(xy) if xy is not None else why
        ex = ScriptedExpert(task, noise=noise * rng.uniform(0.0, 1.5), rng=rng, routes=expert_routes if final else 1)
        ex.reset(env.state, i)
        sl.update(expert=ex, start=env.state.take([i]), steps=0)

    for i in range(b):
        start(i)
    obs = env.observe()
    while any(s is not None for s in slot):
        world = np.zeros((b, 7))
        world[:, 6] = 1.0
        for i, sl in enumerate(slot):
            if sl is not None:
                world[i] = sl["expert"].act(env.state, i)
        actions = env.from_world(world)
        prev = obs
        obs = env.step(actions)
        tcp = env.tcp_action(actions)
        restarted = False
        for i, sl in enumerate(slot):
            if sl is None:
                continue
            final = sl["stage"] == len(sl["plan"]) - 1
            if final:
                sl["frames"].append({"rgb_static": prev["rgb_static"][i], "rgb_gripper": prev["rgb_gripper"][i],
                                     "actions": tcp[i].astype(np.float64), "rel_actions": actions[i].astype(np.float64),
                                     "robot_obs": prev["robot_obs"][i].astype(np.float64),
                                     "scene_obs": prev["scene_obs"][i].astype(np.float64)})
            sl["steps"] += 1
            if sl["after"] >= 0:
                sl["after"] += 1
                if sl["after"] >= EXTRA_STEPS:
                    frame = _write_episode(root, frame, sl, jobs, rng, ranges, anns, task_ids, sums)
                    routes.append(int(sl["expert"].route))
                    if obstacle:
                        posts.append(sl["post"])
                    episode_scenes.append(jobs[sl["job"]][3])
                    lead_ins.append(jobs[sl["job"]][4])
                    episode_desks.append(desks[sl["job"]])
                    if progress is not None:
                        progress(len(ranges), len(jobs))
                    start(i)
                    restarted = True
                continue
            task = sl["plan"][sl["stage"]]
            ok = bool(task_success(task, sl["start"], env.state.take([i]))[0]) and not env.state.post_hit[i]
            if ok and final:
                sl["after"] = 0
            elif ok:
                sl["stage"] += 1
                _begin(i)
                restarted = restarted or obstacle  # the first recorded frame shows the post
            elif sl["steps"] >= max_steps or env.state.post_hit[i]:
                failures += 1
                failed_tasks[task] = failed_tasks.get(task, 0) + 1
                queue.append(sl["job"])  # try this job again from a fresh placement
                start(i)
                restarted = True
        if restarted:
            obs = env.observe()
        if attempts > 3 * len(jobs) + 50:
            raise RuntimeError(f"the scripted experts failed too often ({failures} of {attempts} tries; {failed_tasks}): "
                               "report this as a bug in the Playtable experts")
    _write_index(root, ranges, anns, task_ids, sums)
    with open(os.path.join(root, "playtable.json"), "w", encoding="utf-8") as f:
        json.dump({"benchmark": "playtable", "benchmark_version": benchmark_version(), "scenes": scenes,
                   "episode_scenes": episode_scenes, "phrasing_set": TRAINING_PHRASING_SET,
                   "expert_routes": expert_routes, "route_swing_m": ROUTE_SWING if expert_routes == 2 else 0.0,
                   "routes": routes, "noise": noise, "seed": seed, "embodiment": embodiment,
                   "lead_in": lead_in, "lead_ins": lead_ins, "desk": desk,
                   **({"desks": episode_desks} if desk == "random" else {}),
                   **({"obstacle": True, "posts": posts} if obstacle else {"obstacle": False})}, f)
    secs = time.time() - t0
    return {"split": split, "episodes": len(ranges), "frames": frame, "seconds": secs, "expert_routes": expert_routes,
            "obstacle": bool(obstacle), "posts_placed": sum(isinstance(p, list) for p in posts), "lead_in": lead_in, "desk": desk,
            "scenes": scenes, "benchmark_version": benchmark_version(),
            "frames_per_second": frame / max(secs, 1e-9), "expert_failures": failures, "path": root}


def _write_episode(root, frame, sl, jobs, rng, ranges, anns, task_ids, sums):
    task = jobs[sl["job"]][0]
    first = frame
    for f in sl["frames"]:
        np.savez(os.path.join(root, f"episode_{frame:07d}.npz"), **f)
        for key in sums:
            sums[key].append(f[key])
        frame += 1
    ranges.append((first, frame - 1))
    options = training_phrasings(task)
    anns.append(options[int(rng.integers(len(options)))])
    task_ids.append(task)
    return frame


def _write_index(root, ranges, anns, task_ids, sums):
    ids = np.array(ranges, dtype=np.int64).reshape(-1, 2)
    np.save(os.path.join(root, "ep_start_end_ids.npy"), ids)
    emb = np.stack([embed(a) for a in anns])[:, None, :].astype(np.float32) if anns else \
        np.zeros((0, 1, EMB_DIM), np.float32)
    lang = {"language": {"ann": list(anns), "task": list(task_ids), "emb": emb},
            "info": {"episodes": [], "indx": [tuple(map(int, r)) for r in ranges]}}
    np.save(os.path.join(root, "lang_annotations", "auto_lang_ann.npy"), lang, allow_pickle=True)
    with open(os.path.join(root, "lang_annotations", "auto_lang_ann.json"), "w", encoding="utf-8") as f:
        json.dump({"language": {"ann": list(anns), "task": list(task_ids)},
                   "info": {"indx": [list(map(int, r)) for r in ranges]}}, f)
    stats = {}
    for key in ("robot_obs", "scene_obs"):
        x = np.array(sums[key]) if sums[key] else np.zeros((1, 15 if key == "robot_obs" else 24))
        stats[key] = [{"_target_": _NORMALIZE, "mean": x.mean(0).tolist(),
                       "std": np.maximum(x.std(0), 1e-6).tolist()}]
    acts = np.array(sums["rel_actions"]) if sums["rel_actions"] else np.zeros((1, 7))
    stats["act_min_bound"] = acts.min(0).tolist()
    stats["act_max_bound"] = acts.max(0).tolist()
    with open(os.path.join(root, "statistics.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(stats, f, sort_keys=False)


def check_layout(data_dir, split="training"):
    """Raise FileNotFoundError naming the first missing piece of CALVIN's layout; returns the
    number of episodes."""
    root = os.path.join(data_dir, split)
    if not os.path.isdir(root):
        raise FileNotFoundError(f"missing {root}: expected CALVIN's layout with a '{split}' folder "
                                "(generate it with gen-data)")
    for rel in ("ep_start_end_ids.npy", "statistics.yaml", os.path.join("lang_annotations", "auto_lang_ann.npy")):
        if not os.path.isfile(os.path.join(root, rel)):
            raise FileNotFoundError(f"missing {os.path.join(root, rel)} (CALVIN layout)")
    ids = np.load(os.path.join(root, "ep_start_end_ids.npy"))
    if ids.ndim != 2 or ids.shape[1] != 2:
        raise ValueError(f"{os.path.join(root, 'ep_start_end_ids.npy')} must have shape (E, 2), got {ids.shape}")
    present = {name for name in os.listdir(root) if name.startswith("episode_")}  # one listdir, not a stat per frame
    for s, e in ids:
        for k in range(int(s), int(e) + 1):
            if f"episode_{k:07d}.npz" not in present:
                raise FileNotFoundError(f"missing {os.path.join(root, f'episode_{k:07d}.npz')} (listed in ep_start_end_ids.npy)")
    return len(ids)
