/**
 * Feature names from a dataset's metadata (core/spec/dataset-features.ts), without an editor: the
 * RLDS fixture written by tensorflow-datasets (test/fixtures/rlds) and a LeRobot info.json; the
 * completions offered at a cursor inside a `features` mapping; "did you mean" quick fixes that, applied,
 * leave a spec the rule accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyTextEdits, diskContext, validateSpecText } from '../../extension/core/spec';
import {
  closest,
  DEFAULT_FEATURES,
  featureCompletions,
  featureContext,
  readDatasetMetadata,
} from '../../extension/core/spec/dataset-features';
import { tempDir } from './tmp-helpers';

const FIXTURES = join(__dirname, '..', 'fixtures');
const disk = diskContext(FIXTURES);
const reader = { readText: disk.readText!, listDir: disk.listDir };

test('RLDS: the step features of features.json, flattened as the trainer names them (trainer/rlds.py step_features)', () => {
  const meta = readDatasetMetadata('rlds', join(FIXTURES, 'rlds', 'playtable_rlds'), reader);
  assert.ok(meta);
  assert.equal(meta.file, join(FIXTURES, 'rlds', 'playtable_rlds', '1.0.0', 'features.json'));
  assert.deepEqual(meta.features.map((f) => f.name).sort(), [
    'action',
    'discount',
    'episode_metadata/file_path',
    'episode_metadata/task',
    'is_first',
    'is_last',
    'is_terminal',
    'language_instruction',
    'observation/image',
    'observation/state',
    'observation/wrist_image',
    'reward',
  ]);
  assert.deepEqual(
    meta.features.find((f) => f.name === 'observation/image'),
    { name: 'observation/image', kind: 'image', dtype: 'uint8', shape: [32, 32, 3] },
  );
  assert.deepEqual(
    meta.features.find((f) => f.name === 'action'),
    { name: 'action', kind: 'tensor', dtype: 'float32', shape: [7] },
  );
  // OXE's default names (schemas/data-sources.json) are all in an OXE-layout dataset
  const names = new Set(meta.features.map((f) => f.name));
  const d = DEFAULT_FEATURES.rlds;
  for (const n of [...Object.values(d.cameras), d.actions, d.state, d.instruction]) assert.ok(names.has(n), n);
});

function lerobotDataset(): string {
  const dir = tempDir('lr-');
  mkdirSync(join(dir, 'meta'));
  writeFileSync(
    join(dir, 'meta', 'info.json'),
    JSON.stringify({
      codebase_version: 'v3.0',
      fps: 10,
      features: {
        'observation.images.top': { dtype: 'video', shape: [96, 96, 3] },
        'observation.images.wrist': { dtype: 'video', shape: [96, 96, 3] },
        'observation.state': { dtype: 'float32', shape: [8] },
        action: { dtype: 'float32', shape: [7] },
        episode_index: { dtype: 'int64', shape: [1] },
      },
    }),
  );
  return dir;
}

function specText(ds: Record<string, unknown>): string {
  return JSON.stringify(
    {
      name: 'x',
      backbone: { id: 'tiny-prefix', size: 'nano' },
      policy: { formulation: 'one-step', chunk: 1, head: { type: 'mlp', hidden: 32, layers: 1 } },
      observation: { image_size: 32, cameras: ['static', 'gripper'] },
      data: { stages: [{ name: 's', steps: 10, datasets: [ds] }] },
      eval: [],
    },
    null,
    2,
  );
}

test('completions at a cursor in the features mapping: the fitting features, the default first', () => {
  const dir = lerobotDataset();
  const text = specText({ type: 'lerobot', path: dir, features: { cameras: { static: 'obs' }, actions: 'act' } });
  const at = text.indexOf('"obs"') + 4;
  const ctx = featureContext(text, at);
  assert.deepEqual(ctx && { role: ctx.role, camera: ctx.camera, typed: ctx.typed }, { role: 'camera', camera: 'static', typed: 'obs' });
  const got = featureCompletions(text, at, '/', reader);
  assert.deepEqual(
    got?.items.map((i) => i.value),
    ['observation.images.top', 'observation.images.wrist'],
  );
  const acts = featureCompletions(text, text.indexOf('"act"') + 2, '/', reader);
  assert.deepEqual(
    acts?.items.map((i) => [i.value, i.isDefault]),
    [
      ['observation.state', false],
      ['action', true],
    ],
  );
  assert.match(acts!.items[1].detail, /^tensor float32 \[7\] — .*meta\/info\.json$/);
  // RLDS, path relative to the spec's folder: images (JPEG or PNG) for a camera
  const rl = specText({ type: 'rlds', path: 'rlds/playtable_rlds', features: { cameras: { gripper: '' } } });
  const items = featureCompletions(rl, rl.indexOf('"gripper": ""') + 12, FIXTURES, reader)?.items ?? [];
  assert.deepEqual(
    items.map((i) => [i.value, i.isDefault]),
    [
      ['observation/image', false],
      ['observation/wrist_image', true],
    ],
  );
  // not in a features value: nothing
  assert.equal(featureCompletions(rl, rl.indexOf('"rlds"') + 2, FIXTURES, reader), undefined);
});

test('an unknown feature is one diagnostic with "did you mean" fixes that repair it', () => {
  const dir = lerobotDataset();
  const text = specText({
    type: 'lerobot',
    path: dir,
    features: { cameras: { static: 'observation.images.topp', gripper: 'observation.images.wrist' } },
  });
  const r = validateSpecText(text, diskContext('/'));
  const hits = r.diagnostics.filter((d) => d.code === 'spec/dataset-feature-unknown');
  assert.equal(hits.length, 1, JSON.stringify(r.diagnostics.map((d) => d.message)));
  assert.equal(hits[0].pointer, '/data/stages/0/datasets/0/features/cameras/static');
  assert.match(
    hits[0].message,
    /has no feature "observation\.images\.topp" \(the camera static\)\. Did you mean "observation\.images\.top"\?/,
  );
  assert.equal(hits[0].fixes?.[0].title, 'Map camera static to "observation.images.top"');
  const fixed = applyTextEdits(text, hits[0].fixes![0].edits);
  assert.deepEqual(
    validateSpecText(fixed, diskContext('/')).diagnostics.filter((d) => d.code.startsWith('spec/dataset-')),
    [],
  );
  // a default name the dataset lacks (no mapping for the gripper camera): pointed at the path, fix adds the mapping
  const bare = specText({ type: 'lerobot', path: dir, features: { cameras: { static: 'observation.images.top' } } });
  const miss = validateSpecText(bare, diskContext('/')).diagnostics.find((d) => d.code === 'spec/dataset-feature-unknown');
  assert.equal(miss?.pointer, '/data/stages/0/datasets/0/path');
  assert.match(
    miss!.message,
    /no feature "observation\.images\.gripper" \(the default name for the camera gripper\)\. Did you mean "observation\.images\.wrist"\?/,
  );
  const added = applyTextEdits(bare, miss!.fixes![0].edits);
  assert.equal(JSON.parse(added).data.stages[0].datasets[0].features.cameras.gripper, 'observation.images.wrist');
  // a feature of the wrong kind (state as a camera) is named as such
  const wrong = specText({
    type: 'lerobot',
    path: dir,
    features: { cameras: { static: 'observation.state', gripper: 'observation.images.wrist' } },
  });
  assert.match(
    validateSpecText(wrong, diskContext('/')).diagnostics.find((d) => d.code === 'spec/dataset-feature-unknown')!.message,
    /"observation\.state" is a tensor \(float32\) feature, not what the camera static needs/,
  );
});

test('closest orders by edit distance', () => {
  assert.deepEqual(closest('observation/wrist', ['action', 'observation/image', 'observation/wrist_image']).slice(0, 2), [
    'observation/wrist_image',
    'observation/image',
  ]);
});

test('actions in parts: each part is checked and completed, the width is their sum', () => {
  const dir = lerobotDataset();
  const text = specText({
    type: 'lerobot',
    path: dir,
    features: {
      cameras: { static: 'observation.images.top', gripper: 'observation.images.wrist' },
      actions: ['action', 'observation.stat'],
    },
  });
  const r = validateSpecText(text, diskContext('/'));
  const unknown = r.diagnostics.filter((d) => d.code === 'spec/dataset-feature-unknown');
  assert.deepEqual(
    unknown.map((d) => d.pointer),
    ['/data/stages/0/datasets/0/features/actions/1'],
  );
  assert.match(unknown[0].message, /Did you mean "observation\.state"\?/);
  const fixed = applyTextEdits(text, unknown[0].fixes![0].edits);
  const width = validateSpecText(fixed, diskContext('/')).diagnostics.find((d) => d.code === 'spec/dataset-action-width');
  assert.match(width!.message, /\("action", "observation\.state"\) are 15 wide, action\.dim is 7/);
  const at = text.indexOf('"observation.stat"') + 3;
  assert.equal(featureContext(text, at)?.role, 'actions');
});
