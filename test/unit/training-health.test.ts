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
import { RoboVLMsLogTail } from '../../extension/core/adapters/robovlms-logs';
import { eventProblem } from '../../extension/core/events';
import { ALARMS, HEALTH_CODES, ScalarHealthMonitor } from '../../extension/core/health/monitor';
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
    grad: i === 45 ? 900 : 1 + (i % 3) * 0.2,
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
        ['grad-norm-exploding', 460],
      ],
    );
    for (const w of found) {
      assert.equal(eventProblem(w), null, JSON.stringify(w));
      assert.equal(w.advice, ALARMS[w.code!].advice);
    }
    assert.match(found[0].message, /validation loss 1\.085 moved by 0% over the last 4 validations/);
    assert.match(found[2].message, /gradient norm 900 at step 460, \d+× the median/);
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
