"""bench/scene_reach.py, the unseen-scene diagnostic: the scripted expert's hand reaches each static
element where the scene has it — in D the button and the switch, which D moves, are not where A has
them; the drawer, which D leaves where A has it, is both. A wrong layout or a path that is not the
hand's fails here."""

import importlib.util
import json
import os

import pytest

BENCH = os.path.join(os.path.dirname(__file__), "..", "..", "bench", "scene_reach.py")
spec = importlib.util.spec_from_file_location("scene_reach", BENCH)
scene_reach = importlib.util.module_from_spec(spec)
spec.loader.exec_module(scene_reach)


def test_the_expert_reaches_scene_ds_places_and_not_scene_as(tmp_path, capsys):
    out = tmp_path / "reach.json"
    scene_reach.main(["--oracle", "--scene", "D", "--episodes", "2", "--out", str(out)])
    tasks = json.loads(out.read_text())["tasks"]
    assert set(tasks) == {"turn_on_led", "turn_on_lightbulb", "open_drawer"}
    for task, r in tasks.items():
        assert r["success"] == r["episodes"] == 2, task
        assert r["reached"]["D"] == 2, (task, r["closest_m"])
    # D moved the button and the switch to the other side of the desk; the drawer stayed where A has it
    assert tasks["turn_on_led"]["reached"]["A"] == tasks["turn_on_lightbulb"]["reached"]["A"] == 0
    assert min(tasks["turn_on_led"]["closest_m"]["A"]) > 0.3
    assert tasks["open_drawer"]["reached"]["A"] == 2
    printed = capsys.readouterr().out
    assert "turn_on_led in D: 2/2 done; the hand within 0.06 m of the button at A's place 0/2" in printed


def test_bad_input_is_one_line(capsys):
    with pytest.raises(SystemExit) as e:
        scene_reach.main(["--oracle", "--scene", "E"])
    assert str(e.value).startswith("scene_reach: unknown Playtable scene 'E'")
    with pytest.raises(SystemExit) as e:
        scene_reach.main(["--checkpoint", "/nonexistent/step-0000001.pt"])
    assert str(e.value).startswith("scene_reach: ") and "\n" not in str(e.value)


def test_the_painted_desk_reaches_the_image_and_is_undone():
    from vlalab.sim.scene import SCENES
    from vlalab.sim.vec_env import PlaytableVecEnv

    def image():
        return PlaytableVecEnv(1, image_size=32, seed=0, scene="D").observe()["rgb_static"][0].astype(int)

    own = image()
    with scene_reach.desk_painted("D", "A"):
        assert SCENES["D"]["desk"] == SCENES["A"]["desk"]
        painted = image()
    assert SCENES["D"]["desk"] != SCENES["A"]["desk"]
    assert (image() == own).all()  # undone
    changed = (painted != own).any(-1)
    assert 0.05 < changed.mean() < 0.9, changed.mean()  # the desk, not the whole picture
