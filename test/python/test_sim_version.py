"""Playtable's version: a change to anything that can move a score fails here until the
version is bumped on purpose."""

import json
import os
import shutil

from vlalab.sim import version


def test_scored_sources_match_the_pinned_version():
    pin = version.pinned()
    assert version.source_sha256() == pin["sha256"], (
        "the Playtable sources that can move a score (" + ", ".join(version.SCORED_SOURCES) + ") changed since "
        f"release {pin['release']}: scores from before are not comparable; " + version.BUMP_HINT
    )
    assert list(pin["sources"]) == list(version.SCORED_SOURCES)


def test_version_names_release_and_source_hash():
    v = version.benchmark_version()
    release, sha = v.split("+")
    assert int(release) == version.pinned()["release"] and version.source_sha256().startswith(sha)


def test_every_simulator_source_is_classified():
    """A new sim/*.py file must be listed as scored or as knowingly left out."""
    left_out = {"dataset_writer.py", "video.py", "__init__.py", "version.py"}
    present = {f for f in os.listdir(version.SIM_DIR) if f.endswith(".py")}
    assert present == set(version.SCORED_SOURCES) | left_out


def test_an_edit_to_a_scored_source_changes_the_hash(tmp_path, monkeypatch):
    for name in version.SCORED_SOURCES:
        shutil.copy(os.path.join(version.SIM_DIR, name), tmp_path / name)
    monkeypatch.setattr(version, "SIM_DIR", str(tmp_path))
    before = version.source_sha256()
    with open(tmp_path / "tasks.py", "a") as f:
        f.write("# a comment is a change too: the hash does not read code\n")
    assert version.source_sha256() != before
    monkeypatch.setattr(version, "VERSION_FILE", str(tmp_path / "VERSION.json"))
    with open(tmp_path / "VERSION.json", "w") as f:
        json.dump({"release": 4, "sha256": before}, f)
    assert not version.is_pinned() and version.bump() == 5 and version.is_pinned()


def test_the_data_cache_key_follows_the_release_and_the_writer(tmp_path, monkeypatch):
    """Data generated under one Playtable release is never reused under another (the key used to be
    a number bumped by hand, and release 4 forgot it)."""
    from vlalab.trainer.data import playtable_cache_key

    ds = {"type": "playtable", "tasks": ["open_drawer"], "episodes": 3, "seed": 0}
    key = playtable_cache_key(ds, 32)
    for name in (*version.SCORED_SOURCES, "dataset_writer.py", "VERSION.json"):
        shutil.copy(os.path.join(version.SIM_DIR, name), tmp_path / name)
    monkeypatch.setattr(version, "SIM_DIR", str(tmp_path))
    monkeypatch.setattr(version, "VERSION_FILE", str(tmp_path / "VERSION.json"))
    assert playtable_cache_key(dict(ds), 32) == key, "the same sources, the same data: the same key"
    with open(tmp_path / "dataset_writer.py", "a") as f:
        f.write("# an edited writer\n")
    edited = playtable_cache_key(ds, 32)
    assert edited != key, "an edited dataset writer: another cache"
    version.bump()
    assert playtable_cache_key(ds, 32) not in (key, edited), "another release: another cache"


def test_a_tiny_dataset_records_version_scenes_and_phrasing_set(tmp_path):
    """gen-data spreads episodes over the scenes and records each one's scene (CALVIN layout +
    playtable.json)."""
    from vlalab.sim.dataset_writer import generate_dataset
    from vlalab.sim.instructions import TRAINING_PHRASING_SET

    generate_dataset(str(tmp_path), ["open_drawer"], 3, 16, seed=0, scenes=["A", "B", "C"], noise=0.0)
    with open(tmp_path / "training" / "playtable.json") as f:
        meta = json.load(f)
    assert meta["benchmark_version"] == version.benchmark_version() and meta["scenes"] == ["A", "B", "C"]
    assert sorted(meta["episode_scenes"]) == ["A", "B", "C"] and meta["phrasing_set"] == TRAINING_PHRASING_SET


def test_protocol_tags_name_calvins_split():
    tags = version.protocol_tags(
        scene="D",
        train_scenes=["C", "A", "B"],
        chain_set="generated:seed=1:tasks=all",
        chains=8,
        chain_length=5,
        episodes=8,
        held_out_phrasings=True,
        embodiment="default",
        seed=1,
        max_steps=360,
        checkpoint="checkpoints/final.pt",
    )
    assert tags["split"] == "ABC->D" and tags["benchmark_version"] == version.benchmark_version()
    assert tags["phrasing_set"].startswith("playtable-validation@")
    assert version.protocol_tags(**{**tags_args(), "train_scenes": None})["split"] is None


def tags_args():
    return dict(
        scene="A",
        train_scenes=["A"],
        chain_set="x",
        chains=1,
        chain_length=1,
        episodes=1,
        held_out_phrasings=False,
        embodiment="default",
        seed=0,
        max_steps=10,
        checkpoint="c",
    )
