/**
 * core/runner/model-server.ts: starts `python -m vlalab serve` on a briefly trained run, waits for its
 * URL and /health, reads /config's conventions, stops it (the port closes); a run without a
 * checkpoint and a non-loopback host without --allow-remote fail in one line.
 * `vla-lab eval --model-server` (the real CLI, queue, supervisor and worker) scores that server on
 * Playtable into an eval run that `vla-lab show` reads; a server elsewhere without --allow-remote and
 * a dead one are refused in one line before any run is created. Needs dist/ (node scripts/build.mjs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { healthy, LOOPBACK_HOSTS, startModelServer } from '../../extension/core/runner/model-server';
import { PY, ROOT, TRAINER_ENV as env, cliIn, record, runDirOf, trainTinyRun } from '../unit/launch-helpers';
import { tempDir } from '../unit/tmp-helpers';

const work = tempDir('vla-serve-');
const cli = cliIn(work);

const RUN = path.join(work, 'run');
let trained = false;
/** The briefly trained run the tests serve (its spec in spec.json), trained on first use. */
function tinyRun(): string {
  if (!trained)
    trainTinyRun({ work, name: 'serve', tasks: ['open_drawer'], episodes: 2, specFile: path.join(work, 'spec.json'), runDir: RUN });
  trained = true;
  return RUN;
}

function getJson(url: string): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', reject);
  });
}

test('a served run is healthy, states its conventions on /config, and stops', { timeout: 600_000 }, async () => {
  const run = tinyRun();
  const server = await startModelServer({ python: PY, runDir: run, env, readyTimeoutMs: 120_000 });
  try {
    assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const cfg = await getJson(server.url.replace(/^ws/, 'http') + '/config');
    assert.equal(cfg.conventions.action.space, 'delta');
    assert.equal(cfg.conventions.image_size, 32);
    assert.deepEqual(cfg.conventions.cameras, { static: 'rgb_static' });
  } finally {
    await server.stop();
  }
  assert.equal(await healthy(server.url, 1000), false);
  await assert.rejects(startModelServer({ python: PY, runDir: run, env, host: '0.0.0.0' }), /--allow-remote/);
  await assert.rejects(startModelServer({ python: PY, runDir: path.join(work, 'nothing'), env }), /no checkpoint to serve/);
});

test(
  "vla-lab eval --model-server files a served policy's Playtable scores in an eval run (here in scene B); remote and dead servers are refused in one line",
  { timeout: 900_000 },
  async () => {
    const run = tinyRun();
    const spec = JSON.parse(fs.readFileSync(path.join(work, 'spec.json'), 'utf8'));
    spec.eval = [{ benchmark: 'playtable', chains: 2, chain_length: 1, tasks: ['open_drawer'], max_steps: 10, seed: 7, videos: 0 }];
    fs.writeFileSync(path.join(work, 'scored.vla.json'), JSON.stringify(spec));
    const runs = path.join(work, 'runs');
    const server = await startModelServer({ python: PY, runDir: run, env, readyTimeoutMs: 120_000 });
    try {
      const ok = cli([
        'eval',
        '--model-server',
        server.url,
        '--spec',
        'scored.vla.json',
        '--experiment',
        'served-eval',
        '--scene',
        'B',
        '--runs-dir',
        runs,
        '--no-preflight',
      ]);
      assert.equal(ok.code, 0, ok.err + ok.out);
      const dir = runDirOf(runs, 'served-eval');
      const id = path.basename(dir);
      const rec = record(dir);
      assert.equal(rec.kind, 'eval');
      assert.equal(rec.status, 'completed');
      assert.deepEqual(rec.model_server, { url: server.url });
      const res = JSON.parse(fs.readFileSync(path.join(dir, 'eval', 'model-server', 'results_playtable.json'), 'utf8'));
      assert.equal(res.checkpoint, `model-server:${server.url}`);
      assert.equal(res.task_info.open_drawer.total, 2);
      assert.equal(res.protocol.seed, 7);
      // trained on scene A's demonstrations, scored in B (--scene): the split says so
      assert.deepEqual([res.protocol.scene, res.protocol.split], ['B', 'A->B']);
      assert.match(res.protocol.benchmark_version, /^\d+\+[0-9a-f]{10}$/);
      assert.equal(res.model_server.server, 'VLALabModelServer');
      const shown = cli(['show', `served-eval/${id}`, '--runs-dir', runs]);
      assert.equal(shown.code, 0, shown.err);
      assert.match(shown.out, /open_drawer\s+\d\/2/);
      assert.ok(shown.out.includes(`model-server:${server.url}`));
    } finally {
      await server.stop();
    }
    // the server is gone now: refused before any run is created
    const before = fs.readdirSync(path.join(runs, 'served-eval')).length;
    const dead = cli([
      'eval',
      '--model-server',
      server.url,
      '--spec',
      'scored.vla.json',
      '--experiment',
      'served-eval',
      '--runs-dir',
      runs,
    ]);
    assert.equal(dead.code, 1, dead.err);
    assert.equal(dead.err.trim().split('\n').length, 1);
    assert.match(
      dead.err,
      new RegExp(
        `cannot reach the model server at ${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(ECONNREFUSED\\): start it first`,
      ),
    );
    const remote = cli(['eval', '--model-server', 'ws://192.0.2.1:8000', '--spec', 'scored.vla.json', '--runs-dir', runs]);
    assert.equal(remote.code, 1, remote.err);
    assert.equal(remote.err.trim().split('\n').length, 1);
    assert.match(remote.err, /not on this machine.*--allow-remote/);
    assert.equal(fs.readdirSync(path.join(runs, 'served-eval')).length, before);
  },
);

test('the loopback hosts are the same in both languages', () => {
  const py = fs.readFileSync(path.join(ROOT, 'python/vlalab/serving/server.py'), 'utf8');
  const m = /^LOCAL_HOSTS = \(([^)]*)\)/m.exec(py);
  assert.ok(m, 'server.py defines LOCAL_HOSTS');
  assert.deepEqual(
    m![1]
      .split(',')
      .map((s) => s.trim().replace(/^"|"$/g, ''))
      .filter(Boolean),
    [...LOOPBACK_HOSTS],
  );
});
