/**
 * package.json's JSON contributions as VS Code's JSON extension applies them: its client turns
 * each `jsonValidation` entry into a schema association ("./" urls become file URIs inside the
 * extension; patterns that start with neither "/" nor "!" get a leading "/") and its server loads
 * file: schemas from disk and fetches http(s) ones. Checked with vscode-json-languageservice, the
 * server's engine, loading the schemas by URI the way the server does (spec-languageservice.test.ts
 * checks the schema's content; this checks the wiring: which schema a file gets, and that nothing
 * is fetched from the network — a `$ref` resolved against the schemas' `$id` would be).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ClientCapabilities, getLanguageService, TextDocument, type LanguageService } from 'vscode-json-languageservice';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extensionUri = pathToFileURL(root).toString();

/** What VS Code's JSON client sends as `json/schemaAssociations` for our package.json. */
function associations(): { uri: string; fileMatch: string[] }[] {
  return (pkg.contributes.jsonValidation as { fileMatch: string | string[]; url: string }[]).map(({ fileMatch, url }) => ({
    uri: url.startsWith('./') ? `${extensionUri}/${url.slice(2)}` : url,
    fileMatch: (Array.isArray(fileMatch) ? fileMatch : [fileMatch]).map((p) => (/^(\w+:\/\/|\/|!)/.test(p) ? p : `/${p}`)),
  }));
}

function languageService(): { ls: LanguageService; requested: string[] } {
  const requested: string[] = [];
  const ls = getLanguageService({
    clientCapabilities: ClientCapabilities.LATEST,
    schemaRequestService: async (uri) => {
      requested.push(uri);
      if (!uri.startsWith('file:')) throw new Error(`no network here: ${uri}`);
      return readFileSync(fileURLToPath(uri), 'utf8');
    },
    workspaceContext: { resolveRelativePath: (rel, resource) => new URL(rel, resource).toString() },
  });
  ls.configure({ validate: true, allowComments: false, schemas: associations() });
  return { ls, requested };
}

const doc = (path: string, text: string) => TextDocument.create(`file:///w/${path}`, 'json', 1, text);

test('*.vla.json is JSON to VS Code, so the JSON language server serves it', () => {
  const langs = pkg.contributes.languages as { id: string; extensions?: string[] }[];
  assert.ok(langs.some((l) => l.id === 'json' && l.extensions?.includes('.vla.json')));
});

test('a spec gets completions and hovers from the contributed schema, loaded from the extension, nothing fetched', async () => {
  const { ls, requested } = languageService();
  // The e2e test's file: the cursor after `"formulation": ` with the closing brace on the next line.
  const text = '{\n  "name": "e2e-completion",\n  "policy": {\n    "formulation": \n  }\n}\n';
  const d = doc('completion.vla.json', text);
  const jd = ls.parseJSONDocument(d);
  const list = await ls.doComplete(d, d.positionAt(text.indexOf('"formulation": ') + '"formulation": '.length), jd);
  assert.deepEqual(list!.items.map((i) => i.label).sort(), ['"interleaved"', '"one-step"', '"policy-head"']);
  const hover = await ls.doHover(d, d.positionAt(text.indexOf('"policy"') + 3), jd);
  assert.match(JSON.stringify(hover?.contents), /RoboVLMs' 2×2 plus history/);
  const problems = await ls.doValidation(d, jd);
  const messages = problems.map((p) => (typeof p.message === 'string' ? p.message : p.message.value));
  assert.ok(!messages.some((m) => /load|resolve|schema/i.test(m)), `schema problems: ${messages.join('; ')}`);
  assert.deepEqual([...new Set(requested)], [`${extensionUri}/schemas/experiment.schema.json`]);
});

test('specs get the experiment schema anywhere, RoboVLMs configs under configs/ get theirs, never both', () => {
  const { ls } = languageService();
  const schemasOf = (path: string) => ls.getLanguageStatus(doc(path, '{}'), ls.parseJSONDocument(doc(path, '{}'))).schemas.map((u) => u.replace(`${extensionUri}/schemas/`, ''));
  assert.deepEqual(schemasOf('a.vla.json'), ['experiment.schema.json']);
  assert.deepEqual(schemasOf('deep/er/a.vla.json'), ['experiment.schema.json']);
  assert.deepEqual(schemasOf('configs/calvin/kosmos.json'), ['robovlms-config.schema.json']);
  assert.deepEqual(schemasOf('configs/calvin/mine.vla.json'), ['experiment.schema.json']);
  assert.deepEqual(schemasOf('package.json'), []);
});

test('a RoboVLMs config resolves its schema from the extension too, nothing fetched', async () => {
  const { ls, requested } = languageService();
  const text = '{\n  "robovlm_name": "RoboKosMos",\n  "window_size": \n}\n';
  const d = doc('configs/calvin/k.json', text);
  const jd = ls.parseJSONDocument(d);
  await ls.doComplete(d, d.positionAt(text.indexOf('"window_size": ') + 15), jd);
  await ls.doValidation(d, jd);
  assert.ok(requested.length > 0 && requested.every((u) => u.startsWith(`${extensionUri}/schemas/`)), requested.join(', '));
});
