/**
 * package.json's JSON contributions as VS Code's JSON extension applies them: its client turns
 * each `jsonValidation` entry into a schema association ("./" urls become file URIs inside the
 * extension; patterns that start with neither "/" nor "!" get a leading "/") and its server loads
 * file: schemas from disk and fetches http(s) ones. Checked with vscode-json-languageservice, the
 * server's engine, loading the schemas by URI the way the server does (spec-languageservice.test.ts
 * checks the schema's content; this checks the wiring: which schema a file gets, and that nothing
 * is fetched from the network — a `$ref` resolved against the schemas' `$id` would be).
 *
 * What we contribute are hints schemas (schemas/generated/*.hints.json, scripts/gen-hints-schemas.mjs):
 * completions and hovers, no validation. Problems then lists each problem of a spec or RoboVLMs
 * config once — from our checker — and a syntax error once, from VS Code's JSON service.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ClientCapabilities, getLanguageService, TextDocument, type LanguageService } from 'vscode-json-languageservice';
import { createVscodeMock, installVscodeMock } from './vscode-mock';

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

/** The messages VS Code's JSON service puts in Problems for a `json` document (as its server validates). */
async function jsonServiceProblems(path: string, text: string): Promise<string[]> {
  const { ls } = languageService();
  const d = doc(path, text);
  const problems = await ls.doValidation(d, ls.parseJSONDocument(d), {
    comments: 'error',
    trailingCommas: 'error',
    schemaValidation: 'warning',
    schemaRequest: 'warning',
  });
  return problems.map((p) => (typeof p.message === 'string' ? p.message : p.message.value));
}

/** What our DiagnosticsController publishes for the document, and its quick fixes at an offset (a mocked `vscode`). */
function ourProblems(fsPath: string, text: string, fixAt?: number): { messages: string[]; codes: string[]; fixes: string[] } {
  const mock = createVscodeMock({ extensionPath: root });
  const uninstall = installVscodeMock(mock.vscode);
  try {
    for (const k of Object.keys(require.cache)) if (k.includes('/extension/vscode/')) delete require.cache[k];
    const { DiagnosticsController } =
      require('../../extension/vscode/language/provider') as typeof import('../../extension/vscode/language/provider');
    const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
    const positionAt = (o: number) => {
      let line = 0;
      while (line + 1 < lineStarts.length && lineStarts[line + 1] <= o) line++;
      return new mock.vscode.Position(line, o - lineStarts[line]);
    };
    const document = {
      uri: mock.vscode.Uri.file(fsPath),
      fileName: fsPath,
      languageId: 'json',
      version: 1,
      getText: () => text,
      positionAt,
      offsetAt: (p: { line: number; character: number }) => lineStarts[p.line] + p.character,
    };
    const controller = new DiagnosticsController(mock.vscode.window.createOutputChannel('test') as never);
    controller.check(document as never);
    const published = (mock.state.published.get(document.uri.toString()) ?? []) as { message: string; code: string }[];
    const at = fixAt === undefined ? undefined : new mock.vscode.Range(positionAt(fixAt), positionAt(fixAt));
    const fixes = at ? controller.fixesFor(document as never, at as never, { diagnostics: [] } as never).map((a) => a.title) : [];
    controller.dispose();
    return { messages: published.map((d) => d.message), codes: published.map((d) => d.code), fixes };
  } finally {
    uninstall();
  }
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
  // Each value keeps its explanation from the real schema's markdownEnumDescriptions.
  assert.match(JSON.stringify(list!.items.find((i) => i.label === '"interleaved"')?.documentation), /decoder-only backbones only/);
  const hover = await ls.doHover(d, d.positionAt(text.indexOf('"policy"') + 3), jd);
  assert.match(JSON.stringify(hover?.contents), /RoboVLMs' 2×2 plus history/);
  const problems = await ls.doValidation(d, jd);
  const messages = problems.map((p) => (typeof p.message === 'string' ? p.message : p.message.value));
  assert.ok(!messages.some((m) => /load|resolve|schema/i.test(m)), `schema problems: ${messages.join('; ')}`);
  assert.deepEqual([...new Set(requested)], [`${extensionUri}/schemas/generated/experiment.hints.json`]);
});

test('specs get the experiment schema anywhere, RoboVLMs configs under configs/ get theirs, never both', () => {
  const { ls } = languageService();
  const schemasOf = (path: string) =>
    ls
      .getLanguageStatus(doc(path, '{}'), ls.parseJSONDocument(doc(path, '{}')))
      .schemas.map((u) => u.replace(`${extensionUri}/schemas/generated/`, ''));
  assert.deepEqual(schemasOf('a.vla.json'), ['experiment.hints.json']);
  assert.deepEqual(schemasOf('deep/er/a.vla.json'), ['experiment.hints.json']);
  assert.deepEqual(schemasOf('configs/calvin/kosmos.json'), ['robovlms-config.hints.json']);
  assert.deepEqual(schemasOf('configs/calvin/mine.vla.json'), ['experiment.hints.json']);
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

test('the contributed hints schemas are generated from the current schemas (run `npm run gen:types`)', async () => {
  const mod = await import(pathToFileURL(join(root, 'scripts/gen-hints-schemas.mjs')).href);
  const cwd = process.cwd();
  process.chdir(root);
  try {
    for (const name of mod.targets as string[]) {
      assert.equal(
        readFileSync(join(root, mod.OUT_DIR, `${name}.hints.json`), 'utf8'),
        mod.generate(name),
        `${mod.OUT_DIR}/${name}.hints.json is stale: run npm run gen:types`,
      );
    }
  } finally {
    process.chdir(cwd);
  }
});

test("a spec mistake shows once in Problems: from our checker, none from VS Code's JSON service", async () => {
  const text = '{\n  "name": "broken",\n  "policy": { "formulation": "two-step", "history": -3 },\n  "bogus": 1\n}\n';
  assert.deepEqual(await jsonServiceProblems('broken.vla.json', text), []);
  const ours = ourProblems('/w/broken.vla.json', text);
  for (const code of ['schema/enum', 'schema/additionalProperties'])
    assert.ok(ours.codes.includes(code), `${code} in ${ours.codes.join(', ')}`);
  assert.ok(ours.messages.some((m) => /"two-step" is not a valid policy\.formulation/.test(m)));
  assert.equal(new Set(ours.messages).size, ours.messages.length, 'no problem twice');
});

test('a RoboVLMs config mistake shows once too: the lint reports it, the JSON service does not', async () => {
  const text = '{\n  "robovlm_name": "RoboKosMos",\n  "window_size": "eight"\n}\n';
  assert.deepEqual(await jsonServiceProblems('configs/calvin/k.json', text), []);
  const ours = ourProblems('/w/configs/calvin/k.json', text);
  assert.ok(
    ours.codes.some((c) => c.startsWith('robovlms/schema')),
    ours.codes.join(', '),
  );
});

test("a syntax error shows once, from VS Code's JSON service, and our quick fix is still offered there", async () => {
  const text = '{\n  "name": "x",\n  "description": "y",\n}\n';
  const comma = text.lastIndexOf(',');
  const vscodes = await jsonServiceProblems('x.vla.json', text);
  assert.deepEqual(vscodes, ['Trailing comma']);
  const ours = ourProblems('/w/x.vla.json', text, comma);
  assert.ok(!ours.codes.includes('json/parse'), `ours: ${ours.messages.join('; ')}`);
  assert.ok(ours.fixes.includes('Remove the trailing comma'), ours.fixes.join(', '));
});

test('RoboVLMs configs still get property completions from their hints schema', async () => {
  const { ls } = languageService();
  const text = '{\n  "robovlm_name": "RoboKosMos",\n  \n}\n';
  const d = doc('configs/calvin/k.json', text);
  const list = await ls.doComplete(d, d.positionAt(text.indexOf('\n  \n') + 3), ls.parseJSONDocument(d));
  const labels = list!.items.map((i) => i.label);
  for (const key of ['window_size', 'fwd_pred_next_n', 'act_head']) assert.ok(labels.includes(key), `${key} in ${labels.join(', ')}`);
});
