/**
 * `vla-lab report --metric knocked` and `--task` (issue 13, Playtable 4's obstacle): the fraction of
 * placed posts a policy knocked over, per evaluation, from the results files' `obstacle` blocks;
 * success and knocked restricted to one task; evaluations without posts listed as not applicable,
 * never counted as 0; an unknown task refused in one line naming the tasks there are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvaluationMetrics, RunMetrics } from '../../extension/core/metrics/compare';
import {
  evaluationValue,
  STUDY_METRIC_FLAGS,
  studyInput,
  studyMarkdown,
  studyTasks,
  type SweepRunInput,
} from '../../extension/core/metrics/study-report';
import { buildStudy } from '../../extension/core/metrics/study';
import { main } from '../../extension/cli/main';
import { singleTaskEvalResult, writeRunFolder } from './run-folder-helpers';
import { tempDir } from './tmp-helpers';

const PROTOCOL = {
  benchmark: 'playtable',
  benchmark_version: '4+fd119161a1',
  split: 'A->A',
  scene: 'A',
  chain_length: 1,
  episodes: 50,
  seed: 1000,
  max_steps: 120,
  delay: 2,
  expert_routes: 2,
};

type Counts = { led: [number, number]; slider: [number, number] };

/** A single-task evaluation of two tasks (25 episodes each): successes, and posts/knocked when `posts` is given. */
function evaluation(execution: string, success: [number, number], posts?: Counts): EvaluationMetrics {
  const tasks = { turn_on_led: { success: success[0], total: 25 }, move_slider_left: { success: success[1], total: 25 } };
  return {
    protocol: { ...PROTOCOL, execution, obstacle: posts !== undefined },
    avgLen: null,
    success: null,
    singleTaskSuccess: (success[0] + success[1]) / 50,
    tasks,
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

function run(head: string, seed: number, evaluations: EvaluationMetrics[], status = 'completed'): SweepRunInput {
  const last = evaluations[evaluations.length - 1];
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
    key: `o--head_${head}--seed_${seed}/r`,
    status,
    sweep: { id: 'o-1', point: { policy: { head: head } }, cell: `o--head_${head}`, seed, labels: { policy: head } },
    spec: { train: { seed } },
    metrics,
  };
}

// oft knocks (nearly) every post; flow few. Each run evaluates with the obstacle (first) and without (chunk).
// flow seed 2 had no room for a post on move_slider_left.
const runs: SweepRunInput[] = [0, 1, 2].flatMap((s) => [
  run('oft', s, [evaluation('first', [5 + s, 0], { led: [20, 20 - s], slider: [10, 10 - s] }), evaluation('chunk', [10, 10])]),
  run('flow', s, [
    evaluation('first', [15 + s, 10], s === 2 ? { led: [20, 7], slider: [0, 0] } : { led: [20, 5 + s], slider: [10, 2 * s] }),
    evaluation('chunk', [12, 12]),
  ]),
]);

const row = (md: string, start: string) => md.split('\n').find((l) => l.startsWith(start));

test('--metric knocked: knocked / posts summed over tasks per evaluation; no obstacle is not applicable, not 0', () => {
  assert.equal(STUDY_METRIC_FLAGS.knocked, 'knocked');
  assert.deepEqual(Object.keys(STUDY_METRIC_FLAGS).sort(), ['avg-len', 'knocked', 'success']);
  const input = studyInput(runs, 'knocked');
  assert.deepEqual(input.axes, ['policy', 'evaluation']);
  assert.equal(input.runs.length, 6, 'only the evaluations with the obstacle are points');
  assert.deepEqual(input.missing, []);
  assert.equal(input.notApplicable.length, 6);
  assert.ok(input.notApplicable.includes('o--head_oft--seed_0/r · chunk, obstacle false (no obstacle)'), input.notApplicable.join('\n'));
  const md = studyMarkdown('o', input, buildStudy(input.runs, { within: 'evaluation' }));
  assert.match(
    md,
    /^\*\*o\*\* — posts knocked over \(%\) per training seed, mean and 95% Student-t interval across seeds \(lower is better\)\./,
  );
  assert.match(
    md,
    /fraction of the posts placed that the policy knocked over .*lower is better.*a post not knocked can also mean the hand never reached it/,
  );
  assert.match(md, /\| policy \| evaluation \| per-seed points \| mean \| 95% interval \| seeds \| posts per seed \|/);
  // oft: (20 + 10 − 2s) / 30 → 100%, 93.3%, 86.7%; flow: 5/30, 8/30, 7/20 (its seed 2 placed 20 posts).
  assert.match(row(md, '| oft | first, obstacle true |')!, /\| s0 100\.0%, s1 93\.3%, s2 86\.7% \| 93\.3% \| .* \| 3 \| 30 \|$/);
  assert.match(row(md, '| flow | first, obstacle true |')!, /\| s0 16\.7%, s1 26\.7%, s2 35\.0% \| 26\.1% \| .* \| 3 \| 30\/20 \|$/);
  assert.equal(row(md, '| oft | chunk'), undefined, 'no row of 0% for the evaluations without posts');
  assert.match(md, /Not applicable, not counted \(as 0 or otherwise\): o--head_oft--seed_0\/r · chunk, obstacle false \(no obstacle\), /);
  assert.match(md, /\| oft · first, obstacle true \| flow · first, obstacle true \| \+67\.2% \|/);
});

test('--task: success from that task’s successes / episodes, knocked from its posts; no post on it is not applicable', () => {
  assert.deepEqual(studyTasks(runs), ['move_slider_left', 'turn_on_led']);
  const led = studyInput(runs, 'singleTaskSuccess', { task: 'turn_on_led' });
  const ledMd = studyMarkdown('o', led);
  assert.match(ledMd, /— success rate \(single task\) \(%\) per training seed \(task turn_on_led only\), mean/);
  assert.match(ledMd, /\| episodes per seed \|/);
  // oft first: (5 + s) / 25; pooled over both tasks it would be (5 + s) / 50.
  assert.match(row(ledMd, '| oft | first, obstacle true |')!, /\| s0 20\.0%, s1 24\.0%, s2 28\.0% \| 24\.0% \| .* \| 3 \| 25 \|$/);
  assert.match(row(ledMd, '| flow | chunk, obstacle false |')!, /\| s0 48\.0%, s1 48\.0%, s2 48\.0% \| 48\.0% \|/);
  const pooled = studyMarkdown('o', studyInput(runs, 'singleTaskSuccess'));
  assert.match(row(pooled, '| oft | first, obstacle true |')!, /\| s0 10\.0%, s1 12\.0%, s2 14\.0% \| 12\.0% \| .* \| 3 \| 50 \|$/);

  const slider = studyInput(runs, 'knocked', { task: 'move_slider_left' });
  const sliderMd = studyMarkdown('o', slider);
  assert.match(sliderMd, /posts knocked over \(%\) per training seed \(task move_slider_left only\)/);
  assert.match(row(sliderMd, '| oft | first, obstacle true |')!, /\| s0 100\.0%, s1 90\.0%, s2 80\.0% \| 90\.0% \| .* \| 3 \| 10 \|$/);
  // flow seed 2 placed no post on the slider task: two seeds, not a third at 0%.
  assert.match(row(sliderMd, '| flow | first, obstacle true |')!, /\| s0 0\.0%, s1 20\.0% \| 10\.0% \| .* \| 2 \| 10 \|$/);
  assert.ok(slider.notApplicable.includes('o--head_flow--seed_2/r · first, obstacle true (no posts placed for move_slider_left)'));
  const ledKnocked = studyMarkdown('o', studyInput(runs, 'knocked', { task: 'turn_on_led' }));
  assert.match(row(ledKnocked, '| flow | first, obstacle true |')!, /\| s0 25\.0%, s1 30\.0%, s2 35\.0% \| 30\.0% \| .* \| 3 \| 20 \|$/);
});

test('runs evaluated once: knocked from that evaluation; a run without posts is listed as not applicable, not missing', () => {
  const once = runs.map((r) => ({ ...r, metrics: { ...r.metrics, evaluations: r.metrics.evaluations!.slice(0, 1) } }));
  // The last evaluation is the run's result: make it the one with the obstacle.
  for (const r of once) {
    r.metrics.protocol = r.metrics.evaluations![0].protocol;
  }
  const noPosts = run('flow', 3, [evaluation('first', [1, 1])]);
  const input = studyInput([...once, noPosts, run('flow', 4, [evaluation('first', [1, 1])], 'running')], 'knocked');
  assert.deepEqual(input.axes, ['policy']);
  assert.equal(input.runs.length, 6);
  assert.deepEqual(input.notApplicable, ['o--head_flow--seed_3/r (no obstacle)']);
  assert.deepEqual(input.missing, ['o--head_flow--seed_4/r (running)']);
  const md = studyMarkdown('o', input);
  assert.match(row(md, '| oft |')!, /\| s0 100\.0%, s1 93\.3%, s2 86\.7% \| 93\.3% \|/);
  // A chain evaluation has no posts and is no single-task result: no value, nothing to call not applicable.
  assert.deepEqual(evaluationValue({ protocol: { chain_length: 5 }, avgLen: 2, success: 0.9, singleTaskSuccess: null }, 'knocked'), {
    value: null,
    count: null,
  });
});

test('vla-lab report --metric knocked --task reads the results files; an unknown task is one line naming the tasks', async () => {
  const work = tempDir('vla-report-obstacle-');
  const runsDir = join(work, 'runs');
  const counts: Record<string, [number, number]> = { oft: [20, 19], flow: [20, 6] };
  for (const head of ['oft', 'flow']) {
    for (const seed of [0, 1]) {
      const exp = `o--head_${head}--seed_${seed}`;
      const [posts, knocked] = counts[head];
      const protocol = { ...PROTOCOL, execution: 'first', obstacle: true, checkpoint: 'checkpoints/step-1.pt' };
      const dir = writeRunFolder(runsDir, exp, 'r1', {
        record: { kind: 'train', sweep: { id: 'o-1', index: 0, point: { policy: head }, cell: `o--head_${head}`, seed } },
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
            turn_on_led: { episodes: 25, posts, knocked: knocked - seed, no_post: { block: 25 - posts } },
            move_slider_left: { episodes: 25, posts: 10, knocked: 10, no_post: { block: 15 } },
          },
        }),
      );
    }
  }
  const cli = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['report', 'o-1', ...args, '--runs-dir', runsDir], {
      cwd: work,
      env: {},
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      isTTY: false,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const r = await cli(['--metric', 'knocked', '--task', 'turn_on_led']);
  assert.equal(r.code, 0, r.err);
  // oft: 19/20, 18/20; flow: 6/20, 5/20.
  assert.match(r.out, /\| oft \| s0 95\.0%, s1 90\.0% \| 92\.5% \| .* \| 2 \| 20 \|/);
  assert.match(r.out, /\| flow \| s0 30\.0%, s1 25\.0% \| 27\.5% \| .* \| 2 \| 20 \|/);
  const both = await cli(['--metric', 'knocked']);
  assert.match(both.out, /\| oft \| s0 96\.7%, s1 93\.3% \|/, '(19 + 10) / 30, (18 + 10) / 30');
  const success = await cli(['--task', 'move_slider_left']);
  assert.match(success.out, /\| oft \| s0 8\.0%, s1 8\.0% \| 8\.0% \|/);

  const unknown = await cli(['--metric', 'knocked', '--task', 'open_drawer']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.out, '');
  assert.equal(unknown.err.split('\n').length, 1, unknown.err);
  assert.match(
    unknown.err,
    /^vla-lab: report: --task "open_drawer" is not a task of sweep o-1's single-task evaluations \(tasks: move_slider_left, turn_on_led\)$/,
  );
  const chains = await cli(['--metric', 'avg-len', '--task', 'turn_on_led']);
  assert.equal(chains.code, 1);
  assert.match(chains.err, /^vla-lab: report: --task restricts success or knocked to one task, not average length; add --metric success$/);
  // A sweep evaluated without the obstacle has no posts to knock: one line, not a table of 0%.
  writeRunFolder(runsDir, 'p--seed_0', 'r1', {
    record: { kind: 'train', sweep: { id: 'p-1', index: 0, point: {}, cell: 'p', seed: 0 } },
    spec: { name: 'p--seed_0', train: { seed: 0 } },
    events: [
      {
        type: 'eval_result',
        t: 1,
        benchmark: 'playtable',
        checkpoint: 'c',
        protocol: { ...PROTOCOL, obstacle: false },
        chain_length: 1,
        avg_seq_len: 0.1,
        chain_sr: { 1: 0.1 },
        task_info: { turn_on_led: { success: 1, total: 10 } },
      },
    ],
  });
  const noneErr: string[] = [];
  const none = await main(['report', 'p-1', '--metric', 'knocked', '--runs-dir', runsDir], {
    cwd: work,
    env: {},
    out: () => undefined,
    err: (l) => noneErr.push(l),
    isTTY: false,
  });
  assert.equal(none, 1);
  assert.deepEqual(noneErr, [
    'vla-lab: report: no evaluation of sweep p-1 has a value of posts knocked over (not applicable to 1: p--seed_0/r1 (no obstacle))',
  ]);
  const metric = await cli(['--metric', 'posts']);
  assert.match(metric.err, /^vla-lab: report: --metric is success, avg-len or knocked, not "posts"$/);
});
