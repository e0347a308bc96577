"""Tracker exports of a real tiny run: an offline Weights & Biases run whose own transaction log
(run-<id>.wandb, read with wandb's protobuf records: its public API cannot read offline runs) holds
every scalar at its step, the spec as config, the evaluation tables and the rollout video. (The
TensorBoard export is read back by our TS reader: test/unit/export-tracker.test.ts.)"""

import glob
import hashlib
import json
import os
import struct
import subprocess

import pytest
from test_trainer import ENV, PY, data_dir  # noqa: F401 (a fixture)
from tiny_run import events, make_tiny_run


def wandb_records(path):
    """The records of a .wandb file: a 7-byte header (":W&B", magic, version), then LevelDB-log
    blocks of 32 KiB holding chunks (crc32c, length, type: 1 full, 2 first, 3 middle, 4 last)."""
    from wandb.proto import wandb_internal_pb2 as pb

    data = open(path, "rb").read()
    assert data[:4] == b":W&B"
    pos, buf, out = 7, b"", []
    while pos + 7 <= len(data):
        if 32768 - pos % 32768 < 7:
            pos += 32768 - pos % 32768
            continue
        _, n, kind = struct.unpack("<IHB", data[pos : pos + 7])
        if n == 0 and kind == 0:
            break
        buf += data[pos + 7 : pos + 7 + n]
        pos += 7 + n
        if kind in (1, 4):
            r = pb.Record()
            r.ParseFromString(buf)
            out.append(r)
            buf = b""
    return out


@pytest.fixture(scope="module")
def run(tmp_path_factory, data_dir):
    return make_tiny_run(str(tmp_path_factory.mktemp("trackers")), data_dir)


def test_an_offline_wandb_run_holds_scalars_config_tables_and_videos(run):
    env = {k: v for k, v in ENV.items() if not k.startswith("WANDB_")}
    r = subprocess.run(
        [PY, "-m", "vlalab", "export-tracker", "--run-dir", run, "--to", "wandb"], env=env, capture_output=True, text=True, timeout=300
    )
    assert r.returncode == 0, r.stderr
    assert "wandb sync " in r.stdout
    (offline,) = glob.glob(os.path.join(run, "wandb", "wandb", "offline-run-*"))
    (log,) = glob.glob(os.path.join(offline, "run-*.wandb"))
    recs = wandb_records(log)
    evs = events(run)
    # scalars: every one, at its step, the same double
    history = {}
    for rec in recs:
        if rec.WhichOneof("record_type") == "history":
            items = {i.key or "/".join(i.nested_key): json.loads(i.value_json) for i in rec.history.item}
            history.setdefault(items.get("_step", rec.history.step.num), {}).update(items)
    for e in evs:
        if e["type"] == "scalar":
            assert history[e["step"]][e["name"]] == e["value"], (e["name"], e["step"])
    (ev,) = [e for e in evs if e["type"] == "eval_result"]
    assert history[6]["eval/playtable/avg_len"] == ev["avg_seq_len"] and history[6]["eval/playtable/sr_1"] == ev["chain_sr"]["1"]
    # config: the resolved spec and the manifest's seeds
    (run_rec,) = [x.run for x in recs if x.WhichOneof("record_type") == "run"]
    config = {i.key: json.loads(i.value_json) for i in run_rec.config.update}
    spec = json.load(open(os.path.join(run, "spec.json")))
    assert config["spec"] == spec and config["manifest"]["seeds"] == json.load(open(os.path.join(run, "manifest.json")))["seeds"]
    assert run_rec.display_name == "tiny/20261204-000000-abcd"
    # evaluation tables and the rollout video, as wandb stored them
    files = [f.path for x in recs if x.WhichOneof("record_type") == "files" for f in x.files.files]
    (results,) = [f for f in files if f.startswith("media/table/eval/results_")]
    table = json.load(open(os.path.join(offline, "files", results)))
    assert table["columns"][:5] == ["benchmark", "checkpoint", "step", "avg_len", "num_chains"]
    assert table["data"] == [["playtable", ev["checkpoint"], 6, ev["avg_seq_len"], 2, ev["chain_sr"]["1"], ev["chain_sr"]["2"]]]
    (tasks,) = [f for f in files if f.startswith("media/table/eval/tasks_")]
    rows = json.load(open(os.path.join(offline, "files", tasks)))["data"]
    assert sorted((t, s, n) for _, _, t, s, n in rows) == sorted((t, c["success"], c["total"]) for t, c in ev["task_info"].items())
    (video,) = [f for f in files if f.startswith("media/videos/")]
    (media,) = [e for e in evs if e["type"] == "media" and e["kind"] == "video"]
    sha = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()  # noqa: E731
    assert sha(os.path.join(offline, "files", video)) == sha(os.path.join(run, media["path"]))


def test_online_mode_is_refused_in_one_line(run, tmp_path):
    r = subprocess.run(
        [PY, "-m", "vlalab", "export-tracker", "--run-dir", run, "--to", "wandb", "-o", str(tmp_path / "w")],
        env={**ENV, "WANDB_MODE": "online"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert r.stderr.strip() == "vlalab: WANDB_MODE is 'online': the export writes an offline run only; unset it or set it to offline"
    assert not (tmp_path / "w").exists()
