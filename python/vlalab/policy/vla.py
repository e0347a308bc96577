"""A VLA policy: a backbone, a formulation and a head (RoboVLMs' design space).

Formulations (spec `policy.formulation` × `policy.action_space`):
  one-step continuous   the current frame + instruction + a learnable [ACT] token → head(latent of [ACT])
  one-step discrete     actions binned into tokens that the LM head predicts after [ACT] (teacher forcing)
  interleaved           [instruction, (frame_1, ACT_1), …, (frame_T, ACT_T)] in one causal sequence
                        (decoder-only backbones) → head over the T [ACT] latents
  policy-head           the backbone runs per frame → the history of [ACT] latents → head (LSTM/GPT/…)
Discrete actions are binned per dimension (`policy.discretization`) or FAST tokens (`action.tokenizer:
"fast"`, fast.py: DCT + BPE, a variable number of tokens per chunk ended by an end token).
Knowledge insulation (`action.knowledge_insulation`, π0.5 + KI): a flow/diffusion head reads the
latents through a stop-gradient (computed without a graph) while the backbone learns to predict the
chunk's FAST tokens (that loss weighted by `action.token_weight`).
Every formulation predicts an action chunk per step. Arm actions are normalised with statistics
computed from the training data and stored in the policy's buffers: evaluation and export always
use the statistics the policy was trained with.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

from .fast import uses_fast
from .registry import create_backbone, create_head

IMAGE_MEAN, IMAGE_STD = 0.5, 0.5
# action.arm_loss → elementwise loss of a regression head (L1: OpenVLA-OFT's choice)
ARM_LOSSES = {"mse": F.mse_loss, "smooth_l1": F.smooth_l1_loss, "l1": F.l1_loss}


class VLAPolicy(nn.Module):
    def __init__(self, spec, tokenizer, stats=None, action_tokenizer=None):
        super().__init__()
        pol, act = spec["policy"], spec["action"]
        self.formulation = pol["formulation"]
        self.discrete = pol["action_space"] == "discrete"
        self.history = 1 if self.formulation == "one-step" else pol["history"]
        self.chunk = pol["chunk"]
        self.action_dim = act["dim"]
        self.arm_dim = act["dim"] - 1
        self.arm_loss = act.get("arm_loss", "mse")
        self.arm_weight = act.get("arm_weight", 1.0)
        self.gripper_weight = act.get("gripper_weight", 0.01)
        self.tokenizer = tokenizer
        # FAST tokens (fast.py): discrete actions with action.tokenizer "fast", or knowledge insulation
        self.uses_fast = uses_fast(spec)
        self.knowledge_insulation = bool(act.get("knowledge_insulation")) and not self.discrete
        # weight of the backbone's token loss under insulation (the resolved spec's action.token_weight)
        self.token_weight = float(act["token_weight"]) if self.knowledge_insulation else 0.0
        self.fast = action_tokenizer if self.uses_fast else None
        self.n_fast = act["fast"]["vocab_size"] + 1 if self.uses_fast else 0  # BPE slots + the end token
        if self.fast is not None and (self.fast.chunk, self.fast.dim, self.fast.vocab_size) != (
            self.chunk,
            self.action_dim,
            self.n_fast - 1,
        ):
            raise ValueError(
                f"the action tokenizer was fitted for chunk {self.fast.chunk}, dim {self.fast.dim}, vocab {self.fast.vocab_size}; "
                f"this policy has chunk {self.chunk}, dim {self.action_dim}, vocab {self.n_fast - 1}"
            )
        self.bins = 0
        if self.discrete and not self.uses_fast:
            d = pol["discretization"]
            self.bins, self.bin_lo, self.bin_hi = d["bins"], d.get("min", -1.0), d.get("max", 1.0)
        extra = 1 + self.bins + self.n_fast
        self.backbone = create_backbone(spec, tokenizer.vocab_size, extra)
        # Our [ACT] token, then the action bins, come after the word ids: after the tokenizer's
        # vocabulary, or after a pre-trained backbone's whole embedding table (`vocab_offset`).
        self.vocab = getattr(self.backbone, "vocab_offset", tokenizer.vocab_size)
        self.act_token = self.vocab
        if self.bins:
            self.bin_token0 = self.vocab + 1
        self.fast_token0 = self.vocab + 1 + self.bins  # the FAST ids, then the end token
        if self.formulation == "interleaved" and not self.backbone.decoder_only:
            raise ValueError("interleaved needs a decoder-only backbone")
        self.head = None if self.discrete else create_head(spec, self.backbone.hidden)
        if self.knowledge_insulation and not getattr(self.head, "generative", False):
            raise ValueError(
                f"knowledge insulation trains a flow or diffusion action expert beside the backbone's FAST tokens; "
                f"head '{pol['head']['type']}' is neither: use head 'flow' or 'diffusion'"
            )
        # Normalisation of arm actions: normalised = (a - offset) / scale. Set from data statistics.
        self.register_buffer("act_offset", torch.zeros(self.arm_dim))
        self.register_buffer("act_scale", torch.ones(self.arm_dim))
        # a float flag, not bool: DDP broadcasts buffers and gloo cannot broadcast bool tensors
        self.register_buffer("has_stats", torch.zeros(()))
        self.clip_norm = bool(act.get("normalize", {}).get("enabled"))
        if stats is not None:
            self.set_stats(stats)

    # ---- normalisation -------------------------------------------------------------------------
    def set_stats(self, stats):
        """`stats`: {"mean", "std", "min", "max"} per arm dimension (from the training data)."""
        if self.clip_norm:
            lo, hi = torch.tensor(stats["min"]), torch.tensor(stats["max"])
            self.act_offset.copy_((hi + lo) / 2)
            self.act_scale.copy_(((hi - lo) / 2).clamp(min=1e-6))
        else:
            self.act_offset.copy_(torch.tensor(stats["mean"]))
            self.act_scale.copy_(torch.tensor(stats["std"]).clamp(min=1e-6))
        self.has_stats.fill_(1.0)

    def normalise(self, arm):
        return (arm - self.act_offset) / self.act_scale

    def denormalise(self, arm):
        return arm * self.act_scale + self.act_offset

    # ---- encoding --------------------------------------------------------------------------------
    def preprocess(self, images):
        """uint8 (..., H, W, 3) → float (..., 3, H, W): the backbone's own preprocessing where it has
        one (a pre-trained model's resize and normalisation), else [-1, 1]."""
        if hasattr(self.backbone, "preprocess"):
            return self.backbone.preprocess(images)
        x = images.float().div(255.0)
        return ((x - IMAGE_MEAN) / IMAGE_STD).movedim(-1, -3)

    def run_sequence(self, parts, media=None):
        """The backbone's LM over one sequence given as parts in order: ("image", vision tokens (B, n, D),
        mask), ("text" | "action", ids (B, n), mask) → hidden states (B, Σn, D), one per position.
        Backbones that build their own sequences (hf:) get the parts; the others their embeddings."""
        bb = self.backbone
        if hasattr(bb, "forward_parts"):
            return bb.forward_parts(parts, media)
        seq = torch.cat([x if kind == "image" else bb.embed_text(x) for kind, x, _ in parts], dim=1)
        return bb.forward_lm(seq, torch.cat([m for _, _, m in parts], dim=1), media=media)

    def frame_hidden(self, vis, ids, mask, tail):
        """Hidden states of [vision tokens, instruction, tail ids] (decoder-only) or [instruction, tail]
        cross-attending to the vision tokens."""
        ones = mask.new_ones
        if self.backbone.decoder_only:
            parts = [("image", vis, ones(vis.shape[:2])), ("text", ids, mask), ("action", tail, ones(tail.shape))]
            return self.run_sequence(parts)
        return self.run_sequence([("text", ids, mask), ("action", tail, ones(tail.shape))], media=vis)

    def latents(self, images, ids, mask):
        """images float (B, T, cams, 3, H, W); ids/mask (B, L) → per-step latents (B, T', D)."""
        b, t = images.shape[:2]
        bb = self.backbone
        act = torch.full((b, 1), self.act_token, dtype=torch.long, device=ids.device)
        if self.formulation == "interleaved":
            vis = bb.encode_images(images.flatten(0, 1)).view(b, t, -1, bb.hidden)
            parts = [("text", ids, mask)]
            for k in range(t):
                parts += [("image", vis[:, k], mask.new_ones(vis.shape[0], vis.shape[2])), ("action", act, mask.new_ones(b, 1))]
            h = self.run_sequence(parts)
            n = vis.shape[2] + 1
            idx = ids.shape[1] + torch.arange(t, device=h.device) * n + (n - 1)
            return h[:, idx]
        frames = images if self.formulation == "policy-head" else images[:, -1:]
        t = frames.shape[1]
        vis = bb.encode_images(frames.flatten(0, 1))  # (B*T, N, D)
        h = self.frame_hidden(vis, ids.repeat_interleave(t, 0), mask.repeat_interleave(t, 0), act.repeat_interleave(t, 0))
        return h[:, -1].view(b, t, -1)

    # ---- continuous ------------------------------------------------------------------------------
    def forward(self, images, ids, mask, **head_options):
        """Continuous: (arm (B, T', chunk, arm_dim) normalised, gripper logits (B, T', chunk), aux loss).
        `head_options` go to a generative head's sampler (noise, generator, inpaint, last_only)."""
        return self.head(self.latents(images, ids, mask), **head_options)

    # ---- discrete --------------------------------------------------------------------------------
    def to_bins(self, actions):
        x = (actions.clamp(self.bin_lo, self.bin_hi) - self.bin_lo) / (self.bin_hi - self.bin_lo)
        return (x * (self.bins - 1)).round().long()

    def from_bins(self, bins):
        return self.bin_lo + bins.float() / (self.bins - 1) * (self.bin_hi - self.bin_lo)

    def _discrete_context(self, images, ids):
        """What every decoding step shares: the last frame's vision tokens and the instruction."""
        return self.backbone.encode_images(images[:, -1]), ids

    def _discrete_hidden(self, vis, txt, mask, act_in):
        """LM hidden states at the action-token positions: [vision, instruction, ACT, bins so far]."""
        return self.frame_hidden(vis, txt, mask, act_in)[:, -act_in.shape[1] :]

    def _bin_logits(self, h):
        return self.backbone.lm_logits(h)[..., self.bin_token0 : self.bin_token0 + self.bins]

    def _discrete_logits(self, images, ids, mask, action_tokens):
        """Logits over the bins for each action token position (teacher forcing)."""
        vis, txt = self._discrete_context(images, ids)
        prompt = torch.full((ids.shape[0], 1), self.act_token, dtype=torch.long, device=ids.device)
        act_in = torch.cat([prompt, action_tokens[:, :-1] + self.bin_token0], dim=1)
        return self._bin_logits(self._discrete_hidden(vis, txt, mask, act_in))

    def decode_bins(self, images, ids, mask):
        """Greedy decoding of the chunk: images float (B, T, cams, 3, H, W) → bin ids (B, chunk, dim).
        chunk × dim LM passes, each over [vision, instruction, ACT, bins so far] (the frame is encoded
        once); a plain Python loop, so ONNX tracing unrolls it into the graph."""
        vis, txt = self._discrete_context(images, ids)
        act_in = torch.full((ids.shape[0], 1), self.act_token, dtype=torch.long, device=ids.device)
        picked = []
        for _ in range(self.chunk * self.action_dim):
            nxt = self._bin_logits(self._discrete_hidden(vis, txt, mask, act_in)[:, -1]).argmax(-1)  # (B,)
            picked.append(nxt)
            act_in = torch.cat([act_in, nxt.unsqueeze(1) + self.bin_token0], dim=1)
        return torch.stack(picked, dim=1).view(-1, self.chunk, self.action_dim)

    def discrete_actions(self, bins):
        """Bin ids (…, dim) → actions in env scale: arm de-binned, gripper ±1 (open when its value > 0)."""
        acts = self.from_bins(bins)
        grip = (acts[..., -1:] > 0).float() * 2 - 1
        return torch.cat([acts[..., :-1], grip], dim=-1)

    # ---- FAST tokens (discrete actions, knowledge insulation) ------------------------------------------
    def _need_fast(self):
        if self.fast is None:
            raise RuntimeError(
                "this policy predicts FAST action tokens but was built without its action tokenizer "
                "(the checkpoint's 'action_tokenizer'); rebuild it with build_policy(..., action_tokenizer=...)"
            )
        return self.fast

    def _fast_logits(self, h):
        """Logits over the FAST slots + end token; slots the fitted vocabulary left unused are never picked."""
        logits = self.backbone.lm_logits(h)[..., self.fast_token0 : self.fast_token0 + self.n_fast]
        unused = torch.zeros(self.n_fast, dtype=logits.dtype, device=logits.device)
        unused[self._need_fast().n_tokens : self.n_fast - 1] = float("-inf")
        return logits + unused

    def fast_targets(self, chunks):
        """Chunks (B, chunk, dim) in env units → (target ids (B, L) ending in the end token and padded
        with it, weights (B, L): 1 up to and including each sequence's end token)."""
        fast = self._need_fast()
        seqs = fast.encode(chunks.detach().float().cpu().numpy())
        length = max(len(q) for q in seqs) + 1
        target = torch.full((len(seqs), length), fast.eos, dtype=torch.long)
        weight = torch.zeros(len(seqs), length)
        for i, q in enumerate(seqs):
            target[i, : len(q)] = torch.tensor(q, dtype=torch.long)
            weight[i, : len(q) + 1] = 1.0
        return target.to(chunks.device), weight.to(chunks.device)

    def fast_token_loss(self, images, ids, mask, chunks):
        """Next-token loss of the chunks' FAST tokens after [vision (last frame), instruction, ACT]
        (teacher forcing) → (loss, token accuracy, teacher-forced argmax ids (B, L))."""
        target, weight = self.fast_targets(chunks)
        vis, txt = self._discrete_context(images, ids)
        prompt = torch.full((ids.shape[0], 1), self.act_token, dtype=torch.long, device=ids.device)
        act_in = torch.cat([prompt, target[:, :-1] + self.fast_token0], dim=1)
        logits = self._fast_logits(self._discrete_hidden(vis, txt, mask, act_in))
        ce = F.cross_entropy(logits.transpose(1, 2), target, reduction="none")
        n = weight.sum().clamp(min=1)
        pred = logits.argmax(-1)
        return (ce * weight).sum() / n, ((pred == target).float() * weight).sum() / n, pred

    def decode_fast(self, images, ids, mask, early_stop=True):
        """Greedy decoding of FAST tokens: images float (B, T, cams, 3, H, W) → ids (B, max_tokens),
        the end token after each sequence's last. One LM pass per token; a Python loop, so ONNX
        tracing unrolls it (`early_stop` False: always max_tokens passes, as the graph must)."""
        fast = self._need_fast()
        vis, txt = self._discrete_context(images, ids)
        act_in = torch.full((ids.shape[0], 1), self.act_token, dtype=torch.long, device=ids.device)
        eos = torch.full((ids.shape[0],), fast.eos, dtype=torch.long, device=ids.device)
        done = torch.zeros(ids.shape[0], dtype=torch.bool, device=ids.device)
        picked = []
        for _ in range(fast.max_tokens):
            nxt = self._fast_logits(self._discrete_hidden(vis, txt, mask, act_in)[:, -1]).argmax(-1)
            nxt = torch.where(done, eos, nxt)
            done = done | (nxt == eos)
            picked.append(nxt)
            if early_stop and bool(done.all()):
                break
            act_in = torch.cat([act_in, nxt.unsqueeze(1) + self.fast_token0], dim=1)
        picked += [eos] * (fast.max_tokens - len(picked))
        return torch.stack(picked, dim=1)

    def fast_actions(self, tokens):
        """FAST ids (B, L) → actions (B, chunk, dim) in env units, gripper ±1 (fast.py's robust decoding)."""
        acts = torch.from_numpy(self._need_fast().decode(tokens.cpu().numpy())).to(torch.float32).to(tokens.device)
        grip = (acts[..., -1:] > 0).float() * 2 - 1
        return torch.cat([acts[..., :-1], grip], dim=-1)

    # ---- training loss -----------------------------------------------------------------------------
    def loss(self, batch):
        """batch: images uint8 (B, T, cams, H, W, 3), ids, mask, actions (B, T, chunk, dim), action_mask (B, T, chunk)."""
        images = self.preprocess(batch["images"])
        actions, valid = batch["actions"], batch["action_mask"].float()
        if self.formulation == "one-step":
            actions, valid = actions[:, -1:], valid[:, -1:]
        if self.discrete and self.uses_fast:
            loss, acc_tok, pred = self.fast_token_loss(images, batch["ids"], batch["mask"], actions[:, -1])
            # the gripper of the teacher-forced predictions, decoded as at inference (health alarms read it)
            g_pred = self.fast_actions(pred)[..., -1] > 0
            v = valid[:, -1]
            g_ok = (g_pred == (actions[:, -1, :, -1] > 0)).float()
            return {
                "loss": loss,
                "loss_tokens": loss.detach(),
                "acc_token": acc_tok.detach(),
                "acc_gripper": (g_ok * v).sum() / v.sum().clamp(min=1),
            }
        if self.discrete:
            target = self.to_bins(actions[:, -1]).flatten(1)  # (B, chunk*dim)
            logits = self._discrete_logits(images, batch["ids"], batch["mask"], target)
            w = valid[:, -1].repeat_interleave(self.action_dim, dim=1)
            ce = F.cross_entropy(logits.transpose(1, 2), target, reduction="none")
            loss = (ce * w).sum() / w.sum().clamp(min=1)
            pred = logits.argmax(-1).view(-1, self.chunk, self.action_dim)
            g_ok = ((self.from_bins(pred[..., -1]) > 0) == (actions[:, -1, :, -1] > 0)).float()
            acc_arm = (
                (pred[..., :-1] == target.view(-1, self.chunk, self.action_dim)[..., :-1]).float().mean(-1) * valid[:, -1]
            ).sum() / valid[:, -1].sum().clamp(min=1)
            return {
                "loss": loss,
                "loss_arm": loss.detach(),
                "acc_gripper": (g_ok * valid[:, -1]).sum() / valid[:, -1].sum().clamp(min=1),
                "acc_arm": acc_arm,
            }
        target_arm = self.normalise(actions[..., :-1])
        target_grip = (actions[..., -1] > 0).float()
        if getattr(self.head, "generative", False):  # the head's own objective (flow matching, denoising)
            if self.knowledge_insulation:
                # the expert's loss stops at the backbone (π0.5 + KI): its latents are computed without a
                # graph, so this pass keeps no activations for a backward it never gets
                with torch.no_grad():
                    latents = self.latents(images, batch["ids"], batch["mask"])
            else:
                latents = self.latents(images, batch["ids"], batch["mask"])
            per, grip, aux = self.head.train_loss(latents, target_arm)
        else:
            arm, grip, aux = self(images, batch["ids"], batch["mask"])
            per = ARM_LOSSES[self.arm_loss](arm, target_arm, reduction="none")
        n = valid.sum().clamp(min=1)
        loss_arm = (per.mean(-1) * valid).sum() / n
        loss_grip = (F.binary_cross_entropy_with_logits(grip, target_grip, reduction="none") * valid).sum() / n
        acc = (((grip > 0).float() == target_grip).float() * valid).sum() / n
        loss = self.arm_weight * loss_arm + self.gripper_weight * loss_grip + aux
        out = {"loss": loss, "loss_arm": loss_arm.detach(), "loss_gripper": loss_grip.detach(), "acc_gripper": acc.detach()}
        if self.head is not None and hasattr(self.head, "balance_weight"):
            out["loss_balance"] = aux.detach()
        if self.knowledge_insulation:  # ... while the backbone learns the chunk's FAST tokens
            tok_loss, acc_tok, _ = self.fast_token_loss(images, batch["ids"], batch["mask"], actions[:, -1])
            out["loss"] = loss + self.token_weight * tok_loss
            out["loss_tokens"], out["acc_token"] = tok_loss.detach(), acc_tok.detach()
        return out

    # ---- inference ---------------------------------------------------------------------------------
    @torch.no_grad()
    def predict(self, images, ids, mask, generator=None, inpaint=None, guidance=None):
        """images uint8 (B, T, cams, H, W, 3) → actions (B, chunk, dim) in env scale: arm de-normalised,
        gripper ±1 — the chunk predicted at the last step. A generative head samples with `generator`;
        `inpaint` = (committed arm actions (B, chunk, arm_dim) in env scale, weights (B, chunk)) pulls
        the sample towards them (real-time chunking; generative heads only): by replacement, or with
        `guidance` (β > 0, flow head) by Black et al.'s guided correction of the velocity."""
        if float(self.has_stats) == 0.0:
            raise RuntimeError("this policy has no action statistics (checkpoint from a different version?)")
        x = self.preprocess(images)
        if self.discrete and self.uses_fast:
            return self.fast_actions(self.decode_fast(x, ids, mask))
        if self.discrete:
            return self.discrete_actions(self.decode_bins(x, ids, mask))
        if getattr(self.head, "generative", False):
            if guidance is not None and not hasattr(self.head, "guided_velocity"):
                raise ValueError(
                    f"guided real-time chunking (rtc_guidance) is implemented for the flow head, not '{self.head.__class__.__name__}'"
                )
            if inpaint is not None:
                inpaint = (self.normalise(inpaint[0].to(x)), inpaint[1].to(x)) + ((guidance,) if guidance is not None else ())
            arm, grip, _ = self(x, ids, mask, generator=generator, inpaint=inpaint, last_only=True)
        elif inpaint is not None:
            raise ValueError(
                f"inpainting (real-time chunking) needs a generative head (flow, diffusion), not '{self.head.__class__.__name__}'"
            )
        else:
            arm, grip, _ = self(x, ids, mask)
        arm = self.denormalise(arm[:, -1])
        g = torch.where(grip[:, -1] > 0, 1.0, -1.0).unsqueeze(-1)
        return torch.cat([arm, g], dim=-1)


def build_policy(spec, tokenizer, stats=None, action_tokenizer=None):
    """`action_tokenizer`: the fitted FAST tokenizer (fast.py) of a policy that predicts FAST tokens."""
    return VLAPolicy(spec, tokenizer, stats, action_tokenizer)
