"""Playtable's version: one hash of everything that can move a score.

A Playtable number is only comparable with another one produced by the same simulator (scene,
physics, rendering), success checks, scripted experts (they set up single-task states and make
the data), instruction phrasings and chain generator. SCORED_SOURCES lists those files; their
sha256 is the benchmark's identity. VERSION.json pins it with a release number that a person bumps
on purpose (`python -m vlalab.sim.version --bump`), so a change that can move a score is a
decision, not an accident (test/python/test_sim_version.py fails until it is made).

A chain file given to an evaluation (eval `sequences`) is data outside the simulator: its own
sha256 is recorded in the result's protocol (chain_set)."""
import argparse
import hashlib
import json
import os

SIM_DIR = os.path.dirname(os.path.abspath(__file__))
VERSION_FILE = os.path.join(SIM_DIR, "VERSION.json")
# Sources whose change can move a score. Left out on purpose: dataset_writer.py (training data,
# recorded in the dataset's own playtable.json), video.py (recordings), __init__.py, version.py.
SCORED_SOURCES = ("chains.py", "evaluation.py", "experts.py", "instructions.py", "physics.py", "raster.py",
                  "render.py", "scene.py", "tasks.py", "vec_env.py")
BUMP_HINT = ("if the change is meant to move Playtable scores, bump the version: "
             "PYTHONPATH=python .venv/bin/python -m vlalab.sim.version --bump, and commit python/vlalab/sim/VERSION.json")


def source_sha256():
    """sha256 over SCORED_SOURCES (name and content; line endings normalised so a checkout's
    autocrlf does not make a new version)."""
    h = hashlib.sha256()
    for name in SCORED_SOURCES:
        with open(os.path.join(SIM_DIR, name), "rb") as f:
            data = f.read().replace(b"\r\n", b"\n")
        h.update(f"{name} {len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


def pinned():
    """VERSION.json: {"release": int, "sha256": str}."""
    with open(VERSION_FILE, encoding="utf-8") as f:
        return json.load(f)


def benchmark_version():
    """'<release>+<first 10 hex of the source hash>', e.g. '1+3fa2c0d19b'. The hash part is
    always the running code's, so an unpinned (modified) simulator never passes as a release."""
    return f"{pinned()['release']}+{source_sha256()[:10]}"


def data_version():
    """What generated Playtable data depends on: the benchmark version (the simulator, experts and
    phrasings that make the demonstrations) and the writer that lays them out. The trainer's data
    cache is keyed by it, so a new release or an edited simulator never reuses data made before."""
    with open(os.path.join(SIM_DIR, "dataset_writer.py"), "rb") as f:
        writer = hashlib.sha256(f.read().replace(b"\r\n", b"\n")).hexdigest()[:10]
    return f"{benchmark_version()}/{writer}"


def is_pinned():
    return pinned()["sha256"] == source_sha256()


def bump():
    try:
        release = int(pinned()["release"]) + 1
    except FileNotFoundError:
        release = 1
    with open(VERSION_FILE, "w", encoding="utf-8") as f:
        json.dump({"release": release, "sha256": source_sha256(), "sources": list(SCORED_SOURCES)}, f, indent=1)
        f.write("\n")
    return release


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m vlalab.sim.version", description="Playtable's benchmark version")
    ap.add_argument("--bump", action="store_true", help="pin the current sources as the next release")
    a = ap.parse_args(argv)
    if a.bump:
        bump()
    print(benchmark_version() + ("" if is_pinned() else "  (sources differ from VERSION.json: " + BUMP_HINT + ")"))


if __name__ == "__main__":
    main()


def chain_set_tag(kind, seed=None, tasks=None, path=None):
    """Names the chains an evaluation ran: a sequences file by its sha256, generated chains by their
    generator seed and task pool (the chain generator's code is part of the version)."""
    if kind == "file":
        with open(path, "rb") as f:
            return f"file:{os.path.basename(path)}@{hashlib.sha256(f.read()).hexdigest()[:10]}"
    pool = "all" if not tasks else hashlib.sha256(",".join(sorted(tasks)).encode()).hexdigest()[:8]
    return f"{kind}:seed={seed}:tasks={pool}"


def protocol_tags(*, scene, train_scenes, chain_set, chains, chain_length, episodes, held_out_phrasings,
                  embodiment, seed, max_steps, checkpoint):
    """What makes two Playtable numbers comparable, recorded on every evaluation result
    (eval_result.protocol). `train_scenes`: the scenes the policy's Playtable data came from (None:
    not Playtable data) — with the evaluation's scene it names CALVIN's split (ABC->D)."""
    from .instructions import phrasing_set
    from .scene import check_scene, split_name
    check_scene(scene)
    return {"benchmark": "playtable", "benchmark_version": benchmark_version(),
            "split": split_name(train_scenes, scene) if train_scenes else None, "scene": scene,
            "chain_set": chain_set, "chains": int(chains), "chain_length": int(chain_length), "episodes": int(episodes),
            "phrasing_set": phrasing_set(held_out_phrasings), "embodiment": embodiment, "seed": int(seed),
            "max_steps": int(max_steps), "checkpoint": checkpoint}
