/**
 * Evaluation protocols in comparisons: numbers evaluated under different protocols (Playtable
 * version, CALVIN split, scene, chain set, phrasing set, ...) are marked, with the tags that differ
 * named — in the core function, `vla-lab compare` and the Sweep panel's matrix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../extension/cli/main';
import { formatP, protocolCaption, protocolLabel, protocolNotes, seedIntervalText } from '../../extension/core/metrics/compare-table';
import { meanInterval } from '../../extension/core/metrics/study';
import { loadRun, sweepState } from '../../extension/vscode/panels/compare-model';
import { buildMatrix } from '../../webview/src/sweep/model';
import { buildChainTable } from '../../webview/src/results/table';
import { evalTable } from '../../extension/core/runner/format';
import type { EvalResultEvent } from '../../extension/core/generated/events';
import type { EvalResult, RunSummary } from '../../extension/shared/messages/results';
import { writeRunFolder } from './run-folder-helpers';

const ABC_D = {
  benchmark: 'playtable',
  benchmark_version: '1+4b62732452',
  split: 'ABC->D',
  scene: 'D',
  chain_set: 'generated:seed=1:tasks=all',
  phrasing_set: 'playtable-validation@aa',
  seed: 1,
  checkpoint: 'checkpoints/final.pt',
};

test('protocolNotes names the tags that differ from the first evaluated run, never the checkpoint', () => {
  const notes = protocolNotes([undefined, ABC_D, { ...ABC_D, checkpoint: 'other.pt' }, { ...ABC_D, split: 'D->D', seed: 2 }, null]);
  assert.equal(notes[0], null); // no evaluation
  assert.equal(notes[1], null); // the reference
  assert.equal(notes[2], null); // another checkpoint is not another protocol
  assert.deepEqual(notes[3]?.tags, ['seed', 'split']);
  assert.equal(notes[3]?.text, 'seed 2 (vs 1), split D->D (vs ABC->D)');
  assert.deepEqual(notes[4]?.tags, ['protocol']); // an untagged (older) result is not silently the same
  assert.deepEqual(protocolNotes([{ a: 1 }, { a: 1, b: 2 }])[1]?.tags, ['b']);
  assert.equal(protocolLabel(ABC_D), 'Playtable 1+4b62732452 · ABC->D');
  assert.equal(protocolLabel({ benchmark: 'playtable', scene: 'A' }), 'Playtable · scene A');
  assert.equal(protocolLabel(null), '');
  // a reference point or control names its condition: never read as the policy's own result
  assert.equal(protocolLabel({ ...ABC_D, condition: 'blank-cameras' }), 'Playtable 1+4b62732452 · ABC->D · blank-cameras');
  assert.deepEqual(protocolNotes([ABC_D, { ...ABC_D, condition: 'shuffled-instructions' }])[1]?.tags, ['condition']);
});

function writeRun(runs: string, exp: string, id: string, protocol: object | undefined, avgLen: number, point: object) {
  writeRunFolder(runs, exp, id, {
    record: { kind: 'train', sweep: { id: 'sw', point } },
    spec: { name: exp, train: point },
    events: [
      { type: 'scalar', t: 1, step: 100, name: 'train/loss', value: 0.5 },
      {
        type: 'eval_result',
        t: 3,
        benchmark: 'playtable',
        checkpoint: 'c',
        avg_seq_len: avgLen,
        chain_sr: { 1: 0.9 },
        task_info: {},
        ...(protocol ? { protocol } : {}),
      },
    ],
  });
}

const work = mkdtempSync(join(tmpdir(), 'vla-compare-protocol-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const runs = join(work, 'runs');
writeRun(runs, 'study', 'run-a', ABC_D, 2.5, { lr: 1 });
writeRun(runs, 'study', 'run-b', { ...ABC_D, split: 'ABCD->D' }, 3.5, { lr: 2 });
writeRun(runs, 'study', 'run-c', ABC_D, 1.5, { lr: 3 });

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd: work, env: {}, out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out, err };
}

test('protocolCaption: every tag but the checkpoint, in one order, the evaluation seed named so; a table leaves out its own columns', () => {
  const p = {
    zeta_tag: 'z',
    seed: 1000,
    checkpoint: 'checkpoints/step-0001000.pt',
    condition: 'blank-cameras',
    split: 'ABCD->D',
    benchmark_version: '4+abc',
    benchmark: 'playtable',
    episodes: 100,
    chains: 100,
    alpha_tag: null,
  };
  assert.equal(
    protocolCaption(p),
    'benchmark playtable · benchmark version 4+abc · split ABCD->D · chains 100 · episodes 100 · eval seed 1000 · condition blank-cameras · alpha tag none · zeta tag z',
  );
  assert.equal(protocolCaption(p, new Set(['episodes', 'zeta_tag'])).includes('episodes'), false);
  assert.equal(protocolCaption(null), 'no protocol recorded');
});

test('seedIntervalText: an interval, one seed, or seeds that agree exactly (never a zero-width interval)', () => {
  const f = (v: number) => v.toFixed(2);
  assert.equal(seedIntervalText(meanInterval([0.3]), f), '— (one seed)');
  assert.equal(seedIntervalText(meanInterval([0, 0, 0], 0.95, { min: 0, max: 1 }), f), '— (no spread: the seeds agree)');
  assert.equal(seedIntervalText(meanInterval([0.2, 0.4]), f), '[-0.97, 1.57]');
  assert.equal(seedIntervalText(meanInterval([0.2, 0.4], 0.95, { min: 0, max: 1 }), f), '[0.00, 1.00]*');
});

test('formatP: three decimals, more where rounding would cross α, scientific below 0.001', () => {
  assert.equal(formatP(0.1234), '0.123');
  assert.equal(formatP(0.0004), '4.0e-4');
  assert.equal(formatP(null), '—');
  // 0.0501 is within noise at α = 0.05 and 0.0496 outside it: "0.050" would say neither.
  assert.equal(formatP(0.0501), '0.0501');
  assert.equal(formatP(0.0496), '0.0496');
  assert.equal(formatP(0.05), '0.050');
  // The level the table uses, not always 0.05.
  assert.equal(formatP(0.0099, 0.01), '0.0099');
  assert.equal(formatP(0.0099), '0.010');
});

test('vla-lab compare marks evaluation cells from another protocol and says which tag differs', async () => {
  const r = await run(['compare', 'study/run-a', 'study/run-b', 'study/run-c']);
  assert.equal(r.code, 0, r.err.join('\n'));
  const text = r.out.join('\n');
  assert.match(text, /^Avg\. len \(higher is better\) +2\.50 +3\.50 \* ≠ +1\.50$/m);
  assert.match(text, /^Final train loss \(lower is better\) +0\.5000 \* +0\.5000 +0\.5000$/m); // a training number: not marked
  assert.match(text, /^≠ evaluated under a different protocol than run-a \(Playtable 1\+4b62732452 · ABC->D\):$/m);
  assert.match(text, /^ {2}run-b: split ABCD->D \(vs ABC->D\)$/m);
  const j = JSON.parse((await run(['compare', 'run-a', 'run-b', '--json'])).out.join('\n'));
  assert.deepEqual(j.runs[1].protocol_differs.tags, ['split']);
  assert.equal(j.runs[0].protocol_differs, null);
});

test('vla-lab compare says when every evaluation shares one protocol', async () => {
  const text = (await run(['compare', 'run-a', 'run-c'])).out.join('\n');
  assert.match(text, /^Every evaluation ran under the same protocol: Playtable 1\+4b62732452 · ABC->D\.$/m);
  assert.doesNotMatch(text, /≠/);
});

test('the Sweep matrix marks evaluation cells of a point evaluated under another protocol, not its loss', () => {
  const loaded = ['study/run-a', 'study/run-b', 'study/run-c'].map((k) => loadRun(runs, k)!);
  const s = sweepState('sw', loaded);
  const avg = s.metrics.find((m) => m.name === 'Avg. len')!;
  const loss = s.metrics.find((m) => m.name === 'Final train loss')!;
  const cells = buildMatrix(s.axes, s.cells, avg, {}).cells.flat();
  assert.deepEqual(
    cells.map((c) => c.protocolDiffers ?? null),
    [null, 'split ABCD->D (vs ABC->D)', null],
  );
  assert.ok(
    buildMatrix(s.axes, s.cells, loss, {})
      .cells.flat()
      .every((c) => !c.protocolDiffers),
  );
});

const evalOf = (protocol?: object): EvalResult => ({
  benchmark: 'playtable',
  checkpoint: 'c.pt',
  avgLen: 2,
  chainSr: { 1: 0.9, 2: 0.5 },
  taskInfo: {},
  t: 1,
  ...(protocol ? { protocol } : {}),
});
const summary = (id: string): RunSummary => ({ key: `e/${id}`, experiment: 'e', id, status: 'completed' });

test("the Results panel's chain table says its protocol (split) in the header, or per row when rows differ", () => {
  const one = buildChainTable(
    [summary('a'), summary('b')],
    new Map([
      ['e/a', [evalOf(ABC_D)]],
      ['e/b', [evalOf(ABC_D)]],
    ]),
    (k) => k,
  );
  assert.equal(one.protocol, 'Playtable 1+4b62732452 · ABC->D');
  assert.deepEqual(
    one.rows.map((r) => r.label),
    ['e/a', 'e/b'],
  );
  const two = buildChainTable(
    [summary('a'), summary('b')],
    new Map([
      ['e/a', [evalOf(ABC_D)]],
      ['e/b', [evalOf({ ...ABC_D, split: 'ABCD->D' })]],
    ]),
    (k) => k,
  );
  assert.equal(two.protocol, undefined);
  assert.deepEqual(
    two.rows.map((r) => r.label),
    ['e/a [Playtable 1+4b62732452 · ABC->D]', 'e/b [Playtable 1+4b62732452 · ABCD->D]'],
  );
  const untagged = buildChainTable([summary('a')], new Map([['e/a', [evalOf()]]]), (k) => k);
  assert.equal(untagged.protocol, undefined);
  assert.deepEqual(
    untagged.rows.map((r) => r.label),
    ['e/a'],
  );
});

test("vla-lab show's evaluation table names each result's protocol", () => {
  const e = {
    v: 1,
    type: 'eval_result',
    t: 1,
    benchmark: 'playtable',
    checkpoint: 'final.pt',
    chain_length: 5,
    num_chains: 8,
    avg_seq_len: 1.5,
    chain_sr: { 1: 0.5 },
    task_info: {},
    protocol: ABC_D,
  } as unknown as EvalResultEvent;
  assert.match(evalTable([e]).join('\n'), /^Playtable 1\+4b62732452 · ABC->D +final\.pt +8 +0\.500 +1\.50$/m);
});
