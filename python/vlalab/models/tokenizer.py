"""The built-in word-level instruction tokenizer.

Exact rules (extension/core/probe/tokenizer.ts re-implements them; keep both identical):
  1. lower-case the whole text with the language's default Unicode lower-casing (Python
     `str.lower()`, JavaScript `toLowerCase()`);
  2. the words are the maximal runs of ASCII letters and digits, i.e. the matches of the regular
     expression `[a-z0-9]+` on the lower-cased text; everything else (spaces, punctuation,
     apostrophes, hyphens, underscores, non-ASCII letters) separates words — "Don't" → don, t;
  3. each word maps to its index in the vocabulary; a word not in it maps to `<unk>` (id 1);
  4. no begin/end tokens; the ids are cut to `max_length` and padded with `<pad>` (id 0) to
     exactly `max_length`; the attention mask is 1 for the real tokens and 0 for padding.
The vocabulary is ["<pad>", "<unk>", *sorted(set of training words)], built from the training
instructions and saved in every checkpoint and in the exported policy.json.
"""
import re

import torch

PAD, UNK = "<pad>", "<unk>"
PAD_ID, UNK_ID = 0, 1
_WORD = re.compile(r"[a-z0-9]+")
RULES = "lower-case (Unicode default); words = maximal [a-z0-9]+ runs; unknown word -> <unk> (1); no bos/eos; cut to max_length; pad with <pad> (0)"


def split_words(text):
    return _WORD.findall(text.lower())


class WordTokenizer:
    def __init__(self, vocab, max_length):
        if list(vocab[:2]) != [PAD, UNK]:
            raise ValueError("a word vocabulary starts with <pad>, <unk>")
        self.vocab = list(vocab)
        self.max_length = int(max_length)
        self.ids = {w: i for i, w in enumerate(self.vocab)}

    @classmethod
    def build(cls, instructions, max_length=None):
        """Vocabulary from the training instructions; max_length leaves room for longer phrasings."""
        words = sorted({w for text in instructions for w in split_words(text)})
        longest = max((len(split_words(t)) for t in instructions), default=1)
        return cls([PAD, UNK] + words, max_length or min(32, longest + 4))

    def __len__(self):
        return len(self.vocab)

    def encode(self, text):
        """(ids, mask): two lists of exactly max_length ints."""
        ids = [self.ids.get(w, UNK_ID) for w in split_words(text)][: self.max_length]
        pad = self.max_length - len(ids)
        return ids + [PAD_ID] * pad, [1] * len(ids) + [0] * pad

    def batch(self, texts):
        enc = [self.encode(t) for t in texts]
        return (torch.tensor([e[0] for e in enc], dtype=torch.long),
                torch.tensor([e[1] for e in enc], dtype=torch.bool))

    def state_dict(self):
        return {"vocab": self.vocab, "max_length": self.max_length}

    @classmethod
    def from_state_dict(cls, d):
        return cls(d["vocab"], d["max_length"])

    def manifest(self):
        """The `tokenizer` object of policy.json (what the editor's probe reads)."""
        return {"type": "word", "vocab": self.vocab, "max_length": self.max_length, "pad_id": PAD_ID, "unk_id": UNK_ID,
                "lowercase": True, "pattern": "[a-z0-9]+", "rules": RULES}

    @classmethod
    def from_manifest(cls, m):
        return cls(m["vocab"], m["max_length"])
