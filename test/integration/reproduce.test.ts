/**
 * `vla-lab reproduce` end to end with the real trainer: a short run re-created from its manifest
 * logs the same losses at every step (bit for bit, on the same machine); a changed dataset stops it
 * in one line unless --force.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CLI = path.join(ROOT, 'extension/cli/main.ts');
const PYTHON = path.join(ROOT, '.venv/bin/python');

function cli(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', TSX, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
    env: {
      ...process.env,
      VLA_LAB_NVIDIA_SMI: '/nonexistent/nvidia-smi',
      XDG_CACHE_HOME: path.join(cwd, '.cache'),
      VLA_LAB_THREADS: '1',
      OPENBLAS_NUM_THREADS: '1',
      VLA_LAB_PROGRESS_MS: '60000',
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** step → train/loss of a run, as the trainer wrote it (JSON numbers: every bit of the double). */
function losses(runDir: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of fs.readFileSync(path.join(runDir, 'events.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const e = JSON.parse(line);
    if (e.type === 'scalar' && e.name === 'train/loss') out.set(e.step, e.value);
  }
  return out;
}

test('a short run reproduced from its manifest logs the same loss at every step; changed data refuses', () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-repro-'));
  fs.writeFileSync(
    path.join(ws, 'tiny.vla.json'),
    JSON.stringify(
      {
        name: 'tiny',
        backbone: { id: 'tiny-prefix', size: 'nano' },
        policy: { formulation: 'policy-head', history: 2, chunk: 2, head: { type: 'mlp', hidden: 32, layers: 1 } },
        observation: { image_size: 32, patch_size: 8, cameras: ['static'] },
        data: { stages: [{ name: 'ft', datasets: [{ type: 'playtable', tasks: ['open_drawer'], episodes: 2, seed: 3 }], steps: 6 }] },
        train: { batch_size: 8, lr: 0.002, log_every: 1, val_every: 3, checkpoint_every: 3, warmup_steps: 0, seed: 11, word_dropout: 0.2 },
        eval: [],
      },
      null,
      2,
    ),
  );
  const first = cli(ws, ['run', 'tiny.vla.json', '--python', PYTHON]);
  assert.equal(first.code, 0, first.out + first.err);
  const [origId] = fs.readdirSync(path.join(ws, 'runs', 'tiny'));
  const orig = path.join(ws, 'runs', 'tiny', origId);

  const dry = cli(ws, ['reproduce', `tiny/${origId}`, '--dry-run', '--python', PYTHON]);
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, new RegExp(`^reproducing tiny/${origId} \\(spec sha256 [0-9a-f]{12}, seeds .*/train/seed=11`, 'm'));
  assert.match(dry.out, /^environment: /m);
  assert.doesNotMatch(dry.out, /^ +data /m, 'the data is the same');
  assert.match(dry.out, /dry run: nothing started/);
  assert.equal(fs.readdirSync(path.join(ws, 'runs', 'tiny')).length, 1, 'a dry run starts nothing');

  const again = cli(ws, ['reproduce', `tiny/${origId}`, '--python', PYTHON]);
  assert.equal(again.code, 0, again.out + again.err);
  const newId = fs.readdirSync(path.join(ws, 'runs', 'tiny')).find((d) => d !== origId)!;
  assert.match(again.out, new RegExp(`tiny/${newId} queued in .*: a reproduction of tiny/${origId}`));
  const a = losses(orig);
  const b = losses(path.join(ws, 'runs', 'tiny', newId));
  assert.deepEqual([...a.keys()], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...b.entries()], [...a.entries()], 'the same loss, bit for bit, at every logged step');
  const m1 = JSON.parse(fs.readFileSync(path.join(orig, 'manifest.json'), 'utf8'));
  const m2 = JSON.parse(fs.readFileSync(path.join(ws, 'runs', 'tiny', newId, 'manifest.json'), 'utf8'));
  assert.equal(m2.spec.sha256, m1.spec.sha256);
  assert.deepEqual(m2.data, m1.data);

  // run.json and show say which run this one re-creates
  assert.equal(JSON.parse(fs.readFileSync(path.join(ws, 'runs', 'tiny', newId, 'run.json'), 'utf8')).reproduces, `tiny/${origId}`);
  assert.match(cli(ws, ['show', `tiny/${newId}`]).out, new RegExp(`^reproduces +tiny/${origId}$`, 'm'));

  // Every episode file is hashed: one changed frame file refuses the reproduction, named.
  const dataset = m1.data[0].path as string;
  assert.ok(
    m1.data[0].episodes.count > 10 &&
      Object.keys(m1.data[0].episodes.files).every((f: string) => /^(training|validation)\/episode_\d{7}\.npz$/.test(f)),
  );
  const episode = Object.keys(m1.data[0].episodes.files)[3];
  const original = fs.readFileSync(path.join(dataset, episode));
  fs.appendFileSync(path.join(dataset, episode), Buffer.from([0]));
  const episodeRefused = cli(ws, ['reproduce', `tiny/${origId}`, '--python', PYTHON, '--dry-run']);
  assert.equal(episodeRefused.code, 0);
  assert.match(
    episodeRefused.out,
    new RegExp(`dry run: would refuse \\(data 1 \\(.*/training\\) episode files ${episode.replace('.', '\\.')} \\(changed\\) differ`),
  );
  fs.writeFileSync(path.join(dataset, episode), original);

  // The generated dataset changes under the run: the reproduction refuses in one line.
  fs.appendFileSync(path.join(dataset, 'training', 'ep_start_end_ids.npy'), Buffer.from([0]));
  const refused = cli(ws, ['reproduce', `tiny/${origId}`, '--python', PYTHON]);
  assert.equal(refused.code, 1);
  assert.match(refused.out, /^ +data +data 1 \(.*\/training\) +sha256 [0-9a-f]{12} +sha256 [0-9a-f]{12}/m);
  const errLines = refused.err.trim().split('\n');
  assert.equal(errLines.length, 1, refused.err);
  assert.match(errLines[0], /^vla-lab: data 1 \(.*\) differs from the recorded run: .*pass --force to start anyway$/);
  assert.equal(fs.readdirSync(path.join(ws, 'runs', 'tiny')).length, 2, 'nothing started');
  fs.rmSync(ws, { recursive: true, force: true });
});

test('a run without a manifest is refused with what to do instead', () => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-repro-'));
  const dir = path.join(ws, 'runs', 'old', 'r1');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'run.json'),
    JSON.stringify({
      v: 1,
      id: 'r1',
      experiment: 'old',
      status: 'completed',
      backend: 'builtin',
      launcher: 'local',
      created_at: '2024-01-01T00:00:00Z',
    }),
  );
  const r = cli(ws, ['reproduce', 'old/r1', '--python', PYTHON]);
  assert.equal(r.code, 1);
  assert.match(
    r.err.trim(),
    /^vla-lab: old\/r1 has no manifest\.json \(.*\); start its spec again: vla-lab run runs\/old\/r1\/spec\.json$/,
  );
  fs.rmSync(ws, { recursive: true, force: true });
});
