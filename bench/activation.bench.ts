/**
 * Activation cost of the extension and the size of its bundles.
 *
 * Each sample is a fresh Node process (cold module cache) that installs the hand-written `vscode`
 * mock (test/unit/vscode-mock.ts), requires the bundled dist/extension.js and awaits activate().
 * The baseline, measured in the same processes, is what activation would cost if it loaded the
 * spec core eagerly: requiring core/spec (with its generated standalone validator) and checking
 * one spec (the work the lazy design postpones until the first spec is checked).
 *
 *   node scripts/build.mjs && node --import tsx bench/activation.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const root = join(__dirname, '..');
const dist = join(root, 'dist');
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 7);

if (!existsSync(join(dist, 'extension.js'))) {
  console.error('dist/extension.js is missing: run `node scripts/build.mjs` first');
  process.exit(1);
}

// The children run plain `node` (a TypeScript loader would slow every require it sees): the mock
// and the spec core are bundled to JavaScript first, the way dist/extension.js is.
const tmp = mkdtempSync(join(tmpdir(), 'vla-act-bench-'));
const bundle = (entry: string, out: string) =>
  buildSync({
    entryPoints: [join(root, entry)],
    outfile: join(tmp, out),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'error',
  });
bundle('test/unit/vscode-mock.ts', 'mock.js');
bundle('extension/core/spec/index.ts', 'spec.js');

const child = `
const { performance } = require('node:perf_hooks');
const { createVscodeMock, installVscodeMock } = require(${JSON.stringify(join(tmp, 'mock.js'))});
const os = require('node:os'), fs = require('node:fs'), path = require('node:path');
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'vla-act-'));
const m = createVscodeMock({ trusted: true, workspace: ws, extensionPath: ${JSON.stringify(root)} });
installVscodeMock(m.vscode);
(async () => {
  const t0 = performance.now();
  const ext = require(${JSON.stringify(join(dist, 'extension.js'))});
  const t1 = performance.now();
  await ext.activate(m.context);
  const t2 = performance.now();
  const spec = require(${JSON.stringify(join(tmp, 'spec.js'))});
  const t3 = performance.now();
  spec.validateSpecText('{"name":"x"}', spec.diskContext(ws));
  const t4 = performance.now();
  const nCommands = m.state.commands.size;
  const line = (m.state.logLines.find((l) => /activated in/.test(l)) || '');
  const composer = Number((/probe modules ([0-9.]+) ms/.exec(line) || [])[1] || NaN);
  for (const d of m.context.subscriptions) { try { d.dispose(); } catch {} }
  fs.rmSync(ws, { recursive: true, force: true });
  console.log(JSON.stringify({ require: t1 - t0, activate: t2 - t1, total: t2 - t0, eagerCore: (t3 - t2) + (t4 - t3), commands: nCommands, composer }));
  process.exit(0);
})();
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const samples: { require: number; activate: number; total: number; eagerCore: number; commands: number; composer: number }[] = [];
for (let i = 0; i < SAMPLES; i++) {
  const r = spawnSync(process.execPath, ['-e', child], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(r.stderr || r.stdout);
    process.exit(1);
  }
  samples.push(JSON.parse(r.stdout.trim().split('\n').pop() as string));
}

rmSync(tmp, { recursive: true, force: true });

const total = median(samples.map((s) => s.total));
const eager = median(samples.map((s) => s.eagerCore));
console.log(`activation (require dist/extension.js + activate(), median of ${SAMPLES} cold processes):`);
console.log(
  `  require ${median(samples.map((s) => s.require)).toFixed(1)} ms, activate ${median(samples.map((s) => s.activate)).toFixed(1)} ms, total ${total.toFixed(1)} ms (target < 50 ms); ${samples[0].commands} commands registered`,
);
console.log(
  `  of which loading the composer and probe modules (the composer loads the spec core): ${median(samples.map((s) => s.composer)).toFixed(1)} ms`,
);
console.log(
  `  baseline: loading the spec core eagerly and checking one spec would add ${eager.toFixed(1)} ms (activation = ${(total / eager).toFixed(2)}× that)`,
);

console.log('bundle sizes (as built; `node scripts/build.mjs --production` minifies):');
const files = [
  'extension.js',
  ...readdirSync(join(dist, 'webview'))
    .filter((f) => /\.(js|css)$/.test(f))
    .map((f) => `webview/${f}`),
];
for (const f of files) {
  const p = join(dist, f);
  if (!existsSync(p)) continue;
  const size = statSync(p).size;
  const gz = gzipSync(readFileSync(p)).length;
  console.log(`  dist/${f.padEnd(22)} ${(size / 1024).toFixed(1).padStart(8)} KiB  (gzip ${(gz / 1024).toFixed(1)} KiB)`);
}
