"""The built-in word-level instruction tokenizer.

Rules (re-implemented identically in TypeScript by extension/core/probe/tokenizer.ts):
  1. lower-case the text (str.lower());
  2. words are the matches of the regular expression [a-z0-9]+ (anything else separates words);
  3. each word maps to its id in the vocabulary, unknown words to <unk> (id 1);
  4. the ids are cut to `max_length` and padded with <pad> (id 0); the mask is 1 for real tokens.
The vocabulary is ["<pad>", "<unk>", *sorted training words]; no begin/end tokens.
"""
import re

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
        return {"vocab": self.vocab, "max_length": self.max_length}

    @classmethod
    def from_state_dict(cls, d):
        return cls(d["vocab"], d["max_length"])

    def manifest(self):
        """The `tokenizer` object of policy.json (what the editor's probe needs)."""
        return {"vocab": self.vocab, "max_length": self.max_length, "pad_id": 0, "unk_id": 1, "lowercase": True,
                "rules": "lower-case; words = [a-z0-9]+ matches; unknown -> 1; cut to max_length; pad with 0"}
