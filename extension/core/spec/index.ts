/**
 * The experiment-spec core: the public API other modules (CLI, VS Code glue, RoboVLMs support,
 * runner, composer) use. Nothing here imports `vscode`; nothing throws on bad spec text.
 *
 *   parseSpecText(text)            → SpecDocument (tree with offsets, value, json/parse diagnostics)
 *   validateSpecText(text, ctx?)   → { spec, diagnostics, errors, warnings, infos }
 *   validateSpecFile(path)         → the same, paths relative to the file (UserError if unreadable)
 *   expandSweep(spec, ctx?)        → { points, dropped (with reasons), excluded, total }
 *   resolveSpec(spec)              → a copy with every schema default filled in (the run's spec.json)
 *   specHash(spec)                 → sha256 of canonical JSON, equal to Python's json.dumps(sort_keys…)
 *   estimateCost(spec)             → parameters and training memory (an estimate; see cost.ts)
 *   rangeOfPointer(doc, pointer)   → the text range of a JSON pointer
 *   applyTextEdits(text, edits)    → text with a quick fix applied
 *   experimentValidator()          → the schema's ajv validator (generated standalone code, no compile)
 *
 * `ctx` (SpecContext) gives the spec's directory and file-existence checks; tests inject their own.
 */
export {
  parseSpecText,
  documentFromValue,
  rangeOfPointer,
  nodeAtPointer,
  applyTextEdits,
  toQuickFix,
  type SpecDocument,
  type FixSpec,
  type FixOp,
} from './parse';
export { validateSpecText, validateSpecFile, readSpecFile, type ValidationResult, type ValidateOptions } from './validate';

export { checkDocument } from './check';
export { schemaDiagnostics, experimentSchema } from './schema';
export { RULES, diskContext, type Rule, type RuleFinding, type SpecContext } from './rules';
export { expandSweep, type SweepExpansion, type SweepPoint, type DroppedPoint, type ExcludedPoint } from './sweep';
export { resolveSpec, specHash, canonicalJson } from './resolve';
export { estimateCost, unknownCost, formatBytes, formatCount, type CostEstimate, type ModelLocation } from './cost';

export type { ExperimentSpec } from '../generated/experiment';
