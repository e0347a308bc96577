/**
 * What a copied runs folder can forge, checked at the unit level: queue entries (signatures), the
 * names of its folders, the strings of its run.json in the runs view's tooltip and on a terminal,
 * and a supervisor started without the interpreter of a claimed entry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isOwnEntry, macOf, secretFile, signEntry, userSecret } from '../../extension/core/runner/trust';
import { refreshImported } from '../../extension/core/runner/imported';
import { enqueue, listForeign, nextSeq } from '../../extension/core/runner/queue';
import { experimentNameProblem, isValidExperimentName } from '../../extension/core/runner/names';
import { terminalSafe } from '../../extension/core/runner/format';
import { resolveRunsRoot } from '../../extension/core/runner/paths';
import { supervise } from '../../extension/core/runner/supervisor';
import { createRun, runsContext } from '../../extension/core/runner/runs';
import { listRunKeys, parseRunKey } from '../../extension/vscode/runs/files';
import { markdownText, runTooltip, type RunInfo } from '../../extension/vscode/runs/model';
import { tempDir } from './tmp-helpers';

const tmp = () => tempDir('vla-trust-');
process.env.XDG_CONFIG_HOME = tmp(); // this process's own queue key: never the user's
const entry = {
  experiment: 'exp',
  id: 'r1',
  priority: 0,
  gpus: 0,
  launcher: 'local' as const,
  seq: 1,
  enqueued_at: '2026-01-01T00:00:00Z',
  python: '/usr/bin/python3',
};

test('the queue key is created private; a readable or damaged one is refused in one line', () => {
  const env = { XDG_CONFIG_HOME: tmp() };
  const key = userSecret(env);
  assert.equal(key.length, 32);
  assert.equal(fs.statSync(secretFile(env)).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.dirname(secretFile(env))).mode & 0o777, 0o700);
  const other = { XDG_CONFIG_HOME: tmp() };
  fs.mkdirSync(path.join(other.XDG_CONFIG_HOME, 'vla-lab'));
  fs.writeFileSync(path.join(other.XDG_CONFIG_HOME, 'vla-lab', 'queue.key'), 'ab'.repeat(32), { mode: 0o644 });
  assert.throws(() => userSecret(other), /can be read by other users; run 'chmod 600 /);
  fs.chmodSync(path.join(other.XDG_CONFIG_HOME, 'vla-lab', 'queue.key'), 0o600);
  fs.writeFileSync(path.join(other.XDG_CONFIG_HOME, 'vla-lab', 'queue.key'), 'short');
  assert.throws(() => userSecret(other), /is damaged; remove it/);
});

test('a signed entry verifies; any change to what it runs, or another key, does not', () => {
  const key = userSecret({ XDG_CONFIG_HOME: tmp() });
  const signed = signEntry(entry, key);
  assert.ok(isOwnEntry(signed, key));
  for (const change of [
    { python: './py' },
    { workdir: '/tmp/evil' },
    { id: 'r2' },
    { gpus: 8 },
    { sig: '00'.repeat(32) },
    { sig: 'zz' },
    { python: 7 },
  ]) {
    assert.equal(isOwnEntry({ ...signed, ...change } as typeof signed, key), false, JSON.stringify(change));
  }
  assert.equal(isOwnEntry(signed, userSecret({ XDG_CONFIG_HOME: tmp() })), false, "another user's key");
  assert.equal(isOwnEntry({ ...entry } as typeof signed, key), false, 'unsigned');
});

test('listForeign: entries written by hand (a copied folder) are foreign, ours are not', () => {
  const env = { XDG_CONFIG_HOME: tmp() };
  const root = tmp();
  enqueue(root, { ...entry, seq: nextSeq() }, env);
  fs.writeFileSync(path.join(root, '.queue', 'pending', 'exp@r9.json'), JSON.stringify({ ...entry, id: 'r9', python: './py' }));
  assert.deepEqual(
    listForeign(root, env).map((e) => e.id),
    ['r9'],
  );
});

test('a supervisor without the interpreter of a claimed entry launches nothing', async () => {
  const root = tmp();
  const ctx = runsContext(root, {}, { gpus: () => [] });
  const spec = {
    name: 'sup',
    backbone: { id: 'tiny-prefix', size: 'nano' },
    data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', tasks: ['open_drawer'] }], steps: 5 }] },
  };
  const { dir } = createRun(ctx, {
    spec,
    specSource: null,
    specDir: root,
    python: { path: '/bin/true', version: null, torch: null, cuda: null },
  });
  const rec = await supervise(dir, { drain: false });
  assert.equal(rec?.status, 'failed');
  assert.match(rec?.error ?? '', /started without an interpreter/);
  assert.equal(rec?.pid, null, 'no worker was spawned');
});

test('one name rule: validate, the runner and the runs view agree on runs/ folder names', () => {
  for (const bad of ['..', '.', '.queue', '_data', '_Data', '', 'a/b', 'x'.repeat(101)]) {
    assert.ok(experimentNameProblem(bad), bad);
    assert.equal(parseRunKey(`${bad}/20260101-000000-abcd`), undefined, bad);
  }
  for (const good of ['my-exp', '_mine', 'a.b_c-1']) assert.ok(isValidExperimentName(good), good);
  const runs = tmp();
  for (const exp of ['_data', '.queue', '_mine', 'ok']) {
    fs.mkdirSync(path.join(runs, exp, 'r1'), { recursive: true });
    fs.writeFileSync(path.join(runs, exp, 'r1', 'run.json'), '{}');
  }
  assert.deepEqual(listRunKeys(runs), ['_mine/r1', 'ok/r1']);
});

test('terminalSafe strips escape sequences and control characters, keeps text, tabs and newlines', () => {
  assert.equal(terminalSafe('a\u001b[2J\u001b]0;title\u0007b\u001b]8;;http://x\u001b\\c\u009b1m\u202ed\re\tf\ng'), 'abcde\tf\ng');
  assert.equal(terminalSafe('plain ünïcödé ✓'), 'plain ünïcödé ✓');
});

test("the runs view's tooltip shows run.json strings literally", () => {
  const info = {
    key: 'exp/r1',
    experiment: 'exp',
    id: 'r1',
    dir: '/runs/exp/r1',
    evaluated: false,
    warnings: [{ v: 1, type: 'warning', t: 1, code: 'val-loss-flat', step: 3, message: '[x](command:evil) $(zap)', advice: '<img src=y>' }],
    record: {
      v: 1,
      id: 'r1',
      experiment: 'exp',
      status: '[open](command:workbench.action.terminal.new) $(zap) <img src=x>',
      error: '**bold** _x_\n# head',
      spec_source: '/a`b`',
      backend: 'builtin',
      launcher: 'local',
      created_at: '',
    },
  } as unknown as RunInfo;
  const md = runTooltip(info);
  // Every Markdown, HTML and icon character of a run string is backslash-escaped.
  for (const raw of [/\]\(/, /\$\(/, /<img/, /\*\*bold/, /`b`/, /\n# head/])
    assert.ok(!new RegExp(`(^|[^\\\\])${raw.source}`).test(md), `${raw} unescaped in ${md}`);
  assert.match(md, /\\\[open\\\]\\\(command\\:workbench\\\.action/);
  assert.match(md, /\\\[x\\\]\\\(command\\:evil\\\)/, "a warning event's message is escaped too");
  assert.equal(markdownText('a\u001b[31mb'), 'a\\[31mb');
});

test('an empty --runs-dir or VLA_LAB_RUNS_DIR is an error, not ./runs', () => {
  assert.throws(() => resolveRunsRoot({ cwd: '/w', flag: '' }), /--runs-dir is empty/);
  assert.throws(() => resolveRunsRoot({ cwd: '/w', env: { VLA_LAB_RUNS_DIR: '  ' } }), /VLA_LAB_RUNS_DIR is blank/);
  assert.equal(
    resolveRunsRoot({ cwd: '/w', env: { VLA_LAB_RUNS_DIR: '' } }),
    '/w/runs',
    'unset and empty variables are the same to a shell',
  );
});

test("an imported run's log directory is read again only when this user opened it", () => {
  const runs = tmp();
  const logdir = tmp();
  fs.writeFileSync(path.join(logdir, 'events.out.tfevents.1.host'), Buffer.alloc(64));
  const dir = path.join(runs, 'imp', '20200101-000000-aaaa');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'run.json'),
    JSON.stringify({
      v: 1,
      id: '20200101-000000-aaaa',
      experiment: 'imp',
      status: 'completed',
      kind: 'imported',
      backend: 'tensorboard',
      launcher: 'none',
      created_at: '2020-01-01T00:00:00Z',
      logdir,
    }),
  );
  const state = JSON.stringify({ files: {}, plugins: {} });
  fs.writeFileSync(path.join(dir, 'import-state.json'), state);
  const copied = refreshImported(dir);
  assert.deepEqual([copied.added, copied.warnings.length], [0, 1]);
  assert.match(copied.warnings[0], /was not opened by you on this machine: its log directory .* is not read/);
  assert.equal(fs.readFileSync(path.join(dir, 'import-state.json'), 'utf8'), state, 'the log directory was not walked');
  fs.writeFileSync(
    path.join(dir, 'import-state.json'),
    JSON.stringify({ logdir_sig: macOf(['imported', 'imp', '20200101-000000-aaaa', logdir], userSecret()), files: {}, plugins: {} }),
  );
  refreshImported(dir);
  const after = JSON.parse(fs.readFileSync(path.join(dir, 'import-state.json'), 'utf8'));
  assert.deepEqual(Object.keys(after.files), ['events.out.tfevents.1.host'], 'its own import is refreshed');
});
