/**
 * Parsing `*.vla.json` with exact offsets. jsonc-parser builds the syntax tree (and recovers from
 * errors, so an editor still gets diagnostics for the rest of the file); values are rebuilt from
 * the tree so that every diagnostic can point back at the text. Parsing never throws.
 *
 * `*.vla.json` is plain JSON (Python's json.load reads the resolved spec): comments and trailing
 * commas are reported as `json/parse` errors with a fix that removes them, exactly the way VS
 * Code's json mode flags them, but the tree is still built so schema checks can run.
 */
import {
  createScanner,
  modify,
  parseTree,
  printParseErrorCode,
  type FormattingOptions,
  type JSONPath,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import { computeLineStarts, makeRange, type Diagnostic, type QuickFix, type Range, type Severity, type TextEdit } from '../diagnostics';
import { parsePointer, setOwn, toPointer, type Segment } from './pointer';

export interface SpecDocument {
  text: string;
  /** The syntax tree; undefined when the text holds no value at all. */
  root: Node | undefined;
  /** The JSON value (undefined when there is none). Duplicate keys: the last value wins. */
  value: unknown;
  lineStarts: number[];
  /** `json/parse` and `json/duplicate-key` findings. */
  diagnostics: Diagnostic[];
  /** True when a syntax error (other than a comment or trailing comma) makes the tree unreliable. */
  broken: boolean;
}

const PARSE_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character (JSON strings use double quotes; keys must be quoted)',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between items",
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the array",
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string (missing closing double quote)',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape character in a string',
  InvalidCharacter: 'invalid character in a string (control characters must be escaped)',
};

/**
 * How deeply a spec may nest objects and arrays. The deepest real spec field is about 8 levels
 * down; the parser, the schema check and the rules all recurse, so a file nested thousands deep
 * (crafted, or generated wrong) is refused here with one diagnostic instead of overflowing the stack.
 */
const MAX_NESTING = 64;

/** The offset of the first '{' or '[' past MAX_NESTING levels, or -1 (a scan: no recursion). */
function tooDeepAt(text: string): number {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind: number = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      if (++depth > MAX_NESTING) return scanner.getTokenOffset();
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) depth = Math.max(0, depth - 1);
  }
  return -1;
}

export function parseSpecText(text: string): SpecDocument {
  const lineStarts = computeLineStarts(text);
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    const doc: SpecDocument = { text, root: undefined, value: undefined, lineStarts, diagnostics: [], broken: true };
    doc.diagnostics.push(
      diagnosticAt(
        doc,
        'json/parse',
        'error',
        `Invalid spec: objects and arrays nest more than ${MAX_NESTING} levels deep here; a spec needs fewer than 10 (is this the right file?).`,
        '',
        deep,
        1,
      ),
    );
    return doc;
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: false });
  const doc: SpecDocument = { text, root, value: undefined, lineStarts, diagnostics: [], broken: errors.length > 0 };
  const reported = new Set<string>();
  for (const e of errors) {
    const code = printParseErrorCode(e.error);
    if (reported.has(`${code}@${e.offset}`)) continue; // nested objects closing at the same place
    reported.add(`${code}@${e.offset}`);
    const what =
      text.trim() === '' ? 'the file is empty: a spec is a JSON object such as {"name": "my-experiment"}' : (PARSE_MESSAGES[code] ?? code);
    const length = Math.min(Math.max(e.length, e.offset < text.length ? 1 : 0), text.length - e.offset);
    doc.diagnostics.push(diagnosticAt(doc, 'json/parse', 'error', `Invalid JSON: ${what}.`, '', e.offset, length));
  }
  reportCommentsAndTrailingCommas(doc);
  if (root) doc.value = nodeToValue(doc, root, []);
  doc.diagnostics.sort((a, b) => a.range.offset - b.range.offset);
  return doc;
}

/** A document for a value that has no text of its own (a sweep point): its pretty-printed JSON. */
export function documentFromValue(value: unknown): SpecDocument {
  return parseSpecText(JSON.stringify(value, null, 2) ?? 'null');
}

// jsonc-parser's SyntaxKind is a const enum (not importable with isolatedModules): its values.
const SyntaxKind = {
  OpenBraceToken: 1,
  CloseBraceToken: 2,
  OpenBracketToken: 3,
  CloseBracketToken: 4,
  CommaToken: 5,
  LineCommentTrivia: 12,
  BlockCommentTrivia: 13,
  LineBreakTrivia: 14,
  Trivia: 15,
  EOF: 17,
} as const;

function reportCommentsAndTrailingCommas(doc: SpecDocument): void {
  const scanner = createScanner(doc.text, false);
  let lastComma = -1;
  for (let kind: number = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
      const d = diagnosticAt(
        doc,
        'json/parse',
        'error',
        'Comments are not allowed: *.vla.json is plain JSON (put notes in "description").',
        '',
        offset,
        length,
      );
      d.fixes = [{ title: 'Remove the comment', edits: [{ offset, length, newText: '' }], preferred: true }];
      doc.diagnostics.push(d);
      continue;
    }
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia) continue;
    if ((kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) && lastComma >= 0) {
      const d = diagnosticAt(
        doc,
        'json/parse',
        'error',
        'Trailing comma: JSON does not allow a comma before a closing bracket; remove it.',
        '',
        lastComma,
        1,
      );
      d.fixes = [{ title: 'Remove the trailing comma', edits: [{ offset: lastComma, length: 1, newText: '' }], preferred: true }];
      doc.diagnostics.push(d);
    }
    lastComma = kind === SyntaxKind.CommaToken ? offset : -1;
  }
}

function nodeToValue(doc: SpecDocument, node: Node, path: Segment[]): unknown {
  switch (node.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue; // an incomplete property in broken text
        const key = String(k.value);
        if (seen.has(key)) {
          doc.diagnostics.push(
            diagnosticAt(
              doc,
              'json/duplicate-key',
              'warning',
              `Duplicate key "${key}": only the last one counts; remove the other.`,
              toPointer([...path, key]),
              k.offset,
              k.length,
            ),
          );
        }
        seen.add(key);
        setOwn(o, key, nodeToValue(doc, v, [...path, key]));
      }
      return o;
    }
    case 'array':
      return (node.children ?? []).map((c, i) => nodeToValue(doc, c, [...path, i]));
    case 'null':
      return null;
    default:
      return node.value;
  }
}

function diagnosticAt(
  doc: SpecDocument,
  code: string,
  severity: Severity,
  message: string,
  pointer: string,
  offset: number,
  length: number,
): Diagnostic {
  return { code, severity, message, pointer, range: makeRange(doc.lineStarts, offset, length) };
}

/** The node at a JSON pointer, walking object keys and array indices; undefined when absent. */
export function nodeAtPointer(root: Node | undefined, pointer: string): Node | undefined {
  let node = root;
  for (const seg of parsePointer(pointer)) {
    if (!node) return undefined;
    if (node.type === 'object') {
      let found: Node | undefined;
      for (const prop of node.children ?? []) {
        // Last duplicate wins, as in the value.
        if (prop.children?.[0]?.value === seg && prop.children[1]) found = prop.children[1];
      }
      node = found;
    } else if (node.type === 'array' && /^\d+$/.test(seg)) {
      node = node.children?.[Number(seg)];
    } else {
      return undefined;
    }
  }
  return node;
}

export type RangeTarget = 'value' | 'key' | 'auto' | 'node';

/**
 * The text range for a pointer. `key` → the property name (falls back to the value), `value` → the
 * value (its first character for objects and arrays), `node` → the whole value, as VS Code's JSON
 * mode squiggles schema errors, `auto` → the key for objects and arrays (highlighting a whole block
 * is noise), the value for scalars. When the pointer does not exist, the nearest existing
 * ancestor's key is used.
 */
export function rangeOfPointer(doc: SpecDocument, pointer: string, target: RangeTarget = 'auto'): Range {
  let segs = parsePointer(pointer);
  let node = nodeAtPointer(doc.root, pointer);
  let exact = true;
  while (!node && segs.length > 0) {
    segs = segs.slice(0, -1);
    node = nodeAtPointer(doc.root, toPointer(segs));
    exact = false;
  }
  if (!node) return makeRange(doc.lineStarts, 0, Math.min(1, doc.text.length));
  const keyNode = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  const block = node.type === 'object' || node.type === 'array';
  const useKey = keyNode && (target === 'key' || (target === 'auto' && (block || !exact)));
  if (useKey) return makeRange(doc.lineStarts, keyNode.offset, keyNode.length);
  if (block && target !== 'node') return makeRange(doc.lineStarts, node.offset, 1);
  return makeRange(doc.lineStarts, node.offset, node.length);
}

// ---- Quick fixes: abstract operations turned into text edits ----

export type FixOp =
  | { op: 'set'; pointer: string; value: unknown }
  | { op: 'remove'; pointer: string }
  | { op: 'rename'; pointer: string; newKey: string };

export interface FixSpec {
  title: string;
  ops: FixOp[];
  preferred?: boolean;
}

function formattingOf(text: string): FormattingOptions {
  const m = /\n([ \t]+)\S/.exec(text);
  const indent = m?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 4 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

/** Pointer → jsonc-parser path, with numbers where the document has arrays. */
function jsonPathOf(root: Node | undefined, pointer: string): JSONPath {
  const out: JSONPath = [];
  let node = root;
  for (const seg of parsePointer(pointer)) {
    const isIndex = node?.type === 'array' || (!node && /^\d+$/.test(seg));
    out.push(isIndex ? Number(seg) : seg);
    node = node ? nodeAtPointer(node, '/' + seg.replace(/~/g, '~0').replace(/\//g, '~1')) : undefined;
  }
  return out;
}

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  return out;
}

/**
 * Applies the fix's operations one after another to the text and returns them as one edit
 * (the changed span), so multi-step fixes never produce overlapping edits. Undefined when an
 * operation cannot apply (e.g. a scalar in the way).
 */
export function toQuickFix(doc: SpecDocument, fix: FixSpec): QuickFix | undefined {
  if (doc.broken) return undefined;
  const options = formattingOf(doc.text);
  let text = doc.text;
  for (const op of fix.ops) {
    const root = parseTree(text, [], { allowTrailingComma: true });
    if (op.op === 'rename') {
      const node = nodeAtPointer(root, op.pointer);
      const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      if (!key) return undefined;
      text = text.slice(0, key.offset) + JSON.stringify(op.newKey) + text.slice(key.offset + key.length);
      continue;
    }
    const path = jsonPathOf(root, op.pointer);
    if (path.length === 0) return undefined;
    try {
      const edits = modify(text, path, op.op === 'set' ? op.value : undefined, { formattingOptions: options });
      text = applyTextEdits(
        text,
        edits.map((e) => ({ offset: e.offset, length: e.length, newText: e.content })),
      );
    } catch {
      return undefined; // jsonc-parser refuses paths through scalars
    }
  }
  if (text === doc.text) return undefined;
  let start = 0;
  while (start < text.length && start < doc.text.length && text[start] === doc.text[start]) start++;
  let endOld = doc.text.length;
  let endNew = text.length;
  while (endOld > start && endNew > start && text[endNew - 1] === doc.text[endOld - 1]) {
    endOld--;
    endNew--;
  }
  return {
    title: fix.title,
    edits: [{ offset: start, length: endOld - start, newText: text.slice(start, endNew) }],
    preferred: fix.preferred,
  };
}
