/**
 * What the composer shows, computed from the spec text: the choice fields with their options
 * (descriptions from the schema), which options the rules forbid and why ("what would happen if I
 * picked X": apply the candidate change to a copy of the spec and run the rules), the
 * formulation grid, the cost estimate and the problems.
 *
 * Pure: no `vscode` import. The rules and the cost estimate are passed in (SpecChecker) so this
 * module is tested against the real spec core without the editor.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import schema from '../../../schemas/experiment.schema.json';
import { describeLocalModel, modelPathValue, type LocalModel } from '../../core/models/local';
import { GENERATIVE_HEADS } from '../../core/spec/backbones';
import type {
  ChoiceField,
  ChoiceOption,
  ComposerChange,
  ComposerState,
  CostSummary,
  FormulationCell,
  JsonPathSegment,
  ProblemSummary,
  ToggleField,
} from '../../shared/messages/composer';

/** The slice of a Diagnostic the composer needs. */
export interface RuleFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  pointer: string;
}

export interface SpecChecker {
  /** Schema and semantic-rule findings for a parsed spec object. */
  check(spec: Record<string, unknown>): RuleFinding[];
  /** Parameter count and memory estimate; undefined when the spec is too incomplete. */
  cost?(spec: Record<string, unknown>): CostSummary | undefined;
  /** Vision-language models on this machine (models folder, Hugging Face cache): extra backbone choices. */
  localModels?(): readonly LocalModel[];
}

/** The backbone.id that loads a local model: the hub id of a cached one, else its directory. */
function localModelId(m: LocalModel): string {
  return `hf:${m.source === 'hf-cache' ? m.name : modelPathValue(m.dir)}`;
}

const FORMULATIONS = ['one-step', 'interleaved', 'policy-head'] as const;
const ACTION_SPACES = ['continuous', 'discrete'] as const;

/** Defaults the composer writes along with a choice that needs them. */
const DEFAULT_DISCRETIZATION = { bins: 256, min: -1, max: 1 };
const CROSS_EMBODIMENT_STAGE = {
  name: 'pretrain',
  datasets: [{ type: 'playtable', embodiment: 'camera-shift', episodes: 64 }],
  steps: 1000,
};

// ---- the schema as a catalogue of choices ------------------------------------------------------

type SchemaNode = Record<string, unknown>;

function deref(node: SchemaNode): SchemaNode {
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
    const defs = (schema as unknown as { definitions: Record<string, SchemaNode> }).definitions;
    return deref(defs[ref.slice('#/definitions/'.length)]);
  }
  return node;
}

/** The schema node describing the value at `path` (numeric segments step into `items`). */
function schemaNodeAt(path: readonly JsonPathSegment[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = deref(schema as unknown as SchemaNode);
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === 'number') {
      node = node.items ? deref(node.items as SchemaNode) : undefined;
    } else {
      const props = node.properties as Record<string, SchemaNode> | undefined;
      node = props?.[seg] ? deref(props[seg]) : undefined;
    }
  }
  return node;
}

/** The enum values of a field and their markdown descriptions (through anyOf, as for backbone.id). */
export function enumAt(path: readonly JsonPathSegment[]): { values: string[]; descriptions: (string | undefined)[] } | undefined {
  const node = schemaNodeAt(path);
  if (!node) return undefined;
  const candidates = [node, ...((node.anyOf as SchemaNode[] | undefined) ?? [])];
  for (const c of candidates) {
    if (Array.isArray(c.enum)) {
      const descs = (c.markdownEnumDescriptions ?? c.enumDescriptions) as string[] | undefined;
      return { values: c.enum as string[], descriptions: (c.enum as unknown[]).map((_, i) => descs?.[i]) };
    }
  }
  return undefined;
}

// ---- paths and plain-object edits --------------------------------------------------------------

function splitDotPath(path: string): JsonPathSegment[] {
  return path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function getAt(spec: unknown, path: readonly JsonPathSegment[]): unknown {
  let v: unknown = spec;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** Applies changes to a deep copy, with the same meaning as jsonc-parser's `modify`. */
export function applyChanges<T>(spec: T, changes: readonly ComposerChange[]): T {
  const copy = structuredClone(spec) as unknown;
  for (const { path, value, insert } of changes) {
    let parent = copy as Record<string | number, unknown>;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i];
      if (parent[seg] === null || typeof parent[seg] !== 'object') {
        if (value === undefined) break;
        parent[seg] = typeof path[i + 1] === 'number' ? [] : {};
      }
      parent = parent[seg] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1];
    if (Array.isArray(parent) && typeof last === 'number') {
      if (value === undefined) parent.splice(last, 1);
      else if (insert) parent.splice(last, 0, structuredClone(value));
      else parent[last] = structuredClone(value);
    } else if (parent && typeof parent === 'object') {
      if (value === undefined) delete parent[last];
      else parent[last] = structuredClone(value);
    }
  }
  return copy as T;
}

// ---- choices and their companion changes -------------------------------------------------------

/**
 * The changes that picking `value` for the field at `path` makes: the value itself plus what the
 * choice needs to be complete (discrete actions need binning; post-training needs a first,
 * cross-embodiment stage).
 */
export function changesForChoice(spec: Record<string, unknown>, path: string, value: string): ComposerChange[] {
  const segs = splitDotPath(path);
  const changes: ComposerChange[] = [{ path: segs, value }];
  const fast = getAt(spec, ['action', 'tokenizer']) === 'fast';
  if (path === 'policy.action_space' && value === 'discrete' && !fast && getAt(spec, ['policy', 'discretization']) === undefined) {
    changes.push({ path: ['policy', 'discretization'], value: DEFAULT_DISCRETIZATION });
  }
  // FAST tokens replace the bins (rules/actions.ts: spec/fast-discretization-unused); bins need them back
  if (path === 'action.tokenizer' && value === 'fast' && getAt(spec, ['policy', 'discretization']) !== undefined) {
    changes.push({ path: ['policy', 'discretization'] });
  }
  if (
    path === 'action.tokenizer' &&
    value === 'bins' &&
    getAt(spec, ['policy', 'action_space']) === 'discrete' &&
    getAt(spec, ['policy', 'discretization']) === undefined
  ) {
    changes.push({ path: ['policy', 'discretization'], value: DEFAULT_DISCRETIZATION });
  }
  if (path === 'data.recipe' && value === 'post-train') {
    const stages = getAt(spec, ['data', 'stages']);
    if (!Array.isArray(stages)) changes.push({ path: ['data', 'stages'], value: [CROSS_EMBODIMENT_STAGE] });
    else if (stages.length < 2) changes.push({ path: ['data', 'stages', 0], value: CROSS_EMBODIMENT_STAGE, insert: true });
  }
  // an hf: id names its model itself; a backbone.path left from another backbone would win over it
  if (path === 'backbone.id' && value.startsWith('hf:') && getAt(spec, ['backbone', 'path']) !== undefined) {
    changes.push({ path: ['backbone', 'path'] });
  }
  return changes;
}

/**
 * The changes that turning the boolean field at `path` on or off makes. Off removes the field (its
 * default is off) and the settings only it reads: knowledge insulation's token weight, and its FAST
 * settings unless discrete FAST tokens use them.
 */
export function changesForToggle(spec: Record<string, unknown>, path: string, value: boolean): ComposerChange[] {
  const segs = splitDotPath(path);
  if (value) return [{ path: segs, value: true }];
  const changes: ComposerChange[] = [{ path: segs }];
  if (path === 'action.knowledge_insulation') {
    if (getAt(spec, ['action', 'token_weight']) !== undefined) changes.push({ path: ['action', 'token_weight'] });
    const fastTokens = getAt(spec, ['policy', 'action_space']) === 'discrete' && getAt(spec, ['action', 'tokenizer']) === 'fast';
    if (!fastTokens && getAt(spec, ['action', 'fast']) !== undefined) changes.push({ path: ['action', 'fast'] });
  }
  return changes;
}

export function changesForFormulation(spec: Record<string, unknown>, formulation: string, actionSpace: string): ComposerChange[] {
  return [{ path: ['policy', 'formulation'], value: formulation }, ...changesForChoice(spec, 'policy.action_space', actionSpace)];
}

/** The choice fields the composer shows for this spec (array entries included). */
function choicePaths(spec: Record<string, unknown>): string[] {
  const paths = [
    'backend',
    'backbone.id',
    'backbone.size',
    'policy.formulation',
    'policy.action_space',
    'policy.head.type',
    'policy.head.pooling',
    'data.recipe',
    'action.arm_loss',
    'action.tokenizer',
    'train.optimizer',
    'train.schedule',
    'train.precision',
    'resources.launcher',
  ];
  const stages = getAt(spec, ['data', 'stages']);
  if (Array.isArray(stages)) {
    stages.forEach((stage, i) => {
      const datasets = getAt(stage, ['datasets']);
      if (Array.isArray(datasets)) {
        datasets.forEach((_, j) => paths.push(`data.stages.${i}.datasets.${j}.type`, `data.stages.${i}.datasets.${j}.embodiment`));
      }
    });
  }
  const evals = spec.eval;
  if (Array.isArray(evals)) evals.forEach((_, i) => paths.push(`eval.${i}.benchmark`));
  return paths;
}

/** The on/off fields the composer shows: knowledge insulation with a flow or diffusion head (π0.5's expert),
 *  or wherever it is on (so it can be turned off). */
function togglePaths(spec: Record<string, unknown>): string[] {
  const head = getAt(spec, ['policy', 'head', 'type']) ?? schemaNodeAt(['policy', 'head', 'type'])?.default;
  const expert = typeof head === 'string' && GENERATIVE_HEADS.includes(head);
  return expert || getAt(spec, ['action', 'knowledge_insulation']) === true ? ['action.knowledge_insulation'] : [];
}

/**
 * Whether a finding stops a choice. Only errors do, and not the ones that say a value is still
 * missing (the user fills it in next): those are to-dos, not conflicts.
 */
function isBlocking(f: RuleFinding): boolean {
  return f.severity === 'error' && !/required|missing/i.test(f.code);
}

const findingKey = (f: RuleFinding) => `${f.code}\u0000${f.pointer}`;

/** Why `changes` would make the spec worse: the first blocking finding they introduce. */
export function whyNot(
  spec: Record<string, unknown>,
  changes: readonly ComposerChange[],
  checker: SpecChecker,
  baseline?: RuleFinding[],
): string | undefined {
  const before = new Set((baseline ?? checker.check(spec)).filter(isBlocking).map(findingKey));
  const after = checker.check(applyChanges(spec, changes));
  return after.find((f) => isBlocking(f) && !before.has(findingKey(f)))?.message;
}

function choiceField(spec: Record<string, unknown>, path: string, checker: SpecChecker, baseline: RuleFinding[]): ChoiceField | undefined {
  const segs = splitDotPath(path);
  const catalogue = enumAt(segs);
  if (!catalogue) return undefined;
  // An absent field shows its schema default as selected (that is what the trainer will use).
  const currentRaw = getAt(spec, segs) ?? schemaNodeAt(segs)?.default;
  const current = typeof currentRaw === 'string' ? currentRaw : undefined;
  const options: ChoiceOption[] = catalogue.values.map((value, i) => {
    const reason = value === current ? undefined : whyNot(spec, changesForChoice(spec, path, value), checker, baseline);
    return { value, description: catalogue.descriptions[i], disabled: reason !== undefined, ...(reason ? { reason } : {}) };
  });
  if (path === 'backbone.id') {
    for (const m of checker.localModels?.() ?? []) {
      const value = localModelId(m);
      const reason =
        m.formulations.length === 0
          ? `${m.modelType} is not a model type the built-in trainer's hf: backbone loads.`
          : value === current
            ? undefined
            : whyNot(spec, changesForChoice(spec, path, value), checker, baseline);
      options.push({
        value,
        description: `**Local model** ${describeLocalModel(m)}`,
        disabled: reason !== undefined,
        ...(reason ? { reason } : {}),
      });
    }
  }
  return { path, ...(current !== undefined ? { current } : {}), options };
}

function toggleField(spec: Record<string, unknown>, path: string, checker: SpecChecker, baseline: RuleFinding[]): ToggleField {
  const segs = splitDotPath(path);
  const node = schemaNodeAt(segs);
  // An absent field is its schema default (what the trainer will use).
  const current = (getAt(spec, segs) ?? node?.default) === true;
  const reason = whyNot(spec, changesForToggle(spec, path, !current), checker, baseline);
  const description = typeof node?.markdownDescription === 'string' ? node.markdownDescription : undefined;
  return { path, current, ...(description ? { description } : {}), disabled: reason !== undefined, ...(reason ? { reason } : {}) };
}

function formulationGrid(spec: Record<string, unknown>, checker: SpecChecker, baseline: RuleFinding[]): FormulationCell[] {
  const formulation = (getAt(spec, ['policy', 'formulation']) as string | undefined) ?? 'policy-head';
  const actionSpace = (getAt(spec, ['policy', 'action_space']) as string | undefined) ?? 'continuous';
  const cells: FormulationCell[] = [];
  for (const f of FORMULATIONS) {
    for (const a of ACTION_SPACES) {
      const selected = f === formulation && a === actionSpace;
      const reason = selected ? undefined : whyNot(spec, changesForFormulation(spec, f, a), checker, baseline);
      cells.push({ formulation: f, actionSpace: a, selected, disabled: reason !== undefined, ...(reason ? { reason } : {}) });
    }
  }
  return cells;
}

function describeSyntaxError(text: string, e: ParseError): string {
  const line = text.slice(0, e.offset).split('\n').length;
  return `JSON syntax error (${printParseErrorCode(e.error)}) on line ${line}: fix it in the text editor to use the composer.`;
}

/** Everything the webview renders, from the document text. */
export function composerState(text: string, checker: SpecChecker): ComposerState {
  const errors: ParseError[] = [];
  const parsed: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const empty: ComposerState = { spec: null, choices: {}, toggles: {}, formulationGrid: [], problems: [] };
  if (errors.length > 0) return { ...empty, syntaxError: describeSyntaxError(text, errors[0]) };
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ...empty, syntaxError: 'The spec must be a JSON object: fix it in the text editor to use the composer.' };
  }
  const spec = parsed as Record<string, unknown>;
  const baseline = checker.check(spec);
  const choices: Record<string, ChoiceField> = {};
  for (const path of choicePaths(spec)) {
    const field = choiceField(spec, path, checker, baseline);
    if (field) choices[path] = field;
  }
  const toggles: Record<string, ToggleField> = {};
  for (const path of togglePaths(spec)) toggles[path] = toggleField(spec, path, checker, baseline);
  let cost: CostSummary | undefined;
  try {
    cost = checker.cost?.(spec);
  } catch {
    cost = undefined; // an incomplete spec has no estimate yet; the problems list says why
  }
  const problems: ProblemSummary[] = baseline.map(({ severity, message, pointer }) => ({ severity, message, pointer }));
  return { spec, choices, toggles, formulationGrid: formulationGrid(spec, checker, baseline), ...(cost ? { cost } : {}), problems };
}
