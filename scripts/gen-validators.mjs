// Compiles the JSON schemas that are validated at run time into standalone validator modules
// (ajv's standalone code generation) in extension/core/generated/validators/, so neither the CLI nor
// the extension compiles a schema when it starts: `vla-lab validate` loads plain functions.
// test/unit/schemas.test.ts fails when the generated files are stale (`npm run gen:types`
// refreshes them along with the types).
//
// Each module keeps the ajv options its validator always had (they decide which errors come back,
// and the spec diagnostics are built from them); the schema text is imported from schemas/, not
// copied into the code.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

export const OUT_DIR = 'extension/core/generated/validators';

/** VS Code's JSON-schema extensions: annotations that ajv must accept and ignore. */
export const VSCODE_KEYWORDS = [
  'markdownDescription',
  'markdownEnumDescriptions',
  'enumDescriptions',
  'defaultSnippets',
  'patternErrorMessage',
  'deprecationMessage',
  'errorMessage',
  'doNotSuggest',
  'suggestSortText',
  'enumSortTexts',
  'enumDetails',
  'completionDetail',
];

/** The ajv instance for our schemas: draft-07, every error, standard formats (date-time…), VS Code's extra keywords allowed. */
export function createAjv(options = {}) {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    logger: false,
    ...options,
  });
  addFormats(ajv);
  ajv.addVocabulary(VSCODE_KEYWORDS);
  return ajv;
}

const EVENT_DEFINITIONS = [
  'RunStartEvent',
  'StageEvent',
  'ScalarEvent',
  'ProgressEvent',
  'CheckpointEvent',
  'EvalResultEvent',
  'MediaEvent',
  'WarningEvent',
  'RunEndEvent',
];

/**
 * name → how its validators are made. `exports` (for multi-export modules) maps an export name to
 * a schema reference; without it the module exports `validate` for the whole schema.
 */
export const targets = {
  // The spec: every error with its schema and data (verbose), mapped to diagnostics by core/spec/schema.ts.
  experiment: { ajv: (code) => createAjv({ code }) },
  // One validator per record type (validating against the top-level oneOf would report nine errors
  // for one typo); the first error is enough for core/events/validate.ts.
  events: {
    ajv: (code) => new Ajv({ allErrors: false, strict: false, code }),
    exports: (schema) => Object.fromEntries(EVENT_DEFINITIONS.map((d) => [d, `${schema.$id}#/definitions/${d}`])),
  },
  'robovlms-config': { ajv: (code) => new Ajv({ allErrors: true, strict: false, code }) },
  // manifest.json travels with run folders: read only after it validates (core/manifest).
  manifest: { ajv: (code) => createAjv({ allErrors: false, verbose: false, code }) },
};

/** ajv's serialisation of a schema value in generated code (JSON with U+2028/2029 escaped). */
const stringify = (x) =>
  JSON.stringify(x)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/** Every object or array inside `schema`, by its serialisation → a JS expression reaching it from `root`. */
function subschemaIndex(schema, root) {
  const index = new Map();
  const walk = (v, expr) => {
    if (typeof v !== 'object' || v === null) return;
    const key = stringify(v);
    if (!index.has(key)) index.set(key, expr);
    for (const [k, child] of Object.entries(v))
      walk(child, Array.isArray(v) ? `${expr}[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `${expr}.${k}` : `${expr}[${JSON.stringify(k)}]`);
  };
  walk(schema, root);
  return index;
}

/** The TypeScript source of extension/core/generated/validators/<name>.ts. */
export function generate(name) {
  const target = targets[name];
  const schema = JSON.parse(readFileSync(`schemas/${name}.schema.json`, 'utf8'));
  const ajv = target.ajv({ source: true, esm: true, lines: true });
  let code;
  if (target.exports) {
    ajv.addSchema(schema);
    code = standaloneCode(ajv, target.exports(schema));
  } else {
    code = standaloneCode(ajv, ajv.compile(schema));
  }
  // Schema constants become references into the imported schema instead of copies of its text.
  const index = subschemaIndex(schema, 'schema');
  const exported = [];
  const lines = [];
  for (const line of code.split('\n')) {
    const constant = /^const (schema\d+) = (.*);$/.exec(line);
    const exportLine = /^export const ([A-Za-z_$][\w$]*) = (validate\d+);$/.exec(line);
    if (constant && index.has(constant[2])) lines.push(`const ${constant[1]} = ${index.get(constant[2])};`);
    else if (exportLine) exported.push(exportLine);
    else if (/^export default validate\d+;$/.test(line) || line === '"use strict";') continue;
    else lines.push(line);
  }
  if (exported.length === 0) throw new Error(`${name}: standalone code exports nothing`);
  return [
    `/* Generated from schemas/${name}.schema.json by scripts/gen-validators.mjs (ajv standalone). Do not edit. */`,
    '// @ts-nocheck',
    "import type { ValidateFunction } from 'ajv';",
    `import schema from '../../../../schemas/${name}.schema.json';`,
    '',
    ...lines,
    '',
    ...exported.map(([, exportName, fn]) => `export const ${exportName}: ValidateFunction = ${fn};`),
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  mkdirSync(OUT_DIR, { recursive: true });
  for (const name of Object.keys(targets)) {
    writeFileSync(`${OUT_DIR}/${name}.ts`, generate(name));
    console.log(`${OUT_DIR}/${name}.ts`);
  }
}
