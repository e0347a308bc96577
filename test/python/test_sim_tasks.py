"""Playtable tasks: every CALVIN task is solved by its scripted expert, and not by doing nothing."""

import numpy as np
import pytest
from vlalab.sim.evaluation import single_task_chains
from vlalab.sim.experts import ScriptedExpert
from vlalab.sim.instructions import held_out_phrasings, tokenize, training_phrasings, training_vocabulary
from vlalab.sim.physics import step_world
from vlalab.sim.scene import POS_STEP, ROT_STEP
from vlalab.sim.tasks import TASKS, build_initial_state, is_applicable, task_success


def run_expert(task, s, noise=0.0, seed=0, max_steps=360):
    start = s.copy()
    ex = ScriptedExpert(task, noise=noise, rng=np.random.default_rng(seed))
    ex.reset(s, 0)
    for t in range(max_steps):
        a = ex.act(s, 0)
        step_world(s, (a[:3] * POS_STEP)[None], (a[3:6] * ROT_STEP)[None], np.array([a[6]]))
        if task_success(task, start, s)[0]:
            return t + 1
    return None


def states_for(task, count, seed):
    chains, setups = single_task_chains(task, count, seed=seed)
    out = []
    for k, ((init, _), setup) in enumerate(zip(chains, setups)):
        s = build_initial_state([init], seed * 100 + k)
        for t in setup:
            assert run_expert(t, s) is not None, f"setup {t} for {task} failed"
        out.append(s)
    return out


def test_there_are_34_tasks():
    assert len(TASKS) == 34 and len(set(TASKS)) == 34


@pytest.mark.parametrize("task", TASKS)
def test_expert_solves_task_and_noop_does_not(task):
    for k, s in enumerate(states_for(task, 3, seed=11)):
        assert is_applicable(task, s, 0)
        idle = s.copy()
        start = idle.copy()
        for _ in range(40):  # a no-op policy: stand still with the gripper as it is
            step_world(idle, np.zeros((1, 3)), np.zeros((1, 3)), np.array([1.0 if idle.held[0] < 0 else -1.0]))
        assert not task_success(task, start, idle)[0], f"{task} succeeded without doing anything"
        steps = run_expert(task, s, noise=0.1, seed=k)
        assert steps is not None, f"expert failed {task} from initial state {k}"
        assert steps < 200


def test_instructions_cover_every_task_and_held_out_words_are_known():
    vocab = set(training_vocabulary())
    for task in TASKS:
        train, held = training_phrasings(task), held_out_phrasings(task)
        assert len(train) >= 3 and len(held) >= 1
        for h in held:
            assert h not in train
            assert set(tokenize(h)) <= vocab, f"held-out phrasing of {task} has unknown words"


def test_observations_follow_calvin_field_order():
    s = build_initial_state(
        [
            {
                "led": 1,
                "lightbulb": 0,
                "slider": "left",
                "drawer": "open",
                "red_block": "table",
                "blue_block": "slider_right",
                "pink_block": "table",
                "grasped": 0,
            }
        ],
        0,
    )
    so, ro = s.scene_obs(), s.robot_obs()
    assert so.shape == (1, 24) and ro.shape == (1, 15)
    assert so[0, 0] == pytest.approx(0.56) and so[0, 1] == pytest.approx(0.20)  # slider, drawer
    assert so[0, 4] == 0 and so[0, 5] == 1  # light bulb, green light
    assert so[0, 6:9] == pytest.approx(s.block_pos[0, 0]) and so[0, 12:15] == pytest.approx(s.block_pos[0, 1])
    assert ro[0, 6] == pytest.approx(0.08) and ro[0, 14] == 1.0  # open gripper width, action
    run_expert("move_slider_right", s)
    assert s.scene_obs()[0, 0] < 0.56 - 0.15


def test_grasped_block_follows_gripper_yaw_and_falls_when_released():
    s = states_for("rotate_red_block_left", 1, seed=3)[0]
    yaw0 = s.block_rpy[0, 0, 2]
    assert run_expert("rotate_red_block_left", s) is not None
    assert np.degrees(((s.block_rpy[0, 0, 2] - yaw0 + np.pi) % (2 * np.pi)) - np.pi) > 60
    assert s.block_pos[0, 0, 2] == pytest.approx(0.025, abs=1e-3)  # back on the table
