"""The VLA policy: a backbone + a formulation (RoboVLMs' 2×2 plus history) + an action head.

Inputs (one batch): images (B, T, C, 3, H, W) in [0, 1] for T history steps and C cameras,
instruction ids/mask (B, L), proprio (B, T, 15) CALVIN robot_obs (used when observation.proprio).
Formulations:
  one-step continuous   the current step only: [vision | words | ACT] → hidden of ACT → head (T=1)
  one-step discrete     [vision | words | SLOT×(chunk·dim)] → LM head over the action-bin tokens
                        (tied with their word embeddings), all slots decoded in parallel
  interleaved           [words | vision₁ ACT₁ | vision₂ ACT₂ | …] causal in the backbone; the
                        hidden of each ACTₜ → head (decoder-only backbones only)
  policy-head           each step through the backbone on its own (every frame encoded once per
                        window) → latents (B, T, D) → the head fuses the history (LSTM/GPT causal)
Continuous outputs are per history step: arm (normalised) and gripper logits, each a chunk.
"""
import torch
import torch.nn as nn

from .normalization import Normalizer
from .registry import create_backbone, create_head


class VLAPolicy(nn.Module):
    def __init__(self, spec, vocab_size):
        super().__init__()
        p, obs, act = spec["policy"], spec["observation"], spec["action"]
        self.formulation, self.action_space = p["formulation"], p["action_space"]
        self.history, self.chunk, self.action_dim = p["history"], p["chunk"], act["dim"]
        self.cameras, self.use_proprio = list(obs["cameras"]), bool(obs.get("proprio"))
        self.pooling = p["head"].get("pooling", "last")
        self.vocab_size = vocab_size
        disc = p.get("discretization") or {}
        self.bins, self.bin_min, self.bin_max = int(disc.get("bins", 256)), float(disc.get("min", -1)), float(disc.get("max", 1))
        self.discrete = self.action_space == "discrete"
        if self.discrete and self.formulation != "one-step":
            raise ValueError("policy.action_space 'discrete' works with the one-step formulation only (as in RoboVLMs)")
        self.backbone = create_backbone(spec, vocab_size, extra_tokens=self.bins if self.discrete else 0)
        if self.formulation == "interleaved" and not self.backbone.supports_interleaved:
            raise ValueError(f"backbone '{spec['backbone']['id']}' cannot interleave observations and actions (cross-attention backbone); use one-step or policy-head")
        d = self.backbone.dim
        norm = act.get("normalize") or {}
        mode = "clip" if norm.get("enabled") else ("minmax" if self.discrete else "zscore")
        self.normalizer = Normalizer(self.action_dim, 15, mode, norm.get("min", -1.0), norm.get("max", 1.0))
        if self.discrete:
            self.slots = nn.Parameter(torch.randn(1, self.chunk * self.action_dim, d) * 0.02)
        else:
            self.action_query = nn.Parameter(torch.randn(1, 1, d) * 0.02)
            self.head = create_head({"policy": dict(p, head=dict(p["head"], _chunk=self.chunk))}, d, self.action_dim)
        if self.use_proprio:
            self.proprio_proj = nn.Linear(15, d)

    def _step(self, media, words, wmask, proprio_tok, queries):
        """One observation step through the backbone → (hidden of `queries`, pooled latent)."""
        n, dev = words.shape[0], words.device
        parts, masks = [], []
        if self.backbone.prefix_media:
            parts.append(media)
            masks.append(torch.ones(n, media.shape[1], dtype=torch.bool, device=dev))
        parts.append(words)
        masks.append(wmask)
        if proprio_tok is not None:
            parts.append(proprio_tok)
            masks.append(torch.ones(n, 1, dtype=torch.bool, device=dev))
        parts.append(queries)
        masks.append(torch.ones(n, queries.shape[1], dtype=torch.bool, device=dev))
        x, key_mask = torch.cat(parts, 1), torch.cat(masks, 1)
        h = self.backbone.forward_lm(x, key_mask, None if self.backbone.prefix_media else media)
        q = h[:, -queries.shape[1]:]
        if self.pooling == "mean":
            w = key_mask.unsqueeze(-1).to(h.dtype)
            latent = (h * w).sum(1) / w.sum(1)
        elif self.pooling == "max":
            latent = h.masked_fill(~key_mask.unsqueeze(-1), torch.finfo(h.dtype).min).max(1).values
        else:
            latent = q[:, -1]
        return q, latent

    def forward(self, images, ids, mask, proprio=None):
        b, t = images.shape[:2]
        words, wmask = self.backbone.embed_words(ids), mask.bool()
        ptoks = self.proprio_proj(self.normalizer.normalize_proprio(proprio)) if self.use_proprio and proprio is not None else None
        if self.formulation == "one-step":
            media = self.backbone.encode_images(images[:, -1])
            pt = ptoks[:, -1:] if ptoks is not None else None
            if self.discrete:
                q, _ = self._step(media, words, wmask, pt, self.slots.expand(b, -1, -1))
                emb = self.backbone.wte.weight[self.vocab_size:self.vocab_size + self.bins]  # LM head tied to the action tokens
                logits = q @ emb.t() / emb.shape[1] ** 0.5
                return {"logits": logits.view(b, 1, self.chunk, self.action_dim, self.bins)}
            _, latent = self._step(media, words, wmask, pt, self.action_query.expand(b, -1, -1))
            return self._head(latent.unsqueeze(1))
        if self.formulation == "policy-head":
            media = self.backbone.encode_images(images.flatten(0, 1))
            rep = lambda x: x.unsqueeze(1).expand(b, t, *x.shape[1:]).flatten(0, 1)  # noqa: E731
            pt = ptoks.flatten(0, 1).unsqueeze(1) if ptoks is not None else None
            _, latent = self._step(media, rep(words), rep(wmask), pt, self.action_query.expand(b * t, -1, -1))
            return self._head(latent.view(b, t, -1))
        # interleaved: [words | media₁ (proprio₁) ACT₁ | media₂ … ]
        media = self.backbone.encode_images(images.flatten(0, 1)).view(b, t, -1, self.backbone.dim)
        parts, masks = [words], [wmask]
        ones = lambda k: torch.ones(b, k, dtype=torch.bool, device=images.device)  # noqa: E731
        for s in range(t):
            parts.append(media[:, s])
            masks.append(ones(media.shape[2]))
            if ptoks is not None:
                parts.append(ptoks[:, s:s + 1])
                masks.append(ones(1))
            parts.append(self.action_query.expand(b, -1, -1))
            masks.append(ones(1))
        h = self.backbone.forward_lm(torch.cat(parts, 1), torch.cat(masks, 1))
        per_step = media.shape[2] + (1 if ptoks is not None else 0) + 1
        act_pos = torch.tensor([words.shape[1] + (s + 1) * per_step - 1 for s in range(t)], device=images.device)
        return self._head(h.index_select(1, act_pos))

    def _head(self, latents):
        y = self.head(latents)  # (B, T, chunk, dim): arm (dim-1) + gripper logit
        return {"arm": y[..., :-1], "gripper": y[..., -1]}

    def bin_targets(self, actions):
        """Raw actions (…, dim) → bin ids: arm normalised, gripper as is, clipped into [min, max]."""
        arm = self.normalizer.normalize_arm(actions[..., :-1])
        x = torch.cat([arm, actions[..., -1:]], -1).clamp(self.bin_min, self.bin_max)
        ids = ((x - self.bin_min) / (self.bin_max - self.bin_min) * self.bins).long()
        return ids.clamp(0, self.bins - 1)

    def decode(self, out):
        """Model outputs → (actions (B, chunk, dim) in the dataset's units, the gripper as
        2·sigmoid − 1 ∈ (−1, 1); gripper logits (B, chunk)) for the LAST history step."""
        if self.discrete:
            ids = out["logits"][:, -1].argmax(-1).float()  # (B, chunk, dim)
            x = self.bin_min + (ids + 0.5) / self.bins * (self.bin_max - self.bin_min)
            arm = self.normalizer.denormalize_arm(x[..., :-1])
            g = x[..., -1]
            logit = torch.log((1 + g).clamp(min=1e-6)) - torch.log((1 - g).clamp(min=1e-6))
            return torch.cat([arm, g.unsqueeze(-1)], -1), logit
        arm = self.normalizer.denormalize_arm(out["arm"][:, -1])
        logit = out["gripper"][:, -1]
        return torch.cat([arm, (2 * torch.sigmoid(logit) - 1).unsqueeze(-1)], -1), logit

    @torch.no_grad()
    def predict(self, images, ids, mask, proprio=None):
        return self.decode(self(images, ids, mask, proprio))
