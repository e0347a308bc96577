/**
 * `vla-lab curve` (issue 12's learning curve with seeds): every evaluated checkpoint of a spec's
 * seeds as one row with each seed's value, the mean and the Student-t interval across seeds, the
 * samples seen (step × world size × batch), evaluations told apart by protocol (100 chains vs the
 * spec's own 1000), checkpoints evaluated by eval runs of their own, sweeps with one curve per cell,
 * and one clear error where runs cannot make one curve.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../extension/cli/main';
import { evaluationStep, learningCurve, learningCurveMarkdown } from '../../extension/core/metrics/learning-curve';
import { meanInterval, pairedTTest, welchTest } from '../../extension/core/metrics/study';
import { chainEvalResult, LONG_HORIZON_ALONE, LONG_HORIZON_CHAINS, singleTaskEvalResult, writeRunFolder } from './run-folder-helpers';
import { tempDir } from './tmp-helpers';

const CHAINS = LONG_HORIZON_CHAINS;
const ALONE = { ...LONG_HORIZON_ALONE, episodes: 102 };

function spec(seed: number, scenes = ['A', 'B', 'C', 'D']) {
  return {
    name: 'long-horizon',
    data: { stages: [{ datasets: [{ type: 'playtable', episodes: 40, scenes, seed: 0 }], steps: 58000 }] },
    train: { batch_size: 16, lr: 0.001, seed },
  };
}

const RUN_START = { type: 'run_start', t: 0, spec_hash: 'h', host: 'h', device: 'cpu', versions: {}, world_size: 2 };

function chainEval(step: number, avgLen: number, protocol: Record<string, unknown> = CHAINS) {
  // the checkpoint is a protocol tag of every evaluation, as the evaluator writes it: the curve's row, never its caption
  return chainEvalResult({ step, avgLen, protocol: { ...protocol, checkpoint: `step-${step}.pt` } });
}

function aloneEval(step: number, successes: number) {
  return singleTaskEvalResult({ protocol: ALONE, episodes: 102, taskInfo: { turn_on_led: { success: successes, total: 102 } }, step });
}

/** The measured shape of the long-horizon curve: three seeds, two checkpoints, chains and each task alone. */
const AVG = { 0: [0.16, 0.43], 1: [0.3, 0.35], 2: [0.22, 0.51] } as Record<number, [number, number]>;

function threeSeeds(runs: string) {
  for (const seed of [0, 1, 2])
    writeRunFolder(runs, 'long-horizon', `s${seed}`, {
      record: { status: 'cancelled' },
      spec: spec(seed),
      events: [
        RUN_START,
        chainEval(15000, AVG[seed][0]),
        aloneEval(15000, 20 + seed),
        chainEval(29000, AVG[seed][1]),
        aloneEval(29000, 30 + seed),
      ],
    });
}

async function cli(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd, env: {}, out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const fmt2 = (x: number) => x.toFixed(2);

test('curve: one row per checkpoint with each seed, the mean, the t-interval and the samples seen', async () => {
  const work = tempDir('vla-curve-');
  threeSeeds(`${work}/runs`);
  const { code, out, err } = await cli(work, ['curve', 'long-horizon/s0', 'long-horizon/s1', 'long-horizon/s2']);
  assert.equal(code, 0, err);
  for (const [i, step] of [15000, 29000].entries()) {
    const values = [0, 1, 2].map((s) => AVG[s][i]);
    const st = meanInterval(values, 0.95, { min: 0 });
    const samples = (step * 32).toLocaleString('en-US');
    assert.ok(
      out.includes(
        `| ${step} | ${samples} | s0 ${fmt2(values[0])}, s1 ${fmt2(values[1])}, s2 ${fmt2(values[2])} | ${fmt2(st.mean)} | [${fmt2(st.lo!)}, ${fmt2(st.hi!)}]${st.clipped ? '*' : ''} | 3 | 100 |`,
      ),
      out,
    );
  }
  assert.match(
    out,
    // The same three seeds at both steps: each is compared with itself (differences 0.27, 0.05, 0.29), not
    // across seeds — Welch's test on these numbers would say p = 0.030, outside noise.
    /From step 15000 to step 29000: \+0\.20 \(paired t-test, each seed against itself: t = 2\.64, df 2, p = 0\.118\): within noise at α = 0\.05\./,
  );
  assert.match(out, /Protocol: .*split ABCD->D.*chains 100/);
  assert.doesNotMatch(out, /checkpoint step-/, 'the checkpoint is the row, not part of the protocol');

  const alone = await cli(work, ['curve', 'long-horizon/s0', 'long-horizon/s1', 'long-horizon/s2', '--metric', 'success']);
  assert.equal(alone.code, 0, alone.err);
  assert.ok(alone.out.includes('| 15000 | 480,000 | s0 19.6%, s1 20.6%, s2 21.6% | 20.6% |'), alone.out);
});

test('curve: a checkpoint evaluated by an eval run of its own joins its training run; a rerun replaces the older result', async () => {
  const work = tempDir('vla-curve-');
  const runs = `${work}/runs`;
  threeSeeds(runs);
  writeRunFolder(runs, 'long-horizon', 'e1', {
    record: { kind: 'eval', parent_run: 'long-horizon/s1', created_at: '2024-01-02T00:00:00Z' },
    events: [chainEval(40000, 0.6)],
  });
  const { code, out, err } = await cli(work, ['curve', 'long-horizon/s0', 'long-horizon/s1', 'long-horizon/s2']);
  assert.equal(code, 0, err);
  assert.ok(out.includes('| 40000 | 1,280,000 | s1 0.60 | 0.60 | — (one seed) | 1 | 100 |'), out);

  // The same checkpoint evaluated again the same way: one point per seed, the newest.
  writeRunFolder(runs, 'long-horizon', 'e2', {
    record: { kind: 'eval', parent_run: 'long-horizon/s1', created_at: '2024-01-03T00:00:00Z' },
    events: [chainEval(40000, 0.7)],
  });
  const again = await cli(work, ['curve', 'long-horizon/s0', 'long-horizon/s1', 'long-horizon/s2']);
  assert.ok(again.out.includes('| 40000 | 1,280,000 | s1 0.70 | 0.70 |'), again.out);
});

test("curve: the spec's own 1000-chain evaluation is a series of its own, and another benchmark version is marked ≠", async () => {
  const work = tempDir('vla-curve-');
  const runs = `${work}/runs`;
  writeRunFolder(runs, 'lh', 'a', {
    spec: spec(0),
    events: [RUN_START, chainEval(1000, 0.2), chainEval(1000, 0.25, { ...CHAINS, chains: 1000, episodes: 1000 })],
  });
  writeRunFolder(runs, 'lh', 'b', {
    spec: spec(1),
    events: [
      RUN_START,
      chainEval(1000, 0.3, { ...CHAINS, benchmark_version: '4+def' }),
      chainEval(1000, 0.35, { ...CHAINS, benchmark_version: '4+def', chains: 1000, episodes: 1000 }),
    ],
  });
  const { code, out, err } = await cli(work, ['curve', 'lh/a', 'lh/b']);
  assert.equal(code, 0, err);
  assert.match(out, /\| evaluation \| step \|/);
  assert.ok(out.includes('| chains 100 | 1000 | 32,000 | s0 0.20, s1 0.30 ≠ |'), out);
  assert.ok(out.includes('| chains 1000 | 1000 | 32,000 | s0 0.25, s1 0.35 ≠ |'), out);
  assert.match(out, /≠ evaluated under another protocol than the first point: lh\/b: benchmark_version 4\+def \(vs 3\+abc\)/);
});

test('curve: a sweep gives one curve per cell, its seeds the points', async () => {
  const work = tempDir('vla-curve-');
  const runs = `${work}/runs`;
  let index = 0;
  for (const [cell, scenes] of [
    ['ABCD-D', ['A', 'B', 'C', 'D']],
    ['ABC-D', ['A', 'B', 'C']],
  ] as const)
    for (const seed of [0, 1])
      writeRunFolder(runs, `lh--${cell}`, `s${seed}`, {
        record: {
          sweep: {
            id: 'lh-abc123',
            index: index++,
            point: { scenes, 'train.seed': seed },
            labels: { scenes: cell },
            cell: `lh--${cell}`,
            seed,
          },
        },
        spec: spec(seed, [...scenes]),
        events: [RUN_START, chainEval(15000, cell === 'ABC-D' ? 0.1 + seed / 10 : 0.3 + seed / 10)],
      });
  const { code, out, err } = await cli(work, ['curve', 'lh-abc123']);
  assert.equal(code, 0, err);
  assert.match(out, /\*\*lh \(sweep lh-abc123\)\*\*/);
  assert.ok(out.includes('| ABC-D | 15000 | 480,000 | s0 0.10, s1 0.20 | 0.15 |'), out);
  assert.ok(out.includes('| ABCD-D | 15000 | 480,000 | s0 0.30, s1 0.40 | 0.35 |'), out);
});

test('curve: runs that are not one spec, or the same seed twice, get one line that says what to give', async () => {
  const work = tempDir('vla-curve-');
  const runs = `${work}/runs`;
  writeRunFolder(runs, 'lh', 'a', { spec: spec(0), events: [RUN_START, chainEval(1000, 0.2)] });
  writeRunFolder(runs, 'lh', 'b', { spec: spec(1, ['A', 'B', 'C']), events: [RUN_START, chainEval(1000, 0.3)] });
  writeRunFolder(runs, 'lh', 'c', { spec: spec(0), events: [RUN_START, chainEval(1000, 0.3)] });
  writeRunFolder(runs, 'lh', 'd', { spec: spec(3), events: [RUN_START] });
  const differ = await cli(work, ['curve', 'lh/a', 'lh/b']);
  assert.equal(differ.code, 1);
  assert.equal(
    differ.err,
    "vla-lab: curve: the runs differ in more than train.seed (data.stages.0.datasets.0.scenes); a curve across seeds needs runs of one spec: give one spec's runs, or a sweep",
  );
  // a run whose spec.json has a setting added later at its default (lead_in) is the same spec as one made before it existed
  const withLeadIn = (id: string, leadIn: string) => {
    const sp = spec(4);
    writeRunFolder(runs, 'lh', id, {
      spec: { ...sp, data: { stages: [{ ...sp.data.stages[0], datasets: [{ ...sp.data.stages[0].datasets[0], lead_in: leadIn }] }] } },
      events: [RUN_START, chainEval(1000, 0.4)],
    });
  };
  withLeadIn('e', 'articulated');
  const later = await cli(work, ['curve', 'lh/a', 'lh/e']);
  assert.equal(later.code, 0, later.err);
  assert.match(later.out, /s0 0\.20, s4 0\.40/);
  withLeadIn('f', 'any');
  const other = await cli(work, ['curve', 'lh/a', 'lh/f']);
  assert.equal(other.code, 1);
  assert.match(other.err, /differ in more than train\.seed \(data\.stages\.0\.datasets\.0\.lead_in\)/);
  const same = await cli(work, ['curve', 'lh/a', 'lh/c']);
  assert.equal(same.code, 1);
  assert.match(same.err, /^vla-lab: curve: lh\/a and lh\/c both trained with seed 0; a curve has one point per seed: give one of them$/);
  const none = await cli(work, ['curve', 'lh/d']);
  assert.equal(none.code, 1);
  assert.match(
    none.err,
    /^vla-lab: curve: no evaluated checkpoint has a value of the success rate \(single task\) \(lh\/d \(not evaluated\)\); evaluate checkpoints/,
  );
  const metric = await cli(work, ['curve', 'lh/a', '--metric', 'loss']);
  assert.equal(metric.code, 1);
  assert.match(metric.err, /--metric is success, avg-len or knocked, not "loss"/);
});

test("evaluationStep: the event's step, else the checkpoint file's digits", () => {
  assert.equal(evaluationStep({ step: 15000, protocol: null }), 15000);
  assert.equal(evaluationStep({ protocol: { checkpoint: 'step-0029000.pt' } }), 29000);
  assert.equal(evaluationStep({ protocol: { checkpoint: 'runs/x/checkpoints/step_12.pt' } }), 12);
  assert.equal(evaluationStep({ protocol: { checkpoint: 'final.pt' } }), null);
  assert.equal(evaluationStep({ protocol: null }), null);
});

test('learningCurve: the first-to-last change is paired over the seeds at both ends (others named), Welch when fewer than two are; one seed is not testable', () => {
  const run = (seed: number, values: [number, number][]) => ({
    key: `lh/s${seed}`,
    status: 'completed',
    spec: spec(seed),
    globalBatch: 32,
    metrics: {
      finalTrainLoss: null,
      finalValLoss: null,
      avgLen: null,
      success: null,
      singleTaskSuccess: null,
      steps: null,
      evaluations: values.map(([step, v]) => ({ protocol: CHAINS, avgLen: v, success: null, singleTaskSuccess: null, step })),
    },
  });
  const seed0 = run(0, [
    [1, 0.1],
    [2, 1.1],
  ]);
  const seed1 = run(1, [
    [1, 0.2],
    [2, 1.2],
  ]);
  const curve = learningCurve(
    [
      seed0,
      seed1,
      run(2, [
        [1, 0.15],
        [2, 1.3],
      ]),
    ],
    'avgLen',
  );
  assert.deepEqual(
    curve.rows.map((r) => [r.step, r.samples, r.stats.n]),
    [
      [1, 32, 3],
      [2, 64, 3],
    ],
  );
  const [change] = curve.firstToLast;
  // The same three runs at both steps: paired (differences 1.0, 1.0, 1.15: t = 21, df 2, p = 0.0023).
  assert.equal(change.paired, true);
  assert.equal(change.test.df, 2);
  assert.ok(change.test.p !== null && Math.abs(change.test.p - 0.00227) < 5e-5, `p ${change.test.p}`);
  assert.ok(Math.abs(change.test.diff! - 1.05) < 1e-9);
  // A seed missing at the last step: the two seeds at both ends are paired (differences 1.0 and
  // 1.0: no spread, so not testable), the third named as left out.
  const partial = learningCurve([seed0, seed1, run(2, [[1, 0.15]])], 'avgLen');
  assert.deepEqual(
    partial.rows.map((r) => r.stats.n),
    [3, 2],
  );
  assert.equal(partial.firstToLast[0].paired, true);
  assert.deepEqual(partial.firstToLast[0].leftOut, ['lh/s2']);
  assert.deepEqual(partial.firstToLast[0].test, pairedTTest([1.1, 1.2], [0.1, 0.2]));
  const seed2 = run(2, [
    [1, 0.15],
    [2, 1.3],
  ]);
  const threeThenTwo = learningCurve(
    [seed0, { ...seed1, metrics: { ...seed1.metrics, evaluations: seed1.metrics.evaluations.slice(0, 1) } }, seed2],
    'avgLen',
  );
  assert.deepEqual(threeThenTwo.firstToLast[0].test, pairedTTest([1.1, 1.3], [0.1, 0.15]));
  assert.match(
    learningCurveMarkdown('lh', threeThenTwo),
    /paired t-test, each seed against itself: t = .*, df 1, p = .*; left out of the pairs, at one end only: lh\/s1\./,
  );
  // One run at both ends is too few to pair: Welch's test across every seed at each end.
  const unpaired = learningCurve([seed0, run(1, [[1, 0.2]]), run(2, [[2, 1.3]])], 'avgLen');
  assert.equal(unpaired.firstToLast[0].paired, false);
  assert.deepEqual(unpaired.firstToLast[0].leftOut, []);
  assert.deepEqual(unpaired.firstToLast[0].test, welchTest([1.1, 1.3], [0.1, 0.2]));
  const single = learningCurve(
    [
      run(0, [
        [1, 0.1],
        [2, 0.2],
      ]),
    ],
    'avgLen',
  );
  assert.equal(single.firstToLast[0].test.p, null);
});
