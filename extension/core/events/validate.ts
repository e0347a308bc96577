/**
 * Validation of one run-event record against schemas/events.schema.json.
 *
 * ajv validates, with one validator per event type (validating against the top-level `oneOf`
 * would try all nine branches and report nine errors for one typo): standalone code generated
 * from the schema by scripts/gen-validators.mjs, so nothing is compiled at run time.
 *
 * A hand-written check of scalar records was measured against ajv (bench/events.bench.ts, 1M
 * parsed records): 91 ns vs 116 ns per record, next to ~700 ns per line to read and JSON.parse it. Not
 * worth a second copy of the schema's rules, so ajv validates everything.
 */
import type { ValidateFunction } from 'ajv';
import type { RunEvent } from '../generated/events';
import * as v from '../generated/validators/events';

export const PROTOCOL_VERSION = 1;

const BY_TYPE: Record<RunEvent['type'], ValidateFunction> = {
  run_start: v.RunStartEvent,
  stage: v.StageEvent,
  scalar: v.ScalarEvent,
  progress: v.ProgressEvent,
  checkpoint: v.CheckpointEvent,
  eval_result: v.EvalResultEvent,
  media: v.MediaEvent,
  warning: v.WarningEvent,
  run_end: v.RunEndEvent,
};
const VALIDATORS: ReadonlyMap<string, ValidateFunction> = new Map(Object.entries(BY_TYPE));

/**
 * Returns null when `o` is a valid version-1 event, otherwise a one-line reason. The caller has
 * already handled records whose `v` is newer than this reader.
 */
export function eventProblem(o: unknown): string | null {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return 'not a JSON object';
  const rec = o as Record<string, unknown>;
  if (typeof rec.type !== 'string') return 'missing "type"';
  const validate = VALIDATORS.get(rec.type);
  if (!validate) return `unknown event type "${rec.type}"`;
  if (validate(o)) return null;
  const err = validate.errors?.[0];
  if (!err) return `invalid ${rec.type} event`;
  const where = err.instancePath || '/';
  const extra = err.keyword === 'additionalProperties' ? ` "${(err.params as { additionalProperty: string }).additionalProperty}"` : '';
  return `invalid ${rec.type} event: ${where} ${err.message ?? 'is invalid'}${extra}`;
}
