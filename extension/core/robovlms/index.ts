/** RoboVLMs config support: schema, `parent` inheritance, lint, compile (spec → config) and import. */
export { isRoboVLMsConfig } from './schema';
export {
  effectiveConfig,
  loadEffectiveConfig,
  readConfigFile,
  MergeError,
  type InheritOptions,
  type MergeMode,
  type ConfigFs,
  type EffectiveConfig,
} from './inherit';
export { lintRoboVLMsConfig, type LintOptions, type LintFs } from './lint';
export { compileSpec, compileSpecText, type Layout } from './compile';
export { importConfig, validateSpecSchema, type ImportOptions } from './import';
export { byId as backboneById, type BackboneInfo } from './backbones';
export { parseJson, type Json, type JsonObject } from './json';
export { formatJson, formatConfigText, captureTextFormat, type TextFormat } from './textFormat';
