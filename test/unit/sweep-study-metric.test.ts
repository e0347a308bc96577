/**
 * The Sweep panel's study view with a metric and a task (issue 13, Playtable 4's obstacle): it
 * offers the metrics the sweep's evaluations have a value of (knocked only when some evaluation
 * placed posts) and the tasks of its single-task evaluations, and for a chosen metric and task shows
 * exactly what `vla-lab report --metric M --task T [--within AXIS]` writes (same per-seed points,
 * means, intervals, Holm verdicts, evaluations not applicable); the `study-view` message that asks
 * for them is validated like every message the extension accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvaluationMetrics, RunMetrics } from '../../extension/core/metrics/compare';
import { buildStudy } from '../../extension/core/metrics/study';
import { studyInput, studyOf } from '../../extension/core/metrics/study-report';
import { main } from '../../extension/cli/main';
import { validateSweepToExtension, validateSweepToWebview, type SweepStudy } from '../../extension/shared/messages/results';
import { loadRun, sweepState, sweepStudy, type LoadedRun } from '../../extension/vscode/panels/compare-model';
import { singleTaskEvalResult, writeRunFolder } from './run-folder-helpers';
import { tempDir } from './tmp-helpers';
import { HISTORY_STUDY_SUCCESSES } from './study-fixtures';

const PROTOCOL = { benchmark: 'playtable', benchmark_version: '4+x', split: 'A->A', episodes: 50, seed: 1000, delay: 2, expert_routes: 2 };

/** What `vla-lab report <args>` prints (it must succeed), run in `work`. */
async function reportMarkdown(work: string, args: string[]): Promise<string> {
  const out: string[] = [];
  const code = await main(args, { cwd: work, env: {}, out: (l) => out.push(l), err: (l) => out.push(l), isTTY: false });
  assert.equal(code, 0, out.join('\n'));
  return out.join('\n');
}

type Counts = { led: [number, number]; slider: [number, number] };

/** A single-task evaluation of two tasks (25 episodes each); posts/knocked per task when `posts` is given. */
function evaluation(execution: string, success: [number, number], posts?: Counts): EvaluationMetrics {
  return {
    protocol: { ...PROTOCOL, execution, obstacle: posts !== undefined },
    avgLen: null,
    success: null,
    singleTaskSuccess: (success[0] + success[1]) / 50,
    tasks: { turn_on_led: { success: success[0], total: 25 }, move_slider_left: { success: success[1], total: 25 } },
    ...(posts
      ? {
          obstacle: {
            turn_on_led: { posts: posts.led[0], knocked: posts.led[1] },
            move_slider_left: { posts: posts.slider[0], knocked: posts.slider[1] },
          },
        }
      : {}),
  };
}

function run(head: string, seed: number, evaluations: EvaluationMetrics[]): LoadedRun {
  const last = evaluations[evaluations.length - 1];
  const key = `o--head_${head}--seed_${seed}/r`;
  const metrics: RunMetrics = {
    finalTrainLoss: 0.1,
    finalValLoss: null,
    avgLen: null,
    success: null,
    singleTaskSuccess: last.singleTaskSuccess,
    steps: 1200,
    protocol: last.protocol,
    evaluations,
  };
  return {
    summary: {
      key,
      experiment: key.split('/')[0],
      id: 'r',
      status: 'completed',
      sweep: { id: 'o-1', point: { policy: head }, cell: `o--head_${head}`, seed },
    },
    spec: { train: { seed } },
    metrics,
  };
}

// Each run evaluates with the obstacle (first) and without (chunk); flow seed 2 placed no post on the slider task.
const runs: LoadedRun[] = [0, 1, 2].flatMap((s) => [
  run('oft', s, [evaluation('first', [5 + s, 0], { led: [20, 20 - s], slider: [10, 10 - s] }), evaluation('chunk', [10, 10])]),
  run('flow', s, [
    evaluation('first', [15 + s, 10], s === 2 ? { led: [20, 7], slider: [0, 0] } : { led: [20, 5 + s], slider: [10, 2 * s] }),
    evaluation('chunk', [12, 12]),
  ]),
]);

const seedValues = (s: SweepStudy, label: string) =>
  s.cells.find((c) => c.label === label)!.points.map((p) => [p.seed, Math.round(p.value * 1e6) / 1e6]);

test('the study view offers the metrics the evaluations have and the tasks; by default the report’s metric over all tasks', () => {
  const s = sweepStudy(runs)!;
  assert.equal(s.metricKey, 'singleTaskSuccess');
  assert.deepEqual(
    s.metrics.map((m) => m.key),
    ['singleTaskSuccess', 'knocked'],
    'no average length (no chains); knocked: some evaluation placed posts',
  );
  assert.deepEqual(s.tasks, ['move_slider_left', 'turn_on_led']);
  assert.equal(s.task, null);
  assert.equal(s.perTask, true);
  assert.deepEqual(s.notApplicable, []);
  // Without the obstacle nowhere, knocked is not offered.
  const plain = runs.map((r) => ({ ...r, metrics: { ...r.metrics, evaluations: r.metrics.evaluations!.slice(1) } }));
  assert.deepEqual(
    sweepStudy(plain)!.metrics.map((m) => m.key),
    ['singleTaskSuccess'],
  );
  assert.equal(sweepStudy(plain, { metric: 'knocked' })!.metricKey, 'singleTaskSuccess', 'a metric the sweep lacks falls back');
});

test('metric knocked: the per-seed points, means, intervals, Holm verdicts and not-applicable list of report --metric knocked', () => {
  const s = sweepStudy(runs, { metric: 'knocked' })!;
  assert.equal(s.metric, 'posts knocked over');
  assert.equal(s.better, 'lower');
  assert.equal(s.percent, true);
  assert.equal(s.digits, 1);
  assert.deepEqual(
    s.cells.map((c) => c.label),
    ['oft · first, obstacle true', 'flow · first, obstacle true'],
    'only the evaluations with posts are points',
  );
  // oft: (20 + 10 − 2s) / 30; flow: 5/30, 8/30, 7/20.
  assert.deepEqual(seedValues(s, 'oft · first, obstacle true'), [
    [0, 1],
    [1, 0.933333],
    [2, 0.866667],
  ]);
  assert.deepEqual(seedValues(s, 'flow · first, obstacle true'), [
    [0, 0.166667],
    [1, 0.266667],
    [2, 0.35],
  ]);
  assert.equal(s.notApplicable.length, 6);
  assert.ok(s.notApplicable.includes('o--head_oft--seed_0/r · chunk, obstacle false (no obstacle)'), s.notApplicable.join('\n'));
  // The same numbers as the report's core functions.
  const inputs = runs.map((r) => ({
    key: r.summary.key,
    status: r.summary.status,
    sweep: r.summary.sweep!,
    spec: r.spec,
    metrics: r.metrics,
  }));
  const expected = studyOf(studyInput(inputs, 'knocked'));
  assert.deepEqual(
    s.cells.map((c) => [c.mean, c.lo, c.hi, c.clipped, c.n]),
    expected.cells.map((c) => [c.stats.mean, c.stats.lo, c.stats.hi, c.stats.clipped, c.stats.n]),
  );
  assert.deepEqual(
    s.cells.map((c) => c.clipped),
    [true, false],
    "oft knocks 93% ± 17%: its interval is cut at 100%, flow's is not",
  );
  assert.equal(s.cells[0].hi, 1);
  assert.deepEqual(
    s.comparisons.map((c) => [c.a, c.b, c.diff, c.p, c.pHolm, c.holds]),
    expected.comparisons.map((c) => [c.a, c.b, c.test.diff, c.test.p, c.pHolm, c.holds]),
  );
  assert.ok(Math.abs(s.comparisons[0].diff - (0.933333 - 0.261111)) < 1e-5);
  assert.equal(
    validateSweepToWebview({ type: 'state', sweep: 'o-1', ...sweepState('o-1', runs, undefined, { metric: 'knocked' }) }).ok,
    true,
  );
});

test('a task: success and knocked of its episodes and posts only; a task without posts is not applicable; unknown tasks are dropped', () => {
  const led = sweepStudy(runs, { metric: 'singleTaskSuccess', task: 'turn_on_led' })!;
  assert.equal(led.task, 'turn_on_led');
  assert.deepEqual(seedValues(led, 'oft · first, obstacle true'), [
    [0, 0.2],
    [1, 0.24],
    [2, 0.28],
  ]);
  const slider = sweepStudy(runs, { metric: 'knocked', task: 'move_slider_left' })!;
  assert.deepEqual(seedValues(slider, 'flow · first, obstacle true'), [
    [0, 0],
    [1, 0.2],
  ]);
  assert.ok(slider.notApplicable.includes('o--head_flow--seed_2/r · first, obstacle true (no posts placed for move_slider_left)'));
  assert.equal(sweepStudy(runs, { metric: 'knocked', task: 'open_drawer' })!.task, null, 'a task the sweep lacks: all tasks');
  // A metric that names none of STUDY_METRICS (it passes the message's shape check) falls back to the default.
  const odd = sweepStudy(runs, { metric: 'constructor', task: 'turn_on_led' })!;
  assert.equal(odd.metricKey, 'singleTaskSuccess');
  assert.equal(odd.task, 'turn_on_led');
});

test('within a column: the comparisons of report --within, Holm-corrected over that family; an unknown column is every pair', () => {
  const inputs = runs.map((r) => ({
    key: r.summary.key,
    status: r.summary.status,
    sweep: r.summary.sweep!,
    spec: r.spec,
    metrics: r.metrics,
  }));
  const all = sweepStudy(runs)!;
  assert.deepEqual(all.axes, ['policy', 'evaluation']);
  assert.equal(all.within, null);
  assert.equal(all.comparisons.length, 6, 'oft/flow × first/chunk: every pair of 4 cells');
  const s = sweepStudy(runs, { within: 'evaluation' })!;
  assert.equal(s.within, 'evaluation');
  const expected = buildStudy(studyInput(inputs, 'singleTaskSuccess').runs, { within: 'evaluation' });
  assert.equal(s.comparisons.length, 2, 'oft vs flow at each evaluation');
  assert.deepEqual(
    s.comparisons.map((c) => [s.cells[c.a].label, s.cells[c.b].label, c.p, c.pHolm, c.holds]),
    expected.comparisons.map((c) => [
      `${expected.cells[c.a].point.policy} · ${expected.cells[c.a].point.evaluation}`,
      `${expected.cells[c.b].point.policy} · ${expected.cells[c.b].point.evaluation}`,
      c.test.p,
      c.pHolm,
      c.holds,
    ]),
  );
  assert.equal(sweepStudy(runs, { within: 'policy.head' })!.within, null, 'not a column of the table');
  assert.equal(sweepStudy(runs, { within: 'policy.head' })!.comparisons.length, 6);
});

test('the study-view message is validated: a clean copy, or rejected with a reason', () => {
  assert.deepEqual(
    validateSweepToExtension({ type: 'study-view', metric: 'knocked', task: 'turn_on_led', within: 'evaluation', extra: 1 }),
    {
      ok: true,
      message: { type: 'study-view', metric: 'knocked', task: 'turn_on_led', within: 'evaluation' },
    },
  );
  assert.deepEqual(validateSweepToExtension({ type: 'study-view', metric: 'avgLen', task: null, within: null }), {
    ok: true,
    message: { type: 'study-view', metric: 'avgLen', task: null, within: null },
  });
  for (const bad of [
    { type: 'study-view' },
    { type: 'study-view', metric: 'knocked', within: null },
    { type: 'study-view', metric: 'knocked', task: null },
    { type: 'study-view', metric: '', task: null, within: null },
    { type: 'study-view', metric: '../x', task: null, within: null },
    { type: 'study-view', metric: 3, task: null, within: null },
    { type: 'study-view', metric: 'knocked', task: '', within: null },
    { type: 'study-view', metric: 'knocked', task: 7, within: null },
    { type: 'study-view', metric: 'knocked', task: 'x'.repeat(201), within: null },
    { type: 'study-view', metric: 'k'.repeat(65), task: null, within: null },
    { type: 'study-view', metric: 'knocked', task: null, within: '' },
    { type: 'study-view', metric: 'knocked', task: null, within: ['evaluation'] },
  ]) {
    const r = validateSweepToExtension(bad);
    assert.equal(r.ok, false, JSON.stringify(bad));
    if (!r.ok) assert.match(r.reason, /^study-view: metric must be a metric key, task a task name or null, within a column or null$/);
  }
});

test('on run folders, the panel shows what vla-lab report --metric knocked --task writes', async () => {
  const work = tempDir('vla-sweep-study-metric-');
  const runsDir = join(work, 'runs');
  const counts: Record<string, [number, number]> = { oft: [20, 19], flow: [20, 6] };
  const keys: string[] = [];
  let index = 0;
  for (const head of ['oft', 'flow']) {
    for (const seed of [0, 1, 2]) {
      const exp = `o--head_${head}--seed_${seed}`;
      const [posts, knocked] = counts[head];
      const protocol = { ...PROTOCOL, execution: 'first', obstacle: true, checkpoint: 'checkpoints/step-1.pt' };
      const dir = writeRunFolder(runsDir, exp, 'r1', {
        record: { kind: 'train', sweep: { id: 'o-1', index: index++, point: { policy: head }, cell: `o--head_${head}`, seed } },
        spec: { name: exp, train: { seed } },
        events: [
          singleTaskEvalResult({
            protocol,
            episodes: 50,
            chainRate: 0.1,
            resultsPath: 'eval/step-1/results_playtable.json',
            taskInfo: { turn_on_led: { success: 3 + seed, total: 25 }, move_slider_left: { success: 2, total: 25 } },
          }),
        ],
      });
      mkdirSync(join(dir, 'eval', 'step-1'), { recursive: true });
      writeFileSync(
        join(dir, 'eval', 'step-1', 'results_playtable.json'),
        JSON.stringify({
          protocol,
          obstacle: {
            turn_on_led: { episodes: 25, posts, knocked: knocked - seed * seed, no_post: { block: 25 - posts } },
            move_slider_left: { episodes: 25, posts: 10, knocked: 10, no_post: { block: 15 } },
          },
        }),
      );
      keys.push(`${exp}/r1`);
    }
  }
  const md = await reportMarkdown(work, ['report', 'o-1', '--metric', 'knocked', '--task', 'turn_on_led', '--runs-dir', runsDir]);
  // The panel gets the sweep's runs in any order (the runs tree's); the study orders them by sweep index, as the report does.
  const s = sweepStudy(
    keys.reverse().map((k) => loadRun(runsDir, k)!),
    { metric: 'knocked', task: 'turn_on_led' },
  )!;
  assert.deepEqual(
    s.cells.map((c) => c.label),
    ['oft', 'flow'],
  );
  const pct = (v: number | null, signed = false) => (v === null ? '—' : `${signed && v > 0 ? '+' : ''}${(v * 100).toFixed(1)}%`);
  assert.equal(s.cells.length, 2);
  for (const c of s.cells) {
    // | cell | per-seed points | mean | interval | seeds | posts per seed |
    const points = c.points.map((p) => `s${p.seed} ${pct(p.value)}`).join(', ');
    const line = `| ${c.label} | ${points} | ${pct(c.mean)} | [${pct(c.lo)}, ${pct(c.hi)}]${c.clipped ? '*' : ''} | ${c.n} | 20 |`;
    assert.ok(md.includes(line), `${line}\nnot in\n${md}`);
  }
  // oft 19/20, 18/20, 15/20; flow 6/20, 5/20, 2/20.
  assert.equal(s.cells[0].points.map((p) => pct(p.value)).join(' '), '95.0% 90.0% 75.0%');
  const c = s.comparisons[0];
  const p = (v: number | null) => (v === null ? '—' : v < 0.001 ? v.toExponential(1) : v.toFixed(3));
  const pair = `| ${s.cells[c.a].label} | ${s.cells[c.b].label} | ${pct(c.diff, true)} |`;
  const row = md.split('\n').find((l) => l.startsWith(pair));
  assert.ok(row, `${pair}\nnot in\n${md}`);
  assert.ok(row.endsWith(`| ${p(c.p)} | ${p(c.pHolm)} | ${c.holds ? '**yes**' : 'no (within noise)'} |`), row);
});

test('a sweep over history: the panel shows the trend line vla-lab report writes (the same slope, CI and p)', async () => {
  const work = tempDir('vla-sweep-study-trend-');
  const runsDir = join(work, 'runs');
  const successes = HISTORY_STUDY_SUCCESSES;
  const keys: string[] = [];
  let index = 0;
  for (const [history, ks] of successes) {
    ks.forEach((k, seed) => {
      const exp = `h--history_${history}--seed_${seed}`;
      writeRunFolder(runsDir, exp, 'r1', {
        record: {
          kind: 'train',
          sweep: { id: 'h-1', index: index++, point: { 'policy.history': history }, cell: `h--history_${history}`, seed },
        },
        spec: { name: exp, train: { seed } },
        events: [
          singleTaskEvalResult({
            protocol: { ...PROTOCOL, episodes: 60, checkpoint: 'checkpoints/step-1.pt' },
            episodes: 60,
            taskInfo: { turn_on_led: { success: k, total: 60 } },
          }),
        ],
      });
      keys.push(`${exp}/r1`);
    });
  }
  const md = await reportMarkdown(work, ['report', 'h-1', '--runs-dir', runsDir]);
  const s = sweepStudy(keys.map((k) => loadRun(runsDir, k)!))!;
  assert.ok(s.trend, 'a size axis has a trend');
  assert.equal(s.trend.axis, 'policy.history');
  const pct = (v: number) => `${v > 0 ? '+' : ''}${(v * 100).toFixed(1)}%`;
  const p = s.trend.p < 0.001 ? s.trend.p.toExponential(1) : s.trend.p.toFixed(3);
  assert.ok(
    md.includes(
      `by ${pct(s.trend.slope)} per doubling (95% CI ${pct(s.trend.lo)} to ${pct(s.trend.hi)}), t = 4.18, df 10, p = ${p}: **holds**`,
    ),
    `${JSON.stringify(s.trend)}\nnot in\n${md}`,
  );
  assert.equal(
    validateSweepToWebview({
      type: 'state',
      sweep: 'h-1',
      ...sweepState(
        'h-1',
        keys.map((k) => loadRun(runsDir, k)!),
      ),
    }).ok,
    true,
  );
  assert.equal(sweepStudy(keys.slice(0, 6).map((k) => loadRun(runsDir, k)!))!.trend, null, 'two history values: no trend');
});
