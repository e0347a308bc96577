/**
 * Turns composer changes ("set policy.formulation to interleaved") into one minimal text edit on
 * the spec's JSON text. jsonc-parser's `modify` touches only the value that changes, so comments,
 * key order and formatting elsewhere survive; we then collapse the result into a single
 * replacement of the differing span, which VS Code records as one undo step.
 *
 * Pure: no `vscode` import, unit-tested in test/unit/composer-edits.test.ts.
 */
import {
  applyEdits,
  createScanner,
  findNodeAtLocation,
  modify,
  parseTree,
  type Edit,
  type FormattingOptions,
  type JSONPath,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import type { TextEdit } from '../../core/diagnostics';

/** One change the composer asks for. `value: undefined` removes the property or array item. */
export interface SpecChange {
  path: JSONPath;
  value?: unknown;
  /** Insert `value` before `path`'s last (numeric) segment instead of replacing that item. */
  insert?: boolean;
}

export interface PlannedEdit {
  /** Empty when the changes leave the text as it is. */
  edits: TextEdit[];
  newText: string;
}

/** Indentation and line ending of the document, so inserted JSON looks like its neighbours. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  let insertSpaces = true;
  let tabSize = 2;
  for (const line of text.split(/\r?\n/)) {
    const indent = /^([ \t]+)\S/.exec(line)?.[1];
    if (!indent) continue;
    if (indent.startsWith('\t')) {
      insertSpaces = false;
      tabSize = 1;
    } else {
      tabSize = Math.min(indent.length, 8);
    }
    break;
  }
  return { insertSpaces, tabSize, eol };
}

/** Syntax errors that make a structural edit unsafe (the composer asks to fix the text first). */
function syntaxErrors(text: string): ParseError[] {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors;
}

/**
 * Applies `changes` in order to `text` and returns the single edit that turns `text` into the
 * result. Throws if the text has syntax errors (modify could corrupt it).
 */
export function planEdit(text: string, changes: readonly SpecChange[]): PlannedEdit {
  if (text.trim() !== '' && syntaxErrors(text).length > 0) {
    throw new Error('The spec has JSON syntax errors: fix them in the text editor, then use the composer again.');
  }
  const formattingOptions = detectFormatting(text);
  let next = text;
  for (const change of changes) {
    const source = next.trim() === '' ? '{}' : next;
    const edits =
      (change.value === undefined ? removalKeepingComments(source, change.path) : undefined) ??
      modify(source, change.path, change.value, {
        formattingOptions: needsFormatting(source, change) ? formattingOptions : undefined,
        isArrayInsertion: change.insert === true,
      });
    next = applyEdits(source, edits);
  }
  return { edits: diffAsSingleEdit(text, next), newText: next };
}

/** The smallest single replacement turning `before` into `after` (common prefix/suffix trimmed). */
export function diffAsSingleEdit(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  // Never split a surrogate pair: back up to its first half.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  if (endBefore < before.length && isLowSurrogate(before.charCodeAt(endBefore)) && endBefore > start) {
    endBefore++;
    endAfter++;
  }
  return [{ offset: start, length: endBefore - start, newText: after.slice(start, endAfter) }];
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** jsonc-parser's SyntaxKind values (a const enum, which isolatedModules cannot import). */
const SyntaxKind = { CommaToken: 5, LineCommentTrivia: 12, BlockCommentTrivia: 13, LineBreakTrivia: 14, Trivia: 15, EOF: 17 } as const;

/**
 * jsonc-parser re-formats every line an edit touches; that is what makes new members indented
 * like their neighbours, but it would also rewrite a compact one-line object or a value's own
 * spacing. So format only when adding to (or putting a structure into) a multi-line container.
 */
function needsFormatting(text: string, change: SpecChange): boolean {
  const root = parseTree(text);
  if (!root || change.value === undefined) return false;
  let depth = change.path.length;
  const target = findNodeAtLocation(root, change.path);
  const isStructure = typeof change.value === 'object' && change.value !== null;
  if (target && !change.insert && !isStructure) return false; // a scalar replaced in place
  // The deepest existing container the new text goes into.
  let container: Node | undefined;
  while (depth > 0 && !container) {
    depth--;
    const node = depth === 0 ? root : findNodeAtLocation(root, change.path.slice(0, depth));
    if (node && (node.type === 'object' || node.type === 'array')) container = node;
  }
  return container !== undefined && text.slice(container.offset, container.offset + container.length).includes('\n');
}

/**
 * Removes a property or array item that sits on lines of its own by deleting exactly those lines
 * (and, for the last member, only the comma before it). jsonc-parser's `modify` deletes from the
 * previous member's value, which also swallows a comment trailing the previous member. Returns
 * undefined when the member shares a line with something else; `modify` handles that case.
 */
function removalKeepingComments(text: string, path: JSONPath): Edit[] | undefined {
  const root = parseTree(text);
  if (!root) return undefined;
  const target = findNodeAtLocation(root, path);
  if (!target?.parent) return undefined;
  const member: Node = target.parent.type === 'property' ? target.parent : target; // property node or array item
  const container = member.parent;
  if (!container?.children) return undefined;
  const index = container.children.indexOf(member);
  const isLast = index === container.children.length - 1;

  const lineStart = text.lastIndexOf('\n', member.offset - 1) + 1;
  if (text.slice(lineStart, member.offset).trim() !== '') return undefined;

  // What follows the member on its line: an optional comma, then nothing or a line comment.
  const scanner = createScanner(text, false);
  scanner.setPosition(member.offset + member.length);
  let kind = scanner.scan();
  while (kind === SyntaxKind.Trivia || kind === SyntaxKind.BlockCommentTrivia) kind = scanner.scan();
  if (kind === SyntaxKind.CommaToken) {
    if (isLast) return undefined;
    kind = scanner.scan();
    while (kind === SyntaxKind.Trivia) kind = scanner.scan();
  } else if (!isLast) {
    return undefined;
  }
  if (kind === SyntaxKind.LineCommentTrivia) kind = scanner.scan();
  if (kind !== SyntaxKind.LineBreakTrivia && kind !== SyntaxKind.EOF) return undefined;
  const lineEnd = scanner.getTokenOffset() + scanner.getTokenLength();

  const edits: Edit[] = [{ offset: lineStart, length: lineEnd - lineStart, content: '' }];
  if (isLast && index > 0) {
    // Drop the comma after the previous member (the token right after its value).
    const prev = container.children[index - 1];
    scanner.setPosition(prev.offset + prev.length);
    let k = scanner.scan();
    while (
      k === SyntaxKind.Trivia ||
      k === SyntaxKind.BlockCommentTrivia ||
      k === SyntaxKind.LineCommentTrivia ||
      k === SyntaxKind.LineBreakTrivia
    )
      k = scanner.scan();
    if (k !== SyntaxKind.CommaToken) return undefined;
    edits.unshift({ offset: scanner.getTokenOffset(), length: 1, content: '' });
  }
  return edits;
}
