"""FAST action tokens (Pertsch et al. 2025) and knowledge insulation (Driess et al. 2025):

* encode → decode of Playtable chunks stays within the quantisation error the scale allows, and
  compresses them (fewer tokens than binning's chunk × dim);
* the BPE vocabulary is a function of the data (fitted twice: the same file);
* malformed token sequences (the paper's failure mode) decode to in-range chunks, never an error;
* the probe's TypeScript decoder gives the Python decoder's actions (1e-5) on valid and malformed
  sequences, and the whole probe (onnxruntime-node + the TS decoder) gives PyTorch's predicted chunk;
* a FAST policy trains from a spec (tokenizer fitted and saved in the run folder and the checkpoint);
* knowledge insulation: the backbone's gradient comes from the token loss only, never from the
  flow expert's loss (which does reach it without insulation)."""

import json
import os
import subprocess
import types

import numpy as np
import pytest
import torch
from test_trainer import ENV, PY, TASKS, make_spec, validate_events
from ts_tools import ROOT
from vlalab.policy import build_policy
from vlalab.policy.fast import FILE, FastTokenizer, alphabet_size
from vlalab.policy.tokenizer import WordTokenizer
from vlalab.sim.instructions import training_phrasings
from vlalab.trainer import checkpoint as ckpt
from vlalab.trainer.data import Segments, WindowDataset
from vlalab.trainer.loop import training_chunks
from vlalab.trainer.spec import SpecError, check_builtin, with_defaults

CHUNK = 8


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    from vlalab.sim.dataset_writer import generate_dataset

    d = str(tmp_path_factory.mktemp("playtable"))
    generate_dataset(d, TASKS, 3, 32, seed=0, split="training")
    return d


@pytest.fixture(scope="module")
def chunks(data_dir, tmp_path_factory):
    """Every training window's chunk of Playtable actions, as the trainer fits the tokenizer on them."""
    seg = Segments(data_dir, "training", ["static"], 32, TASKS, cache_dir=str(tmp_path_factory.mktemp("cache")))
    stage = types.SimpleNamespace(data=WindowDataset([seg], 1, CHUNK, WordTokenizer.build(["x"])))
    return training_chunks([stage], CHUNK)


def test_round_trip_stays_within_the_quantisation_error_and_compresses(chunks):
    for scale in (10, 30):
        tok = FastTokenizer.fit(chunks, scale, 256)
        ids = tok.encode(chunks)
        decoded, ok = tok.decode_report(ids)
        assert ok.all()
        inside = np.all((chunks >= tok.low) & (chunks <= tok.high), axis=(1, 2))  # outside the 1st/99th percentiles FAST clips
        assert inside.mean() > 0.5
        span = (tok.high - tok.low) / 2  # env units per normalised unit
        err = np.abs(decoded - chunks)[inside]
        bound = 0.5 * np.sqrt(CHUNK) / scale * span  # per element, from the rounding of each coefficient
        assert np.all(err <= bound + 1e-9), (scale, (err / np.maximum(bound, 1e-12)).max())
        rms = np.sqrt(((err / np.where(span > 0, span, 1)) ** 2).mean())
        assert rms < 0.5 / scale  # ~0.29 / scale expected for uniform rounding
        lengths = np.array([len(i) for i in ids])
        # fewer tokens than binning's one per element, and the end token still fits in max_tokens
        assert lengths.mean() < CHUNK * 7 and lengths.max() <= tok.max_tokens <= CHUNK * 7
        if scale == 10:
            coarse = err.max()
    assert err.max() < coarse  # a larger scale keeps more detail


def test_bpe_vocabulary_is_deterministic(chunks, tmp_path):
    a = FastTokenizer.fit(chunks, 10, 200)
    b = FastTokenizer.fit(chunks, 10, 200)
    assert a.state_dict() == b.state_dict()
    assert alphabet_size(CHUNK, 10) <= a.n_tokens <= 200
    # saved and loaded: the same tokenizer
    c = FastTokenizer.load(a.save(str(tmp_path)))
    assert c.state_dict() == a.state_dict() and c.encode(chunks[:50]) == a.encode(chunks[:50])


def malformed(tok, chunks):
    rng = np.random.default_rng(0)
    good = tok.encode(chunks[:6])
    return (
        [
            [],
            [tok.eos],
            good[0] + [tok.eos] + [5, 6, 7],  # empty, only the end, tokens after the end (ignored)
            good[1][: len(good[1]) // 2],  # cut short: the low frequencies only
            good[2] * 3,  # too long: cut
            [int(i) for i in rng.integers(-5, tok.vocab_size + 6, 40)],  # random ids, some outside the vocabulary
            [tok.n_tokens + 1, 10**9, -1] + good[3],  # unknown ids skipped
        ]
        + good
    )


def test_malformed_sequences_decode_in_range_without_error(chunks):
    tok = FastTokenizer.fit(chunks, 10, 256)
    seqs = malformed(tok, chunks)
    out, ok = tok.decode_report(seqs)
    assert out.shape == (len(seqs), CHUNK, 7) and np.isfinite(out).all()
    assert np.all(out >= tok.low - 1e-9) and np.all(out <= tok.high + 1e-9)
    assert list(ok[:7]) == [False, False, True, False, False, False, False] and ok[7:].all()
    # frequency-major order: half the tokens give the coarse chunk, nearer than no tokens at all
    half, none = out[3], tok.decode([[]])[0]
    assert np.abs(half - chunks[1]).mean() < np.abs(none - chunks[1]).mean()


def run_fast_tools(request):
    r = subprocess.run(
        ["node", "--import", "tsx", os.path.join("test", "python", "helpers", "fast_tools.ts")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_typescript_decoder_gives_the_python_actions(chunks, tmp_path):
    tok = FastTokenizer.fit(chunks, 10, 256)
    path = tok.save(str(tmp_path))
    seqs = malformed(tok, chunks)
    expected, ok = tok.decode_report(seqs)
    got = run_fast_tools({"tokenizer": path, "sequences": seqs})["decoded"]
    assert [g["wellFormed"] for g in got] == ok.tolist()
    np.testing.assert_allclose(np.array([g["actions"] for g in got]), expected, atol=1e-5, rtol=0)


def fast_spec(**action):
    return with_defaults(
        {
            "name": "fast",
            "backbone": {"id": "tiny-prefix", "size": "nano"},
            "policy": {"formulation": "one-step", "action_space": "discrete", "chunk": CHUNK},
            "observation": {"image_size": 32, "patch_size": 16, "cameras": ["static"]},
            "action": {"tokenizer": "fast", "fast": {"vocab_size": 256}, **action},
            "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
        }
    )


def test_exported_fast_policy_decodes_in_the_probe_as_in_pytorch(chunks, tmp_path):
    from vlalab.trainer.export_onnx import export

    torch.manual_seed(0)
    spec = fast_spec()
    act = FastTokenizer.fit(chunks, 10, 256)
    act.max_tokens = 4  # a short unrolled decode keeps the export quick
    tok = WordTokenizer.build(training_phrasings("open_drawer"))
    stats = {"mean": [0.0] * 6, "std": [1.0] * 6, "min": [-1.0] * 6, "max": [1.0] * 6}
    policy = build_policy(spec, tok, stats, act)
    with torch.no_grad():  # spread the weights: a fresh model would pick the end token at once
        for p in policy.parameters():
            p.add_(0.3 * torch.randn_like(p))
    run_dir = str(tmp_path / "run")
    ckpt.save(
        run_dir,
        1,
        {
            "model": policy.state_dict(),
            "tokenizer": tok.state_dict(),
            "stats": stats,
            "spec": spec,
            "step": 1,
            "action_tokenizer": act.state_dict(),
        },
        final=True,
    )
    onnx_path = export(run_dir)
    out_dir = os.path.dirname(onnx_path)
    manifest = json.load(open(os.path.join(out_dir, "policy.json")))
    assert manifest["action_tokenizer"] == FILE and os.path.exists(os.path.join(out_dir, FILE))
    assert manifest["outputs"] == [{"name": "action_tokens", "dtype": "int64", "shape": [1, 4], "role": "action_tokens"}]
    g = torch.Generator().manual_seed(1)
    image = torch.randint(0, 256, (32, 32, 3), generator=g, dtype=torch.uint8)
    ids, mask = tok.batch(["open the drawer"])
    policy.eval()
    with torch.no_grad():
        tokens = policy.decode_fast(policy.preprocess(image.view(1, 1, 1, 32, 32, 3)), ids, mask)
        want = policy.predict(image.view(1, 1, 1, 32, 32, 3), ids, mask)[0].numpy()
    assert (tokens[0] != act.eos).sum() >= 2  # the probe decodes real tokens, not just an end
    got = run_fast_tools(
        {
            "probe": {
                "dir": out_dir,
                "image": {"data": image.flatten().tolist(), "height": 32, "width": 32},
                "instruction": "open the drawer",
            }
        }
    )["probe"]["chunk"]
    np.testing.assert_allclose(np.array(got), want, atol=1e-5, rtol=0)


def test_a_fast_policy_trains_from_a_spec(data_dir, tmp_path):
    run = str(tmp_path / "run")
    os.makedirs(run)
    spec = make_spec(
        data_dir,
        policy={"formulation": "one-step", "action_space": "discrete", "chunk": 4, "head": {"type": "mlp"}},
        action={"tokenizer": "fast", "fast": {"vocab_size": 128}},
        train={"log_every": 4},
        eval=[{"benchmark": "playtable", "chains": 2, "chain_length": 1, "max_steps": 6, "execution": "ensemble", "delay": 1}],
    )
    with open(os.path.join(run, "spec.json"), "w") as f:
        json.dump(spec, f)
    r = subprocess.run(
        [PY, "-m", "vlalab", "train", "--spec", os.path.join(run, "spec.json"), "--run-dir", run],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert "FAST action tokenizer" in r.stdout
    saved = FastTokenizer.load(os.path.join(run, FILE))
    state = ckpt.load(ckpt.final(run))
    assert state["action_tokenizer"] == saved.state_dict() and saved.chunk == 4 and saved.dim == 7
    with open(os.path.join(run, "events.jsonl")) as f:
        events = [json.loads(line) for line in f]
    losses = [e["value"] for e in events if e.get("type") == "scalar" and e.get("name") == "train/loss_tokens"]
    assert len(losses) == 3 and losses[-1] < losses[0]
    assert any(e.get("name") == "train/acc_gripper" for e in events)  # the health alarms read it
    # evaluated (FAST decoding, ensembled with a delay): the execution settings are in the event's protocol
    assert validate_events(os.path.join(run, "events.jsonl")) == []
    p = next(e for e in events if e["type"] == "eval_result")["protocol"]
    assert (p["execution"], p["delay"], p["ensemble_decay"]) == ("ensemble", 1, 0.01)


def ki_policy(knowledge_insulation, chunks, token_weight=None):
    torch.manual_seed(0)
    weight = {} if token_weight is None else {"token_weight": token_weight}
    spec = with_defaults(
        {
            "name": "ki",
            "backbone": {"id": "tiny-prefix", "size": "nano"},
            "policy": {"formulation": "one-step", "chunk": CHUNK, "head": {"type": "flow", "hidden": 32, "layers": 1}},
            "observation": {"image_size": 32, "patch_size": 16, "cameras": ["static"]},
            "action": {"knowledge_insulation": knowledge_insulation, "fast": {"vocab_size": 256}, **weight},
            "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
        }
    )
    tok = WordTokenizer.build(training_phrasings("open_drawer"))
    stats = {"mean": [0.0] * 6, "std": [0.3] * 6, "min": [-1.0] * 6, "max": [1.0] * 6}
    return build_policy(spec, tok, stats, FastTokenizer.fit(chunks, 10, 256)).eval()  # eval: no dropout, same passes


def grads(policy, loss):
    policy.zero_grad(set_to_none=False)
    loss.backward()
    return {n: p.grad.clone() for n, p in policy.named_parameters() if p.grad is not None}


def ki_batch(chunks):
    g = torch.Generator().manual_seed(0)
    ids, mask = WordTokenizer.build(training_phrasings("open_drawer")).batch(["open the drawer"] * 4)
    return {
        "images": torch.randint(0, 256, (4, 1, 1, 32, 32, 3), generator=g, dtype=torch.uint8),
        "ids": ids,
        "mask": mask,
        "actions": torch.from_numpy(chunks[:4]).float().unsqueeze(1),
        "action_mask": torch.ones(4, 1, CHUNK, dtype=torch.bool),
    }


def token_loss(policy, batch):
    return policy.fast_token_loss(policy.preprocess(batch["images"]), batch["ids"], batch["mask"], batch["actions"][:, -1])[0]


def test_knowledge_insulation_stops_the_experts_gradient_at_the_backbone(chunks):
    batch = ki_batch(chunks)
    policy = ki_policy(True, chunks)
    out = policy.loss(batch)
    assert {"loss_tokens", "acc_token", "loss_arm"} <= set(out)
    total = grads(policy, out["loss"])
    tokens_only = grads(policy, token_loss(policy, batch))
    backbone = [n for n in total if n.startswith("backbone.")]
    head = [n for n in total if n.startswith("head.")]
    assert backbone and head
    # the backbone's gradient is the token loss's alone; the expert learns from its own loss
    for n in backbone:
        torch.testing.assert_close(total[n], tokens_only[n], atol=1e-6, rtol=1e-5)
    assert sum(float(total[n].abs().sum()) for n in backbone) > 0
    assert all(float(tokens_only[n].abs().sum()) == 0 for n in head) and sum(float(total[n].abs().sum()) for n in head) > 0
    # without insulation the flow loss alone reaches the backbone
    plain = ki_policy(False, chunks)
    flow_only = grads(plain, plain.loss(batch)["loss"])
    assert sum(float(flow_only[n].abs().sum()) for n in backbone if n in flow_only) > 0


def test_the_token_weight_scales_the_token_losss_gradient_to_the_backbone(chunks):
    """action.token_weight multiplies the backbone's gradient (the token loss's, the only one it gets)
    and leaves the expert's gradient as it was."""
    batch = ki_batch(chunks)

    def step(weight):
        policy = ki_policy(True, chunks, token_weight=weight)
        torch.manual_seed(1)  # the expert's noise and times: the same draws for every weight
        out = policy.loss(batch)
        total = grads(policy, out["loss"])
        return policy, out, total, grads(policy, token_loss(policy, batch))

    plain, out_1, total_1, _ = step(None)  # the schema's default: 1
    assert plain.token_weight == 1.0
    for weight in (0.25, 4.0):
        policy, out, total, tokens = step(weight)
        backbone = [n for n in total if n.startswith("backbone.")]
        assert backbone and sum(float(tokens[n].abs().sum()) for n in backbone) > 0
        for n in backbone:
            torch.testing.assert_close(total[n], weight * tokens[n], atol=1e-6, rtol=1e-5)
        for n in (n for n in total if n.startswith("head.")):
            torch.testing.assert_close(total[n], total_1[n], atol=1e-6, rtol=1e-5)
        # the logged token loss is the unweighted one; the total weighs it
        torch.testing.assert_close(out["loss_tokens"], out_1["loss_tokens"])
        torch.testing.assert_close(out["loss"] - weight * out["loss_tokens"], out_1["loss"] - out_1["loss_tokens"], atol=1e-5, rtol=1e-5)


@pytest.mark.parametrize(
    "policy,action,message",
    [
        ({"action_space": "discrete", "chunk": 1}, {"tokenizer": "fast"}, "policy.chunk is 1"),
        ({"action_space": "discrete", "chunk": 8}, {"tokenizer": "fast", "fast": {"vocab_size": 16}}, "at least 59"),
        ({"chunk": 8, "head": {"type": "mlp"}}, {"knowledge_insulation": True}, "head 'flow' or 'diffusion'"),
    ],
)
def test_the_trainer_refuses_what_fast_and_insulation_cannot_do(policy, action, message):
    spec = with_defaults(
        {
            "name": "x",
            "backbone": {"id": "tiny-prefix", "size": "nano"},
            "policy": {"formulation": "one-step", **policy},
            "action": action,
            "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
        }
    )
    with pytest.raises(SpecError, match=message):
        check_builtin(spec)


def test_a_fast_policy_fits_a_batch_and_decodes_what_it_learned(data_dir, tmp_path):
    """Wired end to end: on one fixed batch the LM learns the FAST tokens exactly, greedy decoding
    reproduces them (every sequence well formed) and the decoded chunk is the demonstrated one up
    to the quantisation."""
    torch.manual_seed(0)
    torch.set_num_threads(1)
    seg = Segments(data_dir, "training", ["static"], 32, TASKS, cache_dir=str(tmp_path))
    tok = WordTokenizer.build([t for t, *_ in seg.segments])
    ds = WindowDataset([seg], 1, 4, tok)
    fast = FastTokenizer.fit(training_chunks([types.SimpleNamespace(data=ds)], 4), 10, 128)
    batch = ds.batch(np.linspace(0, len(ds) - 1, 12).astype(np.int64))
    spec = with_defaults(
        {
            "name": "fit",
            "backbone": {"id": "tiny-prefix", "size": "nano"},
            "policy": {"formulation": "one-step", "action_space": "discrete", "chunk": 4},
            "observation": {"image_size": 32, "patch_size": 8, "cameras": ["static"]},
            "action": {"tokenizer": "fast", "fast": {"vocab_size": 128}},
            "data": {"stages": [{"datasets": [{"type": "playtable"}], "steps": 1}]},
        }
    )
    policy = build_policy(spec, tok, {"mean": [0.0] * 6, "std": [1.0] * 6, "min": [-1.0] * 6, "max": [1.0] * 6}, fast)
    opt = torch.optim.AdamW(policy.parameters(), lr=1e-3)
    for _ in range(150):
        out = policy.loss(batch)
        opt.zero_grad()
        out["loss"].backward()
        opt.step()
    assert float(out["acc_token"]) == 1.0
    policy.eval()
    target = batch["actions"][:, -1]
    with torch.no_grad():
        tokens = policy.decode_fast(policy.preprocess(batch["images"]), batch["ids"], batch["mask"])
        pred = policy.predict(batch["images"], batch["ids"], batch["mask"])
    assert fast.decode_report(tokens.numpy())[1].all()
    assert [list(r[r != fast.eos]) for r in tokens.numpy()] == fast.encode(target.numpy())
    expected = torch.from_numpy(fast.decode(fast.encode(target.numpy()))).float()
    torch.testing.assert_close(pred[..., :-1], expected[..., :-1], atol=1e-5, rtol=0)
