"""Flow-matching action expert (π0, Black et al. 2024; SmolVLA, Shukor et al. 2025).

A small transformer over the noisy action chunk: each of the chunk's tokens is the noisy arm action
of one future step plus the flow time's embedding; the tokens attend to each other (bidirectional)
and to the backbone's latents of the history (HistoryContext). Training is conditional flow
matching on the straight path from data to noise (π0's convention, time 1 = noise):

    x_τ = τ·ε + (1 − τ)·a,   target velocity u = ε − a,   loss ‖v_θ(x_τ, τ) − u‖²

with τ ~ Beta(1.5, 1) squeezed into [0.001, 1] — π0's choice, which puts more weight on the noisy
end, where the choice between modes is made. Sampling integrates dx/dτ = v_θ from τ = 1 (noise) to
τ = 0 with `sample_steps` Euler steps (π0 uses 10). Unlike a regression head, the samples land on
one mode of a multimodal demonstration set instead of the mean between modes.

The gripper is not part of the flow: it is binary, so a linear readout of the step's latent gives
its logits and the usual BCE trains it (deterministic, like every other head's gripper).

Inpainting (real-time chunking): `inpaint=(target, weight)` pulls the chunk's first actions towards
actions already committed. At every Euler step the committed part is replaced by where the straight
path puts the target at that time, with the same noise, blended by `weight` ∈ [0, 1] per action
(1: frozen, 0: free) — the replacement form of inpainting, which needs no gradients through the
network. `inpaint=(target, weight, beta)` is Black et al. 2025's guided form instead (their RTC,
after ΠGDM, Song et al. 2023): at every step the clean chunk the velocity points at,
Â = x − τ·v, is compared with the target where weight > 0, and the velocity is corrected along the
vector-Jacobian product (W ⊙ (target − Â))ᵀ ∂Â/∂x, scaled by min(beta, (1 − t) / (t·r²)) with
t = 1 − τ and r² = (1 − t)² / (t² + (1 − t)²) (the paper clips the scale at beta = 5). It costs a
backward pass through the expert per step, and keeps the sample on the learned flow instead of
overwriting part of it."""

import math

import torch
import torch.nn as nn

from ...catalog import head as catalog_entry
from ..layers import DecoderBlock
from ..registry import register_head
from .base import HistoryContext, attention_heads, head_sizes

# π0's time distribution: Beta(1.5, 1), scaled so τ never reaches 0 (the target is then the data).
TIME_BETA = (1.5, 1.0)
TIME_MIN = 0.001


def time_embedding(t, dim):
    """Sinusoidal embedding of flow times t (…,) → (…, 2·(dim // 2)); periods from 1 to 1000 / 2π
    since t lives in [0, 1] (scaled ×1000 as diffusion timesteps are)."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, device=t.device, dtype=torch.float32) / max(1, half))
    angles = (t.float() * 1000.0).unsqueeze(-1) * freqs
    return torch.cat([angles.sin(), angles.cos()], dim=-1)


class ChunkDenoiser(nn.Module):
    """The network both generative heads share: (noisy chunk, time, latents) → per-action output."""

    def __init__(self, spec, in_dim):
        super().__init__()
        hidden, layers, chunk, adim, dropout = head_sizes(spec)
        heads = attention_heads(hidden, spec["policy"]["head"]["heads"])
        self.hidden, self.chunk, self.arm_dim = hidden, chunk, adim - 1
        self.context = HistoryContext(in_dim, hidden, catalog_entry(spec["policy"]["head"]["type"])["positions"])
        self.action_in = nn.Linear(self.arm_dim, hidden)
        self.chunk_pos = nn.Parameter(torch.zeros(1, chunk, hidden))
        nn.init.normal_(self.chunk_pos, std=0.02)
        self.time_mlp = nn.Sequential(nn.Linear(2 * (hidden // 2), hidden), nn.SiLU(), nn.Linear(hidden, hidden))
        self.blocks = nn.ModuleList(DecoderBlock(hidden, heads, dropout=dropout) for _ in range(layers))
        self.ln = nn.LayerNorm(hidden)
        self.out = nn.Linear(hidden, self.arm_dim)
        self.gripper = nn.Linear(in_dim, chunk)

    def forward(self, x, t, ctx, mask):
        """x (B', chunk, arm) noisy actions, t (B',) times, ctx/mask from HistoryContext → (B', chunk, arm)."""
        h = self.action_in(x) + self.chunk_pos + self.time_mlp(time_embedding(t, self.hidden)).unsqueeze(1)
        for blk in self.blocks:
            h = blk(h, ctx, mask)
        return self.out(self.ln(h))

    def gripper_logits(self, latents, last_only):
        g = self.gripper(latents[:, -1:] if last_only else latents)
        return g  # (B, T', chunk)


class GenerativeChunkHead(nn.Module):
    """What the generative heads (flow here, diffusion.py) share around their ChunkDenoiser: the
    network, the number of sampling steps, the training chunks, the sampling set-up (context and
    starting noise) and the shape of their answers. Each head adds its objective (`train_loss`) and
    its sampler (`forward`)."""

    # VLAPolicy trains a generative head through `train_loss` and samples through forward().
    generative = True

    def __init__(self, spec, in_dim):
        super().__init__()
        self.net = ChunkDenoiser(spec, in_dim)
        self.steps = spec["policy"]["head"]["sample_steps"]
        self.chunk, self.arm_dim = self.net.chunk, self.net.arm_dim

    def training_chunks(self, latents, target):
        """(context, mask, a): the history's context of latents (B, T, D) and the normalised arm
        chunks `target` (B, T, chunk, arm) as (B·T, chunk, arm)."""
        ctx, mask = self.net.context(latents)
        b, t = latents.shape[:2]
        return ctx, mask, target.reshape(b * t, self.chunk, self.arm_dim)

    def training_result(self, per, latents):
        """train_loss's answer: the per-element loss (B, T, chunk, arm) like the regression heads',
        gripper logits (B, T, chunk), aux loss."""
        b, t = latents.shape[:2]
        return per.view(b, t, self.chunk, self.arm_dim), self.net.gripper_logits(latents, False), latents.new_zeros(())

    def sampling_start(self, latents, noise, generator, last_only):
        """(context, mask, noise): the context to sample for (T' = 1 with `last_only`) and the
        starting noise (B·T', chunk, arm) — `noise` when given (the ONNX graph takes it as an
        input), otherwise drawn from `generator`."""
        ctx, mask = self.net.context(latents, last_only)
        n = ctx.shape[0]
        if noise is None:
            noise = torch.randn(n, self.chunk, self.arm_dim, generator=generator, device=latents.device)
        return ctx, mask, noise.reshape(n, self.chunk, self.arm_dim).to(ctx.dtype)

    def sample_result(self, x, latents, last_only):
        """forward's answer: the sampled normalised arm chunks (B, T', chunk, arm), gripper logits
        (B, T', chunk), aux loss."""
        return x.view(latents.shape[0], -1, self.chunk, self.arm_dim), self.net.gripper_logits(latents, last_only), latents.new_zeros(())


@register_head("flow")
class FlowHead(GenerativeChunkHead):
    SAMPLER = "flow matching, Euler steps"  # policy.json's sampling.method

    def train_loss(self, latents, target):
        """latents (B, T, D), target normalised arm chunks (B, T, chunk, arm) → (per-element loss
        like the regression heads', gripper logits (B, T, chunk), aux loss)."""
        ctx, mask, a = self.training_chunks(latents, target)
        beta = torch.distributions.Beta(*(torch.tensor(c, device=a.device) for c in TIME_BETA))
        tau = beta.sample((a.shape[0],)).to(a.dtype) * (1 - TIME_MIN) + TIME_MIN
        eps = torch.randn_like(a)
        x = tau.view(-1, 1, 1) * eps + (1 - tau.view(-1, 1, 1)) * a
        v = self.net(x, tau, ctx, mask)
        return self.training_result((v - (eps - a)).pow(2), latents)

    def forward(self, latents, noise=None, generator=None, inpaint=None, last_only=False):
        """Sampled normalised arm chunks (B, T', chunk, arm) and gripper logits (B, T', chunk);
        T' = 1 with `last_only`. `noise` (B·T', chunk, arm) fixes the starting point (the ONNX
        graph takes it as an input); otherwise it is drawn from `generator`."""
        ctx, mask, noise = self.sampling_start(latents, noise, generator, last_only)
        n = ctx.shape[0]
        x, dt = noise, 1.0 / self.steps
        guided = inpaint is not None and len(inpaint) > 2
        for k in range(self.steps):  # a Python loop: the ONNX export unrolls it
            tau = 1.0 - k * dt
            if guided:
                x = x - dt * self.guided_velocity(x, tau, ctx, mask, *inpaint)
                continue
            if inpaint is not None:
                x = blend(x, tau * noise + (1 - tau) * inpaint[0], inpaint[1])
            x = x - dt * self.net(x, ctx.new_full((n,), tau), ctx, mask)
        if inpaint is not None and not guided:
            x = blend(x, inpaint[0], inpaint[1])
        return self.sample_result(x, latents, last_only)

    def guided_velocity(self, x, tau, ctx, mask, target, weight, beta):
        """The velocity at (x, τ) corrected towards `target` where `weight` > 0 (guided RTC).
        Works under torch.inference_mode() too (the evaluation harness and the model server sample
        in it, and autograd records nothing there): the step leaves it and differentiates ordinary
        copies of its inputs."""
        with torch.inference_mode(False), torch.enable_grad():
            xg = x.detach().clone().requires_grad_(True)
            c = ctx.detach().clone()
            m = mask.clone() if torch.is_tensor(mask) else mask
            v = self.net(xg, c.new_full((x.shape[0],), tau), c, m)
            a_hat = xg - tau * v  # the clean chunk v points at
            err = (target.clone().to(x.dtype) - a_hat.detach()) * weight.clone().unsqueeze(-1).to(x.dtype)
            (g,) = torch.autograd.grad(a_hat, xg, grad_outputs=err)
        t = 1.0 - tau  # the paper's time: 0 noise, 1 data
        # (1 − t) / (t·r²) with r² = (1 − t)² / (t² + (1 − t)²), i.e. (t² + (1 − t)²) / (t·(1 − t)), clipped at beta
        scale = float(beta) if t <= 0 or t >= 1 else min(float(beta), (t**2 + (1 - t) ** 2) / (t * (1 - t)))
        # our x moves by −dt·v (from noise at τ = 1): moving Â towards the target is −g on v
        return v.detach() - scale * g


def blend(x, target, weight):
    """x where weight is 0, target where it is 1; target (B', chunk, arm), weight (B', chunk)."""
    w = weight.unsqueeze(-1).to(x.dtype)
    return w * target.to(x.dtype) + (1 - w) * x
