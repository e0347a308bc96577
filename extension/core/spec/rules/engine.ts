/**
 * The semantic rule engine: checks the schema cannot express (combinations of fields, paths on
 * disk, backend capabilities). A rule is a code, a default severity and a check that returns
 * findings (pointer + message + optional fixes). Rules read a `SpecView` of the spec with
 * defaults filled in, so they see what will actually run; they must tolerate any input (the
 * spec may also have schema errors).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import type { Severity } from '../../diagnostics';
import type { FixSpec, RangeTarget } from '../parse';
import { getAt, isPlainObject, parsePointer } from '../pointer';

export interface SpecContext {
  /** Directory that relative paths in the spec are relative to (the spec file's directory). */
  baseDir: string;
  fileExists(path: string): boolean;
  dirExists(path: string): boolean;
  /** A small metadata file's text (a dataset's info.json / features.json), undefined when unreadable; rules that need it skip without. */
  readText?(path: string): string | undefined;
  listDir?(path: string): string[];
}

/** Metadata files larger than this are not read by the rules (they run on every keystroke). */
const MAX_METADATA_BYTES = 4 * 1024 * 1024;

/** The real file system, relative to `baseDir`. Tests inject their own functions instead. */
export function diskContext(baseDir: string): SpecContext {
  return {
    baseDir,
    fileExists: (p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    },
    dirExists: (p) => {
      try {
        return statSync(p).isDirectory();
      } catch {
        return false;
      }
    },
    readText: (p) => {
      try {
        return statSync(p).size <= MAX_METADATA_BYTES ? readFileSync(p, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    listDir: (p) => {
      try {
        return readdirSync(p);
      } catch {
        return [];
      }
    },
  };
}

/** Resolves a path written in the spec: `~/` is the home directory, relative paths the spec's directory. */
export function specPath(ctx: SpecContext, p: string): string {
  if (p === '~' || p.startsWith('~/')) return resolvePath(homedir(), p.slice(2));
  return isAbsolute(p) ? p : resolvePath(ctx.baseDir, p);
}

export interface RuleFinding {
  pointer: string;
  message: string;
  /** Overrides the rule's default severity. */
  severity?: Severity;
  target?: RangeTarget;
  fixes?: FixSpec[];
}

export interface Rule {
  code: string;
  severity: Severity;
  /** One line for docs/spec.md: what the rule checks and why. */
  summary: string;
  check(spec: SpecView, ctx: SpecContext): RuleFinding[];
}

/** Typed, never-throwing reads of a (possibly invalid) spec by JSON pointer. */
export class SpecView {
  /** `raw`: as written; `resolved`: with schema defaults filled in. */
  constructor(
    readonly raw: unknown,
    readonly resolved: unknown,
  ) {}

  get(pointer: string): unknown {
    return getAt(this.resolved, parsePointer(pointer));
  }
  /** Whether the user wrote this field (rather than it coming from a default). */
  has(pointer: string): boolean {
    return getAt(this.raw, parsePointer(pointer)) !== undefined;
  }
  str(pointer: string): string | undefined {
    const v = this.get(pointer);
    return typeof v === 'string' ? v : undefined;
  }
  num(pointer: string): number | undefined {
    const v = this.get(pointer);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }
  arr(pointer: string): unknown[] {
    const v = this.get(pointer);
    return Array.isArray(v) ? v : [];
  }
  obj(pointer: string): Record<string, unknown> | undefined {
    const v = this.get(pointer);
    return isPlainObject(v) ? v : undefined;
  }
  /** Datasets of every stage with their pointers. */
  datasets(): { pointer: string; stage: number; value: Record<string, unknown> }[] {
    const out: { pointer: string; stage: number; value: Record<string, unknown> }[] = [];
    this.arr('/data/stages').forEach((stage, i) => {
      const ds = isPlainObject(stage) && Array.isArray(stage.datasets) ? stage.datasets : [];
      ds.forEach((d, j) => {
        if (isPlainObject(d)) out.push({ pointer: `/data/stages/${i}/datasets/${j}`, stage: i, value: d });
      });
    });
    return out;
  }
  evals(): { pointer: string; value: Record<string, unknown> }[] {
    return this.arr('/eval').flatMap((e, i) => (isPlainObject(e) ? [{ pointer: `/eval/${i}`, value: e }] : []));
  }
  backend(): string {
    return this.str('/backend') ?? 'builtin';
  }
}
