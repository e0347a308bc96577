"""CALVIN's scenes A-D on the Playtable: the same 34 tasks with the static elements moved; the
scripted experts still solve every task in every scene, and the scenes look different."""

import json
import os

import numpy as np
import pytest
from vlalab.sim.evaluation import single_task_chains
from vlalab.sim.experts import ScriptedExpert
from vlalab.sim.physics import step_world
from vlalab.sim.scene import (
    POS_STEP,
    ROT_STEP,
    SCENE_NAMES,
    SCENES,
    SceneState,
    check_scene,
    handle_pos,
    knob_pos,
    parse_scenes,
    split_name,
)
from vlalab.sim.tasks import TASKS, build_initial_state, task_success
from vlalab.sim.vec_env import PlaytableVecEnv


def test_calvin_has_four_scenes_with_different_static_layouts():
    assert SCENE_NAMES == ("A", "B", "C", "D")
    layouts = {tuple(sorted((k, v) for k, v in lay.items())) for lay in SCENES.values()}
    assert len(layouts) == 4
    assert len({lay["desk"] for lay in SCENES.values()}) == 4  # every desk its own colour


def test_the_schema_offers_the_simulators_scenes():
    """The spec's dataset `scenes`, eval `scene` (and so `vla-lab eval --scene`, which reads that
    enum) name exactly the scenes SCENES lays out."""
    schema_file = os.path.join(os.path.dirname(__file__), "..", "..", "schemas", "experiment.schema.json")
    with open(schema_file, encoding="utf-8") as f:
        defs = json.load(f)["definitions"]
    assert tuple(defs["evalEntry"]["properties"]["scene"]["enum"]) == SCENE_NAMES
    assert tuple(defs["dataset"]["properties"]["scenes"]["items"]["enum"]) == SCENE_NAMES


def run_experts_batched(plans, s, noise=0.1, max_steps=240):
    """Env i performs plans[i] (setup tasks, then the scored task) with its scripted expert, all
    envs stepped together; returns the steps the scored task took per env (None: failed)."""
    n = s.n
    stage, steps = [0] * n, [0] * n
    result = [None] * n
    experts = [ScriptedExpert(p[0], noise=0.0 if len(p) > 1 else noise, rng=np.random.default_rng(i)) for i, p in enumerate(plans)]
    for i, ex in enumerate(experts):
        ex.reset(s, i)
    start = s.copy()
    running = np.ones(n, dtype=bool)
    for _ in range(max_steps * 3):
        if not running.any():
            break
        a = np.zeros((n, 7))
        a[:, 6] = 1.0
        for i in np.flatnonzero(running):
            a[i] = experts[i].act(s, i)
        step_world(s, a[:, :3] * POS_STEP, a[:, 3:6] * ROT_STEP, a[:, 6])
        for i in np.flatnonzero(running):
            steps[i] += 1
            task = plans[i][stage[i]]
            if task_success(task, start.take([i]), s.take([i]))[0]:
                if stage[i] == len(plans[i]) - 1:
                    result[i], running[i] = steps[i], False
                    continue
                stage[i] += 1
                start.put([i], s.take([i]))
                steps[i] = 0
                experts[i] = ScriptedExpert(
                    plans[i][stage[i]], noise=noise if stage[i] == len(plans[i]) - 1 else 0.0, rng=np.random.default_rng(1000 + i)
                )
                experts[i].reset(s, i)
            elif steps[i] >= max_steps:
                running[i] = False
    return result


@pytest.mark.parametrize("scene", SCENE_NAMES)
def test_scripted_experts_solve_every_task_in_every_scene(scene):
    """34 tasks x 2 initial states (seeds) per scene, with action noise, in one batch."""
    plans, inits = [], []
    for task in TASKS:
        chains, setups = single_task_chains(task, 2, seed=23)
        for (init, _), setup in zip(chains, setups):
            plans.append(list(setup) + [task])
            inits.append(init)
    s = build_initial_state(inits, 500, scene)
    assert set(s.scene_names()) == {scene}
    result = run_experts_batched(plans, s)
    failed = [(p[-1], k % 2) for k, (p, r) in enumerate(zip(plans, result)) if r is None]
    assert not failed, f"scene {scene}: the scripted experts failed (task, initial state): {failed}"


def test_static_elements_move_between_scenes():
    s = build_initial_state(
        [
            {
                "led": 0,
                "lightbulb": 0,
                "slider": "right",
                "drawer": "closed",
                "red_block": "table",
                "blue_block": "table",
                "pink_block": "table",
            }
        ]
        * 4,
        0,
        list(SCENE_NAMES),
    )
    handles = handle_pos(s.drawer, s.drawer_x0)[:, 0]
    knobs = knob_pos(s.slider, s.knob_dx)[:, 0]
    assert handles[0] > 0 > handles[1]  # A's drawer on the right, B's on the left
    assert len(set(np.round(knobs, 3))) == 3 and s.button_x[0] != s.button_x[1]


def test_scenes_render_differently_and_one_batch_mixes_scenes():
    env = PlaytableVecEnv(4, image_size=32, seed=0)
    init = {
        "led": 0,
        "lightbulb": 0,
        "slider": "right",
        "drawer": "open",
        "red_block": "table",
        "blue_block": "table",
        "pink_block": "table",
    }
    env.state.put(np.arange(4), build_initial_state([init] * 4, 3, list(SCENE_NAMES)))
    img = env.observe()["rgb_static"]
    for a in range(4):
        for b in range(a):
            assert np.abs(img[a].astype(int) - img[b].astype(int)).mean() > 1.0, (SCENE_NAMES[a], SCENE_NAMES[b])


def test_lights_follow_the_moved_button_and_switch():
    """Scene D has the button on the right: pressing where A's button is does nothing there."""
    from vlalab.sim.physics import step_world

    s = SceneState(2)
    s.set_scene([1], "D")
    start = s.copy()
    for target in ([-0.34, -0.05, 0.20], [-0.34, -0.05, 0.0]):
        for _ in range(20):
            step_world(s, np.clip(np.array(target) - s.ee_pos, -0.02, 0.02), np.zeros((2, 3)), -np.ones(2))
    assert task_success("turn_on_led", start, s).tolist() == [True, False]


def test_scene_names_and_splits():
    assert parse_scenes("A,B,C") == ["A", "B", "C"] and parse_scenes("ABC") == ["A", "B", "C"]
    assert split_name(["C", "A", "B"], "D") == "ABC->D" and split_name("ABCD", "D") == "ABCD->D"
    with pytest.raises(ValueError, match="unknown Playtable scene 'E'"):
        parse_scenes("A,E")
    with pytest.raises(ValueError, match="twice"):
        parse_scenes("A,A")
    with pytest.raises(ValueError, match="unknown Playtable scene"):
        check_scene("a")
