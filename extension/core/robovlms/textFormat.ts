/**
 * The text of a RoboVLMs config, not only its values: `import` records how the file was written
 * (number and string literals as written — `1.0`, `2e-5` — whitespace that differs from the house
 * style, the final newline) and `compile` writes it back, so that compiling an imported config gives
 * the same bytes and a user's diff is empty.
 *
 * The house style (formatJson) and the recorded deviations share one printer: every piece of
 * whitespace is a named slot of a JSON pointer, the printer asks for each slot and falls back to
 * the house style. A value the user has since edited drops its literal (the literal no longer
 * reads as the value); a key added later gets the house style; a removed key takes its slots along.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { deepEqual, isObject, toPointer, type Json } from './json';

/**
 * Where whitespace sits, per JSON pointer: `before` a key or array item, between a key and its
 * `colon`, between the colon and the `value`, `after` a value (before its comma or the closing
 * bracket), inside an `empty` object or array; around the whole document: `lead` and `end` (the
 * final newline) of the root pointer "".
 */
export type Slot = 'before' | 'colon' | 'value' | 'after' | 'empty' | 'lead' | 'end';
const SLOTS: readonly Slot[] = ['before', 'colon', 'value', 'after', 'empty', 'lead', 'end'];

/** How a config file deviates from the house style (kept in `robovlms.overrides.__layout__.format`). */
export interface TextFormat {
  /** One indentation step, when not four spaces. */
  indent?: string;
  /** The line break, when not "\n". */
  newline?: string;
  /** Pointer → the literal as written, for numbers and strings JSON.stringify spells otherwise. */
  literals?: Record<string, string>;
  /** Slot → pointer → whitespace, where it differs from the house style. */
  whitespace?: Partial<Record<Slot, Record<string, string>>>;
}

interface PrintOptions {
  indent: string;
  newline: string;
  /** The text of a scalar at `ptr` (default JSON.stringify). */
  literal?: (ptr: string, v: Json) => string | undefined;
  /** The whitespace of a slot (default: the house style's `dflt`). */
  ws?: (slot: Slot, ptr: string, dflt: string) => string;
}

/**
 * The one printer: RoboVLMs' files' style by default (4-space indent, arrays of scalars on one
 * line, objects and arrays of objects expanded), every whitespace slot and literal overridable.
 */
function print(value: Json, o: PrintOptions, withEnds: boolean): string {
  const ws = o.ws ?? ((_s: Slot, _p: string, d: string) => d);
  const out = (v: Json, pad: string, path: string[]): string => {
    const ptr = toPointer(path);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[' + ws('empty', ptr, '') + ']';
      const inline = v.every((x) => x === null || typeof x !== 'object');
      const items = v.map((x, i) => {
        const p = [...path, String(i)];
        const last = i === v.length - 1;
        const before = inline ? (i ? ' ' : '') : o.newline + pad + o.indent;
        const after = inline || !last ? '' : o.newline + pad;
        return ws('before', toPointer(p), before) + out(x, pad + o.indent, p) + ws('after', toPointer(p), after);
      });
      return '[' + items.join(',') + ']';
    }
    if (isObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0) return '{' + ws('empty', ptr, '') + '}';
      const members = keys.map((k, i) => {
        const p = [...path, k];
        const at = toPointer(p);
        const after = i === keys.length - 1 ? o.newline + pad : '';
        return (
          ws('before', at, o.newline + pad + o.indent) +
          JSON.stringify(k) +
          ws('colon', at, '') +
          ':' +
          ws('value', at, ' ') +
          out(v[k], pad + o.indent, p) +
          ws('after', at, after)
        );
      });
      return '{' + members.join(',') + '}';
    }
    return o.literal?.(ptr, v) ?? JSON.stringify(v);
  };
  const body = out(value, '', []);
  return withEnds ? ws('lead', '', '') + body + ws('end', '', o.newline) : body;
}

/** A config in the house style (no final newline). */
export function formatJson(value: Json, indent = '    '): string {
  return print(value, { indent, newline: '\n' }, false);
}

const WHITESPACE = /^[ \t\r\n]*$/;

/** A literal that still reads as `v` (a hand-edited or stale one does not, and is not used). */
function literalFits(literal: string, v: Json): boolean {
  if (typeof v !== 'number' && typeof v !== 'string') return false;
  try {
    return deepEqual(JSON.parse(literal), v);
  } catch {
    return false;
  }
}

/**
 * The file text of a config: the house style with `format`'s deviations, and a final newline
 * unless the format says otherwise. Deviations that are not whitespace, and literals that do not
 * read as the value now at their pointer, are ignored, so the result is always the config's JSON.
 */
export function formatConfigText(value: Json, format: TextFormat = {}): string {
  const indent = typeof format.indent === 'string' && WHITESPACE.test(format.indent) ? format.indent : '    ';
  const newline = format.newline === '\r\n' ? '\r\n' : '\n';
  const literals = isObject(format.literals) ? format.literals : {};
  const spaces = isObject(format.whitespace) ? format.whitespace : {};
  return print(
    value,
    {
      indent,
      newline,
      literal: (ptr, v) => {
        const l = Object.prototype.hasOwnProperty.call(literals, ptr) ? literals[ptr] : undefined;
        return typeof l === 'string' && literalFits(l, v) ? l : undefined;
      },
      ws: (slot, ptr, dflt) => {
        const bySlot = spaces[slot];
        const w = isObject(bySlot) && Object.prototype.hasOwnProperty.call(bySlot, ptr) ? bySlot[ptr] : undefined;
        return typeof w === 'string' && WHITESPACE.test(w) ? w : dflt;
      },
    },
    true,
  );
}

/**
 * How `text` (a config file that parses) deviates from the house style, or undefined when it does
 * not. Comments are not JSON to RoboVLMs, so a text with any is not captured.
 */
export function captureTextFormat(text: string, value: Json): TextFormat | undefined {
  const root = parseTree(text, [], { disallowComments: true });
  if (!root) return undefined;
  const found: Record<Slot, Map<string, string>> = Object.fromEntries(SLOTS.map((s) => [s, new Map()])) as Record<
    Slot,
    Map<string, string>
  >;
  const literals: Record<string, string> = {};
  const gap = (from: number, to: number) => text.slice(from, to);
  const walk = (node: Node, path: string[]): void => {
    const ptr = toPointer(path);
    if (node.type === 'object' || node.type === 'array') {
      const items = (node.children ?? []).map((c, i) =>
        node.type === 'object'
          ? { key: c.children?.[0], value: c.children?.[1], prop: c, path: [...path, String(c.children?.[0]?.value)] }
          : { key: undefined, value: c, prop: c, path: [...path, String(i)] },
      );
      const close = node.offset + node.length - 1;
      if (items.length === 0) {
        found.empty.set(ptr, gap(node.offset + 1, close));
        return;
      }
      let prevEnd = node.offset + 1;
      items.forEach((it, i) => {
        if (!it.value) return;
        const at = toPointer(it.path);
        const start = it.key ? it.key.offset : it.value.offset;
        // Between the previous value and this item: its `after`, the comma, this one's `before`.
        const between = gap(prevEnd, start);
        if (i === 0) found.before.set(at, between);
        else {
          const comma = between.indexOf(',');
          found.after.set(toPointer(items[i - 1].path), between.slice(0, comma));
          found.before.set(at, between.slice(comma + 1));
        }
        if (it.key && it.prop.colonOffset !== undefined) {
          found.colon.set(at, gap(it.key.offset + it.key.length, it.prop.colonOffset));
          found.value.set(at, gap(it.prop.colonOffset + 1, it.value.offset));
        }
        walk(it.value, it.path);
        prevEnd = it.value.offset + it.value.length;
      });
      found.after.set(toPointer(items[items.length - 1].path), gap(prevEnd, close));
      return;
    }
    const written = gap(node.offset, node.offset + node.length);
    if ((node.type === 'number' || node.type === 'string') && written !== JSON.stringify(node.value)) literals[ptr] = written;
  };
  walk(root, []);
  found.lead.set('', gap(0, root.offset));
  found.end.set('', gap(root.offset + root.length, text.length));

  const format: TextFormat = {};
  const firstBreak = /\r?\n/.exec(text);
  if (firstBreak?.[0] === '\r\n') format.newline = '\r\n';
  const firstIndent = /^(?:\r?\n)+([ \t]+)$/.exec(found.before.values().next().value ?? '');
  if (firstIndent && firstIndent[1] !== '    ') format.indent = firstIndent[1];
  // Keep what the house style (with that indent and newline) would not write by itself.
  const whitespace: NonNullable<TextFormat['whitespace']> = {};
  print(
    value,
    {
      indent: format.indent ?? '    ',
      newline: format.newline ?? '\n',
      ws: (slot, p, dflt) => {
        const w = found[slot].get(p);
        if (w !== undefined && w !== dflt) (whitespace[slot] ??= {})[p] = w;
        return dflt;
      },
    },
    true,
  );
  if (Object.keys(whitespace).length) format.whitespace = whitespace;
  if (Object.keys(literals).length) format.literals = literals;
  return Object.keys(format).length ? format : undefined;
}
