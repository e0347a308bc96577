/**
 * Validation of one run-event record against schemas/events.schema.json.
 *
 * The schema is compiled once with ajv, one validator per event type (validating against the
 * top-level `oneOf` would try all nine branches and report nine errors for one typo). Scalar
 * records are by far the most frequent, so they take a hand-written fast path that checks exactly
 * what the ScalarEvent definition says; only a record that fails it goes through ajv, to get the
 * message. bench/events.bench.ts measures both (the fast path is several times quicker).
 */
import Ajv, { type ValidateFunction } from 'ajv';
import schema from '../../../schemas/events.schema.json';
import type { RunEvent } from '../generated/events';

export const PROTOCOL_VERSION = 1;

const SCHEMA_ID = (schema as { $id: string }).$id;

const TYPE_TO_DEFINITION: Record<RunEvent['type'], string> = {
  run_start: 'RunStartEvent',
  stage: 'StageEvent',
  scalar: 'ScalarEvent',
  progress: 'ProgressEvent',
  checkpoint: 'CheckpointEvent',
  eval_result: 'EvalResultEvent',
  media: 'MediaEvent',
  warning: 'WarningEvent',
  run_end: 'RunEndEvent',
};

let validators: Map<string, ValidateFunction> | undefined;

function compiled(): Map<string, ValidateFunction> {
  if (!validators) {
    const ajv = new Ajv({ allErrors: false, strict: false });
    ajv.addSchema(schema);
    validators = new Map();
    for (const [type, def] of Object.entries(TYPE_TO_DEFINITION)) {
      const v = ajv.getSchema(`${SCHEMA_ID}#/definitions/${def}`);
      if (!v) throw new Error(`events schema has no definition ${def}`);
      validators.set(type, v);
    }
  }
  return validators;
}

const SCALAR_KEYS = new Set(['v', 'type', 't', 'step', 'name', 'value', 'stage']);
const SCALAR_NAME = new RegExp(
  ((schema as { definitions: { ScalarEvent: { properties: { name: { pattern: string } } } } }).definitions.ScalarEvent
    .properties.name.pattern),
);

/** Exactly the ScalarEvent definition's constraints, checked by hand. */
function isValidScalar(o: Record<string, unknown>): boolean {
  const t = o.t, step = o.step, value = o.value;
  if (o.v !== 1 || typeof t !== 'number' || !(t >= 0)) return false;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) return false;
  if (value !== null && typeof value !== 'number') return false;
  if (o.stage !== undefined && typeof o.stage !== 'string') return false;
  if (typeof o.name !== 'string' || !SCALAR_NAME.test(o.name)) return false;
  for (const k in o) if (!SCALAR_KEYS.has(k)) return false;
  return true;
}

/**
 * Returns null when `o` is a valid version-1 event, otherwise a one-line reason. The caller has
 * already handled records whose `v` is newer than this reader.
 */
export function eventProblem(o: unknown): string | null {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return 'not a JSON object';
  const rec = o as Record<string, unknown>;
  if (rec.type === 'scalar' && isValidScalar(rec)) return null;
  if (typeof rec.type !== 'string') return 'missing "type"';
  const validate = compiled().get(rec.type);
  if (!validate) return `unknown event type "${rec.type}"`;
  if (validate(o)) return null;
  const err = validate.errors?.[0];
  if (!err) return `invalid ${rec.type} event`;
  const where = err.instancePath || '/';
  const extra = err.keyword === 'additionalProperties'
    ? ` "${(err.params as { additionalProperty: string }).additionalProperty}"`
    : '';
  return `invalid ${rec.type} event: ${where} ${err.message ?? 'is invalid'}${extra}`;
}

/** Validation through ajv only (no fast path); exported for the benchmark. */
export function eventProblemAjvOnly(o: Record<string, unknown>): boolean {
  const validate = compiled().get(String(o.type));
  return validate ? validate(o) as boolean : false;
}
