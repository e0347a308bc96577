"""The built-in word-level instruction tokenizer.

Exact rules (extension/core/probe/tokenizer.ts re-implements them; both must give the same ids —
test/python/test_policies.py runs both on tricky strings):
  1. the text is lower-cased (Python `str.lower()`, JavaScript `toLowerCase()`);
  2. words are the maximal runs of ASCII letters and digits: regex `[a-z0-9]+` (everything else —
     spaces, punctuation, accents, other scripts — separates words and is dropped);
  3. each word maps to its id in the vocabulary; a word not in it maps to `<unk>` (id 1);
  4. no begin/end tokens; the ids are cut to `max_length` and right-padded with `<pad>` (id 0);
     the attention mask is 1 for real tokens and 0 for padding.
The vocabulary is `["<pad>", "<unk>"]` followed by every word of the training instructions in
sorted order; `max_length` is the longest training instruction + 4. Both are built once from the
training data and saved with every checkpoint (and into policy.json, the list index being the id).
"""
import re

import torch

PAD, UNK = "<pad>", "<unk>"
WORD = re.compile(r"[a-z0-9]+")


def split_words(text):
    return WORD.findall(str(text).lower())


class WordTokenizer:
    def __init__(self, vocab, max_length):
        if list(vocab[:2]) != [PAD, UNK]:
            raise ValueError("a tokenizer vocabulary starts with <pad>, <unk>")
        self.vocab = list(vocab)
        self.max_length = int(max_length)
        self.index = {w: i for i, w in enumerate(self.vocab)}

    @classmethod
    def build(cls, instructions, max_length=None):
        words = sorted({w for text in instructions for w in split_words(text)})
        longest = max((len(split_words(t)) for t in instructions), default=1)
        # a little room for longer paraphrases at evaluation time
        return cls([PAD, UNK] + words, max_length or max(4, longest + 4))

    pad_id, unk_id = 0, 1

    def __len__(self):
        return len(self.vocab)

    def encode(self, text):
        ids = [self.index.get(w, 1) for w in split_words(text)][: self.max_length]
        mask = [1] * len(ids)
        pad = self.max_length - len(ids)
        return ids + [0] * pad, mask + [0] * pad

    def encode_batch(self, texts):
        pairs = [self.encode(t) for t in texts]
        ids = torch.tensor([p[0] for p in pairs], dtype=torch.long).view(len(pairs), self.max_length)
        mask = torch.tensor([p[1] for p in pairs], dtype=torch.bool).view(len(pairs), self.max_length)
        return ids, mask

    def state(self):
        return {"vocab": self.vocab, "max_length": self.max_length}

    @classmethod
    def from_state(cls, state):
        return cls(state["vocab"], state["max_length"])

    def manifest(self):
        """The `tokenizer` object of policy.json (read by extension/core/probe/tokenizer.ts)."""
        return {"type": "word", "vocab": self.vocab, "max_length": self.max_length, "pad": PAD, "unk": UNK,
                "pad_id": 0, "unk_id": 1, "lowercase": True, "pattern": "[a-z0-9]+",
                "bos": None, "eos": None, "padding_side": "right"}
