/**
 * Property test: whatever the text — examples and RoboVLMs configs mutated at random (values and
 * keys deleted, replaced and inserted, text truncated, random bytes spliced in) — parsing,
 * validation, sweep expansion, resolving, hashing and the cost estimate never throw, every
 * diagnostic has a range inside the text, and no rule crashes (`spec/internal`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  applyTextEdits,
  estimateCost,
  expandSweep,
  resolveSpec,
  specHash,
  validateSpecText,
  type SpecContext,
} from '../../extension/core/spec';
import { exampleFiles, repoRoot } from './spec-helpers';

const ctx: SpecContext = { baseDir: '/w', dirExists: (p) => p.length % 2 === 0, fileExists: (p) => p.length % 3 === 0 };

function seeds(): string[] {
  const robovlms = [join(repoRoot, 'test/fixtures/robovlms'), '/work/shared/fixtures/robovlms'].find((d) => existsSync(d));
  const configs = robovlms
    ? readdirSync(robovlms)
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(robovlms, f))
    : [];
  return [...exampleFiles(), ...configs].map((f) => readFileSync(f, 'utf8'));
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const jsonValue: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      1.5,
      1e-5,
      1e21,
      64,
      65,
      '',
      'interleaved',
      'tiny-xattn',
      'moe',
      'discrete',
      'robovlms',
      'hf:./x',
      'oxe',
      'slurm',
      'post-train',
      '__proto__',
    ),
    fc.string(),
    fc.double({ noNaN: true }),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom(
        'type',
        'id',
        'axes',
        'policy.history',
        'exclude',
        'path',
        'bins',
        'min',
        'max',
        'steps',
        '__proto__',
        'constructor',
        'x',
      ),
      tie('v'),
      { maxKeys: 3 },
    ),
  ),
})).v;

const KEYS = [
  'name',
  'backend',
  'backbone',
  'policy',
  'formulation',
  'history',
  'chunk',
  'head',
  'type',
  'action_space',
  'discretization',
  'data',
  'stages',
  'datasets',
  'recipe',
  'eval',
  'resources',
  'launcher',
  'gpus',
  'nodes',
  'sweep',
  'axes',
  'exclude',
  'path',
  '__proto__',
  'constructor',
  'toString',
];

/** Walks to a random container in a JSON value and mutates it in place. */
function mutateValue(root: Json, picks: number[], replacement: Json, key: string): Json {
  let cur: Json = root;
  let i = 0;
  for (; i < picks.length - 1; i++) {
    const kids: Json[] = Array.isArray(cur) ? cur : cur && typeof cur === 'object' ? Object.values(cur) : [];
    const next = kids[picks[i] % Math.max(1, kids.length)];
    if (next === undefined || next === null || typeof next !== 'object') break;
    cur = next;
  }
  const op = picks[picks.length - 1] % 4;
  if (Array.isArray(cur)) {
    const at = picks[0] % (cur.length + 1);
    if (op === 0) cur.splice(at, 1);
    else if (op === 1) cur[at] = replacement;
    else cur.splice(at, 0, replacement);
  } else if (cur && typeof cur === 'object') {
    const keys = Object.keys(cur);
    const k = keys[picks[0] % Math.max(1, keys.length)];
    if (op === 0 && k !== undefined) delete cur[k];
    else if (op === 1 && k !== undefined) cur[k] = replacement;
    else if (op === 2 && k !== undefined) {
      const v = cur[k];
      delete cur[k];
      Object.defineProperty(cur, key, { value: v, enumerable: true, writable: true, configurable: true });
    } else Object.defineProperty(cur, key, { value: replacement, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

function checkText(text: string): void {
  const r = validateSpecText(text, ctx);
  for (const d of r.diagnostics) {
    assert.notEqual(d.code, 'spec/internal', d.message);
    assert.ok(d.range.offset >= 0 && d.range.offset + d.range.length <= text.length, `${d.code} range outside the text`);
    assert.ok(typeof d.message === 'string' && d.message.length > 0);
    for (const f of d.fixes ?? []) applyTextEdits(text, f.edits);
  }
  const x = expandSweep(r.spec, ctx, { maxPoints: 64 });
  assert.equal(x.points.length + x.dropped.length + x.excluded.length, x.problems.length ? 0 : x.total);
  for (const p of x.points) assert.match(p.name, /^[A-Za-z0-9_.-]{1,100}$/);
  const resolved = resolveSpec(r.spec);
  specHash(resolved);
  estimateCost(resolved);
}

const texts = seeds();

test('random value mutations of examples and RoboVLMs configs never throw', () => {
  assert.ok(texts.length >= 7);
  fc.assert(
    fc.property(
      fc.nat(texts.length - 1),
      fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      jsonValue,
      fc.constantFrom(...KEYS),
      fc.boolean(),
      (which, picks, replacement, key, pretty) => {
        const value = mutateValue(JSON.parse(texts[which]) as Json, picks, replacement, key);
        checkText(JSON.stringify(value, null, pretty ? 2 : undefined) ?? 'null');
      },
    ),
    { numRuns: 300, seed: 20240601 },
  );
});

test('sweeps over random fields and values never throw', () => {
  fc.assert(
    fc.property(
      fc.nat(texts.length - 1),
      fc.dictionary(
        fc.oneof(
          fc.constantFrom(
            'policy.history',
            'policy.head.type',
            'backbone.id',
            'data.stages.0.steps',
            'data.stages.3.x',
            'eval.0',
            'name',
            'sweep.axes',
            'robovlms.overrides.a.b',
            'x.y',
          ),
          fc.string(),
        ),
        fc.array(jsonValue, { minLength: 1, maxLength: 3 }),
        { minKeys: 1, maxKeys: 3 },
      ),
      fc.array(fc.dictionary(fc.string(), jsonValue, { maxKeys: 2 }), { maxLength: 2 }),
      (which, axes, exclude) => {
        const v = JSON.parse(texts[which]);
        if (v && typeof v === 'object' && !Array.isArray(v)) v.sweep = { axes, exclude };
        checkText(JSON.stringify(v));
      },
    ),
    { numRuns: 150, seed: 7 },
  );
});

test('truncated text and random bytes never throw', () => {
  fc.assert(
    fc.property(
      fc.nat(texts.length - 1),
      fc.nat(),
      fc.nat(),
      fc.string({ maxLength: 8 }),
      fc.constantFrom('truncate', 'splice', 'delete'),
      (which, a, b, junk, op) => {
        const t = texts[which];
        const i = a % (t.length + 1);
        const j = Math.min(t.length, i + (b % 16));
        const text = op === 'truncate' ? t.slice(0, i) : op === 'splice' ? t.slice(0, i) + junk + t.slice(i) : t.slice(0, i) + t.slice(j);
        checkText(text);
      },
    ),
    { numRuns: 300, seed: 42 },
  );
  for (const odd of [
    '',
    'null',
    '[]',
    '"x"',
    '1e999',
    '{"sweep": {"axes": {"policy.history": []}}}',
    '{"name": "a", "sweep": null}',
    '\uFEFF{"name": "bom"}',
    '{"a":' + '['.repeat(200) + ']'.repeat(200) + '}',
  ])
    checkText(odd);
});
