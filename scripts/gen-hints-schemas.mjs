// Generates the "hints" schemas that package.json contributes to VS Code's JSON language service
// (contributes.jsonValidation): schemas/generated/<name>.hints.json from schemas/<name>.schema.json.
//
// Why: VS Code's JSON service validates every file against the schema contributed for it, and our
// own checker (extension/vscode/language/) reports the same problems with stable codes and quick
// fixes, so each problem showed twice in Problems. A hints schema keeps what completions and hovers
// need — titles, descriptions, defaults, examples, snippets, the structure (properties, items,
// definitions, $ref, anyOf/allOf) — and drops every validation keyword, so the JSON service suggests
// and explains but never reports; our checker is the only source of diagnostics.
//
// enum values become completions that still carry their descriptions (defaultSnippets), `const`
// an example, a boolean type the examples true/false. oneOf becomes anyOf (with no constraints left,
// every oneOf branch would match and the service would report "matches multiple schemas").
//
// `npm run gen:types` regenerates them with the types; test/unit/vscode-json-contributions.test.ts
// fails while they are stale.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

export const OUT_DIR = 'schemas/generated';
export const targets = ['experiment', 'robovlms-config'];

/** Annotations kept verbatim (their values are data, not schemas). */
const ANNOTATIONS = new Set([
  'title',
  'description',
  'markdownDescription',
  'default',
  'examples',
  'defaultSnippets',
  'doNotSuggest',
  'suggestSortText',
  '$comment',
]);
/** Keywords whose value is a map of name → schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);
/** Keywords whose value is a list of schemas (oneOf is renamed to anyOf). */
const SCHEMA_LISTS = new Set(['anyOf', 'allOf', 'oneOf']);

const enumDocs = (schema, i) => schema.markdownEnumDescriptions?.[i] ?? schema.enumDescriptions?.[i];

/**
 * A hints-only copy of a schema (or sub-schema). `forNames`: the schema is a `propertyNames`
 * schema, whose completions VS Code takes from `examples` only.
 */
export function hintsOf(schema, forNames = false) {
  if (typeof schema === 'boolean') return {};
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return {};
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) out[key] = structuredClone(value);
    else if (key === '$ref') out.$ref = value;
    else if (SCHEMA_MAPS.has(key)) out[key] = Object.fromEntries(Object.entries(value).map(([k, s]) => [k, hintsOf(s)]));
    else if (SCHEMA_LISTS.has(key)) {
      const list = value.map((s) => hintsOf(s));
      out.anyOf = [...(out.anyOf ?? []), ...list];
    } else if (key === 'items') out.items = Array.isArray(value) ? value.map((s) => hintsOf(s)) : hintsOf(value);
    else if (key === 'additionalProperties' && typeof value === 'object') out.additionalProperties = hintsOf(value);
    else if (key === 'propertyNames') out.propertyNames = hintsOf(value, true);
    // Everything else (type, required, enum, const, minimum, pattern, additionalProperties: false,
    // not, if/then/else, deprecationMessage…) constrains or reports: left out.
  }
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
  if (values.length && (forNames || !values.some((_, i) => enumDocs(schema, i)))) {
    out.examples = [
      ...(out.examples ?? []),
      ...values.filter((v) => !(out.examples ?? []).some((e) => JSON.stringify(e) === JSON.stringify(v))),
    ];
  } else if (values.length) {
    const doc = (i) => enumDocs(schema, i) ?? schema.markdownDescription ?? schema.description;
    out.defaultSnippets = [
      ...(out.defaultSnippets ?? []),
      ...values.map((v, i) => ({ body: v, ...(doc(i) ? { markdownDescription: doc(i) } : {}) })),
    ];
  }
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (!values.length && types.includes('boolean') && !out.examples) out.examples = [true, false];
  return out;
}

/** The hints schema of schemas/<name>.schema.json (no $id: its $refs resolve inside the file). */
export function generate(name) {
  const schema = JSON.parse(readFileSync(`schemas/${name}.schema.json`, 'utf8'));
  const { $schema, $id: _id, ...rest } = schema;
  const hints = {
    $schema,
    $comment: `Generated from schemas/${name}.schema.json by scripts/gen-hints-schemas.mjs: completions and hovers for VS Code's JSON service, no validation (VLA Lab's own checker reports problems). Do not edit.`,
    ...hintsOf(rest),
  };
  return `${JSON.stringify(hints, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const name of targets) writeFileSync(`${OUT_DIR}/${name}.hints.json`, generate(name));
}
