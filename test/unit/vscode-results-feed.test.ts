/**
 * The Results panel's data path without an editor: events appended to a run's events.jsonl come
 * out of ResultsFeed as incremental messages, and the webview's reducer applying them ends with
 * exactly the curve the extension holds (also when LTTB re-picks points of a long series).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResultsFeed } from '../../extension/vscode/panels/results-feed';
import { validateResultsToWebview, type ResultsToWebview } from '../../extension/shared/messages/results';
import { emptyState, reduce } from '../../webview/src/results/state';

function makeRun(status = 'running') {
  const runs = mkdtempSync(join(tmpdir(), 'vla-feed-'));
  const dir = join(runs, 'exp', 'r1');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify({
      v: 1,
      id: 'r1',
      experiment: 'exp',
      status,
      backend: 'builtin',
      launcher: 'local',
      created_at: '2024-01-01T00:00:00Z',
    }),
  );
  writeFileSync(
    join(dir, 'spec.json'),
    JSON.stringify({ name: 'exp', data: { stages: [{ datasets: [{ type: 'calvin', path: '/data/task_ABC_D/training' }] }] } }),
  );
  const events = join(dir, 'events.jsonl');
  const append = (...recs: object[]) => appendFileSync(events, recs.map((r) => JSON.stringify({ v: 1, ...r }) + '\n').join(''));
  return { runs, dir, append, cleanup: () => rmSync(runs, { recursive: true, force: true }) };
}

const scalar = (step: number, value: number | null, name = 'train/loss') => ({ type: 'scalar', t: 1000 + step, step, name, value });

function apply(msgs: ResultsToWebview[], state = emptyState()) {
  for (const m of msgs) {
    const checked = validateResultsToWebview(JSON.parse(JSON.stringify(m)));
    assert.ok(checked.ok, `the webview rejects ${m.type}: ${checked.ok ? '' : checked.reason}`);
    reduce(state, checked.message);
  }
  return state;
}

test('init sends the run, then the curves; new events arrive as appends, not reloads', () => {
  const r = makeRun();
  try {
    r.append({ type: 'run_start', t: 1000, spec_hash: 'h', host: 'h', device: 'cpu', versions: {} }, scalar(0, 2), scalar(1, 1.5));
    const feed = new ResultsFeed(r.runs, ['exp/r1'], { mediaSrc: (p) => `webview:${p}`, view: { x: 'step', smoothing: 0 } });
    const first = feed.init('Results');
    assert.equal(first[0].type, 'init');
    const init = first[0] as Extract<ResultsToWebview, { type: 'init' }>;
    assert.equal(init.runs[0].status, 'running');
    assert.equal(init.runs[0].calvinSplit, 'ABC_D');
    const reset = first.find((m) => m.type === 'series-reset') as Extract<ResultsToWebview, { type: 'series-reset' }>;
    assert.deepEqual(reset.points.x, [0, 1]);
    assert.deepEqual(reset.points.y, [2, 1.5]);
    const state = apply(first);

    assert.deepEqual(feed.poll(), [], 'nothing new, nothing sent');
    r.append(scalar(2, 1.2), { type: 'progress', t: 1003, step: 2, total: 10 });
    const next = feed.poll();
    const append = next.find((m) => m.type === 'series-append') as Extract<ResultsToWebview, { type: 'series-append' }>;
    assert.ok(append, 'an append message');
    assert.equal(append.from, 2, 'keeps the two points the webview has');
    assert.deepEqual(append.points.x, [2]);
    assert.ok(!next.some((m) => m.type === 'init' || m.type === 'series-reset'));
    const run = next.find((m) => m.type === 'run') as Extract<ResultsToWebview, { type: 'run' }>;
    assert.equal(run.run.step, 2);
    assert.equal(run.run.total, 10);
    apply(next, state);
    assert.deepEqual(state.series.get('exp/r1')!.get('train/loss')!.y, [2, 1.5, 1.2]);
  } finally {
    r.cleanup();
  }
});

test('a long live series stays downsampled and the webview copy equals the extension view after every poll', () => {
  const r = makeRun();
  try {
    const feed = new ResultsFeed(r.runs, ['exp/r1'], { mediaSrc: (p) => p, view: { x: 'step', smoothing: 0.6 }, maxPoints: 200 });
    const state = apply(feed.init('t'));
    let step = 0;
    for (let batch = 0; batch < 30; batch++) {
      const recs = [];
      for (let i = 0; i < 97; i++, step++) recs.push(scalar(step, Math.exp(-step / 500) + 0.1 * Math.sin(step), 'train/loss'));
      if (batch === 12) recs.push(scalar(step++, null)); // a NaN: a gap
      r.append(...recs);
      const msgs = feed.poll();
      for (const m of msgs) {
        if (m.type !== 'series-append' && m.type !== 'series-reset') continue;
        assert.ok(m.points.x.length <= 200 + 4, `message of ${m.points.x.length} points`);
        assert.deepEqual(Object.keys(m.points).sort(), ['x', 'y'], 'raw points only: the webview smooths');
      }
      apply(msgs, state);
    }
    const held = state.series.get('exp/r1')!.get('train/loss')!;
    // What a fresh panel would get now:
    const fresh = apply(
      new ResultsFeed(r.runs, ['exp/r1'], { mediaSrc: (p) => p, view: { x: 'step', smoothing: 0.6 }, maxPoints: 200 }).init('t'),
    );
    const want = fresh.series.get('exp/r1')!.get('train/loss')!;
    assert.equal(held.count, step);
    assert.deepEqual(held.x, want.x);
    assert.deepEqual(held.y, want.y);
    assert.ok(held.y.includes(null), 'the NaN shows as a gap');
    assert.ok(held.x.length <= 204);
  } finally {
    r.cleanup();
  }
});

test("smoothing is the webview's: a new weight sends nothing back; a new x axis resends every curve raw", () => {
  const r = makeRun();
  try {
    r.append(scalar(0, 1), scalar(1, 3), scalar(2, 2));
    const feed = new ResultsFeed(r.runs, ['exp/r1'], { mediaSrc: (p) => p, view: { x: 'step', smoothing: 0 } });
    feed.init('t');
    assert.deepEqual(feed.setView({ x: 'step', smoothing: 0.9 }), [], 'no round trip for the slider');
    // ...but the weight is remembered: a webview that reloads starts with it.
    const again = feed.init('t');
    assert.deepEqual((again[0] as Extract<ResultsToWebview, { type: 'init' }>).view, { x: 'step', smoothing: 0.9 });
    const msgs = feed.setView({ x: 'relative', smoothing: 0.9 });
    assert.equal(msgs.length, 1);
    const m = msgs[0] as Extract<ResultsToWebview, { type: 'series-reset' }>;
    assert.equal(m.type, 'series-reset');
    assert.deepEqual(m.points, { x: [0, 1, 2], y: [1, 3, 2] }, 'seconds since the first event, raw values');
  } finally {
    r.cleanup();
  }
});

test('evaluation results and rollout media become eval/media messages; media outside the run folder are dropped', () => {
  const r = makeRun('completed');
  try {
    r.append(
      {
        type: 'eval_result',
        t: 2000,
        benchmark: 'playtable',
        checkpoint: 'checkpoints/final.pt',
        avg_seq_len: 0.5,
        chain_sr: { 1: 0.5 },
        task_info: { open_drawer: { success: 1, total: 2 } },
      },
      {
        type: 'media',
        t: 2001,
        kind: 'video',
        path: 'eval/videos/0.mp4',
        format: 'mp4',
        task: 'open_drawer',
        instruction: 'open the drawer',
        success: true,
      },
      { type: 'media', t: 2002, kind: 'video', path: '../../../etc/passwd', format: 'mp4' },
      { type: 'run_end', t: 2003, status: 'completed' },
    );
    const feed = new ResultsFeed(r.runs, ['exp/r1'], { mediaSrc: (p) => `https://file+.vscode-resource${p}` });
    const msgs = feed.init('t');
    const ev = msgs.find((m) => m.type === 'eval') as Extract<ResultsToWebview, { type: 'eval' }>;
    assert.equal(ev.result.avgLen, 0.5);
    assert.deepEqual(ev.result.taskInfo.open_drawer, { success: 1, total: 2 });
    const media = msgs.find((m) => m.type === 'media') as Extract<ResultsToWebview, { type: 'media' }>;
    assert.equal(media.items.length, 1);
    assert.equal(media.items[0].src, `https://file+.vscode-resource${join(r.dir, 'eval/videos/0.mp4')}`);
    assert.equal(feed.active, false);
    const state = apply(msgs);
    assert.equal(state.media[0].instruction, 'open the drawer');
    assert.deepEqual(feed.poll(), [], 'results are sent once');
  } finally {
    r.cleanup();
  }
});
