/** Two consumer processes (like the editor and a CLI) hammering one on-disk queue. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { enqueue, listActive, listPending, nextSeq } from '../../extension/core/runner/queue';
import { tempDir } from '../unit/tmp-helpers';

const ROOT = path.resolve(__dirname, '../..');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const CONSUMER = path.join(ROOT, 'test/fixtures/workers/queue_consumer.ts');

function consumer(root: string, log: string, mode: string, gpus: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', TSX, CONSUMER, root, log, mode, String(gpus)], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    p.once('error', reject);
    p.once('exit', (code) => resolve(code ?? -1));
  });
}

/** Starts two consumers, waits until both are ready, then lets them go at once. */
async function race(root: string, log: string, mode: string, gpus: number): Promise<number[]> {
  const runs = [consumer(root, log, mode, gpus), consumer(root, log, mode, gpus)];
  const deadline = Date.now() + 20_000;
  while (fs.readdirSync(root).filter((n) => n.startsWith(`${path.basename(log)}.ready-`)).length < 2 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  fs.writeFileSync(`${log}.go`, '');
  return Promise.all(runs);
}

function fill(root: string, n: number, gpus: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `r${String(i).padStart(3, '0')}`;
    enqueue(root, {
      experiment: 'exp',
      id,
      priority: i % 3,
      gpus,
      launcher: 'local',
      seq: nextSeq(),
      enqueued_at: new Date().toISOString(),
    });
    keys.push(`exp@${id}`);
  }
  return keys;
}

test('two consumers: every queued run is started exactly once', async () => {
  const root = tempDir('vla-queue-');
  const log = path.join(root, 'starts.log');
  const keys = fill(root, 80, 0);
  const codes = await race(root, log, 'release', 0);
  assert.deepEqual(codes, [0, 0]);
  const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
  const started = lines.map((l) => l.split(' ')[0]);
  assert.equal(started.length, keys.length, 'no run started twice, none lost');
  assert.deepEqual([...started].sort(), [...keys].sort());
  assert.equal(new Set(lines.map((l) => l.split(' ')[2])).size, 2, 'both consumers did work');
  assert.equal(listPending(root).length, 0);
});

test('two consumers never hand the same GPU to two runs', async () => {
  const root = tempDir('vla-queue-gpu-');
  const log = path.join(root, 'starts.log');
  fill(root, 12, 1);
  await race(root, log, 'hold', 4);
  const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
  assert.equal(lines.length, 4, 'only as many runs as GPUs');
  const gpus = lines.map((l) => l.split(' ')[1]);
  assert.deepEqual([...gpus].sort(), ['0', '1', '2', '3']);
  assert.equal(listActive(root).length, 4);
  assert.equal(listPending(root).length, 8);
  // Priority order held across both: the 4 started are the highest-priority ones (priority 2 first).
  const started = lines.map((l) => Number(l.split(' ')[0].slice(5)));
  assert.ok(
    started.every((i) => i % 3 === 2),
    `started ${started}`,
  );
});
