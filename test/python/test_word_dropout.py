"""Instruction word dropout (train.word_dropout): a training-time augmentation for held-out phrasings."""

import numpy as np
from vlalab.policy.tokenizer import WordTokenizer
from vlalab.trainer.data import drop_words


def test_drop_words_keeps_order_and_at_least_one_word():
    tok = WordTokenizer.build(["pull the drawer open"], max_length=8)
    ids, mask = tok.encode("pull the drawer open")
    rng = np.random.default_rng(0)
    seen = set()
    for _ in range(300):
        out, m = drop_words(ids, mask, 0.5, rng)
        n = sum(m)
        assert 1 <= n <= 4 and len(out) == len(ids) == len(m)
        assert out[n:] == [0] * (len(ids) - n) and m[:n] == [1] * n
        words = [tok.vocab[i] for i in out[:n]]
        order = ["pull", "the", "drawer", "open"]
        assert [order.index(w) for w in words] == sorted(order.index(w) for w in words)  # order kept
        seen.add(" ".join(words))
    assert "pull the drawer" in seen  # the held-out phrasing of open_drawer is one of the variants
    assert "pull the drawer open" in seen  # and the full instruction still appears


def test_drop_words_zero_probability_is_identity_and_same_rng_same_result():
    tok = WordTokenizer.build(["close the drawer"], max_length=6)
    ids, mask = tok.encode("close the drawer")
    assert drop_words(ids, mask, 0.0, np.random.default_rng(1)) == (ids, mask)
    a = drop_words(ids, mask, 0.4, np.random.default_rng([0, 17, 5, 0]))
    b = drop_words(ids, mask, 0.4, np.random.default_rng([0, 17, 5, 0]))
    assert a == b
