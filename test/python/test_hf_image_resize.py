"""Frames at another size than the model's: our hf: preprocessing resizes exactly as the model's own
image processor (its PIL backend) does — upsampling, downsampling and non-integer scales, with each
family's filter (bilinear/bicubic/Lanczos) — and the model's features for such a frame are the ones
it computes from its processor's output. The tiny test models are configured for 32 px, so the other
tests never resize; a real checkpoint (224, 384, 448 px …) always does."""

import numpy as np
import pytest
import torch
from helpers.tiny_vlms import FAMILIES, build
from test_hf_backbone import INSTRUCTION, STATS, hf_spec, ours_and_models_own

SIZES = [24, 64, 100]  # up, down ×2, down by a non-integer factor


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny-vlms-resize")
    return {f: build(f, str(root / f)) for f in FAMILIES}


def _model_type(model_dir):
    import transformers as tf

    return tf.AutoConfig.from_pretrained(model_dir, local_files_only=True).model_type


@pytest.mark.parametrize("family", FAMILIES)
def test_resized_pixels_equal_the_model_processors(models, family):
    import transformers as tf
    from vlalab.policy.backbones.hf_images import ImageProcessor

    ip = tf.AutoImageProcessor.from_pretrained(models[family], local_files_only=True)
    for size in SIZES:
        frame = np.random.RandomState(size).randint(0, 256, (size, size, 3), dtype=np.uint8)
        ours = ImageProcessor(ip, _model_type(models[family]), size)
        x = ours(torch.from_numpy(frame)[None])
        if family == "qwen2_vl":
            x = ours.pack_qwen(x)[0]
        want = ip(images=[frame], return_tensors="pt")["pixel_values"].reshape(x.shape)
        # in 8-bit levels of the frame: PIL's own fixed-point arithmetic can differ by one level on a rare pixel
        levels = (x - want).abs() * torch.tensor(ip.image_std).min() * 255
        assert float(levels.max()) <= 1.0 + 1e-3, f"{family} at {size}px: {float(levels.max()):.2f} levels"
        assert float((levels > 0.5).float().mean()) < 0.01, (
            f"{family} at {size}px: {float((levels > 0.5).float().mean()):.3%} pixels differ"
        )


@pytest.mark.parametrize("family", FAMILIES)
def test_features_of_a_frame_at_another_size_are_the_models_own(models, family):
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import build_tokenizer

    size = 64
    torch.manual_seed(0)
    spec = hf_spec(models[family], formulation="one-step", history=1)
    spec["observation"]["image_size"] = size
    policy = build_policy(spec, build_tokenizer(spec, [INSTRUCTION]), STATS).eval()
    frame = np.random.RandomState(7).randint(0, 256, (size, size, 3), dtype=np.uint8)
    ours, want = ours_and_models_own(policy, models[family], family, frame)
    # a pixel one level off (see above) moves the features by ~1e-4 at most on these models
    torch.testing.assert_close(ours, want, atol=5e-4, rtol=5e-4)
