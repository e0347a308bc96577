"""Task chains: CALVIN's eval_sequences.json and generated chains for a task subset.

Chains are generated on CALVIN's symbolic state descriptors (like CALVIN's own generator): a
task is added only if its precondition holds in the descriptor the previous tasks leave. The
symbolic rules mirror tasks.is_applicable and what the scripted experts do."""
import json

import numpy as np

from .tasks import COLORS, TASKS, check_task, random_initial_descriptor

_COVERED = {"left": "slider_left", "right": "slider_right"}  # the lid covers this slot
_UNCOVERED = {"left": "slider_right", "right": "slider_left"}


def load_eval_sequences(path, limit=None):
    """CALVIN's chains: a list of (initial_state dict, [task, ...])."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise ValueError(f"chain file not found: {path}") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"{path} is not valid JSON ({e}); expected CALVIN's eval_sequences.json") from None
    chains = []
    for k, item in enumerate(data[:limit] if limit else data):
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], dict)):
            raise ValueError(f"{path}: chain {k} is not [initial_state, [tasks]]")
        for t in item[1]:
            check_task(t)
        chains.append((dict(item[0]), list(item[1])))
    return chains


def _free_top(d, color):
    return all(d[f"{c}_block"] != f"on_{color}" for c in COLORS)


def _table_free(d, exclude=None):
    return [c for c in COLORS if c != exclude and d[f"{c}_block"] == "table" and _free_top(d, c)]


def _shift(d, c):
    """Net pushes (right +1, left -1) of block c since it was last put down: not a CALVIN key, kept
    only while chains are generated (a block starts where a push either way stays on the table, and
    a second push the same way would run it off the table's end)."""
    return int(d.get(f"_{c}_shift", 0))


def _held(d):
    for c in COLORS:
        if d[f"{c}_block"] == "grasped":
            return c
    return None


def _normalised(d):
    """CALVIN's `grasped: 1` names no block; the Playtable holds the first table block."""
    if int(d.get("grasped", 0)) and _held(d) is None:
        table = [c for c in COLORS if d[f"{c}_block"] == "table"]
        if table:
            d = {**d, f"{table[0]}_block": "grasped"}
    return d


def symbolic_applicable(task, d):
    """Can `task` be done from descriptor d (CALVIN-style preconditions on the symbolic state)?"""
    d = _normalised(d)
    free = _held(d) is None
    parts = task.split("_")
    if task.startswith(("rotate_", "lift_")) or (task.startswith("push_") and task != "push_into_drawer"):
        c = parts[1]
        place = d[f"{c}_block"]
        if not free or not _free_top(d, c):
            return False
        if task.startswith("lift_") and parts[3] == "slider":
            return place in ("slider_left", "slider_right")  # a covering lid is slid away first
        if task.startswith("lift_") and parts[3] == "drawer":
            return place == "drawer" and d["drawer"] == "open"
        if task.startswith("push_"):  # one push's travel each way from where blocks start fits the table
            return place == "table" and _shift(d, c) != (1 if parts[3] == "right" else -1)
        return place == "table"
    if task == "move_slider_left":
        return free and d["slider"] == "right"
    if task == "move_slider_right":
        return free and d["slider"] == "left"
    if task == "open_drawer":
        return free and d["drawer"] == "closed"
    if task == "close_drawer":
        return free and d["drawer"] == "open"
    if task == "place_in_slider":
        return not free  # the uncovered half of the shelf has room for two more blocks
    if task == "place_in_drawer":
        return not free and d["drawer"] == "open"
    if task == "stack_block":
        return not free and len(_table_free(d, exclude=_held(d))) > 0
    if task == "unstack_block":
        return free and any(d[f"{c}_block"].startswith("on_") for c in COLORS)
    if task in ("turn_on_lightbulb", "turn_off_lightbulb"):
        return free and d["lightbulb"] == (1 if task == "turn_off_lightbulb" else 0)
    if task in ("turn_on_led", "turn_off_led"):
        return free and d["led"] == (1 if task == "turn_off_led" else 0)
    if task == "push_into_drawer":
        return free and d["drawer"] == "open" and len(_table_free(d)) > 0
    raise AssertionError(task)


def symbolic_effect(task, d):
    """The descriptor after `task` succeeds (experts' choices mirrored)."""
    d = dict(_normalised(d))
    parts = task.split("_")
    held = _held(d)
    if task.startswith("lift_"):
        if d[f"{parts[1]}_block"] == _COVERED[d["slider"]]:  # the expert slid the lid off it
            d["slider"] = "right" if d["slider"] == "left" else "left"
        d[f"{parts[1]}_block"] = "grasped"
        d.pop(f"_{parts[1]}_shift", None)
    elif task.startswith("push_") and task != "push_into_drawer":
        d[f"_{parts[1]}_shift"] = _shift(d, parts[1]) + (1 if parts[3] == "right" else -1)
    elif task == "move_slider_left":
        d["slider"] = "left"
    elif task == "move_slider_right":
        d["slider"] = "right"
    elif task in ("open_drawer", "close_drawer"):
        d["drawer"] = "open" if task == "open_drawer" else "closed"
    elif task == "place_in_slider":
        d[f"{held}_block"] = _UNCOVERED[d["slider"]]
    elif task == "place_in_drawer":
        d[f"{held}_block"] = "drawer"
    elif task == "stack_block":
        base = _table_free(d, exclude=held)[0]
        d[f"{held}_block"] = f"on_{base}"
        if _shift(d, base):
            d[f"_{held}_shift"] = _shift(d, base)  # it stands where the base was pushed to
    elif task == "unstack_block":
        top = next(c for c in COLORS if d[f"{c}_block"].startswith("on_"))
        d[f"{top}_block"] = "table"  # put down at a free spot where blocks start
        d.pop(f"_{top}_shift", None)
    elif task.startswith("turn_"):
        key = "lightbulb" if task.endswith("lightbulb") else "led"
        d[key] = 1 if task.startswith("turn_on") else 0
    elif task == "push_into_drawer":
        c = _table_free(d)[0]
        d[f"{c}_block"] = "drawer"
        d.pop(f"_{c}_shift", None)
    d["grasped"] = int(_held(d) is not None)
    return d


def chain_is_valid(initial, tasks):
    d = dict(initial)
    for t in tasks:
        if not symbolic_applicable(t, d):
            return False
        d = symbolic_effect(t, d)
    return True


def generate_chains(num_chains, length=5, tasks=None, seed=0, max_tries=2000):
    """`num_chains` chains of `length` tasks from `tasks` (default: all 34), in CALVIN's format
    [(initial_state, [task, ...]), ...]; deterministic in `seed`."""
    pool = list(TASKS) if tasks is None else [check_task(t) for t in tasks]
    if not pool:
        raise ValueError("generate_chains needs at least one task")
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(num_chains):
        for _try in range(max_tries):
            init = random_initial_descriptor(rng)
            d, seq = dict(init), []
            while len(seq) < length:
                options = [t for t in pool if symbolic_applicable(t, d) and t not in seq[-1:]]
                if not options:
                    break
                t = options[int(rng.integers(len(options)))]
                seq.append(t)
                d = symbolic_effect(t, d)
            if len(seq) == length:
                out.append((init, seq))
                break
        else:
            raise ValueError(f"could not build a chain of {length} tasks from {pool}: "
                             "add tasks that undo each other (e.g. open_drawer with close_drawer) or shorten the chain")
    return out
