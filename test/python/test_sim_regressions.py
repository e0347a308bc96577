"""Playtable regressions: crowded table placements, blocks under the sliding door, rows of touching
blocks, a second block pushed into the drawer, CALVIN's `grasped: 1`, disjoint seed streams."""

import os

import numpy as np
from test_sim_tasks import run_expert  # the one expert-rollout helper (noise 0, seed 0 here)
from vlalab.sim.chains import chain_is_valid, load_eval_sequences, symbolic_effect
from vlalab.sim.scene import DRAWER, HALF, block_supports
from vlalab.sim.tasks import build_initial_state, describe_state, is_applicable, placement_seed

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "calvin", "eval_sequences.json")
BASE = {
    "led": 0,
    "lightbulb": 0,
    "slider": "right",
    "drawer": "open",
    "red_block": "table",
    "blue_block": "table",
    "pink_block": "table",
    "grasped": 0,
}


def test_three_table_blocks_always_leave_room_for_the_fingers():
    s = build_initial_state([BASE] * 500, seed=0)
    xy = s.block_pos[:, :, :2]
    for a, b in ((0, 1), (0, 2), (1, 2)):
        assert np.abs(xy[:, a] - xy[:, b]).max(axis=1).min() > 0.11


def test_every_calvin_chain_is_valid_in_the_symbolic_model():
    assert all(chain_is_valid(init, tasks) for init, tasks in load_eval_sequences(FIXTURE))


def test_a_block_under_the_sliding_door_is_lifted_after_sliding_the_door_away():
    for slider, slot in (("right", "slider_right"), ("left", "slider_left")):
        d = {**BASE, "slider": slider, "red_block": slot}
        s = build_initial_state([d], seed=1)
        assert is_applicable("lift_red_block_slider", s, 0)
        assert run_expert("lift_red_block_slider", s) is not None, slider
        got, want = describe_state(s, 0), symbolic_effect("lift_red_block_slider", d)
        assert got["slider"] == want["slider"] and got["red_block"] == "grasped"


def test_placed_block_lands_in_the_slot_the_chain_model_names():
    for slider in ("left", "right"):
        d = {**BASE, "slider": slider, "grasped": 1}
        s = build_initial_state([d], seed=2)
        assert run_expert("place_in_slider", s) is not None
        want = symbolic_effect("place_in_slider", d)
        assert describe_state(s, 0)["red_block"] == want["red_block"], slider


def test_pushing_a_block_with_another_touching_it_from_behind():
    s = build_initial_state([BASE], seed=3)
    s.block_pos[0, 0] = [-0.10, 0.0, HALF]  # red, pushed right
    s.block_pos[0, 1] = [-0.15, 0.01, HALF]  # blue touches it from behind
    s.block_pos[0, 2] = [0.30, 0.0, HALF]
    assert run_expert("push_red_block_right", s) is not None


def test_a_second_block_pushed_into_the_drawer_lands_in_it():
    s = build_initial_state([BASE], seed=4)
    assert run_expert("push_into_drawer", s) is not None
    assert run_expert("push_into_drawer", s) is not None
    assert (block_supports(s)[0][0] == DRAWER).sum() == 2


def test_grasped_descriptor_starts_with_a_block_in_hand():
    s = build_initial_state([{**BASE, "grasped": 1}], seed=0)
    assert describe_state(s, 0)["grasped"] == 1
    assert is_applicable("place_in_drawer", s, 0) and not is_applicable("open_drawer", s, 0)


def test_data_and_eval_placements_come_from_disjoint_streams():
    a = build_initial_state([BASE], placement_seed("data", 0, "training", 1))
    b = build_initial_state([BASE], placement_seed("eval", 0, 1))
    c = build_initial_state([BASE], placement_seed("eval", 0, 1))
    assert not np.allclose(a.block_pos, b.block_pos)
    np.testing.assert_array_equal(b.block_pos, c.block_pos)
