/**
 * schemas/builtin-models.json owns the backbone ids, size presets and head types; the experiment
 * schema keeps copies as enums so editors validate without the catalogue. They must be equal.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import catalog from '../../schemas/builtin-models.json';
import schema from '../../schemas/experiment.schema.json';
import {
  ALL_BACKBONES,
  backboneFacts,
  BUILTIN_BACKBONES,
  CROSS_ATTENTION_BACKBONES,
  HEAD_TYPES,
  SIZE_NAMES,
} from '../../extension/core/spec/backbones';
import { estimateCost, formatCount } from '../../extension/core/spec';

const defs = schema.definitions;
const idEnum = (defs.backbone.properties.id.anyOf[0] as { enum: string[] }).enum;

test('the schema enums for backbone ids, sizes and head types equal the catalogue', () => {
  assert.deepEqual(idEnum, ALL_BACKBONES);
  assert.deepEqual(defs.backbone.properties.size.enum, SIZE_NAMES);
  assert.equal(defs.backbone.properties.size.markdownEnumDescriptions.length, SIZE_NAMES.length);
  assert.deepEqual(defs.head.properties.type.enum, HEAD_TYPES);
  assert.equal(
    (defs.backbone.properties.id.anyOf[0] as { markdownEnumDescriptions: string[] }).markdownEnumDescriptions.length,
    ALL_BACKBONES.length,
  );
});

test("built-in presets: the facts are the catalogue's widths and depths", () => {
  assert.deepEqual(BUILTIN_BACKBONES, ['tiny-prefix', 'tiny-xattn']);
  assert.deepEqual(CROSS_ATTENTION_BACKBONES, ['tiny-xattn', 'flamingo-3b']);
  const nano = backboneFacts('tiny-prefix', 'nano')!;
  assert.equal(nano.hidden, catalog.sizes.nano.width);
  assert.equal(nano.layers, catalog.sizes.nano.vision_layers + catalog.sizes.nano.language_layers);
  assert.equal(backboneFacts('tiny-prefix', 'huge'), undefined, 'an unknown size has no facts (the schema rejects it)');
});

test('the quickstart policy is counted at the size docs/benchmarks.md measured (305 k), not millions', () => {
  const quickstart = JSON.parse(readFileSync('examples/quickstart.vla.json', 'utf8'));
  // Its five tasks' instructions have 25 words (+ <pad>, <unk>); the default assumes all 34 tasks'.
  assert.equal(formatCount(estimateCost(quickstart, 27)!.params.total), '305k');
  assert.equal(formatCount(estimateCost(quickstart)!.params.total), '308k');
});
