"""Regression vs flow-matching heads on a two-mode toy set: for the same context, half of the
demonstrations move the whole chunk to +1, half to −1. A head trained with MSE predicts the mean
between the modes (≈ 0, an action no demonstration took); the flow head's samples land on the
modes, both of them (flow matching and DDPM/DDIM alike); sampling is a function of the seed. Trains the heads alone on fixed latents
(no backbone), so it takes seconds."""

import pytest
import torch
from vlalab.policy.registry import create_head
from vlalab.trainer.spec import with_defaults

IN_DIM, CHUNK, ACTION_DIM = 8, 2, 3  # arm: 2 dims
torch.set_num_threads(1)  # tiny matrices: threads only add overhead
MODE = 1.0


def head_spec(kind):
    return with_defaults(
        {
            "name": "toy",
            "policy": {
                "formulation": "one-step",
                "chunk": CHUNK,
                "head": {"type": kind, "hidden": 32, "layers": 1, "heads": 2, "sample_steps": 10},
            },
            "action": {"dim": ACTION_DIM},
            "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
        }
    )


def toy_batch(gen, n=128):
    """Latents (n, 1, IN_DIM) — one fixed context plus a little noise — and arm chunks on ±MODE."""
    context = torch.linspace(-1, 1, IN_DIM)
    latents = context + 0.05 * torch.randn(n, 1, IN_DIM, generator=gen)
    sign = torch.where(torch.rand(n, generator=gen) < 0.5, -1.0, 1.0)
    arm = sign.view(n, 1, 1, 1) * MODE * torch.ones(n, 1, CHUNK, ACTION_DIM - 1)
    return latents, arm


def train(kind, steps):
    torch.manual_seed(0)
    head = create_head(head_spec(kind), IN_DIM)
    opt = torch.optim.AdamW(head.parameters(), lr=3e-3)
    gen = torch.Generator().manual_seed(1)
    for _ in range(steps):
        latents, arm = toy_batch(gen)
        if getattr(head, "generative", False):
            per, _, _ = head.train_loss(latents, arm)
        else:
            per = (head(latents)[0] - arm).pow(2)  # MSE, as action.arm_loss "mse"
        opt.zero_grad()
        per.mean().backward()
        opt.step()
    return head.eval()


@pytest.mark.parametrize("kind", ["mlp", "oft"])
def test_a_regression_head_lands_between_the_modes(kind):
    head = train(kind, {"mlp": 80, "oft": 60}[kind])
    latents, _ = toy_batch(torch.Generator().manual_seed(2), 64)
    with torch.no_grad():
        pred = head(latents)[0]
    assert pred.abs().max() < 0.25 * MODE, pred.abs().max()  # the mean of ±1: no demonstration's action


@pytest.mark.parametrize("kind", ["flow", "diffusion"])
def test_generative_samples_land_on_both_modes_and_follow_the_seed(kind):
    head = train(kind, 150)
    latents, _ = toy_batch(torch.Generator().manual_seed(2), 256)
    with torch.no_grad():
        arm = head(latents, generator=torch.Generator().manual_seed(7), last_only=True)[0]
        again = head(latents, generator=torch.Generator().manual_seed(7), last_only=True)[0]
        other = head(latents, generator=torch.Generator().manual_seed(8), last_only=True)[0]
    chunk_mean = arm.mean(dim=(1, 2, 3))  # a sample moves its whole chunk one way
    near_a_mode = ((chunk_mean.abs() - MODE).abs() < 0.3).float().mean()
    upper = (chunk_mean > 0).float().mean()
    assert near_a_mode > 0.8, near_a_mode
    assert 0.25 < upper < 0.75, upper  # both modes, not one collapsed answer
    assert torch.equal(arm, again)
    assert not torch.allclose(arm, other)


@pytest.mark.parametrize("kind", ["flow", "diffusion"])
def test_sampling_costs_sample_steps_network_calls(kind):
    head = train(kind, 1)
    calls = []
    head.net.register_forward_hook(lambda *_: calls.append(1))
    latents, _ = toy_batch(torch.Generator().manual_seed(3), 4)
    with torch.no_grad():
        head(latents, last_only=True)
    assert len(calls) == head_spec(kind)["policy"]["head"]["sample_steps"]
