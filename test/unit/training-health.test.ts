/**
 * Training-health alarms from RoboVLMs' logs (core/health/monitor.ts through the RoboVLMs log
 * tail): the scalars of a run that does not learn raise flat-loss, gripper-at-chance and exploding
 * gradient warnings, once each and with the advice of schemas/training-health.json; a real
 * Lightning log and a learning run raise none. (test/python/test_training_health.py checks that the
 * trainer's detectors agree with these on the same streams.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RoboVLMsLogTail, roboVLMsGradClip } from '../../extension/core/adapters/robovlms-logs';
import { eventProblem } from '../../extension/core/events';
import { RUN_FILES } from '../../extension/core/runner/paths';
import { ALARMS, HEALTH_CODES, healthAdvice, ScalarHealthMonitor } from '../../extension/core/health/monitor';
import type { RunEvent, WarningEvent } from '../../extension/core/generated/events';

const FIXTURES = join(__dirname, '..', 'fixtures', 'tfevents');
const LIGHTNING_V0 = join(FIXTURES, 'lightning-run', 'version_0');

const warnings = (events: RunEvent[]) => events.filter((e): e is WarningEvent => e.type === 'warning');

/** A Lightning CSVLogger metrics.csv as RoboVLMs writes it: lr, train and val columns, sparse rows. */
function metricsCsv(rows: { step: number; lr?: number; acc?: number; val?: number; grad?: number }[]): string {
  const cell = (v: number | undefined) => (v === undefined ? '' : String(v));
  return (
    'epoch,lr-AdamW,step,train_acc_gripper_act,val_loss,grad_2.0_norm_total\n' +
    rows.map((r) => `0,${cell(r.lr)},${r.step},${cell(r.acc)},${cell(r.val)},${cell(r.grad)}`).join('\n') +
    '\n'
  );
}

function runWithLogs(csv: string): { root: string; runDir: string; logDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'vla-health-'));
  const runDir = join(root, 'run');
  const logDir = join(runDir, 'robovlms', 'logs');
  mkdirSync(join(logDir, 'version_0'), { recursive: true });
  writeFileSync(join(logDir, 'version_0', 'metrics.csv'), csv);
  return { root, runDir, logDir };
}

const stuck = Array.from({ length: 60 }, (_, i) => {
  const step = (i + 1) * 10;
  return {
    step,
    lr: 0,
    acc: 0.5 + ((i % 5) - 2) * 0.01,
    val: step % 50 === 0 ? 1.0847 : undefined,
    grad: i >= 45 ? 900 : 1 + (i % 3) * 0.2, // exploding from step 460 on: the third step above fires
  };
});

test('a RoboVLMs run that does not learn: flat validation loss, gripper at chance, gradient spike — once each, with advice', () => {
  const { root, runDir, logDir } = runWithLogs(metricsCsv(stuck));
  try {
    const tail = new RoboVLMsLogTail({ logDir, runDir, scalars: 'csv' });
    const first = tail.poll();
    const found = warnings(first.events);
    assert.deepEqual(
      found.map((w) => [w.code, w.step]),
      [
        ['val-loss-flat', 200],
        ['gripper-at-chance', 400],
        ['grad-norm-exploding', 480],
      ],
    );
    for (const w of found) {
      assert.equal(eventProblem(w), null, JSON.stringify(w));
      assert.equal(w.advice, ALARMS[w.code!].advice);
    }
    assert.match(found[0].message, /validation loss 1\.085 moved by 0% over the last 4 validations/);
    assert.match(found[2].message, /gradient norm 900 at step 480, \d+× the median .*; 3 of the last 10 steps above 50×/);
    assert.deepEqual(warnings(tail.poll(true).events), [], 'nothing twice');
    // a restarted supervisor reads the run's events.jsonl: what it holds is not said again
    writeFileSync(join(runDir, 'events.jsonl'), found.map((w) => JSON.stringify(w)).join('\n') + '\n');
    assert.deepEqual(warnings(new RoboVLMsLogTail({ logDir, runDir, scalars: 'csv' }).poll(true).events), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a learning run raises nothing; neither does a real Lightning log', () => {
  const learning = Array.from({ length: 60 }, (_, i) => {
    const step = (i + 1) * 10;
    return {
      step,
      lr: 1e-4 * (1 - step / 700),
      acc: Math.min(0.92, 0.5 + step / 500),
      val: step % 50 === 0 ? 1 / (1 + step / 200) : undefined,
      grad: 1 + (i % 7) * 0.5,
    };
  });
  const { root, runDir, logDir } = runWithLogs(metricsCsv(learning));
  try {
    assert.deepEqual(warnings(new RoboVLMsLogTail({ logDir, runDir, scalars: 'csv' }).poll(true).events), []);
    const tb = join(root, 'tb', 'version_0');
    mkdirSync(tb, { recursive: true });
    const file = readdirSync(LIGHTNING_V0).find((f) => f.startsWith('events.out.tfevents.'))!;
    copyFileSync(join(LIGHTNING_V0, file), join(tb, file));
    const real = new RoboVLMsLogTail({ logDir: join(root, 'tb') }).poll(true);
    assert.ok(real.events.some((e) => e.type === 'scalar'));
    assert.deepEqual(warnings(real.events), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the monitor covers exactly the alarms the JSON marks as computable from RoboVLMs scalars', () => {
  const fromRoboVLMs = HEALTH_CODES.filter((c) => ALARMS[c].from.includes('robovlms')).sort();
  assert.deepEqual(fromRoboVLMs, ['grad-norm-exploding', 'gripper-at-chance', 'val-loss-flat']);
  // a value logged again for an earlier step (a resumed run) is not fed twice
  const m = new ScalarHealthMonitor();
  const v = (step: number): RunEvent => ({ v: 1, type: 'scalar', t: 0, name: 'val/loss', step, value: 2 });
  assert.deepEqual(m.add([v(50), v(100), v(100), v(100)]), []);
  assert.equal(m.add([v(150), v(200)]).length, 1);
});

const gradNorms = (values: (number | null)[]): RunEvent[] =>
  values.map((value, i) => ({ v: 1, type: 'scalar', t: 0, name: 'train/grad_norm', step: i + 1, value }));
const gradAlarms = (values: (number | null)[], clip?: number | null) =>
  new ScalarHealthMonitor([], clip).add(gradNorms(values)).map((w) => [w.code, w.step]);

test('an exploding gradient norm must persist (3 of the last 10 steps above 50×); a lone spike, clipped or not, does not fire', () => {
  // the bug report's healthy long run, in shape: ~0.41, one 30.5 spike (75×), then 0.5-0.7
  const lone = [
    ...Array.from({ length: 60 }, (_, i) => 0.407 + 0.05 * (((i * 7) % 5) - 2)),
    30.5,
    ...Array.from({ length: 40 }, (_, i) => 0.5 + 0.02 * (i % 10)),
  ];
  assert.deepEqual(gradAlarms(lone), []);
  assert.deepEqual(gradAlarms(lone, 1.0), []);
  const ones = (n: number) => Array.from({ length: n }, () => 1);
  assert.deepEqual(gradAlarms([...ones(30), 80, 1, 1, 90, ...ones(30)]), [], 'two spikes are not three');
  assert.deepEqual(gradAlarms([...ones(30), 80, 1, 1, 90, 1, 1, 1, 1, 1, 70]), [['grad-norm-exploding', 40]]);
  assert.deepEqual(gradAlarms([...ones(40), 500, 600, 700, 800]), [['grad-norm-exploding', 43]]);
  // a non-finite norm (null in the events) fires at once
  assert.deepEqual(gradAlarms([...ones(25), null]), [['grad-norm-exploding', 26]]);
  assert.deepEqual(gradAlarms([1, Infinity]), [['grad-norm-exploding', 2]]);
});

test("the exploding-gradient advice names the clipping a RoboVLMs run has (its config's gradient_clip_val)", () => {
  const alarm = ALARMS['grad-norm-exploding'];
  assert.equal(healthAdvice('grad-norm-exploding'), alarm.advice);
  assert.equal(healthAdvice('grad-norm-exploding', 0), alarm.advice);
  assert.match(alarm.advice, /set train\.grad_clip/);
  const clipped = healthAdvice('grad-norm-exploding', 1);
  assert.match(clipped, /clipping is on \(train\.grad_clip 1;.*lower train\.lr or lengthen train\.warmup_steps/);
  assert.doesNotMatch(clipped, /set train\.grad_clip/);
  assert.equal(healthAdvice('val-loss-flat', 1), ALARMS['val-loss-flat'].advice);
  for (const [config, clip] of [
    [{ gradient_clip_val: 1.0 }, 1],
    [{ gradient_clip_val: 0.5 }, 0.5],
    [{}, 0], // RoboVLMs' default 0.0: no clipping
    [null, null], // no config: unknown, the plain advice
  ] as const) {
    const { root, runDir, logDir } = runWithLogs(metricsCsv(stuck));
    try {
      if (config) writeFileSync(join(runDir, RUN_FILES.robovlmsConfig), JSON.stringify(config));
      assert.equal(roboVLMsGradClip(runDir), clip);
      const found = warnings(new RoboVLMsLogTail({ logDir, runDir, scalars: 'csv' }).poll(true).events);
      const grad = found.find((w) => w.code === 'grad-norm-exploding')!;
      assert.equal(grad.step, 480);
      assert.equal(grad.advice, clip ? alarm.advice_clipped.toString().replace('{clip}', String(clip)) : alarm.advice);
      assert.equal(eventProblem(grad), null);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});
