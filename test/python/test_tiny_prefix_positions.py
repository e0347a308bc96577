"""tiny-prefix's learned position table: a sequence up to its length runs; one token more is one
clear error (what the validator's spec/sequence-exceeds-positions says before a run), not a crash."""

import pytest
import torch


def spec(history, image_size=64):
    from vlalab.trainer.spec import with_defaults

    return with_defaults(
        {
            "name": "p",
            "backbone": {"id": "tiny-prefix"},
            "policy": {"formulation": "interleaved", "history": history},
            "observation": {"image_size": image_size, "cameras": ["static", "gripper"]},
            "data": {"stages": []},
        }
    )


def test_sequences_up_to_the_position_table_run_and_longer_ones_fail_in_one_line():
    from vlalab.policy.registry import create_backbone
    from vlalab.policy.tokenizer import ConfigError

    bb = create_backbone(spec(8), 10, 1)
    limit = bb.pos.shape[1]
    assert bb.forward_lm(torch.zeros(1, limit, bb.hidden)).shape == (1, limit, bb.hidden)
    with pytest.raises(ConfigError) as e:
        bb.forward_lm(torch.zeros(1, limit + 1, bb.hidden))
    assert "\n" not in str(e.value) and f"{limit + 1} tokens" in str(e.value) and "policy.history" in str(e.value)


def test_the_interleaved_64px_two_camera_history_8_spec_fails_clearly_and_history_3_trains():
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import ConfigError, WordTokenizer

    tok = WordTokenizer.build(["open the drawer"])
    stats = {"mean": [0] * 6, "std": [1] * 6, "min": [-1] * 6, "max": [1] * 6}
    for history, fits in ((3, True), (8, False)):
        policy = build_policy(spec(history), tok, stats)
        ids, mask = tok.batch(["open the drawer"])
        batch = {
            "images": torch.randint(0, 255, (1, history, 2, 64, 64, 3), dtype=torch.uint8),
            "ids": ids,
            "mask": mask,
            "actions": torch.zeros(1, history, policy.chunk, 7),
            "action_mask": torch.ones(1, history, policy.chunk, dtype=torch.bool),
        }
        if fits:
            assert torch.isfinite(policy.loss(batch)["loss"])
        else:
            with pytest.raises(ConfigError, match="positions"):
                policy.loss(batch)
