"""Training-health alarms (python/vlalab/trainer/health.py, thresholds in schemas/training-health.json):
each alarm fires on the stream that shows its problem and stays silent on healthy streams; a tiny
run trained with learning rate 0 raises the flat-loss, collapsed-action and gripper alarms once
each; a healthy quickstart-like run raises none."""

import json
import os
import subprocess

import pytest
from test_trainer import ROOT, data_dir, events, make_spec, run_train, validate_events  # noqa: F401 (data_dir: a fixture)
from vlalab.trainer import health
from vlalab.trainer.events import EventWriter

HEALTH_CODES = set(health.ALARMS)


def feed(detector, values, start=10, every=10):
    """Feeds (step, value) pairs; returns the messages it produced, with their steps."""
    out = []
    for i, v in enumerate(values):
        step = start + i * every
        m = detector.add(step, *v) if isinstance(v, tuple) else detector.add(step, v)
        if m:
            out.append((step, m))
    return out


def test_every_alarm_has_advice_and_documented_thresholds():
    for code, alarm in health.ALARMS.items():
        assert alarm["advice"] and "\n" not in alarm["advice"], code
        for name, t in alarm.items():
            if isinstance(t, dict):
                assert isinstance(t["value"], (int, float)) and len(t["why"]) > 20, f"{code}.{name} needs a value and a why"


def test_gripper_at_chance_after_warm_up_only():
    guessing = [0.5, 0.51, 0.49, 0.52, 0.5] * 12  # steps 10..600
    fired = feed(health.GripperAtChance(), guessing)
    assert fired and fired[0][0] == 400, "stuck from step 200 (warm-up) for 200 steps"
    learning = [0.5, 0.55, 0.6, 0.7, 0.75, 0.8, 0.78, 0.83] + [0.85] * 52
    assert feed(health.GripperAtChance(), learning) == []
    # one window back at 0.5 for a while, then learning again: not "stuck"
    dip = [0.8] * 20 + [0.5] * 10 + [0.8] * 30
    assert feed(health.GripperAtChance(), dip) == []


def test_val_loss_flat_needs_four_unmoving_validations():
    assert feed(health.ValLossFlat(), [1.0847] * 3) == []
    # the tail of a cosine schedule (lr below a tenth of its peak) is not judged; lr 0 throughout is
    assert feed(health.ValLossFlat(), [(1.0, 1e-3)] + [(0.9658, 2e-5)] * 5) == []
    assert feed(health.ValLossFlat(), [(1.0847, 0.0)] * 4)[0][0] == 40
    fired = feed(health.ValLossFlat(), [1.0847] * 6)
    assert fired[0][0] == 40 and "over the last 4 validations" in fired[0][1]
    # a converging run (measured: 1.06, 0.99, 0.94, 0.96, 0.97, 0.97, 0.97, 0.97) never fires
    assert feed(health.ValLossFlat(), [1.0597, 0.9938, 0.9445, 0.9554, 0.9658, 0.9733, 0.9675, 0.9658]) == []


def test_grad_norm_exploding_on_a_spike_or_inf_not_on_noise():
    noisy = [1.0, 0.8, 1.3, 0.7, 1.1, 6.0, 0.9, 1.2] * 10  # 6× spikes: healthy runs show up to 14×
    assert feed(health.GradNormExploding(), noisy, 1, 1) == []
    fired = feed(health.GradNormExploding(), [1.0] * 30 + [80.0], 1, 1)
    assert fired == [(31, fired[0][1])] and "80× the median 1" in fired[0][1]
    assert feed(health.GradNormExploding(), [1.0, float("inf")], 1, 1)[0][0] == 2


def test_throughput_stall_needs_two_slow_windows_after_a_baseline():
    healthy = [120, 380, 320, 139, 350, 300, 529, 290, 240, 310]  # a shared 2-core machine (measured)
    assert feed(health.ThroughputStall(), healthy) == []
    one_slow = [120, 330, 340, 320, 330, 60, 330, 320]  # one window with a checkpoint write
    assert feed(health.ThroughputStall(), one_slow) == []
    stalled = [120, 330, 340, 320, 330, 50, 40, 45]
    fired = feed(health.ThroughputStall(), stalled)
    assert fired[0][0] == 70 and "samples/s" in fired[0][1]


def test_actions_collapsed_compares_prediction_spread_with_the_targets():
    c = health.ActionsCollapsed()
    assert not c.due(100) and c.due(200) and not c.due(250)
    assert c.add(200, [0.01, 0.02], [0.5, 0.4]) is None, "one probe is not enough"
    assert "0.035×" in c.add(300, [0.01, 0.02], [0.5, 0.4])
    healthy = health.ActionsCollapsed()
    assert [healthy.add(s, [0.2, 0.15], [0.5, 0.4]) for s in (200, 300, 400)] == [None] * 3
    assert health.ActionsCollapsed().add(200, [0.0], [0.0]) is None, "targets without spread say nothing"


def test_eval_all_failed_only_with_enough_episodes():
    failed = {"open_drawer": {"success": 0, "total": 6}, "turn_on_led": {"success": 0, "total": 6}}
    assert "0 of 12" in health.eval_all_failed(failed)
    assert health.eval_all_failed({**failed, "open_drawer": {"success": 1, "total": 6}}) is None
    assert health.eval_all_failed({"open_drawer": {"success": 0, "total": 2}}) is None, "2 failures prove nothing"


def test_monitor_emits_each_alarm_once_as_a_valid_warning_event(tmp_path):
    path = tmp_path / "events.jsonl"
    lines = []
    monitor = health.HealthMonitor(EventWriter(str(path)), lines.append)
    for step in range(50, 500, 50):
        monitor.on_validation(step, 2.0, 1e-3)
    for step in range(1, 60):
        monitor.on_grad_norm(step, 1.0 if step < 40 else 1e4)
    assert health.warn_eval_all_failed(EventWriter(str(path)), 500, {"open_drawer": {"success": 0, "total": 20}})
    evs = [json.loads(line) for line in path.read_text().splitlines()]
    assert [e["code"] for e in evs] == ["val-loss-flat", "grad-norm-exploding", "eval-all-failed"]
    assert evs[0]["advice"] == health.ALARMS["val-loss-flat"]["advice"] and evs[0]["step"] == 200
    assert validate_events(path) == []
    assert lines[0].startswith("warning [val-loss-flat]: validation loss 2 moved by 0%")
    # a resumed run reads what it already said and stays quiet about it
    again = health.HealthMonitor(EventWriter(str(path)), None, already=health.emitted_codes(str(path)))
    for step in range(500, 800, 50):
        again.on_validation(step, 2.0, 1e-3)
    assert len(path.read_text().splitlines()) == 3


@pytest.fixture(scope="module")
def lr0_run(tmp_path_factory, data_dir):
    tmp = tmp_path_factory.mktemp("lr0")
    spec = make_spec(data_dir, train={"lr": 0.0, "log_every": 10, "val_every": 50, "checkpoint_every": 1000})
    spec["data"]["stages"][0]["steps"] = 400
    r, run = run_train(tmp, spec, "--no-eval")
    assert r.returncode == 0, r.stderr
    return r, run


def test_learning_rate_zero_raises_flat_loss_collapsed_actions_and_gripper_alarms(lr0_run):
    r, run = lr0_run
    warnings = [e for e in events(run) if e["type"] == "warning"]
    assert sorted(e["code"] for e in warnings) == ["actions-collapsed", "gripper-at-chance", "val-loss-flat"], "each once"
    by_code = {e["code"]: e for e in warnings}
    assert by_code["val-loss-flat"]["step"] == 200, "the 4th validation (every 50 steps)"
    assert by_code["actions-collapsed"]["step"] == 300, "two probes (200, 300) below a tenth of the data's spread"
    assert by_code["gripper-at-chance"]["step"] == 400
    assert all(e["advice"] == health.ALARMS[e["code"]]["advice"] for e in warnings)
    assert "warning [val-loss-flat]" in r.stdout and "check train.lr" in r.stdout
    assert validate_events(run / "events.jsonl") == []


def test_a_healthy_quickstart_like_run_raises_no_alarm(tmp_path):
    """The quickstart's policy (tiny-prefix nano, policy-head LSTM, history 4, chunk 4, two cameras)
    on its five tasks, long enough for every training alarm to have judged it (400 steps)."""
    from vlalab.sim.dataset_writer import generate_dataset

    spec = json.loads(open(os.path.join(ROOT, "examples", "quickstart.vla.json")).read())
    tasks = spec["data"]["stages"][0]["datasets"][0]["tasks"]
    data = str(tmp_path / "data")
    generate_dataset(data, tasks, 3, 32, seed=0, split="training")
    generate_dataset(data, tasks, 1, 32, seed=1, split="validation")
    spec["data"]["stages"][0]["datasets"][0] = {"type": "playtable", "path": data, "tasks": tasks}
    spec["data"]["stages"][0]["steps"] = 400
    spec["train"].update({"val_every": 50, "log_every": 10})
    spec.pop("resources")  # one process: the launcher does not change what the alarms see
    r, run = run_train(tmp_path, spec, "--no-eval")
    assert r.returncode == 0, r.stderr
    evs = events(run)
    assert [e for e in evs if e["type"] == "warning"] == []
    assert max(e["step"] for e in evs if e["type"] == "scalar" and e["name"] == "train/grad_norm") == 400


def python_alarms(scalars):
    """What the trainer's detectors say for logged scalars [name, step, value] (the lr at a
    validation is the last train/lr logged, as the loop passes it)."""
    gripper, val, grad, out, lr = health.GripperAtChance(), health.ValLossFlat(), health.GradNormExploding(), [], None
    for name, step, value in scalars:
        message, code = None, None
        if name == "train/lr":
            lr = value
        elif name == "train/acc_gripper":
            message, code = gripper.add(step, value), gripper.code
        elif name == "val/loss":
            message, code = val.add(step, value, lr), val.code
        elif name == "train/grad_norm":
            message, code = grad.add(step, value), grad.code
        if message and code not in [c for c, _ in out]:
            out.append([code, step])
    return out


def test_the_robovlms_adapter_raises_the_same_alarms_at_the_same_steps():
    """core/health/monitor.ts (RoboVLMs' scalars) and the trainer's detectors, one stream each."""
    import random

    rng = random.Random(0)
    runs = [
        [["train/lr", 10, 0.0]] + [["val/loss", s, 1.0847] for s in range(50, 450, 50)],  # lr 0: flat
        [["train/lr", s, max(1e-6, 1e-3 * (1 - s / 500))] for s in range(10, 700, 10)],  # schedule's tail
        [["train/acc_gripper", s, 0.5 + rng.uniform(-0.03, 0.03)] for s in range(10, 700, 10)],  # guessing
        [["train/acc_gripper", s, min(0.9, 0.5 + s / 400)] for s in range(10, 700, 10)],  # learning
        [["train/grad_norm", s, rng.uniform(0.5, 2.0)] for s in range(1, 80)] + [["train/grad_norm", 80, 500.0]],
        [["train/grad_norm", s, rng.uniform(0.5, 2.0) * (6 if s % 17 == 0 else 1)] for s in range(1, 300)],
    ]
    # improving while the lr is high, flat only once it fell below a tenth of its peak: not judged
    runs[1] = sorted(runs[1] + [["val/loss", s, 1.0 - 0.02 * min(s, 450) / 50] for s in range(50, 700, 50)], key=lambda r: r[1])
    r = subprocess.run(
        ["node", "--import", "tsx", os.path.join("test", "python", "helpers", "health_tools.ts")],
        input=json.dumps(runs),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    ts = json.loads(r.stdout)
    py = [python_alarms(run) for run in runs]
    assert ts == py
    assert [len(x) for x in py] == [1, 0, 1, 0, 1, 0], "each stream shows its problem, or none"
