"""Training throughput of the quickstart model: VLA Lab's loop settings (training/loop.py: the
thread split, vectorised in-memory window gathering by MixedSampler, AdamW — fused on CUDA — and
bf16 autocast on GPU when the spec says so) against a plain eager fp32 PyTorch loop of the SAME
model on the SAME data in the same run (torch's default threads, a map-style Dataset + DataLoader
collating one window at a time, plain AdamW). Prints samples/s of both and the ratio.

    PYTHONPATH=python /usr/bin/python3 bench/train_bench.py [--spec examples/quickstart.vla.json] [--steps 30] [--data DIR]

--data: a CALVIN-layout directory (default: the spec's Playtable data, generated into a temp dir).
"""
import argparse
import json
import os
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", str(os.cpu_count() or 1))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))

import torch  # noqa: E402

from vlalab.config import load_spec  # noqa: E402
from vlalab.policies import VLAPolicy, WordTokenizer  # noqa: E402
from vlalab.policies.losses import action_loss  # noqa: E402
from vlalab.policies.normalization import stats_from_arrays  # noqa: E402
from vlalab.training.data_cache import resolve_dataset_dir  # noqa: E402
from vlalab.training.dataset import CalvinData, MixedSampler, images_to_float  # noqa: E402
from vlalab.training.loop import configure_threads  # noqa: E402


class WindowDataset(torch.utils.data.Dataset):
    """The textbook way: one window per __getitem__, collated by the DataLoader."""

    def __init__(self, data, spec, tokens):
        self.data, self.h, self.k, self.tokens = data, spec["policy"]["history"], spec["policy"]["chunk"], tokens

    def __len__(self):
        return len(self.data)

    def __getitem__(self, i):
        return {k: v[0] for k, v in self.data.batch([i], self.h, self.k, *self.tokens).items()}


def make_policy(spec, tok, data, device):
    torch.manual_seed(0)
    p = VLAPolicy(spec, len(tok))
    p.normalizer.fit(stats_from_arrays(data.actions.numpy(), data.proprio.numpy()))
    return p.to(device).train()


def train_step(policy, opt, b, spec, clip, amp=False):
    with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=amp):
        out = policy(images_to_float(b["images"]), b["ids"], b["mask"], b["proprio"])
    loss, _ = action_loss(policy, {k: v.float() for k, v in out.items()}, b["actions"], b["valid"], spec)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    if clip:
        torch.nn.utils.clip_grad_norm_(policy.parameters(), clip)
    opt.step()


def timed(batches, fn, steps, device, warmup=3):
    for i in range(steps + warmup):
        if i == warmup:
            if device.type == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
        fn(next(batches))
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "quickstart.vla.json"))
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--data")
    a = ap.parse_args()
    _, spec = load_spec(a.spec)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    entry = spec["data"]["stages"][0]["datasets"][0]
    path = a.data or resolve_dataset_dir(entry, spec, os.path.dirname(os.path.abspath(a.spec)),
                                         os.path.join(tempfile.mkdtemp(), "runs", "bench", "r"), log=lambda m: print(m, file=sys.stderr))
    obs, tr, p = spec["observation"], spec["train"], spec["policy"]
    data = CalvinData(path, "training", cameras=obs["cameras"], image_size=obs["image_size"], tasks=entry.get("tasks"))
    tok = WordTokenizer.build(data.instructions)
    tokens = tok.encode_batch(data.instructions)
    bs = tr["batch_size"]

    # baseline: plain eager fp32 loop, torch's default threads, DataLoader over single windows
    torch.set_num_threads(os.cpu_count() or 1)
    policy = make_policy(spec, tok, data, device)
    opt = torch.optim.AdamW(policy.parameters(), lr=tr["lr"])
    loader = iter(torch.utils.data.DataLoader(WindowDataset(data, spec, tokens), batch_size=bs, shuffle=True, drop_last=True,
                                              generator=torch.Generator().manual_seed(0)))
    base_s = timed((({k: v.to(device) for k, v in b.items()}) for b in loader), lambda b: train_step(policy, opt, b, spec, 0), a.steps, device)

    # VLA Lab's loop settings
    configure_threads()
    policy = make_policy(spec, tok, data, device)
    kw = {"fused": True} if device.type == "cuda" and "fused" in torch.optim.AdamW.__init__.__code__.co_varnames else {}
    opt = torch.optim.AdamW(policy.parameters(), lr=tr["lr"], **kw)
    sampler = MixedSampler([data], [1.0], bs, seed=0)
    amp = device.type == "cuda" and tr.get("precision") == "bf16"
    batches = ({k: v.to(device, non_blocking=True) for k, v in sampler.batch(i, p["history"], p["chunk"], [tokens]).items()} for i in range(10 ** 9))
    ours_s = timed(batches, lambda b: train_step(policy, opt, b, spec, tr.get("grad_clip", 0), amp), a.steps, device)

    res = {"baseline_samples_per_s": a.steps * bs / base_s, "vlalab_samples_per_s": a.steps * bs / ours_s}
    res["ratio"] = res["vlalab_samples_per_s"] / res["baseline_samples_per_s"]
    res.update(device=str(device), torch=torch.__version__, torch_threads_ours=torch.get_num_threads(), openblas_threads=os.environ.get("OPENBLAS_NUM_THREADS"),
               batch_size=bs, history=p["history"], image_size=obs["image_size"], steps=a.steps, params=sum(x.numel() for x in policy.parameters()))
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
