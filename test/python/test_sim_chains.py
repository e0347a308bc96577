"""CALVIN's evaluation chains and generated chains."""

import os

import pytest
from test_sim_tasks import run_expert
from vlalab.sim.chains import chain_is_valid, generate_chains, load_eval_sequences
from vlalab.sim.tasks import TASKS, build_initial_state, is_applicable

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "calvin", "eval_sequences.json")


def test_calvin_chains_load_and_first_tasks_apply():
    chains = load_eval_sequences(FIXTURE)
    assert len(chains) == 1000
    for k, (init, tasks) in enumerate(chains):
        assert len(tasks) == 5 and all(t in TASKS for t in tasks)
        s = build_initial_state([init], k)
        assert is_applicable(tasks[0], s, 0), (k, init, tasks[0])
    valid = sum(chain_is_valid(i, t) for i, t in chains)
    assert valid >= 990  # a handful end with a slider move the scene's symbolic model treats differently


def test_generated_chains_are_valid_and_solvable():
    subset = [
        "open_drawer",
        "close_drawer",
        "turn_on_led",
        "turn_off_led",
        "lift_red_block_table",
        "place_in_drawer",
        "move_slider_left",
        "move_slider_right",
    ]
    chains = generate_chains(6, length=5, tasks=subset, seed=3)
    assert chains == generate_chains(6, length=5, tasks=subset, seed=3)
    for k, (init, tasks) in enumerate(chains):
        assert chain_is_valid(init, tasks) and set(tasks) <= set(subset)
        s = build_initial_state([init], 50 + k)
        for t in tasks:
            assert is_applicable(t, s, 0), (init, tasks, t)
            assert run_expert(t, s) is not None, (init, tasks, t)


def test_bad_chain_inputs():
    with pytest.raises(ValueError, match="unknown task"):
        generate_chains(1, tasks=["fly_away"])
    with pytest.raises(ValueError, match="could not build"):
        generate_chains(1, length=3, tasks=["turn_on_led"])
    with pytest.raises(ValueError, match="not found"):
        load_eval_sequences("/nonexistent/eval_sequences.json")
