/**
 * JSON as RoboVLMs reads it (Python's json.load), with positions for diagnostics.
 *
 * jsonc-parser gives the syntax tree with exact offsets; values are rebuilt from the tree here
 * (not with jsonc-parser's `parse`) so that they behave like Python dicts: a duplicate key keeps
 * its first position and takes the last value, and a key named `__proto__` is an ordinary key.
 */
import { parseTree, findNodeAtLocation, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { computeLineStarts, makeRange, type Range } from '../diagnostics';
import { cloneJson, deepEqual, isPlainObject, parsePointer, setOwn, toPointer } from '../spec/pointer';

// The spec core's JSON helpers, under the names used here: `setOwn` defines a property even when it
// is called `__proto__` (an existing key keeps its first position); pointers are RFC 6901.
export { deepEqual, parsePointer as fromPointer, setOwn, toPointer };

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export interface ParsedJson {
  text: string;
  /** undefined when the text has no value at all. */
  root: Node | undefined;
  value: Json | undefined;
  /** Syntax errors, including comments and trailing commas (Python's json.load refuses both). */
  errors: { message: string; offset: number; length: number }[];
  lineStarts: number[];
}

export function isObject(v: unknown): v is JsonObject {
  return isPlainObject(v);
}

function nodeToValue(node: Node): Json {
  switch (node.type) {
    case 'object': {
      const o: JsonObject = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue; // incomplete property in broken text
        setOwn(o, String(k.value), nodeToValue(v));
      }
      return o;
    }
    case 'array':
      return (node.children ?? []).map(nodeToValue);
    case 'null':
      return null;
    default:
      return node.value as Json;
  }
}

export function parseJson(text: string): ParsedJson {
  const errs: ParseError[] = [];
  const root = parseTree(text, errs, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const errors = errs.map((e) => ({ message: describeParseError(printParseErrorCode(e.error)), offset: e.offset, length: e.length }));
  return { text, root, value: root ? nodeToValue(root) : undefined, errors, lineStarts: computeLineStarts(text) };
}

function describeParseError(code: string): string {
  switch (code) {
    case 'InvalidCommentToken':
      return "comments are not allowed (RoboVLMs reads the file with Python's json.load): remove the comment";
    case 'PropertyNameExpected':
      return "property name expected (a trailing comma? Python's json.load refuses them)";
    case 'ValueExpected':
      return "value expected (a trailing comma? Python's json.load refuses them)";
    case 'CommaExpected':
      return 'comma expected';
    case 'ColonExpected':
      return 'colon expected';
    case 'CloseBraceExpected':
      return 'closing brace expected';
    case 'CloseBracketExpected':
      return 'closing bracket expected';
    case 'EndOfFileExpected':
      return 'end of file expected (only one JSON value per file)';
    default:
      return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  }
}

/** The node of a value, or (with `key`) the node of its property name, or the closest existing ancestor. */
function nodeAt(root: Node | undefined, path: (string | number)[], key = false): Node | undefined {
  if (!root) return undefined;
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n));
    if (node) {
      if (key && n === path.length && node.parent?.type === 'property') return node.parent.children?.[0] ?? node;
      return node;
    }
  }
  return root;
}

/** Range of the value at `path` (or of its key with `key`), falling back to the closest ancestor. */
export function rangeAt(doc: ParsedJson, path: (string | number)[], key = false): Range {
  const node = nodeAt(doc.root, path, key);
  if (!node) return makeRange(doc.lineStarts, 0, 0);
  return makeRange(doc.lineStarts, node.offset, node.length);
}

/** Deep equality that also requires the same key order in every object (what a diff of the files shows). */
export function orderedEqual(a: unknown, b: unknown): boolean {
  if (!deepEqual(a, b)) return false;
  if (Array.isArray(a)) return a.every((x, i) => orderedEqual(x, (b as unknown[])[i]));
  if (isObject(a)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b as object);
    return ka.every((k, i) => k === kb[i] && orderedEqual(a[k], (b as JsonObject)[k]));
  }
  return true;
}

export function clone<T extends Json | undefined>(v: T): T {
  return cloneJson(v);
}
