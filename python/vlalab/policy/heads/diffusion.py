"""Diffusion action head (Diffusion Policy, Chi et al. 2023): DDPM training, DDIM sampling.

The network is the flow head's (flow.ChunkDenoiser: a transformer over the noisy chunk attending to
the history's latents); only the objective differs. Training draws a timestep k of a 100-step DDPM
with the squared-cosine noise schedule (Diffusion Policy's), noises the chunk to
x_k = √ᾱ_k·a + √(1−ᾱ_k)·ε and regresses ε. Sampling runs DDIM (Song et al. 2021, η = 0:
deterministic given the starting noise) over `sample_steps` evenly spaced timesteps, so inference
costs `sample_steps` network passes like the flow head's; few steps work because DDIM skips.

Inpainting (real-time chunking) replaces the committed part of x_k by the target noised to the same
level with the same starting noise, blended by weight, as the flow head does."""

import math

import torch

from ...catalog import head as catalog_entry
from ..registry import register_head
from .flow import GenerativeChunkHead, blend

TRAIN_STEPS = catalog_entry("diffusion")["train_timesteps"]  # DDPM timesteps (Diffusion Policy: 100)
# The clean chunk predicted at each DDIM step is clipped to ±CLIP normalised units (Diffusion Policy
# clips to its [-1, 1] range): at the noisiest steps ᾱ is ~1e-4 and dividing by √ᾱ amplifies any
# error of the predicted noise a hundredfold. 4 standard deviations keep every normal action.
CLIP = 4.0


def cosine_alpha_bar(steps, s=0.008):
    """ᾱ_k for k = 0..steps-1 of the squared-cosine schedule (Nichol & Dhariwal 2021), with each
    β clipped at 0.999 as Diffusion Policy's squaredcos_cap_v2 does."""
    f = [math.cos((k / steps + s) / (1 + s) * math.pi / 2) ** 2 for k in range(steps + 1)]
    betas = torch.tensor([min(1 - f[k + 1] / f[k], 0.999) for k in range(steps)], dtype=torch.float64)
    return torch.cumprod(1 - betas, 0).float()


@register_head("diffusion")
class DiffusionHead(GenerativeChunkHead):
    SAMPLER = "DDPM, DDIM steps (eta 0)"  # policy.json's sampling.method

    def __init__(self, spec, in_dim):
        super().__init__(spec, in_dim)
        if self.steps > TRAIN_STEPS:
            raise ValueError(f"the diffusion head samples with at most its {TRAIN_STEPS} training timesteps; sample_steps is {self.steps}")
        # a buffer, so it moves with the module; not persistent: it is a function of TRAIN_STEPS
        self.register_buffer("alpha_bar", cosine_alpha_bar(TRAIN_STEPS), persistent=False)

    def _eps(self, x, k, ctx, mask):
        return self.net(x, k.to(x.dtype) / TRAIN_STEPS, ctx, mask)

    def train_loss(self, latents, target):
        """latents (B, T, D), target normalised arm chunks (B, T, chunk, arm) → (per-element loss,
        gripper logits (B, T, chunk), aux loss)."""
        ctx, mask, a = self.training_chunks(latents, target)
        k = torch.randint(0, TRAIN_STEPS, (a.shape[0],), device=a.device)
        ab = self.alpha_bar[k].view(-1, 1, 1).to(a.dtype)
        eps = torch.randn_like(a)
        x = ab.sqrt() * a + (1 - ab).sqrt() * eps
        return self.training_result((self._eps(x, k, ctx, mask) - eps).pow(2), latents)

    def forward(self, latents, noise=None, generator=None, inpaint=None, last_only=False):
        """DDIM samples (B, T', chunk, arm) and gripper logits (B, T', chunk); see FlowHead.forward."""
        ctx, mask, noise = self.sampling_start(latents, noise, generator, last_only)
        n = ctx.shape[0]
        # evenly spaced timesteps from the noisiest down to 0 (Python ints: the ONNX export unrolls)
        ks = [round((TRAIN_STEPS - 1) * (1 - i / self.steps)) for i in range(self.steps)]
        x = noise
        for i, k in enumerate(ks):
            ab = self.alpha_bar[k]
            if inpaint is not None:
                x = blend(x, ab.sqrt() * inpaint[0] + (1 - ab).sqrt() * noise, inpaint[1])
            eps = self._eps(x, ctx.new_full((n,), k), ctx, mask)
            a0 = ((x - (1 - ab).sqrt() * eps) / ab.sqrt()).clamp(-CLIP, CLIP)  # predicted clean chunk
            eps = (x - ab.sqrt() * a0) / (1 - ab).sqrt()  # the noise consistent with it
            ab_next = self.alpha_bar[ks[i + 1]] if i + 1 < len(ks) else ab.new_ones(())
            x = ab_next.sqrt() * a0 + (1 - ab_next).sqrt() * eps  # DDIM, η = 0
        if inpaint is not None:
            x = blend(x, inpaint[0], inpaint[1])
        return self.sample_result(x, latents, last_only)
