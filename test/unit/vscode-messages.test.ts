/**
 * The webview message contract: every message the extension accepts is validated, unknown or
 * malformed ones are rejected with a reason, and nothing can name a file outside a run folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRelativePath, isRunKey } from '../../extension/shared/messages';
import {
  validateCompareToExtension,
  validateResultsToExtension,
  validateResultsToWebview,
  validateSweepToExtension,
} from '../../extension/shared/messages/results';

test('the results panel accepts its messages and returns clean copies', () => {
  const ready = validateResultsToExtension({ type: 'ready', extra: 'dropped' });
  assert.deepEqual(ready, { ok: true, message: { type: 'ready' } });
  const view = validateResultsToExtension({ type: 'set-view', view: { x: 'wall', smoothing: 0.9, evil: 1 } });
  assert.deepEqual(view, { ok: true, message: { type: 'set-view', view: { x: 'wall', smoothing: 0.9 } } });
  assert.equal(validateResultsToExtension({ type: 'open-log', run: 'exp/2024-01-01_000000-ab12' }).ok, true);
  assert.equal(validateResultsToExtension({ type: 'open-media', run: 'exp/r1', path: 'eval/videos/0.mp4' }).ok, true);
});

test('unknown, malformed and path-escaping messages are rejected with a reason', () => {
  const bad: unknown[] = [
    null,
    42,
    'ready',
    [],
    {},
    { type: 7 },
    { type: 'nope' },
    { type: 'eval' },
    { type: 'set-view' },
    { type: 'set-view', view: { x: 'log', smoothing: 0 } },
    { type: 'set-view', view: { x: 'step', smoothing: 1.5 } },
    { type: 'set-view', view: { x: 'step', smoothing: Number.NaN } },
    { type: 'reveal-run', run: '../etc' },
    { type: 'reveal-run', run: 'exp/../../x' },
    { type: 'reveal-run', run: '/abs/path' },
    { type: 'open-log', run: 'exp' },
    { type: 'open-media', run: 'exp/r1', path: '../../secret' },
    { type: 'open-media', run: 'exp/r1', path: '/etc/passwd' },
    { type: 'open-media', run: 'exp/r1', path: 'C:\\x' },
    { type: '__proto__' },
    { type: 'constructor' },
    { type: 'toString' },
  ];
  for (const m of bad) {
    const r = validateResultsToExtension(m);
    assert.equal(r.ok, false, `accepted ${JSON.stringify(m)}`);
    if (!r.ok) assert.ok(r.reason.length > 0);
  }
});

test('compare and sweep panels accept only run keys to open', () => {
  assert.equal(validateCompareToExtension({ type: 'open-results', runs: ['a/b', 'a/c'] }).ok, true);
  assert.equal(validateCompareToExtension({ type: 'open-results', runs: [] }).ok, false);
  assert.equal(validateCompareToExtension({ type: 'open-results', runs: ['a/../b'] }).ok, false);
  assert.equal(validateSweepToExtension({ type: 'open-results', runs: 'a/b' }).ok, false);
  assert.equal(validateSweepToExtension({ type: 'set-view' }).ok, false, 'a results message is not a sweep message');
});

test('the webview checks what it receives too', () => {
  assert.equal(
    validateResultsToWebview({ type: 'series-append', run: 'e/r', name: 'train/loss', from: 0, count: 1, points: { x: [1], y: [null] } })
      .ok,
    true,
  );
  assert.equal(
    validateResultsToWebview({ type: 'series-append', run: 'e/r', name: 'train/loss', from: -1, count: 1, points: { x: [1], y: [1] } }).ok,
    false,
  );
  assert.equal(
    validateResultsToWebview({ type: 'series-reset', run: 'e/r', name: 'l', count: 1, points: { x: [1, 2], y: [1] } }).ok,
    false,
    'x and y differ in length',
  );
  assert.equal(
    validateResultsToWebview({ type: 'media', items: [{ run: 'e/r', path: '../x.mp4', kind: 'video', format: 'mp4', src: 's' }] }).ok,
    false,
  );
  assert.equal(
    validateResultsToWebview({
      type: 'init',
      title: 't',
      runs: [{ key: 'e/r', experiment: 'e', id: 'r', status: 'exploded' }],
      view: { x: 'step', smoothing: 0 },
    }).ok,
    false,
  );
});

test('series carry raw points only: the webview smooths, so a smoothed array is not part of the contract', () => {
  const checked = validateResultsToWebview({
    type: 'series-reset',
    run: 'e/r',
    name: 'train/loss',
    count: 2,
    points: { x: [0, 1], y: [2, 1], smoothed: [2, 9] },
  });
  assert.deepEqual(checked, {
    ok: true,
    message: { type: 'series-reset', run: 'e/r', name: 'train/loss', count: 2, points: { x: [0, 1], y: [2, 1] } },
  });
});

test('run keys and relative paths', () => {
  for (const k of ['exp/r1', 'my.exp-1/2024-05-01_101010-abcd']) assert.ok(isRunKey(k), k);
  for (const k of ['exp', 'exp/', '/r', 'a/b/c', '../x', 'exp/..', 'exp/.hidden', '', 'a b/c']) assert.ok(!isRunKey(k), k);
  for (const p of ['a.mp4', 'eval/videos/0.mp4']) assert.ok(isRelativePath(p), p);
  for (const p of ['', '/a', '\\a', 'a/../../b', '..', 'C:/x', 'a\0b']) assert.ok(!isRelativePath(p), p);
});
