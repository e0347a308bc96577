"""Tokens per action chunk: FAST (Pertsch et al. 2025; policy/fast.py) against naive binning (one
token per dimension per step, the discrete path's `bins`), on Playtable demonstrations. The
tokenizer is fitted on the training split's chunks and measured on the validation split's
(held-out episodes), as a run fits it and an evaluation meets new chunks. Also the round-trip
error (decode(encode(chunk)) − chunk, in units of each dimension's normalised half-range) and the
fit time. Deterministic: the numbers depend only on the data (seeded) and the settings.

    PYTHONPATH=python .venv/bin/python bench/fast_tokens_bench.py [--tasks 10] [--episodes 6] [--out /tmp/fast-tokens]
"""

import argparse
import os
import sys
import time
import types

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "python"))
from vlalab.policy.fast import FastTokenizer  # noqa: E402
from vlalab.policy.tokenizer import WordTokenizer  # noqa: E402
from vlalab.sim.tasks import TASKS  # noqa: E402
from vlalab.trainer.data import Segments, WindowDataset  # noqa: E402
from vlalab.trainer.loop import training_chunks  # noqa: E402


def chunks_of(data, split, tasks, chunk, cache):
    seg = Segments(data, split, ["static"], 32, tasks, cache_dir=cache)
    return training_chunks([types.SimpleNamespace(data=WindowDataset([seg], 1, chunk, WordTokenizer.build(["x"])))], chunk)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", type=int, default=10, help="the first N Playtable tasks")
    ap.add_argument("--episodes", type=int, default=6, help="training demonstrations per task (validation: 2)")
    ap.add_argument("--out", default="/tmp/fast-tokens")
    ap.add_argument("--chunks", type=int, nargs="+", default=[4, 8, 16])
    ap.add_argument("--scales", type=float, nargs="+", default=[5.0, 10.0, 30.0])
    ap.add_argument("--vocabs", type=int, nargs="+", default=[256, 1024])
    ap.add_argument("--noise", type=float, default=0.1, help="the experts' action noise (gen-data's default 0.1)")
    args = ap.parse_args()
    tasks = list(TASKS)[: args.tasks]
    data = os.path.join(args.out, f"playtable-{args.tasks}x{args.episodes}" + ("" if args.noise == 0.1 else f"-noise{args.noise:g}"))
    if not os.path.exists(os.path.join(data, "validation")):
        from vlalab.sim.dataset_writer import generate_dataset

        generate_dataset(data, tasks, args.episodes, 32, seed=0, split="training", noise=args.noise)
        generate_dataset(data, tasks, 2, 32, seed=1, split="validation", noise=args.noise)
    cache = os.path.join(args.out, "cache")
    print(
        f"Playtable, {len(tasks)} tasks: {args.episodes} training / 2 validation demonstrations each (expert noise {args.noise:g}); 7-D actions"
    )
    print(
        "| chunk | scale | vocab (fitted) | bins: tokens/chunk | FAST mean | FAST p95 | FAST max | ratio bins/FAST | max_tokens | RMS error (norm.) | max error (norm.) | RMS error, clipped chunks too | bins' RMS error (norm.) | fit s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for chunk in args.chunks:
        train = chunks_of(data, "training", tasks, chunk, cache)
        val = chunks_of(data, "validation", tasks, chunk, cache)
        for scale in args.scales:
            for vocab in args.vocabs:
                t0 = time.perf_counter()
                tok = FastTokenizer.fit(train, scale, vocab)
                fit_s = time.perf_counter() - t0
                lengths = np.array([len(ids) for ids in tok.encode(val)])
                decoded = tok.decode(tok.encode(val))
                half = np.where(tok.high > tok.low, (tok.high - tok.low) / 2, 1.0)
                inside = np.all((val >= tok.low) & (val <= tok.high), axis=(1, 2))
                err_all = np.abs(decoded - val) / half
                err = err_all[inside]
                # 256 uniform bins over [-1, 1] (the study's discretization), measured in the same units
                edges = np.clip(np.rint((np.clip(val, -1, 1) + 1) / 2 * 255), 0, 255) / 255 * 2 - 1
                bins_err = (np.abs(edges - val) / half)[inside]
                bins = chunk * val.shape[2]
                print(
                    f"| {chunk} | {scale:g} | {vocab} ({tok.n_tokens}) | {bins} | {lengths.mean():.1f} | {np.percentile(lengths, 95):.0f} | "
                    f"{lengths.max()} | {bins / lengths.mean():.2f}x | {tok.max_tokens} | {np.sqrt((err**2).mean()):.4f} | {err.max():.4f} | {np.sqrt((err_all**2).mean()):.4f} | {np.sqrt((bins_err**2).mean()):.4f} | {fit_s:.2f} |"
                )
        print(
            f"(chunk {chunk}: {len(train)} training chunks, {len(val)} validation chunks, {inside.mean():.0%} of them inside the 1st–99th percentiles)"
        )


if __name__ == "__main__":
    main()
