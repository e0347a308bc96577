/**
 * import(config) → spec, such that compile(import(c)) reproduces c key for key, value for value
 * and in the same key order.
 *
 * Mapped keys become spec fields (mapping.ts) when the spec can hold them; every other key goes
 * verbatim into `robovlms.overrides`, nested as in the config, and so does a mapped value that the
 * spec field cannot reproduce exactly (e.g. `"precision": "16"`, which the spec reads as fp16 but
 * compile would spell "16-mixed"). A spec field that the experiment schema refuses (a window of 0,
 * a string where a number belongs…) is dropped and its key stays in the overrides. Last, import
 * compiles the spec and records in `overrides.__layout__` what the template would add (`omit`) and
 * where key orders differ (`order`), then checks the round trip. Given the file's text, import also
 * records how it was written (`format`: textFormat.ts), so that compileSpecText gives the same bytes.
 */
import specSchema from '../../../schemas/experiment.schema.json';
import { UserError } from '../errors';
import { validate as specValidator } from '../generated/validators/experiment';
import { compileSpec, LAYOUT_KEY, templateFor, type Layout } from './compile';
import { clone, deepEqual, isObject, orderedEqual, setOwn, toPointer, fromPointer, type Json, type JsonObject } from './json';
import { CONTAINERS, MAPPED, MAPPINGS, deletePath, getPath } from './mapping';
import { captureTextFormat } from './textFormat';

/** ajv validator of schemas/experiment.schema.json (the spec contract; the one core/spec uses). */
export function validateSpecSchema(spec: unknown): { ok: boolean; errors: { instancePath: string; keyword: string; message?: string }[] } {
  const ok = specValidator(spec) as boolean;
  return {
    ok,
    errors: (specValidator.errors ?? []).map((e) => ({ instancePath: e.instancePath, keyword: e.keyword, message: e.message })),
  };
}

export interface ImportOptions {
  /** Experiment name (default: derived from `fileName`, else "imported"). */
  name?: string;
  /** The config's file name, for the default name. */
  fileName?: string;
  /** The config file's text (of which the config is the value): its literals and whitespace are kept. */
  text?: string;
}

/** A spec name (letters, digits, - _ .) from a file name such as finetune_llava-mpt-7b_..._wd=0.json. */
function nameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
  const cleaned = base
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return cleaned || 'imported';
}

const SPEC_ORDER = [
  '$schema',
  'name',
  'description',
  'backend',
  'backbone',
  'policy',
  'observation',
  'action',
  'data',
  'train',
  'eval',
  'resources',
  'robovlms',
  'sweep',
];

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** Orders the keys of spec objects as the experiment schema lists them (a readable spec). */
function orderBySchema(v: Json, node: SchemaNode | undefined): Json {
  const defs = (specSchema as unknown as { definitions: Record<string, SchemaNode> }).definitions;
  while (node?.$ref) node = defs[node.$ref.replace('#/definitions/', '')];
  if (Array.isArray(v)) return v.map((x) => orderBySchema(x, node?.items));
  if (!isObject(v) || !node?.properties) return v;
  const out: JsonObject = {};
  const keys = [...Object.keys(node.properties).filter((k) => k in v), ...Object.keys(v).filter((k) => !(k in node!.properties!))];
  for (const k of keys) setOwn(out, k, orderBySchema(v[k], node.properties[k]));
  return out;
}

/** Drops spec fields the experiment schema refuses, innermost first, until it validates. */
function pruneInvalid(spec: JsonObject): void {
  for (let round = 0; round < 50; round++) {
    const { ok, errors } = validateSpecSchema(spec);
    if (ok) return;
    const paths = errors.map((e) => fromPointer(e.instancePath)).filter((p) => p.length > 0);
    if (paths.length === 0) throw new Error(`import produced a spec the schema refuses at its root: ${JSON.stringify(errors)}`);
    // The deepest path first, so that a bad array item goes before its siblings' indices shift.
    paths.sort((a, b) => b.length - a.length);
    const path = paths[0].map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    deletePath(spec, path);
  }
  throw new Error('import could not make the spec valid');
}

function buildOverrides(config: JsonObject, spec: JsonObject, verbatim: boolean): JsonObject {
  const out: JsonObject = {};
  const tpl = templateFor(spec, config);
  // A mapped value compile would write by itself needs no override (a derived one only where the
  // template has the key, since compile does not add derived keys the template lacks).
  const reproduced = (m: (typeof MAPPINGS)[number], v: Json) =>
    deepEqual(m.get(spec), v) && (m.put !== undefined || getPath(tpl, m.config) !== undefined);
  for (const k of Object.keys(config)) {
    const v = config[k];
    if (verbatim) {
      setOwn(out, k, clone(v));
      continue;
    }
    if (MAPPED.has(k)) {
      const m = MAPPINGS.find((x) => x.config.length === 1 && x.config[0] === k)!;
      if (!reproduced(m, v)) setOwn(out, k, clone(v));
    } else if (CONTAINERS.has(k) && isObject(v)) {
      const sub: JsonObject = {};
      for (const sk of Object.keys(v)) {
        const m = MAPPED.has(k + '\u0000' + sk)
          ? MAPPINGS.find((x) => x.config.length === 2 && x.config[0] === k && x.config[1] === sk)
          : undefined;
        if (m && reproduced(m, v[sk])) continue;
        setOwn(sub, sk, clone(v[sk]));
      }
      if (Object.keys(sub).length > 0) setOwn(out, k, sub);
    } else {
      setOwn(out, k, clone(v));
    }
  }
  return out;
}

/** Pointers of keys present in `made` but not in `orig`. */
function extraKeys(made: Json, orig: Json, path: string[], acc: string[]): string[] {
  if (!isObject(made) || !isObject(orig)) return acc;
  for (const k of Object.keys(made)) {
    if (!Object.prototype.hasOwnProperty.call(orig, k)) acc.push(toPointer([...path, k]));
    else extraKeys(made[k], orig[k], [...path, k], acc);
  }
  return acc;
}

function orderDiffs(made: Json, orig: Json, path: string[], acc: Record<string, string[]>): Record<string, string[]> {
  if (!isObject(made) || !isObject(orig)) return acc;
  const a = Object.keys(made);
  const b = Object.keys(orig);
  if (a.length !== b.length || a.some((k, i) => k !== b[i])) acc[toPointer(path)] = b;
  for (const k of b) if (Object.prototype.hasOwnProperty.call(made, k)) orderDiffs(made[k], orig[k], [...path, k], acc);
  return acc;
}

function withOverrides(spec: JsonObject, overrides: JsonObject): JsonObject {
  const s = clone(spec);
  if (Object.keys(overrides).length > 0) setOwn(s, 'robovlms', { overrides });
  return s;
}

function attempt(config: JsonObject, spec: JsonObject, verbatim: boolean): JsonObject | undefined {
  const overrides = buildOverrides(config, spec, verbatim);
  const layout: Layout = {};
  const omit = extraKeys(compileSpec(withOverrides(spec, overrides)), config, [], []);
  if (omit.length) layout.omit = omit;
  const setLayout = () => {
    delete overrides[LAYOUT_KEY];
    if (layout.omit || layout.order) setOwn(overrides, LAYOUT_KEY, layout as unknown as Json);
  };
  setLayout();
  const order = orderDiffs(compileSpec(withOverrides(spec, overrides)), config, [], {});
  if (Object.keys(order).length) layout.order = order;
  setLayout();
  const result = withOverrides(spec, overrides);
  return orderedEqual(compileSpec(result), config) ? result : undefined;
}

/** Imports a RoboVLMs config (an object, e.g. parsed from its file) as a VLA Lab spec. */
export function importConfig(configIn: unknown, opts: ImportOptions = {}): JsonObject {
  if (!isObject(configIn as Json)) throw new UserError('a RoboVLMs config must be a JSON object');
  const config = configIn as JsonObject;
  if (Object.prototype.hasOwnProperty.call(config, LAYOUT_KEY)) {
    throw new UserError(
      `the config has a top-level "${LAYOUT_KEY}" key, which VLA Lab reserves for import bookkeeping (RoboVLMs does not read it): rename or remove it`,
    );
  }
  const name = opts.name ?? (opts.fileName ? nameFromFile(opts.fileName) : 'imported');
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) {
    throw new UserError(`--name "${name}" is not a valid experiment name: use 1-100 letters, digits, '-', '_' or '.'`);
  }
  const spec: JsonObject = { name, backend: 'robovlms' };
  for (const m of MAPPINGS) {
    const v = getPath(config, m.config);
    if (v !== undefined && m.put) m.put(v, spec, config);
  }
  pruneInvalid(spec);

  // The mapped spec first; if compile cannot reproduce the config from it (a corner the mapping
  // does not foresee), keep the whole config verbatim in the overrides, which always round-trips.
  const result = attempt(config, spec, false) ?? attempt(config, spec, true);
  if (!result) throw new Error('import: compile(import(config)) does not reproduce the config; please report this config');
  const format = opts.text === undefined ? undefined : captureTextFormat(opts.text, config);
  if (format) {
    const robovlms = (result.robovlms ??= { overrides: {} }) as JsonObject;
    const overrides = robovlms.overrides as JsonObject;
    const layout = (isObject(overrides[LAYOUT_KEY]) ? overrides[LAYOUT_KEY] : {}) as JsonObject;
    setOwn(layout, 'format', format as unknown as Json);
    setOwn(overrides, LAYOUT_KEY, layout);
  }
  const ordered: JsonObject = {};
  for (const k of SPEC_ORDER) {
    if (result[k] === undefined) continue;
    const section = (specSchema as SchemaNode).properties?.[k];
    setOwn(ordered, k, k === 'robovlms' ? result[k] : orderBySchema(result[k], section));
  }
  return ordered;
}
