"""Where does a policy's hand go in a scene? A diagnostic for CALVIN's unseen-scene split (ABC->D).

Scene D moves the button and the light switch (and the sliding door's handle) and darkens the desk;
its drawer sits where scene A has it (python/vlalab/sim/scene.py SCENES). For one task per static
element — turn_on_led (the button), turn_on_lightbulb (the switch), open_drawer (the drawer's
handle) — this runs the single-task episodes of a checkpoint (or of the scripted expert, --oracle)
in a scene and records, per episode, the hand's closest approach in x-y to the element's place in
that scene and to where scene A has it. A policy that has learnt where things are reaches the
scene's places; one that reads the scene as A reaches A's; one lost in it reaches neither.

--desk-of X paints the scene's desk in scene X's colour, in this process only: a diagnostic variant
(e.g. D's layout on A's desk, or A's layout on D's desk) that separates "the desk looks new" from
"the layout is new". It is not a Playtable scene and its figures are never benchmark scores.

usage:
  PYTHONPATH=python .venv/bin/python bench/scene_reach.py (--checkpoint CK | --oracle) --scene D
      [--desk-of A] [--episodes 12] [--near 0.06] [--out reach.json]
Prints one line per task; --out writes every episode's closest approaches and success.
"""

import argparse
import contextlib
import json
import sys

import numpy as np
from vlalab.sim.evaluation import OraclePolicy, evaluate_single_tasks
from vlalab.sim.scene import BUTTON_XY, SCENES, SWITCH_Y0, check_scene, handle_pos

# the task that makes the hand go to each static element, and where that element is in a layout
ELEMENTS = {
    "turn_on_led": ("button", lambda lay: (lay["button_x"], BUTTON_XY[1])),
    "turn_on_lightbulb": ("switch", lambda lay: (lay["switch_x"], SWITCH_Y0)),
    "open_drawer": ("drawer handle", lambda lay: tuple(float(v) for v in handle_pos(0.0, lay["drawer_x0"])[:2])),
}
# the single-task protocol of examples/long-horizon.vla.json's second eval entry
DEFAULTS = {"max_steps": 360, "held_out_phrasings": True, "seed": 2000, "image_size": 64}


@contextlib.contextmanager
def desk_painted(scene, desk_of):
    """Within: scene `scene` drawn with scene `desk_of`'s desk colour (environments made inside;
    the renderer draws each scene's furniture when it is made). SCENES is restored after."""
    if desk_of is None:
        yield
        return
    check_scene(desk_of)
    own = SCENES[scene]
    SCENES[scene] = {**own, "desk": SCENES[desk_of]["desk"]}
    try:
        yield
    finally:
        SCENES[scene] = own


class HandPaths:
    """Wraps a policy: records the hand's path (x, y, z) of each scored episode, from the
    harness's reset of that env to its next one."""

    def __init__(self, inner):
        self.inner, self.env, self.paths, self.live = inner, None, [], {}

    def bind_env(self, env):
        self.env = env
        if hasattr(self.inner, "bind_env"):
            self.inner.bind_env(env)

    def reset(self, env_indices):
        for i in env_indices:
            self.live[int(i)] = []
            self.paths.append(self.live[int(i)])
        self.inner.reset(env_indices)

    def __call__(self, obs, instructions):
        ee = self.env.state.ee_pos.copy()
        for i, path in self.live.items():
            path.append(ee[i])
        return self.inner(obs, instructions)


def policy_maker(args):
    """A function building a fresh policy for one task's episodes, and the protocol it runs under."""
    if args.oracle:
        return (lambda: OraclePolicy(seed=0)), dict(DEFAULTS)
    from vlalab.trainer.evaluate import HarnessPolicy, load_policy
    from vlalab.trainer.execution import execution_protocol

    policy, spec, _ = load_policy(args.checkpoint)
    single = [e for e in spec["eval"] if e.get("benchmark", "playtable") == "playtable" and e["chain_length"] == 1]
    entry = single[0] if single else spec["eval"][0]
    protocol = execution_protocol(entry, policy.chunk, spec["policy"]["head"]["type"], getattr(policy.head, "generative", False))
    run = {
        "max_steps": entry["max_steps"],
        "held_out_phrasings": entry["held_out_phrasings"],
        "seed": entry["seed"],
        "image_size": spec["observation"]["image_size"],
    }
    return (lambda: HarnessPolicy(policy, spec, protocol=protocol, seed=entry["seed"])), run


def measure(make_policy, run, scene, episodes, near):
    where = {"A": SCENES["A"], scene: SCENES[scene]}
    out = {}
    for task, (element, place) in ELEMENTS.items():
        rec = HandPaths(make_policy())
        res = evaluate_single_tasks(rec, [task], episodes, batch_size=episodes, scene=scene, **run)
        paths = [np.array(p) for p in rec.paths if p]
        closest = {
            name: [float(np.min(np.linalg.norm(p[:, :2] - np.array(place(lay)), axis=1))) for p in paths] for name, lay in where.items()
        }
        out[task] = {
            "element": element,
            "success": sum(e["completed"] >= 1 for e in res["episodes"]),
            "episodes": len(res["episodes"]),
            "places": {name: list(place(lay)) for name, lay in where.items()},
            "closest_m": closest,
            "reached": {name: sum(d < near for d in ds) for name, ds in closest.items()},
        }
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    who = ap.add_mutually_exclusive_group(required=True)
    who.add_argument("--checkpoint", help="a VLA Lab checkpoint (checkpoints/step-NNNNNNN.pt)")
    who.add_argument("--oracle", action="store_true", help="the scripted expert instead (the reference: it reaches every place)")
    ap.add_argument("--scene", default="D", help="the CALVIN scene (A-D) to run in")
    ap.add_argument("--desk-of", help="paint the desk in this scene's colour (a diagnostic variant, not a Playtable scene)")
    ap.add_argument("--episodes", type=int, default=12, help="episodes per task")
    ap.add_argument("--near", type=float, default=0.06, help="metres: closer than this counts as reaching a place")
    ap.add_argument("--out", help="write every episode's figures here (JSON)")
    a = ap.parse_args(argv)
    try:
        check_scene(a.scene)
        if a.desk_of is not None:
            check_scene(a.desk_of)
        if a.episodes < 1:
            raise ValueError("--episodes: give 1 or more")
        make_policy, run = policy_maker(a)
    except (ValueError, FileNotFoundError, OSError) as e:
        sys.exit(f"scene_reach: {e}")
    with desk_painted(a.scene, a.desk_of):
        result = measure(make_policy, run, a.scene, a.episodes, a.near)
    painted = f" (desk of {a.desk_of})" if a.desk_of else ""
    for task, r in result.items():
        places = ", ".join(
            f"{name}'s place {r['reached'][name]}/{r['episodes']} (median {np.median(r['closest_m'][name]):.3f} m)"
            for name in r["closest_m"]
        )
        print(
            f"{task} in {a.scene}{painted}: {r['success']}/{r['episodes']} done; the hand within {a.near:.2f} m of the {r['element']} at {places}"
        )
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            json.dump(
                {"scene": a.scene, "desk_of": a.desk_of, "checkpoint": a.checkpoint, "oracle": a.oracle, "near_m": a.near, "tasks": result},
                f,
                indent=1,
            )


if __name__ == "__main__":
    main()
