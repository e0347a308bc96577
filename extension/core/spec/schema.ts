/**
 * JSON-schema validation of a spec with ajv (draft-07, all errors), mapped to Diagnostics with
 * stable codes `schema/<ajv keyword>`, the offending node's range, a message that says what to do
 * and quick fixes where the intent is obvious. The validator is ajv's standalone code, generated
 * from the schema by scripts/gen-validators.mjs: nothing is compiled at run time.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics';
import { validate as experimentValidate } from '../generated/validators/experiment';
import { SCHEMAS } from '../schemas';
import { rangeOfPointer, toQuickFix, type FixSpec, type RangeTarget, type SpecDocument } from './parse';
import { displayPath, escapeSegment, getAt, isPlainObject, parsePointer } from './pointer';
import { exampleValue, resolveRef, type Schema } from './schema-walk';
import { closest, listValues } from './suggest';

export const experimentSchema = SCHEMAS.experiment as Schema;

/** The experiment validator (every error, verbose: each error carries its schema and data). */
function experimentValidator(): ValidateFunction {
  return experimentValidate;
}

/** Raw ajv errors for a value (no text needed). */
function schemaErrors(value: unknown): ErrorObject[] {
  const validate = experimentValidator();
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

interface Finding {
  code: string;
  pointer: string;
  message: string;
  /** Default `node`: the whole offending value, as VS Code's JSON mode marks it. */
  target?: RangeTarget;
  fixes?: FixSpec[];
}

/** Schema diagnostics for a parsed document (nothing when the document has no usable value). */
export function schemaDiagnostics(doc: SpecDocument): Diagnostic[] {
  if (doc.broken || doc.value === undefined) return [];
  const findings = mapErrors(schemaErrors(doc.value), doc.value);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const f of findings) {
    // A type error can come twice (the field's own `type` and an anyOf branch): keep the first.
    const key = f.code === 'schema/type' ? `${f.code}|${f.pointer}` : `${f.code}|${f.pointer}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fixes = (f.fixes ?? []).map((fx) => toQuickFix(doc, fx)).filter((q) => q !== undefined);
    out.push({
      code: f.code,
      severity: 'error',
      message: f.message.startsWith('the spec') ? 'T' + f.message.slice(1) : f.message,
      pointer: f.pointer,
      range: rangeOfPointer(doc, f.pointer, f.target ?? 'node'),
      ...(fixes.length ? { fixes } : {}),
    });
  }
  return out.sort((a, b) => a.range.offset - b.range.offset);
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a number';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

const A: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** Turns ajv errors into findings, merging the branches of a failed anyOf into one message. */
function mapErrors(errors: ErrorObject[], root: unknown): Finding[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const branchOf = (e: ErrorObject) =>
    anyOfs.find((a) => a !== e && a.instancePath === e.instancePath && e.schemaPath.startsWith(a.schemaPath + '/'));
  const out: Finding[] = [];
  for (const e of errors) {
    // Errors inside propertyNames repeat the propertyNames error without naming the key.
    if (branchOf(e) || e.schemaPath.includes('/propertyNames/')) continue;
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf')
      out.push(
        ...anyOfFinding(
          e,
          errors.filter((b) => branchOf(b) === e),
          root,
        ),
      );
    else out.push(...finding(e, root));
  }
  return out;
}

function anyOfFinding(e: ErrorObject, branches: ErrorObject[], root: unknown): Finding[] {
  const value = getAt(root, parsePointer(e.instancePath));
  const values = branches.filter((b) => b.keyword === 'enum').flatMap((b) => (b.params as { allowedValues: unknown[] }).allowedValues);
  const others = ((e.schema as unknown[]) ?? [])
    .map((s) => resolveRef(experimentSchema, s))
    .filter((s) => s && !Array.isArray(s.enum) && typeof s.description === 'string')
    .map((s) => s!.description as string);
  const where = displayPath(e.instancePath);
  if (typeof value === 'string' && values.length) {
    const suggestion = closest(
      value,
      values.filter((v): v is string => typeof v === 'string'),
    );
    const allowed = `Use ${listValues(values)}${others.length ? ` or ${others.join(' or ')}` : ''}.`;
    return [
      {
        code: 'schema/enum',
        pointer: e.instancePath,
        message: `${describeValue(value)} is not a valid ${where}${suggestion ? `: did you mean "${suggestion}"?` : '.'} ${allowed}`,
        fixes: suggestion
          ? [{ title: `Change to "${suggestion}"`, ops: [{ op: 'set', pointer: e.instancePath, value: suggestion }], preferred: true }]
          : [],
      },
    ];
  }
  const typeErr = branches.find((b) => b.keyword === 'type');
  if (typeErr && values.length === 0) return finding(typeErr, root);
  if (typeErr && !branches.some((b) => b.keyword === 'enum' && typeof value === 'string')) {
    return [
      {
        code: 'schema/type',
        pointer: e.instancePath,
        message: `${where} must be ${A[String(typeErr.params.type)] ?? typeErr.params.type}, not ${typeName(value)}.`,
      },
    ];
  }
  return [
    {
      code: `schema/${e.keyword}`,
      pointer: e.instancePath,
      message: `${where} matches none of the allowed forms: ${branches.map((b) => b.message).join('; ')}.`,
    },
  ];
}

function finding(e: ErrorObject, root: unknown): Finding[] {
  const p = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as Schema;
  const pointer = e.instancePath;
  const where = displayPath(pointer);
  const value = e.data;
  switch (e.keyword) {
    case 'required': {
      const missing = String(p.missingProperty);
      const example = exampleValue(experimentSchema, (parent.properties as Record<string, unknown> | undefined)?.[missing]);
      const inWhat = pointer === '' ? '' : ` in ${where}`;
      return [
        {
          code: 'schema/required',
          pointer,
          target: 'key',
          message: `Missing required property "${missing}"${inWhat}: add it${example !== undefined && !isPlainObject(example) && !Array.isArray(example) ? ` (e.g. "${missing}": ${JSON.stringify(example)})` : ''}.`,
          fixes:
            example !== undefined
              ? [
                  {
                    title: `Add "${missing}"`,
                    ops: [{ op: 'set', pointer: `${pointer}/${escapeSegment(missing)}`, value: example }],
                    preferred: true,
                  },
                ]
              : [],
        },
      ];
    }
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((parent.properties as object | undefined) ?? {});
      const present = isPlainObject(value) ? value : {};
      const suggestion = closest(
        key,
        known.filter((k) => !Object.prototype.hasOwnProperty.call(present, k)),
      );
      const keyPointer = `${pointer}/${escapeSegment(key)}`;
      const inWhat = pointer === '' ? 'at the top level' : `in ${where}`;
      const hint = suggestion ? `did you mean "${suggestion}"?` : known.length ? `allowed: ${known.join(', ')}.` : 'remove it.';
      const fixes: FixSpec[] = [];
      if (suggestion)
        fixes.push({
          title: `Rename to "${suggestion}"`,
          ops: [{ op: 'rename', pointer: keyPointer, newKey: suggestion }],
          preferred: true,
        });
      fixes.push({ title: `Remove "${key}"`, ops: [{ op: 'remove', pointer: keyPointer }], preferred: !suggestion });
      return [
        {
          code: 'schema/additionalProperties',
          pointer: keyPointer,
          target: 'key',
          message: `Unknown property "${key}" ${inWhat}: ${hint}`,
          fixes,
        },
      ];
    }
    case 'enum': {
      const values = (p.allowedValues as unknown[]) ?? [];
      const suggestion =
        typeof value === 'string'
          ? closest(
              value,
              values.filter((v): v is string => typeof v === 'string'),
            )
          : undefined;
      return [
        {
          code: 'schema/enum',
          pointer,
          message: `${describeValue(value)} is not a valid ${where}${suggestion ? `: did you mean "${suggestion}"?` : '.'} Allowed: ${listValues(values)}.`,
          fixes: suggestion
            ? [{ title: `Change to "${suggestion}"`, ops: [{ op: 'set', pointer, value: suggestion }], preferred: true }]
            : [],
        },
      ];
    }
    case 'type': {
      const want = String(p.type);
      const fixes: FixSpec[] = [];
      const converted = convert(value, want);
      if (converted !== undefined)
        fixes.push({ title: `Change to ${JSON.stringify(converted)}`, ops: [{ op: 'set', pointer, value: converted }], preferred: true });
      return [
        {
          code: 'schema/type',
          pointer,
          message: `${where} must be ${want
            .split(',')
            .map((t) => A[t] ?? t)
            .join(
              ' or ',
            )}, not ${typeName(value)}${converted === undefined ? '' : typeof value === 'string' ? ` (write ${JSON.stringify(converted)} without quotes)` : ` (write ${JSON.stringify(converted)})`}.`,
          fixes,
        },
      ];
    }
    case 'pattern': {
      const custom = typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : `it must match ${String(p.pattern)}.`;
      return [{ code: 'schema/pattern', pointer, message: `${describeValue(value)} is not a valid ${where}: ${custom}` }];
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const sym = { minimum: '≥', maximum: '≤', exclusiveMinimum: '>', exclusiveMaximum: '<' }[e.keyword];
      const limit = p.limit as number;
      const fixes: FixSpec[] =
        e.keyword === 'minimum' || e.keyword === 'maximum'
          ? [{ title: `Change to ${limit}`, ops: [{ op: 'set', pointer, value: limit }] }]
          : [];
      return [
        { code: `schema/${e.keyword}`, pointer, message: `${where} must be ${sym} ${limit} (it is ${describeValue(value)}).`, fixes },
      ];
    }
    case 'minItems':
    case 'maxItems': {
      const n = p.limit as number;
      return [
        {
          code: `schema/${e.keyword}`,
          pointer,
          message: `${where} must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${n} item${n === 1 ? '' : 's'}.`,
        },
      ];
    }
    case 'minLength':
    case 'maxLength': {
      const n = p.limit as number;
      return [
        {
          code: `schema/${e.keyword}`,
          pointer,
          message:
            n === 1 && e.keyword === 'minLength'
              ? `${where} must not be empty.`
              : `${where} must be ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${n} characters long.`,
        },
      ];
    }
    case 'minProperties':
      return [
        {
          code: 'schema/minProperties',
          pointer,
          message: `${where} must not be empty: add at least ${p.limit} entr${p.limit === 1 ? 'y' : 'ies'}.`,
        },
      ];
    case 'uniqueItems': {
      const dup = `${pointer}/${p.i}`;
      return [
        {
          code: 'schema/uniqueItems',
          pointer: dup,
          message: `${where} lists ${describeValue(getAt(root, parsePointer(dup)))} twice (items ${p.j} and ${p.i}): remove one.`,
          fixes: [{ title: 'Remove the duplicate', ops: [{ op: 'remove', pointer: dup }], preferred: true }],
        },
      ];
    }
    case 'propertyNames': {
      const name = String(p.propertyName);
      return [
        {
          code: 'schema/propertyNames',
          pointer: `${pointer}/${escapeSegment(name)}`,
          target: 'key',
          message: `"${name}" is not a valid key in ${where}: use a dot-separated field path such as "policy.head.type".`,
        },
      ];
    }
    default:
      return [{ code: `schema/${e.keyword}`, pointer, message: `${where} ${e.message ?? 'is invalid'}.` }];
  }
}

/** The value a wrongly typed scalar most likely meant ("8" → 8, "true" → true, 8 → "8"). */
function convert(value: unknown, want: string): unknown {
  if (typeof value === 'string') {
    const t = value.trim();
    if ((want === 'number' || want === 'integer') && t !== '' && Number.isFinite(Number(t))) {
      const n = Number(t);
      return want === 'integer' && !Number.isInteger(n) ? undefined : n;
    }
    if (want === 'boolean' && (t === 'true' || t === 'false')) return t === 'true';
  }
  if (want === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  if (want === 'array' && value !== undefined && !Array.isArray(value) && !isPlainObject(value)) return [value];
  return undefined;
}
