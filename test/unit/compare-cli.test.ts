/**
 * `vla-lab compare`: the Compare panel's table in the terminal, from the same core model
 * (core/metrics/compare.ts) the panel uses — checked against the panel's own functions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../extension/cli/main';
import { loadRun, metricRows, specDifferences } from '../../extension/vscode/panels/compare-model';
import { writeRunFolder } from './run-folder-helpers';

const writeRun = (runs: string, exp: string, id: string, spec: object, events: object[]) =>
  writeRunFolder(runs, exp, id, { record: { kind: 'train' }, spec, events });

const work = mkdtempSync(join(tmpdir(), 'vla-compare-cli-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const runs = join(work, 'runs');
const spec = (lr: number, head: string) => ({ name: 'study', policy: { head: { type: head }, history: 8 }, train: { lr, batch_size: 16 } });
writeRun(runs, 'study', 'run-a', spec(1e-4, 'lstm'), [
  { type: 'scalar', t: 1, step: 100, name: 'train/loss', value: 0.5 },
  { type: 'scalar', t: 2, step: 200, name: 'train/loss', value: 0.25 },
  { type: 'eval_result', t: 3, benchmark: 'playtable', checkpoint: 'c', avg_seq_len: 2.5, chain_sr: { 1: 0.9, 2: 0.7 }, task_info: {} },
]);
writeRun(runs, 'study', 'run-b', spec(2e-4, 'gpt'), [
  { type: 'scalar', t: 1, step: 150, name: 'train/loss', value: 0.125 },
  { type: 'eval_result', t: 3, benchmark: 'playtable', checkpoint: 'c', avg_seq_len: 1.75, chain_sr: { 1: 0.8, 2: 0.5 }, task_info: {} },
]);

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd: work, env: {}, out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out, err };
}

test('compare prints the metrics (best marked) and the differing spec fields', async () => {
  const r = await run(['compare', 'study/run-a', 'study/run-b']);
  assert.equal(r.code, 0, r.err.join('\n'));
  const text = r.out.join('\n');
  assert.match(text, /^run-a: study\/run-a \(completed\) runs\/study\/run-a$/m);
  assert.match(text, /^Avg\. len \(higher is better\) +2\.50 \* +1\.75$/m);
  assert.match(text, /^Success \(1st subtask\) \(higher is better\) +0\.900 \* +0\.800$/m);
  assert.match(text, /^Final train loss \(lower is better\) +0\.2500 +0\.1250 \*$/m);
  assert.match(text, /^Steps \(higher is better\) +200 \* +150$/m);
  // policy.history and train.batch_size, and every field both runs hold at its default
  const same = Number(/^Spec differences \((\d+) other fields are the same in every run\)$/m.exec(text)?.[1]);
  assert.ok(same > 20, `${same} fields the same`);
  assert.match(text, /^policy\.head\.type +lstm +gpt$/m);
  assert.match(text, /^train\.lr +0\.0001 +0\.0002$/m);
  assert.doesNotMatch(text, /batch_size|history/);
});

test('compare --json holds what the Compare panel shows', async () => {
  const r = await run(['compare', 'run-a', 'run-b', '--json']);
  assert.equal(r.code, 0, r.err.join('\n'));
  const j = JSON.parse(r.out.join('\n'));
  const panel = ['study/run-a', 'study/run-b'].map((k) => loadRun(runs, k)!);
  const { differences, sameCount } = specDifferences(panel.map((p) => p.spec));
  assert.deepEqual(j.differences, differences);
  assert.equal(j.same_count, sameCount);
  assert.deepEqual(
    j.metrics.map(({ best: _b, ...m }: { best: number | null }) => m),
    metricRows(panel.map((p) => p.metrics)),
  );
  assert.deepEqual(
    j.runs.map((x: { run: string }) => x.run),
    ['study/run-a', 'study/run-b'],
  );
  assert.equal(j.metrics.find((m: { name: string }) => m.name === 'Final train loss').best, 1);
  assert.equal(j.metrics.find((m: { name: string }) => m.name === 'Final val loss').best, null, 'no run has one');
});

test('compare: a setting added after a run was made is no difference at its default, and one at another value is', async () => {
  const dataset = (extra: object) => ({
    name: 'later',
    data: { stages: [{ name: 'finetune', datasets: [{ type: 'playtable', episodes: 40, ...extra }], steps: 100 }] },
  });
  // spec.json of a run made before lead_in existed, one made after at its default, one at another value
  writeRun(runs, 'later', 'before', dataset({}), []);
  writeRun(runs, 'later', 'after', dataset({ lead_in: 'articulated' }), []);
  writeRun(runs, 'later', 'other', dataset({ lead_in: 'any' }), []);
  const same = await run(['compare', 'later/before', 'later/after']);
  assert.equal(same.code, 0, same.err.join('\n'));
  assert.match(same.out.join('\n'), /^The specs are identical \(\d+ fields\)\.$/m);
  const differ = await run(['compare', 'later/before', 'later/other']);
  assert.equal(differ.code, 0, differ.err.join('\n'));
  assert.match(differ.out.join('\n'), /^data\.stages\.0\.datasets\.0\.lead_in +articulated +any$/m);
});

test('compare refuses one run, the same run twice and unknown runs, in one line each', async () => {
  const one = await run(['compare', 'run-a']);
  assert.equal(one.code, 1);
  assert.deepEqual(one.err, [
    "vla-lab: compare: give two or more runs (experiment/run-id, a run-id prefix, a run directory or latest; see 'vla-lab compare --help')",
  ]);
  const twice = await run(['compare', 'run-a', 'study/run-a']);
  assert.equal(twice.code, 1);
  assert.match(twice.err.join('\n'), /^vla-lab: compare: runs\/study\/run-a is named twice; give different runs$/);
  const none = await run(['compare', 'run-a', 'nope']);
  assert.equal(none.code, 1);
  assert.equal(none.err.length, 1);
  const flag = await run(['compare', 'run-a', 'run-b', '--csv']);
  assert.equal(flag.code, 2);
});
