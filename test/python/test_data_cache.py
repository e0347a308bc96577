"""The derived dataset cache of trainer/data.py: a cached load equals the uncached one, every input
that changes the content misses, a damaged cache file is rebuilt, a read-only data directory falls
back to the data cache directory, a cache that cannot be written never fails the load, and loaders
that start together build once."""

import contextlib
import errno
import glob
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TASKS = ["open_drawer", "move_slider_left"]
CAMS = ["static", "gripper"]


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    from vlalab.sim.dataset_writer import generate_dataset

    d = str(tmp_path_factory.mktemp("playtable"))
    generate_dataset(d, TASKS, 3, 32, seed=0, split="training")
    return d


@pytest.fixture
def data(source, tmp_path):
    """A private copy of the dataset (its cache files are this test's own)."""
    d = tmp_path / "data"
    shutil.copytree(source, d)
    return str(d)


def load(data, size=24, cams=CAMS, **kw):
    from vlalab.trainer.data import Segments

    lines = []
    seg = Segments(data, "training", cams, size, log=lines.append, **kw)
    assert len(lines) == 1
    return seg, lines[0]


def cache_files(d):
    return sorted(glob.glob(os.path.join(d, "segments-*.npz")))


def sibling(data):
    return os.path.join(data, "training", ".vlalab-cache")


def assert_same(a, b):
    assert a.images.shape == b.images.shape and a.images.dtype == b.images.dtype == np.uint8
    assert np.array_equal(a.images, b.images)
    assert a.actions.dtype == b.actions.dtype == np.float32 and np.array_equal(a.actions, b.actions)
    assert a.segments == b.segments
    assert all(type(t) is str and type(k) is str and type(s) is int and type(e) is int for t, k, s, e in b.segments)


def test_cached_load_is_identical_to_the_uncached_load(data):
    from vlalab.policy.tokenizer import WordTokenizer
    from vlalab.trainer.data import WindowDataset

    plain, how = load(data, cache=False)
    assert "not cached" in how and not os.path.exists(sibling(data))
    built, how = load(data)
    assert "loaded from the episode files, cached:" in how
    [f] = cache_files(sibling(data))
    assert oct(os.stat(f).st_mode & 0o777) == "0o644"
    for p in glob.glob(os.path.join(data, "training", "episode_*.npz")):
        os.remove(p)  # a cached load must not need them
    cached, how = load(data)
    assert f"cached: {f}" in how
    assert_same(plain, built)
    assert_same(plain, cached)
    assert not cached.images.flags.writeable and not plain.images.flags.writeable
    assert plain.stats() == cached.stats()
    tok = WordTokenizer.build([t for t, *_ in plain.segments])
    a, b = WindowDataset([plain], 3, 2, tok), WindowDataset([cached], 3, 2, tok)
    idx = np.arange(0, len(a), 7)
    for k, v in a.batch(idx).items():
        assert np.array_equal(v.numpy(), b.batch(idx)[k].numpy()), k


def test_everything_that_changes_the_content_misses(data):
    from vlalab.trainer.data import Segments

    base, how = load(data)
    assert "cached:" in how and "loaded from the episode files" in how
    [first] = cache_files(sibling(data))
    variants = [
        dict(size=16),
        dict(cams=["static"]),
        dict(cams=["gripper", "static"]),
        dict(tasks=["open_drawer"]),
        dict(few_shot=1),
        dict(limit=2),
    ]
    for kw in variants:
        seg, how = load(data, **kw)
        assert "loaded from the episode files" in how, kw
        assert_same(
            Segments(
                data,
                "training",
                kw.get("cams", CAMS),
                kw.get("size", 24),
                kw.get("tasks"),
                kw.get("few_shot"),
                kw.get("limit"),
                cache=False,
            ),
            seg,
        )
    assert len(cache_files(sibling(data))) == 1 + len(variants)
    for kw in [{}] + variants:  # each variant is cached on its own
        assert "loaded from the episode files" not in load(data, **kw)[1], kw
    # the annotations change: a miss, and the family's old file (and a killed writer's temp file) go
    stem = os.path.basename(first)[: -len(".npz")]
    leftover = os.path.join(sibling(data), f".{stem}.x1y2.tmp")
    open(leftover, "wb").write(b"half a cache")
    ann_path = os.path.join(data, "training", "lang_annotations", "auto_lang_ann.npy")
    ann = np.load(ann_path, allow_pickle=True).item()
    ann["language"]["ann"] = ann["language"]["ann"][:-1]
    ann["language"]["task"] = ann["language"]["task"][:-1]
    ann["info"]["indx"] = ann["info"]["indx"][:-1]
    np.save(ann_path, ann, allow_pickle=True)
    seg, how = load(data)
    assert "loaded from the episode files" in how
    assert len(seg.segments) == len(base.segments) - 1
    assert_same(Segments(data, "training", CAMS, 24, cache=False), seg)
    assert not os.path.exists(first) and not os.path.exists(leftover)
    assert len(cache_files(sibling(data))) == 1 + len(variants)
    # ep_start_end_ids.npy is part of the key too
    ids_path = os.path.join(data, "training", "ep_start_end_ids.npy")
    np.save(ids_path, np.load(ids_path)[:-1])
    assert "loaded from the episode files" in load(data)[1]
    # the same files under another path are another dataset
    moved = data + "-moved"
    shutil.copytree(data, moved)
    assert "loaded from the episode files" in load(moved)[1]


@pytest.mark.parametrize("damage", ["truncated", "empty", "garbage", "other key", "wrong shape"])
def test_a_damaged_cache_file_is_rebuilt(data, damage):
    good, _ = load(data)
    [f] = cache_files(sibling(data))
    raw = open(f, "rb").read()
    if damage == "truncated":
        open(f, "wb").write(raw[: len(raw) // 2])
    elif damage == "empty":
        open(f, "wb").close()
    elif damage == "garbage":
        open(f, "wb").write(os.urandom(len(raw)))
    else:  # a well-formed cache that is not this one, under this one's name
        kw = dict(size=16) if damage == "wrong shape" else dict(tasks=["open_drawer"])
        load(data, **kw)
        [other] = [g for g in cache_files(sibling(data)) if g != f]
        arrays = dict(np.load(other))
        if damage == "wrong shape":
            arrays["key"] = np.load(f)["key"]  # right key, 16 px images
        with open(f, "wb") as out:
            np.savez(out, **arrays)
    seg, how = load(data)
    assert "loaded from the episode files, cached:" in how, damage
    assert_same(good, seg)
    seg, how = load(data)
    assert f"cached: {f}" in how
    assert_same(good, seg)


@contextlib.contextmanager
def read_only(monkeypatch, path):
    """`path` cannot be written: a real chmod where permissions bind, else (root) os.open/os.mkdir
    fail there with EROFS, as on a read-only mount."""
    path = os.path.realpath(path)
    if os.geteuid() != 0:
        modes = {}
        for d, _, _ in os.walk(path):
            modes[d] = os.stat(d).st_mode
            os.chmod(d, 0o555)
        try:
            yield
        finally:
            for d, m in modes.items():
                os.chmod(d, m)
        return
    real_open, real_mkdir = os.open, os.mkdir

    def guard(p):
        p = os.path.realpath(os.fspath(p))
        if p == path or p.startswith(path + os.sep):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), p)

    def opener(p, flags, *a, **k):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            guard(p)
        return real_open(p, flags, *a, **k)

    def mkdir(p, *a, **k):
        guard(p)
        return real_mkdir(p, *a, **k)

    with monkeypatch.context() as m:
        m.setattr(os, "open", opener)
        m.setattr(os, "mkdir", mkdir)
        yield


def test_a_read_only_data_directory_falls_back_to_the_cache_dir(data, tmp_path, monkeypatch):
    cache = str(tmp_path / "_data")
    plain, _ = load(data, cache=False)
    with read_only(monkeypatch, data):
        seg, how = load(data, cache_dir=cache)
        assert "loaded from the episode files, cached:" in how and os.path.join(cache, "segments") in how
        assert not os.path.exists(sibling(data))
        [f] = cache_files(os.path.join(cache, "segments"))
        assert_same(plain, seg)
        seg, how = load(data, cache_dir=cache)
        assert f"cached: {f}" in how
        assert_same(plain, seg)
    # a cache written next to the data before it became read-only is used as it is
    load(data, size=16)
    with read_only(monkeypatch, data):
        assert "cached: " + sibling(data) in load(data, size=16, cache_dir=cache)[1]


def test_a_cache_that_cannot_be_written_never_fails_the_load(data, tmp_path, monkeypatch):
    plain, _ = load(data, cache=False)
    cache = tmp_path / "_data"
    cache.mkdir()
    with read_only(monkeypatch, data), read_only(monkeypatch, str(cache)):
        seg, how = load(data, cache_dir=str(cache))
    assert "no cache written" in how and "segments" in how
    assert_same(plain, seg)
    assert not os.path.exists(sibling(data)) and not os.listdir(cache)
    # the disk fills up mid-write: no cache, no temporary file left, the load still succeeds
    real_savez = np.savez

    def full(f, **arrays):
        real_savez(f, actions=arrays["actions"])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(np, "savez", full)
    seg, how = load(data)
    assert "no cache written" in how and os.strerror(errno.ENOSPC) in how
    assert_same(plain, seg)
    assert os.listdir(sibling(data)) == [n for n in os.listdir(sibling(data)) if n.endswith(".lock")]
    # an interrupted write (Ctrl-C) propagates and leaves no temporary file either
    monkeypatch.setattr(np, "savez", lambda f, **a: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        load(data)
    assert [n for n in os.listdir(sibling(data)) if not n.endswith(".lock")] == []


LOADER = """
import json, os, sys, time
from vlalab.trainer.data import Segments
data, go = sys.argv[1], sys.argv[2]
open(go + ".ready." + str(os.getpid()), "w").close()
while not os.path.exists(go):
    time.sleep(0.002)
lines = []
s = Segments(data, "training", ["static", "gripper"], 24, log=lines.append)
sys.stdout.write(json.dumps({"how": lines[0], "images": int(s.images.sum()), "actions": float(s.actions.sum())}) + "\\n")
"""


def test_loaders_that_start_together_build_once(data, tmp_path):
    go = str(tmp_path / "go")
    env = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "OPENBLAS_NUM_THREADS": "1"}
    procs = [
        subprocess.Popen([sys.executable, "-c", LOADER, data, go], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    deadline = time.time() + 120
    while len(glob.glob(go + ".ready.*")) < 2 and time.time() < deadline and all(p.poll() is None for p in procs):
        time.sleep(0.01)
    open(go, "w").close()
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(json.loads(out))
    built = [o for o in outs if "loaded from the episode files" in o["how"]]
    assert len(built) == 1, [o["how"] for o in outs]
    assert outs[0]["images"] == outs[1]["images"] and outs[0]["actions"] == outs[1]["actions"]
    assert len(cache_files(sibling(data))) == 1
    assert [n for n in os.listdir(sibling(data)) if n.endswith(".tmp")] == []


def test_the_trainer_caches_and_reuses_the_split(data, tmp_path):
    from test_trainer import make_spec, run_train

    spec = make_spec(data)
    spec["data"]["stages"][0]["steps"] = 2
    cache = str(tmp_path / "_data")
    outs = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        r, _ = run_train(tmp_path / name, spec, "--no-eval", "--data-cache", cache)
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout)
    assert "(loaded from the episode files, cached: " + sibling(data) in outs[0]
    assert "(cached: " + sibling(data) in outs[1] and "loaded from the episode files" not in outs[1]
