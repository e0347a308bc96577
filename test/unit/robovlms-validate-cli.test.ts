/**
 * `vla-lab validate` on RoboVLMs configs: a JSON file with a top-level `robovlm_name` gets the
 * RoboVLMs lint (as in the editor), not the experiment spec's schema and rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../extension/cli/main';

const fixtures = join(__dirname, '..', 'fixtures', 'robovlms');
const KOSMOS = 'finetune_kosmos_cont-lstm-post_full-ft_text_vision_wd-0_ws-8_act-10.json';
const LLAVA = 'finetune_llava-mpt-7b_cont-lstm-post_ful_ft_wd=0_hist-8_act-10.json';

async function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { cwd, env, out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out, err };
}

test('a RoboVLMs config gets the RoboVLMs lint, with no spec-schema errors', async () => {
  const r = await run(['validate', KOSMOS], fixtures);
  assert.equal(r.code, 0, r.err.join('\n'));
  assert.ok(r.out.length > 0);
  for (const line of r.out) assert.match(line, new RegExp(`^${KOSMOS.replace(/[.]/g, '\\.')}:\\d+:\\d+: (info|warning) robovlms/`), line);
  assert.ok(
    r.out.some((l) => l.includes(':20:18: info robovlms/ignored-optimizer:')),
    'optimizer "adam" is reported where it is written',
  );
  assert.ok(r.out.some((l) => l.includes('warning robovlms/ignored-grad-clip')));
  assert.equal(r.err.at(-1), '1 file checked: 0 errors, 2 warnings, 5 infos');
});

test('a RoboVLMs error fails validate (exit 1), as it would fail RoboVLMs', async () => {
  const r = await run(['validate', LLAVA], fixtures);
  assert.equal(r.code, 1);
  assert.ok(
    r.out.some((l) => / error robovlms\/missing-key: /.test(l)),
    r.out.join('\n'),
  );
  assert.ok(!r.out.some((l) => l.includes('schema/')));
});

test('a directory holds specs and RoboVLMs configs; each gets its own checker; --json too', async (t) => {
  const d = mkdtempSync(join(tmpdir(), 'vla-validate-robovlms-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  copyFileSync(join(fixtures, KOSMOS), join(d, 'kosmos.json'));
  writeFileSync(join(d, 'broken.json'), '{\n  "robovlm_name": "RoboKosMos",\n}\n');
  writeFileSync(join(d, 'other.json'), '{"name": "not a config"}\n');
  writeFileSync(join(d, 'bad.vla.json'), '{\n  "name": "bad",\n  "policy": {"formulation": "interleave"}\n}\n');
  const r = await run(['validate', '.'], d);
  assert.equal(r.code, 1);
  assert.equal(r.err.at(-1), '3 files checked: 3 errors, 2 warnings, 5 infos');
  assert.ok(
    r.out.some((l) => l.startsWith('bad.vla.json:3:') && l.includes('error schema/enum')),
    r.out.join('\n'),
  );
  assert.ok(
    r.out.some((l) => l.startsWith('broken.json:3:1: error robovlms/json-syntax:')),
    r.out.join('\n'),
  );
  assert.ok(!r.out.some((l) => l.startsWith('other.json')), 'a JSON file without robovlm_name is neither');
  const j = await run(['validate', '--json', 'kosmos.json'], d);
  const report = JSON.parse(j.out.join('\n'));
  assert.equal(report[0].file, 'kosmos.json');
  assert.ok(report[0].diagnostics.every((x: { code: string }) => x.code.startsWith('robovlms/')));
});

test('--robovlms-path resolves "parent" where RoboVLMs runs; a missing parent is one error', async (t) => {
  const d = mkdtempSync(join(tmpdir(), 'vla-validate-parent-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  writeFileSync(
    join(d, 'child.json'),
    JSON.stringify({ robovlm_name: 'RoboKosMos', parent: 'configs/base.json', learning_rate: 1e-4 }, null, 4) + '\n',
  );
  const missing = await run(['validate', 'child.json', '--robovlms-path', d], d);
  assert.equal(missing.code, 1);
  assert.ok(
    missing.out.some((l) => l.includes('robovlms/parent-not-found')),
    missing.out.join('\n'),
  );
});
