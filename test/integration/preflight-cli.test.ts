/**
 * Preflight through the built CLI (node dist/cli.js, after node scripts/build.mjs): `vla-lab run`
 * refuses a spec whose data and hf: weights are missing with one line per problem and creates no
 * run; --no-preflight queues it. VLA_LAB_MAX_RUNS=0 keeps the queued run from starting.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../unit/tmp-helpers';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FAKE = path.join(ROOT, 'test/fixtures/workers/fake_worker.py'); // answers probes as the project's .venv

function cli(cwd: string, args: string[]) {
  assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run node scripts/build.mjs');
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      VLA_LAB_NVIDIA_SMI: '/nonexistent/nvidia-smi',
      VLA_LAB_MAX_RUNS: '0',
      XDG_CACHE_HOME: path.join(cwd, '.cache'),
      HF_HUB_CACHE: path.join(cwd, 'hub'),
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('vla-lab run: missing data and hf: weights refuse the launch, one line each; --no-preflight queues it', () => {
  const ws = tempDir('vla-preflight-cli-');
  fs.writeFileSync(
    path.join(ws, 'broken.vla.json'),
    JSON.stringify(
      {
        name: 'broken',
        backbone: { id: 'hf:./no-such-model' },
        data: { stages: [{ name: 'ft', datasets: [{ type: 'calvin', path: 'task_D_D' }], steps: 5 }] },
        eval: [],
      },
      null,
      2,
    ),
  );
  const refused = cli(ws, ['run', 'broken.vla.json', '--python', FAKE, '--detach']);
  assert.equal(refused.code, 1, refused.err);
  const lines = refused.err.trim().split('\n');
  assert.ok(
    lines.some((l) => /^preflight error \(data\): data\.stages\[0\]\.datasets\[0\]: .*task_D_D is not a directory — fix: /.test(l)),
    refused.err,
  );
  assert.ok(
    lines.some((l) => /^preflight error \(weights\): backbone hf:\.\/no-such-model: no local directory .* — fix: download it/.test(l)),
    refused.err,
  );
  assert.match(lines[lines.length - 1], /^vla-lab: preflight found 2 problems that would fail the run .*--no-preflight/);
  assert.equal(fs.existsSync(path.join(ws, 'runs', 'broken')), false, 'no run folder for a refused launch');

  const forced = cli(ws, ['run', 'broken.vla.json', '--python', FAKE, '--detach', '--no-preflight']);
  assert.equal(forced.code, 0, forced.err);
  assert.doesNotMatch(forced.err, /preflight/);
  assert.match(forced.out, /queued in runs\/broken\//);
});
