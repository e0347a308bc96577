/**
 * The runs view says what a run re-creates or evaluates: run.json `reproduces` (vla-lab reproduce)
 * and an eval run of every checkpoint, in the description and the tooltip (escaped: run.json travels).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun, RunsIndex, runTooltip } from '../../extension/vscode/runs/model';
import { tempDir } from './tmp-helpers';

test('a reproduction and an every-checkpoint evaluation are named in the runs view', () => {
  const runs = tempDir('vla-runs-repro-');
  const write = (id: string, extra: Record<string, unknown>) => {
    mkdirSync(join(runs, 'exp', id), { recursive: true });
    writeFileSync(
      join(runs, 'exp', id, 'run.json'),
      JSON.stringify({
        v: 1,
        id,
        experiment: 'exp',
        status: 'completed',
        backend: 'builtin',
        launcher: 'local',
        created_at: '2026-12-04T00:00:00Z',
        ...extra,
      }),
    );
  };
  write('r2', { kind: 'train', reproduces: 'exp/r1' });
  write('e1', { kind: 'eval', parent_run: 'exp/r1', checkpoint: null, every_checkpoint: true });
  const index = new RunsIndex(runs);
  index.refresh();
  const r2 = index.get('exp/r2')!;
  assert.equal(describeRun(r2), 'reproduces exp/r1');
  assert.match(runTooltip(r2), /reproduces exp\/r1/);
  const e1 = index.get('exp/e1')!;
  assert.equal(describeRun(e1), 'eval · every checkpoint');
  assert.match(runTooltip(e1), /evaluates exp\/r1 at every checkpoint/);
});
