/**
 * schemas/robovlms-config.schema.json: recognising RoboVLMs configs and validating them with ajv,
 * reported as Diagnostics with exact ranges.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/robovlms-config.schema.json';
import type { Diagnostic } from '../diagnostics';
import { fromPointer, isObject, parseJson, rangeAt, type ParsedJson } from './json';

export const ROBOVLMS_SCHEMA = schema;
/** Default glob the extension applies the RoboVLMs schema and lint to (besides files with robovlm_name). */
export const DEFAULT_ROBOVLMS_GLOB = '**/configs/**/*.json';

/**
 * True for a RoboVLMs config: a JSON object with a top-level `robovlm_name` key. Takes the text of
 * a file (cheap pre-check before parsing) or an already parsed value.
 */
export function isRoboVLMsConfig(input: string | unknown): boolean {
  if (typeof input === 'string') {
    if (!/"robovlm_name"\s*:/.test(input)) return false;
    const doc = parseJson(input);
    return isObject(doc.value) && Object.prototype.hasOwnProperty.call(doc.value, 'robovlm_name');
  }
  return isObject(input as never) && Object.prototype.hasOwnProperty.call(input, 'robovlm_name');
}

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator;
}

function pathOf(pointer: string): (string | number)[] {
  return fromPointer(pointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** ajv's errors at one location folded into one readable line. */
function describeErrors(errs: ErrorObject[]): string {
  const types = new Set<string>();
  const values = new Set<string>();
  const other: string[] = [];
  for (const e of errs) {
    if (e.keyword === 'type') types.add(String((e.params as { type: string | string[] }).type).replace(/,/g, ' or '));
    else if (e.keyword === 'enum') for (const v of (e.params as { allowedValues: unknown[] }).allowedValues) values.add(JSON.stringify(v));
    else if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if') other.push(e.message ?? e.keyword);
  }
  if (values.size) return `must be one of ${[...values].join(', ')}`;
  if (other.length) return `must ${other[0].replace(/^must /, '')}`;
  if (types.size) return `must be ${[...types].join(' or ')}`;
  return errs[0]?.message ?? 'is not valid';
}

/** Validates a parsed config against the RoboVLMs schema. */
export function schemaDiagnostics(doc: ParsedJson): Diagnostic[] {
  if (doc.value === undefined) return [];
  const validate = compiled();
  if (validate(doc.value)) return [];
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of validate.errors ?? []) {
    let at = e.instancePath;
    if (e.keyword === 'required') at = `${at}/${(e.params as { missingProperty: string }).missingProperty}`;
    const list = byPath.get(at) ?? [];
    list.push(e);
    byPath.set(at, list);
  }
  const out: Diagnostic[] = [];
  for (const [pointer, errs] of byPath) {
    const path = pathOf(pointer);
    const required = errs.find((e) => e.keyword === 'required');
    if (required) {
      const parent = path.slice(0, -1);
      out.push({
        code: 'robovlms/schema-required', severity: 'error', pointer,
        message: `missing "${String(path[path.length - 1])}"${parent.length ? ` in ${parent.join('.')}` : ''}: RoboVLMs reads it unconditionally; add it`,
        range: rangeAt(doc, parent, true),
      });
      continue;
    }
    out.push({
      code: `robovlms/schema-${errs.find((e) => e.keyword !== 'anyOf')?.keyword ?? errs[0].keyword}`,
      severity: 'error', pointer,
      message: `${path.length ? path.join('.') : 'the config'} ${describeErrors(errs)}`,
      range: rangeAt(doc, path),
    });
  }
  return out;
}
