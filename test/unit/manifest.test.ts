/**
 * The reproducibility manifest on the TypeScript side: the runner writes one for RoboVLMs runs
 * through `python -m vlalab manifest` (the RoboVLMs checkout as the backend's code), a run folder's
 * manifest is read only when it follows the schema, and two manifests' differences are named by kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { diffManifests, manifestSummary, parseManifest, readManifest, type RunManifest } from '../../extension/core/manifest';
import { writeManifestWithPython } from '../../extension/core/manifest/write';
import { repoRoot, roboSpec } from './spec-helpers';
import { tempDir } from './tmp-helpers';

const PYTHON = path.join(repoRoot, '.venv/bin/python');

function gitRepo(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const git = (...a: string[]) => execFileSync('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', ...a], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  fs.writeFileSync(path.join(dir, 'main.py'), 'print("robovlms")\n');
  git('add', 'main.py');
  git('commit', '-q', '-m', 'checkout');
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir }).toString().trim();
}

test('a RoboVLMs run gets its manifest from python -m vlalab manifest, the checkout as the backend code', async () => {
  const tmp = tempDir('manifest-');
  const checkout = path.join(tmp, 'RoboVLMs');
  const commit = gitRepo(checkout);
  fs.appendFileSync(path.join(checkout, 'main.py'), '# local change\n');
  const runDir = path.join(tmp, 'runs', 'kosmos', 'r1');
  fs.mkdirSync(runDir, { recursive: true });
  const { resolveSpec } = await import('../../extension/core/spec');
  fs.writeFileSync(path.join(runDir, 'spec.json'), JSON.stringify(resolveSpec(roboSpec())));
  const why = await writeManifestWithPython({ python: PYTHON, extRoot: repoRoot, runDir, backend: 'robovlms', checkout });
  assert.equal(why, null);
  const read = readManifest(runDir);
  assert.ok(read.manifest, 'manifest.json follows the schema');
  const m = read.manifest!;
  assert.equal(m.backend, 'robovlms');
  assert.equal(m.code.backend.path, checkout);
  assert.equal(m.code.backend.commit, commit);
  assert.equal(m.code.backend.dirty, true);
  assert.match(m.code.backend.diff ?? '', /\+# local change/);
  assert.equal(m.benchmark, null);
  assert.ok(m.packages.torch, "the interpreter's packages");
  const rows = Object.fromEntries(manifestSummary(m));
  assert.match(rows.RoboVLMs, new RegExp(`^${commit.slice(0, 12)} .*uncommitted changes`));
  // Written once: a second call (a resume) leaves it alone.
  const before = fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8');
  assert.equal(await writeManifestWithPython({ python: PYTHON, extRoot: repoRoot, runDir, backend: 'robovlms', checkout }), null);
  assert.equal(fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8'), before);
});

test('a failing interpreter is one line, not a thrown error', async () => {
  const runDir = tempDir('manifest-');
  const why = await writeManifestWithPython({ python: path.join(runDir, 'no-python'), extRoot: repoRoot, runDir, backend: 'robovlms' });
  assert.match(why ?? '', /^cannot run .*no-python/);
});

const sha = (c: string) => c.repeat(64);

function manifest(over: Partial<RunManifest> = {}): RunManifest {
  return {
    v: 1,
    created_at: '2026-12-04T10:00:00Z',
    backend: 'builtin',
    spec: { sha256: sha('a') },
    code: {
      workspace: { path: '/ws', commit: 'c1', dirty: false },
      backend: { path: '/ext/python', commit: 'c1', dirty: false, tree_sha256: sha('b') },
    },
    python: { executable: '/usr/bin/python3', version: '3.11.2' },
    packages: { torch: '2.13.0', numpy: '2.4.6' },
    data: [{ path: '/data/pt', split: 'training', sha256: sha('d'), files: {} }],
    benchmark: { name: 'playtable', version: null, sha256: sha('e') },
    seeds: { '/train/seed': 0 },
    hardware: { cpu: 'AMD EPYC', cores: 2, gpus: [], driver: null },
    ...over,
  };
}

test('the differences between two manifests are named by kind, data first', () => {
  assert.deepEqual(
    diffManifests(manifest(), manifest({ python: { executable: '/other/python', version: '3.11.2' } })),
    [],
    'an interpreter path is no difference',
  );
  const d = diffManifests(
    manifest(),
    manifest({
      packages: { torch: '2.14.0', pandas: '3.1.1', numpy: '2.4.6' },
      data: [{ path: '/data/pt', split: 'training', sha256: sha('f'), files: {} }],
      code: {
        workspace: { path: '/ws', commit: 'c2', dirty: true, diff_sha256: sha('9'), diff_bytes: 40 },
        backend: { path: '/ext/python', commit: 'c1', dirty: false, tree_sha256: sha('b') },
      },
      hardware: { cpu: 'AMD EPYC', cores: 16, gpus: [{ name: 'NVIDIA H200' }], driver: '570.1' },
    }),
  );
  assert.deepEqual(
    d.map((x) => [x.kind, x.what]),
    [
      ['data', 'data 1 (/data/pt/training)'],
      ['code', 'workspace commit'],
      ['code', 'workspace uncommitted diff'],
      ['packages', 'pandas'],
      ['packages', 'torch'],
      ['hardware', 'cores'],
      ['hardware', 'gpus'],
      ['hardware', 'driver'],
    ],
  );
  assert.deepEqual(
    d.find((x) => x.what === 'torch'),
    { kind: 'packages', what: 'torch', recorded: '2.13.0', current: '2.14.0' },
  );
  assert.equal(d.find((x) => x.what === 'pandas')!.recorded, '—');
});

test('a manifest that does not follow the schema is refused with what is wrong', () => {
  assert.match((parseManifest('{"v": 1}') as { problem: string }).problem, /does not follow schemas\/manifest\.schema\.json/);
  assert.match((parseManifest('not json') as { problem: string }).problem, /not valid JSON/);
  assert.ok(parseManifest(JSON.stringify(manifest())).manifest);
  assert.deepEqual(readManifest(tempDir('none-')), { manifest: null, problem: null });
});

test("the results panel gets a run's manifest once it exists, as one typed message the webview accepts", async () => {
  const { ResultsFeed } = await import('../../extension/vscode/panels/results-feed');
  const { validateResultsToWebview } = await import('../../extension/shared/messages/results');
  const { emptyState, reduce } = await import('../../webview/src/results/state');
  const runs = tempDir('vla-feed-');
  const dir = path.join(runs, 'exp', 'r1');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'run.json'),
    JSON.stringify({
      v: 1,
      id: 'r1',
      experiment: 'exp',
      status: 'running',
      backend: 'builtin',
      launcher: 'local',
      created_at: '2024-01-01T00:00:00Z',
    }),
  );
  fs.writeFileSync(path.join(dir, 'spec.json'), '{}');
  const feed = new ResultsFeed(runs, ['exp/r1'], { mediaSrc: (p) => p });
  const state = emptyState();
  const apply = (msgs: unknown[]) => {
    for (const m of msgs) {
      const c = validateResultsToWebview(JSON.parse(JSON.stringify(m)));
      assert.ok(c.ok, c.ok ? '' : c.reason);
      reduce(state, c.message);
    }
  };
  apply(feed.init('Results'));
  assert.equal(state.manifests.size, 0, 'no manifest.json yet');
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest()));
  const msgs = feed.poll();
  assert.deepEqual(
    msgs.map((m) => m.type),
    ['manifest'],
  );
  apply(msgs);
  const rows = Object.fromEntries(state.manifests.get('exp/r1')!.map((r) => [r.label, r.value]));
  assert.equal(rows.python, '3.11.2 (/usr/bin/python3), 2 packages: torch 2.13.0, numpy 2.4.6');
  assert.match(rows['data 1'], /^\/data\/pt \(training\) sha256 dddddddddddd/);
  assert.deepEqual(feed.poll(), [], 'sent once');
});

test("vla-lab compare lists what differs in the runs' manifests next to the spec differences", async () => {
  const { main } = await import('../../extension/cli/main');
  const { manifestDifferences } = await import('../../extension/core/manifest');
  const ws = tempDir('vla-cmp-');
  const mk = (id: string, m: RunManifest | null, lr: number) => {
    const dir = path.join(ws, 'runs', 'exp', id);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'run.json'),
      JSON.stringify({
        v: 1,
        id,
        experiment: 'exp',
        status: 'completed',
        backend: 'builtin',
        launcher: 'local',
        created_at: '2026-12-04T00:00:00Z',
      }),
    );
    fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify({ name: 'exp', train: { lr } }));
    fs.writeFileSync(path.join(dir, 'events.jsonl'), '');
    if (m) fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(m));
  };
  const a = manifest();
  const b = manifest({
    packages: { torch: '2.14.0', numpy: '2.4.6' },
    data: [{ path: '/data/pt', split: 'training', sha256: sha('f'), files: {} }],
  });
  mk('r1', a, 0.001);
  mk('r2', b, 0.002);
  mk('r3', null, 0.001);
  const out: string[] = [];
  const code = await main(['compare', 'exp/r1', 'exp/r2'], {
    cwd: ws,
    env: process.env,
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    isTTY: false,
  });
  assert.equal(code, 0, out.join('\n'));
  const at = out.findIndex((l) => l.startsWith('Manifest differences'));
  assert.ok(at > out.findIndex((l) => l.startsWith('Spec differences')), out.join('\n'));
  const rows = out.slice(at + 2).map((l) => l.split(/\s{2,}/));
  assert.deepEqual(rows, [
    ['data 1 sha256', 'dddddddddddd (/data/pt/training)', 'ffffffffffff (/data/pt/training)'],
    ['package torch', '2.13.0', '2.14.0'],
  ]);
  const d = manifestDifferences([a, null]);
  assert.ok(
    d.differences.every((x) => x.values[1] === 'no manifest.json') && d.sameCount === 0,
    'a run without a manifest differs in every fact',
  );
  const o: string[] = [];
  assert.equal(
    await main(['compare', 'exp/r1', 'exp/r3', '--json'], {
      cwd: ws,
      env: process.env,
      out: (l) => o.push(l),
      err: () => {},
      isTTY: false,
    }),
    0,
  );
  const json = JSON.parse(o.join('\n'));
  assert.ok(
    json.manifest_differences.some(
      (x: { path: string; values: string[] }) =>
        x.path === 'package torch' && x.values[0] === '2.13.0' && x.values[1] === 'no manifest.json',
    ),
  );
  fs.rmSync(ws, { recursive: true, force: true });
});
