"""The reproducibility manifest: a trained run's manifest.json holds what a user would check —
the spec's sha256 as run.json has it, the datasets' index-file hashes, the installed packages, the
code's commit and uncommitted diff, the seeds, the benchmark's hash and the hardware — and follows
schemas/manifest.schema.json."""

import hashlib
import importlib.metadata
import json
import os
import subprocess

from test_trainer import ENV, PY, ROOT, data_dir, make_spec, run_train  # noqa: F401 (data_dir is a fixture)
from vlalab.sim.version import benchmark_version


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_schema(m):
    import jsonschema

    with open(os.path.join(ROOT, "schemas", "manifest.schema.json")) as f:
        jsonschema.validate(m, json.load(f))


def test_a_trained_run_has_its_manifest(tmp_path, data_dir):
    from vlalab.trainer.spec import spec_hash, with_defaults

    spec = with_defaults(
        make_spec(
            data_dir,
            data={"stages": [{"name": "ft", "datasets": [{"type": "playtable", "path": data_dir, "tasks": ["open_drawer"]}], "steps": 2}]},
            train={"seed": 7, "log_every": 1, "checkpoint_every": 2, "val_every": 2},
        )
    )
    r, run = run_train(tmp_path, spec, "--no-eval")
    assert r.returncode == 0, r.stderr
    m = json.loads((run / "manifest.json").read_text())
    check_schema(m)
    assert m["spec"]["sha256"] == spec_hash(spec)
    assert m["seeds"]["/train/seed"] == 7
    assert m["python"]["version"] and m["packages"]["torch"] == importlib.metadata.version("torch")
    assert m["packages"]["numpy"] == importlib.metadata.version("numpy")
    (ds,) = m["data"]
    assert ds["path"] == data_dir and ds["files"]["training/ep_start_end_ids.npy"] == sha(
        os.path.join(data_dir, "training", "ep_start_end_ids.npy")
    )
    assert ds["files"]["validation/lang_annotations/auto_lang_ann.npy"] == sha(
        os.path.join(data_dir, "validation", "lang_annotations", "auto_lang_ann.npy")
    )
    # Every episode file of both splits, each hashed (streamed, in threads: the same bytes' sha256).
    frames = sorted(
        f"{s}/{n}"
        for s in ("training", "validation")
        for n in os.listdir(os.path.join(data_dir, s))
        if n.startswith("episode_") and n.endswith(".npz")
    )
    ep = ds["episodes"]
    assert sorted(ep["files"]) == frames and ep["count"] == len(frames) > 10
    assert all(ep["files"][f] == sha(os.path.join(data_dir, f)) for f in frames)
    assert ep["bytes"] == sum(os.path.getsize(os.path.join(data_dir, f)) for f in frames)
    # The backend is VLA Lab's python/ tree in this checkout, at its commit.
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert m["code"]["backend"]["commit"] == head and m["code"]["backend"]["path"] == os.path.join(ROOT, "python")
    assert len(m["code"]["backend"]["tree_sha256"]) == 64
    sim = os.path.join(ROOT, "python", "vlalab", "sim")
    assert m["benchmark"]["version"] == benchmark_version() and m["benchmark"]["files"]["physics.py"] == sha(
        os.path.join(sim, "physics.py")
    )
    assert m["hardware"]["cores"] == os.cpu_count() and "cpu" in m["hardware"]


def test_resume_keeps_the_first_manifest(tmp_path, data_dir):
    spec = make_spec(
        data_dir,
        data={"stages": [{"name": "ft", "datasets": [{"type": "playtable", "path": data_dir, "tasks": ["open_drawer"]}], "steps": 2}]},
        train={"checkpoint_every": 1, "log_every": 1, "val_every": 2},
    )
    r, run = run_train(tmp_path, spec, "--no-eval")
    assert r.returncode == 0, r.stderr
    first = (run / "manifest.json").read_text()
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", str(tmp_path / "spec.json"), "--run-dir", str(run), "--resume", "--no-eval"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert (run / "manifest.json").read_text() == first


def test_the_workspace_diff_and_untracked_files_are_recorded(tmp_path, data_dir):
    ws = tmp_path / "ws"
    ws.mkdir()
    git = lambda *a: subprocess.run(["git", *a], cwd=ws, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "root")
    (ws / "notes.py").write_text("x = 1\n")
    git("add", "notes.py")
    git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "-m", "notes")
    (ws / "notes.py").write_text("x = 2\n")
    (ws / "new.txt").write_text("new\n")
    spec_file = ws / "spec.json"
    spec_file.write_text(json.dumps(make_spec(data_dir)))
    r = subprocess.run(
        [PY, "-m", "vlalab", "manifest", "--spec", str(spec_file), "--print"], env=ENV, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    m = json.loads(r.stdout)
    check_schema(m)
    w = m["code"]["workspace"]
    assert w["repo"] == str(ws) and w["dirty"] is True and "-x = 1\n+x = 2" in w["diff"]
    assert w["diff_sha256"] == hashlib.sha256(w["diff"].encode()).hexdigest() and not w["diff_truncated"]
    assert "new.txt" in w["untracked"] and "spec.json" in w["untracked"]


def test_outside_git_the_code_is_named_as_such(tmp_path, data_dir):
    from vlalab.trainer import manifest

    state = manifest.code_state(str(tmp_path))
    assert state["commit"] is None and state["error"] == "not in a git repository"


def test_a_split_folder_as_the_dataset_path_is_hashed_as_its_split(data_dir):
    """The robovlms backend's dataset path is RoboVLMs' data_dir, the split folder itself
    (<root>/training): the manifest hashes that split, not a missing <root>/training/training."""
    from vlalab.trainer.manifest import dataset_entries

    spec = {"data": {"stages": [{"name": "ft", "datasets": [{"type": "calvin"}]}]}}
    (split,) = dataset_entries(spec, [[os.path.join(data_dir, "training")]])
    (root,) = dataset_entries(spec, [[data_dir]])
    assert "error" not in split and split["split"] == "training"
    assert split["files"]["training/ep_start_end_ids.npy"] == sha(os.path.join(data_dir, "training", "ep_start_end_ids.npy"))
    assert {k: v for k, v in split["files"].items() if k.startswith("training/")} == {
        k: v for k, v in root["files"].items() if k.startswith("training/")
    }


def test_episode_hashes_are_read_again_only_for_changed_files(tmp_path, monkeypatch):
    """A second run on the same data reads no frame file again (size and mtime match the split's hash
    cache); a changed file is read again and its new hash is the manifest's."""
    from vlalab.sim.dataset_writer import generate_dataset
    from vlalab.trainer import manifest

    d = str(tmp_path / "data")
    generate_dataset(d, ["open_drawer"], 2, 16, seed=0, split="training")
    first = manifest.episode_hashes(d, ["training"], threads=1)
    read = []
    real = manifest.file_sha256
    monkeypatch.setattr(manifest, "file_sha256", lambda p: read.append(p) or real(p))
    assert manifest.episode_hashes(d, ["training"], threads=1) == first and read == []
    name = sorted(first["files"])[0]
    path = os.path.join(d, name)
    with open(path, "ab") as f:
        f.write(b"changed")
    again = manifest.episode_hashes(d, ["training"], threads=1)
    assert read == [path] and again["files"][name] == sha(path) != first["files"][name] and again["sha256"] != first["sha256"]
