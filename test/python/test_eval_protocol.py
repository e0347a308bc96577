"""Every Playtable evaluation result carries its protocol: benchmark version, CALVIN split (the
data's scenes -> the evaluation's scene), chain set, phrasing set, ... in the results file and in
the eval_result event (which the events schema validates)."""

import json
import shutil

from test_trainer import TASKS, data_dir, events, make_spec, run_train, validate_events  # noqa: F401 (data_dir is a fixture)
from vlalab.sim.instructions import HELD_OUT_PHRASING_SET
from vlalab.sim.version import benchmark_version


def test_an_evaluation_in_scene_d_records_calvins_split_and_the_benchmark_version(tmp_path, data_dir):
    # a dataset given by path says which scenes its episodes come from (its playtable.json), and
    # that decides the split whatever the spec's `scenes` say
    data = tmp_path / "abc-data"
    shutil.copytree(data_dir, data)
    for split in ("training", "validation"):
        meta = json.loads((data / split / "playtable.json").read_text())
        (data / split / "playtable.json").write_text(json.dumps({**meta, "scenes": ["A", "B", "C"]}))
    spec = make_spec(str(data), eval=[{"benchmark": "playtable", "chains": 2, "chain_length": 1, "max_steps": 10, "scene": "D"}])
    spec["data"]["stages"][0]["datasets"][0]["scenes"] = ["A"]
    r, run = run_train(tmp_path, spec)
    assert r.returncode == 0, r.stderr
    assert validate_events(run / "events.jsonl") == []
    p = next(e for e in events(run) if e["type"] == "eval_result")["protocol"]
    assert p["benchmark"] == "playtable" and p["benchmark_version"] == benchmark_version()
    assert p["split"] == "ABC->D" and p["scene"] == "D" and p["phrasing_set"] == HELD_OUT_PHRASING_SET
    assert p["chain_set"].startswith("single-task:seed=") and p["chains"] == 2 and p["episodes"] == 2
    assert p["checkpoint"].startswith("checkpoints/") and p["execution"] == "first" and p["embodiment"] == "default"
    with open(next((run / "eval").glob("*/results_playtable.json"))) as f:
        assert json.load(f)["protocol"] == p
    assert p["expert_routes"] == 1 and p["obstacle"] is False  # Playtable 4's obstacle: off unless asked for
    # an entry with the obstacle is evaluated with the post and says so (and how many posts stood)
    from vlalab.trainer.evaluate import evaluate

    entry = {"benchmark": "playtable", "chains": 4, "chain_length": 1, "max_steps": 10, "tasks": ["turn_on_led"], "seed": 1000}
    entry.update(held_out_phrasings=True, videos=0, obstacle=True)
    (res,) = evaluate(str(run), eval_entries=[entry], log=lambda *a: None)
    assert res["protocol"]["obstacle"] is True and res["obstacle"]["turn_on_led"]["episodes"] == 4
