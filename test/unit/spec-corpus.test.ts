/**
 * The invalid-spec corpus (test/fixtures/specs/invalid/*.vla.json): each file is paired with
 * `<name>.expect.json` {code, pointer}; validation must report that code at that pointer, as an
 * error, with a range inside the text. Quick fixes must remove what they fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyTextEdits, rangeOfPointer, validateSpecText } from '../../extension/core/spec';
import { fakeDisk, repoRoot } from './spec-helpers';

const dir = join(repoRoot, 'test/fixtures/specs/invalid');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.vla.json'))
  .sort();
const ctx = fakeDisk();

test('the corpus has at least 40 invalid specs, each with an expectation', () => {
  assert.ok(files.length >= 40, `only ${files.length} files`);
  for (const f of files)
    assert.doesNotThrow(() => readFileSync(join(dir, f.replace(/\.vla\.json$/, '.expect.json'))), `${f} has no .expect.json`);
});

for (const f of files) {
  test(`invalid spec ${f}`, () => {
    const text = readFileSync(join(dir, f), 'utf8');
    const expect = JSON.parse(readFileSync(join(dir, f.replace(/\.vla\.json$/, '.expect.json')), 'utf8')) as {
      code: string;
      pointer: string;
    };
    const r = validateSpecText(text, ctx);
    const hit = r.diagnostics.find((d) => d.code === expect.code && d.pointer === expect.pointer);
    assert.ok(
      hit,
      `expected ${expect.code} at "${expect.pointer}", got ${r.diagnostics.map((d) => `${d.code} at "${d.pointer}"`).join('; ')}`,
    );
    assert.equal(hit.severity, 'error');
    assert.ok(r.errors > 0);
    assert.ok(hit.range.offset >= 0 && hit.range.offset + hit.range.length <= text.length, 'range inside the text');
    assert.ok(hit.range.start.line >= 1 && hit.range.start.column >= 1);
    if (!expect.code.startsWith('json/')) {
      // The range is the one the pointer resolves to (key for objects and missing fields, value for scalars).
      const candidates = (['auto', 'key', 'node'] as const).map((t) => rangeOfPointer(r.document, hit.pointer, t).offset);
      assert.ok(candidates.includes(hit.range.offset), `range at ${hit.range.offset}, pointer resolves to ${candidates}`);
    }
    for (const fix of hit.fixes ?? []) {
      const after = validateSpecText(applyTextEdits(text, fix.edits), ctx);
      assert.ok(
        !after.diagnostics.some((d) => d.code === hit.code && d.pointer === hit.pointer && d.message === hit.message),
        `fix "${fix.title}" left the problem`,
      );
      if (!expect.code.startsWith('json/'))
        assert.equal(after.diagnostics.filter((d) => d.code === 'json/parse').length, 0, `fix "${fix.title}" broke the JSON`);
    }
  });
}

test('messages say what to do: enum values are listed with the closest suggested', () => {
  const r = validateSpecText(readFileSync(join(dir, 'schema-formulation-enum.vla.json'), 'utf8'), ctx);
  const d = r.diagnostics.find((x) => x.code === 'schema/enum')!;
  assert.match(d.message, /did you mean "interleaved"\?/);
  assert.match(d.message, /"one-step", "interleaved" or "policy-head"/);
  assert.equal(d.fixes?.[0].preferred, true);
  assert.equal(JSON.parse(applyTextEdits(r.document.text, d.fixes![0].edits)).policy.formulation, 'interleaved');
  assert.equal(r.document.text.slice(d.range.offset, d.range.offset + d.range.length), '"interleave"');
});

test('an unknown property is flagged on its key, with rename and remove fixes', () => {
  const text = readFileSync(join(dir, 'schema-policy-typo-key.vla.json'), 'utf8');
  const d = validateSpecText(text, ctx).diagnostics.find((x) => x.code === 'schema/additionalProperties')!;
  assert.equal(text.slice(d.range.offset, d.range.offset + d.range.length), '"histroy"');
  assert.deepEqual(
    d.fixes?.map((f) => f.title),
    ['Rename to "history"', 'Remove "histroy"'],
  );
  const renamed = applyTextEdits(text, d.fixes![0].edits);
  assert.equal(JSON.parse(renamed).policy.history, 8);
  const removed = JSON.parse(applyTextEdits(text, d.fixes![1].edits));
  assert.equal('histroy' in removed.policy, false);
});

test('a missing required property is flagged on the parent key', () => {
  const text = readFileSync(join(dir, 'schema-head-missing-type.vla.json'), 'utf8');
  const d = validateSpecText(text, ctx).diagnostics.find((x) => x.code === 'schema/required')!;
  assert.equal(text.slice(d.range.offset, d.range.offset + d.range.length), '"head"');
  assert.match(d.message, /"type"/);
});
