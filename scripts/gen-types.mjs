// Generates TypeScript types from schemas/*.schema.json into extension/core/generated/.
// The schemas are the single source of truth; test/unit/schemas.test.ts fails when the generated
// files are stale (`npm run gen:types` refreshes them).
import { compile } from 'json-schema-to-typescript';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const targets = [
  ['experiment', 'ExperimentSpec'],
  ['robovlms-config', 'RoboVLMsConfig'],
  ['events', 'RunEvent'],
  ['run', 'RunRecord'],
  ['manifest', 'RunManifest'],
];

export async function generate(name, typeName) {
  const schema = JSON.parse(readFileSync(`schemas/${name}.schema.json`, 'utf8'));
  schema.title = typeName;
  return compile(schema, typeName, {
    bannerComment: `/* Generated from schemas/${name}.schema.json by scripts/gen-types.mjs. Do not edit. */`,
    additionalProperties: false,
    unreachableDefinitions: false,
    style: { singleQuote: true },
    cwd: 'schemas',
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  mkdirSync('extension/core/generated', { recursive: true });
  for (const [name, typeName] of targets) {
    try {
      readFileSync(`schemas/${name}.schema.json`);
    } catch {
      continue;
    }
    writeFileSync(`extension/core/generated/${name}.ts`, await generate(name, typeName));
    console.log(`extension/core/generated/${name}.ts`);
  }
}
export { targets };
