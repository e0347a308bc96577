import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventsTail, readEvents } from '../../extension/core/events';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'vla-events-'));
}

const scalar = (step: number, value: number | null = step / 10, name = 'train/loss') =>
  JSON.stringify({ v: 1, type: 'scalar', t: 1700000000 + step, step, name, value });

test('a missing file is "no events yet", then events appear as lines are appended', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'events.jsonl');
    const tail = new EventsTail(path);
    assert.deepEqual(tail.poll(), { events: [], warnings: [] });
    assert.equal(tail.exists, false);
    writeFileSync(path, scalar(0) + '\n' + scalar(1) + '\n');
    const first = tail.poll();
    assert.equal(tail.exists, true);
    assert.deepEqual(
      first.events.map((e) => (e as { step: number }).step),
      [0, 1],
    );
    assert.equal(tail.offset, (scalar(0) + '\n' + scalar(1) + '\n').length);
    assert.deepEqual(tail.poll().events, [], 'nothing new: nothing re-read');
    appendFileSync(path, scalar(2) + '\n');
    assert.deepEqual(
      tail.poll().events.map((e) => (e as { step: number }).step),
      [2],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a partial last line waits for its newline; split multi-byte UTF-8 survives', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'events.jsonl');
    const line = Buffer.from(JSON.stringify({ v: 1, type: 'warning', t: 1, message: 'Grüße → 机器人 🤖' }) + '\n');
    const cut = line.indexOf(Buffer.from('机')) + 1; // in the middle of a 3-byte character
    writeFileSync(path, line.subarray(0, cut));
    const tail = new EventsTail(path);
    assert.deepEqual(tail.poll(), { events: [], warnings: [] });
    appendFileSync(path, line.subarray(cut, line.length - 3));
    assert.deepEqual(tail.poll(), { events: [], warnings: [] });
    appendFileSync(path, line.subarray(line.length - 3));
    const { events, warnings } = tail.poll();
    assert.deepEqual(warnings, []);
    assert.equal(events.length, 1);
    assert.equal((events[0] as { message: string }).message, 'Grüße → 机器人 🤖');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad lines are skipped with their line numbers; good lines around them are kept', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'events.jsonl');
    writeFileSync(
      path,
      [
        scalar(0),
        '{not json',
        JSON.stringify({ v: 1, type: 'scalar', t: 1, step: -1, name: 'train/loss', value: 1 }),
        JSON.stringify({ v: 1, type: 'scalar', t: 1, step: 3, name: 'train/loss', value: 'high' }),
        JSON.stringify({ v: 1, type: 'scalar', t: 1, step: 3, name: 'train/loss', value: 1, extra: true }),
        JSON.stringify({ v: 1, type: 'teleport', t: 1 }),
        JSON.stringify({ v: 2, type: 'scalar', t: 1, step: 3, name: 'train/loss', value: 1, newfield: 1 }),
        JSON.stringify({ v: 2, type: 'scalar', t: 1, step: 4, name: 'train/loss', value: 1 }),
        '',
        scalar(5, null),
        JSON.stringify({ v: 1, type: 'run_end', t: 2, status: 'completed', exit_code: 0 }),
        JSON.stringify({ v: 1, type: 'run_end', t: 2, status: 'exploded' }),
        '42',
        'null',
      ].join('\n') + '\n',
    );
    const { events, warnings } = new EventsTail(path).poll();
    assert.deepEqual(
      events.map((e) => e.type),
      ['scalar', 'scalar', 'run_end'],
    );
    assert.equal((events[1] as { value: unknown }).value, null);
    assert.equal(warnings.length, 9, warnings.join('\n'));
    assert.match(warnings[0], /^events\.jsonl:2: not valid JSON/);
    assert.match(warnings[1], /^events\.jsonl:3: invalid scalar event: \/step must be >= 0/);
    assert.match(warnings[2], /^events\.jsonl:4: invalid scalar event: \/value must be number,null/);
    assert.match(warnings[3], /^events\.jsonl:5: .*additional properties "extra"/);
    assert.match(warnings[4], /^events\.jsonl:6: unknown event type "teleport"/);
    assert.match(warnings[5], /^events\.jsonl:7: records of protocol version 2 are newer/);
    assert.match(warnings[6], /^events\.jsonl:12: invalid run_end event: \/status must be equal to one of the allowed values/);
    assert.match(warnings[7], /^events\.jsonl:13: not a JSON object/);
    assert.match(warnings[8], /^events\.jsonl:14: not a JSON object/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that shrank is read again from the start, and says so', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, scalar(0) + '\n' + scalar(1) + '\n' + scalar(2) + '\n');
    const tail = new EventsTail(path);
    assert.equal(tail.poll().events.length, 3);
    writeFileSync(path, scalar(7) + '\n');
    const { events, warnings } = tail.poll();
    assert.deepEqual(
      events.map((e) => (e as { step: number }).step),
      [7],
    );
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /shrank or was replaced; reading it again from the start/);
    assert.equal(tail.offset, scalar(7).length + 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('readEvents parses a complete last line without newline and tolerates a truncated one', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, scalar(0) + '\n' + scalar(1));
    assert.equal(readEvents(path).events.length, 2);
    writeFileSync(path, scalar(0) + '\n' + scalar(1).slice(0, 20));
    const r = readEvents(path);
    assert.equal(r.events.length, 1);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /:2: the last line is incomplete/);
    const missing = readEvents(join(dir, 'nope.jsonl'));
    assert.deepEqual(missing, { events: [], warnings: [], exists: false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('random bytes, invalid UTF-8 and huge lines never throw; line numbers stay right after them', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'events.jsonl');
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const noise = Buffer.alloc(20000, 0).map(() => Math.floor(rand() * 256));
    const newlines = noise.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 0);
    writeFileSync(path, Buffer.concat([noise, Buffer.from('\n'), Buffer.from([0xff, 0xfe, 0xc3, 0x0a])]));
    appendFileSync(path, 'x'.repeat(3000) + '\n' + scalar(9) + '\n');
    const tail = new EventsTail(path, { maxLineBytes: 1000, chunkBytes: 777, maxWarningsPerPoll: 5000 });
    const { events, warnings } = tail.poll();
    assert.equal(events.length, 1);
    assert.equal((events[0] as { step: number }).step, 9);
    assert.ok(warnings.some((w) => /line longer than 1000 bytes/.test(w)));
    assert.equal(tail.lines, newlines + 4);
    assert.ok(
      warnings.every((w) => /^events\.jsonl:\d+: /.test(w)),
      warnings.find((w) => !/^events\.jsonl:\d+: /.test(w)),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('warnings beyond the per-poll limit are summarised in one line', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, 'garbage\n'.repeat(120));
    const tail = new EventsTail(path, { maxWarningsPerPoll: 10 });
    const { warnings } = tail.poll();
    assert.equal(warnings.length, 11);
    assert.equal(warnings[10], 'events.jsonl: … and 110 more warnings');
    assert.equal(tail.warningCount, 120);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reading in small chunks gives the same events as one read', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'events.jsonl');
    const lines = Array.from({ length: 500 }, (_, i) => scalar(i, i % 7 === 0 ? null : Math.sin(i), i % 2 ? 'train/loss' : 'val/loss'));
    writeFileSync(path, lines.join('\n') + '\n');
    const whole = new EventsTail(path).poll();
    const chunked = new EventsTail(path, { chunkBytes: 13 }).poll();
    assert.equal(whole.events.length, 500);
    assert.deepEqual(chunked, whole);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file replaced by another (new inode, not smaller) is read again from the start', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, scalar(0) + '\n');
    const tail = new EventsTail(path);
    assert.equal(tail.poll().events.length, 1);
    const other = join(dir, 'events.jsonl.new');
    writeFileSync(other, scalar(10) + '\n' + scalar(11) + '\n');
    renameSync(other, path);
    const { events, warnings } = tail.poll();
    assert.deepEqual(
      events.map((e) => (e as { step: number }).step),
      [10, 11],
    );
    assert.match(warnings[0], /shrank or was replaced/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
