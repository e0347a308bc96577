/**
 * GIF rollouts with frame stepping. A browser plays an animated GIF in an <img> but cannot pause
 * it or show a given frame, so the gallery decodes the file with omggif (a small dependency-free
 * GIF decoder) into whole frames — composited as a viewer would: each frame's patch drawn over the
 * previous picture, honouring the disposal methods (keep, clear to background, restore previous)
 * — and draws them on a canvas. `GifPlayback` is the player's state: play/pause on the GIF's own
 * frame delays, looping, and single-frame steps that stop at the ends. No DOM here (the caller
 * paints frames), so tests run it on a real GIF from the trainer's video writer.
 */
import { GifReader } from 'omggif';

export interface GifFrame {
  /** The whole picture at this frame, RGBA, width × height × 4. */
  rgba: Uint8ClampedArray<ArrayBuffer>;
  /** How long it stays on screen (ms). */
  delayMs: number;
}

export interface DecodedGif {
  width: number;
  height: number;
  frames: GifFrame[];
}

/** Browsers show frames with a delay under 20 ms for 100 ms (GIFs that say "as fast as possible"). */
export function frameDelayMs(centiseconds: number): number {
  return centiseconds >= 2 ? centiseconds * 10 : 100;
}

/** Refuses files that would need more than this much memory as decoded frames. */
const MAX_DECODED_BYTES = 256 * 1024 * 1024;

/** Decodes every frame of a GIF into full RGBA pictures (throws on a file that is not a GIF). */
export function decodeGif(bytes: Uint8Array): DecodedGif {
  const reader = new GifReader(bytes);
  const { width, height } = reader;
  const count = reader.numFrames();
  if (count === 0) throw new Error('the GIF has no frames');
  const size = width * height * 4;
  if (size * count > MAX_DECODED_BYTES) throw new Error(`the GIF is too large to step through (${count} frames of ${width}×${height})`);
  const canvas: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(size); // transparent to start with
  const frames: GifFrame[] = [];
  let dispose: (() => void) | undefined;
  for (let i = 0; i < count; i++) {
    dispose?.();
    const info = reader.frameInfo(i);
    // What this frame's disposal method asks for before the next frame is drawn.
    if (info.disposal === 2) {
      dispose = () => clearRect(canvas, width, info.x, info.y, info.width, info.height);
    } else if (info.disposal === 3) {
      const before = canvas.slice();
      dispose = () => canvas.set(before);
    } else {
      dispose = undefined;
    }
    reader.decodeAndBlitFrameRGBA(i, canvas as unknown as number[]);
    frames.push({ rgba: canvas.slice(), delayMs: frameDelayMs(info.delay) });
  }
  return { width, height, frames };
}

function clearRect(rgba: Uint8ClampedArray, width: number, x: number, y: number, w: number, h: number): void {
  for (let row = y; row < y + h; row++) rgba.fill(0, (row * width + x) * 4, (row * width + x + w) * 4);
}

/** The frame one step forward or back, stopping at the first and last frame. */
export function stepFrame(index: number, direction: 1 | -1, count: number): number {
  return Math.min(Math.max(0, index + direction), Math.max(0, count - 1));
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Play/pause/step over decoded frames. `show(i)` is called whenever the frame on screen changes
 * (and once by `start`); `onState` when playing starts or stops.
 */
export class GifPlayback {
  index = 0;
  playing = false;
  private timer: unknown;

  constructor(
    private readonly delays: readonly number[],
    private readonly show: (index: number) => void,
    private readonly onState: (playing: boolean) => void = () => undefined,
    private readonly timers: Timers = realTimers,
  ) {}

  get count(): number {
    return this.delays.length;
  }

  /** Shows the first frame, and plays when asked (a paused clip waits on its first frame). */
  start(autoplay: boolean): void {
    this.show(this.index);
    if (autoplay) this.play();
  }

  play(): void {
    if (this.playing || this.count < 2) return;
    this.playing = true;
    this.onState(true);
    this.schedule();
  }

  pause(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    if (!this.playing) return;
    this.playing = false;
    this.onState(false);
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** One frame forward or back; stepping pauses playback (as the MP4 player does). */
  step(direction: 1 | -1): void {
    this.pause();
    const next = stepFrame(this.index, direction, this.count);
    if (next !== this.index) {
      this.index = next;
      this.show(next);
    }
  }

  /** Frame `index` (clamped), paused. */
  seek(index: number): void {
    this.pause();
    this.index = Math.min(Math.max(0, Math.round(index)), this.count - 1);
    this.show(this.index);
  }

  dispose(): void {
    this.pause();
  }

  private schedule(): void {
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      if (!this.playing) return;
      this.index = (this.index + 1) % this.count; // GIF rollouts loop
      this.show(this.index);
      this.schedule();
    }, this.delays[this.index]);
  }
}
