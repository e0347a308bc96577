"""PlaytableVecEnv: batched observations, embodiments, rendering that shows the state."""

import numpy as np
import pytest
from vlalab.sim.vec_env import EMBODIMENTS, PlaytableVecEnv

INIT = {
    "led": 0,
    "lightbulb": 0,
    "slider": "right",
    "drawer": "closed",
    "red_block": "table",
    "blue_block": "table",
    "pink_block": "slider_left",
    "grasped": 0,
}


@pytest.mark.parametrize("size", [32, 84])
def test_step_returns_batched_arrays(size):
    env = PlaytableVecEnv(3, image_size=size, seed=0)
    obs = env.reset([INIT] * 3)
    obs = env.step(np.zeros((3, 7)))
    assert obs["rgb_static"].shape == (3, size, size, 3) and obs["rgb_static"].dtype == np.uint8
    assert obs["rgb_gripper"].shape == (3, size, size, 3) and obs["rgb_gripper"].dtype == np.uint8
    assert obs["robot_obs"].shape == (3, 15) and obs["robot_obs"].dtype == np.float32
    assert obs["scene_obs"].shape == (3, 24) and obs["scene_obs"].dtype == np.float32


def test_action_moves_two_centimetres_and_action_scale_doubles_it():
    for emb, expected in (("default", 0.02), ("action-scale", 0.04)):
        env = PlaytableVecEnv(1, image_size=16, embodiment=emb, seed=0)
        env.reset([INIT])
        before = env.state.ee_pos.copy()
        env.step(np.array([[0, 0, 1.0, 0, 0, 0, 1]]))
        assert env.state.ee_pos[0, 2] - before[0, 2] == pytest.approx(expected)
        env.step(np.array([[0, 0, 5.0, 0, 0, 0, 1]]))  # clipped to 1
        assert env.state.ee_pos[0, 2] - before[0, 2] == pytest.approx(2 * expected)


def test_embodiments_differ_in_what_they_show():
    imgs = {}
    for emb in EMBODIMENTS:
        env = PlaytableVecEnv(1, image_size=48, embodiment=emb, seed=0)
        obs = env.reset([INIT], seed=5)
        imgs[emb] = obs
    assert not imgs["no-gripper-cam"]["rgb_gripper"].any()
    assert imgs["default"]["rgb_gripper"].any()
    assert not np.array_equal(imgs["camera-shift"]["rgb_static"], imgs["default"]["rgb_static"])
    assert not np.array_equal(imgs["mirrored"]["rgb_static"], imgs["default"]["rgb_static"][:, :, ::-1])
    assert imgs["mirrored"]["robot_obs"][0, 0] == pytest.approx(-imgs["default"]["robot_obs"][0, 0])
    # mirrored: +x in the robot's frame is -x in the world
    env = PlaytableVecEnv(1, image_size=16, embodiment="mirrored", seed=0)
    env.reset([INIT])
    x0 = env.state.ee_pos[0, 0]
    env.step(np.array([[1.0, 0, 0, 0, 0, 0, 1]]))
    assert env.state.ee_pos[0, 0] == pytest.approx(x0 - 0.02)


def test_images_show_lights_drawer_and_hand():
    env = PlaytableVecEnv(2, image_size=64, seed=0)
    on = dict(INIT, led=1, lightbulb=1, drawer="open")
    obs = env.reset([INIT, on], seed=3)
    env.state.ee_pos[1] = env.state.ee_pos[0]
    env.state.block_pos[1] = env.state.block_pos[0]
    env.state.block_rpy[1] = env.state.block_rpy[0]
    obs = env.observe()
    diff = np.abs(obs["rgb_static"][0].astype(int) - obs["rgb_static"][1].astype(int)).sum(-1) > 30
    assert diff.sum() > 60  # LED, bulb and the pulled-out drawer are visible
    before = env.observe()["rgb_static"][0].copy()
    env.step(np.array([[1.0, 0, 0, 0, 0, 0, 1]] * 2))
    env.step(np.array([[1.0, 0, 0, 0, 0, 0, 1]] * 2))
    assert (np.abs(env.observe()["rgb_static"][0].astype(int) - before).sum(-1) > 30).sum() > 5


def test_bad_input_is_rejected_with_a_clear_message():
    env = PlaytableVecEnv(2, image_size=16)
    with pytest.raises(ValueError, match="shape"):
        env.step(np.zeros((3, 7)))
    with pytest.raises(ValueError, match="NaN"):
        env.step(np.full((2, 7), np.nan))
    with pytest.raises(ValueError, match="embodiment"):
        PlaytableVecEnv(1, embodiment="humanoid")
    with pytest.raises(ValueError, match="missing"):
        env.reset([{"led": 1}] * 2)
