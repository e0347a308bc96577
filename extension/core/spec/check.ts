/** Schema + rules on one parsed document (no sweep expansion: see validate.ts). */
import type { Diagnostic } from '../diagnostics';
import type { SpecDocument } from './parse';
import { ruleDiagnostics, type SpecContext } from './rules';
import { schemaDiagnostics } from './schema';

export function checkDocument(doc: SpecDocument, ctx: SpecContext): Diagnostic[] {
  const all = [...doc.diagnostics, ...schemaDiagnostics(doc), ...ruleDiagnostics(doc, ctx)];
  return all.sort((a, b) => a.range.offset - b.range.offset || severityRank(a) - severityRank(b));
}

const RANK = { error: 0, warning: 1, info: 2 } as const;
const severityRank = (d: Diagnostic): number => RANK[d.severity];

export function countBySeverity(diags: readonly Diagnostic[]): { errors: number; warnings: number; infos: number } {
  let errors = 0,
    warnings = 0,
    infos = 0;
  for (const d of diags) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}
