/**
 * The editor's image-shape rule (core/spec/rules/data-features.ts `spec/dataset-image-shape`), without
 * an editor: the LeRobot and RLDS fixtures (square RGB cameras) pass; copies whose metadata says a camera
 * is not square, or has one channel, get one warning each, and the channel warning's quick fix maps an RGB
 * feature the rule then accepts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyTextEdits, diskContext, validateSpecText } from '../../extension/core/spec';
import { imageShape } from '../../extension/core/spec/dataset-features';

const FIXTURES = join(__dirname, '..', 'fixtures');
const CODE = 'spec/dataset-image-shape';

function spec(ds: Record<string, unknown>, cameras = ['static', 'gripper']): string {
  return JSON.stringify(
    {
      name: 'shapes',
      backbone: { id: 'tiny-prefix', size: 'nano' },
      policy: { formulation: 'one-step', chunk: 1, head: { type: 'mlp', hidden: 32, layers: 1 } },
      observation: { image_size: 32, cameras },
      data: { stages: [{ name: 's', steps: 10, datasets: [ds] }] },
      eval: [],
    },
    null,
    2,
  );
}

function hits(text: string, dir: string) {
  return validateSpecText(text, diskContext(dir)).diagnostics.filter((d) => d.code === CODE);
}

test('the LeRobot (v3.0, v2.1) and RLDS fixtures hold square RGB cameras: nothing to say', () => {
  for (const ds of [
    { type: 'lerobot', path: 'lerobot/v30-lerobot' },
    { type: 'lerobot', path: 'lerobot/v21' },
    { type: 'rlds', path: 'rlds/playtable_rlds' },
  ])
    assert.deepEqual(hits(spec(ds), FIXTURES), [], ds.path);
});

test('a LeRobot camera of 64×48 pixels: one warning on the source (default feature name) saying how it is stretched', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shape-lr-'));
  cpSync(join(FIXTURES, 'lerobot', 'v30-lerobot', 'meta'), join(dir, 'lr', 'meta'), { recursive: true });
  const file = join(dir, 'lr', 'meta', 'info.json');
  const info = JSON.parse(readFileSync(file, 'utf8'));
  info.features['observation.images.static'].shape = [48, 64, 3];
  writeFileSync(file, JSON.stringify(info));
  const found = hits(spec({ type: 'lerobot', path: 'lr' }), dir);
  assert.equal(found.length, 1);
  assert.equal(found[0].pointer, '/data/stages/0/datasets/0/path');
  assert.equal(found[0].severity, 'warning');
  assert.match(
    found[0].message,
    /Camera static reads "observation\.images\.static", whose images are 64×48 .* not square: .* 32×32, stretching it 1\.33× along its height/,
  );
  assert.equal(found[0].fixes?.length ?? 0, 0);
});

test('an RLDS camera mapped to a one-channel image: one warning whose quick fix maps the RGB image', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shape-rlds-'));
  cpSync(join(FIXTURES, 'rlds', 'playtable_rlds', '1.0.0'), join(dir, 'rl'), { recursive: true });
  const file = join(dir, 'rl', 'features.json');
  const tree = JSON.parse(readFileSync(file, 'utf8'));
  const obs = tree.featuresDict.features.steps.sequence.feature.featuresDict.features.observation.featuresDict.features;
  obs.depth = { image: { dtype: 'uint16', shape: { dimensions: ['32', '32', '1'] } } };
  writeFileSync(file, JSON.stringify(tree));
  const text = spec({ type: 'rlds', path: 'rl', features: { cameras: { static: 'observation/depth' } } }, ['static']);
  const found = hits(text, dir);
  assert.equal(found.length, 1);
  assert.equal(found[0].pointer, '/data/stages/0/datasets/0/features/cameras/static');
  assert.match(found[0].message, /"observation\/depth", which has 1 channel; the policy's cameras are RGB \(3\)/);
  const fix = found[0].fixes![0];
  assert.match(fix.title, /^Map camera static to "observation\/(image|wrist_image)" \(RGB\)$/);
  const fixed = applyTextEdits(text, fix.edits);
  assert.deepEqual(hits(fixed, dir), []);
});

test('imageShape: LeRobot by its names, else channels last or first; unknown or variable sizes are not judged', () => {
  assert.deepEqual(imageShape({ name: 'a', kind: 'video', shape: [3, 48, 64], names: ['channels', 'height', 'width'] }), {
    height: 48,
    width: 64,
    channels: 3,
  });
  assert.deepEqual(imageShape({ name: 'a', kind: 'video', shape: [3, 48, 64] }), { height: 48, width: 64, channels: 3 });
  assert.deepEqual(imageShape({ name: 'a', kind: 'image', shape: [48, 64, 4] }), { height: 48, width: 64, channels: 4 });
  assert.equal(imageShape({ name: 'a', kind: 'image', shape: [-1, -1, 3] }), undefined);
  assert.equal(imageShape({ name: 'a', kind: 'image', shape: [] }), undefined);
});

test("a LeRobot camera stored as an `image` feature (PNG bytes in the parquet, lerobot's own writing) is a camera the spec may map: no diagnostic", () => {
  const ds = { type: 'lerobot', path: 'lerobot/v30-images-lerobot', features: { cameras: { static: 'observation.images.static' } } };
  // Its action is 2 wide (spec/dataset-action-width against the spec's 7): not what this test is about.
  const dataset = (text: string) =>
    validateSpecText(text, diskContext(FIXTURES)).diagnostics.filter(
      (d) => d.code.startsWith('spec/dataset-') && d.code !== 'spec/dataset-action-width',
    );
  const all = dataset(spec(ds, ['static']));
  assert.deepEqual(
    all.map((d) => `${d.code}: ${d.message}`),
    [],
  );
  // A camera mapped to a feature that is neither video nor image (the state) is still refused.
  const wrong = { ...ds, features: { cameras: { static: 'observation.state' } } };
  const refused = dataset(spec(wrong, ['static']));
  assert.deepEqual(
    refused.map((d) => d.code),
    ['spec/dataset-feature-unknown'],
    refused.map((d) => d.message).join('\n'),
  );
});
