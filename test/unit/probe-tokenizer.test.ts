/**
 * The TypeScript instruction tokenizer against Python on the same tricky strings. Until the
 * trainer's tokenizer is checked too (python/vlalab/policy/tokenizer.py), the reference is the rule set of
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

const VOCAB = [
  '<pad>',
  '<unk>',
  '<bos>',
  '<eos>',
  'open',
  'the',
  'drawer',
  'close',
  'push',
  'red',
  'block',
  'left',
  'right',
  'turn',
  'on',
  'lightbulb',
  'slider',
  'move',
  'to',
];
const spec = parseTokenizerSpec({ vocab: VOCAB, max_length: 8, pad: '<pad>', unk: '<unk>', bos: '<bos>', eos: '<eos>' }, 'policy.json');

const TRICKY = [
  '',
  '   ',
  'open the drawer',
  'Open THE Drawer!',
  'push the red block, to the left.',
  'turn\ton\nthe   lightbulb',
  'move-the-slider to the right',
  "don't push",
  'café drawer',
  'open the drawer 2x',
  'the the the the the the the the the',
  'ＯＰＥＮ the drawer',
  'open\u00a0the\u2003drawer',
  'İstanbul drawer',
  'red_block',
  '🤖 open 🤖',
];

test('tokenizer rules: special tokens, unknown words, truncation, padding', () => {
  const t = tokenize(spec, 'Open THE wardrobe');
  assert.deepEqual(t.ids, [2, 4, 5, 1, 3, 0, 0, 0]);
  assert.deepEqual(t.mask, [1, 1, 1, 1, 1, 0, 0, 0]);
  assert.deepEqual(t.unknownWords, ['wardrobe']);
  const long = tokenize(spec, 'the '.repeat(20));
  assert.equal(long.ids.length, 8);
  assert.equal(long.truncated, true);
  assert.throws(
    () => parseTokenizerSpec({ vocab: VOCAB, max_length: 8, pad: '<nope>', unk: '<unk>' }, 'p.json'),
    (e: unknown) => isUserError(e) && /padding token '<nope>' is not in the vocabulary/.test((e as Error).message),
  );
  assert.throws(
    () => parseTokenizerSpec({ vocab: VOCAB, pad: 0, unk: 1 }, 'p.json'),
    (e: unknown) => isUserError(e) && /max_length/.test((e as Error).message),
  );
});

test("TypeScript and the test export's Python tokenizer agree on tricky strings", { skip: noTorch() }, () => {
  const py = JSON.parse(
    runPython(
      [
        '-c',
        `
import json, sys, importlib.util
spec = importlib.util.spec_from_file_location("tiny", sys.argv[1])
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
print(json.dumps([m.tokenize(s)[0] for s in json.loads(sys.stdin.read())]))
`,
        join(REPO, 'test', 'python', 'probe_tiny_policy.py'),
      ],
      JSON.stringify(TRICKY),
    ),
  );
  TRICKY.forEach((s, i) => assert.deepEqual(tokenize(spec, s).ids, py[i], `ids differ for ${JSON.stringify(s)}`));
});

const trainerTokenizer = join(REPO, 'python', 'vlalab', 'policy', 'tokenizer.py');
test(
  "TypeScript and the trainer's tokenizer agree on tricky strings",
  {
    skip: noTorch() || (existsSync(trainerTokenizer) ? false : `the trainer's tokenizer (${trainerTokenizer}) is missing`),
  },
  () => {
    // The trainer's WordTokenizer, built from training phrasings, exported through its manifest() —
    // exactly what policy.json carries — then both sides tokenise the same strings.
    const out = JSON.parse(
      runPython(
        [
          '-c',
          `
import json, sys
sys.path.insert(0, sys.argv[1])
from vlalab.policy.tokenizer import WordTokenizer
tok = WordTokenizer.build(["open the drawer", "push the red block to the left", "turn on the lightbulb", "move the slider right"])
texts = json.loads(sys.stdin.read())
print(json.dumps({"manifest": tok.manifest(), "ids": [tok.encode(t)[0] for t in texts], "mask": [tok.encode(t)[1] for t in texts]}))
`,
          join(REPO, 'python'),
        ],
        JSON.stringify(TRICKY),
      ),
    );
    const trainerSpec = parseTokenizerSpec(out.manifest, 'policy.json');
    TRICKY.forEach((s, i) => {
      const t = tokenize(trainerSpec, s);
      assert.deepEqual(t.ids, out.ids[i], `ids differ for ${JSON.stringify(s)}`);
      assert.deepEqual(t.mask, out.mask[i], `mask differs for ${JSON.stringify(s)}`);
    });
  },
);
