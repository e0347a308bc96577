"""LeRobot `image` features — frames stored inside the data parquet as PNG bytes per row, not as
videos — in a dataset written by lerobot 0.4.4 itself (test/fixtures/lerobot/generate_images_lerobot.py):
the viewer shows them (dataview.py) and the trainer reads them (trainer/lerobot.py build_arrays), both
equal to what went in, bit for bit (PNG is lossless); a broken image is one line naming file, column and row."""

import os
import shutil

import numpy as np
import pytest
from PIL import Image
from vlalab import dataview
from vlalab.trainer import lerobot
from vlalab.trainer.errors import DataError

HERE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "lerobot")
FIXTURE = os.path.join(HERE, "v30-images-lerobot")
CAMERA = "observation.images.static"


@pytest.fixture(scope="module")
def truth():
    with np.load(os.path.join(HERE, "v30-images-truth.npz")) as z:
        return {k: z[k] for k in z.files}


def test_the_viewer_lists_and_shows_image_features_equal_to_what_lerobot_wrote(truth, tmp_path):
    s = dataview.summary(FIXTURE, cache_dir=str(tmp_path))
    lengths = np.bincount(truth["episode"]).tolist()
    assert [(e["instruction"], e["length"]) for e in s["episodes"]] == list(zip(truth["tasks"].tolist(), lengths))
    assert s["cameras"] == [{"name": CAMERA, "shape": [16, 16, 3]}]
    assert {f["name"]: (f["dtype"], f["role"]) for f in s["features"]}[CAMERA] == ("image", "camera")
    assert s["fps"] == 10.0 and s["controlRate"] == {"hz": 10.0, "source": os.path.join("meta", "info.json") + " fps"}
    for index in range(len(lengths)):
        ep = dataview.episode(FIXTURE, index, str(tmp_path))
        want = truth["episode"] == index
        assert ep["length"] == lengths[index] and [c["name"] for c in ep["cameras"]] == [CAMERA]
        cam = ep["cameras"][0]
        assert (cam["width"], cam["height"], len(cam["frames"])) == (16, 16, lengths[index])
        shown = np.stack([np.asarray(Image.open(p).convert("RGB")) for p in cam["frames"]])
        np.testing.assert_array_equal(shown, truth["frames"][want])
        np.testing.assert_array_equal(np.asarray(ep["actions"], np.float32), truth["actions"][want])


def test_the_trainer_reads_image_features_into_its_arrays(truth):
    arrays = lerobot.build_arrays(FIXTURE, {"cameras": {"static": CAMERA}}, ["static"], 16)
    np.testing.assert_array_equal(arrays["images"][:, 0], truth["frames"])
    np.testing.assert_array_equal(arrays["actions"], truth["actions"])
    assert arrays["texts"].tolist() == truth["tasks"].tolist()
    assert arrays["bounds"].tolist() == [[0, 4], [5, 10]]


def test_a_broken_image_is_one_line_naming_the_file_column_and_row(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = str(tmp_path / "ds")
    shutil.copytree(FIXTURE, root)
    data = os.path.join(root, "data", "chunk-000", "file-000.parquet")
    t = pq.read_table(data)
    cells = t.column(CAMERA).to_pylist()
    cells[7] = {"bytes": b"not a png", "path": None}
    pq.write_table(t.set_column(t.column_names.index(CAMERA), CAMERA, pa.array(cells, t.schema.field(CAMERA).type)), data)
    with pytest.raises(DataError) as e:
        dataview.episode(root, 1, str(tmp_path / "cache"))
    msg = str(e.value)
    assert "\n" not in msg and data in msg and CAMERA in msg and "row 2" in msg and "not a readable JPEG/PNG image" in msg
    with pytest.raises(DataError, match="row 2"):
        lerobot.build_arrays(root, {"cameras": {"static": CAMERA}}, ["static"], 16)
