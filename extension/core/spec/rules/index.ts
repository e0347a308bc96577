/** Every semantic rule, and running them on a document. */
import type { Diagnostic } from '../../diagnostics';
import { rangeOfPointer, toQuickFix, type SpecDocument } from '../parse';
import { isPlainObject } from '../pointer';
import { resolveSpec } from '../resolve';
import { actionRules } from './actions';
import { backendRules } from './backend';
import { dataRules } from './data';
import { conventionRules } from './conventions';
import { dataFeatureRules } from './data-features';
import { SpecView, type Rule, type SpecContext } from './engine';
import { formulationRules } from './formulation';
import { headRules } from './heads';
import { pathRules } from './paths';
import { resourceRules } from './resources';
import { sweepRules } from './sweep';

export const RULES: readonly Rule[] = [
  ...formulationRules,
  ...headRules,
  ...actionRules,
  ...backendRules,
  ...pathRules,
  ...resourceRules,
  ...dataRules,
  ...dataFeatureRules,
  ...conventionRules,
  ...sweepRules,
];

/** Runs every rule (or `rules`) on the document's value. A rule that throws is a bug: reported as `spec/internal`. */
export function ruleDiagnostics(doc: SpecDocument, ctx: SpecContext, rules: readonly Rule[] = RULES): Diagnostic[] {
  if (doc.broken || !isPlainObject(doc.value)) return [];
  const view = new SpecView(doc.value, resolveSpec(doc.value));
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    let findings;
    try {
      findings = rule.check(view, ctx);
    } catch (e) {
      out.push({
        code: 'spec/internal',
        severity: 'info',
        message: `Rule ${rule.code} failed (${(e as Error)?.message}); please report this.`,
        pointer: '',
        range: rangeOfPointer(doc, ''),
      });
      continue;
    }
    for (const f of findings) {
      const fixes = (f.fixes ?? []).map((fx) => toQuickFix(doc, fx)).filter((q) => q !== undefined);
      out.push({
        code: rule.code,
        severity: f.severity ?? rule.severity,
        message: f.message,
        pointer: f.pointer,
        range: rangeOfPointer(doc, f.pointer, f.target),
        ...(fixes.length ? { fixes } : {}),
      });
    }
  }
  return out;
}

export { diskContext, type Rule, type RuleFinding, type SpecContext } from './engine';
