"""How an evaluation is reported: chains as CALVIN's success at 1..N and average length; a
single-task evaluation as each task's success rate with its episode count and 95% Wilson interval."""

import pytest
from ts_tools import run_ts
from vlalab.sim.evaluation import OraclePolicy, evaluate_single_tasks, success_by_task, wilson_interval
from vlalab.trainer.evaluate import report


def test_wilson_interval_matches_known_values_and_stays_inside_0_1():
    # Reference values (Wilson 1927; e.g. statsmodels proportion_confint(method="wilson")).
    assert wilson_interval(5, 10) == pytest.approx((0.2366, 0.7634), abs=1e-4)
    assert wilson_interval(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert wilson_interval(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)
    assert wilson_interval(17, 20) == pytest.approx((0.6396, 0.9476), abs=1e-4)
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_python_and_typescript_compute_the_same_interval():
    counts = [[0, 1], [1, 1], [3, 7], [17, 20], [0, 50], [123, 1000]]
    ts = run_ts({"wilson": counts})["wilson"]
    for (s, n), (low, high) in zip(counts, ts):
        assert wilson_interval(s, n) == pytest.approx((low, high), abs=1e-12)


def chain_result(completed, tasks):
    """A synthetic evaluate_chains result: chains that completed `completed[i]` subtasks."""
    episodes = [{"completed": c, "subtasks": [{"task": t, "success": k < c} for k, t in enumerate(tasks)]} for c in completed]
    n = len(completed)
    info = {}
    for e in episodes:
        for s in e["subtasks"]:
            i = info.setdefault(s["task"], {"success": 0, "total": 0})
            i["total"] += 1
            i["success"] += int(s["success"])
    return {
        "episodes": episodes,
        "avg_seq_len": sum(completed) / n,
        "task_info": info,
        "chain_sr": {str(k): sum(c >= k for c in completed) / n for k in range(1, len(tasks) + 1)},
    }


def test_a_chain_evaluation_reports_success_at_1_to_n_and_the_average_length():
    summary, lines = report(chain_result([0, 1, 2, 2], ["open_drawer", "close_drawer"]), 2)
    assert summary["avg_seq_len"] == 1.25 and summary["chain_sr"] == {"1": 0.75, "2": 0.5}
    assert summary["num_chains"] == 4
    assert "avg len 1.25" in lines[0]


def test_a_chain_evaluation_carries_95_percent_intervals():
    summary, lines = report(chain_result([0, 1, 2, 2], ["open_drawer", "close_drawer"]), 2)
    # the average length: mean ± 1.96 · sd / sqrt(n) over chains (sd of 0, 1, 2, 2 is 0.9574)
    low, high = summary["avg_seq_len_ci"]
    assert abs(low - (1.25 - 1.959964 * 0.957427 / 2)) < 1e-4 and abs(high - min(2.0, 1.25 + 1.959964 * 0.957427 / 2)) < 1e-4
    assert "95% CI" in lines[0]
    # success at k in a row and each task inside chains: Wilson intervals of their counts
    assert summary["chain_sr_ci"]["1"] == list(wilson_interval(3, 4)) and summary["chain_sr_ci"]["2"] == list(wilson_interval(2, 4))
    assert summary["success_by_task"]["close_drawer"]["success"] == 2 and summary["success_by_task"]["close_drawer"]["total"] == 4
    assert summary["success_by_task"]["close_drawer"]["low"] == wilson_interval(2, 4)[0]


def test_when_every_chain_ends_alike_the_average_length_interval_still_has_width():
    # 30 chains that all fail: not "0.00 (0.00–0.00)" but up to 3 x Wilson's upper end for 0 of 30
    summary, lines = report(chain_result([0] * 30, ["open_drawer", "close_drawer", "turn_on_led"]), 3)
    p = wilson_interval(0, 30)[1]
    assert summary["avg_seq_len_ci"] == pytest.approx([0.0, 3 * p]) and 0.3 < 3 * p < 0.4
    assert f"(95% CI 0.00–{3 * p:.2f})" in lines[0]
    # every chain completes everything: the interval reaches below the ceiling by the same bound
    summary, _ = report(chain_result([2] * 30, ["open_drawer", "close_drawer"]), 2)
    assert summary["avg_seq_len_ci"] == pytest.approx([2 - 2 * p, 2.0])
    # and the editor's checkpoint curve computes the same bounds from the results' chain_sr
    ts = run_ts({"avgLen": [[{"1": 0.0, "2": 0.0, "3": 0.0}, 30, 0.0], [{"1": 1.0, "2": 1.0}, 30, 2.0]]})["avgLen"]
    assert ts[0] == pytest.approx([0.0, 3 * p]) and ts[1] == pytest.approx([2 - 2 * p, 2.0])


def test_a_single_task_evaluation_reports_per_task_success_with_counts_and_intervals_not_a_chain():
    res = {
        "episodes": [{}] * 6,
        "avg_seq_len": 0.5,
        "chain_sr": {"1": 0.5},
        "task_info": {"open_drawer": {"success": 3, "total": 3}, "close_drawer": {"success": 0, "total": 3}},
    }
    summary, lines = report(res, 1)
    assert "avg_seq_len" not in summary and "chain_sr" not in summary
    assert summary["num_episodes"] == 6 and summary["success"] == 0.5
    od = summary["success_by_task"]["open_drawer"]
    assert (od["success"], od["total"], od["rate"]) == (3, 3, 1.0)
    assert (od["low"], od["high"]) == pytest.approx(wilson_interval(3, 3))
    assert not any("avg len" in line for line in lines)
    assert "single-task (6 episodes, 2 tasks): success 3/6 50% (95% CI 19%–81%)" in lines[0]
    assert any("open_drawer" in line and "3/3" in line and "100%" in line and "95% CI 44%–100%" in line for line in lines)


def test_evaluate_single_tasks_returns_success_by_task():
    res = evaluate_single_tasks(OraclePolicy(), ["open_drawer"], 2, image_size=32, max_steps=120, batch_size=2)
    assert res["success_by_task"] == success_by_task(res["task_info"])
    assert res["success_by_task"]["open_drawer"]["total"] == 2
