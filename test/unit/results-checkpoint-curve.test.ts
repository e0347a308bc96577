/**
 * The Results panel's checkpoint curve through the typed message contract: an eval run of every
 * checkpoint (run.json every_checkpoint) whose results arrive one by one sends a `checkpoint-curve`
 * message each time — points in step order with intervals, the best marked, a verdict line — that
 * the webview's validator accepts and its reducer stores; a malformed curve is refused; a run with
 * one evaluation sends none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResultsFeed } from '../../extension/vscode/panels/results-feed';
import { validateResultsToWebview, type ResultsToWebview } from '../../extension/shared/messages/results';
import { emptyState, reduce } from '../../webview/src/results/state';
import { tempDir } from './tmp-helpers';

function evalRun(every: boolean) {
  const runs = tempDir('vla-curve-');
  const dir = join(runs, 'exp', 'e1');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({
      v: 1,
      id: 'e1',
      experiment: 'exp',
      status: 'running',
      kind: 'eval',
      backend: 'builtin',
      launcher: 'local',
      created_at: '2026-12-04T00:00:00Z',
      parent_run: 'exp/t1',
      checkpoint: null,
      ...(every ? { every_checkpoint: true } : {}),
    }),
  );
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ name: 'exp' }));
  const result = (step: number, success: number, total = 20) => ({
    v: 1,
    type: 'eval_result',
    t: 2000 + step,
    benchmark: 'playtable',
    checkpoint: `step-${String(step).padStart(7, '0')}.pt`,
    step,
    num_chains: total,
    chain_length: 1,
    avg_seq_len: success / total,
    chain_sr: { 1: success / total },
    task_info: { open_drawer: { success, total } },
  });
  const append = (...recs: object[]) => appendFileSync(join(dir, 'events.jsonl'), recs.map((r) => JSON.stringify(r) + '\n').join(''));
  return { runs, append, result };
}

const curvesOf = (msgs: ResultsToWebview[]) =>
  msgs.filter((m): m is Extract<ResultsToWebview, { type: 'checkpoint-curve' }> => m.type === 'checkpoint-curve');

test('an evaluation of every checkpoint: each new result resends the whole curve, the best marked, and the webview keeps it', () => {
  const r = evalRun(true);
  r.append(r.result(200, 12));
  const feed = new ResultsFeed(r.runs, ['exp/e1'], { mediaSrc: (p) => p });
  const state = emptyState();
  const apply = (msgs: ResultsToWebview[]) => {
    for (const m of msgs) {
      const checked = validateResultsToWebview(JSON.parse(JSON.stringify(m)));
      assert.ok(checked.ok, `${m.type}: ${checked.ok ? '' : checked.reason}`);
      reduce(state, checked.message);
    }
  };
  const first = feed.init('Results');
  assert.equal(curvesOf(first).length, 1, 'one point is already a curve for an every-checkpoint run');
  apply(first);
  assert.deepEqual(feed.poll(), []);
  r.append(r.result(100, 3), r.result(300, 17));
  const next = curvesOf(feed.poll());
  assert.equal(next.length, 1);
  const c = next[0].curves[0];
  assert.equal(c.kind, 'success');
  assert.deepEqual(
    c.points.map((p) => [p.step, p.best, p.withinNoiseOfBest]),
    [
      [100, false, false],
      [200, false, true],
      [300, true, false],
    ],
  );
  assert.match(
    c.verdict,
    /^best: step-0000300\.pt at step 300, success 85% \[64–95%\]; within noise of it \(95% intervals overlap\): step 200$/,
  );
  apply(feed.poll());
  apply(next);
  assert.equal(state.curves.get('exp/e1')![0].points.length, 3);
});

test('a run with one evaluation sends no curve; two steps do; a malformed curve is refused by the webview', () => {
  const r = evalRun(false);
  r.append(r.result(100, 3));
  const feed = new ResultsFeed(r.runs, ['exp/e1'], { mediaSrc: (p) => p });
  assert.equal(curvesOf(feed.init('Results')).length, 0);
  r.append(r.result(200, 9));
  assert.equal(curvesOf(feed.poll()).length, 1);
  const bad = {
    type: 'checkpoint-curve',
    run: 'exp/e1',
    curves: [
      {
        benchmark: 'playtable',
        kind: 'success',
        chainLength: 1,
        max: 1,
        verdict: 'x',
        points: [{ step: 'NaN', checkpoint: 'a', value: 1, low: 0, high: 1, n: 1 }],
      },
    ],
  };
  const checked = validateResultsToWebview(bad);
  assert.equal(checked.ok, false);
  assert.equal(validateResultsToWebview({ ...bad, curves: [{ ...bad.curves[0], kind: 'loss' }] }).ok, false);
});
