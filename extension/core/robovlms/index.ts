/** RoboVLMs config support: schema, `parent` inheritance, lint, compile (spec → config) and import. */
export { isRoboVLMsConfig, schemaDiagnostics, ROBOVLMS_SCHEMA, DEFAULT_ROBOVLMS_GLOB } from './schema';
export { effectiveConfig, loadEffectiveConfig, deepUpdate, readConfigFile, MergeError, type InheritOptions, type MergeMode, type ConfigFs, type EffectiveConfig } from './inherit';
export { lintRoboVLMsConfig, type LintOptions, type LintFs } from './lint';
export { compileSpec, compileSpecText, LAYOUT_KEY, type Layout } from './compile';
export { importConfig, nameFromFile, validateSpecSchema, type ImportOptions } from './import';
export { BACKBONES, byId as backboneById, byRoboVLMName as backboneByRoboVLMName, type BackboneInfo } from './backbones';
export { parseJson, type Json, type JsonObject } from './json';
export { formatJson, formatConfigText, captureTextFormat, type TextFormat } from './textFormat';
