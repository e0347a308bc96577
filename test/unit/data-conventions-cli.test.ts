/**
 * `vla-lab data conventions <path>`: the declared action convention against what the dataset's own
 * actions and state say, read by Python (`python -m vlalab data conventions --json`, started as an argv
 * array). On the committed RLDS fixture (Open X-Embodiment's gripper: 0 closed / 1 open, declared in its
 * metadata.json) the inference agrees, per field with its evidence; with the gripper declared the other
 * way round it contradicts, and the fix printed is the trainer's own (infer_convention.advice, the words a
 * run's stop line ends with); a bad --type or folder is one line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../extension/cli/main';
import type { ConventionReport } from '../../extension/core/dataset';
import { tempDir } from './tmp-helpers';

const repoRoot = join(__dirname, '..', '..');
const PYTHON = join(repoRoot, '.venv/bin/python');
const RLDS = join(repoRoot, 'test/fixtures/rlds/playtable_rlds');
const tmp = tempDir('vla-data-conventions-');

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    cwd: tmp,
    env: { ...process.env, VLA_LAB_PYTHON: PYTHON },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    isTTY: false,
  });
  return { code, out: out.join('\n'), err };
}

test('vla-lab data conventions prints declared vs inferred per field with the evidence', async () => {
  const r = await run(['data', 'conventions', RLDS]);
  assert.equal(r.code, 0, r.err.join('\n'));
  assert.match(r.out, /^rlds .*playtable_rlds: declared by .*metadata\.json; inferred from \d+ episodes, \d+ steps/);
  assert.match(r.out, /\n {2}gripper +declared closed 0 \/ open 1 +inferred closed 0 \/ open 1\n.*the width falls in/);
  assert.match(r.out, /\n {2}mode +declared delta +inferred delta\n.*R² /);
  assert.match(r.out, /\n {2}frame +declared world +inferred unknown/);
  assert.doesNotMatch(r.out, /CONTRADICTS/);
  const json = await run(['data', 'conventions', RLDS, '--type', 'rlds', '--json']);
  const report = JSON.parse(json.out) as ConventionReport;
  assert.deepEqual(report.contradictions, []);
  assert.equal(report.inferred.gripper.value, 'closed 0 / open 1');
});

test("vla-lab data conventions: a contradicted gripper prints the fix in the trainer's words", async () => {
  const flipped = join(tmp, 'flipped_rlds');
  cpSync(RLDS, flipped, { recursive: true });
  const metaFile = join(flipped, '1.0.0', 'metadata.json');
  const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
  meta.action_convention.gripper = { closed: 1, open: 0 };
  writeFileSync(metaFile, JSON.stringify(meta));
  const r = await run(['data', 'conventions', flipped]);
  assert.equal(r.code, 1, r.err.join('\n'));
  assert.match(r.out, /\n {2}gripper +declared closed 1 \/ open 0 +inferred closed 0 \/ open 1 +CONTRADICTS\n/);
  // The trainer's advice() for this fix, asked of Python itself: one wording in both languages.
  const advice = execFileSync(
    PYTHON,
    [
      '-c',
      'import sys; from vlalab.trainer.infer_convention import advice; print(advice(sys.argv[1]))',
      '"gripper": {"closed": 0, "open": 1}',
    ],
    { env: { ...process.env, PYTHONPATH: join(repoRoot, 'python') }, encoding: 'utf8' },
  ).trim();
  assert.match(advice, /^if the data is right, set "gripper": \{"closed": 0, "open": 1\} in the data source's "convention"/);
  assert.equal(r.out.split('\n').at(-1), `gripper: ${advice}`);
  const json = JSON.parse((await run(['data', 'conventions', flipped, '--json'])).out) as ConventionReport;
  assert.deepEqual(json.contradictions, ['gripper']);
  assert.deepEqual(json.fixes, { gripper: advice });
});

test('vla-lab data conventions: a bad --type or a missing folder is one line', async () => {
  const bad = await run(['data', 'conventions', RLDS, '--type', 'oxe']);
  assert.equal(bad.code, 1);
  assert.deepEqual(bad.err, ['vla-lab: data conventions: --type is calvin, lerobot or rlds, not "oxe"']);
  const missing = await run(['data', 'conventions', join(tmp, 'missing')]);
  assert.equal(missing.code, 1);
  assert.equal(missing.err.length, 1);
  assert.match(missing.err[0], /^vla-lab: .*missing does not exist/);
});
