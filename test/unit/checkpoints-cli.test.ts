/**
 * `vla-lab checkpoints` and the disk use in `vla-lab show`, on a run folder's checkpoints: the
 * listing says why each is kept (the spec's keep rules, the metrics in checkpoints/index.json), a
 * pin made from the CLI is a checkpoints/<name>.pin file, best:<metric> picks by the index.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../extension/cli/main';
import { resolveSpec } from '../../extension/core/spec';
import { baseSpec, repoRoot } from './spec-helpers';
import { tempDir } from './tmp-helpers';

const PYTHON = path.join(repoRoot, '.venv/bin/python');

async function cli(cwd: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    cwd,
    env: { ...process.env, VLA_LAB_PYTHON: PYTHON, XDG_CACHE_HOME: path.join(cwd, '.cache') },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTTY: false,
  });
  return { code, out, err };
}

const name = (s: number) => `step-${String(s).padStart(7, '0')}.pt`;

test('checkpoints lists why each is kept, pins from the CLI, picks best:<metric>; show reports the disk use', async () => {
  const ws = tempDir('vla-ckpt-');
  const dir = path.join(ws, 'runs', 'base', 'r1');
  const ck = path.join(dir, 'checkpoints');
  fs.mkdirSync(ck, { recursive: true });
  const spec = baseSpec();
  spec.train = { ...spec.train, keep_checkpoints: 1, keep_best: 1, best_metric: 'val/loss' };
  fs.writeFileSync(path.join(dir, 'spec.json'), JSON.stringify(resolveSpec(spec)));
  fs.writeFileSync(
    path.join(dir, 'run.json'),
    JSON.stringify({
      v: 1,
      id: 'r1',
      experiment: 'base',
      status: 'completed',
      backend: 'builtin',
      launcher: 'local',
      created_at: '2026-12-04T00:00:00Z',
    }),
  );
  const valLoss: Record<number, number> = { 10: 0.9, 20: 0.4, 30: 0.6 };
  const index: Record<string, unknown> = {};
  for (const [s, v] of Object.entries(valLoss)) {
    fs.writeFileSync(path.join(ck, name(Number(s))), Buffer.alloc(1000 * Number(s)));
    index[name(Number(s))] = { step: Number(s), metrics: { 'val/loss': [Number(s), v], 'train/loss': [Number(s), v + 1] } };
  }
  fs.writeFileSync(path.join(ck, 'index.json'), JSON.stringify(index));
  fs.writeFileSync(path.join(ck, 'final.txt'), `${name(30)}\n`);

  const list = await cli(ws, ['checkpoints', 'base/r1']);
  assert.equal(list.code, 0, list.err.join('\n'));
  const row = (n: string) => list.out.find((l) => l.startsWith(n))!.split(/\s{2,}/);
  assert.deepEqual(row(name(10)), [name(10), '10', '9.8 KiB', '0.9', '1.9', 'not by the rules (pruned at the next save)']);
  assert.deepEqual(row(name(20)).slice(-1), ['best val/loss']);
  assert.deepEqual(row(name(30)).slice(-1), ['last, final']);
  assert.equal(list.out.at(-1), '3 checkpoints, 59 KiB');

  const pick = await cli(ws, ['checkpoints', 'base/r1', '--pick', 'best:val/loss']);
  assert.deepEqual(pick.out, [path.join(ck, name(20))]);
  const pin = await cli(ws, ['checkpoints', 'base/r1', '--pin', name(10)]);
  assert.deepEqual(pin.out, [`pinned ${name(10)}`]);
  assert.ok(fs.existsSync(path.join(ck, `${name(10)}.pin`)));
  const again = await cli(ws, ['checkpoints', 'base/r1', '--json']);
  const parsed = JSON.parse(again.out.join('\n'));
  assert.deepEqual(parsed.checkpoints.find((c: { name: string }) => c.name === name(10)).kept_because, ['pinned']);

  const bad = await cli(ws, ['checkpoints', 'base/r1', '--pick', 'best:success']);
  assert.equal(bad.code, 1);
  assert.equal(bad.err.length, 1);
  assert.match(
    bad.err[0],
    /^vla-lab: checkpoints base\/r1: no checkpoint of .* has a value of 'success'; metrics recorded: train\/loss, val\/loss$/,
  );

  const show = await cli(ws, ['show', 'base/r1']);
  assert.ok(
    show.out
      .map((l) => l.trim())
      .includes(`checkpoints: 3 on disk, 59 KiB (1 pinned); 0 written — 'vla-lab checkpoints base/r1' lists them`),
    show.out.join('\n'),
  );
  const json = JSON.parse((await cli(ws, ['show', 'base/r1', '--json'])).out.join('\n'));
  assert.deepEqual(json.summary.checkpoint_disk, { count: 3, bytes: 60000 });
  fs.rmSync(ws, { recursive: true, force: true });
});
