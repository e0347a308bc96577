/**
 * How the dataset viewer and `vla-lab data` print a statistic (at most 4 significant digits,
 * scientific when tiny or huge) and the conventions inferred from the data. Pure (imports types
 * only): the dataset webview bundles it too.
 */
import type { InferredConvention } from '../../shared/messages/dataset';

export function fmt(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

/**
 * The conventions line (the viewer's under its facts line, `vla-lab data`'s): per field what the data says against the declared
 * value — `✓` where they agree, `✗ declared …` where they contradict (a training run stops there),
 * `(declared …, consistent)` where the data narrows it only (euler or axis-angle; the gripper's values
 * without which one closes), `unknown (declared …, not checked)` where the data does not tell (the frame).
 * Each part's evidence goes in its tooltip; each contradiction becomes a warning ending with the
 * trainer's fix.
 */
export function conventionView(ic: InferredConvention): {
  head: string;
  parts: { text: string; evidence: string; contradicts: boolean }[];
  warnings: string[];
} {
  if (ic.error) return { head: `Conventions: ${ic.error}.`, parts: [], warnings: [] };
  const parts = ic.fields.map((f) => ({
    text: f.contradicts
      ? `${f.field} ${f.inferred} ✗ declared ${f.declared}`
      : f.inferred === f.declared
        ? `${f.field} ${f.inferred} ✓`
        : f.confidence === null
          ? `${f.field} ${f.inferred} (declared ${f.declared}, not checked)`
          : `${f.field} ${f.inferred} (declared ${f.declared}, consistent)`,
    evidence: f.evidence,
    contradicts: f.contradicts,
  }));
  const warnings = ic.fields
    .filter((f) => f.contradicts)
    .map(
      (f) =>
        `The data contradicts the declared ${f.field} (${ic.against}): declared ${f.declared}, the data's is ${f.inferred} (${f.evidence}); a training run stops here — ${f.fix ?? ''}.`,
    );
  return { head: `Conventions from the data (${ic.episodes} episodes, ${ic.frames} steps) against ${ic.against}:`, parts, warnings };
}
