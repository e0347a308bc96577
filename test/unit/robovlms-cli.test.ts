/** `vla-lab import | compile --target robovlms | effective`, run through main() with captured output. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../extension/cli/main';
import { parseJson } from '../../extension/core/robovlms';

const fixtures = join(__dirname, '..', 'fixtures', 'robovlms');
const KOSMOS = 'finetune_kosmos_cont-lstm-post_full-ft_text_vision_wd-0_ws-8_act-10.json';

async function run(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd, env: {}, out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tmp(t: { after(fn: () => void): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'vla-cli-robovlms-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

test('import writes a *.vla.json and compile gives the config back', async (t) => {
  const d = tmp(t);
  copyFileSync(join(fixtures, KOSMOS), join(d, 'kosmos.json'));
  const imp = await run(['import', 'kosmos.json', '--name', 'kosmos-ph'], d);
  assert.equal(imp.code, 0, imp.err);
  assert.match(imp.out, /wrote .*kosmos-ph\.vla\.json/);
  const spec = JSON.parse(readFileSync(join(d, 'kosmos-ph.vla.json'), 'utf8'));
  assert.equal(spec.name, 'kosmos-ph');
  assert.equal(spec.backend, 'robovlms');

  const printed = await run(['compile', 'kosmos-ph.vla.json', '--target', 'robovlms'], d);
  assert.equal(printed.code, 0, printed.err);
  assert.deepStrictEqual(parseJson(printed.out).value, parseJson(readFileSync(join(d, 'kosmos.json'), 'utf8')).value);

  const written = await run(['compile', 'kosmos-ph.vla.json', '--target', 'robovlms', '-o', 'back.json'], d);
  assert.equal(written.code, 0, written.err);
  assert.equal(
    JSON.stringify(parseJson(readFileSync(join(d, 'back.json'), 'utf8')).value),
    JSON.stringify(parseJson(readFileSync(join(d, 'kosmos.json'), 'utf8')).value),
  );

  // No silent overwrite.
  const again = await run(['import', 'kosmos.json', '--name', 'kosmos-ph'], d);
  assert.equal(again.code, 1);
  assert.match(again.err, /exists; pass --force/);
  assert.equal((await run(['import', 'kosmos.json', '--name', 'kosmos-ph', '--force'], d)).code, 0);
});

test('import names the spec after the file by default and can print to stdout', async (t) => {
  const d = tmp(t);
  const r = await run(['import', join(fixtures, 'finetune_llava-mpt-7b_cont-lstm-post_ful_ft_wd=0_hist-8_act-10.json'), '-o', '-'], d);
  assert.equal(r.code, 0, r.err);
  const spec = JSON.parse(r.out);
  assert.equal(spec.name, 'finetune_llava-mpt-7b_cont-lstm-post_ful_ft_wd-0_hist-8_act-10');
  assert.equal(spec.backbone.id, 'llava-7b');
  assert.ok(!existsSync(join(d, `${spec.name}.vla.json`)));
});

test('effective prints the merged config; --mode eval honours __override__', async (t) => {
  const d = tmp(t);
  writeFileSync(join(d, 'base.json'), JSON.stringify({ robovlm_name: 'RoboKosMos', trainer: { max_epochs: 5, max_steps: -1 } }));
  writeFileSync(join(d, 'child.json'), JSON.stringify({ parent: 'base.json', trainer: { __override__: true, max_epochs: 1 } }));
  const train = await run(['effective', 'child.json'], d);
  assert.equal(train.code, 0, train.err);
  assert.deepStrictEqual(JSON.parse(train.out), {
    robovlm_name: 'RoboKosMos',
    trainer: { max_epochs: 1, max_steps: -1, __override__: true },
    parent: 'base.json',
  });
  const ev = await run(['effective', 'child.json', '--mode', 'eval', '--cwd', d], '/');
  assert.equal(ev.code, 1, 'the config path is relative to the shell, not --cwd');
  const ev2 = await run(['effective', join(d, 'child.json'), '--mode', 'eval', '--cwd', d], '/');
  assert.equal(ev2.code, 0, ev2.err);
  assert.deepStrictEqual(JSON.parse(ev2.out).trainer, { max_epochs: 1 });
});

test('bad input: one line on stderr, non-zero exit, no stack trace', async (t) => {
  const d = tmp(t);
  writeFileSync(join(d, 'bad.json'), '{ "robovlm_name": "RoboKosMos", }');
  writeFileSync(join(d, 'cycle.json'), '{ "parent": "cycle.json" }');
  writeFileSync(join(d, 'bad.vla.json'), '{ "name": "x y" }');
  writeFileSync(join(d, 'tiny.vla.json'), '{ "name": "x", "backbone": { "id": "tiny-prefix" } }');
  const cases: [string[], RegExp][] = [
    [['import', 'missing.json'], /no such file/],
    [['import', 'bad.json'], /not valid JSON/],
    [['import'], /exactly one/],
    [['import', 'bad.json', '--bogus'], /Unknown option/],
    [['effective', 'cycle.json'], /parent cycle/],
    [['effective', 'bad.json', '--mode', 'test'], /--mode must be train or eval/],
    [['compile', 'bad.vla.json', '--target', 'robovlms'], /\/name/],
    [['compile', 'tiny.vla.json', '--target', 'robovlms'], /not a RoboVLMs backbone/],
    [['compile', 'tiny.vla.json'], /--target must be robovlms/],
    [['compile', 'nothere.vla.json', '--target', 'robovlms'], /cannot read/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args, d);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.err, re, args.join(' '));
    assert.equal(r.err.split('\n').length, 1, `${args.join(' ')}: ${r.err}`);
    assert.ok(!/\n\s+at /.test(r.err) && !r.err.includes('internal error'), r.err);
  }
});

test('--help for each command', async () => {
  for (const c of ['import', 'compile', 'effective']) {
    const r = await run([c, '--help'], '/');
    assert.equal(r.code, 0);
    assert.match(r.out, new RegExp(`usage: vla-lab ${c}`));
  }
});
