"""Playtable as a vla-eval Benchmark: any vla-eval model server can be scored on it, by vla-eval's
orchestrator (benchmark: vlalab.serving.playtable_benchmark:PlaytableBenchmark) or by
`python -m vlalab eval --model-server <url>` (serving/remote_eval.py), which files the results in a
VLA Lab run.

One vla-eval episode is one chain (as vla-eval's CALVIN benchmark does): its subtasks in order, each
with `max_steps`, the chain stopping at the first failure; a single-task evaluation is chains of one
task, with the scripted setup the in-process evaluator uses (a held block, a stack). The episode is
run by the in-process evaluator itself — sim/evaluation.py's evaluate_chains, on this one chain with
its id — on a thread whose policy hands each observation to the orchestrator and waits for its
action, so there is one implementation of what a chain is, and an episode ends as it does in-process
(evaluate_chains makes an episode depend only on (seed, chain id)).

Observations: images {rgb_static, rgb_gripper} (uint8 HWC), task_description, states (CALVIN
robot_obs, 15), episode_restart at a new subtask, and playtable {chain, subtask}. Actions: `actions`
(7,) in Playtable's relative convention (serving/conventions.py).

Every task and result carries the protocol tags the in-process evaluator records (sim/version.py
protocol_tags: version, split, scene, chain set, phrasing set, embodiment, seed, max steps, …), so
numbers scored through vla-eval compare with in-process ones tag for tag."""

import queue
import threading
import time

import numpy as np
from vla_eval.benchmarks.base import Benchmark

from ..sim.chains import generate_chains, load_eval_sequences
from ..sim.evaluation import evaluate_chains, single_task_plan
from ..sim.version import chain_set_tag, protocol_tags
from .conventions import ACTION_DIM, playtable_action_spec, playtable_observation_spec


class ActionShapeError(ValueError):
    """The model server's action is not one Playtable action."""


class _Abort(BaseException):
    """Ends an abandoned episode's thread (BaseException: evaluate_chains must not swallow it)."""


class _Bridge:
    """The policy evaluate_chains calls on the episode thread: each call hands the observation out
    and blocks until the orchestrator's action comes back."""

    def __init__(self):
        self.out, self.back = queue.Queue(), queue.Queue()
        self.subtasks = 0

    def reset(self, env_indices):
        self.subtasks += 1

    def __call__(self, obs, instructions):
        self.out.put(("obs", obs, instructions[0], self.subtasks))
        action = self.back.get()
        if action is _Abort:
            raise _Abort()
        return action[None]


class PlaytableBenchmark(Benchmark):
    render_backends = frozenset({"cpu", "gpu"})  # numpy rendering: no GPU, no display

    @classmethod
    def configure_render(cls, mode):
        return {}

    def __init__(
        self,
        chain_length=5,
        num_chains=8,
        tasks=None,
        episodes_per_task=None,
        sequences=None,
        seed=1000,
        max_steps=360,
        image_size=64,
        image_size_fixed=False,
        embodiment="default",
        held_out_phrasings=True,
        video_dir=None,
        record_video=None,
        scene="A",
        train_scenes=None,
        chain_set=None,
        expert_routes=1,
        obstacle=False,
    ):
        """chain_length 1 with `tasks`: a single-task evaluation (`episodes_per_task` each, default
        num_chains // len(tasks)); otherwise `num_chains` chains of `chain_length` (from `sequences`,
        a CALVIN eval-sequences file, when given). image_size: rendered size (a server's declared
        size replaces it unless image_size_fixed). record_video(chain id, [task, ...]) → bool: which
        scored subtasks are written to `video_dir`. scene: the CALVIN scene (A-D) evaluated in;
        train_scenes: the scenes of the policy's demonstrations (with `scene`: the split, e.g.
        ABC->D); chain_set: the chain-set tag (default: named from the seed and tasks as the
        in-process evaluator names it); expert_routes: a protocol tag of the policy's data; obstacle:
        Playtable 4's post on each task's first leg (single-task only, as in-process)."""
        super().__init__()
        self.chain_length, self.seed, self.max_steps = int(chain_length), int(seed), int(max_steps)
        self.image_size, self.image_size_fixed = int(image_size), bool(image_size_fixed)
        self.embodiment, self.held_out_phrasings = embodiment, bool(held_out_phrasings)
        self.video_dir, self.record_video = video_dir, record_video
        self.scene, self.train_scenes, self.expert_routes = scene, (list(train_scenes) if train_scenes else None), int(expert_routes)
        self.obstacle = bool(obstacle)
        if self.obstacle and self.chain_length != 1:
            raise ValueError("the obstacle option applies to single-task evaluations (chain_length 1), not chains")
        if self.chain_length == 1:
            if not tasks:
                raise ValueError("a single-task Playtable evaluation needs its tasks")
            per_task = int(episodes_per_task or max(1, int(num_chains) // len(tasks)))
            self.chains, self.setups = single_task_plan(list(tasks), per_task, self.seed)
        else:
            self.chains = (
                load_eval_sequences(sequences, limit=int(num_chains))
                if sequences
                else generate_chains(int(num_chains), length=self.chain_length, tasks=tasks, seed=self.seed)
            )
            self.setups = [[] for _ in self.chains]
        if chain_set is None:
            chain_set = (
                chain_set_tag("file", path=sequences)
                if sequences and self.chain_length > 1
                else chain_set_tag("single-task" if self.chain_length == 1 else "generated", seed=self.seed, tasks=tasks)
            )
        self.chain_set = chain_set
        self._tags = None
        self.undeclared = False  # the server stated no conventions that could be checked (remote_eval sets it)
        self._thread, self._bridge, self._current, self._done = None, None, None, None
        self._last = None
        self._t0 = 0.0

    # ---- data --------------------------------------------------------------------------------
    def get_tasks(self):
        out = []
        for k, ((init, tasks), setup) in enumerate(zip(self.chains, self.setups)):
            name = tasks[0] if self.chain_length == 1 else f"chain_{k:04d}"
            out.append(
                {
                    "name": name,
                    "chain": k,
                    "tasks": list(tasks),
                    "setup": list(setup),
                    "initial_state": dict(init),
                    "protocol": self.protocol(),
                }
            )
        return out

    def protocol(self, episodes=None, checkpoint=None):
        """The protocol tags a result carries (what makes two Playtable numbers comparable): the
        in-process evaluator's (sim/version.py protocol_tags) for the planned episodes, or for
        `episodes` finished ones; `checkpoint` names what was evaluated."""
        if self._tags is None:
            self._tags = protocol_tags(
                scene=self.scene,
                train_scenes=self.train_scenes,
                chain_set=self.chain_set,
                chains=len(self.chains),
                chain_length=self.chain_length,
                episodes=len(self.chains),
                held_out_phrasings=self.held_out_phrasings,
                embodiment=self.embodiment,
                seed=self.seed,
                max_steps=self.max_steps,
                checkpoint=None,
            )
        tags = {**self._tags, "expert_routes": self.expert_routes, "obstacle": self.obstacle}
        if episodes is not None:
            tags["chains"] = tags["episodes"] = int(episodes)
        if checkpoint is not None:
            tags["checkpoint"] = checkpoint
        return tags

    def get_metadata(self):
        # vla-eval's step budget for a whole episode: every subtask's plus the scored ones' slack.
        return {"max_steps": self.max_steps * max(1, self.chain_length) + 1}

    def get_metric_keys(self):
        return {"success": "mean", "completed_subtasks": "mean"}

    def get_action_spec(self):
        return playtable_action_spec()

    def get_observation_spec(self):
        return playtable_observation_spec()

    # ---- the episode -------------------------------------------------------------------------
    async def start_episode(self, task, recorder=None):
        self.abort()
        k = int(task["chain"])
        self._t0 = time.monotonic()
        self._bridge, self._done, self._last, self._current = _Bridge(), None, None, None
        record = self.record_video is not None and self.video_dir is not None
        video_kw = dict(video_dir=self.video_dir, num_videos=1) if record and self.record_video(k, list(task["tasks"])) else {}

        def run():
            try:
                res = evaluate_chains(
                    self._bridge,
                    [self.chains[k]],
                    setups=[self.setups[k]],
                    chain_ids=[k],
                    image_size=self.image_size,
                    embodiment=self.embodiment,
                    max_steps=self.max_steps,
                    held_out_phrasings=self.held_out_phrasings,
                    batch_size=1,
                    seed=self.seed,
                    scene=self.scene,
                    obstacle=self.obstacle,
                    **video_kw,
                )
                self._bridge.out.put(("done", res))
            except _Abort:
                pass
            except BaseException as e:  # noqa: BLE001 — handed to the orchestrator's thread
                self._bridge.out.put(("error", e))

        self._thread = threading.Thread(target=run, name=f"playtable-chain-{k}", daemon=True)
        self._thread.start()
        self._next()

    def _next(self):
        msg = self._bridge.out.get()
        if msg[0] == "error":
            raise msg[1]
        if msg[0] == "done":
            self._done = msg[1]
            self._thread.join()
        else:
            # a new scored subtask (the bridge counted a policy reset) after the first: the server
            # must drop its history, as the in-process harness does
            restart = self._current is not None and msg[3] != self._current[3]
            self._current = (*msg, restart)

    async def apply_action(self, action):
        raw = action.get("actions", action.get("action")) if isinstance(action, dict) else None
        a = np.asarray(raw, dtype=np.float64) if raw is not None else None
        if a is None or a.shape not in ((ACTION_DIM,), (1, ACTION_DIM)):
            shape = "no 'actions'" if a is None else f"shape {a.shape}"
            raise ActionShapeError(
                f"the model server returned an action with {shape}; Playtable takes one action of {ACTION_DIM} "
                "(x, y, z, roll, pitch, yaw, gripper) per observation"
            )
        self._last = a.reshape(ACTION_DIM)
        self._bridge.back.put(self._last)
        self._next()

    async def get_observation(self):
        _, obs, instruction, subtasks, restart = self._current
        out = {
            "images": {"rgb_static": obs["rgb_static"][0], "rgb_gripper": obs["rgb_gripper"][0]},
            "task_description": instruction,
            "states": obs["robot_obs"][0],
            "playtable": {"subtask": subtasks - 1},
        }
        if restart:
            out["episode_restart"] = True
        return out

    async def is_done(self):
        return self._done is not None

    async def get_time(self):
        return time.monotonic() - self._t0

    async def get_result(self):
        if self._done is None:
            return {"success": False, "completed_subtasks": 0, "finished": False}
        ep = self._done["episodes"][0]
        return {
            "success": ep["completed"] == len(ep["tasks"]),
            "completed_subtasks": ep["completed"],
            "finished": True,
            "episode": ep,
            "videos": self._done["videos"],
        }

    def abort(self):
        """Ends the running episode's thread (an episode the orchestrator abandoned)."""
        if self._thread is not None and self._thread.is_alive() and self._done is None:
            self._bridge.back.put(_Abort)
            self._thread.join(timeout=30)
        self._thread = None

    def cleanup(self):
        self.abort()
