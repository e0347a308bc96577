import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { classifyExit, summarize, tailLines } from '../../extension/core/runner/status';
import { isSameProcessAlive, processStartTime } from '../../extension/core/runner/process';
import { reconcile } from '../../extension/core/runner/runs';
import { readRecord, writeRecord } from '../../extension/core/runner/record';
import { findInterpreter, interpreterCandidates, probeInterpreter } from '../../extension/core/runner/interpreter';
import { isUserError } from '../../extension/core/errors';
import type { RunEvent } from '../../extension/core/generated/events';
import { tempDir } from './tmp-helpers';

const base = {
  code: null as number | null,
  signal: null as string | null,
  cancelRequested: false,
  runEnd: null,
  stderrTail: [] as string[],
};

test('exit → status with the cause named', () => {
  assert.equal(classifyExit({ ...base, code: 0 }).status, 'completed');
  const kill = classifyExit({ ...base, signal: 'SIGKILL', stderrTail: ['step 40 loss 0.3'] });
  assert.equal(kill.status, 'failed');
  assert.match(kill.error!, /killed by SIGKILL/);
  assert.equal(kill.error_kind, 'signal');
  const oom137 = classifyExit({ ...base, code: 137 });
  assert.equal(oom137.error_kind, 'oom');
  assert.match(oom137.error!, /out of memory/);
  const cuda = classifyExit({
    ...base,
    code: 1,
    stderrTail: ['Traceback…', 'torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB'],
  });
  assert.equal(cuda.error_kind, 'oom');
  assert.match(cuda.error!, /out of memory.*CUDA out of memory/);
  assert.equal(classifyExit({ ...base, signal: 'SIGKILL', stderrTail: ['Killed'] }).error_kind, 'oom');
  const nan = classifyExit({
    ...base,
    code: 1,
    runEnd: { v: 1, type: 'run_end', t: 1, status: 'failed', error: 'loss became nan at step 12', error_kind: 'nan' },
  });
  assert.equal(nan.error_kind, 'nan');
  assert.match(nan.error!, /nan/i);
  const nan2 = classifyExit({
    ...base,
    code: 1,
    runEnd: { v: 1, type: 'run_end', t: 1, status: 'failed', error: 'diverged at step 12', error_kind: 'nan' },
  });
  assert.match(nan2.error!, /^NaN loss: diverged/);
  assert.equal(classifyExit({ ...base, code: 143, cancelRequested: true }).status, 'cancelled');
  assert.equal(classifyExit({ ...base, signal: 'SIGKILL', cancelRequested: true }).status, 'cancelled');
  assert.equal(classifyExit({ ...base, code: 143 }).status, 'failed', 'a SIGTERM nobody asked for is a failure');
  const bad = classifyExit({ ...base, code: 2, stderrTail: ['vlalab: spec.json: data.stages[0] has no datasets'] });
  assert.equal(bad.error_kind, 'config');
  assert.match(bad.error!, /no datasets/);
  // Under torchrun (python/vlalab/torchrun.py passes the failed rank's exit status on): torchrun's own
  // log line after the worker's says only that a worker failed; the worker's line says why.
  const ranks = classifyExit({
    ...base,
    code: 2,
    stderrTail: [
      'vlalab: data.stages is empty: add a stage with datasets and steps',
      'vlalab: data.stages is empty: add a stage with datasets and steps',
      'ERROR:torch.distributed.elastic.multiprocessing.api:failed (exitcode: 2) local_rank: 0 (pid: 14347) of binary: /usr/bin/python3',
    ],
  });
  assert.equal(ranks.error_kind, 'config');
  assert.equal(ranks.error, 'the trainer refused its input: vlalab: data.stages is empty: add a stage with datasets and steps');
  const crash = classifyExit({
    ...base,
    code: 3,
    stderrTail: ['Traceback (most recent call last):', '  File "x.py", line 1', "KeyError: 'boom'"],
  });
  assert.match(crash.error!, /exited with code 3: KeyError: 'boom'/);
});

test('summaries follow the latest start: a resumed run is not ended by its earlier run_end', () => {
  const ev: RunEvent[] = [
    { v: 1, type: 'run_start', t: 1, spec_hash: 'h', host: 'h', device: 'cpu', versions: {} },
    { v: 1, type: 'scalar', t: 2, step: 10, name: 'train/loss', value: 0.5 },
    { v: 1, type: 'progress', t: 2, step: 10, total: 100, samples_per_s: 50, eta_s: 20 },
    { v: 1, type: 'run_end', t: 3, status: 'failed', error: 'killed by SIGKILL', error_kind: 'signal' },
    { v: 1, type: 'run_start', t: 4, spec_hash: 'h', host: 'h', device: 'cpu', versions: {}, resumed: true, start_step: 10 },
    { v: 1, type: 'scalar', t: 5, step: 20, name: 'train/loss', value: 0.25 },
  ];
  const s = summarize(ev);
  assert.equal(s.runEnd, null);
  assert.equal(s.loss, 0.25);
  assert.equal(s.step, 20);
  assert.equal(s.total, 100);
});

test('tailLines returns the last lines', () => {
  const f = path.join(tempDir('tail-'), 'x.log');
  fs.writeFileSync(f, Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n');
  assert.deepEqual(tailLines(f, 3), ['line 97', 'line 98', 'line 99']);
  assert.deepEqual(tailLines(f + '.missing'), []);
});

test('pid reuse: a live pid with another start time is not the run', async () => {
  const mine = processStartTime(process.pid);
  assert.ok(mine && /^\d+$/.test(mine));
  assert.ok(isSameProcessAlive(process.pid, mine));
  assert.equal(isSameProcessAlive(process.pid, String(Number(mine) - 1)), false);
  const dir = tempDir('reuse-');
  // A record claiming this (live) test process as its worker and supervisor, with other start times.
  writeRecord(dir, {
    v: 1,
    id: 'r',
    experiment: 'e',
    status: 'running',
    backend: 'builtin',
    launcher: 'local',
    created_at: '2026-01-01T00:00:00Z',
    host: os.hostname(),
    pid: process.pid,
    pgid: process.pid,
    pid_start_time: String(Number(mine) - 5),
    supervisor: { pid: process.pid, start_time: String(Number(mine) - 5), host: os.hostname() },
  });
  const r = reconcile(dir)!;
  assert.equal(r.status, 'failed');
  assert.match(r.error!, /processes are gone/);
  assert.equal(readRecord(dir)!.status, 'failed');
  // …while the same record with the true start time is running.
  const dir2 = tempDir('live-');
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 100));
  writeRecord(dir2, {
    v: 1,
    id: 'r',
    experiment: 'e',
    status: 'running',
    backend: 'builtin',
    launcher: 'local',
    created_at: '2026-01-01T00:00:00Z',
    host: os.hostname(),
    pid: child.pid!,
    pid_start_time: processStartTime(child.pid!),
  });
  assert.equal(reconcile(dir2)!.status, 'running');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.equal(reconcile(dir2)!.status, 'failed');
});

test('a dead run with a run_end in its events takes its status from there', () => {
  const dir = tempDir('ended-');
  writeRecord(dir, {
    v: 1,
    id: 'r',
    experiment: 'e',
    status: 'running',
    backend: 'builtin',
    launcher: 'local',
    created_at: '2026-01-01T00:00:00Z',
    host: os.hostname(),
    pid: 999999,
    pid_start_time: '1',
  });
  fs.writeFileSync(
    path.join(dir, 'events.jsonl'),
    JSON.stringify({ v: 1, type: 'run_end', t: 1e9, status: 'completed', exit_code: 0 }) + '\n',
  );
  assert.equal(reconcile(dir)!.status, 'completed');
});

test("interpreter: the project's .venv comes after the editor's choice and before PATH", () => {
  const root = tempDir('venv-');
  const ext = tempDir('ext-');
  for (const r of [root, ext]) {
    fs.mkdirSync(path.join(r, '.venv', 'bin'), { recursive: true });
    fs.writeFileSync(path.join(r, '.venv', 'bin', 'python'), '#!/bin/sh\n', { mode: 0o755 });
  }
  const editor = path.resolve('test/fixtures/workers/no_torch_python.py');
  const c = interpreterCandidates({ cwd: root, extRoot: ext, editorInterpreter: () => editor, env: { PATH: '' } });
  assert.deepEqual(c.slice(0, 3), [editor, path.join(root, '.venv', 'bin', 'python'), path.join(ext, '.venv', 'bin', 'python')]);
  // Without a .venv anywhere the PATH candidates follow the editor's directly.
  const bare = tempDir('bare-');
  assert.ok(!interpreterCandidates({ cwd: bare, extRoot: bare, env: { PATH: '' } }).some((p) => p.includes('.venv')));
});

test('interpreter: missing torch is ONE line that says how to fix it', () => {
  const fake = path.resolve('test/fixtures/workers/no_torch_python.py');
  const info = probeInterpreter(fake, { cacheFile: null });
  assert.equal(info?.torch, null);
  assert.match(info!.error!, /No module named 'torch'/);
  assert.throws(
    () => findInterpreter({ explicit: fake, cacheFile: null }),
    (e) => {
      assert.ok(isUserError(e));
      assert.ok(!e.message.includes('\n'));
      assert.match(e.message, /torch is not importable from .*no_torch_python\.py/);
      assert.match(e.message, /bash scripts\/setup\.sh/);
      assert.match(e.message, /--python/);
      return true;
    },
  );
  assert.throws(() => findInterpreter({ explicit: '/nonexistent/python3', cacheFile: null }), /cannot be run/);
});
