/**
 * `resolveSpec`: the spec with every schema default filled in — what the runner writes as a run's
 * spec.json, so the trainer never guesses a default of its own. `specHash`: a content hash of a
 * spec that Python can recompute (see canonicalJson).
 */
import { createHash } from 'node:crypto';
import { cloneJson, isPlainObject, setOwn } from './pointer';
import { experimentSchema } from './schema';
import { resolveRef, type Schema } from './schema-walk';

/**
 * Fills defaults on a deep copy: a present object gets its missing properties' defaults; an
 * absent optional section is created when it has defaults and no required properties (so
 * `policy`, `train`, `resources`… always appear; `backbone` and `data` need the user's choices).
 * Items of arrays (stages, datasets, eval entries) are filled the same way. `sweep` and
 * free-form objects (`robovlms.overrides`) are left as written.
 */
export function resolveSpec<T>(spec: T): T {
  const copy = cloneJson(spec);
  fill(experimentSchema, copy, 0);
  return copy;
}

function fill(schema: Schema | undefined, value: unknown, depth: number): void {
  if (!schema || depth > 16) return;
  if (Array.isArray(value)) {
    const items = resolveRef(experimentSchema, schema.items);
    for (const v of value) fill(items, v, depth + 1);
    return;
  }
  if (!isPlainObject(value)) return;
  const props = schema.properties as Record<string, unknown> | undefined;
  if (!props) return;
  for (const [key, raw] of Object.entries(props)) {
    if (key === 'sweep') continue;
    const sub = resolveRef(experimentSchema, raw);
    if (!sub) continue;
    if (!Object.prototype.hasOwnProperty.call(value, key)) {
      if (sub.default !== undefined) setOwn(value, key, cloneJson(sub.default));
      else if (sub.type === 'object' && !(Array.isArray(sub.required) && sub.required.length) && hasDefaults(sub)) setOwn(value, key, {});
      else continue;
    }
    fill(sub, value[key], depth + 1);
  }
}

function hasDefaults(schema: Schema): boolean {
  const props = schema.properties as Record<string, unknown> | undefined;
  return Object.values(props ?? {}).some((p) => resolveRef(experimentSchema, p)?.default !== undefined);
}

// ---- Canonical JSON, byte-identical to Python's json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False) ----

/**
 * Python's repr() of a float (what json.dumps writes): the shortest round-trip digits — the same
 * digits JavaScript prints — laid out the Python way: fixed notation for decimal exponents -4..15,
 * scientific otherwise, with a signed two-digit-minimum exponent (1e-05, 1e+16).
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const [mant, expStr] = x.toExponential().split('e');
  const exp = Number(expStr);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) out = '0.' + '0'.repeat(-exp - 1) + digits;
    else if (digits.length <= exp + 1) out = digits + '0'.repeat(exp + 1 - digits.length) + '.0';
    else out = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return neg ? '-' + out : out;
}

/** Code-point order (Python sorts str keys by code point; JS's default sort uses UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done === y.done ? 0 : x.done ? -1 : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/**
 * Canonical JSON of a value as Python sees it after reading our JSON.stringify output: numbers
 * JavaScript writes without a fraction or exponent (integers below 1e21) are Python ints; every
 * other number is a Python float.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    const js = JSON.stringify(value); // NaN/Infinity → null, as JSON.stringify would write them
    if (js === 'null') return 'null';
    return /^-?\d+$/.test(js) ? js : pythonFloatRepr(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort(compareCodePoints);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return 'null';
}

/** sha256 (hex) of canonicalJson(spec): equal to Python's hashlib.sha256(json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest(). */
export function specHash(spec: unknown): string {
  return createHash('sha256').update(canonicalJson(spec), 'utf8').digest('hex');
}
