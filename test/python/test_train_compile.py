"""`train.compile`: the built-in trainer trains through torch.compile and learns the same thing —
the same losses step for step as eager (to float tolerance) and a checkpoint whose keys and
values load into an eager policy, so evaluation and export do not care how it was trained."""

import torch
from test_trainer import data_dir, events, make_spec, run_train  # noqa: F401 (data_dir is a fixture)


def _losses(run):
    return {e["step"]: e["value"] for e in events(run) if e["type"] == "scalar" and e["name"] == "train/loss"}


def test_compiled_training_matches_eager_and_saves_plain_checkpoints(tmp_path, data_dir):  # noqa: F811
    spec = make_spec(data_dir, train={"log_every": 1, "checkpoint_every": 6, "val_every": 6})
    spec["data"]["stages"][0]["steps"] = 6
    (tmp_path / "eager").mkdir()
    (tmp_path / "compiled").mkdir()
    r_eager, run_eager = run_train(tmp_path / "eager", spec)
    assert r_eager.returncode == 0, r_eager.stderr
    r_comp, run_comp = run_train(tmp_path / "compiled", {**spec, "train": {**spec["train"], "compile": True}})
    assert r_comp.returncode == 0, r_comp.stderr
    assert "torch.compile" in r_comp.stdout + r_comp.stderr  # the log says the first steps include its warm-up

    eager, compiled = _losses(run_eager), _losses(run_comp)
    assert sorted(eager) == sorted(compiled) == [1, 2, 3, 4, 5, 6]
    for step in eager:
        assert abs(eager[step] - compiled[step]) <= 1e-4 * max(1.0, abs(eager[step])), (step, eager[step], compiled[step])

    ck_e = sorted((run_eager / "checkpoints").glob("*.pt"))[-1]
    ck_c = sorted((run_comp / "checkpoints").glob("*.pt"))[-1]
    se = torch.load(ck_e, map_location="cpu", weights_only=True)["model"]
    sc = torch.load(ck_c, map_location="cpu", weights_only=True)["model"]
    assert set(se) == set(sc) and not any(k.startswith("_orig_mod") for k in sc)
    # Adam moves a weight whose gradient is ~0 by up to lr per step whatever the gradient's float noise,
    # so weights are compared at a fraction of the total possible move (6 steps × lr 0.002), not at 1e-6.
    for k in se:
        assert torch.allclose(se[k], sc[k], atol=2e-3), (k, float((se[k] - sc[k]).abs().max()))
