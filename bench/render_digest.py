"""One sha256 over Playtable's rendered observations: 20 random steps × 4 environments in each scene
(A-D) and each camera embodiment. Two checkouts that print the same digest draw every one of those
images bit for bit alike — the check that a renderer change leaves the defaults' pixels alone.

usage: PYTHONPATH=python .venv/bin/python bench/render_digest.py   (run in each checkout, compare)
"""

import hashlib

import numpy as np
from vlalab.sim.scene import SCENE_NAMES
from vlalab.sim.vec_env import PlaytableVecEnv

EMBODIMENTS = ("default", "mirrored", "camera-shift")


def digest(steps=20, envs=4, size=64):
    h = hashlib.sha256()
    for scene in SCENE_NAMES:
        for embodiment in EMBODIMENTS:
            env = PlaytableVecEnv(envs, image_size=size, seed=3, scene=scene, embodiment=embodiment)
            rng = np.random.default_rng(0)
            for _ in range(steps):
                obs = env.step(rng.uniform(-1, 1, (envs, 7)))
                h.update(obs["rgb_static"].tobytes())
                h.update(obs["rgb_gripper"].tobytes())
    return h.hexdigest()


if __name__ == "__main__":
    print(digest())
