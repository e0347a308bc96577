/**
 * runner/preflight.ts on fake directories, with an interpreter double (test/fixtures/workers/
 * preflight_python.py) whose importable modules the test chooses.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { enforcePreflight, formatPreflightProblem, preflight, type PreflightInput } from '../../extension/core/runner/preflight';
import { tempDir } from './tmp-helpers';

const DOUBLE = path.resolve('test/fixtures/workers/preflight_python.py');
const GiB = 2 ** 30;

function tmp(): string {
  return tempDir('vla-preflight-');
}

function spec(datasets: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'pf',
    backbone: { id: 'tiny-prefix', size: 'nano' },
    data: { stages: [{ name: 'ft', datasets, steps: 5 }] },
    eval: [],
    ...extra,
  };
}

function input(
  s: Record<string, unknown>,
  dir: string,
  extra: Partial<PreflightInput> = {},
  env: Record<string, string> = {},
): PreflightInput {
  return {
    spec: s,
    specDir: dir,
    python: DOUBLE,
    runsRoot: dir,
    cacheFile: null,
    gpus: () => [],
    freeBytes: () => 1000 * GiB,
    env: { ...process.env, FAKE_PRESENT: 'numpy,transformers,peft,pyarrow,av', ...env },
    ...extra,
  };
}

/** A CALVIN-layout split with its two index files (contents do not matter to preflight). */
function calvinSplit(root: string, split = 'training'): void {
  fs.mkdirSync(path.join(root, split, 'lang_annotations'), { recursive: true });
  fs.writeFileSync(path.join(root, split, 'ep_start_end_ids.npy'), 'x');
  fs.writeFileSync(path.join(root, split, 'lang_annotations', 'auto_lang_ann.npy'), 'x');
}

/** A safetensors file with one F32 tensor of `n` values; `cut` bytes removed from the end. */
function safetensors(file: string, n: number, cut = 0): void {
  const header = Buffer.from(JSON.stringify({ 'model.embed_tokens.weight': { dtype: 'F32', shape: [n], data_offsets: [0, 4 * n] } }));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  const all = Buffer.concat([len, header, Buffer.alloc(4 * n)]);
  fs.writeFileSync(file, all.subarray(0, all.length - cut));
}

test('data: a complete CALVIN split and Playtable data to be generated pass; a missing path, split or index file is one error line each', () => {
  const dir = tmp();
  calvinSplit(path.join(dir, 'good'));
  const ok = preflight(
    input(
      spec([
        { type: 'calvin', path: 'good' },
        { type: 'playtable', tasks: ['open_drawer'] },
      ]),
      dir,
    ),
  );
  assert.deepEqual(ok, []);

  const missing = preflight(input(spec([{ type: 'calvin', path: 'nowhere' }]), dir));
  assert.equal(missing.length, 1);
  assert.equal(missing[0].severity, 'error');
  assert.match(
    formatPreflightProblem(missing[0]),
    /^preflight error \(data\): data\.stages\[0\]\.datasets\[0\]: .*nowhere is not a directory — fix: point/,
  );

  calvinSplit(path.join(dir, 'noval'));
  const split = preflight(input(spec([{ type: 'calvin', path: 'noval', split: 'validation' }]), dir));
  assert.match(split[0].message, /noval\/validation does not exist/);

  calvinSplit(path.join(dir, 'partial'));
  fs.rmSync(path.join(dir, 'partial', 'training', 'lang_annotations', 'auto_lang_ann.npy'));
  const partial = preflight(input(spec([{ type: 'calvin', path: 'partial' }]), dir));
  assert.equal(partial.length, 1);
  assert.match(partial[0].message, /auto_lang_ann\.npy is missing/);

  const playtableGone = preflight(input(spec([{ type: 'playtable', path: 'generated-elsewhere' }]), dir));
  assert.match(playtableGone[0].fix, /remove "path" to have the run generate Playtable data/);
});

test('data: for the RoboVLMs backend a CALVIN path is the split folder itself (its data_dir); the folder above is refused with the fix', () => {
  const dir = tmp();
  calvinSplit(path.join(dir, 'calvin'));
  const dataProblems = (p: string) =>
    preflight(input(spec([{ type: 'calvin', path: p }], { backend: 'robovlms' }), dir)).filter((x) => x.check === 'data');
  assert.deepEqual(dataProblems('calvin/training'), []);
  const above = dataProblems('calvin');
  assert.equal(above.length, 1);
  assert.match(above[0].message, /RoboVLMs reads the split folder itself/);
  assert.equal(above[0].fix, `point data.stages[0].datasets[0].path at ${path.join(dir, 'calvin', 'training')}`);
  fs.rmSync(path.join(dir, 'calvin', 'training', 'ep_start_end_ids.npy'));
  assert.match(dataProblems('calvin/training')[0].message, /ep_start_end_ids\.npy is missing/);
});

test('data: a LeRobot dataset needs meta/info.json with the features its mapping names', () => {
  const dir = tmp();
  fs.mkdirSync(path.join(dir, 'lr', 'meta'), { recursive: true });
  const s = (features: unknown) => spec([{ type: 'lerobot', path: 'lr', features }], { observation: { cameras: ['static', 'gripper'] } });
  const none = preflight(input(s({}), dir)).filter((p) => p.check === 'data');
  assert.match(none[0].message, /lr\/meta\/info\.json is missing: .* is not a LeRobot dataset/);
  fs.writeFileSync(
    path.join(dir, 'lr', 'meta', 'info.json'),
    JSON.stringify({ codebase_version: 'v3.0', features: { action: {}, 'observation.images.top': {} } }),
  );
  const wrong = preflight(input(s({ cameras: { static: 'observation.images.top', gripper: 'observation.images.wrist' } }), dir)).filter(
    (p) => p.check === 'data',
  );
  assert.equal(wrong.length, 1);
  assert.match(wrong[0].message, /info\.json has no feature "observation\.images\.wrist" \(it has action, observation\.images\.top\)/);
  const unmapped = preflight(input(s({}), dir)).filter((p) => p.check === 'data');
  assert.match(
    unmapped[0].message,
    /has no feature "observation\.images\.static", "observation\.images\.gripper"/,
    "unmapped cameras take the export's names",
  );
  const both = { cameras: { static: 'observation.images.top', gripper: 'observation.images.top' } };
  assert.deepEqual(preflight(input(s(both), dir, {}, { FAKE_PRESENT: 'numpy,pyarrow,av' })), []);
  const noPyav = preflight(input(s(both), dir, {}, { FAKE_PRESENT: 'numpy,pyarrow', FAKE_MISSING: 'av' }));
  assert.match(noPyav[0].message, /^av \(PyAV\) is not importable .*LeRobot datasets \(video decoding\) needs it/);
  assert.match(noPyav[0].fix, /python\[data\]/);
});

test('data: an RLDS dataset needs dataset_info.json, every shard of its training split and the features its mapping names', () => {
  const dir = tmp();
  fs.cpSync(path.resolve('test/fixtures/rlds/playtable_rlds'), path.join(dir, 'rl'), { recursive: true });
  const s = (features: unknown) => spec([{ type: 'rlds', path: 'rl', features }], { observation: { cameras: ['static', 'gripper'] } });
  const present = { FAKE_PRESENT: 'numpy,google_crc32c,google.protobuf' };
  assert.deepEqual(preflight(input(s({}), dir, {}, present)), []);
  const wrong = preflight(input(s({ cameras: { gripper: 'observation/wrist' } }), dir, {}, present));
  assert.equal(wrong.length, 1);
  assert.match(wrong[0].message, /features\.json has no feature "observation\/wrist" \(it has .*observation\/wrist_image/);
  fs.rmSync(path.join(dir, 'rl', '1.0.0', 'playtable_rlds-train.tfrecord-00000-of-00001'));
  const shard = preflight(input(s({}), dir, {}, present));
  assert.match(shard[0].message, /playtable_rlds-train\.tfrecord-00000-of-00001 is missing \(listed in dataset_info\.json\)/);
  const noCrc = preflight(input(s({}), dir, {}, { FAKE_PRESENT: 'numpy,google.protobuf', FAKE_MISSING: 'google_crc32c' })).filter(
    (p) => p.check === 'packages',
  );
  assert.match(noCrc[0].message, /^google_crc32c is not importable .*RLDS datasets \(TFRecord checksums\) needs it/);
  const notRlds = preflight(input(spec([{ type: 'rlds', path: '.' }]), dir, {}, present));
  assert.match(notRlds[0].message, /holds no dataset_info\.json .*: it is not an RLDS dataset/);
});

test('data: an index file that cannot be read is refused', () => {
  // A folder where the file should be (a botched copy): unreadable as a file for every user, root
  // included, so the test runs the same everywhere (a chmod 000 file is readable by root).
  const dir = tmp();
  calvinSplit(path.join(dir, 'locked'));
  const f = path.join(dir, 'locked', 'training', 'ep_start_end_ids.npy');
  fs.rmSync(f);
  fs.mkdirSync(f);
  const p = preflight(input(spec([{ type: 'calvin', path: 'locked' }]), dir));
  assert.match(p[0].message, /ep_start_end_ids\.npy is not readable/);
});

test('weights: an hf: directory needs config.json and every shard its index names, none truncated', () => {
  const dir = tmp();
  const model = path.join(dir, 'model');
  fs.mkdirSync(model);
  const hf = (s: string) => spec([{ type: 'playtable' }], { backbone: { id: `hf:${s}` } });
  const weights = () => preflight(input(hf('./model'), dir)).filter((p) => p.check === 'weights');

  assert.match(weights()[0].message, /model\/config\.json is missing/);
  fs.writeFileSync(path.join(model, 'config.json'), JSON.stringify({ model_type: 'llava' }));
  assert.match(weights()[0].message, /has neither model\.safetensors nor model\.safetensors\.index\.json/);

  fs.writeFileSync(
    path.join(model, 'model.safetensors.index.json'),
    JSON.stringify({ weight_map: { a: 'model-00001-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' } }),
  );
  safetensors(path.join(model, 'model-00001-of-00002.safetensors'), 16);
  const oneShard = weights();
  assert.equal(oneShard.length, 1);
  assert.match(oneShard[0].message, /model-00002-of-00002\.safetensors is missing \(listed in model\.safetensors\.index\.json\)/);
  assert.match(oneShard[0].fix, /huggingface-cli download \.\/model --local-dir DIR/);

  safetensors(path.join(model, 'model-00002-of-00002.safetensors'), 16, 10);
  assert.match(weights()[0].message, /model-00002-of-00002\.safetensors is truncated/);
  safetensors(path.join(model, 'model-00002-of-00002.safetensors'), 16);
  assert.deepEqual(weights(), []);

  const absent = preflight(input(hf('org/not-downloaded'), dir, {}, { HF_HUB_CACHE: path.join(dir, 'hub') })).filter(
    (p) => p.check === 'weights',
  );
  assert.match(absent[0].message, /no local directory and not in the Hugging Face cache/);
});

test('packages: what the backend needs beyond torch, one line each with the install command', () => {
  const dir = tmp();
  fs.mkdirSync(path.join(dir, 'model'));
  const hfLora = spec([{ type: 'playtable' }], { backbone: { id: 'hf:./model', lora: { enabled: true } } });
  const p = preflight(input(hfLora, dir, {}, { FAKE_PRESENT: 'numpy', FAKE_MISSING: 'transformers,peft' })).filter(
    (x) => x.check === 'packages',
  );
  assert.deepEqual(
    p.map((x) => x.message.split(' ')[0]),
    ['transformers', 'peft'],
  );
  assert.match(p[0].fix, /-m pip install -e '.*python\[hf\]'/);
  // The built-in backbone needs neither: nothing to report.
  assert.deepEqual(
    preflight(input(spec([{ type: 'playtable' }]), dir, {}, { FAKE_PRESENT: 'numpy', FAKE_MISSING: 'transformers,peft' })),
    [],
  );
});

test('packages: the probe is cached until a site-packages directory changes', () => {
  const dir = tmp();
  const log = path.join(dir, 'probes.log');
  const site = path.join(dir, 'site-packages');
  fs.mkdirSync(site);
  const cacheFile = path.join(dir, 'cache', 'packages.json');
  const env = { FAKE_PRESENT: 'numpy', FAKE_PROBE_LOG: log, FAKE_SITE: site };
  const run = () => preflight(input(spec([{ type: 'playtable' }]), dir, { cacheFile }, env));
  const probes = () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
  assert.deepEqual(run(), []);
  assert.deepEqual(run(), []);
  assert.equal(probes(), 1, 'the second launch used the cached answer');
  const later = new Date(Date.now() + 5_000);
  fs.utimesSync(site, later, later); // what installing a package does to its site directory
  run();
  assert.equal(probes(), 2);
});

test('disk: checkpoints kept × bytes each against the free space; over half is a warning', () => {
  const dir = tmp();
  const s = spec([{ type: 'playtable' }], { train: { keep_checkpoints: 3 } });
  const full = preflight(input(s, dir, { freeBytes: () => 1000 }));
  assert.equal(full.length, 1);
  assert.equal(full[0].severity, 'error');
  assert.match(full[0].message, /^5 checkpoints of ~[\d.]+ [KMG]i?B .* need ~[\d.]+ [KMG]i?B; .* has 1000 B free/);
  const each = Number(/need ~([\d.]+) MiB/.exec(full[0].message)?.[1]) * 2 ** 20;
  assert.ok(each > 0, full[0].message);
  const tight = preflight(input(s, dir, { freeBytes: () => each * 1.5 }));
  assert.equal(tight[0].severity, 'warning');
  assert.deepEqual(preflight(input(s, dir, { freeBytes: () => each * 3 })), []);
});

test('gpu: the estimate against the requested GPUs: larger than any GPU is an error, not free now a warning', () => {
  const dir = tmp();
  const s = spec([{ type: 'playtable' }], { resources: { gpus: 1 } });
  const gpu = (total: number, used: number) => ({ index: 0, name: 'Fake', memoryTotalMiB: total, memoryUsedMiB: used, utilizationPct: 0 });
  const small = preflight(input(s, dir, { gpus: () => [gpu(1, 0)] }));
  assert.equal(small[0].severity, 'error');
  assert.match(small[0].message, /needs ~.* of GPU memory per process \(estimate\) but this machine's largest GPU has 1 MiB/);
  const busy = preflight(input(s, dir, { gpus: () => [gpu(80_000, 79_999)] }));
  assert.equal(busy[0].severity, 'warning');
  assert.match(busy[0].message, /free now: GPU 0: 1 MiB/);
  assert.deepEqual(preflight(input(s, dir, { gpus: () => [gpu(80_000, 0)] })), []);
  assert.deepEqual(
    preflight(input(spec([{ type: 'playtable' }]), dir, { gpus: () => [gpu(1, 0)] })),
    [],
    'a CPU run is not checked against GPUs',
  );
});

test('enforcePreflight: prints each line once, refuses on errors, passes warnings', () => {
  const lines: string[] = [];
  const warning = { severity: 'warning' as const, check: 'disk' as const, message: 'm', fix: 'f' };
  enforcePreflight([warning, warning], (l) => lines.push(l));
  assert.deepEqual(lines, ['preflight warning (disk): m — fix: f']);
  assert.throws(
    () => enforcePreflight([{ ...warning, severity: 'error' }]),
    /preflight found 1 problem that would fail the run .*--no-preflight/,
  );
});
