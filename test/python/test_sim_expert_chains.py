"""The scripted experts complete every chain the chain generator makes (they are the benchmark's
ceiling, and they set up single-task states): a chain they cannot finish is a Playtable bug.
Each chain below once failed; the random chains cover every scene."""

import numpy as np
import pytest
from vlalab.sim.chains import generate_chains
from vlalab.sim.evaluation import OraclePolicy, evaluate_chains, evaluate_single_tasks
from vlalab.sim.experts import ScriptedExpert
from vlalab.sim.physics import step_world
from vlalab.sim.scene import DRAWER, HALF, POS_STEP, ROT_STEP, SCENE_NAMES, block_supports
from vlalab.sim.tasks import build_initial_state, describe_state, task_success

D = {
    "led": 0,
    "lightbulb": 0,
    "slider": "left",
    "drawer": "open",
    "red_block": "slider_right",
    "blue_block": "table",
    "pink_block": "slider_left",
    "grasped": 0,
}
ONCE_FAILED = [
    # a block pushed into the drawer came out onto the table when the drawer closed
    (75, (D, ["push_into_drawer", "close_drawer", "turn_on_lightbulb", "open_drawer", "lift_blue_block_drawer"])),
    # a push went behind a neighbour 6 cm to the side (not touching) and shoved it instead
    (
        143,
        (
            {**D, "drawer": "closed", "red_block": "slider_left", "blue_block": "table", "pink_block": "table"},
            ["push_blue_block_left", "push_pink_block_left", "move_slider_right", "rotate_blue_block_left", "push_pink_block_right"],
        ),
    ),
    (
        174,
        (
            {**D, "led": 1, "lightbulb": 1, "drawer": "closed", "red_block": "table", "blue_block": "slider_left", "pink_block": "table"},
            ["lift_blue_block_slider", "stack_block", "push_pink_block_left", "push_pink_block_right", "lift_pink_block_table"],
        ),
    ),
]


def test_chains_that_once_failed_are_completed():
    res = evaluate_chains(
        OraclePolicy(),
        [c for _, c in ONCE_FAILED],
        chain_ids=[k for k, _ in ONCE_FAILED],
        image_size=16,
        max_steps=360,
        seed=1000,
        scene="D",
        batch_size=3,
    )
    assert [e["completed"] for e in res["episodes"]] == [5, 5, 5]


@pytest.mark.parametrize("scene", SCENE_NAMES)
def test_the_experts_complete_generated_chains_in_every_scene(scene):
    chains = generate_chains(8, length=5, seed=SCENE_NAMES.index(scene) + 40)
    res = evaluate_chains(OraclePolicy(), chains, image_size=16, max_steps=360, seed=40, scene=scene, batch_size=8)
    failed = [(e["tasks"], e["subtasks"][-1]["task"]) for e in res["episodes"] if e["completed"] < 5]
    assert not failed


def test_a_block_in_the_drawer_stays_in_it_when_the_drawer_closes_and_opens():
    s = build_initial_state([{**D, "drawer": "open"}], np.random.SeedSequence(1), "A")
    s.block_pos[0, 1] = [s.drawer_x0[0] + 0.12, -0.135, -0.10 + 0.025]
    s.in_drawer[0, 1] = True
    for drawer in (0.0, 0.08, 0.20):
        s.block_pos[0, 1, 1] += s.drawer[0] - drawer  # the drawer carries what lies in it
        s.drawer[0] = drawer
        assert block_supports(s)[0][0, 1] == DRAWER and describe_state(s, 0)["blue_block"] == "drawer"


def test_a_second_block_placed_in_the_drawer_lands_beside_the_first_and_both_come_out_again():
    """Playtable 4: place_in_drawer dropped every block at the drawer's centre, onto the one already
    there, and the lower one could no longer be lifted out (the 2 of 1000 expert chains Playtable 3 lost)."""
    two = {**D, "red_block": "slider_right", "blue_block": "table", "pink_block": "table", "slider": "left"}
    first = ["lift_blue_block_table", "place_in_drawer", "lift_pink_block_table", "place_in_drawer"]
    chains = [(two, first + ["lift_blue_block_drawer"]), (two, first + ["lift_pink_block_drawer"])]
    res = evaluate_chains(OraclePolicy(), chains, image_size=16, max_steps=360, seed=7, scene="D", batch_size=2)
    assert [e["completed"] for e in res["episodes"]] == [5, 5]
    # after the four placing tasks: both blocks rest on the drawer's floor, side by side
    s = build_initial_state([two], np.random.SeedSequence(7), "D")
    for task in first:
        ex, start = ScriptedExpert(task, rng=np.random.default_rng(0)), s.copy()
        ex.reset(s, 0)
        for _ in range(360):
            a = np.clip(ex.act(s, 0), -1, 1)[None]
            step_world(s, a[:, :3] * POS_STEP, a[:, 3:6] * ROT_STEP, np.where(a[:, 6] > 0, 1.0, -1.0))
            if task_success(task, start, s)[0]:
                break
        assert task_success(task, start, s)[0], task
    sup, _ = block_supports(s)
    assert sup[0, 1] == DRAWER and sup[0, 2] == DRAWER
    assert abs(s.block_pos[0, 1, 0] - s.block_pos[0, 2, 0]) > 2 * HALF


def test_setups_get_their_own_step_budget():
    # a short max_steps limits the policy's subtask, never the expert's setup (stack_block first)
    res = evaluate_single_tasks(OraclePolicy(), ["unstack_block"], 3, image_size=16, max_steps=5, seed=3, batch_size=3)
    assert len(res["episodes"]) == 3
