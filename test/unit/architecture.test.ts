/**
 * The layering rules of docs/ARCHITECTURE.md, checked on the source: the core never imports
 * `vscode`, the shared message contract imports only itself (and, type-only, the types generated
 * from the schemas), webviews never import Node or vscode (nor core code beyond pure modules such
 * as the EMA, which the results webview bundles),
 * and the CLI never imports the VS Code glue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  const abs = join(root, dir);
  try {
    statSync(abs);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(p));
    else if (entry.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs: string[] = [];
  const re =
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(re)) specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return specs;
}

function resolvesInto(file: string, spec: string, dir: string): boolean {
  if (!spec.startsWith('.')) return false;
  const target = relative(root, join(root, file, '..', spec));
  return target === dir || target.startsWith(dir + '/');
}

const NODE_BUILTINS = /^(node:|fs$|path$|child_process$|os$|crypto$|net$|http$|https$|url$|util$|stream$|worker_threads$)/;

test('extension/core never imports vscode or the glue', () => {
  for (const f of tsFiles('extension/core')) {
    for (const s of importsOf(f)) {
      assert.notEqual(s, 'vscode', `${f} imports vscode`);
      assert.ok(!resolvesInto(f, s, 'extension/vscode'), `${f} imports the VS Code glue (${s})`);
      assert.ok(!resolvesInto(f, s, 'extension/cli'), `${f} imports the CLI (${s})`);
    }
  }
});

/** Specifiers of `import type … from '…'` / `export type … from '…'` (erased at build). */
function typeOnlyImportsOf(file: string): Set<string> {
  const text = readFileSync(join(root, file), 'utf8');
  return new Set([...text.matchAll(/(?:import|export)\s+type\s[^'"]*?from\s*['"]([^'"]+)['"]/g)].map((m) => m[1]));
}

test('extension/shared imports nothing outside itself but, type-only, the generated schema types', () => {
  for (const f of tsFiles('extension/shared')) {
    const typeOnly = typeOnlyImportsOf(f);
    for (const s of importsOf(f)) {
      if (typeOnly.has(s) && resolvesInto(f, s, 'extension/core/generated')) continue;
      assert.ok(s.startsWith('.') && resolvesInto(f, s, 'extension/shared'), `${f} imports ${s}`);
    }
  }
});

test('the CLI never imports vscode or the glue', () => {
  for (const f of tsFiles('extension/cli')) {
    for (const s of importsOf(f)) {
      assert.notEqual(s, 'vscode', `${f} imports vscode`);
      assert.ok(!resolvesInto(f, s, 'extension/vscode'), `${f} imports the VS Code glue (${s})`);
    }
  }
});

/** The file a relative specifier names (`./x` → `./x.ts` or `./x/index.ts`), or undefined. */
function resolveFile(file: string, spec: string): string | undefined {
  const base = relative(root, join(root, file, '..', spec));
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(join(root, candidate)).isFile()) return candidate;
    } catch {
      /* not this one */
    }
  }
  return undefined;
}

/**
 * A core module a webview may bundle: pure code that runs in a browser — it imports nothing but
 * other such core modules and the shared message contract that webviews import themselves (no Node
 * builtins, no npm packages, no vscode), checked transitively.
 */
function browserSafeCore(file: string, seen = new Set<string>()): string | undefined {
  if (seen.has(file)) return undefined;
  seen.add(file);
  for (const s of importsOf(file)) {
    const target = s.startsWith('.') ? resolveFile(file, s) : undefined;
    if (target?.startsWith('extension/shared/')) continue; // self-contained: the test of extension/shared above
    if (!target || !target.startsWith('extension/core/')) return `${file} imports ${s}`;
    const why = browserSafeCore(target, seen);
    if (why) return why;
  }
  return undefined;
}

test('webviews import neither Node, vscode, nor extension code other than the shared contract and pure core modules', () => {
  const coreUsed: string[] = [];
  for (const f of tsFiles('webview/src')) {
    for (const s of importsOf(f)) {
      assert.notEqual(s, 'vscode', `${f} imports vscode`);
      assert.ok(!NODE_BUILTINS.test(s), `${f} imports the Node builtin ${s}`);
      if (resolvesInto(f, s, 'extension') && !resolvesInto(f, s, 'extension/shared')) {
        const target = resolveFile(f, s);
        assert.ok(
          target && resolvesInto(f, s, 'extension/core') && !resolvesInto(f, s, 'extension/core/generated'),
          `${f} imports extension code ${s}`,
        );
        const why = browserSafeCore(target);
        assert.equal(why, undefined, `${f} imports ${s}, which is not a pure core module: ${why}`);
        coreUsed.push(target);
      }
    }
  }
  // The one EMA: the results webview smooths with the core's implementation, not a copy.
  assert.ok(
    coreUsed.includes('extension/core/metrics/smoothing.ts'),
    'the results webview smooths with extension/core/metrics/smoothing.ts',
  );
});

test('only webview/src/ui/toolkit.ts imports the webview UI toolkit', () => {
  for (const f of tsFiles('webview/src')) {
    if (f === 'webview/src/ui/toolkit.ts') continue;
    for (const s of importsOf(f)) assert.ok(!s.startsWith('@vscode/webview-ui-toolkit'), `${f} imports ${s}`);
  }
});
