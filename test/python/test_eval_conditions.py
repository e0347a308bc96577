"""Reference points and controls beside a policy's result (trainer/conditions.py): the scripted
experts (the ceiling), noisy experts, instructions shuffled across tasks and blank cameras. Each is
recorded as protocol.condition and filed apart from the policy's own results, never in its run."""

import json
import subprocess

import numpy as np
from test_trainer import ENV, PY, TASKS, data_dir, events, make_spec, run_train, validate_events  # noqa: F401 (data_dir is a fixture)
from vlalab.sim.instructions import instruction_for, task_from_instruction
from vlalab.sim.tasks import TASKS as ALL_TASKS
from vlalab.trainer.conditions import BlankCameras, ShuffledInstructions, derangement


class Recorder:
    def __init__(self):
        self.seen = []

    def reset(self, env_indices):
        pass

    def __call__(self, obs, instructions):
        self.seen.append((obs, list(instructions)))
        return np.zeros((len(instructions), 7))


def test_shuffled_instructions_give_every_task_another_tasks_instruction():
    mapping = derangement(ALL_TASKS, seed=5)
    assert sorted(mapping) == sorted(ALL_TASKS) and sorted(mapping.values()) == sorted(ALL_TASKS)
    assert all(mapping[t] != t for t in ALL_TASKS) and derangement(ALL_TASKS, seed=5) == mapping
    rec = Recorder()
    policy = ShuffledInstructions(rec, ALL_TASKS, seed=5, held_out=True)
    asked = [instruction_for(t, 0, held_out=True) for t in ALL_TASKS]
    policy({}, asked)
    told = [task_from_instruction(text) for text in rec.seen[0][1]]
    assert told == [mapping[t] for t in ALL_TASKS]


def test_blank_cameras_black_out_every_image_and_keep_the_rest():
    rec = Recorder()
    obs = {
        "rgb_static": np.full((2, 8, 8, 3), 200, np.uint8),
        "rgb_gripper": np.full((2, 8, 8, 3), 90, np.uint8),
        "robot_obs": np.ones((2, 15)),
    }
    BlankCameras(rec)(obs, ["a", "b"])
    seen = rec.seen[0][0]
    assert not seen["rgb_static"].any() and not seen["rgb_gripper"].any() and (seen["robot_obs"] == 1).all()
    assert obs["rgb_static"].all()  # the environment's observation is not modified


def test_references_and_controls_are_filed_apart_with_their_condition(tmp_path, data_dir):
    spec = make_spec(
        data_dir,
        eval=[
            {"benchmark": "playtable", "chains": 2, "chain_length": 2, "max_steps": 200, "videos": 0},
            {"benchmark": "playtable", "chains": 2, "chain_length": 1, "max_steps": 10, "videos": 0},
        ],
    )
    r, run = run_train(tmp_path, spec, "--no-eval")
    assert r.returncode == 0, r.stderr
    ckpt = str(next((run / "checkpoints").glob("*.pt")))

    def ev(out, *args):
        return subprocess.run(
            [PY, "-m", "vlalab", "eval", "--run-dir", str(out), "--checkpoint", ckpt, "--standalone", *args],
            env=ENV,
            capture_output=True,
            text=True,
            timeout=240,
        )

    # never into the policy's own run
    bad = ev(run, "--control", "blank-cameras")
    assert bad.returncode == 2 and "--run-dir" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert not any(e["type"] == "eval_result" for e in events(run))

    blank = ev(tmp_path / "blank", "--control", "blank-cameras", "--entry", "1")
    assert blank.returncode == 0, blank.stderr
    p = next(e for e in events(tmp_path / "blank") if e["type"] == "eval_result")["protocol"]
    assert p["condition"] == "blank-cameras" and p["chain_length"] == 1 and p["split"] == "A->A"
    assert (
        tmp_path / "blank" / "eval" / f"{(run / 'checkpoints').glob('*.pt').__next__().stem}-blank-cameras" / "results_playtable_1.json"
    ).exists()  # named by its spec entry
    assert "[condition blank-cameras]" in blank.stdout
    assert validate_events(tmp_path / "blank" / "events.jsonl") == []

    expert = ev(tmp_path / "expert", "--reference", "noisy-expert", "--expert-noise", "0.2", "--entry", "0")
    assert expert.returncode == 0, expert.stderr
    with open(tmp_path / "expert" / "eval" / "noisy-expert" / "results_playtable.json") as f:
        res = json.load(f)
    assert res["protocol"]["condition"] == "noisy-expert" and res["protocol"]["expert_noise"] == 0.2
    assert res["chain_length"] == 2 and set(res["task_info"]) <= set(TASKS)
    assert res["avg_seq_len"] > 1.0  # the experts, a little noisy, still do most subtasks


def test_the_events_schema_lists_the_conditions_the_evaluator_knows():
    import os

    from vlalab.trainer.conditions import CONDITIONS

    root = os.path.join(os.path.dirname(__file__), "..", "..")
    with open(os.path.join(root, "schemas", "events.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    protocol = schema["definitions"]["EvalResultEvent"]["properties"]["protocol"]["properties"]
    assert protocol["condition"]["enum"] == list(CONDITIONS)
