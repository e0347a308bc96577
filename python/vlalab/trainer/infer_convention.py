"""What a source's own numbers say about its action convention, checked against what it declares.

    python -m vlalab data conventions PATH [--type calvin|lerobot|rlds] [--split S] [--json]
        a table of declared vs inferred per field with the evidence (exit 1 when they contradict), or
        --json {type, declared, origin, inferred: {mode, frame, rotation, gripper: {value, confidence,
        evidence, …}, episodes, frames}, contradictions: [field names]} (exit 0); bad input: one
        `vlalab: …` line, exit 2

Read from the actions and, where the source has it, the proprioceptive state (CALVIN / Playtable
robot_obs, LeRobot observation.state, RLDS observation/state) of at most MAX_EPISODES episodes:

- gripper: the last action dimension's values (two values, e.g. {-1, 1} or {0, 1}, or a continuous
  range: declared values more than half its span outside it contradict it), and which value closes the gripper — the one under which the gripper's width in the state
  falls (in at least 80 % of the steps where the width moves, the other value opening it). The width is
  the state column named like a gripper width, or column 6 of CALVIN's robot_obs layout (CALVIN and
  Playtable data, and a 15-wide unnamed state whose column 6 takes more than two values within [0, 0.2]).
- mode: absolute actions track the next state's position (action[t][:3] ≈ state[t+1][:3], R² ≥ 0.9),
  delta ones its change up to a scale per dimension (state[t+1][:3] − state[t][:3] ≈ k·action[t][:3],
  R² ≥ 0.9) while the other fit is poor (R² ≤ 0.5); anything else is unknown.
- rotation: which representations the action's width allows (7 = xyz + 3 + gripper: euler_xyz or
  axis_angle, which the numbers cannot tell apart; 8 with unit-norm columns 3–6: quaternion_xyzw; 4: none).
- frame: never inferred (the numbers do not say which frame a pose is in): "unknown".

Each inference has a confidence (high, or none: then "unknown" with why). check() compares them with the
source's declared convention (trainer/datasources.py) and returns one line naming the source, the
declared and inferred values, the evidence and the `convention` fields to set; the trainer stops on it
(nothing is changed silently), or only logs it when the source's `convention` says `"infer": false`. Imports numpy (+ pyarrow for LeRobot), never torch.
"""

import argparse
import glob
import json
import os
import re
import sys

import numpy as np

from . import datasources
from .errors import DataError

MAX_EPISODES = 32
MAX_FRAMES = 3000
FIT_GOOD, FIT_POOR = 0.9, 0.5  # R² of the fit that decides delta/absolute, and the most the other may reach
SIGN_SHARE = 0.8  # share of the width's moves in one direction under one gripper value
MIN_MOVES = 3
CALVIN_WIDTH = 6  # CALVIN's robot_obs: tcp xyz (0-2), euler (3-5), gripper opening width (6), joints, gripper action
WIDTH_NAME = re.compile(r"gripper.*(width|open|pos|dist)|finger", re.I)


# ───────────────────────────── reading ─────────────────────────────


def _calvin(root, split):
    d = os.path.join(root, split) if os.path.isdir(os.path.join(root, split)) else root
    ids_path = os.path.join(d, datasources.EPISODES_FILE)
    if not os.path.isfile(ids_path):
        raise DataError(f"{d} is not a CALVIN-layout split (no {datasources.EPISODES_FILE})")
    eps, frames = [], 0
    for s, e in np.load(ids_path)[:MAX_EPISODES]:
        acts, states = [], []
        for i in range(int(s), min(int(e), int(s) + MAX_FRAMES - frames - 1) + 1):  # a long recording: its start
            with np.load(os.path.join(d, datasources.frame_file(i))) as z:
                acts.append(z["rel_actions"])
                states.append(z["robot_obs"] if "robot_obs" in z.files else None)
        st = None if any(x is None for x in states) else np.asarray(states, np.float64)
        eps.append((np.asarray(acts, np.float64), st))
        frames += len(acts)
        if frames >= MAX_FRAMES:
            break
    if any(st is not None and st.shape[1] <= CALVIN_WIDTH for _, st in eps):
        return eps, None, f"its robot_obs has no column {CALVIN_WIDTH} (CALVIN's gripper opening width)"
    return eps, CALVIN_WIDTH, "column 6 of CALVIN's robot_obs (gripper opening width)"


def _names_width(names, width, values):
    """(state column of the gripper's width or None, how it was found)."""
    if names:
        for i, n in enumerate(names):
            if WIDTH_NAME.search(str(n)) and "action" not in str(n).lower():
                return i, f"state column {i} ({n})"
        return None, "no state column is named like a gripper width"
    if width == 15 and values is not None:
        col = values[:, CALVIN_WIDTH]
        if len(np.unique(col)) > 2 and col.min() >= 0 and col.max() <= 0.2:
            return CALVIN_WIDTH, "state column 6 (an unnamed 15-wide state read as CALVIN's robot_obs: gripper opening width)"
    return None, "the state's columns are not named and it is not CALVIN's robot_obs layout"


def _flatnames(names):
    if isinstance(names, dict):  # LeRobot writes {"motors": [...]} sometimes
        names = next(iter(names.values()), None)
    return names if isinstance(names, list) else None


def _lerobot(root, features):
    import pyarrow.parquet as pq

    from .lerobot import read_info

    info = read_info(root)
    m = {**datasources.DEFAULT_FEATURES["lerobot"], **(features or {})}
    akeys = [m["actions"]] if isinstance(m["actions"], str) else list(m["actions"])
    skey = m.get("state") if m.get("state") in info.get("features", {}) else None
    cols = akeys + ([skey] if skey else []) + ["episode_index", "frame_index"]
    parts, rows = [], 0
    for path in sorted(glob.glob(os.path.join(root, "data", "**", "*.parquet"), recursive=True)):
        parts.append(pq.read_table(path, columns=cols))
        rows += parts[-1].num_rows
        if rows >= MAX_FRAMES:  # files hold whole episodes: enough of them
            break
    if not parts:
        raise DataError(f"{root} has no data/*.parquet files")

    def arr(t, k):
        return np.asarray(t.column(k).to_pylist(), np.float64).reshape(t.num_rows, -1)

    acts = np.concatenate([np.concatenate([arr(t, k) for k in akeys], axis=1) for t in parts])
    states = np.concatenate([arr(t, skey) for t in parts]) if skey else None
    ep = np.concatenate([np.asarray(t.column("episode_index").to_pylist()) for t in parts])
    fr = np.concatenate([np.asarray(t.column("frame_index").to_pylist()) for t in parts])
    order = np.lexsort((fr, ep))
    acts, ep = acts[order], ep[order]
    states = states[order] if states is not None else None
    eps, frames = [], 0
    for e in np.unique(ep)[:MAX_EPISODES]:
        sel = ep == e
        eps.append((acts[sel], states[sel] if states is not None else None))
        frames += int(sel.sum())
        if frames >= MAX_FRAMES:
            break
    names = _flatnames(info["features"].get(skey, {}).get("names")) if skey else None
    col, how = _names_width(names, states.shape[1], states) if states is not None else (None, "the dataset has no state")
    return eps, col, how


def _rlds(root, features, split):
    from . import rlds

    root = rlds.dataset_root(root)
    info = rlds.read_info(root)
    feats = rlds.step_features(root)
    m = rlds.mapping(features)
    skey = m.get("state") if m.get("state") in feats else None
    chosen = split or rlds.choose_split(info, "training")[0]
    eps, frames = [], 0
    for _pos, _where, ex in rlds.iter_episodes(root, chosen):
        parts = []
        for name in rlds.action_names(m):
            width = int(np.prod(feats[name].get("shape") or [1]))
            parts.append(np.asarray(ex[f"steps/{name}"], np.float64).reshape(-1, width))
        a = np.concatenate(parts, axis=1)
        s = None
        if skey:
            width = int(np.prod(feats[skey].get("shape") or [1]))
            s = np.asarray(ex[f"steps/{skey}"], np.float64).reshape(-1, width)
        eps.append((a, s))
        frames += len(a)
        if len(eps) >= MAX_EPISODES or frames >= MAX_FRAMES:
            break
    states = np.concatenate([s for _, s in eps]) if skey and eps else None
    names = _flatnames(feats[skey].get("names")) if skey else None
    col, how = _names_width(names, states.shape[1], states) if states is not None else (None, "the dataset has no state")
    return eps, col, how


def read(ds, root, rlds_split=None):
    """([(actions (T, D), state (T, S) or None) per episode], state column of the gripper width or None, how).
    `rlds_split`: an RLDS dataset's split to read (default its training split; the dataset viewer's)."""
    kind = ds.get("type")
    if kind in ("calvin", "playtable"):
        return _calvin(root, ds.get("split") or "training")
    if kind == "lerobot":
        return _lerobot(root, ds.get("features"))
    if kind == "rlds":
        return _rlds(root, ds.get("features"), rlds_split)
    raise DataError(f"conventions cannot be inferred for a {kind} source")


# ───────────────────────────── inference ─────────────────────────────


def _unknown(why):
    return {"value": "unknown", "confidence": None, "evidence": why}


def _gripper(eps, width_col, width_how):
    g = np.concatenate([a[:, -1] for a, _ in eps])
    values = np.unique(g)
    lo, hi = float(g.min()), float(g.max())
    out = {"values": [float(v) for v in values] if len(values) <= 3 else None, "range": [lo, hi]}
    shown = "{" + ", ".join(f"{v:g}" for v in values) + "}" if len(values) <= 3 else f"continuous in [{lo:g}, {hi:g}]"
    out["evidence"] = f"the last action dimension takes {shown}"
    if lo == hi:
        return {**out, "value": "unknown", "confidence": None, "evidence": out["evidence"] + " only: nothing to tell closed from open"}
    if width_col is None or any(s is None for _, s in eps):
        return {**out, "value": shown, "confidence": "high", "evidence": out["evidence"] + f"; which closes is unknown ({width_how})"}
    mid = (lo + hi) / 2
    falls, rises = {True: 0, False: 0}, {True: 0, False: 0}
    for a, s in eps:
        w = s[:, width_col]
        eps_w = 0.02 * max(float(w.max() - w.min()), 1e-9)
        dw = w[1:] - w[:-1]
        high = a[:-1, -1] > mid
        for h in (True, False):
            falls[h] += int(((dw < -eps_w) & (high == h)).sum())
            rises[h] += int(((dw > eps_w) & (high == h)).sum())
    verdict = None
    for h in (True, False):
        n_h, n_o = falls[h] + rises[h], falls[not h] + rises[not h]
        if n_h >= MIN_MOVES and falls[h] >= SIGN_SHARE * n_h and (n_o < MIN_MOVES or rises[not h] >= SIGN_SHARE * n_o):
            verdict = h
    moves = "; ".join(f"under {v:g} the width falls in {falls[h]} and rises in {rises[h]} steps" for h, v in ((True, hi), (False, lo)))
    evidence = f"{out['evidence']}; {width_how}: {moves}"
    if verdict is None:
        return {**out, "value": shown, "confidence": "high", "evidence": evidence + " — which value closes is unclear"}
    closed, opened = (hi, lo) if verdict else (lo, hi)
    return {
        **out,
        "closed": closed,
        "open": opened,
        "value": f"closed {closed:g} / open {opened:g}",
        "confidence": "high",
        "evidence": evidence,
    }


def _r2(residual, spread):
    ss = float((spread**2).sum())
    return 1.0 - float((residual**2).sum()) / ss if ss > 0 else float("-inf")


def _mode(eps):
    pairs = [(a[:-1, :3], s[1:, :3], s[:-1, :3]) for a, s in eps if s is not None and len(a) > 1 and s.shape[1] >= 3 and a.shape[1] >= 4]
    if not pairs:
        return _unknown("no state to compare the actions with")
    a, nxt, cur = (np.concatenate(x) for x in zip(*pairs))
    r2_abs = _r2(a - nxt, nxt - nxt.mean(0))
    d = nxt - cur
    k = np.array([float(a[:, j] @ d[:, j]) / max(float(a[:, j] @ a[:, j]), 1e-12) for j in range(3)])
    r2_delta = _r2(d - a * k, d)
    evidence = (
        f"over {len(a)} steps, action[t][:3] vs state[t+1][:3]: R² {r2_abs:.3f} (absolute); "
        f"state[t+1][:3] − state[t][:3] vs action[t][:3] × ({', '.join(f'{x:.3g}' for x in k)}): R² {r2_delta:.3f} (delta)"
    )
    if r2_abs >= FIT_GOOD and r2_delta <= FIT_POOR:
        return {"value": "absolute", "confidence": "high", "evidence": evidence, "r2": {"absolute": r2_abs, "delta": r2_delta}}
    if r2_delta >= FIT_GOOD and r2_abs <= FIT_POOR:
        return {
            "value": "delta",
            "confidence": "high",
            "evidence": evidence,
            "scale": k.tolist(),
            "r2": {"absolute": r2_abs, "delta": r2_delta},
        }
    return {"value": "unknown", "confidence": None, "evidence": evidence + " — neither fits clearly (is state[:3] the position?)"}


def _rotation(eps):
    a = np.concatenate([x for x, _ in eps])
    w = a.shape[1]
    if w == 4:
        return {"value": "none", "allowed": ["none"], "confidence": "high", "evidence": "the actions are 4 wide: xyz + gripper"}
    if w == 7:
        return {
            "value": "euler_xyz or axis_angle",
            "allowed": ["euler_xyz", "axis_angle"],
            "confidence": "high",
            "evidence": "the actions are 7 wide: xyz + 3 rotation numbers + gripper (euler angles and axis-angle cannot be told apart)",
        }
    if w == 8:
        norm = np.linalg.norm(a[:, 3:7], axis=1)
        if np.median(np.abs(norm - 1)) < 1e-2:
            return {
                "value": "quaternion_xyzw",
                "allowed": ["quaternion_xyzw"],
                "confidence": "high",
                "evidence": "columns 3–6 have unit norm",
            }
    return _unknown(f"the actions are {w} wide")


def infer(eps, width_col=None, width_how=""):
    """{field: {value, confidence, evidence, …}} from [(actions, state or None)] per episode."""
    eps = [(a, s) for a, s in eps if len(a)]
    if not eps:
        raise DataError("no episode with actions to infer a convention from")
    return {
        "mode": _mode(eps),
        "frame": _unknown("the numbers do not say which frame a pose is in"),
        "rotation": _rotation(eps),
        "gripper": _gripper(eps, width_col, width_how),
        "episodes": len(eps),
        "frames": int(sum(len(a) for a, _ in eps)),
    }


def contradictions(conv, inferred):
    """[(field, declared text, inferred text, evidence, what to set)] where a confident inference disagrees."""
    out = []
    m = inferred["mode"]
    if m["confidence"] and m["value"] != conv["mode"]:
        out.append(("mode", conv["mode"], m["value"], m["evidence"], f'"mode": "{m["value"]}"'))
    r = inferred["rotation"]
    if r["confidence"] and conv["rotation"] not in r["allowed"]:
        out.append(("rotation", conv["rotation"], r["value"], r["evidence"], f'"rotation": "{r["allowed"][0]}"'))
    g = inferred["gripper"]
    dc, do = float(conv["gripper"]["closed"]), float(conv["gripper"]["open"])
    declared = f"closed {dc:g} / open {do:g}"
    if g["confidence"] and "closed" in g:
        if not (np.isclose(dc, g["closed"]) and np.isclose(do, g["open"])):
            out.append(("gripper", declared, g["value"], g["evidence"], f'"gripper": {{"closed": {g["closed"]:g}, "open": {g["open"]:g}}}'))
    elif g["confidence"] and g.get("values") and len(g["values"]) == 2:
        if sorted([dc, do]) != sorted(g["values"]) and not np.allclose(sorted([dc, do]), g["values"]):
            lo, hi = g["values"]
            out.append(
                ("gripper", declared, g["value"], g["evidence"], f'"gripper": {{"closed": …, "open": …}} with the values {lo:g} and {hi:g}')
            )
    elif g["confidence"]:
        lo, hi = g["range"]
        tol = 0.5 * (hi - lo)  # the episodes read may not span the whole range: only far outside it counts
        if min(dc, do) < lo - tol or max(dc, do) > hi + tol:
            out.append(("gripper", declared, g["value"], g["evidence"], f'"gripper": {{"closed": …, "open": …}} within [{lo:g}, {hi:g}]'))
    return out


def summary(inferred):
    """One line of what was inferred (the trainer logs it)."""
    parts = ", ".join(f"{k} {inferred[k]['value']}" for k in datasources.FIELDS)
    return f"{parts} (from {inferred['episodes']} episodes, {inferred['frames']} steps)"


def check(ds, root, conv, origin, where):
    """(inferred dict, None) or (inferred dict, the one line that stops the run)."""
    eps, col, how = read(ds, root)
    inferred = infer(eps, col, how)
    bad = contradictions(conv, inferred)
    if not bad:
        return inferred, None
    field, declared, got, evidence, fix = bad[0]
    more = f" (also: {', '.join(b[0] for b in bad[1:])})" if len(bad) > 1 else ""
    line = f"{where}: its data contradicts its action convention ({origin}): {field} declared {declared}, its data's is {got} ({evidence}){more} — {advice(fix)}"
    return inferred, line


def advice(fix):
    """What to do about a contradiction, `fix` being the `convention` fields to set (the trainer's stop
    line ends with it; the dataset viewer shows it under the contradiction)."""
    return (
        f'if the data is right, set {fix} in the data source\'s "convention" in the spec '
        f'(and "convert": true to convert it to the spec\'s where it differs); else fix the data, or set "infer": false there '
        f"if this inference misreads it"
    )


def compare(conv, inferred):
    """Per field (mode, frame, rotation, gripper): {field, declared, inferred, confidence, evidence,
    contradicts, fix} — `fix` what to do (advice()) where the field contradicts, else None."""
    bad = {b[0]: b for b in contradictions(conv, inferred)}
    return [
        {
            "field": k,
            "declared": describe_field(conv, k),
            "inferred": inferred[k]["value"],
            "confidence": inferred[k]["confidence"],
            "evidence": inferred[k]["evidence"],
            "contradicts": k in bad,
            "fix": advice(bad[k][4]) if k in bad else None,
        }
        for k in datasources.FIELDS
    ]


# ───────────────────────────── CLI ─────────────────────────────


def guess_type(path):
    if os.path.isfile(os.path.join(path, *datasources.METADATA_FILES["lerobot"].split("/"))):
        return "lerobot"
    if glob.glob(os.path.join(path, "dataset_info.json")) or glob.glob(os.path.join(path, "*", "dataset_info.json")):
        return "rlds"
    return "calvin"


def add_parser(sub):
    p = sub.add_parser("data", help="a dataset's action convention: declared vs inferred from its actions and state")
    _add(p)
    return p


def _add(p):
    s = p.add_subparsers(dest="data_cmd", required=True)
    c = s.add_parser("conventions", help="declared vs inferred action convention per field")
    c.add_argument("path")
    c.add_argument("--type", choices=["calvin", "lerobot", "rlds"], help="the layout (default: from the folder's files)")
    c.add_argument("--split", default="training", help="a CALVIN-layout folder's split (default training)")
    c.add_argument("--json", action="store_true", help="print JSON instead of a table")


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m vlalab data")
    _add(p)
    a = p.parse_args(argv)
    path = os.path.abspath(a.path)
    if not os.path.exists(path):
        print(f"vlalab: {a.path} does not exist", file=sys.stderr)
        sys.exit(2)
    ds = {"type": a.type or guess_type(path), "split": a.split}
    try:
        conv, origin = datasources.source_convention(ds, path)
        eps, col, how = read(ds, path)
        inferred = infer(eps, col, how)
    except (DataError, OSError, KeyError, ValueError, IndexError, TypeError) as e:
        print(f"vlalab: cannot infer the convention of {path}: {e}", file=sys.stderr)
        sys.exit(2)
    if conv is None:  # what a run assumes for it: the spec's convention (here the default one, CALVIN's)
        conv, origin = datasources.target({}), "nothing: the default spec convention is assumed (action.convention may differ)"
    bad = contradictions(conv, inferred)
    if a.json:
        print(
            json.dumps(
                {
                    "type": ds["type"],
                    "declared": conv,
                    "origin": origin,
                    "inferred": inferred,
                    "contradictions": [b[0] for b in bad],
                    # per contradicted field what to do, in the trainer's words (vla-lab data conventions prints it)
                    "fixes": {b[0]: advice(b[4]) for b in bad},
                }
            )
        )
        return  # the caller (vla-lab data conventions) decides from "contradictions"
    print(f"{ds['type']} {path}: declared by {origin}; inferred from {inferred['episodes']} episodes, {inferred['frames']} steps")
    for k in ("mode", "frame", "rotation", "gripper"):
        dec = describe_field(conv, k)
        inf = inferred[k]
        flag = "  CONTRADICTS" if any(b[0] == k for b in bad) else ""
        print(f"  {k:9s} declared {dec:26s} inferred {inf['value']}{flag}")
        print(f"  {'':9s} {inf['evidence']}")
    for b in bad:
        print(f"{b[0]}: {advice(b[4])}")
    if bad:
        sys.exit(1)


def describe_field(conv, k):
    if k == "gripper":
        return f"closed {conv['gripper']['closed']:g} / open {conv['gripper']['open']:g}"
    return str(conv[k])
