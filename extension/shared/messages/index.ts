/**
 * The base of the message contract between the extension and its webviews (shared by both sides,
 * so it imports nothing outside extension/shared but the types generated from the schemas,
 * extension/core/generated/, with `import type`: erased at build, they add nothing to a bundle).
 *
 * Rules every panel follows:
 * - The webview sends `{type: 'ready'}` once its script listens; the extension sends nothing to a
 *   webview before that (messages posted earlier would be lost), then queues nothing: it sends the
 *   current state in one `init` and incremental messages after it.
 * - The extension validates EVERY incoming message with the panel's `validate…` function before
 *   use and drops (and logs) anything unknown or malformed; the webview validates what it receives
 *   too (defence in depth). Validators return a fresh object holding only the known fields.
 *
 * Panel contracts live beside this file: results.ts (results, compare, sweep), composer.ts.
 */

export interface ReadyMessage {
  type: 'ready';
}

/** What a validator returns: the message, or why it was rejected (for the log). */
export type Validated<T> = { ok: true; message: T } | { ok: false; reason: string };

/** A validator for one message type: the checked copy, or a reason. */
export type FieldCheck<T> = (msg: Record<string, unknown>) => T | string;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Builds a `validate…` function from one check per `type`. Unknown types, non-objects and
 * messages whose check returns a string (the reason) are rejected.
 */
export function messageValidator<M extends { type: string }>(checks: { [K in M['type']]: FieldCheck<Extract<M, { type: K }>> }): (
  msg: unknown,
) => Validated<M> {
  return (msg: unknown): Validated<M> => {
    if (!isPlainObject(msg)) return { ok: false, reason: 'not an object' };
    const type = msg.type;
    if (typeof type !== 'string') return { ok: false, reason: 'no "type"' };
    if (!Object.prototype.hasOwnProperty.call(checks, type)) return { ok: false, reason: `unknown type "${type.slice(0, 40)}"` };
    const result = (checks as Record<string, FieldCheck<M>>)[type](msg);
    return typeof result === 'string' ? { ok: false, reason: `${type}: ${result}` } : { ok: true, message: result };
  };
}

// ---- types derived from the generated schema types ---------------------------------------------

/** snake_case → camelCase (`num_chains` → `numChains`). */
export type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

/** An object type with camelCase keys (optionality and value types kept). */
export type CamelCased<T> = { [K in keyof T as CamelCase<K & string>]: T[K] };

/**
 * The values of a union of strings as a runtime list for `isOneOf`, checked complete against the
 * union at compile time: `allOf<'a' | 'b'>()(['a', 'b'])` (leaving out 'b' is a type error).
 */
export function allOf<U extends string>() {
  return <const A extends readonly U[]>(values: A & ([U] extends [A[number]] ? unknown : { missing: Exclude<U, A[number]> })): A => values;
}

// ---- field checks (return true when valid) -----------------------------------------------------

const MAX_STRING = 4096;

export function isShortString(v: unknown, max = MAX_STRING): v is string {
  return typeof v === 'string' && v.length <= max;
}

export function isNonEmptyString(v: unknown, max = MAX_STRING): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max;
}

export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function isInteger(v: unknown, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): v is number {
  return Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
}

export function isOneOf<T extends string>(v: unknown, values: readonly T[]): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

export function isStringArray(v: unknown, maxItems = 256, maxLength = MAX_STRING): v is string[] {
  return Array.isArray(v) && v.length <= maxItems && v.every((s) => isShortString(s, maxLength));
}

/** Numbers or nulls (a gap in a series), at most `maxItems`. */
export function isNullableNumberArray(v: unknown, maxItems: number): v is (number | null)[] {
  return Array.isArray(v) && v.length <= maxItems && v.every((x) => x === null || isFiniteNumber(x));
}

export function isNumberArray(v: unknown, maxItems: number): v is number[] {
  return Array.isArray(v) && v.length <= maxItems && v.every(isFiniteNumber);
}

/** A run key `<experiment>/<run-id>`: the two names runs/ uses, nothing that could leave the folder. */
export function isRunKey(v: unknown): v is string {
  return (
    typeof v === 'string' &&
    v.length <= 250 &&
    /^[A-Za-z0-9_.-]+\/[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v) &&
    !v.split('/').some((s) => s === '.' || s === '..')
  );
}

/** A path relative to a run directory (no absolute paths, no `..`). */
export function isRelativePath(v: unknown): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 1000) return false;
  if (v.startsWith('/') || v.startsWith('\\') || /^[A-Za-z]:/.test(v) || v.includes('\0')) return false;
  return !v.split(/[\\/]/).some((s) => s === '..');
}

/** Validates a `ready` message (every panel accepts it). */
export const readyCheck: FieldCheck<ReadyMessage> = () => ({ type: 'ready' });
