"""The loader reads CALVIN's on-disk layout: annotated segments, history windows padded at a
segment's start, action chunks masked past its end, bilinear resize, task / few-shot filters, one
clear error naming a missing file, and a sampler that is a function of the step (exact resume)."""
import os

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from vla_helpers import write_fake_calvin
from vlalab.training.dataset import CalvinData, DataError, MixedSampler


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return write_fake_calvin(str(tmp_path_factory.mktemp("c")), episodes=4, length=6, size=32)


def test_reads_segments_and_frames(root):
    d = CalvinData(root, "training", cameras=["static", "gripper"], image_size=32)
    assert len(d) == 24 and len(d.segments) == 4 and d.images.dtype == torch.uint8
    assert d.images.shape == (24, 2, 3, 32, 32)
    z = np.load(os.path.join(root, "training", "episode_0000007.npz"))
    assert torch.equal(d.images[7, 0], torch.from_numpy(z["rgb_static"]).permute(2, 0, 1))
    assert np.allclose(d.actions[7].numpy(), z["rel_actions"], atol=1e-6)
    assert d.instructions == ["open the drawer", "close the drawer"] * 2 and d.tasks == ["close_drawer", "open_drawer"]


def test_windows_pad_at_start_and_mask_past_end(root):
    d = CalvinData(root, "training", image_size=32)
    frames, acts, valid = d.window_indices([6, 11], history=3, chunk=3)
    assert frames.tolist() == [[6, 6, 6], [9, 10, 11]]  # segment 1 starts at row 6
    assert acts[1, -1].tolist() == [11, 11, 11] and valid[1, -1].tolist() == [True, False, False]
    tok = (torch.zeros(4, 3, dtype=torch.long), torch.ones(4, 3, dtype=torch.bool))
    b = d.batch([6, 11], 3, 3, *tok)
    assert b["images"].shape == (2, 3, 1, 3, 32, 32) and b["actions"].shape == (2, 3, 3, 7) and b["proprio"].shape == (2, 3, 15)


def test_resize_is_bilinear_without_antialias(root):
    d = CalvinData(root, "training", image_size=16)
    z = np.load(os.path.join(root, "training", "episode_0000003.npz"))
    x = torch.from_numpy(z["rgb_static"]).permute(2, 0, 1)[None].float() / 255
    ref = F.interpolate(x, size=(16, 16), mode="bilinear", align_corners=False)[0]
    assert torch.allclose(d.images[3, 0].float(), ref, atol=1e-3)


def test_filters(root):
    assert len(CalvinData(root, "training", image_size=32, tasks=["open_drawer"]).segments) == 2
    assert len(CalvinData(root, "training", image_size=32, few_shot=1).segments) == 2
    with pytest.raises(DataError, match="no annotated episodes"):
        CalvinData(root, "training", image_size=32, tasks=["stack_block"])


def test_missing_pieces_are_named(tmp_path):
    with pytest.raises(DataError, match="training"):
        CalvinData(str(tmp_path), "training")
    r = write_fake_calvin(str(tmp_path / "x"), episodes=1, length=3, size=8)
    os.remove(os.path.join(r, "training", "lang_annotations", "auto_lang_ann.npy"))
    with pytest.raises(DataError, match="auto_lang_ann.npy"):
        CalvinData(r, "training", image_size=8)


def test_sampler_is_a_function_of_the_step(root):
    d = CalvinData(root, "training", image_size=32)
    s1, s2 = MixedSampler([d], [1.0], 8, seed=3), MixedSampler([d], [1.0], 8, seed=3)
    rows = lambda s, step: [r.tolist() for _, r in s.draw(step)]  # noqa: E731
    assert rows(s1, 17) == rows(s2, 17) and rows(s1, 17) != rows(s1, 18)
    assert rows(MixedSampler([d], [1.0], 8, seed=3, rank=1), 17) != rows(s1, 17)
