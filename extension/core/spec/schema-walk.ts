/**
 * Walking the experiment schema: resolving local `$ref`s, finding the sub-schema of a field path
 * (for sweeps), listing every field path (for "did you mean"), and turning VS Code
 * `defaultSnippets` bodies into plain values.
 */
import { isPlainObject, parsePointer, type Segment } from './pointer';

export type Schema = Record<string, unknown>;

export function resolveRef(root: Schema, schema: unknown): Schema | undefined {
  let s = schema;
  for (let hops = 0; isPlainObject(s) && typeof s.$ref === 'string' && hops < 16; hops++) {
    const ref = s.$ref as string;
    if (!ref.startsWith('#')) return undefined;
    let cur: unknown = root;
    for (const seg of parsePointer(ref.slice(1))) cur = isPlainObject(cur) ? cur[seg] : undefined;
    s = cur;
  }
  return isPlainObject(s) ? s : undefined;
}

/** Alternatives of a schema: itself, or its anyOf/oneOf branches (resolved). */
function alternatives(root: Schema, schema: Schema): Schema[] {
  const branches = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (!Array.isArray(branches)) return [schema];
  return [schema, ...branches.map((b) => resolveRef(root, b)).filter((b): b is Schema => !!b)];
}

/**
 * The sub-schemas a value at `path` must satisfy, or undefined when no value can exist there
 * (an unknown property, an index into a non-array, a field below a scalar).
 * `true` as the result of a free-form object (`additionalProperties` not false) is returned as {}.
 */
export function schemaAtPath(root: Schema, path: readonly Segment[]): Schema | undefined {
  let cur: Schema | undefined = resolveRef(root, root);
  for (const seg of path) {
    if (!cur) return undefined;
    let next: Schema | undefined;
    for (const alt of alternatives(root, cur)) {
      const props = alt.properties as Record<string, unknown> | undefined;
      if (typeof seg === 'string' && props && Object.prototype.hasOwnProperty.call(props, seg)) {
        next = resolveRef(root, props[seg]);
      } else if (typeof seg === 'number' && alt.items !== undefined) {
        next = resolveRef(root, alt.items) ?? {};
      } else if (typeof seg === 'string' && isObjectSchema(alt) && alt.additionalProperties !== false && !alt.properties) {
        next = isPlainObject(alt.additionalProperties) ? resolveRef(root, alt.additionalProperties) : {};
      } else if (
        Object.keys(alt).length === 0 ||
        (alt.type === undefined &&
          !alt.properties &&
          !alt.items &&
          !alt.enum &&
          !alt.anyOf &&
          !alt.oneOf &&
          !alt.$ref &&
          alt.const === undefined &&
          alt.pattern === undefined)
      ) {
        next = {}; // a schema with no constraints accepts anything below it
      }
      if (next) break;
    }
    cur = next;
  }
  return cur;
}

function isObjectSchema(s: Schema): boolean {
  return s.type === 'object' || (s.type === undefined && (s.properties !== undefined || s.additionalProperties !== undefined));
}

/** Every field path of the schema (arrays as index 0), e.g. `policy.head.type`, `data.stages.0.steps`. */
export function allFieldPaths(root: Schema): string[] {
  const out: string[] = [];
  const walk = (schema: Schema | undefined, prefix: string, depth: number, seen: Set<Schema>): void => {
    if (!schema || depth > 8 || seen.has(schema)) return;
    const next = new Set(seen).add(schema);
    for (const alt of alternatives(root, schema)) {
      const props = alt.properties as Record<string, unknown> | undefined;
      for (const [k, v] of Object.entries(props ?? {})) {
        const p = prefix ? `${prefix}.${k}` : k;
        out.push(p);
        walk(resolveRef(root, v), p, depth + 1, next);
      }
      if (alt.items !== undefined) {
        const p = `${prefix}.0`;
        walk(resolveRef(root, alt.items), p, depth + 1, next);
      }
    }
  };
  walk(resolveRef(root, root), '', 0, new Set());
  return [...new Set(out)];
}

/** A `defaultSnippets` body as a plain value: `"^64"` → 64, `"${1:text}"` → "text". */
function snippetValue(body: unknown): unknown {
  if (typeof body === 'string') {
    if (body.startsWith('^')) {
      try {
        return JSON.parse(body.slice(1));
      } catch {
        return body.slice(1);
      }
    }
    return body.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\}|\$\d+/g, '');
  }
  if (Array.isArray(body)) return body.map(snippetValue);
  if (isPlainObject(body)) return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, snippetValue(v)]));
  return body;
}

/** A sensible value to insert for a missing field: its default, first snippet, or first enum value. */
export function exampleValue(root: Schema, schema: unknown): unknown {
  const s = resolveRef(root, schema);
  if (!s) return undefined;
  if (s.default !== undefined) return s.default;
  const snippets = s.defaultSnippets as { body?: unknown }[] | undefined;
  if (Array.isArray(snippets) && snippets[0]?.body !== undefined) return snippetValue(snippets[0].body);
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const alt of alternatives(root, s).slice(1)) {
    if (Array.isArray(alt.enum) && alt.enum.length > 0) return alt.enum[0];
  }
  return undefined;
}
