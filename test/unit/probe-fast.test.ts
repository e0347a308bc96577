/**
 * The probe's FAST decoder on a hand-made tokenizer (chunk 2, one dimension), where the expected
 * actions can be worked out by hand; test/python/test_fast_actions.py compares it with the Python
 * decoder on fitted tokenizers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_TOKENIZER_FORMAT, dctMatrix, decodeFast, parseFastTokenizer } from '../../extension/core/probe/fast';
import { UserError } from '../../extension/core/errors';

// chunk 2 at scale 10: integers -15..15 (radius ⌈10·√2⌉ = 15) are ids 0..30; id 31 merges two zeros
const vocab: Record<string, number> = {};
for (let i = 0; i <= 30; i++) vocab[String.fromCodePoint(256 + i)] = i;
vocab[String.fromCodePoint(256 + 15).repeat(2)] = 31;
const RAW = {
  format: ACTION_TOKENIZER_FORMAT,
  chunk: 2,
  dim: 1,
  scale: 10,
  radius: 15,
  char_base: 256,
  vocab_size: 32,
  eos: 32,
  max_tokens: 2,
  low: [-0.5],
  high: [1.5],
  bpe: { model: { type: 'BPE', vocab, merges: [] } },
};
const tok = parseFastTokenizer(RAW, 'action-tokenizer.json');

test('the DCT matrix is orthonormal', () => {
  const m = dctMatrix(5);
  for (let a = 0; a < 5; a++)
    for (let b = 0; b < 5; b++) {
      let dot = 0;
      for (let t = 0; t < 5; t++) dot += m[a * 5 + t] * m[b * 5 + t];
      assert.ok(Math.abs(dot - (a === b ? 1 : 0)) < 1e-12);
    }
});

test('tokens decode to the actions worked out by hand', () => {
  // a merged token: both coefficients 0 → the middle of [low, high]
  assert.deepEqual(decodeFast(tok, [31, 32]), { actions: [[0.5], [0.5]], wellFormed: true, tokens: 1 });
  // coefficient 0 = 10 / scale = 1, coefficient 1 = 0: x = 1/√2 at both steps → low + (x + 1) / 2 · (high − low)
  const d = decodeFast(tok, [25n, 15n]);
  assert.ok(d.wellFormed);
  for (const [v] of d.actions) assert.ok(Math.abs(v - (-0.5 + (Math.SQRT1_2 + 1))) < 1e-12);
  // coefficient 1 = 1: x = ±1/√2, falling over the chunk
  const e = decodeFast(tok, [15, 25]).actions;
  assert.ok(Math.abs(e[0][0] - (-0.5 + (Math.cos(Math.PI / 4) + 1))) < 1e-12 && e[1][0] < e[0][0]);
});

test('malformed sequences decode without failing, and say so', () => {
  assert.deepEqual(decodeFast(tok, []).actions, [[0.5], [0.5]]); // nothing: all coefficients 0
  assert.equal(decodeFast(tok, []).wellFormed, false);
  const unknown = decodeFast(tok, [99, -1, 31]); // unknown ids skipped
  assert.deepEqual([unknown.actions, unknown.wellFormed], [[[0.5], [0.5]], false]);
  const long = decodeFast(tok, [25, 15, 30, 30]); // cut to chunk × dim
  assert.equal(long.wellFormed, false);
  assert.deepEqual(long.actions, decodeFast(tok, [25, 15]).actions);
  const clipped = decodeFast(tok, [30, 30]).actions; // beyond the range: clipped to high
  assert.ok(clipped.every(([v]) => v <= 1.5 && v >= -0.5));
});

test('a tokenizer file of another format or without a vocabulary is one clear error', () => {
  assert.throws(
    () => parseFastTokenizer({ ...RAW, format: 'other/1' }, 'x.json'),
    (e: unknown) => e instanceof UserError && /format/.test((e as Error).message),
  );
  assert.throws(
    () => parseFastTokenizer({ ...RAW, bpe: {} }, 'x.json'),
    (e: unknown) => e instanceof UserError && /vocabulary/.test((e as Error).message),
  );
  assert.throws(
    () => parseFastTokenizer({ ...RAW, low: [0, 1] }, 'x.json'),
    (e: unknown) => e instanceof UserError && /low/.test((e as Error).message),
  );
});
