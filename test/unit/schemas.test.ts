/**
 * The schemas are the single source of truth: they compile in ajv's strict mode with VS Code's
 * keywords, the bundled copies (extension/core/schemas.ts) are the files, the generated types
 * and standalone validators are not stale, and docs/spec.md is generated from the current schema.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SCHEMA_NAMES, SCHEMAS } from '../../extension/core/schemas';
import { repoRoot } from './spec-helpers';

const schemaFiles = readdirSync(join(repoRoot, 'schemas')).filter((f) => f.endsWith('.schema.json'));
const validators = () => import(pathToFileURL(join(repoRoot, 'scripts/gen-validators.mjs')).href);

// The generators resolve paths from the repository root.
process.chdir(repoRoot);

test('every schema compiles in strict mode (unknown keywords would be typos)', async () => {
  const { createAjv } = await validators();
  for (const f of schemaFiles) {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', f), 'utf8'));
    assert.doesNotThrow(() => createAjv().compile(schema), f);
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#', f);
  }
});

test('the bundled schemas are the files in schemas/', () => {
  assert.deepEqual([...SCHEMA_NAMES].sort(), schemaFiles.map((f) => f.replace('.schema.json', '')).sort());
  for (const name of SCHEMA_NAMES) {
    assert.deepEqual(SCHEMAS[name], JSON.parse(readFileSync(join(repoRoot, 'schemas', `${name}.schema.json`), 'utf8')), name);
  }
});

test('generated types are up to date (run `npm run gen:types` after a schema change)', async () => {
  const mod = await import(pathToFileURL(join(repoRoot, 'scripts/gen-types.mjs')).href);
  for (const [name, typeName] of mod.targets as [string, string][]) {
    const fresh = await mod.generate(name, typeName);
    const current = readFileSync(join(repoRoot, 'extension/core/generated', `${name}.ts`), 'utf8');
    assert.equal(current, fresh, `extension/core/generated/${name}.ts is stale: run npm run gen:types`);
  }
});

test('generated validators are up to date (run `npm run gen:types` after a schema change)', async () => {
  const mod = await validators();
  for (const name of Object.keys(mod.targets)) {
    const current = readFileSync(join(repoRoot, mod.OUT_DIR, `${name}.ts`), 'utf8');
    assert.equal(current, mod.generate(name), `${mod.OUT_DIR}/${name}.ts is stale: run npm run gen:types`);
  }
});

test('docs/spec.md is up to date (run `node scripts/gen-spec-docs.mjs`)', async () => {
  const mod = await import(pathToFileURL(join(repoRoot, 'scripts/gen-spec-docs.mjs')).href);
  const fresh: string = await mod.generateSpecDocs();
  assert.equal(readFileSync(join(repoRoot, 'docs/spec.md'), 'utf8'), fresh, 'docs/spec.md is stale: run node scripts/gen-spec-docs.mjs');
  // Every field of the schema has a row.
  for (const p of ['`policy.formulation`', '`data.stages[].datasets[].embodiment`', '`sweep.axes`', '`resources.slurm.time`'])
    assert.ok(fresh.includes(p), p);
});
