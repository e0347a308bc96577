/**
 * Where a run's training-health alarms show: `vla-lab show` (text and --json), the runs view
 * (description and tooltip) and the Results panel (the run summary it sends, accepted by the
 * webview's message check) — each with what was seen and the advice, from the run's events.jsonl.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../extension/cli/main';
import { ALARMS } from '../../extension/core/health/monitor';
import { validateResultsToWebview } from '../../extension/shared/messages/results';
import { ResultsFeed } from '../../extension/vscode/panels/results-feed';
import { describeRun, RunsIndex, runTooltip } from '../../extension/vscode/runs/model';
import { writeRunFolder } from './run-folder-helpers';

const work = mkdtempSync(join(tmpdir(), 'vla-health-display-'));
test.after(() => rmSync(work, { recursive: true, force: true }));
const runs = join(work, 'runs');

const flat = {
  code: 'val-loss-flat',
  message: 'validation loss 1.085 moved by 0% over the last 4 validations (up to step 200)',
  advice: ALARMS['val-loss-flat'].advice,
  step: 200,
};
const collapsed = {
  code: 'actions-collapsed',
  message: 'predicted arm actions vary 0.036× as much as the targets across a batch at step 300 (below 0.1× for 2 probes in a row)',
  advice: ALARMS['actions-collapsed'].advice,
  step: 300,
};

function writeRun(id: string, events: object[]): void {
  writeRunFolder(runs, 'health', id, { record: { kind: 'train' }, spec: { name: 'health' }, events: events.map((e) => ({ t: 1, ...e })) });
}

writeRun('stuck', [
  { type: 'scalar', step: 100, name: 'train/loss', value: 1.5 },
  { type: 'warning', ...flat },
  { type: 'warning', ...collapsed },
]);
writeRun('fine', [{ type: 'scalar', step: 100, name: 'train/loss', value: 0.5 }]);

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd: work, env: {}, out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('vla-lab show lists the alarms with their advice; --json carries them', async () => {
  const r = await cli(['show', 'health/stuck']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^warnings \(2\):$/m);
  assert.match(r.out, /^ {2}step 200 \[val-loss-flat\] validation loss 1\.085 moved by 0%/m);
  assert.ok(r.out.includes(`    → ${ALARMS['val-loss-flat'].advice}`));
  assert.match(r.out, /^ {2}step 300 \[actions-collapsed\] predicted arm actions vary 0\.036×/m);
  const j = JSON.parse((await cli(['show', 'health/stuck', '--json'])).out);
  assert.deepEqual(
    j.summary.warnings.map((w: { code: string }) => w.code),
    ['val-loss-flat', 'actions-collapsed'],
  );
  const fine = await cli(['show', 'health/fine']);
  assert.doesNotMatch(fine.out, /warnings/);
});

test('the runs view marks a run with alarms and its tooltip says what to check', () => {
  const index = new RunsIndex(runs);
  index.refresh();
  const stuck = index.get('health/stuck')!;
  assert.equal(describeRun(stuck), 'step 100 · loss 1.5 · ⚠ 2 warnings');
  const tip = runTooltip(stuck);
  assert.ok(
    tip.includes(
      '⚠ step 200: validation loss 1\\.085 moved by 0% over the last 4 validations \\(up to step 200\\) \\[val\\-loss\\-flat\\]',
    ),
    tip,
  );
  assert.ok(tip.includes('→ the weights are not changing what the policy predicts'), tip);
  assert.doesNotMatch(describeRun(index.get('health/fine')!), /⚠/);
});

test('the Results panel gets the alarms in the run summary, accepted by the webview', () => {
  const feed = new ResultsFeed(runs, ['health/stuck', 'health/fine'], { mediaSrc: (p) => p });
  const init = feed.init('Results');
  const first = init[0];
  assert.equal(first.type, 'init');
  if (first.type !== 'init') return;
  const [stuck, fine] = first.runs;
  assert.deepEqual(stuck.warnings, [flat, collapsed]);
  assert.equal(fine.warnings, undefined);
  const sent = JSON.parse(JSON.stringify(first)); // what postMessage delivers
  assert.deepEqual(validateResultsToWebview(sent), { ok: true, message: sent });
  const bad = { ...first, runs: [{ ...stuck, warnings: [{ code: 'x' }] }] };
  assert.deepEqual(validateResultsToWebview(bad), { ok: false, reason: 'init: run.warnings must be a short list of {message}' });
});
