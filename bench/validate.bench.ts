/**
 * Spec validation speed and CLI start-up time.
 *   node scripts/build.mjs && node --import tsx bench/validate.bench.ts
 * 1. validateSpecText (parse + ajv schema + semantic rules) on a ~500-line spec: first call and the
 *    median/p95 of 1000 calls after 100 warm-up calls. The validator is ajv's standalone code
 *    (scripts/gen-validators.mjs); what compiling the schema at run time would cost instead (as
 *    the CLI did before) is measured beside it.
 * 2. `node dist/cli.js --version` and `node dist/cli.js validate` of two examples, median of N
 *    spawns, against `node -e 0` measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { experimentSchema, parseSpecText, schemaDiagnostics, validateSpecText, type SpecContext } from '../extension/core/spec';

const root = join(__dirname, '..');
const ctx: SpecContext = { baseDir: root, dirExists: () => true, fileExists: () => true };

/** A realistic large spec: the GPT example with a long post-train recipe and many evaluations. */
function bigSpec(): string {
  const spec = JSON.parse(readFileSync(join(root, 'examples/policy-head-gpt.vla.json'), 'utf8'));
  const tasks = ['open_drawer', 'close_drawer', 'move_slider_left', 'move_slider_right', 'turn_on_led', 'turn_off_led'];
  const embodiments = ['camera-shift', 'action-scale', 'mirrored', 'no-gripper-cam'];
  spec.data = { recipe: 'post-train', stages: [] };
  for (let i = 0; i < 5; i++) {
    spec.data.stages.push({
      name: `stage-${i}`,
      datasets: embodiments.map((e, j) => ({ type: 'playtable', embodiment: e, tasks, episodes: 32, seed: i * 10 + j, weight: 1 })),
      steps: 1000,
    });
  }
  spec.eval = Array.from({ length: 8 }, (_, i) => ({
    benchmark: 'playtable',
    chains: 50,
    chain_length: 5,
    tasks: tasks.slice(0, 3),
    seed: 1000 + i,
    videos: 2,
  }));
  return JSON.stringify(spec, null, 2);
}

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)] };
}

function time(fn: () => void, n: number, warmup: number): { median: number; p95: number } {
  for (let i = 0; i < warmup; i++) fn();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    xs.push(performance.now() - t);
  }
  return stats(xs);
}

async function main(): Promise<void> {
  const text = bigSpec();
  const lines = text.split('\n').length;
  const t0 = performance.now();
  const first = validateSpecText(text, ctx);
  const cold = performance.now() - t0;
  // What the standalone validator saves: compiling the schema with the same ajv options, first time
  // in this process (as a CLI run paid it) and the median of 5 more.
  const { createAjv } = await import(pathToFileURL(join(root, 'scripts/gen-validators.mjs')).href);
  const c0 = performance.now();
  createAjv().compile(experimentSchema);
  const compileFirst = performance.now() - c0;
  const compileAgain = time(() => createAjv().compile(experimentSchema), 5, 0);
  if (first.errors) throw new Error(`the bench spec is invalid: ${first.diagnostics[0].message}`);
  const full = time(() => validateSpecText(text, ctx), 1000, 100);
  const parse = time(() => parseSpecText(text), 1000, 100);
  const doc = parseSpecText(text);
  const schema = time(() => schemaDiagnostics(doc), 1000, 100);
  const baseline = time(() => JSON.parse(text), 1000, 100);
  const f = (x: number) => `${x.toFixed(3)} ms`;
  console.log(`validate a ${lines}-line spec (${text.length} bytes):`);
  console.log(`  first call (standalone validator, nothing compiled): ${f(cold)}`);
  console.log(
    `  compiling the schema with ajv at run time instead (the CLI's start-up before): first ${f(compileFirst)}, then median ${f(compileAgain.median)}`,
  );
  console.log(`  parse + schema + rules: median ${f(full.median)}, p95 ${f(full.p95)}`);
  console.log(`    parse (jsonc-parser tree + value): median ${f(parse.median)}`);
  console.log(`    schema (ajv + mapping):           median ${f(schema.median)}`);
  console.log(
    `  baseline JSON.parse of the same text: median ${f(baseline.median)} (validate = ${(full.median / baseline.median).toFixed(1)}× JSON.parse)`,
  );

  const cli = join(root, 'dist/cli.js');
  if (!existsSync(cli)) {
    console.log('\nCLI start-up: skipped (dist/cli.js missing: run node scripts/build.mjs first)');
  } else {
    const N = Number(process.env.BENCH_SPAWNS ?? 15);
    const spawnMs = (args: string[]) => {
      const xs: number[] = [];
      for (let i = 0; i < N + 2; i++) {
        const t = performance.now();
        const p = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
        if (p.status !== 0) throw new Error(`${args.join(' ')} exited ${p.status}: ${p.stderr}`);
        if (i >= 2) xs.push(performance.now() - t); // the first two warm the file cache
      }
      return stats(xs).median;
    };
    const base = spawnMs(['-e', '0']);
    const version = spawnMs([cli, '--version']);
    const row = (label: string, ms: number) =>
      console.log(`  ${label.padEnd(56)} ${ms.toFixed(1)} ms (${(ms / base).toFixed(2)}× baseline, +${(ms - base).toFixed(1)} ms)`);
    console.log(`\nCLI start-up (median of ${N} spawns):`);
    console.log(`  ${'node -e 0 (baseline):'.padEnd(56)} ${base.toFixed(1)} ms`);
    row('vla-lab --version:', version);
    for (const example of ['examples/one-step-continuous.vla.json', 'examples/quickstart.vla.json']) {
      row(`vla-lab validate ${example}:`, spawnMs([cli, 'validate', example]));
    }
  }
}

void main();
