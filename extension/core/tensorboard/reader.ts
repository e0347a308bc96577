/**
 * Incremental scalar reader for TensorBoard event files (`events.out.tfevents.*`), as written by
 * PyTorch Lightning's TensorBoardLogger, torch.utils.tensorboard, tensorboardX and TensorFlow.
 *
 * Each file is tailed by byte offset (like events.jsonl): a poll decodes only the records that
 * were completed since the previous poll; an incomplete record at the end stays buffered.
 * Scalars come either as `simple_value` or, from newer writers, as a `tensor` summary whose
 * plugin is `scalars` (one float/double/int element in the typed *_val field or packed
 * little-endian in `tensor_content`). As in TensorBoard, a tag's plugin metadata may appear only
 * on its first value, so it is remembered per tag.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ByteTail } from '../events/byte-tail';
import type { ScalarEvent } from '../generated/events';
import { decodeEvent, DType, int64ToNumber, type SummaryValueMessage, type TensorMessage } from './proto';
import { mapRoboVLMsTag } from './tags';
import { scanRecords } from './tfrecord';

export interface TensorBoardScalar {
  tag: string;
  step: number;
  /** Seconds since the Unix epoch. */
  wallTime: number;
  /** NaN and ±Infinity are kept as such here (ScalarEvent turns them into null). */
  value: number;
}

export interface ScalarPoll {
  scalars: TensorBoardScalar[];
  warnings: string[];
}

const EVENT_FILE_PREFIX = 'events.out.tfevents.';

/** IEEE half (binary16) bits → number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function bfloat16ToNumber(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0];
}

function elementCount(t: TensorMessage): number {
  let n = 1;
  for (const d of t.tensor_shape?.dim ?? []) n *= int64ToNumber(d.size);
  return n;
}

/** The single number held by a scalar tensor, or undefined when it is not one. */
function tensorScalar(t: TensorMessage): number | undefined {
  if (elementCount(t) !== 1) return undefined;
  const c = t.tensor_content;
  const view = c && c.length > 0 ? new DataView(c.buffer, c.byteOffset, c.byteLength) : undefined;
  switch (t.dtype) {
    case DType.FLOAT:
      return t.float_val.length ? t.float_val[0] : view && c.length >= 4 ? view.getFloat32(0, true) : undefined;
    case DType.DOUBLE:
      return t.double_val.length ? t.double_val[0] : view && c.length >= 8 ? view.getFloat64(0, true) : undefined;
    case DType.HALF:
      return t.half_val.length ? halfToNumber(t.half_val[0]) : view && c.length >= 2 ? halfToNumber(view.getUint16(0, true)) : undefined;
    case DType.BFLOAT16: // stored in half_val as raw bits, like HALF
      return t.half_val.length
        ? bfloat16ToNumber(t.half_val[0])
        : view && c.length >= 2
          ? bfloat16ToNumber(view.getUint16(0, true))
          : undefined;
    case DType.INT32:
    case DType.INT16:
    case DType.INT8:
    case DType.UINT8:
      if (t.int_val.length) return t.int_val[0];
      if (!view) return undefined;
      if (t.dtype === DType.INT32) return c.length >= 4 ? view.getInt32(0, true) : undefined;
      if (t.dtype === DType.INT16) return c.length >= 2 ? view.getInt16(0, true) : undefined;
      return t.dtype === DType.INT8 ? view.getInt8(0) : view.getUint8(0);
    case DType.INT64:
      return t.int64_val.length ? int64ToNumber(t.int64_val[0]) : view && c.length >= 8 ? Number(view.getBigInt64(0, true)) : undefined;
    case DType.BOOL:
      return t.bool_val.length ? Number(t.bool_val[0]) : view ? (view.getUint8(0) ? 1 : 0) : undefined;
    default:
      return undefined;
  }
}

/**
 * The scalar carried by one Summary.Value, or undefined for images, histograms, text, hparams
 * and other non-scalar summaries. `plugins` remembers each tag's plugin across records.
 */
function summaryValueScalar(v: SummaryValueMessage, plugins: Map<string, string>): number | undefined {
  const declared = v.metadata?.plugin_data?.plugin_name;
  if (declared) plugins.set(v.tag, declared);
  if (v.value === 'simple_value') return v.simple_value;
  if (v.value !== 'tensor' || !v.tensor) return undefined;
  const plugin = declared || plugins.get(v.tag);
  // Without any plugin metadata a one-element numeric tensor is taken as a scalar (old writers).
  if (plugin && plugin !== 'scalars') return undefined;
  return tensorScalar(v.tensor);
}

/** Tails one event file. */
export class EventFileTail {
  private readonly bytes: ByteTail;
  private pending: Buffer | undefined;
  private readonly label: string;
  fileVersion: string | undefined;
  /** Complete, checksum-valid records decoded so far. */
  records = 0;

  constructor(
    readonly file: string,
    private readonly plugins = new Map<string, string>(),
    chunkBytes?: number,
    label?: string,
  ) {
    this.bytes = new ByteTail(file, chunkBytes);
    this.label = label ?? path.basename(file);
  }

  get offset(): number {
    return this.bytes.offset - (this.pending?.length ?? 0);
  }

  /** `final`: the writer is done, so an incomplete record at the end is reported and dropped. */
  poll(final = false): ScalarPoll {
    const scalars: TensorBoardScalar[] = [];
    const warnings: string[] = [];
    for (;;) {
      const chunk = this.bytes.read();
      if (chunk.restarted) {
        this.pending = undefined;
        warnings.push(`${this.label}: the file shrank or was replaced; reading it again from the start`);
      }
      if (chunk.bytes.length === 0 && !(final && this.pending)) break;
      const buf = this.pending ? Buffer.concat([this.pending, chunk.bytes]) : chunk.bytes;
      const base = this.bytes.offset - buf.length;
      const isLast = final && !chunk.more;
      const { consumed } = scanRecords(
        buf,
        0,
        buf.length,
        {
          onRecord: (data, at) => this.decode(data, base + at, scalars, warnings),
          onWarning: (message, at) => warnings.push(`${this.label}: ${message.replace(/byte \d+/, `byte ${base + at}`)}`),
        },
        isLast,
      );
      // Copy the unconsumed tail so the large read buffer can be freed.
      this.pending = consumed < buf.length ? Buffer.from(buf.subarray(consumed)) : undefined;
      if (!chunk.more) break;
    }
    return { scalars, warnings };
  }

  private decode(data: Uint8Array, at: number, scalars: TensorBoardScalar[], warnings: string[]): void {
    let event;
    try {
      event = decodeEvent(data);
    } catch (e) {
      warnings.push(`${this.label}: record at byte ${at} is not a valid Event (${(e as Error).message}); skipped`);
      return;
    }
    this.records++;
    if (event.what === 'file_version') this.fileVersion = event.file_version;
    const values = event.summary?.value;
    if (!values || values.length === 0) return;
    const step = int64ToNumber(event.step);
    for (const v of values) {
      const value = summaryValueScalar(v, this.plugins);
      if (value === undefined) continue;
      if (!Number.isSafeInteger(step) || step < 0) {
        warnings.push(`${this.label}: scalar "${v.tag}" at byte ${at} has step ${step}; skipped`);
        continue;
      }
      scalars.push({ tag: v.tag, step, wallTime: event.wall_time, value });
    }
  }
}

/** Scalars of one event file read to its end. */
export function readScalars(file: string): ScalarPoll {
  return new EventFileTail(file).poll(true);
}

/** Event files under `dir` (nested version_N/ folders included), sorted by path. */
export function findEventFiles(dir: string, maxDepth = 6): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return; // missing or unreadable: nothing there (yet)
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isFile() && e.name.startsWith(EVENT_FILE_PREFIX)) out.push(p);
      else if (e.isDirectory() && depth < maxDepth && !e.name.startsWith('.')) walk(p, depth + 1);
    }
  };
  walk(dir, 0);
  return out.sort();
}

export interface TensorBoardTailOptions {
  /** Tag → ScalarEvent name (default: RoboVLMs/Lightning mapping, see tags.ts). */
  mapTag?: (tag: string) => string;
  /** How deep to look for event files below the log directory (default 6). */
  maxDepth?: number;
  chunkBytes?: number;
}

export interface TensorBoardPoll {
  events: ScalarEvent[];
  warnings: string[];
}

export function toScalarEvent(s: TensorBoardScalar, name: string): ScalarEvent {
  return {
    v: 1,
    type: 'scalar',
    t: s.wallTime >= 0 ? s.wallTime : 0,
    step: s.step,
    name,
    value: Number.isFinite(s.value) ? s.value : null,
  };
}

/** Tails every event file under a TensorBoard log directory, turning scalars into ScalarEvents. */
export class TensorBoardTail {
  private readonly files = new Map<string, EventFileTail>();
  private readonly plugins = new Map<string, string>();
  private readonly nameCache = new Map<string, string>();
  private readonly mapTag: (tag: string) => string;

  constructor(
    readonly logDir: string,
    private readonly options: TensorBoardTailOptions = {},
  ) {
    this.mapTag = options.mapTag ?? mapRoboVLMsTag;
  }

  /** Event files found so far. */
  get eventFiles(): string[] {
    return [...this.files.keys()];
  }

  poll(final = false): TensorBoardPoll {
    const events: ScalarEvent[] = [];
    const warnings: string[] = [];
    for (const file of findEventFiles(this.logDir, this.options.maxDepth)) {
      let tail = this.files.get(file);
      if (!tail) {
        tail = new EventFileTail(file, this.plugins, this.options.chunkBytes, path.relative(this.logDir, file));
        this.files.set(file, tail);
      }
      const r = tail.poll(final);
      warnings.push(...r.warnings);
      for (const s of r.scalars) events.push(toScalarEvent(s, this.name(s.tag)));
    }
    return { events, warnings };
  }

  private name(tag: string): string {
    let n = this.nameCache.get(tag);
    if (n === undefined) {
      n = this.mapTag(tag);
      this.nameCache.set(tag, n);
    }
    return n;
  }
}

/** Every scalar under a log directory, read once, as ScalarEvents. */
export function readTensorBoardDir(logDir: string, options: TensorBoardTailOptions = {}): TensorBoardPoll {
  return new TensorBoardTail(logDir, options).poll(true);
}
