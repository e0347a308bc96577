/** Parsing *.vla.json: exact offsets, JSON strictness (comments, trailing commas), never throwing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTextEdits, nodeAtPointer, parseSpecText, rangeOfPointer, toQuickFix, validateSpecText } from '../../extension/core/spec';
import { fakeDisk } from './spec-helpers';

test('a syntax error is one json/parse diagnostic at the exact place', () => {
  const text = '{\n  "name": "x"\n  "backend": "builtin"\n}';
  const doc = parseSpecText(text);
  assert.equal(doc.broken, true);
  assert.equal(doc.diagnostics.length, 1);
  const d = doc.diagnostics[0];
  assert.equal(d.code, 'json/parse');
  assert.deepEqual(d.range.start, { line: 3, column: 3 });
  assert.match(d.message, /expected ','/);
  // Schema checks are skipped for a broken document (they would only add noise).
  assert.deepEqual(
    validateSpecText(text, fakeDisk()).diagnostics.map((x) => x.code),
    ['json/parse'],
  );
});

test('comments and trailing commas are errors with removal fixes, and the rest is still checked', () => {
  const text = '{\n  // note\n  "name": "x",\n  "policy": {"history": 0,},\n}\n';
  const r = validateSpecText(text, fakeDisk());
  const parse = r.diagnostics.filter((d) => d.code === 'json/parse');
  assert.equal(parse.length, 3);
  assert.match(parse[0].message, /Comments are not allowed/);
  assert.deepEqual(parse[0].range.start, { line: 2, column: 3 });
  assert.match(parse[1].message, /Trailing comma/);
  assert.ok(r.diagnostics.some((d) => d.code === 'schema/minimum' && d.pointer === '/policy/history'));
  let fixed = text;
  // Apply fixes from the last to the first so offsets stay valid.
  for (const d of [...parse].reverse()) fixed = applyTextEdits(fixed, d.fixes![0].edits);
  assert.deepEqual(JSON.parse(fixed), { name: 'x', policy: { history: 0 } });
});

test('duplicate keys: a warning on the second key, the last value wins', () => {
  const text = '{"name": "a", "name": "b"}';
  const doc = parseSpecText(text);
  assert.deepEqual((doc.value as any).name, 'b');
  const d = doc.diagnostics.find((x) => x.code === 'json/duplicate-key')!;
  assert.equal(d.severity, 'warning');
  assert.equal(d.range.offset, text.lastIndexOf('"name"'));
});

test('values keep odd keys as plain data (no prototype pollution)', () => {
  const doc = parseSpecText('{"__proto__": {"polluted": 1}, "constructor": 2}');
  const v = doc.value as Record<string, unknown>;
  assert.deepEqual(Object.keys(v), ['__proto__', 'constructor']);
  assert.equal(({} as any).polluted, undefined);
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
});

test('empty and whitespace-only files are a clear error', () => {
  for (const t of ['', '   \n']) {
    const d = parseSpecText(t).diagnostics;
    assert.equal(d.length, 1);
    assert.match(d[0].message, /empty/);
  }
});

test('offsets and columns count UTF-16 units and CRLF line ends', () => {
  const text = '{\r\n  "description": "ü😀",\r\n  "name": 5\r\n}';
  const r = validateSpecText(text, fakeDisk());
  const d = r.diagnostics.find((x) => x.pointer === '/name')!;
  assert.equal(d.range.offset, text.indexOf('5'));
  assert.deepEqual(d.range.start, { line: 3, column: 11 });
});

test('rangeOfPointer: values, keys, arrays and missing fields', () => {
  const text = '{\n  "policy": {"head": {"type": "mlp"}},\n  "eval": [{"benchmark": "playtable"}]\n}';
  const doc = parseSpecText(text);
  const slice = (p: string, t?: 'key' | 'value' | 'auto') => {
    const r = rangeOfPointer(doc, p, t);
    return text.slice(r.offset, r.offset + r.length);
  };
  assert.equal(slice('/policy/head/type'), '"mlp"');
  assert.equal(slice('/policy/head/type', 'key'), '"type"');
  assert.equal(slice('/policy/head'), '"head"');
  assert.equal(slice('/eval/0/benchmark'), '"playtable"');
  assert.equal(slice('/eval/0'), '{');
  assert.equal(slice('/policy/history'), '"policy"', 'a missing field falls back to the nearest ancestor key');
  assert.equal(nodeAtPointer(doc.root, '/eval/1'), undefined);
});

test('quick fixes insert with the document indentation', () => {
  const text = '{\n    "name": "x",\n    "policy": {\n        "history": 1\n    }\n}';
  const doc = parseSpecText(text);
  const fix = toQuickFix(doc, { title: 't', ops: [{ op: 'set', pointer: '/policy/discretization', value: { bins: 256 } }] })!;
  const out = applyTextEdits(text, fix.edits);
  assert.deepEqual(JSON.parse(out).policy.discretization, { bins: 256 });
  assert.match(out, /\n {8}"discretization": \{\n {12}"bins": 256/);
  assert.equal(fix.edits.length, 1);
});
