/**
 * What a run's events say (step/total, loss, speed, evaluation results, how it ended), and how a
 * worker's exit becomes a run status with a named error (out of memory, NaN loss, killed by
 * SIGKILL, …).
 */
import * as fs from 'node:fs';
import type { CheckpointEvent, EvalResultEvent, MediaEvent, RunEndEvent, RunEvent, RunStartEvent, WarningEvent } from '../generated/events';
import { readEvents } from '../events';
import { eventProblem } from '../events/validate';
import type { RunRecord } from './record';

export interface RunSummary {
  step: number | null;
  total: number | null;
  stage: string | null;
  loss: number | null;
  samplesPerS: number | null;
  etaS: number | null;
  phase: 'train' | 'eval' | null;
  /** Latest value of every scalar name. */
  latest: Record<string, { step: number; value: number | null }>;
  runStart: RunStartEvent | null;
  /** The run_end after the last run_start (a resumed run's earlier ends do not count). */
  runEnd: RunEndEvent | null;
  evals: EvalResultEvent[];
  media: MediaEvent[];
  checkpoints: CheckpointEvent[];
  /** Warning events in order (training-health alarms: codes of schemas/training-health.json). */
  warnings: WarningEvent[];
  lastEventAt: number | null;
  events: number;
}

function emptySummary(): RunSummary {
  return {
    step: null,
    total: null,
    stage: null,
    loss: null,
    samplesPerS: null,
    etaS: null,
    phase: null,
    latest: {},
    runStart: null,
    runEnd: null,
    evals: [],
    media: [],
    checkpoints: [],
    warnings: [],
    lastEventAt: null,
    events: 0,
  };
}

/** Folds events into a summary (call again with more events to update it). */
export function summarize(events: readonly RunEvent[], into: RunSummary = emptySummary()): RunSummary {
  const s = into;
  for (const e of events) {
    s.events++;
    s.lastEventAt = e.t;
    switch (e.type) {
      case 'run_start':
        s.runStart = e;
        s.runEnd = null;
        break;
      case 'run_end':
        s.runEnd = e;
        break;
      case 'progress':
        if (e.phase === 'eval') {
          s.phase = 'eval';
          break;
        }
        s.phase = 'train';
        s.step = e.step;
        s.total = e.total;
        s.samplesPerS = e.samples_per_s ?? s.samplesPerS;
        s.etaS = e.eta_s ?? null;
        if (e.stage) s.stage = e.stage;
        break;
      case 'scalar':
        s.latest[e.name] = { step: e.step, value: e.value };
        if (e.name === 'train/loss') s.loss = e.value;
        if (s.step === null || e.step > s.step) s.step = e.step;
        break;
      case 'stage':
        s.stage = e.name;
        if (e.total_steps !== undefined && s.total === null) s.total = e.total_steps;
        break;
      case 'checkpoint':
        s.checkpoints.push(e);
        break;
      case 'eval_result':
        s.evals.push(e);
        break;
      case 'media':
        s.media.push(e);
        break;
      case 'warning':
        s.warnings.push(e);
        break;
      default:
        break;
    }
  }
  return s;
}

/** Summary of a whole events.jsonl. */
export function summarizeFile(file: string): RunSummary {
  return summarize(readEvents(file).events);
}

/**
 * Summary from the last `bytes` of events.jsonl only (for listings of many runs): the newest
 * progress, loss and ending are near the end. Evaluation lists may be incomplete.
 */
export function summarizeTail(file: string, bytes = 256 * 1024): RunSummary {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return emptySummary();
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= bytes) return summarizeFile(file);
    const buf = Buffer.alloc(bytes);
    fs.readSync(fd, buf, 0, bytes, size - bytes);
    const text = buf.toString('utf8');
    const lines = text.slice(text.indexOf('\n') + 1).split('\n');
    const events: RunEvent[] = [];
    for (const l of lines) {
      if (!l.trim()) continue;
      try {
        const o = JSON.parse(l);
        if (!eventProblem(o)) events.push(o as RunEvent);
      } catch {
        /* partial line */
      }
    }
    return summarize(events);
  } finally {
    fs.closeSync(fd);
  }
}

/** Records after byte `offset` of events.jsonl (the supervisor reads what this launch wrote). */
export function eventsSince(file: string, offset: number): RunEvent[] {
  let data: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= offset) return [];
      data = Buffer.alloc(size - offset);
      fs.readSync(fd, data, 0, data.length, offset);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return [];
  }
  const out: RunEvent[] = [];
  for (const l of data.toString('utf8').split('\n')) {
    if (!l.trim()) continue;
    try {
      const o = JSON.parse(l);
      if (!eventProblem(o)) out.push(o as RunEvent);
    } catch {
      /* torn line */
    }
  }
  return out;
}

/** The last `n` lines of a text file (read from its end). */
export function tailLines(file: string, n = 20, maxBytes = 64 * 1024): string[] {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const len = Math.min(size, maxBytes);
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, size - len);
      const lines = buf.toString('utf8').split(/\r?\n/);
      if (len < size) lines.shift();
      while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
      return lines.slice(-n).map((l) => (l.length > 500 ? l.slice(0, 500) + '…' : l));
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return [];
  }
}

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  cancelRequested: boolean;
  /** The trainer's run_end for this launch, if it wrote one. */
  runEnd: RunEndEvent | null;
  stderrTail: string[];
}

export type Outcome = Pick<RunRecord, 'status' | 'error' | 'error_kind'> & { status: 'completed' | 'failed' | 'cancelled' };

const OOM_RE = /CUDA out of memory|OutOfMemoryError|torch\.cuda\.OutOfMemoryError|Cannot allocate memory|MemoryError|^Killed$/m;

/** How a worker's exit becomes a run status, with what went wrong named in one line. */
export function classifyExit(x: ExitInfo): Outcome {
  const stderrText = x.stderrTail.join('\n');
  // The last line that says something: not a traceback frame, not torchrun's own log (which says
  // only that a worker failed; the worker's line above it says why).
  const lastErr =
    [...x.stderrTail]
      .reverse()
      .find((l) => l.trim() && !/^\s*(File |\^|~)/.test(l) && !/^(ERROR|WARNING|INFO):torch\.distributed\./.test(l))
      ?.trim() ?? '';
  const end = x.runEnd;
  if (x.code === 0 && (!end || end.status === 'completed')) return { status: 'completed', error: null, error_kind: null };
  if (
    end?.status === 'cancelled' ||
    (x.cancelRequested &&
      (x.signal === 'SIGTERM' || x.signal === 'SIGKILL' || x.signal === 'SIGINT' || x.code === 143 || x.code === 137 || x.code === 130))
  ) {
    return { status: 'cancelled', error: null, error_kind: null };
  }
  if (end?.status === 'failed') {
    const kind = end.error_kind ?? null;
    const msg = end.error ?? lastErr ?? 'the trainer reported a failure';
    if (kind === 'nan') return { status: 'failed', error: /nan/i.test(msg) ? msg : `NaN loss: ${msg}`, error_kind: 'nan' };
    if (kind === 'oom') return { status: 'failed', error: /memory/i.test(msg) ? msg : `out of memory: ${msg}`, error_kind: 'oom' };
    return { status: 'failed', error: msg, error_kind: kind };
  }
  if (OOM_RE.test(stderrText)) {
    const line = x.stderrTail.find((l) => OOM_RE.test(l))?.trim() ?? '';
    return {
      status: 'failed',
      error: `out of memory${x.signal ? ` (killed by ${x.signal})` : x.code !== null ? ` (exit code ${x.code})` : ''}: ${line}`,
      error_kind: 'oom',
    };
  }
  if (x.code === 137)
    return {
      status: 'failed',
      error: "killed (exit code 137 = SIGKILL), most likely out of memory (the kernel's OOM killer)",
      error_kind: 'oom',
    };
  if (x.signal)
    return { status: 'failed', error: `killed by ${x.signal}${lastErr ? ` (last stderr line: ${lastErr})` : ''}`, error_kind: 'signal' };
  if (x.code !== null && x.code > 128 && x.code < 160) {
    return {
      status: 'failed',
      error: `exit code ${x.code} (a child process was killed by signal ${x.code - 128})${lastErr ? `: ${lastErr}` : ''}`,
      error_kind: 'signal',
    };
  }
  if (x.code === 2) return { status: 'failed', error: `the trainer refused its input: ${lastErr || 'exit code 2'}`, error_kind: 'config' };
  return { status: 'failed', error: `exited with code ${x.code}${lastErr ? `: ${lastErr}` : ''}`, error_kind: 'exception' };
}
