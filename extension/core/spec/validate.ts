/**
 * Validating a spec end to end: parse (exact offsets) → JSON schema (ajv) → semantic rules, and
 * for a sweep a summary of the points that would be dropped. Never throws for any text.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { UserError } from '../errors';
import { checkDocument, countBySeverity } from './check';
import { parseSpecText, rangeOfPointer, type SpecDocument } from './parse';
import { isPlainObject } from './pointer';
import { diskContext, type SpecContext } from './rules';
import { expandSweep } from './sweep';

export interface ValidationResult {
  document: SpecDocument;
  /** The parsed value (undefined when the text has none). */
  spec: unknown;
  /** Sorted by position. */
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  infos: number;
}

export interface ValidateOptions {
  /** Expand a sweep and report how many points would be dropped (default true; capped at 256 points). */
  sweepSummary?: boolean;
  /** How to name the file in messages (default: the path given). */
  displayName?: string;
}

const SWEEP_SUMMARY_MAX = 256;

function validateSpecDocument(doc: SpecDocument, ctx: SpecContext, options: ValidateOptions = {}): ValidationResult {
  const diagnostics = checkDocument(doc, ctx);
  if (
    (options.sweepSummary ?? true) &&
    isPlainObject(doc.value) &&
    isPlainObject(doc.value.sweep) &&
    !diagnostics.some((d) => d.severity === 'error')
  ) {
    const x = expandSweep(doc.value, ctx, { maxPoints: SWEEP_SUMMARY_MAX });
    if (x.dropped.length > 0) {
      const first = x.dropped[0];
      diagnostics.push({
        code: 'spec/sweep-invalid-points',
        severity: 'info',
        pointer: '/sweep',
        range: rangeOfPointer(doc, '/sweep'),
        message: `${x.dropped.length} of ${x.total - x.excluded.length} sweep points are invalid and will be dropped (e.g. ${first.name}: ${first.reasons[0]}); add them to "exclude" or run 'vla-lab expand' for the list.`,
      });
    }
  }
  return { document: doc, spec: doc.value, diagnostics, ...countBySeverity(diagnostics) };
}

/** Validates spec text. `ctx` defaults to the real disk relative to the current directory. */
export function validateSpecText(text: string, ctx: SpecContext = diskContext(process.cwd()), options?: ValidateOptions): ValidationResult {
  return validateSpecDocument(parseSpecText(text), ctx, options);
}

/** Reads and validates a spec file (paths inside it are relative to its directory). Throws UserError when unreadable. */
export function validateSpecFile(file: string, options?: ValidateOptions): ValidationResult {
  return validateSpecText(readSpecFile(file, options?.displayName), diskContext(dirname(resolve(file))), options);
}

export function readSpecFile(file: string, displayName = file): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    throw new UserError(`cannot read ${displayName}: ${why}`);
  }
}
