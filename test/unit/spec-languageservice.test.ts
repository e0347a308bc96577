/**
 * schemas/experiment.schema.json as VS Code uses it: vscode-json-languageservice (the engine of VS
 * Code's JSON mode) offers the right completions and hovers, and flags the same places as our
 * ajv-based validation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClientCapabilities, getLanguageService, TextDocument, type Diagnostic as LsDiagnostic } from 'vscode-json-languageservice';
import { validateSpecText, type SpecContext } from '../../extension/core/spec';
import { exampleFiles, repoRoot } from './spec-helpers';

const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/experiment.schema.json'), 'utf8'));
// The capabilities VS Code announces (markdown in completions and hovers).
const ls = getLanguageService({ clientCapabilities: ClientCapabilities.LATEST });
ls.configure({ validate: true, allowComments: false, schemas: [{ uri: schema.$id, fileMatch: ['*.vla.json'], schema }] });
const everythingExists: SpecContext = { baseDir: '/', dirExists: () => true, fileExists: () => true };

function doc(text: string, name = 'test.vla.json') {
  return TextDocument.create(`file:///w/${name}`, 'json', 1, text);
}

async function lsDiagnostics(text: string): Promise<LsDiagnostic[]> {
  const d = doc(text);
  return ls.doValidation(d, ls.parseJSONDocument(d), { comments: 'error', trailingCommas: 'error', schemaValidation: 'error' });
}

test('completion inside "formulation": offers the three formulations', async () => {
  const text = '{\n  "name": "x",\n  "policy": { "formulation":  }\n}';
  const d = doc(text);
  const pos = d.positionAt(text.indexOf('"formulation": ') + '"formulation": '.length);
  const list = await ls.doComplete(d, pos, ls.parseJSONDocument(d));
  const labels = list!.items.map((i) => i.label).sort();
  assert.deepEqual(labels, ['"interleaved"', '"one-step"', '"policy-head"']);
  const interleaved = list!.items.find((i) => i.label === '"interleaved"')!;
  assert.match(JSON.stringify(interleaved.documentation), /decoder-only backbones only/);
});

test('property completion in policy lists its fields, and the defaultSnippets are offered', async () => {
  const text = '{\n  "name": "x",\n  "policy": {  }\n}';
  const d = doc(text);
  const list = await ls.doComplete(d, d.positionAt(text.indexOf('{  }') + 2), ls.parseJSONDocument(d));
  const labels = list!.items.map((i) => i.label);
  for (const f of ['formulation', 'action_space', 'history', 'chunk', 'head', 'discretization']) assert.ok(labels.includes(f), f);
  const empty = doc('');
  const root = await ls.doComplete(empty, empty.positionAt(0), ls.parseJSONDocument(empty));
  assert.ok(root!.items.some((i) => i.label === 'VLA experiment (built-in, policy-head)'));
});

test('hovers show the markdown descriptions', async () => {
  const text = '{\n  "name": "x",\n  "policy": { "formulation": "interleaved" }\n}';
  const d = doc(text);
  const jd = ls.parseJSONDocument(d);
  const onKey = await ls.doHover(d, d.positionAt(text.indexOf('"policy"') + 2), jd);
  assert.match(JSON.stringify(onKey!.contents), /RoboVLMs' 2×2 plus history/);
  const onValue = await ls.doHover(d, d.positionAt(text.indexOf('"interleaved"') + 2), jd);
  assert.match(JSON.stringify(onValue!.contents), /\*\*Interleaved\*\*/);
});

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start === a.end || b.start === b.end) return (a.start >= b.start && a.start <= b.end) || (b.start >= a.start && b.start <= a.end);
  return a.start < b.end && b.start < a.end;
}

/** Documents for the agreement check: the schema-level corpus, and the (valid) examples. */
function agreementDocs(): [string, string][] {
  const dir = join(repoRoot, 'test/fixtures/specs/invalid');
  const corpus = readdirSync(dir)
    .filter((f) => f.startsWith('schema-') && f.endsWith('.vla.json'))
    .map((f): [string, string] => [f, readFileSync(join(dir, f), 'utf8')]);
  const examples = exampleFiles().map((f): [string, string] => [f, readFileSync(f, 'utf8').replace(/"\$schema": "[^"]*",\n\s*/, '')]);
  const syntax: [string, string][] = [
    ['comment', '{\n  /* c */ "name": "x"\n}'],
    ['trailing', '{\n  "name": "x",\n}'],
  ];
  return [...corpus, ...examples, ...syntax];
}

test('the language service and ajv flag the same places', async () => {
  const docs = agreementDocs();
  assert.ok(docs.length >= 40);
  for (const [name, text] of docs) {
    const d = doc(text);
    const theirs = (await lsDiagnostics(text)).map((x) => ({
      start: d.offsetAt(x.range.start),
      end: d.offsetAt(x.range.end),
      message: x.message,
    }));
    const ours = validateSpecText(text, everythingExists)
      .diagnostics.filter((x) => x.code.startsWith('schema/') || x.code === 'json/parse')
      .map((x) => ({ start: x.range.offset, end: x.range.offset + x.range.length, message: `${x.code} ${x.pointer}` }));
    for (const t of theirs)
      assert.ok(
        ours.some((o) => overlaps(o, t)),
        `${name}: the language service flags ${t.start}-${t.end} (${t.message}) but ajv does not; ajv: ${JSON.stringify(ours)}`,
      );
    for (const o of ours)
      assert.ok(
        theirs.some((t) => overlaps(o, t)),
        `${name}: ajv flags ${o.start}-${o.end} (${o.message}) but the language service does not; LS: ${JSON.stringify(theirs)}`,
      );
  }
});
