/**
 * The probe's ONNX path against PyTorch: the same inputs give the same outputs (1e-4), the open-loop
 * replay over a CALVIN-layout split reproduces a PyTorch replay (window building, resizing,
 * tokenisation, gripper conversion), the parameter count is torch's, and bad or mismatched
 * exports end in one UserError.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUserError } from '../../extension/core/errors';
import { LoadedPolicy, openCalvinSplit, probeInfo, probeLatency, replay, resolveSplitDir } from '../../extension/core/probe';
import { loadOrt } from '../../extension/core/probe/onnx';
import { buildTinyPolicy, noTorch, PYTHON } from './probe-helpers';

const skip = noTorch();
let dir = '';
interface Reference {
  segments: { start: number; end: number; instruction: string; tokens: number[]; chunks: number[][][] }[];
  parity: { rgb_static: number[]; tokens: number[]; attention_mask: number[]; arm: number[]; gripper: number[] };
  parameters: number;
}
let ref: Reference;

before(() => {
  if (skip) return;
  dir = buildTinyPolicy();
  ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture's export whose policy.json is changed by `edit`. */
function variant(name: string, edit: (j: Record<string, any>) => void): string {
  const d = join(dir, name);
  mkdirSync(join(d, 'export'), { recursive: true });
  copyFileSync(join(dir, 'export', 'policy.onnx'), join(d, 'export', 'policy.onnx'));
  const j = JSON.parse(readFileSync(join(dir, 'export', 'policy.json'), 'utf8'));
  edit(j);
  writeFileSync(join(d, 'export', 'policy.json'), JSON.stringify(j));
  return d;
}

async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isUserError(e), `expected a UserError, got ${String(e)}`);
    assert.match((e as Error).message, pattern);
    assert.ok(!(e as Error).message.includes('\n'), 'one line');
    return true;
  });
}

test('onnxruntime-node gives the PyTorch outputs on the same inputs (within 1e-4)', { skip }, async () => {
  const policy = await LoadedPolicy.open(dir);
  const ort = loadOrt();
  const p = ref.parity;
  const feeds = {
    rgb_static: new ort.Tensor('float32', Float32Array.from(p.rgb_static), [1, 2, 3, 16, 16]),
    tokens: new ort.Tensor('int64', BigInt64Array.from(p.tokens.map(BigInt)), [1, 8]),
    attention_mask: new ort.Tensor('int64', BigInt64Array.from(p.attention_mask.map(BigInt)), [1, 8]),
  };
  const out = await policy.opened.session.run(feeds);
  const arm = out.arm.data as Float32Array,
    grip = out.gripper.data as Float32Array;
  assert.equal(arm.length, p.arm.length);
  p.arm.forEach((v, i) => assert.ok(Math.abs(arm[i] - v) < 1e-4, `arm[${i}] ${arm[i]} vs torch ${v}`));
  p.gripper.forEach((v, i) => assert.ok(Math.abs(grip[i] - v) < 1e-4, `gripper[${i}] ${grip[i]} vs torch ${v}`));
  // And the probe's own tokenisation of the same instruction gives the ids Python fed.
  assert.deepEqual(policy.tokenize('Push the RED block, to the left!')?.ids, p.tokens);
});

test('open-loop replay reproduces the PyTorch replay frame by frame', { skip }, async () => {
  const policy = await LoadedPolicy.open(dir);
  const split = openCalvinSplit(resolveSplitDir(join(dir, 'data')), { python: PYTHON });
  assert.equal(split.annotated?.length, 3, split.annotationNote);
  assert.equal(split.annotated?.[1].task, 'push_red_block_left');
  const report = await replay(policy, split, { episodes: 3 });
  assert.equal(report.segments.length, 3);
  let worst = 0;
  report.segments.forEach((seg, i) => {
    const r = ref.segments[i];
    assert.equal(seg.instruction, r.instruction);
    assert.equal(seg.predicted.length, r.end - r.start + 1);
    seg.predicted.forEach((row, t) =>
      row.forEach((v, d) => {
        worst = Math.max(worst, Math.abs(v - r.chunks[t][0][d]));
      }),
    );
  });
  assert.ok(worst < 1e-4, `largest difference from PyTorch ${worst}`);
  // Every chunk step with a demonstration is scored: segment lengths 5, 3, 6 with chunk 3.
  const pairs = [5, 3, 6].reduce((n, len) => n + Array.from({ length: len }, (_, t) => Math.min(3, len - t)).reduce((a, b) => a + b, 0), 0);
  assert.equal(report.metrics.pairs, pairs);
  assert.equal(report.firstStepMetrics.pairs, 14);
  const g = report.metrics.gripperAccuracy;
  assert.ok(g !== null && g >= 0 && g <= 1);
});

test('the JSON sidecar of the annotations is read without Python', { skip }, async () => {
  const d = join(dir, 'sidecar');
  cpSync(join(dir, 'data', 'validation'), d, { recursive: true });
  unlinkSync(join(d, 'lang_annotations', 'auto_lang_ann.npy'));
  const noPython = openCalvinSplit(d);
  assert.equal(noPython.annotated, undefined);
  assert.match(noPython.annotationNote ?? '', /has neither lang_annotations\/auto_lang_ann\.json nor lang_annotations\/auto_lang_ann\.npy/);
  writeFileSync(
    join(d, 'lang_annotations', 'auto_lang_ann.json'),
    JSON.stringify({ language: { ann: ['open the drawer'], task: ['open_drawer'] }, info: { indx: [[0, 4]] } }),
  );
  assert.deepEqual(openCalvinSplit(d).annotated, [{ start: 0, end: 4, instruction: 'open the drawer', task: 'open_drawer' }]);
});

test('info reports shapes, the parameter count torch reports, file size and providers', { skip }, async () => {
  const info = await probeInfo(dir);
  assert.equal(info.model.parameterCount, ref.parameters);
  assert.ok(info.model.fileBytes > 1000);
  assert.deepEqual(
    info.inputs.map((i) => [i.name, i.dtype, i.shape]),
    [
      ['rgb_static', 'float32', [1, 2, 3, 16, 16]],
      ['tokens', 'int64', [1, 8]],
      ['attention_mask', 'int64', [1, 8]],
    ],
  );
  assert.deepEqual(info.manifest && [info.manifest.history, info.manifest.chunk, info.manifest.actionDim], [2, 3, 7]);
  assert.deepEqual(info.controlHz, { hz: 30, source: 'policy.json' });
  const cuda = info.providers.find((p) => p.provider === 'cuda');
  assert.equal(cuda?.available, false);
  assert.equal(
    cuda?.reason,
    'CUDA: the CUDA provider library of onnxruntime-node is not installed (npm install onnxruntime-node with its CUDA download enabled, on a machine with CUDA 12)',
  );
});

test('latency report: structure, ordered percentiles, control-rate arithmetic', { skip }, async () => {
  const r = await probeLatency(dir, { runs: 30, warmup: 3 });
  const cpu = r.results.find((x) => x.provider === 'cpu');
  assert.ok(cpu?.stats && cpu.verdict);
  const s = cpu.stats,
    v = cpu.verdict;
  assert.equal(s.runs, 30);
  assert.equal(s.warmup, 3);
  assert.ok(s.minMs <= s.p50Ms && s.p50Ms <= s.p95Ms && s.p95Ms <= s.p99Ms && s.p99Ms <= s.maxMs);
  assert.equal(v.targetHz, 30);
  assert.ok(Math.abs(v.budgetMs - 1000 / 30) < 1e-9);
  assert.ok(Math.abs(v.maxHzAtP99 - 1000 / s.p99Ms) < 1e-6);
  assert.equal(v.meetsTarget, s.p99Ms <= 1000 / 30);
  assert.deepEqual(
    r.results.find((x) => x.provider === 'cuda'),
    {
      provider: 'cuda',
      available: false,
      reason:
        'CUDA: the CUDA provider library of onnxruntime-node is not installed (npm install onnxruntime-node with its CUDA download enabled, on a machine with CUDA 12)',
    },
  );
});

test(
  "the control rate falls back to the run spec (its control_hz, else its benchmark's rate), then to CALVIN's 30 Hz",
  { skip },
  async () => {
    const d = variant('rate', (j) => {
      delete j.control_hz;
    });
    const policy = await LoadedPolicy.open(d);
    const { targetControlRate } = await import('../../extension/core/probe');
    assert.deepEqual(targetControlRate(policy), { hz: 30, source: 'default' });
    writeFileSync(join(d, 'spec.json'), JSON.stringify({ eval: [{ benchmark: 'playtable', control_hz: 12 }] }));
    assert.deepEqual(targetControlRate(policy), { hz: 12, source: 'spec' });
    // A resolved spec holds no control_hz unless the user wrote one: the benchmark's rate (Playtable 15, CALVIN 30).
    for (const [benchmark, hz, source] of [
      ['playtable', 15, 'spec'],
      ['calvin', 30, 'spec'],
      ['simpler', 30, 'default'],
    ] as const) {
      writeFileSync(join(d, 'spec.json'), JSON.stringify({ eval: [{ benchmark }] }));
      assert.deepEqual(targetControlRate(policy), { hz, source }, benchmark);
    }
  },
);

test('bad models: corrupt bytes, missing policy.json, mismatched inputs, missing fields', { skip }, async () => {
  const corrupt = variant('corrupt', () => undefined);
  writeFileSync(join(corrupt, 'export', 'policy.onnx'), Buffer.from('this is not an onnx model at all'));
  await rejects(LoadedPolicy.open(corrupt), /not a valid ONNX model/);
  await rejects(probeInfo(join(corrupt, 'export', 'policy.onnx')), /ONNX/);

  const noJson = join(dir, 'nojson');
  mkdirSync(noJson, { recursive: true });
  copyFileSync(join(dir, 'export', 'policy.onnx'), join(noJson, 'policy.onnx'));
  await rejects(LoadedPolicy.open(join(noJson, 'policy.onnx')), /No policy\.json beside policy\.onnx/);
  await rejects(probeLatency(noJson, { runs: 1, warmup: 0 }), /holds no policy\.json/);
  // A bare model is still described, with a warning.
  const bare = await probeInfo(join(noJson, 'policy.onnx'));
  assert.match(bare.warnings[0], /No policy\.json/);

  await rejects(
    LoadedPolicy.open(
      variant('renamed', (j) => {
        j.inputs[0].name = 'images';
      }),
    ),
    /input 'images' is not in the model.*input 'rgb_static' is not described/,
  );
  await rejects(
    LoadedPolicy.open(
      variant('shape', (j) => {
        j.inputs[0].shape = [1, 4, 3, 16, 16];
      }),
    ),
    /dimension 1 is 2 in the model but 4 in policy\.json/,
  );
  await rejects(
    LoadedPolicy.open(
      variant('dtype', (j) => {
        j.inputs[1].dtype = 'int32';
      }),
    ),
    /'tokens' is int64 in the model but int32/,
  );
  await rejects(
    LoadedPolicy.open(
      variant('nohistory', (j) => {
        delete j.history;
      }),
    ),
    /'history'/,
  );
  await rejects(
    LoadedPolicy.open(
      variant('badvocab', (j) => {
        j.tokenizer.vocab = 'nope';
      }),
    ),
    /tokenizer has no 'vocab'/,
  );
  await rejects(LoadedPolicy.open(variant('badjson', () => undefined).replace(/$/, '/export/missing.json')), /does not exist/);
  await rejects(
    LoadedPolicy.open(
      variant('space', (j) => {
        j.action_space = 'tokens';
      }),
    ),
    /'action_space' is 'tokens', not continuous or discrete/,
  );
  await rejects(
    LoadedPolicy.open(
      variant('nobins', (j) => {
        j.action_space = 'discrete';
      }),
    ),
    /a discrete policy needs 'discretization'/,
  );
  await rejects(
    LoadedPolicy.open(
      variant('onebin', (j) => {
        j.action_space = 'discrete';
        j.discretization = { bins: 1 };
      }),
    ),
    /'discretization\.bins' must be an integer ≥ 2/,
  );
  await rejects(
    LoadedPolicy.open(
      variant('binrange', (j) => {
        j.action_space = 'discrete';
        j.discretization = { bins: 8, min: 1, max: -1 };
      }),
    ),
    /min < max/,
  );
  await rejects(
    LoadedPolicy.open(
      variant('grip', (j) => {
        j.gripper_output = 'sigmoid';
      }),
    ),
    /'gripper_output' is 'sigmoid', not one of logit, prob, signed/,
  );
  // A signed gripper output is taken as is (a discrete export's ±1), not squashed like a logit.
  const signed = await LoadedPolicy.open(
    variant('signed', (j) => {
      j.gripper_output = 'signed';
    }),
  );
  const logit = await LoadedPolicy.open(dir);
  const win = [signed.prepare({ rgb: { static: { data: new Uint8Array(16 * 16 * 3).fill(90), height: 16, width: 16, channels: 3 } } })];
  const [a, b] = [await signed.predict(win, 'open the drawer'), await logit.predict(win, 'open the drawer')];
  a.chunk.forEach((row, k) => {
    const g = b.chunk[k][6],
      raw = Math.log((1 + g) / (1 - g)); // back from 2·sigmoid(x) − 1 to the logit
    assert.ok(Math.abs(row[6] - raw) < 1e-4, `${row[6]} vs ${raw}`);
    assert.deepEqual(row.slice(0, 6), b.chunk[k].slice(0, 6));
  });

  // No vocabulary: opening works with a warning, but the model's token input cannot be filled.
  const noTok = await LoadedPolicy.open(
    variant('notok', (j) => {
      delete j.tokenizer;
    }),
  );
  assert.match(noTok.manifest.warnings.join(' '), /no tokenizer vocabulary/);
  await rejects(probeLatency(join(dir, 'notok'), { runs: 1, warmup: 0 }), /has no tokenizer/);
});
