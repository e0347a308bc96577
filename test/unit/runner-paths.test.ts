import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createRunDir,
  extensionRoot,
  isValidExperimentName,
  isValidRunId,
  newRunId,
  resolveRunsRoot,
  runDirOf,
  safeJoin,
} from '../../extension/core/runner/paths';
import { resolveRunRef } from '../../extension/core/runner/runs';
import { writeRecord } from '../../extension/core/runner/record';
import { isUserError } from '../../extension/core/errors';
import { tempDir } from './tmp-helpers';

const tmp = () => tempDir('vla-paths-');

test('run ids are sortable by time and unique', () => {
  const a = newRunId(new Date('2026-11-24T06:35:12Z'));
  assert.match(a, /^20261124-063512-[0-9a-f]{4}$/);
  assert.ok(newRunId(new Date('2026-11-24T06:35:13Z')) > a);
  const root = tmp();
  const ids = new Set(Array.from({ length: 200 }, () => createRunDir(root, 'exp').id));
  assert.equal(ids.size, 200);
});

test('ids and names that could escape are refused', () => {
  for (const bad of ['..', '../x', 'a/b', '.hidden', '', 'a b', 'x;y', '$(touch x)', 'a\nb', '-rf', '..a']) {
    assert.equal(isValidRunId(bad), false, bad);
  }
  for (const bad of ['..', '.', 'a/b', '.queue', 'x y', '']) assert.equal(isValidExperimentName(bad), false, bad);
  assert.ok(isValidRunId('20261124-063512-a1b2'));
  const root = tmp();
  assert.throws(
    () => runDirOf(root, '..', 'x'),
    (e) => isUserError(e) && /experiment name/.test(e.message),
  );
  assert.throws(
    () => runDirOf(root, 'exp', '../../etc'),
    (e) => isUserError(e) && /run id/.test(e.message),
  );
});

test('safeJoin refuses .. and absolute parts, and symlinks that lead outside', () => {
  const root = tmp();
  const outside = tmp();
  assert.throws(() => safeJoin(root, '../x'), /outside the runs directory/);
  assert.throws(() => safeJoin(root, '/etc/passwd'), /outside the runs directory/);
  fs.symlinkSync(outside, path.join(root, 'exp'));
  assert.throws(() => safeJoin(root, 'exp', 'run'), /symbolic link/);
  assert.throws(() => createRunDir(root, 'exp'), /symbolic link/);
  assert.deepEqual(fs.readdirSync(outside), [], 'nothing was created outside');
  // A symlink inside the root that stays inside is fine.
  fs.mkdirSync(path.join(root, 'real'));
  fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
  assert.equal(safeJoin(root, 'alias', 'r'), path.join(root, 'alias', 'r'));
});

test('run references: experiment/id, prefix, directory, latest; never outside the root', () => {
  const root = tmp();
  const mk = (exp: string, id: string, created: string) => {
    const dir = path.join(root, exp, id);
    fs.mkdirSync(dir, { recursive: true });
    writeRecord(dir, { v: 1, id, experiment: exp, status: 'completed', backend: 'builtin', launcher: 'local', created_at: created });
    return dir;
  };
  const a = mk('exp', '20261124-010000-aaaa', '2026-11-24T01:00:00Z');
  const b = mk('exp', '20261124-020000-bbbb', '2026-11-24T02:00:00Z');
  const c = mk('other', '20261125-010000-cccc', '2026-11-25T01:00:00Z');
  assert.equal(resolveRunRef(root, 'exp/20261124-010000-aaaa', '/'), a);
  assert.equal(resolveRunRef(root, 'exp/20261124-02', '/'), b);
  assert.equal(resolveRunRef(root, '20261125', '/'), c);
  assert.equal(resolveRunRef(root, 'latest', '/'), c);
  assert.equal(resolveRunRef(root, 'exp/latest', '/'), b);
  assert.equal(resolveRunRef(root, b, '/'), b);
  assert.equal(
    resolveRunRef(root, path.relative(process.cwd(), a), process.cwd()),
    path.resolve(process.cwd(), path.relative(process.cwd(), a)),
  );
  assert.throws(() => resolveRunRef(root, '20261124', '/'), /matches 2 runs/);
  assert.throws(
    () => resolveRunRef(root, '../../etc', '/'),
    (e) => isUserError(e),
  );
  assert.throws(
    () => resolveRunRef(root, 'exp/../../x', '/'),
    (e) => isUserError(e),
  );
  // A run directory outside the root (a copy elsewhere) is refused.
  const elsewhere = tmp();
  fs.cpSync(a, path.join(elsewhere, 'r'), { recursive: true });
  assert.throws(() => resolveRunRef(root, path.join(elsewhere, 'r'), '/'), /not inside the runs directory/);
});

test('runs root: flag, then VLA_LAB_RUNS_DIR, then ./runs; the extension root holds package.json', () => {
  assert.equal(resolveRunsRoot({ cwd: '/w', env: {} }), '/w/runs');
  assert.equal(resolveRunsRoot({ cwd: '/w', env: { VLA_LAB_RUNS_DIR: 'out' } }), '/w/out');
  assert.equal(resolveRunsRoot({ cwd: '/w', env: { VLA_LAB_RUNS_DIR: 'out' }, flag: '/abs' }), '/abs');
  const root = extensionRoot();
  assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).name, 'vla-lab');
  assert.ok(fs.existsSync(path.join(root, 'python')));
});
