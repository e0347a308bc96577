"""Execution strategies at evaluation (trainer/execution.py): which predicted action runs at each
control step, under a simulated inference delay. Chunks are labelled so every executed action
tells which prediction (step issued) and which index it came from: arm[0] = issued, arm[1] = index."""

import numpy as np
import pytest
from vlalab.trainer.execution import ChunkExecutor, execution_protocol, rtc_weights

H, DIM = 4, 3


def labelled(issued, grip=1.0):
    c = np.zeros((H, DIM))
    c[:, 0], c[:, 1], c[:, 2] = issued, np.arange(H), grip
    return c


def run(protocol, steps):
    """(executed actions, steps at which a prediction was made)."""
    ex, acts, asked = ChunkExecutor(protocol, H, DIM), [], []
    for t in range(steps):
        if ex.wants_prediction():
            asked.append(t)
            ex.submit(labelled(t))
        acts.append(ex.act())
    return np.array(acts), asked


def held(a):
    return a[0] == 0 and a[1] == 0


def test_first_without_delay_is_receding_horizon():
    acts, asked = run({"execution": "first", "delay": 0}, 6)
    assert asked == list(range(6))
    assert acts[:, 0].tolist() == list(range(6)) and acts[:, 1].tolist() == [0] * 6


def test_first_with_delay_executes_stale_first_actions_after_holding():
    acts, _ = run({"execution": "first", "delay": 2}, 6)
    assert held(acts[0]) and held(acts[1]) and acts[0, 2] == 1.0  # holds, gripper open
    assert acts[2:, 0].tolist() == [0, 1, 2, 3] and acts[2:, 1].tolist() == [0] * 4


def test_chunk_runs_open_loop_and_waits_for_each_chunk():
    acts, asked = run({"execution": "chunk", "delay": 2}, 12)
    assert asked == [0, 6]
    assert all(held(a) for a in acts[[0, 1, 6, 7]])
    assert acts[2:6, 1].tolist() == [0, 1, 2, 3] and acts[8:12, 0].tolist() == [6] * 4


def test_ensemble_averages_every_chunk_due_now_oldest_weighted_most():
    acts, _ = run({"execution": "ensemble", "delay": 1, "ensemble_decay": 0.0}, 8)
    assert held(acts[0])
    # at step 6 the chunks issued at 3..6 cover it (index 6 - s); delay 1 leaves out the one issued at 6
    assert acts[6, 0] == pytest.approx(np.mean([3, 4, 5])) and acts[6, 1] == pytest.approx(np.mean([3, 2, 1]))
    acts, _ = run({"execution": "ensemble", "delay": 0, "ensemble_decay": 1.0}, 8)
    w = np.exp(-np.arange(4.0))
    assert acts[6, 0] == pytest.approx((w * [3, 4, 5, 6]).sum() / w.sum())


def test_rtc_requests_every_horizon_and_switches_time_aligned():
    protocol = {"execution": "rtc", "delay": 1, "rtc_horizon": 2}
    ex, acts, asked, paints = ChunkExecutor(protocol, H, DIM), [], [], []
    for t in range(10):
        if ex.wants_prediction():
            asked.append(t)
            paints.append(ex.inpaint())
            ex.submit(labelled(t))
        acts.append(ex.act())
    acts = np.array(acts)
    assert held(acts[0])  # the first chunk: nothing to execute yet
    assert asked == [0, 3, 5, 7, 9]  # first chunk starts at 1; then every 2 steps
    assert acts[1:4, 0].tolist() == [0, 0, 0] and acts[1:4, 1].tolist() == [0, 1, 2]
    assert acts[4, 0] == 3 and acts[4, 1] == 1  # arrived one step late: index `delay`
    assert paints[0] is None
    target, weights = paints[1]
    assert target[:2, 1].tolist() == [2, 3] and weights[0] == 1.0 and weights[-1] == 0.0


def test_rtc_soft_mask_is_one_over_the_delay_and_decays_to_zero():
    w = rtc_weights(10, 4, 2)
    assert w[:2].tolist() == [1.0, 1.0] and (np.diff(w[2:6]) < 0).all() and w[6:].tolist() == [0.0] * 4


@pytest.mark.parametrize(
    "entry,chunk,generative,message",
    [
        ({"execution": "ensemble"}, 1, False, "policy.chunk is 1"),
        ({"execution": "ensemble", "delay": 4}, 4, False, "no action of an arriving chunk"),
        ({"execution": "rtc"}, 8, False, "needs a generative head"),
        ({"execution": "rtc", "delay": 3, "rtc_horizon": 6}, 8, True, r"rtc_horizon \+ delay"),
        ({"execution": "sideways"}, 8, True, "unknown execution"),
    ],
)
def test_impossible_settings_are_one_clear_error(entry, chunk, generative, message):
    with pytest.raises(ValueError, match=message):
        execution_protocol(entry, chunk, "gpt", generative)


def test_protocol_records_what_the_strategy_uses():
    assert execution_protocol({"execution": "rtc", "delay": 1}, 8, "flow", True) == {"execution": "rtc", "delay": 1, "rtc_horizon": 4}
    assert execution_protocol({}, 1, "mlp", False) == {"execution": "first", "delay": 0}


def tiny_policy(head="flow", chunk=4):
    import torch
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import WordTokenizer
    from vlalab.sim.instructions import training_phrasings
    from vlalab.trainer.spec import with_defaults

    torch.manual_seed(0)
    spec = with_defaults(
        {
            "name": "x",
            "backbone": {"id": "tiny-prefix", "size": "nano"},
            "policy": {"history": 2, "chunk": chunk, "head": {"type": head, "hidden": 16, "layers": 1, "sample_steps": 2}},
            "observation": {"image_size": 32, "patch_size": 16, "cameras": ["static"]},
            "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
        }
    )
    stats = {"mean": [0.0] * 6, "std": [0.5] * 6, "min": [-1.0] * 6, "max": [1.0] * 6}
    return build_policy(spec, WordTokenizer.build(training_phrasings("open_drawer")), stats).eval(), spec


@pytest.mark.parametrize(
    "how,delay,expected_calls", [("first", 0, 10), ("first", 2, 10), ("chunk", 0, 3), ("chunk", 2, 2), ("ensemble", 1, 10), ("rtc", 1, 5)]
)
def test_the_harness_runs_each_strategy_on_the_playtable(how, delay, expected_calls):
    """A real (untrained) flow policy through the evaluator for 10 steps: predictions are made when
    the strategy asks for them (batched over the envs that need one), and the run is a function of
    the seed."""
    from vlalab.sim.evaluation import evaluate_single_tasks
    from vlalab.trainer.evaluate import HarnessPolicy

    policy, spec = tiny_policy()
    protocol = execution_protocol({"execution": how, "delay": delay}, policy.chunk, "flow", True)
    calls = []
    predict = policy.predict
    policy.predict = lambda *a, **k: calls.append(a[0].shape[0]) or predict(*a, **k)

    def run():
        harness = HarnessPolicy(policy, spec, protocol=protocol, seed=3)
        res = evaluate_single_tasks(harness, ["open_drawer"], 2, image_size=32, max_steps=10, batch_size=2, seed=5)
        return res["episodes"]

    first = run()
    assert len(calls) == expected_calls and set(calls) == {2}
    calls.clear()
    assert run() == first
