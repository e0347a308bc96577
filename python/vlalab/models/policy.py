"""A VLA policy: a backbone, a formulation and a head — RoboVLMs' design space.

Formulations (spec `policy.formulation` × `policy.action_space`); every one predicts a chunk of
`policy.chunk` actions per step:
  one-step continuous   the current frame [+ proprio] + instruction + a learnable [ACT] token →
                        the latent of [ACT] → head
  one-step discrete     each action dimension binned (`policy.discretization`) into extra tokens
                        that the LM head predicts after [ACT], autoregressively (RT-2 / OpenVLA);
                        cross-entropy with teacher forcing; decoded back to continuous values
  interleaved           [instruction, (frame_1, ACT_1), …, (frame_T, ACT_T)] in ONE causal
                        sequence (decoder-only backbones) → the T [ACT] latents → head
  policy-head           the backbone runs per frame ([frame_t, instruction, ACT]) → the history
                        of T latents → head (LSTM/GPT/… fuse the history)
T = `policy.history` (1 for one-step). The head outputs a chunk at every step of the window and
all of them are trained (RoboVLMs' window training); at inference the last step's chunk is used.

Action statistics live in `self.normalizer` (buffers): see normalization.py.
"""
import torch
import torch.nn as nn

from .losses import continuous_action_loss, discrete_action_loss
from .normalization import ActionNormalizer
from .registry import create_backbone, create_head

PROPRIO_DIM = 15  # CALVIN robot_obs


def preprocess_images(images):
    """uint8 (..., H, W, 3) → float (..., 3, H, W) in [-1, 1] (x / 255, mean 0.5, std 0.5)."""
    x = images.float() * (2.0 / 255.0) - 1.0
    return x.movedim(-1, -3)


class VLAPolicy(nn.Module):
    def __init__(self, spec, tokenizer, stats=None):
        super().__init__()
        pol, act, obs = spec["policy"], spec["action"], spec["observation"]
        self.formulation = pol["formulation"]
        self.discrete = pol["action_space"] == "discrete"
        self.history = 1 if self.formulation == "one-step" else int(pol["history"])
        self.chunk = int(pol["chunk"])
        self.action_dim = int(act["dim"])
        self.arm_dim = self.action_dim - 1
        self.arm_loss = act.get("arm_loss", "mse")
        self.arm_weight = float(act.get("arm_weight", 1.0))
        self.gripper_weight = float(act.get("gripper_weight", 0.01))
        self.pooling = pol["head"].get("pooling", "last")
        self.use_proprio = bool(obs.get("proprio", False))
        self.cameras = list(obs["cameras"])
        self.image_size = int(obs["image_size"])
        self.tokenizer = tokenizer
        self.vocab = len(tokenizer)
        self.act_token = self.vocab  # [ACT], right after the words
        extra = 1
        if self.discrete:
            d = pol.get("discretization") or {}
            self.bins = int(d.get("bins", 256))
            self.bin_lo, self.bin_hi = float(d.get("min", -1.0)), float(d.get("max", 1.0))
            self.bin_token0 = self.vocab + 1
            extra += self.bins
        self.backbone = create_backbone(spec, self.vocab, extra, words=tokenizer.vocab)
        if self.formulation == "interleaved" and not self.backbone.decoder_only:
            raise ValueError("the interleaved formulation needs a decoder-only backbone (tiny-prefix or hf:…), not a cross-attention one")
        d_model = self.backbone.hidden
        self.proprio_proj = nn.Linear(PROPRIO_DIM, d_model) if self.use_proprio else None
        self.head = None if self.discrete else create_head(spec, d_model)
        self.normalizer = ActionNormalizer(self.arm_dim, PROPRIO_DIM if self.use_proprio else 0, act.get("normalize"))
        if stats is not None:
            self.normalizer.set_stats(stats)
        self._freeze(spec["backbone"].get("train") or {})

    def _freeze(self, train):
        groups = self.backbone.param_groups() if hasattr(self.backbone, "param_groups") else {}
        for part, params in groups.items():
            if train.get(part, True) is False:
                for p in params:
                    p.requires_grad_(False)

    # ---- one step's tokens ------------------------------------------------------------------------
    def _act_embed(self, n, device):
        return self.backbone.embed_text(torch.full((n, 1), self.act_token, dtype=torch.long, device=device))

    def _step_tokens(self, frames, proprio):
        """frames (N, cams, 3, H, W), proprio (N, 15) or None → observation tokens (N, M, D)."""
        vis = self.backbone.encode_images(frames)
        if self.proprio_proj is not None:
            vis = torch.cat([vis, self.proprio_proj(self.normalizer.proprio(proprio)).unsqueeze(1)], dim=1)
        return vis

    def _pool(self, h, m):
        """h (N, L, D), m (N, L) bool → one latent per sequence."""
        if self.pooling == "mean":
            w = m.unsqueeze(-1).to(h.dtype)
            return (h * w).sum(1) / w.sum(1).clamp(min=1)
        if self.pooling == "max":
            return h.masked_fill(~m.unsqueeze(-1), -1e4).max(1).values
        return h[:, -1]

    def step_latents(self, images, ids, mask, proprio=None):
        """Per-frame latents (one-step / policy-head): images float (B, T, cams, 3, H, W) → (B, T, D).
        Each frame is encoded once, with the instruction, ending with [ACT]."""
        bb = self.backbone
        b, t = images.shape[:2]
        obs = self._step_tokens(images.flatten(0, 1), None if proprio is None else proprio.flatten(0, 1))
        n = b * t
        txt = bb.embed_text(ids).repeat_interleave(t, 0)
        tmask = mask.repeat_interleave(t, 0)
        act = self._act_embed(n, ids.device)
        ones = tmask.new_ones(n, 1)
        if bb.decoder_only:
            seq = torch.cat([obs, txt, act], dim=1)
            m = torch.cat([tmask.new_ones(n, obs.shape[1]), tmask, ones], dim=1)
            h = bb.forward_lm(seq, m)
        else:
            m = torch.cat([tmask, ones], dim=1)
            h = bb.forward_lm(torch.cat([txt, act], dim=1), m, media=obs)
        return self._pool(h, m).view(b, t, -1)

    def interleaved_latents(self, images, ids, mask, proprio=None):
        """[text, (obs_1, ACT_1), …, (obs_T, ACT_T)] in one causal pass → (B, T, D) at the ACT tokens."""
        bb = self.backbone
        b, t = images.shape[:2]
        obs = self._step_tokens(images.flatten(0, 1), None if proprio is None else proprio.flatten(0, 1))
        obs = obs.view(b, t, obs.shape[1], -1)
        steps = torch.cat([obs, self._act_embed(b * t, ids.device).view(b, t, 1, -1)], dim=2)  # (B, T, M+1, D)
        per = steps.shape[2]
        txt = bb.embed_text(ids)
        seq = torch.cat([txt, steps.flatten(1, 2)], dim=1)
        m = torch.cat([mask, mask.new_ones(b, t * per)], dim=1)
        h = bb.forward_lm(seq, m)
        idx = txt.shape[1] + torch.arange(t, device=h.device) * per + (per - 1)
        return h[:, idx]

    def latents(self, images, ids, mask, proprio=None):
        if self.formulation == "interleaved":
            return self.interleaved_latents(images, ids, mask, proprio)
        if self.formulation == "one-step":
            images = images[:, -1:]
            proprio = None if proprio is None else proprio[:, -1:]
        return self.step_latents(images, ids, mask, proprio)

    # ---- continuous ---------------------------------------------------------------------------------
    def forward(self, images, ids, mask, proprio=None):
        """Continuous: (arm (B, T', chunk, arm_dim) normalised, gripper logits (B, T', chunk), aux loss)."""
        return self.head(self.latents(images, ids, mask, proprio))

    # ---- discrete -----------------------------------------------------------------------------------
    def to_bins(self, actions):
        x = (actions.clamp(self.bin_lo, self.bin_hi) - self.bin_lo) / (self.bin_hi - self.bin_lo)
        return (x * (self.bins - 1)).round().long()

    def from_bins(self, bins):
        return self.bin_lo + bins.float() / (self.bins - 1) * (self.bin_hi - self.bin_lo)

    def _discrete_prefix(self, images, ids, mask, proprio):
        """The prompt of one-step discrete: (embeddings, mask, media) ending with [ACT]."""
        bb = self.backbone
        b = images.shape[0]
        obs = self._step_tokens(images[:, -1], None if proprio is None else proprio[:, -1])
        txt = bb.embed_text(ids)
        act = self._act_embed(b, ids.device)
        if bb.decoder_only:
            seq = torch.cat([obs, txt, act], dim=1)
            return seq, torch.cat([mask.new_ones(b, obs.shape[1]), mask, mask.new_ones(b, 1)], dim=1), None
        return torch.cat([txt, act], dim=1), torch.cat([mask, mask.new_ones(b, 1)], dim=1), obs

    def _bin_logits(self, prefix, pmask, media, tokens):
        """Logits over the bins at the last len(tokens)+1 positions (the prediction after [ACT] and after each token)."""
        bb = self.backbone
        b = prefix.shape[0]
        seq, m = prefix, pmask
        if tokens.shape[1]:
            seq = torch.cat([prefix, bb.embed_text(tokens + self.bin_token0)], dim=1)
            m = torch.cat([pmask, pmask.new_ones(b, tokens.shape[1])], dim=1)
        h = bb.forward_lm(seq, m, media=media)[:, -(tokens.shape[1] + 1):]
        return bb.lm_logits(h)[..., self.bin_token0: self.bin_token0 + self.bins]

    def decode_discrete(self, images, ids, mask, proprio=None):
        """Greedy decoding of chunk × dim tokens (a fixed number of steps: exportable) → (B, chunk, dim)."""
        prefix, pmask, media = self._discrete_prefix(images, ids, mask, proprio)
        b = images.shape[0]
        tokens = torch.zeros(b, 0, dtype=torch.long, device=ids.device)
        for _ in range(self.chunk * self.action_dim):
            nxt = self._bin_logits(prefix, pmask, media, tokens)[:, -1].argmax(-1, keepdim=True)
            tokens = torch.cat([tokens, nxt], dim=1)
        return self.from_bins(tokens.view(b, self.chunk, self.action_dim))

    # ---- training -----------------------------------------------------------------------------------
    def loss(self, batch):
        """batch: images uint8 (B, T, cams, H, W, 3), ids, mask, actions (B, T, chunk, dim),
        action_mask (B, T, chunk) [, proprio (B, T, 15)] → dict of scalars (`loss` to minimise)."""
        images = preprocess_images(batch["images"])
        proprio = batch.get("proprio") if self.use_proprio else None
        actions, valid = batch["actions"], batch["action_mask"]
        if self.formulation == "one-step":
            actions, valid = actions[:, -1:], valid[:, -1:]
        if self.discrete:
            target = self.to_bins(actions[:, -1]).flatten(1)                     # (B, chunk*dim)
            prefix, pmask, media = self._discrete_prefix(images, batch["ids"], batch["mask"], proprio)
            logits = self._bin_logits(prefix, pmask, media, target[:, :-1])
            return discrete_action_loss(logits, target, valid[:, -1], self.action_dim)
        arm, grip, aux = self(images, batch["ids"], batch["mask"], proprio)
        out = continuous_action_loss(arm, grip, self.normalizer.normalise(actions[..., :-1]), actions[..., -1], valid,
                                     self.arm_loss, self.arm_weight, self.gripper_weight)
        if isinstance(self.head, nn.Module) and hasattr(self.head, "balance_weight"):
            out["loss"] = out["loss"] + aux
            out["loss_balance"] = aux.detach()
        return out

    # ---- inference ----------------------------------------------------------------------------------
    def chunk_from_outputs(self, arm, grip):
        """Head outputs of the last step → env-scale actions (B, chunk, dim): arm de-normalised, gripper ±1."""
        arm = self.normalizer.denormalise(arm[:, -1])
        g = torch.where(grip[:, -1] > 0, torch.ones_like(grip[:, -1]), -torch.ones_like(grip[:, -1])).unsqueeze(-1)
        return torch.cat([arm, g], dim=-1)

    @torch.no_grad()
    def predict(self, images, ids, mask, proprio=None):
        """images uint8 (B, T, cams, H, W, 3) → actions (B, chunk, dim) in the dataset's units."""
        self.normalizer.require()
        x = preprocess_images(images)
        if self.discrete:
            acts = self.decode_discrete(x, ids, mask, proprio)
            acts[..., -1] = torch.where(acts[..., -1] > 0, 1.0, -1.0)
            return acts
        arm, grip, _ = self(x, ids, mask, proprio)
        return self.chunk_from_outputs(arm, grip)

    @property
    def caches_step_latents(self):
        """Policy-head latents depend on one frame only: evaluation encodes each frame once."""
        return self.formulation == "policy-head" and not self.discrete

    @torch.no_grad()
    def predict_from_latents(self, latents):
        self.normalizer.require()
        arm, grip, _ = self.head(latents)
        return self.chunk_from_outputs(arm, grip)


def build_policy(spec, tokenizer, stats=None):
    return VLAPolicy(spec, tokenizer, stats)
