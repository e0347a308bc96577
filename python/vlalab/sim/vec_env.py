"""PlaytableVecEnv: n Playtable desks stepped together with CALVIN-style relative actions.

Embodiments share the task semantics and differ in what the policy sees or how actions act:
  default         the static camera, CALVIN's action scale (1.0 = 2 cm / 0.05 rad)
  camera-shift    the static camera moved to another pose
  action-scale    relative actions move twice as far
  no-gripper-cam  gripper camera images are black
  mirrored        the robot works in a frame mirrored in x: images flipped left-right, action
                  and proprioception x / pitch / yaw negated, and a different table colour
"""
import numpy as np

from .physics import step_world
from .render import Renderer
from .scene import POS_STEP, ROT_STEP, SceneState, check_scene, joint_angles
from .tasks import build_initial_state

EMBODIMENTS = ("default", "camera-shift", "action-scale", "no-gripper-cam", "mirrored")
_MIRROR = np.array([-1.0, 1.0, 1.0, 1.0, -1.0, -1.0, 1.0])  # x, y, z, roll, pitch, yaw, gripper


def check_embodiment(name):
    if name not in EMBODIMENTS:
        raise ValueError(f"unknown embodiment '{name}': use one of {', '.join(EMBODIMENTS)}")
    return name


class PlaytableVecEnv:
    def __init__(self, num_envs, image_size=64, embodiment="default", seed=0, scene="A"):
        """`scene`: the CALVIN scene (A-D, scene.SCENES) random resets use; resets from
        descriptors take theirs from build_initial_state."""
        if int(num_envs) < 1:
            raise ValueError(f"num_envs must be at least 1 (got {num_envs})")
        self.num_envs = int(num_envs)
        self.image_size = int(image_size)
        self.embodiment = check_embodiment(embodiment)
        self.rng = np.random.default_rng(seed)
        self.renderer = Renderer(
            self.image_size,
            camera="camera-shift" if embodiment == "camera-shift" else "default",
            table="mirrored" if embodiment == "mirrored" else "scene",
            mirror=embodiment == "mirrored",
            gripper_cam=embodiment != "no-gripper-cam",
        )
        self.action_gain = 2.0 if embodiment == "action-scale" else 1.0
        self.scene = check_scene(scene)
        self.state = SceneState(self.num_envs, scene)

    # ------------------------------------------------------------------ reset / step
    def reset(self, initial_states=None, env_indices=None, seed=None, render=True):
        """Reset all envs (or `env_indices`) to CALVIN initial-state descriptors (a list, one
        per reset env; default: random descriptors) or to a SceneState; returns observations."""
        idx = np.arange(self.num_envs) if env_indices is None else np.asarray(env_indices, dtype=np.int64)
        if isinstance(initial_states, SceneState):
            new = initial_states
        else:
            if initial_states is None:
                from .tasks import random_initial_descriptor
                initial_states = [random_initial_descriptor(self.rng) for _ in idx]
            if len(initial_states) != len(idx):
                raise ValueError(f"reset got {len(initial_states)} initial states for {len(idx)} envs")
            seed = int(self.rng.integers(1 << 31)) if seed is None else seed
            new = build_initial_state(list(initial_states), seed, self.scene)
        if new.n != len(idx):
            raise ValueError(f"reset got a state of {new.n} envs for {len(idx)} envs")
        self.state.put(idx, new)
        return self.observe(render)

    def step(self, actions, render=True):
        """Apply relative actions (n,7) in this embodiment's action space; returns observations
        (without the camera images when render=False: scripted rollouts that need no pixels)."""
        a = np.asarray(actions, dtype=np.float64)
        if a.shape != (self.num_envs, 7):
            raise ValueError(f"actions must have shape ({self.num_envs}, 7), got {a.shape}")
        if not np.isfinite(a).all():
            raise ValueError("actions contain NaN or infinity")
        w = self.to_world(a)
        step_world(self.state, w[:, :3] * POS_STEP, w[:, 3:6] * ROT_STEP, np.where(w[:, 6] > 0, 1.0, -1.0))
        return self.observe(render)

    # ------------------------------------------------------------------ action frames
    def to_world(self, a):
        """Env action → world-frame action in CALVIN units (clipped to (-1, 1), then scaled by
        the embodiment's gain, which may exceed 1)."""
        w = np.clip(a, -1.0, 1.0)
        if self.embodiment == "mirrored":
            w = w * _MIRROR
        w = w.copy()
        w[:, :6] *= self.action_gain
        return w

    def from_world(self, w):
        """World-frame CALVIN-unit action (what the scripted experts emit) → env action."""
        a = np.array(w, dtype=np.float64, copy=True)
        a[..., :6] = np.clip(a[..., :6] / self.action_gain, -1.0, 1.0)
        if self.embodiment == "mirrored":
            a = a * _MIRROR
        return a

    # ------------------------------------------------------------------ observations
    def robot_obs(self):
        s = self.state
        if self.embodiment != "mirrored":
            return s.robot_obs()
        pos, rpy = s.ee_pos * _MIRROR[:3], s.ee_rpy * _MIRROR[3:6]
        return np.concatenate([pos, rpy, s.grip_width[:, None], joint_angles(pos, rpy, s.grip_width),
                               s.grip_action[:, None]], axis=1).astype(np.float32)

    def tcp_action(self, rel_actions):
        """CALVIN's absolute `actions` for the step just taken: target TCP pose + gripper,
        in this embodiment's frame."""
        ro = self.robot_obs()
        out = np.empty((self.num_envs, 7), np.float32)
        out[:, :6] = ro[:, :6]
        out[:, 6] = np.where(np.asarray(rel_actions)[:, 6] > 0, 1.0, -1.0)
        return out

    def observe(self, render=True):
        obs = {"robot_obs": self.robot_obs(), "scene_obs": self.state.scene_obs()}
        if render:
            obs["rgb_static"], obs["rgb_gripper"] = self.renderer.render(self.state)
        return obs
