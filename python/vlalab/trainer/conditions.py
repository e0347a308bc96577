"""Reference points and controls of a Playtable evaluation, beside the policy's own result.

References bound what a policy could reach on the same chains: the scripted experts that made the
training data (`expert`, the ceiling) and the same experts with Gaussian action noise
(`noisy-expert`). Controls show that a policy uses its inputs: `shuffled-instructions` gives every
subtask the instruction of another task (a fixed derangement of the evaluated tasks, so no task
keeps its own), `blank-cameras` replaces every camera image with black. A policy that ignores
language scores about the same with shuffled instructions; one that ignores vision, with blank
cameras.

Each is recorded as the result's `protocol.condition` (and `protocol.expert_noise` for the noisy
expert), so tables and comparisons never take one for a normal result; its files go to their own
folder (eval/<condition> or eval/<checkpoint>-<condition>)."""

import numpy as np

from ..sim.evaluation import OraclePolicy
from ..sim.instructions import instruction_for, task_from_instruction

REFERENCES = ("expert", "noisy-expert")
CONTROLS = ("shuffled-instructions", "blank-cameras")
CONDITIONS = REFERENCES + CONTROLS
# The noisy expert's action noise: std in CALVIN's relative-action units (1.0 = 2 cm / 0.05 rad per
# step), added to the motion part of every action and clipped to [-1, 1].
DEFAULT_EXPERT_NOISE = 0.5


def check_condition(name):
    if name is not None and name not in CONDITIONS:
        raise ValueError(f"unknown evaluation condition '{name}': expected one of {', '.join(CONDITIONS)}")
    return name


def derangement(tasks, seed):
    """{task: another task} over `tasks` (≥ 2): a random cyclic shift of a shuffled order, so every
    task is mapped to a different one; deterministic in `seed`."""
    tasks = sorted(set(tasks))
    if len(tasks) < 2:
        raise ValueError("shuffled instructions need at least two evaluated tasks")
    rng = np.random.default_rng(seed)
    order = [tasks[k] for k in rng.permutation(len(tasks))]
    shift = 1 + int(rng.integers(len(tasks) - 1))
    return {order[k]: order[(k + shift) % len(order)] for k in range(len(order))}


class ShuffledInstructions:
    """The policy instructed with another task's instruction (same phrasing set) at every subtask."""

    def __init__(self, policy, tasks, seed, held_out):
        self.policy, self.mapping, self.held_out = policy, derangement(tasks, seed), held_out

    def reset(self, env_indices):
        self.policy.reset(env_indices)

    def __call__(self, obs, instructions):
        swapped = []
        for text in instructions:
            task = task_from_instruction(text) if text else None
            swapped.append(instruction_for(self.mapping[task], 0, held_out=self.held_out) if task in self.mapping else text)
        return self.policy(obs, swapped)


class BlankCameras:
    """The policy shown black images from every camera (the rest of the observation unchanged)."""

    def __init__(self, policy):
        self.policy = policy

    def reset(self, env_indices):
        self.policy.reset(env_indices)

    def __call__(self, obs, instructions):
        blank = {k: (np.zeros_like(v) if k.startswith("rgb_") else v) for k, v in obs.items()}
        return self.policy(blank, instructions)


def condition_policy(name, harness, *, tasks, seed, held_out, expert_noise=DEFAULT_EXPERT_NOISE):
    """The policy an evaluation under condition `name` runs (`harness`: the trained policy's; the
    experts replace it) and the protocol tags it adds."""
    check_condition(name)
    if name is None:
        return harness, {}
    if name == "expert":
        return OraclePolicy(noise=0.0, seed=seed), {"condition": name}
    if name == "noisy-expert":
        if not expert_noise > 0:
            raise ValueError(f"the noisy expert needs expert noise > 0, got {expert_noise}")
        return OraclePolicy(noise=float(expert_noise), seed=seed), {"condition": name, "expert_noise": float(expert_noise)}
    if name == "shuffled-instructions":
        return ShuffledInstructions(harness, tasks, seed, held_out), {"condition": name}
    return BlankCameras(harness), {"condition": name}
