"""vlalab.runs: a runs folder as pandas DataFrames, checked against what the trainer wrote to
events.jsonl; and examples/analysis.ipynb, a valid notebook whose code cells run (exec, no Jupyter)
on a tiny real run folder and plot the run's own loss curve."""

import json
import math
import os

import pandas as pd  # noqa: E402,F401 — vlalab[analysis], which setup.sh installs
import pytest
import vlalab.runs as vr  # noqa: E402
from test_trainer import ROOT, data_dir  # noqa: F401 (a fixture)
from tiny_run import RUN_ID, events, make_tiny_run


@pytest.fixture(scope="module")
def runs_dir(tmp_path_factory, data_dir):
    root = str(tmp_path_factory.mktemp("runsapi"))
    make_tiny_run(root, data_dir)
    # a second experiment and the runs folder's own non-run folders
    other = os.path.join(root, "runs", "other", "r2")
    os.makedirs(other)
    with open(os.path.join(other, "events.jsonl"), "w") as f:
        f.write(json.dumps({"v": 1, "type": "scalar", "t": 1.0, "step": 1, "name": "train/loss", "value": 2.5}) + "\n")
        f.write("not json\n")
        f.write(json.dumps({"v": 1, "type": "scalar", "t": 2.0, "step": 2, "name": "train/loss", "value": None}) + "\n")
    os.makedirs(os.path.join(root, "runs", "_data", "playtable-x"))
    os.makedirs(os.path.join(root, "runs", ".queue", "pending"))
    return os.path.join(root, "runs")


def test_load_finds_every_run_and_only_runs(runs_dir):
    runs = vr.load(runs_dir)
    assert runs.keys == ["other/r2", f"tiny/{RUN_ID}"]
    assert vr.load(os.path.join(runs_dir, "tiny")).keys == [f"tiny/{RUN_ID}"]
    assert vr.load(os.path.join(runs_dir, "tiny", RUN_ID)).keys == [f"tiny/{RUN_ID}"]
    assert runs["tiny"].id == RUN_ID and runs[RUN_ID[:8]].key == f"tiny/{RUN_ID}"
    with pytest.raises(FileNotFoundError, match="is not a directory"):
        vr.load(os.path.join(runs_dir, "nope"))


def test_metrics_are_the_logged_scalars(runs_dir):
    run = vr.load(runs_dir)["tiny"]
    evs = events(run.path)
    logged = [(e["step"], e["value"]) for e in evs if e["type"] == "scalar" and e["name"] == "train/loss"]
    m = run.metrics
    assert list(m.columns) == ["step", "name", "value", "stage", "t"]
    got = m[m["name"] == "train/loss"]
    assert list(zip(got["step"], got["value"])) == logged and len(logged) == 6
    assert list(run.metric("train/loss").items()) == logged
    assert set(m["name"]) >= {"train/loss", "train/lr", "val/loss"}
    other = vr.load(runs_dir)["other"]
    assert other.skipped_lines == 1 and math.isnan(other.metrics["value"].iloc[1])
    wide = vr.load(runs_dir).metrics_wide("train/loss")
    assert list(wide.columns) == ["other/r2", f"tiny/{RUN_ID}"] and wide.loc[6, f"tiny/{RUN_ID}"] == logged[-1][1]


def test_evaluations_and_tasks_are_the_eval_results(runs_dir):
    run = vr.load(runs_dir)["tiny"]
    (e,) = [e for e in events(run.path) if e["type"] == "eval_result"]
    ev = run.evaluations
    assert (
        len(ev) == 1
        and ev["avg_len"][0] == e["avg_seq_len"]
        and ev["sr_1"][0] == e["chain_sr"]["1"]
        and ev["sr_2"][0] == e["chain_sr"]["2"]
    )
    assert ev["checkpoint"][0] == e["checkpoint"] and ev["num_chains"][0] == 2
    tasks = run.task_results
    assert {(r.task, r.success, r.total) for r in tasks.itertuples()} == {(t, c["success"], c["total"]) for t, c in e["task_info"].items()}
    all_runs = vr.load(runs_dir)
    assert list(all_runs.evaluations["run"]) == [f"tiny/{RUN_ID}"]
    s = all_runs.summary().set_index("run")
    assert s.loc[f"tiny/{RUN_ID}", "step"] == 6 and s.loc[f"tiny/{RUN_ID}", "best_avg_len"] == e["avg_seq_len"]
    assert run.manifest["seeds"]["/train/seed"] == 0
    assert list(run.checkpoints["step"]) == [e["step"] for e in events(run.path) if e["type"] == "checkpoint"]


def test_the_example_notebook_runs_and_plots_the_loss(runs_dir, monkeypatch):
    import matplotlib
    import nbformat

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = os.path.join(ROOT, "examples", "analysis.ipynb")
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    monkeypatch.setenv("VLA_LAB_RUNS_DIR", runs_dir)
    plt.close("all")
    ns = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            exec(compile(cell.source, f"{path}#{cell.get('id')}", "exec"), ns)
    lines = {ln.get_label(): ln for ln in plt.gcf().axes[0].get_lines()}
    logged = [
        (e["step"], e["value"])
        for e in events(os.path.join(runs_dir, "tiny", RUN_ID))
        if e["type"] == "scalar" and e["name"] == "train/loss"
    ]
    line = lines[f"tiny/{RUN_ID}"]
    assert list(zip(line.get_xdata(), line.get_ydata())) == logged
    assert len(ns["evaluations"]) == 1 and len(ns["tasks"]) > 0
