"""Training-step time of an hf: policy against a plain transformers training loop of the same model,
in the same process: what VLA Lab's backbone adapter costs on top of the model's own forward.

    PYTHONPATH=python:test/python .venv/bin/python bench/hf_bench.py [--width 256] [--layers 4] [--steps 20] [--rounds 5]

The model: a LLaVA (CLIP vision tower, Llama language model) of the given width and depth, random
weights, saved with its processor by test/python/helpers/tiny_vlms.py (nothing is downloaded).
Both loops train every parameter with the same AdamW on the same batch (B frames of 32×32 and an
instruction) through the same computation:

  ours   VLAPolicy.loss on a one-step continuous spec: uint8 frames → the model's preprocessing in
         torch → vision tower + projector → [BOS, image tokens, instruction, ACT] through the
         language model → the [ACT] hidden state → MLP head → MSE + BCE
  plain  the processor's pixel_values and input_ids (computed once, outside the timing) →
         model.model(...) → the last hidden state → the same MLP head → the same loss

Rounds alternate the two so the machine's noise hits both alike; the report is the median step
time of each and our overhead in percent."""

import argparse
import os
import statistics
import sys
import tempfile
import time

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path[:0] = [os.path.join(ROOT, "python"), os.path.join(ROOT, "test", "python")]

INSTRUCTION = "open the drawer"


def build_model(directory, width, layers):
    """tiny_vlms' LLaVA at `width` × `layers` (the helper's own sizes are the tests' 32 × 2)."""
    from helpers import tiny_vlms

    tiny_vlms._text = lambda **kw: dict(
        hidden_size=width,
        intermediate_size=4 * width,
        num_hidden_layers=layers,
        num_attention_heads=max(1, width // 64),
        num_key_value_heads=max(1, width // 64),
        **kw,
    )
    tiny_vlms._vision = lambda transformers, cls, **kw: cls(
        hidden_size=width,
        intermediate_size=4 * width,
        num_hidden_layers=max(1, layers // 2),
        num_attention_heads=max(1, width // 64),
        image_size=tiny_vlms.IMAGE,
        patch_size=8,
        **kw,
    )
    return tiny_vlms.build("llava", directory)


def our_policy(model_dir, batch):
    from vlalab.policy import build_policy
    from vlalab.policy.tokenizer import build_tokenizer
    from vlalab.trainer.spec import with_defaults

    spec = with_defaults(
        {
            "name": "bench",
            "backbone": {"id": f"hf:{model_dir}", "path": model_dir},
            "policy": {"formulation": "one-step", "chunk": 1, "head": {"type": "mlp", "hidden": 64, "layers": 1}},
            "observation": {"image_size": 32, "cameras": ["static"]},
            "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
            "eval": [],
        }
    )
    stats = {"mean": [0] * 6, "std": [1] * 6, "min": [-1] * 6, "max": [1] * 6}
    policy = build_policy(spec, build_tokenizer(spec, [INSTRUCTION]), stats)
    tok = policy.tokenizer  # no padding: the same sequence length as the plain loop's
    tok.max_length, tok._cache = len(tok.tok(INSTRUCTION, add_special_tokens=False)["input_ids"]), {}
    ids, mask = tok.batch([INSTRUCTION] * batch)
    g = torch.Generator().manual_seed(0)
    data = {
        "images": torch.randint(0, 256, (batch, 1, 1, 32, 32, 3), dtype=torch.uint8, generator=g),
        "ids": ids,
        "mask": mask,
        "actions": torch.rand(batch, 1, 1, 7, generator=g) * 2 - 1,
        "action_mask": torch.ones(batch, 1, 1, dtype=torch.bool),
    }
    return policy, data


class PlainLoop(torch.nn.Module):
    """The model as transformers runs it, with the same head and loss as our policy."""

    def __init__(self, model_dir, head, batch, frames):
        super().__init__()
        import transformers

        self.model = transformers.AutoModelForImageTextToText.from_pretrained(model_dir, local_files_only=True)
        self.head = head
        proc = transformers.AutoProcessor.from_pretrained(model_dir, local_files_only=True)
        inputs = proc(images=[f.numpy() for f in frames], text=[proc.image_token + INSTRUCTION] * batch, return_tensors="pt")
        # one more token where our [ACT] token is (an existing id: the same compute)
        extra = torch.full((batch, 1), proc.tokenizer.eos_token_id, dtype=inputs["input_ids"].dtype)
        inputs["input_ids"] = torch.cat([inputs["input_ids"], extra], 1)
        inputs["attention_mask"] = torch.cat([inputs["attention_mask"], torch.ones_like(extra)], 1)
        self.inputs = inputs

    def loss(self, target_arm, target_grip):
        h = self.model.model(**self.inputs).last_hidden_state[:, -1:]
        arm, grip, _ = self.head(h)
        return torch.nn.functional.mse_loss(arm, target_arm) + 0.01 * torch.nn.functional.binary_cross_entropy_with_logits(
            grip, target_grip
        )


def timed(step, steps):
    """CPU seconds per step of this process (not wall time: the machine is shared, and CPU time
    does not count the time other processes hold the cores)."""
    for _ in range(3):
        step()
    t0 = time.process_time()
    for _ in range(steps):
        step()
    return (time.process_time() - t0) / steps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, default=256)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    import logging

    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as d:
        model_dir = build_model(d, a.width, a.layers)
        policy, data = our_policy(model_dir, a.batch)
        plain = PlainLoop(model_dir, policy.head, a.batch, data["images"][:, 0, 0])
        plain.model.load_state_dict(policy.backbone.model.state_dict())  # the same weights
        params = sum(p.numel() for p in policy.parameters())
        policy.train(), plain.train()
        ours_opt = torch.optim.AdamW([p for p in policy.parameters() if p.requires_grad], lr=1e-4)
        plain_opt = torch.optim.AdamW([p for p in plain.parameters() if p.requires_grad], lr=1e-4)
        target_arm = policy.normalise(data["actions"][..., :-1])
        target_grip = (data["actions"][..., -1] > 0).float()

        def ours_step():
            loss = policy.loss(data)["loss"]
            ours_opt.zero_grad(set_to_none=True)
            loss.backward()
            ours_opt.step()

        def plain_step():
            loss = plain.loss(target_arm, target_grip)
            plain_opt.zero_grad(set_to_none=True)
            loss.backward()
            plain_opt.step()

        times = {"ours": [], "plain": []}
        for r in range(a.rounds):
            for name, step in (("ours", ours_step), ("plain", plain_step)) if r % 2 == 0 else (("plain", plain_step), ("ours", ours_step)):
                times[name].append(timed(step, a.steps))
        ours, plain_t = statistics.median(times["ours"]), statistics.median(times["plain"])
        seq = plain.inputs["input_ids"].shape[1]
        with torch.no_grad():
            ours_seq = (
                policy.backbone.forward_parts(
                    [
                        (
                            "image",
                            policy.backbone.encode_images(policy.preprocess(data["images"][:, 0])),
                            data["mask"].new_ones(a.batch, 16),
                        ),
                        ("text", data["ids"], data["mask"]),
                        ("action", data["ids"][:, :1], data["mask"][:, :1]),
                    ]
                ).shape[1]
                + 1
            )  # + BOS
        assert ours_seq == seq, (ours_seq, seq)
        print(
            f"LLaVA width {a.width}, {a.layers} LM layers ({params / 1e6:.2f}M parameters), batch {a.batch}, sequence {seq} tokens, "
            f"{a.threads} threads, torch {torch.__version__}"
        )
        print(
            f"plain transformers loop  {plain_t * 1000:8.1f} CPU ms/step  (rounds: {', '.join(f'{t * 1000:.1f}' for t in times['plain'])})"
        )
        print(f"VLA Lab hf: policy       {ours * 1000:8.1f} CPU ms/step  (rounds: {', '.join(f'{t * 1000:.1f}' for t in times['ours'])})")
        print(f"overhead                 {100 * (ours / plain_t - 1):+8.1f} %")


if __name__ == "__main__":
    main()
