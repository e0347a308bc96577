/**
 * The dataset viewer without an editor: the message contract (what the webview may send, what
 * Python's summary must look like), the reader run as a real `python -m vlalab dataset` on generated
 * Playtable data (core/dataset), the panel session's answers (fake reader), the webview's pure
 * logic (search, virtualised rows, playback), the spec's dataset entries for the CodeLens,
 * `vla-lab data`, and Open Dataset refused in an untrusted workspace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONVENTION_FIELDS as CORE_CONVENTION_FIELDS,
  formatSummary,
  readEpisode,
  readOverlay,
  readSummary,
} from '../../extension/core/dataset';
import { specDatasetEntries } from '../../extension/core/dataset/spec';
import { UserError, isUserError } from '../../extension/core/errors';
import { main } from '../../extension/cli/main';
import {
  CONVENTION_FIELDS,
  checkEpisode,
  checkOverlay,
  checkSummary,
  validateDatasetToExtension,
  validateDatasetToWebview,
  type ConventionField,
  type DatasetEpisodeData,
  type DatasetSummary,
  type DatasetToWebview,
  type InferredConvention,
} from '../../extension/shared/messages/dataset';
import { DatasetSession } from '../../extension/vscode/dataset/session';
import {
  conventionView,
  filterEpisodes,
  frameAt,
  histogramBars,
  playbackFps,
  visibleRows,
  DEFAULT_FPS,
} from '../../webview/src/dataset/model';
import { createVscodeMock, installVscodeMock } from './vscode-mock';

const repoRoot = join(__dirname, '..', '..');
const PYTHON = join(repoRoot, '.venv/bin/python');
const ENV = { ...process.env, PYTHONPATH: join(repoRoot, 'python'), OPENBLAS_NUM_THREADS: '1' };

const tmp = mkdtempSync(join(tmpdir(), 'vla-dataset-'));
const DATA = join(tmp, 'playtable');
const CACHE = join(tmp, 'cache');
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

let generated = false;
function playtable(): string {
  if (!generated) {
    const r = spawnSync(
      PYTHON,
      [
        '-m',
        'vlalab',
        'gen-data',
        '--out',
        DATA,
        '--tasks',
        'open_drawer,push_red_block_left',
        '--episodes',
        '1',
        '--image-size',
        '16',
        '--seed',
        '4',
      ],
      { env: ENV, encoding: 'utf8', timeout: 300_000 },
    );
    assert.equal(r.status, 0, r.stderr);
    generated = true;
  }
  return DATA;
}

test('the webview may send ready, openEpisode with an index and openSplit with a folder name; nothing else', () => {
  assert.deepEqual(validateDatasetToExtension({ type: 'openEpisode', index: 3, extra: 'dropped' }), {
    ok: true,
    message: { type: 'openEpisode', index: 3 },
  });
  assert.deepEqual(validateDatasetToExtension({ type: 'openSplit', split: 'validation' }), {
    ok: true,
    message: { type: 'openSplit', split: 'validation' },
  });
  assert.deepEqual(validateDatasetToExtension({ type: 'overlay', kind: 'state', dim: 2, episodes: 40 }), {
    ok: true,
    message: { type: 'overlay', kind: 'state', dim: 2, episodes: 40 },
  });
  for (const bad of [
    { type: 'openEpisode', index: -1 },
    { type: 'openEpisode', index: 1.5 },
    { type: 'openEpisode', index: '2' },
    { type: 'openSplit', split: '..' },
    { type: 'openSplit', split: '../etc' },
    { type: 'openSplit', split: 'a/b' },
    { type: 'overlay', kind: 'images', dim: 0, episodes: 4 },
    { type: 'overlay', kind: 'actions', dim: 0, episodes: 5000 },
    { type: 'readFile', path: '/etc/passwd' },
    null,
    'ready',
  ]) {
    assert.equal(validateDatasetToExtension(bad).ok, false, JSON.stringify(bad));
  }
});

test('the reader summarises generated Playtable data; the summary passes the webview contract; episodes come with their frames', async () => {
  const s = await readSummary(playtable(), { python: PYTHON, cacheDir: CACHE, env: ENV, check: checkSummary });
  assert.equal(s.layout, 'calvin');
  assert.equal(s.split, 'training');
  assert.deepEqual(s.splits, ['training', 'validation']);
  assert.equal(s.episodes.length, 2);
  assert.deepEqual(s.episodes.map((e) => e.task).sort(), ['open_drawer', 'push_red_block_left']);
  assert.equal(
    s.frames,
    s.episodes.reduce((n, e) => n + e.length, 0),
  );
  assert.equal(s.actions?.dims.length, 7);
  assert.deepEqual(
    s.actions?.distinct.gripper.map((v) => v.value),
    [-1, 1],
  );
  assert.deepEqual(validateDatasetToWebview({ type: 'init', summary: s }), { ok: true, message: { type: 'init', summary: s } });
  const lines = formatSummary(s).join('\n');
  assert.match(lines, /2 episodes, \d+ frames/);
  assert.match(lines, /rgb_static {2}\|u1 \[16×16×3\] {2}\(camera\)/);
  assert.match(lines, /gripper .* values -1 \(\d+%\), 1 \(\d+%\)/);
  assert.match(lines, /action convention: delta, world frame, euler_xyz, gripper closed -1 \/ open 1 \(built-in\)/);
  // Playtable's control rate (its data has no fps field): 15 Hz from its playtable.json, also the playback rate.
  assert.deepEqual([s.fps, s.controlRate], [15, { hz: 15, source: "Playtable's (playtable.json)" }]);
  assert.match(lines, /^ {2}control rate 15 Hz \(Playtable's \(playtable\.json\)\)$/m);
  for (const controlRate of [{ hz: 0, source: 'x' }, { hz: 15, source: null }, { hz: null, source: 'x' }, undefined])
    assert.equal(checkSummary({ ...s, controlRate }), 'bad controlRate', JSON.stringify(controlRate));
  assert.equal(checkSummary({ ...s, controlRate: { hz: null, source: null } }), undefined);
  assert.deepEqual(s.warnings, []);
  // The convention the data's own actions and state show (trainer/infer_convention.py), per field against the built-in one.
  const ic = s.inferredConvention;
  assert.ok(ic && ic.against === 'built-in' && !ic.assumed && ic.error === null && ic.frames > 0 && ic.frames <= 3000);
  assert.deepEqual(
    ic.fields.map((f) => [f.field, f.inferred, f.contradicts]),
    [
      ['mode', 'delta', false],
      ['frame', 'unknown', false],
      ['rotation', 'euler_xyz or axis_angle', false],
      ['gripper', 'closed -1 / open 1', false],
    ],
  );
  assert.match(
    lines,
    /^Conventions from the data \(\d+ episodes, \d+ steps\) against built-in: mode delta ✓ · frame unknown \(declared world, not checked\) · rotation euler_xyz or axis_angle \(declared euler_xyz, consistent\) · gripper closed -1 \/ open 1 ✓$/m,
  );
  const ep = await readEpisode(playtable(), 1, { python: PYTHON, cacheDir: CACHE, env: ENV, check: checkEpisode });
  assert.equal(ep.length, s.episodes[1].length);
  assert.equal(ep.fps, 15);
  assert.equal(ep.actions.length, ep.length);
  assert.deepEqual(
    ep.cameras.map((c) => [c.name, c.frames.length]),
    [
      ['rgb_static', ep.length],
      ['rgb_gripper', ep.length],
    ],
  );
  assert.ok(ep.cameras[0].frames.every((f) => f.startsWith(CACHE) && f.endsWith('.png')));
  assert.equal(validateDatasetToWebview({ type: 'episode', episode: ep }).ok, true);
  const o = await readOverlay(playtable(), 'actions', 6, 40, { python: PYTHON, cacheDir: CACHE, env: ENV, check: checkOverlay });
  assert.equal(o.name, 'gripper');
  assert.deepEqual(
    o.episodes.map((e) => e.values.length),
    s.episodes.map((e) => e.length),
  );
  assert.ok(o.episodes.every((e) => e.values.every((v) => v === -1 || v === 1)));
});

test('--list-only: the episode list of a CALVIN-layout split without its statistics (partial), or the cached whole summary', async () => {
  const fresh = join(tmp, 'cache-list');
  const list = await readSummary(playtable(), { python: PYTHON, cacheDir: fresh, env: ENV, listOnly: true, check: checkSummary });
  const whole = await readSummary(playtable(), { python: PYTHON, cacheDir: CACHE, env: ENV, check: checkSummary });
  assert.equal(list.partial, true);
  assert.equal(whole.partial, false);
  assert.deepEqual(list.episodes, whole.episodes);
  assert.deepEqual(
    [list.frames, list.tasks, list.key, list.split, list.splits],
    [whole.frames, whole.tasks, whole.key, whole.split, whole.splits],
  );
  assert.deepEqual([list.actions, list.state, list.features, list.cameras], [null, null, [], []]);
  // Once the whole summary is cached, the list call answers with it.
  const again = await readSummary(playtable(), { python: PYTHON, cacheDir: CACHE, env: ENV, listOnly: true, check: checkSummary });
  assert.equal(again.partial, false);
  assert.equal(again.cached, true);
  assert.equal(again.actions?.dims.length, 7);
});

test('bad input is one line: a missing folder, a folder that is no dataset, an episode past the end', async () => {
  for (const [path, index, want] of [
    [join(tmp, 'nope'), undefined, /nope does not exist: choose a dataset folder/],
    [tmp, undefined, /is not a dataset VLA Lab reads/],
    [playtable(), 7, /there is no episode 7/],
  ] as const) {
    const p =
      index === undefined
        ? readSummary(path, { python: PYTHON, cacheDir: CACHE, env: ENV, check: checkSummary })
        : readEpisode(path, index, { python: PYTHON, cacheDir: CACHE, env: ENV, check: checkEpisode });
    await assert.rejects(
      p,
      (e: Error) => isUserError(e) && want.test(e.message) && !e.message.includes('\n') && !/Traceback/.test(e.message),
    );
  }
  await assert.rejects(
    readSummary(playtable(), { python: join(tmp, 'no-python'), cacheDir: CACHE, check: checkSummary }),
    /cannot run .*no-python to read the dataset/,
  );
});

test('vla-lab data prints the summary; a missing folder is one line and exit 1', async () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, {
      cwd: tmp,
      env: { ...process.env, VLA_LAB_PYTHON: PYTHON, XDG_CACHE_HOME: join(tmp, 'xdg') },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      isTTY: false,
    });
    return { code, out: out.join('\n'), err };
  };
  const ok = await run(['data', playtable(), '--episodes', '1']);
  assert.equal(ok.code, 0, ok.err.join('\n'));
  assert.match(ok.out, /layout CALVIN layout, split training \(of training, validation\)/);
  assert.match(ok.out, /actions \(7 dimensions over \d+ frames\)/);
  assert.match(ok.out, /episodes \(first 1 of 2; --episodes N for more\)/);
  const json = await run(['data', playtable(), '--json', '--split', 'validation']);
  assert.equal((JSON.parse(json.out) as DatasetSummary).split, 'validation');
  const missing = await run(['data', join(tmp, 'missing')]);
  assert.equal(missing.code, 1);
  assert.equal(missing.err.length, 1);
  assert.match(missing.err[0], /^vla-lab: .*missing does not exist/);
});

function fakeSummary(n: number): DatasetSummary {
  return {
    version: 1,
    layout: 'calvin',
    path: '/d/training',
    key: 'k',
    split: 'training',
    splits: ['training', 'validation'],
    fps: 15,
    controlRate: { hz: 15, source: "Playtable's (playtable.json)" },
    frames: n * 10,
    episodes: Array.from({ length: n }, (_, i) => ({
      index: i,
      length: 10 + i,
      instruction: i % 2 ? 'open the drawer' : 'push the block left',
      task: i % 2 ? 'open_drawer' : 'push_block',
      split: 'training',
    })),
    features: [],
    cameras: [],
    tasks: [],
    actions: null,
    state: null,
    normalization: { dims: 0, mean: [], std: [], min: [], max: [] },
    notes: [],
    convention: null,
    warnings: [],
    inferredConvention: null,
    seconds: 0.1,
    cached: false,
  };
}

function fakeEpisode(index: number): DatasetEpisodeData {
  return {
    index,
    length: 2,
    instruction: 'x',
    task: 'x',
    fps: null,
    split: 'training',
    actions: [
      [0, 1],
      [1, null],
    ],
    state: null,
    cameras: [{ name: 'rgb_static', width: 16, height: 16, frames: ['/c/0.png', '/c/1.png'] }],
    seconds: 0,
    cached: false,
  };
}

test('the session: ready → progress + init; episodes go out with webview URIs; a newer choice wins; failures are one error line', async () => {
  const posted: DatasetToWebview[] = [];
  const gates: (() => void)[] = [];
  const session = new DatasetSession('/d', {
    post: (m) => posted.push(m),
    toUri: (f) => `vscode-webview://x${f}`,
    reader: {
      summary: async (_p, split) => ({ ...fakeSummary(3), split: split ?? 'training' }),
      episode: (_p, i) =>
        new Promise((resolve, reject) => gates.push(() => (i === 2 ? reject(new Error('boom')) : resolve(fakeEpisode(i))))),
      overlay: async (_p, kind, dim) => {
        if (dim > 6) throw new UserError(`the ${kind} have 7 dimensions: there is no dimension ${dim}`);
        return { kind, dim, name: 'x', of: 3, episodes: [{ index: 0, stride: 1, values: [0, null] }], seconds: 0 };
      },
    },
  });
  await session.handle({ type: 'ready' });
  assert.deepEqual(
    posted.map((m) => m.type),
    ['progress', 'init'],
  );
  posted.length = 0;
  const first = session.handle({ type: 'openEpisode', index: 0 });
  const second = session.handle({ type: 'openEpisode', index: 1 });
  gates[0]();
  gates[1]();
  await Promise.all([first, second]);
  const episodes = posted.filter((m) => m.type === 'episode');
  assert.equal(episodes.length, 1, 'the answer to the older request is dropped');
  assert.equal(episodes[0].type === 'episode' && episodes[0].episode.index, 1);
  assert.deepEqual(episodes[0].type === 'episode' && episodes[0].episode.cameras[0].frames, [
    'vscode-webview://x/c/0.png',
    'vscode-webview://x/c/1.png',
  ]);
  posted.length = 0;
  const failing = session.handle({ type: 'openEpisode', index: 2 });
  gates[2]();
  await failing;
  assert.deepEqual(posted.at(-1), { type: 'error', message: 'Internal error: boom' });
  await session.handle({ type: 'openEpisode', index: 9 });
  assert.deepEqual(posted.at(-1), { type: 'error', message: 'There is no episode 9 (the dataset lists 3).' });
  await session.handle({ type: 'openSplit', split: 'test' });
  assert.deepEqual(posted.at(-1), { type: 'error', message: 'This dataset has no split "test".' });
  await session.handle({ type: 'openSplit', split: 'validation' });
  const init = posted.at(-1);
  assert.equal(init?.type === 'init' && init.summary.split, 'validation');
  await session.handle({ type: 'overlay', kind: 'actions', dim: 0, episodes: 40 });
  const o = posted.at(-1);
  assert.ok(o?.type === 'overlay' && validateDatasetToWebview(o).ok);
  await session.handle({ type: 'overlay', kind: 'state', dim: 9, episodes: 40 });
  assert.deepEqual(posted.at(-1), { type: 'error', message: 'the state have 7 dimensions: there is no dimension 9' });
});

test('a large split: the list comes first (partial), episodes open before the statistics arrive, stale or failed statistics', async () => {
  const posted: DatasetToWebview[] = [];
  const whole: Record<string, () => void> = {};
  const wholeFails: Record<string, boolean> = { validation: true };
  const session = new DatasetSession('/d', {
    post: (m) => posted.push(m),
    toUri: (f) => f,
    reader: {
      list: async (_p, split) => ({ ...fakeSummary(3), split: split ?? 'training', partial: true }),
      summary: (_p, split) =>
        new Promise((resolve, reject) => {
          const sp = split ?? 'training';
          whole[sp] = () =>
            wholeFails[sp]
              ? reject(new UserError('x.npz is not a readable frame file'))
              : resolve({ ...fakeSummary(3), split: sp, seconds: 9 });
        }),
      episode: async (_p, i) => fakeEpisode(i),
      overlay: async () => {
        throw new Error('not asked');
      },
    },
  });
  await session.handle({ type: 'ready' });
  const init = posted.find((m) => m.type === 'init');
  assert.ok(init?.type === 'init' && init.summary.partial === true && init.summary.episodes.length === 3);
  const progress = posted.at(-1);
  assert.match(progress?.type === 'progress' ? progress.message : '', /^Listed 3 episodes; reading statistics over 30 frames/);
  // The statistics are still being read: an episode opens all the same.
  await session.handle({ type: 'openEpisode', index: 2 });
  assert.equal(posted.filter((m) => m.type === 'episode').length, 1);
  assert.equal(
    posted.some((m) => m.type === 'statistics'),
    false,
  );
  whole.training();
  await session.statistics;
  const stats = posted.at(-1);
  assert.ok(stats?.type === 'statistics' && !stats.summary.partial && stats.summary.seconds === 9);
  assert.equal(validateDatasetToWebview(stats).ok, true);
  assert.equal(session.current?.partial, undefined, 'the whole summary replaces the list');
  // A webview that reloads gets the whole summary at once.
  posted.length = 0;
  await session.handle({ type: 'ready' });
  assert.deepEqual(
    posted.map((m) => m.type),
    ['init'],
  );

  // Another split while the first one's statistics are read: the old statistics are dropped.
  const s2 = new DatasetSession('/d', {
    post: (m) => posted.push(m),
    toUri: (f) => f,
    reader: {
      list: async (_p, split) => ({ ...fakeSummary(3), split: split ?? 'training', partial: true }),
      summary: (_p, split) =>
        new Promise((resolve) => (whole[`2-${split ?? 'training'}`] = () => resolve({ ...fakeSummary(3), split: split ?? 'training' }))),
      episode: async (_p, i) => fakeEpisode(i),
      overlay: async () => {
        throw new Error('not asked');
      },
    },
  });
  posted.length = 0;
  await s2.handle({ type: 'ready' });
  const stale = s2.statistics;
  await s2.handle({ type: 'openSplit', split: 'validation' });
  whole['2-training']();
  await stale;
  assert.equal(posted.filter((m) => m.type === 'statistics').length, 0, 'statistics of the split left behind are not sent');
  whole['2-validation']();
  await s2.statistics;
  const last = posted.at(-1);
  assert.ok(last?.type === 'statistics' && last.summary.split === 'validation');

  // Statistics that fail: one line, the list stays usable.
  posted.length = 0;
  await session.handle({ type: 'openSplit', split: 'validation' });
  whole.validation();
  await session.statistics;
  assert.deepEqual(posted.at(-1), {
    type: 'error',
    message: 'The statistics could not be read (the episodes can still be opened): x.npz is not a readable frame file',
  });
  await session.handle({ type: 'openEpisode', index: 1 });
  assert.equal(posted.at(-1)?.type, 'episode');
});

test('the webview contract: a statistics message carries a whole summary; partial must be a boolean', () => {
  const s = fakeSummary(2);
  assert.equal(validateDatasetToWebview({ type: 'statistics', summary: s }).ok, true);
  assert.equal(validateDatasetToWebview({ type: 'init', summary: { ...s, partial: true } }).ok, true);
  assert.equal(checkSummary({ ...s, partial: 'yes' }), 'bad partial');
  assert.equal(validateDatasetToWebview({ type: 'statistics', summary: { ...s, episodes: 'all' } }).ok, false);
});

test('the webview contract: the inferred convention — four fields in order, a fix exactly where one contradicts, null in a partial list', () => {
  assert.deepEqual([...CONVENTION_FIELDS], [...CORE_CONVENTION_FIELDS]); // the two TypeScript copies
  const field = (k: ConventionField, contradicts = false) => ({
    field: k,
    declared: k === 'gripper' ? 'closed 1 / open -1' : 'delta',
    inferred: k === 'gripper' ? 'closed -1 / open 1' : k === 'frame' ? 'unknown' : 'delta',
    confidence: k === 'frame' ? null : 'high',
    evidence: `evidence of ${k}`,
    contradicts,
    fix: contradicts
      ? 'if the data is right, set "gripper": {"closed": -1, "open": 1} in the data source\'s "convention" in the spec'
      : null,
  });
  const ic: InferredConvention = {
    against: 'meta/info.json',
    assumed: false,
    episodes: 4,
    frames: 218,
    fields: CONVENTION_FIELDS.map((k) => field(k, k === 'gripper')),
    error: null,
  };
  const s = fakeSummary(2);
  assert.equal(checkSummary({ ...s, inferredConvention: ic }), undefined);
  assert.equal(
    checkSummary({ ...s, inferredConvention: { ...ic, fields: [], error: 'the convention could not be inferred (x)' } }),
    undefined,
  );
  for (const bad of [
    undefined,
    'delta',
    { ...ic, fields: ic.fields.slice(0, 3) },
    { ...ic, fields: [...ic.fields].reverse() },
    { ...ic, fields: ic.fields.map((f) => ({ ...f, fix: null })) }, // a contradiction without its fix
    { ...ic, fields: ic.fields.map((f) => ({ ...f, fix: 'x' })) }, // a fix where nothing contradicts
    { ...ic, fields: ic.fields.map((f) => ({ ...f, contradicts: 'no' })) },
    { ...ic, fields: ic.fields.map((f) => ({ ...f, evidence: 'x'.repeat(2001) })) },
    { ...ic, episodes: -1 },
    { ...ic, assumed: 'no' },
    { ...ic, error: 'x' }, // an error with fields
  ])
    assert.equal(checkSummary({ ...s, inferredConvention: bad }), 'bad inferredConvention', JSON.stringify(bad)?.slice(0, 80));
  assert.equal(checkSummary({ ...s, partial: true, inferredConvention: ic }), 'bad inferredConvention');
  assert.equal(validateDatasetToWebview({ type: 'statistics', summary: { ...s, inferredConvention: ic } }).ok, true);
  // What the viewer shows: the line, and the contradiction as a warning ending with the trainer's fix.
  const v = conventionView(ic);
  assert.equal(v.head, 'Conventions from the data (4 episodes, 218 steps) against meta/info.json:');
  assert.deepEqual(
    v.parts.map((p) => [p.text, p.contradicts]),
    [
      ['mode delta ✓', false],
      ['frame unknown (declared delta, not checked)', false],
      ['rotation delta ✓', false],
      ['gripper closed -1 / open 1 ✗ declared closed 1 / open -1', true],
    ],
  );
  assert.deepEqual(v.warnings, [
    'The data contradicts the declared gripper (meta/info.json): declared closed 1 / open -1, the data\'s is closed -1 / open 1 (evidence of gripper); a training run stops here — if the data is right, set "gripper": {"closed": -1, "open": 1} in the data source\'s "convention" in the spec.',
  ]);
  assert.deepEqual(conventionView({ ...ic, fields: [], error: 'the convention could not be inferred from the data (x)' }), {
    head: 'Conventions: the convention could not be inferred from the data (x).',
    parts: [],
    warnings: [],
  });
});

test('the episode list: search by words, #index and length; only the rows in view are drawn; playback wraps', () => {
  const eps = fakeSummary(1000).episodes;
  assert.equal(filterEpisodes(eps, 'DRAWER open').length, 500);
  assert.deepEqual(
    filterEpisodes(eps, '#17').map((e) => e.index),
    [17],
  );
  assert.deepEqual(
    filterEpisodes(eps, '>1007 push').map((e) => e.index),
    [998],
  );
  assert.equal(filterEpisodes(eps, '').length, 1000);
  assert.deepEqual(visibleRows(0, 240, 1000, 24, 2), { first: 0, last: 12 });
  assert.deepEqual(visibleRows(24 * 500, 240, 1000, 24, 2), { first: 498, last: 512 });
  assert.deepEqual(visibleRows(24 * 995, 240, 1000, 24, 2), { first: 993, last: 1000 });
  assert.equal(playbackFps(null), DEFAULT_FPS);
  assert.equal(playbackFps(30), 30);
  assert.equal(frameAt(0, 1000, 10, 25), 10);
  assert.equal(frameAt(20, 1000, 10, 25), 5);
  assert.deepEqual(histogramBars({ edges: [-1, 0, 1], counts: [3, 4] }), [
    { x: -0.5, count: 3 },
    { x: 0.5, count: 4 },
  ]);
});

test("a spec's dataset entries: positions, paths resolved against the spec's folder, entries without a path", () => {
  const text =
    '{\n // c\n "data": {"stages": [{"datasets": [{"type": "lerobot", "path": "../data/lr"}, {"type": "playtable"}]}, {"datasets": [{"type": "calvin", "path": "/abs/ABC", "split": "validation",}]}]}}';
  const entries = specDatasetEntries(text, '/work/specs/a.vla.json');
  assert.deepEqual(
    entries.map((e) => [e.type, e.dir, e.split]),
    [
      ['lerobot', '/work/data/lr', undefined],
      ['playtable', undefined, undefined],
      ['calvin', '/abs/ABC', 'validation'],
    ],
  );
  assert.equal(text.slice(entries[0].offset, entries[0].offset + 9), '{"type": ');
  assert.deepEqual(specDatasetEntries('{"data": 3', 'x.vla.json'), []);
});

test('Open Dataset in an untrusted workspace refuses, says why, and opens no panel', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'vla-ws-'));
  const mock = createVscodeMock({ trusted: false, workspace: ws, extensionPath: repoRoot });
  const uninstall = installVscodeMock(mock.vscode);
  try {
    const { registerDataset } = require('../../extension/vscode/dataset') as typeof import('../../extension/vscode/dataset');
    registerDataset(mock.context as never);
    // createWebviewPanel throws in the mock: reaching it would fail this test.
    await mock.vscode.commands.executeCommand('vlaLab.openDataset', mock.vscode.Uri.file(playtable()));
    const m = mock.state.messages.find((x) => /trust/i.test(x.text));
    assert.ok(m, JSON.stringify(mock.state.messages));
    assert.match(m.text, /Opening a dataset needs a trusted workspace/);
  } finally {
    for (const d of mock.context.subscriptions) d.dispose();
    uninstall();
    rmSync(ws, { recursive: true, force: true });
  }
});
