import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  crc32c,
  DType,
  encodeRecord,
  EventFileTail,
  EventType,
  mapRoboVLMsTag,
  readHparams,
  readScalars,
  readTensorBoardDir,
  TensorBoardTail,
  type TensorBoardScalar,
} from '../../extension/core/tensorboard';

// Written by the real writers (Lightning's TensorBoardLogger, tensorboard's SummaryWriter) with
// test/fixtures/tfevents/generate.py; truth.json holds what it logged.
const FIXTURES = join(__dirname, '..', 'fixtures', 'tfevents');
const LIGHTNING_DIR = join(FIXTURES, 'lightning-run');
const firstEventFile = (dir: string) => join(dir, readdirSync(dir).find((f) => f.startsWith('events.out.tfevents.'))!);
const LIGHTNING = firstEventFile(join(LIGHTNING_DIR, 'version_0'));
const WRITER = firstEventFile(join(FIXTURES, 'summary-writer'));
type Point = [number, number];
const TRUTH = JSON.parse(readFileSync(join(FIXTURES, 'truth.json'), 'utf8')) as {
  'lightning-run': Record<string, { count: number; first?: Point; last?: Point }>;
  'summary-writer': { 'loss/total': [number, number, number][] };
};
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'vla-tb-'));
}

function byTag(scalars: TensorBoardScalar[]): Map<string, TensorBoardScalar[]> {
  const m = new Map<string, TensorBoardScalar[]>();
  for (const s of scalars) {
    if (!m.has(s.tag)) m.set(s.tag, []);
    m.get(s.tag)!.push(s);
  }
  return m;
}

/** One framed Event record. */
function event(obj: Record<string, unknown>): Buffer {
  return encodeRecord(EventType.encode(EventType.fromObject(obj)).finish());
}

test('CRC-32C matches the RFC 3720 check values', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
});

test('Lightning TensorBoardLogger fixture: every scalar it logged, in order, with float32 values', () => {
  const { scalars, warnings } = readScalars(LIGHTNING);
  assert.deepEqual(warnings, []);
  const tags = byTag(scalars);
  assert.deepEqual([...tags.keys()].sort(), ['episode/MSE Loss', 'episode/Return', 'epoch', 'hp_metric', 'train_loss', 'val_loss']);
  for (const [tag, t] of Object.entries(TRUTH['lightning-run'])) {
    const got = tags.get(tag)!;
    assert.equal(got.length, t.count, tag);
    if (t.first) {
      assert.equal(got[0].step, t.first[0], tag);
      assert.ok(close(got[0].value, Math.fround(t.first[1])), `${tag}: ${got[0].value} vs ${t.first[1]}`);
      assert.equal(got[got.length - 1].step, t.last![0], tag);
      assert.ok(close(got[got.length - 1].value, Math.fround(t.last![1])), `${tag}: ${got[got.length - 1].value} vs ${t.last![1]}`);
    }
  }
  const steps = tags.get('train_loss')!.map((p) => p.step);
  assert.ok(
    steps.every((s, i) => i === 0 || s > steps[i - 1]),
    'steps increase',
  );
});

test('SummaryWriter fixture: steps, values and wall times exactly as written', () => {
  const { scalars, warnings } = readScalars(WRITER);
  assert.deepEqual(warnings, []);
  const got = scalars.filter((s) => s.tag === 'loss/total').map((s) => [s.step, s.value, s.wallTime]);
  const want = TRUTH['summary-writer']['loss/total'];
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) {
    assert.equal(got[i][0], want[i][0]);
    assert.ok(close(got[i][1], Math.fround(want[i][1])));
    assert.equal(got[i][2], want[i][2]);
  }
});

test('a log directory becomes ScalarEvents with our names', () => {
  const { events, warnings } = readTensorBoardDir(LIGHTNING_DIR);
  assert.deepEqual(warnings, []);
  const names = new Set(events.map((e) => e.name));
  assert.deepEqual([...names].sort(), ['episode/MSE Loss', 'episode/Return', 'epoch', 'hp_metric', 'train/loss', 'val/loss']);
  assert.equal(events.filter((e) => e.name === 'train/loss').length, TRUTH['lightning-run'].train_loss.count);
  assert.equal(events.filter((e) => e.name === 'episode/MSE Loss').length, TRUTH['lightning-run']['episode/MSE Loss'].count);
});

test('tailing a fixture while it is written, cut mid-record, gives exactly the one-shot result', () => {
  const dir = tmp();
  try {
    const bytes = readFileSync(LIGHTNING);
    const file = join(dir, 'version_0', 'events.out.tfevents.1.host.1.0');
    const tail = new TensorBoardTail(dir);
    assert.deepEqual(tail.poll(), { events: [], warnings: [] }, 'an empty log directory is no events yet');
    mkdirSync(join(dir, 'version_0'));
    const cuts = [0, 5, 13, 1001, 150_000, 150_007, 300_000, bytes.length];
    const got = [];
    for (let i = 1; i < cuts.length; i++) {
      appendFileSync(file, bytes.subarray(cuts[i - 1], cuts[i]));
      const r = tail.poll();
      assert.deepEqual(r.warnings, []);
      got.push(...r.events);
    }
    const once = readTensorBoardDir(LIGHTNING_DIR).events;
    assert.equal(got.length, once.length);
    assert.deepEqual(got, once);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tensor-summary scalars, non-scalar plugins, corrupt records and a truncated tail', () => {
  const dir = tmp();
  try {
    const file = join(dir, 'events.out.tfevents.123.test');
    const packedDouble = Buffer.alloc(8);
    packedDouble.writeDoubleLE(0.125);
    const records = [
      event({ wall_time: 100.5, file_version: 'brain.Event:2' }),
      event({ wall_time: 101, step: 1, summary: { value: [{ tag: 'train_loss', simple_value: 1.5 }] } }),
      // New-style scalar: tensor with plugin metadata on the first value only.
      event({
        wall_time: 102,
        step: 2,
        summary: {
          value: [
            {
              tag: 'train_loss_arm_act',
              metadata: { plugin_data: { plugin_name: 'scalars' } },
              tensor: { dtype: DType.FLOAT, tensor_shape: {}, float_val: [0.75] },
            },
          ],
        },
      }),
      event({
        wall_time: 103,
        step: 3,
        summary: {
          value: [
            {
              tag: 'train_loss_arm_act',
              tensor: { dtype: DType.DOUBLE, tensor_shape: {}, tensor_content: packedDouble },
            },
          ],
        },
      }),
      // A histogram-like tensor is not a scalar even with one element.
      event({
        wall_time: 104,
        step: 3,
        summary: {
          value: [
            {
              tag: 'weights',
              metadata: { plugin_data: { plugin_name: 'histograms' } },
              tensor: { dtype: DType.DOUBLE, tensor_shape: { dim: [{ size: 1 }] }, double_val: [9] },
            },
          ],
        },
      }),
      event({ wall_time: 105, step: 4, summary: { value: [{ tag: 'lr-AdamW', simple_value: NaN }] } }),
    ];
    const corrupt = Buffer.from(records[1]);
    corrupt[corrupt.length - 6] ^= 0x40; // flip a bit of the data: the data checksum fails
    const badHeader = Buffer.from(records[1]);
    badHeader[2] ^= 0x01; // the length checksum fails: the reader must resynchronise
    writeFileSync(file, Buffer.concat([records[0], records[1], corrupt, records[2], badHeader, records[3], records[4]]));
    const tailRecord = records[5];
    appendFileSync(file, tailRecord.subarray(0, 9));

    const tail = new EventFileTail(file);
    const first = tail.poll();
    assert.equal(tail.fileVersion, 'brain.Event:2');
    assert.deepEqual(
      first.scalars.map((s) => [s.tag, s.step, s.value, s.wallTime]),
      [
        ['train_loss', 1, 1.5, 101],
        ['train_loss_arm_act', 2, 0.75, 102],
        ['train_loss_arm_act', 3, 0.125, 103],
      ],
    );
    assert.equal(first.warnings.length, 2, first.warnings.join('\n'));
    assert.match(first.warnings[0], /fails its data checksum; skipped/);
    assert.match(first.warnings[1], /corrupt record header .* skipped \d+ bytes to the next valid record/);
    const before = tail.offset;
    assert.equal(before, readFileSync(file).length - 9, 'the incomplete record is not consumed');

    appendFileSync(file, tailRecord.subarray(9));
    const second = tail.poll();
    assert.deepEqual(second.warnings, []);
    assert.equal(second.scalars.length, 1);
    assert.ok(Number.isNaN(second.scalars[0].value));

    const dirEvents = readTensorBoardDir(dir).events;
    assert.deepEqual(
      dirEvents.map((e) => [e.name, e.step, e.value]),
      [
        ['train/loss', 1, 1.5],
        ['train/loss_arm', 2, 0.75],
        ['train/loss_arm', 3, 0.125],
        ['train/lr', 4, null],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a truncated file read once reports its incomplete last record', () => {
  const dir = tmp();
  try {
    const file = join(dir, 'events.out.tfevents.9.x');
    const r = event({ wall_time: 1, step: 0, summary: { value: [{ tag: 'a', simple_value: 2 }] } });
    writeFileSync(file, Buffer.concat([r, r.subarray(0, r.length - 2)]));
    const { scalars, warnings } = readScalars(file);
    assert.equal(scalars.length, 1);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /ends with an incomplete record/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('random bytes never throw', () => {
  const dir = tmp();
  try {
    const file = join(dir, 'events.out.tfevents.0.rand');
    let seed = 7;
    const noise = Buffer.alloc(50_000).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
    const good = event({ wall_time: 5, step: 7, summary: { value: [{ tag: 'x', simple_value: 3 }] } });
    // A record with valid checksums around bytes that are not an Event message.
    const notAnEvent = encodeRecord(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    writeFileSync(file, Buffer.concat([noise, notAnEvent, good]));
    const { scalars, warnings } = readScalars(file);
    assert.deepEqual(
      scalars.map((s) => [s.tag, s.step, s.value]),
      [['x', 7, 3]],
      'the valid record after the noise is found',
    );
    assert.ok(
      warnings.some((w) => /is not a valid Event/.test(w)),
      warnings.join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nested version_N folders are all read', () => {
  const dir = tmp();
  try {
    for (const v of [0, 1]) {
      mkdirSync(join(dir, 'exp', `version_${v}`), { recursive: true });
      writeFileSync(
        join(dir, 'exp', `version_${v}`, `events.out.tfevents.${v}.h.1.0`),
        event({ wall_time: 10 + v, step: v * 10, summary: { value: [{ tag: 'val_acc_gripper_act', simple_value: 0.5 + v / 4 }] } }),
      );
    }
    writeFileSync(join(dir, 'exp', 'version_0', 'metrics.csv'), 'not an event file');
    const { events } = readTensorBoardDir(dir);
    assert.deepEqual(
      events.map((e) => [e.name, e.step, e.value]),
      [
        ['val/acc_gripper', 0, 0.5],
        ['val/acc_gripper', 10, 0.75],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('RoboVLMs/Lightning tags map to our names', () => {
  const cases: [string, string][] = [
    ['train_loss', 'train/loss'],
    ['train_loss_arm_act', 'train/loss_arm'],
    ['train_loss_gripper_act', 'train/loss_gripper'],
    ['train_acc_gripper_act', 'train/acc_gripper'],
    ['train_acc_arm_act', 'train/acc_arm'],
    ['train_loss_act', 'train/loss_act'],
    ['train_action_l1', 'train/action_l1'],
    ['lr-AdamW', 'train/lr'],
    ['lr-AdamW/pg2', 'train/lr/pg2'],
    ['lr-SGD-momentum', 'train/momentum'],
    ['val_loss', 'val/loss'],
    ['val_acc_gripper_act', 'val/acc_gripper'],
    ['calvin_val_loss_arm_act', 'val/calvin/loss_arm'],
    ['rt-1_val_loss', 'val/rt-1/loss'],
    ['epoch', 'epoch'],
    ['hp_metric', 'hp_metric'],
    ['episode/MSE Loss', 'episode/MSE Loss'],
    ['my metric', 'my_metric'],
    ['//a//b c//', 'a/b c'],
    ['loss(total)', 'loss_total_'],
  ];
  for (const [tag, name] of cases) assert.equal(mapRoboVLMsTag(tag), name, tag);
});

test('hparams.yaml with Python tags (Lightning writes classes as !!python/name) reads as plain values', () => {
  const h = readHparams(join(LIGHTNING_DIR, 'version_0', 'hparams.yaml'))!;
  assert.equal(h.optim, 'torch.optim.adamw.AdamW');
  assert.equal(h.lr, 0.0001);
  assert.equal(h.env_name, 'LunarLanderContinuous-v2');
  assert.equal(readHparams(join(FIXTURES, 'nope.yaml')), undefined);
});
