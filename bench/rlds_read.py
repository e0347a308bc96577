"""Reading RLDS episodes: VLA Lab's TensorFlow-free reader (trainer/tfrecord.py + rlds.py: framing
with both crc32c checks, tf.train.Example via protobuf, JPEG/PNG via Pillow) against
tensorflow-datasets' own reader (`tfds.builder_from_directory(...).as_dataset`, every episode's steps flat-mapped into one stream
and batched in TensorFlow's graph, as OXE data loaders read RLDS; images decoded by TensorFlow), on the same files: the test fixture's 4 training episodes (test/fixtures/rlds, written by
TFDS) repeated into 8 shards × 40 = 320 episodes, 17,000 steps, two 32×32 cameras (JPEG + PNG).

    PYTHONPATH=python .venv/bin/python bench/rlds_read.py [--tf-python /work/tfds-venv/bin/python] [--rounds 3]

Both sides decode every image and materialise every step's action; rounds alternate, the median is
reported. TensorFlow's side runs in its own interpreter (the side environment of
test/fixtures/rlds/generate.py) and reports its own time, import excluded."""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
FIXTURE = os.path.join(HERE, "..", "test", "fixtures", "rlds", "playtable_rlds", "1.0.0")
SHARDS, REPEAT = 8, 10

TF_SIDE = r"""
import sys, time
import numpy as np
import tensorflow_datasets as tfds
ds = tfds.builder_from_directory(sys.argv[1]).as_dataset(split="train")
# steps of every episode in one stream, batched in TensorFlow's graph (as OXE data loaders read RLDS)
steps_ds = ds.flat_map(lambda ep: ep["steps"]).batch(1024)
t = time.perf_counter(); steps = 0
for s in steps_ds.as_numpy_iterator():
    steps += len(s["action"]); _ = (s["observation"]["image"].sum(), s["observation"]["wrist_image"].sum())
print(time.perf_counter() - t, steps)
"""


def build(out):
    from vlalab.trainer import tfrecord

    recs = list(tfrecord.records(os.path.join(FIXTURE, "playtable_rlds-train.tfrecord-00000-of-00001")))
    root = os.path.join(out, "playtable_rlds", "1.0.0")
    os.makedirs(root)
    for i in range(SHARDS):
        tfrecord.write_records(os.path.join(root, f"playtable_rlds-train.tfrecord-{i:05d}-of-{SHARDS:05d}"), recs * REPEAT)
    with open(os.path.join(FIXTURE, "dataset_info.json")) as f:
        info = json.load(f)
    info["splits"] = [dict(info["splits"][0], shardLengths=[str(len(recs) * REPEAT)] * SHARDS)]
    with open(os.path.join(root, "dataset_info.json"), "w") as f:
        json.dump(info, f)
    for name in ("features.json", "metadata.json"):
        shutil.copy(os.path.join(FIXTURE, name), root)
    return root


def ours(root):
    import numpy as np
    from vlalab.trainer import rlds

    feats, m = rlds.step_features(root), rlds.mapping({})
    t, steps = time.perf_counter(), 0
    for _, where, ex in rlds.iter_episodes(root, "train"):
        images, act, _, _ = rlds.read_episode(ex, where, m, feats, ["static", "gripper"])
        steps += len(act)
        _ = (np.sum(images["static"]), np.sum(images["gripper"]))
    return time.perf_counter() - t, steps


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tf-python", help="an interpreter with tensorflow-datasets (the side environment)")
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = build(tmp)
        mine, theirs = [], []
        for _ in range(a.rounds):
            dt, steps = ours(root)
            mine.append(steps / dt)
            if a.tf_python:
                r = subprocess.run(
                    [a.tf_python, "-c", TF_SIDE, root],
                    capture_output=True,
                    text=True,
                    check=True,
                    env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
                )
                dt_tf, steps_tf = r.stdout.split()[-2:]
                assert int(steps_tf) == steps
                theirs.append(steps / float(dt_tf))
        print(
            f"VLA Lab reader: {statistics.median(mine):,.0f} steps/s ({steps} steps, 2 images each; rounds {', '.join(f'{x:,.0f}' for x in mine)})"
        )
        if theirs:
            print(
                f"tensorflow-datasets: {statistics.median(theirs):,.0f} steps/s (rounds {', '.join(f'{x:,.0f}' for x in theirs)}); "
                f"ratio ours/TFDS {statistics.median(mine) / statistics.median(theirs):.2f}"
            )


if __name__ == "__main__":
    main()
