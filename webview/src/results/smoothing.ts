/**
 * Smoothing in the webview: the slider redraws the curves at once, with no message to the
 * extension. The extension sends each curve's raw points once (downsampled with LTTB, then only
 * increments); here TensorBoard's debiased EMA runs over the points the panel holds — the same
 * implementation as the core's (extension/core/metrics/smoothing.ts, a pure module bundled into
 * the webview), and, as in TensorBoard, over the displayed (sampled) points.
 *
 * Results are cached per curve until its points change (`Series.version`) or the weight moves, so
 * a redraw of a chart whose curves did not change costs nothing.
 */
import { smooth } from '../../../extension/core/metrics/smoothing';
import type { Series } from './state';

const cache = new WeakMap<Series, { version: number; weight: number; values: (number | null)[] }>();

/** The smoothed values of `s` (same length; gaps stay null) for a weight in [0, 1). */
export function smoothedY(s: Series, weight: number): (number | null)[] {
  const hit = cache.get(s);
  if (hit && hit.version === s.version && hit.weight === weight) return hit.values;
  const values = smooth(s.y, weight);
  cache.set(s, { version: s.version, weight, values });
  return values;
}
