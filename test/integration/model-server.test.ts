/**
 * core/runner/model-server.ts: starts `python -m vlalab serve` on a briefly trained run, waits for its
 * URL and /health, reads /config's conventions, stops it (the port closes); a run without a
 * checkpoint and a non-loopback host without --allow-remote fail in one line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { healthy, startModelServer } from '../../extension/core/runner/model-server';

const ROOT = path.resolve(__dirname, '../..');
const PY = process.env.VLA_LAB_PYTHON ?? path.join(ROOT, '.venv', 'bin', 'python');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-serve-'));
test.after(() => fs.rmSync(work, { recursive: true, force: true }));
const env = { ...process.env, PYTHONPATH: path.join(ROOT, 'python'), VLA_LAB_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };

function trainTinyRun(): string {
  const data = path.join(work, 'data');
  const gen = spawnSync(PY, ['-m', 'vlalab', 'gen-data', '--out', data, '--tasks', 'open_drawer', '--episodes', '2', '--image-size', '32'], { env, encoding: 'utf8', timeout: 300_000 });
  assert.equal(gen.status, 0, gen.stderr);
  const spec = {
    name: 'serve', backbone: { id: 'tiny-prefix', size: 'nano' },
    policy: { formulation: 'policy-head', history: 1, chunk: 1, head: { type: 'mlp', hidden: 16, layers: 1 } },
    observation: { image_size: 32, patch_size: 8, cameras: ['static'] },
    data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', path: data, tasks: ['open_drawer'] }], steps: 2 }] },
    train: { batch_size: 4, log_every: 1, val_every: 100, checkpoint_every: 2, warmup_steps: 0 }, eval: [],
  };
  fs.writeFileSync(path.join(work, 'spec.json'), JSON.stringify(spec));
  const run = path.join(work, 'run');
  const r = spawnSync(PY, ['-m', 'vlalab', 'train', '--spec', path.join(work, 'spec.json'), '--run-dir', run], { env, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  return run;
}

function getJson(url: string): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => { let body = ''; res.on('data', (c) => (body += c)); res.on('end', () => resolve(JSON.parse(body))); }).on('error', reject);
  });
}

test('a served run is healthy, states its conventions on /config, and stops', { timeout: 600_000 }, async () => {
  const run = trainTinyRun();
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
