import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chainsEvaluated,
  mergeCalvinResults,
  parseCalvinResult,
  readRoboVLMsLogs,
  RoboVLMsLogTail,
} from '../../extension/core/adapters/robovlms-logs';
import { eventProblem } from '../../extension/core/events';
import type { CheckpointEvent, EvalResultEvent, RunEvent, ScalarEvent } from '../../extension/core/generated/events';

// Written by RoboVLMs itself (its Lightning TensorBoardLogger) in a real run: test/fixtures/robovlms-run/
// (README.md there); truth.json: what TensorBoard's own reader finds in it.
const REAL = join(__dirname, '..', 'fixtures', 'robovlms-run');
const TRUTH = JSON.parse(readFileSync(join(REAL, 'truth.json'), 'utf8')).version_0 as Record<
  string,
  { count: number; first: [number, number] }
>;
const LIGHTNING_V0 = join(
  REAL,
  'robovlms',
  'logs',
  'kosmos',
  'calvin_finetune',
  '2026-12-04',
  '20261204-195646-c2db',
  '20261204-195646-c2db',
  'version_0',
);
const LIGHTNING = join(LIGHTNING_V0, readdirSync(LIGHTNING_V0).find((f) => f.startsWith('events.out.tfevents.'))!);

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'vla-robovlms-'));
}

const scalars = (events: RunEvent[]) => events.filter((e): e is ScalarEvent => e.type === 'scalar');
const assertValid = (events: RunEvent[]) => {
  for (const e of events) assert.equal(eventProblem(e), null, JSON.stringify(e));
};

test('metrics.csv: sparse rows become scalars; appended rows and a rewrite with a new column are read once', () => {
  const root = tmp();
  try {
    const version = join(root, 'logs', 'kosmos', 'calvin_finetune', '2024-05-01', 'exp', 'exp', 'version_0');
    mkdirSync(version, { recursive: true });
    const csv = join(version, 'metrics.csv');
    const header = 'epoch,lr-AdamW,step,train_acc_gripper_act,train_loss,train_loss_arm_act,train_loss_gripper_act\n';
    writeFileSync(csv, header + '0,0.0001,9,,,,\n0,,9,0.55,1.25,0.875,0.375\n0,,19,0.6,nan');
    const tail = new RoboVLMsLogTail({ logDir: join(root, 'logs') });
    const first = tail.poll();
    assert.deepEqual(first.warnings, []);
    assertValid(first.events);
    assert.deepEqual(
      scalars(first.events).map((e) => [e.name, e.step, e.value]),
      [
        ['epoch', 9, 0],
        ['train/lr', 9, 0.0001],
        ['epoch', 9, 0],
        ['train/acc_gripper', 9, 0.55],
        ['train/loss', 9, 1.25],
        ['train/loss_arm', 9, 0.875],
        ['train/loss_gripper', 9, 0.375],
      ],
      'the unterminated last row waits',
    );
    appendFileSync(csv, ',0.5,0.25\n');
    assert.deepEqual(
      scalars(tail.poll().events).map((e) => [e.name, e.step, e.value]),
      [
        ['epoch', 19, 0],
        ['train/acc_gripper', 19, 0.6],
        ['train/loss', 19, null],
        ['train/loss_arm', 19, 0.5],
        ['train/loss_gripper', 19, 0.25],
      ],
    );
    // Lightning rewrites the file when a metric appears for the first time (here val_loss).
    writeFileSync(
      csv,
      header.replace('\n', ',val_loss\n') + '0,0.0001,9,,,,,\n0,,9,0.55,1.25,0.875,0.375,\n0,,19,0.6,nan,0.5,0.25,\n0,,19,,,,,0.9\n',
    );
    const third = tail.poll();
    assert.deepEqual(third.warnings, []);
    assert.deepEqual(
      scalars(third.events).map((e) => [e.name, e.step, e.value]),
      [
        ['epoch', 19, 0],
        ['val/loss', 19, 0.9],
      ],
    );
    assert.deepEqual(tail.poll().events, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('metrics.csv: bad cells are warned about, not fatal', () => {
  const root = tmp();
  try {
    writeFileSync(join(root, 'metrics.csv'), 'step,train_loss\n3,abc\nx,1\n4,0.5\n');
    const { events, warnings } = readRoboVLMsLogs({ logDir: root });
    assert.deepEqual(
      scalars(events).map((e) => [e.name, e.step, e.value]),
      [['train/loss', 4, 0.5]],
    );
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /metrics\.csv:2: train_loss is "abc", not a number/);
    assert.match(warnings[1], /metrics\.csv:3: step "x" is not a step number/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('TensorBoard event files are preferred over metrics.csv (RoboVLMs can run both loggers)', () => {
  const root = tmp();
  try {
    const v0 = join(root, 'exp', 'version_0');
    const v1 = join(root, 'exp', 'version_1');
    mkdirSync(v0, { recursive: true });
    mkdirSync(v1, { recursive: true });
    copyFileSync(LIGHTNING, join(v0, 'events.out.tfevents.1796414225.vm.28800.0'));
    writeFileSync(join(v1, 'metrics.csv'), 'step,train_loss\n49,2.0573\n');
    const { events, warnings } = readRoboVLMsLogs({ logDir: root });
    assert.deepEqual(warnings, []);
    const loss = scalars(events).filter((e) => e.name === 'train/loss');
    assert.equal(loss.length, TRUTH.train_loss.count);
    assert.equal(loss[0].step, TRUTH.train_loss.first[0]);
    assert.equal(scalars(events).filter((e) => e.name === 'val/loss').length, TRUTH.val_loss.count);
    const csvOnly = readRoboVLMsLogs({ logDir: root, scalars: 'csv' });
    assert.deepEqual(
      scalars(csvOnly.events).map((e) => [e.name, e.step]),
      [['train/loss', 49]],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('checkpoints: files once settled, DeepSpeed directories once complete, steps from the name', () => {
  const root = tmp();
  try {
    const out = join(root, 'run', 'checkpoints', 'kosmos', 'calvin', '2024-05-01', 'exp');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'epoch=0-step=1000.ckpt'), 'x'.repeat(10));
    writeFileSync(join(out, 'epoch=1-step=2000.ckpt'), 'x'.repeat(5));
    writeFileSync(join(out, 'last.ckpt'), 'x');
    const ds = join(out, 'epoch=2-step=3000.ckpt');
    mkdirSync(join(ds, 'checkpoint'), { recursive: true });
    writeFileSync(join(ds, 'checkpoint', 'mp_rank_00_model_states.pt'), 'w');
    const now = Date.now() / 1000 + 1; // the files are a second old
    const tail = new RoboVLMsLogTail({
      outputDir: join(root, 'run', 'checkpoints'),
      runDir: join(root, 'run'),
      settleSeconds: 60,
      now: () => now,
    });
    const first = tail.poll();
    assert.deepEqual(first.events, [], 'just written: not reported before they are stable');
    assert.equal(first.warnings.length, 1);
    assert.match(first.warnings[0], /last\.ckpt has no "step=N"/);
    appendFileSync(join(out, 'epoch=1-step=2000.ckpt'), 'more'); // still being written
    const second = tail.poll();
    assertValid(second.events);
    assert.deepEqual(
      second.events.map((e) => [(e as CheckpointEvent).step, (e as CheckpointEvent).path]),
      [[1000, 'checkpoints/kosmos/calvin/2024-05-01/exp/epoch=0-step=1000.ckpt']],
    );
    assert.deepEqual(second.warnings, [], 'the step-less checkpoint is warned about once');
    writeFileSync(join(ds, 'latest'), 'checkpoint');
    const third = tail.poll();
    assert.deepEqual(
      third.events.map((e) => [(e as CheckpointEvent).step, (e as CheckpointEvent).tag]),
      [
        [2000, undefined],
        [3000, 'deepspeed'],
      ],
    );
    assert.deepEqual(tail.poll().events, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// ─── CALVIN results ───

const TASKS = [
  'open_drawer',
  'push_red_block_left',
  'turn_on_lightbulb',
  'lift_blue_block_table',
  'stack_block',
  'rotate_pink_block_right',
  'close_drawer',
];

/** 1000 synthetic chains: five subtasks each, and how many were completed in a row. */
function chains(): { sequence: string[]; result: number }[] {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  return Array.from({ length: 1000 }, () => {
    const sequence = Array.from({ length: 5 }, () => TASKS[Math.floor(rand() * TASKS.length)]);
    let result = 0;
    while (result < 5 && rand() < 0.8) result++;
    return { sequence, result };
  });
}

/** What RoboVLMs' print_and_save writes for one rank's chains. */
function rankJson(part: { sequence: string[]; result: number }[]) {
  const n = part.length;
  const chain_sr: Record<string, number> = {};
  for (let i = 1; i <= 5; i++) chain_sr[String(i)] = part.filter((c) => c.result >= i).length / n;
  const task_info: Record<string, { success: number; total: number }> = {};
  for (const { sequence, result } of part) {
    sequence.slice(0, result).forEach((t) => {
      (task_info[t] ??= { success: 0, total: 0 }).success++;
      task_info[t].total++;
    });
    if (result < sequence.length) (task_info[sequence[result]] ??= { success: 0, total: 0 }).total++;
  }
  return { null: { avg_seq_len: part.reduce((s, c) => s + c.result, 0) / n, chain_sr, task_info } };
}

test('merging ranks weights each by the chains it evaluated (1000 chains on 3 ranks: 334/333/333)', () => {
  const all = chains();
  const perRank = [0, 1, 2].map((r) => all.filter((_, i) => i % 3 === r));
  assert.deepEqual(
    perRank.map((p) => p.length),
    [334, 333, 333],
  );
  const ranks = new Map(perRank.map((p, r) => [r, parseCalvinResult(JSON.stringify(rankJson(p))) as never]));
  assert.deepEqual(
    [...ranks.values()].map((r) => chainsEvaluated(r)),
    [334, 333, 333],
  );
  const merged = mergeCalvinResults(ranks);
  const whole = rankJson(all).null;
  assert.equal(merged.num_chains, 1000);
  assert.ok(Math.abs(merged.avg_seq_len - whole.avg_seq_len) < 1e-12, `${merged.avg_seq_len} vs ${whole.avg_seq_len}`);
  for (const k of ['1', '2', '3', '4', '5']) assert.ok(Math.abs(merged.chain_sr[k] - whole.chain_sr[k]) < 1e-12, k);
  assert.deepEqual(merged.task_info, whole.task_info);
  assert.equal(merged.chain_length, 5);
  // RoboVLMs' own merge tool averages without weights; with unequal shares that is off.
  const naive = perRank.reduce((s, p) => s + rankJson(p).null.avg_seq_len, 0) / 3;
  assert.notEqual(naive, whole.avg_seq_len);
});

test('CALVIN result files become one eval_result per checkpoint once every rank is in', () => {
  const root = tmp();
  try {
    const dir = join(root, 'eval');
    mkdirSync(dir);
    const all = chains();
    const write = (r: number, world = 4) =>
      writeFileSync(
        join(dir, `results_calvin_epoch=3-step=4000_rand-${r}.json`),
        JSON.stringify(rankJson(all.filter((_, i) => i % world === r))),
      );
    write(0);
    write(1);
    writeFileSync(join(dir, 'results_calvin_epoch=3-step=4000_rand-2.json'), '{"null": {"avg_seq'); // being written
    const now = Date.now() / 1000;
    const tail = new RoboVLMsLogTail({ evalDirs: [dir], runDir: root, settleSeconds: 60, now: () => now });
    assert.deepEqual(tail.poll(), { events: [], warnings: [] }, 'half the chains: wait for the other ranks');
    write(2);
    write(3);
    const { events, warnings } = tail.poll();
    assert.deepEqual(warnings, []);
    assertValid(events);
    assert.equal(events.length, 1);
    const ev = events[0] as EvalResultEvent;
    const whole = rankJson(all).null;
    assert.equal(ev.benchmark, 'calvin');
    assert.equal(ev.checkpoint, 'epoch=3-step=4000');
    assert.equal(ev.step, 4000);
    assert.equal(ev.num_chains, 1000);
    assert.equal(ev.chain_length, 5);
    assert.equal(ev.results_path, 'eval/results_calvin_epoch=3-step=4000_rand-0.json');
    assert.ok(Math.abs(ev.avg_seq_len - whole.avg_seq_len) < 1e-12);
    assert.deepEqual(ev.task_info, whole.task_info);
    assert.deepEqual(tail.poll().events, [], 'reported once');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an evaluation that stopped early is reported at the end, with a warning', () => {
  const root = tmp();
  try {
    const all = chains();
    writeFileSync(join(root, 'results_calvin_epoch=0-step=500_rand-0.json'), JSON.stringify(rankJson(all.filter((_, i) => i % 8 === 0))));
    writeFileSync(join(root, 'results_calvin_epoch=0-step=500_rand-1.json'), 'garbage');
    const { events, warnings } = readRoboVLMsLogs({ evalDirs: [root] });
    assertValid(events);
    assert.equal(events.length, 1);
    assert.equal((events[0] as EvalResultEvent).num_chains, 125);
    assert.deepEqual(
      warnings.map((w) => w.replace(/\(.*\)/, '')),
      [
        'results_calvin_epoch=0-step=500_rand-1.json: not valid JSON; skipped',
        'CALVIN results for epoch=0-step=500 cover 125 of 1000 chains ; reported as they are',
      ],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a results file without the expected shape is explained', () => {
  assert.equal(parseCalvinResult('{"0": {}}'), 'no "null" entry (expected RoboVLMs results_calvin JSON)');
  assert.equal(
    parseCalvinResult('{"null": {"avg_seq_len": 1, "chain_sr": {"1": 0.5}, "task_info": {"a": {"success": 1}}}}'),
    '"task_info" entry "a" lacks integer success/total',
  );
});
