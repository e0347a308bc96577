/**
 * How the dataset viewer and `vla-lab data` print a statistic: at most 4 significant digits,
 * scientific when tiny or huge. Pure (imports nothing): the dataset webview bundles it too.
 */
export function fmt(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-3 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}
