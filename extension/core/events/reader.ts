/**
 * Incremental reader of a run's events.jsonl (schemas/events.schema.json, one record per line).
 *
 * `EventsTail.poll()` reads only the bytes appended since the previous poll. Lines are split on
 * the byte 0x0A before decoding, so a multi-byte UTF-8 character cut by a read boundary is never
 * mis-decoded (0x0A cannot occur inside a UTF-8 sequence). A last line without its newline (the
 * writer is mid-write, or was killed) stays in a buffer until the newline arrives. Bad data never
 * throws: a line that is not JSON, fails the schema, or carries a newer protocol version is
 * skipped and reported as a warning with its line number.
 */
import { ByteTail } from './byte-tail';
import { eventProblem, PROTOCOL_VERSION } from './validate';
import type { RunEvent } from '../generated/events';

export interface PollResult {
  events: RunEvent[];
  /** One line each, e.g. `events.jsonl:12: invalid scalar event: /value must be number,null`. */
  warnings: string[];
}

export interface EventsTailOptions {
  /** A line longer than this is dropped with a warning instead of being buffered (default 16 MiB). */
  maxLineBytes?: number;
  /** Warnings reported per poll in full; the rest are summarised in one line (default 50). */
  maxWarningsPerPoll?: number;
  /** Bytes read per file read (default 8 MiB); a poll reads until it has caught up. */
  chunkBytes?: number;
  /** Name used in warnings (default: the file's base name). */
  label?: string;
}

const NEWLINE = 0x0a;

export class EventsTail {
  private readonly bytes: ByteTail;
  private readonly maxLineBytes: number;
  private readonly maxWarnings: number;
  private readonly label: string;
  /** Start of the unterminated last line read so far (bytes), or empty. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** True while skipping the rest of an over-long line. */
  private skippingLongLine = false;
  /** 1-based number of the next complete line. */
  private lineNumber = 1;
  private newerVersionsSeen = new Set<number>();
  /** Warnings over the whole life of this tail (including those summarised). */
  warningCount = 0;
  /** Whether the file existed at the last poll. */
  exists = false;

  constructor(
    readonly path: string,
    options: EventsTailOptions = {},
  ) {
    this.bytes = new ByteTail(path, options.chunkBytes);
    this.maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
    this.maxWarnings = options.maxWarningsPerPoll ?? 50;
    this.label = options.label ?? path.split(/[\\/]/).pop() ?? path;
  }

  /** Bytes of the file consumed so far (complete lines plus the buffered partial line). */
  get offset(): number {
    return this.bytes.offset;
  }

  /** Number of complete lines read so far. */
  get lines(): number {
    return this.lineNumber - 1;
  }

  poll(): PollResult {
    const events: RunEvent[] = [];
    const warnings: string[] = [];
    let warnedThisPoll = 0;
    const warn = (msg: string): void => {
      this.warningCount++;
      warnedThisPoll++;
      if (warnings.length < this.maxWarnings) warnings.push(msg);
    };
    for (;;) {
      const chunk = this.bytes.read();
      this.exists = !chunk.missing;
      if (chunk.restarted) {
        this.pending = [];
        this.pendingBytes = 0;
        this.skippingLongLine = false;
        this.lineNumber = 1;
        warn(`${this.label}: the file shrank or was replaced; reading it again from the start`);
      }
      if (chunk.bytes.length > 0) this.consume(chunk.bytes, events, warn);
      if (!chunk.more) break;
    }
    if (warnedThisPoll > warnings.length) {
      warnings.push(`${this.label}: … and ${warnedThisPoll - warnings.length} more warnings`);
    }
    return { events, warnings };
  }

  /**
   * Parses the buffered unterminated last line as if its newline had arrived: for a writer that
   * has finished (or died). A line cut mid-record is reported as a warning, never thrown.
   */
  flush(): PollResult {
    const events: RunEvent[] = [];
    const warnings: string[] = [];
    if (this.pendingBytes > 0) {
      const line = Buffer.concat(this.pending).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
      const n = this.lineNumber;
      this.parseLine(line, events, (m) => {
        this.warningCount++;
        warnings.push(
          m.startsWith(`${this.label}:${n}: not valid JSON`)
            ? `${this.label}:${n}: the last line is incomplete (the writer was probably interrupted); ignored`
            : m,
        );
      });
    }
    this.skippingLongLine = false;
    return { events, warnings };
  }

  private consume(buf: Buffer, events: RunEvent[], warn: (m: string) => void): void {
    let start = 0;
    const lastNewline = buf.lastIndexOf(NEWLINE);
    if (lastNewline < 0) {
      this.buffer(buf, warn);
      return;
    }
    // Complete the pending line with the bytes up to the first newline.
    if (this.pendingBytes > 0 || this.skippingLongLine) {
      const nl = buf.indexOf(NEWLINE);
      if (this.skippingLongLine) {
        this.skippingLongLine = false;
        this.lineNumber++;
      } else {
        this.pending.push(buf.subarray(0, nl));
        const line = Buffer.concat(this.pending).toString('utf8');
        this.pending = [];
        this.pendingBytes = 0;
        this.parseLine(line, events, warn);
      }
      start = nl + 1;
    }
    if (start <= lastNewline) {
      // Decoding the whole block of complete lines at once is much faster than line by line.
      const text = buf.toString('utf8', start, lastNewline);
      let from = 0;
      for (;;) {
        const nl = text.indexOf('\n', from);
        const line = nl < 0 ? text.slice(from) : text.slice(from, nl);
        if (line.length > this.maxLineBytes) {
          warn(`${this.label}:${this.lineNumber}: line longer than ${this.maxLineBytes} bytes; skipped`);
          this.lineNumber++;
        } else {
          this.parseLine(line, events, warn);
        }
        if (nl < 0) break;
        from = nl + 1;
      }
    }
    if (lastNewline + 1 < buf.length) this.buffer(buf.subarray(lastNewline + 1), warn);
  }

  private buffer(part: Buffer, warn: (m: string) => void): void {
    if (this.skippingLongLine) return;
    if (this.pendingBytes + part.length > this.maxLineBytes) {
      warn(`${this.label}:${this.lineNumber}: line longer than ${this.maxLineBytes} bytes; skipped`);
      this.pending = [];
      this.pendingBytes = 0;
      this.skippingLongLine = true;
      return;
    }
    // Copy: `part` may be a view into a large read buffer we do not want to keep alive.
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  private parseLine(raw: string, events: RunEvent[], warn: (m: string) => void): void {
    const n = this.lineNumber++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      warn(`${this.label}:${n}: not valid JSON; skipped`);
      return;
    }
    const v = (record as { v?: unknown } | null)?.v;
    if (typeof v === 'number' && v > PROTOCOL_VERSION) {
      const major = Math.floor(v);
      if (!this.newerVersionsSeen.has(major)) {
        this.newerVersionsSeen.add(major);
        warn(
          `${this.label}:${n}: records of protocol version ${v} are newer than this reader (${PROTOCOL_VERSION}); they are skipped (update VLA Lab)`,
        );
      } else {
        this.warningCount++;
      }
      return;
    }
    const problem = eventProblem(record);
    if (problem) {
      warn(`${this.label}:${n}: ${problem}; skipped`);
      return;
    }
    events.push(record as RunEvent);
  }
}

/**
 * Reads a whole events.jsonl once. A missing file gives no events (a run that has not written
 * any yet); a last line without a newline is parsed too, since nothing more will be appended.
 */
export function readEvents(path: string, options: EventsTailOptions = {}): PollResult & { exists: boolean } {
  const tail = new EventsTail(path, options);
  const result = tail.poll();
  const rest = tail.flush();
  result.events.push(...rest.events);
  result.warnings.push(...rest.warnings);
  return { ...result, exists: tail.exists };
}
