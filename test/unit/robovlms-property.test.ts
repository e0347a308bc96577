/**
 * Property: whatever a user does to a RoboVLMs config (delete or replace keys and values, wrong
 * types, odd key names), import, compile, lint and effective never fail with anything but a
 * UserError, and import still round-trips.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  compileSpec,
  effectiveConfig,
  formatJson,
  importConfig,
  lintRoboVLMsConfig,
  parseJson,
  type Json,
  type JsonObject,
} from '../../extension/core/robovlms';
import { isUserError } from '../../extension/core/errors';

const dir = join(__dirname, '..', 'fixtures', 'robovlms');
const configs = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => parseJson(readFileSync(join(dir, f), 'utf8')).value as JsonObject);

/** Every path (to objects' keys and array items) of a value. */
function paths(v: Json, at: (string | number)[] = [], acc: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v))
    v.forEach((x, i) => {
      acc.push([...at, i]);
      paths(x, [...at, i], acc);
    });
  else if (v && typeof v === 'object')
    for (const k of Object.keys(v)) {
      acc.push([...at, k]);
      paths(v[k], [...at, k], acc);
    }
  return acc;
}

const jsonValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e9,
    '',
    'discrete',
    'pre',
    'resampler',
    '16',
    'bf16',
    'RoboKosMos',
    'kosmos-2',
    [],
    {},
    [1, 2],
    { type: 'X' },
    { __override__: true },
  ),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

type Mutation = { kind: 'delete' | 'replace' | 'add'; pick: number; value: Json; key: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'replace', 'add'),
  pick: fc.nat(),
  value: jsonValue,
  key: fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('__proto__', 'constructor', '1', '__layout__', 'parent', 'fwd_head', 'act_head'),
  ),
});

function mutate(base: JsonObject, ms: Mutation[]): Json {
  let root: Json = JSON.parse(JSON.stringify(base));
  for (const m of ms) {
    const all = paths(root);
    if (m.kind === 'replace' && all.length === 0) {
      root = m.value;
      continue;
    }
    const p = all[m.pick % Math.max(all.length, 1)] ?? [];
    let parent: any = root;
    for (const s of p.slice(0, -1)) parent = parent[s];
    const last = p[p.length - 1];
    if (m.kind === 'delete' && last !== undefined) {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else if (m.kind === 'replace' && last !== undefined) {
      if (Array.isArray(parent)) parent[last as number] = m.value;
      else Object.defineProperty(parent, last, { value: m.value, enumerable: true, writable: true, configurable: true });
    } else {
      const target: any = last !== undefined && parent[last] && typeof parent[last] === 'object' ? parent[last] : root;
      if (Array.isArray(target)) target.push(m.value);
      else if (target && typeof target === 'object')
        Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

const onlyUserErrors = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (!isUserError(e)) throw e;
  }
};

test('import / compile / lint / effective on mutated configs throw nothing but UserError, and import round-trips', () => {
  fc.assert(
    fc.property(fc.constantFrom(...configs), fc.array(mutation, { minLength: 1, maxLength: 6 }), (base, ms) => {
      const c = mutate(base, ms);
      const text = formatJson(c);
      onlyUserErrors(() => lintRoboVLMsConfig(text));
      onlyUserErrors(() => lintRoboVLMsConfig(text, { cwd: '/nonexistent', filePath: 'x.json' }));
      onlyUserErrors(() => lintRoboVLMsConfig(text.slice(0, text.length >> 1)));
      onlyUserErrors(() =>
        effectiveConfig('/virtual/c.json', {
          cwd: '/virtual',
          fs: {
            readFile: (p) => {
              if (p === '/virtual/c.json') return text;
              throw Object.assign(new Error('no'), { code: 'ENOENT' });
            },
          },
        }),
      );
      let spec: JsonObject | undefined;
      onlyUserErrors(() => {
        spec = importConfig(c);
      });
      if (spec) {
        const back = compileSpec(spec);
        assert.equal(JSON.stringify(back), JSON.stringify(c));
        // Editing the imported spec's fields never crashes compile either.
        const edited = JSON.parse(JSON.stringify(spec));
        edited.policy = { ...(edited.policy ?? {}), history: 3, formulation: 'interleaved' };
        onlyUserErrors(() => compileSpec(edited));
      }
    }),
    { numRuns: 300, seed: 20240601 },
  );
});
