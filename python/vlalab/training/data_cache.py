"""Resolving a stage's datasets to directories: given paths are used as they are (relative to the
spec file); Playtable entries without `path` are generated on demand by the benchmark's scripted
experts into a cache keyed by a hash of the generation parameters (default
`<run-dir>/../../_data/<hash>`, i.e. runs/_data). Generation writes a temp dir and renames it into
place, so a killed run never leaves half a dataset behind."""
import hashlib
import json
import os
import shutil
import time

from .dataset import DataError


def validation_episodes(episodes):
    return max(1, episodes // 10)


def generation_params(entry, image_size):
    return {"embodiment": entry.get("embodiment", "default"), "tasks": sorted(entry.get("tasks") or []),
            "episodes": int(entry.get("episodes") or 32), "seed": int(entry.get("seed", 0)), "image_size": int(image_size), "v": 1}


def cache_root(run_dir, data_cache=None):
    return data_cache or os.path.normpath(os.path.join(os.path.abspath(run_dir), "..", "..", "_data"))


def resolve_dataset_dir(entry, spec, spec_dir, run_dir, data_cache=None, log=print):
    if entry.get("path"):
        path = entry["path"] if os.path.isabs(entry["path"]) else os.path.join(spec_dir or ".", entry["path"])
        if not os.path.isdir(path):
            raise DataError(f"dataset path {path} does not exist (a CALVIN-layout directory with {entry.get('split', 'training')}/ inside)")
        return path
    if entry["type"] != "playtable":
        raise DataError(f"a {entry['type']} dataset needs 'path'")
    params = generation_params(entry, spec["observation"]["image_size"])
    key = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]
    root = cache_root(run_dir, data_cache)
    final = os.path.join(root, key)
    if os.path.isfile(os.path.join(final, "generation.json")):
        return final
    from ..sim.dataset_writer import generate_dataset
    os.makedirs(root, exist_ok=True)
    tmp = f"{final}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    t0 = time.time()
    tasks = params["tasks"] or None
    log(f"generating Playtable data ({params['embodiment']}, {len(tasks) if tasks else 34} tasks × {params['episodes']} episodes, {params['image_size']} px) into {final}")
    info = {"training": generate_dataset(tmp, tasks, params["episodes"], params["image_size"], embodiment=params["embodiment"], seed=params["seed"], split="training"),
            "validation": generate_dataset(tmp, tasks, validation_episodes(params["episodes"]), params["image_size"], embodiment=params["embodiment"], seed=params["seed"] + 7919, split="validation")}
    with open(os.path.join(tmp, "generation.json"), "w", encoding="utf-8") as f:
        json.dump({"params": params, "info": info, "seconds": time.time() - t0}, f, default=str)
    try:
        os.replace(tmp, final)
    except OSError:  # another process generated the same data first
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"generated in {time.time() - t0:.0f} s")
    return final
