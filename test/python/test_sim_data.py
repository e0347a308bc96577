"""gen-data writes CALVIN's on-disk layout."""

import json
import os

import numpy as np
import pytest
import yaml
from vlalab.sim.dataset_writer import check_layout, generate_dataset

TASKS = ["open_drawer", "turn_on_led", "lift_blue_block_table", "place_in_drawer"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("calvin"))
    summary = generate_dataset(out, TASKS, 2, 32, seed=0, split="training")
    assert summary["episodes"] == 8
    generate_dataset(out, TASKS[:2], 1, 32, seed=0, split="validation")
    return out


def test_layout_keys_shapes_and_dtypes(data_dir):
    assert check_layout(data_dir, "training") == 8
    assert check_layout(data_dir, "validation") == 2
    root = os.path.join(data_dir, "training")
    ids = np.load(os.path.join(root, "ep_start_end_ids.npy"))
    assert ids.shape == (8, 2) and ids.dtype == np.int64
    assert ids[0, 0] == 0 and (ids[1:, 0] == ids[:-1, 1] + 1).all() and (ids[:, 1] > ids[:, 0]).all()
    last = ids[-1, 1]
    assert os.path.isfile(os.path.join(root, f"episode_{last:07d}.npz"))
    assert not os.path.exists(os.path.join(root, f"episode_{last + 1:07d}.npz"))
    ep = np.load(os.path.join(root, f"episode_{ids[3, 0]:07d}.npz"))
    assert set(ep.files) == {"rgb_static", "rgb_gripper", "actions", "rel_actions", "robot_obs", "scene_obs"}
    assert ep["rgb_static"].shape == (32, 32, 3) and ep["rgb_static"].dtype == np.uint8
    assert ep["rgb_gripper"].shape == (32, 32, 3) and ep["rgb_gripper"].dtype == np.uint8
    assert ep["actions"].shape == (7,) and ep["rel_actions"].shape == (7,)
    assert ep["robot_obs"].shape == (15,) and ep["scene_obs"].shape == (24,)
    rel = np.stack([np.load(os.path.join(root, f"episode_{k:07d}.npz"))["rel_actions"] for k in range(ids[0, 0], ids[0, 1] + 1)])
    assert np.abs(rel).max() <= 1.0 and set(np.unique(rel[:, 6])) <= {-1.0, 1.0}
    stats = yaml.safe_load(open(os.path.join(root, "statistics.yaml")))
    assert len(stats["robot_obs"][0]["mean"]) == 15 and len(stats["scene_obs"][0]["std"]) == 24
    assert len(stats["act_min_bound"]) == 7


def test_annotations_match_calvin_structure(data_dir):
    root = os.path.join(data_dir, "training", "lang_annotations")
    ann = np.load(os.path.join(root, "auto_lang_ann.npy"), allow_pickle=True).item()
    assert len(ann["language"]["ann"]) == len(ann["language"]["task"]) == len(ann["info"]["indx"]) == 8
    assert ann["language"]["emb"].shape == (8, 1, 384) and ann["language"]["emb"].dtype == np.float32
    assert sorted(set(ann["language"]["task"])) == sorted(TASKS)
    side = json.load(open(os.path.join(root, "auto_lang_ann.json")))
    assert side["language"]["ann"] == ann["language"]["ann"]
    assert side["info"]["indx"] == [list(r) for r in ann["info"]["indx"]]
    ids = np.load(os.path.join(data_dir, "training", "ep_start_end_ids.npy"))
    assert [tuple(r) for r in ids.tolist()] == [tuple(r) for r in ann["info"]["indx"]]


def test_episode_ends_just_after_success(data_dir):
    """open_drawer demos end with the drawer opened by more than 12 cm."""
    root = os.path.join(data_dir, "training")
    ann = json.load(open(os.path.join(root, "lang_annotations", "auto_lang_ann.json")))
    for task, (s, e) in zip(ann["language"]["task"], ann["info"]["indx"]):
        if task == "open_drawer":
            first = np.load(os.path.join(root, f"episode_{s:07d}.npz"))["scene_obs"][1]
            last = np.load(os.path.join(root, f"episode_{e:07d}.npz"))["scene_obs"][1]
            assert last - first > 0.10


def test_missing_file_is_named(data_dir, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(data_dir, copy)
    os.remove(copy / "training" / "statistics.yaml")
    with pytest.raises(FileNotFoundError, match="statistics.yaml"):
        check_layout(str(copy), "training")
    os.remove(copy / "validation" / "episode_0000001.npz")
    with pytest.raises(FileNotFoundError, match="episode_0000001.npz"):
        check_layout(str(copy), "validation")
    with pytest.raises(FileNotFoundError, match="training"):
        check_layout(str(tmp_path / "nothing"), "training")


def assert_option_copies_agree(key, flag, choices, capsys, tmp_path):
    """A gen-data option's three copies agree — the writer's choices, the spec schema's enum and
    gen-data's flag — and the flag refuses any other value."""
    from vlalab.trainer.cli import main as cli_main

    schema = json.load(open(os.path.join(os.path.dirname(__file__), "..", "..", "schemas", "experiment.schema.json")))
    assert tuple(schema["definitions"]["dataset"]["properties"][key]["enum"]) == choices
    with pytest.raises(SystemExit):
        cli_main(["gen-data", "--help"])
    assert f"{flag} {{" + ",".join(choices) + "}" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        cli_main(["gen-data", "--out", str(tmp_path / "x"), flag, "some"])
    assert refused.value.code == 2


def test_lead_in_any_starts_demonstrations_where_block_tasks_left_the_scene(tmp_path, capsys):
    """lead_in "any": the expert's unrecorded lead-in may be a block task (a chain's later tasks mostly
    start after one), recorded per episode; "articulated" (the default) keeps to the drawer, slider and
    LED. The option's three copies — the writer, gen-data's --lead-in and the spec schema — agree."""
    from vlalab.sim.dataset_writer import ARTICULATED_LEAD_INS, LEAD_IN_CHOICES
    from vlalab.sim.tasks import TASKS as ALL_TASKS

    tasks = ["turn_on_led", "move_slider_left", "open_drawer"]
    lead_ins = {}
    for mode in LEAD_IN_CHOICES:
        out = str(tmp_path / mode)
        summary = generate_dataset(out, tasks, 8, 32, seed=0, split="training", lead_in=mode)
        assert summary["lead_in"] == mode
        record = json.load(open(os.path.join(out, "training", "playtable.json")))
        assert record["lead_in"] == mode and len(record["lead_ins"]) == summary["episodes"] == 24
        lead_ins[mode] = [t for t in record["lead_ins"] if t is not None]
    assert lead_ins["articulated"] and set(lead_ins["articulated"]) <= set(ARTICULATED_LEAD_INS)
    blocks = [t for t in lead_ins["any"] if t not in ARTICULATED_LEAD_INS]
    assert blocks and set(blocks) <= set(ALL_TASKS), lead_ins["any"]
    # "any" keeps only lead-ins after which the task can still be done, so about half the demonstrations get one
    assert len(lead_ins["any"]) >= 6, lead_ins["any"]
    with pytest.raises(ValueError, match="lead_in must be one of articulated, any"):
        generate_dataset(str(tmp_path / "bad"), tasks, 1, 32, lead_in="some")
    assert_option_copies_agree("lead_in", "--lead-in", LEAD_IN_CHOICES, capsys, tmp_path)


def test_the_cache_key_changes_only_when_the_lead_in_is_not_the_default():
    from vlalab.trainer.data import playtable_cache_key

    ds = {"tasks": ["turn_on_led"], "episodes": 2, "embodiment": "default", "seed": 3}
    assert (
        playtable_cache_key({**ds, "lead_in": "articulated"}, 32)
        == playtable_cache_key(ds, 32)
        != playtable_cache_key({**ds, "lead_in": "any"}, 32)
    )


def test_random_desks_paint_each_demonstration_and_change_nothing_else(tmp_path, capsys):
    """desk "random": every demonstration gets its own desk colour, recorded in playtable.json and
    drawn in its images; the demonstrations themselves (actions, states, instructions) are the
    default's, and so is every other image pixel's source. The option's three copies — the writer,
    gen-data's --desk and the spec schema — agree."""
    from vlalab.sim.dataset_writer import DESK_CHOICES, DESK_RANGE
    from vlalab.sim.scene import SCENES
    from vlalab.trainer.data import playtable_cache_key

    tasks = ["turn_on_led", "open_drawer"]
    out = {mode: str(tmp_path / mode) for mode in DESK_CHOICES}
    for mode in DESK_CHOICES:
        summary = generate_dataset(out[mode], tasks, 2, 32, seed=5, split="training", scenes=["A", "B"], desk=mode)
        assert summary["desk"] == mode and summary["episodes"] == 4
    record = {m: json.load(open(os.path.join(out[m], "training", "playtable.json"))) for m in DESK_CHOICES}
    assert "desks" not in record["scene"]
    desks = record["random"]["desks"]
    assert len(desks) == 4 and len({tuple(d) for d in desks}) == 4
    assert all(DESK_RANGE[0] <= c <= DESK_RANGE[1] for d in desks for c in d)
    ids = np.load(os.path.join(out["scene"], "training", "ep_start_end_ids.npy"))
    for k, (first, last) in enumerate(ids):
        scene_colour = SCENES[record["scene"]["episode_scenes"][k]]["desk"]
        for frame in (first, last):
            a, b = (np.load(os.path.join(out[m], "training", f"episode_{frame:07d}.npz")) for m in DESK_CHOICES)
            for key in ("rel_actions", "actions", "robot_obs", "scene_obs"):
                assert np.array_equal(a[key], b[key]), (k, key)
            # the desk top (a face drawn unshaded) shows the episode's colour in the static camera
            shows = lambda img, rgb: (img.reshape(-1, 3) == np.asarray(rgb, np.uint8)).all(1).sum()
            assert shows(a["rgb_static"], scene_colour) > 20 and shows(b["rgb_static"], scene_colour) == 0
            assert shows(b["rgb_static"], desks[k]) > 20, (k, desks[k])
    with pytest.raises(ValueError, match="desk must be one of scene, random"):
        generate_dataset(str(tmp_path / "bad"), tasks, 1, 32, desk="blue")
    assert_option_copies_agree("desk", "--desk", DESK_CHOICES, capsys, tmp_path)
    ds = {"tasks": tasks, "episodes": 2, "embodiment": "default", "seed": 3}
    assert (
        playtable_cache_key({**ds, "desk": "scene"}, 32) == playtable_cache_key(ds, 32) != playtable_cache_key({**ds, "desk": "random"}, 32)
    )
