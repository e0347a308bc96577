/**
 * GIF rollouts step frame by frame (webview/src/results/gif.ts), tested on a GIF written by the
 * trainer's own video writer on its GIF path (test/fixtures/media/rollout.gif, made by
 * make_rollout_gif.py next to it with vlalab.sim.video.write_video): 8 frames of 16×16 upscaled
 * to 128×128 (8 px per source pixel), a red 4×4 block moving 2 source px right per frame, and
 * k+1 green pixels in the bottom row of frame k. Pillow stores frames 1… as patches over frame 0,
 * so every frame being right means the patches were composited correctly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeGif, frameDelayMs, GifPlayback, stepFrame, type Timers } from '../../webview/src/results/gif';

const GIF = join(__dirname, '..', 'fixtures', 'media', 'rollout.gif');
const gif = decodeGif(new Uint8Array(readFileSync(GIF)));

/** RGBA of source pixel (sx, sy) of frame k (the centre of its 8×8 upscaled block). */
function px(k: number, sx: number, sy: number): [number, number, number, number] {
  const x = sx * 8 + 4;
  const y = sy * 8 + 4;
  const o = (y * gif.width + x) * 4;
  return Array.from(gif.frames[k].rgba.slice(o, o + 4)) as [number, number, number, number];
}
const isRed = ([r, g, b, a]: number[]) => r > 180 && g < 80 && b < 80 && a === 255;
const isGreen = ([r, g, b, a]: number[]) => g > 160 && r < 80 && b < 100 && a === 255;

test("every frame of the trainer's GIF decodes to the picture it was written from", () => {
  assert.equal(gif.width, 128);
  assert.equal(gif.height, 128);
  assert.equal(gif.frames.length, 8);
  for (let k = 0; k < 8; k++) {
    // The block covers source columns 2k…2k+3 (cut at the edge) on rows 6…9.
    for (const sx of [2 * k, Math.min(2 * k + 3, 15)]) assert.ok(isRed(px(k, sx, 7)), `frame ${k}: block at column ${sx}`);
    if (k > 0) assert.ok(!isRed(px(k, 2 * k - 1, 7)), `frame ${k}: where the block was is background again`);
    if (2 * k + 4 < 16) assert.ok(!isRed(px(k, 2 * k + 4, 7)), `frame ${k}: right of the block is background`);
    // The frame counter: k+1 green pixels in the bottom row.
    assert.ok(isGreen(px(k, k, 15)), `frame ${k}: counter pixel ${k}`);
    if (k < 7) assert.ok(!isGreen(px(k, k + 1, 15)), `frame ${k}: counter stops at ${k + 1}`);
    // The background gradient survives (blue 160 everywhere off the block), fully opaque.
    const bg = px(k, 15, 0);
    assert.ok(Math.abs(bg[2] - 160) < 12 && bg[3] === 255, `frame ${k}: background ${bg}`);
  }
  // fps=10 → 100 ms per frame.
  assert.deepEqual(
    gif.frames.map((f) => f.delayMs),
    Array(8).fill(100),
  );
});

test('a file that is not a GIF is refused', () => {
  assert.throws(() => decodeGif(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0, 0, 0, 0, 0])));
});

test('frame delays: as browsers show them', () => {
  assert.equal(frameDelayMs(10), 100);
  assert.equal(frameDelayMs(4), 40);
  assert.equal(frameDelayMs(0), 100, '"as fast as possible" is shown at 10 fps');
  assert.equal(frameDelayMs(1), 100);
});

/** Timers that run only when the test advances the clock. */
function fakeTimers() {
  let now = 0;
  let queue: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    set: (fn, ms) => {
      queue.push({ at: now + ms, fn, id: ++ids });
      return ids;
    },
    clear: (id) => {
      queue = queue.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      queue.sort((a, b) => a.at - b.at);
      const next = queue[0];
      if (!next || next.at > end) break;
      queue.shift();
      now = next.at;
      next.fn();
    }
    now = end;
  };
  return { timers, advance, pending: () => queue.length };
}

test('stepping moves one frame and stops at the ends', () => {
  assert.equal(stepFrame(0, -1, 8), 0);
  assert.equal(stepFrame(0, 1, 8), 1);
  assert.equal(stepFrame(7, 1, 8), 7);
  assert.equal(stepFrame(3, -1, 8), 2);
  const shown: number[] = [];
  const p = new GifPlayback(
    gif.frames.map((f) => f.delayMs),
    (i) => shown.push(i),
    undefined,
    fakeTimers().timers,
  );
  p.start(false);
  p.step(-1);
  for (let i = 0; i < 9; i++) p.step(1);
  p.step(-1);
  assert.deepEqual(shown, [0, 1, 2, 3, 4, 5, 6, 7, 6], 'no redraw when a step has nowhere to go');
  p.seek(99);
  assert.equal(p.index, 7);
});

test("play follows the GIF's delays and loops; pause and stepping stop it", () => {
  const clock = fakeTimers();
  const shown: number[] = [];
  const states: boolean[] = [];
  const p = new GifPlayback(
    gif.frames.map((f) => f.delayMs),
    (i) => shown.push(i),
    (s) => states.push(s),
    clock.timers,
  );
  p.start(true);
  assert.equal(p.playing, true);
  clock.advance(99);
  assert.deepEqual(shown, [0], 'frame 0 stays for its 100 ms');
  clock.advance(1);
  assert.deepEqual(shown, [0, 1]);
  clock.advance(700);
  assert.deepEqual(shown, [0, 1, 2, 3, 4, 5, 6, 7, 0], 'loops back to the first frame');
  p.toggle();
  assert.equal(p.playing, false);
  clock.advance(1000);
  assert.equal(shown.length, 9, 'paused: the frame stays');
  assert.equal(clock.pending(), 0, 'no timer left running');
  p.toggle();
  clock.advance(250);
  p.step(1);
  assert.equal(p.playing, false, 'a step pauses');
  const at = p.index;
  clock.advance(1000);
  assert.equal(p.index, at);
  assert.deepEqual(states, [true, false, true, false]);
});
