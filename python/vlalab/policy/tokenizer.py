"""Instruction tokenizers: the built-in word-level one, and an hf: backbone's own.

`build_tokenizer(spec, instructions)` picks the one the backbone needs and
`tokenizer_from_state_dict(d)` rebuilds it from a checkpoint, so callers never branch. Both have the
same interface: encode(text) → (ids, mask) as lists of max_length, right-padded; batch(texts) →
(ids long, mask bool) tensors; vocab_size; state_dict(); manifest() (what the editor's probe needs).

The built-in word tokenizer's rules (re-implemented identically in TypeScript by extension/core/probe/tokenizer.ts):
  1. lower-case the text (str.lower());
  2. words are the matches of the regular expression [a-z0-9]+ (anything else separates words);
  3. each word maps to its id in the vocabulary, unknown words to <unk> (id 1);
  4. the ids are cut to `max_length` and padded with <pad> (id 0); the mask is 1 for real tokens.
The vocabulary is ["<pad>", "<unk>", *sorted training words]; no begin/end tokens.
"""

import os
import re
import sys

import torch

PAD, UNK = "<pad>", "<unk>"
_WORD = re.compile(r"[a-z0-9]+")


def split_words(text):
    return _WORD.findall(text.lower())


class WordTokenizer:
    def __init__(self, vocab, max_length):
        self.vocab = list(vocab)
        self.max_length = int(max_length)
        self.ids = {w: i for i, w in enumerate(self.vocab)}

    @property
    def vocab_size(self):
        return len(self.vocab)

    @classmethod
    def build(cls, instructions, max_length=None):
        words = sorted({w for text in instructions for w in split_words(text)})
        longest = max((len(split_words(t)) for t in instructions), default=1)
        return cls([PAD, UNK] + words, max_length or min(32, longest + 4))

    def encode(self, text):
        ids = [self.ids.get(w, 1) for w in split_words(text)][: self.max_length]
        mask = [1] * len(ids) + [0] * (self.max_length - len(ids))
        return ids + [0] * (self.max_length - len(ids)), mask

    def batch(self, texts):
        enc = [self.encode(t) for t in texts]
        return torch.tensor([e[0] for e in enc], dtype=torch.long), torch.tensor([e[1] for e in enc], dtype=torch.bool)

    def state_dict(self):
        return {"kind": "word", "vocab": self.vocab, "max_length": self.max_length}

    @classmethod
    def from_state_dict(cls, d):
        return cls(d["vocab"], d["max_length"])

    def manifest(self):
        """The `tokenizer` object of policy.json (what the editor's probe needs)."""
        return {
            "vocab": self.vocab,
            "max_length": self.max_length,
            "pad_id": 0,
            "unk_id": 1,
            "lowercase": True,
            "rules": "lower-case; words = [a-z0-9]+ matches; unknown -> 1; cut to max_length; pad with 0",
        }


class ConfigError(ValueError):
    """A backbone or tokenizer that cannot be set up as the spec asks (a missing package, a directory
    without a tokenizer); the message is one line that says what to do, shown without a traceback."""


def require_transformers(backbone_id):
    """The transformers module, or ConfigError saying what to install."""
    try:
        import transformers
    except ImportError as e:
        missing = isinstance(e, ModuleNotFoundError) and (e.name or "").split(".")[0] == "transformers"
        why = "" if missing else f" (importing it failed: {str(e).splitlines()[0] if str(e) else type(e).__name__})"
        raise ConfigError(
            f"backbone '{backbone_id}' needs the transformers package, which this interpreter ({sys.executable or 'python'}) "
            f"cannot import{why}: install it (pip install transformers) or run with a Python that has it"
        ) from None
    return transformers


def hf_path(spec):
    """Where an hf: backbone's model and tokenizer live: backbone.path, else the id after 'hf:'
    (a leading ~ is the user's home, as the editor's path checks read it)."""
    bb = spec["backbone"]
    path = bb.get("path") or bb["id"][3:]
    return os.path.expanduser(path) if path.startswith("~") else path


class HFTokenizer:
    """An hf: backbone's own tokenizer (AutoTokenizer, else the AutoProcessor's tokenizer, from the
    model's local directory), so the ids fed to the model's embedding table are the ones it was
    trained with. Special tokens (BOS …) are not added here: the backbone puts them where the model's
    processor does (before the image for LLaVA, between image and text for PaliGemma).

    Padding is done here, on the right, with the tokenizer's pad id (else its EOS id, else 0): the
    mask marks the real tokens, so the pad id never reaches attention, and right padding is what the
    data loader's word dropout expects. A checkpoint stores the path and max_length (not a
    vocabulary); rebuilding checks the vocabulary size is still the same."""

    kind = "hf"

    def __init__(self, path, max_length, backbone_id=None, vocab_size=None):
        self.backbone_id = backbone_id or f"hf:{path}"
        transformers = require_transformers(self.backbone_id)
        self.path = path
        self.max_length = int(max_length)
        self.tok = _load_hf_tokenizer(transformers, path)
        ids = [getattr(self.tok, k, None) for k in ("pad_token_id", "eos_token_id")]
        self.pad_id = next((int(i) for i in ids if isinstance(i, int)), 0)
        if vocab_size is not None and int(vocab_size) != self.vocab_size:
            raise ConfigError(
                f"the tokenizer in {path} has {self.vocab_size} tokens but this policy was trained with one of "
                f"{vocab_size}: point the backbone at the model directory it was trained from"
            )
        self._cache = {}

    @property
    def vocab_size(self):
        return len(self.tok)

    @classmethod
    def build(cls, path, instructions, max_length=None, backbone_id=None):
        """max_length: the longest training instruction in the model's tokens + 4 (as the word
        tokenizer leaves room for longer held-out phrasings), at most 64."""
        tok = cls(path, max_length or 1, backbone_id)
        if not max_length:
            longest = max((len(tok.tok(t, add_special_tokens=False)["input_ids"]) for t in set(instructions)), default=1)
            tok.max_length = min(64, longest + 4)
        return tok

    def encode(self, text):
        if text not in self._cache:
            # the instruction's own tokens: the backbone adds BOS (and image tokens) where its processor puts them
            ids = [int(i) for i in self.tok(text, add_special_tokens=False, truncation=True, max_length=self.max_length)["input_ids"]][
                : self.max_length
            ]
            pad = self.max_length - len(ids)
            self._cache[text] = (ids + [self.pad_id] * pad, [1] * len(ids) + [0] * pad)
        ids, mask = self._cache[text]
        return list(ids), list(mask)

    def batch(self, texts):
        enc = [self.encode(t) for t in texts]
        return torch.tensor([e[0] for e in enc], dtype=torch.long), torch.tensor([e[1] for e in enc], dtype=torch.bool)

    def state_dict(self):
        return {"kind": "hf", "backbone": self.backbone_id, "path": self.path, "max_length": self.max_length, "vocab_size": self.vocab_size}

    @classmethod
    def from_state_dict(cls, d):
        return cls(d["path"], d["max_length"], d.get("backbone"), d.get("vocab_size"))

    def manifest(self):
        """None: the editor's probe re-implements only the word tokenizer, not the model's own (BPE,
        SentencePiece …), so policy.json carries no tokenizer and the probe's instruction input is off
        (latency and replay feed an all-padding instruction)."""
        return None


def _load_hf_tokenizer(transformers, path):
    errors = []
    try:
        return transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
    except Exception as e:  # noqa: BLE001 — transformers raises OSError, ValueError, TypeError … for a missing tokenizer
        errors.append(str(e).splitlines()[0] if str(e) else type(e).__name__)
    try:
        tok = getattr(transformers.AutoProcessor.from_pretrained(path, local_files_only=True), "tokenizer", None)
        if tok is not None:
            return tok
    except Exception as e:  # noqa: BLE001
        errors.append(str(e).splitlines()[0] if str(e) else type(e).__name__)
    where = path if os.path.isdir(path) else f"{path} (not a local directory)"
    raise ConfigError(
        f"no tokenizer found in {where}: the hf: backbone tokenizes instructions with its model's own tokenizer, "
        f"so the directory needs the tokenizer files saved with the model (AutoTokenizer: {errors[0]})"
    )


def build_tokenizer(spec, instructions):
    """The tokenizer a new run of `spec` trains with: the hf: model's own, else the word tokenizer
    built on the training instructions."""
    bid = spec["backbone"]["id"]
    if bid.startswith("hf:"):
        return HFTokenizer.build(hf_path(spec), instructions, backbone_id=bid)
    return WordTokenizer.build(instructions)


def tokenizer_from_state_dict(d):
    """The tokenizer a checkpoint was trained with (checkpoints before `kind` hold a word tokenizer)."""
    if d.get("kind") == "hf":
        return HFTokenizer.from_state_dict(d)
    return WordTokenizer.from_state_dict(d)
