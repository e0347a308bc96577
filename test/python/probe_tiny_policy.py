"""Test fixture for the policy probe (not a pytest module): builds, in a temporary folder,
a tiny PyTorch policy exported to ONNX with a policy.json in the layout the probe reads, a tiny
CALVIN-layout dataset, and reference results computed with PyTorch on that data:

  python3 test/python/probe_tiny_policy.py OUT_DIR [--history 2] [--chunk 3]

OUT_DIR/export/{policy.onnx,policy.json}, OUT_DIR/data/validation/..., OUT_DIR/reference.json.
The reference replays the data open-loop the way the trainer's loader builds windows (bilinear
resize, align_corners=False; the first frame repeated before a segment's start) so the TypeScript
replay can be checked against it, and holds raw inputs with PyTorch outputs for parity.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)

VOCAB = [
    "<pad>",
    "<unk>",
    "<bos>",
    "<eos>",
    "open",
    "the",
    "drawer",
    "close",
    "push",
    "red",
    "block",
    "left",
    "right",
    "turn",
    "on",
    "lightbulb",
    "slider",
    "move",
    "to",
]
MAX_LEN = 8


def tokenize(text):
    """Same rules as the probe's spec: lowercase, [a-z0-9]+ words, bos/eos, pad to MAX_LEN."""
    import re

    ids = [2] + [VOCAB.index(w) if w in VOCAB else 1 for w in re.findall(r"[a-z0-9]+", text.lower())] + [3]
    ids = ids[:MAX_LEN]
    mask = [1] * len(ids) + [0] * (MAX_LEN - len(ids))
    return ids + [0] * (MAX_LEN - len(ids)), mask


class TinyPolicy(torch.nn.Module):
    def __init__(self, history, chunk, size, dim=7):
        super().__init__()
        self.history, self.chunk, self.dim = history, chunk, dim
        self.conv = torch.nn.Conv2d(3, 4, 4, stride=4)
        self.emb = torch.nn.Embedding(len(VOCAB), 8)
        feat = 4 * (size // 4) ** 2 + 8
        self.lstm = torch.nn.LSTM(feat, 16, batch_first=True)
        self.arm = torch.nn.Linear(16, chunk * (dim - 1))
        self.grip = torch.nn.Linear(16, chunk)

    def forward(self, rgb_static, tokens, attention_mask):
        b, h = rgb_static.shape[:2]
        x = self.conv(rgb_static.flatten(0, 1)).flatten(1).view(b, h, -1)
        m = attention_mask.unsqueeze(-1).float()
        lang = (self.emb(tokens) * m).sum(1) / m.sum(1).clamp(min=1)
        x = torch.cat([x, lang.unsqueeze(1).expand(b, h, -1)], -1)
        y, _ = self.lstm(x)
        arm = torch.tanh(self.arm(y)).view(b, h, self.chunk, self.dim - 1)
        grip = self.grip(y).view(b, h, self.chunk, 1)
        return arm, grip


def prepare(frame_rgb, size):
    x = torch.from_numpy(frame_rgb).permute(2, 0, 1).float().unsqueeze(0) / 255.0
    return F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--history", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=3)
    ap.add_argument("--size", type=int, default=16)
    args = ap.parse_args()
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    H, K, S = args.history, args.chunk, args.size
    model = TinyPolicy(H, K, S).eval()

    exp = os.path.join(args.out, "export")
    os.makedirs(exp, exist_ok=True)
    dummy = (torch.zeros(1, H, 3, S, S), torch.zeros(1, MAX_LEN, dtype=torch.long), torch.ones(1, MAX_LEN, dtype=torch.long))
    # torch 2's exporter, weights inside the one file (as the trainer's export-onnx writes them)
    torch.onnx.export(
        model,
        dummy,
        os.path.join(exp, "policy.onnx"),
        opset_version=14,
        dynamo=True,
        external_data=False,
        optimize=False,
        verbose=False,
        input_names=["rgb_static", "tokens", "attention_mask"],
        output_names=["arm", "gripper"],
    )
    manifest = {
        "format": "vla-lab-policy",
        "version": 1,
        "onnx": "policy.onnx",
        "inputs": [
            {"name": "rgb_static", "dtype": "float32", "shape": [1, H, 3, S, S], "role": "rgb_static"},
            {"name": "tokens", "dtype": "int64", "shape": [1, MAX_LEN], "role": "tokens"},
            {"name": "attention_mask", "dtype": "int64", "shape": [1, MAX_LEN], "role": "attention_mask"},
        ],
        "outputs": [
            {"name": "arm", "dtype": "float32", "shape": [1, H, K, 6], "role": "arm"},
            {"name": "gripper", "dtype": "float32", "shape": [1, H, K, 1], "role": "gripper"},
        ],
        "gripper_output": "logit",
        "image_size": S,
        "history": H,
        "chunk": K,
        "action_dim": 7,
        "cameras": ["static"],
        "control_hz": 30,
        "image": {"resize": "bilinear", "scale": 1 / 255},
        "tokenizer": {
            "vocab": VOCAB,
            "max_length": MAX_LEN,
            "pad": "<pad>",
            "unk": "<unk>",
            "bos": "<bos>",
            "eos": "<eos>",
            "lowercase": True,
        },
        "action_stats": {"min": [-1] * 7, "max": [1] * 7, "outputs_unnormalized": True},
        "action_key": "rel_actions",
    }
    with open(os.path.join(exp, "policy.json"), "w") as f:
        json.dump(manifest, f, indent=1)

    # A tiny CALVIN-layout split: 2 recorded episodes, 3 annotated segments.
    split = os.path.join(args.out, "data", "validation")
    os.makedirs(os.path.join(split, "lang_annotations"), exist_ok=True)
    n = 14
    for i in range(n):
        rel = rng.uniform(-1, 1, 7).astype(np.float64)
        rel[6] = 1.0 if (i // 3) % 2 == 0 else -1.0
        np.savez_compressed(
            os.path.join(split, f"episode_{i:07d}.npz"),
            rgb_static=rng.integers(0, 256, (24, 24, 3), dtype=np.uint8),
            rgb_gripper=rng.integers(0, 256, (12, 12, 3), dtype=np.uint8),
            actions=rng.uniform(-1, 1, 7),
            rel_actions=rel,
            robot_obs=rng.uniform(-1, 1, 15),
            scene_obs=rng.uniform(-1, 1, 24),
        )
    np.save(os.path.join(split, "ep_start_end_ids.npy"), np.array([[0, 7], [8, 13]], dtype=np.int64))
    ann = {
        "language": {
            "ann": ["open the drawer", "push the red block left", "turn on the lightbulb"],
            "task": ["open_drawer", "push_red_block_left", "turn_on_lightbulb"],
            "emb": np.zeros((3, 1, 4), np.float32),
        },
        "info": {"episodes": [], "indx": [(0, 4), (5, 7), (8, 13)]},
    }
    np.save(os.path.join(split, "lang_annotations", "auto_lang_ann.npy"), ann, allow_pickle=True)

    # Reference open-loop replay with PyTorch.
    segments = []
    with torch.no_grad():
        for (s, e), text in zip(ann["info"]["indx"], ann["language"]["ann"]):
            frames = [prepare(np.load(os.path.join(split, f"episode_{i:07d}.npz"))["rgb_static"], S) for i in range(s, e + 1)]
            ids, mask = tokenize(text)
            preds = []
            for t in range(len(frames)):
                window = [frames[max(0, t - H + 1 + j)] for j in range(H)] if t + 1 >= H else [frames[0]] * (H - t - 1) + frames[: t + 1]
                arm, grip = model(torch.stack(window).unsqueeze(0), torch.tensor([ids]), torch.tensor([mask]))
                chunk = torch.cat([arm[0, -1], 2 * torch.sigmoid(grip[0, -1]) - 1], -1)
                preds.append(chunk.tolist())
            segments.append({"start": s, "end": e, "instruction": text, "tokens": ids, "chunks": preds})
        # Parity: random inputs straight into the model.
        x = torch.rand(1, H, 3, S, S)
        ids, mask = tokenize("Push the RED block, to the left!")
        arm, grip = model(x, torch.tensor([ids]), torch.tensor([mask]))
    ref = {
        "segments": segments,
        "parity": {
            "rgb_static": x.flatten().tolist(),
            "tokens": ids,
            "attention_mask": mask,
            "arm": arm.flatten().tolist(),
            "gripper": grip.flatten().tolist(),
        },
        "parameters": sum(p.numel() for p in model.parameters()),
    }
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(ref, f)
    print(json.dumps({"ok": True, "parameters": ref["parameters"]}))


if __name__ == "__main__":
    sys.exit(main())
