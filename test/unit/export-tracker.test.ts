/**
 * `vla-lab export-tracker --to tensorboard` on a real tiny run: the event files that tensorboard's
 * SummaryWriter wrote, read back by our own reader (core/tensorboard), hold every scalar of
 * events.jsonl at its step (as float32, TensorBoard's scalar type) and the evaluation results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../extension/cli/main';
import { findEventFiles, readScalars } from '../../extension/core/tensorboard';
import { repoRoot } from './spec-helpers';

const PYTHON = path.join(repoRoot, '.venv/bin/python');
const ENV = {
  ...process.env,
  PYTHONPATH: `${path.join(repoRoot, 'python')}:${path.join(repoRoot, 'test/python')}`,
  VLA_LAB_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
};

function py(args: string[]) {
  const r = spawnSync(PYTHON, args, { env: ENV, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

async function cli(cwd: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    cwd,
    env: { ...process.env, VLA_LAB_PYTHON: PYTHON },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTTY: false,
  });
  return { code, out, err };
}

test('a run exported to TensorBoard reads back with our reader: every scalar at its step, the evaluation too', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-tb-'));
  const data = path.join(tmp, 'data');
  py(['-m', 'vlalab', 'gen-data', '--out', data, '--tasks', 'open_drawer,move_slider_left', '--episodes', '3', '--image-size', '32']);
  const run = py([
    '-c',
    `from tiny_run import make_tiny_run; print(make_tiny_run(${JSON.stringify(tmp)}, ${JSON.stringify(data)}))`,
  ]).trim();
  const events = fs
    .readFileSync(path.join(run, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

  const r = await cli(tmp, ['export-tracker', 'tiny/latest', '--to', 'tensorboard']);
  assert.equal(r.code, 0, r.err.join('\n'));
  assert.match(r.out.join('\n'), /^wrote tensorboard files to .*\/tensorboard: \d+ scalars$/);
  const files = findEventFiles(path.join(run, 'tensorboard'));
  assert.equal(files.length, 1);
  const read = readScalars(files[0]);
  const got = new Map(read.scalars.map((s) => [`${s.tag}@${s.step}`, s]));
  const scalars = events.filter((e) => e.type === 'scalar');
  assert.ok(scalars.length >= 30);
  for (const e of scalars) {
    const s = got.get(`${e.name}@${e.step}`);
    assert.ok(s, `${e.name} at step ${e.step} is in the event file`);
    assert.equal(s!.value, Math.fround(e.value), `${e.name}@${e.step}`);
    assert.ok(Math.abs(s!.wallTime - e.t) < 1e-3);
  }
  const ev = events.find((e) => e.type === 'eval_result');
  assert.equal(got.get(`eval/playtable/avg_len@6`)!.value, Math.fround(ev.avg_seq_len));
  assert.equal(got.get(`eval/playtable/sr_2@6`)!.value, Math.fround(ev.chain_sr['2']));
  assert.equal(read.scalars.length, scalars.length + 1 + 2 + Object.keys(ev.task_info).length, 'nothing else, nothing twice');

  const bad = await cli(tmp, ['export-tracker', 'tiny/latest', '--to', 'mlflow']);
  assert.equal(bad.code, 1);
  assert.deepEqual(bad.err, ['vla-lab: export-tracker: --to must be tensorboard or wandb']);
  fs.rmSync(tmp, { recursive: true, force: true });
});
