"""The policy probe on real exports: Playtable episodes written by `python -m vlalab gen-data`, tiny
continuous and discrete specs trained a few steps by `python -m vlalab train`, exported by
`python -m vlalab export-onnx`, then

  * the discrete export (greedy decoding unrolled in the graph) gives, in onnxruntime-node, the
    actions VLAPolicy.predict gives in PyTorch;
  * `vla-lab probe replay <run> --data <dir>` (dist/cli.js) reports the per-dimension MSE/L1,
    gripper accuracy and per-step predictions that the PyTorch policy gives on the same episodes,
    computed here independently (window building, tokenisation, gripper conversion);
  * `vla-lab probe info|latency` describe and time both exports.
Needs node, onnxruntime-node (npm ci) and the built CLI (node scripts/build.mjs)."""

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "VLA_LAB_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
NODE = shutil.which("node")
ORT_DIR = os.path.join(ROOT, "node_modules", "onnxruntime-node")
CLI = os.path.join(ROOT, "dist", "cli.js")
TASKS = ["open_drawer", "move_slider_left"]
SIZE = 32


@pytest.fixture(scope="module", autouse=True)
def node_side_is_there():
    """The test command installs (scripts/setup.sh) and builds (scripts/build.mjs) before pytest: a
    missing piece is a failure that says what to run, never a silent skip."""
    assert NODE and os.path.isdir(ORT_DIR), "node and onnxruntime-node are needed: run bash scripts/setup.sh"
    assert os.path.exists(CLI), "dist/cli.js is missing: run node scripts/build.mjs"


SPECS = {
    # history 2 and two cameras: exercises window building (first frame repeated) and camera order
    "continuous": {"formulation": "policy-head", "history": 2, "chunk": 3, "head": {"type": "lstm", "hidden": 32, "layers": 1}},
    "discrete": {
        "formulation": "one-step",
        "action_space": "discrete",
        "discretization": {"bins": 32, "min": -1, "max": 1},
        "history": 1,
        "chunk": 2,
        "head": {"type": "mlp", "hidden": 32, "layers": 1},
    },
}
CAMERAS = {"continuous": ["static", "gripper"], "discrete": ["static"]}


def run(cmd, timeout=180, **kw):
    r = subprocess.run(cmd, env=ENV, capture_output=True, text=True, timeout=timeout, **kw)
    assert r.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{r.stderr[-3000:]}"
    return r


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("playtable")
    run(
        [
            PY,
            "-m",
            "vlalab",
            "gen-data",
            "--out",
            str(d),
            "--tasks",
            ",".join(TASKS),
            "--episodes",
            "2",
            "--image-size",
            str(SIZE),
            "--seed",
            "3",
        ]
    )
    return d


@pytest.fixture(scope="module")
def exported(tmp_path_factory, data_dir):
    """kind → an exported run directory (trained once per module)."""
    cache = {}

    def get(kind):
        if kind not in cache:
            d = tmp_path_factory.mktemp(kind)
            spec = {
                "name": f"probe-{kind}",
                "backbone": {"id": "tiny-prefix", "size": "nano"},
                "policy": SPECS[kind],
                "observation": {"image_size": SIZE, "patch_size": 8, "cameras": CAMERAS[kind]},
                "data": {
                    "stages": [{"name": "ft", "datasets": [{"type": "playtable", "path": str(data_dir), "tasks": TASKS}], "steps": 20}]
                },
                "train": {
                    "batch_size": 8,
                    "lr": 0.003,
                    "log_every": 5,
                    "val_every": 20,
                    "checkpoint_every": 20,
                    "warmup_steps": 0,
                    "seed": 0,
                },
                "eval": [],
            }
            (d / "spec.json").write_text(json.dumps(spec))
            run([PY, "-m", "vlalab", "train", "--spec", str(d / "spec.json"), "--run-dir", str(d / "run"), "--no-eval"])
            if kind == "discrete":
                spread_weights(d / "run")
            run([PY, "-m", "vlalab", "export-onnx", "--run-dir", str(d / "run")])
            cache[kind] = d / "run"
        return cache[kind]

    return get


def spread_weights(run_dir):
    """Twenty steps leave a discrete policy's greedy decoding on one bin for every input (which bin
    depends on the data), and a parity check on constant outputs proves nothing. Seeded noise on the
    trained weights makes the decoded bins depend on the frame and the instruction."""
    from vlalab.trainer import checkpoint as ckpt

    path = ckpt.final(str(run_dir))
    state = ckpt.load(path)
    g = torch.Generator().manual_seed(0)
    for t in state["model"].values():
        if t.is_floating_point():
            t.add_(torch.randn(t.shape, generator=g) * 0.3 * (t.std() if t.numel() > 1 else 1.0))
    torch.save(state, path)


def load(run_dir):
    from vlalab.trainer import checkpoint as ckpt
    from vlalab.trainer.evaluate import load_policy

    policy, _, _ = load_policy(ckpt.final(str(run_dir)))
    return policy.eval()


# onnxruntime-node over a list of feed sets in one process: [{name: {dtype, dims, data}}] → [{name: {dims, data}}]
ORT_MANY = """
const ort = require(process.argv[1]);
const fs = require('fs');
(async () => {
  const session = await ort.InferenceSession.create(process.argv[2]);
  const results = [];
  for (const feedsJson of JSON.parse(fs.readFileSync(process.argv[3], 'utf8'))) {
    const feeds = {};
    for (const [name, t] of Object.entries(feedsJson)) {
      feeds[name] = new ort.Tensor(t.dtype, t.dtype === 'int64' ? BigInt64Array.from(t.data.map(BigInt)) : Float32Array.from(t.data), t.dims);
    }
    const out = await session.run(feeds);
    const res = {};
    for (const [name, t] of Object.entries(out)) res[name] = { dims: t.dims, data: Array.from(t.data, Number) };
    results.push(res);
  }
  process.stdout.write(JSON.stringify(results));
})().catch((e) => { process.stderr.write(String(e) + '\\n'); process.exit(1); });
"""


def ort_run_many(onnx_path, feed_sets, tmp_path):
    (tmp_path / "feeds.json").write_text(json.dumps(feed_sets))
    r = run([NODE, "-e", ORT_MANY, ORT_DIR, str(onnx_path), str(tmp_path / "feeds.json")], timeout=60)
    return json.loads(r.stdout)


def test_discrete_onnx_export_matches_pytorch_predict_in_onnxruntime_node(tmp_path, exported, data_dir):
    run_dir = exported("discrete")
    manifest = json.loads((run_dir / "export" / "policy.json").read_text())
    assert manifest["action_space"] == "discrete" and manifest["gripper_output"] == "signed"
    assert manifest["discretization"] == {"bins": 32, "min": -1, "max": 1, "decoding": "greedy"}
    assert [o["name"] for o in manifest["outputs"]] == ["arm", "gripper", "bins"]
    policy = load(run_dir)
    # real frames (the drawer and the slider tasks) and one random image, two instructions each
    ep = sorted((data_dir / "validation").glob("episode_*.npz"))
    frames = [
        np.load(ep[0])["rgb_static"],
        np.load(ep[-1])["rgb_static"],
        np.random.default_rng(0).integers(0, 256, (SIZE, SIZE, 3), dtype=np.uint8),
    ]
    cases = []
    for frame in frames:
        for text in ["pull the drawer open", "slide the door to the left"]:
            images = torch.from_numpy(frame)[None, None, None]  # (1, T=1, cams=1, H, W, 3) uint8
            ids, mask = policy.tokenizer.batch([text])
            x = policy.preprocess(images)
            with torch.no_grad():
                expected_bins = policy.decode_bins(x, ids, mask)[0].numpy()  # (chunk, 7)
                # greedy decoding is the argmax at every position of the training-time (teacher-forced) logits
                forced = policy._discrete_logits(x, ids, mask, torch.from_numpy(expected_bins).flatten()[None])[0]
                assert np.array_equal(forced.argmax(-1).numpy(), expected_bins.flatten())
            cases.append((x, ids, mask, expected_bins, policy.predict(images, ids, mask)[0].numpy()))
    outs = ort_run_many(
        run_dir / "export" / "policy.onnx",
        [
            {
                "images": {"dtype": "float32", "dims": list(x.shape), "data": x.flatten().tolist()},
                "tokens": {"dtype": "int64", "dims": list(ids.shape), "data": ids.flatten().tolist()},
                "attention_mask": {"dtype": "int64", "dims": list(mask.shape), "data": mask.long().flatten().tolist()},
            }
            for x, ids, mask, _, _ in cases
        ],
        tmp_path,
    )
    seen = set()
    exact = 0
    for (x, ids, mask, expected_bins, expected), out in zip(cases, outs):
        assert out["arm"]["dims"] == [1, 1, 2, 6] and out["gripper"]["dims"] == [1, 1, 2] and out["bins"]["dims"] == [1, 1, 2, 7]
        bins = np.array(out["bins"]["data"]).reshape(2, 7)
        exact += np.array_equal(bins, expected_bins)
        if not np.array_equal(bins, expected_bins):
            # float differences may only flip an argmax between (near-)tied logits: teacher-force
            # onnxruntime's choices through PyTorch and check each was a maximum within 1e-4
            with torch.no_grad():
                logits = policy._discrete_logits(x, ids, mask, torch.from_numpy(bins).flatten()[None])[0]
            chosen = logits.gather(1, torch.from_numpy(bins).flatten()[:, None])[:, 0]
            assert torch.all(chosen >= logits.max(-1).values - 1e-4), (bins, expected_bins)
            expected = policy.discrete_actions(torch.from_numpy(bins)).numpy()
        got = np.concatenate([np.array(out["arm"]["data"]).reshape(2, 6), np.array(out["gripper"]["data"]).reshape(2, 1)], axis=1)
        np.testing.assert_allclose(got, expected, atol=1e-5)
        assert set(np.unique(got[:, -1])) <= {-1.0, 1.0}
        seen.add(tuple(bins.flatten()))
    assert len(seen) > 1, "every input gave the same actions: the comparison says nothing"
    assert exact >= len(cases) - 1, f"only {exact} of {len(cases)} decodings identical"


def python_replay(policy, split_dir, episodes, continuous):
    """The open-loop replay the probe does, in PyTorch: per annotated segment, for every frame t the
    window of the last `history` frames (the segment's first frame repeated before its start), the
    predicted chunk scored against the demonstrated rel_actions of frames t..t+chunk-1."""
    ann = np.load(os.path.join(split_dir, "lang_annotations", "auto_lang_ann.npy"), allow_pickle=True).item()
    cams = ["rgb_" + c for c in (CAMERAS["continuous"] if continuous else CAMERAS["discrete"])]
    pred, demo, first = [], [], []
    for (start, end), text in list(zip(ann["info"]["indx"], ann["language"]["ann"]))[:episodes]:
        files = [np.load(os.path.join(split_dir, f"episode_{f:07d}.npz")) for f in range(start, end + 1)]
        images = np.stack([np.stack([f[c] for c in cams]) for f in files])  # (N, cams, H, W, 3)
        actions = np.stack([f["rel_actions"] for f in files]).astype(np.float64)
        ids, mask = policy.tokenizer.batch([text])
        rows = []
        for t in range(len(files)):
            idx = [max(0, t - policy.history + 1 + i) for i in range(policy.history)]
            window = torch.from_numpy(images[idx])[None]
            if continuous:
                with torch.no_grad():
                    arm, grip, _ = policy(policy.preprocess(window), ids, mask)
                chunk = torch.cat([policy.denormalise(arm[0, -1]), (2 * torch.sigmoid(grip[0, -1]) - 1)[:, None]], dim=1).double().numpy()
            else:
                chunk = policy.predict(window, ids, mask)[0].double().numpy()
            for k in range(policy.chunk):
                if t + k < len(files):
                    pred.append(chunk[k])
                    demo.append(actions[t + k])
            rows.append(chunk[0])
        first.append(np.array(rows))
    pred, demo = np.array(pred), np.array(demo)
    return {
        "pairs": len(pred),
        "mse": ((pred - demo) ** 2).mean(0),
        "l1": np.abs(pred - demo).mean(0),
        "gripper": float(((pred[:, -1] > 0) == (demo[:, -1] > 0)).mean()),
        "first": first,
    }


@pytest.mark.parametrize("kind", ["continuous", "discrete"])
def test_cli_replay_matches_pytorch_on_playtable_episodes(kind, exported, data_dir):
    run_dir = exported(kind)
    r = run(["node", CLI, "probe", "replay", str(run_dir), "--data", str(data_dir), "--episodes", "2", "--json"], timeout=120)
    report = json.loads(r.stdout)
    assert report["split"] == str(data_dir / "validation") and report["actionKey"] == "rel_actions"
    ref = python_replay(load(run_dir), str(data_dir / "validation"), 2, kind == "continuous")
    m = report["metrics"]
    assert m["pairs"] == ref["pairs"] and len(report["segments"]) == 2
    assert [d["name"] for d in m["dimensions"]] == ["x", "y", "z", "roll", "pitch", "yaw", "gripper"]
    np.testing.assert_allclose([d["mse"] for d in m["dimensions"]], ref["mse"], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose([d["l1"] for d in m["dimensions"]], ref["l1"], rtol=1e-4, atol=1e-6)
    assert abs(m["gripperAccuracy"] - ref["gripper"]) < 1e-9
    for seg, rows in zip(report["segments"], ref["first"]):
        np.testing.assert_allclose(np.array(seg["predicted"]), rows, atol=1e-4)
    # the replay is not trivially right: the predictions differ from the demonstrations
    assert max(d["mse"] for d in m["dimensions"]) > 1e-4


@pytest.mark.parametrize("kind", ["continuous", "discrete"])
def test_cli_info_and_latency_on_real_exports(kind, exported):
    run_dir = exported(kind)
    info = json.loads(run(["node", CLI, "probe", "info", str(run_dir), "--json"], timeout=60).stdout)
    assert info["manifest"]["actionSpace"] == kind
    assert [o["name"] for o in info["outputs"]] == (["arm", "gripper", "bins"] if kind == "discrete" else ["arm", "gripper"])
    assert info["model"]["parameterCount"] > 10_000
    human = run(["node", CLI, "probe", "info", str(run_dir)], timeout=60).stdout
    assert ("discrete: 32 bins over [-1, 1]" in human) == (kind == "discrete")
    r = subprocess.run(
        ["node", CLI, "probe", "latency", str(run_dir), "--runs", "10", "--warmup", "2", "--json"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode in (0, 3), r.stderr  # 3: too slow for 30 Hz on a loaded CPU, still a measurement
    cpu = json.loads(r.stdout)["results"][0]
    assert cpu["provider"] == "cpu" and cpu["stats"]["runs"] == 10
    assert 0 < cpu["stats"]["p50Ms"] <= cpu["stats"]["p95Ms"] <= cpu["stats"]["p99Ms"]
