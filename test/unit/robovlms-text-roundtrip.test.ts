/**
 * `vla-lab import` then `vla-lab compile --target robovlms` gives the config file back byte for
 * byte — number literals as written (1.0, 2e-5), odd whitespace, the final newline — so a user's
 * diff against the original is empty; an edited value is printed anew and nothing else moves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../extension/cli/main';
import {
  captureTextFormat,
  compileSpecText,
  formatConfigText,
  importConfig,
  parseJson,
  type JsonObject,
} from '../../extension/core/robovlms';

const dir = join(__dirname, '..', 'fixtures', 'robovlms');
const fixtures = [...readdirSync(dir).filter((f) => f.endsWith('.json')), ...readdirSync(join(dir, 'oxe')).map((f) => join('oxe', f))];

async function run(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd, env: {}, out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const work = mkdtempSync(join(tmpdir(), 'vla-text-roundtrip-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

test('there are fixtures with literals a plain JSON printer would change', () => {
  assert.equal(fixtures.length, 11);
  const all = fixtures.map((f) => readFileSync(join(dir, f), 'utf8')).join('');
  for (const literal of ['1.0', '2e-5', '1e-2']) assert.ok(all.includes(`: ${literal}`), literal);
});

fixtures.forEach((f, i) => {
  test(`import → compile is byte-equal: ${f}`, async () => {
    const original = readFileSync(join(dir, f));
    const imp = await run(['import', join(dir, f), '-o', `c${i}.vla.json`], work);
    assert.equal(imp.code, 0, imp.err);
    const comp = await run(['compile', `c${i}.vla.json`, '--target', 'robovlms', '-o', `c${i}.json`], work);
    assert.equal(comp.code, 0, comp.err);
    const back = readFileSync(join(work, `c${i}.json`));
    assert.ok(
      back.equals(original),
      `compiled text differs from ${f}:\n${back
        .toString()
        .split('\n')
        .filter((l, n) => l !== original.toString().split('\n')[n])
        .slice(0, 5)
        .join('\n')}`,
    );
  });
});

test('an edited value is printed anew; every other line stays as written', () => {
  const f = 'finetune_kosmos_cont-lstm-post_full-ft_text_vision_wd-0_ws-8_act-10.json';
  const text = readFileSync(join(dir, f), 'utf8');
  const spec = importConfig(parseJson(text).value, { fileName: f, text }) as { train: { lr: number } };
  assert.equal(spec.train.lr, 2e-5);
  spec.train.lr = 3e-5;
  const before = text.split('\n');
  const after = compileSpecText(spec).split('\n');
  assert.equal(after.length, before.length);
  const changed = after.map((l, n) => [l, before[n]]).filter(([a, b]) => a !== b);
  assert.deepEqual(changed, [['    "learning_rate": 0.00003,', '    "learning_rate": 2e-5,']]);
});

test('other styles survive too: no final newline, CRLF, 2-space and tab indents, multi-line arrays', () => {
  const value = { robovlm_name: 'RoboKosMos', lr: 1.0, list: [1, 2.5], nested: { a: [], b: {} } } as JsonObject;
  const texts = [
    '{\n    "robovlm_name": "RoboKosMos",\n    "lr": 1.0,\n    "list": [1, 2.50],\n    "nested": {\n        "a": [],\n        "b": {}\n    }\n}',
    '{\r\n  "robovlm_name": "RoboKosMos",\r\n  "lr": 1.0,\r\n  "list": [1, 2.50],\r\n  "nested": {\r\n    "a": [ ],\r\n    "b": {}\r\n  }\r\n}\r\n',
    '{\n\t"robovlm_name" : "RoboKosMos",\n\t"lr": 1.0,\n\t"list": [\n\t\t1,\n\t\t2.50\n\t],\n\t"nested": {"a": [], "b": {}}\n}\n\n',
  ];
  for (const text of texts) {
    assert.deepEqual(parseJson(text).value, value);
    assert.equal(formatConfigText(value, captureTextFormat(text, value)), text);
  }
  // The house style needs nothing recorded.
  const house = formatConfigText(value);
  assert.equal(captureTextFormat(house, value), undefined);
});

test('a hand-edited format cannot make compile write anything but the config', () => {
  const value = { robovlm_name: 'RoboKosMos', lr: 0.5 } as JsonObject;
  const text = formatConfigText(value, {
    literals: { '/lr': '1e9', '/robovlm_name': '"x"' },
    whitespace: { before: { '/lr': '\n  "injected": 1,\n  ' }, end: { '': '\n' } },
    indent: 'x',
  });
  assert.deepEqual(JSON.parse(text), value);
  assert.equal(text, '{\n    "robovlm_name": "RoboKosMos",\n    "lr": 0.5\n}\n');
});

test('a spec written by hand compiles in the house style with a final newline', async () => {
  writeFileSync(
    join(work, 'hand.vla.json'),
    JSON.stringify({ name: 'hand', backend: 'robovlms', backbone: { id: 'kosmos-2' }, train: { lr: 2e-5 } }),
  );
  const r = await run(['compile', 'hand.vla.json', '--target', 'robovlms', '-o', 'hand.json'], work);
  assert.equal(r.code, 0, r.err);
  const text = readFileSync(join(work, 'hand.json'), 'utf8');
  assert.ok(text.endsWith('}\n') && text.includes('\n    "learning_rate": 0.00002,\n'));
});
