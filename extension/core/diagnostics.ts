/**
 * The one shape every checker (schema validation, semantic rules, RoboVLMs lint) reports in.
 * The CLI prints it as file:line:col, the extension turns it into a vscode.Diagnostic and its
 * fixes into code actions — neither needs to know which checker produced it.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Position {
  /** 1-based line, as editors and `file:line:col` show it. */
  line: number;
  /** 1-based column (UTF-16 code units). */
  column: number;
}

export interface Range {
  /** 0-based UTF-16 offset into the document text. */
  offset: number;
  length: number;
  start: Position;
  end: Position;
}

/** A text edit on the document: replace [offset, offset+length) with newText. */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants (VS Code's isPreferred). */
  preferred?: boolean;
}

export interface Diagnostic {
  /** Stable code, e.g. `schema/required`, `spec/interleaved-needs-decoder`, `robovlms/ignored-grad-clip`. */
  code: string;
  severity: Severity;
  /** One line: what is wrong and what to do. */
  message: string;
  /** JSON pointer (RFC 6901) of the offending value, e.g. `/policy/formulation`. */
  pointer: string;
  range: Range;
  fixes?: QuickFix[];
}

/** Converts a 0-based offset to a 1-based line/column. `lineStarts` from computeLineStarts. */
function positionAt(lineStarts: number[], offset: number): Position {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

export function makeRange(lineStarts: number[], offset: number, length: number): Range {
  return { offset, length, start: positionAt(lineStarts, offset), end: positionAt(lineStarts, offset + length) };
}

/** `file:line:col: severity code: message`, the format of `vla-lab validate`. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line}:${d.range.start.column}: ${d.severity} ${d.code}: ${d.message}`;
}
