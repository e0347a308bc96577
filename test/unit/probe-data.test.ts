/**
 * The probe's data path: .npy/.npz reading (hand-built bytes, and files NumPy wrote), image resizing
 * against PyTorch's F.interpolate, replay metrics on a known case, latency arithmetic, and the
 * panel's message validators.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { isUserError } from '../../extension/core/errors';
import { parseNpy, parseNpz, readNpz, readNpy, toNumbers } from '../../extension/core/probe/npy';
import { resize, hwcToPlanar, type ResizeMode } from '../../extension/core/probe/resize';
import { replayMetrics } from '../../extension/core/probe/replay';
import { runTrainingData } from '../../extension/core/probe/dataset';
import { controlRateVerdict, measureLatency, percentile, summarizeLatencies } from '../../extension/core/probe/latency';
import { validateProbeToExtension, validateProbeToWebview } from '../../extension/shared/messages/probe';
import { noTorch, runPython } from './probe-helpers';

function npyBytes(descr: string, shape: number[], payload: Uint8Array, fortran = false): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  while ((10 + header.length + 1) % 64 !== 0) header += ' ';
  header += '\n';
  const out = new Uint8Array(10 + header.length + payload.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(payload, 10 + header.length);
  return out;
}

test('npy: little- and big-endian floats, int64, Fortran order', () => {
  const f = parseNpy(npyBytes('<f4', [2, 2], new Uint8Array(Float32Array.from([1, 2, 3, 4]).buffer)));
  assert.deepEqual([f.dtype, f.shape, Array.from(f.data as Float32Array)], ['f4', [2, 2], [1, 2, 3, 4]]);
  const be = new Uint8Array(8);
  new DataView(be.buffer).setFloat64(0, 1.5, false);
  assert.deepEqual(Array.from(parseNpy(npyBytes('>f8', [1], be)).data as Float64Array), [1.5]);
  const ids = parseNpy(npyBytes('<i8', [2, 2], new Uint8Array(BigInt64Array.from([0n, 7n, 8n, 13n]).buffer)));
  assert.deepEqual(Array.from(toNumbers(ids)), [0, 7, 8, 13]);
  // Column-major [[1, 2, 3], [4, 5, 6]] is stored 1 4 2 5 3 6.
  const fo = parseNpy(npyBytes('<i4', [2, 3], new Uint8Array(Int32Array.from([1, 4, 2, 5, 3, 6]).buffer), true));
  assert.deepEqual(Array.from(fo.data as Int32Array), [1, 2, 3, 4, 5, 6]);
});

test('npy/npz: bad input is one UserError', () => {
  const bad = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: unknown) => isUserError(e) && re.test((e as Error).message));
  bad(() => parseNpy(Buffer.from('not numpy at all')), /bad magic/);
  bad(() => parseNpy(npyBytes('|O', [1], new Uint8Array(8))), /objects or strings/);
  bad(() => parseNpy(npyBytes('<f4', [4], new Uint8Array(8))), /truncated/);
  bad(() => parseNpz(Buffer.from('PK garbage'), 'x.npz'), /not a readable \.npz/);
  const zip = zipSync({ 'a.npy': npyBytes('|u1', [3], Uint8Array.from([1, 2, 3])) });
  assert.deepEqual(Array.from(parseNpz(zip, 'z.npz').a.data as Uint8Array), [1, 2, 3]);
  bad(() => parseNpz(zip, 'z.npz', ['rgb_static']), /no array named 'rgb_static'/);
});

test('npy/npz written by NumPy (zip64 entries, compressed, Fortran order)', { skip: noTorch() }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'vla-npy-'));
  try {
    runPython([
      '-c',
      `
import numpy as np, sys
d = sys.argv[1]
np.savez(d + '/plain.npz', a=np.arange(12, dtype=np.float32).reshape(3, 4), b=np.array([[0, 5], [6, 9]]))
np.savez_compressed(d + '/comp.npz', f=np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)), u=np.arange(24, dtype=np.uint8).reshape(2, 4, 3))
np.save(d + '/ids.npy', np.array([[0, 5], [6, 9]], dtype=np.int64))
`,
      dir,
    ]);
    const plain = readNpz(join(dir, 'plain.npz'));
    assert.deepEqual(plain.a.shape, [3, 4]);
    assert.deepEqual(
      Array.from(plain.a.data as Float32Array),
      Array.from({ length: 12 }, (_, i) => i),
    );
    assert.deepEqual(Array.from(toNumbers(plain.b)), [0, 5, 6, 9]);
    const comp = readNpz(join(dir, 'comp.npz'), ['f']);
    assert.deepEqual(Object.keys(comp), ['f']);
    assert.deepEqual(Array.from(comp.f.data as Float64Array), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(Array.from(toNumbers(readNpy(join(dir, 'ids.npy')))), [0, 5, 6, 9]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('resize: hand-checked bilinear and nearest cases', () => {
  // 2×2 → 4×4 bilinear (align_corners=False): the first row is 1, 1.25, 1.75, 2 for [1, 2].
  const img = { channels: 1, height: 2, width: 2, data: Float32Array.from([1, 2, 3, 4]) };
  const up = resize(img, 4, 4, 'bilinear');
  assert.deepEqual(Array.from(up.data.slice(0, 4)), [1, 1.25, 1.75, 2]);
  assert.deepEqual(Array.from(resize(img, 4, 4, 'nearest').data.slice(0, 4)), [1, 1, 2, 2]);
  assert.deepEqual(
    Array.from(resize({ channels: 1, height: 2, width: 4, data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]) }, 1, 2, 'area').data),
    [3.5, 5.5],
  );
  // HWC → planar keeps channels apart.
  assert.deepEqual(Array.from(hwcToPlanar([10, 20, 30, 40, 50, 60], 1, 2, 3).data), [10, 40, 20, 50, 30, 60]);
});

test('resize matches torch F.interpolate (bilinear, nearest, area) on random images', { skip: noTorch() }, () => {
  const cases: [number, number, number, number][] = [
    [24, 24, 16, 16],
    [200, 200, 32, 32],
    [84, 84, 32, 32],
    [10, 13, 32, 20],
  ];
  const out = JSON.parse(
    runPython([
      '-c',
      `
import json, sys, torch, torch.nn.functional as F
torch.manual_seed(0)
res = []
for (h, w, oh, ow) in json.loads(sys.argv[1]):
    x = torch.rand(1, 3, h, w)
    r = {"x": x.flatten().tolist()}
    for mode in ["bilinear", "nearest", "area"]:
        kw = {"align_corners": False} if mode == "bilinear" else {}
        r[mode] = F.interpolate(x, size=(oh, ow), mode=mode, **kw).flatten().tolist()
    res.append(r)
print(json.dumps(res))
`,
      JSON.stringify(cases),
    ]),
  );
  cases.forEach(([h, w, oh, ow], i) => {
    for (const mode of ['bilinear', 'nearest', 'area'] as ResizeMode[]) {
      const got = resize({ channels: 3, height: h, width: w, data: Float32Array.from(out[i].x) }, oh, ow, mode).data;
      const want: number[] = out[i][mode];
      let worst = 0;
      want.forEach((v, j) => {
        worst = Math.max(worst, Math.abs(v - got[j]));
      });
      assert.ok(worst < 1e-5, `${mode} ${h}×${w}→${oh}×${ow}: max difference ${worst}`);
    }
  });
});

test('replay metrics on a known case', () => {
  const pred = [
    [0.5, 0, 1],
    [0.5, 0, -0.2],
    [1, 1, 0.3],
  ];
  const demo = [
    [0, 0, 1],
    [1, 0, -1],
    [1, -1, -1],
  ];
  const m = replayMetrics(pred, demo, 2);
  assert.equal(m.pairs, 3);
  assert.deepEqual(
    m.dimensions.map((d) => d.name),
    ['a0', 'a1', 'gripper'],
  );
  assert.ok(Math.abs(m.dimensions[0].mse - (0.25 + 0.25 + 0) / 3) < 1e-12);
  assert.ok(Math.abs(m.dimensions[0].l1 - 1 / 3) < 1e-12);
  assert.ok(Math.abs(m.dimensions[1].mse - 4 / 3) < 1e-12);
  // Gripper signs: (+,+) agree, (−,−) agree, (+,−) disagree.
  assert.ok(Math.abs((m.gripperAccuracy ?? 0) - 2 / 3) < 1e-12);
  assert.equal(replayMetrics(pred, demo, null).gripperAccuracy, null);
  assert.deepEqual(
    replayMetrics([Array(7).fill(0)], [Array(7).fill(0)], 6).dimensions.map((d) => d.name),
    ['x', 'y', 'z', 'roll', 'pitch', 'yaw', 'gripper'],
  );
});

test('latency: nearest-rank percentiles and control-rate arithmetic', async () => {
  const samples = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 ms
  assert.equal(percentile(samples, 0.5), 50);
  assert.equal(percentile(samples, 0.95), 95);
  assert.equal(percentile(samples, 0.99), 99);
  const s = summarizeLatencies([...samples].reverse(), 5);
  assert.deepEqual([s.p50Ms, s.p95Ms, s.p99Ms, s.minMs, s.maxMs, s.meanMs, s.runs, s.warmup], [50, 95, 99, 1, 100, 50.5, 100, 5]);
  const v = controlRateVerdict(s, 10, 'spec'); // 100 ms budget
  assert.deepEqual(
    [v.budgetMs, v.maxHzAtP50, v.maxHzAtP99, v.meetsTarget, v.budgetUsedAtP99, v.source],
    [100, 20, 1000 / 99, true, 0.99, 'spec'],
  );
  assert.equal(controlRateVerdict(s, 30, 'default').meetsTarget, false);
  let calls = 0;
  const m = await measureLatency(
    async () => {
      calls++;
    },
    { warmup: 3, runs: 7 },
  );
  assert.equal(calls, 10);
  assert.equal(m.runs, 7);
  assert.ok(m.p50Ms <= m.p95Ms && m.p95Ms <= m.p99Ms);
});

test('probe messages: every incoming message is validated', () => {
  assert.deepEqual(validateProbeToExtension({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
  assert.deepEqual(validateProbeToExtension({ type: 'predict', segment: 1, offset: 2, instruction: 'open the drawer', extra: 1 }), {
    ok: true,
    message: { type: 'predict', segment: 1, offset: 2, instruction: 'open the drawer' },
  });
  for (const bad of [
    null,
    'ready',
    { type: 'rm -rf' },
    { type: 'runLatency', runs: 0, warmup: 1 },
    { type: 'runLatency', runs: 10, warmup: -1 },
    { type: 'predict', segment: -1, offset: 0, instruction: '' },
    { type: 'predict', segment: 0, offset: 0, instruction: 'x'.repeat(501) },
    { type: 'runReplay', episodes: 1.5 },
  ]) {
    assert.equal(validateProbeToExtension(bad).ok, false, JSON.stringify(bad));
  }
  assert.equal(validateProbeToWebview({ type: 'error', message: 'x' }).ok, true);
  assert.equal(validateProbeToWebview({ type: 'frame', frame: { width: 0, height: 1, rgbBase64: '' } }).ok, false);
  assert.equal(
    validateProbeToWebview({
      type: 'replay',
      replay: { dimensions: [], predicted: [[Number.NaN]], demonstrated: [], episodeStarts: [], gripperAccuracy: null },
    }).ok,
    false,
  );
});

test("runTrainingData: the last stage's recorded dataset, its validation split first, from a run folder or its export/", () => {
  const root = mkdtempSync(join(tmpdir(), 'vla-rundata-'));
  try {
    const run = join(root, 'runs', 'exp', 'r1');
    const pre = join(root, 'data', 'pretrain');
    const ft = join(root, 'data', 'finetune');
    for (const d of [join(pre, 'training'), join(ft, 'training'), join(ft, 'validation'), join(run, 'export')])
      mkdirSync(d, { recursive: true });
    for (const d of [join(pre, 'training'), join(ft, 'training')]) writeFileSync(join(d, 'ep_start_end_ids.npy'), '');
    const stage = (index: number, path: string) =>
      JSON.stringify({ v: 1, type: 'stage', t: 1, name: `s${index}`, index, count: 2, datasets: [{ path, split: 'training' }] });
    writeFileSync(join(run, 'events.jsonl'), `${stage(0, pre)}\n${stage(1, ft)}\n`);
    // validation/ exists but holds no episodes yet: the training split is used and said so
    assert.deepEqual(runTrainingData(join(run, 'export', 'policy.onnx')), { splitDir: join(ft, 'training'), dataset: ft, heldOut: false });
    writeFileSync(join(ft, 'validation', 'ep_start_end_ids.npy'), '');
    assert.deepEqual(runTrainingData(run), { splitDir: join(ft, 'validation'), dataset: ft, heldOut: true });
    rmSync(ft, { recursive: true });
    assert.equal(runTrainingData(run), undefined, 'a dataset that no longer exists is not offered');
    assert.equal(runTrainingData(join(root, 'data')), undefined, 'no events: nothing found');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
