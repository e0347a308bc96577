/**
 * The editor's action-convention rule (core/spec/rules/conventions.ts) takes the trainer's decisions:
 * the shared cases of test/fixtures/conventions/cases.json (python/vlalab/trainer/datasources.py runs
 * them too, test_data_conventions.py), the convention read from the RLDS fixture's metadata.json, and
 * control rates read from the fixtures' metadata (LeRobot fps, RLDS control_hz, a CALVIN recording's
 * .hydra/merged_config.yaml, Playtable's playtable.json).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyTextEdits, diskContext, validateSpecText } from '../../extension/core/spec';
import { sourceConvention, sourceRate, stageDecisions, targetConvention } from '../../extension/core/spec/rules/conventions';

const FIXTURES = join(__dirname, '..', 'fixtures');
const { cases } = JSON.parse(readFileSync(join(FIXTURES, 'conventions', 'cases.json'), 'utf8')) as { cases: any[] };

for (const c of cases) {
  test(`shared case: ${c.name}`, () => {
    const decisions = stageDecisions(
      targetConvention(c.target),
      c.sources.map((s: any) => sourceConvention(s.type, s.convention, undefined)),
      c.sources.map((s: any) => sourceRate(s.type, s.control_hz, undefined)),
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

function stage(datasets: Record<string, unknown>[]): string {
  const s = JSON.parse(mixed({}));
  s.data.stages[0].datasets = datasets;
  return JSON.stringify(s, null, 2);
}

const converted = { convention: { mode: 'delta', frame: 'world', rotation: 'euler_xyz', gripper: { closed: 0, open: 1 }, convert: true } };

test("control rates from the fixtures' metadata: LeRobot's fps and RLDS's control_hz (15 Hz) mix with Playtable's", () => {
  const ctx = diskContext(FIXTURES);
  const text = stage([
    { type: 'playtable', tasks: ['open_drawer'] },
    { type: 'rlds', path: 'rlds/playtable_rlds', ...converted },
    { type: 'lerobot', path: 'lerobot/v30-lerobot' },
    { type: 'lerobot', path: 'lerobot/v21' },
  ]);
  assert.deepEqual(
    validateSpecText(text, ctx).diagnostics.filter((d) => d.code.startsWith('spec/dataset-')),
    [],
  );
});

test('a LeRobot dataset at 30 fps mixed with Playtable: one error naming both rates; an RLDS dataset without control_hz: a fix declares it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rates-'));
  cpSync(join(FIXTURES, 'lerobot', 'v30-lerobot', 'meta', 'info.json'), join(dir, 'info.json'));
  const info = JSON.parse(readFileSync(join(dir, 'info.json'), 'utf8'));
  mkdirSync(join(dir, 'lr30', 'meta'), { recursive: true });
  writeFileSync(join(dir, 'lr30', 'meta', 'info.json'), JSON.stringify({ ...info, fps: 30 }));
  cpSync(join(FIXTURES, 'rlds', 'playtable_rlds'), join(dir, 'rl'), { recursive: true });
  writeFileSync(join(dir, 'rl', '1.0.0', 'metadata.json'), JSON.stringify({ action_convention: converted.convention }));
  const ctx = diskContext(dir);
  const text = stage([
    { type: 'playtable', tasks: ['open_drawer'] },
    { type: 'lerobot', path: 'lr30' },
    { type: 'rlds', path: 'rl', convention: { convert: true } },
  ]);
  const hits = validateSpecText(text, ctx).diagnostics.filter((d) => d.code === 'spec/dataset-control-rate');
  assert.deepEqual(
    hits.map((h) => h.pointer),
    ['/data/stages/0/datasets/1', '/data/stages/0/datasets/2'],
  );
  assert.match(hits[0].message, /control rate is 30 Hz, dataset 0 \(playtable\) runs at 15 Hz: .*does not resample/);
  assert.equal(hits[0].fixes, undefined);
  assert.match(hits[1].message, /rlds source's control rate is not known .*dataset 0 \(playtable\) runs at 15 Hz\): declare "control_hz"/);
  const fixed = applyTextEdits(text, hits[1].fixes![0].edits);
  assert.equal(JSON.parse(fixed).data.stages[0].datasets[2].control_hz, 15);
  assert.deepEqual(
    validateSpecText(fixed, ctx)
      .diagnostics.filter((d) => d.code === 'spec/dataset-control-rate')
      .map((d) => d.pointer),
    ['/data/stages/0/datasets/1'],
  );
});

test("a CALVIN split's rate: its recording's .hydra/merged_config.yaml, Playtable's when Playtable wrote it, else CALVIN's 30 Hz", () => {
  const dir = mkdtempSync(join(tmpdir(), 'calvin-rates-'));
  mkdirSync(join(dir, 'real', 'training', '.hydra'), { recursive: true });
  writeFileSync(join(dir, 'real', 'training', '.hydra', 'merged_config.yaml'), 'env:\n  control_freq: 15\n  use_egl: false\n');
  mkdirSync(join(dir, 'gen', 'training'), { recursive: true });
  writeFileSync(join(dir, 'gen', 'training', 'playtable.json'), '{}');
  mkdirSync(join(dir, 'bare', 'training'), { recursive: true });
  const ctx = diskContext(dir);
  const rates = (path: string) =>
    validateSpecText(
      stage([
        { type: 'playtable', tasks: ['open_drawer'] },
        { type: 'calvin', path },
      ]),
      ctx,
    ).diagnostics.filter((d) => d.code === 'spec/dataset-control-rate');
  assert.deepEqual(rates('real'), []);
  assert.deepEqual(rates('gen'), []);
  assert.match(rates('bare')[0].message, /control rate is 30 Hz, dataset 0 \(playtable\) runs at 15 Hz/);
});
