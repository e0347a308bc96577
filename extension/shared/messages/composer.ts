/**
 * Messages between the composer (custom editor for *.vla.json) and its webview.
 *
 * The extension owns the truth: the spec's JSON text. The webview never edits text; it asks for a
 * change at a JSON path and the extension turns that into a minimal WorkspaceEdit. After every
 * document change (from the composer, the text editor, undo/redo) the extension pushes a fresh
 * `state`. Every incoming message is validated by the parse* functions below before use.
 */
import { isNonEmptyString, isPlainObject } from './index';

export type JsonPathSegment = string | number;

/** One option of a choice field, with why it is unavailable when a rule forbids it. */
export interface ChoiceOption {
  value: string;
  /** Markdown-lite (`**bold**`, `` `code` ``) from the schema's markdownEnumDescriptions. */
  description?: string;
  disabled: boolean;
  /** The rule's message when `disabled`. */
  reason?: string;
}

/** A field with a fixed set of values (backbone id, head type, recipe, …). */
export interface ChoiceField {
  /** Dot path of the field, e.g. `policy.head.type` or `data.stages.0.datasets.1.type`. */
  path: string;
  current?: string;
  options: ChoiceOption[];
}

/** An on/off field (e.g. `action.knowledge_insulation`), disabled with the rule's reason when turning it over is forbidden. */
export interface ToggleField {
  /** Dot path of the boolean field. */
  path: string;
  current: boolean;
  /** Markdown-lite from the schema's markdownDescription. */
  description?: string;
  disabled: boolean;
  /** The rule's message when `disabled`. */
  reason?: string;
}

/** One cell of the formulation grid (formulation × action space, as in the RoboVLMs paper). */
export interface FormulationCell {
  formulation: string;
  actionSpace: string;
  selected: boolean;
  disabled: boolean;
  reason?: string;
}

export interface CostSummary {
  /** Human-readable, e.g. "1.4M parameters". */
  params: string;
  /** Human-readable, e.g. "0.3 GB GPU memory per GPU (training)" or "CPU". */
  memory: string;
  /** Anything the estimate could not account for. */
  note?: string;
}

export interface ProblemSummary {
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** JSON pointer of the value, e.g. `/policy/formulation`. */
  pointer: string;
}

export interface ComposerState {
  /** The parsed spec (comments dropped); null when the text is not a JSON object. */
  spec: Record<string, unknown> | null;
  /** Set when the text has JSON syntax errors: the composer is read-only until they are fixed. */
  syntaxError?: string;
  /** Keyed by ChoiceField.path. */
  choices: Record<string, ChoiceField>;
  /** Keyed by ToggleField.path; only the ones that apply to this spec (knowledge insulation: a flow or diffusion head). */
  toggles: Record<string, ToggleField>;
  formulationGrid: FormulationCell[];
  cost?: CostSummary;
  problems: ProblemSummary[];
}

// ---- extension → webview -----------------------------------------------------------------------

export type ComposerToWebview =
  | { type: 'state'; state: ComposerState }
  /** A requested change could not be applied (e.g. syntax errors); shown inline. */
  | { type: 'error'; message: string };

// ---- webview → extension -----------------------------------------------------------------------

export interface ComposerChange {
  path: JsonPathSegment[];
  /** Absent (undefined) removes the property or array item. */
  value?: unknown;
  /** Insert before the path's last (array index) segment instead of replacing. */
  insert?: boolean;
}

export type ComposerToExtension =
  /** The webview's script is listening; the extension sends nothing before this. */
  | { type: 'ready' }
  /** Apply these changes as one edit (one undo step). */
  | { type: 'change'; changes: ComposerChange[] }
  /** Pick a choice; the extension adds the companion changes the choice needs (see whatif). */
  | { type: 'choose'; path: string; value: string }
  /** Turn a boolean field on or off; the extension adds the companion changes (see whatif). */
  | { type: 'toggle'; path: string; value: boolean }
  /** Pick a formulation grid cell. */
  | { type: 'chooseFormulation'; formulation: string; actionSpace: string }
  /** Open the JSON text beside the composer. */
  | { type: 'showText' };

const MAX_PATH = 10;
const MAX_CHANGES = 16;
const MAX_VALUE_JSON = 64 * 1024;

function isJsonPath(v: unknown): v is JsonPathSegment[] {
  return (
    Array.isArray(v) &&
    v.length >= 1 &&
    v.length <= MAX_PATH &&
    v.every(
      (s) =>
        (typeof s === 'string' && s.length > 0 && s.length <= 200) || (Number.isInteger(s) && (s as number) >= 0 && (s as number) < 10000),
    )
  );
}

/** JSON data only (no functions, cycles, NaN), and not huge. */
function isJsonValue(v: unknown): boolean {
  if (v === undefined) return true;
  try {
    const text = JSON.stringify(v);
    if (text === undefined || text.length > MAX_VALUE_JSON) return false;
    return !/\bNaN\b|\bInfinity\b/.test(text) && JSON.stringify(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

function isDotPath(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 200 && /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z0-9_$]+)*$/.test(v);
}

/** Validates a message from the composer webview; undefined when it is malformed. */
export function parseComposerToExtension(msg: unknown): ComposerToExtension | undefined {
  if (!isPlainObject(msg)) return undefined;
  switch (msg.type) {
    case 'ready':
      return { type: 'ready' };
    case 'showText':
      return { type: 'showText' };
    case 'choose':
      return isDotPath(msg.path) && isNonEmptyString(msg.value, 200) ? { type: 'choose', path: msg.path, value: msg.value } : undefined;
    case 'toggle':
      return isDotPath(msg.path) && typeof msg.value === 'boolean' ? { type: 'toggle', path: msg.path, value: msg.value } : undefined;
    case 'chooseFormulation':
      return isNonEmptyString(msg.formulation, 200) && isNonEmptyString(msg.actionSpace, 200)
        ? { type: 'chooseFormulation', formulation: msg.formulation, actionSpace: msg.actionSpace }
        : undefined;
    case 'change': {
      const changes = msg.changes;
      if (!Array.isArray(changes) || changes.length === 0 || changes.length > MAX_CHANGES) return undefined;
      const out: ComposerChange[] = [];
      for (const c of changes) {
        if (!isPlainObject(c) || !isJsonPath(c.path) || !isJsonValue(c.value)) return undefined;
        if (c.insert !== undefined && typeof c.insert !== 'boolean') return undefined;
        if (c.insert && typeof c.path[c.path.length - 1] !== 'number') return undefined;
        out.push({ path: c.path, value: c.value, ...(c.insert ? { insert: true } : {}) });
      }
      return { type: 'change', changes: out };
    }
    default:
      return undefined;
  }
}

/** Validates a message from the extension (the webview checks too: defence in depth). */
export function parseComposerToWebview(msg: unknown): ComposerToWebview | undefined {
  if (!isPlainObject(msg)) return undefined;
  if (msg.type === 'error' && typeof msg.message === 'string') return { type: 'error', message: msg.message };
  if (msg.type === 'state' && isPlainObject(msg.state)) {
    const s = msg.state;
    if (!(s.spec === null || isPlainObject(s.spec))) return undefined;
    if (!isPlainObject(s.choices) || !isPlainObject(s.toggles) || !Array.isArray(s.formulationGrid) || !Array.isArray(s.problems))
      return undefined;
    return { type: 'state', state: s as unknown as ComposerState };
  }
  return undefined;
}
