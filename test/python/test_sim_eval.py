"""Evaluation harness: oracle scores high, random near zero, chains stop at the first failure."""

import json
import os

import numpy as np
import pytest
from vlalab.sim.chains import load_eval_sequences
from vlalab.sim.evaluation import OraclePolicy, RandomPolicy, evaluate_chains, evaluate_single_tasks

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "calvin", "eval_sequences.json")


def check_counts(res, chains):
    assert len(res["episodes"]) == len(chains)
    total = 0
    for ep, (_, tasks) in zip(res["episodes"], chains):
        subs = ep["subtasks"]
        # stops at the first failure: all but the last attempted subtask succeeded
        assert all(s["success"] for s in subs[:-1])
        assert ep["completed"] == sum(s["success"] for s in subs)
        assert len(subs) == min(len(tasks), ep["completed"] + 1)
        assert [s["task"] for s in subs] == tasks[: len(subs)]
        total += len(subs)
    assert sum(v["total"] for v in res["task_info"].values()) == total
    completed = np.array([e["completed"] for e in res["episodes"]])
    assert res["avg_seq_len"] == pytest.approx(completed.mean())
    srs = [res["chain_sr"][str(k)] for k in range(1, 6)]
    assert srs == sorted(srs, reverse=True)


def test_oracle_scores_high_and_batching_does_not_change_results():
    chains = load_eval_sequences(FIXTURE, limit=8)
    res = evaluate_chains(OraclePolicy(), chains, image_size=16, batch_size=8)
    check_counts(res, chains)
    assert res["avg_seq_len"] >= 4.5
    seq = evaluate_chains(OraclePolicy(), chains[:2], image_size=16, batch_size=1)
    assert [e["completed"] for e in seq["episodes"]] == [e["completed"] for e in res["episodes"][:2]]


def test_random_policy_scores_about_zero_and_progress_is_reported():
    chains = load_eval_sequences(FIXTURE, limit=8)
    calls = []
    res = evaluate_chains(RandomPolicy(), chains, image_size=16, batch_size=8, max_steps=120, progress=lambda d, t: calls.append((d, t)))
    check_counts(res, chains)
    assert res["avg_seq_len"] <= 0.25
    assert calls[-1] == (8, 8)


def test_held_out_phrasings_are_used_by_default():
    from vlalab.sim.instructions import held_out_phrasings, training_phrasings

    chains = load_eval_sequences(FIXTURE, limit=1)
    seen = []

    class Recorder(OraclePolicy):
        def __call__(self, obs, instructions):
            seen.extend(instructions)
            return super().__call__(obs, instructions)

    evaluate_chains(Recorder(), chains, image_size=16, batch_size=1)
    first = chains[0][1][0]
    assert held_out_phrasings(first)[0] in seen
    assert not set(training_phrasings(first)) & set(seen)


def test_single_task_evaluation_with_setups_and_videos(tmp_path):
    tasks = ["place_in_drawer", "turn_off_lightbulb", "unstack_block"]
    res = evaluate_single_tasks(
        OraclePolicy(),
        tasks,
        2,
        image_size=32,
        embodiment="default",
        max_steps=360,
        held_out_phrasings=True,
        batch_size=6,
        video_dir=str(tmp_path),
        num_videos=2,
        seed=5,
        progress=None,
    )
    assert {t: v["total"] for t, v in res["task_info"].items()} == {t: 2 for t in tasks}
    assert res["chain_sr"]["1"] >= 5 / 6
    assert len(res["videos"]) == 2
    assert len({v["task"] for v in res["videos"]}) == 2  # spread over tasks, not the first task's episodes
    for v in res["videos"]:
        assert os.path.isfile(v["path"])
        side = json.load(open(os.path.splitext(v["path"])[0] + ".json"))
        assert side["task"] == v["task"] and side["success"] == v["success"] and side["steps"] == v["steps"]
