"""FAST action tokenizer (Pertsch et al. 2025, "FAST: Efficient Action Tokenization for
Vision-Language-Action Models", the tokenizer of π0-FAST).

Binning every dimension of every action of a chunk (RT-2, OpenVLA) spends chunk × dim tokens on
signals that are smooth in time, so consecutive tokens are nearly copies of each other and the
model learns little from predicting them. FAST compresses the chunk first:

  1. normalise each action dimension to [-1, 1] with the training data's 1st and 99th percentiles
     (clipped outside them);
  2. a discrete cosine transform (orthonormal DCT-II) over the chunk, per dimension: a smooth chunk
     puts nearly all of its energy in the first few coefficients;
  3. scale the coefficients (`scale`, the paper's γ = 10) and round them to integers — most of the
     high-frequency ones become 0;
  4. flatten frequency-major (every dimension's coefficient 0, then every dimension's 1, …), so the
     sequence starts with the coarse shape of the whole chunk, and compress the integers with
     byte-pair encoding trained on the dataset's chunks (`vocab_size` tokens; the runs of zeros
     merge into a few tokens).

The BPE is the `tokenizers` library's (Hugging Face) trainer over one string per chunk, each integer
one character; nothing here re-implements BPE. Encoding is lossy only through step 3 (and the
percentile clipping): decode(encode(a)) differs from a by at most 0.5·√chunk / scale per element in
normalised units (the rounding error of each coefficient is ≤ 0.5 / scale and the inverse DCT's rows
have unit norm), in practice ~0.3 / scale RMS.

Decoding never fails: a model can emit sequences that do not spell a whole chunk (the paper's
failure mode, early in training). `decode` reads the tokens up to the end token, skips ids that are
not in the vocabulary, cuts or zero-pads the integers to chunk × dim (a missing high-frequency
coefficient is 0, i.e. smooth), and clips the result to the data's range; `decode_report` says how
many sequences needed that.

The file format (action-tokenizer.json, written into the run folder and beside an export's
policy.json) is described once in schemas/run-layout.json ("actionTokenizer"); the editor's probe
decodes with it in TypeScript (extension/core/probe/fast.ts), and a test keeps both decoders equal.
"""

import json
import math
import os

import numpy as np

from .. import runlayout

FORMAT = runlayout.ACTION_TOKENIZER_FORMAT
FILE = runlayout.ACTION_TOKENIZER
CHAR_BASE = 0x100  # the integers' characters start at U+0100 (no whitespace, no control characters)
PERCENTILES = (1.0, 99.0)  # the paper's normalisation range
FIT_CHUNKS = 20000  # at most this many training chunks (evenly spaced) train the BPE


def dct_matrix(n):
    """The orthonormal DCT-II matrix (n × n): coefficients = M @ x, x = M.T @ coefficients."""
    k = np.arange(n)[:, None]
    t = np.arange(n)[None, :]
    m = np.cos(math.pi * (2 * t + 1) * k / (2 * n)) * math.sqrt(2.0 / n)
    m[0] /= math.sqrt(2.0)
    return m


def radius(chunk, scale):
    """The largest |integer| a chunk can produce: a normalised chunk has |x| ≤ 1 per element, so
    each orthonormal coefficient is at most √chunk."""
    return int(math.ceil(scale * math.sqrt(chunk)))


def alphabet_size(chunk, scale):
    return 2 * radius(chunk, scale) + 1


def require_tokenizers():
    try:
        import tokenizers
    except ImportError:
        from .tokenizer import ConfigError

        raise ConfigError(
            "the FAST action tokenizer needs the tokenizers package (pip install tokenizers; python/pyproject.toml pins it)"
        ) from None
    return tokenizers


class FastTokenizer:
    def __init__(self, chunk, dim, scale, vocab_size, low, high, bpe_json, max_tokens):
        self.chunk, self.dim, self.scale = int(chunk), int(dim), float(scale)
        self.vocab_size = int(vocab_size)
        self.radius = radius(self.chunk, self.scale)
        self.low = np.asarray(low, dtype=np.float64)
        self.high = np.asarray(high, dtype=np.float64)
        self.max_tokens = int(max_tokens)
        tk = require_tokenizers()
        self.bpe_json = bpe_json if isinstance(bpe_json, str) else json.dumps(bpe_json)
        self.bpe = tk.Tokenizer.from_str(self.bpe_json)
        vocab = self.bpe.get_vocab()
        self.n_tokens = len(vocab)  # ≤ vocab_size; ids ≥ n_tokens are never produced
        self.strings = [""] * self.n_tokens
        for s, i in vocab.items():
            self.strings[i] = s
        self.matrix = dct_matrix(self.chunk)

    @property
    def eos(self):
        """The end-of-actions id: after the vocabulary's vocab_size slots (the model has vocab_size + 1 outputs)."""
        return self.vocab_size

    # ---- fitting -----------------------------------------------------------------------------------
    @classmethod
    def fit(cls, chunks, scale, vocab_size):
        """Fits the normalisation and the BPE on training chunks (N, chunk, dim) in env units.
        Deterministic: the same chunks give the same vocabulary."""
        chunks = np.asarray(chunks, dtype=np.float64)
        if chunks.ndim != 3 or len(chunks) == 0:
            raise ValueError("FAST needs training action chunks (N, chunk, dim)")
        n, chunk, dim = chunks.shape
        if len(chunks) > FIT_CHUNKS:
            chunks = chunks[np.linspace(0, n - 1, FIT_CHUNKS).astype(np.int64)]
        flat = chunks.reshape(-1, dim)
        low, high = np.percentile(flat, PERCENTILES[0], axis=0), np.percentile(flat, PERCENTILES[1], axis=0)
        need = alphabet_size(chunk, scale)
        if vocab_size < need:
            from .tokenizer import ConfigError

            raise ConfigError(
                f"action.fast.vocab_size {vocab_size} is smaller than the {need} integers a chunk of {chunk} can "
                f"produce at scale {scale}: raise vocab_size to at least {need}, or lower action.fast.scale"
            )
        tk = require_tokenizers()
        bpe = tk.Tokenizer(tk.models.BPE())
        alphabet = [chr(CHAR_BASE + i) for i in range(need)]
        trainer = tk.trainers.BpeTrainer(
            vocab_size=int(vocab_size), initial_alphabet=alphabet, limit_alphabet=need, show_progress=False, special_tokens=[]
        )
        proto = cls(chunk, dim, scale, vocab_size, low, high, _empty_bpe(alphabet), chunk * dim)
        strings = proto.to_strings(chunks)
        bpe.train_from_iterator(strings, trainer=trainer, length=len(strings))
        fitted = cls(chunk, dim, scale, vocab_size, low, high, bpe.to_str(), chunk * dim)
        longest = max(len(ids) for ids in fitted.encode(chunks))
        # room for longer chunks than the training set's longest, never more than one token per integer
        fitted.max_tokens = min(chunk * dim, longest + max(2, longest // 4))
        return fitted

    # ---- encoding ----------------------------------------------------------------------------------
    def normalise(self, a):
        span = np.where(self.high - self.low > 1e-8, self.high - self.low, 1.0)
        return np.clip(2 * (a - self.low) / span - 1, -1.0, 1.0)

    def denormalise(self, x):
        span = np.where(self.high - self.low > 1e-8, self.high - self.low, 0.0)
        return self.low + (np.clip(x, -1.0, 1.0) + 1) / 2 * span

    def quantise(self, chunks):
        """(N, chunk, dim) env units → integers (N, chunk·dim), frequency-major."""
        x = self.normalise(np.asarray(chunks, dtype=np.float64))
        coef = np.einsum("kt,ntd->nkd", self.matrix, x)
        q = np.clip(np.rint(coef * self.scale), -self.radius, self.radius).astype(np.int64)
        return q.reshape(len(q), -1)

    def to_strings(self, chunks):
        q = self.quantise(chunks) + self.radius + CHAR_BASE
        return ["".join(map(chr, row)) for row in q]

    def encode(self, chunks):
        """(N, chunk, dim) env units → N lists of token ids (no end token)."""
        return [e.ids for e in self.bpe.encode_batch(self.to_strings(chunks))]

    # ---- decoding ----------------------------------------------------------------------------------
    def integers(self, ids):
        """One token sequence → (integers (chunk·dim,), whether the sequence was well formed)."""
        chars, ok = [], True
        for i in ids:
            i = int(i)
            if i == self.eos:
                break
            if 0 <= i < self.n_tokens:
                chars.append(self.strings[i])
            else:
                ok = False  # an id the vocabulary does not have: skipped
        q = np.array([ord(c) - CHAR_BASE - self.radius for c in "".join(chars)], dtype=np.int64)
        n = self.chunk * self.dim
        ok = ok and len(q) == n
        out = np.zeros(n, dtype=np.int64)
        out[: min(n, len(q))] = q[:n]
        return np.clip(out, -self.radius, self.radius), ok

    def decode_report(self, sequences):
        """Token sequences (N lists or an (N, L) array) → (actions (N, chunk, dim) env units, float64;
        well-formed flags (N,))."""
        qs, oks = zip(*(self.integers(s) for s in sequences)) if len(sequences) else ((), ())
        q = np.array(qs, dtype=np.float64).reshape(-1, self.chunk, self.dim) / self.scale
        x = np.einsum("kt,nkd->ntd", self.matrix, q)
        return self.denormalise(x), np.array(oks, dtype=bool)

    def decode(self, sequences):
        return self.decode_report(sequences)[0]

    # ---- persistence -------------------------------------------------------------------------------
    def state_dict(self):
        """The action-tokenizer.json object (format: schemas/run-layout.json "actionTokenizer")."""
        return {
            "format": FORMAT,
            "chunk": self.chunk,
            "dim": self.dim,
            "scale": self.scale,
            "radius": self.radius,
            "char_base": CHAR_BASE,
            "vocab_size": self.vocab_size,
            "eos": self.eos,
            "max_tokens": self.max_tokens,
            "low": self.low.tolist(),
            "high": self.high.tolist(),
            "bpe": json.loads(self.bpe_json),
        }

    @classmethod
    def from_state_dict(cls, d):
        if d.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} action tokenizer (format {d.get('format')!r})")
        return cls(d["chunk"], d["dim"], d["scale"], d["vocab_size"], d["low"], d["high"], d["bpe"], d["max_tokens"])

    def save(self, directory):
        """Writes action-tokenizer.json into `directory` (temporary name, then renamed)."""
        path = os.path.join(directory, FILE)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(self.state_dict(), f, ensure_ascii=False)
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, path):
        with open(path, encoding="utf-8") as f:
            return cls.from_state_dict(json.load(f))


def _empty_bpe(alphabet):
    """A BPE over the alphabet with no merges (what the string conversion needs before training)."""
    tk = require_tokenizers()
    return tk.Tokenizer(tk.models.BPE(vocab={c: i for i, c in enumerate(alphabet)}, merges=[])).to_str()


def uses_fast(spec):
    """Whether a policy of `spec` predicts FAST tokens: discrete actions with action.tokenizer "fast",
    or knowledge insulation (the backbone learns from FAST tokens while a flow/diffusion head acts)."""
    act = spec["action"]
    discrete = spec["policy"]["action_space"] == "discrete"
    return (discrete and act.get("tokenizer") == "fast") or (not discrete and bool(act.get("knowledge_insulation")))


def fit_for_spec(spec, chunks):
    f = spec["action"]["fast"]
    return FastTokenizer.fit(chunks, f["scale"], f["vocab_size"])


def baseline_tokens(chunk, dim):
    """Tokens per chunk of naive binning (RT-2 / OpenVLA, the discrete path's `bins`): one per element."""
    return chunk * dim
