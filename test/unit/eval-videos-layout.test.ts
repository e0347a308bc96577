/**
 * Rollout videos per eval entry: the trainer files eval entry i's videos in eval/<checkpoint>/videos/entry-<i>/
 * (schemas/run-layout.json "evaluation"), so two entries filming the same chain never overwrite each
 * other (test/python/test_eval_entry_videos.py runs the trainer). Here the readers: the Results panel's
 * feed (gallery), `vla-lab show` and the summary printed after `vla-lab run/eval` show every entry's
 * videos from such a run folder — and still every video of a run folder written before, with all
 * entries' videos in one eval/<checkpoint>/videos/ folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../extension/cli/main';
import { printResults } from '../../extension/cli/run-helpers';
import { evalEntryFiles } from '../../extension/core/runner/paths';
import type { RunRecord } from '../../extension/core/runner';
import type { ResultsToWebview } from '../../extension/shared/messages/results';
import { ResultsFeed } from '../../extension/vscode/panels/results-feed';
import { tempDir } from './tmp-helpers';

const GIF = join(__dirname, '..', 'fixtures', 'media', 'rollout.gif');
const CLIP = 'chain0000_sub0_open_drawer.gif';

/** A finished run whose two eval entries each filmed chain 0 of open_drawer, with the videos at `folders[entry]`. */
function makeRun(root: string, id: string, folders: [string, string]): string {
  const dir = join(root, 'runs', 'exp', id);
  mkdirSync(dir, { recursive: true });
  const record = {
    v: 1,
    id,
    experiment: 'exp',
    status: 'completed',
    backend: 'builtin',
    launcher: 'local',
    created_at: '2026-12-05T00:00:00Z',
  };
  writeFileSync(join(dir, 'run.json'), JSON.stringify(record));
  const lines: object[] = [];
  folders.forEach((folder, entry) => {
    const rel = `eval/step-0000010/${folder}/${folder.endsWith('videos') ? `e${entry}_${CLIP}` : CLIP}`;
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    copyFileSync(GIF, join(dir, rel));
    lines.push(
      {
        type: 'eval_result',
        t: 10 + entry,
        benchmark: 'playtable',
        checkpoint: 'checkpoints/step-0000010.pt',
        step: 10,
        num_chains: 2,
        chain_length: 1,
        results_path: `eval/step-0000010/${evalEntryFiles(entry).results}`,
        avg_seq_len: 0.5,
        chain_sr: { 1: 0.5 },
        task_info: { open_drawer: { success: 1, total: 2 } },
      },
      {
        type: 'media',
        t: 20 + entry,
        kind: 'video',
        path: rel,
        format: 'gif',
        task: 'open_drawer',
        success: entry === 0,
        steps: 9,
        chain: 0,
        subtask: 0,
      },
    );
  });
  writeFileSync(join(dir, 'events.jsonl'), lines.map((l) => JSON.stringify({ v: 1, ...l }) + '\n').join(''));
  return dir;
}

const LAYOUTS: [string, [string, string]][] = [
  ['one folder per eval entry', [evalEntryFiles(0).videos, evalEntryFiles(1).videos]],
  // before: every entry in videos/ (distinct names here — the collision this layout fixes lost the first)
  ['an older run folder, every entry in one videos/ folder', ['videos', 'videos']],
];

test('the layout gives each eval entry its own video folder (schemas/run-layout.json)', () => {
  assert.equal(evalEntryFiles(0).videos, join('videos', 'entry-0'));
  assert.equal(evalEntryFiles(1).videos, join('videos', 'entry-1'));
  assert.equal(evalEntryFiles(0).results, 'results_playtable.json');
  assert.equal(evalEntryFiles(2).results, 'results_playtable_2.json');
});

for (const [what, folders] of LAYOUTS) {
  test(`every video is shown: ${what}`, async () => {
    const root = tempDir('vla-videos-');
    const dir = makeRun(root, 'r1', folders);
    const expected = folders.map((f, i) => `eval/step-0000010/${f}/${f.endsWith('videos') ? `e${i}_${CLIP}` : CLIP}`);
    for (const p of expected) assert.ok(existsSync(join(dir, p)), p);

    // the Results panel's gallery: one item per video, each loading its own file
    const feed = new ResultsFeed(join(root, 'runs'), ['exp/r1'], { mediaSrc: (p) => p, view: { x: 'step', smoothing: 0 } });
    const media = feed.init('t').filter((m): m is Extract<ResultsToWebview, { type: 'media' }> => m.type === 'media');
    const items = media.flatMap((m) => m.items);
    assert.deepEqual(
      items.map((m) => m.path),
      expected,
    );
    for (const m of items) assert.ok(existsSync(m.src), m.src);
    assert.deepEqual(
      items.map((m) => m.success),
      [true, false],
    );

    // vla-lab show lists both
    const out: string[] = [];
    const code = await main(['show', 'exp/r1', '--runs-dir', join(root, 'runs')], {
      cwd: root,
      env: {},
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      isTTY: false,
    });
    assert.equal(code, 0, out.join('\n'));
    const text = out.join('\n');
    assert.match(text, /videos \(2\):/);
    for (const p of expected) assert.ok(text.includes(join('runs', 'exp', 'r1', p)), `show lists ${p}:\n${text}`);

    // the summary after vla-lab run/eval names every folder the videos are in
    const lines: string[] = [];
    const ctx = { args: [], cwd: root, env: {}, out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), isTTY: false };
    printResults(ctx, dir, { v: 1, id: 'r1', experiment: 'exp', status: 'completed' } as unknown as RunRecord);
    const line = lines.find((l) => l.startsWith('videos (2): '));
    assert.ok(line, lines.join('\n'));
    for (const f of new Set(folders)) assert.ok(line.includes(join('runs', 'exp', 'r1', 'eval', 'step-0000010', f) + '/'), line);
  });
}
