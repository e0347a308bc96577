/**
 * The docs name files of this repository in backticks (`extension/core/spec/resolve.ts`,
 * `trainer/manifest.py`); each must exist, so a rename or a removal cannot leave a reader looking
 * for a file that is gone. Paths inside run folders (`checkpoints/index.json`, `export/`) are not
 * repository paths and are not checked; RoboVLMs' own files are listed below with where they live.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const DOCS = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
/** Top-level folders of the repository: a backticked path starting with one is a repository path. */
const TOP = readdirSync(root, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !['node_modules', 'dist', 'runs'].includes(e.name))
  .map((e) => e.name);
/** The docs shorten paths inside these folders (`core/spec/resolve.ts`, `manifest/write.ts` in core, `vlalab/runs.py`, `trainer/loop.py`). */
const BASES = ['', 'extension/', 'extension/core/', 'python/', 'python/vlalab/', 'webview/src/'];
/** Files of RoboVLMs (its checkout, vlaLab.robovlms.path) that the docs name: not ours to find. */
const ROBOVLMS_FILES = new Set([
  'scripts/run.sh',
  'robovlms/utils/config_utils.py',
  'tools/modeling_kosmos2.py',
  'eval/calvin/evaluate_ddp-v2.py',
  'eval/calvin/model_wrapper.py',
]);

/** Backticked repository paths in a Markdown text (placeholders such as <run> and globs are skipped). */
function repoPaths(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/`([^`\s]+)`/g)) {
    const p = m[1].replace(/[.,;:)]+$/, '').replace(/:\d+(:\d+)?$/, '');
    if (/[<>*…{}$|]|^[~/.]|^[a-z]+:/i.test(p) || !p.includes('/')) continue;
    if (TOP.some((t) => p.startsWith(`${t}/`)) || /\.(ts|mjs|py|sh|ipynb)$/.test(p)) out.push(p);
  }
  return out;
}

test('every repository path the docs name in backticks exists', () => {
  const missing: string[] = [];
  let checked = 0;
  for (const doc of DOCS) {
    for (const p of repoPaths(readFileSync(join(root, doc), 'utf8'))) {
      if (ROBOVLMS_FILES.has(p)) continue;
      checked++;
      if (!BASES.some((b) => existsSync(join(root, b + p)))) missing.push(`${doc}: \`${p}\``);
    }
  }
  assert.deepEqual(missing, []);
  assert.ok(checked > 50, `only ${checked} paths found: is the scan still matching the docs?`);
});

test('the check finds a missing file, and skips placeholders and run-folder paths', () => {
  assert.deepEqual(
    repoPaths('see `extension/core/nowhere.ts`, `runs/<experiment>/<id>/`, `checkpoints/index.json`, `python -m vlalab`, `core/spec/*.ts`'),
    ['extension/core/nowhere.ts'],
  );
  assert.ok(!existsSync(join(root, 'extension/core/nowhere.ts')));
});

test("RoboVLMs' files the docs name are not in this repository", () => {
  for (const p of ROBOVLMS_FILES)
    assert.ok(!BASES.some((b) => existsSync(join(root, b + p))), `${p} exists here: drop it from ROBOVLMS_FILES`);
});
