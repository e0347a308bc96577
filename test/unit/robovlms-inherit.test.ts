/** `parent` inheritance, resolved as RoboVLMs' main.py (train) and config_utils.py (eval) do. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { effectiveConfig, loadEffectiveConfig, MergeError } from '../../extension/core/robovlms';
import { isUserError } from '../../extension/core/errors';

function workspace(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'vla-robovlms-'));
  for (const [name, value] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), typeof value === 'string' ? value : JSON.stringify(value, null, 4));
  }
  return root;
}

test("child wins, nested objects merge key by key, parent-only keys stay in the parent's order", (t) => {
  const cwd = workspace({
    'configs/base.json': {
      robovlm_name: 'RoboKosMos',
      parent: null,
      seed: 1,
      act_head: { type: 'LSTMDecoder', hidden_size: 1024, window_size: 1 },
      image_mean: [1, 2, 3],
      trainer: { max_epochs: 5 },
    },
    'configs/child.json': {
      parent: 'configs/base.json',
      seed: 2,
      act_head: { hidden_size: 512, history_type: 'post' },
      image_mean: [9],
      extra: true,
      trainer: null,
    },
  });
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  const c = effectiveConfig('configs/child.json', { cwd });
  assert.deepStrictEqual(c, {
    robovlm_name: 'RoboKosMos',
    parent: 'configs/base.json',
    seed: 2,
    act_head: { type: 'LSTMDecoder', hidden_size: 512, window_size: 1, history_type: 'post' },
    image_mean: [9],
    trainer: null,
    extra: true,
  });
  assert.deepEqual(Object.keys(c), ['robovlm_name', 'parent', 'seed', 'act_head', 'image_mean', 'trainer', 'extra']);
  assert.deepEqual(Object.keys(c.act_head as object), ['type', 'hidden_size', 'window_size', 'history_type']);
});

test('grandparents resolve recursively; parent paths are relative to the cwd, not the file', (t) => {
  const cwd = workspace({
    'a/grand.json': { seed: 1, lr: 1, trainer: { max_epochs: 1, max_steps: -1 } },
    'b/parent.json': { parent: 'a/grand.json', lr: 2, trainer: { max_epochs: 2 } },
    'c/child.json': { parent: 'b/parent.json', trainer: { precision: 'bf16' } },
  });
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  const { config, files } = loadEffectiveConfig(join(cwd, 'c/child.json'), { cwd });
  assert.deepStrictEqual(config, { seed: 1, lr: 2, trainer: { max_epochs: 2, max_steps: -1, precision: 'bf16' }, parent: 'b/parent.json' });
  assert.equal(files.length, 3);
  // Relative to the file instead, 'b/parent.json' from c/ does not exist.
  assert.throws(() => loadEffectiveConfig(join(cwd, 'c/child.json'), { cwd, relativeTo: 'file' }), /does not exist/);
});

test('relativeTo file resolves parents next to the child', (t) => {
  const cwd = workspace({ 'x/base.json': { seed: 5 }, 'x/child.json': { parent: 'base.json', lr: 1 } });
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  assert.deepStrictEqual(effectiveConfig('x/child.json', { cwd, relativeTo: 'file' }), { seed: 5, parent: 'base.json', lr: 1 });
});

test("an object in the child over a non-object in the parent raises, as main.py's assertion does", (t) => {
  const cwd = workspace({ 'base.json': { fwd_head: null, a: { b: 1 } }, 'child.json': { parent: 'base.json', fwd_head: { type: 'X' } } });
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  assert.throws(
    () => effectiveConfig('child.json', { cwd }),
    (e: unknown) => {
      assert.ok(e instanceof MergeError && isUserError(e));
      assert.deepEqual(e.keyPath, ['fwd_head']);
      assert.match(e.message, /"fwd_head" is an object in .*child\.json but null in the parent/);
      assert.match(e.message, /base\.json/);
      assert.match(e.message, /AssertionError/);
      return true;
    },
  );
  // The eval loader replaces instead.
  assert.deepStrictEqual(effectiveConfig('child.json', { cwd, mode: 'eval' }), {
    fwd_head: { type: 'X' },
    a: { b: 1 },
    parent: 'base.json',
  });
});

test('a non-object in the child over an object in the parent replaces it (no assertion)', (t) => {
  const cwd = workspace({ 'base.json': { act_head: { type: 'LSTMDecoder' } }, 'child.json': { parent: 'base.json', act_head: null } });
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  assert.deepStrictEqual(effectiveConfig('child.json', { cwd }), { act_head: null, parent: 'base.json' });
});

test('__override__ replaces a whole object only in eval mode', (t) => {
  const cwd = workspace({
    'base.json': { trainer: { max_epochs: 5, max_steps: -1 } },
    'child.json': { parent: 'base.json', trainer: { __override__: true, max_epochs: 1 } },
  });
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  assert.deepStrictEqual(effectiveConfig('child.json', { cwd, mode: 'eval' }), { trainer: { max_epochs: 1 }, parent: 'base.json' });
  assert.deepStrictEqual(effectiveConfig('child.json', { cwd, mode: 'train' }), {
    trainer: { max_epochs: 1, max_steps: -1, __override__: true },
    parent: 'base.json',
  });
});

test('cycles, missing parents, bad JSON and non-string parents are one-line UserErrors', (t) => {
  const cwd = workspace({
    'a.json': { parent: 'b.json' },
    'b.json': { parent: 'a.json' },
    'self.json': { parent: 'self.json' },
    'orphan.json': { parent: 'configs/nowhere.json' },
    'bad.json': '{ "seed": 1, }',
    'comment.json': '{ // no\n "seed": 1 }',
    'list.json': '[1]',
    'numparent.json': { parent: 3 },
    'falsy.json': { parent: '', seed: 1 },
  });
  t.after(() => rmSync(cwd, { recursive: true, force: true }));
  const fails = (file: string, re: RegExp) =>
    assert.throws(
      () => effectiveConfig(file, { cwd }),
      (e: Error) => isUserError(e) && re.test(e.message) && !e.message.includes('\n'),
    );
  fails('a.json', /parent cycle: .*a\.json → .*b\.json → .*a\.json/);
  fails('self.json', /parent cycle/);
  fails('orphan.json', /nowhere\.json .*does not exist.*relative to the directory main\.py runs in/);
  fails('bad.json', /bad\.json:1:\d+: not valid JSON/);
  fails('comment.json', /comments are not allowed/);
  fails('list.json', /must be a JSON object/);
  fails('numparent.json', /"parent" must be the path/);
  fails('missing.json', /no such file/);
  // An empty parent is falsy in Python: no inheritance.
  assert.deepStrictEqual(effectiveConfig('falsy.json', { cwd }), { parent: '', seed: 1 });
});

test('an injected fs is used for every read', () => {
  const files: Record<string, string> = { '/r/c.json': '{"parent": "p.json", "x": 1}', '/r/p.json': '{"y": 2}' };
  const fs = {
    readFile: (p: string) => {
      if (!(p in files)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return files[p];
    },
  };
  assert.deepStrictEqual(effectiveConfig('c.json', { cwd: '/r', fs }), { y: 2, parent: 'p.json', x: 1 });
});
