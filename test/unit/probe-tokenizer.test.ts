/**
 * The TypeScript instruction tokenizer against Python on the same tricky strings. Until the
 * trainer's tokenizer (python/vlalab/models/tokenizer.py) exists, the reference is the rule set of
 * the probe's test export (test/python/probe_tiny_policy.py: lowercase, [a-z0-9]+ words, bos/eos,
 * truncate, pad); the parity test against the trainer's tokenizer skips, saying so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isUserError } from '../../extension/core/errors';
import { parseTokenizerSpec, tokenize } from '../../extension/core/probe/tokenizer';
import { noTorch, REPO, runPython } from './probe-helpers';

const VOCAB = ['<pad>', '<unk>', '<bos>', '<eos>', 'open', 'the', 'drawer', 'close', 'push', 'red', 'block', 'left', 'right', 'turn', 'on', 'lightbulb', 'slider', 'move', 'to'];
const spec = parseTokenizerSpec({ vocab: VOCAB, max_length: 8, pad: '<pad>', unk: '<unk>', bos: '<bos>', eos: '<eos>' }, 'policy.json');

const TRICKY = [
  '', '   ', 'open the drawer', 'Open THE Drawer!', 'push the red block, to the left.', 'turn\ton\nthe   lightbulb',
  'move-the-slider to the right', "don't push", 'café drawer', 'open the drawer 2x', 'the the the the the the the the the',
  'ＯＰＥＮ the drawer', 'open\u00a0the\u2003drawer', 'İstanbul drawer', 'red_block', '🤖 open 🤖',
];

test('tokenizer rules: special tokens, unknown words, truncation, padding', () => {
  const t = tokenize(spec, 'Open THE wardrobe');
  assert.deepEqual(t.ids, [2, 4, 5, 1, 3, 0, 0, 0]);
  assert.deepEqual(t.mask, [1, 1, 1, 1, 1, 0, 0, 0]);
  assert.deepEqual(t.unknownWords, ['wardrobe']);
  const long = tokenize(spec, 'the '.repeat(20));
  assert.equal(long.ids.length, 8);
  assert.equal(long.truncated, true);
  assert.throws(() => parseTokenizerSpec({ vocab: VOCAB, max_length: 8, pad: '<nope>', unk: '<unk>' }, 'p.json'), (e: unknown) => isUserError(e) && /padding token '<nope>' is not in the vocabulary/.test((e as Error).message));
  assert.throws(() => parseTokenizerSpec({ vocab: VOCAB, pad: 0, unk: 1 }, 'p.json'), (e: unknown) => isUserError(e) && /max_length/.test((e as Error).message));
});

test('TypeScript and the test export\'s Python tokenizer agree on tricky strings', { skip: noTorch() }, () => {
  const py = JSON.parse(runPython(['-c', `
import json, sys, importlib.util
spec = importlib.util.spec_from_file_location("tiny", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
print(json.dumps([m.tokenize(s)[0] for s in json.loads(sys.stdin.read())]))
`, join(REPO, 'test', 'python', 'probe_tiny_policy.py')], JSON.stringify(TRICKY)));
  TRICKY.forEach((s, i) => assert.deepEqual(tokenize(spec, s).ids, py[i], `ids differ for ${JSON.stringify(s)}`));
});

const trainerTokenizer = join(REPO, 'python', 'vlalab', 'models', 'tokenizer.py');
test('TypeScript and the trainer\'s tokenizer agree on tricky strings', {
  skip: existsSync(trainerTokenizer) ? false : `the trainer's tokenizer (${trainerTokenizer}) does not exist yet`,
}, () => {
  // Wired once the trainer's export exists: tokenize TRICKY with vlalab.models.tokenizer built from
  // an exported policy.json's vocabulary, and compare with tokenize(parseTokenizerSpec(...)).
  assert.fail('the trainer tokenizer now exists: connect this parity test to its API (see the probe report)');
});
