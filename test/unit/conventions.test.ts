/**
 * The editor's action-convention rule (core/spec/rules/conventions.ts) takes the trainer's decisions:
 * the shared cases of test/fixtures/conventions/cases.json (python/vlalab/trainer/datasources.py runs
 * them too, test_data_conventions.py), and the convention read from the RLDS fixture's metadata.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyTextEdits, diskContext, validateSpecText } from '../../extension/core/spec';
import { sourceConvention, stageDecisions, targetConvention } from '../../extension/core/spec/rules/conventions';

const FIXTURES = join(__dirname, '..', 'fixtures');
const { cases } = JSON.parse(readFileSync(join(FIXTURES, 'conventions', 'cases.json'), 'utf8')) as { cases: any[] };

for (const c of cases) {
  test(`shared case: ${c.name}`, () => {
    const decisions = stageDecisions(
      targetConvention(c.target),
      c.sources.map((s: any) => sourceConvention(s.type, s.convention, undefined)),
    );
    if (c.error) {
      const first = decisions.findIndex((d) => d.kind !== 'ok' && d.kind !== 'convert');
      assert.equal(first, c.error.index);
      assert.equal(decisions[first].kind, c.error.why);
    } else {
      assert.deepEqual(
        decisions.map((d) => (d.kind === 'convert' ? 'convert' : d.kind === 'ok' ? null : d.kind)),
        c.expect,
      );
    }
  });
}

function mixed(rlds: Record<string, unknown>): string {
  return JSON.stringify(
    {
      name: 'mix',
      backbone: { id: 'tiny-prefix', size: 'nano' },
      policy: { formulation: 'one-step', chunk: 1, head: { type: 'mlp', hidden: 32, layers: 1 } },
      observation: { image_size: 32, cameras: ['static'] },
      data: {
        recipe: 'co-train',
        stages: [
          {
            name: 'mix',
            steps: 10,
            datasets: [
              { type: 'playtable', tasks: ['open_drawer'] },
              { type: 'rlds', path: 'rlds/playtable_rlds', ...rlds },
            ],
          },
        ],
      },
      eval: [],
    },
    null,
    2,
  );
}

test("the RLDS fixture's metadata.json (OXE gripper 0/1) mixed with Playtable: one error, whose quick fix converts", () => {
  const ctx = diskContext(FIXTURES);
  const text = mixed({});
  const hits = validateSpecText(text, ctx).diagnostics.filter((d) => d.code === 'spec/dataset-convention');
  assert.equal(hits.length, 1);
  assert.equal(hits[0].pointer, '/data/stages/0/datasets/1');
  assert.match(hits[0].message, /gripper closed 0 \/ open 1 \(the spec's: -1 \/ 1\) — add "convert": true/);
  const fixed = applyTextEdits(text, hits[0].fixes![0].edits);
  assert.deepEqual(JSON.parse(fixed).data.stages[0].datasets[1].convention, { convert: true });
  assert.deepEqual(
    validateSpecText(fixed, ctx).diagnostics.filter((d) => d.code.startsWith('spec/dataset-')),
    [],
  );
  // absolute actions declared: no quick fix can help
  const abs = validateSpecText(mixed({ convention: { mode: 'absolute', convert: true } }), ctx).diagnostics.find(
    (d) => d.code === 'spec/dataset-convention',
  );
  assert.match(abs!.message, /mode absolute \(the spec's: delta\).*cannot be converted/);
  assert.equal(abs!.fixes, undefined);
});
