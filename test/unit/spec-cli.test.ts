/**
 * `vla-lab validate | expand | schema`, called through main() with captured output, and once as a
 * real process to check that bad input never prints a stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../extension/cli/main';
import { repoRoot } from './spec-helpers';
import { tempDir } from './tmp-helpers';

async function run(args: string[], cwd = repoRoot) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd, env: {}, out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n'), errLines: err };
}

const tmp = tempDir('vla-spec-cli-');
writeFileSync(join(tmp, 'bad.vla.json'), '{\n  "name": "bad",\n  "policy": {"formulation": "interleave"}\n}\n');
writeFileSync(join(tmp, 'broken.vla.json'), '{\n  "name": "broken",\n');
writeFileSync(join(tmp, 'warn.vla.json'), JSON.stringify({ name: 'warn', policy: { formulation: 'one-step', history: 4 } }));
mkdirSync(join(tmp, 'sub'));
writeFileSync(join(tmp, 'sub', 'ok.vla.json'), JSON.stringify({ name: 'ok' }));

test('validate: one line per problem as file:line:col: severity code: message, exit 1 on errors', async () => {
  const r = await run(['validate', 'bad.vla.json'], tmp);
  assert.equal(r.code, 1);
  assert.equal(
    r.out,
    'bad.vla.json:3:29: error schema/enum: "interleave" is not a valid policy.formulation: did you mean "interleaved"? Allowed: "one-step", "interleaved" or "policy-head".',
  );
  assert.equal(r.err, '1 file checked: 1 error, 0 warnings, 0 infos');
});

test('validate: warnings alone exit 0; the examples directory validates', async () => {
  const w = await run(['validate', 'warn.vla.json'], tmp);
  assert.equal(w.code, 0);
  assert.match(w.out, /^warn\.vla\.json:1:\d+: warning spec\/history-ignored: /);
  const ex = await run(['validate', 'examples'], repoRoot);
  assert.equal(ex.code, 0, ex.out);
  assert.match(ex.err, /^\d+ files checked: 0 errors/);
});

test('validate --json: an array of {file, diagnostics}', async () => {
  const r = await run(['validate', '--json', 'bad.vla.json', 'sub'], tmp);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.out);
  assert.deepEqual(
    report.map((x: any) => x.file),
    ['bad.vla.json', join('sub', 'ok.vla.json')],
  );
  assert.equal(report[0].diagnostics[0].code, 'schema/enum');
  assert.equal(report[0].diagnostics[0].pointer, '/policy/formulation');
  assert.deepEqual(report[0].diagnostics[0].range.start, { line: 3, column: 29 });
  assert.deepEqual(report[1].diagnostics, []);
});

test('validate: invalid JSON, unreadable files and unknown flags are one clear line each', async () => {
  const broken = await run(['validate', 'broken.vla.json'], tmp);
  assert.equal(broken.code, 1);
  assert.match(broken.out, /^broken\.vla\.json:3:1: error json\/parse: Invalid JSON: /);
  const missing = await run(['validate', 'nope.vla.json'], tmp);
  assert.equal(missing.code, 1);
  assert.equal(missing.errLines[0], 'vla-lab: cannot read nope.vla.json: no such file');
  const flag = await run(['validate', '--strict', 'bad.vla.json'], tmp);
  assert.equal(flag.code, 2, 'a usage error, like an unknown command');
  assert.equal(flag.err, "vla-lab: validate: Unknown option '--strict' (see 'vla-lab validate --help')");
  const none = await run(['validate'], tmp);
  assert.equal(none.code, 1);
  assert.match(none.err, /^vla-lab: validate: give one or more/);
});

test('expand: points, exclusions and drops with reasons; --json', async () => {
  const r = await run(['expand', 'examples/moe-sweep.vla.json']);
  assert.equal(r.code, 0);
  assert.equal(r.out.split('\n').filter((l) => l.startsWith('point ')).length, 8);
  assert.equal(r.out.split('\n').filter((l) => l.startsWith('excluded ')).length, 2);
  assert.match(
    r.out,
    /dropped {2}moe-sweep--id_tiny-xattn--formulation_interleaved--head\.type_mlp\n {11}spec\/interleaved-needs-decoder: /,
  );
  assert.equal(r.err, '12 points: 8 valid, 2 excluded, 2 dropped');
  const j = JSON.parse((await run(['expand', '--json', 'examples/moe-sweep.vla.json'])).out);
  assert.equal(j.total, 12);
  assert.equal(j.points[0].spec.name, j.points[0].name);
  assert.equal(j.points[0].spec.sweep, undefined);
  assert.ok(j.dropped[0].reasons[0].startsWith('spec/interleaved-needs-decoder'));
  const broken = await run(['expand', 'broken.vla.json'], tmp);
  assert.equal(broken.code, 1);
  assert.match(broken.err, /^vla-lab: expand: broken\.vla\.json:3:1: error json\/parse: /);
  const bad = await run(['expand', 'bad.vla.json'], tmp);
  assert.equal(bad.code, 1, 'no valid point');
  assert.match(bad.out, /^dropped {2}bad\n/);
});

test('schema: prints the bundled schema; an unknown name lists the valid ones', async () => {
  const r = await run(['schema', 'experiment']);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.out), JSON.parse(readFileSync(join(repoRoot, 'schemas/experiment.schema.json'), 'utf8')));
  for (const n of ['events', 'run', 'robovlms-config'])
    assert.equal(JSON.parse((await run(['schema', n])).out).$schema, 'http://json-schema.org/draft-07/schema#');
  const bad = await run(['schema', 'nope']);
  assert.equal(bad.code, 1);
  assert.equal(bad.err, "vla-lab: schema: unknown schema 'nope'; valid names: experiment, events, run, robovlms-config, manifest");
});

test('as a process: bad input gives one line on stderr and no stack trace', () => {
  const cases: [string[], RegExp][] = [
    [['validate', join(tmp, 'missing.vla.json')], /cannot read .*missing\.vla\.json: no such file/],
    [['expand', join(tmp, 'broken.vla.json')], /json\/parse/],
    [['schema', 'x'], /valid names/],
    [['validate', '--nope'], /Unknown option '--nope'/],
  ];
  for (const [args, re] of cases) {
    const p = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'extension/cli/main.ts'), ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.notEqual(p.status, 0, args.join(' '));
    assert.match(p.stderr, re);
    assert.doesNotMatch(p.stderr, /\n\s+at /, 'no stack trace');
  }
});
