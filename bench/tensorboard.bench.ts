/**
 * TensorBoard event-file ingestion on the real lstm-textgen fixture (../shared/fixtures): records/s
 * and MB/s of the scalar reader, against baselines measured in the same run (reading the file;
 * walking the framing with checksums but decoding nothing), on the fixture and on the fixture
 * repeated 10 times (a 7 MB file, closer to a long run).
 *
 *   node --import tsx bench/tensorboard.bench.ts
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readScalars, scanRecords } from '../extension/core/tensorboard';

const FIXTURE = join(
  __dirname,
  '..',
  '..',
  'shared',
  'fixtures',
  'tfevents',
  'lstm-textgen',
  'events.out.tfevents.1716735746.99c8c45923de.3769.0',
);
if (!existsSync(FIXTURE)) {
  console.log(`skipped: the TensorBoard fixture is not at ${FIXTURE} (it lives in ../shared, outside the repo)`);
  process.exit(0);
}

function best<T>(fn: () => T, reps = 5): { ms: number; result: T } {
  let out: { ms: number; result: T } | undefined;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const result = fn();
    const ms = performance.now() - t0;
    if (!out || ms < out.ms) out = { ms, result };
  }
  return out!;
}

const dir = mkdtempSync(join(tmpdir(), 'vla-bench-tb-'));
try {
  const bytes = readFileSync(FIXTURE);
  const big = join(dir, 'events.out.tfevents.1.big');
  writeFileSync(big, Buffer.concat(Array.from({ length: 10 }, () => bytes)));
  console.log(`node ${process.version}; best of 5 runs each\n`);
  console.log('| file | reader | time (ms) | records/s | MB/s | vs framing-only |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const [label, file] of [
    ['lstm-textgen (0.73 MB)', FIXTURE],
    ['lstm-textgen ×10 (7.3 MB)', big],
  ] as const) {
    const mb = readFileSync(file).length / 1e6;
    const read = best(() => readFileSync(file).length);
    const framing = best(() => {
      const buf = readFileSync(file);
      return scanRecords(buf, 0, buf.length, { onRecord() {}, onWarning() {} }, true).records;
    });
    const full = best(() => readScalars(file));
    const records = framing.result;
    for (const [name, ms] of [
      ['baseline: readFileSync', read.ms],
      ['baseline: framing + CRC32C, no decoding', framing.ms],
      [`readScalars (${full.result.scalars.length} scalars)`, full.ms],
    ] as const) {
      console.log(
        `| ${label} | ${name} | ${ms.toFixed(1)} | ${((records / ms) * 1000).toFixed(0)} | ${((mb / ms) * 1000).toFixed(1)} | ${(ms / framing.ms).toFixed(2)}× |`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
