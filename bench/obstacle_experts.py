"""Playtable 4's obstacle, measured with the scripted experts: per task, how often a post stands (and
why not where none does), how often the two-route expert succeeds (it goes around the post), and how
often the one-route expert fails on a post (it goes straight, as the mean of the two routes does).

    PYTHONPATH=python .venv/bin/python bench/obstacle_experts.py --episodes 50 [--tasks a,b] [--scene A]

Single-task evaluations with the post (sim/evaluation.py, `obstacle=True`), eval seed 1000, held-out
initial states, 240 steps; prints a markdown table (docs/experiments.md, "Playtable 4")."""

import argparse
import time

from vlalab.sim.evaluation import OraclePolicy, evaluate_single_tasks
from vlalab.sim.tasks import TASKS
from vlalab.sim.version import benchmark_version


def measure(tasks, episodes, scene, seed):
    out = {}
    for routes in (2, 1):
        t0 = time.time()
        res = evaluate_single_tasks(
            OraclePolicy(routes=routes, seed=1), tasks, episodes, image_size=8, max_steps=240, seed=seed, obstacle=True, scene=scene
        )
        out[routes] = (res, time.time() - t0)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--episodes", type=int, default=50, help="episodes per task")
    ap.add_argument("--tasks", help="comma-separated tasks (default: all 34)")
    ap.add_argument("--scene", default="A")
    ap.add_argument("--seed", type=int, default=1000)
    a = ap.parse_args()
    tasks = a.tasks.split(",") if a.tasks else list(TASKS)
    out = measure(tasks, a.episodes, a.scene, a.seed)
    two, one = out[2][0], out[1][0]
    print(f"Playtable {benchmark_version()}, scene {a.scene}, eval seed {a.seed}, {a.episodes} episodes per task")
    print()
    print(
        "| task | posts placed | no post (why) | two-route expert success | two-route, with a post | one-route expert fails with a post | one-route, no post |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    tot = {"posts": 0, "eps": 0, "two_ok": 0, "two_post_ok": 0, "one_fail": 0, "one_free_ok": 0, "free": 0}
    for task in tasks:
        o = two["obstacle"][task]
        eps2 = [e for e in two["episodes"] if e["tasks"] == [task]]
        eps1 = [e for e in one["episodes"] if e["tasks"] == [task]]
        posts = [e for e in eps2 if e["post"] == "placed"]
        two_ok = sum(e["completed"] for e in eps2)
        two_post_ok = sum(e["completed"] for e in posts)
        one_post = [e for e in eps1 if e["post"] == "placed"]
        one_fail = sum(1 for e in one_post if e["subtasks"][0].get("failure") == "post")
        one_free = [e for e in eps1 if e["post"] != "placed"]
        one_free_ok = sum(e["completed"] for e in one_free)
        why = ", ".join(f"{k} {v}" for k, v in sorted(o["no_post"].items())) or "—"
        print(
            f"| {task} | {len(posts)}/{len(eps2)} | {why} | {two_ok}/{len(eps2)} | {two_post_ok}/{len(posts)} | "
            f"{one_fail}/{len(one_post)} | {one_free_ok}/{len(one_free)} |"
        )
        for k, v in (("posts", len(posts)), ("eps", len(eps2)), ("two_ok", two_ok), ("two_post_ok", two_post_ok)):
            tot[k] += v
        tot["one_fail"] += one_fail
        tot["one_free_ok"] += one_free_ok
        tot["free"] += len(one_free)
    print(
        f"| all | {tot['posts']}/{tot['eps']} | | {tot['two_ok']}/{tot['eps']} | {tot['two_post_ok']}/{tot['posts']} | "
        f"{tot['one_fail']}/{tot['posts']} | {tot['one_free_ok']}/{tot['free']} |"
    )
    print()
    print(f"two-route run {out[2][1]:.0f} s, one-route run {out[1][1]:.0f} s")


if __name__ == "__main__":
    main()
